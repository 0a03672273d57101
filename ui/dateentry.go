package ui

import (
	"time"

	"fyne.io/fyne/v2"
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

func (e *dateEntry) textChanged(s string) {
	d, err := forms.ParseDate(s)
	if err != nil {
		d = time.Time{}
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
	cal := widget.NewCalendar(month, func(d time.Time) {
		if e.popUp != nil {
			e.popUp.Hide()
		}
		e.SetDate(d)
	})
	e.popUp = widget.NewPopUp(cal, c)
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
