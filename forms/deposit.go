package forms

import (
	"slices"
	"time"
)

// DepositState is where a deposit (保障金) stands in the ledger.
type DepositState string

// The deposit states: held, then one of three ends.
const (
	DepositHeld      DepositState = "held"
	DepositRefunded  DepositState = "refunded"
	DepositForfeited DepositState = "forfeited"
	DepositVoided    DepositState = "voided" // its receipt was voided
)

// Label returns the state in Chinese.
func (s DepositState) Label() string {
	switch s {
	case DepositHeld:
		return "在押"
	case DepositRefunded:
		return "已退还"
	case DepositForfeited:
		return "已没收"
	case DepositVoided:
		return "已作废"
	}
	return string(s)
}

// Deposit is one entry of the deposit ledger: the household-card deposit
// a customer paid against a lent card.
type Deposit struct {
	ID            string
	CaseID        string
	CustomerID    string
	ReceiptID     string
	ReceiptNumber string
	Amount        Money
	Method        PaymentMethod // how it was paid
	RefundMethod  PaymentMethod // how it went back, once refunded
	State         DepositState
	TakenAt       time.Time
	ReturnDue     time.Time
	ClosedAt      time.Time
	ClosedBy      string // the user who refunded, or the supervisor who forfeited
	ApprovedBy    string // the supervisor who approved a refund
	Returned      string // what the customer brought back, as recorded
	Reason        string // forfeit reason
	Legacy        bool
	// Joined for lists: the customer's name, ID number and mobile.
	CustomerName   string
	CustomerIDNo   string
	CustomerMobile string
}

// DaysOutstanding counts the calendar days the deposit has been held on
// the given day.
func (d *Deposit) DaysOutstanding(day time.Time) int { return DaysBetween(d.TakenAt, day) }

// Overdue reports whether the card's return date has passed on the day.
func (d *Deposit) Overdue(day time.Time) bool {
	return !d.ReturnDue.IsZero() && DaysBetween(d.ReturnDue, day) > 0
}

// Returned items a clerk can record at a refund.
const (
	ReturnedCard    = "户籍卡原件"
	ReturnedNewCard = "新户籍卡复印件"
	ReturnedMigrate = "户口迁移证复印件"
	ReturnedPromise = "《户籍卡承诺书》"
	ReturnedReceipt = "保障金收据（客户联）"
)

// ReturnedItems lists what a refund desk can record as returned. A lost
// receipt is replaced by a resolved loss declaration, which the
// declaration's own flow records (not a tick box), so it is not here.
var ReturnedItems = []string{ReturnedCard, ReturnedNewCard, ReturnedMigrate, ReturnedPromise, ReturnedReceipt}

// RefundRequest is what the refund desk records.
type RefundRequest struct {
	DepositID string
	// Returned lists what came back; it must include the card (or the new
	// card's copy or migration certificate), the 承诺书 and the receipt (or
	// a resolved loss declaration).
	Returned []string
	Payment  Payment // how the money goes back
}

// Validate checks that the papers a refund needs came back.
func (r *RefundRequest) Validate() error {
	has := func(items ...string) bool {
		for _, want := range items {
			for _, got := range r.Returned {
				if got == want {
					return true
				}
			}
		}
		return false
	}
	if !has(ReturnedCard, ReturnedNewCard, ReturnedMigrate) {
		return Errorf(EINVALID, "退还保障金须收回户籍卡（或新户籍卡复印件、户口迁移证复印件），请勾选收回的材料")
	}
	if !has(ReturnedPromise) {
		return Errorf(EINVALID, "退还保障金须收回《户籍卡承诺书》，请勾选")
	}
	if !has(ReturnedReceipt) {
		return Errorf(EINVALID, "退还保障金须收回保障金收据（客户联）；收据遗失的，须先办理遗失声明，待挂失期满生效后凭声明退还")
	}
	for _, got := range r.Returned {
		if !slices.Contains(ReturnedItems, got) {
			return Errorf(EINVALID, "收回材料“%s”无效", got)
		}
	}
	switch r.Payment.Method {
	case PayCash, PayCard, PayMobile:
	default:
		return Errorf(EINVALID, "请选择退款方式")
	}
	return nil
}

// ContactAttempt records an attempt to reach a customer about an overdue
// card; a forfeit needs at least one.
type ContactAttempt struct {
	ID        string
	DepositID string
	At        time.Time
	By        string
	Channel   string // 电话, 短信, 上门, 信函
	Outcome   string
}

// CheckForfeit applies the forfeit rule: only after the return date has
// passed, with at least one recorded attempt to reach the customer, and a
// reason that RuleForfeitReason accepts.
func (d *Deposit) CheckForfeit(day time.Time, attempts int, reason string) error {
	if d.State != DepositHeld {
		return Errorf(ECONFLICT, "该保障金状态为“%s”，不能没收", d.State.Label())
	}
	if !d.Overdue(day) {
		return Errorf(ECONFLICT, "户籍卡归还日期（%s）尚未过，不能没收保障金", FormatDate(d.ReturnDue))
	}
	if attempts < 1 {
		return Errorf(ECONFLICT, "没收保障金前须至少记录一次联系客户的情况")
	}
	_, err := RuleForfeitReason.Check(reason)
	return err
}

// CanVoid reports whether the receipt r may be voided, given dep, the
// deposit it was issued for (nil for a fee receipt). It returns an
// ECONFLICT error saying why not: the receipt is already voided, or its
// deposit went back to the customer (refunded) or to the branch
// (forfeited), which a void cannot undo. The store applies the same rule
// inside the void's transaction; screens use it to disable 作废 with the
// reason beside it before a supervisor is called over.
func (r *Receipt) CanVoid(dep *Deposit) error {
	if r.Voided {
		return Errorf(ECONFLICT, "收据%s已于%s作废，不能重复作废", r.Number, r.VoidedAt.Local().Format("2006-01-02 15:04"))
	}
	if dep == nil {
		return nil
	}
	switch dep.State {
	case DepositRefunded:
		return Errorf(ECONFLICT, "收据%s对应的保障金已于%s退还，不能作废", r.Number, FormatDate(dep.ClosedAt))
	case DepositForfeited:
		return Errorf(ECONFLICT, "收据%s对应的保障金已于%s没收，不能作废", r.Number, FormatDate(dep.ClosedAt))
	}
	return nil
}
