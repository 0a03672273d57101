package printing

import (
	"testing"

	"counterdesk/forms"
)

// A renewal receipt itemises every period with its own amount, a ¥0.00
// period included, and totals in figures and capitals (续费, issue 13).
func TestRenewalReceiptItemisesPeriods(t *testing.T) {
	table := &forms.FeeTable{Rates: []forms.FeeRate{{From: "2010-01-01", Yearly: forms.Yuan(300)}, {From: "2026-01-01", Yearly: forms.Yuan(360)}}}
	archive := &forms.FeeTable{Rates: []forms.FeeRate{{From: "2010-01-01", Yearly: forms.Yuan(120)}, {From: "2015-01-01"}}}
	paid, _ := forms.ParseDate("2024-12-31")
	talentLines, _, err := table.Due("人才储备费", forms.FeeAccount{PaidThrough: paid}, 24)
	if err != nil {
		t.Fatal(err)
	}
	archiveLines, _, err := archive.Due("档案保管费", forms.FeeAccount{PaidThrough: paid}, 24)
	if err != nil {
		t.Fatal(err)
	}
	p := receiptPrintout(forms.LayoutOnePage)
	r := p.Receipt
	r.Lines, r.Total = nil, 0
	for _, l := range append(talentLines, archiveLines...) {
		r.Lines = append(r.Lines, forms.ReceiptLine{Text: l.Text(), Amount: l.Amount, Kind: forms.KindFee})
		r.Total += l.Amount
	}
	r.Payment = forms.Payment{Method: forms.PayCash}
	text := pdftext(t, render(t, "renewal-receipt", p))
	mustContain(t, text,
		"人才储备费 2025-01-01 至 2025-12-31", "¥300.00",
		"人才储备费 2026-01-01 至 2026-12-31", "¥360.00",
		"档案保管费 2025-01-01 至 2026-12-31", "¥0.00",
		"¥660.00", forms.Money(66000).Capitals(), "现金")
}
