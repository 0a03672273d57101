package forms

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// PaymentMethod is how the customer paid.
type PaymentMethod string

// The payment methods on a receipt.
const (
	PayCash   PaymentMethod = "cash"
	PayCard   PaymentMethod = "card"
	PayMobile PaymentMethod = "mobile"
)

// Label returns the method in Chinese.
func (p PaymentMethod) Label() string {
	switch p {
	case PayCash:
		return "现金"
	case PayCard:
		return "银行卡"
	case PayMobile:
		return "移动支付"
	}
	return string(p)
}

// TakesReference reports whether a payment by the method has a
// transaction reference (交易单号) to record: a bank card or a mobile
// payment; cash has none.
func (p PaymentMethod) TakesReference() bool { return p == PayCard || p == PayMobile }

// PaymentMethods lists the methods in the order the screen offers them.
var PaymentMethods = []PaymentMethod{PayCash, PayCard, PayMobile}

// Payment is what the clerk enters when money changes hands.
type Payment struct {
	Method    PaymentMethod
	Reference string // the transaction reference of a mobile or card payment
}

// Validate checks the payment; a mobile payment needs its reference. The
// reference is normalised and checked by RulePaymentReference (white space
// and invisible characters dropped, letters, digits and ASCII punctuation,
// at most 64 characters).
func (p *Payment) Validate() error {
	ref, err := RulePaymentReference.Check(p.Reference)
	if err != nil {
		return err
	}
	p.Reference = ref
	switch p.Method {
	case PayCash, PayCard:
	case PayMobile:
		if p.Reference == "" {
			return Errorf(EINVALID, "移动支付请填写交易单号（在客户付款记录中可以找到）")
		}
	default:
		return Errorf(EINVALID, "请选择收款方式：现金、银行卡或移动支付")
	}
	return nil
}

// ReceiptLine is one line on a receipt. Fee names the fee the line is
// for (人才储备费) when Text says more (its period); the day-end report
// sums lines by it.
type ReceiptLine struct {
	Text   string  `json:"text"`
	Amount Money   `json:"amount"`
	Kind   FeeKind `json:"kind"`
	Fee    string  `json:"fee,omitempty"`
}

// periodSuffix is the period a renewal line's text ends with (DueLine.Text):
// " 2025-07-01 至 2026-06-30".
var periodSuffix = regexp.MustCompile(` \d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}$`)

// FeeName is the fee the line is for: Fee, else the text without the
// period a renewal line's text ends with (lines stored before Fee
// existed), else the text. "人才储备费 2025-07-01 至 2026-06-30" → 人才储备费.
func (l ReceiptLine) FeeName() string {
	if l.Fee != "" {
		return l.Fee
	}
	if n := periodSuffix.ReplaceAllString(l.Text, ""); n != "" {
		return n
	}
	return l.Text
}

// Receipt is a numbered receipt (收据). It is voided, never deleted.
type Receipt struct {
	ID         string
	Number     string // QB01-2026-000123
	Year       int
	Seq        int64
	CaseID     string
	CustomerID string
	PayerName  string
	PayerID    string // the payer's ID number, printed in full on the receipt
	Lines      []ReceiptLine
	Total      Money
	Payment    Payment
	ClerkID    string
	ClerkName  string
	IssuedAt   time.Time
	Voided     bool
	VoidReason string
	VoidedBy   string
	VoidedAt   time.Time
	Legacy     bool // a paper receipt from before Counter Desk
}

// Station identifies one counter PC of a branch.
type Station struct {
	ID         string // uuid: the station's key at head office
	BranchCode string // 2–4 upper-case letters, e.g. QB
	BranchName string // printed on every document
	Payee      string // 收款单位 printed on receipts
	Number     int    // 1–99
	Phone      string // 网点电话, e.g. 0571-87654321; "" on a station set up before it was asked (see ParseStationPhone)
	CreatedAt  time.Time
	// Training marks a training station (`counterdesk demo`): every
	// document it prints carries a 练习 watermark and its header says
	// 练习模式. The store sets it; set-up never does.
	Training bool `json:",omitempty"`
}

var branchCodeRe = regexp.MustCompile(`^[A-Z]{2,4}$`)

// Code returns the station code, e.g. QB01.
func (s Station) Code() string { return fmt.Sprintf("%s%02d", s.BranchCode, s.Number) }

// Validate normalizes and checks the station's set-up fields; the branch
// name and the payee by RuleBranchName and RulePayee.
func (s *Station) Validate() error {
	s.BranchCode = upper(Normalize(StripInvisible(s.BranchCode)))
	if !branchCodeRe.MatchString(s.BranchCode) {
		return Errorf(EINVALID, "网点代码须为2到4个英文字母，例如 QB")
	}
	var err error
	if s.BranchName, err = RuleBranchName.Check(s.BranchName); err != nil {
		return err
	}
	if s.Payee, err = RulePayee.Check(s.Payee); err != nil {
		return err
	}
	if s.Number < 1 || s.Number > 99 {
		return Errorf(EINVALID, "窗口编号须在01到99之间")
	}
	return s.validatePhone()
}

// ParseStationNumber reads a station number typed as "1" or "01".
func ParseStationNumber(s string) (int, error) {
	n, err := strconv.Atoi(Normalize(s))
	if err != nil || n < 1 || n > 99 {
		return 0, Errorf(EINVALID, "窗口编号须为01到99之间的数字")
	}
	return n, nil
}

// ReceiptNumber formats a receipt number: station code, year, six-digit
// sequence, e.g. QB01-2026-000123.
func ReceiptNumber(stationCode string, year int, seq int64) string {
	return fmt.Sprintf("%s-%04d-%06d", stationCode, year, seq)
}

var receiptNumberRe = regexp.MustCompile(`^([A-Z]{2,4})(\d{2})-(\d{4})-(\d{6,})$`)

// ParseReceiptNumber splits a Counter Desk receipt number into its station
// code, year and sequence. ok is false for anything else (a paper receipt).
// Invisible format characters pasted with the number are ignored.
func ParseReceiptNumber(s string) (station string, year int, seq int64, ok bool) {
	m := receiptNumberRe.FindStringSubmatch(upper(Normalize(StripInvisible(s))))
	if m == nil {
		return "", 0, 0, false
	}
	year, _ = strconv.Atoi(m[3])
	seq, _ = strconv.ParseInt(m[4], 10, 64)
	return m[1] + m[2], year, seq, true
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// Replacement is what set-up asks when a new PC takes over a station whose
// PC broke: the year and the last receipt number on the paper 存根联 (the
// stubs stay at the counter; the database may be lost with the old PC).
type Replacement struct {
	Year    int
	LastSeq int64 // the sequence part of the last receipt number, 0 when none that year
}

// ParseReplacement reads what the supervisor typed: the year, and the last
// receipt number on the stub, whole (QB01-2026-000137) or just its sequence
// (137). A whole number must be this station's.
func ParseReplacement(stationCode, year, last string) (Replacement, error) {
	y, err := strconv.Atoi(Normalize(year))
	if err != nil || y < 2000 || y > 2200 {
		return Replacement{}, Errorf(EINVALID, "请填写存根联上最后一张收据的年份，如 2026")
	}
	last = upper(strings.ReplaceAll(Normalize(StripInvisible(last)), " ", ""))
	if last == "" {
		return Replacement{}, Errorf(EINVALID, "请填写存根联上最后一张收据的号码；该年度还没有开过收据的，填 0")
	}
	if st, ry, seq, ok := ParseReceiptNumber(last); ok {
		if st != stationCode {
			return Replacement{}, Errorf(EINVALID, "收据号 %s 属于窗口 %s，不是本窗口 %s：请核对窗口编号", last, st, stationCode)
		}
		if ry != y {
			return Replacement{}, Errorf(EINVALID, "收据号 %s 的年份是 %d，与填写的年份 %d 不一致", last, ry, y)
		}
		return Replacement{Year: y, LastSeq: seq}, nil
	}
	seq, err := strconv.ParseInt(last, 10, 64)
	if err != nil || seq < 0 || seq > 999999 {
		return Replacement{}, Errorf(EINVALID, "最后一张收据的号码“%s”不对：请填完整收据号（如 %s）或其最后的序号（如 137）", last, ReceiptNumber(stationCode, y, 137))
	}
	return Replacement{Year: y, LastSeq: seq}, nil
}
