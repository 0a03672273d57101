//go:build linux

package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

// TestPrinter_Settings checks that the adapter follows print.direct and
// print.printer, with fake lp and xdg-open scripts on PATH that record
// their arguments: nothing is really printed.
func TestPrinter_Settings(t *testing.T) {
	ctx := context.Background()
	dir := testDir(t)
	db, sup := setUpStation(t, dir)
	defer db.Close()
	st, err := db.Station(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p := newPrinter(db, filepath.Join(dir, "printed"))
	po := &forms.Printout{Kind: forms.PrintDepositList, Station: *st, Clerk: "张主管", At: time.Now()}

	bin := filepath.Join(dir, "bin")
	fake := func(lpExit string) {
		t.Helper()
		os.RemoveAll(bin)
		if err := os.MkdirAll(bin, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, exit := range map[string]string{"lp": lpExit, "xdg-open": "0"} {
			script := "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$0.args\"\nexit " + exit + "\n"
			if err := os.WriteFile(filepath.Join(bin, name), []byte(script), 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
	args := func(name string) []string {
		data, err := os.ReadFile(filepath.Join(bin, name+".args"))
		if err != nil {
			return nil
		}
		return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	}
	t.Setenv("PATH", bin)

	for _, tc := range []struct {
		name, direct, printer, lpExit string
		lp                            func(path string) []string
		viewer                        bool
	}{
		{"ViewerByDefault", "no", "", "0", nil, true},
		{"DirectDefaultPrinter", "yes", "", "0", func(p string) []string { return []string{p} }, false},
		{"DirectNamedPrinter", "yes", "前台_HP", "0", func(p string) []string { return []string{"-d", "前台_HP", p} }, false},
		{"DirectOffIgnoresPrinter", "no", "前台_HP", "0", nil, true},
		{"DirectFailsOpensViewer", "yes", "前台_HP", "1", func(p string) []string { return []string{"-d", "前台_HP", p} }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake(tc.lpExit)
			if err := db.SetSettings(ctx, sup,
				map[string]string{forms.SettingPrintDirect: tc.direct, forms.SettingPrinter: tc.printer}); err != nil {
				t.Fatal(err)
			}
			path, err := p.Print(po)
			if err != nil {
				t.Fatalf("Print: %v", err)
			}
			var wantLP []string
			if tc.lp != nil {
				wantLP = tc.lp(path)
			}
			if got := args("lp"); !slices.Equal(got, wantLP) {
				t.Errorf("lp got %q, want %q", got, wantLP)
			}
			var wantViewer []string
			if tc.viewer {
				wantViewer = []string{path}
			}
			if got := args("xdg-open"); !slices.Equal(got, wantViewer) {
				t.Errorf("xdg-open got %q, want %q", got, wantViewer)
			}
		})
	}
	if r := p.Route(); !strings.HasPrefix(r, "lp 打印") {
		t.Errorf("Route() = %q", r)
	}
}
