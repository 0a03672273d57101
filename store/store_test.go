package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"counterdesk/forms"

	"golang.org/x/crypto/bcrypt"
)

func TestMain(m *testing.M) {
	bcryptCost = bcrypt.MinCost // hashing at the real cost would make the tests slow
	os.Exit(m.Run())
}

// testStart is the fixed time the tests run at: a Monday at the counter.
var testStart = time.Date(2026, 11, 23, 10, 0, 0, 0, time.Local)

// testClock is a clock the tests can move.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// testDBPath returns a database path in a fresh temporary folder whose name
// has a space and Chinese characters, as Windows user folders do.
func testDBPath(tb testing.TB) string {
	tb.Helper()
	return filepath.Join(tb.TempDir(), "王 芳", "柜台通 data", "counterdesk.db")
}

// mustOpenDB opens a new database on a real file with a fixed clock.
func mustOpenDB(tb testing.TB) *DB {
	tb.Helper()
	return mustOpenPath(tb, testDBPath(tb), &testClock{now: testStart})
}

func mustOpenPath(tb testing.TB, path string, clk *testClock) *DB {
	tb.Helper()
	db, err := OpenClock(context.Background(), path, clk.Now)
	if err != nil {
		tb.Fatalf("Open(%q): %v", path, err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// assertErr fails unless err is a *forms.Error with the code and a message
// containing every substring.
func assertErr(tb testing.TB, err error, code string, substrs ...string) {
	tb.Helper()
	if err == nil {
		tb.Fatalf("expected error %s %q, got nil", code, substrs)
	}
	if got := forms.ErrorCode(err); got != code {
		tb.Fatalf("error code = %q, want %q (error: %v)", got, code, err)
	}
	msg := forms.ErrorMessage(err)
	for _, s := range substrs {
		if !strings.Contains(msg, s) {
			tb.Fatalf("error message %q does not contain %q", msg, s)
		}
	}
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatalf("unexpected error: %v (%s)", err, forms.ErrorMessage(err))
	}
}

// testCatalogue is a small hand-built catalogue: 借户籍卡 with its deposit, a
// fee service, and a free service.
func testCatalogue() *forms.Catalogue {
	return &forms.Catalogue{Release: "test", Services: []forms.Service{
		{
			Code:       "borrow_card",
			Name:       "借户籍卡",
			ForMembers: true,
			Questions: []forms.Question{{
				ID: "purpose", Label: "用途", Type: forms.QChoice, Required: true, Placeholder: "用途",
				Options: []forms.Option{
					{Value: "passport", Label: "办理护照或港澳通行证"},
					{Value: "marriage", Label: "婚姻登记"},
					{Value: "other", Label: "其他"},
				},
			}},
			Requirements: []forms.Requirement{{ID: "id_card", Name: "身份证", SeenOnly: true, Copies: 1}},
			Documents: []forms.Document{{
				ID: "promise", Title: "《户籍卡承诺书》",
				Body:       "本人（［姓名］、［身份证号码］）因［用途］需要借用户籍卡。",
				Copies:     []forms.CopyLabel{{Label: "客户留存", Keeper: "customer"}, {Label: "单位留存", Keeper: "office"}},
				Signatures: []string{"承诺人", "经办人"},
			}},
			Fees:       []forms.Fee{{ID: "deposit", Name: "户籍卡保障金", Kind: forms.KindDeposit, Amount: 60000}},
			ReturnDays: 30,
			// As in the shipped catalogue: one card, one open case.
			ExclusiveGroup: "household_card",
		},
		{
			Code: "archive_transfer",
			Name: "转档",
			Questions: []forms.Question{
				{ID: "unit", Label: "毕业时签约单位", Type: forms.QText, Required: true},
				{ID: "year", Label: "毕业年份", Type: forms.QYear},
			},
			Requirements: []forms.Requirement{
				{ID: "release", Name: "解除协议证明", Originals: 1},
				{ID: "id_copy", Name: "身份证复印件", Copies: 1},
			},
			Fees: []forms.Fee{{ID: "fee", Name: "转档手续费", Kind: forms.KindFee, Amount: 5000}},
		},
		{
			Code: "certificate",
			Name: "开具证明",
			Fees: []forms.Fee{{ID: "fee", Name: "证明费", Kind: forms.KindFee, Amount: 0}},
		},
	}}
}

// testID returns a valid 18-digit resident ID number (GB 11643 check digit).
func testID(region, birth string, seq int) string {
	body := fmt.Sprintf("%s%s%03d", region, birth, seq%1000)
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(body[i]-'0') * weights[i]
	}
	return body + string("10X98765432"[sum%11])
}

// fixture is a set-up station with a supervisor and a clerk.
type fixture struct {
	db       *DB
	clk      *testClock
	sup      forms.Actor
	supUser  *forms.User
	clerk    forms.Actor
	clerkU   *forms.User
	recovery string
}

const (
	supName  = "张主管"
	supPass  = "zhang2026!"
	clerkNm  = "李窗口"
	clerkPw  = "li2026pass"
	tempPass = "temp1234pw"
)

func newFixture(tb testing.TB) *fixture {
	tb.Helper()
	clk := &testClock{now: testStart}
	db := mustOpenPath(tb, testDBPath(tb), clk)
	return setupFixture(tb, db, clk)
}

func setupFixture(tb testing.TB, db *DB, clk *testClock) *fixture {
	tb.Helper()
	ctx := context.Background()
	code, err := db.Setup(ctx, forms.Station{BranchCode: "qb", BranchName: "青白江人才服务中心", Payee: "青白江人才服务中心",
		Number: 1}, supName, supPass, testCatalogue())
	must(tb, err)
	sup, err := db.Login(ctx, supName, supPass)
	must(tb, err)
	f := &fixture{db: db, clk: clk, sup: forms.Actor{UserID: sup.ID}, supUser: sup, recovery: code}
	clerk, err := db.AddUser(ctx, f.sup, clerkNm, forms.RoleClerk, tempPass)
	must(tb, err)
	must(tb, db.ChangePassword(ctx, clerk.ID, tempPass, clerkPw))
	f.clerkU, err = db.Login(ctx, clerkNm, clerkPw)
	must(tb, err)
	f.clerk = forms.Actor{UserID: clerk.ID}
	return f
}

// approved is the clerk acting with the supervisor's approval typed on the
// clerk's screen.
func (f *fixture) approved() forms.Actor {
	return forms.Actor{UserID: f.clerk.UserID, ApproverName: supName, ApproverPassword: supPass}
}

var idSeq int

// member creates a member of the collective household.
func (f *fixture) member(tb testing.TB, name string) *forms.Customer {
	tb.Helper()
	idSeq++
	c := &forms.Customer{
		Name:        name,
		IDNumber:    testID("510113", "19920315", idSeq),
		Mobile:      fmt.Sprintf("1380000%04d", idSeq),
		Member:      true,
		MemberSince: time.Date(2020, 7, 1, 0, 0, 0, 0, time.Local),
	}
	must(tb, f.db.CreateCustomer(context.Background(), f.clerk, c))
	return c
}

// lastAudit returns the newest audit entry about an entity with the action.
func lastAudit(tb testing.TB, db *DB, entityID, action string) *forms.AuditEntry {
	tb.Helper()
	entries, err := db.AuditLog(context.Background(), entityID, 0)
	must(tb, err)
	for i := range entries {
		if entries[i].Action == action {
			return &entries[i]
		}
	}
	tb.Fatalf("no audit entry %s for %q", action, entityID)
	return nil
}

// auditOf returns the audit entries about an entity (every entity for
// "") with the action, newest first.
func auditOf(tb testing.TB, db *DB, entityID, action string) []forms.AuditEntry {
	tb.Helper()
	entries, err := db.AuditLog(context.Background(), entityID, 0)
	must(tb, err)
	var out []forms.AuditEntry
	for _, e := range entries {
		if e.Action == action {
			out = append(out, e)
		}
	}
	return out
}

// auditCount counts the whole log.
func auditCount(tb testing.TB, db *DB) int {
	tb.Helper()
	entries, err := db.AuditLog(context.Background(), "", 0)
	must(tb, err)
	return len(entries)
}

// borrowReady opens a 借户籍卡 case for a new member with everything
// recorded, ready to accept.
func (f *fixture) borrowReady(tb testing.TB, name string) (*forms.Customer, *forms.Case) {
	tb.Helper()
	ctx := context.Background()
	cust := f.member(tb, name)
	c, existing, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "borrow_card")
	must(tb, err)
	if existing {
		tb.Fatalf("new member got an existing case %s", c.Number)
	}
	c, err = f.db.SaveCase(ctx, f.clerk, c.ID, map[string]string{"purpose": "passport"},
		map[string]forms.ItemState{"id_card": {Status: forms.ItemReceived, Originals: 1, Copies: 1}})
	must(tb, err)
	return cust, c
}

// lend accepts a ready 借户籍卡 case for a new member, paying cash.
func (f *fixture) lend(tb testing.TB, name string) (*forms.Customer, *forms.Case, *forms.Receipt, *forms.Deposit) {
	tb.Helper()
	cust, c := f.borrowReady(tb, name)
	c, r, d, err := f.db.AcceptCase(context.Background(), f.clerk, c.ID, forms.Payment{Method: forms.PayCash}, time.Time{})
	must(tb, err)
	return cust, c, r, d
}

// queryPlan returns the detail lines of EXPLAIN QUERY PLAN for q: the
// index tests of the reports and the reminders read them.
func queryPlan(tb testing.TB, db *DB, q string, args ...any) []string {
	tb.Helper()
	rows, err := db.db.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+q, args...)
	must(tb, err)
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		must(tb, rows.Scan(&id, &parent, &notused, &detail))
		plan = append(plan, detail)
	}
	must(tb, rows.Err())
	return plan
}
