package ui

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// serviceEditorStore is what the service editor needs from the station's
// database: saving an edit as the service's next version (supervisor, one
// transaction; the versions cases hold never change).
type serviceEditorStore interface {
	SaveServiceVersion(ctx context.Context, a forms.Actor, s *forms.Service) (int, error)
}

// serviceEditor is the supervisor's editor of one service (业务目录 →
// 编辑): its papers, documents, talking points, fees and deposits, the
// card return days and the family-planning switch, in tabs that scroll
// inside the window. It edits a working copy of the current version;
// 保存为新版本 checks everything (forms.Service.Validate: an unknown
// placeholder, a bad condition, a missing count) and stores it as the next
// version, and a refusal keeps every input and says what to correct. 预览
// (servicepreview.go) shows the checklist and the documents of the working
// copy for a sample customer before saving.
type serviceEditor struct {
	app  *App
	st   serviceEditorStore
	orig *forms.Service // the version the edit started from; never changed
	svc  *forms.Service // the working copy

	root    fyne.CanvasObject
	tabs    *container.AppTabs
	title   *widget.Label
	message *wrappedText
	save    *widget.Button
	preview *widget.Button
	back    *widget.Button

	// The general tab.
	name         *widget.Entry
	summary      *widget.Entry
	returnDays   *widget.Entry
	switches     []groupSwitch      // the family-planning switch, …
	waitDays     *widget.Entry      // a loss period's length, for a service with one
	waitCount    *widget.RadioGroup // calendar or working days
	holidays     *widget.Button
	papers       *paperEditor
	documents    *documentEditor
	points       *pointEditor
	fees         *feeEditor
	generalTab   *container.TabItem
	condition    *conditionDialog // the condition builder on show, for tests
	previewShown *servicePreview  // the preview on show, for tests

	// done returns to the catalogue; saved is the new version, 0 when the
	// supervisor went back without saving.
	done func(saved int)
}

// newServiceEditor opens an editor on s (the current version).
func newServiceEditor(u *App, s *forms.Service, done func(saved int)) *serviceEditor {
	e := &serviceEditor{app: u, st: u.store, orig: s.Clone(), svc: s.Clone(), done: done}
	e.title = widget.NewLabel(Tf("编辑业务“%s”（现为第%d版；保存后为第%d版，已受理的业务仍按原版本办理）", s.Name, s.Version, s.Version+1))
	e.title.Wrapping = fyne.TextWrapWord
	e.message = newWrappedText("")
	e.message.Importance = widget.DangerImportance
	e.save = widget.NewButton(T("保存为新版本"), e.onSave)
	e.save.Importance = widget.HighImportance
	e.preview = widget.NewButton(T("预览"), e.onPreview)
	e.back = widget.NewButton(T("返回业务目录"), e.onBack)

	e.papers = newPaperEditor(e)
	e.documents = newDocumentEditor(e)
	e.points = newPointEditor(e)
	e.fees = newFeeEditor(e)
	e.generalTab = container.NewTabItem(T("基本信息"), e.generalContent())
	e.tabs = container.NewAppTabs(
		e.generalTab,
		container.NewTabItem(T("材料"), e.papers.content()),
		container.NewTabItem(T("文书"), e.documents.content()),
		container.NewTabItem(T("告知要点"), e.points.content()),
		container.NewTabItem(T("费用与保障金"), e.fees.content()),
	)
	bottom := container.NewVBox(e.message, container.NewHBox(e.save, e.preview, e.back))
	e.root = container.NewBorder(e.title, bottom, nil, nil, e.tabs)
	return e
}

// generalContent is the tab of the service's name, summary, card return
// days, the family-planning switch and the holiday calendar.
func (e *serviceEditor) generalContent() fyne.CanvasObject {
	s := e.svc
	e.name = widget.NewEntry()
	e.name.SetText(s.Name)
	e.summary = widget.NewMultiLineEntry()
	e.summary.Wrapping = fyne.TextWrapWord
	e.summary.SetMinRowsVisible(2)
	e.summary.SetText(s.Summary)
	e.returnDays = widget.NewEntry()
	e.returnDays.SetPlaceHolder(T("天数，如 30"))
	if s.ReturnDays > 0 {
		e.returnDays.SetText(strconv.Itoa(s.ReturnDays))
	}
	form := widget.NewForm(
		widget.NewFormItem(T("业务名称"), e.name),
		widget.NewFormItem(T("说明"), e.summary),
	)
	if s.ReturnDays > 0 || hasDeposit(s) {
		item := widget.NewFormItem(T("户籍卡归还天数"), e.returnDays)
		item.HintText = T("借出后多少天内归还；已受理的业务仍按原天数")
		form.AppendItem(item)
	}
	box := container.NewVBox(form)
	// The switch groups (the family-planning papers): one switch each.
	for _, g := range s.Groups() {
		check := widget.NewCheck(Tf("需要%s", g.Label), nil)
		check.SetChecked(s.GroupOn(g.ID))
		e.switches = append(e.switches, groupSwitch{id: g.ID, check: check})
		note := newWrappedText(g.Hint)
		box.Add(widget.NewSeparator())
		box.Add(check)
		box.Add(note)
	}
	e.holidays = widget.NewButton(T("节假日和调休…"), func() { e.app.showHolidays() })
	if s.Waiting != nil {
		e.waitDays = widget.NewEntry()
		e.waitDays.SetText(strconv.Itoa(s.Waiting.Days))
		e.waitDays.SetPlaceHolder(T("天数，如 15"))
		e.waitCount = widget.NewRadioGroup([]string{T("自然日"), T("工作日")}, nil)
		e.waitCount.Horizontal = true
		e.waitCount.SetSelected(T("自然日"))
		if s.Waiting.Count == forms.CountWorking {
			e.waitCount.SetSelected(T("工作日"))
		}
		note := newWrappedText(T("挂失期从办理的次日算起；按工作日计算时，用主管维护的节假日和调休安排。已办理的声明仍按原挂失期。"))
		box.Add(widget.NewSeparator())
		box.Add(widget.NewForm(
			widget.NewFormItem(T("挂失期天数"), e.waitDays),
			widget.NewFormItem(T("计算方式"), e.waitCount)))
		box.Add(note)
		box.Add(container.NewHBox(e.holidays))
	}
	return container.NewVScroll(padded(box))
}

// groupSwitch is the switch of one group of items (forms.SwitchGroups).
type groupSwitch struct {
	id    string
	check *widget.Check
}

// hasDeposit reports whether the service takes a deposit.
func hasDeposit(s *forms.Service) bool {
	for _, f := range s.Fees {
		if f.Kind == forms.KindDeposit {
			return true
		}
	}
	return false
}

// collect returns the edited service from the inputs, counts and amounts
// parsed but not yet validated. A count or amount that does not read is
// refused, selecting the tab (and the line) of the field it names.
func (e *serviceEditor) collect() (*forms.Service, error) {
	s := e.svc.Clone()
	s.Name = strings.TrimSpace(e.name.Text)
	s.Summary = strings.TrimSpace(e.summary.Text)
	if t := strings.TrimSpace(forms.Normalize(e.returnDays.Text)); t == "" {
		s.ReturnDays = 0
	} else {
		n, ok := forms.ParseWhole(t)
		if !ok || n < 1 || n > forms.MaxReturnDays {
			e.tabs.Select(e.generalTab)
			return nil, forms.Errorf(forms.EINVALID, "户籍卡归还天数“%s”不正确：请填写 1 到 %d 之间的整数天数，如 30", e.returnDays.Text, forms.MaxReturnDays)
		}
		s.ReturnDays = n
	}
	if e.waitDays != nil {
		n, ok := forms.ParseWhole(e.waitDays.Text)
		if !ok {
			e.tabs.Select(e.generalTab)
			return nil, forms.Errorf(forms.EINVALID, "挂失期天数“%s”不正确：请填写 1 到 180 之间的整数，如 15", e.waitDays.Text)
		}
		w := &forms.WaitingPeriod{Days: n, Count: e.svc.Waiting.Count}
		switch {
		case e.waitCount.Selected == T("工作日"):
			w.Count = forms.CountWorking
		case w.Count == forms.CountWorking:
			w.Count = forms.CountCalendar
		}
		s.Waiting = w
	}
	for _, g := range e.switches {
		s.SetGroup(g.id, g.check.Checked)
	}
	if err := e.papers.apply(s); err != nil {
		return nil, err
	}
	if err := e.fees.apply(s); err != nil {
		return nil, err
	}
	return s, nil
}

// build returns the edited service, checked by forms.Service.Validate.
func (e *serviceEditor) build() (*forms.Service, error) {
	s, err := e.collect()
	if err != nil {
		return nil, err
	}
	if err := s.Validate(); err != nil {
		e.documents.showFirstUnknown()
		return nil, err
	}
	return s, nil
}

// onBack returns to the catalogue; with unsaved changes, after the
// supervisor confirms that they are to be dropped.
func (e *serviceEditor) onBack() {
	e.askDiscard(T("本次修改还没有保存。放弃这些修改并返回业务目录吗？"), T("放弃修改"), func() { e.done(0) }, nil)
}

// unsaved reports whether the editor holds changes not yet saved; an
// input that does not read (a bad amount) counts as a change.
func (e *serviceEditor) unsaved() bool {
	s, err := e.collect()
	return err != nil || !forms.SameContent(s, e.orig)
}

// askDiscard runs leave at once when nothing is unsaved; otherwise it asks
// question, with action on the button that drops the changes and runs
// leave, and 继续编辑 that keeps them and runs stay (when not nil).
func (e *serviceEditor) askDiscard(question, action string, leave, stay func()) {
	if !e.unsaved() {
		leave()
		return
	}
	newConfirm(T("放弃修改"), action, T("继续编辑"), question, func(ok bool) {
		switch {
		case ok:
			leave()
		case stay != nil:
			stay()
		}
	}, e.app.win).Show()
}

// onSave stores the edit as the next version; a refusal keeps the editor
// as it is, with the reason.
func (e *serviceEditor) onSave() {
	e.message.SetText("")
	s, err := e.build()
	if err != nil {
		e.message.SetText(forms.ErrorMessage(err))
		return
	}
	a := e.app.actor()
	var v int
	e.save.Disable()
	e.app.run(func(ctx context.Context) error {
		var err error
		v, err = e.st.SaveServiceVersion(ctx, a, s)
		return err
	}, func(err error) {
		e.save.Enable()
		if err != nil {
			e.message.SetText(forms.ErrorMessage(err))
			return
		}
		if e.app.home != nil {
			e.app.home.setStatus(Tf("业务“%s”已保存为第%d版；此前受理的业务仍按原版本办理", s.Name, v))
		}
		e.done(v)
	})
}

// selectTab shows the tab whose content is o.
func (e *serviceEditor) selectTab(o fyne.CanvasObject) {
	for _, t := range e.tabs.Items {
		if t.Content == o {
			e.tabs.Select(t)
		}
	}
}

// conditionText is a condition in the supervisor's words, for a list line.
func (e *serviceEditor) conditionText(c *forms.Condition) string {
	if c == nil {
		return T("始终适用")
	}
	return c.Describe(forms.KnownFacts(e.svc))
}

// atoi reads a count typed by the supervisor: "" is 0.
func atoi(s string) (int, error) {
	s = strings.TrimSpace(forms.Normalize(s))
	if s == "" {
		return 0, nil
	}
	n, ok := forms.ParseWhole(s)
	if !ok || n < 0 || n > 99 {
		return 0, forms.Errorf(forms.EINVALID, "“%s”不是 0 到 99 的整数", s)
	}
	return n, nil
}
