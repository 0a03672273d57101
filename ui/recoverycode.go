package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// onNewRecoveryCode makes a new recovery code (supervisor, after a
// confirmation): the old code stops working, and the backups written to the
// backup folder from now on are encrypted to the new one. A station set up
// before encrypted backups needs this once so the branch can open its own
// backups (the backup status says so). The code is shown once and printed
// like the one of set-up.
func (s *settingsScreen) onNewRecoveryCode() {
	newConfirm(T("换发恢复码"), T("换发"), T("取消"), T("换发后旧恢复码作废，此后写入备份文件夹的加密备份要用新恢复码解开；此前的加密备份仍须用当时的恢复码，请把旧恢复码和新恢复码都保存在保险柜中。确定换发？"),
		func(ok bool) {
			if !ok {
				return
			}
			var code string
			st := s.st
			s.app.withSupervisor(T("换发恢复码"), func(ctx context.Context, a forms.Actor) error {
				var err error
				code, err = st.NewRecoveryCode(ctx, a)
				return err
			}, func() {
				s.showNewRecoveryCode(code)
				s.refreshBackup()
				if s.app.home != nil {
					s.app.home.checkBackup()
				}
			})
		}, s.app.win).Show()
}

// showNewRecoveryCode shows a new recovery code once and offers to print it
// for the branch manager's safe.
func (s *settingsScreen) showNewRecoveryCode(code string) {
	msg := newWrappedText(T("新的恢复码如下。请打印后交网点负责人放入保险柜，不要保存在电脑上；旧恢复码请继续保管，用于打开换发之前的加密备份。"))
	codeLabel := widget.NewRichText(&widget.TextSegment{Text: code, Style: widget.RichTextStyle{
		Alignment: fyne.TextAlignCenter, SizeName: theme.SizeNameHeadingText, TextStyle: fyne.TextStyle{Monospace: true}}})
	printCode := widget.NewButton(T("打印恢复码"), func() {
		p := s.app.printout(forms.PrintDocument)
		p.Document = &forms.Document{
			ID:    "recovery_code",
			Title: "主管密码恢复码（换发）",
			Body: "网点：［机构名称］（窗口 " + s.app.station.Code() + "）\n恢复码：" + code +
				"\n所有主管都无法登录柜台通时，在登录界面点“用恢复码重设主管密码”，输入此恢复码即可为一位主管重设密码。恢复码只能使用一次。" +
				"\n恢复U盘上的加密备份（.db.age）时也要输入恢复码：本恢复码打开换发之后的备份，换发之前的备份仍用旧恢复码。" +
				"\n请妥善保管于保险柜，不得拍照、复印或保存在电脑上。",
			Copies:     []forms.CopyLabel{{Label: "网点负责人保管", Keeper: "office"}},
			Signatures: []string{"换发人", "网点负责人"},
		}
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
