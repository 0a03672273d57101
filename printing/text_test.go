package printing

import (
	"bytes"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"counterdesk/assets"
	"counterdesk/forms"
)

func TestFontCoverage(t *testing.T) {
	cov, err := fontCoverage()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range "王芳陆佰元整¥￥□　，。（）《》“”0123456789ABCXxQB-" {
		if !cov.has(r) {
			t.Errorf("bundled font lacks %c (%U)", r, r)
		}
	}
	for _, r := range []rune{0x20000, 0x2A6D6, 0x2702, 0x1F600} {
		if cov.has(r) {
			t.Errorf("coverage claims %U", r)
		}
	}
	if _, err := parseCoverage([]byte("not a font")); err == nil {
		t.Error("parseCoverage accepted garbage")
	}
	// A truncated font must give an error or a partial answer, never a panic.
	for _, n := range []int{0, 10, 100, 1000, len(assets.Font) / 2} {
		parseCoverage(assets.Font[:n])
	}
}

func TestSafe(t *testing.T) {
	for in, want := range map[string]string{
		"王芳":                    "王芳",
		"王" + rare:              "王□",
		"王\x00芳\x1b":            "王芳",
		"户籍卡\t保障金\r\n":          "户籍卡 保障金  ",
		"王\u200b芳\ufeff":        "王芳",
		"葛\U000E0100":           "葛", // an ideographic variation sequence: the base prints
		"😀 ok":                  "□ ok",
		"\xff":                  "□", // invalid UTF-8
		"QB01-2026-000123 ¥600": "QB01-2026-000123 ¥600",
	} {
		if got := safe(in); got != want {
			t.Errorf("safe(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMissing(t *testing.T) {
	got := Missing("王"+rare+"芳", "😀", "", "李\U00020001"+rare, "\x00\u200b")
	want := []rune{0x20000, 0x1F600, 0x20001}
	if !slices.Equal(got, want) {
		t.Errorf("Missing = %U, want %U", got, want)
	}
	if got := Missing("王芳", "¥600.00", "QB01-2026-000123"); got != nil {
		t.Errorf("Missing on printable text = %U", got)
	}
}

func newTestPDF(pt float64) *fpdf.Fpdf {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes(assets.FontName, "", assets.Font)
	pdf.SetFont(assets.FontName, "", pt)
	return pdf
}

func TestWrap(t *testing.T) {
	pdf := newTestPDF(12)
	width := 20 * textWidth(pdf, "中")

	t.Run("KeepsEveryCharacter", func(t *testing.T) {
		text := strings.Repeat("本人承诺户籍卡仅用于上述用途，妥善保管，不转借他人。", 12)
		lines := wrap(pdf, text, width)
		if len(lines) < 10 {
			t.Fatalf("%d lines, want many", len(lines))
		}
		if got := strings.Join(lines, ""); got != text {
			t.Errorf("joined lines differ from the text:\n%s\n%s", got, text)
		}
		for i, l := range lines {
			if w := textWidth(pdf, l); w > width+0.01 {
				t.Errorf("line %d is %.1f mm wide, limit %.1f: %q", i, w, width, l)
			}
		}
	})
	t.Run("NoLineStart", func(t *testing.T) {
		// 20 characters fill a line: the natural break falls just
		// before c, which must not start the next line.
		for _, c := range forms.NoLineStart {
			text := strings.Repeat("中", 20) + string(c) + strings.Repeat("文", 5)
			if classify(c) != keep {
				continue // no font has it (〘〙〚〛): it prints as the placeholder
			}
			lines := wrap(pdf, text, width)
			if strings.Join(lines, "") != text {
				t.Errorf("%q: characters lost: %q", c, lines)
			}
			for i, l := range lines {
				if r := []rune(l); len(r) > 0 && strings.ContainsRune(forms.NoLineStart, r[0]) {
					t.Errorf("%q: line %d starts with it: %q", c, i, lines)
				}
				if w := textWidth(pdf, l); w > width+0.01 {
					t.Errorf("%q: line %d is %.1f mm wide, limit %.1f: %q", c, i, w, width, l)
				}
			}
		}
	})
	t.Run("NoLineEnd", func(t *testing.T) {
		// c is the 20th character: the natural break falls just after
		// it, and it must not end the line.
		for _, c := range forms.NoLineEnd {
			text := strings.Repeat("中", 19) + string(c) + strings.Repeat("文", 5)
			if classify(c) != keep {
				continue // no font has it (〘〙〚〛): it prints as the placeholder
			}
			lines := wrap(pdf, text, width)
			if strings.Join(lines, "") != text {
				t.Errorf("%q: characters lost: %q", c, lines)
			}
			for i, l := range lines {
				if r := []rune(l); len(r) > 0 && strings.ContainsRune(forms.NoLineEnd, r[len(r)-1]) {
					t.Errorf("%q: line %d ends with it: %q", c, i, lines)
				}
			}
		}
	})
	t.Run("LatinRunsStayWhole", func(t *testing.T) {
		for _, run := range []string{"QB01-2026-000123", femaleID, "¥1,005.30", "13812345678"} {
			for pad := 0; pad < 20; pad++ {
				text := strings.Repeat("中", pad) + run + "，谢谢。"
				lines := wrap(pdf, text, width)
				found := false
				for _, l := range lines {
					found = found || strings.Contains(l, run)
				}
				if !found {
					t.Errorf("%q broken: %q", run, lines)
				}
				if strings.Join(lines, "") != text {
					t.Errorf("characters lost: %q", lines)
				}
			}
		}
	})
	t.Run("OverlongRunIsBroken", func(t *testing.T) {
		run := strings.Repeat("A1", 60)
		lines := wrap(pdf, run, width)
		if len(lines) < 2 || strings.Join(lines, "") != run {
			t.Errorf("overlong run: %q", lines)
		}
	})
	t.Run("Paragraphs", func(t *testing.T) {
		lines := wrap(pdf, "第一段。\n\n第三段。\r\n第四段。", width)
		want := []string{"第一段。", "", "第三段。", "第四段。"}
		if !slices.Equal(lines, want) {
			t.Errorf("got %q, want %q", lines, want)
		}
	})
	t.Run("SpacesAtBreaksDropped", func(t *testing.T) {
		text := strings.Repeat("word ", 40)
		for i, l := range wrap(pdf, text, width) {
			if strings.HasPrefix(l, " ") || strings.HasSuffix(l, " ") {
				t.Errorf("line %d has a space at its end: %q", i, l)
			}
		}
	})
	t.Run("Placeholder", func(t *testing.T) {
		lines := wrap(pdf, strings.Repeat("王"+rare, 30), width)
		for i, l := range lines {
			if strings.Contains(l, rare) {
				t.Errorf("line %d not safe: %q", i, l)
			}
			if w := textWidth(pdf, l); w > width+0.01 {
				t.Errorf("line %d too wide with placeholders: %.1f", i, w)
			}
		}
	})
}

func TestFit(t *testing.T) {
	pdf := newTestPDF(10)
	if got := fit(pdf, "王芳", 50); got != "王芳" {
		t.Errorf("fit short = %q", got)
	}
	long := strings.Repeat("买买提·艾力", 6)
	got := fit(pdf, long, 30)
	if !strings.HasSuffix(got, "…") || textWidth(pdf, got) > 30 {
		t.Errorf("fit long = %q (%.1f mm)", got, textWidth(pdf, got))
	}
}

func TestCopyLabel(t *testing.T) {
	for _, c := range []struct {
		i, n  int
		label string
		want  string
	}{
		{0, 2, "客户留存", "第1联 客户留存"},
		{1, 3, "计生部门留存", "第2联 计生部门留存"},
		{0, 1, "客户留存", "客户留存"},
		{1, 2, "", "第2联"},
	} {
		if got := copyLabel(c.i, c.n, forms.CopyLabel{Label: c.label}); got != c.want {
			t.Errorf("copyLabel(%d, %d, %q) = %q, want %q", c.i, c.n, c.label, got, c.want)
		}
	}
}

// The test characters of issue 16: 𠮷 U+20BB7 (Extension B, in
// extra-chars.txt), 䶮 U+4DAE (Extension A), 𫖯 U+2B5AF (Extension C),
// 𬌗 U+2C317 (Extension E, in the 通用规范汉字表) print from the
// supplementary font; 𰻞 U+30EDD (Extension G) is in no font we ship.
const (
	jiTu     = "\U00020BB7"
	yan      = "\u4DAE"
	fu       = "\U0002B5AF"
	he       = "\U0002C317"
	biang    = "\U00030EDD"
	biangCP  = 0x30EDD
	suppTest = jiTu + yan + fu + he
)

func TestSupCoverage(t *testing.T) {
	sup, err := supCoverage()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range suppTest {
		if !sup.has(r) || fontOf(r) != 1 || classify(r) != keep {
			t.Errorf("%c (%U): sup has %v, font %d, class %d; want the supplementary font", r, r, sup.has(r), fontOf(r), classify(r))
		}
	}
	for _, r := range "王芳¥，" {
		if fontOf(r) != 0 {
			t.Errorf("%c: font %d, want the base font", r, fontOf(r))
		}
	}
	if fontOf(biangCP) != -1 || classify(biangCP) != replace {
		t.Errorf("%s: font %d, class %d; want none, replace", biang, fontOf(biangCP), classify(biangCP))
	}
}

func TestFindUnprintable(t *testing.T) {
	for _, c := range []struct {
		field, text string
		want        []forms.Unprintable
	}{
		{"姓名", "张" + biang, []forms.Unprintable{{Rune: biangCP, Field: "姓名", Position: 2}}},
		{"姓名", "吉" + jiTu, nil},
		{"姓名", "王" + yan, nil},
		{"姓名", "赵孟" + fu, nil},
		{"姓名", "李" + he, nil},
		{"姓名", "王芳", nil},
		{"姓名", "", nil},
		// every occurrence, positions in characters (𠮷 is 4 bytes, one character)
		{"备注", biang + jiTu + biang + "\U00020000", []forms.Unprintable{
			{Rune: biangCP, Field: "备注", Position: 1},
			{Rune: biangCP, Field: "备注", Position: 3},
			{Rune: 0x20000, Field: "备注", Position: 4},
		}},
		// invisible characters are not counted; damaged text is reported
		{"姓名", "王\u200b\U000E0100" + biang + "\xff", []forms.Unprintable{
			{Rune: biangCP, Field: "姓名", Position: 2},
			{Rune: 0xFFFD, Field: "姓名", Position: 3},
		}},
	} {
		got := FindUnprintable(c.field, c.text)
		if !slices.Equal(got, c.want) {
			t.Errorf("FindUnprintable(%q, %q) = %+v, want %+v", c.field, c.text, got, c.want)
		}
	}
	if got := FindUnprintable("姓名", "张"+biang); len(got) != 1 || got[0].CodePoint() != "U+30EDD" {
		t.Errorf("张𰻞: %+v", got)
	}
}

func TestMissingLevel2(t *testing.T) {
	if got := Missing("吉"+jiTu, "王"+yan, "赵孟"+fu, "李"+he); got != nil {
		t.Errorf("Missing on level-2 names = %U, want none", got)
	}
	if got := Missing("张" + biang); !slices.Equal(got, []rune{biangCP}) {
		t.Errorf("Missing(张𰻞) = %U, want [U+30EDD]", got)
	}
}

// TestWidthSupplementary: a character of the supplementary font is
// measured with its own advance (a full em in Hanazono), not as the base
// font's missing glyph; a placeholder box is two em (issue 16: one em was
// too small to write 𰻞 in by hand).
func TestWidthSupplementary(t *testing.T) {
	pdf := newTestPDF(12)
	_, em := pdf.GetFontSize()
	for _, s := range []string{jiTu, yan, fu, he} {
		if w := textWidth(pdf, s); w < em*0.99 || w > em*1.01 {
			t.Errorf("width of %s = %.2f mm, want one em (%.2f)", s, w, em)
		}
	}
	if w := textWidth(pdf, safe(biangName)); math.Abs(w-3*em) > 0.01 {
		t.Errorf("width of 张𰻞 = %.2f mm, want 张 and a two-em box (%.2f)", w, 3*em)
	}
	if a, b := textWidth(pdf, "吉"+jiTu+"王"), textWidth(pdf, "吉王")+em; a < b-0.01 || a > b+0.01 {
		t.Errorf("mixed run %.2f mm, want %.2f", a, b)
	}
}

// TestPlaceholderBox: the box drawn for 𰻞 is two em wide and a little
// taller than the line's characters (issue 16: a 1-em box, 3.2 mm on the
// receipt, was too small to write a 57-stroke character in), with an
// invisible □ stretched over it in the text layer.
func TestPlaceholderBox(t *testing.T) {
	pdf := newTestPDF(10)
	pdf.SetCompression(false)
	pdf.AddPage()
	_, em := pdf.GetFontSize()
	zhang := pdf.GetStringWidth("张")
	drawText(pdf, 20, 50, safe(biangName), 0)
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	m := regexp.MustCompile(`([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) re S`).FindAllStringSubmatch(page, -1)
	if len(m) != 1 {
		t.Fatalf("want one box, got %q", m)
	}
	var r [4]float64 // x, y, w, h in points; y up from the page's bottom, h negative
	for i := range r {
		r[i], _ = strconv.ParseFloat(m[0][i+1], 64)
	}
	k := 72 / 25.4
	x, top, w, h := r[0]/k, 297-r[1]/k, r[2]/k, -r[3]/k
	if w < 1.8*em || w > 2*em {
		t.Errorf("box %.2f mm wide, want about two em (%.2f mm)", w, 2*em)
	}
	if h < 1.15*em || h > 1.3*em {
		t.Errorf("box %.2f mm tall, want a little more than one em (%.2f mm)", h, em)
	}
	if x < 20+zhang || x+w > 20+zhang+2*em {
		t.Errorf("box from %.2f to %.2f mm, want within 张's right (%.2f) and two em on", x, x+w, 20+zhang)
	}
	// On the line, with a third of an em to spare above and below at
	// the day report table's 1.4-em line spacing.
	if top > 50-0.9*em || top < 50-1.4*em+0.3*em || top+h > 50+1.4*em-0.84*em-0.3*em {
		t.Errorf("box from %.2f to %.2f mm on baseline 50, em %.2f", top, top+h, em)
	}
	if !strings.Contains(page, " Tz") {
		t.Errorf("no horizontal scaling for the invisible □")
	}
}

// TestFitNarrowsBox: in a table cell too narrow for 张𰻞 with a two-em
// box, fit narrows the box (to 1.5 em, then 1 em) before it drops
// characters; the narrowed box still reads □ and is measured as drawn.
func TestFitNarrowsBox(t *testing.T) {
	pdf := newTestPDF(10)
	_, em := pdf.GetFontSize()
	name := "欧阳" + biang + "华" // 5 em with a two-em box
	for _, c := range []struct {
		width float64
		want  string
	}{
		{5.1 * em, "欧阳□华"},
		{4.6 * em, "欧阳\uFDD1华"},
		{4.1 * em, "欧阳\uFDD2华"},
	} {
		got := fit(pdf, name, c.width)
		if got != c.want {
			t.Errorf("fit(%.1f em) = %q, want %q", c.width/em, got, c.want)
		}
		if w := textWidth(pdf, got); w > c.width {
			t.Errorf("fit(%.1f em) = %q is %.2f mm wide", c.width/em, got, w)
		}
		if safe(got) != got {
			t.Errorf("safe changes the fitted %q to %q", got, safe(got))
		}
	}
	if got := fit(pdf, name, 3.5*em); !strings.HasSuffix(got, "…") || !strings.Contains(got, "欧阳") {
		t.Errorf("fit(3.5 em) = %q, want it shortened with … after 欧阳", got)
	}
	// A narrowed box that comes in with a clerk's text is reported, as the box it prints as.
	if got := Missing("王\uFDD1"); !slices.Equal(got, []rune{0xFDD1}) {
		t.Errorf("Missing(王U+FDD1) = %U", got)
	}
	if got := FindUnprintable("姓名", "王\uFDD2"); len(got) != 1 || got[0].Position != 2 {
		t.Errorf("FindUnprintable(王U+FDD2) = %+v", got)
	}
}
