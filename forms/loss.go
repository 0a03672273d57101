package forms

import (
	"slices"
	"sort"
	"strings"
	"time"
)

// LostKind is what the customer lost: a receipt or a paper invoice. A fully
// digital e-invoice (数电票) cannot be lost and starts no declaration.
type LostKind string

// The kinds of lost paper.
const (
	LostReceipt  LostKind = "receipt"  // 收据
	LostInvoice  LostKind = "invoice"  // 发票 (paper, or an electronic invoice printed on paper)
	LostEInvoice LostKind = "einvoice" // 数电票: never lost, refused with where to download it again
)

// Label returns the kind in Chinese, as the declaration prints it.
func (k LostKind) Label() string {
	switch k {
	case LostReceipt:
		return "收据"
	case LostInvoice:
		return "发票"
	case LostEInvoice:
		return "全电发票（数电票）"
	}
	return string(k)
}

// EInvoiceMessage is what the clerk is told for a fully digital e-invoice:
// it cannot be lost, so no loss period starts.
const EInvoiceMessage = "全电发票（数电票）是电子文件，不会遗失，不需要办理遗失声明，也不开始挂失期。" +
	"请客户登录电子发票服务平台的税务数字账户（或开票方的开票平台）重新下载该发票；需要纸质件的，下载后打印即可。"

// PeriodCount says how a loss period counts its days.
type PeriodCount string

// The ways of counting a loss period.
const (
	CountCalendar PeriodCount = "calendar" // every day counts (the default)
	CountWorking  PeriodCount = "working"  // only working days, by the holiday calendar
)

// DefaultLossDays is the loss period when the catalogue names none: 15
// calendar days.
const DefaultLossDays = 15

// WaitingPeriod is a service's waiting period (the loss period of a lost
// receipt): Days days, counted as calendar days or as working days by the
// supervisor's holiday calendar. The period starts the day after the
// declaration (自声明办理之日起, the day itself not counted) and ends on
// its last day; the declaration can be resolved from the next day on.
type WaitingPeriod struct {
	Days  int         `json:"days"`
	Count PeriodCount `json:"count,omitempty"` // "" is calendar days
}

// Label describes the period, e.g. "15个自然日" or "10个工作日".
func (w WaitingPeriod) Label() string {
	if w.Count == CountWorking {
		return itoa(w.Days) + "个工作日"
	}
	return itoa(w.Days) + "个自然日"
}

// Validate checks the period: 1 to 180 days, counted as calendar or working
// days.
func (w WaitingPeriod) Validate() error {
	if w.Days < 1 || w.Days > 180 {
		return Errorf(EINVALID, "挂失期天数须在1到180天之间，请改正（常用15天）")
	}
	switch w.Count {
	case "", CountCalendar, CountWorking:
	default:
		return Errorf(EINVALID, "挂失期的计算方式“%s”无效：请选择自然日或工作日", w.Count)
	}
	return nil
}

// EndDay returns the last day of the period for a declaration made on
// start. Working days are counted by cal; a year the calendar does not hold
// is refused with a message asking the supervisor to enter it.
func (w WaitingPeriod) EndDay(start time.Time, cal HolidayCalendars) (time.Time, error) {
	if err := w.Validate(); err != nil {
		return time.Time{}, err
	}
	day := Day(start)
	if w.Count != CountWorking {
		return day.AddDate(0, 0, w.Days), nil
	}
	for n := 0; n < w.Days; {
		day = day.AddDate(0, 0, 1)
		work, err := cal.Working(day)
		if err != nil {
			return time.Time{}, err
		}
		if work {
			n++
		}
	}
	return day, nil
}

// HolidayCalendar is one year's public holidays and make-up working days
// (调休), kept by the supervisor. A day is a working day when it is a
// make-up working day, or a Monday to Friday that is not a holiday.
type HolidayCalendar struct {
	Year     int         `json:"year"`
	Holidays []time.Time `json:"holidays"` // days off, e.g. 2026-10-01 … 2026-10-07
	Workdays []time.Time `json:"workdays"` // Saturdays or Sundays worked instead (调休上班)
}

// Validate checks the calendar: a year from 2000 to 2100, every date in
// that year, no day both a holiday and a make-up working day, and a make-up
// working day only on a Saturday or Sunday. The days are sorted and
// duplicates dropped.
func (h *HolidayCalendar) Validate() error {
	if h.Year < 2000 || h.Year > 2100 {
		return Errorf(EINVALID, "节假日安排的年份须在2000到2100之间，请改正")
	}
	clean := func(days []time.Time, what string) ([]time.Time, error) {
		seen := map[string]bool{}
		var out []time.Time
		for _, d := range days {
			d = Day(d)
			if d.Year() != h.Year {
				return nil, Errorf(EINVALID, "%s %s 不在%d年内：每年的节假日安排分开录入，请改正", what, FormatDate(d), h.Year)
			}
			if !seen[FormatDate(d)] {
				seen[FormatDate(d)] = true
				out = append(out, d)
			}
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
		return out, nil
	}
	var err error
	if h.Holidays, err = clean(h.Holidays, "放假日"); err != nil {
		return err
	}
	if h.Workdays, err = clean(h.Workdays, "调休上班日"); err != nil {
		return err
	}
	for _, w := range h.Workdays {
		if wd := w.Weekday(); wd != time.Saturday && wd != time.Sunday {
			return Errorf(EINVALID, "调休上班日 %s 是周%s，本来就上班：调休上班日只能是周六或周日，请改正", FormatDate(w), weekdayCN(wd))
		}
		for _, hd := range h.Holidays {
			if hd.Equal(w) {
				return Errorf(EINVALID, "%s 既是放假日又是调休上班日，请只保留一个", FormatDate(w))
			}
		}
	}
	return nil
}

func weekdayCN(d time.Weekday) string {
	return []string{"日", "一", "二", "三", "四", "五", "六"}[d]
}

// ParseDays reads a list of dates typed one per line or separated by
// commas, spaces or 、 (each as ParseDate reads it). A bad date is refused,
// naming it and the list (what).
func ParseDays(s, what string) ([]time.Time, error) {
	f := func(r rune) bool {
		return r == ',' || r == '，' || r == '、' || r == ';' || r == '；' || r == '\n' || r == '\r' || r == ' ' || r == '\t' || r == '　'
	}
	var out []time.Time
	for _, part := range strings.FieldsFunc(s, f) {
		d, err := ParseDate(part)
		if err != nil {
			return nil, Errorf(EINVALID, "%s中的“%s”不是有效日期：请写成 2026-10-01 的样子，每个日期用逗号或换行分开", what, part)
		}
		out = append(out, d)
	}
	return out, nil
}

// HolidayCalendars are the calendars of several years, by year.
type HolidayCalendars map[int]HolidayCalendar

// Working reports whether day is a working day, for the loss period: a
// year without a calendar is an EINVALID error asking the supervisor to
// enter it (or to count the period in calendar days). Other callers use
// WorkingFor to name their own purpose.
func (c HolidayCalendars) Working(day time.Time) (bool, error) {
	return c.WorkingFor(day, "挂失期", "（或把挂失期改为按自然日计算）")
}

// WorkingFor reports whether day is a working day: a make-up working day
// (调休上班), or a Monday to Friday that is not a holiday. A year without
// a calendar is an EINVALID error that names what is counted in working
// days (what, e.g. "投诉的答复期限"), asks the supervisor to enter that
// year's calendar in 设置, and ends with alternative (what else may be
// done meanwhile; "" for nothing).
func (c HolidayCalendars) WorkingFor(day time.Time, what, alternative string) (bool, error) {
	h, ok := c[day.Year()]
	if !ok {
		return false, Errorf(EINVALID, "%s按工作日计算，但还没有录入%d年的节假日和调休安排：请主管在“设置”中录入后再办理%s", what, day.Year(), alternative)
	}
	day = Day(day)
	for _, w := range h.Workdays {
		if w.Equal(day) {
			return true, nil
		}
	}
	for _, hd := range h.Holidays {
		if hd.Equal(day) {
			return false, nil
		}
	}
	wd := day.Weekday()
	return wd != time.Saturday && wd != time.Sunday, nil
}

// Outcome is one way a waiting period can end (the seed's three outcomes
// of a lost receipt or invoice), as catalogue data: which lost papers it
// applies to, whether it refunds (only the customer in person may then
// resolve it), and what is printed.
type Outcome struct {
	ID    string     `json:"id"`    // e.g. "refund"
	Label string     `json:"label"` // e.g. "退款"
	Kinds []LostKind `json:"kinds"` // the lost papers it applies to
	// Refunds makes the resolved declaration stand in for the lost receipt
	// at the refund desk; only the customer in person may choose it.
	Refunds bool `json:"refunds,omitempty"`
	// Copies are the copies of the declaration printed at resolution, e.g.
	// one 客户留存 copy; none when nothing is printed.
	Copies []CopyLabel `json:"copies,omitempty"`
	// Boxes are boxes drawn under the copies, e.g. for the finance stamp
	// or to paste the invoice's bookkeeping part.
	Boxes []string `json:"boxes,omitempty"`
	// BookkeepingCopy reprints our own receipt's 记账联 marked 副本 with
	// the copies.
	BookkeepingCopy bool `json:"bookkeeping_copy,omitempty"`
}

// validateWaiting checks a service's waiting period and outcomes: a period
// that validates, outcomes with unique IDs, labels and known lost kinds,
// and outcomes only with a period.
func (s *Service) validateWaiting() error {
	if s.Waiting == nil {
		if len(s.Outcomes) > 0 {
			return Errorf(EINVALID, "业务“%s”有办结结果但没有挂失期：请填写挂失期天数", s.Name)
		}
		return nil
	}
	if err := s.Waiting.Validate(); err != nil {
		return Errorf(EINVALID, "业务“%s”：%s", s.Name, ErrorMessage(err))
	}
	if len(s.Outcomes) == 0 {
		return Errorf(EINVALID, "业务“%s”有挂失期但没有办结结果：请至少写一种结果", s.Name)
	}
	ids := map[string]bool{}
	for _, o := range s.Outcomes {
		if o.ID == "" || strings.TrimSpace(o.Label) == "" {
			return Errorf(EINVALID, "业务“%s”有办结结果缺少编号或名称", s.Name)
		}
		if ids[o.ID] {
			return Errorf(EINVALID, "业务“%s”的办结结果编号“%s”重复", s.Name, o.ID)
		}
		ids[o.ID] = true
		if len(o.Kinds) == 0 {
			return Errorf(EINVALID, "业务“%s”的办结结果“%s”没有写明适用于收据还是发票", s.Name, o.Label)
		}
		for _, k := range o.Kinds {
			if k != LostReceipt && k != LostInvoice {
				return Errorf(EINVALID, "业务“%s”的办结结果“%s”的票据种类“%s”无效：只能是收据或发票", s.Name, o.Label, k)
			}
		}
	}
	return nil
}

// LossState is where a declaration stands.
type LossState string

// The declaration states.
const (
	LossPending  LossState = "pending"  // in its loss period, or past it and not yet resolved
	LossResolved LossState = "resolved" // resolved as one of the outcomes
)

// LossDeclaration is a 《收据、发票遗失声明》: a lost receipt of ours (ReceiptID
// set), a paper-era receipt or an invoice, declared by the customer in
// person or by an agent (代理人). While pending, our receipt is blocked:
// no refund is made against it. Amounts are in fen.
type LossDeclaration struct {
	ID           string
	Number       string // e.g. YS-2026-0001
	CustomerID   string
	CustomerName string // as on the receipt
	CustomerIDNo string
	Kind         LostKind
	ReceiptID    string    // our receipt; "" for a paper-era receipt or an invoice
	DocNumber    string    // the lost receipt's or invoice's number
	DocDate      time.Time // the day it was issued
	Amount       Money
	PaidFor      string // what it paid for
	Agent        bool
	AgentName    string
	AgentIDNo    string
	Story        string // 遗失经过
	Period       WaitingPeriod
	DeclaredAt   time.Time
	EndDay       time.Time // the last day of the loss period
	ClerkName    string
	State        LossState
	Outcome      string // the Outcome ID once resolved
	OutcomeLabel string
	Refunds      bool // the outcome refunds: the declaration stands in for the receipt
	InPerson     bool // resolved by the customer in person
	ServiceCode  string
	ServiceVer   int // the service version the declaration was made under
	ResolvedAt   time.Time
	ResolvedBy   string
	DepositID    string // the deposit refunded against it, once used
	// Deposit is the deposit the lost receipt was issued for (ours, or a
	// paper-era deposit entered at the desk), its newest; nil when the
	// paper carries none (an invoice, a fee receipt, a paper receipt not
	// entered). Filled by the store when the declaration is read.
	Deposit *Deposit
	// CaseID is the case (受理单) of the declaration: accepted while the
	// loss period runs, completed when it is resolved. Its prints are
	// recorded on it, so a second print is 补打. "" for a declaration made
	// before declarations were cases.
	CaseID string
}

// Pending reports whether the declaration still blocks its receipt.
func (l *LossDeclaration) Pending() bool { return l.State == LossPending }

// FirstDay is the first day the declaration may be resolved: the day after
// the loss period ends.
func (l *LossDeclaration) FirstDay() time.Time { return Day(l.EndDay).AddDate(0, 0, 1) }

// RuleLostDocNumber is the lost receipt's or invoice's number.
var RuleLostDocNumber = Field{Name: "原票据号码", Kind: KindCode, Max: 40, Required: true,
	Empty: "请填写遗失的收据或发票的号码（在客户的付款记录或发票存根上可以找到）"}

// RuleLostPaidFor is what a lost paper receipt or invoice paid for.
var RuleLostPaidFor = Field{Name: "所付款项", Kind: KindLine, Max: 60, Required: true, Prose: true,
	Empty: "请填写原票据所付的款项，例如“户籍卡保障金”"}

// RuleLossStory is how the paper was lost.
var RuleLossStory = Field{Name: "遗失经过", Kind: KindText, Max: 300}

// Validate checks a declaration as the clerk filled it in, on day: the
// kind (a 数电票 is refused with EInvoiceMessage), the number, date, amount
// and what it paid for, the customer's ID number, and for an agent the
// agent's name and an ID number that is valid and not the customer's.
func (l *LossDeclaration) Validate(day time.Time) error {
	switch l.Kind {
	case LostReceipt, LostInvoice:
	case LostEInvoice:
		return Errorf(EINVALID, "%s", EInvoiceMessage)
	default:
		return Errorf(EINVALID, "请选择遗失的是收据还是发票")
	}
	var err error
	if l.DocNumber, err = RuleLostDocNumber.Check(l.DocNumber); err != nil {
		return err
	}
	l.DocNumber = strings.ToUpper(l.DocNumber)
	if l.DocDate.IsZero() {
		return Errorf(EINVALID, "请填写原%s的开具日期", l.Kind.Label())
	}
	if Day(l.DocDate).After(Day(day)) {
		return Errorf(EINVALID, "原%s的开具日期 %s 晚于今天，请改正", l.Kind.Label(), FormatDate(l.DocDate))
	}
	if l.Amount <= 0 {
		return Errorf(EINVALID, "请填写原%s的金额（大于0，例如 600.00）", l.Kind.Label())
	}
	if l.PaidFor, err = RuleLostPaidFor.Check(l.PaidFor); err != nil {
		return err
	}
	if l.Story, err = RuleLossStory.Check(l.Story); err != nil {
		return err
	}
	if l.CustomerIDNo == "" {
		return Errorf(EINVALID, "客户档案中没有身份证号码：请先在客户档案中补录客户本人的身份证号码，再办理遗失声明")
	}
	cust, err := ParseID(l.CustomerIDNo)
	if err != nil {
		return Errorf(EINVALID, "客户的身份证号码有误：%s 请先在客户档案中改正", ErrorMessage(err))
	}
	if !l.Agent {
		l.AgentName, l.AgentIDNo = "", ""
		return nil
	}
	if l.AgentName, err = RuleCustomerName.Check(l.AgentName); err != nil {
		return Errorf(EINVALID, "代理人姓名：%s", ErrorMessage(err))
	}
	agent, err := ParseID(l.AgentIDNo)
	if err != nil {
		return Errorf(EINVALID, "代理人身份证号码：%s", ErrorMessage(err))
	}
	l.AgentIDNo = agent.Number
	if agent.Number == cust.Number {
		return Errorf(EINVALID, "代理人的身份证号码与客户本人的相同：代理人须是客户以外的人。客户本人来办理的，请在“办理人”中选择“客户本人”；否则请核对代理人身份证，填写代理人本人的号码")
	}
	return nil
}

// CheckReceipt checks the declaration against our own record of the
// receipt: not voided, the same amount, and the customer's name as on the
// receipt. It fills in the number, date and what it paid for from the
// record.
func (l *LossDeclaration) CheckReceipt(r *Receipt) error {
	if r.Voided {
		return Errorf(EINVALID, "收据 %s 已于%s作废（%s），作废的收据不能办理遗失声明；请核对收据号，客户持有的应是重开的收据", r.Number, FormatDate(r.VoidedAt), r.VoidReason)
	}
	if l.Amount != r.Total {
		return Errorf(EINVALID, "填写的金额 %s 与本系统收据 %s 的金额 %s 不一致：请按收据记录核对金额", l.Amount, r.Number, r.Total)
	}
	if l.CustomerName != "" && r.PayerName != "" && l.CustomerName != r.PayerName {
		return Errorf(EINVALID, "声明人“%s”与收据 %s 上的交款人“%s”不是同一人：遗失声明须以收据上的客户名义办理", l.CustomerName, r.Number, r.PayerName)
	}
	l.FromReceipt(r)
	return nil
}

// FromReceipt fills in what our record of the receipt knows: its ID,
// number, date and, when not typed, what it paid for.
func (l *LossDeclaration) FromReceipt(r *Receipt) {
	l.ReceiptID, l.DocNumber, l.DocDate = r.ID, r.Number, Day(r.IssuedAt)
	if l.PaidFor == "" {
		var items []string
		for _, line := range r.Lines {
			items = append(items, line.Text)
		}
		l.PaidFor = strings.Join(items, "、")
		if r := []rune(l.PaidFor); len(r) > RuleLostPaidFor.Max {
			l.PaidFor = string(r[:RuleLostPaidFor.Max])
		}
	}
}

// CanResolve checks that the declaration may be resolved as outcome o on
// day: pending, past its loss period, an outcome for its kind, and a refund
// only for the customer in person. Each refusal says why and, for an
// early one, from which day.
func (l *LossDeclaration) CanResolve(o *Outcome, day time.Time, inPerson bool) error {
	if l.State != LossPending {
		return Errorf(ECONFLICT, "遗失声明 %s 已于%s办结（%s），不能再办结", l.Number, FormatDate(l.ResolvedAt), l.OutcomeLabel)
	}
	if o == nil {
		return Errorf(EINVALID, "请选择办结结果")
	}
	if !Day(day).After(Day(l.EndDay)) {
		return Errorf(ECONFLICT, "挂失期至%s止，期满前不能办结：请于%s起凭身份证原件再来办理", FormatDate(l.EndDay), FormatDate(l.FirstDay()))
	}
	if !slices.Contains(o.Kinds, l.Kind) {
		return Errorf(EINVALID, "“%s”不适用于遗失的%s，请选择适用的结果", o.Label, l.Kind.Label())
	}
	if o.Refunds && !inPerson {
		return Errorf(EINVALID, "退款须由客户%s本人凭身份证原件办理，代理人不能办理退款：请客户本人于%s起来办理（代理人可办理不退款的结果）", l.CustomerName, FormatDate(l.FirstDay()))
	}
	return nil
}

// ReplacesReceipt checks, at the refund desk on day, that the declaration
// may stand in for the lost receipt of a deposit: resolved as a refund and
// not used before. A pending declaration blocks the refund (someone who
// finds the receipt cannot draw the deposit twice), saying until when.
func (l *LossDeclaration) ReplacesReceipt(day time.Time) error {
	if l.State == LossPending {
		first := l.FirstDay()
		if Day(day).Before(first) {
			return Errorf(ECONFLICT, "收据 %s 已于%s办理遗失声明（%s），挂失期至%s止，期间该收据被冻结，不能退款。请客户本人于%s起凭身份证原件先办结遗失声明（选“退款”），再凭声明退还",
				l.DocNumber, FormatDate(l.DeclaredAt), l.Number, FormatDate(l.EndDay), FormatDate(first))
		}
		return Errorf(ECONFLICT, "收据 %s 已办理遗失声明（%s），挂失期已于%s期满，但声明尚未办结：请先在遗失声明中由客户本人办结为“退款”，再凭声明退还", l.DocNumber, l.Number, FormatDate(l.EndDay))
	}
	if !l.Refunds {
		return Errorf(ECONFLICT, "收据 %s 的遗失声明（%s）已于%s按“%s”办结，不能凭它退款；原收据也已作废，不能再用", l.DocNumber, l.Number, FormatDate(l.ResolvedAt), l.OutcomeLabel)
	}
	if l.DepositID != "" {
		return Errorf(ECONFLICT, "遗失声明 %s 已用于退还保障金，不能再次退款", l.Number)
	}
	return nil
}

// BlocksVoid refuses (ECONFLICT) to void the receipt r while a
// declaration for it (l, nil when none) is pending: the customer was told
// the receipt is blocked until the loss period ends and then resolved, and
// a voided receipt would leave the declaration nothing to resolve. The
// message says what to do instead. A resolved declaration, or none, allows
// the void.
func (l *LossDeclaration) BlocksVoid(r *Receipt) error {
	if l == nil || l.State != LossPending {
		return nil
	}
	return Errorf(ECONFLICT, "收据%s已于%s办理遗失声明（%s），挂失期至%s止，声明尚未办结：办理中的遗失声明所涉收据不能作废。请先在该客户的遗失声明中于%s起办结，再作废收据",
		r.Number, FormatDate(l.DeclaredAt), l.Number, FormatDate(l.EndDay), FormatDate(l.FirstDay()))
}

// CanRefundDeposit checks, at resolution, that outcome o may be chosen
// given dep, the deposit the lost receipt was issued for (nil when it was
// for no deposit). An outcome that refunds stands in for the receipt at
// the refund desk, which refunds only deposits, so it needs a held
// deposit: it is refused (ECONFLICT) when there is none (an invoice, a fee
// receipt, a paper receipt whose deposit was never entered) or when it was
// already refunded, forfeited or voided; the message says so and which
// outcome to choose instead. Outcomes that do not refund are always
// allowed.
func (l *LossDeclaration) CanRefundDeposit(o *Outcome, dep *Deposit) error {
	if o == nil || !o.Refunds {
		return nil
	}
	if dep == nil {
		return Errorf(ECONFLICT, "%s %s 不是保障金收据（本系统没有它的保障金记录），没有可退的保障金，不能选“%s”（该结果只用于凭声明退还保障金）：请选择不退款的办结结果",
			l.Kind.Label(), l.DocNumber, o.Label)
	}
	var what string
	switch dep.State {
	case DepositRefunded:
		what = "已于" + FormatDate(dep.ClosedAt) + "退还"
	case DepositForfeited:
		what = "已于" + FormatDate(dep.ClosedAt) + "没收"
	case DepositVoided:
		what = "已随收据作废"
	default:
		return nil
	}
	return Errorf(ECONFLICT, "收据 %s 的保障金%s，没有可退的款项，不能选“%s”：请选择不退款的办结结果（声明复印件交客户留存）",
		l.DocNumber, what, o.Label)
}

// Offers reports why outcome o cannot be chosen for the declaration (nil
// when it can): an outcome for the other kind of paper, or one that
// refunds when the paper carries no held deposit (CanRefundDeposit with
// the declaration's Deposit). The screen offers only the outcomes without
// a reason, and shows the reasons.
func (l *LossDeclaration) Offers(o *Outcome) error {
	if o == nil {
		return Errorf(EINVALID, "请选择办结结果")
	}
	if !slices.Contains(o.Kinds, l.Kind) {
		return Errorf(EINVALID, "“%s”不适用于遗失的%s，请选择适用的结果", o.Label, l.Kind.Label())
	}
	return l.CanRefundDeposit(o, l.Deposit)
}

// ReplacedText is what the refund desk records as returned in place of the
// receipt, and the voucher prints.
func (l *LossDeclaration) ReplacedText() string {
	return "《收据、发票遗失声明》" + l.Number + "（代替遗失的保障金收据 " + l.DocNumber + "，" + FormatDate(l.ResolvedAt) + "办结）"
}

// Outcome returns the service's outcome with the ID, or nil.
func (s *Service) Outcome(id string) *Outcome {
	for i := range s.Outcomes {
		if s.Outcomes[i].ID == id {
			return &s.Outcomes[i]
		}
	}
	return nil
}

// LossPeriod returns the service's waiting period, or 15 calendar days when
// it names none.
func (s *Service) LossPeriod() WaitingPeriod {
	if s != nil && s.Waiting != nil {
		return *s.Waiting
	}
	return WaitingPeriod{Days: DefaultLossDays, Count: CountCalendar}
}

// LossAnswers returns the declaration as answers to the loss service's
// questions, so its documents fill their placeholders as a case's do.
func (l *LossDeclaration) LossAnswers() map[string]string {
	a := map[string]string{
		"lost_kind":     string(l.Kind),
		"receipt_no":    l.DocNumber,
		"circumstances": l.Story,
		"is_agent":      "no",
	}
	if l.Agent {
		a["is_agent"], a["agent_name"], a["agent_id"] = "yes", l.AgentName, l.AgentIDNo
	}
	return a
}

// Printouts returns what the declaration prints: the service's declaration
// document that applies (customer or agent), filled in, with its copies;
// and for our own receipt its 记账联 reprinted marked 副本. With an outcome
// it is what the outcome prints instead: its copies of the declaration
// with its boxes, and the 副本 when it asks for one. The loss period's
// length and last day replace the wording's fixed 十五日 and fill
// ［挂失期］［期满日］.
func (l *LossDeclaration) Printouts(s *Service, st Station, clerk string, rec *Receipt, o *Outcome, at time.Time) []*Printout {
	cust := &Customer{ID: l.CustomerID, Name: l.CustomerName, IDNumber: l.CustomerIDNo}
	answers := l.LossAnswers()
	// Not a case: no 受理单号 in the footer; the declaration's number is
	// printed in the body.
	// The case's ID (without its number) records the prints, so a
	// second print is 补打.
	kase := &Case{ID: l.CaseID, Answers: answers, AcceptedAt: l.DeclaredAt}
	facts := Facts(cust, answers, Day(l.DeclaredAt), s.Questions)
	// The amount fills ［大写］［金额］ as a receipt's would.
	paper := &Receipt{Number: l.DocNumber, Total: l.Amount}
	var out []*Printout
	for _, d := range s.Documents {
		if d.Off || (d.When != nil && !d.When.Holds(facts)) {
			continue
		}
		doc := d
		doc.Body = strings.ReplaceAll(doc.Body, "十五日", l.Period.Label())
		doc.Body = strings.ReplaceAll(doc.Body, "［挂失期］", l.Period.Label())
		doc.Body = strings.ReplaceAll(doc.Body, "［期满日］", FormatDateCN(l.EndDay))
		doc.Body += "\n声明编号：" + l.Number + "。挂失期：" + l.Period.Label() + "，至" + FormatDateCN(l.EndDay) + "止；" + FormatDateCN(l.FirstDay()) + "起可办理后续手续。"
		doc.Boxes = []string{"声明人身份证复印件粘贴处"}
		if l.Agent {
			doc.Boxes = []string{"客户身份证复印件粘贴处", "代理人身份证复印件粘贴处"}
		}
		if o != nil {
			// What an outcome prints is its own document, not a reprint
			// of the declaration printed when it was made.
			doc.ID += ":" + o.ID
			doc.Copies = o.Copies
			doc.Boxes = append(doc.Boxes, o.Boxes...)
			doc.Body += "\n办结结果：" + o.Label + "（" + FormatDateCN(at) + "办结）。"
		}
		if len(doc.Copies) == 0 {
			continue
		}
		out = append(out, &Printout{Kind: PrintDocument, Station: st, Clerk: clerk, At: at,
			Customer: cust, Case: kase, Service: s, Document: &doc, Receipt: paper})
	}
	if rec != nil && (o == nil || o.BookkeepingCopy) {
		copy := *rec
		copy.CaseID = "" // an attachment of the declaration, not a print of the case
		out = append(out, &Printout{Kind: PrintBookkeepingCopy, Station: st, Clerk: clerk, At: at,
			Customer: cust, Receipt: &copy})
	}
	return out
}

// PrintBookkeepingCopy is our receipt's 记账联 reprinted marked 副本, to
// attach to a loss declaration.
const PrintBookkeepingCopy PrintKind = "bookkeeping_copy"
