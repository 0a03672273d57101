package store

import (
	"context"
	"testing"

	"counterdesk/forms"
)

// sampledOf returns the sampled follow-up made due for the case, or "".
func sampledOf(t *testing.T, f *fixture, caseID string) string {
	t.Helper()
	var id string
	err := f.db.db.QueryRow("SELECT id FROM follow_ups WHERE source = 'sample' AND source_id = ?", caseID).Scan(&id)
	if err != nil {
		return ""
	}
	return id
}

// TestFollowUpSample_EveryWayACaseCompletes (issue 18, finding 1): the
// sample counts every completed case of a service, so every way a case
// completes samples it — a deposit's refund (借户籍卡) and a renewal (续费)
// as well as 办结 — and the k-th completed case is never skipped.
func TestFollowUpSample_EveryWayACaseCompletes(t *testing.T) {
	ctx := context.Background()
	f, member := renewFixture(t)
	must(t, f.db.SetFollowUpSample(ctx, f.sup, forms.FollowUpSample{Services: []string{"borrow_card", "renew_fees"}, Every: 1}))

	_, c, _, d := f.lend(t, "退还抽样")
	if sampledOf(t, f, c.ID) != "" {
		t.Fatal("a case still holding its deposit was sampled")
	}
	_, err := f.db.RefundDeposit(ctx, f.sup, forms.RefundRequest{DepositID: d.ID,
		Returned: []string{forms.ReturnedCard, forms.ReturnedPromise, forms.ReturnedReceipt},
		Payment:  forms.Payment{Method: forms.PayCash}})
	must(t, err)
	id := sampledOf(t, f, c.ID)
	if id == "" {
		t.Fatal("the case completed by the refund was not sampled")
	}
	fu, err := f.db.OpenFollowUp(ctx, f.sup, id)
	must(t, err)
	if fu.CustomerName != "退还抽样" || fu.ServiceCode != "borrow_card" || fu.CallerID != "" {
		t.Fatalf("refund's sampled follow-up %+v", fu)
	}

	r, err := f.db.Renew(ctx, f.clerk, member.ID, forms.RenewalRequest{Service: "renew_fees", Fees: []string{"talent"}, Months: 12},
		forms.Payment{Method: forms.PayCash})
	must(t, err)
	if sampledOf(t, f, r.CaseID) == "" {
		t.Fatal("the renewal's case was not sampled")
	}
}
