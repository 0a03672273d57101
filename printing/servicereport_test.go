package printing

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

// serviceReport builds October 2026's service figures from hand-made
// records: four complaints (two answered in time, one late, one open and
// overdue), six follow-ups (three done in time with scores 5, 4 and 2,
// one done late with 0, one unreachable, one closed on 31 October and
// done on 5 November at the customer's time with 5), and ratings at two services by
// two clerks (one 不满意, one declined).
func serviceReport(t *testing.T) *forms.ServiceReport {
	t.Helper()
	d := func(day, hour int) time.Time { return time.Date(2026, 10, day, hour, 0, 0, 0, time.Local) }
	cx := func(n string, cat, name string, ch forms.ComplaintChannel, recv, due, answered time.Time, outcome forms.ComplaintOutcome, closed time.Time) forms.Complaint {
		return forms.Complaint{ID: n, Number: n, Category: cat, CategoryName: name, Channel: ch, ReceivedAt: recv,
			DueDay: due, AnsweredAt: answered, Outcome: outcome, ClosedAt: closed, OwnerName: "李明"}
	}
	complaints := []forms.Complaint{
		cx("TS-2026-0001", forms.CategoryAttitude, "服务态度", forms.ChannelCounter, d(5, 9), d(6, 0), d(5, 15), forms.ComplaintUpheld, d(7, 9)),
		cx("TS-2026-0002", forms.CategoryAttitude, "服务态度", forms.ChannelPhone, d(8, 9), d(9, 0), d(9, 10), forms.ComplaintPartly, d(12, 9)),
		cx("TS-2026-0003", forms.CategoryWaiting, "等候时间", forms.ChannelPhone, d(12, 9), d(13, 0), d(20, 10), forms.ComplaintNotUpheld, d(21, 9)),
		cx("TS-2026-0004", forms.CategoryWaiting, "等候时间", forms.ChannelOnline, d(20, 9), d(21, 0), time.Time{}, "", time.Time{}),
	}
	fu := func(src time.Time, state forms.FollowUpState, done time.Time, score int) forms.FollowUp {
		return forms.FollowUp{SourceAt: src, DueAt: src.Add(forms.FollowUpWindow), State: state, DoneAt: done,
			Score: score, Scored: state == forms.FollowUpDone}
	}
	followUps := []forms.FollowUp{
		fu(d(7, 9), forms.FollowUpDone, d(8, 9), 5),
		fu(d(12, 9), forms.FollowUpDone, d(13, 9), 4),
		fu(d(14, 9), forms.FollowUpDone, d(15, 9), 2),
		fu(d(21, 9), forms.FollowUpDone, d(27, 9), 0),
		fu(d(22, 9), forms.FollowUpUnreachable, time.Time{}, 0),
		// Closed on 31 October, reached that day, the customer asked for
		// 5 November: October's, in time at the customer's time.
		fu(d(31, 9), forms.FollowUpDone, time.Date(2026, 11, 5, 11, 0, 0, 0, time.Local), 5),
	}
	followUps[4].Phone = "13900001111" // unreachable after tries, not for want of a phone
	followUps[5].Attempts = []forms.FollowUpAttempt{{At: d(31, 10), Reached: true, CallBackAt: time.Date(2026, 11, 5, 10, 0, 0, 0, time.Local)}}
	rt := func(svc, svcName, clerk, clerkName string, l forms.RatingLevel, day int) forms.Rating {
		return forms.Rating{ServiceCode: svc, ServiceName: svcName, ClerkID: clerk, ClerkName: clerkName, Level: l, At: d(day, 11)}
	}
	ratings := []forms.Rating{
		rt("hukou", "户籍卡办理", "u1", "李明", forms.RatingVerySatisfied, 3),
		rt("hukou", "户籍卡办理", "u1", "李明", forms.RatingSatisfied, 4),
		rt("hukou", "户籍卡办理", "u2", "张丽华", forms.RatingDissatisfied, 5),
		rt("dangan", "档案保管", "u2", "张丽华", forms.RatingDeclined, 6),
	}
	r, err := forms.NewServiceReport(2026, time.October, time.Date(2026, 11, 3, 9, 0, 0, 0, time.Local),
		complaints, followUps, ratings, forms.DefaultComplaintCategories())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// svcSquash removes the spaces pdftotext puts between table cells, so a row
// reads as one string.
func svcSquash(s string) string { return regexp.MustCompile(`[ \t]+`).ReplaceAllString(s, " ") }

func TestRender_ServiceReport(t *testing.T) {
	r := serviceReport(t)
	p := &forms.Printout{Kind: forms.PrintServiceReport, Station: station(), Clerk: "李主管", At: at, ServiceReport: r}
	if got := p.Name(); got != "服务月报_QB01_2026-10" {
		t.Errorf("Name() = %q", got)
	}
	path := render(t, "服务月报", p)
	text := svcSquash(pdftext(t, path))
	// The long lines wrap: read them joined.
	flat := strings.ReplaceAll(text, "\n", "")
	for _, want := range []string{
		"2026年10月 服务情况月报", "统计期间：2026-10-01 至 2026-10-31",
		"一、投诉受理（本月受理 4 件）",
		"按期首次答复 2 件，占 2/4（50.0%）；逾期答复 1 件；尚未答复 1 件（其中已超期 1 件）",
		"服务态度 2 50.0%", "等候时间 2 50.0%", "信息有误 0 0.0%",
		"窗口 1 25.0%", "电话 2 50.0%", "网上 1 25.0%",
		"属实 1 25.0%", "部分属实 1 25.0%", "不属实 1 25.0%", "未办结 1 25.0%", "合计 4",
		"二、回访（本月应回访 6 件）",
		"按时完成 4 件，占 4/6（66.7%）（其中按客户约定的时间完成 1 件）；逾期完成 1 件；无法联系 1 件（其中匿名、无联系方式 0 件）；尚未回访 0 件",
		"说明：回访按来源发生的月份统计（投诉办结、客户评价、业务抽样的日期）：月底办结的投诉，次月初才打的回访也算在本月。",
		"72小时内打完算按时；客户在72小时内接通并约到72小时以后的，在约定当天打完也算按时（另列件数）。",
		"回访评分 5 次，平均 3.2 分",
		"5分 十分满意 2 40.0%", "4分 比较满意 1 20.0%", "3分 感觉一般 0 0.0%", "2分 不满意 1 20.0%",
		"1分 十分不满意 0 0.0%", "0分 感觉极差 1 20.0%",
		"三、客户评价（本月 4 次，不满意及以下 1 次，均应回访）",
		"户籍卡办理 1 1 0 1 0 0 3 66.7%", "档案保管 0 0 0 0 0 1 1 —",
		"李明 1 1 0 0 0 0 2 100.0%", "张丽华 0 0 0 1 0 1 2 0.0%", "全部 1 1 0 1 0 1 4 66.7%",
		"四、未办结投诉（截至 2026-10-31，共 1 件）",
		"1 TS-2026-0004 等候时间 李明 2026-10-20 2026-10-21 11 已超期",
		"制表人 李主管", "主管审核",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	if strings.Contains(text, "本月尚未结束") {
		t.Error("a past month says it is still running")
	}
	if t.Failed() {
		t.Log(text)
	}
}

// TestRender_ServiceReportEmptyAndTraining: a month without records prints
// 无 under each empty table and the averages as —, and a training station's
// report carries the 练习 mark.
func TestRender_ServiceReportEmptyAndTraining(t *testing.T) {
	r, err := forms.NewServiceReport(2026, time.November, time.Date(2026, 11, 3, 9, 0, 0, 0, time.Local), nil, nil, nil, forms.DefaultComplaintCategories())
	if err != nil {
		t.Fatal(err)
	}
	st := station()
	st.Training = true
	p := &forms.Printout{Kind: forms.PrintServiceReport, Station: st, Clerk: "李主管", At: at, ServiceReport: r}
	text := svcSquash(pdftext(t, render(t, "服务月报空", p)))
	for _, want := range []string{"统计期间：2026-11-01 至 2026-11-03（本月尚未结束）", "本月受理 0 件", "占 —",
		"平均 —", "未办结投诉（截至 2026-11-03，共 0 件）", "无", "练习"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	if t.Failed() {
		t.Log(text)
	}
}
