package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// complaintDetail is one complaint: who complained and how, their words
// verbatim, what they ask, the case or receipt concerned, the first
// answer's due day, and the steps, hand-overs, answer and outcome. Its
// owner (首接负责制) records a step (who was asked, what they said), gives
// the answer and closes it with an outcome, which makes the follow-up call
// due within 72 hours. A supervisor, logged in or approving on the
// clerk's screen, hands it to another owner with a reason. Anyone else
// sees it read-only with who owns it.
type complaintDetail struct {
	app    *App
	st     complaintStore
	parent *complaintScreen
	id     string
	root   *fyne.Container

	c        *forms.Complaint
	customer *forms.Customer
	link     string       // the case or receipt concerned, named
	users    []forms.User // active users, for a hand-over

	// Named for tests.
	owner       *wrappedText // who owns it, and read-only for others
	message     *wrappedText
	stepBtn     *widget.Button
	answerBtn   *widget.Button
	closeBtn    *widget.Button
	reassignBtn *widget.Button
	backBtn     *widget.Button
	step        *complaintStepForm
	answer      *complaintAnswerForm
	reassign    *complaintReassignForm
}

func newComplaintDetail(u *App, parent *complaintScreen, id string) *complaintDetail {
	d := &complaintDetail{app: u, st: u.store, parent: parent, id: id}
	d.message = newWrappedText("")
	d.message.Importance = widget.DangerImportance
	d.root = container.NewStack(widget.NewLabel(T("正在打开投诉……")))
	return d
}

// load reads the complaint, its customer and the users a supervisor may
// hand it to, then builds the screen.
func (d *complaintDetail) load() {
	id := d.id
	var c *forms.Complaint
	var cust *forms.Customer
	var users []forms.User
	var link []string
	d.app.async(func(ctx context.Context) error {
		var err error
		if c, err = d.st.Complaint(ctx, id); err != nil {
			return err
		}
		if c.CustomerID != "" {
			if cust, err = d.st.Customer(ctx, c.CustomerID); err != nil {
				return err
			}
		}
		if c.CaseID != "" {
			if k, err := d.st.Case(ctx, c.CaseID); err == nil {
				link = append(link, Tf("受理单 %s %s", k.Number, k.ServiceName))
			}
		}
		if c.ReceiptID != "" && c.CustomerID != "" {
			recs, err := d.st.ReceiptsOfCustomer(ctx, c.CustomerID)
			if err != nil {
				return err
			}
			for _, r := range recs {
				if r.ID == c.ReceiptID {
					link = append(link, Tf("收据 %s %s %s", r.Number, forms.FormatDate(r.IssuedAt), r.Total))
				}
			}
		}
		all, err := d.st.Users(ctx)
		for _, u := range all {
			if !u.Disabled {
				users = append(users, u)
			}
		}
		return err
	}, func() {
		d.c, d.customer, d.users, d.link = c, cust, users, strings.Join(link, "；")
		d.build()
	})
}

// mine reports whether the logged-in user owns the open complaint.
func (d *complaintDetail) mine() bool {
	return !d.c.Closed() && d.app.user != nil && d.app.user.ID == d.c.OwnerID
}

// section is a small heading with text under it, wrapped.
func section(title, text string) fyne.CanvasObject {
	t := newWrappedText(text)
	return container.NewVBox(widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), t)
}

// build lays the complaint out: the facts and the customer's words on the
// left, the steps, hand-overs, answer and outcome on the right, both
// scrolling; the owner's actions at the bottom.
func (d *complaintDetail) build() {
	c, now := d.c, d.app.now()
	d.backBtn = widget.NewButton(T("返回投诉列表"), d.parent.back)
	title := heading(fmt.Sprintf("%s%s · %s", complaintMark(c, now), c.Number, c.CategoryName))
	state := dueState(c)
	switch {
	case c.Closed():
		state = Tf("已于 %s 办结，处理结果：%s", forms.FormatDate(c.ClosedAt), T(c.Outcome.Label()))
	case c.Answered() && c.AnsweredInTime():
		state = Tf("已于 %s 首次答复（在期限内）", forms.FormatDate(c.AnsweredAt))
	case c.Answered():
		state = Tf("已于 %s 首次答复（超过期限 %s）", forms.FormatDate(c.AnsweredAt), forms.FormatDate(c.DueDay))
	}
	d.owner = newWrappedText(Tf("负责人：%s · %s", c.OwnerName, state))
	if !d.mine() && !c.Closed() {
		d.owner.SetText(d.owner.Text + Tf("。只读：只有负责人%s能记录处理经过、答复和办结（首接负责制）", c.OwnerName))
	}
	d.owner.Importance = complaintImportance(c, now)
	header := container.NewVBox(container.NewBorder(nil, nil, nil, d.backBtn, title), d.owner)

	from := complaintFrom(c, nil)
	if d.customer != nil {
		from = Tf("%s（身份证 %s）", d.customer.Name, d.customer.MaskedID())
	} else if c.CallerPhone != "" {
		from += " " + c.CallerPhone
	}
	facts := Tf("登记：%s，%s · 渠道：%s · 复杂程度：%s", c.ReceivedAt.Local().Format("2006-01-02 15:04"), c.RecorderName,
		T(c.Channel.Label()), T(c.Complexity.Label()))
	left := container.NewVBox(section(T("投诉人"), from), newWrappedText(facts),
		section(T("投诉内容（客户原话）"), c.Words))
	if c.Request != "" {
		left.Add(section(T("客户诉求"), c.Request))
	}
	if d.link != "" {
		left.Add(section(T("关联业务"), d.link))
	}

	right := container.NewVBox(widget.NewLabelWithStyle(Tf("处理经过（%d）", len(c.Steps)), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for _, s := range c.Steps {
		right.Add(newWrappedText(Tf("%s %s 询问%s：%s", s.At.Local().Format("01-02 15:04"), s.ByName, s.Asked, s.Said)))
	}
	if len(c.Steps) == 0 {
		right.Add(widget.NewLabel(T("还没有记录处理经过")))
	}
	for _, h := range c.Handovers {
		right.Add(newWrappedText(Tf("%s 主管%s把投诉由%s移交给%s：%s", h.At.Local().Format("01-02 15:04"), h.ByName, h.FromName, h.ToName, h.Reason)))
	}
	if c.Answer != "" {
		right.Add(section(T("给客户的答复"), c.Answer))
	}

	split := container.NewHSplit(container.NewVScroll(padded(left)), container.NewVScroll(padded(right)))
	split.Offset = 0.5

	d.stepBtn = widget.NewButton(T("记录处理经过…"), d.onStep)
	d.answerBtn = widget.NewButton(T("答复客户…"), d.onAnswer)
	d.closeBtn = widget.NewButton(T("办结…"), d.onClose)
	d.closeBtn.Importance = widget.HighImportance
	d.reassignBtn = widget.NewButton(T("移交给他人…"), func() { d.onReassign() })
	actions := container.NewHBox()
	if !c.Closed() {
		if d.mine() {
			actions.Add(d.stepBtn)
			actions.Add(d.answerBtn)
			actions.Add(d.closeBtn)
		}
		// A clerk's 移交 asks a supervisor's approval on this screen.
		actions.Add(d.reassignBtn)
	}
	bottom := container.NewVBox(d.message, actions)
	d.root.Objects = []fyne.CanvasObject{container.NewBorder(header, bottom, nil, nil, split)}
	d.root.Refresh()
}

// changed shows the complaint as the store returned it after an action,
// with what happened in the status line.
func (d *complaintDetail) changed(c *forms.Complaint, status string) {
	d.c = c
	d.build()
	if d.app.home != nil {
		d.app.home.setStatus(status)
	}
}

// complaintStepForm is the 记录处理经过 dialog.
type complaintStepForm struct {
	asked, said *widget.Entry
	message     *wrappedText
	save        *widget.Button
	dialog      dialog.Dialog
}

// onStep asks who was asked and what they said, and records the step.
func (d *complaintDetail) onStep() {
	f := &complaintStepForm{asked: widget.NewEntry(), said: widget.NewMultiLineEntry(), message: newWrappedText("")}
	f.asked.SetPlaceHolder(T("问了谁（部门或人员），如 档案室 张三"))
	f.said.SetPlaceHolder(T("对方怎么说的"))
	f.said.Wrapping = fyne.TextWrapWord
	f.said.SetMinRowsVisible(4)
	f.message.Importance = widget.DangerImportance
	id, a := d.c.ID, d.app.actor()
	f.save = widget.NewButton(T("记录"), func() {
		f.message.SetText("")
		asked, said := f.asked.Text, f.said.Text
		var c *forms.Complaint
		d.app.runInDialog(f.save, f.message, f.dialog, func(ctx context.Context) error {
			var err error
			c, err = d.st.AddComplaintStep(ctx, a, id, asked, said)
			return err
		}, func() { d.step = nil; d.changed(c, Tf("投诉 %s：已记录处理经过", c.Number)) })
	})
	f.save.Importance = widget.HighImportance
	form := widget.NewForm(widget.NewFormItem(T("询问对象"), f.asked), widget.NewFormItem(T("对方答复"), f.said))
	f.dialog = dialog.NewCustomWithoutButtons(T("记录处理经过"),
		container.NewVBox(form, f.message, container.NewHBox(f.save, widget.NewButton(T("返回"), func() { f.dialog.Hide() }))), d.app.win)
	f.dialog.Resize(fyne.NewSize(640, 360))
	d.step = f
	f.dialog.Show()
	d.app.win.Canvas().Focus(f.asked)
}

// complaintAnswerForm is the 答复客户 and the 办结 dialog: the answer
// given to the customer and, to close, the outcome.
type complaintAnswerForm struct {
	answer  *widget.Entry
	outcome *widget.RadioGroup // nil for 答复客户
	message *wrappedText
	save    *widget.Button
	dialog  dialog.Dialog
}

// onAnswer records the answer given to the customer.
func (d *complaintDetail) onAnswer() { d.showAnswer(false) }

// onClose closes the complaint with its outcome and the answer; it says
// the follow-up call is now due within 72 hours, or, for a complaint with
// nobody to call (anonymous, no phone), that it is recorded unreachable.
func (d *complaintDetail) onClose() { d.showAnswer(true) }

func (d *complaintDetail) showAnswer(closing bool) *complaintAnswerForm {
	f := &complaintAnswerForm{answer: widget.NewMultiLineEntry(), message: newWrappedText("")}
	f.answer.Wrapping = fyne.TextWrapWord
	f.answer.SetMinRowsVisible(4)
	f.answer.SetPlaceHolder(T("告诉了客户什么"))
	f.answer.SetText(d.c.Answer)
	f.message.Importance = widget.DangerImportance
	id, a := d.c.ID, d.app.actor()
	items := []*widget.FormItem{}
	title, action := T("答复客户"), T("记录答复")
	if closing {
		title, action = T("办结投诉"), T("办结")
		var opts []string
		for _, o := range forms.ComplaintOutcomes {
			opts = append(opts, T(o.Label()))
		}
		f.outcome = widget.NewRadioGroup(opts, nil)
		f.outcome.Horizontal = true
		f.outcome.Required = true
		items = append(items, widget.NewFormItem(T("处理结果"), f.outcome))
	}
	items = append(items, widget.NewFormItem(T("给客户的答复"), f.answer))
	f.save = widget.NewButton(action, func() {
		f.message.SetText("")
		text := f.answer.Text
		var c *forms.Complaint
		var fu *forms.FollowUp
		var outcome forms.ComplaintOutcome
		if f.outcome != nil {
			if i := radioIndex(f.outcome); i >= 0 {
				outcome = forms.ComplaintOutcomes[i]
			}
		}
		d.app.runInDialog(f.save, f.message, f.dialog, func(ctx context.Context) error {
			var err error
			if closing {
				c, fu, err = d.st.CloseComplaint(ctx, a, id, outcome, text)
			} else {
				c, err = d.st.AnswerComplaint(ctx, a, id, text)
			}
			return err
		}, func() {
			d.answer = nil
			if !closing {
				d.changed(c, Tf("投诉 %s：已记录给客户的答复", c.Number))
				return
			}
			msg := Tf("投诉 %s 已办结（%s）。须在72小时内回访客户：%s 前", c.Number, T(c.Outcome.Label()),
				fu.DueAt.Local().Format("2006-01-02 15:04"))
			if fu.State == forms.FollowUpUnreachable {
				// Nobody to call (anonymous, no phone): the call is
				// already 无法联系, so none is promised.
				msg = Tf("投诉 %s 已办结（%s）。投诉人匿名且无联系方式，回访已记为无法联系", c.Number, T(c.Outcome.Label()))
			}
			d.changed(c, msg)
			d.app.info(T("投诉已办结"), msg)
		})
	})
	f.save.Importance = widget.HighImportance
	var top fyne.CanvasObject = widget.NewLabel("")
	switch {
	case closing && d.c.NoContact():
		// Nobody to answer or call (tester 18b B4): the answer may stay
		// empty (forms.ComplaintNoContactAnswer is recorded).
		top = newWrappedText(T("办结后投诉不能再修改。投诉人匿名且没有留联系方式：无法答复，回访将记为无法联系。给客户的答复可不填（记为“无法答复：匿名且无联系方式”），也可记录做了什么。"))
		f.answer.SetPlaceHolder(T("可不填，或记录做了什么"))
	case closing:
		top = newWrappedText(T("办结后投诉不能再修改，并开始72小时内的回访。"))
	}
	f.dialog = dialog.NewCustomWithoutButtons(title, container.NewVBox(top, widget.NewForm(items...), f.message,
		container.NewHBox(f.save, widget.NewButton(T("返回"), func() { f.dialog.Hide() }))), d.app.win)
	f.dialog.Resize(fyne.NewSize(640, 380))
	d.answer = f
	f.dialog.Show()
	d.app.win.Canvas().Focus(f.answer)
	return f
}

// complaintReassignForm is the 移交 dialog: the new owner and the reason.
type complaintReassignForm struct {
	to      *widget.Select
	reason  *widget.Entry
	message *wrappedText
	next    *widget.Button
	dialog  dialog.Dialog
}

// onReassign asks to whom and why, then hands the complaint over as a
// supervisor: directly when one is logged in, else after a supervisor
// approves on this screen (a wrong approval is refused and nothing
// changes).
func (d *complaintDetail) onReassign() *complaintReassignForm {
	f := &complaintReassignForm{reason: widget.NewMultiLineEntry(), message: newWrappedText("")}
	var names []string
	var ids []string
	for _, u := range d.users {
		if u.ID != d.c.OwnerID {
			names = append(names, Tf("%s（%s）", u.Name, T(u.Role.Label())))
			ids = append(ids, u.ID)
		}
	}
	f.to = widget.NewSelect(names, nil)
	f.to.PlaceHolder = T("选择接手的人")
	f.reason.SetPlaceHolder(T("如：原负责人休假"))
	f.reason.Wrapping = fyne.TextWrapWord
	f.reason.SetMinRowsVisible(2)
	f.message.Importance = widget.DangerImportance
	id, number := d.c.ID, d.c.Number
	f.next = widget.NewButton(T("移交"), func() {
		f.message.SetText("")
		i := f.to.SelectedIndex()
		if i < 0 || i >= len(ids) {
			f.message.SetText(T("请选择接手这件投诉的人"))
			return
		}
		reason, err := forms.RuleReassignReason.Check(f.reason.Text)
		if err != nil {
			f.message.SetText(forms.ErrorMessage(err))
			return
		}
		to := ids[i]
		f.dialog.Hide()
		d.reassign = nil
		var c *forms.Complaint
		d.app.withSupervisor(Tf("移交投诉 %s", number), func(ctx context.Context, a forms.Actor) error {
			var err error
			c, err = d.st.ReassignComplaint(ctx, a, id, to, reason)
			return err
		}, func() {
			d.changed(c, Tf("投诉 %s 已移交给 %s", c.Number, c.OwnerName))
		})
	})
	f.next.Importance = widget.HighImportance
	note := newWrappedText(Tf("首接负责制：投诉由登记的人负责到底，只有主管能移交给别人。现负责人：%s", d.c.OwnerName))
	form := widget.NewForm(widget.NewFormItem(T("接手的人"), f.to), widget.NewFormItem(T("移交原因"), f.reason))
	f.dialog = dialog.NewCustomWithoutButtons(T("移交投诉"), container.NewVBox(note, form, f.message,
		container.NewHBox(f.next, widget.NewButton(T("返回"), func() { f.dialog.Hide() }))), d.app.win)
	f.dialog.Resize(fyne.NewSize(600, 340))
	d.reassign = f
	f.dialog.Show()
	return f
}
