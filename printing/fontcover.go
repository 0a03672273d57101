package printing

import (
	"encoding/binary"
	"errors"
	"sync"
	"unicode"

	"counterdesk/assets"
)

// coverage is the set of runes a font maps to a real glyph (not glyph 0,
// .notdef), in the whole Unicode range (runes above U+FFFF print through
// our fpdf fork, third_party/fpdf).
type coverage [(unicode.MaxRune + 1) / 64]uint64

func (c *coverage) has(r rune) bool {
	if r < 0 || r > unicode.MaxRune {
		return false
	}
	return c[r/64]&(1<<(uint(r)%64)) != 0
}

func (c *coverage) add(r rune) {
	if r >= 0 && r <= unicode.MaxRune {
		c[r/64] |= 1 << (uint(r) % 64)
	}
}

var (
	fontCoverOnce sync.Once
	fontCover     *coverage
	fontCoverErr  error

	supCoverOnce sync.Once
	supCover     *coverage
	supCoverErr  error
)

// fontCoverage returns the base font's (WenQuanYi Micro Hei's) coverage,
// parsed once.
func fontCoverage() (*coverage, error) {
	fontCoverOnce.Do(func() {
		fontCover, fontCoverErr = parseCoverage(assets.Font)
	})
	return fontCover, fontCoverErr
}

// supCoverage returns the supplementary font's (counterdesk-sup's)
// coverage, parsed once: the GB 18030-2022 level 2 characters WenQuanYi
// lacks.
func supCoverage() (*coverage, error) {
	supCoverOnce.Do(func() {
		supCover, supCoverErr = parseCoverage(assets.FontSup)
	})
	return supCover, supCoverErr
}

var errBadFont = errors.New("printing: the bundled font has no usable Unicode cmap")

// parseCoverage reads the cmap table of a TrueType font and returns the
// runes it maps to a glyph. It reads the Unicode subtables of format 4
// (BMP) and 12 (full range) and merges them; bounds are checked
// everywhere, so a damaged font yields an error, never a panic.
func parseCoverage(font []byte) (*coverage, error) {
	be := binary.BigEndian
	u16 := func(off int) (int, bool) {
		if off < 0 || off+2 > len(font) {
			return 0, false
		}
		return int(be.Uint16(font[off:])), true
	}
	u32 := func(off int) (uint32, bool) {
		if off < 0 || off+4 > len(font) {
			return 0, false
		}
		return be.Uint32(font[off:]), true
	}

	numTables, ok := u16(4)
	if !ok {
		return nil, errBadFont
	}
	cmap := -1
	for i := range numTables {
		rec := 12 + 16*i
		if rec+16 > len(font) {
			return nil, errBadFont
		}
		if string(font[rec:rec+4]) == "cmap" {
			off, _ := u32(rec + 8)
			cmap = int(off)
			break
		}
	}
	if cmap < 0 {
		return nil, errBadFont
	}
	n, ok := u16(cmap + 2)
	if !ok {
		return nil, errBadFont
	}
	cov := new(coverage)
	found := false
	for i := range n {
		rec := cmap + 4 + 8*i
		platform, ok1 := u16(rec)
		encoding, ok2 := u16(rec + 2)
		off, ok3 := u32(rec + 4)
		if !ok1 || !ok2 || !ok3 {
			return nil, errBadFont
		}
		unicode := platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10))
		if !unicode {
			continue
		}
		sub := cmap + int(off)
		format, ok := u16(sub)
		if !ok {
			continue
		}
		switch format {
		case 4:
			if parseFormat4(font, sub, cov) {
				found = true
			}
		case 12:
			if parseFormat12(font, sub, cov) {
				found = true
			}
		}
	}
	if !found {
		return nil, errBadFont
	}
	return cov, nil
}

// parseFormat4 adds the runes of a format 4 subtable at off.
func parseFormat4(font []byte, off int, cov *coverage) bool {
	be := binary.BigEndian
	if off+14 > len(font) {
		return false
	}
	segX2 := int(be.Uint16(font[off+6:]))
	ends := off + 14
	starts := ends + segX2 + 2 // skip reservedPad
	deltas := starts + segX2
	ranges := deltas + segX2
	if ranges+segX2 > len(font) {
		return false
	}
	for s := 0; s < segX2; s += 2 {
		end := int(be.Uint16(font[ends+s:]))
		start := int(be.Uint16(font[starts+s:]))
		delta := int(be.Uint16(font[deltas+s:]))
		ro := int(be.Uint16(font[ranges+s:]))
		for c := start; c <= end && c <= 0xFFFF; c++ {
			var g int
			if ro == 0 {
				g = (c + delta) & 0xFFFF
			} else {
				at := ranges + s + ro + 2*(c-start)
				if at+2 > len(font) {
					continue
				}
				g = int(be.Uint16(font[at:]))
				if g != 0 {
					g = (g + delta) & 0xFFFF
				}
			}
			if g != 0 && c != 0xFFFF {
				cov.add(rune(c))
			}
		}
	}
	return true
}

// parseFormat12 adds the runes of a format 12 subtable at off.
func parseFormat12(font []byte, off int, cov *coverage) bool {
	be := binary.BigEndian
	if off+16 > len(font) {
		return false
	}
	groups := int(be.Uint32(font[off+12:]))
	base := off + 16
	if groups < 0 || base+12*groups > len(font) {
		return false
	}
	for i := range groups {
		g := base + 12*i
		start := be.Uint32(font[g:])
		end := be.Uint32(font[g+4:])
		glyph := be.Uint32(font[g+8:])
		if end > unicode.MaxRune {
			end = unicode.MaxRune
		}
		for c := start; c <= end; c++ {
			if glyph+(c-start) != 0 {
				cov.add(rune(c))
			}
		}
	}
	return true
}
