package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
	"counterdesk/printing"
)

// dialogText returns the wrappedText of the top dialog on show whose text
// holds want, or fails: a Fyne label there wraps by Fyne's rules.
func dialogText(t *testing.T, h *harness, want string) *wrappedText {
	t.Helper()
	ov := h.app.win.Canvas().Overlays().List()
	for i := len(ov) - 1; i >= 0; i-- {
		if !ov[i].Visible() {
			continue
		}
		for _, x := range test.LaidOutObjects(ov[i]) {
			if l, ok := x.(*wrappedText); ok && strings.Contains(l.Text, want) {
				return l
			}
		}
	}
	t.Fatalf("no dialog shows %q in a wrappedText (禁则); the dialogs say:\n%s", want, h.overlayText())
	return nil
}

// checkLines fails if a line of l starts with a NoLineStart character,
// ends with a NoLineEnd one, is wider than the label, or if the lines do
// not hold the label's text (blanks at the breaks aside).
func checkLines(t *testing.T, l *wrappedText) []string {
	t.Helper()
	lines := l.Lines()
	room := l.Size().Width - 2*l.padding()
	if room < 200 {
		t.Errorf("the dialog's text is laid out %.0f px wide", room)
	}
	for _, line := range lines {
		if line == "" {
			continue
		}
		first, _ := utf8.DecodeRuneInString(line)
		last, _ := utf8.DecodeLastRuneInString(line)
		if strings.ContainsRune(forms.NoLineStart, first) {
			t.Errorf("line %q starts with %q:\n%s", line, first, strings.Join(lines, "\n"))
		}
		if strings.ContainsRune(forms.NoLineEnd, last) {
			t.Errorf("line %q ends with %q:\n%s", line, last, strings.Join(lines, "\n"))
		}
		if w := l.meas.width(line); w > float64(room)+0.5 {
			t.Errorf("line %q is %.0f px wide in %.0f px", line, w, room)
		}
	}
	squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
	if squash(strings.Join(lines, "")) != squash(l.Text) {
		t.Errorf("the lines %q do not hold the text %q", lines, l.Text)
	}
	if l.Size().Height+0.5 < l.MinSize().Height {
		t.Errorf("the dialog cuts off its text: %.0f px high, its %d lines need %.0f", l.Size().Height, len(lines), l.MinSize().Height)
	}
	return lines
}

// 历届生落户 for a woman: the accept dialog lists what it prints, the
// family planning papers among them, and had a line starting with
// "、《15—49周岁…》" (Fyne's wrapping); its lines keep the rule now, and so
// do those of the 办结 confirmation.
func TestMessageDialog_CompletionConfirmKeepsTheRule(t *testing.T) {
	h := newCaseHarness(t)
	cust := &forms.Customer{Name: "陈女士", IDNumber: femaleID, Mobile: "13912340772", Marital: "married"}
	if err := h.db.CreateCustomer(h.ctx, h.app.actor(), cust); err != nil {
		t.Fatal(err)
	}
	cs := h.app.home.customers
	h.typeInto(cs.search, "陈女士")
	h.wait()
	cs.list.Select(0)
	h.wait()
	h.startOnRecord("历届生落户")
	c := h.ready(cs.caseScr, map[string]string{"origin": "other_collective", "referral": "朋友介绍", "marital": "married"})
	test.Tap(c.acceptBtn)
	checkLines(t, dialogText(t, h.harness, "《15—49周岁"))
	h.fits("历届生落户 → 受理（女）")
	test.Tap(c.pay.confirm)
	h.wait()
	if c.kase.Status != forms.CaseAccepted {
		t.Fatalf("not accepted: %s (%s)", c.kase.Status, c.message.Text)
	}
	h.closeDialogs()
	test.Tap(c.completeBtn)
	l := dialogText(t, h.harness, "办结受理单")
	lines := checkLines(t, l)
	if len(lines) < 3 {
		t.Errorf("the confirmation is %d lines: %q", len(lines), lines)
	}
	h.fits("历届生落户 → 办结（女）")
	test.Tap(h.overlayButton("确定办结"))
	h.wait()
	if c := h.app.home.customers.caseScr; c.kase.Status != forms.CaseCompleted {
		t.Fatalf("not completed after the confirmation: %s", c.kase.Status)
	}
}

// viewerlessPrinter writes the PDF as the program does and opens it with
// printing.Open on a PC without a PDF viewer: the error the clerk sees is
// the program's own, with the file's path.
type viewerlessPrinter struct{ pdfPrinter }

func (p *viewerlessPrinter) Print(ps ...*forms.Printout) (string, error) {
	path, err := p.pdfPrinter.Print(ps...)
	if err != nil {
		return "", err
	}
	return path, printing.Open(path)
}

// Accepting a case on a PC without a PDF viewer says 无法打开PDF阅读器 and
// where the file is; the file name "…等6份文书.pdf" was cut as ".pd" / "f".
// Now the path breaks only after a "/" and the name stays on one line.
func TestMessageDialog_ViewerErrorKeepsTheFileName(t *testing.T) {
	t.Setenv("PATH", t.TempDir()) // no xdg-open, no viewer
	h := newHarness(t)
	h.app.win.Resize(fyne.NewSize(1280, 720))
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	pr := &viewerlessPrinter{pdfPrinter{out: &printing.Output{Dir: filepath.Join(h.db.DataDir(), "printed"), Now: h.clock.Now}}}
	h.app.printer = pr
	h.acceptBorrowCase("王芳", femaleID, "13812345678")
	if len(pr.paths) != 1 {
		t.Fatalf("accepting printed %d PDFs, want 1", len(pr.paths))
	}
	path := pr.paths[0]
	name := filepath.Base(path)
	if !strings.Contains(name, "份文书.pdf") {
		t.Fatalf("the PDF is named %q, not …等N份文书.pdf", name)
	}
	l := dialogText(t, h, "无法打开PDF阅读器")
	lines := checkLines(t, l)
	whole := false
	for i, line := range lines {
		if strings.Contains(line, name) {
			whole = true
		}
		// A line that ends inside the path ends with its separator.
		if i+1 == len(lines) || lines[i+1] == "" {
			continue
		}
		end := []rune(line)
		end = end[max(0, len(end)-6):]
		next, _ := utf8.DecodeRuneInString(lines[i+1])
		if strings.Contains(path, string(end)+string(next)) && !strings.HasSuffix(line, string(filepath.Separator)) {
			t.Errorf("the path breaks after %q, not at a separator:\n%s", line, strings.Join(lines, "\n"))
		}
	}
	if !whole {
		t.Errorf("no line holds the file name %q whole:\n%s", name, strings.Join(lines, "\n"))
	}
	if got := misfits(h.app.win); len(got) > 0 {
		t.Errorf("the dialog does not fit 1280×720: %v", got)
	}
}

// The fit check sees a dialog's wrappedText: a long message given the
// height of one line is cut off and reported; the same message through
// newInformation is sized to its lines and fits.
func TestMessageDialog_FitCheckSeesCutText(t *testing.T) {
	h := newHarness(t)
	h.app.win.Resize(fyne.NewSize(1280, 720))
	h.app.win.SetContent(widget.NewLabel("ok"))
	msg := strings.Repeat("无法打开PDF阅读器：本机没有可用的PDF阅读器，请安装后重试；", 6)
	cut := newWrappedText(msg)
	cut.Resize(fyne.NewSize(380, 40)) // room for one line
	d := dialog.NewCustom("无法完成", "确定", container.NewWithoutLayout(cut), h.app.win)
	d.Resize(fyne.NewSize(400, 150))
	d.Show()
	if got := misfits(h.app.win); len(got) != 1 || !strings.Contains(got[0], "cuts off its text") {
		t.Fatalf("a cut-off message gave %v", got)
	}
	d.Hide()
	newInformation("无法完成", msg, h.app.win).Show()
	if got := misfits(h.app.win); len(got) != 0 {
		t.Fatalf("newInformation: %v", got)
	}
	checkLines(t, dialogText(t, h, "请安装后重试"))
}
