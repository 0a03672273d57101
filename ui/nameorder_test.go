package ui

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"counterdesk/forms"
)

// TestRefundDesk_NamesInPinyinOrder: paper deposits entered for one date
// (all taken at its noon) are listed at the refund desk in pinyin order of
// the customers' names — 阿丽 白云 陈晨 王芳 张三 — not in the order of the
// deposits' random ids (issue 16).
func TestRefundDesk_NamesInPinyinOrder(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	sup := forms.Actor{UserID: h.app.user.ID}
	for i, n := range []string{"张三", "阿丽", "王芳", "白云", "陈晨"} {
		c := &forms.Customer{Name: n, IDNumber: withCheck(fmt.Sprintf("5101131985050511%d", i)),
			Mobile: fmt.Sprintf("1390000333%d", i), Member: true, MemberSince: testDay.AddDate(-3, 0, 0)}
		if err := h.db.CreateCustomer(ctx, sup, c); err != nil {
			t.Fatal(err)
		}
		if _, err := h.db.EnterLegacyDeposit(ctx, sup, forms.LegacyDeposit{CustomerID: c.ID,
			ReceiptNumber: fmt.Sprintf("No.003141%d", i), TakenOn: testDay.AddDate(0, -2, 0), Amount: 60000,
			Payment: forms.Payment{Method: forms.PayCash}, ReturnDue: testDay.AddDate(0, 1, 0)}); err != nil {
			t.Fatal(err)
		}
	}
	d := h.app.home.deposits
	d.refresh()
	h.wait()
	var names []string
	for row := range d.deposits {
		names = append(names, d.cell(row, 1))
	}
	if want := []string{"阿丽", "白云", "陈晨", "王芳", "张三"}; !slices.Equal(names, want) {
		t.Errorf("the desk lists %v, want %v", names, want)
	}
}

// TestRefundDesk_NameSearchInPinyinOrder: the refund desk lists the
// deposits held oldest first (SPEC); a clerk who searches by name looking
// for a person gets the matches in pinyin order of the names, then oldest
// first (issue 16): 芳 lists 王芳 (2 months) before 张芳 (5 months).
func TestRefundDesk_NameSearchInPinyinOrder(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	sup := forms.Actor{UserID: h.app.user.ID}
	for i, n := range []string{"张芳", "王小芳", "王芳"} {
		c := &forms.Customer{Name: n, IDNumber: withCheck(fmt.Sprintf("5101131985050522%d", i)),
			Mobile: fmt.Sprintf("1390000444%d", i), Member: true, MemberSince: testDay.AddDate(-3, 0, 0)}
		if err := h.db.CreateCustomer(ctx, sup, c); err != nil {
			t.Fatal(err)
		}
		if _, err := h.db.EnterLegacyDeposit(ctx, sup, forms.LegacyDeposit{CustomerID: c.ID,
			ReceiptNumber: fmt.Sprintf("No.004141%d", i), TakenOn: testDay.AddDate(0, -5+i, 0), Amount: 60000,
			Payment: forms.Payment{Method: forms.PayCash}, ReturnDue: testDay.AddDate(0, 1, 0)}); err != nil {
			t.Fatal(err)
		}
	}
	d := h.app.home.deposits
	listed := func(q string) []string {
		d.search.SetText(q)
		d.refresh()
		h.wait()
		var names []string
		for row := range d.deposits {
			names = append(names, d.cell(row, 1))
		}
		return names
	}
	if got, want := listed(""), []string{"张芳", "王小芳", "王芳"}; !slices.Equal(got, want) {
		t.Errorf("without a search the desk lists %v, want %v (oldest first)", got, want)
	}
	if got, want := listed("芳"), []string{"王芳", "王小芳", "张芳"}; !slices.Equal(got, want) {
		t.Errorf("searching 芳 the desk lists %v, want %v (pinyin order)", got, want)
	}
}
