package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// setupScreen is the first start of a new station: branch, station and the
// first supervisor.
// setupStore is what the first start needs from the station's database.
type setupStore interface {
	DataDir() string
	Station(ctx context.Context) (*forms.Station, error)
	// Setup records the station and its first supervisor, copies the
	// catalogue in, and returns the one-time recovery code.
	Setup(ctx context.Context, st forms.Station, supervisor, password string, cat *forms.Catalogue) (string, error)
	// SetupReplacement sets up a PC that takes over a station whose PC
	// broke: numbering continues after the last paper stub.
	SetupReplacement(ctx context.Context, st forms.Station, supervisor, password string, cat *forms.Catalogue, r forms.Replacement) (string, error)
}

type setupScreen struct {
	app *App
	st  setupStore

	branchCode, branchName, payee, stationNo *widget.Entry
	phone                                    *widget.Entry // 网点电话, printed on the 一次性告知单
	supervisor, password, password2          *widget.Entry
	submit                                   *widget.Button
	// A PC that replaces a station's broken PC takes over its code and
	// continues after the last receipt on the paper stubs.
	replace            *widget.Check
	stubYear, stubLast *widget.Entry
	replaceBox         *fyne.Container
	message            *wrappedText

	recoveryCode string         // shown once after set-up
	printCode    *widget.Button // prints the recovery code
	done         *widget.Button // closes the recovery code dialog
}

func newSetupScreen(u *App) *setupScreen {
	s := &setupScreen{app: u, st: u.store}
	s.branchCode = widget.NewEntry()
	s.branchCode.SetPlaceHolder(T("2到4个英文字母，如 QB"))
	s.branchName = widget.NewEntry()
	s.branchName.SetPlaceHolder(T("印在每一份文书上，如 某某人才服务中心青白江分部"))
	s.payee = widget.NewEntry()
	s.payee.SetPlaceHolder(T("印在收据上的收款单位"))
	s.phone = widget.NewEntry()
	s.phone.SetPlaceHolder(T("座机带区号，如 0571-87654321，或手机号码；印在一次性告知单上"))
	s.stationNo = widget.NewEntry()
	s.stationNo.SetPlaceHolder(T("01 到 99"))
	s.supervisor = widget.NewEntry()
	acceptCodePoints(s.supervisor)
	s.supervisor.SetPlaceHolder(T("第一位主管的姓名（登录用）"))
	s.password = widget.NewPasswordEntry()
	s.password.SetPlaceHolder(T("至少8位，含数字和字母"))
	s.password2 = widget.NewPasswordEntry()
	s.message = newWrappedText("")
	s.message.Importance = widget.DangerImportance
	s.stubYear = widget.NewEntry()
	s.stubYear.SetText(fmt.Sprint(u.now().Year()))
	s.stubLast = widget.NewEntry()
	s.stubLast.SetPlaceHolder(T("存根联最后一张收据号，如 QB01-2026-000137 或 137"))
	s.replaceBox = container.NewVBox(widget.NewForm(
		widget.NewFormItem(T("存根联年份"), s.stubYear),
		widget.NewFormItem(T("最后一张收据号"), s.stubLast),
	))
	s.replaceBox.Hide()
	s.replace = widget.NewCheck(T("本机替换已损坏的窗口电脑（沿用原窗口编号，收据号接着纸质存根联往下编）"), func(on bool) {
		if on {
			s.replaceBox.Show()
		} else {
			s.replaceBox.Hide()
		}
	})
	s.submit = widget.NewButton(T("完成设置"), s.onSubmit)
	s.submit.Importance = widget.HighImportance
	return s
}

func (s *setupScreen) content() fyne.CanvasObject {
	form := widget.NewForm(
		widget.NewFormItem(T("网点代码"), s.branchCode),
		widget.NewFormItem(T("网点全称"), s.branchName),
		widget.NewFormItem(T("收款单位"), s.payee),
		widget.NewFormItem(T("网点电话"), s.phone),
		widget.NewFormItem(T("窗口编号"), s.stationNo),
		widget.NewFormItem(T("主管姓名"), s.supervisor),
		widget.NewFormItem(T("主管密码"), s.password),
		widget.NewFormItem(T("再次输入密码"), s.password2),
	)
	intro := widget.NewLabel(T("这是本机第一次启动柜台通。请填写网点和窗口信息，并设立第一位主管账号。\n数据保存在：") + s.st.DataDir())
	intro.Wrapping = fyne.TextWrapBreak
	box := container.NewVBox(heading(T("新窗口设置")), intro, form, s.replace, s.replaceBox, s.message, s.submit)
	return container.NewCenter(container.NewGridWrap(fyne.NewSize(680, 640), box))
}

func (s *setupScreen) onSubmit() {
	s.message.SetText("")
	n, err := forms.ParseStationNumber(s.stationNo.Text)
	if err != nil {
		s.message.SetText(forms.ErrorMessage(err))
		return
	}
	if s.password.Text != s.password2.Text {
		s.message.SetText(T("两次输入的密码不一致，请重新输入"))
		return
	}
	st := forms.Station{BranchCode: s.branchCode.Text, BranchName: s.branchName.Text, Payee: s.payee.Text, Number: n, Phone: s.phone.Text}
	if err := st.Validate(); err != nil {
		s.message.SetText(forms.ErrorMessage(err))
		return
	}
	// Validate accepts a station without a phone (one set up before it was
	// asked); a new one must give it.
	if _, err := forms.ParseStationPhone(st.Phone); err != nil {
		s.message.SetText(forms.ErrorMessage(err))
		return
	}
	var repl *forms.Replacement
	if s.replace.Checked {
		r, err := forms.ParseReplacement(st.Code(), s.stubYear.Text, s.stubLast.Text)
		if err != nil {
			s.message.SetText(forms.ErrorMessage(err))
			return
		}
		repl = &r
	}
	s.submit.Disable()
	// The background half reads none of the widgets: what it needs is
	// copied here, on the UI goroutine.
	supervisor, password, cat := forms.DecodeCodePoints(s.supervisor.Text), s.password.Text, s.app.catalogue
	var code string
	var station *forms.Station
	s.app.async(func(ctx context.Context) error {
		var err error
		if repl != nil {
			code, err = s.st.SetupReplacement(ctx, st, supervisor, password, cat, *repl)
		} else {
			code, err = s.st.Setup(ctx, st, supervisor, password, cat)
		}
		if err == nil {
			station, err = s.st.Station(ctx)
		}
		// A refusal leaves the form as typed, so nothing needs retyping.
		s.app.do(s.submit.Enable)
		return err
	}, func() {
		s.app.station = station
		s.recoveryCode = code
		s.showRecoveryCode(code)
	})
}

// showRecoveryCode shows the one-time recovery code and offers to print it
// for the branch manager's safe; then the log-in screen.
func (s *setupScreen) showRecoveryCode(code string) {
	msg := newWrappedText(T("设置完成。下面是本网点的一次性恢复码：所有主管都无法登录时，凭它重设主管密码。\n请打印后交网点负责人放入保险柜，不要保存在电脑上。"))
	codeLabel := widget.NewRichText(&widget.TextSegment{Text: code, Style: widget.RichTextStyle{
		Alignment: fyne.TextAlignCenter, SizeName: theme.SizeNameHeadingText, TextStyle: fyne.TextStyle{Monospace: true}}})
	s.printCode = widget.NewButton(T("打印恢复码"), func() {
		p := s.app.printout(forms.PrintDocument)
		p.Document = forms.RecoveryCodeDocument(s.app.station.Code(), code, false)
		// The code is a secret: its PDF is deleted once printed, never
		// kept in printed/ with the other documents.
		p.Secret = true
		s.app.print([]*forms.Printout{p}, nil, nil)
	})
	var d dialog.Dialog
	s.done = widget.NewButton(T("我已妥善保存，去登录"), func() {
		d.Hide()
		s.app.win.SetTitle(Tf("柜台通 — %s %s", s.app.station.BranchName, s.app.station.Code()))
		s.app.showLogin()
	})
	s.done.Importance = widget.HighImportance
	d = dialog.NewCustomWithoutButtons(T("请保存恢复码"), container.NewVBox(msg, codeLabel, s.printCode, s.done), s.app.win)
	d.Resize(fyne.NewSize(560, 320))
	d.Show()
}
