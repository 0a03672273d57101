package store

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

// TestQuickAuditCheck: the start-up check finds dropped triggers, the
// newest entry edited, forged at the end or deleted, and names as head
// only a hash that verifies; a clean station shows nothing (issue 17,
// trial 17: a station with its triggers dropped opened without a word).
func TestQuickAuditCheck(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		edit func(t *testing.T, s *tamperStation) (seq int64, kind string, substrs []string, head int64)
	}{
		{"Clean", func(t *testing.T, s *tamperStation) (int64, string, []string, int64) {
			s.restore(t)
			return 0, "", nil, s.last()
		}},
		{"TriggerDropped", func(t *testing.T, s *tamperStation) (int64, string, []string, int64) {
			s.restore(t)
			s.exec(t, "DROP TRIGGER audit_log_no_update")
			return 0, forms.AuditTrigger, []string{"缺少触发器 audit_log_no_update"}, s.last()
		}},
		{"LastEdited", func(t *testing.T, s *tamperStation) (int64, string, []string, int64) {
			n := s.last()
			s.exec(t, "UPDATE audit_log SET note = '改过的备注' WHERE seq = ?", n)
			s.restore(t)
			return n, forms.AuditInserted, []string{"与其哈希不符", "伪造", "或写入后被改动"}, n - 1
		}},
		{"ForgedAtEnd", func(t *testing.T, s *tamperStation) (int64, string, []string, int64) {
			n := s.last()
			e := forged(s.at(n), n+1, "伪造：补录一笔现金")
			e.PrevHash, e.Hash = s.at(n).Hash, plausibleHash("forged")
			s.insert(t, "INSERT", e)
			s.restore(t)
			return n + 1, forms.AuditInserted, []string{"伪造"}, n
		}},
		{"LastDeleted", func(t *testing.T, s *tamperStation) (int64, string, []string, int64) {
			n := s.last()
			s.exec(t, "DELETE FROM audit_log WHERE seq >= ?", n-1)
			s.restore(t)
			return n - 1, forms.AuditRemoved, []string{"最后 2 条记录"}, n - 2
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTamperStation(t)
			seq, kind, substrs, head := tc.edit(t, s)
			c, err := s.db.QuickAuditCheck(ctx)
			must(t, err)
			if kind == "" {
				if !c.OK() {
					t.Fatalf("clean station: %+v", c.Problems)
				}
			} else if c.OK() || !hasProblem(c, seq, kind, substrs...) {
				t.Fatalf("want a %s problem at %d with %q; got %+v", kind, seq, substrs, c.Problems)
			}
			if c.HeadSeq != head || c.Head != s.at(head).Hash {
				t.Errorf("head %d %s, want %d %s", c.HeadSeq, c.Head, head, s.at(head).Hash)
			}
			// The full check agrees on the head.
			full, err := s.db.VerifyAudit(ctx)
			must(t, err)
			if full.Head != c.Head || full.HeadSeq != c.HeadSeq {
				t.Errorf("VerifyAudit head %d %s, quick %d %s", full.HeadSeq, full.Head, c.HeadSeq, c.Head)
			}
		})
	}
}

// TestQuickAuditCheck_Window: only the newest entries are walked, the first
// taken as linked to what it names; an edit inside the window is found.
func TestQuickAuditCheck_Window(t *testing.T) {
	ctx := context.Background()
	s := newTamperStation(t)
	n := s.last()
	s.exec(t, "UPDATE audit_log SET note = '改过的备注' WHERE seq = ?", n-2)
	s.restore(t)
	tx, err := s.db.beginRead(ctx)
	must(t, err)
	defer tx.Rollback()
	c, err := quickAudit(ctx, tx, 5)
	must(t, err)
	if c.Entries != 5 || !hasProblem(c, n-2, forms.AuditChanged, "被改动") || c.FirstBad != n-2 {
		t.Fatalf("window of 5: %d entries, %+v", c.Entries, c.Problems)
	}
	c, err = quickAudit(ctx, tx, 2)
	must(t, err)
	if c.Entries != 2 || !c.OK() {
		t.Fatalf("window of 2 (the edit is before it): %d entries, %+v", c.Entries, c.Problems)
	}
}

// TestCheckAuditProtection: what the start-up check finds is in
// IntegrityStatus for the home screen, and stays after the integrity check.
func TestCheckAuditProtection(t *testing.T) {
	ctx := context.Background()
	s := newTamperStation(t)
	s.restore(t)
	if _, err := s.db.CheckAuditProtection(ctx); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.db.IntegrityStatus(ctx); st.Trouble() || len(st.Audit) != 0 {
		t.Fatalf("clean station: %+v", st)
	}
	s.exec(t, "DROP TRIGGER audit_log_no_delete")
	if _, err := s.db.CheckAuditProtection(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.CheckIntegrity(ctx); err != nil {
		t.Fatal(err)
	}
	st, _ := s.db.IntegrityStatus(ctx)
	if !st.Trouble() || st.State != forms.IntegrityOK {
		t.Fatalf("triggers dropped: %+v", st)
	}
	for _, want := range []string{"审计日志保护被改动", "audit_log_no_delete", "请主管在“审计日志”中点“校验审计日志”"} {
		if !strings.Contains(st.Message(), want) {
			t.Errorf("no %q in %q", want, st.Message())
		}
	}
}

// TestAuditSummary_Scope: customers carry no chain, so a name and ID
// number changed with plain SQL verify as intact — and the summary says
// plainly that customers are not covered (trial 17); a forged last entry's
// hash is not given as the head.
func TestAuditSummary_Scope(t *testing.T) {
	ctx := context.Background()
	s := newTamperStation(t)
	s.restore(t)
	s.exec(t, "UPDATE customers SET name = '改过的姓名', id_number = '110101199003074514' WHERE rowid = (SELECT min(rowid) FROM customers)")
	c, err := s.db.VerifyAudit(ctx)
	must(t, err)
	sum := AuditSummary(c)
	if !c.OK() || !strings.HasPrefix(sum, "审计日志完好") || !strings.Contains(sum, "客户资料等其他表不在哈希链校验范围内") ||
		!strings.Contains(sum, "程序内的改动都记在审计日志中") || !strings.Contains(sum, c.Head) {
		t.Fatalf("customers changed: %v %q", c.OK(), sum)
	}

	n := s.last()
	s.exec(t, "DROP TRIGGER audit_log_chain_insert")
	e := forged(s.at(n), n+1, "伪造：补录一笔现金")
	e.PrevHash, e.Hash = s.at(n).Hash, plausibleHash("forged")
	s.insert(t, "INSERT", e)
	s.exec(t, s.saved["audit_log_chain_insert"])
	c, err = s.db.VerifyAudit(ctx)
	must(t, err)
	sum = AuditSummary(c)
	if strings.Contains(sum, e.Hash) || !strings.Contains(sum, s.at(n).Hash) || !strings.Contains(sum, "哈希链在其后断开") ||
		!strings.Contains(sum, "客户资料等其他表不在哈希链校验范围内") {
		t.Fatalf("forged at the end: %q", sum)
	}
}

// BenchmarkQuickAuditCheck: the start-up check at a station of 50,000
// audit entries (milliseconds; it reads the newest 1000 only).
func BenchmarkQuickAuditCheck(b *testing.B) {
	ctx := context.Background()
	f := newFixture(b)
	const entries = 50000
	// Written fast with plain SQL, then sealed into the chain as the
	// upgrade does, the triggers put back as they were.
	saved := map[string]string{}
	for _, name := range []string{"audit_log_chain_insert", "audit_log_no_update"} {
		var text string
		if err := f.db.db.QueryRow("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", name).Scan(&text); err != nil {
			b.Fatal(err)
		}
		saved[name] = text
		if _, err := f.db.db.Exec("DROP TRIGGER " + name); err != nil {
			b.Fatal(err)
		}
	}
	_, err := f.db.db.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO audit_log (id, at, user_name, approved_by, action, entity, entity_id, note)
		SELECT 'bench-' || i, '2026-01-01T00:00:00.000000000Z', '王芳', '', 'customer.update', 'customer', 'c' || i, '' FROM n`, entries)
	if err != nil {
		b.Fatal(err)
	}
	tx, err := f.db.begin(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if err := sealAuditChain(ctx, tx); err != nil {
		b.Fatal(err)
	}
	if err := tx.commit(); err != nil {
		b.Fatal(err)
	}
	for _, text := range saved {
		if _, err := f.db.db.Exec(text); err != nil {
			b.Fatal(err)
		}
	}
	if c, err := f.db.QuickAuditCheck(ctx); err != nil || !c.OK() || c.Entries != quickAuditEntries {
		b.Fatalf("%+v %v", c, err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := f.db.QuickAuditCheck(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkQuickAuditCheck_Station times the start-up check on a COPY of a
// large station named by COUNTERDESK_QUICKAUDIT_DB (opened, and upgraded
// if it is older: never point it at a station in use). Skipped without it.
func BenchmarkQuickAuditCheck_Station(b *testing.B) {
	path := os.Getenv("COUNTERDESK_QUICKAUDIT_DB")
	if path == "" {
		b.Skip("COUNTERDESK_QUICKAUDIT_DB names no copy of a large station")
	}
	ctx := context.Background()
	start := time.Now()
	db, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	b.Logf("opened in %s", time.Since(start).Round(time.Millisecond))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c, err := db.QuickAuditCheck(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if i == 0 {
			b.Logf("%d entries walked up to seq %d, %d problems", c.Entries, c.Last, len(c.Problems))
		}
	}
}
