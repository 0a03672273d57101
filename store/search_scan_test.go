package store

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"testing"

	"counterdesk/forms"

	"github.com/google/uuid"
)

// TestSearchPlan_Scan pins how many customers each term or range of a
// search reads (issue 17: a one-character query at the customer screen's
// limit of 200 read 1,000 candidates, 31.6–56 ms on a 300,028-customer
// station): a one-character name or letter reads limit+1 (at least 200),
// everything else max(5×limit, 1000).
func TestSearchPlan_Scan(t *testing.T) {
	for _, tc := range []struct {
		query string
		limit int
		want  int
	}{
		{"芳", 200, 201},
		{"芳", 50, 200},
		{"芳", 1000, 1001},
		{" 芳 ", 200, 201},
		{"w", 200, 201},
		{"W", 20, 200},
		{"王芳", 200, 1000},
		{"王芳", 50, 1000},
		{"王芳", 300, 1500},
		{"wf", 200, 1000},
		{"1234", 200, 1000},
		{"13800001111", 200, 1000},
	} {
		if got := planSearch(tc.query).scan(tc.limit); got != tc.want {
			t.Errorf("planSearch(%q).scan(%d) = %d, want %d", tc.query, tc.limit, got, tc.want)
		}
	}
}

// TestDB_SearchCustomers_OneCharacterReadsLimitPlusOne: on a station with
// more customers holding 芳 than the limit, a one-character search returns
// the limit (the screen then says 找到200位以上客户) chosen among the first
// limit+1 customers of the index only, in rank and pinyin order; a
// two-character query still ranks every match it reads. Before issue 17's
// fix the one-character search ranked 1,000 candidates, so it returned
// the pinyin-first 200 of all 450 here.
func TestDB_SearchCustomers_OneCharacterReadsLimitPlusOne(t *testing.T) {
	db := mustOpenDB(t)
	ctx := context.Background()
	surnames := []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
	tx, err := db.begin(ctx)
	must(t, err)
	ins, err := tx.PrepareContext(ctx, `INSERT INTO customers (id, name, gender, id_kind, id_number, mobile, member,
		created_at, updated_at, name_sort) VALUES (?, ?, '', ?, ?, ?, 1, ?, ?, ?)`)
	must(t, err)
	const n = 450
	for i := range n {
		c := &forms.Customer{ID: uuid.NewString(), IDKind: forms.IDResident,
			IDNumber: testID("510113", "19900101", i), Mobile: fmt.Sprintf("139%08d", i)}
		// Every third name holds 芳 twice: two index rows, one customer.
		c.Name = string(surnames[i%len(surnames)]) + "芳"
		if i%3 == 0 {
			c.Name += "芳"
		}
		_, err := ins.ExecContext(ctx, c.ID, c.Name, string(c.IDKind), c.IDNumber, c.Mobile,
			ts(testStart), ts(testStart), nameSortKey(c.Name))
		must(t, err)
		must(t, writeTerms(ctx, tx, c.ID, nil, customerTerms(c)))
	}
	must(t, tx.commit())

	// The first limit+1 customers of the range n:芳 in term order.
	first := func(limit int) map[string]bool {
		rows, err := db.db.QueryContext(ctx, `SELECT DISTINCT customer_id FROM customer_terms
			WHERE term >= 'n:芳' AND term < ? LIMIT ?`, "n:芳\U0010FFFF", limit+1)
		must(t, err)
		defer rows.Close()
		ids := map[string]bool{}
		for rows.Next() {
			var id string
			must(t, rows.Scan(&id))
			ids[id] = true
		}
		must(t, rows.Err())
		return ids
	}
	for _, limit := range []int{200, 300} {
		cs, err := db.SearchCustomers(ctx, "芳", limit)
		must(t, err)
		if len(cs) != limit {
			t.Fatalf("SearchCustomers(芳, %d) gave %d customers, want the limit", limit, len(cs))
		}
		read := first(limit)
		for _, c := range cs {
			if !read[c.ID] {
				t.Fatalf("SearchCustomers(芳, %d) returned %s (%s), not among the first %d customers of the index",
					limit, c.Name, c.ID, limit+1)
			}
		}
		if !slices.IsSortedFunc(cs, func(a, b forms.Customer) int { return bytes.Compare(nameSortKey(a.Name), nameSortKey(b.Name)) }) {
			t.Fatalf("SearchCustomers(芳, %d) not in pinyin order", limit)
		}
	}
	// A limit above the matches finds them all.
	cs, err := db.SearchCustomers(ctx, "芳", 1000)
	must(t, err)
	if len(cs) != n {
		t.Fatalf("SearchCustomers(芳, 1000) gave %d customers, want all %d", len(cs), n)
	}
}
