package forms_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

// atT reads "2006-01-02 15:04" in local time.
func atT(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, time.Local)
	if err != nil {
		panic(err)
	}
	return t
}

// realCal2026 is the State Council's 2026 holiday arrangement
// (forms.HolidayCalendar2026, the one source the training station is also
// given). The repository's loss tests use an invented National Day week;
// the complaint deadlines are tested against the real one.
func realCal2026(t *testing.T) forms.HolidayCalendars {
	t.Helper()
	h := forms.HolidayCalendar2026()
	if err := h.Validate(); err != nil {
		t.Fatal(err)
	}
	if len(h.Holidays) != 33 || len(h.Workdays) != 6 {
		t.Fatalf("2026: %d holidays, %d make-up days, want 33 and 6", len(h.Holidays), len(h.Workdays))
	}
	return forms.HolidayCalendars{2026: h}
}

// TestDemoHolidayCalendar: every year a training station may span gets a
// valid calendar; 2026 is the real one.
func TestDemoHolidayCalendar(t *testing.T) {
	for y := 2000; y <= 2100; y++ {
		h := forms.DemoHolidayCalendar(y)
		if err := h.Validate(); err != nil {
			t.Fatalf("%d: %v", y, forms.ErrorMessage(err))
		}
	}
	if h := forms.DemoHolidayCalendar(2026); !reflect.DeepEqual(h, forms.HolidayCalendar2026()) {
		t.Error("the demo's 2026 is not the real arrangement")
	}
	if h := forms.DemoHolidayCalendar(2027); len(h.Holidays) != 1+7+1+5+7 || !h.Holidays[1].Equal(day("2027-02-05")) {
		t.Errorf("2027 approximation: %v", h.Holidays)
	}
}

func TestComplaintDueDay(t *testing.T) {
	cal := realCal2026(t)
	simple, complex := forms.ComplaintSimple, forms.ComplaintComplex
	tests := []struct {
		name     string
		received string
		cx       forms.ComplaintComplexity
		want     string // the due day, or "" when refused
		err      string
		prov     bool // provisional: a year the deadline reaches has no calendar
	}{
		{"simple on a Monday: the next working day", "2026-11-23 10:00", simple, "2026-11-24", "", false},
		{"complex on a Monday: five working days on", "2026-11-23 10:00", complex, "2026-11-30", "", false},
		{"simple on a Friday: the Monday", "2026-11-20 16:00", simple, "2026-11-23", "", false},
		{"complex on a Friday: the next Friday", "2026-11-20 16:00", complex, "2026-11-27", "", false},
		{"after hours on a Friday: the same as in hours", "2026-11-20 21:30", simple, "2026-11-23", "", false},
		{"just after midnight: the day received is not counted", "2026-11-23 00:05", simple, "2026-11-24", "", false},
		{"on a Saturday: the Monday", "2026-11-21 11:00", simple, "2026-11-23", "", false},
		{"simple on the eve of 国庆: the first day after the week off", "2026-09-30 15:00", simple, "2026-10-08", "", false},
		{"complex on the eve of 国庆: counts the 调休 Saturday 10-10", "2026-09-30 15:00", complex, "2026-10-13", "", false},
		{"on a holiday (10-03): the first working day after", "2026-10-03 09:00", simple, "2026-10-08", "", false},
		{"simple on Friday 10-09: the 调休 Saturday 10-10", "2026-10-09 17:00", simple, "2026-10-10", "", false},
		{"simple on Friday 09-18: the 调休 Sunday 09-20", "2026-09-18 10:00", simple, "2026-09-20", "", false},
		{"complex on Friday 09-18: from the 调休 Sunday", "2026-09-18 10:00", complex, "2026-09-24", "", false},
		{"simple on the eve of 中秋: the Monday after", "2026-09-24 10:00", simple, "2026-09-28", "", false},
		{"complex across 中秋 and 国庆", "2026-09-24 10:00", complex, "2026-10-09", "", false},
		{"simple on the eve of 春节: past nine days off", "2026-02-13 10:00", simple, "2026-02-14", "", false},
		{"complex before 春节: the 调休 Saturday, then after the week off", "2026-02-12 10:00", complex, "2026-02-26", "", false},
		// Issue 18 fault 1: a year without a calendar is counted Monday to
		// Friday, provisional, never refused.
		{"simple on Thursday 12-31, no 2027 calendar: Friday 2027-01-01 provisional", "2026-12-31 10:00", simple, "2027-01-01", "", true},
		{"complex on Monday 12-28, no 2027 calendar: Monday 2027-01-04 provisional", "2026-12-28 10:00", complex, "2027-01-04", "", true},
		{"complex on Friday 12-18 stays in 2026: not provisional", "2026-12-18 10:00", complex, "2026-12-25", "", false},
		{"simple on Friday 12-31 2027 with no calendar at all: the Monday", "2027-12-31 10:00", simple, "2028-01-03", "", true},
		{"a fresh station (2027 only received, no calendar): weekdays", "2027-03-05 10:00", complex, "2027-03-12", "", true},
		{"no complexity", "2026-11-23 10:00", "", "", "请选择投诉的复杂程度", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := forms.ComplaintDueDay(atT(tt.received), tt.cx, cal)
			if tt.err != "" {
				if forms.ErrorCode(err) != forms.EINVALID || !strings.Contains(forms.ErrorMessage(err), tt.err) {
					t.Fatalf("err = %v, want EINVALID with %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if forms.FormatDate(got) != tt.want {
				t.Errorf("due day = %s (周%d), want %s", forms.FormatDate(got), got.Weekday(), tt.want)
			}
			if p := forms.ComplaintDueProvisional(atT(tt.received), got, cal); p != tt.prov {
				t.Errorf("provisional = %v, want %v", p, tt.prov)
			}
		})
	}
}

// TestLossPeriodMessageUnchanged checks that the loss period still names
// itself when a year is missing, now that WorkingFor takes a purpose.
func TestLossPeriodMessageUnchanged(t *testing.T) {
	_, err := forms.HolidayCalendars{}.Working(day("2027-01-04"))
	want := "挂失期按工作日计算，但还没有录入2027年的节假日和调休安排：请主管在“设置”中录入后再办理（或把挂失期改为按自然日计算）"
	if forms.ErrorMessage(err) != want {
		t.Errorf("message = %q, want %q", forms.ErrorMessage(err), want)
	}
}

var (
	clerkA     = &forms.User{ID: "u-a", Name: "王芳", Role: forms.RoleClerk}
	clerkB     = &forms.User{ID: "u-b", Name: "李强", Role: forms.RoleClerk}
	supervisor = &forms.User{ID: "u-s", Name: "赵主管", Role: forms.RoleSupervisor}
	offClerk   = &forms.User{ID: "u-off", Name: "周停", Role: forms.RoleClerk, Disabled: true}
)

func newComplaint() forms.Complaint {
	return forms.Complaint{CustomerID: "c-1", Channel: forms.ChannelCounter, Category: forms.CategoryWaiting,
		Words: "我上午九点就来了，等到十一点半还没叫到号！", Request: "要求说明原因并道歉", Complexity: forms.ComplaintSimple}
}

// received returns a complaint clerk A recorded on Friday 2026-11-20 at
// 16:00, due Monday 11-23.
func received(t *testing.T) *forms.Complaint {
	t.Helper()
	c := newComplaint()
	if err := c.Receive(clerkA, atT("2026-11-20 16:00"), forms.DefaultComplaintCategories(), realCal2026(t)); err != nil {
		t.Fatal(err)
	}
	return &c
}

func TestComplaintReceive(t *testing.T) {
	cal := realCal2026(t)
	cats := forms.DefaultComplaintCategories()
	c := received(t)
	if c.OwnerID != clerkA.ID || c.RecorderName != "王芳" || c.CategoryName != "等候时间" || forms.FormatDate(c.DueDay) != "2026-11-23" {
		t.Errorf("received = %+v", c)
	}
	if !c.DueAt().Equal(atT("2026-11-24 00:00")) {
		t.Errorf("DueAt = %v", c.DueAt())
	}

	offCats := forms.DefaultComplaintCategories()
	offCats[1].Off = true
	tests := []struct {
		name string
		edit func(c *forms.Complaint)
		by   *forms.User
		cats []forms.ComplaintCategory
		code string
		msg  string
	}{
		{"no words", func(c *forms.Complaint) { c.Words = "  \n " }, clerkA, cats, forms.EINVALID, "请填写投诉内容（客户原话）：按客户的原话记录，没有内容的投诉不能登记"},
		{"words too long", func(c *forms.Complaint) { c.Words = strings.Repeat("等", 2001) }, clerkA, cats, forms.EINVALID, "投诉内容（客户原话）过长（2001个字），最多2000个字"},
		{"request too long", func(c *forms.Complaint) { c.Request = strings.Repeat("要", 501) }, clerkA, cats, forms.EINVALID, "客户诉求过长（501个字），最多500个字"},
		{"unknown channel", func(c *forms.Complaint) { c.Channel = "fax" }, clerkA, cats, forms.EINVALID, "请选择投诉渠道：窗口、电话、信函或网上"},
		{"no category", func(c *forms.Complaint) { c.Category = "" }, clerkA, cats, forms.EINVALID, "请选择投诉类别"},
		{"unknown category", func(c *forms.Complaint) { c.Category = "noise" }, clerkA, cats, forms.EINVALID, "请选择投诉类别"},
		{"category switched off", func(c *forms.Complaint) {}, clerkA, offCats, forms.EINVALID, "投诉类别“等候时间”已停用"},
		{"anonymous phone with letters", func(c *forms.Complaint) { c.CustomerID, c.CallerPhone = "", "0571-8765432X" }, clerkA, cats, forms.EINVALID, "投诉人电话中的“X”不是数字"},
		{"anonymous name with digits", func(c *forms.Complaint) { c.CustomerID, c.CallerName = "", "张3" }, clerkA, cats, forms.EINVALID, "投诉人姓名"},
		{"no complexity", func(c *forms.Complaint) { c.Complexity = "" }, clerkA, cats, forms.EINVALID, "请选择投诉的复杂程度"},
		{"nobody logged in", func(c *forms.Complaint) {}, nil, cats, forms.EFORBIDDEN, "请先登录再登记投诉"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newComplaint()
			tt.edit(&c)
			before := c
			err := c.Receive(tt.by, atT("2026-11-20 16:00"), tt.cats, cal)
			if forms.ErrorCode(err) != tt.code || !strings.Contains(forms.ErrorMessage(err), tt.msg) {
				t.Fatalf("err = %v (%s), want %s with %q", err, forms.ErrorMessage(err), tt.code, tt.msg)
			}
			if !reflect.DeepEqual(c, before) {
				t.Errorf("a refused complaint changed:\n%+v\n%+v", c, before)
			}
		})
	}

	t.Run("anonymous caller, nothing given", func(t *testing.T) {
		c := newComplaint()
		c.CustomerID, c.Channel = "", forms.ChannelPhone
		if err := c.Receive(clerkB, atT("2026-11-20 16:00"), cats, cal); err != nil {
			t.Fatal(err)
		}
		if !c.Anonymous() || c.OwnerName != "李强" {
			t.Errorf("anonymous = %+v", c)
		}
	})
	t.Run("a customer's complaint drops a caller name typed before", func(t *testing.T) {
		c := newComplaint()
		c.CallerName, c.CallerPhone = "张三", "13912345678"
		if err := c.Receive(clerkA, atT("2026-11-20 16:00"), cats, cal); err != nil || c.CallerName != "" || c.CallerPhone != "" {
			t.Errorf("err %v, caller %q %q", err, c.CallerName, c.CallerPhone)
		}
	})
	t.Run("a year without a calendar is recorded, its deadline provisional", func(t *testing.T) {
		c := newComplaint()
		c.Complexity = forms.ComplaintComplex
		if err := c.Receive(clerkA, atT("2026-12-28 16:00"), cats, cal); err != nil {
			t.Fatalf("a complaint was refused for the calendar: %v", err)
		}
		if forms.FormatDate(c.DueDay) != "2027-01-04" || !c.DueProvisional {
			t.Errorf("due %s provisional %v, want 2027-01-04 provisional", forms.FormatDate(c.DueDay), c.DueProvisional)
		}
		// The supervisor enters 2027 with 1-1 and 1-4 off: recounted, final.
		cal2 := forms.HolidayCalendars{2026: cal[2026], 2027: {Year: 2027, Holidays: []time.Time{day("2027-01-01"), day("2027-01-04")}}}
		if !c.RecountDue(cal2) || forms.FormatDate(c.DueDay) != "2027-01-06" || c.DueProvisional {
			t.Errorf("recounted due %s provisional %v, want 2027-01-06 final", forms.FormatDate(c.DueDay), c.DueProvisional)
		}
		if c.RecountDue(cal2) {
			t.Error("a second recount changed it again")
		}
		in := newComplaint()
		must(t, in.Receive(clerkA, atT("2026-11-23 10:00"), cats, cal))
		if in.DueProvisional {
			t.Error("a deadline inside 2026 is provisional")
		}
		closed := c
		closed.ClosedAt = atT("2026-12-29 10:00")
		if closed.RecountDue(forms.HolidayCalendars{}) {
			t.Error("a closed complaint was recounted")
		}
	})
	t.Run("numbers", func(t *testing.T) {
		if got := forms.ComplaintNumber(2026, 7); got != "TS-2026-0007" {
			t.Errorf("number = %s", got)
		}
		if got := forms.ComplaintNumber(2026, 12345); got != "TS-2026-12345" {
			t.Errorf("number = %s", got)
		}
	})
	t.Run("received twice", func(t *testing.T) {
		err := c.Receive(clerkA, atT("2026-11-20 17:00"), cats, cal)
		if forms.ErrorCode(err) != forms.ECONFLICT {
			t.Errorf("err = %v", err)
		}
	})
}

func TestComplaintTransitions(t *testing.T) {
	cal := realCal2026(t)
	tests := []struct {
		name string
		prep func(c *forms.Complaint) // brings the complaint to the state tried
		do   func(c *forms.Complaint) error
		code string
		msg  string
	}{
		{"the owner records a step", nil, func(c *forms.Complaint) error {
			return c.AddStep(clerkA, atT("2026-11-20 16:30"), "叫号系统 管理员", "上午叫号机故障二十分钟")
		}, "", ""},
		{"another clerk records a step", nil, func(c *forms.Complaint) error {
			return c.AddStep(clerkB, atT("2026-11-20 16:30"), "叫号系统", "故障")
		}, forms.EFORBIDDEN, "只有这件投诉的负责人王芳能记录处理经过（首接负责制）"},
		{"a supervisor records a step", nil, func(c *forms.Complaint) error {
			return c.AddStep(supervisor, atT("2026-11-20 16:30"), "叫号系统", "故障")
		}, forms.EFORBIDDEN, "请主管先把投诉移交给您"},
		{"a step without who was asked", nil, func(c *forms.Complaint) error {
			return c.AddStep(clerkA, atT("2026-11-20 16:30"), " ", "故障")
		}, forms.EINVALID, "请填写询问对象：问了谁"},
		{"a step without what they said", nil, func(c *forms.Complaint) error {
			return c.AddStep(clerkA, atT("2026-11-20 16:30"), "叫号系统", "")
		}, forms.EINVALID, "请填写对方答复：对方怎么说的"},
		{"a step too long", nil, func(c *forms.Complaint) error {
			return c.AddStep(clerkA, atT("2026-11-20 16:30"), "叫号系统", strings.Repeat("长", 1001))
		}, forms.EINVALID, "对方答复过长（1001个字），最多1000个字"},
		{"a step before the complaint", nil, func(c *forms.Complaint) error {
			return c.AddStep(clerkA, atT("2026-11-19 16:30"), "叫号系统", "故障")
		}, forms.EINVALID, "早于投诉登记时间"},
		{"a close without an outcome", nil, func(c *forms.Complaint) error {
			return c.Close(clerkA, atT("2026-11-23 10:00"), "", "已向客户说明并道歉")
		}, forms.EINVALID, "办结前请选择处理结果：属实、部分属实或不属实"},
		{"a close without the answer", nil, func(c *forms.Complaint) error {
			return c.Close(clerkA, atT("2026-11-23 10:00"), forms.ComplaintUpheld, "")
		}, forms.EINVALID, "办结前请填写给客户的答复"},
		{"a close by another clerk", nil, func(c *forms.Complaint) error {
			return c.Close(clerkB, atT("2026-11-23 10:00"), forms.ComplaintUpheld, "已道歉")
		}, forms.EFORBIDDEN, "只有这件投诉的负责人王芳能办结"},
		{"a clerk reassigning", nil, func(c *forms.Complaint) error {
			return c.Reassign(clerkA, clerkB, atT("2026-11-21 09:00"), "休假")
		}, forms.EFORBIDDEN, "只有主管能把投诉移交给别人"},
		{"a reassignment without a reason", nil, func(c *forms.Complaint) error {
			return c.Reassign(supervisor, clerkB, atT("2026-11-21 09:00"), "")
		}, forms.EINVALID, "请填写移交原因"},
		{"a reassignment to the owner", nil, func(c *forms.Complaint) error {
			return c.Reassign(supervisor, clerkA, atT("2026-11-21 09:00"), "休假")
		}, forms.EINVALID, "王芳已经是这件投诉的负责人"},
		{"a reassignment to a disabled user", nil, func(c *forms.Complaint) error {
			return c.Reassign(supervisor, offClerk, atT("2026-11-21 09:00"), "休假")
		}, forms.EINVALID, "周停的账号已停用"},
		{"after a reassignment the old owner may not record", func(c *forms.Complaint) {
			must(t, c.Reassign(supervisor, clerkB, atT("2026-11-21 09:00"), "王芳休假"))
		}, func(c *forms.Complaint) error {
			return c.AddStep(clerkA, atT("2026-11-21 10:00"), "叫号系统", "故障")
		}, forms.EFORBIDDEN, "只有这件投诉的负责人李强能记录处理经过"},
		{"a closed complaint takes no step", func(c *forms.Complaint) {
			must(t, c.Close(clerkA, atT("2026-11-23 10:00"), forms.ComplaintPartly, "叫号机故障属实，已道歉"))
		}, func(c *forms.Complaint) error {
			return c.AddStep(clerkA, atT("2026-11-23 11:00"), "叫号系统", "故障")
		}, forms.ECONFLICT, "已于2026-11-23办结（部分属实），办结的投诉不能再修改"},
		{"a closed complaint is not closed again", func(c *forms.Complaint) {
			must(t, c.Close(clerkA, atT("2026-11-23 10:00"), forms.ComplaintPartly, "已道歉"))
		}, func(c *forms.Complaint) error {
			return c.Close(clerkA, atT("2026-11-23 11:00"), forms.ComplaintUpheld, "再次道歉")
		}, forms.ECONFLICT, "办结的投诉不能再修改"},
		{"a closed complaint is not reassigned", func(c *forms.Complaint) {
			must(t, c.Close(clerkA, atT("2026-11-23 10:00"), forms.ComplaintPartly, "已道歉"))
		}, func(c *forms.Complaint) error {
			return c.Reassign(supervisor, clerkB, atT("2026-11-23 11:00"), "复查")
		}, forms.ECONFLICT, "办结的投诉不能再修改"},
		{"an answered complaint is not reclassified", func(c *forms.Complaint) {
			must(t, c.GiveAnswer(clerkA, atT("2026-11-23 10:00"), "已查明原因"))
		}, func(c *forms.Complaint) error {
			return c.Reclassify(clerkA, forms.ComplaintComplex, cal)
		}, forms.ECONFLICT, "复杂程度不能再改"},
		{"another clerk does not reclassify", nil, func(c *forms.Complaint) error {
			return c.Reclassify(clerkB, forms.ComplaintComplex, cal)
		}, forms.EFORBIDDEN, "能改变复杂程度"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := received(t)
			if tt.prep != nil {
				tt.prep(c)
			}
			before := clone(c)
			err := tt.do(c)
			if tt.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if forms.ErrorCode(err) != tt.code || !strings.Contains(forms.ErrorMessage(err), tt.msg) {
				t.Fatalf("err = %v (%s), want %s with %q", err, forms.ErrorMessage(err), tt.code, tt.msg)
			}
			if !reflect.DeepEqual(c, before) {
				t.Errorf("a refused change changed the complaint:\n%+v\n%+v", c, before)
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func clone(c *forms.Complaint) *forms.Complaint {
	n := *c
	n.Steps = append([]forms.ComplaintStep(nil), c.Steps...)
	n.Handovers = append([]forms.ComplaintHandover(nil), c.Handovers...)
	return &n
}

// TestComplaintLifecycle walks intake → steps → hand-over → answer →
// close and checks what each leaves.
func TestComplaintLifecycle(t *testing.T) {
	cal := realCal2026(t)
	c := received(t)
	must(t, c.AddStep(clerkA, atT("2026-11-20 16:30"), "叫号系统 管理员", "上午叫号机故障二十分钟"))
	must(t, c.Reassign(supervisor, clerkB, atT("2026-11-21 09:00"), "王芳休假"))
	must(t, c.Reclassify(supervisor, forms.ComplaintComplex, cal))
	if forms.FormatDate(c.DueDay) != "2026-11-27" || c.Complexity != forms.ComplaintComplex {
		t.Errorf("reclassified: %s %s", c.Complexity, forms.FormatDate(c.DueDay))
	}
	must(t, c.AddStep(clerkB, atT("2026-11-23 09:00"), "窗口主管", "已安排备用叫号"))
	must(t, c.GiveAnswer(clerkB, atT("2026-11-23 10:00"), "叫号机故障属实，已修复并道歉"))
	must(t, c.GiveAnswer(clerkB, atT("2026-11-24 10:00"), "再次说明已增设备用叫号"))
	if !c.AnsweredAt.Equal(atT("2026-11-23 10:00")) || c.Answer != "再次说明已增设备用叫号" {
		t.Errorf("a later answer moved the first: %v %q", c.AnsweredAt, c.Answer)
	}
	must(t, c.Close(clerkB, atT("2026-11-24 11:00"), forms.ComplaintUpheld, "叫号机故障属实，已修复并道歉"))
	if !c.Closed() || c.ClosedBy != "李强" || len(c.Steps) != 2 || len(c.Handovers) != 1 || c.Handovers[0].Reason != "王芳休假" || c.Handovers[0].ByName != "赵主管" {
		t.Errorf("closed = %+v", c)
	}
	if !c.AnsweredInTime() {
		t.Error("answered in time should hold")
	}
	if c.AgeDays(day("2026-11-24")) != 4 {
		t.Errorf("age = %d", c.AgeDays(day("2026-11-24")))
	}
}

func TestComplaintOverdueAndNearDue(t *testing.T) {
	// Received Friday 2026-11-20 16:00, simple: due by the end of Monday
	// 11-23.
	tests := []struct {
		now      string
		answered string // when the first answer was given, or ""
		overdue  bool
		near     bool
	}{
		{"2026-11-20 16:01", "", false, false},
		{"2026-11-21 12:00", "", false, false}, // Saturday: two days before
		{"2026-11-22 12:00", "", false, true},  // the day before
		{"2026-11-23 23:59", "", false, true},  // the due day's last minute
		{"2026-11-24 00:00", "", true, false},  // past it
		{"2026-11-30 09:00", "", true, false},
		{"2026-11-30 09:00", "2026-11-23 17:00", false, false}, // answered in time
		{"2026-11-30 09:00", "2026-11-24 09:00", false, false}, // answered late: no longer a reminder
	}
	for _, tt := range tests {
		c := received(t)
		if tt.answered != "" {
			must(t, c.GiveAnswer(clerkA, atT(tt.answered), "已答复"))
		}
		if got := c.Overdue(atT(tt.now)); got != tt.overdue {
			t.Errorf("%s (answered %q): Overdue = %v, want %v", tt.now, tt.answered, got, tt.overdue)
		}
		if got := c.NearDue(atT(tt.now)); got != tt.near {
			t.Errorf("%s (answered %q): NearDue = %v, want %v", tt.now, tt.answered, got, tt.near)
		}
		if tt.answered != "" {
			want := atT(tt.answered).Before(atT("2026-11-24 00:00"))
			if c.AnsweredInTime() != want {
				t.Errorf("answered %s: AnsweredInTime = %v, want %v", tt.answered, c.AnsweredInTime(), want)
			}
		}
	}
}

func TestValidateComplaintCategories(t *testing.T) {
	tests := []struct {
		name string
		edit func(l []forms.ComplaintCategory) []forms.ComplaintCategory
		msg  string
	}{
		{"the defaults", func(l []forms.ComplaintCategory) []forms.ComplaintCategory { return l }, ""},
		{"empty", func(l []forms.ComplaintCategory) []forms.ComplaintCategory { return nil }, "投诉类别不能为空"},
		{"a bad code", func(l []forms.ComplaintCategory) []forms.ComplaintCategory { l[0].Code = "服务"; return l }, "第1个投诉类别的编码“服务”无效"},
		{"a code twice", func(l []forms.ComplaintCategory) []forms.ComplaintCategory { l[1].Code = "attitude"; return l }, "投诉类别编码“attitude”重复"},
		{"a name twice", func(l []forms.ComplaintCategory) []forms.ComplaintCategory { l[1].Name = "服务态度"; return l }, "投诉类别名称“服务态度”重复"},
		{"a name twice, once with full-width punctuation", func(l []forms.ComplaintCategory) []forms.ComplaintCategory {
			l[3].Name, l[4].Name = "收费（含解释）", "收费(含解释)"
			return l
		}, "投诉类别名称“收费(含解释)”重复（全角、半角标点算同一个名称）"},
		{"no name", func(l []forms.ComplaintCategory) []forms.ComplaintCategory { l[2].Name = " "; return l }, "第3个投诉类别（wrong_info）：请填写投诉类别名称"},
		{"a name too long", func(l []forms.ComplaintCategory) []forms.ComplaintCategory {
			l[2].Name = strings.Repeat("长", 21)
			return l
		}, "投诉类别名称过长（21个字），最多20个字"},
		{"all off", func(l []forms.ComplaintCategory) []forms.ComplaintCategory {
			for i := range l {
				l[i].Off = true
			}
			return l
		}, "投诉类别全部停用了"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := forms.ValidateComplaintCategories(tt.edit(forms.DefaultComplaintCategories()))
			if tt.msg == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if forms.ErrorCode(err) != forms.EINVALID || !strings.Contains(forms.ErrorMessage(err), tt.msg) {
				t.Errorf("err = %v (%s), want %q", err, forms.ErrorMessage(err), tt.msg)
			}
		})
	}
}

// TestComplaintCategoryNameKeepsPunctuation is the tester's finding 4 of
// issue 18: a category named "收费（含解释）" was saved as "收费(含解释)".
// The name is kept as typed, and a complaint recorded under it carries it so.
func TestComplaintCategoryNameKeepsPunctuation(t *testing.T) {
	cats := forms.DefaultComplaintCategories()
	cats[3].Name = "  收费（含解释）：窗口、网上 "
	if err := forms.ValidateComplaintCategories(cats); err != nil {
		t.Fatal(err)
	}
	if cats[3].Name != "收费（含解释）：窗口、网上" {
		t.Fatalf("name = %q, want the full-width punctuation kept (trimmed only)", cats[3].Name)
	}
	c := forms.Complaint{CustomerID: "c-1", Channel: forms.ChannelCounter, Category: forms.CategoryFees,
		Complexity: forms.ComplaintSimple, Words: "收费没讲清楚"}
	if err := c.Receive(clerkA, atT("2026-11-20 16:00"), cats, realCal2026(t)); err != nil {
		t.Fatal(err)
	}
	if c.CategoryName != "收费（含解释）：窗口、网上" {
		t.Errorf("CategoryName = %q", c.CategoryName)
	}
}

// TestComplaintAnonymousLabelsAndNoContact: an anonymous complaint is
// named by its channel (a letter is no 匿名来电), and one without a phone
// has nobody to call back: its follow-up is unreachable at once, for
// 匿名，无联系方式 (finding 7 of issue 18).
func TestComplaintAnonymousLabelsAndNoContact(t *testing.T) {
	tests := []struct {
		ch          forms.ComplaintChannel
		name, phone string
		from        string
		noContact   bool
	}{
		{forms.ChannelPhone, "", "", "匿名来电", true},
		{forms.ChannelLetter, "", "", "匿名来信", true},
		{forms.ChannelOnline, "", "", "匿名网上留言", true},
		{forms.ChannelCounter, "", "", "匿名", true},
		{forms.ChannelLetter, "王先生", "", "王先生（匿名来信）", true},
		{forms.ChannelPhone, "", "13912345678", "匿名来电", false},
	}
	for _, tt := range tests {
		c := forms.Complaint{ID: "cmp-9", Channel: tt.ch, Category: forms.CategoryOther, Complexity: forms.ComplaintSimple,
			Words: "意见", CallerName: tt.name, CallerPhone: tt.phone}
		must(t, c.Receive(clerkA, atT("2026-11-20 10:00"), forms.DefaultComplaintCategories(), realCal2026(t)))
		if c.From() != tt.from || c.NoContact() != tt.noContact {
			t.Errorf("%s %q %q: From %q NoContact %v, want %q %v", tt.ch, tt.name, tt.phone, c.From(), c.NoContact(), tt.from, tt.noContact)
		}
		must(t, c.Close(clerkA, atT("2026-11-20 15:00"), forms.ComplaintUpheld, "已答复"))
		f, err := forms.ComplaintFollowUp(&c, clerkA)
		must(t, err)
		wantState, wantReason := forms.FollowUpOpen, ""
		if tt.noContact {
			wantState, wantReason = forms.FollowUpUnreachable, "匿名，无联系方式"
		}
		if f.State != wantState || f.UnreachableReason() != wantReason {
			t.Errorf("%s %q %q: follow-up %s (%q), want %s (%q)", tt.ch, tt.name, tt.phone, f.State, f.UnreachableReason(), wantState, wantReason)
		}
	}
	customer := forms.Complaint{CustomerID: "c-1"}
	if customer.From() != "" || customer.NoContact() {
		t.Error("a customer's complaint is not anonymous")
	}
}

// TestComplaintCloseNoContact (tester 18b B4): an anonymous complaint
// that gave no phone has nobody to answer, so closing it needs no answer
// (recorded as ComplaintNoContactAnswer) or keeps what the owner wrote
// was done; a complaint with somebody to answer still needs one.
func TestComplaintCloseNoContact(t *testing.T) {
	tests := []struct {
		name, customer, phone, answer string
		want                          string // the answer recorded, or "" when refused
	}{
		{"anonymous, no phone, no answer", "", "", "  ", forms.ComplaintNoContactAnswer},
		{"anonymous, no phone, what was done", "", "", "已提醒窗口注意态度", "已提醒窗口注意态度"},
		{"anonymous with a phone", "", "13900001111", "", ""},
		{"a customer's", "cust", "", "", ""},
	}
	for _, tt := range tests {
		c := received(t)
		c.CustomerID, c.CallerPhone = tt.customer, tt.phone
		err := c.Close(clerkA, atT("2026-11-23 10:00"), forms.ComplaintUpheld, tt.answer)
		if tt.want == "" {
			if forms.ErrorCode(err) != forms.EINVALID || !strings.Contains(forms.ErrorMessage(err), "请填写给客户的答复") || c.Closed() {
				t.Errorf("%s: %v, closed %v; want refused for the answer", tt.name, err, c.Closed())
			}
			continue
		}
		if err != nil || c.Answer != tt.want || !c.Closed() {
			t.Errorf("%s: %v, answer %q; want %q", tt.name, err, c.Answer, tt.want)
		}
	}
}
