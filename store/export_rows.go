// The rows an export carries: what changed in its range (or, for a
// station's first export, every row of every exported table), read from
// the snapshot and written to the export file.

package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// pendingChanges counts the changes in (from, to] that call for an export:
// all but the audit entries exports themselves wrote.
func pendingChanges(ctx context.Context, tx *txn, from, to int64) (int64, error) {
	var n int64
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM changes c WHERE c.seq > ? AND c.seq <= ?
		AND NOT (c.tbl = 'audit_log' AND EXISTS (SELECT 1 FROM audit_log a WHERE a.id = c.k1 AND a.action IN (?, ?)))`,
		from, to, exportOwnActions[0], exportOwnActions[1]).Scan(&n); err != nil {
		return 0, fmt.Errorf("count pending changes: %w", err)
	}
	return n, nil
}

// changeTally counts the changes in (from, to] per table, and in all.
func changeTally(ctx context.Context, tx *txn, from, to int64) (map[string]int64, int64, error) {
	rows, err := tx.QueryContext(ctx, "SELECT tbl, count(*) FROM changes WHERE seq > ? AND seq <= ? GROUP BY tbl", from, to)
	if err != nil {
		return nil, 0, fmt.Errorf("count changes: %w", err)
	}
	defer rows.Close()
	tally := map[string]int64{}
	var total int64
	for rows.Next() {
		var t string
		var n int64
		if err := rows.Scan(&t, &n); err != nil {
			return nil, 0, fmt.Errorf("count changes: %w", err)
		}
		if _, ok := ExportTableByName(t); ok {
			tally[t] = n
			total += n
		}
	}
	return tally, total, rows.Err()
}

// firstExport reports whether an export is the station's first: no export
// recorded and none known from exports.hwm (export_floor). The first export
// reads every row of every exported table straight from the table (0014
// does not fill changes: a large station's upgrade would take minutes),
// each with the export's ToSeq as its seq; no tombstones. Head office keeps
// the newer (_gen, _seq) of a row, and every later change has a seq above
// that ToSeq.
func firstExport(lastNumber, from int64) bool { return lastNumber == 0 && from == 0 }

// tableTally counts the rows of every exported table, and in all: what a
// first export carries.
func tableTally(ctx context.Context, tx *txn) (map[string]int64, int64, error) {
	tally := map[string]int64{}
	var total int64
	for _, t := range ExportTables {
		var n int64
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM "+quoteIdent(t.Name)).Scan(&n); err != nil {
			return nil, 0, fmt.Errorf("count %s: %w", t.Name, err)
		}
		tally[t.Name] = n
		total += n
	}
	return tally, total, nil
}

// exportScanQuery selects every row of a table in its storage order (a
// plain sequential scan, for a first export): its key columns, then its
// columns.
func exportScanQuery(t ExportTable) string {
	var b strings.Builder
	b.WriteString("SELECT ")
	for i, k := range t.Key {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quoteIdent(k))
	}
	for _, c := range t.Columns {
		b.WriteString(", ")
		b.WriteString(quoteIdent(c.Name))
	}
	b.WriteString(" FROM ")
	b.WriteString(quoteIdent(t.Name))
	return b.String()
}

// exportQuery selects a table's changes in a range, joined to the rows as
// they are now: seq, k1, k2, whether the row exists, then its columns.
func exportQuery(t ExportTable) string {
	var b strings.Builder
	b.WriteString("SELECT c.seq, c.k1, c.k2, t.")
	b.WriteString(quoteIdent(t.Key[0]))
	b.WriteString(" IS NOT NULL")
	for _, c := range t.Columns {
		b.WriteString(", t.")
		b.WriteString(quoteIdent(c.Name))
	}
	b.WriteString(" FROM changes c LEFT JOIN ")
	b.WriteString(quoteIdent(t.Name))
	b.WriteString(" t ON t.")
	b.WriteString(quoteIdent(t.Key[0]))
	b.WriteString(" = c.k1")
	if len(t.Key) > 1 {
		b.WriteString(" AND t.")
		b.WriteString(quoteIdent(t.Key[1]))
		b.WriteString(" = c.k2")
	}
	// In the order of the changes index (tbl, k1, k2), not by seq: no
	// sort, and the rows are looked up in key order. Head office merges by
	// seq whatever the order.
	b.WriteString(" WHERE c.tbl = ? AND c.seq > ? AND c.seq <= ?")
	return b.String()
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// writeExportRows streams every changed row, table by table in
// ExportTables order, into ew; a change whose row is gone is a deletion.
// It returns the rows per table and in all.
func writeExportRows(ctx context.Context, tx *txn, ew *ExportWriter, tally map[string]int64, first bool, from, to, total int64,
	progress func(done, total int64)) (map[string]int64, int64, error) {
	step := total / 100
	if step < 1 {
		step = 1
	}
	if step > 10000 {
		step = 10000
	}
	if progress != nil {
		progress(0, total)
	}
	counts := map[string]int64{}
	var done int64
	for _, t := range ExportTables {
		if tally[t.Name] == 0 {
			continue
		}
		if err := ew.Table(t.Name, t.ColumnNames()); err != nil {
			return nil, 0, err
		}
		write := writeExportTable
		if first {
			write = scanExportTable
		}
		n, err := write(ctx, tx, ew, t, from, to, func() {
			done++
			if progress != nil && done%step == 0 {
				progress(done, total)
			}
		})
		if err != nil {
			return nil, 0, err
		}
		counts[t.Name] = n
	}
	if progress != nil && done%step != 0 {
		progress(done, total)
	}
	return counts, done, nil
}

func writeExportTable(ctx context.Context, tx *txn, ew *ExportWriter, t ExportTable, from, to int64, tick func()) (int64, error) {
	rows, err := tx.QueryContext(ctx, exportQuery(t), t.Name, from, to)
	if err != nil {
		return 0, fmt.Errorf("read changes of %s: %w", t.Name, err)
	}
	defer rows.Close()
	vals := make([]any, 4+len(t.Columns))
	dest := make([]any, len(vals))
	for i := range vals {
		dest[i] = &vals[i]
	}
	var n int64
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return n, fmt.Errorf("read changes of %s: %w", t.Name, err)
		}
		r := ExportRow{Seq: exportInt(vals[0])}
		r.Key = []any{exportValue(vals[1])}
		if len(t.Key) > 1 {
			r.Key = append(r.Key, exportValue(vals[2]))
		}
		if exportInt(vals[3]) == 0 {
			r.Deleted = true
		} else {
			r.Values = make([]any, len(t.Columns))
			for i := range t.Columns {
				r.Values[i] = exportValue(vals[4+i])
			}
		}
		if err := ew.Row(r); err != nil {
			return n, err
		}
		n++
		tick()
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("read changes of %s: %w", t.Name, err)
	}
	return n, nil
}

// scanExportTable writes every row of t, read in the table's own order,
// each with seq to (a first export; from is unused).
func scanExportTable(ctx context.Context, tx *txn, ew *ExportWriter, t ExportTable, from, to int64, tick func()) (int64, error) {
	rows, err := tx.QueryContext(ctx, exportScanQuery(t))
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", t.Name, err)
	}
	defer rows.Close()
	nk := len(t.Key)
	vals := make([]any, nk+len(t.Columns))
	dest := make([]any, len(vals))
	for i := range vals {
		dest[i] = &vals[i]
	}
	var n int64
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return n, fmt.Errorf("read %s: %w", t.Name, err)
		}
		r := ExportRow{Seq: to, Key: make([]any, nk), Values: make([]any, len(t.Columns))}
		for i := range nk {
			r.Key[i] = exportValue(vals[i])
		}
		for i := range t.Columns {
			r.Values[i] = exportValue(vals[nk+i])
		}
		if err := ew.Row(r); err != nil {
			return n, err
		}
		n++
		tick()
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("read %s: %w", t.Name, err)
	}
	return n, nil
}

// exportValue brings a scanned value to the types an ExportRow holds:
// nil, int64, float64, string or []byte.
func exportValue(v any) any {
	switch v := v.(type) {
	case nil, int64, float64, string, []byte:
		return v
	case bool:
		if v {
			return int64(1)
		}
		return int64(0)
	case int:
		return int64(v)
	case time.Time:
		return v.UTC().Format(tsLayout)
	default:
		return fmt.Sprint(v)
	}
}

func exportInt(v any) int64 {
	switch v := v.(type) {
	case int64:
		return v
	case bool:
		if v {
			return 1
		}
	case int:
		return int64(v)
	}
	return 0
}
