package forms

import (
	"strings"
	"unicode"
)

// mobileLength is the number of digits of a mainland Chinese mobile number.
const mobileLength = 11

// ParseMobile checks a mainland Chinese mobile number as a clerk types or
// pastes it and returns its 11 digits. The input is normalised first
// (full-width digits and punctuation) and loses the invisible format
// characters copy-paste brings along (StripInvisible), then spaces, dashes and parentheses
// are removed, and so is a country prefix: "+86" always, "0086" or "86"
// only when exactly 11 digits follow (so that a mistyped number starting
// with 86 is reported as such rather than shortened). What remains must be
// 11 digits starting with 13 to 19. Every refusal is an EINVALID error with a
// Chinese message that says what to correct.
func ParseMobile(s string) (string, error) {
	num := strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r), r == '-', r == '(', r == ')':
			return -1
		}
		return r
	}, Normalize(StripInvisible(s)))

	switch {
	case strings.HasPrefix(num, "+86"):
		num = num[len("+86"):]
	case strings.HasPrefix(num, "+"):
		return "", Errorf(EINVALID, "手机号码只能填写中国大陆手机号码（+86），不能填写其他国家或地区的号码")
	case len(num) == len("0086")+mobileLength && strings.HasPrefix(num, "0086") && allASCIIDigits(num):
		num = num[len("0086"):]
	case len(num) == len("86")+mobileLength && strings.HasPrefix(num, "86") && allASCIIDigits(num):
		num = num[len("86"):]
	}
	if num == "" {
		return "", Errorf(EINVALID, "请填写手机号码")
	}

	for _, r := range num {
		if !isASCIIDigit(r) {
			return "", Errorf(EINVALID, "手机号码中的“%c”不是数字，手机号码只能包含11位数字，请核对", r)
		}
	}
	if len(num) != mobileLength {
		return "", Errorf(EINVALID, "手机号码应为11位数字，您输入了%d位，请核对", len(num))
	}
	if num[0] != '1' || num[1] < '3' {
		return "", Errorf(EINVALID, "手机号码不能以“%s”开头：中国大陆手机号码以13–19开头，请核对前两位", num[:2])
	}
	return num, nil
}

// MaskMobile masks a mobile number for display in lists. A number that
// ParseMobile accepts is shown as its first 3 and last 4 digits with four
// asterisks between (138****5678), whatever spaces or prefix it was written
// with. Any other input keeps up to 3 characters at the start and up to 4 at
// the end, fewer for short input (a quarter of its length at each end), and
// masks the middle with one asterisk per character; input of 3 characters or
// fewer is masked entirely. The empty string stays empty. MaskMobile works on
// characters, not bytes, and never panics.
func MaskMobile(s string) string {
	if num, err := ParseMobile(s); err == nil {
		return num[:3] + "****" + num[mobileLength-4:]
	}
	if s == "" {
		return ""
	}
	r := []rune(s)
	n := len(r)
	head, tail := 3, 4
	if n < mobileLength {
		head, tail = n/4, n/4
	}
	return string(r[:head]) + strings.Repeat("*", n-head-tail) + string(r[n-tail:])
}
