package forms

// Chinese line breaking (禁则, GB/T 15834 and the W3C's "Requirements for
// Chinese Text Layout"): the rule every wrapped text of the program follows,
// on paper (printing's wrapper) and on screen (the UI's wrapped labels), so
// that a line never starts with a comma or ends with an opening bracket and
// an amount, a receipt number or an ID number is never cut in two.
//
// When the natural break falls just before a character that may not start a
// line, the character does not hang past the margin: the character before it
// comes down to the next line with it (推出, "push out"). Lines therefore
// never run over max, which a label on screen needs (it has no margin to
// hang into). Only when a single unbreakable piece is wider than a whole
// line is it cut, and then the rule is kept wherever a cut allows it.

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// NoLineStart holds the characters a line must not start with (避头点):
// closing punctuation and brackets, the pause, full stop, comma, colon and
// ellipsis, Chinese and their ASCII and full-width forms, and the middle dot
// of transliterated names.
const NoLineStart = "，。、；：？！）》」』】’”…" +
	"〕〉〗〙〛﹞｝］．％‰·・" +
	",.;:!?)]}%"

// NoLineEnd holds the characters a line must not end with (避尾点): opening
// brackets and quotation marks, Chinese and their ASCII and full-width forms.
const NoLineEnd = "（《「『【‘“" +
	"〔〈〖〘〚﹝｛［" +
	"([{"

// BreakLines wraps text into lines no wider than max, measuring with width
// (same unit as max: points in a PDF, pixels on screen), honouring
// NoLineStart and NoLineEnd and never splitting an unbreakable run (Latin
// letters, digits and their punctuation: ¥1,005.30, QB01-2026-000123, an ID
// number). Explicit "\n" (also CR LF, CR, U+2028 and U+2029) starts a new
// line; an empty paragraph gives an empty line, so empty text gives one
// empty line. A run wider than max is broken only as a last resort.
//
// Breaks fall between two CJK characters, at a space (dropped at the end of
// a line and at the start of a wrapped one; a paragraph's leading spaces, an
// indent, are kept) and between a CJK character and a Latin run. When the
// natural break falls before a NoLineStart character, the piece before it
// comes down with it (lines never run over max); a NoLineEnd character goes
// to the next line with what follows it. A dash pair —— and an ellipsis ……
// are never split, and a combining mark or variation selector stays with its
// base character. A file path ("/tmp/柜台 通/…等6份文书.pdf", "C:\\…") runs
// to the end of the paragraph or to a Chinese closing mark and breaks only
// after a "/" or "\\", never inside a folder's or file's name. If a single piece — a long number, or a run of
// punctuation, or a number with the closing marks glued to it — is wider
// than max on a line of its own, it is cut where the longest prefix fits, at
// a cut that keeps the rule if one exists; a number (a run of Latin letters
// and digits) is cut only if it alone is wider than max, so a number that
// fits a line but not with its marks keeps the line and the marks start the
// next ("¥500.00" / "），"); a cut of all-punctuation text cannot keep the
// rule. width is called on pieces of text and
// their sum taken as the width of a line; a width function that is not
// additive (kerning) may make a line differ from max by that much.
func BreakLines(text string, max float64, width func(string) float64) []string {
	text = lineEnds.Replace(text)
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		lines = append(lines, breakParagraph(para, max, width)...)
	}
	return lines
}

// lineEnds turns every line break BreakLines honours into "\n" in one pass
// (CR LF before CR: a Replacer tries its pairs in order).
var lineEnds = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u2028", "\n", "\u2029", "\n")

// piece is an unbreakable part of a paragraph: a break may fall only
// between two pieces.
type piece struct {
	text  string
	blank bool // white space: a break opportunity, dropped at a wrapped line's ends
}

// isBlank says whether r is white space that offers a break: space, tab and
// the ideographic space U+3000. The no-break space U+00A0 does not.
func isBlank(r rune) bool {
	return r == ' ' || r == '\t' || r == '\u3000'
}

// isWordRune says whether r belongs to a run that must not be broken: Latin
// letters, digits and their punctuation, as in a receipt number, an ID
// number, an amount or a date (printing's rule before issue 16).
func isWordRune(r rune) bool {
	switch {
	case isBlank(r):
		return false
	case r < 0x2000: // Latin, Greek, Cyrillic, with ASCII punctuation, ¥ and the no-break space
		return true
	case r == 0x2010 || r == 0x2011 || r == 0x2013: // hyphen, no-break hyphen, en dash of a range (后4–6位)
		return true
	case r >= 0xFF10 && r <= 0xFF19, r >= 0xFF21 && r <= 0xFF3A, r >= 0xFF41 && r <= 0xFF5A, r == 0xFFE5:
		return true // full-width digits and letters, ￥
	}
	return false
}

// isAttached says whether r never stands alone: a combining mark, a
// variation selector or a zero-width joiner stays with the character before
// it.
func isAttached(r rune) bool {
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Variation_Selector) || r == '\u200D'
}

// tokens splits a paragraph into its smallest unbreakable parts: a blank
// run, a word run, a run of dashes or ellipses, or one other character,
// each with the marks attached to it.
func tokens(para string) []piece {
	rs := []rune(para)
	var out []piece
	for i := 0; i < len(rs); {
		if pathStart(rs, i) {
			end := pathEnd(rs, i)
			out = append(out, pathTokens(rs[i:end])...)
			i = end
			continue
		}
		j := i + 1
		switch r := rs[i]; {
		case isBlank(r):
			for j < len(rs) && isBlank(rs[j]) {
				j++
			}
			out = append(out, piece{text: string(rs[i:j]), blank: true})
			i = j
			continue
		case isWordRune(r):
			for j < len(rs) && (isWordRune(rs[j]) || isAttached(rs[j])) {
				j++
			}
		case r == '—' || r == '…':
			for j < len(rs) && rs[j] == r {
				j++
			}
		}
		for j < len(rs) && isAttached(rs[j]) {
			j++
		}
		out = append(out, piece{text: string(rs[i:j])})
		i = j
	}
	return out
}

// pathStart says whether a file path starts at rs[i]: "/" (Unix), a drive
// letter with ":\" or ":/" (Windows), or "\\" (a network share), at the
// start of the text or after a blank, a colon "：" or an opening mark (a
// drive letter also after a Chinese character), and followed by a
// non-blank. "和/或" and "1/2" are no paths.
func pathStart(rs []rune, i int) bool {
	if i > 0 && !isBlank(rs[i-1]) && isWordRune(rs[i-1]) {
		return false
	}
	if i > 0 && rs[i] == '/' && !isBlank(rs[i-1]) && !strings.ContainsRune("：“「『（《【", rs[i-1]) {
		return false // 和/或
	}
	next := func(k int) bool { return k < len(rs) && !isBlank(rs[k]) }
	switch {
	case rs[i] == '/':
		return next(i + 1)
	case rs[i] == '\\':
		return i+1 < len(rs) && rs[i+1] == '\\' && next(i+2)
	case rs[i] < 0x80 && unicode.IsLetter(rs[i]):
		return i+2 < len(rs) && rs[i+1] == ':' && (rs[i+2] == '\\' || rs[i+2] == '/')
	}
	return false
}

// pathEndMarks end a file path in a text: Chinese punctuation that a file
// name of ours does not hold.
const pathEndMarks = "，。、；？！）》」』】’”"

// pathEnd returns where the path starting at rs[i] ends: at the end of the
// paragraph or before a Chinese closing mark (pathEndMarks).
func pathEnd(rs []rune, i int) int {
	for ; i < len(rs); i++ {
		if strings.ContainsRune(pathEndMarks, rs[i]) {
			return i
		}
	}
	return i
}

// pathTokens splits a file path into its folders and file name, each
// with the separator after it, as tokens a line may break between: a path
// is broken only after a "/" or "\\", so a file name such as
// "受理单QB01-2026-000001等6份文书.pdf" is never cut (unless it alone is
// wider than a line). Blanks in a path do not offer a break.
func pathTokens(rs []rune) []piece {
	var out []piece
	start := 0
	for k, r := range rs {
		if (r == '/' || r == '\\') && !(k+1 < len(rs) && rs[k+1] == r) {
			out = append(out, piece{text: string(rs[start : k+1])})
			start = k + 1
		}
	}
	if start < len(rs) {
		out = append(out, piece{text: string(rs[start:])})
	}
	return out
}

// firstRune and lastRune return the first and last rune of a non-empty s.
func firstRune(s string) rune { r, _ := utf8.DecodeRuneInString(s); return r }
func lastRune(s string) rune  { r, _ := utf8.DecodeLastRuneInString(s); return r }

// pieces glues tokens into pieces a break may fall between: a token that
// starts with a NoLineStart character joins the one before it (with any
// blank between them), a token that ends with a NoLineEnd character joins
// the one after it (with any blank between them).
func pieces(toks []piece) []piece {
	var out []piece
	glueNext := false // the last piece ends with a NoLineEnd character
	for _, t := range toks {
		if t.blank {
			if glueNext {
				out[len(out)-1].text += t.text
				continue
			}
			out = append(out, t)
			continue
		}
		glue := glueNext
		if !glue && strings.ContainsRune(NoLineStart, firstRune(t.text)) {
			// Join the last non-blank piece, swallowing the blanks after it.
			k := len(out) - 1
			for k >= 0 && out[k].blank {
				k--
			}
			if k >= 0 {
				for _, b := range out[k+1:] {
					out[k].text += b.text
				}
				out = out[:k+1]
				glue = true
			}
		}
		if glue {
			out[len(out)-1].text += t.text
		} else {
			out = append(out, t)
		}
		glueNext = strings.ContainsRune(NoLineEnd, lastRune(t.text))
	}
	return out
}

// breakParagraph wraps one paragraph (no line breaks in it) greedily.
func breakParagraph(para string, max float64, width func(string) float64) []string {
	var lines []string
	var line strings.Builder
	w := 0.0
	started := false // the line holds a non-blank piece
	first := true    // the line is the paragraph's first: its leading blanks are an indent
	flush := func() {
		lines = append(lines, strings.TrimRightFunc(line.String(), isBlank))
		line.Reset()
		w = 0
		started = false
		first = false
	}
	for _, p := range pieces(tokens(para)) {
		if p.blank {
			if !started && !first {
				continue // no blank at the start of a wrapped line
			}
			line.WriteString(p.text)
			w += width(p.text)
			continue
		}
		pw := width(p.text)
		// The line's trailing blanks count: they stay between it and p.
		if w+pw > max {
			if started {
				flush()
			} else {
				line.Reset() // an indent that leaves no room for p goes
				w = 0
			}
		}
		if pw <= max {
			line.WriteString(p.text)
			w += pw
			started = true
			continue
		}
		// Wider than a whole line on its own: the last resort.
		rest := []rune(p.text)
		for {
			k := cut(rest, max, width)
			line.WriteString(string(rest[:k]))
			started = true
			if k == len(rest) {
				w = width(string(rest))
				break
			}
			flush()
			rest = rest[k:]
		}
	}
	if line.Len() > 0 || len(lines) == 0 {
		flush()
	}
	return lines
}

// cut returns how many runes of rs to put on an empty line max wide (all of
// them if they fit): the longest prefix that fits, moved back to the nearest
// cut that keeps the rule (the rune after the cut may start a line, the
// rune before it may end one, and no mark is cut from its base) and falls
// between two tokens, so that a number is not cut from its closing marks by
// cutting the number: "QB01-2026-000123，" too wide for a line gives
// "QB01-2026-000123" and "，", not "QB01-2026-00012" and "3，". If no such cut
// fits, the nearest cut between two tokens (the number stays whole and a
// mark starts the next line: the lesser harm), and only if none fits either
// (a run alone wider than the line) the nearest cut inside it that keeps the
// rule. At least one rune (with its marks) is taken, even if it alone is
// wider than the line.
func cut(rs []rune, max float64, width func(string) float64) int {
	if width(string(rs)) <= max {
		return len(rs)
	}
	fit := 0
	for k := 1; k < len(rs); k++ {
		if width(string(rs[:k])) > max {
			break
		}
		fit = k
	}
	keepsRule := func(k int) bool {
		return !strings.ContainsRune(NoLineStart, rs[k]) && !strings.ContainsRune(NoLineEnd, rs[k-1]) && !isAttached(rs[k])
	}
	between := map[int]bool{} // rune offsets between two tokens
	n := 0
	for _, t := range tokens(string(rs)) {
		n += utf8.RuneCountInString(t.text)
		between[n] = true
	}
	for k := fit; k > 0; k-- {
		if between[k] && keepsRule(k) {
			return k
		}
	}
	for k := fit; k > 0; k-- {
		if between[k] {
			return k
		}
	}
	for k := fit; k > 0; k-- {
		if keepsRule(k) {
			return k
		}
	}
	if fit == 0 {
		fit = 1
	}
	for fit < len(rs) && isAttached(rs[fit]) {
		fit++
	}
	return fit
}
