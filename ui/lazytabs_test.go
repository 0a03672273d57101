package ui

import (
	"context"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// minSizeProbe is a tab's content that counts how often it was measured.
type minSizeProbe struct {
	widget.BaseWidget
	size     fyne.Size
	measured int
}

func newMinSizeProbe(w, h float32) *minSizeProbe {
	p := &minSizeProbe{size: fyne.NewSize(w, h)}
	p.ExtendBaseWidget(p)
	return p
}

func (p *minSizeProbe) MinSize() fyne.Size { p.measured++; return p.size }

func (p *minSizeProbe) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// TestShownTabsOnly_MeasuresATabWhenFirstShown: a tab's content is not
// measured (so Fyne lays out none of its text) until the tab is first
// selected; then it counts in the minimum size, also after going back. A
// plain AppTabs measures every tab at once: that is what cost ~15 MB at
// log-in (issue 17).
func TestShownTabsOnly_MeasuresATabWhenFirstShown(t *testing.T) {
	test.NewTempApp(t)
	first, second := newMinSizeProbe(100, 100), newMinSizeProbe(300, 400)
	tabs := container.NewAppTabs(container.NewTabItem("A", first), container.NewTabItem("B", second))
	w := test.NewWindow(shownTabsOnly(tabs))
	defer w.Close()
	w.Resize(fyne.NewSize(600, 600))
	if first.measured == 0 || !first.Visible() {
		t.Fatalf("the shown tab was not measured (%d) or is hidden", first.measured)
	}
	if second.measured != 0 || second.Visible() {
		t.Fatalf("the tab never shown was measured %d times, visible %v", second.measured, second.Visible())
	}
	if min := w.Content().MinSize(); min.Height >= 400 {
		t.Fatalf("the minimum size %v counts the tab never shown", min)
	}
	tabs.SelectIndex(1)
	w.Content().MinSize() // as the window's canvas asks at its next frame
	if second.measured == 0 || !second.Visible() || second.Size().Height == 0 {
		t.Fatalf("the selected tab was not measured (%d), shown (%v) or laid out (%v)", second.measured, second.Visible(), second.Size())
	}
	tabs.SelectIndex(0)
	if min := w.Content().MinSize(); min.Height < 400 || min.Width < 300 {
		t.Fatalf("the minimum size %v forgot the tab shown before", min)
	}

	// The plain AppTabs, for comparison: it measures the tab never shown.
	other := newMinSizeProbe(300, 400)
	plain := test.NewWindow(container.NewAppTabs(container.NewTabItem("A", newMinSizeProbe(100, 100)), container.NewTabItem("B", other)))
	defer plain.Close()
	plain.Resize(fyne.NewSize(600, 600))
	if other.measured == 0 {
		t.Log("Fyne's AppTabs no longer measures every tab: shownTabsOnly may be dropped")
	}
}

// homeTab returns the home tab whose content is c.
func homeTab(t *testing.T, home *home, c fyne.CanvasObject) *container.TabItem {
	t.Helper()
	for _, it := range home.tabs.Items {
		if it.Content == c {
			return it
		}
	}
	t.Fatalf("no home tab has content %T", c)
	return nil
}

// TestHome_TabsBuiltWhenShown: after a clerk logs in only 客户与业务 is on
// show; the other tabs are hidden and 日结 has not built its screens (its
// date entry and tables were ~4.5 MB of Fyne layout at each log-in); the
// search has the focus. Selecting 日结 builds and shows the day's report,
// 月报 beside it.
func TestHome_TabsBuiltWhenShown(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.logInNewClerk()
	home := h.app.home
	if home.tabs.SelectedIndex() != 0 || !home.customers.root.Visible() {
		t.Fatal("客户与业务 is not the tab on show")
	}
	if h.app.win.Canvas().Focused() != home.customers.search {
		t.Fatal("the customer search lost the focus")
	}
	for _, it := range home.tabs.Items[1:] {
		if it.Content.Visible() {
			t.Errorf("tab %q is shown at log-in", it.Text)
		}
	}
	if home.dayEnd.day != nil || home.dayEnd.month != nil {
		t.Fatal("log-in built the 日结 and 月报 screens")
	}
	home.tabs.Select(homeTab(t, home, home.dayEnd.root))
	h.wait()
	d := home.dayEnd
	if d.day == nil || d.month == nil || d.service != nil {
		t.Fatalf("日结 shown: day %v, month %v, service %v (a clerk has none)", d.day, d.month, d.service)
	}
	if d.root.Selected().Content != d.day.content() || !d.root.Visible() || d.root.Size().Width == 0 {
		t.Fatal("日结 does not show the day's report")
	}
	if d.day.date.Text != forms.FormatDate(testDay) {
		t.Fatalf("the day's report shows %q, want today", d.day.date.Text)
	}
	d.root.SelectIndex(1)
	if d.root.Selected().Content != d.month.content() {
		t.Fatal("月报 is not beside 日结")
	}
}

// TestHome_JumpToTabNeverShown: a reminder line opening a complaint, and
// 保障金 found in the customer search, go to tabs never shown since
// log-in: the tab is selected, shown, laid out and shows what was asked.
func TestHome_JumpToTabNeverShown(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	c, err := h.db.RecordComplaint(ctx, h.app.actor(), forms.Complaint{Channel: forms.ChannelCounter,
		Category: forms.CategoryWaiting, Words: "等了一个半小时，叫号系统坏了也没人说", Request: "希望说明原因",
		Complexity: forms.ComplaintSimple})
	if err != nil {
		t.Fatal(err)
	}
	h.app.showLogin()
	h.logIn("李主管", "zhuguan123")
	home := h.app.home
	if home.complaints.root.Visible() || home.deposits.root.Visible() {
		t.Fatal("投诉 or 保障金退还 is shown at log-in")
	}
	d := home.openComplaint(c.ID)
	h.wait()
	if home.tabs.Selected().Text != "投诉" || !home.complaints.root.Visible() || home.complaints.root.Size().Width == 0 {
		t.Fatalf("the reminder's complaint went to tab %q, shown %v", home.tabs.Selected().Text, home.complaints.root.Visible())
	}
	if home.complaints.detail != d || len(home.complaints.root.Objects) != 1 || home.complaints.root.Objects[0] != d.root {
		t.Fatal("the 投诉 tab does not show the complaint opened")
	}
	home.customers.goToRefundDesk("NO.0031415")
	h.wait()
	if home.tabs.Selected().Content != home.deposits.root || !home.deposits.root.Visible() || home.complaints.root.Visible() {
		t.Fatalf("保障金 went to tab %q", home.tabs.Selected().Text)
	}
	if home.deposits.search.Text != "NO.0031415" {
		t.Fatalf("the refund desk searches %q", home.deposits.search.Text)
	}
}
