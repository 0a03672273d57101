//go:build windows

package printing

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"counterdesk/internal/testdir"
	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
)

// These run in the Windows test binary, under Wine in CI
// (scripts/wine-tests.sh). The fake programs are copies of the test binary
// (main_test.go): no real PDF is ever printed.

// fakeProgram copies the test binary to dir\name.
func fakeProgram(t *testing.T, dir, name string) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	in, err := os.Open(self)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// fakeLog makes the fake programs record their runs in a new file.
func fakeLog(t *testing.T, exit string) string {
	t.Helper()
	log := filepath.Join(tempDir(t), "calls.jsonl")
	t.Setenv(fakeLogEnv, log)
	t.Setenv(fakeExitEnv, exit)
	return log
}

// useFinder replaces the route finder for one test.
func useFinder(t *testing.T, f winFinder) {
	old := finder
	finder = f
	t.Cleanup(func() { finder = old })
}

// samplePDF writes a PDF whose path has a space and Chinese, as the
// printed-documents folder can.
func samplePDF(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(tempDir(t), "打印 文件")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(dir, "20260101-090000_收据 QB01.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return pdf
}

// tempDir is t.TempDir for Wine (see testdir.New).
func tempDir(t *testing.T) string { return testdir.New(t, "printing-test-") }

func isWine() bool {
	return windows.NewLazySystemDLL("ntdll.dll").NewProc("wine_get_version").Find() == nil
}

// sumatraInLocalAppData puts a fake SumatraPDF.exe where the per-user
// installer puts the real one and points the finder's environment there;
// the registry is left out so a real SumatraPDF on the PC is never used.
func sumatraInLocalAppData(t *testing.T) string {
	t.Helper()
	local := filepath.Join(tempDir(t), "AppData Local")
	exe := fakeProgram(t, filepath.Join(local, "SumatraPDF"), "SumatraPDF.exe")
	t.Setenv("LOCALAPPDATA", local)
	for _, v := range []string{"ProgramFiles", "ProgramW6432", "ProgramFiles(x86)"} {
		t.Setenv(v, filepath.Join(tempDir(t), "none"))
	}
	useFinder(t, winFinder{getenv: os.Getenv})
	return exe
}

func TestRouteSumatraFound(t *testing.T) {
	exe := sumatraInLocalAppData(t)
	for _, printer := range []string{"", "前台 HP LaserJet"} {
		r := BestRoute(printer)
		if r.Kind != KindSumatra || !strings.EqualFold(r.Program, exe) {
			t.Fatalf("BestRoute(%q) = %+v, want SumatraPDF at %s", printer, r, exe)
		}
	}
	if got, want := Route(), "SumatraPDF 静默打印（"+exe+"）"; got != want {
		t.Errorf("Route() = %q, want %q", got, want)
	}
}

func TestRouteSumatraPrints(t *testing.T) {
	sumatraInLocalAppData(t)
	pdf := samplePDF(t)
	for _, tc := range []struct {
		printer string
		want    []string
	}{
		{"", []string{"-print-to-default", "-silent", pdf}},
		{"前台 HP LaserJet", []string{"-print-to", "前台 HP LaserJet", "-silent", pdf}},
	} {
		log := fakeLog(t, "0")
		if err := Print(pdf, tc.printer); err != nil {
			t.Fatalf("Print(%q): %v", tc.printer, err)
		}
		c := waitCalls(t, log, 1)[0]
		if !strings.EqualFold(c.Program, "SumatraPDF.exe") || !slices.Equal(c.Args, tc.want) {
			t.Errorf("Print(%q) ran %s %q, want SumatraPDF.exe %q", tc.printer, c.Program, c.Args, tc.want)
		}
	}
}

func TestRouteSumatraInProgramFiles(t *testing.T) {
	pf := filepath.Join(tempDir(t), "Program Files")
	exe := fakeProgram(t, filepath.Join(pf, "SumatraPDF"), "SumatraPDF.exe")
	t.Setenv("LOCALAPPDATA", filepath.Join(tempDir(t), "empty"))
	t.Setenv("ProgramFiles", pf)
	useFinder(t, winFinder{getenv: os.Getenv})
	if r := BestRoute(""); r.Kind != KindSumatra || !strings.EqualFold(r.Program, exe) {
		t.Fatalf("BestRoute = %+v, want %s", r, exe)
	}
}

func TestRouteNoneFound(t *testing.T) {
	t.Setenv("LOCALAPPDATA", filepath.Join(tempDir(t), "empty"))
	for _, v := range []string{"ProgramFiles", "ProgramW6432", "ProgramFiles(x86)"} {
		t.Setenv(v, filepath.Join(tempDir(t), "none"))
	}
	useFinder(t, winFinder{getenv: os.Getenv, assoc: func(uint32, string) string { return "" }})
	if r := BestRoute(""); r.Kind != KindViewer {
		t.Errorf("BestRoute = %+v, want the viewer", r)
	}
	if got := Route(); got != noDirect {
		t.Errorf("Route() = %q", got)
	}
}

// The tests below change the registry (the .pdf association, App Paths),
// which is only done in a throw-away Wine prefix.

func needWine(t *testing.T) {
	t.Helper()
	if !isWine() {
		t.Skip("changes the .pdf association and App Paths: runs under Wine only")
	}
}

// setRegValue sets a string value, creating the key, and removes the key
// when the test ends.
func setRegValue(t *testing.T, root registry.Key, path, name, value string) {
	t.Helper()
	k, _, err := registry.CreateKey(root, path, registry.SET_VALUE)
	if err != nil {
		t.Fatalf("create %s: %v", path, err)
	}
	defer k.Close()
	if err := k.SetStringValue(name, value); err != nil {
		t.Fatalf("set %s: %v", path, err)
	}
	t.Cleanup(func() { deleteRegTree(root, path) })
}

func deleteRegTree(root registry.Key, path string) {
	if k, err := registry.OpenKey(root, path, registry.ENUMERATE_SUB_KEYS); err == nil {
		names, _ := k.ReadSubKeyNames(-1)
		k.Close()
		for _, n := range names {
			deleteRegTree(root, path+`\`+n)
		}
	}
	registry.DeleteKey(root, path)
}

// fakePDFHandler registers a fake program as the .pdf handler with the
// given verbs, each run as `FakeReader.exe VERB "%1" "%2"`.
func fakePDFHandler(t *testing.T, verbs ...string) string {
	t.Helper()
	exe := fakeProgram(t, filepath.Join(tempDir(t), "PDF Reader"), "FakeReader.exe")
	const progID = "CounterDeskTest.PDF"
	// Wine's HKEY_CLASSES_ROOT does not merge HKCU\Software\Classes.
	root := registry.CLASSES_ROOT
	setRegValue(t, root, ".pdf", "", progID)
	for _, v := range verbs {
		cmd := `"` + exe + `" ` + v + ` "%1"`
		if v == "printto" {
			cmd += ` "%2"`
		}
		setRegValue(t, root, progID+`\shell\`+v+`\command`, "", cmd)
	}
	t.Cleanup(func() { deleteRegTree(root, progID) })
	return exe
}

// noSumatra keeps the finder's SumatraPDF search empty but uses the real
// association query.
func noSumatra(t *testing.T) {
	t.Setenv("LOCALAPPDATA", filepath.Join(tempDir(t), "empty"))
	for _, v := range []string{"ProgramFiles", "ProgramW6432", "ProgramFiles(x86)"} {
		t.Setenv(v, filepath.Join(tempDir(t), "none"))
	}
	useFinder(t, winFinder{getenv: os.Getenv, assoc: assocQuery})
}

func TestRouteVerb(t *testing.T) {
	needWine(t)
	noSumatra(t)
	exe := fakePDFHandler(t, "open", "print", "printto")
	r := BestRoute("")
	if r.Kind != KindVerb || !r.Default || !r.Named || !strings.EqualFold(r.Program, exe) {
		t.Fatalf("BestRoute = %+v, want the print verb of %s", r, exe)
	}
	if got, want := Route(), "PDF阅读器的“打印”命令（"+exe+"）"; got != want {
		t.Errorf("Route() = %q, want %q", got, want)
	}
	pdf := samplePDF(t)
	for _, tc := range []struct {
		printer string
		want    []string
	}{
		{"", []string{"print", pdf}},
		// Windows reads the quoted name as one argument; Wine's %2 stops
		// at the first space, so the name here has none.
		{"前台HP", []string{"printto", pdf, "前台HP"}},
	} {
		log := fakeLog(t, "0")
		if err := Print(pdf, tc.printer); err != nil {
			t.Fatalf("Print(%q): %v", tc.printer, err)
		}
		c := waitCalls(t, log, 1)[0]
		if !strings.EqualFold(c.Program, "FakeReader.exe") || !equalPaths(c.Args, tc.want) {
			t.Errorf("Print(%q) ran %s %q, want FakeReader.exe %q", tc.printer, c.Program, c.Args, tc.want)
		}
	}
}

func TestRouteVerbPrintOnly(t *testing.T) {
	needWine(t)
	noSumatra(t)
	fakePDFHandler(t, "open", "print")
	if r := BestRoute("前台"); r.Kind != KindViewer {
		t.Errorf("BestRoute(named) = %+v, want the viewer: the handler has no printto", r)
	}
	if got := Route(); !strings.Contains(got, "只能打印到默认打印机") {
		t.Errorf("Route() = %q", got)
	}
	// A named printer opens the viewer.
	log := fakeLog(t, "0")
	if err := Print(samplePDF(t), "前台"); err != nil {
		t.Fatal(err)
	}
	if c := waitCalls(t, log, 1)[0]; c.Args[0] != "open" {
		t.Errorf("ran %q, want open", c.Args)
	}
}

// A SumatraPDF that fails at once: the PDF is opened in the viewer.
func TestRouteSumatraFailsOpensViewer(t *testing.T) {
	needWine(t)
	fakePDFHandler(t, "open")
	sumatraInLocalAppData(t)
	log := fakeLog(t, "3")
	pdf := samplePDF(t)
	err := Print(pdf, "")
	if !errors.Is(err, ErrOpenedInstead) {
		t.Fatalf("Print = %v, want ErrOpenedInstead", err)
	}
	calls := waitCalls(t, log, 2)
	if calls[0].Program != "SumatraPDF.exe" || calls[1].Program != "FakeReader.exe" || !equalPaths(calls[1].Args, []string{"open", pdf}) {
		t.Errorf("runs %+v, want SumatraPDF.exe then FakeReader.exe open", calls)
	}
}

func TestRouteSumatraAppPaths(t *testing.T) {
	needWine(t)
	exe := fakeProgram(t, filepath.Join(tempDir(t), "Tools", "Sumatra"), "SumatraPDF.exe")
	setRegValue(t, registry.CURRENT_USER, appPathsKey, "", `"`+exe+`"`)
	t.Setenv("LOCALAPPDATA", filepath.Join(tempDir(t), "empty"))
	useFinder(t, winFinder{getenv: os.Getenv, appPaths: registryAppPaths})
	if r := BestRoute(""); r.Kind != KindSumatra || !strings.EqualFold(r.Program, exe) {
		t.Fatalf("BestRoute = %+v, want %s from App Paths", r, exe)
	}
}

// equalPaths compares arguments, paths without regard to case (Windows
// may hand a handler the path in other case).
func equalPaths(got, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if !strings.EqualFold(filepath.Clean(got[i]), filepath.Clean(want[i])) {
			return false
		}
	}
	return true
}
