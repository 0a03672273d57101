// Copyright ©2026 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// testdata/hanazono-supp-test.ttf is a subset of Hanazono Mincho A and B
// (OFL) with 一 吉 䶮 in its format 4 cmap and 𠮷 𫖯 𬌗 in its format 12 one.

func suppTestPDF(t *testing.T, texts ...string) []byte {
	t.Helper()
	font, err := os.ReadFile(filepath.Join("testdata", "hanazono-supp-test.ttf"))
	if err != nil {
		t.Fatal(err)
	}
	pdf := New("P", "mm", "A4", "")
	pdf.SetCompression(false)
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(fixedTime) // not now: two runs a second apart differed
	pdf.SetModificationDate(fixedTime)
	pdf.AddUTF8FontFromBytes("hana", "", font)
	pdf.SetFont("hana", "", 20)
	pdf.AddPage()
	for i, s := range texts {
		pdf.Text(20, 30+float64(i)*15, s)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestSupplementaryRunes draws runes above U+FFFF, which panicked in
// Output (the CIDToGIDMap and widths are indexed by a 16-bit code point),
// and reads them back with pdftotext: the ToUnicode map gives the true
// characters, not surrogate or private-use codes.
func TestSupplementaryRunes(t *testing.T) {
	want := []string{"吉𠮷", "赵孟𫖯 李𬌗 䶮"}
	out := suppTestPDF(t, want...)
	if !bytes.Contains(out, []byte("+utf8hana")) {
		t.Error("the embedded subset has no subset tag (ABCDEF+) in its name")
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "supp 生僻字.pdf")
	if err := os.WriteFile(file, out, 0o600); err != nil {
		t.Fatal(err)
	}
	text, err := exec.Command("pdftotext", "-raw", file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"𠮷", "𫖯", "𬌗", "䶮"} {
		if !strings.Contains(string(text), w) {
			t.Errorf("pdftotext read %q; want %q in it", text, w)
		}
	}
}

// TestSupplementaryWidth measures a rune above U+FFFF with the font's own
// advance width (a full em in this font), not MissingWidth.
func TestSupplementaryWidth(t *testing.T) {
	font, err := os.ReadFile(filepath.Join("testdata", "hanazono-supp-test.ttf"))
	if err != nil {
		t.Fatal(err)
	}
	pdf := New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("hana", "", font)
	pdf.SetFont("hana", "", 10)
	if a, b := pdf.GetStringSymbolWidth("吉"), pdf.GetStringSymbolWidth("𠮷"); a != 1000 || b != 1000 {
		t.Errorf("widths 吉 %d, 𠮷 %d; want 1000 each", a, b)
	}
}

// TestSupplementarySameBytes: the same drawing calls give the same bytes
// (the CIDs are given in order of first use, not in map order).
func TestSupplementarySameBytes(t *testing.T) {
	a := suppTestPDF(t, "𬌗𠮷𫖯", "𫖯𠮷")
	for range 5 {
		if b := suppTestPDF(t, "𬌗𠮷𫖯", "𫖯𠮷"); !bytes.Equal(a, b) {
			t.Fatal("same drawing, different bytes")
		}
	}
}

// TestSupplementaryNoChangeWithinBMP: a document without runes above
// U+FFFF keeps the identity ToUnicode map of before.
func TestSupplementaryNoChangeWithinBMP(t *testing.T) {
	out := suppTestPDF(t, "一吉䶮")
	if !bytes.Contains(out, []byte(toUnicode)) {
		t.Error("the ToUnicode map changed for text within U+FFFF")
	}
	if bytes.Contains(out, []byte("beginbfchar")) {
		t.Error("bfchar entries without a rune above U+FFFF")
	}
}

// TestUTF16SurrogatePair: document metadata (the title) with a rune above
// U+FFFF is written as a surrogate pair.
func TestUTF16SurrogatePair(t *testing.T) {
	got := utf8toutf16("吉𠮷", false)
	want := "\x54\x09\xD8\x42\xDF\xB7"
	if got != want {
		t.Errorf("utf8toutf16 = % X; want % X", got, want)
	}
}

// TestFontBytesUntouched: writing a subset of a font whose hmtx has fewer
// long metrics than glyphs (Hanazono has one) must not change the font
// bytes the caller passed in. v0.12.0 wrote a glyph's left side bearing
// into them, so the next document's subset came out different.
func TestFontBytesUntouched(t *testing.T) {
	font, err := os.ReadFile(filepath.Join("testdata", "hanazono-supp-test.ttf"))
	if err != nil {
		t.Fatal(err)
	}
	orig := bytes.Clone(font)
	for _, s := range []string{"吉", "𠮷", "䶮𫖯"} {
		pdf := New("P", "mm", "A4", "")
		pdf.AddUTF8FontFromBytes("hana", "", font)
		pdf.SetFont("hana", "", 20)
		pdf.AddPage()
		pdf.Text(20, 30, s)
		if err := pdf.Output(io.Discard); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(font, orig) {
			t.Fatalf("drawing %q changed the font's bytes", s)
		}
	}
}

// TestSupplementaryManyRunes: more than 100 different runes above U+FFFF
// (the ToUnicode map is written in blocks of 100) all read back, those
// without a glyph in the font too.
func TestSupplementaryManyRunes(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	var lines []string
	for row := range 10 {
		var b strings.Builder
		for i := range 25 {
			b.WriteRune(rune(0x20000 + row*25 + i))
		}
		lines = append(lines, b.String())
	}
	file := filepath.Join(t.TempDir(), "many 生僻字.pdf")
	if err := os.WriteFile(file, suppTestPDF(t, lines...), 0o600); err != nil {
		t.Fatal(err)
	}
	text, err := exec.Command("pdftotext", "-raw", file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Fields(string(text))
	if strings.Join(got, "\n") != strings.Join(lines, "\n") {
		t.Errorf("pdftotext read\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(lines, "\n"))
	}
}

// TestSupplementaryLimit: a 2049th different rune above U+FFFF in one font
// is an error of the document, not a panic or a wrong character.
func TestSupplementaryLimit(t *testing.T) {
	font, err := os.ReadFile(filepath.Join("testdata", "hanazono-supp-test.ttf"))
	if err != nil {
		t.Fatal(err)
	}
	pdf := New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("hana", "", font)
	pdf.SetFont("hana", "", 10)
	pdf.AddPage()
	var b strings.Builder
	for i := range suppCIDLast - suppCIDFirst + 1 {
		b.WriteRune(rune(0x20000 + i))
	}
	pdf.Text(10, 10, b.String())
	if err := pdf.Error(); err != nil {
		t.Fatalf("2048 runes: %v", err)
	}
	pdf.Text(10, 20, "\U00030000")
	if err := pdf.Output(io.Discard); err == nil || !strings.Contains(err.Error(), "2048") {
		t.Errorf("2049 runes: error %v, want one naming the limit", err)
	}
}
