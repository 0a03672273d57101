package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// openLoss opens the customer's record through the search and picks
// 收据/发票遗失声明 from its services, as the clerk does.
func openLoss(t *testing.T, h *harness, idNumber string) *lossScreen {
	t.Helper()
	cs := h.app.home.customers
	h.typeInto(cs.search, idNumber)
	cs.search.OnSubmitted(cs.search.Text)
	h.wait()
	if cs.current == nil || cs.current.IDNumber != idNumber {
		t.Fatal("the ID number did not open the customer")
	}
	var services *widget.Select
	for _, o := range laidOut(h) {
		if s, ok := o.(*widget.Select); ok && strings.Contains(strings.Join(s.Options, ","), "收据/发票遗失声明") {
			services = s
		}
	}
	if services == nil {
		t.Fatal("the customer record does not offer 收据/发票遗失声明")
	}
	services.SetSelected("收据/发票遗失声明")
	test.Tap(shownButton(h, "办理"))
	h.wait()
	l := cs.lossScr
	if l == nil || l.declareBtn == nil {
		t.Fatal("the loss-declaration screen did not open")
	}
	return l
}

// TestWalk_LossDeclaration walks a lost deposit receipt from the search to
// the refund: a wrong amount and an agent with the customer's own ID are
// refused on the screen with nothing recorded; the declaration prints in
// duplicate with the 记账联 副本; the refund desk refuses the deposit while
// the period runs; resolving early and a refund for the customer not in
// person are refused with the day; after the period (test clock moved on)
// the refund resolves and the desk refunds without the receipt, the voucher
// naming the declaration.
func TestWalk_LossDeclaration(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	clerkLoggedIn(t, h)
	idNo := withCheck("51011319900315162")
	cs := h.acceptBorrowCase("林静", idNo, "13800001111")
	caseID := cs.kase.ID
	dep, err := h.db.DepositOfCase(ctx, caseID)
	if err != nil {
		t.Fatal(err)
	}

	l := openLoss(t, h, idNo)
	if h.seen != nil {
		h.seen("遗失声明")
	}
	if len(l.ours.Options) != 1 || !strings.Contains(l.ours.Options[0], dep.ReceiptNumber) {
		t.Fatalf("the customer's receipts offered: %v", l.ours.Options)
	}
	// A 数电票 cannot be lost: the screen says where to download it.
	l.kind.SetSelected("全电发票（数电票）")
	if !strings.Contains(l.message.Text, "税务数字账户") || !l.declareBtn.Disabled() {
		t.Fatalf("数电票: message %q, declare disabled %v", l.message.Text, l.declareBtn.Disabled())
	}
	l.kind.SetSelected("收据")
	l.ours.SetSelectedIndex(0)
	if l.number.Text != dep.ReceiptNumber || l.date.Text != "2026-11-23" {
		t.Fatalf("picking our receipt filled %q / %q", l.number.Text, l.date.Text)
	}
	printedBefore := len(h.pr.kinds())

	// The amount the customer remembers is not our record's.
	h.typeInto(l.amount, "500")
	test.Tap(l.declareBtn)
	h.wait()
	if !strings.Contains(l.message.Text, "与本系统收据 "+dep.ReceiptNumber+" 的金额 ¥600.00 不一致") {
		t.Fatalf("wrong amount: %q", l.message.Text)
	}
	// An agent with the customer's own ID number.
	h.typeInto(l.amount, "600")
	l.declarer.SetSelected("代理人")
	h.typeInto(l.agentName, "林海")
	h.typeInto(l.agentID, idNo)
	test.Tap(l.declareBtn)
	h.wait()
	if !strings.Contains(l.message.Text, "代理人的身份证号码与客户本人的相同") {
		t.Fatalf("agent with the customer's ID: %q", l.message.Text)
	}
	if ds, _ := h.db.LossDeclarations(ctx, cs.customer.ID); len(ds) != 0 || len(h.pr.kinds()) != printedBefore {
		t.Fatalf("refused declarations recorded %d or printed %v", len(ds), h.pr.kinds())
	}

	// The customer in person declares.
	l.declarer.SetSelected("客户本人")
	h.typeInto(l.story, "搬家时遗失")
	test.Tap(l.declareBtn)
	h.wait()
	ds, err := h.db.LossDeclarations(ctx, cs.customer.ID)
	if err != nil || len(ds) != 1 || ds[0].State != forms.LossPending || forms.FormatDate(ds[0].EndDay) != "2026-12-08" {
		t.Fatalf("declarations %+v, %v", ds, err)
	}
	kinds := h.pr.kinds()[printedBefore:]
	if strings.Join(kinds, ",") != "document:declaration,bookkeeping_copy" {
		t.Fatalf("declaring printed %v", kinds)
	}
	l = h.app.home.customers.lossScr
	if text := shownText(h); !strings.Contains(text, "YS-2026-0001") || !strings.Contains(text, "至 2026-12-08 止") || !strings.Contains(text, "2026-12-09 起可办结") {
		t.Fatalf("the screen does not show the period:\n%s", text)
	}
	if h.seen != nil {
		h.seen("遗失声明：挂失期内")
	}
	shot(t, h, "loss-declaration") // the README's screenshot

	// The refund desk refuses the deposit while the period runs.
	d := h.app.home.deposits
	d.refresh()
	h.wait()
	d.table.Select(widget.TableCellID{Row: 0, Col: 0})
	d.onRefund()
	h.wait()
	if !strings.Contains(d.refund.message.Text, "挂失期至2026-12-08止，期间该收据被冻结，不能退款") || !d.refund.confirm.Disabled() {
		t.Fatalf("refund desk during the period: %q (confirm disabled %v)", d.refund.message.Text, d.refund.confirm.Disabled())
	}
	// 收据遗失… goes from the refund desk to the customer's declarations.
	h.app.home.customers.lossScr = nil
	test.Tap(d.refund.lossBtn)
	h.wait()
	l = h.app.home.customers.lossScr
	if l == nil || l.customer == nil || l.customer.ID != cs.customer.ID || h.app.home.tabs.SelectedIndex() != 0 {
		t.Fatal("收据遗失… did not open the customer's loss declarations")
	}
	if text := shownText(h); !strings.Contains(text, "YS-2026-0001") {
		t.Fatalf("the declarations are not shown:\n%s", text)
	}

	// Too early: refused with the first day.
	l.outcome.SetSelected(l.outcome.Options[0])
	l.inPerson.SetChecked(true)
	test.Tap(l.resolveBtn)
	h.wait()
	if !strings.Contains(l.message.Text, "请于2026-12-09起") {
		t.Fatalf("early resolution: %q", l.message.Text)
	}
	// After the period; a refund needs the customer in person.
	h.clock.Set(testDay.AddDate(0, 0, 16))
	l.inPerson.SetChecked(false)
	test.Tap(l.resolveBtn)
	h.wait()
	if !strings.Contains(l.message.Text, "代理人不能办理退款") {
		t.Fatalf("refund without the customer: %q", l.message.Text)
	}
	if ds, _ := h.db.LossDeclarations(ctx, cs.customer.ID); ds[0].State != forms.LossPending {
		t.Fatal("a refused resolution changed the declaration")
	}
	l.inPerson.SetChecked(true)
	test.Tap(l.resolveBtn)
	h.wait()
	ds, _ = h.db.LossDeclarations(ctx, cs.customer.ID)
	if ds[0].State != forms.LossResolved || ds[0].Outcome != "refund" {
		t.Fatalf("after resolving: %+v", ds[0])
	}
	if text := shownText(h); !strings.Contains(text, "办结：退款") {
		t.Fatalf("the screen does not show the outcome:\n%s", text)
	}

	// The refund desk takes the declaration in place of the receipt.
	d.refresh()
	h.wait()
	d.table.Select(widget.TableCellID{Row: 0, Col: 0})
	d.onRefund()
	h.wait()
	if !strings.Contains(d.refund.message.Text, "不必收回收据") || d.refund.confirm.Disabled() {
		t.Fatalf("refund desk after resolution: %q", d.refund.message.Text)
	}
	d.refund.returned.SetSelected([]string{forms.ReturnedCard, forms.ReturnedPromise})
	test.Tap(d.refund.confirm)
	h.approve("zhuguan123")
	h.wait()
	got, err := h.db.DepositOfCase(ctx, caseID)
	if err != nil || got.State != forms.DepositRefunded || !strings.Contains(got.Returned, "《收据、发票遗失声明》YS-2026-0001（代替遗失的保障金收据 "+dep.ReceiptNumber) {
		t.Fatalf("deposit after refund: %+v, %v", got, err)
	}
	last := h.pr.printed[len(h.pr.printed)-1]
	if last.Kind != forms.PrintRefundVoucher || !strings.Contains(last.Deposit.Returned, "YS-2026-0001") {
		t.Fatalf("the voucher does not name the declaration: %+v", last)
	}
}

// TestLoss_RefundOfferedOnlyWithDeposit: a paper receipt without a deposit
// entered at the desk is not offered 退款 once its period is over; the
// screen says why, and the no-refund outcome remains. The agent's field
// labels are greyed for 客户本人 and shown for 代理人.
func TestLoss_RefundOfferedOnlyWithDeposit(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	clerkLoggedIn(t, h)
	idNo := withCheck("51011319900315162")
	cs := h.acceptBorrowCase("林静", idNo, "13800001111")
	l := openLoss(t, h, idNo)

	label := func(text string) *canvas.Text {
		for _, o := range test.LaidOutObjects(l.form) {
			if x, ok := o.(*canvas.Text); ok && x.Text == text {
				return x
			}
		}
		t.Fatalf("no form label %q", text)
		return nil
	}
	disabled := theme.Color(theme.ColorNameDisabled)
	if label("代理人姓名").Color != disabled {
		t.Fatal("代理人姓名 label not greyed for 客户本人")
	}
	l.declarer.SetSelected("代理人")
	if c := label("代理人姓名").Color; c == disabled || label("代理人身份证").Color == disabled {
		t.Fatalf("代理人 fields' labels still grey after choosing 代理人: %v", c)
	}
	l.declarer.SetSelected("客户本人")

	// A paper-era receipt whose deposit was never entered.
	h.typeInto(l.number, "旧0001")
	h.typeInto(&l.date.Entry, "2025-06-01")
	h.typeInto(l.amount, "600")
	h.typeInto(l.paidFor, "户籍卡保障金")
	test.Tap(l.declareBtn)
	h.wait()
	ds, err := h.db.LossDeclarations(ctx, cs.customer.ID)
	if err != nil || len(ds) != 1 || ds[0].ReceiptID != "" {
		t.Fatalf("declarations %+v, %v (message %q)", ds, err, l.message.Text)
	}
	h.clock.Set(testDay.AddDate(0, 0, 16))
	l = openLoss(t, h, idNo)
	if strings.Join(l.outcome.Options, ",") != "收据遗失，不退款（声明复印件交客户留存）" {
		t.Fatalf("outcomes offered for a paper receipt without a deposit: %v", l.outcome.Options)
	}
	if !l.outcomeWhy.Visible() || !strings.Contains(l.outcomeWhy.Text, "收据 旧0001 不是保障金收据") {
		t.Fatalf("why 退款 is not offered: %q (visible %v)", l.outcomeWhy.Text, l.outcomeWhy.Visible())
	}
	if h.seen != nil {
		h.seen("遗失声明：不可退款")
	}
}
