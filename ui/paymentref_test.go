package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"counterdesk/forms"
)

// TestPayment_ReferenceOnlyForCardOrMobile is the clerk trial's fault: the
// 交易单号 stayed editable with 现金 chosen, and a number typed there went
// onto a cash receipt. It is disabled and cleared for cash, enabled for a
// bank card or a mobile payment, in the accept dialog and in the dialog
// for a paper receipt's deposit.
func TestPayment_ReferenceOnlyForCardOrMobile(t *testing.T) {
	h := newCaseHarness(t)
	c := h.readyBorrowCase("赵敏", withCheck("51011319920202333"), "13900003333")
	test.Tap(c.acceptBtn)
	p := c.pay
	if p == nil || p.method == nil {
		t.Fatal("the 借户籍卡 accept asked for no payment")
	}
	cash, card, mobile := T(forms.PayCash.Label()), T(forms.PayCard.Label()), T(forms.PayMobile.Label())
	if p.method.Selected != cash || !p.reference.Disabled() {
		t.Fatalf("opened with %q, reference disabled %v", p.method.Selected, p.reference.Disabled())
	}
	h.fits("受理 → 现金（交易单号不可填）")
	for _, m := range []string{card, mobile} {
		p.method.SetSelected(m)
		if p.reference.Disabled() {
			t.Errorf("%s: the reference is disabled", m)
		}
	}
	h.typeInto(p.reference, "4200001234567890")
	p.method.SetSelected(cash)
	if !p.reference.Disabled() || p.reference.Text != "" {
		t.Fatalf("back to cash: reference %q, disabled %v", p.reference.Text, p.reference.Disabled())
	}
	test.Tap(p.confirm)
	h.wait()
	if len(c.receipts) != 1 || c.receipts[0].Payment != (forms.Payment{Method: forms.PayCash}) {
		t.Fatalf("the cash receipt holds %+v", c.receipts)
	}
	h.closeDialogs()

	// The same in the dialog for a deposit on a paper receipt.
	d := h.app.home.deposits
	d.onLegacy()
	f := d.legacy
	if f.method.Selected != cash || !f.reference.Disabled() {
		t.Fatalf("paper deposit opened with %q, reference disabled %v", f.method.Selected, f.reference.Disabled())
	}
	f.method.SetSelected(mobile)
	if f.reference.Disabled() {
		t.Fatal("paper deposit, mobile: the reference is disabled")
	}
	h.typeInto(f.reference, "4200001234567890")
	f.method.SetSelected(cash)
	if !f.reference.Disabled() || f.reference.Text != "" {
		t.Fatalf("paper deposit back to cash: reference %q, disabled %v", f.reference.Text, f.reference.Disabled())
	}
}
