// Command counterdesk is the counter clerk's program: it opens the
// station's database in the data folder, builds the UI and runs it. The
// process's own concerns (data folder, single-instance lock, crash log)
// live in their own files beside this one.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"counterdesk/assets"
	"counterdesk/forms"
	"counterdesk/store"
	"counterdesk/ui"
)

// AppID is the application id, also in FyneApp.toml.
const AppID = "cn.counterdesk.app"

// The concrete store and printer satisfy what the UI declares it needs.
var (
	_ ui.Store   = (*store.DB)(nil)
	_ ui.Printer = (*printer)(nil)
)

func main() {
	// `counterdesk restore FILE` works without a window, for when the
	// program cannot start.
	if len(os.Args) > 1 && os.Args[1] == "restore" {
		attachConsole()
		os.Exit(restoreMain(os.Args[2:], os.Stdin, os.Stdout))
	}
	// `counterdesk demo --data FOLDER …` makes a training station, without
	// a window (demo.go).
	if len(os.Args) > 1 && os.Args[1] == "demo" {
		attachConsole()
		os.Exit(demoMain(os.Args[2:], os.Stdout, time.Now))
	}
	// `counterdesk keys --data FOLDER` prints the station's public signing
	// key for head office; `counterdesk hq-key --data FOLDER --user NAME
	// FILE` sets head office's recipient (keys.go).
	if len(os.Args) > 1 && os.Args[1] == "keys" {
		attachConsole()
		os.Exit(keysMain(os.Args[2:], os.Stdout, os.Stderr))
	}
	if len(os.Args) > 1 && os.Args[1] == "hq-key" {
		attachConsole()
		os.Exit(hqKeyMain(os.Args[2:], os.Stdin, os.Stdout, os.Stderr))
	}
	// `counterdesk export --data FOLDER --out FOLDER --user NAME` writes
	// the export to head office, for a scheduled task (export.go).
	if len(os.Args) > 1 && os.Args[1] == "export" {
		attachConsole()
		os.Exit(exportMain(os.Args[2:], os.Stdin, os.Stdout, os.Stderr))
	}
	// `counterdesk verify --data FOLDER` checks the audit log's hash chain,
	// read-only; exit 0 intact, 1 tampered, 2 cannot (verify.go).
	if len(os.Args) > 1 && os.Args[1] == "verify" {
		attachConsole()
		os.Exit(verifyMain(os.Args[2:], os.Stdout, os.Stderr))
	}
	// `counterdesk integrity-check FILE` is the background integrity
	// check's child process (integrity.go), started by this program.
	if len(os.Args) > 1 && os.Args[1] == "integrity-check" {
		os.Exit(integrityCheckMain(context.Background(), os.Args[2:], os.Stdout, os.Stderr))
	}
	dataFlag := flag.String("data", "", "数据文件夹（默认："+defaultDataDir()+"）")
	flag.Parse()
	tuneGC()

	st, err := prepare(*dataFlag)
	if err != nil {
		fail(nil, err)
	}
	defer st.close()
	// Probe before Fyne: without OpenGL 2.1 its driver logs and exits
	// before any window exists, and the clerk would see nothing.
	if err := probeGraphics(); err != nil {
		log.Printf("graphics: %v", err)
		alert("柜台通无法启动", graphicsMessage(err.Error()))
		st.close()
		os.Exit(1)
	}
	a := app.NewWithID(AppID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	if err := run(a, st); err != nil {
		log.Printf("start-up failed: %v", err) // while the log is open
		st.close()
		fail(a, err)
	}
}

// fail reports a start-up failure in words a clerk understands and exits:
// a native message box on Windows (it needs no OpenGL), a window
// elsewhere. The detail is in the log, never a stack trace on screen.
func fail(a fyne.App, err error) {
	log.Printf("start-up failed: %v", err)
	if nativeAlerts {
		alert("柜台通无法启动", startupMessage(err))
		os.Exit(1)
	}
	if a == nil {
		a = app.NewWithID(AppID)
	}
	showFatal(a, err)
}

// station is what the process holds while it runs: the data folder, its
// log files, the single-instance lock and the installer's mutex.
type station struct {
	dataDir string
	crashed string // a crash report the previous run left, if any
	closers []func()
}

func (s *station) close() {
	for i := len(s.closers) - 1; i >= 0; i-- {
		s.closers[i]()
	}
	s.closers = nil
	log.SetOutput(os.Stderr) // the log file is closed now
}

// prepare makes the data folder, starts the logs and takes the lock; it
// needs no window, so its failures can be told even where Fyne cannot draw.
func prepare(dataDir string) (*station, error) {
	if dataDir == "" {
		dataDir = defaultDataDir()
	}
	dataDir, err := filepath.Abs(dataDir)
	if err != nil {
		return nil, forms.Errorf(forms.EINVALID, "数据文件夹“%s”无效：%v", dataDir, err)
	}
	if err := ensureDataDir(dataDir); err != nil {
		return nil, err
	}
	st := &station{dataDir: dataDir}
	closeLog, crashed := setupLogs(dataDir, time.Now())
	st.crashed = crashed
	st.closers = append(st.closers, closeLog)
	lock, err := acquireLock(filepath.Join(dataDir, "counterdesk.lock"))
	if err != nil {
		log.Printf("start-up failed: %v", err) // while the log is open
		st.close()
		return nil, err
	}
	st.closers = append(st.closers, lock.release, holdInstanceMutex())
	return st, nil
}

func run(a fyne.App, st *station) error {
	dataDir, crashed := st.dataDir, st.crashed
	ctx := context.Background()
	trace := newStartupTrace()
	// A restore killed halfway (from the settings screen or the command) is
	// finished or undone first; the supervisor is told which.
	restoreNote, err := store.RecoverRestore(dataDir)
	if err != nil {
		log.Printf("recover restore: %v", err)
		return err
	}
	trace.mark("recover restore")
	db, err := store.Open(ctx, filepath.Join(dataDir, store.DBFileName))
	if err != nil {
		log.Printf("open database: %v", err)
		return withRestoreHint(ctx, dataDir, err)
	}
	defer db.Close()
	trace.mark("open database")
	// The integrity check and the day's first backup read the whole file:
	// they start once the window is up, never before (background.go); the
	// check runs in a child process (integrity.go).
	if exe, err := os.Executable(); err == nil {
		db.SetIntegrityReader(childIntegrityReader(exe, nil))
	} else {
		log.Printf("integrity check: runs in this process: %v", err)
	}
	bg, stopBackground := context.WithCancel(ctx)
	defer stopBackground() // before db.Close: it waits for running queries
	a.Lifecycle().SetOnStarted(func() { go afterStart(bg, db) })
	quitOnSignal(a)

	language, err := db.Setting(ctx, forms.SettingLanguage)
	if err != nil {
		language = "zh"
	}
	if err := ui.LoadLanguage(language); err != nil {
		log.Printf("translations: %v", err)
	}
	trace.mark("language")

	cat, err := forms.ParseCatalogue(assets.Catalogue)
	if err != nil {
		return fmt.Errorf("default catalogue: %w", err)
	}
	trace.mark("catalogue")
	pr := newPrinter(db, filepath.Join(dataDir, "printed"))
	go pr.prune()

	u := ui.New(a, db, pr, cat)
	u.SetRestorer(&uiRestorer{db: db, dataDir: dataDir})
	u.SetDrives(removableDrives) // 导出到总部's destinations (drives_*.go)
	u.SetInputClock(lastInput)   // the idle lock asks Windows for the last input (idle_*.go)
	u.Start()
	u.StartIdleLock()
	trace.mark("log-in screen")
	trace.log()
	if crashed != "" {
		u.Notice("柜台通上次意外退出", crashNotice(crashed))
	}
	if restoreNote != "" {
		log.Printf("restore: %s", restoreNote)
		u.Notice("上次的恢复没有做完", restoreNote)
	}
	u.Window().SetMaster()
	u.Window().ShowAndRun()
	return nil
}

// withRestoreHint adds to the message for a damaged database, or for one
// missing where a station existed, the newest good backup in the data
// folder and the command that restores it.
func withRestoreHint(ctx context.Context, dataDir string, err error) error {
	var e *forms.Error
	if !errors.As(err, &e) || (e.Key != store.KeyDamaged && e.Key != store.KeyNoDatabase) {
		return err
	}
	exe, xerr := os.Executable()
	if xerr != nil {
		exe = "counterdesk"
	}
	hint := "\n\n"
	if b := store.NewestGoodBackup(ctx, dataDir); b != "" {
		hint += fmt.Sprintf("最近的完好备份：%s\n恢复方法：关闭本窗口，在“命令提示符”中运行：\n\"%s\" restore \"%s\"\n", b, exe, b)
	} else {
		hint += fmt.Sprintf("数据文件夹的 %s 中没有完好的备份。如果U盘或移动硬盘上有备份，请关闭本窗口，在“命令提示符”中运行：\n\"%s\" restore 备份文件\n",
			filepath.Join(dataDir, store.BackupDirName), exe)
	}
	hint += "程序会先检查备份，再询问纸质存根联上最后一张收据号；当前数据库会改名保留，不会被覆盖或删除。"
	return &forms.Error{Code: e.Code, Key: e.Key, Message: e.Message + hint}
}

// showFatal shows a start-up failure in a window a clerk understands, with
// a 关闭 button that ends the program (on Linux the window manager may
// give the window no close box of its own).
func showFatal(a fyne.App, err error) {
	log.Printf("start-up failed: %v", err)
	a.Settings().SetTheme(ui.Theme{})
	_ = ui.LoadLanguage("zh")
	w := a.NewWindow("柜台通 Counter Desk")
	w.SetContent(fatalContent(startupMessage(err), a.Quit))
	w.Resize(fatalSize)
	w.CenterOnScreen()
	w.ShowAndRun()
	os.Exit(1)
}

// fatalSize is the start-up failure window's size.
var fatalSize = fyne.NewSize(600, 320)

// fatalContent is the start-up failure window's content: the message,
// scrolled when it is long, above a 关闭 button that calls quit. Its
// minimum size stays small whatever the message, so the button is always
// on screen.
func fatalContent(msg string, quit func()) fyne.CanvasObject {
	text := widget.NewLabel(msg)
	text.Wrapping = fyne.TextWrapWord
	closeBtn := widget.NewButton("关闭", quit)
	closeBtn.Importance = widget.HighImportance
	return container.NewBorder(nil, container.NewPadded(container.NewCenter(closeBtn)), nil, nil,
		container.NewVScroll(container.NewPadded(text)))
}

// startupMessage is what the clerk reads when the program cannot start:
// the domain's own message where there is one (the store's and the data
// folder's are written for this), else a plain one; never a stack trace.
// The detail is in the log either way.
func startupMessage(err error) string {
	var e *forms.Error
	if errors.As(err, &e) {
		return "柜台通无法启动。\n" + e.Message
	}
	return "柜台通无法启动，请联系主管或技术支持。详细信息已写入数据文件夹中的 counterdesk.log。"
}
