package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"os"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

// damagedStation makes a station database with a table of filler rows,
// closes it cleanly (so it has its clean-close record) and overwrites the
// filler table's root page with garbage — damage only a read of the whole
// file (quick_check) finds, since opening never touches that table. With
// keepStamp the file's modification time is put back, as bit rot on a disk
// would leave it: the clean-close record still matches.
func damagedStation(t *testing.T, keepStamp bool) (path string, data []byte) {
	t.Helper()
	ctx := context.Background()
	path = testDBPath(t)
	db := mustOpenPath(t, path, &testClock{now: testStart})
	_, err := db.db.ExecContext(ctx, `CREATE TABLE filler (x TEXT);
		INSERT INTO filler SELECT hex(randomblob(300)) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 2000) SELECT i FROM n)`)
	must(t, err)
	var root int64
	must(t, db.db.QueryRowContext(ctx, "SELECT rootpage FROM sqlite_master WHERE name = 'filler'").Scan(&root))
	must(t, db.Close())
	if !closedCleanly(path) {
		t.Fatal("no matching clean-close record after Close")
	}
	fi, err := os.Stat(path)
	must(t, err)
	data, err = os.ReadFile(path)
	must(t, err)
	pageSize := int64(binary.BigEndian.Uint16(data[16:18]))
	for i := (root - 1) * pageSize; i < root*pageSize; i++ {
		data[i] = byte(i*7 + 3)
	}
	must(t, os.WriteFile(path, data, 0o600))
	if keepStamp {
		must(t, os.Chtimes(path, fi.ModTime(), fi.ModTime()))
	}
	return path, data
}

// A clean start skips the full read: a station closed cleanly opens even
// though a page deep in the file is damaged (before issue 17 every open ran
// quick_check over the whole file and refused it), and the background check
// then finds the damage, shows it, and leaves no clean-close record, so the
// next open checks the whole file and refuses it, changing nothing.
func TestIntegrity_CleanStartSkipsFullRead(t *testing.T) {
	ctx := context.Background()
	path, data := damagedStation(t, true)

	db, err := OpenClock(ctx, path, (&testClock{now: testStart}).Now)
	if err != nil {
		t.Fatalf("a cleanly closed station was read whole at open and refused: %s", forms.ErrorMessage(err))
	}
	if st, _ := db.IntegrityStatus(ctx); st.State != forms.IntegrityNotChecked {
		t.Fatalf("status after a clean open = %+v, want not checked yet", st)
	}
	if _, err := os.Stat(path + cleanSuffix); !os.IsNotExist(err) {
		t.Fatalf("the clean-close record outlives the open: %v", err)
	}

	st, err := db.CheckIntegrity(ctx)
	must(t, err)
	if st.State != forms.IntegrityDamaged || len(st.Problems) == 0 || !st.Trouble() {
		t.Fatalf("background check = %+v, want damaged with SQLite's words", st)
	}
	msg := st.Message()
	for _, want := range []string{"数据库完整性检查发现数据库文件已损坏", "恢复备份", "主管", st.Problems[0][:10]} {
		if !strings.Contains(msg, want) {
			t.Errorf("home screen message %q lacks %q", msg, want)
		}
	}
	if again, _ := db.IntegrityStatus(ctx); again.State != forms.IntegrityDamaged || again.Checked != testStart {
		t.Fatalf("IntegrityStatus = %+v, want the damaged result checked at %v", again, testStart)
	}
	must(t, db.Close())
	if _, err := os.Stat(path + cleanSuffix); !os.IsNotExist(err) {
		t.Fatal("a station found damaged was recorded as closed cleanly")
	}

	before, err := os.ReadFile(path)
	must(t, err)
	_, err = Open(ctx, path)
	assertErr(t, err, forms.EINTERNAL, "数据库文件“"+path+"”已损坏或不是柜台通的数据库（完整性检查未通过：",
		"程序没有对该文件做任何改动。请联系主管用最近的备份恢复数据库。")
	if !IsDamaged(err) {
		t.Fatalf("error key of %v is not %s", err, KeyDamaged)
	}
	after, err := os.ReadFile(path)
	must(t, err)
	if !bytes.Equal(before, after) || len(data) != len(after) {
		t.Fatal("refusing the damaged file changed it")
	}
}

// The check is due at open when the last run did not end cleanly (no
// record: the process died) or the file changed since the record was made
// (copied over, restored, edited by another program): a damaged file is
// refused before anything is written, as every open did before issue 17.
func TestIntegrity_DamagedRefusedWhenCheckDue(t *testing.T) {
	ctx := context.Background()
	for name, prepare := range map[string]func(t *testing.T) string{
		"DiedWithoutClosing": func(t *testing.T) string {
			path, _ := damagedStation(t, true)
			must(t, os.Remove(path+cleanSuffix))
			return path
		},
		"ChangedSinceClosed": func(t *testing.T) string {
			path, _ := damagedStation(t, false)
			return path
		},
	} {
		t.Run(name, func(t *testing.T) {
			path := prepare(t)
			before, err := os.ReadFile(path)
			must(t, err)
			_, err = Open(ctx, path)
			assertErr(t, err, forms.EINTERNAL, "已损坏或不是柜台通的数据库（完整性检查未通过：", "程序没有对该文件做任何改动")
			if !IsDamaged(err) {
				t.Fatalf("error key of %v is not %s", err, KeyDamaged)
			}
			after, err := os.ReadFile(path)
			must(t, err)
			if !bytes.Equal(before, after) {
				t.Fatal("refusing the damaged file changed it")
			}
			if _, err := os.Stat(path + "-wal"); !os.IsNotExist(err) {
				t.Fatal("refusing the damaged file left a write-ahead log")
			}
		})
	}
}

// After a run that did not end cleanly a sound file is read whole while
// opening, and the home screen's status says so without a second read.
func TestIntegrity_UncleanEndChecksAtOpen(t *testing.T) {
	ctx := context.Background()
	path := testDBPath(t)
	db := mustOpenPath(t, path, &testClock{now: testStart})
	must(t, db.Close())
	must(t, os.Remove(path+cleanSuffix)) // as if the process had died

	clk := &testClock{now: testStart.Add(time.Hour)}
	db, err := OpenClock(ctx, path, clk.Now)
	must(t, err)
	defer db.Close()
	st, _ := db.IntegrityStatus(ctx)
	if st.State != forms.IntegrityOK || !st.AtOpen || st.Checked != clk.Now() || st.Trouble() || st.Message() != "" {
		t.Fatalf("status after an open that checked = %+v, want ok at open", st)
	}
	again, err := db.CheckIntegrity(ctx)
	must(t, err)
	if !again.AtOpen || again.Checked != st.Checked {
		t.Fatalf("CheckIntegrity read the file again: %+v", again)
	}
}

// A sound station: the background check passes, and Close (which waits
// for a check) records the clean close that lets the next open skip it.
func TestIntegrity_BackgroundCheckOK(t *testing.T) {
	ctx := context.Background()
	path := testDBPath(t)
	db := mustOpenPath(t, path, &testClock{now: testStart})
	st, err := db.CheckIntegrity(ctx)
	must(t, err)
	if st.State != forms.IntegrityOK || st.AtOpen || st.Trouble() {
		t.Fatalf("background check on a sound file = %+v", st)
	}
	must(t, db.Close())
	if !closedCleanly(path) {
		t.Fatal("no clean-close record after a clean run")
	}
	if _, err := db.CheckIntegrity(ctx); err == nil {
		t.Fatal("CheckIntegrity ran on a closed database")
	}
}

// Messages name what was found and the fix, for each kind of trouble.
func TestIntegrityStatus_Message(t *testing.T) {
	for _, c := range []struct {
		st   forms.IntegrityStatus
		want []string
	}{
		{forms.IntegrityStatus{State: forms.IntegrityOK}, nil},
		{forms.IntegrityStatus{State: forms.IntegrityChecking}, nil},
		{forms.IntegrityStatus{State: forms.IntegrityDamaged, Problems: []string{"Tree 5 page 5: btreeInitPage() returns error code 11"}},
			[]string{"已损坏（Tree 5 page 5", "请不要继续办理业务", "“恢复备份…”"}},
		{forms.IntegrityStatus{State: forms.IntegrityFailed, Problems: []string{"disk I/O error"}},
			[]string{"没有做完（disk I/O error）", "重新打开", "“恢复备份…”"}},
	} {
		got := c.st.Message()
		if (got == "") != (c.want == nil) {
			t.Errorf("%+v: message %q", c.st, got)
		}
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%+v: message %q lacks %q", c.st, got, w)
			}
		}
	}
}

// BenchmarkOpen_IntegrityCheck opens a 20 MB database after a clean close
// (no full read) and after a run that did not end cleanly (quick_check
// reads the whole file), to show what the clean-close record saves; at
// 1,000,000 customers (750 MB) the full read took 3 s.
func BenchmarkOpen_IntegrityCheck(b *testing.B) {
	ctx := context.Background()
	path := testDBPath(b)
	db, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.db.ExecContext(ctx, `CREATE TABLE filler (x TEXT);
		INSERT INTO filler SELECT hex(randomblob(500)) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 20000) SELECT i FROM n)`); err != nil {
		b.Fatal(err)
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		clean bool
	}{{"CleanClose", true}, {"CheckDue", false}} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if !c.clean {
					os.Remove(path + cleanSuffix)
				}
				db, err := Open(ctx, path)
				if err != nil {
					b.Fatal(err)
				}
				db.Close()
			}
		})
	}
}
