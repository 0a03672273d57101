package store

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"counterdesk/forms"
)

// PRAGMA quick_check reads every page of the database: at 1,000,000
// customers that is about 750 MB and 3 s, which at every open made start-up
// 13 times as slow as an empty window (issue 17). It now runs while opening
// only when the last run did not end cleanly — the moment damage is likely
// (power cut, killed process, the file changed by something else) — and
// otherwise in the background once the log-in window shows
// (DB.CheckIntegrity), with its result on the home screen.
//
// "Ended cleanly" is a record beside the database, <file>.clean, that
// Close writes after the last connection has closed: the file's size,
// modification time and first 100 bytes (SQLite's header). Open reads it
// and deletes it before writing anything, so a run that dies leaves no
// record, and a file replaced, restored or edited by anything else no
// longer matches it. Either way the check is due at the next open.

// cleanSuffix names the clean-close record beside a database file.
const cleanSuffix = ".clean"

// fileStamp describes a closed database file for the clean-close record:
// size, modification time (nanoseconds) and the header's hex.
func fileStamp(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "", err
	}
	head := make([]byte, 100)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return "", err
	}
	return fmt.Sprintf("counterdesk clean close v1\n%d %d %s\n", fi.Size(), fi.ModTime().UnixNano(),
		hex.EncodeToString(head[:n])), nil
}

// closedCleanly reports whether the clean-close record beside path matches
// the file as it is now, i.e. this program closed it last, cleanly, and
// nothing has touched it since.
func closedCleanly(path string) bool {
	rec, err := os.ReadFile(path + cleanSuffix)
	if err != nil {
		return false
	}
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		return false // a write-ahead log with pages in it: not closed cleanly
	}
	now, err := fileStamp(path)
	return err == nil && string(rec) == now
}

// writeCleanRecord records that the database at path was closed cleanly.
// A failure only costs a full check at the next open, so it is logged.
func writeCleanRecord(path string) {
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		log.Printf("store: %s-wal still there after close; the next open checks the whole file", path)
		return
	}
	stamp, err := fileStamp(path)
	if err == nil {
		err = os.WriteFile(path+cleanSuffix, []byte(stamp), 0o600)
	}
	if err != nil {
		log.Printf("store: clean-close record: %v", err)
	}
}

// integrity is the DB's record of its integrity check in this run, and of
// a background check in progress, which Close stops and waits for.
type integrity struct {
	mu     sync.Mutex
	status forms.IntegrityStatus
	cancel context.CancelFunc // stops the background check; nil when none
	wg     sync.WaitGroup
	closed bool
	reader func(ctx context.Context, path string) ([]string, error) // SetIntegrityReader; nil: QuickCheckFile
}

// quickCheck runs PRAGMA quick_check on conn and returns what is not "ok",
// at most three lines.
func quickCheck(ctx context.Context, conn *sql.DB) ([]string, error) {
	return pragmaProblems(ctx, conn, "quick_check", 3)
}

// CheckIntegrity reads the whole database with PRAGMA quick_check on a
// connection of its own that writes nothing, records the result for
// IntegrityStatus and returns it. It is meant to run in the background
// after the log-in window shows (writers go on meanwhile: it reads one
// snapshot); Close stops it. When the check already ran while opening (the
// last run did not end cleanly) it returns that result without reading the
// file again. A found problem also makes the next open check again, and
// refuse the file, by leaving no clean-close record. The error is only for
// a closed DB or a check that could not run; the status says the same.
func (db *DB) CheckIntegrity(ctx context.Context) (forms.IntegrityStatus, error) {
	in := &db.integrity
	in.mu.Lock()
	if in.closed {
		in.mu.Unlock()
		return forms.IntegrityStatus{}, errors.New("integrity check: database closed")
	}
	if in.status.State != forms.IntegrityNotChecked {
		st := in.status
		in.mu.Unlock()
		return st, nil
	}
	ctx, cancel := context.WithCancel(ctx)
	in.cancel = cancel
	in.status.State = forms.IntegrityChecking
	in.wg.Add(1)
	in.mu.Unlock()
	defer in.wg.Done()
	defer cancel()

	start := time.Now()
	problems, err := db.readWholeFile(ctx)
	st := forms.IntegrityStatus{State: forms.IntegrityOK, Checked: db.Now(), Took: time.Since(start)}
	switch {
	case err != nil:
		st.State = forms.IntegrityFailed
		st.Problems = []string{err.Error()}
	case len(problems) > 0:
		st.State = forms.IntegrityDamaged
		st.Problems = problems
	}
	in.mu.Lock()
	st.Audit = in.status.Audit // CheckAuditProtection's finding stays
	in.status = st
	in.cancel = nil
	in.mu.Unlock()
	if st.State == forms.IntegrityOK {
		log.Printf("store: integrity check: ok (%s)", st.Took.Round(time.Millisecond))
	} else {
		log.Printf("store: integrity check: %v", st.Problems)
	}
	if err != nil {
		return st, fmt.Errorf("integrity check: %w", err)
	}
	return st, nil
}

// checkCacheKiB is the page cache of the integrity check's connection, in
// KiB (SQLite's default is 2,000). quick_check reads each page once, so a
// larger cache only holds pages it will not read again: measured on a
// 20,000-customer training station (54 MB file), the check raised the
// process's peak memory by 6.5 MB with the default and by 2.8 MB with
// 256 KiB, taking 2.2–3.4 s either way (issue 17: the check runs in the
// background while the clerk logs in and searches).
const checkCacheKiB = 256

// readWholeFile runs the check of the whole file: the reader set with
// SetIntegrityReader, or QuickCheckFile in this process. A check stopped by
// ctx (the program closing) says so.
func (db *DB) readWholeFile(ctx context.Context) ([]string, error) {
	read := QuickCheckFile
	db.integrity.mu.Lock()
	if db.integrity.reader != nil {
		read = db.integrity.reader
	}
	db.integrity.mu.Unlock()
	problems, err := read(ctx, db.path)
	if err != nil && ctx.Err() != nil {
		return nil, errors.New("检查被中止（柜台通正在关闭）")
	}
	return problems, err
}

// SetIntegrityReader sets what CheckIntegrity runs to read the whole file:
// a function of the database file's path with QuickCheckFile's results.
// The window's process runs QuickCheckFile in a child process
// (cmd/counterdesk/integrity.go): in its own process, SQLite's memory for
// reading a large file is not the window's (on the 42 GB ten-year station
// the check in the window's process raised its peak memory by 13 MB).
// Without it, CheckIntegrity calls QuickCheckFile itself.
func (db *DB) SetIntegrityReader(read func(ctx context.Context, path string) ([]string, error)) {
	db.integrity.mu.Lock()
	db.integrity.reader = read
	db.integrity.mu.Unlock()
}

// QuickCheckFile runs PRAGMA quick_check on the database file at path, on
// a fresh read-only connection with a small page cache (checkCacheKiB),
// and returns what it found wrong (at most three lines; none: the file is
// whole). A file SQLite cannot read as a database is a problem found, not
// an error; the error is for a check that could not run (or was stopped
// by ctx), a missing file included: nothing is created. A relative path is
// of the current folder.
func QuickCheckFile(ctx context.Context, path string) ([]string, error) {
	path, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(path); err != nil {
		return nil, err
	} else if fi.IsDir() {
		return nil, fmt.Errorf("%s is a folder, not a database file", path)
	}
	conn, err := sql.Open("sqlite", fileURI(path, fmt.Sprintf("_pragma=busy_timeout(5000)&_pragma=query_only(1)&_pragma=cache_size(-%d)", checkCacheKiB)))
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	problems, err := quickCheck(ctx, conn)
	if err != nil {
		var fe *forms.Error
		if oe := openError(path, err); errors.As(oe, &fe) && fe.Key == KeyDamaged {
			return []string{strings.TrimSpace(err.Error())}, nil
		}
		return nil, err
	}
	return problems, nil
}

// IntegrityStatus returns where the integrity check stands in this run:
// not yet run, running, or its result (see forms.IntegrityStatus.Message
// for what the home screen says about trouble). It reads no database.
func (db *DB) IntegrityStatus(ctx context.Context) (forms.IntegrityStatus, error) {
	db.integrity.mu.Lock()
	defer db.integrity.mu.Unlock()
	st := db.integrity.status
	st.Problems = append([]string(nil), st.Problems...)
	st.Audit = append([]string(nil), st.Audit...)
	return st, nil
}

// closeIntegrity stops a background check and waits for it, and reports
// whether the file may be recorded as closed cleanly: not when the check
// found damage (a check stopped by closing, or one that could not finish,
// proves nothing either way and is not held against the file).
func (db *DB) closeIntegrity() (clean bool) {
	in := &db.integrity
	in.mu.Lock()
	in.closed = true
	if in.cancel != nil {
		in.cancel()
	}
	in.mu.Unlock()
	in.wg.Wait()
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.status.State != forms.IntegrityDamaged
}

// IsDamaged reports whether err says the database file is damaged or is
// not a Counter Desk database (KeyDamaged).
func IsDamaged(err error) bool {
	var e *forms.Error
	return errors.As(err, &e) && e.Key == KeyDamaged
}
