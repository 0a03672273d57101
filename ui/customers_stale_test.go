package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

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
