package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"counterdesk/forms"
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
	// Each entry links to the one before and hashes to its own hash.
	all := chainEntries(t, f.db)
	prev := ""
	for i, e := range all {
		if e.Seq != int64(i+1) || e.PrevHash != prev || e.Hash != e.ChainHash(prev) {
			t.Fatalf("entry %d: seq %d prev %q hash %q", i, e.Seq, e.PrevHash, e.Hash)
		}
		prev = e.Hash
	}
}

// chainEntries returns the audit log oldest first.
func chainEntries(tb testing.TB, db *DB) []forms.AuditEntry {
	tb.Helper()
	es, err := db.AuditLog(context.Background(), "", 0)
	must(tb, err)
	for i, j := 0, len(es)-1; i < j; i, j = i+1, j-1 {
		es[i], es[j] = es[j], es[i]
	}
	return es
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

// protectingTriggers are the triggers an attacker with the file drops
// before editing.
var protectingTriggers = []string{"audit_log_chain_insert", "audit_log_no_update", "audit_log_no_delete",
	"receipts_no_delete", "receipts_only_void"}

// tamperStation is a station with a few customers, receipts (one voided)
// and their audit entries, whose protecting triggers are dropped with
// plain SQL, as an attacker with the file would. restore puts the triggers
// back exactly as they were, so a check sees only the edit itself.
type tamperStation struct {
	*fixture
	entries  []forms.AuditEntry // as they were before the edit, oldest first
	receipts []*forms.Receipt
	saved    map[string]string
}

func newTamperStation(t *testing.T) *tamperStation {
	t.Helper()
	ctx := context.Background()
	s := &tamperStation{fixture: newFixture(t), saved: map[string]string{}}
	for _, name := range []string{"周一", "吴二", "郑三"} {
		_, _, r, _ := s.lend(t, name)
		s.receipts = append(s.receipts, r)
	}
	must(t, s.db.VoidReceipt(ctx, s.sup, s.receipts[2].ID, "金额录错"))
	if c, err := s.db.VerifyAudit(ctx); err != nil || !c.OK() {
		t.Fatalf("before the edit: %+v %v", c, err)
	}
	s.entries = chainEntries(t, s.db)
	for _, name := range protectingTriggers {
		var text string
		must(t, s.db.db.QueryRow("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", name).Scan(&text))
		s.saved[name] = text
		s.exec(t, "DROP TRIGGER "+name)
	}
	return s
}

func (s *tamperStation) exec(t *testing.T, q string, args ...any) {
	t.Helper()
	if _, err := s.db.db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func (s *tamperStation) restore(t *testing.T) {
	t.Helper()
	for _, name := range protectingTriggers {
		s.exec(t, s.saved[name])
	}
}

// at returns the entry that had seq n before the edit.
func (s *tamperStation) at(n int64) forms.AuditEntry { return s.entries[n-1] }

// last is the newest seq before the edit.
func (s *tamperStation) last() int64 { return int64(len(s.entries)) }

// issueSeq is the seq of receipt r's receipt.issue entry.
func (s *tamperStation) issueSeq(t *testing.T, r *forms.Receipt) int64 {
	t.Helper()
	for _, e := range s.entries {
		if e.Action == ActReceiptIssue && e.EntityID == r.ID {
			return e.Seq
		}
	}
	t.Fatalf("no receipt.issue for %s", r.Number)
	return 0
}

// depositSeq is the seq of the deposit.take entry of receipt r's deposit.
func (s *tamperStation) depositSeq(t *testing.T, r *forms.Receipt) int64 {
	t.Helper()
	for _, e := range s.entries {
		if e.Action == ActDepositTake && strings.Contains(e.After, r.ID) {
			return e.Seq
		}
	}
	t.Fatalf("no deposit.take for %s", r.Number)
	return 0
}

// insert writes an entry with every column given.
func (s *tamperStation) insert(t *testing.T, verb string, e forms.AuditEntry) {
	t.Helper()
	s.exec(t, verb+` INTO audit_log (seq, id, at, user_id, user_name, approved_by, action, entity, entity_id,
		before_json, after_json, note, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Seq, e.ID, e.AtText, nullIf(e.UserID), e.UserName, e.ApprovedBy, e.Action, e.Entity, e.EntityID,
		nullIf(e.Before), nullIf(e.After), e.Note, e.PrevHash, e.Hash)
}

// forged is a believable entry: a copy of a real one with a new id and note.
func forged(from forms.AuditEntry, seq int64, note string) forms.AuditEntry {
	e := from
	e.Seq, e.ID, e.Note = seq, fmt.Sprintf("00000000-0000-4000-8000-%012d", seq), note
	return e
}

// plausibleHash looks like a hash (64 hex digits) but was not computed
// over the entry.
func plausibleHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// hasProblem reports whether c has a problem of kind at seq whose detail
// holds every substring.
func hasProblem(c forms.AuditCheck, seq int64, kind string, substrs ...string) bool {
	for _, p := range c.Problems {
		if p.Seq != seq || p.Kind != kind {
			continue
		}
		ok := true
		for _, sub := range substrs {
			ok = ok && strings.Contains(p.Detail, sub)
		}
		if ok {
			return true
		}
	}
	return false
}

// TestVerifyAudit_Tampering: each edit an attacker with the file can make
// with plain SQL (triggers dropped first, then put back as they were) is
// found, pointing at the right entry; nothing else is reported.
func TestVerifyAudit_Tampering(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		edit func(t *testing.T, s *tamperStation) (seq int64, kind string, substrs []string, firstBad int64)
	}{
		{"UpdateNote", func(t *testing.T, s *tamperStation) (int64, string, []string, int64) {
			k := s.last() / 2
			s.exec(t, "UPDATE audit_log SET note = '改过的备注' WHERE seq = ?", k)
			return k, forms.AuditChanged, []string{"被改动"}, k
		}},
		{"UpdateNoteAndRehash", func(t *testing.T, s *tamperStation) (int64, string, []string, int64) {
			k := s.last() / 2
			e := s.at(k)
			e.Note = "改过的备注"
			s.exec(t, "UPDATE audit_log SET note = ?, hash = ? WHERE seq = ?", e.Note, e.ChainHash(e.PrevHash), k)
			return k, forms.AuditChanged, []string{"连同哈希"}, k
		}},
		{"DeleteMiddle", func(t *testing.T, s *tamperStation) (int64, string, []string, int64) {
			k := s.last() / 2
			s.exec(t, "DELETE FROM audit_log WHERE seq = ?", k)
			return k, forms.AuditRemoved, []string{fmt.Sprintf("第 %d 条记录被删除", k)}, k
		}},
		{"DeleteMiddleRenumbered", func(t *testing.T, s *tamperStation) (int64, string, []string, int64) {
			k := s.last() / 2
			s.exec(t, "DELETE FROM audit_log WHERE seq IN (?, ?)", k, k+1)
			s.exec(t, "UPDATE audit_log SET seq = -seq WHERE seq > ?", k+1)
			s.exec(t, "UPDATE audit_log SET seq = -seq - 2 WHERE seq < 0")
			s.exec(t, "UPDATE sqlite_sequence SET seq = seq - 2 WHERE name = 'audit_log'")
			return k, forms.AuditRemoved, []string{"2 条记录被删除", "重新编号"}, k
		}},
		{"DeleteLast", func(t *testing.T, s *tamperStation) (int64, string, []string, int64) {
			n := s.last()
			s.exec(t, "DELETE FROM audit_log WHERE seq >= ?", n-1)
			return n - 1, forms.AuditRemoved, []string{"最后 2 条记录"}, n - 1
		}},
		{"InsertMiddle", func(t *testing.T, s *tamperStation) (int64, string, []string, int64) {
			k := s.last() / 2
			// Make room after k, then put in an entry that links to k with
			// a correctly computed hash.
			s.exec(t, "UPDATE audit_log SET seq = -seq WHERE seq > ?", k)
			s.exec(t, "UPDATE audit_log SET seq = -seq + 1 WHERE seq < 0")
			s.exec(t, "UPDATE sqlite_sequence SET seq = seq + 1 WHERE name = 'audit_log'")
			e := forged(s.at(k), k+1, "伪造：补录一笔现金")
			e.PrevHash = s.at(k).Hash
			e.Hash = e.ChainHash(e.PrevHash)
			s.insert(t, "INSERT", e)
			return k + 1, forms.AuditInserted, []string{"插入"}, k + 1
		}},
		{"InsertMiddlePlausibleHash", func(t *testing.T, s *tamperStation) (int64, string, []string, int64) {
			k := s.last() / 2
			s.exec(t, "UPDATE audit_log SET seq = -seq WHERE seq > ?", k)
			s.exec(t, "UPDATE audit_log SET seq = -seq + 1 WHERE seq < 0")
			s.exec(t, "UPDATE sqlite_sequence SET seq = seq + 1 WHERE name = 'audit_log'")
			e := forged(s.at(k), k+1, "伪造：补录一笔现金")
			e.PrevHash, e.Hash = s.at(k).Hash, plausibleHash("forged")
			s.insert(t, "INSERT", e)
			return k + 1, forms.AuditInserted, []string{"插入"}, k + 1
		}},
		{"InsertEndPlausibleHash", func(t *testing.T, s *tamperStation) (int64, string, []string, int64) {
			n := s.last()
			e := forged(s.at(n), n+1, "伪造：补录一笔现金")
			e.PrevHash, e.Hash = s.at(n).Hash, plausibleHash("forged")
			s.insert(t, "INSERT", e)
			// Forged at the end: said to be forged or changed (trial 17).
			return n + 1, forms.AuditInserted, []string{"与其哈希不符", "伪造", "断开"}, n + 1
		}},
		{"UpdateLast", func(t *testing.T, s *tamperStation) (int64, string, []string, int64) {
			n := s.last()
			s.exec(t, "UPDATE audit_log SET note = '改过的备注' WHERE seq = ?", n)
			return n, forms.AuditInserted, []string{"伪造", "或写入后被改动"}, n
		}},
		{"InsertEndBogusLink", func(t *testing.T, s *tamperStation) (int64, string, []string, int64) {
			n := s.last()
			e := forged(s.at(n), n+1, "伪造：补录一笔现金")
			e.PrevHash, e.Hash = plausibleHash("prev"), plausibleHash("forged")
			s.insert(t, "INSERT", e)
			return n + 1, forms.AuditInserted, []string{"链接不上"}, n + 1
		}},
		{"InsertOrReplaceOld", func(t *testing.T, s *tamperStation) (int64, string, []string, int64) {
			k := s.last() / 3
			e := forged(s.at(k), k, "伪造：替换旧记录")
			e.Hash = plausibleHash("replaced")
			s.insert(t, "INSERT OR REPLACE", e)
			return k, forms.AuditChanged, []string{"被改动"}, k
		}},
		{"InsertOrReplaceOldRehashed", func(t *testing.T, s *tamperStation) (int64, string, []string, int64) {
			k := s.last() / 3
			e := forged(s.at(k), k, "伪造：替换旧记录")
			e.Hash = e.ChainHash(e.PrevHash)
			s.insert(t, "INSERT OR REPLACE", e)
			return k, forms.AuditChanged, []string{"连同哈希"}, k
		}},
		{"ReceiptAmount", func(t *testing.T, s *tamperStation) (int64, string, []string, int64) {
			r := s.receipts[1]
			s.exec(t, "UPDATE receipts SET total = total - 100 WHERE id = ?", r.ID)
			return s.issueSeq(t, r), forms.AuditReceipt, []string{r.Number, "金额现为"}, 0
		}},
		{"ReceiptUnvoided", func(t *testing.T, s *tamperStation) (int64, string, []string, int64) {
			r := s.receipts[2]
			s.exec(t, "UPDATE receipts SET voided = 0, voided_at = NULL WHERE id = ?", r.ID)
			return s.issueSeq(t, r), forms.AuditReceipt, []string{r.Number, "作废"}, 0
		}},
		{"ReceiptDeleted", func(t *testing.T, s *tamperStation) (int64, string, []string, int64) {
			r := s.receipts[0]
			s.exec(t, "DELETE FROM deposits WHERE receipt_id = ?", r.ID)
			s.exec(t, "DELETE FROM receipts WHERE id = ?", r.ID)
			return s.issueSeq(t, r), forms.AuditReceipt, []string{r.Number, "被删除"}, 0
		}},
		{"DepositAmount", func(t *testing.T, s *tamperStation) (int64, string, []string, int64) {
			r := s.receipts[1]
			s.exec(t, "UPDATE deposits SET amount = amount - 100 WHERE receipt_id = ?", r.ID)
			return s.depositSeq(t, r), forms.AuditReceipt, []string{"保障金", r.Number, "金额现为"}, 0
		}},
		{"DepositClosedQuietly", func(t *testing.T, s *tamperStation) (int64, string, []string, int64) {
			r := s.receipts[0]
			s.exec(t, "UPDATE deposits SET state = 'refunded', closed_at = '2026-01-01T00:00:00.000000000Z' WHERE receipt_id = ?", r.ID)
			return s.depositSeq(t, r), forms.AuditReceipt, []string{"保障金", "没有退还"}, 0
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTamperStation(t)
			seq, kind, substrs, firstBad := tc.edit(t, s)
			s.restore(t)
			c, err := s.db.VerifyAudit(ctx)
			must(t, err)
			if c.OK() || !hasProblem(c, seq, kind, substrs...) {
				t.Fatalf("want a %s problem at %d with %q; got %+v", kind, seq, substrs, c.Problems)
			}
			if c.FirstBad != firstBad {
				t.Errorf("FirstBad %d, want %d (%+v)", c.FirstBad, firstBad, c.Problems)
			}
			for _, p := range c.Problems {
				if p.Seq != 0 && p.Seq < seq && p.Kind != forms.AuditReceipt {
					t.Errorf("a problem before the edit: %+v", p)
				}
				if p.Kind == forms.AuditTrigger {
					t.Errorf("triggers were put back: %+v", p)
				}
			}
			if len(c.Problems) > 3 {
				t.Errorf("one edit, %d problems: %+v", len(c.Problems), c.Problems)
			}
		})
	}
}

// TestVerifyAudit_Triggers: a protecting trigger dropped, or dropped and
// made again differently, or one added, is reported by name.
func TestVerifyAudit_Triggers(t *testing.T) {
	ctx := context.Background()
	s := newTamperStation(t)
	s.restore(t)
	s.exec(t, "DROP TRIGGER receipts_no_delete")
	s.exec(t, "CREATE TRIGGER receipts_no_delete BEFORE DELETE ON receipts WHEN 0 BEGIN SELECT 1; END")
	s.exec(t, "DROP TRIGGER audit_log_no_delete")
	s.exec(t, "CREATE TRIGGER audit_log_quiet AFTER INSERT ON audit_log BEGIN SELECT 1; END")
	c, err := s.db.VerifyAudit(ctx)
	must(t, err)
	for _, want := range []string{"触发器 receipts_no_delete被改动", "缺少触发器 audit_log_no_delete", "多出触发器 audit_log_quiet"} {
		if !hasProblem(c, 0, forms.AuditTrigger, want) {
			t.Errorf("no problem %q in %+v", want, c.Problems)
		}
	}
	if c.FirstBad != 0 || len(c.Problems) != 3 {
		t.Errorf("FirstBad %d, problems %+v", c.FirstBad, c.Problems)
	}
}

// TestVerifyAudit_RewrittenTail: entries appended, or the newest one
// rewritten, with correctly computed hashes verify as a whole chain — the
// limit the README states. Only a head hash kept elsewhere shows a rewrite:
// VerifyFileHead reports it when that hash is gone from the chain.
func TestVerifyAudit_RewrittenTail(t *testing.T) {
	ctx := context.Background()
	s := newTamperStation(t)
	n := s.last()
	kept := s.at(n).Hash
	e := s.at(n)
	e.Note = "改写：金额 0.01 元"
	e.Hash = e.ChainHash(e.PrevHash)
	s.exec(t, "UPDATE audit_log SET note = ?, hash = ? WHERE seq = ?", e.Note, e.Hash, n)
	app := forged(e, n+1, "伪造：补录一笔现金")
	app.PrevHash = e.Hash
	app.Hash = app.ChainHash(app.PrevHash)
	s.insert(t, "INSERT", app)
	s.restore(t)
	c, err := s.db.VerifyAudit(ctx)
	must(t, err)
	if !c.OK() || c.Head != app.Hash {
		t.Fatalf("a well-formed rewrite: head %s, %+v", c.Head, c.Problems)
	}
	c, err = VerifyFileHead(ctx, s.db.Path(), strings.ToUpper(kept))
	must(t, err)
	if c.OK() || !hasProblem(c, 0, forms.AuditChanged, "另存的链头哈希", kept, "不在审计日志中") {
		t.Fatalf("the kept head %s: %+v", kept, c.Problems)
	}
	// A kept head still in the chain (an earlier one) passes.
	c, err = VerifyFileHead(ctx, s.db.Path(), s.at(n-1).Hash)
	must(t, err)
	if !c.OK() {
		t.Fatalf("an earlier head: %+v", c.Problems)
	}
}

// TestAuditChain_TriggersStopMistakes: with the triggers in place, an
// entry out of the chain, INSERT OR REPLACE over an old entry, editing a
// sealed entry, deleting a receipt or changing anything of it but a void
// are refused and change nothing.
func TestAuditChain_TriggersStopMistakes(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	_, _, r, _ := f.lend(t, "周借卡")
	es := chainEntries(t, f.db)
	n := int64(len(es))
	head := es[n-1]
	good := forged(head, n+1, "测试")
	good.PrevHash = head.Hash
	good.Hash = good.ChainHash(good.PrevHash)
	ins := func(verb string, e forms.AuditEntry) error {
		_, err := f.db.db.Exec(verb+` INTO audit_log (seq, id, at, user_id, user_name, approved_by, action, entity,
			entity_id, before_json, after_json, note, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.Seq, e.ID, e.AtText, nullIf(e.UserID), e.UserName, e.ApprovedBy, e.Action, e.Entity, e.EntityID,
			nullIf(e.Before), nullIf(e.After), e.Note, e.PrevHash, e.Hash)
		return err
	}
	old := forged(es[2], 3, "替换")
	old.Hash = old.ChainHash(old.PrevHash)
	wrongPrev := good
	wrongPrev.PrevHash = es[n-2].Hash
	for name, err := range map[string]error{
		"INSERT OR REPLACE an old entry": ins("INSERT OR REPLACE", old),
		"an old seq":                     ins("INSERT", forged(good, 0, "零")),
		"no hash": func() error {
			_, err := f.db.db.Exec(`INSERT INTO audit_log (id, at, user_name, action, entity) VALUES ('x', '2026', '系统', 'a', 'b')`)
			return err
		}(),
		"a prev_hash not the newest": ins("INSERT", wrongPrev),
	} {
		if err == nil || !strings.Contains(err.Error(), "audit_log is a chain") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	for _, q := range []string{
		"UPDATE audit_log SET hash = NULL WHERE seq = 1",
		"UPDATE audit_log SET note = 'x'",
		"DELETE FROM audit_log WHERE seq = 3",
	} {
		if _, err := f.db.db.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v", q, err)
		}
	}
	for _, q := range []string{
		"UPDATE receipts SET total = total + 1",
		"UPDATE receipts SET payer_name = '某人'",
		"UPDATE receipts SET voided = 1, voided_at = '2026', total = 1",
		"DELETE FROM receipts",
	} {
		if _, err := f.db.db.Exec(q); err == nil || !strings.Contains(err.Error(), "receipt") {
			t.Errorf("%s: err = %v", q, err)
		}
	}
	if got := chainEntries(t, f.db); len(got) != int(n) {
		t.Errorf("entries %d after refused edits, want %d", len(got), n)
	}
	if c, err := f.db.VerifyAudit(ctx); err != nil || !c.OK() {
		t.Fatalf("after refused edits: %+v %v", c, err)
	}
	// The right next entry goes in.
	if err := ins("INSERT", good); err != nil {
		t.Fatalf("the next entry: %v", err)
	}
	// A void is the one change a receipt takes, once.
	must(t, f.db.VoidReceipt(ctx, f.sup, r.ID, "金额录错"))
	if _, err := f.db.db.Exec("UPDATE receipts SET void_reason = '改理由' WHERE id = ?", r.ID); err == nil {
		t.Error("a voided receipt's reason changed")
	}
	var total int64
	must(t, f.db.db.QueryRow("SELECT total FROM receipts WHERE id = ?", r.ID).Scan(&total))
	if forms.Money(total) != r.Total {
		t.Errorf("total %d, want %d", total, r.Total)
	}
}

// oldStation writes, at path, a database as the version before the chain
// left it (migrations 1–16 only), with audit entries written the old way
// (no seq given, no hashes) and a receipt with its receipt.issue entry.
// It returns how many entries it wrote.
func oldStation(t *testing.T, path string) int {
	t.Helper()
	ctx := context.Background()
	must(t, os.MkdirAll(filepath.Dir(path), 0o700))
	conn, err := sql.Open("sqlite", fileURI(path, ""))
	must(t, err)
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	_, err = conn.ExecContext(ctx, `CREATE TABLE schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL
	)`)
	must(t, err)
	for _, m := range migrationFiles()[:16] {
		if _, err := conn.ExecContext(ctx, m.sql); err != nil {
			t.Fatalf("migration %s: %v", m.name, err)
		}
		_, err = conn.ExecContext(ctx, "INSERT INTO schema_migrations VALUES (?, ?, '2025-01-01T00:00:00.000000000Z')", m.version, m.name)
		must(t, err)
	}
	_, err = conn.ExecContext(ctx, "PRAGMA user_version = 16")
	must(t, err)
	old := func(at, userID, action, entity, entityID, after, note string) {
		t.Helper()
		_, err := conn.ExecContext(ctx, `INSERT INTO audit_log (id, at, user_id, user_name, action, entity, entity_id, after_json, note)
			VALUES (lower(hex(randomblob(16))), ?, ?, '张主管', ?, ?, ?, ?, ?)`, at, nullIf(userID), action, entity, entityID, nullIf(after), note)
		must(t, err)
	}
	old("2025-03-01T01:00:00.000000000Z", "", ActStationSetup, "station", "st1", `{"BranchCode":"QB"}`, "设立站点")
	old("2025-03-01T01:05:00.000000000Z", "u1", ActUserAdd, "user", "u1", `{"Name":"张主管"}`, "")
	_, err = conn.ExecContext(ctx, `INSERT INTO receipts (id, number, station_code, year, seq, source, payer_name, lines,
		total, method, clerk_id, issued_at) VALUES ('r1', 'QB01-2025-000001', 'QB01', 2025, 1, 'fee', '周一', '[]', 1500, 'cash',
		'u1', '2025-03-02T02:00:00.000000000Z')`)
	must(t, err)
	old("2025-03-02T02:00:00.000000000Z", "u1", ActReceiptIssue, "receipt", "r1",
		`{"ID":"r1","Number":"QB01-2025-000001","Total":1500,"CaseID":""}`, "QB01-2025-000001 15.00元 现金")
	return 3
}

// TestAuditChain_UpgradeSeals: a database from before the chain is sealed
// at upgrade, in seq order, with one audit.seal entry recording how many
// entries and the head hash, and then verifies clean; VerifyFile refuses
// it before the upgrade with a clear message and leaves it untouched.
func TestAuditChain_UpgradeSeals(t *testing.T) {
	ctx := context.Background()
	path := testDBPath(t)
	n := oldStation(t, path)
	_, err := VerifyFile(ctx, path)
	assertErr(t, err, forms.EINVALID, "旧版本", "第 16 版", "请先用本版柜台通打开一次")

	db := mustOpenPath(t, path, &testClock{now: testStart})
	es := chainEntries(t, db)
	if len(es) < n+1 {
		t.Fatalf("%d entries after the upgrade", len(es))
	}
	prev := ""
	for _, e := range es[:n] {
		if e.PrevHash != prev || e.Hash == "" || e.Hash != e.ChainHashV1(prev) {
			t.Fatalf("entry %d not sealed in order: %+v", e.Seq, e)
		}
		prev = e.Hash
	}
	seal := es[n]
	if seal.Action != ActAuditSeal || seal.UserName != systemName || seal.PrevHash != prev ||
		!strings.Contains(seal.Note, fmt.Sprintf("%d 条旧审计记录", n)) || !strings.Contains(seal.Note, prev) {
		t.Fatalf("seal entry %+v", seal)
	}
	c, err := db.VerifyAudit(ctx)
	must(t, err)
	if !c.OK() || c.Receipts != 1 || c.Entries != int64(len(es)) {
		t.Fatalf("upgraded station: %+v", c)
	}
	// Sealed entries take no more changes.
	if _, err := db.db.Exec("UPDATE audit_log SET note = 'x' WHERE seq = 1"); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Fatalf("update of a sealed entry: %v", err)
	}
}

// TestVerifyFile: the file of a closed station and of an open one (the
// counter keeps writing meanwhile) verifies without being changed; an
// edit is found; a file that is no database, is missing or is newer is
// refused with a Chinese message.
func TestVerifyFile(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	_, _, r, _ := f.lend(t, "周借卡")
	path := f.db.Path()

	// Open: verifying does not hold up the counter.
	c, err := VerifyFile(ctx, path)
	must(t, err)
	if !c.OK() || c.Receipts != 1 {
		t.Fatalf("open station: %+v", c)
	}
	must(t, f.db.VoidReceipt(ctx, f.sup, r.ID, "金额录错"))

	// Closed: nothing of the file changes.
	must(t, f.db.Close())
	before := folderState(t, filepath.Dir(path))
	c, err = VerifyFile(ctx, path)
	must(t, err)
	if !c.OK() || c.Entries != int64(auditCountFile(t, path)) {
		t.Fatalf("closed station: %+v", c)
	}
	if after := folderState(t, filepath.Dir(path)); after != before {
		t.Fatalf("verify changed the folder:\n%s\n%s", before, after)
	}

	// An edit with the triggers dropped.
	raw, err := sql.Open("sqlite", fileURI(path, ""))
	must(t, err)
	_, err = raw.Exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET note = '改' WHERE seq = 2")
	must(t, err)
	raw.Close()
	c, err = VerifyFile(ctx, path)
	must(t, err)
	if c.FirstBad != 2 || !hasProblem(c, 2, forms.AuditChanged) || !hasProblem(c, 0, forms.AuditTrigger, "audit_log_no_update") {
		t.Fatalf("edited: %+v", c)
	}

	dir := filepath.Join(t.TempDir(), "数据 目录")
	must(t, os.MkdirAll(dir, 0o700))
	_, err = VerifyFile(ctx, filepath.Join(dir, "counterdesk.db"))
	assertErr(t, err, forms.EINVALID, "找不到数据库文件")
	junk := filepath.Join(dir, "不是数据库.db")
	must(t, os.WriteFile(junk, []byte("这不是数据库，只是一段文字。"+strings.Repeat("x", 4096)), 0o600))
	_, err = VerifyFile(ctx, junk)
	assertErr(t, err, forms.EINVALID, "无法读取数据库")

	raw, err = sql.Open("sqlite", fileURI(path, ""))
	must(t, err)
	_, err = raw.Exec("PRAGMA user_version = 99")
	must(t, err)
	raw.Close()
	_, err = VerifyFile(ctx, path)
	assertErr(t, err, forms.EINVALID, "更新版本")
}

// folderState lists a folder's files with size and modification time.
func folderState(t *testing.T, dir string) string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	must(t, err)
	var b strings.Builder
	for _, e := range ents {
		fi, err := e.Info()
		must(t, err)
		fmt.Fprintf(&b, "%s %d %s\n", e.Name(), fi.Size(), fi.ModTime())
	}
	return b.String()
}

// auditCountFile counts the entries of a closed database file.
func auditCountFile(t *testing.T, path string) int {
	t.Helper()
	raw, err := sql.Open("sqlite", fileURI(path, "mode=ro&immutable=1"))
	must(t, err)
	defer raw.Close()
	var n int
	must(t, raw.QueryRow("SELECT count(*) FROM audit_log").Scan(&n))
	return n
}
