package store

import (
	"context"
	"fmt"
	"strings"

	"counterdesk/forms"
)

// RecordPrints records the prints of one action (the receipt and the
// documents of an accepted case, a reprint, a refund voucher) in one
// transaction: all of them, or, when one is refused (an unknown case, no
// document, copies outside 1–99), none. Each gets an audit entry on its
// case. No records is nothing to do.
func (db *DB) RecordPrints(ctx context.Context, a forms.Actor, recs []forms.PrintRecord) error {
	if len(recs) == 0 {
		return nil
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	w, err := actor(ctx, tx, a)
	if err != nil {
		return err
	}
	for _, r := range recs {
		record := recordPrint
		if r.CaseID == "" {
			record = recordStationPrint // a station document: dayreport.go
		}
		if err := record(ctx, tx, w, r); err != nil {
			return err
		}
	}
	return tx.commit()
}

// PrintedBefore reports which of the documents (forms.Printout.Key, e.g.
// "receipt:QB01-2026-000123", "promise") of the case have been printed at
// least once: the next print of those is a 补打, of the others the
// original. A document never printed is absent from the map (false).
// caseID "" asks about the station's documents that belong to no case
// (forms.Printout.StationDocument, e.g. "day_report:QB01:2026-03-05").
func (db *DB) PrintedBefore(ctx context.Context, caseID string, keys []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(keys) == 0 {
		return out, nil
	}
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	args := []any{caseID}
	for _, k := range keys {
		args = append(args, forms.Normalize(k))
	}
	query := `SELECT DISTINCT document FROM case_prints WHERE case_id = ? AND document IN (?`
	if caseID == "" {
		args = args[1:]
		query = `SELECT DISTINCT document FROM station_prints WHERE document IN (?`
	}
	rows, err := tx.QueryContext(ctx, query+strings.Repeat(", ?", len(keys)-1)+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("read prints: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return nil, fmt.Errorf("read prints: %w", err)
		}
		out[d] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read prints: %w", err)
	}
	return out, nil
}

// UnprintedReceipts returns the receipts that were issued but never
// printed (no print record "receipt:<number>"), oldest first: e.g. the
// program ended between 确认收款并打印 and the PDF. Voided receipts, paper
// receipts entered afterwards and receipts of no case are left out. The
// home screen offers to print them, as originals. They are read from the
// list migration 0022's triggers keep (unprinted_receipts), so the cost
// is that of the few listed, however many receipts the station holds.
// unprintedReceiptsWhere picks the listed receipts (TestDB_UnprintedReceipts
// checks its plan).
const unprintedReceiptsWhere = `WHERE r.id IN (SELECT u.receipt_id FROM unprinted_receipts u) ORDER BY r.issued_at, r.number`

func (db *DB) UnprintedReceipts(ctx context.Context) ([]forms.Receipt, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return queryReceipts(ctx, tx, unprintedReceiptsWhere)
}
