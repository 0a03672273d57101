package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"counterdesk/forms"
)

// TestSettings_Backup: a supervisor sees the backup warning on the home
// screen, sets a backup folder that is not plugged in, backs up now (it
// still succeeds, with a warning), plugs the folder in and backs up again;
// the warning goes. A clerk sees no warning and cannot back up.
func TestSettings_Backup(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.wait()
	home, s := h.app.home, h.app.home.settings
	if !home.backup.Visible() || !strings.Contains(home.backup.Text, "还没有成功的备份") {
		t.Fatalf("home backup warning %q (visible %v)", home.backup.Text, home.backup.Visible())
	}
	if s.backupNow.Disabled() || s.backupDays.Text != "30" {
		t.Fatalf("backup controls: disabled %v, days %q", s.backupNow.Disabled(), s.backupDays.Text)
	}

	usb := filepath.Join(t.TempDir(), "U盘", "柜台通备份")
	h.typeInto(s.backupFolder, usb)
	test.Tap(s.save)
	h.wait()
	if got, _ := h.db.Setting(ctx, forms.SettingBackupFolder); got != usb {
		t.Fatalf("backup folder saved as %q", got)
	}
	test.Tap(s.backupNow)
	h.wait()
	h.wait()
	if !strings.Contains(s.backupStatus.Text, "最近一次成功的备份") || !strings.Contains(s.backupStatus.Text, "找不到") {
		t.Fatalf("status after a backup with the folder missing: %q", s.backupStatus.Text)
	}
	if !home.backup.Visible() || !strings.Contains(home.backup.Text, "找不到") {
		t.Fatalf("home warning with the folder missing: %q", home.backup.Text)
	}

	if err := os.MkdirAll(usb, 0o700); err != nil {
		t.Fatal(err)
	}
	test.Tap(s.backupNow)
	h.wait()
	h.wait()
	home.checkBackup()
	h.wait()
	// 备份已完成 stays in the status line; the last good backup is its idle
	// text, shown once another tab is chosen.
	if home.backup.Visible() || home.status.Text != "备份已完成" || !strings.HasPrefix(home.idleStatus, "最近一次完好的备份") {
		t.Fatalf("home after a good backup: warning %q, status %q, idle %q", home.backup.Text, home.status.Text, home.idleStatus)
	}
	home.tabs.SelectIndex(1)
	h.wait()
	if home.status.Text != home.idleStatus {
		t.Fatalf("another tab chosen: status %q, want %q", home.status.Text, home.idleStatus)
	}
	// Encrypted: the stick holds no plain copy (issue 17).
	if m, _ := filepath.Glob(filepath.Join(usb, "counterdesk-*.db.age")); len(m) != 1 {
		t.Fatalf("encrypted backups in the folder: %v", m)
	}
	if m, _ := filepath.Glob(filepath.Join(usb, "counterdesk-*.db")); len(m) != 0 {
		t.Fatalf("backups in the folder: %v", m)
	}

	// A day later the supervisor is warned again.
	h.clock.Set(h.clock.Now().Add(25 * time.Hour))
	home.checkBackup()
	h.wait()
	if !home.backup.Visible() || !strings.Contains(home.backup.Text, "超过一天") {
		t.Fatalf("home warning a day later: %q", home.backup.Text)
	}

	test.Tap(s.restore) // explains the steps; changes nothing
	if _, err := os.Stat(h.db.Path()); err != nil {
		t.Fatal(err)
	}
}

func TestSettings_BackupClerk(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.logInNewClerk()
	h.wait()
	if h.app.home == nil || h.app.user.IsSupervisor() {
		t.Fatal("the clerk did not reach the main screen")
	}
	s := h.app.home.settings
	if h.app.home.backup.Visible() {
		t.Fatalf("a clerk sees the backup warning %q", h.app.home.backup.Text)
	}
	if !s.backupNow.Disabled() || !s.backupFolder.Disabled() || !s.restore.Disabled() {
		t.Fatal("a clerk can back up or change the backup folder")
	}
	if !strings.Contains(s.backupStatus.Text, "还没有成功的备份") {
		t.Fatalf("status for a clerk: %q", s.backupStatus.Text)
	}
}

type fakeRestorer struct {
	path    string
	code    string
	year    int
	lastSeq int64
}

func (f *fakeRestorer) CheckBackup(path, code string) (forms.BackupCheck, error) {
	f.code = code
	return forms.BackupCheck{Path: path}, nil
}

func (f *fakeRestorer) Restore(path, code string, year int, lastSeq int64) (string, error) {
	f.path, f.year, f.lastSeq = path, year, lastSeq
	return "已恢复备份 " + path, nil
}

// TestRestoreFromSettings restores through the settings screen: the stub
// is read as on set-up and handed to the restorer, which cmd implements by
// closing the store first.
func TestRestoreFromSettings(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	r := &fakeRestorer{}
	h.app.SetRestorer(r)
	s := h.app.home.settings
	s.onRestore()
	f := s.restoreDlg
	test.Tap(f.confirm)
	if r.path != "" {
		t.Fatal("a restore without a file went ahead")
	}
	h.typeInto(f.path, "/media/usb/counterdesk-QB01-20261122-090000.db.age")
	h.typeInto(f.code, "ABCDE-FGHJK-MNPQR-STUVW")
	h.typeInto(f.last, "QB02-2026-000010")
	test.Tap(f.confirm)
	if r.path != "" {
		t.Fatal("another station's stub was accepted")
	}
	h.typeInto(f.last, "QB01-2026-000137")
	test.Tap(f.confirm)
	h.wait()
	if r.path != "/media/usb/counterdesk-QB01-20261122-090000.db.age" || r.code != "ABCDE-FGHJK-MNPQR-STUVW" || r.year != 2026 || r.lastSeq != 137 {
		t.Fatalf("restorer got %+v", r)
	}
	if !strings.Contains(s.restored, "已恢复备份") {
		t.Fatalf("restored = %q", s.restored)
	}
}

// TestSettings_NewRecoveryCode: a supervisor makes a new recovery code
// (a station set up before encrypted backups needs one); it is shown once
// with a print button, and the backup recipient changes.
func TestSettings_NewRecoveryCode(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.wait()
	before, err := h.db.BackupRecipient(ctx)
	if err != nil || before == "" {
		t.Fatalf("recipient after set-up %q, %v", before, err)
	}
	s := h.app.home.settings
	test.Tap(s.newCode)
	h.typeInto(s.codeConfirm.password, "zhuguan123") // the supervisor's own password (recoverycode_test.go)
	h.tapDialog("换发")
	h.wait()
	if h.dialogButton("打印恢复码") == nil || h.dialogButton("我已妥善保存") == nil {
		t.Fatal("the new code is not shown with a print button")
	}
	after, err := h.db.BackupRecipient(ctx)
	if err != nil || after == "" || after == before {
		t.Fatalf("recipient %q → %q, %v", before, after, err)
	}
	h.tapDialog("我已妥善保存")
}
