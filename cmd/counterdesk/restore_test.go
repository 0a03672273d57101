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
		if err := restoreDialog(context.Background(), dataDir, backup, in, &out, now); err != nil {
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
		if err := restoreDialog(context.Background(), dataDir, backup, in, &out, now); err != nil {
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
		if err := restoreDialog(context.Background(), dataDir, backup, in, &out, now); err != nil {
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
		err := restoreDialog(context.Background(), dataDir, bad, strings.NewReader("\n1\ny\n"), &out, now)
		if err == nil || !strings.Contains(forms.ErrorMessage(err), "不能用于恢复") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrNoInput", func(t *testing.T) {
		dataDir, backup := restoreStation(t)
		var out strings.Builder
		err := restoreDialog(context.Background(), dataDir, backup, strings.NewReader(""), &out, now)
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
	if _, err := r.CheckBackup(backup); err != nil {
		t.Fatal(forms.ErrorMessage(err))
	}
	year := time.Now().Year()
	msg, err := r.Restore(backup, year, 42)
	if err != nil {
		t.Fatal(forms.ErrorMessage(err))
	}
	if want := forms.ReceiptNumber("QB01", year, 43); !strings.Contains(msg, want) || !strings.Contains(msg, "原数据库已改名保留") {
		t.Fatalf("message %q, want the next number %s", msg, want)
	}
	if _, err := r.Restore(filepath.Join(dataDir, "no-such.db"), year, 42); err == nil || !strings.Contains(forms.ErrorMessage(err), "重新打开") {
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
