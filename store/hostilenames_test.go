package store

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"counterdesk/forms"
)

// hostileInputs are issue 17's hostile names and texts: CJK Extension A–I,
// emoji with and without a zero-width joiner, right-to-left marks, control
// characters, invalid UTF-8 and 10,000 characters.
var hostileInputs = []struct {
	label string
	in    string
	name  bool // accepted as a customer's name
	line  bool // accepted in a line of free text (address, employer, note, answer)
}{
	{"Ext A 䶮", "刘䶮", true, true},
	{"Ext B 𠮷", "𠮷野家", true, true},
	{"Ext C 𫖯 Ext E 𬌗", "𫖯𬌗", true, true},
	{"Ext G 𰻞", "张𰻞", true, true},
	{"Ext H U+31350", "王\U00031350", true, true},
	{"Ext I U+2EBF0", "王\U0002EBF0", true, true},
	{"emoji 👍", "王👍", false, true},
	{"ZWJ family", "👨\u200d👩\u200d👧", false, false},
	{"RLM U+200F", "王\u200f芳", false, false},
	{"RLO U+202E", "王\u202e芳", false, false},
	{"NUL", "王\x00芳", false, false},
	{"BEL", "王\a芳", false, false},
	{"ESC", "王\x1b芳", false, false},
	{"NEL U+0085", "王\u0085芳", true, true},
	{"invalid UTF-8", "王\xff\xfe芳", false, false},
	{"10,000 characters", strings.Repeat("芳", 10000), false, false},
}

// TestHostileNames_Customer saves each hostile value in every free-text
// field of a customer (姓名, 地址, 工作单位, 户籍来源): an accepted value is
// read back exactly as the field's rule stores it; a refused one is an
// EINVALID error whose Chinese message names the field, and no customer
// was created and no audit entry written.
func TestHostileNames_Customer(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	fields := []struct {
		rule forms.Field
		set  func(c *forms.Customer, v string)
		get  func(c *forms.Customer) string
		ok   func(name, line bool) bool
	}{
		{forms.RuleCustomerName, func(c *forms.Customer, v string) { c.Name = v }, func(c *forms.Customer) string { return c.Name }, func(n, _ bool) bool { return n }},
		{forms.RuleAddress, func(c *forms.Customer, v string) { c.Address = v }, func(c *forms.Customer) string { return c.Address }, func(_, l bool) bool { return l }},
		{forms.RuleEmployer, func(c *forms.Customer, v string) { c.Employer = v }, func(c *forms.Customer) string { return c.Employer }, func(_, l bool) bool { return l }},
		{forms.RuleOrigin, func(c *forms.Customer, v string) { c.Origin = v }, func(c *forms.Customer) string { return c.Origin }, func(_, l bool) bool { return l }},
	}
	for _, in := range hostileInputs {
		for _, fd := range fields {
			idSeq++
			c := &forms.Customer{Name: "王芳", IDNumber: testID("510113", "19920315", idSeq), Mobile: fmt.Sprintf("1390000%04d", idSeq%10000)}
			fd.set(c, in.in)
			want, _ := fd.rule.Check(in.in)
			audits := auditCount(t, f.db)
			err := f.db.CreateCustomer(ctx, f.clerk, c)
			if fd.ok(in.name, in.line) {
				if err != nil {
					t.Errorf("%s in %s refused: %v", in.label, fd.rule.Name, err)
					continue
				}
				got, err := f.db.Customer(ctx, c.ID)
				must(t, err)
				if fd.get(got) != want || want == "" {
					t.Errorf("%s in %s stored as %q, want %q", in.label, fd.rule.Name, fd.get(got), want)
				}
				continue
			}
			assertErr(t, err, forms.EINVALID, fd.rule.Name)
			if found, _ := f.db.CustomerByIDNumber(ctx, c.IDNumber); found != nil || auditCount(t, f.db) != audits {
				t.Errorf("a refused %s in %s changed the database", in.label, fd.rule.Name)
			}
		}
	}
}

// TestHostileNames_Case saves each hostile value as a case's free-text
// answer (毕业时签约单位) and as a paper's note (材料备注): accepted values
// read back exactly, refusals name the field and change nothing.
func TestHostileNames_Case(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	cust := f.member(t, "李四")
	k, _, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "archive_transfer")
	must(t, err)
	answer := forms.AnswerRule("毕业时签约单位")
	for _, in := range hostileInputs {
		before, err := f.db.Case(ctx, k.ID)
		must(t, err)
		audits := auditCount(t, f.db)
		_, err = f.db.SaveCase(ctx, f.clerk, k.ID, map[string]string{"unit": in.in}, nil)
		if in.line {
			must(t, err)
			got, err := f.db.Case(ctx, k.ID)
			must(t, err)
			if want, _ := answer.Check(in.in); got.Answers["unit"] != want {
				t.Errorf("%s as an answer stored as %q, want %q", in.label, got.Answers["unit"], want)
			}
		} else {
			assertErr(t, err, forms.EINVALID, answer.Name)
			after, err := f.db.Case(ctx, k.ID)
			must(t, err)
			if after.Answers["unit"] != before.Answers["unit"] || auditCount(t, f.db) != audits {
				t.Errorf("a refused %s answer changed the case", in.label)
			}
		}

		_, err = f.db.SaveCase(ctx, f.clerk, k.ID, nil, map[string]forms.ItemState{"release": {Status: forms.ItemMissing, Note: in.in}})
		if in.line {
			must(t, err)
			got, err := f.db.Case(ctx, k.ID)
			must(t, err)
			if want, _ := forms.RuleItemNote.Check(in.in); got.Items["release"].Note != want {
				t.Errorf("%s as a note stored as %q, want %q", in.label, got.Items["release"].Note, want)
			}
		} else {
			assertErr(t, err, forms.EINVALID, "备注")
		}
	}
}
