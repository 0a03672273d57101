package store

import (
	"testing"

	"counterdesk/forms"
)

// TestCheckSetting_Print checks the print.* values the settings screen
// saves: the printer name goes to SumatraPDF, lp or "printto" in quotes.
func TestCheckSetting_Print(t *testing.T) {
	for _, tc := range []struct {
		key, value, want string
		ok               bool
	}{
		{forms.SettingPrintDirect, "yes", "yes", true},
		{forms.SettingPrintDirect, "no", "no", true},
		{forms.SettingPrintDirect, "maybe", "", false},
		{forms.SettingPrinter, "", "", true},
		{forms.SettingPrinter, "  前台 HP LaserJet M1136 MFP　", "前台 HP LaserJet M1136 MFP", true},
		{forms.SettingPrinter, `\\PC-01\HP LaserJet`, `\\PC-01\HP LaserJet`, true},
		{forms.SettingPrinter, `HP "前台"`, "", false},
		{forms.SettingPrinter, "HP\tLaserJet", "", false},
	} {
		got, err := checkSetting(tc.key, tc.value)
		if tc.ok && (err != nil || got != tc.want) {
			t.Errorf("checkSetting(%s, %q) = %q, %v; want %q", tc.key, tc.value, got, err, tc.want)
		}
		if !tc.ok && forms.ErrorCode(err) != forms.EINVALID {
			t.Errorf("checkSetting(%s, %q) = %q, %v; want EINVALID", tc.key, tc.value, got, err)
		}
	}
}
