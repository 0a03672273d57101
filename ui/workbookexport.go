package ui

import (
	"context"
	"io"
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// workbookExport is the Excel export that the month report and the
// service report share: the file-save dialog, the write off the UI
// goroutine, and what the clerk is told when the file was written or why
// not. A screen makes one from its own widgets each time it exports.
type workbookExport struct {
	app     *App
	button  *widget.Button      // the screen's 导出Excel, disabled while writing
	message *wrappedText        // the screen's message line, where a failure stays
	save    **dialog.FileDialog // the screen's field holding the dialog on show, for tests
	logName string              // what the log calls the file, e.g. "month workbook"
}

// ask shows the file-save dialog with stem+".xlsx" proposed and passes
// the chosen file and its path to write; a cancel does nothing, and a
// file that cannot be opened goes to failed.
func (e workbookExport) ask(stem string, write func(w io.WriteCloser, path string)) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		*e.save = nil
		if err != nil {
			e.failed(err)
			return
		}
		if w == nil {
			return // cancelled
		}
		write(w, w.URI().Path())
	}, e.app.win)
	d.SetFileName(stem + ".xlsx")
	d.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx"}))
	d.Resize(fyne.NewSize(900, 600))
	*e.save = d
	d.Show()
}

// write runs fill on w off the UI goroutine, closes w and, back on the
// UI goroutine, puts status on the home screen's status line and shows
// done; a failure of fill or of the close goes to failed. status and done
// come already translated from the screen.
func (e workbookExport) write(w io.WriteCloser, fill func(io.Writer) error, status, done string) {
	e.button.Disable()
	e.app.run(func(context.Context) error {
		err := fill(w)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		return err
	}, func(err error) {
		e.button.Enable()
		if err != nil {
			e.failed(err)
			return
		}
		e.message.Hide()
		if e.app.home != nil {
			e.app.home.setStatus(status)
		}
		e.app.info(T("已导出"), done)
	})
}

// failed tells the clerk the workbook was not written, and why: the
// error's own Chinese message, or 文件没有写成 for an internal one, and
// what to try (another place, the USB stick plugged in with room and
// without write protection). It stays on the message line and shows a
// dialog.
func (e workbookExport) failed(err error) {
	log.Printf("%s: %v", e.logName, err)
	why := T("文件没有写成")
	if forms.ErrorCode(err) != forms.EINTERNAL {
		why = forms.ErrorMessage(err)
	}
	msg := Tf("导出Excel失败（%s）。请换一个保存位置（如桌面或另一个U盘）再试；用U盘的，请确认已插好、空间够、没有写保护。", why)
	e.message.SetText(msg)
	e.message.Show()
	newInformation(T("无法导出"), msg, e.app.win).Show()
}
