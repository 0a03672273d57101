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

// userStore is what the user screen needs from the station's database.
type userStore interface {
	Users(ctx context.Context) ([]forms.User, error)
	AddUser(ctx context.Context, a forms.Actor, name string, role forms.Role, password string) (*forms.User, error)
	ResetPassword(ctx context.Context, a forms.Actor, userID, tempPassword string) error
	SetUserDisabled(ctx context.Context, a forms.Actor, userID string, disabled bool) error
	UnlockUser(ctx context.Context, a forms.Actor, userID string) error
}

// userScreen lets a supervisor add users, reset a password, disable a
// user who left and unlock a user locked out by wrong passwords (the list
// says 已锁定（至 HH:MM）). Users are never deleted.
type userScreen struct {
	app      *App
	st       userStore
	users    []forms.User
	list     *widget.List
	selected int

	addBtn, resetBtn, disableBtn, unlockBtn *widget.Button
	// why says beside the buttons why 停用 is not possible (the last active
	// supervisor), so nobody asks the store for what it must refuse.
	why *widget.Label
	// add and reset are the dialogs on show, for tests.
	add   *addUserForm
	reset *resetForm
}

func newUserScreen(u *App) *userScreen {
	s := &userScreen{app: u, st: u.store, selected: -1}
	s.list = widget.NewList(
		func() int { return len(s.users) },
		func() fyne.CanvasObject {
			return widget.NewLabel("姓名姓名姓名  窗口客服  已停用  须改密码  已锁定（至 23:59）")
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
			if !x.LockedUntil.IsZero() {
				text += "  " + Tf("已锁定（至 %s）", x.LockedUntil.Format("15:04"))
			}
			o.(*widget.Label).SetText(text)
		})
	s.list.OnSelected = func(i widget.ListItemID) { s.selected = i; s.update() }
	s.addBtn = widget.NewButton(T("添加用户"), s.onAdd)
	s.resetBtn = widget.NewButton(T("重设密码"), s.onReset)
	s.disableBtn = widget.NewButton(T("停用"), s.onToggle)
	s.unlockBtn = widget.NewButton(T("解锁"), s.onUnlock)
	s.why = widget.NewLabel("")
	s.why.Importance = widget.WarningImportance
	s.why.Truncation = fyne.TextTruncateEllipsis
	s.update()
	s.refresh()
	return s
}

func (s *userScreen) content() fyne.CanvasObject {
	return container.NewBorder(container.NewBorder(nil, nil, container.NewHBox(s.addBtn, s.resetBtn, s.disableBtn, s.unlockBtn), nil, s.why), nil, nil, nil, s.list)
}

func (s *userScreen) current() *forms.User {
	if s.selected < 0 || s.selected >= len(s.users) {
		return nil
	}
	return &s.users[s.selected]
}

// update enables what can be done with the selected user; 停用 of the
// last active supervisor is disabled with the reason beside it; 解锁 only
// for a locked user.
func (s *userScreen) update() {
	x := s.current()
	s.why.SetText("")
	if x == nil || x.LockedUntil.IsZero() {
		s.unlockBtn.Disable()
	} else {
		s.unlockBtn.Enable()
	}
	if x == nil {
		s.resetBtn.Disable()
		s.disableBtn.Disable()
		return
	}
	s.resetBtn.Enable()
	s.disableBtn.Enable()
	if x.Disabled {
		s.disableBtn.SetText(T("恢复启用"))
		return
	}
	s.disableBtn.SetText(T("停用"))
	if x.IsSupervisor() {
		active := 0
		for i := range s.users {
			if s.users[i].IsSupervisor() {
				active++
			}
		}
		if active == 1 {
			s.disableBtn.Disable()
			s.why.SetText(Tf("“%s”是最后一位在用的主管，不能停用；请先添加另一位主管", x.Name))
		}
	}
}

func (s *userScreen) refresh() {
	var list []forms.User
	s.app.async(func(ctx context.Context) error {
		var err error
		list, err = s.st.Users(ctx)
		return err
	}, func() {
		s.users = list
		s.selected = -1
		s.list.UnselectAll()
		s.list.Refresh()
		s.update()
	})
}

// addUserForm is the 添加用户 dialog; a refusal keeps it open with what
// was typed.
type addUserForm struct {
	name, password *widget.Entry
	role           *widget.RadioGroup
	message        *wrappedText
	add            *widget.Button
	dialog         dialog.Dialog
}

func (s *userScreen) onAdd() {
	f := &addUserForm{name: widget.NewEntry(), password: widget.NewPasswordEntry(), message: newWrappedText("")}
	acceptCodePoints(f.name)
	f.role = widget.NewRadioGroup([]string{T("窗口客服"), T("主管")}, nil)
	f.role.Horizontal = true
	f.role.SetSelected(T("窗口客服"))
	f.name.SetPlaceHolder(T("登录用的姓名，也印在文书上"))
	f.password.SetPlaceHolder(T("临时密码，首次登录时须修改"))
	f.message.Importance = widget.DangerImportance
	form := widget.NewForm(
		widget.NewFormItem(T("姓名"), f.name),
		widget.NewFormItem(T("角色"), f.role),
		widget.NewFormItem(T("临时密码"), f.password),
	)
	f.add = widget.NewButton(T("添加"), func() {
		f.message.SetText("")
		r := forms.RoleClerk
		if f.role.Selected == T("主管") {
			r = forms.RoleSupervisor
		}
		n, p := forms.DecodeCodePoints(f.name.Text), f.password.Text
		name, err := forms.ValidateUserName(n)
		if err == nil {
			err = forms.ValidatePassword(name, p)
		}
		if err != nil {
			f.message.SetText(forms.ErrorMessage(err))
			return
		}
		a := s.app.actor()
		s.app.runInDialog(f.add, f.message, f.dialog, func(ctx context.Context) error {
			_, err := s.st.AddUser(ctx, a, n, r, p)
			return err
		}, func() {
			s.app.home.setStatus(Tf("已添加用户 %s，首次登录时须设置自己的密码", name))
			s.refresh()
		})
	})
	f.add.Importance = widget.HighImportance
	cancel := widget.NewButton(T("取消"), func() { f.dialog.Hide() })
	f.dialog = dialog.NewCustomWithoutButtons(T("添加用户"), container.NewVBox(form, f.message, container.NewHBox(f.add, cancel)), s.app.win)
	f.dialog.Resize(fyne.NewSize(520, 300))
	s.add = f
	f.dialog.Show()
	s.app.win.Canvas().Focus(f.name)
}

// resetForm is the 重设密码 dialog; a refusal keeps it open.
type resetForm struct {
	password *widget.Entry
	message  *wrappedText
	reset    *widget.Button
	dialog   dialog.Dialog
}

func (s *userScreen) onReset() {
	x := s.current()
	if x == nil {
		return
	}
	id, name := x.ID, x.Name
	f := &resetForm{password: widget.NewPasswordEntry(), message: newWrappedText("")}
	f.password.SetPlaceHolder(T("临时密码，对方登录时须修改"))
	f.message.Importance = widget.DangerImportance
	f.reset = widget.NewButton(T("重设"), func() {
		f.message.SetText("")
		p := f.password.Text
		if err := forms.ValidatePassword(name, p); err != nil {
			f.message.SetText(forms.ErrorMessage(err))
			return
		}
		a := s.app.actor()
		s.app.runInDialog(f.reset, f.message, f.dialog, func(ctx context.Context) error {
			return s.st.ResetPassword(ctx, a, id, p)
		}, func() {
			s.app.home.setStatus(Tf("已重设 %s 的密码，对方下次登录时须设置新密码", name))
			s.refresh()
		})
	})
	f.reset.Importance = widget.HighImportance
	cancel := widget.NewButton(T("取消"), func() { f.dialog.Hide() })
	form := widget.NewForm(widget.NewFormItem(T("临时密码"), f.password))
	f.dialog = dialog.NewCustomWithoutButtons(Tf("重设 %s 的密码", name), container.NewVBox(form, f.message, container.NewHBox(f.reset, cancel)), s.app.win)
	f.dialog.Resize(fyne.NewSize(500, 220))
	s.reset = f
	f.dialog.Show()
	s.app.win.Canvas().Focus(f.password)
}

func (s *userScreen) onToggle() {
	x := s.current()
	if x == nil {
		return
	}
	id, name, disable := x.ID, x.Name, !x.Disabled
	a := s.app.actor()
	s.app.async(func(ctx context.Context) error {
		return s.st.SetUserDisabled(ctx, a, id, disable)
	}, func() {
		if disable {
			s.app.home.setStatus(Tf("已停用 %s；其经办记录保留其姓名", name))
		} else {
			s.app.home.setStatus(Tf("已恢复启用 %s", name))
		}
		s.refresh()
	})
}

// onUnlock ends the selected user's lock-out before its time; the store
// records the unlock under the supervisor's name.
func (s *userScreen) onUnlock() {
	x := s.current()
	if x == nil || x.LockedUntil.IsZero() {
		return
	}
	id, name := x.ID, x.Name
	a := s.app.actor()
	s.app.async(func(ctx context.Context) error {
		return s.st.UnlockUser(ctx, a, id)
	}, func() {
		s.app.home.setStatus(Tf("已解锁 %s，现在可以登录", name))
		s.refresh()
	})
}
