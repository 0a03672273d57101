package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestSampleCount_UsesCompletedIndex proves with EXPLAIN QUERY PLAN that
// the sampled follow-ups' count of a service's completed cases reads the
// partial covering index of 0021 (only the service's completed cases'
// entries), not every case of the service through cases_service_version
// with a row read each for its status, as it did before.
func TestSampleCount_UsesCompletedIndex(t *testing.T) {
	f := newFixture(t)
	rows, err := f.db.db.Query("EXPLAIN QUERY PLAN "+completedOfServiceSQL, "certificate")
	must(t, err)
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, notUsed int
		var detail string
		must(t, rows.Scan(&id, &parent, &notUsed, &detail))
		plan = append(plan, detail)
	}
	must(t, rows.Err())
	if len(plan) != 1 || !strings.Contains(plan[0], "COVERING INDEX cases_completed_service") {
		t.Fatalf("plan of the sample count = %q, want a search of the covering index cases_completed_service", plan)
	}
}

// cloneCases adds n copies of the case id to the database (new ids and
// numbers, the given service and status), straight in SQL: a large station
// for the benchmark without completing n cases one by one.
func cloneCases(tb testing.TB, db *DB, id, service, status string, n int) {
	tb.Helper()
	rows, err := db.db.Query("SELECT name FROM pragma_table_info('cases')")
	must(tb, err)
	var cols, exprs []string
	for rows.Next() {
		var c string
		must(tb, rows.Scan(&c))
		cols = append(cols, c)
		switch c {
		case "id":
			exprs = append(exprs, fmt.Sprintf("'%s-' || x", service+status))
		case "number":
			exprs = append(exprs, fmt.Sprintf("number || '-%s-' || x", service+status))
		case "service_code":
			exprs = append(exprs, "'"+service+"'")
		case "status":
			exprs = append(exprs, "'"+status+"'")
		default:
			exprs = append(exprs, c)
		}
	}
	rows.Close()
	_, err = db.db.Exec(fmt.Sprintf(`WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < %d)
		INSERT INTO cases (%s) SELECT %s FROM cases, n WHERE cases.id = ?`,
		n, strings.Join(cols, ", "), strings.Join(exprs, ", ")), id)
	must(tb, err)
}

// BenchmarkSampleCount times the count run when a case of a sampled
// service is completed, at a station of 300 000 cases: 150 000 completed
// of the sampled service, 100 000 of it not completed (waiting, accepted,
// cancelled) and 50 000 of another service.
func BenchmarkSampleCount(b *testing.B) {
	ctx := context.Background()
	f := newFixture(b)
	cust := f.member(b, "抽样基准")
	c, _, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "certificate")
	must(b, err)
	cloneCases(b, f.db, c.ID, "certificate", "completed", 150000)
	cloneCases(b, f.db, c.ID, "certificate", "accepted", 100000)
	cloneCases(b, f.db, c.ID, "borrow_card", "completed", 50000)
	b.ResetTimer()
	for b.Loop() {
		var k int
		must(b, f.db.db.QueryRowContext(ctx, completedOfServiceSQL, "certificate").Scan(&k))
		if k != 150000 {
			b.Fatalf("count = %d", k)
		}
	}
}
