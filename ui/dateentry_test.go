package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// TestDateEntry_EmptyUnlessGiven checks that a date entry never fills in a
// date by itself, that typing into an empty one gives exactly the typed
// date (not today's date with it appended: 2026-11-302019-03-05), that a
// half-typed date is no value, and that a whole date always fits.
func TestDateEntry_EmptyUnlessGiven(t *testing.T) {
	test.NewTempApp(t)
	test.ApplyTheme(t, Theme{})
	var got []time.Time
	e := newDateEntry(time.Time{}, func(d time.Time) { got = append(got, d) })
	w := test.NewWindow(widget.NewForm(widget.NewFormItem("入户日期", e)))
	defer w.Close()
	if e.Text != "" {
		t.Fatalf("a new date entry shows %q, want empty", e.Text)
	}
	if d, err := e.Date(); err != nil || !d.IsZero() {
		t.Fatalf("empty Date() = %v, %v; want the zero time and no error", d, err)
	}
	test.Type(e, "2019-03")
	if len(got) != 0 {
		t.Fatalf("a half-typed date was reported as %v", got)
	}
	if _, err := e.Date(); err == nil {
		t.Fatal("Date() of 2019-03 gave no error")
	}
	test.Type(e, "-05")
	if e.Text != "2019-03-05" {
		t.Fatalf("typed 2019-03-05, entry shows %q", e.Text)
	}
	want := time.Date(2019, 3, 5, 0, 0, 0, 0, time.Local)
	if len(got) != 1 || !got[0].Equal(want) {
		t.Fatalf("onChanged got %v, want [%v]", got, want)
	}
	e.SetText("2019-03-0")
	if len(got) != 2 || !got[1].IsZero() {
		t.Fatalf("after breaking the date onChanged got %v, want the zero time last", got)
	}
	e.SetText("")
	if len(got) != 2 {
		t.Fatalf("clearing an already invalid date reported again: %v", got)
	}

	// A given date is shown whole, in the station's format, however
	// narrow the form: the 容缺 dialog showed only "2026".
	g := newDateEntry(time.Date(2026, 12, 1, 0, 0, 0, 0, time.Local), nil)
	if g.Text != "2026-12-01" {
		t.Fatalf("initial date shows %q, want 2026-12-01", g.Text)
	}
	th := g.Theme()
	need := fyne.MeasureText("2026-12-01", th.Size("text"), fyne.TextStyle{}).Width
	if g.MinSize().Width < need+g.calendar.MinSize().Width {
		t.Fatalf("date entry min width %v cannot show a date (%v) and the calendar button", g.MinSize().Width, need)
	}
	g.Disable()
	if !g.calendar.Disabled() {
		t.Fatal("a disabled date entry left its calendar button usable")
	}
}

// TestDateEntry_CalendarPicks checks that the calendar button opens a
// calendar and that picking fills the entry.
func TestDateEntry_CalendarPicks(t *testing.T) {
	test.NewTempApp(t)
	test.ApplyTheme(t, Theme{})
	var got time.Time
	e := newDateEntry(time.Date(2026, 3, 1, 0, 0, 0, 0, time.Local), func(d time.Time) { got = d })
	w := test.NewWindow(e)
	defer w.Close()
	w.Resize(fyne.NewSize(400, 400))
	test.Tap(e.calendar)
	if e.popUp == nil || !e.popUp.Visible() {
		t.Fatal("the calendar button opened no calendar")
	}
	var day *widget.Button
	for _, o := range test.LaidOutObjects(e.popUp) {
		if b, ok := o.(*widget.Button); ok && b.Text == "17" {
			day = b
		}
	}
	if day == nil {
		t.Fatal("no day 17 in the calendar")
	}
	test.Tap(day)
	if e.Text != "2026-03-17" || !got.Equal(time.Date(2026, 3, 17, 0, 0, 0, 0, time.Local)) {
		t.Fatalf("picked the 17th: entry %q, onChanged %v", e.Text, got)
	}
	if e.popUp.Visible() {
		t.Fatal("the calendar stayed open after a pick")
	}
}

// TestDateEntry_InvalidQuotesWholeText: typing a text that is not a date
// tells the screen the error of the whole text each time it changes (the
// 日结 screen showed 日期“a” for abc: only the first keystroke was told),
// and a full-width date is accepted.
func TestDateEntry_InvalidQuotesWholeText(t *testing.T) {
	test.NewTempApp(t)
	test.ApplyTheme(t, Theme{})
	for _, c := range []struct{ in, msg string }{
		{"abc", "日期“abc”格式不正确"},
		{"2026-13-01", "日期“2026-13-01”不存在"},
		{"２０２６-１１-３０", ""},
	} {
		var got time.Time
		var msg string
		e := newDateEntry(time.Time{}, func(d time.Time) { got = d })
		e.SetOnInvalid(func(err error) { msg = forms.ErrorMessage(err) })
		w := test.NewWindow(e)
		test.Type(&e.Entry, c.in)
		w.Close()
		if c.msg == "" {
			if want := time.Date(2026, 11, 30, 0, 0, 0, 0, time.Local); !got.Equal(want) {
				t.Errorf("typed %q: date %v, want %v", c.in, got, want)
			}
			continue
		}
		if msg != c.msg+"，请按 2026-03-05 的格式填写" && msg != c.msg+"，请核对年月日" {
			t.Errorf("typed %q: message %q, want %q…", c.in, msg, c.msg)
		}
	}
}
