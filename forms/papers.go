package forms

import (
	"time"
)

// Papers promised (容缺): a case accepted with papers promised waits for
// them (CaseWaiting). The clerk records each paper's arrival with the day
// and the clerk (Case.ReceivePromised); a promised date may be moved once,
// with a reason (Case.MovePromise); once nothing is promised any more the
// case completes, unless it still waits for something else (Holds).

// Holds is what an accepted case waits for besides its papers, as the store
// reads it from its ledgers. A case with a hold completes through it, not
// when its last promised paper arrives.
type Holds struct {
	// DepositHeld says a deposit is held on the case (借户籍卡, 转户): the
	// case completes when the deposit is refunded or forfeited.
	DepositHeld bool
	// LossPending says the case's loss declaration is in its loss period
	// (遗失声明): the case completes with the declaration's outcome.
	LossPending bool
}

// Any reports whether the case waits for anything besides its papers.
func (h Holds) Any() bool { return h.DepositHeld || h.LossPending }

// Reason says, in the clerk's words, what the case still waits for once
// its papers are in; "" when nothing.
func (h Holds) Reason() string {
	switch {
	case h.DepositHeld:
		return "保障金未退还，在退还或没收保障金时办结"
	case h.LossPending:
		return "遗失声明挂失期未满，在遗失声明选择办结结果时办结"
	}
	return ""
}

// NoticeText says to the customer, on the 一次性告知单 of a case waiting
// for papers, what happens once the papers are in: the case completes
// then, or, with a hold, only through it (the deposit refunded or
// forfeited, the loss declaration resolved after its loss period).
func (h Holds) NoticeText() string {
	switch {
	case h.DepositHeld:
		return "材料补齐后，本业务在退还保障金时办结（未按期归还的，保障金按规定没收后办结）"
	case h.LossPending:
		return "材料补齐后，本业务在遗失声明挂失期满、作出处理结果时办结"
	}
	return "补齐后即可办结"
}

// AfterPapers returns the status a case moves to once its checklist holds
// deferred papers still promised: a case accepted or waiting waits while
// any is (CaseWaiting); a waiting case whose last promised paper came
// completes (CaseCompleted; the store then completes it as CompleteCase
// does, effects included) unless it holds something else, when it goes
// back to CaseAccepted. A case accepted with every paper stays accepted
// (the clerk completes it), and a case in any other status keeps it.
func (c *Case) AfterPapers(deferred int, h Holds) CaseStatus {
	switch {
	case c.Status != CaseAccepted && c.Status != CaseWaiting:
		return c.Status
	case deferred > 0:
		return CaseWaiting
	case c.Status == CaseWaiting && !h.Any():
		return CaseCompleted
	}
	return CaseAccepted
}

// Overdue reports whether a paper promised (容缺) is past its date on the
// day: today is the last day to bring it.
func (st ItemState) Overdue(today time.Time) bool {
	return st.Status == ItemDeferred && !st.PromisedBy.IsZero() && Day(st.PromisedBy).Before(Day(today))
}

// promised returns the state of the paper r if the case waits for it,
// else an ECONFLICT naming the paper and why there is nothing to do.
func (c *Case) promised(r Requirement) (ItemState, error) {
	if c.Status != CaseWaiting {
		return ItemState{}, Errorf(ECONFLICT, "受理单%s当前状态为“%s”，没有待补交的容缺材料，“%s”无需补交或改期",
			c.Number, c.Status.Label(), r.Name)
	}
	st := c.Items[r.ID]
	if st.Status != ItemDeferred {
		what := "尚未收取"
		if st.Status == ItemReceived {
			what = "已收取"
			if !st.ReceivedOn.IsZero() {
				what = "已于" + FormatDate(st.ReceivedOn) + "补交"
			}
		}
		return ItemState{}, Errorf(ECONFLICT, "“%s”不是待补交的容缺材料（%s），无需补交或改期", r.Name, what)
	}
	return st, nil
}

// ReceivePromised records that the promised paper r arrived today, taken
// by the clerk (their name), with the numbers of originals and copies
// brought. The numbers must cover the requirement (a seen-only original
// counts as 1); short of them the paper stays promised and the message
// says what is missing. It refuses a case that does not wait for papers
// and a paper that is not promised (ECONFLICT). The caller then moves the
// case on with AfterPapers.
func (c *Case) ReceivePromised(r Requirement, originals, copies int, clerk string, today time.Time) error {
	st, err := c.promised(r)
	if err != nil {
		return err
	}
	if originals < 0 || copies < 0 {
		return Errorf(EINVALID, "“%s”的份数不能为负数", r.Name)
	}
	got := ItemState{Status: ItemReceived, Originals: originals, Copies: copies}
	if !r.Satisfied(got) {
		return Errorf(EINVALID, "“%s”须%s，本次%s：收齐后再登记补交，未收齐的仍按容缺等待",
			r.Name, r.Quantity(), r.Shortfall(got))
	}
	st.Status, st.Originals, st.Copies = ItemReceived, originals, copies
	st.PromisedWas, st.PromisedBy = st.PromisedBy, time.Time{}
	st.ReceivedOn, st.ReceivedBy = Day(today), clerk
	c.setItem(r.ID, st)
	return nil
}

// MovePromise moves the date the paper r is promised by to the day to,
// for the reason given (RuleMoveReason), by the clerk today. A date moves
// once: a second move is refused (ECONFLICT) naming the paper, the first
// move and its reason. The new date may not be before today nor the same
// as the current one (EINVALID).
func (c *Case) MovePromise(r Requirement, to time.Time, reason, clerk string, today time.Time) error {
	st, err := c.promised(r)
	if err != nil {
		return err
	}
	if st.Moved() {
		return Errorf(ECONFLICT, "“%s”的约定日期已于%s改过一次（%s改为%s，原因：%s），只能改一次；请按%s催客户补交",
			r.Name, FormatDate(st.MovedOn), FormatDate(st.PromisedFirst), FormatDate(st.PromisedBy), st.MoveReason,
			FormatDate(st.PromisedBy))
	}
	if to.IsZero() {
		return Errorf(EINVALID, "请填写“%s”新的约定补交日期，格式如 2026-03-05", r.Name)
	}
	to = Day(to)
	if to.Before(Day(today)) {
		return Errorf(EINVALID, "“%s”新的约定补交日期（%s）不能早于今天（%s）", r.Name, FormatDate(to), FormatDate(today))
	}
	if to.Equal(Day(st.PromisedBy)) {
		return Errorf(EINVALID, "“%s”新的约定补交日期与原约定日期（%s）相同，请填写另一天", r.Name, FormatDate(to))
	}
	if reason, err = RuleMoveReason.Check(reason); err != nil {
		return err
	}
	st.PromisedFirst, st.PromisedBy = Day(st.PromisedBy), to
	st.MoveReason, st.MovedOn, st.MovedBy = reason, Day(today), clerk
	c.setItem(r.ID, st)
	return nil
}

// setItem stores a paper's state in a fresh map, so a copy of the case
// taken before (the log's "before") keeps the old one.
func (c *Case) setItem(id string, st ItemState) {
	items := make(map[string]ItemState, len(c.Items)+1)
	for k, v := range c.Items {
		items[k] = v
	}
	items[id] = st
	c.Items = items
}

// KeepPromises checks a checklist saved for the case (already through
// Service.CheckItems) against the one stored, and returns it with each
// paper's history (arrival, moved date) carried over from the stored one:
// only ReceivePromised and MovePromise write it. Once the case is accepted
// its checklist is settled: no paper's state, counts or promised date may
// change in a saved checklist (only its note may). A paper promised arrives
// through 已补交 and its date moves through 改约定日期; a paper received
// stays received (turning it back into a promise would get round "改约定日期
// only once" and ask the customer again for what they brought). A change is
// refused (ECONFLICT) naming the paper.
func (c *Case) KeepPromises(s *Service, items map[string]ItemState) (map[string]ItemState, error) {
	after := c.Status == CaseAccepted || c.Status == CaseWaiting
	out := make(map[string]ItemState, len(items))
	for id, st := range items {
		out[id] = st
	}
	for _, r := range s.Requirements {
		old, had := c.Items[r.ID]
		st, has := out[r.ID]
		if after && !sameTick(old, st) {
			if old.Status == ItemDeferred {
				return nil, Errorf(ECONFLICT, "受理后，容缺材料“%s”须用“已补交”登记补交、用“改约定日期”改期，不能在材料清单中修改", r.Name)
			}
			return nil, Errorf(ECONFLICT, "受理后，材料“%s”的收取情况不能在材料清单中修改（勾选和容缺只在受理前使用）；容缺材料用“已补交”登记补交、用“改约定日期”改期", r.Name)
		}
		if !had || !has {
			continue
		}
		st.ReceivedOn, st.ReceivedBy, st.PromisedWas = old.ReceivedOn, old.ReceivedBy, old.PromisedWas
		st.PromisedFirst, st.MoveReason, st.MovedOn, st.MovedBy = old.PromisedFirst, old.MoveReason, old.MovedOn, old.MovedBy
		out[r.ID] = st
	}
	return out, nil
}

// sameTick reports whether two states of a paper say the same in the
// checklist's tick and 容缺: the status (none counts as missing), the
// counts and the promised day. The note is not compared.
func sameTick(a, b ItemState) bool {
	if a.Status == "" {
		a.Status = ItemMissing
	}
	if b.Status == "" {
		b.Status = ItemMissing
	}
	return a.Status == b.Status && a.Originals == b.Originals && a.Copies == b.Copies &&
		Day(a.PromisedBy).Equal(Day(b.PromisedBy))
}
