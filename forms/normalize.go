package forms

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Full-width forms of the printable ASCII characters '!' … '~' occupy
// U+FF01 … U+FF5E, at a fixed distance from their half-width counterparts.
const (
	fullWidthFirst  = '\uFF01'
	fullWidthLast   = '\uFF5E'
	fullWidthOffset = fullWidthFirst - '!'
	ideographicSp   = '\u3000'
)

// Normalize returns s as the program stores and checks it: full-width ASCII
// characters (U+FF01–U+FF5E, e.g. "１２３", "ＡＢＣ", "－", "，") become their
// half-width forms, the ideographic space U+3000 becomes an ordinary space,
// and white space at both ends (spaces, tabs, and the carriage return or line
// feed a card reader or a pasted cell may add) is trimmed. Inner spaces are
// kept; callers that do not want them remove them. Normalize is applied to
// everything a clerk types, because a Chinese input method in full-width
// mode produces full-width digits and punctuation that look the same on
// screen.
func Normalize(s string) string { return foldWidth(s, true) }

// NormalizeText returns free text (prose: a complaint's words, a reason, an
// address, a note) as the program stores it: full-width digits and Latin
// letters (U+FF10–U+FF19, U+FF21–U+FF3A, U+FF41–U+FF5A, e.g. "１号楼",
// "ＡＢ座") become half-width, as Normalize makes them, but full-width
// punctuation ("，", "：", "；", "！", "？", "（", "）", …) and the
// ideographic space U+3000 inside the text are kept as typed, since they
// belong to Chinese writing and a customer's words are kept verbatim. White
// space at both ends (the ideographic space included) is trimmed. Values
// that are parsed, compared or searched (numbers, dates, money, IDs,
// phones, codes, names) use Normalize instead.
func NormalizeText(s string) string { return foldWidth(s, false) }

// foldWidth is Normalize (punctuation true) and NormalizeText (false): it
// returns s trimmed at both ends with its full-width digits and Latin
// letters made half-width and, with punctuation, the rest of U+FF01–U+FF5E
// too and the ideographic space U+3000 made an ordinary space. An ASCII s
// is only trimmed.
func foldWidth(s string, punctuation bool) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.TrimSpace(s)
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= '\uFF10' && r <= '\uFF19', r >= '\uFF21' && r <= '\uFF3A', r >= '\uFF41' && r <= '\uFF5A':
			return r - fullWidthOffset
		case !punctuation:
			// NormalizeText keeps full-width punctuation and U+3000 as typed.
		case r >= fullWidthFirst && r <= fullWidthLast:
			return r - fullWidthOffset
		case r == ideographicSp:
			return ' '
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// ParseWhole reads a whole number as a clerk types it: Normalize first, so
// full-width digits and signs from a Chinese input method ("１２", "－３")
// and ideographic or trailing spaces read like their half-width forms; then
// an optional sign and decimal digits, nothing else (no inner spaces,
// separators or decimals). ok is false for anything else, including "".
// Callers check the range and name the field in their message.
func ParseWhole(s string) (n int, ok bool) {
	n, err := strconv.Atoi(Normalize(s))
	return n, err == nil
}
