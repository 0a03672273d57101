package printing

import (
	"slices"
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
	em := textWidth(pdf, "中")
	width := 20 * em

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
			if w := textWidth(pdf, l); w > width+em+0.01 {
				t.Errorf("line %d is %.1f mm wide, limit %.1f: %q", i, w, width, l)
			}
		}
	})
	t.Run("ClosingPunctuationNeverStartsALine", func(t *testing.T) {
		// 20 characters then a comma: the comma hangs at the end.
		text := strings.Repeat("中", 20) + "，" + strings.Repeat("文", 10) + "。）》」"
		lines := wrap(pdf, text, width)
		for i, l := range lines {
			if r := []rune(l); len(r) > 0 && strings.ContainsRune(closing, r[0]) {
				t.Errorf("line %d starts with %q: %q", i, r[0], lines)
			}
		}
		if !strings.HasSuffix(lines[0], "，") {
			t.Errorf("comma did not hang: %q", lines)
		}
		text = strings.Repeat("中", 19) + "（文）" + strings.Repeat("中", 5)
		for i, l := range wrap(pdf, text, width) {
			if strings.HasSuffix(l, "（") {
				t.Errorf("line %d ends with an opening bracket: %q", i, l)
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
