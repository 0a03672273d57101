package ui

import (
	"context"

	"counterdesk/forms"
)

// walkComplaints walks issue 18's complaint screens and dialogs for the
// fit test as the logged-in supervisor: the register empty and with a
// complaint, 新投诉 empty, refused, for a customer with the longest words
// and for an anonymous caller, the complaint with long steps and its four
// dialogs, closed, the month filter, the category list (refused and
// saved), and the customer's rating at the end of a case.
func walkComplaints(w *fitWalker) {
	t := w.t
	ctx := context.Background()
	if err := w.db.SetHolidayCalendar(ctx, w.app.actor(), forms.HolidayCalendar{Year: w.app.now().Year()}); err != nil {
		t.Fatal(err)
	}
	cust := &forms.Customer{Name: longText("欧阳投诉人", forms.RuleCustomerName.Max), IDNumber: withCheck("51011319800101888"), Mobile: "13900001888"}
	if err := w.db.CreateCustomer(ctx, w.app.actor(), cust); err != nil {
		t.Fatal(err)
	}
	home := w.app.home
	for _, it := range home.tabs.Items {
		if it.Text == "投诉" {
			home.tabs.Select(it)
		}
	}
	s := home.complaints
	w.check("投诉登记")
	w.mustTap("投诉登记", "新投诉")
	w.check("新投诉")
	w.mustTap("新投诉", "登记投诉")
	w.check("新投诉（有错误提示）")
	f := s.form
	f.who.SetSelected(f.who.Options[1])
	w.typeInto(f.callerName, longText("匿名", forms.RuleCallerName.Max))
	w.check("新投诉（匿名来电）")
	f.who.SetSelected(f.who.Options[0])
	w.typeInto(f.search, cust.IDNumber)
	w.wait()
	f.category.SetSelectedIndex(0)
	f.complexity.SetSelected(f.complexity.Options[1])
	w.typeInto(f.words, longText("窗口工作人员态度生硬，让我来回跑了三趟。", forms.RuleComplaintWords.Max))
	w.typeInto(f.request, longText("要求道歉并说明原因。", forms.RuleComplaintRequest.Max))
	w.check("新投诉（填满）")
	w.mustTap("新投诉（填满）", "登记投诉")
	d := s.detail
	if d == nil || d.c == nil {
		t.Fatal("the complaint did not open after recording")
	}
	for i := 0; i < 3; i++ {
		if _, err := w.db.AddComplaintStep(ctx, w.app.actor(), d.c.ID, longText("档案室", forms.RuleStepAsked.Max),
			longText("材料已找到，明天送窗口。", forms.RuleStepSaid.Max)); err != nil {
			t.Fatal(err)
		}
	}
	d.load()
	w.checkEach("投诉（详情）", "记录处理经过", "答复客户", "办结", "移交给他人")
	w.mustTap("投诉（详情）", "记录处理经过")
	w.mustTap("投诉 → 记录处理经过", "记录")
	w.check("投诉 → 记录处理经过（有错误提示）")
	w.closeDialogs()
	w.mustTap("投诉（详情）", "办结")
	w.mustTap("投诉 → 办结", "办结")
	w.check("投诉 → 办结（有错误提示）")
	d.answer.outcome.SetSelected(d.answer.outcome.Options[0])
	w.typeInto(d.answer.answer, longText("已向客户道歉。", forms.RuleComplaintAnswer.Max))
	w.mustTap("投诉 → 办结", "办结")
	w.check("投诉（已办结，回访提示）")
	w.closeDialogs()
	w.mustTap("投诉（已办结）", "返回投诉列表")
	w.check("投诉登记（未办结）")
	s.filter.SetSelected(s.filter.Options[2])
	w.check("投诉登记（按月份）")
	w.typeInto(s.month, "2026年")
	s.filter.SetSelected(s.filter.Options[1])
	s.filter.SetSelected(s.filter.Options[2])
	w.check("投诉登记（月份有误）")
	s.filter.SetSelected(s.filter.Options[0])

	// The category list, kept in settings.
	cd := w.app.showComplaintCategories()
	w.check("设置 → 投诉类别")
	for _, r := range cd.rows {
		if cd.used[r.code] { // 删除 of a used category is refused right there
			r.remove.OnTapped()
			w.check("设置 → 投诉类别（删除已使用的类别被拒）")
			break
		}
	}
	for i := 0; i < forms.MaxComplaintCategories-6; i++ {
		cd.addRow(cd.newCode(), longText("类别", forms.RuleCategoryName.Max), false)
	}
	w.check("设置 → 投诉类别（30个）")
	w.mustTap("投诉类别", "保存类别")
	w.check("设置 → 投诉类别（有错误提示）")
	w.closeDialogs()

	// The customer's rating at the end of a case.
	k := &forms.Case{ID: "none", Number: "QB1-2026-000001", ServiceName: longText("业务", 40), Status: forms.CaseCompleted}
	rf := w.app.showRating(k, nil)
	w.check("客户评价")
	rf.save.OnTapped()
	w.check("客户评价（未选择）")
	w.closeDialogs()
}
