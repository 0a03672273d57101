package printing

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

// dayReportPrintout is a busy day: n receipts by three clerks in every
// payment method, every seventh voided, fees and deposits, two refunds (cash
// and card), a forfeit, a paper deposit entered, and a skipped range.
func dayReportPrintout(n int) *forms.Printout {
	day := time.Date(2026, 3, 5, 0, 0, 0, 0, time.Local)
	clerks := []string{"李窗口", "赵窗口", "王主管"}
	var rs []forms.Receipt
	for i := 0; i < n; i++ {
		seq := int64(i + 1)
		if seq >= 20 {
			seq += 3 // 20–22 skipped by a restore
		}
		at := day.Add(8*time.Hour + time.Duration(i)*4*time.Minute)
		r := forms.Receipt{Number: forms.ReceiptNumber("QB01", 2026, seq), Year: 2026, Seq: seq, IssuedAt: at,
			PayerName: fmt.Sprintf("客户%d", i+1), PayerID: femaleID, ClerkName: clerks[i%3],
			Payment: forms.Payment{Method: forms.PaymentMethods[i%3]}}
		if r.Payment.Method.TakesReference() {
			r.Payment.Reference = fmt.Sprintf("TX%08d", i)
		}
		r.Lines = []forms.ReceiptLine{{Text: "档案保管费", Amount: forms.Money(10000 + 137*i), Kind: forms.KindFee}}
		if i%4 == 0 {
			r.Lines = append(r.Lines, forms.ReceiptLine{Text: "户籍卡保障金", Amount: forms.Yuan(600), Kind: forms.KindDeposit})
		}
		if i%5 == 0 {
			r.Lines = append(r.Lines, forms.ReceiptLine{Text: "人才储备费（2026年3月至2027年2月）", Amount: forms.Yuan(120), Kind: forms.KindFee})
		}
		for _, l := range r.Lines {
			r.Total += l.Amount
		}
		if i%7 == 3 {
			r.Voided, r.VoidedBy, r.VoidedAt, r.VoidReason = true, "王主管", at.Add(10*time.Minute), "收款方式选错"
		}
		rs = append(rs, r)
	}
	deps := []forms.Deposit{
		{ReceiptNumber: "QB01-2026-000003", CustomerName: "退款甲", CustomerIDNo: femaleID, Amount: forms.Yuan(600),
			State: forms.DepositRefunded, RefundMethod: forms.PayCash, ClosedBy: "赵窗口", ClosedAt: day.Add(15 * time.Hour), TakenAt: day.AddDate(0, -1, 0)},
		{ReceiptNumber: "QB01-2026-000002", CustomerName: "退款乙", Amount: forms.Yuan(500),
			State: forms.DepositRefunded, RefundMethod: forms.PayCard, ClosedBy: "李窗口", ClosedAt: day.Add(15 * time.Hour), TakenAt: day.AddDate(0, -2, 0)},
		{ReceiptNumber: "QB01-2025-000100", CustomerName: "没收丙", Amount: forms.Yuan(600), Reason: "逾期三个月未归还，多次联系未果",
			State: forms.DepositForfeited, ClosedBy: "王主管", ClosedAt: day.Add(16 * time.Hour), TakenAt: day.AddDate(-1, 0, 0)},
		{ReceiptNumber: "纸质0012345", CustomerName: "补录丁", Amount: forms.Yuan(400), Legacy: true, Method: forms.PayCash,
			State: forms.DepositHeld, TakenAt: day.Add(9 * time.Hour)},
	}
	skips := []forms.ReceiptSkip{{Station: "QB01", Year: 2026, First: 20, Last: 22, At: day.Add(12 * time.Hour), By: "王主管",
		Reason: "备份恢复后，存根联最后一张收据号为 QB01-2026-000022"}}
	rep := forms.BuildDayReport(station(), day, rs, deps, skips)
	rep.CheckedBy, rep.CheckedAt = "王主管", day.Add(18*time.Hour)
	return &forms.Printout{Kind: forms.PrintDayReport, Station: station(), Clerk: "李窗口",
		At: day.Add(18*time.Hour + 5*time.Minute), DayReport: rep}
}

var (
	rowRe    = regexp.MustCompile(`^\s*(QB01-2026-\d{6})\s+(\d\d:\d\d)\s`)
	moneyRe  = regexp.MustCompile(`-?¥[\d,]+\.\d\d`)
	methodRe = regexp.MustCompile(`现金|银行卡|移动支付`)
)

// money parses a printed amount such as "¥1,005.30" or "-¥5.00".
func money(t *testing.T, s string) forms.Money {
	t.Helper()
	neg := strings.HasPrefix(s, "-")
	m, err := forms.ParseMoney(strings.TrimPrefix(s, "-"))
	if err != nil {
		t.Fatalf("amount %q: %v", s, err)
	}
	if neg {
		return -m
	}
	return m
}

// TestRender_DayReport renders a busy day over several pages, reads it back
// with pdftotext and checks every total it prints against the receipts and
// refunds it lists: by method, by clerk, the cash in total; every receipt
// is listed once, in number order, the voided ones marked 作废 and left
// out of the totals; the skipped range shows with its reason.
func TestRender_DayReport(t *testing.T) {
	needPoppler(t)
	p := dayReportPrintout(120)
	path := render(t, "dayreport", p)
	pages := pageCount(t, path)
	if pages < 3 {
		t.Fatalf("120 receipts on %d pages, want several", pages)
	}
	text := pdftext(t, path)
	lines := strings.Split(text, "\n")

	received := map[string]forms.Money{}
	refunded := map[string]forms.Money{}
	cash := map[string]forms.Money{}
	var numbers []string
	voided := 0
	for i, l := range lines {
		m := rowRe.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		numbers = append(numbers, m[1])
		isVoid := false
		for _, next := range lines[i+1 : min(i+10, len(lines))] {
			if rowRe.MatchString(next) {
				break
			}
			if strings.HasPrefix(strings.TrimSpace(next), "作废：") {
				isVoid = true
			}
		}
		amounts := moneyRe.FindAllStringIndex(l, -1)
		method := methodRe.FindString(squash(l))
		if len(amounts) == 0 || method == "" {
			t.Fatalf("row without amount or method: %q", l)
		}
		last := amounts[len(amounts)-1]
		amount := money(t, l[last[0]:last[1]])
		clerk := strings.TrimSpace(l[last[1]:])
		if isVoid {
			voided++
			continue
		}
		received[method] += amount
		if method == "现金" {
			cash[clerk] += amount
		}
	}
	for _, l := range lines {
		s := squash(l)
		if !strings.Contains(s, "退款方式：") {
			continue
		}
		method := methodRe.FindString(s[strings.Index(s, "退款方式："):])
		amount := money(t, moneyRe.FindString(l))
		refunded[method] += amount
		if method == "现金" {
			_, clerk, _ := strings.Cut(s, "经办：")
			cash[clerk] -= amount
		}
	}

	// Every receipt, once, in number order.
	rep := p.DayReport
	if len(numbers) != len(rep.Receipts) {
		t.Fatalf("%d receipt rows in the PDF, %d in the report", len(numbers), len(rep.Receipts))
	}
	for i, r := range rep.Receipts {
		if numbers[i] != r.Number {
			t.Fatalf("row %d is %s, want %s", i, numbers[i], r.Number)
		}
	}
	if voided != rep.Totals.Voided || voided == 0 {
		t.Fatalf("%d rows marked 作废, %d voided", voided, rep.Totals.Voided)
	}
	if len(refunded) != 2 {
		t.Fatalf("refunds read = %v", refunded)
	}

	flat := squash(text)
	// Every item of every receipt is printed, none cut off: the row's
	// block holds each item's amount and the receipt's.
	for i, l := range lines {
		m := rowRe.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		block := l
		for _, next := range lines[i+1:] {
			if rowRe.MatchString(next) || strings.TrimSpace(next) == "" {
				break
			}
			block += "\n" + next
		}
		var want []string
		for _, r := range rep.Receipts {
			if r.Number == m[1] {
				for _, it := range strings.Split(r.Items, "；") {
					want = append(want, moneyRe.FindString(it))
				}
				want = append(want, r.Amount.String())
			}
		}
		got := moneyRe.FindAllString(block, -1)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("%s prints the amounts %v, its items and total are %v:\n%s", m[1], got, want, block)
		}
	}

	// The printed totals by method agree with the rows.
	var sumIn, sumOut forms.Money
	for _, m := range forms.PaymentMethods {
		want := "按方式" + m.Label() + squash(received[m.Label()].String()+refunded[m.Label()].String()+
			(received[m.Label()]-refunded[m.Label()]).String())
		if !strings.Contains(flat, want) {
			t.Errorf("PDF lacks the %s totals %q", m.Label(), want)
		}
		sumIn += received[m.Label()]
		sumOut += refunded[m.Label()]
	}
	mustContain(t, text, "合计"+sumIn.String()+sumOut.String()+(sumIn-sumOut).String())

	// Cash by clerk and in total.
	var total forms.Money
	for clerk, c := range cash {
		mustContain(t, text, "经办人"+clerk+c.String())
		total += c
	}
	mustContain(t, text, "应有现金合计"+total.String(), "大写：人民币"+total.Capitals())
	if total != rep.Totals.Cash() {
		t.Errorf("cash read from the PDF %s, report %s", total, rep.Totals.Cash())
	}

	// The rest of the page furniture.
	mustContain(t, text, "日 结 单", station().BranchName, "日期：2026年3月5日", "窗口：QB01",
		"主管核对：王主管", "使用号段 QB01-2026-000001 至 QB01-2026-000123",
		"跳号 QB01-2026-000020 至 QB01-2026-000022", "存根联最后一张收据号为",
		"纸质收据补录，不计现金", "不涉及现金", "经办人：", "主管：",
		"第 1 页 共 "+strconv.Itoa(pages)+" 页", forms.MaskID(femaleID))
	mustNotContain(t, text, femaleID, "补打", "缺号")
	for _, cut := range []string{"收据号", "交款人"} { // the header repeats on every page of the table
		if n := strings.Count(text, cut); n < pages-1 {
			t.Errorf("column %s on %d pages of %d", cut, n, pages)
		}
	}

	// A reprint says so.
	p.Reprint = true
	mustContain(t, pdftext(t, render(t, "dayreport-reprint", p), 1, 1), "补打 2026-03-05")
}

// TestRender_DayReportEmpty: a day without receipts prints, says so, and
// shows zero cash.
func TestRender_DayReportEmpty(t *testing.T) {
	needPoppler(t)
	day := time.Date(2026, 3, 8, 0, 0, 0, 0, time.Local)
	rep := forms.BuildDayReport(station(), day, nil, nil, nil)
	text := pdftext(t, render(t, "dayreport-empty", &forms.Printout{Kind: forms.PrintDayReport, Station: station(), At: day, DayReport: rep}))
	mustContain(t, text, "当日没有开出收据。", "应有现金合计¥0.00", "当日未使用收据号", "主管核对：未核对", "第 1 页 共 1 页")
}

// BenchmarkRenderDayReport renders a busy day (200 receipts) as a PDF; with
// the store's read (store.BenchmarkDayReport) the target is under 300 ms
// (issue 14).
func BenchmarkRenderDayReport(b *testing.B) {
	benchRender(b, dayReportPrintout(200)) // speed_test.go
}

// trialDepositDay is the trial's day: eight deposit receipts, out of
// number order in the rows as the store's UNION gives them, the fourth
// (4968) voided the same day.
func trialDepositDay() *forms.Printout {
	day := time.Date(2026, 11, 30, 0, 0, 0, 0, time.Local)
	var rs []forms.Receipt
	var ds []forms.Deposit
	for i, seq := range []int64{4967, 4969, 4974, 4968, 4971, 4972, 4975, 4977} {
		at := day.Add(8*time.Hour + time.Duration(seq-4900)*time.Minute)
		r := forms.Receipt{Number: forms.ReceiptNumber("QB01", 2026, seq), Year: 2026, Seq: seq, IssuedAt: at,
			PayerName: fmt.Sprintf("客户%d", i+1), PayerID: femaleID, ClerkName: "演示客服", Payment: forms.Payment{Method: forms.PayCash},
			Lines: []forms.ReceiptLine{{Text: "户籍卡保障金", Amount: forms.Yuan(600), Kind: forms.KindDeposit}}, Total: forms.Yuan(600)}
		d := forms.Deposit{ReceiptNumber: r.Number, CustomerName: r.PayerName, CustomerIDNo: femaleID, Amount: forms.Yuan(600),
			Method: forms.PayCash, State: forms.DepositHeld, TakenAt: at}
		if seq == 4968 {
			r.Voided, r.VoidedBy, r.VoidedAt, r.VoidReason = true, "演示主管", at.Add(15*time.Minute), "收款金额录错"
			d.State, d.ClosedAt = forms.DepositVoided, r.VoidedAt
		}
		rs, ds = append(rs, r), append(ds, d)
	}
	rep := forms.BuildDayReport(station(), day, rs, ds, nil)
	return &forms.Printout{Kind: forms.PrintDayReport, Station: station(), Clerk: "演示客服", At: day.Add(18 * time.Hour), DayReport: rep}
}

// TestRender_DayReportDepositsTaken: the trial's PDF said 收取 8 笔
// ¥4,800.00 counting a voided deposit, beside 保障金收取合计 ¥4,200.00,
// and listed the deposits 4967, 4969, 4974, 4968…: taken counts the seven
// valid ones, the voided one is under 作废, each list in number order.
func TestRender_DayReportDepositsTaken(t *testing.T) {
	needPoppler(t)
	text := pdftext(t, render(t, "dayreport-deposits", trialDepositDay()))
	mustContain(t, text, "收取 7 笔", "作废 1 笔", "保障金收取合计", "户籍卡保障金（保障金）　7 笔")
	if strings.Contains(squash(text), squash("收取 8 笔")) || strings.Contains(text, "¥4,800.00") {
		t.Errorf("the voided deposit is counted as taken:\n%s", text)
	}
	sec := text[strings.Index(text, "二、保障金"):strings.Index(text, "三、")]
	if !regexp.MustCompile(`收取\s*7\s*笔\s+¥4,200\.00`).MatchString(sec) {
		t.Errorf("taken line is not 收取 7 笔 ¥4,200.00:\n%s", sec)
	}
	var seqs []string
	for _, m := range regexp.MustCompile(`QB01-2026-00(\d{4})`).FindAllStringSubmatch(sec, -1) {
		seqs = append(seqs, m[1])
	}
	if strings.Join(seqs, ",") != "4967,4969,4971,4972,4974,4975,4977,4968" {
		t.Errorf("deposit lists in order %v, want the taken ones by number, then the voided one", seqs)
	}
}

// TestRender_DayReportLongReference: the trial's PDF cut mobile-payment
// references to "420059883294…"; finance needs them whole to match the
// statement. A 32-character reference wraps in its column (the row grows),
// and a long void reason wraps too instead of being cut.
func TestRender_DayReportLongReference(t *testing.T) {
	needPoppler(t)
	p := trialDepositDay()
	const ref = "42005988329420261130083112345678"
	reason := "演示：收款金额录错，客户实际以移动支付交款，交易单号已核对无误，作废后按正确金额和方式重新开具收据，原收据联已收回"
	for i := range p.DayReport.Receipts {
		r := &p.DayReport.Receipts[i]
		switch r.Seq {
		case 4967:
			r.Method, r.Reference = forms.PayMobile, ref
		case 4968:
			r.VoidReason = reason
		}
	}
	text := pdftext(t, render(t, "dayreport-reference", p))
	if strings.Contains(text, "…") {
		t.Errorf("something is cut off with …:\n%s", text)
	}
	mustContain(t, text, ref, reason)
}

// TestRender_DayReportAfterCheck: today checked at 08:55 (before all eight) while the counter
// stayed open; the receipts issued after it (and the void after it) are
// pointed out on the PDF.
func TestRender_DayReportAfterCheck(t *testing.T) {
	needPoppler(t)
	p := trialDepositDay()
	p.DayReport.CheckedBy, p.DayReport.CheckedAt = "演示主管", p.DayReport.Day.Add(8*time.Hour+55*time.Minute)
	text := pdftext(t, render(t, "dayreport-aftercheck", p))
	mustContain(t, text, "主管核对后又开出了 8 张收据（QB01-2026-004967 ¥600.00、", "主管核对后又作废了 1 张收据（QB01-2026-004968 ¥600.00）", "核对时的现金与现在的合计不同")
}
