package store

// Tests of the files around the database (issue 12 §5): no new database
// where a station existed, a backup's whole schema checked before a
// restore, no partial backups or temporary files left by a kill, and
// files holding customers' data readable by the station's user only.

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

// stationDir sets up a station with one receipt and one backup, closes it
// and returns its data folder and the backup's path.
func stationDir(t *testing.T) (*fixture, string, string) {
	t.Helper()
	f := newFixture(t)
	_, err := lendOnce(context.Background(), f.db, f.clerk)
	must(t, err)
	info := backupOf(t, f)
	dir := f.db.DataDir()
	must(t, f.db.Close())
	return f, dir, info.Path
}

// TestOpen_NoNewDatabaseWhereAStationWas: the database is gone (a restore
// killed at the wrong moment, a file deleted) but the folder says a
// station was there; opening refuses, names what it found, and creates
// nothing.
func TestOpen_NoNewDatabaseWhereAStationWas(t *testing.T) {
	ctx := context.Background()
	cases := map[string]struct {
		keep func(dir string) // removes all traces but the one tested
		want string
	}{
		"HighWaterMark": {func(dir string) { must(t, os.RemoveAll(filepath.Join(dir, BackupDirName))) }, "receipts.hwm"},
		"Backups":       {func(dir string) { must(t, os.Remove(filepath.Join(dir, hwmFile))) }, "backups 文件夹中的 1 个备份"},
		"BeforeRestore": {func(dir string) {
			must(t, os.RemoveAll(filepath.Join(dir, BackupDirName)))
			must(t, os.Remove(filepath.Join(dir, hwmFile)))
			must(t, os.WriteFile(filepath.Join(dir, DBFileName+".before-restore-20261120-090000"), []byte("旧"), 0o600))
		}, "恢复前保留的旧数据库"},
		"EmptyFile": {func(dir string) {
			must(t, os.WriteFile(filepath.Join(dir, DBFileName), nil, 0o600))
		}, "receipts.hwm"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			f, dir, _ := stationDir(t)
			for _, s := range []string{"", "-wal", "-shm"} {
				os.Remove(filepath.Join(dir, DBFileName+s))
			}
			c.keep(dir)
			before := fileState(t, dir)
			_, err := OpenClock(ctx, filepath.Join(dir, DBFileName), f.clk.Now)
			assertErr(t, err, forms.EINTERNAL, "没有新建数据库", "用备份恢复", c.want)
			var fe *forms.Error
			if !asFormsError(err, &fe) || fe.Key != KeyNoDatabase {
				t.Fatalf("key = %v", err)
			}
			after := fileState(t, dir)
			if len(after) != len(before) {
				t.Fatalf("files changed: before %v, after %v", before, after)
			}
			for p, s := range before {
				if after[p] != s {
					t.Fatalf("%s changed", p)
				}
			}
		})
	}
	t.Run("NewPC", func(t *testing.T) {
		db := mustOpenDB(t) // an empty folder: a new station is set up
		must(t, db.Close())
	})
}

// TestCheckBackup_Schema: a backup whose tables differ from what this
// program's migrations make (other columns in receipts or deposits, a
// column of another type, an index or trigger missing or added) is
// refused, naming the first difference, and nothing changes.
func TestCheckBackup_Schema(t *testing.T) {
	ctx := context.Background()
	f, dir, good := stationDir(t)
	other := t.TempDir()
	edit := func(name, q string) string {
		p := filepath.Join(other, name)
		data, err := os.ReadFile(good)
		must(t, err)
		must(t, os.WriteFile(p, data, 0o600))
		conn, err := sql.Open("sqlite", fileURI(p, ""))
		must(t, err)
		defer conn.Close()
		_, err = conn.Exec(q)
		must(t, err)
		return p
	}
	// deposits rebuilt with amount as TEXT: same column names, other type.
	retype := func(p string) string {
		conn, err := sql.Open("sqlite", fileURI(p, ""))
		must(t, err)
		defer conn.Close()
		var create string
		must(t, conn.QueryRow("SELECT sql FROM sqlite_schema WHERE name = 'deposits'").Scan(&create))
		if !strings.Contains(create, "amount") {
			t.Skip("deposits has no amount column")
		}
		return create
	}
	cases := map[string]struct {
		path string
		want []string
	}{
		"ReceiptsExtraColumn": {edit("extra.db", "ALTER TABLE receipts ADD COLUMN branch_note TEXT"),
			[]string{"多出表 receipts 的列 branch_note"}},
		"DepositsExtraColumn": {edit("deposits.db", "ALTER TABLE deposits ADD COLUMN bank TEXT NOT NULL DEFAULT ''"),
			[]string{"多出表 deposits 的列 bank"}},
		"MissingIndex": {edit("index.db", "DROP INDEX backups_at"), []string{"缺少索引 backups_at"}},
		"MissingTrigger": {edit("trigger.db", "DROP TRIGGER audit_log_no_delete"),
			[]string{"缺少触发器 audit_log_no_delete"}},
		"ExtraTable": {edit("table.db", "CREATE TABLE notes (x TEXT)"), []string{"多出表 notes"}},
	}
	p := edit("retype.db", "SELECT 1")
	create := retype(p)
	retyped := strings.Replace(create, "CREATE TABLE deposits", "CREATE TABLE deposits_new", 1)
	retyped = strings.Replace(retyped, "amount ", "amount TEXT, amount_was ", 1)
	conn, err := sql.Open("sqlite", fileURI(p, "_pragma=foreign_keys(0)"))
	must(t, err)
	_, err = conn.Exec("PRAGMA writable_schema = 0; " + retyped + "; DROP TABLE deposits; ALTER TABLE deposits_new RENAME TO deposits")
	conn.Close()
	if err == nil {
		cases["DepositsOtherType"] = struct {
			path string
			want []string
		}{p, []string{"表 deposits 的列 amount"}}
	}
	before := fileState(t, dir)
	for name, c := range cases {
		t.Run("Err"+name, func(t *testing.T) {
			_, err := CheckBackup(ctx, dir, c.path)
			assertErr(t, err, forms.EINVALID, append([]string{"数据库结构", "没有任何改动"}, c.want...)...)
			_, err = RestoreClock(ctx, dir, c.path, testStart.Year(), 1, f.clk.Now)
			assertErr(t, err, forms.EINVALID, c.want...)
			after := fileState(t, dir)
			if len(after) != len(before) {
				t.Fatalf("files changed: before %v, after %v", before, after)
			}
			for p, s := range before {
				if after[p] != s {
					t.Fatalf("%s changed", p)
				}
			}
		})
	}
	t.Run("OKEveryVersion", func(t *testing.T) {
		// The migrations' own schema at each version matches itself, and
		// the good backup passes.
		for v := 1; v <= len(migrationFiles()); v++ {
			if _, err := expectedSchema(ctx, v); err != nil {
				t.Fatalf("version %d: %v", v, err)
			}
		}
		if _, err := CheckBackup(ctx, dir, good); err != nil {
			t.Fatal(forms.ErrorMessage(err))
		}
	})
}

// TestBackup_NoPartialFiles: a backup is written under a temporary name
// and renamed when checked, start-up removes what a killed backup, mark
// rewrite or restore left (only names the program writes), and retention
// never counts an unfinished backup among the newest kept.
func TestBackup_NoPartialFiles(t *testing.T) {
	ctx := context.Background()
	f, dir, good := stationDir(t)
	backups := filepath.Join(dir, BackupDirName)
	leftovers := []string{
		filepath.Join(backups, ".counterdesk-QB01-20261123-093000.db.tmp"),
		filepath.Join(backups, ".counterdesk-QB01-20261123-093000.db.tmp-journal"),
		filepath.Join(backups, ".counterdesk-QB01-20261123-093000.db.tmp-1234567"),
		// An older version's backup killed halfway: the .db and its -journal.
		filepath.Join(backups, "counterdesk-QB01-20261123-094000.db"),
		filepath.Join(backups, "counterdesk-QB01-20261123-094000.db-journal"),
		filepath.Join(dir, "receipts.hwm.tmp-1234567"),
		filepath.Join(dir, "receipts.hwm.tmp-7654321"),
		filepath.Join(dir, "counterdesk.restore.tmp-42"),
		filepath.Join(dir, ".counterdesk.db.restoring-20261123-093000.tmp-99"),
		filepath.Join(dir, "counterdesk.db.restoring-20261123-093000"),
		filepath.Join(dir, ".counterdesk-write-test-5"),
	}
	notOurs := []string{
		filepath.Join(backups, "我的备份.db"),
		filepath.Join(backups, "counterdesk-QB01-20261123-094000.db.txt"),
		filepath.Join(dir, "receipts.hwm.bak"),
		filepath.Join(dir, "notes.tmp-1"),
	}
	for _, p := range append(append([]string{}, leftovers...), notOurs...) {
		must(t, os.WriteFile(p, []byte("部分"), 0o600))
	}
	if got := NewestGoodBackup(ctx, dir); got != good {
		t.Fatalf("NewestGoodBackup = %q, want %q", got, good)
	}
	db := mustOpenPath(t, filepath.Join(dir, DBFileName), f.clk)
	for _, p := range leftovers {
		if _, err := os.Lstat(p); !os.IsNotExist(err) {
			t.Fatalf("start-up left %s", p)
		}
	}
	for _, p := range notOurs {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("start-up removed %s, which the program did not write", p)
		}
	}
	if _, err := os.Stat(good); err != nil {
		t.Fatalf("the good backup was removed: %v", err)
	}
	f.clk.Add(time.Hour)
	info, err := db.Backup(ctx, f.sup, "manual")
	must(t, err)
	entries, err := os.ReadDir(backups)
	must(t, err)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") || strings.HasSuffix(e.Name(), "-journal") {
			t.Fatalf("a backup left %s", e.Name())
		}
	}
	if err := checkCopy(ctx, info.Path); err != nil {
		t.Fatal(err)
	}

	t.Run("RetentionCountsOnlyComplete", func(t *testing.T) {
		dir := t.TempDir()
		now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.Local)
		var complete []string
		for i := range 7 { // 40…46 days old: older than the 30 days kept
			n := "counterdesk-QB01-" + now.AddDate(0, 0, -40-i).Format(backupStamp) + ".db"
			complete = append(complete, n)
			must(t, os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o600))
		}
		// The newest file is a backup killed halfway by an older version.
		partial := "counterdesk-QB01-" + now.Format(backupStamp) + ".db"
		must(t, os.WriteFile(filepath.Join(dir, partial), []byte("x"), 0o600))
		must(t, os.WriteFile(filepath.Join(dir, partial+"-journal"), []byte("x"), 0o600))
		deleted, err := pruneBackups(dir, now, 30)
		must(t, err)
		if len(deleted) != 0 {
			t.Fatalf("deleted %v: the partial backup was counted among the newest 7", deleted)
		}
		for _, n := range complete {
			if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
				t.Fatalf("complete backup %s gone", n)
			}
		}
	})
}

// TestFileModes: on Linux the database, its -wal and -shm, backups, the
// before-restore copy, the mark file and the folders the program creates
// are the station's user's only (0600 and 0700), whatever the umask; a
// database an older version left 0644 is narrowed when opened.
func TestFileModes(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the data folder's ACL decides on Windows")
	}
	ctx := context.Background()
	f := newFixture(t)
	_, err := lendOnce(ctx, f.db, f.clerk)
	must(t, err)
	info := backupOf(t, f)
	dir, path := f.db.DataDir(), f.db.Path()
	mode := func(p string, want os.FileMode) {
		t.Helper()
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Fatalf("%s: mode %o, want %o", filepath.Base(p), got, want)
		}
	}
	mode(dir, 0o700)
	mode(path, 0o600)
	mode(path+"-wal", 0o600)
	mode(path+"-shm", 0o600)
	mode(filepath.Join(dir, hwmFile), 0o600)
	mode(filepath.Join(dir, BackupDirName), 0o700)
	mode(info.Path, 0o600)
	must(t, f.db.Close())

	// An older version left the database world-readable.
	must(t, os.Chmod(path, 0o644))
	res, err := RestoreClock(ctx, dir, info.Path, testStart.Year(), 1, f.clk.Now)
	must(t, err)
	mode(res.KeptAside, 0o600)
	mode(path, 0o600)
	must(t, os.Chmod(path, 0o644))
	db := mustOpenPath(t, path, f.clk)
	mode(path, 0o600)
	must(t, db.Close())
}

// TestRecoverRestore_BeforeNextRestore: a restore killed while staging is
// rolled back by the next restore command before it starts (the staging
// copy and marker go, the database stays), and a marker that cannot be
// read stops Open with a message and changes nothing.
func TestRecoverRestore_BeforeNextRestore(t *testing.T) {
	ctx := context.Background()
	f, dir, good := stationDir(t)
	staging := filepath.Join(dir, DBFileName+".restoring-20261123-095900")
	must(t, os.WriteFile(staging, []byte("SQLite format 3\x00半截"), 0o600))
	must(t, writeMarker(dir, &restoreMarker{State: markerStaging, Backup: good, Staging: filepath.Base(staging),
		Aside: DBFileName + ".before-restore-20261123-095900"}))
	res, err := RestoreClock(ctx, dir, good, testStart.Year(), 1, f.clk.Now)
	must(t, err)
	if _, err := os.Stat(staging); !os.IsNotExist(err) {
		t.Fatalf("the killed restore's staging copy is still there: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, restoreMarkerName)); !os.IsNotExist(err) {
		t.Fatalf("the marker is still there: %v", err)
	}
	if res.KeptAside == "" || len(seqsIn(t, res.KeptAside)) != 1 {
		t.Fatalf("the database was not kept aside whole: %+v", res)
	}

	must(t, os.WriteFile(filepath.Join(dir, restoreMarkerName), []byte("{坏"), 0o600))
	before := fileState(t, dir)
	_, err = OpenClock(ctx, filepath.Join(dir, DBFileName), f.clk.Now)
	assertErr(t, err, forms.EINTERNAL, "未完成的恢复记录", "没有做任何改动")
	after := fileState(t, dir)
	for p, s := range before {
		if after[p] != s {
			t.Fatalf("%s changed", p)
		}
	}
}
