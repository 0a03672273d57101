package ui

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// renewalStore is what the renewal screen needs from the station's
// database; every method is one transaction.
type renewalStore interface {
	Customer(ctx context.Context, id string) (*forms.Customer, error)
	ServiceVersion(ctx context.Context, code string, version int) (*forms.Service, error)
	// Renew issues the renewal receipt and advances the paid-through dates
	// in one transaction.
	Renew(ctx context.Context, a forms.Actor, customerID string, req forms.RenewalRequest, pay forms.Payment) (*forms.Receipt, error)
	// RenewalReceipts lists the customer's renewal receipts, newest first.
	RenewalReceipts(ctx context.Context, customerID string) ([]forms.Receipt, error)
	// Case reads the renewal's case (completed with its receipt), for the
	// customer's rating.
	Case(ctx context.Context, id string) (*forms.Case, error)
	// VoidReceipt voids a renewal receipt and puts the dates back.
	VoidReceipt(ctx context.Context, a forms.Actor, receiptID, reason string) error
	// SaveServiceVersion stores the supervisor's part-year rule as the
	// service's next version.
	SaveServiceVersion(ctx context.Context, a forms.Actor, s *forms.Service) (int, error)
}

// renewalScreen is 续费: for the member found on the customer screen (by ID
// number, typed or read by the card reader) it shows, per scheduled fee of
// the service, the paid-through date, since when it is overdue and the fee
// table with its part-year rule; the clerk picks the fees and how many
// years (or months), sees what is due and why — one line per period at its
// own rate — with the total in figures and capitals, takes the payment and
// prints the receipt. The amounts are computed here for display; the store
// computes them again inside the transaction that takes the money.
type renewalScreen struct {
	app    *App
	st     renewalStore
	parent *customerScreen
	code   string
	custID string
	root   *fyne.Container

	service  *forms.Service
	customer *forms.Customer
	receipt  *forms.Receipt  // once paid
	receipts []forms.Receipt // the customer's renewal receipts, newest first

	// Named for tests.
	feeChecks map[string]*widget.Check // by fee ID
	years     *widget.Entry
	months    *widget.Entry // nil unless a fee table allows months
	dueBox    *fyne.Container
	total     *widget.Label
	method    *widget.RadioGroup
	reference *widget.Entry
	message   *widget.Label
	payBtn    *widget.Button
	backBtn   *widget.Button
	refusal   error       // forms.CanRenew's refusal: no bill is shown
	rating    *ratingForm // offered once the renewal completed its case
}

func newRenewalScreen(u *App, parent *customerScreen, code, customerID string) *renewalScreen {
	r := &renewalScreen{app: u, st: u.store, parent: parent, code: code, custID: customerID}
	r.message = widget.NewLabel("")
	r.message.Wrapping = fyne.TextWrapWord
	r.message.Importance = widget.DangerImportance
	r.root = container.NewStack(widget.NewLabel(T("正在打开续费……")))
	return r
}

// load fetches the customer and the service's current version, then builds
// the screen.
func (r *renewalScreen) load() {
	code, id := r.code, r.custID
	var sv *forms.Service
	var cust *forms.Customer
	var receipts []forms.Receipt
	r.app.async(func(ctx context.Context) error {
		var err error
		if sv, err = r.st.ServiceVersion(ctx, code, 0); err != nil {
			return err
		}
		if cust, err = r.st.Customer(ctx, id); err != nil {
			return err
		}
		receipts, err = r.st.RenewalReceipts(ctx, id)
		return err
	}, func() {
		r.service, r.customer, r.receipts = sv, cust, receipts
		r.build()
	})
}

// scheduled returns the service's fees that renew from a fee table.
func (r *renewalScreen) scheduled() []forms.Fee {
	var out []forms.Fee
	for _, f := range r.service.Fees {
		if f.Schedule != "" && f.Table != nil {
			out = append(out, f)
		}
	}
	return out
}

// build lays the screen out: fees, count, what is due, payment.
func (r *renewalScreen) build() {
	c, today := r.customer, r.app.now()
	r.backBtn = widget.NewButton(T("返回客户"), r.back)
	top := container.NewBorder(nil, nil, nil, r.backBtn, heading(Tf("%s · %s", r.service.Name, c.Name)))
	if r.receipt != nil {
		done := container.NewVBox(r.doneView(), heading(T("续费收据")), r.receiptList())
		r.root.Objects = []fyne.CanvasObject{container.NewBorder(top, nil, nil, nil, container.NewVScroll(done))}
		r.root.Refresh()
		return
	}

	r.dueBox = nil // recompute waits for this build's widgets
	r.refusal = forms.CanRenew(c)
	r.message.SetText("")
	r.feeChecks = map[string]*widget.Check{}
	fees := container.NewVBox()
	years, anyMonths := 1, false
	for _, f := range r.scheduled() {
		acct := forms.Account(c, f.Schedule)
		check := widget.NewCheck(f.Name, nil)
		r.feeChecks[f.ID] = check
		status := Tf("缴至 %s", dateOr(*forms.PaidThrough(c, f.Schedule)))
		if forms.PaidThrough(c, f.Schedule).IsZero() {
			status = Tf("从未缴费，从入户日期 %s 起计", dateOr(c.MemberSince))
		}
		base, _ := acct.Base()
		switch since, ok := f.Table.OverdueSince(acct, today); {
		case r.refusal != nil:
			// Not a member: no bill, nothing ticked; the refusal says why.
			check.Disable()
		case ok:
			status += Tf("；自 %s 起欠费", forms.FormatDate(since))
			check.SetChecked(true)
			// Only fees that cost money suggest the years: trailing
			// ¥0 units are left out (forms.FeeTable.OverdueUnits).
			units := f.Table.OverdueUnits(acct, today) * f.Table.Unit()
			years = max(years, (units+11)/12)
		case !base.IsZero() && base.Before(forms.Day(today)):
			status += T("；此后收费标准为0元，不欠费（与其他费用一起续时截止日期一并顺延）")
		default:
			status += T("；未欠费，可以预缴")
		}
		var rates []string
		for _, rt := range f.Table.Rates {
			rates = append(rates, Tf("%s 起每年 %s", rt.From, rt.Yearly))
		}
		rule := Tf("收费标准：%s；%s", strings.Join(rates, "，"), T(f.Table.PartYear.Label()))
		if f.Table.PartYear == forms.PartYearMonths {
			anyMonths = true
		}
		check.OnChanged = func(bool) { r.recompute() }
		st := widget.NewLabel(status)
		st.Wrapping = fyne.TextWrapWord
		rl := widget.NewLabel(rule)
		rl.Wrapping = fyne.TextWrapWord
		fees.Add(container.NewBorder(nil, nil, check, nil, st))
		fees.Add(rl)
		if r.app.user != nil && r.app.user.IsSupervisor() {
			fees.Add(r.partYearChoice(f))
		}
	}

	r.years = widget.NewEntry()
	r.years.SetText(strconv.Itoa(years))
	r.years.OnChanged = func(string) { r.recompute() }
	count := widget.NewForm(widget.NewFormItem(T("续几年"), r.years))
	hint := widget.NewLabel(T("续几年适用于所勾选的每项费用；建议的年数只按欠费的、收费不为0元的费用算到今天"))
	hint.Wrapping = fyne.TextWrapWord
	r.months = nil
	if anyMonths {
		r.months = widget.NewEntry()
		r.months.SetText("0")
		r.months.OnChanged = func(string) { r.recompute() }
		count.AppendItem(widget.NewFormItem(T("另加月数"), r.months))
	}

	r.dueBox = container.NewVBox()
	r.total = widget.NewLabel("")
	r.total.Wrapping = fyne.TextWrapWord
	r.total.TextStyle = fyne.TextStyle{Bold: true}

	var labels []string
	for _, m := range forms.PaymentMethods {
		labels = append(labels, T(m.Label()))
	}
	r.method = widget.NewRadioGroup(labels, nil)
	r.method.Horizontal = true
	r.reference = widget.NewEntry()
	r.reference.SetPlaceHolder(T("移动支付、银行卡的交易单号"))
	bindReference(r.method, r.reference)
	pay := widget.NewForm(
		widget.NewFormItem(T("收款方式"), r.method),
		widget.NewFormItem(T("交易单号"), r.reference),
	)
	r.payBtn = widget.NewButton(T("收费并打印收据"), r.onPay)
	r.payBtn.Importance = widget.HighImportance

	body := container.NewVBox(
		heading(T("缴费情况")), fees,
		heading(T("续费期限")), count, hint,
		heading(T("应缴明细")), r.dueBox, r.total,
		heading(T("收款")), pay,
		heading(T("续费收据")), r.receiptList(),
	)
	if r.refusal != nil {
		r.message.SetText(forms.ErrorMessage(r.refusal))
		r.payBtn.Disable()
	}
	// The message sits beside the pay button, outside the scroll, so a
	// refusal is seen where the clerk clicked.
	bottom := container.NewBorder(nil, nil, r.payBtn, nil, r.message)
	r.root.Objects = []fyne.CanvasObject{container.NewBorder(top, bottom, nil, nil, container.NewVScroll(body))}
	r.root.Refresh()
	r.recompute()
}

// request reads what the clerk chose; an error names the field to fix.
func (r *renewalScreen) request() (forms.RenewalRequest, error) {
	req := forms.RenewalRequest{Service: r.service.Code}
	for _, f := range r.scheduled() {
		if r.feeChecks[f.ID].Checked {
			req.Fees = append(req.Fees, f.ID)
		}
	}
	y, ok := forms.ParseWhole(r.years.Text)
	if !ok || y < 0 {
		return req, forms.Errorf(forms.EINVALID, "续几年：请填整数，如 1")
	}
	m := 0
	if r.months != nil {
		if m, ok = forms.ParseWhole(r.months.Text); !ok || m < 0 || m > 11 {
			return req, forms.Errorf(forms.EINVALID, "另加月数：请填0到11之间的整数")
		}
	}
	req.Months = y*12 + m
	return req, nil
}

// recompute shows what is due for the chosen fees and count: each period
// with its rate, and the total in figures and capitals.
func (r *renewalScreen) recompute() {
	if r.dueBox == nil {
		return
	}
	r.dueBox.Objects = nil
	if r.refusal != nil {
		// A former member or non-member: no bill.
		r.total.SetText("")
		r.dueBox.Refresh()
		return
	}
	var total forms.Money
	req, err := r.request()
	if err == nil && len(req.Fees) == 0 {
		err = forms.Errorf(forms.EINVALID, "请选择要续的费用（可以选一项，也可以都选）")
	}
	if err == nil {
		chosen := map[string]bool{}
		for _, id := range req.Fees {
			chosen[id] = true
		}
		for _, f := range r.scheduled() {
			if !chosen[f.ID] {
				continue
			}
			lines, _, derr := f.Table.Due(f.Name, forms.Account(r.customer, f.Schedule), req.Months)
			if derr != nil {
				err = derr
				break
			}
			for _, l := range lines {
				r.dueBox.Add(widget.NewLabel(Tf("%s（%s）", l.String(), l.Why())))
				total += l.Amount
			}
		}
	}
	switch {
	case err != nil:
		r.dueBox.Objects = []fyne.CanvasObject{wrapLabel(forms.ErrorMessage(err))}
		r.total.SetText("")
		r.payBtn.Enable()
	case total == 0:
		// No receipt for ¥0 (the store refuses it): say so, and do not
		// offer to charge.
		r.total.SetText(T("合计 ¥0.00：所选费用在所选期间的收费标准为0元，不需要收费，也不开收据；请同时勾选要收费的费用，或取消勾选"))
		r.payBtn.Disable()
	default:
		r.total.SetText(Tf("合计 %s（%s）", total, total.Capitals()))
		r.payBtn.Enable()
	}
	r.dueBox.Refresh()
}

func wrapLabel(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.DangerImportance
	return l
}

// onPay takes the renewal; a refusal stays on the screen beside what the
// clerk chose, and nothing was charged.
func (r *renewalScreen) onPay() {
	r.message.SetText("")
	req, err := r.request()
	if err != nil {
		r.message.SetText(forms.ErrorMessage(err))
		return
	}
	pay := forms.Payment{Method: paymentMethodOf(r.method.Selected), Reference: r.reference.Text}
	// Renewing issues the receipt's number: a name the fonts cannot print
	// is shown large first, and nothing is charged unless the clerk goes on.
	r.app.beforeIssue([]printText{{field: T("姓名"), text: r.customer.Name}}, T("继续收费"), func() { r.pay(req, pay) })
}

// pay is onPay's store call and print, once the clerk was warned.
func (r *renewalScreen) pay(req forms.RenewalRequest, pay forms.Payment) {
	a, id := r.app.actor(), r.customer.ID
	r.payBtn.Disable()
	var rec *forms.Receipt
	var cust *forms.Customer
	var receipts []forms.Receipt
	var kase *forms.Case
	r.app.run(func(ctx context.Context) error {
		var err error
		if rec, err = r.st.Renew(ctx, a, id, req, pay); err != nil {
			return err
		}
		if cust, err = r.st.Customer(ctx, id); err != nil {
			return err
		}
		if receipts, err = r.st.RenewalReceipts(ctx, id); err != nil {
			return err
		}
		if rec.CaseID != "" {
			kase, err = r.st.Case(ctx, rec.CaseID)
		}
		return err
	}, func(err error) {
		r.payBtn.Enable()
		if err != nil && rec == nil {
			r.message.SetText(forms.ErrorMessage(err))
			return
		}
		r.receipt = rec
		if cust != nil {
			r.customer, r.receipts = cust, receipts
		}
		r.app.printWarned([]*forms.Printout{r.receiptPrintout(*rec)}, nil)
		if r.app.home != nil {
			r.app.home.setStatus(Tf("续费已收 %s，收据 %s", rec.Total, rec.Number))
		}
		r.build()
		// The renewal completed its case with the customer at the counter:
		// the rating is offered here as at 办结 (they may decline).
		if kase != nil && kase.Status == forms.CaseCompleted {
			r.rating = r.app.showRating(kase, nil)
		}
	})
}

// doneView shows the receipt taken and the new paid-through dates.
func (r *renewalScreen) doneView() fyne.CanvasObject {
	rec, c := r.receipt, r.customer
	box := container.NewVBox(widget.NewLabel(Tf("已收费：收据 %s，合计 %s（%s），%s", rec.Number, rec.Total, rec.Total.Capitals(), T(rec.Payment.Method.Label()))))
	for _, l := range rec.Lines {
		box.Add(widget.NewLabel(Tf("%s · %s", l.Text, l.Amount)))
	}
	for _, f := range r.scheduled() {
		box.Add(widget.NewLabel(Tf("%s现缴至 %s", f.Name, dateOr(*forms.PaidThrough(c, f.Schedule)))))
	}
	return box
}

// back returns to the customer's record, reloaded.
func (r *renewalScreen) back() {
	if r.parent != nil {
		r.parent.reload()
	}
}

// showRenewal shows the renewal screen of the service (one whose fees
// renew from fee tables, forms.Service.Scheduled) for the current customer,
// over the whole tab. Showing the tab again leaves it as it is.
func (s *customerScreen) showRenewal(code string) *renewalScreen {
	r := newRenewalScreen(s.app, s, code, s.current.ID)
	s.caseScr = nil
	s.showing = showingNothing
	s.root.Objects = []fyne.CanvasObject{r.root}
	s.root.Refresh()
	r.load()
	return r
}

// receiptList lists the customer's renewal receipts, each with 补打 and
// 作废 (a supervisor's approval and a reason). Voiding puts the paid-through dates
// back; the store refuses, saying which receipt to void first, when a later
// renewal built on it.
func (r *renewalScreen) receiptList() fyne.CanvasObject {
	box := container.NewVBox()
	if len(r.receipts) == 0 {
		box.Add(widget.NewLabel(T("暂无续费收据")))
	}
	for _, rec := range r.receipts {
		text := Tf("%s  %s  %s", rec.Number, forms.FormatDate(rec.IssuedAt), rec.Total)
		var lines []string
		for _, l := range rec.Lines {
			lines = append(lines, l.Text)
		}
		text += "  " + strings.Join(lines, "；")
		if rec.Voided {
			text += Tf("  【作废】%s", rec.VoidReason)
		}
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		if rec.Voided {
			box.Add(l)
			continue
		}
		void := widget.NewButton(T("作废"), func() { r.onVoid(rec) })
		again := widget.NewButton(T("补打"), func() { r.printReceipt(rec) })
		box.Add(container.NewBorder(nil, nil, nil, container.NewHBox(again, void), l))
	}
	return box
}

// printReceipt prints a renewal receipt. The renewal is a case (受理单)
// and the receipt names it, so the print is recorded on that case: the
// first print is the original, every later one 补打, and a receipt never
// printed is listed on the home screen.
func (r *renewalScreen) printReceipt(rec forms.Receipt) {
	r.app.print([]*forms.Printout{r.receiptPrintout(rec)}, []printText{{field: T("缴款人"), text: rec.PayerName}}, nil)
}

// receiptPrintout is the printout of a renewal receipt.
func (r *renewalScreen) receiptPrintout(rec forms.Receipt) *forms.Printout {
	p := r.app.printout(forms.PrintReceipt)
	p.Customer, p.Service, p.Receipt = r.customer, r.service, &rec
	p.Case = &forms.Case{ID: rec.CaseID, ServiceCode: r.service.Code, ServiceName: r.service.Name, CustomerID: rec.CustomerID}
	return p
}

// onVoid voids a renewal receipt with a reason, approved by a supervisor,
// and shows the member's dates as they are then.
func (r *renewalScreen) onVoid(rec forms.Receipt) {
	r.app.askReason(Tf("作废收据 %s", rec.Number), forms.RuleVoidReason, T("如：收款方式选错、金额错误"), T("下一步"),
		func(string) error { return nil },
		func(why string) {
			r.app.withSupervisor(T("作废收据"), func(ctx context.Context, a forms.Actor) error {
				return r.st.VoidReceipt(ctx, a, rec.ID, why)
			}, func() {
				if r.app.home != nil {
					r.app.home.setStatus(Tf("收据 %s 已作废，缴费截止日期已退回", rec.Number))
				}
				r.receipt = nil
				r.load()
			})
		})
}

// partYearChoice lets a supervisor choose the fee's part-year rule; the
// choice is saved as the service's next version (audited), and the screen
// reloads with it.
func (r *renewalScreen) partYearChoice(f forms.Fee) fyne.CanvasObject {
	rules := []forms.PartYear{forms.PartYearNone, forms.PartYearMonths}
	var labels []string
	for _, p := range rules {
		labels = append(labels, T(p.Label()))
	}
	sel := widget.NewSelect(labels, nil)
	sel.SetSelected(T(f.Table.PartYear.Label()))
	sel.OnChanged = func(v string) {
		for _, p := range rules {
			if T(p.Label()) == v && p != f.Table.PartYear {
				r.setPartYear(f.ID, p)
			}
		}
	}
	return widget.NewForm(widget.NewFormItem(Tf("%s不足一年（主管）", f.Name), sel))
}

// setPartYear saves the service with the fee's new part-year rule.
func (r *renewalScreen) setPartYear(feeID string, p forms.PartYear) {
	sv := r.service.Clone()
	for i := range sv.Fees {
		if sv.Fees[i].ID == feeID && sv.Fees[i].Table != nil {
			sv.Fees[i].Table.PartYear = p
		}
	}
	a := r.app.actor()
	r.app.async(func(ctx context.Context) error {
		_, err := r.st.SaveServiceVersion(ctx, a, sv)
		return err
	}, func() {
		if r.app.home != nil {
			r.app.home.setStatus(Tf("业务“%s”的不足一年规则已改为：%s", sv.Name, T(p.Label())))
		}
		r.load()
	})
}
