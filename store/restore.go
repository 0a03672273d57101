package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"counterdesk/forms"
)

// DBFileName is the database's file name in the data folder.
const DBFileName = "counterdesk.db"

// refuseBackup is the message for a backup file that cannot be restored.
func refuseBackup(path, why string) error {
	return &forms.Error{Code: forms.EINVALID, Key: KeyDamaged,
		Message: fmt.Sprintf("备份文件“%s”不能用于恢复：%s。当前数据库没有任何改动。", path, why)}
}

// CheckBackup checks a backup file before a restore, without changing it or
// anything else: it must be a whole SQLite file that passes PRAGMA
// integrity_check, a Counter Desk database with a station, from this
// station (the station of the current database in dataDir, or of the
// receipt high-water mark there when the database cannot be read), and of
// a schema version this program knows. An encrypted copy (.db.age) is
// refused with the key KeyRecoveryCodeNeeded: see CheckBackupCode.
func CheckBackup(ctx context.Context, dataDir, path string) (forms.BackupCheck, error) {
	return CheckBackupCode(ctx, dataDir, path, "")
}

// CheckBackupCode is CheckBackup for a file that may be an encrypted copy
// (.db.age): it is decrypted with the branch's recovery code (code) into a
// private temporary file in dataDir, which is checked like a plain backup
// and removed. Size and SHA256 are of the file as stored. A wrong code is
// refused (EINVALID) with nothing changed; code is ignored for a plain file.
func CheckBackupCode(ctx context.Context, dataDir, path, code string) (forms.BackupCheck, error) {
	_, done, chk, err := openBackup(ctx, dataDir, path, code)
	done()
	return chk, err
}

// openBackup checks the backup at path (decrypting an encrypted one with
// code first) and returns the plain file to read (path itself, or the
// decrypted temporary file) and done, which removes a temporary file.
func openBackup(ctx context.Context, dataDir, path, code string) (plain string, done func(), chk forms.BackupCheck, err error) {
	done = func() {}
	fi, err := os.Stat(path)
	if err != nil || fi.IsDir() || !isAgeFile(path) {
		chk, err = checkBackupFile(ctx, dataDir, path, path)
		return path, done, chk, err
	}
	chk = forms.BackupCheck{Path: path, Encrypted: true}
	size, sum, err := fileSum(path)
	if err != nil {
		return "", done, chk, refuseBackup(path, "无法读取该文件")
	}
	tmp, err := decryptBackup(ctx, dataDir, path, code) // refuses a code of the wrong form first
	if err != nil {
		return "", done, chk, err
	}
	done = func() { os.Remove(tmp) }
	chk, err = checkBackupFile(ctx, dataDir, tmp, path)
	chk.Path, chk.Size, chk.SHA256, chk.Encrypted = path, size, sum, true
	if err != nil {
		done()
		return "", func() {}, chk, err
	}
	return tmp, done, chk, nil
}

// checkBackupFile is CheckBackup of the plain file at path; messages name
// the file as shown (the encrypted copy it was decrypted from).
func checkBackupFile(ctx context.Context, dataDir, path, shown string) (forms.BackupCheck, error) {
	chk := forms.BackupCheck{Path: path}
	refuseBackup := func(_, why string) error { return refuseBackup(shown, why) }
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		return chk, refuseBackup(path, "找不到该文件或无法读取")
	case fi.IsDir():
		return chk, refuseBackup(path, "这是一个文件夹")
	case fi.Size() < 512:
		return chk, refuseBackup(path, "文件不完整（可能复制时中断）")
	}
	f, err := os.Open(path)
	if err != nil {
		return chk, refuseBackup(path, "无法读取该文件")
	}
	head := make([]byte, 100)
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil || !bytes.Equal(head[:len(sqliteHeader)], sqliteHeader) {
		return chk, refuseBackup(path, "它不是柜台通的备份文件（文件头不是SQLite数据库）")
	}
	// The header's page size × page count is the file's size; less is a
	// truncated copy.
	pageSize := int64(head[16])<<8 | int64(head[17])
	if pageSize == 1 {
		pageSize = 65536
	}
	pages := int64(head[28])<<24 | int64(head[29])<<16 | int64(head[30])<<8 | int64(head[31])
	if pages > 0 && fi.Size() < pageSize*pages {
		return chk, refuseBackup(path, "文件不完整（可能复制时中断）")
	}
	chk.Size, chk.SHA256, err = fileSum(path)
	if err != nil {
		return chk, refuseBackup(path, "无法读取该文件")
	}

	// immutable: a backup is never live, and reading it must not create
	// -wal or -shm files beside it or take locks.
	conn, err := sql.Open("sqlite", fileURI(path, "mode=ro&immutable=1"))
	if err != nil {
		return chk, fmt.Errorf("open backup: %w", err)
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	problems, err := integrityProblems(ctx, conn)
	if err != nil {
		return chk, refuseBackup(path, "文件已损坏（"+err.Error()+"）")
	}
	if len(problems) > 0 {
		if len(problems) > 3 {
			problems = problems[:3]
		}
		return chk, refuseBackup(path, "文件已损坏，完整性检查未通过："+strings.Join(problems, "；"))
	}
	chk.SchemaVersion, err = schemaVersion(ctx, conn)
	if err != nil {
		return chk, refuseBackup(path, "读不出数据库版本")
	}
	if chk.SchemaVersion > len(migrationFiles()) {
		return chk, refuseBackup(path, "它来自更新版本的柜台通，请先安装最新版本")
	}
	if chk.SchemaVersion == 0 {
		return chk, refuseBackup(path, "它不是柜台通的数据库")
	}
	if diff, err := schemaDifference(ctx, conn, chk.SchemaVersion); err != nil {
		return chk, refuseBackup(path, "读不出它的数据库结构（"+err.Error()+"）")
	} else if diff != "" {
		return chk, refuseBackup(path, fmt.Sprintf("它的数据库结构与本程序第 %d 版数据库应有的结构不同：%s。"+
			"它可能被其他程序改动过，恢复后无法办理业务；请换用其他备份", chk.SchemaVersion, diff))
	}
	var st forms.Station
	err = conn.QueryRowContext(ctx, "SELECT id, branch_code, number FROM station").Scan(&st.ID, &st.BranchCode, &st.Number)
	if errors.Is(err, sql.ErrNoRows) {
		return chk, refuseBackup(path, "它是一台尚未完成初始设置的电脑的数据库，里面没有业务数据")
	} else if err != nil {
		return chk, refuseBackup(path, "它不是柜台通的数据库")
	}
	chk.StationID, chk.StationCode = st.ID, st.Code()

	id, code := currentStation(ctx, dataDir)
	switch {
	case id != "" && id != chk.StationID:
		return chk, refuseBackup(path, fmt.Sprintf("它是另一台工作站（%s）的数据库，不是本机（%s）的", chk.StationCode, code))
	case id == "" && code != "" && code != chk.StationCode:
		return chk, refuseBackup(path, fmt.Sprintf("它是工作站 %s 的数据库，而本机的收据号记录属于 %s", chk.StationCode, code))
	}

	chk.LastSeq = map[int]int64{}
	rows, err := conn.QueryContext(ctx, "SELECT year, last_seq FROM receipt_counters WHERE station_code = ?", chk.StationCode)
	if err != nil {
		return chk, refuseBackup(path, "读不出收据号")
	}
	defer rows.Close()
	for rows.Next() {
		var y int
		var s int64
		if err := rows.Scan(&y, &s); err != nil {
			return chk, refuseBackup(path, "读不出收据号")
		}
		chk.LastSeq[y] = s
	}
	var newest string
	_ = conn.QueryRowContext(ctx, "SELECT COALESCE(MAX(at), '') FROM audit_log").Scan(&newest)
	chk.TakenAt = parseTS(newest)
	return chk, rows.Err()
}

// currentStation names the station of the data folder: its database's
// station id and code when the database can be read, else the one station
// code of the receipt high-water mark file, else nothing (a new PC).
func currentStation(ctx context.Context, dataDir string) (id, code string) {
	// The database is closed (or damaged): read it immutable, so checking
	// creates no -wal or -shm file and changes nothing. The station row is
	// written at set-up, long since checkpointed into the main file.
	path := filepath.Join(dataDir, DBFileName)
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() && fi.Size() > 0 {
		conn, err := sql.Open("sqlite", fileURI(path, "mode=ro&immutable=1"))
		if err == nil {
			var st forms.Station
			err = conn.QueryRowContext(ctx, "SELECT id, branch_code, number FROM station").Scan(&st.ID, &st.BranchCode, &st.Number)
			conn.Close()
			if err == nil {
				return st.ID, st.Code()
			}
		}
	}
	for _, m := range readHighWater(filepath.Join(dataDir, hwmFile)) {
		return "", m.station
	}
	return "", ""
}

// RestoreResult says what Restore did, for the supervisor to read.
type RestoreResult struct {
	Check      forms.BackupCheck
	KeptAside  string // the previous database's new name; "" when there was none
	Year       int
	BackupSeq  int64 // the backup's last receipt sequence in Year
	MarkSeq    int64 // the high-water mark file's, in Year
	PaperSeq   int64 // the paper 存根联's
	NextNumber string
}

// The restore marker.
//
// A restore never leaves the data folder without a whole database, even
// when the process is killed at any moment (the power fails, the window is
// closed from the task manager). It works in this order:
//
//  1. the marker file restoreMarkerName is written (write, fsync, rename):
//     which backup, the staging file's name and the name the current
//     database will be kept under; state "staging";
//  2. the backup is copied to the staging file beside the database, opened
//     (migrated, receipt counters raised), closed and checked;
//  3. the marker's state becomes "ready";
//  4. the current database and its -wal, -shm and -journal files are renamed
//     to counterdesk.db.before-restore-<time>…, and the staging file is
//     renamed to counterdesk.db;
//  5. the marker is removed.
//
// Opening the database (and every restore) first finishes an interrupted
// one: a "staging" marker is rolled back (the staging files are deleted; the
// current database was never touched), a "ready" marker is rolled forward
// (steps 4 and 5, skipping what was done).

// restoreMarkerName is the marker file of a restore in progress, in the
// data folder.
const restoreMarkerName = "counterdesk.restore"

// Restore marker states.
const (
	markerStaging = "staging" // the staging copy is being made; roll back
	markerReady   = "ready"   // the staging copy is complete; roll forward
)

// restoreMarker is the content of the marker file (JSON). The file names
// are base names in the data folder.
type restoreMarker struct {
	State   string `json:"state"`
	Backup  string `json:"backup"`
	SHA256  string `json:"sha256"`
	Staging string `json:"staging"`
	Aside   string `json:"aside"`
	Started string `json:"started"`
}

// restoreStep is called at each step of a restore with its name; the
// restore crash test's child kills itself there. It does nothing otherwise.
var restoreStep = func(step string) {}

// dbSuffixes are the files SQLite keeps beside a database.
var dbSuffixes = []string{"-wal", "-shm", "-journal"}

func readMarker(dataDir string) (*restoreMarker, error) {
	data, err := os.ReadFile(filepath.Join(dataDir, restoreMarkerName))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	var m restoreMarker
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("restore marker: %w", err)
	}
	// The names are ours; anything else is not followed.
	for _, n := range []string{m.Staging, m.Aside} {
		if n == "" || n != filepath.Base(n) || !strings.HasPrefix(n, DBFileName+".") {
			return nil, fmt.Errorf("restore marker: bad file name %q", n)
		}
	}
	return &m, nil
}

func writeMarker(dataDir string, m *restoreMarker) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return writeFileSync(filepath.Join(dataDir, restoreMarkerName), data)
}

func removeMarker(dataDir string) error {
	if err := os.Remove(filepath.Join(dataDir, restoreMarkerName)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	syncDir(dataDir)
	return nil
}

// syncDir makes renames and removals in dir durable where the OS allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync() // not supported on Windows; renames are durable there anyway
		d.Close()
	}
}

// removeDBFiles removes a database file, the files SQLite keeps beside it
// and its clean-close record (integrity.go).
func removeDBFiles(path string) {
	for _, s := range append([]string{""}, dbSuffixes...) {
		os.Remove(path + s)
	}
	os.Remove(path + cleanSuffix)
}

// exists reports whether a file (or anything) is at path.
func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// RecoverRestore finishes or rolls back a restore in dataDir that was
// interrupted (the process killed, the power cut), and says what it did in
// a sentence for the log; "" when there was nothing to do. The database
// must be closed. Open calls it before it opens the station's database.
func RecoverRestore(dataDir string) (string, error) {
	m, err := readMarker(dataDir)
	if err != nil || m == nil {
		if err != nil {
			return "", &forms.Error{Code: forms.EINTERNAL, Key: KeyDamaged, Message: fmt.Sprintf(
				"数据文件夹“%s”中有一个未完成的恢复记录（%s），但无法读懂它（%v）。程序没有做任何改动，请联系技术支持。",
				dataDir, restoreMarkerName, err)}
		}
		return "", nil
	}
	staging := filepath.Join(dataDir, m.Staging)
	if m.State != markerReady {
		// The current database was never touched: drop the staging copy.
		removeDBFiles(staging)
		syncDir(dataDir)
		if err := removeMarker(dataDir); err != nil {
			return "", err
		}
		return fmt.Sprintf("上次由备份“%s”恢复数据库时程序中断，恢复尚未开始替换数据库，已撤销；当前数据库没有改动。", m.Backup), nil
	}
	if err := swapIn(dataDir, m); err != nil {
		return "", err
	}
	return fmt.Sprintf("上次由备份“%s”恢复数据库时程序中断，已完成该恢复；原数据库保留为“%s”。",
		m.Backup, filepath.Join(dataDir, m.Aside)), nil
}

// swapIn is steps 4 and 5 of a restore whose staging copy is ready: it
// keeps the current database aside and puts the staging copy in its place,
// skipping what an interrupted run already did, then removes the marker.
func swapIn(dataDir string, m *restoreMarker) error {
	dbPath := filepath.Join(dataDir, DBFileName)
	staging := filepath.Join(dataDir, m.Staging)
	aside := filepath.Join(dataDir, m.Aside)
	if exists(staging) {
		// The -wal and -shm first, then the database itself: the staging
		// copy must never meet the old database's WAL.
		for _, s := range append(append([]string{}, dbSuffixes...), "") {
			from, to := dbPath+s, aside+s
			if !exists(from) {
				continue
			}
			if exists(to) {
				return forms.Errorf(forms.EINTERNAL, "无法完成恢复：文件“%s”已存在。请联系技术支持。", to)
			}
			if err := os.Rename(from, to); err != nil {
				return forms.Errorf(forms.EINTERNAL, "无法把当前数据库移到一旁（%v）。请确认柜台通已经关闭后重试。", err)
			}
			if s == "" {
				tighten(to)
			}
			restoreStep("aside" + s)
		}
		syncDir(dataDir)
		for _, s := range dbSuffixes {
			os.Remove(staging + s) // a closed, checked copy has none; never carry one over
		}
		// Clean-close records name the files they were written for: the
		// restored database is checked whole at its first open.
		os.Remove(staging + cleanSuffix)
		os.Remove(dbPath + cleanSuffix)
		if err := os.Rename(staging, dbPath); err != nil {
			return forms.Errorf(forms.EINTERNAL, "无法把恢复的数据库放到位（%v）。请确认柜台通已经关闭后重新打开。", err)
		}
		syncDir(dataDir)
		restoreStep("swapped")
	}
	return removeMarker(dataDir)
}

// Restore replaces the database in dataDir by a checked backup. It must be
// called while the database is closed (the program not running, or its
// store closed). The current database is never overwritten: it is renamed,
// with its -wal and -shm files, to counterdesk.db.before-restore-<time>.
// Numbering then continues after the highest of the backup's counter, the
// high-water mark file and the last number on the paper 存根联 (paperYear,
// paperLastSeq), and the skipped range and the restore are recorded in the
// audit log and receipt_skips, so the day-end report shows them. A restore
// killed at any moment is finished or rolled back by the next Open or
// Restore (see the restore marker above).
func Restore(ctx context.Context, dataDir, backupPath string, paperYear int, paperLastSeq int64) (RestoreResult, error) {
	return RestoreClock(ctx, dataDir, backupPath, paperYear, paperLastSeq, time.Now)
}

// RestoreClock is Restore with the clock the restored database records by.
func RestoreClock(ctx context.Context, dataDir, backupPath string, paperYear int, paperLastSeq int64, now func() time.Time) (RestoreResult, error) {
	return RestoreCode(ctx, dataDir, backupPath, "", paperYear, paperLastSeq, now)
}

// RestoreCode is RestoreClock for a backup that may be an encrypted copy
// (.db.age), decrypted with the branch's recovery code (code) into a
// private temporary file in the data folder, which is removed afterwards.
// Without a code an encrypted copy is refused with the key
// KeyRecoveryCodeNeeded, with a wrong one EINVALID; nothing is changed
// either way.
func RestoreCode(ctx context.Context, dataDir, backupPath, code string, paperYear int, paperLastSeq int64, now func() time.Time) (RestoreResult, error) {
	res := RestoreResult{Year: paperYear, PaperSeq: paperLastSeq}
	if paperYear < 2000 || paperYear > now().Year() {
		return res, forms.Errorf(forms.EINVALID, "存根联上的年份须在2000年到%d年之间", now().Year())
	}
	if paperLastSeq < 0 || paperLastSeq > 999999 {
		return res, forms.Errorf(forms.EINVALID, "存根联最后一张收据的序号须在0到999999之间")
	}
	dataDir, err := filepath.Abs(dataDir)
	if err != nil {
		return res, err
	}
	if note, err := RecoverRestore(dataDir); err != nil {
		return res, err
	} else if note != "" {
		log.Printf("store: %s", note)
	}
	plain, done, chk, err := openBackup(ctx, dataDir, backupPath, code)
	if err != nil {
		return res, err
	}
	defer done()
	res.Check = chk
	res.BackupSeq = chk.LastSeq[paperYear]
	for _, m := range readHighWater(filepath.Join(dataDir, hwmFile)) {
		if m.station == chk.StationCode && m.year == paperYear {
			res.MarkSeq = max(res.MarkSeq, m.seq)
		}
	}

	dbPath := filepath.Join(dataDir, DBFileName)
	stamp := now().Format(backupStamp)
	m := &restoreMarker{State: markerStaging, Backup: backupPath, SHA256: chk.SHA256,
		Staging: DBFileName + ".restoring-" + stamp, Aside: DBFileName + ".before-restore-" + stamp,
		Started: now().Format(time.RFC3339)}
	staging := filepath.Join(dataDir, m.Staging)
	aside := filepath.Join(dataDir, m.Aside)
	for _, p := range []string{staging, aside} {
		for _, s := range append([]string{""}, dbSuffixes...) {
			if exists(p + s) {
				return res, forms.Errorf(forms.EINTERNAL, "文件“%s”已存在，请稍后再试。当前数据库没有改动。", p+s)
			}
		}
	}
	if exists(dbPath) {
		res.KeptAside = aside
	}
	if err := writeMarker(dataDir, m); err != nil {
		return res, forms.Errorf(forms.EINTERNAL, "无法在数据文件夹中记录恢复进度（%v）。当前数据库没有改动。", err)
	}
	restoreStep("marked")
	rollback := func() {
		removeDBFiles(staging)
		if err := removeMarker(dataDir); err != nil {
			log.Printf("store: restore: remove marker: %v", err)
		}
	}
	if err := copyFileSync(plain, staging); err != nil {
		rollback()
		return res, forms.Errorf(forms.EINTERNAL, "无法复制备份文件（%v）。当前数据库没有改动。", err)
	}
	restoreStep("copied")
	if err := prepareRestored(ctx, staging, backupPath, chk, &res, now); err != nil {
		rollback()
		return res, err
	}
	restoreStep("staged")
	m.State = markerReady
	if err := writeMarker(dataDir, m); err != nil {
		rollback()
		return res, forms.Errorf(forms.EINTERNAL, "无法在数据文件夹中记录恢复进度（%v）。当前数据库没有改动。", err)
	}
	restoreStep("ready")
	if err := swapIn(dataDir, m); err != nil {
		// The marker stays "ready": the next start finishes the swap.
		return res, forms.Errorf(forms.ErrorCode(err), "%s 恢复会在下次启动柜台通时自动完成。", forms.ErrorMessage(err))
	}
	return res, nil
}

// prepareRestored opens the staging copy of a backup (which migrates it and
// raises its counters to the high-water mark), raises the counter to the
// paper stub, records the restore, closes it and checks it whole.
func prepareRestored(ctx context.Context, staging, backupPath string, chk forms.BackupCheck, res *RestoreResult, now func() time.Time) error {
	db, err := OpenClock(ctx, staging, now)
	if err != nil {
		return err
	}
	err = func() error {
		tx, err := db.begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		code, paperYear, paperLastSeq := chk.StationCode, res.Year, res.PaperSeq
		last, err := counterSeq(ctx, tx, code, paperYear)
		if err != nil {
			return err
		}
		if paperLastSeq > last {
			reason := fmt.Sprintf("恢复备份后，主管核对纸质存根联，最后一张收据号为 %s，而恢复的数据库只记录到 %s。"+
				"中间的收据号已打印交给客户，跳过不再使用。",
				forms.ReceiptNumber(code, paperYear, paperLastSeq), forms.ReceiptNumber(code, paperYear, last))
			if err := raiseCounter(ctx, tx, nil, code, paperYear, last, paperLastSeq, reason); err != nil {
				return err
			}
			last = paperLastSeq
		}
		res.NextNumber = forms.ReceiptNumber(code, paperYear, last+1)
		note := fmt.Sprintf("由备份“%s”（SHA-256 %s）恢复数据库；原数据库保留为“%s”。收据号：备份记录到 %d，"+
			"高水位记录 %d，存根联 %d；下一张收据号 %s。", backupPath, chk.SHA256, res.KeptAside,
			res.BackupSeq, res.MarkSeq, paperLastSeq, res.NextNumber)
		if err := audit(ctx, tx, nil, auditRec{action: ActRestore, entity: "backup", entityID: filepath.Base(backupPath),
			after: map[string]any{"backup": backupPath, "sha256": chk.SHA256, "kept_aside": res.KeptAside,
				"year": paperYear, "backup_seq": res.BackupSeq, "mark_seq": res.MarkSeq, "paper_seq": paperLastSeq},
			note: note}); err != nil {
			return err
		}
		return tx.commit()
	}()
	if err == nil {
		restoreStep("committed")
	}
	if cerr := db.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close restored database: %w", cerr)
	}
	if err != nil {
		return err
	}
	// The clean-close record Close wrote names the staging file; the
	// restored database gets its whole check at its first open.
	os.Remove(staging + cleanSuffix)
	// Closing the last connection checkpoints the WAL into the file and
	// removes it; a -wal left behind would be lost by the rename.
	for _, s := range dbSuffixes {
		if exists(staging + s) {
			return forms.Errorf(forms.EINTERNAL, "恢复的数据库没有完整写入（%s 仍在）。当前数据库没有改动，请重试。", filepath.Base(staging+s))
		}
	}
	if f, err := os.OpenFile(staging, os.O_RDWR, 0); err == nil {
		f.Sync()
		f.Close()
	}
	if err := checkCopy(ctx, staging); err != nil {
		return forms.Errorf(forms.EINTERNAL, "恢复的数据库检查未通过（%v）。当前数据库没有改动。", err)
	}
	return nil
}
