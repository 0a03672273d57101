package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// recordText joins the texts of the labels and buttons of the customer
// record on show, and the titles of its tabs.
func (h *caseHarness) recordText() string {
	var b strings.Builder
	for _, o := range test.LaidOutObjects(h.app.home.customers.detail) {
		switch x := o.(type) {
		case *widget.Label:
			b.WriteString(x.Text + "\n")
		case *widget.Button:
			b.WriteString(x.Text + "\n")
		case *canvas.Text:
			b.WriteString(x.Text + "\n")
		case *widget.RichText:
			b.WriteString(x.String() + "\n")
		case *container.AppTabs:
			for _, it := range x.Items {
				b.WriteString(it.Text + "\n")
			}
		}
	}
	return b.String()
}

// backToRecord taps 返回客户 on the case screen and waits for the record.
func (h *caseHarness) backToRecord(c *caseScreen) {
	h.t.Helper()
	c.parent.reload()
	h.wait()
	if h.app.home.customers.caseScr != nil {
		h.t.Fatal("the record did not come back")
	}
}

// startOnRecord picks the service on the customer record's select and
// taps 办理, as the clerk does.
func (h *caseHarness) startOnRecord(name string) {
	h.t.Helper()
	var sel *widget.Select
	var start *widget.Button
	for _, o := range test.LaidOutObjects(h.app.home.customers.detail) {
		switch x := o.(type) {
		case *widget.Select:
			if x.PlaceHolder == "选择要办理的业务" {
				sel = x
			}
		case *widget.Button:
			if x.Text == "办理" {
				start = x
			}
		}
	}
	if sel == nil || start == nil {
		h.t.Fatal("the record offers no services")
	}
	sel.SetSelected(name)
	if sel.Selected != name {
		h.t.Fatalf("the record does not offer %s: %v", name, sel.Options)
	}
	test.Tap(start)
	h.wait()
}

// acceptAndComplete accepts the case on show (nothing to pay, or cash) and
// completes it with 办结, confirming.
func (h *caseHarness) acceptAndComplete(c *caseScreen) *caseScreen {
	h.t.Helper()
	h.accept(c)
	return h.complete(c)
}

// accept accepts a ready case, paying what it costs, and closes the
// dialogs.
func (h *caseHarness) accept(c *caseScreen) {
	h.t.Helper()
	test.Tap(c.acceptBtn)
	test.Tap(c.pay.confirm)
	h.wait()
	if c.kase.Status != forms.CaseAccepted {
		h.t.Fatalf("not accepted: %s (%s)", c.kase.Status, c.message.Text)
	}
	h.closeDialogs()
}

// complete completes an accepted case through 办结 and its confirmation.
func (h *caseHarness) complete(c *caseScreen) *caseScreen {
	h.t.Helper()
	test.Tap(c.completeBtn)
	if note := c.service.CompletionNote(c.customer.Name); !strings.Contains(h.overlayText(), note) {
		h.t.Fatalf("办结 does not say what it changes (%q):\n%s", note, h.overlayText())
	}
	h.fits(c.service.Name + " → 办结")
	test.Tap(h.overlayButton("确定办结"))
	h.wait()
	c = h.app.home.customers.caseScr
	if c.kase.Status != forms.CaseCompleted {
		h.t.Fatalf("not completed: %s (%s)", c.kase.Status, c.message.Text)
	}
	return c
}

// TestMembership_SettlementMakesMember walks 历届生落户 for a non-member
// from the record to 办结: the customer is a member since that day, the
// record says so and lists the join with where the household came from.
func TestMembership_SettlementMakesMember(t *testing.T) {
	h := newCaseHarness(t)
	cust := &forms.Customer{Name: "陈落户", IDNumber: withCheck("51011319950610771"), Mobile: "13912340771", Marital: "single"}
	if err := h.db.CreateCustomer(h.ctx, h.app.actor(), cust); err != nil {
		t.Fatal(err)
	}
	cs := h.app.home.customers
	h.typeInto(cs.search, "陈落户")
	h.wait()
	cs.list.Select(0)
	h.wait()
	if !strings.Contains(h.recordText(), "非集体户成员") {
		t.Fatalf("record before: %s", h.recordText())
	}
	h.startOnRecord("历届生落户")
	c := h.ready(cs.caseScr, map[string]string{"origin": "other_collective", "referral": "朋友介绍", "marital": "single"})
	c = h.acceptAndComplete(c)
	h.fits("历届生落户（已办结）")

	got, err := h.db.Customer(h.ctx, cust.ID)
	if err != nil || !got.Member || !got.MemberSince.Equal(forms.Day(testDay)) {
		t.Fatalf("after 办结: %+v, %v", got, err)
	}
	h.backToRecord(c)
	rec := h.recordText()
	for _, want := range []string{"成员，2026-11-23 入户", "入户记录（1）"} {
		if !strings.Contains(rec, want) {
			t.Errorf("the record lacks %q:\n%s", want, rec)
		}
	}
	hist := cs.history
	if len(hist) != 1 || !strings.Contains(membershipEventText(hist[0]), "2026-11-23 入户（历届生落户 ") ||
		!strings.Contains(membershipEventText(hist[0]), "了解渠道：朋友介绍") {
		t.Fatalf("history on the record: %+v", hist)
	}
	h.fits("客户档案（入户后）")
}

// TestMembership_ChildLinkedToParent walks 小孩落户 from the parent's
// record to 办结: the child is a member linked to the parent, and each
// record opens the other.
func TestMembership_ChildLinkedToParent(t *testing.T) {
	h := newCaseHarness(t)
	parent := h.customer(false)
	cs := h.app.home.customers
	cs.open(parent.ID)
	h.wait()
	h.startOnRecord("小孩落户")
	c := cs.caseScr
	h.fits("小孩落户（草稿）")
	late := []string{"父母双方关于未在一个月内落户的情况说明", "未落户证明"}
	// Born 20 October, on 23 November: past the month, the late papers
	// are on the checklist (so the check below can fail).
	c = h.ready(c, map[string]string{"child_name": "欧阳小宝", "child_gender": "F", "child_birth": "2026-10-20",
		"guardian_consent": "yes"})
	for _, p := range late {
		if !c.listsPaper(p) {
			t.Fatalf("past the month the checklist lacks %s:\n%s", p, c.checklistText())
		}
	}
	c = h.ready(c, map[string]string{"child_name": "欧阳小宝", "child_gender": "F", "child_birth": "2026-10-23",
		"guardian_consent": "yes"})
	// Born 23 October, on 23 November: one month to the day, still within.
	for _, p := range late {
		if c.listsPaper(p) {
			t.Fatalf("one month to the day the checklist lists %s:\n%s", p, c.checklistText())
		}
	}
	h.accept(c)
	// Reopened five days later, the accepted case is judged on the day it
	// was accepted: no late papers appear.
	h.clock.Set(testDay.AddDate(0, 0, 5))
	c = h.show(c.kase.ID)
	for _, p := range late {
		if c.listsPaper(p) {
			t.Fatalf("five days after acceptance the checklist lists %s:\n%s", p, c.checklistText())
		}
	}
	h.clock.Set(testDay)
	c = h.show(c.kase.ID)
	c = h.complete(c)
	kids, err := h.db.ChildrenOf(h.ctx, parent.ID)
	if err != nil || len(kids) != 1 {
		t.Fatalf("children = %+v, %v", kids, err)
	}
	kid := kids[0]
	if kid.Name != "欧阳小宝" || !kid.Member || kid.ParentID != parent.ID || !kid.GuardianConsent || kid.IDNumber != "" {
		t.Fatalf("child = %+v", kid)
	}
	h.backToRecord(c)
	if rec := h.recordText(); !strings.Contains(rec, "子女：") || !strings.Contains(rec, "欧阳小宝 · 成员") {
		t.Fatalf("the parent's record lacks the child:\n%s", rec)
	}
	h.fits("客户档案（有子女）")
	var link *widget.Button
	for _, o := range test.LaidOutObjects(cs.detail) {
		if b, ok := o.(*widget.Button); ok && b.Text == "欧阳小宝 · 成员" {
			link = b
		}
	}
	test.Tap(link)
	h.wait()
	if cs.current.ID != kid.ID {
		t.Fatalf("the child's button opened %s", cs.current.Name)
	}
	rec := h.recordText()
	for _, want := range []string{"父母：", parent.Name, " · 出生日期 2026-10-23 · 监护人已同意保存信息", "成员，2026-11-23 入户", "入户记录（1）"} {
		if !strings.Contains(rec, want) {
			t.Errorf("the child's record lacks %q:\n%s", want, rec)
		}
	}
	h.fits("客户档案（小孩）")
}

// TestMembership_MoveOutEndsMembership walks 转户 to the refund of its
// deposit: the membership ends that day, the record says so and keeps the
// case, and 借户籍卡 is then refused with the reason.
func TestMembership_MoveOutEndsMembership(t *testing.T) {
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
	h.closeDialogs()

	// The card comes back at the refund desk: the case completes.
	d := h.app.home.deposits
	d.refresh()
	h.wait()
	d.table.Select(widget.TableCellID{Row: 0, Col: 0})
	d.onRefund()
	d.refund.returned.SetSelected([]string{forms.ReturnedCard, forms.ReturnedPromise, forms.ReturnedReceipt})
	test.Tap(d.refund.confirm)
	h.wait()
	got, err := h.db.Customer(h.ctx, cust.ID)
	if err != nil || got.Member || !got.MemberUntil.Equal(forms.Day(testDay)) {
		t.Fatalf("after the 转户 refund: %+v, %v", got, err)
	}

	// The search says who moved out, before the record is opened.
	h.typeInto(cs.search, cust.Mobile)
	h.wait()
	if len(cs.results) != 1 {
		t.Fatalf("search found %d", len(cs.results))
	}
	if row := test.WidgetRenderer(cs.list); row == nil {
		t.Fatal("no list renderer")
	}
	found := false
	for _, o := range test.LaidOutObjects(cs.list) {
		if l, ok := o.(*widget.Label); ok && l.Text == cust.Name+" · 已转出" {
			found = true
		}
	}
	if !found {
		t.Error("the search list does not mark the former member 已转出")
	}
	cs.open(cust.ID)
	h.wait()
	rec := h.recordText()
	for _, want := range []string{"已转出：2023-11-23 入户，2026-11-23 转户迁出（以往记录保留）", "入户记录（1）"} {
		if !strings.Contains(rec, want) {
			t.Errorf("the record lacks %q:\n%s", want, rec)
		}
	}
	if len(cs.hist.h.Cases) != 1 || cs.hist.h.Cases[0].Status != forms.CaseCompleted {
		t.Fatalf("the record's cases: %+v", cs.hist.h.Cases)
	}
	h.fits("客户档案（已转出）")

	h.startOnRecord("借户籍卡")
	if cs.caseScr != nil {
		t.Fatal("a former member's 借户籍卡 opened")
	}
	want := "该客户已于2026-11-23转户迁出，不再是集体户成员，不能办理借户籍卡"
	if txt := h.overlayText(); !strings.Contains(txt, want) {
		t.Fatalf("the refusal says %q, want %q", txt, want)
	}
	h.fits("借户籍卡（已转出，拒绝）")
	if ks, _ := h.db.CasesOfCustomer(h.ctx, cust.ID); len(ks) != 1 {
		t.Fatalf("the refusal left %d cases", len(ks))
	}
	h.closeDialogs()

	// Editing the former member's record keeps the day they joined and left.
	cs.showForm(cs.current, "")
	h.typeInto(cs.edit.address, "重庆市渝中区解放碑1号")
	test.Tap(cs.edit.save)
	h.wait()
	again, err := h.db.Customer(h.ctx, cust.ID)
	if err != nil || again.Address != "重庆市渝中区解放碑1号" || !again.MemberSince.Equal(forms.Day(cust.MemberSince)) ||
		!again.MemberUntil.Equal(forms.Day(testDay)) || again.Member {
		t.Fatalf("after editing the former member: %+v, %v", again, err)
	}
}

// TestMembership_SettlementForMemberWarns: 历届生落户 and 应届生落户 are for
// customers not yet members (catalogue: for_non_members); opened for a
// member, the case screen warns since when they are one. A non-member is
// not warned.
func TestMembership_SettlementForMemberWarns(t *testing.T) {
	h := newCaseHarness(t)
	member := h.customer(false)
	for _, code := range []string{"settle_past_grad", "settle_new_grad"} {
		c := h.openCase(member, code)
		if c.memberWarning == nil || !c.memberWarning.Visible() ||
			!strings.Contains(c.memberWarning.Text, member.Name+"已是集体户成员（"+forms.FormatDate(member.MemberSince)+"入户）") {
			t.Fatalf("%s for a member: no warning (%v)", code, c.memberWarning)
		}
		h.fits(c.service.Name + "（已是成员，有提示）")
		if err := h.db.CancelCase(h.ctx, h.app.actor(), c.kase.ID, "选错业务"); err != nil {
			t.Fatal(err)
		}
	}
	other := &forms.Customer{Name: "陈落户", IDNumber: withCheck("51011319950610771"), Mobile: "13912340771", Marital: "single"}
	if err := h.db.CreateCustomer(h.ctx, h.app.actor(), other); err != nil {
		t.Fatal(err)
	}
	if c := h.openCase(other, "settle_past_grad"); c.memberWarning != nil {
		t.Fatalf("a non-member was warned: %q", c.memberWarning.Text)
	}
}
