package ui

import (
	"context"
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// followUpSampleStore is what the 抽样回访 dialog needs from the station's
// database; every method is one transaction.
type followUpSampleStore interface {
	// FollowUpSample returns which completed cases get a follow-up call
	// (off until a supervisor switches it on).
	FollowUpSample(ctx context.Context) (forms.FollowUpSample, error)
	// SetFollowUpSample saves it (a supervisor, or a clerk with a
	// supervisor's approval), checked against the catalogue.
	SetFollowUpSample(ctx context.Context, a forms.Actor, s forms.FollowUpSample) error
	// Services lists the catalogue's services, for choosing.
	Services(ctx context.Context) ([]forms.Service, error)
}

// followUpSampleForm is the 抽样回访 dialog of the 回访 tab (issue 18: "the
// supervisor may also switch on follow-ups for a sample of completed cases
// of chosen services"): on or off, one in how many (forms.FollowUpSample,
// 1 to forms.FollowUpSampleMax), and the services from the catalogue.
// A clerk saves with a supervisor's approval, like other settings.
type followUpSampleForm struct {
	app      *App
	st       followUpSampleStore
	on       *widget.Check
	every    *widget.Entry
	services *widget.CheckGroup
	codes    []string // the catalogue's codes, in the order of services' options
	message  *wrappedText
	save     *widget.Button
	dialog   dialog.Dialog
	saved    bool // set after a save, for tests
}

// onSample reads the sample and the catalogue and opens the dialog.
func (s *followUpScreen) onSample() {
	var cur forms.FollowUpSample
	var svs []forms.Service
	s.app.async(func(ctx context.Context) error {
		var err error
		if cur, err = s.st.FollowUpSample(ctx); err != nil {
			return err
		}
		svs, err = s.st.Services(ctx)
		return err
	}, func() {
		s.sample = s.app.showFollowUpSample(cur, svs)
	})
}

// showFollowUpSample opens the dialog on the sample cur, with the
// services svs to choose from.
func (u *App) showFollowUpSample(cur forms.FollowUpSample, svs []forms.Service) *followUpSampleForm {
	f := &followUpSampleForm{app: u, st: u.store, message: newWrappedText("")}
	f.message.Importance = widget.DangerImportance
	var names []string
	for _, sv := range svs {
		f.codes = append(f.codes, sv.Code)
		names = append(names, T(sv.Name))
	}
	f.services = widget.NewCheckGroup(names, nil)
	var chosen []string
	for i, code := range f.codes {
		if slices.Contains(cur.Services, code) {
			chosen = append(chosen, names[i])
		}
	}
	f.services.SetSelected(chosen)
	f.every = widget.NewEntry()
	f.every.SetPlaceHolder(T("如 10"))
	if cur.Every > 0 {
		f.every.SetText(strconv.Itoa(cur.Every))
	}
	f.on = widget.NewCheck(T("开启抽样回访"), nil)
	f.on.SetChecked(cur.On())
	note := newWrappedText(T("开启后，所选业务在本网点每办结N件抽1件（第N件、第2N件……），须在办结后72小时内回访；抽中的回访由主管指定回访人。只对开启后办结的受理单抽样。"))
	every := container.NewBorder(nil, nil, nil, widget.NewLabel(Tf("件抽1件（1到%d）", forms.FollowUpSampleMax)), f.every)
	form := widget.NewForm(widget.NewFormItem(T("抽样回访"), f.on), widget.NewFormItem(T("每办结"), every))
	list := container.NewVScroll(f.services)
	list.SetMinSize(fyne.NewSize(0, 300))
	f.save = widget.NewButton(T("保存"), f.onSave)
	f.save.Importance = widget.HighImportance
	cancel := widget.NewButton(T("取消"), func() { f.dialog.Hide() })
	body := container.NewBorder(container.NewVBox(note, form, widget.NewLabel(T("抽样的业务（可多选）："))),
		container.NewVBox(f.message, container.NewHBox(f.save, cancel)), nil, nil, list)
	f.dialog = dialog.NewCustomWithoutButtons(T("抽样回访"), body, u.win)
	f.dialog.Resize(fyne.NewSize(760, 620))
	f.dialog.Show()
	return f
}

// sample is what the dialog says, or the refusal naming what to fix.
// Switched off, the services and N chosen are kept for next time.
func (f *followUpSampleForm) sample() (forms.FollowUpSample, error) {
	var s forms.FollowUpSample
	for i, name := range f.services.Options {
		if slices.Contains(f.services.Selected, name) {
			s.Services = append(s.Services, f.codes[i])
		}
	}
	if !f.on.Checked {
		return forms.FollowUpSample{Services: s.Services}, nil
	}
	n, ok := forms.ParseWhole(f.every.Text)
	if !ok || n < 1 || n > forms.FollowUpSampleMax {
		return s, forms.Errorf(forms.EINVALID, "“每办结几件抽1件”请填写1到%d之间的整数，如 10；不抽样的，请取消勾选“开启抽样回访”", forms.FollowUpSampleMax)
	}
	s.Every = n
	return s, s.Validate(nil)
}

// onSave saves the sample: a supervisor directly, a clerk after a
// supervisor approves. A refusal stays in the dialog.
func (f *followUpSampleForm) onSave() {
	f.message.SetText("")
	s, err := f.sample()
	if err != nil {
		f.message.SetText(forms.ErrorMessage(err))
		return
	}
	done := func() {
		f.saved = true
		f.dialog.Hide()
		said := T("抽样回访已关闭")
		if s.On() {
			said = Tf("抽样回访已开启：%d项业务，每办结%d件抽1件", len(s.Services), s.Every)
		}
		if f.app.home != nil {
			f.app.home.setStatus(said)
		}
	}
	if f.app.user.IsSupervisor() {
		a := f.app.actor()
		f.app.runInDialog(f.save, f.message, f.dialog, func(ctx context.Context) error {
			return f.st.SetFollowUpSample(ctx, a, s)
		}, done)
		return
	}
	f.app.withSupervisor(T("修改抽样回访"), func(ctx context.Context, a forms.Actor) error {
		return f.st.SetFollowUpSample(ctx, a, s)
	}, done)
}
