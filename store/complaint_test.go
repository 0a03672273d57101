package store

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

// day is a local calendar day for the tests.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.Local) }

// saveTestCalendar saves a 2026 calendar with 24 and 25 November off and
// Saturday 28 November worked instead (调休), around the fixture's Monday
// 23 November.
func saveTestCalendar(t *testing.T, f *fixture) {
	t.Helper()
	must(t, f.db.SetHolidayCalendar(context.Background(), f.sup, forms.HolidayCalendar{Year: 2026,
		Holidays: []time.Time{day(2026, 11, 24), day(2026, 11, 25)}, Workdays: []time.Time{day(2026, 11, 28)}}))
}

// secondClerk adds and logs in another clerk.
func (f *fixture) secondClerk(t *testing.T, name string) (forms.Actor, *forms.User) {
	t.Helper()
	ctx := context.Background()
	u, err := f.db.AddUser(ctx, f.sup, name, forms.RoleClerk, tempPass)
	must(t, err)
	must(t, f.db.ChangePassword(ctx, u.ID, tempPass, clerkPw))
	u, err = f.db.Login(ctx, name, clerkPw)
	must(t, err)
	return forms.Actor{UserID: u.ID}, u
}

// complaintCount counts the stored complaints.
func complaintCount(t *testing.T, db *DB) int {
	t.Helper()
	var n int
	must(t, db.db.QueryRow("SELECT count(*) FROM complaints").Scan(&n))
	return n
}

func newTestComplaint(customerID string, cx forms.ComplaintComplexity) forms.Complaint {
	return forms.Complaint{CustomerID: customerID, Channel: forms.ChannelCounter, Category: forms.CategoryWaiting,
		Words: "等了一个半小时，叫号系统坏了也没人说", Request: "希望说明原因", Complexity: cx}
}

// TestComplaint_RecordNumbersOwnerDeadline: numbers run TS-2026-0001 on
// without a gap, the recorder owns the complaint, and the first answer's
// due day is counted with the saved calendar across the holidays and the
// 调休 Saturday: received Monday 23 November, simple → Thursday 26 (24 and
// 25 are off), complex → Tuesday 1 December (26, 27, Saturday 28, 30, 1;
// without the make-up day it would be 2 December).
func TestComplaint_RecordNumbersOwnerDeadline(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	saveTestCalendar(t, f)
	cust := f.member(t, "王投诉")
	c1, err := f.db.RecordComplaint(ctx, f.clerk, newTestComplaint(cust.ID, forms.ComplaintSimple))
	must(t, err)
	c2, err := f.db.RecordComplaint(ctx, f.clerk, newTestComplaint("", forms.ComplaintComplex))
	must(t, err)
	if c1.Number != "TS-2026-0001" || c2.Number != "TS-2026-0002" {
		t.Fatalf("numbers %s, %s", c1.Number, c2.Number)
	}
	if c1.OwnerID != f.clerk.UserID || c1.OwnerName != clerkNm || c1.RecorderName != clerkNm {
		t.Fatalf("owner %s/%s recorder %s", c1.OwnerID, c1.OwnerName, c1.RecorderName)
	}
	if !c1.DueDay.Equal(day(2026, 11, 26)) || !c2.DueDay.Equal(day(2026, 12, 1)) {
		t.Fatalf("due days %s, %s; want 2026-11-26, 2026-12-01", forms.FormatDate(c1.DueDay), forms.FormatDate(c2.DueDay))
	}
	got, err := f.db.Complaint(ctx, c1.ID)
	must(t, err)
	if got.Words != c1.Words || !got.DueDay.Equal(c1.DueDay) || got.CategoryName != "等候时间" || !got.ReceivedAt.Equal(c1.ReceivedAt) {
		t.Fatalf("read back %+v", got)
	}
	lastAudit(t, f.db, c1.ID, ActComplaintRecord)
	list, err := f.db.Complaints(ctx, ComplaintQuery{OpenOnly: true})
	must(t, err)
	if len(list) != 2 || list[0].ID != c1.ID {
		t.Fatalf("open list %v", list)
	}
	mine, err := f.db.Complaints(ctx, ComplaintQuery{CustomerID: cust.ID, Year: 2026, Month: time.November})
	must(t, err)
	if len(mine) != 1 || mine[0].ID != c1.ID {
		t.Fatalf("customer's list %v", mine)
	}
}

// TestComplaint_BadInput: each refusal of the list has its code
// and Chinese message and changes nothing.
func TestComplaint_BadInput(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	cust := f.member(t, "李投诉")
	other := f.member(t, "赵别人")
	_, kase, _, _ := f.lend(t, "孙受理")

	// No calendar for 2026 yet: the complaint is still recorded (issue 18
	// fault 1), its deadline counted Monday to Friday and provisional.
	first, err := f.db.RecordComplaint(ctx, f.clerk, newTestComplaint(cust.ID, forms.ComplaintSimple))
	must(t, err)
	if forms.FormatDate(first.DueDay) != "2026-11-24" || !first.DueProvisional {
		t.Errorf("no calendar: due %s provisional %v, want 2026-11-24 provisional", forms.FormatDate(first.DueDay), first.DueProvisional)
	}
	saveTestCalendar(t, f)
	n0 := auditCount(t, f.db)

	noWords := newTestComplaint(cust.ID, forms.ComplaintSimple)
	noWords.Words = "  \n "
	_, err = f.db.RecordComplaint(ctx, f.clerk, noWords)
	assertErr(t, err, forms.EINVALID, "请填写投诉内容（客户原话）", "没有内容的投诉不能登记")

	wrongCase := newTestComplaint(other.ID, forms.ComplaintSimple)
	wrongCase.CaseID = kase.ID
	_, err = f.db.RecordComplaint(ctx, f.clerk, wrongCase)
	assertErr(t, err, forms.EINVALID, "受理单 "+kase.Number+" 不是这位投诉人的")

	noCust := newTestComplaint("no-such-customer", forms.ComplaintSimple)
	_, err = f.db.RecordComplaint(ctx, f.clerk, noCust)
	assertErr(t, err, forms.ENOTFOUND, "找不到该客户档案")
	// (1: the complaint recorded before the calendar was saved)
	if n := complaintCount(t, f.db); n != 1 || auditCount(t, f.db) != n0 {
		t.Fatalf("refused complaints left %d rows, audit %d → %d", n, n0, auditCount(t, f.db))
	}

	c, err := f.db.RecordComplaint(ctx, f.clerk, newTestComplaint(cust.ID, forms.ComplaintSimple))
	must(t, err)
	n0 = auditCount(t, f.db)

	// A close without an outcome.
	_, _, err = f.db.CloseComplaint(ctx, f.clerk, c.ID, "", "已向客户说明原因并致歉")
	assertErr(t, err, forms.EINVALID, "办结前请选择处理结果：属实、部分属实或不属实")

	// A clerk reassigning, without a supervisor's approval.
	clerk2, u2 := f.secondClerk(t, "周同事")
	n0 = auditCount(t, f.db)
	_, err = f.db.ReassignComplaint(ctx, f.clerk, c.ID, u2.ID, "我要休假")
	assertErr(t, err, forms.EFORBIDDEN, "须主管批准")
	// Another clerk recording a step (首接负责制).
	_, err = f.db.AddComplaintStep(ctx, clerk2, c.ID, "叫号系统", "已修好")
	assertErr(t, err, forms.EFORBIDDEN, "只有这件投诉的负责人"+clerkNm)

	after, err := f.db.Complaint(ctx, c.ID)
	must(t, err)
	if !reflect.DeepEqual(after, c) || auditCount(t, f.db) != n0 {
		t.Fatalf("refusals changed the complaint:\n%+v\n%+v", after, c)
	}
	var fus int
	must(t, f.db.db.QueryRow("SELECT count(*) FROM follow_ups").Scan(&fus))
	if fus != 0 {
		t.Fatalf("%d follow-ups after a refused close", fus)
	}
}

// TestComplaint_StepsAnswerHandOverClose walks a complaint: a step, a
// supervisor's hand-over approved on the clerk's screen, the new owner's
// answer and close, which makes the follow-up call due 72 hours after the
// close, to be made by the owner.
func TestComplaint_StepsAnswerHandOverClose(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	saveTestCalendar(t, f)
	cust := f.member(t, "钱投诉")
	clerk2, u2 := f.secondClerk(t, "吴接手")
	c, err := f.db.RecordComplaint(ctx, f.clerk, newTestComplaint(cust.ID, forms.ComplaintComplex))
	must(t, err)
	c, err = f.db.AddComplaintStep(ctx, f.clerk, c.ID, "信息科 张工", "叫号系统主板故障，已报修")
	must(t, err)
	if len(c.Steps) != 1 || c.Steps[0].ByName != clerkNm {
		t.Fatalf("steps %+v", c.Steps)
	}
	c, err = f.db.ReassignComplaint(ctx, f.approved(), c.ID, u2.ID, "原负责人休假")
	must(t, err)
	if c.OwnerID != u2.ID || len(c.Handovers) != 1 || c.Handovers[0].ByName != supName {
		t.Fatalf("after hand-over: owner %s, handovers %+v", c.OwnerName, c.Handovers)
	}
	if e := lastAudit(t, f.db, c.ID, ActComplaintReassign); e.ApprovedBy == "" {
		t.Fatalf("hand-over audited without the approving supervisor: %+v", e)
	}
	f.clk.Add(2 * time.Hour)
	c, err = f.db.AnswerComplaint(ctx, clerk2, c.ID, "已告知客户系统故障原因，并致歉")
	must(t, err)
	if !c.AnsweredInTime() {
		t.Fatalf("answer at %s, due %s: not in time", c.AnsweredAt, c.DueDay)
	}
	closedAt := f.clk.Now()
	c, fu, err := f.db.CloseComplaint(ctx, clerk2, c.ID, forms.ComplaintUpheld, "叫号系统已修复，已向客户道歉")
	must(t, err)
	if !c.Closed() || c.ClosedBy != "吴接手" || c.Outcome != forms.ComplaintUpheld {
		t.Fatalf("closed %+v", c)
	}
	if fu == nil || fu.Source != forms.FollowUpComplaint || fu.SourceID != c.ID || !fu.DueAt.Equal(closedAt.Add(72*time.Hour)) ||
		fu.CallerID != u2.ID || fu.CustomerName != "钱投诉" || fu.Phone != cust.Mobile {
		t.Fatalf("follow-up on close %+v", fu)
	}
	_, err = f.db.AddComplaintStep(ctx, clerk2, c.ID, "客户", "又来电")
	assertErr(t, err, forms.ECONFLICT, "办结的投诉不能再修改")
	lastAudit(t, f.db, c.ID, ActComplaintClose)
	lastAudit(t, f.db, fu.ID, ActFollowUpDue)
}

// TestComplaintCategories: defaults until saved; a supervisor's list is
// kept and audited; a used category cannot be removed; a clerk cannot
// save.
func TestComplaintCategories(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	saveTestCalendar(t, f)
	cats, err := f.db.ComplaintCategories(ctx)
	must(t, err)
	if !reflect.DeepEqual(cats, forms.DefaultComplaintCategories()) {
		t.Fatalf("defaults %v", cats)
	}
	_, err = f.db.RecordComplaint(ctx, f.clerk, newTestComplaint("", forms.ComplaintSimple))
	must(t, err)
	assertErr(t, f.db.SetComplaintCategories(ctx, f.clerk, cats), forms.EFORBIDDEN, "须主管批准")
	without := []forms.ComplaintCategory{{Code: "attitude", Name: "服务态度"}}
	assertErr(t, f.db.SetComplaintCategories(ctx, f.sup, without), forms.EINVALID, "投诉类别“等候时间”已有投诉使用，不能删除")
	cats[1].Off = true
	cats = append(cats, forms.ComplaintCategory{Code: "privacy", Name: "个人信息保护"})
	must(t, f.db.SetComplaintCategories(ctx, f.sup, cats))
	got, err := f.db.ComplaintCategories(ctx)
	must(t, err)
	if !reflect.DeepEqual(got, cats) {
		t.Fatalf("saved %v, read %v", cats, got)
	}
	lastAudit(t, f.db, listComplaintCategories, ActComplaintCategories)
	_, err = f.db.RecordComplaint(ctx, f.clerk, newTestComplaint("", forms.ComplaintSimple))
	assertErr(t, err, forms.EINVALID, "投诉类别“等候时间”已停用")
}

// TestComplaint_ProvisionalDeadline: issue 18 fault 1. A complex complaint
// on Monday 28 December 2026, before 2027's calendar is entered, is
// recorded with a provisional due day counted Monday to Friday (Monday
// 2027-01-04); when the supervisor saves 2027 with 1 and 4 January off, the
// same transaction recounts it to Wednesday 2027-01-06, final, audited; a
// simple complaint due inside 2026 and a closed one are not touched.
func TestComplaint_ProvisionalDeadline(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	cust := f.member(t, "周年底")
	saveTestCalendar(t, f)
	f.clk.Add(35 * 24 * time.Hour) // Monday 28 December 2026, 10:00
	a, err := f.db.RecordComplaint(ctx, f.clerk, newTestComplaint(cust.ID, forms.ComplaintComplex))
	must(t, err)
	if forms.FormatDate(a.DueDay) != "2027-01-04" || !a.DueProvisional {
		t.Fatalf("due %s provisional %v, want 2027-01-04 provisional", forms.FormatDate(a.DueDay), a.DueProvisional)
	}
	if note := lastAudit(t, f.db, a.ID, ActComplaintRecord).Note; !strings.Contains(note, "2027-01-04前首次答复（暂定") {
		t.Errorf("the record's audit note %q lacks the provisional due day", note)
	}
	b, err := f.db.RecordComplaint(ctx, f.clerk, newTestComplaint(cust.ID, forms.ComplaintSimple))
	must(t, err)
	if forms.FormatDate(b.DueDay) != "2026-12-29" || b.DueProvisional {
		t.Fatalf("b due %s provisional %v", forms.FormatDate(b.DueDay), b.DueProvisional)
	}
	got, err := f.db.Complaint(ctx, a.ID)
	must(t, err)
	if !got.DueProvisional || !got.DueDay.Equal(a.DueDay) {
		t.Errorf("read back: due %s provisional %v", forms.FormatDate(got.DueDay), got.DueProvisional)
	}
	bBefore, err := f.db.Complaint(ctx, b.ID)
	must(t, err)
	n0 := auditCount(t, f.db)

	// A clerk cannot save the calendar: nothing recounted.
	cal27 := forms.HolidayCalendar{Year: 2027, Holidays: []time.Time{day(2027, 1, 1), day(2027, 1, 4)}}
	assertErr(t, f.db.SetHolidayCalendar(ctx, f.clerk, cal27), forms.EFORBIDDEN)
	if got, _ := f.db.Complaint(ctx, a.ID); !got.DueProvisional || auditCount(t, f.db) != n0 {
		t.Fatal("a refused calendar changed the complaint or the log")
	}

	must(t, f.db.SetHolidayCalendar(ctx, f.sup, cal27))
	got, err = f.db.Complaint(ctx, a.ID)
	must(t, err)
	if forms.FormatDate(got.DueDay) != "2027-01-06" || got.DueProvisional {
		t.Errorf("recounted: due %s provisional %v, want 2027-01-06 final", forms.FormatDate(got.DueDay), got.DueProvisional)
	}
	e := lastAudit(t, f.db, a.ID, ActComplaintRecount)
	if !strings.Contains(e.Note, "2027-01-04 → 2027-01-06") || !strings.Contains(e.Note, a.Number) {
		t.Errorf("recount note %q", e.Note)
	}
	if !strings.Contains(lastAudit(t, f.db, "2027", ActHolidaySave).Note, "重算了1件") {
		t.Error("the calendar's note does not say one complaint was recounted")
	}
	bAfter, err := f.db.Complaint(ctx, b.ID)
	must(t, err)
	if !reflect.DeepEqual(bBefore, bAfter) {
		t.Errorf("b changed: %+v → %+v", bBefore, bAfter)
	}
	if n := auditCount(t, f.db); n != n0+2 {
		t.Errorf("audit entries %d, want %d (the calendar and one recount)", n, n0+2)
	}
	// Saving 2027 again, unchanged, recounts nothing.
	must(t, f.db.SetHolidayCalendar(ctx, f.sup, cal27))
	if n := auditCount(t, f.db); n != n0+3 {
		t.Errorf("audit entries %d after saving again, want %d", n, n0+3)
	}
}

// TestComplaint_DemoStationHasCalendars: issue 18 fault 2. A fresh small
// training station (`counterdesk demo`) has the holiday calendars of its
// years and the next, so its clerk records a complaint on Wednesday 30
// December 2026 whose complex deadline is counted with them, not
// provisional: 12-31, then past 元旦 2027-01-01 to 1-4, 1-5, 1-6 and 1-7.
func TestComplaint_DemoStationHasCalendars(t *testing.T) {
	ctx := context.Background()
	plan := demoPlan(t, 3)
	plan.Customers, plan.Cases, plan.Days = 10, 20, 5
	plan.End = time.Date(2026, 12, 30, 16, 30, 0, 0, time.Local)
	dir := demoDir(t)
	_, err := Demo(ctx, dir, plan, nil)
	must(t, err)
	db, err := OpenClock(ctx, filepath.Join(dir, DBFileName), func() time.Time { return plan.End })
	must(t, err)
	defer db.Close()
	cals, err := db.HolidayCalendars(ctx)
	must(t, err)
	if len(cals) != 2 || !reflect.DeepEqual(cals[2026].Workdays, forms.HolidayCalendar2026().Workdays) {
		t.Fatalf("demo calendars: %v", cals)
	}
	u, err := db.Login(ctx, forms.DemoClerk, plan.Password)
	must(t, err)
	c, err := db.RecordComplaint(ctx, forms.Actor{UserID: u.ID}, forms.Complaint{Channel: forms.ChannelPhone,
		Category: forms.CategoryWaiting, Words: "电话一直占线", Complexity: forms.ComplaintComplex, CallerName: "练习来电"})
	must(t, err)
	if forms.FormatDate(c.DueDay) != "2027-01-07" || c.DueProvisional {
		t.Errorf("demo complaint due %s provisional %v, want 2027-01-07 final", forms.FormatDate(c.DueDay), c.DueProvisional)
	}
}

// TestComplaint_AnonymousWithoutPhone is finding 7 of issue 18: an
// anonymous letter with neither name nor phone was accepted and made a
// follow-up nobody could make. It is still recorded (a complaint is never
// lost for want of a contact), and closing it records its follow-up as
// 无法联系 for "匿名，无联系方式" at once, counted so in the month; one
// that gave a phone is called as usual.
func TestComplaint_AnonymousWithoutPhone(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	saveTestCalendar(t, f)
	letter := forms.Complaint{Channel: forms.ChannelLetter, Category: forms.CategoryAttitude, Words: "窗口人员态度差。",
		Complexity: forms.ComplaintSimple}
	c, err := f.db.RecordComplaint(ctx, f.clerk, letter)
	must(t, err)
	if !c.NoContact() || c.From() != "匿名来信" {
		t.Errorf("no contact %v, from %q", c.NoContact(), c.From())
	}
	_, fu, err := f.db.CloseComplaint(ctx, f.clerk, c.ID, forms.ComplaintPartly, "已在窗口公示整改措施")
	must(t, err)
	if fu.State != forms.FollowUpUnreachable || fu.UnreachableReason() != "匿名，无联系方式" || fu.Tries() != 0 {
		t.Errorf("follow-up %s (%s), %d tries", fu.State, fu.UnreachableReason(), fu.Tries())
	}
	got, err := f.db.OpenFollowUp(ctx, f.sup, fu.ID)
	must(t, err)
	if got.State != forms.FollowUpUnreachable || got.UnreachableReason() != forms.FollowUpNoContactReason {
		t.Errorf("stored follow-up %s (%s)", got.State, got.UnreachableReason())
	}
	_, err = f.db.RecordFollowUpAttempt(ctx, f.clerk, fu.ID, forms.FollowUpAttempt{Note: "无号码"})
	assertErr(t, err, forms.ECONFLICT, "这次回访已记为“无法联系”")
	f.clk.Add(24 * time.Hour)
	phone := letter
	phone.Channel, phone.CallerPhone = forms.ChannelPhone, "13900002222"
	c2, err := f.db.RecordComplaint(ctx, f.clerk, phone)
	must(t, err)
	_, fu2, err := f.db.CloseComplaint(ctx, f.clerk, c2.ID, forms.ComplaintUpheld, "已道歉")
	must(t, err)
	if fu2.State != forms.FollowUpOpen || fu2.Phone != "13900002222" || c2.From() != "匿名来电" {
		t.Errorf("with a phone: %s %q %q", fu2.State, fu2.Phone, c2.From())
	}
	r, err := f.db.ServiceReport(ctx, 2026, time.November)
	must(t, err)
	if r.FollowUpsDue != 2 || r.FollowUpsUnreachable != 1 || r.FollowUpsNoContact != 1 || r.FollowUpsOpen != 1 {
		t.Errorf("month: due %d, unreachable %d (no contact %d), open %d", r.FollowUpsDue, r.FollowUpsUnreachable, r.FollowUpsNoContact, r.FollowUpsOpen)
	}
}

// TestComplaint_UsedCategories: the codes some complaint uses, for the
// editor's 删除 (finding 10 of issue 18).
func TestComplaint_UsedCategories(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	saveTestCalendar(t, f)
	used, err := f.db.UsedComplaintCategories(ctx)
	must(t, err)
	if len(used) != 0 {
		t.Fatalf("used before any complaint: %v", used)
	}
	cust := f.member(t, "许类别")
	_, err = f.db.RecordComplaint(ctx, f.clerk, newTestComplaint(cust.ID, forms.ComplaintSimple))
	must(t, err)
	c := newTestComplaint(cust.ID, forms.ComplaintSimple)
	c.Category = forms.CategoryFees
	_, err = f.db.RecordComplaint(ctx, f.clerk, c)
	must(t, err)
	used, err = f.db.UsedComplaintCategories(ctx)
	must(t, err)
	if !reflect.DeepEqual(used, []string{forms.CategoryFees, forms.CategoryWaiting}) {
		t.Errorf("used = %v", used)
	}
}
