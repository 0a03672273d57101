package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// overlayShown returns the texts of the labels and the buttons of the
// dialogs on show, and the top dialog, nil when none is shown.
func overlayShown(w fyne.Window) (labels []string, buttons map[string]*widget.Button, top fyne.CanvasObject) {
	buttons = map[string]*widget.Button{}
	for _, o := range w.Canvas().Overlays().List() {
		if !o.Visible() {
			continue
		}
		top = o
		for _, x := range test.LaidOutObjects(o) {
			switch v := x.(type) {
			case *widget.Label:
				if v.Visible() && v.Text != "" {
					labels = append(labels, v.Text)
				}
			case *wrappedText:
				if v.Visible() && v.Text != "" {
					labels = append(labels, v.Text)
				}
			case *widget.Button:
				if v.Visible() && !v.Disabled() {
					buttons[v.Text] = v
				}
			}
		}
	}
	return labels, buttons, top
}

// buttonTexts lists the texts of the buttons, sorted, for a failure.
func buttonTexts(m map[string]*widget.Button) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// assertFits fails when the dialog on show does not fit 1280×720, or one
// of its buttons lies outside it (a wrapped message that grew after the
// dialog was sized pushed them out).
func assertFits(t *testing.T, o fyne.CanvasObject, buttons map[string]*widget.Button) {
	t.Helper()
	if pop, ok := o.(*widget.PopUp); ok {
		o = pop.Content
	}
	if ms := o.MinSize(); ms.Width > 1280 || ms.Height > 720 || ms.Width < conflictWidth {
		t.Fatalf("the refusal needs %.0f×%.0f", ms.Width, ms.Height)
	}
	d := fyne.CurrentApp().Driver()
	box := d.AbsolutePositionForObject(o)
	end := box.Add(o.Size())
	for text, b := range buttons {
		p := d.AbsolutePositionForObject(b)
		q := p.Add(b.Size())
		if p.X < box.X || p.Y < box.Y || q.X > end.X || q.Y > end.Y {
			t.Fatalf("button %q at %v–%v lies outside the dialog %v–%v", text, p, q, box, end)
		}
	}
}

// TestStartCase_MoveOutWhileCardLent is issue 12's example: 转户 for a
// member whose card is out silently opened the 借户籍卡 case. Now a dialog
// says why and offers the ways on: the open case, or the refund desk on its
// deposit; no case is opened.
func TestStartCase_MoveOutWhileCardLent(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	c := h.acceptBorrowCase("王芳", femaleID, "13812345678")
	lent := c.kase
	cs := h.app.home.customers
	cust := cs.current
	before, err := h.db.CasesOfCustomer(ctx, cust.ID)
	if err != nil {
		t.Fatal(err)
	}
	cs.showSearch()

	cs.startCase("move_out")
	h.wait()
	labels, buttons, top := overlayShown(h.app.win)
	if cs.caseScr != nil {
		t.Fatalf("转户 opened the case %s instead of saying why", cs.caseScr.kase.Number)
	}
	if top == nil {
		t.Fatal("no dialog says why 转户 cannot be opened")
	}
	msg := strings.Join(labels, "\n")
	for _, want := range []string{"户籍卡已借出", lent.Number, c.receipts[0].Number, "须先请客户交回户籍卡", "再办理转户"} {
		if !strings.Contains(msg, want) {
			t.Fatalf("the dialog says %q, without %q", msg, want)
		}
	}
	for _, want := range []string{"打开该受理单", "去保障金退还", "返回"} {
		if buttons[want] == nil {
			t.Fatalf("the dialog offers %v, without %q", buttonTexts(buttons), want)
		}
	}
	assertFits(t, top, buttons)
	after, err := h.db.CasesOfCustomer(ctx, cust.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Fatal("the refused 转户 opened a case")
	}

	// 去保障金退还: the refund desk, on the deposit of that receipt.
	test.Tap(buttons["去保障金退还"])
	h.wait()
	home := h.app.home
	if home.tabs.Selected() == nil || home.tabs.Selected().Content != home.deposits.root {
		t.Fatal("去保障金退还 did not show the refund desk")
	}
	if home.deposits.search.Text != c.receipts[0].Number || len(home.deposits.deposits) != 1 ||
		home.deposits.deposits[0].CaseID != lent.ID {
		t.Fatalf("refund desk shows %q: %+v", home.deposits.search.Text, home.deposits.deposits)
	}
	if _, _, top := overlayShown(h.app.win); top != nil {
		t.Fatal("the dialog stayed over the refund desk")
	}

	// 打开该受理单: the 借户籍卡 case.
	home.tabs.SelectIndex(0)
	cs.startCase("move_out")
	h.wait()
	_, buttons, _ = overlayShown(h.app.win)
	test.Tap(buttons["打开该受理单"])
	h.wait()
	if cs.caseScr == nil || cs.caseScr.kase == nil || cs.caseScr.kase.ID != lent.ID {
		t.Fatal("打开该受理单 did not open the 借户籍卡 case")
	}
}

// TestStartCase_SecondSettlement is issue 12's example: 应届生落户 while
// 历届生落户 waits for papers was allowed. The dialog names the open case
// (service, number, status, date) and offers to open it; no deposit, so no
// refund desk.
func TestStartCase_SecondSettlement(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	cust := &forms.Customer{Name: "陈晨", IDNumber: withCheck("33010619980505003"), Mobile: "13912345678"}
	if err := h.db.CreateCustomer(ctx, h.app.actor(), cust); err != nil {
		t.Fatal(err)
	}
	past, _, err := h.db.OpenCase(ctx, h.app.actor(), cust.ID, "settle_past_grad")
	if err != nil {
		t.Fatal(err)
	}
	svc, err := h.db.ServiceVersion(ctx, past.ServiceCode, past.ServiceVersion)
	if err != nil {
		t.Fatal(err)
	}
	answers := answerEvery(svc)
	items := map[string]forms.ItemState{}
	for _, r := range svc.Requirements {
		items[r.ID] = forms.ItemState{Status: forms.ItemDeferred, PromisedBy: testDay.AddDate(0, 0, 5)}
	}
	if _, err := h.db.SaveCase(ctx, h.app.actor(), past.ID, answers, items); err != nil {
		t.Fatal(forms.ErrorMessage(err))
	}
	if past, _, _, err = h.db.AcceptCase(ctx, h.app.actor(), past.ID, forms.Payment{Method: forms.PayCash}, time.Time{}); err != nil {
		t.Fatal(forms.ErrorMessage(err))
	}
	if past.Status != forms.CaseWaiting {
		t.Fatalf("历届生落户 is %s, want waiting for papers", past.Status)
	}

	cs := h.app.home.customers
	cs.open(cust.ID)
	h.wait()
	cs.startCase("settle_new_grad")
	h.wait()
	labels, buttons, top := overlayShown(h.app.win)
	if cs.caseScr != nil || top == nil {
		t.Fatal("a second settlement case was opened without a word")
	}
	want := "该客户已有未办结的“历届生落户”受理单 " + past.Number + "（待补材料，2026-11-23 受理），须办结或取消后才能办理“应届生落户”"
	if !strings.Contains(strings.Join(labels, "\n"), want) {
		t.Fatalf("the dialog says %q, want %q", labels, want)
	}
	if buttons["去保障金退还"] != nil || buttons["打开该受理单"] == nil || buttons["返回"] == nil {
		t.Fatalf("the dialog offers %v", buttonTexts(buttons))
	}
	assertFits(t, top, buttons)
	test.Tap(buttons["打开该受理单"])
	h.wait()
	if cs.caseScr == nil || cs.caseScr.kase == nil || cs.caseScr.kase.ID != past.ID {
		t.Fatal("打开该受理单 did not open the 历届生落户 case")
	}
	cases, err := h.db.CasesOfCustomer(ctx, cust.ID)
	if err != nil || len(cases) != 1 {
		t.Fatalf("the customer has %d cases (%v), want the one settlement", len(cases), err)
	}
}

// answerEvery answers every required choice question with its first
// option, so a case can be accepted with its papers deferred.
func answerEvery(svc *forms.Service) map[string]string {
	out := map[string]string{}
	for _, q := range svc.Questions {
		switch q.Type {
		case forms.QChoice:
			out[q.ID] = q.Options[0].Value
		case forms.QBool:
			out[q.ID] = "no"
		case forms.QYear:
			out[q.ID] = "2020"
		}
	}
	return out
}
