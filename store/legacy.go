package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"counterdesk/forms"
)

// legacyService is the service a deposit held before Counter Desk is
// entered under: the household-card loan.
const legacyService = "borrow_card"

// EnterLegacyDeposit records a deposit taken on a paper receipt before the
// branch used Counter Desk (supervisor only). It becomes a 借户籍卡 case
// accepted on the day the deposit was taken, with a legacy receipt (the
// paper number, outside the station's series) and a held deposit, so the
// card counts as lent and the refund and forfeit rules apply unchanged. A
// paper number entered twice is refused, and so is a number in Counter
// Desk's own format.
func (db *DB) EnterLegacyDeposit(ctx context.Context, a forms.Actor, l forms.LegacyDeposit) (*forms.Deposit, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	d, err := enterLegacyDeposit(ctx, tx, a, l)
	if err != nil {
		return nil, err
	}
	return d, tx.commit()
}

func enterLegacyDeposit(ctx context.Context, tx *txn, a forms.Actor, l forms.LegacyDeposit) (*forms.Deposit, error) {
	w, err := supervisorActor(ctx, tx, a)
	if err != nil {
		return nil, err
	}
	st, err := findStation(ctx, tx)
	if err != nil {
		return nil, err
	}
	if err := l.Validate(tx.today(), st.Code()); err != nil {
		return nil, err
	}
	cust, err := findCustomer(ctx, tx, l.CustomerID)
	if err != nil {
		return nil, err
	}
	if !cust.Member {
		return nil, forms.Errorf(forms.EINVALID, "%s 不是集体户成员：借户籍卡的保障金只能录给集体户成员，请先在客户资料中勾选“集体户成员”", cust.Name)
	}
	var existing string
	switch err := tx.QueryRowContext(ctx, "SELECT payer_name FROM receipts WHERE number = ? AND voided = 0", l.ReceiptNumber).Scan(&existing); {
	case err == nil:
		return nil, forms.Errorf(forms.ECONFLICT, "收据号 %s 已经录入过（交款人 %s），不能重复录入", l.ReceiptNumber, existing)
	case !errors.Is(err, sql.ErrNoRows):
		return nil, fmt.Errorf("check legacy receipt: %w", err)
	}
	if other, err := lentCardCase(ctx, tx, cust.ID, ""); err != nil {
		return nil, err
	} else if other != nil {
		return nil, forms.Errorf(forms.ECONFLICT, "%s 的户籍卡已登记为借出（受理单%s），不能再录入一笔保障金", cust.Name, other.Number)
	}
	svc, err := findService(ctx, tx, legacyService, 0)
	if err != nil {
		return nil, err
	}
	number, err := nextCaseNumber(ctx, tx, st.Code())
	if err != nil {
		return nil, err
	}
	// The paper date at noon: a calendar day that reads the same in any
	// time zone the timestamp is shown in.
	taken := time.Date(l.TakenOn.Year(), l.TakenOn.Month(), l.TakenOn.Day(), 12, 0, 0, 0, time.Local)
	c := newCase(number, svc, cust.ID, w.user.ID, taken)
	c.Status, c.AcceptedAt, c.UpdatedAt = forms.CaseAccepted, taken, tx.now
	c.ReturnDue, c.Legacy = forms.Day(l.ReturnDue), true
	if err := insertCase(ctx, tx, c); err != nil {
		return nil, err
	}
	r := &forms.Receipt{
		ID: uuid.NewString(), Number: l.ReceiptNumber, Year: taken.Year(), CaseID: c.ID, CustomerID: cust.ID,
		PayerName: cust.Name, PayerID: cust.IDNumber, Total: l.Amount, Payment: l.Payment,
		Lines:   []forms.ReceiptLine{{Text: "户籍卡保障金（纸质收据补录）", Amount: l.Amount, Kind: forms.KindDeposit}},
		ClerkID: w.user.ID, ClerkName: w.user.Name, IssuedAt: taken, Legacy: true,
	}
	if err := insertLegacyReceipt(ctx, tx, r); err != nil {
		return nil, err
	}
	d := &forms.Deposit{
		ID: uuid.NewString(), CaseID: c.ID, CustomerID: cust.ID, ReceiptID: r.ID, ReceiptNumber: r.Number,
		Amount: l.Amount, Method: l.Payment.Method, State: forms.DepositHeld, TakenAt: taken,
		ReturnDue: c.ReturnDue, Legacy: true,
		CustomerName: cust.Name, CustomerIDNo: cust.IDNumber, CustomerMobile: cust.Mobile,
	}
	if err := insertDeposit(ctx, tx, d); err != nil {
		return nil, err
	}
	note := fmt.Sprintf("纸质收据%s补录，%s收取%s，应于%s归还户籍卡，受理单%s",
		r.Number, forms.FormatDate(taken), d.Amount, forms.FormatDate(d.ReturnDue), c.Number)
	if err := audit(ctx, tx, w, auditRec{action: ActDepositLegacy, entity: "deposit", entityID: d.ID, after: d, note: note}); err != nil {
		return nil, err
	}
	return d, nil
}

// insertLegacyReceipt stores a paper receipt: outside the station's series
// (no station code, no sequence), so it never moves the counter.
func insertLegacyReceipt(ctx context.Context, tx *txn, r *forms.Receipt) error {
	lines, err := json.Marshal(r.Lines)
	if err != nil {
		return fmt.Errorf("encode receipt lines: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO receipts
		(id, number, station_code, year, seq, source, case_id, customer_id, payer_name, payer_id, lines, total,
		 method, reference, clerk_id, issued_at, legacy)
		VALUES (?, ?, NULL, ?, NULL, 'legacy', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
		r.ID, r.Number, r.Year, r.CaseID, r.CustomerID, r.PayerName, r.PayerID, string(lines), int64(r.Total),
		string(r.Payment.Method), r.Payment.Reference, r.ClerkID, ts(r.IssuedAt)); err != nil {
		return fmt.Errorf("insert legacy receipt: %w", err)
	}
	return nil
}
