package printing

import (
	"strconv"

	"counterdesk/forms"
)

// column is one column of a printed table: its heading, its width in
// millimetres and whether its values are right-aligned (amounts, counts).
type column struct {
	title string
	w     float64
	right bool
}

// Columns of the deposit list, widths in millimetres (they add up to
// contentW).
var listCols = []column{
	{"序号", 8, false},
	{"收据号", 30, false},
	{"姓名", 24, false},
	{"身份证号码", 34, false},
	{"收取日期", 19, false},
	{"应还日期", 21, false},
	{"在押天数", 16, true},
	{"金额", 22, true},
}

const (
	listRowH   = 7.0
	listHeadY  = 40.0 // top of the column header on every page
	listBottom = 280.0
)

// renderDepositList draws the list of deposits held (在押保障金清单) for the
// monthly reconciliation with finance, in the order given (oldest first),
// with ID numbers masked, the column header repeated on every page, page
// numbers, the totals and the signature lines.
func renderDepositList(d *doc) {
	p := d.p
	d.setHeader(d.pageHeader(func() {
		d.size(16)
		d.boldCenter(pageW/2, 27, "在押保障金清单")
		d.size(10)
		d.text(marginL, 35.5, "统计日期："+dateCN(d.at))
		d.right(pageW-marginR, 35.5, "窗口："+p.Station.Code())
		listHeader(d)
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

	y := listHeadY + listRowH
	var total forms.Money
	overdue := false
	d.size(9)
	for i, dep := range p.Deposits {
		if y+listRowH > listBottom {
			d.pdf.AddPage()
			d.size(9)
			y = listHeadY + listRowH
		}
		id := "（无证件）"
		if dep.CustomerIDNo != "" {
			id = forms.MaskID(dep.CustomerIDNo)
		}
		due := forms.FormatDate(dep.ReturnDue)
		if dep.Overdue(d.at) {
			due += "*"
			overdue = true
		}
		listRow(d, y, []string{
			strconv.Itoa(i + 1),
			dep.ReceiptNumber,
			dep.CustomerName,
			id,
			forms.FormatDate(dep.TakenAt),
			due,
			strconv.Itoa(dep.DaysOutstanding(d.at)),
			dep.Amount.String(),
		})
		total += dep.Amount
		y += listRowH
	}
	if len(p.Deposits) == 0 {
		d.center(pageW/2, y+4.8, "当前没有在押保障金。")
		y += listRowH
		d.hline(marginL, pageW-marginR, y)
	}

	// Totals and signatures: keep them together on one page.
	if y+62 > listBottom {
		d.pdf.AddPage()
		y = listHeadY + listRowH
	}
	d.pdf.SetFillColor(238, 238, 238)
	d.pdf.Rect(marginL, y, contentW, listRowH+1, "FD")
	d.size(10.5)
	d.text(marginL+2, y+5.3, "合计：共 "+strconv.Itoa(len(p.Deposits))+" 笔")
	d.right(pageW-marginR-1.5, y+5.3, total.String())
	y += listRowH + 1 + 7
	d.size(11)
	d.text(marginL, y, "合计金额（大写）：人民币"+total.Capitals())
	if overdue {
		d.size(9)
		d.color(grey)
		d.right(pageW-marginR, y, "* 已过应还日期")
		d.color(black)
	}
	y += 16
	d.size(11)
	d.text(marginL, y, "制表人："+p.Clerk+"　签字：______________")
	d.text(marginL+100, y, "日期：______年____月____日")
	y += 14
	d.text(marginL, y, "财务核对：____________________")
	d.text(marginL+100, y, "日期：______年____月____日")
}

// listHeader draws the column header at listHeadY.
func listHeader(d *doc) {
	d.pdf.SetFillColor(230, 230, 230)
	d.pdf.Rect(marginL, listHeadY, contentW, listRowH, "FD")
	d.size(9)
	x := marginL
	for _, c := range listCols {
		d.center(x+c.w/2, listHeadY+4.8, c.title)
		x += c.w
	}
}

// listRow draws one row of cells at y with a rule under it.
func listRow(d *doc, y float64, cells []string) {
	x := marginL
	for i, c := range listCols {
		s := fit(d.pdf, cells[i], c.w-2.5)
		if c.right {
			d.draw(x+c.w-1.5-textWidth(d.pdf, s), y+4.8, s)
		} else {
			d.draw(x+1.5, y+4.8, s)
		}
		x += c.w
	}
	d.pdf.SetDrawColor(170, 170, 170)
	d.hline(marginL, pageW-marginR, y+listRowH)
	d.pdf.SetDrawColor(0, 0, 0)
}
