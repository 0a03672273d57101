//go:build unix

package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// interruptAt is the console of TestDemoMain_Interrupted: it sends this
// process SIGINT when the line naming at is printed, and waits a little
// for the signal to land, as Ctrl+C does between two progress lines.
type interruptAt struct {
	at   string
	sent bool
	bytes.Buffer
}

func (w *interruptAt) Write(p []byte) (int, error) {
	if !w.sent && bytes.Contains(p, []byte(w.at)) {
		w.sent = true
		if err := syscall.Kill(syscall.Getpid(), syscall.SIGINT); err != nil {
			return 0, err
		}
		time.Sleep(300 * time.Millisecond)
	}
	return w.Buffer.Write(p)
}

// TestDemoMain_Interrupted: Ctrl+C while `counterdesk demo` builds stops it
// (it used to run on) with exit 1, saying it was interrupted and which
// folder to delete.
func TestDemoMain_Interrupted(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 11, 20, 16, 0, 0, 0, time.Local) }
	dir := filepath.Join(t.TempDir(), "练习 站点")
	out := &interruptAt{at: "客户：60 / 60"}
	code := demoMain([]string{"--data", dir, "--customers", "60", "--cases", "400", "--days", "20", "--seed", "4",
		"--password", "lianxi2026"}, out, now)
	if code != 1 {
		t.Fatalf("exit %d, want 1:\n%s", code, out.String())
	}
	for _, want := range []string{"已中断（Ctrl+C），练习站点没有建成", "请删除文件夹“" + dir + "”"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "练习站点已建好") {
		t.Errorf("the build went on:\n%s", out.String())
	}
}
