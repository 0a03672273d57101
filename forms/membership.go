package forms

import (
	"strings"
	"time"
)

// MembershipChange is what completing a case does to the customer's
// membership of the collective household.
type MembershipChange string

// The membership changes a completion may make.
const (
	MembershipJoin  MembershipChange = "join"  // a member since the completion day (落户)
	MembershipLeave MembershipChange = "leave" // a member until the completion day (转户)
)

// ArchiveChange is what completing a case does to the customer's archive
// (档案) kept by the branch.
type ArchiveChange string

// ArchiveLeave records that the archive left the branch on the completion
// day (转档): the archive-keeping fee stops accruing from that day.
const ArchiveLeave ArchiveChange = "leave"

// Completion is a service's effects on what the branch knows about its
// members, applied when a case of it is completed (办结), in the same
// transaction. It is catalogue data (Service.OnComplete), so a new service
// that settles or moves a household is data too.
type Completion struct {
	Membership MembershipChange `json:"membership,omitempty"`
	Archive    ArchiveChange    `json:"archive,omitempty"`
	// From names the question whose answer says where the household came
	// from (户口原属); its option label is kept on the membership record.
	From string `json:"from,omitempty"`
	// Referral names the question that asks how the customer heard of us
	// (asked when the household came from another collective household in
	// the city); its answer is kept on the membership record.
	Referral string `json:"referral,omitempty"`
	// Child makes the membership change apply to a child of the case's
	// customer rather than to the customer: completion records the child as
	// a customer linked to the parent, from the answers to these questions.
	Child *ChildQuestions `json:"child,omitempty"`
}

// ChildQuestions names the questions whose answers describe a child not
// yet registered: name (text), gender (choice with the options M and F),
// birth date (date) and the guardian's consent to keep the child's data
// (bool; PIPL treats a child's data as sensitive personal data).
type ChildQuestions struct {
	Name    string `json:"name"`
	Gender  string `json:"gender"`
	Birth   string `json:"birth"`
	Consent string `json:"consent"`
}

// validate checks the completion of the service s against its questions.
func (c *Completion) validate(s *Service) error {
	switch c.Membership {
	case "", MembershipJoin, MembershipLeave:
	default:
		return Errorf(EINVALID, "业务“%s”的办结效果中入户变化“%s”不认识，只能是 join（入户）或 leave（转出）", s.Name, c.Membership)
	}
	switch c.Archive {
	case "", ArchiveLeave:
	default:
		return Errorf(EINVALID, "业务“%s”的办结效果中档案变化“%s”不认识，只能是 leave（档案转出）", s.Name, c.Archive)
	}
	qs := map[string]Question{}
	for _, q := range s.Questions {
		qs[q.ID] = q
	}
	need := func(what, id string, types ...QuestionType) error {
		q, ok := qs[id]
		if !ok {
			return Errorf(EINVALID, "业务“%s”的办结效果引用的%s问题“%s”不存在，请填写本业务的问题编号", s.Name, what, id)
		}
		for _, t := range types {
			if q.Type == t {
				return nil
			}
		}
		return Errorf(EINVALID, "业务“%s”的办结效果中%s问题“%s”的类型不对，应为 %s", s.Name, what, q.Label, types[0])
	}
	if c.From != "" {
		if err := need("户口来源", c.From, QChoice, QText); err != nil {
			return err
		}
	}
	if c.Referral != "" {
		if err := need("了解渠道", c.Referral, QText, QChoice); err != nil {
			return err
		}
	}
	if ch := c.Child; ch != nil {
		if c.Membership != MembershipJoin {
			return Errorf(EINVALID, "业务“%s”的办结效果登记小孩时，入户变化须为 join（小孩办结即成为成员）", s.Name)
		}
		for _, n := range []struct {
			what, id string
			t        QuestionType
		}{{"小孩姓名", ch.Name, QText}, {"小孩性别", ch.Gender, QChoice}, {"出生日期", ch.Birth, QDate}, {"监护人同意", ch.Consent, QBool}} {
			if err := need(n.what, n.id, n.t); err != nil {
				return err
			}
		}
		values := map[string]bool{}
		for _, o := range qs[ch.Gender].Options {
			values[o.Value] = true
		}
		if !values[string(GenderMale)] || !values[string(GenderFemale)] || len(values) != 2 {
			return Errorf(EINVALID, "业务“%s”的小孩性别问题的选项值须为 M（男）和 F（女）", s.Name)
		}
	}
	return nil
}

// MembershipEventKind is one change of a customer's standing with the
// branch, as the membership history records it.
type MembershipEventKind string

// The kinds of membership events.
const (
	EventJoin         MembershipEventKind = "join"          // became a member
	EventLeave        MembershipEventKind = "leave"         // the household moved out
	EventArchiveLeave MembershipEventKind = "archive_leave" // the archive left the branch
)

// Label returns the kind in Chinese.
func (k MembershipEventKind) Label() string {
	switch k {
	case EventJoin:
		return "入户"
	case EventLeave:
		return "转出集体户"
	case EventArchiveLeave:
		return "档案转出"
	}
	return string(k)
}

// MembershipEvent is one entry of a customer's membership history: who
// joined or left, on which day, through which case, and (on joining) where
// the household came from and how they heard of us.
type MembershipEvent struct {
	ID          string
	CustomerID  string
	CaseID      string
	CaseNumber  string // filled when read
	ServiceName string // filled when read
	Kind        MembershipEventKind
	Day         time.Time
	From        string // where the household came from (label)
	Referral    string // how they heard of us
	At          time.Time
	UserName    string // filled when read
}

// Text describes the event in one line for the customer's record, e.g.
// "2026-11-30 入户（历届生落户 QB01-20261130-001）；户口原属：外区集体户；了解渠道：朋友介绍".
func (e MembershipEvent) Text() string {
	var b strings.Builder
	b.WriteString(FormatDate(e.Day) + " " + e.Kind.Label())
	if e.ServiceName != "" || e.CaseNumber != "" {
		b.WriteString("（" + strings.TrimSpace(e.ServiceName+" "+e.CaseNumber) + "）")
	}
	if e.From != "" {
		b.WriteString("；户口原属：" + e.From)
	}
	if e.Referral != "" {
		b.WriteString("；了解渠道：" + e.Referral)
	}
	return b.String()
}

// Completed is what completing a case changes, as computed by
// Service.Completion: the case's customer as changed (nil when unchanged),
// a new child customer to record (nil when none), and the events of the
// membership history. An event for the child has an empty CustomerID: the
// store fills it in when it gives the child its id.
type Completed struct {
	Customer *Customer
	Child    *Customer
	Events   []MembershipEvent
}

// Completion computes the effects of completing the case k of the service
// for its customer cust on the day, from s.OnComplete. It changes nothing
// itself. It refuses (EINVALID, naming the fix) a child whose answers do
// not make a valid customer: a birth date after the day, no consent.
func (s *Service) Completion(k *Case, cust *Customer, day time.Time) (Completed, error) {
	var out Completed
	oc := s.OnComplete
	if oc == nil {
		return out, nil
	}
	day = Day(day)
	changed := *cust
	touched := false
	event := func(kind MembershipEventKind, customerID string) MembershipEvent {
		return MembershipEvent{CustomerID: customerID, CaseID: k.ID, Kind: kind, Day: day}
	}
	switch {
	case oc.Child != nil:
		child, err := s.childOf(k, cust, day)
		if err != nil {
			return Completed{}, err
		}
		out.Child = child
		out.Events = append(out.Events, event(EventJoin, ""))
	case oc.Membership == MembershipJoin && !cust.Member:
		changed.Member, changed.MemberSince, changed.MemberUntil = true, day, time.Time{}
		touched = true
		e := event(EventJoin, cust.ID)
		facts := Facts(cust, k.Answers, day, s.Questions)
		e.From = s.answerText(oc.From, k.Answers, facts)
		e.Referral = s.answerText(oc.Referral, k.Answers, facts)
		if e.From != "" && changed.Origin == "" {
			changed.Origin = e.From
		}
		out.Events = append(out.Events, e)
	case oc.Membership == MembershipLeave && cust.Member:
		changed.Member, changed.MemberUntil = false, day
		touched = true
		out.Events = append(out.Events, event(EventLeave, cust.ID))
	}
	if oc.Archive == ArchiveLeave && cust.ArchiveUntil.IsZero() {
		changed.ArchiveUntil = day
		touched = true
		out.Events = append(out.Events, event(EventArchiveLeave, cust.ID))
	}
	if touched {
		out.Customer = &changed
	}
	return out, nil
}

// childOf builds the child customer of the case's answers, a member since
// the day, linked to the parent.
func (s *Service) childOf(k *Case, parent *Customer, day time.Time) (*Customer, error) {
	q := s.OnComplete.Child
	a := k.Answers
	child := &Customer{
		Name:            a[q.Name],
		Gender:          Gender(a[q.Gender]),
		ParentID:        parent.ID,
		GuardianConsent: a[q.Consent] == "yes",
		Member:          true,
		MemberSince:     day,
	}
	if strings.TrimSpace(child.Name) == "" {
		return nil, Errorf(EINVALID, "请填写小孩姓名")
	}
	birth, err := ParseDate(a[q.Birth])
	if err != nil {
		return nil, Errorf(EINVALID, "请填写小孩的出生日期（按出生医学证明）")
	}
	child.Birth = Day(birth)
	if err := child.ValidateOn(day); err != nil {
		return nil, err
	}
	return child, nil
}

// answerText is the answer to the question id as the clerk saw it: the
// option's label for a choice, the text otherwise; "" when unanswered or
// when the question does not apply (how they heard of us, left over after
// the household's origin was changed to one that does not ask it).
func (s *Service) answerText(id string, answers map[string]string, facts FactSet) string {
	v := answers[id]
	if id == "" || v == "" {
		return ""
	}
	for _, q := range s.Questions {
		if q.ID != id {
			continue
		}
		if !q.When.Holds(facts) {
			return ""
		}
		for _, o := range q.Options {
			if o.Value == v {
				return o.Label
			}
		}
	}
	return v
}

// Admits refuses a customer the service is not for: a service for members
// refuses a non-member, and a former member (the household moved out) is
// told since when, and that every record is kept.
func (s *Service) Admits(c *Customer) error {
	if !s.ForMembers || c.Member {
		return nil
	}
	if c.FormerMember() {
		return &Error{Code: EINVALID, Key: "service.former_member", Message: "该客户已于" + FormatDate(c.MemberUntil) +
			"转户迁出，不再是集体户成员，不能办理" + s.Name + "；以往的受理单、收据和保障金记录仍保留在档案中，可随时查看"}
	}
	return Errorf(EINVALID, "该客户不是集体户成员，不能办理%s", s.Name)
}

// MemberWarning returns the warning shown when a service for non-members
// (ForNonMembers: a settlement that makes the customer a member) is opened
// for a customer who already is a member, saying since when and what to
// check; "" otherwise.
func (s *Service) MemberWarning(c *Customer) string {
	if !s.ForNonMembers || c == nil || !c.Member {
		return ""
	}
	since := ""
	if !c.MemberSince.IsZero() {
		since = "（" + FormatDate(c.MemberSince) + "入户）"
	}
	return "注意：" + c.Name + "已是集体户成员" + since + "，" + s.Name + "是给尚未落户的客户办理入户的，已是成员的一般不需要再办理。" +
		"请核对是否选错了业务（借户籍卡、续费等请选对应业务）；确需办理的，请先向主管确认"
}

// OneMonthAfter returns the last day that is still "within one month" of a
// birth: the same day number in the next month, or that month's last day
// when it has no such day (born 31 January: 28 February, or 29 in a leap
// year). The day one month after birth is itself within one month; the day
// after it is late.
func OneMonthAfter(birth time.Time) time.Time {
	birth = Day(birth)
	y, m, d := birth.Date()
	last := time.Date(y, m+2, 0, 0, 0, 0, 0, time.Local).Day() // last day of the next month
	if d > last {
		d = last
	}
	return time.Date(y, m+1, d, 0, 0, 0, 0, time.Local)
}

// WithinOneMonth reports whether day is within one month of birth, by
// OneMonthAfter.
func WithinOneMonth(birth, day time.Time) bool {
	return !Day(day).After(OneMonthAfter(birth))
}

// CompletionNote says in the clerk's words what completing a case of the
// service will change for the customer named, for the 办结 confirmation;
// "" when it changes nothing.
func (s *Service) CompletionNote(name string) string {
	oc := s.OnComplete
	if oc == nil {
		return ""
	}
	var parts []string
	switch {
	case oc.Child != nil:
		parts = append(parts, "小孩将登记为客户，与"+name+"关联，并成为集体户成员（入户日期为今天）")
	case oc.Membership == MembershipJoin:
		parts = append(parts, name+"将成为集体户成员，入户日期为今天")
	case oc.Membership == MembershipLeave:
		parts = append(parts, name+"的集体户成员身份到今天结束，以往记录保留")
	}
	if oc.Archive == ArchiveLeave {
		parts = append(parts, "记录"+name+"的档案今天转出，档案保管费从今天起不再计算")
	}
	if len(parts) == 0 {
		return ""
	}
	return "办结后，" + strings.Join(parts, "；") + "。"
}
