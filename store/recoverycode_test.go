package store

import (
	"context"
	"database/sql"
	"testing"

	"filippo.io/age"

	"counterdesk/forms"
)

// recoveryState is what a new recovery code changes: the code's hash, the
// backup recipient and the audit log's length.
func recoveryState(t *testing.T, f *fixture) (hash, recipient string, entries int) {
	t.Helper()
	must(t, f.db.db.QueryRow("SELECT recovery_hash FROM station").Scan(&hash))
	recipient, err := f.db.BackupRecipient(context.Background())
	must(t, err)
	return hash, recipient, auditCount(t, f.db)
}

// TestNewRecoveryCode_AsksPassword: 换发恢复码 did not ask for the
// supervisor's password again, so anyone at a desk left logged in could
// make a new code. Now a logged-in supervisor confirms with their own
// password: a wrong one is refused and changes nothing, and counts toward
// their log-in lock-out (the fifth locks the name, then even the right one
// and the log-in are refused); after the lock the right one works. A
// clerk's screen needs the supervisor's approval instead.
func TestNewRecoveryCode_AsksPassword(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	hash, recipient, entries := recoveryState(t, f)
	for i := 1; i <= forms.MaxFailures; i++ {
		_, err := f.db.NewRecoveryCode(ctx, f.sup, "wrong-pass-1")
		if i < forms.MaxFailures {
			assertErr(t, err, forms.EUNAUTHORIZED, "密码不正确：请输入您本人（"+supName+"）的登录密码，再换发恢复码")
		} else {
			assertLocked(t, err, msgLoginLocked)
		}
	}
	_, err := f.db.NewRecoveryCode(ctx, f.sup, "")
	assertLocked(t, err, msgLoginLocked)
	_, err = f.db.NewRecoveryCode(ctx, f.sup, supPass)
	assertLocked(t, err, msgLoginLocked)
	_, err = f.db.Login(ctx, supName, supPass)
	assertLocked(t, err, msgLoginLocked)
	h, r, n := recoveryState(t, f)
	if h != hash || r != recipient || n != entries+1 || len(auditActions(t, f.db, ActUserLock)) != 1 {
		t.Fatalf("refused new codes changed the station: hash %v, recipient %v, audit %d → %d",
			h != hash, r != recipient, entries, n)
	}
	f.clk.Add(forms.LockDuration)
	code, err := f.db.NewRecoveryCode(ctx, f.sup, supPass)
	must(t, err)
	if code == f.recovery {
		t.Fatal("the same code again")
	}
	if h, r, _ := recoveryState(t, f); h == hash || r == recipient {
		t.Fatal("the new code changed nothing")
	}
	// A clerk with the supervisor's approval typed on their screen.
	_, err = f.db.NewRecoveryCode(ctx, f.approved(), "")
	must(t, err)
	if len(auditActions(t, f.db, ActRecoveryCode)) != 2 {
		t.Fatal("new codes not audited")
	}
}

// TestNewRecoveryCode_DerivesOutsideTheWriteLock: the backup key of a new
// code (argon2id, about 0.9 s on the station's PC) was derived inside the
// write transaction, so every other desk's save waited for it. Now, while
// it is derived, another connection can take the write lock at once
// (busy_timeout 0: a held lock is SQLITE_BUSY, no waiting is timed), and
// the code's recipient is the one stored.
func TestNewRecoveryCode_DerivesOutsideTheWriteLock(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	other, err := sql.Open("sqlite", fileURI(f.db.path, "_pragma=busy_timeout(0)"))
	must(t, err)
	defer other.Close()
	other.SetMaxOpenConns(1)
	var derived int
	var lockErr error
	derive := deriveRecoveryIdentity
	deriveRecoveryIdentity = func(station, code string) (*age.X25519Identity, error) {
		derived++
		c, err := other.Conn(ctx)
		if err != nil {
			return nil, err
		}
		defer c.Close()
		if _, lockErr = c.ExecContext(ctx, "BEGIN IMMEDIATE"); lockErr == nil {
			_, err = c.ExecContext(ctx, "ROLLBACK")
			must(t, err)
		}
		return derive(station, code)
	}
	t.Cleanup(func() { deriveRecoveryIdentity = derive })

	code, err := f.db.NewRecoveryCode(ctx, f.sup, supPass)
	must(t, err)
	if derived != 1 || lockErr != nil {
		t.Fatalf("derived %d times; another writer while deriving: %v (want no error)", derived, lockErr)
	}
	id, err := recoveryIdentity("QB01", code)
	must(t, err)
	if _, r, _ := recoveryState(t, f); r != id.Recipient().String() {
		t.Fatalf("stored recipient %s is not the new code's %s", r, id.Recipient())
	}
}
