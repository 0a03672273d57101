// Package printing turns Counter Desk's domain values (a forms.Printout)
// into PDF documents and hands PDF files to the PC's viewer.
//
// Every document is A4, set in the bundled WenQuanYi Micro Hei font, so
// Chinese prints on a PC without Chinese fonts; the characters of GB
// 18030-2022 implementation level 2 it lacks (CJK Extension A, the
// 通用规范汉字表 characters of Extensions B–F, assets/fonts/extra-chars.txt)
// print from the supplementary font (assets.FontSup, a Hanazono subset),
// switched to per run of characters and embedded only in a PDF that uses
// it. Characters above U+FFFF print through our fork of fpdf
// (third_party/fpdf, see its README), which reads them back as themselves
// in pdftotext. Every string on its way to the PDF passes through one
// function (safe): a character neither font has prints as a clear
// placeholder (□) that the clerk fills in by hand; Missing and
// FindUnprintable report them beforehand. Chinese text is wrapped here by
// forms.BreakLines (禁则), because the PDF library's own wrapping drops a
// character at each break.
//
// The package never touches the database and never imports the UI toolkit.
package printing

import (
	"errors"
	"fmt"
	"io"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"counterdesk/assets"
	"counterdesk/forms"
)

// A4 portrait geometry, in millimetres.
const (
	pageW    = 210.0
	pageH    = 297.0
	marginL  = 18.0
	marginR  = 18.0
	contentW = pageW - marginL - marginR
	bodyTop  = 22.0  // first baseline region under the page header
	bodyEnd  = 280.0 // last baseline before the page footer
	ptMM     = 25.4 / 72
)

// Colours.
var (
	black = [3]int{0, 0, 0}
	grey  = [3]int{110, 110, 110}
	red   = [3]int{200, 30, 30}
)

// Render writes the printout as a PDF to w; it is RenderAll with one
// printout.
func Render(w io.Writer, p *forms.Printout) error { return RenderAll(w, p) }

// RenderAll writes the printouts, in order, as one PDF to w: one file for
// one action (the receipt and every document of an accepted case), so it
// opens in one viewer window or goes to the printer as one job. Each
// printout starts on a new page and keeps its own page header, 补打 mark,
// copies and copy labels, exactly as it renders alone. It fails, without
// writing, when there is no printout or one lacks the value its kind
// needs. The PDF's creation date is the first printout's At, so the same
// printouts render to the same bytes. A panic in the PDF library is
// returned as an error: customer data must never crash the program.
func RenderAll(w io.Writer, ps ...*forms.Printout) (err error) {
	if len(ps) == 0 {
		return errors.New("printing: no printout")
	}
	for _, p := range ps {
		if err := check(p); err != nil {
			return err
		}
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("printing: %s: %v", ps[0].Kind, r)
		}
	}()
	d := newDoc(ps)
	for _, p := range ps {
		d.start(p)
		switch p.Kind {
		case forms.PrintReceipt:
			renderReceipt(d)
		case forms.PrintDocument:
			renderDocument(d)
		case forms.PrintNotice:
			renderNotice(d)
		case forms.PrintRefundVoucher:
			renderVoucher(d)
		case forms.PrintDepositList:
			renderDepositList(d)
		case forms.PrintDayReport:
			renderDayReport(d)
		case forms.PrintBookkeepingCopy:
			renderBookkeepingCopy(d)
		case forms.PrintMonthReport:
			renderMonthReport(d)
		case forms.PrintServiceReport:
			renderServiceReport(d)
		}
		if err := d.pdf.Error(); err != nil {
			return fmt.Errorf("printing: %s: %w", p.Kind, err)
		}
	}
	return d.pdf.Output(w)
}

// check reports a printout that cannot be rendered: nil, an unknown kind,
// or without the value its kind needs.
func check(p *forms.Printout) error {
	if p == nil {
		return errors.New("printing: no printout")
	}
	switch p.Kind {
	case forms.PrintReceipt:
		if p.Receipt == nil {
			return errors.New("printing: receipt printout without a receipt")
		}
	case forms.PrintDocument:
		if p.Document == nil {
			return errors.New("printing: document printout without a document")
		}
	case forms.PrintNotice:
		if p.Evaluation == nil {
			return errors.New("printing: notice printout without an evaluation")
		}
	case forms.PrintRefundVoucher:
		if p.Deposit == nil {
			return errors.New("printing: refund voucher without a deposit")
		}
	case forms.PrintDepositList:
	case forms.PrintDayReport:
		if p.DayReport == nil {
			return errors.New("printing: day report printout without a report")
		}
	case forms.PrintBookkeepingCopy:
		if p.Receipt == nil {
			return errors.New("printing: bookkeeping copy without a receipt")
		}
	case forms.PrintMonthReport:
		if p.MonthReport == nil {
			return errors.New("printing: month report without a report")
		}
	case forms.PrintServiceReport:
		if p.ServiceReport == nil {
			return errors.New("printing: service report without a report")
		}
	default:
		return fmt.Errorf("printing: unknown document kind %q", p.Kind)
	}
	return nil
}

// doc is a PDF being drawn for one or more printouts. Its drawing methods
// are the only way text reaches the PDF, and each of them passes the text
// through safe.
type doc struct {
	pdf  *fpdf.Fpdf
	p    *forms.Printout // the printout being drawn
	at   time.Time       // the printing time: p.At, or now if the caller left it out
	pt   float64         // the current font size in points
	mode int             // the text rendering mode: 0, or 2 for bold

	// header and footer are the current printout's page header and
	// footer; pages remembers, per page number, the footer and printout
	// the page began with, so a printout's last page gets its own footer
	// even though the PDF library draws it when the next printout's first
	// page is added.
	header, footer func()
	pages          map[int]pageState
}

type pageState struct {
	footer func()
	p      *forms.Printout
	at     time.Time
}

func newDoc(ps []*forms.Printout) *doc {
	first := ps[0]
	at := printTime(first)
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(at)
	pdf.SetModificationDate(at)
	pdf.SetCatalogSort(true) // deterministic object order: same printout, same bytes
	pdf.SetCompression(true)
	for _, p := range ps {
		if p.Kind == forms.PrintDepositList || p.Kind == forms.PrintDayReport {
			// Set before the font is added: fpdf sizes the font subset by it.
			pdf.AliasNbPages("{nb}")
			break
		}
	}
	addBaseFont(pdf) // parsed once per process (fonts.go)
	pdf.SetTitle(safe(first.Name()), true)
	pdf.SetCreator("Counter Desk", true)
	pdf.SetProducer("Counter Desk", true)
	pdf.SetMargins(marginL, 12, marginR)
	pdf.SetAutoPageBreak(false, 0) // pages are broken here, never by the library
	d := &doc{pdf: pdf, p: first, at: at, pages: map[int]pageState{}}
	pdf.SetHeaderFunc(func() {
		d.pages[pdf.PageNo()] = pageState{footer: d.footer, p: d.p, at: d.at}
		d.watermark() // a training station's 练习, first, under everything (watermark.go)
		if d.header != nil {
			d.header()
		}
	})
	pdf.SetFooterFunc(func() {
		st, ok := d.pages[pdf.PageNo()]
		if !ok || st.footer == nil {
			return
		}
		p, at := d.p, d.at
		d.p, d.at = st.p, st.at
		st.footer()
		d.p, d.at = p, at
	})
	d.size(11)
	return d
}

// printTime is when p is printed: p.At, or now if the caller left it out.
func printTime(p *forms.Printout) time.Time {
	if p.At.IsZero() {
		return time.Now()
	}
	return p.At
}

// start makes p the printout being drawn, with no page header or footer
// until its renderer sets them.
func (d *doc) start(p *forms.Printout) {
	d.p, d.at = p, printTime(p)
	d.header, d.footer = nil, nil
	d.size(11)
}

// setHeader sets the function that draws the current printout's page
// header; it runs at the top of each of its pages.
func (d *doc) setHeader(f func()) { d.header = f }

// setFooter sets the function that draws the current printout's page
// footer; it runs at the bottom of each of its pages.
func (d *doc) setFooter(f func()) { d.footer = f }

// size sets the font size in points.
func (d *doc) size(pt float64) {
	d.pt = pt
	d.pdf.SetFont(assets.FontName, "", pt)
}

// color sets the text colour.
func (d *doc) color(c [3]int) { d.pdf.SetTextColor(c[0], c[1], c[2]) }

// width returns the printed width of s in the current font.
func (d *doc) width(s string) float64 { return textWidth(d.pdf, safe(s)) }

// text draws s with its baseline at y, starting at x.
func (d *doc) text(x, y float64, s string) { d.draw(x, y, safe(s)) }

// draw draws a string that is safe already (from wrap, fit or paragraphs).
func (d *doc) draw(x, y float64, s string) { drawText(d.pdf, x, y, s, d.mode) }

// right draws s ending at x.
func (d *doc) right(x, y float64, s string) { d.text(x-d.width(s), y, s) }

// center draws s centred on cx.
func (d *doc) center(cx, y float64, s string) { d.text(cx-d.width(s)/2, y, s) }

// bold draws s like text, in a heavier stroke: the font has no bold face,
// so the glyphs are filled and outlined.
func (d *doc) bold(x, y float64, s string) {
	d.pdf.SetLineWidth(d.pt / 60)
	d.mode = 2
	d.pdf.SetTextRenderingMode(2)
	d.text(x, y, s)
	d.mode = 0
	d.pdf.SetTextRenderingMode(0)
	d.pdf.SetLineWidth(0.2)
}

// boldCenter draws s bold, centred on cx.
func (d *doc) boldCenter(cx, y float64, s string) { d.bold(cx-d.width(s)/2, y, s) }

// lineH returns a comfortable line height for the current font size.
func (d *doc) lineH() float64 { return d.pt * ptMM * 1.65 }

// para draws text wrapped to width w from baseline y, with a first-line
// indent, and returns the baseline after the last line. Line breaks in text
// start new paragraphs, each indented. When the page is full it starts a
// new page (the page header is redrawn) and goes on under the header.
func (d *doc) para(x, y, w float64, text string, indent float64) float64 {
	y, _ = d.paraKeep(x, y, w, text, indent, 0, false)
	return y
}

// keptLines is how many last lines of a text paraKeep keeps on the page of
// what follows it.
const keptLines = 2

// paraKeep draws text as para does, but keeps its last keptLines lines on
// one page with tail mm below them (a signature block), so what follows
// never starts a page alone. With dry it draws nothing and starts no page:
// it returns where the text would end and how many pages it would start.
func (d *doc) paraKeep(x, y, w float64, text string, indent, tail float64, dry bool) (float64, int) {
	lh := d.lineH()
	type line struct {
		s     string
		first bool
	}
	var lines []line
	for _, p := range paragraphs(text) {
		for i, s := range wrapPara(d.pdf, p, w-indent, w) {
			lines = append(lines, line{s, i == 0})
		}
	}
	pages := 0
	for i, l := range lines {
		need := lh
		if left := len(lines) - i; left <= keptLines || i == len(lines)-keptLines {
			need = float64(left)*lh + tail
		}
		if !d.fits(y, need) {
			pages++
			y = bodyTop + 8
			if !dry {
				d.pdf.AddPage()
			}
		}
		if !dry {
			if l.first {
				d.draw(x+indent, y, l.s)
			} else {
				d.draw(x, y, l.s)
			}
		}
		y += lh
	}
	return y, pages
}

// fits reports whether something of height h fits on the page from
// baseline y.
func (d *doc) fits(y, h float64) bool { return y+h-d.pt*ptMM <= bodyEnd }

// room returns y if a line of height h fits on the page from baseline y,
// else starts a new page and returns the first baseline on it.
func (d *doc) room(y, h float64) float64 {
	if d.fits(y, h) {
		return y
	}
	d.pdf.AddPage()
	return bodyTop + 8
}

// reprintMark draws the 补打 mark, a red box with the reprint date, with
// its top-left corner at (x, y); it returns the box's width.
func (d *doc) reprintMark(x, y float64) float64 {
	saved := d.pt
	d.size(10)
	s := "补打 " + forms.FormatDate(d.at)
	w := d.width(s) + 4
	d.pdf.SetDrawColor(red[0], red[1], red[2])
	d.pdf.SetLineWidth(0.4)
	d.pdf.Rect(x, y, w, 6.5, "D")
	d.color(red)
	d.text(x+2, y+4.8, s)
	d.color(black)
	d.pdf.SetDrawColor(0, 0, 0)
	d.pdf.SetLineWidth(0.2)
	d.size(saved)
	return w
}

// signLine draws a signature line "label：________  日期：____年__月__日"
// at baseline y from x.
func (d *doc) signLine(x, y float64, label string) {
	d.text(x, y, label+"：________________    日期：______年____月____日")
}

// hline draws a horizontal rule.
func (d *doc) hline(x1, x2, y float64) { d.pdf.Line(x1, y, x2, y) }

// pageHeader returns a header function that draws the branch name at the
// top of each page, with a rule under it.
func (d *doc) pageHeader(extra func()) func() {
	return func() {
		saved := d.pt
		d.size(10)
		d.color(grey)
		d.text(marginL, 13, fit(d.pdf, d.p.Station.BranchName, contentW*0.6))
		d.color(black)
		d.pdf.SetDrawColor(150, 150, 150)
		d.hline(marginL, pageW-marginR, 15.5)
		d.pdf.SetDrawColor(0, 0, 0)
		if extra != nil {
			extra()
		}
		d.size(saved)
	}
}

// dateCN formats a date as printed, or a blank to fill by hand.
func dateCN(t time.Time) string { return forms.FormatDateCN(t) }
