package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// TestHostileNames_CustomerForm pastes each hostile value of issue 17 into
// every free-text field of the customer form (姓名, 地址, 工作单位, 户籍来源)
// and saves: an accepted value is shown on the record as stored, a refused
// one leaves the form with a Chinese message naming the field; in every
// state the window fits 1280×720 and nothing crashes.
func TestHostileNames_CustomerForm(t *testing.T) {
	h := newHarness(t)
	h.app.win.Resize(fyne.NewSize(fitWidth, fitHeight))
	clerkLoggedIn(t, h)
	cs := h.app.home.customers
	inputs := []struct {
		label      string
		in         string
		name, line bool // accepted in a name, in a line
	}{
		{"Ext A 䶮", "刘䶮", true, true},
		{"Ext B 𠮷", "𠮷野家", true, true},
		{"Ext C 𫖯 Ext E 𬌗", "赵𫖯𬌗", true, true},
		{"Ext G 𰻞", "张𰻞", true, true},
		{"Ext I U+2EBF0", "王\U0002EBF0", true, true},
		{"emoji 👍", "王👍", false, true},
		{"ZWJ family", "👨\u200d👩\u200d👧", false, false},
		{"RLO U+202E", "王\u202e芳", false, false},
		{"RLM U+200F", "王\u200f芳", false, false},
		{"NUL", "王\x00芳", false, false},
		{"BEL", "王\a芳", false, false},
		{"ESC", "王\x1b芳", false, false},
		{"invalid UTF-8", "王\xff\xfe芳", false, false},
		{"10,000 characters", strings.Repeat("芳", 10000), false, false},
	}
	type field struct {
		rule  forms.Field
		entry func(f *customerForm) *widget.Entry
		get   func(c *forms.Customer) string
		name  bool
	}
	fields := []field{
		{forms.RuleCustomerName, func(f *customerForm) *widget.Entry { return f.name }, func(c *forms.Customer) string { return c.Name }, true},
		{forms.RuleAddress, func(f *customerForm) *widget.Entry { return f.address }, func(c *forms.Customer) string { return c.Address }, false},
		{forms.RuleEmployer, func(f *customerForm) *widget.Entry { return f.employer }, func(c *forms.Customer) string { return c.Employer }, false},
		{forms.RuleOrigin, func(f *customerForm) *widget.Entry { return f.origin }, func(c *forms.Customer) string { return c.Origin }, false},
	}
	n := 0
	for _, in := range inputs {
		for _, fd := range fields {
			n++
			test.Tap(cs.newBtn)
			f := cs.edit
			f.name.SetText("王芳")
			f.idNumber.SetText(withCheck(fmt.Sprintf("51011319900101%03d", n)))
			f.mobile.SetText("13812345678")
			fd.entry(f).SetText(in.in) // pasted
			test.Tap(f.save)
			h.wait()
			state := in.label + " in " + fd.rule.Name
			if m := misfits(h.app.win); len(m) != 0 {
				t.Errorf("%s: does not fit 1280×720: %v", state, m)
			}
			if ok := (fd.name && in.name) || (!fd.name && in.line); !ok {
				if !strings.Contains(f.message.Text, fd.rule.Name) || cs.edit != f {
					t.Errorf("%s: refused with %q, want a message naming %s on the form", state, f.message.Text, fd.rule.Name)
				}
				if fd.entry(f).Text != in.in {
					t.Errorf("%s: the refused value left the field", state)
				}
				continue
			}
			want, _ := fd.rule.Check(in.in)
			if cs.current == nil || fd.get(cs.current) != want {
				t.Errorf("%s: not saved as %q; message %q", state, want, f.message.Text)
				continue
			}
			if !strings.Contains(shownText(h), want) {
				t.Errorf("%s: the record does not show %q", state, want)
			}
		}
	}
}
