package printing

import (
	"strings"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
)

// Placeholder stands for a character the bundled font cannot print. On
// paper it is drawn as an empty box one character wide, for the clerk to
// write the character in by hand (the font's own □ is too small for that);
// the PDF's text layer has □ there, invisibly, so the text reads and
// copies as □.
const Placeholder = '□'

// printable says what happens to one rune on its way to the PDF.
type printable int

const (
	keep    printable = iota // printed as is
	drop                     // stripped: control, format and variation-selector characters
	space                    // a tab or line break inside a one-line field: printed as a space
	replace                  // printed as Placeholder
)

// classify decides the fate of one rune. Runes above U+FFFF are always
// replaced: fpdf panics on them in Output, whatever the font covers.
func classify(r rune) printable {
	switch {
	case r == '\t' || r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029':
		return space
	case unicode.IsControl(r), unicode.Is(unicode.Cf, r), unicode.Is(unicode.Variation_Selector, r):
		// A variation selector (also the ideographic ones above U+FFFF
		// that pick a rare glyph of a name character) means nothing
		// without font support; the base character prints.
		return drop
	case r == unicode.ReplacementChar:
		return replace // damaged text: show the clerk that something is missing
	case r > 0xFFFF:
		return replace
	}
	cov, err := fontCoverage()
	if err != nil {
		return keep // cannot happen with the embedded font; tests check
	}
	if !cov.has(r) {
		return replace
	}
	return keep
}

// safe is the one function every string passes through on its way to the
// PDF: it strips control and format characters, turns tabs and line breaks
// into spaces, and replaces each character the bundled font cannot print
// (and every character above U+FFFF, which would crash fpdf) with
// Placeholder. Customer data therefore never crashes printing, and what
// prints as a square is exactly what Missing reports.
func safe(s string) string {
	clean := true
	for _, r := range s {
		if classify(r) != keep {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch classify(r) {
		case keep:
			b.WriteRune(r)
		case space:
			b.WriteByte(' ')
		case replace:
			b.WriteRune(Placeholder)
		}
	}
	return b.String()
}

// Missing returns the distinct characters of the texts, in order of first
// appearance, that the bundled font cannot print: they will show as
// Placeholder, so the screen can warn the clerk before printing and the
// clerk can write them in by hand. Control and format characters, which
// are silently dropped, are not reported.
func Missing(texts ...string) []rune {
	var out []rune
	seen := map[rune]bool{}
	for _, t := range texts {
		for _, r := range t {
			if classify(r) == replace && !seen[r] {
				seen[r] = true
				out = append(out, r)
			}
		}
	}
	return out
}

// closing are the characters a line must not start with (避头点): they stay
// at the end of the previous line, even if it runs slightly over.
const closing = "，。、；：？！）》」』】〕〉”’…,.;:!?)]}%％"

// opening are the characters a line must not end with: they go with what
// follows.
const opening = "（《「『【〔〈“‘([{"

// isWordRune says whether r belongs to a run that must not be broken: Latin
// letters, digits and their punctuation, as in a receipt number, an ID
// number, an amount or a date.
func isWordRune(r rune) bool {
	switch {
	case r == ' ':
		return false
	case r < 0x2000: // Latin, Greek, Cyrillic, with ASCII punctuation and ¥
		return true
	case r >= 0xFF10 && r <= 0xFF19, r >= 0xFF21 && r <= 0xFF3A, r >= 0xFF41 && r <= 0xFF5A, r == 0xFFE5:
		return true // full-width digits and letters, ￥
	}
	return false
}

// unit is an unbreakable piece of a paragraph.
type unit struct {
	text  string
	blank bool // a space: a break opportunity, dropped at a line's ends
	glue  bool // closing punctuation: always stays on the current line
}

// units splits a (safe) paragraph into unbreakable pieces.
func units(para string) []unit {
	rs := []rune(para)
	var out []unit
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case r == ' ':
			out = append(out, unit{text: " ", blank: true})
			i++
		case strings.ContainsRune(closing, r):
			out = append(out, unit{text: string(r), glue: true})
			i++
		case isWordRune(r):
			j := i
			for j < len(rs) && isWordRune(rs[j]) {
				j++
			}
			out = append(out, unit{text: string(rs[i:j])})
			i = j
		default:
			out = append(out, unit{text: string(r)})
			i++
		}
	}
	// Opening punctuation goes with the unit that follows it.
	merged := out[:0]
	var pending string
	for _, u := range out {
		if !u.blank && !u.glue && len([]rune(u.text)) == 1 && strings.ContainsRune(opening, []rune(u.text)[0]) {
			pending += u.text
			continue
		}
		if pending != "" {
			if u.blank || u.glue {
				merged = append(merged, unit{text: pending})
			} else {
				u.text = pending + u.text
			}
			pending = ""
		}
		merged = append(merged, u)
	}
	if pending != "" {
		merged = append(merged, unit{text: pending})
	}
	return merged
}

// wrap breaks text into lines no wider than width (in the PDF's current
// font), rune by rune with GetStringWidth: fpdf's own MultiCell and
// SplitText drop a Chinese character at each automatic break. A line break
// in text starts a new line (an empty paragraph gives an empty line).
// Closing punctuation never starts a line, opening punctuation never ends
// one, and a run of Latin letters and digits is kept whole where it fits on
// a line. The lines are safe (see safe).
func wrap(pdf *fpdf.Fpdf, text string, width float64) []string {
	var lines []string
	for _, para := range paragraphs(text) {
		lines = append(lines, wrapPara(pdf, para, width, width)...)
	}
	return lines
}

// paragraphs splits text at line breaks and makes each paragraph safe.
func paragraphs(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	paras := strings.Split(text, "\n")
	for i, p := range paras {
		paras[i] = safe(p)
	}
	return paras
}

// wrapPara wraps one safe paragraph: the first line is first wide, the
// others rest wide (a first-line indent makes first narrower).
func wrapPara(pdf *fpdf.Fpdf, para string, first, rest float64) []string {
	us := units(para)
	if len(us) == 0 {
		return []string{""}
	}
	var lines []string
	var line strings.Builder
	w := 0.0
	limit := first
	flush := func() {
		lines = append(lines, strings.TrimRight(line.String(), " "))
		line.Reset()
		w = 0
		limit = rest
	}
	for _, u := range us {
		uw := textWidth(pdf, u.text)
		switch {
		case u.blank:
			if w == 0 {
				continue // no space at the start of a line
			}
		case u.glue:
			// Hanging punctuation: stays, even slightly over.
		case w > 0 && w+uw > limit:
			flush()
		}
		if !u.blank && !u.glue && uw > limit {
			// Wider than a whole line (a very long number or word):
			// break it rune by rune.
			for _, r := range u.text {
				rw := textWidth(pdf, string(r))
				if w > 0 && w+rw > limit {
					flush()
				}
				line.WriteRune(r)
				w += rw
			}
			continue
		}
		line.WriteString(u.text)
		w += uw
	}
	if line.Len() > 0 || len(lines) == 0 {
		flush()
	}
	return lines
}

// fit shortens a one-line text with "…" so that it is no wider than width,
// for table cells. The text is made safe first.
func fit(pdf *fpdf.Fpdf, s string, width float64) string {
	s = safe(s)
	if textWidth(pdf, s) <= width {
		return s
	}
	rs := []rune(s)
	for n := len(rs) - 1; n > 0; n-- {
		t := string(rs[:n]) + "…"
		if textWidth(pdf, t) <= width {
			return t
		}
	}
	return "…"
}

// textWidth returns the printed width of a safe string in the PDF's current
// font: each Placeholder takes one em, as drawText draws it.
func textWidth(pdf *fpdf.Fpdf, s string) float64 {
	n := strings.Count(s, string(Placeholder))
	if n == 0 {
		return pdf.GetStringWidth(s)
	}
	_, em := pdf.GetFontSize()
	return pdf.GetStringWidth(strings.ReplaceAll(s, string(Placeholder), "")) + float64(n)*em
}

// drawText draws a safe string with its baseline at y from x, each
// Placeholder as an empty box one em wide (with an invisible □ in the
// text layer). mode is the text rendering mode in force (0, or 2 for
// bold), restored after each box.
func drawText(pdf *fpdf.Fpdf, x, y float64, s string, mode int) {
	if !strings.ContainsRune(s, Placeholder) {
		pdf.Text(x, y, s)
		return
	}
	_, em := pdf.GetFontSize()
	for {
		i := strings.IndexRune(s, Placeholder)
		if i < 0 {
			if s != "" {
				pdf.Text(x, y, s)
			}
			return
		}
		if i > 0 {
			pdf.Text(x, y, s[:i])
			x += pdf.GetStringWidth(s[:i])
		}
		lw := pdf.GetLineWidth()
		pdf.SetLineWidth(max(0.2, em/25))
		pdf.Rect(x+0.08*em, y-0.84*em, 0.84*em, 0.96*em, "D")
		pdf.SetLineWidth(lw)
		pdf.SetTextRenderingMode(3) // invisible: for copying and searching only
		pdf.Text(x, y, string(Placeholder))
		pdf.SetTextRenderingMode(mode)
		x += em
		s = s[i+len(string(Placeholder)):]
	}
}
