package store

// Backups.
//
// A backup is taken online with VACUUM INTO, never by copying the live file:
// VACUUM INTO reads one consistent snapshot (a read transaction), so receipts
// issued while it runs are either wholly in the copy or wholly not, and the
// copy's receipt numbers run 1…k without gaps. The copy is written to
// <data folder>/backups, checked there (PRAGMA integrity_check) and its
// SHA-256 computed; then the checked file is copied to the folder the
// supervisor chose (a second disk or a USB drive) and its checksum compared.
// A missing or unplugged folder is a warning, not a failure: the local copy
// is still made. Every file is recorded in the backups table and audited.
//
// File names are counterdesk-<station code>-<YYYYMMDD-HHMMSS>.db (or
// counterdesk-before-v<N>-<…>.db before a migration); retention deletes only
// files whose names match, older than the supervisor's number of days, and
// always keeps the newest 7.
//
// Encryption: a backup holds customers' ID numbers. The copy in the
// supervisor's folder is encrypted with age (backupcrypt.go) and named
// <name>.db.age; the copy in the data folder stays plain (it sits on the
// same disk as the database). CheckBackup and Restore decrypt an encrypted
// copy with the recovery code into a private temporary file first; names,
// checksums (of the file as stored) and retention treat both alike.

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"counterdesk/forms"

	"filippo.io/age"
	"github.com/google/uuid"
)

// BackupDirName is the folder in the data folder that holds the local backups.
const BackupDirName = "backups"

// KeepNewestBackups is how many backups retention always keeps, however old.
const KeepNewestBackups = 7

// backupNameRe matches the files this program writes, and only those:
// retention never deletes anything else.
var backupNameRe = regexp.MustCompile(`^counterdesk-(?:[A-Z]{2,4}[0-9]{2}|before-v[0-9]+)-([0-9]{8}-[0-9]{6})(?:-[0-9]+)?\.db(?:\.age)?$`)

const backupStamp = "20060102-150405"

// backupLocks keeps two backups of one database from running at once.
var backupLocks sync.Map // database path → *sync.Mutex

// Backup makes a backup now (supervisor): into the data folder's backups
// folder and the supervisor's folder, checked and recorded. A missing
// supervisor's folder gives a warning in the result, not an error.
func (db *DB) Backup(ctx context.Context, a forms.Actor, reason string) (forms.BackupInfo, error) {
	// A write transaction: checking a supervisor's approval may record a
	// failed attempt.
	tx, err := db.begin(ctx)
	if err != nil {
		return forms.BackupInfo{}, err
	}
	w, err := supervisorActor(ctx, tx, a)
	if err != nil {
		tx.Rollback()
		return forms.BackupInfo{}, err
	}
	if err := tx.commit(); err != nil {
		return forms.BackupInfo{}, err
	}
	if reason == "" {
		reason = "manual"
	}
	return db.backup(ctx, w, reason)
}

// BackupIfDue makes the day's automatic backup at the first start of a day:
// when no good backup was made today. done is false when none was due.
func (db *DB) BackupIfDue(ctx context.Context) (info forms.BackupInfo, done bool, err error) {
	st, err := db.BackupStatus(ctx)
	if err != nil {
		return info, false, err
	}
	now := db.Now()
	if !st.LastGood.IsZero() && forms.Day(st.LastGood).Equal(forms.Day(now)) {
		return info, false, nil
	}
	info, err = db.backup(ctx, nil, "daily")
	return info, err == nil, err
}

// read runs f in a read-only transaction.
func (db *DB) read(ctx context.Context, f func(tx *txn) error) error {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return f(tx)
}

func (db *DB) backup(ctx context.Context, w *who, reason string) (forms.BackupInfo, error) {
	mu, _ := backupLocks.LoadOrStore(db.path, &sync.Mutex{})
	mu.(*sync.Mutex).Lock()
	defer mu.(*sync.Mutex).Unlock()

	now := db.Now()
	info := forms.BackupInfo{At: now, Reason: reason}
	var code, folder, hqRecipient, branchRecipient string
	keepDays := 30
	if err := db.read(ctx, func(tx *txn) error {
		st, err := findStation(ctx, tx)
		if err != nil {
			return err
		}
		code = st.Code()
		if hqRecipient, branchRecipient, err = backupRecipients(ctx, tx); err != nil {
			return err
		}
		if v, set, err := storedSetting(ctx, tx, forms.SettingBackupFolder); err != nil {
			return err
		} else if set {
			folder = v
		}
		if v, set, err := storedSetting(ctx, tx, forms.SettingBackupDays); err != nil {
			return err
		} else if set {
			if n, err := strconv.Atoi(v); err == nil && n > 0 {
				keepDays = n
			}
		}
		return nil
	}); err != nil {
		return info, err
	}

	local := filepath.Join(db.DataDir(), BackupDirName)
	name := "counterdesk-" + code + "-" + now.Format(backupStamp)
	path, err := db.vacuumInto(ctx, local, name)
	if err != nil {
		log.Printf("store: backup: %v", err)
		db.recordBackup(ctx, w, forms.BackupInfo{Path: path, At: now, Reason: reason}, false, err.Error())
		return info, forms.Errorf(forms.EINTERNAL, "备份失败：%v。请检查磁盘空间后重试，或联系技术支持。", err)
	}
	info.Path = path
	info.Size, info.SHA256, err = fileSum(path)
	if err != nil {
		return info, fmt.Errorf("backup checksum: %w", err)
	}

	if folder != "" {
		if fi, err := os.Stat(folder); err != nil || !fi.IsDir() {
			info.Warnings = append(info.Warnings, fmt.Sprintf(
				"备份文件夹“%s”不存在（U盘或移动硬盘可能没有插上），本次只备份到了数据文件夹：%s", folder, path))
		} else if recipients, warning := removableRecipients(hqRecipient, branchRecipient); len(recipients) == 0 {
			info.Warnings = append(info.Warnings, fmt.Sprintf("没有往备份文件夹“%s”写入备份：%s本次只备份到了数据文件夹：%s", folder, warning, path))
		} else if extra, size, sum, err := encryptCopy(path, folder, recipients); err != nil {
			info.Warnings = append(info.Warnings, fmt.Sprintf("无法写入备份文件夹“%s”（%v），本次只备份到了数据文件夹：%s", folder, err, path))
		} else {
			info.ExtraPath, info.ExtraSize, info.ExtraSHA256 = extra, size, sum
			if warning != "" {
				info.Warnings = append(info.Warnings, warning)
			}
		}
	}
	db.recordBackup(ctx, w, info, true, "")

	extraDir := ""
	if info.ExtraPath != "" {
		extraDir = folder
	}
	for _, dir := range []string{local, extraDir} {
		if dir == "" {
			continue
		}
		if dir == extraDir {
			cleanBackupTemps(dir) // copies a kill cut short there
		}
		if _, err := pruneBackups(dir, now, keepDays); err != nil {
			log.Printf("store: backup retention in %s: %v", dir, err)
		}
	}
	return info, nil
}

// removableRecipients returns the age recipients a copy for the
// supervisor's folder is encrypted to, and a warning (Chinese, naming the
// fix) when the branch's is missing (the branch could not restore it);
// no recipients when neither is set (then no copy is written there: a
// plain one would leak the data).
func removableRecipients(hq, branch string) ([]age.Recipient, string) {
	var rs []age.Recipient
	for _, s := range []string{hq, branch} {
		if s == "" {
			continue
		}
		r, err := age.ParseX25519Recipient(s)
		if err != nil {
			log.Printf("store: backup recipient %q: %v", s, err)
			continue
		}
		rs = append(rs, r)
	}
	switch {
	case hq == "" && branch == "":
		return nil, "本机既没有总部收件人，也没有由恢复码生成的备份密钥，不能把未加密的备份写到U盘。" +
			"请主管在“设置”中点“换发恢复码”（打印新的恢复码放入保险柜），或填写总部收件人。"
	case branch == "":
		return rs, "备份文件夹中的备份只加密给了总部：本机的恢复码是旧版本设置的，网点自己解不开这些备份。" +
			"请主管在“设置”中点“换发恢复码”，打印新的恢复码放入保险柜。"
	}
	// Without head office's recipient the branch's code alone opens the
	// copy: complete for a restore; the export screen asks for the
	// recipient already.
	return rs, ""
}

// vacuumInto writes a consistent copy of the database into dir with VACUUM
// INTO, under a name not yet taken, checks it and returns its path. The
// copy is written under a temporary name (backupTempRe), readable by the
// station's user only, and renamed when it is complete and checked, so a
// kill leaves no partial file under a backup's name; start-up deletes the
// temporary ones. On error nothing is left and the path is "".
func (db *DB) vacuumInto(ctx context.Context, dir, name string) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("make backup folder: %w", err)
	}
	path := filepath.Join(dir, name+".db")
	for i := 2; ; i++ {
		if !exists(path) && !exists(backupTemp(path)) {
			break
		}
		path = filepath.Join(dir, fmt.Sprintf("%s-%d.db", name, i))
	}
	tmp := backupTemp(path)
	// VACUUM INTO accepts an empty file; SQLite gives its journal the
	// file's mode.
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("create %s: %w", tmp, err)
	}
	f.Close()
	fail := func(err error) (string, error) {
		removeDBFiles(tmp)
		return "", err
	}
	if _, err := db.db.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		return fail(fmt.Errorf("VACUUM INTO %s: %w", tmp, err))
	}
	if f, err := os.OpenFile(tmp, os.O_RDWR, 0); err == nil {
		f.Sync()
		f.Close()
	}
	if err := checkCopy(ctx, tmp); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fail(err)
	}
	syncDir(dir)
	return path, nil
}

// backupTemp is the temporary name a backup is written under.
func backupTemp(path string) string {
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
}

// backupTempRe matches the temporary files this program writes in a backup
// folder: a backup being written (with SQLite's journal) and a copy being
// made by copyFileSync.
var backupTempRe = regexp.MustCompile(`^\.counterdesk-[A-Za-z0-9-]+\.db\.tmp(?:-[0-9]+)?(?:-journal|-wal|-shm)?$`)

// The temporary file of an encrypted copy being written is named like a
// copy's (encryptCopy: ".<name>.db.tmp-<n>"), so backupTempRe matches it.

// dataTempRe matches the temporary files this program writes in the data
// folder: the high-water marks and the restore marker being rewritten, a
// backup being copied in for a restore, and the write tests.
var dataTempRe = regexp.MustCompile(`^(?:` +
	regexp.QuoteMeta(hwmFile) + `\.tmp-[0-9]+|` +
	regexp.QuoteMeta(numbersFile) + `\.tmp-[0-9]+|` +
	regexp.QuoteMeta(restoreMarkerName) + `\.tmp-[0-9]+|` +
	`\.` + regexp.QuoteMeta(DBFileName) + `\.restoring-[0-9-]+\.tmp-[0-9]+|` +
	`\.counterdesk-write-test-[0-9]+|\.write-test-[0-9]+|` +
	`\.counterdesk-decrypt-[0-9]+\.tmp)$`)

// stagingRe matches a restore's staging copy and SQLite's files beside it.
var stagingRe = regexp.MustCompile(`^` + regexp.QuoteMeta(DBFileName) + `\.restoring-[0-9-]+(?:-journal|-wal|-shm)?$`)

// cleanTemporary deletes, at start-up, the temporary files a killed run of
// this program left in the data folder and its backups folder: only names
// the program itself writes (dataTempRe, backupTempRe, a staging copy no
// restore marker names), and a backup an older version left half-written
// (its -journal beside it). It runs before the database is opened, under
// the program's single-instance lock.
func cleanTemporary(dataDir string) {
	mu, _ := hwmLocks.LoadOrStore(filepath.Join(dataDir, hwmFile), &sync.Mutex{})
	mu.(*sync.Mutex).Lock()
	defer mu.(*sync.Mutex).Unlock()
	marker := exists(filepath.Join(dataDir, restoreMarkerName))
	if entries, err := os.ReadDir(dataDir); err == nil {
		for _, e := range entries {
			if !e.Type().IsRegular() {
				continue
			}
			if dataTempRe.MatchString(e.Name()) || (!marker && stagingRe.MatchString(e.Name())) {
				removeLogged(filepath.Join(dataDir, e.Name()))
			}
		}
	}
	cleanBackupTemps(filepath.Join(dataDir, BackupDirName))
}

// cleanBackupTemps deletes in a backup folder the temporary files this
// program writes there, and backups an older version left half-written.
func cleanBackupTemps(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		n := e.Name()
		switch {
		case backupTempRe.MatchString(n):
			removeLogged(filepath.Join(dir, n))
		case backupNameRe.MatchString(n) && exists(filepath.Join(dir, n+"-journal")):
			removeLogged(filepath.Join(dir, n))
			removeLogged(filepath.Join(dir, n+"-journal"))
		}
	}
}

func removeLogged(path string) {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		log.Printf("store: remove %s: %v", path, err)
	} else if err == nil {
		log.Printf("store: removed the temporary file %s", path)
	}
}

// completeBackups lists the backups in dir this program wrote and finished
// (named by backupNameRe, with no -journal of an unfinished write beside
// them), newest first, by the time in their names.
func completeBackups(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	type file struct {
		name, stamp string
	}
	var files []file
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		m := backupNameRe.FindStringSubmatch(e.Name())
		if m == nil || exists(filepath.Join(dir, e.Name()+"-journal")) {
			continue
		}
		files = append(files, file{e.Name(), m[1]})
	}
	sort.Slice(files, func(i, j int) bool {
		if files[i].stamp != files[j].stamp {
			return files[i].stamp > files[j].stamp
		}
		return files[i].name > files[j].name
	})
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = f.name
	}
	return out
}

// checkCopy runs PRAGMA integrity_check on a backup file, read-only.
func checkCopy(ctx context.Context, path string) error {
	conn, err := sql.Open("sqlite", fileURI(path, "mode=ro&immutable=1"))
	if err != nil {
		return err
	}
	defer conn.Close()
	problems, err := integrityProblems(ctx, conn)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("integrity_check: %s", strings.Join(problems, "; "))
	}
	return nil
}

// integrityProblems runs PRAGMA integrity_check and returns what is not "ok".
func integrityProblems(ctx context.Context, conn *sql.DB) ([]string, error) {
	return pragmaProblems(ctx, conn, "integrity_check", -1)
}

// pragmaProblems runs PRAGMA check (integrity_check or quick_check, a
// constant) and returns the lines that are not "ok", at most max of them
// (max < 0: all).
func pragmaProblems(ctx context.Context, conn *sql.DB, check string, max int) ([]string, error) {
	rows, err := conn.QueryContext(ctx, "PRAGMA "+check)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		if s != "ok" && (max < 0 || len(problems) < max) {
			problems = append(problems, s)
		}
	}
	return problems, rows.Err()
}

// fileSum returns a file's size and hex SHA-256.
func fileSum(path string) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return 0, "", err
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

// copyFileSync copies src to dst through a temporary file, fsync and
// rename, so dst is either absent or whole. It refuses to replace dst.
func copyFileSync(src, dst string) error {
	if _, err := os.Lstat(dst); err == nil {
		return fmt.Errorf("%s already exists", dst)
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := out.Name()
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(tmp)
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		os.Remove(tmp)
		return err
	}
	if err := out.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// recordBackup writes the backups rows and the audit entry. A failure to
// record does not undo the backup file; it is logged.
func (db *DB) recordBackup(ctx context.Context, w *who, info forms.BackupInfo, ok bool, problem string) {
	err := func() error {
		tx, err := db.begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		note := strings.Join(info.Warnings, "；")
		if problem != "" {
			note = problem
		}
		for _, f := range []struct {
			path, sum string
			size      int64
		}{{info.Path, info.SHA256, info.Size}, {info.ExtraPath, info.ExtraSHA256, info.ExtraSize}} {
			if f.path == "" {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO backups (id, path, at, size, sha256, ok, reason, note)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, uuid.NewString(), f.path, ts(info.At), f.size, f.sum,
				boolInt(ok), info.Reason, note); err != nil {
				return fmt.Errorf("record backup: %w", err)
			}
		}
		act, msg := ActBackup, fmt.Sprintf("备份（%s）已写入并检查通过：%s，SHA-256 %s", forms.BackupReasonLabel(info.Reason), info.Path, info.SHA256)
		if info.ExtraPath != "" {
			msg += "；加密另存至 " + info.ExtraPath + "，SHA-256 " + info.ExtraSHA256
		}
		if note != "" && ok {
			msg += "；" + note
		}
		if !ok {
			act, msg = ActBackupFail, fmt.Sprintf("备份（%s）失败：%s", forms.BackupReasonLabel(info.Reason), problem)
		}
		if err := audit(ctx, tx, w, auditRec{action: act, entity: "backup", entityID: filepath.Base(info.Path),
			after: map[string]any{"path": info.Path, "extra": info.ExtraPath, "sha256": info.SHA256, "size": info.Size,
				"extra_sha256": info.ExtraSHA256, "extra_size": info.ExtraSize},
			note: msg}); err != nil {
			return err
		}
		return tx.commit()
	}()
	if err != nil {
		log.Printf("store: record backup: %v", err)
	}
}

// BackupStatus says when the last good backup was made and what needs the
// supervisor's attention: the chosen folder missing, or no good backup in
// the last day.
func (db *DB) BackupStatus(ctx context.Context) (forms.BackupStatus, error) {
	var st forms.BackupStatus
	var hqRecipient, branchRecipient string
	err := db.read(ctx, func(tx *txn) error {
		v, _, err := storedSetting(ctx, tx, forms.SettingBackupFolder)
		if err != nil {
			return err
		}
		st.Folder = v
		if hqRecipient, branchRecipient, err = backupRecipients(ctx, tx); err != nil {
			return err
		}
		var at, path string
		err = tx.QueryRowContext(ctx, "SELECT at, path FROM backups WHERE ok = 1 ORDER BY at DESC LIMIT 1").Scan(&at, &path)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("read last backup: %w", err)
		}
		st.LastGood, st.LastPath = parseTS(at), path
		return nil
	})
	if err != nil {
		return st, err
	}
	if st.Folder != "" {
		fi, err := os.Stat(st.Folder)
		st.FolderPresent = err == nil && fi.IsDir()
		if !st.FolderPresent {
			st.Warnings = append(st.Warnings, fmt.Sprintf("备份文件夹“%s”找不到，请插上备份用的U盘或移动硬盘，或在“设置”中重新选择文件夹", st.Folder))
		}
		if recipients, warning := removableRecipients(hqRecipient, branchRecipient); len(recipients) == 0 {
			st.Warnings = append(st.Warnings, "备份文件夹中不会写入备份："+warning)
		} else if warning != "" {
			st.Warnings = append(st.Warnings, warning)
		}
	}
	switch {
	case st.LastGood.IsZero():
		st.Warnings = append(st.Warnings, "还没有成功的备份")
	case db.Now().Sub(st.LastGood) > 24*time.Hour:
		st.Warnings = append(st.Warnings, fmt.Sprintf("最近一次成功的备份是 %s，已超过一天", st.LastGood.Format("2006-01-02 15:04")))
	}
	return st, nil
}

// pruneBackups deletes, in dir, the backups this program wrote that are
// older than keepDays, always keeping the newest KeepNewestBackups. Files
// whose names do not match backupNameRe are never touched.
func pruneBackups(dir string, now time.Time, keepDays int) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	type file struct {
		name string
		at   time.Time
	}
	var files []file
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		m := backupNameRe.FindStringSubmatch(e.Name())
		if m == nil || exists(filepath.Join(dir, e.Name()+"-journal")) {
			continue // not ours, or not finished: never counted among the kept
		}
		at, err := time.ParseInLocation(backupStamp, m[1], time.Local)
		if err != nil {
			continue
		}
		files = append(files, file{e.Name(), at})
	}
	sort.Slice(files, func(i, j int) bool {
		if !files[i].at.Equal(files[j].at) {
			return files[i].at.After(files[j].at)
		}
		return files[i].name > files[j].name
	})
	cutoff := now.AddDate(0, 0, -keepDays)
	var deleted []string
	for i, f := range files {
		if i < KeepNewestBackups || !f.at.Before(cutoff) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, f.name)); err != nil {
			return deleted, err
		}
		deleted = append(deleted, f.name)
	}
	return deleted, nil
}

// NewestGoodBackup returns the newest backup file in the data folder's
// backups folder that passes CheckBackup for this data folder, "" when
// there is none. The start-up message for a damaged database names it.
func NewestGoodBackup(ctx context.Context, dataDir string) string {
	dir := filepath.Join(dataDir, BackupDirName)
	names := completeBackups(dir)
	for _, n := range names {
		p := filepath.Join(dir, n)
		if _, err := CheckBackup(ctx, dataDir, p); err == nil {
			return p
		}
	}
	return ""
}

// backupBeforeMigration copies a database that has data to the backups
// folder before a pending migration changes it.
func (db *DB) backupBeforeMigration(ctx context.Context, have int) error {
	dir := filepath.Join(db.DataDir(), BackupDirName)
	name := fmt.Sprintf("counterdesk-before-v%d-%s", have+1, db.Now().Format(backupStamp))
	path, err := db.vacuumInto(ctx, dir, name)
	if err != nil {
		return forms.Errorf(forms.EINTERNAL, "升级数据库前的备份失败（%v），数据库没有改动。请检查磁盘空间后重新启动柜台通。", err)
	}
	log.Printf("store: backup before migration to version %d: %s", have+1, path)
	return nil
}
