package ui

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// auditWalk is a station where the clerk 张窗口 opened 王芳's whole record
// on the customer screen and changed her mobile, and 李四 was entered too;
// then the supervisor logged in again.
type auditWalk struct {
	*harness
	wang, li *forms.Customer
}

func newAuditWalk(t *testing.T) *auditWalk {
	t.Helper()
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.logInNewClerk()
	w := &auditWalk{harness: h}
	w.wang = &forms.Customer{Name: "王芳", IDNumber: femaleID, Mobile: "13812345678"}
	w.li = &forms.Customer{Name: "李四", IDNumber: withCheck("51011319850101123"), Mobile: "13987654321"}
	for _, c := range []*forms.Customer{w.wang, w.li} {
		if err := h.db.CreateCustomer(ctx, h.app.actor(), c); err != nil {
			t.Fatal(err)
		}
	}
	// The clerk finds 王芳 and opens her whole record: the ID number shows
	// unmasked, which is logged.
	cs := h.app.home.customers
	h.typeInto(cs.search, "王芳")
	h.wait()
	if len(cs.results) != 1 {
		t.Fatalf("search 王芳 found %d", len(cs.results))
	}
	cs.list.Select(0)
	h.wait()
	if cs.current == nil || cs.current.IDNumber != femaleID {
		t.Fatal("the clerk's record of 王芳 did not open")
	}
	upd := *w.wang
	upd.Mobile = "13700001111"
	if err := h.db.UpdateCustomer(ctx, h.app.actor(), &upd); err != nil {
		t.Fatal(err)
	}
	h.app.showLogin()
	h.logIn("李主管", "zhuguan123")
	return w
}

// openAudit selects the 审计日志 tab and returns its screen.
func (w *auditWalk) openAudit() *auditScreen {
	w.t.Helper()
	w.selectTab("审计日志")
	s := w.app.home.audit
	if s == nil {
		w.t.Fatal("the supervisor has no 审计日志 tab")
	}
	return s
}

// rows renders every entry of the page as its list row shows it.
func (s *auditScreen) rows() []string {
	var out []string
	for i := range s.entries {
		o := s.newRow()
		s.updateRow(i, o)
		var parts []string
		for _, x := range test.LaidOutObjects(o) {
			if l, ok := x.(*widget.Label); ok {
				parts = append(parts, l.Text)
			}
		}
		out = append(out, strings.Join(parts, " | "))
	}
	return out
}

func (s *auditScreen) chooseAction(label string) {
	for i, o := range s.action.Options {
		if o == label {
			s.action.SetSelectedIndex(i)
			return
		}
	}
	panic("no action " + label)
}

// TestAuditScreen_RecordOpeningIsListed is the seeds' 档案查阅登记: the
// clerk opening a customer's whole record shows on the audit screen as
// 查阅档案 with who and when, and the filters find it.
func TestAuditScreen_RecordOpeningIsListed(t *testing.T) {
	w := newAuditWalk(t)
	s := w.openAudit()
	if s.total == 0 || len(s.entries) == 0 {
		t.Fatal("the audit screen opened empty")
	}
	want := testDay.Format("2006-01-02 15:04:05") + "  查阅档案  张窗口 | 客户 王芳 " + forms.MaskID(femaleID)
	if !slices.Contains(s.rows(), want) {
		t.Fatalf("no row %q in\n%s", want, strings.Join(s.rows(), "\n"))
	}

	// 客户: found as on the main screen; only 王芳's entries.
	w.typeInto(s.custSearch, "wangfang")
	w.wait()
	if s.customer.Selected != customerChoice(*w.wang) {
		t.Fatalf("customer search chose %q (options %v)", s.customer.Selected, s.customer.Options)
	}
	test.Tap(s.search)
	w.wait()
	var acts []string
	for _, e := range s.entries {
		if e.EntityID != w.wang.ID {
			t.Errorf("王芳's filter shows %s about %s", e.Action, e.EntityID)
		}
		acts = append(acts, e.Action)
	}
	if !slices.Contains(acts, "customer.view") || !slices.Contains(acts, "customer.update") || !slices.Contains(acts, "customer.create") {
		t.Errorf("王芳's entries: %v", acts)
	}

	// 操作 查阅档案 and 用户 张窗口 together, every customer.
	s.setCustomers(nil)
	s.chooseAction("查阅档案")
	s.user.SetSelected("张窗口")
	test.Tap(s.search)
	w.wait()
	if len(s.entries) != 1 || s.entries[0].Action != "customer.view" || s.entries[0].UserName != "张窗口" || s.total != 1 {
		t.Fatalf("查阅档案 by 张窗口: %v", s.rows())
	}
	s.user.SetSelectedIndex(0)
	s.chooseAction("客户档案（全部）")
	test.Tap(s.search)
	w.wait()
	for _, e := range s.entries {
		if !strings.HasPrefix(e.Action, "customer.") {
			t.Errorf("客户档案（全部） shows %s", e.Action)
		}
	}
	if s.total < 4 {
		t.Errorf("客户档案（全部）: %d entries, want two creates, a view, an update", s.total)
	}

	// Days the wrong way round: refused with the reason, the list kept.
	before := len(s.entries)
	w.typeInto(&s.from.Entry, "2026-11-24")
	w.typeInto(&s.to.Entry, "2026-11-23")
	test.Tap(s.search)
	w.wait()
	if txt := w.overlayText(); !strings.Contains(txt, "起始日期（2026-11-24）晚于结束日期（2026-11-23）") {
		t.Errorf("wrong days: dialog says %q", txt)
	}
	if len(s.entries) != before {
		t.Errorf("a refused search changed the list from %d to %d", before, len(s.entries))
	}
	// A day with nothing.
	w.typeInto(&s.from.Entry, "2026-11-24")
	w.typeInto(&s.to.Entry, "2026-11-25")
	test.Tap(s.search)
	w.wait()
	if len(s.entries) != 0 || s.count.Text != "没有符合条件的记录" {
		t.Errorf("a day with nothing: %d entries, count %q", len(s.entries), s.count.Text)
	}
}

// TestAuditScreen_SystemUser: the program's own entries (a lock-out, user
// 系统) are chosen by 系统 in the 用户 list, and only they.
func TestAuditScreen_SystemUser(t *testing.T) {
	w := newAuditWalk(t)
	for i := 0; i < forms.MaxFailures; i++ {
		_, _ = w.db.Login(context.Background(), "张窗口", "wrong-password")
	}
	s := w.openAudit()
	if last := s.user.Options[len(s.user.Options)-1]; last != "系统" {
		t.Fatalf("用户 choices %v end with %q, want 系统", s.user.Options, last)
	}
	s.user.SetSelected("系统")
	test.Tap(s.search)
	w.wait()
	if !s.filter.System || s.filter.UserID != "" {
		t.Fatalf("系统 searched %+v", s.filter)
	}
	if len(s.entries) == 0 {
		t.Fatal("系统 lists nothing, a lock-out was written")
	}
	var lock bool
	for _, e := range s.entries {
		if e.UserName != "系统" {
			t.Errorf("系统 lists %s by %s", e.Action, e.UserName)
		}
		lock = lock || e.Action == "user.lock"
	}
	if !lock {
		t.Errorf("系统 does not list the lock-out: %v", s.rows())
	}
}

// TestAuditScreen_DetailBeforeAfter shows the change of 王芳's mobile side
// by side, the changed field marked and the numbers masked; only what
// changed is kept and shown.
func TestAuditScreen_DetailBeforeAfter(t *testing.T) {
	w := newAuditWalk(t)
	s := w.openAudit()
	i := slices.IndexFunc(s.entries, func(e forms.AuditEntry) bool { return e.Action == "customer.update" })
	if i < 0 {
		t.Fatal("no customer.update listed")
	}
	s.list.Select(i)
	w.wait()
	var texts []string
	var marked []*wrappedText
	for _, o := range test.LaidOutObjects(s.detail) {
		switch l := o.(type) {
		case *widget.Label:
			texts = append(texts, l.Text)
		case *wrappedText:
			texts = append(texts, l.Text)
			if strings.HasPrefix(l.Text, "＊") {
				marked = append(marked, l)
			}
		}
	}
	all := strings.Join(texts, "\n")
	for _, want := range []string{"修改客户档案", "张窗口", "修改前", "修改后", "＊手机号", forms.MaskMobile("13812345678"),
		forms.MaskMobile("13700001111"), "王芳", "标＊的 1 项有改动。"} {
		if !strings.Contains(all, want) {
			t.Errorf("detail lacks %q:\n%s", want, all)
		}
	}
	// The log keeps only what changed (issue 17): the unchanged name is in
	// the 记录 line, not a row of its own.
	if strings.Contains(all, "姓名") {
		t.Errorf("the detail shows an unchanged field:\n%s", all)
	}
	if len(marked) != 1 || marked[0].Importance != widget.WarningImportance {
		t.Errorf("marked fields: %d", len(marked))
	}
	for _, whole := range []string{"13812345678", "13700001111", femaleID} {
		if strings.Contains(all, whole) {
			t.Errorf("the detail shows %s whole", whole)
		}
	}
}

// brokenAudit is the store with a verification that found tampering.
type brokenAudit struct {
	auditStore
	check forms.AuditCheck
}

func (b brokenAudit) VerifyAuditHeadAs(context.Context, forms.Actor, string) (forms.AuditCheck, error) {
	return b.check, nil
}

// TestAuditScreen_Verify runs 校验审计日志 on the intact log, then shows
// what a check that found tampering reports: the first bad entry and each
// problem.
func TestAuditScreen_Verify(t *testing.T) {
	w := newAuditWalk(t)
	s := w.openAudit()
	n := s.total
	test.Tap(s.verify)
	w.wait()
	if !strings.HasPrefix(s.verdict.Text, "审计日志完好") || s.verdict.Importance != widget.SuccessImportance {
		t.Fatalf("intact log: verdict %q", s.verdict.Text)
	}
	if txt := w.overlayText(); !strings.Contains(txt, "审计日志完好：已校验") {
		t.Errorf("intact log: dialog %q", txt)
	}
	// The check is itself recorded (audit.verify).
	test.Tap(s.search)
	w.wait()
	if s.total != n+1 || s.entries[0].Action != "audit.verify" || !strings.Contains(s.rows()[0], "校验审计日志  李主管") {
		t.Errorf("the check was not listed: total %d→%d, newest %v", n, s.total, s.rows()[0])
	}

	w.app.win.Canvas().Overlays().Top().Hide()
	s.st = brokenAudit{auditStore: s.st, check: forms.AuditCheck{Entries: 40, Receipts: 3, FirstBad: 17, Problems: []forms.AuditProblem{
		{Seq: 17, Kind: forms.AuditChanged, Detail: "内容与校验值不符"},
		{Seq: 18, Kind: forms.AuditRemoved, Detail: "第18条之前缺少记录"},
		{Kind: forms.AuditTrigger, Detail: "触发器 audit_log_no_delete 不见了"},
	}}}
	test.Tap(s.verify)
	w.wait()
	if !strings.Contains(s.verdict.Text, "从第 17 条记录起被改动") || s.verdict.Importance != widget.DangerImportance {
		t.Errorf("broken log: verdict %q", s.verdict.Text)
	}
	txt := w.overlayText()
	for _, want := range []string{"共发现 3 处问题", "第 17 条（记录被改动）：内容与校验值不符", "第 18 条（记录被删除）：第18条之前缺少记录",
		"保护触发器：触发器 audit_log_no_delete 不见了", "立即报告总部"} {
		if !strings.Contains(txt, want) {
			t.Errorf("broken log: dialog lacks %q:\n%s", want, txt)
		}
	}
	// The dialog closed, the page keeps the problems and where the chain
	// broke (the tester found only the count left).
	w.app.win.Canvas().Overlays().Top().Hide()
	for _, want := range []string{"第 17 条（记录被改动）：内容与校验值不符", "保护触发器：触发器 audit_log_no_delete 不见了"} {
		if !strings.Contains(s.verdict.Text, want) {
			t.Errorf("broken log: the page's verdict lacks %q:\n%s", want, s.verdict.Text)
		}
	}
	head := strings.Repeat("ab", 32)
	s.st = brokenAudit{auditStore: s.st, check: forms.AuditCheck{Entries: 40, Head: head, HeadSeq: 38, Last: 40,
		Problems: []forms.AuditProblem{{Seq: 39, Kind: forms.AuditInserted, Detail: "与前一条不相连"}}}}
	test.Tap(s.verify)
	w.wait()
	if s.headBox.Hidden || s.head.Text != head || !strings.Contains(s.headNote.Text, "第 39 至 40 条的哈希不可信") {
		t.Errorf("broken chain's head: shown %v %q, note %q", !s.headBox.Hidden, s.head.Text, s.headNote.Text)
	}
}

func TestAuditCheckText_Limit(t *testing.T) {
	c := forms.AuditCheck{Entries: 5}
	for i := 0; i < 30; i++ {
		c.Problems = append(c.Problems, forms.AuditProblem{Seq: int64(i + 1), Kind: forms.AuditInserted, Detail: "多出的记录"})
	}
	txt := auditCheckText(c, 12)
	if strings.Count(txt, "被插入") != 12 || !strings.Contains(txt, "另有 18 处问题未列出。") {
		t.Errorf("got:\n%s", txt)
	}
}

// walkAudit checks the 审计日志 tab fits in its states: the list, an
// entry's detail with the longest values, the check's result (fit_test.go).
func walkAudit(w *fitWalker) {
	w.t.Helper()
	home := w.app.home
	if home.audit == nil {
		w.t.Fatal("the supervisor has no 审计日志 tab")
	}
	for _, it := range home.tabs.Items {
		if it.Content == home.audit.content() {
			home.tabs.Select(it)
		}
	}
	s := home.audit
	w.typeInto(&s.from.Entry, "2020-01-01")
	test.Tap(s.search)
	w.check("审计日志（列表）")
	for i, e := range s.entries {
		if e.Action == "customer.create" || e.Action == "case.save" {
			s.list.Select(i)
			w.check("审计日志 · " + forms.AuditActionLabel(e.Action))
		}
	}
	w.typeInto(s.custSearch, "欧阳")
	w.check("审计日志（选客户）")
	w.mustTap("审计日志", "校验审计日志")
	w.check("审计日志 → 校验结果")
	w.closeDialogs()
	if s.headBox.Hidden || len(s.head.Text) != 64 {
		w.t.Errorf("the check's result shows no head hash: %q", s.head.Text)
	}
	w.check("审计日志（校验结果与链头哈希）")
	shot(w.t, w.harness, "audit-head")
	w.typeInto(s.savedHead, s.head.Text)
	w.mustTap("审计日志", "校验审计日志")
	w.check("审计日志 → 核对另存的链头哈希")
	w.closeDialogs()
	w.typeInto(s.savedHead, "abc")
	w.mustTap("审计日志", "校验审计日志")
	w.check("审计日志 → 链头哈希填错")
	w.closeDialogs()
	w.typeInto(s.savedHead, "")
}

// rewriteTail rewrites the newest n entries of the audit log as someone
// with the file and sqlite3 would (the triggers dropped, then put back):
// the oldest of them gets another note and every hash from there on is
// computed anew, so the chain alone verifies (see store's
// TestVerifyAudit_RewrittenTail).
func rewriteTail(t *testing.T, h *harness, n int) {
	t.Helper()
	ctx := context.Background()
	es, err := h.db.AuditLog(ctx, "", 0) // newest first
	if err != nil {
		t.Fatal(err)
	}
	conn, err := sql.Open("sqlite", h.db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.Query("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")
	if err != nil {
		t.Fatal(err)
	}
	saved := map[string]string{}
	for rows.Next() {
		var name, text string
		if err := rows.Scan(&name, &text); err != nil {
			t.Fatal(err)
		}
		saved[name] = text
	}
	rows.Close()
	for name := range saved {
		if _, err := conn.Exec("DROP TRIGGER " + name); err != nil {
			t.Fatal(err)
		}
	}
	prev := es[n].Hash
	for i := n - 1; i >= 0; i-- {
		e := es[i]
		if i == n-1 {
			e.Note = "改写：金额 0.01 元"
		}
		e.PrevHash = prev
		e.Hash = e.ChainHash(prev)
		if _, err := conn.Exec("UPDATE audit_log SET note = ?, prev_hash = ?, hash = ? WHERE seq = ?",
			e.Note, e.PrevHash, e.Hash, e.Seq); err != nil {
			t.Fatal(err)
		}
		prev = e.Hash
	}
	for _, text := range saved {
		if _, err := conn.Exec(text); err != nil {
			t.Fatal(err)
		}
	}
}

// TestAuditScreen_KeptHead: 校验审计日志 shows the head hash to copy
// (selectable, with 请抄下或另存，日后核对); after the newest entries are
// rewritten with recomputed hashes the chain alone still verifies, but the
// kept head typed into 另存的链头哈希 is reported gone; a head that is not
// 64 hex digits is refused naming the field.
func TestAuditScreen_KeptHead(t *testing.T) {
	w := newAuditWalk(t)
	s := w.openAudit()
	test.Tap(s.verify)
	w.wait()
	kept := s.head.Text
	if s.headBox.Hidden || len(kept) != 64 || !s.head.Selectable {
		t.Fatalf("the result shows no selectable head hash: %q hidden %v", kept, s.headBox.Hidden)
	}
	if txt := w.overlayText(); !strings.Contains(txt, "链头哈希："+kept) || !strings.Contains(txt, "请抄下或另存，日后核对") {
		t.Errorf("the dialog does not give the head hash:\n%s", txt)
	}
	w.app.win.Canvas().Overlays().Top().Hide()

	// The kept head, still in the chain: the dialog and the page say so
	// (as counterdesk verify --head does).
	w.typeInto(s.savedHead, kept)
	test.Tap(s.verify)
	w.wait()
	if !strings.Contains(s.verdict.Text, forms.AuditHeadFound) || s.verdict.Importance != widget.SuccessImportance {
		t.Errorf("a kept head found: verdict %q", s.verdict.Text)
	}
	if txt := w.overlayText(); !strings.Contains(txt, forms.AuditHeadFound) {
		t.Errorf("a kept head found: the dialog does not say so:\n%s", txt)
	}
	w.app.win.Canvas().Overlays().Top().Hide()
	w.typeInto(s.savedHead, "")

	// The entry whose hash was the head, and the two audit.verify after
	// it, are rewritten.
	rewriteTail(t, w.harness, 3)
	test.Tap(s.verify)
	w.wait()
	if !strings.HasPrefix(s.verdict.Text, "审计日志完好") || s.head.Text == kept {
		t.Fatalf("without the kept head a well-formed rewrite passes: %q head %s", s.verdict.Text, s.head.Text)
	}
	w.app.win.Canvas().Overlays().Top().Hide()

	w.typeInto(s.savedHead, " "+strings.ToUpper(kept)+" ")
	test.Tap(s.verify)
	w.wait()
	if s.verdict.Importance != widget.DangerImportance {
		t.Errorf("the kept head gone: verdict %q", s.verdict.Text)
	}
	// Once the dialog is closed the page still says what was found, and
	// gives the current head, not as one to keep.
	if !strings.Contains(s.verdict.Text, "另存的链头哈希 "+kept+" 不在审计日志中") {
		t.Errorf("the page's verdict does not say what was found: %q", s.verdict.Text)
	}
	if s.headBox.Hidden || len(s.head.Text) != 64 || s.head.Text == kept || !strings.Contains(s.headNote.Text, "不宜作为日后核对的依据") {
		t.Errorf("the kept head gone: head shown %v %q, note %q", !s.headBox.Hidden, s.head.Text, s.headNote.Text)
	}
	if txt := w.overlayText(); !strings.Contains(txt, "另存的链头哈希 "+kept+" 不在审计日志中") {
		t.Errorf("the dialog does not say the kept head is gone:\n%s", txt)
	}
	w.app.win.Canvas().Overlays().Top().Hide()

	es, err := w.db.AuditLog(context.Background(), "", 0)
	if err != nil {
		t.Fatal(err)
	}
	w.typeInto(s.savedHead, kept[:10])
	test.Tap(s.verify)
	w.wait()
	if txt := w.overlayText(); !strings.Contains(txt, "另存的链头哈希应为 64 位十六进制数字") {
		t.Errorf("a short head: %q", txt)
	}
	if es2, _ := w.db.AuditLog(context.Background(), "", 0); len(es2) != len(es) {
		t.Errorf("a refused check recorded something: %d→%d", len(es), len(es2))
	}
}

// TestAuditScreen_RefreshOnShown: coming back to the 审计日志 tab lists
// what was done meanwhile without 查询 — with the filter shown, not one
// typed and not yet asked for — and a setting change reads by the
// setting's Chinese name, not its key.
func TestAuditScreen_RefreshOnShown(t *testing.T) {
	w := newAuditWalk(t)
	s := w.openAudit()
	n := s.total
	w.selectTab("设置")
	if err := w.db.SetSettings(context.Background(), w.app.actor(), map[string]string{forms.SettingIdleLockMinutes: "12"}); err != nil {
		t.Fatal(err)
	}
	w.typeInto(&s.from.Entry, "2099-01-01") // typed, not asked for
	w.selectTab("审计日志")
	w.wait()
	if s.total != n+1 || len(s.entries) == 0 || s.entries[0].Action != "setting.change" {
		t.Fatalf("back on the tab: total %d→%d, newest %v", n, s.total, s.rows())
	}
	row := s.rows()[0]
	if !strings.Contains(row, "设置 无操作自动锁屏（分钟）") || strings.Contains(row, "lock.idle_minutes") {
		t.Errorf("the setting change reads %q", row)
	}
}

// TestAuditScreen_PrintsNameTheirDocument: a print's row read its document
// as recorded (receipt:XL01-2026-000001，1份; card_promise，1份); it reads
// the receipt's number and the form's title.
func TestAuditScreen_PrintsNameTheirDocument(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	c := h.acceptBorrowCase("王芳", femaleID, "13812345678")
	receipt := c.receipts[0].Number
	if err := h.db.RecordPrint(ctx, h.app.actor(), c.kase.ID, "receipt:"+receipt, 1, false); err != nil {
		t.Fatal(err)
	}
	if err := h.db.RecordPrint(ctx, h.app.actor(), c.kase.ID, "card_promise", 2, true); err != nil {
		t.Fatal(err)
	}
	h.selectTab("审计日志")
	s := h.app.home.audit
	s.chooseAction("打印文书")
	test.Tap(s.search)
	h.wait()
	rows := strings.Join(s.rows(), "\n")
	for _, want := range []string{"受理单 " + c.kase.Number + " · 收据 " + receipt + "，1份", "《户籍卡承诺书》，2份（补打）"} {
		if !strings.Contains(rows, want) {
			t.Errorf("no %q in\n%s", want, rows)
		}
	}
	if strings.Contains(rows, "receipt:") || strings.Contains(rows, "card_promise") {
		t.Errorf("a document's key shows:\n%s", rows)
	}
}

// TestAuditScreen_ReceiptAndDepositReadable: a card lent against a deposit
// paid by mobile payment; the supervisor opens the receipt's and the
// deposit's entries. Each field has a Chinese name once, the lines,
// payment, codes and linked records read in Chinese, and no raw JSON,
// English key or UUID shows (the tester found all three).
func TestAuditScreen_ReceiptAndDepositReadable(t *testing.T) {
	w := newAuditWalk(t)
	ctx := context.Background()
	a := w.app.actor()
	lender := &forms.Customer{Name: "王借卡", IDNumber: withCheck("51011319900101011"), Mobile: "13800001111",
		Member: true, MemberSince: time.Date(2020, 3, 5, 0, 0, 0, 0, time.Local)}
	must(t, w.db.CreateCustomer(ctx, a, lender))
	sv, err := w.db.ServiceVersion(ctx, "borrow_card", 0)
	must(t, err)
	items := map[string]forms.ItemState{}
	for _, req := range sv.Requirements {
		items[req.ID] = req.Received()
	}
	k, _, err := w.db.OpenCase(ctx, a, lender.ID, sv.Code)
	must(t, err)
	_, err = w.db.SaveCase(ctx, a, k.ID, answerAll(sv, testDay), items)
	must(t, err)
	_, r, d, err := w.db.AcceptCase(ctx, a, k.ID, forms.Payment{Method: forms.PayMobile, Reference: "42005000001"}, testDay.AddDate(0, 0, 30))
	must(t, err)
	s := w.openAudit()
	detail := func(action string) string {
		t.Helper()
		i := slices.IndexFunc(s.entries, func(e forms.AuditEntry) bool { return e.Action == action })
		if i < 0 {
			t.Fatalf("no %s listed", action)
		}
		s.list.Select(i)
		w.wait()
		var texts []string
		for _, o := range test.LaidOutObjects(s.detail) {
			switch l := o.(type) {
			case *widget.Label:
				texts = append(texts, l.Text)
			case *wrappedText:
				texts = append(texts, l.Text)
			}
		}
		all := strings.Join(texts, "\n")
		for _, bad := range []string{k.ID, r.ID, d.ID, lender.ID, "{", `":`, "ReceiptNumber", "Method", "ClosedBy", "held", "mobile"} {
			if strings.Contains(all, bad) {
				t.Errorf("%s detail shows %q:\n%s", action, bad, all)
			}
		}
		return all
	}
	all := detail("receipt.issue")
	for _, want := range []string{"收据号\n\n" + r.Number, "付款方式\n\n移动支付，交易单号 42005000001", "受理单\n\n" + k.Number,
		"开票人\n\n", r.Lines[0].Text + " " + r.Lines[0].Amount.String()} {
		if !strings.Contains(all, want) {
			t.Errorf("receipt detail lacks %q:\n%s", want, all)
		}
	}
	// A one-line item is one line high, whatever the receipt's lines need
	// (one grid for all made every item as tall as the tallest).
	w.app.win.Resize(fyne.NewSize(1280, 720))
	w.wait()
	oneLine := widget.NewLabel("收据号").MinSize().Height
	found := false
	for _, o := range test.LaidOutObjects(s.detail) {
		if c, ok := o.(*fyne.Container); ok && len(c.Objects) == 3 {
			if l, ok := c.Objects[0].(*wrappedText); ok && l.Text == "收据号" {
				found = true
				if c.Size().Height > 1.5*oneLine {
					t.Errorf("the 收据号 item is %.0f px high, one line is %.0f", c.Size().Height, oneLine)
				}
			}
		}
	}
	if !found {
		t.Error("the receipt's 收据号 is not an item line of its own")
	}
	if strings.Count(all, "\n编号\n") > 0 || strings.Count(all, "经办人\n") > 1 {
		t.Errorf("receipt detail has an ambiguous label:\n%s", all)
	}
	if row := s.record(s.entries[slices.IndexFunc(s.entries, func(e forms.AuditEntry) bool { return e.Action == "receipt.issue" })]); strings.Count(row, r.Number) != 1 {
		t.Errorf("receipt row repeats its number: %q", row)
	}
	all = detail("deposit.take")
	for _, want := range []string{"收据号\n\n" + r.Number, "收款方式\n\n移动支付", "状态\n\n在押", "受理单\n\n" + k.Number, "客户\n\n王借卡", "金额\n\n" + d.Amount.String()} {
		if !strings.Contains(all, want) {
			t.Errorf("deposit detail lacks %q:\n%s", want, all)
		}
	}
}
