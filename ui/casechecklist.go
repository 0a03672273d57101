package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// buildChecklist shows each applicable paper: received (in full), the
// counts received, or 容缺 with a promised date. Names and states wrap, so
// a long paper name never widens the screen.
func (c *caseScreen) buildChecklist() {
	c.checklistBox.Objects = nil
	c.itemChecks = map[string]*widget.Check{}
	c.paperButtons = map[string][2]*widget.Button{}
	c.paperStates = map[string]*widget.Label{}
	// After acceptance the checklist is settled (forms.Case.KeepPromises):
	// every row's tick and 容缺 are disabled, and the reason is said once.
	settled := c.afterAcceptance() && len(c.eval.Items) > 0
	if settled {
		c.checklistBox.Add(paperNote(T("受理后材料清单已确定，勾选和“容缺”不能再改；容缺材料收到时点“已补交”，约定日期用“改约定日期”改（只能改一次）。")))
	}
	for _, it := range c.eval.Items {
		it := it
		name := it.Name
		if q := it.Quantity(); q != "" {
			name += "（" + q + "）"
		}
		check := widget.NewCheck("", nil)
		check.SetChecked(it.Done())
		check.OnChanged = func(on bool) {
			if on {
				c.items[it.ID] = it.Requirement.Received()
			} else {
				c.items[it.ID] = forms.ItemState{Status: forms.ItemMissing}
			}
			c.edited = true
			c.evaluate()
		}
		c.itemChecks[it.ID] = check
		label := widget.NewLabel(name)
		label.Wrapping = fyne.TextWrapWord
		state := widget.NewLabel("")
		state.Wrapping = fyne.TextWrapWord
		// After acceptance a paper promised is ticked off by 已补交 and its
		// date moved by 改约定日期 (casepapers.go), never by the tick.
		promised := c.afterAcceptance() && it.State.Status == forms.ItemDeferred
		switch {
		case it.Done() && !it.State.ReceivedOn.IsZero():
			state.SetText(arrivedText(it.State))
			state.Importance = widget.SuccessImportance
		case it.Done():
			state.SetText(T("已收齐"))
			state.Importance = widget.SuccessImportance
		case promised:
			text, imp := promisedText(it.State, c.app.now())
			state.SetText(text)
			state.Importance = imp
		case it.State.Status == forms.ItemDeferred:
			state.SetText(Tf("容缺，承诺 %s 前补交", forms.FormatDate(it.State.PromisedBy)))
			state.Importance = widget.WarningImportance
		default:
			state.SetText(Tf("缺：%s", it.Shortfall(it.State)))
			state.Importance = widget.DangerImportance
		}
		c.paperStates[it.ID] = state
		defer1 := widget.NewButton(T("容缺"), func() { c.onDefer(it) })
		defer1.Importance = widget.LowImportance
		var right fyne.CanvasObject = defer1
		if !c.editable() || settled {
			check.Disable()
			defer1.Disable()
		}
		if promised {
			right = c.paperActions(it)
		}
		text := container.NewVBox(label, state)
		if it.Note != "" {
			text.Add(paperNote(it.Note))
		}
		c.checklistBox.Add(container.NewBorder(nil, nil, check, right, text))
	}
	if len(c.eval.Items) == 0 {
		c.checklistBox.Add(widget.NewLabel(T("本业务无需收取材料。")))
	}
	c.checklistBox.Refresh()
}

// paperNote is a paper's note (where to get it, who must bring it) under
// its name, in the placeholder grey: the disabled grey it had was barely
// readable and looked like something switched off.
func paperNote(text string) *widget.RichText {
	note := widget.NewRichText(&widget.TextSegment{Text: text,
		Style: widget.RichTextStyle{ColorName: theme.ColorNamePlaceHolder, SizeName: theme.SizeNameText}})
	note.Wrapping = fyne.TextWrapWord
	return note
}

// deferForm is the 容缺 dialog: the date the customer promises to bring
// the paper by.
type deferForm struct {
	date    *dateEntry
	message *wrappedText
	confirm *widget.Button
	dialog  dialog.Dialog
}

// onDefer accepts a paper now on the customer's promise (容缺). The date
// is the customer's to name: the entry starts empty, a week ahead shown
// only as the placeholder, and an empty or past date keeps the dialog open
// with the reason.
func (c *caseScreen) onDefer(it forms.ChecklistItem) {
	f := &deferForm{message: newWrappedText("")}
	f.message.Importance = widget.DangerImportance
	f.date = newDateEntry(time.Time{}, nil)
	f.date.SetPlaceHolder(Tf("如 %s（一周后）", forms.FormatDate(c.app.now().AddDate(0, 0, 7))))
	f.confirm = widget.NewButton(T("确定容缺"), func() {
		d, err := f.date.Date()
		switch {
		case err != nil:
			err = forms.Errorf(forms.EINVALID, "承诺补交日期：%s", forms.ErrorMessage(err))
		case d.IsZero():
			err = forms.Errorf(forms.EINVALID, "请填写客户承诺补交“%s”的日期，格式如 2026-03-05", it.Name)
		case forms.DaysBetween(c.app.now(), d) < 0:
			err = forms.Errorf(forms.EINVALID, "承诺补交日期（%s）不能早于今天", forms.FormatDate(d))
		}
		if err != nil {
			f.message.SetText(forms.ErrorMessage(err))
			return
		}
		f.dialog.Hide()
		c.deferForm = nil
		c.items[it.ID] = forms.ItemState{Status: forms.ItemDeferred, PromisedBy: d}
		c.edited = true
		c.evaluate()
	})
	f.confirm.Importance = widget.HighImportance
	// Return after typing the date confirms, as in the other dialogs (it
	// did nothing).
	f.date.OnSubmitted = func(string) { f.confirm.OnTapped() }
	cancel := widget.NewButton(T("取消"), func() { f.dialog.Hide(); c.deferForm = nil })
	form := widget.NewForm(widget.NewFormItem(T("承诺补交日期"), f.date))
	title := Tf("“%s”容缺受理", it.Name)
	body := container.NewVBox(form, f.message, container.NewHBox(f.confirm, cancel))
	f.dialog = dialog.NewCustomWithoutButtons(title, body, c.app.win)
	f.dialog.Resize(fyne.NewSize(480, body.MinSize().Height+80))
	c.deferForm = f
	f.dialog.Show()
	c.app.win.Canvas().Focus(f.date)
}
