package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// settingsStore is what the settings screen needs from the station's
// database.
type settingsStore interface {
	DataDir() string
	Setting(ctx context.Context, key string) (string, error)
	SetSettings(ctx context.Context, a forms.Actor, values map[string]string) error
	SetStationDetails(ctx context.Context, a forms.Actor, d forms.StationDetails) (*forms.Station, error)
	Backup(ctx context.Context, a forms.Actor, reason string) (forms.BackupInfo, error)
	BackupStatus(ctx context.Context) (forms.BackupStatus, error)
	NewRecoveryCode(ctx context.Context, a forms.Actor, password string) (string, error)
}

// settingsScreen shows where the data lives and how documents print, and
// lets a supervisor change the station's settings. Station settings live
// in the database, not in Fyne's per-account preferences.
type settingsScreen struct {
	app *App
	st  settingsStore

	// The station's printed details (网点全称, 收款单位, 网点电话); the
	// branch code and station number are shown, not editable: they are in
	// every receipt number.
	branchName, payee, phone *widget.Entry
	stationCode, phoneNote   *widget.Label
	details                  forms.StationDetails // as stored, to save only a change

	returnDays, retention, printer *widget.Entry
	idleMinutes                    *widget.Entry // 无操作自动锁屏（分钟）, forms.SettingIdleLockMinutes
	layout, language, printMode    *widget.RadioGroup
	route                          *widget.Label
	save                           *widget.Button

	backupFolder, backupDays *widget.Entry
	backupStatus             *widget.Label
	backupNow, restore       *widget.Button
	newCode                  *widget.Button  // 换发恢复码… (recoverycode.go)
	codeConfirm              *newCodeConfirm // the open 换发恢复码 confirmation, for tests (recoverycode.go)
	restoreDlg               *restoreForm
	holidays                 *widget.Button // 节假日和调休… (holidays.go)
	complaintCats            *widget.Button // 投诉类别… (complaintcategories.go)
	restored                 string         // what the last restore said, for tests
	keys                     *hqKeys        // 总部公钥 and 本机签名公钥 (hqkey.go)
}

var layoutLabels = map[string]string{forms.LayoutOnePage: "三联印在一页（裁开）", forms.LayoutPerPage: "每联一页"}

// printModes are the labels of print.direct's choices, "no" and "yes"
// (literals in T, so the translation test sees them).
func printModes() (viewer, direct string) {
	return T("打开PDF阅读器（由窗口客服点打印）"), T("直接打印到打印机")
}

func newSettingsScreen(u *App) *settingsScreen {
	s := &settingsScreen{app: u, st: u.store}
	s.branchName = widget.NewEntry()
	s.branchName.SetPlaceHolder(T("印在每一份文书上的网点全称"))
	s.payee = widget.NewEntry()
	s.payee.SetPlaceHolder(T("印在收据上的收款单位"))
	s.phone = widget.NewEntry()
	s.phone.SetPlaceHolder(T("座机带区号，如 0571-87654321，或手机号码；印在一次性告知单上"))
	s.stationCode = widget.NewLabel("")
	s.phoneNote = widget.NewLabel("")
	s.phoneNote.Wrapping = fyne.TextWrapWord
	s.phoneNote.Importance = widget.WarningImportance
	s.showStation()
	s.returnDays = widget.NewEntry()
	s.retention = widget.NewEntry()
	s.idleMinutes = widget.NewEntry()
	s.idleMinutes.SetPlaceHolder(T("1到60，默认5"))
	s.layout = widget.NewRadioGroup([]string{T(layoutLabels[forms.LayoutOnePage]), T(layoutLabels[forms.LayoutPerPage])}, nil)
	s.language = widget.NewRadioGroup([]string{"中文", "English"}, nil)
	viewer, direct := printModes()
	s.printMode = widget.NewRadioGroup([]string{viewer, direct}, nil)
	s.printer = widget.NewEntry()
	s.printer.SetPlaceHolder(T("留空为默认打印机"))
	s.route = widget.NewLabel(T("正在查找……"))
	s.route.Wrapping = fyne.TextWrapBreak
	s.save = widget.NewButton(T("保存设置"), s.onSave)
	s.backupFolder = widget.NewEntry()
	s.backupFolder.SetPlaceHolder(T("例如 E:\\柜台通备份（U盘或第二块硬盘）；留空则只备份到数据文件夹"))
	s.backupDays = widget.NewEntry()
	s.backupStatus = widget.NewLabel("")
	s.backupStatus.Wrapping = fyne.TextWrapBreak
	s.backupNow = widget.NewButton(T("立即备份"), s.onBackup)
	s.restore = widget.NewButton(T("恢复备份…"), s.onRestore)
	s.newCode = widget.NewButton(T("换发恢复码…"), s.onNewRecoveryCode)
	s.holidays = widget.NewButton(T("节假日和调休…"), func() { u.showHolidays() })
	s.complaintCats = widget.NewButton(T("投诉类别…"), func() { u.showComplaintCategories() })
	if !u.user.IsSupervisor() {
		for _, w := range []fyne.Disableable{s.branchName, s.payee, s.phone, s.returnDays, s.retention, s.idleMinutes, s.layout, s.language, s.printMode, s.printer, s.save,
			s.backupFolder, s.backupDays, s.backupNow, s.restore, s.newCode, s.holidays, s.complaintCats} {
			w.Disable()
		}
	}
	s.keys = newHQKeys(u)
	s.load()
	s.refreshBackup()
	return s
}

func (s *settingsScreen) content() fyne.CanvasObject {
	dataDir := widget.NewLabel(s.st.DataDir())
	dataDir.Wrapping = fyne.TextWrapBreak
	printerNote := widget.NewLabel(T("直接打印时，没有找到打印途径或打印失败，都改为打开PDF阅读器。"))
	printerNote.Wrapping = fyne.TextWrapBreak
	form := widget.NewForm(
		widget.NewFormItem(T("网点代码和窗口（不可更改）"), s.stationCode),
		widget.NewFormItem(T("网点全称"), s.branchName),
		widget.NewFormItem(T("收款单位"), s.payee),
		widget.NewFormItem(T("网点电话"), container.NewVBox(s.phone, s.phoneNote)),
		widget.NewFormItem(T("数据文件夹"), dataDir),
		widget.NewFormItem(T("打印方式"), s.printMode),
		widget.NewFormItem(T("打印机名称"), s.printer),
		widget.NewFormItem(T("本机找到的打印途径"), container.NewVBox(s.route, printerNote)),
		widget.NewFormItem(T("户籍卡归还期限（天）"), s.returnDays),
		widget.NewFormItem(T("收据版式"), s.layout),
		widget.NewFormItem(T("打印文件保留天数"), s.retention),
		widget.NewFormItem(T("界面语言（下次启动生效）"), s.language),
		widget.NewFormItem(T("无操作自动锁屏（分钟）"), s.idleMinutes),
		widget.NewFormItem(T("备份文件夹"), s.backupFolder),
		widget.NewFormItem(T("备份保留天数（最新7份总会保留）"), s.backupDays),
		widget.NewFormItem(T("备份"), container.NewVBox(s.backupStatus, container.NewHBox(s.backupNow, s.restore, s.newCode))),
		widget.NewFormItem(T("挂失期的工作日"), s.holidays),
		widget.NewFormItem(T("投诉类别"), s.complaintCats),
	)
	// Not AppendItem: it refreshes the form, which lays out every item's
	// text at log-in, long before anyone opens 设置 (issue 17).
	form.Items = append(form.Items, s.keys.items()...)
	// 保存设置 stays on screen below the scrolling settings (it was under
	// the fold at 720 px high), and only a clerk is told who may change them
	// (a supervisor was told so too).
	bottom := container.NewHBox(s.save)
	if !s.app.user.IsSupervisor() {
		bottom.Add(widget.NewLabel(T("只有主管可以修改设置。")))
	}
	return container.NewBorder(nil, bottom, nil, nil, container.NewVScroll(form))
}

// refreshBackup shows when the last good backup was made and what needs
// the supervisor's attention.
func (s *settingsScreen) refreshBackup() {
	var st forms.BackupStatus
	s.app.async(func(ctx context.Context) error {
		var err error
		st, err = s.st.BackupStatus(ctx)
		return err
	}, func() { s.backupStatus.SetText(backupStatusText(st)) })
}

// backupStatusText is the status in a sentence or two.
func backupStatusText(st forms.BackupStatus) string {
	var lines []string
	switch {
	case !st.LastGood.IsZero():
		lines = append(lines, Tf("最近一次成功的备份：%s，%s", st.LastGood.Format("2006-01-02 15:04"), st.LastPath))
	case len(st.Warnings) == 0:
		lines = append(lines, T("还没有成功的备份。"))
	}
	// The store's warnings say it already when there is no backup yet.
	for _, w := range st.Warnings {
		lines = append(lines, T("注意：")+w)
	}
	return strings.Join(lines, "\n")
}

func (s *settingsScreen) onBackup() {
	var info forms.BackupInfo
	a := s.app.actor()
	s.app.async(func(ctx context.Context) error {
		var err error
		info, err = s.st.Backup(ctx, a, "manual")
		return err
	}, func() {
		msg := Tf("备份已完成并检查通过：%s", info.Path)
		if info.ExtraPath != "" {
			msg += "\n" + Tf("另存一份到：%s", info.ExtraPath)
		}
		for _, w := range info.Warnings {
			msg += "\n" + T("注意：") + w
		}
		s.app.info(T("备份"), msg)
		s.app.home.setStatus(T("备份已完成"))
		s.refreshBackup()
		s.app.home.checkBackup()
	})
}

// onRestore explains how to restore: the database cannot be swapped while
// the program has it open, so the supervisor closes Counter Desk and runs
// the restore command, which checks the backup and asks for the paper stub.
func (s *settingsScreen) onRestore() {
	if s.app.restorer == nil {
		s.explainRestore()
		return
	}
	f := &restoreForm{path: widget.NewEntry(), year: widget.NewEntry(), last: widget.NewEntry(), code: widget.NewPasswordEntry()}
	f.code.SetPlaceHolder(T("U盘上的加密备份（.db.age）须填写保险柜中的恢复码"))
	f.path.SetPlaceHolder(T("备份文件的完整路径"))
	f.year.SetText(fmt.Sprint(s.app.now().Year()))
	f.last.SetPlaceHolder(T("存根联最后一张收据号，如 QB01-2026-000137 或 137"))
	browse := widget.NewButton(T("选择…"), func() {
		d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err == nil && r != nil {
				f.path.SetText(r.URI().Path())
				r.Close()
			}
		}, s.app.win)
		d.Show()
	})
	note := newWrappedText(T("恢复后当前数据库改名保留，不会被覆盖；收据号接着存根联、备份和本机记录中最大的号码往下编。恢复完成后柜台通会关闭，请重新打开。"))
	f.confirm = widget.NewButton(T("检查并恢复"), func() { s.doRestore(f) })
	f.confirm.Importance = widget.DangerImportance
	cancel := widget.NewButton(T("取消"), func() { f.dialog.Hide() })
	form := widget.NewForm(
		widget.NewFormItem(T("备份文件"), container.NewBorder(nil, nil, nil, browse, f.path)),
		widget.NewFormItem(T("存根联年份"), f.year),
		widget.NewFormItem(T("最后一张收据号"), f.last),
		widget.NewFormItem(T("恢复码"), f.code),
	)
	f.dialog = dialog.NewCustomWithoutButtons(T("恢复备份"), container.NewVBox(note, form, container.NewHBox(f.confirm, cancel)), s.app.win)
	f.dialog.Resize(fyne.NewSize(640, 380))
	s.restoreDlg = f
	f.dialog.Show()
}

// restoreForm asks for the backup file and the last paper stub.
type restoreForm struct {
	path, year, last *widget.Entry
	code             *widget.Entry // the recovery code, for an encrypted copy
	confirm          *widget.Button
	dialog           dialog.Dialog
}

// doRestore checks the backup, then restores it (supervisor): the store is
// closed by the restorer, so the program ends after telling what it did.
func (s *settingsScreen) doRestore(f *restoreForm) {
	path := strings.TrimSpace(f.path.Text)
	if path == "" {
		s.app.showError(forms.Errorf(forms.EINVALID, "请选择要恢复的备份文件"))
		return
	}
	r, err := forms.ParseReplacement(s.app.station.Code(), f.year.Text, f.last.Text)
	if err != nil {
		s.app.showError(err)
		return
	}
	var msg string
	restorer := s.app.restorer
	code := f.code.Text
	s.app.withSupervisor(T("恢复备份"), func(context.Context, forms.Actor) error {
		if _, err := restorer.CheckBackup(path, code); err != nil {
			return err
		}
		var err error
		msg, err = restorer.Restore(path, code, r.Year, r.LastSeq)
		return err
	}, func() {
		f.dialog.Hide()
		body := newMessageBody(msg + "\n" + T("柜台通现在关闭，请重新打开。"))
		d := dialog.NewCustom(T("恢复完成"), T("关闭柜台通"), body, s.app.win)
		d.SetOnClosed(s.app.fyne.Quit)
		d.Show()
		s.restored = msg
	})
}

func (s *settingsScreen) explainRestore() {
	exe, err := os.Executable()
	if err != nil {
		exe = "counterdesk.exe"
	}
	s.app.info(T("恢复备份"), Tf("恢复备份要在柜台通关闭时进行，当前数据库会改名保留，不会被覆盖：\n"+
		"1. 准备好纸质收据存根联，查看最后一张收据的年份和收据号。\n"+
		"2. 关闭所有柜台通窗口。\n"+
		"3. 打开“命令提示符”，运行：\n\"%s\" restore \"备份文件的完整路径\"\n"+
		"   备份文件在 %s 或设置的备份文件夹中，文件名为 counterdesk-网点窗口-日期-时间.db。\n"+
		"4. 程序先检查备份文件，再询问存根联上最后一张收据的年份和收据号，然后恢复，并告诉您下一张收据号。\n"+
		"5. 重新打开柜台通，按存根联补录备份之后办理的业务。", exe, filepath.Join(s.st.DataDir(), "backups")))
}

func (s *settingsScreen) load() {
	vals := map[string]string{}
	var route string
	printer := s.app.printer
	s.app.async(func(ctx context.Context) error {
		// Looking for the route reads the registry or PATH: not on the UI
		// goroutine.
		route = printer.Route()
		for _, k := range []string{forms.SettingReturnDays, forms.SettingRetentionDays, forms.SettingReceiptLayout,
			forms.SettingLanguage, forms.SettingPrintDirect, forms.SettingPrinter,
			forms.SettingBackupFolder, forms.SettingBackupDays, forms.SettingIdleLockMinutes} {
			v, err := s.st.Setting(ctx, k)
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
		s.backupFolder.SetText(vals[forms.SettingBackupFolder])
		s.backupDays.SetText(vals[forms.SettingBackupDays])
		s.idleMinutes.SetText(vals[forms.SettingIdleLockMinutes])
		if vals[forms.SettingLanguage] == "en" {
			s.language.SetSelected("English")
		} else {
			s.language.SetSelected("中文")
		}
	})
}

// showStation fills the station's details from the App's cached station.
func (s *settingsScreen) showStation() {
	st := s.app.station
	if st == nil {
		return
	}
	s.details = st.Details()
	s.stationCode.SetText(Tf("%s（网点代码 %s，窗口 %02d；印在每个收据号中）", st.Code(), st.BranchCode, st.Number))
	s.branchName.SetText(st.BranchName)
	s.payee.SetText(st.Payee)
	s.phone.SetText(st.Phone)
	if st.Phone == "" {
		s.phoneNote.SetText(T("本网点还没有网点电话，一次性告知单和收据上不印电话；请填写后保存。"))
		s.phoneNote.Show()
	} else {
		s.phoneNote.SetText("")
		s.phoneNote.Hide()
	}
}

// stationChange returns the station's details as typed and whether they
// differ from the stored ones. Unchanged details are not saved, so a
// station without a phone can still save its other settings.
func (s *settingsScreen) stationChange() (forms.StationDetails, bool) {
	d := forms.StationDetails{BranchName: s.branchName.Text, Payee: s.payee.Text, Phone: s.phone.Text}
	if s.app.station == nil {
		return d, false
	}
	return d, forms.RuleBranchName.Clean(d.BranchName) != s.details.BranchName || forms.RulePayee.Clean(d.Payee) != s.details.Payee ||
		forms.Normalize(d.Phone) != s.details.Phone
}

func (s *settingsScreen) onSave() {
	// The station's details are checked before anything is saved, so a
	// bad phone number does not leave the other settings half-saved.
	details, changed := s.stationChange()
	if changed {
		if err := details.Validate(); err != nil {
			s.app.showError(err)
			return
		}
	}
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
		forms.SettingBackupFolder:  forms.Normalize(s.backupFolder.Text),
		forms.SettingBackupDays:    forms.Normalize(s.backupDays.Text),
	}
	// The idle lock is checked here too, so a wrong value is refused with
	// the field's own message before anything is saved.
	if _, err := forms.ParseIdleLockMinutes(s.idleMinutes.Text); err != nil {
		s.app.showError(err)
		return
	}
	vals[forms.SettingIdleLockMinutes] = forms.Normalize(s.idleMinutes.Text)
	a := s.app.actor()
	var st *forms.Station
	s.app.async(func(ctx context.Context) error {
		if err := s.st.SetSettings(ctx, a, vals); err != nil {
			return err
		}
		if !changed {
			return nil
		}
		var err error
		st, err = s.st.SetStationDetails(ctx, a, details)
		return err
	}, func() {
		if st != nil {
			// New printouts carry the corrected details at once.
			s.app.station = st
			s.showStation()
			if s.app.home.who != nil {
				s.app.home.showWho()
			}
		}
		s.app.loadIdleMinutes()
		s.app.home.setStatus(T("设置已保存"))
		s.refreshBackup()
		s.app.home.checkBackup()
	})
}
