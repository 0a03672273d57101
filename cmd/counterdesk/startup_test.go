package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
	"counterdesk/internal/testdir"
	"counterdesk/store"
)

func TestEnsureDataDir(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		dir := filepath.Join(testDir(t), "王 芳", "CounterDesk")
		if err := ensureDataDir(dir); err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			t.Fatalf("data folder not made: %v", err)
		}
	})
	t.Run("ErrBeneathAFile", func(t *testing.T) {
		file := filepath.Join(testDir(t), "not-a-folder")
		if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		err := ensureDataDir(filepath.Join(file, "CounterDesk"))
		if forms.ErrorCode(err) != forms.EINVALID || !strings.Contains(forms.ErrorMessage(err), "无法创建数据文件夹") ||
			!strings.Contains(forms.ErrorMessage(err), "--data") {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestAcquireLock_SecondCopy(t *testing.T) {
	path := filepath.Join(testDir(t), "counterdesk.lock")
	first, err := acquireLock(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = acquireLock(path)
	if forms.ErrorCode(err) != forms.ECONFLICT || !strings.Contains(forms.ErrorMessage(err), "已在运行") ||
		!strings.Contains(forms.ErrorMessage(err), "进程") {
		t.Fatalf("second copy: %v", err)
	}
	first.release()
	again, err := acquireLock(path)
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	again.release()
}

// TestStartupMessage opens the store on the files a clerk may meet at
// start-up and checks what the window would say, and that the file is
// left as it was.
func TestStartupMessage(t *testing.T) {
	ctx := context.Background()
	cases := map[string]struct {
		content []byte
		want    string
	}{
		"corrupt file":     {[]byte(strings.Repeat("这不是数据库", 200)), "损坏"},
		"truncated SQLite": {append([]byte("SQLite format 3\x00"), make([]byte, 100)...), "损坏"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(testDir(t), "counterdesk.db")
			if err := os.WriteFile(path, tc.content, 0o644); err != nil {
				t.Fatal(err)
			}
			db, err := store.Open(ctx, path)
			if err == nil {
				db.Close()
				t.Fatal("a damaged file opened")
			}
			msg := startupMessage(err)
			if !strings.Contains(msg, tc.want) || strings.Contains(msg, "goroutine") || strings.Contains(msg, "code=") {
				t.Fatalf("message = %q", msg)
			}
			after, _ := os.ReadFile(path)
			if !bytes.Equal(after, tc.content) {
				t.Fatal("opening a damaged file changed it")
			}
		})
	}
	t.Run("other error", func(t *testing.T) {
		msg := startupMessage(errors.New("open /x: permission denied"))
		if !strings.Contains(msg, "counterdesk.log") || strings.Contains(msg, "permission") {
			t.Fatalf("message = %q", msg)
		}
	})
}

// TestSetupLogs_CrashReport leaves a crash report as a crashed run would and
// checks the next start keeps it under a dated name and says where it is.
func TestSetupLogs_CrashReport(t *testing.T) {
	dir := testDir(t)
	at := time.Date(2026, 11, 23, 9, 30, 0, 0, time.Local)
	closeLogs, crashed := setupLogs(dir, at)
	closeLogs()
	if crashed != "" {
		t.Fatalf("a clean first start reported a crash: %s", crashed)
	}
	// The runtime now holds this run's crash.log open (Windows cannot rename
	// an open file), so the crashed run is played in another folder.
	dir = testDir(t)
	report := "panic: runtime error: index out of range\n\ngoroutine 1 [running]:\n"
	if err := os.WriteFile(filepath.Join(dir, "crash.log"), []byte(report), 0o644); err != nil {
		t.Fatal(err)
	}
	closeLogs, crashed = setupLogs(dir, at)
	defer closeLogs()
	want := filepath.Join(dir, "crash-20261123-093000.log")
	if crashed != want {
		t.Fatalf("crashed = %q, want %q", crashed, want)
	}
	if data, _ := os.ReadFile(want); string(data) != report {
		t.Fatal("the crash report was not kept whole")
	}
	if msg := crashNotice(crashed); !strings.Contains(msg, want) || !strings.Contains(msg, "技术支持") {
		t.Fatalf("notice = %q", msg)
	}
	if fi, err := os.Stat(filepath.Join(dir, "crash.log")); err != nil || fi.Size() != 0 {
		t.Fatal("a fresh crash.log was not opened for this run")
	}
}

// testDir is t.TempDir for tests that also run in the Windows test binary
// under Wine (see testdir.New).
func testDir(t *testing.T) string { return testdir.New(t, "counterdesk-test-") }

func TestSentence(t *testing.T) {
	if got := sentence(errors.New("Path not found.")); got != "Path not found" {
		t.Fatalf("sentence = %q", got)
	}
}
