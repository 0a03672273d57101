package ui

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// home is the main screen after log-in: customers and their cases, the
// refund desk, users (supervisors) and settings, as tabs.
// homeStore is what the main screen itself needs: the clock and backup
// warnings above the tabs.
type homeStore interface {
	// ClockStatus compares the PC clock with the newest record; receipts
	// wait for ConfirmClock (a supervisor) while it is behind.
	ClockStatus(ctx context.Context) (forms.ClockStatus, error)
	ConfirmClock(ctx context.Context, a forms.Actor) error
	BackupStatus(ctx context.Context) (forms.BackupStatus, error)
	// IntegrityStatus says what the database's integrity check, run in
	// the background after start, found; it reads no database.
	IntegrityStatus(ctx context.Context) (forms.IntegrityStatus, error)
}

type home struct {
	app    *App
	st     homeStore
	tabs   *container.AppTabs
	status *widget.Label
	// idleStatus is what the status line says when nothing else is told:
	// the supervisor's last good backup, or nothing.
	idleStatus string
	// statusErr is set while the status line shows a refusal (showError):
	// the idle text may replace it, not a message such as 设置已保存.
	statusErr  bool
	who        *widget.Label // branch, counter and user above the tabs
	customers  *customerScreen
	deposits   *depositDesk
	reminders  *reminderScreen  // 提醒 (reminders.go)
	complaints *complaintScreen // 投诉登记, every clerk (complaints.go)
	followUps  *followUpScreen  // 回访: a supervisor all, a clerk their own (followups.go)
	dayEnd     *dayEndTab       // 日结 and 月报 (dayend.go)
	users      *userScreen
	imports    *importScreen
	settings   *settingsScreen
	export     *exportScreen    // 导出到总部 (export.go); a clerk's export asks for a supervisor
	catalogue  *catalogueScreen // 业务目录, supervisors (catalogue.go)
	audit      *auditScreen     // 审计日志, supervisors (audit.go)
	logout     *widget.Button   // 退出登录 (onLogout)
	// clock warns when the PC clock is earlier than the newest record.
	clock        *fyne.Container
	clockMessage *wrappedText
	clockConfirm *widget.Button
	// backup warns a supervisor when the backup folder is missing or the
	// last good backup is older than a day.
	backup *wrappedText
	// integrity warns when the integrity check found the database
	// damaged (checkIntegrity).
	integrity *wrappedText
	// unprinted lists receipts issued but never printed, with 打印
	// (unprinted.go).
	unprinted *unprintedReceipts
}

func newHome(u *App) *home {
	h := &home{app: u, st: u.store}
	h.status = widget.NewLabel("")
	h.status.Truncation = fyne.TextTruncateEllipsis
	h.customers = newCustomerScreen(u)
	h.deposits = newDepositDesk(u)
	h.reminders = newReminderScreen(u)
	// 日结 builds its screens when first shown (dayEndTab.build).
	h.dayEnd = newDayEndTabUnbuilt(u)
	h.complaints = newComplaintScreen(u)
	h.followUps = newFollowUpScreen(u)
	h.settings = newSettingsScreen(u)
	items := []*container.TabItem{
		container.NewTabItem(T("客户与业务"), h.customers.content()),
		container.NewTabItem(T("保障金退还"), h.deposits.content()),
		h.reminders.tab,
		container.NewTabItem(T("投诉"), h.complaints.content()),
		container.NewTabItem(T("回访"), h.followUps.content()),
		container.NewTabItem(T("日结"), h.dayEnd.content()),
	}
	if u.user.IsSupervisor() {
		h.users = newUserScreen(u)
		items = append(items, container.NewTabItem(T("用户管理"), h.users.content()))
		h.catalogue = newCatalogueScreen(u)
		items = append(items, container.NewTabItem(T("业务目录"), h.catalogue.content()))
		h.imports = newImportScreen(u)
		items = append(items, container.NewTabItem(T("导入成员"), h.imports.content()))
		h.audit = newAuditScreen(u)
		items = append(items, container.NewTabItem(T("审计日志"), h.audit.content()))
	}
	h.export = newExportScreen(u)
	items = append(items, container.NewTabItem(T("导出到总部"), h.export.content()))
	items = append(items, container.NewTabItem(T("设置"), h.settings.content()))
	h.tabs = container.NewAppTabs(items...)
	h.clockMessage = newWrappedText("")
	h.clockMessage.Importance = widget.DangerImportance
	h.clockConfirm = widget.NewButton(T("主管确认电脑时间无误"), h.onConfirmClock)
	h.clock = container.NewBorder(nil, nil, nil, h.clockConfirm, h.clockMessage)
	h.clock.Hide()
	h.backup = newWrappedText("")
	h.backup.Importance = widget.WarningImportance
	h.backup.Hide()
	h.integrity = newWrappedText("")
	h.integrity.Importance = widget.DangerImportance
	h.integrity.Hide()
	h.unprinted = newUnprintedReceipts(u)
	h.tabs.OnSelected = func(t *container.TabItem) {
		// The status line told about the tab left: it goes back to its
		// idle line, so a message about 投诉 does not sit on 回访 (issue
		// 18b C3) and the backup line stays.
		h.setStatus(h.idleStatus)
		// The count on the 提醒 tab follows what was done on any tab.
		h.reminders.refresh()
		switch t.Content {
		case h.deposits.root:
			h.deposits.refresh()
		case h.customers.root:
			h.customers.onShown()
		case h.dayEnd.root:
			h.dayEnd.onShown()
		case h.export.root:
			h.export.onShown()
		case h.complaints.root:
			h.complaints.onShown()
		case h.followUps.root:
			h.followUps.refresh()
		}
		if h.audit != nil && t.Content == h.audit.content() {
			h.audit.onShown()
		}
		// Leaving 业务目录 keeps an unsaved edit as it is (the supervisor
		// comes back to it); the status line says it waits there.
		if h.catalogue != nil && t.Content != h.catalogue.content() && h.catalogue.unsaved() {
			h.setStatus(T("业务目录中编辑的业务还没有保存：回到“业务目录”可继续编辑并保存"))
		}
	}
	return h
}

func (h *home) content() fyne.CanvasObject {
	h.who = widget.NewLabel("")
	h.showWho()
	h.logout = widget.NewButton(T("退出登录"), h.onLogout)
	top := container.NewVBox(container.NewBorder(nil, nil, nil, h.logout, h.who), h.clock, h.backup, h.integrity, h.unprinted.root)
	h.checkClock()
	h.checkBackup()
	h.checkIntegrity()
	h.unprinted.check()
	h.reminders.refresh()
	return container.NewBorder(top, h.status, nil, nil, shownTabsOnly(h.tabs))
}

// shownTabsOnly wraps tabs so that only the tabs shown so far count in
// their minimum size: an AppTabs measures every tab's content, which made
// Fyne lay out the text of every home tab at log-in (issue 17: ~3.5 MB of
// a clerk's log-in, for tabs nobody had opened). A tab's content is
// measured, and so built, when it is first selected — by a click, a
// shortcut or code that jumps to it (openComplaint, goToRefundDesk) — and
// keeps counting after, so the window does not shrink when the user goes
// back. The tabs other than the selected one start hidden, so nothing
// walks them before the tabs' first layout either.
func shownTabsOnly(tabs *container.AppTabs) fyne.CanvasObject {
	l := &shownTabs{tabs: tabs, shown: map[*container.TabItem]bool{}}
	if len(tabs.Items) > 0 {
		// The bar alone: the same first tab (the bar's minimum is its
		// first button) over an empty content.
		l.bar = container.NewAppTabs(container.NewTabItem(tabs.Items[0].Text, &fyne.Container{}))
	}
	for _, it := range tabs.Items {
		if it != tabs.Selected() {
			it.Content.Hide()
		}
	}
	return &fyne.Container{Layout: l, Objects: []fyne.CanvasObject{tabs}}
}

// shownTabs is shownTabsOnly's layout.
type shownTabs struct {
	tabs  *container.AppTabs
	bar   *container.AppTabs
	shown map[*container.TabItem]bool
}

// MinSize is the bar's height over the largest content of the tabs shown
// so far (the selected one included), as wide as the wider of the two.
func (l *shownTabs) MinSize([]fyne.CanvasObject) fyne.Size {
	if sel := l.tabs.Selected(); sel != nil {
		l.shown[sel] = true
	}
	var content fyne.Size
	for _, it := range l.tabs.Items {
		if l.shown[it] {
			content = content.Max(it.Content.MinSize())
		}
	}
	var bar fyne.Size
	if l.bar != nil {
		bar = l.bar.MinSize()
	}
	return fyne.NewSize(fyne.Max(bar.Width, content.Width), bar.Height+content.Height)
}

// Layout gives the tabs all the room.
func (l *shownTabs) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Move(fyne.Position{})
		o.Resize(size)
	}
}

// onLogout returns to the login screen; when the 业务目录 editor holds
// unsaved changes, only after the supervisor agrees to drop them (继续编辑
// shows the editor again), as 返回业务目录 asks.
func (h *home) onLogout() {
	if h.catalogue == nil {
		h.app.showLogin()
		return
	}
	h.catalogue.leave(T("业务目录中编辑的业务还没有保存。放弃这些修改并退出登录吗？"), T("放弃修改并退出"),
		h.app.showLogin, h.showCatalogue)
}

// showCatalogue selects the 业务目录 tab.
func (h *home) showCatalogue() {
	for _, it := range h.tabs.Items {
		if h.catalogue != nil && it.Content == h.catalogue.content() {
			h.tabs.Select(it)
		}
	}
}

// showWho shows the branch, counter and user above the tabs, again after a
// supervisor corrected the branch's name in settings.
func (h *home) showWho() {
	u := h.app
	who := Tf("%s · 窗口 %s · %s（%s）", u.station.BranchName, u.station.Code(), u.user.Name, T(u.user.Role.Label()))
	if u.station.Training {
		// A training station (`counterdesk demo`): nobody takes it for
		// the real counter.
		who = T("【练习模式】") + " " + who
		h.who.Importance = widget.DangerImportance
	}
	h.who.SetText(who)
}

// checkClock warns at start when the PC clock is earlier than the newest
// record: receipts would carry the wrong date or year, and the store
// refuses them until a supervisor confirms.
func (h *home) checkClock() {
	var cs forms.ClockStatus
	h.app.async(func(ctx context.Context) error {
		var err error
		cs, err = h.st.ClockStatus(ctx)
		return err
	}, func() {
		if cs.Blocks() {
			h.clockMessage.SetText(cs.Message())
			h.clock.Show()
		} else {
			h.clock.Hide()
		}
	})
}

// checkBackup shows a supervisor what needs attention about backups; a
// clerk sees nothing (the supervisor acts on it).
func (h *home) checkBackup() {
	if !h.app.user.IsSupervisor() {
		return
	}
	var st forms.BackupStatus
	h.app.async(func(ctx context.Context) error {
		var err error
		st, err = h.st.BackupStatus(ctx)
		return err
	}, func() {
		if len(st.Warnings) == 0 {
			// All is well: say when the last good backup was made in the
			// status line, and keep the space above the tabs for trouble.
			// A message in the status line stays (设置已保存 vanished at
			// once under this line, after every save).
			h.backup.Hide()
			prev := h.idleStatus
			h.idleStatus = Tf("最近一次完好的备份：%s", st.LastGood.Local().Format("2006-01-02 15:04"))
			if t := h.status.Text; t == "" || t == prev || h.statusErr {
				h.setStatus(h.idleStatus)
			}
			return
		}
		if h.status.Text == h.idleStatus {
			h.setStatus("")
		}
		h.idleStatus = "" // the warning above the tabs says it
		h.backup.SetText(T("备份：") + strings.Join(st.Warnings, "；") + T("（在“设置”中可立即备份）"))
		h.backup.Show()
	})
}

// integrityPoll is how often the home screen asks again while the
// integrity check is still reading the file.
const integrityPoll = 2 * time.Second

// checkIntegrity shows what the database's integrity check found. It runs
// in the background after start (at 1,000,000 customers it reads 750 MB),
// so while it runs the screen asks again every integrityPoll, as long as
// this home screen is the one shown. Trouble shows above the tabs: a
// supervisor reads what was found and what to do (恢复备份), a clerk to
// tell the supervisor.
func (h *home) checkIntegrity() {
	var st forms.IntegrityStatus
	h.app.async(func(ctx context.Context) error {
		var err error
		st, err = h.st.IntegrityStatus(ctx)
		return err
	}, func() {
		if st.Trouble() {
			msg := st.Message()
			if !h.app.user.IsSupervisor() {
				msg = T("数据库完整性检查发现问题：请立即告诉主管，主管登录后会看到怎样处理。")
			}
			h.integrity.SetText(msg)
			h.integrity.Show()
		} else {
			h.integrity.Hide()
		}
		// The audit protection check ends in milliseconds, the
		// integrity check later: ask again until both are done.
		pending := st.State == forms.IntegrityNotChecked || st.State == forms.IntegrityChecking
		if pending && !h.app.inline && h.app.post == nil {
			time.AfterFunc(integrityPoll, func() {
				h.app.do(func() {
					if h.app.home == h {
						h.checkIntegrity()
					}
				})
			})
		}
	})
}

func (h *home) onConfirmClock() {
	h.app.withSupervisor(T("确认电脑时间"), func(ctx context.Context, a forms.Actor) error {
		return h.st.ConfirmClock(ctx, a)
	}, func() {
		h.setStatus(T("主管已确认电脑时间，可以开收据"))
		h.checkClock()
	})
}

func (h *home) setStatus(s string) { h.status.SetText(s); h.statusErr = false }

// setError puts a refusal in the status line (showError).
func (h *home) setError(s string) { h.setStatus(s); h.statusErr = true }
