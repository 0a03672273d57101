package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

// reminders reads the list and returns its lines of one kind.
func reminders(tb testing.TB, f *fixture, kind forms.ReminderKind) []forms.Reminder {
	tb.Helper()
	rs, err := f.db.Reminders(context.Background())
	must(tb, err)
	if !rs.Day.Equal(forms.Day(f.clk.Now())) {
		tb.Fatalf("reminders of %s computed on %s", forms.FormatDate(f.clk.Now()), forms.FormatDate(rs.Day))
	}
	var out []forms.Reminder
	for _, r := range rs.Items {
		if r.Kind == kind {
			out = append(out, r)
		}
	}
	return out
}

// toDay moves the fixture's clock to the day (10:00).
func toDay(f *fixture, d string) {
	day, err := forms.ParseDate(d)
	if err != nil {
		panic(err)
	}
	f.clk.mu.Lock()
	f.clk.now = day.Add(10 * time.Hour)
	f.clk.mu.Unlock()
}

func TestDB_Reminders_Empty(t *testing.T) {
	f := newFixture(t)
	f.member(t, "王空")
	rs, err := f.db.Reminders(context.Background())
	must(t, err)
	if rs.Count() != 0 || len(rs.Items) != 0 {
		t.Fatalf("a new station has reminders: %+v", rs.Items)
	}
}

// TestDB_Reminders_Deposit: a card due back yesterday is listed, one due
// today is not; the contact attempts are counted; a refunded deposit
// disappears.
func TestDB_Reminders_Deposit(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	_, k, r, d := f.lend(t, "张借卡")
	due := forms.FormatDate(d.ReturnDue)
	if due != "2026-12-23" {
		t.Fatalf("return due %s", due)
	}
	toDay(f, due)
	if got := reminders(t, f, forms.RemindDepositOverdue); len(got) != 0 {
		t.Fatalf("on the return day: %+v", got)
	}
	toDay(f, "2026-12-24")
	got := reminders(t, f, forms.RemindDepositOverdue)
	if len(got) != 1 || got[0].CaseID != k.ID || got[0].Subject != r.Number || got[0].ServiceCode != "borrow_card" || got[0].Contacted != 0 || got[0].Amount != 60000 {
		t.Fatalf("a day late: %+v", got)
	}
	text := got[0].Text(f.clk.Now())
	for _, w := range []string{"张借卡", k.Number, "户籍卡应于2026-12-23归还，已逾期1天", "尚未联系客户"} {
		if !strings.Contains(text, w) {
			t.Errorf("line %q lacks %q", text, w)
		}
	}
	must(t, f.db.AddContactAttempt(ctx, f.clerk, d.ID, "电话", "无人接听"))
	must(t, f.db.AddContactAttempt(ctx, f.clerk, d.ID, "短信", "已发送"))
	toDay(f, "2027-01-02")
	got = reminders(t, f, forms.RemindDepositOverdue)
	if len(got) != 1 || got[0].Contacted != 2 || !strings.Contains(got[0].Text(f.clk.Now()), "已逾期10天；保障金¥600.00") {
		t.Fatalf("contacted twice, 10 days late: %+v", got)
	}
	_, err := f.db.RefundDeposit(ctx, f.sup, refundOf(d.ID))
	must(t, err)
	if got := reminders(t, f, forms.RemindDepositOverdue); len(got) != 0 {
		t.Fatalf("refunded deposit still listed: %+v", got)
	}
}

// TestDB_Reminders_Papers: a paper promised in exactly 3 days is listed as
// due soon, in 4 days not yet; on its day it is due today, the day after
// overdue; a cancelled case disappears.
func TestDB_Reminders_Papers(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	promise := func(name string, days int) *forms.Case {
		cust := f.member(t, name)
		k, _, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "archive_transfer")
		must(t, err)
		_, err = f.db.SaveCase(ctx, f.clerk, k.ID, map[string]string{"unit": "某某公司"}, map[string]forms.ItemState{
			"release": {Status: forms.ItemDeferred, PromisedBy: forms.Day(f.clk.Now()).AddDate(0, 0, days)},
			"id_copy": {Status: forms.ItemReceived, Copies: 1},
		})
		must(t, err)
		k, _, _, err = f.db.AcceptCase(ctx, f.clerk, k.ID, forms.Payment{Method: forms.PayCash}, time.Time{})
		must(t, err)
		if k.Status != forms.CaseWaiting {
			t.Fatalf("case with a deferred paper is %s", k.Status)
		}
		return k
	}
	three := promise("陈三天", 3) // 2026-11-26
	four := promise("陈四天", 4)  // 2026-11-27
	got := reminders(t, f, forms.RemindPaperSoon)
	if len(got) != 1 || got[0].CaseID != three.ID || got[0].ServiceCode != "archive_transfer" || forms.FormatDate(got[0].Due) != "2026-11-26" ||
		!slices.Equal(got[0].Papers, []string{"解除协议证明"}) {
		t.Fatalf("exactly 3 days ahead: %+v", got)
	}
	if !strings.Contains(got[0].Text(f.clk.Now()), "约定2026-11-26前补交，还有3天") {
		t.Errorf("line %q", got[0].Text(f.clk.Now()))
	}
	toDay(f, "2026-11-26")
	got = reminders(t, f, forms.RemindPaperSoon)
	if len(got) != 2 || got[0].CaseID != three.ID || got[0].Urgency(f.clk.Now()) != forms.UrgencyToday || got[1].CaseID != four.ID {
		t.Fatalf("on the day: %+v", got)
	}
	toDay(f, "2026-11-27")
	over := reminders(t, f, forms.RemindPaperOverdue)
	if len(over) != 1 || over[0].CaseID != three.ID || !strings.Contains(over[0].Text(f.clk.Now()), "已逾期1天") {
		t.Fatalf("the day after: %+v", over)
	}
	must(t, f.db.CancelCase(ctx, f.clerk, three.ID, "客户不办了"))
	if over := reminders(t, f, forms.RemindPaperOverdue); len(over) != 0 {
		t.Fatalf("cancelled case still listed: %+v", over)
	}
	var due any
	must(t, f.db.db.QueryRow("SELECT promised_due FROM cases WHERE id = ?", three.ID).Scan(&due))
	if due != nil {
		t.Errorf("cancelled case keeps promised_due %v", due)
	}
}

// TestDB_Reminders_LossPeriod: the declaration is listed from the period's
// last day (due today) on, until it is resolved.
func TestDB_Reminders_LossPeriod(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	code := withLossService(t, f)
	cust := f.member(t, "林静")
	l, err := f.db.DeclareLoss(ctx, f.clerk, code, forms.LossDeclaration{CustomerID: cust.ID, Kind: forms.LostInvoice,
		DocNumber: "No.00012345", DocDate: testStart.AddDate(0, -1, 0), Amount: forms.Yuan(300), PaidFor: "人才储备费"})
	must(t, err)
	end := forms.Day(l.EndDay)
	toDay(f, forms.FormatDate(end.AddDate(0, 0, -1)))
	if got := reminders(t, f, forms.RemindLossPeriod); len(got) != 0 {
		t.Fatalf("the day before the end: %+v", got)
	}
	toDay(f, forms.FormatDate(end))
	got := reminders(t, f, forms.RemindLossPeriod)
	if len(got) != 1 || got[0].Subject != l.Number || got[0].CaseID != l.CaseID || got[0].ServiceCode != code || got[0].CustomerID != cust.ID ||
		got[0].Urgency(f.clk.Now()) != forms.UrgencyToday || !strings.Contains(got[0].Text(f.clk.Now()), "明天起可请客户来办结") {
		t.Fatalf("on the last day: %+v", got)
	}
	toDay(f, forms.FormatDate(end.AddDate(0, 0, 3)))
	got = reminders(t, f, forms.RemindLossPeriod)
	if len(got) != 1 || !strings.Contains(got[0].Text(f.clk.Now()), "（已过3天），尚未办结") {
		t.Fatalf("3 days after: %+v", got)
	}
	_, err = f.db.ResolveLoss(ctx, f.clerk, l.ID, "invoice_kept", false)
	must(t, err)
	if got := reminders(t, f, forms.RemindLossPeriod); len(got) != 0 {
		t.Fatalf("resolved declaration still listed: %+v", got)
	}
}

// TestDB_Reminders_Child: a child without an ID number is listed from 7
// days before the one-month limit to the limit itself, not after; an open
// 小孩落户 case for the parent with the child's birth date takes it off, a
// cancelled one puts it back.
func TestDB_Reminders_Child(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	parent := f.member(t, "赵六")
	child := &forms.Customer{Name: "赵小宝", Gender: forms.GenderMale, ParentID: parent.ID, GuardianConsent: true,
		Birth: time.Date(2026, 10, 31, 0, 0, 0, 0, time.Local)} // limit 2026-11-30
	must(t, f.db.CreateCustomer(ctx, f.clerk, child))
	for _, tc := range []struct {
		day    string
		listed bool
	}{
		{"2026-11-22", false}, // 8 days before
		{"2026-11-23", true},  // exactly 7 days before
		{"2026-11-30", true},  // the last day
		{"2026-12-01", false}, // late: no longer a warning
	} {
		toDay(f, tc.day)
		got := reminders(t, f, forms.RemindChildLimit)
		if (len(got) == 1) != tc.listed {
			t.Fatalf("%s: %+v, want listed %v", tc.day, got, tc.listed)
		}
		if tc.listed && (got[0].CustomerID != parent.ID || got[0].Subject != "赵小宝" || forms.FormatDate(got[0].Due) != "2026-11-30") {
			t.Fatalf("%s: %+v", tc.day, got)
		}
	}
	toDay(f, "2026-11-25")
	k := f.readyShipped(t, parent, "child_register", map[string]string{"child_name": "赵小宝", "child_gender": "M",
		"child_birth": "2026-10-31", "guardian_consent": "yes"})
	if got := reminders(t, f, forms.RemindChildLimit); len(got) != 0 {
		t.Fatalf("with a 小孩落户 case open: %+v", got)
	}
	must(t, f.db.CancelCase(ctx, f.clerk, k.ID, "资料不全"))
	if got := reminders(t, f, forms.RemindChildLimit); len(got) != 1 {
		t.Fatalf("after the case was cancelled: %+v", got)
	}
}

// TestDB_Reminders_Fees: the members behind with a fee are exactly those
// forms.FeeTable.OverdueSince finds, counted on one line, listed by
// OverdueMembers; paid through today is not behind, through yesterday is.
func TestDB_Reminders_Fees(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	svc := renewService()
	_, err := f.db.SaveServiceVersion(ctx, f.sup, svc)
	must(t, err)
	d := func(s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		v, err := forms.ParseDate(s)
		must(t, err)
		return v
	}
	want := map[string]bool{}
	for i, tc := range []struct {
		since, talent, archive, archiveUntil string
		behind                               bool
	}{
		{"2020-07-01", "2026-11-23", "", "", false},                     // paid through today; archive ¥0 since 2015
		{"2020-07-01", "2026-11-22", "", "", true},                      // through yesterday
		{"2020-07-01", "", "", "", true},                                // never paid
		{"2026-11-23", "", "", "", true},                                // joined today: today is owed
		{"2012-03-01", "2027-06-30", "", "", true},                      // archive owed 2012–2014
		{"2012-03-01", "2027-06-30", "2014-12-31", "", false},           // archive paid up to ¥0
		{"2012-03-01", "2027-06-30", "2013-06-30", "2013-06-30", false}, // archive left when paid
		{"2012-03-01", "2027-06-30", "2012-12-31", "2013-06-30", true},  // archive left owing half a year
		{"2016-01-01", "2027-06-30", "", "", false},                     // archive never owed
		{"2026-11-25", "2026-11-01", "", "", false},                     // joins after today: nothing owed yet (taken off the tally's sum)
	} {
		c := f.member(t, "欠费"+string([]rune("甲乙丙丁戊己庚辛壬癸")[i]))
		c.MemberSince, c.TalentPaidThrough, c.ArchivePaidThrough, c.ArchiveUntil = d(tc.since), d(tc.talent), d(tc.archive), d(tc.archiveUntil)
		must(t, f.db.UpdateCustomer(ctx, f.clerk, c))
		if tc.archiveUntil != "" {
			// Only completing 转档 records the day the archive left.
			c.ArchiveUntil = d(tc.archiveUntil)
			_, err := f.db.db.Exec("UPDATE customers SET archive_until = ? WHERE id = ?", tc.archiveUntil, c.ID)
			must(t, err)
		}
		got := false
		for _, fee := range svc.Fees {
			if _, ok := fee.Table.OverdueSince(forms.Account(c, fee.Schedule), f.clk.Now()); ok {
				got = true
			}
		}
		if got != tc.behind {
			t.Fatalf("case %d: OverdueSince says %v, table says %v", i, got, tc.behind)
		}
		if tc.behind {
			want[c.ID] = true
		}
	}
	// A former member owes nothing here.
	gone := f.member(t, "已迁出")
	gone.Member, gone.MemberUntil = false, d("2026-01-01")
	must(t, f.db.UpdateCustomer(ctx, f.clerk, gone))
	// Children registered under a parent owe no fee (forms.Customer.
	// OwesFees): the clerk trial found a 13-day-old baby among the members
	// behind. One never paid, one with an old date (in the tally until the
	// link to the parent takes it out).
	for i, talent := range []string{"", "2020-06-30"} {
		kid := f.member(t, "随父母落户"+string([]rune("甲乙")[i]))
		kid.MemberSince, kid.TalentPaidThrough = d("2020-07-01"), d(talent)
		must(t, f.db.UpdateCustomer(ctx, f.clerk, kid))
		_, err := f.db.db.Exec("UPDATE customers SET parent_id = ? WHERE id = ?", gone.ID, kid.ID)
		must(t, err)
		back, err := f.db.Customer(ctx, kid.ID)
		must(t, err)
		err = forms.CanRenew(back)
		if forms.ErrorCode(err) != forms.EINVALID || !strings.Contains(forms.ErrorMessage(err), "随父母落户的小孩") {
			t.Fatalf("renewing a child: %v", err)
		}
	}

	got := reminders(t, f, forms.RemindFeesOverdue)
	if len(got) != 1 || got[0].Count != len(want) || got[0].Opens() != "overdue_members" {
		t.Fatalf("fees line %+v, want a count of %d", got, len(want))
	}
	list, err := f.db.OverdueMembers(ctx, 100)
	must(t, err)
	if len(list) != len(want) {
		t.Fatalf("OverdueMembers gave %d, want %d", len(list), len(want))
	}
	for _, c := range list {
		if !want[c.ID] {
			t.Errorf("%s listed as behind", c.Name)
		}
	}
	if short, err := f.db.OverdueMembers(ctx, 2); err != nil || len(short) != 2 {
		t.Fatalf("limit 2: %d, %v", len(short), err)
	}
}

// TestDB_Reminders_Order: the list comes sorted by forms.ReminderLess, the
// fees line last.
func TestDB_Reminders_Order(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	_, err := f.db.SaveServiceVersion(ctx, f.sup, renewService())
	must(t, err)
	_, _, _, d := f.lend(t, "甲借卡")
	parent := f.member(t, "乙家长")
	must(t, f.db.CreateCustomer(ctx, f.clerk, &forms.Customer{Name: "乙小宝", Gender: forms.GenderFemale, ParentID: parent.ID,
		GuardianConsent: true, Birth: time.Date(2026, 11, 20, 0, 0, 0, 0, time.Local)}))
	toDay(f, forms.FormatDate(d.ReturnDue.AddDate(0, 0, 1))) // 2026-12-24: deposit 1 day late, child's limit 12-20 passed
	rs, err := f.db.Reminders(ctx)
	must(t, err)
	if len(rs.Items) < 2 || rs.Items[0].Kind != forms.RemindDepositOverdue || rs.Items[len(rs.Items)-1].Kind != forms.RemindFeesOverdue {
		t.Fatalf("order: %+v", rs.Items)
	}
	toDay(f, "2026-12-15") // child's limit in 5 days, deposit not due
	rs, err = f.db.Reminders(ctx)
	must(t, err)
	if len(rs.Items) != 2 || rs.Items[0].Kind != forms.RemindChildLimit || rs.Count() != 2 {
		t.Fatalf("order: %+v", rs.Items)
	}
}

// TestDB_Reminders_UseIndexes proves with EXPLAIN QUERY PLAN that every
// query of the reminders searches an index: none scans cases, receipts,
// customers, deposits or loss declarations.
func TestDB_Reminders_UseIndexes(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	_, err := f.db.SaveServiceVersion(ctx, f.sup, renewService())
	must(t, err)
	f.saveShipped(t, "child_register")
	withLossService(t, f)
	type query struct {
		q    string
		args []any
	}
	var qs []query
	traceReminders = func(q string, args []any) { qs = append(qs, query{q, args}) }
	defer func() { traceReminders = nil }()
	_, err = f.db.Reminders(ctx)
	must(t, err)
	_, err = f.db.OverdueMembers(ctx, 10)
	must(t, err)
	if len(qs) != 9 {
		t.Fatalf("traced %d queries, want 9 (loss, 2 papers, deposit, child, fee count, complaints, follow-ups, fee list)", len(qs))
	}
	wantIndex := []string{"loss_declarations_pending_end", "cases_promised_due", "cases_promised_due", "deposits_held_return",
		"customers_child_birth", "SEARCH t USING PRIMARY KEY (base>? AND base<?)",
		"SEARCH p USING INDEX complaints_open_due (due_day<?)", "SEARCH f USING INDEX follow_ups_due (due_at<?)", // 0020
		"customers_talent_due"}
	also := map[int]string{4: "cases_customer_service (customer_id=? AND service_code=?)", 5: "SEARCH t USING PRIMARY KEY (talent_base>?)",
		8: "customers_archive_due"}
	for i, q := range qs {
		plan := queryPlan(t, f.db, q.q, q.args...)
		all := strings.Join(plan, "\n")
		for _, line := range plan {
			if strings.HasPrefix(line, "SCAN ") && !strings.HasPrefix(line, "SCAN json_each") && !strings.HasPrefix(line, "SCAN s") &&
				line != "SCAN CONSTANT ROW" {
				t.Errorf("query %d scans a table:\n%s\n%s", i, all, q.q)
			}
		}
		// A kind's rows come in its index's order, so the search stops at
		// the limit however many match.
		if (i < 5 || i == 6 || i == 7) && strings.Contains(all, "TEMP B-TREE") {
			t.Errorf("query %d sorts every match before the limit:\n%s", i, all)
		}
		// The fee count reads the tallies of migration 0019 alone, each by
		// a range of its key, never the members (the talent fee's range,
		// then the archive fee's among the few not behind with it).
		if i == 5 && (strings.Count(all, "SEARCH t USING PRIMARY KEY") != 3 || strings.Contains(all, "customers") ||
			!strings.Contains(all, "SEARCH t USING PRIMARY KEY (talent_base=?")) {
			t.Errorf("the fee count does not read the tallies only, by their keys:\n%s", all)
		}
		if !strings.Contains(all, wantIndex[i]) || !strings.Contains(all, also[i]) {
			t.Errorf("query %d does not use %s %s:\n%s", i, wantIndex[i], also[i], all)
		}
	}
}

// TestMigration0011_PromisedDue: the triggers keep cases.promised_due in
// step with the items (the earliest promise of a waiting case, cleared when
// the case stops waiting), and the migration's own UPDATE fills it in for
// the cases a station had before 0011.
func TestMigration0011_PromisedDue(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	cust := f.member(t, "迁移测")
	k, _, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "archive_transfer")
	must(t, err)
	_, err = f.db.SaveCase(ctx, f.clerk, k.ID, map[string]string{"unit": "某某公司"}, map[string]forms.ItemState{
		"release": {Status: forms.ItemDeferred, PromisedBy: forms.Day(f.clk.Now()).AddDate(0, 0, 5)},
		"id_copy": {Status: forms.ItemDeferred, PromisedBy: forms.Day(f.clk.Now()).AddDate(0, 0, 2)},
	})
	must(t, err)
	due := func() any {
		var v any
		must(t, f.db.db.QueryRow("SELECT promised_due FROM cases WHERE id = ?", k.ID).Scan(&v))
		return v
	}
	if v := due(); v != nil {
		t.Fatalf("a draft has promised_due %v", v)
	}
	_, _, _, err = f.db.AcceptCase(ctx, f.clerk, k.ID, forms.Payment{Method: forms.PayCash}, time.Time{})
	must(t, err)
	if v := due(); v != "2026-11-25" {
		t.Fatalf("waiting case: promised_due %v, want the earliest promise 2026-11-25", v)
	}
	// As before 0011: the column empty; the migration's UPDATE fills it.
	_, err = f.db.db.Exec("UPDATE cases SET promised_due = NULL")
	must(t, err)
	data, err := migrationsFS.ReadFile("migrations/0011_reminder_indexes.sql")
	must(t, err)
	sqlText := string(data)
	start := strings.Index(sqlText, "UPDATE cases SET promised_due")
	end := strings.Index(sqlText[start:], ";")
	_, err = f.db.db.Exec(sqlText[start : start+end])
	must(t, err)
	if v := due(); v != "2026-11-25" {
		t.Fatalf("after the migration's backfill: promised_due %v", v)
	}
}

// TestDB_Reminders_Limit: a kind with more than forms.ReminderLimit lines
// keeps the limit, the most urgent, and counts the rest in Omitted and in
// the tab's number.
func TestDB_Reminders_Limit(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	parent := f.member(t, "多子女")
	toDay(f, "2026-11-30")
	for i := 0; i <= forms.ReminderLimit; i++ {
		birth := time.Date(2026, 10, 30, 0, 0, 0, 0, time.Local) // limit today
		if i == forms.ReminderLimit {
			birth = time.Date(2026, 11, 7, 0, 0, 0, 0, time.Local) // limit in 7 days: the one left out
		}
		must(t, f.db.CreateCustomer(ctx, f.clerk, &forms.Customer{Name: "子女" + string(rune('一'+i%9)), Gender: forms.GenderMale,
			ParentID: parent.ID, GuardianConsent: true, Birth: birth}))
	}
	rs, err := f.db.Reminders(ctx)
	must(t, err)
	if len(rs.Items) != forms.ReminderLimit || rs.Omitted != 1 || rs.Count() != forms.ReminderLimit+1 {
		t.Fatalf("%d lines, %d omitted, count %d", len(rs.Items), rs.Omitted, rs.Count())
	}
	for _, r := range rs.Items {
		if forms.FormatDate(r.Due) != "2026-11-30" {
			t.Fatalf("a less urgent line was kept: %s", forms.FormatDate(r.Due))
		}
	}
}

// TestMigration0011_TalentTally: the triggers keep talent_paid_tally equal
// to the current members counted by talent-reserve paid-through date as
// customers are created, renew, leave, come back and are deleted, and the
// migration's own INSERT fills it in for the members a station had before
// 0011.
func TestMigration0011_TalentTally(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tally := func() string {
		rows, err := f.db.db.Query("SELECT paid_through || ':' || members FROM talent_paid_tally ORDER BY paid_through")
		must(t, err)
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			must(t, rows.Scan(&s))
			out = append(out, s)
		}
		must(t, rows.Err())
		return strings.Join(out, " ")
	}
	truth := func() string {
		var s string
		must(t, f.db.db.QueryRow(`SELECT coalesce(group_concat(d || ':' || n, ' '), '') FROM (SELECT talent_paid_through d, count(*) n
			FROM customers WHERE member = 1 AND member_until IS NULL AND talent_paid_through IS NOT NULL
			GROUP BY talent_paid_through ORDER BY talent_paid_through)`).Scan(&s))
		return s
	}
	check := func(step, want string) {
		t.Helper()
		if got, tr := tally(), truth(); got != want || tr != want {
			t.Fatalf("%s: tally %q, members %q, want %q", step, got, tr, want)
		}
	}
	d := func(s string) time.Time {
		v, err := forms.ParseDate(s)
		must(t, err)
		return v
	}
	a, b, c := f.member(t, "计数甲"), f.member(t, "计数乙"), f.member(t, "计数丙")
	check("never paid", "")
	for _, m := range []*forms.Customer{a, b, c} {
		m.TalentPaidThrough = d("2026-06-30")
		must(t, f.db.UpdateCustomer(ctx, f.clerk, m))
	}
	check("three paid", "2026-06-30:3")
	a.TalentPaidThrough = d("2027-06-30")
	must(t, f.db.UpdateCustomer(ctx, f.clerk, a))
	check("one renewed", "2026-06-30:2 2027-06-30:1")
	must(t, f.db.UpdateCustomer(ctx, f.clerk, a)) // written again unchanged
	check("unchanged", "2026-06-30:2 2027-06-30:1")
	_, err := f.db.db.Exec("UPDATE customers SET member_until = '2026-11-01' WHERE id = ?", b.ID)
	must(t, err)
	check("one left", "2026-06-30:1 2027-06-30:1")
	_, err = f.db.db.Exec("UPDATE customers SET member_until = NULL WHERE id = ?", b.ID)
	must(t, err)
	check("back", "2026-06-30:2 2027-06-30:1")
	_, err = f.db.db.Exec("UPDATE customers SET member = 0 WHERE id = ?", a.ID)
	must(t, err)
	check("no longer a member", "2026-06-30:2")
	// The program never deletes a customer; the trigger is there for
	// hands that do (its references are let go for the test).
	conn, err := f.db.db.Conn(ctx)
	must(t, err)
	_, err = conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF")
	must(t, err)
	_, err = conn.ExecContext(ctx, "DELETE FROM customers WHERE id = ?", c.ID)
	must(t, err)
	_, err = conn.ExecContext(ctx, "PRAGMA foreign_keys = ON")
	must(t, err)
	must(t, conn.Close())
	check("deleted", "2026-06-30:1")
	// As before 0011: the table empty; the migration's INSERT fills it.
	_, err = f.db.db.Exec("DELETE FROM talent_paid_tally")
	must(t, err)
	data, err := migrationsFS.ReadFile("migrations/0011_reminder_indexes.sql")
	must(t, err)
	sqlText := string(data)
	start := strings.Index(sqlText, "INSERT INTO talent_paid_tally")
	end := strings.Index(sqlText[start:], ";")
	_, err = f.db.db.Exec(sqlText[start : start+end])
	must(t, err)
	check("after the migration's fill", "2026-06-30:1")
}

// feeLineCount is the count on the reminders' fees line (0 when there is
// none).
func feeLineCount(tb testing.TB, f *fixture) int {
	tb.Helper()
	got := reminders(tb, f, forms.RemindFeesOverdue)
	if len(got) == 0 {
		return 0
	}
	return got[0].Count
}

// directFeeCount counts the members behind with a fee by searching the
// customers themselves (feeOverdueTerms' conditions, the ones
// OverdueMembers lists: how the fees line was counted before the tallies
// of migration 0019).
func directFeeCount(tb testing.TB, f *fixture) int {
	tb.Helper()
	ctx := context.Background()
	tx, err := f.db.beginRead(ctx)
	must(tb, err)
	defer tx.Rollback()
	terms, err := feeOverdueTerms(ctx, tx)
	must(tb, err)
	n := 0
	for _, term := range terms {
		var k int
		must(tb, tx.QueryRowContext(ctx, "SELECT count(*) FROM customers c INDEXED BY "+term.index+" WHERE "+term.where, term.args...).Scan(&k))
		n += k
	}
	return n
}

// ruleFeeCount counts, customer by customer, the current members that
// forms.FeeTable.OverdueSince finds behind with a fee of the service.
func ruleFeeCount(tb testing.TB, f *fixture, svc *forms.Service) int {
	tb.Helper()
	n := 0
	for _, c := range allCustomers(tb, f) {
		if !c.Member || !c.MemberUntil.IsZero() || !c.OwesFees() {
			continue
		}
		for _, fee := range svc.Fees {
			if _, ok := fee.Table.OverdueSince(forms.Account(c, fee.Schedule), f.clk.Now()); ok {
				n++
				break
			}
		}
	}
	return n
}

func allCustomers(tb testing.TB, f *fixture) []*forms.Customer {
	tb.Helper()
	rows, err := f.db.db.Query("SELECT id FROM customers ORDER BY id")
	must(tb, err)
	var ids []string
	for rows.Next() {
		var id string
		must(tb, rows.Scan(&id))
		ids = append(ids, id)
	}
	must(tb, rows.Err())
	must(tb, rows.Close())
	var out []*forms.Customer
	for _, id := range ids {
		c, err := f.db.Customer(context.Background(), id)
		must(tb, err)
		out = append(out, c)
	}
	return out
}

// feeTallies returns the two tallies of migration 0019 as text, row by
// row in key order.
func feeTallies(tb testing.TB, f *fixture) string {
	tb.Helper()
	var s string
	must(tb, f.db.db.QueryRow(`SELECT coalesce((SELECT group_concat(base || ':' || members, ' ') FROM (SELECT * FROM fee_talent_tally ORDER BY base)), '')
		|| ' | ' || coalesce((SELECT group_concat(talent_base || '/' || archive_base || '/' || archive_until || ':' || members, ' ')
			FROM (SELECT * FROM fee_base_tally ORDER BY talent_base, archive_base, archive_until)), '')`).Scan(&s))
	return s
}

// feeTalliesTruth computes what the tallies must hold from the customers
// in Go: each current member who owes fees (forms.Customer.OwesFees) by
// forms.FeeAccount.Base of each fee ("" when none) and archive_until.
func feeTalliesTruth(tb testing.TB, f *fixture) string {
	tb.Helper()
	talent, both := map[string]int{}, map[string]int{}
	base := func(c *forms.Customer, schedule string) string {
		a := forms.Account(c, schedule)
		a.MemberUntil = time.Time{}
		b, ok := a.Base()
		if !ok {
			return ""
		}
		return forms.FormatDate(b)
	}
	for _, c := range allCustomers(tb, f) {
		if !c.Member || !c.MemberUntil.IsZero() || !c.OwesFees() {
			continue
		}
		tBase, aBase := base(c, forms.ScheduleTalent), base(c, forms.ScheduleArchive)
		talent[tBase]++
		both[tBase+"/"+aBase+"/"+forms.FormatDate(c.ArchiveUntil)]++
	}
	join := func(m map[string]int) string {
		keys := slices.Sorted(maps.Keys(m))
		var parts []string
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s:%d", k, m[k]))
		}
		return strings.Join(parts, " ")
	}
	return join(talent) + " | " + join(both)
}

// noSince saves the customer; one without a member-since date (which the
// program asks of a member, and a station's older rows may lack) gets a
// date saved and then taken off by hand.
func noSince(tb testing.TB, f *fixture, m *forms.Customer) {
	tb.Helper()
	if !m.MemberSince.IsZero() {
		must(tb, f.db.UpdateCustomer(context.Background(), f.clerk, m))
		return
	}
	m.MemberSince = time.Date(2020, 7, 1, 0, 0, 0, 0, time.Local)
	must(tb, f.db.UpdateCustomer(context.Background(), f.clerk, m))
	_, err := f.db.db.Exec("UPDATE customers SET member_since = NULL WHERE id = ?", m.ID)
	must(tb, err)
	m.MemberSince = time.Time{}
}

// TestMigration0019_FeeTallies: the triggers keep fee_talent_tally and
// fee_base_tally equal to the members counted one by one in Go as
// customers of every kind are created, paid for (Renew), edited, join,
// leave, move their archive out, register a child, are written without a
// change and deleted; at every step the fees line (from the tallies)
// equals the count searched from the customers (feeOverdueTerms) and the
// count of forms.FeeTable.OverdueSince; and the migration's own INSERTs
// fill the tallies for the members a station had before 0019.
func TestMigration0019_FeeTallies(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	svc := renewService()
	_, err := f.db.SaveServiceVersion(ctx, f.sup, svc)
	must(t, err)
	d := func(s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		v, err := forms.ParseDate(s)
		must(t, err)
		return v
	}
	steps := 0
	check := func(step string) {
		t.Helper()
		steps++
		if got, want := feeTallies(t, f), feeTalliesTruth(t, f); got != want {
			t.Fatalf("%s: tallies\n%s\nwant\n%s", step, got, want)
		}
		line, direct, rule := feeLineCount(t, f), directFeeCount(t, f), ruleFeeCount(t, f, svc)
		if line != direct || line != rule {
			t.Fatalf("%s: fees line %d, searched from the customers %d, by the rule %d", step, line, direct, rule)
		}
	}
	check("empty")
	a, b, c := f.member(t, "计费甲"), f.member(t, "计费乙"), f.member(t, "计费丙")
	f.nonMember(t, "非会员")
	check("three members never paid, one not a member")
	// Every combination of the cases of TestDB_Reminders_Fees.
	for i, tc := range []struct{ since, talent, archive string }{
		{"2020-07-01", "2026-11-23", ""}, {"2020-07-01", "2026-11-22", ""}, {"2026-11-23", "", ""},
		{"2012-03-01", "2027-06-30", ""}, {"2012-03-01", "2027-06-30", "2014-12-31"}, {"2012-03-01", "2027-06-30", "2012-12-31"},
		{"2016-01-01", "2027-06-30", ""}, {"2026-11-25", "2026-11-01", ""}, {"", "2025-06-30", ""}, {"", "", ""},
	} {
		m := f.member(t, "计费"+string([]rune("子丑寅卯辰巳午未申酉")[i]))
		m.MemberSince, m.TalentPaidThrough, m.ArchivePaidThrough = d(tc.since), d(tc.talent), d(tc.archive)
		noSince(t, f, m)
	}
	check("members of every case")
	_, err = f.db.Renew(ctx, f.clerk, a.ID, forms.RenewalRequest{Service: "renew_fees", Fees: []string{"talent", "archive"}, Months: 24},
		forms.Payment{Method: forms.PayCash})
	must(t, err)
	check("both fees paid (Renew)")
	_, err = f.db.Renew(ctx, f.clerk, b.ID, forms.RenewalRequest{Service: "renew_fees", Fees: []string{"talent"}, Months: 12},
		forms.Payment{Method: forms.PayCash})
	must(t, err)
	check("the talent fee paid (Renew)")
	b.MemberSince = d("2011-05-01")
	must(t, f.db.UpdateCustomer(ctx, f.clerk, b))
	check("member-since moved back: the archive fee of 2011–2014 owed")
	must(t, f.db.UpdateCustomer(ctx, f.clerk, b))
	check("written again unchanged")
	// Joins, leaves, moves the archive out, registers a child: the
	// shipped catalogue's completion effects.
	joiner := f.nonMember(t, "入户者")
	k := f.readyShipped(t, joiner, "settle_past_grad", map[string]string{"origin": "other_collective", "referral": "朋友介绍", "marital": "single"})
	_, _, _, err = f.db.AcceptCase(ctx, f.clerk, k.ID, forms.Payment{}, time.Time{})
	must(t, err)
	_, err = f.db.CompleteCase(ctx, f.clerk, k.ID)
	must(t, err)
	check("a customer joins (历届生落户)")
	k = f.readyShipped(t, c, "archive_transfer", map[string]string{"grad_unit": "某公司", "grad_year": "2024", "destination_no": "B1"})
	_, _, _, err = f.db.AcceptCase(ctx, f.clerk, k.ID, forms.Payment{Method: forms.PayCash}, time.Time{})
	must(t, err)
	_, err = f.db.CompleteCase(ctx, f.clerk, k.ID)
	must(t, err)
	check("the archive moves out (转档)")
	c, err = f.db.Customer(ctx, c.ID)
	must(t, err)
	c.MemberSince = d("2012-03-01")
	must(t, f.db.UpdateCustomer(ctx, f.clerk, c))
	check("archive gone, member since 2012")
	k = f.readyShipped(t, a, "child_register", map[string]string{"child_name": "计小宝", "child_gender": "F",
		"child_birth": "2026-11-01", "guardian_consent": "yes"})
	_, _, _, err = f.db.AcceptCase(ctx, f.clerk, k.ID, forms.Payment{}, time.Time{})
	must(t, err)
	_, err = f.db.CompleteCase(ctx, f.clerk, k.ID)
	must(t, err)
	check("a child registered under a parent (no fee)")
	f.saveShipped(t, "borrow_card")
	leaver := f.member(t, "计费迁出")
	k = f.readyShipped(t, leaver, "move_out", map[string]string{"destination": "out_of_city", "dest_address": "重庆市渝中区"})
	_, _, dep, err := f.db.AcceptCase(ctx, f.clerk, k.ID, forms.Payment{Method: forms.PayCash}, time.Time{})
	must(t, err)
	check("moving out accepted")
	f.clk.Add(2 * 24 * time.Hour)
	_, err = f.db.RefundDeposit(ctx, f.approved(), refundOf(dep.ID))
	must(t, err)
	check("a member leaves (转户 completed), two days on")
	// Hands on the file (no method does these): leaving and coming back,
	// no longer a member, linked to a parent, deleted.
	for _, q := range []string{
		"UPDATE customers SET member_until = '2026-11-01' WHERE id = '" + b.ID + "'",
		"UPDATE customers SET member_until = NULL WHERE id = '" + b.ID + "'",
		"UPDATE customers SET member = 0 WHERE id = '" + a.ID + "'",
		"UPDATE customers SET parent_id = '" + joiner.ID + "' WHERE id = '" + c.ID + "'",
		"UPDATE customers SET parent_id = NULL WHERE id = '" + c.ID + "'",
		"UPDATE customers SET archive_until = NULL, archive_paid_through = '2013-12-31' WHERE id = '" + c.ID + "'",
	} {
		_, err = f.db.db.Exec(q)
		must(t, err)
		check(q)
	}
	conn, err := f.db.db.Conn(ctx)
	must(t, err)
	_, err = conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF")
	must(t, err)
	_, err = conn.ExecContext(ctx, "DELETE FROM customers WHERE id = ?", b.ID)
	must(t, err)
	_, err = conn.ExecContext(ctx, "PRAGMA foreign_keys = ON")
	must(t, err)
	must(t, conn.Close())
	check("deleted")
	// Later days: members paid ahead fall behind as the clock passes them.
	for _, day := range []string{"2027-01-01", "2027-07-01", "2028-12-31"} {
		toDay(f, day)
		check("on " + day)
	}
	// As before 0019: the tallies empty; the migration's INSERTs fill them.
	want := feeTallies(t, f)
	_, err = f.db.db.Exec("DELETE FROM fee_talent_tally; DELETE FROM fee_base_tally")
	must(t, err)
	data, err := migrationsFS.ReadFile("migrations/0019_fee_tallies.sql")
	must(t, err)
	sqlText := string(data)
	for _, table := range []string{"fee_talent_tally", "fee_base_tally"} {
		start := strings.Index(sqlText, "INSERT INTO "+table)
		end := strings.Index(sqlText[start:], ";")
		_, err = f.db.db.Exec(sqlText[start : start+end])
		must(t, err)
	}
	if got := feeTallies(t, f); got != want || !strings.Contains(got, ":") {
		t.Fatalf("after the migration's fill: %q, want %q", got, want)
	}
	check("after the migration's fill")
}

// TestDB_Reminders_FeeTables: the fees line counts from the tallies as
// the search of the customers and the rule do for fee tables of every
// shape: a talent fee with a free stretch (two charged spans), an archive
// fee charged again from a later day (a span that starts, read against
// archive_until), and the archive fee alone (no talent-reserve fee in the
// catalogue).
func TestDB_Reminders_FeeTables(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	d := func(s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		v, err := forms.ParseDate(s)
		must(t, err)
		return v
	}
	for i, tc := range []struct{ since, talent, archive, archiveUntil string }{
		{"2020-07-01", "2026-11-23", "", ""}, {"2020-07-01", "2026-11-22", "2026-11-22", ""}, {"2020-07-01", "", "", ""},
		{"2012-03-01", "2027-06-30", "", ""}, {"2012-03-01", "2027-06-30", "2014-12-31", ""}, {"2012-03-01", "2027-06-30", "", "2013-06-30"},
		{"2012-03-01", "2027-06-30", "2012-12-31", "2013-06-30"}, {"2016-01-01", "2027-06-30", "", ""}, {"2016-01-01", "2027-06-30", "", "2021-06-30"},
		{"2016-01-01", "2019-12-31", "2020-12-31", "2021-06-30"}, {"2016-01-01", "2027-06-30", "2023-12-31", ""}, {"", "2021-06-30", "", ""},
		{"2026-11-25", "", "", ""}, {"2021-03-01", "2021-12-31", "2027-06-30", ""},
	} {
		m := f.member(t, "费表"+string([]rune("子丑寅卯辰巳午未申酉戌亥甲乙")[i]))
		m.MemberSince, m.TalentPaidThrough, m.ArchivePaidThrough = d(tc.since), d(tc.talent), d(tc.archive)
		noSince(t, f, m)
		if tc.archiveUntil != "" {
			_, err := f.db.db.Exec("UPDATE customers SET archive_until = ? WHERE id = ?", tc.archiveUntil, m.ID)
			must(t, err)
		}
	}
	talent := func(rates ...forms.FeeRate) forms.Fee {
		return forms.Fee{ID: "talent", Name: "人才储备费", Kind: forms.KindFee, Schedule: forms.ScheduleTalent, Table: &forms.FeeTable{Rates: rates}}
	}
	archive := func(rates ...forms.FeeRate) forms.Fee {
		return forms.Fee{ID: "archive", Name: "档案保管费", Kind: forms.KindFee, Schedule: forms.ScheduleArchive, Table: &forms.FeeTable{Rates: rates}}
	}
	for _, tc := range []struct {
		name string
		fees []forms.Fee
	}{
		{"shipped", renewService().Fees},
		{"talent free 2020–2021", []forms.Fee{talent(forms.FeeRate{From: "2010-01-01", Yearly: forms.Yuan(300)}, forms.FeeRate{From: "2020-01-01"},
			forms.FeeRate{From: "2022-01-01", Yearly: forms.Yuan(300)}), renewService().Fees[1]}},
		{"talent free since 2021", []forms.Fee{talent(forms.FeeRate{From: "2010-01-01", Yearly: forms.Yuan(300)}, forms.FeeRate{From: "2021-01-01"}),
			renewService().Fees[1]}},
		{"archive charged again from 2021", []forms.Fee{renewService().Fees[0], archive(forms.FeeRate{From: "2010-01-01", Yearly: forms.Yuan(120)},
			forms.FeeRate{From: "2015-01-01"}, forms.FeeRate{From: "2021-01-01", Yearly: forms.Yuan(60)})}},
		{"archive alone", []forms.Fee{archive(forms.FeeRate{From: "2010-01-01", Yearly: forms.Yuan(120)},
			forms.FeeRate{From: "2015-01-01"}, forms.FeeRate{From: "2021-01-01", Yearly: forms.Yuan(60)})}},
		{"talent alone", []forms.Fee{renewService().Fees[0]}},
	} {
		svc := renewService()
		svc.Fees = tc.fees
		_, err := f.db.SaveServiceVersion(ctx, f.sup, svc)
		must(t, err)
		line, direct, rule := feeLineCount(t, f), directFeeCount(t, f), ruleFeeCount(t, f, svc)
		if line != direct || line != rule || line == 0 {
			t.Errorf("%s: fees line %d, searched from the customers %d, by the rule %d", tc.name, line, direct, rule)
		}
	}
}
