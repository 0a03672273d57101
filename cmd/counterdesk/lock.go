package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	osuser "os/user"
	"time"

	"counterdesk/forms"
)

// instanceLock is an OS file lock on a file beside the database, held from
// start to exit, so a second copy never opens the same database.
type instanceLock struct {
	f       *os.File
	path    string
	created bool // this process made the file: release removes it
}

// acquireLock takes the lock or says, in Chinese, that Counter Desk is
// already running and who holds it. A lock file this process creates is
// removed again by release, so a command (a restore, refused or not) leaves
// the data folder as it found it.
func acquireLock(path string) (*instanceLock, error) {
	for try := 0; ; try++ {
		l, err := tryLock(path)
		if err != nil || l != nil || try == 10 {
			if l == nil && err == nil {
				err = forms.Errorf(forms.EINVALID, "无法创建锁文件“%s”：它不断被删除后重建，请稍后再试", path)
			}
			return l, err
		}
	}
}

// tryLock is one attempt of acquireLock: nil and no error when the file it
// locked was removed meanwhile by the holder that created it (the lock then
// holds nothing; acquireLock tries again).
func tryLock(path string) (*instanceLock, error) {
	created := true
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_RDWR, 0o600)
	if errors.Is(err, fs.ErrExist) {
		created = false
		f, err = os.OpenFile(path, os.O_RDWR, 0o600)
	}
	if err != nil {
		return nil, forms.Errorf(forms.EINVALID, "无法创建锁文件“%s”：%v", path, err)
	}
	if err := lockFile(f); err != nil {
		holder, _ := os.ReadFile(path)
		f.Close()
		msg := "柜台通已在运行（本机已打开一个柜台通窗口），请切换到已打开的窗口。"
		if len(holder) > 0 {
			msg += "\n占用者：" + string(holder)
		}
		return nil, forms.Errorf(forms.ECONFLICT, "%s", msg)
	}
	host, _ := os.Hostname()
	user := os.Getenv("USERNAME")
	if user == "" {
		user = os.Getenv("USER")
	}
	if user == "" {
		if u, err := osuser.Current(); err == nil {
			user = u.Username
		}
	}
	if fi, err := f.Stat(); err == nil {
		if now, err := os.Stat(path); err != nil || !os.SameFile(fi, now) {
			unlockFile(f)
			f.Close()
			return nil, nil
		}
	}
	_ = f.Truncate(0)
	_, _ = f.WriteAt([]byte(fmt.Sprintf("用户 %s，电脑 %s，进程 %d，启动于 %s", user, host, os.Getpid(), time.Now().Format("2006-01-02 15:04:05"))), 0)
	return &instanceLock{f: f, path: path, created: created}, nil
}

// release gives the lock up, and removes the lock file when this process
// created it: on Linux while still holding it (acquireLock then sees the
// file it locked is gone and tries again), on Windows, which removes no
// open file, after closing it, and only if no one else has it open.
func (l *instanceLock) release() {
	removed := l.created && os.Remove(l.path) == nil
	unlockFile(l.f)
	l.f.Close()
	if l.created && !removed {
		_ = os.Remove(l.path)
	}
}
