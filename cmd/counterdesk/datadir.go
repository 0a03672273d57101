package main

import (
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"counterdesk/forms"
)

// defaultDataDir is the station's data folder: one per PC, the same for
// every Windows account (%ProgramData%\CounterDesk); on Linux
// $XDG_DATA_HOME/counterdesk.
func defaultDataDir() string {
	if runtime.GOOS == "windows" {
		base := os.Getenv("ProgramData")
		if base == "" {
			base = `C:\ProgramData`
		}
		return filepath.Join(base, "CounterDesk")
	}
	base := os.Getenv("XDG_DATA_HOME")
	if base == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			home = "."
		}
		base = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(base, "counterdesk")
}

// ensureDataDir creates the data folder and proves it writable, so a
// clerk learns at start, in words, that the folder is the problem.
func ensureDataDir(dir string) error {
	if err := mkdirShared(dir); err != nil {
		return forms.Errorf(forms.EINVALID, "无法创建数据文件夹“%s”：%s。请检查该位置是否可写，或用 --data 指定其他文件夹。", dir, sentence(err))
	}
	probe, err := os.CreateTemp(dir, ".write-test-*")
	if err != nil {
		return forms.Errorf(forms.EINVALID, "数据文件夹“%s”不可写：%s。请让电脑管理员给本机用户写入权限，或用 --data 指定其他文件夹。", dir, sentence(err))
	}
	name := probe.Name()
	probe.Close()
	os.Remove(name)
	return nil
}

// setupLogs sends the log to counterdesk.log and a fatal crash's report to
// crash.log in the data folder: with -H windowsgui there is no console.
// A crash report left by the previous run is kept under a dated name, and
// crashed names it so the next start can tell the clerk where it is.
func setupLogs(dir string, now time.Time) (closeLogs func(), crashed string) {
	closeLogs = func() {}
	logFile, err := os.OpenFile(filepath.Join(dir, "counterdesk.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return closeLogs, ""
	}
	log.SetOutput(logFile)
	closeLogs = func() { logFile.Close() }
	crashPath := filepath.Join(dir, "crash.log")
	if fi, err := os.Stat(crashPath); err == nil && fi.Size() > 0 {
		kept := filepath.Join(dir, "crash-"+now.Format("20060102-150405")+".log")
		if err := os.Rename(crashPath, kept); err == nil {
			crashed = kept
			log.Printf("the previous run crashed; its report is %s", kept)
		}
	}
	crash, err := os.OpenFile(crashPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err == nil {
		if err := debug.SetCrashOutput(crash, debug.CrashOptions{}); err != nil {
			log.Printf("crash output: %v", err)
		}
		crash.Close()
	}
	return closeLogs, crashed
}

// crashNotice is what the clerk reads at the start after a crash.
func crashNotice(path string) string {
	return "柜台通上次意外退出。已保存的数据不受影响。\n崩溃报告保存在：" + path + "\n请把这个文件交给技术支持。"
}

// sentence is an error's text without the full stop Windows puts at its
// end, so the Chinese message that follows does not read "Path not found.。".
func sentence(err error) string {
	return strings.TrimRight(err.Error(), ". 。")
}
