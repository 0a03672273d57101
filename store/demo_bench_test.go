package store

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BenchmarkDemoBulk makes a training station whose history is nearly all
// bulk cases (demo_bulk.go) and reports the bulk cases made per second of
// the bulk phase (from its first to its last progress line; the 1,000
// customers and the 200 sample cases are left out).
func BenchmarkDemoBulk(b *testing.B) {
	ctx := context.Background()
	plan := demoPlan(b, 7)
	plan.Customers, plan.Cases, plan.Days, plan.Sample = 1000, 40200, 800, 200
	var bulk time.Duration
	for i := 0; i < b.N; i++ {
		dir := filepath.Join(b.TempDir(), fmt.Sprintf("练习 站点 %d", i))
		var started time.Time
		customersDone := fmt.Sprintf("客户：%d / %d", plan.Customers, plan.Customers)
		bulkDone := fmt.Sprintf("%d / %d 件", plan.Cases-plan.Sample, plan.Cases-plan.Sample)
		_, err := Demo(ctx, dir, plan, func(s string) {
			switch {
			case s == customersDone:
				started = time.Now()
			case strings.HasPrefix(s, "批量历史：") && strings.HasSuffix(s, bulkDone):
				bulk += time.Since(started)
			}
		})
		must(b, err)
	}
	b.ReportMetric(float64((plan.Cases-plan.Sample)*b.N)/bulk.Seconds(), "bulk-cases/s")
}
