package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
)

// Message dialogs: the information, error and confirmation dialogs whose
// body is a text. Fyne's stock ones (dialog.NewInformation, NewError,
// NewConfirm) wrap their text by Fyne's rules, which break Chinese
// anywhere: a confirmation had a line starting with "、《15—49周岁…》" and a
// file name came out as "…等6份文书.pd" and "f". These build the same
// dialogs with a wrappedText body (禁则, forms.BreakLines).

// messageMinWidth and messageMaxWidth bound the width, in pixels, a message
// dialog's text is wrapped to: a short message gets a dialog as wide as the
// message (but not narrower than messageMinWidth), a long one wraps at
// messageMaxWidth, well inside a 1280×720 screen.
const (
	messageMinWidth = 320
	messageMaxWidth = 560
)

// messageBox lays out one wrappedText at least width wide and asks for the
// height its lines take at that width, so that a dialog is sized to its
// text at once (a wrappedText alone asks for one character's width).
type messageBox struct {
	width float32
}

// MinSize implements fyne.Layout.
func (b messageBox) MinSize(objs []fyne.CanvasObject) fyne.Size {
	l := objs[0].(*wrappedText)
	w := max(b.width, l.Size().Width)
	n := max(1, len(l.linesFor(w)))
	return fyne.NewSize(b.width, float32(n)*l.lineHeight()+2*l.padding())
}

// Layout implements fyne.Layout.
func (b messageBox) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
}

// newMessageBody returns the object to put in a dialog showing text,
// wrapped by 禁则: a wrappedText in a messageBox as wide as its longest
// paragraph, between messageMinWidth and messageMaxWidth.
func newMessageBody(text string) fyne.CanvasObject {
	l := newWrappedText(text)
	w := float32(0)
	for _, para := range strings.Split(text, "\n") {
		w = max(w, fyne.MeasureText(para, l.textSize(), l.TextStyle).Width)
	}
	w = min(max(w+2*l.padding(), messageMinWidth), messageMaxWidth)
	return &fyne.Container{Layout: messageBox{width: w}, Objects: []fyne.CanvasObject{l}}
}

// newInformation is dialog.NewInformation with the text wrapped by 禁则:
// the title, the text and one button, 确定 (Fyne's "OK", translated).
func newInformation(title, text string, win fyne.Window) dialog.Dialog {
	body := newMessageBody(text)
	return dialog.NewCustom(title, lang.L("OK"), body, win)
}

// newConfirm is dialog.NewCustomConfirm with a text body wrapped by 禁则:
// confirm and dismiss name the buttons, callback gets whether the clerk
// confirmed.
func newConfirm(title, confirm, dismiss, text string, callback func(bool), win fyne.Window) *dialog.ConfirmDialog {
	body := newMessageBody(text)
	return dialog.NewCustomConfirm(title, confirm, dismiss, body, callback, win)
}
