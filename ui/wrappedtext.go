package ui

import (
	"math"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// wrappedText is a label that wraps its text by the rule of Chinese line
// breaking (禁则, forms.BreakLines): no line starts with "，" or "）", none
// ends with "（", and an amount, a receipt number or an ID number is never
// cut in two. Fyne's own wrapping (TextWrapWord, TextWrapBreak) breaks
// Chinese anywhere, so a talking point read "…本人到场" on one line and
// "，携带…" on the next.
//
// It is used like a widget.Label with TextWrapWord: Text, Importance,
// TextStyle and SizeName mean the same, SetText changes the text. Like
// Fyne's wrapped label it asks for little width (one character and the
// padding) and for the height of its lines at the width it was given; it
// breaks its lines again when that width changes. Its height never changes
// its width, so layout settles at once: no loop, no jitter.
type wrappedText struct {
	widget.BaseWidget

	// Text is the label's text as given, line breaks ("\n") included.
	Text string
	// Importance colours the text as a widget.Label's.
	Importance widget.Importance
	// TextStyle is the text's style (bold).
	TextStyle fyne.TextStyle
	// SizeName is the theme size of the text; empty means
	// theme.SizeNameText.
	SizeName fyne.ThemeSizeName

	lines []string // the lines last broken
	key   breakKey // what lines were broken for
	valid bool     // lines belong to key
	meas  measurer // widths of pieces of text, for the current size and style
}

// breakKey is what a wrappedText's lines depend on.
type breakKey struct {
	text  string
	width float32 // the room for text (the label's width less its padding); +Inf before layout
	size  float32
	style fyne.TextStyle
}

// measurer caches text widths for one text size and style: BreakLines asks
// for the same pieces again whenever the label is resized.
type measurer struct {
	size   float32
	style  fyne.TextStyle
	widths map[string]float64
}

// width returns how wide s is drawn, in pixels.
func (m *measurer) width(s string) float64 {
	if w, ok := m.widths[s]; ok {
		return w
	}
	w := float64(fyne.MeasureText(s, m.size, m.style).Width)
	if len(m.widths) > 4096 {
		clear(m.widths) // a label whose text keeps changing
	}
	m.widths[s] = w
	return w
}

// newWrappedText returns a wrappedText showing text.
func newWrappedText(text string) *wrappedText {
	l := &wrappedText{Text: text}
	l.ExtendBaseWidget(l)
	return l
}

// SetText changes the text and redraws the label.
func (l *wrappedText) SetText(text string) {
	l.Text = text
	l.Refresh()
}

// Lines returns the lines the label shows at its current width, in order;
// before it is laid out, one line per line of Text.
func (l *wrappedText) Lines() []string {
	return slices.Clone(l.linesFor(l.Size().Width))
}

// textSize returns the label's text size in the current theme.
func (l *wrappedText) textSize() float32 {
	name := l.SizeName
	if name == "" {
		name = theme.SizeNameText
	}
	return l.Theme().Size(name)
}

// padding returns the space left and right of, and above and below, the
// text: the theme's inner padding, as a widget.Label has.
func (l *wrappedText) padding() float32 {
	return l.Theme().Size(theme.SizeNameInnerPadding)
}

// lineHeight returns the height of one line of text.
func (l *wrappedText) lineHeight() float32 {
	return fyne.MeasureText("一", l.textSize(), l.TextStyle).Height
}

// linesFor returns the lines of Text for a label width wide (0: not laid
// out yet, so not wrapped), breaking them again only if the text, the width
// or the text's size or style changed since the last time.
func (l *wrappedText) linesFor(width float32) []string {
	key := breakKey{text: l.Text, width: width - 2*l.padding(), size: l.textSize(), style: l.TextStyle}
	if width <= 0 {
		key.width = float32(math.Inf(1))
	}
	if l.valid && key == l.key {
		return l.lines
	}
	if l.meas.widths == nil || l.meas.size != key.size || l.meas.style != key.style {
		l.meas = measurer{size: key.size, style: key.style, widths: map[string]float64{}}
	}
	l.lines = forms.BreakLines(l.Text, float64(key.width), l.meas.width)
	l.key, l.valid = key, true
	return l.lines
}

// colorName returns the theme colour of the text for the label's
// Importance, as widget.Label picks it.
func (l *wrappedText) colorName() fyne.ThemeColorName {
	switch l.Importance {
	case widget.LowImportance:
		return theme.ColorNameDisabled
	case widget.HighImportance:
		return theme.ColorNamePrimary
	case widget.DangerImportance:
		return theme.ColorNameError
	case widget.WarningImportance:
		return theme.ColorNameWarning
	case widget.SuccessImportance:
		return theme.ColorNameSuccess
	}
	return theme.ColorNameForeground
}

// CreateRenderer implements fyne.Widget.
func (l *wrappedText) CreateRenderer() fyne.WidgetRenderer {
	l.ExtendBaseWidget(l)
	r := &wrappedTextRenderer{l: l}
	r.sync(l.Size())
	return r
}

// wrappedTextRenderer draws a wrappedText's lines, one canvas.Text each.
type wrappedTextRenderer struct {
	l     *wrappedText
	texts []*canvas.Text
	objs  []fyne.CanvasObject
}

// sync makes one canvas.Text per line of the label at size, styled and
// placed as a widget.Label places its text.
func (r *wrappedTextRenderer) sync(size fyne.Size) {
	l := r.l
	lines := l.linesFor(size.Width)
	th := l.Theme()
	col := th.Color(l.colorName(), fyne.CurrentApp().Settings().ThemeVariant())
	ts, pad, lh := l.textSize(), l.padding(), l.lineHeight()
	for len(r.texts) < len(lines) {
		r.texts = append(r.texts, canvas.NewText("", col))
	}
	r.texts = r.texts[:len(lines)]
	r.objs = make([]fyne.CanvasObject, 0, len(lines))
	for i, line := range lines {
		t := r.texts[i]
		t.Text, t.Color, t.TextSize, t.TextStyle = line, col, ts, l.TextStyle
		t.Move(fyne.NewPos(pad, pad+float32(i)*lh))
		t.Resize(fyne.NewSize(max(0, size.Width-2*pad), lh))
		r.objs = append(r.objs, t)
	}
}

// Layout implements fyne.WidgetRenderer: the lines are broken again for
// the new width (only if it changed).
func (r *wrappedTextRenderer) Layout(size fyne.Size) {
	n := len(r.objs)
	r.sync(size)
	if len(r.objs) != n {
		canvas.Refresh(r.l) // lines came or went: draw them
	}
}

// MinSize implements fyne.WidgetRenderer: one character wide (and the
// padding), and as high as the label's lines at its current width.
func (r *wrappedTextRenderer) MinSize() fyne.Size {
	l := r.l
	pad := l.padding()
	n := max(1, len(l.linesFor(l.Size().Width)))
	return fyne.NewSize(l.textSize()+2*pad, float32(n)*l.lineHeight()+2*pad)
}

// Refresh implements fyne.WidgetRenderer.
func (r *wrappedTextRenderer) Refresh() {
	r.sync(r.l.Size())
	canvas.Refresh(r.l)
}

// Objects implements fyne.WidgetRenderer.
func (r *wrappedTextRenderer) Objects() []fyne.CanvasObject { return r.objs }

// Destroy implements fyne.WidgetRenderer.
func (r *wrappedTextRenderer) Destroy() {}
