package store

import (
	"context"
	"strings"
	"testing"

	"counterdesk/forms"
)

// TestVerifyAuditHeadAs_RewrittenTail: the audit screen's check with a
// head hash kept elsewhere catches a well-formed rewrite of the newest
// entries (which the chain alone passes) and records the check; a kept
// head still in the chain passes; a clerk and a head that is not one are
// refused with nothing recorded.
func TestVerifyAuditHeadAs_RewrittenTail(t *testing.T) {
	ctx := context.Background()
	s := newTamperStation(t)
	n := s.last()
	kept := s.at(n).Hash
	e := s.at(n)
	e.Note = "改写：金额 0.01 元"
	e.Hash = e.ChainHash(e.PrevHash)
	s.exec(t, "UPDATE audit_log SET note = ?, hash = ? WHERE seq = ?", e.Note, e.Hash, n)
	s.restore(t)

	c, err := s.db.VerifyAuditHeadAs(ctx, s.sup, "")
	must(t, err)
	if !c.OK() {
		t.Fatalf("without a kept head a well-formed rewrite passes: %+v", c.Problems)
	}
	before := len(chainEntries(t, s.db))
	c, err = s.db.VerifyAuditHeadAs(ctx, s.sup, " "+strings.ToUpper(kept)+" ")
	must(t, err)
	if c.OK() || !hasProblem(c, 0, forms.AuditChanged, "另存的链头哈希", kept, "不在审计日志中") {
		t.Fatalf("the kept head %s: %+v", kept, c.Problems)
	}
	es := chainEntries(t, s.db)
	if len(es) != before+1 || es[len(es)-1].Action != ActAuditVerify || !strings.Contains(es[len(es)-1].Note, "核对另存的链头哈希 "+kept) {
		t.Fatalf("the check was not recorded: %d→%d %+v", before, len(es), es[len(es)-1])
	}

	// An earlier head is still in the chain: it passes.
	c, err = s.db.VerifyAuditHeadAs(ctx, s.sup, s.at(n-1).Hash)
	must(t, err)
	if !c.OK() {
		t.Fatalf("an earlier head: %+v", c.Problems)
	}

	before = len(chainEntries(t, s.db))
	for _, tc := range []struct {
		a         forms.Actor
		head      string
		code, msg string
	}{
		{s.sup, kept[:40], forms.EINVALID, "另存的链头哈希应为 64 位十六进制数字"},
		{s.sup, "链头" + kept[2:], forms.EINVALID, "另存的链头哈希应为 64 位十六进制数字"},
		{s.clerk, kept, forms.EFORBIDDEN, msgAuditVerifySupervisor},
	} {
		_, err := s.db.VerifyAuditHeadAs(ctx, tc.a, tc.head)
		if forms.ErrorCode(err) != tc.code || !strings.Contains(forms.ErrorMessage(err), tc.msg) {
			t.Errorf("%q: want %s %q, got %v", tc.head, tc.code, tc.msg, err)
		}
	}
	if got := len(chainEntries(t, s.db)); got != before {
		t.Errorf("a refused check recorded something: %d→%d entries", before, got)
	}
}
