package forms

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// ExportInfo describes one export to head office: a file holding every
// row changed in the station's change range (FromSeq, ToSeq], encrypted to
// head office and signed by the station.
type ExportInfo struct {
	Number   int64     // 1, 2, 3… per station
	FromSeq  int64     // the change range (FromSeq, ToSeq] it carries
	ToSeq    int64     //
	At       time.Time // when it was made
	User     string    // the supervisor answerable for it (the approver when a clerk asked)
	FileName string    // ExportFileName(station code, Number), e.g. QB01-export-000003.cdx
	// Path is the file just written by Export or RewriteExport; in the list
	// of Exports it is the copy kept in the data folder's exports folder.
	Path   string
	SHA256 string           // hex SHA-256 of the whole file
	Size   int64            // bytes
	Rows   int64            // rows in it, deletions included
	Counts map[string]int64 // rows (deletions included) per exported table; tables without rows are left out
}

// ExportStatus is what the export screen says before an export.
type ExportStatus struct {
	// Pending counts the changes not yet exported. The audit entries that
	// exports themselves write are left out: right after an export it is 0.
	Pending int64
	// First is true when the next export is the station's first: it
	// carries every row of every exported table, whatever Pending says
	// (a station upgraded from a release without exports counts only the
	// changes made since the upgrade).
	First bool
	// Last is the newest export; its Number is 0 when there is none.
	Last ExportInfo
	// KeyFingerprint is the fingerprint of the station's signing key, for
	// head office to compare when it registers the station.
	KeyFingerprint string
	// RecipientFingerprint is the fingerprint of head office's recipient;
	// "" when none is set (then Export is refused).
	RecipientFingerprint string
}

// ENOCHANGE is the code of Export's refusal when nothing changed since the
// last export: nothing failed, and the screen says so calmly (see
// IsNothingToExport).
const ENOCHANGE = "no_change"

// KeyNothingToExport is the message key of that refusal.
const KeyNothingToExport = "export.nothing_new"

// ErrNothingToExport returns the refusal of an export when nothing changed
// since export last (0 when there was none). Its wording names no button or
// option: the screen and the command line each say how to write an export
// again.
func ErrNothingToExport(last int64) *Error {
	msg := "本机还没有任何可导出的记录，无需导出。"
	if last > 0 {
		msg = fmt.Sprintf("自第%d号导出以来没有新的变动，无需导出。如果第%d号导出的U盘丢失，可以把该号导出原样重新写出一份。", last, last)
	}
	return &Error{Code: ENOCHANGE, Key: KeyNothingToExport, Message: msg}
}

// IsNothingToExport reports whether err is Export's "nothing changed"
// refusal, which is not a failure.
func IsNothingToExport(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == ENOCHANGE
}

// ExportFileName returns the name of export n of a station, by its code
// (Station.Code, e.g. QB01): QB01-export-000003.cdx.
func ExportFileName(stationCode string, n int64) string {
	return fmt.Sprintf("%s-export-%06d.cdx", stationCode, n)
}

var exportNameRe = regexp.MustCompile(`^([A-Z]{2,4}[0-9]{2})-export-([0-9]{6,})\.cdx$`)

// ParseExportFileName reads the station code and export number from a
// name ExportFileName made; ok is false for any other name.
func ParseExportFileName(name string) (stationCode string, n int64, ok bool) {
	m := exportNameRe.FindStringSubmatch(name)
	if m == nil {
		return "", 0, false
	}
	n, err := strconv.ParseInt(m[2], 10, 64)
	if err != nil || n <= 0 {
		return "", 0, false
	}
	return m[1], n, true
}
