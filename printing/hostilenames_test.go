package printing

import (
	"fmt"
	"strings"
	"testing"

	"counterdesk/forms"
)

// hostileAccepted are hostile values the text rules accept (forms, store
// hostilenames tests): CJK Extensions A–I and an emoji in a line.
var hostileAccepted = []struct {
	label, name, line string
}{
	{"Ext A 䶮", "刘䶮", "刘䶮路1号"},
	{"Ext B 𠮷", "𠮷野家", "𠮷野家商贸有限公司"},
	{"Ext C 𫖯 Ext E 𬌗", "赵𫖯𬌗", "𫖯𬌗街"},
	{"Ext G 𰻞", "张𰻞", "𰻞𰻞面馆"},
	{"Ext H U+31350", "王\U00031350", "王\U00031350村"},
	{"Ext I U+2EBF0", "王\U0002EBF0", "王\U0002EBF0村"},
	{"emoji 👍", "王芳", "好评👍路8号"},
}

// TestHostileNames_PrintedOrFlagged prints each accepted hostile value as
// the customer's name (receipt, 承诺书, 一次性告知单) and as a line (a
// paper's note on the 一次性告知单): every character is in the PDF as
// pdftotext reads it, or FindUnprintable flags it (the clerk was warned
// before printing) and the placeholder box is printed in its place.
func TestHostileNames_PrintedOrFlagged(t *testing.T) {
	needPoppler(t)
	for i, v := range hostileAccepted {
		// What must be read back: each character, or the box for a flagged one.
		expect := func(field, s string) string {
			flagged := map[int]bool{}
			for _, u := range FindUnprintable(field, s) {
				flagged[u.Position] = true
			}
			var b strings.Builder
			pos := 0
			for _, r := range s {
				pos++
				if flagged[pos] {
					b.WriteRune(Placeholder)
				} else {
					b.WriteRune(r)
				}
			}
			return b.String()
		}
		name, line := expect("姓名", v.name), expect("材料备注", v.line)

		r := receiptPrintout(forms.LayoutOnePage)
		r.Receipt.PayerName = v.name
		mustContain(t, pdftext(t, render(t, fmt.Sprintf("hostile_receipt_%d", i), r)), name)

		d := documentPrintout(v.name)
		mustContain(t, pdftext(t, render(t, fmt.Sprintf("hostile_document_%d", i), d)), name)

		n := noticePrintout()
		n.Customer.Name = v.name
		n.Evaluation.Missing[0].Note = v.line
		mustContain(t, pdftext(t, render(t, fmt.Sprintf("hostile_notice_%d", i), n)), name, line)
	}
}

// TestHostileNames_RenderNeverFails hands the renderer values no rule would
// let through — control characters, RTL overrides, invalid UTF-8 and
// 10,000-character fields — as if a database had been edited by hand: the
// PDF is still made, without them breaking out of one page.
func TestHostileNames_RenderNeverFails(t *testing.T) {
	needPoppler(t)
	for i, v := range []string{
		"王\u202e芳\u200f", "王\x00\a\x1b芳\u0085", "王\xff\xfe芳", "👨\u200d👩\u200d👧",
		strings.Repeat("芳", 10000), strings.Repeat("𠮷", 10000),
	} {
		r := receiptPrintout(forms.LayoutOnePage)
		r.Receipt.PayerName = v
		path := render(t, fmt.Sprintf("raw_receipt_%d", i), r)
		if n := pageCount(t, path); n != 1 {
			t.Errorf("value %d: the receipt took %d pages", i, n)
		}
		text := pdftext(t, path)
		if strings.ContainsAny(text, "\u202e\u200f\x00\a\x1b") {
			t.Errorf("value %d: a control or direction character reached the PDF text", i)
		}
		n := noticePrintout()
		n.Customer.Name = v
		n.Evaluation.Missing[0].Note = v
		pdftext(t, render(t, fmt.Sprintf("raw_notice_%d", i), n))
	}
}
