package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// loginScreen asks for a user's name and password.
type loginScreen struct {
	app      *App
	name     *widget.Entry
	password *widget.Entry
	submit   *widget.Button
	message  *widget.Label
}

func newLoginScreen(u *App) *loginScreen {
	s := &loginScreen{app: u}
	s.name = widget.NewEntry()
	s.password = widget.NewPasswordEntry()
	s.password.OnSubmitted = func(string) { s.onLogin() }
	s.name.OnSubmitted = func(string) { u.win.Canvas().Focus(s.password) }
	s.message = widget.NewLabel("")
	s.message.Importance = widget.DangerImportance
	s.message.Wrapping = fyne.TextWrapBreak
	s.submit = widget.NewButton(T("登录"), s.onLogin)
	s.submit.Importance = widget.HighImportance
	return s
}

func (s *loginScreen) content() fyne.CanvasObject {
	st := s.app.station
	title := heading(Tf("%s · 窗口 %s", st.BranchName, st.Code()))
	form := widget.NewForm(
		widget.NewFormItem(T("姓名"), s.name),
		widget.NewFormItem(T("密码"), s.password),
	)
	recover := widget.NewButton(T("用恢复码重设主管密码"), s.onRecover)
	recover.Importance = widget.LowImportance
	box := container.NewVBox(title, form, s.message, s.submit, recover)
	return container.NewCenter(container.NewGridWrap(fyne.NewSize(460, 300), box))
}

func (s *loginScreen) onLogin() {
	s.message.SetText("")
	name, pw := s.name.Text, s.password.Text
	var user *forms.User
	s.app.async(func(ctx context.Context) error {
		var err error
		user, err = s.app.store.Login(ctx, name, pw)
		return err
	}, func() {
		s.app.user = user
		if user.MustChange {
			s.askNewPassword(pw)
			return
		}
		s.app.showHome()
	})
}

// askNewPassword makes a user whose password was reset choose their own.
func (s *loginScreen) askNewPassword(old string) {
	pw1, pw2 := widget.NewPasswordEntry(), widget.NewPasswordEntry()
	items := []*widget.FormItem{
		widget.NewFormItem(T("新密码"), pw1),
		widget.NewFormItem(T("再次输入"), pw2),
	}
	dialog.ShowForm(T("主管已重设您的密码，请设置新密码"), T("保存"), T("取消"), items, func(ok bool) {
		if !ok {
			s.app.user = nil
			return
		}
		if pw1.Text != pw2.Text {
			s.message.SetText(T("两次输入的密码不一致，请重新登录后再设置"))
			s.app.user = nil
			return
		}
		u := s.app.user
		s.app.async(func(ctx context.Context) error {
			return s.app.store.ChangePassword(ctx, u.ID, old, pw1.Text)
		}, func() {
			u.MustChange = false
			s.app.showHome()
		})
	}, s.app.win)
}

// onRecover resets a supervisor's password with the branch's one-time
// recovery code.
func (s *loginScreen) onRecover() {
	code, name := widget.NewEntry(), widget.NewEntry()
	pw1, pw2 := widget.NewPasswordEntry(), widget.NewPasswordEntry()
	items := []*widget.FormItem{
		widget.NewFormItem(T("恢复码"), code),
		widget.NewFormItem(T("主管姓名"), name),
		widget.NewFormItem(T("新密码"), pw1),
		widget.NewFormItem(T("再次输入"), pw2),
	}
	d := dialog.NewForm(T("用恢复码重设主管密码"), T("重设"), T("取消"), items, func(ok bool) {
		if !ok {
			return
		}
		if pw1.Text != pw2.Text {
			s.message.SetText(T("两次输入的密码不一致"))
			return
		}
		s.app.async(func(ctx context.Context) error {
			return s.app.store.RecoverSupervisor(ctx, code.Text, name.Text, pw1.Text)
		}, func() {
			s.message.SetText(T("主管密码已重设，请用新密码登录。恢复码已失效。"))
		})
	}, s.app.win)
	d.Resize(fyne.NewSize(460, 300))
	d.Show()
}
