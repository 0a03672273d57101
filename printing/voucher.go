package printing

import (
	"strings"

	"counterdesk/forms"
)

// renderVoucher draws the 《保障金退还凭证》 the customer signs when the
// household-card deposit is refunded.
func renderVoucher(d *doc) {
	p, dep := d.p, d.p.Deposit
	d.setHeader(d.pageHeader(func() {
		if p.Reprint {
			d.size(10)
			w := d.width("补打 "+forms.FormatDate(d.at)) + 4
			d.reprintMark(pageW-marginR-w, 7.2)
		}
	}))
	d.pdf.AddPage()

	name, idNo := dep.CustomerName, dep.CustomerIDNo
	if c := p.Customer; c != nil {
		name, idNo = c.Name, c.IDNumber
	}
	refunded := dep.ClosedAt
	if refunded.IsZero() {
		refunded = d.at
	}

	y := 32.0
	d.size(20)
	d.boldCenter(pageW/2, y, "保障金退还凭证")
	y += 10

	rows := [][2]string{
		{"客户姓名", name},
		{"身份证号码", idNo},
		{"原收据号", dep.ReceiptNumber},
		{"保障金金额", dep.Amount.String() + "　人民币（大写）" + dep.Amount.Capitals()},
		{"收取日期", dateCN(dep.TakenAt)},
		{"收回材料", dep.Returned},
		{"退还日期", dateCN(refunded)},
		{"退还方式", refundMethod(dep).Label()},
	}
	if p.Case != nil && p.Case.Number != "" {
		rows = append(rows, [2]string{"受理单号", p.Case.Number})
	}
	const labelW = 32.0
	d.size(12)
	lh := d.lineH()
	top := y
	for _, r := range rows {
		value := r[1]
		if strings.TrimSpace(value) == "" {
			value = " "
		}
		lines := wrap(d.pdf, value, contentW-labelW-6)
		h := max(10, float64(len(lines))*lh+3.5)
		d.size(11)
		d.text(marginL+3, y+h/2+1.5, r[0])
		d.size(12)
		ly := y + (h-float64(len(lines))*lh)/2 + lh*0.72
		for _, l := range lines {
			d.draw(marginL+labelW+3, ly, l)
			ly += lh
		}
		y += h
		d.hline(marginL, pageW-marginR, y)
	}
	d.pdf.Line(marginL+labelW, top, marginL+labelW, y)
	d.pdf.SetLineWidth(0.4)
	d.pdf.Rect(marginL, top, contentW, y-top, "D")
	d.pdf.SetLineWidth(0.2)

	y += 12
	d.size(12)
	y = d.para(marginL, y, contentW, "本人已收到退还的户籍卡保障金人民币"+dep.Amount.Capitals()+
		"（"+dep.Amount.String()+"）。", 2*d.width("　"))

	y += 12
	x := marginL + 6
	d.text(x, y, "客户签字：____________________")
	d.text(x+95, y, "日期：______年____月____日")
	y += 15
	d.text(x, y, "经办人："+p.Clerk)
	d.text(x+95, y, "签字：________________")
	y += 15
	d.text(x, y, "主　管："+p.Supervisor)
	d.text(x+95, y, "签字：________________")

	y += 18
	d.hline(marginL, marginL+60, y-5)
	d.size(9)
	d.color(grey)
	d.para(marginL, y, contentW, "注：如退还的款项已开具发票（含数电票），须由财务部门开具红字发票后方可办理退款。", 0)
	d.color(black)
}

// refundMethod is how the money went back: the refund's own method, or the
// payment's for a deposit recorded before refunds kept theirs.
func refundMethod(d *forms.Deposit) forms.PaymentMethod {
	if d.RefundMethod != "" {
		return d.RefundMethod
	}
	return d.Method
}
