package printing

import (
	"strconv"
	"strings"
	"time"

	"counterdesk/forms"
)

// mcol is a column of a month-report table: title, width in millimetres,
// right-aligned (amounts) or not.
type mcol struct {
	title string
	w     float64
	right bool
}

// monthDayCols are the columns of the days table; their widths add up to
// contentW. Amounts are in yuan without the sign (the table says so).
var monthDayCols = []mcol{
	{"日期", 19, false},
	{"收据", 9, true},
	{"作废", 9, true},
	{"收费", 18, true},
	{"收保障金", 18, true},
	{"现金收款", 18, true},
	{"银行卡收款", 18, true},
	{"移动支付收款", 18, true},
	{"退还保障金", 17, true},
	{"应有现金", 19, true},
	{"核对", 11, false},
}

// monthHeldCols are the columns of the list of deposits held.
var monthHeldCols = []mcol{
	{"序号", 9, true},
	{"收据号", 31, false},
	{"姓名", 24, false},
	{"身份证号码", 34, false},
	{"收取日期", 19, false},
	{"应还日期", 19, false},
	{"在押天数", 16, true},
	{"金额（元）", 22, true},
}

const (
	monthRowH   = 6.0
	monthTop    = 24.0  // top of the first table row on a continued page
	monthBottom = 280.0 // rows end above the page footer
)

// yuanCell returns an amount for a table cell: "1,200.00", "-600.00".
func yuanCell(m forms.Money) string {
	return strings.Replace(m.String(), "¥", "", 1)
}

// startMonthly opens a monthly report that the month report (月报) and
// the service report (服务情况月报) share: each page's header says header
// and the station's window code, each footer the page number and when it
// was printed; the first page has title centred, the period from – asOf
// (noting 本月尚未结束 while running) on the left of y 35 mm and note on
// its right.
func startMonthly(d *doc, header, title string, from, asOf time.Time, running bool, note string) {
	d.setHeader(d.pageHeader(func() {
		d.size(10)
		d.right(pageW-marginR, 13, header+" · 窗口 "+d.p.Station.Code())
	}))
	d.setFooter(func() {
		saved := d.pt
		d.size(9)
		d.color(grey)
		d.center(pageW/2, 289, "第 "+strconv.Itoa(d.pdf.PageNo())+" 页")
		d.text(marginL, 289, "打印时间："+d.at.Format("2006-01-02 15:04"))
		d.color(black)
		d.size(saved)
	})
	d.pdf.AddPage()
	d.size(16)
	d.boldCenter(pageW/2, 27, title)
	d.size(10)
	period := "统计期间：" + forms.FormatDate(from) + " 至 " + forms.FormatDate(asOf)
	if running {
		period += "（本月尚未结束）"
	}
	d.text(marginL, 35, period)
	d.right(pageW-marginR, 35, note)
}

// renderMonthReport draws the month for finance (月报): the days table
// with the day-end report's totals per day and a 合计 row, the month's
// totals (by payment method, fees by kind, cash by clerk, days checked),
// the deposits held at the end of the month with days outstanding and
// their total in figures and capitals, and signature lines for the
// preparer, the supervisor and finance.
func renderMonthReport(d *doc) {
	p := d.p
	r := p.MonthReport
	startMonthly(d, r.Label()+"月报", r.Label()+" 收款月报", forms.MonthStart(r.Year, r.Month), r.AsOf, r.Running(), "金额单位：元")

	// The days.
	y := 39.0
	monthHead(d, y, monthDayCols)
	y += monthRowH
	for i := range r.Days {
		if y+monthRowH > monthBottom {
			d.pdf.AddPage()
			y = monthTop
			monthHead(d, y, monthDayCols)
			y += monthRowH
		}
		day := &r.Days[i]
		checked := ""
		if day.Checked {
			checked = "已核对"
		}
		monthRow(d, y, monthDayCols, monthDayCells(forms.FormatDate(day.Day)[5:], &day.Totals, checked), false)
		y += monthRowH
	}
	if y+monthRowH > monthBottom {
		d.pdf.AddPage()
		y = monthTop
	}
	monthRow(d, y, monthDayCols, monthDayCells("合计", &r.Totals, strconv.Itoa(r.CheckedDays())+"/"+strconv.Itoa(len(r.Days))), true)
	y += monthRowH + 8

	// The month's totals.
	t := &r.Totals
	lines := []string{
		"收据：有效 " + strconv.Itoa(t.Receipts) + " 张，作废 " + strconv.Itoa(t.Voided) + " 张（作废金额 " + t.VoidedAt.String() + "，不计入收款）",
		"收费 " + t.Fees.String() + "；收取保障金 " + t.DepositsTaken.String() + "；收款合计 " + t.TotalReceived().String(),
	}
	var by []string
	for _, m := range t.Methods() {
		by = append(by, m.Label()+" "+t.Received[m].String())
	}
	lines = append(lines, "收款方式："+strings.Join(by, "；"))
	var back []string
	for _, m := range t.Methods() {
		if v := t.Refunded[m]; v != 0 {
			back = append(back, m.Label()+" "+v.String())
		}
	}
	refund := "退还保障金 " + t.DepositsRefunded.String()
	if len(back) > 0 {
		refund += "（" + strings.Join(back, "；") + "）"
	}
	lines = append(lines, refund+"；没收保障金 "+t.DepositsForfeited.String()+"；作废保障金 "+t.DepositsVoided.String())
	var fees []string
	for _, f := range t.FeesByKind {
		fees = append(fees, f.Name+" "+strconv.Itoa(f.Count)+" 笔 "+f.Amount.String())
	}
	if len(fees) > 0 {
		lines = append(lines, "收费项目："+strings.Join(fees, "；"))
	}
	var clerks []string
	for _, c := range t.Clerks() {
		clerks = append(clerks, c.Clerk+" "+c.Amount.String())
	}
	if len(clerks) > 0 {
		lines = append(lines, "应有现金按经办人："+strings.Join(clerks, "；"))
	}
	lines = append(lines, "日结已核对 "+strconv.Itoa(r.CheckedDays())+" 天，共 "+strconv.Itoa(len(r.Days))+" 天")
	y = d.room(y, 10)
	d.size(12)
	d.bold(marginL, y, "本月合计")
	d.size(14)
	d.right(pageW-marginR, y, "应有现金 "+t.Cash().String())
	y += 8
	d.size(10)
	for _, l := range lines {
		y = d.para(marginL, y, contentW, l, 0)
	}
	y += 6

	// The deposits held at the end of the month.
	if y+monthRowH*3+10 > monthBottom {
		d.pdf.AddPage()
		y = monthTop + 6
	}
	d.size(12)
	d.bold(marginL, y, "在押保障金（截至 "+forms.FormatDate(r.AsOf)+"）")
	y += 4
	monthHead(d, y, monthHeldCols)
	y += monthRowH
	for i := range r.Held {
		if y+monthRowH > monthBottom {
			d.pdf.AddPage()
			y = monthTop
			monthHead(d, y, monthHeldCols)
			y += monthRowH
		}
		dep := &r.Held[i]
		id := "（无证件）"
		if dep.CustomerIDNo != "" {
			id = forms.MaskID(dep.CustomerIDNo)
		}
		number := dep.ReceiptNumber
		if dep.Legacy {
			number += "（纸质）"
		}
		monthRow(d, y, monthHeldCols, []string{strconv.Itoa(i + 1), number, dep.CustomerName, id,
			forms.FormatDate(dep.TakenAt), forms.FormatDate(dep.ReturnDue), strconv.Itoa(r.DaysHeld(dep)),
			yuanCell(dep.Amount)}, false)
		y += monthRowH
	}
	if len(r.Held) == 0 {
		d.size(9)
		d.center(pageW/2, y+4.2, "月末没有在押保障金。")
		y += monthRowH
	}
	// The 合计 row, the capitals and the signatures stay together.
	if y+monthRowH+44 > monthBottom {
		d.pdf.AddPage()
		y = monthTop
	}
	monthRow(d, y, monthHeldCols, []string{"", "合计 共 " + strconv.Itoa(r.HeldCount) + " 笔", "", "", "", "", "",
		yuanCell(r.HeldTotal)}, true)
	y += monthRowH + 7
	d.size(11)
	d.text(marginL, y, "在押保障金合计：人民币"+r.HeldTotal.Capitals()+"（"+r.HeldTotal.String()+"）")
	y += 14
	d.signLine(marginL, y, "制表人 "+p.Clerk)
	y += 11
	d.signLine(marginL, y, "主管审核")
	y += 11
	d.signLine(marginL, y, "财务核对")
}

// monthDayCells returns the cells of a row of the days table.
func monthDayCells(label string, t *forms.Totals, checked string) []string {
	return []string{label, strconv.Itoa(t.Receipts), strconv.Itoa(t.Voided), yuanCell(t.Fees), yuanCell(t.DepositsTaken),
		yuanCell(t.Received[forms.PayCash]), yuanCell(t.Received[forms.PayCard]), yuanCell(t.Received[forms.PayMobile]),
		yuanCell(t.DepositsRefunded), yuanCell(t.Cash()), checked}
}

// monthHead draws a table's header row with its top at y.
func monthHead(d *doc, y float64, cols []mcol) {
	d.pdf.SetFillColor(230, 230, 230)
	d.pdf.Rect(marginL, y, contentW, monthRowH, "FD")
	d.size(8)
	x := marginL
	for _, c := range cols {
		d.center(x+c.w/2, y+4.2, fit(d.pdf, c.title, c.w-1))
		x += c.w
	}
}

// monthRow draws one row of cells with its top at y and a rule under it;
// a total row is shaded. A text too wide for its cell is shortened with
// "…", but an amount is never shortened: it is set smaller until it fits.
func monthRow(d *doc, y float64, cols []mcol, cells []string, total bool) {
	if total {
		d.pdf.SetFillColor(238, 238, 238)
		d.pdf.Rect(marginL, y, contentW, monthRowH, "FD")
	}
	x := marginL
	for i, c := range cols {
		d.size(8)
		s := safe(cells[i])
		if c.right {
			for pt := 8.0; textWidth(d.pdf, s) > c.w-1.5 && pt > 5; pt -= 0.5 {
				d.size(pt - 0.5)
			}
			d.draw(x+c.w-0.8-textWidth(d.pdf, s), y+4.2, s)
		} else {
			s = fit(d.pdf, cells[i], c.w-1.5)
			d.draw(x+0.8, y+4.2, s)
		}
		x += c.w
	}
	d.size(8)
	d.pdf.SetDrawColor(170, 170, 170)
	d.hline(marginL, pageW-marginR, y+monthRowH)
	d.pdf.SetDrawColor(0, 0, 0)
}
