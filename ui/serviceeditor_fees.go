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

// feeEditor edits the service's fees and deposits: a fixed amount typed in
// yuan (read by forms.ParseMoney into fen on saving; a fee may be zero),
// or, for a scheduled fee (续费), its table of yearly rates with their
// effective dates and the part-year rule. Amounts and rates stay as typed
// until 保存, so a mistyped one is named then and nothing is lost.
type feeEditor struct {
	ed      *serviceEditor
	items   *itemList
	loading bool
	amounts []string // the amount of each fee as typed, in yuan
	rates   []string // each scheduled fee's rates as typed, one per line

	name     *widget.Entry
	kind     *widget.RadioGroup
	amount   *widget.Entry
	table    *widget.Entry
	partYear *widget.Select
	cond     *widget.Label
	condBtn  *widget.Button
	fixed    *fyne.Container // the amount, for a fee that is not scheduled
	sched    *fyne.Container // the table, for a scheduled fee
	detail   *fyne.Container
	root     fyne.CanvasObject
}

func newFeeEditor(e *serviceEditor) *feeEditor {
	f := &feeEditor{ed: e}
	for _, x := range e.svc.Fees {
		f.amounts = append(f.amounts, x.Amount.Plain())
		f.rates = append(f.rates, ratesText(x.Table))
	}
	f.items = newItemList(func() int { return len(e.svc.Fees) }, f.line, f.load)
	f.name = widget.NewEntry()
	f.kind = widget.NewRadioGroup([]string{T("费用"), T("保障金（可退）")}, func(s string) {
		f.set(func(x *forms.Fee) {
			x.Kind = forms.KindFee
			if s == T("保障金（可退）") {
				x.Kind = forms.KindDeposit
			}
		})
	})
	f.kind.Horizontal = true
	f.amount = widget.NewEntry()
	f.amount.SetPlaceHolder(T("金额（元），如 600 或 600.50；不收费填 0"))
	f.table = widget.NewMultiLineEntry()
	f.table.SetMinRowsVisible(4)
	f.table.SetPlaceHolder(T("每行一条：生效日期 每年金额（元），如 2015-01-01 120"))
	f.partYear = widget.NewSelect([]string{T(forms.PartYearNone.Label()), T(forms.PartYearMonths.Label())}, func(s string) {
		f.set(func(x *forms.Fee) {
			if x.Table == nil {
				x.Table = &forms.FeeTable{}
			}
			x.Table.PartYear = forms.PartYearNone
			if s == T(forms.PartYearMonths.Label()) {
				x.Table.PartYear = forms.PartYearMonths
			}
		})
	})
	f.cond = widget.NewLabel("")
	f.cond.Wrapping = fyne.TextWrapWord
	f.condBtn = widget.NewButton(T("设置条件…"), f.onCondition)
	f.name.OnChanged = func(s string) { f.set(func(x *forms.Fee) { x.Name = strings.TrimSpace(s) }) }
	f.amount.OnChanged = func(s string) {
		if i := f.items.sel; !f.loading && i >= 0 {
			f.amounts[i] = s
			f.items.list.RefreshItem(i)
		}
	}
	f.table.OnChanged = func(s string) {
		if i := f.items.sel; !f.loading && i >= 0 {
			f.rates[i] = s
		}
	}
	f.fixed = container.NewVBox(widget.NewForm(
		widget.NewFormItem(T("类别"), f.kind),
		widget.NewFormItem(T("金额（元）"), f.amount)))
	note := newWrappedText(T("续费按收费标准计算：标准改变时新增一行写明生效日期，不要改旧行，已缴费用的计算不受影响。"))
	f.sched = container.NewVBox(widget.NewForm(
		widget.NewFormItem(T("收费标准"), f.table),
		widget.NewFormItem(T("不足一年"), f.partYear)), note)
	form := widget.NewForm(
		widget.NewFormItem(T("名称"), f.name),
		widget.NewFormItem(T("适用条件"), container.NewBorder(nil, nil, nil, f.condBtn, f.cond)))
	f.detail = container.NewVBox(form, f.fixed, f.sched)
	f.items.add = widget.NewButton(T("添加费用"), f.onAdd)
	f.items.remove = widget.NewButton(T("删除费用"), f.onRemove)
	up, down := f.items.moveButtons(func(i, j int) {
		fs := e.svc.Fees
		fs[i], fs[j] = fs[j], fs[i]
		f.amounts[i], f.amounts[j] = f.amounts[j], f.amounts[i]
		f.rates[i], f.rates[j] = f.rates[j], f.rates[i]
	})
	f.root = f.items.content(f.detail, f.items.add, f.items.remove, up, down)
	f.load(-1)
	return f
}

func (f *feeEditor) content() fyne.CanvasObject { return f.root }

// ratesText is a fee table's rates, one "date amount" per line.
func ratesText(t *forms.FeeTable) string {
	if t == nil {
		return ""
	}
	var lines []string
	for _, r := range t.Rates {
		lines = append(lines, r.From+" "+r.Yearly.Plain())
	}
	return strings.Join(lines, "\n")
}

func (f *feeEditor) line(i int) string {
	x := f.ed.svc.Fees[i]
	var s string
	switch {
	case x.Schedule != "":
		s = Tf("%s（按收费标准）", x.Name)
	case x.Kind == forms.KindDeposit:
		s = Tf("%s（保障金 %s 元）", x.Name, f.amounts[i])
	default:
		s = Tf("%s（%s 元）", x.Name, f.amounts[i])
	}
	if x.When != nil {
		s += " · " + f.ed.conditionText(x.When)
	}
	return s
}

func (f *feeEditor) set(fn func(x *forms.Fee)) {
	i := f.items.sel
	if f.loading || i < 0 || i >= len(f.ed.svc.Fees) {
		return
	}
	fn(&f.ed.svc.Fees[i])
	f.items.list.RefreshItem(i)
}

func (f *feeEditor) load(i int) {
	f.loading = true
	defer func() { f.loading = false }()
	if i < 0 || i >= len(f.ed.svc.Fees) {
		f.detail.Hide()
		return
	}
	x := f.ed.svc.Fees[i]
	f.name.SetText(x.Name)
	f.cond.SetText(f.ed.conditionText(x.When))
	if x.Schedule != "" {
		f.fixed.Hide()
		f.table.SetText(f.rates[i])
		rule := forms.PartYearNone
		if x.Table != nil {
			rule = x.Table.PartYear
		}
		f.partYear.SetSelected(T(rule.Label()))
		f.sched.Show()
	} else {
		f.sched.Hide()
		f.amount.SetText(f.amounts[i])
		if x.Kind == forms.KindDeposit {
			f.kind.SetSelected(T("保障金（可退）"))
		} else {
			f.kind.SetSelected(T("费用"))
		}
		f.fixed.Show()
	}
	f.detail.Show()
	f.items.relayout()
}

func (f *feeEditor) onCondition() {
	i := f.items.sel
	if i < 0 {
		return
	}
	x := f.ed.svc.Fees[i]
	f.ed.editCondition(x.Name, x.When, func(c *forms.Condition) {
		f.ed.svc.Fees[i].When = c
		f.cond.SetText(f.ed.conditionText(c))
		f.items.list.RefreshItem(i)
	})
}

func (f *feeEditor) onAdd() {
	s := f.ed.svc
	n := len(s.Fees) + 1
	id := fmt.Sprintf("fee%d", n)
	for slices.ContainsFunc(s.Fees, func(x forms.Fee) bool { return x.ID == id }) {
		n++
		id = fmt.Sprintf("fee%d", n)
	}
	s.Fees = append(s.Fees, forms.Fee{ID: id, Name: "新费用", Kind: forms.KindFee})
	f.amounts = append(f.amounts, "0")
	f.rates = append(f.rates, "")
	f.items.selectLine(len(s.Fees) - 1)
	f.ed.app.win.Canvas().Focus(f.name)
}

func (f *feeEditor) onRemove() {
	i := f.items.sel
	s := f.ed.svc
	if i < 0 || i >= len(s.Fees) {
		return
	}
	s.Fees = slices.Delete(s.Fees, i, i+1)
	f.amounts = slices.Delete(f.amounts, i, i+1)
	f.rates = slices.Delete(f.rates, i, i+1)
	f.items.selectLine(min(i, len(s.Fees)-1))
}

// apply puts the typed amounts and rates into s; one that does not read is
// refused naming the fee (and the line of its table), with it selected.
func (f *feeEditor) apply(s *forms.Service) error {
	for i := range s.Fees {
		x := &s.Fees[i]
		if x.Schedule == "" {
			m, err := forms.ParseMoney(f.amounts[i])
			if err != nil {
				f.show(i)
				return forms.Errorf(forms.EINVALID, "费用“%s”的金额：%s", x.Name, forms.ErrorMessage(err))
			}
			x.Amount = m
			continue
		}
		t := &forms.FeeTable{}
		if x.Table != nil {
			t.PartYear = x.Table.PartYear
		}
		for n, line := range strings.Split(forms.Normalize(f.rates[i]), "\n") {
			fields := strings.Fields(line)
			if len(fields) == 0 {
				continue
			}
			if len(fields) != 2 {
				f.show(i)
				return forms.Errorf(forms.EINVALID, "费用“%s”收费标准第%d行“%s”不正确：每行写“生效日期 每年金额”，如 2015-01-01 120", x.Name, n+1, strings.TrimSpace(line))
			}
			m, err := forms.ParseMoney(fields[1])
			if err != nil {
				f.show(i)
				return forms.Errorf(forms.EINVALID, "费用“%s”收费标准第%d行的金额：%s", x.Name, n+1, forms.ErrorMessage(err))
			}
			t.Rates = append(t.Rates, forms.FeeRate{From: fields[0], Yearly: m})
		}
		x.Table = t
	}
	return nil
}

func (f *feeEditor) show(i int) {
	f.ed.selectTab(f.root)
	f.items.selectLine(i)
}
