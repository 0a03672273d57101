// Package ui is Counter Desk's Fyne user interface: one file per screen,
// the theme with the bundled font, and the small interfaces (deps.go) the
// screens need from the store and the printer.
package ui

import (
	"context"
	"log"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// App is the running program's UI: one window whose content is the set-up,
// log-in or main screen.
type App struct {
	fyne      fyne.App
	win       fyne.Window
	store     Store
	printer   Printer
	catalogue *forms.Catalogue
	now       func() time.Time

	station *forms.Station
	user    *forms.User

	// bg counts work running off the UI goroutine, so tests can wait for
	// it; the screens never block on it.
	bg sync.WaitGroup
	// doMu keeps changes made from background goroutines one at a time.
	// The real driver runs fyne.Do on the UI goroutine anyway; Fyne's test
	// driver runs it on the calling goroutine, where two applies could
	// otherwise touch widgets at once.
	doMu sync.Mutex
	// inline runs background work on the calling goroutine, for tests:
	// Fyne's test driver has no event loop, so a widget's own refresh after
	// a callback would otherwise run alongside the apply it started.
	inline bool
	// post, when set, hands what background work applies to the UI
	// goroutine instead of fyne.Do: tests that run the fetch halves on real
	// goroutines queue it for the test goroutine, as the real driver queues
	// it for its event loop.
	post func(func())

	// The screens and dialogs on show, for tests.
	home     *home
	setup    *setupScreen
	login    *loginScreen
	approval *approval
	reason   *reasonForm
	// hqKeyForm is 导入总部公钥 (hqkey.go).
	hqKeyForm *hqKeyForm
	// rare is the warning of characters no bundled font has (rarechars.go).
	rare *rareWarning
	// rareWarned holds, per case ID, the characters no bundled font has
	// that the clerk was warned about for the case and went on, in this
	// session (rarechars.go): the case's next number is not warned again
	// for them.
	rareWarned map[string]map[rune]bool

	// idle locks the screen after the idle minutes (idlelock.go).
	idle idleLock

	restorer Restorer // nil: restore only from the command line
	// drives lists the removable drives an export can go to (SetDrives,
	// drives.go); nil offers only a folder.
	drives func() []Drive
}

// SetRestorer lets a supervisor restore a backup from the settings screen.
func (u *App) SetRestorer(r Restorer) { u.restorer = r }

// reasonForm is the dialog that asks why (a void, a cancel, a forfeit).
type reasonForm struct {
	entry   *widget.Entry
	message *widget.Label // what the check refused, in the dialog
	confirm *widget.Button
	dialog  dialog.Dialog
}

// askReason asks for the reason of an action and passes it on. The
// reason's forms rule (forms.RuleVoidReason, RuleCancelReason, …) names
// the field and is applied, then check (nil: nothing more) runs the
// action's own rules, before anything else happens: a refused reason keeps
// the dialog open with its text and the rule's message, so no supervisor
// is called over for an action that cannot succeed.
func (u *App) askReason(title string, rule forms.Field, placeholder, action string, check func(reason string) error, then func(reason string)) {
	f := &reasonForm{entry: widget.NewMultiLineEntry(), message: widget.NewLabel("")}
	f.entry.SetPlaceHolder(placeholder)
	f.entry.Wrapping = fyne.TextWrapWord
	f.entry.SetMinRowsVisible(2)
	f.message.Wrapping = fyne.TextWrapWord
	f.message.Importance = widget.DangerImportance
	f.confirm = widget.NewButton(action, func() {
		reason, err := rule.Check(f.entry.Text)
		if err == nil && check != nil {
			err = check(reason)
		}
		if err != nil {
			f.message.SetText(forms.ErrorMessage(err))
			u.win.Canvas().Focus(f.entry)
			return
		}
		f.dialog.Hide()
		then(reason)
	})
	f.confirm.Importance = widget.HighImportance
	cancel := widget.NewButton(T("返回"), func() { f.dialog.Hide() })
	form := widget.NewForm(widget.NewFormItem(T(rule.Name), f.entry))
	f.dialog = dialog.NewCustomWithoutButtons(title, container.NewVBox(form, f.message, container.NewHBox(f.confirm, cancel)), u.win)
	f.dialog.Resize(fyne.NewSize(560, 260))
	u.reason = f
	f.dialog.Show()
	u.win.Canvas().Focus(f.entry)
}

// initialWindowSize is the window's size at start: on a 1280×720 screen
// the window with its title bar (~30 px) must leave the Windows taskbar
// (40–48 px) free. 1200×780 ran 60 px off such a screen, and the status
// line and the bottom buttons with it.
var initialWindowSize = fyne.NewSize(1200, 640)

// New builds the UI. catalogue is the default catalogue copied into the
// store at set-up.
func New(a fyne.App, st Store, pr Printer, catalogue *forms.Catalogue) *App {
	a.Settings().SetTheme(Theme{})
	u := &App{fyne: a, store: st, printer: pr, catalogue: catalogue, now: time.Now}
	u.win = a.NewWindow(T("柜台通 Counter Desk"))
	u.win.Resize(initialWindowSize)
	return u
}

// Window returns the main window.
func (u *App) Window() fyne.Window { return u.win }

// Start shows the set-up screen on a new station, else the log-in screen.
func (u *App) Start() {
	st, err := u.store.Station(context.Background())
	switch {
	case forms.ErrorCode(err) == forms.ENOTFOUND:
		u.setup = newSetupScreen(u)
		u.win.SetContent(u.setup.content())
	case err != nil:
		u.win.SetContent(widget.NewLabel(forms.ErrorMessage(err)))
		log.Printf("station: %v", err)
	default:
		u.station = st
		u.win.SetTitle(Tf("柜台通 — %s %s", st.BranchName, st.Code()))
		u.showLogin()
	}
}

func (u *App) showLogin() {
	u.idle.screen = nil
	u.user = nil
	u.home = nil
	u.login = newLoginScreen(u)
	u.win.SetContent(u.login.content())
	u.win.Canvas().Focus(u.login.name)
}

func (u *App) showHome() {
	// A user whose work another clerk took over from (the idle lock's
	// 换人登录) finds it as they left it.
	if u.resumeKept() {
		return
	}
	u.touched()
	u.loadIdleMinutes()
	u.home = newHome(u)
	u.win.SetContent(u.home.content())
	// A USB ID-card reader types into whatever has focus: the search.
	u.win.Canvas().Focus(u.home.customers.search)
}

// actor is the logged-in user as a store actor.
func (u *App) actor() forms.Actor {
	if u.user == nil {
		return forms.Actor{}
	}
	return forms.Actor{UserID: u.user.ID}
}

// async runs fetch off the UI goroutine and then apply on it; an error is
// shown to the clerk instead of apply. fetch must not read a widget or a
// map the screen keeps changing: copy what it needs first.
func (u *App) async(fetch func(ctx context.Context) error, apply func()) {
	u.run(fetch, func(err error) {
		if err != nil {
			u.showError(err)
		} else if apply != nil {
			apply()
		}
	})
}

// run runs fetch off the UI goroutine and then done on it with fetch's
// error, for a caller that shows the error itself (e.g. in its dialog).
func (u *App) run(fetch func(ctx context.Context) error, done func(err error)) {
	if u.inline {
		done(fetch(context.Background()))
		return
	}
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		err := fetch(context.Background())
		u.do(func() { done(err) })
	}()
}

// runInDialog runs a dialog's action off the UI goroutine with its button
// disabled meanwhile. A refusal stays in the dialog's message, with what
// was typed; only a success hides the dialog and calls done. message is a
// widget.Label or a wrappedText.
func (u *App) runInDialog(btn *widget.Button, message interface{ SetText(string) }, d dialog.Dialog, action func(ctx context.Context) error, done func()) {
	btn.Disable()
	u.run(action, func(err error) {
		btn.Enable()
		if err != nil {
			message.SetText(forms.ErrorMessage(err))
			return
		}
		d.Hide()
		if done != nil {
			done()
		}
	})
}

// do runs f on the UI goroutine, from a background goroutine.
func (u *App) do(f func()) {
	if u.post != nil {
		u.post(f)
		return
	}
	u.doMu.Lock()
	defer u.doMu.Unlock()
	fyne.Do(f)
}

// Wait blocks until background work started by the screens is done; for
// tests.
func (u *App) Wait() { u.bg.Wait() }

// showError tells the clerk what went wrong in their language; anything
// that is not a domain error goes to the log with its detail.
func (u *App) showError(err error) {
	if err == nil {
		return
	}
	if forms.ErrorCode(err) == forms.EINTERNAL {
		log.Printf("error: %v", err)
	}
	u.info(T("无法完成"), forms.ErrorMessage(err))
	if u.home != nil {
		u.home.setError(forms.ErrorMessage(err))
	}
}

// Notice shows a message over the first screen, e.g. that the previous
// run crashed and where its report is.
func (u *App) Notice(title, msg string) {
	body := newMessageBody(msg)
	dialog.NewCustom(title, T("知道了"), body, u.win).Show()
}

// info shows a message (title, text and 确定), wrapped by 禁则.
func (u *App) info(title, msg string) {
	newInformation(title, msg, u.win).Show()
	if u.idle.screen != nil {
		u.keepLateDialogs() // not over the lock screen (idlelock.go)
	}
}

// approval is the dialog in which a supervisor approves one action on a
// clerk's screen.
type approval struct {
	name, password *widget.Entry
	message        *wrappedText // why the last try was refused, wrapped by 禁则 at the dialog's width
	approve        *widget.Button
	dialog         dialog.Dialog
}

// say shows why the last try was refused (or clears it) and lays the
// dialog out again, so a message of more lines pushes the buttons down
// instead of running under them.
func (ap *approval) say(text string) {
	ap.message.SetText(text)
	if ap.dialog != nil {
		ap.dialog.Resize(approvalSize)
	}
}

// approvalSize is the approval dialog's size; it grows to what its content
// needs.
var approvalSize = fyne.NewSize(520, 300)

// withSupervisor runs action with an actor allowed to do a supervisor's
// action: a logged-in supervisor directly; a clerk after a supervisor
// types their name and password for this one action (the store checks
// them and records the action under the supervisor's name). action runs
// off the UI goroutine (it must not read widgets) and apply on it after a
// success. Check everything the clerk entered before calling it. An
// error from action (a wrong password, a rule) keeps the approval dialog
// open with what was typed and says why; only a success closes it.
func (u *App) withSupervisor(what string, action func(ctx context.Context, a forms.Actor) error, apply func()) {
	if u.user.IsSupervisor() {
		a := u.actor()
		u.async(func(ctx context.Context) error { return action(ctx, a) }, apply)
		return
	}
	ap := &approval{name: widget.NewEntry(), password: widget.NewPasswordEntry(), message: newWrappedText("")}
	acceptCodePoints(ap.name)
	ap.message.Importance = widget.DangerImportance
	form := widget.NewForm(
		widget.NewFormItem(T("主管姓名"), ap.name),
		widget.NewFormItem(T("主管密码"), ap.password),
	)
	ap.approve = widget.NewButton(T("批准"), func() {
		a := u.actor()
		a.ApproverName, a.ApproverPassword = forms.DecodeCodePoints(ap.name.Text), ap.password.Text
		switch {
		case strings.TrimSpace(a.ApproverName) == "":
			ap.say(T("请主管输入姓名"))
			u.win.Canvas().Focus(ap.name)
			return
		case a.ApproverPassword == "":
			ap.say(T("请主管输入密码"))
			u.win.Canvas().Focus(ap.password)
			return
		}
		ap.say("")
		ap.approve.Disable()
		u.run(func(ctx context.Context) error { return action(ctx, a) }, func(err error) {
			ap.approve.Enable()
			if err != nil {
				if forms.ErrorCode(err) == forms.EINTERNAL {
					log.Printf("error: %v", err)
				}
				ap.say(forms.ErrorMessage(err))
				if c := forms.ErrorCode(err); c == forms.EUNAUTHORIZED || c == forms.EFORBIDDEN {
					u.win.Canvas().Focus(ap.password)
				}
				return
			}
			ap.dialog.Hide()
			if apply != nil {
				apply()
			}
		})
	})
	ap.approve.Importance = widget.HighImportance
	ap.password.OnSubmitted = func(string) { ap.approve.OnTapped() }
	ap.name.OnSubmitted = func(string) { u.win.Canvas().Focus(ap.password) }
	cancel := widget.NewButton(T("取消"), func() { ap.dialog.Hide() })
	note := newMessageBody(Tf("“%s”须主管批准：请主管在此输入姓名和密码，本次操作将记在主管名下。", what))
	// The refusal is wrapped by 禁则 at the dialog's full width, as a
	// message dialog's text: a lock-out's two sentences take two or three
	// lines, and "15 分钟" is never cut in two.
	message := &fyne.Container{Layout: messageBox{width: messageMaxWidth}, Objects: []fyne.CanvasObject{ap.message}}
	ap.dialog = dialog.NewCustomWithoutButtons(T("主管批准"), container.NewVBox(note, form, message, container.NewHBox(ap.approve, cancel)), u.win)
	ap.dialog.Resize(approvalSize)
	u.approval = ap
	ap.dialog.Show()
	u.win.Canvas().Focus(ap.name)
}

// heading is a section title in the theme's heading size: the bundled font
// has no bold face, so size carries the emphasis.
func heading(s string) *widget.RichText {
	return widget.NewRichText(&widget.TextSegment{Text: s, Style: widget.RichTextStyleSubHeading})
}

// padded wraps content in a padded container.
func padded(o fyne.CanvasObject) fyne.CanvasObject { return container.NewPadded(o) }
