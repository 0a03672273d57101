package ui

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
	"counterdesk/store"
)

// rateOffered checks that the rating dialog f is on show for the case and
// fits, then records 满意 through it and checks the store has it, by the
// logged-in user.
func rateOffered(t *testing.T, h *caseHarness, f *ratingForm, caseID, state string) {
	t.Helper()
	if f == nil || f.caseID != caseID || !strings.Contains(h.overlayText(), "请客户评价本次办理") {
		t.Fatalf("%s: no rating offered (%q)", state, h.overlayText())
	}
	h.fits(state)
	f.level.SetSelected("满意")
	test.Tap(f.save)
	h.wait()
	r, err := h.db.RatingOfCase(h.ctx, caseID)
	if err != nil || r == nil || r.Level != forms.RatingSatisfied || r.ClerkID != h.app.user.ID {
		t.Fatalf("%s: rating %+v, %v", state, r, err)
	}
}

// TestRating_OfferedWhenARefundCompletesTheCase (issue 18, finding 3): the
// refund of a 转户 deposit completes its case at the refund desk, with the
// customer there: the rating is offered as at 办结 and recorded.
func TestRating_OfferedWhenARefundCompletesTheCase(t *testing.T) {
	h := newCaseHarness(t)
	cust := h.customer(false)
	cs := h.app.home.customers
	cs.open(cust.ID)
	h.wait()
	h.startOnRecord("转户")
	c := h.ready(cs.caseScr, map[string]string{"destination": "out_of_city", "dest_address": "重庆市渝中区解放碑1号"})
	test.Tap(c.acceptBtn)
	test.Tap(c.pay.confirm)
	h.wait()
	if c.kase.Status != forms.CaseAccepted || c.deposit == nil {
		t.Fatalf("转户 not accepted with its deposit: %s (%s)", c.kase.Status, c.message.Text)
	}
	id := c.kase.ID
	h.closeDialogs()
	d := h.app.home.deposits
	d.refresh()
	h.wait()
	d.table.Select(widget.TableCellID{Row: 0, Col: 0})
	d.onRefund()
	d.refund.returned.SetSelected([]string{forms.ReturnedCard, forms.ReturnedPromise, forms.ReturnedReceipt})
	test.Tap(d.refund.confirm)
	h.wait()
	if k := h.stored(id); k.Status != forms.CaseCompleted {
		t.Fatalf("the refund did not complete the case: %s", k.Status)
	}
	rateOffered(t, h, d.rating, id, "退还保障金后的客户评价")
}

// TestRating_OfferedWhenTheLastPaperArrives (issue 18, finding 3): the
// last promised paper's arrival completes the case: the rating is offered
// there too.
func TestRating_OfferedWhenTheLastPaperArrives(t *testing.T) {
	h := newCaseHarness(t)
	_, c := h.waitingSettlement()
	id := c.kase.ID
	card := forms.Requirement{}
	for _, r := range c.service.Requirements {
		if r.ID == "household_card" {
			card = r
		}
	}
	got := card.Received()
	if _, err := h.db.ReceivePromisedPaper(h.ctx, h.app.actor(), id, "household_card", got.Originals, got.Copies); err != nil {
		t.Fatal(err)
	}
	c = h.show(id)
	if c.rating != nil {
		t.Fatal("a waiting case offered the rating")
	}
	test.Tap(c.paperButtons["no_house_cert"][0])
	test.Tap(c.receiveForm.confirm)
	h.wait()
	if k := h.stored(id); k.Status != forms.CaseCompleted {
		t.Fatalf("the last paper did not complete the case: %s", k.Status)
	}
	rateOffered(t, h, c.rating, id, "补交最后一项材料后的客户评价")
}

// TestFollowUpSample_Screen (issue 18, finding 1): the supervisor opens
// 抽样回访 on the 回访 tab, a bad N is refused in the dialog with nothing
// saved, then 历届生落户 one in one is switched on; the next 历届生落户
// completed makes a sampled follow-up due, listed on the tab. A clerk
// switching it off needs the supervisor's approval.
func TestFollowUpSample_Screen(t *testing.T) {
	h := newCaseHarness(t)
	s := h.app.home.followUps
	test.Tap(h.overlayButtonAll(s.root, "抽样回访…"))
	h.wait()
	f := s.sample
	if f == nil || f.on.Checked || len(f.services.Options) == 0 {
		t.Fatal("抽样回访 did not open, off, with the catalogue's services")
	}
	h.fits("抽样回访")
	name := ""
	for i, code := range f.codes {
		if code == "settle_past_grad" {
			name = f.services.Options[i]
		}
	}
	if name != "历届生落户" {
		t.Fatalf("the services offered: %v", f.services.Options)
	}
	f.on.SetChecked(true)
	f.services.SetSelected([]string{name})
	h.typeInto(f.every, "0")
	test.Tap(f.save)
	h.wait()
	if want := "“每办结几件抽1件”请填写1到1000之间的整数，如 10；不抽样的，请取消勾选“开启抽样回访”"; f.message.Text != want {
		t.Fatalf("N = 0 said %q", f.message.Text)
	}
	h.fits("抽样回访（有错误提示）")
	if cur, _ := h.db.FollowUpSample(h.ctx); cur.On() || len(cur.Services) != 0 {
		t.Fatalf("a refused sample was saved: %+v", cur)
	}
	f.every.SetText("")
	h.typeInto(f.every, "1")
	test.Tap(f.save)
	h.wait()
	cur, err := h.db.FollowUpSample(h.ctx)
	if err != nil || !cur.On() || cur.Every != 1 || len(cur.Services) != 1 || cur.Services[0] != "settle_past_grad" || !f.saved {
		t.Fatalf("saved sample %+v, %v (message %q)", cur, err, f.message.Text)
	}

	c := completedCase(t, h)
	test.Tap(c.rating.skip)
	s.refresh()
	h.wait()
	var sampled *forms.FollowUp
	for i := range s.rows {
		if s.rows[i].Source == forms.FollowUpSampled && s.rows[i].CaseID == c.kase.ID {
			sampled = &s.rows[i]
		}
	}
	if sampled == nil || !strings.Contains(s.rowText(sampled), c.customer.Name) {
		t.Fatalf("the completed 历届生落户 is not listed as sampled (%d rows)", len(s.rows))
	}

	// A clerk switches it off: the supervisor approves.
	h.logInNewClerk()
	s = h.app.home.followUps
	test.Tap(h.overlayButtonAll(s.root, "抽样回访…"))
	h.wait()
	f = s.sample
	if !f.on.Checked || !slices.Contains(f.services.Selected, name) || f.every.Text != "1" {
		t.Fatalf("the dialog does not show the saved sample: on %v %v %q", f.on.Checked, f.services.Selected, f.every.Text)
	}
	f.on.SetChecked(false)
	test.Tap(f.save)
	h.wait()
	if h.app.approval == nil {
		t.Fatal("a clerk saved the sample without a supervisor's approval")
	}
	h.approve("zhuguan123")
	cur, err = h.db.FollowUpSample(h.ctx)
	if err != nil || cur.On() || len(cur.Services) != 1 {
		t.Fatalf("after the clerk switched it off: %+v, %v", cur, err)
	}
	log, err := h.db.AuditLog(h.ctx, "followup_sample", 0)
	if err != nil || len(log) != 2 || log[0].Action != store.ActFollowUpSample || log[1].Action != store.ActFollowUpSample ||
		(log[0].ApprovedBy != "李主管" && log[1].ApprovedBy != "李主管") {
		t.Fatalf("the sample's audit entries: %d, %v", len(log), err)
	}
}

// overlayButtonAll finds a button with the text in o.
func (h *caseHarness) overlayButtonAll(o fyne.CanvasObject, text string) *widget.Button {
	h.t.Helper()
	for _, x := range test.LaidOutObjects(o) {
		if b, ok := x.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	h.t.Fatalf("no button %q", text)
	return nil
}

// TestRating_OfferedWhenARenewalCompletesTheCase (issue 18, finding 3): a
// renewal (续费) completes its case as the receipt is issued, with the
// customer at the counter: the rating is offered as at 办结 and recorded.
func TestRating_OfferedWhenARenewalCompletesTheCase(t *testing.T) {
	h := newCaseHarness(t)
	c := &forms.Customer{Name: "钱续费", IDNumber: withCheck("33010619880808337"), Mobile: "13812340337",
		Member: true, MemberSince: renewalDay(2020, 7, 1),
		TalentPaidThrough: renewalDay(2025, 6, 30), ArchivePaidThrough: renewalDay(2025, 6, 30)}
	r := openRenewalFor(t, h.harness, c)
	if r.rating != nil {
		t.Fatal("the rating was offered before the renewal was paid")
	}
	r.method.SetSelected("现金")
	test.Tap(r.payBtn)
	h.wait()
	rs, err := h.db.RenewalReceipts(h.ctx, c.ID)
	if err != nil || len(rs) != 1 || rs[0].CaseID == "" {
		t.Fatalf("renewal receipts %+v, %v; want one with its case", rs, err)
	}
	if k := h.stored(rs[0].CaseID); k.Status != forms.CaseCompleted {
		t.Fatalf("the renewal's case is %s, want completed", k.Status)
	}
	rateOffered(t, h, r.rating, rs[0].CaseID, "续费后的客户评价")
}
