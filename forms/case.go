package forms

import (
	"slices"
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
	reason = Normalize(reason)
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
