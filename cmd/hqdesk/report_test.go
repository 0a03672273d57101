package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"counterdesk/forms"
)

// The report tests fill head office's tables directly with a small known
// set of rows: branch QB with stations 01 and 02, branch HZ with station
// 01 (registered, nothing imported), and the training station LX01. The
// month is 2026年11月, the report made on 2026-12-05.

var (
	reportToday = time.Date(2026, 12, 5, 9, 0, 0, 0, time.Local)
)

// at is a station timestamp (UTC text) of a local time.
func at(m time.Month, d, h, min int) string {
	return tsText(time.Date(2026, m, d, h, min, 0, 0, time.Local))
}

// hqSeq numbers the rows put by put (each row's _seq).
var hqSeq int64

// put inserts one row of an HQ table for a station: kv are column, value
// pairs; _gen, _seq and _deleted are filled unless given.
func put(t *testing.T, h *hqDB, table, branch string, station int, kv ...any) {
	t.Helper()
	hqSeq++
	cols := []string{"branch", "station"}
	vals := []any{branch, station}
	has := map[string]int{} // a column given again replaces its earlier value
	for i := 0; i < len(kv); i += 2 {
		c := kv[i].(string)
		if j, ok := has[c]; ok {
			vals[j] = kv[i+1]
			continue
		}
		has[c] = len(cols)
		cols = append(cols, c)
		vals = append(vals, kv[i+1])
	}
	for c, v := range map[string]any{"_gen": 1, "_seq": hqSeq, "_deleted": 0} {
		if _, ok := has[c]; !ok {
			cols = append(cols, c)
			vals = append(vals, v)
		}
	}
	q := fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", quoteIdent(table), identList(cols),
		strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", "))
	if _, err := h.Exec(context.Background(), q, vals...); err != nil {
		t.Fatalf("insert into %s: %v", table, err)
	}
}

// lines is a receipt's lines as stored (JSON).
func lines(ls ...forms.ReceiptLine) string {
	b, _ := json.Marshal(ls)
	return string(b)
}

// serviceJSON is a service as stored; with a talent-reserve fee table
// (¥300.00 a year) when renews.
func serviceJSON(code, name string, version int, renews bool) string {
	s := forms.Service{Code: code, Name: name, Version: version}
	if renews {
		s.Fees = []forms.Fee{{ID: "talent", Name: "人才储备费", Kind: forms.KindFee, Schedule: forms.ScheduleTalent,
			Table: &forms.FeeTable{Rates: []forms.FeeRate{{From: "2010-01-01", Yearly: 30000}}}}}
	}
	b, _ := json.Marshal(s)
	return string(b)
}

// fillReportRows puts the known rows (see each comment for what it
// tests).
func fillReportRows(t *testing.T, h *hqDB) {
	t.Helper()
	n := 0
	ctx := context.Background()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := h.Exec(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	reg := func(branch string, st, gen, training int) {
		n++
		exec(`INSERT INTO hq_stations (branch, station, gen, public_key, fingerprint, training, registered_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, branch, st, gen, fmt.Sprintf("key%d", n), "SHA256:x", training, at(1, 1, 9, 0))
	}
	reg("QB", 1, 1, 0)
	reg("QB", 1, 2, 0) // a replacement key
	reg("QB", 2, 1, 0)
	reg("HZ", 1, 1, 0)
	reg("LX", 1, 1, 1)
	imp := func(branch string, st, gen int, number int64, when string) {
		exec(`INSERT INTO hq_imports (sha256, branch, station, gen, number, from_seq, to_seq, rows, training, file_name, imported_at)
			VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, ?, ?)`, fmt.Sprintf("%s%02d-%d-%d", branch, st, gen, number), branch, st, gen, number,
			fmt.Sprintf("%s%02d-export-%06d.cdx", branch, st, number), when)
	}
	// QB01: key 1 exports 1, 2, 4, 7 (3, 5, 6 missing); key 2 exports
	// 2 (1 missing), imported last.
	for _, x := range []int64{1, 2, 4, 7} {
		imp("QB", 1, 1, x, at(11, 20+int(x), 10, 0))
	}
	imp("QB", 1, 2, 2, at(12, 2, 15, 30))
	// QB02: 1–3, no gap.
	for _, x := range []int64{1, 2, 3} {
		imp("QB", 2, 1, x, at(11, 10+int(x), 9, 0))
	}
	// LX01 (training): 1, 3 — its gap is listed apart, never in 导出缺号.
	imp("LX", 1, 1, 1, at(11, 1, 9, 0))
	imp("LX", 1, 1, 3, at(11, 2, 9, 0))

	// Services: QB01 renames 落户 in version 2 (the name shown); the
	// renewal service with the fee table at QB01, QB02 and LX01.
	put(t, h, "services", "QB", 1, "id", "s1", "code", "settle", "version", 1, "name", "落户", "position", 1,
		"json", serviceJSON("settle", "落户", 1, false), "created_at", at(1, 1, 9, 0))
	put(t, h, "services", "QB", 1, "id", "s2", "code", "settle", "version", 2, "name", "集体户落户", "position", 1,
		"json", serviceJSON("settle", "集体户落户", 2, false), "created_at", at(2, 1, 9, 0))
	for _, st := range []struct {
		b string
		n int
	}{{"QB", 1}, {"QB", 2}, {"LX", 1}} {
		put(t, h, "services", st.b, st.n, "id", "r"+st.b, "code", "renew", "version", 1, "name", "续费", "position", 2,
			"json", serviceJSON("renew", "续费", 1, true), "created_at", at(1, 1, 9, 0))
	}
	put(t, h, "services", "QB", 2, "id", "s1", "code", "settle", "version", 1, "name", "落户", "position", 1,
		"json", serviceJSON("settle", "落户", 1, false), "created_at", at(1, 1, 9, 0))

	// Cases of QB01.
	kase := func(b string, st int, id, code, status, created, accepted, completed, updated string, kv ...any) {
		args := []any{"id", id, "number", id, "service_code", code, "service_version", 1, "customer_id", "m1",
			"status", status, "clerk_id", "u1", "created_at", created, "updated_at", updated, "legacy", 0}
		if accepted != "" {
			args = append(args, "accepted_at", accepted)
		}
		if completed != "" {
			args = append(args, "completed_at", completed)
		}
		put(t, h, "cases", b, st, append(args, kv...)...)
	}
	kase("QB", 1, "c1", "settle", "completed", at(11, 3, 9, 0), at(11, 3, 9, 5), at(11, 20, 10, 0), at(11, 20, 10, 0)) // opened, accepted, completed
	kase("QB", 1, "c2", "settle", "completed", at(10, 28, 9, 0), at(10, 28, 9, 5), at(11, 2, 10, 0), at(11, 2, 10, 0)) // completed only
	kase("QB", 1, "c3", "settle", "cancelled", at(11, 5, 9, 0), "", "", at(11, 6, 9, 0))                               // opened, cancelled
	kase("QB", 1, "c4", "renew", "accepted", at(11, 30, 23, 30), at(11, 30, 23, 31), "", at(11, 30, 23, 31))           // last minutes of the month
	kase("QB", 1, "c5", "renew", "accepted", at(12, 1, 0, 10), at(12, 1, 0, 11), "", at(12, 1, 0, 11))                 // next month
	kase("QB", 1, "c6", "settle", "accepted", at(11, 10, 9, 0), at(11, 10, 9, 0), "", at(11, 10, 9, 0), "_deleted", 1) // deleted
	kase("QB", 1, "c7", "settle", "accepted", at(11, 11, 9, 0), at(11, 11, 9, 0), "", at(11, 11, 9, 0), "legacy", 1)   // paper-era
	kase("QB", 1, "c8", "settle", "draft", at(11, 1, 0, 5), "", "", at(11, 1, 0, 5))                                   // first minutes of the month
	kase("QB", 1, "c9", "settle", "cancelled", at(10, 5, 9, 0), "", "", at(10, 6, 9, 0))                               // cancelled last month
	kase("QB", 2, "c1", "settle", "completed", at(11, 15, 9, 0), at(11, 15, 9, 1), at(11, 15, 11, 0), at(11, 15, 11, 0))
	kase("LX", 1, "c1", "settle", "accepted", at(11, 10, 9, 0), at(11, 10, 9, 1), "", at(11, 10, 9, 1))

	// Receipts.
	rcpt := func(b string, st int, id string, issued string, total int64, method string, ls string, kv ...any) {
		put(t, h, "receipts", b, st, append([]any{"id", id, "number", b + id, "station_code", fmt.Sprintf("%s%02d", b, st),
			"year", 2026, "seq", 1, "source", "fee", "payer_name", "张三", "lines", ls, "total", total, "method", method,
			"clerk_id", "u1", "issued_at", issued, "voided", 0, "legacy", 0}, kv...)...)
	}
	talent := forms.ReceiptLine{Text: "人才储备费 2026-11-01 至 2027-10-31", Amount: 30000, Kind: forms.KindFee, Fee: "人才储备费"}
	card := forms.ReceiptLine{Text: "户籍卡保障金", Amount: 60000, Kind: forms.KindDeposit}
	rcpt("QB", 1, "r8", at(11, 1, 0, 0), 10000, "mobile", lines(forms.ReceiptLine{Text: "证明费", Amount: 10000, Kind: forms.KindFee}),
		"reference", "WX1") // the month's first instant
	rcpt("QB", 1, "r1", at(11, 3, 10, 0), 90000, "cash", lines(talent, card))
	rcpt("QB", 1, "r2", at(11, 4, 10, 0), 30000, "card", lines(talent))
	rcpt("QB", 1, "r3", at(11, 5, 10, 0), 12000, "cash", lines(forms.ReceiptLine{Text: "档案保管费", Amount: 12000, Kind: forms.KindFee}),
		"voided", 1, "voided_at", at(11, 6, 9, 0), "void_reason", "金额错") // voided in its month
	rcpt("QB", 1, "r4", at(10, 20, 10, 0), 5000, "cash", lines(forms.ReceiptLine{Text: "证明费", Amount: 5000, Kind: forms.KindFee}),
		"voided", 1, "voided_at", at(11, 2, 9, 0)) // October's, voided in November
	rcpt("QB", 1, "r5", at(11, 7, 10, 0), 60000, "cash", lines(card), "legacy", 1)       // paper-era: no money of the month
	rcpt("QB", 1, "r6", at(11, 8, 10, 0), 20000, "mobile", lines(talent), "_deleted", 1) // deleted
	rcpt("QB", 1, "r7", at(12, 1, 0, 0), 30000, "cash", lines(talent))                   // next month's first instant
	rcpt("QB", 1, "rr", at(12, 3, 10, 0), 30000, "cash", lines(talent))                  // the renewal after month end
	rcpt("QB", 2, "q1", at(11, 15, 10, 0), 50000, "cash", lines(forms.ReceiptLine{Text: "落户费", Amount: 50000, Kind: forms.KindFee}))
	rcpt("LX", 1, "x1", at(11, 10, 10, 0), 99900, "cash", lines(talent))

	// Deposits.
	dep := func(b string, st int, id, state string, amount int64, taken, closed string, kv ...any) {
		args := []any{"id", id, "case_id", "c1", "customer_id", "m1", "receipt_id", "r1", "amount", amount, "method", "cash",
			"state", state, "taken_at", taken, "legacy", 0}
		if closed != "" {
			args = append(args, "closed_at", closed)
		}
		put(t, h, "deposits", b, st, append(args, kv...)...)
	}
	dep("QB", 1, "d1", "held", 60000, at(11, 3, 10, 0), "")                                              // held at end
	dep("QB", 1, "d2", "refunded", 60000, at(9, 1, 10, 0), at(11, 10, 10, 0), "refund_method", "cash")   // refunded in the month
	dep("QB", 1, "d3", "forfeited", 60000, at(8, 1, 10, 0), at(11, 20, 10, 0))                           // forfeited in the month
	dep("QB", 1, "d4", "refunded", 60000, at(10, 1, 10, 0), at(12, 2, 10, 0), "refund_method", "mobile") // held at end, refunded later
	dep("QB", 1, "d5", "voided", 60000, at(10, 5, 10, 0), at(10, 6, 10, 0))                              // voided: never held
	put(t, h, "deposits", "QB", 1, "id", "d6", "case_id", "c7", "customer_id", "m1", "receipt_id", "r5", "amount", 50000,
		"method", "cash", "state", "held", "taken_at", "2020-01-01T00:00:00.000000000Z", "legacy", 1) // paper-era, held
	dep("QB", 1, "d7", "held", 60000, at(12, 1, 1, 0), "")                // taken next month
	dep("QB", 1, "d8", "held", 60000, at(11, 4, 1, 0), "", "_deleted", 1) // deleted
	dep("QB", 2, "d1", "held", 60000, at(11, 15, 10, 0), "")
	dep("LX", 1, "d1", "held", 60000, at(11, 10, 10, 0), "")

	// Membership events.
	ev := func(b string, st int, id, kind, day string, kv ...any) {
		put(t, h, "membership_events", b, st, append([]any{"id", id, "customer_id", "m1", "kind", kind, "day", day, "at", at(11, 1, 9, 0)}, kv...)...)
	}
	ev("QB", 1, "e1", "join", "2026-11-01")
	ev("QB", 1, "e2", "join", "2026-11-30")
	ev("QB", 1, "e3", "leave", "2026-11-15")
	ev("QB", 1, "e4", "archive_leave", "2026-11-16")
	ev("QB", 1, "e5", "join", "2026-12-01")
	ev("QB", 1, "e6", "join", "2026-10-31")
	ev("QB", 1, "e7", "join", "2026-11-20", "_deleted", 1)
	ev("QB", 2, "e1", "join", "2026-11-15")
	ev("LX", 1, "e1", "join", "2026-11-15")

	// Customers: who is behind with the talent-reserve fee on 2026-11-30.
	cust := func(b string, st int, id string, member int, since, until, paid string, kv ...any) {
		args := []any{"id", id, "name", "客户" + id, "member", member, "created_at", at(1, 1, 9, 0), "updated_at", at(1, 1, 9, 0)}
		for _, x := range []struct{ c, v string }{{"member_since", since}, {"member_until", until}, {"talent_paid_through", paid}} {
			if x.v != "" {
				args = append(args, x.c, x.v)
			}
		}
		put(t, h, "customers", b, st, append(args, kv...)...)
	}
	cust("QB", 1, "m1", 1, "2020-01-01", "", "2027-10-31")                // paid ahead
	cust("QB", 1, "m2", 1, "2020-01-01", "", "2025-12-31")                // behind
	cust("QB", 1, "m3", 1, "2026-11-20", "", "")                          // joined in the month, never paid: behind
	cust("QB", 1, "m4", 1, "2026-11-01", "", "", "parent_id", "m1")       // a child: owes nothing
	cust("QB", 1, "m5", 0, "2020-01-01", "2026-11-10", "2025-01-01")      // left in the month: not a member at its end
	cust("QB", 1, "m6", 0, "2019-01-01", "2026-12-10", "2024-12-31")      // left after it: a member behind at its end
	cust("QB", 1, "m7", 1, "2019-01-01", "", "2027-12-31")                // renewed after month end (below): behind at its end
	cust("QB", 1, "m8", 1, "2019-01-01", "", "2025-12-31", "_deleted", 1) // deleted
	cust("QB", 1, "m9", 1, "2026-12-05", "", "")                          // joined after month end
	cust("QB", 1, "m10", 1, "2019-01-01", "", "2026-12-31")               // renewed after month end, receipt voided: counts as paid now
	cust("QB", 2, "m1", 1, "2020-01-01", "", "")                          // never paid: behind
	cust("HZ", 1, "m1", 1, "2020-01-01", "", "")                          // HZ01 has no fee table: nothing is owed
	cust("LX", 1, "m1", 1, "2020-01-01", "", "")                          // training: apart
	put(t, h, "renewals", "QB", 1, "id", "n1", "receipt_id", "rr", "customer_id", "m7", "schedule", forms.ScheduleTalent,
		"fee_name", "人才储备费", "paid_before", "2025-12-31", "paid_after", "2027-12-31", "at", at(12, 3, 10, 0))
	rcpt("QB", 1, "rv", at(12, 3, 11, 0), 30000, "cash", lines(talent), "voided", 1, "voided_at", at(12, 3, 12, 0))
	put(t, h, "renewals", "QB", 1, "id", "n2", "receipt_id", "rv", "customer_id", "m10", "schedule", forms.ScheduleTalent,
		"fee_name", "人才储备费", "paid_before", "2025-12-31", "paid_after", "2026-12-31", "at", at(12, 3, 11, 0))
}

// wantQB01 etc. are the figures the rows above must give.
func TestReportMonth(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		h := openTestHQ(t, kind)
		fillReportRows(t, h)
		r, err := makeReport(context.Background(), h, 2026, time.November, reportToday)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Stations) != 3 || len(r.Training) != 1 {
			t.Fatalf("stations %d, training %d; want 3 and 1", len(r.Stations), len(r.Training))
		}
		if !r.AsOf.Equal(time.Date(2026, 11, 30, 0, 0, 0, 0, time.Local)) {
			t.Errorf("AsOf %v", r.AsOf)
		}
		hz, qb1, qb2, lx := r.Stations[0], r.Stations[1], r.Stations[2], r.Training[0]
		if hz.Branch != "HZ" || qb1.Branch != "QB" || qb1.Station != 1 || qb2.Station != 2 || lx.Branch != "LX" || !lx.Training {
			t.Fatalf("order: %s%02d %s%02d %s%02d, training %s%02d", hz.Branch, hz.Station, qb1.Branch, qb1.Station, qb2.Branch, qb2.Station, lx.Branch, lx.Station)
		}

		wantCases := []CaseCount{
			{Service: "renew", Name: "续费", Opened: 1, Accepted: 1},
			{Service: "settle", Name: "集体户落户", Opened: 3, Accepted: 1, Completed: 2, Cancelled: 1},
		}
		if got := sortedCases(qb1.Cases); !reflect.DeepEqual(got, wantCases) {
			t.Errorf("QB01 cases\n got %+v\nwant %+v", got, wantCases)
		}
		if got := sortedCases(qb2.Cases); !reflect.DeepEqual(got, []CaseCount{{Service: "settle", Name: "落户", Opened: 1, Accepted: 1, Completed: 1}}) {
			t.Errorf("QB02 cases %+v", got)
		}
		if len(hz.Cases) != 0 {
			t.Errorf("HZ01 cases %+v", hz.Cases)
		}

		tq := qb1.Totals
		money := func(what string, got, want forms.Money) {
			t.Helper()
			if got != want {
				t.Errorf("%s = %s, want %s", what, got, want)
			}
		}
		count := func(what string, got, want int) {
			t.Helper()
			if got != want {
				t.Errorf("%s = %d, want %d", what, got, want)
			}
		}
		count("QB01 receipts", tq.Receipts, 3)
		money("QB01 received", tq.TotalReceived(), 130000)
		money("QB01 cash", tq.Received[forms.PayCash], 90000)
		money("QB01 card", tq.Received[forms.PayCard], 30000)
		money("QB01 mobile", tq.Received[forms.PayMobile], 10000)
		count("QB01 voided", tq.Voided, 1)
		money("QB01 voided amount", tq.VoidedAt, 12000)
		count("QB01 voided later", qb1.VoidedLater, 1)
		money("QB01 voided later amount", qb1.VoidedLaterAmount, 5000)
		n, amt := qb1.Issued()
		count("QB01 issued", n, 4)
		money("QB01 issued amount", amt, 142000)
		money("QB01 fees", tq.Fees, 70000)
		wantFees := []forms.FeeSum{
			{Name: "证明费", Kind: forms.KindFee, Count: 1, Amount: 10000},
			{Name: "人才储备费", Kind: forms.KindFee, Count: 2, Amount: 60000},
			{Name: "户籍卡保障金", Kind: forms.KindDeposit, Count: 1, Amount: 60000},
		}
		if !reflect.DeepEqual(tq.FeesByKind, wantFees) {
			t.Errorf("QB01 fees by kind\n got %+v\nwant %+v", tq.FeesByKind, wantFees)
		}
		count("QB01 deposits taken", tq.DepositsTakenCount, 1)
		money("QB01 deposits taken amount", tq.DepositsTaken, 60000)
		count("QB01 refunds", qb1.Refunds, 1)
		money("QB01 refunded", tq.DepositsRefunded, 60000)
		count("QB01 forfeits", qb1.Forfeits, 1)
		money("QB01 forfeited", tq.DepositsForfeited, 60000)
		count("QB01 held", qb1.Held, 3)
		money("QB01 held amount", qb1.HeldAmount, 170000)
		count("QB01 joined", qb1.Joined, 2)
		count("QB01 left", qb1.Left, 1)
		count("QB01 archive left", qb1.ArchiveLeft, 1)
		count("QB01 overdue", qb1.Overdue, 4) // m2, m3, m6, m7
		if g := qb1.Gaps(); g != "3、5–6；第2代密钥：1" {
			t.Errorf("QB01 gaps %q", g)
		}
		if qb1.Last == nil || qb1.Last.Gen != 2 || qb1.Last.Number != 2 || qb1.Last.FileName != "QB01-export-000002.cdx" {
			t.Errorf("QB01 last import %+v", qb1.Last)
		}

		count("QB02 receipts", qb2.Totals.Receipts, 1)
		money("QB02 received", qb2.Totals.TotalReceived(), 50000)
		count("QB02 held", qb2.Held, 1)
		count("QB02 joined", qb2.Joined, 1)
		count("QB02 overdue", qb2.Overdue, 1)
		if qb2.Gaps() != "" || qb2.Last == nil || qb2.Last.Number != 3 {
			t.Errorf("QB02 gaps %q last %+v", qb2.Gaps(), qb2.Last)
		}
		count("HZ01 overdue", hz.Overdue, 0)
		if hz.Last != nil || lastImportText(hz) != "未导入" {
			t.Errorf("HZ01 last import %+v", hz.Last)
		}

		// The training station is apart, with its own figures.
		count("LX01 receipts", lx.Totals.Receipts, 1)
		money("LX01 received", lx.Totals.TotalReceived(), 99900)
		count("LX01 held", lx.Held, 1)
		count("LX01 overdue", lx.Overdue, 1)
		if lx.Gaps() != "2" {
			t.Errorf("LX01 gaps %q", lx.Gaps())
		}

		// The totals leave the training station out.
		all := Sum(r.Stations)
		money("all received", all.Totals.TotalReceived(), 180000)
		count("all held", all.Held, 4)
		money("all held amount", all.HeldAmount, 230000)
		count("all overdue", all.Overdue, 5)
		count("all joined", all.Joined, 3)

		checkReportFiles(t, r)
	})
}

// checkReportFiles writes the workbook and the CSV files of r into a
// folder with a space and Chinese characters and reads them back.
func checkReportFiles(t *testing.T, r *HQMonth) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "总部 月报")
	tables := reportTables(r)
	path := filepath.Join(dir, "月报 2026-11.xlsx")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := saveReportXLSX(path, tables); err != nil {
		t.Fatal(err)
	}
	book, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	wantSheets := []string{"按站汇总", "业务", "收据", "收费", "保障金", "会员", "投诉回访评价", "导出缺号", "练习站"}
	if got := book.GetSheetList(); !reflect.DeepEqual(got, wantSheets) {
		t.Fatalf("sheets %v, want %v", got, wantSheets)
	}
	cellIs := func(sheet, ref, want string) {
		t.Helper()
		got, err := book.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s!%s = %q, want %q", sheet, ref, got, want)
		}
	}
	numeric := func(sheet, ref string) {
		t.Helper()
		typ, err := book.GetCellType(sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		if typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("%s!%s is of type %v, want a number", sheet, ref, typ)
		}
	}
	// 按站汇总: header, HZ01, HZ 小计, QB01, QB02, QB 小计, 全部网点合计.
	cellIs("按站汇总", "A1", "网点")
	cellIs("按站汇总", "H1", "收款金额")
	rows, err := book.GetRows("按站汇总", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	var col0 []string
	for _, row := range rows {
		col0 = append(col0, row[0]+"/"+row[1])
	}
	if want := []string{"网点/站号", "HZ/01", "HZ 小计/", "QB/01", "QB/02", "QB 小计/", "全部网点合计/"}; !reflect.DeepEqual(col0, want) {
		t.Errorf("按站汇总 rows %v, want %v", col0, want)
	}
	// QB01 (row 4): 新建 4, 受理 2, 办结 2, 取消 1, receipts 3, ¥1,300.00, voided 1 ¥120.00, fees ¥700.00,
	// deposits ¥600.00 ¥600.00 ¥600.00, held 3 ¥1,700.00, in 2, out 1, overdue 4, gaps, last.
	want := []string{"QB", "01", "4", "2", "2", "1", "3", "1300.00", "1", "120.00", "700.00", "600.00", "600.00", "600.00",
		"3", "1700.00", "2", "1", "4", "3、5–6；第2代密钥：1", "第2代密钥 第2号 " + importedAtText(at(12, 2, 15, 30))}
	if !reflect.DeepEqual(rows[3], want) {
		t.Errorf("按站汇总 QB01\n got %q\nwant %q", rows[3], want)
	}
	numeric("按站汇总", "H4")
	style, _ := book.GetCellStyle("按站汇总", "H4")
	if st, err := book.GetStyle(style); err != nil || st.CustomNumFmt == nil || !strings.Contains(*st.CustomNumFmt, "¥") {
		t.Errorf("按站汇总!H4 style %+v (%v), want a ¥ number format", st, err)
	}
	cellIs("按站汇总", "H7", "1800.00") // all branches: 1300 + 500, training left out
	cellIs("按站汇总", "P7", "2300.00")
	cellIs("按站汇总", "S7", "5")
	cellIs("业务", "D2", "续费")
	cellIs("收据", "L4", "1") // QB01's October receipt voided in November
	cellIs("收据", "M4", "50.00")
	cellIs("收费", "C2", "证明费")
	cellIs("收费", "D4", "保障金")
	cellIs("保障金", "J4", "1700.00")
	cellIs("会员", "E4", "1")
	cellIs("导出缺号", "E3", "3、5–6")
	cellIs("导出缺号", "E4", "1")
	cellIs("导出缺号", "G2", "")
	cellIs("导出缺号", "H2", "未导入")
	cellIs("练习站", "A2", "LX")
	cellIs("练习站", "H2", "999.00")
	cellIs("练习站", "T2", "2")
	if v, _ := book.GetCellValue("练习站", "A3"); v != "" {
		t.Errorf("练习站 has a second row: %q", v)
	}

	csvDir := filepath.Join(dir, "CSV 文件")
	paths, err := writeReportCSV(csvDir, 2026, 11, tables)
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 9 || filepath.Base(paths[0]) != "2026-11-按站汇总.csv" || filepath.Base(paths[8]) != "2026-11-练习站.csv" {
		t.Fatalf("CSV files %v", paths)
	}
	data, err := os.ReadFile(paths[0])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("按站汇总.csv does not begin with the UTF-8 BOM: % x", data[:8])
	}
	recs, err := csv.NewReader(bytes.NewReader(data[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i := range rows { // GetRows leaves out a row's trailing empty cells
		for len(rows[i]) < len(recs[0]) {
			rows[i] = append(rows[i], "")
		}
	}
	if !reflect.DeepEqual(recs, rows) {
		t.Errorf("按站汇总.csv differs from the sheet\n csv %q\nxlsx %q", recs, rows)
	}
	data, _ = os.ReadFile(paths[8])
	recs, err = csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")))).ReadAll()
	if err != nil || len(recs) != 2 || recs[1][0] != "LX" || recs[1][7] != "999.00" {
		t.Errorf("练习站.csv %q (%v)", recs, err)
	}
}

// TestReportCommand runs `hqdesk report` as the operator does: the summary
// on stdout in Chinese (training station apart, gaps listed), the workbook
// and the CSV files written, exit 0.
func TestReportCommand(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		dsn := testDSN(t, kind)
		h, err := openHQ(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		fillReportRows(t, h)
		h.Close()
		old := reportNow
		reportNow = func() time.Time { return reportToday }
		defer func() { reportNow = old }()

		dir := filepath.Join(t.TempDir(), "月报 输出")
		book := filepath.Join(dir, "总部月报 2026-11.xlsx")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), []string{"report", "--db", dsn, "--month", "2026-11", "--xlsx", book,
			"--csv", filepath.Join(dir, "csv")}, &stdout, &stderr)
		if code != exitOK {
			t.Fatalf("exit %d, stderr %s", code, stderr.String())
		}
		out := stdout.String()
		for _, want := range []string{
			"总部月报 2026年11月（2026-11-01 至 2026-11-30；月末数字截至 2026-11-30）",
			"全部网点合计（2 个网点，3 个站；练习站除外）",
			"收据：有效 4 张 ¥1,800.00（现金 ¥1,400.00，银行卡 ¥300.00，移动支付 ¥100.00）；作废 1 张 ¥120.00；往月收据本月作废 1 张 ¥50.00",
			"保障金：收取 1 笔 ¥600.00，退还 1 笔 ¥600.00，没收 1 笔 ¥600.00；月末在押 4 笔 ¥2,300.00",
			"会员：入户 3，迁出 1，档案转出 1；月末欠费会员 5",
			"HZ01  受理 0  办结 0  收款 ¥0.00",
			"导入：未导入",
			"导入：已导入至第7号（缺第3、5–6号）；第2代密钥已导入至第2号（缺第1号），最近一次导入 12-02 15:30 第2代密钥第2号",
			"QB01 缺号：3、5–6；第2代密钥：1（共 4 个）",
			"收费项目（收费合计 ¥1,200.00，保障金另计）：证明费 1 笔 ¥100.00；人才储备费 2 笔 ¥600.00；户籍卡保障金 1 笔 ¥600.00；落户费 1 笔 ¥500.00",
			"练习站（1 个，不计入以上任何合计）",
			"LX01  受理 1  办结 0  收款 ¥999.00",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("stdout lacks %q:\n%s", want, out)
			}
		}
		if strings.Contains(out, "LX01 缺号") {
			t.Errorf("the training station's gap is listed with the real ones:\n%s", out)
		}
		if strings.Contains(out, "LX01  受理 1  办结 0  收款 ¥999.00  作废 0 张  在押 1 笔 ¥600.00  入户 1  迁出 0  欠费 1  导入：已导入至第3号（缺第2号），最近一次导入 11-02 09:00 第3号\n  业务") {
			t.Errorf("the training station is printed in full without --training:\n%s", out)
		}
		stdout.Reset()
		if code := run(context.Background(), []string{"report", "--db", dsn, "--month", "2026-11", "--training"}, &stdout, &stderr); code != exitOK {
			t.Fatalf("--training: exit %d, stderr %s", code, stderr.String())
		}
		if want := "（缺第2号），最近一次导入 11-02 09:00 第3号\n  业务：新建 1，受理 1，办结 0，取消 0\n  收据：有效 1 张 ¥999.00"; !strings.Contains(stdout.String(), want) {
			t.Errorf("--training does not print the training station in full (%q):\n%s", want, stdout.String())
		}
		if _, err := excelize.OpenFile(book); err != nil {
			t.Errorf("workbook: %v", err)
		}
		if _, err := os.Stat(filepath.Join(dir, "csv", "2026-11-导出缺号.csv")); err != nil {
			t.Errorf("CSV: %v", err)
		}
	})
}

// TestReportMonthRefused: a wrong --month is refused in Chinese with exit
// 2, before the database is opened (nothing is created).
func TestReportMonthRefused(t *testing.T) {
	old := reportNow
	reportNow = func() time.Time { return reportToday }
	defer func() { reportNow = old }()
	db := filepath.Join(t.TempDir(), "总部 库", "hq.db")
	for _, c := range []struct{ month, want string }{
		{"", "请用 --month 指定月份，如 --month 2026-11"},
		{"11月", "月份“11月”格式不正确：请按 2026-11 的格式填写 --month"},
		{"2026-11-05", "格式不正确：请按 2026-11 的格式填写"},
		{"2026-13", "月份“13”无效：请选择1到12月"},
		{"1999-01", "年份“1999”无效"},
		{"2027-01", "2027年1月还没有开始"},
		{"abc", "月份“abc”格式不正确"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), []string{"report", "--db", db, "--month", c.month}, &stdout, &stderr)
		if code != exitUsage || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("--month %q: exit %d, stderr %q; want exit 2 and %q", c.month, code, stderr.String(), c.want)
		}
	}
	if _, err := os.Stat(filepath.Dir(db)); !os.IsNotExist(err) {
		t.Errorf("a refused report created the database folder (%v)", err)
	}
	for _, ok := range []string{"2026-11", "2026/11", "2026年11月", "２０２６-１１", " 2026-1 "} {
		y, m, err := ParseReportMonth(ok, reportToday)
		want := time.November
		if strings.TrimSpace(ok) == "2026-1" {
			want = time.January
		}
		if err != nil || y != 2026 || m != want {
			t.Errorf("ParseReportMonth(%q) = %d, %d, %v", ok, y, m, err)
		}
	}
}

// planQuerier runs every query after recording SQLite's plan of it.
type planQuerier struct {
	h     *hqDB
	plans []string
}

func (p *planQuerier) Query(ctx context.Context, query string, args ...any) (hqRows, error) {
	rows, err := p.h.Query(ctx, "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		return nil, err
	}
	var plan []string
	for rows.Next() {
		var id, parent, unused any
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			rows.Close()
			return nil, err
		}
		plan = append(plan, detail)
	}
	rows.Close()
	p.plans = append(p.plans, strings.Join(strings.Fields(query), " ")+"\n    "+strings.Join(plan, "\n    "))
	return p.h.Query(ctx, query, args...)
}

func (p *planQuerier) QueryRow(ctx context.Context, query string, args ...any) hqRow {
	return p.h.QueryRow(ctx, query, args...)
}

func (p *planQuerier) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	return p.h.Exec(ctx, query, args...)
}

// TestReportSearchesIndexes: on SQLite every query of the month report
// that takes a range of a month (cases, receipts, deposits, membership
// events, renewals) searches one of reportIndexes instead of scanning the
// table, so a month costs what happened in it, not ten years of rows. Only
// the small tables (stations, imports, services) and the members (the
// overdue rule looks at each current member) are read whole.
func TestReportSearchesIndexes(t *testing.T) {
	h := openTestHQ(t, kindSQLite)
	fillReportRows(t, h)
	p := &planQuerier{h: h}
	if _, err := monthReport(context.Background(), reportQuerier{p}, 2026, time.November, reportToday); err != nil {
		t.Fatal(err)
	}
	if len(p.plans) < 10 {
		t.Fatalf("only %d queries recorded", len(p.plans))
	}
	big := map[string]string{"k": "cases", "r": "receipts", "d": "deposits", "e": "membership_events", "n": "renewals"}
	for _, plan := range p.plans {
		for _, line := range strings.Split(plan, "\n")[1:] {
			f := strings.Fields(line)
			if len(f) >= 2 && f[0] == "SCAN" && big[f[1]] != "" {
				t.Errorf("a report query scans %s:\n%s", big[f[1]], plan)
			}
		}
		if strings.Contains(plan, "FROM deposits") && !strings.Contains(plan, "deposits_report_") {
			t.Errorf("a deposit query uses no report index:\n%s", plan)
		}
		if strings.Contains(plan, "d.closed_at >=") && !strings.Contains(plan, "USING INDEX deposits_report_closed") {
			t.Errorf("a query of deposits closed since a day does not search by closed_at:\n%s", plan)
		}
	}
	t.Logf("plans:\n%s", strings.Join(p.plans, "\n"))
}

// TestBehindMatchesOverdueSince: the report's quick test of a member
// behind with a fee (feeSpans.behind) answers as forms.FeeTable.
// OverdueSince for every account: paid or never, joined or left at any
// day around the rate changes, for tables with a ¥0 stretch (档案保管费
// since 2015), a rate starting late (no rate before it: owed) and a rate
// back above 0.
func TestBehindMatchesOverdueSince(t *testing.T) {
	tables := []*forms.FeeTable{
		{Rates: []forms.FeeRate{{From: "2010-01-01", Yearly: 30000}}},
		{Rates: []forms.FeeRate{{From: "2010-01-01", Yearly: 12000}, {From: "2015-01-01", Yearly: 0}}},
		{Rates: []forms.FeeRate{{From: "2012-06-01", Yearly: 0}, {From: "2020-03-01", Yearly: 6000}}},
		{Rates: []forms.FeeRate{{From: "2010-01-01", Yearly: 100}, {From: "2014-01-01", Yearly: 0}, {From: "2016-07-01", Yearly: 200}, {From: "2027-01-01", Yearly: 0}}},
	}
	day := time.Date(2026, 11, 30, 0, 0, 0, 0, time.Local)
	var dates []time.Time
	dates = append(dates, time.Time{})
	for _, s := range []string{"2009-12-31", "2010-01-01", "2012-05-31", "2012-06-01", "2013-12-31", "2014-01-01", "2014-12-31",
		"2015-01-01", "2016-06-30", "2016-07-01", "2020-02-29", "2020-03-01", "2026-11-29", "2026-11-30", "2026-12-01", "2027-06-30"} {
		d, err := forms.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		dates = append(dates, d)
	}
	n, owed := 0, 0
	for _, table := range tables {
		sp := feeSpans(table.ChargedSpans(day))
		for _, paid := range dates {
			for _, since := range dates {
				for _, until := range dates {
					a := forms.FeeAccount{PaidThrough: paid, MemberSince: since, MemberUntil: until}
					_, want := table.OverdueSince(a, day)
					if got := sp.behind(a, day); got != want {
						t.Errorf("rates %v, paid %s since %s until %s: behind %v, OverdueSince %v", table.Rates,
							forms.FormatDate(paid), forms.FormatDate(since), forms.FormatDate(until), got, want)
					}
					n++
					if want {
						owed++
					}
				}
			}
		}
	}
	if owed == 0 || owed == n {
		t.Fatalf("%d of %d accounts owe: the cases do not tell the two apart", owed, n)
	}
}

// TestStationLineImportState: the one-line summary says the highest export
// imported and the missing numbers, and names the latest import as such —
// after importing 4, 3, 1, 2 the line said "最后导入：第2号", read as "the
// newest export we have is 2" (trial 15, item 6).
func TestStationLineImportState(t *testing.T) {
	s := &StationMonth{Branch: "XL", Station: 1,
		Exports: []ExportState{{Gen: 1, Highest: 4, Missing: []int64{2}}},
		Last:    &ImportRow{Gen: 1, Number: 2, ImportedAt: "2026-11-30 13:02:05", FileName: "XL01-export-000002.cdx"}}
	line := stationLine(s)
	if want := "导入：已导入至第4号（缺第2号），最近一次导入 11-30 13:02 第2号"; !strings.HasSuffix(line, want) {
		t.Errorf("line %q does not end with %q", line, want)
	}
	if strings.Contains(line, "最后导入") {
		t.Errorf("line %q still says 最后导入", line)
	}
	s.Exports[0].Missing = nil
	if want := "导入：已导入至第4号（无缺号），最近一次导入 11-30 13:02 第2号"; !strings.HasSuffix(stationLine(s), want) {
		t.Errorf("no gaps: line %q does not end with %q", stationLine(s), want)
	}
	s.Exports, s.Last = nil, nil
	if !strings.HasSuffix(stationLine(s), "导入：未导入") {
		t.Errorf("nothing imported: %q", stationLine(s))
	}
}
