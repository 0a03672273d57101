package ui

import (
	"context"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// The answers to the script's first question (seed 004: first ask whether
// it is convenient now).
var (
	callConvenient    = "接通，客户现在方便"
	callNotConvenient = "接通，客户现在不方便"
	callNoAnswer      = "未接通"
)

// callBackLayout is how the call-back time is typed.
const callBackLayout = "2006-01-02 15:04"

// followUpCall is the call screen (回访), a dialog walking the script: the
// opening asks whether it is convenient now; if not, the customer's time
// for a call-back becomes the new due time; if nobody answers it is a try
// (the third makes it 无法联系); if convenient, each question with its
// answer, the score on the seed's 0–5 scale with its names (no other value
// can be chosen), what to improve, and whether a new problem came up (its
// words open a new complaint owned by the caller). A finished follow-up
// opens read-only.
type followUpCall struct {
	s      *followUpScreen
	f      *forms.FollowUp
	script forms.FollowUpScript
	d      dialog.Dialog

	reach       *widget.RadioGroup
	note        *widget.Entry
	callBack    *widget.Entry
	questions   []forms.FollowUpQuestion
	answers     []*widget.Entry
	score       *widget.RadioGroup
	improve     *widget.Entry
	newProblem  *widget.Check
	problemText *widget.Entry
	// problemCat and problemCx are the new complaint's category (those in
	// use) and 简单/复杂, chosen by the caller (issue 18 finding 12).
	problemCat  *widget.Select
	problemCx   *widget.RadioGroup
	cats        []forms.ComplaintCategory
	callBackMsg *wrappedText // the call-back time's warning (after the 72 hours, or past)
	message     *wrappedText
	saveBtn     *widget.Button

	convenient, notConvenient, noAnswer *fyne.Container
	// branch holds the one part of the script the answer leads to (the
	// others are out of the tree, not laid out).
	branch *fyne.Container
}

// scoreOptions are the score choices, 5 first, as the seed names them.
func scoreOptions() []string {
	var out []string
	for _, l := range forms.FollowUpScale {
		out = append(out, Tf("%d分 %s", l.Score, T(l.Name)))
	}
	return out
}

// scoreOf returns the score of a choice of scoreOptions, and false for
// none.
func scoreOf(choice string) (int, bool) {
	for i, o := range scoreOptions() {
		if o == choice {
			return forms.FollowUpScale[i].Score, true
		}
	}
	return 0, false
}

func newFollowUpCall(s *followUpScreen, f *forms.FollowUp, script forms.FollowUpScript) *followUpCall {
	c := &followUpCall{s: s, f: f, script: script}
	branch := ""
	if s.app.station != nil {
		branch = s.app.station.BranchName
	}
	line := func(text string) *widget.Label {
		l := widget.NewLabel(script.Line(text, branch))
		l.Wrapping = fyne.TextWrapWord
		l.TextStyle.Italic = true
		return l
	}
	who := f.CustomerName
	if who == "" {
		who = T("匿名") // not 匿名来电: the complaint may be a letter (issue 18b C4)
	}
	head := widget.NewLabel(Tf("%s  电话 %s · %s · %s · 回访人 %s · 状态 %s · 已联系 %d 次",
		who, f.Phone, T(f.Source.Label()), followUpDueText(f), f.CallerName, T(f.State.Label()), f.Tries()))
	head.Wrapping = fyne.TextWrapWord
	head.TextStyle.Bold = true
	c.message = newWrappedText("")
	c.message.Importance = widget.DangerImportance
	c.message.Hide()
	closeBtn := widget.NewButton(T("关闭"), func() { c.d.Hide() })

	if f.Finished() {
		body := widget.NewLabel(followUpRecordText(f))
		body.Wrapping = fyne.TextWrapWord
		content := container.NewBorder(head, container.NewBorder(nil, nil, nil, closeBtn), nil, nil, container.NewVScroll(body))
		c.d = dialog.NewCustomWithoutButtons(T("回访记录"), content, s.app.win)
		c.d.Resize(fyne.NewSize(1000, 620))
		c.d.Show()
		return c
	}

	c.reach = widget.NewRadioGroup([]string{T(callConvenient), T(callNotConvenient), T(callNoAnswer)}, func(string) { c.showBranch() })
	c.reach.Horizontal = true
	c.reach.Required = true
	c.note = widget.NewEntry()
	c.note.SetPlaceHolder(T("如：无人接听、关机、停机"))
	c.noAnswer = container.NewVBox(widget.NewLabel(Tf("没有接通：记一次未接通。已未接通 %d 次，第%d次未接通记为“无法联系”。",
		f.Unanswered(), forms.FollowUpMaxTries)), container.NewBorder(nil, nil, widget.NewLabel(T("联系情况")), nil, c.note))
	c.callBack = widget.NewEntry()
	c.callBack.SetPlaceHolder(s.app.now().Add(24 * time.Hour).Format(callBackLayout))
	c.callBackMsg = newWrappedText("")
	c.callBackMsg.Importance = widget.WarningImportance
	c.callBackMsg.Hide()
	c.callBack.OnChanged = func(string) { c.checkCallBack() }
	c.notConvenient = container.NewVBox(line(script.NotConvenient),
		container.NewBorder(nil, nil, widget.NewLabel(T("再次回访时间")), nil, c.callBack), c.callBackMsg)

	form := container.NewVBox()
	for i, q := range script.Asked() {
		e := widget.NewEntry()
		e.SetPlaceHolder(T("客户的回答"))
		c.questions = append(c.questions, q)
		c.answers = append(c.answers, e)
		form.Add(widget.NewLabel(Tf("%d. %s", i+1, q.Text)))
		form.Add(e)
	}
	c.score = widget.NewRadioGroup(scoreOptions(), nil)
	c.score.Horizontal = true
	c.score.Required = true
	c.improve = widget.NewMultiLineEntry()
	c.improve.SetMinRowsVisible(2)
	c.problemText = widget.NewMultiLineEntry()
	c.problemText.SetMinRowsVisible(2)
	c.problemText.SetPlaceHolder(T("客户的原话：会登记为一件新投诉，由您负责"))
	c.problemText.Disable()
	c.problemCat = widget.NewSelect(nil, nil)
	c.problemCat.PlaceHolder = T("请选择投诉类别")
	c.problemCat.Disable()
	c.problemCx = widget.NewRadioGroup([]string{T(forms.ComplaintSimple.Label()), T(forms.ComplaintComplex.Label())}, nil)
	c.problemCx.Horizontal = true
	c.problemCx.Required = true
	c.problemCx.Disable()
	c.newProblem = widget.NewCheck(T("客户提出了新问题（登记为新投诉）"), func(on bool) {
		for _, w := range []fyne.Disableable{c.problemText, c.problemCat, c.problemCx} {
			if on {
				w.Enable()
			} else {
				w.Disable()
			}
		}
	})
	var cats []forms.ComplaintCategory
	s.app.async(func(ctx context.Context) error {
		var err error
		cats, err = s.app.store.ComplaintCategories(ctx)
		return err
	}, func() { c.setCategories(cats) })
	form.Add(line(script.ScorePrompt))
	form.Add(c.score)
	form.Add(line(script.Improve))
	form.Add(c.improve)
	form.Add(c.newProblem)
	form.Add(c.problemText)
	form.Add(container.NewHBox(widget.NewLabel(T("投诉类别")), sized(c.problemCat, 200), widget.NewLabel(T("难易")), c.problemCx,
		widget.NewLabel(T("（渠道：电话）"))))
	form.Add(line(script.Closing))
	c.convenient = form

	c.saveBtn = widget.NewButton(T("保存"), c.onSave)
	c.saveBtn.Importance = widget.HighImportance
	c.saveBtn.Disable()
	c.branch = container.NewStack()
	body := container.NewVBox(line(script.Opening), c.reach, c.branch)
	c.showBranch()
	bottom := container.NewVBox(c.message, container.NewBorder(nil, nil, nil, container.NewHBox(closeBtn, c.saveBtn)))
	content := container.NewBorder(head, bottom, nil, nil, container.NewVScroll(body))
	c.d = dialog.NewCustomWithoutButtons(T("电话回访"), content, s.app.win)
	c.d.Resize(fyne.NewSize(1100, 660))
	c.d.Show()
	return c
}

// showing returns the part of the script shown, or nil.
func (c *followUpCall) showing() fyne.CanvasObject {
	if len(c.branch.Objects) == 0 {
		return nil
	}
	return c.branch.Objects[0]
}

// showBranch shows the part of the script the answer to "is it
// convenient" leads to, and names the save button after it.
func (c *followUpCall) showBranch() {
	c.saveBtn.Enable()
	c.branch.Objects = nil
	switch c.reach.Selected {
	case T(callNoAnswer):
		c.branch.Objects = []fyne.CanvasObject{c.noAnswer}
		c.saveBtn.SetText(T("记录未接通"))
	case T(callNotConvenient):
		c.branch.Objects = []fyne.CanvasObject{c.notConvenient}
		c.saveBtn.SetText(T("记录再次回访时间"))
	case T(callConvenient):
		c.branch.Objects = []fyne.CanvasObject{c.convenient}
		c.saveBtn.SetText(T("完成回访"))
	default:
		c.saveBtn.SetText(T("保存"))
		c.saveBtn.Disable()
	}
	c.branch.Refresh()
}

// onSave records what the chosen branch says: a try not answered, a
// call-back time, or the completed call. A refusal says why and keeps the
// dialog open with what was typed.
func (c *followUpCall) onSave() {
	a := c.s.app.actor()
	now := c.s.app.now()
	id := c.f.ID
	st := c.s.st
	switch c.reach.Selected {
	case T(callNoAnswer):
		at := forms.FollowUpAttempt{At: now, Note: c.note.Text}
		c.save(func(ctx context.Context) (*forms.FollowUp, *forms.Complaint, error) {
			f, err := st.RecordFollowUpAttempt(ctx, a, id, at)
			return f, nil, err
		})
	case T(callNotConvenient):
		text := strings.TrimSpace(c.callBack.Text)
		when, err := time.ParseInLocation(callBackLayout, text, time.Local)
		if text == "" {
			err = forms.Errorf(forms.EINVALID, "客户现在不方便：请问客户什么时候方便，填写再次回访时间（如 %s）", now.Add(24*time.Hour).Format(callBackLayout))
		} else if err != nil {
			err = forms.Errorf(forms.EINVALID, "再次回访时间“%s”格式不对：请按“%s”的样子填写日期和时间", text, now.Add(24*time.Hour).Format(callBackLayout))
		}
		if err != nil {
			c.fail(err)
			return
		}
		at := forms.FollowUpAttempt{At: now, Reached: true, CallBackAt: when}
		c.save(func(ctx context.Context) (*forms.FollowUp, *forms.Complaint, error) {
			f, err := st.RecordFollowUpAttempt(ctx, a, id, at)
			return f, nil, err
		})
	case T(callConvenient):
		r := forms.FollowUpResult{Improve: c.improve.Text, NewProblem: c.newProblem.Checked, NewProblemText: c.problemText.Text}
		if r.NewProblem {
			if i := c.problemCat.SelectedIndex(); i >= 0 && i < len(c.cats) {
				r.NewProblemCategory = c.cats[i].Code
			}
			switch c.problemCx.Selected {
			case T(forms.ComplaintSimple.Label()):
				r.NewProblemComplexity = forms.ComplaintSimple
			case T(forms.ComplaintComplex.Label()):
				r.NewProblemComplexity = forms.ComplaintComplex
			}
		}
		for i, q := range c.questions {
			r.Answers = append(r.Answers, forms.FollowUpAnswer{QuestionID: q.ID, Question: q.Text, Answer: c.answers[i].Text})
		}
		r.Score, r.Scored = scoreOf(c.score.Selected)
		c.save(func(ctx context.Context) (*forms.FollowUp, *forms.Complaint, error) {
			return st.CompleteFollowUp(ctx, a, id, r)
		})
	}
}

// save runs the store call off the UI goroutine; on success it closes the
// dialog, reads the list again and says what was recorded.
func (c *followUpCall) save(call func(ctx context.Context) (*forms.FollowUp, *forms.Complaint, error)) {
	c.saveBtn.Disable()
	var f *forms.FollowUp
	var nc *forms.Complaint
	c.s.app.run(func(ctx context.Context) error {
		var err error
		f, nc, err = call(ctx)
		return err
	}, func(err error) {
		c.saveBtn.Enable()
		if err != nil {
			c.fail(err)
			return
		}
		c.f = f
		c.d.Hide()
		c.s.refresh()
		msg := Tf("回访已记录：%s", T(f.State.Label()))
		switch f.State {
		case forms.FollowUpDone:
			msg = Tf("回访已完成：%d分（%s）", f.Score, forms.ScoreName(f.Score))
		case forms.FollowUpCallback:
			msg = Tf("已记下再次回访时间：%s", f.CallBackAt().Local().Format(callBackLayout))
			if f.CallBackAfterWindow() {
				msg += Tf("（晚于72小时回访期限 %s，按客户要求）", f.WindowEnd().Local().Format(callBackLayout))
			}
		case forms.FollowUpUnreachable:
			msg = Tf("已联系%d次都没有接通，这次回访记为“无法联系”", forms.FollowUpMaxTries)
		case forms.FollowUpOpen:
			msg = Tf("已记一次未接通（共 %d 次），请稍后再打", f.Unanswered())
		}
		if nc != nil {
			msg += Tf("。客户提出的新问题已登记为投诉 %s，由您负责跟进", nc.Number)
		}
		if c.s.app.home != nil {
			c.s.app.home.setStatus(msg)
		}
		if nc != nil {
			c.s.app.info(T("已登记新投诉"), msg)
		}
	})
}

// followUpDueText is the follow-up's deadline as the call and the list
// show it: the end of the 72 hours, and beside it the call-back time the
// customer asked for while one is awaited, marked when it is after the
// deadline (issue 18 finding 6: the agreed time replaced the deadline).
func followUpDueText(f *forms.FollowUp) string {
	text := Tf("回访期限 %s", f.WindowEnd().Local().Format(callBackLayout))
	if cb := f.CallBackAt(); !cb.IsZero() && !f.Finished() {
		text += Tf("，约定 %s 再打", cb.Local().Format(callBackLayout))
		if f.CallBackAfterWindow() {
			text += T("（客户要求，晚于期限）")
		}
	}
	return text
}

// setCategories offers the categories in use for the new problem's
// complaint, none chosen: the caller chooses.
func (c *followUpCall) setCategories(cats []forms.ComplaintCategory) {
	c.cats = nil
	var names []string
	for _, cat := range cats {
		if !cat.Off {
			c.cats = append(c.cats, cat)
			names = append(names, cat.Name)
		}
	}
	c.problemCat.SetOptions(names)
}

// checkCallBack says, as the call-back time is typed, when it is already
// past (it will be refused) or after the 72 hours (allowed: the customer
// asked for it; recorded, and the deadline stays).
func (c *followUpCall) checkCallBack() {
	when, err := time.ParseInLocation(callBackLayout, strings.TrimSpace(c.callBack.Text), time.Local)
	switch {
	case err != nil:
		c.callBackMsg.Hide()
		c.notConvenient.Refresh()
		return
	case !when.After(c.s.app.now()):
		c.callBackMsg.Importance = widget.DangerImportance
		c.callBackMsg.SetText(T("这个时间已经过去：请问客户什么时候方便，填写以后的时间"))
	case when.After(c.f.WindowEnd()):
		c.callBackMsg.Importance = widget.WarningImportance
		c.callBackMsg.SetText(Tf("注意：约定的时间晚于72小时回访期限（%s）。客户要求的可以约定，系统照记，期限不变；在约定当天打完仍算按时。",
			c.f.WindowEnd().Local().Format(callBackLayout)))
	default:
		c.callBackMsg.Hide()
		c.notConvenient.Refresh()
		return
	}
	c.callBackMsg.Show()
	c.notConvenient.Refresh() // lay the script line and the entry out again around it
}

// fail shows why the call was not recorded.
func (c *followUpCall) fail(err error) {
	c.message.SetText(forms.ErrorMessage(err))
	c.message.Show()
}

// followUpRecordText is a finished follow-up's record, as the caller or a
// supervisor reads it.
func followUpRecordText(f *forms.FollowUp) string {
	var lines []string
	for i, a := range f.Attempts {
		what := T("接通")
		switch {
		case !a.Reached:
			what = T("未接通")
		case !a.Convenient:
			what = Tf("不方便，约 %s 再打", a.CallBackAt.Local().Format(callBackLayout))
		}
		if a.Note != "" {
			what += "（" + a.Note + "）"
		}
		lines = append(lines, Tf("第%d次 %s %s：%s", i+1, a.At.Local().Format(callBackLayout), a.ByName, what))
	}
	lines = append(lines, "")
	for _, a := range f.Answers {
		lines = append(lines, a.Question, "    "+a.Answer)
	}
	if f.Scored {
		lines = append(lines, Tf("评分：%d分（%s）", f.Score, forms.ScoreName(f.Score)))
	}
	if f.Improve != "" {
		lines = append(lines, T("改进意见：")+f.Improve)
	}
	if f.NewProblem {
		lines = append(lines, T("新问题：")+f.NewProblemText)
		if f.NewComplaintNumber != "" {
			lines = append(lines, Tf("已登记为投诉 %s（由回访人负责跟进）", f.NewComplaintNumber))
		}
	}
	if f.State == forms.FollowUpUnreachable {
		reason := f.UnreachableReason()
		if reason != forms.FollowUpNoContactReason {
			reason = Tf("%d次未接通", f.Unanswered())
		}
		lines = append(lines, Tf("结果：无法联系（%s）", T(reason)))
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// newFollowUpScriptEditor lets a supervisor edit the call's script: the
// opening, the not-convenient line, the questions (one a line; a line
// starting with # is kept but not asked), the score prompt, the
// improvement prompt and the closing. ［网点］ stands for the branch's name.
func newFollowUpScriptEditor(s *followUpScreen, script forms.FollowUpScript) {
	entry := func(text string) *widget.Entry {
		e := widget.NewMultiLineEntry()
		e.Wrapping = fyne.TextWrapWord
		e.SetMinRowsVisible(2)
		e.SetText(text)
		return e
	}
	opening, notConv := entry(script.Opening), entry(script.NotConvenient)
	scoreP, improve, closing := entry(script.ScorePrompt), entry(script.Improve), entry(script.Closing)
	var qs []string
	for _, q := range script.Questions {
		if q.Off {
			qs = append(qs, "#"+q.Text)
		} else {
			qs = append(qs, q.Text)
		}
	}
	questions := entry(strings.Join(qs, "\n"))
	questions.SetMinRowsVisible(5)
	message := newWrappedText("")
	message.Importance = widget.DangerImportance
	message.Hide()
	form := widget.NewForm(
		widget.NewFormItem(T("开场白"), opening),
		widget.NewFormItem(T("不方便时"), notConv),
		widget.NewFormItem(T("问题（每行一个）"), questions),
		widget.NewFormItem(T("打分话术"), scoreP),
		widget.NewFormItem(T("征求意见"), improve),
		widget.NewFormItem(T("结束语"), closing))
	var d dialog.Dialog
	save := widget.NewButton(T("保存话术"), nil)
	save.Importance = widget.HighImportance
	save.OnTapped = func() {
		next := forms.FollowUpScript{Opening: opening.Text, NotConvenient: notConv.Text, ScorePrompt: scoreP.Text,
			Improve: improve.Text, Closing: closing.Text}
		used := map[string]bool{}
		for _, q := range script.Questions {
			used[q.ID] = true
		}
		n := 0
		for _, l := range strings.Split(questions.Text, "\n") {
			l = strings.TrimSpace(l)
			off := strings.HasPrefix(l, "#")
			l = strings.TrimSpace(strings.TrimPrefix(l, "#"))
			if l == "" {
				continue
			}
			// The i-th question keeps the ID of the i-th before (answers are
			// kept with the question as asked); new ones get q<n>.
			var id string
			if n < len(script.Questions) {
				id = script.Questions[n].ID
			} else {
				for k := n + 1; ; k++ {
					if id = "q" + strconv.Itoa(k); !used[id] {
						break
					}
				}
				used[id] = true
			}
			next.Questions = append(next.Questions, forms.FollowUpQuestion{ID: id, Text: l, Off: off})
			n++
		}
		a := s.app.actor()
		s.app.run(func(ctx context.Context) error {
			return s.st.SetFollowUpScript(ctx, a, next)
		}, func(err error) {
			if err != nil {
				message.SetText(forms.ErrorMessage(err))
				message.Show()
				return
			}
			d.Hide()
			if s.app.home != nil {
				s.app.home.setStatus(T("回访话术已保存"))
			}
		})
	}
	hint := widget.NewLabel(T("［网点］会换成本网点的名称；问题前加 # 表示暂不询问。"))
	bottom := container.NewVBox(message, container.NewBorder(nil, nil, hint, container.NewHBox(widget.NewButton(T("取消"), func() { d.Hide() }), save)))
	d = dialog.NewCustomWithoutButtons(T("编辑回访话术"), container.NewBorder(nil, bottom, nil, nil, container.NewVScroll(form)), s.app.win)
	d.Resize(fyne.NewSize(1100, 660))
	d.Show()
	s.scriptEditor = d
}
