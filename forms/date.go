package forms

import (
	"strconv"
	"strings"
	"time"
)

// DateLayout is how dates are stored and shown: 2006-01-02.
const DateLayout = "2006-01-02"

// ParseDate reads a calendar date in local time. It accepts 2019-03-05,
// 2019/3/5, 2019.3.5, 2019年3月5日 and 20190305, and full-width digits.
func ParseDate(s string) (time.Time, error) {
	s = Normalize(s)
	if s == "" {
		return time.Time{}, Errorf(EINVALID, "请填写日期，格式如 2026-03-05")
	}
	r := strings.NewReplacer("/", "-", ".", "-", "年", "-", "月", "-", "日", "")
	t := r.Replace(s)
	if len(t) == 8 && !strings.Contains(t, "-") {
		t = t[:4] + "-" + t[4:6] + "-" + t[6:]
	}
	parts := strings.Split(t, "-")
	if len(parts) != 3 {
		return time.Time{}, Errorf(EINVALID, "日期“%s”格式不正确，请按 2026-03-05 的格式填写", s)
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil {
			return time.Time{}, Errorf(EINVALID, "日期“%s”格式不正确，请按 2026-03-05 的格式填写", s)
		}
		n[i] = v
	}
	d := time.Date(n[0], time.Month(n[1]), n[2], 0, 0, 0, 0, time.Local)
	if n[0] < 1900 || n[0] > 2200 || d.Month() != time.Month(n[1]) || d.Day() != n[2] {
		return time.Time{}, Errorf(EINVALID, "日期“%s”不存在，请核对年月日", s)
	}
	return d, nil
}

// Day returns the calendar day of t in local time, at midnight.
func Day(t time.Time) time.Time {
	t = t.In(time.Local)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.Local)
}

// DaysBetween counts calendar days from a to b (b later is positive),
// independent of daylight-saving shifts.
func DaysBetween(a, b time.Time) int {
	ua := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	ub := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	return int(ub.Sub(ua).Hours() / 24)
}

// FormatDate formats a date as 2006-01-02, or "" for the zero time.
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(DateLayout)
}

// FormatDateCN formats a date as 2026年3月5日, as printed documents write it.
func FormatDateCN(t time.Time) string {
	if t.IsZero() {
		return "____年__月__日"
	}
	return strconv.Itoa(t.Year()) + "年" + strconv.Itoa(int(t.Month())) + "月" + strconv.Itoa(t.Day()) + "日"
}

func itoa(n int) string { return strconv.Itoa(n) }
