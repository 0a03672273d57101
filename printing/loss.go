package printing

import (
	"counterdesk/forms"
)

// renderBookkeepingCopy draws our receipt's 记账联 alone, reprinted to be
// attached to a 《收据、发票遗失声明》, marked 副本 in red so it can never
// pass for the original.
func renderBookkeepingCopy(d *doc) {
	d.pdf.AddPage()
	drawReceiptPart(d, receiptTop+4, receiptParts[2], receiptRowH, 1.2)
	saved := d.pt
	d.size(26)
	d.color(red)
	d.pdf.SetDrawColor(red[0], red[1], red[2])
	d.pdf.SetLineWidth(0.6)
	const label = "副本"
	w := d.width(label) + 8
	x, y := pageW-receiptX-w, receiptTop+4+receiptPartH*1.2+6
	d.pdf.Rect(x, y, w, 14, "D")
	d.bold(x+4, y+10.5, label)
	d.size(10)
	d.right(x-3, y+9, "原收据已声明遗失，本联仅作遗失声明附件，不作收款或退款凭证")
	d.color(black)
	d.pdf.SetDrawColor(0, 0, 0)
	d.pdf.SetLineWidth(0.2)
	d.size(saved)
}

// The boxes' height and the gap between two side by side, in mm.
const boxH, boxGap = 60.0, 6.0

// boxesEnd returns, without drawing, the baseline below n boxes drawn from
// baseline y (as drawBoxes places them) and how many pages they start.
func boxesEnd(d *doc, y float64, n int) (float64, int) {
	pages := 0
	for i := 0; i < n; i += 2 {
		if !d.fits(y+4, boxH+4) {
			pages++
			y = bodyTop + 8 - 4 // as room starts the page
		}
		y += boxH + 4
	}
	return y + d.lineH(), pages
}

// drawBoxes draws a document's boxes under its body from baseline y: each a
// framed box 60 mm high with its label at the top left (to paste an ID
// copy, or for the finance stamp), two side by side. It returns the
// baseline below them.
func drawBoxes(d *doc, y float64, boxes []string) float64 {
	const h, gap = boxH, boxGap
	w := (contentW - gap) / 2
	for i := 0; i < len(boxes); i += 2 {
		y = d.room(y+4, h+4) - 4
		for j := i; j < min(i+2, len(boxes)); j++ {
			x := marginL + float64(j-i)*(w+gap)
			d.pdf.SetDrawColor(110, 110, 110)
			d.pdf.SetDashPattern([]float64{1.5, 1}, 0)
			d.pdf.Rect(x, y, w, h, "D")
			d.pdf.SetDashPattern(nil, 0)
			d.pdf.SetDrawColor(0, 0, 0)
			saved := d.pt
			d.size(10)
			d.color(grey)
			d.text(x+2, y+5, fit(d.pdf, forms.StripInvisible(boxes[j]), w-4))
			d.color(black)
			d.size(saved)
		}
		y += h + 4
	}
	return y + d.lineH()
}
