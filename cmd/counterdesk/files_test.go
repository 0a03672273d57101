package main

// Tests of issue 12 §5 at the program's level: the start-up message when
// the database is missing where a station existed, the modes of the files
// and folders start-up creates on Linux, and the 关闭 button of the
// start-up failure window (the "已在运行" window on Linux).

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"counterdesk/store"
)

// TestWithRestoreHint_NoDatabase: the database is gone but the folder has
// backups and the receipt mark; start-up refuses to create an empty one
// and names the newest good backup and the restore command.
func TestWithRestoreHint_NoDatabase(t *testing.T) {
	ctx := context.Background()
	dataDir, backup := restoreStation(t)
	path := filepath.Join(dataDir, store.DBFileName)
	for _, s := range []string{"", "-wal", "-shm"} {
		os.Remove(path + s)
	}
	_, err := store.Open(ctx, path)
	if err == nil {
		t.Fatal("an empty database was created where a station existed")
	}
	if _, serr := os.Stat(path); !os.IsNotExist(serr) {
		t.Fatalf("a database file was created: %v", serr)
	}
	msg := startupMessage(withRestoreHint(ctx, dataDir, err))
	for _, want := range []string{"没有新建数据库", "backups", backup, "restore", "存根联"} {
		if !strings.Contains(msg, want) {
			t.Fatalf("message lacks %q:\n%s", want, msg)
		}
	}
}

// TestFileModes_Startup: on Linux the data folder start-up creates is 0700
// and the log, crash log and lock file 0600.
func TestFileModes_Startup(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the data folder's ACL decides on Windows")
	}
	dir := filepath.Join(testDir(t), "王 芳", "counterdesk")
	if err := ensureDataDir(dir); err != nil {
		t.Fatal(err)
	}
	closeLogs, _ := setupLogs(dir, time.Date(2026, 11, 23, 9, 30, 0, 0, time.Local))
	defer closeLogs()
	lock, err := acquireLock(filepath.Join(dir, "counterdesk.lock"))
	if err != nil {
		t.Fatal(err)
	}
	defer lock.release()
	for name, want := range map[string]os.FileMode{"": 0o700, "counterdesk.log": 0o600, "crash.log": 0o600, "counterdesk.lock": 0o600} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Fatalf("%q: mode %o, want %o", name, got, want)
		}
	}
}

// TestFatalWindow_Close: the window a second copy shows ("已在运行") has a
// 关闭 button on screen that ends the program, and fits 1280×720 even with
// a very long message.
func TestFatalWindow_Close(t *testing.T) {
	test.NewTempApp(t)
	dir := testDir(t)
	first, err := acquireLock(filepath.Join(dir, "counterdesk.lock"))
	if err != nil {
		t.Fatal(err)
	}
	defer first.release()
	_, lockErr := acquireLock(filepath.Join(dir, "counterdesk.lock"))
	if lockErr == nil {
		t.Fatal("a second copy took the lock")
	}
	for name, msg := range map[string]string{
		"SecondCopy":  startupMessage(lockErr),
		"LongMessage": startupMessage(lockErr) + strings.Repeat("\n占用者：用户 王芳，电脑 窗口一号机，进程 12345，启动于 2026-11-30 08:00:00", 60),
	} {
		t.Run(name, func(t *testing.T) {
			quit := 0
			content := fatalContent(msg, func() { quit++ })
			if min := content.MinSize(); min.Width > 1280 || min.Height > 720 {
				t.Fatalf("minimum size %v does not fit 1280×720", min)
			}
			w := test.NewTempWindow(t, content)
			w.Resize(fatalSize)
			var btn *widget.Button
			var label *widget.Label
			walk(content, func(o fyne.CanvasObject) {
				switch o := o.(type) {
				case *widget.Button:
					if o.Text == "关闭" {
						btn = o
					}
				case *widget.Label:
					label = o
				}
			})
			if btn == nil {
				t.Fatal("no 关闭 button")
			}
			if label == nil || !strings.Contains(label.Text, "已在运行") {
				t.Fatalf("the message is not shown: %v", label)
			}
			pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(btn)
			size := w.Canvas().Size()
			if !btn.Visible() || pos.X < 0 || pos.Y < 0 || pos.X+btn.Size().Width > size.Width || pos.Y+btn.Size().Height > size.Height {
				t.Fatalf("the 关闭 button at %v %v is outside the window %v", pos, btn.Size(), size)
			}
			test.Tap(btn)
			if quit != 1 {
				t.Fatalf("关闭 called quit %d times", quit)
			}
		})
	}
}

// walk visits every object of a tree, widgets' rendered children included.
func walk(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	f(o)
	switch o := o.(type) {
	case *fyne.Container:
		for _, c := range o.Objects {
			walk(c, f)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(o).Objects() {
			walk(c, f)
		}
	}
}
