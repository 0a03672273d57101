package forms

import (
	"testing"
	"time"
)

// TestLockout_Rule is the rule of Lockout: the count, the lock, the
// end of a lock, and the minutes left rounded up.
func TestLockout_Rule(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.Local)
	var l Lockout
	for i := 1; i <= MaxFailures; i++ {
		var locked bool
		l, locked = l.Fail(now)
		if locked != (i == MaxFailures) || l.Failures != i {
			t.Fatalf("try %d: %+v locked %v", i, l, locked)
		}
	}
	if !l.Locked(now) || !l.Locked(now.Add(LockDuration-time.Nanosecond)) || l.Locked(now.Add(LockDuration)) {
		t.Fatalf("lock %+v", l)
	}
	if again, locked := l.Fail(now.Add(time.Minute)); locked || again != l {
		t.Fatalf("a try while locked changed the lock: %+v", again)
	}
	if next, locked := l.Fail(now.Add(LockDuration)); locked || next.Failures != 1 || !next.LockedUntil.IsZero() {
		t.Fatalf("after the lock: %+v", next)
	}
	for _, c := range []struct {
		left time.Duration
		want int
	}{{15 * time.Minute, 15}, {14*time.Minute + time.Second, 15}, {time.Second, 1}, {0, 1}, {-time.Minute, 1}} {
		if got := LockMinutes(now.Add(c.left), now); got != c.want {
			t.Errorf("LockMinutes(%v) = %d, want %d", c.left, got, c.want)
		}
	}
}

// TestLockout_Forgotten: a count whose last wrong try was LockDuration ago
// is forgotten (the store deletes its row, so four wrong tries of a name
// that is no user's did not stay in the table for good), and so is a lock
// that has ended; a lock never is, whatever its last try.
func TestLockout_Forgotten(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.Local)
	for _, c := range []struct {
		name      string
		l         Lockout
		forgotten bool
		next      int // Failures after one more wrong try at now
	}{
		{"none", Lockout{}, false, 1},
		{"four just now", Lockout{Failures: 4, Last: now.Add(-time.Minute)}, false, 5},
		{"four nearly a lock's time ago", Lockout{Failures: 4, Last: now.Add(-LockDuration + time.Second)}, false, 5},
		{"four a lock's time ago", Lockout{Failures: 4, Last: now.Add(-LockDuration)}, true, 1},
		{"four yesterday", Lockout{Failures: 4, Last: now.AddDate(0, 0, -1)}, true, 1},
		{"count without a time (before Last)", Lockout{Failures: 4}, false, 5},
		{"locked", Lockout{Failures: 5, Last: now.Add(-LockDuration + time.Minute), LockedUntil: now.Add(time.Minute)}, false, 5},
		{"lock ended", Lockout{Failures: 5, Last: now.Add(-LockDuration), LockedUntil: now}, true, 1},
	} {
		if got := c.l.Forgotten(now); got != c.forgotten {
			t.Errorf("%s: Forgotten = %v, want %v", c.name, got, c.forgotten)
		}
		if next, _ := c.l.Fail(now); next.Failures != c.next {
			t.Errorf("%s: Failures after one more wrong try = %d, want %d", c.name, next.Failures, c.next)
		}
	}
}

// TestLockedError: each place has its message with the minutes left, the
// key and the code.
func TestLockedError(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.Local)
	until := now.Add(LockDuration)
	for _, c := range []struct{ where, want string }{
		{LockLogin, "登录失败次数过多，已锁定，请在 15 分钟后再试，或请主管解锁；没有主管能登录时，可用保险柜中的恢复码重设主管密码。"},
		{LockApproval, "主管姓名或密码连续输错5次，此姓名的批准已锁定，请在 15 分钟后再试。主管本人仍可登录：请主管登录后亲自办理，或在用户管理中解锁。"},
		{LockRecovery, "恢复码连续输错5次，已锁定，请在 15 分钟后再试，并核对保险柜中的恢复码。"},
	} {
		e := LockedError(c.where, until, now)
		if e.Code != EFORBIDDEN || e.Key != KeyLocked || e.Message != c.want {
			t.Errorf("LockedError(%s) = %+v, want %q", c.where, e, c.want)
		}
	}
}
