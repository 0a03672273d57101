package forms

import (
	"regexp"
	"strings"
	"unicode"
)

// Station settings live in the database (a station is shared by several
// Windows accounts). Each key has its default here.
const (
	SettingReturnDays    = "deposit.return_days"   // days until a lent card is due back
	SettingReceiptLayout = "print.receipt_layout"  // LayoutOnePage or LayoutPerPage
	SettingRetentionDays = "print.retention_days"  // printed PDFs are deleted after this
	SettingPrinter       = "print.printer"         // the printer's name as the OS shows it; "" = the default printer
	SettingPrintDirect   = "print.direct"          // "yes": print straight to the printer where the PC has a route; "no": open the viewer
	SettingLanguage      = "ui.language"           // "zh" or "en", applied at the next start
	SettingBackupFolder  = "backup.folder"         // a second disk or USB drive for backups; "" = the data folder only
	SettingBackupDays    = "backup.retention_days" // backups older than this are deleted, the newest 7 always kept
	SettingExportDir     = "export.last_dir"       // the folder or drive the last export to head office went to; "" = none yet
	SettingHQRecipient   = "hq.recipient"          // head office's age X25519 recipient (age1…) exports are encrypted to; "" = none yet
	// SettingIdleLockMinutes is how many minutes without keyboard or mouse
	// input lock the screen (1–60, ParseIdleLockMinutes).
	SettingIdleLockMinutes = "lock.idle_minutes"
)

// SettingDefaults are the values a key has until a supervisor sets it.
var SettingDefaults = map[string]string{
	SettingReturnDays:    "30",
	SettingReceiptLayout: LayoutOnePage,
	SettingRetentionDays: "30",
	SettingPrinter:       "",
	SettingPrintDirect:   "no",
	SettingLanguage:      "zh",
	SettingBackupFolder:  "",
	SettingBackupDays:    "30",
	SettingExportDir:     "",
	SettingHQRecipient:   "",

	SettingIdleLockMinutes: "5",
}

// Bounds of SettingIdleLockMinutes, in minutes.
const (
	MinIdleLockMinutes = 1
	MaxIdleLockMinutes = 60
)

// ParseIdleLockMinutes checks the 无操作自动锁屏 setting as typed (full-width
// digits and spaces are accepted) and returns it in minutes, 1 to 60. There
// is no "never": a shared counter PC is always locked after a while. A
// refusal is an EINVALID error whose Chinese message names the field and
// the range.
func ParseIdleLockMinutes(s string) (int, error) {
	v := strings.TrimSpace(Normalize(s))
	n := 0
	ok := v != "" && len(v) <= 3
	for _, r := range v {
		if !isASCIIDigit(r) {
			ok = false
			break
		}
		n = n*10 + int(r-'0')
	}
	if !ok || n < MinIdleLockMinutes || n > MaxIdleLockMinutes {
		return 0, Errorf(EINVALID, "无操作自动锁屏（分钟）须为%d到%d之间的整数，例如 5", MinIdleLockMinutes, MaxIdleLockMinutes)
	}
	return n, nil
}

// ParseStationPhone checks the branch's phone number (网点电话) as typed at
// set-up and returns it in its printed form: a mainland landline with its
// area code, "0571-87654321" (an extension as "0571-87654321-802"), a
// service number "400-123-4567", or an 11-digit mobile. Full-width digits,
// spaces and brackets around the area code are accepted. The number is
// required: it is printed on the 一次性告知单 so customers can call back.
// Every refusal is an EINVALID error whose Chinese message says what to fix.
func ParseStationPhone(s string) (string, error) {
	raw := strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r), r == '(', r == ')':
			return -1
		case r == '—', r == '–', r == '－':
			return '-'
		}
		return r
	}, Normalize(s))
	if raw == "" {
		return "", Errorf(EINVALID, "请填写网点电话（座机带区号，如 0571-87654321，或手机号码），它会印在一次性告知单上")
	}
	if len([]rune(raw)) > 20 {
		return "", Errorf(EINVALID, "网点电话太长（最多20个字符），请只填一个号码，如 0571-87654321")
	}
	for _, r := range raw {
		if !isASCIIDigit(r) && r != '-' {
			return "", Errorf(EINVALID, "网点电话中的“%c”不是数字，请只填数字和“-”，如 0571-87654321", r)
		}
	}
	if m := landlineRe.FindStringSubmatch(raw); m != nil {
		phone := m[1] + "-" + m[2]
		if m[3] != "" {
			phone += "-" + m[3]
		}
		return phone, nil
	}
	if m := serviceNumberRe.FindStringSubmatch(raw); m != nil {
		return m[1] + "-" + m[2] + "-" + m[3], nil
	}
	digits := strings.ReplaceAll(raw, "-", "")
	if strings.HasPrefix(digits, "1") {
		return ParseMobile(digits)
	}
	if !strings.HasPrefix(digits, "0") {
		return "", Errorf(EINVALID, "网点电话须为带区号的座机（以0开头，如 0571-87654321）或11位手机号码，请加上区号")
	}
	return "", Errorf(EINVALID, "网点电话“%s”不像座机号码：应为区号（3到4位，以0开头）加7到8位号码，如 0571-87654321，请核对", raw)
}

var (
	// landlineRe is a mainland landline: area code 010 or 02X (three
	// digits) or 0XXX (four), a local number of 7–8 digits not starting
	// with 0 or 1, an optional extension.
	landlineRe = regexp.MustCompile(`^(0(?:10|2\d|[3-9]\d{2}))-?([2-9]\d{6,7})(?:-(\d{1,6}))?$`)
	// serviceNumberRe is a 400/800 service number.
	serviceNumberRe = regexp.MustCompile(`^([48]00)-?(\d{3})-?(\d{4})$`)
)

// validatePhone checks Phone when it is set and puts it in its printed
// form; a station set up before the phone was asked has none, and its
// documents print without it.
func (s *Station) validatePhone() error {
	if strings.TrimSpace(s.Phone) == "" {
		s.Phone = ""
		return nil
	}
	phone, err := ParseStationPhone(s.Phone)
	if err != nil {
		return err
	}
	s.Phone = phone
	return nil
}

// StationDetails are the station's printed details a supervisor may
// correct after set-up: the branch's full name (网点全称, on every
// document), the payee (收款单位, on receipts) and the phone (网点电话, on
// the 一次性告知单 and receipts). The branch code and the station number
// are not among them: they are part of every receipt number.
type StationDetails struct {
	BranchName string
	Payee      string
	Phone      string
}

// Details returns the station's changeable details.
func (s Station) Details() StationDetails {
	return StationDetails{BranchName: s.BranchName, Payee: s.Payee, Phone: s.Phone}
}

// Validate normalizes and checks the details by the set-up rules:
// RuleBranchName, RulePayee and ParseStationPhone. The phone is required:
// a station set up before it was asked gets one with its first change.
// Every refusal is an EINVALID error whose Chinese message names the field.
func (d *StationDetails) Validate() error {
	var err error
	if d.BranchName, err = RuleBranchName.Check(d.BranchName); err != nil {
		return err
	}
	if d.Payee, err = RulePayee.Check(d.Payee); err != nil {
		return err
	}
	if d.Phone, err = ParseStationPhone(d.Phone); err != nil {
		return err
	}
	return nil
}
