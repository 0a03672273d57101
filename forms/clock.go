package forms

import "time"

// ClockTolerance is how far the PC clock may run behind the newest record
// before receipts need a supervisor's confirmation: clocks are corrected by
// seconds now and then, but a clock a day or a year behind would print the
// wrong date or year on receipts.
const ClockTolerance = 10 * time.Minute

// ClockStatus compares the PC clock with the newest thing recorded.
type ClockStatus struct {
	Now       time.Time
	Newest    time.Time // the newest record's time; zero on an empty station
	Confirmed bool      // a supervisor confirmed the clock for this Newest
}

// Behind reports whether the clock is earlier than the newest record by
// more than the tolerance.
func (c ClockStatus) Behind() bool {
	return !c.Newest.IsZero() && c.Now.Before(c.Newest.Add(-ClockTolerance))
}

// Blocks reports whether receipts must wait for a supervisor's
// confirmation.
func (c ClockStatus) Blocks() bool { return c.Behind() && !c.Confirmed }

// Message tells the clerk what is wrong and what to do.
func (c ClockStatus) Message() string {
	return "电脑时间（" + c.Now.Local().Format("2006-01-02 15:04") + "）早于本机最近一条记录的时间（" +
		c.Newest.Local().Format("2006-01-02 15:04") + "），收据会印上错误的日期或年份。" +
		"请先核对并改正电脑的日期和时间；确认电脑时间无误的，须由主管确认后才能开收据。"
}

// KeyClockBehind is the message key of the error a receipt gets while the
// clock is behind and unconfirmed.
const KeyClockBehind = "clock_behind"
