package forms

import (
	"strings"
	"testing"
)

// TestAuditDelta: an update's entry keeps only the fields that changed, in
// the record's order; a field that came or went stays on the side that has
// it; nothing changed is {} on both sides; anything but two objects is
// kept whole (ok false).
func TestAuditDelta(t *testing.T) {
	for _, c := range []struct {
		name, before, after string
		wantB, wantA        string
		ok                  bool
	}{
		{"one field of many", `{"ID":"c1","Name":"陈静","Mobile":"13800001234","Items":[1,2]}`,
			`{"ID":"c1","Name":"陈静怡","Mobile":"13800001234","Items":[1,2]}`, `{"Name":"陈静"}`, `{"Name":"陈静怡"}`, true},
		{"order kept, nested", `{"Status":"draft","Answers":{"a":1,"b":2},"Total":0}`,
			`{"Status":"accepted","Answers":{"a":1,"b":3},"Total":1500}`,
			`{"Status":"draft","Answers":{"a":1,"b":2},"Total":0}`, `{"Status":"accepted","Answers":{"a":1,"b":3},"Total":1500}`, true},
		{"field came and went", `{"ID":"x","CancelReason":"重复"}`, `{"ID":"x","CompletedAt":"2026-01-02"}`,
			`{"CancelReason":"重复"}`, `{"CompletedAt":"2026-01-02"}`, true},
		{"same in other spacing", `{"A": 1, "B": [1, 2]}`, `{"A":1,"B":[1,2]}`, `{}`, `{}`, true},
		{"nothing changed", `{"A":1}`, `{"A":1}`, `{}`, `{}`, true},
		{"null to value", `{"A":null}`, `{"A":"x"}`, `{"A":null}`, `{"A":"x"}`, true},
		{"setting value", `"30"`, `"45"`, `"30"`, `"45"`, false},
		{"not JSON", `{"A":`, `{"A":1}`, `{"A":`, `{"A":1}`, false},
		{"insert", ``, `{"A":1}`, ``, `{"A":1}`, false},
	} {
		b, a, ok := AuditDelta(c.before, c.after)
		if b != c.wantB || a != c.wantA || ok != c.ok {
			t.Errorf("%s: AuditDelta = %s / %s / %v, want %s / %s / %v", c.name, b, a, ok, c.wantB, c.wantA, c.ok)
		}
		if !ok {
			continue
		}
		// The audit screen shows every kept field as changed, and only those.
		for _, f := range AuditDiff(b, a) {
			if !f.Changed {
				t.Errorf("%s: %s shown as unchanged", c.name, f.Key)
			}
		}
	}
	// The screen still names and masks the kept fields.
	b, a, _ := AuditDelta(`{"ID":"c1","Mobile":"13800001234","Name":"陈静"}`, `{"ID":"c1","Mobile":"13698765432","Name":"陈静"}`)
	fs := AuditDiff(b, a)
	if len(fs) != 1 || fs[0].Label != "手机号" || strings.Contains(fs[0].Before+fs[0].After, "13800001234") {
		t.Errorf("shown %+v", fs)
	}
}

// TestChainHash_Forms: an entry written before issue 17 (v1, whole
// records) hashes exactly as the release before it computed (the hashes
// below are that release's ChainHash of the same entries), and an entry
// of the new form (v2) hashes differently: its form cannot be changed
// without its hash.
func TestChainHash_Forms(t *testing.T) {
	e := AuditEntry{Seq: 7, ID: "a1", AtText: "2025-03-02T02:00:00.000000000Z", UserID: "u1", UserName: "张主管",
		Action: "customer.update", Entity: "customer", EntityID: "c1", Before: `{"Name":"陈静"}`, After: `{"Name":"陈静怡"}`, Note: "n"}
	if got := e.ChainHashV1("abc"); got != "f526e5db7ec452704dc417df2e5bbc29cdd3c6dfc793d42b503968dda19a7937" {
		t.Errorf("v1 hash = %s, not the old release's", got)
	}
	if e.ChainHash("abc") == e.ChainHashV1("abc") || e.ChainHash("abc") != e.ChainHashForm("abc", AuditFormDelta) {
		t.Error("v2 hash is the v1 hash, or ChainHash is not the delta form")
	}
	e.UserID, e.Before = "", ""
	if got := e.ChainHashForm("", AuditFormWhole); got != "62c249e977320075d09a2bde41c79021481f0e23ed2de05383b4046dc1a1c29f" {
		t.Errorf("v1 hash with NULLs = %s, not the old release's", got)
	}
}
