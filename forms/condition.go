package forms

import (
	"slices"
	"strconv"
	"strings"
)

// Condition decides whether a question, paper, document, fee or talking
// point applies. It is data, so a supervisor can change the rules without a
// new release. Exactly one of All, Any, Not or Fact is set.
//
// Facts are named strings computed by Facts:
//
//	gender            "M" or "F", from the ID number
//	age               completed years on the day, from the ID number's birth date
//	member            "yes" or "no": member of the collective household
//	marital           the customer record's marital status (MaritalSingle…; "" when not filled in)
//	origin            the customer record's household origin (户籍来源), free text
//	answer.<id>       the answer to question <id> ("yes"/"no" for QBool)
//	days_since.<id>   days from the date answered to question <id> to the day
//	past_month.<id>   "yes" when the day is past one month after the date
//	                  answered to question <id> (OneMonthAfter), else "no"
//
// Operators: eq, ne, in, nin (Values), lt, le, gt, ge (numeric Value), set
// and unset (whether the fact has a value at all). A fact that has no value
// is false for every operator except ne, nin and unset, so an unanswered
// question never makes a paper appear by accident.
type Condition struct {
	All    []Condition `json:"all,omitempty"`
	Any    []Condition `json:"any,omitempty"`
	Not    *Condition  `json:"not,omitempty"`
	Fact   string      `json:"fact,omitempty"`
	Op     string      `json:"op,omitempty"`
	Value  string      `json:"value,omitempty"`
	Values []string    `json:"values,omitempty"`
}

// Holds reports whether the condition is true for the facts. A nil
// condition always holds.
func (c *Condition) Holds(f FactSet) bool {
	if c == nil {
		return true
	}
	switch {
	case len(c.All) > 0:
		for i := range c.All {
			if !c.All[i].Holds(f) {
				return false
			}
		}
		return true
	case len(c.Any) > 0:
		for i := range c.Any {
			if c.Any[i].Holds(f) {
				return true
			}
		}
		return false
	case c.Not != nil:
		return !c.Not.Holds(f)
	}
	v, ok := f[c.Fact]
	ok = ok && v != ""
	switch c.Op {
	case "set":
		return ok
	case "unset":
		return !ok
	case "ne":
		return !ok || v != c.Value
	case "nin":
		return !ok || !slices.Contains(c.Values, v)
	}
	if !ok {
		return false
	}
	switch c.Op {
	case "eq":
		return v == c.Value
	case "in":
		return slices.Contains(c.Values, v)
	}
	have, err1 := strconv.Atoi(v)
	want, err2 := strconv.Atoi(c.Value)
	if err1 != nil || err2 != nil {
		return false
	}
	switch c.Op {
	case "lt":
		return have < want
	case "le":
		return have <= want
	case "gt":
		return have > want
	case "ge":
		return have >= want
	}
	return false
}

// customerFacts are the facts Facts computes from the customer record.
var customerFacts = []string{"gender", "age", "member", "marital", "origin"}

var knownOps = []string{"eq", "ne", "in", "nin", "lt", "le", "gt", "ge", "set", "unset"}

// check reports a condition that names an unknown fact, question or
// operator, or mixes All/Any/Not/Fact.
func (c *Condition) check(questions map[string]Question) error {
	if c == nil {
		return nil
	}
	n := 0
	for _, set := range []bool{len(c.All) > 0, len(c.Any) > 0, c.Not != nil, c.Fact != ""} {
		if set {
			n++
		}
	}
	if n != 1 {
		return Errorf(EINVALID, "每个条件必须且只能是 all、any、not 或 fact 之一")
	}
	for i := range c.All {
		if err := c.All[i].check(questions); err != nil {
			return err
		}
	}
	for i := range c.Any {
		if err := c.Any[i].check(questions); err != nil {
			return err
		}
	}
	if c.Not != nil {
		return c.Not.check(questions)
	}
	if c.Fact == "" {
		return nil
	}
	if !slices.Contains(knownOps, c.Op) {
		return Errorf(EINVALID, "未知的比较方式“%s”", c.Op)
	}
	switch {
	case slices.Contains(customerFacts, c.Fact):
	case strings.HasPrefix(c.Fact, "answer."):
		if _, ok := questions[strings.TrimPrefix(c.Fact, "answer.")]; !ok {
			return Errorf(EINVALID, "条件引用了不存在的问题“%s”", c.Fact)
		}
	case strings.HasPrefix(c.Fact, "past_month."):
		q, ok := questions[strings.TrimPrefix(c.Fact, "past_month.")]
		if !ok || q.Type != QDate {
			return Errorf(EINVALID, "条件“%s”必须引用一个日期问题", c.Fact)
		}
	case strings.HasPrefix(c.Fact, "days_since."):
		q, ok := questions[strings.TrimPrefix(c.Fact, "days_since.")]
		if !ok || q.Type != QDate {
			return Errorf(EINVALID, "条件“%s”必须引用一个日期问题", c.Fact)
		}
	default:
		return Errorf(EINVALID, "未知的条件事实“%s”", c.Fact)
	}
	switch c.Op {
	case "lt", "le", "gt", "ge":
		if _, err := strconv.Atoi(c.Value); err != nil {
			return Errorf(EINVALID, "条件“%s”的比较值必须是整数", c.Fact)
		}
	}
	return nil
}
