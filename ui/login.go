package ui

import (
	"context"
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// loginStore is what the log-in screen needs from the station's database.
type loginStore interface {
	Login(ctx context.Context, name, password string) (*forms.User, error)
	ChangePassword(ctx context.Context, userID, oldPassword, newPassword string) error
	RecoverSupervisor(ctx context.Context, code, name, newPassword string) error
}

// loginScreen asks for a user's name and password.
type loginScreen struct {
	app      *App
	st       loginStore
	name     *widget.Entry
	password *widget.Entry
	submit   *widget.Button
	message  *wrappedText
	// training says 【练习模式】 in the danger colour on a training station
	// (`counterdesk demo`), as the home header does, so nobody logs in to
	// it taking it for the real counter; nil on a real station.
	training *widget.Label
	// change is the screen on which a user with a temporary password
	// chooses their own; nil until needed.
	change *passwordChange
}

func newLoginScreen(u *App) *loginScreen {
	s := &loginScreen{app: u, st: u.store}
	s.name = widget.NewEntry()
	s.password = widget.NewPasswordEntry()
	s.password.OnSubmitted = func(string) { s.onLogin() }
	s.name.OnSubmitted = func(string) { u.win.Canvas().Focus(s.password) }
	acceptCodePoints(s.name) // a user named with a rare character logs in as created
	s.message = newWrappedText("")
	s.message.Importance = widget.DangerImportance
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
	height := float32(300)
	s.training = nil
	if st.Training {
		s.training = widget.NewLabelWithStyle(T("【练习模式】"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		s.training.Importance = widget.DangerImportance
		box.Objects = append([]fyne.CanvasObject{s.training}, box.Objects...)
		height += s.training.MinSize().Height
	}
	return container.NewCenter(container.NewGridWrap(fyne.NewSize(460, height), box))
}

func (s *loginScreen) onLogin() {
	s.message.SetText("")
	name, pw := forms.DecodeCodePoints(s.name.Text), s.password.Text
	var user *forms.User
	s.app.async(func(ctx context.Context) error {
		var err error
		user, err = s.st.Login(ctx, name, pw)
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

// passwordChange is the screen on which a user logging in with a
// temporary password (a new account, or one a supervisor reset) chooses
// their own. A refused password keeps the screen, with the message.
type passwordChange struct {
	title    *widget.RichText
	note     *widget.Label
	pw1, pw2 *widget.Entry
	message  *wrappedText
	save     *widget.Button
	back     *widget.Button
}

// passwordChangeTitle says why a user must choose a password: their first
// log-in with the password the supervisor gave, or a reset.
func passwordChangeTitle(u *forms.User) string {
	if u.PasswordReset {
		return T("主管已重设您的密码，请设置新密码")
	}
	return T("首次登录，请设置您自己的密码")
}

// askNewPassword shows the password change screen for the user who just
// logged in with the temporary password old.
func (s *loginScreen) askNewPassword(old string) {
	u := s.app.user
	c := &passwordChange{
		title:   heading(passwordChangeTitle(u)),
		note:    widget.NewLabel(Tf("%s，您好。临时密码只用这一次：请设置只有您自己知道的密码（至少8位，须同时包含数字和字母），以后用它登录。", u.Name)),
		pw1:     widget.NewPasswordEntry(),
		pw2:     widget.NewPasswordEntry(),
		message: newWrappedText(""),
	}
	c.note.Wrapping = fyne.TextWrapWord
	c.message.Importance = widget.DangerImportance
	c.save = widget.NewButton(T("保存并登录"), func() { s.onChangePassword(c, old) })
	c.save.Importance = widget.HighImportance
	c.pw1.OnSubmitted = func(string) { s.app.win.Canvas().Focus(c.pw2) }
	c.pw2.OnSubmitted = func(string) { c.save.OnTapped() }
	c.back = widget.NewButton(T("返回登录"), func() {
		s.change = nil
		s.app.showLogin()
	})
	c.back.Importance = widget.LowImportance
	s.change = c
	form := widget.NewForm(
		widget.NewFormItem(T("新密码"), c.pw1),
		widget.NewFormItem(T("再次输入"), c.pw2),
	)
	box := container.NewVBox(c.title, c.note, form, c.message, container.NewHBox(c.save, c.back))
	s.app.win.SetContent(container.NewCenter(container.NewGridWrap(fyne.NewSize(520, 340), box)))
	s.app.win.Canvas().Focus(c.pw1)
}

// onChangePassword checks the new password here, then has the store change
// it; any refusal stays on the screen with what to do.
func (s *loginScreen) onChangePassword(c *passwordChange, old string) {
	u := s.app.user
	c.message.SetText("")
	p1, p2 := c.pw1.Text, c.pw2.Text
	if p1 != p2 {
		c.message.SetText(T("两次输入的密码不一致，请重新输入"))
		c.pw2.SetText("")
		s.app.win.Canvas().Focus(c.pw2)
		return
	}
	if err := forms.ValidatePassword(u.Name, p1); err != nil {
		c.message.SetText(forms.ErrorMessage(err))
		s.app.win.Canvas().Focus(c.pw1)
		return
	}
	id := u.ID
	c.save.Disable()
	s.app.run(func(ctx context.Context) error {
		return s.st.ChangePassword(ctx, id, old, p1)
	}, func(err error) {
		c.save.Enable()
		if err != nil {
			if forms.ErrorCode(err) == forms.EINTERNAL {
				log.Printf("change password: %v", err)
			}
			c.message.SetText(forms.ErrorMessage(err))
			return
		}
		u.MustChange, u.PasswordReset = false, false
		s.change = nil
		s.app.showHome()
	})
}

// recoverForm is the dialog that resets a supervisor's password with the
// recovery code.
type recoverForm struct {
	code, name, pw1, pw2 *widget.Entry
	message              *wrappedText
	reset                *widget.Button
	dialog               dialog.Dialog
}

// onRecover resets a supervisor's password with the branch's one-time
// recovery code. A refusal keeps the dialog and what was typed.
func (s *loginScreen) onRecover() {
	f := &recoverForm{code: widget.NewEntry(), name: widget.NewEntry(),
		pw1: widget.NewPasswordEntry(), pw2: widget.NewPasswordEntry(), message: newWrappedText("")}
	acceptCodePoints(f.name)
	f.message.Importance = widget.DangerImportance
	form := widget.NewForm(
		widget.NewFormItem(T("恢复码"), f.code),
		widget.NewFormItem(T("主管姓名"), f.name),
		widget.NewFormItem(T("新密码"), f.pw1),
		widget.NewFormItem(T("再次输入"), f.pw2),
	)
	f.reset = widget.NewButton(T("重设"), func() {
		f.message.SetText("")
		if f.pw1.Text != f.pw2.Text {
			f.message.SetText(T("两次输入的密码不一致，请重新输入"))
			return
		}
		c, n, p := f.code.Text, forms.DecodeCodePoints(f.name.Text), f.pw1.Text
		s.app.runInDialog(f.reset, f.message, f.dialog, func(ctx context.Context) error {
			return s.st.RecoverSupervisor(ctx, c, n, p)
		}, func() {
			s.message.SetText(T("主管密码已重设，请用新密码登录。恢复码已失效。"))
		})
	})
	f.reset.Importance = widget.HighImportance
	cancel := widget.NewButton(T("取消"), func() { f.dialog.Hide() })
	f.dialog = dialog.NewCustomWithoutButtons(T("用恢复码重设主管密码"), container.NewVBox(form, f.message, container.NewHBox(f.reset, cancel)), s.app.win)
	f.dialog.Resize(fyne.NewSize(520, 340))
	f.dialog.Show()
	s.app.win.Canvas().Focus(f.code)
}
