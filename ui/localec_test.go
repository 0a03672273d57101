package ui

import (
	"bytes"
	"log"
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"
)

// TestLocaleC_NoError: with the POSIX default locale (LANG=C, as on a
// server or in a scheduled task's shell) Fyne logged "Error parsing user
// locale C" at every start and every CLI command. C names no language; the
// fork (third_party/fyne.patch) takes it as no choice.
func TestLocaleC_NoError(t *testing.T) {
	for _, c := range []string{"C", "POSIX", "C.UTF-8"} {
		t.Run(c, func(t *testing.T) {
			t.Setenv("LANGUAGE", "")
			t.Setenv("LC_ALL", c)
			t.Setenv("LC_MESSAGES", c)
			t.Setenv("LANG", c)
			var buf bytes.Buffer
			old := log.Writer()
			log.SetOutput(&buf)
			defer log.SetOutput(old)
			loc := lang.SystemLocale()
			if err := lang.AddTranslationsForLocale([]byte(`{"x": "x"}`), loc); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(buf.String(), "locale") {
				t.Errorf("LANG=%s logged:\n%s", c, buf.String())
			}
			if loc.LanguageString() != "en" {
				t.Errorf("LANG=%s: system locale %q, want en", c, loc)
			}
		})
	}
}
