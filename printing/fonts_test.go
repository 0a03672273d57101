package printing

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"sync"
	"testing"

	"counterdesk/assets"
	"counterdesk/forms"
)

// TestFonts_ParsedOncePerProcess: the bundled fonts are parsed once and
// shared; a document no longer parses WenQuanYi's 4.6 MB again. Before
// issue 17 a receipt made about 74,000 allocations, most of them the
// font's parse (maps of its 30,000 characters) and the second parse in
// Output; now about 3,000. The bound is generous and counts no time.
func TestFonts_ParsedOncePerProcess(t *testing.T) {
	a, err := parsedBase()
	if err != nil {
		t.Fatalf("the bundled font does not parse: %v", err)
	}
	b, _ := parsedBase()
	if a != b {
		t.Error("the base font was parsed twice")
	}
	s1, err := parsedSup()
	if err != nil {
		t.Fatalf("the supplementary font does not parse: %v", err)
	}
	if s2, _ := parsedSup(); s1 != s2 {
		t.Error("the supplementary font was parsed twice")
	}
	for _, name := range []string{"王芳", "吉" + jiTu} {
		p := receiptPrintout(forms.LayoutOnePage)
		p.Receipt.PayerName = name
		allocs := testing.AllocsPerRun(3, func() {
			if err := Render(io.Discard, p); err != nil {
				t.Fatal(err)
			}
		})
		if allocs > 15000 {
			t.Errorf("a receipt for %s makes %.0f allocations; the font is parsed per document again?", name, allocs)
		}
	}
}

// TestRender_ParallelDocuments renders the receipt, the 承诺书, the day
// report and a level-2 receipt on eight goroutines at once, all sharing
// the parsed fonts (printing runs off the UI goroutine), and compares each
// PDF with the same printout rendered alone: same bytes, so no document
// took another's characters or widths. One of them is read back with
// pdftotext. Run with -race.
func TestRender_ParallelDocuments(t *testing.T) {
	makers := []func() *forms.Printout{
		func() *forms.Printout { return receiptPrintout(forms.LayoutOnePage) },
		func() *forms.Printout { return documentPrintout("李" + he) },
		func() *forms.Printout { return dayReportPrintout(30) },
		func() *forms.Printout {
			p := receiptPrintout(forms.LayoutOnePage)
			p.Receipt.PayerName = "赵孟" + fu + "、" + biangName
			return p
		},
	}
	want := make([][]byte, len(makers))
	for i, mk := range makers {
		var buf bytes.Buffer
		if err := Render(&buf, mk()); err != nil {
			t.Fatal(err)
		}
		want[i] = buf.Bytes()
	}
	got := make([][]byte, 8)
	var wg sync.WaitGroup
	for g := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			if err := Render(&buf, makers[g%len(makers)]()); err != nil {
				t.Error(err)
			}
			got[g] = buf.Bytes()
		}()
	}
	wg.Wait()
	for g, b := range got {
		if !bytes.Equal(b, want[g%len(makers)]) {
			t.Errorf("goroutine %d: the PDF differs from the same printout rendered alone", g)
		}
	}
	if _, err := os.Stat("/usr/bin/pdftotext"); err != nil {
		return
	}
	path := filepath.Join(t.TempDir(), "并行 打印.pdf")
	if err := os.WriteFile(path, got[3], 0o600); err != nil {
		t.Fatal(err)
	}
	mustContain(t, pdftext(t, path), "赵孟"+fu, "张"+string(Placeholder))
}

// TestRender_FontBytesNeverWritten: rendering documents in both fonts,
// characters above U+FFFF included, leaves assets.Font and assets.FontSup
// as they were (a getMetrics bug once wrote into the supplementary font).
func TestRender_FontBytesNeverWritten(t *testing.T) {
	base, sup := sha256.Sum256(assets.Font), sha256.Sum256(assets.FontSup)
	for _, name := range append([]string{biangName}, level2Names...) {
		ps := []*forms.Printout{documentPrintout(name), level2DayReport(name)}
		r := receiptPrintout(forms.LayoutOnePage)
		r.Receipt.PayerName = name
		if err := RenderAll(io.Discard, append(ps, r)...); err != nil {
			t.Fatal(err)
		}
	}
	if sha256.Sum256(assets.Font) != base {
		t.Error("assets.Font changed")
	}
	if sha256.Sum256(assets.FontSup) != sup {
		t.Error("assets.FontSup changed")
	}
}

// TestRender_SubsetHoldsUsedGlyphs decodes each font embedded in a
// receipt, a 承诺书 and a level-2 receipt and compares the characters its
// cmap maps with the characters pdftotext reads from the page: the base
// font's subset holds exactly the base-font characters printed (and the
// space), nothing more, nothing less; the supplementary font's subset
// (above U+FFFF reached through the CIDToGIDMap) those of its characters
// within U+FFFF.
func TestRender_SubsetHoldsUsedGlyphs(t *testing.T) {
	needPoppler(t)
	r2 := receiptPrintout(forms.LayoutOnePage)
	r2.Receipt.PayerName = "王" + yan + "、吉" + jiTu
	for name, p := range map[string]*forms.Printout{
		"收据":     receiptPrintout(forms.LayoutOnePage),
		"承诺书":    documentPrintout("王芳"),
		"二级字 收据": r2,
	} {
		var buf bytes.Buffer
		if err := Render(&buf, p); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), name+".pdf")
		if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		want := [2]map[rune]bool{{' ': true}, {}}
		fonts := 1
		for _, r := range pdftext(t, path) {
			if r < ' ' {
				continue // line and page ends
			}
			f := fontOf(r)
			if f == 1 {
				fonts = 2
			}
			if f >= 0 && r <= 0xFFFF {
				want[f][r] = true
			}
		}
		subsets := embeddedFonts(t, buf.Bytes())
		if len(subsets) != fonts {
			t.Errorf("%s: %d fonts embedded, want %d", name, len(subsets), fonts)
		}
		for i, sub := range subsets {
			cov, err := parseCoverage(sub)
			if err != nil {
				t.Fatalf("%s: embedded font %d: %v", name, i, err)
			}
			f := 0
			if !cov.has(' ') {
				f = 1
			}
			got := map[rune]bool{}
			for r := rune(1); r <= 0xFFFF; r++ {
				if cov.has(r) {
					got[r] = true
				}
			}
			if f == 0 && p.Kind == forms.PrintReceipt {
				// The title "收　据" has an ideographic space, which
				// pdftotext reads as spaces.
				want[0]['\u3000'] = true
			}
			if d := runeDiff(got, want[f]); d != "" {
				t.Errorf("%s: font %d's subset differs from the characters printed: %s", name, f, d)
			}
		}
	}
}

// runeDiff describes the runes only in got and only in want, or "".
func runeDiff(got, want map[rune]bool) string {
	var extra, missing []string
	for r := range got {
		if !want[r] {
			extra = append(extra, fmt.Sprintf("%c", r))
		}
	}
	for r := range want {
		if !got[r] {
			missing = append(missing, fmt.Sprintf("%c", r))
		}
	}
	if len(extra)+len(missing) == 0 {
		return ""
	}
	sort.Strings(extra)
	sort.Strings(missing)
	return fmt.Sprintf("not printed but embedded %q; printed but not embedded %q", extra, missing)
}

var fontFileRE = regexp.MustCompile(`<</Length (\d+)\n/Filter /FlateDecode\n/Length1 (\d+)\n>>\nstream\n`)

// embeddedFonts returns the TrueType font programs (FontFile2 streams)
// embedded in a PDF, decompressed, each checked against its /Length1.
func embeddedFonts(t *testing.T, pdf []byte) [][]byte {
	t.Helper()
	var out [][]byte
	for _, m := range fontFileRE.FindAllSubmatchIndex(pdf, -1) {
		n, _ := strconv.Atoi(string(pdf[m[2]:m[3]]))
		n1, _ := strconv.Atoi(string(pdf[m[4]:m[5]]))
		zr, err := zlib.NewReader(bytes.NewReader(pdf[m[1] : m[1]+n]))
		if err != nil {
			t.Fatal(err)
		}
		font, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		if len(font) != n1 {
			t.Fatalf("embedded font of %d bytes, /Length1 %d", len(font), n1)
		}
		out = append(out, font)
	}
	if len(out) == 0 {
		t.Fatal("no embedded font")
	}
	return out
}
