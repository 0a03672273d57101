package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"counterdesk/forms"
)

// The month report of head office (hqdesk report): per branch and station,
// what the branch's own month report and day-end reports show, read from
// the rows the stations exported, plus what only head office knows (gaps
// in a station's export numbers, the last import).
//
// Which date counts (the month is [MonthStart, MonthEnd) of forms: local
// midnight of the 1st to local midnight of the next 1st, in the time zone
// of the computer running hqdesk, which must be the branches' zone,
// Asia/Shanghai; stations store timestamps as fixed-width UTC text, so the
// bounds are formatted the same way and compared as text, which sorts as
// time on SQLite and PostgreSQL alike and can use an index):
//
//   - a case counts as 新建 in the month of created_at, 受理 of accepted_at,
//     办结 of completed_at, and 取消 of its updated_at when its status is
//     cancelled (a cancelled case is never changed again); one case may
//     count in several columns of one month (opened and completed). Cases
//     entered from paper (legacy = 1) are not counted: they are no work of
//     the month;
//   - receipts, fees by kind and deposits taken are forms.ComputeTotals of
//     the receipts issued in the month (issued_at) and the deposits closed
//     in it (closed_at): the branch's day-end report's own computation, so
//     head office's figures equal the branch's 月报. A receipt voided later
//     counts as voided in the month it was issued (as on the branch); the
//     receipts voided in the month but issued before it are shown apart
//     (往月收据本月作废);
//   - deposits held at month end: taken before MonthEnd, not voided, and
//     still held or closed (refunded, forfeited) at or after MonthEnd — the
//     branch's heldAt rule, paper-era deposits included;
//   - members in and out: membership_events by their day (a local
//     calendar date, compared as 'YYYY-MM-DD' text);
//   - members with overdue fees at month end: members on the month's last
//     day (today for the running month) in their own right
//     (forms.Customer.OwesFees) behind with a fee of the station's fee
//     tables (the services that renew fees, the version current at month
//     end) by forms.FeeTable.OverdueSince — the branch's reminder rule,
//     evaluated through forms.FeeTable.ChargedSpans as the branch does. A
//     member's paid-through date at month end is the paid_before of the
//     first renewal after it (its receipt not voided), else the date now.
//
// Rows with _deleted set are ignored everywhere. Training stations
// (hq_stations.training) are left out of every total and listed apart.
//
// Gaps and the last import are the state of hq_imports now, whatever the
// month: export numbers run 1, 2, 3… per station key (gen), and a gap is a
// number below the highest imported one of that key that was never
// imported.

// HQMonth is the head-office report of one month.
type HQMonth struct {
	Year  int
	Month time.Month
	// AsOf is the day the month-end figures stand on: the month's last
	// day, or today for the running month.
	AsOf time.Time
	// Stations are the real stations, by branch then station number;
	// Training the training stations, in the same order.
	Stations []*StationMonth
	Training []*StationMonth
	MadeAt   time.Time
}

// StationMonth is one station's month. Money is in fen.
type StationMonth struct {
	Branch   string
	Station  int
	Training bool

	// Cases by service code, in code order.
	Cases []CaseCount

	// Totals are the day-end report's figures of the month
	// (forms.ComputeTotals): receipts, voids, fees by kind, deposits taken,
	// refunded, forfeited.
	Totals forms.Totals
	// VoidedLater and VoidedLaterAmount are the receipts issued before the
	// month and voided in it.
	VoidedLater       int
	VoidedLaterAmount forms.Money
	// Refunds and Forfeits count the deposits refunded and forfeited in
	// the month (Totals holds their amounts).
	Refunds, Forfeits int
	// Held and HeldAmount are the deposits held at month end.
	Held       int
	HeldAmount forms.Money

	Joined, Left, ArchiveLeft int // membership_events of the month
	Overdue                   int // members behind with fees at AsOf

	// Exports are the station's import state, one per key generation.
	Exports []ExportState
	// Last is the last import of the station (any generation); nil when
	// none.
	Last *ImportRow

	// Service is the month's complaints, follow-ups and ratings
	// (report_service.go).
	Service ServiceCounts
}

// CaseCount is the cases of one service at one station in the month.
type CaseCount struct {
	Service                                string // code
	Name                                   string // the name of its highest version
	Opened, Accepted, Completed, Cancelled int
}

// ExportState is what head office holds of one station key's exports:
// the highest number imported and the numbers below it never imported.
type ExportState struct {
	Gen     int
	Highest int64
	Missing []int64
}

// ImportRow is one import of hq_imports.
type ImportRow struct {
	Gen        int
	Number     int64
	ImportedAt string
	FileName   string
}

// Issued returns the receipts issued in the month, valid and voided.
func (s *StationMonth) Issued() (int, forms.Money) {
	return s.Totals.Receipts + s.Totals.Voided, s.Totals.TotalReceived() + s.Totals.VoidedAt
}

// Gaps returns every missing export number of the station, all
// generations, as text: "2、5–7" ("第2代：3" for a later key).
func (s *StationMonth) Gaps() string {
	var parts []string
	for _, e := range s.Exports {
		if len(e.Missing) == 0 {
			continue
		}
		t := numberRanges(e.Missing)
		if e.Gen > 1 {
			t = fmt.Sprintf("第%d代密钥：%s", e.Gen, t)
		}
		parts = append(parts, t)
	}
	return strings.Join(parts, "；")
}

// MissingCount returns how many export numbers are missing, all keys.
func (s *StationMonth) MissingCount() int {
	n := 0
	for _, e := range s.Exports {
		n += len(e.Missing)
	}
	return n
}

// numberRanges writes ascending numbers as ranges: 2、5–7.
func numberRanges(ns []int64) string {
	var b strings.Builder
	for i := 0; i < len(ns); {
		j := i
		for j+1 < len(ns) && ns[j+1] == ns[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteString("、")
		}
		if j == i {
			fmt.Fprintf(&b, "%d", ns[i])
		} else {
			fmt.Fprintf(&b, "%d–%d", ns[i], ns[j])
		}
		i = j + 1
	}
	return b.String()
}

// Sum returns the stations added together (a branch, or all branches):
// Branch and Station are left empty, Cases summed by service, Exports
// and Last left out.
func Sum(ss []*StationMonth) *StationMonth {
	t := &StationMonth{Totals: forms.NewTotals()}
	cases := map[string]*CaseCount{}
	for _, s := range ss {
		t.Totals.Add(s.Totals)
		t.VoidedLater += s.VoidedLater
		t.VoidedLaterAmount += s.VoidedLaterAmount
		t.Refunds += s.Refunds
		t.Forfeits += s.Forfeits
		t.Held += s.Held
		t.HeldAmount += s.HeldAmount
		t.Joined += s.Joined
		t.Left += s.Left
		t.ArchiveLeft += s.ArchiveLeft
		t.Overdue += s.Overdue
		t.Service.add(s.Service)
		for _, c := range s.Cases {
			x := cases[c.Service]
			if x == nil {
				x = &CaseCount{Service: c.Service, Name: c.Name}
				cases[c.Service] = x
			}
			x.Opened += c.Opened
			x.Accepted += c.Accepted
			x.Completed += c.Completed
			x.Cancelled += c.Cancelled
		}
	}
	for _, c := range cases {
		t.Cases = append(t.Cases, *c)
	}
	sort.Slice(t.Cases, func(i, j int) bool { return t.Cases[i].Service < t.Cases[j].Service })
	return t
}

// CaseTotals returns the station's cases of all services.
func (s *StationMonth) CaseTotals() CaseCount {
	var t CaseCount
	for _, c := range s.Cases {
		t.Opened += c.Opened
		t.Accepted += c.Accepted
		t.Completed += c.Completed
		t.Cancelled += c.Cancelled
	}
	return t
}

// Branches returns the real stations grouped by branch, in order.
func (r *HQMonth) Branches() [][]*StationMonth {
	var out [][]*StationMonth
	for _, s := range r.Stations {
		if n := len(out); n > 0 && out[n-1][0].Branch == s.Branch {
			out[n-1] = append(out[n-1], s)
			continue
		}
		out = append(out, []*StationMonth{s})
	}
	return out
}

// Label returns the month as 2026年11月.
func (r *HQMonth) Label() string { return forms.MonthLabel(r.Year, r.Month) }

// ParseReportMonth reads --month: 2026-11 (also 2026-1, 2026/11,
// 2026年11月). A wrong value is EINVALID with a Chinese message naming the
// form; a month not begun on today is refused by forms.CheckMonth.
func ParseReportMonth(s string, today time.Time) (int, time.Month, error) {
	t := strings.TrimSpace(forms.Normalize(s))
	t = strings.NewReplacer("/", "-", ".", "-", "年", "-", "月", "").Replace(t)
	var y, m int
	var rest string
	if n, _ := fmt.Sscanf(t+" x", "%d-%d %s", &y, &m, &rest); n != 3 || rest != "x" || t == "" {
		return 0, 0, forms.Errorf(forms.EINVALID, "月份“%s”格式不正确：请按 2026-11 的格式填写 --month（四位年份、短横线、月份）", s)
	}
	if err := forms.CheckMonth(y, time.Month(m), today); err != nil {
		return 0, 0, err
	}
	return y, time.Month(m), nil
}

// tsText formats an instant as the stations store timestamps: UTC, fixed
// width (store's tsLayout), so text order is time order.
func tsText(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000000Z07:00") }

// parseTSText reads a stored timestamp; "" or a bad one is the zero time.
func parseTSText(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t.Local()
}

// parseDateText reads a stored 'YYYY-MM-DD' date as local midnight; ""
// or a bad one is the zero time.
func parseDateText(s string) time.Time {
	t, err := time.ParseInLocation(forms.DateLayout, s, time.Local)
	if err != nil {
		return time.Time{}
	}
	return t
}

// stationKey identifies a station at head office.
type stationKey struct {
	branch  string
	station int
}

// reportQuerier runs the report's queries on head office's database
// (hqDB: SQL written once with ? placeholders, either engine).
type reportQuerier struct{ db querier }

// live is the condition that a row of alias a is not a deletion: a
// deleted row is kept at head office with _deleted = 1 and never counted.
func (reportQuerier) live(a string) string { return a + "._deleted = 0" }

func (q reportQuerier) query(ctx context.Context, what, query string, args []any, each func(hqRows) error) error {
	rows, err := q.db.Query(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("report %s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows); err != nil {
			return fmt.Errorf("report %s: %w", what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("report %s: %w", what, err)
	}
	return nil
}

// monthReport computes the month's report from head office's database on
// the day today (the running month stands on today). It reads one query
// per figure, grouped by station, never row by row per station.
func monthReport(ctx context.Context, q reportQuerier, year int, month time.Month, today time.Time) (*HQMonth, error) {
	if err := forms.CheckMonth(year, month, today); err != nil {
		return nil, err
	}
	r := &HQMonth{Year: year, Month: month, AsOf: forms.MonthLastDay(year, month), MadeAt: today}
	if d := forms.Day(today); d.Before(r.AsOf) {
		r.AsOf = d
	}
	start, end := forms.MonthStart(year, month), forms.MonthEnd(year, month)
	f, t := tsText(start), tsText(end)
	df, dt := start.Format(forms.DateLayout), end.Format(forms.DateLayout)

	all := map[stationKey]*StationMonth{}
	get := func(b string, s int) *StationMonth {
		k := stationKey{b, s}
		x := all[k]
		if x == nil {
			x = &StationMonth{Branch: b, Station: s, Totals: forms.NewTotals()}
			all[k] = x
		}
		return x
	}
	// The registered stations, each listed even without a row this month.
	if err := q.query(ctx, "stations", `SELECT branch, station, training FROM hq_stations`, nil, func(rows hqRows) error {
		var b string
		var s int
		var tr int
		if err := rows.Scan(&b, &s, &tr); err != nil {
			return err
		}
		x := get(b, s)
		x.Training = x.Training || tr != 0
		return nil
	}); err != nil {
		return nil, err
	}

	if err := reportCases(ctx, q, get, f, t); err != nil {
		return nil, err
	}
	if err := reportMoney(ctx, q, get, start, end, f, t); err != nil {
		return nil, err
	}
	if err := reportDeposits(ctx, q, get, t); err != nil {
		return nil, err
	}
	if err := q.query(ctx, "membership", `SELECT e.branch, e.station, e.kind, count(*) FROM membership_events e
		WHERE e.day >= ? AND e.day < ? AND `+q.live("e")+` GROUP BY e.branch, e.station, e.kind`,
		[]any{df, dt}, func(rows hqRows) error {
			var b, kind string
			var s, n int
			if err := rows.Scan(&b, &s, &kind, &n); err != nil {
				return err
			}
			x := get(b, s)
			switch forms.MembershipEventKind(kind) {
			case forms.EventJoin:
				x.Joined += n
			case forms.EventLeave:
				x.Left += n
			case forms.EventArchiveLeave:
				x.ArchiveLeft += n
			}
			return nil
		}); err != nil {
		return nil, err
	}
	if err := reportOverdue(ctx, q, get, r.AsOf, t); err != nil {
		return nil, err
	}
	if err := reportImports(ctx, q, get); err != nil {
		return nil, err
	}
	if err := reportService(ctx, q, get, start, end, r.AsOf); err != nil {
		return nil, err
	}

	for _, x := range all {
		if x.Training {
			r.Training = append(r.Training, x)
		} else {
			r.Stations = append(r.Stations, x)
		}
	}
	for _, l := range [][]*StationMonth{r.Stations, r.Training} {
		sort.Slice(l, func(i, j int) bool {
			if l[i].Branch != l[j].Branch {
				return l[i].Branch < l[j].Branch
			}
			return l[i].Station < l[j].Station
		})
	}
	return r, nil
}

// reportCases counts the month's cases by station, service and column
// (see the package comment for the date each column counts by), and names
// each service after its highest version at the station.
func reportCases(ctx context.Context, q reportQuerier, get func(string, int) *StationMonth, f, t string) error {
	type key struct {
		st   stationKey
		code string
	}
	counts := map[key]*CaseCount{}
	// One range per column, each on its own date column (an index each at
	// head office, see reportIndexes).
	cols := []struct {
		col, cond string
		add       func(*CaseCount, int)
	}{
		{"created_at", "", func(c *CaseCount, n int) { c.Opened += n }},
		{"accepted_at", "", func(c *CaseCount, n int) { c.Accepted += n }},
		{"completed_at", " AND k.status = 'completed'", func(c *CaseCount, n int) { c.Completed += n }},
		{"updated_at", " AND k.status = 'cancelled'", func(c *CaseCount, n int) { c.Cancelled += n }},
	}
	for _, c := range cols {
		err := q.query(ctx, "cases", `SELECT k.branch, k.station, k.service_code, count(*) FROM cases k
			WHERE k.`+c.col+` >= ? AND k.`+c.col+` < ? AND k.legacy = 0`+c.cond+` AND `+q.live("k")+`
			GROUP BY k.branch, k.station, k.service_code`, []any{f, t}, func(rows hqRows) error {
			var b, code string
			var s, n int
			if err := rows.Scan(&b, &s, &code, &n); err != nil {
				return err
			}
			k := key{stationKey{b, s}, code}
			x := counts[k]
			if x == nil {
				x = &CaseCount{Service: code}
				counts[k] = x
			}
			c.add(x, n)
			return nil
		})
		if err != nil {
			return err
		}
	}
	names := map[key]string{}
	versions := map[key]int{}
	if err := q.query(ctx, "service names", `SELECT s.branch, s.station, s.code, s.version, s.name FROM services s
		WHERE `+q.live("s"), nil, func(rows hqRows) error {
		var b, code, name string
		var s, v int
		if err := rows.Scan(&b, &s, &code, &v, &name); err != nil {
			return err
		}
		k := key{stationKey{b, s}, code}
		if v >= versions[k] {
			versions[k], names[k] = v, name
		}
		return nil
	}); err != nil {
		return err
	}
	for k, c := range counts {
		c.Name = names[k]
		if c.Name == "" {
			c.Name = c.Service
		}
		x := get(k.st.branch, k.st.station)
		x.Cases = append(x.Cases, *c)
	}
	return nil
}

// reportMoney computes each station's Totals with forms.ComputeTotals from
// the receipts issued in the month and the deposits closed in it, and
// the receipts of earlier months voided in it.
func reportMoney(ctx context.Context, q reportQuerier, get func(string, int) *StationMonth, start, end time.Time, f, t string) error {
	receipts := map[stationKey][]forms.Receipt{}
	if err := q.query(ctx, "receipts", `SELECT r.branch, r.station, r.id, r.lines, r.total, r.method, r.issued_at, r.voided, r.legacy
		FROM receipts r WHERE r.issued_at >= ? AND r.issued_at < ? AND `+q.live("r")+`
		ORDER BY r.issued_at, r.id`, []any{f, t}, func(rows hqRows) error {
		var b, id, lines, method, issued string
		var s int
		var total int64
		var voided, legacy int
		if err := rows.Scan(&b, &s, &id, &lines, &total, &method, &issued, &voided, &legacy); err != nil {
			return err
		}
		x := forms.Receipt{ID: id, Total: forms.Money(total), Payment: forms.Payment{Method: forms.PaymentMethod(method)},
			IssuedAt: parseTSText(issued), Voided: voided != 0, Legacy: legacy != 0}
		if err := json.Unmarshal([]byte(lines), &x.Lines); err != nil {
			return fmt.Errorf("receipt %s of %s%02d: lines: %w", id, b, s, err)
		}
		k := stationKey{b, s}
		receipts[k] = append(receipts[k], x)
		return nil
	}); err != nil {
		return err
	}
	deposits := map[stationKey][]forms.Deposit{}
	if err := q.query(ctx, "deposits closed", `SELECT d.branch, d.station, d.id, d.amount, d.state, d.refund_method, d.closed_at
		FROM deposits d WHERE d.closed_at >= ? AND d.closed_at < ? AND `+q.live("d"), []any{f, t}, func(rows hqRows) error {
		var b, id, state, closed string
		var refund sql.NullString
		var s int
		var amount int64
		if err := rows.Scan(&b, &s, &id, &amount, &state, &refund, &closed); err != nil {
			return err
		}
		k := stationKey{b, s}
		deposits[k] = append(deposits[k], forms.Deposit{ID: id, Amount: forms.Money(amount), State: forms.DepositState(state),
			RefundMethod: forms.PaymentMethod(refund.String), ClosedAt: parseTSText(closed)})
		return nil
	}); err != nil {
		return err
	}
	keys := map[stationKey]bool{}
	for k := range receipts {
		keys[k] = true
	}
	for k := range deposits {
		keys[k] = true
	}
	for k := range keys {
		x := get(k.branch, k.station)
		x.Totals = forms.ComputeTotals(start, end, receipts[k], deposits[k])
		for _, d := range deposits[k] {
			switch d.State {
			case forms.DepositRefunded:
				x.Refunds++
			case forms.DepositForfeited:
				x.Forfeits++
			}
		}
	}
	return q.query(ctx, "receipts voided later", `SELECT r.branch, r.station, count(*), CAST(coalesce(sum(r.total), 0) AS BIGINT)
		FROM receipts r WHERE r.voided_at >= ? AND r.voided_at < ? AND r.issued_at < ? AND r.legacy = 0 AND `+q.live("r")+`
		GROUP BY r.branch, r.station`, []any{f, t, f}, func(rows hqRows) error {
		var b string
		var s, n int
		var sum int64
		if err := rows.Scan(&b, &s, &n, &sum); err != nil {
			return err
		}
		x := get(b, s)
		x.VoidedLater, x.VoidedLaterAmount = n, forms.Money(sum)
		return nil
	})
}

// reportDeposits counts the deposits held at month end (before t): the
// branch's heldAt rule, as two searches — those held now and taken before
// t (index deposits_report_held), and those refunded or forfeited at or
// after t and taken before it (deposits_report_closed) — so an old month
// never reads the whole ledger.
func reportDeposits(ctx context.Context, q reportQuerier, get func(string, int) *StationMonth, t string) error {
	err := q.query(ctx, "deposits held", `SELECT d.branch, d.station, count(*), CAST(coalesce(sum(d.amount), 0) AS BIGINT)
		FROM deposits d WHERE d.state = 'held' AND d.taken_at < ? AND `+q.live("d")+` GROUP BY d.branch, d.station`,
		[]any{t}, func(rows hqRows) error {
			var b string
			var s, n int
			var sum int64
			if err := rows.Scan(&b, &s, &n, &sum); err != nil {
				return err
			}
			x := get(b, s)
			x.Held += n
			x.HeldAmount += forms.Money(sum)
			return nil
		})
	if err != nil {
		return err
	}
	// Row by row, not grouped: grouped, SQLite's planner would walk the
	// primary key (in group order) over the whole ledger; state || ''
	// keeps it off deposits_report_held, which would read every deposit
	// ever closed.
	return q.query(ctx, "deposits held then", `SELECT d.branch, d.station, d.amount FROM deposits d
		WHERE d.closed_at >= ? AND (d.state || '') IN ('refunded', 'forfeited') AND d.taken_at < ? AND `+q.live("d"),
		[]any{t, t}, func(rows hqRows) error {
			var b string
			var s int
			var amount int64
			if err := rows.Scan(&b, &s, &amount); err != nil {
				return err
			}
			x := get(b, s)
			x.Held++
			x.HeldAmount += forms.Money(amount)
			return nil
		})
}

// reportOverdue counts each station's members behind with their fees on
// asOf (see the package comment). t is the month's end instant.
func reportOverdue(ctx context.Context, q reportQuerier, get func(string, int) *StationMonth, asOf time.Time, t string) error {
	// The fee tables of each station: of each service that has one, the
	// version current at month end, the first service in catalogue order
	// for each schedule (store's feeTables).
	type svc struct {
		version, position int
		code, json        string
	}
	latest := map[stationKey]map[string]svc{}
	if err := q.query(ctx, "fee tables", `SELECT s.branch, s.station, s.code, s.version, s.position, s.json FROM services s
		WHERE s.created_at < ? AND `+q.live("s"), []any{t}, func(rows hqRows) error {
		var b string
		var st int
		var x svc
		if err := rows.Scan(&b, &st, &x.code, &x.version, &x.position, &x.json); err != nil {
			return err
		}
		k := stationKey{b, st}
		if latest[k] == nil {
			latest[k] = map[string]svc{}
		}
		if x.version > latest[k][x.code].version {
			latest[k][x.code] = x
		}
		return nil
	}); err != nil {
		return err
	}
	tables := map[stationKey]map[string]*forms.FeeTable{}
	for k, m := range latest {
		list := make([]svc, 0, len(m))
		for _, x := range m {
			list = append(list, x)
		}
		slices.SortFunc(list, func(a, b svc) int {
			if a.position != b.position {
				return a.position - b.position
			}
			return strings.Compare(a.code, b.code)
		})
		for _, x := range list {
			var s forms.Service
			if err := json.Unmarshal([]byte(x.json), &s); err != nil {
				return fmt.Errorf("report fee tables: service %s of %s%02d: %w", x.code, k.branch, k.station, err)
			}
			for _, fee := range s.Fees {
				if fee.Schedule == "" || fee.Table == nil {
					continue
				}
				if tables[k] == nil {
					tables[k] = map[string]*forms.FeeTable{}
				}
				if tables[k][fee.Schedule] == nil {
					tables[k][fee.Schedule] = fee.Table
				}
			}
		}
	}
	if len(tables) == 0 {
		return nil
	}

	// Paid-through dates at month end of those who renewed after it: the
	// paid_before of their first renewal after it (its receipt valid).
	type renewed struct {
		st            stationKey
		customer, fee string
	}
	before := map[renewed]string{}
	if err := q.query(ctx, "renewals", `SELECT n.branch, n.station, n.customer_id, n.schedule, n.paid_before, n.at
		FROM renewals n JOIN receipts r ON r.branch = n.branch AND r.station = n.station AND r.id = n.receipt_id
		WHERE n.at >= ? AND r.voided = 0 AND `+q.live("n")+` AND `+q.live("r")+`
		ORDER BY n.at DESC`, []any{t}, func(rows hqRows) error {
		var b, cust, sched, at string
		var paid sql.NullString
		var s int
		if err := rows.Scan(&b, &s, &cust, &sched, &paid, &at); err != nil {
			return err
		}
		before[renewed{stationKey{b, s}, cust, sched}] = paid.String // the earliest is read last
		return nil
	}); err != nil {
		return err
	}

	last := asOf.Format(forms.DateLayout)
	spans := map[stationKey]map[string]feeSpans{}
	for k, m := range tables {
		spans[k] = map[string]feeSpans{}
		for sched, table := range m {
			spans[k][sched] = table.ChargedSpans(asOf)
		}
	}
	dates := map[string]time.Time{} // members share a few thousand dates
	dateOf := func(s string) time.Time {
		d, ok := dates[s]
		if !ok {
			d = parseDateText(s)
			dates[s] = d
		}
		return d
	}
	return q.query(ctx, "members", `SELECT c.branch, c.station, c.id, c.parent_id, c.member_since, c.member_until, c.archive_until,
			c.talent_paid_through, c.archive_paid_through
		FROM customers c WHERE ((c.member = 1 AND c.member_until IS NULL) OR c.member_until > ?)
			AND (c.member_since IS NULL OR c.member_since <= ?) AND (c.parent_id IS NULL OR c.parent_id = '') AND `+q.live("c"),
		[]any{last, last}, func(rows hqRows) error {
			var b, id string
			var s int
			var parent, since, until, archive, talentPaid, archivePaid sql.NullString
			if err := rows.Scan(&b, &s, &id, &parent, &since, &until, &archive, &talentPaid, &archivePaid); err != nil {
				return err
			}
			k := stationKey{b, s}
			fees := tables[k]
			if fees == nil {
				return nil
			}
			c := forms.Customer{ID: id, ParentID: parent.String, Member: true,
				MemberSince: dateOf(since.String), ArchiveUntil: dateOf(archive.String),
				TalentPaidThrough: dateOf(talentPaid.String), ArchivePaidThrough: dateOf(archivePaid.String)}
			if u := dateOf(until.String); !u.IsZero() && !u.After(asOf) {
				c.MemberUntil = u
			}
			if a := dateOf(archive.String); !a.IsZero() && a.After(asOf) {
				c.ArchiveUntil = time.Time{} // the archive was still here at month end
			}
			if !c.OwesFees() {
				return nil
			}
			for sched := range fees {
				if p, ok := before[renewed{k, id, sched}]; ok {
					if pt := forms.PaidThrough(&c, sched); pt != nil {
						*pt = dateOf(p)
					}
				}
			}
			for sched := range fees {
				if spans[k][sched].behind(forms.Account(&c, sched), asOf) {
					get(b, s).Overdue++
					break
				}
			}
			return nil
		})
}

// feeSpans is one fee table's charged spans up to the report's day
// (forms.FeeTable.ChargedSpans: the days on which the fee costs money).
type feeSpans []forms.DaySpan

// behind reports whether the account owes the fee on day: an unpaid day
// of theirs — after forms.FeeAccount.Base, up to day or the day the fee
// stops (MemberUntil) — falls in a charged span. This is
// forms.FeeTable.OverdueSince (ChargedSpans says so, and
// TestBehindMatchesOverdueSince checks it), at the cost of a few time
// comparisons instead of reading the rate table for each member.
func (sp feeSpans) behind(a forms.FeeAccount, day time.Time) bool {
	base, ok := a.Base()
	if !ok {
		return false
	}
	first := base.AddDate(0, 0, 1)
	end := forms.Day(day)
	if !a.MemberUntil.IsZero() && forms.Day(a.MemberUntil).Before(end) {
		end = forms.Day(a.MemberUntil)
	}
	for _, s := range sp {
		lo, hi := first, s.To
		if s.From.After(lo) {
			lo = s.From
		}
		if end.Before(hi) {
			hi = end
		}
		if !lo.After(hi) {
			return true
		}
	}
	return false
}

// reportImports reads hq_imports: per station and key generation the
// numbers imported, and the station's last import.
func reportImports(ctx context.Context, q reportQuerier, get func(string, int) *StationMonth) error {
	type genKey struct {
		st  stationKey
		gen int
	}
	numbers := map[genKey][]int64{}
	if err := q.query(ctx, "imports", `SELECT i.branch, i.station, i.gen, i.number, i.imported_at, i.file_name FROM hq_imports i`, nil,
		func(rows hqRows) error {
			var b, file string
			var at any
			var s, gen int
			var n int64
			if err := rows.Scan(&b, &s, &gen, &n, &at, &file); err != nil {
				return err
			}
			k := genKey{stationKey{b, s}, gen}
			numbers[k] = append(numbers[k], n)
			row := ImportRow{Gen: gen, Number: n, ImportedAt: importedAtText(at), FileName: file}
			x := get(b, s)
			if x.Last == nil || row.ImportedAt > x.Last.ImportedAt ||
				(row.ImportedAt == x.Last.ImportedAt && (row.Gen > x.Last.Gen || row.Gen == x.Last.Gen && row.Number > x.Last.Number)) {
				x.Last = &row
			}
			return nil
		}); err != nil {
		return err
	}
	for k, ns := range numbers {
		e := ExportState{Gen: k.gen, Highest: slices.Max(ns), Missing: missingNumbers(ns)}
		x := get(k.st.branch, k.st.station)
		x.Exports = append(x.Exports, e)
		slices.SortFunc(x.Exports, func(a, b ExportState) int { return a.Gen - b.Gen })
	}
	return nil
}

// importedAtText gives hq_imports.imported_at as sortable text whatever
// the engine returns (text, or a time for a timestamp column): local time
// "2006-01-02 15:04:05".
func importedAtText(v any) string {
	switch x := v.(type) {
	case time.Time:
		return x.Local().Format("2006-01-02 15:04:05")
	case []byte:
		return importedAtText(string(x))
	case string:
		if t := parseTSText(x); !t.IsZero() {
			return t.Format("2006-01-02 15:04:05")
		}
		return x
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// reportIndexes are the indexes the month report searches at head office:
// the date columns it takes a month's range of, and the renewals after a
// month. CREATE INDEX IF NOT EXISTS runs on SQLite and PostgreSQL alike;
// openHQ's migrate (hqdb.go) creates them after the tables.
func reportIndexes() []string {
	return []string{
		`CREATE INDEX IF NOT EXISTS cases_report_created ON cases (created_at)`,
		`CREATE INDEX IF NOT EXISTS cases_report_accepted ON cases (accepted_at)`,
		`CREATE INDEX IF NOT EXISTS cases_report_completed ON cases (completed_at)`,
		`CREATE INDEX IF NOT EXISTS cases_report_updated ON cases (updated_at)`,
		`CREATE INDEX IF NOT EXISTS receipts_report_issued ON receipts (issued_at)`,
		`CREATE INDEX IF NOT EXISTS receipts_report_voided ON receipts (voided_at)`,
		`CREATE INDEX IF NOT EXISTS deposits_report_closed ON deposits (closed_at)`,
		`CREATE INDEX IF NOT EXISTS deposits_report_held ON deposits (state, taken_at)`,
		`CREATE INDEX IF NOT EXISTS membership_events_report_day ON membership_events (day)`,
		`CREATE INDEX IF NOT EXISTS renewals_report_at ON renewals (at)`,
	}
}
