package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// home is the main screen after log-in: customers and their cases, the
// refund desk, users (supervisors) and settings, as tabs.
type home struct {
	app       *App
	tabs      *container.AppTabs
	status    *widget.Label
	customers *customerScreen
	deposits  *depositDesk
	users     *userScreen
	settings  *settingsScreen
}

func newHome(u *App) *home {
	h := &home{app: u}
	h.status = widget.NewLabel("")
	h.status.Truncation = fyne.TextTruncateEllipsis
	h.customers = newCustomerScreen(u)
	h.deposits = newDepositDesk(u)
	h.settings = newSettingsScreen(u)
	items := []*container.TabItem{
		container.NewTabItem(T("客户与业务"), h.customers.content()),
		container.NewTabItem(T("保障金退还"), h.deposits.content()),
	}
	if u.user.IsSupervisor() {
		h.users = newUserScreen(u)
		items = append(items, container.NewTabItem(T("用户管理"), h.users.content()))
	}
	items = append(items, container.NewTabItem(T("设置"), h.settings.content()))
	h.tabs = container.NewAppTabs(items...)
	h.tabs.OnSelected = func(t *container.TabItem) {
		switch t.Content {
		case h.deposits.root:
			h.deposits.refresh()
		}
	}
	return h
}

func (h *home) content() fyne.CanvasObject {
	u := h.app
	who := widget.NewLabel(Tf("%s · 窗口 %s · %s（%s）", u.station.BranchName, u.station.Code(), u.user.Name, T(u.user.Role.Label())))
	logout := widget.NewButton(T("退出登录"), u.showLogin)
	top := container.NewBorder(nil, nil, nil, logout, who)
	return container.NewBorder(top, h.status, nil, nil, h.tabs)
}

func (h *home) setStatus(s string) { h.status.SetText(s) }
