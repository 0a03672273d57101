package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// The customer record's history: three tabs in place of the old 办理记录.
// 受理单 lists every case (its service version, status, dates and clerk;
// selecting one opens it on its service's screen); 文书 every print of a
// document of those cases, originals and 补打, each with 补打 beside it;
// 收据 every receipt, voided ones marked 作废, with 补打 and, for a refunded
// deposit, 补打退还凭证. Any document of any case — completed or cancelled
// too — prints again from here, built exactly as the case screen builds it
// (caseDocs in casedocuments.go); App.print marks it 补打 with the date from
// the print records and records the print, which the store logs.

// historyStore is what the record's history tabs need from the station's
// database; every method is one transaction.
type historyStore interface {
	// CustomerHistory lists the customer's cases, prints, receipts and
	// deposits, newest first.
	CustomerHistory(ctx context.Context, customerID string) (*forms.CustomerHistory, error)
	// What a case's documents are built from, as the case screen reads it.
	Case(ctx context.Context, id string) (*forms.Case, error)
	ServiceVersion(ctx context.Context, code string, version int) (*forms.Service, error)
	Customer(ctx context.Context, id string) (*forms.Customer, error)
	ReceiptsOfCase(ctx context.Context, caseID string) ([]forms.Receipt, error)
	DepositOfCase(ctx context.Context, caseID string) (*forms.Deposit, error)
}

// customerHistory is the record's 受理单, 文书 and 收据 tabs of one
// customer. It reads the history itself when made and again after each
// print from it.
type customerHistory struct {
	app        *App
	st         historyStore
	customerID string
	// openCase opens a case on its service's screen (the record's rule).
	openCase func(caseID, serviceCode string)

	h *forms.CustomerHistory // never nil; empty until read

	cases, prints, receipts  *widget.List
	tabs                     *container.AppTabs
	caseTab, printTab, rcTab *container.TabItem
}

// newCustomerHistory makes the history tabs of the customer showing h, as
// read with the record (forms.CustomerRecord).
func newCustomerHistory(u *App, st historyStore, customerID string, h *forms.CustomerHistory, openCase func(caseID, serviceCode string)) *customerHistory {
	ch := &customerHistory{app: u, st: st, customerID: customerID, openCase: openCase, h: h}
	ch.cases = widget.NewList(func() int { return len(ch.h.Cases) }, twoLines(nil), ch.updateCase)
	ch.cases.OnSelected = func(i widget.ListItemID) {
		if i < len(ch.h.Cases) {
			k := ch.h.Cases[i]
			ch.cases.Unselect(i)
			ch.openCase(k.ID, k.ServiceCode)
		}
	}
	ch.prints = widget.NewList(func() int { return len(ch.h.Prints) }, twoLines([]string{T("补打")}), ch.updatePrint)
	ch.receipts = widget.NewList(func() int { return len(ch.h.Receipts) }, twoLines([]string{T("补打"), T("补打退还凭证")}), ch.updateReceipt)
	// A row has two lines; in a scroll of its own, so the list's one-row
	// minimum never makes the record taller than 720 px when a long
	// address and name leave the tabs little room.
	ch.caseTab = container.NewTabItem(T("受理单"), container.NewVScroll(ch.cases))
	ch.printTab = container.NewTabItem(T("文书"), container.NewVScroll(ch.prints))
	ch.rcTab = container.NewTabItem(T("收据"), container.NewVScroll(ch.receipts))
	ch.titles()
	return ch
}

// appTabs returns the tabs 受理单, 文书 and 收据 followed by more (the
// record's other tabs).
func (ch *customerHistory) appTabs(more ...*container.TabItem) *container.AppTabs {
	ch.tabs = container.NewAppTabs(append([]*container.TabItem{ch.caseTab, ch.printTab, ch.rcTab}, more...)...)
	return ch.tabs
}

// load reads the customer's history again (after a print from it) and
// shows it.
func (ch *customerHistory) load() {
	id := ch.customerID
	var got *forms.CustomerHistory
	ch.app.async(func(ctx context.Context) error {
		var err error
		got, err = ch.st.CustomerHistory(ctx, id)
		return err
	}, func() {
		ch.h = got
		ch.titles()
		if ch.tabs != nil {
			ch.tabs.Refresh()
		}
		ch.cases.Refresh()
		ch.prints.Refresh()
		ch.receipts.Refresh()
	})
}

// titles puts the counts of ch.h in the tabs' titles.
func (ch *customerHistory) titles() {
	ch.caseTab.Text = Tf("受理单（%d）", len(ch.h.Cases))
	ch.printTab.Text = Tf("文书（%d）", len(ch.h.Prints))
	ch.rcTab.Text = Tf("收据（%d）", len(ch.h.Receipts))
}

// twoLines is a list row of two lines that cut off with an ellipsis
// rather than widen the record, and the buttons on the right.
func twoLines(buttons []string) func() fyne.CanvasObject {
	return func() fyne.CanvasObject {
		a := widget.NewLabel("QB01-20261123-001  借户籍卡  已受理  第1版")
		b := widget.NewLabel("开单 2026-11-23 · 受理 2026-11-23 · 经办人 欧阳窗口")
		a.Truncation, b.Truncation = fyne.TextTruncateEllipsis, fyne.TextTruncateEllipsis
		// The second line in the label's own colour: LowImportance draws a
		// label in the disabled grey, too faint to read at the counter.
		right := container.NewHBox()
		for _, t := range buttons {
			right.Add(widget.NewButton(t, nil))
		}
		return container.NewBorder(nil, nil, nil, right, container.NewVBox(a, b))
	}
}

// rowParts returns a twoLines row's two labels and its buttons.
func rowParts(o fyne.CanvasObject) (a, b *widget.Label, buttons []*widget.Button) {
	row := o.(*fyne.Container)
	lines := row.Objects[0].(*fyne.Container).Objects
	for _, x := range row.Objects[1].(*fyne.Container).Objects {
		buttons = append(buttons, x.(*widget.Button))
	}
	return lines[0].(*widget.Label), lines[1].(*widget.Label), buttons
}

// dayOr is the day of t, or "—" when it has not happened.
func dayOr(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return forms.FormatDate(t)
}

// caseLineText is a case of the 受理单 tab in two lines.
func caseLineText(k forms.CaseLine) (string, string) {
	a := fmt.Sprintf("%s  %s  %s  %s", k.Number, k.ServiceName, T(k.Status.Label()), Tf("第%d版", k.ServiceVersion))
	parts := []string{Tf("开单 %s", forms.FormatDate(k.CreatedAt)), Tf("受理 %s", dayOr(k.AcceptedAt)), Tf("办结 %s", dayOr(k.CompletedAt)), Tf("经办人 %s", k.ClerkName)}
	if k.Status == forms.CaseCancelled && k.CancelReason != "" {
		parts = append(parts, Tf("取消原因：%s", k.CancelReason))
	}
	return a, strings.Join(parts, " · ")
}

func (ch *customerHistory) updateCase(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(ch.h.Cases) {
		return
	}
	a, b, _ := rowParts(o)
	ta, tb := caseLineText(ch.h.Cases[i])
	a.SetText(ta)
	b.SetText(tb)
}

// printLineText is a print of the 文书 tab in two lines.
func printLineText(p forms.PrintLine) (string, string) {
	a := fmt.Sprintf("%s  %s  %s", p.At.Local().Format("2006-01-02 15:04"), p.Title, Tf("%d份", p.Copies))
	if p.Reprint {
		a += "  " + T("补打")
	} else {
		a += "  " + T("原件")
	}
	return a, Tf("受理单 %s（%s）· 打印人 %s", p.CaseNumber, p.ServiceName, p.UserName)
}

func (ch *customerHistory) updatePrint(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(ch.h.Prints) {
		return
	}
	p := ch.h.Prints[i]
	a, b, buttons := rowParts(o)
	ta, tb := printLineText(p)
	a.SetText(ta)
	b.SetText(tb)
	if ch.h.Reprintable(p) {
		buttons[0].Enable()
	} else {
		buttons[0].Disable() // a voided receipt
	}
	buttons[0].OnTapped = func() { ch.reprint(p.CaseID, p.Document, p.Title) }
}

// receiptLineText is a receipt of the 收据 tab in two lines: what was paid,
// and what became of it (voided by whom and why, its deposit).
func receiptLineText(r forms.Receipt, d *forms.Deposit) (string, string) {
	a := fmt.Sprintf("%s  %s  %s  %s", r.Number, r.Total, T(r.Payment.Method.Label()), r.IssuedAt.Local().Format("2006-01-02 15:04"))
	var parts []string
	if r.ClerkName != "" {
		parts = append(parts, Tf("经办人 %s", r.ClerkName))
	}
	if r.Legacy {
		parts = append(parts, T("纸质收据（启用本系统前开具）"))
	}
	if d != nil {
		parts = append(parts, Tf("保障金%s", T(d.State.Label())))
	}
	if r.Voided {
		a += "  " + T("【作废】")
		parts = append(parts, Tf("%s 由 %s 作废：%s", forms.FormatDate(r.VoidedAt), r.VoidedBy, r.VoidReason))
	}
	return a, strings.Join(parts, " · ")
}

func (ch *customerHistory) updateReceipt(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(ch.h.Receipts) {
		return
	}
	r := ch.h.Receipts[i]
	d := ch.h.DepositOfReceipt(r)
	a, b, buttons := rowParts(o)
	ta, tb := receiptLineText(r, d)
	a.SetText(ta)
	b.SetText(tb)
	again, voucher := buttons[0], buttons[1]
	// A voided receipt is not handed out again, a paper one was never
	// printed here, and one of no case has no print records to mark 补打.
	if r.Voided || r.Legacy || r.CaseID == "" {
		again.Disable()
	} else {
		again.Enable()
	}
	again.OnTapped = func() { ch.reprint(r.CaseID, "receipt:"+r.Number, forms.DocumentTitle("receipt:"+r.Number, nil)) }
	if d != nil && d.State == forms.DepositRefunded {
		key := "refund_voucher:" + d.ReceiptNumber
		voucher.Show()
		voucher.OnTapped = func() { ch.reprint(d.CaseID, key, forms.DocumentTitle(key, nil)) }
	} else {
		voucher.Hide()
	}
}

// reprint prints the document recorded as key of the case again, built
// from the case as it is stored, as the case screen builds it. App.print
// marks it 补打 with today's date when it was printed before, records the
// print (the store logs it) and the history is read again. A loss
// declaration's documents are printed from the declaration: its screen
// opens, where 补打 is beside each declaration.
func (ch *customerHistory) reprint(caseID, key, title string) {
	var k *forms.Case
	var sv *forms.Service
	var cust *forms.Customer
	var receipts []forms.Receipt
	var dep *forms.Deposit
	st := ch.st
	ch.app.async(func(ctx context.Context) error {
		var err error
		if k, err = st.Case(ctx, caseID); err != nil {
			return err
		}
		if sv, err = st.ServiceVersion(ctx, k.ServiceCode, k.ServiceVersion); err != nil {
			return err
		}
		if cust, err = st.Customer(ctx, k.CustomerID); err != nil {
			return err
		}
		if receipts, err = st.ReceiptsOfCase(ctx, k.ID); err != nil {
			return err
		}
		dep, err = st.DepositOfCase(ctx, k.ID)
		if forms.ErrorCode(err) == forms.ENOTFOUND {
			dep, err = nil, nil
		}
		return err
	}, func() {
		if sv.Waiting != nil {
			ch.openCase(k.ID, k.ServiceCode)
			if ch.app.home != nil {
				ch.app.home.setStatus(Tf("遗失声明的文书按声明补打：请点该声明旁的“补打”（受理单 %s）", k.Number))
			}
			return
		}
		docs := &caseDocs{app: ch.app, kase: k, service: sv, customer: cust, receipts: receipts, deposit: dep,
			eval: sv.Evaluate(cust, k.Answers, k.EvaluationDay(ch.app.now()), k.Items)}
		item, ok := docs.item(key)
		if !ok {
			ch.app.showError(forms.Errorf(forms.ENOTFOUND, "受理单%s现在没有“%s”可打印（收据已作废，或按本单的回答已不需要这份文书）；请打开受理单核对", k.Number, title))
			return
		}
		ch.app.print([]*forms.Printout{item.printout}, item.texts, func(string) { ch.load() })
	})
}
