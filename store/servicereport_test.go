package store

import (
	"context"
	"testing"
	"time"

	"counterdesk/forms"
)

// TestServiceReport_Month builds November 2026 through the store and
// checks the figures against the records: two complaints (one answered in
// time and closed 属实, one complex by phone still open on 30 November,
// age 7 days), two follow-ups whose 72 hours end in November (one done in
// time with 4 分, one unreachable), two ratings (one 不满意); a complaint
// of December does not count.
func TestServiceReport_Month(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	saveTestCalendar(t, f)
	cust := f.member(t, "许月报")
	c1, err := f.db.RecordComplaint(ctx, f.clerk, newTestComplaint(cust.ID, forms.ComplaintSimple))
	must(t, err)
	phone := forms.Complaint{Channel: forms.ChannelPhone, Category: forms.CategoryAttitude, Words: "窗口态度生硬",
		Complexity: forms.ComplaintComplex, CallerPhone: "13900001111"}
	c2, err := f.db.RecordComplaint(ctx, f.clerk, phone)
	must(t, err)
	f.clk.Add(time.Hour)
	_, fu1, err := f.db.CloseComplaint(ctx, f.clerk, c1.ID, forms.ComplaintUpheld, "已道歉并调整叫号")
	must(t, err)
	poor := f.completedCertificate(t, "何评价")
	good := f.completedCertificate(t, "吕评价")
	_, fu2, err := f.db.RateCase(ctx, f.clerk, forms.Rating{CaseID: poor.ID, Level: forms.RatingDissatisfied})
	must(t, err)
	_, _, err = f.db.RateCase(ctx, f.clerk, forms.Rating{CaseID: good.ID, Level: forms.RatingVerySatisfied})
	must(t, err)
	// The rated clerk may not call about their own poor rating: the
	// supervisor calls.
	_, err = f.db.AssignFollowUp(ctx, f.sup, fu2.ID, f.sup.UserID)
	must(t, err)
	f.clk.Add(24 * time.Hour)
	_, _, err = f.db.CompleteFollowUp(ctx, f.clerk, fu1.ID, forms.FollowUpResult{Score: 4, Scored: true})
	must(t, err)
	for i := 0; i < 3; i++ {
		_, err = f.db.RecordFollowUpAttempt(ctx, f.sup, fu2.ID, forms.FollowUpAttempt{Note: "关机"})
		must(t, err)
	}
	f.clk.Add(9 * 24 * time.Hour) // 3 December
	_, err = f.db.RecordComplaint(ctx, f.clerk, newTestComplaint(cust.ID, forms.ComplaintSimple))
	must(t, err)

	r, err := f.db.ServiceReport(ctx, 2026, time.November)
	must(t, err)
	counts := func(rows []forms.CountRow) map[string]int {
		m := map[string]int{}
		for _, row := range rows {
			m[row.Key] = row.Count
		}
		return m
	}
	cat, ch, out := counts(r.ByCategory), counts(r.ByChannel), counts(r.ByOutcome)
	if r.Complaints != 2 || cat["waiting"] != 1 || cat["attitude"] != 1 || ch["counter"] != 1 || ch["phone"] != 1 ||
		out["upheld"] != 1 || out["open"] != 1 {
		t.Errorf("complaints %d, by category %v, channel %v, outcome %v", r.Complaints, cat, ch, out)
	}
	if r.AnsweredInTime != 1 || r.Unanswered != 1 || r.OverdueNow != 1 || r.InTime != (forms.Share{Num: 1, Den: 2}) {
		t.Errorf("in time %d, unanswered %d, overdue now %d, share %v", r.AnsweredInTime, r.Unanswered, r.OverdueNow, r.InTime)
	}
	if r.FollowUpsDue != 2 || r.FollowUpsDoneInTime != 1 || r.FollowUpsUnreachable != 1 || r.Scores[4] != 1 ||
		r.ScoreAverage != (forms.Share{Num: 4, Den: 1}) {
		t.Errorf("follow-ups due %d, in time %d, unreachable %d, scores %v, average %v", r.FollowUpsDue,
			r.FollowUpsDoneInTime, r.FollowUpsUnreachable, r.Scores, r.ScoreAverage)
	}
	if r.Ratings != 2 || r.RatingsPoor != 1 || len(r.RatingsByService) != 1 || r.RatingsByService[0].Total != 2 ||
		len(r.RatingsByClerk) != 1 || r.RatingsByClerk[0].Label != clerkNm {
		t.Errorf("ratings %d, poor %d, by service %+v, by clerk %+v", r.Ratings, r.RatingsPoor, r.RatingsByService, r.RatingsByClerk)
	}
	if len(r.Open) != 1 || r.Open[0].Number != c2.Number || r.Open[0].AgeDays != 7 || r.Open[0].Overdue {
		t.Errorf("open %+v", r.Open)
	}
	_, err = f.db.ServiceReport(ctx, 2027, time.January)
	assertErr(t, err, forms.EINVALID, "2027年1月还没有开始")
}

// TestServiceReport_FollowUpsByTheirSourcesMonth is finding 8 of issue
// 18: a complaint closed on 29 November and called back on 30 November
// showed only in December's report (its 72 hours end on 2 December). The
// follow-up is counted in the month its complaint closed, whatever day
// the call is made; December's report does not count it again.
func TestServiceReport_FollowUpsByTheirSourcesMonth(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	saveTestCalendar(t, f)
	cust := f.member(t, "许月底")
	f.clk.Add(6*24*time.Hour + 5*time.Hour) // Sunday 29 November 15:00
	c, err := f.db.RecordComplaint(ctx, f.clerk, newTestComplaint(cust.ID, forms.ComplaintSimple))
	must(t, err)
	_, fu, err := f.db.CloseComplaint(ctx, f.clerk, c.ID, forms.ComplaintUpheld, "已道歉")
	must(t, err)
	f.clk.Add(20 * time.Hour) // 30 November 11:00
	_, _, err = f.db.CompleteFollowUp(ctx, f.clerk, fu.ID, forms.FollowUpResult{Score: 5, Scored: true})
	must(t, err)
	f.clk.Add(3 * 24 * time.Hour) // 3 December

	nov, err := f.db.ServiceReport(ctx, 2026, time.November)
	must(t, err)
	if nov.FollowUpsDue != 1 || nov.FollowUpsDoneInTime != 1 || nov.ScoreCount != 1 {
		t.Errorf("November: follow-ups %d, in time %d, scored %d; want the call of 30 November counted",
			nov.FollowUpsDue, nov.FollowUpsDoneInTime, nov.ScoreCount)
	}
	dec, err := f.db.ServiceReport(ctx, 2026, time.December)
	must(t, err)
	if dec.FollowUpsDue != 0 || dec.ScoreCount != 0 {
		t.Errorf("December: follow-ups %d, scored %d; want none (the complaint closed in November)", dec.FollowUpsDue, dec.ScoreCount)
	}
}
