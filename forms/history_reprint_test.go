package forms

import "testing"

// A document printed for a case may be printed again from the record,
// except the receipt of a receipt since voided.
func TestCustomerHistory_Reprintable(t *testing.T) {
	h := &CustomerHistory{Receipts: []Receipt{
		{Number: "QB01-2026-000001", Voided: true},
		{Number: "QB01-2026-000002"},
	}}
	for _, c := range []struct {
		doc  string
		want bool
	}{
		{"receipt:QB01-2026-000001", false},
		{"receipt:QB01-2026-000002", true},
		{"receipt:QB01-2026-000003", true}, // not in this history: the store decides
		{"card_promise", true},
		{"refund_voucher:QB01-2026-000001", true}, // the voucher of a refund stays
	} {
		if got := h.Reprintable(PrintLine{Document: c.doc}); got != c.want {
			t.Errorf("Reprintable(%s) = %v, want %v", c.doc, got, c.want)
		}
	}
}
