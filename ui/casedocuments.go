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

// A case's documents can be printed again at any time, in every status:
// the 一次性告知单, the catalogue documents once the case was accepted
// (also after it was completed or cancelled), its receipts, and the
// 《保障金退还凭证》 of a refunded deposit. Whether a print is the original
// or a 补打 is decided by App.print from the store's print records.

// caseDocument is one printable document of the case, as listed.
type caseDocument struct {
	title    string
	printout *forms.Printout
	texts    []printText // what the font check looks at
}

// caseDocs is what a case's documents are built from: the case with its
// service version, customer, receipts, deposit and the evaluation on the
// case's day. The case screen and the customer record's 文书 and 收据 tabs
// (customerhistory.go) both build from it, so a document printed again
// from either is the same document.
type caseDocs struct {
	app      *App
	kase     *forms.Case
	service  *forms.Service
	customer *forms.Customer
	receipts []forms.Receipt
	deposit  *forms.Deposit
	eval     forms.Evaluation
}

// docs returns the case screen's documents as it shows them now.
func (c *caseScreen) docs() *caseDocs {
	return &caseDocs{app: c.app, kase: c.kase, service: c.service, customer: c.customer,
		receipts: c.receipts, deposit: c.deposit, eval: c.eval}
}

// documentPrintout is a catalogue document pre-filled from the case.
func (c *caseScreen) documentPrintout(d forms.Document) *forms.Printout {
	return c.docs().documentPrintout(d)
}

// receiptPrintout is one of the case's receipts.
func (c *caseScreen) receiptPrintout(r forms.Receipt) *forms.Printout {
	return c.docs().receiptPrintout(r)
}

// documentItems lists every document of the case that can be printed now.
func (c *caseScreen) documentItems() []caseDocument { return c.docs().items() }

// documentPrintout is a catalogue document pre-filled from the case.
func (c *caseDocs) documentPrintout(d forms.Document) *forms.Printout {
	p := c.app.printout(forms.PrintDocument)
	p.Customer, p.Case, p.Service = c.customer, c.kase, c.service
	p.Document = &d
	p.Deposit = c.deposit
	if p.Deposit == nil {
		for i := range c.receipts {
			if !c.receipts[i].Voided {
				p.Receipt = &c.receipts[i]
			}
		}
	}
	return p
}

// receiptPrintout is one of the case's receipts.
func (c *caseDocs) receiptPrintout(r forms.Receipt) *forms.Printout {
	p := c.app.printout(forms.PrintReceipt)
	p.Customer, p.Case, p.Service = c.customer, c.kase, c.service
	p.Receipt = &r
	return p
}

// noticePrintout is the 一次性告知单: everything still missing in one list.
func (c *caseDocs) noticePrintout() *forms.Printout {
	p := c.app.printout(forms.PrintNotice)
	p.Customer, p.Case, p.Service = c.customer, c.kase, c.service
	ev := c.eval
	p.Evaluation = &ev
	// A held deposit keeps the case open after its papers (the notice says
	// so); the case screen makes no case with a loss period.
	p.Holds.DepositHeld = c.deposit != nil && c.deposit.State == forms.DepositHeld
	return p
}

// refundVoucherPrintout is the 《保障金退还凭证》 of the case's refunded
// deposit, built as the refund desk builds it. The voucher prints the
// refund's own date from the deposit; At stays the time of this print.
func (c *caseDocs) refundVoucherPrintout() *forms.Printout {
	d := *c.deposit
	p := c.app.printout(forms.PrintRefundVoucher)
	p.Deposit, p.Customer = &d, c.customer
	p.Supervisor = d.ApprovedBy
	if p.Supervisor == "" {
		p.Supervisor = d.ClosedBy
	}
	return p
}

// items lists every document of the case that can be printed now: the
// 一次性告知单, the catalogue documents once the case was accepted, the
// receipts not voided and the refund voucher of a refunded deposit.
func (c *caseDocs) items() []caseDocument {
	var out []caseDocument
	names := []printText{{field: T("姓名"), text: c.customer.Name}}
	if c.app.station != nil {
		names = append(names, printText{field: T("网点全称"), text: c.app.station.BranchName})
	}
	out = append(out, caseDocument{title: T("一次性告知单"), printout: c.noticePrintout(), texts: names})
	if !c.kase.AcceptedAt.IsZero() {
		for _, d := range c.eval.Documents {
			texts := documentTexts(c.customer, []forms.Document{d}) // address, employer where its wording has them
			if c.app.station != nil {
				texts = append(texts, printText{field: T("网点全称"), text: c.app.station.BranchName})
			}
			out = append(out, caseDocument{
				title:    fmt.Sprintf("%s（%d份）", d.Title, len(d.Copies)),
				printout: c.documentPrintout(d),
				texts:    texts,
			})
		}
	}
	for _, r := range c.receipts {
		if r.Voided {
			continue
		}
		out = append(out, caseDocument{title: Tf("收据 %s（%s）", r.Number, r.Total), printout: c.receiptPrintout(r), texts: []printText{{field: T("缴款人"), text: r.PayerName}}})
	}
	if d := c.deposit; d != nil && d.State == forms.DepositRefunded {
		out = append(out, caseDocument{title: T("《保障金退还凭证》"), printout: c.refundVoucherPrintout(), texts: []printText{{field: T("姓名"), text: c.customer.Name}}})
	}
	return out
}

// item returns the document recorded as key (forms.Printout.Key), and
// false when the case has no such document now (a receipt since voided,
// a document whose condition no longer holds).
func (c *caseDocs) item(key string) (caseDocument, bool) {
	for _, d := range c.items() {
		if d.printout.Key() == key {
			return d, true
		}
	}
	return caseDocument{}, false
}

// onNotice prints the 一次性告知单.
func (c *caseScreen) onNotice() {
	c.app.print([]*forms.Printout{c.docs().noticePrintout()}, []printText{{field: T("姓名"), text: c.customer.Name}}, nil)
}

// documentList is the 文书 dialog: every document of the case with 打印
// beside it, and 全部打印 for all of them as one PDF.
type documentList struct {
	prints   []*widget.Button // one per document, in order
	titles   []string
	printAll *widget.Button
	dialog   dialog.Dialog
}

// onDocuments lists the case's documents, each printable again.
func (c *caseScreen) onDocuments() {
	docs := c.documentItems()
	l := &documentList{}
	box := container.NewVBox()
	if c.kase.AcceptedAt.IsZero() {
		note := widget.NewLabel(T("受理后才打印业务文书（文书上印有本次回答）；现在可打印一次性告知单。"))
		note.Wrapping = fyne.TextWrapWord
		box.Add(note)
	}
	var all []*forms.Printout
	var allTexts []printText
	for _, d := range docs {
		d := d
		b := widget.NewButton(T("打印"), func() { c.app.print([]*forms.Printout{d.printout}, d.texts, nil) })
		label := widget.NewLabel(d.title)
		label.Wrapping = fyne.TextWrapWord
		box.Add(container.NewBorder(nil, nil, nil, b, label))
		l.prints = append(l.prints, b)
		l.titles = append(l.titles, d.title)
		if d.printout.Kind != forms.PrintNotice {
			all = append(all, d.printout)
			allTexts = append(allTexts, d.texts...)
		}
	}
	l.printAll = widget.NewButton(T("全部打印（告知单除外）"), func() { c.app.print(all, allTexts, nil) })
	if len(all) == 0 {
		l.printAll.Disable()
	}
	// Plain text: the disabled grey it had was barely readable.
	note := newWrappedText(T("第一次打印的是原件，再次打印的文书标“补打”。"))
	content := container.NewBorder(nil, container.NewVBox(note, l.printAll), nil, nil, container.NewVScroll(box))
	l.dialog = dialog.NewCustom(Tf("受理单 %s 的文书", c.kase.Number), T("关闭"), content, c.app.win)
	h := box.MinSize().Height + 200
	if h > 560 {
		h = 560
	}
	l.dialog.Resize(fyne.NewSize(640, h))
	c.documents = l
	l.dialog.Show()
}

// receiptList is the 收据 dialog: every receipt of the case, voided ones
// marked 作废, with 打印 and 作废. A void that cannot succeed is disabled
// with the reason beside it (Receipt.CanVoid, the rule the store applies).
type receiptList struct {
	prints  map[string]*widget.Button // by receipt number
	voids   map[string]*widget.Button // by receipt number
	reasons map[string]*widget.Label  // why 作废 is disabled, by receipt number
	dialog  dialog.Dialog
}

// depositOf returns the deposit the receipt was issued for, or nil.
func (c *caseScreen) depositOf(r forms.Receipt) *forms.Deposit {
	if c.deposit != nil && (c.deposit.ReceiptID == r.ID || c.deposit.ReceiptNumber == r.Number) {
		return c.deposit
	}
	return nil
}

// onReceipts lists the case's receipts.
func (c *caseScreen) onReceipts() {
	l := &receiptList{prints: map[string]*widget.Button{}, voids: map[string]*widget.Button{}, reasons: map[string]*widget.Label{}}
	box := container.NewVBox()
	for _, r := range c.receipts {
		r := r
		text := fmt.Sprintf("%s  %s  %s  %s", r.Number, r.Total, T(r.Payment.Method.Label()), r.IssuedAt.Local().Format("2006-01-02 15:04"))
		if r.Voided {
			text += Tf("  【作废】%s", r.VoidReason)
		}
		label := widget.NewLabel(text)
		label.Wrapping = fyne.TextWrapWord
		reprint := widget.NewButton(T("打印"), func() {
			c.app.print([]*forms.Printout{c.receiptPrintout(r)}, []printText{{field: T("缴款人"), text: r.PayerName}}, nil)
		})
		if r.Voided {
			reprint.Disable()
		}
		l.prints[r.Number] = reprint
		void := widget.NewButton(T("作废"), func() { l.dialog.Hide(); c.onVoid(r) })
		void.Importance = widget.DangerImportance
		l.voids[r.Number] = void
		row := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(reprint, void), label))
		if err := r.CanVoid(c.depositOf(r)); err != nil {
			void.Disable()
			why := widget.NewLabel(forms.ErrorMessage(err))
			why.Wrapping = fyne.TextWrapWord
			// In the warning colour, as the refund desk's reasons are: the
			// disabled grey was barely readable.
			why.Importance = widget.WarningImportance
			l.reasons[r.Number] = why
			row.Add(why)
		}
		box.Add(row)
	}
	l.dialog = dialog.NewCustom(T("本受理单的收据"), T("关闭"), container.NewVScroll(box), c.app.win)
	h := box.MinSize().Height + 140
	if h > 560 {
		h = 560
	}
	l.dialog.Resize(fyne.NewSize(760, h))
	c.receiptList = l
	l.dialog.Show()
}

// onVoid voids a receipt with a reason, approved by a supervisor. A voided
// deposit receipt returns the case to the accept step.
func (c *caseScreen) onVoid(r forms.Receipt) {
	dep := c.depositOf(r)
	c.app.askReason(Tf("作废收据 %s", r.Number), forms.RuleVoidReason, T("如：收款方式选错、金额错误"), T("下一步"),
		func(string) error { return r.CanVoid(dep) },
		func(why string) {
			c.app.withSupervisor(T("作废收据"), func(ctx context.Context, a forms.Actor) error {
				return c.st.VoidReceipt(ctx, a, r.ID, why)
			}, func() {
				c.app.home.setStatus(Tf("收据 %s 已作废", r.Number))
				c.edited = false
				c.load()
			})
		})
}
