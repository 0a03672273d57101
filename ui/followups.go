package ui

import (
	"context"
	"log"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// followUpStore is what the follow-up calls (回访) need from the
// station's database.
type followUpStore interface {
	// FollowUps returns the follow-ups the actor may read (a supervisor
	// all, a clerk those assigned to them), as list rows.
	FollowUps(ctx context.Context, a forms.Actor, q forms.FollowUpQuery) ([]forms.FollowUp, error)
	// OpenFollowUp returns the whole record to those allowed, and
	// audits the view.
	OpenFollowUp(ctx context.Context, a forms.Actor, id string) (*forms.FollowUp, error)
	// AssignFollowUp makes callerID the caller (a supervisor).
	AssignFollowUp(ctx context.Context, a forms.Actor, id, callerID string) (*forms.FollowUp, error)
	// RecordFollowUpAttempt records a try that did not complete the
	// call: not answered (the third makes it 无法联系), or not convenient
	// with a call-back time.
	RecordFollowUpAttempt(ctx context.Context, a forms.Actor, id string, at forms.FollowUpAttempt) (*forms.FollowUp, error)
	// CompleteFollowUp records the call's answers and score; a new
	// problem opens a complaint owned by the caller, returned.
	CompleteFollowUp(ctx context.Context, a forms.Actor, id string, r forms.FollowUpResult) (*forms.FollowUp, *forms.Complaint, error)
	// FollowUpScript returns the call's script (the seed's until a
	// supervisor saves one); SetFollowUpScript saves it (a supervisor).
	FollowUpScript(ctx context.Context) (forms.FollowUpScript, error)
	SetFollowUpScript(ctx context.Context, a forms.Actor, s forms.FollowUpScript) error
	// Users lists the station's users, for choosing a caller.
	Users(ctx context.Context) ([]forms.User, error)
	followUpSampleStore // 抽样回访 (followupsample.go)
}

// followUpScreen is the 回访 list: the calls the user may read (a
// supervisor every one, a clerk those assigned to them), those still to
// be made first, overdue ones at the top, then by due time. 开始回访 opens
// the call (followupcall.go; the store audits each opening); a supervisor
// also assigns a caller and edits the script.
type followUpScreen struct {
	app  *App
	st   followUpStore
	root fyne.CanvasObject

	openOnly *widget.Check
	message  *wrappedText
	list     *widget.List
	callBtn  *widget.Button
	// noCaller says beside 开始回访 why it is off: the selected call has
	// no caller yet (issue 18b B2: the whole call could be filled in and
	// then refused).
	noCaller  *widget.Label
	assignBtn *widget.Button // supervisors only
	scriptBtn *widget.Button // supervisors only

	rows     []forms.FollowUp
	selected int // index into rows, or -1
	seq      int

	// call is the call dialog on show and scriptEditor the script
	// editor, for tests.
	call         *followUpCall
	scriptEditor dialog.Dialog
	// assigned is the caller just chosen in 指定回访人, for the status
	// line once the store took it.
	assigned string
	// sample is the 抽样回访 dialog on show (followupsample.go).
	sample *followUpSampleForm
}

func newFollowUpScreen(u *App) *followUpScreen {
	s := &followUpScreen{app: u, selected: -1}
	s.st = u.store
	s.message = newWrappedText("")
	s.message.Hide()
	s.openOnly = widget.NewCheck(T("只看待回访"), func(bool) { s.refresh() })
	s.openOnly.Checked = true
	s.list = widget.NewList(func() int { return len(s.rows) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(s.rows) {
				l := o.(*widget.Label)
				l.SetText(s.rowText(&s.rows[id]))
			}
		})
	s.list.OnSelected = func(id widget.ListItemID) { s.selected = id; s.enable() }
	s.list.OnUnselected = func(widget.ListItemID) { s.selected = -1; s.enable() }
	s.callBtn = widget.NewButton(T("开始回访"), s.onCall)
	s.callBtn.Importance = widget.HighImportance
	s.noCaller = widget.NewLabel("")
	s.noCaller.Importance = widget.WarningImportance
	s.noCaller.Hide()
	buttons := container.NewHBox(widget.NewButton(T("刷新"), s.refresh))
	if u.user != nil && u.user.IsSupervisor() {
		s.assignBtn = widget.NewButton(T("指定回访人"), s.onAssign)
		s.scriptBtn = widget.NewButton(T("编辑回访话术"), s.onScript)
		buttons.Add(s.scriptBtn)
		buttons.Add(s.assignBtn)
	}
	// The sample is a supervisor's setting: a clerk saves it with a
	// supervisor's approval, like other settings.
	buttons.Add(widget.NewButton(T("抽样回访…"), s.onSample))
	buttons.Add(s.noCaller)
	buttons.Add(s.callBtn)
	hint := widget.NewLabel(T("回访须在投诉办结或客户评价后72小时内完成；回访记录只有主管和回访人可以查看，每次查看都记入审计日志。"))
	hint.Wrapping = fyne.TextWrapWord
	top := container.NewVBox(container.NewBorder(nil, nil, s.openOnly, buttons), hint, s.message)
	s.root = container.NewBorder(top, nil, nil, nil, s.list)
	s.enable()
	return s
}

// content returns the screen; refresh reads the list.
func (s *followUpScreen) content() fyne.CanvasObject { return s.root }

// enable enables the buttons that need a selected row.
func (s *followUpScreen) enable() {
	ok := s.selected >= 0 && s.selected < len(s.rows)
	for _, b := range []*widget.Button{s.callBtn, s.assignBtn} {
		if b == nil {
			continue
		}
		if ok {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	if ok && s.assignBtn != nil && s.rows[s.selected].Finished() {
		s.assignBtn.Disable()
	}
	if ok && s.rows[s.selected].Finished() {
		s.callBtn.SetText(T("查看回访记录"))
	} else {
		s.callBtn.SetText(T("开始回访"))
	}
	if ok && !s.rows[s.selected].Finished() && s.rows[s.selected].CallerID == "" {
		s.callBtn.Disable()
		if s.assignBtn != nil {
			s.noCaller.SetText(T("未指定回访人，请先指定"))
		} else {
			s.noCaller.SetText(T("未指定回访人，请主管指定"))
		}
		s.noCaller.Show()
	} else {
		s.noCaller.Hide()
	}
}

// rowText is one row of the list: state (逾期 first), due time, whom to
// call, why, and who calls.
func (s *followUpScreen) rowText(f *forms.FollowUp) string {
	now := s.app.now()
	state := T(f.State.Label())
	switch {
	case !f.Finished() && f.Overdue(now):
		state = T("已逾期")
	case !f.Finished() && f.NearDue(now):
		state = T("即将到期")
	}
	caller := f.CallerName
	if caller == "" {
		caller = T("未指定")
	}
	who := f.CustomerName
	if who == "" {
		// The call does not know the complaint's channel: 匿名, not
		// 匿名来电 (issue 18b C4: a letter is no call).
		who = T("（匿名）")
	}
	return Tf("【%s】%s · %s %s · %s · 回访人：%s · 已打 %d 次", state, followUpDueText(f),
		who, f.Phone, T(f.Source.Label()), caller, f.Tries())
}

// refresh reads the list off the UI goroutine.
func (s *followUpScreen) refresh() {
	s.seq++
	seq := s.seq
	a := s.app.actor()
	q := forms.FollowUpQuery{OpenOnly: s.openOnly.Checked}
	var rows []forms.FollowUp
	s.app.run(func(ctx context.Context) error {
		var err error
		rows, err = s.st.FollowUps(ctx, a, q)
		return err
	}, func(err error) {
		if seq != s.seq {
			return
		}
		if err != nil {
			if forms.ErrorCode(err) == forms.EINTERNAL {
				log.Printf("follow-ups: %v", err)
			}
			s.message.SetText(forms.ErrorMessage(err))
			s.message.Show()
			return
		}
		s.message.Hide()
		now := s.app.now()
		slices.SortStableFunc(rows, func(a, b forms.FollowUp) int {
			if a.Finished() != b.Finished() {
				if a.Finished() {
					return 1
				}
				return -1
			}
			if ao, bo := a.Overdue(now), b.Overdue(now); ao != bo {
				if ao {
					return -1
				}
				return 1
			}
			return a.DueAt.Compare(b.DueAt)
		})
		s.rows = rows
		s.selected = -1
		s.list.UnselectAll()
		s.list.Refresh()
		if len(rows) == 0 {
			s.message.SetText(T("没有要您回访的记录。"))
			s.message.Show()
		}
		s.enable()
	})
}

// onCall opens the selected follow-up (audited by the store) and shows
// the call.
func (s *followUpScreen) onCall() {
	if s.selected < 0 || s.selected >= len(s.rows) {
		return
	}
	s.open(s.rows[s.selected].ID, nil)
}

// open reads the follow-up id (the store refuses anyone but a supervisor
// and its caller, and audits the reading) and shows the call; shown, when
// not nil, runs first on success (the reminders list brings the 回访 tab
// forward).
func (s *followUpScreen) open(id string, shown func()) {
	a := s.app.actor()
	var f *forms.FollowUp
	var script forms.FollowUpScript
	s.app.run(func(ctx context.Context) error {
		var err error
		if f, err = s.st.OpenFollowUp(ctx, a, id); err != nil {
			return err
		}
		script, err = s.st.FollowUpScript(ctx)
		return err
	}, func(err error) {
		if err != nil {
			s.app.showError(err)
			return
		}
		if shown != nil {
			shown()
		}
		s.call = newFollowUpCall(s, f, script)
	})
}

// openFollowUp opens the follow-up id's call on the 回访 tab (a line of
// the reminders list), for a user allowed to read it; anyone else is
// told who may, and stays where they are.
func (h *home) openFollowUp(id string) {
	h.followUps.open(id, func() {
		for _, it := range h.tabs.Items {
			if it.Content == h.followUps.root {
				h.tabs.Select(it)
			}
		}
	})
}

// onAssign lets a supervisor choose the caller of the selected follow-up
// among the active users.
func (s *followUpScreen) onAssign() {
	if s.selected < 0 || s.selected >= len(s.rows) {
		return
	}
	f := s.rows[s.selected]
	var users []forms.User
	s.app.run(func(ctx context.Context) error {
		var err error
		users, err = s.st.Users(ctx)
		return err
	}, func(err error) {
		if err != nil {
			s.app.showError(err)
			return
		}
		var names []string
		var ids []string
		for _, u := range users {
			if !u.Disabled {
				names = append(names, u.Name)
				ids = append(ids, u.ID)
			}
		}
		pick := widget.NewSelect(names, nil)
		pick.PlaceHolder = T("请选择回访人")
		if i := slices.Index(ids, f.CallerID); i >= 0 {
			pick.SetSelectedIndex(i)
		}
		d := dialog.NewCustomConfirm(T("指定回访人"), T("指定"), T("取消"),
			container.NewVBox(widget.NewLabel(Tf("回访 %s（%s）由谁打电话：", f.CustomerName, T(f.Source.Label()))), pick),
			func(ok bool) {
				if !ok {
					return
				}
				i := pick.SelectedIndex()
				if i < 0 {
					s.app.showError(forms.Errorf(forms.EINVALID, "请选择一位在用的工作人员作回访人"))
					return
				}
				s.assigned = names[i]
				s.assign(f.ID, ids[i])
			}, s.app.win)
		d.Resize(fyne.NewSize(520, 220))
		d.Show()
	})
}

// assign saves the caller and reads the list again.
func (s *followUpScreen) assign(id, callerID string) {
	a := s.app.actor()
	s.app.run(func(ctx context.Context) error {
		_, err := s.st.AssignFollowUp(ctx, a, id, callerID)
		return err
	}, func(err error) {
		if err != nil {
			s.app.showError(err)
			return
		}
		// The earlier refusal (no caller yet) no longer holds: the
		// status line says what was done instead (issue 18b B2).
		if s.app.home != nil {
			if s.assigned != "" {
				s.app.home.setStatus(Tf("已指定回访人：%s", s.assigned))
			} else {
				s.app.home.setStatus(T("已指定回访人"))
			}
		}
		s.assigned = ""
		s.refresh()
	})
}

// onScript opens the supervisor's script editor.
func (s *followUpScreen) onScript() {
	var script forms.FollowUpScript
	s.app.run(func(ctx context.Context) error {
		var err error
		script, err = s.st.FollowUpScript(ctx)
		return err
	}, func(err error) {
		if err != nil {
			s.app.showError(err)
			return
		}
		newFollowUpScriptEditor(s, script)
	})
}

// joinLines joins non-empty trimmed lines.
func joinLines(lines ...string) string {
	var out []string
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
