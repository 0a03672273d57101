package printing

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// The kinds of route a PDF can take to paper.
const (
	// KindSumatra runs SumatraPDF with -print-to-default or -print-to NAME
	// (Windows): silent, and able to print to a named printer.
	KindSumatra = "sumatra"
	// KindVerb hands the PDF to the PC's PDF handler with its "print" or
	// "printto" verb (Windows), where the handler registers one.
	KindVerb = "verb"
	// KindLP runs lp, optionally with -d NAME (Linux, macOS: CUPS).
	KindLP = "lp"
	// KindViewer opens the PDF in the default viewer; the clerk prints from
	// there. It always exists and is the fallback of every other route.
	KindViewer = "viewer"
)

// PrintRoute is one way this PC can bring a PDF to paper.
type PrintRoute struct {
	Kind string
	// Program is what the route runs: the path of SumatraPDF.exe or lp,
	// the PDF handler's program, or the viewer's opener.
	Program string
	// Label describes the route in Chinese, for the settings screen.
	Label string
	// Default and Named say whether the route prints to the default
	// printer and to a printer named in settings. The viewer does neither
	// by itself.
	Default, Named bool
}

// Direct reports whether the route prints without the clerk's help.
func (r PrintRoute) Direct() bool { return r.Kind != KindViewer }

// can reports whether the route prints to printer ("" = the default one).
func (r PrintRoute) can(printer string) bool {
	if !r.Direct() {
		return false
	}
	if printer == "" {
		return r.Default
	}
	return r.Named
}

// ErrOpenedInstead is wrapped, together with the direct route's error, in
// Print's error when the direct route failed at once and the PDF was
// opened in the viewer instead: the document is on the screen, and the
// error says why it did not print.
var ErrOpenedInstead = errors.New("opened in the PDF viewer instead")

// FindRoutes returns the routes this PC has, best first: SumatraPDF, the
// PDF handler's print verbs (Windows) or lp (elsewhere), and always, last,
// the viewer.
func FindRoutes() []PrintRoute {
	return append(findDirect(), viewerRoute())
}

// BestRoute returns the route Print takes for printer ("" = the default
// printer): the first route found that can print to it, else the viewer.
func BestRoute(printer string) PrintRoute {
	return chooseRoute(FindRoutes(), printer)
}

// chooseRoute picks from routes (best first) the first that can print to
// printer, else the viewer: never nothing.
func chooseRoute(routes []PrintRoute, printer string) PrintRoute {
	for _, r := range routes {
		if r.can(printer) {
			return r
		}
	}
	for _, r := range routes {
		if r.Kind == KindViewer {
			return r
		}
	}
	return viewerRoute()
}

// Route describes, for the settings screen, how this PC prints directly,
// e.g. "SumatraPDF 静默打印（C:\…\SumatraPDF.exe）", or says that it found no
// way and opens the viewer.
func Route() string { return describe(FindRoutes()) }

// noDirect is what the settings screen says when the PC has no direct route.
const noDirect = "未找到直接打印的方法：打开PDF阅读器，由窗口客服点打印"

// describe says which route prints to the default printer and, if that one
// cannot print to a named printer, what happens with one.
func describe(routes []PrintRoute) string {
	best := chooseRoute(routes, "")
	named := chooseRoute(routes, "a printer")
	switch {
	case !best.Direct() && !named.Direct():
		s := noDirect
		if strings.HasPrefix(best.Label, "未找到") {
			s += "；" + best.Label
		}
		return s
	case !best.Direct():
		return named.Label + "；只能打印到设置中指定的打印机，打印机名称留空时打开PDF阅读器"
	case !named.Direct():
		return best.Label + "；只能打印到默认打印机，设了打印机名称时打开PDF阅读器"
	case named.Kind != best.Kind:
		return best.Label + "；指定打印机时用" + named.Label
	}
	return best.Label
}

// Print sends the PDF at path to printer ("" = the default printer) by
// the best route this PC has (BestRoute), without waiting for the printing
// to finish. Where there is no direct route it opens the viewer. Where the
// direct route fails at once (within about two seconds: SumatraPDF or lp
// exiting with an error, ShellExecute refusing the verb) it opens the
// viewer instead and returns an error wrapping ErrOpenedInstead; any other
// error means the document reached neither a printer nor the viewer.
func Print(path, printer string) error {
	abs, err := existingFile(path)
	if err != nil {
		return err
	}
	r := BestRoute(printer)
	if !r.Direct() {
		if err := openFile(abs); err != nil {
			return viewerError(abs, err)
		}
		return nil
	}
	err = printVia(r, abs, printer)
	if err == nil {
		return nil
	}
	if oerr := openFile(abs); oerr != nil {
		return clerkError(errors.Join(err, oerr), "无法打印到%s，也无法打开PDF阅读器：请检查打印机是否开机、联网，并安装PDF阅读器；文件已保存在 %s", printerName(printer), abs)
	}
	return clerkError(fmt.Errorf("%w; %w", err, ErrOpenedInstead), "未能直接打印到%s，已改为在PDF阅读器中打开，请从阅读器打印，并检查打印机设置", printerName(printer))
}

// printerName names the printer in a message: 默认打印机, or 打印机“NAME”.
func printerName(printer string) string {
	if printer == "" {
		return "默认打印机"
	}
	return "打印机“" + printer + "”"
}

// printVia sends the PDF at abs to printer by route r, with no fallback;
// the viewer route opens it.
func printVia(r PrintRoute, abs, printer string) error {
	if r.Direct() && !r.can(printer) {
		return fmt.Errorf("printing: %s cannot print to %q", r.Kind, printer)
	}
	switch r.Kind {
	case KindSumatra:
		return runBriefly("SumatraPDF", r.Program, sumatraArgs(printer, abs)...)
	case KindLP:
		return runBriefly("lp", r.Program, lpArgs(printer, abs)...)
	case KindVerb:
		verb, params, err := verbArgs(printer)
		if err != nil {
			return err
		}
		return shellVerb(verb, abs, params)
	case KindViewer:
		return openFile(abs)
	}
	return fmt.Errorf("printing: unknown route %q", r.Kind)
}

func existingFile(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", clerkError(err, "找不到要打印的文件 %s，请重新打印", path)
	}
	if _, err := os.Stat(abs); err != nil {
		return "", clerkError(err, "找不到要打印的文件 %s（可能已被删除或移动），请重新打印", abs)
	}
	return abs, nil
}

// sumatraArgs are SumatraPDF's arguments for a silent print; -silent keeps
// its error messages off the screen (the exit code still reports them).
func sumatraArgs(printer, path string) []string {
	if printer == "" {
		return []string{"-print-to-default", "-silent", path}
	}
	return []string{"-print-to", printer, "-silent", path}
}

// lpArgs are lp's arguments; path is absolute, so never taken for an
// option.
func lpArgs(printer, path string) []string {
	if printer == "" {
		return []string{path}
	}
	return []string{"-d", printer, path}
}

// verbArgs returns the shell verb and its parameters: "print" for the
// default printer, "printto" with the quoted printer name (the handler's
// command receives it as %2) for a named one.
func verbArgs(printer string) (verb, params string, err error) {
	if printer == "" {
		return "print", "", nil
	}
	if strings.ContainsAny(printer, "\"\x00") {
		return "", "", fmt.Errorf("printing: printer name %q cannot be passed to the PDF handler", printer)
	}
	return "printto", `"` + printer + `"`, nil
}

// sumatraCandidates lists, in order, where SumatraPDF.exe may be: the App
// Paths registry values (HKCU, then HKLM), the per-user installation in
// %LOCALAPPDATA%, then Program Files. Paths are Windows paths, built with
// backslashes whatever the OS running the code, so this is tested
// everywhere.
func sumatraCandidates(appPaths []string, getenv func(string) string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		p = strings.TrimSpace(p)
		p = strings.Trim(p, `"`)
		if p == "" || seen[strings.ToLower(p)] {
			return
		}
		seen[strings.ToLower(p)] = true
		out = append(out, p)
	}
	for _, p := range appPaths {
		add(p)
	}
	for _, env := range []string{"LOCALAPPDATA", "ProgramFiles", "ProgramW6432", "ProgramFiles(x86)"} {
		if dir := getenv(env); dir != "" {
			add(winJoin(dir, "SumatraPDF", "SumatraPDF.exe"))
		}
	}
	return out
}

// winJoin joins Windows path elements with backslashes.
func winJoin(dir string, elem ...string) string {
	return strings.TrimRight(dir, `\/`) + `\` + strings.Join(elem, `\`)
}

// runBriefly starts a program and returns within openWait: an error if it
// could not start or exited with one in that time (with the first lines it
// wrote to stderr, e.g. lp's "The printer or class does not exist."), else
// nil, leaving it to finish (and be reaped) in the background.
func runBriefly(what, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	stderr := &headBuffer{max: 512}
	cmd.Stderr = stderr
	// A viewer that xdg-open starts may keep stderr open for hours; Wait
	// must not wait for it once xdg-open itself has exited.
	cmd.WaitDelay = 100 * time.Millisecond
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("printing: %s: %w", what, err)
	}
	done := make(chan error, 1)
	go func() {
		err := cmd.Wait()
		if errors.Is(err, exec.ErrWaitDelay) {
			err = nil // it exited well; a child of its own holds stderr
		}
		if msg := strings.TrimSpace(stderr.String()); err != nil && msg != "" {
			err = fmt.Errorf("%w: %s", err, msg)
		}
		done <- err
	}()
	return waitBriefly(what, done)
}

// headBuffer keeps the first max bytes written to it.
type headBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (b *headBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if room := b.max - len(b.buf); room > 0 {
		b.buf = append(b.buf, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

func (b *headBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}
