package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// complaintStore is what the complaint register, its form and the
// complaint's own screen (complaintdetail.go) need from the station's
// database; every method is one transaction.
type complaintStore interface {
	ComplaintCategories(ctx context.Context) ([]forms.ComplaintCategory, error)
	HolidayCalendars(ctx context.Context) (forms.HolidayCalendars, error)
	// RecordComplaint records the complaint with the logged-in clerk as
	// its owner (首接负责制), its number and first-answer due day.
	RecordComplaint(ctx context.Context, a forms.Actor, c forms.Complaint) (*forms.Complaint, error)
	Complaints(ctx context.Context, q forms.ComplaintQuery) ([]forms.Complaint, error)
	Complaint(ctx context.Context, id string) (*forms.Complaint, error)
	Case(ctx context.Context, id string) (*forms.Case, error)
	AddComplaintStep(ctx context.Context, a forms.Actor, id, asked, said string) (*forms.Complaint, error)
	AnswerComplaint(ctx context.Context, a forms.Actor, id, answer string) (*forms.Complaint, error)
	CloseComplaint(ctx context.Context, a forms.Actor, id string, outcome forms.ComplaintOutcome, answer string) (*forms.Complaint, *forms.FollowUp, error)
	ReassignComplaint(ctx context.Context, a forms.Actor, id, toUserID, reason string) (*forms.Complaint, error)
	// SearchCustomers, Customer, CasesOfCustomer and ReceiptsOfCustomer
	// find the customer complained for and the case or receipt concerned.
	SearchCustomers(ctx context.Context, query string, limit int) ([]forms.Customer, error)
	Customer(ctx context.Context, id string) (*forms.Customer, error)
	CasesOfCustomer(ctx context.Context, customerID string) ([]forms.Case, error)
	ReceiptsOfCustomer(ctx context.Context, customerID string) ([]forms.Receipt, error)
	Users(ctx context.Context) ([]forms.User, error)
}

// The register's filters.
const (
	complaintsOpen   = "未办结"
	complaintsClosed = "已办结"
	complaintsMonth  = "按月份"
)

// complaintRow is one complaint of the register with the name of whom it
// is from (the customer's, or the anonymous caller's as given).
type complaintRow struct {
	c    forms.Complaint
	from string
}

// complaintScreen is 投诉登记, the register every clerk keeps: the open
// complaints first, each with its number, who complained, the category,
// the owner and the first answer's due day marked 将到期 or 已超期; a
// filter of open, closed or one month's; 新投诉 records one (the clerk
// becomes its owner); a row opens the complaint (complaintdetail.go).
type complaintScreen struct {
	app  *App
	st   complaintStore
	root *fyne.Container // the register, or a complaint full width
	list *fyne.Container // the register's body

	rows []complaintRow

	// Named for tests.
	filter  *widget.RadioGroup
	month   *widget.Entry
	count   *widget.Label
	newBtn  *widget.Button
	message *wrappedText
	table   *widget.List
	detail  *complaintDetail // the complaint on show, if any
	form    *complaintForm   // the 新投诉 dialog on show, if any
}

func newComplaintScreen(u *App) *complaintScreen {
	s := &complaintScreen{app: u, st: u.store}
	s.filter = widget.NewRadioGroup([]string{T(complaintsOpen), T(complaintsClosed), T(complaintsMonth)}, func(string) { s.refresh() })
	s.filter.Horizontal = true
	s.filter.Required = true
	s.month = widget.NewEntry()
	s.month.SetPlaceHolder(T("月份，如 2026-11"))
	s.month.SetText(u.now().Format("2006-01"))
	s.month.OnSubmitted = func(string) { s.filter.SetSelected(T(complaintsMonth)) }
	s.count = widget.NewLabel("")
	s.newBtn = widget.NewButton(T("新投诉…"), s.onNew)
	s.newBtn.Importance = widget.HighImportance
	s.message = newWrappedText("")
	s.message.Importance = widget.DangerImportance
	s.message.Hide()
	s.table = widget.NewList(func() int { return len(s.rows) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < 0 || i >= len(s.rows) {
				return
			}
			l := o.(*widget.Label)
			l.SetText(complaintLine(s.rows[i], s.app.now()))
			l.Importance = complaintImportance(&s.rows[i].c, s.app.now())
			l.Refresh()
		})
	s.table.OnSelected = func(i widget.ListItemID) {
		s.table.UnselectAll()
		if i >= 0 && i < len(s.rows) {
			s.open(s.rows[i].c.ID)
		}
	}
	monthBox := container.NewGridWrap(fyne.NewSize(170, s.month.MinSize().Height), s.month)
	top := container.NewVBox(
		container.NewBorder(nil, nil, heading(T("投诉登记")), s.newBtn),
		container.NewHBox(s.filter, monthBox, s.count),
		s.message)
	s.list = container.NewBorder(top, nil, nil, nil, s.table)
	s.root = container.NewStack(s.list)
	s.filter.SetSelected(T(complaintsOpen))
	return s
}

func (s *complaintScreen) content() fyne.CanvasObject { return s.root }

// complaintMark is 已超期 or 将到期 for an open complaint whose first
// answer is late or near its due day, else "".
func complaintMark(c *forms.Complaint, now time.Time) string {
	switch {
	case c.Closed():
		return ""
	case c.Overdue(now):
		return T("【已超期】")
	case c.NearDue(now):
		return T("【将到期】")
	}
	return ""
}

// complaintImportance colours a late complaint red and a near one amber.
func complaintImportance(c *forms.Complaint, now time.Time) widget.Importance {
	switch {
	case c.Closed():
		return widget.MediumImportance
	case c.Overdue(now):
		return widget.DangerImportance
	case c.NearDue(now):
		return widget.WarningImportance
	}
	return widget.MediumImportance
}

// complaintLine is a complaint's row in the register.
func complaintLine(r complaintRow, now time.Time) string {
	c := &r.c
	state := dueState(c)
	switch {
	case c.Closed():
		state = Tf("已办结 %s（%s）", forms.FormatDate(c.ClosedAt), T(c.Outcome.Label()))
	case c.Answered():
		state = Tf("已于 %s 答复", forms.FormatDate(c.AnsweredAt))
	}
	return fmt.Sprintf("%s%s  %s  %s  %s  %s", complaintMark(c, now), c.Number, r.from, c.CategoryName,
		Tf("负责人 %s", c.OwnerName), state)
}

// complaintFrom names whom a complaint is from: the customer, or the
// anonymous caller as given.
func complaintFrom(c *forms.Complaint, names map[string]string) string {
	if c.CustomerID != "" {
		if n := names[c.CustomerID]; n != "" {
			return n
		}
		return T("（客户）")
	}
	// Named by the channel (issue 18 finding 7: a letter is no 匿名来电).
	label := T(c.Channel.AnonymousLabel())
	if c.CallerName != "" {
		return c.CallerName + "（" + label + "）"
	}
	return label
}

// query is the register's filter as a store query; false when the month
// typed is not a month (the message says so).
func (s *complaintScreen) query() (forms.ComplaintQuery, bool, bool) {
	switch s.filter.Selected {
	case T(complaintsOpen):
		return forms.ComplaintQuery{OpenOnly: true}, false, true
	case T(complaintsMonth):
		t, err := time.ParseInLocation("2006-01", strings.TrimSpace(s.month.Text), time.Local)
		if err != nil {
			s.say(T("月份：请按“年-月”填写，如 2026-11"))
			return forms.ComplaintQuery{}, false, false
		}
		return forms.ComplaintQuery{Year: t.Year(), Month: t.Month()}, false, true
	}
	return forms.ComplaintQuery{}, true, true
}

// say shows a message above the register, or hides it when text is "".
func (s *complaintScreen) say(text string) {
	s.message.SetText(text)
	if text == "" {
		s.message.Hide()
	} else {
		s.message.Show()
	}
}

// refresh reads the register again with the filter chosen; open
// complaints come first, by due day.
func (s *complaintScreen) refresh() {
	if s.table == nil || s.filter == nil {
		return
	}
	s.say("")
	q, closedOnly, ok := s.query()
	if !ok {
		return
	}
	var rows []complaintRow
	s.app.async(func(ctx context.Context) error {
		cs, err := s.st.Complaints(ctx, q)
		if err != nil {
			return err
		}
		names := map[string]string{}
		for _, c := range cs {
			if closedOnly && !c.Closed() {
				continue
			}
			if c.CustomerID != "" && names[c.CustomerID] == "" {
				if cu, err := s.st.Customer(ctx, c.CustomerID); err == nil {
					names[c.CustomerID] = cu.Name
				}
			}
			rows = append(rows, complaintRow{c: c})
		}
		for i := range rows {
			rows[i].from = complaintFrom(&rows[i].c, names)
		}
		slices.SortStableFunc(rows, func(a, b complaintRow) int {
			switch {
			case a.c.Closed() == b.c.Closed():
				return 0
			case !a.c.Closed():
				return -1
			}
			return 1
		})
		return nil
	}, func() {
		s.rows = rows
		s.count.SetText(Tf("共 %d 件", len(rows)))
		s.table.Refresh()
	})
}

// onShown reloads the register when its tab is shown (the marks follow
// the clock); a complaint on show is reloaded instead.
func (s *complaintScreen) onShown() {
	if s.detail != nil {
		s.detail.load()
		return
	}
	s.refresh()
}

// open shows the complaint over the register.
func (s *complaintScreen) open(id string) *complaintDetail {
	d := newComplaintDetail(s.app, s, id)
	s.detail = d
	s.root.Objects = []fyne.CanvasObject{d.root}
	s.root.Refresh()
	d.load()
	return d
}

// openComplaint shows the 投诉 tab with the complaint open (a line of the
// reminders list).
func (h *home) openComplaint(id string) *complaintDetail {
	for _, it := range h.tabs.Items {
		if it.Content == h.complaints.root {
			h.tabs.Select(it)
		}
	}
	return h.complaints.open(id)
}

// back shows the register again, reloaded.
func (s *complaintScreen) back() {
	s.detail = nil
	s.root.Objects = []fyne.CanvasObject{s.list}
	s.root.Refresh()
	s.refresh()
}

// complaintForm is the 新投诉 dialog: who complains (a customer found by
// the customer search, or an anonymous caller with a name and phone as
// given), the channel, the category, the customer's words verbatim, what
// they ask for, the case or receipt concerned (the customer's), and simple
// or complex with the first answer's due day shown as it is chosen.
type complaintForm struct {
	s        *complaintScreen
	cats     []forms.ComplaintCategory // in use, in order
	cals     forms.HolidayCalendars
	found    []forms.Customer
	linked   []complaintLink
	seq      int
	customer *forms.Customer

	who         *widget.RadioGroup
	search      *widget.Entry
	pick        *widget.Select
	callerName  *widget.Entry
	callerPhone *widget.Entry
	channel     *widget.RadioGroup
	category    *widget.Select
	words       *widget.Entry
	request     *widget.Entry
	link        *widget.Select
	complexity  *widget.RadioGroup
	due         *widget.Label
	message     *wrappedText
	save        *widget.Button
	dialog      dialog.Dialog
}

// complaintLink is a case or receipt of the customer a complaint may
// concern.
type complaintLink struct {
	label             string
	caseID, receiptID string
}

// complaintByCustomer is the 投诉人 choice for a customer of the
// station; the other choice is named by the channel
// (forms.ComplaintChannel.AnonymousLabel: 匿名来信 for a letter).
const complaintByCustomer = "本中心客户"

// onNew opens the 新投诉 dialog once the categories and the holiday
// calendar are read.
func (s *complaintScreen) onNew() {
	var cats []forms.ComplaintCategory
	var cals forms.HolidayCalendars
	s.app.async(func(ctx context.Context) error {
		var err error
		if cats, err = s.st.ComplaintCategories(ctx); err != nil {
			return err
		}
		cals, err = s.st.HolidayCalendars(ctx)
		return err
	}, func() { s.showForm(cats, cals) })
}

// showForm builds and shows the 新投诉 dialog.
func (s *complaintScreen) showForm(cats []forms.ComplaintCategory, cals forms.HolidayCalendars) *complaintForm {
	f := &complaintForm{s: s, cals: cals}
	var names []string
	for _, c := range cats {
		if !c.Off {
			f.cats = append(f.cats, c)
			names = append(names, c.Name)
		}
	}
	f.who = widget.NewRadioGroup([]string{T(complaintByCustomer), T(forms.ChannelCounter.AnonymousLabel())}, func(string) { f.whoChanged() })
	f.who.Horizontal = true
	f.who.Required = true
	f.search = widget.NewEntry()
	f.search.SetPlaceHolder(T("输入姓名、拼音首字母或身份证号查找客户"))
	f.search.OnChanged = func(string) { f.find() }
	f.pick = widget.NewSelect(nil, func(string) { f.picked() })
	f.pick.PlaceHolder = T("选择客户")
	f.callerName = widget.NewEntry()
	f.callerName.SetPlaceHolder(T("投诉人自报的姓名，可不填"))
	acceptCodePoints(f.callerName)
	f.callerPhone = widget.NewEntry()
	f.callerPhone.SetPlaceHolder(T("回复和回访用，如 13912345678"))
	var channels []string
	for _, c := range forms.ComplaintChannels {
		channels = append(channels, T(c.Label()))
	}
	f.channel = widget.NewRadioGroup(channels, func(string) { f.channelChanged() })
	f.channel.Horizontal = true
	f.channel.Required = true
	f.category = widget.NewSelect(names, nil)
	f.category.PlaceHolder = T("选择投诉类别")
	f.words = widget.NewMultiLineEntry()
	f.words.Wrapping = fyne.TextWrapWord
	f.words.SetPlaceHolder(T("按客户的原话记录，不要概括"))
	f.words.SetMinRowsVisible(4)
	f.request = widget.NewMultiLineEntry()
	f.request.Wrapping = fyne.TextWrapWord
	f.request.SetPlaceHolder(T("客户希望怎样处理，可不填"))
	f.request.SetMinRowsVisible(2)
	f.link = widget.NewSelect(nil, nil)
	f.link.PlaceHolder = T("无（先选择客户）")
	f.complexity = widget.NewRadioGroup([]string{T("简单（1个工作日内答复）"), T("复杂（5个工作日内答复）")}, func(string) { f.showDue() })
	f.complexity.Horizontal = true
	f.complexity.Required = true // tapping the chosen one again keeps it
	f.due = widget.NewLabel("")
	f.due.Wrapping = fyne.TextWrapWord
	f.due.Importance = widget.WarningImportance
	f.message = newWrappedText("")
	f.message.Importance = widget.DangerImportance
	f.save = widget.NewButton(T("登记投诉"), f.onSave)
	f.save.Importance = widget.HighImportance
	cancel := widget.NewButton(T("取消"), func() { f.dialog.Hide(); s.form = nil })
	form := widget.NewForm(
		widget.NewFormItem(T("投诉人"), f.who),
		widget.NewFormItem(T("客户"), container.NewVBox(f.search, f.pick)),
		widget.NewFormItem(T("投诉人姓名"), f.callerName),
		widget.NewFormItem(T("投诉人电话"), f.callerPhone),
		widget.NewFormItem(T("渠道"), f.channel),
		widget.NewFormItem(T("类别"), f.category),
		widget.NewFormItem(T("投诉内容（客户原话）"), f.words),
		widget.NewFormItem(T("客户诉求"), f.request),
		widget.NewFormItem(T("关联业务"), f.link),
	)
	// The complexity and the due day it gives stay in sight below the
	// scrolling form, beside 登记投诉.
	due := widget.NewForm(widget.NewFormItem(T("复杂程度"), container.NewVBox(f.complexity, f.due)))
	note := newWrappedText(T("首接负责制：登记的人就是这件投诉的负责人，负责到底，直到办结。"))
	body := container.NewBorder(note, container.NewVBox(widget.NewSeparator(), due, f.message, container.NewHBox(f.save, cancel)), nil, nil,
		container.NewVScroll(form))
	f.dialog = dialog.NewCustomWithoutButtons(T("新投诉"), body, s.app.win)
	f.dialog.Resize(fyne.NewSize(900, 640))
	f.who.SetSelected(T(complaintByCustomer))
	f.channel.SetSelected(T(forms.ChannelCounter.Label()))
	f.complexity.SetSelected(T("简单（1个工作日内答复）"))
	s.form = f
	f.dialog.Show()
	s.app.win.Canvas().Focus(f.search)
	return f
}

// anonymous reports whether the complaint is from an anonymous caller.
func (f *complaintForm) anonymous() bool {
	return f.who.Selected != "" && f.who.Selected != T(complaintByCustomer)
}

// channelChanged names the anonymous choice by the channel chosen (issue
// 18b C4: 信函 chosen read 匿名来电), keeping the choice made.
func (f *complaintForm) channelChanged() {
	if f.who == nil {
		return
	}
	ch := forms.ChannelCounter
	if i := radioIndex(f.channel); i >= 0 && i < len(forms.ComplaintChannels) {
		ch = forms.ComplaintChannels[i]
	}
	label := T(ch.AnonymousLabel())
	if len(f.who.Options) < 2 || f.who.Options[1] == label {
		return
	}
	was := f.anonymous()
	f.who.Options = []string{T(complaintByCustomer), label}
	if was {
		f.who.Selected = label
	}
	f.who.Refresh()
}

// whoChanged offers the customer search for a customer, the name and
// phone for an anonymous caller.
func (f *complaintForm) whoChanged() {
	if f.anonymous() {
		f.search.Disable()
		f.pick.Disable()
		f.link.Disable()
		f.callerName.Enable()
		f.callerPhone.Enable()
	} else {
		f.search.Enable()
		f.pick.Enable()
		f.link.Enable()
		f.callerName.Disable()
		f.callerPhone.Disable()
	}
}

// find searches the customers as the clerk types; an older answer is
// dropped.
func (f *complaintForm) find() {
	q := strings.TrimSpace(f.search.Text)
	f.seq++
	seq := f.seq
	if q == "" {
		return
	}
	var found []forms.Customer
	f.s.app.async(func(ctx context.Context) error {
		var err error
		found, err = f.s.st.SearchCustomers(ctx, q, 20)
		return err
	}, func() {
		if seq != f.seq {
			return
		}
		f.found = found
		var opts []string
		for _, c := range found {
			opts = append(opts, complaintCustomerChoice(c))
		}
		f.pick.Options = opts
		f.pick.ClearSelected()
		if len(found) == 1 {
			f.pick.SetSelectedIndex(0)
		}
		f.pick.Refresh()
	})
}

// complaintCustomerChoice is a customer in the pick list: the name and the
// masked ID number, as the customer search shows them.
func complaintCustomerChoice(c forms.Customer) string {
	return fmt.Sprintf("%s  %s", c.Name, c.MaskedID())
}

// picked reads the cases and receipts of the customer chosen, for the
// case or receipt the complaint concerns.
func (f *complaintForm) picked() {
	i := f.pick.SelectedIndex()
	if i < 0 || i >= len(f.found) {
		f.customer = nil
		return
	}
	c := f.found[i]
	f.customer = &c
	id := c.ID
	var links []complaintLink
	f.s.app.async(func(ctx context.Context) error {
		cases, err := f.s.st.CasesOfCustomer(ctx, id)
		if err != nil {
			return err
		}
		for _, k := range cases {
			links = append(links, complaintLink{label: Tf("受理单 %s %s", k.Number, k.ServiceName), caseID: k.ID})
		}
		recs, err := f.s.st.ReceiptsOfCustomer(ctx, id)
		if err != nil {
			return err
		}
		for _, r := range recs {
			links = append(links, complaintLink{label: Tf("收据 %s %s %s", r.Number, forms.FormatDate(r.IssuedAt), r.Total), receiptID: r.ID})
		}
		return nil
	}, func() {
		if f.customer == nil || f.customer.ID != id {
			return
		}
		f.linked = links
		opts := []string{T("无")}
		for _, l := range links {
			opts = append(opts, l.label)
		}
		f.link.Options = opts
		f.link.PlaceHolder = T("无")
		f.link.SetSelectedIndex(0)
	})
}

// complexity is the complexity chosen.
func (f *complaintForm) complexityChosen() forms.ComplaintComplexity {
	switch radioIndex(f.complexity) {
	case 0:
		return forms.ComplaintSimple
	case 1:
		return forms.ComplaintComplex
	}
	return ""
}

// showDue shows the first answer's due day as the complexity is chosen,
// counted with the holiday calendar from now.
func (f *complaintForm) showDue() {
	if f.due == nil {
		return
	}
	day, err := forms.ComplaintDueDay(f.s.app.now(), f.complexityChosen(), f.cals)
	if err != nil {
		f.due.SetText(forms.ErrorMessage(err))
		return
	}
	text := Tf("须在 %s（%s）下班前首次答复客户", forms.FormatDate(day), weekdayLabel(day))
	if forms.ComplaintDueProvisional(f.s.app.now(), day, f.cals) {
		text += "\n" + provisionalDueNote()
	}
	f.due.SetText(text)
}

// provisionalDueNote says a due day is provisional (forms.Complaint
// DueProvisional): the holiday calendar lacked a year it reaches.
func provisionalDueNote() string {
	return T("（暂定：该年节假日未录入，按周末推算，主管录入该年节假日后自动重算）")
}

// dueState is "答复期限 <day>", marked （暂定） when provisional.
func dueState(c *forms.Complaint) string {
	if c.DueProvisional {
		return Tf("答复期限 %s（暂定）", forms.FormatDate(c.DueDay))
	}
	return Tf("答复期限 %s", forms.FormatDate(c.DueDay))
}

// complaint is the complaint as filled in.
func (f *complaintForm) complaint() forms.Complaint {
	c := forms.Complaint{Words: f.words.Text, Request: f.request.Text, Complexity: f.complexityChosen()}
	if i := radioIndex(f.channel); i >= 0 && i < len(forms.ComplaintChannels) {
		c.Channel = forms.ComplaintChannels[i]
	}
	if i := f.category.SelectedIndex(); i >= 0 && i < len(f.cats) {
		c.Category = f.cats[i].Code
	}
	if f.anonymous() {
		c.CallerName, c.CallerPhone = forms.DecodeCodePoints(f.callerName.Text), f.callerPhone.Text
		return c
	}
	if f.customer != nil {
		c.CustomerID = f.customer.ID
	}
	if i := f.link.SelectedIndex() - 1; i >= 0 && i < len(f.linked) {
		c.CaseID, c.ReceiptID = f.linked[i].caseID, f.linked[i].receiptID
	}
	return c
}

// onSave records the complaint; a refusal stays in the dialog beside what
// was typed, and nothing was recorded.
func (f *complaintForm) onSave() {
	f.message.SetText("")
	if !f.anonymous() && f.customer == nil {
		f.message.SetText(Tf("请选择客户：在“客户”中输入姓名或身份证号查找并选择；不是本中心客户的，选“%s”", f.who.Options[1]))
		return
	}
	c := f.complaint()
	// The rules are checked on the UI goroutine first, so a missing
	// field is named at once (the store checks them again).
	check := c
	if err := check.Receive(f.s.app.user, f.s.app.now(), f.cats, f.cals); err != nil {
		f.message.SetText(forms.ErrorMessage(err))
		return
	}
	a := f.s.app.actor()
	var made *forms.Complaint
	f.save.Disable()
	f.s.app.run(func(ctx context.Context) error {
		var err error
		made, err = f.s.st.RecordComplaint(ctx, a, c)
		return err
	}, func(err error) {
		f.save.Enable()
		if err != nil {
			f.message.SetText(forms.ErrorMessage(err))
			return
		}
		f.dialog.Hide()
		f.s.form = nil
		msg := Tf("投诉 %s 已登记，负责人 %s，须在 %s 下班前首次答复", made.Number, made.OwnerName, forms.FormatDate(made.DueDay))
		if made.DueProvisional {
			msg += provisionalDueNote()
		}
		if made.NoContact() {
			msg += T("。匿名且没有留电话：办结后无法回访，回访将记为“无法联系（匿名，无联系方式）”")
		}
		if f.s.app.home != nil {
			f.s.app.home.setStatus(msg)
		}
		f.s.open(made.ID)
	})
}

// weekdayLabel is the day's weekday in Chinese, e.g. 周一.
func weekdayLabel(d time.Time) string {
	return []string{T("周日"), T("周一"), T("周二"), T("周三"), T("周四"), T("周五"), T("周六")}[d.Weekday()]
}
