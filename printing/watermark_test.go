package printing

import (
	"bytes"
	"testing"

	"counterdesk/forms"
)

// TestWatermark: every kind of document a training station prints carries
// the 练习 mark on every page (a receipt, a case document, the 一次性告知单,
// a refund voucher, the deposit list, a two-page day-end report and the
// month report, read
// back with pdftotext), and the same documents of a real station do not.
func TestWatermark(t *testing.T) {
	needPoppler(t)
	kinds := map[string]func() *forms.Printout{
		"receipt":    func() *forms.Printout { return receiptPrintout("") },
		"document":   func() *forms.Printout { return documentPrintout("王芳") },
		"notice":     noticePrintout,
		"voucher":    voucherPrintout,
		"list":       func() *forms.Printout { return listPrintout(3) },
		"day_report": func() *forms.Printout { return dayReportPrintout(60) },
		"month_report": func() *forms.Printout {
			return &forms.Printout{Kind: forms.PrintMonthReport, Station: station(), Clerk: "李明", At: at, MonthReport: monthReport(t, 60)}
		},
	}
	for name, mk := range kinds {
		t.Run(name, func(t *testing.T) {
			real := mk()
			path := render(t, "real_"+name, real)
			mustNotContain(t, pdftext(t, path), Watermark, watermarkNote)

			p := mk()
			p.Station.Training = true
			path = render(t, "training_"+name, p)
			pages := pageCount(t, path)
			for page := 1; page <= pages; page++ {
				text := pdftext(t, path, page, page)
				mustContain(t, text, Watermark, watermarkNote)
			}
			if name == "day_report" && pages < 2 {
				t.Errorf("day report of 60 receipts has %d page(s); the test wants every page of a longer one", pages)
			}
		})
	}
	// A preview (the catalogue editor's 预览) says 样张 on every page, on
	// a real station and on a training one, never 练习.
	for _, training := range []bool{false, true} {
		p := documentPrintout("王芳")
		p.Preview, p.Station.Training = true, training
		text := pdftext(t, render(t, "preview", p))
		// pdftotext reads the turned 样张 as two words, as it may: the
		// mark's first character and the note at the top are enough.
		mustContain(t, text, PreviewMark[:len("样")], previewNote, "王芳")
		mustNotContain(t, text, watermarkNote)
	}
	// The mark does not change what the document says: the real text is
	// all there under it.
	var a, b bytes.Buffer
	p := receiptPrintout("")
	if err := Render(&a, p); err != nil {
		t.Fatal(err)
	}
	p.Station.Training = true
	if err := Render(&b, p); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the training receipt is the same PDF as the real one")
	}
}
