package forms

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Totals are the money figures of a period (a day, a month) at one
// station, in fen. ComputeTotals builds them from the period's receipt
// and deposit rows; the day-end report (日结) and the month report show
// them, and Add sums days into a month.
//
// The cash that should be in the drawer (Cash, CashByClerk) follows SPEC
// "Money and receipts" (日结: "totals by payment method, cash expected in
// the drawer, by clerk and in total") and "Deposit refund desk":
//
//   - plus every cash receipt issued in the period and not voided (a
//     voided receipt "stays in every report marked 作废" but its money is
//     not counted: it was given back or re-issued on a new receipt);
//   - minus every deposit refunded in cash in the period (the money paid
//     out of the drawer), counted for the clerk who paid it out
//     (Deposit.ClosedBy);
//   - a forfeit moves no money: the deposit was taken on an earlier day and
//     stays with the branch (SPEC: forfeited by a supervisor after the
//     return date);
//   - a paper (legacy) receipt or deposit entered by a supervisor never
//     adds to the day's cash: SPEC "it counts in deposits held, never in
//     the day's cash". Only a refund of it in cash, money that really
//     leaves the drawer, is subtracted like any other cash refund.
//
// Card and mobile amounts are shown the same way (received minus
// refunded by that method) for the bank statement; they never touch the
// drawer.
type Totals struct {
	// Received is what valid (not voided, not legacy) receipts of the
	// period took, by payment method.
	Received map[PaymentMethod]Money
	// Refunded is what deposit refunds of the period paid back, by the
	// method the money went back.
	Refunded map[PaymentMethod]Money
	// CashByClerk is the cash each clerk should hand over: their cash
	// receipts minus the cash refunds they paid out, by clerk name.
	CashByClerk map[string]Money

	Receipts int   // valid receipts counted
	Voided   int   // receipts of the period voided (listed, not counted)
	VoidedAt Money // their amount

	Fees          Money // fee lines of valid receipts
	DepositsTaken Money // deposit lines of valid receipts
	// DepositsTakenCount is how many deposit lines valid (not voided, not
	// legacy) receipts of the period hold: the count beside DepositsTaken
	// ("保障金收取 7 笔 ¥4,200.00"), a voided one never in it.
	DepositsTakenCount int
	DepositsRefunded   Money // deposits refunded in the period
	DepositsForfeited  Money // deposits forfeited in the period (no cash)
	DepositsVoided     Money // deposits voided in the period (no cash)
	// FeesByKind sums the valid receipts' lines by the fee they are for
	// (ReceiptLine.FeeName, e.g. 人才储备费 whatever period a renewal
	// line covers), deposits included, in order of first appearance.
	FeesByKind []FeeSum
}

// FeeSum is the total of one kind of fee (one ReceiptLine.FeeName) in a
// period: how many lines and how much.
type FeeSum struct {
	Name   string
	Kind   FeeKind
	Count  int
	Amount Money
}

// NewTotals returns empty totals with their maps made.
func NewTotals() Totals {
	return Totals{Received: map[PaymentMethod]Money{}, Refunded: map[PaymentMethod]Money{}, CashByClerk: map[string]Money{}}
}

// inPeriod reports whether t falls in [from, to).
func inPeriod(t, from, to time.Time) bool { return !t.IsZero() && !t.Before(from) && t.Before(to) }

// ComputeTotals builds the totals of the period [from, to) from receipt
// rows and deposit rows; rows outside the period (a receipt issued on
// another day, a deposit closed on another day) are ignored, so a caller
// may pass a superset. A receipt counts on the day it was issued; a legacy
// receipt never counts. A deposit counts on the day it was closed:
// refunded (money out by its RefundMethod), forfeited or voided (no money
// moves). See Totals for the cash rule.
func ComputeTotals(from, to time.Time, receipts []Receipt, deposits []Deposit) Totals {
	t := NewTotals()
	for i := range receipts {
		r := &receipts[i]
		if r.Legacy || !inPeriod(r.IssuedAt, from, to) {
			continue
		}
		if r.Voided {
			t.Voided++
			t.VoidedAt += r.Total
			continue
		}
		t.Receipts++
		t.Received[r.Payment.Method] += r.Total
		if r.Payment.Method == PayCash {
			t.CashByClerk[r.ClerkName] += r.Total
		}
		for _, l := range r.Lines {
			if l.Kind == KindDeposit {
				t.DepositsTaken += l.Amount
				t.DepositsTakenCount++
			} else {
				t.Fees += l.Amount
			}
			t.addFee(l)
		}
	}
	for i := range deposits {
		d := &deposits[i]
		if !inPeriod(d.ClosedAt, from, to) {
			continue
		}
		switch d.State {
		case DepositRefunded:
			t.DepositsRefunded += d.Amount
			t.Refunded[d.RefundMethod] += d.Amount
			if d.RefundMethod == PayCash {
				t.CashByClerk[d.ClosedBy] -= d.Amount
			}
		case DepositForfeited:
			t.DepositsForfeited += d.Amount
		case DepositVoided:
			t.DepositsVoided += d.Amount
		}
	}
	return t
}

func (t *Totals) addFee(l ReceiptLine) {
	name := l.FeeName()
	for i := range t.FeesByKind {
		if f := &t.FeesByKind[i]; f.Name == name && f.Kind == l.Kind {
			f.Count++
			f.Amount += l.Amount
			return
		}
	}
	t.FeesByKind = append(t.FeesByKind, FeeSum{Name: name, Kind: l.Kind, Count: 1, Amount: l.Amount})
}

// Add adds o to t (a day to its month). Maps of a zero Totals are made.
func (t *Totals) Add(o Totals) {
	if t.Received == nil {
		*t = Totals{Received: map[PaymentMethod]Money{}, Refunded: map[PaymentMethod]Money{}, CashByClerk: map[string]Money{},
			FeesByKind: t.FeesByKind}
	}
	for k, v := range o.Received {
		t.Received[k] += v
	}
	for k, v := range o.Refunded {
		t.Refunded[k] += v
	}
	for k, v := range o.CashByClerk {
		t.CashByClerk[k] += v
	}
	t.Receipts += o.Receipts
	t.Voided += o.Voided
	t.VoidedAt += o.VoidedAt
	t.Fees += o.Fees
	t.DepositsTaken += o.DepositsTaken
	t.DepositsTakenCount += o.DepositsTakenCount
	t.DepositsRefunded += o.DepositsRefunded
	t.DepositsForfeited += o.DepositsForfeited
	t.DepositsVoided += o.DepositsVoided
	for _, f := range o.FeesByKind {
		found := false
		for i := range t.FeesByKind {
			if g := &t.FeesByKind[i]; g.Name == f.Name && g.Kind == f.Kind {
				g.Count += f.Count
				g.Amount += f.Amount
				found = true
				break
			}
		}
		if !found {
			t.FeesByKind = append(t.FeesByKind, f)
		}
	}
}

// Net returns what stayed by method m: received minus refunded.
func (t Totals) Net(m PaymentMethod) Money { return t.Received[m] - t.Refunded[m] }

// TotalReceived returns what valid receipts took, all methods.
func (t Totals) TotalReceived() Money {
	var s Money
	for _, v := range t.Received {
		s += v
	}
	return s
}

// TotalRefunded returns what refunds paid back, all methods.
func (t Totals) TotalRefunded() Money {
	var s Money
	for _, v := range t.Refunded {
		s += v
	}
	return s
}

// Cash returns the cash that should be in the drawer, all clerks: cash
// received minus cash refunded (see Totals).
func (t Totals) Cash() Money { return t.Net(PayCash) }

// ClerkCash is one clerk's cash expected in the drawer.
type ClerkCash struct {
	Clerk  string
	Amount Money
}

// Clerks returns CashByClerk sorted by clerk name, leaving out clerks
// whose sum is zero because they handled no cash.
func (t Totals) Clerks() []ClerkCash {
	var out []ClerkCash
	for k, v := range t.CashByClerk {
		out = append(out, ClerkCash{Clerk: k, Amount: v})
	}
	slices.SortFunc(out, func(a, b ClerkCash) int { return strings.Compare(a.Clerk, b.Clerk) })
	return out
}

// Methods returns the payment methods to show, in the screen's order:
// every known method, then any other found in the rows.
func (t Totals) Methods() []PaymentMethod {
	ms := slices.Clone(PaymentMethods)
	var extra []PaymentMethod
	for _, m := range []map[PaymentMethod]Money{t.Received, t.Refunded} {
		for k := range m {
			if !slices.Contains(ms, k) && !slices.Contains(extra, k) {
				extra = append(extra, k)
			}
		}
	}
	slices.Sort(extra)
	return append(ms, extra...)
}

// DayReceipt is one receipt as the day-end report lists it: the
// customer's ID number masked (MaskID), the lines joined as items.
type DayReceipt struct {
	Number     string
	Seq        int64
	IssuedAt   time.Time
	Customer   string // the payer's name
	MaskedID   string // the payer's ID number, masked
	Items      string // the lines, e.g. "档案保管费 ¥200.00；户籍卡保障金 ¥600.00"
	Method     PaymentMethod
	Reference  string
	Amount     Money
	Clerk      string
	Voided     bool
	VoidedBy   string
	VoidedAt   time.Time
	VoidReason string
	Legacy     bool
}

// NewDayReceipt turns a receipt into its day-report row.
func NewDayReceipt(r *Receipt) DayReceipt {
	items := make([]string, len(r.Lines))
	for i, l := range r.Lines {
		items[i] = l.Text + " " + l.Amount.String()
	}
	return DayReceipt{
		Number: r.Number, Seq: r.Seq, IssuedAt: r.IssuedAt, Customer: r.PayerName, MaskedID: MaskID(r.PayerID),
		Items: strings.Join(items, "；"), Method: r.Payment.Method, Reference: r.Payment.Reference,
		Amount: r.Total, Clerk: r.ClerkName, Voided: r.Voided, VoidedBy: r.VoidedBy, VoidedAt: r.VoidedAt,
		VoidReason: r.VoidReason, Legacy: r.Legacy,
	}
}

// Status returns "作废（by 于 time：reason）" for a voided receipt, else "".
func (r DayReceipt) Status() string {
	if !r.Voided {
		return ""
	}
	return fmt.Sprintf("作废（%s 于 %s：%s）", r.VoidedBy, r.VoidedAt.Local().Format("2006-01-02 15:04"), r.VoidReason)
}

// ReceiptSkip is a range of receipt numbers the counter jumped over (a
// restore from an older backup, a replacement PC continuing after the
// paper 存根联), with the reason recorded at the time (SPEC "Money and
// receipts": "any range it had to skip is recorded, with the reason, in
// the audit log and the day-end report").
type ReceiptSkip struct {
	Station string // station code, e.g. QB01
	Year    int
	First   int64
	Last    int64
	Reason  string
	At      time.Time
	By      string // the user who did it, "" when unknown
}

// FirstNumber returns the first skipped receipt number.
func (s ReceiptSkip) FirstNumber() string { return ReceiptNumber(s.Station, s.Year, s.First) }

// LastNumber returns the last skipped receipt number.
func (s ReceiptSkip) LastNumber() string { return ReceiptNumber(s.Station, s.Year, s.Last) }

// Range returns "QB01-2026-000004 至 QB01-2026-000005" (one number alone
// when First equals Last).
func (s ReceiptSkip) Range() string {
	if s.First == s.Last {
		return s.FirstNumber()
	}
	return s.FirstNumber() + " 至 " + s.LastNumber()
}

// DayReport is the day-end report (日结) of one station and day: SPEC
// "Money and receipts" and issue 14. BuildDayReport makes it from the
// day's rows; the store fills CheckedBy and CheckedAt.
type DayReport struct {
	Station Station
	Day     time.Time // local midnight
	// Receipts are the station's receipts issued on the day, in number
	// order, voided ones included (marked 作废).
	Receipts []DayReceipt
	// VoidedLater are receipts of earlier days voided on this day: listed
	// for the supervisor; on their own day's report they now show as 作废
	// and their money is counted on neither day.
	VoidedLater []DayReceipt

	// The deposit lists are each in receipt-number order.
	DepositsTaken     []Deposit // taken on the day and not voided (legacy ones marked, never cash)
	DepositsRefunded  []Deposit // refunded on the day
	DepositsForfeited []Deposit // forfeited on the day
	DepositsVoided    []Deposit // voided on the day (their receipt was voided)
	// DepositsTakenVoided are deposits taken on the day whose receipt was
	// voided on a later day: not counted as taken, listed apart.
	DepositsTakenVoided []Deposit

	Totals Totals

	FirstNumber string // the first receipt number used on the day, "" when none
	LastNumber  string // the last one
	// Skips are the ranges of receipt numbers skipped on the day or inside
	// the day's range, with their reason.
	Skips []ReceiptSkip

	CheckedBy string    // the supervisor who checked the day, "" when not yet
	CheckedAt time.Time // when
}

// BuildDayReport builds the report of the station's day from the rows the
// store read: receipts (any order; those issued on the day are listed,
// those issued before but voided on the day go to VoidedLater), deposits
// taken or closed on the day, and the receipt skips. Rows of other days are
// ignored.
func BuildDayReport(st Station, day time.Time, receipts []Receipt, deposits []Deposit, skips []ReceiptSkip) *DayReport {
	from := Day(day)
	to := from.AddDate(0, 0, 1)
	rep := &DayReport{Station: st, Day: from}
	sorted := slices.Clone(receipts)
	slices.SortStableFunc(sorted, func(a, b Receipt) int {
		if a.Year != b.Year {
			return a.Year - b.Year
		}
		if a.Seq != b.Seq {
			if a.Seq < b.Seq {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Number, b.Number)
	})
	var first, last *Receipt
	for i := range sorted {
		r := &sorted[i]
		switch {
		case inPeriod(r.IssuedAt, from, to):
			rep.Receipts = append(rep.Receipts, NewDayReceipt(r))
			if !r.Legacy && r.Seq > 0 {
				if first == nil {
					first = r
				}
				last = r
			}
		case r.Voided && inPeriod(r.VoidedAt, from, to):
			rep.VoidedLater = append(rep.VoidedLater, NewDayReceipt(r))
		}
	}
	if first != nil {
		rep.FirstNumber, rep.LastNumber = first.Number, last.Number
	}
	for _, d := range deposits {
		switch {
		case !inPeriod(d.TakenAt, from, to):
		case d.State != DepositVoided:
			rep.DepositsTaken = append(rep.DepositsTaken, d)
		case !inPeriod(d.ClosedAt, from, to):
			rep.DepositsTakenVoided = append(rep.DepositsTakenVoided, d)
		}
		if inPeriod(d.ClosedAt, from, to) {
			switch d.State {
			case DepositRefunded:
				rep.DepositsRefunded = append(rep.DepositsRefunded, d)
			case DepositForfeited:
				rep.DepositsForfeited = append(rep.DepositsForfeited, d)
			case DepositVoided:
				rep.DepositsVoided = append(rep.DepositsVoided, d)
			}
		}
	}
	for _, ds := range [][]Deposit{rep.DepositsTaken, rep.DepositsRefunded, rep.DepositsForfeited, rep.DepositsVoided, rep.DepositsTakenVoided} {
		slices.SortStableFunc(ds, func(a, b Deposit) int { return strings.Compare(a.ReceiptNumber, b.ReceiptNumber) })
	}
	rep.Totals = ComputeTotals(from, to, receipts, deposits)
	for _, s := range skips {
		overlaps := false
		if first != nil {
			code, _, _, _ := ParseReceiptNumber(first.Number)
			overlaps = s.Station == code && s.Year == first.Year && s.First <= last.Seq && s.Last >= first.Seq
		}
		if inPeriod(s.At, from, to) || overlaps {
			rep.Skips = append(rep.Skips, s)
		}
	}
	slices.SortFunc(rep.Skips, func(a, b ReceiptSkip) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return int(a.First - b.First)
	})
	return rep
}

// LegacyDepositsTaken returns how many of DepositsTaken were entered from
// a paper receipt and what they hold: listed with the day's deposits but
// never in Totals (SPEC: "never in the day's cash").
func (d *DayReport) LegacyDepositsTaken() (int, Money) {
	var n int
	var sum Money
	for _, dep := range d.DepositsTaken {
		if dep.Legacy {
			n++
			sum += dep.Amount
		}
	}
	return n, sum
}

// VoidedAfterCheck returns the day's receipts voided after the supervisor
// checked the day: the drawer was counted with their money in it, so the
// report points them out. It is empty for a day not checked.
func (d *DayReport) VoidedAfterCheck() []DayReceipt {
	var out []DayReceipt
	if !d.Checked() {
		return nil
	}
	for _, r := range d.Receipts {
		if r.Voided && r.VoidedAt.After(d.CheckedAt) {
			out = append(out, r)
		}
	}
	return out
}

// IssuedAfterCheck returns the day's receipts issued after the supervisor
// checked the day (today may be checked while the counter is still open):
// the drawer was counted without their money, so the report points them
// out, voided ones included. It is empty for a day not checked.
func (d *DayReport) IssuedAfterCheck() []DayReceipt {
	if !d.Checked() {
		return nil
	}
	var out []DayReceipt
	for _, r := range d.Receipts {
		if !r.Legacy && r.IssuedAt.After(d.CheckedAt) {
			out = append(out, r)
		}
	}
	return out
}

// AfterCheckNote is the warning the report gives (screen and PDF alike)
// when receipts were issued or voided after the supervisor's check: how
// many, their numbers and amounts, and that the counted cash differs. It
// is "" when nothing happened after the check.
func (d *DayReport) AfterCheckNote() string {
	list := func(rs []DayReceipt) string {
		var parts []string
		var sum Money
		for _, r := range rs {
			parts = append(parts, r.Number+" "+r.Amount.String())
			if !r.Voided {
				sum += r.Amount
			}
		}
		return strings.Join(parts, "、")
	}
	var notes []string
	if ia := d.IssuedAfterCheck(); len(ia) > 0 {
		notes = append(notes, fmt.Sprintf("主管核对后又开出了 %d 张收据（%s）", len(ia), list(ia)))
	}
	if va := d.VoidedAfterCheck(); len(va) > 0 {
		notes = append(notes, fmt.Sprintf("主管核对后又作废了 %d 张收据（%s）", len(va), list(va)))
	}
	if len(notes) == 0 {
		return ""
	}
	return "注意：" + strings.Join(notes, "；") + "，核对时的现金与现在的合计不同，请主管再次清点。"
}

// Checked reports whether a supervisor has checked the day.
func (d *DayReport) Checked() bool { return d.CheckedBy != "" }

// CanCheckDay applies the rule for marking a day checked (主管核对) on the
// given today: a day in the future cannot be checked (EINVALID), nor a day
// already checked (ECONFLICT, naming who and when: checkedBy, checkedAt).
// Today itself may be checked, at closing time.
func CanCheckDay(day, today, checkedAt time.Time, checkedBy string) error {
	if Day(day).After(Day(today)) {
		return Errorf(EINVALID, "%s 还没有到，不能核对日结：请选择今天或以前的日期", FormatDate(Day(day)))
	}
	if checkedBy != "" {
		return Errorf(ECONFLICT, "%s 的日结已由%s于%s核对，不能重复核对", FormatDate(Day(day)), checkedBy,
			checkedAt.Local().Format("2006-01-02 15:04"))
	}
	return nil
}

// Missing returns the numbers inside the day's first–last range that are
// neither listed nor in a skipped range: they should not exist (SPEC: the
// series is "never reused and never skipped"), so the report shows them.
func (d *DayReport) Missing() []int64 {
	if d.FirstNumber == "" {
		return nil
	}
	_, _, lo, _ := ParseReceiptNumber(d.FirstNumber)
	_, _, hi, _ := ParseReceiptNumber(d.LastNumber)
	seen := map[int64]bool{}
	for _, r := range d.Receipts {
		if !r.Legacy {
			seen[r.Seq] = true
		}
	}
	var out []int64
	for n := lo; n <= hi && len(out) < 100; n++ {
		if seen[n] {
			continue
		}
		skipped := false
		for _, s := range d.Skips {
			if n >= s.First && n <= s.Last {
				skipped = true
			}
		}
		if !skipped {
			out = append(out, n)
		}
	}
	return out
}
