package forms

import "time"

// ComplaintQuery selects complaints from the register (投诉登记):
// OpenOnly keeps those not closed; CustomerID keeps one customer's; Year
// and Month (both set) keep those received in that month (local time).
// It lives in forms so the screens, which may not import the store, can
// name it in the interfaces they declare (the store aliases it).
type ComplaintQuery struct {
	OpenOnly   bool
	CustomerID string
	Year       int
	Month      time.Month
}
