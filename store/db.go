// Package store keeps everything Counter Desk persists: the station's SQLite
// database (modernc.org/sqlite, no cgo) with its embedded migrations, receipt
// numbering and its high-water mark, and the audit log.
//
// One exported method of DB is one transaction: it begins the transaction,
// does its work in unexported helpers that take (ctx, tx, …) and commits, so
// a refused operation changes nothing. Every refusal is a *forms.Error whose
// Chinese message tells the clerk what to fix; unexpected database errors
// are wrapped with their context and show as a generic message.
package store

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"log"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"counterdesk/forms"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Message keys of the start-up errors, carried in forms.Error.Key so a
// translated UI (and the program's start-up code) can tell them apart.
const (
	KeyNewerSchema = "store.newer_schema" // the database comes from a newer version
	KeyDamaged     = "store.damaged"      // the file is not a database or is corrupt
	KeyUnwritable  = "store.unwritable"   // the folder cannot be created or written
	KeyNoDatabase  = "store.no_database"  // the database is missing where a station existed
)

// dsnQuery holds the connection settings. Pragmas belong in the DSN, not in
// an Exec, because a pragma run once applies to one pooled connection only.
// _txlock=immediate makes every write transaction take the write lock at
// BEGIN, so concurrent writers wait (busy_timeout) instead of failing with
// SQLITE_BUSY halfway through. The page cache stays SQLite's default (2 MiB
// a connection): 8 MiB made a repeated open of one 104-case customer 34 →
// 24 ms, but the connections the log-in screen's fetches open at once then
// raised the window's peak memory after log-in and one search from 1.35× to
// 1.50× an empty Fyne window (issue 17's target is 1.3×; BENCHMARKS.md).
const dsnQuery = "_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_txlock=immediate"

// DB is the station's database. It is safe for concurrent use.
type DB struct {
	// Now returns the current time. Each transaction reads it once, so
	// everything a transaction records carries the same timestamp. Tests
	// replace it with a fixed clock.
	Now func() time.Time

	db   *sql.DB
	path string // absolute path of the database file

	// keyRand, when not nil, is where a new station signing key's seed is
	// read (createStationKey); nil is crypto/rand. Demo sets it from the
	// plan's seed.
	keyRand io.Reader

	// integrity is this run's integrity check (integrity.go).
	integrity integrity
}

// Open opens (creating it if needed) the database at path, checks it and
// brings its schema up to date. It never replaces or truncates an existing
// file: a file that is not a Counter Desk database, is damaged, or comes
// from a newer version of the program is refused with a *forms.Error whose
// message a clerk can act on (see IsNewerSchema, KeyDamaged, KeyUnwritable).
func Open(ctx context.Context, path string) (*DB, error) {
	return OpenClock(ctx, path, time.Now)
}

// OpenClock is Open with the clock the database uses from the start,
// including for what opening itself records (a receipt-number skip after a
// restore). Tests pass a fixed clock.
func OpenClock(ctx context.Context, path string, now func() time.Time) (*DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("database path %q: %w", path, err)
	}
	dir := filepath.Dir(abs)
	if err := checkFolder(dir); err != nil {
		return nil, err
	}
	if filepath.Base(abs) == DBFileName {
		// The station's own database: finish what a killed run left.
		if note, err := RecoverRestore(dir); err != nil {
			return nil, err
		} else if note != "" {
			log.Printf("store: %s", note)
		}
		cleanTemporary(dir)
		if err := refuseLostDatabase(abs); err != nil {
			return nil, err
		}
	}
	if err := createPrivate(abs); err != nil {
		return nil, unwritable(dir, err)
	}
	// The whole file is read (quick_check) only when the last run did not
	// end cleanly; otherwise CheckIntegrity does it in the background.
	full := !closedCleanly(abs)
	checked := time.Now()
	read, err := preflight(ctx, abs, full)
	if err != nil {
		return nil, err
	}
	// From here the file changes: a run that dies leaves no record.
	if err := os.Remove(abs + cleanSuffix); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, unwritable(dir, err)
	}

	sqldb, err := sql.Open("sqlite", fileURI(abs, dsnQuery))
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	db := &DB{db: sqldb, path: abs, Now: now}
	if read {
		db.integrity.status = forms.IntegrityStatus{State: forms.IntegrityOK, Checked: now(),
			Took: time.Since(checked), AtOpen: true}
	}
	if err := sqldb.PingContext(ctx); err != nil {
		sqldb.Close()
		return nil, openError(abs, err)
	}
	if err := db.migrate(ctx); err != nil {
		sqldb.Close()
		return nil, openError(abs, err)
	}
	// Customers stored before the pinyin search (0015) get its terms, once.
	if err := db.backfillPinyinLogged(ctx); err != nil {
		sqldb.Close()
		return nil, openError(abs, err)
	}
	// Customers stored before pinyin order (0016) get their sort key, once.
	if err := db.backfillNameSortTimed(ctx); err != nil {
		sqldb.Close()
		return nil, openError(abs, err)
	}
	if err := db.reconcileHighWater(ctx); err != nil {
		sqldb.Close()
		return nil, err
	}
	db.syncMarkFiles()
	if err := db.reconcileExportMark(ctx); err != nil {
		sqldb.Close()
		return nil, err
	}
	if err := db.ensureStationKey(ctx); err != nil {
		sqldb.Close()
		return nil, err
	}
	return db, nil
}

// Close stops a background integrity check, closes the database and, when
// nothing found it damaged, records beside it that it was closed cleanly
// (integrity.go), so the next open skips reading the whole file.
func (db *DB) Close() error {
	if db == nil || db.db == nil {
		return nil
	}
	clean := db.closeIntegrity()
	if err := db.db.Close(); err != nil {
		return err
	}
	if clean {
		writeCleanRecord(db.path)
	}
	return nil
}

// DataDir returns the folder that holds the database file, where the
// program also keeps its high-water mark, printed documents and backups.
func (db *DB) DataDir() string { return filepath.Dir(db.path) }

// Path returns the absolute path of the database file.
func (db *DB) Path() string { return db.path }

// IsNewerSchema reports whether err says the database was written by a newer
// version of Counter Desk than this one.
func IsNewerSchema(err error) bool {
	var e *forms.Error
	return errors.As(err, &e) && e.Key == KeyNewerSchema
}

// fileURI builds the SQLite URI of a file with net/url, so a path with
// spaces, '#', '?', '%' or Chinese characters (C:\Users\王 芳\…) reaches
// SQLite unchanged. A Windows path becomes file:///C:/….
func fileURI(path, query string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	u := url.URL{Scheme: "file", Path: p, RawQuery: query}
	return u.String()
}

// checkFolder makes sure the folder of the database exists and can be
// written, before anything touches the database file.
func checkFolder(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return unwritable(dir, err)
	}
	f, err := os.CreateTemp(dir, ".counterdesk-write-test-*")
	if err != nil {
		return unwritable(dir, err)
	}
	name := f.Name()
	f.Close()
	if err := os.Remove(name); err != nil {
		return unwritable(dir, err)
	}
	return nil
}

// createPrivate creates an empty database file readable by the station's
// user only (0600; SQLite gives its -wal, -shm and -journal files the same
// mode), unless a file is there; an existing one that others may read is
// narrowed to 0600 with its companions. It holds customers' ID numbers.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		return f.Close()
	}
	if !errors.Is(err, os.ErrExist) {
		return err
	}
	for _, s := range append([]string{""}, dbSuffixes...) {
		tighten(path + s)
	}
	return nil
}

// tighten takes the group's and others' permissions off a file the program
// wrote, on systems with POSIX modes (on Windows the data folder's ACL
// decides). A missing file is left alone.
func tighten(path string) {
	if runtime.GOOS == "windows" {
		return
	}
	fi, err := os.Lstat(path)
	if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm()&0o077 == 0 {
		return
	}
	if err := os.Chmod(path, fi.Mode().Perm()&^0o077); err != nil {
		log.Printf("store: chmod %s: %v", path, err)
	}
}

// stationTraces lists what in dataDir says a station existed there: a
// kept-aside database from a restore, a restore marker, backups this
// program wrote, or receipt high-water marks.
func stationTraces(dataDir string) []string {
	var out []string
	if exists(filepath.Join(dataDir, restoreMarkerName)) {
		out = append(out, "未完成的恢复记录 "+restoreMarkerName)
	}
	aside, _ := filepath.Glob(filepath.Join(dataDir, DBFileName+".before-restore-*"))
	for _, p := range aside {
		if !strings.HasSuffix(p, "-wal") && !strings.HasSuffix(p, "-shm") && !strings.HasSuffix(p, "-journal") {
			out = append(out, "恢复前保留的旧数据库 "+filepath.Base(p))
			break
		}
	}
	if n := len(completeBackups(filepath.Join(dataDir, BackupDirName))); n > 0 {
		out = append(out, fmt.Sprintf("%s 文件夹中的 %d 个备份", BackupDirName, n))
	}
	if marks := readHighWater(filepath.Join(dataDir, hwmFile)); len(marks) > 0 {
		out = append(out, fmt.Sprintf("收据号记录 %s（已开到 %s）", hwmFile,
			forms.ReceiptNumber(marks[len(marks)-1].station, marks[len(marks)-1].year, marks[len(marks)-1].seq)))
	}
	if m := readExportMark(filepath.Join(dataDir, exportMarkFile)); m.number > 0 {
		out = append(out, fmt.Sprintf("导出记录 %s（已导出到第%d号）", exportMarkFile, m.number))
	}
	return out
}

// refuseLostDatabase refuses to start a new, empty database where a station
// existed: the database file is missing (or empty) but the data folder
// holds traces of one. Starting afresh would show the first-start set-up
// and seem to lose the branch's data, and could issue receipt numbers
// again; the clerk is told to restore instead.
func refuseLostDatabase(path string) error {
	if fi, err := os.Stat(path); err == nil && fi.Size() > 0 {
		return nil
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil // preflight says what is wrong with it
	}
	dir := filepath.Dir(path)
	traces := stationTraces(dir)
	if len(traces) == 0 {
		return nil
	}
	msg := fmt.Sprintf("数据文件夹“%s”中没有数据库文件 %s（或它是空的），但这台电脑上曾经有柜台通的数据：%s。"+
		"为免用空白数据库代替本机的数据、重复使用收据号，程序没有新建数据库，也没有做任何改动。请主管用备份恢复数据库"+
		"（若确实没有任何备份，请联系技术支持）。",
		dir, DBFileName, strings.Join(traces, "；"))
	return &forms.Error{Code: forms.EINTERNAL, Key: KeyNoDatabase, Message: msg}
}

func unwritable(dir string, err error) error {
	return &forms.Error{
		Code: forms.EINTERNAL,
		Key:  KeyUnwritable,
		Message: fmt.Sprintf("无法在文件夹“%s”中保存数据（%v）。请确认该文件夹存在、磁盘未满且本机用户有写入权限，"+
			"或联系主管或技术支持。", dir, err),
	}
}

func damaged(path string, detail string) error {
	return &forms.Error{
		Code: forms.EINTERNAL,
		Key:  KeyDamaged,
		Message: fmt.Sprintf("数据库文件“%s”已损坏或不是柜台通的数据库（%s）。程序没有对该文件做任何改动。"+
			"请联系主管用最近的备份恢复数据库。", path, detail),
	}
}

func newerSchema() error {
	return &forms.Error{
		Code:    forms.EINVALID,
		Key:     KeyNewerSchema,
		Message: "数据库来自更新版本的柜台通，请安装最新版本后再打开",
	}
}

// sqliteHeader is the first 16 bytes of every SQLite 3 database file.
var sqliteHeader = []byte("SQLite format 3\x00")

// preflight checks an existing database file before it is opened with the
// real settings: journal_mode(WAL) would otherwise write to a file that may
// not even be ours. On a plain connection that writes nothing it reads the
// header, the schema (sqlite_master) and the schema version — cheap, every
// time — and, when full is true (the last run did not end cleanly), runs
// PRAGMA quick_check over the whole file. read reports whether that full
// check ran and passed.
func preflight(ctx context.Context, path string, full bool) (read bool, err error) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return false, nil
	case err != nil:
		return false, unwritable(filepath.Dir(path), err)
	case fi.IsDir():
		return false, damaged(path, "这是一个文件夹")
	case fi.Size() == 0:
		return false, nil // SQLite treats an empty file as an empty database
	}
	f, err := os.Open(path)
	if err != nil {
		return false, unwritable(filepath.Dir(path), err)
	}
	head := make([]byte, len(sqliteHeader))
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil || !bytes.Equal(head, sqliteHeader) {
		return false, damaged(path, "文件头不是SQLite数据库")
	}

	conn, err := sql.Open("sqlite", fileURI(path, "_pragma=busy_timeout(5000)"))
	if err != nil {
		return false, fmt.Errorf("open database for checking: %w", err)
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)

	if full {
		problems, err := quickCheck(ctx, conn)
		if err != nil {
			return false, openError(path, err)
		}
		if len(problems) > 0 {
			return false, damaged(path, "完整性检查未通过："+strings.Join(problems, "；"))
		}
	}

	have, err := schemaVersion(ctx, conn)
	if err != nil {
		return false, openError(path, err)
	}
	if know := len(migrationFiles()); have > know {
		return false, newerSchema()
	}
	if have == 0 {
		// A database with tables but no schema version is another program's:
		// migrating it would add our tables to it.
		var objects int
		if err := conn.QueryRowContext(ctx,
			"SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'").Scan(&objects); err != nil {
			return false, openError(path, err)
		}
		if objects > 0 {
			return false, damaged(path, "这是其他程序的数据库")
		}
	}
	return full, nil
}

// queryer is what schemaVersion needs from a *sql.DB or *sql.Tx.
type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// schemaVersion returns the highest schema version the database records,
// in PRAGMA user_version or in schema_migrations.
func schemaVersion(ctx context.Context, q queryer) (int, error) {
	var uv int
	if err := q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&uv); err != nil {
		return 0, fmt.Errorf("read user_version: %w", err)
	}
	var n int
	if err := q.QueryRowContext(ctx,
		"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").Scan(&n); err != nil {
		return 0, fmt.Errorf("look for schema_migrations: %w", err)
	}
	if n > 0 {
		var mv sql.NullInt64
		if err := q.QueryRowContext(ctx, "SELECT max(version) FROM schema_migrations").Scan(&mv); err != nil {
			return 0, fmt.Errorf("read schema_migrations: %w", err)
		}
		if int(mv.Int64) > uv {
			uv = int(mv.Int64)
		}
	}
	return uv, nil
}

// openError turns an error met while opening into a clerk's message when
// SQLite says the file is not a database or is corrupt, and leaves it
// unchanged (with context) otherwise.
func openError(path string, err error) error {
	var fe *forms.Error
	if errors.As(err, &fe) {
		return err
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_NOTADB:
			return damaged(path, "不是数据库文件")
		case sqlite3.SQLITE_CORRUPT:
			return damaged(path, "数据库结构损坏")
		case sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM:
			return unwritable(filepath.Dir(path), err)
		}
	}
	return fmt.Errorf("open database %s: %w", path, err)
}

// txn is a transaction with the one timestamp everything in it records.
type txn struct {
	*sql.Tx
	db  *DB
	now time.Time

	// issued collects the receipt series whose counters this transaction
	// moved; commit writes them to the high-water-mark file afterwards.
	issued []highWater

	// stmts, when not nil, keeps the statements this transaction prepared
	// (demo_stmts.go: the training station's long batches).
	stmts map[string]*sql.Stmt

	// conn, when set, is the connection the transaction has to itself
	// (beginUnsynced); the end of the transaction gives it back.
	conn *sql.Conn

	// afterEnd holds what must be recorded in a transaction of its own
	// once this one has ended, even when it rolled back: the count of a
	// wrong password (lockout.go). Rollback runs it.
	afterEnd []func(context.Context) error
}

// begin starts a write transaction. With _txlock=immediate it waits for the
// write lock at once, so two writers never deadlock halfway.
func (db *DB) begin(ctx context.Context) (*txn, error) {
	return db.beginTx(ctx, nil)
}

func (db *DB) beginTx(ctx context.Context, opts *sql.TxOptions) (*txn, error) {
	tx, err := db.db.BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("begin transaction: %w", err)
	}
	return &txn{Tx: tx, db: db, now: db.Now()}, nil
}

// beginUnsynced starts a write transaction whose commit does not wait for
// the disk: synchronous=NORMAL on its connection for this transaction, FULL
// again when it ends (a connection that cannot be set back is closed, never
// reused). It is for an action whose only write is the audit log's record
// of a look (customer.view, OpenCustomerRecord), where the sync of the
// write-ahead log was a third of the time. In WAL mode such a commit is
// still atomic and in order: a power cut can lose it only with whatever
// came after it, never leave a gap in the audit chain, and the next
// ordinary commit's sync makes it durable too (SQLite's documentation of
// synchronous=NORMAL in WAL mode).
func (db *DB) beginUnsynced(ctx context.Context) (*txn, error) {
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin transaction: %w", err)
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA synchronous = NORMAL"); err != nil {
		conn.Close()
		return nil, fmt.Errorf("begin transaction: %w", err)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		releaseUnsynced(conn)
		return nil, fmt.Errorf("begin transaction: %w", err)
	}
	return &txn{Tx: tx, db: db, now: db.Now(), conn: conn}, nil
}

// releaseUnsynced sets conn back to synchronous=FULL and gives it back to
// the pool, or closes it for good when it cannot be set back.
func releaseUnsynced(conn *sql.Conn) {
	if _, err := conn.ExecContext(context.Background(), "PRAGMA synchronous = FULL"); err != nil {
		log.Printf("store: connection not set back to synchronous=FULL, closed: %v", err)
		conn.Raw(func(any) error { return driver.ErrBadConn })
	}
	conn.Close()
}

// beginRead starts a read-only transaction. modernc begins it deferred, so a
// search as the clerk types never queues behind a write.
func (db *DB) beginRead(ctx context.Context) (*txn, error) {
	return db.beginTx(ctx, &sql.TxOptions{ReadOnly: true})
}

// commit commits and wraps the error. After a commit that issued receipt
// numbers it raises the high-water mark beside the database, which a
// restore of the database cannot roll back.
func (tx *txn) commit() error {
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	tx.db.noteHighWater(tx.issued...)
	tx.runAfterEnd() // lockout.go
	return nil
}

// today is the transaction's calendar day in local time.
func (tx *txn) today() time.Time { return forms.Day(tx.now) }

// tsLayout is the stored form of timestamps: UTC, fixed width, so that text
// order is time order (RFC3339Nano drops trailing zeros and would not sort).
const tsLayout = "2006-01-02T15:04:05.000000000Z07:00"

// ts formats a timestamp for storing; the zero time is NULL.
func ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(tsLayout)
}

// parseTS reads a stored timestamp into local time; "" is the zero time.
func parseTS(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t.Local()
}

// date formats a calendar date for storing; the zero time is NULL.
func date(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Format(forms.DateLayout)
}

// parseDate reads a stored date as local midnight; "" is the zero time.
func parseDate(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation(forms.DateLayout, s, time.Local)
	if err != nil {
		return time.Time{}
	}
	return t
}

// nullIf returns nil for the empty string, so it is stored as NULL.
func nullIf(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// str scans a TEXT column that may be NULL into a string ("" for NULL).
func str(p *string) sql.Scanner { return nullString{p} }

type nullString struct{ p *string }

func (n nullString) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*n.p = ""
	case string:
		*n.p = v
	case []byte:
		*n.p = string(v)
	default:
		*n.p = fmt.Sprint(v)
	}
	return nil
}

// boolInt stores a bool as 0 or 1.
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// queryAll runs a query in the transaction and scans every row with scan;
// what names the rows in error messages.
func queryAll[T any](ctx context.Context, tx *txn, what string, scan func(interface{ Scan(...any) error }) (*T, error), query string, args ...any) ([]T, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("query %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("scan %s: %w", what, err)
		}
		out = append(out, *v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	return out, nil
}
