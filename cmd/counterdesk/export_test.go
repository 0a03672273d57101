package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"counterdesk/forms"
	"counterdesk/store"

	"filippo.io/age"
)

// exportStation sets up a station with head office's recipient, closed
// again, and returns its data folder and head office's identity.
func exportStation(t *testing.T) (dataDir string, id *age.X25519Identity) {
	t.Helper()
	dataDir = filepath.Join(t.TempDir(), "王 芳", "柜台通")
	db, sup := setUpStation(t, dataDir)
	defer db.Close()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetHQRecipient(context.Background(), sup, id.Recipient().String()); err != nil {
		t.Fatal(forms.ErrorMessage(err))
	}
	return dataDir, id
}

// runExport runs `counterdesk export` with the password on stdin.
func runExport(t *testing.T, password string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut strings.Builder
	code = exportMain(args, strings.NewReader(password+"\n"), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestExportCommand(t *testing.T) {
	dataDir, id := exportStation(t)
	stick := filepath.Join(t.TempDir(), "U盘 E", "总部 导出")
	if err := os.MkdirAll(stick, 0o755); err != nil {
		t.Fatal(err)
	}

	code, stdout, stderr := runExport(t, "zhang2026!", "--data", dataDir, "--out", stick, "--user", "张主管")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	path := strings.TrimSpace(stdout)
	if path != filepath.Join(stick, "QB01-export-000001.cdx") {
		t.Fatalf("stdout %q", stdout)
	}
	if !strings.HasPrefix(stderr, "已写出第1号导出") {
		t.Errorf("export says %q", stderr)
	}
	first, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	h, err := store.ReadExportHeader(bytes.NewReader(first), int64(len(first)))
	if err != nil {
		t.Fatal(forms.ErrorMessage(err))
	}
	if h.Branch != "QB" || h.Station != 1 || h.Number != 1 {
		t.Fatalf("header %+v", h)
	}
	// Head office can open it.
	r, err := store.OpenExport(bytes.NewReader(first), int64(len(first)), h.PublicKey, id)
	if err != nil {
		t.Fatal(forms.ErrorMessage(err))
	}
	if table, _, ok, err := r.NextTable(); err != nil || !ok || table != "station" {
		t.Fatalf("first table %q %v %v", table, ok, err)
	}

	t.Run("NothingNew", func(t *testing.T) {
		dir := t.TempDir()
		code, stdout, stderr := runExport(t, "zhang2026!", "--data", dataDir, "--out", dir, "--user", "张主管")
		if code != exportExitNothing || stdout != "" || !strings.Contains(stderr, "自第1号导出以来没有新的变动") {
			t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
		}
		// The hint is the command line's own option, not a button.
		if !strings.Contains(stderr, "--rewrite 1") || strings.Contains(stderr, "选择") {
			t.Errorf("nothing new says %q", stderr)
		}
		if fs, _ := os.ReadDir(dir); len(fs) != 0 {
			t.Fatalf("files written: %v", fs)
		}
	})
	t.Run("Rewrite", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "另一个 U盘")
		os.MkdirAll(dir, 0o755)
		code, stdout, stderr := runExport(t, "zhang2026!", "--data", dataDir, "--out", dir, "--user", "张主管", "--rewrite", "1")
		if code != 0 {
			t.Fatalf("exit %d, stderr:\n%s", code, stderr)
		}
		if !strings.HasPrefix(stderr, "已重新写出第1号导出") {
			t.Errorf("rewrite says %q", stderr)
		}
		again, err := os.ReadFile(strings.TrimSpace(stdout))
		if err != nil || !bytes.Equal(again, first) {
			t.Fatalf("rewrite differs from export 1 (%v)", err)
		}
	})
	t.Run("Refusals", func(t *testing.T) {
		dir := t.TempDir()
		for _, c := range []struct {
			name, password string
			args           []string
			code           int
			want           string
		}{
			{"WrongPassword", "wrong-pass1", []string{"--data", dataDir, "--out", dir, "--user", "张主管"}, 1, "用户名或密码不正确"},
			{"NoPassword", "", []string{"--data", dataDir, "--out", dir, "--user", "张主管"}, 1, "没有读到密码"},
			{"MissingOut", "zhang2026!", []string{"--data", dataDir, "--out", filepath.Join(dir, "没插"), "--user", "张主管"}, 1, "找不到导出文件夹"},
			{"NoDatabase", "zhang2026!", []string{"--data", t.TempDir(), "--out", dir, "--user", "张主管"}, 1, "没有柜台通的数据库"},
			{"NoSuchExport", "zhang2026!", []string{"--data", dataDir, "--out", dir, "--user", "张主管", "--rewrite", "7"}, 1, "没有第7号导出"},
			{"Usage", "zhang2026!", []string{"--data", dataDir, "--user", "张主管"}, 2, "用法"},
		} {
			t.Run(c.name, func(t *testing.T) {
				code, stdout, stderr := runExport(t, c.password, c.args...)
				if code != c.code || stdout != "" || !strings.Contains(stderr, c.want) {
					t.Fatalf("exit %d, stdout %q, stderr %q; want exit %d and %q", code, stdout, stderr, c.code, c.want)
				}
				if fs, _ := os.ReadDir(dir); len(fs) != 0 {
					t.Fatalf("files written: %v", fs)
				}
			})
		}
	})
}

func TestExportCommandClerkAndNoRecipient(t *testing.T) {
	ctx := context.Background()
	dataDir := filepath.Join(t.TempDir(), "王 芳", "柜台通")
	db, sup := setUpStation(t, dataDir)
	clerk, err := db.AddUser(ctx, sup, "李窗口", forms.RoleClerk, "temp1234pw")
	if err != nil {
		t.Fatal(forms.ErrorMessage(err))
	}
	if err := db.ChangePassword(ctx, clerk.ID, "temp1234pw", "li2026pass"); err != nil {
		t.Fatal(forms.ErrorMessage(err))
	}
	db.Close()
	dir := t.TempDir()
	code, _, stderr := runExport(t, "zhang2026!", "--data", dataDir, "--out", dir, "--user", "张主管")
	if code != 1 || !strings.Contains(stderr, "尚未设置总部公钥") || !strings.Contains(stderr, "counterdesk hq-key --data 数据文件夹 --user 主管用户名 公钥文件") {
		t.Fatalf("no recipient: exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = runExport(t, "li2026pass", "--data", dataDir, "--out", dir, "--user", "李窗口")
	if code != 1 || !strings.Contains(stderr, "须由主管操作") {
		t.Fatalf("clerk: exit %d, stderr %q", code, stderr)
	}
	if fs, _ := os.ReadDir(dir); len(fs) != 0 {
		t.Fatalf("files written: %v", fs)
	}
}
