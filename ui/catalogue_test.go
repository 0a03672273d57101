package ui

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
	"counterdesk/printing"
)

// openCatalogue logs the supervisor in, shows the 业务目录 tab and selects
// the service with the code.
func (h *harness) openCatalogue(code string) *catalogueScreen {
	h.t.Helper()
	if h.app.home == nil {
		h.setUp()
		h.logIn("李主管", "zhuguan123")
	}
	home := h.app.home
	if home.catalogue == nil {
		h.t.Fatal("a supervisor has no 业务目录 tab")
	}
	for _, it := range home.tabs.Items {
		if it.Text == T("业务目录") {
			home.tabs.Select(it)
		}
	}
	s := home.catalogue
	s.refresh()
	h.wait()
	if code != "" {
		i := slices.IndexFunc(s.services, func(x forms.Service) bool { return x.Code == code })
		if i < 0 {
			h.t.Fatalf("service %s not listed", code)
		}
		s.list.Select(i)
		h.wait()
	}
	return s
}

// editService opens the editor on the selected service.
func (h *harness) editService(s *catalogueScreen) *serviceEditor {
	h.t.Helper()
	test.Tap(s.edit)
	h.wait()
	if s.editor == nil {
		h.t.Fatal("编辑 did not open the editor")
	}
	return s.editor
}

// dialogButton finds a button with the text in the dialogs on show.
func (h *harness) dialogButton(text string) *widget.Button {
	ov := h.app.win.Canvas().Overlays().List()
	for i := len(ov) - 1; i >= 0; i-- {
		if !ov[i].Visible() {
			continue
		}
		for _, o := range test.LaidOutObjects(ov[i]) {
			if b, ok := o.(*widget.Button); ok && b.Visible() && b.Text == text {
				return b
			}
		}
	}
	return nil
}

func (h *harness) tapDialog(text string) {
	h.t.Helper()
	b := h.dialogButton(text)
	if b == nil {
		h.t.Fatalf("no button %q in the dialog on show", text)
	}
	test.Tap(b)
	h.wait()
}

func paperIndex(s *forms.Service, id string) int {
	return slices.IndexFunc(s.Requirements, func(r forms.Requirement) bool { return r.ID == id })
}

// TestCatalogue_EditCopiesMakesVersion2_OpenCaseKeepsVersion1: the
// supervisor changes the copies of 借户籍卡's ID-card paper from 1 to 3 and
// saves; the store has version 2 with 3 copies, the open case opened
// before stays on version 1, and the list and history show version 2.
func TestCatalogue_EditCopiesMakesVersion2_OpenCaseKeepsVersion1(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	c := &forms.Customer{Name: "王芳", IDNumber: femaleID, Mobile: "13812345678", Member: true, MemberSince: testDay.AddDate(-2, 0, 0)}
	if err := h.db.CreateCustomer(ctx, h.app.actor(), c); err != nil {
		t.Fatal(err)
	}
	k, _, err := h.db.OpenCase(ctx, h.app.actor(), c.ID, "borrow_card")
	if err != nil {
		t.Fatal(err)
	}
	s := h.openCatalogue("borrow_card")
	e := h.editService(s)
	i := paperIndex(e.svc, "id_copy")
	if i < 0 {
		i = 0
	}
	paper := e.svc.Requirements[i].Name
	e.papers.items.list.Select(i)
	h.typeInto(e.papers.copies, "３") // full-width: normalised
	test.Tap(e.save)
	h.wait()
	if e.message.Text != "" {
		t.Fatalf("save refused: %q", e.message.Text)
	}
	sv, err := h.db.ServiceVersion(ctx, "borrow_card", 0)
	if err != nil {
		t.Fatal(err)
	}
	if sv.Version != 2 || sv.Requirements[i].Copies != 3 {
		t.Fatalf("store has version %d with %d copies of %s, want version 2 with 3", sv.Version, sv.Requirements[i].Copies, paper)
	}
	old, err := h.db.ServiceVersion(ctx, "borrow_card", 1)
	if err != nil || old.Requirements[i].Copies == 3 {
		t.Fatalf("version 1 changed: %v %+v", err, old)
	}
	got, err := h.db.Case(ctx, k.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ServiceVersion != 1 {
		t.Fatalf("the open case moved to version %d; it keeps version 1", got.ServiceVersion)
	}
	// The screen: back on the list, version 2 listed with its change.
	if s.editor != nil {
		t.Fatal("the editor stayed open after saving")
	}
	if !strings.Contains(h.app.home.status.Text, "第2版") {
		t.Fatalf("status %q does not name version 2", h.app.home.status.Text)
	}
	if x := s.current(); x == nil || x.Version != 2 {
		t.Fatalf("the list shows %+v, want 借户籍卡 第2版", x)
	}
	if len(s.history) != 2 || s.history[0].Version != 2 {
		t.Fatalf("history %+v, want versions 2 and 1", s.history)
	}
	if _, ok := s.restores[1]; !ok {
		t.Fatal("version 1 has no 恢复为新版本")
	}
}

// TestCatalogue_UnknownPlaceholderRefused: a wording with ［宠物名］ is named
// next to the field as it is typed, saving is refused naming it, nothing is
// saved and the editor keeps the wording.
func TestCatalogue_UnknownPlaceholderRefused(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	s := h.openCatalogue("borrow_card")
	e := h.editService(s)
	e.tabs.SelectIndex(2)
	if len(e.svc.Documents) == 0 {
		t.Fatal("借户籍卡 has no document")
	}
	e.documents.items.list.Select(0)
	body := e.documents.body.Text + "本人的［宠物名］同意。"
	e.documents.body.SetText(body)
	if !e.documents.unknown.Visible() || !strings.Contains(e.documents.unknown.Text, "［宠物名］") {
		t.Fatalf("next to the wording: %q", e.documents.unknown.Text)
	}
	test.Tap(e.save)
	h.wait()
	if !strings.Contains(e.message.Text, "［宠物名］") {
		t.Fatalf("refusal %q does not name ［宠物名］", e.message.Text)
	}
	sv, err := h.db.ServiceVersion(ctx, "borrow_card", 0)
	if err != nil || sv.Version != 1 {
		t.Fatalf("a refused save stored version %d (%v)", sv.Version, err)
	}
	if s.editor != e || e.documents.body.Text != body {
		t.Fatal("the refusal lost the editor or its wording")
	}
	// Saved from another tab, the refusal shows the document it names.
	e.tabs.SelectIndex(0)
	test.Tap(e.save)
	h.wait()
	if e.tabs.SelectedIndex() != 2 || e.documents.items.sel != 0 || !e.documents.unknown.Visible() {
		t.Fatalf("the refusal did not show the document: tab %d, line %d", e.tabs.SelectedIndex(), e.documents.items.sel)
	}
	// Corrected, it saves.
	e.documents.body.SetText(strings.Replace(body, "［宠物名］", "［姓名］", 1))
	test.Tap(e.save)
	h.wait()
	if sv, _ := h.db.ServiceVersion(ctx, "borrow_card", 0); sv.Version != 2 {
		t.Fatalf("the corrected wording was not saved: %q", e.message.Text)
	}
}

// TestCatalogue_BadAmountKeepsInput: a deposit typed as "六百" is refused
// naming the fee, nothing saved; "600.50" saves as 60050 fen.
func TestCatalogue_BadAmountKeepsInput(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	s := h.openCatalogue("borrow_card")
	e := h.editService(s)
	e.tabs.SelectIndex(4)
	e.fees.items.list.Select(0)
	h.typeInto(e.fees.amount, "六百")
	test.Tap(e.save)
	h.wait()
	if !strings.Contains(e.message.Text, e.svc.Fees[0].Name) || e.fees.amount.Text != "六百" {
		t.Fatalf("refusal %q, amount %q", e.message.Text, e.fees.amount.Text)
	}
	if sv, _ := h.db.ServiceVersion(ctx, "borrow_card", 0); sv.Version != 1 {
		t.Fatal("a refused amount was saved")
	}
	h.typeInto(e.fees.amount, "600.50")
	test.Tap(e.save)
	h.wait()
	sv, _ := h.db.ServiceVersion(ctx, "borrow_card", 0)
	if sv.Version != 2 || sv.Fees[0].Amount != 60050 {
		t.Fatalf("version %d amount %d, want 2 and 60050 (%q)", sv.Version, sv.Fees[0].Amount, e.message.Text)
	}
}

// TestCatalogue_ConditionBuilder: a paper gets the condition 女性 from the
// builder (fact, operator, value), shown in words, and saved with it.
func TestCatalogue_ConditionBuilder(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	s := h.openCatalogue("borrow_card")
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
	r.fact.SetSelected("性别")
	r.op.SetSelected("是")
	r.choice.SetSelected("女性")
	if !strings.Contains(d.words.Text, "女性") {
		t.Fatalf("the builder says %q", d.words.Text)
	}
	test.Tap(d.ok)
	if !strings.Contains(e.papers.cond.Text, "女性") {
		t.Fatalf("the paper's condition shows %q", e.papers.cond.Text)
	}
	test.Tap(e.save)
	h.wait()
	sv, _ := h.db.ServiceVersion(ctx, "borrow_card", 0)
	w := sv.Requirements[0].When
	if sv.Version != 2 || w == nil || w.Fact != "gender" || w.Value != "F" {
		t.Fatalf("saved version %d condition %+v (%q)", sv.Version, w, e.message.Text)
	}
}

// TestCatalogue_RestoreOldVersion: version 1 restored after an edit becomes
// version 3 with version 1's content; version 2 stays in the history.
func TestCatalogue_RestoreOldVersion(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	v1, err := h.db.ServiceVersion(ctx, "borrow_card", 0)
	if err != nil {
		t.Fatal(err)
	}
	edit := v1.Clone()
	edit.Requirements[0].Copies = 5
	if _, err := h.db.SaveServiceVersion(ctx, h.app.actor(), edit); err != nil {
		t.Fatal(err)
	}
	s := h.openCatalogue("borrow_card")
	b := s.restores[1]
	if b == nil {
		t.Fatalf("no 恢复为新版本 for version 1; history %+v", s.history)
	}
	test.Tap(b)
	h.tapDialog(T("恢复"))
	sv, err := h.db.ServiceVersion(ctx, "borrow_card", 0)
	if err != nil {
		t.Fatal(err)
	}
	if sv.Version != 3 || sv.Requirements[0].Copies != v1.Requirements[0].Copies {
		t.Fatalf("after restore: version %d copies %d, want 3 and %d", sv.Version, sv.Requirements[0].Copies, v1.Requirements[0].Copies)
	}
	if v2, _ := h.db.ServiceVersion(ctx, "borrow_card", 2); v2 == nil || v2.Requirements[0].Copies != 5 {
		t.Fatal("version 2 changed")
	}
	if x := s.current(); x == nil || x.Version != 3 || len(s.history) != 3 {
		t.Fatalf("screen: %+v, %d versions", x, len(s.history))
	}
}

// TestCatalogue_AdoptDefaultOffer: a release whose default 借户籍卡 changed
// offers it at the top; 采用 saves it as version 2, and the offer is gone.
// 不采用 of another leaves its version alone and the offer goes.
func TestCatalogue_AdoptDefaultOffer(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	shipped := &forms.Catalogue{Release: "2099.1"}
	for _, sv := range h.app.catalogue.Services {
		x := sv.Clone()
		switch x.Code {
		case "borrow_card":
			x.Requirements[0].Copies = 4
		case "move_out":
			x.TalkingPoints = append(x.TalkingPoints, forms.TalkingPoint{Text: "新版默认的告知要点"})
		}
		shipped.Services = append(shipped.Services, *x)
	}
	h.app.catalogue = shipped
	s := h.openCatalogue("")
	if !s.offerArea.Visible() || s.adopts["borrow_card"] == nil || s.dismisses["move_out"] == nil {
		t.Fatalf("offers shown: %v %+v", s.offerArea.Visible(), s.offers)
	}
	if s.offerArea.Size().Height < 40 {
		t.Fatalf("the offers were given no room (%v) above the list", s.offerArea.Size())
	}
	test.Tap(s.adopts["borrow_card"])
	h.tapDialog(T("采用"))
	sv, _ := h.db.ServiceVersion(ctx, "borrow_card", 0)
	if sv.Version != 2 || sv.Requirements[0].Copies != 4 {
		t.Fatalf("adopted: version %d copies %d", sv.Version, sv.Requirements[0].Copies)
	}
	test.Tap(s.dismisses["move_out"])
	h.wait()
	if mv, _ := h.db.ServiceVersion(ctx, "move_out", 0); mv.Version != 1 {
		t.Fatal("不采用 saved a version")
	}
	if len(s.offers) != 0 || s.offerArea.Visible() {
		t.Fatalf("offers left: %+v", s.offers)
	}
}

// TestCatalogue_PreviewPrintsOnePDFWithoutRecord: 预览 of an unsaved edit
// lists the sample customer's checklist with the edited paper and prints
// all documents as one Preview PDF: nothing is recorded, nothing saved.
func TestCatalogue_PreviewPrintsOnePDFWithoutRecord(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	s := h.openCatalogue("borrow_card")
	e := h.editService(s)
	e.papers.items.list.Select(0)
	h.typeInto(e.papers.name, "身份证正反面复印件（预览）")
	test.Tap(e.preview)
	h.wait()
	p := e.previewShown
	if p == nil {
		t.Fatalf("no preview: %q", e.message.Text)
	}
	if len(p.eval.Items) == 0 || p.eval.Items[0].Name != "身份证正反面复印件（预览）" {
		t.Fatalf("the preview's checklist: %+v", p.eval.Items)
	}
	if len(p.eval.Documents) == 0 {
		t.Fatal("the preview lists no document")
	}
	test.Tap(p.all)
	h.wait()
	if len(h.pr.jobs) != 1 || len(h.pr.jobs[0]) != len(p.eval.Documents) {
		t.Fatalf("print jobs %d, want one PDF of %d documents", len(h.pr.jobs), len(p.eval.Documents))
	}
	for _, x := range h.pr.jobs[0] {
		if !x.Preview || x.CaseID() != "" || x.Customer == nil || x.Customer.Name != forms.SampleCustomer(testDay).Name {
			t.Fatalf("preview printout %+v is not the sample's, or is recorded", x)
		}
		if strings.Contains(x.Fill(x.Document.Body), "［") {
			t.Fatalf("a placeholder left unfilled: %s", x.Fill(x.Document.Body))
		}
	}
	test.Tap(p.docs[0])
	h.wait()
	if len(h.pr.jobs) != 2 || len(h.pr.jobs[1]) != 1 {
		t.Fatal("预览PDF of one document is not one PDF of it")
	}
	if sv, _ := h.db.ServiceVersion(ctx, "borrow_card", 0); sv.Version != 1 {
		t.Fatal("the preview saved")
	}
}

// walkCatalogue is the fit walk's part of 业务目录: the list with a service
// and its versions, the editor's tabs with a line selected, the condition
// builder, the preview, a refusal, and the restore confirmation.
func walkCatalogue(w *fitWalker) {
	home := w.app.home
	for _, it := range home.tabs.Items {
		if it.Text == T("业务目录") {
			home.tabs.Select(it)
		}
	}
	s := home.catalogue
	if s == nil {
		w.t.Error("fit walk: no 业务目录 tab")
		return
	}
	s.refresh()
	w.wait()
	for i, sv := range s.services {
		s.list.Select(i)
		w.wait()
		w.check("业务目录 · " + sv.Name)
		w.mustTap("业务目录", "编辑此业务")
		e := s.editor
		lists := []*itemList{nil, e.papers.items, e.documents.items, e.points.items, e.fees.items}
		for ti, tab := range e.tabs.Items {
			e.tabs.Select(tab)
			if l := lists[ti]; l != nil && l.count() > 0 {
				l.list.Select(l.count() - 1)
			}
			w.check("编辑 " + sv.Name + " · " + tab.Text)
			if w.tap("设置条件") {
				w.tap("添加一条条件")
				// The fact with the most options, several ticked: the
				// longest row the builder shows.
				if d := e.condition; d != nil && len(d.rows) > 0 {
					best := d.facts[0]
					for _, f := range d.facts {
						if len(f.Options) > len(best.Options) {
							best = f
						}
					}
					r := d.rows[len(d.rows)-1]
					r.fact.SetSelected(best.Label)
					r.op.SetSelected(opLabel(best, "in"))
					r.checks.SetSelected(r.checks.Options)
				}
				w.check("编辑 " + sv.Name + " · " + tab.Text + " → 适用条件")
				w.closeDialogs()
			}
		}
		w.mustTap("编辑", "预览")
		w.check("编辑 " + sv.Name + " → 预览")
		w.closeDialogs()
		e.name.SetText("")
		w.tap("保存为新版本")
		w.check("编辑 " + sv.Name + "（有错误提示）")
		if i == 0 {
			w.mustTap("编辑", "退出登录")
			w.check("编辑 " + sv.Name + " → 退出登录 → 放弃修改？")
			w.mustTap("编辑", "继续编辑")
		}
		w.mustTap("编辑", "返回业务目录")
		w.check("编辑 " + sv.Name + " → 放弃修改？")
		w.mustTap("编辑", "放弃修改")
	}
	// A second version, so the list offers a restore.
	if len(s.services) > 0 {
		x := s.services[0].Clone()
		x.Summary += "（修改）"
		if _, err := w.db.SaveServiceVersion(context.Background(), w.app.actor(), x); err != nil {
			w.t.Fatal(err)
		}
		s.refresh()
		w.wait()
		s.list.Select(0)
		w.wait()
		w.checkEach("业务目录（两个版本）", "恢复为新版本")
	}
	// A release whose default changed every service: the offers at the
	// top (they scroll), and the question of 采用.
	orig := w.app.catalogue
	shipped := &forms.Catalogue{Release: "2099.1"}
	for _, sv := range orig.Services {
		x := sv.Clone()
		x.TalkingPoints = append(x.TalkingPoints, forms.TalkingPoint{Text: longText("新版默认内容增加的告知要点，说明政策变化", 120)})
		shipped.Services = append(shipped.Services, *x)
	}
	w.app.catalogue = shipped
	s.refresh()
	w.wait()
	if len(s.offers) == 0 {
		w.t.Error("fit walk: no offers of a changed default")
	}
	w.checkEach("业务目录（新版默认内容）", "采用")
	w.app.catalogue = orig
	s.refresh()
	w.wait()
}

// TestCatalogue_LossPeriod: the loss service's period is edited in the
// editor: 0 days is refused with nothing saved; 10 working days is saved.
func TestCatalogue_LossPeriod(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	s := h.openCatalogue("loss_declaration")
	e := h.editService(s)
	if e.waitDays == nil {
		t.Fatal("no loss period in the editor")
	}
	h.typeInto(e.waitDays, "0")
	test.Tap(e.save)
	h.wait()
	if !strings.Contains(e.message.Text, "挂失期") {
		t.Fatalf("refusal %q", e.message.Text)
	}
	if sv, _ := h.db.ServiceVersion(ctx, "loss_declaration", 0); sv.Version != 1 {
		t.Fatal("a refused loss period was saved")
	}
	h.typeInto(e.waitDays, "10")
	e.waitCount.SetSelected(T("工作日"))
	test.Tap(e.save)
	h.wait()
	sv, _ := h.db.ServiceVersion(ctx, "loss_declaration", 0)
	if sv.Version != 2 || sv.Waiting.Days != 10 || sv.Waiting.Count != forms.CountWorking {
		t.Fatalf("saved version %d period %+v (%q)", sv.Version, sv.Waiting, e.message.Text)
	}
}

// TestCatalogue_BackAsksBeforeDroppingChanges: 返回业务目录 without a change
// goes back at once; with a change it asks, and 继续编辑 keeps the input.
func TestCatalogue_BackAsksBeforeDroppingChanges(t *testing.T) {
	h := newHarness(t)
	s := h.openCatalogue("borrow_card")
	for i, sv := range s.services {
		s.list.Select(i)
		h.wait()
		h.editService(s)
		test.Tap(s.editor.back)
		if s.editor != nil {
			t.Fatalf("the unchanged editor of %s asks before going back", sv.Name)
		}
	}
	s.list.Select(slices.IndexFunc(s.services, func(x forms.Service) bool { return x.Code == "borrow_card" }))
	h.wait()
	e := h.editService(s)
	e.tabs.SelectIndex(1)
	e.papers.items.list.Select(0)
	h.typeInto(e.papers.copies, "4")
	test.Tap(e.back)
	h.tapDialog(T("继续编辑"))
	if s.editor != e || e.papers.copies.Text != "4" {
		t.Fatal("继续编辑 lost the editor or its input")
	}
	test.Tap(e.back)
	h.tapDialog(T("放弃修改"))
	if s.editor != nil {
		t.Fatal("放弃修改 did not go back")
	}
}

// TestCatalogue_FamilyPlanningSwitch: switching the family-planning items
// off for 历届生落户 drops 《计划生育诚信承诺书》 from the preview before
// saving, and saves version 2 with the group off.
func TestCatalogue_FamilyPlanningSwitch(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	s := h.openCatalogue("settle_past_grad")
	e := h.editService(s)
	if len(e.switches) == 0 {
		t.Fatal("no family-planning switch")
	}
	titles := func() []string {
		test.Tap(e.preview)
		h.wait()
		var out []string
		for _, d := range e.previewShown.eval.Documents {
			out = append(out, d.Title)
		}
		e.previewShown.dialog.Hide()
		return out
	}
	if !slices.Contains(titles(), "《计划生育诚信承诺书》") {
		t.Fatal("the sample woman's preview lacks 《计划生育诚信承诺书》 while the switch is on")
	}
	e.switches[0].check.SetChecked(false)
	if slices.Contains(titles(), "《计划生育诚信承诺书》") {
		t.Fatal("switched off, the preview still prints 《计划生育诚信承诺书》")
	}
	test.Tap(e.save)
	h.wait()
	sv, _ := h.db.ServiceVersion(ctx, "settle_past_grad", 0)
	if sv.Version != 2 || sv.GroupOn(forms.GroupFamilyPlanning) {
		t.Fatalf("saved version %d with family planning on=%v (%q)", sv.Version, sv.GroupOn(forms.GroupFamilyPlanning), e.message.Text)
	}
}

// TestCatalogue_PreviewPDFReadBack renders the preview of an unsaved
// wording for real and reads it back: the sample customer's name and ID
// number, the new words, the deposit in capitals, no placeholder left.
func TestCatalogue_PreviewPDFReadBack(t *testing.T) {
	h := newHarness(t)
	pr := &pdfPrinter{out: &printing.Output{Dir: t.TempDir(), Now: h.clock.Now}}
	h.app.printer = pr
	s := h.openCatalogue("borrow_card")
	e := h.editService(s)
	e.tabs.SelectIndex(2)
	e.documents.items.list.Select(0)
	e.documents.body.SetText(e.documents.body.Text + "\n五、本条为预览新增条款。")
	test.Tap(e.preview)
	h.wait()
	p := e.previewShown
	if p == nil {
		t.Fatalf("no preview: %q", e.message.Text)
	}
	test.Tap(p.docs[0])
	h.wait()
	if len(pr.paths) != 1 {
		t.Fatalf("%d PDFs, want one", len(pr.paths))
	}
	text := pdfText(t, pr.paths[0])
	if text == "" {
		return
	}
	c := forms.SampleCustomer(testDay)
	for _, want := range []string{c.Name, c.IDNumber, "本条为预览新增条款", "陆佰元整"} {
		if !strings.Contains(text, want) {
			t.Errorf("the preview PDF lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "［") {
		t.Errorf("a placeholder was left in the preview PDF:\n%s", text)
	}
}

// TestCatalogue_ClerkHasNoTab: 业务目录 is a supervisor's tab.
func TestCatalogue_ClerkHasNoTab(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	if h.app.home.catalogue == nil {
		t.Fatal("the supervisor has no 业务目录")
	}
	h.logInNewClerk()
	if h.app.home == nil {
		t.Fatal("the clerk did not log in")
	}
	for _, it := range h.app.home.tabs.Items {
		if it.Text == T("业务目录") {
			t.Fatal("a clerk sees 业务目录")
		}
	}
	if h.app.home.catalogue != nil {
		t.Fatal("a clerk's home built the catalogue screen")
	}
}

// TestCatalogue_MovePaper: 下移 moves the first paper below the second,
// with its counts as typed; the saved version lists them in that order.
func TestCatalogue_MovePaper(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	s := h.openCatalogue("settle_past_grad")
	e := h.editService(s)
	e.tabs.SelectIndex(1)
	first, second := e.svc.Requirements[0], e.svc.Requirements[1]
	e.papers.items.list.Select(0)
	h.typeInto(e.papers.copies, "7")
	var down *widget.Button
	for _, o := range test.LaidOutObjects(e.papers.root) {
		if b, ok := o.(*widget.Button); ok && b.Text == T("下移") {
			down = b
		}
	}
	if down == nil {
		t.Fatal("no 下移")
	}
	test.Tap(down)
	if e.papers.items.sel != 1 || e.papers.copies.Text != "7" || e.papers.name.Text != first.Name {
		t.Fatalf("after 下移: line %d, %q with copies %q", e.papers.items.sel, e.papers.name.Text, e.papers.copies.Text)
	}
	test.Tap(e.save)
	h.wait()
	sv, _ := h.db.ServiceVersion(ctx, "settle_past_grad", 0)
	if sv.Version != 2 || sv.Requirements[0].ID != second.ID || sv.Requirements[1].ID != first.ID || sv.Requirements[1].Copies != 7 {
		t.Fatalf("saved version %d: %s, %s (copies %d) (%q)", sv.Version, sv.Requirements[0].ID, sv.Requirements[1].ID, sv.Requirements[1].Copies, e.message.Text)
	}
}
