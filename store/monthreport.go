package store

import (
	"context"
	"fmt"
	"time"

	"counterdesk/forms"
)

// MonthReport returns the month for finance (月报) of this station: one
// row per calendar day with the day-end report's totals (a day without
// receipts shows zero), the month's totals (the days added), whether a
// supervisor checked each day, and the deposits held at the end of the
// month — taken on or before its last day and neither refunded nor
// forfeited by then, voided ones never, paper-era ones included — oldest
// first (at the same moment in pinyin order of the names), with their
// count and total. For the running month the list
// stands on today. A month that has not begun, or a year or month out of
// range, is refused with EINVALID (forms.CheckMonth).
//
// It is one read transaction of a handful of range queries, whatever the
// size of the station: the month's receipts by their issue time (indexed),
// the deposits closed in the month and those held at its end (one pass
// over the deposit ledger each), and the month's day checks. The days'
// totals are forms.ComputeTotals over each day's rows — the day-end
// report's own computation on the same rows (dayReport), read once for
// the month instead of once a day.
func (db *DB) MonthReport(ctx context.Context, year int, month time.Month) (*forms.MonthReport, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return monthReport(ctx, tx, year, month)
}

func monthReport(ctx context.Context, tx *txn, year int, month time.Month) (*forms.MonthReport, error) {
	st, err := findStation(ctx, tx)
	if err != nil {
		return nil, err
	}
	r, err := forms.NewMonthReport(*st, year, month, tx.now)
	if err != nil {
		return nil, err
	}
	r.MadeAt = tx.now
	start, end := forms.MonthStart(year, month), forms.MonthEnd(year, month)
	f, t := ts(start), ts(end)
	code := st.Code()

	// The rows the day-end report counts (dayReport): receipts issued in
	// the period at this station (or entered from paper), and deposits
	// closed in it. Receipts voided later than their day and deposits
	// taken in the period are listed by the day report but move none of
	// its totals, so they are not read here.
	receipts, err := queryReceipts(ctx, tx, monthReceiptsWhere, f, t, code)
	if err != nil {
		return nil, err
	}
	closed, err := queryDeposits(ctx, tx, monthClosedWhere, f, t)
	if err != nil {
		return nil, err
	}
	n := len(r.Days)
	dayRec := make([][]forms.Receipt, n)
	for _, x := range receipts {
		if i := monthDayIndex(x.IssuedAt, start, n); i >= 0 {
			dayRec[i] = append(dayRec[i], x)
		}
	}
	dayDep := make([][]forms.Deposit, n)
	for _, x := range closed {
		if i := monthDayIndex(x.ClosedAt, start, n); i >= 0 {
			dayDep[i] = append(dayDep[i], x)
		}
	}
	for i := range r.Days {
		from := r.Days[i].Day
		r.Days[i].Totals = forms.ComputeTotals(from, from.AddDate(0, 0, 1), dayRec[i], dayDep[i])
	}

	if err := monthChecks(ctx, tx, r, code, start, end); err != nil {
		return nil, err
	}
	if r.Held, err = heldAt(ctx, tx, end); err != nil {
		return nil, err
	}
	r.Finish()
	return r, nil
}

// monthDayIndex returns the index of t's local calendar day in a month
// that starts at start and has n days, or -1 outside it.
func monthDayIndex(t, start time.Time, n int) int {
	i := forms.DaysBetween(start, forms.Day(t))
	if i < 0 || i >= n {
		return -1
	}
	return i
}

// monthChecks fills in which days of the month a supervisor checked
// (day_checks, one row per checked day).
func monthChecks(ctx context.Context, tx *txn, r *forms.MonthReport, code string, start, end time.Time) error {
	rows, err := tx.QueryContext(ctx, `SELECT k.day, u.name, k.checked_at FROM day_checks k
		JOIN users u ON u.id = k.checked_by
		WHERE k.station_code = ? AND k.day >= ? AND k.day < ?`, code, date(start), date(end))
	if err != nil {
		return fmt.Errorf("query day checks: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var day, by, at string
		if err := rows.Scan(&day, &by, &at); err != nil {
			return fmt.Errorf("scan day check: %w", err)
		}
		if i := monthDayIndex(parseDate(day), start, len(r.Days)); i >= 0 {
			d := &r.Days[i]
			d.Checked, d.CheckedBy, d.CheckedAt = true, by, parseTS(at)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read day checks: %w", err)
	}
	return nil
}

// heldAt returns the deposits held just before the instant end, oldest
// first: taken before it and not closed (refunded or forfeited) before it.
// A voided deposit never counts — its receipt was wrong and a new one was
// issued — even if it was voided after end; a deposit entered from a paper
// receipt counts from its paper date. It reads the deposits held now
// (deposits_held) and those closed since end (deposits_closed), never the
// whole ledger, so an old month costs what has changed since.
func heldAt(ctx context.Context, tx *txn, end time.Time) ([]forms.Deposit, error) {
	e := ts(end)
	return queryDeposits(ctx, tx, heldAtWhere, e, e, e)
}

// The month report's queries (a test explains each: every one searches an
// index, none scans receipts or deposits).
const (
	// monthReceiptsWhere selects the receipts issued in [?, ?) at station
	// ? or entered from paper, by receipts_issued.
	monthReceiptsWhere = `WHERE r.issued_at >= ? AND r.issued_at < ? AND (r.station_code = ? OR r.legacy = 1)`
	// monthClosedWhere selects the deposits closed in [?, ?), by
	// deposits_closed.
	monthClosedWhere = `WHERE d.closed_at >= ? AND d.closed_at < ?`
	// heldAtWhere selects the deposits held now and taken before ?, by
	// deposits_held, and those refunded or forfeited at or after ? and
	// taken before ?, by deposits_closed (the unary + keeps the planner
	// off deposits_taken, which would read every deposit of the past);
	// oldest first, those taken at the same moment in pinyin order of the
	// names (columns 9, 21 and 1 of depositCols are d.taken_at,
	// c.name_sort and d.id).
	heldAtWhere = `WHERE d.state = 'held' AND d.taken_at < ?
		UNION ALL SELECT ` + depositCols + depositFrom + ` WHERE d.closed_at >= ? AND d.state IN ('refunded', 'forfeited')
			AND +d.taken_at < ?
		ORDER BY 9, 21, 1`
)
