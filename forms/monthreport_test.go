package forms

import (
	"strings"
	"testing"
	"time"
)

func TestDaysInMonth(t *testing.T) {
	for _, tc := range []struct {
		year  int
		month time.Month
		want  int
	}{
		{2026, time.January, 31},
		{2026, time.February, 28},
		{2024, time.February, 29}, // every fourth year
		{2000, time.February, 29}, // a century divisible by 400
		{2100, time.February, 28}, // a century that is not
		{2028, time.February, 29},
		{2026, time.April, 30},
		{2026, time.June, 30},
		{2026, time.September, 30},
		{2026, time.November, 30},
		{2026, time.July, 31},
		{2026, time.August, 31},
		{2026, time.December, 31}, // month 13 rolls into the next year
	} {
		if got := DaysInMonth(tc.year, tc.month); got != tc.want {
			t.Errorf("DaysInMonth(%d, %d) = %d, want %d", tc.year, tc.month, got, tc.want)
		}
		if got := MonthLastDay(tc.year, tc.month); got.Day() != tc.want || got.Month() != tc.month || got.Year() != tc.year {
			t.Errorf("MonthLastDay(%d, %d) = %s", tc.year, tc.month, got)
		}
		if got := MonthEnd(tc.year, tc.month).Sub(MonthStart(tc.year, tc.month)); DaysBetween(MonthStart(tc.year, tc.month), MonthEnd(tc.year, tc.month)) != tc.want {
			t.Errorf("MonthEnd-MonthStart of %d-%d = %s, want %d days", tc.year, tc.month, got, tc.want)
		}
	}
	if got := MonthEnd(2026, time.December); got.Year() != 2027 || got.Month() != time.January || got.Day() != 1 {
		t.Errorf("MonthEnd(2026, December) = %s, want 2027-01-01", got)
	}
}

func TestCheckMonth(t *testing.T) {
	today := time.Date(2026, 11, 23, 10, 0, 0, 0, time.Local)
	for _, tc := range []struct {
		name  string
		year  int
		month time.Month
		want  string // "" for accepted, else part of the message
	}{
		{"this month", 2026, time.November, ""},
		{"last month", 2026, time.October, ""},
		{"an old leap February", 2024, time.February, ""},
		{"the first year", MonthReportFirstYear, time.January, ""},
		{"next month", 2026, time.December, "2026年12月还没有开始"},
		{"next year", 2027, time.January, "请选择本月（2026年11月）或以前的月份"},
		{"month 0", 2026, 0, "月份“0”无效"},
		{"month 13", 2026, 13, "请选择1到12月"},
		{"year too early", 1999, time.May, "年份“1999”无效"},
		{"year too late", 2101, time.May, "请选择2000到2100之间的年份"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckMonth(tc.year, tc.month, today)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), tc.want) {
				t.Fatalf("got %v, want EINVALID with %q", err, tc.want)
			}
		})
	}
}

func TestNewMonthReport(t *testing.T) {
	st := Station{BranchCode: "QB", Number: 1}
	for _, tc := range []struct {
		name      string
		year      int
		month     time.Month
		today     time.Time
		days      int
		asOf      string
		running   bool
		wantStems string
	}{
		{"a past leap February", 2024, time.February, time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local), 29, "2024-02-29", false, "月报_QB01_2024-02"},
		{"a past February", 2026, time.February, time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local), 28, "2026-02-28", false, "月报_QB01_2026-02"},
		{"the running month", 2026, time.November, time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local), 30, "2026-11-23", true, "月报_QB01_2026-11"},
		{"its last day", 2026, time.November, time.Date(2026, 11, 30, 23, 0, 0, 0, time.Local), 30, "2026-11-30", false, "月报_QB01_2026-11"},
		{"December", 2025, time.December, time.Date(2026, 1, 2, 9, 0, 0, 0, time.Local), 31, "2025-12-31", false, "月报_QB01_2025-12"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := NewMonthReport(st, tc.year, tc.month, tc.today)
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Days) != tc.days {
				t.Fatalf("%d days, want %d", len(r.Days), tc.days)
			}
			for i, d := range r.Days {
				if d.Day.Day() != i+1 || d.Day.Month() != tc.month || d.Day.Year() != tc.year || d.Day.Hour() != 0 {
					t.Fatalf("day %d is %s", i, d.Day)
				}
			}
			if got := FormatDate(r.AsOf); got != tc.asOf {
				t.Errorf("AsOf %s, want %s", got, tc.asOf)
			}
			if r.Running() != tc.running {
				t.Errorf("Running() = %v, want %v", r.Running(), tc.running)
			}
			if r.FileStem() != tc.wantStems {
				t.Errorf("FileStem() = %q, want %q", r.FileStem(), tc.wantStems)
			}
		})
	}
	if _, err := NewMonthReport(st, 2026, time.December, time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local)); ErrorCode(err) != EINVALID {
		t.Fatalf("a month to come gave %v", err)
	}
}

// Finish adds the days into the month and counts the deposits held; days
// without receipts stay zero.
func TestMonthReport_Finish(t *testing.T) {
	r, err := NewMonthReport(Station{BranchCode: "QB", Number: 1}, 2024, time.February, time.Date(2026, 1, 1, 0, 0, 0, 0, time.Local))
	if err != nil {
		t.Fatal(err)
	}
	day := func(i int, cash, card Money, refundCash Money) {
		from := r.Days[i].Day
		rs := []Receipt{
			{IssuedAt: from.Add(9 * time.Hour), Total: cash, Payment: Payment{Method: PayCash}, ClerkName: "李",
				Lines: []ReceiptLine{{Text: "档案保管费", Amount: cash, Kind: KindFee}}},
			{IssuedAt: from.Add(10 * time.Hour), Total: card, Payment: Payment{Method: PayCard}, ClerkName: "王",
				Lines: []ReceiptLine{{Text: "户籍卡保障金", Amount: card, Kind: KindDeposit}}},
		}
		ds := []Deposit{{Amount: refundCash, State: DepositRefunded, RefundMethod: PayCash, ClosedBy: "李", ClosedAt: from.Add(11 * time.Hour)}}
		r.Days[i].Totals = ComputeTotals(from, from.AddDate(0, 0, 1), rs, ds)
	}
	day(0, 10000, 60000, 60000)
	day(28, 25050, 60000, 0) // the leap day
	r.Held = []Deposit{{Amount: 60000}, {Amount: 50000}, {Amount: 1}}
	r.Finish()
	if got := r.Totals.Received[PayCash]; got != 35050 {
		t.Errorf("month cash received %s, want ¥350.50", got)
	}
	if got := r.Totals.Cash(); got != 35050-60000 {
		t.Errorf("month cash %s, want -¥249.50", got)
	}
	if got := r.Totals.DepositsTaken; got != 120000 {
		t.Errorf("deposits taken %s", got)
	}
	if r.Totals.Receipts != 4 {
		t.Errorf("receipts %d, want 4", r.Totals.Receipts)
	}
	if r.Days[1].Totals.TotalReceived() != 0 || r.Days[1].Totals.Receipts != 0 {
		t.Errorf("an empty day has totals %+v", r.Days[1].Totals)
	}
	if r.HeldCount != 3 || r.HeldTotal != 110001 {
		t.Errorf("held %d, %s", r.HeldCount, r.HeldTotal)
	}
	// Finish twice gives the same (a screen may refresh).
	r.Finish()
	if got := r.Totals.Received[PayCash]; got != 35050 {
		t.Errorf("Finish twice: month cash received %s", got)
	}
}
