package forms

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Catalogue is the set of counter services a station offers. The default
// catalogue ships with the program (assets) and is copied into the database
// at first start; afterwards each Service changes by new versions.
type Catalogue struct {
	// Release names the shipped default this catalogue came from, e.g.
	// "2026.1". A release with a changed default is offered to the
	// supervisor as new service versions, never written over their edits.
	Release  string    `json:"release"`
	Services []Service `json:"services"`
}

// Service is one counter service (业务), as data: its questions, the papers
// it requires, the documents it prints, its fees and deposits and the
// clerk's talking points. A case keeps the Version it was opened under.
type Service struct {
	Code    string `json:"code"`    // stable key, e.g. "borrow_card"
	Name    string `json:"name"`    // e.g. "借户籍卡"
	Version int    `json:"version"` // 1, 2, …; set by the store
	Summary string `json:"summary,omitempty"`

	// ForMembers says the service is for members of the collective
	// household only (借户籍卡, 转户, 续费, 小孩落户).
	ForMembers bool `json:"for_members,omitempty"`
	// ForNonMembers says the service makes a non-member a member (历届生落户,
	// 应届生落户): for a customer who already is one the case screen warns
	// (Service.MemberWarning) that the service is probably the wrong one.
	ForNonMembers bool `json:"for_non_members,omitempty"`

	Questions     []Question     `json:"questions,omitempty"`
	Requirements  []Requirement  `json:"requirements,omitempty"`
	Documents     []Document     `json:"documents,omitempty"`
	Fees          []Fee          `json:"fees,omitempty"`
	TalkingPoints []TalkingPoint `json:"talking_points,omitempty"`

	// ReturnDays is the default number of days until a lent household card
	// is due back (借户籍卡: 30). Zero where nothing is lent.
	ReturnDays int `json:"return_days,omitempty"`

	// ExclusiveGroup names a set of services of which a customer may have
	// only one open case at a time; "" puts the service in no group, and a
	// customer may then have any number of its cases open (several lost
	// receipts, several children). Opening a service of the group while a
	// case of the same service is open re-opens that case; while a case of
	// another service of the group is open, it is refused, naming that
	// case (see ConflictsWith). The default catalogue has two groups, from
	// SPEC.md:
	//
	//	settlement      历届生落户, 应届生落户: both settle the same person's
	//	                household into the collective household, once; two
	//	                open settlement cases would print two 接收函 and two
	//	                储备协议 for one move.
	//	household_card  借户籍卡, 转户: both hand the member's one 户籍卡 out
	//	                against the 600-yuan deposit, and a card already out
	//	                cannot be lent again (the screen opens the open case).
	ExclusiveGroup string `json:"exclusive_group,omitempty"`

	// BlockedBy lists the services whose open case stops this one from
	// being opened, with what the clerk is told and the ways on: 转户 while
	// the card is out on a 借户籍卡 case must wait for the card to come
	// back. A block is checked before the exclusive group, so its message,
	// written for that pair, wins over the group's general one.
	BlockedBy []Block `json:"blocked_by,omitempty"`

	// OnComplete is what completing a case of the service changes in what
	// the branch knows about its members: 落户 makes a member, 小孩落户 a
	// child member, 转户 ends the membership, 转档 records that the archive
	// left. nil changes nothing.
	OnComplete *Completion `json:"on_complete,omitempty"`

	// Waiting is the service's waiting period (收据/发票遗失声明: the loss
	// period, 15 calendar days by default) and Outcomes the ways it can end
	// after it, each with what it prints and whether it refunds (see
	// loss.go). Nil and empty for a service without a waiting period.
	Waiting  *WaitingPeriod `json:"waiting,omitempty"`
	Outcomes []Outcome      `json:"outcomes,omitempty"`

	// Switches are the supervisor's switch groups turned off, e.g.
	// {"family_planning": false}: the papers and documents tagged with
	// the group (Requirement.Group, Document.Group) then never apply. A
	// group not listed is on (see GroupOn, SetGroup, SwitchGroups).
	Switches map[string]bool `json:"switches,omitempty"`
}

// Block says that an open case of another service stops a service from
// being opened. Message is told to the clerk; it may use the placeholders
// ［业务］ (the open case's service), ［受理单号］, ［状态］, ［日期］ (when it was
// accepted, or opened if not yet), ［收据号］ (its deposit receipt) and
// ［本业务］ (the service asked for).
type Block struct {
	Service string `json:"service"` // code of the blocking service
	// DepositHeld makes the block apply only while the open case holds a
	// deposit (the household card is out); otherwise any open case blocks.
	DepositHeld bool   `json:"deposit_held,omitempty"`
	Message     string `json:"message"`
	// Ways are the ways on the screen offers with the message.
	Ways []Way `json:"ways,omitempty"`
}

// Way is a way on that the screen offers when a case may not be opened.
type Way string

// The ways on.
const (
	WayOpenCase   Way = "open_case"   // 打开该受理单: show the open case
	WayRefundDesk Way = "refund_desk" // 去保障金退还: the refund desk, on its deposit
)

// Label returns the button text of the way on.
func (w Way) Label() string {
	switch w {
	case WayOpenCase:
		return "打开该受理单"
	case WayRefundDesk:
		return "去保障金退还"
	}
	return string(w)
}

// QuestionType says what kind of answer a Question takes.
type QuestionType string

// The question types.
const (
	QChoice QuestionType = "choice" // one of Options
	QBool   QuestionType = "bool"   // "yes" or "no"
	QYear   QuestionType = "year"   // a four-digit year
	QDate   QuestionType = "date"   // YYYY-MM-DD
	QText   QuestionType = "text"   // free text
)

// Question is asked of the customer; its answer feeds the conditions.
type Question struct {
	ID       string       `json:"id"`
	Label    string       `json:"label"`
	Type     QuestionType `json:"type"`
	Options  []Option     `json:"options,omitempty"`
	Required bool         `json:"required,omitempty"`
	Hint     string       `json:"hint,omitempty"`
	When     *Condition   `json:"when,omitempty"` // asked only when this holds
	// Placeholder names the answer in document wording, e.g. "用途" fills
	// ［用途］ with the chosen option's label.
	Placeholder string `json:"placeholder,omitempty"`
	// NotFuture makes a date question refuse a day after today (a birth
	// date).
	NotFuture bool `json:"not_future,omitempty"`
}

// Option is one choice of a QChoice question.
type Option struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// Requirement is a paper to collect (材料): how many originals and copies,
// and under which condition.
type Requirement struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Originals is how many originals are kept; Copies how many copies.
	Originals int `json:"originals,omitempty"`
	Copies    int `json:"copies,omitempty"`
	// SeenOnly says the original is checked and handed back (原件核验).
	SeenOnly bool       `json:"seen_only,omitempty"`
	Note     string     `json:"note,omitempty"`
	When     *Condition `json:"when,omitempty"`
	// Switchable items (the family-planning papers) may be switched off by
	// the supervisor; Off records that they were.
	Switchable bool `json:"switchable,omitempty"`
	Off        bool `json:"off,omitempty"`
	// Group tags the paper as one of a switch group (GroupFamilyPlanning),
	// switched on or off for the whole service by Service.Switches.
	Group string `json:"group,omitempty"`
}

// Quantity describes the requirement's count in the clerk's words, e.g.
// "原件1份、复印件3份" or "原件（核验后退还）".
func (r Requirement) Quantity() string {
	var parts []string
	switch {
	case r.SeenOnly:
		parts = append(parts, "原件（核验后退还）")
	case r.Originals > 0:
		parts = append(parts, fmt.Sprintf("原件%d份", r.Originals))
	}
	if r.Copies > 0 {
		parts = append(parts, fmt.Sprintf("复印件%d份", r.Copies))
	}
	return strings.Join(parts, "、")
}

// CopyLabel names one printed copy of a Document and who keeps it.
type CopyLabel struct {
	Label  string `json:"label"`  // printed on the copy, e.g. "客户留存"
	Keeper string `json:"keeper"` // customer, office, family_planning, finance, counter
}

// Document is a paper the service prints for the customer to sign. Body is
// its wording with placeholders in full-width brackets, e.g. ［姓名］; the
// supervisor may edit it. Builtin documents (receipts, the 一次性告知单)
// have their layout in code and no Body.
type Document struct {
	ID     string      `json:"id"`
	Title  string      `json:"title"`
	Body   string      `json:"body,omitempty"`
	Copies []CopyLabel `json:"copies"`
	// Signatures are the signature lines under the body, e.g. 承诺人, 经办人.
	Signatures []string   `json:"signatures,omitempty"`
	When       *Condition `json:"when,omitempty"`
	Switchable bool       `json:"switchable,omitempty"`
	Off        bool       `json:"off,omitempty"`
	// Group tags the document as one of a switch group
	// (GroupFamilyPlanning), like Requirement.Group.
	Group string `json:"group,omitempty"`
	// Boxes are framed boxes drawn under the body, each with its label,
	// e.g. to paste an ID copy or for the finance stamp.
	Boxes []string `json:"boxes,omitempty"`
}

// FeeKind tells a deposit (refundable) from a fee.
type FeeKind string

// The fee kinds.
const (
	KindFee     FeeKind = "fee"
	KindDeposit FeeKind = "deposit"
)

// Fee is an amount the service takes. A Deposit is refundable and held in
// the deposit ledger. Schedule names the member's paid-through date the fee
// advances (ScheduleTalent, ScheduleArchive); such a fee is a renewal and
// computes its amount from its Table (see FeeTable.Due) instead of a fixed
// Amount.
type Fee struct {
	ID       string     `json:"id"`
	Name     string     `json:"name"`
	Kind     FeeKind    `json:"kind"`
	Amount   Money      `json:"amount"`
	Schedule string     `json:"schedule,omitempty"`
	Table    *FeeTable  `json:"table,omitempty"`
	When     *Condition `json:"when,omitempty"`
}

// Scheduled reports whether the service renews fees from fee tables (续费):
// it then has its own screen, not the case screen.
func (s *Service) Scheduled() bool {
	for _, f := range s.Fees {
		if f.Schedule != "" {
			return true
		}
	}
	return false
}

// validateSchedule checks a scheduled fee: a known schedule, a fee (not a
// deposit) and a valid table.
func (f *Fee) validateSchedule(s *Service) error {
	if f.Schedule == "" {
		if f.Table != nil {
			return Errorf(EINVALID, "业务“%s”的费用“%s”有收费标准表，却没有写明续的是哪项费用（schedule）", s.Name, f.Name)
		}
		return nil
	}
	if PaidThrough(&Customer{}, f.Schedule) == nil {
		return Errorf(EINVALID, "业务“%s”的费用“%s”的续费项目“%s”不认识，只能是 %s 或 %s", s.Name, f.Name, f.Schedule, ScheduleTalent, ScheduleArchive)
	}
	if f.Kind != KindFee {
		return Errorf(EINVALID, "业务“%s”的续费项目“%s”须是费用，不能是保障金", s.Name, f.Name)
	}
	return f.Table.Validate(f.Name)
}

// TalkingPoint is something the screen shows the clerk to say.
type TalkingPoint struct {
	Text string     `json:"text"`
	When *Condition `json:"when,omitempty"`
}

// ParseCatalogue reads a catalogue from JSON and validates it.
func ParseCatalogue(data []byte) (*Catalogue, error) {
	var c Catalogue
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, Errorf(EINVALID, "业务目录格式错误：%v", err)
	}
	for i := range c.Services {
		if err := c.Services[i].Validate(); err != nil {
			return nil, err
		}
	}
	for _, s := range c.Services {
		for _, b := range s.BlockedBy {
			if c.Service(b.Service) == nil {
				return nil, Errorf(EINVALID, "业务“%s”的“不能同时办理”中的业务代码“%s”不在业务目录中", s.Name, b.Service)
			}
		}
	}
	return &c, nil
}

// Service returns the service with the given code, or nil.
func (c *Catalogue) Service(code string) *Service {
	for i := range c.Services {
		if c.Services[i].Code == code {
			return &c.Services[i]
		}
	}
	return nil
}

// Validate checks that a service is complete and that every condition
// names a fact and operator the evaluator knows, so a supervisor's edit
// cannot save a service that would misbehave at the counter.
func (s *Service) Validate() error {
	if strings.TrimSpace(s.Code) == "" {
		// The code is never typed by a supervisor: only a program error
		// loses it.
		return Errorf(EINVALID, "业务缺少内部代码（程序错误），请联系维护人员")
	}
	if strings.TrimSpace(s.Name) == "" {
		return Errorf(EINVALID, "业务名称不能为空，请填写业务名称")
	}
	if s.ForMembers && s.ForNonMembers {
		return Errorf(EINVALID, "业务“%s”不能既只限集体户成员、又只限非成员：请只勾选一项", s.Name)
	}
	ids := map[string]bool{}
	unique := func(kind, id string) error {
		if id == "" {
			return Errorf(EINVALID, "业务“%s”中有%s缺少编号", s.Name, kind)
		}
		if ids[kind+id] {
			return Errorf(EINVALID, "业务“%s”中%s编号“%s”重复", s.Name, kind, id)
		}
		ids[kind+id] = true
		return nil
	}
	questions := map[string]Question{}
	for _, q := range s.Questions {
		if err := unique("问题", q.ID); err != nil {
			return err
		}
		if q.Type == QChoice && len(q.Options) == 0 {
			return Errorf(EINVALID, "业务“%s”的问题“%s”没有选项", s.Name, q.Label)
		}
		questions[q.ID] = q
	}
	var conds []*Condition
	for _, q := range s.Questions {
		conds = append(conds, q.When)
	}
	for _, r := range s.Requirements {
		if err := unique("材料", r.ID); err != nil {
			return err
		}
		if r.Originals < 0 || r.Copies < 0 || (r.Originals == 0 && r.Copies == 0 && !r.SeenOnly) {
			return Errorf(EINVALID, "业务“%s”的材料“%s”份数不正确", s.Name, r.Name)
		}
		conds = append(conds, r.When)
	}
	for _, d := range s.Documents {
		if err := unique("文书", d.ID); err != nil {
			return err
		}
		if len(d.Copies) == 0 {
			return Errorf(EINVALID, "业务“%s”的文书“%s”没有写明份数", s.Name, d.Title)
		}
		if err := d.validateWording(s); err != nil {
			return err
		}
		conds = append(conds, d.When)
	}
	for _, f := range s.Fees {
		if err := unique("费用", f.ID); err != nil {
			return err
		}
		if err := f.validateSchedule(s); err != nil {
			return err
		}
		conds = append(conds, f.When)
	}
	if err := s.validateAmounts(); err != nil {
		return err
	}
	if err := s.validateGroups(); err != nil {
		return err
	}
	for i := range s.TalkingPoints {
		conds = append(conds, s.TalkingPoints[i].When)
	}
	for _, b := range s.BlockedBy {
		if err := b.validate(s); err != nil {
			return err
		}
	}
	if err := s.validateWaiting(); err != nil {
		return err
	}
	if s.OnComplete != nil {
		if err := s.OnComplete.validate(s); err != nil {
			return err
		}
	}
	for _, c := range conds {
		if err := c.check(questions); err != nil {
			return Errorf(EINVALID, "业务“%s”的条件有误：%s", s.Name, ErrorMessage(err))
		}
	}
	return nil
}

// Clone returns a deep copy, so an edit never changes a version a case holds.
func (s *Service) Clone() *Service {
	data, err := json.Marshal(s)
	if err != nil {
		panic(err) // a Service always marshals
	}
	var c Service
	if err := json.Unmarshal(data, &c); err != nil {
		panic(err)
	}
	return &c
}

// validate checks a block of the service s.
func (b *Block) validate(s *Service) error {
	switch {
	case strings.TrimSpace(b.Service) == "":
		return Errorf(EINVALID, "业务“%s”的“不能同时办理”缺少业务代码", s.Name)
	case b.Service == s.Code:
		return Errorf(EINVALID, "业务“%s”的“不能同时办理”不能是它自己；同一业务只开一张受理单请用“互斥组”", s.Name)
	case strings.TrimSpace(b.Message) == "":
		return Errorf(EINVALID, "业务“%s”的“不能同时办理”（%s）缺少告诉窗口人员的说明", s.Name, b.Service)
	}
	for _, w := range b.Ways {
		if w != WayOpenCase && w != WayRefundDesk {
			return Errorf(EINVALID, "业务“%s”的“不能同时办理”（%s）中的办理方式“%s”不认识，只能是 open_case 或 refund_desk", s.Name, b.Service, w)
		}
	}
	return nil
}
