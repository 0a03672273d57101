package ui

import (
	"context"
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// newCodeConfirm is the dialog in which a supervisor confirms a new
// recovery code with their own log-in password.
type newCodeConfirm struct {
	password *widget.Entry
	message  *wrappedText // why the last try was refused
	confirm  *widget.Button
	dialog   dialog.Dialog
}

// say shows why the last try was refused (or clears it) and lays the
// dialog out again for the message's lines.
func (c *newCodeConfirm) say(text string) {
	c.message.SetText(text)
	if c.dialog != nil {
		c.dialog.Resize(c.dialog.MinSize())
	}
}

// onNewRecoveryCode makes a new recovery code (supervisor, after a
// confirmation with their own log-in password, which the store checks and
// counts toward their log-in lock-out): the old code stops working, and the
// backups written to the backup folder from now on are encrypted to the new
// one. A station set up before encrypted backups needs this once so the
// branch can open its own backups (the backup status says so). The code is
// shown once and printed like the one of set-up. A refusal (a wrong
// password, the lock-out) keeps the dialog open and says why.
func (s *settingsScreen) onNewRecoveryCode() {
	u := s.app
	if !u.user.IsSupervisor() {
		return // the button is a supervisor's: a clerk's is disabled (settings.go)
	}
	c := &newCodeConfirm{password: widget.NewPasswordEntry(), message: newWrappedText("")}
	s.codeConfirm = c
	c.message.Importance = widget.DangerImportance
	note := newMessageBody(T("换发后旧恢复码作废，此后写入备份文件夹的加密备份要用新恢复码解开；此前的加密备份仍须用当时的恢复码，请把旧恢复码和新恢复码都保存在保险柜中。") +
		"\n" + Tf("确定换发？请输入您本人（%s）的登录密码确认。", u.user.Name))
	form := widget.NewForm(widget.NewFormItem(T("登录密码"), c.password))
	c.confirm = widget.NewButton(T("换发"), func() {
		if c.password.Text == "" {
			c.say(T("请输入您的登录密码"))
			u.win.Canvas().Focus(c.password)
			return
		}
		a, pw, st := u.actor(), c.password.Text, s.st
		var code string
		c.say("")
		c.confirm.Disable()
		u.run(func(ctx context.Context) error {
			var err error
			code, err = st.NewRecoveryCode(ctx, a, pw)
			return err
		}, func(err error) {
			c.confirm.Enable()
			if err != nil {
				if forms.ErrorCode(err) == forms.EINTERNAL {
					log.Printf("error: %v", err)
				}
				c.say(forms.ErrorMessage(err))
				c.password.SetText("")
				u.win.Canvas().Focus(c.password)
				return
			}
			c.dialog.Hide()
			s.newCodeShown(code)
		})
	})
	c.confirm.Importance = widget.HighImportance
	c.password.OnSubmitted = func(string) { c.confirm.OnTapped() }
	cancel := widget.NewButton(T("取消"), func() { c.dialog.Hide() })
	message := &fyne.Container{Layout: messageBox{width: messageMaxWidth}, Objects: []fyne.CanvasObject{c.message}}
	c.dialog = dialog.NewCustomWithoutButtons(T("换发恢复码"), container.NewVBox(note, form, message, container.NewHBox(c.confirm, cancel)), u.win)
	c.dialog.Show()
	u.win.Canvas().Focus(c.password)
}

// newCodeShown shows a new code once it is made and refreshes what
// depends on it (the backup status, the home screen's backup check).
func (s *settingsScreen) newCodeShown(code string) {
	s.showNewRecoveryCode(code)
	s.refreshBackup()
	if s.app.home != nil {
		s.app.home.checkBackup()
	}
}

// showNewRecoveryCode shows a new recovery code once and offers to print it
// for the branch manager's safe.
func (s *settingsScreen) showNewRecoveryCode(code string) {
	msg := newWrappedText(T("新的恢复码如下。请打印后交网点负责人放入保险柜，不要保存在电脑上；旧恢复码请继续保管，用于打开换发之前的加密备份。"))
	codeLabel := widget.NewRichText(&widget.TextSegment{Text: code, Style: widget.RichTextStyle{
		Alignment: fyne.TextAlignCenter, SizeName: theme.SizeNameHeadingText, TextStyle: fyne.TextStyle{Monospace: true}}})
	printCode := widget.NewButton(T("打印恢复码"), func() {
		p := s.app.printout(forms.PrintDocument)
		p.Document = forms.RecoveryCodeDocument(s.app.station.Code(), code, true)
		// A secret: its PDF is deleted once printed.
		p.Secret = true
		s.app.print([]*forms.Printout{p}, nil, nil)
	})
	var d dialog.Dialog
	done := widget.NewButton(T("我已妥善保存"), func() { d.Hide() })
	done.Importance = widget.HighImportance
	d = dialog.NewCustomWithoutButtons(T("请保存新的恢复码"), container.NewVBox(msg, codeLabel, printCode, done), s.app.win)
	d.Resize(fyne.NewSize(560, 320))
	d.Show()
}
