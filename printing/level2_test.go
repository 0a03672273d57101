package printing

import (
	"bytes"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"counterdesk/forms"
)

// level2Names are issue 16's example names: the first four print from the
// supplementary font and read back exactly; 张𰻞 (Extension G, in no font
// we ship) prints the placeholder.
var level2Names = []string{"吉" + jiTu, "王" + yan, "赵孟" + fu, "李" + he}

const biangName = "张" + biang

// level2DayReport is a day report whose first receipt and first refunded
// deposit are in name's name.
func level2DayReport(name string) *forms.Printout {
	p := dayReportPrintout(6)
	p.DayReport.Receipts[0].Customer = name
	p.DayReport.DepositsRefunded[0].CustomerName = name
	return p
}

// TestRender_Level2Names renders the receipt, the 承诺书 and the day
// report for each example name and reads them back with pdftotext: the
// true characters, no placeholder. Before issue 16 each printed 吉□.
func TestRender_Level2Names(t *testing.T) {
	needPoppler(t)
	for _, name := range level2Names {
		r := receiptPrintout(forms.LayoutOnePage)
		r.Receipt.PayerName = name
		d := documentPrintout(name)
		for kind, p := range map[string]*forms.Printout{"收据": r, "承诺书": d, "日报": level2DayReport(name)} {
			if got := Missing(p.Name(), name); got != nil {
				t.Errorf("%s: Missing = %U", name, got)
			}
			text := pdftext(t, render(t, "生僻字 "+kind+" "+name, p))
			mustContain(t, text, name)
			if kind == "承诺书" {
				mustContain(t, text, name+"（身份证号码：")
			}
			if strings.Contains(text, string(Placeholder)) {
				t.Errorf("%s %s: a placeholder in the text:\n%s", kind, name, text)
			}
		}
	}
}

// TestRender_Level2Placeholder: 张𰻞 prints 张 and the placeholder box, and
// the warning's functions name U+30EDD at position 2.
func TestRender_Level2Placeholder(t *testing.T) {
	needPoppler(t)
	if got := Missing(biangName); !slices.Equal(got, []rune{biangCP}) {
		t.Errorf("Missing(%s) = %U, want [U+30EDD]", biangName, got)
	}
	got := FindUnprintable("姓名", biangName)
	if len(got) != 1 || got[0].Position != 2 || got[0].CodePoint() != "U+30EDD" || got[0].Field != "姓名" {
		t.Errorf("FindUnprintable(姓名, %s) = %+v, want U+30EDD at 2", biangName, got)
	}
	r := receiptPrintout(forms.LayoutOnePage)
	r.Receipt.PayerName = biangName
	d := documentPrintout(biangName)
	l := listPrintout(3)
	l.Deposits[1].CustomerName = biangName
	for kind, p := range map[string]*forms.Printout{"收据": r, "承诺书": d, "日报": level2DayReport(biangName), "清单": l} {
		text := pdftext(t, render(t, "生僻字 "+kind+" 张", p))
		mustContain(t, text, "张"+string(Placeholder))
		mustNotContain(t, text, biang)
	}
}

// bboxWord is a word as pdftotext -bbox reads it: its text and its left
// and right edges in points.
type bboxWord struct {
	text       string
	xMin, xMax float64
}

// bboxWords returns the words of the PDF's first page that contain sub.
func bboxWords(t *testing.T, path, sub string) []bboxWord {
	t.Helper()
	out, err := exec.Command("pdftotext", "-bbox", "-f", "1", "-l", "1", "-enc", "UTF-8", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v\n%s", err, out)
	}
	re := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>`)
	var words []bboxWord
	for _, m := range re.FindAllStringSubmatch(string(out), -1) {
		if strings.Contains(m[3], sub) {
			x0, _ := strconv.ParseFloat(m[1], 64)
			x1, _ := strconv.ParseFloat(m[2], 64)
			words = append(words, bboxWord{m[3], x0, x1})
		}
	}
	return words
}

// TestRender_Level2PlaceholderBoxWidth: in the receipt, the day report
// and the deposit list, 张𰻞 prints half as wide again as 张三 (张 and a
// two-em box, read back as one word 张□), and in the 承诺书 the wrapper
// makes room for the box: the line with 张□ holds a character less than
// the line with 张三. Before, the box was one em: both as wide as 张三.
func TestRender_Level2PlaceholderBoxWidth(t *testing.T) {
	needPoppler(t)
	docs := func(name string) map[string]*forms.Printout {
		r := receiptPrintout(forms.LayoutOnePage)
		r.Receipt.PayerName = name
		l := listPrintout(3)
		l.Deposits[1].CustomerName = name
		return map[string]*forms.Printout{"收据": r, "日报": level2DayReport(name), "清单": l}
	}
	ref := docs("张三")
	for kind, p := range docs(biangName) {
		got := bboxWords(t, render(t, "方框 "+kind, p), "张"+string(Placeholder))
		want := bboxWords(t, render(t, "方框 参照 "+kind, ref[kind]), "张三")
		if len(got) == 0 || len(want) == 0 {
			t.Errorf("%s: no word 张□ (%v) or 张三 (%v)", kind, got, want)
			continue
		}
		g, w := got[0].xMax-got[0].xMin, want[0].xMax-want[0].xMin
		if g < 1.4*w || g > 1.6*w {
			t.Errorf("%s: 张□ is %.1f pt wide, 张三 %.1f pt; want 张 and a two-em box, 1.5 times as wide", kind, g, w)
		}
	}
	got := bboxWords(t, render(t, "方框 承诺书", documentPrintout(biangName)), "本人张"+string(Placeholder))
	want := bboxWords(t, render(t, "方框 参照 承诺书", documentPrintout("张三")), "本人张三")
	if len(got) != 1 || len(want) != 1 {
		t.Fatalf("承诺书: lines %v and %v", got, want)
	}
	if g, w := len([]rune(got[0].text)), len([]rune(want[0].text)); g >= w || got[0].xMax > want[0].xMax+0.5 {
		t.Errorf("承诺书: the line with 张□ has %d characters (%q), with 张三 %d (%q): the box not measured two em wide", g, got[0].text, w, want[0].text)
	}
}

// TestRender_Level2Fonts: a PDF with a level-2 name embeds both fonts as
// subsets; one without embeds only WenQuanYi, as before issue 16.
func TestRender_Level2Fonts(t *testing.T) {
	needPoppler(t)
	if _, err := exec.LookPath("pdffonts"); err != nil {
		t.Skip("pdffonts not installed")
	}
	fonts := func(path string) string {
		out, err := exec.Command("pdffonts", path).CombinedOutput()
		if err != nil {
			t.Fatalf("pdffonts: %v\n%s", err, out)
		}
		return string(out)
	}
	r := receiptPrintout(forms.LayoutOnePage)
	r.Receipt.PayerName = "吉" + jiTu + " 王" + yan
	out := fonts(render(t, "生僻字 字体", r))
	for _, f := range []string{"wqymicrohei", supFont} {
		line := ""
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, f) {
				line = l
			}
		}
		if fs := strings.Fields(line); len(fs) < 7 || fs[len(fs)-5] != "yes" || fs[len(fs)-4] != "yes" {
			t.Errorf("%s not embedded as a subset:\n%s", f, out)
		}
	}
	out = fonts(render(t, "普通 字体", receiptPrintout(forms.LayoutOnePage)))
	if strings.Contains(out, supFont) {
		t.Errorf("the supplementary font in a PDF without rare characters:\n%s", out)
	}
}

// BenchmarkRenderReceipt renders a receipt with a common name (王芳): the
// supplementary font is neither parsed nor embedded.
func BenchmarkRenderReceipt(b *testing.B) {
	benchReceipt(b, "王芳")
}

// BenchmarkRenderReceiptLevel2 renders a receipt for 吉𠮷: the PDF parses
// and embeds a subset of the supplementary font too.
func BenchmarkRenderReceiptLevel2(b *testing.B) {
	benchReceipt(b, "吉"+jiTu)
}

func benchReceipt(b *testing.B, name string) {
	p := receiptPrintout(forms.LayoutOnePage)
	p.Receipt.PayerName = name
	benchRender(b, p) // speed_test.go
}

// TestRender_Level2Reproducible: the same printouts with level-2 and
// unprintable names render to the same bytes (the fork gives CIDs in order
// of first use, the subset tag follows the runes).
func TestRender_Level2Reproducible(t *testing.T) {
	r := receiptPrintout(forms.LayoutOnePage)
	r.Receipt.PayerName = "赵孟" + fu + "、" + biangName + "、吉" + jiTu
	ps := []*forms.Printout{r, documentPrintout("李" + he), level2DayReport("王" + yan)}
	var a bytes.Buffer
	if err := RenderAll(&a, ps...); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		var b bytes.Buffer
		if err := RenderAll(&b, ps...); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatal("same printouts, different bytes")
		}
	}
}
