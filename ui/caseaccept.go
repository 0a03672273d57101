package ui

import (
	"context"
	"fmt"
	"log"
	"maps"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// paymentForm is the accept dialog: the payment of a service that charges
// something, or the confirmation of one that charges nothing.
type paymentForm struct {
	method    *widget.RadioGroup // nil when nothing is paid
	reference *widget.Entry
	returnDue *dateEntry // nil unless a household card is lent
	message   *widget.Label
	dialog    dialog.Dialog
	confirm   *widget.Button
}

func (p *paymentForm) payment() forms.Payment {
	if p.method == nil {
		return forms.Payment{}
	}
	return forms.Payment{Method: paymentMethodOf(p.method.Selected), Reference: p.reference.Text}
}

// acceptPrints lists what accepting prints, for the confirmation: the
// receipt (when something is paid) and each document with its copies.
func (c *caseScreen) acceptPrints(paid bool) string {
	var out []string
	if paid {
		out = append(out, T("收据"))
	}
	for _, d := range c.eval.Documents {
		out = append(out, fmt.Sprintf("%s（%d份）", d.Title, len(d.Copies)))
	}
	if len(out) == 0 {
		return T("无")
	}
	return strings.Join(out, "、")
}

// onAccept opens the accept dialog. A service with something to pay asks
// for the payment (and a lent card's return date); one with nothing to pay
// (¥0.00) has no payment step and only says what will be printed.
func (c *caseScreen) onAccept() {
	c.message.SetText("")
	total := c.total()
	p := &paymentForm{message: widget.NewLabel("")}
	p.message.Wrapping = fyne.TextWrapWord
	p.message.Importance = widget.DangerImportance
	// What is printed, e.g. "收据、…、《15—49周岁女性情况入户调查登记表》（1份）",
	// wraps by 禁则 (no line starts with "、").
	prints := newMessageBody(Tf("受理后将打印：%s", c.acceptPrints(total > 0)))
	var body *fyne.Container
	if total == 0 {
		p.confirm = widget.NewButton(T("确认受理并打印"), func() { c.doAccept(p) })
		note := newMessageBody(T("本业务无需收费，不开收据。"))
		body = container.NewVBox(note, prints, p.message)
	} else {
		var labels []string
		for _, m := range forms.PaymentMethods {
			labels = append(labels, T(m.Label()))
		}
		p.method = widget.NewRadioGroup(labels, nil)
		p.method.Horizontal = true
		p.method.SetSelected(labels[0])
		p.reference = widget.NewEntry()
		p.reference.SetPlaceHolder(T("移动支付、银行卡填交易单号"))
		bindReference(p.method, p.reference)
		items := []*widget.FormItem{
			widget.NewFormItem(T("应收金额"), widget.NewLabel(fmt.Sprintf("%s  %s", total, total.Capitals()))),
			widget.NewFormItem(T("收款方式"), p.method),
			widget.NewFormItem(T("交易单号"), p.reference),
		}
		if _, ok := c.eval.Deposit(); ok {
			// The store set the loan period when the case opened (the
			// station's setting, else the service's); it runs from today's
			// accept. It is the station's rule, not a guess, so it is
			// filled in for the clerk to change.
			days := c.service.ReturnDays
			if !c.kase.ReturnDue.IsZero() {
				days = forms.DaysBetween(c.kase.CreatedAt, c.kase.ReturnDue)
			}
			p.returnDue = newDateEntry(c.app.now().AddDate(0, 0, days), nil)
			items = append(items, widget.NewFormItem(T("户籍卡归还日期"), p.returnDue))
		}
		p.confirm = widget.NewButton(T("确认收款并打印"), func() { c.doAccept(p) })
		body = container.NewVBox(widget.NewForm(items...), prints, p.message)
	}
	p.confirm.Importance = widget.HighImportance
	cancel := widget.NewButton(T("取消"), func() { p.dialog.Hide() })
	body.Add(container.NewHBox(p.confirm, cancel))
	c.pay = p
	p.dialog = dialog.NewCustomWithoutButtons(Tf("受理 %s", c.service.Name), body, c.app.win)
	p.dialog.Resize(fyne.NewSize(600, body.MinSize().Height+80))
	p.dialog.Show()
}

// doAccept saves the checklist and accepts the case, then prints the
// receipt and every document, copies included, as one PDF. A refusal
// keeps the dialog open with the reason.
func (c *caseScreen) doAccept(p *paymentForm) {
	p.message.SetText("")
	pay := p.payment()
	var due time.Time
	if p.returnDue != nil {
		d, err := p.returnDue.Date()
		if err != nil {
			p.message.SetText(Tf("户籍卡归还日期：%s", forms.ErrorMessage(err)))
			return
		}
		due = d
	}
	// The receipt's number is issued by the accept: a name the fonts
	// cannot print is shown large first, and nothing is issued unless the
	// clerk goes on — unless the clerk saw the same characters for this
	// case at 办理, in this session.
	c.app.beforeCaseIssue(c.kase.ID, c.acceptTexts(), T("继续受理"), func() { c.accept(p, pay, due) })
}

// acceptTexts are the texts accepting prints that come from people: the
// payer's (the customer's) name on the receipt and the documents, the
// customer's address and employer where a document prints them
// (documentTexts), and the branch's name on the documents.
func (c *caseScreen) acceptTexts() []printText {
	texts := documentTexts(c.customer, c.eval.Documents)
	if len(c.eval.Documents) > 0 && c.app.station != nil {
		texts = append(texts, printText{field: T("网点全称"), text: c.app.station.BranchName})
	}
	return texts
}

// accept is doAccept's store call and print, once the clerk was warned.
func (c *caseScreen) accept(p *paymentForm, pay forms.Payment, due time.Time) {
	p.confirm.Disable()
	a, id := c.app.actor(), c.kase.ID
	answers, items := maps.Clone(c.answers), maps.Clone(c.items)
	var k *forms.Case
	var r *forms.Receipt
	var dep *forms.Deposit
	c.app.run(func(ctx context.Context) error {
		// Save what the clerk ticked, then accept: two steps, each its own
		// transaction; a refused accept leaves the saved checklist as is.
		if _, err := c.st.SaveCase(ctx, a, id, answers, items); err != nil {
			return err
		}
		var err error
		k, r, dep, err = c.st.AcceptCase(ctx, a, id, pay, due)
		return err
	}, func(err error) {
		p.confirm.Enable()
		if err != nil {
			// The reason stays in the dialog, beside what the clerk typed.
			if forms.ErrorCode(err) == forms.EINTERNAL {
				log.Printf("accept case %s: %v", id, err)
			}
			p.message.SetText(forms.ErrorMessage(err))
			if c.app.home != nil {
				c.app.home.setStatus(forms.ErrorMessage(err))
			}
			return
		}
		p.dialog.Hide()
		c.kase, c.deposit = k, dep
		c.edited = false
		var ps []*forms.Printout
		if r != nil {
			c.receipts = append(c.receipts, *r)
			ps = append(ps, c.receiptPrintout(*r))
		}
		for _, d := range c.eval.Documents {
			ps = append(ps, c.documentPrintout(d))
		}
		c.app.printWarned(ps, nil)
		c.app.home.setStatus(Tf("受理单 %s 已受理", k.Number))
		c.build()
	})
}

// onComplete closes a case whose work is done, after the clerk confirmed
// what that ends.
func (c *caseScreen) onComplete() {
	c.message.SetText("")
	// A paper still promised (容缺) stops 办结: say so at once instead of
	// asking "确定办结？" and then refusing what the clerk confirmed.
	k := *c.kase
	if err := k.Complete(false, len(c.eval.Deferred), c.app.now()); err != nil {
		c.message.SetText(forms.ErrorMessage(err))
		c.app.showError(err)
		return
	}
	msg := Tf("办结受理单 %s（%s · %s）？\n办结后受理单不能再修改，材料清单和回答将存档。", c.kase.Number, c.service.Name, c.customer.Name)
	if n := len(c.eval.Missing); n > 0 {
		msg += Tf("\n注意：还有 %d 项材料未收齐。", n)
	}
	// What completing changes (catalogue data: the service's on_complete),
	// e.g. 落户 makes the customer a member today.
	if note := c.service.CompletionNote(c.customer.Name); note != "" {
		msg += "\n" + note
	}
	newConfirm(T("办结受理单"), T("确定办结"), T("返回"), msg, func(ok bool) {
		if ok {
			c.doComplete()
		}
	}, c.app.win).Show()
}

func (c *caseScreen) doComplete() {
	a, id := c.app.actor(), c.kase.ID
	answers, items := maps.Clone(c.answers), maps.Clone(c.items)
	var k *forms.Case
	c.app.async(func(ctx context.Context) error {
		if _, err := c.st.SaveCase(ctx, a, id, answers, items); err != nil {
			return err
		}
		var err error
		k, err = c.st.CompleteCase(ctx, a, id)
		return err
	}, func() {
		c.app.home.setStatus(Tf("受理单 %s 已办结", k.Number))
		c.edited = false
		c.load()
		c.askRating(k)
	})
}

// onCancel cancels the case with a reason; the store refuses while a
// deposit is held.
func (c *caseScreen) onCancel() {
	c.message.SetText("")
	id := c.kase.ID
	c.app.askReason(T("取消受理单"), forms.RuleCancelReason, T("如：客户材料不全，改日再来"), T("确定取消"), nil, func(why string) {
		a := c.app.actor()
		c.app.async(func(ctx context.Context) error {
			return c.st.CancelCase(ctx, a, id, why)
		}, func() {
			c.app.home.setStatus(T("受理单已取消"))
			c.edited = false
			c.load()
		})
	})
}
