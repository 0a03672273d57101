package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

// dayChecks counts the rows of day_checks.
func dayChecks(tb testing.TB, db *DB) int {
	tb.Helper()
	var n int
	must(tb, db.db.QueryRow("SELECT count(*) FROM day_checks").Scan(&n))
	return n
}

// TestDB_DayReport: a day with a cash deposit, a card fee, a voided deposit
// receipt re-issued by card and a cash refund. The report lists every
// receipt in number order, the void with who and why, the deposits, and
// the cash expected: cash receipts not voided minus the cash refund.
func TestDB_DayReport(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	_, _, r1, d1 := f.lend(t, "陈一") // 000001 cash ¥600
	cust := f.member(t, "周二")
	f.clk.Add(10 * time.Minute)
	r2, err := f.db.IssueReceipt(ctx, f.clerk, "", cust.ID, feeLines(20000), forms.Payment{Method: forms.PayCard, Reference: "T123"})
	must(t, err)                    // 000002 card ¥200
	_, c3, r3, _ := f.lend(t, "吴三") // 000003 cash ¥600, voided
	must(t, f.db.VoidReceipt(ctx, f.approved(), r3.ID, "收款方式选错，客户实际刷卡"))
	_, r4, _, err := f.db.AcceptCase(ctx, f.clerk, c3.ID, forms.Payment{Method: forms.PayCard, Reference: "T456"}, time.Time{})
	must(t, err) // 000004 card ¥600
	f.clk.Add(time.Hour)
	_, err = f.db.RefundDeposit(ctx, f.approved(), forms.RefundRequest{DepositID: d1.ID,
		Returned: []string{forms.ReturnedCard, forms.ReturnedPromise, forms.ReturnedReceipt}, Payment: forms.Payment{Method: forms.PayCash}})
	must(t, err)
	// A receipt of the next day is not in this day's report.
	f.clk.Add(24 * time.Hour)
	_, err = f.db.IssueReceipt(ctx, f.clerk, "", cust.ID, feeLines(5000), forms.Payment{Method: forms.PayCash})
	must(t, err)

	rep, err := f.db.DayReport(ctx, testStart)
	must(t, err)
	var nums []string
	for _, r := range rep.Receipts {
		nums = append(nums, r.Number)
	}
	want := []string{r1.Number, r2.Number, r3.Number, r4.Number}
	if strings.Join(nums, " ") != strings.Join(want, " ") {
		t.Fatalf("receipts = %v, want %v", nums, want)
	}
	if rep.FirstNumber != "QB01-2026-000001" || rep.LastNumber != "QB01-2026-000004" || len(rep.Skips) != 0 || len(rep.Missing()) != 0 {
		t.Fatalf("range %s–%s skips %v missing %v", rep.FirstNumber, rep.LastNumber, rep.Skips, rep.Missing())
	}
	v := rep.Receipts[2]
	if !v.Voided || v.VoidedBy != supName || !strings.Contains(v.Status(), "收款方式选错") || !strings.Contains(v.Status(), "作废") {
		t.Fatalf("voided row = %+v", v)
	}
	if rep.Receipts[1].Reference != "T123" || rep.Receipts[1].MaskedID != forms.MaskID(cust.IDNumber) ||
		strings.Contains(rep.Receipts[1].MaskedID, cust.IDNumber[6:14]) {
		t.Fatalf("row = %+v", rep.Receipts[1])
	}
	// Taken: the two valid deposits (the voided one is under 作废), as
	// many as the totals count: the trial's 收取 8 笔 beside 7 in the sum.
	if len(rep.DepositsTaken) != 2 || rep.Totals.DepositsTakenCount != 2 || len(rep.DepositsRefunded) != 1 || len(rep.DepositsVoided) != 1 || len(rep.DepositsForfeited) != 0 {
		t.Fatalf("deposits taken %d refunded %d voided %d", len(rep.DepositsTaken), len(rep.DepositsRefunded), len(rep.DepositsVoided))
	}
	tot := rep.Totals
	if tot.Received[forms.PayCash] != forms.Yuan(600) || tot.Received[forms.PayCard] != forms.Yuan(800) ||
		tot.Refunded[forms.PayCash] != forms.Yuan(600) || tot.Cash() != 0 || tot.Receipts != 3 || tot.Voided != 1 {
		t.Fatalf("totals = %+v", tot)
	}
	if tot.Fees != forms.Yuan(200) || tot.DepositsTaken != forms.Yuan(1200) || tot.DepositsRefunded != forms.Yuan(600) {
		t.Fatalf("fees %s deposits %s refunded %s", tot.Fees, tot.DepositsTaken, tot.DepositsRefunded)
	}
	// The clerk took ¥600 in cash and paid ¥600 out.
	if cl := tot.Clerks(); len(cl) != 1 || cl[0].Clerk != clerkNm || cl[0].Amount != 0 {
		t.Fatalf("cash by clerk = %+v", cl)
	}
	next, err := f.db.DayReport(ctx, testStart.AddDate(0, 0, 1))
	must(t, err)
	if len(next.Receipts) != 1 || next.Totals.Cash() != forms.Yuan(50) || next.FirstNumber != "QB01-2026-000005" {
		t.Fatalf("next day = %+v", next)
	}
}

// TestDB_MarkDayChecked: only a supervisor checks a day, not a future day,
// and only once; each refusal says why in Chinese and changes nothing.
func TestDB_MarkDayChecked(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	_, _, r1, _ := f.lend(t, "陈一")
	day := testStart
	n := auditCount(t, f.db)

	assertErr(t, f.db.MarkDayChecked(ctx, f.clerk, day), forms.EFORBIDDEN, "主管")
	assertErr(t, f.db.MarkDayChecked(ctx, forms.Actor{UserID: f.clerk.UserID, ApproverName: supName, ApproverPassword: "wrong"}, day),
		forms.EFORBIDDEN, "主管姓名或密码不正确")
	assertErr(t, f.db.MarkDayChecked(ctx, f.sup, day.AddDate(0, 0, 1)), forms.EINVALID,
		"2026-11-24 还没有到，不能核对日结")
	if dayChecks(t, f.db) != 0 || auditCount(t, f.db) != n {
		t.Fatalf("a refused check changed the database: %d checks, audit %d→%d", dayChecks(t, f.db), n, auditCount(t, f.db))
	}
	rep, err := f.db.DayReport(ctx, day)
	must(t, err)
	if rep.Checked() {
		t.Fatalf("unchecked day shows checked by %q", rep.CheckedBy)
	}

	f.clk.Add(7 * time.Hour)
	must(t, f.db.MarkDayChecked(ctx, f.approved(), day))
	rep, err = f.db.DayReport(ctx, day)
	must(t, err)
	if rep.CheckedBy != supName || !rep.CheckedAt.Equal(testStart.Add(7*time.Hour)) {
		t.Fatalf("checked by %q at %v", rep.CheckedBy, rep.CheckedAt)
	}
	e := lastAudit(t, f.db, "QB01-2026-11-23", ActDayCheck)
	if e.ApprovedBy != supName || !strings.Contains(e.Note, "现金应有 ¥600.00") || !strings.Contains(e.Note, "QB01-2026-000001 至 QB01-2026-000001") {
		t.Fatalf("audit = %+v", e)
	}

	n = auditCount(t, f.db)
	assertErr(t, f.db.MarkDayChecked(ctx, f.sup, day), forms.ECONFLICT,
		"2026-11-23 的日结已由张主管于2026-11-23 17:00核对，不能重复核对")
	if dayChecks(t, f.db) != 1 || auditCount(t, f.db) != n {
		t.Fatalf("a refused second check changed the database")
	}
	// A day without receipts can be checked too.
	must(t, f.db.MarkDayChecked(ctx, f.sup, day.AddDate(0, 0, -1)))

	// A receipt voided after the check: the report points it out.
	f.clk.Add(10 * time.Minute)
	must(t, f.db.VoidReceipt(ctx, f.sup, r1.ID, "收款方式选错"))
	rep, err = f.db.DayReport(ctx, day)
	must(t, err)
	if va := rep.VoidedAfterCheck(); len(va) != 1 || va[0].Number != r1.Number || rep.Totals.Cash() != 0 {
		t.Fatalf("voided after the check = %+v, cash %s", va, rep.Totals.Cash())
	}
	// Today was checked with the counter open: a receipt issued after the
	// check is pointed out too.
	f.clk.Add(10 * time.Minute)
	_, _, r2, _ := f.lend(t, "陈二")
	rep, err = f.db.DayReport(ctx, day)
	must(t, err)
	if ia := rep.IssuedAfterCheck(); len(ia) != 1 || ia[0].Number != r2.Number || !strings.Contains(rep.AfterCheckNote(), "主管核对后又开出了 1 张收据") {
		t.Fatalf("issued after the check = %+v, note %q", ia, rep.AfterCheckNote())
	}
}

// TestDB_DayReportSkippedRanges: numbers skipped by a restore from an older
// backup and by the supervisor's paper floor (a replacement PC) show on the
// day's report with their reason, so the range used has no unexplained gap.
func TestDB_DayReportSkippedRanges(t *testing.T) {
	ctx := context.Background()
	clk := &testClock{now: testStart}
	path := testDBPath(t)
	db := mustOpenPath(t, path, clk)
	f := setupFixture(t, db, clk)
	cust := f.member(t, "恢复")
	issue := func(db *DB) *forms.Receipt {
		r, err := db.IssueReceipt(ctx, f.clerk, "", cust.ID, feeLines(1000), forms.Payment{Method: forms.PayCash})
		must(t, err)
		return r
	}
	issue(db) // 1
	must(t, db.Close())
	backup := filepath.Join(t.TempDir(), "备份 copy.db")
	copyFile(t, path, backup)
	db = mustOpenPath(t, path, clk)
	issue(db) // 2
	issue(db) // 3
	must(t, db.Close())
	copyFile(t, backup, path) // restore the older copy: 2 and 3 are on paper only
	os.Remove(path + "-wal")
	os.Remove(path + "-shm")
	db = mustOpenPath(t, path, clk)
	clk.Add(time.Hour)
	if r := issue(db); r.Number != "QB01-2026-000004" {
		t.Fatalf("after restore = %s", r.Number)
	}
	f.db = db
	must(t, db.SetReceiptFloor(ctx, f.sup, 2026, 9)) // the paper stub says 9
	clk.Add(time.Hour)
	if r := issue(db); r.Number != "QB01-2026-000010" {
		t.Fatalf("after floor = %s", r.Number)
	}

	rep, err := db.DayReport(ctx, testStart)
	must(t, err)
	if rep.FirstNumber != "QB01-2026-000001" || rep.LastNumber != "QB01-2026-000010" || len(rep.Receipts) != 3 {
		t.Fatalf("range %s–%s, %d receipts", rep.FirstNumber, rep.LastNumber, len(rep.Receipts))
	}
	if len(rep.Skips) != 2 {
		t.Fatalf("skips = %+v", rep.Skips)
	}
	if s := rep.Skips[0]; s.Range() != "QB01-2026-000002 至 QB01-2026-000003" || !strings.Contains(s.Reason, "备份恢复") {
		t.Fatalf("restore skip = %+v", s)
	}
	if s := rep.Skips[1]; s.Range() != "QB01-2026-000005 至 QB01-2026-000009" || !strings.Contains(s.Reason, "存根联") || s.By != supName {
		t.Fatalf("floor skip = %+v", s)
	}
	if m := rep.Missing(); len(m) != 0 {
		t.Fatalf("missing = %v", m)
	}
	// The next day's report does not repeat them.
	next, err := db.DayReport(ctx, testStart.AddDate(0, 0, 1))
	must(t, err)
	if len(next.Skips) != 0 || len(next.Receipts) != 0 || next.FirstNumber != "" {
		t.Fatalf("next day = %+v", next)
	}
}

// TestDB_DayReportPrints: the day report belongs to no case; its prints are
// recorded as the station's, so its first print is the original and the
// next one 补打 (forms.Printout.StationDocument).
func TestDB_DayReportPrints(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	rep, err := f.db.DayReport(ctx, testStart)
	must(t, err)
	p := &forms.Printout{Kind: forms.PrintDayReport, DayReport: rep}
	key := p.Key()
	if key != "day_report:QB01:2026-11-23" {
		t.Fatalf("key = %q", key)
	}
	got, err := f.db.PrintedBefore(ctx, "", []string{key})
	must(t, err)
	if got[key] {
		t.Fatal("a day never printed counts as printed")
	}
	rec, ok := p.Record()
	if !ok || rec.CaseID != "" {
		t.Fatalf("record = %+v %v", rec, ok)
	}
	n := auditCount(t, f.db)
	assertErr(t, f.db.RecordPrints(ctx, f.clerk, []forms.PrintRecord{rec, {Document: " ", Copies: 1}}), forms.EINVALID, "请指明打印的文书")
	if auditCount(t, f.db) != n {
		t.Fatal("a refused record changed the audit log")
	}
	if got, _ := f.db.PrintedBefore(ctx, "", []string{key}); got[key] {
		t.Fatal("a refused record was kept")
	}
	must(t, f.db.RecordPrints(ctx, f.clerk, []forms.PrintRecord{rec}))
	got, err = f.db.PrintedBefore(ctx, "", []string{key, "day_report:QB01:2026-11-24"})
	must(t, err)
	if !got[key] || got["day_report:QB01:2026-11-24"] {
		t.Fatalf("printed before = %v", got)
	}
	if e := lastAudit(t, f.db, key, ActStationPrint); !strings.Contains(e.Note, key) || e.UserName != clerkNm {
		t.Fatalf("audit = %+v", e)
	}
}

// TestDB_DayReport_UsesIndexes proves with EXPLAIN QUERY PLAN that the day
// report's queries search indexes, never scan receipts or deposits: a busy
// day on a station with 300,000 receipts stays fast.
func TestDB_DayReport_UsesIndexes(t *testing.T) {
	f := newFixture(t)
	s, e := ts(testStart), ts(testStart.AddDate(0, 0, 1))
	for _, tc := range []struct {
		q     string
		args  []any
		index []string
	}{
		{"SELECT " + receiptCols + receiptFrom + " " + dayIssuedWhere, []any{s, e, "QB01"}, []string{"receipts_issued"}},
		{"SELECT " + receiptCols + receiptFrom + " " + dayVoidedWhere, []any{s, e, s, e, "QB01"}, []string{"receipts_voided_at"}},
		{"SELECT " + depositCols + depositFrom + " " + dayDepositsWhere, []any{s, e, s, e}, []string{"deposits_taken", "deposits_closed"}},
	} {
		plan := queryPlan(t, f.db, tc.q, tc.args...)
		all := strings.Join(plan, "\n")
		for _, line := range plan {
			if strings.HasPrefix(line, "SCAN ") && !strings.Contains(line, "SUBQUERY") {
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
