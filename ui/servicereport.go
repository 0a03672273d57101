package ui

import (
	"context"
	"image/color"
	"io"
	"log"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// serviceReportStore is what the service month report needs from the
// station's database.
type serviceReportStore interface {
	// ServiceReport reads the month's complaints, follow-up calls and
	// ratings and computes the figures (forms.NewServiceReport).
	ServiceReport(ctx context.Context, year int, month time.Month) (*forms.ServiceReport, error)
	// WriteServiceWorkbook writes the figures as an .xlsx workbook for
	// the station st.
	WriteServiceWorkbook(w io.Writer, st forms.Station, r *forms.ServiceReport) error
}

// serviceReportScreen is the month's service figures (服务月报), a tab
// next to 月报 for supervisors: pick a year and a month and read the
// complaints by category, channel and outcome, the first answers in time,
// the follow-up calls in 72 hours and their 0–5 scores, the customers'
// ratings by service and clerk and the complaints still open; print it
// (one PDF) or export it as an Excel workbook.
type serviceReportScreen struct {
	app  *App
	st   serviceReportStore
	root fyne.CanvasObject

	picker    *monthPicker    // 年份/月份
	message   *wrappedText    // why the month could not be shown or exported
	figures   *fyne.Container // the month's tables (serviceReportView), in a scroll
	printBtn  *widget.Button
	exportBtn *widget.Button

	report *forms.ServiceReport
	seq    int
	shown  bool
	// save is the file-save dialog on show, for tests.
	save *dialog.FileDialog
}

func newServiceReportScreen(u *App) *serviceReportScreen {
	s := &serviceReportScreen{app: u}
	s.st = u.store
	s.picker = newMonthPicker(u.now(), s.load)
	s.message = newWrappedText("")
	s.message.Importance = widget.DangerImportance
	s.message.Hide()
	s.figures = container.NewStack()
	s.printBtn = widget.NewButton(T("打印服务月报"), s.onPrint)
	s.printBtn.Importance = widget.HighImportance
	s.exportBtn = widget.NewButton(T("导出Excel"), s.onExport)
	s.printBtn.Disable()
	s.exportBtn.Disable()
	pick := s.picker.content()
	top := container.NewVBox(container.NewBorder(nil, nil, pick, container.NewHBox(s.exportBtn, s.printBtn)), s.message)
	s.root = container.NewBorder(top, nil, nil, nil, container.NewVScroll(s.figures))
	return s
}

// content returns the screen; it reads the month when shown (onShown).
func (s *serviceReportScreen) content() fyne.CanvasObject { return s.root }

// onShown reads the chosen month again each time the tab is shown.
func (s *serviceReportScreen) onShown() {
	s.shown = true
	s.load()
}

// show picks a month and loads it.
func (s *serviceReportScreen) show(year int, month time.Month) {
	s.shown = true
	s.picker.pick(year, month)
	s.load()
}

// load reads the chosen month off the UI goroutine and shows its figures;
// a month the store refuses says why.
func (s *serviceReportScreen) load() {
	year, month, ok := s.picker.chosen()
	if !ok || !s.shown {
		return
	}
	s.seq++
	seq := s.seq
	var r *forms.ServiceReport
	s.app.run(func(ctx context.Context) error {
		var err error
		r, err = s.st.ServiceReport(ctx, year, month)
		return err
	}, func(err error) {
		if seq != s.seq {
			return
		}
		if err != nil {
			s.fail(err)
			return
		}
		s.showReport(r)
	})
}

// showReport shows the month's figures r as tables and offers to print
// and export them.
func (s *serviceReportScreen) showReport(r *forms.ServiceReport) {
	s.report = r
	s.message.Hide()
	s.figures.Objects = []fyne.CanvasObject{serviceReportView(serviceReportTitle(r), serviceReportSections(r))}
	s.figures.Refresh()
	s.printBtn.Enable()
	s.exportBtn.Enable()
}

// fail shows why the month is not shown and clears the figures.
func (s *serviceReportScreen) fail(err error) {
	if forms.ErrorCode(err) == forms.EINTERNAL {
		log.Printf("service report: %v", err)
	}
	s.report = nil
	s.message.SetText(forms.ErrorMessage(err))
	s.message.Show()
	s.figures.Objects = nil
	s.figures.Refresh()
	s.printBtn.Disable()
	s.exportBtn.Disable()
}

// reportTable is one table of the service report as the screen shows it:
// a title (may be empty), the column heads, the rows of cells, and from
// which column on the cells are figures (aligned right). Empty, when no
// row has anything to show, is shown in place of the table.
type reportTable struct {
	Title   string
	Header  []string
	Rows    [][]string
	Figures int // first column of figures; the columns before it are names
	Empty   string
}

// reportSection is one part of the report (一、投诉 …): its heading, a
// line under it (may be empty) and its tables; Side puts the tables side
// by side (the short count tables) instead of one under the other.
type reportSection struct {
	Heading string
	Note    string
	Tables  []reportTable
	Side    bool
}

// serviceReportTitle is the report's first line: the month and the days
// it counts.
func serviceReportTitle(r *forms.ServiceReport) string {
	if r.Running() {
		return Tf("%s（本月尚未结束，统计至 %s）", monthLabel(r.Year, r.Month), forms.FormatDate(r.AsOf))
	}
	return Tf("%s（%s 至 %s）", monthLabel(r.Year, r.Month), forms.FormatDate(r.From), forms.FormatDate(r.AsOf))
}

// monthLabel is a month as the screen says it: 2026年11月 (forms.MonthLabel),
// or November 2026 in English.
func monthLabel(year int, month time.Month) string {
	if english {
		return month.String() + " " + strconv.Itoa(year)
	}
	return forms.MonthLabel(year, month)
}

// countTable is a table of one count per row (类别/渠道/处理结果) with its
// share of total (the month's complaints), the labels translated when
// translate is set (the forms' fixed labels; the supervisor's category
// names are shown as written).
func countTable(title, column string, rows []forms.CountRow, total int, translate bool) reportTable {
	t := reportTable{Title: title, Header: []string{column, T("件数"), T("占比")}, Figures: 1}
	for _, c := range rows {
		label := c.Label
		if translate {
			label = T(label)
		}
		t.Rows = append(t.Rows, []string{label, strconv.Itoa(c.Count), forms.Share{Num: c.Count, Den: total}.Percent()})
	}
	if len(t.Rows) == 0 {
		t.Empty = T("无")
	}
	return t
}

// withShare is a count and its share, e.g. "3（75.0%）", or the count
// alone when there is nothing to share.
func withShare(n int, s forms.Share) string {
	if s.Den == 0 {
		return strconv.Itoa(n)
	}
	return Tf("%d（%s）", n, s.Percent())
}

// ratingTable is the ratings by service or by clerk: one row each with the
// count at each level, the total and the share satisfied.
func ratingTable(title, column string, rows []forms.RatingRow) reportTable {
	t := reportTable{Title: title, Header: []string{column}, Figures: 1, Empty: T("本月没有客户评价")}
	for _, l := range forms.RatingLevels {
		t.Header = append(t.Header, T(l.Label()))
	}
	t.Header = append(t.Header, T("合计"), T("满意率"))
	for _, row := range rows {
		cells := []string{row.Label}
		for _, n := range row.Counts {
			cells = append(cells, strconv.Itoa(n))
		}
		cells = append(cells, strconv.Itoa(row.Total), row.Satisfied.Percent())
		t.Rows = append(t.Rows, cells)
	}
	return t
}

// serviceReportSections is the month's figures as the screen shows them,
// the same numbers the PDF and the workbook carry, as tables a supervisor
// reads at a glance: complaints by category, channel and outcome with
// the first answers in time; the follow-up calls in 72 hours and their
// scores; the ratings by service and clerk; the complaints still open
// with their age.
func serviceReportSections(r *forms.ServiceReport) []reportSection {
	complaints := reportSection{Heading: T("一、投诉"), Tables: []reportTable{{
		Header: []string{T("本月受理"), T("按期首次答复"), T("逾期答复"), T("尚未答复"), T("其中已超期")},
		Rows: [][]string{{strconv.Itoa(r.Complaints), withShare(r.AnsweredInTime, r.InTime), strconv.Itoa(r.AnsweredLate),
			strconv.Itoa(r.Unanswered), strconv.Itoa(r.OverdueNow)}},
	}}}
	byKind := reportSection{Side: true, Tables: []reportTable{
		countTable(T("按类别"), T("类别"), r.ByCategory, r.Complaints, false),
		countTable(T("按渠道"), T("渠道"), r.ByChannel, r.Complaints, true),
		countTable(T("按处理结果"), T("处理结果"), r.ByOutcome, r.Complaints, true),
	}}

	avg := "—"
	if r.ScoreCount > 0 {
		t := r.ScoreAverage.Tenths()
		avg = Tf("%d.%d 分", t/10, t%10)
	}
	scores := reportTable{Title: Tf("评分 %d 次，平均 %s", r.ScoreCount, avg), Header: []string{T("评分"), T("含义"), T("次数"), T("占比")}, Figures: 2}
	for _, l := range forms.FollowUpScale {
		n := r.Scores[l.Score]
		scores.Rows = append(scores.Rows, []string{Tf("%d分", l.Score), T(l.Name), strconv.Itoa(n), forms.Share{Num: n, Den: r.ScoreCount}.Percent()})
	}
	followUps := reportSection{Heading: T("二、回访"), Note: T(forms.FollowUpCountRule), Tables: []reportTable{{
		Header: []string{T("本月应回访"), T("按时完成"), T("其中按客户约定时间"), T("逾期完成"), T("无法联系"), T("其中匿名无联系方式"), T("尚未回访")},
		Rows: [][]string{{strconv.Itoa(r.FollowUpsDue), withShare(r.FollowUpsDoneInTime, r.FollowUpsInTime), strconv.Itoa(r.FollowUpsAtCustomersTime),
			strconv.Itoa(r.FollowUpsDoneLate), strconv.Itoa(r.FollowUpsUnreachable), strconv.Itoa(r.FollowUpsNoContact), strconv.Itoa(r.FollowUpsOpen)}},
	}, scores}}

	ratings := reportSection{Heading: T("三、客户评价"), Note: Tf("本月 %d 次，不满意及以下 %d 次。", r.Ratings, r.RatingsPoor),
		Tables: []reportTable{ratingTable(T("按服务事项"), T("服务事项"), r.RatingsByService), ratingTable(T("按经办人"), T("经办人"), r.RatingsByClerk)}}

	open := reportTable{Header: []string{T("编号"), T("类别"), T("负责人"), T("受理日期"), T("答复期限"), T("已过天数"), T("超期")},
		Figures: 5, Empty: T("没有未办结的投诉")}
	for _, o := range r.Open {
		late := ""
		if o.Overdue {
			late = T("已超期")
		}
		open.Rows = append(open.Rows, []string{o.Number, o.CategoryName, o.OwnerName, forms.FormatDate(o.ReceivedAt),
			forms.FormatDate(o.DueDay), strconv.Itoa(o.AgeDays), late})
	}
	openSection := reportSection{Heading: Tf("四、未办结投诉（截至 %s）：%d 件", forms.FormatDate(r.AsOf), len(r.Open)), Tables: []reportTable{open}}
	return []reportSection{complaints, byKind, followUps, ratings, openSection}
}

// serviceReportView draws the sections: bold headings, each table a grid
// of labels with a bold head row and striped rows, figures aligned right.
// Names longer than reportNameMax end in "…", so the screen keeps 1280 px
// whatever the names; the screen scrolls up and down only (a wheel over
// a table scrolls the report).
func serviceReportView(title string, sections []reportSection) fyne.CanvasObject {
	box := container.NewVBox(widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for _, sec := range sections {
		if sec.Heading != "" {
			box.Add(widget.NewSeparator())
			box.Add(widget.NewLabelWithStyle(sec.Heading, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		}
		if sec.Note != "" {
			box.Add(newWrappedText(sec.Note))
		}
		var tables []fyne.CanvasObject
		for _, t := range sec.Tables {
			tables = append(tables, reportTableView(t))
		}
		if sec.Side {
			row := container.NewHBox()
			for i, t := range tables {
				if i > 0 {
					row.Add(layout.NewSpacer())
				}
				row.Add(t)
			}
			row.Add(layout.NewSpacer())
			box.Add(row)
			continue
		}
		for _, t := range tables {
			box.Add(t)
		}
	}
	return box
}

// reportStripe is the faint background of every other row of a table.
var reportStripe = color.NRGBA{R: 0xf2, G: 0xf5, B: 0xfa, A: 0xff}

// reportTableView draws one table: its title, then the grid (or the
// Empty text when it has no rows).
func reportTableView(t reportTable) fyne.CanvasObject {
	box := container.NewVBox()
	if t.Title != "" {
		box.Add(widget.NewLabelWithStyle(t.Title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	if len(t.Rows) == 0 && t.Empty != "" {
		box.Add(widget.NewLabel(t.Empty))
		return box
	}
	cols := len(t.Header)
	var stripes, cells []fyne.CanvasObject
	add := func(row []string, head bool) {
		bg := canvas.NewRectangle(color.Transparent)
		if head {
			bg.FillColor = theme.Color(theme.ColorNameInputBackground)
		} else if len(stripes)%2 == 0 {
			bg.FillColor = reportStripe
		}
		stripes = append(stripes, bg)
		for i := 0; i < cols; i++ {
			text := ""
			if i < len(row) {
				text = row[i]
			}
			l := widget.NewLabel(text)
			l.TextStyle.Bold = head
			if i < t.Figures {
				l.Truncation = fyne.TextTruncateEllipsis
			} else {
				l.Alignment = fyne.TextAlignTrailing
			}
			cells = append(cells, l)
		}
	}
	add(t.Header, true)
	for _, row := range t.Rows {
		add(row, false)
	}
	box.Add(container.New(&gridTableLayout{cols: cols}, append(stripes, cells...)...))
	return box
}

// reportNameMax is the widest a name column of a report table gets (a
// service's, a clerk's or a category's name); a longer name ends in "…".
// reportFigureMin is the narrowest a column of figures gets, and
// reportColumnGap the space added between two columns.
const (
	reportNameMax   = 240
	reportFigureMin = 56
	reportColumnGap = 12
)

// gridTableLayout lays out a table's objects: first one background per
// row, then the cells row by row. Each column is as wide as its widest
// cell (a name column at most reportNameMax, a figure column at least
// reportFigureMin) plus reportColumnGap, each row as high as its highest;
// the table is as wide as its columns (it does not stretch), so a table
// of the longest names still fits 1280 px.
type gridTableLayout struct{ cols int }

// cellWidth is how wide a cell wants to be: a truncating label (a name)
// its text's width up to reportNameMax, any other its minimum.
func cellWidth(c fyne.CanvasObject) float32 {
	l, ok := c.(*widget.Label)
	if !ok || l.Truncation == fyne.TextTruncateOff {
		return max(c.MinSize().Width, reportFigureMin)
	}
	w := fyne.MeasureText(l.Text, theme.TextSize(), l.TextStyle).Width + 2*theme.InnerPadding()
	return min(w, reportNameMax)
}

// sizes returns the columns' widths and the rows' heights.
func (g *gridTableLayout) sizes(objects []fyne.CanvasObject) (widths, heights []float32) {
	rows := len(objects) / (g.cols + 1)
	cells := objects[rows:]
	widths = make([]float32, g.cols)
	heights = make([]float32, rows)
	for i, c := range cells {
		r, col := i/g.cols, i%g.cols
		widths[col] = max(widths[col], cellWidth(c)+reportColumnGap)
		heights[r] = max(heights[r], c.MinSize().Height)
	}
	return widths, heights
}

// Layout implements fyne.Layout.
func (g *gridTableLayout) Layout(objects []fyne.CanvasObject, _ fyne.Size) {
	widths, heights := g.sizes(objects)
	rows := len(heights)
	var total float32
	for _, w := range widths {
		total += w
	}
	var y float32
	for r := 0; r < rows; r++ {
		objects[r].Move(fyne.NewPos(0, y))
		objects[r].Resize(fyne.NewSize(total, heights[r]))
		var x float32
		for col := 0; col < g.cols; col++ {
			c := objects[rows+r*g.cols+col]
			c.Move(fyne.NewPos(x, y))
			c.Resize(fyne.NewSize(widths[col], heights[r]))
			x += widths[col]
		}
		y += heights[r]
	}
}

// MinSize implements fyne.Layout.
func (g *gridTableLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	widths, heights := g.sizes(objects)
	var s fyne.Size
	for _, w := range widths {
		s.Width += w
	}
	for _, h := range heights {
		s.Height += h
	}
	return s
}

// serviceReportTexts are the texts of people and names the report prints:
// the branch's name, the categories, the services' and clerks' names and
// the open complaints' owners, each by its row.
func serviceReportTexts(branch string, r *forms.ServiceReport) []printText {
	out := []printText{{field: T("网点全称"), text: branch}}
	for _, c := range r.ByCategory {
		out = append(out, printText{field: T("投诉类别"), text: c.Label})
	}
	for _, row := range r.RatingsByService {
		out = append(out, printText{field: T("服务事项"), text: row.Label})
	}
	for _, row := range r.RatingsByClerk {
		out = append(out, printText{field: T("经办人"), text: row.Label})
	}
	for _, o := range r.Open {
		out = append(out, printText{row: o.Number, field: T("负责人"), text: o.OwnerName})
	}
	return out
}

// onPrint prints the month's figures as one PDF.
func (s *serviceReportScreen) onPrint() {
	if s.report == nil {
		return
	}
	p := s.app.printout(forms.PrintServiceReport)
	p.ServiceReport = s.report
	s.app.print([]*forms.Printout{p}, serviceReportTexts(p.Station.BranchName, s.report), nil)
}

// fileStem is the workbook's file name without .xlsx: 服务月报_<code>_2026-10.
func (s *serviceReportScreen) fileStem() string {
	p := s.app.printout(forms.PrintServiceReport)
	p.ServiceReport = s.report
	return p.Name()
}

// onExport asks where to save the workbook and writes it there.
func (s *serviceReportScreen) onExport() {
	if s.report == nil {
		return
	}
	r := s.report
	s.workbook().ask(s.fileStem(), func(w io.WriteCloser, path string) { s.export(w, path, r) })
}

// workbook is the screen's side of the shared Excel export.
func (s *serviceReportScreen) workbook() workbookExport {
	return workbookExport{app: s.app, button: s.exportBtn, message: s.message, save: &s.save, logName: "service workbook"}
}

// export writes the workbook to w off the UI goroutine, closes it and
// says where it went, or why not.
func (s *serviceReportScreen) export(w io.WriteCloser, path string, r *forms.ServiceReport) {
	var st forms.Station
	if s.app.station != nil {
		st = *s.app.station
	}
	s.workbook().write(w, func(w io.Writer) error { return s.st.WriteServiceWorkbook(w, st, r) },
		Tf("已导出%s服务月报：%s", monthLabel(r.Year, r.Month), path), Tf("%s服务月报已导出到：\n%s", monthLabel(r.Year, r.Month), path))
}

// exportFailed tells the supervisor the workbook was not written, and why.
func (s *serviceReportScreen) exportFailed(err error) { s.workbook().failed(err) }
