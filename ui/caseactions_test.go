package ui

import (
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

// TestCaseScreen_ActionsStayPutWhenTheLastPaperComes is the clerk trial's
// fault: on an accepted case with a promised paper (容缺), ticking it made
// 打印一次性告知单 disappear and 办结 jump left under the cursor. A promised
// paper now arrives by 已补交 (ui/casepapers.go), which completes the case;
// while it is owed, 办结 keeps its place disabled, with the reason beside
// it, instead of offering a click the store would refuse.
func TestCaseScreen_ActionsStayPutWhenTheLastPaperComes(t *testing.T) {
	h := newCaseHarness(t)
	c := h.openCase(h.customer(true), "settle_past_grad")
	items := map[string]forms.ItemState{}
	deferred, need := "", forms.ItemState{}
	for i, r := range c.service.Requirements {
		items[r.ID] = r.Received()
		if i == 0 {
			deferred, need = r.ID, r.Received()
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
	if c.kase.Status != forms.CaseWaiting {
		t.Fatalf("accepted with a paper promised: %s", c.kase.Status)
	}
	if c.noticeBtn.Disabled() || !c.completeBtn.Disabled() || c.completeBtn.Hidden {
		t.Fatalf("with a paper promised: notice disabled %v, 办结 disabled %v hidden %v", c.noticeBtn.Disabled(), c.completeBtn.Disabled(), c.completeBtn.Hidden)
	}
	if !strings.Contains(c.actionNote.Text, "还有 1 项容缺材料未补交") {
		t.Errorf("the reason beside the disabled 办结: %q", c.actionNote.Text)
	}
	// 办结 is refused by the store too, so the disabled button hides no way.
	if _, err := h.db.CompleteCase(h.ctx, h.app.actor(), c.kase.ID); err == nil {
		t.Fatal("the store completed a case with a paper still owed")
	}
	h.fits("等待补交材料")
	if _, err := h.db.ReceivePromisedPaper(h.ctx, h.app.actor(), c.kase.ID, deferred, need.Originals, need.Copies); err != nil {
		t.Fatal(err)
	}
	c = h.show(c.kase.ID)
	if c.kase.Status != forms.CaseCompleted {
		t.Fatalf("after 已补交 of the last paper: %s", c.kase.Status)
	}
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
