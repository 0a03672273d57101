package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// conflictDialog tells the clerk why a case cannot be opened beside an open
// one (a second settlement, 转户 while the card is out) and offers the ways
// on the refusal names: open that case, or go to the refund desk on its
// deposit. What is offered is the catalogue's data (forms.Block.Ways), so
// this dialog knows no service by its code.
type conflictDialog struct {
	message *wrappedText
	ways    []*widget.Button
	back    *widget.Button
	dialog  dialog.Dialog
}

// conflictWidth is the dialog's width: a message of three or four lines,
// well inside 1280×720.
const conflictWidth = 600

// showConflict shows the refusal c over the customer screen.
func (s *customerScreen) showConflict(c *forms.Conflict) *conflictDialog {
	d := &conflictDialog{message: newWrappedText(c.Message())} // wraps by 禁则
	open := c.Case.ID
	receipt := c.DepositReceipt
	for _, w := range c.Ways {
		var b *widget.Button
		switch w {
		case forms.WayOpenCase:
			b = widget.NewButton(T(w.Label()), func() {
				d.dialog.Hide()
				s.showCase(open)
			})
		case forms.WayRefundDesk:
			if receipt == "" {
				continue // nothing held: the refund desk has nothing to do
			}
			b = widget.NewButton(T(w.Label()), func() {
				d.dialog.Hide()
				s.goToRefundDesk(receipt)
			})
		default:
			continue
		}
		if len(d.ways) == 0 {
			b.Importance = widget.HighImportance
		}
		d.ways = append(d.ways, b)
	}
	d.back = widget.NewButton(T("返回"), func() { d.dialog.Hide() })
	buttons := container.NewHBox()
	for _, b := range d.ways {
		buttons.Add(b)
	}
	buttons.Add(d.back)
	// The label wraps to the dialog's width; a fixed-width spacer gives the
	// dialog that width, so its height is the wrapped text's.
	width := canvas.NewRectangle(color.Transparent)
	width.SetMinSize(fyne.NewSize(conflictWidth, 0))
	d.dialog = dialog.NewCustomWithoutButtons(T("不能办理"), container.NewVBox(width, d.message, buttons), s.app.win)
	d.dialog.Show()
	// Shown, the label has wrapped at the dialog's width: fit the height to
	// the wrapped text, so the buttons stay inside the dialog.
	d.dialog.Resize(d.dialog.MinSize())
	return d
}

// goToRefundDesk switches to the refund desk (保障金退还) with the deposit
// of the receipt number found, so the clerk can refund it when the card is
// back.
func (s *customerScreen) goToRefundDesk(receipt string) {
	h := s.app.home
	for _, item := range h.tabs.Items {
		if item.Content == h.deposits.root {
			h.tabs.Select(item)
			break
		}
	}
	h.deposits.search.SetText(receipt)
}
