package ui

// Issue 17's peak memory: Fyne 2.7 parsed the theme font once per text
// style (about 29 MB of heap for each parse of counterdesk-ui.ttf, three
// styles on the first screens). Our Fyne patch (third_party/fyne.patch)
// parses each font resource once and gives every style its own face of it.

import (
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

// countingFont is the bundled UI font as a resource that counts how often
// its content is read: Fyne reads a font resource's content when it parses it.
type countingFont struct{ reads atomic.Int32 }

func (r *countingFont) Name() string { return fontResource.Name() }

func (r *countingFont) Content() []byte {
	r.reads.Add(1)
	return fontResource.Content()
}

// countingTheme is the app's theme with every text style in countingFont.
type countingTheme struct {
	Theme
	font *countingFont
}

func (t countingTheme) Font(fyne.TextStyle) fyne.Resource { return t.font }

// TestTheme_FontParsedOncePerProcess draws text in five text styles with
// the UI font and checks that Fyne read (parsed) the font once, not once per
// style; and that a theme change still drops the parsed font (it is read
// again). On unpatched Fyne 2.7.1 it was read five times.
func TestTheme_FontParsedOncePerProcess(t *testing.T) {
	a := test.NewTempApp(t)
	font := &countingFont{}
	th := countingTheme{font: font}
	a.Settings().SetTheme(th)

	styles := []fyne.TextStyle{{}, {Bold: true}, {Italic: true}, {Monospace: true}, {Symbol: true}}
	draw := func() {
		t.Helper()
		texts := container.NewVBox()
		for _, st := range styles {
			texts.Add(&canvas.Text{Text: "柜台通 吉𠮷 ¥1,005.30 •••", TextSize: 15, TextStyle: st})
		}
		w := test.NewWindow(texts)
		defer w.Close()
		w.Canvas().Capture()
		for i, o := range texts.Objects {
			if o.MinSize().Width < 100 {
				t.Fatalf("style %+v: text %.0f wide, not measured with the font", styles[i], o.MinSize().Width)
			}
		}
	}

	draw()
	if n := font.reads.Load(); n != 1 {
		t.Errorf("text in %d styles read the font resource %d times, want once (Fyne parsed it per style)", len(styles), n)
	}

	// A theme change drops Fyne's font caches: the font is parsed again, once.
	a.Settings().SetTheme(th)
	draw()
	if n := font.reads.Load(); n != 2 {
		t.Errorf("after a theme change the font resource was read %d times in all, want 2 (parsed again once)", n)
	}
}
