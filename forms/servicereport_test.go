package forms_test

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

func TestShare(t *testing.T) {
	tests := []struct {
		s        forms.Share
		permille int
		tenths   int
		text     string
	}{
		{forms.Share{3, 4}, 750, 8, "3/4（75.0%）"},
		{forms.Share{2, 3}, 667, 7, "2/3（66.7%）"},
		{forms.Share{1, 8}, 125, 1, "1/8（12.5%）"},
		{forms.Share{1, 2000}, 1, 0, "1/2000（0.1%）"}, // 0.5‰ rounds up
		{forms.Share{14, 4}, 3500, 35, "14/4（350.0%）"},
		{forms.Share{0, 0}, 0, 0, "—"},
	}
	for _, tt := range tests {
		if tt.s.Permille() != tt.permille || tt.s.Tenths() != tt.tenths || tt.s.String() != tt.text {
			t.Errorf("%v: permille %d tenths %d %q, want %d %d %q", tt.s, tt.s.Permille(), tt.s.Tenths(), tt.s.String(), tt.permille, tt.tenths, tt.text)
		}
	}
}

// monthRecords is a small hand-built station: complaints, follow-ups and
// ratings around November 2026, with the expected figures written out in
// TestServiceReportNovember.
func monthRecords(t *testing.T) ([]forms.Complaint, []forms.FollowUp, []forms.Rating) {
	t.Helper()
	cal := realCal2026(t)
	cats := forms.DefaultComplaintCategories()
	mk := func(id, received string, cx forms.ComplaintComplexity, cat string, ch forms.ComplaintChannel) *forms.Complaint {
		c := forms.Complaint{ID: id, Number: "TS-" + id, CustomerID: "cust", Channel: ch, Category: cat, Words: "投诉内容", Complexity: cx}
		must(t, c.Receive(clerkA, atT(received), cats, cal))
		return &c
	}
	var cs []forms.Complaint
	// C1: Monday 11-02, simple, due 11-03; answered and closed in time.
	c := mk("C1", "2026-11-02 09:00", forms.ComplaintSimple, forms.CategoryAttitude, forms.ChannelCounter)
	must(t, c.Close(clerkA, atT("2026-11-03 15:00"), forms.ComplaintUpheld, "已道歉"))
	cs = append(cs, *c)
	// C2: Friday 11-06 after hours, simple, due Monday 11-09; answered
	// late on 11-10, closed 11-12.
	c = mk("C2", "2026-11-06 17:30", forms.ComplaintSimple, forms.CategoryWaiting, forms.ChannelPhone)
	must(t, c.GiveAnswer(clerkA, atT("2026-11-10 09:00"), "正在核查"))
	must(t, c.Close(clerkA, atT("2026-11-12 11:00"), forms.ComplaintPartly, "部分属实"))
	cs = append(cs, *c)
	// C3: Friday 11-13, complex, due 11-20; closed 11-19.
	c = mk("C3", "2026-11-13 10:00", forms.ComplaintComplex, forms.CategoryFees, forms.ChannelLetter)
	must(t, c.Close(clerkA, atT("2026-11-19 16:00"), forms.ComplaintNotUpheld, "收费无误"))
	cs = append(cs, *c)
	// C4: Friday 11-27, simple, due Monday 11-30; never answered.
	c = mk("C4", "2026-11-27 16:00", forms.ComplaintSimple, forms.CategoryWaiting, forms.ChannelOnline)
	cs = append(cs, *c)
	// C5: Monday 11-30 after hours, complex, due 12-07; answered 12-02,
	// still open.
	c = mk("C5", "2026-11-30 20:00", forms.ComplaintComplex, forms.CategoryOther, forms.ChannelCounter)
	must(t, c.GiveAnswer(clerkA, atT("2026-12-02 10:00"), "已转有关部门"))
	cs = append(cs, *c)
	// C6: October, answered in time, closed 12-01: open at the end of
	// November, 33 days old.
	c = mk("C6", "2026-10-28 11:00", forms.ComplaintSimple, forms.CategoryAttitude, forms.ChannelPhone)
	must(t, c.GiveAnswer(clerkA, atT("2026-10-29 10:00"), "正在核查"))
	must(t, c.Close(clerkA, atT("2026-12-01 10:00"), forms.ComplaintUpheld, "已处理"))
	cs = append(cs, *c)
	// C7: October, closed 11-05: in neither count nor list.
	c = mk("C7", "2026-10-20 11:00", forms.ComplaintSimple, forms.CategoryAttitude, forms.ChannelPhone)
	must(t, c.Close(clerkA, atT("2026-11-05 10:00"), forms.ComplaintUpheld, "已处理"))
	cs = append(cs, *c)
	// C8: December: ignored.
	cs = append(cs, *mk("C8", "2026-12-01 09:00", forms.ComplaintSimple, forms.CategoryFees, forms.ChannelPhone))
	// C9: a category since removed from the list (窗口环境), closed the
	// same day.
	c = mk("C9", "2026-11-16 09:00", forms.ComplaintSimple, forms.CategoryOther, forms.ChannelCounter)
	c.Category, c.CategoryName = "environment", "窗口环境"
	must(t, c.Close(clerkA, atT("2026-11-16 17:00"), forms.ComplaintUpheld, "已整改"))
	cs = append(cs, *c)

	fu := func(src forms.FollowUpSource, sourceAt string) *forms.FollowUp {
		f, err := forms.NewFollowUp(src, "s", atT(sourceAt), clerkB)
		must(t, err)
		return f
	}
	var fs []forms.FollowUp
	f := fu(forms.FollowUpComplaint, "2026-11-03 15:00") // F1: done in time, 5
	must(t, f.Complete(clerkB, atT("2026-11-04 10:00"), scored(5)))
	fs = append(fs, *f)
	f = fu(forms.FollowUpComplaint, "2026-11-12 11:00") // F2: done late (after 11-15 11:00), 3
	must(t, f.Complete(clerkB, atT("2026-11-16 09:00"), scored(3)))
	fs = append(fs, *f)
	f = fu(forms.FollowUpComplaint, "2026-11-19 16:00") // F3: unreachable
	for _, s := range []string{"2026-11-19 17:00", "2026-11-20 10:00", "2026-11-21 10:00"} {
		must(t, f.RecordAttempt(clerkB, noAnswer(s)))
	}
	fs = append(fs, *f)
	f = fu(forms.FollowUpRating, "2026-11-28 10:00") // F4: window ends 12-01 10:00, rated in November: November's
	must(t, f.Complete(clerkB, atT("2026-11-29 10:00"), scored(1)))
	fs = append(fs, *f)
	fs = append(fs, *fu(forms.FollowUpRating, "2026-11-27 12:00")) // F5: ends 11-30 12:00, still open
	f = fu(forms.FollowUpSampled, "2026-10-30 09:00")              // F6: ends 11-02 09:00, sampled in October: October's
	must(t, f.Complete(clerkB, atT("2026-11-01 10:00"), scored(4)))
	fs = append(fs, *f)
	f = fu(forms.FollowUpComplaint, "2026-11-16 17:00") // F7: done in time, 2
	must(t, f.Complete(clerkB, atT("2026-11-17 10:00"), scored(2)))
	fs = append(fs, *f)
	// F8: closed 11-29, reached on 11-30, the customer asked for 12-03:
	// November's, in time at the customer's time, 4.
	f = fu(forms.FollowUpComplaint, "2026-11-29 10:00")
	must(t, f.RecordAttempt(clerkB, forms.FollowUpAttempt{At: atT("2026-11-30 16:00"), Reached: true, CallBackAt: atT("2026-12-03 10:00")}))
	must(t, f.Complete(clerkB, atT("2026-12-03 10:20"), scored(4)))
	fs = append(fs, *f)

	rate := func(svc, svcName string, clerk *forms.User, level forms.RatingLevel, at string) forms.Rating {
		return forms.Rating{CaseID: "k", ServiceCode: svc, ServiceName: svcName, ClerkID: clerk.ID, ClerkName: clerk.Name, Level: level, At: atT(at)}
	}
	rs := []forms.Rating{
		rate("A", "档案转递", clerkA, forms.RatingVerySatisfied, "2026-11-03 10:00"),
		rate("A", "档案转递", clerkB, forms.RatingSatisfied, "2026-11-10 10:00"),
		rate("B", "人事代理", clerkA, forms.RatingDissatisfied, "2026-11-12 10:00"),
		rate("B", "人事代理", clerkA, forms.RatingDeclined, "2026-11-20 10:00"),
		rate("A", "档案转递", clerkB, forms.RatingVeryDissatisfied, "2026-11-27 10:00"),
		rate("A", "档案转递", clerkA, forms.RatingBasic, "2026-12-01 10:00"),         // December
		rate("A", "档案转递", clerkA, forms.RatingVerySatisfied, "2026-10-31 23:59"), // October
	}
	return cs, fs, rs
}

func TestServiceReportNovember(t *testing.T) {
	cs, fs, rs := monthRecords(t)
	r, err := forms.NewServiceReport(2026, time.November, atT("2026-12-05 10:00"), cs, fs, rs, forms.DefaultComplaintCategories())
	if err != nil {
		t.Fatal(err)
	}
	if !r.From.Equal(atT("2026-11-01 00:00")) || !r.To.Equal(atT("2026-12-01 00:00")) || forms.FormatDate(r.AsOf) != "2026-11-30" || r.Running() || r.Label() != "2026年11月" {
		t.Errorf("bounds %v %v %v running %v", r.From, r.To, r.AsOf, r.Running())
	}
	// Complaints received in November: C1, C2, C3, C4, C5, C9.
	if r.Complaints != 6 {
		t.Errorf("complaints = %d, want 6", r.Complaints)
	}
	wantCat := []forms.CountRow{{"attitude", "服务态度", 1}, {"waiting", "等候时间", 2}, {"wrong_info", "信息有误", 0},
		{"fees", "收费", 1}, {"lost_papers", "材料遗失", 0}, {"other", "其他", 1}, {"environment", "窗口环境", 1}}
	if !reflect.DeepEqual(r.ByCategory, wantCat) {
		t.Errorf("by category = %v\nwant %v", r.ByCategory, wantCat)
	}
	wantChan := []forms.CountRow{{"counter", "窗口", 3}, {"phone", "电话", 1}, {"letter", "信函", 1}, {"online", "网上", 1}}
	if !reflect.DeepEqual(r.ByChannel, wantChan) {
		t.Errorf("by channel = %v", r.ByChannel)
	}
	wantOut := []forms.CountRow{{"upheld", "属实", 2}, {"partly", "部分属实", 1}, {"not_upheld", "不属实", 1}, {"open", "未办结", 2}}
	if !reflect.DeepEqual(r.ByOutcome, wantOut) {
		t.Errorf("by outcome = %v", r.ByOutcome)
	}
	// In time: C1, C3, C5, C9; late: C2; unanswered and overdue: C4.
	if r.AnsweredInTime != 4 || r.AnsweredLate != 1 || r.Unanswered != 1 || r.OverdueNow != 1 || r.InTime.String() != "4/6（66.7%）" || r.InTime.Permille() != 667 {
		t.Errorf("deadline: in time %d late %d unanswered %d overdue %d share %s", r.AnsweredInTime, r.AnsweredLate, r.Unanswered, r.OverdueNow, r.InTime)
	}
	// Follow-ups whose source is in November (finding 8 of issue 18: by
	// the month of the source, not of the 72 hours' end): F1, F2, F3, F4
	// (rated 11-28, called 11-29: was December's), F5, F7, F8 (called in
	// December at the customer's time); not F6 (sampled in October).
	if r.FollowUpsDue != 7 || r.FollowUpsDoneInTime != 4 || r.FollowUpsAtCustomersTime != 1 || r.FollowUpsDoneLate != 1 ||
		r.FollowUpsUnreachable != 1 || r.FollowUpsOpen != 1 || r.FollowUpsInTime.String() != "4/7（57.1%）" {
		t.Errorf("follow-ups: due %d in time %d (customer's time %d) late %d unreachable %d open %d share %s", r.FollowUpsDue,
			r.FollowUpsDoneInTime, r.FollowUpsAtCustomersTime, r.FollowUpsDoneLate, r.FollowUpsUnreachable, r.FollowUpsOpen, r.FollowUpsInTime)
	}
	// Scores 5, 3, 1, 2, 4: average 15/5 = 3.0.
	if r.Scores != [6]int{0, 1, 1, 1, 1, 1} || r.ScoreCount != 5 || r.ScoreSum != 15 || r.ScoreAverage.Tenths() != 30 {
		t.Errorf("scores %v count %d sum %d average %d tenths", r.Scores, r.ScoreCount, r.ScoreSum, r.ScoreAverage.Tenths())
	}
	// Ratings given in November: five.
	if r.Ratings != 5 || r.RatingCounts != [6]int{1, 1, 0, 1, 1, 1} || r.RatingsPoor != 2 {
		t.Errorf("ratings %d %v poor %d", r.Ratings, r.RatingCounts, r.RatingsPoor)
	}
	wantSvc := []forms.RatingRow{
		{Key: "B", Label: "人事代理", Counts: [6]int{0, 0, 0, 1, 0, 1}, Total: 2, Satisfied: forms.Share{0, 1}},
		{Key: "A", Label: "档案转递", Counts: [6]int{1, 1, 0, 0, 1, 0}, Total: 3, Satisfied: forms.Share{2, 3}},
	}
	if !reflect.DeepEqual(r.RatingsByService, wantSvc) {
		t.Errorf("by service = %+v", r.RatingsByService)
	}
	wantClerk := []forms.RatingRow{
		{Key: "u-b", Label: "李强", Counts: [6]int{0, 1, 0, 0, 1, 0}, Total: 2, Satisfied: forms.Share{1, 2}},
		{Key: "u-a", Label: "王芳", Counts: [6]int{1, 0, 0, 1, 0, 1}, Total: 3, Satisfied: forms.Share{1, 2}},
	}
	if !reflect.DeepEqual(r.RatingsByClerk, wantClerk) {
		t.Errorf("by clerk = %+v", r.RatingsByClerk)
	}
	// Open at the end of 11-30: C6 (33 days), C4 (3 days, its Monday
	// deadline missed), C5 (received that evening).
	var open []string
	for _, o := range r.Open {
		open = append(open, o.ID+":"+strconv.Itoa(o.AgeDays)+":"+map[bool]string{true: "overdue", false: "ok"}[o.Overdue])
	}
	if got := strings.Join(open, " "); got != "C6:33:ok C4:3:overdue C5:0:ok" {
		t.Errorf("open = %s", got)
	}
}

func TestServiceReportRunningMonth(t *testing.T) {
	cs, fs, rs := monthRecords(t)
	r, err := forms.NewServiceReport(2026, time.November, atT("2026-11-20 12:00"), cs, fs, rs, forms.DefaultComplaintCategories())
	if err != nil {
		t.Fatal(err)
	}
	if forms.FormatDate(r.AsOf) != "2026-11-20" || !r.Running() {
		t.Errorf("AsOf %v running %v", r.AsOf, r.Running())
	}
	if len(r.Open) != 1 || r.Open[0].ID != "C6" || r.Open[0].AgeDays != 23 {
		t.Errorf("open on 11-20 = %+v", r.Open)
	}
}

func TestServiceReportMonthRefused(t *testing.T) {
	now := atT("2026-11-20 12:00")
	tests := []struct {
		year  int
		month time.Month
		msg   string
	}{
		{1999, time.November, "年份“1999”无效：请选择2000到2100之间的年份"},
		{2026, 13, "月份“13”无效：请选择1到12月"},
		{2026, time.December, "2026年12月还没有开始，没有可统计的投诉、回访和评价：请选择本月（2026年11月）或以前的月份"},
	}
	for _, tt := range tests {
		_, err := forms.NewServiceReport(tt.year, tt.month, now, nil, nil, nil, nil)
		if forms.ErrorCode(err) != forms.EINVALID || forms.ErrorMessage(err) != tt.msg {
			t.Errorf("%d-%d: err = %v (%s), want %q", tt.year, tt.month, err, forms.ErrorMessage(err), tt.msg)
		}
	}
	r, err := forms.NewServiceReport(2026, time.November, now, nil, nil, nil, nil)
	if err != nil || r.Complaints != 0 || r.InTime.String() != "—" || len(r.ByChannel) != 4 || len(r.ByOutcome) != 4 {
		t.Errorf("an empty month: %+v %v", r, err)
	}
}

// TestServiceReportOpenOverdueOnDeadlineDay: the open table's 已超期 and the
// header's 其中已超期 follow Complaint.MissedBy, as the complaints list and
// the reminders do: C4 (simple, due Monday 11-30, never answered) is not
// late on 11-30 itself, while the day runs (tester 18b A4).
func TestServiceReportOpenOverdueOnDeadlineDay(t *testing.T) {
	cs, fs, rs := monthRecords(t)
	tests := []struct {
		now     string
		overdue bool
	}{
		{"2026-11-30 09:00", false}, // the deadline day itself
		{"2026-11-30 23:59", false}, // its last minute
		{"2026-12-01 00:00", true},  // the day has ended
		{"2026-12-15 10:00", true},
	}
	for _, tt := range tests {
		r, err := forms.NewServiceReport(2026, time.November, atT(tt.now), cs, fs, rs, forms.DefaultComplaintCategories())
		if err != nil {
			t.Fatal(err)
		}
		var c4 *forms.OpenComplaint
		for i := range r.Open {
			if r.Open[i].ID == "C4" {
				c4 = &r.Open[i]
			}
		}
		if c4 == nil {
			t.Fatalf("%s: C4 not in the open table %+v", tt.now, r.Open)
		}
		if c4.Overdue != tt.overdue || (r.OverdueNow == 1) != tt.overdue {
			t.Errorf("%s: C4 已超期 %v, header 其中已超期 %d; want %v", tt.now, c4.Overdue, r.OverdueNow, tt.overdue)
		}
		if c := cs[3]; c.ID != "C4" || c.Overdue(atT(tt.now)) != tt.overdue || c.MissedBy(atT(tt.now)) != tt.overdue {
			t.Errorf("%s: Complaint.Overdue/MissedBy of %s disagree with the report", tt.now, c.ID)
		}
	}
}
