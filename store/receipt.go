package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"counterdesk/forms"

	"github.com/google/uuid"
)

// Receipt numbering.
//
// One series per station and calendar year, shared by fees and deposits:
// QB01-2026-000123. The series' counter (receipt_counters) is incremented
// inside the same IMMEDIATE transaction as the receipt insert, so numbers
// are gapless and unique however many clerks issue at once: a rolled-back
// transaction consumes no number, and a committed one loses none in a
// crash. The counter never goes down; a restore that would roll it back is
// caught by the high-water mark beside the database (hwm.go), and a
// replacement PC continues after the paper 存根联 (SetReceiptFloor).

const receiptCols = `r.id, r.number, r.year, COALESCE(r.seq, 0), r.case_id, r.customer_id, r.payer_name,
	r.payer_id, r.lines, r.total, r.method, r.reference, r.clerk_id, u.name, r.issued_at, r.voided,
	r.void_reason, v.name, r.voided_at, r.legacy`

const receiptFrom = ` FROM receipts r JOIN users u ON u.id = r.clerk_id LEFT JOIN users v ON v.id = r.voided_by`

func scanReceipt(row interface{ Scan(...any) error }) (*forms.Receipt, error) {
	var r forms.Receipt
	var lines, method, issued, voidedAt string
	if err := row.Scan(&r.ID, &r.Number, &r.Year, &r.Seq, str(&r.CaseID), str(&r.CustomerID), &r.PayerName,
		&r.PayerID, &lines, &r.Total, &method, &r.Payment.Reference, &r.ClerkID, &r.ClerkName, &issued,
		&r.Voided, &r.VoidReason, str(&r.VoidedBy), str(&voidedAt), &r.Legacy); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(lines), &r.Lines); err != nil {
		return nil, fmt.Errorf("decode lines of receipt %s: %w", r.Number, err)
	}
	r.Payment.Method = forms.PaymentMethod(method)
	r.IssuedAt, r.VoidedAt = parseTS(issued), parseTS(voidedAt)
	return &r, nil
}

func queryReceipts(ctx context.Context, tx *txn, where string, args ...any) ([]forms.Receipt, error) {
	return queryAll(ctx, tx, "receipts", scanReceipt, "SELECT "+receiptCols+receiptFrom+" "+where, args...)
}

func findReceipt(ctx context.Context, tx *txn, where string, args ...any) (*forms.Receipt, error) {
	r, err := scanReceipt(tx.QueryRowContext(ctx, "SELECT "+receiptCols+receiptFrom+" "+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, forms.Errorf(forms.ENOTFOUND, "找不到该收据")
	} else if err != nil {
		return nil, fmt.Errorf("read receipt: %w", err)
	}
	return r, nil
}

// issueReceipt numbers and stores a receipt: the next sequence of this
// station's series for the year, taken in this transaction. The caller has
// checked the lines and the payment.
func issueReceipt(ctx context.Context, tx *txn, w *who, st *forms.Station, cust *forms.Customer, r *forms.Receipt, source string) error {
	r.Total = 0
	for _, l := range r.Lines {
		r.Total += l.Amount
	}
	if r.Total <= 0 {
		return forms.Errorf(forms.EINVALID, "收据金额必须大于零")
	}
	if err := checkClock(ctx, tx); err != nil {
		return err
	}
	code := st.Code()
	year := forms.Day(tx.now).Year()
	var seq int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO receipt_counters (station_code, year, last_seq) VALUES (?, ?, 1)
		ON CONFLICT (station_code, year) DO UPDATE SET last_seq = last_seq + 1
		RETURNING last_seq`, code, year).Scan(&seq); err != nil {
		return fmt.Errorf("next receipt number: %w", err)
	}
	r.ID = uuid.NewString()
	r.Number = forms.ReceiptNumber(code, year, seq)
	r.Year, r.Seq = year, seq
	r.CustomerID = cust.ID
	r.PayerName, r.PayerID = cust.Name, cust.IDNumber
	r.ClerkID, r.ClerkName = w.user.ID, w.user.Name
	r.IssuedAt = tx.now
	lines, err := json.Marshal(r.Lines)
	if err != nil {
		return fmt.Errorf("encode receipt lines: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO receipts
		(id, number, station_code, year, seq, source, case_id, customer_id, payer_name, payer_id, lines, total,
		 method, reference, clerk_id, issued_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.Number, code, year, seq, source, nullIf(r.CaseID), r.CustomerID, r.PayerName, r.PayerID,
		string(lines), int64(r.Total), string(r.Payment.Method), r.Payment.Reference, r.ClerkID, ts(r.IssuedAt)); err != nil {
		return fmt.Errorf("insert receipt: %w", err)
	}
	tx.issued = append(tx.issued, highWater{station: code, year: year, seq: seq})
	return audit(ctx, tx, w, auditRec{action: ActReceiptIssue, entity: "receipt", entityID: r.ID, after: r,
		note: fmt.Sprintf("%s %s %s", r.Number, r.Total, r.Payment.Method.Label())})
}

// IssueReceipt issues a receipt for fees outside the accept step (a renewal,
// a fee added later). Deposits are taken only by AcceptCase, so deposit
// lines are refused, and so is a total that is not above zero. caseID may be
// "" when the receipt belongs to no case; customerID may be "" when caseID
// names the case's customer.
func (db *DB) IssueReceipt(ctx context.Context, a forms.Actor, caseID, customerID string, lines []forms.ReceiptLine, pay forms.Payment) (*forms.Receipt, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	r, err := issueFeeReceipt(ctx, tx, a, caseID, customerID, lines, pay)
	if err != nil {
		return nil, err
	}
	return r, tx.commit()
}

func issueFeeReceipt(ctx context.Context, tx *txn, a forms.Actor, caseID, customerID string, lines []forms.ReceiptLine, pay forms.Payment) (*forms.Receipt, error) {
	w, err := actor(ctx, tx, a)
	if err != nil {
		return nil, err
	}
	st, err := findStation(ctx, tx)
	if err != nil {
		return nil, err
	}
	if caseID != "" {
		c, err := findCase(ctx, tx, caseID)
		if err != nil {
			return nil, err
		}
		if c.Status == forms.CaseCancelled {
			return nil, forms.Errorf(forms.ECONFLICT, "受理单%s已取消，不能再开收据", c.Number)
		}
		if customerID == "" {
			customerID = c.CustomerID
		} else if customerID != c.CustomerID {
			return nil, forms.Errorf(forms.EINVALID, "收据的客户与受理单%s的客户不一致", c.Number)
		}
	}
	if customerID == "" {
		return nil, forms.Errorf(forms.EINVALID, "请先选择付款的客户")
	}
	cust, err := findCustomer(ctx, tx, customerID)
	if err != nil {
		return nil, err
	}
	var total forms.Money
	out := make([]forms.ReceiptLine, 0, len(lines))
	for _, l := range lines {
		l.Text = forms.Normalize(l.Text)
		switch l.Kind {
		case "", forms.KindFee:
			l.Kind = forms.KindFee
		case forms.KindDeposit:
			return nil, forms.Errorf(forms.EINVALID, "保障金只能在受理借户籍卡、转户等业务时收取，不能单独开收据")
		default:
			return nil, forms.Errorf(forms.EINVALID, "收据项目“%s”的类别无效", l.Text)
		}
		if l.Text == "" {
			return nil, forms.Errorf(forms.EINVALID, "收据的每一行须写明收费项目")
		}
		if l.Amount < 0 {
			return nil, forms.Errorf(forms.EINVALID, "收费项目“%s”的金额不能为负数", l.Text)
		}
		if l.Amount > forms.MaxMoney || total+l.Amount > forms.MaxMoney {
			return nil, forms.Errorf(forms.EINVALID, "收据金额过大，请核对")
		}
		total += l.Amount
		if l.Amount > 0 {
			out = append(out, l)
		}
	}
	if total <= 0 {
		return nil, forms.Errorf(forms.EINVALID, "收据金额必须大于零")
	}
	if err := pay.Validate(); err != nil {
		return nil, err
	}
	r := &forms.Receipt{CaseID: caseID, Lines: out, Payment: pay}
	if err := issueReceipt(ctx, tx, w, st, cust, r, "fee"); err != nil {
		return nil, err
	}
	return r, nil
}

// ReceiptsOfCase returns the receipts of a case in the order issued,
// voided ones included (marked Voided).
func (db *DB) ReceiptsOfCase(ctx context.Context, caseID string) ([]forms.Receipt, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return queryReceipts(ctx, tx, "WHERE r.case_id = ? ORDER BY r.issued_at, r.number", caseID)
}

// Receipt returns a receipt by id.
func (db *DB) Receipt(ctx context.Context, id string) (*forms.Receipt, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findReceipt(ctx, tx, "WHERE r.id = ?", id)
}

// ReceiptByNumber returns a receipt by its number, as typed (full-width
// characters and lower case are accepted).
func (db *DB) ReceiptByNumber(ctx context.Context, number string) (*forms.Receipt, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	// A paper number may stand on a voided entry and its correction: the
	// valid one first.
	return findReceipt(ctx, tx, "WHERE r.number = ? ORDER BY r.voided LIMIT 1", strings.ToUpper(forms.Normalize(forms.StripInvisible(number))))
}

// VoidReceipt voids a wrong receipt (supervisor, with a reason). The receipt
// stays in every list, marked. Voiding the receipt of a held deposit voids
// the deposit and returns the case to the accept step, where a new receipt
// is issued; so does voiding the receipt issued when a case was accepted. A
// receipt whose deposit was refunded or forfeited cannot be voided.
func (db *DB) VoidReceipt(ctx context.Context, a forms.Actor, receiptID, reason string) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := voidReceipt(ctx, tx, a, receiptID, reason); err != nil {
		return err
	}
	return tx.commit()
}

func voidReceipt(ctx context.Context, tx *txn, a forms.Actor, receiptID, reason string) error {
	w, err := supervisorActor(ctx, tx, a)
	if err != nil {
		return err
	}
	r, err := findReceipt(ctx, tx, "WHERE r.id = ?", receiptID)
	if err != nil {
		return err
	}
	reason, err = forms.RuleVoidReason.Check(reason)
	if err != nil {
		return err
	}
	var source string
	if err := tx.QueryRowContext(ctx, "SELECT source FROM receipts WHERE id = ?", r.ID).Scan(&source); err != nil {
		return fmt.Errorf("read receipt source: %w", err)
	}
	dep, err := findDepositWhere(ctx, tx, "WHERE d.receipt_id = ? ORDER BY d.taken_at DESC LIMIT 1", r.ID)
	if forms.ErrorCode(err) == forms.ENOTFOUND {
		dep = nil
	} else if err != nil {
		return err
	}
	if err := r.CanVoid(dep); err != nil {
		return err
	}
	// A receipt declared lost stays as it is while the loss period runs.
	if l, err := lossOfReceipt(ctx, tx, r.ID); err != nil {
		return err
	} else if err := l.BlocksVoid(r); err != nil {
		return err
	}
	// A renewal receipt puts the paid-through dates back and cancels its
	// case, or refuses when a later renewal built on it.
	if err := undoRenewal(ctx, tx, w, r, reason); err != nil {
		return err
	}

	sup := w.supervisor()
	before := *r
	if _, err := tx.ExecContext(ctx, `UPDATE receipts SET voided = 1, void_reason = ?, voided_by = ?, voided_at = ?
		WHERE id = ?`, reason, sup.ID, ts(tx.now), r.ID); err != nil {
		return fmt.Errorf("void receipt: %w", err)
	}
	r.Voided, r.VoidReason, r.VoidedBy, r.VoidedAt = true, reason, sup.Name, tx.now
	if err := audit(ctx, tx, w, auditRec{action: ActReceiptVoid, entity: "receipt", entityID: r.ID,
		before: before, after: r, note: r.Number + "：" + reason}); err != nil {
		return err
	}

	depositHeld := dep != nil && dep.State == forms.DepositHeld
	if depositHeld {
		if err := closeDeposit(ctx, tx, dep, forms.DepositVoided, sup.ID, "", "", reason, forms.Payment{}); err != nil {
			return err
		}
		if err := audit(ctx, tx, w, auditRec{action: ActDepositVoid, entity: "deposit", entityID: dep.ID,
			note: fmt.Sprintf("收据%s作废：%s", r.Number, reason)}); err != nil {
			return err
		}
	}
	if r.CaseID != "" && source == "legacy" {
		// A paper deposit entered by mistake: its case is not an accept
		// step to return to, so it is cancelled with the reason.
		c, err := findCase(ctx, tx, r.CaseID)
		if err != nil {
			return err
		}
		if c.Status.Open() {
			before := cloneCase(c)
			if err := c.Cancel("补录的纸质收据作废："+reason, false, tx.now); err != nil {
				return err
			}
			if err := updateCase(ctx, tx, c); err != nil {
				return err
			}
			if err := audit(ctx, tx, w, auditRec{action: ActCaseCancel, entity: "case", entityID: c.ID,
				before: before, after: c, note: c.CancelReason}); err != nil {
				return err
			}
		}
		return nil
	}
	if r.CaseID != "" && (depositHeld || source == "accept") {
		c, err := findCase(ctx, tx, r.CaseID)
		if err != nil {
			return err
		}
		if c.Status == forms.CaseAccepted || c.Status == forms.CaseWaiting {
			before := cloneCase(c)
			if err := c.Move(forms.CaseDraft, tx.now); err != nil {
				return err
			}
			if err := updateCase(ctx, tx, c); err != nil {
				return err
			}
			if err := audit(ctx, tx, w, auditRec{action: ActCaseDraft, entity: "case", entityID: c.ID,
				before: before, after: c, note: fmt.Sprintf("收据%s作废，受理单退回待受理，须重新受理并开具新收据", r.Number)}); err != nil {
				return err
			}
		}
	}
	return nil
}

// SetReceiptFloor continues this year's receipt numbering after the last
// number on the paper 存根联 (supervisor): after a restore from an older
// backup, or on a PC that replaces a broken one. Numbering continues after
// the higher of the paper's and the database's; a skipped range is recorded
// with the reason in the audit log.
func (db *DB) SetReceiptFloor(ctx context.Context, a forms.Actor, year int, lastPaperSeq int64) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := setReceiptFloor(ctx, tx, a, year, lastPaperSeq); err != nil {
		return err
	}
	return tx.commit()
}

func setReceiptFloor(ctx context.Context, tx *txn, a forms.Actor, year int, lastPaperSeq int64) error {
	w, err := supervisorActor(ctx, tx, a)
	if err != nil {
		return err
	}
	st, err := findStation(ctx, tx)
	if err != nil {
		return err
	}
	if cur := forms.Day(tx.now).Year(); year != cur {
		return forms.Errorf(forms.EINVALID, "只能设置本年度（%d年）的收据续号", cur)
	}
	if lastPaperSeq < 0 || lastPaperSeq > 999999 {
		return forms.Errorf(forms.EINVALID, "存根联最后一张收据的序号须在0到999999之间")
	}
	code := st.Code()
	last, err := counterSeq(ctx, tx, code, year)
	if err != nil {
		return err
	}
	paper := forms.ReceiptNumber(code, year, lastPaperSeq)
	if lastPaperSeq <= last {
		return audit(ctx, tx, w, auditRec{action: ActReceiptFloor, entity: "receipt_series",
			entityID: fmt.Sprintf("%s-%04d", code, year),
			note: fmt.Sprintf("主管核对纸质存根联，最后一张为 %s；本机已开出至 %s，无需跳号",
				paper, forms.ReceiptNumber(code, year, last))})
	}
	reason := fmt.Sprintf("主管核对纸质存根联，最后一张收据号为 %s，而数据库只记录到 %s（恢复备份或更换电脑后续号）",
		paper, forms.ReceiptNumber(code, year, last))
	return raiseCounter(ctx, tx, w, code, year, last, lastPaperSeq, reason)
}
