package forms

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The windows of the reminders on the home screen (issue 14, "Reminders on
// the home screen").
const (
	// PaperSoonDays is how many days ahead a paper promised under 容缺 is
	// listed before its date: a promise due today or within the next 3 days
	// (issue 14: "those due within 3 days").
	PaperSoonDays = 3
	// ChildWarnDays is how many days before the one-month registration
	// limit (SPEC 小孩落户: a child is registered within one month of birth;
	// the last day is OneMonthAfter) a child not yet registered is listed
	// (issue 14: "children within 7 days of the one-month registration
	// limit"). The last day itself is listed as due today.
	ChildWarnDays = 7
	// ReminderLimit is the most lines of one kind the list holds; the rest
	// are counted in Reminders.Omitted, so a station with years of
	// neglected promises still opens its home screen at once.
	ReminderLimit = 200
)

// ReminderKind is what a reminder is about.
type ReminderKind string

// The kinds of reminders.
const (
	// RemindLossPeriod: a lost-receipt declaration whose loss period ends
	// today or has ended, still waiting to be resolved (Due: the last day
	// of the period).
	RemindLossPeriod ReminderKind = "loss_period"
	// RemindPaperOverdue: a case waiting for papers promised (容缺) whose
	// earliest promised date has passed (Due: that date).
	RemindPaperOverdue ReminderKind = "paper_overdue"
	// RemindPaperSoon: a case waiting for papers promised whose earliest
	// promised date is today or within PaperSoonDays (Due: that date).
	RemindPaperSoon ReminderKind = "paper_soon"
	// RemindDepositOverdue: a deposit held whose household card should have
	// been returned before today (Due: the return date).
	RemindDepositOverdue ReminderKind = "deposit_overdue"
	// RemindChildLimit: a child not yet registered whose one-month
	// registration limit (OneMonthAfter) is today or within ChildWarnDays
	// (Due: that last day).
	RemindChildLimit ReminderKind = "child_limit"
	// RemindFeesOverdue: the one line that counts the members whose fees
	// are overdue (Count); it opens the list of those members.
	RemindFeesOverdue ReminderKind = "fees_overdue"
	// RemindComplaintDue: an open complaint not yet answered whose first
	// answer is due today, within ComplaintNearDays, or late (Due: its
	// DueDay; Subject: its number; RecordID: the complaint).
	RemindComplaintDue ReminderKind = "complaint_due"
	// RemindFollowUpDue: a follow-up call still to be made that is due
	// within FollowUpNear or overdue (Due: the day of its DueAt; Subject:
	// what made it due, FollowUpSource.Label; RecordID: the follow-up).
	RemindFollowUpDue ReminderKind = "follow_up_due"
)

// kindOrder breaks ties between reminders of the same urgency and day: the
// order the clerk can act on them at the counter.
var kindOrder = []ReminderKind{RemindLossPeriod, RemindPaperOverdue, RemindPaperSoon, RemindDepositOverdue, RemindChildLimit,
	RemindComplaintDue, RemindFollowUpDue, RemindFeesOverdue}

// Label returns the kind in Chinese, as the list's tag shows it.
func (k ReminderKind) Label() string {
	switch k {
	case RemindLossPeriod:
		return "挂失期满"
	case RemindPaperOverdue:
		return "容缺逾期"
	case RemindPaperSoon:
		return "容缺将到期"
	case RemindDepositOverdue:
		return "户籍卡逾期未还"
	case RemindChildLimit:
		return "小孩落户期限"
	case RemindFeesOverdue:
		return "欠费成员"
	case RemindComplaintDue:
		return "投诉答复期限"
	case RemindFollowUpDue:
		return "待回访"
	}
	return string(k)
}

// Urgency is how pressing a reminder is on a day. A smaller value is more
// urgent.
type Urgency int

// The urgencies, most urgent first.
const (
	UrgencyOverdue  Urgency = iota // its day has passed
	UrgencyToday                   // its day is today
	UrgencySoon                    // its day is still ahead
	UrgencyStanding                // no day: the count of members behind with fees
)

// Reminder is one line of the home screen's reminder list. It opens the
// case CaseID when set, else the customer CustomerID; the fees line
// (RemindFeesOverdue) opens the list of members behind with their fees.
type Reminder struct {
	Kind         ReminderKind
	Due          time.Time // the day it is about (see the kinds); zero for the fees line
	CaseID       string    // the case it opens; "" when it opens the customer
	CaseNumber   string
	ServiceCode  string // the case's service, whose data picks the screen that opens it
	ServiceName  string
	CustomerID   string // the customer it is about (for a child: the parent, who registers the child)
	CustomerName string
	// Subject is what the line is about besides the customer: the
	// declaration's number (loss period), the child's name (child limit),
	// the deposit receipt's number (deposit).
	Subject   string
	Papers    []string // the papers promised by Due (容缺)
	Amount    Money    // the deposit held
	Contacted int      // recorded attempts to reach the customer about the deposit
	Count     int      // members behind with their fees (fees line)
	// RecordID is the complaint (RemindComplaintDue) or follow-up
	// (RemindFollowUpDue) the line opens.
	RecordID string
	// Person is who acts on it: the complaint's owner, the follow-up's
	// caller ("" when a supervisor is still to assign one).
	Person string
}

// Opens reports what selecting the line opens: "case", "customer",
// "overdue_members", "complaint" or "follow_up" (RecordID).
func (r *Reminder) Opens() string {
	switch {
	case r.Kind == RemindFeesOverdue:
		return "overdue_members"
	case r.Kind == RemindComplaintDue:
		return "complaint"
	case r.Kind == RemindFollowUpDue:
		return "follow_up"
	case r.CaseID != "":
		return "case"
	}
	return "customer"
}

// Urgency returns how pressing the reminder is on the day today.
func (r *Reminder) Urgency(today time.Time) Urgency {
	if r.Kind == RemindFeesOverdue || r.Due.IsZero() {
		return UrgencyStanding
	}
	switch d := DaysBetween(Day(today), Day(r.Due)); {
	case d < 0:
		return UrgencyOverdue
	case d == 0:
		return UrgencyToday
	}
	return UrgencySoon
}

// ReminderLess is the order of the list, "newest urgency first": overdue
// lines before those due today before those due soon, and the fees count
// last (it has no day and is not one person's matter); within overdue, the
// most days overdue first; within due soon, the nearest day first — so
// within each urgency the earlier day comes first. Lines of the same day
// follow kindOrder (loss declaration, papers, deposit, child), then the
// case number, then the customer's name, so the list never reshuffles
// between refreshes.
func ReminderLess(a, b *Reminder, today time.Time) bool {
	return compareReminders(a, b, today, strings.Compare) < 0
}

// compareReminders orders two lines as ReminderLess does, comparing the
// customers' names with names.
func compareReminders(a, b *Reminder, today time.Time, names func(a, b string) int) int {
	if ua, ub := a.Urgency(today), b.Urgency(today); ua != ub {
		return int(ua) - int(ub)
	}
	if c := Day(a.Due).Compare(Day(b.Due)); c != 0 && !a.Due.IsZero() && !b.Due.IsZero() {
		return c
	}
	if ka, kb := slices.Index(kindOrder, a.Kind), slices.Index(kindOrder, b.Kind); ka != kb {
		return ka - kb
	}
	if c := strings.Compare(a.CaseNumber, b.CaseNumber); c != 0 {
		return c
	}
	if c := names(a.CustomerName, b.CustomerName); c != 0 {
		return c
	}
	if a.Kind == RemindChildLimit && b.Kind == RemindChildLimit {
		return names(a.Subject, b.Subject) // the children's names
	}
	return strings.Compare(a.Subject, b.Subject)
}

// SortReminders sorts the lines by ReminderLess on the day today.
func SortReminders(rs []Reminder, today time.Time) {
	SortRemindersByName(rs, today, strings.Compare)
}

// SortRemindersByName sorts the lines by ReminderLess on the day today,
// except that the customers' names compare by names (negative, zero or
// positive as a sorts before, with or after b): the store passes its
// pinyin order, which this package (standard library only) cannot make.
func SortRemindersByName(rs []Reminder, today time.Time, names func(a, b string) int) {
	slices.SortStableFunc(rs, func(a, b Reminder) int { return compareReminders(&a, &b, today, names) })
}

// Text is the line as the clerk reads it on the day today, e.g.
// "借户籍卡 XL01-2026-000012 张三：户籍卡应于2026-11-20归还，已逾期10天；保障金¥600.00（收据 XL01-2026-000031），尚未联系客户".
func (r *Reminder) Text(today time.Time) string {
	days := DaysBetween(Day(r.Due), Day(today)) // > 0: days past Due
	due := FormatDate(r.Due)
	head := strings.TrimSpace(r.ServiceName + " " + r.CaseNumber)
	if head != "" {
		head += " "
	}
	head += r.CustomerName + "："
	switch r.Kind {
	case RemindLossPeriod:
		decl := "遗失声明"
		if r.Subject != "" {
			decl += " " + r.Subject
		}
		if days <= 0 {
			return head + decl + "的挂失期今天（" + due + "）期满，明天起可请客户来办结"
		}
		return head + decl + "的挂失期已于" + due + "期满（已过" + strconv.Itoa(days) + "天），尚未办结，请联系客户来办结"
	case RemindPaperOverdue, RemindPaperSoon:
		papers := "容缺材料"
		if len(r.Papers) > 0 {
			papers += "“" + strings.Join(r.Papers, "”“") + "”"
		}
		switch {
		case days > 0:
			return head + papers + "应于" + due + "前补交，已逾期" + strconv.Itoa(days) + "天，请联系客户补交"
		case days == 0:
			return head + papers + "约定今天（" + due + "）补交"
		}
		return head + papers + "约定" + due + "前补交，还有" + strconv.Itoa(-days) + "天"
	case RemindDepositOverdue:
		s := head + "户籍卡应于" + due + "归还，已逾期" + strconv.Itoa(days) + "天；保障金" + r.Amount.String()
		if r.Subject != "" {
			s += "（收据 " + r.Subject + "）"
		}
		if r.Contacted > 0 {
			return s + "，已联系客户" + strconv.Itoa(r.Contacted) + "次"
		}
		return s + "，尚未联系客户"
	case RemindChildLimit:
		child := "小孩" + r.Subject
		if days == 0 {
			return head + child + "今天（" + due + "）是出生满一个月落户的最后一天，尚未办理小孩落户"
		}
		return head + child + "出生满一个月落户的最后一天是" + due + "（还有" + strconv.Itoa(-days) + "天），尚未办理小孩落户；逾期须补交情况说明和未落户证明"
	case RemindFeesOverdue:
		return fmt.Sprintf("有%d名集体户成员欠缴费用（人才储备费或档案保管费），点击查看名单", r.Count)
	case RemindComplaintDue:
		s := head + "投诉 " + r.Subject
		switch {
		case days > 0:
			s += "应于" + due + "前首次答复，已超期" + strconv.Itoa(days) + "天"
		case days == 0:
			s += "今天（" + due + "）是首次答复的最后一天"
		default:
			s += "应于" + due + "前首次答复，还有" + strconv.Itoa(-days) + "天"
		}
		return s + "，负责人" + r.Person
	case RemindFollowUpDue:
		s := head + r.Subject + "的回访"
		switch {
		case days > 0:
			s += "应于" + due + "完成，已逾期" + strconv.Itoa(days) + "天"
		case days == 0:
			s += "今天（" + due + "）到期"
		default:
			s += "应于" + due + "前完成"
		}
		if r.Person == "" {
			return s + "，尚未指定回访人，请主管指定"
		}
		return s + "，回访人" + r.Person
	}
	return head + r.Kind.Label()
}

// Reminders is the home screen's reminder list on one day.
type Reminders struct {
	Day   time.Time  // the store's day the list was computed on
	Items []Reminder // sorted by ReminderLess; the fees line, if any, is last
	// Omitted counts the lines left out because a kind had more than
	// ReminderLimit (the least urgent of that kind are left out).
	Omitted int
}

// Count is the number the tab shows: the lines of the list (the fees line
// counts once, whatever the number of members it stands for).
func (r *Reminders) Count() int {
	if r == nil {
		return 0
	}
	return len(r.Items) + r.Omitted
}

// ChildBirthRange returns the birth dates of the children the list holds
// on the day today: those whose last day within one month (OneMonthAfter)
// is today or within ChildWarnDays. Because OneMonthAfter never goes back
// as the birth date goes on, the births form one range, first to last
// (both included); the store looks them up by an index on birth.
func ChildBirthRange(today time.Time) (first, last time.Time) {
	today = Day(today)
	end := today.AddDate(0, 0, ChildWarnDays)
	// A limit in [today, end] means a birth between about a month and 7
	// days before today and a month before end; scan a safe margin.
	for b := today.AddDate(0, -1, -ChildWarnDays-5); !b.After(end.AddDate(0, -1, 5)); b = b.AddDate(0, 0, 1) {
		l := OneMonthAfter(b)
		if l.Before(today) || l.After(end) {
			continue
		}
		if first.IsZero() {
			first = b
		}
		last = b
	}
	return first, last
}

// ChildQuestion returns the questions a service uses to register a child
// (Completion.Child), or nil when the service registers no child. The
// reminders read it to tell a child already being registered from one who
// is not: a case of such a service for the parent whose birth answer is the
// child's birth date.
func (s *Service) ChildQuestion() *ChildQuestions {
	if s.OnComplete == nil {
		return nil
	}
	return s.OnComplete.Child
}

// DaySpan is a stretch of days, both ends included; a zero From means
// "since ever".
type DaySpan struct {
	From, To time.Time
}

// ChargedSpans returns the stretches of days up to today on which the fee
// costs money — a yearly rate above 0, or no rate yet (OverdueSince counts
// such a day as overdue, and Due names the missing rate) — in date order.
// A member is behind with the fee exactly when an unpaid day of theirs
// (after FeeAccount.Base, up to the day the fee stops) falls in one of
// them, which the store turns into an indexed query.
func (t *FeeTable) ChargedSpans(today time.Time) []DaySpan {
	today = Day(today)
	var out []DaySpan
	var from time.Time // zero: since ever (before the first rate)
	charged := true    // before the first rate there is no rate: charged
	for _, r := range t.Rates {
		d, err := ParseDate(r.From)
		if err != nil || d.After(today) {
			break
		}
		now := r.Yearly > 0
		if now == charged {
			continue
		}
		if charged {
			out = append(out, DaySpan{From: from, To: d.AddDate(0, 0, -1)})
		} else {
			from = d
		}
		charged = now
	}
	if charged {
		out = append(out, DaySpan{From: from, To: today})
	}
	return out
}
