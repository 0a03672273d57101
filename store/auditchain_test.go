package store

import (
	"context"
	"testing"
)

// TestVerifyAudit_FreshClean: a new station with a receipt issued and one
// voided verifies clean, with every entry and receipt counted and the head
// hash the newest entry's.
func TestVerifyAudit_FreshClean(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	f.lend(t, "周借卡")
	_, _, r, _ := f.lend(t, "吴作废")
	must(t, f.db.VoidReceipt(ctx, f.sup, r.ID, "金额录错"))
	c, err := f.db.VerifyAudit(ctx)
	must(t, err)
	if !c.OK() || c.FirstBad != 0 {
		t.Fatalf("fresh station: %+v", c)
	}
	n := auditCount(t, f.db)
	if c.Entries != int64(n) || c.Receipts != 2 {
		t.Errorf("entries %d receipts %d, want %d and 2", c.Entries, c.Receipts, n)
	}
	last, err := f.db.AuditLog(ctx, "", 1)
	must(t, err)
	if c.Head == "" || c.Head != last[0].Hash {
		t.Errorf("head %q, newest entry's hash %q", c.Head, last[0].Hash)
	}
}

// dropAuditChainInsert drops the chain's insert trigger, for the tests that
// run an old migration's SQL again on a current database: those migrations
// wrote audit entries in SQL, before the chain existed (a real upgrade runs
// them before 0017, which seals what they wrote).
func dropAuditChainInsert(tb testing.TB, db *DB) {
	tb.Helper()
	_, err := db.db.Exec("DROP TRIGGER audit_log_chain_insert")
	must(tb, err)
}
