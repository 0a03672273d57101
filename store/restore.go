package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
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
// a schema version this program knows.
func CheckBackup(ctx context.Context, dataDir, path string) (forms.BackupCheck, error) {
	chk := forms.BackupCheck{Path: path}
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

// Restore replaces the database in dataDir by a checked backup. It must be
// called while the database is closed (the program not running, or its
// store closed). The current database is never overwritten: it is renamed,
// with its -wal and -shm files, to counterdesk.db.before-restore-<time>.
// Numbering then continues after the highest of the backup's counter, the
// high-water mark file and the last number on the paper 存根联 (paperYear,
// paperLastSeq), and the skipped range and the restore are recorded in the
// audit log and receipt_skips, so the day-end report shows them.
func Restore(ctx context.Context, dataDir, backupPath string, paperYear int, paperLastSeq int64) (RestoreResult, error) {
	return RestoreClock(ctx, dataDir, backupPath, paperYear, paperLastSeq, time.Now)
}

// RestoreClock is Restore with the clock the restored database records by.
func RestoreClock(ctx context.Context, dataDir, backupPath string, paperYear int, paperLastSeq int64, now func() time.Time) (RestoreResult, error) {
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
	chk, err := CheckBackup(ctx, dataDir, backupPath)
	if err != nil {
		return res, err
	}
	res.Check = chk
	res.BackupSeq = chk.LastSeq[paperYear]
	for _, m := range readHighWater(filepath.Join(dataDir, hwmFile)) {
		if m.station == chk.StationCode && m.year == paperYear {
			res.MarkSeq = max(res.MarkSeq, m.seq)
		}
	}

	dbPath := filepath.Join(dataDir, DBFileName)
	stamp := now().Format(backupStamp)
	aside := dbPath + ".before-restore-" + stamp
	var moved [][2]string
	undo := func() {
		for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
			os.Remove(dbPath + suffix)
		}
		for i := len(moved) - 1; i >= 0; i-- {
			os.Rename(moved[i][1], moved[i][0])
		}
	}
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		from, to := dbPath+suffix, aside+suffix
		if _, err := os.Lstat(from); errors.Is(err, os.ErrNotExist) {
			continue
		}
		if _, err := os.Lstat(to); err == nil {
			undo()
			return res, forms.Errorf(forms.EINTERNAL, "文件“%s”已存在，请稍后再试", to)
		}
		if err := os.Rename(from, to); err != nil {
			undo()
			return res, forms.Errorf(forms.EINTERNAL, "无法把当前数据库移到一旁（%v）。请确认柜台通已经关闭后重试。当前数据库没有改动。", err)
		}
		moved = append(moved, [2]string{from, to})
		if suffix == "" {
			res.KeptAside = to
		}
	}
	if err := copyFileSync(backupPath, dbPath); err != nil {
		undo()
		return res, forms.Errorf(forms.EINTERNAL, "无法复制备份文件（%v）。当前数据库已放回原处，没有改动。", err)
	}

	db, err := OpenClock(ctx, dbPath, now)
	if err != nil {
		undo()
		return res, err
	}
	defer db.Close()
	err = func() error {
		tx, err := db.begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		code := chk.StationCode
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
	if err != nil {
		db.Close()
		undo()
		return res, err
	}
	return res, nil
}
