package printing

import (
	"strings"
	"testing"

	"counterdesk/forms"
)

// TestProse_FullWidthPunctuationPrinted: issue 18 keeps prose as typed, so
// a void reason checked by forms.RuleVoidReason and a payee checked by
// forms.RulePayee reach the PDF with their full-width comma, exclamation
// mark and brackets (they used to be folded to ",", "!" and "()"), and
// pdftotext reads them back from the voided receipt.
func TestProse_FullWidthPunctuationPrinted(t *testing.T) {
	reason, err := forms.RuleVoidReason.Check("金额开错，应为５０元！")
	if err != nil {
		t.Fatal(err)
	}
	payee, err := forms.RulePayee.Check("成都市青白江区人才交流服务中心（青白江）")
	if err != nil {
		t.Fatal(err)
	}
	p := receiptPrintout(forms.LayoutOnePage)
	p.Station.Payee = payee
	p.Receipt.Voided = true
	p.Receipt.VoidReason = reason
	text := pdftext(t, render(t, "receipt_voided_prose", p))
	mustContain(t, text, "金额开错，应为50元！", "（青白江）")
	mustNotContain(t, text, "金额开错,", "(青白江)")
	if strings.Contains(text, "\n，") {
		t.Errorf("a line starts with \"，\":\n%s", text)
	}
}
