package store

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"counterdesk/forms"
)

// closedComplaint records and closes a complaint by the fixture's clerk
// and returns it with its follow-up.
func closedComplaint(t *testing.T, f *fixture, cust *forms.Customer) (*forms.Complaint, *forms.FollowUp) {
	t.Helper()
	ctx := context.Background()
	c, err := f.db.RecordComplaint(ctx, f.clerk, newTestComplaint(cust.ID, forms.ComplaintSimple))
	must(t, err)
	c, fu, err := f.db.CloseComplaint(ctx, f.clerk, c.ID, forms.ComplaintPartly, "已说明，系统已修")
	must(t, err)
	return c, fu
}

// followUpCount counts the stored follow-ups.
func followUpCount(t *testing.T, db *DB) int {
	t.Helper()
	var n int
	must(t, db.db.QueryRow("SELECT count(*) FROM follow_ups").Scan(&n))
	return n
}

// TestFollowUp_ReadOnlyByAllowed: the caller and supervisors list and open
// the record, each opening audited; another clerk lists nothing and is
// refused, with nothing recorded (seed 004).
func TestFollowUp_ReadOnlyByAllowed(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	saveTestCalendar(t, f)
	cust := f.member(t, "冯回访")
	_, fu := closedComplaint(t, f, cust)
	other, _ := f.secondClerk(t, "陈旁人")

	n0 := auditCount(t, f.db)
	_, err := f.db.OpenFollowUp(ctx, other, fu.ID)
	assertErr(t, err, forms.EFORBIDDEN, "回访记录只有主管和回访人"+clerkNm+"能查阅")
	if auditCount(t, f.db) != n0 {
		t.Fatal("a refused reading was recorded or changed something")
	}
	list, err := f.db.FollowUps(ctx, other, FollowUpQuery{})
	must(t, err)
	if len(list) != 0 {
		t.Fatalf("another clerk lists %v", list)
	}
	for _, a := range []forms.Actor{f.clerk, f.sup} {
		list, err := f.db.FollowUps(ctx, a, FollowUpQuery{OpenOnly: true})
		must(t, err)
		if len(list) != 1 || list[0].ID != fu.ID || list[0].CustomerName != "冯回访" || list[0].State != forms.FollowUpOpen {
			t.Fatalf("%s lists %+v", a.UserID, list)
		}
		before := auditCount(t, f.db)
		got, err := f.db.OpenFollowUp(ctx, a, fu.ID)
		must(t, err)
		if !reflect.DeepEqual(got, fu) {
			t.Fatalf("opened %+v, made %+v", got, fu)
		}
		if auditCount(t, f.db) != before+1 || lastAudit(t, f.db, fu.ID, ActFollowUpView).UserID != a.UserID {
			t.Fatalf("opening by %s not audited", a.UserID)
		}
	}
}

// TestFollowUp_AttemptsScoreNewProblem: a score outside 0–5 is refused
// with nothing changed; not convenient moves the due time; a completed
// call with a new problem opens a new complaint owned by the caller; three
// unanswered tries make another follow-up unreachable (its list row
// counts them, Tried), and a fourth is refused.
func TestFollowUp_AttemptsScoreNewProblem(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	saveTestCalendar(t, f)
	cust := f.member(t, "蒋回访")
	_, fu := closedComplaint(t, f, cust)

	f.clk.Add(time.Hour)
	callBack := f.clk.Now().Add(5 * time.Hour)
	fu, err := f.db.RecordFollowUpAttempt(ctx, f.clerk, fu.ID, forms.FollowUpAttempt{Reached: true, CallBackAt: callBack})
	must(t, err)
	if fu.State != forms.FollowUpCallback || !fu.DueAt.Equal(callBack) {
		t.Fatalf("after not convenient: %s due %s", fu.State, fu.DueAt)
	}
	lastAudit(t, f.db, fu.ID, ActFollowUpAttempt)

	n0, c0 := auditCount(t, f.db), complaintCount(t, f.db)
	_, _, err = f.db.CompleteFollowUp(ctx, f.clerk, fu.ID, forms.FollowUpResult{Score: 6, Scored: true})
	assertErr(t, err, forms.EINVALID, "回访评分6分无效：只能打0到5分")
	_, _, err = f.db.CompleteFollowUp(ctx, f.clerk, fu.ID, forms.FollowUpResult{Score: -1, Scored: true})
	assertErr(t, err, forms.EINVALID, "回访评分-1分无效")
	got, err := f.db.OpenFollowUp(ctx, f.clerk, fu.ID)
	must(t, err)
	if !reflect.DeepEqual(got, fu) || auditCount(t, f.db) != n0+1 || complaintCount(t, f.db) != c0 {
		t.Fatalf("a refused score changed the follow-up: %+v", got)
	}

	// A new problem is a complaint of the category and complexity the
	// caller chose (finding 12 of issue 18: it was fixed at 其他/简单); a
	// category switched off, or none chosen, is refused with nothing
	// changed.
	problem := forms.FollowUpResult{Score: 2, Scored: true,
		Answers: []forms.FollowUpAnswer{{QuestionID: "solved", Question: "问题解决了吗？", Answer: "解决了"}},
		Improve: "多安排一个窗口", NewProblem: true, NewProblemText: "上次交的材料复印件没有退还",
		NewProblemCategory: forms.CategoryLostPapers, NewProblemComplexity: forms.ComplaintComplex}
	cats := forms.DefaultComplaintCategories()
	cats[4].Off = true // 材料遗失
	must(t, f.db.SetComplaintCategories(ctx, f.sup, cats))
	n1 := auditCount(t, f.db)
	_, _, err = f.db.CompleteFollowUp(ctx, f.clerk, fu.ID, problem)
	assertErr(t, err, forms.EINVALID, "投诉类别“材料遗失”已停用：请选择在用的类别，或请主管重新启用")
	noCat := problem
	noCat.NewProblemCategory = ""
	_, _, err = f.db.CompleteFollowUp(ctx, f.clerk, fu.ID, noCat)
	assertErr(t, err, forms.EINVALID, "客户提出的新问题要登记为投诉：请选择它的投诉类别")
	noCx := problem
	noCx.NewProblemComplexity = ""
	_, _, err = f.db.CompleteFollowUp(ctx, f.clerk, fu.ID, noCx)
	assertErr(t, err, forms.EINVALID, "客户提出的新问题要登记为投诉：请选择简单（1个工作日内首次答复）或复杂（5个工作日内）")
	if got, err := f.db.OpenFollowUp(ctx, f.clerk, fu.ID); err != nil || got.Finished() ||
		auditCount(t, f.db) != n1+1 || complaintCount(t, f.db) != c0 {
		t.Fatalf("a refused new problem changed something: %+v, %v", got, err)
	}
	cats[4].Off = false
	must(t, f.db.SetComplaintCategories(ctx, f.sup, cats))
	done, nc, err := f.db.CompleteFollowUp(ctx, f.clerk, fu.ID, problem)
	must(t, err)
	if done.NewComplaintNumber != nc.Number {
		t.Errorf("the call's record names complaint %q, want %s", done.NewComplaintNumber, nc.Number)
	}
	if again, err := f.db.OpenFollowUp(ctx, f.clerk, fu.ID); err != nil || again.NewComplaintNumber != nc.Number {
		t.Errorf("the stored call's record names complaint %q (%v), want %s", again.NewComplaintNumber, err, nc.Number)
	}
	if nc.Category != forms.CategoryLostPapers || nc.CategoryName != "材料遗失" || nc.Complexity != forms.ComplaintComplex {
		t.Errorf("new complaint's category %s (%s), complexity %s", nc.Category, nc.CategoryName, nc.Complexity)
	}
	if done.State != forms.FollowUpDone || done.Score != 2 || !done.DoneInTime() || nc == nil || done.NewComplaintID != nc.ID {
		t.Fatalf("done %+v, new complaint %+v", done, nc)
	}
	if nc.OwnerID != f.clerk.UserID || nc.CustomerID != cust.ID || nc.Words != "上次交的材料复印件没有退还" ||
		nc.Channel != forms.ChannelPhone || nc.Number != "TS-2026-0002" {
		t.Fatalf("new complaint %+v", nc)
	}

	// Unreachable after three tries.
	_, fu2 := closedComplaint(t, f, cust)
	for i := 0; i < forms.FollowUpMaxTries; i++ {
		fu2, err = f.db.RecordFollowUpAttempt(ctx, f.clerk, fu2.ID, forms.FollowUpAttempt{Note: "无人接听"})
		must(t, err)
	}
	if fu2.State != forms.FollowUpUnreachable {
		t.Fatalf("after three tries: %s", fu2.State)
	}
	// The list row counts the tries without carrying them (they are read
	// with the audited opening).
	rows, err := f.db.FollowUps(ctx, f.clerk, FollowUpQuery{})
	must(t, err)
	listed := false
	for _, r := range rows {
		if r.ID != fu2.ID {
			continue
		}
		listed = true
		if r.Tried != forms.FollowUpMaxTries || r.Tries() != forms.FollowUpMaxTries || r.Attempts != nil {
			t.Fatalf("list row of the unreachable follow-up: tried %d, attempts %v", r.Tried, r.Attempts)
		}
	}
	if !listed {
		t.Fatal("the unreachable follow-up is not listed")
	}
	_, err = f.db.RecordFollowUpAttempt(ctx, f.clerk, fu2.ID, forms.FollowUpAttempt{Note: "无人接听"})
	assertErr(t, err, forms.ECONFLICT, "无法联系")
}

// TestFollowUp_AssignAndScript: only a supervisor assigns; the script is
// the seed's until a supervisor saves one.
func TestFollowUp_AssignAndScript(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	saveTestCalendar(t, f)
	cust := f.member(t, "沈回访")
	_, fu := closedComplaint(t, f, cust)
	other, u2 := f.secondClerk(t, "韩接手")
	_, err := f.db.AssignFollowUp(ctx, f.clerk, fu.ID, u2.ID)
	assertErr(t, err, forms.EFORBIDDEN, "须主管批准")
	fu, err = f.db.AssignFollowUp(ctx, f.sup, fu.ID, u2.ID)
	must(t, err)
	if fu.CallerID != u2.ID {
		t.Fatalf("caller %s", fu.CallerName)
	}
	if _, err := f.db.OpenFollowUp(ctx, other, fu.ID); err != nil {
		t.Fatal(err)
	}
	_, err = f.db.OpenFollowUp(ctx, f.clerk, fu.ID)
	assertErr(t, err, forms.EFORBIDDEN, "回访人韩接手")

	s, err := f.db.FollowUpScript(ctx)
	must(t, err)
	if !reflect.DeepEqual(s, forms.DefaultFollowUpScript()) {
		t.Fatal("the default script is not the seed's")
	}
	s.Questions = append(s.Questions, forms.FollowUpQuestion{ID: "queue", Text: "请问您等候的时间长吗？"})
	assertErr(t, f.db.SetFollowUpScript(ctx, f.clerk, s), forms.EFORBIDDEN, "须主管批准")
	must(t, f.db.SetFollowUpScript(ctx, f.sup, s))
	got, err := f.db.FollowUpScript(ctx)
	must(t, err)
	want := s
	want.Questions = slices.Clone(s.Questions)
	must(t, want.Validate()) // as stored: normalised
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("saved script not read back")
	}
	lastAudit(t, f.db, listFollowUpScript, ActFollowUpScript)
	bad := s
	bad.Opening = ""
	assertErr(t, f.db.SetFollowUpScript(ctx, f.sup, bad), forms.EINVALID, "开场白")
}
