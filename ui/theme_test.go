package ui

import (
	"bufio"
	"bytes"
	"image"
	"image/color"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	gotext "github.com/go-text/typesetting/font"

	"counterdesk/assets"
)

// The test characters of issue 16: 𠮷 U+20BB7 (Ext B, extra-chars.txt),
// 䶮 U+4DAE (Ext A), 𫖯 U+2B5AF (Ext C), 𬌗 U+2C317 (Ext E), in the names
// 吉𠮷, 王䶮, 赵孟𫖯, 李𬌗; 𰻞 U+30EDD (Ext G) is in no font we ship.
var rareNames = []string{"吉𠮷", "王䶮", "赵孟𫖯", "李𬌗"}

const noFontRune = '𰻞'

// notdefRune is a code point no font anywhere draws (plane 16's last
// private-use character): what it renders as is the theme font's .notdef.
// (𰻞 cannot serve here: Fyne falls back to the PC's own fonts, and a PC
// with BabelStone Han installed draws it.)
const notdefRune = '\U0010FFFD'

// level2Sup reads assets.Level2Sup (assets/fonts/level2-sup.txt): the 196
// characters of the 通用规范汉字表 above U+FFFF, as scripts/build-fonts.sh
// derived them from Unihan's kTGH.
func level2Sup(t *testing.T) []rune {
	t.Helper()
	var out []rune
	sc := bufio.NewScanner(strings.NewReader(assets.Level2Sup))
	for sc.Scan() {
		field, _, _ := strings.Cut(sc.Text(), "\t")
		n, err := strconv.ParseUint(strings.TrimPrefix(field, "U+"), 16, 32)
		if err != nil {
			t.Fatalf("level2-sup.txt: %q: %v", sc.Text(), err)
		}
		out = append(out, rune(n))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// parseFont parses a TrueType font with go-text/typesetting, the shaper
// and font reader Fyne draws text with.
func parseFont(t testing.TB, data []byte) *gotext.Face {
	t.Helper()
	face, err := gotext.ParseTTF(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return face
}

// hasOutline reports whether face maps r to a glyph with a non-empty
// outline (not .notdef, not a blank).
func hasOutline(face *gotext.Face, r rune) bool {
	gid, ok := face.NominalGlyph(r)
	if !ok || gid == 0 {
		return false
	}
	o, ok := face.GlyphData(gid).(gotext.GlyphOutline)
	return ok && len(o.Segments) > 0
}

// The font the theme gives every text style has a drawn glyph for every
// character of GB 18030-2022 level 2 that WenQuanYi lacks — all of
// Extension A up to U+4DB5, the URO to U+9FEA, and the 196 通用规范汉字表
// characters of Extensions B–F (level2-sup.txt) — and for the issue's
// names; 𰻞 (Ext G) stays out (it prints as a placeholder). Before issue 16
// the theme font was WenQuanYi alone, which has none of them.
func TestTheme_FontHasLevel2Characters(t *testing.T) {
	sup := level2Sup(t)
	if len(sup) != 196 {
		t.Fatalf("level2-sup.txt holds %d characters, want the 196 of the 通用规范汉字表 above U+FFFF", len(sup))
	}
	var want []rune
	for r := rune(0x3400); r <= 0x4DB5; r++ {
		want = append(want, r)
	}
	for r := rune(0x4E00); r <= 0x9FEA; r++ {
		want = append(want, r)
	}
	want = append(want, sup...)
	for _, n := range rareNames {
		want = append(want, []rune(n)...)
	}
	want = append(want, []rune("柜台通¥，。0123456789AaZz")...)

	styles := []fyne.TextStyle{{}, {Bold: true}, {Italic: true}, {Bold: true, Italic: true}, {Monospace: true}}
	seen := map[string]bool{}
	for _, style := range styles {
		res := Theme{}.Font(style)
		if seen[res.Name()] {
			continue
		}
		seen[res.Name()] = true
		face := parseFont(t, res.Content())
		var missing []string
		for _, r := range want {
			if !hasOutline(face, r) {
				missing = append(missing, string(r)+" U+"+strconv.FormatInt(int64(r), 16))
			}
		}
		if len(missing) > 0 {
			n := len(missing)
			if n > 20 {
				missing = missing[:20]
			}
			t.Errorf("the theme font %s for %+v lacks %d characters, e.g. %s", res.Name(), style, n, strings.Join(missing, ", "))
		}
		if hasOutline(face, noFontRune) {
			t.Errorf("the theme font %s has 𰻞 U+30EDD: printing's placeholder case needs a character no bundled font has", res.Name())
		}
	}

	// The supplementary font the PDFs use holds the same rare characters:
	// everything of the list WenQuanYi lacks.
	face, wqy := parseFont(t, assets.FontSup), parseFont(t, assets.Font)
	lacks := 0
	for _, r := range want {
		if _, ok := wqy.NominalGlyph(r); ok {
			continue
		}
		lacks++
		if !hasOutline(face, r) {
			t.Errorf("assets.FontSup lacks %c U+%X, which WenQuanYi lacks too", r, r)
		}
	}
	if lacks < 6582+196 {
		t.Errorf("WenQuanYi lacks only %d of the characters: the list is wrong", lacks)
	}
}

// The UI font keeps WenQuanYi's metrics, so ordinary text measures the
// same as before the rare characters were added: the same units per em,
// the same advance for ordinary characters, and the same size and baseline
// as WenQuanYi's for a line of ordinary text through Fyne.
func TestTheme_UIFontKeepsWenQuanYiMetrics(t *testing.T) {
	ui, wqy := parseFont(t, assets.UIFont), parseFont(t, assets.Font)
	if ui.Upem() != wqy.Upem() {
		t.Fatalf("units per em: UI font %d, WenQuanYi %d", ui.Upem(), wqy.Upem())
	}
	for _, r := range "柜台通王芳¥1,005.30 QB01-2026-000123，。Ag" {
		gu, _ := ui.NominalGlyph(r)
		gw, _ := wqy.NominalGlyph(r)
		if au, aw := ui.HorizontalAdvance(gu), wqy.HorizontalAdvance(gw); au != aw {
			t.Errorf("%c: advance %v in the UI font, %v in WenQuanYi", r, au, aw)
		}
	}
	text := "王芳 ¥1,005.30 QB01-2026-000123 借户籍卡"
	d := test.NewTempApp(t).Driver()
	style := fyne.TextStyle{}
	sUI, bUI := d.RenderedTextSize(text, 15, style, fyne.NewStaticResource("ui.ttf", assets.UIFont))
	sW, bW := d.RenderedTextSize(text, 15, style, fyne.NewStaticResource("wqy.ttf", assets.Font))
	if sUI != sW || bUI != bW {
		t.Errorf("ordinary text renders %v baseline %v with the UI font, %v baseline %v with WenQuanYi", sUI, bUI, sW, bW)
	}
	// A rare character has the width of any other ideograph: the line height
	// is the font's, not the character's.
	s1, _ := d.RenderedTextSize("吉吉", 15, style, fontResource)
	s2, _ := d.RenderedTextSize("吉𠮷", 15, style, fontResource)
	if s1 != s2 {
		t.Errorf("吉𠮷 renders %v, 吉吉 %v: a rare character must take an ideograph's place", s2, s1)
	}
}

// renderGlyph draws s alone, black on white at 40 units, through Fyne's
// software painter with the app's theme, and returns the image.
func renderGlyph(t *testing.T, s string) image.Image {
	t.Helper()
	txt := canvas.NewText(s, color.Black)
	txt.TextSize = 40
	bg := canvas.NewRectangle(color.White)
	w := test.NewWindow(container.NewStack(bg, container.NewCenter(txt)))
	defer w.Close()
	w.SetPadded(false)
	w.Resize(fyne.NewSize(64, 64))
	return w.Canvas().Capture()
}

// inked counts the pixels of img darker than mid-grey.
func inked(img image.Image) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if (r+g+bl)/3 < 0x8000 {
				n++
			}
		}
	}
	return n
}

// differ counts the pixels where a and b differ by more than a little.
func differ(a, b image.Image) int {
	n := 0
	bd := a.Bounds()
	for y := bd.Min.Y; y < bd.Max.Y; y++ {
		for x := bd.Min.X; x < bd.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if d := int(r1+g1+b1) - int(r2+g2+b2); d > 0x6000 || d < -0x6000 {
				n++
			}
		}
	}
	return n
}

// Each character of the names, drawn through Fyne with the app's
// theme, is a real glyph: not blank, not the font's .notdef box, not the
// replacement character � (Fyne draws � for a glyph no font has), and not
// any other of the characters. Fyne falls back to the PC's own fonts for a
// character the theme font lacks, so on a Linux PC with Hanazono installed
// this passes with WenQuanYi alone too; under Wine (no CJK fonts, as on a
// counter's Windows PC; scripts/test.sh runs it there) it fails without
// the UI font.
func TestTheme_RareCharactersDrawAsGlyphs(t *testing.T) {
	test.NewTempApp(t)
	test.ApplyTheme(t, Theme{})
	notdef := renderGlyph(t, string(notdefRune))
	replacement := renderGlyph(t, "\uFFFD")
	chars := []rune("𠮷䶮𫖯𬌗吉")
	imgs := map[rune]image.Image{}
	for _, r := range chars {
		img := renderGlyph(t, string(r))
		imgs[r] = img
		if n := inked(img); n < 40 {
			t.Errorf("%c U+%X draws %d dark pixels: blank", r, r, n)
		}
		if n := differ(img, notdef); n < 40 {
			t.Errorf("%c U+%X draws as the .notdef box (%d pixels differ)", r, r, n)
		}
		if n := differ(img, replacement); n < 40 {
			t.Errorf("%c U+%X draws as the replacement character � (%d pixels differ)", r, r, n)
		}
	}
	for i, a := range chars {
		for _, b := range chars[i+1:] {
			if n := differ(imgs[a], imgs[b]); n < 40 {
				t.Errorf("%c and %c draw the same (%d pixels differ): a box, not their glyphs", a, b, n)
			}
		}
	}
}
