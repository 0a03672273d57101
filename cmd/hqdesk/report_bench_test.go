package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

// BenchmarkReportMonth makes the month report (computed, the tables, the
// workbook) over benchStations stations' worth of rows written straight
// into head office's tables: per station 1,000 customers, 3,000 cases,
// 3,000 receipts, 1,000 deposits, 1,000 membership events, 500 renewals
// and 20 imports, spread over January 2024 – November 2026; the month is
// November 2026. COUNTERDESK_BENCH_STATIONS changes the number of stations
// (default 100). On SQLite always, on PostgreSQL when COUNTERDESK_PG_URL
// is set.
func BenchmarkReportMonth(b *testing.B) {
	stations := 100
	if s := os.Getenv("COUNTERDESK_BENCH_STATIONS"); s != "" {
		stations, _ = strconv.Atoi(s)
	}
	for _, kind := range hqKinds {
		if kind == kindPostgres && os.Getenv("COUNTERDESK_PG_URL") == "" {
			b.Log("COUNTERDESK_PG_URL is not set: the PostgreSQL case is skipped")
			continue
		}
		// The rows are written once per engine, outside the timed runs.
		h := openBenchHQ(b, kind)
		start := time.Now()
		fillBenchRows(b, h, stations)
		b.Logf("%s: %d stations' rows written in %v", kind, stations, time.Since(start).Round(time.Millisecond))
		ctx := context.Background()
		today := time.Date(2026, 12, 5, 9, 0, 0, 0, time.Local)
		b.Run(kind, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				r, err := makeReport(ctx, h, 2026, time.November, today)
				if err != nil {
					b.Fatal(err)
				}
				if len(r.Stations) != stations {
					b.Fatalf("%d stations in the report, want %d", len(r.Stations), stations)
				}
				if err := writeReportXLSX(io.Discard, reportTables(r)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// openBenchHQ is openTestHQ for a benchmark: a fresh database of the kind
// (PostgreSQL skipped without COUNTERDESK_PG_URL).
func openBenchHQ(b *testing.B, kind string) *hqDB {
	b.Helper()
	var dsn string
	ctx := context.Background()
	switch kind {
	case kindSQLite:
		dsn = b.TempDir() + "/总部 bench.db"
	case kindPostgres:
		server := os.Getenv("COUNTERDESK_PG_URL")
		if server == "" {
			b.Skip("COUNTERDESK_PG_URL is not set: the PostgreSQL case is skipped")
		}
		name := fmt.Sprintf("hq_bench_%d", time.Now().UnixNano())
		if err := pgAdmin(ctx, server, "CREATE DATABASE "+name); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { pgAdmin(context.Background(), server, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
		var err error
		if dsn, err = withDatabase(server, name); err != nil {
			b.Fatal(err)
		}
	}
	h, err := openHQ(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { h.Close() })
	return h
}

// benchBatch collects rows of one table and writes them as multi-row
// INSERTs (one statement per 200 rows), inside the caller's transaction.
type benchBatch struct {
	tx    *hqTx
	table string
	cols  []string
	rows  [][]any
}

func (x *benchBatch) add(ctx context.Context, vals ...any) error {
	x.rows = append(x.rows, vals)
	if len(x.rows) >= 200 {
		return x.flush(ctx)
	}
	return nil
}

func (x *benchBatch) flush(ctx context.Context) error {
	if len(x.rows) == 0 {
		return nil
	}
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(x.cols)), ", ") + ")"
	var args []any
	ph := make([]string, len(x.rows))
	for i, r := range x.rows {
		ph[i] = one
		args = append(args, r...)
	}
	_, err := x.tx.Exec(ctx, fmt.Sprintf("INSERT INTO %s (%s) VALUES %s", quoteIdent(x.table), identList(x.cols), strings.Join(ph, ", ")), args...)
	x.rows = x.rows[:0]
	return err
}

// fillBenchRows writes the benchmark's rows, one transaction per station.
func fillBenchRows(b *testing.B, h *hqDB, stations int) {
	b.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(15, 5))
	first := time.Date(2024, 1, 1, 8, 0, 0, 0, time.Local)
	span := time.Date(2026, 11, 30, 18, 0, 0, 0, time.Local).Sub(first)
	when := func() time.Time { return first.Add(time.Duration(rng.Int64N(int64(span)))) }
	day := func(t time.Time) string { return t.Format(forms.DateLayout) }
	talent := lines(forms.ReceiptLine{Text: "人才储备费", Amount: 30000, Kind: forms.KindFee, Fee: "人才储备费"})
	both := lines(forms.ReceiptLine{Text: "人才储备费", Amount: 30000, Kind: forms.KindFee, Fee: "人才储备费"},
		forms.ReceiptLine{Text: "户籍卡保障金", Amount: 60000, Kind: forms.KindDeposit})
	meta := []string{"branch", "station", "_gen", "_seq", "_deleted"}
	for s := 0; s < stations; s++ {
		branch := fmt.Sprintf("B%c%c", 'A'+s/3/26%26, 'A'+s/3%26) // three stations a branch
		st := 1 + s%3
		err := h.inTx(ctx, func(tx *hqTx) error {
			if _, err := tx.Exec(ctx, `INSERT INTO hq_stations (branch, station, gen, public_key, fingerprint, training, registered_at)
				VALUES (?, ?, 1, ?, 'SHA256:x', 0, ?)`, branch, st, fmt.Sprintf("key%d", s), tsText(first)); err != nil {
				return err
			}
			for n := int64(1); n <= 20; n++ {
				if n == 7 {
					continue // one gap a station
				}
				if _, err := tx.Exec(ctx, `INSERT INTO hq_imports (sha256, branch, station, gen, number, from_seq, to_seq, rows, training, file_name, imported_at)
					VALUES (?, ?, ?, 1, ?, 0, 0, 0, 0, ?, ?)`, fmt.Sprintf("%d-%d", s, n), branch, st, n, "x.cdx", tsText(first.AddDate(0, int(n), 0))); err != nil {
					return err
				}
			}
			seq := int64(0)
			m := func(vals ...any) []any {
				seq++
				return append([]any{branch, st, 1, seq, 0}, vals...)
			}
			batch := func(table string, cols ...string) *benchBatch {
				return &benchBatch{tx: tx, table: table, cols: append(append([]string(nil), meta...), cols...)}
			}
			svc := batch("services", "id", "code", "version", "name", "position", "json", "created_at")
			if err := svc.add(ctx, m("s1", "settle", 1, "落户", 1, serviceJSON("settle", "落户", 1, false), tsText(first))...); err != nil {
				return err
			}
			if err := svc.add(ctx, m("s2", "renew", 1, "续费", 2, serviceJSON("renew", "续费", 1, true), tsText(first))...); err != nil {
				return err
			}
			cust := batch("customers", "id", "name", "member", "member_since", "member_until", "parent_id", "talent_paid_through", "created_at", "updated_at")
			for i := 0; i < 1000; i++ {
				since := when()
				var until, parent any
				member := 1
				if i%10 == 9 {
					member, until = 0, day(since.AddDate(1, 0, 0))
				}
				if i%20 == 3 {
					parent = fmt.Sprintf("c%d", i-1)
				}
				paid := day(since.AddDate(rng.IntN(3), 0, -1))
				if err := cust.add(ctx, m(fmt.Sprintf("c%d", i), "客户", member, day(since), until, parent, paid, tsText(since), tsText(since))...); err != nil {
					return err
				}
			}
			cases := batch("cases", "id", "number", "service_code", "service_version", "customer_id", "status", "clerk_id",
				"created_at", "updated_at", "accepted_at", "completed_at", "legacy")
			for i := 0; i < 3000; i++ {
				c := when()
				status, accepted, completed, updated := "completed", any(tsText(c.Add(time.Hour))), any(tsText(c.AddDate(0, 0, 3))), tsText(c.AddDate(0, 0, 3))
				switch i % 10 {
				case 0:
					status, accepted, completed, updated = "draft", nil, nil, tsText(c)
				case 1:
					status, completed, updated = "cancelled", nil, tsText(c.AddDate(0, 0, 1))
				case 2, 3:
					status, completed = "accepted", nil
				}
				code := "settle"
				if i%3 == 0 {
					code = "renew"
				}
				if err := cases.add(ctx, m(fmt.Sprintf("k%d", i), fmt.Sprintf("K%d", i), code, 1, fmt.Sprintf("c%d", i%1000), status, "u1",
					tsText(c), updated, accepted, completed, 0)...); err != nil {
					return err
				}
			}
			rc := batch("receipts", "id", "number", "station_code", "year", "seq", "source", "payer_name", "lines", "total", "method",
				"clerk_id", "issued_at", "voided", "voided_at", "legacy")
			methods := []string{"cash", "card", "mobile"}
			for i := 0; i < 3000; i++ {
				at := when()
				ls, total := talent, 30000
				if i%4 == 0 {
					ls, total = both, 90000
				}
				voided, voidedAt := 0, any(nil)
				if i%50 == 0 {
					voided, voidedAt = 1, tsText(at.Add(2*time.Hour))
				}
				if err := rc.add(ctx, m(fmt.Sprintf("r%d", i), fmt.Sprintf("R%d", i), "X", at.Year(), i+1, "fee", "张三", ls, total,
					methods[i%3], "u1", tsText(at), voided, voidedAt, 0)...); err != nil {
					return err
				}
			}
			dep := batch("deposits", "id", "case_id", "customer_id", "receipt_id", "amount", "method", "state", "taken_at", "closed_at", "refund_method", "legacy")
			for i := 0; i < 1000; i++ {
				taken := when()
				state, closed, refund := "refunded", any(tsText(taken.AddDate(0, 0, 30))), any("cash")
				switch i % 20 {
				case 0, 1, 2, 3, 4, 5:
					state, closed, refund = "held", nil, nil
				case 6:
					state, refund = "forfeited", nil
				case 7:
					state, refund = "voided", nil
				}
				if err := dep.add(ctx, m(fmt.Sprintf("d%d", i), fmt.Sprintf("k%d", i), fmt.Sprintf("c%d", i), fmt.Sprintf("r%d", i*3),
					60000, "cash", state, tsText(taken), closed, refund, 0)...); err != nil {
					return err
				}
			}
			ev := batch("membership_events", "id", "customer_id", "kind", "day", "at")
			kinds := []string{"join", "join", "leave", "archive_leave"}
			for i := 0; i < 1000; i++ {
				d := when()
				if err := ev.add(ctx, m(fmt.Sprintf("e%d", i), fmt.Sprintf("c%d", i), kinds[i%4], day(d), tsText(d))...); err != nil {
					return err
				}
			}
			rn := batch("renewals", "id", "receipt_id", "customer_id", "schedule", "fee_name", "paid_before", "paid_after", "at")
			for i := 0; i < 500; i++ {
				d := when()
				if err := rn.add(ctx, m(fmt.Sprintf("n%d", i), fmt.Sprintf("r%d", i*6), fmt.Sprintf("c%d", i*2), forms.ScheduleTalent, "人才储备费",
					day(d.AddDate(0, 0, -1)), day(d.AddDate(1, 0, -1)), tsText(d))...); err != nil {
					return err
				}
			}
			for _, x := range []*benchBatch{svc, cust, cases, rc, dep, ev, rn} {
				if err := x.flush(ctx); err != nil {
					return fmt.Errorf("%s: %w", x.table, err)
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if h.Kind() == kindPostgres {
		if _, err := h.Exec(ctx, "ANALYZE"); err != nil {
			b.Fatal(err)
		}
	}
}
