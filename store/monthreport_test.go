package store

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

// monthFixture is a station that started on 2026-09-01 and went through
// two months of deposits:
//
//	F  lent 09-01 10:00, forfeited 10-03        (held at the end of September)
//	E  paper receipt of 09-01, entered 11-03   (legacy: held from its paper date)
//	A  lent 10-05 10:00, refunded 11-02        (held at the end of October)
//	B  lent 10-05 11:00, refunded 10-12 (cash)
//	C  lent 10-20, its receipt voided the same day
//	D  lent 10-31 23:30                         (held at the end of October)
//
// and a supervisor checked 10-05 on 10-06. The clock ends on 2026-11-23.
type monthFixture struct {
	*fixture
	a, b, c, d, e, ff *forms.Deposit
}

func (f *fixture) setNow(t time.Time) {
	f.clk.mu.Lock()
	defer f.clk.mu.Unlock()
	f.clk.now = t
}

func monthAt(month time.Month, day, hour, min int) time.Time {
	return time.Date(2026, month, day, hour, min, 0, 0, time.Local)
}

func newMonthFixture(t *testing.T) *monthFixture {
	t.Helper()
	ctx := context.Background()
	clk := &testClock{now: monthAt(time.September, 1, 9, 0)}
	f := &monthFixture{fixture: setupFixture(t, mustOpenPath(t, testDBPath(t), clk), clk)}
	f.setNow(monthAt(time.September, 1, 10, 0))
	_, _, _, f.ff = f.lend(t, "冯芳")
	f.setNow(monthAt(time.October, 2, 9, 0))
	must(t, f.db.AddContactAttempt(ctx, f.clerk, f.ff.ID, "电话", "无人接听"))
	f.setNow(monthAt(time.October, 3, 9, 0))
	must(t, f.db.ForfeitDeposit(ctx, f.sup, f.ff.ID, "逾期未还户籍卡，多次联系无果，按承诺书没收"))
	f.setNow(monthAt(time.October, 5, 10, 0))
	_, _, _, f.a = f.lend(t, "安娜")
	f.setNow(monthAt(time.October, 5, 11, 0))
	_, _, _, f.b = f.lend(t, "白雪")
	f.setNow(monthAt(time.October, 6, 9, 0))
	must(t, f.db.MarkDayChecked(ctx, f.sup, monthAt(time.October, 5, 0, 0)))
	f.setNow(monthAt(time.October, 12, 15, 0))
	_, err := f.db.RefundDeposit(ctx, f.sup, refundOf(f.b.ID))
	must(t, err)
	f.setNow(monthAt(time.October, 20, 9, 0))
	_, _, rc, dc := f.lend(t, "陈晨")
	f.c = dc
	f.setNow(monthAt(time.October, 20, 9, 30))
	must(t, f.db.VoidReceipt(ctx, f.sup, rc.ID, "收款方式选错，重新开具"))
	f.setNow(monthAt(time.October, 31, 23, 30))
	_, _, _, f.d = f.lend(t, "邓丽")
	f.setNow(monthAt(time.November, 2, 10, 0))
	_, err = f.db.RefundDeposit(ctx, f.sup, refundOf(f.a.ID))
	must(t, err)
	f.setNow(monthAt(time.November, 3, 10, 0))
	cust := f.member(t, "鄂尔多")
	l := legacyOf(cust.ID, "NO.0012345")
	l.TakenOn, l.ReturnDue = monthAt(time.September, 1, 0, 0), monthAt(time.December, 1, 0, 0)
	f.e, err = f.db.EnterLegacyDeposit(ctx, f.sup, l)
	must(t, err)
	f.setNow(testStart)
	return f
}

func heldNames(ds []forms.Deposit) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.CustomerName)
	}
	return out
}

func TestDB_MonthReport(t *testing.T) {
	ctx := context.Background()
	f := newMonthFixture(t)

	t.Run("OK", func(t *testing.T) {
		r, err := f.db.MonthReport(ctx, 2026, time.October)
		must(t, err)
		if len(r.Days) != 31 || r.Station.Code() != "QB01" || forms.FormatDate(r.AsOf) != "2026-10-31" || r.Running() {
			t.Fatalf("report of %d days as of %s (running %v)", len(r.Days), forms.FormatDate(r.AsOf), r.Running())
		}
		day := func(n int) forms.Totals { return r.Days[n-1].Totals }
		if got := day(5); got.Receipts != 2 || got.Received[forms.PayCash] != 120000 || got.DepositsTaken != 120000 {
			t.Errorf("10-05: %+v", got)
		}
		if got := day(3); got.DepositsForfeited != 60000 || got.Receipts != 0 || got.Cash() != 0 {
			t.Errorf("10-03 (forfeit): %+v", got)
		}
		if got := day(12); got.DepositsRefunded != 60000 || got.Refunded[forms.PayCash] != 60000 || got.Cash() != -60000 ||
			got.CashByClerk[supName] != -60000 {
			t.Errorf("10-12 (refund): %+v", got)
		}
		if got := day(20); got.Voided != 1 || got.VoidedAt != 60000 || got.Receipts != 0 || got.DepositsVoided != 60000 || got.Cash() != 0 {
			t.Errorf("10-20 (void): %+v", got)
		}
		if got := day(31); got.Receipts != 1 || got.Cash() != 60000 {
			t.Errorf("10-31 23:30: %+v", got)
		}
		for _, n := range []int{1, 2, 4, 6, 30} {
			if got := day(n); got.Receipts != 0 || got.TotalReceived() != 0 || got.TotalRefunded() != 0 || got.Voided != 0 {
				t.Errorf("10-%02d has no receipts but totals %+v", n, got)
			}
		}
		m := r.Totals
		if m.Receipts != 3 || m.Voided != 1 || m.Received[forms.PayCash] != 180000 || m.Refunded[forms.PayCash] != 60000 ||
			m.Cash() != 120000 || m.DepositsTaken != 180000 || m.DepositsRefunded != 60000 || m.DepositsForfeited != 60000 ||
			m.DepositsVoided != 60000 || m.CashByClerk[clerkNm] != 180000 {
			t.Errorf("month totals %+v", m)
		}
		// Checked: 10-05 only, by the supervisor.
		for i, d := range r.Days {
			if want := i == 4; d.Checked != want {
				t.Errorf("10-%02d checked = %v", i+1, d.Checked)
			}
		}
		if d := r.Days[4]; d.CheckedBy != supName || forms.FormatDate(d.CheckedAt) != "2026-10-06" {
			t.Errorf("10-05 checked by %q at %s", d.CheckedBy, d.CheckedAt)
		}
		// Held at the end of October: the paper one from September, A
		// (refunded only in November) and D (taken at 23:30 on the last
		// day); not F (forfeited), B (refunded) or C (voided).
		if got, want := heldNames(r.Held), []string{"鄂尔多", "安娜", "邓丽"}; !reflect.DeepEqual(got, want) {
			t.Fatalf("held at the end of October: %v, want %v", got, want)
		}
		if r.HeldCount != 3 || r.HeldTotal != 180000 {
			t.Errorf("held %d, %s", r.HeldCount, r.HeldTotal)
		}
		if !r.Held[0].Legacy || r.Held[0].ReceiptNumber != "NO.0012345" || r.Held[0].CustomerIDNo == "" {
			t.Errorf("legacy deposit in the list: %+v", r.Held[0])
		}
		for i, want := range []int{60, 26, 0} {
			if got := r.DaysHeld(&r.Held[i]); got != want {
				t.Errorf("%s held %d days at the end of October, want %d", r.Held[i].CustomerName, got, want)
			}
		}
	})

	// Every day's totals are the day-end report's, to the fen and field.
	t.Run("SameAsDayReports", func(t *testing.T) {
		for _, month := range []time.Month{time.September, time.October, time.November} {
			r, err := f.db.MonthReport(ctx, 2026, month)
			must(t, err)
			var sum forms.Totals
			for _, d := range r.Days {
				rep, err := f.db.DayReport(ctx, d.Day)
				must(t, err)
				if !reflect.DeepEqual(d.Totals, rep.Totals) {
					t.Errorf("%s: month row %+v, day report %+v", forms.FormatDate(d.Day), d.Totals, rep.Totals)
				}
				if d.Checked != rep.Checked() || d.CheckedBy != rep.CheckedBy {
					t.Errorf("%s: checked %v/%q, day report %q", forms.FormatDate(d.Day), d.Checked, d.CheckedBy, rep.CheckedBy)
				}
				sum.Add(rep.Totals)
			}
			if sum.Cash() != r.Totals.Cash() || sum.TotalReceived() != r.Totals.TotalReceived() || sum.Receipts != r.Totals.Receipts {
				t.Errorf("%d: month totals %+v, days add up to %+v", month, r.Totals, sum)
			}
		}
	})

	t.Run("HeldAtEachMonthEnd", func(t *testing.T) {
		for _, tc := range []struct {
			month time.Month
			asOf  string
			want  []string
			total forms.Money
		}{
			{time.August, "2026-08-31", nil, 0}, // before the station: nothing, no error
			{time.September, "2026-09-30", []string{"冯芳", "鄂尔多"}, 120000},
			{time.October, "2026-10-31", []string{"鄂尔多", "安娜", "邓丽"}, 180000},
			{time.November, "2026-11-23", []string{"鄂尔多", "邓丽"}, 120000}, // running: as of today
		} {
			r, err := f.db.MonthReport(ctx, 2026, tc.month)
			must(t, err)
			if got := heldNames(r.Held); !reflect.DeepEqual(got, tc.want) || r.HeldTotal != tc.total || forms.FormatDate(r.AsOf) != tc.asOf {
				t.Errorf("%d: held %v (%s) as of %s, want %v (%s) as of %s", tc.month, got, r.HeldTotal,
					forms.FormatDate(r.AsOf), tc.want, tc.total, tc.asOf)
			}
		}
		// The running month's list is the refund desk's list today.
		desk, err := f.db.HeldDeposits(ctx, "")
		must(t, err)
		r, err := f.db.MonthReport(ctx, 2026, time.November)
		must(t, err)
		if !reflect.DeepEqual(heldNames(desk), heldNames(r.Held)) {
			t.Errorf("refund desk %v, month report %v", heldNames(desk), heldNames(r.Held))
		}
	})

	t.Run("ErrMonthToCome", func(t *testing.T) {
		before := auditCount(t, f.db)
		_, err := f.db.MonthReport(ctx, 2026, time.December)
		assertErr(t, err, forms.EINVALID, "2026年12月还没有开始", "请选择本月（2026年11月）或以前的月份")
		_, err = f.db.MonthReport(ctx, 2026, 13)
		assertErr(t, err, forms.EINVALID, "月份“13”无效")
		_, err = f.db.MonthReport(ctx, 1999, time.May)
		assertErr(t, err, forms.EINVALID, "年份“1999”无效")
		if auditCount(t, f.db) != before {
			t.Error("a refused report wrote to the audit log")
		}
	})
}

// TestDB_MonthReport_UseIndexes proves with EXPLAIN QUERY PLAN that the
// month report's queries search indexes: on a station with 300,000
// receipts a scan of receipts or deposits per month would cost seconds.
func TestDB_MonthReport_UseIndexes(t *testing.T) {
	f := newFixture(t)
	e := ts(forms.MonthEnd(2026, time.October))
	s := ts(forms.MonthStart(2026, time.October))
	for _, tc := range []struct {
		q     string
		args  []any
		index []string
	}{
		{"SELECT " + receiptCols + receiptFrom + " " + monthReceiptsWhere, []any{s, e, "QB01"}, []string{"receipts_issued"}},
		{"SELECT " + depositCols + depositFrom + " " + monthClosedWhere, []any{s, e}, []string{"deposits_closed"}},
		{"SELECT " + depositCols + depositFrom + " " + heldAtWhere, []any{e, e, e}, []string{"deposits_held", "deposits_closed"}},
	} {
		plan := queryPlan(t, f.db, tc.q, tc.args...)
		all := strings.Join(plan, "\n")
		for _, line := range plan {
			if strings.HasPrefix(line, "SCAN ") {
				t.Errorf("query scans a table:\n%s\n%s", all, tc.q)
			}
		}
		for _, ix := range tc.index {
			if !strings.Contains(all, ix) {
				t.Errorf("query does not use %s:\n%s", ix, all)
			}
		}
	}
}
