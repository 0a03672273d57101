// Package ui is Counter Desk's Fyne user interface: one file per screen,
// the theme with the bundled font, and the small interfaces (deps.go) the
// screens need from the store and the printer.
package ui

import (
	"context"
	"log"
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

	// The screens and dialogs on show, for tests.
	home     *home
	setup    *setupScreen
	login    *loginScreen
	approval *approval
	reason   *reasonForm

	restorer Restorer // nil: restore only from the command line
}

// SetRestorer lets a supervisor restore a backup from the settings screen.
func (u *App) SetRestorer(r Restorer) { u.restorer = r }

// reasonForm is the dialog that asks why (a void, a cancel, a forfeit).
type reasonForm struct {
	entry   *widget.Entry
	confirm *widget.Button
	dialog  dialog.Dialog
}

// askReason asks for the reason of an action and passes it on; an empty
// reason is refused by the domain with its own message.
func (u *App) askReason(title, label, placeholder, action string, then func(reason string)) {
	f := &reasonForm{entry: widget.NewEntry()}
	f.entry.SetPlaceHolder(placeholder)
	f.confirm = widget.NewButton(action, func() {
		f.dialog.Hide()
		then(f.entry.Text)
	})
	f.confirm.Importance = widget.HighImportance
	f.entry.OnSubmitted = func(string) { f.confirm.OnTapped() }
	cancel := widget.NewButton(T("返回"), func() { f.dialog.Hide() })
	form := widget.NewForm(widget.NewFormItem(label, f.entry))
	f.dialog = dialog.NewCustomWithoutButtons(title, container.NewVBox(form, container.NewHBox(f.confirm, cancel)), u.win)
	f.dialog.Resize(fyne.NewSize(480, 180))
	u.reason = f
	f.dialog.Show()
	u.win.Canvas().Focus(f.entry)
}

// New builds the UI. catalogue is the default catalogue copied into the
// store at set-up.
func New(a fyne.App, st Store, pr Printer, catalogue *forms.Catalogue) *App {
	a.Settings().SetTheme(Theme{})
	u := &App{fyne: a, store: st, printer: pr, catalogue: catalogue, now: time.Now}
	u.win = a.NewWindow(T("柜台通 Counter Desk"))
	u.win.Resize(fyne.NewSize(1200, 780))
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
	u.user = nil
	u.home = nil
	u.login = newLoginScreen(u)
	u.win.SetContent(u.login.content())
	u.win.Canvas().Focus(u.login.name)
}

func (u *App) showHome() {
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
// shown to the clerk instead of apply.
func (u *App) async(fetch func(ctx context.Context) error, apply func()) {
	if u.inline {
		if err := fetch(context.Background()); err != nil {
			u.showError(err)
		} else if apply != nil {
			apply()
		}
		return
	}
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		err := fetch(context.Background())
		u.do(func() {
			if err != nil {
				u.showError(err)
				return
			}
			if apply != nil {
				apply()
			}
		})
	}()
}

// do runs f on the UI goroutine, from a background goroutine.
func (u *App) do(f func()) {
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
	d := dialog.NewInformation(T("无法完成"), forms.ErrorMessage(err), u.win)
	d.Show()
	if u.home != nil {
		u.home.setStatus(forms.ErrorMessage(err))
	}
}

// Notice shows a message over the first screen, e.g. that the previous
// run crashed and where its report is.
func (u *App) Notice(title, msg string) {
	l := widget.NewLabel(msg)
	l.Wrapping = fyne.TextWrapBreak
	d := dialog.NewCustom(title, T("知道了"), l, u.win)
	d.Resize(fyne.NewSize(520, 220))
	d.Show()
}

func (u *App) info(title, msg string) {
	dialog.NewInformation(title, msg, u.win).Show()
}

// approval is the dialog in which a supervisor approves one action on a
// clerk's screen.
type approval struct {
	name, password *widget.Entry
	approve        *widget.Button
	dialog         dialog.Dialog
}

// withSupervisor runs action with an actor allowed to do a supervisor's
// action: a logged-in supervisor directly; a clerk after a supervisor
// types their name and password for this one action (the store checks
// them and records the action under the supervisor's name).
func (u *App) withSupervisor(what string, action func(a forms.Actor)) {
	if u.user.IsSupervisor() {
		action(u.actor())
		return
	}
	ap := &approval{name: widget.NewEntry(), password: widget.NewPasswordEntry()}
	form := widget.NewForm(
		widget.NewFormItem(T("主管姓名"), ap.name),
		widget.NewFormItem(T("主管密码"), ap.password),
	)
	ap.approve = widget.NewButton(T("批准"), func() {
		ap.dialog.Hide()
		a := u.actor()
		a.ApproverName, a.ApproverPassword = ap.name.Text, ap.password.Text
		action(a)
	})
	ap.approve.Importance = widget.HighImportance
	ap.password.OnSubmitted = func(string) { ap.approve.OnTapped() }
	cancel := widget.NewButton(T("取消"), func() { ap.dialog.Hide() })
	note := widget.NewLabel(Tf("“%s”须主管批准：请主管在此输入姓名和密码，本次操作将记在主管名下。", what))
	note.Wrapping = fyne.TextWrapBreak
	ap.dialog = dialog.NewCustomWithoutButtons(T("主管批准"), container.NewVBox(note, form, container.NewHBox(ap.approve, cancel)), u.win)
	ap.dialog.Resize(fyne.NewSize(440, 260))
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
