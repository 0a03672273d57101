package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// dateEntry is the station's date input: typed as 2026-03-05 (or any form
// forms.ParseDate reads) or picked from a calendar. It starts empty unless
// given a date and never fills in today by itself, since a made-up date
// saved as true is worse than none.
//
// Fyne's own widget.DateEntry is not used because it parses and writes the
// OS locale's format (01/02/2006 on an English Windows), while the station
// and every printed document use 2006-01-02 whatever the locale.
type dateEntry struct {
	widget.Entry

	onChanged func(time.Time)
	last      time.Time // what onChanged was last told
	// onInvalid (may be nil) is told, on every change of the text while
	// it is not a date, the parser's error for the whole text as it now
	// stands: a screen that shows why its date is refused then never
	// quotes a stale first keystroke (日期“a” when abc was typed).
	onInvalid func(error)
	calendar  *widget.Button
	popUp     *widget.PopUp
}

// newDateEntry returns an empty date entry (initial is the zero time) or
// one showing initial. onChanged (may be nil) runs on the UI goroutine
// whenever the date the text stands for changes: the parsed date once the
// text is a complete date, the zero time when it is cleared or stops being
// one, so a half-typed date is never taken for a value.
func newDateEntry(initial time.Time, onChanged func(time.Time)) *dateEntry {
	e := &dateEntry{}
	e.ExtendBaseWidget(e)
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.SetPlaceHolder(T("年-月-日，如 2026-03-05"))
	e.Validator = func(s string) error {
		if s == "" {
			return nil
		}
		_, err := forms.ParseDate(s)
		return err
	}
	// The calendar button comes before any text: SetText refreshes the
	// entry, which makes its renderer, and a renderer made without the
	// action item never shows it (the accept dialog's 户籍卡归还日期 had
	// no calendar button).
	e.calendar = widget.NewButtonWithIcon("", theme.Icon(theme.IconNameCalendar), e.showCalendar)
	e.calendar.Importance = widget.LowImportance
	e.ActionItem = e.calendar
	if !initial.IsZero() {
		e.SetText(forms.FormatDate(initial))
		e.last = forms.Day(initial)
	}
	e.Entry.OnChanged = e.textChanged
	e.onChanged = onChanged
	return e
}

// Date returns the date typed or picked: the zero time and nil when the
// entry is empty, an EINVALID error with the Chinese reason when the text
// is not a date.
func (e *dateEntry) Date() (time.Time, error) {
	if forms.Normalize(e.Text) == "" {
		return time.Time{}, nil
	}
	return forms.ParseDate(e.Text)
}

// SetDate shows d (the zero time empties the entry) and tells onChanged.
func (e *dateEntry) SetDate(d time.Time) {
	e.SetText(forms.FormatDate(d))
}

// SetOnInvalid sets f to be told, on the UI goroutine, the error of the
// whole text each time the text changes and is not a date (nil stops it).
func (e *dateEntry) SetOnInvalid(f func(error)) { e.onInvalid = f }

func (e *dateEntry) textChanged(s string) {
	d, err := forms.ParseDate(s)
	if err != nil {
		d = time.Time{}
		if e.onInvalid != nil && forms.Normalize(s) != "" {
			e.onInvalid(err)
		}
	}
	if d.Equal(e.last) {
		return
	}
	e.last = d
	if e.onChanged != nil {
		e.onChanged(d)
	}
}

// showCalendar opens a month calendar below the entry, at the entered
// date's month, else this month (only to show a page: nothing is filled
// in until the clerk picks a day).
func (e *dateEntry) showCalendar() {
	c := fyne.CurrentApp().Driver().CanvasForObject(e)
	if c == nil || e.Disabled() {
		return
	}
	month := time.Now()
	if d, err := e.Date(); err == nil && !d.IsZero() {
		month = d
	}
	cal := newMonthCalendar(month, func(d time.Time) {
		if e.popUp != nil {
			e.popUp.Hide()
		}
		e.SetDate(d)
	})
	e.popUp = widget.NewPopUp(cal.content, c)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(e)
	e.popUp.ShowAtPosition(pos.Add(fyne.NewPos(0, e.Size().Height)))
}

// Disable greys out the entry and its calendar button.
func (e *dateEntry) Disable() {
	e.calendar.Disable()
	e.Entry.Disable()
}

// Enable makes the entry and its calendar button usable again.
func (e *dateEntry) Enable() {
	e.calendar.Enable()
	e.Entry.Enable()
}

// MinSize is wide enough to show a whole date and the calendar button,
// so a form or dialog never cuts the date to "2026".
func (e *dateEntry) MinSize() fyne.Size {
	e.ExtendBaseWidget(e)
	min := e.Entry.MinSize()
	th := e.Theme()
	text := fyne.MeasureText("2026-03-05 00", th.Size(theme.SizeNameText), fyne.TextStyle{})
	w := text.Width + 2*th.Size(theme.SizeNameInnerPadding) + e.calendar.MinSize().Width + th.Size(theme.SizeNamePadding)
	if min.Width < w {
		min.Width = w
	}
	return min
}

// monthCalendar is the date entry's pop-up: one month's days under the
// month's name and its arrows, weeks from Monday. Fyne's own calendar
// names the month with Go's time format, in English ("November 2026")
// whatever the language, so the station draws its own.
type monthCalendar struct {
	month   time.Time // the first of the month on show
	title   *widget.Label
	days    *fyne.Container
	content fyne.CanvasObject
	pick    func(time.Time)
}

func newMonthCalendar(month time.Time, pick func(time.Time)) *monthCalendar {
	m := &monthCalendar{title: widget.NewLabel(""), days: container.New(calendarGrid{}), pick: pick}
	m.title.Alignment = fyne.TextAlignCenter
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { m.show(m.month.AddDate(0, -1, 0)) })
	next := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { m.show(m.month.AddDate(0, 1, 0)) })
	prev.Importance, next.Importance = widget.LowImportance, widget.LowImportance
	m.content = container.NewBorder(container.NewBorder(nil, nil, prev, next, m.title), nil, nil, nil, m.days)
	m.show(month)
	return m
}

// monthTitle names a month: 2026年11月, or November 2026 in English.
func monthTitle(month time.Time) string {
	if english {
		return month.Format("January 2006")
	}
	return fmt.Sprintf("%d年%d月", month.Year(), int(month.Month()))
}

// show puts the month of d on show.
func (m *monthCalendar) show(d time.Time) {
	m.month = time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, d.Location())
	m.title.SetText(monthTitle(m.month))
	var cells []fyne.CanvasObject
	for i := 0; i < 7; i++ {
		// Fyne's own translations of the weekdays, as its calendar had.
		day := time.Weekday((i + 1) % 7).String()
		long := lang.X(strings.ToLower(day), day)
		l := widget.NewLabel(strings.ToUpper(lang.X(strings.ToLower(day)+".short", long[:3])))
		l.Alignment = fyne.TextAlignCenter
		cells = append(cells, l)
	}
	for i := 0; i < (int(m.month.Weekday())+6)%7; i++ {
		cells = append(cells, layout.NewSpacer())
	}
	for day := m.month; day.Month() == m.month.Month(); day = day.AddDate(0, 0, 1) {
		day := day
		b := widget.NewButton(strconv.Itoa(day.Day()), func() { m.pick(day) })
		b.Importance = widget.LowImportance
		cells = append(cells, b)
	}
	m.days.Objects = cells
	m.days.Refresh()
}

// calendarGrid lays the calendar's cells out seven to a row in cells of
// one size, without the padding of a grid, so a month fits under a date
// entry near the bottom of a 640 px window.
type calendarGrid struct{}

var calendarCell = fyne.NewSize(44, 32)

func (calendarGrid) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	w := size.Width / 7
	for i, o := range objects {
		o.Move(fyne.NewPos(float32(i%7)*w, float32(i/7)*calendarCell.Height))
		o.Resize(fyne.NewSize(w, calendarCell.Height))
	}
}

func (calendarGrid) MinSize(objects []fyne.CanvasObject) fyne.Size {
	rows := (len(objects) + 6) / 7
	return fyne.NewSize(7*calendarCell.Width, float32(rows)*calendarCell.Height)
}
