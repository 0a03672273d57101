package forms

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseMobileValid(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"plain", "13812345678", "13812345678"},
		{"starts with 19", "19912345678", "19912345678"},
		{"starts with 13", "13012345678", "13012345678"},
		{"starts with 16", "16612345678", "16612345678"},
		{"spaces 3-4-4", "138 1234 5678", "13812345678"},
		{"dashes", "138-1234-5678", "13812345678"},
		{"parentheses", "(138)1234-5678", "13812345678"},
		{"+86 with spaces", "+86 138 1234 5678", "13812345678"},
		{"+86 joined", "+8613812345678", "13812345678"},
		{"+86 in parentheses", "(+86) 138-1234-5678", "13812345678"},
		{"+86 with dashes", "+86-138-1234-5678", "13812345678"},
		{"0086", "0086 13812345678", "13812345678"},
		{"0086 joined", "008613812345678", "13812345678"},
		{"86 followed by 11 digits", "8613812345678", "13812345678"},
		{"86 with spaces", "86 138 1234 5678", "13812345678"},
		{"full-width digits", "１３８１２３４５６７８", "13812345678"},
		{"full-width plus and dash", "＋８６－１３８１２３４５６７８", "13812345678"},
		{"ideographic spaces and line break", "\u3000138\u30001234\u30005678\r\n", "13812345678"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMobile(tt.in)
			if err != nil {
				t.Fatalf("ParseMobile(%q): %v (%s)", tt.in, err, ErrorMessage(err))
			}
			if got != tt.want {
				t.Errorf("ParseMobile(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseMobileInvalid(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		phrase string
	}{
		{"empty", "", "请填写手机号码"},
		{"only spaces", " \u3000 ", "请填写手机号码"},
		{"only dashes", "--", "请填写手机号码"},
		{"only +86", "+86", "请填写手机号码"},
		{"10 digits", "1381234567", "手机号码应为11位数字，您输入了10位"},
		{"12 digits", "138123456789", "您输入了12位"},
		{"3 digits", "138", "您输入了3位"},
		{"+86 and 10 digits", "+86 138 1234 567", "您输入了10位"},
		{"86 and 10 digits is not a prefix", "861381234567", "您输入了12位"},
		{"0086 and 12 digits", "0086138123456789", "您输入了16位"},
		{"starts with 12", "12812345678", "中国大陆手机号码以13–19开头"},
		{"starts with 10", "10012345678", "“10”开头"},
		{"landline 021", "02112345678", "“02”开头"},
		{"11 digits starting 86 kept whole", "86123456789", "“86”开头"},
		{"letters", "138abcd5678", "“a”不是数字"},
		{"Chinese", "手机13812345678", "“手”不是数字"},
		{"dot separators", "138.1234.5678", "“.”不是数字"},
		{"Hong Kong number", "+852 6123 4567", "只能填写中国大陆手机号码"},
		{"plus without 86", "+13812345678", "中国大陆手机号码"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMobile(tt.in)
			checkFieldError(t, err, EINVALID, tt.phrase)
			if got != "" {
				t.Errorf("ParseMobile returned %q with its error, want \"\"", got)
			}
		})
	}
}

func TestMaskMobile(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"11 digits", "13812345678", "138****5678"},
		{"formatted valid number", "+86 138-1234-5678", "138****5678"},
		{"full-width valid number", "１３８１２３４５６７８", "138****5678"},
		{"empty", "", ""},
		{"1 character", "1", "*"},
		{"3 characters", "138", "***"},
		{"4 characters", "1381", "1**1"},
		{"7 digits", "1234567", "1*****7"},
		{"10 digits", "1381234567", "13******67"},
		{"12 characters landline", "021-12345678", "021*****5678"},
		{"invalid 11 digits", "12345678901", "123****8901"},
		{"multibyte", "一二三四五六七八", "一二****七八"},
		{"invalid UTF-8", "\xff\xfe\xfd\xfc", "\uFFFD**\uFFFD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MaskMobile(tt.in); got != tt.want {
				t.Errorf("MaskMobile(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzParseMobile(f *testing.F) {
	for _, s := range []string{"", "13812345678", "+86 138 1234 5678", "8613812345678", "0086", "+", "\xff", "１３８"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		masked := MaskMobile(s)
		if s != "" && masked == "" {
			t.Fatalf("MaskMobile(%q) is empty", s)
		}
		num, err := ParseMobile(s)
		if err != nil {
			if ErrorCode(err) != EINVALID || ErrorMessage(err) == "" {
				t.Fatalf("ParseMobile(%q): %v, want EINVALID with a message", s, err)
			}
			return
		}
		if len(num) != 11 || num[0] != '1' || num[1] < '3' || num[1] > '9' || !allASCIIDigits(num) {
			t.Fatalf("ParseMobile(%q) = %q", s, num)
		}
		if again, err := ParseMobile(num); err != nil || again != num {
			t.Fatalf("ParseMobile(%q) = %q, %v; not stable", num, again, err)
		}
		if masked != num[:3]+"****"+num[7:] || utf8.RuneCountInString(masked) != 11 || strings.Count(masked, "*") != 4 {
			t.Fatalf("MaskMobile(%q) = %q", s, masked)
		}
	})
}
