package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strings"
	"sync"

	"counterdesk/forms"

	"github.com/google/uuid"
	"golang.org/x/crypto/bcrypt"
)

// bcryptCost is the cost of password and recovery-code hashes: 2^cost
// rounds. Tests lower it to keep them fast. A hash keeps the cost it was
// made with (bcrypt reads it from the hash); Login makes a lower-cost hash
// again at this cost (needsRehash). user_bench_test.go measures the costs.
//
// 11 was measured on a 2-core AMD EPYC (Turin) virtual machine on
// 2026-11-30: one check takes about 63 ms of CPU at cost 10, 130 ms at 11
// and 270 ms at 12 (BenchmarkPasswordCheck); a branch's older PC takes
// longer, so 11 keeps a log-in well under a second while making each guess
// twice as dear as bcrypt.DefaultCost.
var bcryptCost = 11

// Messages of the access checks, shared by the tests.
const (
	msgBadLogin       = "用户名或密码不正确"
	msgDisabled       = "该用户已停用，请联系主管"
	msgNeedSupervisor = "此操作须主管批准，请主管输入姓名和密码"
	msgNotLoggedIn    = "登录已失效，请重新登录"
	msgMustChange     = "请先修改密码，再办理业务"
	msgRecoveryUsed   = "恢复码已使用"
)

// recoveryAlphabet has no characters a person misreads on paper (0/O, 1/I/L).
const recoveryAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// Station returns the station's set-up; ENOTFOUND before set-up.
func (db *DB) Station(ctx context.Context) (*forms.Station, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findStation(ctx, tx)
}

func findStation(ctx context.Context, tx *txn) (*forms.Station, error) {
	var st forms.Station
	var created string
	err := tx.QueryRowContext(ctx,
		"SELECT id, branch_code, branch_name, payee, number, phone, created_at FROM station").
		Scan(&st.ID, &st.BranchCode, &st.BranchName, &st.Payee, &st.Number, &st.Phone, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, forms.Errorf(forms.ENOTFOUND, "本机尚未完成初始设置")
	} else if err != nil {
		return nil, fmt.Errorf("read station: %w", err)
	}
	st.CreatedAt = parseTS(created)
	if st.Training, err = isTraining(ctx, tx); err != nil { // a station made by Demo (demo.go)
		return nil, err
	}
	return &st, nil
}

// Setup records the station and its first supervisor, copies the catalogue
// in (each service as its version 1) and returns the one-time recovery code
// for the branch manager's safe. Only its hash is stored. A station that is
// already set up is refused with ECONFLICT.
func (db *DB) Setup(ctx context.Context, st forms.Station, supervisor, password string, cat *forms.Catalogue) (string, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()

	code, err := setup(ctx, tx, &st, supervisor, password, cat)
	if err != nil {
		return "", err
	}
	return code, tx.commit()
}

func setup(ctx context.Context, tx *txn, st *forms.Station, name, password string, cat *forms.Catalogue) (string, error) {
	if _, err := findStation(ctx, tx); err == nil {
		return "", forms.Errorf(forms.ECONFLICT, "本机已完成初始设置，不能再次设置")
	} else if forms.ErrorCode(err) != forms.ENOTFOUND {
		return "", err
	}
	if err := st.Validate(); err != nil {
		return "", err
	}
	name, err := forms.ValidateUserName(name)
	if err != nil {
		return "", err
	}
	if err := validatePassword(name, password); err != nil {
		return "", err
	}
	if cat == nil || len(cat.Services) == 0 {
		return "", forms.Errorf(forms.EINVALID, "业务目录为空，无法完成设置")
	}
	codes := map[string]bool{}
	for i := range cat.Services {
		s := &cat.Services[i]
		if err := s.Validate(); err != nil {
			return "", err
		}
		if codes[s.Code] {
			return "", forms.Errorf(forms.EINVALID, "业务目录中业务代码“%s”重复", s.Code)
		}
		codes[s.Code] = true
	}

	// A training station's code comes from its seed, like its signing key
	// (demo.go), so the same plan makes the same backup recipient.
	code, err := recoveryCode(tx.db.keyRand)
	if err != nil {
		return "", err
	}
	codeHash, err := bcrypt.GenerateFromPassword([]byte(canonicalRecovery(code)), bcryptCost)
	if err != nil {
		return "", fmt.Errorf("hash recovery code: %w", err)
	}
	if st.ID == "" {
		st.ID = uuid.NewString()
	}
	st.CreatedAt = tx.now
	if _, err := tx.ExecContext(ctx, `INSERT INTO station
		(id, branch_code, branch_name, payee, number, phone, recovery_hash, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		st.ID, st.BranchCode, st.BranchName, st.Payee, st.Number, st.Phone, string(codeHash), ts(tx.now)); err != nil {
		return "", fmt.Errorf("insert station: %w", err)
	}

	u := &forms.User{ID: uuid.NewString(), Name: name, Role: forms.RoleSupervisor, CreatedAt: tx.now}
	if err := insertUser(ctx, tx, u, password); err != nil {
		return "", err
	}
	w := &who{user: u}
	if err := audit(ctx, tx, w, auditRec{action: ActStationSetup, entity: "station", entityID: st.ID, after: st}); err != nil {
		return "", err
	}
	if err := audit(ctx, tx, w, auditRec{action: ActUserAdd, entity: "user", entityID: u.ID, after: u}); err != nil {
		return "", err
	}
	// The key that signs the station's exports to head office (stationkey.go).
	if _, err := createStationKey(ctx, tx, w); err != nil {
		return "", err
	}
	// The recipient the removable backups are encrypted to for the branch,
	// made from the recovery code (backupcrypt.go); the code is not kept.
	if _, err := saveBackupRecipient(ctx, tx, w, st.Code(), code); err != nil {
		return "", err
	}
	for i := range cat.Services {
		if _, err := insertServiceVersion(ctx, tx, w, cat.Services[i].Clone()); err != nil {
			return "", err
		}
	}
	// What was copied is the default each service was last offered from:
	// a later release offers only what changed since (DefaultOffers).
	if err := recordSetupDefaults(ctx, tx, w, cat); err != nil {
		return "", err
	}
	// A station set up again in a folder that kept its high-water mark (the
	// database was lost) continues after the numbers already printed.
	if err := applyHighWater(ctx, tx, st.Code(), readHighWater(tx.db.hwmPath())); err != nil {
		return "", err
	}
	return code, nil
}

// validatePassword applies forms.ValidatePassword and bcrypt's limit: a
// password longer than 72 bytes (24 Chinese characters) cannot be hashed.
func validatePassword(name, pw string) error {
	if err := forms.ValidatePassword(name, pw); err != nil {
		return err
	}
	if len(pw) > 72 {
		return forms.Errorf(forms.EINVALID, "密码过长，最多72个英文字符或24个汉字")
	}
	return nil
}

// recoveryCode returns a new code of four groups of five characters, drawn
// from src, or from crypto/rand when src is nil.
func recoveryCode(src io.Reader) (string, error) {
	if src == nil {
		src = rand.Reader
	}
	var b strings.Builder
	max := big.NewInt(int64(len(recoveryAlphabet)))
	for i := 0; i < 20; i++ {
		if i > 0 && i%5 == 0 {
			b.WriteByte('-')
		}
		n, err := rand.Int(src, max)
		if err != nil {
			return "", fmt.Errorf("recovery code: %w", err)
		}
		b.WriteByte(recoveryAlphabet[n.Int64()])
	}
	return b.String(), nil
}

// canonicalRecovery is the form a recovery code is hashed and checked in:
// upper case, without the dashes and spaces a person types between groups.
func canonicalRecovery(code string) string {
	code = strings.ToUpper(forms.Normalize(code))
	return strings.Map(func(r rune) rune {
		switch r {
		case '-', ' ', '\t', '\r', '\n':
			return -1
		}
		return r
	}, code)
}

func insertUser(ctx context.Context, tx *txn, u *forms.User, password string) error {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM users WHERE name = ?", u.Name).Scan(&n); err != nil {
		return fmt.Errorf("check user name: %w", err)
	}
	if n > 0 {
		return forms.Errorf(forms.ECONFLICT, "用户“%s”已存在，请换一个姓名（可加部门或编号区分）", u.Name)
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcryptCost)
	if err != nil {
		return fmt.Errorf("hash password: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO users
		(id, name, role, password_hash, must_change, disabled, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, 0, ?, ?)`,
		u.ID, u.Name, string(u.Role), string(hash), boolInt(u.MustChange), ts(tx.now), ts(tx.now)); err != nil {
		return fmt.Errorf("insert user: %w", err)
	}
	return nil
}

// userRow is a user with the password hash, which never leaves the store.
type userRow struct {
	forms.User
	hash string
}

const userCols = "id, name, role, password_hash, must_change, disabled, created_at"

func scanUser(row interface{ Scan(...any) error }) (*userRow, error) {
	var u userRow
	var role, created string
	if err := row.Scan(&u.ID, &u.Name, &role, &u.hash, &u.MustChange, &u.Disabled, &created); err != nil {
		return nil, err
	}
	u.Role = forms.Role(role)
	u.CreatedAt = parseTS(created)
	return &u, nil
}

// findUser returns the user with the id, or nil when there is none.
func findUser(ctx context.Context, tx *txn, id string) (*userRow, error) {
	u, err := scanUser(tx.QueryRowContext(ctx, "SELECT "+userCols+" FROM users WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("read user: %w", err)
	}
	return u, nil
}

// userForSupervisor checks that a is a supervisor or approved by one (as
// supervisorActor does, counting a wrong approval) and then reads the user
// with the id that a supervisor's action on the 用户管理 screen concerns. It
// returns who acts and the user; a user that is not there (removed since
// the list was read) is ENOTFOUND, with one message for every such action.
func userForSupervisor(ctx context.Context, tx *txn, a forms.Actor, userID string) (*who, *userRow, error) {
	w, err := supervisorActor(ctx, tx, a)
	if err != nil {
		return nil, nil, err
	}
	u, err := findUser(ctx, tx, userID)
	if err != nil {
		return nil, nil, err
	}
	if u == nil {
		return nil, nil, forms.Errorf(forms.ENOTFOUND, msgNoSuchUser)
	}
	return w, u, nil
}

// msgNoSuchUser is the answer when the user a supervisor acts on is not
// there.
const msgNoSuchUser = "找不到该用户，请刷新用户列表后再试"

// findUserByName returns the user with the log-in name, or nil.
func findUserByName(ctx context.Context, tx *txn, name string) (*userRow, error) {
	u, err := scanUser(tx.QueryRowContext(ctx, "SELECT "+userCols+" FROM users WHERE name = ?", name))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("read user: %w", err)
	}
	return u, nil
}

var (
	dummyHashMu sync.Mutex
	dummyHash   []byte // made at bcryptCost
)

// dummyPasswordHash returns a hash at bcryptCost that no password matches
// (made again if the cost changed).
func dummyPasswordHash() []byte {
	dummyHashMu.Lock()
	defer dummyHashMu.Unlock()
	if c, err := bcrypt.Cost(dummyHash); err != nil || c != bcryptCost {
		dummyHash, _ = bcrypt.GenerateFromPassword([]byte("counterdesk-dummy-1"), bcryptCost)
	}
	return dummyHash
}

// checkPassword compares a password with a user's hash. For an unknown
// user it compares with a dummy hash at bcryptCost, so the answer takes as
// long and a stranger cannot tell a wrong name from a wrong password.
func checkPassword(u *userRow, password string) bool {
	if u == nil {
		bcrypt.CompareHashAndPassword(dummyPasswordHash(), []byte(password))
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(u.hash), []byte(password)) == nil
}

// Login checks a name and password. A wrong name and a wrong password get
// the same answer (EUNAUTHORIZED) and are counted alike: the
// forms.MaxFailures-th wrong try in a row locks the name for
// forms.LockDuration, and a locked name is refused with forms.LockedError
// (EFORBIDDEN, KeyLocked) even with the right password. A right password
// ends the count. A disabled user gets EFORBIDDEN. A user
// whose password was reset logs in with MustChange set, and the screen then
// asks for a new password (ChangePassword).
func (db *DB) Login(ctx context.Context, name, password string) (*forms.User, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	// A locked name is refused before its password is compared; an
	// unknown name is counted and locked like a known one (lockout.go).
	key := lockKey(name)
	l, err := checkLock(ctx, tx, lockUser, key, forms.LockLogin)
	if err != nil {
		return nil, err
	}
	u, err := findUserByName(ctx, tx, forms.RuleUserName.Clean(name))
	if err != nil {
		return nil, err
	}
	if !checkPassword(u, password) {
		return nil, wrongTry(tx, lockUser, key, forms.LockLogin, l, forms.Errorf(forms.EUNAUTHORIZED, msgBadLogin))
	}
	rightTry(tx, lockUser, key, l)
	if needsRehash(u.hash) {
		// A hash made at a lower cost is made again at today's, once
		// the password is known to be right.
		db, id, old := tx.db, u.ID, u.hash
		tx.afterEnd = append(tx.afterEnd, func(ctx context.Context) error {
			return db.rehash(ctx, id, old, password)
		})
	}
	if u.Disabled {
		return nil, forms.Errorf(forms.EFORBIDDEN, msgDisabled)
	}
	if u.MustChange {
		// A reset leaves its audit entry; a new account has none.
		var resets int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM audit_log WHERE entity_id = ? AND action = ?",
			u.ID, ActUserReset).Scan(&resets); err != nil {
			return nil, fmt.Errorf("read password resets: %w", err)
		}
		u.PasswordReset = resets > 0
	}
	return &u.User, nil
}

// ChangePassword sets a user's own new password after checking the old
// one, and clears MustChange.
func (db *DB) ChangePassword(ctx context.Context, userID, oldPassword, newPassword string) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := changePassword(ctx, tx, userID, oldPassword, newPassword); err != nil {
		return err
	}
	return tx.commit()
}

// confirmPassword checks the password a logged-in user types again to
// confirm an action, counted toward their log-in lock-out like a log-in:
// while their name is locked even the right one is refused
// (forms.LockedError); a wrong one is refused with wrong, or with the lock
// message when it is the one that locks; a right one ends the count.
func confirmPassword(ctx context.Context, tx *txn, u *userRow, password string, wrong error) error {
	l, err := checkLock(ctx, tx, lockUser, u.Name, forms.LockLogin)
	if err != nil {
		return err
	}
	if !checkPassword(u, password) {
		return wrongTry(tx, lockUser, u.Name, forms.LockLogin, l, wrong)
	}
	rightTry(tx, lockUser, u.Name, l)
	return nil
}

func changePassword(ctx context.Context, tx *txn, userID, oldPassword, newPassword string) error {
	u, err := findUser(ctx, tx, userID)
	if err != nil {
		return err
	}
	if u == nil {
		return forms.Errorf(forms.EUNAUTHORIZED, msgNotLoggedIn)
	}
	if u.Disabled {
		return forms.Errorf(forms.EFORBIDDEN, msgDisabled)
	}
	// The old password counts toward the lock-out like a log-in: someone
	// at a desk left logged in cannot guess it here either.
	if err := confirmPassword(ctx, tx, u, oldPassword, forms.Errorf(forms.EUNAUTHORIZED, "原密码不正确")); err != nil {
		return err
	}
	if err := validatePassword(u.Name, newPassword); err != nil {
		return err
	}
	if newPassword == oldPassword {
		return forms.Errorf(forms.EINVALID, "新密码不能与原密码相同")
	}
	if err := setPassword(ctx, tx, u.ID, newPassword, false); err != nil {
		return err
	}
	u.MustChange = false
	return audit(ctx, tx, &who{user: &u.User}, auditRec{action: ActUserPassword, entity: "user", entityID: u.ID})
}

func setPassword(ctx context.Context, tx *txn, userID, password string, mustChange bool) error {
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcryptCost)
	if err != nil {
		return fmt.Errorf("hash password: %w", err)
	}
	if _, err := tx.ExecContext(ctx,
		"UPDATE users SET password_hash = ?, must_change = ?, updated_at = ? WHERE id = ?",
		string(hash), boolInt(mustChange), ts(tx.now), userID); err != nil {
		return fmt.Errorf("update password: %w", err)
	}
	return nil
}

// Users returns every user, disabled ones included, in the order they were
// added, each locked one with LockedUntil.
func (db *DB) Users(ctx context.Context) ([]forms.User, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, "SELECT "+userCols+" FROM users ORDER BY created_at, name")
	if err != nil {
		return nil, fmt.Errorf("query users: %w", err)
	}
	defer rows.Close()
	var out []forms.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("scan user: %w", err)
		}
		out = append(out, u.User)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read users: %w", err)
	}
	rows.Close()
	locked, err := lockedUsers(ctx, tx)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].LockedUntil = locked[out[i].Name]
	}
	return out, nil
}

// actor resolves the logged-in user of a: an existing, active user who has
// no pending password change.
func actor(ctx context.Context, tx *txn, a forms.Actor) (*who, error) {
	if a.UserID == "" {
		return nil, forms.Errorf(forms.EUNAUTHORIZED, msgNotLoggedIn)
	}
	u, err := findUser(ctx, tx, a.UserID)
	if err != nil {
		return nil, err
	}
	if u == nil {
		return nil, forms.Errorf(forms.EUNAUTHORIZED, msgNotLoggedIn)
	}
	if u.Disabled {
		return nil, forms.Errorf(forms.EFORBIDDEN, msgDisabled)
	}
	if u.MustChange {
		return nil, forms.Errorf(forms.EFORBIDDEN, msgMustChange)
	}
	return &who{user: &u.User}, nil
}

// supervisorActor resolves an action that needs a supervisor: the
// logged-in user is an active supervisor, or the supervisor whose name and
// password were typed on the clerk's screen verify, in this transaction.
func supervisorActor(ctx context.Context, tx *txn, a forms.Actor) (*who, error) {
	w, err := actor(ctx, tx, a)
	if err != nil {
		return nil, err
	}
	if w.user.IsSupervisor() {
		return w, nil
	}
	name := forms.RuleUserName.Clean(a.ApproverName)
	if name == "" && a.ApproverPassword == "" {
		return nil, forms.Errorf(forms.EFORBIDDEN, msgNeedSupervisor)
	}
	// Wrong approvals are counted per name as log-ins are (lockout.go),
	// but apart from them: a clerk's five wrong tries lock approvals under
	// the name, even with the right password, and never the supervisor's
	// own log-in. A right log-in does not end this count (a clerk guessing
	// would get four more tries each time the supervisor logs in); a right
	// approval, the end of the lock or an unlock does.
	key := approvalKey(name)
	l, err := checkLock(ctx, tx, lockUser, key, forms.LockApproval)
	if err != nil {
		return nil, err
	}
	ap, err := findUserByName(ctx, tx, name)
	if err != nil {
		return nil, err
	}
	wrong := forms.Errorf(forms.EFORBIDDEN, "主管姓名或密码不正确。"+msgNeedSupervisor)
	if !checkPassword(ap, a.ApproverPassword) {
		return nil, wrongTry(tx, lockUser, key, forms.LockApproval, l, wrong)
	}
	rightTry(tx, lockUser, key, l)
	if !ap.IsSupervisor() {
		return nil, wrong
	}
	if ap.MustChange {
		return nil, forms.Errorf(forms.EFORBIDDEN, "主管“%s”须先登录修改密码，才能批准操作", ap.Name)
	}
	w.approver = &ap.User
	return w, nil
}

// AddUser adds a clerk or supervisor (supervisor only). The new user logs
// in with the given password and must then choose their own.
func (db *DB) AddUser(ctx context.Context, a forms.Actor, name string, role forms.Role, password string) (*forms.User, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	u, err := addUser(ctx, tx, a, name, role, password)
	if err != nil {
		return nil, err
	}
	return u, tx.commit()
}

func addUser(ctx context.Context, tx *txn, a forms.Actor, name string, role forms.Role, password string) (*forms.User, error) {
	w, err := supervisorActor(ctx, tx, a)
	if err != nil {
		return nil, err
	}
	name, err = forms.ValidateUserName(name)
	if err != nil {
		return nil, err
	}
	if role != forms.RoleClerk && role != forms.RoleSupervisor {
		return nil, forms.Errorf(forms.EINVALID, "请选择用户角色：窗口客服或主管")
	}
	if err := validatePassword(name, password); err != nil {
		return nil, err
	}
	u := &forms.User{ID: uuid.NewString(), Name: name, Role: role, MustChange: true, CreatedAt: tx.now}
	if err := insertUser(ctx, tx, u, password); err != nil {
		return nil, err
	}
	if err := audit(ctx, tx, w, auditRec{action: ActUserAdd, entity: "user", entityID: u.ID, after: u}); err != nil {
		return nil, err
	}
	return u, nil
}

// ResetPassword sets a temporary password for a user who forgot theirs
// (supervisor only); the user must choose a new one at the next log-in.
func (db *DB) ResetPassword(ctx context.Context, a forms.Actor, userID, tempPassword string) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := resetPassword(ctx, tx, a, userID, tempPassword); err != nil {
		return err
	}
	return tx.commit()
}

func resetPassword(ctx context.Context, tx *txn, a forms.Actor, userID, tempPassword string) error {
	w, u, err := userForSupervisor(ctx, tx, a, userID)
	if err != nil {
		return err
	}
	if err := validatePassword(u.Name, tempPassword); err != nil {
		return err
	}
	if err := setPassword(ctx, tx, u.ID, tempPassword, true); err != nil {
		return err
	}
	before := u.User
	u.MustChange = true
	return audit(ctx, tx, w, auditRec{action: ActUserReset, entity: "user", entityID: u.ID, before: before, after: u.User})
}

// SetUserDisabled disables a user who left, or enables them again
// (supervisor only). The last active supervisor cannot be disabled.
func (db *DB) SetUserDisabled(ctx context.Context, a forms.Actor, userID string, disabled bool) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := setUserDisabled(ctx, tx, a, userID, disabled); err != nil {
		return err
	}
	return tx.commit()
}

func setUserDisabled(ctx context.Context, tx *txn, a forms.Actor, userID string, disabled bool) error {
	w, u, err := userForSupervisor(ctx, tx, a, userID)
	if err != nil {
		return err
	}
	if u.Disabled == disabled {
		return nil
	}
	if disabled && u.IsSupervisor() {
		var others int
		if err := tx.QueryRowContext(ctx,
			"SELECT count(*) FROM users WHERE role = 'supervisor' AND disabled = 0 AND id <> ?", u.ID).Scan(&others); err != nil {
			return fmt.Errorf("count supervisors: %w", err)
		}
		if others == 0 {
			return forms.Errorf(forms.ECONFLICT, "“%s”是最后一位在用的主管，不能停用；请先添加另一位主管", u.Name)
		}
	}
	if _, err := tx.ExecContext(ctx, "UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?",
		boolInt(disabled), ts(tx.now), u.ID); err != nil {
		return fmt.Errorf("update user: %w", err)
	}
	before := u.User
	u.Disabled = disabled
	action := ActUserEnable
	if disabled {
		action = ActUserDisable
	}
	return audit(ctx, tx, w, auditRec{action: action, entity: "user", entityID: u.ID, before: before, after: u.User})
}

// RecoverSupervisor resets a supervisor's password with the one-time
// recovery code printed at set-up, for when no supervisor can log in. The
// code works once; afterwards ECONFLICT.
func (db *DB) RecoverSupervisor(ctx context.Context, code, name, newPassword string) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := recoverSupervisor(ctx, tx, code, name, newPassword); err != nil {
		return err
	}
	return tx.commit()
}

func recoverSupervisor(ctx context.Context, tx *txn, code, name, newPassword string) error {
	var hash, used string
	err := tx.QueryRowContext(ctx, "SELECT recovery_hash, recovery_used_at FROM station").Scan(&hash, str(&used))
	if errors.Is(err, sql.ErrNoRows) {
		return forms.Errorf(forms.ENOTFOUND, "本机尚未完成初始设置")
	} else if err != nil {
		return fmt.Errorf("read recovery code: %w", err)
	}
	if used != "" {
		return forms.Errorf(forms.ECONFLICT, msgRecoveryUsed+"（%s），不能再次使用", parseTS(used).Format("2006-01-02 15:04"))
	}
	// Wrong codes are counted for the station and lock it as wrong
	// passwords lock a name (lockout.go).
	l, err := checkLock(ctx, tx, lockRecovery, recoveryKey, forms.LockRecovery)
	if err != nil {
		return err
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(canonicalRecovery(code))) != nil {
		return wrongTry(tx, lockRecovery, recoveryKey, forms.LockRecovery, l,
			forms.Errorf(forms.EUNAUTHORIZED, "恢复码不正确，请核对保险柜中的恢复码"))
	}
	rightTry(tx, lockRecovery, recoveryKey, l)
	u, err := findUserByName(ctx, tx, forms.RuleUserName.Clean(name))
	if err != nil {
		return err
	}
	if u == nil || u.Role != forms.RoleSupervisor {
		return forms.Errorf(forms.EINVALID, "“%s”不是主管，恢复码只能重设主管的密码", forms.Normalize(name))
	}
	if u.Disabled {
		return forms.Errorf(forms.EFORBIDDEN, "主管“%s”已停用，请选择一位在用的主管", u.Name)
	}
	if err := validatePassword(u.Name, newPassword); err != nil {
		return err
	}
	if err := setPassword(ctx, tx, u.ID, newPassword, false); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE station SET recovery_used_at = ?", ts(tx.now)); err != nil {
		return fmt.Errorf("mark recovery code used: %w", err)
	}
	// The supervisor chose a new password: the locks on their name end.
	if err := clearUserLocks(ctx, tx, u.Name); err != nil {
		return err
	}
	return audit(ctx, tx, &who{user: &u.User}, auditRec{action: ActUserRecover, entity: "user", entityID: u.ID,
		note: "用恢复码重设主管密码；恢复码已作废"})
}

// needsRehash reports whether a password hash was made at a lower cost than
// bcryptCost.
func needsRehash(hash string) bool {
	c, err := bcrypt.Cost([]byte(hash))
	return err == nil && c < bcryptCost
}

// rehash stores the hash of a user's (checked) password again at
// bcryptCost, in a transaction of its own, unless the hash changed
// meanwhile. The password is the same, so nothing is audited.
func (db *DB) rehash(ctx context.Context, userID, oldHash, password string) error {
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcryptCost)
	if err != nil {
		return fmt.Errorf("rehash password: %w", err)
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?",
		string(hash), userID, oldHash); err != nil {
		return fmt.Errorf("rehash password: %w", err)
	}
	return tx.commit()
}
