package ui

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// keepers are who keeps a printed copy of a document, as the supervisor
// chooses them.
var keepers = []struct{ code, label string }{
	{"customer", "客户"},
	{"office", "本机构存档"},
	{"counter", "窗口"},
	{"finance", "财务"},
	{"family_planning", "计生办"},
}

func keeperLabel(code string) string {
	for _, k := range keepers {
		if k.code == code {
			return T(k.label)
		}
	}
	return code
}

func keeperCode(label string) string {
	for _, k := range keepers {
		if T(k.label) == label {
			return k.code
		}
	}
	return label
}

// documentEditor edits the documents a service prints: title, wording with
// ［placeholders］ (an unknown one is named next to the wording as it is
// typed, and forms.Service.Validate refuses it on saving), the printed
// copies with their labels and keepers, the signature lines, the switch
// and the condition.
type documentEditor struct {
	ed      *serviceEditor
	items   *itemList
	loading bool

	title      *widget.Entry
	body       *widget.Entry
	unknown    *widget.Label // the unknown placeholders of the wording
	known      *widget.Label // the placeholders the wording may use
	copies     *fyne.Container
	addCopy    *widget.Button
	signatures *widget.Entry
	off        *widget.Check
	cond       *widget.Label
	condBtn    *widget.Button
	detail     *fyne.Container
	root       fyne.CanvasObject
}

func newDocumentEditor(e *serviceEditor) *documentEditor {
	d := &documentEditor{ed: e}
	d.items = newItemList(func() int { return len(e.svc.Documents) }, d.line, d.load)
	d.title = widget.NewEntry()
	d.body = widget.NewMultiLineEntry()
	d.body.Wrapping = fyne.TextWrapWord
	d.body.SetMinRowsVisible(9)
	d.body.SetPlaceHolder(T("文书正文；用［姓名］这样的全角方括号插入客户和业务的内容"))
	d.unknown = widget.NewLabel("")
	d.unknown.Wrapping = fyne.TextWrapWord
	d.unknown.Importance = widget.DangerImportance
	d.known = widget.NewLabel("")
	d.known.Wrapping = fyne.TextWrapWord
	d.copies = container.NewVBox()
	d.addCopy = widget.NewButton(T("添加一联"), func() {
		d.set(func(doc *forms.Document) {
			doc.Copies = append(doc.Copies, forms.CopyLabel{Label: fmt.Sprintf("第%d联", len(doc.Copies)+1), Keeper: "office"})
		})
		d.showCopies()
	})
	d.signatures = widget.NewEntry()
	d.signatures.SetPlaceHolder(T("如：承诺人、经办人，用顿号分开"))
	d.off = widget.NewCheck(T("已停用（不再打印）"), nil)
	d.cond = widget.NewLabel("")
	d.cond.Wrapping = fyne.TextWrapWord
	d.condBtn = widget.NewButton(T("设置条件…"), d.onCondition)

	d.title.OnChanged = func(s string) { d.set(func(doc *forms.Document) { doc.Title = strings.TrimSpace(s) }) }
	d.body.OnChanged = func(s string) {
		d.set(func(doc *forms.Document) { doc.Body = s })
		d.showUnknown()
	}
	d.signatures.OnChanged = func(s string) {
		d.set(func(doc *forms.Document) { doc.Signatures = splitList(s) })
	}
	d.off.OnChanged = func(b bool) { d.set(func(doc *forms.Document) { doc.Off = b }) }

	form := widget.NewForm(
		widget.NewFormItem(T("标题"), d.title),
		widget.NewFormItem(T("正文"), container.NewVBox(d.body, d.unknown, d.known)),
		widget.NewFormItem(T("打印份数"), container.NewVBox(d.copies, container.NewHBox(d.addCopy))),
		widget.NewFormItem(T("签名栏"), d.signatures),
		widget.NewFormItem(T("适用条件"), container.NewBorder(nil, nil, nil, d.condBtn, d.cond)),
	)
	d.detail = container.NewVBox(form, d.off)
	d.items.add = widget.NewButton(T("添加文书"), d.onAdd)
	d.items.remove = widget.NewButton(T("删除文书"), d.onRemove)
	up, down := d.items.moveButtons(func(i, j int) {
		ds := d.ed.svc.Documents
		ds[i], ds[j] = ds[j], ds[i]
	})
	d.root = d.items.content(d.detail, d.items.add, d.items.remove, up, down)
	d.load(-1)
	return d
}

func (d *documentEditor) content() fyne.CanvasObject { return d.root }

// splitList splits "承诺人、经办人" into its names.
func splitList(s string) []string {
	var out []string
	for _, x := range strings.FieldsFunc(s, func(r rune) bool { return r == '、' || r == ',' || r == '，' || r == ';' || r == '；' }) {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

func (d *documentEditor) line(i int) string {
	doc := d.ed.svc.Documents[i]
	s := fmt.Sprintf("%s（%d联）", doc.Title, len(doc.Copies))
	if doc.Off {
		s += T(" · 已停用")
	}
	if doc.When != nil {
		s += " · " + d.ed.conditionText(doc.When)
	}
	return s
}

func (d *documentEditor) set(f func(doc *forms.Document)) {
	i := d.items.sel
	if d.loading || i < 0 || i >= len(d.ed.svc.Documents) {
		return
	}
	f(&d.ed.svc.Documents[i])
	d.items.list.RefreshItem(i)
}

// load shows document i's details (-1: none selected).
func (d *documentEditor) load(i int) {
	d.loading = true
	defer func() { d.loading = false }()
	if i < 0 || i >= len(d.ed.svc.Documents) {
		d.detail.Hide()
		return
	}
	doc := d.ed.svc.Documents[i]
	d.title.SetText(doc.Title)
	d.body.SetText(doc.Body)
	d.signatures.SetText(strings.Join(doc.Signatures, "、"))
	d.off.SetChecked(doc.Off)
	if doc.Switchable {
		d.off.Show()
	} else {
		d.off.Hide()
	}
	if doc.Body == "" && i >= 0 {
		d.body.SetPlaceHolder(T("版式由程序生成的文书没有正文；也可以在此填写正文"))
	}
	d.cond.SetText(d.ed.conditionText(doc.When))
	d.loading = false
	d.showCopies()
	d.showUnknown()
	d.detail.Show()
	d.items.relayout()
}

// showCopies lists the selected document's copies: label, keeper, 删除.
func (d *documentEditor) showCopies() {
	d.copies.RemoveAll()
	i := d.items.sel
	if i < 0 || i >= len(d.ed.svc.Documents) {
		return
	}
	var labels []string
	for _, k := range keepers {
		labels = append(labels, T(k.label))
	}
	for j, c := range d.ed.svc.Documents[i].Copies {
		j := j
		label := widget.NewEntry()
		label.SetText(c.Label)
		label.SetPlaceHolder(T("印在该联上，如“客户留存”"))
		label.OnChanged = func(s string) {
			d.set(func(doc *forms.Document) { doc.Copies[j].Label = strings.TrimSpace(s) })
		}
		keeper := widget.NewSelect(labels, nil)
		keeper.SetSelected(keeperLabel(c.Keeper))
		keeper.OnChanged = func(s string) {
			d.set(func(doc *forms.Document) { doc.Copies[j].Keeper = keeperCode(s) })
		}
		del := widget.NewButton(T("删除"), func() {
			d.set(func(doc *forms.Document) { doc.Copies = slices.Delete(doc.Copies, j, j+1) })
			d.showCopies()
		})
		d.copies.Add(container.NewBorder(nil, nil, nil,
			container.NewHBox(container.NewGridWrap(fyne.NewSize(150, keeper.MinSize().Height), keeper), del), label))
	}
	d.items.relayout()
}

// showUnknown names the placeholders of the selected document's wording
// that no field fills, next to the wording, and lists the known ones.
func (d *documentEditor) showUnknown() {
	i := d.items.sel
	if i < 0 || i >= len(d.ed.svc.Documents) {
		return
	}
	known := forms.DocumentPlaceholders(d.ed.svc)
	var shown []string
	for _, k := range known {
		shown = append(shown, "［"+k+"］")
	}
	d.known.SetText(T("可用占位符：") + strings.Join(shown, ""))
	var bad []string
	for _, p := range forms.Placeholders(d.ed.svc.Documents[i].Body) {
		if !slices.Contains(known, p) && !slices.Contains(bad, "［"+p+"］") {
			bad = append(bad, "［"+p+"］")
		}
	}
	was := d.unknown.Visible()
	if len(bad) == 0 {
		d.unknown.SetText("")
		d.unknown.Hide()
	} else {
		d.unknown.SetText(Tf("不认识的占位符：%s——打印时无法填写，请改为下面列出的占位符之一", strings.Join(bad, "、")))
		d.unknown.Show()
	}
	if was != d.unknown.Visible() {
		d.items.relayout()
	}
}

// showFirstUnknown shows the first document whose wording has an unknown
// placeholder, so the refusal that names it is next to it; nothing
// changes when every wording is fine.
func (d *documentEditor) showFirstUnknown() {
	known := forms.DocumentPlaceholders(d.ed.svc)
	for i, doc := range d.ed.svc.Documents {
		for _, p := range forms.Placeholders(doc.Body) {
			if !slices.Contains(known, p) {
				d.ed.selectTab(d.root)
				if d.items.sel != i {
					d.items.selectLine(i)
				}
				d.showUnknown()
				return
			}
		}
	}
}

func (d *documentEditor) onCondition() {
	i := d.items.sel
	if i < 0 {
		return
	}
	doc := d.ed.svc.Documents[i]
	d.ed.editCondition(doc.Title, doc.When, func(c *forms.Condition) {
		d.ed.svc.Documents[i].When = c
		d.cond.SetText(d.ed.conditionText(c))
		d.items.list.RefreshItem(i)
		d.items.relayout()
	})
}

func (d *documentEditor) onAdd() {
	s := d.ed.svc
	n := len(s.Documents) + 1
	id := fmt.Sprintf("doc%d", n)
	for slices.ContainsFunc(s.Documents, func(x forms.Document) bool { return x.ID == id }) {
		n++
		id = fmt.Sprintf("doc%d", n)
	}
	s.Documents = append(s.Documents, forms.Document{ID: id, Title: "《新文书》",
		Copies: []forms.CopyLabel{{Label: "客户留存", Keeper: "customer"}, {Label: "本机构存档", Keeper: "office"}}})
	d.items.selectLine(len(s.Documents) - 1)
	d.ed.app.win.Canvas().Focus(d.title)
}

func (d *documentEditor) onRemove() {
	i := d.items.sel
	s := d.ed.svc
	if i < 0 || i >= len(s.Documents) {
		return
	}
	s.Documents = slices.Delete(s.Documents, i, i+1)
	d.items.selectLine(min(i, len(s.Documents)-1))
}
