package printing

import (
	"strconv"
	"strings"
	"sync"
	"unicode"

	"codeberg.org/go-pdf/fpdf"

	"counterdesk/assets"
	"counterdesk/forms"
)

// Placeholder stands for a character no bundled font can print. On paper
// it is drawn as an empty box boxEm (two) em wide and a little taller than
// the line's characters, for the clerk to write the character in by hand
// (the font's own □, one character wide, is too small for a character of
// many strokes); the PDF's text layer has □ there, invisibly and stretched
// to the box's width, so the text reads and copies as □.
const Placeholder = '□'

// Placeholder box geometry, in em of the current font size: the box's
// advance (boxEm wide where it fits, narrowed by fit in a narrow table
// cell), its top above the baseline and its height. WenQuanYi's
// ideographs reach from about 0.12 em below the baseline to 0.84 em above
// it; the box (0.24 em below to 0.96 em above) is a fifth taller and stays
// clear of the lines above and below at every line spacing the documents
// use (at least 1.4 em, the day report's table).
const (
	boxEm     = 2.0
	boxTop    = 0.96
	boxHeight = 1.2
	boxInset  = 0.08 // free space at each side of the box, inside its advance
)

// Narrowed placeholders: fit puts them in place of Placeholder when a text
// with boxEm-wide boxes does not fit its table cell. They are Unicode
// noncharacters, drawn and read back (□) like Placeholder, only narrower;
// safe keeps them (so a fitted text stays fitted when it is made safe
// again), and Missing and FindUnprintable report one that came in with the
// text, as the box it prints as.
const (
	boxNarrow   = '\uFDD1' // 1.5 em
	boxNarrower = '\uFDD2' // 1 em, the least: the box as it was before issue 16
)

// boxWidth returns the advance, in em, of a placeholder rune, and false
// for any other rune.
func boxWidth(r rune) (float64, bool) {
	switch r {
	case Placeholder:
		return boxEm, true
	case boxNarrow:
		return 1.5, true
	case boxNarrower:
		return 1, true
	}
	return 0, false
}

// supFont is the family name the PDFs register the supplementary font
// (assets.FontSup) under. A document registers it only when it draws a
// character from it, so a PDF without rare characters is as before.
const supFont = "counterdesksup"

// printable says what happens to one rune on its way to the PDF.
type printable int

const (
	keep    printable = iota // printed as is, from the base or the supplementary font
	drop                     // stripped: control, format and variation-selector characters
	space                    // a tab or line break inside a one-line field: printed as a space
	replace                  // printed as Placeholder
)

// classify decides the fate of one rune: kept when the base font
// (WenQuanYi) or the supplementary font has a glyph for it, else replaced.
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
	case r == Placeholder, r == boxNarrow, r == boxNarrower:
		return keep
	}
	if fontOf(r) < 0 {
		return replace
	}
	return keep
}

// fontOf says which bundled font prints r: 0 the base font, 1 the
// supplementary font, -1 neither. The base font wins where both have it.
func fontOf(r rune) int {
	if cov, err := fontCoverage(); err != nil || cov.has(r) {
		return 0 // an unreadable base font cannot happen with the embedded one; tests check
	}
	if cov, err := supCoverage(); err == nil && cov.has(r) {
		return 1
	}
	return -1
}

// safe is the one function every string passes through on its way to the
// PDF: it strips control and format characters, turns tabs and line breaks
// into spaces, and replaces each character neither bundled font can print
// with Placeholder. Customer data therefore never crashes printing, and
// what prints as a square is exactly what Missing reports.
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
// appearance, that neither bundled font (WenQuanYi Micro Hei, the
// supplementary font) can print: they will show as Placeholder, so the
// screen can warn the clerk before printing and the clerk can write them
// in by hand. Control and format characters, which are silently dropped,
// are not reported.
func Missing(texts ...string) []rune {
	var out []rune
	seen := map[rune]bool{}
	for _, t := range texts {
		for _, r := range t {
			if unprintable(r) && !seen[r] {
				seen[r] = true
				out = append(out, r)
			}
		}
	}
	return out
}

// FindUnprintable returns every character of text, in order and each
// occurrence, that neither bundled font can print (it prints as
// Placeholder), for the warning that shows it large with its code point
// and position: field is the field's Chinese name ("姓名"), and Position
// counts the characters of text from 1 as the clerk sees them (control,
// format and variation-selector characters, which print as nothing, are
// not counted). It returns nil when everything prints.
func FindUnprintable(field, text string) []forms.Unprintable {
	var out []forms.Unprintable
	pos := 0
	for _, r := range text {
		c := classify(r)
		if c == drop {
			continue
		}
		pos++
		if unprintable(r) {
			out = append(out, forms.Unprintable{Rune: r, Field: field, Position: pos})
		}
	}
	return out
}

// unprintable says whether r, in a clerk's text, prints as a placeholder
// box: a character neither font has, or a narrowed placeholder that came
// in with the text (safe keeps those as they are).
func unprintable(r rune) bool {
	return classify(r) == replace || r == boxNarrow || r == boxNarrower
}

// wrap breaks text into lines no wider than width (in the PDF's current
// font) by forms.BreakLines, the program's one rule of Chinese line
// breaking (禁则): no line starts with a NoLineStart character or ends
// with a NoLineEnd one, and a run of Latin letters and digits (an amount,
// a receipt number) is kept whole where it fits on a line. fpdf's own
// MultiCell and SplitText are not used: they drop a Chinese character at
// each automatic break. A line break in text starts a new line (an empty
// paragraph gives an empty line). The lines are safe (see safe).
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

// indentMark stands, in wrapPara, for a first-line indent: a
// noncharacter, which safe never lets into a paragraph.
const indentMark = "\uFDD0"

// wrapPara wraps one safe paragraph: the first line is first wide, the
// others rest wide (a first-line indent makes first narrower). The indent
// is given to forms.BreakLines as a leading piece of that width, so the
// rule is the same as everywhere else.
func wrapPara(pdf *fpdf.Fpdf, para string, first, rest float64) []string {
	if first >= rest {
		return forms.BreakLines(para, first, func(s string) float64 { return textWidth(pdf, s) })
	}
	indent := rest - first
	lines := forms.BreakLines(indentMark+para, rest, func(s string) float64 {
		n := strings.Count(s, indentMark)
		if n == 0 {
			return textWidth(pdf, s)
		}
		return textWidth(pdf, strings.ReplaceAll(s, indentMark, "")) + float64(n)*indent
	})
	if len(lines) > 0 {
		lines[0] = strings.TrimPrefix(lines[0], indentMark)
	}
	return lines
}

// fit shortens a one-line text with "…" so that it is no wider than width,
// for table cells. The text is made safe first. Placeholder boxes are
// narrowed first (to 1.5 em, then 1 em: see boxNarrow) and the text is
// shortened only when it does not fit even so, so a name in a narrow
// column keeps its characters and its box to write in.
func fit(pdf *fpdf.Fpdf, s string, width float64) string {
	s = safe(s)
	if textWidth(pdf, s) <= width {
		return s
	}
	if strings.ContainsRune(s, Placeholder) || strings.ContainsRune(s, boxNarrow) {
		for _, b := range []rune{boxNarrow, boxNarrower} {
			s = strings.Map(func(r rune) rune {
				if _, ok := boxWidth(r); ok {
					return b
				}
				return r
			}, s)
			if textWidth(pdf, s) <= width {
				return s
			}
		}
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

// run is a piece of a safe string printed one way: from the base font
// (font 0), the supplementary font (font 1) or as placeholders (font -1).
type run struct {
	text string
	font int
}

// runs splits a safe string into runs by font, in order.
func runs(s string) []run {
	var out []run
	start, cur := 0, 0
	for i, r := range s {
		f := runFont(r)
		if i > 0 && f != cur {
			out = append(out, run{s[start:i], cur})
			start = i
		}
		cur = f
	}
	if start < len(s) {
		out = append(out, run{s[start:], cur})
	}
	return out
}

// runFont says how a rune of a safe string prints, as run.font: a
// placeholder box (-1, whatever the fonts have), else fontOf.
func runFont(r rune) int {
	if _, ok := boxWidth(r); ok {
		return -1
	}
	return fontOf(r)
}

// single says whether s is one run of the base font, the common case:
// nothing to switch.
func single(s string) bool {
	for _, r := range s {
		if runFont(r) != 0 {
			return false
		}
	}
	return true
}

// textWidth returns the printed width of a safe string in the PDF's
// current font size: base-font runs measured with that font, runs of the
// supplementary font with it, each placeholder box its width (boxEm, or
// narrowed by fit), as drawText draws them.
func textWidth(pdf *fpdf.Fpdf, s string) float64 {
	if single(s) {
		return pdf.GetStringWidth(s)
	}
	_, em := pdf.GetFontSize()
	w := 0.0
	for _, r := range runs(s) {
		switch r.font {
		case 0:
			w += pdf.GetStringWidth(r.text)
		case 1:
			w += supWidth(r.text) * em / 1000
		default:
			for _, b := range r.text {
				bw, _ := boxWidth(b)
				w += bw * em
			}
		}
	}
	return w
}

// supMeasure measures text in the supplementary font, for every document:
// fpdf measures only in the current font, and switching a page's font to
// measure would write to the page.
var supMeasure struct {
	once sync.Once
	mu   sync.Mutex
	pdf  *fpdf.Fpdf
}

// supWidth returns the width of s in the supplementary font, in 1/1000 em.
func supWidth(s string) float64 {
	supMeasure.once.Do(func() {
		pdf := fpdf.New("P", "mm", "A4", "")
		addSupFont(pdf)
		pdf.SetFont(supFont, "", 10)
		supMeasure.pdf = pdf
	})
	supMeasure.mu.Lock()
	defer supMeasure.mu.Unlock()
	return float64(supMeasure.pdf.GetStringSymbolWidth(s))
}

// supStroke is the outline, in em, drawn around the supplementary font's
// glyphs: Hanazono is a Mincho (a serif with thin horizontals), and beside
// WenQuanYi's sans strokes its characters looked faint on paper; size and
// baseline match (both fill about 0.9 em) and need no correction.
const supStroke = 0.028

// drawSup draws a run of the supplementary font, which is current, filled
// and outlined in the text colour (thicker still in bold, mode 2).
func drawSup(pdf *fpdf.Fpdf, x, y float64, s string, mode int, em float64) {
	lw := pdf.GetLineWidth()
	dr, dg, db := pdf.GetDrawColor()
	tr, tg, tb := pdf.GetTextColor()
	pdf.SetDrawColor(tr, tg, tb)
	w := supStroke * em
	if mode == 2 {
		w += lw
	}
	pdf.SetLineWidth(w)
	pdf.SetTextRenderingMode(2)
	pdf.Text(x, y, s)
	pdf.SetTextRenderingMode(mode)
	pdf.SetLineWidth(lw)
	pdf.SetDrawColor(dr, dg, db)
}

// drawText draws a safe string with its baseline at y from x, run by run:
// base-font runs in the current font, runs of the supplementary font in
// it (registered in the document on first use), each placeholder as an
// empty box (drawBox). mode is the text rendering mode in force (0, or 2
// for bold), restored after each box.
func drawText(pdf *fpdf.Fpdf, x, y float64, s string, mode int) {
	if single(s) {
		pdf.Text(x, y, s)
		return
	}
	pt, em := pdf.GetFontSize()
	for _, r := range runs(s) {
		switch r.font {
		case 0:
			pdf.Text(x, y, r.text)
			x += pdf.GetStringWidth(r.text)
		case 1:
			addSupFont(pdf) // a no-op once registered
			pdf.SetFont(supFont, "", pt)
			drawSup(pdf, x, y, r.text, mode, em)
			pdf.SetFont(assets.FontName, "", pt)
			x += supWidth(r.text) * em / 1000
		default:
			for _, b := range r.text {
				bw, _ := boxWidth(b)
				drawBox(pdf, x, y, bw*em, em, mode)
				x += bw * em
			}
		}
	}
}

// drawBox draws one placeholder box of advance w (mm) at x, on the
// baseline y, in a font of em mm: an empty frame boxInset em in from each
// side, from boxTop em above the baseline, boxHeight em tall. The text
// layer gets an invisible □ stretched (horizontal scaling, Tz) to the
// box's advance, so pdftotext reads the box as one □ with no space around
// it.
func drawBox(pdf *fpdf.Fpdf, x, y, w, em float64, mode int) {
	lw := pdf.GetLineWidth()
	pdf.SetLineWidth(max(0.2, em/25))
	pdf.Rect(x+boxInset*em, y-boxTop*em, w-2*boxInset*em, boxHeight*em, "D")
	pdf.SetLineWidth(lw)
	glyph := pdf.GetStringWidth(string(Placeholder))
	pdf.SetTextRenderingMode(3) // invisible: for copying and searching only
	if glyph > 0 {
		pdf.RawWriteStr(strconv.FormatFloat(100*w/glyph, 'f', 2, 64) + " Tz")
	}
	pdf.Text(x, y, string(Placeholder))
	if glyph > 0 {
		pdf.RawWriteStr("100 Tz")
	}
	pdf.SetTextRenderingMode(mode)
}
