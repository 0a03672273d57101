package store

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

// The customer's history lists every case (a lent card refunded, a
// cancelled and an accepted 转档 whose receipt was voided), every print of
// their documents with the 补打 marked, every receipt voided ones included
// and the deposits — and nothing of another customer.
func TestDB_CustomerHistory(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	cust, lent, r1, d1 := f.lend(t, "肖战")
	f.clk.Add(time.Minute)
	must(t, f.db.RecordPrints(ctx, f.clerk, []forms.PrintRecord{
		{CaseID: lent.ID, Document: "receipt:" + r1.Number, Copies: 1},
		{CaseID: lent.ID, Document: "promise", Copies: 2},
	}))
	f.clk.Add(time.Hour)
	must(t, f.db.RecordPrints(ctx, f.clerk, []forms.PrintRecord{{CaseID: lent.ID, Document: "promise", Copies: 2, Reprint: true}}))
	f.clk.Add(time.Hour)
	_, err := f.db.RefundDeposit(ctx, f.approved(), refundOf(d1.ID))
	must(t, err)

	f.clk.Add(time.Hour)
	cancelled, _, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "archive_transfer")
	must(t, err)
	must(t, f.db.CancelCase(ctx, f.clerk, cancelled.ID, "客户改日再来"))
	f.clk.Add(time.Hour)
	transfer, _, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "archive_transfer")
	must(t, err)
	_, err = f.db.SaveCase(ctx, f.clerk, transfer.ID, map[string]string{"unit": "某单位"}, map[string]forms.ItemState{
		"release": {Status: forms.ItemReceived, Originals: 1},
		"id_copy": {Status: forms.ItemReceived, Copies: 1},
	})
	must(t, err)
	_, r2, _, err := f.db.AcceptCase(ctx, f.clerk, transfer.ID, forms.Payment{Method: forms.PayCash}, time.Time{})
	must(t, err)
	f.clk.Add(time.Minute)
	must(t, f.db.VoidReceipt(ctx, f.approved(), r2.ID, "收款方式选错"))

	// Another customer's case and prints are not this customer's.
	_, other, ro, _ := f.lend(t, "王芳")
	must(t, f.db.RecordPrints(ctx, f.clerk, []forms.PrintRecord{{CaseID: other.ID, Document: "receipt:" + ro.Number, Copies: 1}}))

	h, err := f.db.CustomerHistory(ctx, cust.ID)
	must(t, err)

	if len(h.Cases) != 3 {
		t.Fatalf("%d cases, want 3: %+v", len(h.Cases), h.Cases)
	}
	got := h.Cases
	if got[0].ID != transfer.ID || got[1].ID != cancelled.ID || got[2].ID != lent.ID {
		t.Fatalf("cases not newest first: %s %s %s", got[0].Number, got[1].Number, got[2].Number)
	}
	if c := got[2]; c.Number != lent.Number || c.ServiceName != "借户籍卡" || c.ServiceCode != "borrow_card" ||
		c.ServiceVersion != 1 || c.ClerkName != clerkNm || c.AcceptedAt.IsZero() || !c.CreatedAt.Equal(lent.CreatedAt) {
		t.Fatalf("lent case line = %+v", c)
	}
	if c := got[1]; c.Status != forms.CaseCancelled || c.CancelReason != "客户改日再来" || !c.AcceptedAt.IsZero() {
		t.Fatalf("cancelled case line = %+v", c)
	}
	// Its receipt voided, the 转档 is back at the accept step.
	if c := got[0]; c.ServiceName != "转档" || c.Status != forms.CaseDraft || !c.CompletedAt.IsZero() {
		t.Fatalf("transfer case line = %+v", c)
	}

	if len(h.Prints) != 3 {
		t.Fatalf("%d prints, want 3: %+v", len(h.Prints), h.Prints)
	}
	if p := h.Prints[0]; p.CaseID != lent.ID || p.CaseNumber != lent.Number || p.Document != "promise" ||
		p.Title != "《户籍卡承诺书》" || !p.Reprint || p.Copies != 2 || p.UserName != clerkNm || p.ServiceName != "借户籍卡" {
		t.Fatalf("newest print = %+v", p)
	}
	titles := map[string]bool{}
	for _, p := range h.Prints[1:] {
		if p.Reprint {
			t.Fatalf("an original recorded as 补打: %+v", p)
		}
		titles[p.Title] = true
	}
	if !titles["收据 "+r1.Number] || !titles["《户籍卡承诺书》"] {
		t.Fatalf("original prints titled %v", titles)
	}
	if !h.Prints[0].At.After(h.Prints[1].At) {
		t.Fatalf("prints not newest first: %v, %v", h.Prints[0].At, h.Prints[1].At)
	}

	if len(h.Receipts) != 2 || h.Receipts[0].Number != r2.Number || h.Receipts[1].Number != r1.Number {
		t.Fatalf("receipts = %+v", h.Receipts)
	}
	if v := h.Receipts[0]; !v.Voided || v.VoidReason != "收款方式选错" || v.VoidedBy == "" || v.VoidedAt.IsZero() {
		t.Fatalf("voided receipt = %+v", v)
	}
	if h.Receipts[1].Voided {
		t.Fatalf("the deposit receipt is shown voided")
	}
	if len(h.Deposits) != 1 || h.Deposits[0].State != forms.DepositRefunded {
		t.Fatalf("deposits = %+v", h.Deposits)
	}
	if d := h.DepositOfReceipt(h.Receipts[1]); d == nil || d.ID != d1.ID {
		t.Fatalf("deposit of the lent receipt = %+v", d)
	}
	if d := h.DepositOfReceipt(h.Receipts[0]); d != nil {
		t.Fatalf("a fee receipt has deposit %+v", d)
	}

	// A customer with nothing done has an empty history.
	fresh := f.member(t, "新客户")
	h, err = f.db.CustomerHistory(ctx, fresh.ID)
	must(t, err)
	if len(h.Cases)+len(h.Prints)+len(h.Receipts)+len(h.Deposits) != 0 {
		t.Fatalf("a new customer's history = %+v", h)
	}
}

// An unknown customer is refused by name; reading changes nothing.
func TestDB_CustomerHistory_ErrNotFound(t *testing.T) {
	f := newFixture(t)
	before := auditCount(t, f.db)
	_, err := f.db.CustomerHistory(context.Background(), "no-such-customer")
	assertErr(t, err, forms.ENOTFOUND, "找不到该客户档案")
	if n := auditCount(t, f.db); n != before {
		t.Fatalf("reading a history wrote %d audit entries", n-before)
	}
}

// Every query of the history is answered through an index: a customer's
// record stays quick however many cases, prints and receipts the station
// holds.
func TestDB_CustomerHistory_Indexed(t *testing.T) {
	f := newFixture(t)
	queries := map[string]string{
		"cases":    historyCasesQuery,
		"prints":   historyPrintsQuery,
		"receipts": "SELECT " + receiptCols + receiptFrom + " " + historyReceiptsWhere,
		"deposits": "SELECT " + depositCols + depositFrom + " " + historyDepositsWhere,
	}
	for name, q := range queries {
		args := []any{"x"}
		if name == "receipts" {
			args = append(args, "x")
		}
		plan := queryPlan(t, f.db, q, args...)
		t.Logf("%s: %v", name, plan)
		for _, d := range plan {
			if strings.HasPrefix(d, "SCAN ") && !strings.Contains(d, "INDEX") {
				t.Errorf("%s scans a table: %q in %v", name, d, plan)
			}
		}
	}
}

// OpenCustomerRecord reads, in its one transaction, what the separate
// readers read (customer, parent, children, 入户记录, history) and logs
// the opening once; an unknown customer or a logged-out actor is refused
// with nothing logged.
func TestDB_OpenCustomerRecord(t *testing.T) {
	ctx := context.Background()
	f := newAuditFixture(t)
	must(t, f.db.RecordPrints(ctx, f.clerk, []forms.PrintRecord{{CaseID: f.wangCase.ID, Document: "promise", Copies: 2}}))

	for _, c := range []*forms.Customer{f.wang, f.child, f.li} {
		views := len(auditOf(t, f.db, c.ID, ActCustomerView))
		f.clk.Add(time.Second)
		r, err := f.db.OpenCustomerRecord(ctx, f.clerk, c.ID)
		must(t, err)
		want, err := f.db.Customer(ctx, c.ID)
		must(t, err)
		if !reflect.DeepEqual(r.Customer, *want) {
			t.Errorf("%s: record customer %+v, want %+v", c.Name, r.Customer, *want)
		}
		var parent *forms.Customer
		if c.ParentID != "" {
			parent, err = f.db.Customer(ctx, c.ParentID)
			must(t, err)
		}
		if !reflect.DeepEqual(r.Parent, parent) {
			t.Errorf("%s: parent %+v, want %+v", c.Name, r.Parent, parent)
		}
		children, err := f.db.ChildrenOf(ctx, c.ID)
		must(t, err)
		membership, err := f.db.MembershipHistory(ctx, c.ID)
		must(t, err)
		history, err := f.db.CustomerHistory(ctx, c.ID)
		must(t, err)
		if !reflect.DeepEqual(r.Children, children) || !reflect.DeepEqual(r.Membership, membership) ||
			!reflect.DeepEqual(r.History, *history) {
			t.Errorf("%s: record %+v\nwant children %+v, membership %+v, history %+v", c.Name, r, children, membership, history)
		}
		got := auditOf(t, f.db, c.ID, ActCustomerView)
		if len(got) != views+1 || got[0].UserID != f.clerk.UserID {
			t.Errorf("%s: %d view entries after one open (was %d): %+v", c.Name, len(got), views, got)
		}
	}
	if r, _ := f.db.OpenCustomerRecord(ctx, f.clerk, f.wang.ID); len(r.Children) != 1 || r.Children[0].ID != f.child.ID ||
		len(r.History.Cases) != 1 || len(r.History.Prints) != 1 || len(r.History.Receipts) != 1 || len(r.History.Deposits) != 1 {
		t.Fatalf("王芳's record = %+v", r)
	}

	before := auditCount(t, f.db)
	_, err := f.db.OpenCustomerRecord(ctx, f.clerk, "no-such-customer")
	assertErr(t, err, forms.ENOTFOUND, "找不到该客户档案")
	_, err = f.db.OpenCustomerRecord(ctx, forms.Actor{}, f.wang.ID)
	assertErr(t, err, forms.EUNAUTHORIZED, "重新登录")
	if n := auditCount(t, f.db); n != before {
		t.Fatalf("refused opens wrote %d audit entries", n-before)
	}
}

// TestDB_RereadCustomerRecord: reading again a record the clerk has open
// gives what opening it gives and logs nothing; a refused actor reads
// nothing, an unknown customer is ENOTFOUND.
func TestDB_RereadCustomerRecord(t *testing.T) {
	ctx := context.Background()
	f := newAuditFixture(t)
	opened, err := f.db.OpenCustomerRecord(ctx, f.clerk, f.wang.ID)
	must(t, err)
	before := auditCount(t, f.db)
	again, err := f.db.RereadCustomerRecord(ctx, f.clerk, f.wang.ID)
	must(t, err)
	if !reflect.DeepEqual(again, opened) {
		t.Errorf("reread %+v\nopened %+v", again, opened)
	}
	_, err = f.db.RereadCustomerRecord(ctx, f.clerk, "no-such-customer")
	assertErr(t, err, forms.ENOTFOUND, "找不到该客户档案")
	_, err = f.db.RereadCustomerRecord(ctx, forms.Actor{}, f.wang.ID)
	assertErr(t, err, forms.EUNAUTHORIZED, "重新登录")
	if n := auditCount(t, f.db); n != before {
		t.Fatalf("rereading wrote %d audit entries", n-before)
	}
}

// TestDB_OpenCustomerRecord_ConnectionSyncedAgain: the open's commit does
// not wait for the disk (synchronous=NORMAL on its connection), and the
// connection goes back to the pool at FULL after an open and after a
// refused one, so no receipt is ever committed without the sync.
func TestDB_OpenCustomerRecord_ConnectionSyncedAgain(t *testing.T) {
	ctx := context.Background()
	f := newAuditFixture(t)
	f.db.db.SetMaxOpenConns(1) // the one connection the open used
	synchronous := func() int {
		var n int
		must(t, f.db.db.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&n))
		return n
	}
	if n := synchronous(); n != 2 {
		t.Fatalf("synchronous = %d before any open, want 2 (FULL)", n)
	}
	tx, err := f.db.beginUnsynced(ctx)
	must(t, err)
	var during int
	must(t, tx.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&during))
	tx.Rollback()
	if during != 1 {
		t.Errorf("synchronous = %d inside the open's transaction, want 1 (NORMAL)", during)
	}
	for _, id := range []string{f.wang.ID, "no-such-customer"} {
		f.db.OpenCustomerRecord(ctx, f.clerk, id)
		if n := synchronous(); n != 2 {
			t.Fatalf("synchronous = %d after opening %s, want 2 (FULL)", n, id)
		}
	}
}
