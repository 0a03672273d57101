package main

import (
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"

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
	if err := os.MkdirAll(dir, 0o775); err != nil {
		return forms.Errorf(forms.EINVALID, "无法创建数据文件夹“%s”：%v。请检查该位置是否可写，或用 --data 指定其他文件夹。", dir, err)
	}
	probe, err := os.CreateTemp(dir, ".write-test-*")
	if err != nil {
		return forms.Errorf(forms.EINVALID, "数据文件夹“%s”不可写：%v。请让电脑管理员给本机用户写入权限，或用 --data 指定其他文件夹。", dir, err)
	}
	name := probe.Name()
	probe.Close()
	os.Remove(name)
	return nil
}

// setupLogs sends the log to counterdesk.log and a fatal crash's report to
// crash.log in the data folder: with -H windowsgui there is no console.
func setupLogs(dir string) func() {
	logFile, err := os.OpenFile(filepath.Join(dir, "counterdesk.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o660)
	if err != nil {
		return func() {}
	}
	log.SetOutput(logFile)
	crash, err := os.OpenFile(filepath.Join(dir, "crash.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o660)
	if err == nil {
		if err := debug.SetCrashOutput(crash, debug.CrashOptions{}); err != nil {
			log.Printf("crash output: %v", err)
		}
		crash.Close()
	}
	return func() { logFile.Close() }
}
