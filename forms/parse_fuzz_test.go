package forms

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// Fuzz targets for what a clerk types or a file brings (issue 17, "Hostile
// input"), beside those in id_test.go, mobile_test.go and money_test.go.
// Each checks properties, not only that nothing panics. scripts/test.sh
// runs every target for 20 s; an input that once failed stays in
// testdata/fuzz/<Name>/ and runs with the regular tests.
// Run one: go test ./forms -run '^$' -fuzz '^FuzzMasks$'

// FuzzMasks: the masks shown in lists keep the text's length in characters
// for any input (MaskMobile: any input ParseMobile refuses), never show
// more than 4 of an ID number's characters past its first 4, and never
// panic. FuzzParseID, FuzzParseMobile, FuzzParseMoney and FuzzCapitals
// (id_test.go, mobile_test.go, money_test.go) check the parsers' round
// trips and the capitals against a reference reader.
func FuzzMasks(f *testing.F) {
	for _, s := range []string{
		"", "1", "1234", "12345", "11010519491231002X", "13800138000", "+86 138-0013-8000", "张𰻞", "\u200e١٢٣٤٥\u200f",
		"😀😀😀😀😀", "\x00\x01\x02\x03\x04", "\xff\xfe\xfd", strings.Repeat("号", 10000),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := utf8.RuneCountInString(s)
		m := MaskID(s)
		if utf8.RuneCountInString(m) != n {
			t.Fatalf("MaskID(%q) = %q: %d characters, want %d", s, m, utf8.RuneCountInString(m), n)
		}
		if shown := n - strings.Count(m, "*"); shown > 8 || (n != idLength && shown > 4) {
			// Input holding '*' itself only shows fewer characters.
			if !strings.Contains(s, "*") {
				t.Fatalf("MaskID(%q) = %q shows %d characters", s, m, shown)
			}
		}
		if _, err := ParseMobile(s); err != nil {
			if ErrorCode(err) != EINVALID || !strings.ContainsFunc(ErrorMessage(err), func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
				t.Fatalf("ParseMobile(%q): %v is not a Chinese EINVALID refusal", s, err)
			}
			if mm := MaskMobile(s); utf8.RuneCountInString(mm) != n {
				t.Fatalf("MaskMobile(%q) = %q: %d characters, want %d", s, mm, utf8.RuneCountInString(mm), n)
			}
		}
		if _, err := ParseID(s); err != nil && !strings.ContainsFunc(ErrorMessage(err), func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			t.Fatalf("ParseID(%q): message %q is not Chinese", s, ErrorMessage(err))
		}
	})
}

func FuzzParseCatalogue(f *testing.F) {
	if data, err := os.ReadFile("../assets/catalogue.json"); err == nil {
		f.Add(data)
		f.Add(data[:len(data)/2])
	}
	f.Add([]byte(`{"services":[]}`))
	f.Add([]byte(`{"services":[{"code":"x"}]}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`[`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCatalogue(data)
		if err != nil {
			var fe *Error
			if !errors.As(err, &fe) || fe.Message == "" {
				t.Fatalf("ParseCatalogue: error %v is not a *forms.Error with a message", err)
			}
			return
		}
		// What was accepted writes out and reads back the same.
		out, err := json.Marshal(c)
		if err != nil {
			t.Fatalf("marshal an accepted catalogue: %v", err)
		}
		c2, err := ParseCatalogue(out)
		if err != nil {
			t.Fatalf("an accepted catalogue, written out, is refused: %v\n%s", err, out)
		}
		out2, err := json.Marshal(c2)
		if err != nil || string(out2) != string(out) {
			t.Fatalf("an accepted catalogue changes when read back:\n%s\n%s", out, out2)
		}
	})
}

// TestFuzzTargetsInCI: every Go fuzz target of the repository is listed in
// the fuzz step of scripts/test.sh, so a new one is not left out of CI.
func TestFuzzTargetsInCI(t *testing.T) {
	script, err := os.ReadFile("../scripts/test.sh")
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, pkg := range []string{"forms", "store", "printing", "ui", "cmd/counterdesk", "cmd/hqdesk"} {
		m, _ := filepath.Glob(filepath.Join("..", pkg, "*_test.go"))
		files = append(files, m...)
	}
	re := regexp.MustCompile(`(?m)^func (Fuzz\w+)\(f \*testing\.F\)`)
	n := 0
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(data), -1) {
			n++
			pkg := "./" + filepath.ToSlash(filepath.Dir(strings.TrimPrefix(p, "../")))
			if !strings.Contains(string(script), `"`+pkg+" "+m[1]+`"`) {
				t.Errorf("%s (%s) is not in scripts/test.sh's fuzz step", m[1], p)
			}
		}
	}
	if n < 11 {
		t.Fatalf("found only %d fuzz targets", n)
	}
}
