package printing

import (
	"testing"

	"counterdesk/forms"
)

// TestRender_Notice_WaitingCase: issue 14 "the 一次性告知单 shows what is
// still owed": for a case waiting for papers it lists each paper promised
// with its date, an overdue one marked with the days, a moved date with
// the first date and the reason, and the papers already brought later.
func TestRender_Notice_WaitingCase(t *testing.T) {
	needPoppler(t)
	s := borrowService()
	c := customer("王芳")
	k := borrowCase()
	k.Status = forms.CaseWaiting
	k.AcceptedAt = at.AddDate(0, 0, -10)
	k.Items = map[string]forms.ItemState{
		"id_card": {Status: forms.ItemReceived, Originals: 1, Copies: 1,
			ReceivedOn: at.AddDate(0, 0, -3), ReceivedBy: "李明", PromisedWas: at.AddDate(0, 0, -4)},
		// Promised by 2026-03-04 (first 2026-02-28, moved on 2026-02-27): 2 days overdue.
		"no_house": {Status: forms.ItemDeferred, PromisedBy: forms.Day(at.AddDate(0, 0, -2)),
			PromisedFirst: forms.Day(at.AddDate(0, 0, -6)), MovedOn: forms.Day(at.AddDate(0, 0, -7)),
			MoveReason: "房产局系统维护", MovedBy: "李明"},
		// Due on 2026-03-20: not overdue.
		"photo": {Status: forms.ItemDeferred, PromisedBy: forms.Day(at.AddDate(0, 0, 14))},
	}
	e := s.Evaluate(c, k.Answers, k.EvaluationDay(at), k.Items)
	if len(e.Deferred) != 2 || len(e.Missing) != 0 {
		t.Fatalf("test evaluation: %d deferred, %d missing", len(e.Deferred), len(e.Missing))
	}
	p := &forms.Printout{Kind: forms.PrintNotice, Station: station(), Clerk: "李明", At: at,
		Customer: c, Case: k, Service: s, Evaluation: &e}
	text := pdftext(t, render(t, "notice_waiting", p))
	mustContain(t, text, "一次性告知单", "王芳", "借户籍卡", k.Number,
		"您的受理单已于2026年2月24日受理（待补材料），以下材料尚未补交，请于约定日期前送到本窗口，补齐后即可办结：",
		"一寸免冠照片", "复印件2份", "承诺于2026年3月20日前补交",
		"无房证明", "原件1份", "承诺于2026年3月4日前补交（已逾期2天，请尽快补交）",
		"原约定2026年2月28日，已于2026年2月27日改期（房产局系统维护），不再改期",
		"已补交：身份证（2026年3月3日补交）")
	mustNotContain(t, text, "3月20日前补交（已逾期", "请一次备齐", "材料已经齐全")

	// A draft keeps the wording of papers accepted on a promise.
	k.Status = forms.CaseDraft
	text = pdftext(t, render(t, "notice_draft_deferred", p))
	mustContain(t, text, "以下材料已容缺受理，请于承诺日期前补交：")
	mustNotContain(t, text, "待补材料", "已补交：")
}

// TestRender_Notice_WaitingCaseHolds: the clerk trial's 借户籍卡 notice said
// "补齐后即可办结" though the case, holding a deposit, completes only at
// the refund. The notice words what happens after the papers from the
// case's holds (forms.Holds).
func TestRender_Notice_WaitingCaseHolds(t *testing.T) {
	needPoppler(t)
	s := borrowService()
	c := customer("王芳")
	k := borrowCase()
	k.Status = forms.CaseWaiting
	k.AcceptedAt = at.AddDate(0, 0, -10)
	k.Items = map[string]forms.ItemState{
		"id_card":  {Status: forms.ItemReceived, Originals: 1, Copies: 1},
		"no_house": {Status: forms.ItemReceived, Originals: 1},
		"photo":    {Status: forms.ItemDeferred, PromisedBy: forms.Day(at.AddDate(0, 0, 14))},
	}
	e := s.Evaluate(c, k.Answers, k.EvaluationDay(at), k.Items)
	const lead = "您的受理单已于2026年2月24日受理（待补材料），以下材料尚未补交，请于约定日期前送到本窗口，"
	for _, tc := range []struct {
		name  string
		holds forms.Holds
		want  string
	}{
		{"none", forms.Holds{}, "补齐后即可办结："},
		{"deposit", forms.Holds{DepositHeld: true}, "材料补齐后，本业务在退还保障金时办结（未按期归还的，保障金按规定没收后办结）："},
		{"loss", forms.Holds{LossPending: true}, "材料补齐后，本业务在遗失声明挂失期满、作出处理结果时办结："},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &forms.Printout{Kind: forms.PrintNotice, Station: station(), Clerk: "李明", At: at,
				Customer: c, Case: k, Service: s, Evaluation: &e, Holds: tc.holds}
			text := pdftext(t, render(t, "notice_holds_"+tc.name, p))
			mustContain(t, text, lead+tc.want)
			if tc.holds.Any() {
				mustNotContain(t, text, "即可办结")
			}
		})
	}
}
