package store

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

// TestWriteServiceWorkbook writes a month's service figures made from
// hand-built records and reads the workbook back: the same counts,
// shares and scores as the report, the open complaint with its age, and
// the training mark on a training station.
func TestWriteServiceWorkbook(t *testing.T) {
	d := func(day, hour int) time.Time { return time.Date(2026, 10, day, hour, 0, 0, 0, time.Local) }
	complaints := []forms.Complaint{
		{Number: "TS-2026-0001", Category: forms.CategoryAttitude, CategoryName: "服务态度", Channel: forms.ChannelCounter,
			ReceivedAt: d(5, 9), DueDay: d(6, 0), AnsweredAt: d(5, 15), Outcome: forms.ComplaintUpheld, ClosedAt: d(7, 9), OwnerName: "李明"},
		{Number: "TS-2026-0002", Category: forms.CategoryWaiting, CategoryName: "等候时间", Channel: forms.ChannelPhone,
			ReceivedAt: d(20, 9), DueDay: d(21, 0), OwnerName: "张丽华"},
	}
	followUps := []forms.FollowUp{
		{SourceAt: d(7, 9), State: forms.FollowUpDone, DoneAt: d(8, 9), Score: 5, Scored: true},
		{SourceAt: d(8, 9), State: forms.FollowUpDone, DoneAt: d(9, 9), Score: 2, Scored: true},
		{SourceAt: d(9, 9), State: forms.FollowUpUnreachable},
	}
	ratings := []forms.Rating{
		{ServiceCode: "hukou", ServiceName: "户籍卡办理", ClerkID: "u1", ClerkName: "李明", Level: forms.RatingSatisfied, At: d(3, 9)},
		{ServiceCode: "hukou", ServiceName: "户籍卡办理", ClerkID: "u1", ClerkName: "李明", Level: forms.RatingVeryDissatisfied, At: d(4, 9)},
	}
	r, err := forms.NewServiceReport(2026, time.October, time.Date(2026, 11, 2, 9, 0, 0, 0, time.Local), complaints, followUps, ratings, forms.DefaultComplaintCategories())
	must(t, err)
	st := forms.Station{BranchName: "青白江区人才交流服务中心", Training: true}
	var buf bytes.Buffer
	must(t, WriteServiceWorkbook(&buf, st, r, time.Date(2026, 11, 2, 9, 30, 0, 0, time.Local)))
	path := filepath.Join(t.TempDir(), "服务 月报", "服务月报.xlsx")
	must(t, os.MkdirAll(filepath.Dir(path), 0o755))
	must(t, os.WriteFile(path, buf.Bytes(), 0o600))
	_, sheets := readBook(t, path)
	if got, want := slices.Sorted(func(yield func(string) bool) {
		for k := range sheets {
			if !yield(k) {
				return
			}
		}
	}), []string{SheetServiceOpen, SheetServiceComplaints, SheetServiceRatings, SheetServiceFollowUps}; !slices.Equal(got, slices.Sorted(slices.Values(want))) {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	has := func(sheet string, want ...string) {
		t.Helper()
		for _, row := range sheets[sheet] {
			if len(row) >= len(want) && slices.Equal(row[:len(want)], want) {
				return
			}
		}
		t.Errorf("sheet %s has no row starting %q; rows:\n%v", sheet, want, sheets[sheet])
	}
	if title := sheets[SheetServiceComplaints][0][0]; !strings.HasPrefix(title, "【练习站点") || !strings.Contains(title, "2026年10月") {
		t.Errorf("title %q", title)
	}
	has(SheetServiceComplaints, "本月受理", "2")
	has(SheetServiceComplaints, "按期首次答复", "1", "0.5")
	has(SheetServiceComplaints, "服务态度", "1", "0.5")
	has(SheetServiceComplaints, "未办结", "1", "0.5")
	has(SheetServiceFollowUps, "本月应回访", "", "3")
	// The screen's and the PDF's words and counting rule (tester 18b B3).
	has(SheetServiceFollowUps, "按时完成", "", "2")
	has(SheetServiceFollowUps, "其中按客户约定时间", "", "0")
	has(SheetServiceFollowUps, "逾期完成", "", "0")
	has(SheetServiceFollowUps, "无法联系", "", "1")
	has(SheetServiceFollowUps, "其中匿名无联系方式", "", "1") // the unreachable one has no phone
	has(SheetServiceFollowUps, "说明："+forms.FollowUpCountRule)
	for _, row := range sheets[SheetServiceFollowUps] {
		if strings.Contains(strings.Join(row, " "), "72小时内完成") || strings.Contains(strings.Join(row, " "), "超过72小时完成") {
			t.Errorf("old wording left: %q", row)
		}
	}
	has(SheetServiceFollowUps, "5", "十分满意", "1", "0.5")
	has(SheetServiceFollowUps, "0", "感觉极差", "0")
	has(SheetServiceFollowUps, "平均分", "", "3.5")
	has(SheetServiceRatings, "不满意及以下（均应回访）", "1")
	has(SheetServiceRatings, "户籍卡办理", "0", "1", "0", "0", "1", "0", "2", "0.5")
	has(SheetServiceRatings, "李明", "0", "1", "0", "0", "1", "0", "2", "0.5")
	has(SheetServiceOpen, "1", "TS-2026-0002", "等候时间", "张丽华", "2026-10-20", "2026-10-21", "11", "已超期")
}
