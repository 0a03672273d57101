package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// userScreen lets a supervisor add users, reset a password and disable a
// user who left. Users are never deleted.
type userScreen struct {
	app      *App
	users    []forms.User
	list     *widget.List
	selected int

	addBtn, resetBtn, disableBtn *widget.Button
}

func newUserScreen(u *App) *userScreen {
	s := &userScreen{app: u, selected: -1}
	s.list = widget.NewList(
		func() int { return len(s.users) },
		func() fyne.CanvasObject {
			return widget.NewLabel("姓名姓名姓名  窗口客服  已停用  须改密码")
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			x := s.users[i]
			text := fmt.Sprintf("%s  %s", x.Name, T(x.Role.Label()))
			if x.Disabled {
				text += T("  已停用")
			}
			if x.MustChange {
				text += T("  待改密码")
			}
			o.(*widget.Label).SetText(text)
		})
	s.list.OnSelected = func(i widget.ListItemID) { s.selected = i; s.update() }
	s.addBtn = widget.NewButton(T("添加用户"), s.onAdd)
	s.resetBtn = widget.NewButton(T("重设密码"), s.onReset)
	s.disableBtn = widget.NewButton(T("停用"), s.onToggle)
	s.update()
	s.refresh()
	return s
}

func (s *userScreen) content() fyne.CanvasObject {
	return container.NewBorder(container.NewHBox(s.addBtn, s.resetBtn, s.disableBtn), nil, nil, nil, s.list)
}

func (s *userScreen) current() *forms.User {
	if s.selected < 0 || s.selected >= len(s.users) {
		return nil
	}
	return &s.users[s.selected]
}

func (s *userScreen) update() {
	x := s.current()
	if x == nil {
		s.resetBtn.Disable()
		s.disableBtn.Disable()
		return
	}
	s.resetBtn.Enable()
	s.disableBtn.Enable()
	if x.Disabled {
		s.disableBtn.SetText(T("恢复启用"))
	} else {
		s.disableBtn.SetText(T("停用"))
	}
}

func (s *userScreen) refresh() {
	var list []forms.User
	s.app.async(func(ctx context.Context) error {
		var err error
		list, err = s.app.store.Users(ctx)
		return err
	}, func() {
		s.users = list
		s.selected = -1
		s.list.UnselectAll()
		s.list.Refresh()
		s.update()
	})
}

func (s *userScreen) onAdd() {
	name := widget.NewEntry()
	role := widget.NewRadioGroup([]string{T("窗口客服"), T("主管")}, nil)
	role.SetSelected(T("窗口客服"))
	pw := widget.NewPasswordEntry()
	pw.SetPlaceHolder(T("临时密码，首次登录时须修改"))
	dialog.ShowForm(T("添加用户"), T("添加"), T("取消"), []*widget.FormItem{
		widget.NewFormItem(T("姓名"), name),
		widget.NewFormItem(T("角色"), role),
		widget.NewFormItem(T("临时密码"), pw),
	}, func(ok bool) {
		if !ok {
			return
		}
		r := forms.RoleClerk
		if role.Selected == T("主管") {
			r = forms.RoleSupervisor
		}
		n, p := name.Text, pw.Text
		s.app.async(func(ctx context.Context) error {
			_, err := s.app.store.AddUser(ctx, s.app.actor(), n, r, p)
			return err
		}, func() {
			s.app.home.setStatus(Tf("已添加用户 %s", n))
			s.refresh()
		})
	}, s.app.win)
}

func (s *userScreen) onReset() {
	x := s.current()
	if x == nil {
		return
	}
	id, name := x.ID, x.Name
	pw := widget.NewPasswordEntry()
	dialog.ShowForm(Tf("重设 %s 的密码", name), T("重设"), T("取消"), []*widget.FormItem{
		widget.NewFormItem(T("临时密码"), pw),
	}, func(ok bool) {
		if !ok {
			return
		}
		p := pw.Text
		s.app.async(func(ctx context.Context) error {
			return s.app.store.ResetPassword(ctx, s.app.actor(), id, p)
		}, func() {
			s.app.home.setStatus(Tf("已重设 %s 的密码，对方下次登录时须设置新密码", name))
			s.refresh()
		})
	}, s.app.win)
}

func (s *userScreen) onToggle() {
	x := s.current()
	if x == nil {
		return
	}
	id, name, disable := x.ID, x.Name, !x.Disabled
	s.app.async(func(ctx context.Context) error {
		return s.app.store.SetUserDisabled(ctx, s.app.actor(), id, disable)
	}, func() {
		if disable {
			s.app.home.setStatus(Tf("已停用 %s；其经办记录保留其姓名", name))
		} else {
			s.app.home.setStatus(Tf("已恢复启用 %s", name))
		}
		s.refresh()
	})
}
