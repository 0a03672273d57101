package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"counterdesk/store"
)

// TestImportSpeed measures the import of one large export (customers,
// cases and receipts in the proportion of the benchmark station:
// 1 : 3 : 3) on both engines. It runs only when HQDESK_BENCH_ROWS is set
// (e.g. 3500000); the figures go to BENCHMARKS.md.
func TestImportSpeed(t *testing.T) {
	total, _ := strconv.Atoi(os.Getenv("HQDESK_BENCH_ROWS"))
	if total <= 0 {
		t.Skip("set HQDESK_BENCH_ROWS (e.g. 3500000) to measure the import")
	}
	id := newTestIdentity(t)
	st := newTestStation(t, "QB", 1, false)
	tables := []struct {
		name  string
		share int
	}{{"customers", 1}, {"cases", 3}, {"receipts", 3}}
	var parts []testPart
	var seq int64
	for _, tb := range tables {
		spec, _ := store.ExportTableByName(tb.name)
		n := total * tb.share / 7
		rows := make([]store.ExportRow, 0, n)
		for i := 0; i < n; i++ {
			seq++
			vals := make([]any, len(spec.Columns))
			for j, c := range spec.Columns {
				switch c.Type {
				case "INTEGER":
					vals[j] = int64(i + j)
				case "REAL":
					vals[j] = float64(i) / 3
				case "BLOB":
					vals[j] = []byte("b")
				default:
					vals[j] = fmt.Sprintf("%s-%08d 值", c.Name, i)
				}
				if c.Name == spec.Key[0] {
					vals[j] = fmt.Sprintf("%s-%08d", tb.name, i)
				}
			}
			rows = append(rows, store.ExportRow{Seq: seq, Key: []any{fmt.Sprintf("%s-%08d", tb.name, i)}, Values: vals})
		}
		parts = append(parts, testPart{Table: tb.name, Rows: rows})
	}
	start := time.Now()
	file := st.write(t, t.TempDir(), testExport{Number: 1, FromSeq: 0, ToSeq: seq, Parts: parts}, id.Recipient)
	fi, _ := os.Stat(file)
	t.Logf("export of %d rows written in %v (%d MB)", seq, time.Since(start), fi.Size()>>20)
	parts = nil
	forEachKind(t, func(t *testing.T, kind string) {
		dsn := testDSN(t, kind)
		mustRun(t, exitOK, "station", "add", "--db", dsn, "--branch", "QB", "--station", "01", "--key", st.KeyFile)
		start, cpu := time.Now(), cpuTime()
		mustRun(t, exitOK, "import", "--db", dsn, "--identity", id.Path, file)
		t.Logf("%s: imported %d rows in %v (hqdesk's CPU time %v; the server's not counted)", kind, seq, time.Since(start), cpuTime()-cpu)
		start = time.Now()
		mustRun(t, exitOK, "import", "--db", dsn, "--identity", id.Path, file)
		t.Logf("%s: the same file again (already imported) in %v", kind, time.Since(start))
		if kind == kindSQLite {
			fi, _ := os.Stat(dsn)
			t.Logf("sqlite file %s: %d MB", filepath.Base(dsn), fi.Size()>>20)
		}
	})
}
