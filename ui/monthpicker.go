package ui

import (
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// monthPicker is the 年份/月份 choice that the month report and the
// service report share: this year and the monthReportYears-1 before it
// (none before forms.MonthReportFirstYear), the twelve months, and the
// month just ended chosen at first when its year is in the list.
type monthPicker struct {
	year, month *widget.Select
	// picking is set while the program sets both choices, so that
	// onChange runs once, afterwards, not for each.
	picking bool
}

// newMonthPicker returns the choice as of today; onChange runs when the
// clerk changes the year or the month.
func newMonthPicker(today time.Time, onChange func()) *monthPicker {
	p := &monthPicker{}
	var years []string
	for y := today.Year(); y > today.Year()-monthReportYears && y >= forms.MonthReportFirstYear; y-- {
		years = append(years, strconv.Itoa(y))
	}
	var months []string
	for m := 1; m <= 12; m++ {
		months = append(months, Tf("%d月", m))
	}
	changed := func(string) {
		if !p.picking {
			onChange()
		}
	}
	p.year = widget.NewSelect(years, changed)
	p.month = widget.NewSelect(months, changed)
	p.year.PlaceHolder, p.month.PlaceHolder = T("选择年份"), T("选择月份")
	last := forms.MonthStart(today.Year(), today.Month()).AddDate(0, -1, 0)
	if last.Year() > today.Year()-monthReportYears {
		p.pick(last.Year(), last.Month())
	}
	return p
}

// content returns the labelled year and month choices in a row, each
// wide enough for its longest choice (in English the month read "Mont…").
func (p *monthPicker) content() fyne.CanvasObject {
	return container.NewHBox(widget.NewLabel(T("年份")), wideSelect(p.year), widget.NewLabel(T("月份")), wideSelect(p.month))
}

// wideSelect lays out s at least as wide as its longest option and its
// placeholder, with room for the drop-down arrow.
func wideSelect(s *widget.Select) fyne.CanvasObject {
	w := s.MinSize().Width
	for _, o := range append([]string{s.PlaceHolder}, s.Options...) {
		w = max(w, fyne.MeasureText(o, theme.TextSize(), fyne.TextStyle{}).Width+theme.IconInlineSize()+6*theme.InnerPadding())
	}
	return container.New(layout.NewGridWrapLayout(fyne.NewSize(w, s.MinSize().Height)), s)
}

// pick chooses year and month without running onChange.
func (p *monthPicker) pick(year int, month time.Month) {
	p.picking = true
	p.year.SetSelected(strconv.Itoa(year))
	p.month.SetSelectedIndex(int(month) - 1)
	p.picking = false
}

// chosen returns the year and month picked, and false while either is not.
func (p *monthPicker) chosen() (int, time.Month, bool) {
	y, err := strconv.Atoi(p.year.Selected)
	if err != nil || p.month.SelectedIndex() < 0 {
		return 0, 0, false
	}
	return y, time.Month(p.month.SelectedIndex() + 1), true
}
