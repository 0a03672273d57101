package store

// The month's service figures (服务情况月报, issue 18): the store reads the
// month's complaints, follow-up calls and ratings and
// forms.NewServiceReport computes the figures.

import (
	"context"
	"time"

	"counterdesk/forms"
)

// ServiceReport returns the figures of the month (year, month) at the
// store's clock: complaints received in the month and those still open
// at its end (or today), follow-ups whose source happened in the month
// (the complaint closed, the rating given, the case sampled: see
// forms.FollowUpCountRule), and
// ratings given in it (forms.ServiceReport says what counts). A year or
// month out of range, or a month not yet begun, is EINVALID
// (forms.NewServiceReport).
func (db *DB) ServiceReport(ctx context.Context, year int, month time.Month) (*forms.ServiceReport, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if _, err := forms.NewServiceReport(year, month, tx.now, nil, nil, nil, nil); err != nil {
		return nil, err
	}
	from, to := forms.MonthStart(year, month), forms.MonthEnd(year, month)
	// Received in the month, or received before it and not closed before
	// it began (still open on the report's day, which the forms decide).
	complaints, err := queryComplaints(ctx, tx, "WHERE p.received_at < ? AND (p.received_at >= ? OR p.closed_at IS NULL OR p.closed_at >= ?) ORDER BY p.received_at",
		ts(to), ts(from), ts(from))
	if err != nil {
		return nil, err
	}
	followUps, err := queryFollowUps(ctx, tx, "WHERE f.source_at >= ? AND f.source_at < ? ORDER BY f.source_at",
		ts(from), ts(to))
	if err != nil {
		return nil, err
	}
	ratings, err := queryRatings(ctx, tx, "WHERE r.at >= ? AND r.at < ? ORDER BY r.at", ts(from), ts(to))
	if err != nil {
		return nil, err
	}
	cats, err := complaintCategories(ctx, tx)
	if err != nil {
		return nil, err
	}
	return forms.NewServiceReport(year, month, tx.now, complaints, followUps, ratings, cats)
}
