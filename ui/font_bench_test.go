package ui

// The cost of the larger UI font (issue 16): counterdesk-ui.ttf, WenQuanYi
// with the rare characters added, against WenQuanYi alone. Run:
//
//	go test ./ui -run '^$' -bench 'Font' -benchmem -benchtime 20x
//
// BenchmarkFontParse is what Fyne does with the theme font the first time
// it draws text (go-text's ParseTTF; Fyne keeps the face, and reads the
// embedded bytes in place); its heap-B/face metric is the heap the parsed
// face keeps. BenchmarkFontFirstScreen is start-up as the clerk sees it:
// the theme set (Fyne drops its font cache), then a first screen of labels
// laid out and drawn.

import (
	"bytes"
	"runtime"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	gotext "github.com/go-text/typesetting/font"

	"counterdesk/assets"
)

// benchFonts are the two theme fonts compared.
var benchFonts = []struct {
	name string
	data []byte
}{
	{"wqy", assets.Font},
	{"ui", assets.UIFont},
}

// heapKept returns how many bytes of heap f's result keeps alive.
func heapKept(f func() any) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	kept := f()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(kept)
	if after.HeapAlloc < before.HeapAlloc {
		return 0
	}
	return after.HeapAlloc - before.HeapAlloc
}

func BenchmarkFontParse(b *testing.B) {
	for _, f := range benchFonts {
		b.Run(f.name, func(b *testing.B) {
			kept := heapKept(func() any {
				face, err := gotext.ParseTTF(bytes.NewReader(f.data))
				if err != nil {
					b.Fatal(err)
				}
				// A face keeps what it reads of the glyphs it drew.
				for _, r := range "王芳吉𠮷䶮赵孟𫖯李𬌗柜台通" {
					if gid, ok := face.NominalGlyph(r); ok {
						face.GlyphData(gid)
					}
				}
				return face
			})
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := gotext.ParseTTF(bytes.NewReader(f.data)); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(len(f.data)), "font-bytes")
			b.ReportMetric(float64(kept), "heap-B/face")
		})
	}
}

// fontTheme is the app's theme with the given font data.
type fontTheme struct {
	Theme
	res fyne.Resource
}

func (t fontTheme) Font(fyne.TextStyle) fyne.Resource { return t.res }

func BenchmarkFontFirstScreen(b *testing.B) {
	a := test.NewTempApp(b)
	// Fyne scans the PC's fonts once per process, for fallback: not part
	// of either font's cost.
	a.Settings().SetTheme(Theme{})
	w0 := test.NewWindow(widget.NewLabel("柜台通"))
	w0.Canvas().Capture()
	w0.Close()
	texts := []string{"青白江人才服务中心 · 窗口 QB01 · 李主管（主管）", "姓名", "吉𠮷", "王芳",
		"居民身份证 110105199003070105", "手机 13812345670", "费用缴至 人才储备费 未缴；档案保管费 未缴",
		"受理单（0）", "文书（0）", "收据（0）", "¥1,005.30"}
	for _, f := range benchFonts {
		b.Run(f.name, func(b *testing.B) {
			th := fontTheme{res: fyne.NewStaticResource(f.name+".ttf", f.data)}
			for i := 0; i < b.N; i++ {
				a.Settings().SetTheme(th) // drops Fyne's font cache
				box := container.NewVBox()
				for _, s := range texts {
					box.Add(widget.NewLabel(s))
				}
				w := test.NewWindow(box)
				w.Resize(fyne.NewSize(640, 480))
				w.Canvas().Capture()
				w.Close()
			}
		})
	}
}
