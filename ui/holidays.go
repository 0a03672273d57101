package ui

import (
	"context"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// holidayStore is what the holiday calendar dialog needs from the
// station's database; every method is one transaction.
type holidayStore interface {
	HolidayCalendars(ctx context.Context) (forms.HolidayCalendars, error)
	SetHolidayCalendar(ctx context.Context, a forms.Actor, h forms.HolidayCalendar) error
}

// holidayDialog is the supervisor's editor of one year's public holidays
// and make-up working days (调休), which a loss period counted in working
// days uses (forms.HolidayCalendars). The dates are typed one per line or
// separated by commas; the year's saved calendar is shown when the year is
// typed.
type holidayDialog struct {
	app      *App
	st       holidayStore
	year     *widget.Entry
	holidays *widget.Entry
	workdays *widget.Entry
	message  *wrappedText
	save     *widget.Button
	dialog   dialog.Dialog
	cals     forms.HolidayCalendars // read on the UI goroutine only
}

// showHolidays opens the editor on this year's calendar.
func (u *App) showHolidays() *holidayDialog {
	h := &holidayDialog{app: u, st: u.store}
	h.year = widget.NewEntry()
	h.year.OnChanged = func(string) { h.showYear() }
	h.holidays = widget.NewMultiLineEntry()
	h.holidays.SetPlaceHolder(T("放假日，如 2026-10-01，每行一个或用逗号分开"))
	h.holidays.SetMinRowsVisible(5)
	h.workdays = widget.NewMultiLineEntry()
	h.workdays.SetPlaceHolder(T("调休上班的周六、周日，如 2026-10-10"))
	h.workdays.SetMinRowsVisible(3)
	h.message = newWrappedText("")
	h.message.Importance = widget.DangerImportance
	h.save = widget.NewButton(T("保存该年安排"), h.onSave)
	h.save.Importance = widget.HighImportance
	closeBtn := widget.NewButton(T("关闭"), func() { h.dialog.Hide() })
	note := newWrappedText(T("挂失期按工作日计算时，周一至周五上班，放假日不算，调休上班日算工作日。每年一份，已办理的声明不受修改影响。"))
	form := widget.NewForm(
		widget.NewFormItem(T("年份"), h.year),
		widget.NewFormItem(T("放假日"), h.holidays),
		widget.NewFormItem(T("调休上班日"), h.workdays),
	)
	h.dialog = dialog.NewCustomWithoutButtons(T("节假日和调休安排"),
		container.NewVBox(note, form, h.message, container.NewHBox(h.save, closeBtn)), u.win)
	h.dialog.Resize(fyne.NewSize(640, 520))
	h.dialog.Show()
	var cals forms.HolidayCalendars
	u.async(func(ctx context.Context) error {
		var err error
		cals, err = h.st.HolidayCalendars(ctx)
		return err
	}, func() {
		h.cals = cals
		h.year.SetText(strconv.Itoa(u.now().Year()))
	})
	return h
}

// showYear fills the dates of the typed year's saved calendar.
func (h *holidayDialog) showYear() {
	y, ok := forms.ParseWhole(h.year.Text)
	if !ok {
		return
	}
	c := h.cals[y]
	h.holidays.SetText(joinDays(c.Holidays))
	h.workdays.SetText(joinDays(c.Workdays))
}

func joinDays(days []time.Time) string {
	var out []string
	for _, d := range days {
		out = append(out, forms.FormatDate(d))
	}
	return strings.Join(out, "\n")
}

// onSave checks and saves the year; a refusal stays in the dialog.
func (h *holidayDialog) onSave() {
	h.message.Importance = widget.DangerImportance // a refusal; a save is shown as a success
	h.message.SetText("")
	y, ok := forms.ParseWhole(h.year.Text)
	if !ok {
		h.message.SetText(T("请填写年份，如 2026"))
		return
	}
	cal := forms.HolidayCalendar{Year: y}
	var err error
	if cal.Holidays, err = forms.ParseDays(h.holidays.Text, "放假日"); err != nil {
		h.message.SetText(forms.ErrorMessage(err))
		return
	}
	if cal.Workdays, err = forms.ParseDays(h.workdays.Text, "调休上班日"); err != nil {
		h.message.SetText(forms.ErrorMessage(err))
		return
	}
	if err := cal.Validate(); err != nil {
		h.message.SetText(forms.ErrorMessage(err))
		return
	}
	a := h.app.actor()
	var cals forms.HolidayCalendars
	h.app.run(func(ctx context.Context) error {
		if err := h.st.SetHolidayCalendar(ctx, a, cal); err != nil {
			return err
		}
		var err error
		cals, err = h.st.HolidayCalendars(ctx)
		return err
	}, func(err error) {
		if err != nil {
			h.message.SetText(forms.ErrorMessage(err))
			return
		}
		h.cals = cals
		h.message.Importance = widget.SuccessImportance
		h.message.SetText(Tf("已保存%d年：放假%d天，调休上班%d天", y, len(cal.Holidays), len(cal.Workdays)))
	})
}
