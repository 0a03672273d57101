package ui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// paperEditor edits the service's papers (材料): name, originals, copies,
// seen-only, a note, whether the supervisor switched it off, and its
// condition. The counts are kept as typed until 保存 reads them, so a
// mistyped count is named then, never lost.
type paperEditor struct {
	ed      *serviceEditor
	items   *itemList
	counts  [][2]string // originals, copies as typed, by paper
	loading bool

	name, originals, copies, note *widget.Entry
	seenOnly, off                 *widget.Check
	cond                          *widget.Label
	condBtn                       *widget.Button
	detail                        *fyne.Container
	root                          fyne.CanvasObject
}

func newPaperEditor(e *serviceEditor) *paperEditor {
	p := &paperEditor{ed: e}
	for _, r := range e.svc.Requirements {
		p.counts = append(p.counts, [2]string{itoaBlank(r.Originals), itoaBlank(r.Copies)})
	}
	p.items = newItemList(func() int { return len(e.svc.Requirements) }, p.line, p.load)
	p.name = widget.NewEntry()
	p.originals = widget.NewEntry()
	p.originals.SetPlaceHolder(T("原件份数"))
	p.copies = widget.NewEntry()
	p.copies.SetPlaceHolder(T("复印件份数"))
	p.note = widget.NewEntry()
	p.note.SetPlaceHolder(T("可不填，如“双方各一份”"))
	p.seenOnly = widget.NewCheck(T("原件核验后退还"), nil)
	p.off = widget.NewCheck(T("已停用（不再列出）"), nil)
	p.cond = widget.NewLabel("")
	p.cond.Wrapping = fyne.TextWrapWord
	p.condBtn = widget.NewButton(T("设置条件…"), p.onCondition)
	p.name.OnChanged = func(s string) { p.set(func(r *forms.Requirement) { r.Name = strings.TrimSpace(s) }) }
	p.note.OnChanged = func(s string) { p.set(func(r *forms.Requirement) { r.Note = strings.TrimSpace(s) }) }
	p.originals.OnChanged = func(s string) {
		if i := p.items.sel; !p.loading && i >= 0 {
			p.counts[i][0] = s
			p.items.list.RefreshItem(i)
		}
	}
	p.copies.OnChanged = func(s string) {
		if i := p.items.sel; !p.loading && i >= 0 {
			p.counts[i][1] = s
			p.items.list.RefreshItem(i)
		}
	}
	p.seenOnly.OnChanged = func(b bool) { p.set(func(r *forms.Requirement) { r.SeenOnly = b }) }
	p.off.OnChanged = func(b bool) { p.set(func(r *forms.Requirement) { r.Off = b }) }
	form := widget.NewForm(
		widget.NewFormItem(T("材料名称"), p.name),
		widget.NewFormItem(T("原件"), p.originals),
		widget.NewFormItem(T("复印件"), p.copies),
		widget.NewFormItem("", p.seenOnly),
		widget.NewFormItem(T("备注"), p.note),
		widget.NewFormItem(T("适用条件"), container.NewBorder(nil, nil, nil, p.condBtn, p.cond)),
	)
	p.detail = container.NewVBox(form, p.off)
	p.items.add = widget.NewButton(T("添加材料"), p.onAdd)
	p.items.remove = widget.NewButton(T("删除材料"), p.onRemove)
	up, down := p.items.moveButtons(func(i, j int) {
		rs := p.ed.svc.Requirements
		rs[i], rs[j] = rs[j], rs[i]
		p.counts[i], p.counts[j] = p.counts[j], p.counts[i]
	})
	p.root = p.items.content(p.detail, p.items.add, p.items.remove, up, down)
	p.load(-1)
	return p
}

func (p *paperEditor) content() fyne.CanvasObject { return p.root }

func itoaBlank(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// line is a paper's line in the list: name, quantity as typed, condition.
func (p *paperEditor) line(i int) string {
	r := p.ed.svc.Requirements[i]
	q := []string{}
	if p.counts[i][0] != "" {
		q = append(q, T("原件")+p.counts[i][0])
	}
	if r.SeenOnly {
		q = append(q, T("原件核验"))
	}
	if p.counts[i][1] != "" {
		q = append(q, T("复印件")+p.counts[i][1])
	}
	s := fmt.Sprintf("%s（%s）", r.Name, strings.Join(q, "、"))
	if r.Off {
		s += T(" · 已停用")
	}
	if r.When != nil {
		s += " · " + p.ed.conditionText(r.When)
	}
	return s
}

// set changes the selected paper (not while its details are being shown).
func (p *paperEditor) set(f func(r *forms.Requirement)) {
	i := p.items.sel
	if p.loading || i < 0 || i >= len(p.ed.svc.Requirements) {
		return
	}
	f(&p.ed.svc.Requirements[i])
	p.items.list.RefreshItem(i)
}

// load shows paper i's details (-1: none selected).
func (p *paperEditor) load(i int) {
	p.loading = true
	defer func() { p.loading = false }()
	if i < 0 || i >= len(p.ed.svc.Requirements) {
		p.detail.Hide()
		return
	}
	r := p.ed.svc.Requirements[i]
	p.name.SetText(r.Name)
	p.originals.SetText(p.counts[i][0])
	p.copies.SetText(p.counts[i][1])
	p.note.SetText(r.Note)
	p.seenOnly.SetChecked(r.SeenOnly)
	p.off.SetChecked(r.Off)
	if r.Switchable {
		p.off.Show()
	} else {
		p.off.Hide()
	}
	p.cond.SetText(p.ed.conditionText(r.When))
	p.detail.Show()
	p.items.relayout()
}

func (p *paperEditor) onCondition() {
	i := p.items.sel
	if i < 0 {
		return
	}
	r := p.ed.svc.Requirements[i]
	p.ed.editCondition(r.Name, r.When, func(c *forms.Condition) {
		p.ed.svc.Requirements[i].When = c
		p.cond.SetText(p.ed.conditionText(c))
		p.items.list.RefreshItem(i)
		p.items.relayout()
	})
}

func (p *paperEditor) onAdd() {
	s := p.ed.svc
	n := len(s.Requirements) + 1
	id := fmt.Sprintf("paper%d", n)
	for slices.ContainsFunc(s.Requirements, func(r forms.Requirement) bool { return r.ID == id }) {
		n++
		id = fmt.Sprintf("paper%d", n)
	}
	s.Requirements = append(s.Requirements, forms.Requirement{ID: id, Name: "新材料", Copies: 1})
	p.counts = append(p.counts, [2]string{"", "1"})
	p.items.selectLine(len(s.Requirements) - 1)
	p.ed.app.win.Canvas().Focus(p.name)
}

func (p *paperEditor) onRemove() {
	i := p.items.sel
	s := p.ed.svc
	if i < 0 || i >= len(s.Requirements) {
		return
	}
	s.Requirements = slices.Delete(s.Requirements, i, i+1)
	p.counts = slices.Delete(p.counts, i, i+1)
	p.items.selectLine(min(i, len(s.Requirements)-1))
}

// apply puts the typed counts into s; a count that is not a number is
// refused naming the paper, with its line selected.
func (p *paperEditor) apply(s *forms.Service) error {
	for i := range s.Requirements {
		r := &s.Requirements[i]
		o, err := atoi(p.counts[i][0])
		if err != nil {
			p.show(i)
			return forms.Errorf(forms.EINVALID, "材料“%s”的原件份数%s，请改正", r.Name, forms.ErrorMessage(err))
		}
		c, err := atoi(p.counts[i][1])
		if err != nil {
			p.show(i)
			return forms.Errorf(forms.EINVALID, "材料“%s”的复印件份数%s，请改正", r.Name, forms.ErrorMessage(err))
		}
		r.Originals, r.Copies = o, c
	}
	return nil
}

// show selects the papers tab and paper i.
func (p *paperEditor) show(i int) {
	p.ed.selectTab(p.root)
	p.items.selectLine(i)
}
