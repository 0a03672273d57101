package forms

import (
	"strings"
	"testing"
)

// TestRecoveryCodeDocument: the set-up sheet and the reissued one both say the
// code opens the encrypted backups (the set-up sheet did not), and only the
// reissued one speaks of older backups and an old code.
func TestRecoveryCodeDocument(t *testing.T) {
	for _, tc := range []struct {
		reissue       bool
		title, signer string
		oldCode       bool
	}{
		{false, "主管密码恢复码", "设置人", false},
		{true, "主管密码恢复码（换发）", "换发人", true},
	} {
		d := RecoveryCodeDocument("QB01", "ABCDE-FGHJK-LMNPQ-RSTUV", tc.reissue)
		if d.Title != tc.title || d.Signatures[0] != tc.signer {
			t.Errorf("reissue=%v: title %q, signatures %q", tc.reissue, d.Title, d.Signatures)
		}
		for _, want := range []string{"窗口 QB01", "恢复码：ABCDE-FGHJK-LMNPQ-RSTUV", "用恢复码重设主管密码", "加密备份（.db.age）", "保险柜"} {
			if !strings.Contains(d.Body, want) {
				t.Errorf("reissue=%v: body lacks %q:\n%s", tc.reissue, want, d.Body)
			}
		}
		if got := strings.Contains(d.Body, "旧恢复码"); got != tc.oldCode {
			t.Errorf("reissue=%v: mentions the old code = %v", tc.reissue, got)
		}
	}
}
