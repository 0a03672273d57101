package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// shownReportLines reads the 服务月报 as a supervisor sees it: every label
// outside a table on its own line, every table row as its cells joined
// by " | " (the head row first), in screen order.
func shownReportLines(o fyne.CanvasObject) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			if x.Visible() && x.Text != "" {
				out = append(out, x.Text)
			}
		case *container.Scroll:
			walk(x.Content)
		case *fyne.Container:
			if g, ok := x.Layout.(*gridTableLayout); ok {
				rows := len(x.Objects) / (g.cols + 1)
				cells := x.Objects[rows:]
				for r := 0; r < rows; r++ {
					var row []string
					for c := 0; c < g.cols; c++ {
						row = append(row, cells[r*g.cols+c].(*widget.Label).Text)
					}
					out = append(out, strings.Join(row, " | "))
				}
				return
			}
			for _, c := range x.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}
