package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// waitingSettlement opens a 历届生落户 case for a new non-member, with
// 户籍卡 promised in 3 days and 无房证明 in 5, accepts it through the store
// and shows it.
func (h *caseHarness) waitingSettlement() (*forms.Customer, *caseScreen) {
	h.t.Helper()
	h.n++
	cust := &forms.Customer{Name: "孙落户", IDNumber: withCheck(fmt.Sprintf("51011319950610%02d1", 10+h.n)),
		Mobile: fmt.Sprintf("139123456%02d", h.n), Marital: "single"}
	if err := h.db.CreateCustomer(h.ctx, h.app.actor(), cust); err != nil {
		h.t.Fatal(err)
	}
	c := h.openCase(cust, "settle_past_grad")
	items := map[string]forms.ItemState{}
	for _, r := range c.service.Requirements {
		items[r.ID] = r.Received()
	}
	items["household_card"] = forms.ItemState{Status: forms.ItemDeferred, PromisedBy: testDay.AddDate(0, 0, 3)}
	items["no_house_cert"] = forms.ItemState{Status: forms.ItemDeferred, PromisedBy: testDay.AddDate(0, 0, 5)}
	answers := map[string]string{"origin": "other_collective", "referral": "朋友介绍", "marital": "single"}
	if _, err := h.db.SaveCase(h.ctx, h.app.actor(), c.kase.ID, answers, items); err != nil {
		h.t.Fatal(err)
	}
	if _, _, _, err := h.db.AcceptCase(h.ctx, h.app.actor(), c.kase.ID, forms.Payment{Method: forms.PayCash}, time.Time{}); err != nil {
		h.t.Fatal(forms.ErrorMessage(err))
	}
	return cust, h.show(c.kase.ID)
}

// stored reads the case from the database.
func (h *caseHarness) stored(id string) *forms.Case {
	h.t.Helper()
	k, err := h.db.Case(h.ctx, id)
	if err != nil {
		h.t.Fatal(err)
	}
	return k
}

// TestCasePapers_MoveOnceThenReceiveAndComplete: issue 14 "Papers
// promised": a waiting case shows each promised paper with its date (red
// once overdue); 改约定日期 moves a date once with a reason (then it is
// disabled with the reason beside); 已补交 records the day and the clerk;
// the last paper completes the case, and 历届生落户's completion makes the
// customer a member. The header shows the service version.
func TestCasePapers_MoveOnceThenReceiveAndComplete(t *testing.T) {
	h := newCaseHarness(t)
	cust, c := h.waitingSettlement()
	id := c.kase.ID
	if c.kase.Status != forms.CaseWaiting {
		t.Fatalf("status %s, want waiting", c.kase.Status)
	}
	if got := c.title.String(); !strings.Contains(got, "历届生落户 · 第1版 · 孙落户") {
		t.Fatalf("header %q lacks the service version", got)
	}
	for _, p := range []string{"household_card", "no_house_cert"} {
		if _, ok := c.paperButtons[p]; !ok || !c.itemChecks[p].Disabled() {
			t.Fatalf("%s: actions %v, tick disabled %v", p, ok, c.itemChecks[p].Disabled())
		}
	}
	if _, ok := c.paperButtons["photos"]; ok {
		t.Fatal("a paper received at once has the promised paper's actions")
	}
	if st := c.paperStates["household_card"]; st.Text != "容缺，约定 2026-11-26 前补交" || st.Importance != widget.WarningImportance {
		t.Fatalf("promised paper shows %q (%v)", st.Text, st.Importance)
	}

	// Four days later the 户籍卡 is one day overdue: red.
	h.clock.Set(testDay.AddDate(0, 0, 4))
	c = h.show(id)
	if st := c.paperStates["household_card"]; st.Text != "容缺，约定 2026-11-26 前补交，已逾期 1 天" || st.Importance != widget.DangerImportance {
		t.Fatalf("overdue paper shows %q (%v)", st.Text, st.Importance)
	}
	if st := c.paperStates["no_house_cert"]; st.Importance != widget.WarningImportance {
		t.Fatalf("a paper not yet due is %v", st.Importance)
	}
	h.fits("待补材料（逾期）")

	// 改约定日期: refused twice (a past date, no reason), then moved.
	test.Tap(c.paperButtons["household_card"][1])
	f := c.moveForm
	if f == nil {
		t.Fatal("改约定日期 opened no dialog")
	}
	h.fits("改约定日期")
	f.date.SetText("2026-11-20")
	f.reason.SetText("单位盖章")
	test.Tap(f.confirm)
	h.wait()
	if f.message.Text != "“户籍卡（常住人口登记卡）”新的约定补交日期（2026-11-20）不能早于今天（2026-11-27）" {
		t.Fatalf("a past date: %q", f.message.Text)
	}
	f.date.SetText("2026-12-10")
	f.reason.SetText("  ")
	test.Tap(f.confirm)
	h.wait()
	if f.message.Text != "请填写改期原因，例如“单位盖章需要时间”" || f.date.Text != "2026-12-10" {
		t.Fatalf("no reason: %q, date kept %q", f.message.Text, f.date.Text)
	}
	if st := h.stored(id).Items["household_card"]; st.Moved() || forms.FormatDate(st.PromisedBy) != "2026-11-26" {
		t.Fatalf("a refused move changed the database: %+v", st)
	}
	h.fits("改约定日期（有错误提示）")
	f.reason.SetText("原集体户下周才能开具")
	test.Tap(f.confirm)
	h.wait()
	if c.moveForm != nil {
		t.Fatalf("dialog still open: %q", f.message.Text)
	}
	st := h.stored(id).Items["household_card"]
	if forms.FormatDate(st.PromisedBy) != "2026-12-10" || forms.FormatDate(st.PromisedFirst) != "2026-11-26" ||
		st.MoveReason != "原集体户下周才能开具" || st.MovedBy != "李主管" {
		t.Fatalf("stored after the move: %+v", st)
	}
	c = h.app.home.customers.caseScr
	if !c.paperButtons["household_card"][1].Disabled() || c.paperButtons["household_card"][0].Disabled() {
		t.Fatal("after the move: 改约定日期 must be disabled, 已补交 enabled")
	}
	if st := c.paperStates["household_card"]; st.Text != "容缺，约定 2026-12-10 前补交\n原约定 2026-11-26，2026-11-27 已改期一次（原集体户下周才能开具），不能再改" ||
		st.Importance != widget.WarningImportance {
		t.Fatalf("after the move the paper shows %q (%v)", st.Text, st.Importance)
	}
	h.fits("待补材料（已改期）")

	// 已补交 of the 户籍卡: one original is needed.
	test.Tap(c.paperButtons["household_card"][0])
	r := c.receiveForm
	if r == nil || r.originals == nil || r.copies != nil {
		t.Fatalf("已补交 dialog: %+v", r)
	}
	if strings.Contains(h.overlayText(), "最后一项") {
		t.Fatal("not the last paper, but the dialog says so")
	}
	h.fits("已补交")
	r.originals.SetText("0")
	test.Tap(r.confirm)
	h.wait()
	if !strings.Contains(r.message.Text, "原件还差1份") {
		t.Fatalf("short: %q", r.message.Text)
	}
	r.originals.SetText("一份")
	test.Tap(r.confirm)
	h.wait()
	if r.message.Text != "原件份数请填写收到的份数（0或正整数），如 1" {
		t.Fatalf("not a number: %q", r.message.Text)
	}
	if st := h.stored(id).Items["household_card"]; st.Status != forms.ItemDeferred {
		t.Fatalf("a refused arrival changed the database: %+v", st)
	}
	h.fits("已补交（有错误提示）")
	r.originals.SetText("1")
	test.Tap(r.confirm)
	h.wait()
	k := h.stored(id)
	if st := k.Items["household_card"]; st.Status != forms.ItemReceived || st.ReceivedBy != "李主管" ||
		forms.FormatDate(st.ReceivedOn) != "2026-11-27" || k.Status != forms.CaseWaiting {
		t.Fatalf("stored after the arrival: %s %+v", k.Status, st)
	}
	c = h.app.home.customers.caseScr
	if st := c.paperStates["household_card"]; st.Text != "已收齐（2026-11-27 补交，经办人 李主管）" {
		t.Fatalf("arrived paper shows %q", st.Text)
	}
	if _, ok := c.paperButtons["household_card"]; ok {
		t.Fatal("an arrived paper still has the actions")
	}

	// The last paper: the dialog says the case completes, and it does.
	test.Tap(c.paperButtons["no_house_cert"][0])
	if txt := h.overlayText(); !strings.Contains(txt, "这是最后一项容缺材料：登记补交后受理单即办结") {
		t.Fatalf("the last paper's dialog: %q", txt)
	}
	h.fits("已补交（最后一项）")
	test.Tap(c.receiveForm.confirm)
	h.wait()
	k = h.stored(id)
	if k.Status != forms.CaseCompleted || k.Items["no_house_cert"].Status != forms.ItemReceived {
		t.Fatalf("after the last paper: %s", k.Status)
	}
	member, err := h.db.Customer(h.ctx, cust.ID)
	if err != nil || !member.Member {
		t.Fatalf("completion effects: member=%v (%v)", member != nil && member.Member, err)
	}
	c = h.app.home.customers.caseScr
	if c.kase.Status != forms.CaseCompleted || len(c.paperButtons) != 0 ||
		!strings.Contains(h.app.home.status.Text, "材料已补齐，受理单 "+k.Number+" 已办结") {
		t.Fatalf("screen after the last paper: %s, actions %d, status %q", c.kase.Status, len(c.paperButtons), h.app.home.status.Text)
	}
	h.fits("已办结（补交后）")
}

// TestCasePapers_DepositCaseGoesBackToAccepted: a 借户籍卡 case accepted
// with its ID card promised (through the 容缺 dialog) is not completed
// when the card comes: the deposit is held, so it goes back to accepted
// and 办结 stays disabled with the reason.
func TestCasePapers_DepositCaseGoesBackToAccepted(t *testing.T) {
	h := newCaseHarness(t)
	c := h.readyBorrowCase("钱借卡", withCheck("51011319920202444"), "13900004444")
	var idCard forms.ChecklistItem
	for _, it := range c.eval.Items {
		if it.ID == "id_card" {
			idCard = it
		}
	}
	c.onDefer(idCard)
	c.deferForm.date.SetText("2026-11-25")
	test.Tap(c.deferForm.confirm)
	test.Tap(c.acceptBtn)
	test.Tap(c.pay.confirm)
	h.wait()
	if c.kase.Status != forms.CaseWaiting {
		t.Fatalf("accepted with the ID card promised: %s (%s)", c.kase.Status, c.message.Text)
	}
	c = h.show(c.kase.ID)
	test.Tap(c.paperButtons["id_card"][0])
	r := c.receiveForm
	if r == nil || r.originals != nil || r.copies == nil || r.copies.Text != "1" {
		t.Fatalf("已补交 of a seen-only original with a copy: %+v", r)
	}
	if txt := h.overlayText(); !strings.Contains(txt, "补交后受理单回到“已受理”，在退还或没收保障金时办结") {
		t.Fatalf("the last paper's dialog on a deposit case: %q", txt)
	}
	test.Tap(r.confirm)
	h.wait()
	k := h.stored(c.kase.ID)
	dep, err := h.db.DepositOfCase(h.ctx, k.ID)
	if err != nil || k.Status != forms.CaseAccepted || dep.State != forms.DepositHeld {
		t.Fatalf("after the card came: %s, deposit %v (%v)", k.Status, dep, err)
	}
	c = h.app.home.customers.caseScr
	if c.kase.Status != forms.CaseAccepted || !c.completeBtn.Disabled() || !strings.Contains(c.actionNote.Text, "保障金未退还") {
		t.Fatalf("screen: %s, 办结 disabled %v, note %q", c.kase.Status, c.completeBtn.Disabled(), c.actionNote.Text)
	}
}

// TestCasePapers_NoticeOfAWaitingCase: the 一次性告知单 of a waiting case
// goes to the printer with the case (its status) and the papers owed;
// printing/notice_test.go reads the PDF back.
func TestCasePapers_NoticeOfAWaitingCase(t *testing.T) {
	h := newCaseHarness(t)
	_, c := h.waitingSettlement()
	if c.noticeBtn.Disabled() {
		t.Fatal("notice disabled on a waiting case")
	}
	test.Tap(c.noticeBtn)
	h.wait()
	jobs := h.jobs()
	if len(jobs) == 0 {
		t.Fatal("nothing printed")
	}
	p := jobs[len(jobs)-1][0]
	if p.Kind != forms.PrintNotice || p.Case == nil || p.Case.Status != forms.CaseWaiting || len(p.Evaluation.Deferred) != 2 {
		t.Fatalf("notice printout: %+v", p)
	}
}

// TestCasePapers_UnsavedTicksFirst: with checklist changes not saved, the
// two actions ask to save first instead of losing them.
func TestCasePapers_UnsavedTicksFirst(t *testing.T) {
	h := newCaseHarness(t)
	_, c := h.waitingSettlement()
	c.itemChecks["photos"].SetChecked(false)
	test.Tap(c.paperButtons["household_card"][0])
	if c.receiveForm != nil || !strings.Contains(c.message.Text, "请先保存") {
		t.Fatalf("with unsaved ticks: dialog %v, message %q", c.receiveForm != nil, c.message.Text)
	}
}

// TestCasePapers_ChecklistSettledAfterAcceptance: the clerk trial moved a
// promised date once, brought the paper in (已补交), then pressed the 容缺
// still beside it with a new date and 保存: the paper was a promise again
// and the case back to 待补材料. After acceptance every row's tick and 容缺
// are disabled, the reason is said once above the list, and the store
// refuses such a checklist (store/papers_test.go).
func TestCasePapers_ChecklistSettledAfterAcceptance(t *testing.T) {
	h := newCaseHarness(t)
	_, c := h.waitingSettlement()
	id := c.kase.ID
	test.Tap(c.paperButtons["household_card"][1])
	c.moveForm.date.SetText("2026-12-10")
	c.moveForm.reason.SetText("原集体户下周才能开具")
	test.Tap(c.moveForm.confirm)
	h.wait()
	c = h.app.home.customers.caseScr
	test.Tap(c.paperButtons["household_card"][0])
	test.Tap(c.receiveForm.confirm)
	h.wait()
	c = h.app.home.customers.caseScr
	before := h.stored(id)
	if st := before.Items["household_card"]; st.Status != forms.ItemReceived || before.Status != forms.CaseWaiting {
		t.Fatalf("after 已补交: %s %+v", before.Status, st)
	}
	reason := "受理后材料清单已确定，勾选和“容缺”不能再改；容缺材料收到时点“已补交”，约定日期用“改约定日期”改（只能改一次）。"
	var defers []*widget.Button
	var checks []*widget.Check
	reasons := 0
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Button:
			if w.Text == "容缺" {
				defers = append(defers, w)
			}
		case *widget.Check:
			checks = append(checks, w)
		case *widget.RichText:
			if w.String() == reason {
				reasons++
			}
		case *fyne.Container:
			for _, x := range w.Objects {
				walk(x)
			}
		}
	}
	walk(c.checklistBox)
	// Each row has its tick; a paper still promised has 已补交/改约定日期
	// in place of 容缺.
	if len(defers) == 0 || len(defers) != len(c.eval.Items)-len(c.paperButtons) || len(checks) != len(c.eval.Items) || reasons != 1 {
		t.Fatalf("checklist: %d 容缺 buttons, %d ticks, %d papers, reason shown %d times", len(defers), len(checks), len(c.eval.Items), reasons)
	}
	for i, b := range defers {
		if !b.Disabled() {
			t.Fatalf("容缺 %d enabled after acceptance", i)
		}
	}
	for i, x := range checks {
		if !x.Disabled() {
			t.Fatalf("tick %d enabled after acceptance", i)
		}
	}
	for _, b := range defers {
		test.Tap(b)
	}
	if c.deferForm != nil {
		t.Fatal("a disabled 容缺 opened its dialog")
	}
	if c.saveBtn != nil && !c.saveBtn.Disabled() {
		test.Tap(c.saveBtn)
		h.wait()
	}
	after := h.stored(id)
	if after.Status != forms.CaseWaiting || after.Items["household_card"].Status != forms.ItemReceived ||
		after.Items["household_card"].ReceivedOn.IsZero() || !after.UpdatedAt.Equal(before.UpdatedAt) {
		t.Fatalf("stored after the checklist was tried: %s %+v", after.Status, after.Items["household_card"])
	}
	h.fits("待补材料（清单已确定）")
}

// TestCasePapers_FullWidthCount: the clerk trial typed 复印件份数 with the
// Chinese input method in full-width mode ("１") and 已补交 refused it. Every
// count the screens read goes through forms.ParseWhole.
func TestCasePapers_FullWidthCount(t *testing.T) {
	h := newCaseHarness(t)
	c := h.readyBorrowCase("钱全角", withCheck("51011319920202455"), "13900004455")
	var idCard forms.ChecklistItem
	for _, it := range c.eval.Items {
		if it.ID == "id_card" {
			idCard = it
		}
	}
	c.onDefer(idCard)
	c.deferForm.date.SetText("2026-11-25")
	test.Tap(c.deferForm.confirm)
	test.Tap(c.acceptBtn)
	test.Tap(c.pay.confirm)
	h.wait()
	c = h.show(c.kase.ID)
	// The 一次性告知单 of this waiting case is told the deposit holds it:
	// it completes at the refund, not when the card comes
	// (printing/notice_test.go reads the wording back).
	test.Tap(c.noticeBtn)
	h.wait()
	jobs := h.jobs()
	if len(jobs) == 0 {
		t.Fatal("nothing printed")
	}
	if p := jobs[len(jobs)-1][0]; p.Kind != forms.PrintNotice || !p.Holds.DepositHeld || p.Case.Status != forms.CaseWaiting {
		t.Fatalf("notice printout: kind %s, holds %+v", p.Kind, p.Holds)
	}
	h.closeDialogs()
	c = h.app.home.customers.caseScr
	test.Tap(c.paperButtons["id_card"][0])
	r := c.receiveForm
	if r == nil || r.copies == nil {
		t.Fatalf("已补交 dialog: %+v", r)
	}
	r.copies.SetText("\u3000１")
	test.Tap(r.confirm)
	h.wait()
	if c.receiveForm != nil {
		t.Fatalf("full-width 1 refused: %q", r.message.Text)
	}
	k := h.stored(c.kase.ID)
	if st := k.Items["id_card"]; st.Status != forms.ItemReceived || st.Copies != 1 || k.Status != forms.CaseAccepted {
		t.Fatalf("stored: %s %+v", k.Status, st)
	}
	if st := h.app.home.customers.caseScr.paperStates["id_card"]; !strings.HasPrefix(st.Text, "已收齐（") {
		t.Fatalf("screen shows %q", st.Text)
	}
}
