package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// detachedApp is the test app with a driver that finds no canvas for any
// object, as the GLFW driver does for a widget detached from its window
// between a click and the pop-up it opens.
type detachedApp struct{ fyne.App }

func (a detachedApp) Driver() fyne.Driver { return detachedDriver{a.App.Driver()} }

type detachedDriver struct{ fyne.Driver }

func (detachedDriver) CanvasForObject(fyne.CanvasObject) fyne.Canvas { return nil }

// TestPopUps_DetachedWidgetDoesNotCrash: a tester's 审计日志 closed with a
// nil pointer in overlayRenderer.MinSize when the 操作 choice was clicked
// (Select.showPopUp with no canvas: fyne#5965). The fork's pop-ups now do
// nothing then; the choice, the entry's menu and the pop-up menu are tried
// with no canvas to be found.
func TestPopUps_DetachedWidgetDoesNotCrash(t *testing.T) {
	a := test.NewTempApp(t)
	test.NewTempWindow(t, widget.NewLabel(""))
	fyne.SetCurrentApp(detachedApp{a})
	t.Cleanup(func() { fyne.SetCurrentApp(a) })

	sel := widget.NewSelect([]string{"全部操作", "受理单（全部）"}, nil)
	sel.Resize(sel.MinSize())
	test.Tap(sel)
	entry := widget.NewEntry()
	entry.Resize(entry.MinSize())
	test.TapSecondary(entry)
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", fyne.NewMenuItem("复制", nil)), nil, fyne.NewPos(0, 0))
	pw := widget.NewPasswordEntry()
	pw.Resize(fyne.NewSize(200, pw.MinSize().Height))
	for _, o := range test.LaidOutObjects(pw) {
		if b, ok := o.(fyne.Tappable); ok && o != fyne.CanvasObject(pw) {
			b.Tapped(&fyne.PointEvent{}) // the eye that shows the password
		}
	}
}
