package printing

import (
	"bytes"
	"os/exec"
	"slices"
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
			if strings.Contains(text, string(Placeholder)) {
				t.Errorf("%s %s: a placeholder in the text:\n%s", kind, name, text)
			}
		}
		mustContain(t, pdftext(t, render(t, "生僻字 承诺书 "+name, d)), name+"（身份证号码：")
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
	for kind, p := range map[string]*forms.Printout{"收据": r, "承诺书": d, "日报": level2DayReport(biangName)} {
		text := pdftext(t, render(t, "生僻字 "+kind+" 张", p))
		mustContain(t, text, "张"+string(Placeholder))
		mustNotContain(t, text, biang)
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
		if f := strings.Fields(line); len(f) < 7 || f[len(f)-5] != "yes" || f[len(f)-4] != "yes" {
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
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := Render(&buf, p); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len())/1024, "KiB/pdf")
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
