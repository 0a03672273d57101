package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// caseScreen walks the clerk through one case: the questions, the
// checklist of papers with the talking points beside it, the 一次性告知单,
// accepting with payment, and the documents and receipts.
type caseScreen struct {
	app    *App
	parent *customerScreen
	id     string
	root   *fyne.Container

	kase     *forms.Case
	service  *forms.Service
	customer *forms.Customer
	receipts []forms.Receipt
	deposit  *forms.Deposit

	answers map[string]string
	items   map[string]forms.ItemState
	eval    forms.Evaluation

	questionsBox *fyne.Container
	checklistBox *fyne.Container
	talkingBox   *fyne.Container
	summary      *widget.Label
	actions      *fyne.Container
	message      *widget.Label

	// Named for tests.
	saveBtn, noticeBtn, acceptBtn, cancelBtn, completeBtn *widget.Button
	itemChecks                                            map[string]*widget.Check
	questionInputs                                        map[string]fyne.CanvasObject
	pay                                                   *paymentForm
}

func newCaseScreen(u *App, parent *customerScreen, id string) *caseScreen {
	c := &caseScreen{app: u, parent: parent, id: id}
	c.questionsBox = container.NewVBox()
	c.checklistBox = container.NewVBox()
	c.talkingBox = container.NewVBox()
	c.summary = widget.NewLabel("")
	c.summary.Wrapping = fyne.TextWrapBreak
	c.message = widget.NewLabel("")
	c.message.Wrapping = fyne.TextWrapBreak
	c.message.Importance = widget.DangerImportance
	c.actions = container.NewHBox()
	c.root = container.NewStack(widget.NewLabel(T("正在打开受理单……")))
	return c
}

// load fetches the case with its service version, customer, receipts and
// deposit, then builds the screen.
func (c *caseScreen) load() {
	var k *forms.Case
	var sv *forms.Service
	var cust *forms.Customer
	var receipts []forms.Receipt
	var dep *forms.Deposit
	c.app.async(func(ctx context.Context) error {
		var err error
		if k, err = c.app.store.Case(ctx, c.id); err != nil {
			return err
		}
		if sv, err = c.app.store.ServiceVersion(ctx, k.ServiceCode, k.ServiceVersion); err != nil {
			return err
		}
		if cust, err = c.app.store.Customer(ctx, k.CustomerID); err != nil {
			return err
		}
		if receipts, err = c.app.store.ReceiptsOfCase(ctx, k.ID); err != nil {
			return err
		}
		dep, err = c.app.store.DepositOfCase(ctx, k.ID)
		if forms.ErrorCode(err) == forms.ENOTFOUND {
			dep, err = nil, nil
		}
		return err
	}, func() {
		c.kase, c.service, c.customer, c.receipts, c.deposit = k, sv, cust, receipts, dep
		c.answers = map[string]string{}
		for key, v := range k.Answers {
			c.answers[key] = v
		}
		c.items = map[string]forms.ItemState{}
		for key, v := range k.Items {
			c.items[key] = v
		}
		c.build()
	})
}

// editable reports whether the checklist may change: while the case is
// open, so papers promised (容缺) can be ticked off when they come.
func (c *caseScreen) editable() bool { return c.kase.Status.Open() }

// answerable reports whether the answers may change: only before accept,
// since the documents printed at accept carry them.
func (c *caseScreen) answerable() bool { return c.kase.Status == forms.CaseDraft }

// caseScreenServes reports whether this screen can take a service from
// opening to completion: renewals compute their amount from the fee table
// and loss declarations run a loss period, and each gets its own screen.
func caseScreenServes(s *forms.Service) bool {
	for _, f := range s.Fees {
		if f.Schedule != "" {
			return false
		}
	}
	return s.Code != "loss_declaration"
}

// build lays the screen out for the case's status.
func (c *caseScreen) build() {
	k := c.kase
	title := heading(fmt.Sprintf("%s · %s", c.service.Name, c.customer.Name))
	meta := widget.NewLabel(Tf("受理单 %s · 状态：%s · 业务版本 %d", k.Number, T(k.Status.Label()), k.ServiceVersion))
	if k.Status == forms.CaseCancelled {
		meta.SetText(meta.Text + Tf(" · 取消原因：%s", k.CancelReason))
	}
	back := widget.NewButton(T("返回客户"), c.parent.reload)
	header := container.NewVBox(container.NewBorder(nil, nil, nil, back, title), meta)

	left := container.NewVBox(heading(T("询问客户")), c.questionsBox, widget.NewSeparator(), heading(T("材料清单")), c.checklistBox)
	right := container.NewVBox(heading(T("向客户说明")), c.talkingBox, widget.NewSeparator(), c.summary)
	split := container.NewHSplit(container.NewVScroll(left), container.NewVScroll(right))
	split.Offset = 0.62
	bottom := container.NewVBox(c.message, c.actions)
	c.root.Objects = []fyne.CanvasObject{container.NewBorder(header, bottom, nil, nil, split)}
	c.evaluate()
	c.buildQuestions()
	c.root.Refresh()
}

// evaluate re-applies the service's conditions and refreshes the checklist,
// talking points, summary and actions.
func (c *caseScreen) evaluate() {
	c.eval = c.service.Evaluate(c.customer, c.answers, c.app.now(), c.items)
	c.buildChecklist()
	c.talkingBox.Objects = nil
	for _, t := range c.eval.TalkingPoints {
		l := widget.NewLabel("• " + t)
		l.Wrapping = fyne.TextWrapBreak
		c.talkingBox.Add(l)
	}
	c.talkingBox.Refresh()
	c.summary.SetText(c.summaryText())
	c.buildActions()
}

func (c *caseScreen) summaryText() string {
	var b strings.Builder
	b.WriteString(T("应打印文书："))
	var docs []string
	for _, d := range c.eval.Documents {
		docs = append(docs, fmt.Sprintf("%s（%d份）", d.Title, len(d.Copies)))
	}
	b.WriteString(strings.Join(docs, "、"))
	var total forms.Money
	for _, f := range c.eval.Fees {
		b.WriteString(fmt.Sprintf("\n%s：%s", f.Name, f.Amount))
		total += f.Amount
	}
	if total > 0 {
		b.WriteString(Tf("\n合计应收：%s（%s）", total, total.Capitals()))
	}
	if d := c.deposit; d != nil {
		b.WriteString(Tf("\n保障金：%s，收据 %s，状态：%s", d.Amount, d.ReceiptNumber, T(d.State.Label())))
		if d.State == forms.DepositHeld && !d.ReturnDue.IsZero() {
			b.WriteString(Tf("，应于 %s 前归还户籍卡", forms.FormatDate(d.ReturnDue)))
		}
	}
	if len(c.eval.Missing) > 0 && c.kase.Status == forms.CaseDraft {
		b.WriteString(Tf("\n还缺 %d 项材料，可打印一次性告知单交给客户。", len(c.eval.Missing)))
	}
	return b.String()
}

// buildQuestions makes one input per applicable question.
func (c *caseScreen) buildQuestions() {
	c.questionsBox.Objects = nil
	c.questionInputs = map[string]fyne.CanvasObject{}
	form := widget.NewForm()
	for _, q := range c.eval.Questions {
		q := q
		in := c.questionInput(q)
		c.questionInputs[q.ID] = in
		label := q.Label
		if q.Required {
			label += " *"
		}
		item := widget.NewFormItem(label, in)
		item.HintText = q.Hint
		form.AppendItem(item)
	}
	if len(c.eval.Questions) == 0 {
		c.questionsBox.Add(widget.NewLabel(T("本业务无需询问。")))
	} else {
		c.questionsBox.Add(form)
	}
	c.questionsBox.Refresh()
}

func (c *caseScreen) questionInput(q forms.Question) fyne.CanvasObject {
	changed := func(v string) {
		if c.answers[q.ID] == v {
			return
		}
		c.answers[q.ID] = v
		before := len(c.eval.Questions)
		c.evaluate()
		if len(c.eval.Questions) != before {
			c.buildQuestions() // an answer showed or hid a question
		}
	}
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
				changed(q.Options[i].Value)
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
			changed(v)
		}
		if !c.answerable() {
			r.Disable()
		}
		in = r
	default:
		e := widget.NewEntry()
		e.SetText(c.answers[q.ID])
		switch q.Type {
		case forms.QYear:
			e.SetPlaceHolder("2022")
		case forms.QDate:
			e.SetPlaceHolder("2026-01-31")
		}
		e.OnChanged = func(v string) {
			v = forms.Normalize(v)
			if q.Type == forms.QDate {
				if d, err := forms.ParseDate(v); err == nil {
					v = forms.FormatDate(d)
				} else if v != "" {
					return // wait until the date is complete
				}
			}
			changed(v)
		}
		if !c.answerable() {
			e.Disable()
		}
		in = e
	}
	return in
}

// buildChecklist shows each applicable paper: received (in full), the
// counts received, or 容缺 with a promised date.
func (c *caseScreen) buildChecklist() {
	c.checklistBox.Objects = nil
	c.itemChecks = map[string]*widget.Check{}
	for _, it := range c.eval.Items {
		it := it
		name := it.Name
		if q := it.Quantity(); q != "" {
			name += "（" + q + "）"
		}
		check := widget.NewCheck(name, nil)
		check.SetChecked(it.Done())
		check.OnChanged = func(on bool) {
			if on {
				c.items[it.ID] = it.Requirement.Received()
			} else {
				c.items[it.ID] = forms.ItemState{Status: forms.ItemMissing}
			}
			c.evaluate()
		}
		c.itemChecks[it.ID] = check
		state := widget.NewLabel("")
		switch {
		case it.Done():
			state.SetText(T("已收齐"))
			state.Importance = widget.SuccessImportance
		case it.State.Status == forms.ItemDeferred:
			state.SetText(Tf("容缺，承诺 %s 前补交", forms.FormatDate(it.State.PromisedBy)))
			state.Importance = widget.WarningImportance
		default:
			state.SetText(Tf("缺：%s", it.Shortfall(it.State)))
			state.Importance = widget.DangerImportance
		}
		defer1 := widget.NewButton(T("容缺"), func() { c.onDefer(it) })
		defer1.Importance = widget.LowImportance
		if !c.editable() {
			check.Disable()
			defer1.Disable()
		}
		row := container.NewBorder(nil, nil, nil, container.NewHBox(state, defer1), check)
		c.checklistBox.Add(row)
		if it.Note != "" {
			note := widget.NewLabel("    " + it.Note)
			note.Wrapping = fyne.TextWrapBreak
			note.Importance = widget.LowImportance
			c.checklistBox.Add(note)
		}
	}
	if len(c.eval.Items) == 0 {
		c.checklistBox.Add(widget.NewLabel(T("本业务无需收取材料。")))
	}
	c.checklistBox.Refresh()
}

// onDefer accepts a paper now on the customer's promise (容缺).
func (c *caseScreen) onDefer(it forms.ChecklistItem) {
	date := widget.NewEntry()
	date.SetText(forms.FormatDate(c.app.now().AddDate(0, 0, 7)))
	dialog.ShowForm(Tf("“%s”容缺受理", it.Name), T("确定"), T("取消"),
		[]*widget.FormItem{widget.NewFormItem(T("承诺补交日期"), date)}, func(ok bool) {
			if !ok {
				return
			}
			d, err := forms.ParseDate(date.Text)
			if err == nil && forms.DaysBetween(c.app.now(), d) < 0 {
				err = forms.Errorf(forms.EINVALID, "承诺补交日期不能早于今天")
			}
			if err != nil {
				c.message.SetText(forms.ErrorMessage(err))
				return
			}
			c.items[it.ID] = forms.ItemState{Status: forms.ItemDeferred, PromisedBy: d}
			c.evaluate()
		}, c.app.win)
}

// buildActions shows what can be done in the case's status.
func (c *caseScreen) buildActions() {
	c.actions.Objects = nil
	k := c.kase
	c.saveBtn = widget.NewButton(T("保存"), c.onSave)
	c.noticeBtn = widget.NewButton(T("打印一次性告知单"), c.onNotice)
	c.acceptBtn = widget.NewButton(T("受理并收款"), c.onAccept)
	c.acceptBtn.Importance = widget.HighImportance
	c.cancelBtn = widget.NewButton(T("取消受理单"), c.onCancel)
	c.cancelBtn.Importance = widget.DangerImportance
	c.completeBtn = widget.NewButton(T("办结"), c.onComplete)
	switch k.Status {
	case forms.CaseDraft:
		if !c.eval.Acceptable() {
			c.acceptBtn.Disable()
		}
		c.actions.Add(c.saveBtn)
		c.actions.Add(c.noticeBtn)
		c.actions.Add(c.acceptBtn)
		c.actions.Add(c.cancelBtn)
	case forms.CaseAccepted, forms.CaseWaiting:
		c.actions.Add(c.saveBtn)
		if len(c.eval.Missing)+len(c.eval.Deferred) > 0 {
			c.actions.Add(c.noticeBtn)
		}
		for _, d := range c.eval.Documents {
			d := d
			// The documents printed at accept; pressing again is a reprint.
			c.actions.Add(widget.NewButton(Tf("补打%s", d.Title), func() { c.printDocument(d, true) }))
		}
		// A case holding a deposit completes at its refund or forfeit, and
		// cannot be cancelled while the deposit is held.
		if c.deposit == nil || c.deposit.State != forms.DepositHeld {
			c.actions.Add(c.completeBtn)
			c.actions.Add(c.cancelBtn)
		}
	}
	if len(c.receipts) > 0 {
		c.actions.Add(widget.NewButton(T("收据…"), c.onReceipts))
	}
	c.actions.Refresh()
}

func (c *caseScreen) onSave() {
	c.message.SetText("")
	var k *forms.Case
	c.app.async(func(ctx context.Context) error {
		var err error
		k, err = c.app.store.SaveCase(ctx, c.app.actor(), c.kase.ID, c.answers, c.items)
		return err
	}, func() {
		c.kase = k
		c.app.home.setStatus(Tf("受理单 %s 已保存", k.Number))
		c.build()
	})
}

// onNotice prints the 一次性告知单: everything still missing in one list.
func (c *caseScreen) onNotice() {
	p := c.app.printout(forms.PrintNotice)
	p.Customer, p.Case, p.Service = c.customer, c.kase, c.service
	ev := c.eval
	p.Evaluation = &ev
	c.app.print(p, []string{c.customer.Name}, func(string) {
		c.recordPrint("notice", 1, false)
	})
}

func (c *caseScreen) recordPrint(doc string, copies int, reprint bool) {
	id := c.kase.ID
	c.app.async(func(ctx context.Context) error {
		return c.app.store.RecordPrint(ctx, c.app.actor(), id, doc, copies, reprint)
	}, nil)
}

// paymentForm is the accept dialog's content.
type paymentForm struct {
	method    *widget.RadioGroup
	reference *widget.Entry
	returnDue *widget.Entry
	dialog    dialog.Dialog
	confirm   *widget.Button
}

func (p *paymentForm) payment() forms.Payment {
	pay := forms.Payment{Reference: p.reference.Text}
	for _, m := range forms.PaymentMethods {
		if T(m.Label()) == p.method.Selected {
			pay.Method = m
		}
	}
	return pay
}

// onAccept takes the payment (if the service charges anything), issues the
// receipt, and prints the receipt and the documents.
func (c *caseScreen) onAccept() {
	c.message.SetText("")
	var total forms.Money
	for _, f := range c.eval.Fees {
		total += f.Amount
	}
	p := &paymentForm{}
	var labels []string
	for _, m := range forms.PaymentMethods {
		labels = append(labels, T(m.Label()))
	}
	p.method = widget.NewRadioGroup(labels, nil)
	p.method.Horizontal = true
	p.method.SetSelected(labels[0])
	p.reference = widget.NewEntry()
	p.reference.SetPlaceHolder(T("移动支付、银行卡填交易单号"))
	p.returnDue = widget.NewEntry()
	items := []*widget.FormItem{
		widget.NewFormItem(T("应收金额"), widget.NewLabel(fmt.Sprintf("%s  %s", total, total.Capitals()))),
		widget.NewFormItem(T("收款方式"), p.method),
		widget.NewFormItem(T("交易单号"), p.reference),
	}
	if _, ok := c.eval.Deposit(); ok {
		// The store set the loan period when the case opened (the station's
		// setting, else the service's); it runs from today's accept.
		days := c.service.ReturnDays
		if !c.kase.ReturnDue.IsZero() {
			days = forms.DaysBetween(c.kase.CreatedAt, c.kase.ReturnDue)
		}
		p.returnDue.SetText(forms.FormatDate(c.app.now().AddDate(0, 0, days)))
		items = append(items, widget.NewFormItem(T("户籍卡归还日期"), p.returnDue))
	}
	c.pay = p
	form := widget.NewForm(items...)
	p.confirm = widget.NewButton(T("确认收款并打印"), func() { c.doAccept(p) })
	p.confirm.Importance = widget.HighImportance
	cancel := widget.NewButton(T("取消"), func() { p.dialog.Hide() })
	p.dialog = dialog.NewCustomWithoutButtons(Tf("受理 %s", c.service.Name), container.NewVBox(form, container.NewHBox(p.confirm, cancel)), c.app.win)
	p.dialog.Resize(fyne.NewSize(560, 320))
	p.dialog.Show()
}

func (c *caseScreen) doAccept(p *paymentForm) {
	pay := p.payment()
	var due time.Time
	if strings.TrimSpace(p.returnDue.Text) != "" {
		d, err := forms.ParseDate(p.returnDue.Text)
		if err != nil {
			c.app.showError(forms.Errorf(forms.EINVALID, "户籍卡归还日期：%s", forms.ErrorMessage(err)))
			return
		}
		due = d
	}
	p.confirm.Disable()
	answers, items := c.answers, c.items
	var k *forms.Case
	var r *forms.Receipt
	var dep *forms.Deposit
	c.app.async(func(ctx context.Context) error {
		defer c.app.do(p.confirm.Enable)
		// Save what the clerk ticked, then accept: two steps, each its own
		// transaction; a refused accept leaves the saved checklist as is.
		if _, err := c.app.store.SaveCase(ctx, c.app.actor(), c.kase.ID, answers, items); err != nil {
			return err
		}
		var err error
		k, r, dep, err = c.app.store.AcceptCase(ctx, c.app.actor(), c.kase.ID, pay, due)
		return err
	}, func() {
		p.dialog.Hide()
		c.kase, c.deposit = k, dep
		if r != nil {
			c.receipts = append(c.receipts, *r)
			c.printReceipt(*r, false)
		}
		for _, d := range c.eval.Documents {
			c.printDocument(d, false)
		}
		c.app.home.setStatus(Tf("受理单 %s 已受理", k.Number))
		c.build()
	})
}

// printReceipt prints a receipt; a reprint is marked 补打 with the date.
func (c *caseScreen) printReceipt(r forms.Receipt, reprint bool) {
	p := c.app.printout(forms.PrintReceipt)
	p.Customer, p.Case, p.Service = c.customer, c.kase, c.service
	p.Receipt = &r
	p.Reprint = reprint
	c.app.print(p, []string{r.PayerName}, func(string) {
		c.recordPrint("receipt:"+r.Number, 1, reprint)
	})
}

// printDocument prints a catalogue document pre-filled from the case.
func (c *caseScreen) printDocument(d forms.Document, reprint bool) {
	p := c.app.printout(forms.PrintDocument)
	p.Customer, p.Case, p.Service = c.customer, c.kase, c.service
	p.Document = &d
	p.Deposit = c.deposit
	p.Reprint = reprint
	if p.Deposit == nil {
		for i := range c.receipts {
			if !c.receipts[i].Voided {
				p.Receipt = &c.receipts[i]
			}
		}
	}
	c.app.print(p, []string{c.customer.Name, c.app.station.BranchName}, func(string) {
		c.recordPrint(d.ID, len(d.Copies), reprint)
	})
}

// onReceipts lists the case's receipts, voided ones marked 作废, with
// reprint and void.
func (c *caseScreen) onReceipts() {
	box := container.NewVBox()
	var d dialog.Dialog
	for _, r := range c.receipts {
		r := r
		text := fmt.Sprintf("%s  %s  %s  %s", r.Number, r.Total, T(r.Payment.Method.Label()), r.IssuedAt.Local().Format("2006-01-02 15:04"))
		if r.Voided {
			text += Tf("  【作废】%s", r.VoidReason)
		}
		reprint := widget.NewButton(T("补打"), func() { c.printReceipt(r, true) })
		void := widget.NewButton(T("作废"), func() { d.Hide(); c.onVoid(r) })
		void.Importance = widget.DangerImportance
		if r.Voided {
			void.Disable()
		}
		box.Add(container.NewBorder(nil, nil, nil, container.NewHBox(reprint, void), widget.NewLabel(text)))
	}
	d = dialog.NewCustom(T("本受理单的收据"), T("关闭"), box, c.app.win)
	d.Resize(fyne.NewSize(760, 300))
	d.Show()
}

// onVoid voids a receipt with a reason, approved by a supervisor. A voided
// deposit receipt returns the case to the accept step.
func (c *caseScreen) onVoid(r forms.Receipt) {
	c.app.askReason(Tf("作废收据 %s", r.Number), T("作废原因"), T("如：收款方式选错、金额错误"), T("下一步"), func(why string) {
		c.app.withSupervisor(T("作废收据"), func(a forms.Actor) {
			c.app.async(func(ctx context.Context) error {
				return c.app.store.VoidReceipt(ctx, a, r.ID, why)
			}, func() {
				c.app.home.setStatus(Tf("收据 %s 已作废", r.Number))
				c.load()
			})
		})
	})
}

// onComplete closes a case whose work is done.
func (c *caseScreen) onComplete() {
	answers, items := c.answers, c.items
	var k *forms.Case
	c.app.async(func(ctx context.Context) error {
		if _, err := c.app.store.SaveCase(ctx, c.app.actor(), c.kase.ID, answers, items); err != nil {
			return err
		}
		var err error
		k, err = c.app.store.CompleteCase(ctx, c.app.actor(), c.kase.ID)
		return err
	}, func() {
		c.app.home.setStatus(Tf("受理单 %s 已办结", k.Number))
		c.load()
	})
}

// onCancel cancels the case with a reason; the store refuses while a
// deposit is held.
func (c *caseScreen) onCancel() {
	c.app.askReason(T("取消受理单"), T("取消原因"), T("如：客户材料不全，改日再来"), T("确定取消"), func(why string) {
		c.app.async(func(ctx context.Context) error {
			return c.app.store.CancelCase(ctx, c.app.actor(), c.kase.ID, why)
		}, func() {
			c.app.home.setStatus(T("受理单已取消"))
			c.load()
		})
	})
}
