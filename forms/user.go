package forms

import (
	"time"
	"unicode/utf8"
)

// Role is what a user may do.
type Role string

// The roles.
const (
	RoleClerk      Role = "clerk"
	RoleSupervisor Role = "supervisor"
)

// Label returns the role in Chinese.
func (r Role) Label() string {
	if r == RoleSupervisor {
		return "主管"
	}
	return "窗口客服"
}

// User is a person who logs in. Users are disabled, never deleted, so their
// records keep their name.
type User struct {
	ID         string
	Name       string // the log-in name, also shown on documents
	Role       Role
	Disabled   bool
	MustChange bool // set for a new user and by a password reset: a new password at next log-in
	// PasswordReset tells, when MustChange is set, that a supervisor reset
	// the password (rather than the user never having chosen one), so the
	// screen says which; filled in by the store's Login.
	PasswordReset bool
	CreatedAt     time.Time
	// LockedUntil is when the lock after MaxFailures wrong passwords in a
	// row ends; zero when the user is not locked. Filled in by the
	// store's Users.
	LockedUntil time.Time `json:",omitzero"`
}

// IsSupervisor reports whether the user is an active supervisor.
func (u *User) IsSupervisor() bool { return u != nil && u.Role == RoleSupervisor && !u.Disabled }

// ValidateUserName normalizes and checks a log-in name by RuleUserName:
// letters, digits, single spaces and · - _ . ', at most 30 characters. A
// refusal is an EINVALID error naming the character or the length.
func ValidateUserName(name string) (string, error) {
	return RuleUserName.Check(name)
}

// ValidatePassword checks a new password: at least 8 characters, not all
// one kind, and not the user's name.
func ValidatePassword(name, pw string) error {
	if utf8.RuneCountInString(pw) < 8 {
		return Errorf(EINVALID, "密码至少8位")
	}
	if pw == name {
		return Errorf(EINVALID, "密码不能与用户姓名相同")
	}
	var digit, other bool
	for _, r := range pw {
		if r >= '0' && r <= '9' {
			digit = true
		} else {
			other = true
		}
	}
	if !digit || !other {
		return Errorf(EINVALID, "密码须同时包含数字和字母（或其他字符）")
	}
	return nil
}

// AuditEntry is one line of the audit log: who did what to which record,
// with the record before and after as JSON. Seq orders the log; PrevHash
// and Hash chain each entry to the one before it (see ChainHash).
type AuditEntry struct {
	Seq        int64
	ID         string
	At         time.Time
	UserID     string
	UserName   string
	ApprovedBy string // a supervisor who approved on the clerk's screen
	Action     string // e.g. customer.update, receipt.void
	Entity     string // customer, case, receipt, deposit, user, station
	EntityID   string
	Before     string // JSON, "" when created
	After      string // JSON, "" when nothing remains
	Note       string
	AtText     string // At exactly as stored, for ChainHash; "" formats At
	PrevHash   string // hex SHA-256 of the entry before, "" for the first
	Hash       string // hex ChainHash(PrevHash) of this entry
}

// Actor is who performs a store operation: the logged-in user and, for an
// action that needs a supervisor while a clerk is logged in, the
// supervisor's name and password typed on the clerk's screen for that one
// action. The store verifies the approval inside the same transaction and
// records the action under the supervisor's name.
type Actor struct {
	UserID           string
	ApproverName     string
	ApproverPassword string
}
