package forms

import (
	"fmt"
	"strings"
	"time"
)

// ItemStatus is the state of one paper on a case's checklist.
type ItemStatus string

// The checklist item states. A deferred item (容缺) is accepted now on the
// customer's promise to bring it by PromisedBy.
const (
	ItemMissing  ItemStatus = "missing"
	ItemReceived ItemStatus = "received"
	ItemDeferred ItemStatus = "deferred"
)

// ItemState is what the clerk recorded for one paper. The fields after
// Note are the history of a paper promised (容缺) after the case was
// accepted; only Case.ReceivePromised and Case.MovePromise write them, and
// a saved checklist keeps them (Case.KeepPromises). Cases stored before
// they existed read them as zero.
type ItemState struct {
	Status     ItemStatus `json:"status"`
	Originals  int        `json:"originals,omitempty"`
	Copies     int        `json:"copies,omitempty"`
	PromisedBy time.Time  `json:"promised_by,omitzero"`
	Note       string     `json:"note,omitempty"`

	// ReceivedOn is the day a promised paper arrived, ReceivedBy the name
	// of the clerk who took it; zero for a paper received at once.
	ReceivedOn time.Time `json:"received_on,omitzero"`
	ReceivedBy string    `json:"received_by,omitempty"`
	// PromisedWas is the date the paper had been promised by when it
	// arrived (PromisedBy is cleared on a received paper).
	PromisedWas time.Time `json:"promised_was,omitzero"`
	// PromisedFirst is the date first promised, set when the date was
	// moved (once only, see Case.MovePromise) to PromisedBy; MoveReason,
	// MovedOn and MovedBy say why, on which day and by which clerk.
	PromisedFirst time.Time `json:"promised_first,omitzero"`
	MoveReason    string    `json:"move_reason,omitempty"`
	MovedOn       time.Time `json:"moved_on,omitzero"`
	MovedBy       string    `json:"moved_by,omitempty"`
}

// Moved reports whether the promised date was moved already: it may be
// moved once.
func (st ItemState) Moved() bool { return !st.PromisedFirst.IsZero() }

// Received returns the state of a paper received in full.
func (r Requirement) Received() ItemState {
	n := r.Originals
	if r.SeenOnly && n == 0 {
		n = 1
	}
	return ItemState{Status: ItemReceived, Originals: n, Copies: r.Copies}
}

// Satisfied reports whether the state covers the requirement: received in
// the required numbers, or deferred with a promise date.
func (r Requirement) Satisfied(st ItemState) bool {
	switch st.Status {
	case ItemDeferred:
		return !st.PromisedBy.IsZero()
	case ItemReceived:
		need := r.Originals
		if r.SeenOnly && need == 0 {
			need = 1
		}
		return st.Originals >= need && st.Copies >= r.Copies
	}
	return false
}

// Shortfall describes what is still to be brought, e.g. "复印件还差2份";
// "" when the requirement is satisfied.
func (r Requirement) Shortfall(st ItemState) string {
	if r.Satisfied(st) {
		return ""
	}
	if st.Status != ItemReceived {
		return r.Quantity()
	}
	var parts []string
	need := r.Originals
	if r.SeenOnly && need == 0 {
		need = 1
	}
	if d := need - st.Originals; d > 0 {
		parts = append(parts, fmt.Sprintf("原件还差%d份", d))
	}
	if d := r.Copies - st.Copies; d > 0 {
		parts = append(parts, fmt.Sprintf("复印件还差%d份", d))
	}
	return strings.Join(parts, "、")
}

// ChecklistItem is one applicable paper with what was recorded for it.
type ChecklistItem struct {
	Requirement
	State ItemState
}

// Done reports whether the paper is received in full (not merely deferred).
func (i ChecklistItem) Done() bool {
	return i.State.Status == ItemReceived && i.Satisfied(i.State)
}

// Evaluation is what a service asks of one customer on one day.
type Evaluation struct {
	Questions     []Question      // questions that apply, in order
	Unanswered    []Question      // required questions that apply and have no answer
	Items         []ChecklistItem // papers that apply, in catalogue order
	Missing       []ChecklistItem // papers neither received in full nor deferred
	Deferred      []ChecklistItem // papers accepted on a promise (容缺)
	Documents     []Document      // documents to print
	Fees          []Fee           // fees and deposits to take
	TalkingPoints []string        // what the clerk should say
}

// Acceptable reports whether a case may be accepted: every applicable
// required question answered and every paper received or deferred.
func (e Evaluation) Acceptable() bool { return len(e.Unanswered) == 0 && len(e.Missing) == 0 }

// Deposit returns the deposit the service takes for this customer, if any.
func (e Evaluation) Deposit() (Fee, bool) {
	for _, f := range e.Fees {
		if f.Kind == KindDeposit {
			return f, true
		}
	}
	return Fee{}, false
}

// Evaluate applies the service's conditions to a customer, the answers and
// the recorded checklist states on the given day. Switched-off papers and
// documents (Off, or their group switched off in Switches) never apply; a
// question applies only if its own condition holds.
func (s *Service) Evaluate(c *Customer, answers map[string]string, day time.Time, states map[string]ItemState) Evaluation {
	// Answers to questions that do not apply must not steer anything: a
	// clerk may change an earlier answer and leave a stale later one.
	facts := Facts(c, nil, day, s.Questions)
	applicable := map[string]string{}
	var e Evaluation
	for _, q := range s.Questions {
		if !q.When.Holds(facts) {
			continue
		}
		e.Questions = append(e.Questions, q)
		a := strings.TrimSpace(answers[q.ID])
		if a != "" {
			applicable[q.ID] = a
			facts = Facts(c, applicable, day, s.Questions)
		} else if q.Required {
			e.Unanswered = append(e.Unanswered, q)
		}
	}
	for _, r := range s.Requirements {
		if !s.RequirementOn(r) || !r.When.Holds(facts) {
			continue
		}
		st := states[r.ID]
		if st.Status == "" {
			st.Status = ItemMissing
		}
		item := ChecklistItem{Requirement: r, State: st}
		e.Items = append(e.Items, item)
		switch {
		case item.Done():
		case st.Status == ItemDeferred && r.Satisfied(st):
			e.Deferred = append(e.Deferred, item)
		default:
			e.Missing = append(e.Missing, item)
		}
	}
	for _, d := range s.Documents {
		if s.DocumentOn(d) && d.When.Holds(facts) {
			e.Documents = append(e.Documents, d)
		}
	}
	for _, f := range s.Fees {
		if f.When.Holds(facts) {
			e.Fees = append(e.Fees, f)
		}
	}
	for _, t := range s.TalkingPoints {
		if t.When.Holds(facts) {
			e.TalkingPoints = append(e.TalkingPoints, t.Text)
		}
	}
	return e
}
