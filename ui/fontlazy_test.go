package ui

// Issue 17's peak memory, second step: Fyne 2.7 loaded, for every text
// style, the style's own fallback font, the emoji font and a system font
// for the language (scanning the system's fonts first) next to the theme
// font, although counterdesk-ui.ttf has every character the screens show.
// Our Fyne patch (third_party/fyne.patch) loads them when a text first
// needs a character the theme font lacks.

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

// fontLazyChild names the child process of TestTheme_FallbackFontsOnlyWhenNeeded:
// the system font index is loaded once per process, so the check needs a
// process of its own.
const fontLazyChild = "COUNTERDESK_FONTLAZY_CHILD"

// TestTheme_FallbackFontsOnlyWhenNeeded draws the screens' kind of text
// (Chinese, a rare character, money, bullets) in five styles and checks that
// Fyne did not look for system fonts (go-text's fontscan writes its index
// into the user cache folder the first time it does); then text with an
// emoji, which the bundled font lacks: it is drawn with the emoji font, and
// the system fonts are looked up then. On unpatched Fyne 2.7.1 the index is
// written by the first text drawn.
func TestTheme_FallbackFontsOnlyWhenNeeded(t *testing.T) {
	cache := os.Getenv(fontLazyChild)
	if cache == "" {
		cache = filepath.Join(t.TempDir(), "用户 缓存")
		must(t, os.MkdirAll(cache, 0o755))
		cmd := exec.Command(os.Args[0], "-test.run=^TestTheme_FallbackFontsOnlyWhenNeeded$", "-test.v")
		// os.UserCacheDir: XDG_CACHE_HOME on Linux, LocalAppData on Windows.
		cmd.Env = append(os.Environ(), fontLazyChild+"="+cache, "XDG_CACHE_HOME="+cache, "LocalAppData="+cache)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("child process: %v\n%s", err, out)
		}
		return
	}

	a := test.NewTempApp(t)
	a.Settings().SetTheme(Theme{})
	draw := func(text string) []fyne.CanvasObject {
		t.Helper()
		texts := container.NewVBox()
		for _, st := range []fyne.TextStyle{{}, {Bold: true}, {Italic: true}, {Monospace: true}, {Symbol: true}} {
			texts.Add(&canvas.Text{Text: text, TextSize: 15, TextStyle: st})
		}
		w := test.NewWindow(texts)
		defer w.Close()
		w.Canvas().Capture()
		return texts.Objects
	}
	indexed := func() bool {
		entries, err := os.ReadDir(cache)
		must(t, err)
		return len(entries) > 0
	}

	for _, o := range draw("柜台通 吉𠮷 ¥1,005.30 ••• 王小芳（已转出）") {
		if o.MinSize().Width < 100 {
			t.Fatalf("text %.0f wide, not measured with the font", o.MinSize().Width)
		}
	}
	if indexed() {
		t.Fatal("text the bundled font covers made Fyne look for system fonts (fallback fonts loaded up front)")
	}

	plain := draw("王芳")[0].MinSize().Width
	withEmoji := draw("王芳😀")[0].MinSize().Width
	if withEmoji < plain+8 {
		t.Errorf("the emoji is not drawn with a fallback font: %.1f wide with it, %.1f without", withEmoji, plain)
	}
	if !indexed() {
		t.Error("a character the bundled font lacks did not make Fyne look for a fallback font")
	}
}
