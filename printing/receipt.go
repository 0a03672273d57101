package printing

import (
	"counterdesk/forms"
)

// receiptParts are the three parts of a receipt: the stub the counter
// keeps, the customer's copy and the bookkeeping copy for finance.
var receiptParts = [3]string{"存根联", "客户联", "记账联"}

// Receipt geometry, in millimetres. On one page the three parts share the
// page's height between two dashed cut lines.
const (
	receiptTop   = 8.0
	receiptPartH = (pageH - 2*receiptTop) / 3
	receiptX     = 15.0
	receiptW     = pageW - 2*receiptX
	receiptFixed = 71.0 // a part's height without its item lines, with room above the cut line
	receiptRowH  = 7.5  // an item line's height
	receiptMinH  = 5.0  // the least an item line may shrink to on one page
)

// renderReceipt draws a receipt: its three parts on one page with cut lines
// (LayoutOnePage, the default), or one part per page (LayoutPerPage). A
// receipt with too many lines for a third of a page prints one part per
// page whatever the layout.
func renderReceipt(d *doc) {
	r := d.p.Receipt
	n := max(len(r.Lines), 1)
	rowH := receiptRowH
	perPage := d.p.Layout == forms.LayoutPerPage
	if !perPage && receiptFixed+float64(n)*rowH > receiptPartH {
		rowH = (receiptPartH - receiptFixed) / float64(n)
		if rowH < receiptMinH {
			perPage, rowH = true, receiptRowH
		}
	}
	// Spread a short receipt over its band, up to a fifth more air.
	scale := min(1.2, (receiptPartH-9)/(receiptFixed+float64(n)*rowH))
	if perPage {
		for _, part := range receiptParts {
			d.pdf.AddPage()
			drawReceiptPart(d, receiptTop+4, part, rowH, 1.2)
		}
		return
	}
	d.pdf.AddPage()
	for i, part := range receiptParts {
		y0 := receiptTop + float64(i)*receiptPartH
		if i > 0 {
			cutLine(d, y0)
		}
		drawReceiptPart(d, y0, part, rowH, max(scale, 1))
	}
}

// cutLine draws a dashed line across the page at y with a label in its
// middle saying where to cut. (The font has no scissors glyph.)
func cutLine(d *doc, y float64) {
	const label = "- - - 沿虚线剪开 - - -"
	d.size(9)
	w := d.width(label) + 4
	mid := pageW / 2
	d.pdf.SetDrawColor(120, 120, 120)
	d.pdf.SetLineWidth(0.25)
	d.pdf.SetDashPattern([]float64{2, 1.5}, 0)
	d.hline(5, mid-w/2, y)
	d.hline(mid+w/2, pageW-5, y)
	d.pdf.SetDashPattern(nil, 0)
	d.color(grey)
	d.center(mid, y+1, label)
	d.color(black)
	d.pdf.SetDrawColor(0, 0, 0)
	d.pdf.SetLineWidth(0.2)
}

// drawReceiptPart draws one part of the receipt in the band that starts at
// y0; its vertical distances are stretched by scale (at least 1).
func drawReceiptPart(d *doc, y0 float64, part string, rowH, scale float64) {
	v := func(mm float64) float64 { return mm * scale }
	rowH *= scale
	p, r := d.p, d.p.Receipt
	x0, x1 := receiptX, receiptX+receiptW
	y := y0 + 3
	issued := r.IssuedAt
	if issued.IsZero() {
		issued = d.at
	}

	// The branch and its phone, centred; the reprint mark at the left.
	d.color(grey)
	d.center(pageW/2, y+v(5), d.branchLine(p.Station.BranchName, p.Station.Phone, receiptW-80))
	d.color(black)
	if p.Reprint {
		d.reprintMark(x0, y+v(1))
	}

	// Title and part, centred; the receipt number at the right.
	d.size(20)
	title := "收　据"
	tw := d.width(title)
	d.size(11)
	pw := d.width("（" + part + "）")
	tx := pageW/2 - (tw+pw)/2
	d.size(20)
	d.bold(tx, y+v(14), title)
	d.size(11)
	d.text(tx+tw+1, y+v(14), "（"+part+"）")
	d.size(13)
	d.right(x1, y+v(14), r.Number)
	nw := d.width(r.Number)
	d.size(9)
	d.right(x1-nw-1.5, y+v(14), "No.")

	// Date and payer.
	d.size(10)
	d.text(x0, y+v(21.5), "开票日期："+dateCN(issued))

	if r.Voided {
		// Upright, so it reads (and copies) as text; the slanted stamp is
		// drawn last, over everything.
		s := "已作废"
		if r.VoidReason != "" {
			s += "：" + r.VoidReason
		}
		if !r.VoidedAt.IsZero() {
			s += "（" + forms.FormatDate(r.VoidedAt) + "）"
		}
		d.color(red)
		d.right(x1, y+v(21.5), fit(d.pdf, s, receiptW-60))
		d.color(black)
	}

	// The table: payer, items, total, payment.
	ty := y + v(24.5)
	amountW := 42.0
	ax := x1 - amountW
	row := ty

	// Payer.
	const payerH = 8.0
	d.size(10)
	d.text(x0+2, row+v(payerH)/2+1.6, "交款人")
	idText := ""
	if r.PayerID != "" {
		idText = "身份证号码：" + r.PayerID
	}
	idW := d.width(idText)
	d.size(11)
	d.text(x0+17, row+v(payerH)/2+1.6, fit(d.pdf, r.PayerName, x1-x0-17-idW-8))
	d.size(10)
	if idText != "" {
		d.right(x1-2, row+v(payerH)/2+1.6, idText)
	}
	d.pdf.Line(x0+15, row, x0+15, row+v(payerH))
	row += v(payerH)
	d.hline(x0, x1, row)

	// Item header.
	const headH = 6.5
	d.pdf.SetFillColor(238, 238, 238)
	d.pdf.Rect(x0, row, receiptW, v(headH), "F")
	d.size(9.5)
	d.text(x0+2, row+v(headH)/2+1.4, "收费项目")
	d.center(ax+amountW/2, row+v(headH)/2+1.4, "金额")
	itemsTop := row
	row += v(headH)
	d.hline(x0, x1, row)

	// Items.
	d.size(10.5)
	if rowH < 6.5 {
		d.size(9.5)
	}
	for _, l := range r.Lines {
		base := row + rowH/2 + 1.5
		d.text(x0+2, base, fit(d.pdf, l.Text, ax-x0-4))
		d.right(x1-2, base, l.Amount.String())
		row += rowH
	}
	if len(r.Lines) == 0 {
		row += rowH
	}
	d.hline(x0, x1, row)

	// Total in capitals and figures.
	const totalH = 8.5
	d.size(10)
	d.text(x0+2, row+v(totalH)/2+1.6, "合计人民币（大写）")
	lw := d.width("合计人民币（大写）")
	d.size(12)
	d.bold(x0+2+lw+1, row+v(totalH)/2+1.9, r.Total.Capitals())
	d.right(x1-2, row+v(totalH)/2+1.9, r.Total.String())
	d.pdf.Line(ax, itemsTop, ax, row+v(totalH))
	row += v(totalH)
	d.hline(x0, x1, row)

	// Payment method.
	const payH = 7.5
	d.size(10)
	pay := "收款方式：" + r.Payment.Method.Label()
	if r.Payment.Reference != "" && r.Payment.Method != forms.PayCash {
		pay += "　交易单号：" + r.Payment.Reference
	}
	d.text(x0+2, row+v(payH)/2+1.5, fit(d.pdf, pay, receiptW-4))
	row += v(payH)

	d.pdf.SetLineWidth(0.35)
	d.pdf.Rect(x0, ty, receiptW, row-ty, "D")
	d.pdf.SetLineWidth(0.2)

	// Payee and clerk.
	d.size(10)
	d.text(x0, row+v(6.5), fit(d.pdf, "收款单位（盖章）："+p.Station.Payee, receiptW-55))
	d.right(x1, row+v(6.5), "经办人："+r.ClerkName)

	if r.Voided {
		voidMark(d, pageW/2, (y0+row+v(8))/2+4)
	}
}

// voidMark draws a large, slanted, boxed 作废 centred on (cx, cy).
func voidMark(d *doc, cx, cy float64) {
	pdf := d.pdf
	pdf.SetAlpha(0.55, "Normal")
	pdf.TransformBegin()
	pdf.TransformRotate(18, cx, cy)
	d.size(48)
	const s = "作废"
	w := d.width(s)
	h := 48 * ptMM
	pdf.SetDrawColor(red[0], red[1], red[2])
	pdf.SetLineWidth(1.2)
	pdf.Rect(cx-w/2-5, cy-h/2-3, w+10, h+6, "D")
	d.color(red)
	d.text(cx-w/2, cy+h*0.36, s)
	pdf.TransformEnd()
	pdf.SetAlpha(1, "Normal")
	d.color(black)
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetLineWidth(0.2)
}

// branchLine sets the type size for the receipt's branch line and returns
// the line, no wider than width: "branch　电话：phone" in 10 pt, else in
// type down to 8 pt, and only then the branch name is shortened. The
// phone is never cut: with a 19-character branch name it once printed as
// "电话：0571-876…".
func (d *doc) branchLine(branch, phone string, width float64) string {
	tail := ""
	if phone != "" {
		tail = "　电话：" + phone
	}
	for pt := 10.0; ; pt -= 0.5 {
		d.size(pt)
		if d.width(branch+tail) <= width || pt <= 8 {
			break
		}
	}
	return fit(d.pdf, branch, width-d.width(tail)) + safe(tail)
}
