package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"counterdesk/store"
)

// TestImportFirstFileKeyTwice: a station's first import goes into its
// tables without the merge (plain INSERT on SQLite, COPY into the table on
// PostgreSQL); a file that holds the same key twice in a table must still
// import, newer (_gen, _seq) winning whatever the order in the file, exactly
// as when the station already had rows (the merge) — not be refused with a
// unique-key error.
func TestImportFirstFileKeyTwice(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		r := newImportRig(t, kind)
		dir := filepath.Join(t.TempDir(), "重复 主键")
		dup := r.st.write(t, dir, testExport{Number: 4, FromSeq: 30, ToSeq: 40, Parts: []testPart{
			{"customers", []store.ExportRow{
				row(t, "customers", 35, "新的", "c1"), row(t, "customers", 33, "旧的", "c1"),
				row(t, "customers", 34, "王五", "c3"),
				tombstone(37, "c2"), tombstone(32, "c2"), row(t, "customers", 36, "李四", "c2"),
			}},
		}}, r.id.Recipient)
		_, out, errs := runHQ(r.importArgs(dup)...)
		if !strings.Contains(out, "已导入QB01 的第4号导出") {
			t.Fatalf("import of a file with a key twice: %s\n%s", out, errs)
		}
		if name, del, _, seq, ok := customerRow(t, r.dsn, "c1"); !ok || name != "name·新的" || del != 0 || seq != 35 {
			t.Fatalf("c1 = %q deleted=%d seq=%d ok=%v, want the newer row (seq 35)", name, del, seq, ok)
		}
		if _, del, _, seq, ok := customerRow(t, r.dsn, "c2"); !ok || del != 1 || seq != 37 {
			t.Fatalf("c2 deleted=%d seq=%d ok=%v, want the deletion of seq 37", del, seq, ok)
		}
		if _, _, _, seq, ok := customerRow(t, r.dsn, "c3"); !ok || seq != 34 {
			t.Fatalf("c3 seq=%d ok=%v", seq, ok)
		}
		// The same file into a database that already holds the station's
		// rows (the merge) ends the same.
		other := testDSN(t, kind)
		mustRun(t, exitOK, "station", "add", "--db", other, "--branch", "QB", "--station", "01", "--key", r.st.KeyFile)
		mustRun(t, exitOK, "import", "--db", other, "--identity", r.id.Path, r.files[0])
		mustRun(t, exitOK, "import", "--db", other, "--identity", r.id.Path, dup)
		for _, id := range []string{"c1", "c2", "c3"} {
			a1, a2, a3, a4, _ := customerRow(t, r.dsn, id)
			b1, b2, b3, b4, _ := customerRow(t, other, id)
			if a1 != b1 || a2 != b2 || a3 != b3 || a4 != b4 {
				t.Fatalf("%s: first import %q %d %d %d, merged %q %d %d %d", id, a1, a2, a3, a4, b1, b2, b3, b4)
			}
		}
	})
}

// TestImportFirstRowsKeepReportIndexes: the first rows of cases and
// receipts at head office go in with the report's indexes dropped and made
// again after them, in the same transaction: after the import every report
// index exists again, and a refused import leaves them too.
func TestImportFirstRowsKeepReportIndexes(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		r := newImportRig(t, kind)
		dir := filepath.Join(t.TempDir(), "索引 测试")
		file := r.st.write(t, dir, testExport{Number: 1, FromSeq: 0, ToSeq: 10, Parts: []testPart{
			{"cases", []store.ExportRow{row(t, "cases", 1, "甲", "k1"), row(t, "cases", 2, "乙", "k2")}},
			{"receipts", []store.ExportRow{row(t, "receipts", 3, "丙", "r1")}},
		}}, r.id.Recipient)
		// Counted on a connection of its own: openHQ would make missing
		// indexes again.
		count := func() int {
			ctx := context.Background()
			var n int
			if kind == kindPostgres {
				c, err := pgx.Connect(ctx, r.dsn)
				if err != nil {
					t.Fatal(err)
				}
				defer c.Close(ctx)
				if err := c.QueryRow(ctx, "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE '%report%'").Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			db, err := sql.Open("sqlite", r.dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE '%report%'").Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		want := len(reportIndexes())
		if n := count(); n != want {
			t.Fatalf("before: %d report indexes, want %d", n, want)
		}
		mustRun(t, exitOK, r.importArgs(file)...)
		if n := count(); n != want {
			t.Fatalf("after the first import: %d report indexes, want %d", n, want)
		}
		h, err := openHQ(context.Background(), r.dsn)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := h.QueryRow(context.Background(), "SELECT count(*) FROM cases WHERE branch = 'QB' AND created_at IS NOT NULL").Scan(&n); err != nil || n != 2 {
			t.Fatalf("cases imported: %d, %v", n, err)
		}
		h.Close()
	})
}
