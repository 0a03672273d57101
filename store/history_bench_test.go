package store

import (
	"context"
	"path/filepath"
	"testing"

	"counterdesk/forms"
)

// BenchmarkOpenCustomer100Cases opens, as the customer screen does
// (ui/customers.go open), a customer with forms.DemoHeavyCases cases of the
// bulk history, their prints, receipts and deposits, on a training station
// of 2,000 customers and 20,200 cases built untimed (about a minute):
// "open" is OpenCustomerRecord (logged, so a write; one transaction),
// "first" adds the catalogue (Services) the first open after the tab is
// shown reads, "history" is CustomerHistory alone (after a reprint).
// Target < 20 ms (issue 17: 26–39 ms on a 300,028-customer station with
// the old six transactions; BENCHMARKS.md).
func BenchmarkOpenCustomer100Cases(b *testing.B) {
	ctx := context.Background()
	plan := demoPlan(b, 17)
	plan.Customers, plan.Cases, plan.Days, plan.Sample = 2000, 20200, 800, 200
	dir := filepath.Join(b.TempDir(), "百件 站点")
	if _, err := Demo(ctx, dir, plan, func(string) {}); err != nil {
		b.Fatalf("demo station: %v", err)
	}
	db, err := Open(ctx, filepath.Join(dir, DBFileName))
	must(b, err)
	defer db.Close()
	var id string
	var cases int
	must(b, db.db.QueryRowContext(ctx, `SELECT customer_id, count(*) AS n FROM cases
		GROUP BY customer_id ORDER BY n DESC LIMIT 1`).Scan(&id, &cases))
	if cases < forms.DemoHeavyCases {
		b.Fatalf("the busiest customer has %d cases, want %d", cases, forms.DemoHeavyCases)
	}
	u, err := db.Login(ctx, forms.DemoSupervisor, plan.Password)
	must(b, err)
	sup := forms.Actor{UserID: u.ID}

	for _, first := range []bool{false, true} {
		name := "open"
		if first {
			name = "first"
		}
		b.Run(name, func(b *testing.B) {
			var receipts int
			for b.Loop() {
				r, err := db.OpenCustomerRecord(ctx, sup, id)
				must(b, err)
				if first {
					_, err = db.Services(ctx)
					must(b, err)
				}
				receipts = len(r.History.Receipts)
			}
			b.ReportMetric(float64(cases), "cases")
			b.ReportMetric(float64(receipts), "receipts")
		})
	}
	b.Run("history", func(b *testing.B) {
		var prints int
		for b.Loop() {
			h, err := db.CustomerHistory(ctx, id)
			must(b, err)
			prints = len(h.Prints)
		}
		b.ReportMetric(float64(prints), "prints")
	})
}
