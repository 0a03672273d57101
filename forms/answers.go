package forms

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// NormalizeAnswers checks each answer against its question and returns the
// answers in stored form; empty answers are dropped. today is the counter's
// day: a date question marked NotFuture refuses a later date. Each refusal
// is EINVALID with a message that names the question and the fix.
func (s *Service) NormalizeAnswers(answers map[string]string, today time.Time) (map[string]string, error) {
	qs := map[string]Question{}
	for _, q := range s.Questions {
		qs[q.ID] = q
	}
	out := map[string]string{}
	for id, v := range answers {
		q, ok := qs[id]
		if !ok {
			return nil, Errorf(EINVALID, "问题“%s”不属于业务“%s”，请刷新后重试", id, s.Name)
		}
		v = Normalize(v)
		if v == "" {
			continue
		}
		switch q.Type {
		case QChoice:
			found := false
			for _, o := range q.Options {
				if v == o.Value || v == o.Label {
					v, found = o.Value, true
					break
				}
			}
			if !found {
				return nil, Errorf(EINVALID, "问题“%s”的回答“%s”不是可选的答案，请重新选择", q.Label, v)
			}
		case QBool:
			switch strings.ToLower(v) {
			case "yes", "是":
				v = "yes"
			case "no", "否":
				v = "no"
			default:
				return nil, Errorf(EINVALID, "问题“%s”请回答“是”或“否”", q.Label)
			}
		case QYear:
			y, err := strconv.Atoi(v)
			if err != nil || y < 1900 || y > 2200 {
				return nil, Errorf(EINVALID, "问题“%s”请填写四位数的年份，例如 2021", q.Label)
			}
			v = strconv.Itoa(y)
		case QDate:
			d, err := ParseDate(v)
			if err != nil {
				return nil, Errorf(EINVALID, "问题“%s”：%s", q.Label, ErrorMessage(err))
			}
			if q.NotFuture && Day(d).After(Day(today)) {
				return nil, Errorf(EINVALID, "%s（%s）不能晚于今天（%s），请按证件核对后重新填写",
					q.Label, FormatDate(d), FormatDate(today))
			}
			v = FormatDate(d)
		default:
			var err error
			if v, err = AnswerRule(q.Label).Check(v); err != nil {
				return nil, err
			}
		}
		out[id] = v
	}
	return out, nil
}

// CheckItems checks the checklist states against the service's papers and
// returns them in stored form. A deferred paper needs a promise date; a new
// or changed date may not be before today (an unchanged one may, so an
// overdue promise does not block saving the rest of the case). old is the
// checklist as stored before.
func (s *Service) CheckItems(old, items map[string]ItemState, today time.Time) (map[string]ItemState, error) {
	reqs := map[string]Requirement{}
	for _, r := range s.Requirements {
		reqs[r.ID] = r
	}
	out := map[string]ItemState{}
	for id, st := range items {
		r, ok := reqs[id]
		if !ok {
			return nil, Errorf(EINVALID, "材料“%s”不在业务“%s”的清单中，请刷新后重试", id, s.Name)
		}
		if st.Status == "" {
			st.Status = ItemMissing
		}
		switch st.Status {
		case ItemMissing, ItemReceived, ItemDeferred:
		default:
			return nil, Errorf(EINVALID, "材料“%s”的状态“%s”无效", r.Name, st.Status)
		}
		if st.Originals < 0 || st.Copies < 0 {
			return nil, Errorf(EINVALID, "材料“%s”的份数不能为负数", r.Name)
		}
		note := RuleItemNote
		note.Name = fmt.Sprintf("材料“%s”的备注", r.Name)
		var err error
		if st.Note, err = note.Check(st.Note); err != nil {
			return nil, err
		}
		if st.Status == ItemDeferred {
			if st.PromisedBy.IsZero() {
				return nil, Errorf(EINVALID, "容缺材料“%s”须填写客户承诺补交的日期", r.Name)
			}
			st.PromisedBy = Day(st.PromisedBy)
			prev := old[id]
			changed := prev.Status != ItemDeferred || !Day(prev.PromisedBy).Equal(st.PromisedBy)
			if changed && st.PromisedBy.Before(today) {
				return nil, Errorf(EINVALID, "容缺材料“%s”的承诺补交日期不能早于今天", r.Name)
			}
		} else {
			st.PromisedBy = time.Time{}
		}
		out[id] = st
	}
	return out, nil
}

// Refusal explains why a case cannot be accepted yet, naming every
// unanswered question and missing paper, so the customer learns of all of
// them at once; nil when the evaluation is acceptable.
func (e Evaluation) Refusal() error {
	if e.Acceptable() {
		return nil
	}
	var parts []string
	if len(e.Unanswered) > 0 {
		var qs []string
		for _, q := range e.Unanswered {
			qs = append(qs, q.Label)
		}
		parts = append(parts, "尚未回答的问题："+strings.Join(qs, "、"))
	}
	if len(e.Missing) > 0 {
		var ps []string
		for _, it := range e.Missing {
			ps = append(ps, fmt.Sprintf("%s（%s）", it.Name, it.Shortfall(it.State)))
		}
		parts = append(parts, "缺少的材料："+strings.Join(ps, "、"))
	}
	return &Error{Code: EINVALID, Key: "case.not_acceptable",
		Message: "还不能受理，请先补齐。" + strings.Join(parts, "；")}
}
