package ui

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/xuri/excelize/v2"

	"counterdesk/forms"
)

// failingWriter is a USB stick pulled out mid-write.
type failingWriter struct{ closed bool }

func (w *failingWriter) Write([]byte) (int, error) { return 0, errors.New("write: device removed") }
func (w *failingWriter) Close() error              { w.closed = true; return nil }

// monthHarness is a station set up on 2026-10-01 whose supervisor lent two
// cards in October (10-05 and 10-20) and refunded the second on 10-25;
// the clock is back on testDay (2026-11-23).
func monthHarness(t *testing.T) (*harness, *monthReportScreen) {
	t.Helper()
	h := newHarness(t)
	h.app.win.Resize(fyne.NewSize(fitWidth, fitHeight))
	ctx := context.Background()
	h.clock.Set(time.Date(2026, 10, 1, 9, 0, 0, 0, time.Local))
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.clock.Set(time.Date(2026, 10, 5, 10, 0, 0, 0, time.Local))
	h.acceptBorrowCase("冯巩", withCheck("51011319900101999"), "13900009999")
	h.clock.Set(time.Date(2026, 10, 20, 10, 0, 0, 0, time.Local))
	c := h.acceptBorrowCase("王芳", femaleID, "13812345678")
	h.clock.Set(time.Date(2026, 10, 25, 10, 0, 0, 0, time.Local))
	dep, err := h.db.DepositOfCase(ctx, c.kase.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.db.RefundDeposit(ctx, h.app.actor(), forms.RefundRequest{DepositID: dep.ID,
		Returned: []string{forms.ReturnedCard, forms.ReturnedPromise, forms.ReturnedReceipt},
		Payment:  forms.Payment{Method: forms.PayCash}}); err != nil {
		t.Fatal(err)
	}
	h.clock.Set(testDay)
	s := newMonthReportScreen(h.app)
	h.app.win.SetContent(s.content())
	return h, s
}

// TestMonthReport_ShowPrintExport: the screen opens on last month, shows
// each day's and the month's totals as the store computes them, prints one
// PDF and exports a workbook whose cells are the same figures.
func TestMonthReport_ShowPrintExport(t *testing.T) {
	h, s := monthHarness(t)
	ctx := context.Background()
	if s.report != nil {
		t.Fatal("the month was read before its tab was shown")
	}
	s.onShown()
	h.wait()
	r := s.report
	if r == nil || r.Year != 2026 || r.Month != time.October {
		t.Fatalf("the screen did not open on October 2026: %+v (message %q)", r, s.message.Text)
	}
	want, err := h.db.MonthReport(ctx, 2026, time.October)
	if err != nil {
		t.Fatal(err)
	}
	if rows, cols := s.table.Length(); rows != 32 || cols != len(monthColumns) {
		t.Fatalf("table %d×%d, want 31 days and 合计", rows, cols)
	}
	for _, tc := range []struct {
		row, col int
		want     string
	}{
		{4, 0, "2026-10-05"},
		{4, 1, "1"},
		{4, 5, "¥600.00"},
		{4, 9, "¥600.00"},
		{24, 8, "¥600.00"},  // the refund on 10-25
		{24, 9, "-¥600.00"}, // paid out of the drawer
		{3, 9, "¥0.00"},     // a day without receipts
		{31, 0, "合计"},
		{31, 1, "2"},
		{31, 5, want.Totals.Received[forms.PayCash].String()},
		{31, 9, want.Totals.Cash().String()},
		{31, 10, "0/31 天"},
		{4, 10, "未核对"},
	} {
		if got := s.cell(tc.row, tc.col); got != tc.want {
			t.Errorf("cell (%d, %d) = %q, want %q", tc.row, tc.col, got, tc.want)
		}
	}
	if want.Totals.Cash() != 60000 {
		t.Fatalf("fixture: October cash %s", want.Totals.Cash())
	}
	for _, part := range []string{"2026年10月", "有效收据 2 张", "应有现金 ¥600.00", "月末在押保障金 1 笔，合计 ¥600.00"} {
		if !strings.Contains(s.summary.Text, part) {
			t.Errorf("summary %q lacks %q", s.summary.Text, part)
		}
	}
	if m := misfits(h.app.win); len(m) > 0 {
		t.Errorf("month report does not fit 1280×720: %v", m)
	}

	// 打印月报: one PDF of the month.
	before := len(h.pr.jobs)
	test.Tap(s.printBtn)
	h.wait()
	if len(h.pr.jobs) != before+1 || len(h.pr.jobs[before]) != 1 {
		t.Fatalf("print jobs %v, want one more PDF of one printout", h.pr.kinds())
	}
	p := h.pr.jobs[before][0]
	if p.Kind != forms.PrintMonthReport || p.MonthReport == nil || p.MonthReport.Month != time.October || p.Clerk != "李主管" {
		t.Fatalf("printed %+v", p)
	}

	// 导出Excel: the save dialog, then the workbook written through the
	// store where the clerk chose.
	test.Tap(s.exportBtn)
	h.wait()
	if s.save == nil {
		t.Fatal("导出Excel showed no save dialog")
	}
	if m := misfits(h.app.win); len(m) > 0 {
		t.Errorf("the save dialog does not fit 1280×720: %v", m)
	}
	h.app.win.Canvas().Overlays().Top().Hide()
	path := filepath.Join(t.TempDir(), "财务 U盘", r.FileStem()+".xlsx")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	s.export(f, path, r)
	h.wait()
	if s.message.Visible() {
		t.Fatalf("export failed: %s", s.message.Text)
	}
	book, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("the exported workbook does not open: %v", err)
	}
	defer book.Close()
	days, err := book.GetRows("日汇总", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	head := days[2]
	col := func(name string) int {
		for i, h := range head {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %s in %v", name, head)
		return -1
	}
	total := days[len(days)-1]
	yuan := func(s string) forms.Money {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		return forms.Money(math.Round(v * 100))
	}
	if total[0] != "合计" || yuan(total[col("应有现金")]) != want.Totals.Cash() ||
		yuan(total[col("现金收款")]) != want.Totals.Received[forms.PayCash] || yuan(total[col("退还保障金")]) != 60000 {
		t.Errorf("workbook 合计 row %v, want the month's figures", total)
	}
	if got := days[3+4]; got[0] != "2026-10-05" || yuan(got[col("收取保障金")]) != 60000 {
		t.Errorf("workbook row of 10-05: %v", got)
	}
	held, err := book.GetRows("在押保障金", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(held) != 5 || held[3][2] != "冯巩" || held[4][1] != "共 1 笔" || yuan(held[4][7]) != 60000 {
		t.Errorf("workbook held sheet %v", held)
	}
	if !strings.Contains(h.app.home.status.Text, path) {
		t.Errorf("status %q does not say where the workbook went", h.app.home.status.Text)
	}

	// A stick pulled out: nothing claims success, the clerk reads why.
	h.app.win.Canvas().Overlays().Top().Hide()
	fw := &failingWriter{}
	s.export(fw, "E:/月报.xlsx", r)
	h.wait()
	if !s.message.Visible() || !strings.Contains(s.message.Text, "导出Excel失败") || !strings.Contains(s.message.Text, "换一个保存位置") || !fw.closed {
		t.Errorf("a failed export said %q (closed %v)", s.message.Text, fw.closed)
	}
	if top := h.app.win.Canvas().Overlays().Top(); top == nil || !strings.Contains(dialogTitle(top), "无法导出") {
		t.Error("a failed export showed no dialog")
	}
	if m := misfits(h.app.win); len(m) > 0 {
		t.Errorf("the failure does not fit 1280×720: %v", m)
	}
}

// A month that has not begun is refused above the table: nothing to print
// or export, and picking a past month again clears the message.
func TestMonthReport_MonthToCome(t *testing.T) {
	h, s := monthHarness(t)
	s.show(2026, time.December)
	h.wait()
	if s.report != nil || !s.message.Visible() || !strings.Contains(s.message.Text, "2026年12月还没有开始") {
		t.Fatalf("December 2026 on 2026-11-23: report %v, message %q", s.report != nil, s.message.Text)
	}
	if !s.printBtn.Disabled() || !s.exportBtn.Disabled() {
		t.Error("print or export offered without a month")
	}
	if rows, _ := s.table.Length(); rows != 0 {
		t.Errorf("table kept %d rows", rows)
	}
	// The running month: so far, and it says so.
	s.show(2026, time.November)
	h.wait()
	if s.report == nil || s.message.Visible() || !strings.Contains(s.summary.Text, "本月尚未结束，统计至 2026-11-23") {
		t.Fatalf("November: message %q, summary %q", s.message.Text, s.summary.Text)
	}
	if s.printBtn.Disabled() || s.exportBtn.Disabled() {
		t.Error("print or export not offered for the running month")
	}
	if rows, _ := s.table.Length(); rows != 31 {
		t.Errorf("November has %d rows, want 30 days and 合计", rows)
	}
}

// walkMonthReport checks the 月报 tab inside 日结 for the fit walk
// (fit_test.go): last month, the running month with the day's receipts,
// a month to come (the message), the save dialog and a failed export.
func walkMonthReport(w *fitWalker) {
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
	home.dayEnd.root.SelectIndex(1)
	w.wait()
	s := home.dayEnd.month
	w.check("日结 · 月报（上月）")
	now := w.app.now()
	s.show(now.Year(), now.Month())
	w.check("日结 · 月报（本月，统计至今天）")
	if w.tap("导出Excel") {
		w.check("日结 · 月报 → 导出Excel（保存对话框）")
		w.closeDialogs()
	} else {
		w.t.Error("fit walk: 导出Excel not offered for the running month")
	}
	s.exportFailed(errors.New("write: device removed"))
	w.check("日结 · 月报（导出失败）")
	w.closeDialogs()
	next := forms.MonthEnd(now.Year(), now.Month())
	s.show(next.Year(), next.Month())
	w.check("日结 · 月报（未开始的月份）")
	s.show(now.Year(), now.Month())
	w.wait()
	home.dayEnd.root.SelectIndex(0)
}
