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

// TestDepositDesk_CellsFitTheirColumns: the refund desk showed rows 10 and
// on numbered 1 (the row numbers' header was sized for none), and
// "2026-11-02 逾期" ran over into the next column. Each column holds its
// longest value in both languages, and the row numbers have room for four
// digits.
func TestDepositDesk_CellsFitTheirColumns(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	d := h.app.home.deposits
	long := forms.Deposit{ReceiptNumber: "QB01-2026-000123", CustomerName: "欧阳芳芳", CustomerIDNo: withCheck("51011319850505111"),
		TakenAt: testDay.AddDate(-9, 0, 0), ReturnDue: testDay.AddDate(0, 0, -1), Amount: 999999}
	t.Cleanup(func() { _ = LoadLanguage("zh") })
	for _, lang := range []string{"zh", "en"} {
		if err := LoadLanguage(lang); err != nil {
			t.Fatal(err)
		}
		d.deposits = []forms.Deposit{long}
		for col, w := range depositColumnWidths {
			text := d.cell(0, col)
			if col == 1 {
				continue // a name ends in … (Truncation)
			}
			if need := textWidth(text); need > w {
				t.Errorf("%s: column %s is %.0f px, %q needs %.0f", lang, depositColumns[col], w, text, need)
			}
		}
		if got, need := d.table.CreateHeader().MinSize().Width, textWidth("1000"); got < need {
			t.Errorf("%s: row numbers get %.0f px, 1000 needs %.0f", lang, got, need)
		}
	}
}
