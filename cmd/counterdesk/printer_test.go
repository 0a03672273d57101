//go:build linux

package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
	"counterdesk/store"
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

// fakeOpeners puts lp and xdg-open scripts on PATH that append each call's
// arguments, one call per line, to <name>.calls in bin.
func fakeOpeners(t *testing.T, bin string) {
	t.Helper()
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"lp", "xdg-open"} {
		script := "#!/bin/sh\necho \"$*\" >> \"$0.calls\"\nexit 0\n"
		if err := os.WriteFile(filepath.Join(bin, name), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", bin)
}

func calls(t *testing.T, bin, name string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(bin, name+".calls"))
	if err != nil {
		return nil
	}
	return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
}

// Accepting 历届生落户 opened six viewer windows in one second: the
// printouts of one Print are one PDF in printed/, opened once.
func TestPrinter_OneActionOnePDF(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(testDir(t), "柜台通 数据")
	db, _ := setUpStation(t, dir)
	defer db.Close()
	st, err := db.Station(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p := newPrinter(db, filepath.Join(dir, "printed"))
	bin := filepath.Join(dir, "bin")
	fakeOpeners(t, bin)
	doc := func(id, title string, copies int) *forms.Printout {
		d := &forms.Document{ID: id, Title: title, Body: "［姓名］", Signatures: []string{"本人"}}
		for i := 0; i < copies; i++ {
			d.Copies = append(d.Copies, forms.CopyLabel{Label: "留存", Keeper: "office"})
		}
		return &forms.Printout{Kind: forms.PrintDocument, Station: *st, At: time.Now(), Document: d,
			Customer: &forms.Customer{Name: "王芳"}}
	}
	path, err := p.Print(doc("a", "《甲》", 2), doc("b", "《乙》", 1), doc("c", "《丙》", 3))
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(filepath.Join(dir, "printed"))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || filepath.Join(dir, "printed", entries[0].Name()) != path {
		t.Fatalf("printed/ holds %v, want the one file %s", entries, path)
	}
	if got := calls(t, bin, "xdg-open"); !slices.Equal(got, []string{path}) {
		t.Errorf("xdg-open calls %q, want one with %s", got, path)
	}
	if _, err := exec.LookPath("/usr/bin/pdfinfo"); err == nil {
		out, err := exec.Command("/usr/bin/pdfinfo", path).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "Pages:           6") {
			t.Errorf("pdfinfo: %v\n%s", err, out)
		}
	}

	// Printing directly, the same is one print job.
	sup := mustSupervisor(t, db)
	if err := db.SetSettings(ctx, sup, map[string]string{forms.SettingPrintDirect: "yes"}); err != nil {
		t.Fatal(err)
	}
	path, err = p.Print(doc("a", "《甲》", 2), doc("b", "《乙》", 1))
	if err != nil {
		t.Fatal(err)
	}
	if got := calls(t, bin, "lp"); !slices.Equal(got, []string{path}) {
		t.Errorf("lp calls %q, want one with %s", got, path)
	}
}

// mustSupervisor logs in the station's supervisor of setUpStation.
func mustSupervisor(t *testing.T, db *store.DB) forms.Actor {
	t.Helper()
	u, err := db.Login(context.Background(), "张主管", "zhang2026!")
	if err != nil {
		t.Fatal(err)
	}
	return forms.Actor{UserID: u.ID}
}

// The recovery-code PDF stayed in printed/ for 30 days: a Secret printout
// is written outside the data folder, deleted once the viewer or printer
// has had it, and a leftover from a run that ended first is deleted at the
// next start.
func TestPrinter_SecretNotKept(t *testing.T) {
	ctx := context.Background()
	r := newSecretRig(t)
	db, sup, st, p, dir, tmp := r.db, r.sup, r.st, r.p, r.dir, r.tmp

	const code = "K7QM-3XWD-9PLT-RB4H"
	secret := func() *forms.Printout {
		return &forms.Printout{Kind: forms.PrintDocument, Station: *st, At: time.Now(), Secret: true,
			Document: &forms.Document{ID: "recovery_code", Title: "主管密码恢复码", Body: "恢复码：" + code,
				Copies: []forms.CopyLabel{{Label: "网点负责人保管", Keeper: "office"}}, Signatures: []string{"设置人"}}}
	}
	for _, direct := range []string{"no", "yes"} {
		if err := db.SetSettings(ctx, sup, map[string]string{forms.SettingPrintDirect: direct}); err != nil {
			t.Fatal(err)
		}
		path, err := p.Print(secret())
		if err != nil {
			t.Fatal(err)
		}
		if rel, err := filepath.Rel(dir, path); err == nil && !strings.HasPrefix(rel, "..") {
			t.Fatalf("the recovery code went into the data folder: %s", path)
		}
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("the viewer or printer cannot read it: %v", err)
		}
		p.secrets.Wait()
		if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("direct=%s: the recovery code's PDF is still there: %v", direct, err)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) != 0 {
		t.Errorf("left in the temporary folder: %v", left)
	}
	assertNoCode(t, dir, code)

	// A run that ended before the deletion: the next start deletes it.
	left := filepath.Join(tmp, secretPrefix+"123", "恢复码.pdf")
	if err := os.MkdirAll(filepath.Dir(left), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(left, []byte(code), 0o600); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(tmp, "someone-else.pdf")
	if err := os.WriteFile(other, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	p.prune()
	if _, err := os.Stat(filepath.Dir(left)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a leftover recovery code survived the start: %v", err)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("a file not ours was deleted: %v", err)
	}
}

// assertNoCode fails when any file under dir holds code, as text or in a
// PDF's text.
func assertNoCode(t *testing.T, dir, code string) {
	t.Helper()
	pdftotext, _ := exec.LookPath("/usr/bin/pdftotext")
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(data), code) {
			t.Errorf("%s holds the recovery code", path)
		}
		if strings.HasSuffix(path, ".pdf") {
			if pdftotext == "" {
				t.Errorf("a PDF in the data folder: %s", path)
				return nil
			}
			out, _ := exec.Command(pdftotext, path, "-").Output()
			if strings.Contains(string(out), code) {
				t.Errorf("%s holds the recovery code", path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The catalogue editor's 预览 went to the printer of a station that prints
// directly: a Preview opens in the viewer whatever the setting, outside
// printed/, and is gone after the grace period.
func TestPrinter_PreviewOpensViewer(t *testing.T) {
	ctx := context.Background()
	r := newSecretRig(t)
	db, sup, st, p, dir, bin := r.db, r.sup, r.st, r.p, r.dir, r.bin
	if err := db.SetSettings(ctx, sup, map[string]string{forms.SettingPrintDirect: "yes"}); err != nil {
		t.Fatal(err)
	}
	preview := &forms.Printout{Kind: forms.PrintDocument, Station: *st, At: time.Now(), Preview: true,
		Document: &forms.Document{ID: "card_promise", Title: "户籍卡承诺书", Body: "本人承诺……",
			Copies: []forms.CopyLabel{{Label: "客户留存", Keeper: "customer"}}, Signatures: []string{"承诺人"}}}
	path, err := p.Print(preview)
	if err != nil {
		t.Fatal(err)
	}
	if got := calls(t, bin, "lp"); len(got) != 0 {
		t.Errorf("the preview went to the printer: lp %q", got)
	}
	if got := calls(t, bin, "xdg-open"); !slices.Equal(got, []string{path}) {
		t.Errorf("viewer calls %q, want one for %s", got, path)
	}
	if rel, err := filepath.Rel(dir, path); err == nil && !strings.HasPrefix(rel, "..") {
		t.Errorf("the preview was kept in the data folder: %s", path)
	}
	p.secrets.Wait()
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the preview's PDF is still there: %v", err)
	}
}

// secretRig is a station whose printer writes Secret and Preview PDFs to a
// temporary folder of its own (a path with a space and Chinese) and
// deletes them 200 ms after handing them over, with lp and xdg-open faked.
type secretRig struct {
	db            *store.DB
	sup           forms.Actor
	st            *forms.Station
	p             *printer
	dir, tmp, bin string
}

func newSecretRig(t *testing.T) *secretRig {
	t.Helper()
	r := &secretRig{dir: filepath.Join(testDir(t), "柜台通 数据"), tmp: filepath.Join(testDir(t), "系统 临时"), bin: filepath.Join(testDir(t), "bin")}
	r.db, r.sup = setUpStation(t, r.dir)
	t.Cleanup(func() { r.db.Close() })
	st, err := r.db.Station(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	r.st = st
	if err := os.MkdirAll(r.tmp, 0o700); err != nil {
		t.Fatal(err)
	}
	r.p = newPrinter(r.db, filepath.Join(r.dir, "printed"))
	r.p.secretDir, r.p.secretGrace = r.tmp, 200*time.Millisecond
	fakeOpeners(t, r.bin)
	return r
}
