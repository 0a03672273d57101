package main

import (
	"bufio"
	"context"
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
// (e.g. 3500000); the figures go to BENCHMARKS.md. The rows are written
// straight into the file (never all in memory).
func TestImportSpeed(t *testing.T) {
	total, _ := strconv.Atoi(os.Getenv("HQDESK_BENCH_ROWS"))
	if total <= 0 {
		t.Skip("set HQDESK_BENCH_ROWS (e.g. 3500000) to measure the import")
	}
	id := newTestIdentity(t)
	st := newTestStation(t, "QB", 1, false)
	start := time.Now()
	file := filepath.Join(t.TempDir(), "QB01-export-000001.cdx")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	seq := int64(total)
	h := store.ExportHeader{Branch: "QB", Station: 1, StationID: st.ID, Number: 1, ToSeq: seq, CreatedAt: time.Now(), Program: "bench", Schema: 14}
	w, err := store.NewExportWriter(bw, h, st.Priv, id.Recipient)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	for _, tb := range []struct {
		name  string
		share int
	}{{"customers", 1}, {"cases", 3}, {"receipts", 3}} {
		spec, _ := store.ExportTableByName(tb.name)
		cols := make([]string, len(spec.Columns))
		for j, c := range spec.Columns {
			cols[j] = c.Name
		}
		if err := w.Table(tb.name, cols); err != nil {
			t.Fatal(err)
		}
		vals := make([]any, len(spec.Columns))
		rows := total * tb.share / 7
		for i := 0; i < rows && n < seq; i++ {
			n++
			key := fmt.Sprintf("%s-%08d", tb.name, i)
			for j, c := range spec.Columns {
				switch {
				case c.Name == spec.Key[0]:
					vals[j] = key
				case c.Type == "INTEGER":
					vals[j] = int64(i + j)
				case c.Type == "REAL":
					vals[j] = float64(i) / 3
				case c.Type == "BLOB":
					vals[j] = []byte("b")
				default:
					vals[j] = fmt.Sprintf("%s %08d 值", c.Name, i)
				}
			}
			if err := w.Row(store.ExportRow{Seq: n, Key: []any{key}, Values: vals}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	fi, _ := os.Stat(file)
	t.Logf("export of %d rows written in %v (%d MB)", n, time.Since(start), fi.Size()>>20)
	forEachKind(t, func(t *testing.T, kind string) {
		dsn := testDSN(t, kind)
		mustRun(t, exitOK, "station", "add", "--db", dsn, "--branch", "QB", "--station", "01", "--key", st.KeyFile)
		start, cpu := time.Now(), cpuTime()
		mustRun(t, exitOK, "import", "--db", dsn, "--identity", id.Path, file)
		t.Logf("%s: imported %d rows in %v (hqdesk's CPU time %v; the server's not counted)", kind, n, time.Since(start), cpuTime()-cpu)
		start = time.Now()
		mustRun(t, exitOK, "import", "--db", dsn, "--identity", id.Path, file)
		t.Logf("%s: the same file again (already imported) in %v", kind, time.Since(start))
		if kind == kindSQLite {
			fi, _ := os.Stat(dsn)
			h, err := openHQ(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			var page int
			if err := h.QueryRow(context.Background(), "PRAGMA page_size").Scan(&page); err != nil {
				t.Fatal(err)
			}
			h.Close()
			t.Logf("sqlite file: %d MB, pages of %d bytes", fi.Size()>>20, page)
		}
	})
}
