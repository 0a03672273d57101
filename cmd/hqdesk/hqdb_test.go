package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"counterdesk/store"
)

// hqKinds are the engines every database test runs on.
var hqKinds = []string{kindSQLite, kindPostgres}

// forEachKind runs f as a subtest per engine ("sqlite", "postgres").
func forEachKind(t *testing.T, f func(t *testing.T, kind string)) {
	t.Helper()
	for _, k := range hqKinds {
		t.Run(k, func(t *testing.T) { f(t, k) })
	}
}

// testDSN makes a fresh, empty database of the kind and returns its --db
// value: a SQLite file in a t.TempDir() folder whose path has a space and
// Chinese characters, or a new PostgreSQL database hq_<random> on the server
// of COUNTERDESK_PG_URL, dropped at cleanup. Without that variable the
// PostgreSQL case skips with a message.
func testDSN(t *testing.T, kind string) string {
	t.Helper()
	switch kind {
	case kindSQLite:
		dir := filepath.Join(t.TempDir(), "总部 数据")
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		return filepath.Join(dir, "总部 hq.db")
	case kindPostgres:
		server := os.Getenv("COUNTERDESK_PG_URL")
		if server == "" {
			t.Skip("COUNTERDESK_PG_URL is not set: the PostgreSQL case is skipped (scripts/test.sh starts a server and sets it)")
		}
		var b [6]byte
		rand.Read(b[:])
		name := "hq_" + hex.EncodeToString(b[:])
		ctx := context.Background()
		if err := pgAdmin(ctx, server, "CREATE DATABASE "+name); err != nil {
			t.Fatalf("CREATE DATABASE %s on COUNTERDESK_PG_URL: %v", name, err)
		}
		t.Cleanup(func() {
			if err := pgAdmin(context.Background(), server, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
				t.Errorf("DROP DATABASE %s: %v", name, err)
			}
		})
		dsn, err := withDatabase(server, name)
		if err != nil {
			t.Fatal(err)
		}
		return dsn
	}
	t.Fatalf("unknown kind %q", kind)
	return ""
}

// openTestHQ opens a fresh HQ database of the kind (see testDSN), closed at
// cleanup.
func openTestHQ(t *testing.T, kind string) *hqDB {
	t.Helper()
	h, err := openHQ(context.Background(), testDSN(t, kind))
	if err != nil {
		t.Fatalf("openHQ: %v", err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

// canonical writes one scanned value the same way on both engines.
func canonical(v any) string {
	switch x := v.(type) {
	case nil:
		return "N"
	case int64:
		return fmt.Sprintf("i%d", x)
	case int32:
		return fmt.Sprintf("i%d", x)
	case int16:
		return fmt.Sprintf("i%d", x)
	case int:
		return fmt.Sprintf("i%d", x)
	case bool:
		if x {
			return "i1"
		}
		return "i0"
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return fmt.Sprintf("f%d", int64(x))
		}
		return fmt.Sprintf("f%v", x)
	case string:
		return fmt.Sprintf("s%q", x)
	case []byte:
		return "b" + hex.EncodeToString(x)
	}
	return fmt.Sprintf("?%T%v", v, v)
}

// tableChecksum returns the table's row count and a SHA-256 over all its
// rows (every column, ordered by primary key), the same for equal contents
// on either engine: "<rows>:<hex>".
func tableChecksum(ctx context.Context, h *hqDB, table string) (string, error) {
	rows, err := h.Query(ctx, "SELECT * FROM "+quoteIdent(table))
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var lines []string
	var n int
	for rows.Next() {
		vals, err := scanAll(rows)
		if err != nil {
			return "", err
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = canonical(v)
		}
		lines = append(lines, strings.Join(parts, "|"))
		n++
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	// Sorting the canonical lines orders by primary key (branch, station,
	// key columns come first) without depending on either engine's
	// collation.
	sort.Strings(lines)
	sum := sha256.New()
	for _, l := range lines {
		sum.Write([]byte(l))
		sum.Write([]byte{'\n'})
	}
	return fmt.Sprintf("%d:%x", n, sum.Sum(nil)), nil
}

// scanAll scans a row of any width into values.
func scanAll(rows hqRows) ([]any, error) {
	type columner interface{ Columns() ([]string, error) }
	var width int
	switch r := rows.(type) {
	case columner:
		cols, err := r.Columns()
		if err != nil {
			return nil, err
		}
		width = len(cols)
	case *pgRows:
		width = len(r.r.FieldDescriptions())
	}
	vals := make([]any, width)
	ptrs := make([]any, width)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return nil, err
	}
	return vals, nil
}

// dbChecksum is tableChecksum of every HQ table (branch tables and
// hq_stations, hq_imports), one line per table.
func dbChecksum(t *testing.T, h *hqDB) string {
	t.Helper()
	ctx := context.Background()
	tables := []string{"hq_stations", "hq_imports"}
	for _, x := range store.ExportTables {
		tables = append(tables, x.Name)
	}
	var b strings.Builder
	for _, tb := range tables {
		s, err := tableChecksum(ctx, h, tb)
		if err != nil {
			t.Fatalf("checksum of %s: %v", tb, err)
		}
		fmt.Fprintf(&b, "%s %s\n", tb, s)
	}
	return b.String()
}

// TestOpenHQCreatesSchema: every exported table exists with branch,
// station, the exported columns and _gen, _seq, _deleted; reopening changes
// nothing; hq_meta holds the schema version.
func TestOpenHQCreatesSchema(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		dsn := testDSN(t, kind)
		h, err := openHQ(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		if h.Kind() != kind {
			t.Fatalf("Kind = %q, want %q", h.Kind(), kind)
		}
		for _, x := range store.ExportTables {
			cols, err := h.d.tableColumns(ctx, h, x.Name)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range hqColumns(x) {
				if !cols[strings.ToLower(c)] {
					t.Errorf("table %s lacks column %s (has %v)", x.Name, c, cols)
				}
			}
			if len(cols) != len(hqColumns(x)) {
				t.Errorf("table %s has %d columns, want %d", x.Name, len(cols), len(hqColumns(x)))
			}
		}
		var v string
		if err := h.QueryRow(ctx, "SELECT value FROM hq_meta WHERE key = ?", "schema").Scan(&v); err != nil || v != fmt.Sprint(hqSchemaVersion) {
			t.Fatalf("schema version = %q, %v", v, err)
		}
		before := dbChecksum(t, h)
		h.Close()
		h2, err := openHQ(ctx, dsn)
		if err != nil {
			t.Fatalf("reopen: %v", err)
		}
		defer h2.Close()
		if after := dbChecksum(t, h2); after != before {
			t.Fatalf("reopening changed the database:\n%s\n%s", before, after)
		}
	})
}

// TestOpenHQAddsNewColumns: a newer program exporting one more column
// finds it added to the existing HQ table, rows kept.
func TestOpenHQAddsNewColumns(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		dsn := testDSN(t, kind)
		h, err := openHQ(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		h.Close()
		saved := store.ExportTables
		t.Cleanup(func() { store.ExportTables = saved })
		grown := append([]store.ExportTable(nil), saved...)
		last := grown[len(grown)-1]
		last.Columns = append(append([]store.ExportColumn(nil), last.Columns...), store.ExportColumn{Name: "new_col", Type: "INTEGER"})
		grown[len(grown)-1] = last
		store.ExportTables = grown
		h, err = openHQ(ctx, dsn)
		if err != nil {
			t.Fatalf("reopen with a new column: %v", err)
		}
		defer h.Close()
		cols, err := h.d.tableColumns(ctx, h, last.Name)
		if err != nil || !cols["new_col"] {
			t.Fatalf("new_col not added to %s: %v %v", last.Name, cols, err)
		}
	})
}

// TestOpenHQRefusesNewerSchema: a database made by a newer hqdesk is
// refused, untouched.
func TestOpenHQRefusesNewerSchema(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		dsn := testDSN(t, kind)
		h, err := openHQ(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.Exec(ctx, "UPDATE hq_meta SET value = ? WHERE key = 'schema'", fmt.Sprint(hqSchemaVersion+1)); err != nil {
			t.Fatal(err)
		}
		h.Close()
		_, err = openHQ(ctx, dsn)
		if err == nil || !strings.Contains(err.Error(), "请升级 hqdesk") {
			t.Fatalf("openHQ of a newer database = %v, want 请升级 hqdesk", err)
		}
	})
}

func TestRebind(t *testing.T) {
	pg := dialect{kind: kindPostgres}
	got := pg.rebind(`SELECT a FROM t WHERE b = ? AND c = '?' AND "d?" = ? `)
	want := `SELECT a FROM t WHERE b = $1 AND c = '?' AND "d?" = $2 `
	if got != want {
		t.Fatalf("rebind = %q, want %q", got, want)
	}
	if s := (dialect{kind: kindSQLite}).rebind("x = ?"); s != "x = ?" {
		t.Fatalf("sqlite rebind changed the query: %q", s)
	}
}

func TestRedact(t *testing.T) {
	if got := redact("postgres://hq:secret@db.example:5432/hq"); strings.Contains(got, "secret") {
		t.Fatalf("redact kept the password: %s", got)
	}
}
