package ui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// pointEditor edits the talking points the case screen shows the clerk:
// the text (long wording in a multi-line entry) and when it applies.
type pointEditor struct {
	ed      *serviceEditor
	items   *itemList
	loading bool

	text    *widget.Entry
	cond    *wrappedText
	condBtn *widget.Button
	detail  *fyne.Container
	root    fyne.CanvasObject
}

func newPointEditor(e *serviceEditor) *pointEditor {
	p := &pointEditor{ed: e}
	p.items = newItemList(func() int { return len(e.svc.TalkingPoints) }, func(i int) string {
		t := e.svc.TalkingPoints[i]
		s := strings.ReplaceAll(t.Text, "\n", " ")
		if t.When != nil {
			s = e.conditionText(t.When) + "：" + s
		}
		return s
	}, p.load)
	p.text = widget.NewMultiLineEntry()
	p.text.Wrapping = fyne.TextWrapWord
	p.text.SetMinRowsVisible(6)
	p.text.SetPlaceHolder(T("窗口人员要向客户说明的话"))
	p.text.OnChanged = func(s string) {
		i := p.items.sel
		if p.loading || i < 0 || i >= len(e.svc.TalkingPoints) {
			return
		}
		e.svc.TalkingPoints[i].Text = strings.TrimSpace(s)
		p.items.list.RefreshItem(i)
	}
	p.cond = newWrappedText("")
	p.condBtn = widget.NewButton(T("设置条件…"), func() {
		i := p.items.sel
		if i < 0 {
			return
		}
		e.editCondition(T("告知要点"), e.svc.TalkingPoints[i].When, func(c *forms.Condition) {
			e.svc.TalkingPoints[i].When = c
			p.cond.SetText(e.conditionText(c))
			p.items.list.RefreshItem(i)
		})
	})
	form := widget.NewForm(
		widget.NewFormItem(T("告知内容"), p.text),
		widget.NewFormItem(T("适用条件"), container.NewBorder(nil, nil, nil, p.condBtn, p.cond)),
	)
	p.detail = container.NewVBox(form)
	p.items.add = widget.NewButton(T("添加要点"), func() {
		e.svc.TalkingPoints = append(e.svc.TalkingPoints, forms.TalkingPoint{Text: "新的告知要点"})
		p.items.selectLine(len(e.svc.TalkingPoints) - 1)
		e.app.win.Canvas().Focus(p.text)
	})
	p.items.remove = widget.NewButton(T("删除要点"), func() {
		i := p.items.sel
		if i < 0 || i >= len(e.svc.TalkingPoints) {
			return
		}
		e.svc.TalkingPoints = slices.Delete(e.svc.TalkingPoints, i, i+1)
		p.items.selectLine(min(i, len(e.svc.TalkingPoints)-1))
	})
	up, down := p.items.moveButtons(func(i, j int) {
		ts := e.svc.TalkingPoints
		ts[i], ts[j] = ts[j], ts[i]
	})
	p.root = p.items.content(p.detail, p.items.add, p.items.remove, up, down)
	p.load(-1)
	return p
}

func (p *pointEditor) content() fyne.CanvasObject { return p.root }

func (p *pointEditor) load(i int) {
	p.loading = true
	defer func() { p.loading = false }()
	if i < 0 || i >= len(p.ed.svc.TalkingPoints) {
		p.detail.Hide()
		return
	}
	t := p.ed.svc.TalkingPoints[i]
	p.text.SetText(t.Text)
	p.cond.SetText(p.ed.conditionText(t.When))
	p.detail.Show()
	p.items.relayout()
}
