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

// depositDesk is the refund desk (保障金退还): every deposit held, oldest
// first, with days outstanding and the total, a search, the printable
// list, and refund, contact attempts and forfeit.
type depositDesk struct {
	app      *App
	root     fyne.CanvasObject
	search   *widget.Entry
	table    *widget.Table
	total    *widget.Label
	deposits []forms.Deposit
	selected int
	seq      int

	refundBtn, contactBtn, forfeitBtn, printBtn, legacyBtn *widget.Button
	refund                                                 *refundForm
	legacy                                                 *legacyForm
}

var depositColumns = []string{"收据号", "客户", "身份证号码", "收取日期", "应还日期", "已押天数", "金额"}

func newDepositDesk(u *App) *depositDesk {
	d := &depositDesk{app: u, selected: -1}
	d.search = widget.NewEntry()
	d.search.SetPlaceHolder(T("按姓名、身份证号码或收据号查找"))
	d.search.OnChanged = func(string) { d.refresh() }
	d.search.OnSubmitted = func(string) { d.refresh() }
	d.total = widget.NewLabel("")
	d.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(d.deposits), len(depositColumns) },
		func() fyne.CanvasObject { return widget.NewLabel("QB01-2026-000123") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(d.cell(id.Row, id.Col))
		})
	d.table.CreateHeader = func() fyne.CanvasObject { return widget.NewLabel("") }
	d.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		if id.Row < 0 && id.Col >= 0 {
			l.SetText(T(depositColumns[id.Col]))
		} else if id.Col < 0 && id.Row >= 0 {
			l.SetText(fmt.Sprint(id.Row + 1))
		}
	}
	for i, w := range []float32{170, 90, 190, 110, 110, 90, 100} {
		d.table.SetColumnWidth(i, w)
	}
	d.table.OnSelected = func(id widget.TableCellID) {
		d.selected = id.Row
		d.updateButtons()
	}
	d.refundBtn = widget.NewButton(T("办理退还"), d.onRefund)
	d.refundBtn.Importance = widget.HighImportance
	d.contactBtn = widget.NewButton(T("记录联系客户"), d.onContact)
	d.forfeitBtn = widget.NewButton(T("没收保障金"), d.onForfeit)
	d.forfeitBtn.Importance = widget.DangerImportance
	d.printBtn = widget.NewButton(T("打印在押清单"), d.onPrintList)
	d.legacyBtn = widget.NewButton(T("补录纸质收据的保障金"), d.onLegacy)
	d.updateButtons()
	top := container.NewBorder(nil, nil, nil, container.NewHBox(d.legacyBtn, d.printBtn), d.search)
	bottom := container.NewBorder(nil, nil, d.total, container.NewHBox(d.contactBtn, d.forfeitBtn, d.refundBtn))
	d.root = container.NewBorder(top, bottom, nil, nil, d.table)
	return d
}

func (d *depositDesk) content() fyne.CanvasObject {
	d.refresh()
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

func (d *depositDesk) updateButtons() {
	for _, b := range []*widget.Button{d.refundBtn, d.contactBtn, d.forfeitBtn} {
		if d.current() == nil {
			b.Disable()
		} else {
			b.Enable()
		}
	}
}

// refresh reloads the held deposits for the search.
func (d *depositDesk) refresh() {
	d.seq++
	seq := d.seq
	q := d.search.Text
	var list []forms.Deposit
	d.app.async(func(ctx context.Context) error {
		var err error
		list, err = d.app.store.HeldDeposits(ctx, q)
		return err
	}, func() {
		if seq != d.seq {
			return
		}
		d.deposits = list
		d.selected = -1
		d.table.UnselectAll()
		d.table.Refresh()
		var total forms.Money
		for _, x := range list {
			total += x.Amount
		}
		d.total.SetText(Tf("在押 %d 笔，合计 %s", len(list), total))
		d.updateButtons()
	})
}

// onPrintList prints the list of deposits held, for the monthly
// reconciliation with finance.
func (d *depositDesk) onPrintList() {
	var all []forms.Deposit
	d.app.async(func(ctx context.Context) error {
		var err error
		all, err = d.app.store.HeldDeposits(ctx, "")
		return err
	}, func() {
		p := d.app.printout(forms.PrintDepositList)
		p.Deposits = all
		var names []string
		for _, x := range all {
			names = append(names, x.CustomerName)
		}
		d.app.print([]*forms.Printout{p}, names, nil)
	})
}

// refundForm is the refund dialog's content.
type refundForm struct {
	returned *widget.CheckGroup
	method   *widget.RadioGroup
	dialog   dialog.Dialog
	confirm  *widget.Button
}

// onRefund records what came back and refunds the deposit with a
// supervisor's approval, then prints the 保障金退还凭证.
func (d *depositDesk) onRefund() {
	dep := d.current()
	if dep == nil {
		return
	}
	x := *dep
	f := &refundForm{}
	f.returned = widget.NewCheckGroup(forms.ReturnedItems, nil)
	var methods []string
	for _, m := range forms.PaymentMethods {
		methods = append(methods, T(m.Label()))
	}
	f.method = widget.NewRadioGroup(methods, nil)
	f.method.Horizontal = true
	f.method.SetSelected(methods[0])
	info := widget.NewLabel(Tf("%s  收据 %s  %s（%s）\n收取于 %s，已押 %d 天", x.CustomerName, x.ReceiptNumber, x.Amount, x.Amount.Capitals(), forms.FormatDate(x.TakenAt), x.DaysOutstanding(d.app.now())))
	form := widget.NewForm(
		widget.NewFormItem(T("收回的材料"), f.returned),
		widget.NewFormItem(T("退款方式"), f.method),
	)
	f.confirm = widget.NewButton(T("退还并打印凭证"), func() { d.doRefund(x, f) })
	f.confirm.Importance = widget.HighImportance
	cancel := widget.NewButton(T("取消"), func() { f.dialog.Hide() })
	d.refund = f
	f.dialog = dialog.NewCustomWithoutButtons(T("退还保障金"), container.NewVBox(info, form, container.NewHBox(f.confirm, cancel)), d.app.win)
	f.dialog.Resize(fyne.NewSize(560, 420))
	f.dialog.Show()
}

func (d *depositDesk) doRefund(x forms.Deposit, f *refundForm) {
	req := forms.RefundRequest{DepositID: x.ID, Returned: f.returned.Selected}
	for _, m := range forms.PaymentMethods {
		if T(m.Label()) == f.method.Selected {
			req.Payment.Method = m
		}
	}
	if err := req.Validate(); err != nil {
		d.app.showError(err)
		return
	}
	f.dialog.Hide()
	d.app.withSupervisor(T("退还保障金"), func(a forms.Actor) {
		var done *forms.Deposit
		var cust *forms.Customer
		d.app.async(func(ctx context.Context) error {
			var err error
			if done, err = d.app.store.RefundDeposit(ctx, a, req); err != nil {
				return err
			}
			cust, err = d.app.store.Customer(ctx, done.CustomerID)
			return err
		}, func() {
			p := d.app.printout(forms.PrintRefundVoucher)
			p.Deposit, p.Customer = done, cust
			p.Supervisor = done.ApprovedBy
			if p.Supervisor == "" {
				p.Supervisor = d.app.user.Name
			}
			d.app.print([]*forms.Printout{p}, []string{cust.Name}, nil)
			d.app.home.setStatus(Tf("保障金 %s 已退还给 %s", done.Amount, cust.Name))
			d.refresh()
		})
	})
}

// onContact records an attempt to reach the customer about the card.
func (d *depositDesk) onContact() {
	dep := d.current()
	if dep == nil {
		return
	}
	x := *dep
	channel := widget.NewSelect([]string{"电话", "短信", "上门", "信函"}, nil)
	channel.SetSelected("电话")
	outcome := widget.NewEntry()
	outcome.SetPlaceHolder(T("如：无人接听；答应本周归还"))
	dialog.ShowForm(Tf("联系 %s（%s）", x.CustomerName, x.CustomerMobile), T("记录"), T("取消"),
		[]*widget.FormItem{widget.NewFormItem(T("方式"), channel), widget.NewFormItem(T("结果"), outcome)}, func(ok bool) {
			if !ok {
				return
			}
			ch, out := channel.Selected, outcome.Text
			d.app.async(func(ctx context.Context) error {
				return d.app.store.AddContactAttempt(ctx, d.app.actor(), x.ID, ch, out)
			}, func() { d.app.home.setStatus(T("已记录联系情况")) })
		}, d.app.win)
}

// onForfeit forfeits a deposit: supervisor, reason, only after the return
// date with at least one recorded attempt (the store checks).
func (d *depositDesk) onForfeit() {
	dep := d.current()
	if dep == nil {
		return
	}
	x := *dep
	d.app.askReason(Tf("没收 %s 的保障金 %s", x.CustomerName, x.Amount), T("没收原因"), T("如：逾期三个月未还，多次联系未果"), T("下一步"), func(why string) {
		d.app.withSupervisor(T("没收保障金"), func(a forms.Actor) {
			d.app.async(func(ctx context.Context) error {
				return d.app.store.ForfeitDeposit(ctx, a, x.ID, why)
			}, func() {
				d.app.home.setStatus(T("保障金已没收"))
				d.refresh()
			})
		})
	})
}

// legacyForm enters a deposit taken on a paper receipt before Counter Desk.
type legacyForm struct {
	idNumber, receipt, taken, amount, reference, due *widget.Entry
	method                                           *widget.RadioGroup
	customer                                         *widget.Label
	customerID                                       string
	confirm                                          *widget.Button
	dialog                                           dialog.Dialog
}

// onLegacy lets a supervisor enter a deposit already held on a paper
// receipt: it becomes a 借户籍卡 case accepted on that date, so the card
// counts as lent and the refund rules apply.
func (d *depositDesk) onLegacy() {
	f := &legacyForm{
		idNumber: widget.NewEntry(), receipt: widget.NewEntry(), taken: widget.NewEntry(),
		amount: widget.NewEntry(), reference: widget.NewEntry(), due: widget.NewEntry(),
		customer: widget.NewLabel(T("请输入身份证号码或刷卡查找客户")),
	}
	f.idNumber.SetPlaceHolder(T("客户的18位身份证号码，可直接刷卡"))
	f.receipt.SetPlaceHolder(T("纸质收据上的收据号"))
	f.taken.SetPlaceHolder("2025-09-01")
	f.amount.SetText("600")
	f.due.SetPlaceHolder(T("承诺书上的归还日期"))
	var methods []string
	for _, m := range forms.PaymentMethods {
		methods = append(methods, T(m.Label()))
	}
	f.method = widget.NewRadioGroup(methods, nil)
	f.method.Horizontal = true
	f.method.SetSelected(methods[0])
	f.idNumber.OnSubmitted = func(string) { d.findLegacyCustomer(f) }
	f.idNumber.OnChanged = func(v string) {
		if len([]rune(strings.TrimSpace(v))) >= 18 {
			d.findLegacyCustomer(f)
		}
	}
	f.taken.OnChanged = func(v string) {
		if t, err := forms.ParseDate(v); err == nil && f.due.Text == "" {
			f.due.SetText(forms.FormatDate(t.AddDate(0, 0, 30)))
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
	note.Wrapping = fyne.TextWrapBreak
	f.confirm = widget.NewButton(T("补录"), func() { d.doLegacy(f) })
	f.confirm.Importance = widget.HighImportance
	cancel := widget.NewButton(T("取消"), func() { f.dialog.Hide() })
	f.dialog = dialog.NewCustomWithoutButtons(T("补录纸质收据的保障金"), container.NewVBox(note, form, container.NewHBox(f.confirm, cancel)), d.app.win)
	f.dialog.Resize(fyne.NewSize(620, 520))
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
		c, err = d.app.store.CustomerByIDNumber(ctx, id.Number)
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

func (d *depositDesk) doLegacy(f *legacyForm) {
	l := forms.LegacyDeposit{CustomerID: f.customerID, ReceiptNumber: f.receipt.Text}
	for _, m := range forms.PaymentMethods {
		if T(m.Label()) == f.method.Selected {
			l.Payment = forms.Payment{Method: m, Reference: f.reference.Text}
		}
	}
	var err error
	if l.Amount, err = forms.ParseMoney(f.amount.Text); err != nil {
		d.app.showError(err)
		return
	}
	for _, x := range []struct {
		e   *widget.Entry
		dst *time.Time
		lbl string
	}{{f.taken, &l.TakenOn, "收取日期"}, {f.due, &l.ReturnDue, "应归还日期"}} {
		if strings.TrimSpace(x.e.Text) == "" {
			continue // Validate names the missing date
		}
		if *x.dst, err = forms.ParseDate(x.e.Text); err != nil {
			d.app.showError(forms.Errorf(forms.EINVALID, "%s：%s", T(x.lbl), forms.ErrorMessage(err)))
			return
		}
	}
	d.app.withSupervisor(T("补录保障金"), func(a forms.Actor) {
		var dep *forms.Deposit
		d.app.async(func(ctx context.Context) error {
			var err error
			dep, err = d.app.store.EnterLegacyDeposit(ctx, a, l)
			return err
		}, func() {
			f.dialog.Hide()
			d.app.home.setStatus(Tf("已补录 %s 的保障金 %s（原收据 %s）", dep.CustomerName, dep.Amount, dep.ReceiptNumber))
			d.refresh()
		})
	})
}
