package store

import (
	"context"
	"testing"
	"time"
)

// BenchmarkDayReport reads a busy day (200 receipts) on a station with
// 300,000 receipts, one every 432 seconds (200 a day for about four years),
// a deposit on every tenth (refunded after 30 days, one in twenty still
// held) and every fiftieth receipt voided. The rows are inserted with SQL,
// so the figure is the report's alone; with the PDF
// (printing.BenchmarkRenderDayReport) the target is under 300 ms (issue 14).
func BenchmarkDayReport(b *testing.B) {
	f := newFixture(b)
	ctx := context.Background()
	cust := f.member(b, "基准客户")
	const n = 300000
	stmts := []string{
		`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ?),
		t(i, at) AS (SELECT i, strftime('%Y-%m-%dT%H:%M:%S', '2023-01-01 00:00:00', '+' || (i * 432) || ' seconds') || '.000000000Z' FROM s)
		INSERT INTO receipts (id, number, station_code, year, seq, source, customer_id, payer_name, payer_id, lines, total, method,
			reference, clerk_id, issued_at, voided, void_reason, voided_by, voided_at)
		SELECT 'bench-r' || i, 'QB01-' || substr(at, 1, 4) || '-' || printf('%06d', i), 'QB01', CAST(substr(at, 1, 4) AS INTEGER), i,
			'accept', ?, '基准客户', '510113199203150011',
			CASE WHEN i % 10 = 0 THEN '[{"text":"户籍卡保障金","amount":60000,"kind":"deposit"}]'
			ELSE '[{"text":"档案保管费","amount":12000,"kind":"fee"}]' END,
			CASE WHEN i % 10 = 0 THEN 60000 ELSE 12000 END,
			CASE i % 3 WHEN 0 THEN 'cash' WHEN 1 THEN 'card' ELSE 'mobile' END,
			CASE i % 3 WHEN 0 THEN '' ELSE 'TX' || i END, ?, at,
			i % 50 = 7, CASE WHEN i % 50 = 7 THEN '金额错' ELSE '' END, CASE WHEN i % 50 = 7 THEN ? END,
			CASE WHEN i % 50 = 7 THEN at END
		FROM t`,
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
		{n, cust.ID, f.clerk.UserID, f.sup.UserID},
		{cust.ID, f.clerk.UserID},
		{cust.ID, f.clerk.UserID, f.sup.UserID},
		nil,
	}
	for i, q := range stmts {
		if _, err := f.db.db.ExecContext(ctx, q, args[i]...); err != nil {
			b.Fatalf("seed %d: %v", i, err)
		}
	}
	day := time.Date(2024, 6, 12, 0, 0, 0, 0, time.Local)
	b.ResetTimer()
	for range b.N {
		r, err := f.db.DayReport(ctx, day)
		if err != nil {
			b.Fatal(err)
		}
		if len(r.Receipts) < 190 || r.Totals.Voided < 2 || len(r.DepositsRefunded) < 10 {
			b.Fatalf("the seeded day has %d receipts, %d voided, %d refunds", len(r.Receipts), r.Totals.Voided, len(r.DepositsRefunded))
		}
	}
}
