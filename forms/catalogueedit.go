package forms

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// This file is the model behind the supervisor's catalogue editor: the
// facts a condition may use and a condition in words, the placeholders a
// document may use, the switch groups (the family-planning items), what
// changed between two versions of a service, a version's place in the
// history, the shipped default offered after a release, and a sample
// customer for the preview.

// FactKind says what values a fact takes, and so which operators and value
// entry the editor offers for it.
type FactKind string

// The fact kinds.
const (
	FactChoice FactKind = "choice" // one of Options (values with labels)
	FactNumber FactKind = "number" // an integer: age, a year, days
	FactYesNo  FactKind = "yesno"  // "yes" or "no" (Options hold the words)
	FactText   FactKind = "text"   // free text: only whether it is answered, or equal
)

// FactInfo is one fact a condition can name, as the editor shows it.
type FactInfo struct {
	// Fact is the name a Condition uses, e.g. "gender", "age",
	// "answer.marital", "days_since.child_birth".
	Fact string
	// Label is the fact in Chinese, e.g. "性别", "年龄（受理当天的周岁）",
	// "婚姻状况", "小孩出生日期至受理当天的天数".
	Label string
	Kind  FactKind
	// Options are the values of a choice or yes-no fact with their labels,
	// e.g. {F 女性}; nil for numbers and text.
	Options []Option
	// Unit follows a number in words, e.g. "周岁", "年", "天".
	Unit string
	// Question is the ID of the question the fact comes from; "" for facts
	// from the customer record (gender, age, member, marital, origin).
	Question string
	// Bare says an option's label alone states the fact ("女性",
	// "是集体户成员"); otherwise it reads "<Label>为<option>".
	Bare bool
}

// OpInfo is one operator the editor offers for a fact kind.
type OpInfo struct {
	Op    string // eq, ne, in, nin, lt, le, gt, ge, set, unset
	Label string // e.g. "是", "不超过"
	// Values is how many values the operator takes: 0 (set, unset), 1 or
	// 2 for a list (in, nin).
	Values int
}

// Ops returns the operators that make sense for the fact, in the order the
// editor lists them.
func (f FactInfo) Ops() []OpInfo {
	switch f.Kind {
	case FactChoice:
		return []OpInfo{{"eq", "是", 1}, {"ne", "不是", 1}, {"in", "是其中之一", 2}, {"nin", "不是其中任何一个", 2},
			{"set", "已回答", 0}, {"unset", "未回答", 0}}
	case FactNumber:
		return []OpInfo{{"ge", "不少于", 1}, {"le", "不超过", 1}, {"gt", "大于", 1}, {"lt", "小于", 1},
			{"eq", "等于", 1}, {"ne", "不等于", 1}, {"set", "已回答", 0}, {"unset", "未回答", 0}}
	case FactYesNo:
		return []OpInfo{{"eq", "是", 1}, {"ne", "不是", 1}}
	}
	return []OpInfo{{"set", "已回答", 0}, {"unset", "未回答", 0}, {"eq", "是", 1}, {"ne", "不是", 1}}
}

// yesNoOptions are the words of a yes-no answer.
var yesNoOptions = []Option{{Value: "yes", Label: "是"}, {Value: "no", Label: "否"}}

// KnownFacts returns every fact a condition of the service can use, with
// its Chinese label and kind: gender, age on the day, membership, marital
// status and household origin from the customer record (every fact Facts
// computes from the customer, for every service), then for each question its answer (a choice with its
// options, yes-no, a year as a number, text), and for a date question the
// days from that date to the day and whether a month has passed (a child's
// age in days, late registration). It follows Facts and the service's
// questions, so a new question is a new fact without a code change.
func KnownFacts(s *Service) []FactInfo {
	out := []FactInfo{
		{Fact: "gender", Label: "性别", Kind: FactChoice, Bare: true,
			Options: []Option{{Value: string(GenderFemale), Label: "女性"}, {Value: string(GenderMale), Label: "男性"}}},
		{Fact: "age", Label: "年龄", Kind: FactNumber, Unit: "周岁"},
		{Fact: "member", Label: "是否集体户成员", Kind: FactYesNo, Bare: true,
			Options: []Option{{Value: "yes", Label: "是集体户成员"}, {Value: "no", Label: "不是集体户成员"}}},
		{Fact: "marital", Label: "客户登记的婚姻状况", Kind: FactChoice, Options: maritalOptions()},
		{Fact: "origin", Label: "客户登记的户籍来源", Kind: FactText},
	}
	if s == nil {
		return out
	}
	for _, q := range s.Questions {
		name := q.factName()
		f := FactInfo{Fact: "answer." + q.ID, Label: name, Question: q.ID}
		switch q.Type {
		case QChoice:
			f.Kind, f.Options = FactChoice, slices.Clone(q.Options)
		case QBool:
			f.Kind, f.Options = FactYesNo, slices.Clone(yesNoOptions)
			if strings.Contains(name, "是否") {
				// "就业单位是否在本市范围内" reads "就业单位在本市范围内"
				// or "就业单位不在本市范围内".
				f.Bare = true
				f.Options = []Option{
					{Value: "yes", Label: strings.Replace(name, "是否", "", 1)},
					{Value: "no", Label: strings.Replace(name, "是否", "不", 1)},
				}
			}
		case QYear:
			f.Kind, f.Unit = FactNumber, "年"
		case QDate:
			out = append(out,
				FactInfo{Fact: "days_since." + q.ID, Label: name + "至受理当天的天数", Kind: FactNumber, Unit: "天", Question: q.ID},
				FactInfo{Fact: "past_month." + q.ID, Label: name + "是否已满一个月", Kind: FactYesNo, Bare: true, Question: q.ID,
					Options: []Option{{Value: "yes", Label: name + "已超过一个月"}, {Value: "no", Label: name + "未超过一个月"}}})
			continue
		default:
			f.Kind = FactText
		}
		out = append(out, f)
	}
	return out
}

// maritalOptions are the marital statuses of a customer record with their
// labels, for the marital fact.
func maritalOptions() []Option {
	var out []Option
	for _, m := range []string{MaritalSingle, MaritalMarried, MaritalDivorced, MaritalWidowed} {
		out = append(out, Option{Value: m, Label: MaritalLabel(m)})
	}
	return out
}

// factName is the question's name in a condition: its placeholder (a
// noun, e.g. 婚姻状况) or else its label without the question mark.
func (q Question) factName() string {
	if q.Placeholder != "" {
		return q.Placeholder
	}
	return strings.TrimRight(strings.TrimSpace(q.Label), "？?：:")
}

// FindFact returns the fact named name among facts.
func FindFact(facts []FactInfo, name string) (FactInfo, bool) {
	for _, f := range facts {
		if f.Fact == name {
			return f, true
		}
	}
	return FactInfo{}, false
}

// CheckCondition reports whether c is a condition the service's evaluator
// understands (known facts, questions and operators, integer comparisons),
// as Validate does for every condition of the service; the error names the
// problem in Chinese. A nil condition is fine.
func (s *Service) CheckCondition(c *Condition) error {
	questions := map[string]Question{}
	for _, q := range s.Questions {
		questions[q.ID] = q
	}
	if err := c.check(questions); err != nil {
		return Errorf(EINVALID, "条件有误：%s", ErrorMessage(err))
	}
	return nil
}

// Clauses returns the simple conditions (one fact each) that c requires all
// of, and true; or false when c is not such a list (it uses any or not,
// or nests), so a simple editor can show it as a list of lines and leave a
// complex one as text. A nil condition is an empty list.
func (c *Condition) Clauses() ([]Condition, bool) {
	switch {
	case c == nil:
		return nil, true
	case c.Fact != "":
		return []Condition{*c}, true
	case len(c.All) > 0:
		var out []Condition
		for i := range c.All {
			sub, ok := c.All[i].Clauses()
			if !ok {
				return nil, false
			}
			out = append(out, sub...)
		}
		return out, true
	}
	return nil, false
}

// AllOf returns the condition that requires every clause: nil for none
// (always applies), the clause itself for one.
func AllOf(clauses []Condition) *Condition {
	switch len(clauses) {
	case 0:
		return nil
	case 1:
		c := clauses[0]
		return &c
	}
	return &Condition{All: slices.Clone(clauses)}
}

// Describe returns the condition in the clerk's words for the editor, e.g.
// “女性且年龄15至49周岁”, “婚姻状况为已婚” or “续哪项费用：人才储备费和档案
// 保管费、人才储备费之一”, using the facts' labels
// (KnownFacts). A nil condition is "" (it always applies); a fact not among
// facts is shown by its name.
func (c *Condition) Describe(facts []FactInfo) string {
	if c == nil {
		return ""
	}
	return c.describe(facts, false)
}

// describe renders c; nested says it is part of a larger condition, so a
// compound gets brackets.
func (c *Condition) describe(facts []FactInfo, nested bool) string {
	wrap := func(s string) string {
		if nested {
			return "（" + s + "）"
		}
		return s
	}
	switch {
	case len(c.All) > 0:
		parts := describeAll(c.All, facts)
		if len(parts) == 1 {
			return parts[0]
		}
		return wrap(strings.Join(parts, "且"))
	case len(c.Any) > 0:
		var parts []string
		for i := range c.Any {
			parts = append(parts, c.Any[i].describe(facts, true))
		}
		if len(parts) == 1 {
			return parts[0]
		}
		return wrap(strings.Join(parts, "或"))
	case c.Not != nil:
		return "并非" + c.Not.describe(facts, true)
	}
	return c.describeFact(facts)
}

// describeAll renders the parts of an All, joining a lower and an upper
// bound of the same number fact into one range ("年龄15至49周岁").
func describeAll(all []Condition, facts []FactInfo) []string {
	used := make([]bool, len(all))
	var parts []string
	for i := range all {
		if used[i] {
			continue
		}
		a := all[i]
		if lo, ok := lowerBound(a); ok {
			for j := i + 1; j < len(all); j++ {
				if hi, ok := upperBound(all[j]); ok && !used[j] && all[j].Fact == a.Fact {
					f := factOf(facts, a.Fact)
					used[j] = true
					parts = append(parts, fmt.Sprintf("%s%d至%d%s", f.Label, lo, hi, f.Unit))
					goto next
				}
			}
		}
		parts = append(parts, a.describe(facts, true))
	next:
	}
	return parts
}

// lowerBound returns the smallest value a ge/gt condition allows.
func lowerBound(c Condition) (int, bool) {
	n, err := strconv.Atoi(c.Value)
	if c.Fact == "" || err != nil {
		return 0, false
	}
	switch c.Op {
	case "ge":
		return n, true
	case "gt":
		return n + 1, true
	}
	return 0, false
}

// upperBound returns the largest value a le/lt condition allows.
func upperBound(c Condition) (int, bool) {
	n, err := strconv.Atoi(c.Value)
	if c.Fact == "" || err != nil {
		return 0, false
	}
	switch c.Op {
	case "le":
		return n, true
	case "lt":
		return n - 1, true
	}
	return 0, false
}

// factOf returns the fact's info, or a text fact labelled with its name.
func factOf(facts []FactInfo, name string) FactInfo {
	if f, ok := FindFact(facts, name); ok {
		return f
	}
	return FactInfo{Fact: name, Label: name, Kind: FactText}
}

// optionLabel returns the label of a value of a choice or yes-no fact.
func (f FactInfo) optionLabel(v string) string {
	for _, o := range f.Options {
		if o.Value == v {
			return o.Label
		}
	}
	if f.Kind == FactText || len(f.Options) == 0 {
		return "“" + v + "”"
	}
	return v
}

// asks reports whether a fact's label is a question rather than a noun
// (a question without a placeholder: "续哪项费用"), which reads
// "<label>：<value>" instead of "<label>为<value>".
func asks(label string) bool {
	for _, w := range []string{"哪", "什么", "还是", "是否", "吗", "几", "多少"} {
		if strings.Contains(label, w) {
			return true
		}
	}
	return false
}

// describeFact renders a condition on one fact.
func (c *Condition) describeFact(facts []FactInfo) string {
	f := factOf(facts, c.Fact)
	is := func(v string) string {
		if f.Bare {
			return f.optionLabel(v)
		}
		if f.Kind == FactYesNo || asks(f.Label) {
			// "续哪项费用：人才储备费", not "续哪项费用为人才储备费".
			return f.Label + "：" + f.optionLabel(v)
		}
		return f.Label + "为" + f.optionLabel(v)
	}
	list := func(sep string) string {
		var ls []string
		for _, v := range c.Values {
			ls = append(ls, f.optionLabel(v))
		}
		return strings.Join(ls, sep)
	}
	num := func(word string) string {
		if f.Unit == "年" {
			return fmt.Sprintf("%s%s%s年", f.Label, word, c.Value)
		}
		return fmt.Sprintf("%s%s%s%s", f.Label, word, c.Value, f.Unit)
	}
	switch c.Op {
	case "set":
		return "已回答“" + f.Label + "”"
	case "unset":
		return "未回答“" + f.Label + "”"
	case "eq":
		if f.Kind == FactNumber {
			return num("为")
		}
		return is(c.Value)
	case "ne":
		switch {
		case f.Kind == FactNumber:
			return num("不为")
		case f.Kind == FactYesNo && (c.Value == "yes" || c.Value == "no"):
			other := map[string]string{"yes": "no", "no": "yes"}[c.Value]
			if c.Fact == "member" {
				return is(other)
			}
			return is(other) + "或未回答"
		case f.Bare:
			return "不是" + f.optionLabel(c.Value)
		case asks(f.Label):
			return f.Label + "：不是" + f.optionLabel(c.Value)
		}
		return f.Label + "不为" + f.optionLabel(c.Value)
	case "in":
		// Option labels may themselves hold 和 or 或 ("人才储备费和档案
		// 保管费"), so the values are listed with 、 and the choice said
		// with 之一: "续哪项费用：人才储备费和档案保管费、人才储备费之一".
		switch {
		case len(c.Values) == 1:
			return is(c.Values[0])
		case f.Bare:
			return list("、") + "之一"
		}
		return f.Label + "：" + list("、") + "之一"
	case "nin":
		switch {
		case len(c.Values) == 1 && f.Bare:
			return "不是" + f.optionLabel(c.Values[0])
		case len(c.Values) == 1 && asks(f.Label):
			return f.Label + "：不是" + f.optionLabel(c.Values[0])
		case len(c.Values) == 1:
			return f.Label + "不为" + f.optionLabel(c.Values[0])
		case f.Bare:
			return "不是" + list("、") + "中的任何一个"
		}
		return f.Label + "：不是" + list("、") + "中的任何一个"
	case "lt":
		if f.Unit == "年" {
			return num("早于")
		}
		return num("小于")
	case "le":
		if f.Unit == "年" {
			return num("不晚于")
		}
		return num("不超过")
	case "gt":
		if f.Unit == "年" {
			return num("晚于")
		}
		return num("大于")
	case "ge":
		if f.Unit == "年" {
			return num("不早于")
		}
		return num("不少于")
	}
	return f.Label + " " + c.Op + " " + c.Value
}

// DocumentPlaceholders returns every placeholder a document of the service
// may use, without brackets: the built-in ones Printout.Fields fills
// (BuiltinPlaceholders) and then each question's Placeholder, in question
// order.
func DocumentPlaceholders(s *Service) []string {
	var out []string
	for _, p := range BuiltinPlaceholders() {
		out = append(out, p.Name)
	}
	if s != nil {
		for _, q := range s.Questions {
			if q.Placeholder != "" && !slices.Contains(out, q.Placeholder) {
				out = append(out, q.Placeholder)
			}
		}
	}
	return out
}

// Placeholders returns the placeholders used in a wording, without
// brackets, in order of first use.
func Placeholders(body string) []string {
	var out []string
	for {
		i := strings.Index(body, "［")
		if i < 0 {
			return out
		}
		body = body[i+len("［"):]
		j := strings.Index(body, "］")
		if j < 0 {
			return out
		}
		if k := body[:j]; !slices.Contains(out, k) {
			out = append(out, k)
		}
		body = body[j+len("］"):]
	}
}

// validateWording checks a document's wording: brackets in pairs and only
// placeholders the service knows (DocumentPlaceholders), naming an unknown
// one and the ones available.
func (d *Document) validateWording(s *Service) error {
	title := d.Title
	if !strings.HasPrefix(title, "《") {
		title = "《" + title + "》"
	}
	if strings.Count(d.Body, "［") != strings.Count(d.Body, "］") {
		return Errorf(EINVALID, "文书%s的措辞中“［”和“］”不成对：占位符须写成［姓名］这样，请检查括号", title)
	}
	known := DocumentPlaceholders(s)
	for _, p := range Placeholders(d.Body) {
		if !slices.Contains(known, p) {
			return Errorf(EINVALID, "文书%s的措辞中有未知的占位符［%s］：可用的占位符有［%s］", title, p, strings.Join(known, "］［"))
		}
	}
	return nil
}

// Switch groups: items of a service that the supervisor switches on or off
// together, per service (Service.Switches). An item's Group tags it.
const (
	// GroupFamilyPlanning tags the family-planning papers (准生证/生育登记,
	// 《计划生育诚信承诺书》, the 15—49周岁女性情况入户调查登记表), no longer
	// required for household registration in most cities; on by default,
	// as the seeds say.
	GroupFamilyPlanning = "family_planning"
)

// SwitchGroup is a group of items switched on or off together.
type SwitchGroup struct {
	ID    string // e.g. "family_planning"
	Label string // e.g. "计划生育材料"
	Hint  string // what it covers and why one would switch it off
}

// SwitchGroups returns the groups the program knows, in the order the editor
// shows them.
func SwitchGroups() []SwitchGroup {
	return []SwitchGroup{{
		ID:    GroupFamilyPlanning,
		Label: "计划生育材料",
		Hint:  "准生证（生育登记）、《计划生育诚信承诺书》、15—49周岁女性情况入户调查登记表。许多城市落户已不再要求，当地不要求的可关闭；默认开启。",
	}}
}

// switchGroup returns the group with the ID.
func switchGroup(id string) (SwitchGroup, bool) {
	for _, g := range SwitchGroups() {
		if g.ID == id {
			return g, true
		}
	}
	return SwitchGroup{}, false
}

// Groups returns the switch groups the service's papers and documents are
// tagged with, in SwitchGroups order: the switches the editor shows for it.
func (s *Service) Groups() []SwitchGroup {
	used := map[string]bool{}
	for _, r := range s.Requirements {
		used[r.Group] = true
	}
	for _, d := range s.Documents {
		used[d.Group] = true
	}
	var out []SwitchGroup
	for _, g := range SwitchGroups() {
		if used[g.ID] {
			out = append(out, g)
		}
	}
	return out
}

// GroupOn reports whether the items of a group apply: a group the
// supervisor did not switch off is on, and "" (no group) always is.
func (s *Service) GroupOn(group string) bool {
	if group == "" {
		return true
	}
	on, set := s.Switches[group]
	return !set || on
}

// SetGroup switches a group on or off. On is the default and is stored as
// no entry, so switching back restores the default content.
func (s *Service) SetGroup(group string, on bool) {
	if on {
		delete(s.Switches, group)
		if len(s.Switches) == 0 {
			s.Switches = nil
		}
		return
	}
	if s.Switches == nil {
		s.Switches = map[string]bool{}
	}
	s.Switches[group] = false
}

// RequirementOn reports whether a paper is in use: not switched off itself
// and its group on. Evaluate lists only papers in use.
func (s *Service) RequirementOn(r Requirement) bool { return !r.Off && s.GroupOn(r.Group) }

// DocumentOn reports whether a document is in use: not switched off itself
// and its group on. Evaluate prints only documents in use.
func (s *Service) DocumentOn(d Document) bool { return !d.Off && s.GroupOn(d.Group) }

// validateGroups checks the groups named by items and switches.
func (s *Service) validateGroups() error {
	bad := func(what, name, g string) error {
		var known []string
		for _, k := range SwitchGroups() {
			known = append(known, k.ID+"（"+k.Label+"）")
		}
		return Errorf(EINVALID, "业务“%s”的%s“%s”的分组“%s”不认识：只能是%s，或留空", s.Name, what, name, g, strings.Join(known, "、"))
	}
	for _, r := range s.Requirements {
		if _, ok := switchGroup(r.Group); r.Group != "" && !ok {
			return bad("材料", r.Name, r.Group)
		}
	}
	for _, d := range s.Documents {
		if _, ok := switchGroup(d.Group); d.Group != "" && !ok {
			return bad("文书", d.Title, d.Group)
		}
	}
	for g := range s.Switches {
		if _, ok := switchGroup(g); !ok {
			return bad("开关", g, g)
		}
	}
	return nil
}

// MaxReturnDays is the longest card return period a service may set.
const MaxReturnDays = 365

// validateAmounts checks the service's amounts: each fee from ¥0.00 (a fee
// may be free) to MaxMoney, each deposit more than ¥0.00, the return days
// 0 (use the station setting) or 1 to MaxReturnDays, and each fee a kind
// the program knows, with a name.
func (s *Service) validateAmounts() error {
	for _, f := range s.Fees {
		name := f.Name
		if strings.TrimSpace(name) == "" {
			return Errorf(EINVALID, "业务“%s”中有费用（%s）没有名称：请填写收据上显示的名称", s.Name, f.ID)
		}
		switch f.Kind {
		case KindFee:
			if f.Amount < 0 || f.Amount > MaxMoney {
				return Errorf(EINVALID, "业务“%s”的费用“%s”不能为负数，也不能超过10亿元；不收费请填 0", s.Name, name)
			}
		case KindDeposit:
			if f.Amount <= 0 || f.Amount > MaxMoney {
				return Errorf(EINVALID, "业务“%s”的保障金“%s”的金额须大于0（例如 600.00），且不能超过10亿元；不收保障金请删除这一项", s.Name, name)
			}
		default:
			return Errorf(EINVALID, "业务“%s”的费用“%s”的类别“%s”不认识：只能是费用（fee）或保障金（deposit）", s.Name, name, f.Kind)
		}
	}
	if s.ReturnDays < 0 || s.ReturnDays > MaxReturnDays {
		return Errorf(EINVALID, "业务“%s”的户籍卡归还天数须在1到%d天之间（常用30天）；留空则按设置中的默认天数", s.Name, MaxReturnDays)
	}
	return nil
}

// Digest returns a fingerprint of the service's content, its Version left
// out: two services with the same digest behave and print the same. The
// store records the digest of the shipped default each service was last
// offered from.
func (s *Service) Digest() string {
	c := s.Clone()
	c.Version = 0
	data, err := json.Marshal(c)
	if err != nil {
		panic(err) // a Service always marshals
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// SameContent reports whether two services have the same content, their
// versions aside.
func SameContent(a, b *Service) bool { return a.Digest() == b.Digest() }

// ServiceVersionInfo is one version of a service in its history, newest
// first in the list the store returns.
type ServiceVersionInfo struct {
	Code    string
	Version int
	Name    string    // the service's name in that version
	At      time.Time // when it was saved
	By      string    // who saved it: a user's name, or 系统 for an upgrade
	// Changes say what the version changed from the one before
	// (DiffServices); for version 1, that the service was added.
	Changes []string
	Cases   int  // how many cases were opened under it
	Current bool // it is the version new cases get
}

// DefaultOffer is a service whose shipped default changed since the
// station last took or declined it, or a new shipped service, offered to
// the supervisor after a program release.
type DefaultOffer struct {
	Code    string
	Name    string
	Release string // the shipped catalogue's release, e.g. "2026.2"
	// New says the station does not have the service yet.
	New bool
	// Changes say what adopting it would change in the current version
	// (DiffServices of the current and Service).
	Changes []string
	// Service is what adopting saves as the new version: the shipped
	// default, with the supervisor's switch settings kept.
	Service *Service
}

// Adoptable returns what adopting the shipped default saves over the
// current version (nil for a new service): the shipped service with the
// current version's switches, so a supervisor who switched the
// family-planning papers off does not get them back with a fee change.
func Adoptable(shipped, current *Service) *Service {
	s := shipped.Clone()
	s.Version = 0
	if current != nil {
		s.Switches = nil
		for g, on := range current.Switches {
			if _, ok := switchGroup(g); ok && !on {
				s.SetGroup(g, false)
			}
		}
	}
	return s
}

// answerFromRecord returns the answer to q that the customer's own facts
// give, when q asks what the record holds (its ID is the name of a
// customer fact): the option whose value is the fact, or whose label
// contains the fact's text or is contained in it (户籍来源 人才市场 →
// 人才市场集体户); the fact for a yes-no or text question.
func answerFromRecord(q Question, own FactSet) (string, bool) {
	if !slices.Contains(customerFacts, q.ID) {
		return "", false
	}
	v := own[q.ID]
	if v == "" {
		return "", false
	}
	switch q.Type {
	case QChoice:
		for _, o := range q.Options {
			if o.Value == v {
				return o.Value, true
			}
		}
		for _, o := range q.Options {
			if o.Label != "" && (strings.Contains(o.Label, v) || strings.Contains(v, o.Label)) {
				return o.Value, true
			}
		}
	case QBool:
		if v == "yes" || v == "no" {
			return v, true
		}
	case QText:
		return v, true
	}
	return "", false
}

// SampleCustomer returns the customer the editor's preview prints for: a
// woman of 28 on day (so the women's forms show), married, with a valid
// resident ID number, a mobile number, an address and an employer.
func SampleCustomer(day time.Time) *Customer {
	birth := Day(day).AddDate(-28, 0, 0)
	body := "330106" + birth.Format("20060102") + "002"
	number := body + string(idCheckDigit(body))
	c := &Customer{
		Name:     "李晓红",
		IDNumber: number,
		Mobile:   "13912345678",
		Address:  "浙江省杭州市西湖区文三路100号",
		Employer: "杭州示例科技有限公司",
		Marital:  MaritalMarried,
		Origin:   "人才市场",
	}
	if id, err := parseID(number, day); err == nil {
		c.IDKind, c.Gender, c.Birth = id.Kind, id.Gender, id.Birth
	} else {
		c.IDKind, c.Gender, c.Birth = IDResident, GenderFemale, birth
	}
	return c
}

// SampleAnswers returns answers to every question of the service for the
// preview on day, agreeing with SampleCustomer: a question that asks what
// the customer record holds (its ID names a fact Facts computes from the
// customer, e.g. marital, origin) is answered from the sample customer's
// record (已婚, 人才市场集体户); any other gets a choice's first option,
// "yes", last year for a year, ten days before day for a date, and
// "示例…" for text.
func SampleAnswers(s *Service, day time.Time) map[string]string {
	out := map[string]string{}
	own := Facts(SampleCustomer(day), nil, day, nil)
	for _, q := range s.Questions {
		if v, ok := answerFromRecord(q, own); ok {
			out[q.ID] = v
			continue
		}
		switch q.Type {
		case QChoice:
			if len(q.Options) > 0 {
				out[q.ID] = q.Options[0].Value
			}
		case QBool:
			out[q.ID] = "yes"
		case QYear:
			out[q.ID] = strconv.Itoa(day.Year() - 1)
		case QDate:
			out[q.ID] = FormatDate(Day(day).AddDate(0, 0, -10))
		default:
			out[q.ID] = "示例" + q.factName()
		}
	}
	return out
}
