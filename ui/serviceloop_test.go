package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"counterdesk/forms"
	"counterdesk/printing"
	"counterdesk/store"
)

// TestServiceLoop_ClerkToSupervisor walks issue 18's loop through the
// screens as a clerk and a supervisor would, on a real station in a folder
// with a space and Chinese characters: the clerk 张窗口 records a complaint
// (投诉 → 新投诉), records a step, answers and closes it with an outcome;
// the follow-up call appears on the clerk's 回访 list and is made with a
// score; a case completed at 办结 is rated 不满意 by its customer, which
// makes a follow-up due; then the supervisor opens 日结 → 服务月报 for the
// month, and the figures on screen and in the printed PDF (read back with
// pdftotext) count exactly those records.
func TestServiceLoop_ClerkToSupervisor(t *testing.T) {
	h, sup, _ := complaintStation(t)
	ctx := context.Background()
	h.app.win.Resize(fyne.NewSize(fitWidth, fitHeight))
	home := h.app.home
	clerkName := h.app.user.Name

	// 投诉 → 新投诉: the clerk records 王芳's complaint and owns it.
	selectTab(t, h, home.complaints.root)
	s, f := newComplaint(t, h)
	f.category.SetSelectedIndex(1) // 等候时间
	h.typeInto(f.words, "上午九点来取号，等了一个多小时才轮到我。")
	h.typeInto(f.request, "希望高峰时多开窗口")
	test.Tap(f.save)
	h.wait()
	d := s.detail
	if f.message.Text != "" || d == nil || d.c == nil {
		t.Fatalf("recording refused: %q", f.message.Text)
	}
	complaint := d.c
	if complaint.OwnerName != clerkName {
		t.Fatalf("the complaint is owned by %s, want the clerk %s", complaint.OwnerName, clerkName)
	}
	// A step, the answer the next morning, the close with its outcome.
	h.clock.Set(testDay.Add(2 * time.Hour))
	test.Tap(d.stepBtn)
	h.typeInto(d.step.asked, "值班主管")
	h.typeInto(d.step.said, "当日两名同事外出培训，只开了一个窗口")
	test.Tap(d.step.save)
	h.wait()
	h.clock.Set(testDay.Add(23 * time.Hour))
	test.Tap(d.answerBtn)
	h.typeInto(d.answer.answer, "已说明原因并致歉，周一上午固定开两个窗口")
	test.Tap(d.answer.save)
	h.wait()
	test.Tap(d.closeBtn)
	d.answer.outcome.SetSelected(d.answer.outcome.Options[0]) // 属实
	test.Tap(d.answer.save)
	h.wait()
	if !d.c.Closed() || len(d.c.Steps) != 1 || !d.c.AnsweredInTime() || d.c.Outcome != forms.ComplaintUpheld {
		t.Fatalf("after the walk the complaint is %+v", d.c)
	}

	// 回访: the follow-up is the clerk's; the call is made with a score.
	h.clock.Set(testDay.Add(26 * time.Hour))
	selectTab(t, h, home.followUps.root)
	var callID string
	for _, r := range home.followUps.rows {
		if r.Source == forms.FollowUpComplaint && r.SourceID == complaint.ID {
			callID = r.ID
		}
	}
	if callID == "" {
		t.Fatalf("the closed complaint's follow-up is not on the clerk's 回访 list (%d rows)", len(home.followUps.rows))
	}
	call := openCall(t, h, home.followUps, callID)
	call.reach.SetSelected(callConvenient)
	for _, e := range call.answers {
		h.typeInto(e, "满意")
	}
	call.score.SetSelected("5分 十分满意")
	h.typeInto(call.improve, "希望能网上预约")
	test.Tap(call.saveBtn)
	h.wait()
	if fu, err := h.db.OpenFollowUp(ctx, h.app.actor(), callID); err != nil || fu.State != forms.FollowUpDone || fu.Score != 5 {
		t.Fatalf("after the call: %+v, %v", fu, err)
	}

	// 办结 of a case: the customer rates it 不满意 — a follow-up is due.
	ch := &caseHarness{harness: h, ctx: ctx}
	c := completedCase(t, ch)
	c.rating.level.SetSelected("不满意")
	h.typeInto(c.rating.comment, "材料要求讲得不清楚，跑了两趟")
	test.Tap(c.rating.save)
	h.wait()
	rating, err := h.db.RatingOfCase(ctx, c.kase.ID)
	if err != nil || rating == nil || rating.Level != forms.RatingDissatisfied {
		t.Fatalf("rating %+v, %v", rating, err)
	}
	fus, err := h.db.FollowUps(ctx, sup, store.FollowUpQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var ratingCall *forms.FollowUp
	for i := range fus {
		if fus[i].Source == forms.FollowUpRating && fus[i].SourceID == rating.ID {
			ratingCall = &fus[i]
		}
	}
	if ratingCall == nil || ratingCall.State != forms.FollowUpOpen {
		t.Fatalf("the poor rating made no follow-up due: %+v", fus)
	}

	// The supervisor: 日结 → 服务月报 for November.
	h.app.showLogin()
	h.logIn("李主管", "zhuguan123")
	home = h.app.home
	selectTab(t, h, home.dayEnd.root)
	rs := home.dayEnd.service
	if rs == nil {
		t.Fatal("the supervisor's 日结 has no 服务月报")
	}
	rs.show(2026, time.November)
	h.wait()
	r := rs.report
	if r == nil {
		t.Fatalf("no report on screen: %q", rs.message.Text)
	}
	// Exactly the walk's records: one complaint of 等候时间 at the counter
	// (新投诉's default channel or as chosen), answered in time, upheld; two
	// follow-ups (the complaint's, done in time with 5; the rating's, open);
	// one rating, 不满意.
	for what, got := range map[string][2]int{
		"complaints":             {r.Complaints, 1},
		"answered in time":       {r.AnsweredInTime, 1},
		"upheld":                 {r.ByOutcome[0].Count, 1},
		"follow-ups":             {r.FollowUpsDue, 2},
		"calls in time":          {r.FollowUpsDoneInTime, 1},
		"calls still to make":    {r.FollowUpsOpen, 1},
		"scores of 5":            {r.Scores[5], 1},
		"scores":                 {r.ScoreCount, 1},
		"ratings":                {r.Ratings, 1},
		"不满意":                    {r.RatingCounts[forms.RatingDissatisfied.Index()], 1},
		"poor ratings":           {r.RatingsPoor, 1},
		"open complaints":        {len(r.Open), 0},
		"unreachable follow-ups": {r.FollowUpsUnreachable, 0},
	} {
		if got[0] != got[1] {
			t.Errorf("服务月报 %s = %d, the walk made %d", what, got[0], got[1])
		}
	}
	shown := "\n" + strings.Join(shownReportLines(rs.figures), "\n") + "\n"
	// Table rows, by their first cells (a share may follow).
	for _, line := range []string{"本月受理 | 按期首次答复", "1 | 1（100.0%）", "等候时间 | 1", "服务态度 | 0", "窗口 | 1",
		"属实 | 1", "5分 | 十分满意 | 1", "4分 | 比较满意 | 0", "本月 1 次，不满意及以下 1 次。",
		"历届生落户 | 0 | 0 | 0 | 1 | 0 | 0 | 1", clerkName + " | 0 | 0 | 0 | 1 | 0 | 0 | 1"} {
		if !strings.Contains(shown, "\n"+line+"\n") && !strings.Contains(shown, "\n"+line+" |") {
			t.Errorf("the 服务月报 on screen lacks %q:%s", line, shown)
		}
	}
	if m := misfits(h.app.win); len(m) > 0 {
		t.Errorf("服务月报 does not fit 1280×720: %v", m)
	}

	// Printed for real and read back.
	pr := &pdfPrinter{out: &printing.Output{Dir: t.TempDir(), Now: h.clock.Now}}
	h.app.printer = pr
	test.Tap(rs.printBtn)
	h.wait()
	if len(pr.paths) != 1 {
		t.Fatalf("打印服务月报 wrote %v", pr.paths)
	}
	if text := pdfText(t, pr.paths[0]); text != "" {
		// pdftotext runs a table's cells together: 等候时间 1 100.0% reads
		// 等候时间1100.0%.
		for _, want := range []string{"2026年11月服务情况月报", "本月受理1件", "按期首次答复1件", "等候时间1100.0%", "服务态度00.0%",
			"属实1100.0%", "5分十分满意1100.0%", "历届生落户0001001", clerkName + "0001001"} {
			if !strings.Contains(text, want) {
				t.Errorf("the printed 服务月报 lacks %q:\n%s", want, text)
			}
		}
	}
}
