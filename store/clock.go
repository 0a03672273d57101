package store

import (
	"context"
	"database/sql"
	"fmt"

	"counterdesk/forms"
)

// ClockStatus compares the PC clock with the newest time anything was
// recorded, for the warning at start.
func (db *DB) ClockStatus(ctx context.Context) (forms.ClockStatus, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return forms.ClockStatus{}, err
	}
	defer tx.Rollback()
	return clockStatus(ctx, tx)
}

func clockStatus(ctx context.Context, tx *txn) (forms.ClockStatus, error) {
	cs := forms.ClockStatus{Now: tx.now}
	var newest sql.NullString
	if err := tx.QueryRowContext(ctx, "SELECT max(at) FROM audit_log").Scan(&newest); err != nil {
		return cs, fmt.Errorf("newest record: %w", err)
	}
	if !newest.Valid {
		return cs, nil
	}
	cs.Newest = parseTS(newest.String)
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM clock_confirmations WHERE newest = ?", newest.String).Scan(&n); err != nil {
		return cs, fmt.Errorf("clock confirmations: %w", err)
	}
	cs.Confirmed = n > 0
	return cs, nil
}

// checkClock refuses a receipt while the PC clock is behind the newest
// record and no supervisor has confirmed it.
func checkClock(ctx context.Context, tx *txn) error {
	cs, err := clockStatus(ctx, tx)
	if err != nil {
		return err
	}
	if cs.Blocks() {
		return &forms.Error{Code: forms.ECONFLICT, Key: forms.KeyClockBehind, Message: cs.Message()}
	}
	return nil
}

// ConfirmClock records a supervisor's confirmation that the PC clock is
// right although it is earlier than the newest record, so receipts may be
// issued again. The confirmation holds for that newest record.
func (db *DB) ConfirmClock(ctx context.Context, a forms.Actor) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	w, err := supervisorActor(ctx, tx, a)
	if err != nil {
		return err
	}
	cs, err := clockStatus(ctx, tx)
	if err != nil {
		return err
	}
	if !cs.Behind() || cs.Confirmed {
		return tx.commit()
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO clock_confirmations (newest, at, confirmed_by) VALUES (?, ?, ?)`,
		ts(cs.Newest), ts(tx.now), w.supervisor().ID); err != nil {
		return fmt.Errorf("confirm clock: %w", err)
	}
	if err := audit(ctx, tx, w, auditRec{action: ActClockConfirm, entity: "station", note: fmt.Sprintf(
		"主管确认电脑时间 %s 无误（早于最近记录 %s）", cs.Now.Local().Format("2006-01-02 15:04"),
		cs.Newest.Local().Format("2006-01-02 15:04"))}); err != nil {
		return err
	}
	return tx.commit()
}
