package printing

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImports checks the room's rule: printing imports only the standard
// library, forms, assets, the PDF library (and golang.org/x/sys on
// Windows) — never the store or the UI toolkit.
func TestImports(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go command not found")
	}
	allowed := []string{"counterdesk/forms", "counterdesk/assets", "codeberg.org/go-pdf/fpdf", "golang.org/x/sys/"}
	for _, goos := range []string{"linux", "windows", "darwin"} {
		cmd := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", ".")
		cmd.Env = append(cmd.Environ(), "GOOS="+goos, "CGO_ENABLED=0")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go list (GOOS=%s): %v\n%s", goos, err, out)
		}
	deps:
		for _, dep := range strings.Fields(string(out)) {
			if dep == "counterdesk/printing" {
				continue
			}
			for _, a := range allowed {
				if dep == a || strings.HasPrefix(dep, a) {
					continue deps
				}
			}
			t.Errorf("GOOS=%s: printing depends on %s", goos, dep)
		}
	}
}
