package ui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/container"

	"counterdesk/forms"
)

// TestDepositDesk_ReadWhenShown: logging in reads no held deposit (issue
// 17: the refund desk read every held deposit with its customer at log-in,
// for a tab nobody had opened); showing the tab lists them.
func TestDepositDesk_ReadWhenShown(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	sup := forms.Actor{UserID: h.app.user.ID}
	c := &forms.Customer{Name: "刘备", IDNumber: withCheck("51011319850505111"), Mobile: "13900003333", Member: true, MemberSince: testDay.AddDate(-3, 0, 0)}
	if err := h.db.CreateCustomer(ctx, sup, c); err != nil {
		t.Fatal(err)
	}
	if _, err := h.db.EnterLegacyDeposit(ctx, sup, forms.LegacyDeposit{CustomerID: c.ID, ReceiptNumber: "No.0031415",
		TakenOn: testDay.AddDate(0, -2, 0), Amount: 60000, Payment: forms.Payment{Method: forms.PayCash},
		ReturnDue: testDay.AddDate(0, -1, 0)}); err != nil {
		t.Fatal(err)
	}
	h.app.showLogin()
	h.logIn("李主管", "zhuguan123")
	home := h.app.home
	d := home.deposits
	if d.deposits != nil || d.total.Text != "" {
		t.Fatalf("log-in read the held deposits: %+v, %q", d.deposits, d.total.Text)
	}
	var tab *container.TabItem
	for _, it := range home.tabs.Items {
		if it.Content == d.root {
			tab = it
		}
	}
	home.tabs.Select(tab)
	h.wait()
	if len(d.deposits) != 1 || d.deposits[0].ReceiptNumber != "NO.0031415" || d.total.Text == "" {
		t.Fatalf("the tab shown lists %+v, %q", d.deposits, d.total.Text)
	}
}
