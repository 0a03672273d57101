package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"counterdesk/forms"

	"github.com/google/uuid"
)

// Audit actions. Each change writes one audit_log row in its own
// transaction, so the log and the data can never disagree.
const (
	ActStationSetup   = "station.setup"
	ActStationReplace = "station.replace" // this PC took over a station whose PC broke
	ActStationChange  = "station.change"  // a supervisor corrected the branch name, payee or phone
	ActUserAdd        = "user.add"
	ActUserReset      = "user.reset_password"
	ActUserPassword   = "user.change_password"
	ActUserDisable    = "user.disable"
	ActUserEnable     = "user.enable"
	ActUserRecover    = "user.recover"
	ActCustomerCreate = "customer.create"
	ActCustomerUpdate = "customer.update"
	ActCustomerView   = "customer.view"
	ActServiceSave    = "service.save"
	ActCaseOpen       = "case.open"
	ActCaseSave       = "case.save"
	ActCaseAccept     = "case.accept"
	ActCaseCancel     = "case.cancel"
	ActCaseDraft      = "case.reopen"   // back to the accept step after its receipt was voided
	ActCaseComplete   = "case.complete" // done: by the clerk, or when its deposit was refunded or forfeited
	ActCasePrint      = "case.print"
	ActReceiptIssue   = "receipt.issue"
	ActReceiptVoid    = "receipt.void"
	ActReceiptSkip    = "receipt.skip"
	ActReceiptFloor   = "receipt.floor"
	ActDepositTake    = "deposit.take"
	ActDepositRefund  = "deposit.refund"
	ActDepositForfeit = "deposit.forfeit"
	ActDepositVoid    = "deposit.void"
	ActDepositContact = "deposit.contact"
	ActDepositLegacy  = "deposit.legacy" // a paper deposit from before Counter Desk, entered by a supervisor
	ActSettingChange  = "setting.change"
	ActBackup         = "backup.make"    // a backup was written and checked
	ActBackupFail     = "backup.fail"    // a backup could not be written or failed its check
	ActRestore        = "backup.restore" // the database was restored from a backup
	ActClockConfirm   = "clock.confirm"  // a supervisor confirmed a clock earlier than the newest record
)

// systemName is the user name recorded for what the program does by
// itself, such as raising the receipt counter at start-up.
const systemName = "系统"

// who is the person behind a change: the logged-in user and, when a clerk
// did a supervisor's action, the supervisor who approved it on the clerk's
// screen. A nil user is the program itself.
type who struct {
	user     *forms.User
	approver *forms.User
}

// supervisor returns the supervisor answerable for the action: the
// approver, or the logged-in user when no approval was needed.
func (w *who) supervisor() *forms.User {
	if w.approver != nil {
		return w.approver
	}
	return w.user
}

// approverName returns the approving supervisor's name, "" when none.
func (w *who) approverName() string {
	if w == nil || w.approver == nil {
		return ""
	}
	return w.approver.Name
}

// auditRec is one change to record. An update (before and after both
// set) is recorded cut down to the fields that changed
// (forms.AuditDelta); an insert keeps its new record and a delete its old
// one whole.
type auditRec struct {
	action   string
	entity   string
	entityID string
	before   any // marshalled to JSON; nil when created
	after    any // marshalled to JSON; nil when nothing remains
	note     string
	stored   bool // before and after are already as stored (the bulk history replays recorded entries)
}

// audit appends one row to the audit log, in the caller's transaction, as
// the next link of the chain: seq is the newest entry's seq + 1, prev_hash
// the newest entry's hash ("" for the first entry) and hash the entry's
// forms.AuditEntry.ChainHash over it (the delta form, v2). The 0017 triggers refuse any other
// seq or prev_hash, so two writers can never fork the chain.
func audit(ctx context.Context, tx *txn, w *who, r auditRec) error {
	lastSeq, lastHash, err := auditHead(ctx, tx)
	if err != nil {
		return err
	}
	_, err = auditAfter(ctx, tx, w, r, lastSeq, lastHash)
	return err
}

// auditAfter appends the entry of audit() after the newest entry, whose
// seq and hash the caller read (audit) or kept (the training station's
// bulk history, demo_bulk.go), and returns the entry written with its id,
// seq and hash. An update's before and after keep only the fields that
// changed (forms.AuditDelta; both whole when either is not a JSON object),
// and the entry is hashed in that form (forms.AuditFormDelta, tag v2).
func auditAfter(ctx context.Context, tx *txn, w *who, r auditRec, lastSeq int64, lastHash string) (forms.AuditEntry, error) {
	before, err := auditJSON(r.before)
	if err != nil {
		return forms.AuditEntry{}, err
	}
	after, err := auditJSON(r.after)
	if err != nil {
		return forms.AuditEntry{}, err
	}
	if b, ok := before.(string); ok && !r.stored {
		if a, ok := after.(string); ok {
			if b, a, ok := forms.AuditDelta(b, a); ok {
				before, after = b, a
			}
		}
	}
	var userID any
	userName := systemName
	if w != nil && w.user != nil {
		userID, userName = w.user.ID, w.user.Name
	}
	at, _ := ts(tx.now).(string)
	e := forms.AuditEntry{Seq: lastSeq + 1, ID: uuid.NewString(), AtText: at, UserName: userName,
		ApprovedBy: w.approverName(), Action: r.action, Entity: r.entity, EntityID: r.entityID, Note: r.note}
	e.UserID, _ = userID.(string)
	e.Before, _ = before.(string)
	e.After, _ = after.(string)
	e.PrevHash = lastHash
	e.Hash = e.ChainHash(lastHash)
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit_log
		(seq, id, at, user_id, user_name, approved_by, action, entity, entity_id, before_json, after_json, note,
		 prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Seq, e.ID, at, userID, userName, e.ApprovedBy,
		r.action, r.entity, r.entityID, before, after, r.note, lastHash, e.Hash); err != nil {
		return forms.AuditEntry{}, fmt.Errorf("audit %s: %w", r.action, err)
	}
	return e, nil
}

// auditHead returns the newest audit entry's seq and hash: 0 and "" when
// the log is empty, and "" for an entry not yet sealed into the chain.
func auditHead(ctx context.Context, q queryer) (int64, string, error) {
	var seq int64
	var hash sql.NullString
	err := q.QueryRowContext(ctx, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").Scan(&seq, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	if err != nil {
		return 0, "", fmt.Errorf("read the newest audit entry: %w", err)
	}
	return seq, hash.String, nil
}

// auditJSON marshals a record for the log; nil stays NULL.
func auditJSON(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	if s, ok := v.(json.RawMessage); ok {
		return string(s), nil
	}
	data, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("audit json: %w", err)
	}
	return string(data), nil
}

// AuditLog returns the audit log, newest first: every entry when entityID
// is "", else the entries about that record. limit <= 0 means no limit.
func (db *DB) AuditLog(ctx context.Context, entityID string, limit int) ([]forms.AuditEntry, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return auditLog(ctx, tx, entityID, limit)
}

func auditLog(ctx context.Context, tx *txn, entityID string, limit int) ([]forms.AuditEntry, error) {
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	q := "SELECT " + chainColumns + " FROM audit_log"
	args := []any{}
	if entityID != "" {
		q += " WHERE entity_id = ?"
		args = append(args, entityID)
	}
	q += " ORDER BY seq DESC LIMIT ?"
	args = append(args, limit)
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("query audit log: %w", err)
	}
	return scanAuditEntries(rows)
}

// scanAuditEntries reads every row of a query of chainColumns as an audit
// entry (with its text time and hashes) and closes rows; nil when there is
// none.
func scanAuditEntries(rows *sql.Rows) ([]forms.AuditEntry, error) {
	defer rows.Close()
	var out []forms.AuditEntry
	for rows.Next() {
		var e forms.AuditEntry
		var at string
		if err := rows.Scan(&e.Seq, &e.ID, &at, str(&e.UserID), &e.UserName, &e.ApprovedBy,
			&e.Action, &e.Entity, &e.EntityID, str(&e.Before), str(&e.After), &e.Note,
			str(&e.PrevHash), str(&e.Hash)); err != nil {
			return nil, fmt.Errorf("scan audit log: %w", err)
		}
		e.At, e.AtText = parseTS(at), at
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	return out, nil
}
