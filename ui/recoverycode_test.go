package ui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestNewRecoveryCode_AsksPassword: 换发恢复码 made a new code after a
// plain 确定, without the supervisor's password. Now the dialog asks for
// it: empty or wrong, the dialog stays open, says why and nothing changes;
// the right one makes the code and shows it once.
func TestNewRecoveryCode_AsksPassword(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.wait()
	before, err := h.db.BackupRecipient(ctx)
	if err != nil || before == "" {
		t.Fatalf("recipient after set-up %q, %v", before, err)
	}
	s := h.app.home.settings
	test.Tap(s.newCode)
	c := s.codeConfirm
	if c == nil || c.password == nil || !c.password.Visible() {
		t.Fatal("no password asked for")
	}
	for _, step := range []struct{ password, want string }{
		{"", "请输入您的登录密码"},
		{"wrong-pass-1", "密码不正确：请输入您本人（李主管）的登录密码，再换发恢复码"},
	} {
		h.typeInto(c.password, step.password)
		h.tapDialog("换发")
		h.wait()
		if c.message.Text != step.want || h.dialogButton("打印恢复码") != nil {
			t.Fatalf("password %q: message %q", step.password, c.message.Text)
		}
		msg := fyne.CurrentApp().Driver().AbsolutePositionForObject(c.message)
		if btn := fyne.CurrentApp().Driver().AbsolutePositionForObject(c.confirm); msg.Y+c.message.Size().Height > btn.Y {
			t.Fatalf("message %q runs under the 换发 button", c.message.Text)
		}
		if after, _ := h.db.BackupRecipient(ctx); after != before {
			t.Fatalf("password %q changed the recipient", step.password)
		}
	}
	h.typeInto(c.password, "zhuguan123")
	h.tapDialog("换发")
	h.wait()
	if h.dialogButton("打印恢复码") == nil {
		t.Fatalf("the new code is not shown (message %q)", c.message.Text)
	}
	if after, err := h.db.BackupRecipient(ctx); err != nil || after == before {
		t.Fatalf("recipient %q → %q, %v", before, after, err)
	}
	h.tapDialog("我已妥善保存")
}
