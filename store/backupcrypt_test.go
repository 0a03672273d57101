package store

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"counterdesk/forms"

	"filippo.io/age"
)

func init() {
	// The real argon2id parameters take 64 MiB and a good fraction of a
	// second per derivation; the tests derive many keys.
	recoveryKDF.time, recoveryKDF.memoryKiB, recoveryKDF.threads = 1, 256, 1
}

// usbFolder makes the supervisor's backup folder (a path with a space and
// Chinese characters) and sets it.
func usbFolder(t *testing.T, f *fixture) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "U盘 备份", "柜台通")
	must(t, os.MkdirAll(dir, 0o700))
	must(t, f.db.SetSetting(context.Background(), f.sup, forms.SettingBackupFolder, dir))
	return dir
}

// hqIdentity makes head office's key pair and sets its recipient.
func hqIdentity(t *testing.T, f *fixture) *age.X25519Identity {
	t.Helper()
	id, err := age.GenerateX25519Identity()
	must(t, err)
	must(t, f.db.SetHQRecipient(context.Background(), f.sup, id.Recipient().String()))
	return id
}

// decryptWith decrypts an age file with identities.
func decryptWith(t *testing.T, path string, ids ...age.Identity) ([]byte, error) {
	t.Helper()
	in, err := os.Open(path)
	must(t, err)
	defer in.Close()
	r, err := age.Decrypt(in, ids...)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

func assertSameFiles(t *testing.T, before, after map[string]string) {
	t.Helper()
	if len(after) != len(before) {
		t.Fatalf("files changed: before %v, after %v", before, after)
	}
	for p, s := range before {
		if after[p] != s {
			t.Fatalf("%s changed", p)
		}
	}
}

func TestRecoveryIdentity(t *testing.T) {
	a, err := recoveryIdentity("QB01", "ABCDE-FGHJK-MNPQR-STUVW")
	must(t, err)
	b, err := recoveryIdentity("QB01", " abcde fghjk-mnpqr stuvw\n")
	must(t, err)
	if a.String() != b.String() || a.Recipient().String() != b.Recipient().String() {
		t.Fatal("the same code typed differently gives another key")
	}
	for _, other := range []struct{ station, code string }{
		{"QB02", "ABCDE-FGHJK-MNPQR-STUVW"}, {"QB01", "ABCDE-FGHJK-MNPQR-STUVX"},
	} {
		c, err := recoveryIdentity(other.station, other.code)
		must(t, err)
		if c.Recipient().String() == a.Recipient().String() {
			t.Fatalf("%+v gives the same recipient", other)
		}
	}
	if !strings.HasPrefix(a.Recipient().String(), "age1") || !strings.HasPrefix(a.String(), "AGE-SECRET-KEY-1") {
		t.Fatalf("identity %s…, recipient %s", a.String()[:16], a.Recipient())
	}
	// BIP 173's test vector: an empty data part.
	if s, err := bech32Encode("a", nil); err != nil || s != "a12uel5l" {
		t.Fatalf("bech32(a, nil) = %q, %v", s, err)
	}
}

func TestBackup_Encrypted(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	c := f.member(t, "赵欣然")
	_, err := lendOnce(ctx, f.db, f.clerk)
	must(t, err)
	usb := usbFolder(t, f)
	hq := hqIdentity(t, f)
	r, err := f.db.BackupRecipient(ctx)
	must(t, err)
	if r == "" {
		t.Fatal("set-up stored no backup recipient")
	}
	info, err := f.db.Backup(ctx, f.sup, "manual")
	must(t, err)
	if len(info.Warnings) != 0 || filepath.Dir(info.ExtraPath) != usb ||
		filepath.Base(info.ExtraPath) != filepath.Base(info.Path)+".age" {
		t.Fatalf("info = %+v", info)
	}
	if got := filesIn(t, usb); len(got) != 1 {
		t.Fatalf("files on the stick: %v", got)
	}
	data, err := os.ReadFile(info.ExtraPath)
	must(t, err)
	if bytes.HasPrefix(data, sqliteHeader) || !bytes.HasPrefix(data, ageMagic) {
		t.Fatalf("the copy on the stick starts %q", data[:32])
	}
	for _, secret := range []string{c.IDNumber, c.Mobile, c.Name, "QB01-2026-000001"} {
		if bytes.Contains(data, []byte(secret)) {
			t.Fatalf("the encrypted copy contains %q", secret)
		}
	}
	plain, err := os.ReadFile(info.Path)
	must(t, err)
	if !bytes.Contains(plain, []byte(c.IDNumber)) {
		t.Fatal("the test's ID number is not in the plain copy: the grep above proves nothing")
	}
	_, sum, err := fileSum(info.ExtraPath)
	must(t, err)
	if sum != info.ExtraSHA256 || info.ExtraSize != int64(len(data)) {
		t.Fatalf("encrypted copy's checksum %s, recorded %s", sum, info.ExtraSHA256)
	}
	var rowSum string
	must(t, f.db.db.QueryRow("SELECT sha256 FROM backups WHERE path = ?", info.ExtraPath).Scan(&rowSum))
	if rowSum != sum {
		t.Fatalf("backups row for the stick: sha256 %s, file %s", rowSum, sum)
	}
	st, err := f.db.BackupStatus(ctx)
	must(t, err)
	if len(st.Warnings) != 0 {
		t.Fatalf("status = %+v", st)
	}

	// Head office decrypts with its identity, as `age -d -i hq-identity.txt`.
	got, err := decryptWith(t, info.ExtraPath, hq)
	must(t, err)
	if !bytes.Equal(got, plain) {
		t.Fatal("head office's decryption differs from the checked copy")
	}
	// So does the branch, with the identity the recovery code gives.
	branch, err := recoveryIdentity("QB01", f.recovery)
	must(t, err)
	if got, err := decryptWith(t, info.ExtraPath, branch); err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("branch decryption: %v", err)
	}

	// Another receipt after the backup; then the database is lost.
	_, err = lendOnce(ctx, f.db, f.clerk)
	must(t, err)
	dir, path := f.db.DataDir(), f.db.Path()
	must(t, f.db.Close())
	before := fileState(t, dir)
	stick := fileState(t, usb)

	t.Run("ErrNoCode", func(t *testing.T) {
		_, err := CheckBackup(ctx, dir, info.ExtraPath)
		assertErr(t, err, forms.EINVALID, "恢复码")
		var fe *forms.Error
		if !asFormsError(err, &fe) || fe.Key != KeyRecoveryCodeNeeded {
			t.Fatalf("error %v has no key %s", err, KeyRecoveryCodeNeeded)
		}
		_, err = RestoreCode(ctx, dir, info.ExtraPath, "", testStart.Year(), 2, f.clk.Now)
		assertErr(t, err, forms.EINVALID, "恢复码")
		assertSameFiles(t, before, fileState(t, dir))
	})
	t.Run("ErrWrongCode", func(t *testing.T) {
		wrong := "ABCDE-FGHJK-MNPQR-STUVW"
		_, err := CheckBackupCode(ctx, dir, info.ExtraPath, wrong)
		assertErr(t, err, forms.EINVALID, "恢复码不正确", "没有任何改动")
		_, err = RestoreCode(ctx, dir, info.ExtraPath, wrong, testStart.Year(), 2, f.clk.Now)
		assertErr(t, err, forms.EINVALID, "恢复码不正确", "没有任何改动")
		assertSameFiles(t, before, fileState(t, dir))
		assertSameFiles(t, stick, fileState(t, usb))
	})
	t.Run("ErrBadCodeForm", func(t *testing.T) {
		_, err := RestoreCode(ctx, dir, info.ExtraPath, "12345", testStart.Year(), 2, f.clk.Now)
		assertErr(t, err, forms.EINVALID, "恢复码格式不对", "没有任何改动")
		assertSameFiles(t, before, fileState(t, dir))
	})
	t.Run("ErrTruncated", func(t *testing.T) {
		cut := filepath.Join(t.TempDir(), filepath.Base(info.ExtraPath))
		must(t, os.WriteFile(cut, data[:len(data)-4096], 0o600))
		_, err := RestoreCode(ctx, dir, cut, f.recovery, testStart.Year(), 2, f.clk.Now)
		assertErr(t, err, forms.EINVALID, "不完整", "没有任何改动")
		assertSameFiles(t, before, fileState(t, dir))
	})
	t.Run("Check", func(t *testing.T) {
		chk, err := CheckBackupCode(ctx, dir, info.ExtraPath, strings.ToLower(f.recovery))
		must(t, err)
		if !chk.Encrypted || chk.Path != info.ExtraPath || chk.SHA256 != info.ExtraSHA256 || chk.StationCode != "QB01" ||
			chk.LastSeq[testStart.Year()] != 1 {
			t.Fatalf("check = %+v", chk)
		}
		assertSameFiles(t, before, fileState(t, dir))
	})
	t.Run("Restore", func(t *testing.T) {
		res, err := RestoreCode(ctx, dir, info.ExtraPath, f.recovery, testStart.Year(), 2, f.clk.Now)
		must(t, err)
		if res.NextNumber != "QB01-2026-000003" || !res.Check.Encrypted {
			t.Fatalf("result = %+v", res)
		}
		for _, n := range filesIn(t, dir) {
			if strings.Contains(n, "decrypt") {
				t.Fatalf("decrypted temporary file left: %s", n)
			}
		}
		db := mustOpenPath(t, path, f.clk)
		defer db.Close()
		got, err := db.Customer(ctx, c.ID)
		must(t, err)
		if got.IDNumber != c.IDNumber {
			t.Fatalf("restored customer %+v", got)
		}
	})
}

func TestBackup_NoBranchRecipient(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	_, err := lendOnce(ctx, f.db, f.clerk)
	must(t, err)
	usb := usbFolder(t, f)
	// A station set up before this release: no recipient from its code.
	_, err = f.db.db.Exec("DELETE FROM settings WHERE key = ?", settingBackupRecipient)
	must(t, err)

	t.Run("NoRecipientAtAll", func(t *testing.T) {
		info, err := f.db.Backup(ctx, f.sup, "manual")
		must(t, err)
		if info.ExtraPath != "" || len(info.Warnings) != 1 || !strings.Contains(info.Warnings[0], "换发恢复码") ||
			!strings.Contains(info.Warnings[0], "不能把未加密的备份写到U盘") {
			t.Fatalf("info = %+v", info)
		}
		if got := filesIn(t, usb); len(got) != 0 {
			t.Fatalf("files on the stick without a recipient: %v", got)
		}
		if _, err := os.Stat(info.Path); err != nil {
			t.Fatalf("the data folder's copy: %v", err)
		}
		st, err := f.db.BackupStatus(ctx)
		must(t, err)
		if len(st.Warnings) != 1 || !strings.Contains(st.Warnings[0], "换发恢复码") {
			t.Fatalf("status = %+v", st)
		}
	})
	hq := hqIdentity(t, f)
	t.Run("HeadOfficeOnly", func(t *testing.T) {
		f.clk.Add(1e9)
		info, err := f.db.Backup(ctx, f.sup, "manual")
		must(t, err)
		if info.ExtraPath == "" || len(info.Warnings) != 1 || !strings.Contains(info.Warnings[0], "只加密给了总部") {
			t.Fatalf("info = %+v", info)
		}
		if _, err := decryptWith(t, info.ExtraPath, hq); err != nil {
			t.Fatalf("head office cannot decrypt: %v", err)
		}
		st, err := f.db.BackupStatus(ctx)
		must(t, err)
		if len(st.Warnings) != 1 || !strings.Contains(st.Warnings[0], "只加密给了总部") {
			t.Fatalf("status = %+v", st)
		}
	})
	t.Run("NewRecoveryCode", func(t *testing.T) {
		_, err := f.db.NewRecoveryCode(ctx, f.clerk, clerkPw)
		assertErr(t, err, forms.EFORBIDDEN)
		code, err := f.db.NewRecoveryCode(ctx, f.sup, supPass)
		must(t, err)
		if code == f.recovery || len(canonicalRecovery(code)) != 20 {
			t.Fatalf("new code %q", code)
		}
		var n int
		must(t, f.db.db.QueryRow("SELECT count(*) FROM audit_log WHERE action = ?", ActRecoveryCode).Scan(&n))
		if n != 1 {
			t.Fatalf("%d audit entries %s", n, ActRecoveryCode)
		}
		f.clk.Add(1e9)
		info, err := f.db.Backup(ctx, f.sup, "manual")
		must(t, err)
		if len(info.Warnings) != 0 {
			t.Fatalf("info = %+v", info)
		}
		id, err := recoveryIdentity("QB01", code)
		must(t, err)
		if _, err := decryptWith(t, info.ExtraPath, id); err != nil {
			t.Fatalf("the new code does not decrypt: %v", err)
		}
		old, err := recoveryIdentity("QB01", f.recovery)
		must(t, err)
		if _, err := decryptWith(t, info.ExtraPath, old); err == nil {
			t.Fatal("the old code decrypts a backup made after the new one")
		}
		// The new code also resets a supervisor's password.
		must(t, f.db.RecoverSupervisor(ctx, code, supName, "xin2026pass"))
	})
}

// TestRestore_PlainCopyOnStick: copies written to the stick by the
// previous release (plain .db) still restore, without a code.
func TestRestore_PlainCopyOnStick(t *testing.T) {
	ctx := context.Background()
	f, dir, backup := stationDir(t)
	usb := filepath.Join(t.TempDir(), "U盘 旧备份")
	must(t, os.MkdirAll(usb, 0o700))
	old := filepath.Join(usb, filepath.Base(backup))
	must(t, copyFileSync(backup, old))
	chk, err := CheckBackupCode(ctx, dir, old, "")
	must(t, err)
	if chk.Encrypted {
		t.Fatal("a plain copy checked as encrypted")
	}
	res, err := RestoreCode(ctx, dir, old, "", testStart.Year(), 1, f.clk.Now)
	must(t, err)
	if res.NextNumber != "QB01-2026-000002" {
		t.Fatalf("result = %+v", res)
	}
}

func TestEncryptedBackupNames(t *testing.T) {
	for name, want := range map[string]bool{
		"counterdesk-QB01-20261123-100000.db.age":    true,
		"counterdesk-QB01-20261123-100000-2.db.age":  true,
		"counterdesk-QB01-20261123-100000.db":        true,
		"counterdesk-QB01-20261123-100000.age":       false,
		"counterdesk-QB01-20261123-100000.db.age.1":  false,
		".counterdesk-QB01-20261123-100000.db.tmp-7": false,
	} {
		if got := backupNameRe.MatchString(name); got != want {
			t.Errorf("backupNameRe(%q) = %v, want %v", name, got, want)
		}
	}
	if !backupTempRe.MatchString(".counterdesk-QB01-20261123-100000.db.tmp-12345") {
		t.Error("an encrypted copy's temporary file is not cleaned up")
	}
	if !dataTempRe.MatchString(".counterdesk-decrypt-123456.tmp") {
		t.Error("a decrypted backup's temporary file is not cleaned up")
	}
}

// TestBackup_BranchOnly: before head office's recipient is set, the copy is
// encrypted to the branch's code alone, without a warning.
func TestBackup_BranchOnly(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	usb := usbFolder(t, f)
	info, err := f.db.Backup(ctx, f.sup, "manual")
	must(t, err)
	if len(info.Warnings) != 0 || filepath.Dir(info.ExtraPath) != usb {
		t.Fatalf("info = %+v", info)
	}
	id, err := recoveryIdentity("QB01", f.recovery)
	must(t, err)
	if _, err := decryptWith(t, info.ExtraPath, id); err != nil {
		t.Fatalf("the branch cannot decrypt: %v", err)
	}
}
