package ui

import (
	"context"
	"fmt"

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

	refundBtn, contactBtn, forfeitBtn, printBtn *widget.Button
	refund                                      *refundForm
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
	d.updateButtons()
	top := container.NewBorder(nil, nil, nil, d.printBtn, d.search)
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
		d.app.print(p, names, nil)
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
			d.app.print(p, []string{cust.Name}, nil)
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
