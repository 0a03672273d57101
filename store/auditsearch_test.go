package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

// auditFixture is a station with two lent household cards (王芳's and
// 李四's), a child added under 王芳, and 王芳's record opened by the
// supervisor the next day.
type auditFixture struct {
	*fixture
	wang, li, child *forms.Customer
	wangCase        *forms.Case
	wangReceipt     *forms.Receipt
	wangDeposit     *forms.Deposit
}

func newAuditFixture(t *testing.T) *auditFixture {
	t.Helper()
	ctx := context.Background()
	f := &auditFixture{fixture: newFixture(t)}
	f.wang, f.wangCase, f.wangReceipt, f.wangDeposit = f.lend(t, "王芳")
	f.child = &forms.Customer{Name: "王小宝", ParentID: f.wang.ID, Gender: forms.GenderFemale, GuardianConsent: true,
		Birth: time.Date(2024, 5, 1, 0, 0, 0, 0, time.Local)}
	must(t, f.db.CreateCustomer(ctx, f.clerk, f.child))
	f.clk.Add(24 * time.Hour)
	f.li, _, _, _ = f.lend(t, "李四")
	_, err := f.db.ViewCustomer(ctx, f.sup, f.wang.ID)
	must(t, err)
	return f
}

func (f *auditFixture) search(t *testing.T, flt forms.AuditFilter) ([]forms.AuditEntry, int) {
	t.Helper()
	got, total, err := f.db.AuditSearch(context.Background(), f.sup, flt)
	must(t, err)
	return got, total
}

func actionsOf(es []forms.AuditEntry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Action)
	}
	return out
}

func TestDB_AuditSearch_CustomerCoversEverythingOfTheirs(t *testing.T) {
	f := newAuditFixture(t)
	got, total := f.search(t, forms.AuditFilter{CustomerID: f.wang.ID})
	if total != len(got) {
		t.Fatalf("total = %d, page has %d", total, len(got))
	}
	mine := map[string]bool{f.wang.ID: true, f.child.ID: true, f.wangCase.ID: true, f.wangReceipt.ID: true, f.wangDeposit.ID: true}
	for _, e := range got {
		if !mine[e.EntityID] {
			t.Errorf("%s about %s %s is not 王芳's", e.Action, e.Entity, e.EntityID)
		}
	}
	acts := actionsOf(got)
	for _, want := range []string{ActCustomerCreate, ActCustomerView, ActCaseOpen, ActCaseSave, ActCaseAccept, ActReceiptIssue, ActDepositTake} {
		if !slices.Contains(acts, want) {
			t.Errorf("王芳's log lacks %s: %v", want, acts)
		}
	}
	var childSeen bool
	for _, e := range got {
		childSeen = childSeen || e.EntityID == f.child.ID
	}
	if !childSeen {
		t.Errorf("the child added under 王芳 is missing: %v", acts)
	}
	for i := 1; i < len(got); i++ {
		if got[i].At.After(got[i-1].At) || got[i].Seq >= got[i-1].Seq {
			t.Fatalf("not newest first: %d at %v after %d at %v", got[i].Seq, got[i].At, got[i-1].Seq, got[i-1].At)
		}
	}
	// 查阅档案: who opened the whole record, and when.
	if v := got[0]; v.Action != ActCustomerView || v.UserName != supName || !v.At.Equal(f.clk.Now()) {
		t.Errorf("newest entry = %s by %s at %v, want the supervisor's customer.view at %v", v.Action, v.UserName, v.At, f.clk.Now())
	}
}

func TestDB_AuditSearch_Filters(t *testing.T) {
	f := newAuditFixture(t)
	// A lock-out is written by the program itself (user 系统, no user id).
	for i := 0; i < forms.MaxFailures; i++ {
		_, _ = f.db.Login(context.Background(), clerkNm, fmt.Sprintf("wrong-%02d-pw", i))
	}
	// A setting changed: 设置（全部） finds it (修改设置 was in no group).
	must(t, f.db.SetSettings(context.Background(), f.sup, map[string]string{forms.SettingIdleLockMinutes: "7"}))
	all, total := f.search(t, forms.AuditFilter{})
	if total != auditCount(t, f.db) || len(all) != total {
		t.Fatalf("no filter: %d of %d, log has %d", len(all), total, auditCount(t, f.db))
	}
	day1 := testStart
	day2 := testStart.AddDate(0, 0, 1)
	tests := []struct {
		name string
		flt  forms.AuditFilter
		keep func(e forms.AuditEntry) bool
	}{
		{"first day", forms.AuditFilter{From: day1, To: day1}, func(e forms.AuditEntry) bool { return forms.Day(e.At).Equal(forms.Day(day1)) }},
		{"second day on", forms.AuditFilter{From: day2}, func(e forms.AuditEntry) bool { return !forms.Day(e.At).Before(forms.Day(day2)) }},
		{"until the first day", forms.AuditFilter{To: day1}, func(e forms.AuditEntry) bool { return !forms.Day(e.At).After(forms.Day(day1)) }},
		{"the clerk", forms.AuditFilter{UserID: f.clerk.UserID}, func(e forms.AuditEntry) bool { return e.UserID == f.clerk.UserID }},
		{"the program itself (系统)", forms.AuditFilter{System: true}, func(e forms.AuditEntry) bool {
			return e.UserID == "" && e.UserName == systemName
		}},
		{"receipts", forms.AuditFilter{Action: "receipt."}, func(e forms.AuditEntry) bool { return strings.HasPrefix(e.Action, "receipt.") }},
		{"设置（全部）", forms.AuditFilter{Action: "setting."}, func(e forms.AuditEntry) bool { return strings.HasPrefix(e.Action, "setting.") }},
		{"查阅档案", forms.AuditFilter{Action: ActCustomerView}, func(e forms.AuditEntry) bool { return e.Action == ActCustomerView }},
		{"李四's cases", forms.AuditFilter{CustomerID: f.li.ID, Action: "case."}, func(e forms.AuditEntry) bool {
			return strings.HasPrefix(e.Action, "case.") && e.Entity == "case" && e.At.Equal(f.clk.Now())
		}},
		{"nothing that day", forms.AuditFilter{From: day2.AddDate(0, 0, 1)}, func(forms.AuditEntry) bool { return false }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total := f.search(t, tt.flt)
			var want []int64
			for _, e := range all {
				if tt.keep(e) {
					want = append(want, e.Seq)
				}
			}
			var seqs []int64
			for _, e := range got {
				seqs = append(seqs, e.Seq)
			}
			if !slices.Equal(seqs, want) || total != len(want) {
				t.Errorf("got %v (total %d), want %v", seqs, total, want)
			}
			if tt.name != "nothing that day" && len(want) == 0 {
				t.Errorf("the filter keeps nothing: the test proves nothing")
			}
		})
	}
}

func TestDB_AuditSearch_Pages(t *testing.T) {
	f := newAuditFixture(t)
	all, total := f.search(t, forms.AuditFilter{})
	var seqs []int64
	for off := 0; off < total; off += 3 {
		page, n := f.search(t, forms.AuditFilter{Limit: 3, Offset: off})
		if n != total {
			t.Fatalf("total on page %d = %d, want %d", off, n, total)
		}
		for _, e := range page {
			seqs = append(seqs, e.Seq)
		}
	}
	var want []int64
	for _, e := range all {
		want = append(want, e.Seq)
	}
	if !slices.Equal(seqs, want) {
		t.Errorf("pages of 3 give %v, want %v", seqs, want)
	}
}

func TestDB_AuditSearch_Refused(t *testing.T) {
	f := newAuditFixture(t)
	ctx := context.Background()
	before := auditCount(t, f.db)
	tests := []struct {
		name string
		a    forms.Actor
		flt  forms.AuditFilter
		code string
		msg  string
	}{
		{"clerk", f.clerk, forms.AuditFilter{}, forms.EFORBIDDEN, "审计日志只有主管可以查看"},
		{"clerk with a supervisor's approval", f.approved(), forms.AuditFilter{}, forms.EFORBIDDEN, "审计日志只有主管可以查看"},
		{"not logged in", forms.Actor{}, forms.AuditFilter{}, forms.EUNAUTHORIZED, "登录已失效"},
		{"days the wrong way", f.sup, forms.AuditFilter{From: testStart, To: testStart.AddDate(0, 0, -1)}, forms.EINVALID, "起始日期（2026-11-23）晚于结束日期（2026-11-22）"},
		{"page too long", f.sup, forms.AuditFilter{Limit: forms.AuditPageMax + 1}, forms.EINVALID, "每页条数须在1到500之间"},
		{"unknown action", f.sup, forms.AuditFilter{Action: "x' OR 1=1"}, forms.EINVALID, "操作类型“x' OR 1=1”不正确"},
		{"unknown customer", f.sup, forms.AuditFilter{CustomerID: "no-such-customer"}, forms.ENOTFOUND, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total, err := f.db.AuditSearch(ctx, tt.a, tt.flt)
			assertErr(t, err, tt.code, tt.msg)
			if got != nil || total != 0 {
				t.Errorf("refused search returned %d entries (total %d)", len(got), total)
			}
		})
	}
	if n := auditCount(t, f.db); n != before {
		t.Errorf("audit log grew from %d to %d", before, n)
	}
}

func TestDB_AuditSearch_Indexed(t *testing.T) {
	f := newFixture(t)
	plans := map[string][]string{
		"customer's records": queryPlan(t, f.db, customerScopeQuery, "x"),
		"customer's entries": queryPlan(t, f.db, `SELECT seq FROM audit_log WHERE entity_id IN (SELECT value FROM json_each(?))
			AND at >= ? ORDER BY seq DESC LIMIT 500`, `["x"]`, "2026"),
		"days": queryPlan(t, f.db, `SELECT count(*) FROM audit_log WHERE at >= ? AND at < ? AND user_id = ?`, "2026", "2027", "x"),
		"a page of days": queryPlan(t, f.db, `SELECT seq, before_json FROM audit_log WHERE at >= ? AND at < ? AND user_id = ?`+
			auditPageOrder+" LIMIT 200 OFFSET 0", "2016", "2027", "x"),
	}
	// Ten years of a station are not sorted for one page.
	for _, d := range plans["a page of days"] {
		if strings.Contains(d, "TEMP B-TREE") {
			t.Errorf("a page of days sorts every entry: %v", plans["a page of days"])
		}
	}
	for name, plan := range plans {
		t.Logf("%s: %v", name, plan)
		for _, d := range plan {
			if strings.HasPrefix(d, "SCAN ") && !strings.Contains(d, "INDEX") && !strings.HasPrefix(d, "SCAN c") &&
				!strings.HasPrefix(d, "SCAN k") && !strings.Contains(d, "json_each") {
				t.Errorf("%s scans a table: %q in %v", name, d, plan)
			}
		}
	}
}

func TestDB_AuditRecordNames(t *testing.T) {
	f := newAuditFixture(t)
	got, _ := f.search(t, forms.AuditFilter{CustomerID: f.wang.ID})
	names, err := f.db.AuditRecordNames(context.Background(), got)
	must(t, err)
	want := map[string]string{
		f.wang.ID:        "王芳 " + forms.MaskID(f.wang.IDNumber),
		f.child.ID:       "王小宝",
		f.wangCase.ID:    f.wangCase.Number,
		f.wangReceipt.ID: f.wangReceipt.Number,
		f.wangDeposit.ID: f.wangReceipt.Number,
	}
	for id, w := range want {
		if names.Records[id] != w {
			t.Errorf("name of %s = %q, want %q", id, names.Records[id], w)
		}
	}
	if strings.Contains(names.Records[f.wang.ID], f.wang.IDNumber) {
		t.Errorf("the ID number shows whole: %q", names.Records[f.wang.ID])
	}
}

// TestDB_AuditRecordNames_PrintedDocuments: the audit screen read a
// print's note as stored ("receipt:XL01-2026-000001，1份",
// "card_promise，1份"); it reads the document's title, from the service
// version of the print's case.
func TestDB_AuditRecordNames_PrintedDocuments(t *testing.T) {
	f := newAuditFixture(t)
	ctx := context.Background()
	sv, err := f.db.ServiceVersion(ctx, f.wangCase.ServiceCode, f.wangCase.ServiceVersion)
	must(t, err)
	if len(sv.Documents) == 0 {
		t.Fatalf("service %s has no documents to print", sv.Code)
	}
	doc := sv.Documents[0]
	must(t, f.db.RecordPrint(ctx, f.clerk, f.wangCase.ID, "receipt:"+f.wangReceipt.Number, 1, false))
	must(t, f.db.RecordPrint(ctx, f.clerk, f.wangCase.ID, doc.ID, 2, true))
	got, _ := f.search(t, forms.AuditFilter{CustomerID: f.wang.ID, Action: ActCasePrint})
	if len(got) != 2 {
		t.Fatalf("%d print entries: %v", len(got), actionsOf(got))
	}
	names, err := f.db.AuditRecordNames(ctx, got)
	must(t, err)
	want := map[string]string{
		"receipt:" + f.wangReceipt.Number + "，1份": "收据 " + f.wangReceipt.Number + "，1份",
		doc.ID + "，2份（补打）":                        doc.Title + "，2份（补打）",
	}
	for _, e := range got {
		if w, ok := want[e.Note]; !ok || names.Notes[e.ID] != w {
			t.Errorf("note %q reads %q, want %q", e.Note, names.Notes[e.ID], w)
		}
	}
	if names.Records[f.wangCase.ID] != f.wangCase.Number {
		t.Errorf("the case is named %q", names.Records[f.wangCase.ID])
	}
}

// TestAuditActions_AllNamed reads every action constant of the store's
// files and checks the audit screen has a Chinese name for it.
func TestAuditActions_AllNamed(t *testing.T) {
	files, err := filepath.Glob("*.go")
	must(t, err)
	re := regexp.MustCompile(`\bAct[A-Za-z]+\s*=\s*"([a-z_.]+)"`)
	listed := map[string]bool{}
	for _, a := range forms.AuditActions() {
		listed[a.Action] = true
	}
	var n int
	for _, p := range files {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		data, err := os.ReadFile(p)
		must(t, err)
		for _, m := range re.FindAllStringSubmatch(string(data), -1) {
			n++
			if forms.AuditActionLabel(m[1]) == m[1] {
				t.Errorf("%s: action %s has no Chinese name in forms/auditfilter.go", p, m[1])
			}
			if !listed[m[1]] {
				t.Errorf("%s: action %s has no place in the 操作 list (auditActionOrder in forms/auditfilter.go)", p, m[1])
			}
		}
	}
	if n < 40 {
		t.Fatalf("found only %d action constants: the pattern is wrong", n)
	}
}

// BenchmarkAuditSearch times the audit screen's searches on a copy of a
// bench station (COUNTERDESK_BENCH_STATION, the path of its
// counterdesk.db; it is migrated, so never give the original): the last
// 30 days, ten years, a user's ten years, a group of actions, and the
// customer with the most cases. Skipped when unset.
func BenchmarkAuditSearch(b *testing.B) {
	path := os.Getenv("COUNTERDESK_BENCH_STATION")
	if path == "" {
		b.Skip("COUNTERDESK_BENCH_STATION is not set")
	}
	ctx := context.Background()
	db, err := Open(ctx, path)
	must(b, err)
	defer db.Close()
	users, err := db.Users(ctx)
	must(b, err)
	var sup forms.Actor
	var clerk string
	for _, u := range users {
		if u.IsSupervisor() && !u.Disabled && !u.MustChange && sup.UserID == "" {
			sup.UserID = u.ID
		} else if !u.IsSupervisor() {
			clerk = u.ID
		}
	}
	var busy string
	must(b, db.db.QueryRowContext(ctx, "SELECT customer_id FROM cases GROUP BY customer_id ORDER BY count(*) DESC LIMIT 1").Scan(&busy))
	var newest string
	must(b, db.db.QueryRowContext(ctx, "SELECT max(at) FROM audit_log").Scan(&newest))
	today := forms.Day(parseTS(newest))
	for _, bc := range []struct {
		name string
		f    forms.AuditFilter
	}{
		{"30 days", forms.AuditFilter{From: today.AddDate(0, 0, -29), To: today, Limit: 200}},
		{"ten years", forms.AuditFilter{From: today.AddDate(-10, 0, 0), To: today, Limit: 200}},
		{"ten years, page 50", forms.AuditFilter{From: today.AddDate(-10, 0, 0), To: today, Limit: 200, Offset: 50 * 200}},
		{"a clerk's ten years", forms.AuditFilter{From: today.AddDate(-10, 0, 0), To: today, UserID: clerk, Limit: 200}},
		{"receipts, 30 days", forms.AuditFilter{From: today.AddDate(0, 0, -29), To: today, Action: "receipt.", Limit: 200}},
		{"busiest customer, ten years", forms.AuditFilter{From: today.AddDate(-10, 0, 0), To: today, CustomerID: busy, Limit: 200}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var total int
			for b.Loop() {
				var err error
				if _, total, err = db.AuditSearch(ctx, sup, bc.f); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(total), "matches")
		})
	}
}

// TestAuditRecordNames_EveryEntry walks every entry of a training station
// (the store's own code paths make its cases, receipts, deposits,
// complaints, follow-ups, loss declarations…) as the audit screen shows
// it: no field may be labelled by its stored key, no value may be raw
// JSON or an internal UUID (unless marked 内部编号), and no row may
// show a UUID.
func TestAuditRecordNames_EveryEntry(t *testing.T) {
	ctx := context.Background()
	dir := demoDir(t)
	p := demoPlan(t, 7)
	p.Customers, p.Cases, p.Days = 120, 300, 40
	if _, err := Demo(ctx, dir, p, nil); err != nil {
		t.Fatal(err)
	}
	db, err := OpenClock(ctx, filepath.Join(dir, DBFileName), func() time.Time { return p.End.Add(time.Hour) })
	must(t, err)
	defer db.Close()
	es, err := db.AuditLog(ctx, "", 0)
	must(t, err)
	names, err := db.AuditRecordNames(ctx, es)
	must(t, err)
	uuidIn := func(s string) bool {
		for i := 0; i+36 <= len(s); i++ {
			if forms.IsUUID(s[i : i+36]) {
				return true
			}
		}
		return false
	}
	bad := map[string]string{}
	byCode := regexp.MustCompile(`(?m)^[a-z0-9_.]+：|：[a-z_]+$`)
	actions := map[string]bool{}
	for _, e := range es {
		actions[e.Action] = true
		row := forms.AuditRowText(e, names)
		if uuidIn(row) {
			bad[e.Action+" row"] = row
		}
		named := map[string]string{"complaint": "投诉 TS-", "follow_up": "回访 ", "station": "网点 XL01", "receipt": "收据 XL01-"}
		if w, ok := named[e.Entity]; ok && e.EntityID != "" && !strings.HasPrefix(row, w) {
			bad[e.Action+" row"] = "not named: " + row
		}
		for _, f := range forms.AuditDiffFor(e, names) {
			v := f.Before + "\n" + f.After
			switch {
			case f.Label == f.Key && f.Key != "" || strings.Trim(f.Label, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_") == "":
				bad[e.Action+" "+f.Key] = "label " + f.Label
			case strings.Contains(v, `":`) || strings.HasPrefix(f.Before, "{") || strings.HasPrefix(f.After, "{") ||
				strings.HasPrefix(f.Before, "[") || strings.HasPrefix(f.After, "["):
				bad[e.Action+" "+f.Key] = "raw JSON " + v
			case uuidIn(v) && !strings.Contains(f.Label, "内部编号"):
				bad[e.Action+" "+f.Key] = "UUID " + v
			case (f.Key == "Answers" || f.Key == "Items") && byCode.MatchString(v):
				// purpose：other, id_card：已收…: a question, option or
				// paper by its code, not by the service's words.
				bad[e.Action+" "+f.Key] = "by code " + v
			}
		}
	}
	for k, v := range bad {
		t.Errorf("%s: %.200s", k, v)
	}
	for _, a := range []string{ActReceiptIssue, ActDepositTake, ActCaseSave, ActComplaintRecord, ActFollowUpDue, ActLossDeclare, ActUserAdd, ActStationKey} {
		if !actions[a] {
			t.Errorf("the training station has no %s entry to check", a)
		}
	}
}
