package ui

import (
	"context"
	"io"
	"log"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
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

	picker    *monthPicker // 年份/月份
	message   *wrappedText // why the month could not be shown or exported
	figures   *widget.Label
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
	s.figures = widget.NewLabel("")
	s.figures.Wrapping = fyne.TextWrapWord
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
		s.report = r
		s.message.Hide()
		s.figures.SetText(serviceReportText(r))
		s.printBtn.Enable()
		s.exportBtn.Enable()
	})
}

// fail shows why the month is not shown and clears the figures.
func (s *serviceReportScreen) fail(err error) {
	if forms.ErrorCode(err) == forms.EINTERNAL {
		log.Printf("service report: %v", err)
	}
	s.report = nil
	s.message.SetText(forms.ErrorMessage(err))
	s.message.Show()
	s.figures.SetText("")
	s.printBtn.Disable()
	s.exportBtn.Disable()
}

// serviceReportText is the month's figures as the screen shows them, the
// same numbers the PDF and the workbook carry.
func serviceReportText(r *forms.ServiceReport) string {
	var b strings.Builder
	line := func(format string, args ...any) { b.WriteString(Tf(format, args...) + "\n") }
	counts := func(title string, rows []forms.CountRow) {
		var parts []string
		for _, c := range rows {
			parts = append(parts, Tf("%s %d", c.Label, c.Count))
		}
		line("%s：%s", title, strings.Join(parts, "，"))
	}
	if r.Running() {
		line("%s（本月尚未结束，统计至 %s）", r.Label(), forms.FormatDate(r.AsOf))
	} else {
		line("%s（%s 至 %s）", r.Label(), forms.FormatDate(r.From), forms.FormatDate(r.AsOf))
	}
	line("")
	line("一、投诉：本月受理 %d 件；按期首次答复 %d 件（%s），逾期答复 %d 件，尚未答复 %d 件（其中已超期 %d 件）。",
		r.Complaints, r.AnsweredInTime, r.InTime.Percent(), r.AnsweredLate, r.Unanswered, r.OverdueNow)
	counts(T("按类别"), r.ByCategory)
	counts(T("按渠道"), r.ByChannel)
	counts(T("按处理结果"), r.ByOutcome)
	line("")
	avg := "—"
	if r.ScoreCount > 0 {
		t := r.ScoreAverage.Tenths()
		avg = Tf("%d.%d 分", t/10, t%10)
	}
	line("二、回访：本月应回访 %d 件；72小时内完成 %d 件（%s），超过72小时完成 %d 件，无法联系 %d 件，尚未回访 %d 件。",
		r.FollowUpsDue, r.FollowUpsDoneInTime, r.FollowUpsInTime.Percent(), r.FollowUpsDoneLate, r.FollowUpsUnreachable, r.FollowUpsOpen)
	var scores []string
	for _, l := range forms.FollowUpScale {
		scores = append(scores, Tf("%d分%s %d", l.Score, l.Name, r.Scores[l.Score]))
	}
	line("评分 %d 次，平均 %s：%s", r.ScoreCount, avg, strings.Join(scores, "，"))
	line("")
	line("三、客户评价：本月 %d 次，不满意及以下 %d 次。", r.Ratings, r.RatingsPoor)
	for _, part := range []struct {
		title string
		rows  []forms.RatingRow
	}{{T("按服务事项"), r.RatingsByService}, {T("按经办人"), r.RatingsByClerk}} {
		for _, row := range part.rows {
			var lv []string
			for i, l := range forms.RatingLevels {
				if row.Counts[i] > 0 {
					lv = append(lv, Tf("%s %d", l.Label(), row.Counts[i]))
				}
			}
			line("%s · %s：共 %d 次（%s），满意率 %s", part.title, row.Label, row.Total, strings.Join(lv, "，"), row.Satisfied.Percent())
		}
	}
	line("")
	line("四、未办结投诉（截至 %s）：%d 件", forms.FormatDate(r.AsOf), len(r.Open))
	for _, o := range r.Open {
		late := ""
		if o.Overdue {
			late = T("，已超期")
		}
		line("%s %s，负责人 %s，受理 %s，答复期限 %s，已过 %d 天%s", o.Number, o.CategoryName, o.OwnerName,
			forms.FormatDate(o.ReceivedAt), forms.FormatDate(o.DueDay), o.AgeDays, late)
	}
	return strings.TrimRight(b.String(), "\n")
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
		Tf("已导出%s服务月报：%s", r.Label(), path), Tf("%s服务月报已导出到：\n%s", r.Label(), path))
}

// exportFailed tells the supervisor the workbook was not written, and why.
func (s *serviceReportScreen) exportFailed(err error) { s.workbook().failed(err) }
