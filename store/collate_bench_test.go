package store

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"counterdesk/forms"
)

// BenchmarkNameSortKey measures one name's pinyin sort key (what every
// insert and update of a customer adds).
func BenchmarkNameSortKey(b *testing.B) {
	rng := rand.New(rand.NewPCG(2026, 16))
	used := map[string]bool{}
	var names []string
	for i := 0; i < 1000; i++ {
		names = append(names, benchCustomer(rng, i, used).Name)
	}
	names = append(names, "单芳", "尉迟恭", "吉𠮷", "张𰻞")
	i := 0
	for b.Loop() {
		nameSortKey(names[i%len(names)])
		i++
	}
}

// BenchmarkBackfillNameSort measures the one-time backfill, at the first
// Open after 0016, of the sort keys of COUNTERDESK_BENCH_CUSTOMERS
// (default 200,000) customers stored without one. One iteration is the
// whole backfill; the log line gives its time and the key column's size.
func BenchmarkBackfillNameSort(b *testing.B) {
	n := benchCustomerCount()
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		db := mustOpenDB(b)
		seedCustomersTerms(b, db, n, func(*forms.Customer) []string { return nil })
		// The seed writes the keys as the store does; a station from before
		// 0016 has none.
		if _, err := db.db.Exec("UPDATE customers SET name_sort = NULL"); err != nil {
			b.Fatal(err)
		}
		var changesBefore int
		if err := db.db.QueryRow("SELECT count(*) FROM changes").Scan(&changesBefore); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		done, err := db.backfillNameSort(ctx)
		if err != nil || done != n {
			b.Fatalf("backfill = %d, %v; want %d", done, err, n)
		}
		took := time.Since(start)
		b.StopTimer()
		var keyBytes int64
		var changes int
		if err := db.db.QueryRow("SELECT sum(length(name_sort)) FROM customers").Scan(&keyBytes); err != nil {
			b.Fatal(err)
		}
		if err := db.db.QueryRow("SELECT count(*) FROM changes").Scan(&changes); err != nil {
			b.Fatal(err)
		}
		var indexBytes int64 // dbstat: SQLite's page statistics
		if err := db.db.QueryRow("SELECT sum(pgsize) FROM dbstat WHERE name = 'customers_name_sort'").Scan(&indexBytes); err != nil {
			b.Fatal(err)
		}
		b.Logf("keyed %d customers in %v (%d batches of %d); keys %.1f MB, %.1f bytes a name; index %.1f MB; %d change entries added",
			n, took.Round(time.Millisecond), (n+nameSortBatchSize-1)/nameSortBatchSize, nameSortBatchSize,
			float64(keyBytes)/1e6, float64(keyBytes)/float64(n), float64(indexBytes)/1e6, changes-changesBefore)
		db.Close()
		b.StartTimer()
	}
}
