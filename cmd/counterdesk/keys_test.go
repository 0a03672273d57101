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

// keysStation sets up a station in a data folder whose path has a space
// and Chinese characters, and closes it.
func keysStation(t *testing.T) string {
	t.Helper()
	dataDir := filepath.Join(t.TempDir(), "王 芳", "柜台通 数据")
	db, _ := setUpStation(t, dataDir)
	db.Close()
	return dataDir
}

func TestKeysMain(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		dataDir := keysStation(t)
		var out, errOut strings.Builder
		if code := keysMain([]string{"--data", dataDir}, &out, &errOut); code != 0 {
			t.Fatalf("exit %d: %s", code, errOut.String())
		}
		if errOut.Len() != 0 {
			t.Fatalf("stderr: %s", errOut.String())
		}
		br, st, pub, err := store.ParseStationKey(out.String())
		if err != nil {
			t.Fatalf("the printed key does not parse: %v\n%s", err, out.String())
		}
		db, err := store.Open(context.Background(), filepath.Join(dataDir, store.DBFileName))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		k, err := db.StationKey(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if br != "QB" || st != 1 || !bytes.Equal(pub, k.PublicKey) || out.String() != k.Text {
			t.Fatalf("printed %q, station key %+v", out.String(), k)
		}
		if !strings.Contains(out.String(), k.Fingerprint) {
			t.Fatal("the fingerprint is not printed")
		}
	})
	t.Run("ErrEmptyFolder", func(t *testing.T) {
		dataDir := filepath.Join(t.TempDir(), "空 文件夹")
		must(t, os.MkdirAll(dataDir, 0o700))
		var out, errOut strings.Builder
		if code := keysMain([]string{"--data", dataDir}, &out, &errOut); code != 1 {
			t.Fatalf("exit %d", code)
		}
		if out.Len() != 0 || !strings.Contains(errOut.String(), "没有柜台通的数据库") || !strings.Contains(errOut.String(), dataDir) {
			t.Fatalf("stdout %q, stderr %q", out.String(), errOut.String())
		}
		if _, err := os.Stat(filepath.Join(dataDir, store.DBFileName)); !os.IsNotExist(err) {
			t.Fatal("keys made a database in an empty folder")
		}
	})
	t.Run("ErrNotSetUp", func(t *testing.T) {
		dataDir := filepath.Join(t.TempDir(), "未 设置")
		db, err := store.Open(context.Background(), filepath.Join(dataDir, store.DBFileName))
		must(t, err)
		db.Close()
		var out, errOut strings.Builder
		if code := keysMain([]string{"--data", dataDir}, &out, &errOut); code != 1 {
			t.Fatalf("exit %d", code)
		}
		if out.Len() != 0 || !strings.Contains(errOut.String(), "尚未完成初始设置") {
			t.Fatalf("stdout %q, stderr %q", out.String(), errOut.String())
		}
	})
	t.Run("ErrRunning", func(t *testing.T) {
		dataDir := keysStation(t)
		lock, err := acquireLock(filepath.Join(dataDir, "counterdesk.lock"))
		must(t, err)
		defer lock.release()
		var out, errOut strings.Builder
		if code := keysMain([]string{"--data", dataDir}, &out, &errOut); code != 1 {
			t.Fatalf("exit %d", code)
		}
		if !strings.Contains(errOut.String(), "请先关闭所有柜台通窗口") {
			t.Fatalf("stderr %q", errOut.String())
		}
	})
	t.Run("ErrUsage", func(t *testing.T) {
		var out, errOut strings.Builder
		if code := keysMain([]string{"--data", "x", "extra"}, &out, &errOut); code != 2 {
			t.Fatalf("exit %d", code)
		}
		if !strings.Contains(errOut.String(), "用法") {
			t.Fatalf("stderr %q", errOut.String())
		}
	})
}

func TestHQKeyMain(t *testing.T) {
	ctx := context.Background()
	id, err := age.GenerateX25519Identity()
	must(t, err)
	recipient := id.Recipient().String()
	writeFile := func(t *testing.T, text string) string {
		t.Helper()
		p := filepath.Join(t.TempDir(), "总部 公钥", "hq-recipient.txt")
		must(t, os.MkdirAll(filepath.Dir(p), 0o700))
		must(t, os.WriteFile(p, []byte(text), 0o600))
		return p
	}
	stored := func(t *testing.T, dataDir string) string {
		t.Helper()
		db, err := store.Open(ctx, filepath.Join(dataDir, store.DBFileName))
		must(t, err)
		defer db.Close()
		r, _, err := db.HQRecipient(ctx)
		must(t, err)
		return r
	}

	t.Run("OK", func(t *testing.T) {
		dataDir := keysStation(t)
		file := writeFile(t, "\ufeff# created: 2026-11-30T10:00:00Z\r\n# 总部收件人\r\n"+recipient+"\r\n")
		var out, errOut strings.Builder
		code := hqKeyMain([]string{"--data", dataDir, "--user", "张主管", file}, strings.NewReader("zhang2026!\r\n"), &out, &errOut)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut.String())
		}
		if !strings.Contains(out.String(), store.RecipientFingerprint(recipient)) {
			t.Fatalf("stdout %q lacks the fingerprint", out.String())
		}
		if got := stored(t, dataDir); got != recipient {
			t.Fatalf("stored recipient %q", got)
		}
	})
	for _, tc := range []struct {
		name, file, user, stdin, msg string
	}{
		{"ErrWrongPassword", recipient + "\n", "张主管", "wrong\n", "用户名或密码不正确"},
		{"ErrNoPassword", recipient + "\n", "张主管", "", "没有读到密码"},
		{"ErrBadRecipient", "age1xyz\n", "张主管", "zhang2026!\n", "格式不对"},
		{"ErrSecretKey", id.String() + "\n", "张主管", "zhang2026!\n", "私钥"},
		{"ErrEmptyFile", "# nothing\n", "张主管", "zhang2026!\n", "为空"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dataDir := keysStation(t)
			var out, errOut strings.Builder
			code := hqKeyMain([]string{"--data", dataDir, "--user", tc.user, writeFile(t, tc.file)}, strings.NewReader(tc.stdin), &out, &errOut)
			if code != 1 || !strings.Contains(errOut.String(), tc.msg) || !strings.Contains(errOut.String(), "没有设置总部公钥") {
				t.Fatalf("exit %d, stderr %q, want %q", code, errOut.String(), tc.msg)
			}
			if got := stored(t, dataDir); got != "" {
				t.Fatalf("a refused hq-key stored %q", got)
			}
		})
	}
	t.Run("ErrClerk", func(t *testing.T) {
		dataDir := filepath.Join(t.TempDir(), "王 芳", "柜台通 数据")
		db, sup := setUpStation(t, dataDir)
		_, err := db.AddUser(ctx, sup, "李窗口", forms.RoleClerk, "temp1234pw")
		must(t, err)
		u, err := db.Login(ctx, "李窗口", "temp1234pw")
		must(t, err)
		must(t, db.ChangePassword(ctx, u.ID, "temp1234pw", "li2026pass"))
		db.Close()
		var out, errOut strings.Builder
		code := hqKeyMain([]string{"--data", dataDir, "--user", "李窗口", writeFile(t, recipient)}, strings.NewReader("li2026pass\n"), &out, &errOut)
		if code != 1 || !strings.Contains(errOut.String(), "设置总部公钥须由主管操作，“李窗口”不是主管。请用主管的用户名和密码运行") {
			t.Fatalf("exit %d, stderr %q", code, errOut.String())
		}
		if got := stored(t, dataDir); got != "" {
			t.Fatalf("a clerk stored %q", got)
		}
	})
	t.Run("ErrMissingFile", func(t *testing.T) {
		dataDir := keysStation(t)
		var out, errOut strings.Builder
		code := hqKeyMain([]string{"--data", dataDir, "--user", "张主管", filepath.Join(dataDir, "没有 这个.txt")}, strings.NewReader("zhang2026!\n"), &out, &errOut)
		if code != 1 || !strings.Contains(errOut.String(), "无法读取总部收件人文件") {
			t.Fatalf("exit %d, stderr %q", code, errOut.String())
		}
	})
	t.Run("ErrUsage", func(t *testing.T) {
		var out, errOut strings.Builder
		if code := hqKeyMain([]string{"--data", "x", "file"}, strings.NewReader(""), &out, &errOut); code != 2 {
			t.Fatalf("exit %d (no --user)", code)
		}
	})
}

// must fails the test on an error, with its Chinese message.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(forms.ErrorMessage(err))
	}
}
