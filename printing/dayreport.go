package printing

import (
	"fmt"
	"strconv"
	"strings"

	"counterdesk/forms"
)

// Columns of the day report's receipt table, widths in millimetres (they
// add up to contentW).
var dayCols = []column{
	{"收据号", 31, false},
	{"时间", 11, false},
	{"交款人 / 身份证号", 33, false},
	{"收费项目", 40, false},
	{"收款方式 / 单号", 24, false},
	{"金额", 20, true},
	{"经办人", 15, false},
}

const (
	dayTop     = 22.0  // top of the body on every page after the first
	dayBottom  = 279.0 // nothing is drawn below
	dayHeadH   = 7.0   // the table's column header
	dayRowH    = 9.5   // one receipt: two lines
	dayVoidH   = 5.0   // the 作废 line under a voided receipt
	dayLineH   = 6.0   // a line of the summary sections
	daySignGap = 40.0  // the signature block's height
)

// dayFlow is the cursor of the day report's flowing body: y, and the
// table header to repeat when a table continues on a new page.
type dayFlow struct {
	d      *doc
	y      float64
	header func()
}

// need starts a new page unless h millimetres fit below y; a table that
// continues repeats its column header.
func (f *dayFlow) need(h float64) {
	if f.y+h <= dayBottom {
		return
	}
	f.d.pdf.AddPage()
	f.y = dayTop
	if f.header != nil {
		f.header()
	}
}

// renderDayReport draws the day-end report (日结单) of a station and day:
// the branch, the day and whether a supervisor checked it; every receipt
// in number order with the voided ones marked 作废 with who, when and why;
// receipts of earlier days voided that day; the deposits taken, refunded,
// forfeited and voided; the fees by kind; the totals by payment method; the
// cash expected in the drawer by clerk and in total; the receipt numbers
// used and the ranges skipped with their reason; and signature lines for
// the clerk (经办人) and the supervisor (主管). A reprint is marked 补打.
// Every page has the branch name, the day and "第 n 页 共 m 页".
func renderDayReport(d *doc) {
	p := d.p
	r := p.DayReport
	day := forms.FormatDate(r.Day)
	d.setHeader(d.pageHeader(func() {
		d.size(10)
		d.right(pageW-marginR, 13, "日结单　"+day+"　窗口 "+r.Station.Code())
	}))
	d.setFooter(func() {
		saved := d.pt
		d.size(9)
		d.color(grey)
		d.center(pageW/2, 289, "第 "+strconv.Itoa(d.pdf.PageNo())+" 页 共 {nb} 页")
		d.text(marginL, 289, "打印时间："+d.at.Format("2006-01-02 15:04"))
		d.color(black)
		d.size(saved)
	})
	d.pdf.AddPage()
	f := &dayFlow{d: d, y: 22}

	// Title, day, station, checked.
	if p.Reprint {
		d.reprintMark(marginL, f.y)
	}
	d.size(17)
	d.boldCenter(pageW/2, f.y+8, "日 结 单")
	f.y += 16
	d.size(10.5)
	d.text(marginL, f.y, "日期："+dateCN(r.Day)+"　窗口："+r.Station.Code())
	checked := "主管核对：未核对"
	if r.Checked() {
		checked = "主管核对：" + r.CheckedBy + "　" + r.CheckedAt.Format("2006-01-02 15:04")
	}
	d.right(pageW-marginR, f.y, checked)
	f.y += 5

	// Receipts.
	f.y += 3
	daySection(f, fmt.Sprintf("一、收据明细（共 %d 张，其中作废 %d 张）", len(r.Receipts), r.Totals.Voided))
	dayReceiptTable(f, r.Receipts, "当日没有开出收据。")
	if len(r.VoidedLater) > 0 {
		daySection(f, fmt.Sprintf("　　以前日期开出、当日作废的收据（%d 张；在开出当日的日结中列为作废，金额两日均不计）", len(r.VoidedLater)))
		dayReceiptTable(f, r.VoidedLater, "")
	}

	if note := r.AfterCheckNote(); note != "" {
		dayWrap(f, note, red)
	}

	// Deposits.
	t := r.Totals
	daySection(f, "二、保障金")
	// 收取 counts the valid receipts' deposit lines (forms.Totals), the
	// same figures as 保障金收取合计; paper ones are listed, never counted.
	taken := fmt.Sprintf("收取 %d 笔", t.DepositsTakenCount)
	if n, sum := r.LegacyDepositsTaken(); n > 0 {
		taken += fmt.Sprintf("（另纸质补录 %d 笔 %s，不计）", n, sum)
	}
	dayDepositsAs(f, taken, t.DepositsTaken, r.DepositsTaken, func(dep forms.Deposit) string {
		s := dep.Method.Label()
		if dep.Legacy {
			s = "纸质收据补录，不计现金"
		}
		return s
	})
	dayDeposits(f, "退还", r.DepositsRefunded, func(dep forms.Deposit) string {
		return "退款方式：" + dep.RefundMethod.Label() + "　经办：" + dep.ClosedBy
	})
	dayDeposits(f, "没收", r.DepositsForfeited, func(dep forms.Deposit) string {
		return "主管：" + dep.ClosedBy + "　原因：" + dep.Reason + "　不涉及现金"
	})
	dayDeposits(f, "作废", r.DepositsVoided, func(dep forms.Deposit) string { return "收据作废，不计金额" })
	if len(r.DepositsTakenVoided) > 0 {
		dayDeposits(f, "当日收取、以后日期作废", r.DepositsTakenVoided, func(dep forms.Deposit) string {
			return "作废于 " + dep.ClosedAt.Format("2006-01-02 15:04") + "，不计金额"
		})
	}

	// Fees by kind.
	daySection(f, "三、按收费项目汇总（不含作废收据）")
	if len(t.FeesByKind) == 0 {
		dayLine(f, "无", "")
	}
	for _, fee := range t.FeesByKind {
		kind := "费用"
		if fee.Kind == forms.KindDeposit {
			kind = "保障金"
		}
		dayLine(f, fmt.Sprintf("%s（%s）　%d 笔", fee.Name, kind, fee.Count), fee.Amount.String())
	}
	dayLine(f, "费用合计", t.Fees.String())
	dayLine(f, "保障金收取合计", t.DepositsTaken.String())

	// Totals by method.
	daySection(f, "四、按收款方式汇总")
	f.need(dayLineH * float64(len(t.Methods())+2))
	cols := []float64{marginL + 4, marginL + 80, marginL + 120, pageW - marginR - 2}
	row := func(label, a, b, c string) {
		f.y += dayLineH
		d.text(cols[0], f.y, label)
		d.right(cols[1], f.y, a)
		d.right(cols[2], f.y, b)
		d.right(cols[3], f.y, c)
	}
	d.size(9.5)
	d.color(grey)
	row("收款方式", "收款", "退款", "净额")
	d.color(black)
	d.size(10.5)
	for _, m := range t.Methods() {
		row("按方式 "+m.Label(), t.Received[m].String(), t.Refunded[m].String(), t.Net(m).String())
	}
	row("合计", t.TotalReceived().String(), t.TotalRefunded().String(), (t.TotalReceived() - t.TotalRefunded()).String())

	// Cash expected.
	daySection(f, "五、应有现金（现金收款减现金退款；没收和纸质补录的收取不计）")
	for _, c := range t.Clerks() {
		dayLine(f, "经办人 "+c.Clerk, c.Amount.String())
	}
	f.need(2*dayLineH + 1)
	f.y += dayLineH + 1
	d.size(11)
	d.bold(marginL+4, f.y, "应有现金合计")
	d.bold(pageW-marginR-2-d.width(t.Cash().String()), f.y, t.Cash().String())
	f.y += dayLineH
	d.size(10)
	d.text(marginL+4, f.y, "大写：人民币"+t.Cash().Capitals())

	// The numbers and the signatures stay together on the last page.
	f.need(11 + dayLineH*float64(2+2*len(r.Skips)+2*min(len(r.Missing()), 1)) + daySignGap)

	// Numbers.
	daySection(f, "六、收据号")
	if r.FirstNumber == "" {
		dayLine(f, "当日未使用收据号", "")
	} else {
		dayLine(f, "使用号段 "+r.FirstNumber+" 至 "+r.LastNumber, "")
	}
	for _, s := range r.Skips {
		by := ""
		if s.By != "" {
			by = "，" + s.By
		}
		dayWrap(f, "跳号 "+s.Range()+"（"+s.At.Format("2006-01-02 15:04")+by+"）："+s.Reason, black)
	}
	if len(r.Skips) == 0 {
		dayLine(f, "无跳号", "")
	}
	if m := r.Missing(); len(m) > 0 {
		code, year, _, _ := forms.ParseReceiptNumber(r.FirstNumber)
		s := "缺号（既未列出也无跳号记录，请报告主管）："
		for i, n := range m {
			if i > 0 {
				s += "、"
			}
			s += forms.ReceiptNumber(code, year, n)
		}
		dayWrap(f, s, red)
	}

	// Signatures.
	f.header = nil
	f.need(daySignGap)
	f.y += 12
	d.size(11)
	d.signLine(marginL, f.y, "经办人")
	f.y += 14
	d.signLine(marginL, f.y, "主管")
}

// daySection draws a section title with room for at least one line under
// it.
func daySection(f *dayFlow, title string) {
	f.header = nil
	f.need(8 + dayLineH*2)
	f.y += 8
	f.d.size(11.5)
	f.d.bold(marginL, f.y, fit(f.d.pdf, title, contentW))
	f.y += 3
}

// dayLine draws a summary line: a label at the left and an amount at the
// right.
func dayLine(f *dayFlow, label, amount string) {
	f.need(dayLineH)
	f.y += dayLineH
	f.d.size(10.5)
	f.d.text(marginL+4, f.y, fit(f.d.pdf, label, contentW-40))
	if amount != "" {
		f.d.right(pageW-marginR-2, f.y, amount)
	}
}

// dayWrap draws a long line wrapped to the content width, in colour c.
func dayWrap(f *dayFlow, s string, c [3]int) {
	f.d.size(10)
	f.d.color(c)
	for _, l := range wrap(f.d.pdf, s, contentW-6) {
		f.need(dayLineH)
		f.y += dayLineH
		f.d.draw(marginL+4, f.y, l)
	}
	f.d.color(black)
}

// dayDeposits draws one kind of deposit event: a count and sum line, then
// one line per deposit.
func dayDeposits(f *dayFlow, what string, ds []forms.Deposit, detail func(forms.Deposit) string) {
	var sum forms.Money
	for _, dep := range ds {
		sum += dep.Amount
	}
	dayDepositsAs(f, fmt.Sprintf("%s %d 笔", what, len(ds)), sum, ds, detail)
}

// dayDepositsAs draws a deposit list under the given count label and sum.
func dayDepositsAs(f *dayFlow, label string, sum forms.Money, ds []forms.Deposit, detail func(forms.Deposit) string) {
	dayLine(f, label, sum.String())
	for _, dep := range ds {
		f.need(dayLineH)
		f.y += dayLineH - 0.5
		f.d.size(9)
		id := forms.MaskID(dep.CustomerIDNo)
		f.d.text(marginL+10, f.y, fit(f.d.pdf, dep.ReceiptNumber+"　"+dep.CustomerName+" "+id+"　"+dep.Amount.String()+"　"+detail(dep), contentW-12))
	}
}

// dayReceiptTable draws receipts as table rows, the column header repeated
// on each page the table continues on.
func dayReceiptTable(f *dayFlow, rs []forms.DayReceipt, empty string) {
	d := f.d
	f.header = func() { dayTableHeader(f) }
	f.need(dayHeadH + dayRowH)
	f.y += 2
	dayTableHeader(f)
	if len(rs) == 0 && empty != "" {
		f.y += dayLineH
		d.size(10)
		d.text(marginL+2, f.y, empty)
		f.y += 2
	}
	for _, r := range rs {
		d.size(8.5)
		var items []string // each item on a line of its own, wrapped when long
		for _, it := range strings.Split(r.Items, "；") {
			items = append(items, wrap(d.pdf, it, dayCols[3].w-2)...)
		}
		d.size(8)
		refs := wrap(d.pdf, r.Reference, dayCols[4].w-2) // whole: finance matches it to the statement
		if r.Reference == "" {
			refs = nil
		}
		d.size(8.5)
		var voids []string
		if r.Voided {
			voids = wrap(d.pdf, dayVoidText(r), contentW-2)
		}
		h := dayRowHeight(max(len(items), 1+len(refs))) + dayVoidHeight(len(voids))
		f.need(h)
		dayReceiptRow(f, r, items, refs, voids)
	}
	f.header = nil
}

// dayTableHeader draws the receipt table's column header at f.y.
func dayTableHeader(f *dayFlow) {
	d := f.d
	d.pdf.SetFillColor(230, 230, 230)
	d.pdf.Rect(marginL, f.y, contentW, dayHeadH, "FD")
	d.size(8.5)
	x := marginL
	for _, c := range dayCols {
		d.center(x+c.w/2, f.y+4.8, c.title)
		x += c.w
	}
	f.y += dayHeadH
}

// dayItemLines is the most lines a receipt's items take; a longer list
// (never seen at a counter) ends in "…".
const dayItemLines = 6

// dayRowHeight is the height of a receipt row whose items take n lines:
// at least two lines (the masked ID and the reference go on the second).
func dayRowHeight(n int) float64 {
	return dayRowH + float64(min(max(n, 2), dayItemLines)-2)*4.2
}

// dayVoidText is the 作废 line under a voided receipt: who, when, why.
func dayVoidText(r forms.DayReceipt) string {
	return "作废：" + r.VoidedBy + " 于 " + r.VoidedAt.Format("2006-01-02 15:04") + "，原因：" + r.VoidReason + "（金额不计入合计）"
}

// dayVoidHeight is the height of n wrapped 作废 lines (0 for none).
func dayVoidHeight(n int) float64 {
	if n == 0 {
		return 0
	}
	return dayVoidH + float64(n-1)*4.2
}

// dayReceiptRow draws one receipt: number, time, payer, the first line of
// the items, method, amount and clerk; under them the masked ID, the rest
// of the items (items holds them wrapped to the column) and the payment
// reference whole (refs, wrapped to its column: the row grows); and for a
// voided receipt lines in red (voids, wrapped): 作废：who, when, why.
func dayReceiptRow(f *dayFlow, r forms.DayReceipt, items, refs, voids []string) {
	d := f.d
	y1, y2 := f.y+4.2, f.y+8.4
	cell := func(i int, y float64, s string) {
		c := dayCols[i]
		s = fit(d.pdf, s, c.w-2)
		cx := marginL
		for j := 0; j < i; j++ {
			cx += dayCols[j].w
		}
		if c.right {
			d.draw(cx+c.w-1-textWidth(d.pdf, s), y, s)
		} else {
			d.draw(cx+1, y, s)
		}
	}
	d.size(8.5)
	if r.Voided {
		d.color(grey)
	}
	number := r.Number
	if r.Legacy {
		number += "（纸质）"
	}
	cell(0, y1, number)
	cell(1, y1, r.IssuedAt.Format("15:04"))
	cell(2, y1, r.Customer)
	if len(items) > 0 {
		cell(3, y1, items[0])
	}
	cell(4, y1, r.Method.Label())
	cell(5, y1, r.Amount.String())
	cell(6, y1, r.Clerk)
	for i := 1; i < len(items) && i < dayItemLines; i++ {
		s := items[i]
		if i == dayItemLines-1 && len(items) > dayItemLines {
			s += "…"
		}
		cell(3, y1+float64(i)*4.2, s)
	}
	d.size(8)
	cell(2, y2, r.MaskedID)
	for i, ref := range refs {
		if 1+i < dayItemLines {
			cell(4, y2+float64(i)*4.2, ref)
		}
	}
	f.y += dayRowHeight(max(len(items), 1+len(refs)))
	if len(voids) > 0 {
		d.color(red)
		d.size(8.5)
		for i, l := range voids {
			d.draw(marginL+1, f.y+3.6+float64(i)*4.2, l)
		}
		f.y += dayVoidHeight(len(voids))
	}
	d.color(black)
	d.pdf.SetDrawColor(170, 170, 170)
	d.hline(marginL, pageW-marginR, f.y)
	d.pdf.SetDrawColor(0, 0, 0)
}
