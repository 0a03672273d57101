package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// customerStore is what the customer screen and its form need from the
// station's database; every method is one transaction.
type customerStore interface {
	SearchCustomers(ctx context.Context, query string, limit int) ([]forms.Customer, error)
	Customer(ctx context.Context, id string) (*forms.Customer, error)
	// ViewCustomer reads the customer a case or loss declaration opened
	// from elsewhere belongs to, and logs it.
	ViewCustomer(ctx context.Context, a forms.Actor, id string) (*forms.Customer, error)
	// OpenCustomerRecord reads the whole record and logs its opening, in
	// one transaction.
	OpenCustomerRecord(ctx context.Context, a forms.Actor, id string) (*forms.CustomerRecord, error)
	// RereadCustomerRecord reads again a record the actor has open, without
	// logging another opening.
	RereadCustomerRecord(ctx context.Context, a forms.Actor, id string) (*forms.CustomerRecord, error)
	CustomerByIDNumber(ctx context.Context, number string) (*forms.Customer, error)
	CreateCustomer(ctx context.Context, a forms.Actor, c *forms.Customer) error
	UpdateCustomer(ctx context.Context, a forms.Actor, c *forms.Customer) error
	// OpenCase opens a case of the service, re-opens the customer's open
	// one, or refuses with a forms.Conflict naming it.
	OpenCase(ctx context.Context, a forms.Actor, customerID, serviceCode string) (c *forms.Case, existing bool, err error)
	Services(ctx context.Context) ([]forms.Service, error)
	// LookupReceipt lets the search say what became of a receipt number.
	LookupReceipt(ctx context.Context, number string) (*forms.Receipt, *forms.Deposit, error)
	// historyStore fills the record's 受理单, 文书 and 收据 (customerhistory.go).
	historyStore
}

// customerScreen finds customers as the clerk types, shows one record with
// its cases, and starts a service for them. What it shows is reloaded when
// its tab is shown again and when the clerk returns from a case.
type customerScreen struct {
	app *App
	st  customerStore

	search  *widget.Entry
	results []forms.Customer
	list    *widget.List
	count   *wrappedText    // how to search, what was found, or what became of a receipt
	detail  *fyne.Container // the right-hand side: record or form
	root    *fyne.Container // the search with the detail, or a case full width
	split   *container.Split
	newBtn  *widget.Button
	seq     int // the newest search; older answers are dropped

	current  *forms.Customer
	caseList *widget.List     // the record's 受理单 list; a case opens on its service's screen
	hist     *customerHistory // the record's 受理单, 文书 and 收据 tabs
	// history, children and parent belong to current: its membership
	// events, the children linked to it and, for a child, the parent.
	history  []forms.MembershipEvent
	children []forms.Customer
	parent   *forms.Customer
	// services is the catalogue the record offers (办理), read with the
	// first record opened after the tab is shown; nil until then, so a
	// service the supervisor changed on another tab shows when the clerk
	// comes back.
	services []forms.Service
	// showing is what the right-hand side shows: the record, the form or
	// a case; onShown reloads the record and the case, never a form being
	// typed in.
	showing showing
	edit    *customerForm
	caseScr *caseScreen
	lossScr *lossScreen // the loss declaration shown (lossdeclaration.go)
	// viewedBy is the user whose opening of current was logged: showing it
	// to them again (reload) is not another 查阅.
	viewedBy string
}

// showing is what the customer screen shows beside the search.
type showing int

const (
	showingNothing showing = iota
	showingRecord
	showingForm
)

func newCustomerScreen(u *App) *customerScreen {
	s := &customerScreen{app: u, st: u.store}
	s.search = widget.NewEntry()
	// The hint fits the search at 1280 px; how to search stands under it
	// while nothing is typed (searchHelp).
	s.search.SetPlaceHolder(T("姓名、拼音、身份证号、手机号或收据号"))
	s.search.OnChanged = func(string) { s.runSearch(false) }
	s.search.OnSubmitted = func(string) { s.runSearch(true) }
	acceptCodePoints(s.search) // 吉U+20BB7 finds 吉𠮷
	// Wrapped by 禁则: a receipt's note broke after 收据, its number on
	// the next line.
	s.count = newWrappedText(searchHelp())
	s.list = widget.NewList(
		func() int { return len(s.results) },
		func() fyne.CanvasObject {
			name, id, phone := widget.NewLabel("欧阳姓名"), widget.NewLabel("3301**********123X"), widget.NewLabel("138****5678")
			name.Truncation = fyne.TextTruncateEllipsis
			// The ID and mobile columns keep their widths, so that
			// （无证件） or a missing mobile never shifts the other
			// column under the wrong heading.
			return container.NewBorder(nil, nil, nil, container.NewHBox(
				container.NewGridWrap(id.MinSize(), id), container.NewGridWrap(phone.MinSize(), phone)), name)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			c := s.results[i]
			row := o.(*fyne.Container)
			name := c.Name
			if c.Member {
				name += T(" · 成员")
			} else if c.FormerMember() {
				name += T(" · 已转出")
			}
			row.Objects[0].(*widget.Label).SetText(name)
			cells := row.Objects[1].(*fyne.Container).Objects
			cells[0].(*fyne.Container).Objects[0].(*widget.Label).SetText(c.MaskedID())
			cells[1].(*fyne.Container).Objects[0].(*widget.Label).SetText(c.MaskedMobile())
		})
	s.list.OnSelected = func(i widget.ListItemID) {
		if i < len(s.results) {
			s.open(s.results[i].ID)
		}
	}
	s.newBtn = widget.NewButton(T("新建客户"), func() { s.showForm(nil, "") })
	s.detail = container.NewStack(widget.NewLabel(T("请在左侧查找客户，或新建客户。")))
	return s
}

func (s *customerScreen) content() fyne.CanvasObject {
	left := container.NewBorder(container.NewVBox(s.search, container.NewBorder(nil, nil, nil, container.NewVBox(s.newBtn), s.count)), nil, nil, nil, s.list)
	s.split = container.NewHSplit(left, container.NewPadded(s.detail))
	s.split.SetOffset(0.38)
	s.root = container.NewStack(s.split)
	return s.root
}

// showSearch puts the search and the record back after a case.
func (s *customerScreen) showSearch() {
	s.caseScr = nil
	if len(s.root.Objects) != 1 || s.root.Objects[0] != s.split {
		s.root.Objects = []fyne.CanvasObject{s.split}
		s.root.Refresh()
	}
}

// onShown reloads what the screen shows when its tab is selected again:
// the case on show, else the loss declaration (when nothing is typed in
// its new declaration), else the record (a form being typed in is left
// alone), and the search's results and note beside them (a receipt
// number's 保障金在押 becomes 已退还 after a refund; a 转户 completed by a
// refund no longer lists the customer as 成员). Changes made on another tab
// (a refund, a forfeit) show at once, and so does a catalogue the
// supervisor changed: it is read again with the next record.
func (s *customerScreen) onShown() {
	s.services = nil
	switch {
	case s.caseScr != nil:
		s.caseScr.load()
	case s.lossScr != nil && len(s.root.Objects) == 1 && s.root.Objects[0] == s.lossScr.root:
		if s.lossScr.untouched() {
			s.lossScr.load()
		}
		return
	case s.showing == showingRecord:
		s.reload()
	}
	if strings.TrimSpace(s.search.Text) != "" {
		s.searchAgain()
	}
}

// untouched reports whether nothing is typed in the loss screen's new
// declaration, so reloading it loses no input.
func (l *lossScreen) untouched() bool {
	for _, e := range []*widget.Entry{l.number, l.amount, l.paidFor, l.story, l.agentName, l.agentID} {
		if e != nil && strings.TrimSpace(e.Text) != "" {
			return false
		}
	}
	return true
}

// runSearch searches as the clerk types. Enter (which a USB ID-card reader
// sends after the 18 characters) opens the only match, or a new customer
// with that ID number when there is none. A receipt number gives the
// receipt's customer and says what became of the receipt (voided by whom
// and when, its deposit refunded or forfeited).
func (s *customerScreen) runSearch(enter bool) {
	s.search1(enter, false)
}

// searchAgain reads the search's results and note again for the text as
// it is (the tab shown after a change elsewhere), keeping the row chosen.
func (s *customerScreen) searchAgain() {
	s.search1(false, true)
}

// searchHelp says what the customer search finds, shown under it while
// nothing is typed.
func searchHelp() string {
	return T("可输入姓名或拼音（wangfang、wf）、身份证号码（全部或后4–6位）、手机号或收据号；也可直接刷身份证。")
}

// search1 is runSearch; again keeps the chosen row.
func (s *customerScreen) search1(enter, again bool) {
	q := strings.TrimSpace(forms.DecodeCodePoints(s.search.Text)) // 吉&#x20BB7 finds 吉𠮷
	s.seq++
	seq := s.seq
	if q == "" {
		s.results = nil
		s.list.UnselectAll()
		s.list.Refresh()
		s.count.SetText(searchHelp())
		return
	}
	var found []forms.Customer
	var note string
	_, _, _, receiptNumber := forms.ParseReceiptNumber(q)
	s.app.async(func(ctx context.Context) error {
		var err error
		if found, err = s.st.SearchCustomers(ctx, q, 200); err != nil || len(found) > 0 {
			return err
		}
		r, dep, err := s.st.LookupReceipt(ctx, q)
		if forms.ErrorCode(err) == forms.ENOTFOUND {
			return nil
		} else if err != nil {
			return err
		}
		note = receiptFateText(r, dep)
		if note == "" {
			note = Tf("收据 %s 的保障金在押。", r.Number)
		}
		c, err := s.st.Customer(ctx, r.CustomerID)
		if forms.ErrorCode(err) == forms.ENOTFOUND {
			return nil
		} else if err != nil {
			return err
		}
		found = []forms.Customer{*c}
		return nil
	}, func() {
		if seq != s.seq {
			return // the clerk typed on
		}
		s.results = found
		if !again {
			s.list.UnselectAll()
		}
		s.list.Refresh()
		s.count.SetText(Tf("找到 %d 位客户", len(found)))
		switch {
		case note != "":
			s.count.SetText(note)
		case len(found) == 200:
			s.count.SetText(T("找到200位以上客户，请输入更多字缩小范围"))
		case len(found) > 0:
		case forms.SearchNumberTooShort(q):
			s.count.SetText(T("按号码查找请至少输入4位：身份证号码的后4–6位或全部，手机号的后4位或全部。"))
		case receiptNumber:
			s.count.SetText(Tf("没有找到。本网点没有收据号为 %s 的收据，请核对号码。", strings.ToUpper(q)))
		}
		if !enter {
			return
		}
		if len(found) == 1 {
			s.open(found[0].ID)
		} else if len(found) == 0 {
			if id, err := forms.ParseID(q); err == nil {
				s.showForm(nil, id.Number)
			}
		}
	})
}

// open shows one customer's whole record; opening it is logged
// (OpenCustomerRecord, one transaction). The catalogue is read with it
// only when the screen has none since it was last shown.
func (s *customerScreen) open(id string) { s.show(id, false) }

// show shows the customer's whole record: opened and logged, or, when
// again is set and this user opened this very record on this screen,
// read again without logging another 查阅 (RereadCustomerRecord).
func (s *customerScreen) show(id string, again bool) {
	var r *forms.CustomerRecord
	var services []forms.Service
	a := s.app.actor()
	needServices := s.services == nil
	again = again && s.current != nil && s.current.ID == id && s.viewedBy == a.UserID
	s.app.async(func(ctx context.Context) error {
		var err error
		if again {
			r, err = s.st.RereadCustomerRecord(ctx, a, id)
		} else {
			r, err = s.st.OpenCustomerRecord(ctx, a, id)
		}
		if err != nil {
			return err
		}
		if needServices {
			services, err = s.st.Services(ctx)
		}
		return err
	}, func() {
		if needServices {
			s.services = services
		}
		c := r.Customer
		s.current = &c
		s.viewedBy = a.UserID
		s.history, s.children, s.parent = r.Membership, r.Children, r.Parent
		s.showRecord(&r.History)
	})
}

// backToRecord shows the current record again after its form (返回): as
// it was read, or read again when the tab was shown in between (onShown
// cleared the catalogue, and another tab may have changed the customer: a
// refund, a reprint).
func (s *customerScreen) backToRecord() {
	if s.services == nil || s.hist == nil {
		s.reload()
		return
	}
	s.showRecord(s.hist.h)
}

func (s *customerScreen) setDetail(o fyne.CanvasObject) {
	s.showSearch()
	s.showing = showingNothing
	s.detail.Objects = []fyne.CanvasObject{o}
	s.detail.Refresh()
}

// showRecord shows the current customer, their history h (cases, prints,
// receipts) and the services.
func (s *customerScreen) showRecord(h *forms.CustomerHistory) {
	c := s.current
	// Two columns, so the 办理记录 below keeps room on a 720 px screen; long
	// values (an address may have 100 characters) wrap instead of widening
	// the window.
	field := func(label, value string) *widget.FormItem {
		l := widget.NewLabel(value)
		l.Wrapping = fyne.TextWrapWord
		return widget.NewFormItem(label, l)
	}
	info := container.NewGridWithColumns(2,
		widget.NewForm(
			field(T("姓名"), c.Name),
			field(T("证件"), strings.TrimSpace(T(c.IDKind.String())+" "+c.IDNumber)),
			field(T("性别/年龄"), s.ageText()),
			field(T("手机"), c.Mobile),
			field(T("婚姻状况"), T(forms.MaritalLabel(c.Marital))),
		),
		widget.NewForm(
			field(T("地址"), c.Address),
			field(T("工作单位"), c.Employer),
			field(T("户籍来源"), c.Origin),
			field(T("集体户"), memberText(c)),
			field(T("费用缴至"), feesText(c)),
		),
	)
	edit := widget.NewButton(T("修改资料"), func() { s.showForm(c, "") })

	// Every service is offered; which screen takes it is data
	// (openService): a fee table, a loss period, else the case.
	offered := s.services
	names := make([]string, len(offered))
	for i, sv := range offered {
		names[i] = sv.Name
	}
	services := widget.NewSelect(names, nil)
	services.PlaceHolder = T("选择要办理的业务")
	start := widget.NewButton(T("办理"), func() {
		for i := range offered {
			if offered[i].Name == services.Selected {
				s.openService(&offered[i], "")
				return
			}
		}
	})
	start.Importance = widget.HighImportance

	// The record's 受理单, 文书 and 收据 (customerhistory.go). A case opens
	// on its service's screen, by the same rule as 办理.
	s.hist = newCustomerHistory(s.app, s.st, c.ID, h, func(caseID, code string) {
		var sv *forms.Service
		for j := range offered {
			if offered[j].Code == code {
				sv = &offered[j]
			}
		}
		s.openService(sv, caseID)
	})
	s.caseList = s.hist.cases

	// A name may have 40 characters: it wraps beside the family links.
	name := heading(c.Name)
	name.Wrapping = fyne.TextWrapWord
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(s.familyLinks(), edit), name),
		info,
		container.NewBorder(nil, nil, nil, start, services),
	)
	tabs := s.hist.appTabs(
		container.NewTabItem(Tf("入户记录（%d）", len(s.history)), s.historyList()),
	)
	s.setDetail(container.NewBorder(top, nil, nil, nil, tabs))
	s.showing = showingRecord
}

func dateOr(t time.Time) string {
	if t.IsZero() {
		return T("未缴")
	}
	return forms.FormatDate(t)
}

func memberText(c *forms.Customer) string {
	switch {
	case c.FormerMember() && !c.MemberSince.IsZero():
		return Tf("已转出：%s 入户，%s 转户迁出（以往记录保留）", forms.FormatDate(c.MemberSince), forms.FormatDate(c.MemberUntil))
	case c.FormerMember():
		return Tf("已转出：%s 转户迁出（以往记录保留）", forms.FormatDate(c.MemberUntil))
	case !c.Member:
		return T("非集体户成员")
	}
	return Tf("成员，%s 入户", forms.FormatDate(c.MemberSince))
}

// feesText says how far each fee is paid and, once the archive left (转档),
// that the archive fee stopped on that day; a child registered under a
// parent owes none (forms.Customer.OwesFees).
func feesText(c *forms.Customer) string {
	if !c.OwesFees() {
		return T("随父母落户，不单独缴费")
	}
	s := Tf("人才储备费 %s；档案保管费 %s", dateOr(c.TalentPaidThrough), dateOr(c.ArchivePaidThrough))
	if !c.ArchiveUntil.IsZero() {
		s += Tf("（档案已于 %s 转出，此后不再计费）", forms.FormatDate(c.ArchiveUntil))
	}
	return s
}

// ageText is the record's 性别/年龄; for a child recorded before
// registration, also the birth date and whether the guardian consented.
func (s *customerScreen) ageText() string {
	c := s.current
	t := fmt.Sprintf("%s  %d岁", T(c.Gender.String()), c.AgeOn(s.app.now()))
	if c.ParentID != "" {
		consent := T("监护人未同意保存信息")
		if c.GuardianConsent {
			consent = T("监护人已同意保存信息")
		}
		t += Tf(" · 出生日期 %s · %s", forms.FormatDate(c.Birth), consent)
	}
	return t
}

// familyLinks are the family links beside the record's name: a child's
// parent and a parent's children, each a button that opens that record.
// They take no row of their own, so the record fits 1280×720.
func (s *customerScreen) familyLinks() fyne.CanvasObject {
	row := container.NewHBox()
	if p := s.parent; p != nil {
		id := p.ID
		row.Add(widget.NewLabel(T("父母：")))
		row.Add(widget.NewButton(p.Name, func() { s.open(id) }))
	}
	if len(s.children) > 0 {
		row.Add(widget.NewLabel(T("子女：")))
		for _, k := range s.children {
			id := k.ID
			name := k.Name
			if k.Member {
				name += T(" · 成员")
			}
			row.Add(widget.NewButton(name, func() { s.open(id) }))
		}
	}
	return row
}

// historyList lists the current customer's membership events, oldest first.
func (s *customerScreen) historyList() fyne.CanvasObject {
	if len(s.history) == 0 {
		l := widget.NewLabel(T("暂无入户、转出或档案转出记录。"))
		l.Wrapping = fyne.TextWrapWord
		return l
	}
	return widget.NewList(
		func() int { return len(s.history) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("2026-11-30 入户（历届生落户 QB01-20261130-001）")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			e := s.history[i]
			o.(*widget.Label).SetText(membershipEventText(e))
		})
}

// membershipEventText is an event of the record's 入户记录, in the
// clerk's language, with who recorded it.
func membershipEventText(e forms.MembershipEvent) string {
	t := e.Text()
	if e.UserName != "" {
		t += Tf(" · 经办人 %s", e.UserName)
	}
	return t
}

// startCase opens a case of the service for the current customer. When the
// catalogue says an open case is to be re-opened instead (a member whose
// card is already lent asks for 借户籍卡 again), that case opens with a note.
// When another open case is in the way (a second settlement, 转户 while the
// card is out), a dialog says why and offers the ways on; nothing opens.
//
// Opening a case issues its number (受理单号), so a name with characters
// no bundled font has is shown large first, and nothing opens unless the
// clerk goes on. The case opened remembers what was shown (App.rememberRare),
// so accepting it does not show the same warning again.
func (s *customerScreen) startCase(code string) {
	texts := customerTexts(s.current) // the case's documents are not known yet
	warned := s.app.unprintable(texts)
	s.app.beforeIssue(texts, T("继续办理"), func() { s.openNewCase(code, warned) })
}

// openNewCase is startCase once the clerk was warned about warned's
// characters (none: nothing to warn about).
func (s *customerScreen) openNewCase(code string, warned []rareItem) {
	custID := s.current.ID
	var k *forms.Case
	var existing bool
	var conflict *forms.Conflict
	s.app.async(func(ctx context.Context) error {
		var err error
		k, existing, err = s.st.OpenCase(ctx, s.app.actor(), custID, code)
		if errors.As(err, &conflict) {
			return nil
		}
		return err
	}, func() {
		if conflict != nil {
			s.showConflict(conflict)
			return
		}
		s.app.rememberRare(k.ID, warned)
		s.showCase(k.ID)
		if existing {
			s.app.home.setStatus(Tf("该客户已有未办结的“%s”受理单 %s，已为您打开", k.ServiceName, k.Number))
		}
	})
}

// openService opens the screen that takes a service, chosen by its data:
// fees from fee tables are 续费's screen, a loss period the loss
// declarations, anything else the case screen — caseID's case, or a new
// case of the service when caseID is "". sv nil (the services not read
// yet) opens caseID's case.
func (s *customerScreen) openService(sv *forms.Service, caseID string) {
	switch {
	case sv != nil && sv.Scheduled():
		s.showRenewal(sv.Code)
	case sv != nil && sv.Waiting != nil:
		s.showLoss(sv.Code) // 遗失声明: a loss period and its outcomes
	case caseID != "":
		s.showCase(caseID)
	case sv != nil:
		s.startCase(sv.Code)
	}
}

// showCase shows a case over the whole tab: the checklist and the talking
// points need the width.
func (s *customerScreen) showCase(id string) {
	// What the status line said belongs to the screen before: a new case
	// never starts under another customer's "已保存" or "已办结".
	s.app.home.setStatus("")
	cs := newCaseScreen(s.app, s, id)
	s.caseScr = cs
	s.root.Objects = []fyne.CanvasObject{cs.root}
	s.root.Refresh()
	cs.load()
}

// reload refreshes the current customer's record and cases; the user who
// opened it is not logged as opening it again.
func (s *customerScreen) reload() {
	if s.current != nil {
		s.show(s.current.ID, true)
	}
}
