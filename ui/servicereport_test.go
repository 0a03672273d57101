package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// shownReportLines reads the 服务月报 as a supervisor sees it: every label
// outside a table on its own line, every table row as its cells joined
// by " | " (the head row first), in screen order.
func shownReportLines(o fyne.CanvasObject) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			if x.Visible() && x.Text != "" {
				out = append(out, x.Text)
			}
		case *wrappedText:
			if x.Visible() && x.Text != "" {
				out = append(out, x.Text)
			}
		case *container.Scroll:
			walk(x.Content)
		case *fyne.Container:
			if g, ok := x.Layout.(*gridTableLayout); ok {
				rows := len(x.Objects) / (g.cols + 1)
				cells := x.Objects[rows:]
				for r := 0; r < rows; r++ {
					var row []string
					for c := 0; c < g.cols; c++ {
						row = append(row, cells[r*g.cols+c].(*widget.Label).Text)
					}
					out = append(out, strings.Join(row, " | "))
				}
				return
			}
			for _, c := range x.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

// busyServiceReport is a month with something in every table: ten
// categories, ratings for eight services with long names and six clerks,
// scores, and thirty open complaints, some overdue.
func busyServiceReport() *forms.ServiceReport {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.Local) }
	r := &forms.ServiceReport{Year: 2026, Month: time.November, From: day(1), To: day(1).AddDate(0, 1, 0), AsOf: day(23),
		Complaints: 12, AnsweredInTime: 9, AnsweredLate: 2, Unanswered: 1, OverdueNow: 1, InTime: forms.Share{Num: 9, Den: 12},
		FollowUpsDue: 20, FollowUpsDoneInTime: 15, FollowUpsAtCustomersTime: 2, FollowUpsDoneLate: 2, FollowUpsUnreachable: 2,
		FollowUpsNoContact: 1, FollowUpsOpen: 1, FollowUpsInTime: forms.Share{Num: 15, Den: 20},
		Scores: [6]int{0, 1, 1, 3, 6, 6}, ScoreCount: 17, ScoreSum: 67, ScoreAverage: forms.Share{Num: 67, Den: 17},
		Ratings: 40, RatingsPoor: 3}
	for i := 0; i < 10; i++ {
		r.ByCategory = append(r.ByCategory, forms.CountRow{Key: fmt.Sprintf("c%d", i), Label: longText("服务态度类别", 20), Count: i % 3})
	}
	for _, ch := range forms.ComplaintChannels {
		r.ByChannel = append(r.ByChannel, forms.CountRow{Key: string(ch), Label: ch.Label(), Count: 3})
	}
	for _, o := range forms.ComplaintOutcomes {
		r.ByOutcome = append(r.ByOutcome, forms.CountRow{Key: string(o), Label: o.Label(), Count: 3})
	}
	r.ByOutcome = append(r.ByOutcome, forms.CountRow{Key: "open", Label: "未办结", Count: 3})
	for i := 0; i < 8; i++ {
		r.RatingsByService = append(r.RatingsByService, forms.RatingRow{Key: fmt.Sprintf("s%d", i),
			Label: longText("流动人员人事档案转递", 40), Counts: [6]int{3, 1, 0, 1, 0, 1}, Total: 6, Satisfied: forms.Share{Num: 4, Den: 5}})
	}
	for i := 0; i < 6; i++ {
		r.RatingsByClerk = append(r.RatingsByClerk, forms.RatingRow{Key: fmt.Sprintf("u%d", i),
			Label: longText("欧阳窗口", 20), Counts: [6]int{2, 2, 1, 0, 0, 0}, Total: 5, Satisfied: forms.Share{Num: 5, Den: 5}})
	}
	for i := 0; i < 30; i++ {
		r.Open = append(r.Open, forms.OpenComplaint{ID: fmt.Sprint(i), Number: fmt.Sprintf("TS-2026-%04d", i+1),
			CategoryName: longText("服务态度类别", 20), OwnerName: longText("欧阳主管", 20), ReceivedAt: day(1 + i%20),
			DueDay: day(2 + i%20), AgeDays: 22 - i%20, Overdue: i%2 == 0})
	}
	return r
}

// TestServiceReport_TablesReadAndFit: a busy month reads as tables on
// the 服务月报 screen, in Chinese and in English: a head row over rows
// of cells (a rating row's counts by level, its total and share; an open
// complaint's age and 已超期), and with the longest names it still fits
// 1280×720, the tables scrolling inside.
func TestServiceReport_TablesReadAndFit(t *testing.T) {
	for _, tc := range []struct {
		lang string
		want []string
	}{
		{"zh", []string{"2026年11月（本月尚未结束，统计至 2026-11-23）", "一、投诉",
			"本月受理 | 按期首次答复 | 逾期答复 | 尚未答复 | 其中已超期", "12 | 9（75.0%） | 2 | 1 | 1",
			"渠道 | 件数 | 占比", "电话 | 3 | 25.0%", "未办结 | 3 | 25.0%", forms.FollowUpCountRule,
			"本月应回访 | 按时完成 | 其中按客户约定时间 | 逾期完成 | 无法联系 | 其中匿名无联系方式 | 尚未回访", "20 | 15（75.0%） | 2 | 2 | 2 | 1 | 1",
			"评分 17 次，平均 3.9 分", "5分 | 十分满意 | 6 | 35.3%", "0分 | 感觉极差 | 0 | 0.0%",
			"服务事项 | 非常满意 | 满意 | 基本满意 | 不满意 | 非常不满意 | 婉拒评价 | 合计 | 满意率",
			longText("流动人员人事档案转递", 40) + " | 3 | 1 | 0 | 1 | 0 | 1 | 6 | 80.0%",
			"四、未办结投诉（截至 2026-11-23）：30 件", "编号 | 类别 | 负责人 | 受理日期 | 答复期限 | 已过天数 | 超期",
			"TS-2026-0001 | " + longText("服务态度类别", 20) + " | " + longText("欧阳主管", 20) + " | 2026-11-01 | 2026-11-02 | 22 | 已超期",
			"TS-2026-0002 | " + longText("服务态度类别", 20) + " | " + longText("欧阳主管", 20) + " | 2026-11-02 | 2026-11-03 | 21 | "}},
		{"en", []string{"November 2026 (month not over: counted to 2026-11-23)", "1. Complaints",
			"Channel | Count | Share", "Phone | 3 | 25.0%", "Open | 3 | 25.0%", "12 | 9 (75.0%) | 2 | 1 | 1",
			"5 | Highly satisfied | 6 | 35.3%", "4. Open complaints (as of 2026-11-23): 30",
			"TS-2026-0001 | " + longText("服务态度类别", 20) + " | " + longText("欧阳主管", 20) + " | 2026-11-01 | 2026-11-02 | 22 | Overdue"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			if err := LoadLanguage(tc.lang); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = LoadLanguage("zh") })
			h := newHarness(t)
			h.app.win.Resize(fyne.NewSize(fitWidth, fitHeight))
			s := newServiceReportScreen(h.app)
			h.app.win.SetContent(s.content())
			s.showReport(busyServiceReport())
			h.wait()
			shown := "\n" + strings.Join(shownReportLines(s.figures), "\n") + "\n"
			for _, line := range tc.want {
				if !strings.Contains(shown, "\n"+line+"\n") {
					t.Errorf("the 服务月报 lacks the line %q:%s", line, shown)
				}
			}
			if m := misfits(h.app.win); len(m) > 0 {
				t.Errorf("the busy 服务月报 does not fit 1280×720: %v", m)
			}
			if got := h.app.win.Canvas().Size(); got.Width > fitWidth || got.Height > fitHeight {
				t.Errorf("the window grew to %v", got)
			}
		})
	}
}
