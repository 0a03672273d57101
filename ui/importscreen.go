package ui

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// importStore is what the member import needs from the station's
// database.
type importStore interface {
	ReadMemberFile(name string, r io.Reader, sheet string) (*forms.MemberSheet, error)
	PreviewMemberImport(ctx context.Context, req forms.MemberImport) (*forms.MemberImportPreview, error)
	ImportMembers(ctx context.Context, a forms.Actor, req forms.MemberImport, progress func(done, total int)) (*forms.MemberImportResult, error)
}

// importScreen is the supervisor's screen that brings in the branch's
// existing member list (导入成员): choose an Excel or CSV file, check the
// column of each field, see every row with what the import would do with
// it, and import all accepted rows at once, with a progress bar.
type importScreen struct {
	app  *App
	st   importStore
	root fyne.CanvasObject

	// The file loaded: its name and bytes (to read another worksheet),
	// the sheet read from it, the mapping and the preview.
	fileName string
	data     []byte
	sheet    *forms.MemberSheet
	mapping  forms.MemberMapping
	preview  *forms.MemberImportPreview
	result   *forms.MemberImportResult
	seq      int  // the newest preview asked for; older answers are dropped
	quiet    bool // the selects are being filled in: no preview per change
	busy     bool // an import is running

	chooseBtn *widget.Button
	fileInfo  *widget.Label
	sheets    *widget.Select
	sheetRow  *fyne.Container
	fields    []*widget.Select // one per forms.MemberFields
	update    *widget.Check
	table     *widget.Table
	detail    *widget.Label
	counts    *widget.Label
	importBtn *widget.Button

	// top and bottom hold the widgets whose size changes with the file
	// (the sheet choice, the button's count); they are laid out again.
	top, bottom *fyne.Container

	confirm     *widget.Button // the confirmation dialog's button
	confirmDlg  dialog.Dialog
	progress    *widget.ProgressBar
	progressDlg dialog.Dialog
}

// importColumns are the preview table's column headers.
var importColumns = []string{"行号", "姓名", "身份证号码", "处理结果"}

// noColumn is the choice of a field the file does not have.
const noColumn = "（无此列）"

func newImportScreen(u *App) *importScreen {
	s := &importScreen{app: u, st: u.store}
	s.chooseBtn = widget.NewButton(T("选择成员名单文件…"), s.onChooseFile)
	s.chooseBtn.Importance = widget.HighImportance
	s.fileInfo = widget.NewLabel(T("选择 Excel（.xlsx）或 CSV 文件。导入前逐行预览：哪些将导入，哪些被拒绝及原因；全部在一次操作中导入，不会只导入一半。"))
	s.fileInfo.Wrapping = fyne.TextWrapBreak
	s.sheets = widget.NewSelect(nil, s.onSheetSelected)
	s.sheetRow = container.NewHBox(widget.NewLabel(T("工作表")), s.sheets)
	s.sheetRow.Hide()

	var left, right []*widget.FormItem
	for i, f := range forms.MemberFields {
		sel := widget.NewSelect(nil, func(string) { s.onMappingChanged() })
		sel.PlaceHolder = T(noColumn)
		s.fields = append(s.fields, sel)
		item := widget.NewFormItem(T(f.Label()), sel)
		if i < len(forms.MemberFields)/2 {
			left = append(left, item)
		} else {
			right = append(right, item)
		}
	}
	s.update = widget.NewCheck(T("已有客户时更新其资料"), func(bool) { s.runPreview() })

	s.table = widget.NewTableWithHeaders(
		func() (int, int) { return s.rowCount(), len(importColumns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("510113**********0024")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			text, imp := s.cell(id.Row, id.Col)
			l.Importance = imp
			l.SetText(text)
		})
	s.table.ShowHeaderColumn = false
	s.table.CreateHeader = func() fyne.CanvasObject { return widget.NewLabel("") }
	s.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Row < 0 && id.Col >= 0 {
			o.(*widget.Label).SetText(T(importColumns[id.Col]))
		}
	}
	for i, w := range []float32{70, 130, 200, 760} {
		s.table.SetColumnWidth(i, w)
	}
	s.detail = widget.NewLabel("")
	s.detail.Wrapping = fyne.TextWrapBreak
	s.table.OnSelected = func(id widget.TableCellID) { s.showDetail(id.Row) }

	s.counts = widget.NewLabel("")
	s.importBtn = widget.NewButton(T("导入成员"), s.onImport)
	s.importBtn.Importance = widget.HighImportance
	s.importBtn.Disable()

	mapping := container.NewVBox(
		heading(T("各项所在的列")),
		container.NewGridWithColumns(2, widget.NewForm(left...), widget.NewForm(right...)),
		s.update,
	)
	s.top = container.NewVBox(container.NewBorder(nil, nil, s.chooseBtn, nil, s.fileInfo), s.sheetRow, mapping, widget.NewSeparator())
	s.bottom = container.NewVBox(widget.NewSeparator(), s.detail,
		container.NewBorder(nil, nil, nil, s.importBtn, s.counts))
	s.root = container.NewBorder(s.top, s.bottom, nil, nil, s.table)
	return s
}

func (s *importScreen) content() fyne.CanvasObject { return s.root }

// onChooseFile opens the system's file dialog for an .xlsx or .csv file.
func (s *importScreen) onChooseFile() {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			s.app.showError(err)
			return
		}
		if rc == nil {
			return // cancelled
		}
		s.load(rc.URI().Name(), rc)
	}, s.app.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx", ".csv", ".XLSX", ".CSV"}))
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

// load reads a member file off the UI goroutine (closing r when it is a
// Closer), guesses the mapping from its header and previews it. The file
// dialog calls it; tests call it with a file of their own.
func (s *importScreen) load(name string, r io.Reader) {
	var data []byte
	var sheet *forms.MemberSheet
	s.app.async(func(ctx context.Context) error {
		if c, ok := r.(io.Closer); ok {
			defer c.Close()
		}
		var err error
		if data, err = io.ReadAll(r); err != nil {
			// The OS's own words (often English) go to the log only.
			log.Printf("read member file %q: %v", name, err)
			return forms.Errorf(forms.EINVALID, "无法读取文件“%s”：请确认文件没有被其他程序占用、U盘没有拔出，再选择一次", name)
		}
		sheet, err = s.st.ReadMemberFile(name, bytes.NewReader(data), "")
		return err
	}, func() {
		s.fileName, s.data = name, data
		s.show(sheet, forms.GuessMemberMapping(sheet.Header))
	})
}

// onSheetSelected reads another worksheet of the loaded workbook.
func (s *importScreen) onSheetSelected(name string) {
	if s.quiet || s.sheet == nil || name == s.sheet.Sheet {
		return
	}
	fileName, data := s.fileName, s.data
	var sheet *forms.MemberSheet
	s.app.async(func(ctx context.Context) error {
		var err error
		sheet, err = s.st.ReadMemberFile(fileName, bytes.NewReader(data), name)
		return err
	}, func() { s.show(sheet, forms.GuessMemberMapping(sheet.Header)) })
}

// show puts a sheet read from a file on the screen with a mapping, and
// previews it.
func (s *importScreen) show(sheet *forms.MemberSheet, m forms.MemberMapping) {
	s.sheet, s.mapping, s.preview, s.result = sheet, m, nil, nil
	info := Tf("%s · 表头在第 %d 行 · %d 行数据", sheet.FileName, sheet.HeaderRow, len(sheet.Rows))
	if sheet.Format == "csv" {
		info += Tf(" · 文字编码：%s", T(sheet.Encoding))
	} else {
		info += Tf(" · 工作表“%s”", sheet.Sheet)
	}
	s.fileInfo.SetText(info)

	s.quiet = true
	s.sheets.SetOptions(sheet.Sheets)
	s.sheets.SetSelected(sheet.Sheet)
	if len(sheet.Sheets) > 1 {
		s.sheetRow.Show()
	} else {
		s.sheetRow.Hide()
	}
	cols := append([]string{T(noColumn)}, sheet.Columns()...)
	for i, f := range forms.MemberFields {
		s.fields[i].SetOptions(cols)
		s.fields[i].SetSelectedIndex(m.Column(f) + 1)
	}
	s.quiet = false
	s.detail.SetText("")
	s.table.UnselectAll()
	s.relayout()
	s.runPreview()
}

// onMappingChanged reads the mapping from the selects and previews again.
func (s *importScreen) onMappingChanged() {
	if s.quiet || s.sheet == nil {
		return
	}
	var m forms.MemberMapping
	for i, f := range forms.MemberFields {
		m.Set(f, s.fields[i].SelectedIndex()-1)
	}
	s.mapping = m
	s.runPreview()
}

// runPreview asks the store what importing the sheet would do; only the
// answer to the newest request is shown.
func (s *importScreen) runPreview() {
	if s.sheet == nil || s.busy {
		return
	}
	s.seq++
	seq := s.seq
	req := s.request()
	var p *forms.MemberImportPreview
	var refused error
	s.app.async(func(ctx context.Context) error {
		var err error
		p, err = s.st.PreviewMemberImport(ctx, req)
		if forms.ErrorCode(err) == forms.EINVALID {
			refused, err = err, nil // a mapping to fix: said on the screen, not in a box
		}
		return err
	}, func() {
		if seq != s.seq {
			return
		}
		s.preview = p
		s.detail.SetText("")
		s.table.UnselectAll()
		s.table.Refresh()
		if refused != nil {
			s.counts.SetText(forms.ErrorMessage(refused))
			s.counts.Importance = widget.DangerImportance
		} else {
			s.counts.SetText(Tf("共 %d 行：将导入 %d 位，将更新 %d 位，已有客户不变 %d 位，拒绝 %d 行",
				len(p.Rows), p.Count(forms.ImportNew), p.Count(forms.ImportUpdate), p.Count(forms.ImportUnchanged), p.Count(forms.ImportRefused)))
			s.counts.Importance = widget.MediumImportance
		}
		s.counts.Refresh()
		s.updateImportButton()
		s.relayout()
	})
}

// relayout lays the screen out again after widgets changed their size.
func (s *importScreen) relayout() {
	s.top.Refresh()
	s.bottom.Refresh()
	s.root.Refresh()
}

// request is the import the screen shows.
func (s *importScreen) request() forms.MemberImport {
	return forms.MemberImport{Sheet: s.sheet, Mapping: s.mapping, UpdateExisting: s.update.Checked}
}

func (s *importScreen) updateImportButton() {
	n := 0
	if s.preview != nil {
		n = s.preview.ToWrite()
	}
	s.importBtn.SetText(Tf("导入 %d 位成员", n))
	if n == 0 || s.busy {
		s.importBtn.Disable()
	} else {
		s.importBtn.Enable()
	}
}

func (s *importScreen) rowCount() int {
	if s.preview == nil {
		return 0
	}
	return len(s.preview.Rows)
}

// cell is the text and colour of one cell of the preview table.
func (s *importScreen) cell(row, col int) (string, widget.Importance) {
	if s.preview == nil || row < 0 || row >= len(s.preview.Rows) {
		return "", widget.MediumImportance
	}
	r := &s.preview.Rows[row]
	switch col {
	case 0:
		return fmt.Sprint(r.Line), widget.MediumImportance
	case 1:
		return r.Name, widget.MediumImportance
	case 2:
		return forms.MaskID(r.IDNumber), widget.MediumImportance
	}
	return statusText(r)
}

// statusText says what the import does with a row, as the table shows it.
func statusText(r *forms.MemberImportRow) (string, widget.Importance) {
	switch r.Status {
	case forms.ImportNew:
		return T("将导入"), widget.SuccessImportance
	case forms.ImportUpdate:
		return Tf("已有客户，将更新：%s", translateAll(r.Changes)), widget.WarningImportance
	case forms.ImportUnchanged:
		if len(r.Changes) > 0 {
			return Tf("已有客户，不变（表格中不同：%s）", translateAll(r.Changes)), widget.MediumImportance
		}
		return T("已有客户，不变"), widget.MediumImportance
	}
	return Tf("拒绝：%s", r.Reason), widget.DangerImportance
}

// translateAll translates field labels and joins them.
func translateAll(labels []string) string {
	out := make([]string, len(labels))
	for i, l := range labels {
		out[i] = T(l)
	}
	return strings.Join(out, T("、"))
}

// showDetail shows the whole text of a row's status below the table: a
// refusal reason is longer than its column.
func (s *importScreen) showDetail(row int) {
	if s.preview == nil || row < 0 || row >= len(s.preview.Rows) {
		s.detail.SetText("")
		return
	}
	r := &s.preview.Rows[row]
	text, _ := statusText(r)
	if r.Status == forms.ImportUnchanged && r.Reason != "" {
		text = T("已有客户，不变") + T("：") + r.Reason
	}
	s.detail.SetText(Tf("第 %d 行 %s：%s", r.Line, r.Name, text))
	s.relayout()
}

// onImport asks the supervisor to confirm, then imports.
func (s *importScreen) onImport() {
	if s.preview == nil || s.preview.ToWrite() == 0 || s.busy {
		return
	}
	p := s.preview
	msg := newWrappedText(Tf("将新建 %d 位成员、更新 %d 位已有客户的资料；拒绝的 %d 行不导入，可在表格中改正后再导入一次。\n全部在一次操作中完成，中途出错则什么也不导入。",
		p.Count(forms.ImportNew), p.Count(forms.ImportUpdate), p.Count(forms.ImportRefused)))
	s.confirm = widget.NewButton(Tf("导入 %d 位成员", p.ToWrite()), func() {
		s.confirmDlg.Hide()
		s.run()
	})
	s.confirm.Importance = widget.HighImportance
	cancel := widget.NewButton(T("返回"), func() { s.confirmDlg.Hide() })
	s.confirmDlg = dialog.NewCustomWithoutButtons(T("确认导入"), container.NewVBox(msg, container.NewHBox(s.confirm, cancel)), s.app.win)
	s.confirmDlg.Resize(fyne.NewSize(520, 220))
	s.confirmDlg.Show()
}

// progressEvery is how often the progress bar moves at most: fyne.Do's
// queue is unbounded, so an import of thousands of rows must not post one
// update per row.
const progressEvery = 100 * time.Millisecond

// run imports off the UI goroutine behind a progress dialog (a supervisor
// approves it), then shows what was done and previews the file again (its
// rows are now customers).
func (s *importScreen) run() {
	req := s.request()
	s.busy = true
	s.updateImportButton()
	s.chooseBtn.Disable()
	s.progress = widget.NewProgressBar()
	label := widget.NewLabel(Tf("正在导入“%s”，请稍候……", req.Sheet.FileName))
	s.progressDlg = dialog.NewCustomWithoutButtons(T("正在导入成员"), container.NewVBox(label, s.progress), s.app.win)
	s.progressDlg.Resize(fyne.NewSize(420, 140))
	s.progressDlg.Show()
	bar, dlg := s.progress, s.progressDlg

	var res *forms.MemberImportResult
	var last time.Time
	progress := func(done, total int) { // on the import's goroutine
		if now := time.Now(); done == total || now.Sub(last) >= progressEvery {
			last = now
			v := float64(done) / float64(total)
			s.app.do(func() { bar.SetValue(v) })
		}
	}
	finish := func() {
		dlg.Hide()
		s.busy = false
		s.chooseBtn.Enable()
		s.updateImportButton()
	}
	s.app.withSupervisor(T("导入成员"), func(ctx context.Context, a forms.Actor) error {
		var err error
		res, err = s.st.ImportMembers(ctx, a, req, progress)
		if err != nil {
			s.app.do(finish)
		}
		return err
	}, func() {
		finish()
		s.result = res
		summary := Tf("已导入“%s”：新建成员 %d 位，更新 %d 位；已有客户未变 %d 位，拒绝 %d 行。",
			res.FileName, res.Created, res.Updated, res.Unchanged, res.Refused)
		if s.app.home != nil {
			s.app.home.setStatus(summary)
		}
		s.app.info(T("导入完成"), summary)
		s.runPreview()
	})
}
