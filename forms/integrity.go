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
	// Audit is what the quick check of the audit log's protection found at
	// start-up (store.DB.CheckAuditProtection): protecting triggers dropped
	// or changed, the newest entries not matching the hash chain, entries
	// removed from its end. Empty when all is well or not yet checked.
	Audit []string
}

// Trouble reports whether the supervisor must act: the check found damage
// or could not finish, or the audit log's protection was changed.
func (s IntegrityStatus) Trouble() bool {
	return s.State == IntegrityDamaged || s.State == IntegrityFailed || len(s.Audit) > 0
}

// Message is the Chinese sentence the home screen shows a supervisor when
// there is trouble: what was found and what to do (恢复备份). It is "" when
// all is well or the check has not finished.
func (s IntegrityStatus) Message() string {
	msg := ""
	detail := shortDetail(s.Problems)
	switch s.State {
	case IntegrityDamaged:
		msg = "数据库完整性检查发现数据库文件已损坏（" + detail + "）。请不要继续办理业务，" +
			"由主管在“设置”中点“恢复备份…”，用最近一次完好的备份恢复数据库。"
	case IntegrityFailed:
		msg = "数据库完整性检查没有做完（" + detail + "）。请主管关闭柜台通后重新打开，程序会再检查一次；" +
			"若仍不能完成，请在“设置”中点“恢复备份…”用最近一次完好的备份恢复，或联系技术支持。"
	}
	if len(s.Audit) > 0 {
		if msg != "" {
			msg += "\n"
		}
		msg += "审计日志保护被改动或哈希链不符（" + shortDetail(s.Audit) + "）：数据库可能被人用其他工具改动过。" +
			"请主管在“审计日志”中点“校验审计日志”查看全部问题，保留数据库文件和备份，并报告总部。"
	}
	return msg
}

// shortDetail joins found problems for a message, cut at 120 characters.
func shortDetail(found []string) string {
	detail := strings.Join(found, "；")
	if len([]rune(detail)) > 120 {
		detail = string([]rune(detail)[:120]) + "…"
	}
	return detail
}
