package store

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"counterdesk/forms"
)

// backupOf makes a manual backup of a fixture's database.
func backupOf(t *testing.T, f *fixture) forms.BackupInfo {
	t.Helper()
	info, err := f.db.Backup(context.Background(), f.sup, "manual")
	must(t, err)
	return info
}

func TestRestore(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		f := newFixture(t)
		for range 3 {
			_, err := lendOnce(ctx, f.db, f.clerk)
			must(t, err)
		}
		info := backupOf(t, f)
		// Receipts 4 and 5 are printed after the backup and handed out.
		var printed []string
		for range 2 {
			r, err := lendOnce(ctx, f.db, f.clerk)
			must(t, err)
			printed = append(printed, r.Number)
		}
		dir, path := f.db.DataDir(), f.db.Path()
		f.db.Close()

		// The paper stub says 5; the high-water mark says 5; the backup 3.
		res, err := RestoreClock(ctx, dir, info.Path, testStart.Year(), 5, f.clk.Now)
		must(t, err)
		if res.BackupSeq != 3 || res.MarkSeq != 5 || res.NextNumber != "QB01-2026-000006" {
			t.Fatalf("result = %+v", res)
		}
		if _, err := os.Stat(res.KeptAside); err != nil || !strings.Contains(res.KeptAside, ".before-restore-") {
			t.Fatalf("previous database not kept aside: %q %v", res.KeptAside, err)
		}
		if seqs := seqsIn(t, res.KeptAside); len(seqs) != 5 {
			t.Fatalf("kept-aside database has %v", seqs)
		}
		db := mustOpenPath(t, path, f.clk)
		r, err := lendOnce(ctx, db, f.clerk)
		must(t, err)
		for _, p := range printed {
			if r.Number == p {
				t.Fatalf("number %s issued again after the restore", p)
			}
		}
		if r.Number != "QB01-2026-000006" {
			t.Fatalf("first receipt after restore = %s", r.Number)
		}
		lastAudit(t, db, filepath.Base(info.Path), ActRestore)
		var skips int
		must(t, db.db.QueryRow("SELECT count(*) FROM receipt_skips WHERE first_seq = 4 AND last_seq = 5").Scan(&skips))
		if skips != 1 {
			t.Fatalf("receipt_skips for 4…5 = %d", skips)
		}
	})
	t.Run("PaperAboveMark", func(t *testing.T) {
		// The mark file was lost with the disk; the paper stub says 9.
		f := newFixture(t)
		_, err := lendOnce(ctx, f.db, f.clerk)
		must(t, err)
		info := backupOf(t, f)
		dir, path := f.db.DataDir(), f.db.Path()
		f.db.Close()
		must(t, os.Remove(filepath.Join(dir, hwmFile)))
		_, err = RestoreClock(ctx, dir, info.Path, testStart.Year(), 9, f.clk.Now)
		must(t, err)
		db := mustOpenPath(t, path, f.clk)
		r, err := lendOnce(ctx, db, f.clerk)
		must(t, err)
		if r.Seq != 10 {
			t.Fatalf("first receipt after restore = %s, want …000010", r.Number)
		}
		var reason string
		must(t, db.db.QueryRow("SELECT reason FROM receipt_skips WHERE first_seq = 2 AND last_seq = 9").Scan(&reason))
		if !strings.Contains(reason, "存根联") {
			t.Fatalf("skip reason %q", reason)
		}
	})
	t.Run("MarkAbovePaper", func(t *testing.T) {
		// The supervisor misreads the stub as 1; the mark file knows 4.
		f := newFixture(t)
		_, err := lendOnce(ctx, f.db, f.clerk)
		must(t, err)
		info := backupOf(t, f)
		for range 3 {
			_, err := lendOnce(ctx, f.db, f.clerk)
			must(t, err)
		}
		dir, path := f.db.DataDir(), f.db.Path()
		f.db.Close()
		_, err = RestoreClock(ctx, dir, info.Path, testStart.Year(), 1, f.clk.Now)
		must(t, err)
		db := mustOpenPath(t, path, f.clk)
		r, err := lendOnce(ctx, db, f.clerk)
		must(t, err)
		if r.Seq != 5 {
			t.Fatalf("first receipt after restore = %s, want …000005", r.Number)
		}
	})
}

// fileState is every file in a folder tree with its checksum.
func fileState(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	must(t, filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		_, sum, err := fileSum(p)
		out[p] = sum
		return err
	}))
	return out
}

func TestCheckBackup_Refused(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	_, err := lendOnce(ctx, f.db, f.clerk)
	must(t, err)
	good := backupOf(t, f)
	dir := f.db.DataDir()
	f.db.Close()
	other := t.TempDir()
	cp := func(name string, edit func(p string)) string {
		p := filepath.Join(other, name)
		data, err := os.ReadFile(good.Path)
		must(t, err)
		must(t, os.WriteFile(p, data, 0o600))
		if edit != nil {
			edit(p)
		}
		return p
	}
	exec := func(p, q string) {
		conn, err := sql.Open("sqlite", fileURI(p, ""))
		must(t, err)
		defer conn.Close()
		_, err = conn.Exec(q)
		must(t, err)
	}

	// Another station's backup.
	g := newFixture(t)
	foreign := backupOf(t, g)

	cases := map[string]struct {
		path string
		want string
	}{
		"Corrupt": {cp("corrupt.db", func(p string) {
			data, _ := os.ReadFile(p)
			for i := 4096; i < len(data) && i < 4096*6; i++ {
				data[i] = 0xA5
			}
			must(t, os.WriteFile(p, data, 0o600))
		}), "损坏"},
		"Truncated": {cp("truncated.db", func(p string) {
			fi, _ := os.Stat(p)
			must(t, os.Truncate(p, fi.Size()/2))
		}), "不完整"},
		"NotSQLite": {cp("photo.db", func(p string) {
			must(t, os.WriteFile(p, []byte(strings.Repeat("不是数据库", 200)), 0o600))
		}), "不是柜台通的备份文件"},
		"Foreign":     {foreign.Path, "另一台工作站"},
		"NewerSchema": {cp("newer.db", func(p string) { exec(p, "PRAGMA user_version = 99") }), "更新版本"},
		"OtherProgram": {cp("other.db", func(p string) {
			must(t, os.Remove(p))
			exec(p, "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)")
		}), "不是柜台通的数据库"},
		"Missing": {filepath.Join(other, "nothing.db"), "找不到"},
	}
	before := fileState(t, dir)
	for name, c := range cases {
		t.Run("Err"+name, func(t *testing.T) {
			_, err := CheckBackup(ctx, dir, c.path)
			assertErr(t, err, forms.EINVALID, c.want, "没有任何改动")
			_, err = RestoreClock(ctx, dir, c.path, testStart.Year(), 1, f.clk.Now)
			assertErr(t, err, forms.EINVALID, c.want)
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
	t.Run("OK", func(t *testing.T) {
		chk, err := CheckBackup(ctx, dir, good.Path)
		must(t, err)
		if chk.StationCode != "QB01" || chk.LastSeq[testStart.Year()] != 1 || chk.SHA256 != good.SHA256 {
			t.Fatalf("check = %+v", chk)
		}
	})
	t.Run("ErrPaperYear", func(t *testing.T) {
		_, err := RestoreClock(ctx, dir, good.Path, 1999, 1, f.clk.Now)
		assertErr(t, err, forms.EINVALID, "年份")
	})
}
