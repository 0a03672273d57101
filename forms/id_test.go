package forms

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// checkFieldError fails the test unless err is an error with the given code
// whose clerk-facing message contains phrase.
func checkFieldError(t *testing.T, err error, code, phrase string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s error containing %q", code, phrase)
	}
	if got := ErrorCode(err); got != code {
		t.Errorf("ErrorCode = %q, want %q (error: %v)", got, code, err)
	}
	if msg := ErrorMessage(err); !strings.Contains(msg, phrase) {
		t.Errorf("message %q does not contain %q", msg, phrase)
	}
}

// withCheck appends the GB 11643-1999 check character to 17 digits. It is
// written from the standard (ISO 7064 MOD 11-2: weight 2^(17-i) mod 11, check
// value (12 - sum mod 11) mod 11, 10 written X), independently of id.go.
func withCheck(body string) string {
	if len(body) != 17 {
		panic("withCheck: need 17 digits, got " + body)
	}
	sum, w := 0, 1
	weights := make([]int, 17)
	for i := 16; i >= 0; i-- {
		w = w * 2 % 11
		weights[i] = w
	}
	for i := 0; i < 17; i++ {
		sum += int(body[i]-'0') * weights[i]
	}
	c := (12 - sum%11) % 11
	if c == 10 {
		return body + "X"
	}
	return body + string(rune('0'+c))
}

// wrongCheck returns body with a check character that does not match.
func wrongCheck(body string) string {
	good := withCheck(body)
	if strings.HasSuffix(good, "1") {
		return body + "2"
	}
	return body + "1"
}

// toFullWidth turns ASCII letters and digits into their full-width forms, as
// a Chinese input method in full-width mode types them.
func toFullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '!' && r <= '~' {
			return r + 0xFEE0
		}
		return r
	}, s)
}

// Well-known and constructed valid numbers.
var (
	idWellKnown = "11010519491231002X" // the classic sample: Beijing, 1949-12-31, female
	idHangzhou  = withCheck("33010619900307123")
	idHK        = withCheck("81000019900101001")
	idMacao     = withCheck("82000019851120002")
	idTaiwan    = withCheck("83000019700101005")
	idForeign   = withCheck("93184019850315123")
	idLeap      = withCheck("44030420000229004")
	id1900      = withCheck("11010119000101001")
)

func TestWithCheckMatchesWellKnownNumber(t *testing.T) {
	if got := withCheck("11010519491231002"); got != idWellKnown {
		t.Fatalf("withCheck = %q, want %q", got, idWellKnown)
	}
}

func TestParseIDValid(t *testing.T) {
	now := time.Date(2026, 6, 15, 12, 0, 0, 0, time.Local)
	tests := []struct {
		name       string
		in         string
		wantNumber string
		wantKind   IDKind
		wantBirth  string // yyyy-mm-dd
		wantGender Gender
	}{
		{"well-known literal", idWellKnown, idWellKnown, IDResident, "1949-12-31", GenderFemale},
		{"lower-case x stored upper-case", "11010519491231002x", idWellKnown, IDResident, "1949-12-31", GenderFemale},
		{"full-width digits", toFullWidth(idWellKnown), idWellKnown, IDResident, "1949-12-31", GenderFemale},
		{"full-width lower-case x", toFullWidth("11010519491231002x"), idWellKnown, IDResident, "1949-12-31", GenderFemale},
		{"spaces inside", "110105 19491231 002X", idWellKnown, IDResident, "1949-12-31", GenderFemale},
		{"ideographic spaces inside and around", "\u3000110105\u300019491231\u3000002X\u3000", idWellKnown, IDResident, "1949-12-31", GenderFemale},
		{"card reader CR LF", idWellKnown + "\r\n", idWellKnown, IDResident, "1949-12-31", GenderFemale},
		{"card reader CR", idWellKnown + "\r", idWellKnown, IDResident, "1949-12-31", GenderFemale},
		{"card reader LF", idWellKnown + "\n", idWellKnown, IDResident, "1949-12-31", GenderFemale},
		{"male resident", idHangzhou, idHangzhou, IDResident, "1990-03-07", GenderMale},
		{"Hong Kong permit", idHK, idHK, IDPermitHMT, "1990-01-01", GenderMale},
		{"Macao permit", idMacao, idMacao, IDPermitHMT, "1985-11-20", GenderFemale},
		{"Taiwan permit", idTaiwan, idTaiwan, IDPermitHMT, "1970-01-01", GenderMale},
		{"foreigner permanent residence", idForeign, idForeign, IDForeignPR, "1985-03-15", GenderMale},
		{"born on Feb 29 of a leap year", idLeap, idLeap, IDResident, "2000-02-29", GenderFemale},
		{"born on 1900-01-01", id1900, id1900, IDResident, "1900-01-01", GenderMale},
		{"born today", withCheck("11010520260615001"), withCheck("11010520260615001"), IDResident, "2026-06-15", GenderMale},
		{"Tibet region code", withCheck("54010219800101002"), withCheck("54010219800101002"), IDResident, "1980-01-01", GenderFemale},
		{"Xinjiang region code", withCheck("65010219800101007"), withCheck("65010219800101007"), IDResident, "1980-01-01", GenderMale},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := parseID(tt.in, now)
			if err != nil {
				t.Fatalf("parseID(%q): %v (%s)", tt.in, err, ErrorMessage(err))
			}
			if id.Number != tt.wantNumber {
				t.Errorf("Number = %q, want %q", id.Number, tt.wantNumber)
			}
			if id.Kind != tt.wantKind {
				t.Errorf("Kind = %q, want %q", id.Kind, tt.wantKind)
			}
			if got := id.Birth.Format("2006-01-02"); got != tt.wantBirth {
				t.Errorf("Birth = %s, want %s", got, tt.wantBirth)
			}
			if id.Birth.Location() != time.Local || id.Birth.Hour() != 0 || id.Birth.Minute() != 0 {
				t.Errorf("Birth = %v, want midnight in time.Local", id.Birth)
			}
			if id.Gender != tt.wantGender {
				t.Errorf("Gender = %q, want %q", id.Gender, tt.wantGender)
			}
		})
	}
}

func TestParseIDUsesNow(t *testing.T) {
	// ParseID itself compares with time.Now: a number of someone born in
	// 1949 is always valid, one born in 2999 never.
	if _, err := ParseID(idWellKnown); err != nil {
		t.Fatalf("ParseID(%q): %v", idWellKnown, err)
	}
	_, err := ParseID(withCheck("11010529990101001"))
	checkFieldError(t, err, EINVALID, "晚于今天")
}

func TestParseIDInvalid(t *testing.T) {
	now := time.Date(2026, 6, 15, 12, 0, 0, 0, time.Local)
	tests := []struct {
		name   string
		in     string
		phrase string
	}{
		{"empty", "", "请填写身份证号码"},
		{"only spaces", "  \u3000 ", "请填写身份证号码"},
		{"only a card reader's line break", "\r\n", "请填写身份证号码"},
		{"15-digit first generation", "110105491231002", "这是15位的第一代身份证号码，已停止使用，请提供18位的第二代身份证号码"},
		{"15-digit full-width", toFullWidth("110105491231002"), "第一代身份证号码"},
		{"17 digits, X lost", "11010519491231002", "漏了最后一位"},
		{"17 digits says 17 typed", "11010519491231002", "您输入了17位"},
		{"16 characters", "1101051949123100", "身份证号码应为18位，您输入了16位"},
		{"19 characters", idWellKnown + "1", "您输入了19位"},
		{"15 characters with a letter", "11010549123100X", "您输入了15位"},
		{"a passport number", "E12345678", "您输入了9位"},
		{"Chinese characters counted as characters", "身份证", "您输入了3位"},
		{"letter in the middle", "1101051949123100AX", "第17位“A”不是数字"},
		{"letter at the start", "A1010519491231002X", "第1位“A”不是数字"},
		{"X not last", "110105X94912310021", "第7位“X”不是数字"},
		{"Chinese character inside", "110105一9491231002X", "第7位“一”不是数字"},
		{"bad last character", "11010519491231002Y", "只能是数字0–9或字母X"},
		{"Chinese last character", "11010519491231002叉", "第18位（最后一位）“叉”"},
		{"region 00", withCheck("00010519491231002"), "前两位“00”不是有效的省级行政区划代码"},
		{"region 72", withCheck("72010519491231002"), "“72”不是有效的省级行政区划代码"},
		{"region 10", withCheck("10010519491231002"), "省级行政区划代码"},
		{"region 84", withCheck("84000019900101001"), "“84”"},
		{"Feb 30", withCheck("11010520010230001"), "“2001-02-30”不是有效日期"},
		{"Feb 29 of a common year", withCheck("11010520010229001"), "不是有效日期"},
		{"Feb 29 of 1900 (not leap)", withCheck("11010519000229001"), "不是有效日期"},
		{"month 13", withCheck("11010519901301001"), "不是有效日期"},
		{"month 00", withCheck("11010519900001001"), "不是有效日期"},
		{"day 00", withCheck("11010519900100001"), "不是有效日期"},
		{"April 31", withCheck("11010519900431001"), "不是有效日期"},
		{"future date", withCheck("11010520990101001"), "晚于今天"},
		{"tomorrow", withCheck("11010520260616001"), "“2026-06-16”晚于今天"},
		{"1899", withCheck("11010518991231001"), "早于1900年1月1日"},
		{"year 0000", withCheck("11010500000101001"), "早于1900年"},
		{"bad check digit", wrongCheck("11010519491231002"), "身份证号码校验位不正确，请核对最后一位"},
		{"one digit mistyped", "11010519491231003X", "校验位不正确"},
		{"two digits swapped", "11010519491213002X", "校验位不正确"},
		{"digit where X belongs", "110105194912310021", "校验位不正确"},
		{"HK permit bad check digit", wrongCheck("81000019900101001"), "校验位不正确"},
		{"foreigner bad check digit", wrongCheck("93184019850315123"), "校验位不正确"},
		{"foreigner Feb 30", withCheck("93184019850230123"), "不是有效日期"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := parseID(tt.in, now)
			checkFieldError(t, err, EINVALID, tt.phrase)
			if id != (ID{}) {
				t.Errorf("parseID returned %+v with its error, want the zero ID", id)
			}
		})
	}
}

func TestMaskID(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"18 characters", idWellKnown, "1101**********002X"},
		{"spec example shape", "33010619900307123X", "3301**********123X"},
		{"empty", "", ""},
		{"15 digits keep last 4", "110105491231002", "***********1002"},
		{"5 characters", "12345", "*2345"},
		{"4 characters masked entirely", "1234", "****"},
		{"1 character", "1", "*"},
		{"multibyte characters", "一二三四五六", "**三四五六"},
		{"19 characters", idWellKnown + "9", "***************02X9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MaskID(tt.in); got != tt.want {
				t.Errorf("MaskID(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	id, err := ParseID(idWellKnown)
	if err != nil {
		t.Fatal(err)
	}
	if got := id.Masked(); got != "1101**********002X" {
		t.Errorf("ID.Masked() = %q", got)
	}
}

func TestAgeOn(t *testing.T) {
	born := func(y int, m time.Month, d int) ID {
		return ID{Birth: time.Date(y, m, d, 0, 0, 0, 0, time.Local)}
	}
	day := func(y int, m time.Month, d int) time.Time {
		return time.Date(y, m, d, 15, 30, 0, 0, time.Local)
	}
	tests := []struct {
		name string
		id   ID
		on   time.Time
		want int
	}{
		{"day before 30th birthday", born(1990, 6, 15), day(2020, 6, 14), 29},
		{"on 30th birthday", born(1990, 6, 15), day(2020, 6, 15), 30},
		{"day after 30th birthday", born(1990, 6, 15), day(2020, 6, 16), 30},
		{"month before birthday", born(1990, 6, 15), day(2020, 5, 31), 29},
		{"end of year", born(1949, 12, 31), day(2025, 12, 30), 75},
		{"on new year's eve birthday", born(1949, 12, 31), day(2025, 12, 31), 76},
		{"on the day of birth", born(2026, 1, 1), day(2026, 1, 1), 0},
		{"before birth", born(2026, 1, 1), day(2025, 12, 31), 0},
		{"leap day: Feb 28 of common year not reached", born(2000, 2, 29), day(2001, 2, 28), 0},
		{"leap day: Mar 1 of common year reached", born(2000, 2, 29), day(2001, 3, 1), 1},
		{"leap day: Feb 28 of leap year not reached", born(2000, 2, 29), day(2004, 2, 28), 3},
		{"leap day: Feb 29 of leap year reached", born(2000, 2, 29), day(2004, 2, 29), 4},
		{"leap day: 18th birthday in a common year", born(2008, 2, 29), day(2026, 2, 28), 17},
		{"leap day: 18 on Mar 1", born(2008, 2, 29), day(2026, 3, 1), 18},
		{"born Mar 1 in leap year, Feb 29", born(2000, 3, 1), day(2004, 2, 29), 3},
		{"zero ID", ID{}, day(2026, 1, 1), 0},
		{"day in UTC is its own calendar day", born(1990, 6, 15), time.Date(2020, 6, 15, 0, 0, 0, 0, time.UTC), 30},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.id.AgeOn(tt.on); got != tt.want {
				t.Errorf("AgeOn(%s) = %d, want %d", tt.on.Format("2006-01-02"), got, tt.want)
			}
		})
	}

	// The same through ParseID.
	id, err := ParseID(idLeap)
	if err != nil {
		t.Fatal(err)
	}
	if got := id.AgeOn(day(2018, 2, 28)); got != 17 {
		t.Errorf("parsed leap-day ID: AgeOn(2018-02-28) = %d, want 17", got)
	}
	if got := id.AgeOn(day(2018, 3, 1)); got != 18 {
		t.Errorf("parsed leap-day ID: AgeOn(2018-03-01) = %d, want 18", got)
	}
}

func TestGenderString(t *testing.T) {
	tests := []struct {
		name string
		g    Gender
		want string
	}{
		{"male", GenderMale, "男"},
		{"female", GenderFemale, "女"},
		{"unknown", GenderUnknown, ""},
		{"garbage", Gender("?"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.g.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestIDKindString(t *testing.T) {
	tests := []struct {
		name string
		k    IDKind
		want string
	}{
		{"resident", IDResident, "居民身份证"},
		{"HMT permit", IDPermitHMT, "港澳台居民居住证"},
		{"foreigner", IDForeignPR, "外国人永久居留身份证"},
		{"unknown kept raw", IDKind("passport"), "passport"},
		{"empty", IDKind(""), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.k.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func FuzzParseID(f *testing.F) {
	for _, s := range []string{
		"", idWellKnown, "11010519491231002x", toFullWidth(idWellKnown), idWellKnown + "\r\n",
		"110105 19491231 002X", idHK, idForeign, idLeap, "110105491231002", "11010519491231002",
		withCheck("11010520010230001"), "\xff\xfe", "一二三四五六七八九十一二三四五六七八",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ParseID(s)
		if err != nil {
			if ErrorCode(err) != EINVALID || ErrorMessage(err) == "" {
				t.Fatalf("ParseID(%q): error %v, want EINVALID with a message", s, err)
			}
			return
		}
		if len(id.Number) != 18 || withCheck(id.Number[:17]) != id.Number {
			t.Fatalf("ParseID(%q) accepted %q with a wrong check digit", s, id.Number)
		}
		again, err := ParseID(id.Number)
		if err != nil || again.Number != id.Number || again.Kind != id.Kind ||
			!again.Birth.Equal(id.Birth) || again.Gender != id.Gender {
			t.Fatalf("ParseID(%q) = %+v, but ParseID(its Number) = %+v, %v", s, id, again, err)
		}
		if id.Gender != GenderMale && id.Gender != GenderFemale {
			t.Fatalf("ParseID(%q): gender %q", s, id.Gender)
		}
		switch id.Kind {
		case IDResident, IDPermitHMT, IDForeignPR:
		default:
			t.Fatalf("ParseID(%q): kind %q", s, id.Kind)
		}
		if y := id.Birth.Year(); y < 1900 || id.Birth.After(time.Now()) {
			t.Fatalf("ParseID(%q): birth %v out of range", s, id.Birth)
		}
		m := id.Masked()
		if utf8.RuneCountInString(m) != 18 || strings.Count(m, "*") != 10 ||
			m[:4] != id.Number[:4] || m[14:] != id.Number[14:] {
			t.Fatalf("Masked() = %q for %q", m, id.Number)
		}
	})
}
