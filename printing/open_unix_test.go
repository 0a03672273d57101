//go:build linux

package printing

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeOpener puts an xdg-open script on PATH.
func fakeOpener(t *testing.T, script string) string {
	t.Helper()
	bin := t.TempDir()
	if err := os.WriteFile(filepath.Join(bin, "xdg-open"), []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+"/usr/bin:/bin")
	return bin
}

func TestOpen(t *testing.T) {
	pdf := filepath.Join(t.TempDir(), "收据 1.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	t.Run("OK", func(t *testing.T) {
		bin := fakeOpener(t, `echo "$1" > "$(dirname "$0")/opened"`)
		if err := Open(pdf); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(bin, "opened"))
		if err != nil || strings.TrimSpace(string(got)) != pdf {
			t.Errorf("xdg-open got %q (%v), want %q", got, err, pdf)
		}
		if r := viewerRoute(); r.Label != "默认PDF阅读器（xdg-open）" {
			t.Errorf("viewer route = %+v", r)
		}
	})
	t.Run("OpenerFails", func(t *testing.T) {
		fakeOpener(t, "exit 3")
		if err := Open(pdf); err == nil {
			t.Error("Open succeeded although xdg-open failed")
		}
	})
	t.Run("DoesNotBlock", func(t *testing.T) {
		fakeOpener(t, "sleep 30")
		start := time.Now()
		if err := Open(pdf); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d > openWait+time.Second {
			t.Errorf("Open blocked %v", d)
		}
	})
	t.Run("NoOpener", func(t *testing.T) {
		t.Setenv("PATH", t.TempDir())
		if err := Open(pdf); err == nil {
			t.Error("Open succeeded without xdg-open")
		}
		if r := viewerRoute(); !strings.Contains(r.Label, "未找到") {
			t.Errorf("viewer route without xdg-open = %+v", r)
		}
		if r := Route(); !strings.Contains(r, "未找到 xdg-open") {
			t.Errorf("Route without xdg-open = %q", r)
		}
	})
	t.Run("NoFile", func(t *testing.T) {
		fakeOpener(t, "exit 0")
		if err := Open(filepath.Join(t.TempDir(), "none.pdf")); err == nil {
			t.Error("Open of a missing file succeeded")
		}
	})
}
