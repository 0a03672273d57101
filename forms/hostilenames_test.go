package forms

import (
	"strings"
	"testing"
)

// hostileValue is one hostile input and what each kind of field does with
// it: the stored value, or "" for a refusal whose message names the field
// and, when why is set, contains it.
type hostileValue struct {
	label            string
	in               string
	name, line, code string // stored value per kind; "" = refused
	why              string // part of the refusal's message
}

// longRun is n copies of s.
func longRun(s string, n int) string { return strings.Repeat(s, n) }

// hostileValues are the names and texts of issue 17's "Hostile input":
// CJK Extension A–I characters, emoji, right-to-left marks, control
// characters, invalid UTF-8 and 10,000-character values.
var hostileValues = []hostileValue{
	{label: "Ext B 𠮷 U+20BB7", in: "𠮷野家", name: "𠮷野家", line: "𠮷野家", code: "𠮷野家"},
	{label: "Ext A 䶮 U+4DAE", in: "刘䶮", name: "刘䶮", line: "刘䶮", code: "刘䶮"},
	{label: "Ext C 𫖯 and Ext E 𬌗", in: "𫖯𬌗", name: "𫖯𬌗", line: "𫖯𬌗", code: "𫖯𬌗"},
	{label: "Ext G 𰻞 U+30EDE", in: "张𰻞", name: "张𰻞", line: "张𰻞", code: "张𰻞"},
	{label: "Ext H U+31350", in: "王\U00031350", name: "王\U00031350", line: "王\U00031350", code: "王\U00031350"},
	{label: "Ext I U+2EBF0 (Unicode 15.1, newer than Go's tables)", in: "王\U0002EBF0", name: "王\U0002EBF0", line: "王\U0002EBF0", code: "王\U0002EBF0"},
	{label: "emoji 👍", in: "王👍", line: "王👍", why: "👍"},
	{label: "ZWJ family (a name and a line refuse the emoji sequence, a code the emoji)", in: "👨\u200d👩\u200d👧", why: "👨"},
	{label: "RLM U+200F", in: "王\u200f芳", code: "王芳", why: "U+200F"},
	{label: "RLO U+202E", in: "王\u202e芳", code: "王芳", why: "U+202E"},
	{label: "NUL U+0000", in: "王\x00芳", why: "U+0000"},
	{label: "BEL U+0007", in: "王\a芳", why: "U+0007"},
	{label: "ESC U+001B", in: "王\x1b芳", why: "U+001B"},
	{label: "NEL U+0085 (a line break)", in: "王\u0085芳", name: "王 芳", line: "王 芳", code: "王芳"},
	{label: "invalid UTF-8", in: "王\xff\xfe芳", why: "乱码"},
	{label: "10,000 characters", in: longRun("芳", 10000), why: "过长"},
	{label: "10,000 Ext B characters", in: longRun("𠮷", 10000), why: "过长"},
}

// TestHostileValues_Rules checks every hostile value against a name, a
// line and a code field: saved as the table says, or refused with an
// EINVALID error naming the field.
func TestHostileValues_Rules(t *testing.T) {
	rules := []struct {
		rule Field
		want func(hostileValue) string
	}{
		{RuleCustomerName, func(v hostileValue) string { return v.name }},
		{RuleAddress, func(v hostileValue) string { return v.line }},
		{RuleItemNote, func(v hostileValue) string { return v.line }},
		{AnswerRule("单位名称"), func(v hostileValue) string { return v.line }},
		{RulePaymentReference, func(v hostileValue) string { return v.code }},
	}
	for _, v := range hostileValues {
		for _, r := range rules {
			want := r.want(v)
			if want != "" && len([]rune(want)) > r.rule.Max {
				want = ""
			}
			got, err := r.rule.Check(v.in)
			if want != "" {
				if err != nil || got != want {
					t.Errorf("%s in %s: got %q, %v; want %q saved", v.label, r.rule.Name, got, err, want)
				}
				continue
			}
			msg := ErrorMessage(err)
			if ErrorCode(err) != EINVALID || !strings.Contains(msg, r.rule.Name) || !strings.Contains(msg, v.why) {
				t.Errorf("%s in %s: got %q, %v; want a refusal naming %s and %q", v.label, r.rule.Name, got, err, r.rule.Name, v.why)
			}
		}
	}
}
