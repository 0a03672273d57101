package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

// caseState is what a refused action on a case must leave unchanged: the
// case's status and reason, the number of cases and the audit log.
func caseState(t *testing.T, f *fixture, caseID string) string {
	t.Helper()
	c, err := f.db.Case(context.Background(), caseID)
	must(t, err)
	var n int
	must(t, f.db.db.QueryRow("SELECT count(*) FROM cases").Scan(&n))
	return string(c.Status) + "|" + c.CancelReason + "|" + strings.Repeat("c", n) + "|" + strings.Repeat("a", auditCount(t, f.db))
}

func TestRenewalIsACompletedCaseWithItsReceipt(t *testing.T) {
	f, c := renewFixture(t)
	ctx := context.Background()
	r, err := f.db.Renew(ctx, f.clerk, c.ID, forms.RenewalRequest{Service: "renew_fees", Fees: []string{"talent", "archive"}, Months: 24},
		forms.Payment{Method: forms.PayCash})
	must(t, err)
	if r.CaseID == "" {
		t.Fatal("the renewal receipt names no case")
	}
	k, err := f.db.Case(ctx, r.CaseID)
	must(t, err)
	if k.Status != forms.CaseCompleted || k.ServiceCode != "renew_fees" || k.CustomerID != c.ID ||
		k.AcceptedAt.IsZero() || k.CompletedAt.IsZero() || k.Number != "QB01-20261123-001" {
		t.Fatalf("renewal case = %+v", k)
	}
	want := map[string]string{"months": "24", "fees": "talent,archive", "fee_names": "人才储备费、档案保管费",
		"talent.before": "2025-06-30", "talent.after": "2027-06-30", "archive.before": "", "archive.after": "2022-06-30"}
	for key, v := range want {
		if k.Answers[key] != v {
			t.Errorf("answer %s = %q, want %q", key, k.Answers[key], v)
		}
	}
	cases, err := f.db.CasesOfCustomer(ctx, c.ID)
	must(t, err)
	if len(cases) != 1 || cases[0].ID != k.ID {
		t.Fatalf("CasesOfCustomer = %v, want the renewal's case", cases)
	}
	if rs, err := f.db.ReceiptsOfCase(ctx, k.ID); err != nil || len(rs) != 1 || rs[0].ID != r.ID {
		t.Fatalf("ReceiptsOfCase = %v %v", rs, err)
	}

	// Not printed yet: the home screen lists it.
	un, err := f.db.UnprintedReceipts(ctx)
	must(t, err)
	if len(un) != 1 || un[0].ID != r.ID {
		t.Fatalf("UnprintedReceipts = %v, want the renewal receipt", un)
	}
	key := "receipt:" + r.Number
	if got, err := f.db.PrintedBefore(ctx, r.CaseID, []string{key}); err != nil || got[key] {
		t.Fatalf("before printing: PrintedBefore = %v %v", got, err)
	}
	must(t, f.db.RecordPrints(ctx, f.clerk, []forms.PrintRecord{{CaseID: r.CaseID, Document: key, Copies: 1}}))
	if got, err := f.db.PrintedBefore(ctx, r.CaseID, []string{key}); err != nil || !got[key] {
		t.Fatalf("after printing: PrintedBefore = %v %v, want the next print 补打", got, err)
	}
	if un, _ := f.db.UnprintedReceipts(ctx); len(un) != 0 {
		t.Fatalf("printed receipt still listed: %v", un)
	}
}

func TestVoidingARenewalCancelsItsCase(t *testing.T) {
	f, c := renewFixture(t)
	ctx := context.Background()
	cash := forms.Payment{Method: forms.PayCash}
	one := forms.RenewalRequest{Service: "renew_fees", Fees: []string{"talent"}, Months: 12}
	first, err := f.db.Renew(ctx, f.clerk, c.ID, one, cash)
	must(t, err)
	second, err := f.db.Renew(ctx, f.clerk, c.ID, one, cash)
	must(t, err)

	// Refused while the second builds on the first: the case stays
	// completed, nothing changed.
	before := caseState(t, f, first.CaseID) + renewalState(t, f, c.ID)
	err = f.db.VoidReceipt(ctx, f.sup, first.ID, "金额开错，重开")
	assertErr(t, err, forms.ECONFLICT, "请先作废收据"+second.Number)
	if after := caseState(t, f, first.CaseID) + renewalState(t, f, c.ID); after != before {
		t.Fatalf("refused void changed %q to %q", before, after)
	}

	must(t, f.db.VoidReceipt(ctx, f.sup, second.ID, "多收了一年"))
	k, err := f.db.Case(ctx, second.CaseID)
	must(t, err)
	if k.Status != forms.CaseCancelled || k.CancelReason != "续费收据"+second.Number+"作废：多收了一年" {
		t.Fatalf("case after void: %s %q", k.Status, k.CancelReason)
	}
	if e := lastAudit(t, f.db, k.ID, ActCaseCancel); e.Note != k.CancelReason {
		t.Errorf("audit note %q", e.Note)
	}
	got, err := f.db.Customer(ctx, c.ID)
	must(t, err)
	if forms.FormatDate(got.TalentPaidThrough) != "2026-06-30" {
		t.Fatalf("paid through %s, want 2026-06-30 put back", forms.FormatDate(got.TalentPaidThrough))
	}
	if k, _ := f.db.Case(ctx, first.CaseID); k.Status != forms.CaseCompleted {
		t.Fatalf("the first renewal's case is %s", k.Status)
	}
	// A voided receipt is not waiting to be printed.
	un, err := f.db.UnprintedReceipts(ctx)
	must(t, err)
	if len(un) != 1 || un[0].ID != first.ID {
		t.Fatalf("UnprintedReceipts = %v, want only the first", un)
	}
}

func TestLossDeclarationIsACaseCompletedOnResolution(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	code := withLossService(t, f)
	cust, lendCase, r, _ := f.lend(t, "林静")
	l, err := f.db.DeclareLoss(ctx, f.clerk, code, forms.LossDeclaration{CustomerID: cust.ID, Kind: forms.LostReceipt,
		DocNumber: r.Number, Amount: r.Total, Story: "搬家时遗失"})
	must(t, err)
	if l.CaseID == "" {
		t.Fatal("declaration has no case")
	}
	k, err := f.db.Case(ctx, l.CaseID)
	must(t, err)
	if k.Status != forms.CaseAccepted || k.ServiceCode != code || k.Answers["declaration"] != l.Number || k.Answers["receipt_no"] != r.Number {
		t.Fatalf("declaration case = %+v", k)
	}
	if stored, _ := f.db.LossDeclaration(ctx, l.ID); stored.CaseID != k.ID {
		t.Fatalf("stored declaration names case %q", stored.CaseID)
	}
	cases, err := f.db.CasesOfCustomer(ctx, cust.ID)
	must(t, err)
	if len(cases) != 2 || cases[0].ID != k.ID || cases[1].ID != lendCase.ID {
		t.Fatalf("CasesOfCustomer = %v", cases)
	}

	// Its documents are the case's: the second print is 补打.
	svcs, err := f.db.Services(ctx)
	must(t, err)
	var sv *forms.Service
	for i := range svcs {
		if svcs[i].Code == code {
			sv = &svcs[i]
		}
	}
	ps := l.Printouts(sv, forms.Station{}, clerkNm, r, nil, testStart)
	var recs []forms.PrintRecord
	var keys []string
	for _, p := range ps {
		if rec, ok := p.Record(); ok {
			recs = append(recs, rec)
			keys = append(keys, rec.Document)
		}
	}
	if len(recs) == 0 || recs[0].CaseID != k.ID {
		t.Fatalf("declaration prints record %v, want on case %s", recs, k.ID)
	}
	if got, _ := f.db.PrintedBefore(ctx, k.ID, keys); len(got) != 0 {
		t.Fatalf("first print would be 补打: %v", got)
	}
	must(t, f.db.RecordPrints(ctx, f.clerk, recs))
	if got, _ := f.db.PrintedBefore(ctx, k.ID, keys); !got[keys[0]] {
		t.Fatalf("second print would not be 补打: %v", got)
	}

	// Completed or cancelled only by the declaration's outcome.
	before := caseState(t, f, k.ID)
	_, err = f.db.CompleteCase(ctx, f.clerk, k.ID)
	assertErr(t, err, forms.ECONFLICT, "遗失声明 "+l.Number, "于2026-12-09起选择办结结果")
	err = f.db.CancelCase(ctx, f.clerk, k.ID, "客户不办了")
	assertErr(t, err, forms.ECONFLICT, "遗失声明 "+l.Number)
	if after := caseState(t, f, k.ID); after != before {
		t.Fatalf("refused completion changed %q to %q", before, after)
	}

	f.clk.Add(16 * 24 * time.Hour)
	_, err = f.db.ResolveLoss(ctx, f.clerk, l.ID, "receipt_kept", false)
	must(t, err)
	k, err = f.db.Case(ctx, l.CaseID)
	must(t, err)
	if k.Status != forms.CaseCompleted || k.Answers["outcome"] != "receipt_kept" || k.CompletedAt.IsZero() {
		t.Fatalf("case after resolution: %s %v", k.Status, k.Answers)
	}
	// What the outcome prints is not a reprint of the declaration.
	out := l.Printouts(sv, forms.Station{}, clerkNm, r, sv.Outcome("receipt_kept"), testStart)
	for _, p := range out {
		if rec, ok := p.Record(); ok {
			if got, _ := f.db.PrintedBefore(ctx, k.ID, []string{rec.Document}); got[rec.Document] {
				t.Fatalf("the outcome's %s would print as 补打", rec.Document)
			}
		}
	}
}

func TestVoidRefusedWhileTheReceiptIsDeclaredLost(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	code := withLossService(t, f)
	cust, _, r, d := f.lend(t, "林静")
	l, err := f.db.DeclareLoss(ctx, f.clerk, code, forms.LossDeclaration{CustomerID: cust.ID, Kind: forms.LostReceipt,
		DocNumber: r.Number, Amount: r.Total})
	must(t, err)
	before := lossCount(t, f)
	err = f.db.VoidReceipt(ctx, f.sup, r.ID, "金额开错，重开")
	assertErr(t, err, forms.ECONFLICT, "收据"+r.Number+"已于2026-11-23办理遗失声明（"+l.Number+"），挂失期至2026-12-08止",
		"不能作废", "2026-12-09起办结")
	if after := lossCount(t, f); after != before {
		t.Fatalf("refused void changed %v to %v", before, after)
	}
	if got, _ := f.db.Receipt(ctx, r.ID); got.Voided {
		t.Fatal("refused void voided the receipt")
	}
	if got, _ := f.db.Deposit(ctx, d.ID); got.State != forms.DepositHeld {
		t.Fatalf("deposit %s after a refused void", got.State)
	}
}

func TestLossRefundRefusedWhenTheDepositWasRefunded(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	code := withLossService(t, f)
	cust, _, r, d := f.lend(t, "林静")
	_, err := f.db.RefundDeposit(ctx, f.approved(), forms.RefundRequest{DepositID: d.ID, Payment: forms.Payment{Method: forms.PayCash},
		Returned: []string{forms.ReturnedCard, forms.ReturnedPromise, forms.ReturnedReceipt}})
	must(t, err)
	// A declaration is still allowed: the customer may need it for (b).
	l, err := f.db.DeclareLoss(ctx, f.clerk, code, forms.LossDeclaration{CustomerID: cust.ID, Kind: forms.LostReceipt,
		DocNumber: r.Number, Amount: r.Total})
	must(t, err)
	f.clk.Add(16 * 24 * time.Hour)
	before := lossCount(t, f)
	caseBefore := caseState(t, f, l.CaseID)
	_, err = f.db.ResolveLoss(ctx, f.clerk, l.ID, "refund", true)
	assertErr(t, err, forms.ECONFLICT, "收据 "+r.Number+" 的保障金已于2026-11-23退还，没有可退的款项", "请选择不退款的办结结果")
	if after := lossCount(t, f); after != before {
		t.Fatalf("refused refund changed %v to %v", before, after)
	}
	if after := caseState(t, f, l.CaseID); after != caseBefore {
		t.Fatalf("refused refund changed the case %q to %q", caseBefore, after)
	}
	if got, _ := f.db.LossDeclaration(ctx, l.ID); got.State != forms.LossPending {
		t.Fatalf("declaration %s after a refused refund", got.State)
	}
	l, err = f.db.ResolveLoss(ctx, f.clerk, l.ID, "receipt_kept", true)
	must(t, err)
	if l.Refunds {
		t.Fatal("resolved as a refund")
	}
}
