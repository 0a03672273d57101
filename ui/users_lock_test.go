package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// TestUsers_LockedUserUnlock: a clerk locked out by five wrong passwords is
// listed as 已锁定（至 HH:MM） on 用户管理, 解锁 is offered for that user
// only, and after 解锁 the list no longer says so and the clerk logs in.
// The screen fits 1280×720 with the locked user shown.
func TestUsers_LockedUserUnlock(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.addClerk()
	for i := 0; i < forms.MaxFailures; i++ {
		_, err := h.db.Login(ctx, "张窗口", "cuowu12345")
		if forms.ErrorCode(err) == "" {
			t.Fatal("a wrong password was let in")
		}
	}
	_, err := h.db.Login(ctx, "张窗口", "linshi123")
	if forms.ErrorCode(err) != forms.EFORBIDDEN || !strings.Contains(forms.ErrorMessage(err), "15 分钟") {
		t.Fatalf("the locked clerk: %v (%s)", err, forms.ErrorMessage(err))
	}

	u := h.app.home.users
	for _, it := range h.app.home.tabs.Items {
		if it.Text == T("用户管理") {
			h.app.home.tabs.Select(it)
		}
	}
	u.refresh()
	h.wait()
	index := func(name string) int {
		for i, x := range u.users {
			if x.Name == name {
				return i
			}
		}
		t.Fatalf("%s is not listed", name)
		return -1
	}
	line := func(name string) string {
		l := widget.NewLabel("")
		u.list.UpdateItem(index(name), l)
		return l.Text
	}
	until := h.clock.Now().Add(forms.LockDuration).Format("15:04")
	if got := line("张窗口"); !strings.Contains(got, "已锁定（至 "+until+"）") {
		t.Fatalf("the locked clerk's line = %q, want 已锁定（至 %s）", got, until)
	}
	if got := line("李主管"); strings.Contains(got, "已锁定") {
		t.Fatalf("the supervisor's line = %q", got)
	}
	if !u.unlockBtn.Disabled() {
		t.Fatal("解锁 is enabled with nobody selected")
	}
	u.list.Select(index("李主管"))
	if !u.unlockBtn.Disabled() {
		t.Fatal("解锁 is enabled for a user who is not locked")
	}
	u.list.Select(index("张窗口"))
	if u.unlockBtn.Disabled() {
		t.Fatal("解锁 is disabled for the locked clerk")
	}
	h.app.win.Resize(fyne.NewSize(fitWidth, fitHeight))
	if m := misfits(h.app.win); len(m) > 0 {
		t.Errorf("用户管理 with a locked user: %s", strings.Join(m, "; "))
	}

	test.Tap(u.unlockBtn)
	h.wait()
	if got := line("张窗口"); strings.Contains(got, "已锁定") {
		t.Fatalf("after 解锁 the clerk's line = %q", got)
	}
	if !u.unlockBtn.Disabled() {
		t.Fatal("解锁 is still enabled after the unlock")
	}
	if got := h.app.home.status.Text; !strings.Contains(got, "已解锁 张窗口") {
		t.Fatalf("status = %q", got)
	}
	if _, err := h.db.Login(ctx, "张窗口", "linshi123"); err != nil {
		t.Fatalf("after 解锁 the clerk cannot log in: %v (%s)", err, forms.ErrorMessage(err))
	}
}
