package forms

import (
	"strings"
	"time"
)

// CustomerRecord is one customer's whole record as the customer screen
// opens it (store.DB.OpenCustomerRecord, one transaction): the customer
// with ID number and mobile unmasked, the parent a child is linked to (nil
// for anyone else), the children linked to them (oldest first), their
// membership events (入户记录, oldest first) and what was done for them
// (受理单, 文书, 收据, newest first).
type CustomerRecord struct {
	Customer   Customer
	Parent     *Customer
	Children   []Customer
	Membership []MembershipEvent
	History    CustomerHistory
}

// CustomerHistory is everything done for one customer at this station, as
// the customer's record lists it: every case (受理单), every print of a
// document of those cases (originals and 补打) and every receipt, voided
// ones included, with the deposits taken on them.
type CustomerHistory struct {
	Cases    []CaseLine  // newest first
	Prints   []PrintLine // newest first
	Receipts []Receipt   // newest first; voided ones carry Voided, VoidReason, VoidedBy (a name) and VoidedAt
	// Deposits are the customer's deposits, newest first: a refunded one
	// has a 《保障金退还凭证》 that can be printed again.
	Deposits []Deposit
}

// CaseLine is one case as the record lists it.
type CaseLine struct {
	ID             string
	Number         string // e.g. QB01-20261123-001
	ServiceCode    string
	ServiceName    string // the name in the case's service version
	ServiceVersion int    // the catalogue version the case was opened under
	Status         CaseStatus
	CancelReason   string
	CreatedAt      time.Time
	AcceptedAt     time.Time // zero until accepted
	CompletedAt    time.Time // zero until completed
	ClerkName      string    // the clerk who opened the case
	Legacy         bool      // entered from a paper deposit held before Counter Desk
}

// PrintLine is one print of one document of a case: the original or a
// 补打, as recorded when it was printed.
type PrintLine struct {
	CaseID      string
	CaseNumber  string
	ServiceCode string
	ServiceName string
	// Document is what the print was recorded as (Printout.Key), e.g.
	// "receipt:QB01-2026-000123", "promise", "notice",
	// "refund_voucher:QB01-2026-000123"; a reprint looks the document up
	// by it.
	Document string
	Title    string // the document's title for the clerk, see DocumentTitle
	At       time.Time
	Copies   int
	Reprint  bool   // a 补打
	UserName string // who printed it
}

// DocumentTitle returns the clerk's name of a printed document from what
// its print was recorded as (Printout.Key) and the service version of its
// case (nil when unknown): "收据 QB01-2026-000123", "一次性告知单",
// "《保障金退还凭证》（收据 QB01-2026-000123）", or a catalogue document's
// title, e.g. "《户籍卡借用承诺书》", with the outcome's label for what a
// loss declaration's outcome printed ("<document>:<outcome>"). An ID the
// service no longer knows is returned as it is.
func DocumentTitle(key string, s *Service) string {
	switch {
	case strings.HasPrefix(key, "receipt:"):
		return "收据 " + strings.TrimPrefix(key, "receipt:")
	case key == string(PrintNotice):
		return "一次性告知单"
	case strings.HasPrefix(key, "refund_voucher:"):
		return "《保障金退还凭证》（收据 " + strings.TrimPrefix(key, "refund_voucher:") + "）"
	case s == nil:
		return key
	}
	id, outcome, _ := strings.Cut(key, ":")
	for _, d := range s.Documents {
		if d.ID != id {
			continue
		}
		if outcome == "" {
			return d.Title
		}
		if o := s.Outcome(outcome); o != nil {
			return d.Title + "（" + o.Label + "）"
		}
		return d.Title + "（" + outcome + "）"
	}
	return key
}

// PrintNote is the audit note of a print of a case's document
// (case.print): the document as its print is recorded (Printout.Key), the
// copies and, for a 补打, （补打）, e.g. "receipt:QB01-2026-000123，1份（补打）".
func PrintNote(document string, copies int, reprint bool) string {
	note := document + "，" + itoa(copies) + "份"
	if reprint {
		note += "（补打）"
	}
	return note
}

// PrintNoteText is a print's audit note (PrintNote) as a supervisor reads
// it: the document's title (DocumentTitle, with s the service version of
// the print's case, nil when unknown) in place of its key, e.g.
// "收据 QB01-2026-000123，1份（补打）", "《户籍卡借用承诺书》，2份". A note of
// another shape is returned as it is.
func PrintNoteText(note string, s *Service) string {
	i := strings.LastIndex(note, "，")
	if i <= 0 {
		return note
	}
	rest := note[i+len("，"):]
	copies := strings.TrimSuffix(strings.TrimSuffix(rest, "（补打）"), "份")
	if copies == "" || len(copies) == len(rest) || strings.Trim(copies, "0123456789") != "" {
		return note
	}
	return DocumentTitle(note[:i], s) + "，" + rest
}

// DepositOfReceipt returns the history's deposit taken on the receipt, or
// nil.
func (h *CustomerHistory) DepositOfReceipt(r Receipt) *Deposit {
	for i := range h.Deposits {
		if d := &h.Deposits[i]; d.ReceiptID == r.ID {
			return d
		}
	}
	return nil
}

// Reprintable reports whether the document of the print line p may be
// printed again from the customer's record (补打): not the receipt of a
// receipt since voided, which is never handed out again (the store refuses
// it too: 收据已作废).
func (h *CustomerHistory) Reprintable(p PrintLine) bool {
	number, ok := strings.CutPrefix(p.Document, "receipt:")
	if !ok {
		return true
	}
	for _, r := range h.Receipts {
		if r.Number == number && r.Voided {
			return false
		}
	}
	return true
}
