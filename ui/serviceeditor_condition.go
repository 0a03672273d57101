package ui

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// The condition builder: a supervisor chooses when a paper, document, fee
// or talking point applies from the facts the evaluator knows
// (forms.KnownFacts: gender, age on the day, the answers to the service's
// questions, a child's age in days …), with an operator and a value, and
// joins several by 全部满足 (All) or 任一满足 (Any). The condition's own
// words (forms.Condition.Describe) show under the rows as it is built.

// opLabel is the operator's label for the fact (forms.FactInfo.Ops).
func opLabel(f forms.FactInfo, op string) string {
	for _, o := range f.Ops() {
		if o.Op == op {
			return o.Label
		}
	}
	return op
}

// opOf is the operator whose label for the fact is label.
func opOf(f forms.FactInfo, label string) string {
	for _, o := range f.Ops() {
		if o.Label == label {
			return o.Op
		}
	}
	return ""
}

// The ways the conditions of the rows join.
const (
	joinAlways = "始终适用"
	joinAll    = "以下条件全部满足"
	joinAny    = "以下条件满足任一"
)

// condRow is one fact/operator/value line of the builder.
type condRow struct {
	fact   *widget.Select
	op     *widget.Select
	value  *widget.Entry      // a number, a year, a text
	choice *widget.Select     // one option (eq, ne)
	checks *widget.CheckGroup // several options (in, nin)
	remove *widget.Button
	box    *fyne.Container
}

// conditionDialog edits one condition; the service's facts come from the
// editor's working copy (a question added there is a fact here).
type conditionDialog struct {
	svc     *forms.Service
	facts   []forms.FactInfo
	join    *widget.RadioGroup
	rows    []*condRow
	list    *fyne.Container
	scroll  *container.Scroll // the rows
	add     *widget.Button
	words   *widget.Label // the condition's Describe text
	message *wrappedText
	ok      *widget.Button
	dialog  dialog.Dialog
}

// factLabel is a fact's label in the choice, with its code for the rare
// case that two facts share a label.
func (d *conditionDialog) factLabels() []string {
	var out []string
	for _, f := range d.facts {
		out = append(out, f.Label)
	}
	return out
}

func (d *conditionDialog) factByLabel(label string) (forms.FactInfo, bool) {
	for _, f := range d.facts {
		if f.Label == label {
			return f, true
		}
	}
	return forms.FactInfo{}, false
}

func (d *conditionDialog) factByName(name string) (forms.FactInfo, bool) {
	for _, f := range d.facts {
		if f.Fact == name {
			return f, true
		}
	}
	return forms.FactInfo{}, false
}

// editCondition opens the builder on cond (nil: always applies) and calls
// done with the new condition (nil: always) when the supervisor confirms.
// A condition the builder cannot show row by row (nested, or with 不是)
// is kept unless the supervisor replaces it.
func (e *serviceEditor) editCondition(what string, cond *forms.Condition, done func(*forms.Condition)) *conditionDialog {
	u := e.app
	d := &conditionDialog{svc: e.svc, facts: forms.KnownFacts(e.svc)}
	d.list = container.NewVBox()
	d.scroll = container.NewVScroll(d.list)
	d.words = widget.NewLabel("")
	d.words.Wrapping = fyne.TextWrapWord
	d.message = newWrappedText("")
	d.message.Importance = widget.DangerImportance
	d.join = widget.NewRadioGroup([]string{T(joinAlways), T(joinAll), T(joinAny)}, func(string) { d.changed() })
	d.join.Horizontal = true
	d.add = widget.NewButton(T("添加一条条件"), func() {
		d.addRow(forms.Condition{})
		if d.join.Selected == T(joinAlways) {
			d.join.SetSelected(T(joinAll))
		}
		d.changed()
	})
	rows, join, flat := flatten(cond)
	switch {
	case !flat:
		d.join.SetSelected(T(joinAll))
		d.message.SetText(Tf("原条件“%s”较复杂，无法逐条显示；如要修改，请清除后重新设置。", cond.Describe(d.facts)))
	case len(rows) == 0:
		d.join.SetSelected(T(joinAlways))
	case join == "any":
		d.join.SetSelected(T(joinAny))
	default:
		d.join.SetSelected(T(joinAll))
	}
	for _, r := range rows {
		d.addRow(r)
	}
	d.changed()
	if !flat {
		d.words.SetText(Tf("现有条件：%s", cond.Describe(d.facts)))
	}
	d.ok = widget.NewButton(T("确定"), func() {
		if !flat && len(d.rows) == 0 && d.join.Selected != T(joinAlways) {
			d.dialog.Hide()
			return // the complex condition stays as it was
		}
		c, err := d.condition()
		if err != nil {
			d.message.SetText(forms.ErrorMessage(err))
			return
		}
		d.dialog.Hide()
		done(c)
	})
	d.ok.Importance = widget.HighImportance
	cancel := widget.NewButton(T("取消"), func() { d.dialog.Hide() })
	note := newWrappedText(Tf("“%s”在什么情况下适用：", what))
	top := container.NewVBox(note, d.join)
	bottom := container.NewVBox(d.add, widget.NewSeparator(), d.words, d.message, container.NewHBox(d.ok, cancel))
	d.dialog = dialog.NewCustomWithoutButtons(T("适用条件"),
		container.NewBorder(top, bottom, nil, nil, d.scroll), u.win)
	d.dialog.Resize(fyne.NewSize(900, 560))
	d.dialog.Show()
	e.condition = d
	return d
}

// flatten returns the fact conditions of a condition the builder can show:
// one fact, or All or Any of facts. flat is false for anything else.
func flatten(c *forms.Condition) (rows []forms.Condition, join string, flat bool) {
	switch {
	case c == nil:
		return nil, "", true
	case c.Fact != "":
		return []forms.Condition{*c}, "all", true
	case len(c.All) > 0 || len(c.Any) > 0:
		list, join := c.All, "all"
		if len(c.Any) > 0 {
			list, join = c.Any, "any"
		}
		for _, x := range list {
			if x.Fact == "" {
				return nil, "", false
			}
		}
		return slices.Clone(list), join, true
	}
	return nil, "", false
}

// addRow adds a line for the fact condition c (empty: a new line).
func (d *conditionDialog) addRow(c forms.Condition) {
	r := &condRow{}
	r.fact = widget.NewSelect(d.factLabels(), nil)
	r.fact.PlaceHolder = T("选择情况")
	r.op = widget.NewSelect(nil, nil)
	r.op.PlaceHolder = T("比较")
	r.value = widget.NewEntry()
	r.value.SetPlaceHolder(T("值"))
	r.choice = widget.NewSelect(nil, nil)
	r.checks = widget.NewCheckGroup(nil, nil)
	r.remove = widget.NewButton(T("删除"), func() {
		i := slices.Index(d.rows, r)
		if i >= 0 {
			d.rows = slices.Delete(d.rows, i, i+1)
			d.list.Remove(r.box)
		}
		if len(d.rows) == 0 {
			d.join.SetSelected(T(joinAlways))
		}
		d.changed()
	})
	valueBox := container.NewStack(r.value, r.choice, r.checks)
	left := container.NewHBox(container.NewGridWrap(fyne.NewSize(260, r.fact.MinSize().Height), r.fact),
		container.NewGridWrap(fyne.NewSize(170, r.op.MinSize().Height), r.op))
	r.box = container.NewBorder(nil, nil, left, r.remove, valueBox)
	if f, ok := d.factByName(c.Fact); ok {
		r.fact.SetSelected(f.Label)
	}
	d.fillOps(r)
	if f, ok := d.factByName(c.Fact); ok && c.Op != "" {
		r.op.SetSelected(opLabel(f, c.Op))
	}
	d.showValue(r)
	f, _ := d.factByName(c.Fact)
	switch {
	case len(f.Options) > 0 && (c.Op == "in" || c.Op == "nin"):
		var sel []string
		for _, v := range c.Values {
			sel = append(sel, optionLabel(f, v))
		}
		r.checks.SetSelected(sel)
	case len(f.Options) > 0:
		r.choice.SetSelected(optionLabel(f, c.Value))
	case c.Op == "in" || c.Op == "nin":
		r.value.SetText(strings.Join(c.Values, "、"))
	default:
		r.value.SetText(c.Value)
	}
	r.fact.OnChanged = func(string) { d.fillOps(r); d.showValue(r); d.changed() }
	r.op.OnChanged = func(string) { d.showValue(r); d.changed() }
	r.value.OnChanged = func(string) { d.changed() }
	r.choice.OnChanged = func(string) { d.changed() }
	r.checks.OnChanged = func([]string) { d.changed() }
	d.rows = append(d.rows, r)
	d.list.Add(r.box)
}

func optionLabel(f forms.FactInfo, value string) string {
	for _, o := range f.Options {
		if o.Value == value {
			return o.Label
		}
	}
	return value
}

func optionValue(f forms.FactInfo, label string) string {
	for _, o := range f.Options {
		if o.Label == label {
			return o.Value
		}
	}
	return label
}

// fillOps offers the operators the row's fact takes.
func (d *conditionDialog) fillOps(r *condRow) {
	f, ok := d.factByLabel(r.fact.Selected)
	var labels []string
	if ok {
		for _, op := range f.Ops() {
			labels = append(labels, op.Label)
		}
	}
	sel := r.op.Selected
	r.op.Options = labels
	if !slices.Contains(labels, sel) {
		r.op.ClearSelected()
		if len(labels) > 0 {
			r.op.SetSelected(labels[0])
		}
	}
	r.op.Refresh()
	var opts []string
	for _, o := range f.Options {
		opts = append(opts, o.Label)
	}
	r.choice.Options = opts
	r.choice.Refresh()
	r.checks.Options = opts
	r.checks.Refresh()
}

// showValue shows the value input the fact and operator need.
func (d *conditionDialog) showValue(r *condRow) {
	f, _ := d.factByLabel(r.fact.Selected)
	op := opOf(f, r.op.Selected)
	r.value.Hide()
	r.choice.Hide()
	r.checks.Hide()
	switch {
	case op == "set" || op == "unset" || op == "":
	case len(f.Options) > 0 && (op == "in" || op == "nin"):
		r.checks.Show()
	case len(f.Options) > 0:
		r.choice.Show()
	default:
		r.value.Show()
		if f.Kind == forms.FactNumber {
			r.value.SetPlaceHolder(T("整数，如 15"))
		} else {
			r.value.SetPlaceHolder(T("值，多个用顿号分开"))
		}
	}
}

// changed shows the condition's words as it stands.
func (d *conditionDialog) changed() {
	d.scroll.Refresh() // rows added, removed or grown (the ticks of a list)
	if d.join.Selected == T(joinAlways) {
		d.words.SetText(T("始终适用"))
		d.message.SetText("")
		return
	}
	c, err := d.condition()
	if err != nil {
		d.words.SetText("")
		return
	}
	d.message.SetText("")
	d.words.SetText(Tf("适用于：%s", c.Describe(d.facts)))
}

// condition builds the condition from the rows; an incomplete row is
// refused naming its line.
func (d *conditionDialog) condition() (*forms.Condition, error) {
	if d.join.Selected == T(joinAlways) || len(d.rows) == 0 {
		return nil, nil
	}
	var list []forms.Condition
	for i, r := range d.rows {
		f, ok := d.factByLabel(r.fact.Selected)
		if !ok {
			return nil, forms.Errorf(forms.EINVALID, "第%d条条件还没有选择情况", i+1)
		}
		c := forms.Condition{Fact: f.Fact, Op: opOf(f, r.op.Selected)}
		if c.Op == "" {
			return nil, forms.Errorf(forms.EINVALID, "第%d条条件（%s）还没有选择比较方式", i+1, f.Label)
		}
		switch {
		case c.Op == "set" || c.Op == "unset":
		case len(f.Options) > 0 && (c.Op == "in" || c.Op == "nin"):
			for _, l := range r.checks.Selected {
				c.Values = append(c.Values, optionValue(f, l))
			}
			if len(c.Values) == 0 {
				return nil, forms.Errorf(forms.EINVALID, "第%d条条件（%s）请至少勾选一项", i+1, f.Label)
			}
		case len(f.Options) > 0:
			if r.choice.Selected == "" {
				return nil, forms.Errorf(forms.EINVALID, "第%d条条件（%s）请选择一个值", i+1, f.Label)
			}
			c.Value = optionValue(f, r.choice.Selected)
		case c.Op == "in" || c.Op == "nin":
			for _, v := range strings.FieldsFunc(forms.Normalize(r.value.Text), func(r rune) bool { return r == '、' || r == ',' || r == '，' }) {
				if v = strings.TrimSpace(v); v != "" {
					c.Values = append(c.Values, v)
				}
			}
			if len(c.Values) == 0 {
				return nil, forms.Errorf(forms.EINVALID, "第%d条条件（%s）请填写值，多个用顿号分开", i+1, f.Label)
			}
		default:
			c.Value = strings.TrimSpace(forms.Normalize(r.value.Text))
			if c.Value == "" {
				return nil, forms.Errorf(forms.EINVALID, "第%d条条件（%s）请填写值", i+1, f.Label)
			}
			if f.Kind == forms.FactNumber {
				if n, ok := forms.ParseWhole(c.Value); !ok || fmt.Sprint(n) != c.Value {
					return nil, forms.Errorf(forms.EINVALID, "第%d条条件（%s）的值须是整数，如 15", i+1, f.Label)
				}
			}
		}
		list = append(list, c)
	}
	if len(list) == 1 {
		return &list[0], nil
	}
	if d.join.Selected == T(joinAny) {
		return &forms.Condition{Any: list}, nil
	}
	return &forms.Condition{All: list}, nil
}
