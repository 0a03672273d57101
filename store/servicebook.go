package store

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"counterdesk/forms"
)

// Sheet names of the service month workbook.
const (
	SheetServiceComplaints = "投诉"
	SheetServiceFollowUps  = "回访"
	SheetServiceRatings    = "评价"
	SheetServiceOpen       = "未办结投诉"
)

// ServiceRatingHeaders are the headers of the 评价 sheet's tables after
// the name column: the count at each level (forms.RatingLevels), the
// total and the satisfied share.
var ServiceRatingHeaders = []string{"非常满意", "满意", "基本满意", "不满意", "非常不满意", "婉拒评价", "合计", "满意率"}

// ServiceOpenHeaders are the headers of the 未办结投诉 sheet.
var ServiceOpenHeaders = []string{"序号", "投诉编号", "类别", "负责人", "受理日期", "答复期限", "已过天数", "是否超期"}

// WriteServiceWorkbook writes the month's service figures (服务情况月报) as
// an .xlsx workbook to w, with the same figures as the printed report:
// the sheet 投诉 (complaints by category, channel and outcome, and the
// first answers in time), 回访 (follow-ups due, 按时完成 with 其中按客户约定时间,
// 逾期完成, 无法联系 with 其中匿名无联系方式, open, in the words of the
// screen and the PDF, and forms.FollowUpCountRule under them; the 0–5 scores with the seed's names and the
// average), 评价 (the ratings by service and by clerk) and 未办结投诉 (the
// complaints open at AsOf with their age). Counts are numbers; shares are
// numbers between 0 and 1 shown as percentages, so they can be added up
// or charted. st is the station the report is of (its name, code and
// training mark); madeAt is when the report was made.
func WriteServiceWorkbook(w io.Writer, st forms.Station, r *forms.ServiceReport, madeAt time.Time) error {
	f := excelize.NewFile()
	defer f.Close()
	styles, err := newBookStyles(f)
	if err != nil {
		return err
	}
	pctFmt := "0.0%"
	pct, err := f.NewStyle(&excelize.Style{CustomNumFmt: &pctFmt, Border: []excelize.Border{{Type: "left", Color: "999999", Style: 1},
		{Type: "right", Color: "999999", Style: 1}, {Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1}}})
	if err != nil {
		return fmt.Errorf("service workbook style: %w", err)
	}
	b := &serviceBook{f: f, st: styles, pct: pct}
	mark := ""
	if st.Training {
		mark = "【练习站点 · 不是正式报表】"
	}
	title := func(what string) string {
		return mark + st.BranchName + " " + st.Code() + " " + r.Label() + " " + what
	}
	note := "统计期间：" + forms.FormatDate(r.From) + " 至 " + forms.FormatDate(r.AsOf) + "。制表时间：" + madeAt.Local().Format("2006-01-02 15:04")
	if r.Running() {
		note += "。本月尚未结束"
	}
	for i, s := range []struct {
		name  string
		write func(string, string)
	}{
		{SheetServiceComplaints, func(t, n string) { b.complaints(t, n, r) }},
		{SheetServiceFollowUps, func(t, n string) { b.followUps(t, n, r) }},
		{SheetServiceRatings, func(t, n string) { b.ratings(t, n, r) }},
		{SheetServiceOpen, func(t, n string) { b.open(t, n, r) }},
	} {
		if i == 0 {
			b.note(f.SetSheetName("Sheet1", s.name))
		} else {
			_, err := f.NewSheet(s.name)
			b.note(err)
		}
		b.sheet, b.row = s.name, 1
		s.write(title(s.name), note)
		if b.err != nil {
			return fmt.Errorf("service workbook %s: %w", s.name, b.err)
		}
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: st.BranchName + " " + r.Label() + "服务情况月报",
		Creator: "Counter Desk", Created: madeAt.UTC().Format("2006-01-02T15:04:05Z")}); err != nil {
		return fmt.Errorf("service workbook: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write service workbook: %w", err)
	}
	return nil
}

// WriteServiceWorkbook writes the report's workbook (see the package
// function) for this station, made now; a method so the screens reach it
// through their store.
func (db *DB) WriteServiceWorkbook(w io.Writer, st forms.Station, r *forms.ServiceReport) error {
	return WriteServiceWorkbook(w, st, r, time.Now())
}

// serviceBook writes rows one after another into the current sheet,
// keeping the first error.
type serviceBook struct {
	f     *excelize.File
	st    bookStyles
	pct   int
	sheet string
	row   int
	err   error
}

func (b *serviceBook) note(err error) {
	if b.err == nil && err != nil {
		b.err = err
	}
}

// put writes a row of values (styled as cell does; a forms.Share as a
// percentage) and moves to the next row.
func (b *serviceBook) put(total bool, vals ...any) {
	for i, v := range vals {
		var c excelize.Cell
		switch x := v.(type) {
		case forms.Share:
			if x.Den == 0 {
				c = cell("—", b.st, total)
			} else {
				c = excelize.Cell{StyleID: b.pct, Value: float64(x.Num) / float64(x.Den)}
			}
		case excelize.Cell:
			c = x
		default:
			c = cell(v, b.st, total)
		}
		name, err := excelize.CoordinatesToCellName(i+1, b.row)
		b.note(err)
		b.note(b.f.SetCellValue(b.sheet, name, c.Value))
		b.note(b.f.SetCellStyle(b.sheet, name, name, c.StyleID))
	}
	b.row++
}

// head writes a title line, a note line and a blank row, and sets the
// first columns' widths.
func (b *serviceBook) head(title, note string, widths ...float64) {
	b.note(b.f.SetCellValue(b.sheet, "A1", title))
	b.note(b.f.SetCellStyle(b.sheet, "A1", "A1", b.st.title))
	b.note(b.f.SetCellValue(b.sheet, "A2", note))
	b.row = 4
	for i, w := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		b.note(b.f.SetColWidth(b.sheet, col, col, w))
	}
}

// header writes a row of column headers.
func (b *serviceBook) header(titles ...string) {
	vals := make([]any, len(titles))
	for i, t := range titles {
		vals[i] = excelize.Cell{StyleID: b.st.head, Value: t}
	}
	b.put(false, vals...)
}

func (b *serviceBook) complaints(title, note string, r *forms.ServiceReport) {
	b.head(title, note, 24, 12, 12)
	b.header("项目", "件数", "占比")
	b.put(false, "本月受理", r.Complaints, "")
	b.put(false, "按期首次答复", r.AnsweredInTime, r.InTime)
	b.put(false, "逾期答复", r.AnsweredLate, forms.Share{Num: r.AnsweredLate, Den: r.Complaints})
	b.put(false, "尚未答复", r.Unanswered, forms.Share{Num: r.Unanswered, Den: r.Complaints})
	b.put(false, "其中已超期", r.OverdueNow, "")
	for _, part := range []struct {
		title string
		rows  []forms.CountRow
	}{{"按类别", r.ByCategory}, {"按渠道", r.ByChannel}, {"按处理结果", r.ByOutcome}} {
		b.row++
		b.header(part.title, "件数", "占比")
		for _, c := range part.rows {
			b.put(false, c.Label, c.Count, forms.Share{Num: c.Count, Den: r.Complaints})
		}
		b.put(true, "合计", r.Complaints, "")
	}
}

func (b *serviceBook) followUps(title, note string, r *forms.ServiceReport) {
	b.head(title, note, 24, 20, 12, 12)
	b.header("项目", "", "件数", "占比")
	b.put(false, "本月应回访", "", r.FollowUpsDue, "")
	b.put(false, "按时完成", "", r.FollowUpsDoneInTime, r.FollowUpsInTime)
	b.put(false, "其中按客户约定时间", "", r.FollowUpsAtCustomersTime, forms.Share{Num: r.FollowUpsAtCustomersTime, Den: r.FollowUpsDue})
	b.put(false, "逾期完成", "", r.FollowUpsDoneLate, forms.Share{Num: r.FollowUpsDoneLate, Den: r.FollowUpsDue})
	b.put(false, "无法联系", "", r.FollowUpsUnreachable, forms.Share{Num: r.FollowUpsUnreachable, Den: r.FollowUpsDue})
	b.put(false, "其中匿名无联系方式", "", r.FollowUpsNoContact, forms.Share{Num: r.FollowUpsNoContact, Den: r.FollowUpsDue})
	b.put(false, "尚未回访", "", r.FollowUpsOpen, forms.Share{Num: r.FollowUpsOpen, Den: r.FollowUpsDue})
	b.put(false, "说明："+forms.FollowUpCountRule)
	b.row++
	b.header("评分", "含义", "次数", "占比")
	for _, l := range forms.FollowUpScale {
		b.put(false, l.Score, l.Name, r.Scores[l.Score], forms.Share{Num: r.Scores[l.Score], Den: r.ScoreCount})
	}
	b.put(true, "合计", "", r.ScoreCount, "")
	avg := any("—")
	if r.ScoreCount > 0 {
		avg = float64(r.ScoreAverage.Tenths()) / 10
	}
	b.put(true, "平均分", "", avg, "")
}

func (b *serviceBook) ratings(title, note string, r *forms.ServiceReport) {
	b.head(title, note, 24, 10, 10, 10, 10, 12, 10, 10, 10)
	b.put(false, "本月评价", r.Ratings)
	b.put(false, "不满意及以下（均应回访）", r.RatingsPoor)
	all := forms.RatingRow{Label: "全部", Counts: r.RatingCounts, Total: r.Ratings,
		Satisfied: forms.Share{Num: r.RatingCounts[0] + r.RatingCounts[1] + r.RatingCounts[2], Den: r.Ratings - r.RatingCounts[5]}}
	for _, part := range []struct {
		title string
		rows  []forms.RatingRow
	}{{"按服务事项", r.RatingsByService}, {"按经办人", r.RatingsByClerk}} {
		b.row++
		b.header(append([]string{part.title}, ServiceRatingHeaders...)...)
		for _, row := range append(part.rows, all) {
			vals := []any{row.Label}
			for _, n := range row.Counts {
				vals = append(vals, n)
			}
			b.put(row.Key == "" && row.Label == "全部", append(vals, row.Total, row.Satisfied)...)
		}
	}
}

func (b *serviceBook) open(title, note string, r *forms.ServiceReport) {
	b.head(title, note, 6, 16, 14, 12, 12, 12, 10, 10)
	b.header(ServiceOpenHeaders...)
	for i, o := range r.Open {
		late := ""
		if o.Overdue {
			late = "已超期"
		}
		b.put(false, i+1, o.Number, o.CategoryName, o.OwnerName, forms.FormatDate(o.ReceivedAt), forms.FormatDate(o.DueDay), o.AgeDays, late)
	}
	b.put(true, "合计", strconv.Itoa(len(r.Open))+" 件", "", "", "", "", "", "")
}
