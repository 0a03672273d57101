package forms

import (
	"fmt"
	"strings"
	"time"
)

// Fee schedules: which paid-through date of a member a scheduled fee
// (Fee.Schedule) advances. A fee with a schedule takes its amount from its
// FeeTable, not from Fee.Amount.
const (
	ScheduleTalent  = "talent_reserve" // 人才储备费: Customer.TalentPaidThrough
	ScheduleArchive = "archive"        // 档案保管费: Customer.ArchivePaidThrough
)

// PaidThrough returns the customer's paid-through date for a schedule, or
// nil for a schedule the program does not know.
func PaidThrough(c *Customer, schedule string) *time.Time {
	switch schedule {
	case ScheduleTalent:
		return &c.TalentPaidThrough
	case ScheduleArchive:
		return &c.ArchivePaidThrough
	}
	return nil
}

// PartYear is the supervisor's rule for paying less than a whole year.
type PartYear string

// The part-year rules.
const (
	// PartYearNone: whole years only (the default). Each year is charged at
	// the rate in effect on its first day.
	PartYearNone PartYear = ""
	// PartYearMonths: whole months as well. Each month is charged at the
	// rate in effect on its first day; n months at one yearly rate cost
	// rate×n/12, rounded half up to the fen (so 12 months cost exactly the
	// yearly rate).
	PartYearMonths PartYear = "months"
)

// Label describes the rule in the words the screen shows.
func (p PartYear) Label() string {
	if p == PartYearMonths {
		return "可按整月缴纳：每月按年标准÷12计，n个月的金额按分四舍五入"
	}
	return "只按整年缴纳"
}

// FeeRate is one yearly rate of a fee table and the day it takes effect. A
// rate may be zero (public bodies stopped charging archive fees in 2015).
type FeeRate struct {
	From   string `json:"from"`   // YYYY-MM-DD, the first day the rate applies
	Yearly Money  `json:"yearly"` // fen per year
}

// FeeTable is the supervisor's table of a scheduled fee: its yearly rates
// with their effective dates, in date order, and the part-year rule.
type FeeTable struct {
	Rates    []FeeRate `json:"rates"`
	PartYear PartYear  `json:"part_year,omitempty"`
}

// Validate checks the table of the fee named name: at least one rate,
// dates that exist and ascend, no negative rate, a known part-year rule.
func (t *FeeTable) Validate(name string) error {
	if t == nil || len(t.Rates) == 0 {
		return Errorf(EINVALID, "费用“%s”缺少收费标准：请至少填写一条“生效日期 + 每年金额”", name)
	}
	var prev time.Time
	for i, r := range t.Rates {
		d, err := ParseDate(r.From)
		if err != nil {
			return Errorf(EINVALID, "费用“%s”第%d条收费标准的生效日期“%s”不正确，请按 2026-01-01 的格式填写", name, i+1, r.From)
		}
		if i > 0 && !d.After(prev) {
			return Errorf(EINVALID, "费用“%s”的收费标准须按生效日期从早到晚排列，且日期不能重复（第%d条 %s）", name, i+1, r.From)
		}
		if r.Yearly < 0 || r.Yearly > MaxMoney {
			return Errorf(EINVALID, "费用“%s”第%d条收费标准的金额不能为负数或过大；不收费请填 0", name, i+1)
		}
		prev = d
	}
	if t.PartYear != PartYearNone && t.PartYear != PartYearMonths {
		return Errorf(EINVALID, "费用“%s”的不足一年规则“%s”不认识：只能是整年（留空）或按月（months）", name, t.PartYear)
	}
	return nil
}

// RateOn returns the yearly rate in effect on day; ok is false before the
// first rate takes effect.
func (t *FeeTable) RateOn(day time.Time) (rate Money, ok bool) {
	day = Day(day)
	for _, r := range t.Rates {
		d, err := ParseDate(r.From)
		if err != nil || d.After(day) {
			break
		}
		rate, ok = r.Yearly, true
	}
	return rate, ok
}

// Unit returns the number of months one unit of payment covers: 12 for
// whole years, 1 when months are allowed.
func (t *FeeTable) Unit() int {
	if t.PartYear == PartYearMonths {
		return 1
	}
	return 12
}

// DueLine is one line of what is due: a period at one yearly rate.
type DueLine struct {
	Fee    string    // the fee's name, e.g. 人才储备费
	From   time.Time // first day, inclusive
	To     time.Time // last day, inclusive
	Months int       // months the line covers
	Yearly Money     // the yearly rate applied
	Amount Money     // Yearly×Months/12, rounded half up to the fen
}

// Text is the line as the screen and the receipt show it, without the
// amount: "人才储备费 2025-07-01 至 2026-06-30".
func (l DueLine) Text() string {
	return fmt.Sprintf("%s %s 至 %s", l.Fee, FormatDate(l.From), FormatDate(l.To))
}

// String is the line with its amount: "人才储备费 2025-07-01 至 2026-06-30 · ¥300.00".
func (l DueLine) String() string { return l.Text() + " · " + l.Amount.String() }

// Why explains the amount: "按每年¥300.00，12个月".
func (l DueLine) Why() string {
	if l.Months%12 == 0 {
		return fmt.Sprintf("按每年%s，%d年", l.Yearly, l.Months/12)
	}
	return fmt.Sprintf("按每年%s，%d个月", l.Yearly, l.Months)
}

// MonthsAmount is what months months cost at a yearly rate: yearly×months/12,
// rounded half up to the fen.
func MonthsAmount(yearly Money, months int) Money {
	n := int64(yearly) * int64(months)
	return Money((n + 6) / 12)
}

// AddMonths advances a paid-through date by n months. The day of the month
// is kept; where the month is shorter it becomes the month's last day, and
// a paid-through date on the last day of its month stays on the last day
// (2025-02-28 + 1 month = 2025-03-31; 2024-02-29 + 12 months = 2025-02-28).
func AddMonths(paid time.Time, n int) time.Time {
	paid = Day(paid)
	first := time.Date(paid.Year(), paid.Month(), 1, 0, 0, 0, 0, time.Local).AddDate(0, n, 0)
	last := lastDay(first)
	if paid.Day() == lastDay(paid).Day() || paid.Day() > last.Day() {
		return last
	}
	return time.Date(first.Year(), first.Month(), paid.Day(), 0, 0, 0, 0, time.Local)
}

func lastDay(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, time.Local)
}

// FeeAccount is what the due computation needs to know of a member for one
// fee.
type FeeAccount struct {
	PaidThrough time.Time // zero: never paid
	MemberSince time.Time // a member who never paid owes from this day
	MemberUntil time.Time // zero while a member; nothing is due after it
}

// Base returns the date the next payment continues from: the later of the
// paid-through date and the day before the current member-since date, so
// nothing is owed for time outside membership (a former member who rejoins
// owes from the day of rejoining, not for the years away). ok is false when
// neither date is known.
func (a FeeAccount) Base() (time.Time, bool) {
	var base time.Time
	if !a.PaidThrough.IsZero() {
		base = Day(a.PaidThrough)
	}
	if !a.MemberSince.IsZero() {
		if since := Day(a.MemberSince).AddDate(0, 0, -1); base.IsZero() || since.After(base) {
			base = since
		}
	}
	return base, !base.IsZero()
}

// end returns the last day that can be owed up to today: today, or the
// until date when the member left before it.
func (a FeeAccount) end(today time.Time) time.Time {
	end := Day(today)
	if !a.MemberUntil.IsZero() && Day(a.MemberUntil).Before(end) {
		end = Day(a.MemberUntil)
	}
	return end
}

// nextRateFrom returns the effective date of the first rate after day;
// ok is false when no later rate is in the table.
func (t *FeeTable) nextRateFrom(day time.Time) (time.Time, bool) {
	for _, r := range t.Rates {
		if d, err := ParseDate(r.From); err == nil && d.After(day) {
			return d, true
		}
	}
	return time.Time{}, false
}

// OverdueSince returns the first unpaid day on which the fee costs money,
// when it is on or before today (and before the member left). Time at a
// yearly rate of 0 is not owed: a fee whose unpaid time up to today is all
// at ¥0 (档案保管费 since 2015) is not overdue. ok is false when nothing is
// overdue (paid ahead, only ¥0 time unpaid, or left before it).
func (t *FeeTable) OverdueSince(a FeeAccount, today time.Time) (time.Time, bool) {
	base, ok := a.Base()
	if !ok {
		return time.Time{}, false
	}
	end := a.end(today)
	for day := base.AddDate(0, 0, 1); !day.After(end); {
		if rate, ok := t.RateOn(day); !ok || rate > 0 {
			return day, true // no rate yet: overdue, and Due names the missing rate
		}
		next, more := t.nextRateFrom(day)
		if !more {
			break
		}
		day = next
	}
	return time.Time{}, false
}

// OverdueUnits returns how many units (years, or months) cover the member
// up to and including today, leaving out trailing units that begin at a
// yearly rate of 0: the count the screen suggests, so a ¥0 stretch never
// drives it. It is 0 when nothing is overdue.
func (t *FeeTable) OverdueUnits(a FeeAccount, today time.Time) int {
	base, ok := a.Base()
	if !ok {
		return 0
	}
	end := a.end(today)
	n := 0
	for n < 1200 && AddMonths(base, n*t.Unit()).Before(end) {
		n++
	}
	for n > 0 {
		if rate, ok := t.RateOn(AddMonths(base, (n-1)*t.Unit()).AddDate(0, 0, 1)); ok && rate == 0 {
			n--
			continue
		}
		break
	}
	return n
}

// Due computes what months months of the fee named name cost for the
// account: one line per run of units at the same yearly rate, each unit
// (a year, or a month when the table allows months) charged at the rate in
// effect on its first day. It returns the lines and the new paid-through
// date. For a member who left, nothing is due after the until date: the
// last period ends on it and is charged by the whole months begun, under
// either part-year rule (a final settlement; nothing after leaving).
// Errors (EINVALID, in Chinese): months not above zero or not a whole
// number of years under the whole-years rule; no paid-through or member
// date to count from; a period before the table's first rate; a period
// wholly after the member left.
func (t *FeeTable) Due(name string, a FeeAccount, months int) ([]DueLine, time.Time, error) {
	if months <= 0 {
		return nil, time.Time{}, Errorf(EINVALID, "请填写续费的年数（或月数），至少1年")
	}
	if months > 12*50 {
		return nil, time.Time{}, Errorf(EINVALID, "续费最多50年，请核对年数")
	}
	unit := t.Unit()
	if months%unit != 0 {
		return nil, time.Time{}, Errorf(EINVALID, "%s只能按整年缴纳：请把“另加月数”改为0、只续整年，或取消勾选“%s”后再按月续其他费用（也可请主管改为可按月缴纳）", name, name)
	}
	base, ok := a.Base()
	if !ok {
		return nil, time.Time{}, Errorf(EINVALID, "%s没有缴费截止日期，也没有入户日期，无法计算：请先在客户资料中填写入户日期或缴费截止日期", name)
	}
	until := time.Time{}
	if !a.MemberUntil.IsZero() {
		until = Day(a.MemberUntil)
		if !base.Before(until) {
			return nil, time.Time{}, Errorf(EINVALID, "%s已缴至%s；该客户已于%s迁出集体户（或档案已转出），此后不再产生%s，无须续费", name, FormatDate(base), FormatDate(until), name)
		}
	}
	var lines []DueLine
	paid := base
	for done := 0; done < months; done += unit {
		from := paid.AddDate(0, 0, 1)
		to := AddMonths(base, done+unit)
		m := unit
		stop := false
		if !until.IsZero() && !to.Before(until) {
			// The member left inside this unit: it ends on the until
			// date and is charged by the whole months begun up to it,
			// whatever the part-year rule — nothing is owed for time
			// after leaving, and a year the member did not stay is not a
			// year they can be sold.
			m = 0
			for m < unit && AddMonths(paid, m).Before(until) {
				m++
			}
			to, stop = until, true
		}
		rate, ok := t.RateOn(from)
		if !ok {
			return nil, time.Time{}, Errorf(EINVALID, "%s在%s还没有收费标准（最早的标准从%s起）：请主管补上收费标准", name, FormatDate(from), t.Rates[0].From)
		}
		if n := len(lines); n > 0 && lines[n-1].Yearly == rate {
			lines[n-1].To = to
			lines[n-1].Months += m
		} else {
			lines = append(lines, DueLine{Fee: name, From: from, To: to, Months: m, Yearly: rate})
		}
		paid = to
		if stop {
			break
		}
	}
	for i := range lines {
		lines[i].Amount = MonthsAmount(lines[i].Yearly, lines[i].Months)
	}
	return lines, paid, nil
}

// RenewalRequest is what the clerk chose on the renewal screen: the
// renewal service (by code, as the customer record offered it), the fees
// (by Fee.ID) and how many months (12 a year).
type RenewalRequest struct {
	Service string
	Fees    []string
	Months  int
}

// OwesFees reports whether the scheduled fees (人才储备费, 档案保管费) are
// charged to the customer: a member in their own right. A child registered
// under a parent (ParentID, 小孩落户) lives in the collective household as
// the member's family; the talent reserve and the archive are the
// parent's, so nothing is charged to the child, and a child is never
// behind with fees (the reminders' fee count leaves children out too).
func (c *Customer) OwesFees() bool { return c.ParentID == "" }

// CanRenew refuses a renewal for a customer who is not a member of the
// collective household, or no longer one, and for a child registered under
// a parent (Customer.OwesFees).
func CanRenew(c *Customer) error {
	if !c.OwesFees() {
		return Errorf(EINVALID, "该客户是随父母落户的小孩，不单独缴纳人才储备费和档案保管费：续费请为其父母办理")
	}
	if c.Member && c.MemberUntil.IsZero() {
		return nil
	}
	if !c.MemberUntil.IsZero() {
		return Errorf(EINVALID, "该客户已于%s迁出集体户，不再是集体户成员，不能续费；以往的缴费记录和收据仍保留，可随时查看", FormatDate(c.MemberUntil))
	}
	return Errorf(EINVALID, "该客户不是集体户成员，不能续费：续费只为集体户成员办理，请核对身份证号码，或先为客户办理落户")
}

// Account returns what the due computation needs of the customer for a
// schedule. The archive fee stops accruing on the day the archive left
// (ArchiveUntil, 转档), or the member left, whichever is earlier.
func Account(c *Customer, schedule string) FeeAccount {
	a := FeeAccount{MemberSince: c.MemberSince, MemberUntil: c.MemberUntil}
	if p := PaidThrough(c, schedule); p != nil {
		a.PaidThrough = *p
	}
	if schedule == ScheduleArchive && !c.ArchiveUntil.IsZero() && (a.MemberUntil.IsZero() || c.ArchiveUntil.Before(a.MemberUntil)) {
		a.MemberUntil = c.ArchiveUntil
	}
	return a
}

// RenewedFee is one fee a renewal advanced: the fee and the member's
// paid-through date before (zero when never paid) and after.
type RenewedFee struct {
	Fee    Fee
	Before time.Time
	After  time.Time
}

// RenewalAnswers are the answers of a renewal's case (受理单): what the
// clerk chose, so the case history shows it. "months" is the number of
// months paid (12 a year), "fees" the fee IDs in the service's order
// joined by commas, "fee_names" their names joined by 、, and for each fee
// "<fee ID>.before" and "<fee ID>.after" its paid-through dates
// (2006-01-02, "" when never paid).
func RenewalAnswers(s *Service, req RenewalRequest, fees []RenewedFee) map[string]string {
	a := map[string]string{"months": itoa(req.Months)}
	var ids, names []string
	for _, f := range fees {
		ids = append(ids, f.Fee.ID)
		names = append(names, f.Fee.Name)
		a[f.Fee.ID+".before"] = FormatDate(f.Before)
		a[f.Fee.ID+".after"] = FormatDate(f.After)
	}
	a["fees"] = strings.Join(ids, ",")
	a["fee_names"] = strings.Join(names, "、")
	return a
}

// VoidRenewalCase cancels the case of a renewal whose receipt (number) a
// supervisor voided, with the void's reason. A renewal's case completes the
// moment it is paid, and voiding its receipt undoes the whole service (the
// paid-through dates go back), so this is the one move from completed to
// cancelled. A case already cancelled is left alone; a case of the legal
// moves (still open) is cancelled as usual.
func VoidRenewalCase(c *Case, receiptNumber, reason string, at time.Time) error {
	if c.Status == CaseCancelled {
		return nil
	}
	why := NormalizeText("续费收据" + receiptNumber + "作废：" + NormalizeText(reason)) // as Cancel stores it
	if c.Status != CaseCompleted {
		return c.Cancel(why, false, at)
	}
	c.Status, c.CancelReason, c.UpdatedAt = CaseCancelled, why, at
	return nil
}
