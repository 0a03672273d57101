package ui

import (
	"context"
	"time"

	"counterdesk/forms"
)

// walkFollowUps walks issue 18's follow-up and service report screens for
// the fit test as the logged-in supervisor: the 回访 list with a call for
// the longest caller name, the call dialog in each branch of the script
// (nothing chosen, 未接通, 不方便, 方便 with the questions), refused, the
// finished record, 指定回访人, 编辑回访话术, 抽样回访 (refused), and 日结 · 服务月报 with the
// month's figures and its save dialog.
func walkFollowUps(w *fitWalker) {
	t := w.t
	ctx := context.Background()
	c, err := w.db.RecordComplaint(ctx, w.app.actor(), forms.Complaint{Channel: forms.ChannelPhone, Category: forms.CategoryWaiting,
		CallerName: longText("欧阳来电", forms.RuleCallerName.Max), CallerPhone: "13800001111",
		Words: longText("排队等了两个小时", forms.RuleComplaintWords.Max), Complexity: forms.ComplaintSimple})
	if err != nil {
		t.Fatal(err)
	}
	answer := longText("已向客户道歉并说明原因", forms.RuleComplaintAnswer.Max)
	if _, _, err := w.db.CloseComplaint(ctx, w.app.actor(), c.ID, forms.ComplaintUpheld, answer); err != nil {
		t.Fatal(err)
	}
	home := w.app.home
	for _, it := range home.tabs.Items {
		if it.Text == "回访" {
			home.tabs.Select(it)
		}
	}
	s := home.followUps
	s.refresh()
	w.wait()
	w.check("回访")
	if len(s.rows) == 0 {
		t.Fatal("the 回访 list is empty after closing a complaint")
	}
	s.list.Select(0)
	w.mustTap("回访", "开始回访")
	if s.call == nil {
		t.Fatal("开始回访 opened no call")
	}
	call := s.call
	w.check("电话回访")
	for _, branch := range []string{callNoAnswer, callNotConvenient, callConvenient} {
		call.reach.SetSelected(branch)
		w.check("电话回访 · " + branch)
	}
	// The call-back warning (a time after the 72 hours) and the new
	// problem's category and 简单/复杂 (issue 18 findings 6, 12).
	call.reach.SetSelected(callNotConvenient)
	w.typeInto(call.callBack, call.f.WindowEnd().Add(24*time.Hour).Local().Format(callBackLayout))
	w.check("电话回访 · 约定时间晚于72小时")
	call.reach.SetSelected(callConvenient)
	call.newProblem.SetChecked(true)
	w.check("电话回访 · 新问题（类别、难易）")
	call.newProblem.SetChecked(false)
	tapCallSave(w, call)
	w.check("电话回访（有错误提示）")
	call.score.SetSelected(call.score.Options[0])
	w.typeInto(call.improve, longText("希望改进", forms.RuleImprove.Max))
	tapCallSave(w, call)
	w.closeDialogs()
	s.openOnly.SetChecked(false)
	w.wait()
	for i := range s.rows {
		if s.rows[i].Finished() {
			s.list.Select(i)
		}
	}
	w.mustTap("回访", "查看回访记录")
	w.check("回访记录")
	w.closeDialogs()
	w.mustTap("回访", "编辑回访话术")
	w.check("编辑回访话术")
	w.closeDialogs()
	// 抽样回访 (followupsample.go): every service of the catalogue, then
	// refused with the message.
	w.mustTap("回访", "抽样回访…")
	w.check("抽样回访")
	s.sample.on.SetChecked(true)
	s.sample.services.SetSelected(s.sample.services.Options)
	w.mustTap("抽样回访", "保存")
	w.check("抽样回访（有错误提示）")
	if s.sample.message.Text == "" {
		t.Fatal("抽样回访 with no N saved without a word")
	}
	w.closeDialogs()
	s.openOnly.SetChecked(false)
	w.wait()

	for _, it := range home.tabs.Items {
		if it.Text == "日结" {
			home.tabs.Select(it)
		}
	}
	d := home.dayEnd
	if d.service == nil {
		t.Fatal("the supervisor's 日结 has no 服务月报")
	}
	d.root.SelectIndex(2)
	now := w.app.now()
	d.service.show(now.Year(), now.Month())
	w.wait()
	w.check("日结 · 服务月报")
	d.service.onExport()
	w.wait()
	w.check("服务月报 → 导出Excel")
	w.closeDialogs()
	d.root.SelectIndex(0)
}

// tapCallSave taps the call's save button and lets it finish.
func tapCallSave(w *fitWalker, c *followUpCall) {
	c.onSave()
	w.wait()
}
