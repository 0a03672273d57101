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

	"counterdesk/assets"
	"counterdesk/internal/testdir"

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
// Fyne did not look for system fonts (go-text's fontscan writes its index,
// font_index_v*.cache, into the user cache folder the first time it does);
// then text with an emoji, which the bundled font lacks: it is drawn with the
// emoji font, and the system fonts are looked up then. On unpatched Fyne
// 2.7.1 the index is written by the first text drawn.
//
// fontscan writes no index when it finds no font at all, as under Wine,
// whose C:\Windows\Fonts is empty: the child is given one font in a folder
// the scan reads on each system (LocalAppData\Microsoft\Windows\Fonts on
// Windows, $XDG_DATA_HOME/fonts elsewhere).
func TestTheme_FallbackFontsOnlyWhenNeeded(t *testing.T) {
	cache := os.Getenv(fontLazyChild)
	if cache == "" {
		cache = filepath.Join(testdir.New(t, "counterdesk-fontlazy-"), "用户 缓存")
		data := filepath.Join(cache, "数据")
		for _, fonts := range []string{filepath.Join(cache, "Microsoft", "Windows", "Fonts"), filepath.Join(data, "fonts")} {
			must(t, os.MkdirAll(fonts, 0o755))
			must(t, os.WriteFile(filepath.Join(fonts, "counterdesk-sup.ttf"), assets.FontSup, 0o644))
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestTheme_FallbackFontsOnlyWhenNeeded$", "-test.v")
		// os.UserCacheDir: XDG_CACHE_HOME on Linux, LocalAppData on Windows.
		cmd.Env = append(os.Environ(), fontLazyChild+"="+cache, "XDG_CACHE_HOME="+cache, "XDG_DATA_HOME="+data, "LocalAppData="+cache)
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
		index, err := filepath.Glob(filepath.Join(cache, "font_index_v*.cache"))
		must(t, err)
		return len(index) > 0
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
