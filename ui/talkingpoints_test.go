package ui

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"counterdesk/forms"
)

// charBreaks breaks text as Fyne's wrapping breaks Chinese (no spaces to
// wrap at): after the last character that fits, whatever it is.
func charBreaks(text string, width float32) []string {
	var lines []string
	var line []rune
	for _, r := range text {
		if len(line) > 0 && fyne.MeasureText(string(append(line, r)), theme.TextSize(), fyne.TextStyle{}).Width > width {
			lines = append(lines, string(line))
			line = nil
		}
		line = append(line, r)
	}
	return append(lines, string(line))
}

// breaksRule reports whether a line of lines starts with a NoLineStart
// character or ends with a NoLineEnd one.
func breaksRule(lines []string) bool {
	for _, l := range lines {
		if l == "" {
			continue
		}
		first, _ := utf8.DecodeRuneInString(l)
		last, _ := utf8.DecodeLastRuneInString(l)
		if strings.ContainsRune(forms.NoLineStart, first) || strings.ContainsRune(forms.NoLineEnd, last) {
			return true
		}
	}
	return false
}

// shownPoints returns the wrappedTexts of o whose text is a talking point.
func shownPoints(o fyne.CanvasObject, points []string) []*wrappedText {
	var out []*wrappedText
	for _, x := range test.LaidOutObjects(o) {
		if l, ok := x.(*wrappedText); ok && slices.Contains(points, l.Text) {
			out = append(out, l)
		}
	}
	return out
}

// checkWidths lays each label out 5 to 40 characters wide and checks the
// rule on its lines. It returns at how many of those widths Fyne's own
// wrapping would have broken the rule, so that a caller can fail a test
// that proves nothing; the labels get their size back.
func checkWidths(t *testing.T, labels []*wrappedText) int {
	t.Helper()
	mattered := 0
	for _, l := range labels {
		orig := l.Size()
		for n := 5; n <= 40; n++ {
			l.Resize(fyne.NewSize(widthFor(t, n), orig.Height))
			checkRule(t, l.Lines())
			if breaksRule(charBreaks(l.Text, l.Size().Width-2*theme.InnerPadding())) {
				mattered++
			}
		}
		l.Resize(orig)
	}
	return mattered
}

// TestCase_TalkingPointsWrapByTheRule (issue 16): the case screen's
// talking points (向客户说明) wrap by the rule of Chinese line breaking, as
// laid out in the 1280×720 window and at every width from 5 to 40
// characters; Fyne's wrapping put "，" or "）" first on a line at some of
// them. The screen still fits.
func TestCase_TalkingPointsWrapByTheRule(t *testing.T) {
	h := newCaseHarness(t)
	c := h.openCase(h.customer(true), "settle_past_grad")
	if len(c.eval.TalkingPoints) < 3 {
		t.Fatalf("talking points %q", c.eval.TalkingPoints)
	}
	labels := shownPoints(c.talkingBox, c.eval.TalkingPoints)
	if len(labels) != len(c.eval.TalkingPoints) {
		t.Fatalf("%d of %d talking points shown as wrappedText", len(labels), len(c.eval.TalkingPoints))
	}
	wrapped := false
	for _, l := range labels {
		if l.Size().Width <= 0 {
			t.Fatalf("talking point %q not laid out", l.Text)
		}
		checkRule(t, l.Lines())
		wrapped = wrapped || len(l.Lines()) > 1
		if strings.Join(l.Lines(), "") != l.Text {
			t.Errorf("talking point %q shown as %q", l.Text, l.Lines())
		}
	}
	if !wrapped {
		t.Error("no talking point wraps in the window: the layout gives them no width limit")
	}
	if checkWidths(t, labels) == 0 {
		t.Fatal("no width put Fyne's break on a 禁则 character: the test proves nothing")
	}
	if m := misfits(h.app.win); len(m) > 0 {
		t.Fatalf("the case screen does not fit 1280×720: %v", m)
	}
}

// TestCatalogue_PreviewTalkingPointsWrapByTheRule (issue 16): the talking
// points of the service preview (告知要点) wrap by the rule too.
func TestCatalogue_PreviewTalkingPointsWrapByTheRule(t *testing.T) {
	h := newHarness(t)
	h.app.win.Resize(fyne.NewSize(fitWidth, fitHeight))
	s := h.openCatalogue("settle_past_grad")
	e := h.editService(s)
	test.Tap(e.preview)
	h.wait()
	p := e.previewShown
	if p == nil {
		t.Fatalf("no preview: %q", e.message.Text)
	}
	var labels []*wrappedText
	for _, o := range h.app.win.Canvas().Overlays().List() {
		labels = append(labels, shownPoints(o, p.eval.TalkingPoints)...)
	}
	if len(labels) != len(p.eval.TalkingPoints) || len(labels) == 0 {
		t.Fatalf("%d of %d talking points shown as wrappedText", len(labels), len(p.eval.TalkingPoints))
	}
	for _, l := range labels {
		checkRule(t, l.Lines())
	}
	if checkWidths(t, labels) == 0 {
		t.Fatal("no width put Fyne's break on a 禁则 character: the test proves nothing")
	}
	if m := misfits(h.app.win); len(m) > 0 {
		t.Fatalf("the preview does not fit 1280×720: %v", m)
	}
}
