// The export file on the stick and in the data folder: written under a
// temporary name, synced, read back and verified, then renamed; and the
// Chinese messages for a drive that fails.

package store

import (
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"

	"counterdesk/forms"
)

// exportSink counts and hashes what reaches the file and keeps the first
// write error, so a failure of the drive is told apart from one of the
// database.
type exportSink struct {
	w   io.Writer
	h   hash.Hash
	n   int64
	err error
}

func (s *exportSink) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	s.h.Write(p[:n])
	s.n += int64(n)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	if err != nil {
		s.err = err
	}
	return n, err
}

// syncClose fsyncs (when the writer can) and closes.
func syncClose(w io.WriteCloser) error {
	if s, ok := w.(interface{ Sync() error }); ok {
		if err := s.Sync(); err != nil {
			w.Close()
			return &driveError{err}
		}
	}
	if err := w.Close(); err != nil {
		return &driveError{err}
	}
	return nil
}

// driveError marks an error of the drive met outside Write (fsync,
// close).
type driveError struct{ err error }

func (e *driveError) Error() string { return e.err.Error() }
func (e *driveError) Unwrap() error { return e.err }

func isWriteFailure(err error) bool {
	var e *driveError
	return errors.As(err, &e)
}

// exportTemp is the temporary name an export file is written under in dir.
func exportTemp(dir, name string) string { return filepath.Join(dir, "."+name+".tmp") }

// cleanExportTemps removes the temporary files a killed or failed export
// of station code left in dir (the kept folder, or the stick); another
// station's are left alone.
func cleanExportTemps(dir, code string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		n := e.Name()
		if e.Type().IsRegular() && strings.HasPrefix(n, ".") && strings.HasSuffix(n, ".cdx.tmp") {
			if c, _, ok := forms.ParseExportFileName(strings.TrimSuffix(strings.TrimPrefix(n, "."), ".tmp")); ok && c == code {
				removeLogged(filepath.Join(dir, n))
			}
		}
	}
}

// checkExportDir makes dir absolute and checks that it is a folder.
func checkExportDir(dir string) (string, error) {
	dir = strings.TrimSpace(dir)
	if dir == "" {
		return "", forms.Errorf(forms.EINVALID, "请选择导出到哪个U盘或文件夹")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", forms.Errorf(forms.EINVALID, "导出文件夹“%s”无效（%v），请重新选择", dir, err)
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return "", forms.Errorf(forms.EINVALID, "找不到导出文件夹“%s”（U盘可能没有插上或已拔出）。请插好U盘，或选择其他文件夹后重试。", abs)
	}
	if !fi.IsDir() {
		return "", forms.Errorf(forms.EINVALID, "“%s”不是文件夹，请选择U盘或一个文件夹", abs)
	}
	return abs, nil
}

// isDiskFull reports whether err says the disk is full.
func isDiskFull(err error) bool {
	if errors.Is(err, syscall.ENOSPC) {
		return true
	}
	var errno syscall.Errno
	if runtime.GOOS == "windows" && errors.As(err, &errno) {
		return errno == 112 || errno == 39 // ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL
	}
	return false
}

const exportNothingKept = "本次没有记录任何导出，下次导出仍会包含全部尚未送达总部的变动。"

// exportWriteError is the clerk's message for a failure to write in dir.
func exportDriveError(dir string, err error) error {
	switch {
	case isDiskFull(err):
		return forms.Errorf(forms.EINVALID, "U盘空间不足，导出没有完成：“%s”所在的磁盘已满。请换一个空间足够的U盘（或删去其中不需要的文件）后重新导出。%s", dir, exportNothingKept)
	case errors.Is(err, os.ErrPermission):
		return forms.Errorf(forms.EINVALID, "无法在文件夹“%s”中写入导出文件（没有写入权限，或U盘的写保护开关已打开）。请换一个U盘或文件夹后重试。%s", dir, exportNothingKept)
	default:
		return forms.Errorf(forms.EINVALID, "写入失败，U盘可能已拔出或已损坏（%v）。导出没有完成，请插好U盘后重新导出。%s", err, exportNothingKept)
	}
}

// exportKeepError is the message for a failure to keep the copy in the data folder.
func exportKeepError(dir string, err error) error {
	if isDiskFull(err) {
		return forms.Errorf(forms.EINTERNAL, "本机磁盘空间不足，无法在“%s”中保留导出文件的副本，导出没有完成。请联系技术支持清理磁盘。%s", dir, exportNothingKept)
	}
	return forms.Errorf(forms.EINTERNAL, "无法在“%s”中保留导出文件的副本（%v），导出没有完成。请联系技术支持。%s", dir, err, exportNothingKept)
}

// copyExportFile copies src to dst (created by exportCreate), fsynced.
func copyExportFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := exportCreate(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return syncClose(out)
}

// verifyExportFile reads a written export back once: its size and SHA-256
// must be what was written, and its header must be sound, signed and the
// one meant. The header is only peeked at: the whole file's SHA-256 already
// covers the ciphertext ReadExportHeader would hash a second time.
func verifyExportFile(path string, size int64, sum string, want ExportHeader) error {
	gotSize, gotSum, err := fileSum(path)
	if err == nil && (gotSize != size || gotSum != sum) {
		err = fmt.Errorf("读回 %d 字节，SHA-256 %s；应为 %d 字节，%s", gotSize, gotSum, size, sum)
	}
	if err == nil {
		var h ExportHeader
		h, err = peekExportFile(path, size)
		if err == nil && (h.Number != want.Number || h.FromSeq != want.FromSeq || h.ToSeq != want.ToSeq ||
			h.StationID != want.StationID) {
			err = fmt.Errorf("文件头与本次导出不符")
		}
	}
	if err != nil {
		detail := err.Error()
		var fe *forms.Error
		if errors.As(err, &fe) {
			detail = fe.Message
		}
		return forms.Errorf(forms.EINVALID, "导出文件写入后读回核对不符（%s），U盘可能有故障或已拔出。请换一个U盘后重新导出。%s",
			detail, exportNothingKept)
	}
	return nil
}

// peekExportFile checks the frame and signature of the export file at path
// and returns its header (PeekExportHeader), without hashing the
// ciphertext: for a file whose whole SHA-256 the caller has checked.
func peekExportFile(path string, size int64) (ExportHeader, error) {
	f, err := os.Open(path)
	if err != nil {
		return ExportHeader{}, err
	}
	defer f.Close()
	return PeekExportHeader(f, size)
}
