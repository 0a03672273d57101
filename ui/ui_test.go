package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"counterdesk/assets"
	"counterdesk/forms"
	"counterdesk/store"
)

// fakePrinter records what the screens print instead of opening a viewer.
type fakePrinter struct {
	mu      sync.Mutex
	printed []*forms.Printout
	jobs    [][]*forms.Printout // one per Print call: one PDF each
	missing []rune
}

func (p *fakePrinter) Route() string { return "测试打印机" }
func (p *fakePrinter) Print(ps ...*forms.Printout) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var job []*forms.Printout
	for _, po := range ps {
		cp := *po
		p.printed = append(p.printed, &cp)
		job = append(job, &cp)
	}
	p.jobs = append(p.jobs, job)
	return "/tmp/" + ps[0].Name() + ".pdf", nil
}

func (p *fakePrinter) kinds() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for _, x := range p.printed {
		s := string(x.Kind)
		if x.Document != nil {
			s += ":" + x.Document.ID
		}
		if x.Reprint {
			s += ":reprint"
		}
		out = append(out, s)
	}
	return out
}

// testDay is a fixed clock for the walk: receipts carry its year.
var testDay = time.Date(2026, 11, 23, 10, 0, 0, 0, time.Local)

// testClock is a clock a test can set back, shared by the store and the UI.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

type harness struct {
	queue uiQueue
	t     *testing.T
	app   *App
	db    *store.DB
	pr    *fakePrinter
	clock *testClock
	// seen, when set, is told of states the shared walks pass through
	// (the fit test checks each).
	seen func(state string)
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	test.ApplyTheme(t, Theme{})
	dir := filepath.Join(t.TempDir(), "王 芳", "CounterDesk")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	clock := &testClock{now: testDay}
	db, err := store.OpenClock(context.Background(), filepath.Join(dir, "counterdesk.db"), clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	cat, err := forms.ParseCatalogue(assets.Catalogue)
	if err != nil {
		t.Fatal(err)
	}
	pr := &fakePrinter{}
	u := New(a, db, pr, cat)
	u.now = clock.Now
	h := &harness{t: t, app: u, db: db, pr: pr, clock: clock}
	if os.Getenv("COUNTERDESK_UI_ASYNC") == "" {
		u.inline = true
	} else {
		// The real background path: every fetch on its own goroutine, every
		// apply queued for this (the "UI") goroutine, which wait drains —
		// so -race sees a fetch that reads a widget or a live map.
		u.post = h.queue.push
	}
	u.win.Resize(fyne.NewSize(1200, 780))
	return h
}

// uiQueue holds what background work handed to the UI goroutine, in order.
type uiQueue struct {
	mu  sync.Mutex
	fns []func()
}

func (q *uiQueue) push(f func()) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.fns = append(q.fns, f)
}

func (q *uiQueue) pop() func() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.fns) == 0 {
		return nil
	}
	f := q.fns[0]
	q.fns = q.fns[1:]
	return f
}

// wait lets background work finish and applies what it handed over, on
// the test goroutine, until nothing is left (an apply may start more).
func (h *harness) wait() {
	for {
		h.app.Wait()
		f := h.queue.pop()
		if f == nil {
			return
		}
		f()
	}
}

func (h *harness) typeInto(e *widget.Entry, s string) {
	e.SetText("")
	test.Type(e, s)
}

// setUp walks the first start: set-up screen, recovery code, log-in screen.
func (h *harness) setUp() {
	t := h.t
	h.app.Start()
	s := h.app.setup
	if s == nil {
		t.Fatal("first start did not show the set-up screen")
	}
	h.typeInto(s.branchCode, "qb")
	h.typeInto(s.branchName, "青白江人才服务中心")
	h.typeInto(s.payee, "青白江人才服务中心")
	h.typeInto(s.phone, "028-83981234")
	h.typeInto(s.stationNo, "１")
	h.typeInto(s.supervisor, "李主管")
	h.typeInto(s.password, "zhuguan123")
	h.typeInto(s.password2, "zhuguan123")
	test.Tap(s.submit)
	h.wait()
	if s.recoveryCode == "" || s.done == nil {
		t.Fatalf("set-up did not show a recovery code; message: %q", s.message.Text)
	}
	if h.seen != nil {
		h.seen("设置 → 恢复码")
	}
	test.Tap(s.done)
	if h.app.login == nil {
		t.Fatal("after set-up the log-in screen did not show")
	}
}

// addClerk has the logged-in supervisor add the clerk 张窗口 with the
// temporary password linshi123.
func (h *harness) addClerk() {
	h.t.Helper()
	if _, err := h.db.AddUser(context.Background(), h.app.actor(), "张窗口", forms.RoleClerk, "linshi123"); err != nil {
		h.t.Fatal(err)
	}
}

// logInNewClerk has the logged-in supervisor add the clerk 张窗口, who
// logs in with the temporary password, sets chuangkou9 and logs in again.
func (h *harness) logInNewClerk() {
	h.t.Helper()
	h.addClerk()
	h.app.showLogin()
	h.logIn("张窗口", "linshi123")
	if err := h.db.ChangePassword(context.Background(), h.app.user.ID, "linshi123", "chuangkou9"); err != nil {
		h.t.Fatal(err)
	}
	h.app.showLogin()
	h.logIn("张窗口", "chuangkou9")
}

func (h *harness) logIn(name, pw string) {
	l := h.app.login
	h.typeInto(l.name, name)
	h.typeInto(l.password, pw)
	test.Tap(l.submit)
	h.wait()
}

func TestSetup_RefusesBadInputAndChangesNothing(t *testing.T) {
	h := newHarness(t)
	h.app.Start()
	s := h.app.setup
	h.typeInto(s.branchCode, "Q1")
	h.typeInto(s.branchName, "分部")
	h.typeInto(s.payee, "分部")
	h.typeInto(s.stationNo, "7")
	h.typeInto(s.supervisor, "李主管")
	h.typeInto(s.password, "zhuguan123")
	h.typeInto(s.password2, "zhuguan123")
	test.Tap(s.submit)
	h.wait()
	if !strings.Contains(s.message.Text, "网点代码") {
		t.Fatalf("message = %q, want one naming 网点代码", s.message.Text)
	}
	if _, err := h.db.Station(context.Background()); forms.ErrorCode(err) != forms.ENOTFOUND {
		t.Fatalf("a refused set-up saved a station: %v", err)
	}
	h.typeInto(s.branchCode, "QB")
	h.typeInto(s.password2, "different1")
	test.Tap(s.submit)
	h.wait()
	if !strings.Contains(s.message.Text, "不一致") {
		t.Fatalf("message = %q, want the passwords-differ message", s.message.Text)
	}
}

func TestLogin_WrongPassword(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "wrongpass1")
	if h.app.user != nil || h.app.home != nil {
		t.Fatal("a wrong password logged in")
	}
	h.logIn("李主管", "zhuguan123")
	if h.app.home == nil || !h.app.user.IsSupervisor() {
		t.Fatal("the supervisor could not log in")
	}
}

// TestWalk_BorrowCardToRefund walks one household-card loan from the first
// start of a station to the refund of its deposit, through the screens,
// and checks the database at each step.
func TestWalk_BorrowCardToRefund(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")

	// The supervisor adds a clerk, who logs in and must set a password.
	h.addClerk()
	h.app.showLogin()
	h.logIn("张窗口", "linshi123")
	if h.app.user == nil || !h.app.user.MustChange {
		t.Fatal("a reset password did not force a new one")
	}
	if err := h.db.ChangePassword(ctx, h.app.user.ID, "linshi123", "chuangkou9"); err != nil {
		t.Fatal(err)
	}
	h.app.showLogin()
	h.logIn("张窗口", "chuangkou9")
	if h.app.home == nil || h.app.user.IsSupervisor() {
		t.Fatal("the clerk did not reach the main screen")
	}

	// A new customer, with a full-width ID number and a +86 mobile.
	cs := h.app.home.customers
	test.Tap(cs.newBtn)
	f := cs.edit
	h.typeInto(f.name, "王芳")
	h.typeInto(f.idNumber, femaleID)
	h.typeInto(f.mobile, "+86 138-1234-5678")
	f.member.SetChecked(true)
	h.typeInto(&f.memberSince.Entry, "2020/3/5")
	h.typeInto(f.mobile, "1381234567") // one digit short
	test.Tap(f.save)
	h.wait()
	if !strings.Contains(f.message.Text, "手机号码") {
		t.Fatalf("a short mobile number gave %q", f.message.Text)
	}
	if n, _ := h.db.SearchCustomers(ctx, "王芳", 10); len(n) != 0 {
		t.Fatal("a refused save created the customer")
	}
	h.typeInto(f.mobile, "+86 138-1234-5678")
	test.Tap(f.save)
	h.wait()
	if cs.current == nil || cs.current.Name != "王芳" || cs.current.Mobile != "13812345678" || !cs.current.Member {
		t.Fatalf("customer record not shown after save: %+v", cs.current)
	}

	// Search as a card reader types: 18 characters and Enter.
	h.typeInto(cs.search, "芳")
	h.wait()
	if len(cs.results) != 1 || cs.list.Length() != 1 {
		t.Fatalf("search 芳 found %d", len(cs.results))
	}
	h.typeInto(cs.search, strings.ToLower(femaleID))
	cs.search.OnSubmitted(cs.search.Text)
	h.wait()
	if cs.current == nil || cs.current.IDNumber != femaleID {
		t.Fatal("Enter after an ID number did not open the customer")
	}

	// 借户籍卡: the checklist and talking points, the 一次性告知单.
	cs.startCase("borrow_card")
	h.wait()
	c := cs.caseScr
	if c == nil || c.kase == nil || c.kase.Status != forms.CaseDraft {
		t.Fatal("the case screen did not open a draft case")
	}
	if len(c.eval.TalkingPoints) == 0 || len(c.talkingBox.Objects) == 0 {
		t.Fatal("no talking points beside the checklist")
	}
	if !c.acceptBtn.Disabled() {
		t.Fatal("accept is possible with papers missing")
	}
	test.Tap(c.noticeBtn)
	h.wait()
	if k := h.pr.kinds(); len(k) != 1 || k[0] != "notice" {
		t.Fatalf("printed %v, want the 一次性告知单", k)
	}
	if got := h.pr.printed[0].Evaluation.Missing; len(got) == 0 {
		t.Fatal("the 一次性告知单 lists nothing missing")
	}

	sel := c.questionInputs["purpose"].(*widget.Select)
	sel.SetSelectedIndex(0)
	for _, chk := range c.itemChecks {
		chk.SetChecked(true)
	}
	if c.acceptBtn.Disabled() {
		t.Fatalf("accept still disabled; missing %v unanswered %v", c.eval.Missing, c.eval.Unanswered)
	}
	test.Tap(c.acceptBtn)
	if c.pay == nil {
		t.Fatal("accept did not ask for the payment")
	}
	c.pay.method.SetSelected(T(forms.PayMobile.Label()))
	test.Tap(c.pay.confirm)
	h.wait()
	if c.kase.Status != forms.CaseDraft {
		t.Fatal("a mobile payment without reference was accepted")
	}
	c.pay.method.SetSelected(T(forms.PayCash.Label()))
	test.Tap(c.pay.confirm)
	h.wait()
	if c.kase.Status != forms.CaseAccepted {
		t.Fatalf("case status %s after accept", c.kase.Status)
	}
	if len(c.receipts) != 1 || c.receipts[0].Number != "QB01-2026-000001" || c.receipts[0].Total != 60000 {
		t.Fatalf("receipts after accept: %+v", c.receipts)
	}
	if c.deposit == nil || c.deposit.State != forms.DepositHeld {
		t.Fatalf("deposit after accept: %+v", c.deposit)
	}
	kinds := strings.Join(h.pr.kinds(), ",")
	if !strings.Contains(kinds, "receipt") || !strings.Contains(kinds, "document:card_promise") {
		t.Fatalf("accept printed %s, want the receipt and the 承诺书", kinds)
	}

	// A second loan opens the open case instead.
	caseID := c.kase.ID
	cs.startCase("borrow_card")
	h.wait()
	if cs.caseScr.kase.ID != caseID {
		t.Fatal("a member whose card is lent got a second loan")
	}
	c = cs.caseScr

	// Reprint: same number, marked 补打.
	test.Tap(c.receiptsBtn)
	test.Tap(c.receiptList.prints[c.receipts[0].Number])
	h.wait()
	last := h.pr.printed[len(h.pr.printed)-1]
	if !last.Reprint || last.Receipt.Number != "QB01-2026-000001" {
		t.Fatal("reprint is not the same receipt marked 补打")
	}

	// Cancel is refused while the deposit is held.
	if err := h.db.CancelCase(ctx, h.app.actor(), caseID, "客户不借了"); forms.ErrorCode(err) != forms.ECONFLICT {
		t.Fatalf("cancel with a held deposit: %v", err)
	}

	// Void as a clerk needs the supervisor: a wrong password changes nothing.
	var voidErr error
	h.app.withSupervisor("作废收据", func(ctx context.Context, a forms.Actor) error {
		voidErr = h.db.VoidReceipt(ctx, a, c.receipts[0].ID, "测试")
		return voidErr
	}, nil)
	h.typeInto(h.app.approval.name, "李主管")
	h.typeInto(h.app.approval.password, "wrong-pass1")
	test.Tap(h.app.approval.approve)
	h.wait()
	if forms.ErrorCode(voidErr) != forms.EFORBIDDEN {
		t.Fatalf("void with a wrong supervisor password: %v", voidErr)
	}
	if r, _ := h.db.ReceiptsOfCase(ctx, caseID); r[0].Voided {
		t.Fatal("a void with a wrong password took effect")
	}

	// The refund desk: the deposit is listed, the clerk refunds with the
	// supervisor's approval, the voucher prints, the case completes.
	d := h.app.home.deposits
	d.refresh()
	h.wait()
	if len(d.deposits) != 1 || !strings.Contains(d.total.Text, "¥600.00") {
		t.Fatalf("refund desk shows %d deposits, total %q", len(d.deposits), d.total.Text)
	}
	if got := d.cell(0, 2); got != forms.MaskID(femaleID) {
		t.Fatalf("the desk shows the ID as %q, want it masked", got)
	}
	d.table.Select(widget.TableCellID{Row: 0, Col: 0})
	d.onRefund()
	d.refund.returned.SetSelected([]string{forms.ReturnedCard, forms.ReturnedPromise})
	test.Tap(d.refund.confirm)
	h.wait()
	if dep, _ := h.db.DepositOfCase(ctx, caseID); dep.State != forms.DepositHeld {
		t.Fatal("a refund without the receipt went through")
	}
	d.onRefund()
	d.refund.returned.SetSelected([]string{forms.ReturnedCard, forms.ReturnedPromise, forms.ReturnedReceipt})
	test.Tap(d.refund.confirm)
	h.typeInto(h.app.approval.name, "李主管")
	h.typeInto(h.app.approval.password, "zhuguan123")
	test.Tap(h.app.approval.approve)
	h.wait()
	dep, err := h.db.DepositOfCase(ctx, caseID)
	if err != nil || dep.State != forms.DepositRefunded || dep.ApprovedBy != "李主管" {
		t.Fatalf("deposit after refund: %+v, %v", dep, err)
	}
	if k, _ := h.db.Case(ctx, caseID); k.Status != forms.CaseCompleted {
		t.Fatalf("case status after refund: %s", k.Status)
	}
	last = h.pr.printed[len(h.pr.printed)-1]
	if last.Kind != forms.PrintRefundVoucher || last.Supervisor != "李主管" || last.Customer.Name != "王芳" {
		t.Fatalf("after the refund printed %+v", last)
	}
	if len(d.deposits) != 0 {
		t.Fatal("the refunded deposit is still listed as held")
	}
	log, err := h.db.AuditLog(ctx, dep.ID, 20)
	if err != nil || len(log) == 0 {
		t.Fatalf("no audit entry for the deposit: %v", err)
	}
}

// femaleID is a valid 18-digit number of a woman born 1990-01-01.
var femaleID = withCheck("33010619900101002")

func withCheck(body string) string {
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(body[i]-'0') * w
	}
	return body + string("10X98765432"[sum%11])
}

// acceptBorrowCase opens, fills and accepts a 借户籍卡 case for a new member
// through the screens, paying cash; it returns the case screen.
func (h *harness) acceptBorrowCase(name, idNumber, mobile string) *caseScreen {
	c := h.readyBorrowCase(name, idNumber, mobile)
	test.Tap(c.acceptBtn)
	test.Tap(c.pay.confirm)
	h.wait()
	if c.kase.Status != forms.CaseAccepted {
		h.t.Fatalf("case not accepted: %s", c.kase.Status)
	}
	return c
}

// readyBorrowCase creates a member through the customer form and opens a
// 借户籍卡 case for them with the purpose answered and every paper ticked.
func (h *harness) readyBorrowCase(name, idNumber, mobile string) *caseScreen {
	cs := h.app.home.customers
	test.Tap(cs.newBtn)
	f := cs.edit
	h.typeInto(f.name, name)
	h.typeInto(f.idNumber, idNumber)
	h.typeInto(f.mobile, mobile)
	f.member.SetChecked(true)
	h.typeInto(&f.memberSince.Entry, "2020-03-05")
	test.Tap(f.save)
	h.wait()
	cs.startCase("borrow_card")
	h.wait()
	c := cs.caseScr
	c.questionInputs["purpose"].(*widget.Select).SetSelectedIndex(1)
	for _, chk := range c.itemChecks {
		chk.SetChecked(true)
	}
	return c
}

// TestVoidDepositReceipt_ReturnsCaseToAccept voids a deposit receipt taken
// with the wrong method as a logged-in supervisor: the deposit is voided,
// the case returns to the accept step, and accepting again issues the next
// number while the voided one stays listed, marked 作废.
func TestVoidDepositReceipt_ReturnsCaseToAccept(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	c := h.acceptBorrowCase("赵敏", withCheck("51011319880808123"), "13900001111")
	first := c.receipts[0]

	// An empty reason is refused and nothing changes.
	c.onVoid(first)
	test.Tap(h.app.reason.confirm)
	h.wait()
	if r, _ := h.db.ReceiptsOfCase(ctx, c.kase.ID); r[0].Voided {
		t.Fatal("a void without a reason took effect")
	}
	c.onVoid(first) // the supervisor is logged in: no approval dialog
	h.typeInto(h.app.reason.entry, "收款方式选错，应为移动支付")
	test.Tap(h.app.reason.confirm)
	h.wait()
	if c.kase.Status != forms.CaseDraft || c.deposit != nil {
		t.Fatalf("after the void: status %s, deposit %+v", c.kase.Status, c.deposit)
	}
	if !c.receipts[0].Voided {
		t.Fatal("the voided receipt is not marked")
	}
	if d, _ := h.db.HeldDeposits(ctx, ""); len(d) != 0 {
		t.Fatal("a voided deposit is still held")
	}
	// The card no longer counts as lent: cancel is possible, but we accept again.
	test.Tap(c.acceptBtn)
	c.pay.method.SetSelected(T(forms.PayMobile.Label()))
	h.typeInto(c.pay.reference, "4200009876543210")
	test.Tap(c.pay.confirm)
	h.wait()
	if c.kase.Status != forms.CaseAccepted {
		t.Fatalf("re-accept: %s", c.kase.Status)
	}
	all, err := h.db.ReceiptsOfCase(ctx, c.kase.ID)
	if err != nil || len(all) != 2 {
		t.Fatalf("receipts of the case: %d, %v", len(all), err)
	}
	var numbers []string
	for _, r := range all {
		numbers = append(numbers, r.Number)
		if r.Number == first.Number && !r.Voided {
			t.Fatal("the first receipt lost its 作废 mark")
		}
	}
	if !strings.Contains(strings.Join(numbers, ","), "QB01-2026-000002") {
		t.Fatalf("re-accept numbers %v, want the next number QB01-2026-000002", numbers)
	}
	dep, err := h.db.DepositOfCase(ctx, c.kase.ID)
	if err != nil || dep.State != forms.DepositHeld || dep.Method != forms.PayMobile {
		t.Fatalf("new deposit %+v, %v", dep, err)
	}
}

// TestLegacyDeposit_EnteredAtTheDesk enters a paper deposit from before
// Counter Desk through the refund desk as a clerk with a supervisor's
// approval, and refuses a Counter Desk number from another station.
func TestLegacyDeposit_EnteredAtTheDesk(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	sup := h.app.user
	member := &forms.Customer{Name: "刘备", IDNumber: withCheck("51011319850505111"), Mobile: "13900003333", Member: true, MemberSince: testDay.AddDate(-3, 0, 0)}
	if err := h.db.CreateCustomer(ctx, forms.Actor{UserID: sup.ID}, member); err != nil {
		t.Fatal(err)
	}
	h.logInNewClerk()

	d := h.app.home.deposits
	d.onLegacy()
	f := d.legacy
	h.typeInto(f.idNumber, member.IDNumber)
	h.wait()
	if f.customerID != member.ID || !strings.Contains(f.customer.Text, "刘备") {
		t.Fatalf("the card number did not find the customer: %q", f.customer.Text)
	}
	h.typeInto(f.receipt, "QB02-2025-000077")
	h.typeInto(&f.taken.Entry, "2025/9/1")
	if f.due.Text != "" {
		t.Fatalf("the return date filled itself with %q", f.due.Text)
	}
	h.typeInto(&f.due.Entry, "2025-10-01")
	test.Tap(f.confirm)
	if h.app.approval != nil || !strings.Contains(f.message.Text, "QB02") {
		t.Fatalf("another station's number: approval asked %v, message %q", h.app.approval != nil, f.message.Text)
	}
	if held, _ := h.db.HeldDeposits(ctx, ""); len(held) != 0 {
		t.Fatal("a refused entry was saved")
	}
	h.typeInto(f.receipt, "No.0031415")
	test.Tap(f.confirm)
	h.typeInto(h.app.approval.name, "李主管")
	h.typeInto(h.app.approval.password, "zhuguan123")
	test.Tap(h.app.approval.approve)
	h.wait()
	if len(d.deposits) != 1 || d.deposits[0].ReceiptNumber != "NO.0031415" || !d.deposits[0].Legacy {
		t.Fatalf("the desk lists %+v", d.deposits)
	}
	if !d.deposits[0].Overdue(testDay) || !strings.Contains(d.cell(0, 4), "逾期") {
		t.Fatal("an overdue paper deposit is not marked 逾期")
	}
	log, _ := h.db.AuditLog(ctx, d.deposits[0].ID, 5)
	if len(log) == 0 || log[0].ApprovedBy != "李主管" {
		t.Fatalf("audit of the entry: %+v", log)
	}
}

// TestSetup_ReplacementPC sets up a PC that replaces a broken one: the
// first receipt continues after the last paper stub.
func TestSetup_ReplacementPC(t *testing.T) {
	h := newHarness(t)
	h.app.Start()
	s := h.app.setup
	h.typeInto(s.branchCode, "QB")
	h.typeInto(s.branchName, "青白江人才服务中心")
	h.typeInto(s.payee, "青白江人才服务中心")
	h.typeInto(s.phone, "028-83981234")
	h.typeInto(s.stationNo, "01")
	h.typeInto(s.supervisor, "李主管")
	h.typeInto(s.password, "zhuguan123")
	h.typeInto(s.password2, "zhuguan123")
	s.replace.SetChecked(true)
	if !s.replaceBox.Visible() {
		t.Fatal("the stub fields did not show")
	}
	h.typeInto(s.stubLast, "QB02-2026-000137")
	test.Tap(s.submit)
	h.wait()
	if !strings.Contains(s.message.Text, "QB02") || s.recoveryCode != "" {
		t.Fatalf("another station's stub gave %q", s.message.Text)
	}
	h.typeInto(s.stubLast, "137")
	test.Tap(s.submit)
	h.wait()
	test.Tap(s.done)
	h.logIn("李主管", "zhuguan123")
	c := h.acceptBorrowCase("孙权", withCheck("51011319900909444"), "13900004444")
	if c.receipts[0].Number != "QB01-2026-000138" {
		t.Fatalf("first receipt on the replacement PC is %s, want QB01-2026-000138", c.receipts[0].Number)
	}
}

// TestClockBehind_WarnsAndWaitsForSupervisor sets the PC clock back a year
// (a dead CMOS battery): the main screen warns, a receipt is refused until
// the supervisor confirms, then accept works.
func TestClockBehind_WarnsAndWaitsForSupervisor(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	if h.app.home.clock.Visible() {
		t.Fatal("a right clock shows the warning")
	}
	h.app.showLogin()
	h.clock.Set(testDay.AddDate(-1, 0, 0))
	h.logIn("李主管", "zhuguan123")
	if !h.app.home.clock.Visible() || !strings.Contains(h.app.home.clockMessage.Text, "电脑时间") {
		t.Fatal("the clock warning did not show")
	}
	c := h.readyBorrowCase("周瑜", withCheck("51011319900101555"), "13900005555")
	test.Tap(c.acceptBtn)
	test.Tap(c.pay.confirm)
	h.wait()
	if c.kase.Status != forms.CaseDraft || !strings.Contains(h.app.home.status.Text, "主管确认") {
		t.Fatalf("a receipt went out with the clock behind: %s, %q", c.kase.Status, h.app.home.status.Text)
	}
	test.Tap(h.app.home.clockConfirm)
	h.wait()
	if h.app.home.clock.Visible() {
		t.Fatal("the warning stayed after the supervisor confirmed")
	}
	test.Tap(c.pay.confirm)
	h.wait()
	if c.kase.Status != forms.CaseAccepted {
		t.Fatalf("after confirmation the case is %s", c.kase.Status)
	}
}

// TestAsync_OffTheUIGoroutine runs a search through the real background
// path (fetch on a goroutine, apply through fyne.Do) that the other tests
// run inline.
func TestAsync_OffTheUIGoroutine(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	ctx := context.Background()
	c := &forms.Customer{Name: "欧阳娜娜", IDNumber: withCheck("51011319900101666"), Mobile: "13900006666"}
	if err := h.db.CreateCustomer(ctx, h.app.actor(), c); err != nil {
		t.Fatal(err)
	}
	h.app.inline = false
	cs := h.app.home.customers
	cs.search.SetText("娜娜")
	h.wait()
	if len(cs.results) != 1 || cs.results[0].ID != c.ID || !strings.Contains(cs.count.Text, "1") {
		t.Fatalf("background search found %d, label %q", len(cs.results), cs.count.Text)
	}
}
