package forms

import (
	"strings"
	"testing"
	"time"
)

func at(day time.Time, h, m int) time.Time {
	return day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
}

func rcpt(seq int64, t time.Time, clerk string, m PaymentMethod, lines ...ReceiptLine) Receipt {
	r := Receipt{Number: ReceiptNumber("QB01", t.Year(), seq), Year: t.Year(), Seq: seq, IssuedAt: t, ClerkName: clerk,
		PayerName: "张三", PayerID: "33010619900101123X", Payment: Payment{Method: m}, Lines: lines}
	for _, l := range lines {
		r.Total += l.Amount
	}
	return r
}

func fee(name string, y int64) ReceiptLine {
	return ReceiptLine{Text: name, Amount: Yuan(y), Kind: KindFee}
}
func dep(y int64) ReceiptLine {
	return ReceiptLine{Text: "户籍卡保障金", Amount: Yuan(y), Kind: KindDeposit}
}

// TestComputeTotals checks the cash rule written on Totals, case by case:
// each row says what one set of rows must give for cash by clerk, cash in
// total and the per-method figures.
func TestComputeTotals(t *testing.T) {
	day := time.Date(2026, 3, 5, 0, 0, 0, 0, time.Local)
	prev := day.AddDate(0, 0, -1)
	next := day.AddDate(0, 0, 1)
	voided := func(r Receipt) Receipt {
		r.Voided, r.VoidedAt, r.VoidedBy, r.VoidReason = true, at(day, 16, 0), "王主管", "收款方式错"
		return r
	}
	legacy := func(r Receipt) Receipt { r.Legacy, r.Seq = true, 0; return r }
	closed := func(state DepositState, when time.Time, by string, m PaymentMethod, y int64, leg bool) Deposit {
		return Deposit{State: state, ClosedAt: when, ClosedBy: by, RefundMethod: m, Amount: Yuan(y), Legacy: leg}
	}
	tests := []struct {
		name      string
		receipts  []Receipt
		deposits  []Deposit
		cash      Money
		byClerk   map[string]Money
		card      Money
		mobile    Money
		fees      Money
		depTaken  Money
		refunded  Money
		forfeited Money
		nReceipts int
		nVoided   int
	}{
		{name: "nothing", byClerk: map[string]Money{}},
		{name: "cash receipts by two clerks",
			receipts: []Receipt{rcpt(1, at(day, 9, 0), "李", PayCash, fee("档案保管费", 200)),
				rcpt(2, at(day, 10, 0), "赵", PayCash, fee("档案保管费", 200), dep(600))},
			cash: Yuan(1000), byClerk: map[string]Money{"李": Yuan(200), "赵": Yuan(800)},
			fees: Yuan(400), depTaken: Yuan(600), nReceipts: 2},
		{name: "card and mobile never in the drawer",
			receipts: []Receipt{rcpt(1, at(day, 9, 0), "李", PayCard, fee("a", 100)),
				rcpt(2, at(day, 9, 5), "李", PayMobile, fee("b", 50))},
			byClerk: map[string]Money{}, card: Yuan(100), mobile: Yuan(50), fees: Yuan(150), nReceipts: 2},
		{name: "a voided cash receipt is listed, not counted",
			receipts: []Receipt{voided(rcpt(1, at(day, 9, 0), "李", PayCash, dep(600))),
				rcpt(2, at(day, 9, 30), "李", PayCard, dep(600))},
			deposits: []Deposit{closed(DepositVoided, at(day, 16, 0), "王主管", "", 600, false)},
			byClerk:  map[string]Money{}, card: Yuan(600), depTaken: Yuan(600), nReceipts: 1, nVoided: 1},
		{name: "a cash refund is paid out by the refunding clerk",
			receipts: []Receipt{rcpt(1, at(day, 9, 0), "李", PayCash, fee("a", 100))},
			deposits: []Deposit{closed(DepositRefunded, at(day, 11, 0), "赵", PayCash, 600, false)},
			cash:     Yuan(100 - 600), byClerk: map[string]Money{"李": Yuan(100), "赵": -Yuan(600)},
			fees: Yuan(100), refunded: Yuan(600), nReceipts: 1},
		{name: "a refund by card leaves the drawer alone",
			deposits: []Deposit{closed(DepositRefunded, at(day, 11, 0), "赵", PayCard, 600, false)},
			byClerk:  map[string]Money{}, card: -Yuan(600), refunded: Yuan(600)},
		{name: "a forfeit moves no cash",
			deposits: []Deposit{closed(DepositForfeited, at(day, 11, 0), "王主管", "", 600, false)},
			byClerk:  map[string]Money{}, forfeited: Yuan(600)},
		{name: "a paper receipt entered today never adds cash",
			receipts: []Receipt{legacy(rcpt(0, at(day, 9, 0), "王主管", PayCash, dep(600)))},
			byClerk:  map[string]Money{}},
		{name: "a paper deposit refunded in cash is money paid out",
			deposits: []Deposit{closed(DepositRefunded, at(day, 11, 0), "赵", PayCash, 500, true)},
			cash:     -Yuan(500), byClerk: map[string]Money{"赵": -Yuan(500)}, refunded: Yuan(500)},
		{name: "rows of other days are ignored",
			receipts: []Receipt{rcpt(1, at(prev, 23, 59), "李", PayCash, fee("a", 100)),
				rcpt(9, next, "李", PayCash, fee("a", 100))},
			deposits: []Deposit{closed(DepositRefunded, at(prev, 12, 0), "赵", PayCash, 600, false),
				{State: DepositHeld, Amount: Yuan(600)}},
			byClerk: map[string]Money{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ComputeTotals(day, next, tc.receipts, tc.deposits)
			if got.Cash() != tc.cash {
				t.Errorf("Cash = %s, want %s", got.Cash(), tc.cash)
			}
			var sum Money
			for _, c := range got.Clerks() {
				sum += c.Amount
				if c.Amount != tc.byClerk[c.Clerk] {
					t.Errorf("cash of %s = %s, want %s", c.Clerk, c.Amount, tc.byClerk[c.Clerk])
				}
			}
			if len(got.Clerks()) != len(tc.byClerk) {
				t.Errorf("clerks = %v, want %v", got.Clerks(), tc.byClerk)
			}
			if sum != got.Cash() {
				t.Errorf("cash by clerk sums to %s, total %s", sum, got.Cash())
			}
			if got.Net(PayCard) != tc.card || got.Net(PayMobile) != tc.mobile {
				t.Errorf("card %s mobile %s, want %s %s", got.Net(PayCard), got.Net(PayMobile), tc.card, tc.mobile)
			}
			if got.Fees != tc.fees || got.DepositsTaken != tc.depTaken || got.DepositsRefunded != tc.refunded ||
				got.DepositsForfeited != tc.forfeited {
				t.Errorf("fees %s taken %s refunded %s forfeited %s", got.Fees, got.DepositsTaken, got.DepositsRefunded, got.DepositsForfeited)
			}
			if got.Receipts != tc.nReceipts || got.Voided != tc.nVoided {
				t.Errorf("receipts %d voided %d, want %d %d", got.Receipts, got.Voided, tc.nReceipts, tc.nVoided)
			}
		})
	}
}

func TestTotalsAdd(t *testing.T) {
	day := time.Date(2026, 3, 5, 0, 0, 0, 0, time.Local)
	a := ComputeTotals(day, day.AddDate(0, 0, 1), []Receipt{rcpt(1, at(day, 9, 0), "李", PayCash, fee("档案保管费", 200))}, nil)
	d2 := day.AddDate(0, 0, 1)
	b := ComputeTotals(d2, d2.AddDate(0, 0, 1), []Receipt{rcpt(2, at(d2, 9, 0), "李", PayCard, fee("档案保管费", 200), dep(600))}, nil)
	var m Totals
	m.Add(a)
	m.Add(b)
	if m.Cash() != Yuan(200) || m.Net(PayCard) != Yuan(800) || m.Receipts != 2 || m.TotalReceived() != Yuan(1000) {
		t.Fatalf("month = %+v", m)
	}
	if len(m.FeesByKind) != 2 || m.FeesByKind[0].Count != 2 || m.FeesByKind[0].Amount != Yuan(400) {
		t.Fatalf("fees by kind = %+v", m.FeesByKind)
	}
}

func TestBuildDayReport(t *testing.T) {
	day := time.Date(2026, 3, 5, 0, 0, 0, 0, time.Local)
	st := Station{BranchCode: "QB", Number: 1, BranchName: "钱江人才服务网点"}
	old := rcpt(3, at(day.AddDate(0, 0, -2), 9, 0), "李", PayCash, fee("a", 10))
	old.Voided, old.VoidedAt, old.VoidedBy, old.VoidReason = true, at(day, 8, 30), "王主管", "金额错"
	v := rcpt(7, at(day, 10, 0), "李", PayCash, dep(600))
	v.Voided, v.VoidedAt, v.VoidedBy, v.VoidReason = true, at(day, 10, 5), "王主管", "收款方式错"
	rs := []Receipt{rcpt(9, at(day, 11, 0), "李", PayCard, dep(600)), v, old, rcpt(6, at(day, 9, 0), "赵", PayCash, fee("档案保管费", 200))}
	skips := []ReceiptSkip{
		{Station: "QB01", Year: 2026, First: 8, Last: 8, Reason: "从备份恢复：存根联最后号码", At: at(day, 10, 30)},
		{Station: "QB01", Year: 2026, First: 1, Last: 2, Reason: "更换电脑", At: day.AddDate(0, 0, -10)},
	}
	rep := BuildDayReport(st, at(day, 15, 0), rs, nil, skips)
	var nums []string
	for _, r := range rep.Receipts {
		nums = append(nums, r.Number)
	}
	if strings.Join(nums, ",") != "QB01-2026-000006,QB01-2026-000007,QB01-2026-000009" {
		t.Fatalf("receipts = %v", nums)
	}
	if rep.FirstNumber != "QB01-2026-000006" || rep.LastNumber != "QB01-2026-000009" {
		t.Fatalf("range %s–%s", rep.FirstNumber, rep.LastNumber)
	}
	if len(rep.Skips) != 1 || rep.Skips[0].Range() != "QB01-2026-000008" {
		t.Fatalf("skips = %+v", rep.Skips)
	}
	if len(rep.Missing()) != 0 {
		t.Fatalf("missing = %v", rep.Missing())
	}
	if len(rep.VoidedLater) != 1 || rep.VoidedLater[0].Number != old.Number {
		t.Fatalf("voided later = %+v", rep.VoidedLater)
	}
	if rep.Receipts[0].MaskedID != "3301**********123X" || rep.Receipts[0].Items != "档案保管费 ¥200.00" {
		t.Fatalf("row = %+v", rep.Receipts[0])
	}
	if s := rep.Receipts[1].Status(); !strings.Contains(s, "作废") || !strings.Contains(s, "王主管") || !strings.Contains(s, "收款方式错") {
		t.Fatalf("void status = %q", s)
	}
	if rep.Totals.Cash() != Yuan(200) || rep.Totals.Net(PayCard) != Yuan(600) {
		t.Fatalf("totals = %+v", rep.Totals)
	}
	if len(rep.VoidedAfterCheck()) != 0 {
		t.Fatal("an unchecked day has voids after its check")
	}
	rep.CheckedBy, rep.CheckedAt = "王主管", at(day, 10, 1)
	if va := rep.VoidedAfterCheck(); len(va) != 1 || va[0].Number != v.Number {
		t.Fatalf("voided after the check = %+v", va)
	}
	rep.CheckedAt = at(day, 18, 0)
	if len(rep.VoidedAfterCheck()) != 0 {
		t.Fatal("a void before the check counted as after it")
	}
	// Without the skip, number 8 is missing and the report says so.
	rep = BuildDayReport(st, day, rs, nil, nil)
	if m := rep.Missing(); len(m) != 1 || m[0] != 8 {
		t.Fatalf("missing = %v", m)
	}
}

func TestCanCheckDay(t *testing.T) {
	today := time.Date(2026, 3, 5, 17, 0, 0, 0, time.Local)
	tests := []struct {
		day  time.Time
		by   string
		code string
		msg  string
	}{
		{day: today.AddDate(0, 0, -1)},
		{day: Day(today)},
		{day: today.AddDate(0, 0, 1), code: EINVALID, msg: "2026-03-06 还没有到，不能核对日结"},
		{day: today.AddDate(0, 0, -1), by: "王主管", code: ECONFLICT, msg: "2026-03-04 的日结已由王主管于2026-03-05 09:00核对，不能重复核对"},
	}
	for _, tc := range tests {
		err := CanCheckDay(tc.day, today, time.Date(2026, 3, 5, 9, 0, 0, 0, time.Local), tc.by)
		if tc.code == "" {
			if err != nil {
				t.Errorf("%s: %v", FormatDate(tc.day), err)
			}
			continue
		}
		if ErrorCode(err) != tc.code || !strings.Contains(ErrorMessage(err), tc.msg) {
			t.Errorf("%s: %v, want %s %q", FormatDate(tc.day), err, tc.code, tc.msg)
		}
	}
}

// TestPrintout_DayReport: the day report is a station document, recorded
// under no case by station and day, so its second print is 补打; a Secret
// printout or one without its report is not recorded.
func TestPrintout_DayReport(t *testing.T) {
	day := time.Date(2026, 3, 5, 0, 0, 0, 0, time.Local)
	rep := BuildDayReport(Station{BranchCode: "QB", Number: 1}, day, nil, nil, nil)
	p := &Printout{Kind: PrintDayReport, DayReport: rep, Reprint: true}
	if p.Key() != "day_report:QB01:2026-03-05" || p.Name() != "日结单_QB01_2026-03-05_补打" || p.CaseID() != "" || !p.StationDocument() {
		t.Fatalf("key %q name %q case %q station %v", p.Key(), p.Name(), p.CaseID(), p.StationDocument())
	}
	rec, ok := p.Record()
	if !ok || rec != (PrintRecord{Document: "day_report:QB01:2026-03-05", Copies: 1, Reprint: true}) {
		t.Fatalf("record = %+v %v", rec, ok)
	}
	if c := p.Clone(); c.DayReport != rep {
		t.Fatal("the clone lost the report")
	}
	for _, q := range []*Printout{{Kind: PrintDayReport}, {Kind: PrintDayReport, DayReport: rep, Secret: true}, {Kind: PrintDepositList}} {
		if _, ok := q.Record(); ok {
			t.Errorf("%s (secret %v, report %v) is recorded", q.Kind, q.Secret, q.DayReport != nil)
		}
	}
}

// TestComputeTotals_FeesByKind: the day report's 按收费项目 listed every
// renewal period as its own kind (“人才储备费 2028-09-28 至 2029-09-27：1
// 笔”); lines are summed by the fee they are for, stored before Fee
// existed or after.
func TestComputeTotals_FeesByKind(t *testing.T) {
	day := time.Date(2026, 3, 5, 0, 0, 0, 0, time.Local)
	renewal := func(fee, from, to string, y int64, named bool) ReceiptLine {
		l := ReceiptLine{Text: fee + " " + from + " 至 " + to, Amount: Yuan(y), Kind: KindFee}
		if named {
			l.Fee = fee
		}
		return l
	}
	rs := []Receipt{
		rcpt(1, at(day, 9, 0), "李明", PayCash, renewal("人才储备费", "2028-09-28", "2029-09-27", 300, true),
			renewal("档案保管费", "2028-09-28", "2029-09-27", 0, true)),
		rcpt(2, at(day, 9, 5), "李明", PayCash, renewal("人才储备费", "2030-03-19", "2031-03-18", 300, false)),
		rcpt(3, at(day, 9, 9), "李明", PayCash, fee("代理费", 100), dep(600)),
		rcpt(4, at(day, 9, 20), "李明", PayCash, fee("代理费", 100)),
	}
	got := ComputeTotals(day, day.AddDate(0, 0, 1), rs, nil).FeesByKind
	want := []FeeSum{
		{Name: "人才储备费", Kind: KindFee, Count: 2, Amount: Yuan(600)},
		{Name: "档案保管费", Kind: KindFee, Count: 1, Amount: 0},
		{Name: "代理费", Kind: KindFee, Count: 2, Amount: Yuan(200)},
		{Name: "户籍卡保障金", Kind: KindDeposit, Count: 1, Amount: Yuan(600)},
	}
	if len(got) != len(want) {
		t.Fatalf("fees by kind %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("fees by kind [%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
	for _, tc := range []struct{ text, fee, want string }{
		{"人才储备费 2025-07-01 至 2026-06-30", "", "人才储备费"},
		{"人才储备费 2025-07-01 至 2026-06-30", "人才储备费", "人才储备费"},
		{"户籍卡保障金", "", "户籍卡保障金"},
		{"代理费（2025-07-01 至 2026-06-30 之间）", "", "代理费（2025-07-01 至 2026-06-30 之间）"},
	} {
		if got := (ReceiptLine{Text: tc.text, Fee: tc.fee}).FeeName(); got != tc.want {
			t.Errorf("FeeName(%q, %q) = %q, want %q", tc.text, tc.fee, got, tc.want)
		}
	}
}

// TestBuildDayReport_DepositsTaken: of eight deposits taken on a day one
// was voided the same day (the trial's 日结 said 收取 8 笔 beside 保障金收取
// 合计 ¥4,200 and 户籍卡保障金 7 笔). Taken counts the seven valid ones,
// in count and sum alike, the voided one is listed apart, and every list
// is in receipt-number order (the PDF listed 4967, 4969, 4974, 4968…).
func TestBuildDayReport_DepositsTaken(t *testing.T) {
	day := time.Date(2026, 11, 30, 0, 0, 0, 0, time.Local)
	st := Station{BranchCode: "XL", Number: 1, BranchName: "练习网点"}
	var rs []Receipt
	var ds []Deposit
	for i, seq := range []int64{4967, 4969, 4974, 4968, 4971, 4972, 4975, 4977} {
		r := rcpt(seq, at(day, 8, 50+i), "演示客服", PayCash, dep(600))
		d := Deposit{ReceiptNumber: r.Number, Amount: Yuan(600), State: DepositHeld, TakenAt: r.IssuedAt}
		if seq == 4968 {
			r.Voided, r.VoidedAt, r.VoidedBy, r.VoidReason = true, at(day, 9, 14), "演示主管", "金额录错"
			d.State, d.ClosedAt = DepositVoided, r.VoidedAt
		}
		rs, ds = append(rs, r), append(ds, d)
	}
	rep := BuildDayReport(st, day, rs, ds, nil)
	var nums []string
	for _, d := range rep.DepositsTaken {
		nums = append(nums, d.ReceiptNumber[len(d.ReceiptNumber)-4:])
	}
	if strings.Join(nums, ",") != "4967,4969,4971,4972,4974,4975,4977" {
		t.Fatalf("deposits taken = %v, want the seven valid ones in number order", nums)
	}
	if len(rep.DepositsVoided) != 1 || !strings.HasSuffix(rep.DepositsVoided[0].ReceiptNumber, "4968") {
		t.Fatalf("deposits voided = %+v", rep.DepositsVoided)
	}
	tt := rep.Totals
	if tt.DepositsTakenCount != 7 || tt.DepositsTaken != Yuan(4200) || len(tt.FeesByKind) != 1 || tt.FeesByKind[0].Count != 7 {
		t.Fatalf("totals: taken %d %v, by kind %+v", tt.DepositsTakenCount, tt.DepositsTaken, tt.FeesByKind)
	}
	var month Totals
	month.Add(tt)
	month.Add(tt)
	if month.DepositsTakenCount != 14 || month.DepositsTaken != Yuan(8400) {
		t.Fatalf("month: %d %v", month.DepositsTakenCount, month.DepositsTaken)
	}
	// Voided on a later day: not taken, listed apart on its own day.
	ds[3].ClosedAt = at(day.AddDate(0, 0, 1), 9, 0)
	rs[3].VoidedAt = ds[3].ClosedAt
	rep = BuildDayReport(st, day, rs, ds, nil)
	if len(rep.DepositsTaken) != 7 || len(rep.DepositsVoided) != 0 || len(rep.DepositsTakenVoided) != 1 {
		t.Fatalf("voided later: taken %d, voided %d, taken-then-voided %d", len(rep.DepositsTaken), len(rep.DepositsVoided), len(rep.DepositsTakenVoided))
	}
}

// TestDayReport_AfterCheck: today was checked at 09:00 while the counter
// stayed open; a receipt issued at 09:30 and a void at 10:00 fall under a
// day already marked checked, so the report names both.
func TestDayReport_AfterCheck(t *testing.T) {
	day := time.Date(2026, 11, 30, 0, 0, 0, 0, time.Local)
	st := Station{BranchCode: "QB", Number: 1}
	early := rcpt(1, at(day, 8, 30), "李", PayCash, fee("档案保管费", 200))
	early.Voided, early.VoidedAt, early.VoidedBy, early.VoidReason = true, at(day, 10, 0), "王主管", "重复"
	rs := []Receipt{early, rcpt(2, at(day, 8, 45), "李", PayCash, fee("证明费", 30)), rcpt(3, at(day, 9, 30), "李", PayCard, dep(600))}
	rep := BuildDayReport(st, day, rs, nil, nil)
	if rep.IssuedAfterCheck() != nil || rep.AfterCheckNote() != "" {
		t.Fatal("an unchecked day has receipts after its check")
	}
	rep.CheckedBy, rep.CheckedAt = "王主管", at(day, 9, 0)
	if ia := rep.IssuedAfterCheck(); len(ia) != 1 || ia[0].Seq != 3 {
		t.Fatalf("issued after the check = %+v", ia)
	}
	note := rep.AfterCheckNote()
	for _, want := range []string{"主管核对后又开出了 1 张收据（QB01-2026-000003 ¥600.00）", "主管核对后又作废了 1 张收据（QB01-2026-000001 ¥200.00）", "核对时的现金与现在的合计不同"} {
		if !strings.Contains(note, want) {
			t.Errorf("note %q lacks %q", note, want)
		}
	}
	rep.CheckedAt = at(day, 18, 0)
	if rep.AfterCheckNote() != "" {
		t.Fatalf("checked at closing: note %q", rep.AfterCheckNote())
	}
}
