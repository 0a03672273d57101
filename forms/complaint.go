package forms

// Complaints (投诉), as the seeds describe the practice: the first person
// who receives a complaint owns it to the end (首接负责制, seed 001 and
// 003 篇8 首问负责制), records the customer's words exactly and each step
// of coordinating the departments and following them up (seed 002 投诉处理
// (1)–(3), 003 篇5 4.1–4.2), answers the customer within a promised time
// (003 篇5 4.2 B, 篇6 "2个工作日之内给您回复") and closes it with a result,
// which starts the follow-up call (seed 002 (4), 004 第七条). Issue 18 sets
// the times: a first answer within 1 working day (simple) or 5 working days
// (complex), counted with the supervisor's holiday calendar.

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// ComplaintChannel is how a complaint reached the counter (seed 003 篇5
// 4.1.1: telephone, e-mail, website, letter, or passed on).
type ComplaintChannel string

// The channels.
const (
	ChannelCounter ComplaintChannel = "counter" // 窗口: in person at the counter
	ChannelPhone   ComplaintChannel = "phone"   // 电话
	ChannelLetter  ComplaintChannel = "letter"  // 信函
	ChannelOnline  ComplaintChannel = "online"  // 网上 (website, e-mail, 12345 platform)
)

// ComplaintChannels lists the channels in the order screens and reports
// show them.
var ComplaintChannels = []ComplaintChannel{ChannelCounter, ChannelPhone, ChannelLetter, ChannelOnline}

// Label returns the channel in Chinese.
func (c ComplaintChannel) Label() string {
	switch c {
	case ChannelCounter:
		return "窗口"
	case ChannelPhone:
		return "电话"
	case ChannelLetter:
		return "信函"
	case ChannelOnline:
		return "网上"
	}
	return string(c)
}

// AnonymousLabel returns how an anonymous complaint of the channel is
// named (issue 18 finding 7: a letter is no 匿名来电): 匿名来电 (phone),
// 匿名来信 (letter), 匿名网上留言 (online), and 匿名 at the counter or
// for an unknown channel.
func (c ComplaintChannel) AnonymousLabel() string {
	switch c {
	case ChannelPhone:
		return "匿名来电"
	case ChannelLetter:
		return "匿名来信"
	case ChannelOnline:
		return "匿名网上留言"
	}
	return "匿名"
}

// ComplaintCategory is one entry of the supervisor-kept list of complaint
// categories (seed 003 篇5 4.3.2 B, 篇7: complaints are sorted by what
// they are about for the monthly summary). Code is stable and stored on
// each complaint; Name is what screens and reports show. An Off category
// is no longer offered for new complaints but still names the old ones.
type ComplaintCategory struct {
	Code string `json:"code"` // e.g. "attitude": lower-case letters, digits and _
	Name string `json:"name"` // e.g. "服务态度", at most 20 characters
	Off  bool   `json:"off,omitempty"`
}

// The default categories' codes.
const (
	CategoryAttitude   = "attitude"    // 服务态度
	CategoryWaiting    = "waiting"     // 等候时间
	CategoryWrongInfo  = "wrong_info"  // 信息有误
	CategoryFees       = "fees"        // 收费
	CategoryLostPapers = "lost_papers" // 材料遗失
	CategoryOther      = "other"       // 其他
)

// DefaultComplaintCategories returns the categories a new station starts
// with (issue 18): 服务态度, 等候时间, 信息有误, 收费, 材料遗失, 其他. It
// returns a new slice each time, which the caller may change.
func DefaultComplaintCategories() []ComplaintCategory {
	return []ComplaintCategory{
		{Code: CategoryAttitude, Name: "服务态度"},
		{Code: CategoryWaiting, Name: "等候时间"},
		{Code: CategoryWrongInfo, Name: "信息有误"},
		{Code: CategoryFees, Name: "收费"},
		{Code: CategoryLostPapers, Name: "材料遗失"},
		{Code: CategoryOther, Name: "其他"},
	}
}

// RuleCategoryName is a complaint category's name. It is Prose: the
// supervisor's full-width punctuation is kept as typed ("收费（含解释）"
// stays so on screens and reports); names are compared with their
// punctuation folded (ValidateComplaintCategories), so "收费(含解释)" and
// "收费（含解释）" are one name.
var RuleCategoryName = Field{Name: "投诉类别名称", Kind: KindLine, Max: 20, Required: true, Prose: true}

// MaxComplaintCategories is how many categories the list may hold: a
// screen's drop-down and the month report's table stay readable.
const MaxComplaintCategories = 30

// ValidateComplaintCategories checks the supervisor's list as edited: 1 to
// MaxComplaintCategories entries, each code made of lower-case letters,
// digits and _ (at most 20), unique, each name given (RuleCategoryName)
// and unique, and at least one category in use. Names are normalised in
// place. Each refusal is an EINVALID error naming the entry and the fix.
// A category once used should be switched Off rather than removed, so old
// complaints keep their name; the store enforces that.
func ValidateComplaintCategories(list []ComplaintCategory) error {
	if len(list) == 0 {
		return Errorf(EINVALID, "投诉类别不能为空：请至少保留一个类别，例如“其他”")
	}
	if len(list) > MaxComplaintCategories {
		return Errorf(EINVALID, "投诉类别最多%d个（现有%d个）：请合并相近的类别，或停用不再使用的类别", MaxComplaintCategories, len(list))
	}
	codes, names := map[string]bool{}, map[string]bool{}
	inUse := false
	for i := range list {
		c := &list[i]
		if !validCategoryCode(c.Code) {
			return Errorf(EINVALID, "第%d个投诉类别的编码“%s”无效：编码只能用小写英文字母、数字和下划线，最多20个字符，例如 attitude", i+1, c.Code)
		}
		if codes[c.Code] {
			return Errorf(EINVALID, "投诉类别编码“%s”重复：每个类别的编码须不同", c.Code)
		}
		codes[c.Code] = true
		name, err := RuleCategoryName.Check(c.Name)
		if err != nil {
			return Errorf(EINVALID, "第%d个投诉类别（%s）：%s", i+1, c.Code, ErrorMessage(err))
		}
		c.Name = name
		if key := Normalize(name); names[key] {
			return Errorf(EINVALID, "投诉类别名称“%s”重复（全角、半角标点算同一个名称）：请改用不同的名称", name)
		} else {
			names[key] = true
		}
		inUse = inUse || !c.Off
	}
	if !inUse {
		return Errorf(EINVALID, "投诉类别全部停用了：请至少保留一个在用的类别")
	}
	return nil
}

func validCategoryCode(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// FindComplaintCategory returns the category with the code in list, or nil.
func FindComplaintCategory(list []ComplaintCategory, code string) *ComplaintCategory {
	for i := range list {
		if list[i].Code == code {
			return &list[i]
		}
	}
	return nil
}

// ComplaintComplexity says how long the first answer may take: a simple
// complaint 1 working day, a complex one (several departments, facts to
// check) 5 working days (issue 18).
type ComplaintComplexity string

// The complexities.
const (
	ComplaintSimple  ComplaintComplexity = "simple"  // 简单：1个工作日内首次答复
	ComplaintComplex ComplaintComplexity = "complex" // 复杂：5个工作日内首次答复
)

// Label returns the complexity in Chinese.
func (c ComplaintComplexity) Label() string {
	switch c {
	case ComplaintSimple:
		return "简单"
	case ComplaintComplex:
		return "复杂"
	}
	return string(c)
}

// AnswerDays returns the working days allowed for the first answer: 1 for
// a simple complaint, 5 for a complex one, 0 for an unknown complexity.
func (c ComplaintComplexity) AnswerDays() int {
	switch c {
	case ComplaintSimple:
		return 1
	case ComplaintComplex:
		return 5
	}
	return 0
}

// ComplaintOutcome is what a closed complaint was found to be (属实 /
// 部分属实 / 不属实), the result reported to the customer.
type ComplaintOutcome string

// The outcomes.
const (
	ComplaintUpheld    ComplaintOutcome = "upheld"     // 属实
	ComplaintPartly    ComplaintOutcome = "partly"     // 部分属实
	ComplaintNotUpheld ComplaintOutcome = "not_upheld" // 不属实
)

// ComplaintOutcomes lists the outcomes in the order screens and reports
// show them.
var ComplaintOutcomes = []ComplaintOutcome{ComplaintUpheld, ComplaintPartly, ComplaintNotUpheld}

// Label returns the outcome in Chinese.
func (o ComplaintOutcome) Label() string {
	switch o {
	case ComplaintUpheld:
		return "属实"
	case ComplaintPartly:
		return "部分属实"
	case ComplaintNotUpheld:
		return "不属实"
	}
	return string(o)
}

// The text fields of a complaint and their rules (lengths in characters).
var (
	// RuleComplaintWords is the customer's words, recorded verbatim
	// (seed 002 "认真记录投诉内容，确保信息准确无误"); a letter's text fits.
	RuleComplaintWords = Field{Name: "投诉内容（客户原话）", Kind: KindText, Max: 2000, Required: true,
		Empty: "请填写投诉内容（客户原话）：按客户的原话记录，没有内容的投诉不能登记"}
	// RuleComplaintRequest is what the customer asks for (诉求).
	RuleComplaintRequest = Field{Name: "客户诉求", Kind: KindText, Max: 500}
	// RuleCallerName is an anonymous caller's name as given, if any.
	RuleCallerName = Field{Name: "投诉人姓名", Kind: KindName, Max: 40}
	// RuleCallerPhone is an anonymous caller's phone number, for the
	// answer and the follow-up call.
	RuleCallerPhone = Field{Name: "投诉人电话", Kind: KindCode, Max: 20}
	// RuleStepAsked is who was asked in a step (a department, a person).
	RuleStepAsked = Field{Name: "询问对象", Kind: KindLine, Max: 60, Required: true, Prose: true,
		Empty: "请填写询问对象：问了谁（部门或人员），例如“档案室 张三”"}
	// RuleStepSaid is what they said.
	RuleStepSaid = Field{Name: "对方答复", Kind: KindText, Max: 1000, Required: true,
		Empty: "请填写对方答复：对方怎么说的，例如“材料已找到，明天送窗口”"}
	// RuleComplaintAnswer is the answer given to the customer.
	RuleComplaintAnswer = Field{Name: "给客户的答复", Kind: KindText, Max: 1000, Required: true,
		Empty: "请填写给客户的答复（告诉了客户什么）"}
	// RuleReassignReason is why a supervisor hands a complaint to another
	// owner.
	RuleReassignReason = Field{Name: "移交原因", Kind: KindText, Max: 200, Required: true,
		Empty: "请填写移交原因，例如“原负责人休假”"}
)

// The rules above join TextRules (text.go lists the older fields), so
// TestEveryFieldRule proves them as it proves every other field's.
func init() {
	TextRules = append(TextRules,
		RuleCategoryName, RuleComplaintWords, RuleComplaintRequest, RuleCallerName, RuleCallerPhone,
		RuleStepAsked, RuleStepSaid, RuleComplaintAnswer, RuleReassignReason)
}

// ComplaintStep is one step of handling a complaint, as the owner records
// it: at At, the owner (ByID, ByName) asked Asked (a department or person)
// and they said Said (seed 002 "协调相关部门…跟进投诉处理进度").
type ComplaintStep struct {
	At     time.Time `json:"at"`
	Asked  string    `json:"asked"` // RuleStepAsked
	Said   string    `json:"said"`  // RuleStepSaid
	ByID   string    `json:"by_id"`
	ByName string    `json:"by_name"`
}

// ComplaintHandover is a supervisor's hand-over of a complaint to another
// owner, with the reason (the store audits it too).
type ComplaintHandover struct {
	At       time.Time `json:"at"`
	FromID   string    `json:"from_id"`
	FromName string    `json:"from_name"`
	ToID     string    `json:"to_id"`
	ToName   string    `json:"to_name"`
	ByID     string    `json:"by_id"` // the supervisor
	ByName   string    `json:"by_name"`
	Reason   string    `json:"reason"` // RuleReassignReason
}

// Complaint is one complaint (投诉登记): who complained (a customer of the
// station, or an anonymous caller with a name and phone as given), how,
// about what, in their own words and what they ask for, with the case or
// receipt it concerns. The clerk who records it is its owner until it
// closes (首接负责制); only a supervisor hands it to another owner. The
// owner records each step, the answer given to the customer, and closes
// it with an outcome. A closed complaint is not changed.
//
// Times are instants; days (ReceivedAt's day, DueDay) are local calendar
// days. The deadline rule is ComplaintDueDay's.
type Complaint struct {
	ID     string
	Number string // e.g. TS-2026-0001, given by the store

	CustomerID  string // the customer, or "" for an anonymous caller
	CallerName  string // an anonymous caller's name as given (RuleCallerName); may be ""
	CallerPhone string // an anonymous caller's phone (RuleCallerPhone); may be ""

	Channel      ComplaintChannel
	Category     string // a ComplaintCategory code
	CategoryName string // the category's name when recorded, for reports
	Words        string // the customer's words, verbatim (RuleComplaintWords)
	Request      string // what they ask for (RuleComplaintRequest)
	CaseID       string // the case it concerns, or ""
	ReceiptID    string // the receipt it concerns, or ""
	Complexity   ComplaintComplexity

	ReceivedAt time.Time
	// DueDay is the last day of the first answer's deadline (local
	// midnight), set by Receive and by Reclassify: the AnswerDays-th
	// working day after the day received. DueAt is the instant after it.
	DueDay time.Time
	// DueProvisional is set when the holiday calendar lacked a year the
	// deadline reaches, so DueDay was counted with Monday to Friday as
	// working days (ComplaintDueProvisional). The store sets it from the
	// stored calendars on every read and recounts DueDay when the
	// supervisor saves that year (RecountDue).
	DueProvisional bool

	RecorderID   string // who recorded it (the first owner)
	RecorderName string
	OwnerID      string // who owns it now
	OwnerName    string

	Steps     []ComplaintStep
	Handovers []ComplaintHandover

	Answer     string    // the (first, then final) answer given to the customer (RuleComplaintAnswer)
	AnsweredAt time.Time // when the first answer was given; zero before
	Outcome    ComplaintOutcome
	ClosedAt   time.Time // zero while open
	ClosedBy   string    // the owner's name at closing
}

// ComplaintNumber formats a complaint's number from its year and its
// sequence in that year: TS-2026-0001 (投诉), as loss declarations are
// numbered YS-2026-0001. The store gives the sequence.
func ComplaintNumber(year, seq int) string {
	return fmt.Sprintf("TS-%04d-%04d", year, seq)
}

// Closed reports whether the complaint is closed.
func (c *Complaint) Closed() bool { return !c.ClosedAt.IsZero() }

// Anonymous reports whether the complaint is from a caller who is not a
// customer of the station.
func (c *Complaint) Anonymous() bool { return c.CustomerID == "" }

// NoContact reports whether nobody can be called about the complaint: it
// is anonymous and gave no phone (a name alone reaches nobody). Such a
// complaint is still recorded (the seeds ask every complaint to be
// recorded and handled: 作好投诉事项记录), and its follow-up is recorded
// as unreachable at once (FollowUp.MarkNoContact).
func (c *Complaint) NoContact() bool { return c.Anonymous() && c.CallerPhone == "" }

// From names whom the complaint is from for a screen or paper when it is
// anonymous: the name given with the channel's anonymous label
// ("王先生（匿名来信）"), or the label alone; "" for a customer's (the
// caller names the customer).
func (c *Complaint) From() string {
	if !c.Anonymous() {
		return ""
	}
	if c.CallerName != "" {
		return c.CallerName + "（" + c.Channel.AnonymousLabel() + "）"
	}
	return c.Channel.AnonymousLabel()
}

// ComplaintDueDay returns the last day of a complaint's first-answer
// deadline: the n-th working day after the day it was received (n =
// cx.AnswerDays(): 1 simple, 5 complex), working days told by cal
// (调休 make-up Saturdays and Sundays count, holidays do not). The day of
// receipt is never counted (as the loss period, and as 民法典 第二百零一条
// counts periods: 开始的当日不计入), so the hour of receipt does not
// matter: a complaint taken at 08:30, at 17:45 or after hours on a Friday,
// or on a Saturday or a holiday, is due by the end of the n-th working day
// that follows; the answer is in time when given before DueDay's
// following midnight (local time). A complaint is always recorded: in a
// year cal does not hold, Monday to Friday are counted as working days and
// the day is provisional (ComplaintDueProvisional). A complexity other
// than simple or complex is an EINVALID error.
func ComplaintDueDay(received time.Time, cx ComplaintComplexity, cal HolidayCalendars) (time.Time, error) {
	n := cx.AnswerDays()
	if n == 0 {
		return time.Time{}, Errorf(EINVALID, "请选择投诉的复杂程度：简单（1个工作日内答复）或复杂（5个工作日内答复）")
	}
	day := Day(received)
	for k := 0; k < n; {
		day = day.AddDate(0, 0, 1)
		work, err := cal.WorkingFor(day, "", "")
		if err != nil { // the year is missing: Monday to Friday
			wd := day.Weekday()
			work = wd != time.Saturday && wd != time.Sunday
		}
		if work {
			k++
		}
	}
	return day, nil
}

// ComplaintDueProvisional reports whether the due day due of a complaint
// received at received was counted (by ComplaintDueDay) across a year cal
// does not hold: some year from the day after received to due is missing.
func ComplaintDueProvisional(received, due time.Time, cal HolidayCalendars) bool {
	if due.IsZero() {
		return false
	}
	for y := Day(received).AddDate(0, 0, 1).Year(); y <= due.Year(); y++ {
		if _, ok := cal[y]; !ok {
			return true
		}
	}
	return false
}

// RecountDue recounts the due day of an open complaint with cal (the
// supervisor saved a year's calendar) and sets DueProvisional by it. It
// reports whether DueDay or DueProvisional changed; a closed complaint, or
// one with no known complexity, is left as it is (false).
func (c *Complaint) RecountDue(cal HolidayCalendars) bool {
	if c.Closed() || c.ReceivedAt.IsZero() {
		return false
	}
	due, err := ComplaintDueDay(c.ReceivedAt, c.Complexity, cal)
	if err != nil {
		return false
	}
	prov := ComplaintDueProvisional(c.ReceivedAt, due, cal)
	if due.Equal(c.DueDay) && prov == c.DueProvisional {
		return false
	}
	c.DueDay, c.DueProvisional = due, prov
	return true
}

// DueAt returns the instant the first answer becomes late: local midnight
// after DueDay. Zero when DueDay is not set.
func (c *Complaint) DueAt() time.Time {
	if c.DueDay.IsZero() {
		return time.Time{}
	}
	return Day(c.DueDay).AddDate(0, 0, 1)
}

// Answered reports whether the first answer has been given.
func (c *Complaint) Answered() bool { return !c.AnsweredAt.IsZero() }

// AnsweredInTime reports whether the first answer was given before DueAt.
func (c *Complaint) AnsweredInTime() bool {
	return c.Answered() && c.AnsweredAt.Before(c.DueAt())
}

// Overdue reports whether, at now, the first answer is late: not given and
// DueAt reached (MissedBy).
func (c *Complaint) Overdue(now time.Time) bool {
	return !c.Answered() && c.MissedBy(now)
}

// MissedBy reports whether, at t, the first answer's deadline has passed
// (t at or after DueAt: the deadline day has ended; on the day itself it
// has not) without the answer given in time. It is the one rule of
// 已超期 for the complaints list, the reminders and the month report
// (its header count through Overdue and its open table).
func (c *Complaint) MissedBy(t time.Time) bool {
	return !c.DueDay.IsZero() && !t.Before(c.DueAt()) && !c.AnsweredInTime()
}

// ComplaintNearDays is how many calendar days before its due day an
// unanswered complaint shows as near its deadline.
const ComplaintNearDays = 1

// NearDue reports whether, at now, the first answer is not given, not yet
// late, and due today or within ComplaintNearDays calendar days: the
// reminders list shows it.
func (c *Complaint) NearDue(now time.Time) bool {
	if c.Answered() || c.DueDay.IsZero() || c.Overdue(now) {
		return false
	}
	return DaysBetween(Day(now), Day(c.DueDay)) <= ComplaintNearDays
}

// Receive checks a complaint as the clerk by filled it in and records it
// at at: the customer or, for an anonymous caller, the name and phone as
// given (both may be empty: a caller may refuse to give them); the channel
// and complexity known; the category in cats and in use; the words given
// and not too long (RuleComplaintWords) and the other texts by their
// rules. It normalises the texts, sets the category's name, the recorder
// and owner (by: 首接负责制), ReceivedAt and DueDay (ComplaintDueDay with
// cal; provisional, DueProvisional, when cal lacks a year it reaches: a
// complaint is never refused for the calendar). Every refusal is an EINVALID error whose Chinese message names the
// field and the fix, and leaves c unchanged.
func (c *Complaint) Receive(by *User, at time.Time, cats []ComplaintCategory, cal HolidayCalendars) error {
	if by == nil || by.ID == "" || by.Disabled {
		return Errorf(EFORBIDDEN, "请先登录再登记投诉")
	}
	if c.Closed() || !c.ReceivedAt.IsZero() {
		return Errorf(ECONFLICT, "这件投诉已经登记过，不能重复登记")
	}
	n := *c
	var err error
	if n.Words, err = RuleComplaintWords.Check(n.Words); err != nil {
		return err
	}
	if n.Request, err = RuleComplaintRequest.Check(n.Request); err != nil {
		return err
	}
	if !slices.Contains(ComplaintChannels, n.Channel) {
		return Errorf(EINVALID, "请选择投诉渠道：窗口、电话、信函或网上")
	}
	cat := FindComplaintCategory(cats, n.Category)
	if n.Category == "" || cat == nil {
		return Errorf(EINVALID, "请选择投诉类别（如服务态度、等候时间、信息有误、收费、材料遗失、其他）")
	}
	if cat.Off {
		return Errorf(EINVALID, "投诉类别“%s”已停用：请选择在用的类别，或请主管重新启用", cat.Name)
	}
	n.CategoryName = cat.Name
	if n.CustomerID != "" {
		n.CallerName, n.CallerPhone = "", ""
	} else {
		if n.CallerName, err = RuleCallerName.Check(n.CallerName); err != nil {
			return err
		}
		if n.CallerPhone, err = checkCallerPhone(n.CallerPhone); err != nil {
			return err
		}
	}
	if n.DueDay, err = ComplaintDueDay(at, n.Complexity, cal); err != nil {
		return err
	}
	n.DueProvisional = ComplaintDueProvisional(at, n.DueDay, cal)
	n.ReceivedAt = at
	n.RecorderID, n.RecorderName = by.ID, by.Name
	n.OwnerID, n.OwnerName = by.ID, by.Name
	n.Steps, n.Handovers = nil, nil
	n.Answer, n.AnsweredAt, n.Outcome, n.ClosedAt, n.ClosedBy = "", time.Time{}, "", time.Time{}, ""
	*c = n
	return nil
}

// checkCallerPhone checks an anonymous caller's phone: empty, or digits
// with - between them, 5 to 20 characters (a landline, a mobile, a short
// service number).
func checkCallerPhone(s string) (string, error) {
	s, err := RuleCallerPhone.Check(s)
	if err != nil || s == "" {
		return s, err
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r == '-') {
			return "", Errorf(EINVALID, "投诉人电话中的“%c”不是数字：请只填数字和“-”，如 0571-87654321 或 13912345678", r)
		}
	}
	if utf8.RuneCountInString(strings.ReplaceAll(s, "-", "")) < 5 {
		return "", Errorf(EINVALID, "投诉人电话“%s”太短：请填写完整的号码，如 0571-87654321 或 13912345678", s)
	}
	return s, nil
}

// checkOpen refuses any change to a closed complaint (ECONFLICT).
func (c *Complaint) checkOpen() error {
	if c.Closed() {
		return Errorf(ECONFLICT, "投诉 %s 已于%s办结（%s），办结的投诉不能再修改；客户又有新的问题的，请另行登记一件投诉",
			c.Number, FormatDate(c.ClosedAt), c.Outcome.Label())
	}
	return nil
}

// checkOwner refuses (EFORBIDDEN) anyone but the owner: only the owner
// records steps, answers and closes (首接负责制).
func (c *Complaint) checkOwner(by *User, what string) error {
	if by == nil || by.Disabled || by.ID != c.OwnerID {
		return Errorf(EFORBIDDEN, "只有这件投诉的负责人%s能%s（首接负责制）：请交给%s办理；负责人不在的，请主管先把投诉移交给您", c.OwnerName, what, c.OwnerName)
	}
	return nil
}

// AddStep records a step of handling: at at, the owner by asked asked and
// they said said. Refused when the complaint is closed (ECONFLICT), when
// by is not the owner (EFORBIDDEN), when the texts break their rules
// (EINVALID, RuleStepAsked, RuleStepSaid), or when at is before the
// complaint was received (EINVALID). A refusal changes nothing.
func (c *Complaint) AddStep(by *User, at time.Time, asked, said string) error {
	if err := c.checkOpen(); err != nil {
		return err
	}
	if err := c.checkOwner(by, "记录处理经过"); err != nil {
		return err
	}
	var err error
	if asked, err = RuleStepAsked.Check(asked); err != nil {
		return err
	}
	if said, err = RuleStepSaid.Check(said); err != nil {
		return err
	}
	if at.Before(c.ReceivedAt) {
		return Errorf(EINVALID, "处理时间 %s 早于投诉登记时间 %s：请核对电脑时间", at.Local().Format("2006-01-02 15:04"), c.ReceivedAt.Local().Format("2006-01-02 15:04"))
	}
	c.Steps = append(c.Steps, ComplaintStep{At: at, Asked: asked, Said: said, ByID: by.ID, ByName: by.Name})
	return nil
}

// GiveAnswer records the answer the owner by gave the customer at at
// (RuleComplaintAnswer). The first answer sets AnsweredAt, which the
// deadline is measured by; a later answer (the customer was not satisfied,
// seed 003 篇5 4.2 C–E) replaces the text but keeps AnsweredAt. Refused
// like AddStep.
func (c *Complaint) GiveAnswer(by *User, at time.Time, answer string) error {
	if err := c.checkOpen(); err != nil {
		return err
	}
	if err := c.checkOwner(by, "答复客户"); err != nil {
		return err
	}
	answer, err := RuleComplaintAnswer.Check(answer)
	if err != nil {
		return err
	}
	if at.Before(c.ReceivedAt) {
		return Errorf(EINVALID, "答复时间早于投诉登记时间：请核对电脑时间")
	}
	c.Answer = answer
	if c.AnsweredAt.IsZero() {
		c.AnsweredAt = at
	}
	return nil
}

// ComplaintNoContactAnswer is the answer Close records for a complaint
// with nobody to answer (NoContact: anonymous, no phone) when the owner
// writes none: there is no customer to tell (tester 18b B4).
const ComplaintNoContactAnswer = "无法答复：匿名且无联系方式"

// Close closes the complaint at at with the outcome found and the answer
// given to the customer (RuleComplaintAnswer; when no answer was recorded
// before, this one is the first and sets AnsweredAt). A complaint with
// nobody to answer (NoContact) needs none: left empty it is
// ComplaintNoContactAnswer, or the owner records what was done. Only the owner
// closes (EFORBIDDEN); a closed complaint is not closed again (ECONFLICT);
// a close needs an outcome and the answer (EINVALID). Closing starts the
// follow-up call: NewFollowUp with FollowUpComplaint and ClosedAt. A
// refusal changes nothing.
func (c *Complaint) Close(by *User, at time.Time, outcome ComplaintOutcome, answer string) error {
	if err := c.checkOpen(); err != nil {
		return err
	}
	if err := c.checkOwner(by, "办结"); err != nil {
		return err
	}
	if !slices.Contains(ComplaintOutcomes, outcome) {
		return Errorf(EINVALID, "办结前请选择处理结果：属实、部分属实或不属实")
	}
	if c.NoContact() && strings.TrimSpace(answer) == "" {
		answer = ComplaintNoContactAnswer
	}
	answer, err := RuleComplaintAnswer.Check(answer)
	if err != nil {
		return Errorf(EINVALID, "办结前%s", ErrorMessage(err))
	}
	if at.Before(c.ReceivedAt) {
		return Errorf(EINVALID, "办结时间早于投诉登记时间：请核对电脑时间")
	}
	c.Answer, c.Outcome, c.ClosedAt, c.ClosedBy = answer, outcome, at, by.Name
	if c.AnsweredAt.IsZero() {
		c.AnsweredAt = at
	}
	return nil
}

// Reassign hands the complaint to another owner (to) at at, with the
// reason (RuleReassignReason). Only an active supervisor (by) may do it
// (EFORBIDDEN); the new owner must be an active user other than the
// current owner (EINVALID); a closed complaint is not handed over
// (ECONFLICT). It records a ComplaintHandover. A refusal changes nothing.
func (c *Complaint) Reassign(by *User, to *User, at time.Time, reason string) error {
	if err := c.checkOpen(); err != nil {
		return err
	}
	if !by.IsSupervisor() {
		return Errorf(EFORBIDDEN, "只有主管能把投诉移交给别人（首接负责制：登记的人负责到底）：请主管办理移交")
	}
	if to == nil || to.ID == "" {
		return Errorf(EINVALID, "请选择接手这件投诉的人")
	}
	if to.Disabled {
		return Errorf(EINVALID, "%s的账号已停用，不能接手投诉：请选择其他人", to.Name)
	}
	if to.ID == c.OwnerID {
		return Errorf(EINVALID, "%s已经是这件投诉的负责人：请选择另一个人", to.Name)
	}
	reason, err := RuleReassignReason.Check(reason)
	if err != nil {
		return err
	}
	c.Handovers = append(c.Handovers, ComplaintHandover{At: at, FromID: c.OwnerID, FromName: c.OwnerName,
		ToID: to.ID, ToName: to.Name, ByID: by.ID, ByName: by.Name, Reason: reason})
	c.OwnerID, c.OwnerName = to.ID, to.Name
	return nil
}

// Reclassify changes the complexity of an open complaint whose first
// answer is not yet given, by its owner or a supervisor, and recomputes
// DueDay from ReceivedAt with cal (ComplaintDueDay). Refused when closed
// (ECONFLICT), already answered (ECONFLICT: the deadline was met or
// missed already), by anyone else (EFORBIDDEN), or for an unknown
// complexity (EINVALID); a missing calendar year makes the day
// provisional (DueProvisional). A refusal changes nothing.
func (c *Complaint) Reclassify(by *User, cx ComplaintComplexity, cal HolidayCalendars) error {
	if err := c.checkOpen(); err != nil {
		return err
	}
	if !by.IsSupervisor() {
		if err := c.checkOwner(by, "改变复杂程度"); err != nil {
			return err
		}
	}
	if c.Answered() {
		return Errorf(ECONFLICT, "投诉 %s 已于%s首次答复，答复期限已经过去，复杂程度不能再改", c.Number, FormatDate(c.AnsweredAt))
	}
	due, err := ComplaintDueDay(c.ReceivedAt, cx, cal)
	if err != nil {
		return err
	}
	c.Complexity, c.DueDay = cx, due
	c.DueProvisional = ComplaintDueProvisional(c.ReceivedAt, due, cal)
	return nil
}

// AgeDays returns how many calendar days the complaint has been open on
// day: 0 on the day received.
func (c *Complaint) AgeDays(day time.Time) int {
	return DaysBetween(Day(c.ReceivedAt), Day(day))
}
