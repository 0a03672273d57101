package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// lossStore is what the loss-declaration screen needs from the station's
// database; every method is one transaction.
type lossStore interface {
	ServiceVersion(ctx context.Context, code string, version int) (*forms.Service, error)
	Customer(ctx context.Context, id string) (*forms.Customer, error)
	ReceiptsOfCustomer(ctx context.Context, customerID string) ([]forms.Receipt, error)
	FindLostReceipt(ctx context.Context, number string) (*forms.Receipt, *forms.LossDeclaration, error)
	LossDeclarations(ctx context.Context, customerID string) ([]forms.LossDeclaration, error)
	DeclareLoss(ctx context.Context, a forms.Actor, serviceCode string, l forms.LossDeclaration) (*forms.LossDeclaration, error)
	ResolveLoss(ctx context.Context, a forms.Actor, id, outcomeID string, inPerson bool) (*forms.LossDeclaration, error)
}

// lossScreen is 收据/发票遗失声明 for the customer open on the customer
// screen: the customer's declarations with their loss periods, a new
// declaration (our receipt picked from the customer's receipts or found by
// its number, or a paper-era receipt or an invoice typed in; the customer
// in person or an agent) that prints the declaration in duplicate with our
// receipt's 记账联 副本, and the resolution of a pending declaration after
// its period as one of the service's outcomes. A 数电票 is told where to
// download it again and starts nothing.
type lossScreen struct {
	app    *App
	st     lossStore
	parent *customerScreen
	code   string
	custID string
	root   *fyne.Container

	service  *forms.Service
	customer *forms.Customer
	receipts []forms.Receipt
	decls    []forms.LossDeclaration

	// Named for tests.
	kind       *widget.RadioGroup
	ours       *widget.Select
	number     *widget.Entry
	findBtn    *widget.Button
	date       *dateEntry
	amount     *widget.Entry
	paidFor    *widget.Entry
	story      *widget.Entry
	declarer   *widget.RadioGroup
	agentName  *widget.Entry
	agentID    *widget.Entry
	declareBtn *widget.Button
	form       *widget.Form
	pending    *widget.Select
	outcome    *widget.RadioGroup
	outcomeWhy *widget.Label // why an outcome of the paper's kind is not offered
	inPerson   *widget.Check
	resolveBtn *widget.Button
	message    *widget.Label
	backBtn    *widget.Button
}

// newLossScreen returns the screen; load fills it.
func newLossScreen(u *App, parent *customerScreen, code, customerID string) *lossScreen {
	l := &lossScreen{app: u, st: u.store, parent: parent, code: code, custID: customerID}
	l.message = widget.NewLabel("")
	l.message.Wrapping = fyne.TextWrapWord
	l.message.Importance = widget.DangerImportance
	l.root = container.NewStack(widget.NewLabel(T("正在打开遗失声明……")))
	return l
}

// load fetches the service, the customer, their receipts and declarations,
// then builds the screen.
func (l *lossScreen) load() {
	code, id := l.code, l.custID
	var sv *forms.Service
	var cust *forms.Customer
	var recs []forms.Receipt
	var decls []forms.LossDeclaration
	l.app.async(func(ctx context.Context) error {
		var err error
		if sv, err = l.st.ServiceVersion(ctx, code, 0); err != nil {
			return err
		}
		if cust, err = l.st.Customer(ctx, id); err != nil {
			return err
		}
		if recs, err = l.st.ReceiptsOfCustomer(ctx, id); err != nil {
			return err
		}
		decls, err = l.st.LossDeclarations(ctx, id)
		return err
	}, func() {
		l.service, l.customer, l.receipts, l.decls = sv, cust, recs, decls
		l.build()
	})
}

// declLine describes a declaration in the list.
func declLine(d forms.LossDeclaration) string {
	s := Tf("%s  %s %s  %s  %s办理，挂失期%s至 %s 止", d.Number, T(d.Kind.Label()), d.DocNumber, d.Amount,
		forms.FormatDate(d.DeclaredAt), d.Period.Label(), forms.FormatDate(d.EndDay))
	if d.Agent {
		s += Tf("（代理人 %s）", d.AgentName)
	}
	if d.State == forms.LossResolved {
		return s + Tf("；已于 %s 办结：%s", forms.FormatDate(d.ResolvedAt), d.OutcomeLabel)
	}
	return s + Tf("；%s 起可办结", forms.FormatDate(d.FirstDay()))
}

// build lays the screen out: the declarations and their resolution on the
// left, a new declaration on the right; both scroll.
func (l *lossScreen) build() {
	c := l.customer
	l.backBtn = widget.NewButton(T("返回客户"), l.back)
	top := container.NewBorder(nil, nil, nil, l.backBtn, heading(Tf("%s · %s", l.service.Name, c.Name)))
	top = container.NewVBox(top, l.message)

	// The declarations and the resolution of a pending one.
	list := container.NewVBox()
	var pendingNames []string
	for _, d := range l.decls {
		lb := widget.NewLabel(declLine(d))
		lb.Wrapping = fyne.TextWrapWord
		again := widget.NewButton(T("补打"), func() { l.reprint(d) })
		list.Add(container.NewBorder(nil, nil, nil, again, lb))
		if d.Pending() {
			pendingNames = append(pendingNames, d.Number)
		}
	}
	if len(l.decls) == 0 {
		list.Add(widget.NewLabel(T("该客户没有办理过遗失声明")))
	}
	l.outcome = widget.NewRadioGroup(nil, nil)
	l.outcomeWhy = widget.NewLabel("")
	l.outcomeWhy.Wrapping = fyne.TextWrapWord
	l.outcomeWhy.Importance = widget.WarningImportance
	l.outcomeWhy.Hide()
	l.inPerson = widget.NewCheck(T("客户本人到场，已核对身份证原件（退款必须本人办理）"), nil)
	l.pending = widget.NewSelect(pendingNames, func(string) { l.showOutcomes() })
	l.pending.PlaceHolder = T("选择要办结的遗失声明")
	l.resolveBtn = widget.NewButton(T("办结并打印"), l.onResolve)
	resolve := container.NewVBox(widget.NewLabel(T("挂失期满后办结")), l.pending, l.outcome, l.outcomeWhy, l.inPerson, l.resolveBtn)
	if len(pendingNames) == 0 {
		l.resolveBtn.Disable()
	} else {
		l.pending.SetSelectedIndex(0)
	}
	left := container.NewVBox(widget.NewLabel(Tf("遗失声明（%d）", len(l.decls))), list, widget.NewSeparator(), resolve)

	// A new declaration.
	l.kind = widget.NewRadioGroup([]string{T(forms.LostReceipt.Label()), T(forms.LostInvoice.Label()), T(forms.LostEInvoice.Label())}, func(string) { l.kindChanged() })
	l.kind.Horizontal = true
	var ours []string
	for _, r := range l.receipts {
		s := fmt.Sprintf("%s  %s  %s", r.Number, forms.FormatDate(r.IssuedAt), r.Total)
		if r.Voided {
			s += T("（已作废）")
		}
		ours = append(ours, s)
	}
	l.ours = widget.NewSelect(ours, func(string) { l.pickOurs() })
	l.ours.PlaceHolder = T("从该客户的收据中选择")
	l.number = widget.NewEntry()
	l.number.SetPlaceHolder(T("原收据或发票号码"))
	l.findBtn = widget.NewButton(T("按号码查找"), l.onFind)
	l.date = newDateEntry(time.Time{}, nil)
	l.amount = widget.NewEntry()
	l.amount.SetPlaceHolder(T("客户所说的金额，如 600.00"))
	l.paidFor = widget.NewEntry()
	l.paidFor.SetPlaceHolder(T("本系统收据不必填写"))
	l.story = widget.NewEntry()
	l.story.SetPlaceHolder(T("遗失经过"))
	l.declarer = widget.NewRadioGroup([]string{T("客户本人"), T("代理人")}, func(string) { l.declarerChanged() })
	l.declarer.Horizontal = true
	l.agentName = widget.NewEntry()
	l.agentName.SetPlaceHolder(T("代理人姓名"))
	acceptCodePoints(l.agentName)
	l.agentID = widget.NewEntry()
	l.agentID.SetPlaceHolder(T("代理人身份证号码"))
	l.declareBtn = widget.NewButton(T("办理声明并打印"), l.onDeclare)
	l.declareBtn.Importance = widget.HighImportance
	l.form = widget.NewForm(
		widget.NewFormItem(T("遗失的是"), l.kind),
		widget.NewFormItem(T("本系统收据"), l.ours),
		widget.NewFormItem(T("号码"), container.NewBorder(nil, nil, nil, l.findBtn, l.number)),
		widget.NewFormItem(T("开具日期"), l.date),
		widget.NewFormItem(T("金额"), l.amount),
		widget.NewFormItem(T("所付款项"), l.paidFor),
		widget.NewFormItem(T("遗失经过"), l.story),
		widget.NewFormItem(T("办理人"), l.declarer),
		widget.NewFormItem(T("代理人姓名"), l.agentName),
		widget.NewFormItem(T("代理人身份证"), l.agentID),
	)
	l.declarer.SetSelected(T("客户本人"))
	l.kind.SetSelected(T(forms.LostReceipt.Label()))
	right := container.NewVBox(widget.NewLabel(T("新的遗失声明")), l.form, l.declareBtn)

	split := container.NewHSplit(container.NewVScroll(padded(left)), container.NewVScroll(padded(right)))
	split.Offset = 0.45
	l.root.Objects = []fyne.CanvasObject{container.NewBorder(top, nil, nil, nil, split)}
	l.root.Refresh()
}

// lostKind is the kind chosen.
func (l *lossScreen) lostKind() forms.LostKind {
	for _, k := range []forms.LostKind{forms.LostReceipt, forms.LostInvoice, forms.LostEInvoice} {
		if T(k.Label()) == l.kind.Selected {
			return k
		}
	}
	return ""
}

// kindChanged says at once that a 数电票 cannot be lost, and offers our
// receipts only for a receipt.
func (l *lossScreen) kindChanged() {
	l.message.SetText("")
	l.declareBtn.Enable()
	l.ours.Enable()
	switch l.lostKind() {
	case forms.LostEInvoice:
		l.message.SetText(T(forms.EInvoiceMessage))
		l.declareBtn.Disable()
		l.ours.Disable()
	case forms.LostInvoice:
		l.ours.Disable()
	}
}

// declarerChanged enables the agent's fields only for 代理人; the form is
// refreshed so their labels are greyed or shown with the fields.
func (l *lossScreen) declarerChanged() {
	if l.declarer.Selected == T("代理人") {
		l.agentName.Enable()
		l.agentID.Enable()
	} else {
		l.agentName.Disable()
		l.agentID.Disable()
	}
	if l.form != nil {
		l.form.Refresh()
	}
}

// pickOurs fills the number and date from the receipt picked; the amount
// stays the clerk's, checked against our record when declared.
func (l *lossScreen) pickOurs() {
	i := l.ours.SelectedIndex()
	if i < 0 || i >= len(l.receipts) {
		return
	}
	r := l.receipts[i]
	l.number.SetText(r.Number)
	l.date.SetDate(r.IssuedAt)
	l.message.SetText("")
	if r.Voided {
		l.message.SetText(Tf("收据 %s 已作废（%s），不能办理遗失声明", r.Number, r.VoidReason))
	}
}

// onFind looks the typed number up in our records and says what it is.
func (l *lossScreen) onFind() {
	number := l.number.Text
	var r *forms.Receipt
	var old *forms.LossDeclaration
	l.app.run(func(ctx context.Context) error {
		var err error
		r, old, err = l.st.FindLostReceipt(ctx, number)
		return err
	}, func(err error) {
		switch {
		case forms.ErrorCode(err) == forms.ENOTFOUND:
			l.message.SetText(T("本系统没有这个号码的收据：如是纸质收据或发票，请填写开具日期、金额和所付款项后办理"))
		case err != nil:
			l.message.SetText(forms.ErrorMessage(err))
		default:
			l.number.SetText(r.Number)
			l.date.SetDate(r.IssuedAt)
			msg := Tf("找到本系统收据 %s：%s 开具，交款人 %s", r.Number, forms.FormatDate(r.IssuedAt), r.PayerName)
			if r.Voided {
				msg += T("；该收据已作废")
			}
			if old != nil {
				msg += Tf("；已办理过遗失声明 %s", old.Number)
			}
			l.message.SetText(msg)
		}
	})
}

// onDeclare records the declaration and prints it; a refusal stays on the
// screen beside what the clerk typed, and nothing was recorded.
func (l *lossScreen) onDeclare() {
	l.message.SetText("")
	d := forms.LossDeclaration{CustomerID: l.customer.ID, Kind: l.lostKind(), DocNumber: l.number.Text,
		PaidFor: l.paidFor.Text, Story: l.story.Text, Agent: l.declarer.Selected == T("代理人"),
		AgentName: forms.DecodeCodePoints(l.agentName.Text), AgentIDNo: l.agentID.Text}
	if l.amount.Text != "" {
		m, err := forms.ParseMoney(l.amount.Text)
		if err != nil {
			l.message.SetText(T("金额：") + forms.ErrorMessage(err))
			return
		}
		d.Amount = m
	}
	day, err := l.date.Date()
	if err != nil {
		l.message.SetText(T("开具日期：") + forms.ErrorMessage(err))
		return
	}
	d.DocDate = day
	// Declaring issues the declaration's number: what the fonts cannot
	// print is shown large first, and nothing is recorded unless the
	// clerk goes on.
	l.app.beforeIssue(lossTexts(l.customer.Name, &d), T("继续办理"), func() { l.declare(d) })
}

// lossTexts are the texts of people a declaration prints, with their
// fields, for the warning of characters no font has.
func lossTexts(name string, d *forms.LossDeclaration) []printText {
	texts := []printText{{field: T("姓名"), text: name}, {field: T("遗失经过"), text: d.Story}, {field: T("所付款项"), text: d.PaidFor}}
	if d.Agent || d.AgentName != "" {
		texts = append(texts, printText{field: T("代理人姓名"), text: d.AgentName})
	}
	return texts
}

// declare is onDeclare's store call and print, once the clerk was warned.
func (l *lossScreen) declare(d forms.LossDeclaration) {
	a, code := l.app.actor(), l.code
	var made *forms.LossDeclaration
	var rec *forms.Receipt
	l.declareBtn.Disable()
	l.app.run(func(ctx context.Context) error {
		var err error
		if made, err = l.st.DeclareLoss(ctx, a, code, d); err != nil {
			return err
		}
		if made.ReceiptID != "" {
			rec, _, err = l.st.FindLostReceipt(ctx, made.DocNumber)
		}
		return err
	}, func(err error) {
		l.declareBtn.Enable()
		if made == nil {
			l.message.SetText(forms.ErrorMessage(err))
			return
		}
		l.printDecl(l.service, made, rec, nil, true)
		if l.app.home != nil {
			l.app.home.setStatus(Tf("遗失声明 %s 已办理，挂失期至 %s 止", made.Number, forms.FormatDate(made.EndDay)))
		}
		l.load()
	})
}

// selectedPending returns the pending declaration chosen, or nil.
func (l *lossScreen) selectedPending() *forms.LossDeclaration {
	for i := range l.decls {
		if l.decls[i].Number == l.pending.Selected {
			return &l.decls[i]
		}
	}
	return nil
}

// showOutcomes offers the outcomes the chosen declaration may be resolved
// as (forms.LossDeclaration.Offers): those for its kind of paper, and a
// refund only when its receipt carries a held deposit. Why an outcome for
// its kind is not offered is shown under the choices.
func (l *lossScreen) showOutcomes() {
	d := l.selectedPending()
	var opts, why []string
	if d != nil {
		for i := range l.service.Outcomes {
			o := &l.service.Outcomes[i]
			switch err := d.Offers(o); {
			case err == nil:
				opts = append(opts, o.Label)
			case slices.Contains(o.Kinds, d.Kind):
				why = append(why, forms.ErrorMessage(err))
			}
		}
	}
	l.outcome.Options = opts
	l.outcome.Selected = ""
	l.outcome.Refresh()
	l.outcomeWhy.SetText(strings.Join(why, "\n"))
	if len(why) == 0 {
		l.outcomeWhy.Hide()
	} else {
		l.outcomeWhy.Show()
	}
}

// onResolve resolves the chosen declaration and prints what its outcome
// prints; too early, or a refund without the customer, is refused on the
// screen with the day it becomes possible.
func (l *lossScreen) onResolve() {
	l.message.SetText("")
	d := l.selectedPending()
	if d == nil {
		l.message.SetText(T("请选择要办结的遗失声明"))
		return
	}
	outcomeID := ""
	for _, o := range l.service.Outcomes {
		if o.Label == l.outcome.Selected {
			outcomeID = o.ID
		}
	}
	a, id, in, number := l.app.actor(), d.ID, l.inPerson.Checked, d.DocNumber
	var done *forms.LossDeclaration
	var sv *forms.Service
	var rec *forms.Receipt
	l.resolveBtn.Disable()
	l.app.run(func(ctx context.Context) error {
		var err error
		if done, err = l.st.ResolveLoss(ctx, a, id, outcomeID, in); err != nil {
			return err
		}
		if sv, err = l.st.ServiceVersion(ctx, done.ServiceCode, done.ServiceVer); err != nil {
			return err
		}
		if done.ReceiptID != "" {
			rec, _, err = l.st.FindLostReceipt(ctx, number)
		}
		return err
	}, func(err error) {
		l.resolveBtn.Enable()
		if done == nil {
			l.message.SetText(forms.ErrorMessage(err))
			return
		}
		if sv != nil {
			l.printDecl(sv, done, rec, sv.Outcome(done.Outcome), false)
		}
		msg := Tf("遗失声明 %s 已办结：%s", done.Number, done.OutcomeLabel)
		if done.Refunds {
			msg += T("。保障金请到“保障金退还”办理，凭本声明代替收据；原收据永久作废")
		}
		if l.app.home != nil {
			l.app.home.setStatus(msg)
		}
		l.load()
	})
}

// reprint prints a declaration again as it was made (its documents and
// our receipt's 记账联 副本), under the service version it was made with.
// The declaration is a case, so the print records mark the declaration
// 补打 after its first print.
func (l *lossScreen) reprint(d forms.LossDeclaration) {
	var sv *forms.Service
	var rec *forms.Receipt
	l.app.run(func(ctx context.Context) error {
		var err error
		if sv, err = l.st.ServiceVersion(ctx, d.ServiceCode, d.ServiceVer); err != nil {
			return err
		}
		if d.ReceiptID != "" {
			rec, _, err = l.st.FindLostReceipt(ctx, d.DocNumber)
		}
		return err
	}, func(err error) {
		if err != nil {
			l.message.SetText(forms.ErrorMessage(err))
			return
		}
		l.printDecl(sv, &d, rec, nil, false)
	})
}

// printDecl prints the declaration (or what its outcome prints). warned
// says the clerk saw the warning of characters the fonts lack before the
// declaration's number was issued: it is not shown again.
func (l *lossScreen) printDecl(sv *forms.Service, d *forms.LossDeclaration, rec *forms.Receipt, o *forms.Outcome, warned bool) {
	base := l.app.printout(forms.PrintDocument)
	ps := d.Printouts(sv, base.Station, base.Clerk, rec, o, l.app.now())
	if warned {
		l.app.printWarned(ps, nil)
		return
	}
	l.app.print(ps, lossTexts(d.CustomerName, d), nil)
}

// back returns to the customer's record, reloaded.
func (l *lossScreen) back() {
	if l.parent != nil {
		l.parent.reload()
	}
}

// showLoss shows the loss-declaration screen of the service (one with a
// waiting period, forms.Service.Waiting) for the current customer, over
// the whole tab.
func (s *customerScreen) showLoss(code string) *lossScreen {
	l := newLossScreen(s.app, s, code, s.current.ID)
	s.caseScr, s.lossScr = nil, l
	s.showing = showingNothing
	s.root.Objects = []fyne.CanvasObject{l.root}
	s.root.Refresh()
	l.load()
	return l
}

// openLoss opens the loss-declaration screen for a customer from elsewhere
// (the refund desk, for a customer who lost the deposit receipt): the
// customer and the catalogue's service with a loss period. The record
// stops showing at once, so showing the tab does not reload it over the
// screen.
func (s *customerScreen) openLoss(customerID string) {
	s.caseScr, s.showing = nil, showingNothing
	var c *forms.Customer
	var svs []forms.Service
	a := s.app.actor()
	s.app.async(func(ctx context.Context) error {
		var err error
		if c, err = s.st.ViewCustomer(ctx, a, customerID); err != nil {
			return err
		}
		svs, err = s.st.Services(ctx)
		return err
	}, func() {
		for _, sv := range svs {
			if sv.Waiting != nil {
				s.current = c
				s.showLoss(sv.Code)
				return
			}
		}
		s.app.showError(forms.Errorf(forms.ENOTFOUND, "业务目录中没有带挂失期的业务：请主管在业务设置中恢复“收据/发票遗失声明”"))
	})
}
