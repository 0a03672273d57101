package ui

import (
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// paymentMethodOf returns the method whose label the radio group shows;
// "" when none is chosen.
func paymentMethodOf(label string) forms.PaymentMethod {
	for _, m := range forms.PaymentMethods {
		if T(m.Label()) == label {
			return m
		}
	}
	return ""
}

// bindReference ties a payment form's 交易单号 entry to its 收款方式: the
// entry is enabled for a bank card or a mobile payment, and cleared and
// disabled for cash, which has no transaction reference (it stayed
// editable, and a number typed there went onto the cash receipt). It keeps
// the group's own OnChanged and applies the current choice at once.
func bindReference(method *widget.RadioGroup, ref *widget.Entry) {
	hint := ref.PlaceHolder
	apply := func(label string) {
		if paymentMethodOf(label).TakesReference() {
			ref.SetPlaceHolder(hint)
			ref.Enable()
			return
		}
		ref.SetText("")
		ref.SetPlaceHolder(T("现金无交易单号"))
		ref.Disable()
	}
	prev := method.OnChanged
	method.OnChanged = func(label string) {
		if prev != nil {
			prev(label)
		}
		apply(label)
	}
	apply(method.Selected)
}
