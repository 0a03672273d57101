package forms

import (
	"fmt"
	"time"
)

// MaxFailures is how many wrong passwords (or recovery codes) in a row lock
// a name: the MaxFailures-th wrong try locks it.
const MaxFailures = 5

// LockDuration is how long a name stays locked after MaxFailures wrong
// tries in a row, unless a supervisor unlocks it sooner.
const LockDuration = 15 * time.Minute

// KeyLocked is the message key of a refusal because of a lock-out.
const KeyLocked = "user.locked"

// The places a wrong password or code is counted; each has its own lock
// message (LockedError).
const (
	LockLogin    = "login"    // the log-in window, and the idle lock's password
	LockApproval = "approval" // a supervisor's approval typed on a clerk's screen, counted apart from log-ins
	LockRecovery = "recovery" // the branch's recovery code
)

// Lockout is the count of wrong tries in a row for one log-in name (known
// or not) or for the station's recovery code.
type Lockout struct {
	Failures    int       // wrong tries in a row since the last right one or the last lock
	LockedUntil time.Time // zero, or when the lock ends
	Last        time.Time // when the last wrong try was counted; zero when unknown
}

// Forgotten reports whether the count no longer counts at now: it is not
// locked and its last wrong try was LockDuration or longer ago (so a lock
// that has ended is forgotten too). A forgotten count is as none: the next
// wrong try starts again at one, and the store deletes its row.
func (l Lockout) Forgotten(now time.Time) bool {
	if l.Locked(now) {
		return false
	}
	if !l.LockedUntil.IsZero() {
		return true
	}
	return !l.Last.IsZero() && !now.Before(l.Last.Add(LockDuration))
}

// Locked reports whether the lock holds at now.
func (l Lockout) Locked(now time.Time) bool {
	return !l.LockedUntil.IsZero() && now.Before(l.LockedUntil)
}

// Fail returns the count after one more wrong try at now, and whether this
// try locked the name. A forgotten count (a lock that has ended, or a last
// wrong try LockDuration ago) starts a new one; the MaxFailures-th wrong
// try locks until now+LockDuration.
func (l Lockout) Fail(now time.Time) (Lockout, bool) {
	if l.Locked(now) {
		return l, false
	}
	if l.Forgotten(now) {
		l = Lockout{}
	}
	l.Failures++
	l.Last = now
	if l.Failures >= MaxFailures {
		l.LockedUntil = now.Add(LockDuration)
		return l, true
	}
	return l, false
}

// LockMinutes returns the whole minutes, rounded up and at least 1, from
// now until the lock ends at until.
func LockMinutes(until, now time.Time) int {
	d := until.Sub(now)
	m := int((d + time.Minute - 1) / time.Minute)
	if m < 1 {
		m = 1
	}
	return m
}

// LockedError is the refusal while a name or the recovery code is locked:
// EFORBIDDEN with KeyLocked and a message that says how many minutes are
// left (rounded up). It never says whether the name exists: an unknown name
// is counted and locked the same way, and the log-in message is the same
// for a clerk's name and a supervisor's (the recovery code is mentioned for
// every name). Wrong approvals lock only the approvals under the name typed
// (LockApproval), never its log-in. where is LockLogin, LockApproval or
// LockRecovery.
func LockedError(where string, until, now time.Time) *Error {
	n := LockMinutes(until, now)
	var msg string
	switch where {
	case LockApproval:
		msg = fmt.Sprintf("主管姓名或密码连续输错%d次，此姓名的批准已锁定，请在 %d 分钟后再试。主管本人仍可登录：请主管登录后亲自办理，或在用户管理中解锁。", MaxFailures, n)
	case LockRecovery:
		msg = fmt.Sprintf("恢复码连续输错%d次，已锁定，请在 %d 分钟后再试，并核对保险柜中的恢复码。", MaxFailures, n)
	default:
		msg = fmt.Sprintf("登录失败次数过多，已锁定，请在 %d 分钟后再试，或请主管解锁；没有主管能登录时，可用保险柜中的恢复码重设主管密码。", n)
	}
	return &Error{Code: EFORBIDDEN, Key: KeyLocked, Message: msg}
}
