package forms

import (
	"strings"
	"time"
)

// LegacyDeposit is a household-card deposit taken on a paper receipt before
// the branch used Counter Desk. A supervisor enters it at the refund desk;
// it becomes a 借户籍卡 case accepted on the day it was taken, so the card
// counts as lent and the refund and forfeit rules apply unchanged. It counts
// in the deposits held, never in the day's cash.
type LegacyDeposit struct {
	CustomerID    string
	ReceiptNumber string // as printed on the paper receipt
	TakenOn       time.Time
	Amount        Money
	Payment       Payment
	ReturnDue     time.Time
}

// Validate checks the entry against the day it is made. ownStation is the
// code of this station: a number in Counter Desk's own format was issued
// by Counter Desk, at this station or another, and is never entered again.
func (l *LegacyDeposit) Validate(today time.Time, ownStation string) error {
	if l.CustomerID == "" {
		return Errorf(EINVALID, "请先查找或新建这位客户，再录入其保障金")
	}
	num, err := RuleLegacyReceiptNumber.Check(l.ReceiptNumber)
	if err != nil {
		return err
	}
	l.ReceiptNumber = strings.ToUpper(num)
	if station, _, _, ok := ParseReceiptNumber(l.ReceiptNumber); ok {
		if station == ownStation {
			return Errorf(ECONFLICT, "收据号 %s 是本窗口的柜台通开出的，已在系统中，无需补录", l.ReceiptNumber)
		}
		return Errorf(ECONFLICT, "收据号 %s 是窗口 %s 的柜台通开出的，这笔保障金须在窗口 %s 办理退还（各窗口共享数据之前）", l.ReceiptNumber, station, station)
	}
	if l.TakenOn.IsZero() {
		return Errorf(EINVALID, "请填写收取保障金的日期（纸质收据上的日期）")
	}
	if DaysBetween(l.TakenOn, today) < 0 {
		return Errorf(EINVALID, "收取日期（%s）不能晚于今天", FormatDate(l.TakenOn))
	}
	if l.Amount <= 0 {
		return Errorf(EINVALID, "保障金金额必须大于零")
	}
	if l.ReturnDue.IsZero() {
		return Errorf(EINVALID, "请填写户籍卡应归还日期（承诺书上的日期）")
	}
	if DaysBetween(l.TakenOn, l.ReturnDue) <= 0 {
		return Errorf(EINVALID, "应归还日期（%s）须晚于收取日期（%s）", FormatDate(l.ReturnDue), FormatDate(l.TakenOn))
	}
	switch l.Payment.Method {
	case PayCash, PayCard, PayMobile:
	default:
		return Errorf(EINVALID, "请选择当时的收款方式：现金、银行卡或移动支付")
	}
	ref, err := RulePaymentReference.Check(l.Payment.Reference)
	if err != nil {
		return err
	}
	l.Payment.Reference = ref
	return nil
}
