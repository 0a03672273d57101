package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// screenTexts is every text on the window, dialogs included: what a
// passer-by could read.
func screenTexts(w fyne.Window) string {
	c := w.Canvas()
	objs := test.LaidOutObjects(c.Content())
	for _, o := range c.Overlays().List() {
		objs = append(objs, test.LaidOutObjects(o)...)
	}
	var b strings.Builder
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		switch x := o.(type) {
		case *widget.Label:
			b.WriteString(x.Text)
		case *wrappedText:
			b.WriteString(x.Text)
		case *widget.Entry:
			b.WriteString(x.Text)
		case *widget.RichText:
			b.WriteString(x.String())
		}
		b.WriteString("\n")
	}
	return b.String()
}

// clerkWithHalfTypedCustomer logs the clerk 张窗口 in and leaves a new
// customer half typed, with a supervisor approval dialog open over it.
func clerkWithHalfTypedCustomer(t *testing.T) (*harness, *customerForm) {
	h := newHarness(t)
	h.app.win.Resize(fyne.NewSize(fitWidth, fitHeight))
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.logInNewClerk()
	if h.app.home == nil {
		t.Fatal("the clerk did not reach the main screen")
	}
	cs := h.app.home.customers
	test.Tap(cs.newBtn)
	f := cs.edit
	h.typeInto(f.name, "王芳")
	h.typeInto(f.idNumber, femaleID[:10])
	h.typeInto(f.mobile, "1381234")
	h.app.checkIdle() // the typing is input
	return h, f
}

// TestIdleLock_LocksAndTheSameUserReturns: after the idle minutes without
// input the window locks and shows nothing of the customer; a wrong
// password keeps it locked with the message; the right one brings back the
// half-typed form exactly as it was.
func TestIdleLock_LocksAndTheSameUserReturns(t *testing.T) {
	h, f := clerkWithHalfTypedCustomer(t)
	work := h.app.win.Content()
	if h.app.idleMinutes() != 5*time.Minute {
		t.Fatalf("idle minutes %v, want the default 5", h.app.idleMinutes())
	}
	h.clock.Set(testDay.Add(4*time.Minute + 59*time.Second))
	h.app.checkIdle()
	if h.app.idle.screen != nil {
		t.Fatal("the screen locked before 5 minutes without input")
	}
	h.app.win.Canvas().Focus(f.mobile)
	h.typeInto(f.mobile, "13812345") // input at 4:59, where the clerk types
	h.app.checkIdle()
	h.clock.Set(testDay.Add(9 * time.Minute))
	h.app.checkIdle()
	if h.app.idle.screen != nil {
		t.Fatal("the screen locked 4 minutes after the last input")
	}
	h.clock.Set(testDay.Add(10 * time.Minute))
	h.app.checkIdle()
	l := h.app.idle.screen
	if l == nil {
		t.Fatal("the screen did not lock after 5 minutes without input")
	}
	shown := screenTexts(h.app.win)
	for _, secret := range []string{"王芳", femaleID[:10], "13812345"} {
		if strings.Contains(shown, secret) {
			t.Errorf("the lock screen shows %q:\n%s", secret, shown)
		}
	}
	if !strings.Contains(shown, "张窗口") || !strings.Contains(shown, "屏幕已锁定") {
		t.Errorf("the lock screen does not say it is locked for 张窗口:\n%s", shown)
	}
	if m := misfits(h.app.win); len(m) != 0 {
		t.Errorf("the lock screen does not fit 1280×720: %v", m)
	}

	h.typeInto(l.password, "wrong-pass1")
	test.Tap(l.unlock)
	h.wait()
	// Only the password was asked for: the message does not speak of a
	// name (the tester read 用户名或密码不正确 there).
	if h.app.idle.screen != l || l.message.Text != "密码不正确，请重新输入。" {
		t.Fatalf("a wrong password: locked %v, message %q", h.app.idle.screen != nil, l.message.Text)
	}
	if strings.Contains(screenTexts(h.app.win), "王芳") {
		t.Fatal("a wrong password showed the customer")
	}

	h.typeInto(l.password, "chuangkou9")
	test.Tap(l.unlock)
	h.wait()
	if h.app.idle.screen != nil || h.app.win.Content() != work {
		t.Fatal("the right password did not bring back the screen as it was")
	}
	if f.name.Text != "王芳" || f.idNumber.Text != femaleID[:10] || f.mobile.Text != "13812345" || h.app.home.customers.edit != f {
		t.Fatalf("the half-typed customer came back as %q %q %q", f.name.Text, f.idNumber.Text, f.mobile.Text)
	}
	if n, _ := h.db.SearchCustomers(context.Background(), "王芳", 10); len(n) != 0 {
		t.Fatal("locking saved the half-typed customer")
	}
	// Unlocking is input: no lock straight away.
	h.app.checkIdle()
	if h.app.idle.screen != nil {
		t.Fatal("the screen locked again right after unlocking")
	}
}

// TestIdleLock_KeepsOpenDialogs: a dialog open at the lock (here a
// supervisor's approval, half typed) is off the screen while locked and
// back, with its text, after unlocking.
func TestIdleLock_KeepsOpenDialogs(t *testing.T) {
	h, _ := clerkWithHalfTypedCustomer(t)
	h.app.withSupervisor("作废收据", func(ctx context.Context, a forms.Actor) error { return nil }, nil)
	ap := h.app.approval
	h.typeInto(ap.name, "李主管")
	h.app.checkIdle()
	h.clock.Set(testDay.Add(6 * time.Minute))
	h.app.checkIdle()
	l := h.app.idle.screen
	if l == nil {
		t.Fatal("no lock with a dialog open")
	}
	if n := len(h.app.win.Canvas().Overlays().List()); n != 0 {
		t.Fatalf("%d dialogs stay over the lock screen", n)
	}
	// Background work of the clerk's finishes while locked and says so.
	h.app.info("无法完成", "客户王芳的记录已被其他窗口修改")
	if n := len(h.app.win.Canvas().Overlays().List()); n != 0 {
		t.Fatalf("a message shown after the lock is over the lock screen (%d dialogs)", n)
	}
	newInformation("打印", "客户王芳的收据已打印", h.app.win).Show() // a screen's own dialog
	h.app.checkIdle()
	if n := len(h.app.win.Canvas().Overlays().List()); n != 0 || strings.Contains(screenTexts(h.app.win), "王芳") {
		t.Fatalf("a dialog opened after the lock stays over the lock screen (%d dialogs)", n)
	}
	h.typeInto(l.password, "chuangkou9")
	test.Tap(l.unlock)
	h.wait()
	ov := h.app.win.Canvas().Overlays().List()

	if len(ov) != 3 || h.app.approval != ap || ap.name.Text != "李主管" {
		t.Fatalf("after unlocking: %d dialogs, approval name %q", len(ov), ap.name.Text)
	}
}

// TestIdleLock_AnotherClerkAndBack: 换人登录 lets the supervisor log in on
// the locked PC with their own screen; when the clerk logs in again their
// kept work is back. A wrong password after 换人登录 changes nothing.
func TestIdleLock_AnotherClerkAndBack(t *testing.T) {
	h, f := clerkWithHalfTypedCustomer(t)
	clerkHome := h.app.home
	h.clock.Set(testDay.Add(5 * time.Minute))
	h.app.checkIdle()
	l := h.app.idle.screen
	if l == nil {
		t.Fatal("no lock")
	}
	test.Tap(l.switchTo)
	if !l.nameRow.Visible() {
		t.Fatal("换人登录 does not ask for a name")
	}
	h.typeInto(l.name, "李主管")
	h.typeInto(l.password, "wrong-pass1")
	test.Tap(l.unlock)
	h.wait()
	if h.app.idle.screen != l || l.message.Text != "用户名或密码不正确" {
		t.Fatalf("a wrong password after 换人登录: message %q", l.message.Text)
	}
	h.typeInto(l.password, "zhuguan123")
	test.Tap(l.unlock)
	h.wait()
	if h.app.idle.screen != nil || h.app.user == nil || h.app.user.Name != "李主管" {
		t.Fatal("the supervisor did not log in on the locked PC")
	}
	if h.app.home == clerkHome || strings.Contains(screenTexts(h.app.win), "王芳") {
		t.Fatal("the supervisor sees the clerk's work")
	}
	if m := misfits(h.app.win); len(m) != 0 {
		t.Errorf("the supervisor's screen does not fit 1280×720: %v", m)
	}

	// The supervisor logs out; the clerk logs in and finds the form.
	h.app.home.onLogout()
	h.logIn("张窗口", "chuangkou9")
	if h.app.home != clerkHome || h.app.home.customers.edit != f || f.name.Text != "王芳" || f.mobile.Text != "1381234" {
		t.Fatalf("the clerk's kept work did not come back: name %q", f.name.Text)
	}
	if h.app.user.Name != "张窗口" {
		t.Fatalf("logged in as %q", h.app.user.Name)
	}
	// Kept once: logging out and in again starts afresh.
	h.app.home.onLogout()
	h.logIn("张窗口", "chuangkou9")
	if h.app.home == clerkHome {
		t.Fatal("work kept aside came back a second time after a log-out")
	}
}

// TestIdleLock_LockedOutUser: wrong passwords on the lock screen count
// towards the lock-out like the log-in window's, and a locked user gets
// the lock-out message, not their screen.
func TestIdleLock_LockedOutUser(t *testing.T) {
	h, _ := clerkWithHalfTypedCustomer(t)
	h.clock.Set(testDay.Add(5 * time.Minute))
	h.app.checkIdle()
	l := h.app.idle.screen
	for i := 0; i < forms.MaxFailures; i++ {
		h.typeInto(l.password, "wrong-pass1")
		test.Tap(l.unlock)
		h.wait()
	}
	h.typeInto(l.password, "chuangkou9")
	test.Tap(l.unlock)
	h.wait()
	if h.app.idle.screen != l || !strings.Contains(l.message.Text, "锁定") {
		t.Fatalf("a locked-out user: unlocked %v, message %q", h.app.idle.screen == nil, l.message.Text)
	}
	if strings.Contains(screenTexts(h.app.win), "王芳") {
		t.Fatal("a locked-out user sees the customer")
	}
}

// TestIdleLock_SettingApplies: the supervisor sets 无操作自动锁屏 on the
// settings screen (default 5; 0 and 61 are refused with the field's message
// and nothing saved); the new value is used at once. The log-in window
// never locks.
func TestIdleLock_SettingApplies(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.app.checkIdle()
	h.clock.Set(testDay.Add(time.Hour))
	h.app.checkIdle()
	if h.app.idle.screen != nil {
		t.Fatal("the log-in window locked")
	}
	h.logIn("李主管", "zhuguan123")
	h.wait()
	s := h.app.home.settings
	if s.idleMinutes.Text != "5" || s.idleMinutes.Disabled() {
		t.Fatalf("the settings screen shows %q (disabled %v), want 5 to change", s.idleMinutes.Text, s.idleMinutes.Disabled())
	}
	for _, bad := range []string{"0", "61", "五"} {
		h.typeInto(s.idleMinutes, bad)
		test.Tap(s.save)
		h.wait()
		if got, _ := h.db.Setting(ctx, forms.SettingIdleLockMinutes); got != "5" || !strings.Contains(h.app.home.status.Text, "无操作自动锁屏（分钟）须为1到60之间的整数") {
			t.Fatalf("%q: stored %q, status %q", bad, got, h.app.home.status.Text)
		}
		h.app.win.Canvas().Overlays().Top().Hide()
	}
	// A good backup, so that the status line's idle text is the last one.
	if _, err := h.db.Backup(ctx, h.app.actor(), "manual"); err != nil {
		t.Fatal(err)
	}
	h.app.home.checkBackup()
	h.wait()
	if !strings.HasPrefix(h.app.home.status.Text, "最近一次完好的备份：") {
		t.Fatalf("after a backup the status line says %q", h.app.home.status.Text)
	}
	h.typeInto(s.idleMinutes, "２")
	test.Tap(s.save)
	h.wait()
	if got, _ := h.db.Setting(ctx, forms.SettingIdleLockMinutes); got != "2" || h.app.idleMinutes() != 2*time.Minute {
		t.Fatalf("stored %q, in use %v; want 2 minutes", got, h.app.idleMinutes())
	}
	// The save is confirmed where the clerk looks, and stays there (the
	// backup line overwrote it at once).
	if got := h.app.home.status.Text; got != "设置已保存" {
		t.Errorf("after 保存设置 the status line says %q", got)
	}
	h.app.checkIdle()
	h.clock.Set(testDay.Add(time.Hour + 2*time.Minute))
	h.app.checkIdle()
	if h.app.idle.screen == nil {
		t.Fatal("the 2-minute setting did not lock after 2 minutes")
	}
}

// TestIdleLock_SwitchUserBack: after 换人登录 (even with a name, a password
// and an error message typed and shown) 返回 goes back to the locked user's
// own unlock: the name row is hidden and empty, the password is empty and
// focused, the message is gone, 换人登录 is there again, and the locked
// user's password brings their half-typed form back. Before, 换人登录 only
// greyed out and there was no way back.
func TestIdleLock_SwitchUserBack(t *testing.T) {
	h, f := clerkWithHalfTypedCustomer(t)
	h.clock.Set(testDay.Add(5 * time.Minute))
	h.app.checkIdle()
	l := h.app.idle.screen
	if l == nil {
		t.Fatal("no lock")
	}
	test.Tap(l.switchTo)
	if l.back.Hidden || l.switchTo.Visible() {
		t.Fatal("换人登录 shows no 返回")
	}
	h.typeInto(l.name, "李主管")
	h.typeInto(l.password, "wrong-pass1")
	test.Tap(l.unlock)
	h.wait()
	if l.message.Text == "" {
		t.Fatal("a wrong password after 换人登录 shows no message")
	}
	h.typeInto(l.password, "zhuguan")
	shot(t, h, "idlelock-switching")
	if m := misfits(h.app.win); len(m) != 0 {
		t.Errorf("the lock screen after 换人登录 does not fit 1280×720: %v", m)
	}

	test.Tap(l.back)
	if h.app.idle.screen != l || l.switching {
		t.Fatal("返回 left the lock screen or stayed in 换人登录")
	}
	if l.nameRow.Visible() || l.name.Text != "" || l.password.Text != "" || l.message.Text != "" {
		t.Fatalf("返回 left something behind: name row shown %v, name %q, password %q, message %q",
			l.nameRow.Visible(), l.name.Text, l.password.Text, l.message.Text)
	}
	if !l.switchTo.Visible() || l.switchTo.Disabled() || l.back.Visible() || l.unlock.Disabled() || l.unlock.Text != "解锁" {
		t.Fatal("返回 did not bring back 解锁 and 换人登录")
	}
	if !strings.Contains(l.who.Text, "当前用户：张窗口") {
		t.Fatalf("the lock screen names %q", l.who.Text)
	}
	if h.app.win.Canvas().Focused() != l.password {
		t.Fatal("after 返回 the cursor is not in the password")
	}
	shot(t, h, "idlelock-back")
	if m := misfits(h.app.win); len(m) != 0 {
		t.Errorf("the lock screen after 返回 does not fit 1280×720: %v", m)
	}

	// The locked user's own password unlocks again, the supervisor's does not.
	h.typeInto(l.password, "zhuguan123")
	test.Tap(l.unlock)
	h.wait()
	if h.app.idle.screen != l {
		t.Fatal("after 返回 the supervisor's password unlocked the clerk's screen")
	}
	h.typeInto(l.password, "chuangkou9")
	test.Tap(l.unlock)
	h.wait()
	if h.app.idle.screen != nil || h.app.user.Name != "张窗口" || h.app.home.customers.edit != f || f.name.Text != "王芳" {
		t.Fatal("the clerk's password after 返回 did not bring the kept work back")
	}
}
