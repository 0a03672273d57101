package forms_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

// TestReminderUrgency: a day passed is overdue, today is due today, a day
// ahead is due soon, and the fees line has no day.
func TestReminderUrgency(t *testing.T) {
	today := day("2026-11-30")
	for _, tc := range []struct {
		kind forms.ReminderKind
		due  string
		want forms.Urgency
	}{
		{forms.RemindPaperOverdue, "2026-11-29", forms.UrgencyOverdue},
		{forms.RemindLossPeriod, "2026-11-30", forms.UrgencyToday},
		{forms.RemindLossPeriod, "2026-11-01", forms.UrgencyOverdue},
		{forms.RemindPaperSoon, "2026-12-03", forms.UrgencySoon},
		{forms.RemindChildLimit, "2026-11-30", forms.UrgencyToday},
		{forms.RemindFeesOverdue, "", forms.UrgencyStanding},
	} {
		r := forms.Reminder{Kind: tc.kind}
		if tc.due != "" {
			r.Due = day(tc.due)
		}
		if got := r.Urgency(today); got != tc.want {
			t.Errorf("%s due %s: urgency %d, want %d", tc.kind, tc.due, got, tc.want)
		}
	}
}

// TestSortReminders: overdue before due today before due soon, the most
// days overdue first, the nearest day first among those ahead, the fees
// line last, and the kind order for lines of the same day.
func TestSortReminders(t *testing.T) {
	today := day("2026-11-30")
	rs := []forms.Reminder{
		{Kind: forms.RemindFeesOverdue, Count: 12, CustomerName: "fees"},
		{Kind: forms.RemindChildLimit, Due: day("2026-12-07"), CustomerName: "child+7"},
		{Kind: forms.RemindPaperSoon, Due: day("2026-12-01"), CustomerName: "paper+1"},
		{Kind: forms.RemindPaperSoon, Due: day("2026-11-30"), CustomerName: "paper today"},
		{Kind: forms.RemindLossPeriod, Due: day("2026-11-30"), CustomerName: "loss today"},
		{Kind: forms.RemindDepositOverdue, Due: day("2026-11-29"), CustomerName: "deposit-1"},
		{Kind: forms.RemindPaperOverdue, Due: day("2026-11-29"), CustomerName: "paper-1"},
		{Kind: forms.RemindDepositOverdue, Due: day("2026-10-01"), CustomerName: "deposit-60"},
		{Kind: forms.RemindLossPeriod, Due: day("2026-11-20"), CustomerName: "loss-10"},
	}
	forms.SortReminders(rs, today)
	var got []string
	for _, r := range rs {
		got = append(got, r.CustomerName)
	}
	want := []string{"deposit-60", "loss-10", "paper-1", "deposit-1", "loss today", "paper today", "paper+1", "child+7", "fees"}
	if !slices.Equal(got, want) {
		t.Fatalf("order\n got %v\nwant %v", got, want)
	}
	for i := 1; i < len(rs); i++ {
		if forms.ReminderLess(&rs[i], &rs[i-1], today) {
			t.Errorf("ReminderLess(%s, %s) is true after sorting", rs[i].CustomerName, rs[i-1].CustomerName)
		}
	}
}

// TestReminderText: each kind's line names the customer, the day and what
// to do, in Chinese.
func TestReminderText(t *testing.T) {
	today := day("2026-11-30")
	for _, tc := range []struct {
		r    forms.Reminder
		want []string
	}{
		{forms.Reminder{Kind: forms.RemindLossPeriod, Due: day("2026-11-30"), CustomerName: "张三", Subject: "YS-2026-0001"},
			[]string{"张三", "YS-2026-0001", "今天（2026-11-30）期满", "明天起"}},
		{forms.Reminder{Kind: forms.RemindLossPeriod, Due: day("2026-11-20"), CustomerName: "张三"},
			[]string{"已于2026-11-20期满（已过10天）", "尚未办结"}},
		{forms.Reminder{Kind: forms.RemindPaperOverdue, Due: day("2026-11-27"), CustomerName: "李四", ServiceName: "历届生落户", CaseNumber: "XL01-1", Papers: []string{"无房证明", "照片"}},
			[]string{"历届生落户 XL01-1 李四", "“无房证明”“照片”", "应于2026-11-27前补交，已逾期3天"}},
		{forms.Reminder{Kind: forms.RemindPaperSoon, Due: day("2026-11-30"), CustomerName: "李四"},
			[]string{"约定今天（2026-11-30）补交"}},
		{forms.Reminder{Kind: forms.RemindPaperSoon, Due: day("2026-12-03"), CustomerName: "李四"},
			[]string{"约定2026-12-03前补交，还有3天"}},
		{forms.Reminder{Kind: forms.RemindDepositOverdue, Due: day("2026-11-20"), CustomerName: "王五", Amount: 60000, Subject: "XL01-2026-000031"},
			[]string{"户籍卡应于2026-11-20归还，已逾期10天", "¥600.00", "XL01-2026-000031", "尚未联系客户"}},
		{forms.Reminder{Kind: forms.RemindDepositOverdue, Due: day("2026-11-29"), CustomerName: "王五", Contacted: 2},
			[]string{"已逾期1天", "已联系客户2次"}},
		{forms.Reminder{Kind: forms.RemindChildLimit, Due: day("2026-12-07"), CustomerName: "赵六", Subject: "赵小宝"},
			[]string{"赵六", "小孩赵小宝", "2026-12-07（还有7天）"}},
		{forms.Reminder{Kind: forms.RemindChildLimit, Due: day("2026-11-30"), CustomerName: "赵六", Subject: "赵小宝"},
			[]string{"今天（2026-11-30）是出生满一个月落户的最后一天"}},
		{forms.Reminder{Kind: forms.RemindFeesOverdue, Count: 12}, []string{"有12名集体户成员欠缴费用"}},
	} {
		got := tc.r.Text(today)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", tc.r.Kind, got, w)
			}
		}
	}
}

// TestReminderOpens: a line with a case opens the case, one without opens
// the customer, the fees line opens the list.
func TestReminderOpens(t *testing.T) {
	for _, tc := range []struct {
		r    forms.Reminder
		want string
	}{
		{forms.Reminder{Kind: forms.RemindPaperOverdue, CaseID: "k", CustomerID: "c"}, "case"},
		{forms.Reminder{Kind: forms.RemindChildLimit, CustomerID: "c"}, "customer"},
		{forms.Reminder{Kind: forms.RemindFeesOverdue, Count: 3}, "overdue_members"},
	} {
		if got := tc.r.Opens(); got != tc.want {
			t.Errorf("%s opens %q, want %q", tc.r.Kind, got, tc.want)
		}
	}
}

// TestChildBirthRange: the births whose last day within one month is today
// to 7 days ahead, checked against OneMonthAfter for every birth around.
func TestChildBirthRange(t *testing.T) {
	for _, today := range []string{"2026-11-30", "2026-03-01", "2028-03-01", "2026-03-31", "2026-01-05"} {
		td := day(today)
		first, last := forms.ChildBirthRange(td)
		if first.IsZero() || last.Before(first) {
			t.Fatalf("%s: empty range %v..%v", today, first, last)
		}
		for b := td.AddDate(0, -3, 0); b.Before(td); b = b.AddDate(0, 0, 1) {
			l := forms.OneMonthAfter(b)
			want := !l.Before(td) && !l.After(td.AddDate(0, 0, forms.ChildWarnDays))
			got := !b.Before(first) && !b.After(last)
			if got != want {
				t.Errorf("today %s, birth %s (limit %s): in range %v, want %v", today, forms.FormatDate(b), forms.FormatDate(l), got, want)
			}
		}
	}
	// The example: born 2026-10-30 has its last day on 2026-11-30.
	first, last := forms.ChildBirthRange(day("2026-11-30"))
	if forms.FormatDate(first) != "2026-10-30" || forms.FormatDate(last) != "2026-11-07" {
		t.Errorf("range on 2026-11-30 = %s..%s, want 2026-10-30..2026-11-07", forms.FormatDate(first), forms.FormatDate(last))
	}
}

// TestChargedSpans: a member is behind exactly when an unpaid day falls in
// a charged span — checked against OverdueSince for every paid-through
// date around the rate changes.
func TestChargedSpans(t *testing.T) {
	today := day("2026-11-30")
	tables := map[string]*forms.FeeTable{
		"talent":  {Rates: []forms.FeeRate{{From: "2010-01-01", Yearly: 30000}}},
		"archive": {Rates: []forms.FeeRate{{From: "2010-01-01", Yearly: 12000}, {From: "2015-01-01", Yearly: 0}}},
		"gap":     {Rates: []forms.FeeRate{{From: "2010-01-01", Yearly: 0}, {From: "2020-01-01", Yearly: 100}, {From: "2022-01-01", Yearly: 0}, {From: "2026-11-30", Yearly: 50}}},
	}
	wantSpans := map[string]string{
		"talent":  "-..2026-11-30",
		"archive": "-..2014-12-31",
		"gap":     "-..2009-12-31 2020-01-01..2021-12-31 2026-11-30..2026-11-30",
	}
	for name, tab := range tables {
		spans := tab.ChargedSpans(today)
		var parts []string
		for _, s := range spans {
			from := forms.FormatDate(s.From)
			if from == "" {
				from = "-"
			}
			parts = append(parts, from+".."+forms.FormatDate(s.To))
		}
		if got := strings.Join(parts, " "); got != wantSpans[name] {
			t.Errorf("%s spans %q, want %q", name, got, wantSpans[name])
		}
		for _, paid := range []string{"", "2009-06-30", "2014-12-30", "2014-12-31", "2019-12-31", "2021-12-30", "2021-12-31", "2026-11-29", "2026-11-30", "2027-06-30"} {
			for _, until := range []string{"", "2014-06-30", "2021-01-01", "2024-01-01"} {
				a := forms.FeeAccount{MemberSince: day("2008-01-01"), MemberUntil: time.Time{}}
				if paid != "" {
					a.PaidThrough = day(paid)
				}
				if until != "" {
					a.MemberUntil = day(until)
				}
				_, want := tab.OverdueSince(a, today)
				base, _ := a.Base()
				end := today
				if !a.MemberUntil.IsZero() {
					end = a.MemberUntil
				}
				got := false
				for _, s := range spans {
					if base.Before(s.To) && !s.From.After(end) && base.Before(end) {
						got = true
					}
				}
				if got != want {
					t.Errorf("%s paid %q until %q: spans say %v, OverdueSince %v", name, paid, until, got, want)
				}
			}
		}
	}
}
