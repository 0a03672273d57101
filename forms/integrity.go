package forms

import (
	"strings"
	"time"
)

// IntegrityState says where the database's integrity check (SQLite's PRAGMA
// quick_check, which reads the whole file) stands in this run.
type IntegrityState int

// The states of the integrity check, in the order a run passes through them.
const (
	IntegrityNotChecked IntegrityState = iota // not run yet in this run
	IntegrityChecking                         // running in the background
	IntegrityOK                               // the whole file was read and found sound
	IntegrityDamaged                          // the check found damage
	IntegrityFailed                           // the check could not run to its end (the error is in Problems)
)

// IntegrityStatus is what the home screen says about the database's
// integrity check. The check runs when the station opens only after a run
// that did not end cleanly; otherwise it runs in the background once the
// log-in window shows.
type IntegrityStatus struct {
	State IntegrityState
	// Checked is when the check finished (zero while it has not).
	Checked time.Time
	// Took is how long the check read the file.
	Took time.Duration
	// AtOpen is true when the check ran while opening, because the last
	// run did not end cleanly.
	AtOpen bool
	// Problems are SQLite's own words for what it found (at most a few),
	// or why the check could not finish.
	Problems []string
}

// Trouble reports whether the supervisor must act: the check found damage
// or could not finish.
func (s IntegrityStatus) Trouble() bool {
	return s.State == IntegrityDamaged || s.State == IntegrityFailed
}

// Message is the Chinese sentence the home screen shows a supervisor when
// there is trouble: what was found and what to do (恢复备份). It is "" when
// all is well or the check has not finished.
func (s IntegrityStatus) Message() string {
	detail := strings.Join(s.Problems, "；")
	if len([]rune(detail)) > 120 {
		detail = string([]rune(detail)[:120]) + "…"
	}
	switch s.State {
	case IntegrityDamaged:
		return "数据库完整性检查发现数据库文件已损坏（" + detail + "）。请不要继续办理业务，" +
			"由主管在“设置”中点“恢复备份…”，用最近一次完好的备份恢复数据库。"
	case IntegrityFailed:
		return "数据库完整性检查没有做完（" + detail + "）。请主管关闭柜台通后重新打开，程序会再检查一次；" +
			"若仍不能完成，请在“设置”中点“恢复备份…”用最近一次完好的备份恢复，或联系技术支持。"
	}
	return ""
}
