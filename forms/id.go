package forms

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Gender is a person's sex as the identity number records it.
type Gender string

// The genders. GenderUnknown is used where no identity number says it, e.g.
// for a child not yet registered whose gender the clerk has not entered.
const (
	GenderUnknown Gender = ""
	GenderMale    Gender = "M"
	GenderFemale  Gender = "F"
)

// String returns the gender in Chinese as printed on forms: "男", "女", or ""
// when it is unknown.
func (g Gender) String() string {
	switch g {
	case GenderMale:
		return "男"
	case GenderFemale:
		return "女"
	}
	return ""
}

// IDKind is the kind of identity document an 18-character identity number
// belongs to. All three kinds share the GB 11643 layout: six digits of
// region, eight of birth date, three of sequence (the last of them odd for
// men), and a check digit.
type IDKind string

// The identity document kinds.
const (
	// IDResident is the second-generation mainland resident identity card
	// (居民身份证).
	IDResident IDKind = "resident"
	// IDPermitHMT is the residence permit for residents of Hong Kong, Macao
	// and Taiwan (港澳台居民居住证), whose numbers begin 810000, 820000 or
	// 830000.
	IDPermitHMT IDKind = "hmt_permit"
	// IDForeignPR is the 2023 new-format foreigner's permanent residence
	// identity card (外国人永久居留身份证), whose numbers begin with 9.
	IDForeignPR IDKind = "foreign_pr"
)

// String returns the Chinese name of the document kind, or the raw value for
// a kind this version does not know.
func (k IDKind) String() string {
	switch k {
	case IDResident:
		return "居民身份证"
	case IDPermitHMT:
		return "港澳台居民居住证"
	case IDForeignPR:
		return "外国人永久居留身份证"
	}
	return string(k)
}

// ID is a parsed, checked 18-character identity number with what it says
// about its holder.
type ID struct {
	Kind   IDKind
	Number string    // 18 characters, digits and a final upper-case X at most
	Birth  time.Time // the date of birth, at midnight in time.Local
	Gender Gender
}

// idLength is the length of every identity number ParseID accepts.
const idLength = 18

// idWeights are the GB 11643-1999 weights of the first 17 digits, 2^(18-i)
// mod 11 for position i counted from 1.
var idWeights = [idLength - 1]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idCheckChars maps the weighted sum mod 11 to the check character (ISO 7064
// MOD 11-2).
const idCheckChars = "10X98765432"

// idProvinces are the first two digits of the province-level codes of
// GB/T 2260 (and 83, used by the Taiwan residents' residence permit) that a
// resident identity number may start with.
var idProvinces = map[string]bool{
	"11": true, "12": true, "13": true, "14": true, "15": true,
	"21": true, "22": true, "23": true,
	"31": true, "32": true, "33": true, "34": true, "35": true, "36": true, "37": true,
	"41": true, "42": true, "43": true, "44": true, "45": true, "46": true,
	"50": true, "51": true, "52": true, "53": true, "54": true,
	"61": true, "62": true, "63": true, "64": true, "65": true,
	"71": true, "81": true, "82": true, "83": true,
}

// idMinBirth is the earliest birth date ParseID accepts, as yyyymmdd.
const idMinBirth = 19000101

// ParseID checks an identity number as a clerk types or a card reader sends
// it and returns what it says. The input is normalised first (full-width
// digits, the ideographic space), invisible format characters that
// copy-paste brings along (U+200B, U+FEFF, …; see StripInvisible) are
// dropped, every space and line break is removed (a
// USB card reader ends the number with a carriage return or line feed), and a
// lower-case x becomes X. The number must then have 18 characters: 17 digits
// and a check digit 0–9 or X that matches GB 11643-1999 (ISO 7064 MOD 11-2).
// Digits 7 to 14 must be a real date of birth, from 1900-01-01 up to today.
// The kind of document is told by the prefix: 810000, 820000 or 830000 is a
// Hong Kong, Macao or Taiwan residence permit, a leading 9 the foreigner's
// permanent residence card, and anything else must start with a province
// code of GB/T 2260 and is a resident identity card. Every refusal is an
// EINVALID error with a Chinese message that says what to correct.
func ParseID(s string) (ID, error) {
	return parseID(s, time.Now())
}

// parseID is ParseID with the current time as a parameter, so the future-date
// rule can be tested on a fixed day. The date of birth may not be later than
// now's calendar date in now's location.
func parseID(s string, now time.Time) (ID, error) {
	num := cleanIDNumber(s)
	if num == "" {
		return ID{}, Errorf(EINVALID, "请填写身份证号码")
	}

	n := utf8.RuneCountInString(num)
	if n == 15 && allASCIIDigits(num) {
		return ID{}, Errorf(EINVALID, "这是15位的第一代身份证号码，已停止使用，请提供18位的第二代身份证号码")
	}
	if n != idLength {
		if n == idLength-1 && allASCIIDigits(num) {
			return ID{}, Errorf(EINVALID, "身份证号码应为18位，您输入了17位，可能漏了最后一位校验码（数字或字母X），请补全")
		}
		return ID{}, Errorf(EINVALID, "身份证号码应为18位，您输入了%d位，请核对后重新输入", n)
	}

	// From here on the number has 18 runes; check they are ASCII digits
	// (and X last) before indexing it by bytes.
	pos := 0
	for _, r := range num {
		pos++
		if pos == idLength {
			if !isASCIIDigit(r) && r != 'X' {
				return ID{}, Errorf(EINVALID, "身份证号码第18位（最后一位）“%c”不正确，只能是数字0–9或字母X", r)
			}
			break
		}
		if !isASCIIDigit(r) {
			return ID{}, Errorf(EINVALID, "身份证号码第%d位“%c”不是数字，前17位只能是数字，请核对", pos, r)
		}
	}

	kind := IDResident
	switch {
	case strings.HasPrefix(num, "810000"), strings.HasPrefix(num, "820000"), strings.HasPrefix(num, "830000"):
		kind = IDPermitHMT
	case num[0] == '9':
		kind = IDForeignPR
	case !idProvinces[num[:2]]:
		return ID{}, Errorf(EINVALID, "身份证号码前两位“%s”不是有效的省级行政区划代码，请核对前6位地址码", num[:2])
	}

	birth, err := idBirth(num[6:14], now)
	if err != nil {
		return ID{}, err
	}

	if idCheckDigit(num[:idLength-1]) != num[idLength-1] {
		return ID{}, Errorf(EINVALID, "身份证号码校验位不正确，请核对最后一位；如最后一位无误，请逐位核对前17位是否输错")
	}

	gender := GenderFemale
	if (num[16]-'0')%2 == 1 {
		gender = GenderMale
	}
	return ID{Kind: kind, Number: num, Birth: birth, Gender: gender}, nil
}

// cleanIDNumber normalises s, removes all white space and invisible format
// characters (StripInvisible) inside it and makes a lower-case x upper-case.
func cleanIDNumber(s string) string {
	s = Normalize(StripInvisible(s))
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		if r == 'x' {
			return 'X'
		}
		return r
	}, s)
	return s
}

// idBirth checks the eight digits yyyymmdd of a date of birth and returns it
// at midnight in time.Local.
func idBirth(digits string, now time.Time) (time.Time, error) {
	y := digitsToInt(digits[0:4])
	m := digitsToInt(digits[4:6])
	d := digitsToInt(digits[6:8])
	shown := digits[0:4] + "-" + digits[4:6] + "-" + digits[6:8]

	// Validate in UTC, where every midnight exists; time.Date normalises
	// an impossible day such as February 30 into March.
	u := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if m < 1 || m > 12 || d < 1 || u.Year() != y || int(u.Month()) != m || u.Day() != d {
		return time.Time{}, Errorf(EINVALID, "身份证号码第7–14位的出生日期“%s”不是有效日期，请核对", shown)
	}
	ymd := y*10000 + m*100 + d
	if ymd < idMinBirth {
		return time.Time{}, Errorf(EINVALID, "身份证号码中的出生日期“%s”早于1900年1月1日，不可能有效，请核对第7–14位", shown)
	}
	ny, nm, nd := now.Date()
	if ymd > ny*10000+int(nm)*100+nd {
		return time.Time{}, Errorf(EINVALID, "身份证号码中的出生日期“%s”晚于今天，请核对第7–14位", shown)
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.Local), nil
}

// idCheckDigit returns the GB 11643 check character of 17 ASCII digits.
func idCheckDigit(body string) byte {
	sum := 0
	for i := 0; i < idLength-1; i++ {
		sum += int(body[i]-'0') * idWeights[i]
	}
	return idCheckChars[sum%11]
}

// Masked returns the identity number masked for lists and logs, e.g.
// 3301**********123X. See MaskID.
func (id ID) Masked() string {
	return MaskID(id.Number)
}

// AgeOn returns the holder's age in completed years on the calendar day of
// day (taken in day's own location). A birthday on February 29 counts as
// reached on March 1 in a year that is not a leap year. It returns 0 for a
// day before the date of birth and for an ID without a date of birth.
func (id ID) AgeOn(day time.Time) int {
	if id.Birth.IsZero() {
		return 0
	}
	by, bm, bd := id.Birth.Date()
	dy, dm, dd := day.Date()
	age := dy - by
	if dm < bm || (dm == bm && dd < bd) {
		age--
	}
	if age < 0 {
		return 0
	}
	return age
}

// MaskID masks an identity number for display in lists: an 18-character
// number keeps its first 4 and last 4 characters with 10 asterisks between
// (3301**********123X). Any other input keeps only its last 4 characters and
// masks the rest, one asterisk per character; input of 4 characters or
// fewer is masked entirely. The empty string stays empty. MaskID works on
// characters, not bytes, and never panics.
func MaskID(number string) string {
	r := []rune(number)
	n := len(r)
	switch {
	case n == 0:
		return ""
	case n == idLength:
		return string(r[:4]) + strings.Repeat("*", idLength-8) + string(r[idLength-4:])
	case n <= 4:
		return strings.Repeat("*", n)
	}
	return strings.Repeat("*", n-4) + string(r[n-4:])
}

// isASCIIDigit reports whether r is an ASCII digit.
func isASCIIDigit(r rune) bool {
	return r >= '0' && r <= '9'
}

// allASCIIDigits reports whether s is non-empty and consists of ASCII digits only.
func allASCIIDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// digitsToInt converts a short string of ASCII digits to an int. The caller
// has checked the digits.
func digitsToInt(s string) int {
	v := 0
	for i := 0; i < len(s); i++ {
		v = v*10 + int(s[i]-'0')
	}
	return v
}
