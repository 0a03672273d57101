package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"counterdesk/assets"
	"counterdesk/forms"
)

// TestSettings_Printing saves the printing choices through the settings
// screen and shows the route the printer found.
func TestSettings_Printing(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.wait()
	s := h.app.home.settings
	viewer, direct := printModes()
	if s.route.Text != "测试打印机" || s.printMode.Selected != viewer || s.printer.Text != "" {
		t.Fatalf("loaded route %q, mode %q, printer %q", s.route.Text, s.printMode.Selected, s.printer.Text)
	}
	if s.printMode.Disabled() || s.printer.Disabled() {
		t.Fatal("a supervisor cannot change the printing settings")
	}

	s.printMode.SetSelected(direct)
	h.typeInto(s.printer, "　前台 HP LaserJet ")
	test.Tap(s.save)
	h.wait()
	for key, want := range map[string]string{forms.SettingPrintDirect: "yes", forms.SettingPrinter: "前台 HP LaserJet"} {
		if got, err := h.db.Setting(ctx, key); err != nil || got != want {
			t.Errorf("%s = %q (%v), want %q", key, got, err, want)
		}
	}

	s.printMode.SetSelected(viewer)
	test.Tap(s.save)
	h.wait()
	if got, _ := h.db.Setting(ctx, forms.SettingPrintDirect); got != "no" {
		t.Errorf("print.direct = %q after choosing the viewer", got)
	}
}

// TestSettings_StationDetails is the clerk trial's fault: a station set up
// before 网点电话 was asked had none, and a typo in 网点全称 printed on every
// document for good, since the settings screen could not change them. A
// supervisor now corrects them there; a bad phone is refused with nothing
// saved, and new printouts carry the corrected details at once. The branch
// code and station number are shown, not editable.
func TestSettings_StationDetails(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	cat, err := forms.ParseCatalogue(assets.Catalogue)
	if err != nil {
		t.Fatal(err)
	}
	// Set up as before this week: no phone, and a typo in the name.
	if _, err := h.db.Setup(ctx, forms.Station{BranchCode: "qb", BranchName: "青白江人才服中心", Payee: "青白江人才服务中心", Number: 1},
		"李主管", "zhuguan123", cat); err != nil {
		t.Fatal(err)
	}
	h.app.Start()
	h.logIn("李主管", "zhuguan123")
	h.wait()
	s := h.app.home.settings
	h.app.win.Resize(fyne.NewSize(fitWidth, fitHeight))
	for _, ti := range h.app.home.tabs.Items {
		if ti.Text == T("设置") {
			h.app.home.tabs.Select(ti)
		}
	}
	if m := misfits(h.app.win); len(m) > 0 {
		t.Errorf("settings of a station without a phone: %v", m)
	}
	if !strings.Contains(s.stationCode.Text, "QB01") || s.branchName.Text != "青白江人才服中心" || s.phone.Text != "" || !s.phoneNote.Visible() {
		t.Fatalf("shown: code %q, name %q, phone %q, note shown %v", s.stationCode.Text, s.branchName.Text, s.phone.Text, s.phoneNote.Visible())
	}
	if s.branchName.Disabled() || s.payee.Disabled() || s.phone.Disabled() {
		t.Fatal("a supervisor cannot change the station's details")
	}

	// A phone without its area code is refused, and nothing is saved: not
	// the details, not the other settings typed with them.
	h.typeInto(s.branchName, "青白江人才服务中心")
	h.typeInto(s.phone, "87654321")
	h.typeInto(s.printer, "前台 HP")
	test.Tap(s.save)
	h.wait()
	if st := h.app.home.status.Text; !strings.Contains(st, "网点电话") || !strings.Contains(st, "区号") {
		t.Errorf("status after a bad phone: %q", st)
	}
	if st, _ := h.db.Station(ctx); st.BranchName != "青白江人才服中心" || st.Phone != "" {
		t.Errorf("refused save changed the station: %+v", st)
	}
	if p, _ := h.db.Setting(ctx, forms.SettingPrinter); p != "" {
		t.Errorf("refused save stored the printer %q", p)
	}

	h.typeInto(s.phone, "（028）８３９８１２３４")
	test.Tap(s.save)
	h.wait()
	st, err := h.db.Station(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := forms.StationDetails{BranchName: "青白江人才服务中心", Payee: "青白江人才服务中心", Phone: "028-83981234"}
	if st.Details() != want || st.Code() != "QB01" {
		t.Fatalf("stored %+v as %s, want %+v", st.Details(), st.Code(), want)
	}
	if p := h.app.printout(forms.PrintNotice); p.Station.Details() != want {
		t.Errorf("a new printout has %+v, want %+v", p.Station.Details(), want)
	}
	if s.phone.Text != "028-83981234" || s.phoneNote.Visible() {
		t.Errorf("after saving: phone %q, note shown %v", s.phone.Text, s.phoneNote.Visible())
	}
	if !strings.HasPrefix(h.app.home.who.Text, "青白江人才服务中心 · 窗口 QB01") {
		t.Errorf("the header still says %q", h.app.home.who.Text)
	}

}

// TestSettings_StationDetailsClerk shows a clerk the station's details
// without letting them change.
func TestSettings_StationDetailsClerk(t *testing.T) {
	h := newHarness(t)
	clerkLoggedIn(t, h)
	h.wait()
	s := h.app.home.settings
	if s.branchName.Text != "青白江人才服务中心" || s.phone.Text != "028-83981234" || s.phoneNote.Visible() {
		t.Errorf("clerk sees name %q, phone %q, note shown %v", s.branchName.Text, s.phone.Text, s.phoneNote.Visible())
	}
	if !s.branchName.Disabled() || !s.payee.Disabled() || !s.phone.Disabled() {
		t.Error("a clerk can change the station's details")
	}
}
