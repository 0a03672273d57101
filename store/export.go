package store

// The export to head office (issue 15; SPEC "Export to head office (USB)").
//
// Export writes every row whose latest change (the `changes` table, kept
// by the triggers of migration 0014) lies in (last export's to_seq, newest
// seq] into one file (exportfile.go: encrypted to head office's age
// recipient, signed by the station's key); the station's first export
// writes every row of every exported table instead. The rows are read from
// a read-only snapshot, so the counter keeps working during a long export;
// the export is recorded afterwards in one short write transaction.
// The file is written under a temporary name in the chosen folder (a USB
// stick), fsynced, read back and checked, copied the same way into the data
// folder's exports folder, and only then renamed into place and recorded.
// Any failure removes what it wrote and records nothing, so the next export
// still covers everything not yet delivered.
//
// The kept copy is what RewriteExport writes again when a stick was lost:
// byte for byte, because head office refuses a different file under an
// export number it has already imported (a replay).

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"

	"counterdesk/forms"

	"filippo.io/age"
)

// ExportDirName is the folder in the data folder that keeps a copy of
// every export file, for RewriteExport.
const ExportDirName = "exports"

// Audit actions of the export.
const (
	ActExportMake    = "export.make"    // an export file was written and recorded
	ActExportRewrite = "export.rewrite" // an earlier export was written again (a stick was lost)
	ActExportResend  = "export.resend"  // an earlier export's kept copy was gone: its changes go out again with the next export
)

// ProgramVersion is the program's version written into every export's
// header. A release build sets it with
// -ldflags "-X counterdesk/store.ProgramVersion=1.2.0"; when it is empty
// the module version Go stamped into the binary is used, else "dev".
var ProgramVersion = ""

// programVersion returns the version for an export's header.
func programVersion() string {
	if ProgramVersion != "" {
		return ProgramVersion
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// exportCreate creates the file an export (or its kept copy) is written
// to. Tests replace it with a writer that fails after some bytes, as a
// pulled stick or a full disk does.
var exportCreate = func(path string) (io.WriteCloser, error) {
	return os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
}

// exportOwnActions are the audit actions exports themselves write: they
// alone do not make a new export worth writing (see pendingChanges).
var exportOwnActions = []string{ActExportMake, ActExportRewrite}

// Export writes everything changed since the last export to a new file in
// dir (the first export: every row), read from one read-only snapshot, then
// records it in one short write transaction, and returns what it wrote; the file is
// also kept in the data folder's exports folder. It needs a supervisor
// (the logged-in user, or one approving on a clerk's screen: EFORBIDDEN
// otherwise). It is refused (ECONFLICT) when head office's recipient is not
// set, (EINVALID) when dir is missing or cannot be written, and with
// forms.ErrNothingToExport (code forms.ENOCHANGE, not a failure) when
// nothing changed since the last export. progress, when not nil, is called
// on the calling goroutine with the rows written so far and the total,
// about every 1% (at most every 10,000 rows). A failed write (a full disk:
// "U盘空间不足…"; a pulled stick: "写入失败，U盘可能已拔出…") removes what
// it wrote and records nothing: the next export still covers everything.
// Exports of one database are serialised within the process; an export
// recorded meanwhile by another process makes this one fail (ECONFLICT)
// with its files removed.
func (db *DB) Export(ctx context.Context, a forms.Actor, dir string, progress func(done, total int64)) (forms.ExportInfo, error) {
	mu := db.exportLock()
	mu.Lock()
	defer mu.Unlock()
	info, cleanup, err := db.export(ctx, a, dir, progress)
	if err != nil {
		cleanup()
		return forms.ExportInfo{}, err
	}
	if err := db.raiseExportMark(info.ToSeq, info.Number); err != nil {
		log.Printf("store: export high-water mark: %v", err)
	}
	return info, nil
}

// exportLocks serialises the exports (and rewrites) of one database file
// within the process: an export builds its file outside any write
// transaction, so two at once would both take the same number.
var exportLocks sync.Map // database path → *sync.Mutex

func (db *DB) exportLock() *sync.Mutex {
	mu, _ := exportLocks.LoadOrStore(db.Path(), &sync.Mutex{})
	return mu.(*sync.Mutex)
}

// exportPlan is what an export read from its snapshot before writing the
// file.
type exportPlan struct {
	w                    *who
	st                   *forms.Station
	dir                  string // the checked, absolute folder written to
	recipient            *age.X25519Recipient
	key                  ed25519.PrivateKey
	lastNumber, from, to int64
	number               int64
	first, training      bool
	tally                map[string]int64
	total                int64
	now                  time.Time
}

// planExport reads, in the snapshot tx, everything an export needs before
// its rows: who, where, the range, the number, the row counts.
func (db *DB) planExport(ctx context.Context, tx *txn, a forms.Actor, dir string) (*exportPlan, error) {
	p := &exportPlan{now: tx.now}
	var err error
	if p.w, err = supervisorActor(ctx, tx, a); err != nil {
		return nil, err
	}
	if p.st, err = findStation(ctx, tx); err != nil {
		return nil, err
	}
	if p.recipient, err = exportRecipient(ctx, tx); err != nil {
		return nil, err
	}
	if p.dir, err = checkExportDir(dir); err != nil {
		return nil, err
	}
	if p.key, err = stationSigner(ctx, tx); err != nil {
		return nil, err
	}
	if p.lastNumber, p.from, err = lastExportMark(ctx, tx); err != nil {
		return nil, err
	}
	if p.to, err = maxChangeSeq(ctx, tx); err != nil {
		return nil, err
	}
	p.first = firstExport(p.lastNumber, p.from)
	if p.first && p.to == 0 {
		// Set-up and the upgrade write an audit entry: a station with
		// no change at all is broken, and its export could not be told
		// apart from the next one's.
		return nil, forms.Errorf(forms.EINTERNAL, "本机的变动序号为 0（设置或升级时应已记录至少一条操作记录），不能做第一次导出。请联系技术支持。")
	}
	if !p.first {
		if n, err := pendingChanges(ctx, tx, p.from, p.to); err != nil {
			return nil, err
		} else if n == 0 {
			return nil, forms.ErrNothingToExport(p.lastNumber)
		}
	}
	if p.number, err = db.exportNumber(ctx, tx); err != nil {
		return nil, err
	}
	if p.first {
		p.tally, p.total, err = tableTally(ctx, tx)
	} else {
		p.tally, p.total, err = changeTally(ctx, tx, p.from, p.to)
	}
	if err != nil {
		return nil, err
	}
	if p.training, err = isTraining(ctx, tx); err != nil {
		return nil, err
	}
	return p, nil
}

// export does Export's work: the file from a read-only snapshot (a clerk's
// save is never kept waiting by it), then the record in one short write
// transaction. cleanup removes every file it wrote; Export calls it when
// export fails.
func (db *DB) export(ctx context.Context, a forms.Actor, dir string, progress func(done, total int64)) (info forms.ExportInfo, cleanup func(), err error) {
	var written []string
	cleanup = func() {
		for _, p := range written {
			os.Remove(p)
		}
	}
	tx, err := db.beginRead(ctx)
	if err != nil {
		return info, cleanup, err
	}
	defer tx.Rollback()
	p, err := db.planExport(ctx, tx, a, dir)
	if err != nil {
		return info, cleanup, err
	}
	dir = p.dir
	st, number, from, to := p.st, p.number, p.from, p.to
	name := forms.ExportFileName(st.Code(), number)
	keptDir := filepath.Join(db.DataDir(), ExportDirName)
	if err := os.MkdirAll(keptDir, 0o700); err != nil {
		return info, cleanup, unwritable(keptDir, err)
	}
	cleanExportTemps(keptDir, st.Code())
	cleanExportTemps(dir, st.Code())

	h := ExportHeader{
		Format: 1, Branch: st.BranchCode, Station: st.Number, StationID: st.ID,
		Number: number, FromSeq: from, ToSeq: to, Training: p.training, CreatedAt: p.now,
		Program: programVersion(), Schema: len(migrationFiles()), PublicKey: p.key.Public().(ed25519.PublicKey),
	}
	tmp := exportTemp(dir, name)
	written = append(written, tmp)
	f, err := exportCreate(tmp)
	if err != nil {
		return info, cleanup, exportDriveError(dir, err)
	}
	out := &exportSink{w: f, h: sha256.New()}
	bw := bufio.NewWriterSize(out, 1<<20)
	counts, rows, err := func() (map[string]int64, int64, error) {
		ew, err := NewExportWriter(bw, h, p.key, p.recipient)
		if err != nil {
			return nil, 0, err
		}
		// After a failure the compressing goroutine must stop before
		// out is looked at.
		defer ew.abort()
		counts, rows, err := writeExportRows(ctx, tx, ew, p.tally, p.first, from, to, p.total, progress)
		if err != nil {
			return nil, 0, err
		}
		if _, err := ew.Close(); err != nil {
			return nil, 0, err
		}
		if err := bw.Flush(); err != nil {
			return nil, 0, err
		}
		return counts, rows, nil
	}()
	// The snapshot is no longer needed.
	tx.Rollback()
	if err == nil {
		err = syncClose(f)
	} else {
		f.Close()
	}
	if out.err != nil || (err != nil && isWriteFailure(err)) {
		if out.err != nil {
			err = out.err
		}
		return info, cleanup, exportDriveError(dir, err)
	} else if err != nil {
		return info, cleanup, err
	}
	sum := hex.EncodeToString(out.h.Sum(nil))
	if err := verifyExportFile(tmp, out.n, sum, h); err != nil {
		return info, cleanup, err
	}

	// The kept copy, the same safe way, before either is renamed.
	keptTmp := exportTemp(keptDir, name)
	written = append(written, keptTmp)
	if err := copyExportFile(tmp, keptTmp); err != nil {
		return info, cleanup, exportKeepError(keptDir, err)
	}
	if err := verifyExportFile(keptTmp, out.n, sum, h); err != nil {
		return info, cleanup, err
	}
	kept := filepath.Join(keptDir, name)
	final := filepath.Join(dir, name)
	if err := os.Rename(keptTmp, kept); err != nil {
		return info, cleanup, exportKeepError(keptDir, err)
	}
	written = append(written, kept)
	syncDir(keptDir)
	if err := os.Rename(tmp, final); err != nil {
		return info, cleanup, exportDriveError(dir, err)
	}
	written = append(written, final)
	syncDir(dir)

	sup := p.w.supervisor()
	info = forms.ExportInfo{Number: number, FromSeq: from, ToSeq: to, At: p.now, User: sup.Name,
		FileName: name, Path: final, SHA256: sum, Size: out.n, Rows: rows, Counts: counts}
	if err := db.recordExport(ctx, p, info); err != nil {
		return forms.ExportInfo{}, cleanup, err
	}
	return info, cleanup, nil
}

// recordExport records a written export (the exports row and the audit
// entry) in one short write transaction, after checking that its number is
// still free and that no export was recorded since its snapshot was read
// (ECONFLICT otherwise: the caller removes the files).
func (db *DB) recordExport(ctx context.Context, p *exportPlan, info forms.ExportInfo) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	lastNumber, from, err := lastExportMark(ctx, tx)
	if err != nil {
		return err
	}
	var taken int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM exports WHERE number >= ?", info.Number).Scan(&taken); err != nil {
		return fmt.Errorf("check export number: %w", err)
	}
	if lastNumber != p.lastNumber || from != p.from || taken > 0 {
		return forms.Errorf(forms.ECONFLICT, "导出期间本机另有一次导出已经完成（第%d号），本次导出作废，文件已删除。请重新导出一次。", lastNumber)
	}
	countsJSON, err := json.Marshal(info.Counts)
	if err != nil {
		return fmt.Errorf("export counts: %w", err)
	}
	sup := p.w.supervisor()
	if _, err := tx.ExecContext(ctx, `INSERT INTO exports
		(number, from_seq, to_seq, created_at, user_id, file_name, sha256, size, rows, counts)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		info.Number, info.FromSeq, info.ToSeq, ts(info.At), sup.ID, info.FileName, info.SHA256, info.Size, info.Rows,
		string(countsJSON)); err != nil {
		return fmt.Errorf("record export %d: %w", info.Number, err)
	}
	if err := audit(ctx, tx, p.w, auditRec{action: ActExportMake, entity: "export", entityID: fmt.Sprint(info.Number),
		after: exportAuditRecord(info), note: fmt.Sprintf("第%d号导出：变动序号 %d–%d，共 %d 行，写入 %s",
			info.Number, info.FromSeq+1, info.ToSeq, info.Rows, info.Path)}); err != nil {
		return err
	}
	return tx.commit()
}

// exportAuditRecord is what the audit log keeps of an export: everything
// but the per-table counts (they are in the exports table).
func exportAuditRecord(e forms.ExportInfo) forms.ExportInfo {
	e.Counts = nil
	return e
}

// exportRecipient reads head office's age recipient; a station without one
// is refused: the export must be encrypted to head office.
func exportRecipient(ctx context.Context, tx *txn) (*age.X25519Recipient, error) {
	v, set, err := storedSetting(ctx, tx, forms.SettingHQRecipient)
	if err != nil {
		return nil, err
	}
	v = strings.TrimSpace(v)
	if !set || v == "" {
		return nil, forms.Errorf(forms.ECONFLICT, "尚未设置总部公钥，不能导出：导出文件须加密给总部。请主管在 设置 → 总部公钥 中导入总部发来的公钥文件（hq-recipient.txt），"+
			"或在命令行运行 counterdesk hq-key --data 数据文件夹 --user 主管用户名 公钥文件（密码从标准输入读），然后再导出。")
	}
	r, err := age.ParseX25519Recipient(v)
	if err != nil {
		return nil, forms.Errorf(forms.ECONFLICT, "设置中的总部公钥无效（%v），不能导出。请主管在 设置 → 总部公钥 中重新导入总部发来的公钥文件，"+
			"或运行 counterdesk hq-key --data 数据文件夹 --user 主管用户名 公钥文件。", err)
	}
	return r, nil
}

// lastExportMark returns the newest export's number and the end of the
// change range exports have covered (0, 0 before the first): the newest
// export's to_seq, or the seq exports.hwm says left the station when that
// is higher (a restored database that has not seen the last exports; at
// start-up its unexported changes were moved above that seq).
func lastExportMark(ctx context.Context, tx *txn) (number, toSeq int64, err error) {
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(number), 0), coalesce(max(to_seq), 0) FROM exports").
		Scan(&number, &toSeq); err != nil {
		return 0, 0, fmt.Errorf("read last export: %w", err)
	}
	floorNumber, floorSeq, err := exportFloor(ctx, tx)
	if err != nil {
		return 0, 0, err
	}
	return max(number, floorNumber), max(toSeq, floorSeq), nil
}

// exportNumber is the next export's number: above every number this
// station may have used, those in exports and the floor from exports.hwm
// (nextExportNumber), and also the kept copies' names (the mark file may
// be lost with the database).
func (db *DB) exportNumber(ctx context.Context, tx *txn) (int64, error) {
	n, err := nextExportNumber(ctx, tx)
	if err != nil {
		return 0, err
	}
	if entries, err := os.ReadDir(filepath.Join(db.DataDir(), ExportDirName)); err == nil {
		for _, e := range entries {
			if _, k, ok := forms.ParseExportFileName(e.Name()); ok && k >= n {
				n = k + 1
			}
		}
	}
	return n, nil
}

// pendingChanges counts the changes in (from, to] that call for an export:
// all but the audit entries exports themselves wrote.
func pendingChanges(ctx context.Context, tx *txn, from, to int64) (int64, error) {
	var n int64
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM changes c WHERE c.seq > ? AND c.seq <= ?
		AND NOT (c.tbl = 'audit_log' AND EXISTS (SELECT 1 FROM audit_log a WHERE a.seq = c.k1 AND a.action IN (?, ?)))`,
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

// exportSink counts and hashes what reaches the file and keeps the first
// write error, so a failure of the drive is told apart from one of the
// database.
type exportSink struct {
	w   io.Writer
	h   hash.Hash
	n   int64
	err error
}

func (s *exportSink) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	s.h.Write(p[:n])
	s.n += int64(n)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	if err != nil {
		s.err = err
	}
	return n, err
}

// syncClose fsyncs (when the writer can) and closes.
func syncClose(w io.WriteCloser) error {
	if s, ok := w.(interface{ Sync() error }); ok {
		if err := s.Sync(); err != nil {
			w.Close()
			return &driveError{err}
		}
	}
	if err := w.Close(); err != nil {
		return &driveError{err}
	}
	return nil
}

// driveError marks an error of the drive met outside Write (fsync,
// close).
type driveError struct{ err error }

func (e *driveError) Error() string { return e.err.Error() }
func (e *driveError) Unwrap() error { return e.err }

func isWriteFailure(err error) bool {
	var e *driveError
	return errors.As(err, &e)
}

// exportTemp is the temporary name an export file is written under in dir.
func exportTemp(dir, name string) string { return filepath.Join(dir, "."+name+".tmp") }

// cleanExportTemps removes the temporary files a killed or failed export
// of station code left in dir (the kept folder, or the stick); another
// station's are left alone.
func cleanExportTemps(dir, code string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		n := e.Name()
		if e.Type().IsRegular() && strings.HasPrefix(n, ".") && strings.HasSuffix(n, ".cdx.tmp") {
			if c, _, ok := forms.ParseExportFileName(strings.TrimSuffix(strings.TrimPrefix(n, "."), ".tmp")); ok && c == code {
				removeLogged(filepath.Join(dir, n))
			}
		}
	}
}

// checkExportDir makes dir absolute and checks that it is a folder.
func checkExportDir(dir string) (string, error) {
	dir = strings.TrimSpace(dir)
	if dir == "" {
		return "", forms.Errorf(forms.EINVALID, "请选择导出到哪个U盘或文件夹")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", forms.Errorf(forms.EINVALID, "导出文件夹“%s”无效（%v），请重新选择", dir, err)
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return "", forms.Errorf(forms.EINVALID, "找不到导出文件夹“%s”（U盘可能没有插上或已拔出）。请插好U盘，或选择其他文件夹后重试。", abs)
	}
	if !fi.IsDir() {
		return "", forms.Errorf(forms.EINVALID, "“%s”不是文件夹，请选择U盘或一个文件夹", abs)
	}
	return abs, nil
}

// isDiskFull reports whether err says the disk is full.
func isDiskFull(err error) bool {
	if errors.Is(err, syscall.ENOSPC) {
		return true
	}
	var errno syscall.Errno
	if runtime.GOOS == "windows" && errors.As(err, &errno) {
		return errno == 112 || errno == 39 // ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL
	}
	return false
}

const exportNothingKept = "本次没有记录任何导出，下次导出仍会包含全部尚未送达总部的变动。"

// exportWriteError is the clerk's message for a failure to write in dir.
func exportDriveError(dir string, err error) error {
	switch {
	case isDiskFull(err):
		return forms.Errorf(forms.EINVALID, "U盘空间不足，导出没有完成：“%s”所在的磁盘已满。请换一个空间足够的U盘（或删去其中不需要的文件）后重新导出。%s", dir, exportNothingKept)
	case errors.Is(err, os.ErrPermission):
		return forms.Errorf(forms.EINVALID, "无法在文件夹“%s”中写入导出文件（没有写入权限，或U盘的写保护开关已打开）。请换一个U盘或文件夹后重试。%s", dir, exportNothingKept)
	default:
		return forms.Errorf(forms.EINVALID, "写入失败，U盘可能已拔出或已损坏（%v）。导出没有完成，请插好U盘后重新导出。%s", err, exportNothingKept)
	}
}

// exportKeepError is the message for a failure to keep the copy in the data folder.
func exportKeepError(dir string, err error) error {
	if isDiskFull(err) {
		return forms.Errorf(forms.EINTERNAL, "本机磁盘空间不足，无法在“%s”中保留导出文件的副本，导出没有完成。请联系技术支持清理磁盘。%s", dir, exportNothingKept)
	}
	return forms.Errorf(forms.EINTERNAL, "无法在“%s”中保留导出文件的副本（%v），导出没有完成。请联系技术支持。%s", dir, err, exportNothingKept)
}

// copyExportFile copies src to dst (created by exportCreate), fsynced.
func copyExportFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := exportCreate(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return syncClose(out)
}

// verifyExportFile reads a written export back: its size and SHA-256 must
// be what was written, and its header must be sound, signed and the one
// meant.
func verifyExportFile(path string, size int64, sum string, want ExportHeader) error {
	gotSize, gotSum, err := fileSum(path)
	if err == nil && (gotSize != size || gotSum != sum) {
		err = fmt.Errorf("读回 %d 字节，SHA-256 %s；应为 %d 字节，%s", gotSize, gotSum, size, sum)
	}
	if err == nil {
		var f *os.File
		if f, err = os.Open(path); err == nil {
			var h ExportHeader
			h, err = ReadExportHeader(f, size)
			f.Close()
			if err == nil && (h.Number != want.Number || h.FromSeq != want.FromSeq || h.ToSeq != want.ToSeq ||
				h.StationID != want.StationID) {
				err = fmt.Errorf("文件头与本次导出不符")
			}
		}
	}
	if err != nil {
		detail := err.Error()
		var fe *forms.Error
		if errors.As(err, &fe) {
			detail = fe.Message
		}
		return forms.Errorf(forms.EINVALID, "导出文件写入后读回核对不符（%s），U盘可能有故障或已拔出。请换一个U盘后重新导出。%s",
			detail, exportNothingKept)
	}
	return nil
}

// RewriteExport writes export number n again into dir: a byte-identical
// copy of the file kept in the data folder's exports folder (head office
// refuses a different file under a number it has imported). It needs a
// supervisor. Refused: ENOTFOUND for a number never exported; ECONFLICT
// when the kept copy is missing or altered (its SHA-256 differs from the
// one recorded) — then nothing is written to dir, and the rows export n
// carried that did not change since are marked to go out again with the
// next export, as the message says; EINVALID for a missing or unwritable
// dir. The same safe write as Export; audited.
func (db *DB) RewriteExport(ctx context.Context, a forms.Actor, n int64, dir string) (forms.ExportInfo, error) {
	mu := db.exportLock()
	mu.Lock()
	defer mu.Unlock()
	tx, err := db.begin(ctx)
	if err != nil {
		return forms.ExportInfo{}, err
	}
	defer tx.Rollback()
	w, err := supervisorActor(ctx, tx, a)
	if err != nil {
		return forms.ExportInfo{}, err
	}
	e, err := findExport(ctx, tx, db.DataDir(), n)
	if err != nil {
		return forms.ExportInfo{}, err
	}
	if dir, err = checkExportDir(dir); err != nil {
		return forms.ExportInfo{}, err
	}
	kept := e.Path
	if size, sum, err := fileSum(kept); err != nil || size != e.Size || sum != e.SHA256 {
		// The file head office may already have cannot be made again:
		// send the rows again, under new change numbers, with the next
		// export.
		moved, rerr := resendExportRange(ctx, tx, e.FromSeq, e.ToSeq)
		if rerr != nil {
			return forms.ExportInfo{}, rerr
		}
		if err := audit(ctx, tx, w, auditRec{action: ActExportResend, entity: "export", entityID: fmt.Sprint(n),
			note: fmt.Sprintf("第%d号导出的保留副本缺失或已被改动，不能重新写出；其中仍未变动的 %d 行随下一次导出重新发送", n, moved)}); err != nil {
			return forms.ExportInfo{}, err
		}
		if err := tx.commit(); err != nil {
			return forms.ExportInfo{}, err
		}
		return forms.ExportInfo{}, forms.Errorf(forms.ECONFLICT, "本机保留的第%d号导出文件（%s）已缺失或被改动，不能重新写出，U盘中没有写入任何文件。"+
			"第%d号导出中的变动会由下一次新的导出重新带给总部：请现在做一次“导出到总部”，把新的导出文件交给总部。", n, e.FileName, n)
	}
	tmp := exportTemp(dir, e.FileName)
	final := filepath.Join(dir, e.FileName)
	written := []string{tmp}
	fail := func(err error) (forms.ExportInfo, error) {
		for _, p := range written {
			os.Remove(p)
		}
		return forms.ExportInfo{}, err
	}
	if err := copyExportFile(kept, tmp); err != nil {
		return fail(exportDriveError(dir, err))
	}
	h, err := readKeptHeader(kept, e.Size)
	if err != nil {
		return fail(err)
	}
	if err := verifyExportFile(tmp, e.Size, e.SHA256, h); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, final); err != nil {
		return fail(exportDriveError(dir, err))
	}
	written = append(written, final)
	syncDir(dir)
	if err := audit(ctx, tx, w, auditRec{action: ActExportRewrite, entity: "export", entityID: fmt.Sprint(n),
		note: fmt.Sprintf("重新写出第%d号导出（变动序号 %d–%d，共 %d 行）到 %s", n, e.FromSeq+1, e.ToSeq, e.Rows, final)}); err != nil {
		return fail(err)
	}
	if err := tx.commit(); err != nil {
		return fail(err)
	}
	e.Path = final
	return *e, nil
}

// readKeptHeader reads the header of a kept export file.
func readKeptHeader(path string, size int64) (ExportHeader, error) {
	f, err := os.Open(path)
	if err != nil {
		return ExportHeader{}, fmt.Errorf("open kept export: %w", err)
	}
	defer f.Close()
	return ReadExportHeader(f, size)
}

// resendExportRange gives the changes still in (from, to] new sequence
// numbers above every other, so the next export carries them again. It
// returns how many moved.
func resendExportRange(ctx context.Context, tx *txn, from, to int64) (int64, error) {
	var top int64
	if err := tx.QueryRowContext(ctx, `SELECT max(coalesce((SELECT max(seq) FROM changes), 0),
		coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'changes'), 0))`).Scan(&top); err != nil {
		return 0, fmt.Errorf("read newest change: %w", err)
	}
	res, err := tx.ExecContext(ctx, "UPDATE changes SET seq = seq + ? WHERE seq > ? AND seq <= ?", top-from, from, to)
	if err != nil {
		return 0, fmt.Errorf("resend changes: %w", err)
	}
	moved, _ := res.RowsAffected()
	if from == 0 {
		// A first export read every row from the tables, not only
		// those with a change entry: mark every row again, as the fill
		// of 0014 used to.
		n, err := markEveryRow(ctx, tx)
		if err != nil {
			return 0, err
		}
		moved += n
	}
	// AUTOINCREMENT takes the next seq above sqlite_sequence: keep it
	// above the moved ones.
	if _, err := tx.ExecContext(ctx, `UPDATE sqlite_sequence SET seq = (SELECT max(seq) FROM changes)
		WHERE name = 'changes' AND seq < (SELECT max(seq) FROM changes)`); err != nil {
		return 0, fmt.Errorf("raise change sequence: %w", err)
	}
	return moved, nil
}

// markEveryRow gives every row of every exported table that has no change
// entry one (a new seq), in ExportTables order, each table in its own
// order, so the next export carries it. It returns how many it marked.
func markEveryRow(ctx context.Context, tx *txn) (int64, error) {
	var all int64
	for _, t := range ExportTables {
		k2 := "''"
		if len(t.Key) > 1 {
			k2 = quoteIdent(t.Key[1])
		}
		// changes has no triggers: OR IGNORE keeps the rows already
		// marked as they are.
		res, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO changes (tbl, k1, k2) SELECT ?, "+
			quoteIdent(t.Key[0])+", "+k2+" FROM "+quoteIdent(t.Name), t.Name)
		if err != nil {
			return 0, fmt.Errorf("mark %s for the next export: %w", t.Name, err)
		}
		n, _ := res.RowsAffected()
		all += n
	}
	return all, nil
}

// Exports lists the exports made, newest first. Path is the copy kept in
// the data folder's exports folder.
func (db *DB) Exports(ctx context.Context) ([]forms.ExportInfo, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return listExports(ctx, tx, db.DataDir(), "ORDER BY e.number DESC")
}

func findExport(ctx context.Context, tx *txn, dataDir string, n int64) (*forms.ExportInfo, error) {
	es, err := listExports(ctx, tx, dataDir, "WHERE e.number = ?", n)
	if err != nil {
		return nil, err
	}
	if len(es) == 0 {
		return nil, forms.Errorf(forms.ENOTFOUND, "本机没有第%d号导出，请从导出记录中选择要重新写出的一次", n)
	}
	return &es[0], nil
}

func listExports(ctx context.Context, tx *txn, dataDir, where string, args ...any) ([]forms.ExportInfo, error) {
	return queryAll(ctx, tx, "exports", func(r interface{ Scan(...any) error }) (*forms.ExportInfo, error) {
		var e forms.ExportInfo
		var at, counts string
		if err := r.Scan(&e.Number, &e.FromSeq, &e.ToSeq, &at, &e.User, &e.FileName, &e.SHA256, &e.Size, &e.Rows, &counts); err != nil {
			return nil, err
		}
		e.At = parseTS(at)
		e.Path = filepath.Join(dataDir, ExportDirName, e.FileName)
		if err := json.Unmarshal([]byte(counts), &e.Counts); err != nil {
			return nil, fmt.Errorf("export %d counts: %w", e.Number, err)
		}
		return &e, nil
	}, `SELECT e.number, e.from_seq, e.to_seq, e.created_at, coalesce(u.name, ''), e.file_name, e.sha256, e.size,
		e.rows, e.counts FROM exports e LEFT JOIN users u ON u.id = e.user_id `+where, args...)
}

// ExportStatus says what the export screen shows: the changes not yet
// exported, the last export, and the fingerprints of the station's signing
// key and of head office's recipient ("" when none is set).
func (db *DB) ExportStatus(ctx context.Context) (forms.ExportStatus, error) {
	var s forms.ExportStatus
	tx, err := db.beginRead(ctx)
	if err != nil {
		return s, err
	}
	defer tx.Rollback()
	last, err := listExports(ctx, tx, db.DataDir(), "ORDER BY e.number DESC LIMIT 1")
	if err != nil {
		return s, err
	}
	if len(last) > 0 {
		s.Last = last[0]
	}
	lastNumber, from, err := lastExportMark(ctx, tx)
	if err != nil {
		return s, err
	}
	s.First = firstExport(lastNumber, from)
	to, err := maxChangeSeq(ctx, tx)
	if err != nil {
		return s, err
	}
	if s.Pending, err = pendingChanges(ctx, tx, from, to); err != nil {
		return s, err
	}
	if pub, _, err := currentStationKey(ctx, tx); err == nil {
		s.KeyFingerprint = KeyFingerprint(pub)
	}
	if v, set, err := storedSetting(ctx, tx, forms.SettingHQRecipient); err != nil {
		return s, err
	} else if v = strings.TrimSpace(v); set && v != "" {
		s.RecipientFingerprint = RecipientFingerprint(v)
	}
	return s, nil
}
