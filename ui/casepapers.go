package ui

import (
	"context"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// Papers promised (容缺) on an accepted case: the two actions beside each
// paper the case waits for, 已补交 (the paper arrived: the day and the
// clerk are recorded, and the last one completes the case unless a deposit
// or a loss period still holds it) and 改约定日期 (once, with a reason).

// afterAcceptance reports whether the case is past the accept step and
// still open: its promised papers are handled by the two actions below,
// not by the checklist's tick and 容缺.
func (c *caseScreen) afterAcceptance() bool {
	return c.kase.Status == forms.CaseAccepted || c.kase.Status == forms.CaseWaiting
}

// promisedText describes a paper promised for the checklist: the date,
// red and with the days when it has passed, and a date moved once.
func promisedText(st forms.ItemState, today time.Time) (string, widget.Importance) {
	text := Tf("容缺，约定 %s 前补交", forms.FormatDate(st.PromisedBy))
	imp := widget.WarningImportance
	if st.Overdue(today) {
		text = Tf("容缺，约定 %s 前补交，已逾期 %d 天", forms.FormatDate(st.PromisedBy), forms.DaysBetween(st.PromisedBy, today))
		imp = widget.DangerImportance
	}
	if st.Moved() {
		text += "\n" + Tf("原约定 %s，%s 已改期一次（%s），不能再改", forms.FormatDate(st.PromisedFirst), forms.FormatDate(st.MovedOn), st.MoveReason)
	}
	return text, imp
}

// arrivedText describes a paper that came after the case was accepted.
func arrivedText(st forms.ItemState) string {
	return Tf("已收齐（%s 补交，经办人 %s）", forms.FormatDate(st.ReceivedOn), st.ReceivedBy)
}

// paperActions are the 已补交 and 改约定日期 buttons of a paper promised;
// 改约定日期 is disabled once the date was moved (the row says why).
func (c *caseScreen) paperActions(it forms.ChecklistItem) fyne.CanvasObject {
	receive := widget.NewButton(T("已补交"), func() { c.onReceivePaper(it) })
	receive.Importance = widget.HighImportance
	move := widget.NewButton(T("改约定日期"), func() { c.onMovePromise(it) })
	if it.State.Moved() {
		move.Disable()
	}
	c.paperButtons[it.ID] = [2]*widget.Button{receive, move}
	return container.NewVBox(receive, move)
}

// receivePaperForm is the 已补交 dialog: the numbers brought, when the
// paper is counted.
type receivePaperForm struct {
	originals, copies *widget.Entry // nil when the paper needs none
	message           *wrappedText
	confirm           *widget.Button
	dialog            dialog.Dialog
}

// countEntry is an entry for a number of papers, starting at want.
func countEntry(want int) *widget.Entry {
	e := widget.NewEntry()
	e.SetText(strconv.Itoa(want))
	return e
}

// count reads a number of papers; an empty entry (nil) is want.
func count(e *widget.Entry, field string, want int) (int, error) {
	if e == nil {
		return want, nil
	}
	n, ok := forms.ParseWhole(e.Text)
	if !ok || n < 0 {
		return 0, forms.Errorf(forms.EINVALID, "%s请填写收到的份数（0或正整数），如 %d", field, want)
	}
	return n, nil
}

// onReceivePaper records that a paper promised arrived today: it asks the
// numbers of originals and copies when the paper is counted (a seen-only
// original is only looked at), and otherwise just confirms.
func (c *caseScreen) onReceivePaper(it forms.ChecklistItem) {
	if c.unsavedBeforePapers() {
		return
	}
	full := it.Requirement.Received()
	f := &receivePaperForm{message: newWrappedText("")}
	f.message.Importance = widget.DangerImportance
	form := widget.NewForm()
	if it.Originals > 0 && !it.SeenOnly {
		f.originals = countEntry(full.Originals)
		form.Append(T("原件份数"), f.originals)
	}
	if it.Copies > 0 {
		f.copies = countEntry(full.Copies)
		form.Append(T("复印件份数"), f.copies)
	}
	info := widget.NewLabel(Tf("约定 %s 前补交；今天（%s）由 %s 登记收到。", forms.FormatDate(it.State.PromisedBy),
		forms.FormatDate(c.app.now()), c.app.user.Name))
	info.Wrapping = fyne.TextWrapWord
	body := container.NewVBox(info)
	if q := it.Quantity(); q != "" {
		need := widget.NewLabel(Tf("须：%s", q))
		need.Wrapping = fyne.TextWrapWord
		body.Add(need)
	}
	if last := c.lastPaperNote(it); last != "" {
		l := widget.NewLabel(last)
		l.Wrapping = fyne.TextWrapWord
		l.Importance = widget.WarningImportance
		body.Add(l)
	}
	if len(form.Items) > 0 {
		body.Add(form)
	}
	id, caseID, a := it.ID, c.kase.ID, c.app.actor()
	var k *forms.Case
	f.confirm = widget.NewButton(T("确认已补交"), func() {
		o, err := count(f.originals, T("原件份数"), full.Originals)
		var n int
		if err == nil {
			n, err = count(f.copies, T("复印件份数"), full.Copies)
		}
		if err != nil {
			f.message.SetText(forms.ErrorMessage(err))
			return
		}
		c.app.runInDialog(f.confirm, f.message, f.dialog, func(ctx context.Context) error {
			var err error
			k, err = c.st.ReceivePromisedPaper(ctx, a, caseID, id, o, n)
			return err
		}, func() {
			c.receiveForm = nil
			c.app.home.setStatus(c.papersStatus(k, Tf("“%s”已补交", it.Name)))
			c.load()
			// The last paper completed the case: the rating is offered
			// here as at 办结 (the customer may decline).
			c.askRating(k)
		})
	})
	f.confirm.Importance = widget.HighImportance
	cancel := widget.NewButton(T("取消"), func() { f.dialog.Hide(); c.receiveForm = nil })
	body.Add(f.message)
	body.Add(container.NewHBox(f.confirm, cancel))
	f.dialog = dialog.NewCustomWithoutButtons(Tf("“%s”已补交", it.Name), body, c.app.win)
	f.dialog.Resize(fyne.NewSize(520, body.MinSize().Height+80))
	c.receiveForm = f
	f.dialog.Show()
	if f.originals != nil {
		c.app.win.Canvas().Focus(f.originals)
	} else if f.copies != nil {
		c.app.win.Canvas().Focus(f.copies)
	}
}

// papersStatus is the status line after a paper promised arrived: what
// became of the case.
func (c *caseScreen) papersStatus(k *forms.Case, done string) string {
	switch k.Status {
	case forms.CaseCompleted:
		return Tf("%s；材料已补齐，受理单 %s 已办结", done, k.Number)
	case forms.CaseAccepted:
		return Tf("%s；材料已补齐，受理单 %s 仍在办理（如有保障金，在退还或没收时办结）", done, k.Number)
	}
	return Tf("%s；受理单 %s 仍待补材料", done, k.Number)
}

// movePromiseForm is the 改约定日期 dialog.
type movePromiseForm struct {
	date    *dateEntry
	reason  *widget.Entry
	message *wrappedText
	confirm *widget.Button
	dialog  dialog.Dialog
}

// onMovePromise moves a promised date, once, with a reason. A refusal (a
// date before today, no reason, a second move) stays in the dialog with
// what was typed.
func (c *caseScreen) onMovePromise(it forms.ChecklistItem) {
	if c.unsavedBeforePapers() {
		return
	}
	f := &movePromiseForm{message: newWrappedText(""), reason: widget.NewMultiLineEntry()}
	f.message.Importance = widget.DangerImportance
	f.date = newDateEntry(time.Time{}, nil)
	f.date.SetPlaceHolder(Tf("如 %s", forms.FormatDate(c.app.now().AddDate(0, 0, 7))))
	f.reason.Wrapping = fyne.TextWrapWord
	f.reason.SetMinRowsVisible(2)
	f.reason.SetPlaceHolder(T("如：单位盖章需要时间"))
	info := widget.NewLabel(Tf("现约定 %s 前补交。约定日期只能改一次，须写明原因。", forms.FormatDate(it.State.PromisedBy)))
	info.Wrapping = fyne.TextWrapWord
	id, caseID, a := it.ID, c.kase.ID, c.app.actor()
	var k *forms.Case
	f.confirm = widget.NewButton(T("确定改期"), func() {
		d, err := f.date.Date()
		switch {
		case err != nil:
			err = forms.Errorf(forms.EINVALID, "新的约定日期：%s", forms.ErrorMessage(err))
		case d.IsZero():
			err = forms.Errorf(forms.EINVALID, "请填写“%s”新的约定补交日期，格式如 2026-03-05", it.Name)
		}
		if err != nil {
			f.message.SetText(forms.ErrorMessage(err))
			return
		}
		reason := f.reason.Text
		c.app.runInDialog(f.confirm, f.message, f.dialog, func(ctx context.Context) error {
			var err error
			k, err = c.st.MovePromise(ctx, a, caseID, id, d, reason)
			return err
		}, func() {
			c.moveForm = nil
			c.app.home.setStatus(Tf("“%s”的约定日期已改为 %s（受理单 %s）", it.Name, forms.FormatDate(k.Items[id].PromisedBy), k.Number))
			c.load()
		})
	})
	f.confirm.Importance = widget.HighImportance
	cancel := widget.NewButton(T("取消"), func() { f.dialog.Hide(); c.moveForm = nil })
	form := widget.NewForm(widget.NewFormItem(T("新的约定日期"), f.date), widget.NewFormItem(T(forms.RuleMoveReason.Name), f.reason))
	body := container.NewVBox(info, form, f.message, container.NewHBox(f.confirm, cancel))
	f.dialog = dialog.NewCustomWithoutButtons(Tf("改“%s”的约定日期", it.Name), body, c.app.win)
	f.dialog.Resize(fyne.NewSize(560, body.MinSize().Height+80))
	c.moveForm = f
	f.dialog.Show()
	c.app.win.Canvas().Focus(f.date)
}

// unsavedBeforePapers stops 已补交 and 改约定日期 while the checklist has
// changes not saved: the case is loaded afresh after either, and the
// clerk's ticks would be lost. It says so and reports true.
func (c *caseScreen) unsavedBeforePapers() bool {
	if !c.edited {
		return false
	}
	c.message.SetText(T("材料清单有未保存的修改：请先保存，再登记补交或改约定日期"))
	return true
}

// lastPaperNote tells, when it is the last paper promised, what its
// arrival does: the case completes (and what completing changes, from the
// catalogue), or, with a deposit held, waits for the refund. "" when other
// papers are still promised.
func (c *caseScreen) lastPaperNote(it forms.ChecklistItem) string {
	if len(c.eval.Deferred) != 1 || c.eval.Deferred[0].ID != it.ID {
		return ""
	}
	if c.deposit != nil && c.deposit.State == forms.DepositHeld {
		return T("这是最后一项容缺材料：补交后受理单回到“已受理”，在退还或没收保障金时办结。")
	}
	note := T("这是最后一项容缺材料：登记补交后受理单即办结，不能再修改。")
	if more := c.service.CompletionNote(c.customer.Name); more != "" {
		note += "\n" + more
	}
	return note
}
