package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"counterdesk/forms"
	"counterdesk/store"
)

// integrityChildEnv makes the test binary act as `counterdesk
// integrity-check` (TestMain), for childIntegrityReader's tests.
const integrityChildEnv = "COUNTERDESK_TEST_INTEGRITY_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(integrityChildEnv) == "1" && len(os.Args) > 1 && os.Args[1] == "integrity-check" {
		os.Exit(integrityCheckMain(context.Background(), os.Args[2:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// integrityFiles makes, in a folder whose name has a space and Chinese, a
// new station's database (closed) and a file that is not a database.
func integrityFiles(t *testing.T) (good, junk string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "数据 文件夹")
	good, junk = filepath.Join(dir, store.DBFileName), filepath.Join(dir, "坏的.db")
	db, err := store.Open(context.Background(), good)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := os.WriteFile(junk, bytes.Repeat([]byte("not a database "), 500), 0o600); err != nil {
		t.Fatal(err)
	}
	return good, junk
}

// TestIntegrityCheckMain: a whole database prints [] (exit 0), a file that
// is not a database prints the problem (exit 0: the check ran), also named
// relative to the current folder; a missing argument is a usage error and
// a missing file cannot be checked (exit 2, and it is not created).
func TestIntegrityCheckMain(t *testing.T) {
	ctx := context.Background()
	good, junk := integrityFiles(t)
	for _, c := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{good}, 0, "[]\n"},
		{[]string{junk}, 0, `["file is not a database`},
		{nil, 2, ""},
		{[]string{filepath.Join(filepath.Dir(good), "没有这个文件.db")}, 2, ""},
	} {
		var out, errOut bytes.Buffer
		code := integrityCheckMain(ctx, c.args, &out, &errOut)
		if code != c.code || !strings.HasPrefix(out.String(), c.out) {
			t.Errorf("integrity-check %q: exit %d, stdout %q, stderr %q; want %d and %q", c.args, code, out.String(), errOut.String(), c.code, c.out)
		}
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(good), "没有这个文件.db")); err == nil {
		t.Error("checking a missing file created it")
	}

	// A relative path is of the current folder.
	t.Chdir(filepath.Dir(junk))
	var out, errOut bytes.Buffer
	if code := integrityCheckMain(ctx, []string{filepath.Base(junk)}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "not a database") {
		t.Errorf("integrity-check %s (relative): exit %d, stdout %q, stderr %q; want the problem", filepath.Base(junk), code, out.String(), errOut.String())
	}
}

// TestChildIntegrityReader: the window's process gets the child's answer
// through CheckIntegrity — whole, or the damage found — and a child that
// cannot run is an error naming why.
func TestChildIntegrityReader(t *testing.T) {
	ctx := context.Background()
	path, junk := integrityFiles(t)
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	read := childIntegrityReader(os.Args[0], []string{integrityChildEnv + "=1"})
	db.SetIntegrityReader(read)
	st, err := db.CheckIntegrity(ctx)
	if err != nil || st.State != forms.IntegrityOK || len(st.Problems) != 0 {
		t.Fatalf("CheckIntegrity through the child = %+v, %v", st, err)
	}

	problems, err := read(ctx, junk)
	if err != nil || len(problems) != 1 || !strings.Contains(problems[0], "not a database") {
		t.Errorf("damaged file: problems %q, err %v", problems, err)
	}
	if _, err := childIntegrityReader(filepath.Join(filepath.Dir(path), "没有这个程序"), nil)(ctx, path); err == nil {
		t.Error("a child that cannot start gave no error")
	}
}
