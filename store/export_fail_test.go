package store

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"counterdesk/forms"
)

// failingFile is an export file on a drive that fails after limit bytes:
// a pulled stick (err is EIO) or a full disk (ENOSPC).
type failingFile struct {
	f       *os.File
	limit   int64
	n       int64
	err     error
	syncErr error
}

func (w *failingFile) Write(p []byte) (int, error) {
	if w.n+int64(len(p)) > w.limit {
		k := int(w.limit - w.n)
		if k > 0 {
			w.f.Write(p[:k])
			w.n += int64(k)
		}
		return k, &os.PathError{Op: "write", Path: w.f.Name(), Err: w.err}
	}
	n, err := w.f.Write(p)
	w.n += int64(n)
	return n, err
}

func (w *failingFile) Sync() error {
	if w.syncErr != nil {
		return w.syncErr
	}
	return w.f.Sync()
}

func (w *failingFile) Close() error { return w.f.Close() }

// swapCreate replaces exportCreate for one test; only files whose path
// contains under are failing.
func swapCreate(t *testing.T, under string, limit int64, err, syncErr error) {
	t.Helper()
	orig := exportCreate
	exportCreate = func(path string) (io.WriteCloser, error) {
		f, e := orig(path)
		if e != nil || !strings.Contains(path, under) {
			return f, e
		}
		return &failingFile{f: f.(*os.File), limit: limit, err: err, syncErr: syncErr}, nil
	}
	t.Cleanup(func() { exportCreate = orig })
}

// noCompleteExport fails when dir holds anything that looks like a
// finished export (or any file), or an export was recorded.
func noCompleteExport(t *testing.T, r *exportRig, dir string) {
	t.Helper()
	if fs := filesIn(t, dir); len(fs) != 0 {
		t.Fatalf("files left in the export folder: %v", fs)
	}
	if fs := filesIn(t, filepath.Join(r.db.DataDir(), ExportDirName)); len(fs) != 0 {
		t.Fatalf("files left in the kept folder: %v", fs)
	}
	if n := exportRows(t, r.db); n != 0 {
		t.Fatalf("%d exports recorded", n)
	}
	var audits int
	must(t, r.db.db.QueryRow("SELECT count(*) FROM audit_log WHERE action = ?", ActExportMake).Scan(&audits))
	if audits != 0 {
		t.Fatal("the failed export was audited")
	}
}

// TestExportPulledStick cuts the file at several sizes (the same station's
// export varies by some tens of bytes, as IDs are random): each failure says
// so in Chinese, leaves nothing that looks complete, records nothing, and
// the next export still carries every row.
func TestExportPulledStick(t *testing.T) {
	ctx := context.Background()
	// The size of a whole export of the same station.
	ref := newExportRig(t)
	ref.someBusiness(t)
	whole, err := ref.db.Export(ctx, ref.sup, exportDir(t), nil)
	must(t, err)

	for _, limit := range []int64{0, 1, 200, 4096, whole.Size / 2, whole.Size - 300} {
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			r := newExportRig(t)
			r.someBusiness(t)
			before := tableCounts(t, r.db)
			dir := exportDir(t)
			swapCreate(t, dir, limit, syscall.EIO, nil)
			_, err := r.db.Export(ctx, r.sup, dir, nil)
			assertErr(t, err, forms.EINVALID, "写入失败，U盘可能已拔出", "下次导出仍会包含全部")
			noCompleteExport(t, r, dir)

			exportCreate = func(path string) (io.WriteCloser, error) {
				return os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
			}
			info, err := r.db.Export(ctx, r.sup, dir, nil)
			must(t, err)
			if info.Number != 1 || info.FromSeq != 0 {
				t.Fatalf("the next export: %+v", info)
			}
			e := readExported(t, info.Path, r.pub, r.id)
			for _, tb := range ExportTables {
				if int64(len(e.live(tb.Name))) != before[tb.Name] {
					t.Errorf("the next export carries %d rows of %s, the table has %d", len(e.live(tb.Name)), tb.Name, before[tb.Name])
				}
			}
		})
	}
}

func TestExportDiskFull(t *testing.T) {
	ctx := context.Background()
	r := newExportRig(t)
	r.someBusiness(t)
	dir := exportDir(t)
	swapCreate(t, dir, 3000, syscall.ENOSPC, nil)
	_, err := r.db.Export(ctx, r.sup, dir, nil)
	assertErr(t, err, forms.EINVALID, "U盘空间不足", "下次导出仍会包含全部")
	noCompleteExport(t, r, dir)
}

func TestExportSyncFails(t *testing.T) {
	ctx := context.Background()
	r := newExportRig(t)
	r.someBusiness(t)
	dir := exportDir(t)
	swapCreate(t, dir, 1<<40, nil, &os.PathError{Op: "sync", Path: dir, Err: syscall.EIO})
	_, err := r.db.Export(ctx, r.sup, dir, nil)
	assertErr(t, err, forms.EINVALID, "写入失败，U盘可能已拔出")
	noCompleteExport(t, r, dir)
}

func TestExportKeptCopyFails(t *testing.T) {
	ctx := context.Background()
	r := newExportRig(t)
	r.someBusiness(t)
	dir := exportDir(t)
	swapCreate(t, filepath.Join(r.db.DataDir(), ExportDirName), 100, syscall.ENOSPC, nil)
	_, err := r.db.Export(ctx, r.sup, dir, nil)
	assertErr(t, err, forms.EINTERNAL, "本机磁盘空间不足", "没有记录任何导出")
	noCompleteExport(t, r, dir)
}

// TestExportRecordFails: the files are renamed into place, then recording
// the export fails; both are removed.
func TestExportRecordFails(t *testing.T) {
	ctx := context.Background()
	r := newExportRig(t)
	r.someBusiness(t)
	dir := exportDir(t)
	_, err := r.db.db.Exec("CREATE TRIGGER test_exports_fail BEFORE INSERT ON exports BEGIN SELECT RAISE(ABORT, 'test: no record'); END")
	must(t, err)
	_, err = r.db.Export(ctx, r.sup, dir, nil)
	if err == nil || !strings.Contains(err.Error(), "test: no record") {
		t.Fatalf("err = %v", err)
	}
	noCompleteExport(t, r, dir)
	_, err = r.db.db.Exec("DROP TRIGGER test_exports_fail")
	must(t, err)
	info, err := r.db.Export(ctx, r.sup, dir, nil)
	must(t, err)
	if info.Number != 1 {
		t.Fatalf("number %d", info.Number)
	}
}

// TestRewritePulledStick: a rewrite cut short leaves nothing and records
// nothing.
func TestRewritePulledStick(t *testing.T) {
	ctx := context.Background()
	r := newExportRig(t)
	r.someBusiness(t)
	_, err := r.db.Export(ctx, r.sup, exportDir(t), nil)
	must(t, err)
	dir := exportDir(t)
	swapCreate(t, dir, 500, syscall.EIO, nil)
	audits := auditCount(t, r.db)
	_, err = r.db.RewriteExport(ctx, r.sup, 1, dir)
	assertErr(t, err, forms.EINVALID, "写入失败，U盘可能已拔出")
	if fs := filesIn(t, dir); len(fs) != 0 || auditCount(t, r.db) != audits {
		t.Fatalf("files %v, audits %d → %d", fs, audits, auditCount(t, r.db))
	}
}

// corruptingFile is a drive that reports every write as done but stores
// one byte flipped (a failing stick that does not say so).
type corruptingFile struct {
	f     *os.File // not embedded: io.Copy must not bypass Write through ReadFrom
	at, n int64
}

func (w *corruptingFile) Sync() error  { return w.f.Sync() }
func (w *corruptingFile) Close() error { return w.f.Close() }

func (w *corruptingFile) Write(p []byte) (int, error) {
	q := append([]byte(nil), p...)
	if i := w.at - w.n; i >= 0 && i < int64(len(q)) {
		q[i] ^= 0xff
	}
	n, err := w.f.Write(q)
	w.n += int64(n)
	return n, err
}

// TestExportReadBackCatchesSilentCorruption: a byte the drive stored wrong
// without an error is found when the file is read back, on the stick and
// in the kept folder alike; the export is refused in Chinese and leaves
// and records nothing.
func TestExportReadBackCatchesSilentCorruption(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name string
		at   int64
	}{{"stick-header", 10}, {"stick-ciphertext", 2000}, {"kept-header", 10}, {"kept-ciphertext", 2000}} {
		t.Run(c.name, func(t *testing.T) {
			r := newExportRig(t)
			r.someBusiness(t)
			dir := exportDir(t)
			under := dir
			if strings.HasPrefix(c.name, "kept") {
				under = filepath.Join(r.db.DataDir(), ExportDirName)
			}
			orig := exportCreate
			exportCreate = func(path string) (io.WriteCloser, error) {
				f, e := orig(path)
				if e != nil || !strings.HasPrefix(path, under) {
					return f, e
				}
				return &corruptingFile{f: f.(*os.File), at: c.at}, nil
			}
			t.Cleanup(func() { exportCreate = orig })
			_, err := r.db.Export(ctx, r.sup, dir, nil)
			assertErr(t, err, forms.EINVALID, "导出文件写入后读回核对不符", "下次导出仍会包含全部")
			noCompleteExport(t, r, dir)
		})
	}
}
