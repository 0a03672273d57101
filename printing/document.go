package printing

import (
	"strconv"
	"strings"

	"counterdesk/forms"
)

// renderDocument draws a catalogue document (e.g. 《户籍卡承诺书》), filled
// from the printout, once per copy: each copy starts on a new page and
// carries its copy label at the top right of each of its pages.
func renderDocument(d *doc) {
	p, doc := d.p, d.p.Document
	copies := doc.Copies
	if len(copies) == 0 {
		copies = []forms.CopyLabel{{}}
	}
	label := ""
	d.setHeader(d.pageHeader(func() {
		x := pageW - marginR
		if label != "" {
			d.size(11)
			w := d.width(label) + 5
			x -= w
			d.pdf.SetLineWidth(0.35)
			d.pdf.Rect(x, 7, w, 6.8, "D")
			d.pdf.SetLineWidth(0.2)
			d.text(x+2.5, 12, label)
			x -= 3
		}
		if p.Reprint {
			d.size(10)
			w := d.width("补打 "+forms.FormatDate(d.at)) + 4
			d.reprintMark(x-w, 7.2)
		}
	}))
	d.setFooter(func() {
		if p.Case == nil || p.Case.Number == "" {
			return
		}
		saved := d.pt
		d.size(8)
		d.color(grey)
		d.text(marginL, 290, "受理单号："+p.Case.Number)
		d.color(black)
		d.size(saved)
	})

	title := strings.Trim(doc.Title, "《》")
	body := p.Fill(doc.Body)
	for i, c := range copies {
		label = copyLabel(i, len(copies), c)
		d.pdf.AddPage()

		y := 32.0
		d.size(18)
		for _, line := range wrap(d.pdf, title, contentW) {
			d.boldCenter(pageW/2, y, line)
			y += 9
		}
		y += 6

		d.size(12)
		indent := 2 * d.width("　")
		// The signature lines stay with the last lines of the text: after
		// the boxes when all of them fit on the text's last page, else
		// right under the text, the boxes following.
		sigH := signaturesH(doc.Signatures)
		first := false
		if sigH > 0 && len(doc.Boxes) > 0 {
			end, _ := d.paraKeep(marginL, y, contentW, body, indent, 0, true)
			boxEnd, pages := boxesEnd(d, end, len(doc.Boxes))
			first = pages > 0 || !d.fits(boxEnd, sigH)
		}
		tail := sigH
		if len(doc.Boxes) > 0 && !first {
			tail = 0
		}
		y, _ = d.paraKeep(marginL, y, contentW, body, indent, tail, false)
		if first {
			y = d.signatures(y, doc.Signatures)
		}
		if len(doc.Boxes) > 0 {
			y = drawBoxes(d, y, doc.Boxes) // paste an ID copy, the finance stamp (loss.go)
		}
		if !first {
			d.signatures(y, doc.Signatures)
		}
	}
}

// signRowH is the height of one signature line.
const signRowH = 14.0

// signaturesH is the height of the signature block under a text: a gap
// and one row for each signature (0 when there are none).
func signaturesH(sigs []string) float64 {
	if len(sigs) == 0 {
		return 0
	}
	return 10 + signRowH*float64(len(sigs))
}

// signatures draws the signature lines from baseline y, right-aligned as
// a block, and returns the baseline below them.
func (d *doc) signatures(y float64, sigs []string) float64 {
	if len(sigs) == 0 {
		return y
	}
	y += 10
	wMax := 0.0
	for _, s := range sigs {
		wMax = max(wMax, d.width(s+"：________________    日期：______年____月____日"))
	}
	x := max(marginL, pageW-marginR-wMax)
	for _, s := range sigs {
		y = d.room(y, signRowH)
		d.signLine(x, y, s)
		y += signRowH
	}
	return y
}

// copyLabel is the label printed on copy i of n: "第1联 客户留存", or just
// the label when there is one copy.
func copyLabel(i, n int, c forms.CopyLabel) string {
	switch {
	case n <= 1:
		return c.Label
	case c.Label == "":
		return "第" + strconv.Itoa(i+1) + "联"
	}
	return "第" + strconv.Itoa(i+1) + "联 " + c.Label
}
