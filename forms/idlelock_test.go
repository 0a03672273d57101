package forms

import (
	"strings"
	"testing"
)

func TestParseIdleLockMinutes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"5", 5, true},
		{" 1 ", 1, true},
		{"６０", 60, true}, // full-width digits
		{"05", 5, true},
		{"0", 0, false}, // no "never"
		{"61", 0, false},
		{"", 0, false},
		{"-5", 0, false},
		{"5分钟", 0, false},
		{"2.5", 0, false},
		{"99999999999999999999", 0, false},
	} {
		got, err := ParseIdleLockMinutes(tc.in)
		if tc.ok {
			if err != nil || got != tc.want {
				t.Errorf("ParseIdleLockMinutes(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
			}
			continue
		}
		if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), "无操作自动锁屏（分钟）须为1到60之间的整数") {
			t.Errorf("ParseIdleLockMinutes(%q) = %d, %v; want the Chinese refusal", tc.in, got, err)
		}
	}
	if SettingDefaults[SettingIdleLockMinutes] != "5" {
		t.Errorf("default idle lock is %q, want 5", SettingDefaults[SettingIdleLockMinutes])
	}
}
