package store

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"counterdesk/forms"
)

// dataFolderNames lists the data folder's own entries, sorted, with the
// date and time of a kept-aside database written as STAMP.
func dataFolderNames(t *testing.T, dir string) []string {
	t.Helper()
	names := filesIn(t, dir)
	for i, n := range names {
		if k := strings.Index(n, ".before-restore-"); k >= 0 {
			names[i] = n[:k] + ".before-restore-STAMP"
		}
	}
	slices.Sort(names)
	return names
}

// TestRestore_LeavesOnlyItsFiles: a restore left the staging copy's
// clean-close record (counterdesk.db.restoring-….clean) in the data
// folder. Now a refused restore (wrong recovery code, then a wrong year)
// leaves the folder exactly as it was, and a restore leaves only the
// restored database and the one kept aside; no clean-close record
// describes a file it was not written for, and the restored database is
// checked whole at its first open.
func TestRestore_LeavesOnlyItsFiles(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	_, err := lendOnce(ctx, f.db, f.clerk)
	must(t, err)
	usbFolder(t, f)
	info := backupOf(t, f)
	if !strings.HasSuffix(info.ExtraPath, ".db.age") {
		t.Fatalf("no encrypted copy: %+v", info)
	}
	dir, path := f.db.DataDir(), f.db.Path()
	must(t, f.db.Close())
	closed := []string{BackupDirName, DBFileName, DBFileName + cleanSuffix, "counterdesk.log", hwmFile}
	closed = slices.DeleteFunc(closed, func(n string) bool { // the log only where the store writes one
		_, err := os.Stat(filepath.Join(dir, n))
		return n == "counterdesk.log" && err != nil
	})
	if got := dataFolderNames(t, dir); !slices.Equal(got, closed) {
		t.Fatalf("data folder after close = %v, want %v", got, closed)
	}
	if got := filesIn(t, filepath.Join(dir, BackupDirName)); len(got) != 1 || got[0] != filepath.Base(info.Path) {
		t.Fatalf("backups folder = %v", got)
	}
	before := fileState(t, dir)

	_, err = RestoreCode(ctx, dir, info.ExtraPath, "AAAAA-BBBBB-CCCCC-DDDDD", testStart.Year(), 1, f.clk.Now)
	assertErr(t, err, forms.EINVALID, "恢复码")
	assertSameFiles(t, before, fileState(t, dir))
	_, err = RestoreCode(ctx, dir, info.ExtraPath, f.recovery, 1999, 1, f.clk.Now)
	assertErr(t, err, forms.EINVALID, "存根联上的年份")
	assertSameFiles(t, before, fileState(t, dir))

	res, err := RestoreCode(ctx, dir, info.ExtraPath, f.recovery, testStart.Year(), 1, f.clk.Now)
	must(t, err)
	want := []string{BackupDirName, DBFileName, DBFileName + ".before-restore-STAMP"}
	want = append(want, closed[3:]...)
	if got := dataFolderNames(t, dir); !slices.Equal(got, want) {
		t.Fatalf("data folder after restore = %v, want %v", got, want)
	}
	for p := range fileState(t, dir) {
		if strings.HasSuffix(p, cleanSuffix) || strings.Contains(p, ".restoring-") || strings.Contains(p, ".tmp") {
			t.Fatalf("%s left behind by the restore", p)
		}
	}
	if closedCleanly(path) || closedCleanly(res.KeptAside) {
		t.Fatal("a clean-close record survived the restore")
	}
	db := mustOpenPath(t, path, f.clk)
	st, err := db.IntegrityStatus(ctx)
	must(t, err)
	if !st.AtOpen || st.State != forms.IntegrityOK {
		t.Fatalf("the restored database was not checked at its first open: %+v", st)
	}
}
