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
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
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
	p.number = db.exportNumber(p.lastNumber)
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
	v, err := storedRecipient(ctx, tx)
	if err != nil {
		return nil, err
	}
	if v == "" {
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
// station may have used, lastNumber (the newest in exports or the floor
// from exports.hwm, as lastExportMark read it) and also the kept copies'
// names (the mark file may be lost with the database).
func (db *DB) exportNumber(lastNumber int64) int64 {
	n := lastNumber + 1
	if entries, err := os.ReadDir(filepath.Join(db.DataDir(), ExportDirName)); err == nil {
		for _, e := range entries {
			if _, k, ok := forms.ParseExportFileName(e.Name()); ok && k >= n {
				n = k + 1
			}
		}
	}
	return n
}
