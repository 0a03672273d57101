package forms

import (
	"strconv"
	"time"
)

// The years a month report may be asked for. A station's records start
// well after the first and a typing error gives a year far outside them.
const (
	MonthReportFirstYear = 2000
	MonthReportLastYear  = 2100
)

// MonthReport is the month for finance (月报) of one station: one row per
// calendar day with that day's totals exactly as the day-end report (日结)
// computes them, the month's totals (the days' totals added), and the
// deposits held at the end of the month — the reconciliation list finance
// checks against its books.
type MonthReport struct {
	Station Station
	Year    int
	Month   time.Month
	// AsOf is the day the list of deposits held stands on: the month's
	// last day, or today while the month is still running. Days
	// outstanding are counted to it.
	AsOf time.Time
	// MadeAt is when the report was read from the database.
	MadeAt time.Time
	// Days has one row per calendar day of the month, in order; a day
	// without receipts has zero totals.
	Days []MonthDay
	// Totals are the month's totals: the sum of the days' totals.
	Totals Totals
	// Held lists the deposits held at the end of the month (AsOf),
	// oldest first: taken on or before it and neither refunded nor
	// forfeited by then; voided deposits (their receipt was wrong) never
	// count. Deposits entered from paper receipts count like the others.
	Held      []Deposit
	HeldCount int   // len(Held)
	HeldTotal Money // the sum of Held's amounts
}

// MonthDay is one day of a MonthReport.
type MonthDay struct {
	Day    time.Time // local midnight
	Totals Totals    // the day-end report's totals of the day
	// Checked records that a supervisor marked the day-end report
	// checked, by whom and when.
	Checked   bool
	CheckedBy string
	CheckedAt time.Time
}

// DaysInMonth returns how many days the month has: 28 to 31, February
// having 29 in leap years (every fourth year, but not centuries other than
// every fourth one: 2000 had 29 days, 2100 will have 28).
func DaysInMonth(year int, month time.Month) int {
	// Day 0 of the next month is the last day of this one; time.Date
	// normalises month 13 into January of the next year.
	return time.Date(year, month+1, 0, 12, 0, 0, 0, time.UTC).Day()
}

// MonthStart returns local midnight of the first day of the month.
func MonthStart(year int, month time.Month) time.Time {
	return time.Date(year, month, 1, 0, 0, 0, 0, time.Local)
}

// MonthEnd returns the instant the month ends: local midnight of the first
// day of the next month. Everything at or after it belongs to a later
// month.
func MonthEnd(year int, month time.Month) time.Time {
	return time.Date(year, month+1, 1, 0, 0, 0, 0, time.Local)
}

// MonthLastDay returns local midnight of the month's last day.
func MonthLastDay(year int, month time.Month) time.Time {
	return time.Date(year, month, DaysInMonth(year, month), 0, 0, 0, 0, time.Local)
}

// MonthLabel returns the month as the clerk reads it: 2026年11月.
func MonthLabel(year int, month time.Month) string {
	return strconv.Itoa(year) + "年" + strconv.Itoa(int(month)) + "月"
}

// CheckMonth refuses a month a report cannot be made for: a month outside
// 1–12, a year outside MonthReportFirstYear–MonthReportLastYear, or a month
// that has not begun on today. The messages name the field and the fix.
func CheckMonth(year int, month time.Month, today time.Time) error {
	if year < MonthReportFirstYear || year > MonthReportLastYear {
		return Errorf(EINVALID, "年份“%d”无效：请选择%d到%d之间的年份", year, MonthReportFirstYear, MonthReportLastYear)
	}
	if month < time.January || month > time.December {
		return Errorf(EINVALID, "月份“%d”无效：请选择1到12月", int(month))
	}
	if MonthStart(year, month).After(Day(today)) {
		return Errorf(EINVALID, "%s还没有开始，没有可统计的收款：请选择本月（%s）或以前的月份",
			MonthLabel(year, month), MonthLabel(today.Year(), today.Month()))
	}
	return nil
}

// NewMonthReport starts the report of a month on the day today: the month
// checked (CheckMonth), one row per day with zero totals, and AsOf. The
// store fills in the days' totals and the deposits held, then calls Finish.
func NewMonthReport(st Station, year int, month time.Month, today time.Time) (*MonthReport, error) {
	if err := CheckMonth(year, month, today); err != nil {
		return nil, err
	}
	r := &MonthReport{Station: st, Year: year, Month: month, AsOf: MonthLastDay(year, month)}
	if t := Day(today); t.Before(r.AsOf) {
		r.AsOf = t
	}
	n := DaysInMonth(year, month)
	r.Days = make([]MonthDay, n)
	for i := range r.Days {
		r.Days[i].Day = time.Date(year, month, i+1, 0, 0, 0, 0, time.Local)
	}
	return r, nil
}

// Finish adds the days' totals into the month's and counts the deposits
// held and their total.
func (r *MonthReport) Finish() {
	r.Totals = Totals{}
	for i := range r.Days {
		r.Totals.Add(r.Days[i].Totals)
	}
	r.HeldCount, r.HeldTotal = len(r.Held), 0
	for i := range r.Held {
		r.HeldTotal += r.Held[i].Amount
	}
}

// DaysHeld returns how many days the deposit had been held on AsOf.
func (r *MonthReport) DaysHeld(d *Deposit) int { return d.DaysOutstanding(r.AsOf) }

// Running reports whether the month is not over on AsOf: the report is the
// month so far.
func (r *MonthReport) Running() bool { return !r.AsOf.Equal(MonthLastDay(r.Year, r.Month)) }

// CheckedDays counts the days whose day-end report a supervisor checked.
func (r *MonthReport) CheckedDays() int {
	n := 0
	for i := range r.Days {
		if r.Days[i].Checked {
			n++
		}
	}
	return n
}

// Label returns the month as the clerk reads it, e.g. 2026年11月.
func (r *MonthReport) Label() string { return MonthLabel(r.Year, r.Month) }

// FileStem returns a file-name stem for the report's PDF or workbook, e.g.
// "月报_QB01_2026-11", "练习_月报_XL01_2026-11" on a training station; it
// holds no personal data.
func (r *MonthReport) FileStem() string {
	m := strconv.Itoa(int(r.Month))
	if r.Month < 10 {
		m = "0" + m
	}
	stem := "月报_" + r.Station.Code() + "_" + strconv.Itoa(r.Year) + "-" + m
	if r.Station.Training {
		stem = "练习_" + stem
	}
	return stem
}
