package ui

import (
	"context"
	"fmt"
	"reflect"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// idleCheckEvery is how often the running program looks for input and
// locks an idle screen (StartIdleLock); while locked, it is also how long a
// dialog that background work opens may show before it is put aside.
const idleCheckEvery = 2 * time.Second

// idleLock locks the window after the supervisor's idle minutes
// (forms.SettingIdleLockMinutes) without keyboard or mouse input. The
// screen on show is kept in memory as it is, half-typed entries and open
// dialogs included: the same user's password brings it back, or another
// clerk logs in and the first user's work is kept aside until they log in
// again on this PC.
type idleLock struct {
	// minutes is the setting as last read (0 until read: the default).
	minutes int
	// last is when input was last seen.
	last time.Time
	// fingerprint is what the focused widget looked like at the last check:
	// typing or clicking changes it, even where no event reaches the window.
	fingerprint string
	// input, when set, returns when the PC last had keyboard or mouse input
	// (Windows' GetLastInputInfo, set by cmd); the zero time if unknown.
	input func() time.Time
	// screen is the lock screen on show; nil while unlocked.
	screen *lockScreen
	// kept holds each user's work put aside, by user ID: the locked user's
	// while the screen is locked, and any user's another clerk took over
	// from.
	kept map[string]*session
}

// session is one user's work on this PC: the window's content, its open
// dialogs and focus, and the screens the App points at.
type session struct {
	user       *forms.User
	home       *home
	content    fyne.CanvasObject
	overlays   []fyne.CanvasObject
	focused    fyne.Focusable
	approval   *approval
	reason     *reasonForm
	hqKeyForm  *hqKeyForm
	rare       *rareWarning
	rareWarned map[string]map[rune]bool
}

// lockScreen is what a locked window shows: who it is locked for, their
// password, and 换人登录 for another clerk. It shows nothing of the
// customer or case that was on the screen.
type lockScreen struct {
	who      *widget.Label
	name     *widget.Entry // another clerk's name; hidden until 换人登录
	nameRow  *fyne.Container
	password *widget.Entry
	unlock   *widget.Button
	switchTo *widget.Button // 换人登录
	back     *widget.Button // 返回: from 换人登录 back to the locked user's unlock; hidden until then
	message  *wrappedText
	// box holds the rows above: laid out again when a row or button shows or hides.
	box *fyne.Container
	// switching is set after 换人登录: the password is the other clerk's.
	switching bool
}

// SetInputClock makes the idle lock ask the PC when it last had keyboard
// or mouse input (on Windows, input anywhere in the session); f returns the
// zero time when it cannot tell.
func (u *App) SetInputClock(f func() time.Time) { u.idle.input = f }

// StartIdleLock checks for input every few seconds for as long as the
// program runs and locks the screen when the idle minutes have passed. The
// window's own key events count as input too.
func (u *App) StartIdleLock() {
	if dc, ok := u.win.Canvas().(desktop.Canvas); ok {
		dc.SetOnKeyDown(func(*fyne.KeyEvent) { u.touched() })
	}
	u.win.Canvas().SetOnTypedRune(func(rune) { u.touched() })
	go func() {
		t := time.NewTicker(idleCheckEvery)
		defer t.Stop()
		for range t.C {
			fyne.Do(u.checkIdle)
		}
	}()
}

// touched records input seen now.
func (u *App) touched() { u.idle.last = u.now() }

// idleMinutes is how long the screen may stay without input.
func (u *App) idleMinutes() time.Duration {
	m := u.idle.minutes
	if m < forms.MinIdleLockMinutes || m > forms.MaxIdleLockMinutes {
		m, _ = forms.ParseIdleLockMinutes(forms.SettingDefaults[forms.SettingIdleLockMinutes])
	}
	return time.Duration(m) * time.Minute
}

// loadIdleMinutes reads the idle lock setting, after a log-in and after the
// settings are saved; until it is read the default applies.
func (u *App) loadIdleMinutes() {
	var v string
	st := u.store
	u.run(func(ctx context.Context) error {
		var err error
		v, err = st.Setting(ctx, forms.SettingIdleLockMinutes)
		return err
	}, func(err error) {
		if err != nil {
			return // the default stays; the settings screen shows the error
		}
		if n, err := forms.ParseIdleLockMinutes(v); err == nil {
			u.idle.minutes = n
		}
	})
}

// checkIdle looks for input since the last check and locks the screen when
// a user is logged in and the idle minutes have passed without any. It
// runs on the UI goroutine.
func (u *App) checkIdle() {
	now := u.now()
	if u.idle.last.IsZero() {
		u.idle.last = now
	}
	if fp := u.focusFingerprint(); fp != u.idle.fingerprint {
		u.idle.fingerprint = fp
		u.idle.last = now
	}
	if u.idle.input != nil {
		if t := u.idle.input(); t.After(u.idle.last) {
			u.idle.last = t
		}
	}
	if u.user == nil {
		return
	}
	if u.idle.screen != nil {
		u.keepLateDialogs()
		return
	}
	if now.Sub(u.idle.last) >= u.idleMinutes() {
		u.lock()
	}
}

// focusFingerprint describes the focused widget and, for an entry, its text
// and cursor: typing or clicking into another field changes it.
func (u *App) focusFingerprint() string {
	f := u.win.Canvas().Focused()
	if f == nil {
		return "-" + strconv.Itoa(len(u.win.Canvas().Overlays().List()))
	}
	fp := fmt.Sprintf("%p/%d", f, len(u.win.Canvas().Overlays().List()))
	v := reflect.ValueOf(f)
	if v.Kind() == reflect.Pointer && v.Elem().Kind() == reflect.Struct {
		e := v.Elem()
		for _, name := range []string{"Text", "CursorRow", "CursorColumn"} {
			if x := e.FieldByName(name); x.IsValid() {
				fp += fmt.Sprintf("/%v", x.Interface())
			}
		}
	}
	return fp
}

// keepLateDialogs puts a dialog that background work of the locked user
// opened after the lock (an error, a finished print) aside with their
// work: nothing of it shows over the lock screen.
func (u *App) keepLateDialogs() {
	s := u.idle.kept[u.user.ID]
	if s == nil {
		return
	}
	c := u.win.Canvas()
	// List is the stack's own slice, which Remove clears: copy it first.
	late := append([]fyne.CanvasObject(nil), c.Overlays().List()...)
	for i := len(late) - 1; i >= 0; i-- {
		c.Overlays().Remove(late[i])
	}
	s.overlays = append(s.overlays, late...)
}

// stash takes the window's content, dialogs and focus off the canvas and
// returns them with the App's screens as the current user's session.
func (u *App) stash() *session {
	c := u.win.Canvas()
	s := &session{user: u.user, home: u.home, content: c.Content(), focused: c.Focused(),
		approval: u.approval, reason: u.reason, hqKeyForm: u.hqKeyForm, rare: u.rare, rareWarned: u.rareWarned}
	s.overlays = append(s.overlays, c.Overlays().List()...)
	for i := len(s.overlays) - 1; i >= 0; i-- {
		c.Overlays().Remove(s.overlays[i])
	}
	return s
}

// resume puts a kept session back on the window exactly as it was.
func (u *App) resume(s *session) {
	u.idle.screen = nil
	u.user, u.home = s.user, s.home
	u.approval, u.reason, u.hqKeyForm, u.rare, u.rareWarned = s.approval, s.reason, s.hqKeyForm, s.rare, s.rareWarned
	u.login = nil
	c := u.win.Canvas()
	u.win.SetContent(s.content)
	for _, o := range s.overlays {
		c.Overlays().Add(o)
	}
	if s.focused != nil {
		c.Focus(s.focused)
	}
	u.touched()
	u.loadIdleMinutes()
}

// lock shows the lock screen over the logged-in user's work, which is kept
// as it is.
func (u *App) lock() {
	if u.user == nil || u.idle.screen != nil {
		return
	}
	if u.idle.kept == nil {
		u.idle.kept = map[string]*session{}
	}
	u.idle.kept[u.user.ID] = u.stash()
	l := &lockScreen{
		who:      widget.NewLabel(u.lockedText()),
		name:     widget.NewEntry(),
		password: widget.NewPasswordEntry(),
		message:  newWrappedText(""),
	}
	l.who.Wrapping = fyne.TextWrapWord
	l.message.Importance = widget.DangerImportance
	acceptCodePoints(l.name)
	l.unlock = widget.NewButton(T("解锁"), func() { u.onUnlock() })
	l.unlock.Importance = widget.HighImportance
	l.switchTo = widget.NewButton(T("换人登录"), func() { u.onSwitchUser() })
	l.back = widget.NewButton(T("返回"), func() { u.onSwitchBack() })
	l.back.Hide()
	l.password.OnSubmitted = func(string) { u.onUnlock() }
	l.name.OnSubmitted = func(string) { u.win.Canvas().Focus(l.password) }
	l.nameRow = container.NewBorder(nil, nil, widget.NewLabel(T("姓名")), nil, l.name)
	l.nameRow.Hide()
	pwRow := container.NewBorder(nil, nil, widget.NewLabel(T("密码")), nil, l.password)
	l.box = container.NewVBox(heading(T("屏幕已锁定")), l.who, l.nameRow, pwRow, l.message, container.NewHBox(l.unlock, l.switchTo, l.back))
	u.idle.screen = l
	u.approval, u.reason, u.hqKeyForm, u.rare = nil, nil, nil, nil
	u.win.SetContent(container.NewCenter(container.NewGridWrap(fyne.NewSize(560, 300), l.box)))
	u.win.Canvas().Focus(l.password)
}

// onSwitchUser asks for another clerk's name and password.
func (u *App) onSwitchUser() {
	l := u.idle.screen
	if l == nil {
		return
	}
	l.switching = true
	l.nameRow.Show()
	l.name.SetText("")
	l.password.SetText("")
	l.message.SetText("")
	l.who.SetText(Tf("换人登录：请输入您的姓名和密码。%s的工作会保留，下次在本机登录时继续。", u.lockedUser().Name))
	l.switchTo.Hide()
	l.back.Show()
	l.unlock.SetText(T("登录"))
	l.box.Refresh()
	u.win.Canvas().Focus(l.name)
}

// onSwitchBack leaves 换人登录 for the locked user's own unlock: the other
// clerk's name and password and any message are cleared, and the cursor is
// in the password.
func (u *App) onSwitchBack() {
	l := u.idle.screen
	if l == nil {
		return
	}
	l.switching = false
	l.name.SetText("")
	l.nameRow.Hide()
	l.password.SetText("")
	l.message.SetText("")
	l.who.SetText(u.lockedText())
	l.back.Hide()
	l.switchTo.Show()
	l.unlock.SetText(T("解锁"))
	l.box.Refresh()
	u.win.Canvas().Focus(l.password)
}

// lockedUser is the user the screen is locked for.
func (u *App) lockedUser() *forms.User { return u.user }

// lockedText is what the lock screen says above the locked user's
// password: how long there was no input and who it is locked for.
func (u *App) lockedText() string {
	return Tf("%d分钟无操作，已锁定。当前用户：%s。请输入密码解锁，或换人登录。", int(u.idleMinutes()/time.Minute), u.lockedUser().Name)
}

// onUnlock checks the password typed on the lock screen with the store's
// Login (wrong tries count towards the lock-out): the locked user's own
// password brings their work back; after 换人登录 another clerk logs in
// and the locked user's work stays kept.
func (u *App) onUnlock() {
	l := u.idle.screen
	if l == nil {
		return
	}
	name := u.user.Name
	if l.switching {
		name = forms.DecodeCodePoints(l.name.Text)
		if forms.RuleUserName.Clean(name) == "" {
			l.message.SetText(T("请输入您的姓名"))
			u.win.Canvas().Focus(l.name)
			return
		}
	}
	pw := l.password.Text
	if pw == "" {
		l.message.SetText(T("请输入密码"))
		u.win.Canvas().Focus(l.password)
		return
	}
	l.message.SetText("")
	l.unlock.Disable()
	l.back.Disable() // the answer is for the name typed now
	st := u.store
	var user *forms.User
	u.run(func(ctx context.Context) error {
		var err error
		user, err = st.Login(ctx, name, pw)
		return err
	}, func(err error) {
		if u.idle.screen != l {
			return
		}
		u.keepLateDialogs()
		l.unlock.Enable()
		l.back.Enable()
		if err != nil {
			l.password.SetText("")
			msg := forms.ErrorMessage(err)
			if !l.switching && forms.ErrorCode(err) == forms.EUNAUTHORIZED {
				// Login's answer names both name and password, as a
				// log-in must; here the name is the locked user's own.
				msg = T("密码不正确，请重新输入。")
			}
			l.message.SetText(msg)
			u.win.Canvas().Focus(l.password)
			return
		}
		u.enter(user, pw)
	})
}

// enter leaves the lock screen as user: their kept work if they have any on
// this PC (showHome resumes it), else a new main screen (or the password
// change a temporary password asks for).
func (u *App) enter(user *forms.User, pw string) {
	u.idle.screen = nil
	u.user = user
	u.home = nil
	u.touched()
	if user.MustChange {
		u.login = newLoginScreen(u)
		u.login.askNewPassword(pw)
		return
	}
	u.showHome()
}

// resumeKept shows the logged-in user's kept work, if another clerk took
// the PC over from them, and reports whether it did.
func (u *App) resumeKept() bool {
	if u.user == nil {
		return false
	}
	s := u.idle.kept[u.user.ID]
	if s == nil {
		return false
	}
	delete(u.idle.kept, u.user.ID)
	s.user = u.user
	u.resume(s)
	return true
}
