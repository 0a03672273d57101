package store

import (
	"context"
	"testing"

	"counterdesk/forms"
)

// TestSetting_IdleLockMinutes checks 无操作自动锁屏: default 5, 1 to 60, a
// refused value changes nothing and writes nothing to the audit log.
func TestSetting_IdleLockMinutes(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	if got, err := f.db.Setting(ctx, forms.SettingIdleLockMinutes); err != nil || got != "5" {
		t.Fatalf("default idle lock = %q, %v; want 5", got, err)
	}
	for _, bad := range []string{"0", "61", "", "五", "-1"} {
		n := auditCount(t, f.db)
		assertErr(t, f.db.SetSetting(ctx, f.sup, forms.SettingIdleLockMinutes, bad), forms.EINVALID, "无操作自动锁屏（分钟）须为1到60之间的整数")
		if got, _ := f.db.Setting(ctx, forms.SettingIdleLockMinutes); got != "5" || auditCount(t, f.db) != n {
			t.Fatalf("a refused %q changed the setting to %q or wrote to the log", bad, got)
		}
	}
	assertErr(t, f.db.SetSetting(ctx, f.clerk, forms.SettingIdleLockMinutes, "10"), forms.EFORBIDDEN)
	must(t, f.db.SetSetting(ctx, f.sup, forms.SettingIdleLockMinutes, "１５"))
	if got, _ := f.db.Setting(ctx, forms.SettingIdleLockMinutes); got != "15" {
		t.Fatalf("idle lock = %q, want 15", got)
	}
	lastAudit(t, f.db, forms.SettingIdleLockMinutes, ActSettingChange)
}
