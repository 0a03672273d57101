package forms

import (
	"strings"
	"testing"
	"time"
)

func feeDay(s string) time.Time {
	t, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestAddMonths(t *testing.T) {
	for _, c := range []struct {
		paid   string
		months int
		want   string
	}{
		{"2025-06-30", 12, "2026-06-30"},
		{"2024-02-29", 12, "2025-02-28"}, // leap day: the month's last day
		{"2023-02-28", 12, "2024-02-29"}, // last day of month stays last day
		{"2025-01-31", 1, "2025-02-28"},
		{"2025-02-28", 1, "2025-03-31"},
		{"2025-04-30", 1, "2025-05-31"},
		{"2025-01-30", 1, "2025-02-28"},
		{"2025-03-15", 24, "2027-03-15"},
	} {
		if got := FormatDate(AddMonths(feeDay(c.paid), c.months)); got != c.want {
			t.Errorf("AddMonths(%s, %d) = %s, want %s", c.paid, c.months, got, c.want)
		}
	}
}

func TestFeeTableDue(t *testing.T) {
	talent := &FeeTable{Rates: []FeeRate{{"2010-01-01", Yuan(300)}}}
	changed := &FeeTable{Rates: []FeeRate{{"2010-01-01", Yuan(300)}, {"2026-01-01", Yuan(360)}}}
	archive := &FeeTable{Rates: []FeeRate{{"2010-01-01", Yuan(120)}, {"2015-01-01", 0}}}
	monthly := &FeeTable{Rates: []FeeRate{{"2010-01-01", Yuan(500)}}, PartYear: PartYearMonths}
	for _, c := range []struct {
		name    string
		table   *FeeTable
		acct    FeeAccount
		months  int
		lines   []string
		through string
	}{
		{"one year", talent, FeeAccount{PaidThrough: feeDay("2025-06-30")}, 12,
			[]string{"人才储备费 2025-07-01 至 2026-06-30 · ¥300.00"}, "2026-06-30"},
		{"29 February", talent, FeeAccount{PaidThrough: feeDay("2024-02-29")}, 12,
			[]string{"人才储备费 2024-03-01 至 2025-02-28 · ¥300.00"}, "2025-02-28"},
		{"end of month", monthly, FeeAccount{PaidThrough: feeDay("2025-01-31")}, 1,
			[]string{"人才储备费 2025-02-01 至 2025-02-28 · ¥41.67"}, "2025-02-28"},
		{"whole months at rate/12 half up", monthly, FeeAccount{PaidThrough: feeDay("2025-02-28")}, 5,
			[]string{"人才储备费 2025-03-01 至 2025-07-31 · ¥208.33"}, "2025-07-31"},
		{"twelve months are the yearly rate", monthly, FeeAccount{PaidThrough: feeDay("2025-02-28")}, 12,
			[]string{"人才储备费 2025-03-01 至 2026-02-28 · ¥500.00"}, "2026-02-28"},
		{"rate change in the span", changed, FeeAccount{PaidThrough: feeDay("2024-12-31")}, 36,
			[]string{"人才储备费 2025-01-01 至 2025-12-31 · ¥300.00", "人才储备费 2026-01-01 至 2027-12-31 · ¥720.00"}, "2027-12-31"},
		{"rate change inside a year: the year at its first day's rate", changed, FeeAccount{PaidThrough: feeDay("2025-06-30")}, 24,
			[]string{"人才储备费 2025-07-01 至 2026-06-30 · ¥300.00", "人才储备费 2026-07-01 至 2027-06-30 · ¥360.00"}, "2027-06-30"},
		{"several overdue years", talent, FeeAccount{PaidThrough: feeDay("2021-06-30")}, 60,
			[]string{"人才储备费 2021-07-01 至 2026-06-30 · ¥1,500.00"}, "2026-06-30"},
		{"zero fee", archive, FeeAccount{PaidThrough: feeDay("2014-06-30")}, 24,
			[]string{"人才储备费 2014-07-01 至 2015-06-30 · ¥120.00", "人才储备费 2015-07-01 至 2016-06-30 · ¥0.00"}, "2016-06-30"},
		{"never paid: from member-since", talent, FeeAccount{MemberSince: feeDay("2025-03-01")}, 12,
			[]string{"人才储备费 2025-03-01 至 2026-02-28 · ¥300.00"}, "2026-02-28"},
		{"member who left, whole years: the months begun up to leaving, nothing after", talent, FeeAccount{PaidThrough: feeDay("2024-06-30"), MemberUntil: feeDay("2025-09-15")}, 36,
			[]string{"人才储备费 2024-07-01 至 2025-09-15 · ¥375.00"}, "2025-09-15"},
		{"member who left, 25 months begun under whole years: ¥625, not a third year they did not stay", talent, FeeAccount{PaidThrough: feeDay("2023-06-30"), MemberUntil: feeDay("2025-07-15")}, 36,
			[]string{"人才储备费 2023-07-01 至 2025-07-15 · ¥625.00"}, "2025-07-15"},
		{"member who left, months allowed: the months begun", monthly, FeeAccount{PaidThrough: feeDay("2024-06-30"), MemberUntil: feeDay("2025-09-15")}, 36,
			[]string{"人才储备费 2024-07-01 至 2025-09-15 · ¥625.00"}, "2025-09-15"},
		{"rejoined: nothing for the years away", talent, FeeAccount{PaidThrough: feeDay("2020-02-29"), MemberSince: feeDay("2026-11-23")}, 12,
			[]string{"人才储备费 2026-11-23 至 2027-11-22 · ¥300.00"}, "2027-11-22"},
		{"paid-through after member-since: from paid-through", talent, FeeAccount{PaidThrough: feeDay("2025-06-30"), MemberSince: feeDay("2015-03-01")}, 12,
			[]string{"人才储备费 2025-07-01 至 2026-06-30 · ¥300.00"}, "2026-06-30"},
		{"future paid-through: pay ahead", talent, FeeAccount{PaidThrough: feeDay("2030-06-30")}, 12,
			[]string{"人才储备费 2030-07-01 至 2031-06-30 · ¥300.00"}, "2031-06-30"},
	} {
		t.Run(c.name, func(t *testing.T) {
			lines, through, err := c.table.Due("人才储备费", c.acct, c.months)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, l := range lines {
				got = append(got, l.String())
			}
			if strings.Join(got, "\n") != strings.Join(c.lines, "\n") {
				t.Errorf("lines =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(c.lines, "\n"))
			}
			if FormatDate(through) != c.through {
				t.Errorf("paid through = %s, want %s", FormatDate(through), c.through)
			}
		})
	}
}

func TestFeeTableDueRefused(t *testing.T) {
	talent := &FeeTable{Rates: []FeeRate{{"2010-01-01", Yuan(300)}}}
	for _, c := range []struct {
		name   string
		acct   FeeAccount
		months int
		want   string
	}{
		{"zero years", FeeAccount{PaidThrough: feeDay("2025-06-30")}, 0, "请填写续费的年数（或月数），至少1年"},
		{"months under the whole-years rule", FeeAccount{PaidThrough: feeDay("2025-06-30")}, 6, "只能按整年缴纳"},
		{"5 months under the whole-years rule names the real fix", FeeAccount{PaidThrough: feeDay("2025-06-30")}, 5, "请把“另加月数”改为0、只续整年，或取消勾选“人才储备费”"},
		{"no date to count from", FeeAccount{}, 12, "没有缴费截止日期，也没有入户日期"},
		{"before the first rate", FeeAccount{PaidThrough: feeDay("2008-12-31")}, 12, "2009-01-01还没有收费标准"},
		{"paid past the until date", FeeAccount{PaidThrough: feeDay("2025-12-31"), MemberUntil: feeDay("2025-09-15")}, 12, "已于2025-09-15迁出集体户（或档案已转出）"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := talent.Due("人才储备费", c.acct, c.months)
			if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), c.want) {
				t.Fatalf("err = %v, want EINVALID containing %q", err, c.want)
			}
			if strings.Contains(ErrorMessage(err), "12的倍数") {
				t.Errorf("message asks for a multiple of 12 months, which 另加月数 (0–11) cannot take: %s", ErrorMessage(err))
			}
		})
	}
}

func TestOverdue(t *testing.T) {
	talent := &FeeTable{Rates: []FeeRate{{"2010-01-01", Yuan(300)}}}
	archive := &FeeTable{Rates: []FeeRate{{"2010-01-01", Yuan(120)}, {"2015-01-01", 0}}}
	again := &FeeTable{Rates: []FeeRate{{"2010-01-01", Yuan(120)}, {"2015-01-01", 0}, {"2025-01-01", Yuan(60)}}}
	today := feeDay("2026-11-30")
	for _, c := range []struct {
		name  string
		table *FeeTable
		acct  FeeAccount
		since string
		units int
	}{
		{"overdue several years", talent, FeeAccount{PaidThrough: feeDay("2023-06-30")}, "2023-07-01", 4},
		{"paid ahead", talent, FeeAccount{PaidThrough: feeDay("2027-06-30")}, "", 0},
		{"paid exactly to today", talent, FeeAccount{PaidThrough: today}, "", 0},
		{"left: counted to the until date", talent, FeeAccount{PaidThrough: feeDay("2023-06-30"), MemberUntil: feeDay("2024-01-10")}, "2023-07-01", 1},
		{"left after paying through", talent, FeeAccount{PaidThrough: feeDay("2024-06-30"), MemberUntil: feeDay("2024-01-10")}, "", 0},
		{"talent paid to 2019-02-28: 8 years cover today", talent, FeeAccount{PaidThrough: feeDay("2019-02-28")}, "2019-03-01", 8},
		{"¥0 since 2015, paid to 2014-12-31: nothing owed", archive, FeeAccount{PaidThrough: feeDay("2014-12-31")}, "", 0},
		{"¥0 after a paid stretch: only the money years count", archive, FeeAccount{PaidThrough: feeDay("2013-06-30")}, "2013-07-01", 2},
		{"¥0 then money again: overdue from the money rate", again, FeeAccount{PaidThrough: feeDay("2014-12-31")}, "2025-01-01", 12},
		{"rejoined 2026-11-23 after paying to 2020-02-29", talent, FeeAccount{PaidThrough: feeDay("2020-02-29"), MemberSince: feeDay("2026-11-23")}, "2026-11-23", 1},
		{"rejoined after today", talent, FeeAccount{PaidThrough: feeDay("2020-02-29"), MemberSince: feeDay("2026-12-01")}, "", 0},
	} {
		since, ok := c.table.OverdueSince(c.acct, today)
		if got := FormatDate(since); got != c.since || ok != (c.since != "") {
			t.Errorf("%s: overdue since %q (%v), want %q", c.name, got, ok, c.since)
		}
		if got := c.table.OverdueUnits(c.acct, today); got != c.units {
			t.Errorf("%s: overdue units %d, want %d", c.name, got, c.units)
		}
	}
}

func TestFeeTableValidate(t *testing.T) {
	for _, c := range []struct {
		name  string
		table *FeeTable
		want  string
	}{
		{"none", nil, "缺少收费标准"},
		{"empty", &FeeTable{}, "缺少收费标准"},
		{"bad date", &FeeTable{Rates: []FeeRate{{"2025-02-30", 1}}}, "生效日期“2025-02-30”不正确"},
		{"out of order", &FeeTable{Rates: []FeeRate{{"2025-01-01", 1}, {"2020-01-01", 1}}}, "从早到晚排列"},
		{"negative", &FeeTable{Rates: []FeeRate{{"2025-01-01", -1}}}, "不能为负数"},
		{"rule", &FeeTable{Rates: []FeeRate{{"2025-01-01", 1}}, PartYear: "days"}, "不足一年规则“days”不认识"},
	} {
		err := c.table.Validate("人才储备费")
		if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), c.want) {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
		}
	}
	ok := &FeeTable{Rates: []FeeRate{{"2010-01-01", Yuan(120)}, {"2015-01-01", 0}}, PartYear: PartYearMonths}
	if err := ok.Validate("档案保管费"); err != nil {
		t.Errorf("valid table refused: %v", err)
	}
}

func TestCatalogueScheduledFees(t *testing.T) {
	s := Service{Code: "renew", Name: "续费", Fees: []Fee{{ID: "t", Name: "人才储备费", Kind: KindFee, Schedule: ScheduleTalent}}}
	if err := s.Validate(); ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), "缺少收费标准") {
		t.Errorf("scheduled fee without a table: %v", err)
	}
	s.Fees[0].Schedule = "parking"
	s.Fees[0].Table = &FeeTable{Rates: []FeeRate{{"2010-01-01", 1}}}
	if err := s.Validate(); ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), "续费项目“parking”不认识") {
		t.Errorf("unknown schedule: %v", err)
	}
	s.Fees[0].Schedule = ""
	if err := s.Validate(); ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), "没有写明续的是哪项费用") {
		t.Errorf("table without schedule: %v", err)
	}
	s.Fees[0].Schedule = ScheduleTalent
	if err := s.Validate(); err != nil || !s.Scheduled() {
		t.Errorf("valid renewal: %v, scheduled %v", err, s.Scheduled())
	}
}

// The archive fee stops on the day the archive left (转档); the talent
// fee runs on while the member stays.
func TestAccountArchiveLeft(t *testing.T) {
	c := &Customer{Member: true, MemberSince: feeDay("2020-07-01"), ArchivePaidThrough: feeDay("2024-06-30"),
		TalentPaidThrough: feeDay("2024-06-30"), ArchiveUntil: feeDay("2025-01-31")}
	table := &FeeTable{Rates: []FeeRate{{"2010-01-01", Yuan(120)}}}
	lines, through, err := table.Due("档案保管费", Account(c, ScheduleArchive), 24)
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 1 || lines[0].String() != "档案保管费 2024-07-01 至 2025-01-31 · ¥70.00" || FormatDate(through) != "2025-01-31" {
		t.Errorf("archive after it left: %v through %s", lines, FormatDate(through))
	}
	if a := Account(c, ScheduleTalent); !a.MemberUntil.IsZero() {
		t.Errorf("talent fee stopped with the archive: %+v", a)
	}
}
