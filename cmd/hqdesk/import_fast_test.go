package main

import (
	"path/filepath"
	"strings"
	"testing"

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
