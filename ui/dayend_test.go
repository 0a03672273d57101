package ui

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// openDayEnd selects the home tab 日结 and returns its day screen.
func (h *harness) openDayEnd() *dayEndScreen {
	h.t.Helper()
	home := h.app.home
	for _, it := range home.tabs.Items {
		if it.Text == T("日结") {
			home.tabs.Select(it)
		}
	}
	h.wait()
	if home.tabs.Selected().Content != home.dayEnd.root {
		h.t.Fatal("no 日结 tab on the main screen")
	}
	return home.dayEnd.day
}

// TestDayEnd_ClerkViewsPrintsAndSupervisorChecks: a clerk's day (a cash
// deposit, a card fee, a voided receipt) shows on the 日结 tab with the
// totals, the cash expected by clerk and the numbers; the first print is
// the original and the second 补打 (print records); 主管核对 needs the
// supervisor's password — a wrong one keeps the dialog and changes
// nothing — and the checked day can no longer be checked.
func TestDayEnd_ClerkViewsPrintsAndSupervisorChecks(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	sup := clerkLoggedIn(t, h)
	c := h.acceptBorrowCase("吴倩", withCheck("51011319900101777"), "13900007777") // 000001 cash ¥600
	if _, err := h.db.IssueReceipt(ctx, h.app.actor(), "", c.kase.CustomerID,
		[]forms.ReceiptLine{{Text: "档案保管费", Amount: forms.Yuan(200), Kind: forms.KindFee}},
		forms.Payment{Method: forms.PayCard, Reference: "6222000011112222"}); err != nil { // 000002 card ¥200
		t.Fatal(err)
	}
	r3, err := h.db.IssueReceipt(ctx, h.app.actor(), "", c.kase.CustomerID,
		[]forms.ReceiptLine{{Text: "证明费", Amount: forms.Yuan(30), Kind: forms.KindFee}}, forms.Payment{Method: forms.PayCash})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.db.VoidReceipt(ctx, sup, r3.ID, "重复收费"); err != nil { // 000003 voided
		t.Fatal(err)
	}

	s := h.openDayEnd()
	if s.report == nil {
		t.Fatalf("no report; message %q", s.message.Text)
	}
	for _, want := range []string{"收据：有效 2 张，作废 1 张", "收据号：QB01-2026-000001 至 QB01-2026-000003",
		"现金：¥600.00 / ¥0.00 / ¥600.00", "银行卡：¥200.00 / ¥0.00 / ¥200.00", "张窗口：¥600.00", "合计：¥600.00"} {
		if !strings.Contains(s.summary.Text, want) {
			t.Errorf("summary lacks %q:\n%s", want, s.summary.Text)
		}
	}
	if rows, _ := s.table.Length(); rows != 3 {
		t.Fatalf("table rows = %d", rows)
	}
	if s.cell(2, 0) != "QB01-2026-000003" || !strings.Contains(s.cell(2, 9), "作废") || !strings.Contains(s.cell(2, 9), "重复收费") ||
		s.cell(0, 7) != forms.MaskID(withCheck("51011319900101777")) || s.cell(1, 8) != "6222000011112222" || s.cell(1, 5) != "¥200.00" || s.cell(1, 6) != "张窗口" {
		t.Fatalf("rows: %q %q %q %q", s.cell(2, 0), s.cell(2, 9), s.cell(0, 7), s.cell(1, 8))
	}
	if !strings.Contains(s.status.Text, "尚未核对") || s.checkBtn.Disabled() || s.printBtn.Disabled() {
		t.Fatalf("status %q, check disabled %v", s.status.Text, s.checkBtn.Disabled())
	}

	// Print twice: the original, then 补打, decided by the print records.
	before := len(h.pr.kinds())
	test.Tap(s.printBtn)
	h.wait()
	test.Tap(s.printBtn)
	h.wait()
	if k := h.pr.kinds()[before:]; strings.Join(k, ",") != "day_report,day_report:reprint" {
		t.Fatalf("printed %v", k)
	}
	key := "day_report:QB01:2026-11-23"
	if got, err := h.db.PrintedBefore(ctx, "", []string{key}); err != nil || !got[key] {
		t.Fatalf("print record: %v %v", got, err)
	}
	if p := h.pr.printed[before]; p.DayReport == nil || len(p.DayReport.Receipts) != 3 || p.DayReport.Totals.Cash() != forms.Yuan(600) {
		t.Fatalf("printed report %+v", p.DayReport)
	}

	// 主管核对 on today: first a warning that the counter may still be
	// open; 取消 checks nothing.
	test.Tap(s.checkBtn)
	if !strings.Contains(h.overlayText(), "今天尚未结束：核对后再开出的收据") || h.dialogButton(T("现在核对")) == nil {
		t.Fatalf("no confirmation before checking today: %q", h.overlayText())
	}
	h.tapDialog(T("取消"))
	if rep, _ := h.db.DayReport(ctx, testDay); rep.Checked() || h.app.approval != nil && h.app.approval.message.Visible() {
		t.Fatal("取消 went on to check the day")
	}
	// 主管核对 as the clerk: the approval dialog; a wrong password keeps it
	// open with the reason and checks nothing.
	test.Tap(s.checkBtn)
	h.tapDialog(T("现在核对"))
	if h.app.approval == nil {
		t.Fatal("no approval dialog")
	}
	h.approve("wrong-password")
	if !strings.Contains(h.app.approval.message.Text, "主管姓名或密码不正确") {
		t.Fatalf("approval message %q", h.app.approval.message.Text)
	}
	if rep, _ := h.db.DayReport(ctx, testDay); rep.Checked() {
		t.Fatal("a wrong password checked the day")
	}
	h.approve("zhuguan123")
	rep, err := h.db.DayReport(ctx, testDay)
	if err != nil || rep.CheckedBy != "李主管" {
		t.Fatalf("checked by %q, %v", rep.CheckedBy, err)
	}
	if !strings.Contains(s.status.Text, "已由主管李主管") || !s.checkBtn.Disabled() {
		t.Fatalf("after the check: status %q, button disabled %v", s.status.Text, s.checkBtn.Disabled())
	}
	if strings.Contains(s.summary.Text, "主管核对后") {
		t.Fatalf("nothing happened after the check, yet:\n%s", s.summary.Text)
	}

	// The counter stays open: a receipt issued after the check falls under
	// a day marked checked, and the report says so, on screen and PDF.
	h.clock.Set(testDay.Add(time.Minute))
	r4, err := h.db.IssueReceipt(ctx, h.app.actor(), "", c.kase.CustomerID,
		[]forms.ReceiptLine{{Text: "证明费", Amount: forms.Yuan(30), Kind: forms.KindFee}}, forms.Payment{Method: forms.PayCash})
	if err != nil {
		t.Fatal(err)
	}
	s.load()
	h.wait()
	if want := "主管核对后又开出了 1 张收据（" + r4.Number + " ¥30.00）"; !strings.Contains(s.summary.Text, want) {
		t.Fatalf("summary lacks %q:\n%s", want, s.summary.Text)
	}
	if rep, _ := h.db.DayReport(ctx, testDay); len(rep.IssuedAfterCheck()) != 1 {
		t.Fatalf("database report: issued after the check %+v", rep.IssuedAfterCheck())
	}
	before = len(h.pr.kinds())
	test.Tap(s.printBtn)
	h.wait()
	if p := h.pr.printed[before]; p.DayReport == nil || !strings.Contains(p.DayReport.AfterCheckNote(), r4.Number) {
		t.Fatalf("printed report has no note: %+v", p.DayReport)
	}
}

// TestDayEnd_AmountShowsWhole is the clerk trial's fault: in the window's
// opening size (1200×640) the receipt table cut the amount off at the
// right edge (¥300.0), and in the real window fixed widths cut the receipt
// number and the time (XL01-2026-0074…, 08…). Every column up to the
// clerk shows whole, and each is as wide as its longest usual value.
func TestDayEnd_AmountShowsWhole(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	s := h.openDayEnd()
	h.app.win.Resize(fyne.NewSize(1200, 640))
	widths := dayReceiptWidths()
	need := float32(0)
	for i, w := range widths[:dayClerkCol+1] {
		need += w + theme.Padding() // the table's separators
		text := fyne.MeasureText(dayReceiptSamples[i], theme.TextSize(), fyne.TextStyle{}).Width
		if i != 3 && w < text+2*theme.InnerPadding() { // the items are cut on purpose
			t.Errorf("column %s is %.0f px, its value %q needs %.0f", dayReceiptColumns[i], w, dayReceiptSamples[i], text+2*theme.InnerPadding())
		}
	}
	if got := s.table.Size().Width; need > got {
		t.Fatalf("columns up to 经办人 need %.0f px, the table shows %.0f", need, got)
	}
	if dayReceiptColumns[dayAmountCol] != "金额" || dayReceiptColumns[dayClerkCol] != "经办人" {
		t.Fatalf("amount/clerk columns are %q/%q", dayReceiptColumns[dayAmountCol], dayReceiptColumns[dayClerkCol])
	}
}

// TestDayEnd_Days: the previous day, a future day (not checkable, says
// why) and a date that is not one (says how to write it, nothing to print
// or check).
func TestDayEnd_Days(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	s := h.openDayEnd()
	if s.date.Text != "2026-11-23" || s.report == nil || !strings.Contains(s.summary.Text, "收据号：当日未使用") {
		t.Fatalf("date %q, summary %q", s.date.Text, s.summary.Text)
	}
	test.Tap(s.nextBtn)
	h.wait()
	if s.date.Text != "2026-11-24" || !s.checkBtn.Disabled() || !strings.Contains(s.status.Text, "2026-11-24 还没有到") {
		t.Fatalf("future day: %q, disabled %v, status %q", s.date.Text, s.checkBtn.Disabled(), s.status.Text)
	}
	test.Tap(s.prevBtn)
	test.Tap(s.prevBtn)
	h.wait()
	if s.date.Text != "2026-11-22" || s.checkBtn.Disabled() {
		t.Fatalf("yesterday: %q, disabled %v", s.date.Text, s.checkBtn.Disabled())
	}
	// A supervisor logged in checks without a dialog.
	test.Tap(s.checkBtn)
	h.wait()
	if rep, _ := h.db.DayReport(context.Background(), testDay.AddDate(0, 0, -1)); rep.CheckedBy != "李主管" {
		t.Fatalf("yesterday checked by %q", rep.CheckedBy)
	}
	h.typeInto(&s.date.Entry, "2026-02-30")
	h.wait()
	if s.report != nil || !s.printBtn.Disabled() || !s.checkBtn.Disabled() || !strings.Contains(s.message.Text, "不存在") {
		t.Fatalf("bad date: message %q", s.message.Text)
	}
	// The message quotes the whole text typed, not its first keystroke.
	h.typeInto(&s.date.Entry, "abc")
	h.wait()
	if s.report != nil || !s.printBtn.Disabled() || !strings.Contains(s.message.Text, "日期“abc”格式不正确") {
		t.Fatalf("typed abc: message %q", s.message.Text)
	}
	// The month report sits beside the day as the second inner tab.
	tabs := h.app.home.dayEnd.root
	if len(tabs.Items) < 2 || tabs.Items[0].Text != T("日结") || tabs.Items[1].Text != T("月报") {
		t.Fatalf("inner tabs %v", tabs.Items)
	}
}

// walkDayEnd walks the 日结 tab for the fit test (fit_test.go): the day
// with its receipts, printed, a future day, a date that is not one, and
// the day checked. The logged-in user is a supervisor.
func walkDayEnd(w *fitWalker) {
	w.t.Helper()
	home := w.app.home
	if home == nil || home.dayEnd == nil {
		w.t.Error("fit walk: no 日结 tab")
		return
	}
	for _, item := range home.tabs.Items {
		if item.Content == home.dayEnd.root {
			home.tabs.Select(item)
		}
	}
	home.dayEnd.root.SelectIndex(0)
	w.wait()
	s := home.dayEnd.day
	s.date.SetDate(w.app.now())
	w.check("日结（今天）")
	if rows, _ := s.table.Length(); rows > 0 {
		s.table.Select(widget.TableCellID{Row: rows - 1, Col: 0})
		w.check("日结（选中一张收据，下方显示全部内容）")
	}
	if w.tap(T("打印日结单")) {
		w.check("日结 → 打印日结单")
		w.closeDialogs()
	} else {
		w.t.Error("fit walk: 打印日结单 not offered")
	}
	s.shift(1)
	w.check("日结（未来的日期）")
	w.typeInto(&s.date.Entry, "2026-02-30")
	w.check("日结（日期有误）")
	s.date.SetDate(w.app.now())
	w.wait() // the day is read off the UI goroutine; 主管核对 waits for it
	if w.tap(T("主管核对")) {
		w.check("日结 → 主管核对（今天：先确认）")
		w.mustTap("日结 → 主管核对（今天：先确认）", T("现在核对"))
		w.check("日结（已核对）")
		w.closeDialogs()
	} else {
		w.t.Error("fit walk: 主管核对 not offered")
	}
}

// TestDayEnd_Screenshot writes the README's picture of the 日结 tab when
// DAYEND_SHOT names a folder: a clerk's day with a void, at 1280×720.
func TestDayEnd_Screenshot(t *testing.T) {
	dir := os.Getenv("DAYEND_SHOT")
	if dir == "" {
		t.Skip("DAYEND_SHOT not set")
	}
	h := newHarness(t)
	ctx := context.Background()
	sup := clerkLoggedIn(t, h)
	h.app.win.Resize(fyne.NewSize(1280, 720))
	c := h.acceptBorrowCase("吴倩", withCheck("51011319900101777"), "13900007777")
	fees := []struct {
		text string
		y    int64
		pay  forms.Payment
	}{
		{"档案保管费", 200, forms.Payment{Method: forms.PayCard, Reference: "6222000011112222"}},
		{"证明费", 30, forms.Payment{Method: forms.PayCash}},
		{"人才储备费", 360, forms.Payment{Method: forms.PayMobile, Reference: "4200001234567890"}},
		{"档案保管费", 200, forms.Payment{Method: forms.PayCash}},
	}
	for i, f := range fees {
		r, err := h.db.IssueReceipt(ctx, h.app.actor(), "", c.kase.CustomerID,
			[]forms.ReceiptLine{{Text: f.text, Amount: forms.Yuan(f.y), Kind: forms.KindFee}}, f.pay)
		if err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			if err := h.db.VoidReceipt(ctx, sup, r.ID, "重复收费"); err != nil {
				t.Fatal(err)
			}
		}
	}
	h.openDayEnd()
	h.wait()
	img := h.app.win.Canvas().Capture()
	f, err := os.Create(filepath.Join(dir, "day-end.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// TestDayEnd_VoidedDepositNotTaken is the trial's fault: the screen said
// 保障金：收取 8 笔 counting a deposit whose receipt was voided, beside
// 保障金收取合计 and 户籍卡保障金 7 笔 that did not. Taken counts the valid
// deposits only, on screen as in the database's report.
func TestDayEnd_VoidedDepositNotTaken(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	sup := clerkLoggedIn(t, h)
	c1 := h.acceptBorrowCase("吴倩", withCheck("51011319900101777"), "13900007777")
	h.acceptBorrowCase("孙春", withCheck("51011319900202888"), "13900008888")
	rs, err := h.db.ReceiptsOfCase(ctx, c1.kase.ID)
	if err != nil || len(rs) != 1 {
		t.Fatalf("receipts of the first case: %v %v", rs, err)
	}
	if err := h.db.VoidReceipt(ctx, sup, rs[0].ID, "收款金额录错"); err != nil {
		t.Fatal(err)
	}
	s := h.openDayEnd()
	if s.report == nil {
		t.Fatalf("no report: %q", s.message.Text)
	}
	for _, want := range []string{"保障金：收取 1 笔 ¥600.00，", "作废 1 笔 ¥600.00（不计）", "保障金收取合计 ¥600.00"} {
		if !strings.Contains(s.summary.Text, want) {
			t.Errorf("summary lacks %q:\n%s", want, s.summary.Text)
		}
	}
	rep, err := h.db.DayReport(ctx, testDay)
	if err != nil || rep.Totals.DepositsTakenCount != 1 || len(rep.DepositsTaken) != 1 || len(rep.DepositsVoided) != 1 {
		t.Fatalf("database report: %+v %v", rep, err)
	}
}

// TestDayEnd_RowShowsWholeReceipt is the trial's fault: the table cut off
// the void reason, the items, the clerk and the transaction reference, and
// scrolling did not help. Selecting a row shows that receipt whole, wrapped,
// under the table.
func TestDayEnd_RowShowsWholeReceipt(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	sup := clerkLoggedIn(t, h)
	c := h.acceptBorrowCase("吴倩", withCheck("51011319900101777"), "13900007777") // 000001
	const ref = "42005988329420261130083112345678"
	if _, err := h.db.IssueReceipt(ctx, h.app.actor(), "", c.kase.CustomerID,
		[]forms.ReceiptLine{{Text: "档案保管费", Amount: forms.Yuan(200), Kind: forms.KindFee}, {Text: "证明费", Amount: forms.Yuan(30), Kind: forms.KindFee}},
		forms.Payment{Method: forms.PayMobile, Reference: ref}); err != nil { // 000002
		t.Fatal(err)
	}
	r3, err := h.db.IssueReceipt(ctx, h.app.actor(), "", c.kase.CustomerID,
		[]forms.ReceiptLine{{Text: "证明费", Amount: forms.Yuan(30), Kind: forms.KindFee}}, forms.Payment{Method: forms.PayCash})
	if err != nil {
		t.Fatal(err)
	}
	reason := "收款金额录错，客户实际以移动支付交款，作废后按正确金额和方式重新开具收据，原收据联已收回"
	if err := h.db.VoidReceipt(ctx, sup, r3.ID, reason); err != nil { // 000003
		t.Fatal(err)
	}
	reason = forms.NormalizeText(reason) // as stored: prose keeps its full-width commas (issue 18)
	s := h.openDayEnd()
	if s.report == nil || len(s.report.Receipts) != 3 {
		t.Fatalf("report: %q", s.message.Text)
	}
	if !strings.Contains(s.detail.Text, "点选") {
		t.Fatalf("before any selection the detail says %q", s.detail.Text)
	}
	s.table.Select(widget.TableCellID{Row: 1, Col: 0})
	for _, want := range []string{"QB01-2026-000002", ref, "档案保管费 ¥200.00；证明费 ¥30.00", "经办人 张窗口", "¥230.00"} {
		if !strings.Contains(s.detail.Text, want) {
			t.Errorf("row 2's detail lacks %q:\n%s", want, s.detail.Text)
		}
	}
	s.table.Select(widget.TableCellID{Row: 2, Col: 4})
	if !strings.Contains(s.detail.Text, "作废：李主管 于 ") || !strings.Contains(s.detail.Text, "原因："+reason) {
		t.Errorf("the voided row's detail lacks who and why:\n%s", s.detail.Text)
	}
	rep, err := h.db.DayReport(ctx, testDay)
	if err != nil || rep.Receipts[2].VoidReason != reason || rep.Receipts[1].Reference != ref {
		t.Fatalf("database: %+v %v", rep, err)
	}
	// The label shows under the table, inside the window, wrapped.
	if !s.detail.Visible() || s.detail.Size().Height < 2*fyne.MeasureText("字", theme.TextSize(), fyne.TextStyle{}).Height {
		t.Errorf("detail label size %v", s.detail.Size())
	}
}
