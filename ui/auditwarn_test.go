package ui

import (
	"context"
	"os/exec"
	"strings"
	"testing"

	"counterdesk/forms"
)

// sqlite3 runs SQL on the station's file with the sqlite3 tool, as someone
// with the file and another program would (the app stays open).
func sqlite3(t *testing.T, path, sql string) string {
	t.Helper()
	out, err := exec.Command("sqlite3", path, sql).CombinedOutput()
	if err != nil {
		t.Fatalf("sqlite3 %s: %v %s", sql, err, out)
	}
	return strings.TrimSpace(string(out))
}

// The start-up check of the audit log's protection on the home screen
// (issue 17, trial 17: a station whose triggers were dropped opened with
// no warning): nothing on a clean station; a dropped trigger, and the
// newest entry edited, warn the supervisor to verify in 审计日志 and the
// clerk to tell the supervisor.
func TestHome_AuditProtectionWarning(t *testing.T) {
	if _, err := exec.LookPath("sqlite3"); err != nil {
		t.Skip("no sqlite3 tool")
	}
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.wait()
	home := h.app.home
	check := func() {
		t.Helper()
		if _, err := h.db.CheckAuditProtection(ctx); err != nil {
			t.Fatal(err)
		}
		home.checkIntegrity()
		h.wait()
	}
	check()
	if home.integrity.Visible() {
		t.Fatalf("a clean station shows %q", home.integrity.Text)
	}

	path := h.db.Path()
	trigger := sqlite3(t, path, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_log_no_update'")
	sqlite3(t, path, "DROP TRIGGER audit_log_no_update")
	check()
	for _, want := range []string{"审计日志保护被改动", "audit_log_no_update", "“审计日志”", "校验审计日志"} {
		if !home.integrity.Visible() || !strings.Contains(home.integrity.Text, want) {
			t.Errorf("trigger dropped: warning %q (visible %v) lacks %q", home.integrity.Text, home.integrity.Visible(), want)
		}
	}

	sqlite3(t, path, "UPDATE audit_log SET note = '改过的备注' WHERE seq = (SELECT max(seq) FROM audit_log); "+trigger+";")
	check()
	for _, want := range []string{"审计日志保护被改动或哈希链不符", "与其哈希不符"} {
		if !home.integrity.Visible() || !strings.Contains(home.integrity.Text, want) {
			t.Errorf("last entry edited: warning %q (visible %v) lacks %q", home.integrity.Text, home.integrity.Visible(), want)
		}
	}
	if strings.Contains(home.integrity.Text, "audit_log_no_update") {
		t.Errorf("the trigger was put back, still named: %q", home.integrity.Text)
	}

	h.logInNewClerk()
	h.wait()
	home = h.app.home
	if home == nil || h.app.user.IsSupervisor() {
		t.Fatal("the clerk did not reach the main screen")
	}
	home.checkIntegrity()
	h.wait()
	if !home.integrity.Visible() || !strings.Contains(home.integrity.Text, "请立即告诉主管") {
		t.Fatalf("clerk's warning %q (visible %v)", home.integrity.Text, home.integrity.Visible())
	}
}

// The audit screen's verdict on an intact log says what was not checked:
// customers and the other tables carry no chain (trial 17).
func TestAuditCheckText_Scope(t *testing.T) {
	txt := auditCheckText(forms.AuditCheck{Entries: 3, Receipts: 1, Head: "ab", HeadSeq: 3, Last: 3}, 12)
	for _, want := range []string{"审计日志完好", "客户资料等其他表不在哈希链校验范围内", "程序内的改动都记在审计日志中"} {
		if !strings.Contains(txt, want) {
			t.Errorf("no %q in %q", want, txt)
		}
	}
	if !strings.HasPrefix(txt, "审计日志完好：已校验 3 条记录和 1 张收据") {
		t.Errorf("the verdict's first line changed: %q", txt)
	}
}
