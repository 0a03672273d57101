package store

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"counterdesk/forms"
)

func TestOpen(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		path := testDBPath(t)
		db := mustOpenPath(t, path, &testClock{now: testStart})
		if got, want := db.DataDir(), filepath.Dir(path); got != want {
			t.Fatalf("DataDir = %q, want %q", got, want)
		}
		var version, migrations int
		must(t, db.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version))
		must(t, db.db.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations").Scan(&migrations))
		if want := len(migrationFiles()); version != want || migrations != want {
			t.Fatalf("user_version = %d, schema_migrations rows = %d, want %d", version, migrations, want)
		}
		var mode string
		must(t, db.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode))
		if mode != "wal" {
			t.Fatalf("journal_mode = %q, want wal", mode)
		}
		var fk int
		must(t, db.db.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk))
		if fk != 1 {
			t.Fatal("foreign keys are off")
		}
		if _, err := db.Station(ctx); forms.ErrorCode(err) != forms.ENOTFOUND {
			t.Fatalf("Station before setup: %v, want ENOTFOUND", err)
		}
		must(t, db.Close())

		// Opening again applies nothing twice.
		db2 := mustOpenPath(t, path, &testClock{now: testStart})
		must(t, db2.db.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations").Scan(&migrations))
		if migrations != len(migrationFiles()) {
			t.Fatalf("schema_migrations rows after reopen = %d", migrations)
		}
	})

	// newerFile makes a database that a newer Counter Desk wrote, closed
	// cleanly, and returns its bytes.
	newerFile := func(t *testing.T, change string) (string, []byte) {
		path := testDBPath(t)
		db, err := Open(ctx, path)
		must(t, err)
		if _, err := db.db.ExecContext(ctx, change); err != nil {
			t.Fatal(err)
		}
		must(t, db.Close())
		data, err := os.ReadFile(path)
		must(t, err)
		return path, data
	}
	newer := map[string]string{
		"ErrNewerSchemaUserVersion": "PRAGMA user_version = 99",
		"ErrNewerSchemaMigrations":  "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, '0099_future', '2030-01-01T00:00:00Z')",
	}
	for name, change := range newer {
		t.Run(name, func(t *testing.T) {
			path, before := newerFile(t, change)
			db, err := Open(ctx, path)
			if err == nil {
				db.Close()
				t.Fatal("Open accepted a database from a newer version")
			}
			assertErr(t, err, forms.EINVALID, "数据库来自更新版本的柜台通，请安装最新版本后再打开")
			if !IsNewerSchema(err) {
				t.Fatalf("IsNewerSchema(%v) = false", err)
			}
			after, err := os.ReadFile(path)
			must(t, err)
			if !bytes.Equal(before, after) {
				t.Fatal("Open changed the file of a newer version")
			}
		})
	}

	t.Run("ErrNotADatabase", func(t *testing.T) {
		path := testDBPath(t)
		must(t, os.MkdirAll(filepath.Dir(path), 0o755))
		garbage := bytes.Repeat([]byte("这不是数据库 garbage \x00\x01\x02"), 500)
		must(t, os.WriteFile(path, garbage, 0o644))
		_, err := Open(ctx, path)
		assertErr(t, err, forms.EINTERNAL, "已损坏", "没有对该文件做任何改动", "恢复", path)
		var fe *forms.Error
		if !asFormsError(err, &fe) || fe.Key != KeyDamaged {
			t.Fatalf("error key = %v, want %s", err, KeyDamaged)
		}
		if IsNewerSchema(err) {
			t.Fatal("a damaged file is not a newer schema")
		}
		after, err := os.ReadFile(path)
		must(t, err)
		if !bytes.Equal(garbage, after) {
			t.Fatal("Open changed a file that is not a database")
		}
	})

	t.Run("ErrCorrupt", func(t *testing.T) {
		path, _ := newerFile(t, "CREATE TABLE filler (x TEXT); INSERT INTO filler SELECT hex(randomblob(500)) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 200) SELECT i FROM n)")
		data, err := os.ReadFile(path)
		must(t, err)
		// Keep the header and page 1, overwrite the rest with garbage.
		for i := 4096; i < len(data); i++ {
			data[i] = byte(i * 7)
		}
		must(t, os.WriteFile(path, data, 0o644))
		_, err = Open(ctx, path)
		t.Log(forms.ErrorMessage(err))
		assertErr(t, err, forms.EINTERNAL, "已损坏", "没有对该文件做任何改动", path)
		after, err := os.ReadFile(path)
		must(t, err)
		if !bytes.Equal(data, after) {
			t.Fatal("Open changed a corrupt file")
		}
	})

	t.Run("ErrOtherProgramsDatabase", func(t *testing.T) {
		path := testDBPath(t)
		must(t, os.MkdirAll(filepath.Dir(path), 0o755))
		other, err := sql.Open("sqlite", fileURI(path, ""))
		must(t, err)
		_, err = other.ExecContext(ctx, "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x')")
		must(t, err)
		must(t, other.Close())
		before, err := os.ReadFile(path)
		must(t, err)
		_, err = Open(ctx, path)
		assertErr(t, err, forms.EINTERNAL, "不是柜台通的数据库", "没有对该文件做任何改动", path)
		after, err := os.ReadFile(path)
		must(t, err)
		if !bytes.Equal(before, after) {
			t.Fatal("Open changed another program's database")
		}
	})

	t.Run("ErrUnwritableFolder", func(t *testing.T) {
		// chmod proves nothing as root: put the folder beneath a regular file.
		dir := filepath.Join(t.TempDir(), "王 芳")
		must(t, os.MkdirAll(dir, 0o755))
		blocker := filepath.Join(dir, "not-a-folder")
		must(t, os.WriteFile(blocker, []byte("x"), 0o644))
		path := filepath.Join(blocker, "CounterDesk", "counterdesk.db")
		_, err := Open(ctx, path)
		t.Log(forms.ErrorMessage(err))
		assertErr(t, err, forms.EINTERNAL, "无法在文件夹", filepath.Join(blocker, "CounterDesk"))
		data, err := os.ReadFile(blocker)
		must(t, err)
		if string(data) != "x" {
			t.Fatal("Open changed the file in the way")
		}
	})
}

func asFormsError(err error, target **forms.Error) bool {
	fe, ok := err.(*forms.Error)
	if ok {
		*target = fe
	}
	return ok
}

func TestFileURI(t *testing.T) {
	for path, want := range map[string]string{
		`/tmp/王 芳/counterdesk.db`: "file:///tmp/%E7%8E%8B%20%E8%8A%B3/counterdesk.db?x=1",
		`/tmp/a#b?c%d/x.db`:       "file:///tmp/a%23b%3Fc%25d/x.db?x=1",
	} {
		if got := fileURI(path, "x=1"); got != want {
			t.Errorf("fileURI(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestAuditLog_AppendOnly(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	n := auditCount(t, f.db)
	if n == 0 {
		t.Fatal("set-up wrote no audit entries")
	}
	for _, stmt := range []string{
		"UPDATE audit_log SET note = 'edited'",
		"UPDATE audit_log SET hash = 'x' WHERE seq = 1",
		"DELETE FROM audit_log WHERE seq = 1",
		"DELETE FROM audit_log",
	} {
		_, err := f.db.db.ExecContext(ctx, stmt)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Fatalf("%s: err = %v, want the trigger's abort", stmt, err)
		}
	}
	if got := auditCount(t, f.db); got != n {
		t.Fatalf("audit entries = %d after refused edits, want %d", got, n)
	}
	// Every entry is in the chain (0017), and the refused edits left it whole.
	var unsealed int
	must(t, f.db.db.QueryRowContext(ctx, "SELECT count(*) FROM audit_log WHERE hash IS NULL OR prev_hash IS NULL").Scan(&unsealed))
	if unsealed != 0 {
		t.Fatalf("%d entries without a hash", unsealed)
	}
	if c, err := f.db.VerifyAudit(ctx); err != nil || !c.OK() {
		t.Fatalf("after refused edits: %+v, %v", c, err)
	}
}
