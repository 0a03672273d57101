package main

// The round trip of issue 15's "Done means": a training station made by
// store.Demo (what `counterdesk demo` makes) is exported in three parts with
// clerk work between them, registered at head office, imported in the order
// 3, 1, 2, 2, and then every exported table at head office equals the
// station's, row by row — on SQLite and on PostgreSQL (COUNTERDESK_PG_URL;
// scripts/test.sh starts a throwaway server).

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"counterdesk/assets"
	"counterdesk/forms"
	"counterdesk/store"
)

// roundTrip is the station side, made once and shared by both engines.
type roundTrip struct {
	db      *store.DB
	keyFile string    // what `counterdesk keys` prints, saved
	files   [3]string // export 1, 2, 3
	infos   [3]forms.ExportInfo
	id      testIdentity
	member  string // the new member's customer id (export 2)
	voided  string // the voided receipt's id (export 2)
}

// residentID returns a valid 18-digit resident ID number (GB 11643 check
// digit) for birth (YYYYMMDD) and a sequence number.
func residentID(birth string, seq int) string {
	body := fmt.Sprintf("440106%s%03d", birth, seq%1000)
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(body[i]-'0') * weights[i]
	}
	return body + string("10X98765432"[sum%11])
}

// makeRoundTrip builds the training station and its three exports: export 1
// of everything the demo made; then a new member, an edit of an old
// customer, a 借户籍卡 case accepted (receipt and deposit), a fee receipt
// issued and voided, an old deposit refunded — export 2; then a second edit
// of the same customer, the new member's deposit refunded (a row of export 2
// changed again), a contact attempt, a print record, a new user —
// export 3.
func makeRoundTrip(t *testing.T) *roundTrip {
	t.Helper()
	ctx := context.Background()
	cat, err := forms.ParseCatalogue(assets.Catalogue)
	if err != nil {
		t.Fatal(err)
	}
	plan := forms.DemoPlan{Customers: 300, Cases: 600, Days: 45, Seed: 15,
		End: time.Date(2026, 11, 20, 16, 30, 0, 0, time.Local), Password: "lianxi2026", Catalogue: cat}
	dir := filepath.Join(t.TempDir(), "练习 站点")
	if _, err := store.Demo(ctx, dir, plan, nil); err != nil {
		t.Fatalf("demo: %v (%s)", err, forms.ErrorMessage(err))
	}
	now := plan.End.Add(time.Hour)
	tick := func() { now = now.Add(3 * time.Minute) }
	db, err := store.OpenClock(ctx, filepath.Join(dir, store.DBFileName), func() time.Time { return now })
	if err != nil {
		t.Fatalf("open the training station: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v (%s)", what, err, forms.ErrorMessage(err))
		}
	}
	sup, err := db.Login(ctx, forms.DemoSupervisor, plan.Password)
	must("supervisor login", err)
	clerk, err := db.Login(ctx, forms.DemoClerk, plan.Password)
	must("clerk login", err)
	supA := forms.Actor{UserID: sup.ID}
	clerkA := forms.Actor{UserID: clerk.ID}
	approved := forms.Actor{UserID: clerk.ID, ApproverName: forms.DemoSupervisor, ApproverPassword: plan.Password}

	rt := &roundTrip{db: db, id: newTestIdentity(t)}
	must("set head office's recipient", db.SetHQRecipient(ctx, supA, rt.id.Recipient.String()))
	key, err := db.StationKey(ctx)
	must("station key", err)
	keyDir := filepath.Join(t.TempDir(), "站点 公钥")
	os.MkdirAll(keyDir, 0o700)
	rt.keyFile = filepath.Join(keyDir, "XL01 公钥.txt")
	if err := os.WriteFile(rt.keyFile, []byte(key.Text), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "U盘 导出")
	os.MkdirAll(out, 0o700)
	export := func(n int) {
		t.Helper()
		tick()
		info, err := db.Export(ctx, supA, out, nil)
		must(fmt.Sprintf("export %d", n+1), err)
		if info.Number != int64(n+1) {
			t.Fatalf("export %d has number %d", n+1, info.Number)
		}
		rt.infos[n], rt.files[n] = info, info.Path
	}

	export(0)

	// Part 2.
	held, err := db.HeldDeposits(ctx, "")
	must("held deposits", err)
	if len(held) < 2 {
		t.Fatalf("the training station holds %d deposits; the test needs 2", len(held))
	}
	old, err := db.Customer(ctx, held[1].CustomerID)
	must("an old customer", err)
	tick()
	member := &forms.Customer{Name: "往返测试", IDNumber: residentID("19950612", 15), Mobile: "13900001515",
		Member: true, MemberSince: time.Date(2021, 3, 1, 0, 0, 0, 0, time.Local)}
	must("new member", db.CreateCustomer(ctx, clerkA, member))
	tick()
	old.Mobile = "13700001516"
	must("edit a customer", db.UpdateCustomer(ctx, clerkA, old))
	tick()
	c, _, err := db.OpenCase(ctx, clerkA, member.ID, "borrow_card")
	must("open a case", err)
	_, err = db.SaveCase(ctx, clerkA, c.ID, map[string]string{"purpose": "passport"},
		map[string]forms.ItemState{"id_card": {Status: forms.ItemReceived, Originals: 1, Copies: 1}})
	must("save the case", err)
	tick()
	_, _, dep, err := db.AcceptCase(ctx, clerkA, c.ID, forms.Payment{Method: forms.PayCash}, time.Time{})
	must("accept the case", err)
	if dep == nil {
		t.Fatal("借户籍卡 accepted without a deposit")
	}
	tick()
	r, err := db.IssueReceipt(ctx, clerkA, "", member.ID,
		[]forms.ReceiptLine{{Text: "档案保管费", Amount: 12000, Kind: forms.KindFee}}, forms.Payment{Method: forms.PayCash})
	must("issue a receipt", err)
	tick()
	must("void the receipt", db.VoidReceipt(ctx, approved, r.ID, "金额错误，客户实际不需缴纳"))
	rt.member, rt.voided = member.ID, r.ID
	tick()
	refund := func(id string) forms.RefundRequest {
		return forms.RefundRequest{DepositID: id,
			Returned: []string{forms.ReturnedCard, forms.ReturnedPromise, forms.ReturnedReceipt},
			Payment:  forms.Payment{Method: forms.PayCash}}
	}
	_, err = db.RefundDeposit(ctx, approved, refund(held[0].ID))
	must("refund an old deposit", err)

	export(1)

	// Part 3: rows of exports 1 and 2 changed again.
	tick()
	old.Mobile = "13700001517"
	old.Address = "广州市越秀区往返路3号"
	must("edit the customer again", db.UpdateCustomer(ctx, clerkA, old))
	tick()
	_, err = db.RefundDeposit(ctx, approved, refund(dep.ID))
	must("refund the new deposit", err)
	tick()
	must("contact attempt", db.AddContactAttempt(ctx, clerkA, held[1].ID, "电话", "无人接听"))
	tick()
	must("print record", db.RecordPrint(ctx, clerkA, c.ID, "card_promise", 2, true))
	tick()
	_, err = db.AddUser(ctx, supA, "往返客服", forms.RoleClerk, "wangfan2026")
	must("add a user", err)

	export(2)
	return rt
}

// TestRoundTrip exports a training station in three parts, imports them in
// the order 3, 1, 2, 2 and compares every exported table with the station.
func TestRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a training station")
	}
	rt := makeRoundTrip(t)
	ctx := context.Background()

	// What the station changed after export 3 is only export 3's own audit
	// entry (export.make), which export 4 would carry.
	undelivered := stationUndelivered(t, rt.db.Path(), rt.infos[2].ToSeq)
	if len(undelivered) != 1 || !strings.HasPrefix(undelivered[0], "audit_log ") {
		t.Fatalf("changes after export 3: %v, want only export 3's audit entry", undelivered)
	}

	forEachKind(t, func(t *testing.T, kind string) {
		dsn := testDSN(t, kind)
		mustRun(t, exitOK, "station", "add", "--db", dsn, "--branch", forms.DemoBranchCode, "--station", "01",
			"--key", rt.keyFile, "--training")
		imp := func(want int, training bool, n int) (string, string) {
			t.Helper()
			args := []string{"import", "--db", dsn, "--identity", rt.id.Path}
			if training {
				args = append(args, "--training")
			}
			return mustRun(t, want, append(args, rt.files[n-1])...)
		}

		// A training station's export without --training: refused, nothing imported.
		before := checksumOf(t, dsn)
		_, errs := imp(exitRefused, false, 3)
		if !strings.Contains(errs, "练习工作站") || !strings.Contains(errs, "--training") {
			t.Errorf("training export without --training: %q", errs)
		}
		if after := checksumOf(t, dsn); after != before {
			t.Errorf("the refused import changed the database:\n%s\n%s", before, after)
		}

		out, _ := imp(exitOK, true, 3)
		if !strings.Contains(out, "已导入第3号；缺第1、2号") {
			t.Errorf("after export 3 alone the gap is not reported: %q", out)
		}
		out, _ = imp(exitOK, true, 1)
		if !strings.Contains(out, "已导入第1、3号；缺第2号") {
			t.Errorf("after exports 3 and 1: %q", out)
		}
		out, _ = imp(exitOK, true, 2)
		if !strings.Contains(out, "已导入第1、2、3号，没有缺号") || strings.Contains(out, "缺第") {
			t.Errorf("after exports 3, 1 and 2: %q", out)
		}
		before = branchChecksum(t, dsn)
		out, _ = imp(exitOK, true, 2)
		if !strings.Contains(out, "已导入过") {
			t.Errorf("export 2 again: %q", out)
		}
		if after := branchChecksum(t, dsn); after != before {
			t.Errorf("importing export 2 again changed the branch tables")
		}

		h, err := openHQ(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer h.Close()
		total := 0
		for _, spec := range store.ExportTables {
			st := stationRows(t, rt.db.Path(), spec, rt.infos[2].ToSeq)
			hq := hqTableRows(t, h, spec, forms.DemoBranchCode, forms.DemoStation)
			compareRows(t, spec, st, hq)
			total += len(st)
		}
		if total < 2000 {
			t.Errorf("only %d rows compared: the station is too small to prove anything", total)
		}
		if !t.Failed() {
			t.Logf("%s: %d rows in %d tables equal the station's", kind, total, len(store.ExportTables))
		}

		// The comparison can fail: one value changed and one row marked
		// deleted at head office are both reported.
		if _, err := h.Exec(ctx, "UPDATE customers SET mobile = ? WHERE branch = ? AND id = ?", "13000000000", forms.DemoBranchCode, rt.member); err != nil {
			t.Fatal(err)
		}
		if _, err := h.Exec(ctx, "UPDATE receipts SET _deleted = 1 WHERE branch = ? AND id = ?", forms.DemoBranchCode, rt.voided); err != nil {
			t.Fatal(err)
		}
		var rec recorder
		for _, name := range []string{"customers", "receipts"} {
			spec, _ := store.ExportTableByName(name)
			compareRows(&rec, spec, stationRows(t, rt.db.Path(), spec, rt.infos[2].ToSeq), hqTableRows(t, h, spec, forms.DemoBranchCode, forms.DemoStation))
		}
		got := strings.Join(rec.errs, "\n")
		if !strings.Contains(got, "customers ["+rt.member+"]: mobile is s\"13900001515\" at the station, s\"13000000000\" at head office") ||
			!strings.Contains(got, "receipts: the station has") {
			t.Errorf("a changed value and a deleted row at head office were not both reported:\n%s", got)
		}
	})
}

// reporter is what compareRows reports to: the test, or a recorder when
// the test proves the comparison can fail.
type reporter interface {
	Helper()
	Errorf(format string, args ...any)
}

// recorder keeps what compareRows reported.
type recorder struct{ errs []string }

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// rtRow is one row: its key values and every exported column.
type rtRow struct {
	key  []any
	vals []any
}

// stationConn opens the station's database read-only beside the store's
// own handle.
func stationConn(t *testing.T, path string) *sql.DB {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: "mode=ro&_pragma=busy_timeout(5000)"}
	conn, err := sql.Open("sqlite", u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// stationUndelivered lists "table key" of the station's rows whose latest
// change is after seq.
func stationUndelivered(t *testing.T, path string, seq int64) []string {
	t.Helper()
	rows, err := stationConn(t, path).Query("SELECT tbl, k1, k2 FROM changes WHERE seq > ? ORDER BY seq", seq)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var tbl string
		var k1, k2 any
		if err := rows.Scan(&tbl, &k1, &k2); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s %v %v", tbl, k1, k2))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// stationRows reads a table of the station: every exported column of every
// row whose latest change is at or before seq (the last export's end; rows
// changed later are not delivered yet), sorted by key.
func stationRows(t *testing.T, path string, spec store.ExportTable, seq int64) []rtRow {
	t.Helper()
	cols := specColumns(spec)
	k2 := "''"
	if len(spec.Key) > 1 {
		k2 = "t." + quoteIdent(spec.Key[1])
	}
	q := fmt.Sprintf("SELECT %s FROM %s AS t WHERE NOT EXISTS (SELECT 1 FROM changes c WHERE c.tbl = ? AND c.k1 = t.%s AND c.k2 = %s AND c.seq > ?)",
		prefixed("t.", cols), quoteIdent(spec.Name), quoteIdent(spec.Key[0]), k2)
	rows, err := stationConn(t, path).Query(q, spec.Name, seq)
	if err != nil {
		t.Fatalf("station %s: %v", spec.Name, err)
	}
	defer rows.Close()
	return collectRows(t, spec, cols, func(dest ...any) error { return rows.Scan(dest...) }, rows.Next, rows.Err)
}

// hqTableRows reads a table at head office: the station's live rows, without
// HQ's own columns, sorted by key.
func hqTableRows(t *testing.T, h *hqDB, spec store.ExportTable, branch string, station int) []rtRow {
	t.Helper()
	cols := specColumns(spec)
	rows, err := h.Query(context.Background(), fmt.Sprintf("SELECT %s FROM %s WHERE branch = ? AND station = ? AND _deleted = 0",
		prefixed("", cols), quoteIdent(spec.Name)), branch, station)
	if err != nil {
		t.Fatalf("head office %s: %v", spec.Name, err)
	}
	defer rows.Close()
	return collectRows(t, spec, cols, rows.Scan, rows.Next, rows.Err)
}

func specColumns(spec store.ExportTable) []string {
	cols := make([]string, len(spec.Columns))
	for i, c := range spec.Columns {
		cols[i] = c.Name
	}
	return cols
}

func prefixed(p string, cols []string) string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = p + quoteIdent(c)
	}
	return strings.Join(out, ", ")
}

// collectRows scans every row and sorts them by key: integers by value,
// anything else by its canonical text (neither engine's collation is used).
func collectRows(t *testing.T, spec store.ExportTable, cols []string, scan func(...any) error, next func() bool, errf func() error) []rtRow {
	t.Helper()
	keyAt := make([]int, len(spec.Key))
	for j, k := range spec.Key {
		keyAt[j] = -1
		for i, c := range cols {
			if c == k {
				keyAt[j] = i
			}
		}
		if keyAt[j] < 0 {
			t.Fatalf("%s: key column %s is not exported", spec.Name, k)
		}
	}
	var out []rtRow
	for next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := scan(ptrs...); err != nil {
			t.Fatalf("%s: %v", spec.Name, err)
		}
		r := rtRow{vals: vals}
		for _, i := range keyAt {
			r.key = append(r.key, vals[i])
		}
		out = append(out, r)
	}
	if err := errf(); err != nil {
		t.Fatalf("%s: %v", spec.Name, err)
	}
	sort.Slice(out, func(i, j int) bool { return keyLess(out[i].key, out[j].key) })
	return out
}

func keyLess(a, b []any) bool {
	for i := range a {
		x, xok := asInt(a[i])
		y, yok := asInt(b[i])
		if xok && yok {
			if x != y {
				return x < y
			}
			continue
		}
		if ca, cb := canonical(a[i]), canonical(b[i]); ca != cb {
			return ca < cb
		}
	}
	return false
}

func asInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case int32:
		return int64(x), true
	case int16:
		return int64(x), true
	}
	return 0, false
}

// compareRows reports, per table, a different row count and the first rows
// (by key) that differ, naming the columns.
func compareRows(t reporter, spec store.ExportTable, st, hq []rtRow) {
	t.Helper()
	if len(st) != len(hq) {
		t.Errorf("%s: the station has %d rows, head office %d", spec.Name, len(st), len(hq))
	}
	bad := 0
	for i := 0; i < len(st) && i < len(hq) && bad < 5; i++ {
		if keyLess(st[i].key, hq[i].key) || keyLess(hq[i].key, st[i].key) {
			t.Errorf("%s row %d: key %v at the station, %v at head office", spec.Name, i, st[i].key, hq[i].key)
			bad++
			continue
		}
		for c := range st[i].vals {
			if a, b := canonical(st[i].vals[c]), canonical(hq[i].vals[c]); a != b {
				t.Errorf("%s %v: %s is %s at the station, %s at head office", spec.Name, st[i].key, spec.Columns[c].Name, a, b)
				bad++
			}
		}
	}
}
