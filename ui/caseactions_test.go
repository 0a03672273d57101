package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// TestCaseScreen_ActionsStayPutWhenTheLastPaperComes is the clerk trial's
// fault: on an accepted case with a promised paper (容缺), ticking it made
// 打印一次性告知单 disappear and 办结 jump left under the cursor. Now every
// button keeps its place; the notice is disabled, with the reason shown.
func TestCaseScreen_ActionsStayPutWhenTheLastPaperComes(t *testing.T) {
	h := newCaseHarness(t)
	c := h.openCase(h.customer(true), "settle_past_grad")
	items := map[string]forms.ItemState{}
	deferred := ""
	for i, r := range c.service.Requirements {
		items[r.ID] = r.Received()
		if i == 0 {
			deferred = r.ID
			items[r.ID] = forms.ItemState{Status: forms.ItemDeferred, PromisedBy: testDay.AddDate(0, 0, 7)}
		}
	}
	if _, err := h.db.SaveCase(h.ctx, h.app.actor(), c.kase.ID, answerAll(c.service, testDay), items); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := h.db.AcceptCase(h.ctx, h.app.actor(), c.kase.ID, forms.Payment{}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	c = h.show(c.kase.ID)
	if c.noticeBtn.Disabled() || c.completeBtn.Disabled() {
		t.Fatalf("with a paper promised: notice disabled %v, 办结 disabled %v", c.noticeBtn.Disabled(), c.completeBtn.Disabled())
	}
	where := func() map[string]fyne.Position {
		d := fyne.CurrentApp().Driver()
		out := map[string]fyne.Position{}
		for _, o := range c.actions.Objects {
			b := o.(*widget.Button)
			out[b.Text] = d.AbsolutePositionForObject(b)
		}
		return out
	}
	before := where()

	c.itemChecks[deferred].SetChecked(true) // the clerk ticks it
	if len(c.eval.Missing)+len(c.eval.Deferred) != 0 {
		t.Fatalf("after ticking the promised paper: missing %d, deferred %d", len(c.eval.Missing), len(c.eval.Deferred))
	}
	after := where()
	if len(after) != len(before) {
		t.Fatalf("the row had %d buttons, now %d: %v", len(before), len(after), after)
	}
	for text, p := range before {
		if q, ok := after[text]; !ok || q != p {
			t.Errorf("%s moved from %v to %v", text, p, q)
		}
	}
	if !c.noticeBtn.Disabled() || !c.noticeBtn.Visible() || c.completeBtn.Disabled() {
		t.Errorf("after the last paper: notice disabled %v shown %v, 办结 disabled %v", c.noticeBtn.Disabled(), c.noticeBtn.Visible(), c.completeBtn.Disabled())
	}
	if !strings.Contains(c.actionNote.Text, "材料已收齐") {
		t.Errorf("the reason beside the disabled notice: %q", c.actionNote.Text)
	}
	h.fits("已受理（材料已收齐）")
}

// TestCaseScreen_HeldDepositDisablesCompleteWithReason keeps 办结 and
// 取消受理单 in their places while a deposit is held, disabled with the
// reason, where they used to be left out.
func TestCaseScreen_HeldDepositDisablesCompleteWithReason(t *testing.T) {
	h := newCaseHarness(t)
	c := h.acceptBorrowCase("赵敏", withCheck("51011319920202333"), "13900003333")
	if !c.completeBtn.Disabled() || !c.cancelBtn.Disabled() || c.completeBtn.Hidden {
		t.Fatalf("deposit held: 办结 disabled %v, 取消 disabled %v", c.completeBtn.Disabled(), c.cancelBtn.Disabled())
	}
	found := false
	for _, o := range c.actions.Objects {
		found = found || o == c.completeBtn
	}
	if !found || !strings.Contains(c.actionNote.Text, "保障金未退还") {
		t.Fatalf("办结 in the row %v, reason %q", found, c.actionNote.Text)
	}
}
