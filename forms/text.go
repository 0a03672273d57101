package forms

// The rules for text a clerk types or pastes. Every text field of the
// program has one: what characters it may hold and how long it may be, so
// that a name cannot carry a NUL or a right-to-left override and a reason
// cannot be a hundred thousand characters long. Identifiers (ID, mobile,
// receipt and case numbers) drop the invisible characters copy-paste brings
// along; every other field refuses them with a message that names the
// character by its code point, since the clerk cannot see it.

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TextKind is the class of characters a text field allows.
type TextKind int

// The kinds of text field.
const (
	// KindName is a person's name: letters of any script (all CJK
	// ideographs, Extensions A–F included, so 𠮷 U+20BB7 is fine), combining
	// marks after a letter, single spaces between parts (Latin names), the
	// middle dot · U+00B7 of transliterated names (・ U+30FB, • U+2022 and
	// the other dot look-alikes become ·), the full stop of an initial, and
	// the hyphen and apostrophe of foreign names (’ becomes '). Digits and
	// other symbols are refused.
	KindName TextKind = iota
	// KindUserName is a log-in name: a name's characters, and also digits
	// and the underscore (柜员1, clerk_2).
	KindUserName
	// KindLine is one line of free text (employer, address, origin):
	// printable characters of any script; a tab or line break pasted into
	// it becomes a space.
	KindLine
	// KindText is free text that may have several lines (reasons, the
	// outcome of a contact): printable characters and ordinary line breaks
	// (CR LF and CR become LF); a tab becomes a space.
	KindText
	// KindCode is an identifier written on paper or by a payment app (a
	// transaction reference, a paper receipt's number): letters, digits and
	// ASCII punctuation. White space and invisible characters are dropped,
	// as for ID and mobile numbers.
	KindCode
)

// Field is the rule of one text field: its Chinese name as the screen
// labels it (used in every message), the kind of characters it allows, and
// its maximum length in characters (runes, not bytes). A Required field
// may not be empty; Empty, when set, is the message for an empty value
// (otherwise "请填写<Name>"). A Strict line refuses a tab or line break as
// a control character instead of turning it into a space: its value is
// handed to another program (a printer name, a folder path), where a
// changed character would name something else. A Prose line (an address,
// a place's name, a note) keeps full-width punctuation as typed, as every
// KindText field does (NormalizeText); other fields fold it (Normalize),
// because their values are compared, searched or chosen from a list.
type Field struct {
	Name     string
	Kind     TextKind
	Max      int
	Required bool
	Empty    string
	Strict   bool
	Prose    bool
}

// The text fields of the program and their rules. Lengths are in
// characters: a Chinese character counts as one.
var (
	// RuleCustomerName is a customer's name: 40 characters is room for a
	// long transliterated name (阿卜杜热合曼·买买提艾力).
	RuleCustomerName = Field{Name: "姓名", Kind: KindName, Max: 40, Required: true}
	// RuleUserName is a user's log-in name, also printed on documents.
	RuleUserName = Field{Name: "用户姓名", Kind: KindUserName, Max: 30, Required: true}
	// RuleAddress is a customer's address: a mainland address with
	// building and room rarely passes 60 characters; 100 leaves room and
	// still fits the printed forms on two lines.
	RuleAddress = Field{Name: "地址", Kind: KindLine, Max: 100, Prose: true}
	// RuleEmployer is a customer's employer (工作单位): registered company
	// names are at most about 50 characters.
	RuleEmployer = Field{Name: "工作单位", Kind: KindLine, Max: 60, Prose: true}
	// RuleOrigin is where a customer's household registration came from.
	RuleOrigin = Field{Name: "户籍来源", Kind: KindLine, Max: 60, Prose: true}
	// RuleVoidReason is why a supervisor voids a receipt.
	RuleVoidReason = Field{Name: "作废原因", Kind: KindText, Max: 200, Required: true}
	// RuleCancelReason is why a case is cancelled.
	RuleCancelReason = Field{Name: "取消原因", Kind: KindText, Max: 200, Required: true}
	// RuleForfeitReason is why a deposit is forfeited.
	RuleForfeitReason = Field{Name: "没收原因", Kind: KindText, Max: 200, Required: true}
	// RuleContactChannel is how a customer was contacted (电话, 短信, …).
	RuleContactChannel = Field{Name: "联系方式", Kind: KindLine, Max: 20, Required: true,
		Empty: "请选择联系方式（电话、短信、上门或信函）"}
	// RuleContactOutcome is what came of an attempt to reach a customer.
	RuleContactOutcome = Field{Name: "联系结果", Kind: KindText, Max: 200, Required: true,
		Empty: "请填写联系结果，例如“无人接听”“答应某日归还”"}
	// RuleBranchName is the branch's full name, printed on every document.
	RuleBranchName = Field{Name: "网点全称", Kind: KindLine, Max: 60, Required: true, Prose: true,
		Empty: "请填写网点全称，它会印在每一份文书上"}
	// RulePayee is the payee (收款单位) printed on every receipt.
	RulePayee = Field{Name: "收款单位", Kind: KindLine, Max: 60, Required: true, Prose: true,
		Empty: "请填写收款单位，它会印在每一张收据上"}
	// RuleBranchAddress is the branch's address as documents print it.
	RuleBranchAddress = Field{Name: "网点地址", Kind: KindLine, Max: 100, Prose: true}
	// RulePaymentReference is the transaction reference of a card or
	// mobile payment (WeChat and Alipay references have 28–32 characters).
	RulePaymentReference = Field{Name: "交易单号", Kind: KindCode, Max: 64}
	// RuleLegacyReceiptNumber is the number on a paper receipt written
	// before Counter Desk.
	RuleLegacyReceiptNumber = Field{Name: "收据号", Kind: KindCode, Max: 40, Required: true,
		Empty: "请填写纸质收据上的收据号"}
	// RuleMoveReason is why the date a paper was promised by (容缺) is
	// moved; a date moves once, so the reason is kept with the paper.
	RuleMoveReason = Field{Name: "改期原因", Kind: KindText, Max: 200, Required: true,
		Empty: "请填写改期原因，例如“单位盖章需要时间”"}
	// RuleItemNote is a note on one required paper of a case.
	RuleItemNote = Field{Name: "材料备注", Kind: KindLine, Max: 200, Prose: true}
	// RulePrinterName is a printer's name as the operating system shows
	// it (the store also refuses a quote, which would break the command).
	RulePrinterName = Field{Name: "打印机名称", Kind: KindLine, Max: 200, Strict: true}
	// RuleBackupFolder is the full path of the second backup folder.
	RuleBackupFolder = Field{Name: "备份文件夹路径", Kind: KindLine, Max: 500, Strict: true}
)

// TextRules lists every rule above, for tests and documentation.
var TextRules = []Field{
	RuleCustomerName, RuleUserName, RuleAddress, RuleEmployer, RuleOrigin,
	RuleVoidReason, RuleCancelReason, RuleForfeitReason, RuleContactChannel, RuleContactOutcome,
	RuleBranchName, RulePayee, RuleBranchAddress, RulePaymentReference, RuleLegacyReceiptNumber,
	RuleItemNote, RuleMoveReason, RulePrinterName, RuleBackupFolder, AnswerRule("答案"),
}

// AnswerRule returns the rule of a free-text answer to a service's
// question with the label: one line of at most 500 characters, named
// 问题“label”的回答 in messages.
func AnswerRule(label string) Field {
	return Field{Name: "问题“" + label + "”的回答", Kind: KindLine, Max: 500}
}

// invisibleNames are the invisible format characters copy-paste brings
// along (from web pages, Word, WeChat, right-to-left text), with their
// Chinese names for the messages. Variation selectors are told by range,
// see InvisibleName.
var invisibleNames = map[rune]string{
	0x00AD: "软连字符",
	0x034F: "组合字形连接符",
	0x180E: "蒙古文元音分隔符",
	0x200B: "零宽空格",
	0x200C: "零宽不连字",
	0x200D: "零宽连字",
	0x200E: "从左到右标记",
	0x200F: "从右到左标记",
	0x202A: "从左到右嵌入",
	0x202B: "从右到左嵌入",
	0x202C: "方向格式结束",
	0x202D: "从左到右强制",
	0x202E: "从右到左强制",
	0x2060: "词连接符",
	0x2061: "不可见函数符",
	0x2062: "不可见乘号",
	0x2063: "不可见分隔符",
	0x2064: "不可见加号",
	0x2066: "从左到右隔离",
	0x2067: "从右到左隔离",
	0x2068: "首强隔离",
	0x2069: "方向隔离结束",
	0xFEFF: "字节顺序标记",
}

// InvisibleName returns the Chinese name of an invisible format character
// and true, or "" and false when r is not one: the characters of
// invisibleNames, the variation selectors U+FE00–U+FE0F and
// U+E0100–U+E01EF, and the tag characters U+E0000–U+E007F.
func InvisibleName(r rune) (string, bool) {
	if n, ok := invisibleNames[r]; ok {
		return n, true
	}
	switch {
	case r >= 0xFE00 && r <= 0xFE0F, r >= 0xE0100 && r <= 0xE01EF:
		return "变体选择符", true
	case r >= 0xE0000 && r <= 0xE007F:
		return "标签字符", true
	}
	return "", false
}

// StripInvisible returns s without the invisible format characters that
// InvisibleName knows. Identifiers are cleaned with it: an ID number pasted
// with a zero-width space is the same number.
func StripInvisible(s string) string {
	return strings.Map(func(r rune) rune {
		if _, ok := InvisibleName(r); ok {
			return -1
		}
		return r
	}, s)
}

// textReplacer maps the look-alikes of the characters a name may hold to
// them: dots to the middle dot U+00B7, dashes to the hyphen-minus,
// typographic apostrophes to the ASCII apostrophe.
func nameLookalike(r rune) rune {
	switch r {
	case 0x30FB, 0xFF65, 0x2022, 0x2027, 0x2219, 0x22C5, 0x2E31, 0x00B7, 0x0387, 0x318D:
		return '·'
	case 0x2010, 0x2011, 0x2012, 0x2013, 0x2212, 0xFE63:
		return '-'
	case 0x2019, 0x2018, 0x02BC, 0x02B9, 0x2032:
		return '\''
	}
	return r
}

// Check normalises s by the field's rule and checks it. The value is
// normalised as everywhere (Normalize: full-width ASCII to half-width, the
// ideographic space to a space, ends trimmed; for prose NormalizeText, which
// folds only full-width digits and letters and keeps punctuation and the
// ideographic space as typed), then by kind: a name's inner
// white space becomes single spaces, code points become their letters
// (DecodeCodePoints), and dot, dash and apostrophe
// look-alikes become ·, - and '; a line's tabs and line breaks become
// spaces; a text's CR LF and CR become LF; a code loses its white space and
// invisible characters. Check then refuses, with an EINVALID error whose
// Chinese message names the field, the character (by code point when it
// cannot be seen) and the fix: invalid UTF-8; U+FFFD (text garbled
// elsewhere); invisible format characters; other control and format
// characters; private-use and unassigned code points; in a name, text
// that looks like a code point but names no letter (U+110000), naming it
// and the right form; characters the kind
// does not allow; an empty required value; and more than Max characters.
// It returns the normalised value.
func (f Field) Check(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", Errorf(EINVALID, "%s中有无法识别的文字编码（乱码），请删除后重新输入", f.Name)
	}
	s = f.normalize(s)
	if s == "" {
		if f.Required {
			if f.Empty != "" {
				return "", Errorf(EINVALID, "%s", f.Empty)
			}
			return "", Errorf(EINVALID, "请填写%s", f.Name)
		}
		return "", nil
	}
	if f.Kind == KindName || f.Kind == KindUserName {
		if typo, reason, hint, ok := codePointTypo(s); ok {
			msg := fmt.Sprintf("%s中的“%s”%s：请输入 U+ 加 4–6 位十六进制数字（如 U+20BB7）或 &#x20BB7;", f.Name, typo, reason)
			if hint != "" {
				msg += "（" + hint + "）"
			}
			return "", Errorf(EINVALID, "%s", msg)
		}
	}
	if seq, r, ok := emojiSequence(s); ok {
		name, _ := InvisibleName(r)
		return "", Errorf(EINVALID, "%s中有表情符号“%s”，其中带看不见的字符 %s（%s）。证件和材料上没有表情符号，打印也印不出来：请删除它，按材料上的文字填写",
			f.Name, seq, codePoint(r), name)
	}
	prevLetter := false
	letters := 0
	for _, r := range s {
		if err := f.checkRune(r, prevLetter); err != nil {
			return "", err
		}
		isLetter := isLetter(r)
		if isLetter {
			letters++
		}
		prevLetter = isLetter || (prevLetter && unicode.Is(unicode.M, r))
	}
	if f.Kind == KindName && letters == 0 {
		return "", Errorf(EINVALID, "%s中没有文字，请填写姓名", f.Name)
	}
	if n := utf8.RuneCountInString(s); n > f.Max {
		return "", Errorf(EINVALID, "%s过长（%d个字），最多%d个字，请删减后重新输入", f.Name, n, f.Max)
	}
	return s, nil
}

// Clean returns s normalised as Check would store it, without checking it:
// for looking up what was stored (a user by the name typed at log-in).
func (f Field) Clean(s string) string { return f.normalize(s) }

// prose says whether the field holds prose, whose full-width punctuation is
// kept as typed: every KindText field and the KindLine fields marked Prose.
func (f Field) prose() bool {
	return f.Kind == KindText || (f.Kind == KindLine && f.Prose && !f.Strict)
}

// normalize applies Normalize (NormalizeText for prose) and the kind's own
// normalisation.
func (f Field) normalize(s string) string {
	if f.prose() {
		s = NormalizeText(s)
	} else {
		s = Normalize(s)
	}
	switch f.Kind {
	case KindName, KindUserName:
		s = strings.Join(strings.Fields(strings.Map(nameLookalike, DecodeCodePoints(s))), " ")
	case KindLine:
		if f.Strict {
			break
		}
		s = strings.Map(func(r rune) rune {
			switch r {
			case '\t', '\r', '\n', 0x2028, 0x2029, 0x0085:
				return ' '
			}
			return r
		}, s)
	case KindText:
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.Map(func(r rune) rune {
			switch r {
			case '\r', 0x2028, 0x2029, 0x0085:
				return '\n'
			case '\t':
				return ' '
			}
			return r
		}, s)
	case KindCode:
		s = strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return -1
			}
			return r
		}, StripInvisible(s))
	}
	return strings.TrimSpace(s)
}

// checkRune refuses a character the field does not allow. prevLetter says
// whether the character before is a letter (or a mark on one), which a
// combining mark in a name needs.
func (f Field) checkRune(r rune, prevLetter bool) error {
	switch {
	case r == utf8.RuneError:
		return Errorf(EINVALID, "%s中有乱码字符 U+FFFD（�），多半是从别处复制时文字编码出错，请删除后重新输入", f.Name)
	case r == '\n' && f.Kind == KindText:
		return nil
	}
	if name, ok := InvisibleName(r); ok {
		return Errorf(EINVALID, "%s中有看不见的字符 %s（%s），请删除后重新输入", f.Name, codePoint(r), name)
	}
	switch {
	case unicode.IsControl(r):
		return Errorf(EINVALID, "%s中有控制字符 %s（看不见，多半是复制粘贴带来的），请删除后重新输入", f.Name, codePoint(r))
	case unicode.Is(unicode.Cf, r):
		return Errorf(EINVALID, "%s中有看不见的格式字符 %s，请删除后重新输入", f.Name, codePoint(r))
	case unicode.Is(unicode.Co, r):
		return Errorf(EINVALID, "%s中有私用区字符 %s（自造字，其他电脑无法正确显示和打印），请改用标准汉字后重新输入", f.Name, codePoint(r))
	case unicode.Is(unicode.Cs, r):
		return Errorf(EINVALID, "%s中有无效的字符 %s，请删除后重新输入", f.Name, codePoint(r))
	case unicode.Is(unicode.Zl, r), unicode.Is(unicode.Zp, r), !unicode.IsGraphic(r) && !isNewerHan(r):
		return Errorf(EINVALID, "%s中有无法识别的字符 %s（Unicode中未定义），请删除后重新输入", f.Name, codePoint(r))
	}
	switch f.Kind {
	case KindName, KindUserName:
		switch {
		case isLetter(r), r == ' ', r == '·', r == '.', r == '-', r == '\'':
			return nil
		case unicode.Is(unicode.M, r):
			if prevLetter {
				return nil
			}
			return Errorf(EINVALID, "%s中有不能单独出现的附加符号 %s，请删除后重新输入", f.Name, codePoint(r))
		case f.Kind == KindUserName && (isASCIIDigit(r) || r == '_'):
			return nil
		case f.Kind == KindUserName:
			return Errorf(EINVALID, "%s中不能有符号“%c”：只能用文字、数字、空格和 · - _ . '，请修改", f.Name, r)
		}
		return Errorf(EINVALID, "%s中不能有数字或符号“%c”，请只填写姓名", f.Name, r)
	case KindCode:
		if isLetter(r) || unicode.IsDigit(r) || (r < utf8.RuneSelf && unicode.IsPunct(r)) || (r < utf8.RuneSelf && unicode.IsSymbol(r)) {
			return nil
		}
		return Errorf(EINVALID, "%s中不能有“%c”：只能有字母、数字和英文标点，请按单据上的号码填写", f.Name, r)
	}
	return nil
}

// emojiSequence finds the first emoji sequence in s that an invisible
// character holds together: a zero-width joiner U+200D or a variation
// selector U+FE0E/U+FE0F next after a symbol (👨‍👩‍👧 is 👨 U+200D 👩 U+200D
// 👧; ❤️ is ❤ U+FE0F). It returns the whole sequence, the first such
// invisible character in it, and true; "", 0 and false when there is none.
// A joiner between letters (some scripts use it) is no emoji sequence.
// Check refuses such a sequence by name, not only its invisible character:
// deleting the character the plain message names would leave three emoji.
func emojiSequence(s string) (string, rune, bool) {
	rs := []rune(s)
	part := func(r rune) bool {
		return isEmojiSymbol(r) || r == 0x200D || r == 0xFE0E || r == 0xFE0F
	}
	for i := 1; i < len(rs); i++ {
		if (rs[i] != 0x200D && rs[i] != 0xFE0E && rs[i] != 0xFE0F) || !isEmojiSymbol(rs[i-1]) {
			continue
		}
		start, end := i-1, i+1
		for start > 0 && part(rs[start-1]) {
			start--
		}
		for end < len(rs) && part(rs[end]) {
			end++
		}
		return string(rs[start:end]), rs[i], true
	}
	return "", 0, false
}

// isEmojiSymbol reports whether r can start or continue an emoji: a symbol
// (category So, which holds the emoji and the regional indicators) or one
// of the skin-tone modifiers U+1F3FB–U+1F3FF (category Sk).
func isEmojiSymbol(r rune) bool {
	return unicode.Is(unicode.So, r) || (r >= 0x1F3FB && r <= 0x1F3FF)
}

// isNewerHan reports whether r is a CJK ideograph of a Unicode version
// newer than Go's tables (15.0): Extension I U+2EBF0–U+2EE5D (Unicode
// 15.1) and Extension J U+323B0–U+3347F (Unicode 17.0). People are named
// with them; the fonts may lack them, which FindUnprintable flags.
func isNewerHan(r rune) bool {
	return (r >= 0x2EBF0 && r <= 0x2EE5D) || (r >= 0x323B0 && r <= 0x3347F)
}

// isLetter is unicode.IsLetter, with the ideographs of isNewerHan.
func isLetter(r rune) bool { return unicode.IsLetter(r) || isNewerHan(r) }

// codePoint writes a character's code point as U+XXXX.
func codePoint(r rune) string {
	return fmt.Sprintf("U+%04X", r)
}
