package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"

	"golang.org/x/crypto/bcrypt"
)

const (
	msgLoginLocked    = "登录失败次数过多，已锁定，请在 15 分钟后再试，或请主管解锁；没有主管能登录时，可用保险柜中的恢复码重设主管密码。"
	msgApprovalLocked = "主管姓名或密码连续输错5次，此姓名的批准已锁定，请在 15 分钟后再试。主管本人仍可登录：请主管登录后亲自办理，或在用户管理中解锁。"
	msgRecoveryLocked = "恢复码连续输错5次，已锁定，请在 15 分钟后再试，并核对保险柜中的恢复码。"
)

// assertLocked fails unless err is the lock-out refusal with exactly msg.
func assertLocked(tb testing.TB, err error, msg string) {
	tb.Helper()
	assertErr(tb, err, forms.EFORBIDDEN)
	var e *forms.Error
	if !errors.As(err, &e) || e.Key != forms.KeyLocked || e.Message != msg {
		tb.Fatalf("lock-out refusal = %v, want key %s and message %q", err, forms.KeyLocked, msg)
	}
}

// auditActions returns the log's entries of one action, newest first.
func auditActions(tb testing.TB, db *DB, action string) []forms.AuditEntry {
	tb.Helper()
	return auditOf(tb, db, "", action)
}

// TestLockout_ThirtyWrongLogins: 30 wrong log-ins in a row were all
// answered 用户名或密码不正确 and none was recorded. Now the first four are,
// the fifth locks the name for 15 minutes (audited once, with the name),
// every later try is refused with the lock message even with the right
// password, and after 15 minutes the right password works.
func TestLockout_ThirtyWrongLogins(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	for i := 1; i <= 30; i++ {
		_, err := f.db.Login(ctx, clerkNm, fmt.Sprintf("wrong-%02d-pw", i))
		switch {
		case i < forms.MaxFailures:
			assertErr(t, err, forms.EUNAUTHORIZED, msgBadLogin)
		default:
			assertLocked(t, err, msgLoginLocked)
		}
	}
	_, err := f.db.Login(ctx, clerkNm, clerkPw)
	assertLocked(t, err, msgLoginLocked)

	locks := auditActions(t, f.db, ActUserLock)
	if len(locks) != 1 || locks[0].EntityID != f.clerk.UserID || !strings.Contains(locks[0].Note, clerkNm) ||
		!strings.Contains(locks[0].After, clerkNm) {
		t.Fatalf("user.lock entries = %+v, want one for %s", locks, clerkNm)
	}
	users, err := f.db.Users(ctx)
	must(t, err)
	for _, u := range users {
		want := time.Time{}
		if u.ID == f.clerk.UserID {
			want = testStart.Add(forms.LockDuration)
		}
		if !u.LockedUntil.Equal(want) {
			t.Fatalf("Users: %s LockedUntil = %v, want %v", u.Name, u.LockedUntil, want)
		}
	}

	// The minutes left are rounded up.
	f.clk.Add(10*time.Minute + 30*time.Second)
	_, err = f.db.Login(ctx, clerkNm, clerkPw)
	assertLocked(t, err, "登录失败次数过多，已锁定，请在 5 分钟后再试，或请主管解锁；没有主管能登录时，可用保险柜中的恢复码重设主管密码。")
	f.clk.Add(4*time.Minute + 29*time.Second)
	_, err = f.db.Login(ctx, clerkNm, clerkPw)
	assertLocked(t, err, "登录失败次数过多，已锁定，请在 1 分钟后再试，或请主管解锁；没有主管能登录时，可用保险柜中的恢复码重设主管密码。")

	f.clk.Add(time.Second)
	u, err := f.db.Login(ctx, clerkNm, clerkPw)
	must(t, err)
	if u.ID != f.clerk.UserID {
		t.Fatalf("logged in as %+v", u)
	}
	// After the lock a new run starts: four wrong do not lock.
	for i := 0; i < forms.MaxFailures-1; i++ {
		_, err := f.db.Login(ctx, clerkNm, "wrong-pass-1")
		assertErr(t, err, forms.EUNAUTHORIZED, msgBadLogin)
	}
	_, err = f.db.Login(ctx, clerkNm, clerkPw)
	must(t, err)
}

// TestLockout_RightPasswordResetsCount: four wrong, one right, four wrong
// again: never locked, because the right password ends the run.
func TestLockout_RightPasswordResetsCount(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	for round := 0; round < 3; round++ {
		for i := 0; i < forms.MaxFailures-1; i++ {
			_, err := f.db.Login(ctx, clerkNm, "wrong-pass-1")
			assertErr(t, err, forms.EUNAUTHORIZED, msgBadLogin)
		}
		_, err := f.db.Login(ctx, clerkNm, clerkPw)
		must(t, err)
	}
	var n int
	must(t, f.db.db.QueryRow("SELECT count(*) FROM lockouts").Scan(&n))
	if n != 0 || len(auditActions(t, f.db, ActUserLock)) != 0 {
		t.Fatalf("after right passwords: %d lockouts rows, %d locks", n, len(auditActions(t, f.db, ActUserLock)))
	}
}

// lockoutRows lists the lockouts table's rows as kind:key=failures.
func lockoutRows(tb testing.TB, db *DB) []string {
	tb.Helper()
	rows, err := db.db.Query("SELECT kind, key, failures FROM lockouts ORDER BY kind, key")
	must(tb, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var kind, key string
		var n int
		must(tb, rows.Scan(&kind, &key, &n))
		out = append(out, fmt.Sprintf("%s:%s=%d", kind, strings.ReplaceAll(key, approvalPrefix, "approval/"), n))
	}
	must(tb, rows.Err())
	return out
}

// TestLockout_ForgottenRowsGo: the lockouts table kept a row for good for
// every name typed at the log-in window that is no user's and never
// locked. A count whose last wrong try is forms.LockDuration old is now
// forgotten and its row deleted by the next transaction that writes
// lockouts (a wrong try of any name, a right log-in after wrong ones, an
// unlock); a lock stays until it ends; a right log-in deletes its name's row.
func TestLockout_ForgottenRowsGo(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	wrong := func(name string) {
		t.Helper()
		_, err := f.db.Login(ctx, name, "wrong-pass-1")
		if forms.ErrorCode(err) != forms.EUNAUTHORIZED && forms.ErrorCode(err) != forms.EFORBIDDEN {
			t.Fatalf("wrong log-in as %s: %v", name, err)
		}
	}
	want := func(rows ...string) {
		t.Helper()
		sort.Strings(rows)
		if got := lockoutRows(t, f.db); strings.Join(got, " ") != strings.Join(rows, " ") {
			t.Fatalf("lockouts rows = %q, want %q", got, rows)
		}
	}
	for i := 0; i < 3; i++ {
		wrong("没有这个人")
	}
	for i := 0; i < forms.MaxFailures; i++ {
		wrong("陌生人")
	}
	wrong(clerkNm)
	want("user:没有这个人=3", "user:陌生人=5", "user:"+clerkNm+"=1")

	// A right log-in deletes its name's row (the count resets).
	_, err := f.db.Login(ctx, clerkNm, clerkPw)
	must(t, err)
	want("user:没有这个人=3", "user:陌生人=5")

	// Nearly a lock's time later nothing is forgotten yet.
	f.clk.Add(forms.LockDuration - time.Second)
	wrong(clerkNm)
	want("user:没有这个人=3", "user:陌生人=5", "user:"+clerkNm+"=1")

	// A lock's time after their last wrong tries, the unknown name's count
	// and the ended lock go with the next wrong try of another name.
	f.clk.Add(time.Second)
	wrong(supName)
	want("user:"+clerkNm+"=1", "user:"+supName+"=1")

	// A forgotten count starts again at one: four wrong tries long ago and
	// one now do not lock.
	for i := 0; i < forms.MaxFailures-1; i++ {
		wrong("张三")
	}
	f.clk.Add(forms.LockDuration)
	wrong("张三")
	want("user:张三=1")
	_, err = f.db.Login(ctx, supName, supPass)
	must(t, err)

	// A lock is kept while it holds, through other names' transactions.
	for i := 0; i < forms.MaxFailures; i++ {
		wrong("陌生人")
	}
	f.clk.Add(forms.LockDuration - time.Second)
	wrong(clerkNm)
	_, err = f.db.Login(ctx, clerkNm, clerkPw) // a right log-in after a wrong one also prunes
	must(t, err)
	want("user:张三=1", "user:陌生人=5")
	f.clk.Add(time.Second)
	wrong(clerkNm)
	want("user:" + clerkNm + "=1")
	if n := len(auditActions(t, f.db, ActUserLock)); n != 2 {
		t.Fatalf("%d locks recorded, want 2", n)
	}
}

// TestLockout_UnknownNameSameAnswer: a name nobody has is counted and
// locked the same way, with the same messages, so the answers never tell
// whether a name exists.
func TestLockout_UnknownNameSameAnswer(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	for i := 1; i <= forms.MaxFailures+1; i++ {
		_, errKnown := f.db.Login(ctx, clerkNm, "wrong-pass-1")
		_, errUnknown := f.db.Login(ctx, "没有这个人", "wrong-pass-1")
		if forms.ErrorCode(errKnown) != forms.ErrorCode(errUnknown) || forms.ErrorMessage(errKnown) != forms.ErrorMessage(errUnknown) {
			t.Fatalf("try %d: known name %v (%s), unknown name %v (%s)", i,
				errKnown, forms.ErrorMessage(errKnown), errUnknown, forms.ErrorMessage(errUnknown))
		}
		if i >= forms.MaxFailures {
			assertLocked(t, errUnknown, msgLoginLocked)
		}
	}
	locks := auditActions(t, f.db, ActUserLock)
	if len(locks) != 2 {
		t.Fatalf("user.lock entries = %+v, want the clerk's and the unknown name's", locks)
	}
	for _, l := range locks {
		// What was typed as a name may be a password in the wrong box: the
		// hash-chained log keeps it for good, so it is never recorded.
		if l.EntityID == "" && (strings.Contains(l.Note+l.After, "没有这个人") || !strings.Contains(l.Note, unknownNameNote)) {
			t.Fatalf("the lock of an unknown name records the text typed, or not that it is no user's: %+v", l)
		}
	}
	// The lock is per name: the supervisor still logs in.
	_, err := f.db.Login(ctx, supName, supPass)
	must(t, err)
}

// TestLockout_ThirtyWrongApprovals: a supervisor's approval typed on a
// clerk's screen counts against that supervisor's name: the fifth wrong one
// locks, the refused actions change nothing, the sixth with the right
// password is refused, yet the supervisor can still log in (before, the
// same count locked their log-in: one clerk could lock out a branch's only
// supervisor), and after 15 minutes the approval works.
func TestLockout_ThirtyWrongApprovals(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	before, err := f.db.Users(ctx)
	must(t, err)
	entries := auditCount(t, f.db)
	for i := 1; i <= 30; i++ {
		a := f.approved()
		a.ApproverPassword = fmt.Sprintf("wrong-%02d-pw", i)
		_, err := f.db.AddUser(ctx, a, fmt.Sprintf("新人%02d", i), forms.RoleClerk, tempPass)
		if i < forms.MaxFailures {
			assertErr(t, err, forms.EFORBIDDEN, "主管姓名或密码不正确。"+msgNeedSupervisor)
		} else {
			assertLocked(t, err, msgApprovalLocked)
		}
	}
	_, err = f.db.AddUser(ctx, f.approved(), "新人", forms.RoleClerk, tempPass)
	assertLocked(t, err, msgApprovalLocked)
	// The supervisor's own log-in stays open, and logging in does not end
	// the approvals' lock; a logged-in supervisor acts without approval.
	sup, err := f.db.Login(ctx, supName, supPass)
	must(t, err)
	_, err = f.db.AddUser(ctx, f.approved(), "新人", forms.RoleClerk, tempPass)
	assertLocked(t, err, msgApprovalLocked)
	if users, err := f.db.Users(ctx); err != nil {
		t.Fatal(err)
	} else {
		for _, u := range users {
			if u.ID == sup.ID && u.LockedUntil.IsZero() {
				t.Fatal("the user list does not show the approvals' lock, so nobody can unlock it")
			}
		}
	}

	after, err := f.db.Users(ctx)
	must(t, err)
	if len(after) != len(before) {
		t.Fatalf("refused approvals added users: %d → %d", len(before), len(after))
	}
	if n := auditCount(t, f.db); n != entries+1 || len(auditActions(t, f.db, ActUserLock)) != 1 {
		t.Fatalf("audit entries %d → %d, want only the one user.lock", entries, n)
	}

	f.clk.Add(forms.LockDuration)
	u, err := f.db.AddUser(ctx, f.approved(), "新人", forms.RoleClerk, tempPass)
	must(t, err)
	if e := lastAudit(t, f.db, u.ID, ActUserAdd); e.ApprovedBy != supName {
		t.Fatalf("approved by %q", e.ApprovedBy)
	}
}

// TestLockout_TenWrongRecoveryCodes: ten wrong recovery codes in a row
// were all allowed. Now the fifth locks the station's recovery for 15
// minutes and says so; the right code is refused while locked and nothing
// changes; afterwards it works.
func TestLockout_TenWrongRecoveryCodes(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	for i := 1; i <= 10; i++ {
		err := f.db.RecoverSupervisor(ctx, fmt.Sprintf("AAAAA-BBBBB-CCCCC-DDD%02d", i), supName, "new2026pass")
		if i < forms.MaxFailures {
			assertErr(t, err, forms.EUNAUTHORIZED, "恢复码不正确")
		} else {
			assertLocked(t, err, msgRecoveryLocked)
		}
	}
	err := f.db.RecoverSupervisor(ctx, f.recovery, supName, "new2026pass")
	assertLocked(t, err, msgRecoveryLocked)
	var used string
	must(t, f.db.db.QueryRow("SELECT coalesce(recovery_used_at, '') FROM station").Scan(&used))
	if used != "" {
		t.Fatal("a refused recovery used the code")
	}
	_, err = f.db.Login(ctx, supName, supPass) // the supervisor's own password is untouched
	must(t, err)
	if locks := auditActions(t, f.db, ActUserLock); len(locks) != 1 || locks[0].Entity != "station" {
		t.Fatalf("user.lock entries = %+v", locks)
	}

	f.clk.Add(forms.LockDuration)
	must(t, f.db.RecoverSupervisor(ctx, f.recovery, supName, "new2026pass"))
	_, err = f.db.Login(ctx, supName, "new2026pass")
	must(t, err)
}

// TestLockout_RecoveryEndsSupervisorLock: a supervisor locked out resets
// their password with the recovery code and can log in at once.
func TestLockout_RecoveryEndsSupervisorLock(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	for i := 0; i < forms.MaxFailures; i++ {
		f.db.Login(ctx, supName, "wrong-pass-1")
	}
	_, err := f.db.Login(ctx, supName, supPass)
	assertLocked(t, err, msgLoginLocked)
	must(t, f.db.RecoverSupervisor(ctx, f.recovery, supName, "new2026pass"))
	_, err = f.db.Login(ctx, supName, "new2026pass")
	must(t, err)
}

// TestUnlockUser: only a supervisor unlocks; the unlock is audited with the
// supervisor and the user logs in at once.
func TestUnlockUser(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	for i := 0; i < forms.MaxFailures; i++ {
		f.db.Login(ctx, clerkNm, "wrong-pass-1")
	}
	locked := func() time.Time {
		users, err := f.db.Users(ctx)
		must(t, err)
		for _, u := range users {
			if u.ID == f.clerk.UserID {
				return u.LockedUntil
			}
		}
		t.Fatal("the clerk is not listed")
		return time.Time{}
	}
	if locked().IsZero() {
		t.Fatal("the clerk is not locked")
	}
	n := auditCount(t, f.db)

	t.Run("ErrNotSupervisor", func(t *testing.T) {
		// A second clerk, logged in, asks without an approval.
		other, err := f.db.AddUser(ctx, f.sup, "王窗口", forms.RoleClerk, tempPass)
		must(t, err)
		must(t, f.db.ChangePassword(ctx, other.ID, tempPass, "wang2026pw"))
		n = auditCount(t, f.db)
		err = f.db.UnlockUser(ctx, forms.Actor{UserID: other.ID}, f.clerk.UserID)
		assertErr(t, err, forms.EFORBIDDEN, msgNeedSupervisor)
		if locked().IsZero() || auditCount(t, f.db) != n {
			t.Fatal("a refused unlock changed something")
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		err := f.db.UnlockUser(ctx, f.sup, "no-such-user")
		assertErr(t, err, forms.ENOTFOUND, "找不到该用户")
		if locked().IsZero() || auditCount(t, f.db) != n {
			t.Fatal("a refused unlock changed something")
		}
	})

	t.Run("OK", func(t *testing.T) {
		must(t, f.db.UnlockUser(ctx, f.sup, f.clerk.UserID))
		if !locked().IsZero() {
			t.Fatal("still locked after the unlock")
		}
		e := lastAudit(t, f.db, f.clerk.UserID, ActUserUnlock)
		if e.UserName != supName || !strings.Contains(e.Note, clerkNm) {
			t.Fatalf("user.unlock entry = %+v", e)
		}
		_, err := f.db.Login(ctx, clerkNm, clerkPw)
		must(t, err)
		// Unlocking a user who is not locked changes nothing.
		n := auditCount(t, f.db)
		must(t, f.db.UnlockUser(ctx, f.sup, f.clerk.UserID))
		if auditCount(t, f.db) != n {
			t.Fatal("an unlock of an unlocked user was audited")
		}
	})
}

// TestUserForSupervisor_OneAnswer: 重设密码, 停用 and 解锁 of a user who is
// not there (removed since the list was read) give one answer with its fix,
// and a clerk without an approval is refused before the user is looked up;
// nothing changes (重设密码 and 停用 said only 找不到该用户).
func TestUserForSupervisor_OneAnswer(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	for _, c := range []struct {
		name string
		do   func(a forms.Actor, id string) error
	}{
		{"ResetPassword", func(a forms.Actor, id string) error { return f.db.ResetPassword(ctx, a, id, "temp2026pw") }},
		{"SetUserDisabled", func(a forms.Actor, id string) error { return f.db.SetUserDisabled(ctx, a, id, true) }},
		{"UnlockUser", func(a forms.Actor, id string) error { return f.db.UnlockUser(ctx, a, id) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			n, users := auditCount(t, f.db), usersText(t, f.db)
			assertErr(t, c.do(f.sup, "no-such-user"), forms.ENOTFOUND, "找不到该用户，请刷新用户列表后再试")
			assertErr(t, c.do(f.clerk, "no-such-user"), forms.EFORBIDDEN, msgNeedSupervisor)
			if auditCount(t, f.db) != n || usersText(t, f.db) != users {
				t.Fatal("a refused action changed something")
			}
		})
	}
}

// usersText is every user as the 用户管理 list reads them, to compare.
func usersText(tb testing.TB, db *DB) string {
	tb.Helper()
	users, err := db.Users(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return fmt.Sprintf("%+v", users)
}

// TestLogin_RehashesLowerCost: a hash made at a lower cost than today's is
// made again at today's cost at the next right log-in, and the password
// still works; a wrong password changes no hash.
func TestLogin_RehashesLowerCost(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t) // hashes at bcrypt.MinCost
	old := bcryptCost
	bcryptCost = bcrypt.MinCost + 1
	defer func() { bcryptCost = old }()
	cost := func() int {
		var h string
		must(t, f.db.db.QueryRow("SELECT password_hash FROM users WHERE id = ?", f.clerk.UserID).Scan(&h))
		c, err := bcrypt.Cost([]byte(h))
		must(t, err)
		return c
	}
	f.db.Login(ctx, clerkNm, "wrong-pass-1")
	if c := cost(); c != bcrypt.MinCost {
		t.Fatalf("a wrong password rehashed: cost %d", c)
	}
	_, err := f.db.Login(ctx, clerkNm, clerkPw)
	must(t, err)
	if c := cost(); c != bcryptCost {
		t.Fatalf("after a right log-in the hash has cost %d, want %d", c, bcryptCost)
	}
	_, err = f.db.Login(ctx, clerkNm, clerkPw)
	must(t, err)
}

// TestCheckPassword_DummyAtSameCost: an unknown name is compared with a
// dummy hash at today's cost, so it takes as long as a wrong password.
func TestCheckPassword_DummyAtSameCost(t *testing.T) {
	old := bcryptCost
	defer func() { bcryptCost = old }()
	for _, c := range []int{bcrypt.MinCost, bcrypt.MinCost + 1} {
		bcryptCost = c
		if checkPassword(nil, "anything1") {
			t.Fatal("an unknown user's password matched")
		}
		if got, err := bcrypt.Cost(dummyPasswordHash()); err != nil || got != c {
			t.Fatalf("dummy hash cost %d (%v), want %d", got, err, c)
		}
	}
}

// TestLockout_ChangePasswordCounts: a wrong old password on 修改密码 counts
// toward the same lock as a log-in, and the locked user can change nothing.
func TestLockout_ChangePasswordCounts(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	for i := 1; i <= forms.MaxFailures; i++ {
		err := f.db.ChangePassword(ctx, f.clerk.UserID, "wrong-pass-1", "li2027pass")
		if i < forms.MaxFailures {
			assertErr(t, err, forms.EUNAUTHORIZED, "原密码不正确")
		} else {
			assertLocked(t, err, msgLoginLocked)
		}
	}
	err := f.db.ChangePassword(ctx, f.clerk.UserID, clerkPw, "li2027pass")
	assertLocked(t, err, msgLoginLocked)
	f.clk.Add(forms.LockDuration)
	_, err = f.db.Login(ctx, clerkNm, clerkPw) // unchanged
	must(t, err)
}

// TestLockout_RightApprovalResetsCount: a right approval ends the run of
// wrong ones, also in Backup, which commits its check of the approval
// without a deferred Rollback.
func TestLockout_RightApprovalResetsCount(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	wrong := f.approved()
	wrong.ApproverPassword = "wrong-pass-1"
	for round := 0; round < 3; round++ {
		for i := 0; i < forms.MaxFailures-1; i++ {
			_, err := f.db.Backup(ctx, wrong, "manual")
			assertErr(t, err, forms.EFORBIDDEN, "主管姓名或密码不正确")
		}
		if round%2 == 0 {
			_, err := f.db.Backup(ctx, f.approved(), "manual")
			must(t, err)
		} else {
			_, err := f.db.AddUser(ctx, f.approved(), fmt.Sprintf("新人%d", round), forms.RoleClerk, tempPass)
			must(t, err)
		}
	}
	if n := len(auditActions(t, f.db, ActUserLock)); n != 0 {
		t.Fatalf("%d locks after right approvals between the wrong ones", n)
	}
}

// TestLockout_ApprovalsApartFromLogin: wrong log-ins and wrong approvals
// under one name are counted apart, a right log-in does not end the count
// of wrong approvals, and an unlock ends the approvals' lock.
func TestLockout_ApprovalsApartFromLogin(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	wrong := f.approved()
	wrong.ApproverPassword = "wrong-pass-1"
	for i := 0; i < forms.MaxFailures-1; i++ {
		_, err := f.db.Login(ctx, supName, "wrong-pass-1")
		assertErr(t, err, forms.EUNAUTHORIZED)
		_, err = f.db.AddUser(ctx, wrong, "新人", forms.RoleClerk, tempPass)
		assertErr(t, err, forms.EFORBIDDEN, "主管姓名或密码不正确")
	}
	// Four of each: neither is locked yet. A right log-in ends only the
	// log-in count; the fifth wrong approval locks approvals.
	_, err := f.db.Login(ctx, supName, supPass)
	must(t, err)
	_, err = f.db.AddUser(ctx, wrong, "新人", forms.RoleClerk, tempPass)
	assertLocked(t, err, msgApprovalLocked)
	for i := 0; i < forms.MaxFailures-1; i++ {
		_, err := f.db.Login(ctx, supName, "wrong-pass-1")
		assertErr(t, err, forms.EUNAUTHORIZED)
	}
	_, err = f.db.Login(ctx, supName, supPass)
	must(t, err)
	locks := auditActions(t, f.db, ActUserLock)
	if len(locks) != 1 || !strings.Contains(locks[0].Note, "批准") {
		t.Fatalf("user.lock entries = %+v", locks)
	}
	users, err := f.db.Users(ctx)
	must(t, err)
	n := len(users)
	var other forms.Actor
	for _, u := range users {
		if u.Name == supName {
			other = forms.Actor{UserID: u.ID}
			must(t, f.db.UnlockUser(ctx, other, u.ID))
		}
	}
	if len(auditActions(t, f.db, ActUserUnlock)) != 1 {
		t.Fatal("the unlock of approvals is not audited")
	}
	_, err = f.db.AddUser(ctx, f.approved(), "新人", forms.RoleClerk, tempPass)
	must(t, err)
	if users, _ := f.db.Users(ctx); len(users) != n+1 {
		t.Fatalf("users %d → %d", n, len(users))
	}
}
