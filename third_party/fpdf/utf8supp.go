// Copyright ©2026 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"
)

// Runes above U+FFFF (the supplementary planes: CJK Extensions B to H,
// historic scripts, emoji) in UTF-8 fonts.
//
// A UTF-8 font is written as a Type0 font with the Identity-H encoding:
// every character of a text string is a 2-byte code, the CID, and the CID
// is the character's code point. That leaves no code for a rune above
// U+FFFF. Such a rune is therefore given a CID of its own, on its first
// use in the document, from the UTF-16 surrogate range U+D800 to U+DFFF
// (no Go string yields a surrogate rune, so these CIDs never collide with
// a code point used as a CID). The CIDToGIDMap maps it to the rune's
// glyph, the /W array gives its width, and the ToUnicode CMap maps it back
// to the rune (as a UTF-16 surrogate pair), so text extraction, copying
// and searching read the true character. The glyphs come from the font's
// format 12 cmap subtable. CIDs are given in order of first use, so the
// same drawing calls produce the same bytes.

const (
	suppCIDFirst = 0xD800 // the first CID given to a rune above U+FFFF
	suppCIDLast  = 0xDFFF // the last one: a document can use 2048 such runes per font
)

// suppCIDs holds, for one UTF-8 font of a document, the runes above
// U+FFFF: their widths from the font and the CIDs given to those drawn.
type suppCIDs struct {
	widths map[int]int // rune -> width in 1/1000 em (65535: zero width)
	cid    map[int]int // rune -> CID, for the runes drawn
	runes  []int       // the runes drawn, in order of first use: runes[i] has CID suppCIDFirst+i
}

func newSuppCIDs(widths map[int]int) *suppCIDs {
	if widths == nil {
		widths = map[int]int{}
	}
	return &suppCIDs{widths: widths, cid: map[int]int{}}
}

// fontWidth returns the width of rune c in the font's Cw units (1/1000
// em; 65535 marks a zero-width glyph, 0 a missing one), for any rune.
func fontWidth(font *fontDefType, c int) int {
	if c >= 0 && c < len(font.Cw) {
		return font.Cw[c]
	}
	if font.supp != nil {
		return font.supp.widths[c]
	}
	return 0
}

// suppCode returns the CID of rune r, which is above U+FFFF, in the
// current font, giving it the next free CID on first use. When all 2048
// are taken the document gets an error and r prints as CID 0.
func (f *Fpdf) suppCode(r int) int {
	font := &f.currentFont
	if font.supp == nil {
		font.supp = newSuppCIDs(nil)
		f.fonts[font.Name] = *font
	}
	s := font.supp
	if c, ok := s.cid[r]; ok {
		return c
	}
	if suppCIDFirst+len(s.runes) > suppCIDLast {
		f.SetErrorf("fpdf: more than %d different characters above U+FFFF in font %s", suppCIDLast-suppCIDFirst+1, font.Name)
		return 0
	}
	c := suppCIDFirst + len(s.runes)
	s.cid[r] = c
	s.runes = append(s.runes, r)
	font.usedRunes[c] = c
	return c
}

// cidWidth returns the width of CID cid in the font's Cw units, for the
// /W array: a CID given to a rune above U+FFFF has that rune's width (the
// font's missing width if it has none); any other CID is its code point.
// Font.Cw is never written: a parsed font shares it between documents.
func (font *fontDefType) cidWidth(cid int) int {
	if s := font.supp; s != nil && cid >= suppCIDFirst && cid < suppCIDFirst+len(s.runes) {
		if w := s.widths[s.runes[cid-suppCIDFirst]]; w != 0 {
			return w
		}
		return font.Desc.MissingWidth
	}
	return font.Cw[cid]
}

// utf8ToCIDs returns the text string of s in the current UTF-8 font: each
// rune as its 2-byte CID (its code point, or for a rune above U+FFFF the
// CID suppCode gives it). It marks the runes as used, for the font subset.
// For text within U+FFFF it equals utf8toutf16(s, false).
func (f *Fpdf) utf8ToCIDs(s string) string {
	b := make([]byte, 0, 2*len(s))
	for _, r := range s {
		c := int(r)
		f.currentFont.usedRunes[c] = c
		if c > 0xFFFF {
			c = f.suppCode(c)
		}
		b = append(b, byte(c>>8), byte(c))
	}
	return string(b)
}

// toUnicodeCMap returns the font's ToUnicode CMap: the identity, and each
// CID given to a rune above U+FFFF mapped to that rune.
func (font *fontDefType) toUnicodeCMap() string {
	if font.supp == nil || len(font.supp.runes) == 0 {
		return toUnicode
	}
	var b strings.Builder
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo\n<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	b.WriteString("2 beginbfrange\n<0000> <D7FF> <0000>\n<E000> <FFFF> <E000>\nendbfrange\n")
	runes := font.supp.runes
	for len(runes) > 0 {
		n := min(len(runes), 100) // at most 100 mappings per block
		fmt.Fprintf(&b, "%d beginbfchar\n", n)
		for _, r := range runes[:n] {
			cid := font.supp.cid[r]
			u := r - 0x10000
			fmt.Fprintf(&b, "<%04X> <%04X%04X>\n", cid, 0xD800+(u>>10), 0xDC00+(u&0x3FF))
		}
		b.WriteString("endbfchar\n")
		runes = runes[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	return b.String()
}

// addFormat12 adds to the dictionaries (glyph -> runes, rune -> glyph)
// the runes above U+FFFF of the font's Unicode format 12 cmap subtable,
// if it has one; the runes within U+FFFF come from the format 4 subtable
// as before.
func (utf *utf8FontFile) addFormat12(symbolChar map[int][]int, charSymbol map[int]int) {
	if _, ok := utf.tableDescriptions["cmap"]; !ok {
		return
	}
	cmap := utf.SeekTable("cmap")
	n := utf.getUint16(cmap + 2)
	pos := 0
	for i := range n {
		rec := cmap + 4 + 8*i
		platform := utf.getUint16(rec)
		encoding := utf.getUint16(rec + 2)
		utf.seek(rec + 4)
		off := utf.readUint32()
		if (platform == 3 && encoding == 10) || (platform == 0 && (encoding == 4 || encoding == 6)) {
			if utf.getUint16(cmap+off) == 12 {
				pos = cmap + off
				break
			}
		}
	}
	if pos == 0 {
		return
	}
	utf.seek(pos + 12)
	groups := utf.readUint32()
	for g := range groups {
		utf.seek(pos + 16 + 12*g)
		start := utf.readUint32()
		end := min(utf.readUint32(), 0x10FFFF)
		glyph := utf.readUint32()
		if end <= 0xFFFF || start > end {
			continue
		}
		if start <= 0xFFFF {
			glyph += 0x10000 - start
			start = 0x10000
		}
		for c := start; c <= end; c++ {
			gid := glyph + c - start
			if gid == 0 {
				continue
			}
			charSymbol[c] = gid
			symbolChar[gid] = append(symbolChar[gid], c)
		}
	}
}

// subsetTag returns the tag that begins the name of an embedded font
// subset (PDF 32000-1:2008, 9.6.4): six upper-case letters, here derived
// from the runes the subset holds, so that different subsets get different
// tags and the same subset the same tag (same calls, same bytes). Tools
// such as pdffonts tell a subset by it.
func subsetTag(usedRunes map[int]int) string {
	keys := make([]int, 0, len(usedRunes))
	for r := range usedRunes {
		keys = append(keys, r)
	}
	sort.Ints(keys)
	h := sha1.New()
	var b [4]byte
	for _, r := range keys {
		binary.BigEndian.PutUint32(b[:], uint32(r))
		h.Write(b[:])
	}
	sum := h.Sum(nil)
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + sum[i]%26
	}
	return string(tag)
}
