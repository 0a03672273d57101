package store

import (
	"context"
	"strings"
	"testing"

	"counterdesk/forms"
)

// printCount returns how many print records the case has.
func printCount(tb testing.TB, db *DB, caseID string) int {
	tb.Helper()
	var n int
	must(tb, db.db.QueryRowContext(context.Background(), "SELECT count(*) FROM case_prints WHERE case_id = ?", caseID).Scan(&n))
	return n
}

// The prints of one action are recorded together or not at all, and a
// document's first print is what PrintedBefore reports as not printed.
func TestDB_RecordPrints(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	_, c, r, _ := f.lend(t, "肖战")
	keys := []string{"receipt:" + r.Number, "promise", "notice"}

	before, err := f.db.PrintedBefore(ctx, c.ID, keys)
	must(t, err)
	if len(before) != 0 {
		t.Fatalf("printed before anything was printed: %v", before)
	}

	// A refused record (copies 0) refuses the whole action: nothing written.
	audits := auditCount(t, f.db)
	err = f.db.RecordPrints(ctx, f.clerk, []forms.PrintRecord{
		{CaseID: c.ID, Document: "receipt:" + r.Number, Copies: 1},
		{CaseID: c.ID, Document: "promise", Copies: 0},
	})
	assertErr(t, err, forms.EINVALID, "打印份数须在1到99之间")
	if n := printCount(t, f.db, c.ID); n != 0 {
		t.Fatalf("a refused RecordPrints wrote %d records", n)
	}
	if n := auditCount(t, f.db); n != audits {
		t.Fatalf("a refused RecordPrints wrote %d audit entries", n-audits)
	}
	err = f.db.RecordPrints(ctx, f.clerk, []forms.PrintRecord{{CaseID: "no-such-case", Document: "promise", Copies: 1}})
	assertErr(t, err, forms.ENOTFOUND)

	must(t, f.db.RecordPrints(ctx, f.clerk, []forms.PrintRecord{
		{CaseID: c.ID, Document: "receipt:" + r.Number, Copies: 1},
		{CaseID: c.ID, Document: "promise", Copies: 2},
	}))
	if n := printCount(t, f.db, c.ID); n != 2 {
		t.Fatalf("%d records, want 2", n)
	}
	before, err = f.db.PrintedBefore(ctx, c.ID, keys)
	must(t, err)
	if !before["receipt:"+r.Number] || !before["promise"] || before["notice"] || len(before) != 2 {
		t.Fatalf("PrintedBefore = %v", before)
	}
	// Another case's prints are not this case's.
	_, c2, _, _ := f.lend(t, "王芳")
	other, err := f.db.PrintedBefore(ctx, c2.ID, keys)
	must(t, err)
	if len(other) != 0 {
		t.Fatalf("another case printed before: %v", other)
	}
	must(t, f.db.RecordPrints(ctx, f.clerk, nil))
}

// After a crash right after 确认收款并打印 the receipt existed but was never
// printed: the store lists it (not voided ones), until it is printed.
func TestDB_UnprintedReceipts(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	_, c1, r1, _ := f.lend(t, "肖战")
	_, _, r2, _ := f.lend(t, "王芳")

	list, err := f.db.UnprintedReceipts(ctx)
	must(t, err)
	if len(list) != 2 || list[0].Number != r1.Number || list[1].Number != r2.Number {
		t.Fatalf("UnprintedReceipts = %+v, want %s and %s", list, r1.Number, r2.Number)
	}
	if list[0].PayerName != "肖战" || list[0].IssuedAt.IsZero() || list[0].CaseID != c1.ID {
		t.Fatalf("listed receipt lacks payer, time or case: %+v", list[0])
	}

	// Printing a document of the case is not printing its receipt.
	must(t, f.db.RecordPrints(ctx, f.clerk, []forms.PrintRecord{{CaseID: c1.ID, Document: "promise", Copies: 2}}))
	must(t, f.db.RecordPrints(ctx, f.clerk, []forms.PrintRecord{{CaseID: c1.ID, Document: "receipt:" + r1.Number, Copies: 1}}))
	list, err = f.db.UnprintedReceipts(ctx)
	must(t, err)
	if len(list) != 1 || list[0].Number != r2.Number {
		t.Fatalf("after printing %s: %+v", r1.Number, list)
	}

	// A voided receipt is not waiting to be printed.
	must(t, f.db.VoidReceipt(ctx, f.approved(), r2.ID, "收款方式选错"))
	list, err = f.db.UnprintedReceipts(ctx)
	must(t, err)
	if len(list) != 0 {
		t.Fatalf("a voided receipt is listed: %+v", list)
	}

	// The list is read from unprinted_receipts, not by walking every
	// receipt (at 3,000,000 receipts the walk took seconds).
	plan := strings.Join(queryPlan(t, f.db, "SELECT "+receiptCols+receiptFrom+" "+unprintedReceiptsWhere), " | ")
	if strings.Contains(plan, "SCAN r") || !strings.Contains(plan, "unprinted_receipts") {
		t.Errorf("UnprintedReceipts walks the receipts: %s", plan)
	}
}

// TestMigration0022_UnprintedReceipts: a station upgraded with a receipt
// never printed lists it after the upgrade (the list is filled from the
// receipts and prints already there), and not the printed one.
func TestMigration0022_UnprintedReceipts(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	_, c1, r1, _ := f.lend(t, "肖战")
	_, _, r2, _ := f.lend(t, "王芳")
	must(t, f.db.RecordPrints(ctx, f.clerk, []forms.PrintRecord{{CaseID: c1.ID, Document: "receipt:" + r1.Number, Copies: 1}}))
	_, err := f.db.db.Exec(`DROP TRIGGER unprinted_receipts_issued; DROP TRIGGER unprinted_receipts_voided;
		DROP TRIGGER unprinted_receipts_printed; DROP TABLE unprinted_receipts;
		DELETE FROM schema_migrations WHERE version >= 22; PRAGMA user_version = 21`)
	must(t, err)
	path := f.db.Path()
	f.db.Close()

	db := mustOpenPath(t, path, f.clk)
	list, err := db.UnprintedReceipts(ctx)
	must(t, err)
	if len(list) != 1 || list[0].Number != r2.Number {
		t.Fatalf("after the upgrade UnprintedReceipts = %+v, want only %s", list, r2.Number)
	}
}

// The branch's phone is stored at set-up and read back; a station set up
// before migration 0003 reads as having none.
func TestDB_StationPhone(t *testing.T) {
	ctx := context.Background()
	db := mustOpenDB(t)
	_, err := db.Setup(ctx, forms.Station{BranchCode: "QB", BranchName: "青白江人才服务中心", Payee: "青白江人才服务中心",
		Number: 1, Phone: "028 83981234"}, supName, supPass, testCatalogue())
	must(t, err)
	st, err := db.Station(ctx)
	must(t, err)
	if st.Phone != "028-83981234" {
		t.Fatalf("phone = %q", st.Phone)
	}

	f := newFixture(t) // set up without a phone, as before 0003
	st, err = f.db.Station(ctx)
	must(t, err)
	if st.Phone != "" {
		t.Fatalf("phone of a station without one = %q", st.Phone)
	}

	bad := mustOpenDB(t)
	_, err = bad.Setup(ctx, forms.Station{BranchCode: "QB", BranchName: "网点", Payee: "网点", Number: 1, Phone: "87654321"},
		supName, supPass, testCatalogue())
	assertErr(t, err, forms.EINVALID, "网点电话")
	_, err = bad.Station(ctx)
	assertErr(t, err, forms.ENOTFOUND)
}
