package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"counterdesk/forms"
	"counterdesk/store"
)

// completedCase accepts and completes a 历届生落户 case through the case
// screen (办结 → 确定办结) and returns the screen, the rating dialog on
// show.
func completedCase(t *testing.T, h *caseHarness) *caseScreen {
	t.Helper()
	c := h.openCase(h.customer(true), "settle_past_grad")
	c = h.ready(c, answerAll(c.service, testDay))
	if _, _, _, err := h.db.AcceptCase(h.ctx, h.app.actor(), c.kase.ID, forms.Payment{}, testDay); err != nil {
		t.Fatal(err)
	}
	c = h.show(c.kase.ID)
	test.Tap(c.completeBtn)
	h.wait()
	test.Tap(h.overlayButton("确定办结"))
	h.wait()
	c = h.app.home.customers.caseScr
	if c.kase.Status != forms.CaseCompleted {
		t.Fatalf("status %s after 确定办结", c.kase.Status)
	}
	if c.rating == nil || !strings.Contains(h.overlayText(), "请客户评价本次办理") {
		t.Fatalf("办结 did not offer the customer's rating: %q", h.overlayText())
	}
	return c
}

// TestRating_PoorRatingMakesAFollowUpDue: at 办结 the clerk records the
// customer's 不满意 with a comment; a follow-up call is then due within 72
// hours (in the store), the dialog says so, and the case's button shows
// the rating, disabled: a case is rated once. Choosing no level is
// refused in the dialog with nothing recorded.
func TestRating_PoorRatingMakesAFollowUpDue(t *testing.T) {
	h := newCaseHarness(t)
	c := completedCase(t, h)
	f := c.rating
	test.Tap(f.save)
	h.wait()
	if !strings.Contains(f.message.Text, "请选择客户的评价") {
		t.Fatalf("no level: %q", f.message.Text)
	}
	if r, _ := h.db.RatingOfCase(h.ctx, c.kase.ID); r != nil {
		t.Fatalf("a refused rating was recorded: %+v", r)
	}
	f.level.SetSelected("不满意")
	h.typeInto(f.comment, "等得太久")
	test.Tap(f.save)
	h.wait()
	r, err := h.db.RatingOfCase(h.ctx, c.kase.ID)
	if err != nil || r == nil || r.Level != forms.RatingDissatisfied || r.Comment != "等得太久" {
		t.Fatalf("rating %+v, %v", r, err)
	}
	if !strings.Contains(f.said, "须在72小时内回访客户") {
		t.Fatalf("a poor rating said %q", f.said)
	}
	fus, err := h.db.FollowUps(h.ctx, h.app.actor(), store.FollowUpQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(fus) != 1 || fus[0].Source != forms.FollowUpRating || fus[0].SourceID != r.ID || !fus[0].DueAt.Equal(r.At.Add(forms.FollowUpWindow)) {
		t.Fatalf("follow-ups %+v", fus)
	}
	h.wait()
	c = h.app.home.customers.caseScr
	if c.ratingBtn == nil || !c.ratingBtn.Disabled() || c.ratingBtn.Text != "客户评价：不满意" {
		t.Fatalf("rated case's button: %+v", c.ratingBtn)
	}
}

// TestRating_SkippedThenRecordedLater: the clerk skips the rating at 办结;
// the completed case, opened again from the customer's record, offers
// 客户评价…, which records that the customer declined, once, with no
// follow-up due.
func TestRating_SkippedThenRecordedLater(t *testing.T) {
	h := newCaseHarness(t)
	c := completedCase(t, h)
	test.Tap(c.rating.skip)
	id := c.kase.ID
	c = h.show(id)
	if c.ratingBtn == nil || c.ratingBtn.Disabled() {
		t.Fatal("a completed case without a rating does not offer 客户评价…")
	}
	test.Tap(c.ratingBtn)
	f := c.rating
	f.level.SetSelected("客户婉拒评价")
	test.Tap(f.save)
	h.wait()
	r, _ := h.db.RatingOfCase(h.ctx, id)
	if r == nil || r.Level != forms.RatingDeclined {
		t.Fatalf("rating %+v", r)
	}
	if fus, _ := h.db.FollowUps(h.ctx, h.app.actor(), store.FollowUpQuery{}); len(fus) != 0 {
		t.Fatalf("a declined rating made follow-ups %+v", fus)
	}
	// Once only: the store refuses a second rating.
	if _, _, err := h.db.RateCase(h.ctx, h.app.actor(), forms.Rating{CaseID: id, Level: forms.RatingSatisfied}); forms.ErrorCode(err) != forms.ECONFLICT {
		t.Fatalf("a second rating: %v", err)
	}
	c = h.show(id)
	if !c.ratingBtn.Disabled() || c.ratingBtn.Text != "客户评价：婉拒评价" {
		t.Fatalf("button after declining: %q disabled %v", c.ratingBtn.Text, c.ratingBtn.Disabled())
	}
}
