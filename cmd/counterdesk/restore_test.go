package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"counterdesk/assets"
	"counterdesk/forms"
	"counterdesk/store"
)

// restoreStation sets up a station in a data folder with one receipt-less
// backup and returns the folder and the backup's path.
func restoreStation(t *testing.T) (dataDir, backup string) {
	t.Helper()
	dataDir = filepath.Join(t.TempDir(), "王 芳", "柜台通")
	db, sup := setUpStation(t, dataDir)
	defer db.Close()
	info, err := db.Backup(context.Background(), sup, "manual")
	if err != nil {
		t.Fatal(forms.ErrorMessage(err))
	}
	return dataDir, info.Path
}

func TestRestoreDialog(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 11, 23, 10, 0, 0, 0, time.Local) }
	t.Run("OK", func(t *testing.T) {
		dataDir, backup := restoreStation(t)
		var out strings.Builder
		in := strings.NewReader("\nQB01-2026-000042\n是\n")
		if err := restoreDialog(context.Background(), dataDir, backup, "", in, &out, now); err != nil {
			t.Fatalf("%s\n%s", forms.ErrorMessage(err), out.String())
		}
		for _, want := range []string{"备份文件完好", "恢复完成", "原来的数据库已改名保留", "QB01-2026-000043"} {
			if !strings.Contains(out.String(), want) {
				t.Fatalf("output lacks %q:\n%s", want, out.String())
			}
		}
		aside, _ := filepath.Glob(filepath.Join(dataDir, store.DBFileName+".before-restore-*"))
		if len(aside) == 0 {
			t.Fatal("the previous database was not kept aside")
		}
	})
	t.Run("Cancelled", func(t *testing.T) {
		dataDir, backup := restoreStation(t)
		var out strings.Builder
		in := strings.NewReader("2026\n7\n否\n")
		if err := restoreDialog(context.Background(), dataDir, backup, "", in, &out, now); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), "已取消") {
			t.Fatalf("output:\n%s", out.String())
		}
		if aside, _ := filepath.Glob(filepath.Join(dataDir, store.DBFileName+".before-restore-*")); len(aside) != 0 {
			t.Fatalf("cancelled restore moved the database: %v", aside)
		}
	})
	t.Run("RetryBadInput", func(t *testing.T) {
		dataDir, backup := restoreStation(t)
		var out strings.Builder
		in := strings.NewReader("1999\n2026\nabc\n5\ny\n")
		if err := restoreDialog(context.Background(), dataDir, backup, "", in, &out, now); err != nil {
			t.Fatalf("%s\n%s", forms.ErrorMessage(err), out.String())
		}
		if !strings.Contains(out.String(), "请重新输入") || !strings.Contains(out.String(), "QB01-2026-000006") {
			t.Fatalf("output:\n%s", out.String())
		}
	})
	t.Run("ErrCorrupt", func(t *testing.T) {
		dataDir, _ := restoreStation(t)
		bad := filepath.Join(t.TempDir(), "bad.db")
		if err := os.WriteFile(bad, []byte(strings.Repeat("x", 4096)), 0o600); err != nil {
			t.Fatal(err)
		}
		var out strings.Builder
		err := restoreDialog(context.Background(), dataDir, bad, "", strings.NewReader("\n1\ny\n"), &out, now)
		if err == nil || !strings.Contains(forms.ErrorMessage(err), "不能用于恢复") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrNoInput", func(t *testing.T) {
		dataDir, backup := restoreStation(t)
		var out strings.Builder
		err := restoreDialog(context.Background(), dataDir, backup, "", strings.NewReader(""), &out, now)
		if err == nil || !strings.Contains(forms.ErrorMessage(err), "没有任何改动") {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestRestoreMain_Usage(t *testing.T) {
	var out strings.Builder
	if code := restoreMain(nil, strings.NewReader(""), &out); code != 2 || !strings.Contains(out.String(), "用法") {
		t.Fatalf("code %d, output %s", code, out.String())
	}
}

func TestWithRestoreHint(t *testing.T) {
	ctx := context.Background()
	dataDir, backup := restoreStation(t)
	path := filepath.Join(dataDir, store.DBFileName)
	// Damage the database: overwrite its pages after the header.
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 100; i < len(data); i++ {
		data[i] = 0x5A
	}
	for _, s := range []string{"-wal", "-shm"} {
		os.Remove(path + s)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = store.Open(ctx, path)
	if err == nil {
		t.Fatal("a damaged database opened")
	}
	msg := startupMessage(withRestoreHint(ctx, dataDir, err))
	for _, want := range []string{"已损坏", backup, "restore", "存根联"} {
		if !strings.Contains(msg, want) {
			t.Fatalf("message lacks %q:\n%s", want, msg)
		}
	}
	// Another error is left as it was.
	other := forms.Errorf(forms.ECONFLICT, "柜台通已在运行")
	if withRestoreHint(ctx, dataDir, other) != other {
		t.Fatal("a different error got the restore hint")
	}
}

// TestUIRestorer restores from the settings screen's path: the open
// database is closed first, the backup put in its place, numbering after
// the paper stub.
func TestUIRestorer(t *testing.T) {
	dataDir, backup := restoreStation(t)
	db, err := store.Open(context.Background(), filepath.Join(dataDir, store.DBFileName))
	if err != nil {
		t.Fatal(err)
	}
	r := &uiRestorer{db: db, dataDir: dataDir}
	if _, err := r.CheckBackup(backup, ""); err != nil {
		t.Fatal(forms.ErrorMessage(err))
	}
	year := time.Now().Year()
	msg, err := r.Restore(backup, "", year, 42)
	if err != nil {
		t.Fatal(forms.ErrorMessage(err))
	}
	if want := forms.ReceiptNumber("QB01", year, 43); !strings.Contains(msg, want) || !strings.Contains(msg, "原数据库已改名保留") {
		t.Fatalf("message %q, want the next number %s", msg, want)
	}
	if _, err := r.Restore(filepath.Join(dataDir, "no-such.db"), "", year, 42); err == nil || !strings.Contains(forms.ErrorMessage(err), "重新打开") {
		t.Fatalf("a failed restore said %v", err)
	}
}

// setUpStation opens a database in dataDir, sets up station QB01 with the
// shipped catalogue and returns it with its supervisor as an actor.
func setUpStation(t *testing.T, dataDir string) (*store.DB, forms.Actor) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(dataDir, store.DBFileName))
	if err != nil {
		t.Fatal(err)
	}
	cat, err := forms.ParseCatalogue(assets.Catalogue)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Setup(ctx, forms.Station{BranchCode: "QB", BranchName: "青白江人才服务中心", Payee: "青白江人才服务中心", Number: 1},
		"张主管", "zhang2026!", cat); err != nil {
		t.Fatal(forms.ErrorMessage(err))
	}
	sup, err := db.Login(ctx, "张主管", "zhang2026!")
	if err != nil {
		t.Fatal(err)
	}
	return db, forms.Actor{UserID: sup.ID}
}

// encryptedStation sets up a station whose backup folder (a USB stick) is
// set, backs up, closes it and returns the data folder, the encrypted copy
// on the stick and the recovery code printed at set-up.
func encryptedStation(t *testing.T) (dataDir, copy, code string) {
	t.Helper()
	ctx := context.Background()
	dataDir = filepath.Join(t.TempDir(), "王 芳", "柜台通")
	db, err := store.Open(ctx, filepath.Join(dataDir, store.DBFileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cat, err := forms.ParseCatalogue(assets.Catalogue)
	if err != nil {
		t.Fatal(err)
	}
	code, err = db.Setup(ctx, forms.Station{BranchCode: "QB", BranchName: "青白江人才服务中心", Payee: "青白江人才服务中心", Number: 1},
		"张主管", "zhang2026!", cat)
	if err != nil {
		t.Fatal(forms.ErrorMessage(err))
	}
	sup, err := db.Login(ctx, "张主管", "zhang2026!")
	if err != nil {
		t.Fatal(err)
	}
	usb := filepath.Join(t.TempDir(), "U盘 备份")
	if err := os.MkdirAll(usb, 0o700); err != nil {
		t.Fatal(err)
	}
	a := forms.Actor{UserID: sup.ID}
	if err := db.SetSetting(ctx, a, forms.SettingBackupFolder, usb); err != nil {
		t.Fatal(forms.ErrorMessage(err))
	}
	info, err := db.Backup(ctx, a, "manual")
	if err != nil {
		t.Fatal(forms.ErrorMessage(err))
	}
	if !strings.HasSuffix(info.ExtraPath, ".db.age") {
		t.Fatalf("backup info %+v", info)
	}
	return dataDir, info.ExtraPath, code
}

// folderState is every file in a folder with its content.
func folderState(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		out[p] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRestoreDialog_Encrypted: an encrypted copy from the stick asks for
// the recovery code; a wrong one is refused with the data folder unchanged
// byte for byte; the right one (typed, or given with -code) restores.
func TestRestoreDialog_Encrypted(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 11, 23, 10, 0, 0, 0, time.Local) }
	ctx := context.Background()
	t.Run("ErrWrongCode", func(t *testing.T) {
		dataDir, copy, _ := encryptedStation(t)
		before := folderState(t, dataDir)
		var out strings.Builder
		err := restoreDialog(ctx, dataDir, copy, "", strings.NewReader("ABCDE-FGHJK-MNPQR-STUVW\n\n1\n是\n"), &out, now)
		if err == nil || !strings.Contains(forms.ErrorMessage(err), "恢复码不正确") || !strings.Contains(forms.ErrorMessage(err), "没有任何改动") {
			t.Fatalf("err = %v\n%s", err, out.String())
		}
		if !strings.Contains(out.String(), "请输入恢复码") {
			t.Fatalf("not asked for the code:\n%s", out.String())
		}
		after := folderState(t, dataDir)
		if len(after) != len(before) {
			t.Fatalf("files changed: %d → %d", len(before), len(after))
		}
		for p, c := range before {
			if after[p] != c {
				t.Fatalf("%s changed", p)
			}
		}
	})
	t.Run("TypedCode", func(t *testing.T) {
		dataDir, copy, code := encryptedStation(t)
		var out strings.Builder
		in := strings.NewReader(strings.ToLower(code) + "\n\nQB01-2026-000042\n是\n")
		if err := restoreDialog(ctx, dataDir, copy, "", in, &out, now); err != nil {
			t.Fatalf("%s\n%s", forms.ErrorMessage(err), out.String())
		}
		for _, want := range []string{"加密备份已用恢复码解开", "恢复完成", "QB01-2026-000043"} {
			if !strings.Contains(out.String(), want) {
				t.Fatalf("output lacks %q:\n%s", want, out.String())
			}
		}
	})
	t.Run("CodeFlag", func(t *testing.T) {
		dataDir, copy, code := encryptedStation(t)
		var out strings.Builder
		if rc := restoreMain([]string{"-data", dataDir, "-code", code, copy}, strings.NewReader("\n5\ny\n"), &out); rc != 0 {
			t.Fatalf("exit %d:\n%s", rc, out.String())
		}
		if strings.Contains(out.String(), "请输入恢复码") || !strings.Contains(out.String(), "恢复完成") {
			t.Fatalf("output:\n%s", out.String())
		}
	})
}
