package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// unprintedShown is how many receipts the warning names; the rest are
// counted.
const unprintedShown = 3

// unprintedReceipts is the warning line above the home screen's tabs that
// names the receipts issued but never printed (the program ended between
// 确认收款并打印 and the PDF, or the viewer never opened), with 打印: they
// print as originals, since they never were printed.
// unprintedStore is what the warning about receipts never printed needs.
type unprintedStore interface {
	// UnprintedReceipts lists the receipts issued but never printed (not
	// voided), oldest first.
	UnprintedReceipts(ctx context.Context) ([]forms.Receipt, error)
	Case(ctx context.Context, id string) (*forms.Case, error)
	Customer(ctx context.Context, id string) (*forms.Customer, error)
	ServiceVersion(ctx context.Context, code string, version int) (*forms.Service, error)
}

type unprintedReceipts struct {
	app      *App
	st       unprintedStore
	root     *fyne.Container
	message  *widget.Label
	print    *widget.Button
	receipts []forms.Receipt // the receipts listed, oldest first
}

func newUnprintedReceipts(u *App) *unprintedReceipts {
	w := &unprintedReceipts{app: u, st: u.store}
	w.message = widget.NewLabel("")
	w.message.Wrapping = fyne.TextWrapWord
	w.message.Importance = widget.WarningImportance
	w.print = widget.NewButton(T("打印"), w.onPrint)
	w.print.Importance = widget.HighImportance
	w.root = container.NewBorder(nil, nil, nil, w.print, w.message)
	w.root.Hide()
	return w
}

// check asks the store for receipts issued but never printed and shows
// or hides the warning.
func (w *unprintedReceipts) check() {
	var list []forms.Receipt
	w.app.async(func(ctx context.Context) error {
		var err error
		list, err = w.st.UnprintedReceipts(ctx)
		return err
	}, func() { w.show(list) })
}

// show names the receipts (number, payer, time) in the warning, or hides
// it when there are none.
func (w *unprintedReceipts) show(list []forms.Receipt) {
	w.receipts = list
	if len(list) == 0 {
		w.root.Hide()
		return
	}
	var names []string
	for i, r := range list {
		if i == unprintedShown {
			names = append(names, Tf("等共%d张", len(list)))
			break
		}
		names = append(names, Tf("%s（%s，%s）", r.Number, r.PayerName, r.IssuedAt.Local().Format("2006-01-02 15:04")))
	}
	w.message.SetText(T("以下收据已开出但从未打印（打印没有成功，或程序意外退出）：") + strings.Join(names, "、") +
		T("。请点“打印”补上，打出的是原件，不标补打。"))
	w.print.Enable()
	w.root.Show()
}

// onPrint prints every listed receipt, as one PDF, with its case's
// customer and service, then checks again.
func (w *unprintedReceipts) onPrint() {
	list := append([]forms.Receipt(nil), w.receipts...)
	if len(list) == 0 {
		return
	}
	type parts struct {
		kase     *forms.Case
		customer *forms.Customer
		service  *forms.Service
	}
	got := make([]parts, len(list))
	w.print.Disable()
	w.app.async(func(ctx context.Context) error {
		defer w.app.do(w.print.Enable)
		for i, r := range list {
			k, err := w.st.Case(ctx, r.CaseID)
			if err != nil {
				return err
			}
			c, err := w.st.Customer(ctx, k.CustomerID)
			if err != nil {
				return err
			}
			s, err := w.st.ServiceVersion(ctx, k.ServiceCode, k.ServiceVersion)
			if err != nil {
				return err
			}
			got[i] = parts{k, c, s}
		}
		return nil
	}, func() {
		var ps []*forms.Printout
		for i := range list {
			p := w.app.printout(forms.PrintReceipt)
			p.Receipt = &list[i]
			p.Case, p.Customer, p.Service = got[i].kase, got[i].customer, got[i].service
			ps = append(ps, p)
		}
		w.app.print(ps, receiptTexts(list), nil) // print asks again afterwards
	})
}
