package store

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"path/filepath"
	"strconv"
	"sync"
)

// The change sequence and the export high-water mark (issue 15).
//
// Migration 0014 keeps, in the table changes, the latest change of every
// row of an exported table (ExportTables) with a sequence number seq that
// every write advances (triggers; AUTOINCREMENT, so never reused). An
// export covers the seqs (from, to] and is numbered 1, 2, 3… per station.
//
// Restoring a backup rolls both back: the changes table and the exports
// table. Head office has the exports made since and must never get a seq or
// an export number twice. So, as receipts.hwm does for receipt numbers,
// the file exports.hwm beside the database keeps the last change seq and
// export number that left the station; it is rewritten (write, fsync,
// rename) after every export's commit and only grows. At start-up
// (reconcileExportMark) the database's AUTOINCREMENT counter of changes is
// raised to the file's seq and export_floor to its number and seq, so the
// next change and the next export come after them.

// exportMarkFile is the name of the export high-water-mark file beside the
// database.
const exportMarkFile = "exports.hwm"

// exportMarkLocks serialises rewrites of a mark file within the process.
var exportMarkLocks sync.Map // path → *sync.Mutex

func (db *DB) exportMarkPath() string { return filepath.Join(db.DataDir(), exportMarkFile) }

// exportMark is what exports.hwm holds: the last change seq an export
// covered and the last export number.
type exportMark struct {
	seq, number int64
}

// readExportMark reads the file; a missing file, or lines that do not
// parse, count as 0.
func readExportMark(path string) exportMark {
	var m exportMark
	for _, f := range markFileLines(path) {
		if len(f) != 2 {
			continue
		}
		v, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil || v < 0 {
			continue
		}
		switch f[0] {
		case "seq":
			m.seq = max(m.seq, v)
		case "export":
			m.number = max(m.number, v)
		}
	}
	return m
}

// raiseExportMark raises exports.hwm to the change seq and export number
// of an export just committed (Export calls it after the commit), keeping
// the higher of each, and rewrites the file durably when either grew. A
// failure is returned for the caller to log: the export is committed and
// its file written; start-up writes the database's marks again.
func (db *DB) raiseExportMark(seq, number int64) error {
	return raiseExportMarkFile(db.exportMarkPath(), exportMark{seq: seq, number: number})
}

func raiseExportMarkFile(path string, m exportMark) error {
	mu, _ := exportMarkLocks.LoadOrStore(path, &sync.Mutex{})
	mu.(*sync.Mutex).Lock()
	defer mu.(*sync.Mutex).Unlock()
	cur := readExportMark(path)
	if m.seq <= cur.seq && m.number <= cur.number {
		return nil
	}
	cur.seq, cur.number = max(cur.seq, m.seq), max(cur.number, m.number)
	var b bytes.Buffer
	b.WriteString("# Counter Desk export high-water mark: the last change seq and export number sent to head office.\n")
	b.WriteString("# 柜台通导出高水位记录。请勿修改或删除：恢复备份后据此避免重复使用导出编号和变更序号。\n")
	fmt.Fprintf(&b, "seq %d\nexport %d\n", cur.seq, cur.number)
	if err := writeFileSync(path, b.Bytes()); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// reconcileExportMark runs at start-up, after the migrations: it raises the
// changes table's AUTOINCREMENT counter to the file's seq and export_floor
// to the file's marks (the database may be a restored backup), then writes
// the database's own marks (its last export) into the file, which may lag
// after a crash between an export's commit and the file's rewrite.
func (db *DB) reconcileExportMark(ctx context.Context) error {
	path := db.exportMarkPath()
	m := readExportMark(path)
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := renumberUnexported(ctx, tx, m.seq); err != nil {
		return err
	}
	if err := raiseChangeCounter(ctx, tx, m.seq); err != nil {
		return err
	}
	if err := markRestoredRows(ctx, tx, m); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx,
		"UPDATE export_floor SET number = max(number, ?), seq = max(seq, ?) WHERE singleton = 1",
		m.number, m.seq); err != nil {
		return fmt.Errorf("raise export floor: %w", err)
	}
	var last exportMark
	if err := tx.QueryRowContext(ctx,
		"SELECT COALESCE(MAX(number), 0), COALESCE(MAX(to_seq), 0) FROM exports").Scan(&last.number, &last.seq); err != nil {
		return fmt.Errorf("read last export: %w", err)
	}
	if err := tx.commit(); err != nil {
		return err
	}
	if last.number > m.number || last.seq > m.seq {
		if err := raiseExportMarkFile(path, last); err != nil {
			log.Printf("store: export high-water mark: %v", err)
		}
	}
	return nil
}

// renumberUnexported moves the changes this database has not exported
// (seq above its newest export's to_seq) above mark, the last seq that left
// the station, when any of them is at or below it. That happens when the
// database is a restored backup (or was upgraded from one made before
// 0014): its unexported seqs were given again, to other changes, before
// the restore, and head office has those. Renumbered, every change the
// restored database still holds is newer than anything head office has,
// so head office ends up with the station's data as it now is. The order of
// the changes is kept. Two steps (negate, then shift) so no seq collides
// on the way.
func renumberUnexported(ctx context.Context, tx *txn, mark int64) error {
	if mark <= 0 {
		return nil
	}
	var exported int64
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(to_seq), 0) FROM exports").Scan(&exported); err != nil {
		return fmt.Errorf("read last export: %w", err)
	}
	if exported >= mark {
		return nil
	}
	var below int64
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM changes WHERE seq > ? AND seq <= ?", exported, mark).Scan(&below); err != nil {
		return fmt.Errorf("count changes to renumber: %w", err)
	}
	if below == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, "UPDATE changes SET seq = -seq WHERE seq > ?", exported); err != nil {
		return fmt.Errorf("renumber changes: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "UPDATE changes SET seq = ? - seq WHERE seq < 0", mark-exported); err != nil {
		return fmt.Errorf("renumber changes: %w", err)
	}
	var top int64
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq), 0) FROM changes").Scan(&top); err != nil {
		return fmt.Errorf("read change sequence: %w", err)
	}
	log.Printf("store: %d changes not yet exported were at or below seq %d of %s (a restored database); moved above it (now up to %d)",
		below, mark, exportMarkFile, top)
	return raiseChangeCounter(ctx, tx, top)
}

// raiseChangeCounter makes the next change seq greater than seq: it raises
// SQLite's AUTOINCREMENT counter of changes (sqlite_sequence) when it is
// below.
func raiseChangeCounter(ctx context.Context, tx *txn, seq int64) error {
	if seq <= 0 {
		return nil
	}
	res, err := tx.ExecContext(ctx,
		"UPDATE sqlite_sequence SET seq = ? WHERE name = 'changes' AND seq < ?", seq, seq)
	if err != nil {
		return fmt.Errorf("raise change sequence: %w", err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	// No row yet (nothing was ever recorded) or already high enough.
	if _, err := tx.ExecContext(ctx, `INSERT INTO sqlite_sequence (name, seq)
		SELECT 'changes', ? WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'changes')`, seq); err != nil {
		return fmt.Errorf("start change sequence: %w", err)
	}
	return nil
}

// maxChangeSeq returns the highest seq in changes (0 when none): the end of
// the range the next export covers.
func maxChangeSeq(ctx context.Context, tx *txn) (int64, error) {
	var seq int64
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq), 0) FROM changes").Scan(&seq); err != nil {
		return 0, fmt.Errorf("read change sequence: %w", err)
	}
	return seq, nil
}

// exportFloor returns the last export number and change seq that left the
// station according to exports.hwm as read at start-up (export_floor).
func exportFloor(ctx context.Context, tx *txn) (number, seq int64, err error) {
	if err := tx.QueryRowContext(ctx,
		"SELECT number, seq FROM export_floor WHERE singleton = 1").Scan(&number, &seq); err != nil {
		return 0, 0, fmt.Errorf("read export floor: %w", err)
	}
	return number, seq, nil
}

// markRestoredRows sends the whole restored state again: when exports.hwm
// says exports left the station that the database does not know (a
// restored backup), the first time start-up sees it (export_floor below
// the mark), every row of every exported table gets a new seq above
// everything head office has (resendExportRange over every export the
// database recorded, and markEveryRow for rows without a change entry).
// Without it, a row changed after the backup and exported then would keep
// its newer, lost value at head office for ever, since the restored row's
// seq is older (trial 15b, D3); and a backup from before the first export
// would never send its rows again (that export read them from the
// tables). Rows made after the backup and exported are not at the station
// any more: head office keeps them, and the audit log of the restore says
// so. Costs one full export, once per restore.
func markRestoredRows(ctx context.Context, tx *txn, m exportMark) error {
	if m.number <= 0 {
		return nil
	}
	var lastNumber, lastTo int64
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(number), 0), COALESCE(MAX(to_seq), 0) FROM exports").Scan(&lastNumber, &lastTo); err != nil {
		return fmt.Errorf("read last export: %w", err)
	}
	floor, _, err := exportFloor(ctx, tx)
	if err != nil {
		return err
	}
	if lastNumber >= m.number || floor >= m.number {
		return nil
	}
	n, err := resendExportRange(ctx, tx, 0, lastTo)
	if err != nil {
		return err
	}
	log.Printf("store: the database knows exports up to %d but %s says export %d left the station (a restored backup): %d rows marked to go out again",
		lastNumber, exportMarkFile, m.number, n)
	return nil
}
