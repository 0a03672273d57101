package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

// TestRemindersFor_OnlyTheUsersOwn (issue 18, finding 11): every clerk's
// 提醒 showed everyone's follow-up lines (the customer's name and the
// caller), which only supervisors and the caller may read. Clerk A gets
// the call A is to make and the complaint A owns, never clerk B's nor a
// call still waiting for a caller; B likewise; the supervisor gets every
// line; nobody logged in is refused.
func TestRemindersFor_OnlyTheUsersOwn(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	saveTestCalendar(t, f)
	clerkB, userB := f.secondClerk(t, "贺同事")
	custA, custB := f.member(t, "甲客户"), f.member(t, "乙客户")
	cA, err := f.db.RecordComplaint(ctx, f.clerk, newTestComplaint(custA.ID, forms.ComplaintSimple))
	must(t, err)
	_, fuA, err := f.db.CloseComplaint(ctx, f.clerk, cA.ID, forms.ComplaintNotUpheld, "经核实叫号正常，已向客户解释")
	must(t, err)
	cB, err := f.db.RecordComplaint(ctx, clerkB, newTestComplaint(custB.ID, forms.ComplaintSimple))
	must(t, err)
	_, fuB, err := f.db.CloseComplaint(ctx, clerkB, cB.ID, forms.ComplaintNotUpheld, "经核实叫号正常，已向客户解释")
	must(t, err)
	open, err := f.db.RecordComplaint(ctx, clerkB, newTestComplaint(custB.ID, forms.ComplaintSimple)) // B owns it, not answered
	must(t, err)
	poor := f.completedCertificate(t, "丙评价")
	_, fuR, err := f.db.RateCase(ctx, f.clerk, forms.Rating{CaseID: poor.ID, Level: forms.RatingDissatisfied})
	must(t, err)
	f.clk.Add(50 * time.Hour) // Wed 25: the calls are due within a day, the open complaint tomorrow

	lines := func(a forms.Actor) map[string]forms.ReminderKind {
		t.Helper()
		rs, err := f.db.RemindersFor(ctx, a)
		must(t, err)
		got := map[string]forms.ReminderKind{}
		for _, r := range rs.Items {
			if r.Kind == forms.RemindFollowUpDue || r.Kind == forms.RemindComplaintDue {
				got[r.RecordID] = r.Kind
			}
		}
		return got
	}
	a := lines(f.clerk)
	if len(a) != 1 || a[fuA.ID] != forms.RemindFollowUpDue {
		t.Fatalf("clerk A's lines: %v (want only A's call %s; not B's call %s, B's complaint %s, the unassigned %s)",
			a, fuA.ID, fuB.ID, open.ID, fuR.ID)
	}
	b := lines(clerkB)
	if len(b) != 2 || b[fuB.ID] != forms.RemindFollowUpDue || b[open.ID] != forms.RemindComplaintDue {
		t.Fatalf("clerk B (%s)'s lines: %v", userB.Name, b)
	}
	sup := lines(f.sup)
	if len(sup) != 4 || sup[fuA.ID] == "" || sup[fuB.ID] == "" || sup[fuR.ID] == "" || sup[open.ID] == "" {
		t.Fatalf("the supervisor's lines: %v", sup)
	}
	// Reminders (no user) stays the whole station's list, as a supervisor's.
	rs, err := f.db.Reminders(ctx)
	must(t, err)
	if rs.Count() != len(sup) {
		t.Fatalf("Reminders has %d lines, the supervisor's %d", rs.Count(), len(sup))
	}
	_, err = f.db.RemindersFor(ctx, forms.Actor{})
	assertErr(t, err, forms.EUNAUTHORIZED)

	// A clerk's lines still come through the kinds' indexes, in their
	// order (the search stops at the limit).
	var qs [][2]any
	traceReminders = func(q string, args []any) { qs = append(qs, [2]any{q, args}) }
	defer func() { traceReminders = nil }()
	_, err = f.db.RemindersFor(ctx, f.clerk)
	must(t, err)
	var seen int
	for _, q := range qs {
		text := q[0].(string)
		for _, want := range []struct{ table, index string }{
			{"FROM complaints p", "SEARCH p USING INDEX complaints_open_due (due_day<?)"},
			{"FROM follow_ups f", "SEARCH f USING INDEX follow_ups_due (due_at<?)"},
		} {
			if !strings.Contains(text, want.table) {
				continue
			}
			seen++
			plan := strings.Join(queryPlan(t, f.db, text, q[1].([]any)...), "\n")
			if !strings.Contains(plan, want.index) || strings.Contains(plan, "TEMP B-TREE") {
				t.Errorf("a clerk's %s lines do not use %s in its order:\n%s", want.table, want.index, plan)
			}
		}
	}
	if seen != 2 {
		t.Fatalf("traced %d complaint/follow-up queries, want 2", seen)
	}
}

// TestAssignFollowUp_NotTheRatedClerk (issue 18, finding 12): the clerk
// who handled a poorly rated case cannot be made its follow-up's caller
// (EINVALID, the field and the fix named, nothing changed); another clerk
// can, and so can a supervisor who only recorded the rating.
func TestAssignFollowUp_NotTheRatedClerk(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	_, other := f.secondClerk(t, "严回访")
	poor := f.completedCertificate(t, "丁评价")
	_, fu, err := f.db.RateCase(ctx, f.clerk, forms.Rating{CaseID: poor.ID, Level: forms.RatingVeryDissatisfied})
	must(t, err)
	n0 := auditCount(t, f.db)
	_, err = f.db.AssignFollowUp(ctx, f.sup, fu.ID, f.clerk.UserID)
	assertErr(t, err, forms.EINVALID, "回访人不能是"+clerkNm+"：客户对"+clerkNm+"经办的受理单 "+poor.Number+
		" 评价“非常不满意”，请指定另一位工作人员（或主管本人）回访")
	got, err := f.db.OpenFollowUp(ctx, f.sup, fu.ID)
	must(t, err)
	if got.CallerID != "" || auditCount(t, f.db) != n0+1 { // +1: the supervisor's reading
		t.Fatalf("refused assignment changed something: caller %q", got.CallerID)
	}
	got, err = f.db.AssignFollowUp(ctx, f.sup, fu.ID, other.ID)
	must(t, err)
	if got.CallerID != other.ID {
		t.Fatalf("caller %q", got.CallerName)
	}

	// The supervisor who recorded a rating at the refund desk is not the
	// one rated: they may call (in a branch of two, somebody must).
	poor2 := f.completedCertificate(t, "戊评价")
	_, fu2, err := f.db.RateCase(ctx, f.sup, forms.Rating{CaseID: poor2.ID, Level: forms.RatingDissatisfied})
	must(t, err)
	_, err = f.db.AssignFollowUp(ctx, f.sup, fu2.ID, f.clerk.UserID)
	assertErr(t, err, forms.EINVALID, "回访人不能是"+clerkNm)
	got, err = f.db.AssignFollowUp(ctx, f.sup, fu2.ID, f.sup.UserID)
	must(t, err)
	if got.CallerID != f.sup.UserID {
		t.Fatalf("caller %q", got.CallerName)
	}
}
