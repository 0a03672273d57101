package forms

// Entering a rare character (生僻字) by its code point. A counter PC rarely
// has an input method with the characters of CJK Extensions B–G, so the
// clerk types what the customer's papers or a character table give:
// U+20BB7, or the HTML forms &#x20BB7; and &#134071; that web pages and
// Word copy. The name fields turn these into the character as the clerk
// types and again on save (so a pasted name is converted too).

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// DecodeCodePoints replaces every U+XXXX (4–6 hex digits, "U+" or "u+"),
// &#xXXXX; and &#DDDDD; that names a Unicode scalar value which is a letter
// (CJK ideographs included) with that character; anything else is left as
// typed. The ';' of an &# form may be missing at the end of the text or
// before a character that is no hex digit (吉&#x20BB7 is 吉𠮷). Digits, symbols, surrogates, unassigned and too large code points
// are not letters, so U+0030, U+D842 and U+110000 stay text the name check
// then refuses, naming them; U+0041 is a letter and becomes A. The forms
// typed with a Chinese input method in full-width mode (Ｕ＋２０ＢＢ７) are
// read like their half-width ones. The hex digits of a U+ form are all the
// hex digits that follow it: U+4E00A is the unassigned U+4E00A, not 一A
// (write U+4E00 A or &#x4E00;A). Used on every name field as the clerk
// types and on paste.
func DecodeCodePoints(s string) string {
	out, _ := decodeCodePoints(s, -1)
	return out
}

// DecodeCodePointsTyping is DecodeCodePoints for a field being typed in:
// caret is the cursor's position in characters (runes, not bytes). A U+
// form whose hex digits end at the caret is left as typed while one more
// digit could still make it another letter — U+30ED is ロ, but the clerk
// may be typing U+30EDE (𰻞) — and is converted on save or once anything
// else follows it. It returns the text and the cursor's position in it:
// after the same character the cursor followed, or after a character that
// replaced the code point the cursor was in or just after.
func DecodeCodePointsTyping(s string, caret int) (string, int) {
	return decodeCodePoints(s, caret)
}

// decodeCodePoints does both: caret < 0 means the text is complete.
func decodeCodePoints(s string, caret int) (string, int) {
	if !hasCodePointStart(s) {
		return s, caret
	}
	rs := []rune(s)
	out := make([]rune, 0, len(rs))
	newCaret := caret
	for i := 0; i < len(rs); {
		if r, end, ok := codePointAt(rs, i, caret); ok {
			if caret > i && caret <= end {
				newCaret = len(out) + 1
			} else if caret == i {
				newCaret = len(out)
			}
			out = append(out, r)
			i = end
			continue
		}
		if caret == i {
			newCaret = len(out)
		}
		out = append(out, rs[i])
		i++
	}
	if caret == len(rs) {
		newCaret = len(out)
	}
	return string(out), newCaret
}

// hasCodePointStart says cheaply whether s may hold a code point at all: a
// '+' or '#' (or their full-width forms).
func hasCodePointStart(s string) bool {
	for _, r := range s {
		switch halfWidth(r) {
		case '+', '#':
			return true
		}
	}
	return false
}

// codePointAt reads a code point written at rs[i]: the letter it names and
// the index after it. caret is as for decodeCodePoints.
func codePointAt(rs []rune, i, caret int) (rune, int, bool) {
	at := func(k int) rune {
		if k < len(rs) {
			return halfWidth(rs[k])
		}
		return 0
	}
	switch {
	case (at(i) == 'U' || at(i) == 'u') && at(i+1) == '+':
		j := i + 2
		v, k := digits(rs, j, 16)
		if k < 4 || k > 6 || !isLetterCode(v) {
			return 0, 0, false
		}
		if j+k == caret && mayGrow(v, k) {
			return 0, 0, false
		}
		return rune(v), j + k, true
	case at(i) == '&' && at(i+1) == '#':
		j, base := i+2, 10
		if at(j) == 'x' || at(j) == 'X' {
			j, base = j+1, 16
		}
		v, k := digits(rs, j, base)
		if k == 0 || k > 7 || !isLetterCode(v) {
			return 0, 0, false
		}
		if at(j+k) == ';' {
			return rune(v), j + k + 1, true
		}
		// Without its ';' (&#x20BB7): read at the end of the text or before
		// a character that is no hex digit, but not while the clerk may
		// still be typing its digits or the ';' at the cursor.
		if j+k == caret || digitValue(at(j+k), 16) >= 0 {
			return 0, 0, false
		}
		return rune(v), j + k, true
	}
	return 0, 0, false
}

// digits reads the digits of base (10 or 16) from rs[j] on: their value
// (capped above the largest code point, so it cannot overflow) and how
// many there are.
func digits(rs []rune, j, base int) (v int64, n int) {
	for k := j; k < len(rs); k++ {
		d := digitValue(halfWidth(rs[k]), base)
		if d < 0 {
			break
		}
		if v <= unicode.MaxRune {
			v = v*int64(base) + int64(d)
		}
		n++
	}
	return v, n
}

func digitValue(r rune, base int) int {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0')
	case base == 16 && r >= 'a' && r <= 'f':
		return int(r-'a') + 10
	case base == 16 && r >= 'A' && r <= 'F':
		return int(r-'A') + 10
	}
	return -1
}

// isLetterCode says whether v is a Unicode scalar value that is a letter.
func isLetterCode(v int64) bool {
	return v >= 0 && v <= unicode.MaxRune && utf8.ValidRune(rune(v)) && isLetter(rune(v))
}

// mayGrow says whether one more hex digit after the n digits of v could
// name another letter: then the clerk may still be typing.
func mayGrow(v int64, n int) bool {
	if n >= 6 {
		return false
	}
	for d := int64(0); d < 16; d++ {
		if isLetterCode(v*16 + d) {
			return true
		}
	}
	return false
}

// halfWidth returns the half-width form of a full-width ASCII character
// (U+FF01–U+FF5E), any other rune as it is.
func halfWidth(r rune) rune {
	if r >= fullWidthFirst && r <= fullWidthLast {
		return r - fullWidthOffset
	}
	return r
}

// codePointTypo finds, in s after DecodeCodePoints, the first text that
// looks like a code point but names no letter (U+, U+D800, U+110000,
// U+4E00A, &#x110000;, &#xD800): the text as typed, the Chinese reason it
// is not a letter and a hint for the fix ("" when there is none). ok is
// false when s has no such text.
func codePointTypo(s string) (typo, reason, hint string, ok bool) {
	if !hasCodePointStart(s) {
		return "", "", "", false
	}
	rs := []rune(s)
	at := func(k int) rune {
		if k < len(rs) {
			return halfWidth(rs[k])
		}
		return 0
	}
	for i := 0; i < len(rs); i++ {
		var j, base int
		switch {
		case (at(i) == 'U' || at(i) == 'u') && at(i+1) == '+':
			j, base = i+2, 16
		case at(i) == '&' && at(i+1) == '#':
			j, base = i+2, 10
			if at(j) == 'x' || at(j) == 'X' {
				j, base = j+1, 16
			}
		default:
			continue
		}
		v, k := digits(rs, j, base)
		end := j + k
		if at(i) == '&' && k > 0 && at(end) == ';' {
			end++
		}
		typo = string(rs[i:end])
		if at(i) == 'U' || at(i) == 'u' {
			// U+4E00A: the first digits name a letter the clerk meant to
			// follow by a Latin letter.
			for p := k - 1; p >= 4; p-- {
				if pv, _ := digits(rs[:j+p], j, 16); isLetterCode(pv) && hexLetters(rs[j+p:j+k]) {
					hint = fmt.Sprintf("如要写“%c”后接“%s”，请写成 &#x%X;%s", rune(pv), string(rs[j+p:j+k]), pv, string(rs[j+p:j+k]))
					break
				}
			}
		}
		switch {
		case k > 0 && k <= 7 && v >= 0 && v <= unicode.MaxRune && utf8.ValidRune(rune(v)) && unicode.IsGraphic(rune(v)) && !unicode.IsLetter(rune(v)):
			reason = fmt.Sprintf("是“%c”，不是文字", rune(v))
		default:
			reason = "不是有效的字符编码"
		}
		return typo, reason, hint, true
	}
	return "", "", "", false
}

// hexLetters says whether rs are all the letters a–f/A–F (a name may hold
// them; a digit it may not).
func hexLetters(rs []rune) bool {
	for _, r := range rs {
		if r = halfWidth(r); digitValue(r, 16) < 10 {
			return false
		}
	}
	return true
}
