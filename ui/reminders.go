package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// overdueShown is how many members behind with their fees the list opened
// from the reminders shows; the count line says how many there are.
const overdueShown = 500

// reminderStore is what the reminders tab needs from the station's
// database; every method is one transaction.
type reminderStore interface {
	// RemindersFor returns the logged-in user's reminder list on the
	// store's day, sorted most urgent first (forms.ReminderLess): a
	// clerk's complaint and follow-up lines are only their own (a
	// follow-up record is read only by supervisors and its caller).
	RemindersFor(ctx context.Context, a forms.Actor) (*forms.Reminders, error)
	// OverdueMembers lists up to limit members whose fees are overdue,
	// the longest behind first.
	OverdueMembers(ctx context.Context, limit int) ([]forms.Customer, error)
}

// reminderScreen is the home screen's 提醒 tab: one list, most urgent
// first, each line opening the case or the customer it is about on the
// customer tab; the fees line opens the list of members behind with their
// fees. The tab's title counts the lines; the list reloads when the tab
// is shown and whenever the clerk changes tabs (after an action on
// another tab).
type reminderScreen struct {
	app     *App
	st      reminderStore
	root    *fyne.Container
	tab     *container.TabItem
	summary *widget.Label
	list    *widget.List
	items   []forms.Reminder
	day     time.Time
	seq     int // the newest load; older answers are dropped

	overdue     []forms.Customer // the members listed in the overdue dialog
	overdueList *widget.List
	overdueDlg  dialog.Dialog
}

func newReminderScreen(u *App) *reminderScreen {
	r := &reminderScreen{app: u, st: u.store}
	r.summary = widget.NewLabel(T("正在读取提醒…"))
	r.summary.Wrapping = fyne.TextWrapWord
	r.list = widget.NewList(
		func() int { return len(r.items) },
		func() fyne.CanvasObject {
			tag := widget.NewLabel("户籍卡逾期未还")
			tag.TextStyle = fyne.TextStyle{Bold: true}
			text := widget.NewLabel("")
			text.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, tag, nil, text)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(r.items) {
				return
			}
			it := &r.items[i]
			row := o.(*fyne.Container)
			text, tag := row.Objects[0].(*widget.Label), row.Objects[1].(*widget.Label)
			tag.SetText(T(it.Kind.Label()))
			switch it.Urgency(r.day) {
			case forms.UrgencyOverdue:
				tag.Importance = widget.DangerImportance
			case forms.UrgencyToday:
				tag.Importance = widget.WarningImportance
			default:
				tag.Importance = widget.MediumImportance
			}
			tag.Refresh()
			text.SetText(it.Text(r.day))
		})
	r.list.OnSelected = r.onSelected
	hint := newWrappedText(T("点击一行打开对应的受理单或客户档案；欠费成员一行打开名单。"))
	r.root = container.NewBorder(container.NewVBox(r.summary, hint), nil, nil, nil, r.list)
	r.tab = container.NewTabItem(T("提醒"), r.root)
	return r
}

// refresh reads the list again and updates the tab's count.
func (r *reminderScreen) refresh() {
	r.seq++
	seq := r.seq
	var rs *forms.Reminders
	a := r.app.actor()
	r.app.async(func(ctx context.Context) error {
		var err error
		rs, err = r.st.RemindersFor(ctx, a)
		return err
	}, func() {
		if seq != r.seq {
			return
		}
		r.items, r.day = rs.Items, rs.Day
		r.list.UnselectAll()
		r.list.Refresh()
		n := rs.Count()
		r.tab.Text = Tf("提醒（%d）", n)
		if h := r.app.home; h != nil && h.tabs != nil {
			h.tabs.Refresh()
		}
		switch {
		case n == 0:
			r.summary.SetText(Tf("%s：没有需要跟进的事项。", forms.FormatDate(rs.Day)))
		case rs.Omitted > 0:
			r.summary.SetText(Tf("%s：共%d条提醒，以下列出最紧急的%d条（每类最多%d条）。", forms.FormatDate(rs.Day), n, len(rs.Items), forms.ReminderLimit))
		default:
			r.summary.SetText(Tf("%s：共%d条提醒，逾期的在前。", forms.FormatDate(rs.Day), n))
		}
	})
}

// onSelected opens what the line is about.
func (r *reminderScreen) onSelected(i widget.ListItemID) {
	if i >= len(r.items) {
		return
	}
	it := r.items[i]
	r.list.UnselectAll()
	switch it.Opens() {
	case "overdue_members":
		r.showOverdue(it.Count)
	case "case":
		r.app.home.openCase(it.CustomerID, it.CaseID, it.ServiceCode)
	case "complaint":
		r.app.home.openComplaint(it.RecordID)
	case "follow_up":
		r.app.home.openFollowUp(it.RecordID)
	default:
		r.app.home.openCustomer(it.CustomerID)
	}
}

// showOverdue opens the list of members behind with their fees; a row
// opens the member's record.
func (r *reminderScreen) showOverdue(count int) {
	var list []forms.Customer
	r.app.async(func(ctx context.Context) error {
		var err error
		list, err = r.st.OverdueMembers(ctx, overdueShown)
		return err
	}, func() {
		r.overdue = list
		r.overdueList = widget.NewList(
			func() int { return len(r.overdue) },
			func() fyne.CanvasObject {
				name := widget.NewLabel("欧阳姓名")
				name.Truncation = fyne.TextTruncateEllipsis
				return container.NewBorder(nil, nil, nil, widget.NewLabel("3301**********123X  人才储备费缴至 2026-06-30  档案保管费缴至 2026-06-30"), name)
			},
			func(i widget.ListItemID, o fyne.CanvasObject) {
				if i >= len(r.overdue) {
					return
				}
				c := r.overdue[i]
				row := o.(*fyne.Container)
				row.Objects[0].(*widget.Label).SetText(c.Name)
				row.Objects[1].(*widget.Label).SetText(c.MaskedID() + "  " + Tf("人才储备费缴至 %s  档案保管费缴至 %s", paidText(c.TalentPaidThrough), paidText(c.ArchivePaidThrough)))
			})
		head := Tf("共%d名集体户成员欠缴费用；点击姓名打开客户档案，在档案中办理续费。", count)
		if count > len(list) {
			head += Tf("此处列出欠费最久的%d名。", len(list))
		}
		message := newMessageBody(head)
		r.overdueDlg = dialog.NewCustom(T("欠费成员"), T("关闭"), container.NewBorder(message, nil, nil, nil, r.overdueList), r.app.win)
		r.overdueList.OnSelected = func(i widget.ListItemID) {
			if i >= len(r.overdue) {
				return
			}
			id := r.overdue[i].ID
			r.overdueDlg.Hide()
			r.app.home.openCustomer(id)
		}
		r.overdueDlg.Resize(fyne.NewSize(960, 560))
		r.overdueDlg.Show()
	})
}

// paidText is a paid-through date, or 未缴 when never paid.
func paidText(t time.Time) string {
	if t.IsZero() {
		return T("未缴")
	}
	return forms.FormatDate(t)
}

// showCustomers selects the customer tab without letting it reload the
// record it showed before over what is about to open.
func (h *home) showCustomers() {
	s := h.customers
	s.caseScr, s.showing = nil, showingNothing
	for _, item := range h.tabs.Items {
		if item.Content == s.root {
			h.tabs.Select(item)
			break
		}
	}
}

// openCustomer shows a customer's record on the customer tab.
func (h *home) openCustomer(id string) {
	h.showCustomers()
	h.customers.open(id)
}

// openCase shows a case on its service's screen (chosen by the service's
// data, as the record's 受理单 list does), for its customer, on the
// customer tab; 返回 leads to the customer's record.
func (h *home) openCase(customerID, caseID, code string) {
	h.showCustomers()
	s := h.customers
	var c *forms.Customer
	var svs []forms.Service
	a := h.app.actor()
	h.app.async(func(ctx context.Context) error {
		var err error
		if c, err = s.st.ViewCustomer(ctx, a, customerID); err != nil {
			return err
		}
		svs, err = s.st.Services(ctx)
		return err
	}, func() {
		s.current = c
		var sv *forms.Service
		for i := range svs {
			if svs[i].Code == code {
				sv = &svs[i]
			}
		}
		if sv == nil {
			s.showCase(caseID)
			return
		}
		s.openService(sv, caseID)
	})
}
