package forms

import (
	"strings"
	"testing"
)

func TestParseReplacement(t *testing.T) {
	for _, tc := range []struct {
		name, year, last string
		want             Replacement
		err              string
	}{
		{"sequence", "2026", "137", Replacement{2026, 137}, ""},
		{"whole number", "2026", "qb01-2026-000137", Replacement{2026, 137}, ""},
		{"full-width", "２０２６", "１３７", Replacement{2026, 137}, ""},
		{"none yet", "2026", "0", Replacement{2026, 0}, ""},
		{"other station", "2026", "QB02-2026-000137", Replacement{}, "属于窗口 QB02"},
		{"other year", "2026", "QB01-2025-000137", Replacement{}, "年份是 2025"},
		{"no year", "", "137", Replacement{}, "年份"},
		{"no number", "2026", "", Replacement{}, "填 0"},
		{"letters", "2026", "abc", Replacement{}, "不对"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseReplacement("QB01", tc.year, tc.last)
			if tc.err != "" {
				if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("= %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}
