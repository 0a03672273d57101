package ui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"

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
