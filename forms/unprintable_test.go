package forms

import "testing"

func TestUnprintableCodePoint(t *testing.T) {
	for _, c := range []struct {
		r    rune
		want string
	}{
		{0x30EDD, "U+30EDD"}, // 𰻞, Extension G
		{0x2A6A5, "U+2A6A5"}, // the example
		{0x20BB7, "U+20BB7"}, // 𠮷
		{0x4DAE, "U+4DAE"},   // 䶮, four digits
		{0xE9, "U+00E9"},     // at least four digits
		{0xFFFD, "U+FFFD"},
		{0x10FFFF, "U+10FFFF"},
	} {
		u := Unprintable{Rune: c.r, Field: "姓名", Position: 2}
		if got := u.CodePoint(); got != c.want {
			t.Errorf("CodePoint(%#x) = %q, want %q", c.r, got, c.want)
		}
	}
}
