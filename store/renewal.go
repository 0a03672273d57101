package store

import (
	"context"
	"fmt"
	"time"

	"counterdesk/forms"

	"github.com/google/uuid"
)

// Fee renewal (续费). A renewal is one transaction: the receipt, whose
// lines are the periods from forms.FeeTable.Due (zero-rate periods
// included, so the receipt shows them), the member's new paid-through
// dates, and a renewals row per fee with the date before and after. Voiding
// the receipt puts the dates back (undoRenewal).

// Audit actions of renewals.
const (
	ActFeeRenew     = "fee.renew"      // paid-through dates advanced by a renewal receipt
	ActFeeRenewUndo = "fee.renew_undo" // put back when that receipt was voided
)

// paidColumns maps a fee schedule to its customers column.
var paidColumns = map[string]string{
	forms.ScheduleTalent:  "talent_paid_through",
	forms.ScheduleArchive: "archive_paid_through",
}

// renewalFee is one chosen fee with what is due for it.
type renewalFee struct {
	fee    forms.Fee
	lines  []forms.DueLine
	before time.Time
	after  time.Time
}

// Renew takes a renewal: for each fee of req the periods due for
// req.Months months (forms.FeeTable.Due), one receipt itemising every period
// with its rate, and the member's paid-through dates advanced, all in one
// transaction. Refused (EINVALID, nothing changed) for a customer who is not
// (or no longer) a member, no fee chosen, zero months, a service without fee
// tables, a total of ¥0.00, or a wrong payment.
func (db *DB) Renew(ctx context.Context, a forms.Actor, customerID string, req forms.RenewalRequest, pay forms.Payment) (*forms.Receipt, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	r, err := renew(ctx, tx, a, customerID, req, pay)
	if err != nil {
		return nil, err
	}
	return r, tx.commit()
}

func renew(ctx context.Context, tx *txn, a forms.Actor, customerID string, req forms.RenewalRequest, pay forms.Payment) (*forms.Receipt, error) {
	w, err := actor(ctx, tx, a)
	if err != nil {
		return nil, err
	}
	st, err := findStation(ctx, tx)
	if err != nil {
		return nil, err
	}
	cust, err := findCustomer(ctx, tx, customerID)
	if err != nil {
		return nil, err
	}
	if err := forms.CanRenew(cust); err != nil {
		return nil, err
	}
	fees, err := renewalDue(ctx, tx, cust, req)
	if err != nil {
		return nil, err
	}
	var lines []forms.ReceiptLine
	var total forms.Money
	for _, f := range fees {
		for _, l := range f.lines {
			lines = append(lines, forms.ReceiptLine{Text: l.Text(), Amount: l.Amount, Kind: forms.KindFee, Fee: l.Fee})
			total += l.Amount
		}
	}
	if total <= 0 {
		return nil, forms.Errorf(forms.EINVALID, "所选费用在所选期间的收费标准为0元，不需要收费，也不开收据：请另选要续的费用或期间")
	}
	if total > forms.MaxMoney {
		return nil, forms.Errorf(forms.EINVALID, "续费金额过大，请核对年数")
	}
	if err := pay.Validate(); err != nil {
		return nil, err
	}
	// The renewal is a case of the renewal service, accepted and completed
	// at once (the fee is the whole service), so its receipt's prints are
	// recorded, 补打 is decided by them, and it is in the case history.
	kase, err := openRenewalCase(ctx, tx, w, st, cust, req, fees)
	if err != nil {
		return nil, err
	}
	r := &forms.Receipt{CaseID: kase.ID, Lines: lines, Payment: pay}
	if err := issueReceipt(ctx, tx, w, st, cust, r, "fee"); err != nil {
		return nil, err
	}
	if err := audit(ctx, tx, w, auditRec{action: ActCaseComplete, entity: "case", entityID: kase.ID, after: kase,
		note: fmt.Sprintf("%s %s，收据%s", kase.Number, kase.ServiceName, r.Number)}); err != nil {
		return nil, err
	}
	before := *cust
	for _, f := range fees {
		col := paidColumns[f.fee.Schedule]
		if _, err := tx.ExecContext(ctx, "UPDATE customers SET "+col+" = ?, updated_at = ? WHERE id = ?",
			date(f.after), ts(tx.now), cust.ID); err != nil {
			return nil, fmt.Errorf("advance paid-through: %w", err)
		}
		*forms.PaidThrough(cust, f.fee.Schedule) = f.after
		if _, err := tx.ExecContext(ctx, `INSERT INTO renewals
			(id, receipt_id, customer_id, schedule, fee_name, paid_before, paid_after, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			uuid.NewString(), r.ID, cust.ID, f.fee.Schedule, f.fee.Name, date(f.before), date(f.after), ts(tx.now)); err != nil {
			return nil, fmt.Errorf("insert renewal: %w", err)
		}
	}
	cust.UpdatedAt = tx.now
	if err := audit(ctx, tx, w, auditRec{action: ActFeeRenew, entity: "customer", entityID: cust.ID,
		before: before, after: cust, note: fmt.Sprintf("续费收据%s %s", r.Number, r.Total)}); err != nil {
		return nil, err
	}
	return r, nil
}

// openRenewalCase stores the case of a renewal in tx: a case of the
// renewal service's current version for the customer, accepted and
// completed now, whose answers record what was chosen
// (forms.RenewalAnswers).
func openRenewalCase(ctx context.Context, tx *txn, w *who, st *forms.Station, cust *forms.Customer, req forms.RenewalRequest, fees []renewalFee) (*forms.Case, error) {
	svc, err := findService(ctx, tx, req.Service, 0)
	if err != nil {
		return nil, err
	}
	number, err := nextCaseNumber(ctx, tx, st.Code())
	if err != nil {
		return nil, err
	}
	c := newCase(number, svc, cust.ID, w.user.ID, tx.now)
	var chosen []forms.RenewedFee
	for _, f := range fees {
		chosen = append(chosen, forms.RenewedFee{Fee: f.fee, Before: f.before, After: f.after})
	}
	c.Answers = forms.RenewalAnswers(svc, req, chosen)
	if err := c.Move(forms.CaseAccepted, tx.now); err != nil {
		return nil, err
	}
	if err := c.Move(forms.CaseCompleted, tx.now); err != nil {
		return nil, err
	}
	if err := insertCase(ctx, tx, c); err != nil {
		return nil, err
	}
	return c, sampleFollowUp(ctx, tx, w, c) // rating.go: the supervisor's sample counts every completed case
}

// renewalDue computes, for the customer, the periods due for each fee of
// req (forms.FeeTable.Due), in the order of the service's fees. It reads the
// service's current version within tx.
func renewalDue(ctx context.Context, tx *txn, cust *forms.Customer, req forms.RenewalRequest) ([]renewalFee, error) {
	svc, err := findService(ctx, tx, req.Service, 0)
	if err != nil {
		return nil, err
	}
	if !svc.Scheduled() {
		return nil, forms.Errorf(forms.EINVALID, "业务“%s”没有收费标准表，不能按续费办理", svc.Name)
	}
	if len(req.Fees) == 0 {
		return nil, forms.Errorf(forms.EINVALID, "请选择要续的费用（可以选一项，也可以都选）")
	}
	chosen := map[string]bool{}
	for _, id := range req.Fees {
		chosen[id] = true
	}
	var out []renewalFee
	for _, f := range svc.Fees {
		if !chosen[f.ID] {
			continue
		}
		delete(chosen, f.ID)
		if f.Schedule == "" || f.Table == nil {
			return nil, forms.Errorf(forms.EINVALID, "“%s”不是按收费标准续的费用", f.Name)
		}
		acct := forms.Account(cust, f.Schedule)
		lines, after, err := f.Table.Due(f.Name, acct, req.Months)
		if err != nil {
			return nil, err
		}
		out = append(out, renewalFee{fee: f, lines: lines, before: acct.PaidThrough, after: after})
	}
	for id := range chosen {
		return nil, forms.Errorf(forms.EINVALID, "业务“%s”中没有费用“%s”，请重新选择要续的费用", svc.Name, id)
	}
	return out, nil
}

// undoRenewal puts back the paid-through dates a renewal receipt advanced,
// when that receipt is voided, and cancels the renewal's case with the
// void reason. It is refused (ECONFLICT), naming the receipt, when a later
// renewal built on it, and when the date was changed since by other means;
// nothing is then voided. A receipt that renewed nothing is left alone.
func undoRenewal(ctx context.Context, tx *txn, w *who, r *forms.Receipt, reason string) error {
	rows, err := tx.QueryContext(ctx, `SELECT schedule, fee_name, COALESCE(paid_before, ''), paid_after
		FROM renewals WHERE receipt_id = ? ORDER BY schedule`, r.ID)
	if err != nil {
		return fmt.Errorf("read renewals: %w", err)
	}
	type undo struct{ schedule, name, before, after string }
	var undos []undo
	for rows.Next() {
		var u undo
		if err := rows.Scan(&u.schedule, &u.name, &u.before, &u.after); err != nil {
			rows.Close()
			return fmt.Errorf("scan renewal: %w", err)
		}
		undos = append(undos, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read renewals: %w", err)
	}
	if len(undos) == 0 {
		return nil
	}
	cust, err := findCustomer(ctx, tx, r.CustomerID)
	if err != nil {
		return err
	}
	before := *cust
	for _, u := range undos {
		var later, laterAfter string
		err := tx.QueryRowContext(ctx, `SELECT rc.number, rn.paid_after FROM renewals rn JOIN receipts rc ON rc.id = rn.receipt_id
			WHERE rn.customer_id = ? AND rn.schedule = ? AND rn.paid_before = ? AND rc.voided = 0 AND rn.receipt_id <> ?
			LIMIT 1`, cust.ID, u.schedule, u.after, r.ID).Scan(&later, &laterAfter)
		if err == nil {
			return forms.Errorf(forms.ECONFLICT, "收据%s把%s续至%s，之后收据%s又在此基础上续至%s：请先作废收据%s，再作废本收据",
				r.Number, u.name, u.after, later, laterAfter, later)
		}
		p := forms.PaidThrough(cust, u.schedule)
		if p == nil {
			return fmt.Errorf("renewal of unknown schedule %q", u.schedule)
		}
		if forms.FormatDate(*p) != u.after {
			return forms.Errorf(forms.ECONFLICT, "收据%s把%s续至%s，但客户资料中的截止日期现在是%s（已另行修改），不能自动退回：请先核对并改正客户资料中的缴费截止日期",
				r.Number, u.name, u.after, orNone(forms.FormatDate(*p)))
		}
		*p = parseDate(u.before)
		if _, err := tx.ExecContext(ctx, "UPDATE customers SET "+paidColumns[u.schedule]+" = ?, updated_at = ? WHERE id = ?",
			nullIf(u.before), ts(tx.now), cust.ID); err != nil {
			return fmt.Errorf("put back paid-through: %w", err)
		}
	}
	cust.UpdatedAt = tx.now
	if err := audit(ctx, tx, w, auditRec{action: ActFeeRenewUndo, entity: "customer", entityID: cust.ID,
		before: before, after: cust, note: fmt.Sprintf("续费收据%s作废，缴费截止日期退回", r.Number)}); err != nil {
		return err
	}
	if r.CaseID == "" {
		return nil // a renewal made before renewals were cases
	}
	c, err := findCase(ctx, tx, r.CaseID)
	if err != nil {
		return err
	}
	kase := cloneCase(c)
	if err := forms.VoidRenewalCase(c, r.Number, reason, tx.now); err != nil {
		return err
	}
	if err := updateCase(ctx, tx, c); err != nil {
		return err
	}
	return audit(ctx, tx, w, auditRec{action: ActCaseCancel, entity: "case", entityID: c.ID,
		before: kase, after: c, note: c.CancelReason})
}

func orNone(s string) string {
	if s == "" {
		return "（空）"
	}
	return s
}

// RenewalReceipts returns the customer's renewal receipts (those that
// advanced a paid-through date), newest first, voided ones included.
func (db *DB) RenewalReceipts(ctx context.Context, customerID string) ([]forms.Receipt, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return queryReceipts(ctx, tx, `WHERE r.id IN (SELECT receipt_id FROM renewals WHERE customer_id = ?)
		ORDER BY r.issued_at DESC, r.number DESC`, customerID)
}
