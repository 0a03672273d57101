// Package counterdesk_test checks the rules of the house: which package may
// import which (ARCHITECTURE.md), on the non-test build.
package counterdesk_test

import (
	"os/exec"
	"strings"
	"testing"
)

// allowed lists, per package, the module-internal packages and the
// outside module prefixes its non-test build may depend on. The standard
// library is always allowed. The store reaches github.com/xuri/ (excelize),
// github.com/richardlehane/ and github.com/tiendc/go-deepcopy to read the
// Excel member lists a branch imports (store/memberfile.go), and
// filippo.io/ (age) to encrypt the export to head office. go-pinyin reads names for the pinyin search.
var allowed = map[string][]string{
	"counterdesk/forms":    {},
	"counterdesk/assets":   {},
	"counterdesk/store":    {"counterdesk/forms", "modernc.org/", "github.com/google/uuid", "golang.org/x/", "github.com/dustin/go-humanize", "github.com/mattn/go-isatty", "github.com/ncruces/go-strftime", "github.com/remyoudompheng/bigfft", "github.com/xuri/", "github.com/richardlehane/", "github.com/tiendc/go-deepcopy", "filippo.io/", "github.com/mozillazg/go-pinyin"},
	"counterdesk/printing": {"counterdesk/forms", "counterdesk/assets", "codeberg.org/go-pdf/fpdf", "golang.org/x/sys"},
	"counterdesk/ui":       {"counterdesk/forms", "counterdesk/assets", "fyne.io/", "github.com/", "golang.org/x/", "gopkg.in/"},
	// hqdesk (head office) is wiring over the store's export format and a
	// database: no UI, no printing, nothing that needs cgo (go-gl).
	"counterdesk/cmd/hqdesk": {"counterdesk/forms", "counterdesk/store", "modernc.org/", "github.com/", "golang.org/x/", "filippo.io/", "gopkg.in/"},
}

// forbidden lists what a package must never reach, even indirectly.
var forbidden = map[string][]string{
	"counterdesk/forms":      {"fyne.io/", "database/sql", "codeberg.org/go-pdf/fpdf"},
	"counterdesk/assets":     {"fyne.io/", "counterdesk/"},
	"counterdesk/store":      {"fyne.io/", "counterdesk/ui", "counterdesk/printing", "codeberg.org/go-pdf/fpdf"},
	"counterdesk/printing":   {"fyne.io/", "database/sql", "counterdesk/store", "counterdesk/ui"},
	"counterdesk/ui":         {"counterdesk/store", "counterdesk/printing", "database/sql", "codeberg.org/go-pdf/fpdf"},
	"counterdesk/cmd/hqdesk": {"fyne.io/", "counterdesk/ui", "counterdesk/printing", "github.com/go-gl/"},
}

func deps(t *testing.T, pkg string) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", pkg).CombinedOutput()
	if err != nil {
		t.Fatalf("go list %s: %v\n%s", pkg, err, out)
	}
	var list []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if l != "" && l != pkg {
			list = append(list, l)
		}
	}
	return list
}

func TestImportRules(t *testing.T) {
	for pkg, allow := range allowed {
		t.Run(pkg, func(t *testing.T) {
			for _, d := range deps(t, pkg) {
				for _, f := range forbidden[pkg] {
					if strings.HasPrefix(d, f) {
						t.Errorf("%s depends on %s, which it must not", pkg, d)
					}
				}
				ok := strings.HasPrefix(d, "internal/") || strings.HasPrefix(d, "vendor/")
				for _, a := range allow {
					if strings.HasPrefix(d, a) {
						ok = true
					}
				}
				if !ok {
					t.Errorf("%s depends on %s, which the import rules do not allow", pkg, d)
				}
			}
		})
	}
}

// TestImportRulesCatchViolations proves the check can fail: the UI really
// does reach fyne, which forms must not.
func TestImportRulesCatchViolations(t *testing.T) {
	found := false
	for _, d := range deps(t, "counterdesk/ui") {
		if strings.HasPrefix(d, "fyne.io/") {
			found = true
		}
	}
	if !found {
		t.Fatal("go list -deps did not report fyne for the ui package; the import rule check sees nothing")
	}
}
