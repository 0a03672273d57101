package forms

import (
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"empty", "", ""},
		{"plain ASCII unchanged", "abc 123", "abc 123"},
		{"ASCII trimmed", "  abc  ", "abc"},
		{"full-width digits", "１２３４５６７８９０", "1234567890"},
		{"full-width letters", "ＡＢＣａｂｃＸｘ", "ABCabcXx"},
		{"full-width punctuation", "！，．－（）＋／：；～", "!,.-()+/:;~"},
		{"first and last of the range", "\uFF01\uFF5E", "!~"},
		{"just outside the range kept", "\uFF00\uFF5F\uFFE5", "\uFF00\uFF5F\uFFE5"},
		{"ideographic space inside becomes space", "张\u3000三", "张 三"},
		{"ideographic space at ends trimmed", "\u3000１３８\u3000", "138"},
		{"card reader CR LF trimmed", "11010519491231002X\r\n", "11010519491231002X"},
		{"tabs and newlines trimmed", "\t\n 600 \r", "600"},
		{"Chinese text unchanged", "借户籍卡", "借户籍卡"},
		{"mixed", "\u3000￥１，００５．３０ 元\u3000", "￥1,005.30 元"},
		{"inner spaces kept", "138 1234 5678", "138 1234 5678"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"", "abc", "１２３", "\u3000x\u3000", "\r\n", "\xff\xfe", "中文ＡＢＣ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Normalize(s)
		if again := Normalize(got); again != got {
			t.Fatalf("Normalize is not idempotent: %q → %q → %q", s, got, again)
		}
		for _, r := range got {
			if (r >= '\uFF01' && r <= '\uFF5E') || r == '\u3000' {
				t.Fatalf("Normalize(%q) = %q still holds %U", s, got, r)
			}
		}
		if utf8.ValidString(s) && utf8.RuneCountInString(got) > utf8.RuneCountInString(s) {
			t.Fatalf("Normalize(%q) = %q grew", s, got)
		}
	})
}

// TestParseWhole: a count typed by the Chinese input method in full-width
// mode ("１", the 已补交 dialog's 复印件份数 in the clerk trial) reads as
// the half-width one; anything but a whole number is refused.
func TestParseWhole(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"1", 1, true},
		{"１", 1, true},
		{"１２", 12, true},
		{"\u3000３０\u3000", 30, true},
		{" 7 ", 7, true},
		{"7\r\n", 7, true},
		{"0", 0, true},
		{"０", 0, true},
		{"－３", -3, true},
		{"+5", 5, true},
		{"2026", 2026, true},
		{"", 0, false},
		{"\u3000", 0, false},
		{"一", 0, false},
		{"1 2", 0, false},
		{"1.5", 0, false},
		{"１．５", 0, false},
		{"1,000", 0, false},
		{"3份", 0, false},
		{"abc", 0, false},
	} {
		if got, ok := ParseWhole(tc.in); got != tc.want || ok != tc.ok {
			t.Errorf("ParseWhole(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// TestNormalizeText: prose folds only full-width digits and Latin letters;
// full-width punctuation and the inner ideographic space stay as typed,
// ends are trimmed; Normalize of the same input still folds everything.
func TestNormalizeText(t *testing.T) {
	tests := []struct{ in, want, folded string }{
		{"你们怎么回事？等了两个小时，还说材料不全！", "你们怎么回事？等了两个小时，还说材料不全！", "你们怎么回事?等了两个小时,还说材料不全!"},
		{"１号楼ＡＢ座ｃ", "1号楼AB座c", "1号楼AB座c"},
		{"\u3000 原因：（一）材料；\u3000二 \t\r\n", "原因：（一）材料；\u3000二", "原因:(一)材料; 二"},
		{"３－２－１０１．", "3－2－101．", "3-2-101."},
		{"ＡＺａｚ０９", "AZaz09", "AZaz09"},
		{"＠＃＄％＾＆＊＿＋＝［］｛｝｜＼＂＇＜＞／～｀", "＠＃＄％＾＆＊＿＋＝［］｛｝｜＼＂＇＜＞／～｀", "@#$%^&*_+=[]{}|\\\"'<>/~`"},
		{"  plain ascii  ", "plain ascii", "plain ascii"},
		{"", "", ""},
	}
	for _, tc := range tests {
		if got := NormalizeText(tc.in); got != tc.want {
			t.Errorf("NormalizeText(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := Normalize(tc.in); got != tc.folded {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.folded)
		}
	}
}
