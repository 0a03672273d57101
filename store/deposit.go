package store

import (
	"context"
	"fmt"
	"strings"

	"counterdesk/forms"

	"github.com/google/uuid"
)

const depositCols = `d.id, d.case_id, d.customer_id, d.receipt_id, r.number, d.amount, d.method, d.state,
	d.taken_at, d.return_due, d.closed_at, cb.name, ab.name, d.returned, d.reason, d.legacy,
	d.refund_method, c.name, c.id_number, c.mobile, c.name_sort`

const depositFrom = ` FROM deposits d
	JOIN receipts r ON r.id = d.receipt_id
	JOIN customers c ON c.id = d.customer_id
	LEFT JOIN users cb ON cb.id = d.closed_by
	LEFT JOIN users ab ON ab.id = d.approved_by`

func scanDeposit(row interface{ Scan(...any) error }) (*forms.Deposit, error) {
	var d forms.Deposit
	var method, refund, state, taken, due, closed string
	var nameSort []byte // selected for the ORDER BY of compound selects (heldAtWhere)
	if err := row.Scan(&d.ID, &d.CaseID, &d.CustomerID, &d.ReceiptID, &d.ReceiptNumber, &d.Amount, &method,
		&state, &taken, str(&due), str(&closed), str(&d.ClosedBy), str(&d.ApprovedBy), &d.Returned, &d.Reason,
		&d.Legacy, str(&refund), &d.CustomerName, str(&d.CustomerIDNo), &d.CustomerMobile, &nameSort); err != nil {
		return nil, err
	}
	d.Method, d.State = forms.PaymentMethod(method), forms.DepositState(state)
	d.RefundMethod = forms.PaymentMethod(refund)
	d.TakenAt, d.ReturnDue, d.ClosedAt = parseTS(taken), parseDate(due), parseTS(closed)
	return &d, nil
}

func queryDeposits(ctx context.Context, tx *txn, where string, args ...any) ([]forms.Deposit, error) {
	return queryAll(ctx, tx, "deposits", scanDeposit, "SELECT "+depositCols+depositFrom+" "+where, args...)
}

// findDepositWhere returns the first deposit matching, or ENOTFOUND.
func findDepositWhere(ctx context.Context, tx *txn, where string, args ...any) (*forms.Deposit, error) {
	ds, err := queryDeposits(ctx, tx, where, args...)
	if err != nil {
		return nil, err
	}
	if len(ds) == 0 {
		return nil, forms.Errorf(forms.ENOTFOUND, "找不到该保障金记录")
	}
	return &ds[0], nil
}

func insertDeposit(ctx context.Context, tx *txn, d *forms.Deposit) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO deposits
		(id, case_id, customer_id, receipt_id, amount, method, state, taken_at, return_due, legacy)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.ID, d.CaseID, d.CustomerID, d.ReceiptID, int64(d.Amount), string(d.Method), string(d.State),
		ts(d.TakenAt), date(d.ReturnDue), boolInt(d.Legacy)); err != nil {
		return fmt.Errorf("insert deposit: %w", err)
	}
	return nil
}

// closeDeposit moves a held deposit to one of its end states.
func closeDeposit(ctx context.Context, tx *txn, d *forms.Deposit, state forms.DepositState,
	closedBy, approvedBy, returned, reason string, refund forms.Payment) error {
	var method any
	if refund.Method != "" {
		method = string(refund.Method)
	}
	res, err := tx.ExecContext(ctx, `UPDATE deposits SET state = ?, closed_at = ?, closed_by = ?, approved_by = ?,
		returned = ?, reason = ?, refund_method = ?, refund_reference = ? WHERE id = ? AND state = 'held'`,
		string(state), ts(tx.now), closedBy, nullIf(approvedBy), returned, reason, method, refund.Reference, d.ID)
	if err != nil {
		return fmt.Errorf("close deposit: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("close deposit: %w", err)
	} else if n != 1 {
		return forms.Errorf(forms.ECONFLICT, "该保障金已不在押，请刷新后重试")
	}
	d.State, d.ClosedAt, d.Returned, d.Reason = state, tx.now, returned, reason
	d.RefundMethod = refund.Method
	return nil
}

// DepositOfCase returns the newest deposit of a case that was not voided,
// or ENOTFOUND.
func (db *DB) DepositOfCase(ctx context.Context, caseID string) (*forms.Deposit, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	d, err := findDepositWhere(ctx, tx,
		"WHERE d.case_id = ? AND d.state <> 'voided' ORDER BY d.taken_at DESC LIMIT 1", caseID)
	if forms.ErrorCode(err) == forms.ENOTFOUND {
		return nil, forms.Errorf(forms.ENOTFOUND, "该受理单没有保障金")
	}
	return d, err
}

// Deposit returns a deposit by id.
func (db *DB) Deposit(ctx context.Context, id string) (*forms.Deposit, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findDepositWhere(ctx, tx, "WHERE d.id = ?", id)
}

// HeldDeposits returns the deposits held, oldest first (SPEC: the refund
// desk), those taken at the same moment — paper deposits entered for one
// date all have its noon — in pinyin order of the customers' names, with
// the customer's name, ID number and mobile. A query narrows them by part of the name, the
// ID number (whole or its last characters), the mobile's last digits or the
// receipt number (whole or part). The deposits whose customer's name the
// query matches — the clerk is looking for a person — come first, in pinyin
// order of the name (issue 16: 王芳 of 2023 before 张芳 of 2022), each
// person's oldest first; those the query matches only by a number follow,
// oldest first. Held deposits are a few hundred, so the filter is a plain
// scan of them.
func (db *DB) HeldDeposits(ctx context.Context, query string) ([]forms.Deposit, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	q := forms.Normalize(forms.StripInvisible(query))
	if q == "" {
		return queryDeposits(ctx, tx, "WHERE d.state = 'held' ORDER BY d.taken_at, c.name_sort, d.id")
	}
	name := nameKey(q)
	num := strings.ToUpper(cleanIDQuery(q))
	// ?1 is the name key, ?2 the number; byName is tested again to order.
	const byName = "(?1 <> '' AND instr(lower(replace(replace(c.name, ' ', ''), '·', '')), ?1) > 0)"
	return queryDeposits(ctx, tx, `WHERE d.state = 'held' AND (`+byName+`
			OR (length(?2) >= 4 AND substr(c.id_number, -length(?2)) = ?2)
			OR (length(?2) >= 4 AND substr(c.mobile, -length(?2)) = ?2)
			OR (length(?2) >= 4 AND instr(r.number, ?2) > 0))
		ORDER BY CASE WHEN `+byName+` THEN 0 ELSE 1 END,
			CASE WHEN `+byName+` THEN c.name_sort END, d.taken_at, c.name_sort, d.id`,
		name, num)
}

// DepositsSummary returns the number and total amount of the deposits held.
func (db *DB) DepositsSummary(ctx context.Context) (count int, total forms.Money, err error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return 0, 0, err
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx,
		"SELECT count(*), COALESCE(sum(amount), 0) FROM deposits WHERE state = 'held'").Scan(&count, &total); err != nil {
		return 0, 0, fmt.Errorf("sum deposits: %w", err)
	}
	return count, total, nil
}

// heldDeposit returns the deposit, refusing one that is no longer held with
// a message that says what became of it.
func heldDeposit(ctx context.Context, tx *txn, id, doing string) (*forms.Deposit, error) {
	d, err := findDepositWhere(ctx, tx, "WHERE d.id = ?", id)
	if err != nil {
		return nil, err
	}
	switch d.State {
	case forms.DepositHeld:
		return d, nil
	case forms.DepositRefunded:
		return nil, forms.Errorf(forms.ECONFLICT, "该保障金已于%s退还，不能%s", d.ClosedAt.Format("2006-01-02"), doing)
	case forms.DepositForfeited:
		return nil, forms.Errorf(forms.ECONFLICT, "该保障金已于%s没收，不能%s", d.ClosedAt.Format("2006-01-02"), doing)
	case forms.DepositVoided:
		return nil, forms.Errorf(forms.ECONFLICT, "该保障金的收据%s已作废，保障金已作废，不能%s", d.ReceiptNumber, doing)
	}
	return nil, forms.Errorf(forms.ECONFLICT, "该保障金状态为“%s”，不能%s", d.State.Label(), doing)
}

// completeCase completes a deposit's case when the deposit ends.
func completeCase(ctx context.Context, tx *txn, w *who, caseID, note string) error {
	c, err := findCase(ctx, tx, caseID)
	if err != nil {
		return err
	}
	before := cloneCase(c)
	if err := c.Move(forms.CaseCompleted, tx.now); err != nil {
		return err
	}
	if err := updateCase(ctx, tx, c); err != nil {
		return err
	}
	if err := audit(ctx, tx, w, auditRec{action: ActCaseComplete, entity: "case", entityID: c.ID,
		before: before, after: c, note: note}); err != nil {
		return err
	}
	if err := completeEffects(ctx, tx, w, c); err != nil { // 转户 ends the membership when its deposit ends
		return err
	}
	return sampleFollowUp(ctx, tx, w, c) // rating.go: the supervisor's sample counts every completed case
}

// RefundDeposit refunds a held deposit against the returned card, 承诺书 and
// receipt (a supervisor, logged in or approving on the clerk's screen). The
// deposit's case completes. A deposit that is not held (refunded,
// forfeited, voided) is refused with ECONFLICT.
func (db *DB) RefundDeposit(ctx context.Context, a forms.Actor, req forms.RefundRequest) (*forms.Deposit, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	d, err := refundDeposit(ctx, tx, a, req)
	if err != nil {
		return nil, err
	}
	return d, tx.commit()
}

func refundDeposit(ctx context.Context, tx *txn, a forms.Actor, req forms.RefundRequest) (*forms.Deposit, error) {
	w, err := supervisorActor(ctx, tx, a)
	if err != nil {
		return nil, err
	}
	d, err := heldDeposit(ctx, tx, req.DepositID, "再次退还")
	if err != nil {
		return nil, err
	}
	// The returned items are the screen's check-box labels (forms.Returned*),
	// compared as they are: Normalize would turn their full-width brackets
	// half-width.
	for i, s := range req.Returned {
		req.Returned[i] = strings.TrimSpace(s)
	}
	// A receipt declared lost: refused while the declaration is pending; a
	// declaration resolved as a refund stands in for it (loss.go).
	replaced, err := lossAtRefund(ctx, tx, w, d, &req)
	if err != nil {
		return nil, err
	}
	if err := req.Validate(); err != nil {
		return nil, err
	}
	pay := req.Payment
	if err := pay.Validate(); err != nil {
		return nil, err
	}
	before := *d
	sup := w.supervisor()
	returned := strings.Join(req.Returned, "、")
	if replaced != "" {
		returned = strings.Replace(returned, forms.ReturnedReceipt, replaced, 1)
	}
	if err := closeDeposit(ctx, tx, d, forms.DepositRefunded, w.user.ID, sup.ID, returned, "", pay); err != nil {
		return nil, err
	}
	d.ClosedBy, d.ApprovedBy = w.user.Name, sup.Name
	if err := audit(ctx, tx, w, auditRec{action: ActDepositRefund, entity: "deposit", entityID: d.ID,
		before: before, after: d, note: fmt.Sprintf("退还保障金%s（收据%s），退款方式：%s；收回：%s",
			d.Amount, d.ReceiptNumber, pay.Method.Label(), returned)}); err != nil {
		return nil, err
	}
	if err := completeCase(ctx, tx, w, d.CaseID, "保障金已退还"); err != nil {
		return nil, err
	}
	return d, nil
}

// ForfeitDeposit forfeits a held deposit (supervisor, with a reason), only
// after the card's return date has passed and at least one attempt to reach
// the customer was recorded. The deposit's case completes.
func (db *DB) ForfeitDeposit(ctx context.Context, a forms.Actor, depositID, reason string) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := forfeitDeposit(ctx, tx, a, depositID, reason); err != nil {
		return err
	}
	return tx.commit()
}

func forfeitDeposit(ctx context.Context, tx *txn, a forms.Actor, depositID, reason string) error {
	w, err := supervisorActor(ctx, tx, a)
	if err != nil {
		return err
	}
	d, err := findDepositWhere(ctx, tx, "WHERE d.id = ?", depositID)
	if err != nil {
		return err
	}
	var attempts int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM contact_attempts WHERE deposit_id = ?", d.ID).Scan(&attempts); err != nil {
		return fmt.Errorf("count contact attempts: %w", err)
	}
	if err := d.CheckForfeit(tx.today(), attempts, reason); err != nil {
		return err
	}
	if reason, err = forms.RuleForfeitReason.Check(reason); err != nil {
		return err
	}
	before := *d
	sup := w.supervisor()
	if err := closeDeposit(ctx, tx, d, forms.DepositForfeited, sup.ID, sup.ID, "", reason, forms.Payment{}); err != nil {
		return err
	}
	d.ClosedBy, d.ApprovedBy = sup.Name, sup.Name
	if err := audit(ctx, tx, w, auditRec{action: ActDepositForfeit, entity: "deposit", entityID: d.ID,
		before: before, after: d, note: fmt.Sprintf("没收保障金%s（收据%s）：%s", d.Amount, d.ReceiptNumber, reason)}); err != nil {
		return err
	}
	return completeCase(ctx, tx, w, d.CaseID, "保障金已没收")
}

// AddContactAttempt records an attempt to reach a customer about a held
// deposit whose card is due or overdue (a forfeit needs at least one).
func (db *DB) AddContactAttempt(ctx context.Context, a forms.Actor, depositID, channel, outcome string) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := addContactAttempt(ctx, tx, a, depositID, channel, outcome); err != nil {
		return err
	}
	return tx.commit()
}

func addContactAttempt(ctx context.Context, tx *txn, a forms.Actor, depositID, channel, outcome string) error {
	w, err := actor(ctx, tx, a)
	if err != nil {
		return err
	}
	d, err := heldDeposit(ctx, tx, depositID, "再记录联系情况")
	if err != nil {
		return err
	}
	if channel, err = forms.RuleContactChannel.Check(channel); err != nil {
		return err
	}
	if outcome, err = forms.RuleContactOutcome.Check(outcome); err != nil {
		return err
	}
	ca := forms.ContactAttempt{ID: uuid.NewString(), DepositID: d.ID, At: tx.now, By: w.user.Name,
		Channel: channel, Outcome: outcome}
	if _, err := tx.ExecContext(ctx, `INSERT INTO contact_attempts (id, deposit_id, at, user_id, channel, outcome)
		VALUES (?, ?, ?, ?, ?, ?)`, ca.ID, d.ID, ts(tx.now), w.user.ID, channel, outcome); err != nil {
		return fmt.Errorf("insert contact attempt: %w", err)
	}
	return audit(ctx, tx, w, auditRec{action: ActDepositContact, entity: "deposit", entityID: d.ID, after: ca,
		note: channel + "：" + outcome})
}

// ContactAttempts returns the attempts to reach the customer about a
// deposit, oldest first.
func (db *DB) ContactAttempts(ctx context.Context, depositID string) ([]forms.ContactAttempt, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT a.id, a.deposit_id, a.at, u.name, a.channel, a.outcome
		FROM contact_attempts a JOIN users u ON u.id = a.user_id WHERE a.deposit_id = ? ORDER BY a.at, a.id`, depositID)
	if err != nil {
		return nil, fmt.Errorf("query contact attempts: %w", err)
	}
	defer rows.Close()
	var out []forms.ContactAttempt
	for rows.Next() {
		var ca forms.ContactAttempt
		var at string
		if err := rows.Scan(&ca.ID, &ca.DepositID, &at, &ca.By, &ca.Channel, &ca.Outcome); err != nil {
			return nil, fmt.Errorf("scan contact attempt: %w", err)
		}
		ca.At = parseTS(at)
		out = append(out, ca)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read contact attempts: %w", err)
	}
	return out, nil
}
