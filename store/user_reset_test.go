package store

import (
	"context"
	"testing"

	"counterdesk/forms"
)

// TestDB_LoginPasswordReset tells a new account's first log-in from one
// after a supervisor's reset, so the screen does not tell a new user "主管已
// 重设您的密码" (issue 12 §3).
func TestDB_LoginPasswordReset(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	u, err := f.db.AddUser(ctx, f.sup, "新同事", forms.RoleClerk, "linshi123")
	must(t, err)
	got, err := f.db.Login(ctx, "新同事", "linshi123")
	must(t, err)
	if !got.MustChange || got.PasswordReset {
		t.Fatalf("a new account logs in as %+v, want MustChange and not PasswordReset", got)
	}
	must(t, f.db.ChangePassword(ctx, u.ID, "linshi123", "ziji12345"))
	got, err = f.db.Login(ctx, "新同事", "ziji12345")
	must(t, err)
	if got.MustChange || got.PasswordReset {
		t.Fatalf("after choosing a password: %+v", got)
	}
	must(t, f.db.ResetPassword(ctx, f.sup, u.ID, "chongshe12"))
	got, err = f.db.Login(ctx, "新同事", "chongshe12")
	must(t, err)
	if !got.MustChange || !got.PasswordReset {
		t.Fatalf("after a reset: %+v, want MustChange and PasswordReset", got)
	}
}
