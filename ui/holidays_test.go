package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// TestHolidays_SupervisorKeepsTheYear saves a year's holidays and 调休 from
// the settings screen: a make-up working day on a weekday and a date of
// another year are refused in the dialog with nothing saved; the good
// calendar is saved and shown again; a clerk's button is disabled.
func TestHolidays_SupervisorKeepsTheYear(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	s := h.app.home.settings
	if s.holidays.Disabled() {
		t.Fatal("a supervisor cannot open the holiday calendar")
	}
	test.Tap(s.holidays)
	h.wait()
	d := h.app.showHolidays()
	h.wait()
	if d.year.Text != "2026" {
		t.Fatalf("year %q, want this year", d.year.Text)
	}
	h.typeInto(d.holidays, "2026-10-01，2026-10-02\n2026-10-03")
	h.typeInto(d.workdays, "2026-10-09")
	test.Tap(d.save)
	h.wait()
	if !strings.Contains(d.message.Text, "调休上班日 2026-10-09 是周五") {
		t.Fatalf("weekday make-up day: %q", d.message.Text)
	}
	h.typeInto(d.workdays, "2027-01-02")
	test.Tap(d.save)
	h.wait()
	if !strings.Contains(d.message.Text, "不在2026年内") {
		t.Fatalf("another year: %q", d.message.Text)
	}
	if cals, _ := h.db.HolidayCalendars(ctx); len(cals) != 0 {
		t.Fatalf("a refused calendar was saved: %+v", cals)
	}
	h.typeInto(d.workdays, "2026-10-10")
	test.Tap(d.save)
	h.wait()
	if !strings.Contains(d.message.Text, "已保存2026年：放假3天，调休上班1天") {
		t.Fatalf("saved: %q", d.message.Text)
	}
	if d.message.Importance != widget.SuccessImportance {
		t.Errorf("the save is reported with importance %v, not as a success", d.message.Importance)
	}
	cals, err := h.db.HolidayCalendars(ctx)
	if err != nil || len(cals[2026].Holidays) != 3 || forms.FormatDate(cals[2026].Workdays[0]) != "2026-10-10" {
		t.Fatalf("calendars %+v, %v", cals, err)
	}
	// A refusal after a save is shown as an error again.
	h.typeInto(d.year, "二〇二六")
	test.Tap(d.save)
	h.wait()
	if !strings.Contains(d.message.Text, "请填写年份") || d.message.Importance != widget.DangerImportance {
		t.Errorf("refusal after a save: %q with importance %v", d.message.Text, d.message.Importance)
	}
	d.dialog.Hide()
	again := h.app.showHolidays()
	h.wait()
	if again.holidays.Text != "2026-10-01\n2026-10-02\n2026-10-03" || again.workdays.Text != "2026-10-10" {
		t.Fatalf("reopened: %q / %q", again.holidays.Text, again.workdays.Text)
	}
}
