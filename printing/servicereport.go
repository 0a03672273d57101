package printing

import (
	"strconv"

	"counterdesk/forms"
)

// Column sets of the service month report's tables; each adds up to
// contentW (174 mm).
var (
	svcCountCols = []mcol{{"项目", 104, false}, {"件数", 35, true}, {"占比", 35, true}}
	svcScoreCols = []mcol{{"评分", 20, true}, {"含义", 84, false}, {"次数", 35, true}, {"占比", 35, true}}
	svcRateCols  = []mcol{{"名称", 40, false}, {"非常满意", 16, true}, {"满意", 14, true}, {"基本满意", 16, true},
		{"不满意", 15, true}, {"非常不满意", 19, true}, {"婉拒评价", 16, true}, {"合计", 12, true}, {"满意率", 26, true}}
	svcOpenCols = []mcol{{"序号", 10, true}, {"投诉编号", 30, false}, {"类别", 30, false}, {"负责人", 24, false},
		{"受理日期", 22, false}, {"答复期限", 22, false}, {"已过天数", 16, true}, {"是否超期", 20, false}}
)

// renderServiceReport draws the month's service figures (服务情况月报):
// complaints by category, channel and outcome with the share answered
// within the deadline; the follow-up calls of the month's sources, done in
// time (within 72 hours, or on the day the customer asked for), late and
// unreachable, with forms.FollowUpCountRule under them; the 0–5 scores with the seed's names, their distribution
// and average; the customers' ratings by service and by clerk; and the
// complaints still open with their age, then signature lines.
func renderServiceReport(d *doc) {
	p := d.p
	r := p.ServiceReport
	startMonthly(d, r.Label()+"服务情况月报", r.Label()+" 服务情况月报", r.From, r.AsOf, r.Running(), "投诉 · 回访 · 评价")
	y := 44.0

	// Complaints.
	y = svcHeading(d, y, "一、投诉受理（本月受理 "+strconv.Itoa(r.Complaints)+" 件）")
	y = svcLines(d, y, []string{
		"按期首次答复 " + strconv.Itoa(r.AnsweredInTime) + " 件，占 " + r.InTime.String() +
			"；逾期答复 " + strconv.Itoa(r.AnsweredLate) + " 件；尚未答复 " + strconv.Itoa(r.Unanswered) +
			" 件（其中已超期 " + strconv.Itoa(r.OverdueNow) + " 件）。",
	})
	for _, part := range []struct {
		title string
		rows  []forms.CountRow
	}{{"按类别", r.ByCategory}, {"按渠道", r.ByChannel}, {"按处理结果", r.ByOutcome}} {
		cols := append([]mcol{{part.title, 104, false}}, svcCountCols[1:]...)
		var rows [][]string
		for _, c := range part.rows {
			rows = append(rows, []string{c.Label, strconv.Itoa(c.Count), forms.Share{Num: c.Count, Den: r.Complaints}.Percent()})
		}
		y = svcTable(d, y, cols, rows, []string{"合计", strconv.Itoa(r.Complaints), ""})
		y += 3
	}

	// Follow-up calls.
	y += 3
	y = svcHeading(d, y, "二、回访（本月应回访 "+strconv.Itoa(r.FollowUpsDue)+" 件）")
	avg := "—"
	if r.ScoreCount > 0 {
		t := r.ScoreAverage.Tenths()
		avg = strconv.Itoa(t/10) + "." + strconv.Itoa(t%10) + " 分"
	}
	y = svcLines(d, y, []string{
		"按时完成 " + strconv.Itoa(r.FollowUpsDoneInTime) + " 件，占 " + r.FollowUpsInTime.String() +
			"（其中按客户约定的时间完成 " + strconv.Itoa(r.FollowUpsAtCustomersTime) + " 件）；逾期完成 " + strconv.Itoa(r.FollowUpsDoneLate) +
			" 件；无法联系 " + strconv.Itoa(r.FollowUpsUnreachable) + " 件（其中匿名、无联系方式 " + strconv.Itoa(r.FollowUpsNoContact) +
			" 件）；尚未回访 " + strconv.Itoa(r.FollowUpsOpen) + " 件。",
		"说明：" + forms.FollowUpCountRule,
		"回访评分 " + strconv.Itoa(r.ScoreCount) + " 次，平均 " + avg + "（5分十分满意 … 0分感觉极差）。",
	})
	var rows [][]string
	for _, l := range forms.FollowUpScale {
		n := r.Scores[l.Score]
		rows = append(rows, []string{strconv.Itoa(l.Score) + "分", l.Name, strconv.Itoa(n), forms.Share{Num: n, Den: r.ScoreCount}.Percent()})
	}
	y = svcTable(d, y, svcScoreCols, rows, []string{"", "合计", strconv.Itoa(r.ScoreCount), ""})
	y += 6

	// Ratings.
	y = svcHeading(d, y, "三、客户评价（本月 "+strconv.Itoa(r.Ratings)+" 次，不满意及以下 "+strconv.Itoa(r.RatingsPoor)+" 次，均应回访）")
	var all [6]int
	copy(all[:], r.RatingCounts[:])
	total := forms.RatingRow{Label: "全部", Counts: all, Total: r.Ratings,
		Satisfied: forms.Share{Num: all[0] + all[1] + all[2], Den: r.Ratings - all[5]}}
	for _, part := range []struct {
		title string
		rows  []forms.RatingRow
	}{{"按服务事项", r.RatingsByService}, {"按经办人", r.RatingsByClerk}} {
		cols := append([]mcol{{part.title, 40, false}}, svcRateCols[1:]...)
		var rows [][]string
		for _, row := range part.rows {
			rows = append(rows, svcRatingCells(row))
		}
		y = svcTable(d, y, cols, rows, svcRatingCells(total))
		y += 3
	}

	// Open complaints.
	y += 3
	y = svcHeading(d, y, "四、未办结投诉（截至 "+forms.FormatDate(r.AsOf)+"，共 "+strconv.Itoa(len(r.Open))+" 件）")
	rows = nil
	for i, o := range r.Open {
		late := ""
		if o.Overdue {
			late = "已超期"
		}
		rows = append(rows, []string{strconv.Itoa(i + 1), o.Number, o.CategoryName, o.OwnerName,
			forms.FormatDate(o.ReceivedAt), forms.FormatDate(o.DueDay), strconv.Itoa(o.AgeDays), late})
	}
	y = svcTable(d, y, svcOpenCols, rows, nil)

	// Signatures stay together.
	if y+36 > monthBottom {
		d.pdf.AddPage()
		y = monthTop
	}
	y += 12
	d.size(11)
	d.signLine(marginL, y, "制表人 "+p.Clerk)
	y += 11
	d.signLine(marginL, y, "主管审核")
}

// svcRatingCells returns the cells of a ratings row: the name, the count
// at each level, the total and the satisfied share.
func svcRatingCells(row forms.RatingRow) []string {
	cells := []string{row.Label}
	for _, n := range row.Counts {
		cells = append(cells, strconv.Itoa(n))
	}
	return append(cells, strconv.Itoa(row.Total), row.Satisfied.Percent())
}

// svcHeading draws a section title at baseline y (on a new page if the
// title and two table rows would not fit) and returns the next baseline.
func svcHeading(d *doc, y float64, title string) float64 {
	if y+monthRowH*3+8 > monthBottom {
		d.pdf.AddPage()
		y = monthTop + 6
	}
	d.size(12)
	d.bold(marginL, y, title)
	return y + 7
}

// svcLines draws paragraphs from baseline y and returns the next one.
func svcLines(d *doc, y float64, lines []string) float64 {
	d.size(10)
	for _, l := range lines {
		y = d.para(marginL, y, contentW, l, 0)
	}
	return y
}

// svcTable draws a table with its header's top near baseline y: a header
// row, the rows (continued with the header on a new page when the page
// is full), "无" when there are none, and a shaded total row unless total
// is nil. It returns the baseline after the table.
func svcTable(d *doc, y float64, cols []mcol, rows [][]string, total []string) float64 {
	y -= 3
	if y+monthRowH*2 > monthBottom {
		d.pdf.AddPage()
		y = monthTop
	}
	monthHead(d, y, cols)
	y += monthRowH
	for i, row := range rows {
		need := monthRowH
		if i == len(rows)-1 && total != nil {
			need = 2 * monthRowH // the last row keeps its total on its page
		}
		if y+need > monthBottom {
			d.pdf.AddPage()
			y = monthTop
			monthHead(d, y, cols)
			y += monthRowH
		}
		monthRow(d, y, cols, row, false)
		y += monthRowH
	}
	if len(rows) == 0 {
		d.size(9)
		d.center(pageW/2, y+4.2, "无")
		y += monthRowH
	}
	if total != nil {
		if y+monthRowH > monthBottom {
			d.pdf.AddPage()
			y = monthTop
		}
		monthRow(d, y, cols, total, true)
		y += monthRowH
	}
	return y + 6
}
