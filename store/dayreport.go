package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"counterdesk/forms"

	"github.com/google/uuid"
)

// ActDayCheck is the audit action of a supervisor checking a day's report
// (主管核对日结).
const ActDayCheck = "day.check"

// DayReport returns the day-end report (日结) of this station for the
// calendar day of day (local time): every receipt issued that day in
// number order (voided ones marked), receipts of earlier days voided that
// day, the deposits taken, refunded, forfeited and voided that day, the
// totals and the cash expected in the drawer (forms.Totals), the receipt
// numbers used and the ranges skipped with their reason, and who checked
// the day. It reads in one read transaction by indexed queries.
func (db *DB) DayReport(ctx context.Context, day time.Time) (*forms.DayReport, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return dayReport(ctx, tx, day)
}

// The day report's queries, each a range on an index (a test checks the
// plans): the receipts issued in [?, ?) by receipts_issued, those voided in
// it by receipts_voided_at, and the deposits taken in it (deposits_taken)
// or closed in it (deposits_closed).
const (
	dayIssuedWhere = `WHERE r.issued_at >= ? AND r.issued_at < ? AND (r.station_code = ? OR r.legacy = 1)`
	dayVoidedWhere = `WHERE r.voided_at >= ? AND r.voided_at < ?
		AND NOT (r.issued_at >= ? AND r.issued_at < ?) AND (r.station_code = ? OR r.legacy = 1)`
	dayDepositsWhere = `WHERE d.taken_at >= ? AND d.taken_at < ?
		UNION SELECT ` + depositCols + depositFrom + ` WHERE d.closed_at >= ? AND d.closed_at < ?`
)

// dayReport reads one day's report inside tx (the month report calls it
// for each day of the month).
func dayReport(ctx context.Context, tx *txn, day time.Time) (*forms.DayReport, error) {
	st, err := findStation(ctx, tx)
	if err != nil {
		return nil, err
	}
	from := forms.Day(day)
	to := from.AddDate(0, 0, 1)
	f, t := ts(from), ts(to)
	code := st.Code()
	issued, err := queryReceipts(ctx, tx, dayIssuedWhere, f, t, code)
	if err != nil {
		return nil, err
	}
	voided, err := queryReceipts(ctx, tx, dayVoidedWhere, f, t, f, t, code)
	if err != nil {
		return nil, err
	}
	deps, err := queryDeposits(ctx, tx, dayDepositsWhere, f, t, f, t)
	if err != nil {
		return nil, err
	}
	skips, err := daySkips(ctx, tx, f, t, code, from.Year())
	if err != nil {
		return nil, err
	}
	rep := forms.BuildDayReport(*st, from, append(issued, voided...), deps, skips)
	var checkedAt string
	err = tx.QueryRowContext(ctx, `SELECT u.name, k.checked_at FROM day_checks k JOIN users u ON u.id = k.checked_by
		WHERE k.station_code = ? AND k.day = ?`, code, date(from)).Scan(&rep.CheckedBy, &checkedAt)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("read day check: %w", err)
	}
	rep.CheckedAt = parseTS(checkedAt)
	return rep, nil
}

// daySkips reads the receipt skips recorded in [f, t) and those of the
// station's series of the year (BuildDayReport keeps the ones inside the
// day's range). The table holds a handful of rows.
func daySkips(ctx context.Context, tx *txn, f, t any, code string, year int) ([]forms.ReceiptSkip, error) {
	return queryAll(ctx, tx, "receipt skips", func(row interface{ Scan(...any) error }) (*forms.ReceiptSkip, error) {
		var s forms.ReceiptSkip
		var at string
		if err := row.Scan(&s.Station, &s.Year, &s.First, &s.Last, &s.Reason, &at, str(&s.By)); err != nil {
			return nil, err
		}
		s.At = parseTS(at)
		return &s, nil
	}, `SELECT k.station_code, k.year, k.first_seq, k.last_seq, k.reason, k.at, u.name
		FROM receipt_skips k LEFT JOIN users u ON u.id = k.user_id
		WHERE (k.at >= ? AND k.at < ?) OR (k.station_code = ? AND k.year = ?)
		ORDER BY k.at, k.first_seq`, f, t, code, year)
}

// MarkDayChecked records that a supervisor (logged in, or approving on the
// clerk's screen) checked the day's report (主管核对): who and when, with an
// audit entry naming the day's cash. It is refused, changing nothing, for a
// day in the future (EINVALID) and for a day already checked (ECONFLICT);
// see forms.CanCheckDay. A clerk without approval gets EFORBIDDEN.
func (db *DB) MarkDayChecked(ctx context.Context, a forms.Actor, day time.Time) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	w, err := supervisorActor(ctx, tx, a)
	if err != nil {
		return err
	}
	day = forms.Day(day)
	if err := forms.CanCheckDay(day, tx.now, time.Time{}, ""); err != nil {
		return err
	}
	rep, err := dayReport(ctx, tx, day)
	if err != nil {
		return err
	}
	if err := forms.CanCheckDay(day, tx.now, rep.CheckedAt, rep.CheckedBy); err != nil {
		return err
	}
	sup := w.supervisor()
	if _, err := tx.ExecContext(ctx, `INSERT INTO day_checks (station_code, day, checked_by, checked_at) VALUES (?, ?, ?, ?)`,
		rep.Station.Code(), date(day), sup.ID, ts(tx.now)); err != nil {
		return fmt.Errorf("record day check: %w", err)
	}
	rng := "当日未开收据"
	if rep.FirstNumber != "" {
		rng = rep.FirstNumber + " 至 " + rep.LastNumber
	}
	if err := audit(ctx, tx, w, auditRec{action: ActDayCheck, entity: "day", entityID: rep.Station.Code() + "-" + forms.FormatDate(day),
		after: map[string]any{"day": forms.FormatDate(day), "receipts": rep.Totals.Receipts, "voided": rep.Totals.Voided,
			"cash": int64(rep.Totals.Cash()), "received": int64(rep.Totals.TotalReceived())},
		note: fmt.Sprintf("主管%s核对 %s 日结：收据 %s，有效 %d 张，作废 %d 张，现金应有 %s", sup.Name, forms.FormatDate(day), rng,
			rep.Totals.Receipts, rep.Totals.Voided, rep.Totals.Cash())}); err != nil {
		return err
	}
	return tx.commit()
}

// ActStationPrint is the audit action of printing a station's document
// that belongs to no case (the day-end report).
const ActStationPrint = "station.print"

// recordStationPrint records one print of a station document that belongs
// to no case (r.CaseID is ""), e.g. the day-end report: its first print is
// the original, every later one 补打 (PrintedBefore with caseID "").
func recordStationPrint(ctx context.Context, tx *txn, w *who, r forms.PrintRecord) error {
	document := forms.Normalize(r.Document)
	if document == "" {
		return forms.Errorf(forms.EINVALID, "请指明打印的文书")
	}
	if r.Copies < 1 || r.Copies > 99 {
		return forms.Errorf(forms.EINVALID, "打印份数须在1到99之间")
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO station_prints (id, document, copies, reprint, at, user_id)
		VALUES (?, ?, ?, ?, ?, ?)`, uuid.NewString(), document, r.Copies, boolInt(r.Reprint), ts(tx.now), w.user.ID); err != nil {
		return fmt.Errorf("record print: %w", err)
	}
	note := fmt.Sprintf("%s，%d份", document, r.Copies)
	if r.Reprint {
		note += "（补打）"
	}
	return audit(ctx, tx, w, auditRec{action: ActStationPrint, entity: "station", entityID: document, note: note})
}
