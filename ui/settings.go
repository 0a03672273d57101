package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// settingsScreen shows where the data lives and how documents print, and
// lets a supervisor change the station's settings. Station settings live
// in the database, not in Fyne's per-account preferences.
type settingsScreen struct {
	app *App

	returnDays, retention, printer *widget.Entry
	layout, language, printMode    *widget.RadioGroup
	route                          *widget.Label
	save                           *widget.Button
}

var layoutLabels = map[string]string{forms.LayoutOnePage: "三联印在一页（裁开）", forms.LayoutPerPage: "每联一页"}

// printModes are the labels of print.direct's choices, "no" and "yes"
// (literals in T, so the translation test sees them).
func printModes() (viewer, direct string) {
	return T("打开PDF阅读器（由窗口客服点打印）"), T("直接打印到打印机")
}

func newSettingsScreen(u *App) *settingsScreen {
	s := &settingsScreen{app: u}
	s.returnDays = widget.NewEntry()
	s.retention = widget.NewEntry()
	s.layout = widget.NewRadioGroup([]string{T(layoutLabels[forms.LayoutOnePage]), T(layoutLabels[forms.LayoutPerPage])}, nil)
	s.language = widget.NewRadioGroup([]string{"中文", "English"}, nil)
	viewer, direct := printModes()
	s.printMode = widget.NewRadioGroup([]string{viewer, direct}, nil)
	s.printer = widget.NewEntry()
	s.printer.SetPlaceHolder(T("留空为默认打印机"))
	s.route = widget.NewLabel(T("正在查找……"))
	s.route.Wrapping = fyne.TextWrapBreak
	s.save = widget.NewButton(T("保存设置"), s.onSave)
	if !u.user.IsSupervisor() {
		for _, w := range []fyne.Disableable{s.returnDays, s.retention, s.layout, s.language, s.printMode, s.printer, s.save} {
			w.Disable()
		}
	}
	s.load()
	return s
}

func (s *settingsScreen) content() fyne.CanvasObject {
	dataDir := widget.NewLabel(s.app.store.DataDir())
	dataDir.Wrapping = fyne.TextWrapBreak
	printerNote := widget.NewLabel(T("直接打印时，没有找到打印途径或打印失败，都改为打开PDF阅读器。"))
	printerNote.Wrapping = fyne.TextWrapBreak
	form := widget.NewForm(
		widget.NewFormItem(T("数据文件夹"), dataDir),
		widget.NewFormItem(T("打印方式"), s.printMode),
		widget.NewFormItem(T("打印机名称"), s.printer),
		widget.NewFormItem(T("本机找到的打印途径"), container.NewVBox(s.route, printerNote)),
		widget.NewFormItem(T("户籍卡归还期限（天）"), s.returnDays),
		widget.NewFormItem(T("收据版式"), s.layout),
		widget.NewFormItem(T("打印文件保留天数"), s.retention),
		widget.NewFormItem(T("界面语言（下次启动生效）"), s.language),
	)
	note := widget.NewLabel(T("只有主管可以修改设置。"))
	return container.NewVScroll(container.NewVBox(form, note, s.save))
}

func (s *settingsScreen) load() {
	vals := map[string]string{}
	var route string
	s.app.async(func(ctx context.Context) error {
		// Looking for the route reads the registry or PATH: not on the UI
		// goroutine.
		route = s.app.printer.Route()
		for _, k := range []string{forms.SettingReturnDays, forms.SettingRetentionDays, forms.SettingReceiptLayout,
			forms.SettingLanguage, forms.SettingPrintDirect, forms.SettingPrinter} {
			v, err := s.app.store.Setting(ctx, k)
			if err != nil {
				return err
			}
			vals[k] = v
		}
		return nil
	}, func() {
		s.returnDays.SetText(vals[forms.SettingReturnDays])
		s.retention.SetText(vals[forms.SettingRetentionDays])
		s.layout.SetSelected(T(layoutLabels[vals[forms.SettingReceiptLayout]]))
		s.route.SetText(route)
		viewer, direct := printModes()
		if vals[forms.SettingPrintDirect] == "yes" {
			s.printMode.SetSelected(direct)
		} else {
			s.printMode.SetSelected(viewer)
		}
		s.printer.SetText(vals[forms.SettingPrinter])
		if vals[forms.SettingLanguage] == "en" {
			s.language.SetSelected("English")
		} else {
			s.language.SetSelected("中文")
		}
	})
}

func (s *settingsScreen) onSave() {
	layout := forms.LayoutOnePage
	if s.layout.Selected == T(layoutLabels[forms.LayoutPerPage]) {
		layout = forms.LayoutPerPage
	}
	language := "zh"
	if s.language.Selected == "English" {
		language = "en"
	}
	direct := "no"
	if _, label := printModes(); s.printMode.Selected == label {
		direct = "yes"
	}
	vals := map[string]string{
		forms.SettingReturnDays:    forms.Normalize(s.returnDays.Text),
		forms.SettingRetentionDays: forms.Normalize(s.retention.Text),
		forms.SettingReceiptLayout: layout,
		forms.SettingLanguage:      language,
		forms.SettingPrintDirect:   direct,
		forms.SettingPrinter:       forms.Normalize(s.printer.Text),
	}
	s.app.async(func(ctx context.Context) error {
		return s.app.store.SetSettings(ctx, s.app.actor(), vals)
	}, func() { s.app.home.setStatus(T("设置已保存")) })
}
