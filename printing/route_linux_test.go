//go:build linux

package printing

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// fakeBin puts fake lp and xdg-open scripts (when given) on PATH; each
// records its arguments, one per line, in <name>.args next to it.
func fakeBin(t *testing.T, lp, xdgOpen string) string {
	t.Helper()
	bin := t.TempDir()
	for name, body := range map[string]string{"lp": lp, "xdg-open": xdgOpen} {
		if body == "" {
			continue
		}
		script := "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$0.args\"\n" + body + "\n"
		if err := os.WriteFile(filepath.Join(bin, name), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", bin)
	return bin
}

func recorded(t *testing.T, bin, name string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(bin, name+".args"))
	if err != nil {
		return nil
	}
	return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
}

func linuxPDF(t *testing.T) string {
	t.Helper()
	pdf := filepath.Join(t.TempDir(), "打印 文件", "收据 1.pdf")
	if err := os.MkdirAll(filepath.Dir(pdf), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return pdf
}

func TestRouteLP(t *testing.T) {
	pdf := linuxPDF(t)
	for _, tc := range []struct {
		printer string
		want    []string
	}{
		{"", []string{pdf}},
		{"HP_LaserJet_前台", []string{"-d", "HP_LaserJet_前台", pdf}},
	} {
		bin := fakeBin(t, "exit 0", "exit 0")
		r := BestRoute(tc.printer)
		if r.Kind != KindLP || r.Program != filepath.Join(bin, "lp") {
			t.Fatalf("BestRoute(%q) = %+v, want lp", tc.printer, r)
		}
		if err := Print(pdf, tc.printer); err != nil {
			t.Fatalf("Print(%q): %v", tc.printer, err)
		}
		if got := recorded(t, bin, "lp"); !slices.Equal(got, tc.want) {
			t.Errorf("Print(%q): lp got %q, want %q", tc.printer, got, tc.want)
		}
		if got := recorded(t, bin, "xdg-open"); got != nil {
			t.Errorf("Print(%q) also opened the viewer: %q", tc.printer, got)
		}
		if got := Route(); !strings.HasPrefix(got, "lp 打印") || !strings.Contains(got, filepath.Join(bin, "lp")) {
			t.Errorf("Route() = %q", got)
		}
	}
}

func TestRouteLPFailsOpensViewer(t *testing.T) {
	pdf := linuxPDF(t)
	bin := fakeBin(t, "echo 'lp: The printer or class does not exist.' >&2; exit 1", "exit 0")
	err := Print(pdf, "nosuch")
	if !errors.Is(err, ErrOpenedInstead) || !strings.Contains(err.Error(), "The printer or class does not exist") {
		t.Fatalf("Print = %v, want ErrOpenedInstead", err)
	}
	if got := recorded(t, bin, "xdg-open"); !slices.Equal(got, []string{pdf}) {
		t.Errorf("xdg-open got %q, want %q", got, pdf)
	}
}

func TestRouteLPAndViewerFail(t *testing.T) {
	pdf := linuxPDF(t)
	fakeBin(t, "exit 1", "exit 4")
	err := Print(pdf, "")
	if err == nil || errors.Is(err, ErrOpenedInstead) {
		t.Fatalf("Print = %v, want an error: neither printer nor viewer took it", err)
	}
}

func TestRouteNoLPOpensViewer(t *testing.T) {
	pdf := linuxPDF(t)
	bin := fakeBin(t, "", "exit 0")
	if r := BestRoute(""); r.Kind != KindViewer {
		t.Fatalf("BestRoute = %+v, want the viewer", r)
	}
	if got := Route(); got != noDirect {
		t.Errorf("Route() = %q, want %q", got, noDirect)
	}
	if err := Print(pdf, "HP"); err != nil {
		t.Fatal(err)
	}
	if got := recorded(t, bin, "xdg-open"); !slices.Equal(got, []string{pdf}) {
		t.Errorf("xdg-open got %q", got)
	}
}

func TestRouteLPDoesNotBlock(t *testing.T) {
	pdf := linuxPDF(t)
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip("no sleep command")
	}
	// PATH holds only the fakes, so the script names sleep by its path.
	fakeBin(t, sleep+" 30", "exit 0")
	start := time.Now()
	if err := Print(pdf, ""); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > openWait+time.Second {
		t.Errorf("Print blocked %v", d)
	}
}

func TestRouteMissingFile(t *testing.T) {
	bin := fakeBin(t, "exit 0", "exit 0")
	if err := Print(filepath.Join(t.TempDir(), "none.pdf"), ""); err == nil {
		t.Error("Print of a missing file succeeded")
	}
	if got := recorded(t, bin, "lp"); got != nil {
		t.Errorf("lp ran: %q", got)
	}
}

// An xdg-open that starts a viewer and exits: the viewer keeps stderr
// open, which must neither hold up Open nor count as a failure.
func TestRouteViewerKeepsRunning(t *testing.T) {
	pdf := linuxPDF(t)
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip("no sleep command")
	}
	fakeBin(t, "", sleep+" 30 &\nexit 0")
	start := time.Now()
	if err := Print(pdf, ""); err != nil {
		t.Fatalf("Print: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Print took %v", d)
	}
}
