// Command emptywindow is the yardstick of scripts/bench-startup.sh (issue
// 17): the start-up and memory of an empty Fyne window that uses Counter
// Desk's bundled UI font, through the same theme (ui.Theme, whose Font is
// the 8 MB assets.UIFont) and the same window size. It shows one short
// label, so the font is loaded and drawn as the log-in window's is, and
// nothing else: no database, no catalogue, no screens.
//
// Run: go run ./bench/emptywindow [-title TITLE]
package main

import (
	"flag"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"

	"counterdesk/ui"
)

func main() {
	title := flag.String("title", "emptywindow", "窗口标题（基准脚本用它找到窗口）")
	flag.Parse()
	a := app.NewWithID("cn.counterdesk.emptywindow")
	a.Settings().SetTheme(ui.Theme{})
	w := a.NewWindow(*title)
	w.SetContent(widget.NewLabel("柜台通"))
	w.Resize(fyne.NewSize(1200, 640)) // ui.initialWindowSize
	w.ShowAndRun()
}
