package store

import (
	"context"
	"testing"
	"time"

	"counterdesk/forms"
)

// TestReminders_ComplaintsAndFollowUps: an unanswered complaint shows from
// the day before its due day, and as late after it, until answered; the
// follow-up of its close shows within 24 hours of its due time.
func TestReminders_ComplaintsAndFollowUps(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	saveTestCalendar(t, f)
	cust := f.member(t, "孔提醒")
	c, err := f.db.RecordComplaint(ctx, f.clerk, newTestComplaint(cust.ID, forms.ComplaintSimple)) // due Thu 26 Nov
	must(t, err)
	find := func(kind forms.ReminderKind) []forms.Reminder {
		t.Helper()
		rs, err := f.db.Reminders(ctx)
		must(t, err)
		var out []forms.Reminder
		for _, r := range rs.Items {
			if r.Kind == kind {
				out = append(out, r)
			}
		}
		return out
	}
	if got := find(forms.RemindComplaintDue); len(got) != 0 {
		t.Fatalf("on the day received (due in 3 days): %+v", got)
	}
	f.clk.Add(2 * 24 * time.Hour) // Wed 25: due tomorrow
	got := find(forms.RemindComplaintDue)
	if len(got) != 1 || got[0].RecordID != c.ID || got[0].Opens() != "complaint" ||
		got[0].Text(f.clk.Now()) != "孔提醒：投诉 TS-2026-0001应于2026-11-26前首次答复，还有1天，负责人"+clerkNm {
		t.Fatalf("due tomorrow: %+v %q", got, got[0].Text(f.clk.Now()))
	}
	f.clk.Add(2 * 24 * time.Hour) // Fri 27: one day late
	got = find(forms.RemindComplaintDue)
	if len(got) != 1 || got[0].Urgency(f.clk.Now()) != forms.UrgencyOverdue ||
		got[0].Text(f.clk.Now()) != "孔提醒：投诉 TS-2026-0001应于2026-11-26前首次答复，已超期1天，负责人"+clerkNm {
		t.Fatalf("late: %+v", got)
	}
	_, fu, err := f.db.CloseComplaint(ctx, f.clerk, c.ID, forms.ComplaintNotUpheld, "经核实叫号正常，已向客户解释")
	must(t, err)
	if got := find(forms.RemindComplaintDue); len(got) != 0 {
		t.Fatalf("answered and closed, still listed: %+v", got)
	}
	if got := find(forms.RemindFollowUpDue); len(got) != 0 {
		t.Fatalf("follow-up due in 72 hours listed at once: %+v", got)
	}
	f.clk.Add(50 * time.Hour) // 22 hours before its due time
	fus := find(forms.RemindFollowUpDue)
	if len(fus) != 1 || fus[0].RecordID != fu.ID || fus[0].Opens() != "follow_up" || fus[0].Person != clerkNm {
		t.Fatalf("follow-up near due: %+v", fus)
	}
}
