package forms

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// refusedEverywhere are character classes no text field accepts, with a
// piece of the message that names them.
var refusedEverywhere = []struct{ class, in, msg string }{
	{"NUL", "\x00", "控制字符 U+0000"},
	{"DEL", "\x7f", "控制字符 U+007F"},
	{"escape", "\x1b", "控制字符 U+001B"},
	{"C1 control", "\u0090", "控制字符 U+0090"},
	{"invalid UTF-8", "\xff\xfe", "乱码"},
	{"replacement character", "\ufffd", "U+FFFD"},
	{"private use", "\ue000", "私用区字符 U+E000"},
	{"supplementary private use", "\U000F0000", "私用区字符 U+F0000"},
	{"unassigned", "\u0378", "U+0378"},
	{"noncharacter", "\uffff", "U+FFFF"},
	{"format character", "\u0600", "格式字符 U+0600"},
}

// refusedInvisible are the invisible format characters: identifiers drop
// them, every other field refuses them naming the code point.
var refusedInvisible = []struct{ in, msg string }{
	{"\u200b", "看不见的字符 U+200B（零宽空格）"},
	{"\u200c", "U+200C（零宽不连字）"},
	{"\u200d", "U+200D（零宽连字）"},
	{"\u200e", "U+200E"},
	{"\u200f", "U+200F"},
	{"\u202a", "U+202A"},
	{"\u202e", "U+202E（从右到左强制）"},
	{"\u2060", "U+2060"},
	{"\u2064", "U+2064"},
	{"\u2066", "U+2066"},
	{"\u2069", "U+2069"},
	{"\ufeff", "U+FEFF（字节顺序标记）"},
	{"\u180e", "U+180E"},
	{"\ufe00", "U+FE00（变体选择符）"},
	{"\ufe0f", "U+FE0F（变体选择符）"},
	{"\U000E0100", "U+E0100（变体选择符）"},
	{"\U000E01EF", "U+E01EF"},
	{"\u00ad", "U+00AD（软连字符）"},
}

// refusedByKind are characters a kind refuses that others allow.
var refusedByKind = map[TextKind][]struct{ in, msg string }{
	KindName:     {{"1", "不能有数字或符号“1”"}, {"@", "符号“@”"}, {"(", "符号“(”"}, {"😀", "符号“😀”"}, {"_", "符号“_”"}},
	KindUserName: {{"@", "不能有符号“@”"}, {"😀", "符号“😀”"}, {"/", "符号“/”"}},
	KindCode:     {{"“", "不能有““”"}, {"😀", "不能有“😀”"}, {"。", "不能有“。”"}},
}

// validRune is a character every field of a kind accepts, for the length
// tests.
var validRune = map[TextKind]string{
	KindName: "张", KindUserName: "张", KindLine: "字", KindText: "字", KindCode: "A",
}

// TestEveryFieldRule is the kind-level test of issue 12: no text field
// accepts a character class or a length its rule refuses. For every rule
// of TextRules it proves that controls, invalid UTF-8, U+FFFD, private-use
// and unassigned characters are refused (and invisible format characters,
// except by identifiers, which drop them), that the kind's own refusals
// hold, that Max characters are accepted (counted in characters, a
// supplementary ideograph counting one) and Max+1 refused, and that an
// empty required value is refused.
func TestEveryFieldRule(t *testing.T) {
	if len(TextRules) < 17 {
		t.Fatalf("TextRules has %d rules; every rule must be listed", len(TextRules))
	}
	for _, f := range TextRules {
		t.Run(f.Name, func(t *testing.T) {
			ok := validRune[f.Kind]
			if f.Max < 1 || ok == "" {
				t.Fatalf("rule %+v has no maximum or an unknown kind", f)
			}
			refuse := func(in, msg string) {
				t.Helper()
				got, err := f.Check(in)
				if err == nil {
					t.Errorf("Check(%q) = %q, want a refusal", in, got)
					return
				}
				if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), msg) || !strings.Contains(ErrorMessage(err), f.Name) {
					t.Errorf("Check(%q): %s %q, want EINVALID naming %q and %q", in, ErrorCode(err), ErrorMessage(err), f.Name, msg)
				}
			}
			for _, c := range refusedEverywhere {
				refuse(ok+c.in+ok, c.msg)
			}
			for _, c := range refusedInvisible {
				if f.Kind == KindCode {
					if got, err := f.Check(ok + c.in + ok); err != nil || got != ok+ok {
						t.Errorf("identifier Check(%q) = %q, %v; want the invisible character dropped", ok+c.in+ok, got, err)
					}
					continue
				}
				refuse(ok+c.in+ok, c.msg)
			}
			for _, c := range refusedByKind[f.Kind] {
				refuse(ok+c.in+ok, c.msg)
			}
			if f.Strict {
				refuse(ok+"\t"+ok, "控制字符 U+0009")
				refuse(ok+"\n"+ok, "控制字符 U+000A")
			}
			full := strings.Repeat(ok, f.Max)
			if got, err := f.Check(full); err != nil || got != full {
				t.Errorf("Check(%d characters) = %v, want accepted", f.Max, err)
			}
			refuse(full+ok, "最多"+itoa(f.Max)+"个字")
			refuse(strings.Repeat(ok, 100000), "过长（100000个字）")
			if f.Kind != KindCode {
				// Characters, not bytes: 𠮷 is 4 bytes, one character.
				if f.Kind == KindName || f.Kind == KindUserName {
					full = strings.Repeat("𠮷", f.Max)
				}
				if got, err := f.Check(full); err != nil || utf8.RuneCountInString(got) != f.Max {
					t.Errorf("Check(%d characters of 4 bytes) = %v, want accepted", f.Max, err)
				}
			}
			if f.Required {
				refuse("  \u3000 ", "请")
			} else if got, err := f.Check(" \u3000 "); err != nil || got != "" {
				t.Errorf("optional field: Check(blank) = %q, %v", got, err)
			}
		})
	}
}

func TestNameRule(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"张三", "张三"},
		{"  欧阳　娜娜 ", "欧阳 娜娜"},
		{"𠮷田", "𠮷田"},                     // U+20BB7, CJK Extension B
		{"\u3400\u4dbf", "\u3400\u4dbf"}, // Extension A
		{"王\U0002A700", "王\U0002A700"},   // Extension C
		{"王\U0002B740", "王\U0002B740"},   // Extension D
		{"王\U0002B820", "王\U0002B820"},   // Extension E
		{"王\U0002CEB0", "王\U0002CEB0"},   // Extension F
		{"买买提·艾力", "买买提·艾力"},
		{"买买提・艾力", "买买提·艾力"}, // katakana middle dot U+30FB
		{"买买提•艾力", "买买提·艾力"}, // bullet U+2022
		{"买买提．艾力", "买买提.艾力"}, // full-width full stop
		{"Mary-Jane O’Neil", "Mary-Jane O'Neil"},
		{"Mary‐Jane", "Mary-Jane"}, // U+2010 hyphen
		{"John   Smith", "John Smith"},
		{"J. R. Tolkien", "J. R. Tolkien"},
		{"Jose\u0301", "Jose\u0301"}, // a combining acute accent on a letter
		{"Ｚｈａｎｇ Ｓａｎ", "Zhang San"},
	} {
		got, err := RuleCustomerName.Check(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("name %q = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, tt := range []struct{ in, msg string }{
		// Issue 12: the names that were accepted.
		{"张\x00三", "姓名中有控制字符 U+0000"},
		{"张三\x7f", "姓名中有控制字符 U+007F"},
		{"张\u202e三", "姓名中有看不见的字符 U+202E（从右到左强制），请删除后重新输入"},
		{"张\u200d三", "姓名中有看不见的字符 U+200D（零宽连字），请删除后重新输入"},
		{"\ufeff张三", "姓名中有看不见的字符 U+FEFF（字节顺序标记），请删除后重新输入"},
		{"张\xe4\xb8三", "姓名中有无法识别的文字编码（乱码）"},
		{"张\ufffd三", "U+FFFD"},
		{"张三\u200b", "姓名中有看不见的字符 U+200B（零宽空格），请删除后重新输入"},
		{"\u0301张", "不能单独出现的附加符号 U+0301"},
		{"·", "姓名中没有文字"},
		{"张三3", "姓名中不能有数字或符号“3”，请只填写姓名"},
		{"", "请填写姓名"},
	} {
		_, err := RuleCustomerName.Check(tt.in)
		if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), tt.msg) {
			t.Errorf("name %q: %v, want %q", tt.in, err, tt.msg)
		}
	}
}

func TestFreeTextRules(t *testing.T) {
	got, err := RuleVoidReason.Check(" 金额开错，\r\n应为50元\r另开\t一张 ")
	if err != nil || got != "金额开错，\n应为50元\n另开 一张" {
		t.Errorf("reason = %q, %v", got, err)
	}
	got, err = RuleAddress.Check("成都市青白江区\n大弯街道\t1号")
	if err != nil || got != "成都市青白江区 大弯街道 1号" {
		t.Errorf("address = %q, %v", got, err)
	}
	// Issue 12: a void reason of 100,000 characters with a NUL.
	_, err = RuleVoidReason.Check(strings.Repeat("错", 99999) + "\x00")
	if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), "作废原因中有控制字符 U+0000") {
		t.Errorf("long reason with NUL: %v", err)
	}
	_, err = RuleVoidReason.Check(strings.Repeat("错", 100000))
	if ErrorCode(err) != EINVALID || ErrorMessage(err) != "作废原因过长（100000个字），最多200个字，请删减后重新输入" {
		t.Errorf("long reason: %v", err)
	}
	// Issue 12: an employer of 10,000 characters.
	_, err = RuleEmployer.Check(strings.Repeat("某", 10000))
	if ErrorCode(err) != EINVALID || ErrorMessage(err) != "工作单位过长（10000个字），最多60个字，请删减后重新输入" {
		t.Errorf("long employer: %v", err)
	}
	got, err = RulePaymentReference.Check(" 4200 0012\u200b3456 ")
	if err != nil || got != "420000123456" {
		t.Errorf("reference = %q, %v", got, err)
	}
}

// TestEmojiSequences: an address with a ZWJ emoji sequence (👨‍👩‍👧, trial
// 17) was refused as holding 看不见的字符 U+200D（零宽连字）, and deleting
// what it named would leave three emoji. A clerk types what the customer's
// paper says, and Chinese papers carry no emoji; the bundled fonts print
// none. So the sequence is refused, named whole, with the field, the
// invisible character and why. A lone emoji in a free-text line stays as
// before: saved, and flagged before printing (FindUnprintable); a joiner
// between letters keeps the plain message; a code field drops the joiner
// and refuses the emoji.
func TestEmojiSequences(t *testing.T) {
	family := "👨\u200d👩\u200d👧"
	for _, c := range []struct {
		name string
		rule Field
		in   string
		want string // the value saved, or
		msg  string // the whole message of the refusal
	}{
		{"family in an address", RuleAddress, "成都市青白江区" + family + "大弯街道1号", "",
			"地址中有表情符号“" + family + "”，其中带看不见的字符 U+200D（零宽连字）。证件和材料上没有表情符号，打印也印不出来：请删除它，按材料上的文字填写"},
		{"family alone in an employer", RuleEmployer, family, "",
			"工作单位中有表情符号“" + family + "”，其中带看不见的字符 U+200D（零宽连字）。证件和材料上没有表情符号，打印也印不出来：请删除它，按材料上的文字填写"},
		{"skin tone and joiner in a note", RuleItemNote, "已交👩🏽\u200d💻", "",
			"材料备注中有表情符号“👩🏽\u200d💻”，其中带看不见的字符 U+200D（零宽连字）。证件和材料上没有表情符号，打印也印不出来：请删除它，按材料上的文字填写"},
		{"red heart with U+FE0F in a reason", RuleVoidReason, "开错了❤\ufe0f", "",
			"作废原因中有表情符号“❤\ufe0f”，其中带看不见的字符 U+FE0F（变体选择符）。证件和材料上没有表情符号，打印也印不出来：请删除它，按材料上的文字填写"},
		{"family in a name", RuleCustomerName, "王" + family, "",
			"姓名中有表情符号“" + family + "”，其中带看不见的字符 U+200D（零宽连字）。证件和材料上没有表情符号，打印也印不出来：请删除它，按材料上的文字填写"},
		{"joiner between letters", RuleAddress, "王\u200d芳", "", "地址中有看不见的字符 U+200D（零宽连字），请删除后重新输入"},
		{"lone emoji in an address", RuleAddress, "大弯街道👍1号", "大弯街道👍1号", ""},
		{"family in a code", RulePaymentReference, family, "", "交易单号中不能有“👨”：只能有字母、数字和英文标点，请按单据上的号码填写"},
	} {
		got, err := c.rule.Check(c.in)
		if c.msg == "" {
			if err != nil || got != c.want {
				t.Errorf("%s: got %q, %v; want %q saved", c.name, got, err, c.want)
			}
			continue
		}
		if ErrorCode(err) != EINVALID || ErrorMessage(err) != c.msg || got != "" {
			t.Errorf("%s: got %q, %v\nwant %s", c.name, got, err, c.msg)
		}
	}
}

// TestIdentifiersDropInvisible is issue 12's example: an ID number with a
// zero-width space parses, where it was "应为18位，您输入了19位".
func TestIdentifiersDropInvisible(t *testing.T) {
	for _, c := range refusedInvisible {
		id, err := ParseID("11010519900307152X" + c.in)
		if err != nil || id.Number != "11010519900307152X" {
			t.Errorf("ParseID with %q: %+v, %v", c.in, id, err)
		}
		id, err = ParseID(c.in + "1101051990" + c.in + "0307152x")
		if err != nil || id.Number != "11010519900307152X" {
			t.Errorf("ParseID with %q inside: %+v, %v", c.in, id, err)
		}
		m, err := ParseMobile(c.in + "138" + c.in + "1234 5678" + c.in)
		if err != nil || m != "13812345678" {
			t.Errorf("ParseMobile with %q: %q, %v", c.in, m, err)
		}
		st, y, seq, ok := ParseReceiptNumber(c.in + "QB01-2026-000123" + c.in)
		if !ok || st != "QB01" || y != 2026 || seq != 123 {
			t.Errorf("ParseReceiptNumber with %q: %s %d %d %v", c.in, st, y, seq, ok)
		}
	}
	if got := StripInvisible("a\u200bb\U000E0101c\u00add"); got != "abcd" {
		t.Errorf("StripInvisible = %q", got)
	}
	// Visible characters are never dropped: a mobile with a letter is
	// still refused naming it.
	if _, err := ParseMobile("1381234567O"); !strings.Contains(ErrorMessage(err), "“O”不是数字") {
		t.Errorf("mobile with a letter: %v", err)
	}
}

func TestCustomerValidateUsesRules(t *testing.T) {
	base := func() *Customer {
		return &Customer{Name: "张三", IDNumber: "11010519900307152X", Mobile: "13812345678"}
	}
	for _, tt := range []struct {
		name string
		edit func(c *Customer)
		msg  string
	}{
		{"NUL in name", func(c *Customer) { c.Name = "张\x00三" }, "姓名中有控制字符 U+0000"},
		{"BOM in name", func(c *Customer) { c.Name = "\ufeff张三" }, "姓名中有看不见的字符 U+FEFF"},
		{"employer 10000", func(c *Customer) { c.Employer = strings.Repeat("某", 10000) }, "工作单位过长（10000个字），最多60个字"},
		{"address 101", func(c *Customer) { c.Address = strings.Repeat("路", 101) }, "地址过长（101个字），最多100个字"},
		{"origin RLO", func(c *Customer) { c.Origin = "人才\u202e市场" }, "户籍来源中有看不见的字符 U+202E"},
		{"address private use", func(c *Customer) { c.Address = "成都\ue000" }, "地址中有私用区字符 U+E000"},
	} {
		c := base()
		tt.edit(c)
		err := c.Validate()
		if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), tt.msg) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.msg)
		}
	}
	c := base()
	c.Name, c.IDNumber, c.Mobile = "买买提・艾力", "\u200b11010519900307152X", "138\ufeff12345678"
	c.Employer = "成都某某科技有限公司\n"
	if err := c.Validate(); err != nil || c.Name != "买买提·艾力" || c.IDNumber != "11010519900307152X" ||
		c.Mobile != "13812345678" || c.Employer != "成都某某科技有限公司" {
		t.Errorf("clean customer: %v %+v", err, c)
	}
}

// TestProsePunctuationKept is issue 18's "the customer's words verbatim": a
// complaint's "你们怎么回事？等了两个小时，还说材料不全！" was stored as
// "…?…,…!" because every field folded full-width punctuation. Each prose
// field (every KindText, and the KindLine fields marked Prose) keeps
// "，！？（）：" and the ideographic space inside as typed, still folds
// full-width digits and letters ("１２ＡＢ") and trims both ends; every other
// field (names, codes, choices, compared answers, strict OS names) still
// folds "－．１" as Normalize does.
func TestProsePunctuationKept(t *testing.T) {
	prose := map[string]bool{}
	for _, f := range []Field{RuleAddress, RuleEmployer, RuleOrigin, RuleBranchName, RulePayee,
		RuleBranchAddress, RuleItemNote, RuleAttemptNote, RuleLostPaidFor,
		RuleVoidReason, RuleCancelReason, RuleForfeitReason, RuleContactOutcome, RuleMoveReason,
		RuleScriptLine, RuleFollowUpAnswer, RuleImprove, RuleNewProblem, RuleLossStory, RuleRatingComment,
		RuleComplaintWords, RuleComplaintRequest, RuleStepAsked, RuleStepSaid, RuleComplaintAnswer, RuleReassignReason,
		RuleCategoryName} {
		prose[f.Name] = true
		in := "\u3000 １２ＡＢ号，！？（）：好\u3000了 \u3000"
		want := "12AB号，！？（）：好\u3000了"
		if got, err := f.Check(in); err != nil || got != want {
			t.Errorf("%s: Check(%q) = %q, %v; want %q", f.Name, in, got, err, want)
		}
		if got := f.Clean(in); got != want {
			t.Errorf("%s: Clean(%q) = %q; want %q", f.Name, in, got, want)
		}
	}
	words := "你们怎么回事？等了两个小时，还说材料不全！"
	if got, err := RuleComplaintWords.Check(words); err != nil || got != words {
		t.Errorf("complaint words = %q, %v; want them verbatim", got, err)
	}
	parsed := []struct {
		f    Field
		in   string
		want string
	}{
		{RulePaymentReference, "４２００－１２．１", "4200-12.1"},
		{RuleLegacyReceiptNumber, "ＱＢ－０１．１", "QB-01.1"},
		{RuleLostDocNumber, "ＱＢ－０１．１", "QB-01.1"},
		{RuleCallerPhone, "１３８－０００．１", "138-000.1"},
		{RuleContactChannel, "电话－１．", "电话-1."},
		{AnswerRule("答案"), "Ａ－１．", "A-1."},
		{RulePrinterName, "HP－１．", "HP-1."},
		{RuleBackupFolder, "D:＼备份－１．", "D:\\备份-1."},
		{RuleUserName, "柜员１", "柜员1"},
		{RuleCustomerName, "Ａｎｎａ－Ｍａｒｉａ", "Anna-Maria"},
	}
	for _, tc := range parsed {
		if prose[tc.f.Name] {
			t.Errorf("%s is listed both as prose and as parsed", tc.f.Name)
		}
		if got, err := tc.f.Check(tc.in); err != nil || got != tc.want {
			t.Errorf("%s: Check(%q) = %q, %v; want %q", tc.f.Name, tc.in, got, err, tc.want)
		}
	}
	// Every rule of the program is in one list or the other.
	for _, f := range TextRules {
		if f.prose() != prose[f.Name] {
			t.Errorf("%s: prose() = %v, not as this test lists it", f.Name, f.prose())
		}
	}
}

// TestBreakLines_FullWidthPunctuationKept: now that prose keeps "，", "！"
// and "？", the printed forms and the screens' wrapping must not start a
// line with them (禁则); the character before comes down with it.
func TestBreakLines_FullWidthPunctuationKept(t *testing.T) {
	for _, c := range "，！？）：；。" {
		text := "一二三四五" + string(c) + "六七八"
		got := BreakLines(text, 10, cols)
		want := []string{"一二三四", "五" + string(c) + "六七八"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: got %q, want %q", text, got, want)
		}
	}
	got := BreakLines("你们怎么回事？等了两个小时，还说材料不全！", 12, cols)
	for _, l := range got {
		if r, _ := utf8.DecodeRuneInString(l); strings.ContainsRune("，！？", r) {
			t.Errorf("line %q of %q starts with full-width punctuation", l, got)
		}
	}
}
