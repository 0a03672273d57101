package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestDemoMain: `counterdesk demo` makes a training station in a new
// folder and prints its progress and summary; it refuses a folder that is
// not empty (naming it, changing nothing) and a missing --data or
// --password.
func TestDemoMain(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 11, 20, 16, 0, 0, 0, time.Local) }
	dir := filepath.Join(t.TempDir(), "练习 站点")
	var out bytes.Buffer
	code := demoMain([]string{"--data", dir, "--customers", "60", "--cases", "80", "--days", "20", "--seed", "4",
		"--password", "lianxi2026"}, &out, now)
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, out.String())
	}
	for _, want := range []string{"正在建立练习站点", "客户：60 / 60", "练习站点已建好", "网点 XL，窗口 01", "演示主管", "演示客服",
		"客户 6", "受理单 ", "收据 ", "投诉 ", "回访 ", "客户评价 ", "2026-11-01 至 2026-11-20", "种子 4", "counterdesk --data"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "counterdesk.db")); err != nil {
		t.Fatal(err)
	}

	// Again into the same folder: refused, nothing changed.
	before, _ := os.ReadDir(dir)
	out.Reset()
	code = demoMain([]string{"--data", dir, "--password", "lianxi2026"}, &out, now)
	if code != 1 || !strings.Contains(out.String(), "数据文件夹“"+dir+"”不是空的") {
		t.Errorf("exit %d, output %q; want 1 and the folder named", code, out.String())
	}
	if after, _ := os.ReadDir(dir); len(after) != len(before) {
		t.Errorf("the refusal changed the folder: %d entries, then %d", len(before), len(after))
	}

	out.Reset()
	if code := demoMain([]string{"--password", "lianxi2026"}, &out, now); code != 2 || !strings.Contains(out.String(), "用法") {
		t.Errorf("without --data: exit %d, %q", code, out.String())
	}
	out.Reset()
	if code := demoMain([]string{"--data", filepath.Join(t.TempDir(), "x")}, &out, now); code != 1 || !strings.Contains(out.String(), "密码") {
		t.Errorf("without --password: exit %d, %q", code, out.String())
	}
}
