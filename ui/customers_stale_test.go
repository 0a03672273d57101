package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// TestCustomers_FreshAfterRefund is issue 18's finding: 客户与业务 kept
// showing a 借户籍卡 case as 已受理 with its deposit 在押 after the deposit
// was refunded on 保障金退还, and a search by the receipt's number kept
// saying 保障金在押. Coming back to the tab shows the case completed and the
// deposit refunded, whether the case or the record was on show, and the
// search's note says 已退还.
func TestCustomers_FreshAfterRefund(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	home := h.app.home
	cs := home.customers
	for _, onShow := range []string{"case", "record"} {
		id := map[string]string{"case": femaleID, "record": withCheck("11010519491231002")}[onShow]
		name := map[string]string{"case": "王芳", "record": "张伟"}[onShow]
		c := h.acceptBorrowCase(name, id, "13812345678")
		kase, dep := c.kase, c.deposit
		if onShow == "record" {
			// Found by the receipt's number: the note says the deposit is held.
			h.typeInto(cs.search, c.receipts[0].Number)
			h.wait()
			if !strings.Contains(cs.count.Text, "保障金在押") {
				t.Fatalf("the receipt's search says %q", cs.count.Text)
			}
			cs.reload()
			h.wait()
		}
		// The card comes back: refunded on the refund desk's tab.
		selectTab(t, h, home.deposits.root)
		if _, err := h.db.RefundDeposit(ctx, h.app.actor(), forms.RefundRequest{DepositID: dep.ID,
			Returned: []string{forms.ReturnedCard, forms.ReturnedPromise, forms.ReturnedReceipt},
			Payment:  forms.Payment{Method: forms.PayCash}}); err != nil {
			t.Fatal(err)
		}
		selectTab(t, h, cs.root)
		switch onShow {
		case "case":
			if cs.caseScr == nil || cs.caseScr.kase.ID != kase.ID {
				t.Fatal("the case is no longer on show")
			}
			if cs.caseScr.kase.Status != forms.CaseCompleted || cs.caseScr.deposit == nil || cs.caseScr.deposit.State != forms.DepositRefunded {
				t.Errorf("back on 客户与业务 the case shows %s, deposit %+v: want 已办结 and refunded", cs.caseScr.kase.Status, cs.caseScr.deposit)
			}
		case "record":
			if cs.hist == nil || len(cs.hist.h.Cases) == 0 {
				t.Fatal("the record's cases are not shown")
			}
			for _, k := range cs.hist.h.Cases {
				if k.ID == kase.ID && k.Status != forms.CaseCompleted {
					t.Errorf("back on 客户与业务 the record lists the case as %s, want 已办结", k.Status)
				}
			}
			if !strings.Contains(cs.count.Text, "已于") || !strings.Contains(cs.count.Text, "退还") {
				t.Errorf("back on 客户与业务 the receipt's search still says %q, want 已退还", cs.count.Text)
			}
			found := false
			for _, k := range cs.hist.h.Cases {
				found = found || k.ID == kase.ID
			}
			if !found {
				t.Error("the case is not in the record")
			}
		}
	}
}

// selectTab selects the home tab whose content is root, as a click on it
// does (AppTabs.Select runs OnSelected), and waits for its loads.
func selectTab(t *testing.T, h *harness, root fyne.CanvasObject) {
	t.Helper()
	for _, it := range h.app.home.tabs.Items {
		if it.Content == root {
			h.app.home.tabs.Select(it)
			h.wait()
			return
		}
	}
	t.Fatal("no such tab")
}

// TestCustomers_SearchHelpWhileEmpty: how to search stands under the
// search while nothing is typed (its whole text was the hint, cut off at
// 1280 px under a stray scroll bar); a search's count takes its place and
// clearing the search brings it back.
func TestCustomers_SearchHelpWhileEmpty(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	cs := h.app.home.customers
	if cs.count.Text != searchHelp() || !strings.Contains(cs.count.Text, "后4–6位") || !strings.Contains(cs.count.Text, "收据号") {
		t.Fatalf("nothing typed: %q", cs.count.Text)
	}
	h.typeInto(cs.search, "王")
	h.wait()
	if cs.count.Text != "找到 0 位客户" {
		t.Fatalf("after a search: %q", cs.count.Text)
	}
	// Too few digits, and a receipt number nobody has: the note says why
	// nobody was found (it said only 找到 0 位客户).
	for q, want := range map[string]string{"88": "至少输入4位", "XL01-2026-999999": "没有收据号为 XL01-2026-999999 的收据"} {
		cs.search.SetText(q)
		h.wait()
		if !strings.Contains(cs.count.Text, want) {
			t.Errorf("search %q: %q, want %q", q, cs.count.Text, want)
		}
	}
	cs.search.SetText("")
	h.wait()
	if cs.count.Text != searchHelp() {
		t.Fatalf("search cleared: %q", cs.count.Text)
	}
}

// TestCustomers_SearchColumnsStayPut: a customer without an ID number
// shows （无证件） in the ID column, not under the mobile's (the row's
// cells took their text's width, so the shorter text slid right).
func TestCustomers_SearchColumnsStayPut(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	cs := h.app.home.customers
	cs.results = []forms.Customer{
		{Name: "王芳", IDNumber: femaleID, Mobile: "13812345678"},
		{Name: "温飞", Mobile: ""},
	}
	// cell lays row i out 480 px wide (the search's side at 1280 px) and
	// says where its ID and mobile labels stand.
	cell := func(i int) (idX, idW, phoneX float32, id string) {
		row := cs.list.CreateItem()
		cs.list.UpdateItem(i, row)
		row.Resize(fyne.NewSize(480, row.MinSize().Height))
		test.LaidOutObjects(row)
		right := row.(*fyne.Container).Objects[1].(*fyne.Container)
		at := func(k int) (*widget.Label, float32) {
			box := right.Objects[k].(*fyne.Container)
			l := box.Objects[0].(*widget.Label)
			return l, right.Position().X + box.Position().X + l.Position().X
		}
		idL, idX := at(0)
		_, phoneX = at(1)
		return idX, idL.Size().Width, phoneX, idL.Text
	}
	id0, w0, ph0, _ := cell(0)
	id1, w1, ph1, text := cell(1)
	if text != "（无证件）" {
		t.Fatalf("second row's ID cell says %q", text)
	}
	if id0 != id1 || ph0 != ph1 || w0 != w1 {
		t.Errorf("ID column at %.0f (%.0f wide) and %.0f (%.0f wide), mobile at %.0f and %.0f", id0, w0, id1, w1, ph0, ph1)
	}
}

// TestCustomers_ReshownRecordIsNotAnotherView: the tester found five
// 查阅档案 of one customer in two minutes from switching tabs with her
// record open and saving 修改资料. Showing the record again to the clerk
// who opened it logs nothing; opening it from the search again, or as
// another user, does.
func TestCustomers_ReshownRecordIsNotAnotherView(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.logInNewClerk()
	wang := &forms.Customer{Name: "王芳", IDNumber: femaleID, Mobile: "13812345678"}
	if err := h.db.CreateCustomer(ctx, h.app.actor(), wang); err != nil {
		t.Fatal(err)
	}
	views := func() int {
		t.Helper()
		entries, err := h.db.AuditLog(ctx, wang.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range entries {
			if e.Action == "customer.view" {
				n++
			}
		}
		return n
	}
	cs := h.app.home.customers
	h.typeInto(cs.search, "王芳")
	h.wait()
	cs.list.Select(0)
	h.wait()
	if cs.current == nil || cs.current.ID != wang.ID || views() != 1 {
		t.Fatalf("opening the record: %d views", views())
	}
	for range 3 {
		h.app.home.tabs.SelectIndex(2)
		h.wait()
		h.app.home.tabs.SelectIndex(0)
		h.wait()
	}
	if views() != 1 {
		t.Errorf("after three returns to the tab: %d views, want 1", views())
	}
	// 修改资料, a new mobile, 保存: the record shows again with it.
	cs.showForm(cs.current, "")
	h.wait()
	h.typeInto(cs.edit.mobile, "13700001111")
	test.Tap(cs.edit.save)
	h.wait()
	if cs.current.Mobile != "13700001111" || cs.showing != showingRecord {
		t.Fatalf("after saving: mobile %q, showing %d", cs.current.Mobile, cs.showing)
	}
	if views() != 1 {
		t.Errorf("after saving 修改资料: %d views, want 1", views())
	}
	// Chosen again in the search: a deliberate opening, logged.
	cs.list.UnselectAll()
	cs.list.Select(0)
	h.wait()
	if views() != 2 {
		t.Errorf("opened again from the search: %d views, want 2", views())
	}
}
