package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"counterdesk/assets"
	"counterdesk/forms"
	"counterdesk/store"
)

// serviceStation is a real station (store.Setup) of a branch whose
// supervisor has recorded complaints, follow-up calls and ratings in
// November 2026, with what its own ServiceReport says of the month.
type serviceStation struct {
	code    string // e.g. QB01
	keyFile string
	export  string
	report  *forms.ServiceReport
}

// makeServiceStation sets up station 01 of branch in a folder with a space
// and Chinese characters, records n complaints (received, answered, closed
// with their follow-up called back and scored, the last one left open), a
// complaint closed on 11-29 and called on 11-30, a
// 借户籍卡 case completed by its refund and rated rating (a poor rating's
// follow-up assigned to a new clerk, who calls), exports everything to head office's
// recipient and returns it.
func makeServiceStation(t *testing.T, branch string, n int, rating forms.RatingLevel, recipient string) *serviceStation {
	t.Helper()
	ctx := context.Background()
	cat, err := forms.ParseCatalogue(assets.Catalogue)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.Local)
	tick := func(d time.Duration) { now = now.Add(d) }
	dir := filepath.Join(t.TempDir(), branch+" 工作站")
	db, err := store.OpenClock(ctx, filepath.Join(dir, store.DBFileName), func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s %s: %v (%s)", branch, what, err, forms.ErrorMessage(err))
		}
	}
	st := forms.Station{BranchCode: branch, BranchName: branch + "网点", Payee: branch + "网点", Number: 1, Phone: "0571-88880000"}
	_, err = db.Setup(ctx, st, "李主管", "zhuguan123", cat)
	must("setup", err)
	sup, err := db.Login(ctx, "李主管", "zhuguan123")
	must("login", err)
	a := forms.Actor{UserID: sup.ID}
	must("recipient", db.SetHQRecipient(ctx, a, recipient))
	for y := 2026; y <= 2027; y++ {
		must("calendar", db.SetHolidayCalendar(ctx, a, forms.DemoHolidayCalendar(y)))
	}

	for i := 0; i < n; i++ {
		tick(24 * time.Hour)
		c, err := db.RecordComplaint(ctx, a, forms.Complaint{Channel: forms.ComplaintChannels[i%len(forms.ComplaintChannels)],
			Category: forms.CategoryWaiting, Words: fmt.Sprintf("第%d次投诉：等了很久", i+1), Complexity: forms.ComplaintSimple,
			CallerName: "匿名", CallerPhone: "1380000" + strconv.Itoa(1000+i)})
		must("complaint", err)
		if i == n-1 {
			break // left open
		}
		tick(2 * time.Hour)
		_, err = db.AnswerComplaint(ctx, a, c.ID, "已说明原因并致歉")
		must("answer", err)
		tick(time.Hour)
		_, f, err := db.CloseComplaint(ctx, a, c.ID, forms.ComplaintUpheld, "已说明原因并致歉")
		must("close", err)
		tick(5 * time.Hour)
		_, _, err = db.CompleteFollowUp(ctx, a, f.ID, forms.FollowUpResult{Scored: true, Score: 4 + i%2})
		must("call", err)
	}

	// A 借户籍卡 case completed by its refund, then rated.
	tick(24 * time.Hour)
	cust := &forms.Customer{Name: "王芳", IDNumber: residentID("19900101", 20+n), Mobile: "13912345678",
		Member: true, MemberSince: time.Date(2020, 3, 5, 0, 0, 0, 0, time.Local)}
	must("customer", db.CreateCustomer(ctx, a, cust))
	k, _, err := db.OpenCase(ctx, a, cust.ID, "borrow_card")
	must("open", err)
	_, err = db.SaveCase(ctx, a, k.ID, map[string]string{"purpose": "passport"},
		map[string]forms.ItemState{"id_card": {Status: forms.ItemReceived, Originals: 1, Copies: 1}})
	must("save", err)
	_, _, dep, err := db.AcceptCase(ctx, a, k.ID, forms.Payment{Method: forms.PayCash}, time.Time{})
	must("accept", err)
	tick(48 * time.Hour)
	_, err = db.RefundDeposit(ctx, a, forms.RefundRequest{DepositID: dep.ID,
		Returned: []string{forms.ReturnedCard, forms.ReturnedPromise, forms.ReturnedReceipt}, Payment: forms.Payment{Method: forms.PayCash}})
	must("refund", err)
	_, f, err := db.RateCase(ctx, a, forms.Rating{CaseID: k.ID, Level: rating})
	must("rate", err)
	if f != nil {
		// The supervisor handled the case: a clerk makes the call.
		clerk, err := db.AddUser(ctx, a, "王客服", forms.RoleClerk, "kefu2026a")
		must("add a clerk", err)
		must("clerk's own password", db.ChangePassword(ctx, clerk.ID, "kefu2026a", "kefu2026b"))
		tick(time.Hour)
		_, err = db.AssignFollowUp(ctx, a, f.ID, clerk.ID)
		must("assign", err)
		tick(time.Hour)
		_, _, err = db.CompleteFollowUp(ctx, forms.Actor{UserID: clerk.ID}, f.ID, forms.FollowUpResult{Scored: true, Score: 2})
		must("rating's call", err)
	}

	// A complaint closed on 11-29 and called on 11-30: November's, though
	// its 72 hours end in December (the station's rule since 638e79a; head
	// office counted it in December before).
	now = time.Date(2026, 11, 29, 9, 0, 0, 0, time.Local)
	c, err := db.RecordComplaint(ctx, a, forms.Complaint{Channel: forms.ChannelCounter, Category: forms.CategoryAttitude,
		Words: "月底来办，窗口说话不耐烦", Complexity: forms.ComplaintSimple, CustomerID: cust.ID})
	must("month-end complaint", err)
	tick(3 * time.Hour)
	_, cf, err := db.CloseComplaint(ctx, a, c.ID, forms.ComplaintPartly, "已当面致歉")
	must("close month-end complaint", err)
	tick(24 * time.Hour)
	_, _, err = db.CompleteFollowUp(ctx, a, cf.ID, forms.FollowUpResult{Scored: true, Score: 3})
	must("month-end call", err)

	s := &serviceStation{code: branch + "01"}
	now = time.Date(2026, 12, 5, 9, 0, 0, 0, time.Local)
	s.report, err = db.ServiceReport(ctx, 2026, time.November)
	must("service report", err)
	key, err := db.StationKey(ctx)
	must("station key", err)
	s.keyFile = filepath.Join(t.TempDir(), "公钥 "+s.code+".txt")
	if err := os.WriteFile(s.keyFile, []byte(key.Text), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "U盘 导出")
	if err := os.MkdirAll(out, 0o700); err != nil {
		t.Fatal(err)
	}
	info, err := db.Export(ctx, a, out, nil)
	must("export", err)
	s.export = info.Path
	return s
}

// TestReportService_TwoBranches is `hqdesk report` on two branches'
// exports with complaints, follow-up calls and ratings: each station is a
// real one whose clerk work went through the store, each export is
// imported, the report command writes the workbook, and the 投诉回访评价
// sheet, read back from the .xlsx, gives each branch's station and
// subtotal the figures its own service month report gives, and the total
// their sums.
func TestReportService_TwoBranches(t *testing.T) {
	id := newTestIdentity(t)
	qb := makeServiceStation(t, "QB", 4, forms.RatingDissatisfied, id.Recipient.String())
	hz := makeServiceStation(t, "HZ", 2, forms.RatingVerySatisfied, id.Recipient.String())
	old := reportNow
	reportNow = func() time.Time { return time.Date(2026, 12, 5, 9, 0, 0, 0, time.Local) }
	defer func() { reportNow = old }()

	dsn := testDSN(t, kindSQLite)
	for _, s := range []*serviceStation{qb, hz} {
		mustRun(t, exitOK, "station", "add", "--db", dsn, "--branch", s.code[:2], "--station", "01", "--key", s.keyFile)
		mustRun(t, exitOK, "import", "--db", dsn, "--identity", id.Path, s.export)
	}
	book := filepath.Join(t.TempDir(), "总部 月报", "总部月报 2026-11.xlsx")
	if err := os.MkdirAll(filepath.Dir(book), 0o755); err != nil {
		t.Fatal(err)
	}
	mustRun(t, exitOK, "report", "--db", dsn, "--month", "2026-11", "--xlsx", book)
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheetService, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	find := func(a, b string) []string {
		for _, r := range rows {
			if cell(r, 0) == a && cell(r, 1) == b {
				return r
			}
		}
		t.Fatalf("no row %s %s in the sheet: %v", a, b, rows)
		return nil
	}
	// The columns checked, by the header's names, against the station's own
	// service month report.
	figures := func(r *forms.ServiceReport) map[string]int {
		return map[string]int{"投诉受理": r.Complaints, "按期首次答复": r.AnsweredInTime, "月末未办结投诉": len(r.Open),
			"应回访": r.FollowUpsDue, "按时完成": r.FollowUpsDoneInTime, "其中按客户约定时间": r.FollowUpsAtCustomersTime,
			"逾期完成": r.FollowUpsDoneLate, "无法联系": r.FollowUpsUnreachable, "其中匿名无联系方式": r.FollowUpsNoContact,
			"回访评分次数": r.ScoreCount, "评价": r.Ratings, "不满意及以下": r.RatingsPoor}
	}
	col := func(name string) int {
		for i, h := range serviceHeader {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %s in %v", name, serviceHeader)
		return -1
	}
	total := map[string]int{}
	for _, s := range []*serviceStation{qb, hz} {
		want := figures(s.report)
		if want["投诉受理"] == 0 || want["应回访"] == 0 || want["评价"] == 0 {
			t.Fatalf("%s's own report is empty: %+v", s.code, want)
		}
		station, branch := find(s.code[:2], "01"), find(s.code[:2]+" 小计", "")
		for name, n := range want {
			c := col(name)
			if got := cell(station, c); got != strconv.Itoa(n) {
				t.Errorf("%s %s = %q, the station's own report %d", s.code, name, got, n)
			}
			if got := cell(branch, c); got != strconv.Itoa(n) {
				t.Errorf("%s 小计 %s = %q, want %d (one station)", s.code[:2], name, got, n)
			}
			total[name] += n
		}
	}
	// The counting rule under the table, as the station's report says it
	// (tester 18b B3), then the total row above it.
	if note := rows[len(rows)-1]; cell(note, 0) != "说明："+forms.FollowUpCountRule {
		t.Errorf("the last row is %v, want the counting rule", note)
	}
	last := rows[len(rows)-3]
	if cell(last, 0) != labelAll {
		t.Fatalf("the total row is %v, want %s", last, labelAll)
	}
	for name, n := range total {
		if got := cell(last, col(name)); got != strconv.Itoa(n) {
			t.Errorf("%s %s = %q, want %d", labelAll, name, got, n)
		}
	}
}

// cell returns row[i], or "" past its end.
func cell(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return ""
}
