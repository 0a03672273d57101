package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"counterdesk/forms"
)

// Reminders returns the whole station's reminder list on the store's day,
// every line as a supervisor sees it (RemindersFor with a supervisor):
// for benchmarks, tests and tools. A screen shows RemindersFor the
// logged-in user, as follow-up lines are not everyone's to read.
func (db *DB) Reminders(ctx context.Context) (*forms.Reminders, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return reminderList(ctx, tx, nil)
}

// RemindersFor returns the home screen's reminder list for the logged-in
// user a on the store's day (forms.Reminders, sorted by
// forms.ReminderLess with the names in pinyin order, compareNames), in one
// read transaction:
// loss periods that end today or have ended, still waiting to be resolved;
// cases whose papers promised (容缺) are overdue or due within
// forms.PaperSoonDays; deposits held past their card return date, with the
// recorded contact attempts; children not yet registered within
// forms.ChildWarnDays of the one-month limit; one line counting the
// members whose fees are overdue; complaints not yet answered whose first
// answer is due within forms.ComplaintNearDays or late, and follow-up
// calls due within forms.FollowUpNear or late (issue 18). The issue-18
// lines are the user's own: a clerk gets the complaints they own (首接负责制:
// only the owner answers; the 投诉 tab still lists every complaint) and
// the follow-ups they are to call (seed 004: 未经批准不得查阅回访记录; one
// with no caller yet waits for a supervisor); a supervisor gets every
// line. EUNAUTHORIZED when nobody is logged in. Every lookup goes through
// an index of migration 0011 and returns at most forms.ReminderLimit lines
// of a kind (the rest counted in Omitted), so the list costs the same on a
// station with 100,000 members as on a new one.
func (db *DB) RemindersFor(ctx context.Context, a forms.Actor) (*forms.Reminders, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	w, err := actor(ctx, tx, a)
	if err != nil {
		return nil, err
	}
	return reminderList(ctx, tx, w.user)
}

// reminderList reads the reminder list in tx for the user u (nil: every
// line, the whole station's).
func reminderList(ctx context.Context, tx *txn, u *forms.User) (*forms.Reminders, error) {
	today := tx.today()
	out := &forms.Reminders{Day: today}
	mine := func(f func(context.Context, *txn, *forms.Reminders, *forms.User) error) func(context.Context, *txn, *forms.Reminders) error {
		return func(ctx context.Context, tx *txn, out *forms.Reminders) error { return f(ctx, tx, out, u) }
	}
	for _, f := range []func(context.Context, *txn, *forms.Reminders) error{
		lossReminders, paperReminders, depositReminders, childReminders, feeReminder,
		mine(complaintReminders), mine(followUpReminders), // complaint.go, followup.go (issue 18)
	} {
		if err := f(ctx, tx, out); err != nil {
			return nil, err
		}
	}
	// Lines alike but for the customer come in pinyin order of the names.
	forms.SortRemindersByName(out.Items, today, compareNames)
	return out, nil
}

// OverdueMembers returns up to limit of the members whose fees are
// overdue (the ones the reminders' fees line counts), the longest behind
// with the talent-reserve fee first, those alike in pinyin order of their
// names (name_sort, then id), in one read transaction.
func (db *DB) OverdueMembers(ctx context.Context, limit int) ([]forms.Customer, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	terms, err := feeOverdueTerms(ctx, tx)
	if err != nil || len(terms) == 0 {
		return nil, err
	}
	var selects []string
	var args []any
	for _, t := range terms {
		selects = append(selects, "SELECT "+customerCols+", c.name_sort FROM customers c INDEXED BY "+t.index+" WHERE "+t.where)
		args = append(args, t.args...)
	}
	// NULL (never paid) sorts first, as the longest behind. A compound
	// select orders by its result columns only, so each select adds
	// name_sort, which scanCustomerSorted reads past.
	q := strings.Join(selects, " UNION ALL ") + " ORDER BY talent_paid_through, name_sort, id LIMIT ?"
	args = append(args, limit)
	trace(q, args)
	return queryAll(ctx, tx, "customers", scanCustomerSorted, q, args...)
}

// scanCustomerSorted scans customerCols followed by c.name_sort, which it
// drops.
func scanCustomerSorted(row interface{ Scan(...any) error }) (*forms.Customer, error) {
	return scanCustomer(sortedRow{row})
}

// sortedRow is a row with one more column, name_sort, after the ones its
// Scan is given.
type sortedRow struct {
	row interface{ Scan(...any) error }
}

func (r sortedRow) Scan(dest ...any) error {
	var key []byte
	return r.row.Scan(append(dest, &key)...)
}

// traceReminders, when set (by a test), is told every query the reminders
// run, so the test can prove with EXPLAIN QUERY PLAN that each uses an index.
var traceReminders func(query string, args []any)

func trace(query string, args []any) {
	if traceReminders != nil {
		traceReminders(query, slices.Clone(args))
	}
}

// reminderRows is one kind's lookup: the rows (at most ReminderLimit, most
// urgent first) and, when there are more, how many were left out.
// The rows come in the index's own order (its column, then rowid), so the
// search stops after ReminderLimit+1 rows whatever the number that match;
// forms.SortReminders puts the kept lines in the list's order. The count of
// the rest reads the kind's table alone (its joins only add columns).
func reminderRows(ctx context.Context, tx *txn, out *forms.Reminders, what, cols, table, joins, where string,
	scan func(interface{ Scan(...any) error }) (*forms.Reminder, error), order string, args ...any) ([]forms.Reminder, error) {
	q, qargs := "SELECT "+cols+" FROM "+table+" "+joins+" WHERE "+where+" ORDER BY "+order+" LIMIT ?",
		append(slices.Clone(args), forms.ReminderLimit+1)
	trace(q, qargs)
	rs, err := queryAll(ctx, tx, what, scan, q, qargs...)
	if err != nil {
		return nil, err
	}
	if len(rs) > forms.ReminderLimit {
		var n int
		count := "SELECT count(*) FROM " + table + " WHERE " + where
		trace(count, args)
		if err := tx.QueryRowContext(ctx, count, args...).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", what, err)
		}
		out.Omitted += n - forms.ReminderLimit
		rs = rs[:forms.ReminderLimit]
	}
	return rs, nil
}

// lossReminders: declarations pending whose period's last day is today or
// past (index loss_declarations_pending_end).
func lossReminders(ctx context.Context, tx *txn, out *forms.Reminders) error {
	rs, err := reminderRows(ctx, tx, out, "loss reminders",
		`l.end_day, coalesce(l.case_id, ''), coalesce(k.number, ''), s.code, s.name, l.customer_id, l.customer_name, l.number`,
		`loss_declarations l`,
		`JOIN services s ON s.code = l.service_code AND s.version = l.service_version
			LEFT JOIN cases k ON k.id = l.case_id`,
		`l.state = 'pending' AND l.end_day <= ?`,
		func(row interface{ Scan(...any) error }) (*forms.Reminder, error) {
			r := forms.Reminder{Kind: forms.RemindLossPeriod}
			var end string
			if err := row.Scan(&end, &r.CaseID, &r.CaseNumber, &r.ServiceCode, &r.ServiceName, &r.CustomerID, &r.CustomerName, &r.Subject); err != nil {
				return nil, err
			}
			r.Due = parseDate(end)
			return &r, nil
		}, "l.end_day, l.rowid", date(tx.today()))
	out.Items = append(out.Items, rs...)
	return err
}

// paperReminders: cases waiting for papers whose earliest promised date
// (cases.promised_due, kept by the triggers of migration 0011) has passed
// or is within forms.PaperSoonDays (index cases_promised_due). The line
// names the papers promised for that date, from the case's own service
// version.
func paperReminders(ctx context.Context, tx *txn, out *forms.Reminders) error {
	today := tx.today()
	services := map[string]*forms.Service{}
	scan := func(kind forms.ReminderKind) func(row interface{ Scan(...any) error }) (*forms.Reminder, error) {
		return func(row interface{ Scan(...any) error }) (*forms.Reminder, error) {
			r := forms.Reminder{Kind: kind}
			var due, items, code string
			var version int
			if err := row.Scan(&due, &r.CaseID, &r.CaseNumber, &code, &version, &r.ServiceName, &r.CustomerID, &r.CustomerName, &items); err != nil {
				return nil, err
			}
			r.Due, r.ServiceCode = parseDate(due), code
			key := fmt.Sprint(code, "/", version)
			svc, ok := services[key]
			if !ok {
				var err error
				if svc, err = findService(ctx, tx, code, version); err != nil {
					return nil, err
				}
				services[key] = svc
			}
			r.Papers = promisedOn(svc, items, due)
			return &r, nil
		}
	}
	const cols = `k.promised_due, k.id, k.number, k.service_code, k.service_version, s.name, k.customer_id, c.name, k.items`
	const joins = `JOIN services s ON s.code = k.service_code AND s.version = k.service_version
		JOIN customers c ON c.id = k.customer_id`
	const where = `k.status = 'waiting' AND k.promised_due IS NOT NULL AND `
	overdue, err := reminderRows(ctx, tx, out, "overdue papers", cols, "cases k", joins, where+"k.promised_due < ?",
		scan(forms.RemindPaperOverdue), "k.promised_due, k.rowid", date(today))
	if err != nil {
		return err
	}
	soon, err := reminderRows(ctx, tx, out, "papers due soon", cols, "cases k", joins, where+"k.promised_due BETWEEN ? AND ?",
		scan(forms.RemindPaperSoon), "k.promised_due, k.rowid", date(today), date(today.AddDate(0, 0, forms.PaperSoonDays)))
	out.Items = append(append(out.Items, overdue...), soon...)
	return err
}

// promisedOn returns the names of the papers of the case's items (JSON)
// deferred to the day (YYYY-MM-DD), in the service's order.
func promisedOn(svc *forms.Service, items, day string) []string {
	var its map[string]forms.ItemState
	if err := json.Unmarshal([]byte(items), &its); err != nil {
		return nil
	}
	var names []string
	for _, r := range svc.Requirements {
		st, ok := its[r.ID]
		if ok && st.Status == forms.ItemDeferred && forms.FormatDate(forms.Day(st.PromisedBy)) == day {
			names = append(names, r.Name)
		}
	}
	return names
}

// depositReminders: deposits held whose card return date is before today
// (index deposits_held_return), with their recorded contact attempts
// (index contact_attempts_deposit).
func depositReminders(ctx context.Context, tx *txn, out *forms.Reminders) error {
	rs, err := reminderRows(ctx, tx, out, "deposit reminders",
		`d.return_due, d.case_id, k.number, s.code, s.name, d.customer_id, c.name, r.number, d.amount,
			(SELECT count(*) FROM contact_attempts a WHERE a.deposit_id = d.id)`,
		`deposits d`,
		`JOIN cases k ON k.id = d.case_id
			JOIN services s ON s.code = k.service_code AND s.version = k.service_version
			JOIN customers c ON c.id = d.customer_id
			JOIN receipts r ON r.id = d.receipt_id`,
		`d.state = 'held' AND d.return_due IS NOT NULL AND d.return_due < ?`,
		func(row interface{ Scan(...any) error }) (*forms.Reminder, error) {
			r := forms.Reminder{Kind: forms.RemindDepositOverdue}
			var due string
			if err := row.Scan(&due, &r.CaseID, &r.CaseNumber, &r.ServiceCode, &r.ServiceName, &r.CustomerID, &r.CustomerName,
				&r.Subject, &r.Amount, &r.Contacted); err != nil {
				return nil, err
			}
			r.Due = parseDate(due)
			return &r, nil
		}, "d.return_due, d.rowid", date(tx.today()))
	out.Items = append(out.Items, rs...)
	return err
}

// childReminders: children not yet registered (no ID number, linked to a
// parent) whose one-month limit is today or within forms.ChildWarnDays
// (index customers_child_birth over forms.ChildBirthRange), while no case
// of a service that registers a child (catalogue data: on_complete.child,
// any version) is open or completed for the parent with the child's birth
// date as its answer. That case is looked for among the parent's own cases
// of those services (index cases_customer_service): searched by service
// alone, it read every registering case's answers for each child, about a
// second on a station with 300,000 cases. The line opens the parent, who
// registers the child.
func childReminders(ctx context.Context, tx *txn, out *forms.Reminders) error {
	regs, err := childRegistrations(ctx, tx)
	if err != nil {
		return err
	}
	first, last := forms.ChildBirthRange(tx.today())
	args := []any{date(first), date(last)}
	var notRegistered string
	if len(regs) > 0 {
		var ors []string
		for _, r := range regs {
			ors = append(ors, "(k.service_code = ? AND json_extract(k.answers, ?) = ch.birth)")
			args = append(args, r.code, `$."`+r.birth+`"`)
		}
		notRegistered = ` AND NOT EXISTS (SELECT 1 FROM cases k INDEXED BY cases_customer_service WHERE k.customer_id = ch.parent_id
			AND k.status <> 'cancelled' AND (` + strings.Join(ors, " OR ") + `))`
	}
	rs, err := reminderRows(ctx, tx, out, "child reminders",
		`ch.birth, p.id, p.name, ch.name`,
		`customers ch INDEXED BY customers_child_birth`, `JOIN customers p ON p.id = ch.parent_id`,
		`ch.parent_id IS NOT NULL AND ch.id_number IS NULL AND ch.birth BETWEEN ? AND ?`+notRegistered,
		func(row interface{ Scan(...any) error }) (*forms.Reminder, error) {
			r := forms.Reminder{Kind: forms.RemindChildLimit}
			var birth string
			if err := row.Scan(&birth, &r.CustomerID, &r.CustomerName, &r.Subject); err != nil {
				return nil, err
			}
			r.Due = forms.OneMonthAfter(parseDate(birth))
			return &r, nil
		}, "ch.birth, ch.rowid", args...)
	out.Items = append(out.Items, rs...)
	return err
}

type childRegistration struct{ code, birth string }

// childRegistrations returns, for every version of every service that
// registers a child, its code and the ID of its birth-date question.
func childRegistrations(ctx context.Context, tx *txn) ([]childRegistration, error) {
	rows, err := tx.QueryContext(ctx, `SELECT json FROM services WHERE json_extract(json, '$.on_complete.child') IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("query child services: %w", err)
	}
	defer rows.Close()
	var out []childRegistration
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, fmt.Errorf("scan service: %w", err)
		}
		var s forms.Service
		if err := json.Unmarshal([]byte(data), &s); err != nil {
			return nil, fmt.Errorf("decode service: %w", err)
		}
		if q := s.ChildQuestion(); q != nil && q.Birth != "" && !strings.Contains(q.Birth, `"`) {
			r := childRegistration{s.Code, q.Birth}
			if !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	return out, rows.Err()
}

// feeReminder adds the one line counting the members whose fees are
// overdue, when there are any. The count comes from the tallies of
// migration 0019 (feeOverdueCount), never from the members themselves.
func feeReminder(ctx context.Context, tx *txn, out *forms.Reminders) error {
	q, args, err := feeOverdueCount(ctx, tx)
	if err != nil || q == "" {
		return err
	}
	trace(q, args)
	var n int
	if err := tx.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return fmt.Errorf("count overdue members: %w", err)
	}
	if n > 0 {
		out.Items = append(out.Items, forms.Reminder{Kind: forms.RemindFeesOverdue, Count: n})
	}
	return nil
}

// feeOverdueCount returns the query (and its arguments) counting the
// current members behind with a fee of the catalogue's fee tables on the
// store's day — the members feeOverdueTerms describes, each once — from
// the tallies of migration 0019, or "" when no service renews fees from a
// table. A member's base for a fee (forms.FeeAccount.Base: the later of the
// paid-through date and the day before member-since; empty for neither) is
// kept in the tallies, and a member is behind with a fee when the base is
// before the end of one of its charged spans (forms.FeeTable.ChargedSpans)
// and, for a fee that stops (the archive's, at archive_until; empty when it
// has not), the span starts by that day and the base is before it.
//
// The first fee (talent-reserve) is one range of fee_talent_tally, one row
// a date (about 4,400 at 850,000 members). Each later fee counts the rows
// of fee_base_tally (the members by both bases and archive_until together)
// behind with it and with none before it; when the first fee has no stop
// day, those rows are the two ranges of its base that are not behind with
// it (empty, and from its last charged day on: a few rows, as nearly every
// member owes today's talent-reserve fee), so no count reads every row.
func feeOverdueCount(ctx context.Context, tx *txn) (string, []any, error) {
	tables, err := feeTables(ctx, tx)
	if err != nil {
		return "", nil, err
	}
	type fee struct {
		behind func(base, end string) (string, []any) // on the tally's columns
		base   string                                 // the fee's base column of fee_base_tally
		end    string                                 // its stop-day column, "" when none
		last   any                                    // the last charged day, when there is no stop day
	}
	var fees []fee
	for _, sched := range feeSchedules(tables) {
		cols, ok := feeColumns[sched]
		spans := tables[sched].ChargedSpans(tx.today())
		if !ok || len(spans) == 0 {
			continue
		}
		f := fee{base: cols.tallyBase, end: cols.tallyEnd}
		if f.end == "" {
			// The spans come in date order: behind with any is behind
			// with the last, the latest.
			f.last = date(spans[len(spans)-1].To)
			f.behind = func(base, _ string) (string, []any) {
				return base + " > '' AND " + base + " < ?", []any{f.last}
			}
		} else {
			f.behind = func(base, end string) (string, []any) {
				var ors []string
				var args []any
				for _, sp := range spans {
					from := ""
					if !sp.From.IsZero() {
						from = forms.FormatDate(sp.From)
					}
					ors = append(ors, "("+base+" < ? AND ("+end+" = '' OR ("+end+" >= ? AND "+base+" < "+end+")))")
					args = append(args, date(sp.To), from)
				}
				return base + " > '' AND (" + strings.Join(ors, " OR ") + ")", args
			}
		}
		fees = append(fees, f)
	}
	if len(fees) == 0 {
		return "", nil, nil
	}
	var counts []string
	var args []any
	sum := func(table, where string, a []any) {
		counts = append(counts, "(SELECT coalesce(sum(t.members), 0) FROM "+table+" t WHERE "+where+")")
		args = append(args, a...)
	}
	first := fees[0]
	if first.base == feeColumns[forms.ScheduleTalent].tallyBase {
		where, a := first.behind("t.base", "")
		sum("fee_talent_tally", where, a)
	} else {
		where, a := first.behind("t."+first.base, "t."+first.end)
		sum("fee_base_tally", where, a)
	}
	for i, f := range fees[1:] {
		where, a := f.behind("t."+f.base, "t."+f.end)
		for _, before := range fees[1 : i+1] {
			w, b := before.behind("t."+before.base, "t."+before.end)
			where += " AND NOT (" + w + ")"
			a = append(a, b...)
		}
		if first.end != "" {
			w, b := first.behind("t."+first.base, "t."+first.end)
			sum("fee_base_tally", where+" AND NOT ("+w+")", append(a, b...))
			continue
		}
		// Not behind with the first fee: no base, or a base from its
		// last charged day on.
		sum("fee_base_tally", "t."+first.base+" = '' AND "+where, a)
		sum("fee_base_tally", "t."+first.base+" >= ? AND "+where, append([]any{first.last}, a...))
	}
	return "SELECT " + strings.Join(counts, " + "), args, nil
}

// feeSchedules returns the schedules of the fee tables, talent-reserve
// first (it is owed by nearly everyone behind).
func feeSchedules(tables map[string]*forms.FeeTable) []string {
	schedules := make([]string, 0, len(tables))
	for s := range tables {
		schedules = append(schedules, s)
	}
	slices.Sort(schedules)
	slices.Reverse(schedules)
	return schedules
}

// feeColumns are the customer columns of each fee schedule: the
// paid-through date, and the day the fee stops accruing for a member who
// is still one ("" when only leaving stops it; forms.Account); the index
// of the current members by that date (migration 0011); and the columns of
// fee_base_tally (migration 0019) holding the members' base for the fee
// and the day it stops ("" when none).
var feeColumns = map[string]struct{ paid, end, index, tallyBase, tallyEnd string }{
	forms.ScheduleTalent:  {"c.talent_paid_through", "", "customers_talent_due", "talent_base", ""},
	forms.ScheduleArchive: {"c.archive_paid_through", "c.archive_until", "customers_archive_due", "archive_base", "archive_until"},
}

// feeTerm is the condition (on customers c) of one group of the members
// behind with their fees, and its arguments.
type feeTerm struct {
	index string // the index it searches (INDEXED BY: never a scan of the members)
	where string
	args  []any
}

// feeOverdueTerms returns the members behind with a fee of the catalogue's
// fee tables on the store's day as disjoint conditions (on customers c):
// for each fee, those never paid and those paid through a day before the
// last charged one, each behind with this fee and with none before it.
// Counting or listing each and adding them up gives every such member once;
// each is one search of its fee's index (customers_talent_due,
// customers_archive_due: NULL, or a range), and reads only columns the
// index holds. OverdueMembers lists them; the fees line counts the same
// members from the tallies instead (feeOverdueCount), and the tests
// compare the two. None when no service renews fees from a table.
//
// A condition is forms.FeeTable.OverdueSince in SQL: with base the later of
// the paid-through date and the day before member-since
// (forms.FeeAccount.Base; no base, nothing owed), a current member is
// behind when, for a charged span [from, to] of the table
// (forms.FeeTable.ChargedSpans), base < to, and, where the fee stops at a
// day E, from <= E and base < E. base < to is paid < to (when paid) and
// member-since <= to (when known).
func feeOverdueTerms(ctx context.Context, tx *txn) ([]feeTerm, error) {
	tables, err := feeTables(ctx, tx)
	if err != nil {
		return nil, err
	}
	schedules := feeSchedules(tables)
	const since = "c.member_since"
	var behind []feeTerm // behind with each fee, alone: never paid OR paid too short
	var branches [][]feeTerm
	for _, sched := range schedules {
		cols, ok := feeColumns[sched]
		spans := tables[sched].ChargedSpans(tx.today())
		if !ok || len(spans) == 0 {
			continue
		}
		paid := cols.paid
		// span returns base < to (and the stop day's rule) for a member
		// never paid (base: the day before member-since) or paid.
		span := func(sp forms.DaySpan, never bool) (string, []any) {
			to := date(sp.To)
			var cond string
			var args []any
			if never {
				cond, args = since+" <= ?", []any{to}
			} else {
				cond, args = paid+" < ? AND ("+since+" IS NULL OR "+since+" <= ?)", []any{to, to}
			}
			if cols.end != "" {
				from := ""
				if !sp.From.IsZero() {
					from = forms.FormatDate(sp.From)
				}
				base := since + " <= " + cols.end
				if !never {
					base = paid + " < " + cols.end + " AND (" + since + " IS NULL OR " + since + " <= " + cols.end + ")"
				}
				cond += " AND (" + cols.end + " IS NULL OR (" + cols.end + " >= ? AND " + base + "))"
				args = append(args, from)
			}
			return "(" + cond + ")", args
		}
		var pair []feeTerm
		for _, never := range []bool{true, false} {
			var ors []string
			var args []any
			for _, sp := range spans {
				c, a := span(sp, never)
				ors = append(ors, c)
				args = append(args, a...)
			}
			head := paid + " IS NULL AND " + since + " IS NOT NULL"
			var headArgs []any
			if !never {
				head, headArgs = paid+" < ?", []any{date(spans[len(spans)-1].To)}
			}
			term := feeTerm{index: cols.index, where: "(" + head + " AND (" + strings.Join(ors, " OR ") + "))",
				args: append(headArgs, args...)}
			pair = append(pair, term)
		}
		branches = append(branches, pair)
		behind = append(behind, feeTerm{where: "(" + pair[0].where + " OR " + pair[1].where + ")",
			args: append(slices.Clone(pair[0].args), pair[1].args...)})
	}
	var out []feeTerm
	for i, pair := range branches {
		for _, b := range pair {
			t := feeTerm{index: b.index, where: "c.member = 1 AND c.member_until IS NULL AND c.parent_id IS NULL AND " + b.where, args: slices.Clone(b.args)}
			for _, before := range behind[:i] {
				t.where += " AND NOT coalesce(" + before.where + ", 0)"
				t.args = append(t.args, before.args...)
			}
			out = append(out, t)
		}
	}
	return out, nil
}

// feeTables returns the fee table of each schedule, from the current
// versions of the services that renew fees (the first service, in the
// catalogue's order, that has a table for it).
func feeTables(ctx context.Context, tx *txn) (map[string]*forms.FeeTable, error) {
	rows, err := tx.QueryContext(ctx, `SELECT s.json FROM services s
		WHERE s.version = (SELECT max(version) FROM services WHERE code = s.code)
			AND EXISTS (SELECT 1 FROM json_each(s.json, '$.fees') f WHERE json_extract(f.value, '$.schedule') IS NOT NULL)
		ORDER BY s.position, s.code`)
	if err != nil {
		return nil, fmt.Errorf("query fee services: %w", err)
	}
	defer rows.Close()
	out := map[string]*forms.FeeTable{}
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, fmt.Errorf("scan service: %w", err)
		}
		var s forms.Service
		if err := json.Unmarshal([]byte(data), &s); err != nil {
			return nil, fmt.Errorf("decode service: %w", err)
		}
		for _, f := range s.Fees {
			if f.Schedule != "" && f.Table != nil && out[f.Schedule] == nil {
				out[f.Schedule] = f.Table
			}
		}
	}
	return out, rows.Err()
}

// complaintReminders: open complaints not yet answered whose due day is
// within forms.ComplaintNearDays or past (index complaints_open_due), for
// the user u: those u owns, every one for a supervisor or u nil.
func complaintReminders(ctx context.Context, tx *txn, out *forms.Reminders, u *forms.User) error {
	where, args := `p.closed_at IS NULL AND p.answered_at IS NULL AND p.due_day <= ?`,
		[]any{date(tx.today().AddDate(0, 0, forms.ComplaintNearDays))}
	if u != nil && !u.IsSupervisor() {
		where += ` AND p.owner_id = ?`
		args = append(args, u.ID)
	}
	rs, err := reminderRows(ctx, tx, out, "complaint reminders",
		`p.due_day, coalesce(p.case_id, ''), coalesce(k.number, ''), coalesce(k.service_code, ''), coalesce(s.name, ''),
			coalesce(p.customer_id, ''), coalesce(c.name, p.caller_name), p.number, p.id, u.name, p.channel`,
		`complaints p`,
		`JOIN users u ON u.id = p.owner_id
			LEFT JOIN customers c ON c.id = p.customer_id
			LEFT JOIN cases k ON k.id = p.case_id
			LEFT JOIN services s ON s.code = k.service_code AND s.version = k.service_version`,
		where,
		func(row interface{ Scan(...any) error }) (*forms.Reminder, error) {
			r := forms.Reminder{Kind: forms.RemindComplaintDue}
			var due, channel string
			if err := row.Scan(&due, &r.CaseID, &r.CaseNumber, &r.ServiceCode, &r.ServiceName, &r.CustomerID,
				&r.CustomerName, &r.Subject, &r.RecordID, &r.Person, &channel); err != nil {
				return nil, err
			}
			if r.CustomerName == "" {
				// Named by the channel as the detail names it (issue 18b
				// C4: a letter's writer is no 匿名来电).
				r.CustomerName = forms.ComplaintChannel(channel).AnonymousLabel()
			}
			r.Due = parseDate(due)
			return &r, nil
		}, "p.due_day, p.number", args...)
	out.Items = append(out.Items, rs...)
	return err
}

// followUpReminders: follow-up calls still to be made that are due within
// forms.FollowUpNear or late (index follow_ups_due), for the user u: the
// calls u is to make, every one for a supervisor or u nil (one with no
// caller yet is a supervisor's to assign). A clerk never gets another's
// line: the customer's name and the caller are the follow-up record's,
// read only by supervisors and the caller (forms.FollowUp.CanRead).
func followUpReminders(ctx context.Context, tx *txn, out *forms.Reminders, u *forms.User) error {
	where, args := `f.state IN ('open', 'callback') AND f.due_at <= ?`, []any{ts(tx.now.Add(forms.FollowUpNear))}
	if u != nil && !u.IsSupervisor() {
		where += ` AND f.caller_id = ?`
		args = append(args, u.ID)
	}
	rs, err := reminderRows(ctx, tx, out, "follow-up reminders",
		`f.due_at, f.source, coalesce(f.case_id, ''), coalesce(k.number, ''), coalesce(k.service_code, ''),
			coalesce(s.name, ''), coalesce(f.customer_id, ''), f.customer_name, f.id, coalesce(u.name, '')`,
		`follow_ups f`,
		`LEFT JOIN users u ON u.id = f.caller_id
			LEFT JOIN cases k ON k.id = f.case_id
			LEFT JOIN services s ON s.code = k.service_code AND s.version = k.service_version`,
		where,
		func(row interface{ Scan(...any) error }) (*forms.Reminder, error) {
			r := forms.Reminder{Kind: forms.RemindFollowUpDue}
			var due, src string
			if err := row.Scan(&due, &src, &r.CaseID, &r.CaseNumber, &r.ServiceCode, &r.ServiceName, &r.CustomerID,
				&r.CustomerName, &r.RecordID, &r.Person); err != nil {
				return nil, err
			}
			r.Due, r.Subject = forms.Day(parseTS(due)), forms.FollowUpSource(src).Label()
			return &r, nil
		}, "f.due_at, f.rowid", args...)
	out.Items = append(out.Items, rs...)
	return err
}
