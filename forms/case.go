package forms

import (
	"slices"
	"strings"
	"time"
)

// CaseStatus is where a case (受理单) stands.
type CaseStatus string

// The case states: draft → accepted → waiting for papers → completed, or
// cancelled with a reason.
const (
	CaseDraft     CaseStatus = "draft"
	CaseAccepted  CaseStatus = "accepted"
	CaseWaiting   CaseStatus = "waiting"
	CaseCompleted CaseStatus = "completed"
	CaseCancelled CaseStatus = "cancelled"
)

// Label returns the status in Chinese.
func (s CaseStatus) Label() string {
	switch s {
	case CaseDraft:
		return "待受理"
	case CaseAccepted:
		return "已受理"
	case CaseWaiting:
		return "待补材料"
	case CaseCompleted:
		return "已办结"
	case CaseCancelled:
		return "已取消"
	}
	return string(s)
}

// Open reports whether the case is still in progress.
func (s CaseStatus) Open() bool { return s != CaseCompleted && s != CaseCancelled }

// caseMoves lists the legal moves. accepted/waiting → draft happens only
// when the deposit receipt is voided: the case returns to the accept step.
var caseMoves = map[CaseStatus][]CaseStatus{
	CaseDraft:    {CaseAccepted, CaseWaiting, CaseCancelled},
	CaseAccepted: {CaseWaiting, CaseCompleted, CaseCancelled, CaseDraft},
	CaseWaiting:  {CaseAccepted, CaseCompleted, CaseCancelled, CaseDraft},
}

// Case is one customer handled for one service (受理单).
type Case struct {
	ID             string
	Number         string // e.g. QB01-SL-2026-000045
	ServiceCode    string
	ServiceVersion int
	ServiceName    string
	CustomerID     string
	Answers        map[string]string
	Items          map[string]ItemState
	Status         CaseStatus
	CancelReason   string
	ClerkID        string
	ReturnDue      time.Time // for a lent household card
	CreatedAt      time.Time
	UpdatedAt      time.Time
	AcceptedAt     time.Time
	CompletedAt    time.Time
	Legacy         bool // entered from a paper deposit held before Counter Desk
}

// CanMove reports whether the case may move from its status to next.
func (c *Case) CanMove(next CaseStatus) bool {
	return slices.Contains(caseMoves[c.Status], next)
}

// Move changes the status, refusing illegal moves with a clerk's message.
// It does not check deposits: a case that holds a deposit is guarded by the
// store, which knows the ledger (see CheckCancel).
func (c *Case) Move(next CaseStatus, at time.Time) error {
	if !c.CanMove(next) {
		return Errorf(ECONFLICT, "受理单当前状态为“%s”，不能改为“%s”", c.Status.Label(), next.Label())
	}
	c.Status = next
	c.UpdatedAt = at
	switch next {
	case CaseAccepted, CaseWaiting:
		if c.AcceptedAt.IsZero() {
			c.AcceptedAt = at
		}
	case CaseCompleted:
		c.CompletedAt = at
	case CaseDraft:
		c.AcceptedAt = time.Time{}
	}
	return nil
}

// Cancel cancels the case with a reason. depositHeld says whether a valid
// deposit is held on it: such a case cannot be cancelled.
func (c *Case) Cancel(reason string, depositHeld bool, at time.Time) error {
	reason = NormalizeText(reason) // prose: full-width punctuation kept as RuleCancelReason keeps it
	if reason == "" {
		return Errorf(EINVALID, "请填写取消原因")
	}
	if depositHeld {
		return Errorf(ECONFLICT, "该受理单有未退还的保障金，不能取消；请先办理退还或由主管作废收据")
	}
	if err := c.Move(CaseCancelled, at); err != nil {
		return err
	}
	c.CancelReason = reason
	return nil
}

// Complete closes a case whose work is done (办结). A case that holds a
// deposit completes only through its refund or forfeit, and a case with
// papers still promised (容缺) waits for them.
func (c *Case) Complete(depositHeld bool, deferred int, at time.Time) error {
	if depositHeld {
		return Errorf(ECONFLICT, "该受理单有未退还的保障金，须在退还或没收保障金时办结")
	}
	if deferred > 0 {
		return Errorf(ECONFLICT, "还有%d项容缺材料未补交，补齐后才能办结", deferred)
	}
	if c.Status == CaseDraft {
		return Errorf(ECONFLICT, "受理单尚未受理，不能办结")
	}
	return c.Move(CaseCompleted, at)
}

// EvaluationDay is the day the service's conditions are judged on for
// the case (who must bring what, e.g. 小孩落户's one-month rule): the day
// it was accepted, once accepted (accepted, waiting, completed or
// cancelled after acceptance), so reopening it later never adds papers;
// today for a draft, which is accepted on the day it is judged.
func (c *Case) EvaluationDay(today time.Time) time.Time {
	if c.Status == CaseDraft || c.AcceptedAt.IsZero() {
		return Day(today)
	}
	return Day(c.AcceptedAt)
}

// PendingCase is one of a customer's open cases (draft, accepted or
// waiting) as the rules for opening another case see it.
type PendingCase struct {
	Case
	// Group is the exclusive group of the case's service, from its current
	// version: a supervisor who groups services groups the open cases too.
	Group string
	// DepositReceipt is the number of the receipt of the deposit the case
	// holds, "" when it holds none. While it holds one, the household card
	// is out and the case cannot be cancelled.
	DepositReceipt string
}

// Conflict is the refusal to open a case because another open case of the
// customer is in the way. It carries that case and the ways on for the
// screen; its Unwrap is an *Error with ECONFLICT and the clerk's message,
// so ErrorCode and ErrorMessage read it like any other error.
type Conflict struct {
	Case           Case   // the open case in the way
	DepositReceipt string // its deposit receipt, "" if none is held
	Ways           []Way
	err            *Error
}

// Error implements the error interface.
func (c *Conflict) Error() string { return c.err.Error() }

// Unwrap returns the *Error with the code and the clerk's message.
func (c *Conflict) Unwrap() error { return c.err }

// Message returns the clerk's message.
func (c *Conflict) Message() string { return c.err.Message }

// ConflictsWith decides whether a case of s may be opened beside the
// customer's open cases. It returns (nil, nil) when a new case may be
// opened. It returns the open case to re-open instead, with a nil error,
// when s is in an exclusive group and a case of s itself is open (a
// member whose card is lent asks for 借户籍卡 again). It returns a
// *Conflict when an open case of a service in s.BlockedBy, or of another
// service of s's exclusive group, is in the way; the message names that
// case's service, number, status and date.
func (s *Service) ConflictsWith(open []PendingCase) (*Case, error) {
	for _, b := range s.BlockedBy {
		for i := range open {
			p := &open[i]
			if p.ServiceCode != b.Service || !p.Status.Open() || (b.DepositHeld && p.DepositReceipt == "") {
				continue
			}
			ways := b.Ways
			if len(ways) == 0 {
				ways = []Way{WayOpenCase}
			}
			return nil, s.conflict(p, b.Message, ways)
		}
	}
	if s.ExclusiveGroup == "" {
		return nil, nil
	}
	for i := range open {
		p := &open[i]
		if p.ServiceCode == s.Code && p.Status.Open() {
			c := p.Case
			return &c, nil
		}
	}
	for i := range open {
		p := &open[i]
		if p.Group != s.ExclusiveGroup || !p.Status.Open() {
			continue
		}
		if p.DepositReceipt != "" {
			return nil, s.conflict(p, "该客户已有未办结的“［业务］”受理单 ［受理单号］（［状态］，［日期］，"+
				"保障金收据 ［收据号］ 未退还），须退还保障金、办结后才能办理“［本业务］”",
				[]Way{WayOpenCase, WayRefundDesk})
		}
		return nil, s.conflict(p, "该客户已有未办结的“［业务］”受理单 ［受理单号］（［状态］，［日期］），"+
			"须办结或取消后才能办理“［本业务］”", []Way{WayOpenCase})
	}
	return nil, nil
}

// conflict fills the message's placeholders from the open case p.
func (s *Service) conflict(p *PendingCase, message string, ways []Way) *Conflict {
	day := FormatDate(p.CreatedAt) + " 开单"
	if !p.AcceptedAt.IsZero() {
		day = FormatDate(p.AcceptedAt) + " 受理"
	}
	receipt := p.DepositReceipt
	if receipt == "" {
		receipt = "（无）"
	}
	msg := strings.NewReplacer(
		"［业务］", p.ServiceName,
		"［受理单号］", p.Number,
		"［状态］", p.Status.Label(),
		"［日期］", day,
		"［收据号］", receipt,
		"［本业务］", s.Name,
	).Replace(message)
	return &Conflict{Case: p.Case, DepositReceipt: p.DepositReceipt, Ways: slices.Clone(ways),
		err: Errorf(ECONFLICT, "%s", msg)}
}
