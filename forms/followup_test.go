package forms_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

// openFollowUp returns the follow-up of a complaint closed on Monday
// 2026-11-23 at 10:00, to be called by clerk B: due Thursday 11-26 10:00.
func openFollowUp(t *testing.T) *forms.FollowUp {
	t.Helper()
	f, err := forms.NewFollowUp(forms.FollowUpComplaint, "cmp-1", atT("2026-11-23 10:00"), clerkB)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func cloneFollowUp(f *forms.FollowUp) *forms.FollowUp {
	n := *f
	n.Attempts = append([]forms.FollowUpAttempt(nil), f.Attempts...)
	n.Answers = append([]forms.FollowUpAnswer(nil), f.Answers...)
	return &n
}

func noAnswer(s string) forms.FollowUpAttempt {
	return forms.FollowUpAttempt{At: atT(s), Note: "无人接听"}
}

func scored(n int) forms.FollowUpResult {
	return forms.FollowUpResult{Score: n, Scored: true,
		Answers: []forms.FollowUpAnswer{{QuestionID: "solved", Question: "请问您反映的问题是否已经得到解决？", Answer: "解决了"}}}
}

func TestFollowUpWindow(t *testing.T) {
	f := openFollowUp(t)
	if !f.DueAt.Equal(atT("2026-11-26 10:00")) || f.State != forms.FollowUpOpen || f.CallerName != "李强" {
		t.Fatalf("new follow-up = %+v", f)
	}
	tests := []struct {
		now     string
		overdue bool
		near    bool
	}{
		{"2026-11-23 10:00", false, false},
		{"2026-11-25 09:59", false, false}, // 24 h 1 min left
		{"2026-11-25 10:00", false, true},  // 24 h left
		{"2026-11-26 10:00", false, true},  // the 72nd hour
		{"2026-11-26 10:01", true, false},
	}
	for _, tt := range tests {
		if got := f.Overdue(atT(tt.now)); got != tt.overdue {
			t.Errorf("%s: Overdue = %v, want %v", tt.now, got, tt.overdue)
		}
		if got := f.NearDue(atT(tt.now)); got != tt.near {
			t.Errorf("%s: NearDue = %v, want %v", tt.now, got, tt.near)
		}
	}
	done := []struct {
		at     string
		inTime bool
	}{
		{"2026-11-23 15:00", true},
		{"2026-11-26 10:00", true},  // exactly 72 hours
		{"2026-11-26 10:01", false}, // one minute late
	}
	for _, tt := range done {
		f := openFollowUp(t)
		must(t, f.Complete(clerkB, atT(tt.at), scored(4)))
		if f.DoneInTime() != tt.inTime {
			t.Errorf("done at %s: DoneInTime = %v, want %v", tt.at, f.DoneInTime(), tt.inTime)
		}
	}
	t.Run("a call-back moves DueAt but not the 72 hours", func(t *testing.T) {
		f := openFollowUp(t)
		must(t, f.RecordAttempt(clerkB, forms.FollowUpAttempt{At: atT("2026-11-24 09:00"), Reached: true, CallBackAt: atT("2026-11-27 15:00")}))
		if f.State != forms.FollowUpCallback || !f.DueAt.Equal(atT("2026-11-27 15:00")) {
			t.Fatalf("after call-back request: %s %v", f.State, f.DueAt)
		}
		// Finding 6 of issue 18: the deadline stays, the agreed time is beside it.
		if !f.WindowEnd().Equal(atT("2026-11-26 10:00")) || !f.CallBackAt().Equal(atT("2026-11-27 15:00")) || !f.CallBackAfterWindow() {
			t.Errorf("window end %v, call-back %v, after window %v", f.WindowEnd(), f.CallBackAt(), f.CallBackAfterWindow())
		}
		if f.Overdue(atT("2026-11-27 09:00")) {
			t.Error("overdue before the agreed time")
		}
		must(t, f.Complete(clerkB, atT("2026-11-27 15:05"), scored(5)))
		if !f.DoneInTime() || !f.DoneAtCustomersTime() {
			t.Error("a call at the customer's own later time, agreed within the 72 hours, counts as in time (apart)")
		}
		if !f.CallBackAt().Equal(atT("2026-11-27 15:00")) {
			t.Errorf("a done call keeps its agreed time: %v", f.CallBackAt())
		}
	})
}

// TestFollowUpInTimeWithCallBack is the in-time rule with a call-back
// (finding 6 of issue 18): within 72 hours is in time; when the customer,
// reached within the 72 hours, asked for a later time, a call by the end
// of that day is in time too (counted apart); an agreement made after the
// 72 hours extends nothing.
func TestFollowUpInTimeWithCallBack(t *testing.T) {
	tests := []struct {
		name       string
		tries      []forms.FollowUpAttempt
		done       string
		inTime     bool
		customers  bool
		afterWindw bool
	}{
		{"no call-back, done at 72 h", nil, "2026-11-26 10:00", true, false, false},
		{"no call-back, late", nil, "2026-11-26 10:01", false, false, false},
		{"call-back inside the window, done then", []forms.FollowUpAttempt{
			{At: atT("2026-11-24 09:00"), Reached: true, CallBackAt: atT("2026-11-25 15:00")}}, "2026-11-25 15:00", true, false, false},
		{"call-back after the window, done that evening", []forms.FollowUpAttempt{
			{At: atT("2026-11-24 09:00"), Reached: true, CallBackAt: atT("2026-11-28 10:00")}}, "2026-11-28 18:30", true, true, true},
		{"call-back after the window, done the day after", []forms.FollowUpAttempt{
			{At: atT("2026-11-24 09:00"), Reached: true, CallBackAt: atT("2026-11-28 10:00")}}, "2026-11-29 09:00", false, false, true},
		{"agreed after the window had ended", []forms.FollowUpAttempt{
			{At: atT("2026-11-26 11:00"), Reached: true, CallBackAt: atT("2026-11-27 10:00")}}, "2026-11-27 10:00", false, false, true},
		{"not answered, then agreed later within the window", []forms.FollowUpAttempt{
			{At: atT("2026-11-24 09:00"), Note: "无人接听"},
			{At: atT("2026-11-26 09:00"), Reached: true, CallBackAt: atT("2026-11-30 09:00")}}, "2026-11-30 09:30", true, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := openFollowUp(t)
			for _, a := range tt.tries {
				must(t, f.RecordAttempt(clerkB, a))
			}
			if f.CallBackAfterWindow() != tt.afterWindw {
				t.Errorf("CallBackAfterWindow = %v, want %v", f.CallBackAfterWindow(), tt.afterWindw)
			}
			must(t, f.Complete(clerkB, atT(tt.done), scored(4)))
			if f.DoneInTime() != tt.inTime || f.DoneAtCustomersTime() != tt.customers {
				t.Errorf("DoneInTime = %v, DoneAtCustomersTime = %v, want %v, %v (in time by %v)",
					f.DoneInTime(), f.DoneAtCustomersTime(), tt.inTime, tt.customers, f.InTimeBy())
			}
		})
	}
}

func TestFollowUpRules(t *testing.T) {
	tests := []struct {
		name string
		prep func(f *forms.FollowUp)
		do   func(f *forms.FollowUp) error
		code string
		msg  string
	}{
		{"a score above 5", nil, func(f *forms.FollowUp) error { return f.Complete(clerkB, atT("2026-11-24 10:00"), scored(6)) },
			forms.EINVALID, "回访评分6分无效：只能打0到5分（5分十分满意"},
		{"a score below 0", nil, func(f *forms.FollowUp) error { return f.Complete(clerkB, atT("2026-11-24 10:00"), scored(-1)) },
			forms.EINVALID, "回访评分-1分无效"},
		{"a done call without a score", nil, func(f *forms.FollowUp) error {
			return f.Complete(clerkB, atT("2026-11-24 10:00"), forms.FollowUpResult{Improve: "无"})
		}, forms.EINVALID, "完成回访前请让客户对整体服务打分（0到5分）"},
		{"a new problem without words", nil, func(f *forms.FollowUp) error {
			r := scored(2)
			r.NewProblem = true
			return f.Complete(clerkB, atT("2026-11-24 10:00"), r)
		}, forms.EINVALID, "客户反映了新问题：请按客户原话填写新问题"},
		{"a new problem without its category", nil, func(f *forms.FollowUp) error {
			r := scored(2)
			r.NewProblem, r.NewProblemText, r.NewProblemComplexity = true, "材料复印件没退", forms.ComplaintSimple
			return f.Complete(clerkB, atT("2026-11-24 10:00"), r)
		}, forms.EINVALID, "客户提出的新问题要登记为投诉：请选择它的投诉类别"},
		{"a new problem without simple or complex", nil, func(f *forms.FollowUp) error {
			r := scored(2)
			r.NewProblem, r.NewProblemText, r.NewProblemCategory = true, "材料复印件没退", forms.CategoryLostPapers
			return f.Complete(clerkB, atT("2026-11-24 10:00"), r)
		}, forms.EINVALID, "请选择简单（1个工作日内首次答复）或复杂（5个工作日内）"},
		{"an answer repeated", nil, func(f *forms.FollowUp) error {
			r := scored(3)
			r.Answers = append(r.Answers, r.Answers[0])
			return f.Complete(clerkB, atT("2026-11-24 10:00"), r)
		}, forms.EINVALID, "缺少编号或重复"},
		{"improvement too long", nil, func(f *forms.FollowUp) error {
			r := scored(3)
			r.Improve = strings.Repeat("改", 1001)
			return f.Complete(clerkB, atT("2026-11-24 10:00"), r)
		}, forms.EINVALID, "改进意见过长（1001个字），最多1000个字"},
		{"another clerk calls", nil, func(f *forms.FollowUp) error { return f.Complete(clerkA, atT("2026-11-24 10:00"), scored(4)) },
			forms.EFORBIDDEN, "这次回访由李强负责，只有李强能记录"},
		{"a supervisor records without being the caller", nil, func(f *forms.FollowUp) error {
			return f.RecordAttempt(supervisor, noAnswer("2026-11-24 10:00"))
		}, forms.EFORBIDDEN, "请主管改派"},
		{"not convenient without a call-back time", nil, func(f *forms.FollowUp) error {
			return f.RecordAttempt(clerkB, forms.FollowUpAttempt{At: atT("2026-11-24 10:00"), Reached: true})
		}, forms.EINVALID, "客户现在不方便：请问客户什么时候方便"},
		{"a call-back time in the past", nil, func(f *forms.FollowUp) error {
			return f.RecordAttempt(clerkB, forms.FollowUpAttempt{At: atT("2026-11-24 10:00"), Reached: true, CallBackAt: atT("2026-11-24 09:00")})
		}, forms.EINVALID, "再次回访时间 2026-11-24 09:00 已经过去（本次通话是 2026-11-24 10:00）：请问客户什么时候方便，填写以后的时间"},
		{"a call-back time a year on", nil, func(f *forms.FollowUp) error {
			return f.RecordAttempt(clerkB, forms.FollowUpAttempt{At: atT("2026-11-24 10:00"), Reached: true, CallBackAt: atT("2027-11-24 10:00")})
		}, forms.EINVALID, "离现在超过31天"},
		{"a convenient call as a mere try", nil, func(f *forms.FollowUp) error {
			return f.RecordAttempt(clerkB, forms.FollowUpAttempt{At: atT("2026-11-24 10:00"), Reached: true, Convenient: true})
		}, forms.EINVALID, "请逐项记录回答和评分后完成回访"},
		{"a try before the complaint closed", nil, func(f *forms.FollowUp) error {
			return f.RecordAttempt(clerkB, noAnswer("2026-11-22 10:00"))
		}, forms.EINVALID, "回访时间早于回访来源的时间"},
		{"a fourth try after unreachable", func(f *forms.FollowUp) {
			must(t, f.RecordAttempt(clerkB, noAnswer("2026-11-23 15:00")))
			must(t, f.RecordAttempt(clerkB, noAnswer("2026-11-24 10:00")))
			must(t, f.RecordAttempt(clerkB, noAnswer("2026-11-25 16:00")))
		}, func(f *forms.FollowUp) error { return f.RecordAttempt(clerkB, noAnswer("2026-11-26 09:00")) },
			forms.ECONFLICT, "已联系3次都没有接通，这次回访已记为“无法联系”，不能再记录第4次"},
		{"a completed call after unreachable", func(f *forms.FollowUp) {
			for _, s := range []string{"2026-11-23 15:00", "2026-11-24 10:00", "2026-11-25 16:00"} {
				must(t, f.RecordAttempt(clerkB, noAnswer(s)))
			}
		}, func(f *forms.FollowUp) error { return f.Complete(clerkB, atT("2026-11-26 09:00"), scored(5)) },
			forms.ECONFLICT, "无法联系"},
		{"a done call is not recorded again", func(f *forms.FollowUp) {
			must(t, f.Complete(clerkB, atT("2026-11-24 10:00"), scored(5)))
		}, func(f *forms.FollowUp) error { return f.Complete(clerkB, atT("2026-11-24 11:00"), scored(1)) },
			forms.ECONFLICT, "这次回访已于2026-11-24 10:00完成"},
		{"an unassigned follow-up", func(f *forms.FollowUp) { f.CallerID, f.CallerName = "", "" },
			func(f *forms.FollowUp) error { return f.RecordAttempt(clerkB, noAnswer("2026-11-24 10:00")) },
			forms.EFORBIDDEN, "这次回访还没有指定回访人：请主管先指定"},
		{"a clerk assigning", nil, func(f *forms.FollowUp) error { return f.Assign(clerkB, clerkA) },
			forms.EFORBIDDEN, "只有主管能指定或改派回访人"},
		{"assigning a disabled user", nil, func(f *forms.FollowUp) error { return f.Assign(supervisor, offClerk) },
			forms.EINVALID, "请选择一位在用的工作人员作回访人"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := openFollowUp(t)
			if tt.prep != nil {
				tt.prep(f)
			}
			before := cloneFollowUp(f)
			err := tt.do(f)
			if forms.ErrorCode(err) != tt.code || !strings.Contains(forms.ErrorMessage(err), tt.msg) {
				t.Fatalf("err = %v (%s), want %s with %q", err, forms.ErrorMessage(err), tt.code, tt.msg)
			}
			if !reflect.DeepEqual(f, before) {
				t.Errorf("a refused change changed the follow-up:\n%+v\n%+v", f, before)
			}
		})
	}
}

func TestFollowUpOutcomes(t *testing.T) {
	t.Run("unreachable after three tries; an inconvenient answer is no failed try", func(t *testing.T) {
		f := openFollowUp(t)
		must(t, f.RecordAttempt(clerkB, noAnswer("2026-11-23 15:00")))
		must(t, f.RecordAttempt(clerkB, forms.FollowUpAttempt{At: atT("2026-11-24 09:00"), Reached: true, CallBackAt: atT("2026-11-24 16:00")}))
		must(t, f.RecordAttempt(clerkB, noAnswer("2026-11-24 16:00")))
		if f.State != forms.FollowUpCallback || f.Unanswered() != 2 {
			t.Fatalf("after two failed tries: %s, %d", f.State, f.Unanswered())
		}
		must(t, f.RecordAttempt(clerkB, noAnswer("2026-11-25 10:00")))
		if f.State != forms.FollowUpUnreachable || !f.Finished() || f.Overdue(atT("2026-12-01 10:00")) {
			t.Errorf("after three failed tries: %s", f.State)
		}
	})
	t.Run("done, with a score of 0 and a new problem", func(t *testing.T) {
		f := openFollowUp(t)
		r := scored(0)
		r.Improve, r.NewProblem, r.NewProblemText = "希望增加窗口", true, "我的档案转出还没有消息"
		r.NewProblemCategory, r.NewProblemComplexity = forms.CategoryOther, forms.ComplaintSimple
		must(t, f.Complete(clerkB, atT("2026-11-24 10:00"), r))
		if f.State != forms.FollowUpDone || !f.Scored || f.Score != 0 || forms.ScoreName(f.Score) != "感觉极差" ||
			f.NewProblemText != "我的档案转出还没有消息" || len(f.Attempts) != 1 || !f.Attempts[0].Convenient {
			t.Errorf("done = %+v", f)
		}
	})
	t.Run("a supervisor reassigns, and the new caller calls", func(t *testing.T) {
		f := openFollowUp(t)
		must(t, f.Assign(supervisor, clerkA))
		must(t, f.Complete(clerkA, atT("2026-11-24 10:00"), scored(5)))
	})
}

func TestFollowUpCanRead(t *testing.T) {
	f := openFollowUp(t)
	offSup := &forms.User{ID: "u-s2", Name: "钱主管", Role: forms.RoleSupervisor, Disabled: true}
	for _, tt := range []struct {
		u    *forms.User
		want bool
	}{{supervisor, true}, {clerkB, true}, {clerkA, false}, {offSup, false}, {nil, false}} {
		name := "<nil>"
		if tt.u != nil {
			name = tt.u.Name
		}
		if got := f.CanRead(tt.u); got != tt.want {
			t.Errorf("CanRead(%s) = %v, want %v", name, got, tt.want)
		}
	}
	f.CallerID = ""
	if f.CanRead(&forms.User{ID: "", Name: "空"}) {
		t.Error("an unassigned follow-up is readable by a user without an ID")
	}
}

func TestNewFollowUp(t *testing.T) {
	if _, err := forms.NewFollowUp("visit", "x", atT("2026-11-23 10:00"), nil); forms.ErrorCode(err) != forms.EINVALID || !strings.Contains(forms.ErrorMessage(err), "回访来源“visit”无效") {
		t.Errorf("unknown source: %v", err)
	}
	if _, err := forms.NewFollowUp(forms.FollowUpRating, "", time.Time{}, nil); forms.ErrorCode(err) != forms.EINVALID {
		t.Errorf("no source: %v", err)
	}
	f, err := forms.NewFollowUp(forms.FollowUpRating, "r-1", atT("2026-11-23 10:00"), nil)
	if err != nil || f.CallerID != "" || !f.DueAt.Equal(atT("2026-11-26 10:00")) {
		t.Errorf("rating follow-up: %+v %v", f, err)
	}
}

func TestFollowUpScale(t *testing.T) {
	want := []string{"感觉极差", "十分不满意", "不满意", "感觉一般", "比较满意", "十分满意"}
	for n, name := range want {
		if forms.ScoreName(n) != name || forms.CheckScore(n) != nil {
			t.Errorf("score %d: %q, %v", n, forms.ScoreName(n), forms.CheckScore(n))
		}
	}
	if forms.ScoreName(6) != "" || forms.CheckScore(6) == nil {
		t.Error("6 is not on the scale")
	}
}

func TestFollowUpScript(t *testing.T) {
	s := forms.DefaultFollowUpScript()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s.Opening, "是否方便") || !strings.Contains(s.NotConvenient, "什么时候方便") || len(s.Asked()) != 5 {
		t.Errorf("default script = %+v", s)
	}
	d := forms.DefaultFollowUpScript()
	if got := d.Line(d.Opening, "某某人才服务中心"); !strings.HasPrefix(got, "您好，我是某某人才服务中心的工作人员") {
		t.Errorf("line = %q", got)
	}
	tests := []struct {
		name string
		edit func(s *forms.FollowUpScript)
		msg  string
	}{
		{"no opening", func(s *forms.FollowUpScript) { s.Opening = "" }, "开场白（询问是否方便）：请填写回访话术"},
		{"no questions", func(s *forms.FollowUpScript) { s.Questions = nil }, "回访话术至少要有一个问题"},
		{"a question ID twice", func(s *forms.FollowUpScript) { s.Questions[1].ID = "solved" }, "回访问题编号“solved”重复"},
		{"a bad question ID", func(s *forms.FollowUpScript) { s.Questions[0].ID = "问题1" }, "第1个回访问题的编号“问题1”无效"},
		{"an empty question", func(s *forms.FollowUpScript) { s.Questions[2].Text = " " }, "第3个回访问题：请填写回访话术"},
		{"a question too long", func(s *forms.FollowUpScript) { s.Questions[2].Text = strings.Repeat("问", 301) }, "回访话术过长（301个字），最多300个字"},
		{"all questions off", func(s *forms.FollowUpScript) {
			for i := range s.Questions {
				s.Questions[i].Off = true
			}
		}, "回访问题全部停用了"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := forms.DefaultFollowUpScript()
			tt.edit(&s)
			err := s.Validate()
			if forms.ErrorCode(err) != forms.EINVALID || !strings.Contains(forms.ErrorMessage(err), tt.msg) {
				t.Errorf("err = %v (%s), want %q", err, forms.ErrorMessage(err), tt.msg)
			}
		})
	}
}

func TestFollowUpSources(t *testing.T) {
	c := received(t)
	if _, err := forms.ComplaintFollowUp(c, clerkB); forms.ErrorCode(err) != forms.ECONFLICT || !strings.Contains(forms.ErrorMessage(err), "办结后才安排回访") {
		t.Errorf("open complaint: %v", err)
	}
	c.ID, c.CaseID = "cmp-1", "case-9"
	must(t, c.Close(clerkA, atT("2026-11-23 10:00"), forms.ComplaintUpheld, "已道歉"))
	f, err := forms.ComplaintFollowUp(c, clerkB)
	if err != nil || f.Source != forms.FollowUpComplaint || f.CustomerID != "c-1" || f.CaseID != "case-9" || !f.DueAt.Equal(atT("2026-11-26 10:00")) {
		t.Errorf("complaint follow-up: %+v %v", f, err)
	}

	ok := &forms.Rating{ID: "r-1", CaseID: "case-1", Level: forms.RatingBasic, At: atT("2026-11-23 10:00")}
	if _, err := forms.RatingFollowUp(ok, nil); forms.ErrorCode(err) != forms.ECONFLICT || !strings.Contains(forms.ErrorMessage(err), "客户评价为“基本满意”，不需要回访") {
		t.Errorf("basic rating: %v", err)
	}
	poor := &forms.Rating{ID: "r-2", CaseID: "case-2", CustomerID: "c-2", ServiceCode: "A", Level: forms.RatingVeryDissatisfied, At: atT("2026-11-23 10:00")}
	f, err = forms.RatingFollowUp(poor, nil)
	if err != nil || f.Source != forms.FollowUpRating || f.SourceID != "r-2" || f.ServiceCode != "A" || f.CallerID != "" {
		t.Errorf("rating follow-up: %+v %v", f, err)
	}

	// A new problem on the call becomes a complaint the caller owns.
	f, _ = forms.ComplaintFollowUp(c, clerkB)
	r := scored(2)
	r.NewProblem, r.NewProblemText = true, "我的档案转出还没有消息"
	r.NewProblemCategory, r.NewProblemComplexity = forms.CategoryWrongInfo, forms.ComplaintComplex
	must(t, f.Complete(clerkB, atT("2026-11-24 10:00"), r))
	nc := f.ProblemComplaint(r.NewProblemCategory, r.NewProblemComplexity)
	must(t, nc.Receive(clerkB, atT("2026-11-24 10:05"), forms.DefaultComplaintCategories(), realCal2026(t)))
	if nc.OwnerID != clerkB.ID || nc.Words != "我的档案转出还没有消息" || nc.Channel != forms.ChannelPhone || nc.CustomerID != "c-1" || nc.CaseID != "case-9" ||
		nc.CategoryName != "信息有误" || nc.Complexity != forms.ComplaintComplex {
		t.Errorf("new complaint = %+v", nc)
	}
}
