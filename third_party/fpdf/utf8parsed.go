// Copyright ©2026 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"errors"
	"fmt"
	"sync"
)

// A UTF-8 font parsed once, shared by any number of documents.
//
// AddUTF8Font and AddUTF8FontFromBytes parse the TrueType file for every
// document, and Output parses its cmap, hmtx and loca tables a second time
// to cut the subset. For a CJK font of several megabytes that is most of
// the time a small document takes. ParseUTF8Font does that work once; the
// result is read-only, so documents on different goroutines may share it
// through AddUTF8FontParsed. Each document keeps its own state (the runes
// used, the CIDs of runes above U+FFFF, the subset being cut), and the
// font's bytes are only ever read.

// UTF8Font is a TrueType font parsed for use as a UTF-8 font, made by
// ParseUTF8Font. It is immutable and safe for concurrent use by any number
// of documents (AddUTF8FontParsed); a document using it writes the same
// PDF as one that added the same bytes with AddUTF8FontFromBytes.
type UTF8Font struct {
	data   []byte        // the font file, never written
	parsed *utf8FontFile // metrics and subsetting tables; read-only once made

	// The subsetting tables GenerateCutFont would otherwise parse again.
	cmapOK         bool        // the font has a format 4 Unicode cmap
	locaFormat     int         // head.indexToLocFormat
	hMetrics       int         // hhea.numberOfHMetrics
	numGlyphs      int         // maxp.numGlyphs
	symbolPosition []int       // glyph -> offset in glyf; len numGlyphs+1
	charSymbol     map[int]int // rune -> glyph, from the format 4 and format 12 cmaps

	mu  sync.Mutex
	ids map[string]string // font key -> resource ID (generateFontID), made once per key
}

// ParseUTF8Font parses a TrueType font (the contents of a .ttf file) for
// use as a UTF-8 font by AddUTF8FontParsed. The bytes are kept, never
// written, and must not be changed by the caller afterwards. It fails on a
// file that is not a TrueType font or lacks the tables a PDF subset needs.
func ParseUTF8Font(utf8Bytes []byte) (font *UTF8Font, err error) {
	if len(utf8Bytes) < 12 {
		return nil, errors.New("fpdf: not a TrueType font: too short")
	}
	defer func() {
		// The parser indexes the file without bounds checks of its own.
		if r := recover(); r != nil {
			font, err = nil, fmt.Errorf("fpdf: malformed TrueType font: %v", r)
		}
	}()
	utf := newUTF8Font(&fileReader{array: utf8Bytes})
	if err := utf.parseFile(); err != nil {
		return nil, fmt.Errorf("fpdf: %w", err)
	}
	for _, t := range []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap"} {
		if utf.tableDescriptions[t] == nil {
			return nil, fmt.Errorf("fpdf: TrueType font without a %q table", t)
		}
	}
	font = &UTF8Font{data: utf8Bytes, parsed: utf, ids: map[string]string{}}
	utf.seekTable("head", 50)
	font.locaFormat = utf.readUint16()
	utf.seekTable("hhea", 34)
	font.hMetrics = utf.readUint16()
	utf.seekTable("maxp", 4)
	font.numGlyphs = utf.readUint16()
	utf.parseLOCATable(font.locaFormat, font.numGlyphs)
	font.symbolPosition = utf.symbolPosition
	font.cmapOK = utf.parseCMAPTable(0) != 0
	font.charSymbol = utf.charSymbolDictionary
	// The shared parse keeps no reader: each document reads through its own.
	utf.fileReader = nil
	utf.symbolPosition = nil
	return font, nil
}

// AddUTF8FontParsed makes a font parsed by ParseUTF8Font available in the
// document under family and style, as AddUTF8FontFromBytes does with the
// font's bytes, without parsing it again. The document shares the parsed
// font read-only, so one UTF8Font may serve many documents at once, on any
// goroutines. Adding a family and style already added does nothing; a nil
// font sets the document's error.
func (f *Fpdf) AddUTF8FontParsed(familyStr, styleStr string, font *UTF8Font) {
	if f.err != nil {
		return
	}
	if font == nil {
		f.err = errors.New("fpdf: AddUTF8FontParsed: no font")
		return
	}
	fontkey := getFontKey(fontFamilyEscape(familyStr), styleStr)
	if _, ok := f.fonts[fontkey]; ok {
		return
	}
	f.addUTF8Font(fontkey, font)
}

// addUTF8Font adds the parsed font under fontkey, with this document's
// own state: the runes used (the subset) and those above U+FFFF.
func (f *Fpdf) addUTF8Font(fontkey string, font *UTF8Font) {
	p := font.parsed
	var sbarr map[int]int
	if f.aliasNbPagesStr == "" {
		sbarr = makeSubsetRange(57)
	} else {
		sbarr = makeSubsetRange(32)
	}
	def := fontDefType{
		Tp:   "UTF8",
		Name: fontkey,
		Desc: FontDescType{
			Ascent:       int(p.Ascent),
			Descent:      int(p.Descent),
			CapHeight:    p.CapHeight,
			Flags:        p.Flags,
			FontBBox:     p.Bbox,
			ItalicAngle:  p.ItalicAngle,
			StemV:        p.StemV,
			MissingWidth: round(p.DefaultWidth),
		},
		Up:        int(round(p.UnderlinePosition)),
		Ut:        round(p.UnderlineThickness),
		Cw:        p.CharWidths, // shared, read-only: suppCode keeps its widths in supp
		utf8File:  &utf8FontFile{fileReader: &fileReader{array: font.data}, shared: font},
		usedRunes: sbarr,
	}
	def.i = font.id(def)
	def.supp = newSuppCIDs(p.SuppWidths)
	f.fonts[fontkey] = def
}

// id returns generateFontID(def) for the font's definition def, computed
// once per font key: it hashes the JSON of 65,536 widths.
func (font *UTF8Font) id(def fontDefType) string {
	font.mu.Lock()
	defer font.mu.Unlock()
	id, ok := font.ids[def.Name]
	if !ok {
		id, _ = generateFontID(def)
		font.ids[def.Name] = id
	}
	return id
}
