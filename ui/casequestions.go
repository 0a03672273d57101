package ui

import (
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// syncQuestions shows one input per applicable question. An input is made
// once per question and kept by its ID: when an answer shows or hides
// other questions only those come or go, and the input the clerk is typing
// in stays the same widget, with its text, cursor and focus. (Rebuilding
// every input on each answer once left only "2" of a typed "2024".)
func (c *caseScreen) syncQuestions() {
	var ids []string
	for _, q := range c.eval.Questions {
		ids = append(ids, q.ID)
	}
	if c.questionForm != nil && slices.Equal(ids, c.shownQuestions) {
		return
	}
	c.shownQuestions = ids
	var items []*widget.FormItem
	for _, q := range c.eval.Questions {
		in, ok := c.questionInputs[q.ID]
		if !ok {
			in = c.questionInput(q)
			c.questionInputs[q.ID] = in
		}
		label := q.Label
		if q.Required {
			label += " *"
		}
		// The hint wraps under the input: the form's own hint line does
		// not wrap, and 小孩落户's (818 px) widened the window past 1280
		// in English, where the checklist's buttons are wider (tester 18b
		// C1).
		var row fyne.CanvasObject = in
		if q.Hint != "" {
			hint := newWrappedText(q.Hint)
			hint.SizeName = theme.SizeNameCaptionText
			row = container.NewVBox(in, hint)
		}
		item := widget.NewFormItem(label, row)
		items = append(items, item)
	}
	if len(items) == 0 {
		c.questionForm = widget.NewForm()
		c.questionsBox.Objects = []fyne.CanvasObject{widget.NewLabel(T("本业务无需询问。"))}
		c.questionsBox.Refresh()
		return
	}
	// A new form around the same inputs: widget.Form.Refresh keeps the
	// rows it already made, so replacing its Items would leave old inputs
	// under new labels.
	c.questionForm = widget.NewForm(items...)
	c.questionsBox.Objects = []fyne.CanvasObject{c.questionForm}
	c.questionsBox.Refresh()
}

// answerChanged records an answer and re-evaluates the case. It does not
// rebuild any input (see syncQuestions).
func (c *caseScreen) answerChanged(id, v string) {
	if c.answers[id] == v {
		return
	}
	c.answers[id] = v
	c.edited = true
	c.evaluate()
}

// yearAnswer is the answer a year typed so far stands for: the year once
// all four digits are there, else "" (no answer yet). A partial year must
// not steer the checklist: "2" compared as a year is before the 2023
// reform.
func yearAnswer(typed string) string {
	v := forms.Normalize(typed)
	if len(v) != 4 {
		return ""
	}
	for _, r := range v {
		if r < '0' || r > '9' {
			return ""
		}
	}
	return v
}

// questionInput makes the input for one question, showing its answer.
func (c *caseScreen) questionInput(q forms.Question) fyne.CanvasObject {
	var in fyne.CanvasObject
	switch q.Type {
	case forms.QChoice:
		var labels []string
		for _, o := range q.Options {
			labels = append(labels, o.Label)
		}
		sel := widget.NewSelect(labels, nil)
		sel.PlaceHolder = T("请选择")
		for i, o := range q.Options {
			if o.Value == c.answers[q.ID] {
				sel.SetSelectedIndex(i)
			}
		}
		sel.OnChanged = func(string) {
			if i := sel.SelectedIndex(); i >= 0 {
				c.answerChanged(q.ID, q.Options[i].Value)
			}
		}
		if !c.answerable() {
			sel.Disable()
		}
		in = sel
	case forms.QBool:
		r := widget.NewRadioGroup([]string{T("是"), T("否")}, nil)
		r.Horizontal = true
		switch c.answers[q.ID] {
		case "yes":
			r.SetSelected(T("是"))
		case "no":
			r.SetSelected(T("否"))
		}
		r.OnChanged = func(s string) {
			v := ""
			switch s {
			case T("是"):
				v = "yes"
			case T("否"):
				v = "no"
			}
			c.answerChanged(q.ID, v)
		}
		if !c.answerable() {
			r.Disable()
		}
		in = r
	case forms.QDate:
		var initial time.Time
		if d, err := forms.ParseDate(c.answers[q.ID]); err == nil {
			initial = d
		}
		e := newDateEntry(initial, func(d time.Time) {
			c.answerChanged(q.ID, forms.FormatDate(d))
		})
		if !c.answerable() {
			e.Disable()
		}
		in = e
	default:
		e := widget.NewEntry()
		e.SetText(c.answers[q.ID])
		if q.Type == forms.QYear {
			e.SetPlaceHolder(T("四位年份，如 2022"))
			e.Validator = func(s string) error {
				if s != "" && yearAnswer(s) == "" {
					return forms.Errorf(forms.EINVALID, "%s须为四位年份，如 2022", q.Label)
				}
				return nil
			}
		}
		e.OnChanged = func(v string) {
			if q.Type == forms.QYear {
				v = yearAnswer(v)
			} else {
				v = forms.Normalize(v)
			}
			c.answerChanged(q.ID, v)
		}
		if !c.answerable() {
			e.Disable()
		}
		in = e
	}
	return in
}
