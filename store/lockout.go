package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
	"strings"
	"time"

	"counterdesk/forms"
)

// Audit actions of lock-outs.
const (
	ActUserLock   = "user.lock"   // a name or the recovery code was locked after forms.MaxFailures wrong tries
	ActUserUnlock = "user.unlock" // a supervisor unlocked a user before the lock ended
)

// Kinds of lockouts rows (migration 0018).
const (
	lockUser     = "user"     // key: the log-in name as typed, cleaned; known or not
	lockRecovery = "recovery" // key: recoveryKey
	recoveryKey  = "station"
)

// approvalPrefix marks, in a lockUser key, the count of wrong approvals
// typed for a name on a clerk's screen (supervisorActor), kept apart from
// the name's log-in count so a clerk's wrong tries never lock the
// supervisor's own log-in. A cleaned name has no tab, so no typed log-in
// name can share such a key; the table's kinds stay those of 0018.
const approvalPrefix = "approval\t"

// approvalKey is the key the wrong approvals typed for name are counted
// under: approvalPrefix and lockKey(name).
func approvalKey(name string) string { return approvalPrefix + lockKey(name) }

// lockKeyMax bounds the stored key of a name typed at the log-in window, so
// a stranger typing long names cannot grow the table without limit.
const lockKeyMax = 60

// lockKey is the key a typed log-in name is counted under: the name as the
// store looks it up (forms.RuleUserName.Clean), cut to lockKeyMax runes.
func lockKey(name string) string {
	k := []rune(forms.RuleUserName.Clean(name))
	if len(k) > lockKeyMax {
		k = k[:lockKeyMax]
	}
	return string(k)
}

// Rollback rolls the transaction back (a no-op after a commit) and then
// records, each in a transaction of its own, what it collected in afterEnd:
// a refused action changes nothing, but its wrong password still counts.
// A failure to record is logged, never shown. commit runs afterEnd too, for
// the callers that commit without a deferred Rollback.
func (tx *txn) Rollback() error {
	err := tx.Tx.Rollback()
	tx.runAfterEnd()
	return err
}

// runAfterEnd gives back a connection of its own (beginUnsynced) and runs,
// once, what the transaction collected in afterEnd; the transaction has
// ended (commit or Rollback).
func (tx *txn) runAfterEnd() {
	if tx.conn != nil {
		releaseUnsynced(tx.conn)
		tx.conn = nil
	}
	fns := tx.afterEnd
	tx.afterEnd = nil
	for _, f := range fns {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if ferr := f(ctx); ferr != nil {
			log.Printf("store: %v", ferr)
		}
		cancel()
	}
}

// readLockout returns the count of wrong tries of kind and key; zero when
// there is none. Last is the row's updated_at, the time of the last wrong
// try counted (recordFailure).
func readLockout(ctx context.Context, tx *txn, kind, key string) (forms.Lockout, error) {
	var l forms.Lockout
	var until, last string
	err := tx.QueryRowContext(ctx, "SELECT failures, locked_until, updated_at FROM lockouts WHERE kind = ? AND key = ?", kind, key).
		Scan(&l.Failures, str(&until), &last)
	if errors.Is(err, sql.ErrNoRows) {
		return forms.Lockout{}, nil
	} else if err != nil {
		return l, fmt.Errorf("read lockout: %w", err)
	}
	l.LockedUntil = parseTS(until)
	l.Last = parseTS(last)
	return l, nil
}

// pruneLockouts deletes, in tx, the rows whose count is forgotten
// (forms.Lockout.Forgotten): not locked, and the last wrong try
// forms.LockDuration or longer ago. Names typed at the log-in window that
// are no user's never log in to clear their row; the transactions that
// already write lockouts (a wrong try, a right one after wrong ones, an
// unlock) take them away, so no background job is needed.
func pruneLockouts(ctx context.Context, tx *txn) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM lockouts WHERE updated_at <= ? AND (locked_until IS NULL OR locked_until <= ?)",
		ts(tx.now.Add(-forms.LockDuration)), ts(tx.now)); err != nil {
		return fmt.Errorf("prune lock-outs: %w", err)
	}
	return nil
}

// checkLock reads the count of kind and key and refuses with
// forms.LockedError (where says which message) while it is locked, before
// any password is compared: even the right one is refused.
func checkLock(ctx context.Context, tx *txn, kind, key, where string) (forms.Lockout, error) {
	l, err := readLockout(ctx, tx, kind, key)
	if err != nil {
		return l, err
	}
	if l.Locked(tx.now) {
		return l, forms.LockedError(where, l.LockedUntil, tx.now)
	}
	return l, nil
}

// wrongTry arranges for a wrong password or code to be counted once tx has
// ended (rolled back), and returns the refusal: wrong, or the lock message
// when this try is the one that locks.
func wrongTry(tx *txn, kind, key, where string, l forms.Lockout, wrong error) error {
	db := tx.db
	tx.afterEnd = append(tx.afterEnd, func(ctx context.Context) error {
		return db.recordFailure(ctx, kind, key)
	})
	if next, locked := l.Fail(tx.now); locked {
		return forms.LockedError(where, next.LockedUntil, tx.now)
	}
	return wrong
}

// rightTry arranges for the count to be cleared once tx has ended, when
// there is one: a right password ends the run of wrong ones.
func rightTry(tx *txn, kind, key string, l forms.Lockout) {
	if l == (forms.Lockout{}) {
		return
	}
	db := tx.db
	tx.afterEnd = append(tx.afterEnd, func(ctx context.Context) error {
		return db.clearFailures(ctx, kind, key)
	})
}

// lockRecord is what the audit entry of a lock records.
type lockRecord struct {
	Name        string    `json:"name,omitempty"` // the log-in name tried
	Failures    int       `json:"failures"`
	LockedUntil time.Time `json:"locked_until"`
}

// recordFailure counts one wrong try of kind and key in a transaction of its
// own; the try that reaches forms.MaxFailures locks and is audited
// (ActUserLock, by the program, with the name tried). A try while locked
// changes nothing.
func (db *DB) recordFailure(ctx context.Context, kind, key string) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := pruneLockouts(ctx, tx); err != nil {
		return err
	}
	l, err := readLockout(ctx, tx, kind, key)
	if err != nil {
		return err
	}
	if l.Locked(tx.now) {
		return nil
	}
	next, locked := l.Fail(tx.now)
	if _, err := tx.ExecContext(ctx, `INSERT INTO lockouts (kind, key, failures, locked_until, updated_at)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (kind, key) DO UPDATE SET failures = excluded.failures,
			locked_until = excluded.locked_until, updated_at = excluded.updated_at`,
		kind, key, next.Failures, ts(next.LockedUntil), ts(tx.now)); err != nil {
		return fmt.Errorf("record failed try: %w", err)
	}
	if locked {
		rec := auditRec{action: ActUserLock, after: lockRecord{Failures: next.Failures, LockedUntil: next.LockedUntil}}
		if kind == lockRecovery {
			rec.entity = "station"
			rec.note = fmt.Sprintf("恢复码连续输错%d次，锁定至 %s", next.Failures, next.LockedUntil.Format("15:04"))
		} else {
			rec.entity = "user"
			name, approval := strings.CutPrefix(key, approvalPrefix)
			u, err := findUserByName(ctx, tx, name)
			if err != nil {
				return err
			}
			if u != nil {
				rec.entityID = u.ID
			} else {
				// What was typed is no user's name: it may be a password
				// typed into the wrong box, and the log keeps it for good.
				name = unknownNameNote
			}
			rec.after = lockRecord{Name: name, Failures: next.Failures, LockedUntil: next.LockedUntil}
			rec.note = fmt.Sprintf("姓名“%s”连续输错密码%d次，锁定至 %s", name, next.Failures, next.LockedUntil.Format("15:04"))
			if approval {
				rec.note = fmt.Sprintf("以“%s”批准时连续输错密码%d次，此姓名的批准锁定至 %s（登录不受影响）", name, next.Failures, next.LockedUntil.Format("15:04"))
			}
		}
		if err := audit(ctx, tx, nil, rec); err != nil {
			return err
		}
	}
	return tx.commit()
}

// unknownNameNote stands in the audit log for a name tried at log-in that is
// no user's: the typed text is never recorded.
const unknownNameNote = "（非本机用户的姓名）"

// clearFailures ends a run of wrong tries of kind and key in a transaction
// of its own, unless a lock holds now (set by another try meanwhile), and
// deletes the forgotten counts of other names (pruneLockouts).
func (db *DB) clearFailures(ctx context.Context, kind, key string) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "DELETE FROM lockouts WHERE kind = ? AND key = ? AND (locked_until IS NULL OR locked_until <= ?)",
		kind, key, ts(tx.now)); err != nil {
		return fmt.Errorf("clear failed tries: %w", err)
	}
	if err := pruneLockouts(ctx, tx); err != nil {
		return err
	}
	return tx.commit()
}

// lockedUsers returns when the lock of each locked name ends, by name: the
// later of its log-in lock and its approvals' lock, so the user list shows
// either and a supervisor can end both (UnlockUser).
func lockedUsers(ctx context.Context, tx *txn) (map[string]time.Time, error) {
	rows, err := tx.QueryContext(ctx, "SELECT key, locked_until FROM lockouts WHERE kind = ? AND locked_until IS NOT NULL", lockUser)
	if err != nil {
		return nil, fmt.Errorf("query lockouts: %w", err)
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var key, until string
		if err := rows.Scan(&key, &until); err != nil {
			return nil, fmt.Errorf("scan lockout: %w", err)
		}
		key = strings.TrimPrefix(key, approvalPrefix)
		if t := parseTS(until); tx.now.Before(t) && t.After(out[key]) {
			out[key] = t
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read lockouts: %w", err)
	}
	return out, nil
}

// UnlockUser ends a user's lock-out before its time (supervisor only), of
// their log-in and of approvals under their name, and clears both counts of
// wrong passwords; audited as ActUserUnlock with the
// supervisor. A user who is not locked is left as is (nil). An unknown id
// is ENOTFOUND.
func (db *DB) UnlockUser(ctx context.Context, a forms.Actor, userID string) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := unlockUser(ctx, tx, a, userID); err != nil {
		return err
	}
	return tx.commit()
}

func unlockUser(ctx context.Context, tx *txn, a forms.Actor, userID string) error {
	w, u, err := userForSupervisor(ctx, tx, a, userID)
	if err != nil {
		return err
	}
	l, err := readLockout(ctx, tx, lockUser, u.Name)
	if err != nil {
		return err
	}
	la, err := readLockout(ctx, tx, lockUser, approvalKey(u.Name))
	if err != nil {
		return err
	}
	if !l.Locked(tx.now) && !la.Locked(tx.now) {
		return nil
	}
	if la.LockedUntil.After(l.LockedUntil) && la.Locked(tx.now) {
		l = la
	}
	if err := clearUserLocks(ctx, tx, u.Name); err != nil {
		return err
	}
	before := u.User
	before.LockedUntil = l.LockedUntil
	return audit(ctx, tx, w, auditRec{action: ActUserUnlock, entity: "user", entityID: u.ID, before: before, after: u.User,
		note: fmt.Sprintf("解锁“%s”（原锁定至 %s）", u.Name, l.LockedUntil.Format("15:04"))})
}

// clearUserLocks deletes the counts of a user's wrong passwords, at log-in
// and in approvals, and the forgotten counts of other names
// (pruneLockouts), in tx.
func clearUserLocks(ctx context.Context, tx *txn, name string) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM lockouts WHERE kind = ? AND key IN (?, ?)",
		lockUser, name, approvalKey(name)); err != nil {
		return fmt.Errorf("clear lock-out: %w", err)
	}
	return pruneLockouts(ctx, tx)
}
