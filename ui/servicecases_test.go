package ui

import (
	"context"
	"os/exec"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
	"counterdesk/printing"
)

// caseListOf returns the customer record's 办理记录 list when objs shows
// it, or nil.
func caseListOf(cs *customerScreen, objs []fyne.CanvasObject) *widget.List {
	for _, o := range objs {
		if l, ok := o.(*widget.List); ok && l == cs.caseList {
			return l
		}
	}
	return nil
}

// lastJob is the printouts of the last print.
func lastJob(t *testing.T, h *harness) []*forms.Printout {
	t.Helper()
	h.pr.mu.Lock()
	defer h.pr.mu.Unlock()
	if len(h.pr.jobs) == 0 {
		t.Fatal("nothing printed")
	}
	return h.pr.jobs[len(h.pr.jobs)-1]
}

// openRenewal opens the member's record by ID number and 续费 from it.
func openRenewal(t *testing.T, h *harness, idNumber string) *customerScreen {
	t.Helper()
	cs := h.app.home.customers
	h.typeInto(cs.search, idNumber)
	cs.search.OnSubmitted(cs.search.Text)
	h.wait()
	for _, o := range laidOut(h) {
		if s, ok := o.(*widget.Select); ok && strings.Contains(strings.Join(s.Options, ","), "续费") {
			s.SetSelected("续费")
		}
	}
	test.Tap(shownButton(h, "办理"))
	h.wait()
	return cs
}

// payRenewal pays what the renewal screen suggests, in cash.
func payRenewal(t *testing.T, h *harness) {
	t.Helper()
	for _, o := range laidOut(h) {
		if r, ok := o.(*widget.RadioGroup); ok {
			r.SetSelected("现金")
		}
	}
	test.Tap(shownButton(h, "收费并打印收据"))
	h.wait()
}

// A renewal is a case: its receipt prints as the original, 补打 the second
// time (read back from the PDF), it is in the customer's 办理记录, and
// clicking it there opens 续费 again, not the generic case screen.
func TestRenewal_IsACaseReprintedAs补打(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	sup := clerkLoggedIn(t, h)
	c := renewalMember(t, h, sup, true)
	cs := openRenewal(t, h, c.IDNumber)
	payRenewal(t, h)

	r, err := h.db.ReceiptByNumber(ctx, "QB01-2026-000001")
	if err != nil {
		t.Fatal(err)
	}
	job := lastJob(t, h)
	if len(job) != 1 || job[0].Kind != forms.PrintReceipt || job[0].Reprint || job[0].CaseID() != r.CaseID || r.CaseID == "" {
		t.Fatalf("paying printed %+v (receipt case %q)", job, r.CaseID)
	}
	if list, _ := h.db.UnprintedReceipts(ctx); len(list) != 0 {
		t.Fatalf("a printed renewal receipt is listed as unprinted: %v", list)
	}

	// 补打, rendered for real.
	pr := &pdfPrinter{out: &printing.Output{Dir: t.TempDir(), Now: h.clock.Now}}
	h.app.printer = pr
	again := shownButton(h, "补打")
	if again == nil {
		t.Fatalf("no 补打 beside the renewal receipt:\n%s", shownText(h))
	}
	test.Tap(again)
	h.wait()
	if len(pr.paths) != 1 {
		t.Fatalf("补打 wrote %v", pr.paths)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		out, err := exec.Command("pdftotext", "-enc", "UTF-8", pr.paths[0], "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		if text := strings.Join(strings.Fields(string(out)), ""); !strings.Contains(text, "补打") || !strings.Contains(text, r.Number) {
			t.Errorf("the second print is not marked 补打:\n%s", text)
		}
	}
	h.app.printer = h.pr

	test.Tap(shownButton(h, "返回客户"))
	h.wait()
	list := caseListOf(h.app.home.customers, laidOut(h))
	if list == nil || list.Length() != 1 {
		t.Fatalf("办理记录 does not list the renewal:\n%s", shownText(h))
	}
	if text := shownText(h); !strings.Contains(text, "续费  已办结") {
		t.Errorf("办理记录 shows:\n%s", text)
	}
	list.Select(0)
	h.wait()
	if cs.caseScr != nil || !strings.Contains(shownText(h), "续费 · 王续费") || shownButton(h, "收费并打印收据") == nil {
		t.Fatalf("the renewal case opened the wrong screen:\n%s", shownText(h))
	}
}

// A renewal receipt whose print failed is listed on the home screen as
// never printed, and its print from there is the original.
func TestRenewal_UnprintedReceiptIsListed(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	sup := clerkLoggedIn(t, h)
	c := renewalMember(t, h, sup, true)
	openRenewal(t, h, c.IDNumber)
	h.app.printer = &failingPrinter{}
	payRenewal(t, h)
	h.app.printer = h.pr
	list, err := h.db.UnprintedReceipts(ctx)
	if err != nil || len(list) != 1 || list[0].Number != "QB01-2026-000001" {
		t.Fatalf("UnprintedReceipts = %v, %v", list, err)
	}
	w := h.app.home.unprinted
	if !w.root.Visible() || !strings.Contains(w.message.Text, "QB01-2026-000001") {
		t.Fatalf("the home screen says %q", w.message.Text)
	}
	test.Tap(w.print)
	h.wait()
	if job := lastJob(t, h); len(job) != 1 || job[0].Reprint || job[0].Receipt.Number != "QB01-2026-000001" {
		t.Fatalf("打印 printed %+v", job)
	}
	if list, _ := h.db.UnprintedReceipts(ctx); len(list) != 0 {
		t.Fatalf("still unprinted: %v", list)
	}
}

// A loss declaration is a case: its first print is the original, 补打 from
// its line prints the declaration marked 补打, and the case in 办理记录
// opens the loss screen.
func TestLoss_IsACaseReprintedAs补打(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	clerkLoggedIn(t, h)
	idNo := withCheck("51011319900315162")
	h.acceptBorrowCase("林静", idNo, "13800001111")
	l := openLoss(t, h, idNo)
	l.kind.SetSelected("收据")
	l.ours.SetSelectedIndex(0)
	h.typeInto(l.amount, "600")
	test.Tap(l.declareBtn)
	h.wait()
	cust := h.app.home.customers.current
	ds, err := h.db.LossDeclarations(ctx, cust.ID)
	if err != nil || len(ds) != 1 || ds[0].CaseID == "" {
		t.Fatalf("declarations %+v, %v", ds, err)
	}
	first := lastJob(t, h)
	if len(first) == 0 || first[0].Kind != forms.PrintDocument || first[0].Reprint || first[0].CaseID() != ds[0].CaseID {
		t.Fatalf("declaring printed %+v", first)
	}
	if first[0].Case.Number != "" {
		t.Errorf("the declaration prints a 受理单号 %q; it carries its own number", first[0].Case.Number)
	}

	test.Tap(shownButton(h, "补打"))
	h.wait()
	second := lastJob(t, h)
	if len(second) == 0 || second[0].Kind != forms.PrintDocument || !second[0].Reprint {
		t.Fatalf("补打 printed %+v", second)
	}

	test.Tap(shownButton(h, "返回客户"))
	h.wait()
	list := caseListOf(h.app.home.customers, laidOut(h))
	if list == nil || list.Length() != 2 {
		t.Fatalf("办理记录 does not list the declaration:\n%s", shownText(h))
	}
	if text := shownText(h); !strings.Contains(text, "收据/发票遗失声明  已受理") {
		t.Errorf("办理记录 shows:\n%s", text)
	}
	list.Select(0) // newest first: the declaration
	h.wait()
	if cs := h.app.home.customers; cs.caseScr != nil || !strings.Contains(shownText(h), ds[0].Number) || shownButton(h, "办理声明并打印") == nil {
		t.Fatalf("the declaration's case opened the wrong screen:\n%s", shownText(h))
	}
}

// A receipt whose deposit was already refunded can still be declared lost
// (the customer keeps a copy), but resolving it as a refund is refused on
// the screen with the reason, and nothing changes; the no-refund outcome
// resolves it and completes its case.
func TestLoss_RefundRefusedAfterTheDepositWasRefunded(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	clerkLoggedIn(t, h)
	idNo := withCheck("51011319900315162")
	cs := h.acceptBorrowCase("林静", idNo, "13800001111")
	dep, err := h.db.DepositOfCase(ctx, cs.kase.ID)
	if err != nil {
		t.Fatal(err)
	}
	approved := h.app.actor()
	approved.ApproverName, approved.ApproverPassword = "李主管", "zhuguan123"
	if _, err := h.db.RefundDeposit(ctx, approved, forms.RefundRequest{DepositID: dep.ID, Payment: forms.Payment{Method: forms.PayCash},
		Returned: []string{forms.ReturnedCard, forms.ReturnedPromise, forms.ReturnedReceipt}}); err != nil {
		t.Fatal(err)
	}
	l := openLoss(t, h, idNo)
	l.kind.SetSelected("收据")
	l.ours.SetSelectedIndex(0)
	h.typeInto(l.amount, "600")
	test.Tap(l.declareBtn)
	h.wait()
	ds, err := h.db.LossDeclarations(ctx, cs.kase.CustomerID)
	if err != nil || len(ds) != 1 {
		t.Fatalf("declarations %v, %v: %s", ds, err, l.message.Text)
	}
	h.clock.Set(testDay.AddDate(0, 0, 16))
	l = h.app.home.customers.lossScr
	l.outcome.SetSelected("退款（凭声明代替收据）")
	l.inPerson.SetChecked(true)
	test.Tap(l.resolveBtn)
	h.wait()
	if !strings.Contains(l.message.Text, "的保障金已于2026-11-23退还，没有可退的款项") {
		t.Fatalf("refund after the deposit was refunded: %q", l.message.Text)
	}
	if got, _ := h.db.LossDeclaration(ctx, ds[0].ID); got.State != forms.LossPending {
		t.Fatalf("a refused resolution changed the declaration to %s", got.State)
	}
	l.outcome.SetSelected("收据遗失，不退款（声明复印件交客户留存）")
	test.Tap(l.resolveBtn)
	h.wait()
	if k, err := h.db.Case(ctx, ds[0].CaseID); err != nil || k.Status != forms.CaseCompleted {
		t.Fatalf("the declaration's case after resolution: %+v %v (%s)", k, err, l.message.Text)
	}
}
