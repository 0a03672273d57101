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
		y = d.para(marginL, y, contentW, body, indent)
		if len(doc.Boxes) > 0 {
			y = drawBoxes(d, y, doc.Boxes) // paste an ID copy, the finance stamp (loss.go)
		}

		if len(doc.Signatures) > 0 {
			y += 10
			wMax := 0.0
			for _, s := range doc.Signatures {
				wMax = max(wMax, d.width(s+"：________________    日期：______年____月____日"))
			}
			x := max(marginL, pageW-marginR-wMax)
			for _, s := range doc.Signatures {
				y = d.room(y, 14)
				d.signLine(x, y, s)
				y += 14
			}
		}
	}
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
