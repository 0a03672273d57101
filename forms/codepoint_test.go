package forms

import "testing"

// The test characters of issue 16: 𠮷 U+20BB7 (Extension B), 䶮 U+4DAE
// (Extension A), 𫖯 U+2B5AF (Extension C), 𬌗 U+2C317 (Extension E), 𰻞
// U+30EDE (Extension G; the brief says U+30EDD, which is its traditional
// form 𰻝 — both are in no font we ship).

// TestDecodeCodePoints: every written form of a letter's code point
// becomes the letter; anything else is left exactly as typed.
func TestDecodeCodePoints(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"upper", "吉U+20BB7", "吉𠮷"},
		{"lower", "吉u+20bb7", "吉𠮷"},
		{"hex entity", "吉&#x20BB7;", "吉𠮷"},
		{"hex entity lower x", "吉&#x20bb7;", "吉𠮷"},
		{"hex entity upper X", "吉&#X20BB7;", "吉𠮷"},
		{"decimal entity", "吉&#134071;", "吉𠮷"},
		{"extension A", "王U+4DAE", "王䶮"},
		{"extension C", "赵孟U+2B5AF", "赵孟𫖯"},
		{"extension E", "李U+2C317", "李𬌗"},
		{"extension G", "张U+30EDE", "张𰻞"},
		{"several in one name", "U+5409U+20BB7&#x4DAE;&#20025;", "吉𠮷䶮丹"},
		{"full width from an IME", "吉Ｕ＋２０ＢＢ７", "吉𠮷"},
		{"full-width entity", "吉＆＃ｘ２０ＢＢ７；", "吉𠮷"},
		{"latin letter", "U+0041", "A"},
		{"BMP ideograph", "U+4E00", "一"},
		{"digit is not a letter", "U+0030", "U+0030"},
		{"symbol is not a letter", "U+00B7", "U+00B7"},
		{"high surrogate", "吉U+D842", "吉U+D842"},
		{"low surrogate entity", "&#xDFB7;", "&#xDFB7;"},
		{"too large", "U+110000", "U+110000"},
		{"too large entity", "&#x110000;", "&#x110000;"},
		{"huge decimal", "&#99999999999999999999;", "&#99999999999999999999;"},
		{"unassigned", "U+4E00A", "U+4E00A"},
		{"private use", "U+E000", "U+E000"},
		{"three digits", "U+4E0", "U+4E0"},
		{"seven digits", "U+0020BB7", "U+0020BB7"},
		{"entity without semicolon at the end", "吉&#x20BB7", "吉𠮷"},
		{"decimal entity without semicolon at the end", "吉&#134071", "吉𠮷"},
		{"entity without semicolon before a letter", "&#x5409王", "吉王"},
		{"decimal entity without semicolon before a hex letter", "&#19968A", "&#19968A"},
		{"entity without semicolon names no letter", "&#x110000", "&#x110000"},
		{"empty entity", "&#x;", "&#x;"},
		{"plus alone", "U+", "U+"},
		{"no code point", "王芳", "王芳"},
		{"plain latin", "Anna-Maria", "Anna-Maria"},
		{"already the character", "吉𠮷", "吉𠮷"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := DecodeCodePoints(tc.in); got != tc.want {
				t.Errorf("DecodeCodePoints(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestDecodeCodePointsTyping: as the clerk types a code point digit by
// digit, a U+ form that one more digit could turn into another letter
// waits; the cursor stays after what it followed.
func TestDecodeCodePointsTyping(t *testing.T) {
	for _, tc := range []struct {
		name      string
		in        string
		caret     int
		want      string
		wantCaret int
	}{
		{"complete at the end", "吉U+20BB7", 8, "吉𠮷", 2},
		{"five digits cannot grow", "李U+2C317", 8, "李𬌗", 2},
		{"U+2C31 may become U+2C317", "李U+2C31", 7, "李U+2C31", 7},
		{"U+30ED may become U+30EDE", "张U+30ED", 7, "张U+30ED", 7},
		{"U+4E00 cannot grow into a letter", "U+4E00", 6, "一", 1},
		{"waiting only at the cursor", "U+30ED王", 7, "ロ王", 2},
		{"cursor before the code point", "王U+20BB7", 0, "王𠮷", 0},
		{"cursor inside the code point", "王U+20BB7芳", 4, "王𠮷芳", 2},
		{"cursor after later text", "U+20BB7王芳", 9, "𠮷王芳", 3},
		{"entity at the end", "吉&#x20BB7;", 10, "吉𠮷", 2},
		{"entity without semicolon waits at the cursor", "吉&#x20BB7", 9, "吉&#x20BB7", 9},
		{"entity without semicolon before later text", "&#x20BB7王", 9, "𠮷王", 2},
		{"nothing to decode", "王芳", 1, "王芳", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, caret := DecodeCodePointsTyping(tc.in, tc.caret)
			if got != tc.want || caret != tc.wantCaret {
				t.Errorf("DecodeCodePointsTyping(%q, %d) = %q, %d; want %q, %d", tc.in, tc.caret, got, caret, tc.want, tc.wantCaret)
			}
		})
	}
	// Typed one character at a time, every test name ends as its name.
	for _, tc := range []struct{ typed, want string }{
		{"吉U+20BB7", "吉𠮷"}, {"王u+4dae", "王䶮"}, {"赵孟U+2B5AF", "赵孟𫖯"},
		{"李U+2C317", "李𬌗"}, {"张U+30EDE", "张𰻞"}, {"张&#x30EDE;", "张𰻞"},
	} {
		text := ""
		for _, r := range tc.typed {
			text, _ = DecodeCodePointsTyping(text+string(r), len([]rune(text))+1)
		}
		if text != tc.want {
			t.Errorf("typing %q gave %q, want %q", tc.typed, text, tc.want)
		}
	}
}

// TestDecodeCodePointsThenCheck: a decoded name passes the name rule, and
// what is left as typed is refused with a message naming the field.
func TestDecodeCodePointsThenCheck(t *testing.T) {
	v, err := RuleCustomerName.Check(DecodeCodePoints("吉U+20BB7"))
	if err != nil || v != "吉𠮷" {
		t.Fatalf("Check(decoded) = %q, %v", v, err)
	}
	_, err = RuleCustomerName.Check(DecodeCodePoints("吉U+D842"))
	if ErrorCode(err) != EINVALID || ErrorMessage(err) != "姓名中的“U+D842”不是有效的字符编码：请输入 U+ 加 4–6 位十六进制数字（如 U+20BB7）或 &#x20BB7;" {
		t.Fatalf("Check(surrogate code point) = %v", err)
	}
}

// TestNameRule_MistypedCodePoints: the name rule itself decodes code
// points (so the member import and every name field read 吉&#x20BB7 as
// 吉𠮷), and a text that looks like a code point but names no letter is
// refused with a message naming it and the right form — not "不能有数字或
// 符号“+”".
func TestNameRule_MistypedCodePoints(t *testing.T) {
	const fix = "：请输入 U+ 加 4–6 位十六进制数字（如 U+20BB7）或 &#x20BB7;"
	for _, tc := range []struct{ name, in, want, msg string }{
		{"entity without semicolon", "吉&#x20BB7", "吉𠮷", ""},
		{"decimal entity without semicolon", "吉&#134071", "吉𠮷", ""},
		{"code point not decoded by the caller", "张U+30EDE", "张𰻞", ""},
		{"full-width", "吉Ｕ＋２０ＢＢ７", "吉𠮷", ""},
		{"plus alone", "王U+", "", "姓名中的“U+”不是有效的字符编码" + fix},
		{"surrogate", "U+D800", "", "姓名中的“U+D800”不是有效的字符编码" + fix},
		{"too large", "张U+110000", "", "姓名中的“U+110000”不是有效的字符编码" + fix},
		{"too large entity", "张&#x110000;", "", "姓名中的“&#x110000;”不是有效的字符编码" + fix},
		{"too large entity without semicolon", "张&#x110000", "", "姓名中的“&#x110000”不是有效的字符编码" + fix},
		{"three digits", "王U+4E0", "", "姓名中的“U+4E0”不是有效的字符编码" + fix},
		{"seven digits", "吉U+0020BB7", "", "姓名中的“U+0020BB7”不是有效的字符编码" + fix},
		{"private use", "王U+E000", "", "姓名中的“U+E000”不是有效的字符编码" + fix},
		{"a digit", "王U+0030", "", "姓名中的“U+0030”是“0”，不是文字" + fix},
		{"letter run on", "王U+4E00A", "", "姓名中的“U+4E00A”不是有效的字符编码" + fix + "（如要写“一”后接“A”，请写成 &#x4E00;A）"},
		{"empty entity", "王&#x;", "", "姓名中的“&#x”不是有效的字符编码" + fix},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := RuleCustomerName.Check(tc.in)
			if tc.msg == "" {
				if err != nil || got != tc.want {
					t.Fatalf("Check(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
				}
				return
			}
			if ErrorCode(err) != EINVALID || ErrorMessage(err) != tc.msg {
				t.Fatalf("Check(%q) = %q, %v\nwant %s", tc.in, got, err, tc.msg)
			}
		})
	}
}
