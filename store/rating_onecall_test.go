package store

import (
	"context"
	"testing"
	"time"

	"counterdesk/forms"
)

// TestRateCase_CreditedToHandler (tester 18b A1): a rating the supervisor
// records at the refund desk is the case handler's in the by-clerk
// figures, not the supervisor's; the audit entry keeps who recorded it.
// A rating stored by an older version with the recorder's ID is read as
// the handler's too.
func TestRateCase_CreditedToHandler(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	k1 := f.completedCertificate(t, "张评价")
	k2 := f.completedCertificate(t, "侯评价")
	r, _, err := f.db.RateCase(ctx, f.sup, forms.Rating{CaseID: k1.ID, Level: forms.RatingDissatisfied})
	must(t, err)
	if r.ClerkID != f.clerk.UserID || r.ClerkName != clerkNm {
		t.Fatalf("rating credited to %s (%s), want the handler %s", r.ClerkName, r.ClerkID, clerkNm)
	}
	var stored, note string
	must(t, f.db.db.QueryRow("SELECT clerk_id FROM ratings WHERE id = ?", r.ID).Scan(&stored))
	must(t, f.db.db.QueryRow("SELECT note FROM audit_log WHERE entity_id = ? AND action = ?", k1.ID, ActRatingRecord).Scan(&note))
	if stored != f.clerk.UserID || note != k1.Number+" 客户评价：不满意（经办"+clerkNm+"，"+supName+"记录）" {
		t.Fatalf("stored clerk %s, audit %q", stored, note)
	}
	r2, _, err := f.db.RateCase(ctx, f.sup, forms.Rating{CaseID: k2.ID, Level: forms.RatingVeryDissatisfied})
	must(t, err)
	// As stored before the fix: the recorder's ID.
	_, err = f.db.db.Exec("UPDATE ratings SET clerk_id = ? WHERE id = ?", f.sup.UserID, r2.ID)
	must(t, err)
	got, err := f.db.RatingOfCase(ctx, k2.ID)
	must(t, err)
	if got.ClerkID != f.clerk.UserID {
		t.Fatalf("old rating read as %s's", got.ClerkName)
	}
	rep, err := f.db.ServiceReport(ctx, 2026, time.November)
	must(t, err)
	if len(rep.RatingsByClerk) != 1 || rep.RatingsByClerk[0].Label != clerkNm || rep.RatingsByClerk[0].Total != 2 ||
		rep.RatingsByClerk[0].Counts[3] != 1 || rep.RatingsByClerk[0].Counts[4] != 1 {
		t.Fatalf("by clerk = %+v, want %s with 2 poor ratings", rep.RatingsByClerk, clerkNm)
	}
}

// TestRateCase_OneCallPerCase (tester 18b A2, A3): with sampling on N=1
// a completed case gets a sampled call; a poor rating of it takes that
// call over (source 不满意评价, the handler taken off as its caller)
// instead of making a second, and the month counts one call. The handler
// may not be made the caller of a sampled call either (EINVALID, nothing
// changed); the supervisor may. A case whose sampled call is finished
// gets no second call from a poor rating.
func TestRateCase_OneCallPerCase(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	must(t, f.db.SetFollowUpSample(ctx, f.sup, forms.FollowUpSample{Services: []string{"certificate"}, Every: 1}))

	// A3: the sampled call of the handler's own case.
	k0 := f.completedCertificate(t, "严抽样")
	sid := sampledOf(t, f, k0.ID)
	if sid == "" {
		t.Fatal("not sampled")
	}
	n0 := auditCount(t, f.db)
	_, err := f.db.AssignFollowUp(ctx, f.sup, sid, f.clerk.UserID)
	assertErr(t, err, forms.EINVALID, "回访人不能是"+clerkNm+"：受理单 "+k0.Number+" 是"+clerkNm+
		"经办的，回访要了解客户对这次服务的意见，请指定另一位工作人员（或主管本人）回访")
	var caller *string
	must(t, f.db.db.QueryRow("SELECT caller_id FROM follow_ups WHERE id = ?", sid).Scan(&caller))
	if caller != nil || auditCount(t, f.db) != n0 {
		t.Fatal("refused assignment changed something")
	}
	_, err = f.db.AssignFollowUp(ctx, f.sup, sid, f.sup.UserID)
	must(t, err)

	// A2: sampled, then rated poorly: one call, the rating's.
	k1 := f.completedCertificate(t, "张两访")
	sid1 := sampledOf(t, f, k1.ID)
	if sid1 == "" {
		t.Fatal("not sampled")
	}
	// As before the fix allowed: the handler assigned to the sampled call.
	_, err = f.db.db.Exec("UPDATE follow_ups SET caller_id = ? WHERE id = ?", f.clerk.UserID, sid1)
	must(t, err)
	fus := followUpCount(t, f.db)
	r, fu, err := f.db.RateCase(ctx, f.clerk, forms.Rating{CaseID: k1.ID, Level: forms.RatingDissatisfied})
	must(t, err)
	if followUpCount(t, f.db) != fus {
		t.Fatalf("a poor rating of a sampled case made a second call")
	}
	if fu == nil || fu.ID != sid1 || fu.Source != forms.FollowUpRating || fu.SourceID != r.ID || fu.CallerID != "" {
		t.Fatalf("the poor rating did not take the sampled call over: %+v", fu)
	}
	got, err := f.db.OpenFollowUp(ctx, f.sup, sid1)
	must(t, err)
	if got.Source != forms.FollowUpRating || got.CallerID != "" || !got.DueAt.Equal(k1.CompletedAt.Add(72*time.Hour)) {
		t.Fatalf("stored %+v", got)
	}
	lastAudit(t, f.db, sid1, ActFollowUpDue)
	_, err = f.db.AssignFollowUp(ctx, f.sup, sid1, f.clerk.UserID)
	assertErr(t, err, forms.EINVALID, "客户对"+clerkNm+"经办的受理单 "+k1.Number+" 评价“不满意”")

	// A finished sampled call: no second call.
	k2 := f.completedCertificate(t, "侯已访")
	sid2 := sampledOf(t, f, k2.ID)
	_, err = f.db.AssignFollowUp(ctx, f.sup, sid2, f.sup.UserID)
	must(t, err)
	_, _, err = f.db.CompleteFollowUp(ctx, f.sup, sid2, forms.FollowUpResult{Score: 4, Scored: true})
	must(t, err)
	fus = followUpCount(t, f.db)
	_, fu, err = f.db.RateCase(ctx, f.clerk, forms.Rating{CaseID: k2.ID, Level: forms.RatingVeryDissatisfied})
	must(t, err)
	if fu != nil || followUpCount(t, f.db) != fus {
		t.Fatalf("a poor rating after the call was made made another: %+v", fu)
	}

	rep, err := f.db.ServiceReport(ctx, 2026, time.November)
	must(t, err)
	if rep.FollowUpsDue != 3 {
		t.Fatalf("本月应回访 %d, want 3 (one a case)", rep.FollowUpsDue)
	}
}
