package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// The smallest screen a counter PC has (SPEC: "Every screen and dialog fits
// a 1280×720 screen in every state").
const fitWidth, fitHeight = 1280, 720

// minInputWidth is the narrowest an input in a dialog may be laid out: the
// 添加用户 fields were about 100 px wide, the 容缺 date showed only "2026".
const minInputWidth = 160

// misfits says what of the window does not fit 1280×720 in its current
// state: the content's minimum size (Fyne grows the window to it), every
// overlay's (dialogs), and inputs in dialogs laid out too narrow to read.
func misfits(w fyne.Window) []string {
	var out []string
	c := w.Canvas()
	if ms := c.Content().MinSize(); ms.Width > fitWidth || ms.Height > fitHeight {
		out = append(out, fmt.Sprintf("window content needs %.0f×%.0f", ms.Width, ms.Height))
	}
	faint := func(o fyne.CanvasObject) {
		for _, x := range test.LaidOutObjects(o) {
			if l, ok := x.(*widget.Label); ok && l.Visible() && l.Text != "" && l.Importance == widget.LowImportance {
				out = append(out, fmt.Sprintf("label %q is drawn in the disabled grey (LowImportance), too faint to read", l.Text))
			}
			if l, ok := x.(*wrappedText); ok && l.Visible() && l.Text != "" && l.Importance == widget.LowImportance {
				out = append(out, fmt.Sprintf("label %q is drawn in the disabled grey (LowImportance), too faint to read", l.Text))
			}
		}
	}
	faint(c.Content())
	// A hint wider than its input is cut off, and Fyne scrolls the input
	// sideways under a stray scroll bar (the customer search's did at
	// 1280 px), wherever the input stands.
	test.LaidOutObjects(c.Content())
	for _, x := range visibleObjects(c.Content()) {
		if e, ok := x.(*widget.Entry); ok && !e.MultiLine && e.Text == "" && textWidth(e.PlaceHolder) > e.Size().Width {
			out = append(out, fmt.Sprintf("the window cuts off the hint %q (%.0f px in %.0f px)", e.PlaceHolder, textWidth(e.PlaceHolder), e.Size().Width))
		}
	}
	for _, o := range c.Overlays().List() {
		if !o.Visible() {
			continue
		}
		faint(o)
		pop, ok := o.(*widget.PopUp)
		var inner fyne.CanvasObject = o
		if ok {
			inner = pop.Content
		}
		if ms := inner.MinSize(); ms.Width > fitWidth || ms.Height > fitHeight {
			out = append(out, fmt.Sprintf("dialog %q needs %.0f×%.0f", dialogTitle(inner), ms.Width, ms.Height))
		}
		for _, x := range test.LaidOutObjects(o) {
			if !x.Visible() {
				continue
			}
			switch e := x.(type) {
			case *widget.Entry:
				if e.Size().Width < minInputWidth && !e.Disabled() {
					out = append(out, fmt.Sprintf("dialog %q has an input %.0f px wide (text %q, hint %q)", dialogTitle(inner), e.Size().Width, e.Text, e.PlaceHolder))
				} else if !e.MultiLine && textWidth(e.PlaceHolder) > e.Size().Width {
					out = append(out, fmt.Sprintf("dialog %q cuts off the hint %q (%.0f px in %.0f px)", dialogTitle(inner), e.PlaceHolder, textWidth(e.PlaceHolder), e.Size().Width))
				}
			case *wrappedText:
				// A text wrapped by 禁则 (message dialogs) gets the height
				// of its lines at the width it was laid out, or its last
				// lines are cut off.
				if e.Text != "" && e.Size().Height+0.5 < e.MinSize().Height {
					out = append(out, fmt.Sprintf("dialog %q cuts off its text %q (%d lines in %.0f px, they need %.0f)", dialogTitle(inner), e.Text, len(e.Lines()), e.Size().Height, e.MinSize().Height))
				}
			case *widget.Select:
				if e.Size().Width < minInputWidth && !e.Disabled() {
					out = append(out, fmt.Sprintf("dialog %q has a choice %.0f px wide (%q)", dialogTitle(inner), e.Size().Width, e.Selected))
				}
			}
		}
	}
	return out
}

// visibleObjects lists o and what it draws, leaving out whatever is hidden
// (another tab's content, a closed part of a form) with all it holds.
func visibleObjects(o fyne.CanvasObject) []fyne.CanvasObject {
	if o == nil || !o.Visible() {
		return nil
	}
	out := []fyne.CanvasObject{o}
	var kids []fyne.CanvasObject
	switch x := o.(type) {
	case *fyne.Container:
		kids = x.Objects
	case fyne.Widget:
		kids = test.WidgetRenderer(x).Objects()
	}
	for _, k := range kids {
		out = append(out, visibleObjects(k)...)
	}
	return out
}

// textWidth is how wide s is drawn in an input, its padding included.
func textWidth(s string) float32 {
	if s == "" {
		return 0
	}
	return fyne.MeasureText(s, theme.TextSize(), fyne.TextStyle{}).Width + 4*theme.Padding()
}

// dialogTitle names a dialog in a failure: its title (the bold label
// Fyne's dialogs start with), else its first text.
func dialogTitle(o fyne.CanvasObject) string {
	for _, x := range test.LaidOutObjects(o) {
		if l, ok := x.(*widget.Label); ok && l.TextStyle.Bold && l.Text != "" {
			return l.Text
		}
	}
	for _, x := range test.LaidOutObjects(o) {
		switch l := x.(type) {
		case *widget.Label:
			if l.Text != "" {
				return l.Text
			}
		case *widget.RichText:
			if s := l.String(); s != "" {
				return s
			}
		case *wrappedText:
			if l.Text != "" {
				return l.Text
			}
		}
	}
	return "?"
}

// fitWalker drives the real screens by what a clerk sees (button texts),
// not by struct fields, and records every state that does not fit.
type fitWalker struct {
	*harness
	failures []string
	states   []string
}

func newFitWalker(t *testing.T) *fitWalker {
	h := newHarness(t)
	h.app.win.Resize(fyne.NewSize(fitWidth, fitHeight))
	return &fitWalker{harness: h}
}

// check records the misfits of the current state, named for the report.
func (w *fitWalker) check(state string) {
	w.t.Helper()
	w.wait()
	w.states = append(w.states, state)
	for _, m := range misfits(w.app.win) {
		w.failures = append(w.failures, state+": "+m)
	}
}

// objects lists what is on the screen, the top dialog first.
func (w *fitWalker) objects() []fyne.CanvasObject {
	c := w.app.win.Canvas()
	var out []fyne.CanvasObject
	ov := c.Overlays().List()
	for i := len(ov) - 1; i >= 0; i-- {
		if ov[i].Visible() {
			out = append(out, test.LaidOutObjects(ov[i])...)
		}
	}
	return append(out, test.LaidOutObjects(c.Content())...)
}

// button finds an enabled, visible button whose text starts with text.
func (w *fitWalker) button(text string) *widget.Button {
	for _, o := range w.objects() {
		if b, ok := o.(*widget.Button); ok && b.Visible() && !b.Disabled() && strings.HasPrefix(b.Text, text) {
			return b
		}
	}
	return nil
}

// tap presses the button a clerk sees as text; false when there is none.
func (w *fitWalker) tap(text string) bool {
	w.t.Helper()
	b := w.button(text)
	if b == nil {
		return false
	}
	test.Tap(b)
	w.wait()
	return true
}

// mustTap presses a button that this state must offer.
func (w *fitWalker) mustTap(state, text string) {
	w.t.Helper()
	if !w.tap(text) {
		w.t.Fatalf("%s: no enabled button %q on the screen", state, text)
	}
}

// closeDialogs hides every dialog on show.
func (w *fitWalker) closeDialogs() {
	c := w.app.win.Canvas()
	for _, o := range c.Overlays().List() {
		c.Overlays().Remove(o)
	}
}

// checkEach checks the state, then each dialog that each of the buttons
// opens (closing it again).
func (w *fitWalker) checkEach(state string, buttons ...string) {
	w.t.Helper()
	w.check(state)
	for _, b := range buttons {
		if w.tap(b) {
			w.check(state + " → " + b)
			w.closeDialogs()
		}
	}
}

// answerAll answers every question of a service so that as many papers
// and documents as possible apply: married, the first option otherwise,
// "yes", a year before the 2023 reform, a date weeks ago, some text.
func answerAll(sv *forms.Service, today time.Time) map[string]string {
	answers := map[string]string{}
	for _, q := range sv.Questions {
		switch q.Type {
		case forms.QChoice:
			v := q.Options[0].Value
			for _, o := range q.Options {
				if o.Value == "married" {
					v = o.Value
				}
			}
			answers[q.ID] = v
		case forms.QBool:
			answers[q.ID] = "yes"
		case forms.QYear:
			answers[q.ID] = "2021"
		case forms.QDate:
			answers[q.ID] = forms.FormatDate(today.AddDate(0, 0, -45))
		default:
			answers[q.ID] = "测试单位"
		}
	}
	return answers
}

// TestEveryScreenFits1280x720 walks every screen, tab and dialog a
// supervisor and a clerk reach, in the states a day brings (empty, with
// messages, every service drafted, accepted and completed), and asserts
// that nothing needs more than a 1280×720 screen. After accepting a
// 历届生落户 case the window once grew to 1558 px wide.
func TestEveryScreenFits1280x720(t *testing.T) {
	w := newFitWalker(t)
	ctx := context.Background()

	w.app.Start()
	w.check("设置")
	w.tap("完成设置") // empty: messages appear
	w.check("设置（有错误提示）")
	for _, o := range w.objects() {
		if c, ok := o.(*widget.Check); ok && strings.Contains(c.Text, "替换") {
			c.SetChecked(true)
			w.check("设置（替换损坏的电脑）")
			c.SetChecked(false)
		}
	}
	w.seen = w.check
	w.setUp()
	w.seen = nil
	w.check("登录")
	w.tap("用恢复码")
	w.check("登录 → 恢复码")
	w.closeDialogs()
	w.logIn("李主管", "zhuguan123")
	if w.app.home == nil {
		t.Fatal("the supervisor did not reach the main screen")
	}

	home := w.app.home
	for _, item := range home.tabs.Items {
		home.tabs.Select(item)
		w.checkEach("主页 · "+item.Text, "添加用户", "恢复备份", "补录纸质收据", "节假日和调休…")
	}
	walkCatalogue(w) // 业务目录 (catalogue_test.go)
	home.tabs.SelectIndex(0)

	// A clerk for the approval dialogs later; a female, married member, so
	// that the women's forms and the spouse's papers apply.
	w.addClerk()
	// Each service gets its own customer, so no open case of one service
	// keeps another from opening.
	newMember := func(i int) *forms.Customer {
		c := &forms.Customer{Name: longText("欧阳芳芳", forms.RuleCustomerName.Max), IDNumber: withCheck(fmt.Sprintf("33010619900101%03d", 2*(i+10))),
			Mobile: fmt.Sprintf("138123456%02d", i), Member: true, MemberSince: testDay.AddDate(-3, 0, 0), Marital: "married",
			// The longest address and employer the forms rules allow:
			// a long value must wrap, never widen the window.
			Address:  longText("成都市青白江区大弯街道团结路一段一百二十八号附三号", forms.RuleAddress.Max),
			Employer: longText("成都市青白江区某某科技有限责任公司", forms.RuleEmployer.Max)}
		if err := w.db.CreateCustomer(ctx, w.app.actor(), c); err != nil {
			t.Fatal(err)
		}
		return c
	}

	cs := home.customers
	w.mustTap("客户", "新建客户")
	w.check("新建客户")
	for _, o := range w.objects() {
		if c, ok := o.(*widget.Check); ok && strings.Contains(c.Text, "集体户") {
			c.SetChecked(true)
		}
	}
	w.check("新建客户（集体户成员）")
	w.tap("保存")
	w.check("新建客户（有错误提示）")

	services, err := w.db.Services(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, sv := range services {
		sv := sv
		if sv.Scheduled() {
			// 续费: its own screen, before and after paying.
			cust := newMember(i)
			cs.open(cust.ID)
			w.wait()
			cs.showRenewal(sv.Code)
			w.check("续费（应缴明细）")
			w.tap("收费并打印收据") // no payment method: the message shows
			w.check("续费（有错误提示）")
			for _, o := range w.objects() {
				if r, ok := o.(*widget.RadioGroup); ok {
					r.SetSelected(T(forms.PayCash.Label()))
				}
			}
			w.mustTap("续费", "收费并打印收据")
			w.check("续费（已收费）")
			w.closeDialogs()
			w.tap("返回客户")
			w.wait()
			// The renewal is a case: listed on the record, it opens its
			// own screen again.
			w.check("客户资料（办理记录中的续费）")
			if list := caseListOf(cs, w.objects()); list != nil && list.Length() > 0 {
				list.Select(0)
				w.wait()
				w.check("续费（从办理记录打开）")
				w.tap("返回客户")
			} else {
				t.Error("fit walk: the renewal is not in the customer's case list")
			}
			continue
		}
		if sv.Waiting != nil {
			// 遗失声明: its own screen, empty, refused, then a declaration
			// in its loss period with a long story.
			cust := newMember(i)
			cs.open(cust.ID)
			w.wait()
			l := cs.showLoss(sv.Code)
			w.wait()
			w.check("遗失声明（新声明）")
			w.tap("办理声明并打印") // nothing typed: the message shows
			w.check("遗失声明（有错误提示）")
			l.kind.SetSelected(T(forms.LostEInvoice.Label()))
			w.check("遗失声明（数电票）")
			l.kind.SetSelected(T(forms.LostInvoice.Label()))
			l.number.SetText("No.00012345")
			l.date.SetText("2026-01-05")
			l.amount.SetText("300")
			l.paidFor.SetText("人才储备费")
			l.story.SetText(strings.Repeat("在公交车上连同钱包一起遗失，已到派出所报案", 4))
			l.declarer.SetSelected(T("代理人"))
			l.agentName.SetText("欧阳海")
			l.agentID.SetText(withCheck("33010619830101001"))
			w.mustTap("遗失声明", "办理声明并打印")
			if ds, _ := w.db.LossDeclarations(ctx, cust.ID); len(ds) != 1 {
				t.Fatalf("遗失声明 not made in the fit walk: %s", l.message.Text)
			}
			w.check("遗失声明（挂失期内）")
			w.closeDialogs()
			w.tap("返回客户")
			w.wait()
			if list := caseListOf(cs, w.objects()); list != nil && list.Length() > 0 {
				list.Select(0)
				w.wait()
				w.check("遗失声明（从办理记录打开）")
				w.tap("返回客户")
			} else {
				t.Error("fit walk: the declaration is not in the customer's case list")
			}
			continue
		}
		cust := newMember(i)
		state := "受理单 " + sv.Name
		cs.open(cust.ID)
		w.check("客户档案 " + cust.Name)
		k, _, err := w.db.OpenCase(ctx, w.app.actor(), cust.ID, sv.Code)
		if err != nil {
			t.Logf("%s: cannot open (%v); skipped", sv.Name, err)
			continue
		}
		cs.showCase(k.ID)
		w.checkEach(state+"（草稿，未回答）", "打印一次性告知单", "容缺")

		// Every answer given, every paper received, from the store.
		items := map[string]forms.ItemState{}
		for _, r := range sv.Requirements {
			items[r.ID] = r.Received()
		}
		if _, err := w.db.SaveCase(ctx, w.app.actor(), k.ID, answerAll(&sv, testDay), items); err != nil {
			t.Fatalf("%s: %v", sv.Name, err)
		}
		cs.showCase(k.ID)
		w.check(state + "（草稿，材料齐全）")
		if w.tap("受理") {
			w.check(state + " → 受理")
			w.tap("确认") // the payment or the confirmation
			w.check(state + "（已受理）")
			w.closeDialogs()
			for _, b := range []string{"文书", "收据", "补打", "打印"} {
				if w.tap(b) {
					w.check(state + "（已受理）→ " + b)
					w.closeDialogs()
				}
			}
			if w.tap("办结") {
				w.check(state + " → 办结")
				w.tap("确定")
				w.check(state + "（办结后）")
				w.closeDialogs()
			}
		}
		w.tap("返回")
		if sv.OnComplete != nil {
			// The record after a membership change: its 入户记录, and a
			// child's record with its parent link.
			cs.open(cust.ID)
			w.check("客户档案（" + sv.Name + "办结后）")
			if kids, err := w.db.ChildrenOf(ctx, cust.ID); err == nil && len(kids) > 0 {
				cs.open(kids[0].ID)
				w.check("客户档案（小孩）")
			}
		}
	}

	// The record's 受理单, 文书 and 收据 with a long history, and 补打
	// from them (customerhistory_test.go).
	walkCustomerHistory(w, cs, newMember(90))

	// Papers promised (容缺): a waiting case, one paper overdue and one
	// whose date was moved with the longest reason, and both dialogs.
	for _, sv := range services {
		if sv.Scheduled() || sv.Waiting != nil || len(sv.Requirements) < 2 {
			continue
		}
		cust := newMember(len(services) + 1)
		k, _, err := w.db.OpenCase(ctx, w.app.actor(), cust.ID, sv.Code)
		if err != nil {
			continue
		}
		answers := answerAll(&sv, testDay)
		items := map[string]forms.ItemState{}
		for _, r := range sv.Requirements {
			items[r.ID] = r.Received()
		}
		ev := sv.Evaluate(cust, answers, testDay, items)
		if len(ev.Items) < 2 {
			continue
		}
		late, moved := ev.Items[0].ID, ev.Items[1].ID
		items[late] = forms.ItemState{Status: forms.ItemDeferred, PromisedBy: testDay.AddDate(0, 0, 1)}
		items[moved] = forms.ItemState{Status: forms.ItemDeferred, PromisedBy: testDay.AddDate(0, 0, 2)}
		if _, err := w.db.SaveCase(ctx, w.app.actor(), k.ID, answers, items); err != nil {
			t.Fatalf("容缺 %s: %v", sv.Name, err)
		}
		if _, _, _, err := w.db.AcceptCase(ctx, w.app.actor(), k.ID, forms.Payment{Method: forms.PayCash}, time.Time{}); err != nil {
			t.Fatalf("容缺 %s: %v", sv.Name, err)
		}
		if _, err := w.db.MovePromise(ctx, w.app.actor(), k.ID, moved, testDay.AddDate(0, 0, 9),
			longText("原单位负责人出差，盖章要等下周", forms.RuleMoveReason.Max)); err != nil {
			t.Fatalf("容缺 %s: %v", sv.Name, err)
		}
		w.clock.Set(testDay.AddDate(0, 0, 2)) // the first paper is a day overdue
		state := "受理单 " + sv.Name + "（待补材料：逾期一项、已改期一项）"
		cs.open(cust.ID)
		w.wait()
		cs.showCase(k.ID)
		w.checkEach(state, "已补交", "改约定日期")
		if w.tap("改约定日期") {
			w.tap("确定改期") // nothing typed: the message shows
			w.check(state + " → 改约定日期（有错误提示）")
			w.closeDialogs()
		}
		if w.tap("已补交") {
			w.tap("确认已补交")
			w.check(state + " → 已补交（确认后）")
			w.closeDialogs()
		}
		w.tap("返回")
		break
	}

	// The refund desk with the card lent: refund, contact, forfeit.
	home.tabs.SelectIndex(1)
	w.wait()
	d := home.deposits
	if len(d.deposits) > 0 {
		d.table.Select(widget.TableCellID{Row: 0, Col: 1})
		w.checkEach("保障金退还（选中一笔）", "办理退还", "记录联系客户", "没收保障金", "打印在押清单")
	}

	// The 提醒 tab with cards overdue and members behind, and the list of
	// members behind (reminders_test.go).
	walkReminders(w)

	// 日结: the day with its receipts, printed, checked; a future day and
	// a date that is not one (dayend_test.go).
	walkDayEnd(w)

	// 日结 · 月报: last month, the running month, a month to come, the
	// save dialog and a failed export (monthreport_test.go).
	walkMonthReport(w)

	// 导出到总部: no key, a long destination, progress, the result, a
	// failure, a long list and 重新写出 (export_test.go).
	walkExport(w)

	// 投诉: the register, 新投诉, a complaint and its dialogs, the category
	// list and the customer's rating (complaints_fit_test.go).
	walkComplaints(w)

	// 回访: the list, the call in each branch, the record, the script
	// editor; 日结 · 服务月报 (followups_fit_test.go).
	walkFollowUps(w)

	// A clerk: the approval dialog a supervisor fills in on their screen.
	w.app.showLogin()
	w.logIn("张窗口", "linshi123")
	w.check("首次登录改密码")
	if w.app.home == nil {
		if err := w.db.ChangePassword(ctx, w.app.user.ID, "linshi123", "chuangkou9"); err != nil {
			t.Fatal(err)
		}
		w.closeDialogs()
		w.app.showLogin()
		w.logIn("张窗口", "chuangkou9")
	}
	if w.app.home != nil {
		for _, item := range w.app.home.tabs.Items {
			w.app.home.tabs.Select(item)
			w.check("窗口客服 · " + item.Text)
		}
		// The refund desk as a clerk: the refund asks for a supervisor.
		w.app.home.tabs.SelectIndex(1)
		w.wait()
		if d := w.app.home.deposits; len(d.deposits) > 0 {
			d.table.Select(widget.TableCellID{Row: 0, Col: 1})
			w.checkEach("窗口客服 · 保障金退还（选中一笔）", "办理退还", "记录联系客户")
		}
	}
	w.app.withSupervisor("测试", func(context.Context, forms.Actor) error { return nil }, nil)
	w.check("主管批准")
	w.closeDialogs()
	// 审计日志 after the walk, with its long names and addresses logged
	// (audit_test.go).
	w.app.showLogin()
	w.logIn("李主管", "zhuguan123")
	walkAudit(w)
	// Issue 17's dialogs: a broken audit check, 换发恢复码, restoring a
	// .db.age, the idle lock and the lock-out message (fit17_test.go).
	walkIssue17(w)

	t.Logf("states checked:\n%s", strings.Join(w.states, "\n"))
	if len(w.states) < 40 {
		t.Errorf("the walk saw only %d states; a screen it expects is gone", len(w.states))
	}
	for _, f := range w.failures {
		t.Error(f)
	}
}

// TestMisfitsFindsAWideRow proves the check above can fail: a row of six
// long buttons (what the case screen once showed) is reported.
func TestMisfitsFindsAWideRow(t *testing.T) {
	h := newHarness(t)
	row := container.NewHBox()
	for i := 0; i < 6; i++ {
		row.Add(widget.NewButton("补打《15—49周岁女性情况入户调查登记表》", nil))
	}
	h.app.win.SetContent(row)
	if len(misfits(h.app.win)) == 0 {
		t.Fatal("a 6-button row wider than 1280 px was not reported")
	}
	narrow := widget.NewEntry()
	narrow.SetText("2026-11-30")
	h.app.win.SetContent(widget.NewLabel("ok"))
	h.app.win.Canvas().Overlays().Add(widget.NewModalPopUp(container.NewHBox(widget.NewLabel("日期"), narrow), h.app.win.Canvas()))
	if got := misfits(h.app.win); len(got) != 1 || !strings.Contains(got[0], "input") {
		t.Fatalf("a 2-character-wide input in a dialog gave %v", got)
	}
	// The record's case list drew its dates line in the disabled grey.
	h.app.win.Canvas().Overlays().Remove(h.app.win.Canvas().Overlays().Top())
	dim := widget.NewLabel("开单 2026-11-03 · 经办人 演示客服")
	dim.Importance = widget.LowImportance
	h.app.win.SetContent(container.NewVBox(widget.NewLabel("XL01-20261103-046"), dim))
	if got := misfits(h.app.win); len(got) != 1 || !strings.Contains(got[0], "disabled grey") {
		t.Fatalf("a faint label gave %v", got)
	}
	// The customer search's hint was cut off under a stray scroll bar.
	search := widget.NewEntry()
	search.SetPlaceHolder(longText("姓名或拼音、身份证号码、手机号", 60))
	h.app.win.SetContent(container.NewHSplit(container.NewVBox(search), widget.NewLabel("右侧")))
	h.app.win.Resize(fyne.NewSize(fitWidth, fitHeight))
	if got := misfits(h.app.win); len(got) != 1 || !strings.Contains(got[0], "cuts off the hint") {
		t.Fatalf("a cut-off hint gave %v", got)
	}
	search.SetText("王芳") // the hint is not drawn
	if got := misfits(h.app.win); len(got) != 0 {
		t.Fatalf("an input with text gave %v", got)
	}
}

// longText repeats s to exactly n characters: the longest value a rule
// allows.
func longText(s string, n int) string {
	r := []rune(strings.Repeat(s, n/len([]rune(s))+1))
	return string(r[:n])
}
