package ui

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// dayEndStore is what the day-end report (日结) needs from the station's
// database; every method is one transaction.
type dayEndStore interface {
	// DayReport reads the station's day: receipts, voids, deposits,
	// totals, cash expected, numbers used and skipped, and who checked it.
	DayReport(ctx context.Context, day time.Time) (*forms.DayReport, error)
	// MarkDayChecked records a supervisor's check of the day (主管核对);
	// refused for a future day or a day already checked.
	MarkDayChecked(ctx context.Context, a forms.Actor, day time.Time) error
}

// dayEndTab is the home tab 日结: the day-end report first and the month
// for finance (月报, monthreport.go) beside it, as inner tabs.
type dayEndTab struct {
	app   *App
	root  *container.AppTabs
	day   *dayEndScreen // nil until built
	month *monthReportScreen
	// service is the month's complaints, follow-ups and ratings
	// (servicereport.go), for supervisors; nil for a clerk.
	service                         *serviceReportScreen
	dayItem, monthItem, serviceItem *container.TabItem
}

// newDayEndTab makes the tab with its screens built.
func newDayEndTab(u *App) *dayEndTab {
	t := newDayEndTabUnbuilt(u)
	t.build()
	return t
}

// newDayEndTabUnbuilt makes the tab's inner tabs without their screens,
// which build builds when the tab is first shown (onShown): at log-in
// the day's date entry and tables cost ~4.5 MB of Fyne layout for a tab
// a clerk may never open (issue 17).
func newDayEndTabUnbuilt(u *App) *dayEndTab {
	t := &dayEndTab{app: u}
	t.dayItem = container.NewTabItem(T("日结"), &fyne.Container{})
	t.monthItem = container.NewTabItem(T("月报"), &fyne.Container{})
	t.root = container.NewAppTabs(t.dayItem, t.monthItem)
	if u.user != nil && u.user.IsSupervisor() {
		t.serviceItem = container.NewTabItem(T("服务月报"), &fyne.Container{})
		t.root.Append(t.serviceItem)
	}
	t.root.OnSelected = func(it *container.TabItem) {
		t.build()
		switch {
		case it == t.monthItem:
			t.month.onShown()
		case t.serviceItem != nil && it == t.serviceItem:
			t.service.onShown()
		default:
			t.day.onShown()
		}
	}
	return t
}

// build makes the inner screens, once, and puts them in their tabs.
func (t *dayEndTab) build() {
	if t.day != nil {
		return
	}
	t.day, t.month = newDayEndScreen(t.app), newMonthReportScreen(t.app)
	t.dayItem.Content, t.monthItem.Content = t.day.content(), t.month.content()
	if t.serviceItem != nil {
		t.service = newServiceReportScreen(t.app)
		t.serviceItem.Content = t.service.content()
	}
	t.root.Refresh()
}

// content returns the tab's content.
func (t *dayEndTab) content() fyne.CanvasObject { return t.root }

// onShown reloads whichever inner tab is showing.
func (t *dayEndTab) onShown() {
	t.build()
	if t.root.SelectedIndex() == 1 {
		t.month.onShown()
		return
	}
	if t.root.SelectedIndex() == 2 && t.service != nil {
		t.service.onShown()
		return
	}
	t.day.onShown()
}

// dayReceiptColumns are the receipt table's columns. What the drawer
// count needs (number, time, payer, items, method, amount, clerk) comes
// first and shows without scrolling; the masked ID, the reference and the
// 作废 details follow, and the selected row shows whole below the table.
var dayReceiptColumns = []string{"收据号", "时间", "交款人", "收费项目", "收款方式", "金额", "经办人", "身份证号码", "交易单号", "状态"}

// dayReceiptSamples are the longest usual value of each column; a column
// is as wide as its sample or its heading drawn in the theme's font, so
// the real font never cuts a receipt number or a time (fixed pixel widths
// did, in the real window, while the test font fitted). The items column
// is cut short on purpose: the selected row shows them whole.
var dayReceiptSamples = []string{"XL01-2026-000000", "00:00", "欧阳明明", "人才储备费 2029-06-30", "移动支付", "¥10,000.00", "欧阳明明", "3301**********123X", "420000000000000000", "作废（李主管 于 2026-11-30 09:00：收款方式错）"}

// dayAmountCol is the amount's column, aligned right; dayClerkCol the
// last column that must show whole in the window's opening width.
const (
	dayAmountCol = 5
	dayClerkCol  = 6
)

// dayReceiptWidths returns the columns' widths for the current theme.
func dayReceiptWidths() []float32 {
	out := make([]float32, len(dayReceiptColumns))
	pad := 2*theme.InnerPadding() + theme.Padding()
	for i := range out {
		w := fyne.MeasureText(dayReceiptSamples[i], theme.TextSize(), fyne.TextStyle{}).Width
		if h := fyne.MeasureText(T(dayReceiptColumns[i]), theme.TextSize(), fyne.TextStyle{Bold: true}).Width; h > w {
			w = h
		}
		out[i] = w + pad
	}
	return out
}

// dayEndScreen is the day-end report (日结): any user picks a day (today
// by default) and sees the check state, the totals by payment method, the
// cash expected in the drawer by clerk and in total, the receipt numbers
// used and any range skipped with its reason, and every receipt of the day
// with the voided ones marked 作废. 打印日结单 prints it as one PDF (a
// reprint is marked 补打 by the print records); 主管核对 marks the day
// checked by a supervisor (logged in, or approving on the clerk's screen).
type dayEndScreen struct {
	app  *App
	st   dayEndStore
	root fyne.CanvasObject

	date     *dateEntry
	message  *wrappedText  // why the day cannot be shown or checked
	status   *widget.Label // checked or not
	summary  *widget.Label // totals, cash, numbers, skips
	table    *widget.Table
	detail   *widget.Label // the selected receipt whole: the table's cells cut long texts
	printBtn *widget.Button
	checkBtn *widget.Button
	prevBtn  *widget.Button
	nextBtn  *widget.Button

	report *forms.DayReport
	seq    int // the newest load; older answers are dropped
}

func newDayEndScreen(u *App) *dayEndScreen {
	s := &dayEndScreen{app: u, st: u.store}
	s.message = newWrappedText("")
	s.message.Importance = widget.DangerImportance
	s.message.Hide()
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.summary = widget.NewLabel("")
	s.summary.Wrapping = fyne.TextWrapWord
	s.date = newDateEntry(u.now(), func(time.Time) { s.load() })
	s.date.SetOnInvalid(func(err error) { s.seq++; s.clear(forms.ErrorMessage(err)) })
	s.table = widget.NewTableWithHeaders(
		func() (int, int) {
			if s.report == nil {
				return 0, len(dayReceiptColumns)
			}
			return len(s.report.Receipts), len(dayReceiptColumns)
		},
		func() fyne.CanvasObject {
			l := widget.NewLabel("QB01-2026-000000")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			l.SetText(s.cell(id.Row, id.Col))
			if id.Col == dayAmountCol {
				l.Alignment = fyne.TextAlignTrailing
			} else {
				l.Alignment = fyne.TextAlignLeading
			}
			l.Importance = widget.MediumImportance
			if s.report != nil && id.Row < len(s.report.Receipts) && s.report.Receipts[id.Row].Voided {
				l.Importance = widget.DangerImportance
			}
			l.Refresh()
		})
	s.table.OnSelected = func(id widget.TableCellID) { s.showDetail(id.Row) }
	s.detail = widget.NewLabel("")
	s.detail.Wrapping = fyne.TextWrapWord
	s.showDetail(-1)
	s.table.ShowHeaderColumn = false
	s.table.CreateHeader = func() fyne.CanvasObject { return widget.NewLabel("") }
	s.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Row < 0 && id.Col >= 0 {
			o.(*widget.Label).SetText(T(dayReceiptColumns[id.Col]))
		}
	}
	for i, w := range dayReceiptWidths() {
		s.table.SetColumnWidth(i, w)
	}
	s.printBtn = widget.NewButton(T("打印日结单"), s.onPrint)
	s.printBtn.Importance = widget.HighImportance
	s.checkBtn = widget.NewButton(T("主管核对"), s.onCheck)
	s.printBtn.Disable()
	s.checkBtn.Disable()
	s.prevBtn = widget.NewButton(T("前一天"), func() { s.shift(-1) })
	s.nextBtn = widget.NewButton(T("后一天"), func() { s.shift(1) })
	today := widget.NewButton(T("今天"), func() { s.date.SetDate(s.app.now()) })
	pick := container.NewHBox(widget.NewLabel(T("日期")), container.NewGridWrap(fyne.NewSize(190, s.date.MinSize().Height), s.date), s.prevBtn, s.nextBtn, today)
	top := container.NewVBox(container.NewBorder(nil, nil, pick, container.NewHBox(s.checkBtn, s.printBtn)), s.message, s.status)
	left := container.NewVScroll(s.summary)
	left.SetMinSize(fyne.NewSize(330, 0))
	detail := container.NewVScroll(s.detail)
	detail.SetMinSize(fyne.NewSize(0, 110))
	s.root = container.NewBorder(top, nil, left, nil, container.NewBorder(nil, detail, nil, nil, s.table))
	return s
}

// content returns the screen's content.
func (s *dayEndScreen) content() fyne.CanvasObject { return s.root }

// onShown reads the chosen day again whenever the tab is shown: receipts
// go on while the clerk looks elsewhere.
func (s *dayEndScreen) onShown() { s.load() }

// shift moves the chosen day by n days (today when none is chosen).
func (s *dayEndScreen) shift(n int) {
	d, err := s.date.Date()
	if err != nil || d.IsZero() {
		d = s.app.now()
	}
	s.date.SetDate(forms.Day(d).AddDate(0, 0, n))
}

// load reads the chosen day's report off the UI goroutine and shows it.
func (s *dayEndScreen) load() {
	s.seq++
	seq := s.seq
	day, err := s.date.Date()
	switch {
	case err != nil:
		s.clear(forms.ErrorMessage(err))
		return
	case day.IsZero():
		s.clear(T("请填写要查看的日期，格式如 2026-03-05"))
		return
	}
	var rep *forms.DayReport
	s.app.run(func(ctx context.Context) error {
		var err error
		rep, err = s.st.DayReport(ctx, day)
		return err
	}, func(err error) {
		if seq != s.seq {
			return
		}
		if err != nil {
			s.clear(forms.ErrorMessage(err))
			return
		}
		s.show(rep)
	})
}

// clear shows why there is no report and disables the buttons.
func (s *dayEndScreen) clear(msg string) {
	s.report = nil
	s.message.SetText(msg)
	s.message.Show()
	s.status.SetText("")
	s.summary.SetText("")
	s.table.UnselectAll()
	s.table.Refresh()
	s.showDetail(-1)
	s.printBtn.Disable()
	s.checkBtn.Disable()
}

// show shows a loaded report.
func (s *dayEndScreen) show(rep *forms.DayReport) {
	s.report = rep
	s.message.SetText("")
	s.message.Hide()
	s.printBtn.Enable()
	checkErr := forms.CanCheckDay(rep.Day, s.app.now(), rep.CheckedAt, rep.CheckedBy)
	switch {
	case rep.Checked():
		s.status.SetText(Tf("%s 日结已由主管%s于%s核对", forms.FormatDate(rep.Day), rep.CheckedBy, rep.CheckedAt.Format("2006-01-02 15:04")))
		s.status.Importance = widget.SuccessImportance
	case checkErr != nil:
		s.status.SetText(forms.ErrorMessage(checkErr))
		s.status.Importance = widget.WarningImportance
	default:
		s.status.SetText(Tf("%s 日结尚未核对：请核对现金后由主管点“主管核对”", forms.FormatDate(rep.Day)))
		s.status.Importance = widget.WarningImportance
	}
	s.status.Refresh()
	if checkErr != nil {
		s.checkBtn.Disable()
	} else {
		s.checkBtn.Enable()
	}
	s.summary.SetText(s.summaryText())
	s.table.UnselectAll()
	s.table.Refresh()
	s.table.ScrollToTop()
	s.showDetail(-1)
}

// showDetail shows receipt row's every detail under the table, wrapped:
// the items one by one, the payment reference, the clerk and, for a voided
// receipt, who voided it, when and why (the cells cut them off). A row out
// of range shows how to get there.
func (s *dayEndScreen) showDetail(row int) {
	if s.report == nil || row < 0 || row >= len(s.report.Receipts) {
		s.detail.SetText(T("点选表中的一张收据，在此查看它的全部内容（收费项目、交易单号、作废原因）"))
		return
	}
	s.detail.SetText(dayReceiptDetail(s.report.Receipts[row]))
}

// dayReceiptDetail is one receipt of the day report written out whole.
func dayReceiptDetail(r forms.DayReceipt) string {
	var b strings.Builder
	b.WriteString(Tf("收据 %s　%s　交款人 %s（%s）　%s %s　经办人 %s", r.Number, r.IssuedAt.Format("2006-01-02 15:04"),
		r.Customer, r.MaskedID, T(r.Method.Label()), r.Amount, r.Clerk))
	if r.Reference != "" {
		b.WriteString("\n" + Tf("交易单号：%s", r.Reference))
	}
	b.WriteString("\n" + Tf("收费项目：%s", r.Items))
	if r.Voided {
		b.WriteString("\n" + Tf("作废：%s 于 %s，原因：%s（金额不计入合计）", r.VoidedBy, r.VoidedAt.Format("2006-01-02 15:04"), r.VoidReason))
	}
	return b.String()
}

// summaryText is the report's figures as the screen lists them.
func (s *dayEndScreen) summaryText() string {
	r := s.report
	t := r.Totals
	var b strings.Builder
	line := func(str string) { b.WriteString(str + "\n") }
	line(Tf("收据：有效 %d 张，作废 %d 张", t.Receipts, t.Voided))
	if r.FirstNumber == "" {
		line(T("收据号：当日未使用"))
	} else {
		line(Tf("收据号：%s 至 %s", r.FirstNumber, r.LastNumber))
	}
	for _, k := range r.Skips {
		line(Tf("跳号 %s：%s", k.Range(), k.Reason))
	}
	if m := r.Missing(); len(m) > 0 {
		line(Tf("缺号 %d 个：既未开出也无跳号记录，请报告主管", len(m)))
	}
	if len(r.VoidedLater) > 0 {
		line(Tf("以前日期的收据当日作废 %d 张（在开出当日列为作废，金额不计）", len(r.VoidedLater)))
	}
	if note := r.AfterCheckNote(); note != "" {
		line(note)
	}
	line("")
	line(T("按收款方式（收款 / 退款 / 净额）："))
	for _, m := range t.Methods() {
		line(Tf("%s：%s / %s / %s", T(m.Label()), t.Received[m], t.Refunded[m], t.Net(m)))
	}
	line("")
	line(T("应有现金（现金收款减现金退款）："))
	for _, c := range t.Clerks() {
		line(Tf("%s：%s", c.Clerk, c.Amount))
	}
	line(Tf("合计：%s", t.Cash()))
	line("")
	line(Tf("保障金：收取 %d 笔 %s，退还 %d 笔 %s，没收 %d 笔 %s，作废 %d 笔 %s（不计）", t.DepositsTakenCount, t.DepositsTaken,
		len(r.DepositsRefunded), t.DepositsRefunded, len(r.DepositsForfeited), t.DepositsForfeited, len(r.DepositsVoided), t.DepositsVoided))
	if n, sum := r.LegacyDepositsTaken(); n > 0 {
		line(Tf("另有纸质收据补录的保障金 %d 笔 %s，不计现金", n, sum))
	}
	if n := len(r.DepositsTakenVoided); n > 0 {
		line(Tf("当日收取、以后日期作废的保障金 %d 笔（不计）", n))
	}
	line(Tf("收费合计 %s，保障金收取合计 %s", t.Fees, t.DepositsTaken))
	for _, f := range t.FeesByKind {
		line(Tf("· %s：%d 笔 %s", f.Name, f.Count, f.Amount))
	}
	return strings.TrimRight(b.String(), "\n")
}

// cell returns the text of a receipt table cell.
func (s *dayEndScreen) cell(row, col int) string {
	if s.report == nil || row >= len(s.report.Receipts) {
		return ""
	}
	r := s.report.Receipts[row]
	switch col {
	case 0:
		return r.Number
	case 1:
		return r.IssuedAt.Format("15:04")
	case 2:
		return r.Customer
	case 3:
		return r.Items
	case 4:
		return T(r.Method.Label())
	case 5:
		return r.Amount.String()
	case 6:
		return r.Clerk
	case 7:
		return r.MaskedID
	case 8:
		return r.Reference
	case 9:
		return r.Status()
	}
	return ""
}

// onPrint prints the day's report as one PDF; the print records decide
// whether it is the original or a 补打.
func (s *dayEndScreen) onPrint() {
	if s.report == nil {
		return
	}
	p := s.app.printout(forms.PrintDayReport)
	p.DayReport = s.report
	s.app.print([]*forms.Printout{p}, dayReportTexts(s.report), nil)
}

// onCheck marks the day checked by a supervisor, then reloads it.
func (s *dayEndScreen) onCheck() {
	if s.report == nil {
		return
	}
	day := s.report.Day
	check := func() {
		s.app.withSupervisor(T("主管核对日结"), func(ctx context.Context, a forms.Actor) error {
			return s.st.MarkDayChecked(ctx, a, day)
		}, s.load)
	}
	if !forms.Day(day).Equal(forms.Day(s.app.now())) {
		check()
		return
	}
	// Today: the counter may still be open, so say what a check now means.
	msg := newWrappedText(T("今天尚未结束：核对后再开出的收据或再作废的收据不在这次核对之内，日结将把它们单独列出提醒主管。\n请在柜台停止收款、清点现金之后再核对。现在核对今天的日结吗？"))
	d := dialog.NewCustomConfirm(T("核对今天的日结"), T("现在核对"), T("取消"), msg, func(ok bool) {
		if ok {
			check()
		}
	}, s.app.win)
	d.Resize(fyne.NewSize(520, 240))
	d.Show()
}
