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

// depositStore is what the refund desk needs from the station's
// database; every method is one transaction.
type depositStore interface {
	// HeldDeposits lists the deposits held that match the search (name,
	// ID number, mobile, receipt number), oldest first.
	HeldDeposits(ctx context.Context, query string) ([]forms.Deposit, error)
	// LookupReceipt finds a receipt by number with its deposit, so a
	// search for a voided or refunded one says what became of it.
	LookupReceipt(ctx context.Context, number string) (*forms.Receipt, *forms.Deposit, error)
	RefundDeposit(ctx context.Context, a forms.Actor, req forms.RefundRequest) (*forms.Deposit, error)
	EnterLegacyDeposit(ctx context.Context, a forms.Actor, l forms.LegacyDeposit) (*forms.Deposit, error)
	ForfeitDeposit(ctx context.Context, a forms.Actor, depositID, reason string) error
	AddContactAttempt(ctx context.Context, a forms.Actor, depositID, channel, outcome string) error
	ContactAttempts(ctx context.Context, depositID string) ([]forms.ContactAttempt, error)
	Customer(ctx context.Context, id string) (*forms.Customer, error)
	// Case returns a case, for the rating offered when a refund completes
	// the deposit's case.
	Case(ctx context.Context, id string) (*forms.Case, error)
	CustomerByIDNumber(ctx context.Context, number string) (*forms.Customer, error)
	// LossOfDeposit returns the loss declaration of the deposit's receipt,
	// or nil: pending, it blocks the refund; resolved as a refund, it
	// stands in for the receipt.
	LossOfDeposit(ctx context.Context, depositID string) (*forms.LossDeclaration, error)
}

// depositDesk is the refund desk (保障金退还): every deposit held, oldest
// first, with days outstanding and the total, a search, the printable
// list, and refund, contact attempts and forfeit. It reloads after every
// action and whenever its tab is shown.
type depositDesk struct {
	app      *App
	st       depositStore
	root     fyne.CanvasObject
	search   *widget.Entry
	table    *widget.Table
	total    *widget.Label
	note     *widget.Label // what became of a receipt the search did not find held
	deposits []forms.Deposit
	selected int
	// selectedID keeps the clerk's row across a reload.
	selectedID string
	seq        int
	// attempts counts the contact attempts of the selected deposit, for the
	// forfeit rule; -1 until loaded.
	attempts int

	refundBtn, contactBtn, forfeitBtn, printBtn, legacyBtn *widget.Button
	// forfeitWhy says beside the button why a forfeit is not possible yet.
	forfeitWhy *widget.Label
	refund     *refundForm
	legacy     *legacyForm
	contact    *contactForm
	rating     *ratingForm // offered after a refund completed the case
}

var depositColumns = []string{"收据号", "客户", "身份证号码", "收取日期", "应还日期", "已押天数", "金额"}

// depositColumnWidths are the columns' widths in px: each holds its
// longest value (应还日期 with 逾期, in either language); a name longer
// than its column ends in ….
var depositColumnWidths = []float32{170, 130, 190, 110, 170, 90, 110}

func newDepositDesk(u *App) *depositDesk {
	d := &depositDesk{app: u, st: u.store, selected: -1, attempts: -1}
	d.search = widget.NewEntry()
	d.search.SetPlaceHolder(T("按姓名、身份证号码或收据号查找"))
	d.search.OnChanged = func(string) { d.refresh() }
	d.search.OnSubmitted = func(string) { d.refresh() }
	acceptCodePoints(d.search)
	d.total = widget.NewLabel("")
	d.note = widget.NewLabel("")
	d.note.Wrapping = fyne.TextWrapWord
	d.note.Importance = widget.WarningImportance
	d.note.Hide()
	d.forfeitWhy = widget.NewLabel("")
	d.forfeitWhy.Importance = widget.WarningImportance
	d.forfeitWhy.Truncation = fyne.TextTruncateEllipsis
	d.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(d.deposits), len(depositColumns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("QB01-2026-000123")
			l.Truncation = fyne.TextTruncateEllipsis // a long name ends in …, never over the next column
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(d.cell(id.Row, id.Col))
		})
	// The header's template sets the row numbers' width: five digits
	// (an empty one showed row 10 and on as 1).
	d.table.CreateHeader = func() fyne.CanvasObject { return widget.NewLabel("99999") }
	d.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		if id.Row < 0 && id.Col >= 0 {
			l.SetText(T(depositColumns[id.Col]))
		} else if id.Col < 0 && id.Row >= 0 {
			l.SetText(fmt.Sprint(id.Row + 1))
		}
	}
	for i, w := range depositColumnWidths {
		d.table.SetColumnWidth(i, w)
	}
	d.table.OnSelected = func(id widget.TableCellID) {
		if id.Row == d.selected {
			return
		}
		d.selected = id.Row
		d.selectedID = ""
		if x := d.current(); x != nil {
			d.selectedID = x.ID
		}
		d.loadAttempts()
	}
	d.refundBtn = widget.NewButton(T("办理退还"), d.onRefund)
	d.refundBtn.Importance = widget.HighImportance
	d.contactBtn = widget.NewButton(T("记录联系客户"), d.onContact)
	d.forfeitBtn = widget.NewButton(T("没收保障金"), d.onForfeit)
	d.forfeitBtn.Importance = widget.DangerImportance
	d.printBtn = widget.NewButton(T("打印在押清单"), d.onPrintList)
	d.legacyBtn = widget.NewButton(T("补录纸质收据的保障金"), d.onLegacy)
	d.updateButtons()
	top := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(d.legacyBtn, d.printBtn), d.search), d.note)
	bottom := container.NewBorder(nil, nil, d.total, container.NewHBox(d.contactBtn, d.forfeitBtn, d.refundBtn), d.forfeitWhy)
	d.root = container.NewBorder(top, bottom, nil, nil, d.table)
	return d
}

// content returns the desk without reading the deposits: they are read
// when the tab is shown (home's OnSelected calls refresh), not at log-in,
// where every held deposit with its customer was read for a tab nobody had
// opened (issue 17: 11 MB of the peak memory after log-in at 20,000
// customers, growing with the station).
func (d *depositDesk) content() fyne.CanvasObject {
	return d.root
}

func (d *depositDesk) cell(row, col int) string {
	if row >= len(d.deposits) {
		return ""
	}
	x := d.deposits[row]
	switch col {
	case 0:
		return x.ReceiptNumber
	case 1:
		return x.CustomerName
	case 2:
		return forms.MaskID(x.CustomerIDNo)
	case 3:
		return forms.FormatDate(x.TakenAt)
	case 4:
		s := forms.FormatDate(x.ReturnDue)
		if x.Overdue(d.app.now()) {
			s += T(" 逾期")
		}
		return s
	case 5:
		return fmt.Sprint(x.DaysOutstanding(d.app.now()))
	case 6:
		return x.Amount.String()
	}
	return ""
}

func (d *depositDesk) current() *forms.Deposit {
	if d.selected < 0 || d.selected >= len(d.deposits) {
		return nil
	}
	return &d.deposits[d.selected]
}

// updateButtons enables what can be done with the selected deposit; a
// forfeit the rule refuses (return date not passed, no contact recorded)
// is disabled with the reason beside it.
func (d *depositDesk) updateButtons() {
	x := d.current()
	for _, b := range []*widget.Button{d.refundBtn, d.contactBtn} {
		if x == nil {
			b.Disable()
		} else {
			b.Enable()
		}
	}
	d.forfeitWhy.SetText("")
	switch {
	case x == nil || d.attempts < 0:
		d.forfeitBtn.Disable()
	default:
		// The reason is asked later; only the state, the date and the
		// contact attempts are checked here.
		if err := x.CheckForfeit(d.app.now(), d.attempts, "-"); err != nil {
			d.forfeitBtn.Disable()
			d.forfeitWhy.SetText(T("不能没收：") + forms.ErrorMessage(err))
		} else {
			d.forfeitBtn.Enable()
		}
	}
}

// loadAttempts counts the selected deposit's contact attempts, which the
// forfeit rule needs, then updates the buttons.
func (d *depositDesk) loadAttempts() {
	d.attempts = -1
	d.updateButtons()
	x := d.current()
	if x == nil {
		return
	}
	id := x.ID
	var n int
	d.app.async(func(ctx context.Context) error {
		list, err := d.st.ContactAttempts(ctx, id)
		n = len(list)
		return err
	}, func() {
		if x := d.current(); x != nil && x.ID == id {
			d.attempts = n
			d.updateButtons()
		}
	})
}

// refresh reloads the held deposits for the search, keeping the selected
// deposit selected while it is still held. A search that finds nothing
// held but names a receipt says what became of it (voided, refunded,
// forfeited).
func (d *depositDesk) refresh() {
	d.seq++
	seq := d.seq
	q := strings.TrimSpace(d.search.Text)
	var list []forms.Deposit
	var note string
	d.app.async(func(ctx context.Context) error {
		var err error
		if list, err = d.st.HeldDeposits(ctx, q); err != nil {
			return err
		}
		if len(list) == 0 && q != "" {
			note, err = receiptFate(ctx, d.st, q)
		}
		return err
	}, func() {
		if seq != d.seq {
			return
		}
		d.deposits = list
		d.selected = -1
		d.table.UnselectAll()
		for i, x := range list {
			if x.ID == d.selectedID {
				d.selected = i
			}
		}
		d.table.Refresh()
		if d.selected >= 0 {
			d.table.Select(widget.TableCellID{Row: d.selected, Col: 0})
		} else {
			d.selectedID = ""
		}
		var total forms.Money
		for _, x := range list {
			total += x.Amount
		}
		d.total.SetText(Tf("在押 %d 笔，合计 %s", len(list), total))
		d.note.SetText(note)
		if note == "" {
			d.note.Hide()
		} else {
			d.note.Show()
		}
		d.loadAttempts()
	})
}

// receiptLookup is the one store method receiptFate needs.
type receiptLookup interface {
	LookupReceipt(ctx context.Context, number string) (*forms.Receipt, *forms.Deposit, error)
}

// receiptFate says what became of the receipt numbered q when a search
// found nothing: voided (by whom, when, why), its deposit refunded or
// forfeited. It returns "" when q is no receipt's number or the receipt's
// deposit is still held. It runs off the UI goroutine.
func receiptFate(ctx context.Context, st receiptLookup, q string) (string, error) {
	r, dep, err := st.LookupReceipt(ctx, q)
	if forms.ErrorCode(err) == forms.ENOTFOUND {
		return "", nil
	} else if err != nil {
		return "", err
	}
	return receiptFateText(r, dep), nil
}

// receiptFateText words what became of a receipt and its deposit (nil for a
// fee receipt); "" when there is nothing to say (a valid receipt whose
// deposit is held).
func receiptFateText(r *forms.Receipt, dep *forms.Deposit) string {
	at := func(t time.Time) string { return t.Local().Format("2006-01-02 15:04") }
	switch {
	case r.Voided:
		s := Tf("收据 %s（%s，%s）已于 %s 由 %s 作废，原因：%s。", r.Number, r.PayerName, r.Total, at(r.VoidedAt), r.VoidedBy, r.VoidReason)
		if dep != nil {
			s += T("它收取的保障金随之作废，不在押；如已重新受理，请按新收据号查找。")
		}
		return s
	case dep == nil:
		return Tf("收据 %s（%s，%s）是收费收据，没有保障金。", r.Number, r.PayerName, r.Total)
	case dep.State == forms.DepositRefunded:
		by := dep.ClosedBy
		if dep.ApprovedBy != "" && dep.ApprovedBy != by {
			by += Tf("，%s 批准", dep.ApprovedBy)
		}
		return Tf("收据 %s 的保障金 %s（%s）已于 %s 退还（经办：%s）。", r.Number, dep.Amount, dep.CustomerName, at(dep.ClosedAt), by)
	case dep.State == forms.DepositForfeited:
		return Tf("收据 %s 的保障金 %s（%s）已于 %s 没收（%s 批准），原因：%s。", r.Number, dep.Amount, dep.CustomerName, at(dep.ClosedAt), dep.ApprovedBy, dep.Reason)
	case dep.State == forms.DepositVoided:
		return Tf("收据 %s 的保障金 %s（%s）已作废，不在押。", r.Number, dep.Amount, dep.CustomerName)
	}
	return ""
}

// onPrintList prints the list of deposits held, for the monthly
// reconciliation with finance.
func (d *depositDesk) onPrintList() {
	var all []forms.Deposit
	d.app.async(func(ctx context.Context) error {
		var err error
		all, err = d.st.HeldDeposits(ctx, "")
		return err
	}, func() {
		p := d.app.printout(forms.PrintDepositList)
		p.Deposits = all
		d.app.print([]*forms.Printout{p}, depositTexts(all, false), nil)
	})
}

// refundForm is the refund dialog's content.
type refundForm struct {
	returned *widget.CheckGroup
	method   *widget.RadioGroup
	message  *widget.Label // what the rules refused, in the dialog
	dialog   dialog.Dialog
	confirm  *widget.Button
	loss     *forms.LossDeclaration // the receipt's loss declaration, if any
	lossBtn  *widget.Button         // 收据遗失… opens the customer's loss declarations
}

// onRefund records what came back and refunds the deposit with a
// supervisor's approval, then prints the 保障金退还凭证. The dialog stays
// open, with what was ticked, until the refund is done.
func (d *depositDesk) onRefund() {
	dep := d.current()
	if dep == nil {
		return
	}
	x := *dep
	f := &refundForm{message: widget.NewLabel("")}
	f.message.Wrapping = fyne.TextWrapWord
	f.message.Importance = widget.DangerImportance
	f.returned = widget.NewCheckGroup(forms.ReturnedItems, nil)
	var methods []string
	for _, m := range forms.PaymentMethods {
		methods = append(methods, T(m.Label()))
	}
	f.method = widget.NewRadioGroup(methods, nil)
	f.method.Horizontal = true
	f.method.SetSelected(methods[0])
	info := widget.NewLabel(Tf("%s  收据 %s  %s（%s）\n收取于 %s，已押 %d 天", x.CustomerName, x.ReceiptNumber, x.Amount, x.Amount.Capitals(), forms.FormatDate(x.TakenAt), x.DaysOutstanding(d.app.now())))
	info.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(
		widget.NewFormItem(T("收回的材料"), f.returned),
		widget.NewFormItem(T("退款方式"), f.method),
	)
	f.confirm = widget.NewButton(T("退还并打印凭证"), func() { d.doRefund(x, f) })
	f.confirm.Importance = widget.HighImportance
	cancel := widget.NewButton(T("取消"), func() { f.dialog.Hide() })
	f.lossBtn = widget.NewButton(T("收据遗失…"), func() {
		f.dialog.Hide()
		d.app.home.customers.openLoss(x.CustomerID)
		d.app.home.tabs.SelectIndex(0)
	})
	d.refund = f
	f.dialog = dialog.NewCustomWithoutButtons(T("退还保障金"), container.NewVBox(info, form, f.message, container.NewHBox(f.confirm, cancel, f.lossBtn)), d.app.win)
	f.dialog.Resize(fyne.NewSize(600, 460))
	f.dialog.Show()
	// A receipt declared lost: blocked while pending, replaced once the
	// declaration was resolved as a refund (store/loss.go decides again).
	var loss *forms.LossDeclaration
	id := x.ID
	d.app.async(func(ctx context.Context) error {
		var err error
		loss, err = d.st.LossOfDeposit(ctx, id)
		return err
	}, func() {
		if loss == nil {
			return
		}
		f.loss = loss
		if err := loss.ReplacesReceipt(d.app.now()); err != nil {
			f.message.SetText(forms.ErrorMessage(err))
			f.confirm.Disable()
			return
		}
		f.message.SetText(Tf("保障金收据已遗失：凭%s退还，不必收回收据", loss.ReplacedText()))
	})
}

func (d *depositDesk) doRefund(x forms.Deposit, f *refundForm) {
	req := forms.RefundRequest{DepositID: x.ID, Returned: append([]string(nil), f.returned.Selected...)}
	req.Payment.Method = paymentMethodOf(f.method.Selected)
	f.message.SetText("")
	check := req
	if f.loss != nil { // the resolved declaration stands in for the receipt
		check.Returned = append(append([]string(nil), req.Returned...), forms.ReturnedReceipt)
	}
	if err := check.Validate(); err != nil {
		f.message.SetText(forms.ErrorMessage(err))
		return
	}
	var done *forms.Deposit
	var cust *forms.Customer
	var kase *forms.Case // the case the refund completed; nil for a deposit entered from paper without one
	d.app.withSupervisor(T("退还保障金"), func(ctx context.Context, a forms.Actor) error {
		var err error
		if done, err = d.st.RefundDeposit(ctx, a, req); err != nil {
			return err
		}
		if cust, err = d.st.Customer(ctx, done.CustomerID); err != nil || done.CaseID == "" {
			return err
		}
		kase, err = d.st.Case(ctx, done.CaseID)
		return err
	}, func() {
		f.dialog.Hide()
		p := d.app.printout(forms.PrintRefundVoucher)
		p.Deposit, p.Customer = done, cust
		p.Supervisor = done.ApprovedBy
		if p.Supervisor == "" {
			p.Supervisor = d.app.user.Name
		}
		d.app.print([]*forms.Printout{p}, []printText{{field: T("姓名"), text: cust.Name}}, nil)
		d.app.home.setStatus(Tf("保障金 %s 已退还给 %s", done.Amount, cust.Name))
		d.refresh()
		// The refund completed the case with the customer at the counter:
		// the rating is offered here as at 办结 (they may decline).
		if kase != nil && kase.Status == forms.CaseCompleted {
			d.rating = d.app.showRating(kase, nil)
		}
	})
}

// contactForm is the dialog recording an attempt to reach a customer.
type contactForm struct {
	channel *widget.Select
	outcome *widget.Entry
	message *widget.Label
	save    *widget.Button
	dialog  dialog.Dialog
}

// onContact records an attempt to reach the customer about the card; the
// desk reloads after it (a forfeit may have become possible).
func (d *depositDesk) onContact() {
	dep := d.current()
	if dep == nil {
		return
	}
	x := *dep
	f := &contactForm{channel: widget.NewSelect([]string{"电话", "短信", "上门", "信函"}, nil), outcome: widget.NewMultiLineEntry(), message: widget.NewLabel("")}
	f.channel.SetSelected("电话")
	f.outcome.SetPlaceHolder(T("如：无人接听；答应本周归还"))
	f.outcome.Wrapping = fyne.TextWrapWord
	f.outcome.SetMinRowsVisible(3)
	f.message.Wrapping = fyne.TextWrapWord
	f.message.Importance = widget.DangerImportance
	f.save = widget.NewButton(T("记录"), func() {
		ch, out := f.channel.Selected, f.outcome.Text
		f.message.SetText("")
		a := d.app.actor()
		d.app.runInDialog(f.save, f.message, f.dialog, func(ctx context.Context) error {
			return d.st.AddContactAttempt(ctx, a, x.ID, ch, out)
		}, func() {
			d.app.home.setStatus(Tf("已记录联系 %s 的情况", x.CustomerName))
			d.refresh()
		})
	})
	f.save.Importance = widget.HighImportance
	cancel := widget.NewButton(T("取消"), func() { f.dialog.Hide() })
	form := widget.NewForm(widget.NewFormItem(T("方式"), f.channel), widget.NewFormItem(T("结果"), f.outcome))
	f.dialog = dialog.NewCustomWithoutButtons(Tf("联系 %s（%s）", x.CustomerName, x.CustomerMobile),
		container.NewVBox(form, f.message, container.NewHBox(f.save, cancel)), d.app.win)
	f.dialog.Resize(fyne.NewSize(560, 300))
	d.contact = f
	f.dialog.Show()
	d.app.win.Canvas().Focus(f.outcome)
}

// onForfeit forfeits a deposit: supervisor, reason, only after the return
// date with at least one recorded attempt. The button is disabled with the
// reason while the rule refuses; the reason is checked before the
// supervisor is asked.
func (d *depositDesk) onForfeit() {
	dep := d.current()
	if dep == nil || d.attempts < 0 {
		return
	}
	x, attempts := *dep, d.attempts
	d.app.askReason(Tf("没收 %s 的保障金 %s", x.CustomerName, x.Amount), forms.RuleForfeitReason, T("如：逾期三个月未还，多次联系未果"), T("下一步"),
		func(why string) error { return x.CheckForfeit(d.app.now(), attempts, why) },
		func(why string) {
			d.app.withSupervisor(T("没收保障金"), func(ctx context.Context, a forms.Actor) error {
				return d.st.ForfeitDeposit(ctx, a, x.ID, why)
			}, func() {
				d.app.home.setStatus(Tf("%s 的保障金 %s 已没收", x.CustomerName, x.Amount))
				d.refresh()
			})
		})
}

// legacyForm enters a deposit taken on a paper receipt before Counter Desk.
type legacyForm struct {
	idNumber, receipt, amount, reference *widget.Entry
	taken, due                           *dateEntry
	method                               *widget.RadioGroup
	customer                             *widget.Label
	customerID                           string
	message                              *widget.Label
	confirm                              *widget.Button
	dialog                               dialog.Dialog
}

// onLegacy lets a supervisor enter a deposit already held on a paper
// receipt: it becomes a 借户籍卡 case accepted on that date, so the card
// counts as lent and the refund rules apply. Both dates are typed or
// picked from a calendar; neither is filled in by itself.
func (d *depositDesk) onLegacy() {
	f := &legacyForm{
		idNumber: widget.NewEntry(), receipt: widget.NewEntry(),
		amount: widget.NewEntry(), reference: widget.NewEntry(),
		taken: newDateEntry(time.Time{}, nil), due: newDateEntry(time.Time{}, nil),
		customer: widget.NewLabel(T("请输入身份证号码或刷卡查找客户")),
		message:  widget.NewLabel(""),
	}
	f.customer.Wrapping = fyne.TextWrapWord
	f.message.Wrapping = fyne.TextWrapWord
	f.message.Importance = widget.DangerImportance
	f.idNumber.SetPlaceHolder(T("客户的18位身份证号码，可直接刷卡"))
	f.receipt.SetPlaceHolder(T("纸质收据上的收据号"))
	f.amount.SetText("600")
	f.due.SetPlaceHolder(T("承诺书上的归还日期"))
	var methods []string
	for _, m := range forms.PaymentMethods {
		methods = append(methods, T(m.Label()))
	}
	f.method = widget.NewRadioGroup(methods, nil)
	f.method.Horizontal = true
	f.method.SetSelected(methods[0])
	bindReference(f.method, f.reference)
	f.idNumber.OnSubmitted = func(string) { d.findLegacyCustomer(f) }
	f.idNumber.OnChanged = func(v string) {
		if len([]rune(strings.TrimSpace(v))) >= 18 {
			d.findLegacyCustomer(f)
		}
	}
	form := widget.NewForm(
		widget.NewFormItem(T("身份证号码"), f.idNumber),
		widget.NewFormItem(T("客户"), f.customer),
		widget.NewFormItem(T("原收据号"), f.receipt),
		widget.NewFormItem(T("收取日期"), f.taken),
		widget.NewFormItem(T("金额（元）"), f.amount),
		widget.NewFormItem(T("收款方式"), f.method),
		widget.NewFormItem(T("交易单号"), f.reference),
		widget.NewFormItem(T("应归还日期"), f.due),
	)
	note := widget.NewLabel(T("只补录启用柜台通之前用纸质收据收取的保障金。它只计入在押保障金，不计入当天收款。"))
	note.Wrapping = fyne.TextWrapWord
	f.confirm = widget.NewButton(T("补录"), func() { d.doLegacy(f) })
	f.confirm.Importance = widget.HighImportance
	cancel := widget.NewButton(T("取消"), func() { f.dialog.Hide() })
	f.dialog = dialog.NewCustomWithoutButtons(T("补录纸质收据的保障金"), container.NewVBox(note, form, f.message, container.NewHBox(f.confirm, cancel)), d.app.win)
	f.dialog.Resize(fyne.NewSize(660, 600))
	d.legacy = f
	f.dialog.Show()
	d.app.win.Canvas().Focus(f.idNumber)
}

func (d *depositDesk) findLegacyCustomer(f *legacyForm) {
	id, err := forms.ParseID(f.idNumber.Text)
	if err != nil {
		f.customerID = ""
		f.customer.SetText(forms.ErrorMessage(err))
		return
	}
	var c *forms.Customer
	d.app.async(func(ctx context.Context) error {
		var err error
		c, err = d.st.CustomerByIDNumber(ctx, id.Number)
		if forms.ErrorCode(err) == forms.ENOTFOUND {
			return nil
		}
		return err
	}, func() {
		if c == nil {
			f.customerID = ""
			f.customer.SetText(T("没有这位客户的档案，请先在“客户与业务”中新建"))
			return
		}
		f.customerID = c.ID
		f.customer.SetText(fmt.Sprintf("%s  %s", c.Name, memberText(c)))
	})
}

// doLegacy checks the entry by the domain's rules in the dialog, then asks
// for the supervisor; the dialog closes only when the entry is saved.
func (d *depositDesk) doLegacy(f *legacyForm) {
	f.message.SetText("")
	l, err := f.entry()
	if err == nil {
		station := ""
		if d.app.station != nil {
			station = d.app.station.Code()
		}
		err = l.Validate(d.app.now(), station)
	}
	if err != nil {
		f.message.SetText(forms.ErrorMessage(err))
		return
	}
	var dep *forms.Deposit
	d.app.withSupervisor(T("补录保障金"), func(ctx context.Context, a forms.Actor) error {
		var err error
		dep, err = d.st.EnterLegacyDeposit(ctx, a, l)
		return err
	}, func() {
		f.dialog.Hide()
		d.app.home.setStatus(Tf("已补录 %s 的保障金 %s（原收据 %s）", dep.CustomerName, dep.Amount, dep.ReceiptNumber))
		d.refresh()
	})
}

// entry reads the dialog into a LegacyDeposit, with the first field it
// cannot read (a date or the amount) named in the error.
func (f *legacyForm) entry() (forms.LegacyDeposit, error) {
	l := forms.LegacyDeposit{CustomerID: f.customerID, ReceiptNumber: f.receipt.Text}
	if m := paymentMethodOf(f.method.Selected); m != "" {
		l.Payment = forms.Payment{Method: m, Reference: f.reference.Text}
	}
	var err error
	if l.Amount, err = forms.ParseMoney(f.amount.Text); err != nil {
		return l, forms.Errorf(forms.EINVALID, "%s：%s", T("金额"), forms.ErrorMessage(err))
	}
	if l.TakenOn, err = f.taken.Date(); err != nil {
		return l, forms.Errorf(forms.EINVALID, "%s：%s", T("收取日期"), forms.ErrorMessage(err))
	}
	if l.ReturnDue, err = f.due.Date(); err != nil {
		return l, forms.Errorf(forms.EINVALID, "%s：%s", T("应归还日期"), forms.ErrorMessage(err))
	}
	return l, nil
}
