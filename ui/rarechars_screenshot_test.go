package ui

import (
	"image"
	"image/draw"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"counterdesk/assets"
)

// wqyTheme is the app's theme with WenQuanYi alone as its font, as before
// issue 16: what ordinary text must still look like.
type wqyTheme struct{ Theme }

func (wqyTheme) Font(fyne.TextStyle) fyne.Resource {
	return fyne.NewStaticResource("wqy-microhei.ttf", assets.Font)
}

// newRareCustomer saves a customer through the customer form and leaves
// their record on the screen.
func (h *harness) newRareCustomer(name, idNumber, mobile string) {
	h.t.Helper()
	cs := h.app.home.customers
	test.Tap(cs.newBtn)
	f := cs.edit
	h.typeInto(f.name, name)
	h.typeInto(f.idNumber, idNumber)
	h.typeInto(f.mobile, mobile)
	test.Tap(f.save)
	h.wait()
	if cs.current == nil || cs.current.Name != name {
		h.t.Fatalf("the record of %s is not shown; message: %q", name, shownText(h))
	}
}

// shownLabel returns the label on the screen whose text is text.
func shownLabel(h *harness, text string) *widget.Label {
	for _, o := range laidOut(h) {
		if l, ok := o.(*widget.Label); ok && l.Visible() && l.Text == text {
			return l
		}
	}
	return nil
}

// crop copies the part of img that o covers on the window's canvas.
func crop(h *harness, img image.Image, o fyne.CanvasObject) image.Image {
	c := h.app.win.Canvas()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	scale := c.Scale()
	r := image.Rect(int(pos.X*scale), int(pos.Y*scale), int((pos.X+o.Size().Width)*scale), int((pos.Y+o.Size().Height)*scale))
	out := image.NewNRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	draw.Draw(out, out.Bounds(), img, r.Min, draw.Src)
	return out
}

// differShifted is the least number of pixels in which a and b differ
// when b is moved by up to 6 pixels across and 4 down or up: a label in a
// form sits a few pixels from where the same label alone does.
func differShifted(a, b image.Image) int {
	best := -1
	for dy := -4; dy <= 4; dy++ {
		for dx := -6; dx <= 6; dx++ {
			moved := image.NewNRGBA(a.Bounds())
			draw.Draw(moved, moved.Bounds(), image.White, image.Point{}, draw.Src)
			draw.Draw(moved, moved.Bounds().Add(image.Pt(dx, dy)), b, b.Bounds().Min, draw.Src)
			if n := differ(a, moved); best < 0 || n < best {
				best = n
			}
		}
	}
	return best
}

// labelAlone renders a label with text at size alone on the theme's
// background, as the window draws it.
func labelAlone(t *testing.T, text string, size fyne.Size) image.Image {
	t.Helper()
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	w := test.NewWindow(l)
	defer w.Close()
	w.SetPadded(false)
	w.Resize(size)
	return w.Canvas().Capture()
}

// A customer record with 吉𠮷 shows the name with its glyphs: the name on
// the record, cut out of the window, is drawn as the same text drawn alone
// (whose glyphs TestTheme_RareCharactersDrawAsGlyphs checks), and unlike
// 吉 followed by the font's .notdef box. The record of each issue name
// shows it whole. With $COUNTERDESK_SHOTS set, the record is the README's
// screenshot customer-record-rare.png.
func TestRareChars_RecordShowsGlyphs(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	ids := []string{withCheck("11010519900307002"), withCheck("11010519900307004"), withCheck("11010519900307006"), withCheck("11010519900307008")}
	for i, name := range rareNames {
		h.newRareCustomer(name, ids[i], "1381234567"+string(rune('1'+i)))
		if l := shownLabel(h, name); l == nil {
			t.Errorf("the record of %s shows no label with the name:\n%s", name, shownText(h))
		}
	}
	h.newRareCustomer("吉𠮷", withCheck("11010519900307010"), "13812345670")
	h.wait()
	shot(t, h, "customer-record-rare")
	l := shownLabel(h, "吉𠮷")
	if l == nil {
		t.Fatalf("no label 吉𠮷 on the record:\n%s", shownText(h))
	}
	onScreen := crop(h, h.app.win.Canvas().Capture(), l)
	if n := inked(onScreen); n < 40 {
		t.Fatalf("the name on the record draws %d dark pixels", n)
	}
	good := labelAlone(t, "吉𠮷", l.Size())
	boxed := labelAlone(t, "吉"+string(notdefRune), l.Size())
	if n := differShifted(onScreen, good); n > 10 {
		t.Errorf("the record's 吉𠮷 differs from 吉𠮷 drawn alone in %d pixels", n)
	}
	if n := differShifted(onScreen, boxed); n < 40 {
		t.Errorf("the record's 吉𠮷 draws like 吉 and the .notdef box (%d pixels differ)", n)
	}
}

// A record of ordinary text looks exactly as it did with WenQuanYi alone:
// the added glyphs change no size, baseline or pixel of the characters
// WenQuanYi has.
func TestRareChars_OrdinaryRecordUnchanged(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.newRareCustomer("王芳", femaleID, "13812345678")
	// Each capture follows the same steps — a theme applied, the window
	// refreshed, the background work a refresh starts finished (with
	// COUNTERDESK_UI_ASYNC=1 it runs on its own goroutine) — so the two
	// differ only by the font.
	capture := func(th fyne.Theme) image.Image {
		test.ApplyTheme(t, th)
		h.app.win.Content().Refresh()
		h.wait()
		return h.app.win.Canvas().Capture()
	}
	withWQY := capture(wqyTheme{})
	withUI := capture(Theme{})
	if withUI.Bounds() != withWQY.Bounds() {
		t.Fatalf("window %v with the UI font, %v with WenQuanYi", withUI.Bounds(), withWQY.Bounds())
	}
	if n := differ(withUI, withWQY); n > 0 {
		t.Errorf("the record of 王芳 differs in %d pixels between the UI font and WenQuanYi", n)
	}
	if !strings.Contains(shownText(h), "王芳") {
		t.Errorf("the record does not show 王芳:\n%s", shownText(h))
	}
}
