package store

import (
	"context"
	"slices"
	"testing"
)

// TestDB_SearchCustomers_SyllableSeparator: xi'an is the syllable xi, then
// one beginning an (issue 16): it finds 习安 but not 夏宁 (xia ning),
// 向波飞 (xiang) or 李霞娜 (xia na), which xian finds.
func TestDB_SearchCustomers_SyllableSeparator(t *testing.T) {
	f := newFixture(t)
	for _, n := range []string{"习安", "西安娜", "夏宁", "向波飞", "李霞娜", "王芳"} {
		f.member(t, n)
	}
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"xi'an", []string{"习安", "西安娜"}},
		{"xi’an", []string{"习安", "西安娜"}}, // the typographic apostrophe
		{"Xi'An", []string{"习安", "西安娜"}},
		{"xi'an'na", []string{"西安娜"}},
		{"xi'", []string{"习安", "西安娜"}}, // a syllable ending after xi
		{"xia'n", []string{"夏宁", "李霞娜"}},
		{"xian", []string{"习安", "向波飞", "夏宁", "李霞娜", "西安娜"}},
		{"x'a", []string{"习安", "西安娜"}}, // initials: x, then a
		{"wang'fang", []string{"王芳"}},
		{"wan'gfang", nil},
	} {
		t.Run(tc.query, func(t *testing.T) {
			if got := sortedNames(searchNames(t, f.db, tc.query)); !slices.Equal(got, sortedNames(tc.want)) {
				t.Fatalf("SearchCustomers(%q) = %v, want %v", tc.query, got, tc.want)
			}
		})
	}
}

// TestDB_SearchCustomers_WholeNameFirst: the customers whose whole name
// (or a whole reading of it) is the query come first, then those whose
// name begins with it, then the rest, each in pinyin order (issue 16:
// wangfang listed 汪芳雪 and 王帆刚 before the 王芳s).
func TestDB_SearchCustomers_WholeNameFirst(t *testing.T) {
	f := newFixture(t)
	for _, n := range []string{"李王芳", "汪芳雪", "王帆刚", "王芳", "王芳雪", "王芳"} {
		f.member(t, n)
	}
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"wangfang", []string{"王芳", "王芳", "汪芳雪", "王帆刚", "王芳雪", "李王芳"}},
		{"Wang Fang", []string{"王芳", "王芳", "汪芳雪", "王帆刚", "王芳雪", "李王芳"}},
		{"wf", []string{"王芳", "王芳", "汪芳雪", "王帆刚", "王芳雪", "李王芳"}},
		{"王芳", []string{"王芳", "王芳", "王芳雪", "李王芳"}},
		{"fang", []string{"李王芳", "汪芳雪", "王帆刚", "王芳", "王芳", "王芳雪"}}, // no name begins with fang: pinyin order (fan-gang too)
	} {
		t.Run(tc.query, func(t *testing.T) {
			if got := searchNames(t, f.db, tc.query); !slices.Equal(got, tc.want) {
				t.Fatalf("SearchCustomers(%q) = %v, want %v", tc.query, got, tc.want)
			}
		})
	}
	// The limit keeps the best: the two 王芳s.
	cs, err := f.db.SearchCustomers(context.Background(), "wangfang", 2)
	must(t, err)
	if len(cs) != 2 || cs[0].Name != "王芳" || cs[1].Name != "王芳" {
		var names []string
		for _, c := range cs {
			names = append(names, c.Name)
		}
		t.Fatalf("SearchCustomers(wangfang, limit 2) = %v, want the two 王芳", names)
	}
}
