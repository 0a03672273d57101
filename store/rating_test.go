package store

import (
	"context"
	"testing"
	"time"

	"counterdesk/forms"
)

// completedCertificate opens, accepts and completes a 开具证明 case for a
// new member.
func (f *fixture) completedCertificate(t *testing.T, name string) *forms.Case {
	t.Helper()
	ctx := context.Background()
	cust := f.member(t, name)
	c, _, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "certificate")
	must(t, err)
	_, _, _, err = f.db.AcceptCase(ctx, f.clerk, c.ID, forms.Payment{Method: forms.PayCash}, time.Time{})
	must(t, err)
	c, err = f.db.CompleteCase(ctx, f.clerk, c.ID)
	must(t, err)
	return c
}

// TestRateCase: a poor rating makes a follow-up due 72 hours later in the
// same transaction; a good one does not; a case not completed, a case
// rated before and an unknown level are refused with nothing changed.
func TestRateCase(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	poor := f.completedCertificate(t, "杨评价")
	good := f.completedCertificate(t, "朱评价")
	_, open := f.borrowReady(t, "秦未办结")

	r, fu, err := f.db.RateCase(ctx, f.clerk, forms.Rating{CaseID: poor.ID, Level: forms.RatingDissatisfied, Comment: "等太久"})
	must(t, err)
	if fu == nil || fu.Source != forms.FollowUpRating || fu.SourceID != r.ID || !fu.DueAt.Equal(r.At.Add(72*time.Hour)) ||
		fu.CaseID != poor.ID || fu.ServiceCode != "certificate" || fu.CustomerName != "杨评价" {
		t.Fatalf("poor rating's follow-up %+v", fu)
	}
	if r.ServiceName != "开具证明" || r.ClerkName != clerkNm || r.CaseNumber != poor.Number {
		t.Fatalf("rating %+v", r)
	}
	lastAudit(t, f.db, poor.ID, ActRatingRecord)
	lastAudit(t, f.db, fu.ID, ActFollowUpDue)
	r2, fu2, err := f.db.RateCase(ctx, f.clerk, forms.Rating{CaseID: good.ID, Level: forms.RatingVerySatisfied})
	must(t, err)
	if fu2 != nil {
		t.Fatalf("a good rating made a follow-up: %+v", fu2)
	}
	got, err := f.db.RatingOfCase(ctx, good.ID)
	must(t, err)
	if got == nil || got.ID != r2.ID || got.Level != forms.RatingVerySatisfied {
		t.Fatalf("RatingOfCase = %+v", got)
	}
	if none, err := f.db.RatingOfCase(ctx, open.ID); err != nil || none != nil {
		t.Fatalf("unrated case: %+v, %v", none, err)
	}

	n0, fus := auditCount(t, f.db), followUpCount(t, f.db)
	_, _, err = f.db.RateCase(ctx, f.clerk, forms.Rating{CaseID: poor.ID, Level: forms.RatingVeryDissatisfied})
	assertErr(t, err, forms.ECONFLICT, "已于2026-11-23记录过客户评价（不满意），每笔业务只评价一次")
	_, _, err = f.db.RateCase(ctx, f.clerk, forms.Rating{CaseID: open.ID, Level: forms.RatingDissatisfied})
	assertErr(t, err, forms.ECONFLICT, "还没有办结", "业务办结后才能记录客户评价")
	_, _, err = f.db.RateCase(ctx, f.clerk, forms.Rating{CaseID: good.ID, Level: "so-so"})
	assertErr(t, err, forms.EINVALID, "请选择客户的评价")
	if auditCount(t, f.db) != n0 || followUpCount(t, f.db) != fus {
		t.Fatal("refused ratings changed something")
	}
}

// TestFollowUpSample: with 开具证明 sampled one in two, the station's
// second and fourth completed 开具证明 cases get a follow-up due 72 hours
// after completion, the first and third do not; a clerk cannot switch it
// on; a bad N is refused.
func TestFollowUpSample(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	s, err := f.db.FollowUpSample(ctx)
	must(t, err)
	if s.On() {
		t.Fatalf("sampling on by default: %+v", s)
	}
	on := forms.FollowUpSample{Services: []string{"certificate"}, Every: 2}
	assertErr(t, f.db.SetFollowUpSample(ctx, f.clerk, on), forms.EFORBIDDEN, "须主管批准")
	assertErr(t, f.db.SetFollowUpSample(ctx, f.sup, forms.FollowUpSample{Services: []string{"certificate"}, Every: 1001}),
		forms.EINVALID, "抽样比例“每1001件抽1件”无效")
	assertErr(t, f.db.SetFollowUpSample(ctx, f.sup, forms.FollowUpSample{Services: []string{"nope"}, Every: 2}),
		forms.EINVALID, "业务“nope”不在业务目录中")
	must(t, f.db.SetFollowUpSample(ctx, f.approved(), on))
	lastAudit(t, f.db, listFollowUpSample, ActFollowUpSample)

	var sampled []string
	for i, name := range []string{"一号", "二号", "三号", "四号"} {
		c := f.completedCertificate(t, "抽样"+name)
		var id, due string
		err := f.db.db.QueryRow("SELECT id, due_at FROM follow_ups WHERE source = 'sample' AND source_id = ?", c.ID).Scan(&id, &due)
		if err == nil {
			sampled = append(sampled, name)
			if !parseTS(due).Equal(c.CompletedAt.Add(72 * time.Hour)) {
				t.Errorf("case %d sampled due %s, completed %s", i+1, due, c.CompletedAt)
			}
		}
	}
	if len(sampled) != 2 || sampled[0] != "二号" || sampled[1] != "四号" {
		t.Fatalf("sampled %v, want 二号 and 四号", sampled)
	}
}
