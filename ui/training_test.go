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
	return newTrainingHarnessOf(t, 30, 40, 10)
}

// newTrainingHarnessOf is newTrainingHarness on a training station of that
// many customers and cases over that many days.
func newTrainingHarnessOf(t *testing.T, customers, cases, days int) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	test.ApplyTheme(t, Theme{})
	cat, err := forms.ParseCatalogue(assets.Catalogue)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "练习 站点")
	plan := forms.DemoPlan{Customers: customers, Cases: cases, Days: days, Seed: 3, End: testDay, Password: "lianxi2026", Catalogue: cat}
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

// TestTrainingStation_RefundVoucherReprintIsMarked is the trial's example:
// on a training station the first 补打退还凭证 of a refunded deposit (the
// customer's record → 收据) printed an unmarked original and logged it as
// 原件, because the demo never recorded the voucher's print. Now the demo
// records it, so the 文书 tab lists it and the reprint is 补打, on paper and
// in the print records.
func TestTrainingStation_RefundVoucherReprintIsMarked(t *testing.T) {
	ctx := context.Background()
	h := newTrainingHarnessOf(t, 150, 300, 40) // long enough for cards to come back
	h.app.Start()
	h.logIn(forms.DemoClerk, "lianxi2026")
	if h.app.home == nil {
		t.Fatal("the demo clerk could not log in")
	}
	var dep *forms.Deposit
	for day := testDay; dep == nil && day.After(testDay.AddDate(0, 0, -41)); day = day.AddDate(0, 0, -1) {
		r, err := h.db.DayReport(ctx, day)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.DepositsRefunded) > 0 {
			dep = &r.DepositsRefunded[0]
		}
	}
	if dep == nil {
		t.Fatal("the training station has no refunded deposit")
	}
	key := "refund_voucher:" + dep.ReceiptNumber
	hist, err := h.db.CustomerHistory(ctx, dep.CustomerID)
	if err != nil {
		t.Fatal(err)
	}
	before := len(hist.Prints)
	listed := false
	for _, p := range hist.Prints {
		listed = listed || (p.Document == key && !p.Reprint)
	}
	if !listed {
		t.Fatalf("the 文书 of the customer lack the voucher's first print %s: %+v", key, hist.Prints)
	}

	cs := h.app.home.customers
	cs.open(dep.CustomerID)
	h.wait()
	ch := cs.hist
	if ch == nil {
		t.Fatal("the customer's record did not open")
	}
	ch.tabs.Select(ch.rcTab)
	h.wait()
	_, buttons := historyRow(laidOut(h), dep.ReceiptNumber)
	b := buttons["补打退还凭证"]
	if b == nil || !b.Visible() {
		t.Fatalf("no 补打退还凭证 beside receipt %s: %v", dep.ReceiptNumber, buttons)
	}
	n := len(h.pr.printed)
	test.Tap(b)
	h.wait()
	if len(h.pr.printed) != n+1 {
		t.Fatalf("补打退还凭证 printed %d documents", len(h.pr.printed)-n)
	}
	if p := h.pr.printed[n]; p.Kind != forms.PrintRefundVoucher || !p.Reprint {
		t.Errorf("补打退还凭证 printed %s reprint=%v, want the voucher marked 补打", p.Kind, p.Reprint)
	}
	hist, err = h.db.CustomerHistory(ctx, dep.CustomerID)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist.Prints) != before+1 || hist.Prints[0].Document != key || !hist.Prints[0].Reprint {
		t.Errorf("after 补打退还凭证 the prints are %+v, want the voucher's 补打 first", hist.Prints)
	}
}
