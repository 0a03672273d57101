package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// caseHarness is a logged-in supervisor's station with helpers to open a
// case of any service for a new customer.
type caseHarness struct {
	*harness
	ctx context.Context
	n   int
}

func newCaseHarness(t *testing.T) *caseHarness {
	h := newHarness(t)
	h.app.win.Resize(fyne.NewSize(1280, 720))
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	if h.app.home == nil {
		t.Fatal("the supervisor did not reach the main screen")
	}
	return &caseHarness{harness: h, ctx: context.Background()}
}

// customer creates a member: a married woman of 36 when female, so the
// women's forms and the spouse's papers apply.
func (h *caseHarness) customer(female bool) *forms.Customer {
	h.t.Helper()
	h.n++
	body := fmt.Sprintf("51011319900307%02d", 10+h.n)
	sex := "1" // odd: male
	if female {
		sex = "2"
	}
	c := &forms.Customer{Name: "欧阳芳芳", IDNumber: withCheck(body + sex), Mobile: fmt.Sprintf("138123456%02d", h.n),
		Member: true, MemberSince: testDay.AddDate(-3, 0, 0), Marital: "married"}
	if err := h.db.CreateCustomer(h.ctx, h.app.actor(), c); err != nil {
		h.t.Fatal(err)
	}
	return c
}

// openCase opens a case of the service for the customer and shows it.
func (h *caseHarness) openCase(cust *forms.Customer, service string) *caseScreen {
	h.t.Helper()
	cs := h.app.home.customers
	cs.open(cust.ID)
	h.wait()
	k, _, err := h.db.OpenCase(h.ctx, h.app.actor(), cust.ID, service)
	if err != nil {
		h.t.Fatal(err)
	}
	return h.show(k.ID)
}

// show shows a case afresh, as after returning to it.
func (h *caseHarness) show(caseID string) *caseScreen {
	h.t.Helper()
	cs := h.app.home.customers
	cs.showCase(caseID)
	h.wait()
	if cs.caseScr == nil || cs.caseScr.kase == nil {
		h.t.Fatal("the case screen did not open")
	}
	return cs.caseScr
}

// ready saves answers and every paper received, through the store, and
// shows the case again.
func (h *caseHarness) ready(c *caseScreen, answers map[string]string) *caseScreen {
	h.t.Helper()
	items := map[string]forms.ItemState{}
	for _, r := range c.service.Requirements {
		items[r.ID] = r.Received()
	}
	if _, err := h.db.SaveCase(h.ctx, h.app.actor(), c.kase.ID, answers, items); err != nil {
		h.t.Fatal(err)
	}
	return h.show(c.kase.ID)
}

// fits fails the test when the window's content or a dialog on show needs
// more than 1280×720: Fyne grows the window to the content's minimum.
func (h *caseHarness) fits(state string) {
	h.t.Helper()
	c := h.app.win.Canvas()
	if ms := c.Content().MinSize(); ms.Width > 1280 || ms.Height > 720 {
		h.t.Errorf("%s: the window needs %.0f×%.0f, more than 1280×720", state, ms.Width, ms.Height)
	}
	for _, o := range c.Overlays().List() {
		if !o.Visible() {
			continue
		}
		if ms := o.MinSize(); ms.Width > 1280 || ms.Height > 720 {
			h.t.Errorf("%s: a dialog needs %.0f×%.0f", state, ms.Width, ms.Height)
		}
	}
}

// overlayButton finds a button with the text in the dialogs on show.
func (h *caseHarness) overlayButton(text string) *widget.Button {
	for _, o := range h.app.win.Canvas().Overlays().List() {
		if !o.Visible() {
			continue
		}
		for _, x := range test.LaidOutObjects(o) {
			if b, ok := x.(*widget.Button); ok && b.Text == text {
				return b
			}
		}
	}
	return nil
}

// overlayText joins the labels of the dialogs on show.
func (h *harness) overlayText() string {
	var b strings.Builder
	for _, o := range h.app.win.Canvas().Overlays().List() {
		if !o.Visible() {
			continue
		}
		for _, x := range test.LaidOutObjects(o) {
			switch l := x.(type) {
			case *widget.Label:
				b.WriteString(l.Text + "\n")
			case *wrappedText:
				b.WriteString(l.Text + "\n")
			}
		}
	}
	return b.String()
}

func (h *caseHarness) closeDialogs() {
	ov := h.app.win.Canvas().Overlays()
	for _, o := range ov.List() {
		ov.Remove(o)
	}
}

// jobs returns the PDFs printed so far, one list of printouts each.
func (h *caseHarness) jobs() [][]*forms.Printout {
	h.pr.mu.Lock()
	defer h.pr.mu.Unlock()
	return append([][]*forms.Printout(nil), h.pr.jobs...)
}

func docIDs(job []*forms.Printout) []string {
	var out []string
	for _, p := range job {
		s := string(p.Kind)
		if p.Document != nil {
			s = p.Document.ID
		}
		if p.Reprint {
			s += "(补打)"
		}
		out = append(out, s)
	}
	return out
}

// TestCaseScreen_PastGraduateAcceptFitsAndPrintsOnce accepts a 历届生落户
// case of a married woman (six documents): the window once grew to 1558 px
// with one 补打 button per document, a ¥0.00 service still asked for a
// payment, and the accept opened six viewer windows. Now: no payment step,
// one PDF with every document in catalogue order, the screen fits, every
// document is listed with 打印 (a second print is 补打), and 办结 asks first.
func TestCaseScreen_PastGraduateAcceptFitsAndPrintsOnce(t *testing.T) {
	h := newCaseHarness(t)
	c := h.openCase(h.customer(true), "settle_past_grad")
	h.fits("历届生落户（草稿）")
	c = h.ready(c, map[string]string{"origin": c.service.Questions[0].Options[0].Value, "marital": "married"})
	h.fits("历届生落户（材料齐全）")
	if len(c.eval.Documents) != 6 {
		t.Fatalf("a married woman's 历届生落户 has %d documents, want 6", len(c.eval.Documents))
	}
	if c.total() != 0 || c.acceptBtn.Disabled() || c.acceptBtn.Text != "受理并打印" {
		t.Fatalf("accept button %q (disabled %v) for a service of %s", c.acceptBtn.Text, c.acceptBtn.Disabled(), c.total())
	}

	// Nothing to pay: no payment step, only what will be printed.
	test.Tap(c.acceptBtn)
	if c.pay == nil || c.pay.method != nil {
		t.Fatal("a ¥0.00 service asked for a payment method")
	}
	if txt := h.overlayText(); !strings.Contains(txt, "无需收费") || !strings.Contains(txt, "《高级人才派遣与储备协议》（2份）") {
		t.Fatalf("the accept confirmation says %q", txt)
	}
	h.fits("历届生落户 → 受理")
	before := len(h.jobs())
	test.Tap(c.pay.confirm)
	h.wait()
	if c.kase.Status != forms.CaseAccepted || len(c.receipts) != 0 {
		t.Fatalf("after accept: status %s, receipts %v", c.kase.Status, c.receipts)
	}
	jobs := h.jobs()[before:]
	if len(jobs) != 1 {
		t.Fatalf("one accept printed %d PDFs, want 1", len(jobs))
	}
	want := []string{"agency_mandate", "acceptance_letter", "talent_agreement", "promise", "fp_promise", "women_survey"}
	if got := docIDs(jobs[0]); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("the accept's PDF holds %v, want %v", got, want)
	}
	h.fits("历届生落户（已受理）")
	for _, b := range []*widget.Button{c.completeBtn, c.documentsBtn} {
		if !b.Visible() || b.Position().X+b.Size().Width > 1280 {
			t.Errorf("button %q is off the screen", b.Text)
		}
	}
	if w := c.actions.MinSize().Width; w > 1280 {
		t.Fatalf("the action row needs %.0f px", w)
	}

	// Every document, with 打印; printed again it is 补打.
	test.Tap(c.documentsBtn)
	h.fits("历届生落户 → 文书")
	titles := strings.Join(c.documents.titles, "|")
	for _, d := range c.eval.Documents {
		if !strings.Contains(titles, d.Title) {
			t.Errorf("the documents list lacks %s: %s", d.Title, titles)
		}
	}
	if !strings.Contains(titles, "一次性告知单") {
		t.Errorf("the documents list lacks the 一次性告知单: %s", titles)
	}
	test.Tap(c.documents.prints[3])
	h.wait()
	jobs = h.jobs()
	if got := docIDs(jobs[len(jobs)-1]); len(got) != 1 || got[0] != "talent_agreement(补打)" {
		t.Fatalf("printing 《高级人才派遣与储备协议》 again gave %v, want it marked 补打", got)
	}
	h.closeDialogs()

	// 办结 says what it ends and waits for the clerk.
	test.Tap(c.completeBtn)
	h.wait()
	if !strings.Contains(h.overlayText(), "办结后受理单不能再修改，材料清单和回答将存档") {
		t.Fatalf("办结 asked %q", h.overlayText())
	}
	if c.kase.Status != forms.CaseAccepted {
		t.Fatal("办结 completed the case before the clerk confirmed")
	}
	h.fits("历届生落户 → 办结")
	test.Tap(h.overlayButton("确定办结"))
	h.wait()
	c = h.app.home.customers.caseScr
	if c.kase.Status != forms.CaseCompleted {
		t.Fatalf("status %s after confirming 办结", c.kase.Status)
	}
	h.fits("历届生落户（已办结）")

	// A completed case's documents still print, as 补打.
	test.Tap(c.documentsBtn)
	test.Tap(c.documents.prints[1])
	h.wait()
	jobs = h.jobs()
	if got := docIDs(jobs[len(jobs)-1]); len(got) != 1 || got[0] != "agency_mandate(补打)" {
		t.Fatalf("a completed case's 《业务代理委托书》 printed as %v", got)
	}
}

// TestCaseScreen_CancelledAfterAcceptStillPrints cancels an accepted 转档
// case: its 《调档函》 can still be printed, marked 补打.
func TestCaseScreen_CancelledAfterAcceptStillPrints(t *testing.T) {
	h := newCaseHarness(t)
	c := h.openCase(h.customer(false), "archive_transfer")
	c = h.ready(c, map[string]string{"grad_unit": "某某公司", "grad_year": "2020"})
	test.Tap(c.acceptBtn)
	test.Tap(c.pay.confirm)
	h.wait()
	if c.kase.Status != forms.CaseAccepted {
		t.Fatalf("status %s", c.kase.Status)
	}
	if err := h.db.CancelCase(h.ctx, h.app.actor(), c.kase.ID, "客户改去别处办理"); err != nil {
		t.Fatal(err)
	}
	c = h.show(c.kase.ID)
	h.fits("转档（受理后取消）")
	test.Tap(c.documentsBtn)
	var idx = -1
	for i, s := range c.documents.titles {
		if strings.Contains(s, "《调档函》") {
			idx = i
		}
	}
	if idx < 0 {
		t.Fatalf("a cancelled case lists %v, without 《调档函》", c.documents.titles)
	}
	test.Tap(c.documents.prints[idx])
	h.wait()
	jobs := h.jobs()
	if got := docIDs(jobs[len(jobs)-1]); len(got) != 1 || got[0] != "transfer_letter(补打)" {
		t.Fatalf("the cancelled case's 《调档函》 printed as %v", got)
	}
}

// TestCaseScreen_TypingYearKeepsTheEntry types 2024 into 毕业年份 of an
// 应届生落户 case with 就业单位 = 是, key by key as a clerk does. Once the
// first key rebuilt the inputs: the field showed only "2" and the
// checklist took the before-2023 branch.
func TestCaseScreen_TypingYearKeepsTheEntry(t *testing.T) {
	h := newCaseHarness(t)
	c := h.openCase(h.customer(false), "settle_new_grad")
	c.questionInputs["employer_in_city"].(*widget.RadioGroup).SetSelected("是")
	year := c.questionInputs["grad_year"].(*widget.Entry)
	year.SetText("2021")
	if !c.shows("agreement_via_us") {
		t.Fatal("2021 did not ask whether the agreement went through us")
	}
	year.SetText("")
	h.app.win.Canvas().Focus(year)
	for i, key := range "2024" {
		// The keyboard types into whatever has the focus.
		h.app.win.Canvas().Focused().TypedRune(key)
		if got := c.questionInputs["grad_year"]; got != year {
			t.Fatalf("after %d key(s) the 毕业年份 input was replaced", i+1)
		}
		if h.app.win.Canvas().Focused() != year {
			t.Fatalf("after %d key(s) the 毕业年份 input lost the focus", i+1)
		}
		if i < 3 && (c.answers["grad_year"] != "" || c.shows("agreement_via_us") || c.shows("destination_no")) {
			t.Fatalf("the partial year %q picked a branch: answer %q, questions %v", year.Text, c.answers["grad_year"], c.shownQuestions)
		}
	}
	if year.Text != "2024" || c.answers["grad_year"] != "2024" {
		t.Fatalf("typed 2024: field %q, answer %q", year.Text, c.answers["grad_year"])
	}
	if !c.shows("destination_no") || c.shows("agreement_via_us") {
		t.Fatalf("2024 took the wrong branch: %v", c.shownQuestions)
	}
	// The form on screen holds exactly the inputs of the questions shown.
	onScreen := map[fyne.CanvasObject]int{}
	for _, o := range test.LaidOutObjects(c.questionsBox) {
		onScreen[o]++
	}
	for id, in := range c.questionInputs {
		if n, want := onScreen[in], c.shows(id); (n == 1) != want || n > 1 {
			t.Errorf("question %s: its input is on screen %d time(s), shown %v", id, n, want)
		}
	}
	if !h.app.home.customers.caseScr.questionForm.Visible() {
		t.Fatal("the questions are not on show")
	}
}

// shows reports whether the question is on show.
// checklistText joins the names on the case's checklist as shown.
func (c *caseScreen) checklistText() string {
	var b strings.Builder
	for _, o := range test.LaidOutObjects(c.checklistBox) {
		if l, ok := o.(*widget.Label); ok {
			b.WriteString(l.Text + "\n")
		}
	}
	return b.String()
}

// listsPaper reports whether the checklist on show lists the paper named
// name (its name as shown, before any quantity).
func (c *caseScreen) listsPaper(name string) bool {
	for _, line := range strings.Split(c.checklistText(), "\n") {
		if line == name || strings.HasPrefix(line, name+"（") {
			return true
		}
	}
	return false
}

func (c *caseScreen) shows(id string) bool {
	for _, s := range c.shownQuestions {
		if s == id {
			return true
		}
	}
	return false
}

// TestCaseScreen_DeferDateIsTheCustomers opens the 容缺 dialog: the
// promised date starts empty (the suggestion only as a placeholder), an
// empty or past date keeps the dialog open with the reason and changes
// nothing, and the whole date fits (it showed only "2026").
func TestCaseScreen_DeferDateIsTheCustomers(t *testing.T) {
	h := newCaseHarness(t)
	c := h.openCase(h.customer(true), "settle_past_grad")
	it := c.eval.Items[0]
	c.onDefer(it)
	f := c.deferForm
	if f == nil || f.date.Text != "" {
		t.Fatalf("the 容缺 date was filled in: %q", f.date.Text)
	}
	if !strings.Contains(f.date.PlaceHolder, "2026-11-30") {
		t.Fatalf("placeholder %q, want the week-ahead suggestion", f.date.PlaceHolder)
	}
	h.fits("容缺")
	need := fyne.MeasureText("2026-11-30", f.date.Theme().Size("text"), fyne.TextStyle{}).Width
	if f.date.Size().Width < need+f.date.calendar.MinSize().Width {
		t.Fatalf("the 容缺 date is laid out %.0f px wide: a date does not fit", f.date.Size().Width)
	}
	test.Tap(f.confirm)
	if !strings.Contains(f.message.Text, "请填写客户承诺补交") || c.items[it.ID].Status == forms.ItemDeferred {
		t.Fatalf("an empty date: message %q, state %v", f.message.Text, c.items[it.ID])
	}
	f.date.SetText("2026-11-01")
	test.Tap(f.confirm)
	if !strings.Contains(f.message.Text, "不能早于今天") || c.items[it.ID].Status == forms.ItemDeferred {
		t.Fatalf("a past date: message %q, state %v", f.message.Text, c.items[it.ID])
	}
	f.date.SetText("2026-12-05")
	test.Tap(f.confirm)
	want := time.Date(2026, 12, 5, 0, 0, 0, 0, time.Local)
	if st := c.items[it.ID]; st.Status != forms.ItemDeferred || !st.PromisedBy.Equal(want) {
		t.Fatalf("deferred to %v, want 2026-12-05", st)
	}
}

// TestCaseScreen_RefundedDepositReceipt checks a 借户籍卡 case whose deposit
// was refunded: 作废 is disabled with the reason beside it (it could only
// fail after the supervisor typed a password), and the 《保障金退还凭证》 is
// listed and prints.
func TestCaseScreen_RefundedDepositReceipt(t *testing.T) {
	h := newCaseHarness(t)
	c := h.acceptBorrowCase("赵敏", withCheck("51011319920202333"), "13900003333")
	// The accept printed the receipt and the 《户籍卡承诺书》 as one PDF.
	jobs := h.jobs()
	if got := strings.Join(docIDs(jobs[len(jobs)-1]), ","); got != "receipt,card_promise" {
		t.Fatalf("the accept's PDF holds %s, want the receipt then the 承诺书", got)
	}
	dep := c.deposit
	if _, err := h.db.RefundDeposit(h.ctx, h.app.actor(), forms.RefundRequest{DepositID: dep.ID,
		Returned: []string{forms.ReturnedCard, forms.ReturnedPromise, forms.ReturnedReceipt},
		Payment:  forms.Payment{Method: forms.PayCash}}); err != nil {
		t.Fatal(err)
	}
	c = h.show(c.kase.ID)
	h.fits("借户籍卡（已退还）")
	test.Tap(c.receiptsBtn)
	n := c.receipts[0].Number
	if !c.receiptList.voids[n].Disabled() {
		t.Fatal("作废 of a refunded deposit's receipt is enabled")
	}
	if why := c.receiptList.reasons[n]; why == nil || !strings.Contains(why.Text, "保障金已于2026-11-23退还，不能作废") {
		t.Fatalf("no reason beside the disabled 作废: %v", why)
	}
	h.fits("借户籍卡 → 收据")
	h.closeDialogs()

	test.Tap(c.documentsBtn)
	idx := -1
	for i, s := range c.documents.titles {
		if strings.Contains(s, "保障金退还凭证") {
			idx = i
		}
	}
	if idx < 0 {
		t.Fatalf("a refunded case lists %v, without the 《保障金退还凭证》", c.documents.titles)
	}
	before := len(h.jobs())
	test.Tap(c.documents.prints[idx])
	h.wait()
	jobs = h.jobs()
	if len(jobs) != before+1 || jobs[len(jobs)-1][0].Kind != forms.PrintRefundVoucher || jobs[len(jobs)-1][0].Deposit.State != forms.DepositRefunded {
		t.Fatalf("printing the 《保障金退还凭证》 gave %v", docIDs(jobs[len(jobs)-1]))
	}
}

// TestCaseScreen_LoadClearsTheMessage: a message of an earlier action or
// case is never shown over what load brings.
func TestCaseScreen_LoadClearsTheMessage(t *testing.T) {
	h := newCaseHarness(t)
	c := h.openCase(h.customer(false), "archive_transfer")
	c.message.SetText("受理单 QB01-XX 的旧消息")
	c.load()
	h.wait()
	if c.message.Text != "" {
		t.Fatalf("after load the case screen still says %q", c.message.Text)
	}
}

// TestCaseScreen_ReloadShowsChangesElsewhere reloads a case as selecting
// its tab again does: the clerk's unsaved ticks stay while nobody else
// changed the case; a change made elsewhere wins and the clerk is told; a
// deposit refunded at the refund desk no longer shows 在押.
func TestCaseScreen_ReloadShowsChangesElsewhere(t *testing.T) {
	h := newCaseHarness(t)
	c := h.openCase(h.customer(false), "borrow_card")
	var id string
	for k, chk := range c.itemChecks {
		id = k
		chk.SetChecked(true)
		break
	}
	c.load()
	h.wait()
	if !c.itemChecks[id].Checked || c.message.Text != "" {
		t.Fatalf("coming back lost an unsaved tick (checked %v, message %q)", c.itemChecks[id].Checked, c.message.Text)
	}
	if _, err := h.db.SaveCase(h.ctx, h.app.actor(), c.kase.ID, map[string]string{"purpose": "other", "purpose_other": "办护照"}, nil); err != nil {
		t.Fatal(err)
	}
	c.load()
	h.wait()
	if c.itemChecks[id].Checked || c.answers["purpose"] != "other" || !strings.Contains(c.message.Text, "已在别处更改") {
		t.Fatalf("a change made elsewhere: checked %v, answers %v, message %q", c.itemChecks[id].Checked, c.answers, c.message.Text)
	}

	a := h.acceptBorrowCase("钱多多", withCheck("51011319880808222"), "13900002222")
	if !strings.Contains(a.summary.Text, "在押") {
		t.Fatalf("summary %q", a.summary.Text)
	}
	if _, err := h.db.RefundDeposit(h.ctx, h.app.actor(), forms.RefundRequest{DepositID: a.deposit.ID,
		Returned: []string{forms.ReturnedCard, forms.ReturnedPromise, forms.ReturnedReceipt},
		Payment:  forms.Payment{Method: forms.PayCash}}); err != nil {
		t.Fatal(err)
	}
	a.load()
	h.wait()
	if strings.Contains(a.summary.Text, "在押") || !strings.Contains(a.summary.Text, "已退还") {
		t.Fatalf("after a refund elsewhere the case says %q", a.summary.Text)
	}
}

// TestCaseScreen_DateQuestionUsesTheDateEntry checks that a date question
// (小孩出生日期) is a date entry that starts empty and answers only with a
// whole date.
func TestCaseScreen_DateQuestionUsesTheDateEntry(t *testing.T) {
	h := newCaseHarness(t)
	c := h.openCase(h.customer(true), "child_register")
	e, ok := c.questionInputs["child_birth"].(*dateEntry)
	if !ok {
		t.Fatalf("小孩出生日期 is a %T, want the date entry", c.questionInputs["child_birth"])
	}
	if e.Text != "" || c.answers["child_birth"] != "" {
		t.Fatalf("小孩出生日期 starts as %q (answer %q), want empty", e.Text, c.answers["child_birth"])
	}
	h.app.win.Canvas().Focus(e)
	for _, key := range "2025-06" {
		h.app.win.Canvas().Focused().TypedRune(key)
		if c.answers["child_birth"] != "" {
			t.Fatalf("a half-typed date answered %q", c.answers["child_birth"])
		}
	}
	for _, key := range "-18" {
		h.app.win.Canvas().Focused().TypedRune(key)
	}
	if c.answers["child_birth"] != "2025-06-18" || c.questionInputs["child_birth"] != e || e.Text != "2025-06-18" {
		t.Fatalf("typed 2025-06-18: answer %q, field %q", c.answers["child_birth"], e.Text)
	}
}
