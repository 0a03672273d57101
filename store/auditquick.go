package store

import (
	"context"
	"fmt"
	"log"

	"counterdesk/forms"
)

// quickAuditEntries is how many of the newest audit entries QuickAuditCheck
// walks: enough to catch an entry edited, forged or removed at the end of
// the log since the last full verification, few enough to take
// milliseconds at any size.
const quickAuditEntries = 1000

// QuickAuditCheck is the cheap check of the audit log's protection run at
// every start-up (CheckAuditProtection): the protecting triggers against
// the ones the migrations make, the hash chain of the newest
// quickAuditEntries entries (each linked to the one before and its hash
// right), and SQLite's seq counter (sqlite_sequence) not above the last
// entry (newest entries deleted) nor below it. Receipts, deposits and the
// older entries are left to VerifyAudit ("审计日志" screen, `counterdesk
// verify`). It reads in one read transaction, records nothing, and takes
// milliseconds at any size (BenchmarkQuickAuditCheck); the error is only
// for a database that cannot be read.
func (db *DB) QuickAuditCheck(ctx context.Context) (forms.AuditCheck, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return forms.AuditCheck{}, err
	}
	defer tx.Rollback()
	return quickAudit(ctx, tx, quickAuditEntries)
}

// quickAudit is QuickAuditCheck over the newest n entries in q's read
// transaction. The first entry read is taken as linked to what it names
// (the entries before it are not read).
func quickAudit(ctx context.Context, q chainQueryer, n int) (forms.AuditCheck, error) {
	var c forms.AuditCheck
	w := newChainWalk(&c)
	rows, err := q.QueryContext(ctx, "SELECT "+chainColumns+
		" FROM audit_log WHERE seq > (SELECT COALESCE(max(seq), 0) FROM audit_log) - ? ORDER BY seq", n)
	if err != nil {
		return c, fmt.Errorf("read audit log: %w", err)
	}
	first := true
	for rows.Next() {
		r, err := scanChainRow(rows)
		if err != nil {
			rows.Close()
			return c, err
		}
		if first {
			first = false
			before := r.e.Seq - 1
			w.prevSeq, w.prevOrig, w.prevHash = before, before, r.prev.String
			w.goodSeq, w.goodHash = before, r.prev.String
			w.remember(r.prev.String, chainLink{seq: before, orig: before})
		}
		w.step(r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return c, fmt.Errorf("read audit log: %w", err)
	}
	if err := checkTail(ctx, q, w); err != nil {
		return c, err
	}
	if err := checkTriggers(ctx, q, w); err != nil {
		return c, err
	}
	w.finish()
	return c, nil
}

// CheckAuditProtection runs QuickAuditCheck and keeps what it found for
// IntegrityStatus (forms.IntegrityStatus.Audit), so the home screen warns
// when the audit log's protection was changed or its newest entries do not
// match the hash chain — a station whose triggers were dropped no longer
// opens without a word. It is meant to run in the background once the
// log-in window shows, before the integrity check (it takes milliseconds).
// The error is only for a database that cannot be read.
func (db *DB) CheckAuditProtection(ctx context.Context) (forms.AuditCheck, error) {
	c, err := db.QuickAuditCheck(ctx)
	if err != nil {
		return c, fmt.Errorf("audit protection check: %w", err)
	}
	var found []string
	for _, p := range c.Problems {
		found = append(found, p.Detail)
	}
	if len(found) > 0 {
		log.Printf("store: audit protection check: %d problems: %v", len(found), found)
	}
	in := &db.integrity
	in.mu.Lock()
	in.status.Audit = found
	in.mu.Unlock()
	return c, nil
}
