package printing

import (
	"sync"

	"codeberg.org/go-pdf/fpdf"

	"counterdesk/assets"
)

// The bundled fonts, parsed once per process (issue 17). Parsing
// WenQuanYi's 4.6 MB for every document took about 40% of a receipt's
// time; now each document shares the parsed font read-only
// (fpdf.AddUTF8FontParsed, our fork's addition) and keeps only its own
// state, the characters it uses. Documents rendered on different
// goroutines share the same parsed fonts safely, and the fonts' bytes
// (assets.Font, assets.FontSup) are only ever read.
var (
	baseOnce, supOnce   sync.Once
	baseFont, supFontP  *fpdf.UTF8Font
	baseFontErr, supErr error
)

// parsedBase returns the base font (assets.Font), parsed on first use.
func parsedBase() (*fpdf.UTF8Font, error) {
	baseOnce.Do(func() { baseFont, baseFontErr = fpdf.ParseUTF8Font(assets.Font) })
	return baseFont, baseFontErr
}

// parsedSup returns the supplementary font (assets.FontSup), parsed on
// first use: only a document with a character WenQuanYi lacks needs it.
func parsedSup() (*fpdf.UTF8Font, error) {
	supOnce.Do(func() { supFontP, supErr = fpdf.ParseUTF8Font(assets.FontSup) })
	return supFontP, supErr
}

// addBaseFont registers the base font in pdf as assets.FontName. A font
// that cannot be parsed (the bundled one always can; a test checks) becomes
// the document's error, so Render fails instead of printing without text.
func addBaseFont(pdf *fpdf.Fpdf) {
	f, err := parsedBase()
	if err != nil {
		pdf.SetError(err)
		return
	}
	pdf.AddUTF8FontParsed(assets.FontName, "", f)
}

// addSupFont registers the supplementary font in pdf as supFont; it does
// nothing once registered.
func addSupFont(pdf *fpdf.Fpdf) {
	f, err := parsedSup()
	if err != nil {
		pdf.SetError(err)
		return
	}
	pdf.AddUTF8FontParsed(supFont, "", f)
}
