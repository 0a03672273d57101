package forms

import (
	"strings"
	"testing"
	"time"
)

// TestParseDate_Table checks the date parser's answers, and that a refused
// date is quoted whole in its message (the 日结 screen said 日期“a” for abc).
func TestParseDate_Table(t *testing.T) {
	for _, c := range []struct {
		in   string
		want time.Time // zero: refused
		msg  string    // part of the refusal
	}{
		{in: "abc", msg: "日期“abc”格式不正确"},
		{in: "2026-13-01", msg: "日期“2026-13-01”不存在"},
		{in: "2026-02-30", msg: "日期“2026-02-30”不存在"},
		{in: "2026-11", msg: "日期“2026-11”格式不正确"},
		{in: "", msg: "请填写日期"},
		{in: "２０２６-１１-３０", want: time.Date(2026, 11, 30, 0, 0, 0, 0, time.Local)},
		{in: "２０２６－１１－３０", want: time.Date(2026, 11, 30, 0, 0, 0, 0, time.Local)},
		{in: "2026年11月30日", want: time.Date(2026, 11, 30, 0, 0, 0, 0, time.Local)},
		{in: " 2026/11/30 ", want: time.Date(2026, 11, 30, 0, 0, 0, 0, time.Local)},
		{in: "20261130", want: time.Date(2026, 11, 30, 0, 0, 0, 0, time.Local)},
	} {
		got, err := ParseDate(c.in)
		if c.want.IsZero() {
			if err == nil || ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), c.msg) {
				t.Errorf("ParseDate(%q) = %v, %v; want EINVALID with %q", c.in, got, err, c.msg)
			}
			continue
		}
		if err != nil || !got.Equal(c.want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
}
