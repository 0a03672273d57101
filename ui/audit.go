package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// The supervisor's audit screen (审计日志): the audit log filtered by day
// range, user, customer (found as on the main screen) and action, newest
// first, a page at a time; the selected entry's record before and after
// the change side by side, changed fields marked; and 校验审计日志, which
// checks the whole chain and every receipt against it.

// auditStore is what the audit screen needs from the station's database;
// every method is one transaction.
type auditStore interface {
	// AuditSearch returns one page of the entries matching the filter,
	// newest first, and how many match in all (supervisors only).
	AuditSearch(ctx context.Context, a forms.Actor, f forms.AuditFilter) ([]forms.AuditEntry, int, error)
	// AuditRecordNames names the customers, cases, receipts, deposits and
	// users the entries are about.
	AuditRecordNames(ctx context.Context, entries []forms.AuditEntry) (forms.AuditNames, error)
	// VerifyAuditHeadAs checks the whole audit chain, and that a head hash
	// kept elsewhere ("" for none) is still in it, and records the check.
	VerifyAuditHeadAs(ctx context.Context, a forms.Actor, head string) (forms.AuditCheck, error)
	Users(ctx context.Context) ([]forms.User, error)
	SearchCustomers(ctx context.Context, query string, limit int) ([]forms.Customer, error)
}

// auditPageSize is how many entries one page of the screen shows.
const auditPageSize = 200

// auditDefaultDays is how far back the screen looks when opened.
const auditDefaultDays = 30

// auditScreen is the 审计日志 tab.
type auditScreen struct {
	app *App
	st  auditStore

	from, to   *dateEntry
	user       *widget.Select
	action     *widget.Select
	custSearch *widget.Entry
	customer   *widget.Select
	search     *widget.Button
	prev, next *widget.Button
	count      *widget.Label
	verify     *widget.Button
	savedHead  *widget.Entry // 另存的链头哈希: a head kept from an earlier check, optional
	verdict    *wrappedText  // the last check's result
	head       *widget.Label // the last check's head hash, selectable to copy
	headNote   *wrappedText  // what the head is: to copy, or where the chain broke
	headBox    *fyne.Container

	list   *widget.List
	detail *fyne.Container
	root   fyne.CanvasObject

	users     []forms.User
	customers []forms.Customer // the customer search's results
	custSeq   int              // the newest customer search

	// filter is what the list shows; entries its page, total all that
	// match, names the records' names.
	filter  forms.AuditFilter
	entries []forms.AuditEntry
	total   int
	names   forms.AuditNames
	shown   *forms.AuditEntry // the entry in the detail pane
	loaded  bool
	loadSeq int
}

// newAuditScreen makes the 审计日志 tab; it reads nothing until shown.
func newAuditScreen(u *App) *auditScreen {
	s := &auditScreen{app: u, st: u.store}
	today := forms.Day(u.now())
	s.from = newDateEntry(today.AddDate(0, 0, -(auditDefaultDays-1)), nil)
	s.to = newDateEntry(today, nil)
	s.user = widget.NewSelect([]string{T("全部用户")}, nil)
	s.user.SetSelectedIndex(0)
	s.action = widget.NewSelect(auditActionOptions(), nil)
	s.action.SetSelectedIndex(0)
	s.custSearch = widget.NewEntry()
	s.custSearch.SetPlaceHolder(T("客户姓名、拼音或身份证号"))
	acceptCodePoints(s.custSearch)
	s.custSearch.OnChanged = func(string) { s.findCustomers() }
	s.custSearch.OnSubmitted = func(string) { s.findCustomers() }
	s.customer = widget.NewSelect([]string{T("全部客户")}, nil)
	s.customer.SetSelectedIndex(0)
	s.search = widget.NewButton(T("查询"), func() { s.runSearch(0) })
	s.search.Importance = widget.HighImportance
	s.prev = widget.NewButton(T("上一页"), func() { s.runSearch(s.filter.Offset - auditPageSize) })
	s.next = widget.NewButton(T("下一页"), func() { s.runSearch(s.filter.Offset + auditPageSize) })
	s.prev.Disable()
	s.next.Disable()
	s.count = widget.NewLabel("")
	s.count.Truncation = fyne.TextTruncateEllipsis
	s.verify = widget.NewButton(T("校验审计日志"), s.runVerify)
	s.savedHead = widget.NewEntry()
	s.savedHead.SetPlaceHolder(T("可不填；填上次校验抄下的链头哈希，可查出整条改写过的日志"))
	s.savedHead.OnSubmitted = func(string) { s.runVerify() }
	s.verdict = newWrappedText("")
	s.verdict.Hide()
	s.head = widget.NewLabel("")
	s.head.Selectable = true
	s.head.TextStyle.Monospace = true
	s.headNote = newWrappedText("")
	s.headBox = container.NewVBox(
		container.NewBorder(nil, nil, boldLabel(T("链头哈希")), nil, s.head),
		s.headNote)
	s.headBox.Hide()

	s.list = widget.NewList(func() int { return len(s.entries) }, s.newRow, s.updateRow)
	s.list.OnSelected = func(i widget.ListItemID) {
		if i < len(s.entries) {
			e := s.entries[i]
			s.showEntry(&e)
		}
	}
	s.detail = container.NewStack(widget.NewLabel(T("在左侧选择一条记录，查看修改前后的内容。")))

	filters := container.NewVBox(
		container.NewHBox(widget.NewLabel(T("日期")), sized(s.from, 190), widget.NewLabel(T("至")), sized(s.to, 190),
			widget.NewLabel(T("用户")), sized(s.user, 150), widget.NewLabel(T("操作")), sized(s.action, 230)),
		container.NewBorder(nil, nil, widget.NewLabel(T("客户")),
			container.NewHBox(s.search, s.verify),
			container.NewGridWithColumns(2, s.custSearch, s.customer)),
		container.NewBorder(nil, nil, widget.NewLabel(T("另存的链头哈希")), nil, s.savedHead),
		s.verdict,
		s.headBox,
	)
	pager := container.NewBorder(nil, nil, nil, container.NewHBox(s.prev, s.next), s.count)
	left := container.NewBorder(nil, pager, nil, nil, s.list)
	split := container.NewHSplit(left, container.NewPadded(s.detail))
	split.SetOffset(0.5)
	s.root = container.NewBorder(filters, nil, nil, nil, split)
	return s
}

// sized keeps o at least w wide in a row of its own.
func sized(o fyne.CanvasObject, w float32) fyne.CanvasObject {
	return container.NewGridWrap(fyne.NewSize(w, o.MinSize().Height), o)
}

func (s *auditScreen) content() fyne.CanvasObject { return s.root }

// onShown loads the users and the newest entries the first time the tab
// is shown; later it reloads the page shown (same filter and page), so
// what was done on other tabs since is listed without 查询.
func (s *auditScreen) onShown() {
	if s.loaded {
		if s.filter.Limit > 0 {
			s.load(s.filter, true)
		}
		return
	}
	s.loaded = true
	var users []forms.User
	s.app.async(func(ctx context.Context) error {
		var err error
		users, err = s.st.Users(ctx)
		return err
	}, func() {
		s.users = users
		opts := []string{T("全部用户")}
		for _, u := range users {
			opts = append(opts, u.Name)
		}
		// The program's own entries (the daily backup, lock-outs) are
		// written by no user: 系统 chooses them.
		opts = append(opts, T("系统"))
		s.user.Options = opts
		s.user.SetSelectedIndex(0)
		s.user.Refresh()
		s.runSearch(0)
	})
}

// auditActionOptions are the 操作 choices: every action, then each group
// and action by Chinese name.
func auditActionOptions() []string {
	opts := []string{T("全部操作")}
	for _, a := range forms.AuditActions() {
		opts = append(opts, a.Label)
	}
	return opts
}

// findCustomers runs the customer search as the supervisor types, as the
// main screen's search does, and offers the results to choose from.
func (s *auditScreen) findCustomers() {
	q := strings.TrimSpace(forms.DecodeCodePoints(s.custSearch.Text))
	s.custSeq++
	seq := s.custSeq
	if q == "" {
		s.setCustomers(nil)
		return
	}
	var found []forms.Customer
	s.app.async(func(ctx context.Context) error {
		var err error
		found, err = s.st.SearchCustomers(ctx, q, 50)
		return err
	}, func() {
		if seq != s.custSeq {
			return // the supervisor typed on
		}
		s.setCustomers(found)
	})
}

// setCustomers offers the found customers; the first is chosen when there
// are any, else 全部客户.
func (s *auditScreen) setCustomers(found []forms.Customer) {
	s.customers = found
	opts := []string{T("全部客户")}
	for _, c := range found {
		opts = append(opts, customerChoice(c))
	}
	s.customer.Options = opts
	if len(found) > 0 {
		s.customer.SetSelectedIndex(1)
	} else {
		s.customer.SetSelectedIndex(0)
	}
	s.customer.Refresh()
}

// customerChoice names a customer in the choice: name and masked ID.
func customerChoice(c forms.Customer) string {
	if id := c.MaskedID(); id != "" {
		return c.Name + "  " + id
	}
	return c.Name
}

// currentFilter reads the filter from the widgets, on the UI goroutine;
// a date that is not one is refused with the date entry's reason.
func (s *auditScreen) currentFilter() (forms.AuditFilter, error) {
	var f forms.AuditFilter
	var err error
	if f.From, err = s.from.Date(); err != nil {
		return f, forms.Errorf(forms.EINVALID, "起始日期：%s", forms.ErrorMessage(err))
	}
	if f.To, err = s.to.Date(); err != nil {
		return f, forms.Errorf(forms.EINVALID, "结束日期：%s", forms.ErrorMessage(err))
	}
	if i := s.user.SelectedIndex(); i > 0 && i-1 < len(s.users) {
		f.UserID = s.users[i-1].ID
	} else if i > 0 && i-1 == len(s.users) {
		f.System = true
	}
	if i := s.action.SelectedIndex(); i > 0 {
		f.Action = forms.AuditActions()[i-1].Action
	}
	if i := s.customer.SelectedIndex(); i > 0 && i-1 < len(s.customers) {
		f.CustomerID = s.customers[i-1].ID
	}
	f.Limit = auditPageSize
	return f, f.Validate()
}

// runSearch shows the page of the filter's entries from offset: the filter
// of the widgets for 查询 (offset 0), the shown one for the pages.
func (s *auditScreen) runSearch(offset int) {
	f := s.filter
	if offset == 0 {
		var err error
		if f, err = s.currentFilter(); err != nil {
			s.app.showError(err)
			return
		}
	}
	f.Offset = max(offset, 0)
	s.load(f, false)
}

// load shows the page of f (a copy, read off the UI goroutine); refresh
// keeps the list where it is and the entry shown when it is still on the
// page.
func (s *auditScreen) load(f forms.AuditFilter, refresh bool) {
	a := s.app.actor()
	s.loadSeq++
	seq := s.loadSeq
	var got []forms.AuditEntry
	var total int
	var names forms.AuditNames
	s.search.Disable()
	s.app.run(func(ctx context.Context) error {
		var err error
		if got, total, err = s.st.AuditSearch(ctx, a, f); err != nil {
			return err
		}
		names, err = s.st.AuditRecordNames(ctx, got)
		return err
	}, func(err error) {
		s.search.Enable()
		if seq != s.loadSeq {
			return
		}
		if err != nil {
			s.app.showError(err)
			return
		}
		s.filter, s.entries, s.total, s.names = f, got, total, names
		if refresh {
			s.list.Refresh()
			s.reselect()
			s.showCount()
			return
		}
		s.list.UnselectAll()
		s.list.ScrollToTop()
		s.list.Refresh()
		s.showEntry(nil)
		s.showCount()
	})
}

// reselect keeps the entry shown selected after a refresh, found by its
// seq on the new page; when it is gone from the page the pane clears.
func (s *auditScreen) reselect() {
	if s.shown == nil {
		s.list.UnselectAll()
		return
	}
	for i, e := range s.entries {
		if e.Seq == s.shown.Seq {
			s.list.Select(i)
			return
		}
	}
	s.list.UnselectAll()
	s.showEntry(nil)
}

// showCount says which entries the page holds and enables the pages.
func (s *auditScreen) showCount() {
	switch {
	case s.total == 0:
		s.count.SetText(T("没有符合条件的记录"))
	default:
		s.count.SetText(Tf("第 %d–%d 条，共 %d 条", s.filter.Offset+1, s.filter.Offset+len(s.entries), s.total))
	}
	if s.filter.Offset > 0 {
		s.prev.Enable()
	} else {
		s.prev.Disable()
	}
	if s.filter.Offset+len(s.entries) < s.total {
		s.next.Enable()
	} else {
		s.next.Disable()
	}
}

// newRow is a list row: when, action and who; then the record.
func (s *auditScreen) newRow() fyne.CanvasObject {
	a := widget.NewLabel("2026-11-23 10:00:00  查阅档案  欧阳主管（主管批准：欧阳主管）")
	b := widget.NewLabel("客户 欧阳姓名 3301**********123X")
	a.Truncation, b.Truncation = fyne.TextTruncateEllipsis, fyne.TextTruncateEllipsis
	return container.NewVBox(a, b)
}

func (s *auditScreen) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(s.entries) {
		return
	}
	e := s.entries[i]
	lines := o.(*fyne.Container).Objects
	lines[0].(*widget.Label).SetText(fmt.Sprintf("%s  %s  %s", e.At.Format("2006-01-02 15:04:05"),
		forms.AuditActionLabel(e.Action), s.who(e)))
	lines[1].(*widget.Label).SetText(s.record(e))
}

// who is the entry's user, with the supervisor who approved on their
// screen.
func (s *auditScreen) who(e forms.AuditEntry) string {
	if e.ApprovedBy != "" {
		return Tf("%s（主管批准：%s）", e.UserName, e.ApprovedBy)
	}
	return e.UserName
}

// record names what the entry is about, by the record's name or number
// when known, with the entry's note (not repeating the name).
func (s *auditScreen) record(e forms.AuditEntry) string { return forms.AuditRowText(e, s.names) }

// showEntry shows an entry's before and after side by side; nil clears
// the pane.
func (s *auditScreen) showEntry(e *forms.AuditEntry) {
	s.shown = e
	if e == nil {
		s.detail.Objects = []fyne.CanvasObject{widget.NewLabel(T("在左侧选择一条记录，查看修改前后的内容。"))}
		s.detail.Refresh()
		return
	}
	head := widget.NewForm(
		widget.NewFormItem(T("时间"), widget.NewLabel(e.At.Format("2006-01-02 15:04:05"))),
		widget.NewFormItem(T("操作"), widget.NewLabel(forms.AuditActionLabel(e.Action))),
		widget.NewFormItem(T("经办人"), widget.NewLabel(e.UserName)),
		widget.NewFormItem(T("批准人"), widget.NewLabel(dashIfEmpty(e.ApprovedBy))),
		widget.NewFormItem(T("记录"), auditLabel(s.record(*e))),
		widget.NewFormItem(T("序号"), widget.NewLabel(fmt.Sprint(e.Seq))),
	)
	fields := forms.AuditDiffFor(*e, s.names)
	// One grid per line, so that each line is as tall as its own longest
	// value: one grid for all made every line as tall as the tallest (a
	// receipt's lines), about 180 px each.
	grid := container.NewVBox(container.NewGridWithColumns(3, boldLabel(T("项目")), boldLabel(T("修改前")), boldLabel(T("修改后"))))
	changed := 0
	for _, f := range fields {
		name := f.Label
		if f.Changed {
			name = "＊" + name
			changed++
		}
		line := container.NewGridWithColumns(3)
		for _, c := range []*wrappedText{auditLabel(name), auditLabel(f.Before), auditLabel(f.After)} {
			if f.Changed {
				c.Importance = widget.WarningImportance
			}
			line.Add(c)
		}
		grid.Add(widget.NewSeparator())
		grid.Add(line)
	}
	var note fyne.CanvasObject = widget.NewLabel(T("此操作没有记录内容的前后变化。"))
	if len(fields) > 0 {
		if changed > 0 {
			note = widget.NewLabel(Tf("标＊的 %d 项有改动。", changed))
		} else {
			note = widget.NewLabel("")
		}
	}
	body := container.NewVBox(head, note)
	if len(fields) > 0 {
		body.Add(grid) // no empty 项目/修改前/修改后 header under "no changes recorded"
	}
	s.detail.Objects = []fyne.CanvasObject{container.NewVScroll(body)}
	s.detail.Refresh()
}

// auditLabel is a label that wraps its text by 禁则 (wrappedText): with
// Fyne's word wrap a value's line could start with "，".
func auditLabel(s string) *wrappedText { return newWrappedText(s) }

// dashIfEmpty is s, or "—" when it is empty.
func dashIfEmpty(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func boldLabel(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.TextStyle.Bold = true
	return l
}

// runVerify checks the whole audit log off the UI goroutine (a ten-year
// log takes a while) and shows the result.
func (s *auditScreen) runVerify() {
	a := s.app.actor()
	head, err := forms.ParseAuditHead(s.savedHead.Text)
	if err != nil {
		s.app.showError(err)
		return
	}
	var c forms.AuditCheck
	s.verify.Disable()
	s.headBox.Hide()
	s.verdict.SetText(T("正在校验审计日志，请稍候……"))
	s.verdict.Importance = widget.MediumImportance
	s.verdict.Show()
	s.app.run(func(ctx context.Context) error {
		var err error
		c, err = s.st.VerifyAuditHeadAs(ctx, a, head)
		return err
	}, func(err error) {
		s.verify.Enable()
		if err != nil {
			s.verdict.Hide()
			s.app.showError(err)
			return
		}
		msg := auditCheckText(c, 12)
		if head != "" && c.OK() {
			msg += "\n" + T(forms.AuditHeadFound)
		}
		s.showVerdict(c, head)
		// Only an intact chain's head is worth keeping.
		if c.OK() && c.Head != "" {
			msg += "\n" + Tf("链头哈希：%s", c.Head) + "\n" + T("请抄下或另存，日后核对。")
		}
		s.showCheckResult(msg)
	})
}

// auditVerdictProblems is how many problems the page's verdict keeps
// after the check's dialog is closed, each cut to auditVerdictRunes: the
// list below must keep its room at 1280×720.
const (
	auditVerdictProblems = 3
	auditVerdictRunes    = 110
)

// showVerdict keeps the check's result on the page once its dialog is
// closed: the summary, the first problems (a few, each cut short) and how
// many more, that a kept head was found; and the current head hash — to
// copy when the chain is intact, else where the chain broke.
func (s *auditScreen) showVerdict(c forms.AuditCheck, kept string) {
	lines := strings.Split(auditCheckText(c, auditVerdictProblems), "\n")
	if c.OK() {
		lines = lines[:1] // the scope is in the dialog
		if kept != "" {
			lines = append(lines, T(forms.AuditHeadFound))
		}
	}
	for i, l := range lines {
		if r := []rune(l); len(r) > auditVerdictRunes {
			lines[i] = string(r[:auditVerdictRunes-1]) + "…"
		}
	}
	s.verdict.SetText(strings.Join(lines, "\n"))
	if c.OK() {
		s.verdict.Importance = widget.SuccessImportance
	} else {
		s.verdict.Importance = widget.DangerImportance
	}
	s.verdict.Refresh()
	s.head.SetText(c.Head)
	switch {
	case c.OK() && c.Head != "":
		s.head.Importance = widget.MediumImportance
		s.headNote.SetText(T("请抄下或另存，日后核对：下次校验时填入“另存的链头哈希”，日志若被整条改写即可查出。"))
	case c.HeadBroken() && c.HeadSeq == 0:
		s.head.SetText(T("无"))
		s.headNote.SetText(T("没有一条记录与哈希链相符。"))
	case c.HeadBroken():
		s.headNote.SetText(Tf("这是最后一条相符的记录（第 %d 条）的哈希：哈希链在其后断开，第 %d 至 %d 条的哈希不可信。",
			c.HeadSeq, c.HeadSeq+1, c.Last))
	case c.Head != "":
		s.headNote.SetText(T("这是当前最新一条记录的哈希；日志有问题，不宜作为日后核对的依据。"))
	default:
		s.headBox.Hide()
		return
	}
	s.headBox.Show()
}

// auditResultMaxHeight is the tallest, in pixels, the check's result may
// be before it scrolls: with the title and 确定 it fits 1280×720.
const auditResultMaxHeight = 480

// showCheckResult shows what the check found as App.info does, in a
// scroll when its list of problems is long (twelve long ones needed 913 px).
func (s *auditScreen) showCheckResult(msg string) {
	body := newMessageBody(msg)
	if ms := body.MinSize(); ms.Height > auditResultMaxHeight {
		sc := container.NewVScroll(body)
		sc.SetMinSize(fyne.NewSize(ms.Width+theme.ScrollBarSize(), auditResultMaxHeight))
		body = sc
	}
	dialog.NewCustom(T("校验审计日志"), lang.L("OK"), body, s.app.win).Show()
	if s.app.idle.screen != nil {
		s.app.keepLateDialogs() // not over the lock screen (idlelock.go)
	}
}

// auditCheckText says what the check found: intact, or the first bad
// entry and each problem (at most limit, then how many more).
func auditCheckText(c forms.AuditCheck, limit int) string {
	if c.OK() {
		// What was not checked too (trial 17: customers carry no chain).
		return Tf("审计日志完好：已校验 %d 条记录和 %d 张收据，未发现改动。", c.Entries, c.Receipts) + "\n" + forms.AuditScope
	}
	var b strings.Builder
	if c.FirstBad > 0 {
		b.WriteString(Tf("审计日志有问题：从第 %d 条记录起被改动。共发现 %d 处问题（已校验 %d 条记录、%d 张收据）。",
			c.FirstBad, len(c.Problems), c.Entries, c.Receipts))
	} else {
		b.WriteString(Tf("审计日志有问题：共发现 %d 处问题（已校验 %d 条记录、%d 张收据）。", len(c.Problems), c.Entries, c.Receipts))
	}
	for i, p := range c.Problems {
		if i == limit {
			b.WriteString("\n" + Tf("另有 %d 处问题未列出。", len(c.Problems)-limit))
			break
		}
		kind := p.KindLabel()
		if p.Seq > 0 {
			b.WriteString("\n" + Tf("第 %d 条（%s）：%s", p.Seq, kind, p.Detail))
		} else {
			b.WriteString("\n" + Tf("%s：%s", kind, p.Detail))
		}
	}
	b.WriteString("\n" + T("请保存数据文件，不要再改动，并立即报告总部。"))
	return b.String()
}
