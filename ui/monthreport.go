package ui

import (
	"context"
	"io"
	"log"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// monthReportStore is what the month report needs from the station's
// database.
type monthReportStore interface {
	// MonthReport reads the month for finance: the day-end totals of
	// every day, the month's, and the deposits held at its end.
	MonthReport(ctx context.Context, year int, month time.Month) (*forms.MonthReport, error)
	// WriteMonthWorkbook writes the report as an .xlsx workbook (sheets
	// 日汇总 and 在押保障金).
	WriteMonthWorkbook(w io.Writer, r *forms.MonthReport) error
}

// monthReportYears is how many years back the year choice goes.
const monthReportYears = 10

// monthColumns are the per-day table's columns; the figures are the
// day-end report's (forms.Totals).
var monthColumns = []string{"日期", "收据", "作废", "收费", "收保障金", "现金收款", "银行卡收款", "移动支付收款", "退还保障金", "应有现金", "日结核对"}

// monthReportScreen is the month for finance (月报): the clerk picks a
// year and a month and sees one row per day with the day-end report's
// totals and a 合计 row, a summary with the deposits held at the month's
// end, and prints the report (one PDF) or exports it as an Excel
// workbook for finance.
type monthReportScreen struct {
	app  *App
	st   monthReportStore
	root fyne.CanvasObject

	picker    *monthPicker // 年份/月份
	summary   *widget.Label
	message   *wrappedText // why the month could not be shown or exported
	table     *widget.Table
	printBtn  *widget.Button
	exportBtn *widget.Button

	report *forms.MonthReport
	seq    int // the newest load; older answers are dropped
	// shown is set once the tab was shown: nothing is read before, so
	// logging in never waits for a month of receipts.
	shown bool
	// save is the file-save dialog on show, for tests.
	save *dialog.FileDialog
}

func newMonthReportScreen(u *App) *monthReportScreen {
	s := &monthReportScreen{app: u, st: u.store}
	s.picker = newMonthPicker(u.now(), s.load)
	s.summary = widget.NewLabel("")
	s.summary.Wrapping = fyne.TextWrapWord
	s.message = newWrappedText("")
	s.message.Importance = widget.DangerImportance
	s.message.Hide()
	s.table = widget.NewTableWithHeaders(
		func() (int, int) {
			if s.report == nil {
				return 0, len(monthColumns)
			}
			return len(s.report.Days) + 1, len(monthColumns)
		},
		func() fyne.CanvasObject { return widget.NewLabel("¥1,234,567.89") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			l.TextStyle.Bold = s.report != nil && id.Row == len(s.report.Days) // 合计
			if id.Col == 0 || id.Col == len(monthColumns)-1 {
				l.Alignment = fyne.TextAlignLeading
			} else {
				l.Alignment = fyne.TextAlignTrailing
			}
			l.Text = s.cell(id.Row, id.Col)
			l.Refresh()
		})
	s.table.ShowHeaderColumn = false
	s.table.CreateHeader = func() fyne.CanvasObject { return widget.NewLabel("") }
	s.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Row < 0 && id.Col >= 0 {
			o.(*widget.Label).SetText(T(monthColumns[id.Col]))
		}
	}
	for i, w := range []float32{100, 60, 60, 110, 110, 120, 110, 120, 110, 120, 100} {
		s.table.SetColumnWidth(i, w)
	}
	s.printBtn = widget.NewButton(T("打印月报"), s.onPrint)
	s.printBtn.Importance = widget.HighImportance
	s.exportBtn = widget.NewButton(T("导出Excel"), s.onExport)
	s.printBtn.Disable()
	s.exportBtn.Disable()
	pick := s.picker.content()
	top := container.NewVBox(container.NewBorder(nil, nil, pick, container.NewHBox(s.exportBtn, s.printBtn)), s.message, s.summary)
	s.root = container.NewBorder(top, nil, nil, nil, s.table)
	return s
}

// content returns the screen; it reads the month when first shown
// (onShown).
func (s *monthReportScreen) content() fyne.CanvasObject {
	return s.root
}

// onShown reads the chosen month again whenever the tab is shown: the
// day's receipts go on while the clerk looks elsewhere.
func (s *monthReportScreen) onShown() {
	s.shown = true
	s.load()
}

// show picks a month and loads it.
func (s *monthReportScreen) show(year int, month time.Month) {
	s.shown = true
	s.picker.pick(year, month)
	s.load()
}

// load reads the chosen month off the UI goroutine and shows it; a month
// the store refuses (one that has not begun) says why above the table.
func (s *monthReportScreen) load() {
	year, month, ok := s.picker.chosen()
	if !ok || !s.shown {
		return
	}
	s.seq++
	seq := s.seq
	var r *forms.MonthReport
	s.app.run(func(ctx context.Context) error {
		var err error
		r, err = s.st.MonthReport(ctx, year, month)
		return err
	}, func(err error) {
		if seq != s.seq {
			return // the clerk picked another month meanwhile
		}
		if err != nil {
			if forms.ErrorCode(err) == forms.EINTERNAL {
				log.Printf("month report: %v", err)
			}
			s.report = nil
			s.message.SetText(forms.ErrorMessage(err))
			s.message.Show()
			s.summary.SetText("")
			s.printBtn.Disable()
			s.exportBtn.Disable()
			s.table.Refresh()
			return
		}
		s.report = r
		s.message.Hide()
		s.summary.SetText(s.summaryText())
		s.printBtn.Enable()
		s.exportBtn.Enable()
		s.table.Refresh()
		s.table.ScrollToTop()
	})
}

// summaryText says what the month comes to, in one paragraph.
func (s *monthReportScreen) summaryText() string {
	r := s.report
	t := &r.Totals
	head := Tf("%s：", r.Label())
	if r.Running() {
		head = Tf("%s（本月尚未结束，统计至 %s）：", r.Label(), forms.FormatDate(r.AsOf))
	}
	return head + Tf("有效收据 %d 张，作废 %d 张；收款合计 %s，退还保障金 %s，应有现金 %s；日结已核对 %d 天，共 %d 天。月末在押保障金 %d 笔，合计 %s。",
		t.Receipts, t.Voided, t.TotalReceived(), t.DepositsRefunded, t.Cash(), r.CheckedDays(), len(r.Days), r.HeldCount, r.HeldTotal)
}

// cell returns the text of a cell: a day's row, or the 合计 row after the
// last day.
func (s *monthReportScreen) cell(row, col int) string {
	r := s.report
	if r == nil || row < 0 || row > len(r.Days) {
		return ""
	}
	var t *forms.Totals
	var label, checked string
	if row == len(r.Days) {
		t, label = &r.Totals, T("合计")
		checked = Tf("%d/%d 天", r.CheckedDays(), len(r.Days))
	} else {
		d := &r.Days[row]
		t, label = &d.Totals, forms.FormatDate(d.Day)
		if d.Checked {
			checked = Tf("已核对（%s）", d.CheckedBy)
		} else {
			checked = T("未核对")
		}
	}
	switch col {
	case 0:
		return label
	case 1:
		return strconv.Itoa(t.Receipts)
	case 2:
		return strconv.Itoa(t.Voided)
	case 3:
		return t.Fees.String()
	case 4:
		return t.DepositsTaken.String()
	case 5:
		return t.Received[forms.PayCash].String()
	case 6:
		return t.Received[forms.PayCard].String()
	case 7:
		return t.Received[forms.PayMobile].String()
	case 8:
		return t.DepositsRefunded.String()
	case 9:
		return t.Cash().String()
	case 10:
		return checked
	}
	return ""
}

// onPrint prints the month as one PDF.
func (s *monthReportScreen) onPrint() {
	if s.report == nil {
		return
	}
	p := s.app.printout(forms.PrintMonthReport)
	p.MonthReport = s.report
	s.app.print([]*forms.Printout{p}, monthReportTexts(s.report), nil)
}

// onExport asks where to save the workbook and writes it there.
func (s *monthReportScreen) onExport() {
	if s.report == nil {
		return
	}
	r := s.report
	s.workbook().ask(r.FileStem(), func(w io.WriteCloser, path string) { s.export(w, path, r) })
}

// workbook is the screen's side of the shared Excel export.
func (s *monthReportScreen) workbook() workbookExport {
	return workbookExport{app: s.app, button: s.exportBtn, message: s.message, save: &s.save, logName: "month workbook"}
}

// export writes the report's workbook to w off the UI goroutine, closes
// it and says where it went; a failure (a full or removed USB stick, a
// folder without write access) says so in Chinese and what to do.
func (s *monthReportScreen) export(w io.WriteCloser, path string, r *forms.MonthReport) {
	s.workbook().write(w, func(w io.Writer) error { return s.st.WriteMonthWorkbook(w, r) },
		Tf("已导出%s月报：%s", r.Label(), path), Tf("%s月报已导出到：\n%s", r.Label(), path))
}

// exportFailed tells the clerk the workbook was not written, and why.
func (s *monthReportScreen) exportFailed(err error) { s.workbook().failed(err) }
