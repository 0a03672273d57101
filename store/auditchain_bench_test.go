package store

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"
)

// BenchmarkVerifyAudit measures a whole verification (chain, receipts,
// triggers). By default it builds a station with 50,000 audit entries
// written through audit(); COUNTERDESK_BENCH_AUDIT_DB names a COPY of a
// large station instead (e.g. the bench station's counterdesk.db), which
// is opened — migrated and sealed if it is older, the time logged — and
// then verified.
//
//	COUNTERDESK_BENCH_AUDIT_DB=/tmp/copy/counterdesk.db go test ./store -run '^$' -bench VerifyAudit -benchtime 3x
func BenchmarkVerifyAudit(b *testing.B) {
	ctx := context.Background()
	var db *DB
	if path := os.Getenv("COUNTERDESK_BENCH_AUDIT_DB"); path != "" {
		start := time.Now()
		var err error
		db, err = OpenClock(ctx, path, time.Now)
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		b.Logf("open (migrations and seal included): %v", time.Since(start))
	} else {
		f := newFixture(b)
		db = f.db
		const n = 50000
		tx, err := db.begin(ctx)
		must(b, err)
		start := time.Now()
		for i := 0; i < n; i++ {
			if err := audit(ctx, tx, nil, auditRec{action: ActCustomerView, entity: "customer",
				entityID: fmt.Sprintf("c%d", i), after: map[string]int{"i": i}, note: "查阅档案"}); err != nil {
				b.Fatal(err)
			}
		}
		must(b, tx.commit())
		b.Logf("%d entries written through audit() in %v (%v each)", n, time.Since(start), time.Since(start)/n)
	}
	b.Run("verify", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			c, err := db.VerifyAudit(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if !c.OK() {
				b.Fatalf("not intact: %d problems, first %+v", len(c.Problems), c.Problems[0])
			}
			b.ReportMetric(float64(c.Entries), "entries")
			b.ReportMetric(float64(c.Receipts), "receipts")
		}
	})
}
