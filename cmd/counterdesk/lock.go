package main

import (
	"fmt"
	"os"
	osuser "os/user"
	"time"

	"counterdesk/forms"
)

// instanceLock is an OS file lock on a file beside the database, held from
// start to exit, so a second copy never opens the same database.
type instanceLock struct{ f *os.File }

// acquireLock takes the lock or says, in Chinese, that Counter Desk is
// already running and who holds it.
func acquireLock(path string) (*instanceLock, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
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
	_ = f.Truncate(0)
	_, _ = f.WriteAt([]byte(fmt.Sprintf("用户 %s，电脑 %s，进程 %d，启动于 %s", user, host, os.Getpid(), time.Now().Format("2006-01-02 15:04:05"))), 0)
	return &instanceLock{f: f}, nil
}

func (l *instanceLock) release() {
	unlockFile(l.f)
	l.f.Close()
}
