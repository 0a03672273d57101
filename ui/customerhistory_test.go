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
	"counterdesk/store"
)

// historyRow returns the labels' text and the buttons of the record's
// history row (customerhistory.go's twoLines) on screen whose first line
// contains text, or nil buttons when there is none.
func historyRow(objs []fyne.CanvasObject, text string) (string, map[string]*widget.Button) {
	for _, o := range objs {
		row, ok := o.(*fyne.Container)
		if !ok || len(row.Objects) != 2 {
			continue
		}
		lines, ok1 := row.Objects[0].(*fyne.Container)
		buttons, ok2 := row.Objects[1].(*fyne.Container)
		if !ok1 || !ok2 || len(lines.Objects) != 2 {
			continue
		}
		a, ok1 := lines.Objects[0].(*widget.Label)
		b, ok2 := lines.Objects[1].(*widget.Label)
		if !ok1 || !ok2 || !strings.Contains(a.Text, text) {
			continue
		}
		out := map[string]*widget.Button{}
		for _, x := range buttons.Objects {
			if btn, ok := x.(*widget.Button); ok && btn.Visible() {
				out[btn.Text] = btn
			}
		}
		return a.Text + "\n" + b.Text, out
	}
	return "", nil
}

// pdfText reads a PDF back with pdftotext, without spaces; "" (and the
// test told) when pdftotext is not installed.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("pdftotext not installed: the PDF is not read back")
		return ""
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(string(out)), "")
}

// The customer's record lists every case (service, version, status,
// dates, clerk), every document printed and every receipt, voided ones
// too; a document of a completed case prints again from the record marked
// 补打 with the date, adds a print record with reprint=1 and an audit
// entry, and the list shows it at once.
func TestCustomerHistory_ListsAndReprints(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	c := h.acceptBorrowCase("王芳", femaleID, "13812345678")
	lent := c.kase
	first := c.receipts[0]
	// The first receipt voided (wrong method), accepted again in cash.
	c.onVoid(first)
	h.typeInto(h.app.reason.entry, "收款方式选错")
	test.Tap(h.app.reason.confirm)
	h.wait()
	test.Tap(c.acceptBtn)
	test.Tap(c.pay.confirm)
	h.wait()
	if c.kase.Status != forms.CaseAccepted || len(c.receipts) != 2 {
		t.Fatalf("accepted again: %s, %d receipts", c.kase.Status, len(c.receipts))
	}
	second := c.receipts[len(c.receipts)-1]
	// The card comes back: the deposit is refunded and the case completed.
	if _, err := h.db.RefundDeposit(ctx, h.app.actor(), forms.RefundRequest{DepositID: c.deposit.ID,
		Returned: []string{forms.ReturnedCard, forms.ReturnedPromise, forms.ReturnedReceipt},
		Payment:  forms.Payment{Method: forms.PayCash}}); err != nil {
		t.Fatal(err)
	}
	if k, _ := h.db.Case(ctx, lent.ID); k.Status != forms.CaseCompleted {
		t.Fatalf("after the refund the case is %s", k.Status)
	}
	// A 转档 opened and cancelled.
	cancelled, _, err := h.db.OpenCase(ctx, h.app.actor(), lent.CustomerID, "archive_transfer")
	if err != nil {
		t.Fatal(err)
	}
	if err := h.db.CancelCase(ctx, h.app.actor(), cancelled.ID, "客户改日再来"); err != nil {
		t.Fatal(err)
	}

	cs := h.app.home.customers
	cs.open(lent.CustomerID)
	h.wait()
	ch := cs.hist
	if ch == nil || ch.tabs.Selected() != ch.caseTab {
		t.Fatal("the record does not open on its 受理单 tab")
	}
	text, _ := historyRow(laidOut(h), lent.Number)
	for _, want := range []string{"借户籍卡", "已办结", "第1版", "开单 2026-11-23", "受理 2026-11-23", "办结 2026-11-23", "经办人 李主管"} {
		if !strings.Contains(text, want) {
			t.Errorf("受理单 row of %s lacks %q:\n%s", lent.Number, want, text)
		}
	}
	text, _ = historyRow(laidOut(h), cancelled.Number)
	if !strings.Contains(text, "已取消") || !strings.Contains(text, "取消原因：客户改日再来") || !strings.Contains(text, "受理 —") {
		t.Errorf("受理单 row of the cancelled case:\n%s", text)
	}
	if ch.caseTab.Text != "受理单（2）" {
		t.Errorf("tab title %q", ch.caseTab.Text)
	}

	// 文书: every print so far, originals.
	ch.tabs.Select(ch.printTab)
	h.wait()
	hist, err := h.db.CustomerHistory(ctx, lent.CustomerID)
	if err != nil {
		t.Fatal(err)
	}
	before := len(hist.Prints)
	if ch.printTab.Text != Tf("文书（%d）", before) || before < 3 {
		t.Fatalf("文书 tab %q with %d prints", ch.printTab.Text, before)
	}
	promise := forms.DocumentTitle("card_promise", c.service)
	text, buttons := historyRow(laidOut(h), promise)
	if buttons["补打"] == nil || !strings.Contains(text, "2份") || !strings.Contains(text, lent.Number) || !strings.Contains(text, "打印人 李主管") {
		t.Fatalf("文书 row of %s:\n%s\n%v", promise, text, buttons)
	}
	// Accepted again after the void, the promise printed again as 补打;
	// the first receipt printed once, the original.
	if text, buttons := historyRow(laidOut(h), "收据 "+first.Number); !strings.Contains(text, "原件") {
		t.Errorf("文书 row of the first receipt:\n%s", text)
	} else if b := buttons["补打"]; b == nil || !b.Disabled() {
		t.Errorf("the voided receipt's print offers 补打: %v", buttons)
	}
	if _, buttons := historyRow(laidOut(h), "收据 "+second.Number); buttons["补打"] == nil || buttons["补打"].Disabled() {
		t.Errorf("the receipt in force cannot be printed again from 文书: %v", buttons)
	}

	// 补打 of the completed case's promise, rendered for real.
	h.clock.Set(testDay.AddDate(0, 0, 3))
	pr := &pdfPrinter{out: &printing.Output{Dir: t.TempDir(), Now: h.clock.Now}}
	h.app.printer = pr
	audits, _ := h.db.AuditLog(ctx, lent.ID, 0)
	test.Tap(buttons["补打"])
	h.wait()
	if len(pr.paths) != 1 {
		t.Fatalf("补打 wrote %v", pr.paths)
	}
	if got := pdfText(t, pr.paths[0]); got != "" && (!strings.Contains(got, "补打2026-11-26") || !strings.Contains(got, "王芳")) {
		t.Errorf("the reprint is not marked 补打 with the date:\n%s", got)
	}
	hist, err = h.db.CustomerHistory(ctx, lent.CustomerID)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist.Prints) != before+1 {
		t.Fatalf("%d prints after 补打, want %d", len(hist.Prints), before+1)
	}
	if p := hist.Prints[0]; p.Document != "card_promise" || !p.Reprint || p.CaseID != lent.ID || p.UserName != "李主管" {
		t.Fatalf("the reprint was recorded as %+v", p)
	}
	after, _ := h.db.AuditLog(ctx, lent.ID, 0)
	if len(after) != len(audits)+1 {
		t.Fatalf("%d audit entries on the case after 补打, want %d", len(after), len(audits)+1)
	}
	var logged bool
	for _, e := range after {
		logged = logged || (e.Action == store.ActCasePrint && strings.Contains(e.Note, "card_promise") && strings.Contains(e.Note, "补打"))
	}
	if !logged {
		t.Fatalf("no audit entry of the 补打: %+v", after)
	}
	// The list shows the reprint at once.
	if ch.printTab.Text != Tf("文书（%d）", before+1) {
		t.Errorf("文书 tab after 补打: %q", ch.printTab.Text)
	}
	if text, _ := historyRow(laidOut(h), "2026-11-26"); !strings.Contains(text, promise) || !strings.Contains(text, "补打") {
		t.Errorf("the 补打 is not listed first:\n%s", text)
	}
	h.app.printer = h.pr

	// 收据: the voided one marked, not printable; the other 补打; the
	// refund voucher of its deposit.
	ch.tabs.Select(ch.rcTab)
	h.wait()
	text, buttons = historyRow(laidOut(h), first.Number)
	if !strings.Contains(text, "【作废】") || !strings.Contains(text, "收款方式选错") || !strings.Contains(text, "由 李主管 作废") {
		t.Errorf("voided receipt row:\n%s", text)
	}
	if b := buttons["补打"]; b == nil || !b.Disabled() {
		t.Errorf("a voided receipt can be printed again: %v", buttons)
	}
	text, buttons = historyRow(laidOut(h), second.Number)
	if !strings.Contains(text, "保障金已退还") || buttons["补打"] == nil || buttons["补打"].Disabled() || buttons["补打退还凭证"] == nil {
		t.Fatalf("receipt row of %s:\n%s\n%v", second.Number, text, buttons)
	}
	test.Tap(buttons["补打"])
	h.wait()
	if job := lastJob(t, h); len(job) != 1 || job[0].Kind != forms.PrintReceipt || !job[0].Reprint || job[0].Receipt.Number != second.Number {
		t.Fatalf("receipt 补打 printed %+v", job)
	}
	test.Tap(buttons["补打退还凭证"])
	h.wait()
	if job := lastJob(t, h); len(job) != 1 || job[0].Kind != forms.PrintRefundVoucher || job[0].Deposit.ReceiptNumber != second.Number {
		t.Fatalf("voucher printed %+v", job)
	}
	hist, _ = h.db.CustomerHistory(ctx, lent.CustomerID)
	if p := hist.Prints[0]; p.Document != "refund_voucher:"+second.Number || p.Reprint {
		t.Fatalf("the voucher's first print was recorded as %+v", p)
	}
	if len(hist.Receipts) != 2 || ch.rcTab.Text != "收据（2）" {
		t.Errorf("收据 tab %q, %d receipts", ch.rcTab.Text, len(hist.Receipts))
	}

	// 受理单 still opens the case as before.
	ch.tabs.Select(ch.caseTab)
	h.wait()
	ch.cases.Select(len(hist.Cases) - 1)
	h.wait()
	if cs.caseScr == nil || cs.caseScr.kase.ID != lent.ID {
		t.Fatal("selecting the case in 受理单 did not open it")
	}
}

// walkCustomerHistory is the fit walk's part for the record's history: a
// customer with many cases (lent and refunded, cancelled), prints and
// receipts; each of the three tabs, a 补打 from 文书, and 补打 and
// 补打退还凭证 from 收据, checked against 1280×720. The lists are virtual,
// so the record fits however long the history.
func walkCustomerHistory(w *fitWalker, cs *customerScreen, cust *forms.Customer) {
	t := w.t
	t.Helper()
	ctx := context.Background()
	a := w.app.actor()
	sv, err := w.db.ServiceVersion(ctx, "borrow_card", 0)
	if err != nil {
		t.Fatal(err)
	}
	items := map[string]forms.ItemState{}
	for _, r := range sv.Requirements {
		items[r.ID] = r.Received()
	}
	for i := 0; i < 12; i++ {
		k, _, err := w.db.OpenCase(ctx, a, cust.ID, sv.Code)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.db.SaveCase(ctx, a, k.ID, answerAll(sv, testDay), items); err != nil {
			t.Fatal(err)
		}
		_, r, d, err := w.db.AcceptCase(ctx, a, k.ID, forms.Payment{Method: forms.PayCash}, testDay.AddDate(0, 0, 30))
		if err != nil {
			t.Fatal(err)
		}
		recs := []forms.PrintRecord{{CaseID: k.ID, Document: "receipt:" + r.Number, Copies: 1}}
		for _, doc := range sv.Documents {
			recs = append(recs, forms.PrintRecord{CaseID: k.ID, Document: doc.ID, Copies: 2})
		}
		if err := w.db.RecordPrints(ctx, a, recs); err != nil {
			t.Fatal(err)
		}
		if _, err := w.db.RefundDeposit(ctx, a, forms.RefundRequest{DepositID: d.ID,
			Returned: []string{forms.ReturnedCard, forms.ReturnedPromise, forms.ReturnedReceipt},
			Payment:  forms.Payment{Method: forms.PayCash}}); err != nil {
			t.Fatal(err)
		}
		k2, _, err := w.db.OpenCase(ctx, a, cust.ID, "archive_transfer")
		if err != nil {
			t.Fatal(err)
		}
		if err := w.db.CancelCase(ctx, a, k2.ID, longText("客户材料不齐，改日再来办理", forms.RuleCancelReason.Max)); err != nil {
			t.Fatal(err)
		}
	}
	cs.open(cust.ID)
	w.check("客户档案 · 受理单（24笔）")
	ch := cs.hist
	ch.tabs.Select(ch.printTab)
	w.check("客户档案 · 文书")
	w.mustTap("客户档案 · 文书", "补打")
	w.check("客户档案 · 文书 → 补打")
	w.closeDialogs()
	ch.tabs.Select(ch.rcTab)
	w.check("客户档案 · 收据")
	w.mustTap("客户档案 · 收据", "补打退还凭证")
	w.check("客户档案 · 收据 → 补打退还凭证")
	w.closeDialogs()
	w.mustTap("客户档案 · 收据", "补打")
	w.check("客户档案 · 收据 → 补打")
	w.closeDialogs()
}

// A loss declaration's documents are printed from the declaration (its
// period and outcome are in them): 补打 on its line in 文书 opens the loss
// screen and says where to reprint; nothing prints and nothing is recorded.
func TestCustomerHistory_LossDeclarationReprintsOnItsScreen(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	clerkLoggedIn(t, h)
	idNo := withCheck("51011319900315162")
	c := h.acceptBorrowCase("林静", idNo, "13800001111")
	l := openLoss(t, h, idNo)
	l.kind.SetSelected("收据")
	l.ours.SetSelectedIndex(0)
	h.typeInto(l.amount, "600")
	h.typeInto(l.story, "搬家时遗失")
	test.Tap(l.declareBtn)
	h.wait()
	ds, err := h.db.LossDeclarations(ctx, c.customer.ID)
	if err != nil || len(ds) != 1 || ds[0].CaseID == "" {
		t.Fatalf("declarations %+v, %v", ds, err)
	}

	cs := h.app.home.customers
	cs.lossScr = nil
	cs.open(c.customer.ID)
	h.wait()
	cs.hist.tabs.Select(cs.hist.printTab)
	h.wait()
	hist, err := h.db.CustomerHistory(ctx, c.customer.ID)
	if err != nil {
		t.Fatal(err)
	}
	var title string
	for _, p := range hist.Prints {
		if p.CaseID == ds[0].CaseID {
			title = p.Title
		}
	}
	if title == "" || !strings.Contains(title, "遗失声明") {
		t.Fatalf("the declaration's print is not in the history: %+v", hist.Prints)
	}
	_, buttons := historyRow(laidOut(h), title)
	if buttons["补打"] == nil {
		t.Fatalf("no 补打 beside %s:\n%s", title, shownText(h))
	}
	jobs := len(h.pr.jobs)
	test.Tap(buttons["补打"])
	h.wait()
	if cs.lossScr == nil {
		t.Fatal("补打 of a declaration did not open the loss screen")
	}
	if !strings.Contains(h.app.home.status.Text, "遗失声明的文书按声明补打") {
		t.Errorf("status line: %q", h.app.home.status.Text)
	}
	if len(h.pr.jobs) != jobs {
		t.Error("补打 of a declaration printed from the record")
	}
	if after, _ := h.db.CustomerHistory(ctx, c.customer.ID); len(after.Prints) != len(hist.Prints) {
		t.Error("a print was recorded")
	}
}
