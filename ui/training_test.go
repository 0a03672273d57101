package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"counterdesk/assets"
	"counterdesk/forms"
	"counterdesk/store"
)

// newTrainingHarness is newHarness on a small training station made by
// store.Demo (the same as `counterdesk demo`), opened after its last day.
func newTrainingHarness(t *testing.T) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	test.ApplyTheme(t, Theme{})
	cat, err := forms.ParseCatalogue(assets.Catalogue)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "练习 站点")
	plan := forms.DemoPlan{Customers: 30, Cases: 40, Days: 10, Seed: 3, End: testDay, Password: "lianxi2026", Catalogue: cat}
	if _, err := store.Demo(context.Background(), dir, plan, nil); err != nil {
		t.Fatal(err)
	}
	clock := &testClock{now: testDay.Add(time.Minute)}
	db, err := store.OpenClock(context.Background(), filepath.Join(dir, store.DBFileName), clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	pr := &fakePrinter{}
	u := New(a, db, pr, cat)
	u.now = clock.Now
	u.inline = true
	u.win.Resize(fyne.NewSize(1200, 780))
	return &harness{t: t, app: u, db: db, pr: pr, clock: clock}
}

// TestTrainingStation: the clerk of a training station logs in with the
// password given to demo and the header says 练习模式; what it prints
// comes from a training station (the 练习 watermark, printing/watermark.go).
// A real station's header does not say it.
func TestTrainingStation(t *testing.T) {
	h := newTrainingHarness(t)
	h.app.Start()
	if h.app.login == nil {
		t.Fatal("a training station did not show the log-in screen")
	}
	h.logIn(forms.DemoClerk, "lianxi2026")
	if h.app.home == nil {
		t.Fatal("the demo clerk could not log in with the password given")
	}
	who := h.app.home.who
	if !strings.HasPrefix(who.Text, "【练习模式】 "+forms.DemoBranchName+" · 窗口 XL01 · "+forms.DemoClerk) {
		t.Errorf("header %q does not say 练习模式", who.Text)
	}
	if who.Importance != widget.DangerImportance {
		t.Errorf("header importance %v, want the danger colour", who.Importance)
	}
	// The longer header still fits 1280×720, on the home screen and on
	// the reminders the demo data fills.
	h.app.win.Resize(fyne.NewSize(fitWidth, fitHeight))
	h.wait()
	if m := misfits(h.app.win); len(m) > 0 {
		t.Errorf("training station's home screen does not fit: %v", m)
	}
	if p := h.app.printout(forms.PrintNotice); !p.Station.Training {
		t.Error("a printout of the training station is not marked as training")
	}

	real := newHarness(t)
	real.setUp()
	real.logIn("李主管", "zhuguan123")
	if strings.Contains(real.app.home.who.Text, "练习") || real.app.printout(forms.PrintNotice).Station.Training {
		t.Errorf("a real station says %q / prints as training", real.app.home.who.Text)
	}
}

// labelsSaying returns the labels shown in the window whose text holds s.
func labelsSaying(w fyne.Window, s string) []*widget.Label {
	var out []*widget.Label
	for _, o := range test.LaidOutObjects(w.Canvas().Content()) {
		if l, ok := o.(*widget.Label); ok && o.Visible() && strings.Contains(l.Text, s) {
			out = append(out, l)
		}
	}
	return out
}

// TestLogin_TrainingStationSaysPractice: the log-in screen of a training
// station says 【练习模式】 in the danger colour, as the home header does,
// and still fits 1280×720; a real station's log-in screen does not say it.
func TestLogin_TrainingStationSaysPractice(t *testing.T) {
	h := newTrainingHarness(t)
	h.app.Start()
	if h.app.login == nil {
		t.Fatal("a training station did not show the log-in screen")
	}
	h.app.win.Resize(fyne.NewSize(fitWidth, fitHeight))
	h.wait()
	ls := labelsSaying(h.app.win, "【练习模式】")
	if len(ls) != 1 {
		t.Fatalf("training log-in screen shows %d labels saying 【练习模式】, want 1", len(ls))
	}
	if ls[0].Importance != widget.DangerImportance {
		t.Errorf("练习模式 on the log-in screen in importance %v, want the danger colour", ls[0].Importance)
	}
	if m := misfits(h.app.win); len(m) > 0 {
		t.Errorf("training station's log-in screen does not fit: %v", m)
	}
	// The screen it leads to says it too, and logging in still works.
	h.logIn(forms.DemoClerk, "lianxi2026")
	if h.app.home == nil || !strings.HasPrefix(h.app.home.who.Text, "【练习模式】") {
		t.Fatal("the demo clerk could not log in from the training log-in screen")
	}

	real := newHarness(t)
	real.setUp() // ends on the log-in screen
	real.app.win.Resize(fyne.NewSize(fitWidth, fitHeight))
	real.wait()
	if ls := labelsSaying(real.app.win, "练习"); len(ls) > 0 || real.app.login.training != nil {
		t.Errorf("a real station's log-in screen says 练习模式 (%d labels)", len(ls))
	}
}
