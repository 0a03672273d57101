package store

import (
	"context"
	"io"
	"testing"
	"time"
)

// BenchmarkMonthWorkbook reads a month and writes its workbook on a
// station with 300,000 receipts over 694 days (about 13,000 in a month),
// a deposit on every tenth receipt (30,000; refunded after 30 days, one
// in twenty still held). The target is under 2 s (issue 14): measured
// about 0.3 s of CPU per month on the development machine. The rows are
// inserted with SQL, so the figure is the report's alone.
func BenchmarkMonthWorkbook(b *testing.B) {
	f := newFixture(b)
	ctx := context.Background()
	cust := f.member(b, "基准客户")
	const n = 300000
	stmts := []string{
		`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ?)
		INSERT INTO receipts (id, number, station_code, year, seq, source, customer_id, payer_name, payer_id, lines, total, method, clerk_id, issued_at)
		SELECT 'bench-r' || i, 'QB01-BENCH-' || i, 'QB01', 2000 + i % 50, i, 'accept', ?, '基准客户', '',
			CASE WHEN i % 10 = 0 THEN '[{"text":"户籍卡保障金","amount":60000,"kind":"deposit"}]'
			ELSE '[{"text":"档案保管费","amount":12000,"kind":"fee"}]' END,
			CASE WHEN i % 10 = 0 THEN 60000 ELSE 12000 END,
			CASE i % 3 WHEN 0 THEN 'cash' WHEN 1 THEN 'card' ELSE 'mobile' END, ?,
			strftime('%Y-%m-%dT%H:%M:%S', '2025-01-01 01:00:00', '+' || (i * 200) || ' seconds') || '.000000000Z'
		FROM s`,
		`INSERT INTO cases (id, number, service_code, service_version, customer_id, status, clerk_id, created_at, updated_at, accepted_at)
		SELECT 'bench-c' || r.seq, 'BENCH-' || r.seq, 'borrow_card', 1, ?, 'accepted', ?, r.issued_at, r.issued_at, r.issued_at
		FROM receipts r WHERE r.id LIKE 'bench-r%' AND r.seq % 10 = 0`,
		`INSERT INTO deposits (id, case_id, customer_id, receipt_id, amount, method, state, taken_at, return_due, closed_at, closed_by, approved_by, refund_method)
		SELECT 'bench-d' || r.seq, 'bench-c' || r.seq, ?, r.id, 60000, r.method,
			CASE WHEN r.seq % 200 = 0 THEN 'held' ELSE 'refunded' END, r.issued_at, date(r.issued_at, '+30 days'),
			CASE WHEN r.seq % 200 = 0 THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S', r.issued_at, '+30 days') || '.000000000Z' END,
			CASE WHEN r.seq % 200 = 0 THEN NULL ELSE ? END, CASE WHEN r.seq % 200 = 0 THEN NULL ELSE ? END,
			CASE WHEN r.seq % 200 = 0 THEN NULL ELSE 'cash' END
		FROM receipts r WHERE r.id LIKE 'bench-r%' AND r.seq % 10 = 0`,
		`ANALYZE`,
	}
	args := [][]any{
		{n, cust.ID, f.clerk.UserID},
		{cust.ID, f.clerk.UserID},
		{cust.ID, f.sup.UserID, f.sup.UserID},
		nil,
	}
	for i, q := range stmts {
		if _, err := f.db.db.ExecContext(ctx, q, args[i]...); err != nil {
			b.Fatalf("seed %d: %v", i, err)
		}
	}
	b.ResetTimer()
	for range b.N {
		r, err := f.db.MonthReport(ctx, 2026, time.October)
		if err != nil {
			b.Fatal(err)
		}
		if err := f.db.WriteMonthWorkbook(io.Discard, r); err != nil {
			b.Fatal(err)
		}
		if r.Totals.Receipts < 10000 || r.HeldCount < 100 {
			b.Fatalf("the seeded month has %d receipts and %d deposits held", r.Totals.Receipts, r.HeldCount)
		}
	}
}
