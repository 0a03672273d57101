package forms

import "testing"

// TestAuditProblem_KindLabel: every kind of problem has one Chinese name,
// the one the audit screen and `counterdesk verify` both show (they kept
// two lists with different words: 被改动 and 记录被改动, 保护触发器 and 触发器).
func TestAuditProblem_KindLabel(t *testing.T) {
	seen := map[string]string{}
	for _, c := range []struct{ kind, want string }{
		{AuditChanged, "记录被改动"},
		{AuditInserted, "记录被插入或伪造"},
		{AuditRemoved, "记录被删除"},
		{AuditReceipt, "收据或保障金不符"},
		{AuditTrigger, "保护触发器"},
		{"future-kind", "future-kind"}, // a kind without a name shows as it is
	} {
		got := AuditProblem{Seq: 3, Kind: c.kind}.KindLabel()
		if got != c.want {
			t.Errorf("%s: KindLabel() = %q, want %q", c.kind, got, c.want)
		}
		if other, ok := seen[got]; ok {
			t.Errorf("%s and %s share the name %q", c.kind, other, got)
		}
		seen[got] = c.kind
	}
}
