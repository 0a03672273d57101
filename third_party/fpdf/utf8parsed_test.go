// Copyright ©2026 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func testFontBytes(t testing.TB) []byte {
	t.Helper()
	font, err := os.ReadFile(filepath.Join("testdata", "hanazono-supp-test.ttf"))
	if err != nil {
		t.Fatal(err)
	}
	return font
}

// parsedPDF writes a PDF of texts in the font, added by add.
func parsedPDF(t testing.TB, add func(pdf *Fpdf), texts ...string) []byte {
	t.Helper()
	pdf := New("P", "mm", "A4", "")
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(fixedTime)
	pdf.SetModificationDate(fixedTime)
	add(pdf)
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

var fixedTime = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

var parsedTexts = [][]string{
	{"一吉"},
	{"吉𠮷", "赵孟𫖯 李𬌗 䶮"},
	{"𬌗𫖯𠮷一", "吉吉吉 ABC 123"},
}

// TestUTF8FontParsed_SameAsFromBytes: a document with a parsed font is
// byte for byte the document AddUTF8FontFromBytes makes, and both equal
// the one whose subset is cut the v0.12.0 way (the whole font parsed
// again in Output) — so the subset holds exactly the glyphs it held.
func TestUTF8FontParsed_SameAsFromBytes(t *testing.T) {
	data := testFontBytes(t)
	font, err := ParseUTF8Font(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, texts := range parsedTexts {
		parsed := parsedPDF(t, func(pdf *Fpdf) { pdf.AddUTF8FontParsed("hana", "", font) }, texts...)
		fromBytes := parsedPDF(t, func(pdf *Fpdf) { pdf.AddUTF8FontFromBytes("hana", "", data) }, texts...)
		reparsed := parsedPDF(t, func(pdf *Fpdf) {
			pdf.AddUTF8FontFromBytes("hana", "", data)
			def := pdf.fonts[getFontKey("hana", "")]
			def.utf8File = newUTF8Font(&fileReader{array: data}) // no shared tables: the old cut
			pdf.fonts[getFontKey("hana", "")] = def
		}, texts...)
		if !bytes.Equal(parsed, fromBytes) {
			t.Errorf("%q: parsed font and AddUTF8FontFromBytes give different PDFs", texts)
		}
		if !bytes.Equal(parsed, reparsed) {
			t.Errorf("%q: the subset cut from the shared tables differs from the one cut by parsing the font again", texts)
		}
	}
}

// TestUTF8FontParsed_Concurrent renders documents with different texts at
// once, all sharing one parsed font, and compares each with the same
// document rendered alone: no document sees another's runes or CIDs. Run
// with -race.
func TestUTF8FontParsed_Concurrent(t *testing.T) {
	data := testFontBytes(t)
	sum := sha256.Sum256(data)
	font, err := ParseUTF8Font(data)
	if err != nil {
		t.Fatal(err)
	}
	add := func(pdf *Fpdf) { pdf.AddUTF8FontParsed("hana", "", font) }
	want := make([][]byte, len(parsedTexts))
	for i, texts := range parsedTexts {
		want[i] = parsedPDF(t, add, texts...)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range 4 {
				i := (g + r) % len(parsedTexts)
				if got := parsedPDF(t, add, parsedTexts[i]...); !bytes.Equal(got, want[i]) {
					errs <- fmt.Sprintf("goroutine %d: %q rendered differently", g, parsedTexts[i])
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if sha256.Sum256(data) != sum {
		t.Error("the font's bytes changed")
	}
}

// TestUTF8FontParsed_BytesNeverWritten: parsing and cutting subsets (in
// particular of glyphs past numberOfHMetrics, whose metrics were once
// appended into the caller's slice) leave the font's bytes as they were.
func TestUTF8FontParsed_BytesNeverWritten(t *testing.T) {
	data := testFontBytes(t)
	orig := slices.Clone(data)
	font, err := ParseUTF8Font(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, texts := range parsedTexts {
		parsedPDF(t, func(pdf *Fpdf) { pdf.AddUTF8FontParsed("hana", "", font) }, texts...)
		parsedPDF(t, func(pdf *Fpdf) { pdf.AddUTF8FontFromBytes("hana", "", data) }, texts...)
	}
	if !bytes.Equal(data, orig) {
		t.Error("the font's bytes changed")
	}
}

// TestParseUTF8Font_Bad: a file that is no TrueType font, or is cut
// short, is an error, never a panic; a nil font is the document's error.
func TestParseUTF8Font_Bad(t *testing.T) {
	data := testFontBytes(t)
	for _, n := range []int{0, 4, 11, 12, 40, 200, len(data) / 2, len(data) - 1} {
		if _, err := ParseUTF8Font(slices.Clone(data[:n])); err == nil && n < len(data)/2 {
			t.Errorf("%d bytes: no error", n)
		}
	}
	if _, err := ParseUTF8Font([]byte(strings.Repeat("not a font", 10))); err == nil {
		t.Error("text parsed as a font")
	}
	pdf := New("P", "mm", "A4", "")
	pdf.AddUTF8FontParsed("hana", "", nil)
	if pdf.Error() == nil {
		t.Error("a nil font was accepted")
	}
}

// TestGenerateCIDFontMap_SameAsBefore compares the /W array with the one
// v0.12.0's loop (over every CID, reference below) writes, for many sets
// of used CIDs: ranges, equal and different widths, gaps, CIDs below 256.
func TestGenerateCIDFontMap_SameAsBefore(t *testing.T) {
	cw := make([]int, 65536)
	for i := range cw {
		switch {
		case i < 32:
		case i < 128:
			cw[i] = 500 + (i%3)*50
		case i%7 == 0:
			cw[i] = 0
		case i%5 == 0:
			cw[i] = 65535
		case i < 0x3000:
			cw[i] = 600 + (i/11)%3*100
		default:
			cw[i] = 1000
		}
	}
	seed := uint32(1)
	next := func(n int) int {
		seed = seed*1664525 + 1013904223
		return int(seed>>8) % n
	}
	for round := range 300 {
		used := makeSubsetRange(32 + 25*(round%2))
		last := 0
		for range next(200) {
			var c int
			switch next(4) {
			case 0:
				c = next(256)
			case 1:
				c = 0x4E00 + next(40)
			case 2:
				c = next(0x3000)
			default:
				c = 0xFF00 + next(255)
			}
			used[c] = c
			last = max(last, c)
		}
		font := fontDefType{Cw: cw, usedRunes: used}
		var a, b Fpdf
		a.state, b.state = 1, 1
		a.generateCIDFontMap(&font, last)
		b.referenceCIDFontMap(&font, last)
		if a.buffer.String() != b.buffer.String() {
			t.Fatalf("round %d: /W differs:\nnew %s\nold %s", round, a.buffer.String(), b.buffer.String())
		}
	}
}

// referenceCIDFontMap is v0.12.0's generateCIDFontMap loop, over every
// CID (only the font.Cw look-up made font.cidWidth).
func (f *Fpdf) referenceCIDFontMap(font *fontDefType, LastRune int) {
	rangeID := 0
	cidArray := make(map[int]*untypedKeyMap)
	cidArrayKeys := make([]int, 0)
	prevCid := -2
	prevWidth := -1
	interval := false
	startCid := 1
	cwLen := min(LastRune+1, len(font.Cw))
	for cid := startCid; cid < cwLen; cid++ {
		if font.cidWidth(cid) == 0x00 {
			continue
		}
		width := font.cidWidth(cid)
		if width == 65535 {
			width = 0
		}
		if numb, OK := font.usedRunes[cid]; cid > 255 && (!OK || numb == 0) {
			continue
		}
		if cid == prevCid+1 {
			if width == prevWidth {
				if width == cidArray[rangeID].get(0) {
					cidArray[rangeID].put(nil, width)
				} else {
					cidArray[rangeID].pop()
					rangeID = prevCid
					cidArray[rangeID] = &untypedKeyMap{}
					cidArrayKeys = append(cidArrayKeys, rangeID)
					cidArray[rangeID].put(nil, prevWidth)
					cidArray[rangeID].put(nil, width)
				}
				interval = true
				cidArray[rangeID].put("interval", 1)
			} else {
				if interval {
					rangeID = cid
					cidArray[rangeID] = &untypedKeyMap{}
					cidArrayKeys = append(cidArrayKeys, rangeID)
					cidArray[rangeID].put(nil, width)
				} else {
					cidArray[rangeID].put(nil, width)
				}
				interval = false
			}
		} else {
			rangeID = cid
			cidArray[rangeID] = &untypedKeyMap{}
			cidArrayKeys = append(cidArrayKeys, rangeID)
			cidArray[rangeID].put(nil, width)
			interval = false
		}
		prevCid = cid
		prevWidth = width
	}
	f.writeCIDRanges(cidArray, cidArrayKeys)
}
