package ui

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// em is the width of one Chinese character at the theme's text size.
func em(t *testing.T) float32 {
	t.Helper()
	return fyne.MeasureText("一", theme.TextSize(), fyne.TextStyle{}).Width
}

// widthFor returns the width of a wrappedText with room for n Chinese
// characters and a little more (less than one more).
func widthFor(t *testing.T, n int) float32 {
	return float32(n)*em(t) + em(t)/2 + 2*theme.InnerPadding()
}

// checkRule fails the test if a line starts with a NoLineStart character
// or ends with a NoLineEnd one.
func checkRule(t *testing.T, lines []string) {
	t.Helper()
	for _, l := range lines {
		if l == "" {
			continue
		}
		first, _ := utf8.DecodeRuneInString(l)
		last, _ := utf8.DecodeLastRuneInString(l)
		if strings.ContainsRune(forms.NoLineStart, first) || strings.ContainsRune(forms.NoLineEnd, last) {
			t.Errorf("line %q breaks the rule (lines %q)", l, lines)
		}
	}
}

func TestWrappedText_BreaksByTheRule(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(Theme{})
	tests := []struct {
		name  string
		text  string
		chars int // the room, in Chinese characters
		want  []string
	}{
		// Seven characters fit: Fyne's wrapping put "，" first on line 2;
		// 人 comes down with it. (WenQuanYi's "，" is narrower than a
		// character, so line 2 holds one more.)
		{"before a comma", "办理落户需本人，携带身份证原件。", 7, []string{"办理落户需本", "人，携带身份证", "原件。"}},
		// "（" is the seventh: Fyne's wrapping left it at the end of line
		// 1; it goes down with 一.
		{"after an opening bracket", "请带户口簿原（一式两份）。", 7, []string{"请带户口簿原", "（一式两份）。"}},
		{"amount kept whole", "合计应收：¥1,005.30（壹仟零伍元叁角整）", 8, nil},
		{"explicit line break", "第一行\n第二行", 20, []string{"第一行", "第二行"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newWrappedText(tt.text)
			w := test.NewWindow(l)
			defer w.Close()
			l.Resize(fyne.NewSize(widthFor(t, tt.chars), 200))
			got := l.Lines()
			checkRule(t, got)
			if tt.want != nil && !slices.Equal(got, tt.want) {
				t.Errorf("lines %q, want %q", got, tt.want)
			}
			if strings.Join(got, "") != strings.ReplaceAll(tt.text, "\n", "") {
				t.Errorf("lines %q lose characters of %q", got, tt.text)
			}
			for _, line := range got {
				if fyne.MeasureText(line, theme.TextSize(), fyne.TextStyle{}).Width > l.Size().Width-2*theme.InnerPadding()+0.5 {
					t.Errorf("line %q is wider than the label", line)
				}
			}
		})
	}
	l := newWrappedText("合计应收：¥1,005.30（壹仟零伍元叁角整）")
	l.Resize(fyne.NewSize(widthFor(t, 8), 200))
	found := false
	for _, line := range l.Lines() {
		found = found || strings.Contains(line, "¥1,005.30")
	}
	if !found {
		t.Errorf("the amount is split: %q", l.Lines())
	}
}

// TestWrappedText_Drawn checks that the lines drawn are the lines broken,
// in the label's colour, one under the other.
func TestWrappedText_Drawn(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(Theme{})
	l := newWrappedText("办理落户需本人，携带身份证原件。")
	l.Importance = widget.DangerImportance
	w := test.NewWindow(l)
	defer w.Close()
	l.Resize(fyne.NewSize(widthFor(t, 7), 200))
	var drawn []string
	y := float32(-1)
	for _, o := range test.LaidOutObjects(l) {
		if txt, ok := o.(*canvas.Text); ok {
			drawn = append(drawn, txt.Text)
			if txt.Position().Y <= y {
				t.Errorf("line %q is not below the one before", txt.Text)
			}
			y = txt.Position().Y
			if txt.Color != theme.Color(theme.ColorNameError) {
				t.Errorf("line %q is drawn in %v, not the error colour", txt.Text, txt.Color)
			}
		}
	}
	if !slices.Equal(drawn, l.Lines()) {
		t.Errorf("drawn %q, broken %q", drawn, l.Lines())
	}
}

// TestWrappedText_Resize checks that the label breaks again when its width
// changes, asks for the height of its lines, and settles: laying it out
// again at its own minimum height changes nothing.
func TestWrappedText_Resize(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(Theme{})
	text := "办理落户需本人到场，携带身份证、户口簿原件和复印件（一式两份），材料不全的可先受理、后补交。"
	l := newWrappedText(text)
	w := test.NewWindow(l)
	defer w.Close()
	lh := fyne.MeasureText("一", theme.TextSize(), fyne.TextStyle{}).Height
	var heights []float32
	for _, chars := range []int{60, 20, 10, 5, 10, 60} {
		l.Resize(fyne.NewSize(widthFor(t, chars), 10))
		lines := l.Lines()
		checkRule(t, lines)
		ms := l.MinSize()
		if want := float32(len(lines))*lh + 2*theme.InnerPadding(); ms.Height != want {
			t.Errorf("%d characters wide: %d lines, min height %v, want %v", chars, len(lines), ms.Height, want)
		}
		if ms.Width > em(t)+2*theme.InnerPadding() {
			t.Errorf("min width %v grows with the text", ms.Width)
		}
		// Laid out at its minimum height: same lines, same minimum.
		l.Resize(fyne.NewSize(l.Size().Width, ms.Height))
		if !slices.Equal(l.Lines(), lines) || l.MinSize() != ms {
			t.Errorf("%d characters wide: laid out again it changed to %q", chars, l.Lines())
		}
		heights = append(heights, ms.Height)
	}
	if heights[0] != heights[5] || heights[2] != heights[4] || !(heights[0] < heights[1] && heights[1] < heights[2] && heights[2] < heights[3]) {
		t.Errorf("heights %v do not follow the width", heights)
	}
}

// TestWrappedText_InVBox checks the label inside a window: the window
// grows to the label's lines and the lines follow the window's width.
func TestWrappedText_InVBox(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(Theme{})
	l := newWrappedText("办理落户需本人到场，携带身份证、户口簿原件和复印件（一式两份）。")
	w := test.NewWindow(container.NewVBox(l, widget.NewLabel("下一行")))
	defer w.Close()
	w.Resize(fyne.NewSize(widthFor(t, 8)+2*theme.Padding(), 400))
	if n := len(l.Lines()); n < 4 {
		t.Fatalf("%d lines at 8 characters: %q", n, l.Lines())
	}
	checkRule(t, l.Lines())
	w.Resize(fyne.NewSize(1280, 400))
	if n := len(l.Lines()); n != 1 {
		t.Fatalf("%d lines at 1280 px: %q", n, l.Lines())
	}
	l.SetText("新的文字，")
	if got := l.Lines(); !slices.Equal(got, []string{"新的文字，"}) {
		t.Fatalf("after SetText: %q", got)
	}
}
