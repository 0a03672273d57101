package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// exportStore is what the 导出到总部 screen needs from the station's
// database.
type exportStore interface {
	// Export writes everything changed since the last export to a new
	// file in dir (a supervisor), reporting its progress in rows.
	Export(ctx context.Context, a forms.Actor, dir string, progress func(done, total int64)) (forms.ExportInfo, error)
	// RewriteExport writes export n again into dir, byte for byte.
	RewriteExport(ctx context.Context, a forms.Actor, n int64, dir string) (forms.ExportInfo, error)
	// Exports lists the exports made, newest first.
	Exports(ctx context.Context) ([]forms.ExportInfo, error)
	// ExportStatus counts the changes waiting and says which keys are set.
	ExportStatus(ctx context.Context) (forms.ExportStatus, error)
	Setting(ctx context.Context, key string) (string, error)
	SetSettings(ctx context.Context, a forms.Actor, values map[string]string) error
}

// exportScreen is 导出到总部: what waits to go to head office, where to
// write it (a removable drive or a folder, the last one remembered), the
// export with a progress bar, its result, and the exports made so far,
// each of which can be written again (a stick was lost).
type exportScreen struct {
	app  *App
	st   exportStore
	root fyne.CanvasObject

	status  forms.ExportStatus
	exports []forms.ExportInfo
	// dests are the destinations offered, in the order of dest's options:
	// the drives plugged in, the last destination, a chosen folder.
	dests []string
	busy  bool // an export or a rewrite is running

	note      *widget.Label // what the file is, with this station's file name
	pending   *widget.Label // changes waiting
	last      *widget.Label // the last export
	hqKey     *widget.Label // head office's key, or that none is set
	setKey    *widget.Button
	dest      *widget.Select
	refresh   *widget.Button // 刷新 the drives
	choose    *widget.Button // 选择文件夹…
	exportBtn *widget.Button
	why       *widget.Label // why 导出 is disabled
	result    *widget.Label // what the last export or rewrite did, or why it failed
	list      *widget.List

	progress    *widget.ProgressBar
	progressDlg dialog.Dialog
	rewriteDlg  dialog.Dialog
	rewriteBtn  *widget.Button // the rewrite dialog's 写出
	folderDlg   *dialog.FileDialog
}

func newExportScreen(u *App) *exportScreen {
	s := &exportScreen{app: u, st: u.store}
	s.pending = widget.NewLabel("")
	s.pending.Wrapping = fyne.TextWrapWord
	s.last = widget.NewLabel("")
	s.last.Wrapping = fyne.TextWrapWord
	s.hqKey = widget.NewLabel("")
	s.hqKey.Wrapping = fyne.TextWrapWord
	s.setKey = widget.NewButton(T("导入总部公钥…"), func() { s.app.showHQKeyImport() })
	s.dest = widget.NewSelect(nil, func(string) { s.updateButtons() })
	s.dest.PlaceHolder = T("请选择U盘或文件夹")
	s.refresh = widget.NewButton(T("刷新"), s.onShown)
	s.choose = widget.NewButton(T("选择文件夹…"), s.onChooseFolder)
	s.exportBtn = widget.NewButton(T("导出"), s.onExport)
	s.exportBtn.Importance = widget.HighImportance
	s.why = widget.NewLabel("")
	s.why.Wrapping = fyne.TextWrapWord
	s.why.Importance = widget.WarningImportance
	s.result = widget.NewLabel("")
	s.result.Wrapping = fyne.TextWrapBreak
	s.result.Hide()
	s.list = widget.NewList(
		func() int { return len(s.exports) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, nil, widget.NewButton(T("重新写出…"), nil), l)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			c := o.(*fyne.Container)
			e := s.exports[id]
			c.Objects[0].(*widget.Label).SetText(exportLine(e))
			b := c.Objects[1].(*widget.Button)
			b.OnTapped = func() { s.onRewrite(e) }
			if s.busy {
				b.Disable()
			} else {
				b.Enable()
			}
		})

	status := widget.NewForm(
		widget.NewFormItem(T("待导出"), s.pending),
		widget.NewFormItem(T("上次导出"), s.last),
		widget.NewFormItem(T("总部公钥"), container.NewBorder(nil, nil, nil, s.setKey, s.hqKey)),
		widget.NewFormItem(T("导出到"), container.NewBorder(nil, nil, nil, container.NewHBox(s.refresh, s.choose), s.dest)),
	)
	s.note = widget.NewLabel("")
	s.note.Wrapping = fyne.TextWrapWord
	s.showNote()
	top := container.NewVBox(
		heading(T("导出到总部")),
		s.note,
		status,
		container.NewBorder(nil, nil, s.exportBtn, nil, s.why),
		s.result,
		widget.NewSeparator(),
		heading(T("历次导出")),
	)
	s.root = container.NewBorder(top, nil, nil, nil, s.list)
	s.updateButtons()
	return s
}

func (s *exportScreen) content() fyne.CanvasObject { return s.root }

// showNote says what the export file is, with the name this station's
// next export will have (XL01-export-000003.cdx on station XL01).
func (s *exportScreen) showNote() {
	code := "QB01"
	if s.app.station != nil {
		code = s.app.station.Code()
	}
	s.note.SetText(Tf("导出文件只有总部能打开（按总部公钥加密），并由本机签名；本机的导出文件名如 %s。把U盘交给总部即可。",
		forms.ExportFileName(code, s.status.Last.Number+1)))
}

// exportLine is one earlier export in the list: number, date, change
// range, rows, the supervisor answerable and the file's name.
func exportLine(e forms.ExportInfo) string {
	return Tf("第%d号 · %s · 变动 %d–%d · %d 行 · %s · %s", e.Number, e.At.Local().Format("2006-01-02 15:04"),
		e.FromSeq+1, e.ToSeq, e.Rows, e.User, e.FileName)
}

// onShown reads the status, the exports, the last destination and the
// drives plugged in now, off the UI goroutine. The line under 导出 is
// cleared: what it said may no longer be true (work was done since).
func (s *exportScreen) onShown() {
	if s.busy {
		return
	}
	s.result.SetText("")
	s.result.Hide()
	s.load(nil)
}

// load reads what onShown shows, then runs then (nil: nothing) on the UI
// goroutine.
func (s *exportScreen) load(then func()) {
	drives := s.app.drives
	var (
		status  forms.ExportStatus
		exports []forms.ExportInfo
		lastDir string
		lastOK  bool
		found   []Drive
	)
	s.app.async(func(ctx context.Context) error {
		var err error
		if status, err = s.st.ExportStatus(ctx); err != nil {
			return err
		}
		if exports, err = s.st.Exports(ctx); err != nil {
			return err
		}
		if lastDir, err = s.st.Setting(ctx, forms.SettingExportDir); err != nil {
			return err
		}
		if lastDir != "" {
			fi, err := os.Stat(lastDir)
			lastOK = err == nil && fi.IsDir()
		}
		if drives != nil {
			found = drives()
		}
		return nil
	}, func() {
		s.status, s.exports = status, exports
		s.showStatus()
		s.list.Refresh()
		s.showDestinations(found, lastDir, lastOK)
		if then != nil {
			then()
		}
	})
}

// showStatus fills the status lines from s.status.
func (s *exportScreen) showStatus() {
	st := s.status
	s.showNote()
	if st.First {
		s.pending.SetText(T("还没有导出过：第一次导出将写出本机的全部记录"))
		s.pending.Importance = widget.WarningImportance
	} else if st.Pending > 0 {
		s.pending.SetText(Tf("%d 项变动尚未导出", st.Pending))
		s.pending.Importance = widget.WarningImportance
	} else {
		s.pending.SetText(T("没有尚未导出的变动"))
		s.pending.Importance = widget.MediumImportance
	}
	s.pending.Refresh()
	if st.Last.Number == 0 {
		s.last.SetText(T("本机还没有导出过"))
	} else {
		s.last.SetText(Tf("第%d号，%s，%s，%s", st.Last.Number, st.Last.At.Local().Format("2006-01-02 15:04"), st.Last.User, st.Last.FileName))
	}
	if st.RecipientFingerprint == "" {
		if s.app.user.IsSupervisor() {
			s.hqKey.SetText(T("尚未设置总部公钥：导出前请点“导入总部公钥…”，导入总部发来的公钥文件（hq-recipient.txt）或粘贴其内容（也可在“设置”中导入）。"))
		} else {
			// A clerk's button is disabled: say who can do it.
			s.hqKey.SetText(T("尚未设置总部公钥：须由主管登录后导入总部发来的公钥文件（hq-recipient.txt），才能导出。"))
		}
		s.hqKey.Importance = widget.DangerImportance
		s.setKey.SetText(T("导入总部公钥…"))
	} else {
		s.hqKey.SetText(Tf("已设置，指纹 %s", st.RecipientFingerprint))
		s.hqKey.Importance = widget.MediumImportance
		s.setKey.SetText(T("更换…"))
	}
	s.hqKey.Refresh()
	s.setKey.Enable()
	if !s.app.user.IsSupervisor() {
		s.setKey.Disable()
	}
	s.updateButtons()
}

// showDestinations offers the drives plugged in, the last destination (when
// it is still there) and a folder chosen on this visit, and selects the
// last destination, else the only drive.
func (s *exportScreen) showDestinations(found []Drive, lastDir string, lastOK bool) {
	chosen := s.destination()
	var labels, paths []string
	add := func(label, path string) {
		for _, p := range paths {
			if samePath(p, path) {
				return
			}
		}
		labels, paths = append(labels, label), append(paths, path)
	}
	for _, d := range found {
		add(d.String(), d.Path)
	}
	if lastOK {
		add(lastDir, lastDir)
	}
	if chosen != "" {
		add(chosen, chosen)
	}
	s.dests = paths
	s.dest.SetOptions(labels)
	switch {
	case chosen != "":
		s.selectPath(chosen)
	case lastOK:
		s.selectPath(lastDir)
	case len(found) == 1:
		s.dest.SetSelectedIndex(0)
	default:
		s.dest.ClearSelected()
	}
	s.updateButtons()
}

// samePath compares two folders as the OS does (Windows ignores case).
func samePath(a, b string) bool {
	a, b = filepath.Clean(a), filepath.Clean(b)
	if filepath.Separator == '\\' {
		return strings.EqualFold(a, b)
	}
	return a == b
}

// selectPath selects the destination path among the options.
func (s *exportScreen) selectPath(path string) {
	for i, p := range s.dests {
		if samePath(p, path) {
			s.dest.SetSelectedIndex(i)
			return
		}
	}
}

// destination is the folder selected, "" when none.
func (s *exportScreen) destination() string {
	if i := s.dest.SelectedIndex(); i >= 0 && i < len(s.dests) {
		return s.dests[i]
	}
	return ""
}

// setDestination offers path (a folder chosen) and selects it.
func (s *exportScreen) setDestination(path string) {
	for _, p := range s.dests {
		if samePath(p, path) {
			s.selectPath(path)
			s.updateButtons()
			return
		}
	}
	s.dests = append(s.dests, path)
	s.dest.SetOptions(append(append([]string(nil), s.dest.Options...), path))
	s.selectPath(path)
	s.updateButtons()
}

// updateButtons enables 导出 when it can succeed, and says why not.
func (s *exportScreen) updateButtons() {
	why := ""
	switch {
	case s.busy:
		why = T("正在写出，请稍候……")
	case s.status.RecipientFingerprint == "":
		why = T("尚未设置总部公钥，不能导出")
	case s.destination() == "":
		why = T("请先选择导出位置：插入U盘后点“刷新”，或“选择文件夹…”")
	}
	if why == "" {
		s.exportBtn.Enable()
		s.why.SetText("")
		s.why.Hide()
	} else {
		s.exportBtn.Disable()
		s.why.SetText(why)
		s.why.Show()
	}
	if s.busy {
		s.choose.Disable()
		s.refresh.Disable()
		s.dest.Disable()
	} else {
		s.choose.Enable()
		s.refresh.Enable()
		s.dest.Enable()
	}
}

// onChooseFolder opens the system's folder dialog.
func (s *exportScreen) onChooseFolder() {
	d := dialog.NewFolderOpen(func(uri fyne.ListableURI, err error) {
		s.folderDlg = nil
		if err != nil {
			s.app.showError(err)
			return
		}
		if uri == nil {
			return // cancelled
		}
		s.setDestination(uri.Path())
	}, s.app.win)
	d.Resize(fyne.NewSize(900, 600))
	s.folderDlg = d
	d.Show()
}

// startBusy shows the progress dialog and disables what must wait.
func (s *exportScreen) startBusy(title, text string) {
	s.busy = true
	s.updateButtons()
	s.list.Refresh()
	s.progress = widget.NewProgressBar()
	label := widget.NewLabel(text)
	label.Wrapping = fyne.TextWrapBreak
	s.progressDlg = dialog.NewCustomWithoutButtons(title, container.NewVBox(label, s.progress), s.app.win)
	s.progressDlg.Resize(fyne.NewSize(520, 160))
	s.progressDlg.Show()
}

// endBusy hides the progress dialog and enables the screen again.
func (s *exportScreen) endBusy() {
	if s.progressDlg != nil {
		s.progressDlg.Hide()
	}
	s.busy = false
	s.updateButtons()
	s.list.Refresh()
}

// showResult says what was written, or why it failed, under 导出 (only
// there: the status line would carry it to the other tabs, where it means
// nothing). Success is in the normal text colour, which reads well; the
// theme's green does not on white.
func (s *exportScreen) showResult(text string, imp widget.Importance) {
	s.result.SetText(text)
	s.result.Importance = imp
	s.result.Show()
	s.result.Refresh()
}

// failed shows an export's or a rewrite's failure under 导出.
func (s *exportScreen) failed(err error) {
	s.endBusy()
	s.showResult(forms.ErrorMessage(err), widget.DangerImportance)
}

// onExport first reads the status again: when nothing changed since the
// last export (and the destination is the one remembered, whose setting
// would be a change) it says so at once, without asking a supervisor to
// approve an export that would write nothing. Otherwise it exports.
func (s *exportScreen) onExport() {
	dir := s.destination()
	if dir == "" || s.busy {
		return
	}
	var (
		status  forms.ExportStatus
		lastDir string
	)
	s.app.async(func(ctx context.Context) error {
		var err error
		if status, err = s.st.ExportStatus(ctx); err != nil {
			return err
		}
		lastDir, err = s.st.Setting(ctx, forms.SettingExportDir)
		return err
	}, func() {
		s.status = status
		s.showStatus()
		if status.Last.Number > 0 && status.Pending == 0 && lastDir != "" && samePath(lastDir, dir) {
			s.showResult(forms.ErrorMessage(forms.ErrNothingToExport(status.Last.Number)), widget.MediumImportance)
			return
		}
		s.export(dir)
	})
}

// export writes everything not yet exported into dir (a supervisor
// approves a clerk's), with a progress bar; the destination is remembered
// first, so the export carries the setting too.
func (s *exportScreen) export(dir string) {
	if s.busy {
		return
	}
	var (
		info    forms.ExportInfo
		nothing error
		last    time.Time
	)
	bar := func(v float64) {}
	progress := func(done, total int64) { // on the export's goroutine
		if total <= 0 {
			return
		}
		if now := time.Now(); done == total || now.Sub(last) >= progressEvery {
			last = now
			v := float64(done) / float64(total)
			s.app.do(func() { bar(v) })
		}
	}
	s.result.Hide()
	begin := func() {
		s.startBusy(T("正在导出到总部"), Tf("正在写入 %s，请勿拔出U盘……", dir))
		p := s.progress
		bar = func(v float64) { p.SetValue(v) }
	}
	s.app.withSupervisor(T("导出到总部"), func(ctx context.Context, a forms.Actor) error {
		if err := s.st.SetSettings(ctx, a, map[string]string{forms.SettingExportDir: dir}); err != nil {
			s.app.do(func() { s.failed(err) })
			return err
		}
		// Only now: a wrong approver's password is refused above, in the
		// approval dialog, without "请勿拔出U盘" flashing over it.
		s.app.do(begin)
		var err error
		info, err = s.st.Export(ctx, a, dir, progress)
		if forms.IsNothingToExport(err) {
			nothing = err
			return nil
		}
		if err != nil {
			s.app.do(func() { s.failed(err) })
		}
		return err
	}, func() {
		s.endBusy()
		s.load(func() {
			if nothing != nil {
				s.showResult(forms.ErrorMessage(nothing), widget.MediumImportance)
			} else {
				s.showResult(exportResult(T("已导出"), info), widget.MediumImportance)
			}
		})
	})
}

// exportResult says what was written and where.
func exportResult(what string, e forms.ExportInfo) string {
	return Tf("%s第%d号：%s，%d 行（%s）\n写入：%s", what, e.Number, e.FileName, e.Rows, formatBytes(e.Size), e.Path)
}

// onRewrite asks to write export e again into the destination.
func (s *exportScreen) onRewrite(e forms.ExportInfo) {
	if s.busy {
		return
	}
	dir := s.destination()
	msg := newWrappedText("")
	if dir == "" {
		msg.SetText(Tf("先在“导出到”中选择U盘或文件夹，再重新写出第%d号导出。", e.Number))
	} else {
		// Short lines ending where a sentence does; the label keeps
		// closing marks off the start of a line (禁则) at any width.
		msg.SetText(Tf("把第%d号导出（%s，%s）原样再写一份到：\n%s\n\n总部只认原来的文件。\nU盘丢失或文件损坏时用它补送；已导入过的总部会提示“已导入”。",
			e.Number, e.FileName, e.At.Local().Format("2006-01-02 15:04"), dir))
	}
	s.rewriteBtn = widget.NewButton(T("写出"), func() {
		s.rewriteDlg.Hide()
		s.rewrite(e.Number, dir)
	})
	s.rewriteBtn.Importance = widget.HighImportance
	if dir == "" {
		s.rewriteBtn.Disable()
	}
	cancel := widget.NewButton(T("取消"), func() { s.rewriteDlg.Hide() })
	s.rewriteDlg = dialog.NewCustomWithoutButtons(Tf("重新写出第%d号导出", e.Number),
		container.NewVBox(msg, container.NewHBox(s.rewriteBtn, cancel)), s.app.win)
	s.rewriteDlg.Resize(fyne.NewSize(640, 260))
	s.rewriteDlg.Show()
}

// rewrite writes export n again into dir (a supervisor approves a
// clerk's).
func (s *exportScreen) rewrite(n int64, dir string) {
	var info forms.ExportInfo
	s.result.Hide()
	s.app.withSupervisor(T("重新写出导出"), func(ctx context.Context, a forms.Actor) error {
		s.app.do(func() {
			s.startBusy(T("正在重新写出"), Tf("正在把第%d号导出写入 %s，请勿拔出U盘……", n, dir))
		})
		var err error
		info, err = s.st.RewriteExport(ctx, a, n, dir)
		if err != nil {
			s.app.do(func() { s.failed(err) })
		}
		return err
	}, func() {
		s.endBusy() // a success: the action opened the dialog first
		s.load(func() { s.showResult(exportResult(T("已重新写出"), info), widget.MediumImportance) })
	})
}
