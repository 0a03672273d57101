package forms

import (
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// cols measures text in terminal columns: a mark takes none, a character
// below U+1100 (Latin, digits, ASCII punctuation, ¥, ·) one, any other (CJK,
// full-width punctuation, — and …) two.
func cols(s string) float64 {
	n := 0.0
	for _, r := range s {
		switch {
		case isAttached(r):
		case r < 0x1100:
			n++
		default:
			n += 2
		}
	}
	return n
}

func TestBreakLines_NoLineStart(t *testing.T) {
	// The natural break falls just before c ("一二三四五" fills the 10
	// columns): 五 comes down with it.
	for _, c := range NoLineStart {
		text := "一二三四五" + string(c) + "六七八"
		got := BreakLines(text, 10, cols)
		want := []string{"一二三四", "五" + string(c) + "六七八"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q (U+%04X): got %q, want %q", text, c, got, want)
		}
	}
}

func TestBreakLines_NoLineEnd(t *testing.T) {
	// The natural break falls just after c: it goes down with 五.
	for _, c := range NoLineEnd {
		text := "一二三四" + string(c) + "五六七"
		got := BreakLines(text, 10, cols)
		want := []string{"一二三四", string(c) + "五六七"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q (U+%04X): got %q, want %q", text, c, got, want)
		}
	}
}

func TestBreakLines(t *testing.T) {
	tests := []struct {
		name string
		text string
		max  float64
		want []string
	}{
		{"fits", "请出示身份证", 20, []string{"请出示身份证"}},
		{"CJK breaks anywhere", "一二三四五六七", 6, []string{"一二三", "四五六", "七"}},
		{"amount", "收费金额为¥1,005.30元", 14, []string{"收费金额为", "¥1,005.30元"}},
		{"full-width amount", "金额￥１００５元", 10, []string{"金额", "￥１００５", "元"}},
		{"receipt number", "收据号QB01-2026-000123已作废", 20, []string{"收据号", "QB01-2026-000123已作", "废"}},
		{"ID number", "身份证号码11010519491231002X请核对", 22, []string{"身份证号码", "11010519491231002X请核", "对"}},
		{"date", "请于2026-03-31前办理", 12, []string{"请于", "2026-03-31前", "办理"}},
		{"range", "身份证号码的后4–6位或全部", 16, []string{"身份证号码的后", "4–6位或全部"}},
		{"Latin words", "Please bring your ID card", 12, []string{"Please bring", "your ID card"}},
		{"blanks dropped at a break", "一二  三四", 4, []string{"一二", "三四"}},
		{"indent kept", "　　第一段很长的文字", 10, []string{"　　第一段", "很长的文字"}},
		{"indent dropped when nothing fits after it", "  1234567890", 10, []string{"1234567890"}},
		{"explicit line breaks", "第一行\n\n第三行", 20, []string{"第一行", "", "第三行"}},
		{"CR LF and CR", "a\r\nb\rc\u2028d", 20, []string{"a", "b", "c", "d"}},
		{"trailing line break", "第一行\n", 20, []string{"第一行", ""}},
		{"empty", "", 10, []string{""}},
		{"blanks only", "   ", 10, []string{""}},
		{"run wider than max", "号码1234567890123456789012345", 10, []string{"号码", "1234567890", "1234567890", "12345"}},
		{"run wider than max, then comma", "1234567890123，好", 10, []string{"1234567890", "123，好"}},
		{"all punctuation", "，。、；：？！", 6, []string{"，。、", "；：？", "！"}},
		{"pieces of brackets", "（一）（二）（三）（四）", 6, []string{"（一）", "（二）", "（三）", "（四）"}},
		{"number that fits alone stays whole before its comma", "1234567890，好", 10, []string{"1234567890", "，好"}},
		// Issue 16: a number that fits a line alone but not with its
		// closing marks is not cut; the marks start the next line.
		{"receipt number before a comma", "收据号QB01-2026-000123，已作废", 16, []string{"收据号", "QB01-2026-000123", "，已作废"}},
		{"amount before a bracket and a comma, width 4", "退¥500.00），请签字", 8, []string{"退", "¥500.00", "），请签", "字"}},
		{"amount before a bracket and a comma, width 5", "退¥500.00），请签字", 10, []string{"退", "¥500.00）", "，请签字"}},
		{"amount in brackets, width 5", "押金（¥500.00），请签字", 10, []string{"押金", "（¥500.00", "），请签字"}},
		// Issue 16: a file path breaks only after a separator; the file
		// name "…等6份文书.pdf" was cut as "…等6份文书.pd" / "f".
		{"Unix path", "文件已保存在 /tmp/柜台 通/受理单QB01-2026-000001等6份文书.pdf", 40,
			[]string{"文件已保存在 /tmp/柜台 通/", "受理单QB01-2026-000001等6份文书.pdf"}},
		{"Windows path", "文件已保存在C:\\柜台通\\受理单QB01-2026-000001等6份文书.pdf；请打开", 40,
			[]string{"文件已保存在C:\\柜台通\\", "受理单QB01-2026-000001等6份文书.pdf；请", "打开"}},
		{"path on its own line", "已保存到：\n/home/柜台/月报/2026年3月月报.pdf", 24,
			[]string{"已保存到：", "/home/柜台/月报/", "2026年3月月报.pdf"}},
		{"file name wider than a line is cut", "/tmp/受理单QB01-2026-000001等6份文书.pdf", 20,
			[]string{"/tmp/", "受理单", "QB01-2026-000001等6", "份文书.pdf"}},
		{"no path in 和/或", "本人和/或代理人签字", 8, []string{"本人和/", "或代理人", "签字"}},
		{"last resort keeps the rule inside a run wider than a line", "号1234567890123，好", 10, []string{"号", "1234567890", "123，好"}},
		{"brackets in a run of glued pieces", "“（一）”、好", 12, []string{"“（一）”、", "好"}},
		{"ellipsis not split", "一二……", 6, []string{"一", "二……"}},
		{"dash not split", "他说——好", 6, []string{"他说", "——好"}},
		{"closing after a blank", "见附件 ）好", 8, []string{"见附", "件 ）好"}},
		{"opening before a blank", "一二三（ 四", 8, []string{"一二三", "（ 四"}},
		{"ASCII brackets", "申请人(本人)签字", 12, []string{"申请人(本人)", "签字"}},
		{"variation selector stays", "一二三四葛\U000E0100五", 10, []string{"一二三四葛\U000E0100", "五"}},
		{"supplementary characters", "吉𠮷赵孟𫖯李𬌗", 6, []string{"吉𠮷赵", "孟𫖯李", "𬌗"}},
		{"single character wider than max", "字字", 1, []string{"字", "字"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := BreakLines(tt.text, tt.max, cols)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("BreakLines(%q, %v) = %q, want %q", tt.text, tt.max, got, tt.want)
			}
		})
	}
}

// TestBreakLines_Random wraps random talking-point-like texts at random
// widths and checks the rule on every line.
func TestBreakLines_Random(t *testing.T) {
	rng := rand.New(rand.NewSource(16))
	cjk := []rune("请出示身份证原件和复印件本人签字吉𠮷䶮")
	words := []string{"ID", "QB01-2026-000123", "¥1,005.30", "11010519491231002X", "PDF", "A4"}
	closing := []rune("，。、；：？！）》」』】’”…")
	opening := []rune("（《「『【‘“")
	for i := 0; i < 2000; i++ {
		var b strings.Builder
		for n := rng.Intn(40); n >= 0; n-- {
			switch rng.Intn(6) {
			case 0:
				b.WriteString(" " + words[rng.Intn(len(words))] + " ")
			case 1:
				b.WriteRune(opening[rng.Intn(len(opening))])
				b.WriteRune(cjk[rng.Intn(len(cjk))])
				b.WriteRune(closing[rng.Intn(len(closing))])
			case 2:
				b.WriteRune(cjk[rng.Intn(len(cjk))])
				b.WriteRune(closing[rng.Intn(len(closing))])
			default:
				b.WriteRune(cjk[rng.Intn(len(cjk))])
			}
		}
		text := strings.TrimSpace(b.String())
		max := float64(24 + rng.Intn(30))
		lines := BreakLines(text, max, cols)
		for _, l := range lines {
			if cols(l) > max {
				t.Fatalf("%q at %v: line %q is %v wide", text, max, l, cols(l))
			}
			if l == "" {
				if text != "" {
					t.Fatalf("%q at %v: empty line in %q", text, max, lines)
				}
				continue
			}
			first, _ := utf8.DecodeRuneInString(l)
			last, _ := utf8.DecodeLastRuneInString(l)
			if strings.ContainsRune(NoLineStart, first) || strings.ContainsRune(NoLineEnd, last) ||
				unicode.IsSpace(first) || unicode.IsSpace(last) {
				t.Fatalf("%q at %v: line %q breaks the rule in %q", text, max, l, lines)
			}
		}
		if strip(strings.Join(lines, "")) != strip(text) {
			t.Fatalf("%q at %v: lines %q lose or add characters", text, max, lines)
		}
		joined := strings.Join(lines, "\n")
		for _, w := range words {
			if strings.Count(text, w) != strings.Count(joined, w) {
				t.Fatalf("%q at %v: %q split in %q", text, max, w, lines)
			}
		}
	}
}

// strip removes white space.
func strip(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}
