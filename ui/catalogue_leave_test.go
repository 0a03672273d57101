package ui

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// selectTab selects the home tab with the text.
func (h *harness) selectTab(text string) {
	h.t.Helper()
	home := h.app.home
	for _, it := range home.tabs.Items {
		if it.Text == T(text) {
			home.tabs.Select(it)
			h.wait()
			return
		}
	}
	h.t.Fatalf("no tab %q", text)
}

// currentVersion is the stored current version of the service.
func (h *harness) currentVersion(code string) *forms.Service {
	h.t.Helper()
	sv, err := h.db.ServiceVersion(context.Background(), code, 0)
	if err != nil {
		h.t.Fatal(err)
	}
	return sv
}

// TestCatalogue_LogoutAsksBeforeDroppingChanges: the trial lost an unsaved
// edit by 退出登录; it now asks as 返回业务目录 does. 继续编辑 keeps the
// edit and shows the 业务目录 tab again; 放弃修改并退出 logs out and the
// store keeps version 1. An unchanged editor logs out at once.
func TestCatalogue_LogoutAsksBeforeDroppingChanges(t *testing.T) {
	h := newHarness(t)
	s := h.openCatalogue("borrow_card")
	h.editService(s)
	test.Tap(h.app.home.logout)
	h.wait()
	if h.app.home != nil || h.app.login == nil {
		t.Fatal("an unchanged editor kept 退出登录 from logging out")
	}

	h.logIn("李主管", "zhuguan123")
	s = h.openCatalogue("borrow_card")
	e := h.editService(s)
	e.tabs.SelectIndex(1)
	e.papers.items.list.Select(0)
	h.typeInto(e.papers.copies, "4")
	h.selectTab("客户与业务")
	home := h.app.home
	test.Tap(home.logout)
	h.wait()
	if h.app.home != home {
		t.Fatal("退出登录 dropped an unsaved edit without asking")
	}
	if got := h.overlayText(); !strings.Contains(got, "放弃这些修改并退出登录吗") {
		t.Fatalf("dialog on show: %q", got)
	}
	h.tapDialog(T("继续编辑"))
	if h.app.home != home || s.editor != e || e.papers.copies.Text != "4" {
		t.Fatal("继续编辑 lost the editor or its input")
	}
	if home.tabs.Selected().Content != s.content() {
		t.Errorf("继续编辑 left tab %q on show, want 业务目录", home.tabs.Selected().Text)
	}
	test.Tap(home.logout)
	h.wait()
	h.tapDialog(T("放弃修改并退出"))
	if h.app.home != nil || h.app.login == nil {
		t.Fatal("放弃修改并退出 did not log out")
	}
	if sv := h.currentVersion("borrow_card"); sv.Version != 1 || sv.Requirements[0].Copies == 4 {
		t.Fatalf("store after logging out: version %d, copies %d", sv.Version, sv.Requirements[0].Copies)
	}
}

// TestCatalogue_TabSwitchKeepsUnsavedEdit: a supervisor who looks at
// another tab mid-edit expects to come back to the edit, not to be asked
// or to lose it; the status line says the edit waits unsaved, and nothing
// is stored.
func TestCatalogue_TabSwitchKeepsUnsavedEdit(t *testing.T) {
	h := newHarness(t)
	s := h.openCatalogue("borrow_card")
	e := h.editService(s)
	h.selectTab("日结")
	if strings.Contains(h.app.home.status.Text, "还没有保存") {
		t.Fatalf("an unchanged editor warns: %q", h.app.home.status.Text)
	}
	h.selectTab("业务目录")
	e.tabs.SelectIndex(1)
	e.papers.items.list.Select(0)
	h.typeInto(e.papers.copies, "4")
	h.selectTab("客户与业务")
	if len(h.app.win.Canvas().Overlays().List()) != 0 {
		t.Fatalf("switching tabs put up a dialog: %q", h.overlayText())
	}
	if got := h.app.home.status.Text; !strings.Contains(got, "业务目录中编辑的业务还没有保存") {
		t.Errorf("status after leaving the tab = %q", got)
	}
	h.selectTab("业务目录")
	if s.editor != e || e.papers.copies.Text != "4" {
		t.Fatal("coming back to 业务目录 lost the edit")
	}
	if sv := h.currentVersion("borrow_card"); sv.Version != 1 {
		t.Fatalf("switching tabs stored version %d", sv.Version)
	}
	test.Tap(e.save)
	h.wait()
	if sv := h.currentVersion("borrow_card"); sv.Version != 2 || sv.Requirements[0].Copies != 4 {
		t.Fatalf("saved after coming back: version %d copies %d", sv.Version, sv.Requirements[0].Copies)
	}
}

// TestCatalogue_EmptyNameMessage: emptying the service name says what to
// fill in (the trial saw 业务缺少代码或名称), and nothing is stored.
func TestCatalogue_EmptyNameMessage(t *testing.T) {
	h := newHarness(t)
	s := h.openCatalogue("borrow_card")
	e := h.editService(s)
	h.typeInto(e.name, "  ")
	test.Tap(e.save)
	h.wait()
	if got, want := e.message.Text, "业务名称不能为空，请填写业务名称"; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
	if sv := h.currentVersion("borrow_card"); sv.Version != 1 || sv.Name != "借户籍卡" {
		t.Fatalf("refused save stored version %d %q", sv.Version, sv.Name)
	}
}

// TestCatalogue_PreviewMarriedPapers: the preview's sample customer is
// married, and so are her sample answers: 历届生落户's married-only papers
// (结婚证, 配偶无房证明) are on the preview's checklist.
func TestCatalogue_PreviewMarriedPapers(t *testing.T) {
	h := newHarness(t)
	s := h.openCatalogue("settle_past_grad")
	e := h.editService(s)
	test.Tap(e.preview)
	h.wait()
	if e.previewShown == nil {
		t.Fatalf("no preview: %q", e.message.Text)
	}
	text := h.overlayText()
	for _, want := range []string{"已婚", "婚姻状况  已婚", "结婚证", "配偶无房证明"} {
		if !strings.Contains(text, want) {
			t.Errorf("preview lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "婚姻状况  未婚") {
		t.Errorf("preview answers 未婚 for a married customer:\n%s", text)
	}
}

// TestCatalogue_RestoredVersionSaysFromWhich: the restored version's
// history on screen starts with 由第1版恢复 before its changes, as the
// store's history does.
func TestCatalogue_RestoredVersionSaysFromWhich(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	v1 := h.currentVersion("borrow_card")
	edit := v1.Clone()
	edit.Requirements[0].Copies = 5
	if _, err := h.db.SaveServiceVersion(ctx, h.app.actor(), edit); err != nil {
		t.Fatal(err)
	}
	s := h.openCatalogue("borrow_card")
	test.Tap(s.restores[1])
	h.tapDialog(T("恢复"))
	hist, err := h.db.ServiceHistory(ctx, "borrow_card")
	if err != nil {
		t.Fatal(err)
	}
	if hist[0].Version != 3 || len(hist[0].Changes) < 2 || hist[0].Changes[0] != "由第1版恢复" {
		t.Fatalf("store history of version 3: %q", hist[0].Changes)
	}
	var shown string
	for _, o := range test.LaidOutObjects(s.versions) {
		if l, ok := o.(*widget.Label); ok && strings.HasPrefix(l.Text, "由第") {
			shown = l.Text
			break
		}
	}
	if !strings.HasPrefix(shown, "由第1版恢复\n") {
		t.Errorf("screen history of the restored version = %q, want 由第1版恢复 first, then its changes", shown)
	}
}

// TestCatalogue_MoveOutOffersMaritalStatus: 转户 asks nothing about
// marriage, yet the customer record holds it; the condition builder offers
// it (and the other facts of the record), and a paper saved with it keeps
// the condition.
func TestCatalogue_MoveOutOffersMaritalStatus(t *testing.T) {
	h := newHarness(t)
	s := h.openCatalogue("move_out")
	e := h.editService(s)
	e.tabs.SelectIndex(1)
	e.papers.items.list.Select(0)
	test.Tap(e.papers.condBtn)
	d := e.condition
	if d == nil {
		t.Fatal("no condition builder")
	}
	test.Tap(d.add)
	r := d.rows[len(d.rows)-1]
	for _, want := range []string{"性别", "年龄", "是否集体户成员", "客户登记的婚姻状况", "客户登记的户籍来源"} {
		if !slices.Contains(r.fact.Options, want) {
			t.Errorf("转户's builder lacks %q: %q", want, r.fact.Options)
		}
	}
	r.fact.SetSelected("客户登记的婚姻状况")
	r.op.SetSelected("是")
	r.choice.SetSelected("已婚")
	if !strings.Contains(d.words.Text, "客户登记的婚姻状况为已婚") {
		t.Fatalf("the builder says %q", d.words.Text)
	}
	test.Tap(d.ok)
	test.Tap(e.save)
	h.wait()
	sv := h.currentVersion("move_out")
	w := sv.Requirements[0].When
	if sv.Version != 2 || w == nil || w.Fact != "marital" || w.Value != forms.MaritalMarried {
		t.Fatalf("saved version %d condition %+v (%q)", sv.Version, w, e.message.Text)
	}
}
