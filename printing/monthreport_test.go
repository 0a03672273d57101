package printing

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

// monthReport builds October 2026 as the store would: receipts on some
// days (cash, card, mobile; one voided), a cash refund, a forfeit, the
// 5th checked, and held deposits held at the month's end.
func monthReport(t *testing.T, held int) *forms.MonthReport {
	t.Helper()
	r, err := forms.NewMonthReport(station(), 2026, time.October, time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local))
	if err != nil {
		t.Fatal(err)
	}
	r.MadeAt = at
	rc := func(day, hour int, m forms.PaymentMethod, fee, dep forms.Money, voided bool) forms.Receipt {
		x := forms.Receipt{IssuedAt: time.Date(2026, 10, day, hour, 0, 0, 0, time.Local), Payment: forms.Payment{Method: m},
			ClerkName: "李明", Total: fee + dep, Voided: voided}
		if fee > 0 {
			x.Lines = append(x.Lines, forms.ReceiptLine{Text: "档案保管费", Amount: fee, Kind: forms.KindFee})
		}
		if dep > 0 {
			x.Lines = append(x.Lines, forms.ReceiptLine{Text: "户籍卡保障金", Amount: dep, Kind: forms.KindDeposit})
		}
		return x
	}
	rows := map[int][]forms.Receipt{
		5:  {rc(5, 9, forms.PayCash, 12000, 60000, false), rc(5, 10, forms.PayCard, 0, 60000, false), rc(5, 11, forms.PayMobile, 30050, 0, false)},
		12: {rc(12, 9, forms.PayCash, 0, 60000, true)},
		31: {rc(31, 23, forms.PayCash, 123456789, 0, false)}, // ¥1,234,567.89: a wide amount
	}
	deps := map[int][]forms.Deposit{
		12: {{Amount: 60000, State: forms.DepositRefunded, RefundMethod: forms.PayCash, ClosedBy: "张丽华", ClosedAt: time.Date(2026, 10, 12, 15, 0, 0, 0, time.Local)}},
		20: {{Amount: 60000, State: forms.DepositForfeited, ClosedBy: "张丽华", ClosedAt: time.Date(2026, 10, 20, 15, 0, 0, 0, time.Local)}},
	}
	for i := range r.Days {
		from := r.Days[i].Day
		r.Days[i].Totals = forms.ComputeTotals(from, from.AddDate(0, 0, 1), rows[i+1], deps[i+1])
	}
	r.Days[4].Checked, r.Days[4].CheckedBy, r.Days[4].CheckedAt = true, "张丽华", time.Date(2026, 10, 6, 9, 0, 0, 0, time.Local)
	names := []string{"王芳", "李娜", "张伟", "刘洋", "陈静"}
	for i := range held {
		id := withCheckDigit(fmt.Sprintf("510113199%d0%d1%d%03d", i%10, 1+i%9, i%10, 100+i))
		r.Held = append(r.Held, deposit(names[i%len(names)], id, 10+i, time.Date(2026, 3, 1, 10, 0, 0, 0, time.Local).AddDate(0, 0, 3*i)))
	}
	r.Finish()
	return r
}

// yuanOf reads "1,234.50" or "-600.00" back as Money.
func yuanOf(t *testing.T, s string) forms.Money {
	t.Helper()
	v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	if err != nil {
		t.Fatalf("%q is not an amount: %v", s, err)
	}
	return forms.Money(math.Round(v * 100))
}

func TestRender_MonthReport(t *testing.T) {
	r := monthReport(t, 60)
	p := &forms.Printout{Kind: forms.PrintMonthReport, Station: station(), Clerk: "李明", At: at, MonthReport: r}
	if got := p.Name(); got != "月报_QB01_2026-10" {
		t.Errorf("Name() = %q", got)
	}
	if _, ok := p.Record(); ok {
		t.Error("a month report is recorded as a case's print")
	}
	path := render(t, "月报", p)
	text := pdftext(t, path)
	if n := pageCount(t, path); n < 2 {
		t.Fatalf("%d page(s); 31 days, totals and 60 deposits need at least 2", n)
	}
	for _, want := range []string{"2026年10月 收款月报", "统计期间：2026-10-01 至 2026-10-31", "金额单位：元",
		"在押保障金（截至 2026-10-31）", "合计 共 60 笔", "制表人 李明", "主管审核", "财务核对",
		"日结已核对 1 天，共 31 天", "应有现金按经办人：", "档案保管费 3 笔"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	if strings.Contains(text, "本月尚未结束") {
		t.Error("a past month says it is still running")
	}

	// Every day row, and the 合计 row is the sum of their columns and the
	// month's totals.
	const ncol = 9 // 收据 作废 收费 收保障金 现金 银行卡 移动支付 退还 应有现金
	var sums [ncol]forms.Money
	var total []string
	days := 0
	for _, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		if len(f) < ncol+1 {
			continue
		}
		switch {
		case len(f[0]) == 5 && f[0][2] == '-' && strings.HasPrefix(f[0], "10-"):
			days++
			for i := range ncol {
				if i < 2 {
					n, err := strconv.Atoi(f[1+i])
					if err != nil {
						t.Fatalf("row %q: %v", line, err)
					}
					sums[i] += forms.Money(n)
				} else {
					sums[i] += yuanOf(t, f[1+i])
				}
			}
		case f[0] == "合计" && total == nil:
			total = f
		}
	}
	if days != 31 {
		t.Fatalf("%d day rows in the PDF, want 31:\n%s", days, text)
	}
	if total == nil {
		t.Fatalf("no 合计 row:\n%s", text)
	}
	m := r.Totals
	want := [ncol]forms.Money{forms.Money(m.Receipts), forms.Money(m.Voided), m.Fees, m.DepositsTaken,
		m.Received[forms.PayCash], m.Received[forms.PayCard], m.Received[forms.PayMobile], m.DepositsRefunded, m.Cash()}
	for i := range ncol {
		var got forms.Money
		if i < 2 {
			n, _ := strconv.Atoi(total[1+i])
			got = forms.Money(n)
		} else {
			got = yuanOf(t, total[1+i])
		}
		if got != want[i] || got != sums[i] {
			t.Errorf("合计 column %d = %s, want the month's %s and the days' sum %s", i+1, got, want[i], sums[i])
		}
	}
	if m.Cash() != 72000+123456789-60000 {
		t.Fatalf("fixture: month cash %s", m.Cash())
	}
	if !strings.Contains(text, "应有现金 "+m.Cash().String()) {
		t.Errorf("PDF lacks the month's cash %s", m.Cash())
	}

	// The held list: 60 rows whose amounts add up to the printed total,
	// in figures and capitals.
	var held forms.Money
	rows := 0
	for _, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		if len(f) >= 8 && strings.HasPrefix(f[1], "QB01-2026-") {
			rows++
			held += yuanOf(t, f[len(f)-1])
		}
	}
	if rows != 60 || held != r.HeldTotal || held != 60*60000 {
		t.Errorf("held list: %d rows adding up to %s, want 60 and %s", rows, held, r.HeldTotal)
	}
	if !strings.Contains(text, "人民币"+r.HeldTotal.Capitals()) || !strings.Contains(text, yuanCell(r.HeldTotal)) {
		t.Errorf("PDF lacks the held total %s / %s", r.HeldTotal, r.HeldTotal.Capitals())
	}
}

// The running month says so; an empty month prints zeros and no list.
func TestRender_MonthReportEmptyRunning(t *testing.T) {
	r, err := forms.NewMonthReport(station(), 2026, time.November, time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local))
	if err != nil {
		t.Fatal(err)
	}
	r.Finish()
	text := pdftext(t, render(t, "月报_空", &forms.Printout{Kind: forms.PrintMonthReport, Station: station(), Clerk: "李明", At: at, MonthReport: r}))
	for _, want := range []string{"2026-11-01 至 2026-11-23（本月尚未结束）", "月末没有在押保障金。", "合计 共 0 笔", "人民币零元整", "11-30"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks %q:\n%s", want, text)
		}
	}
}

func TestRender_MonthReportNeedsReport(t *testing.T) {
	var sb strings.Builder
	if err := Render(&nopWriter{&sb}, &forms.Printout{Kind: forms.PrintMonthReport, Station: station()}); err == nil {
		t.Fatal("a month report without its report rendered")
	}
}

type nopWriter struct{ b *strings.Builder }

func (w *nopWriter) Write(p []byte) (int, error) { return w.b.Write(p) }
