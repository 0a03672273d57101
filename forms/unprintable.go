package forms

// Unprintable is one character of a text that no bundled font has: it
// prints as the placeholder box, and the warning shows it large with its
// code point and position, so the clerk knows which character to write in
// by hand. printing.FindUnprintable finds them.
type Unprintable struct {
	Rune     rune
	Field    string // the field's Chinese name, e.g. "姓名"
	Position int    // 1-based character position in the field's text (characters, not bytes)
}

// CodePoint returns the character's code point as written in Unicode
// charts and typed in the name fields: "U+" and at least 4 upper-case hex
// digits ("U+30EDD", "U+4DAE", "U+00E9"), as codePoint writes it.
func (u Unprintable) CodePoint() string {
	return codePoint(u.Rune)
}
