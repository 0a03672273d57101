package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"counterdesk/store"
)

// folderNames lists a folder's own entries, sorted, with the date and time
// of a kept-aside database written as STAMP.
func folderNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if k := strings.Index(n, ".before-restore-"); k >= 0 {
			n = n[:k] + ".before-restore-STAMP"
		}
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// TestLock_RemovedByItsCreator: the lock file a process creates is there
// while it holds the lock (a second copy is refused) and gone after
// release; one that was there before stays.
func TestLock_RemovedByItsCreator(t *testing.T) {
	dir := filepath.Join(testDir(t), "数据 目录")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "counterdesk.lock")
	l, err := acquireLock(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := acquireLock(path); err == nil {
		t.Fatal("a second copy took the lock")
	}
	if got := folderNames(t, dir); !slices.Equal(got, []string{"counterdesk.lock"}) {
		t.Fatalf("while locked: %v", got)
	}
	l.release()
	if got := folderNames(t, dir); len(got) != 0 {
		t.Fatalf("after release: %v", got)
	}
	// Taken again after release: the next holder locks a file of its own.
	l, err = acquireLock(path)
	if err != nil {
		t.Fatal(err)
	}
	l.release()

	if err := os.WriteFile(path, []byte("旧"), 0o600); err != nil {
		t.Fatal(err)
	}
	l, err = acquireLock(path)
	if err != nil {
		t.Fatal(err)
	}
	l.release()
	if got := folderNames(t, dir); !slices.Equal(got, []string{"counterdesk.lock"}) {
		t.Fatalf("a lock file that was there before was removed: %v", got)
	}
}

// TestRestoreMain_LeavesNoLock: `counterdesk restore` left counterdesk.lock
// in the data folder after a refused restore. Now a refused restore leaves
// the folder as it was, and a restore leaves only the restored database,
// the one kept aside and the receipts' high-water mark (the restore raised
// the counter to the paper stub's number).
func TestRestoreMain_LeavesNoLock(t *testing.T) {
	dataDir, copy, code := encryptedStation(t)
	closed := folderNames(t, dataDir)
	if want := []string{"backups", store.DBFileName, store.DBFileName + ".clean"}; !slices.Equal(closed, want) {
		t.Fatalf("station folder = %v, want %v", closed, want)
	}
	var out strings.Builder
	if rc := restoreMain([]string{"-data", dataDir, "-code", "ABCDE-FGHJK-MNPQR-STUVW", copy}, strings.NewReader("\n5\ny\n"), &out); rc != 1 {
		t.Fatalf("exit %d:\n%s", rc, out.String())
	}
	if got := folderNames(t, dataDir); !slices.Equal(got, closed) {
		t.Fatalf("after a refused restore: %v, want %v", got, closed)
	}
	out.Reset()
	if rc := restoreMain([]string{"-data", dataDir, "-code", code, copy}, strings.NewReader("\n5\ny\n"), &out); rc != 0 {
		t.Fatalf("exit %d:\n%s", rc, out.String())
	}
	want := []string{"backups", store.DBFileName, store.DBFileName + ".before-restore-STAMP", "receipts.hwm"}
	if got := folderNames(t, dataDir); !slices.Equal(got, want) {
		t.Fatalf("after a restore: %v, want %v", got, want)
	}
}
