package store

// Encrypted backups (issue 17, "Encrypted copies").
//
// The copy of a backup written to the supervisor's folder (a USB stick or
// a second disk, setting backup.folder) is <name>.db.age: the checked
// VACUUM INTO file encrypted with age to two X25519 recipients, head
// office's (setting hq.recipient, the one exports are encrypted to) and the
// branch's, made from the recovery code printed at set-up. A lost stick
// leaks nothing; head office decrypts with its identity (age -d -i), the
// branch with its recovery code alone (`counterdesk restore -code`).
//
// The branch recipient: argon2id of the canonical recovery code, salted
// with the station code (QB01), gives 32 bytes, used as an age X25519
// identity (the secret scalar). Only the public recipient (age1…) is kept,
// in the settings row backup.recipient, written at set-up and whenever a
// new recovery code is made (NewRecoveryCode); the code itself and the
// identity are never stored. A restore derives the identity again from the
// code typed in and the station code in the backup's file name (or of the
// data folder), decrypts into a private temporary file in the data folder
// and checks that like any plain backup. A station set up before this
// release has no branch recipient until a supervisor makes a new recovery
// code: its copies are encrypted to head office alone, and the backup
// status says so. With no recipient at all no copy goes to the removable
// folder (a warning names the fix); the data folder's copy stays plain.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"counterdesk/forms"

	"filippo.io/age"
	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/bcrypt"
)

// settingBackupRecipient is the settings row holding the branch's backup
// recipient (age1…), derived from the current recovery code. It is not a
// supervisor's setting (not in forms.SettingDefaults): only set-up and
// NewRecoveryCode write it.
const settingBackupRecipient = "backup.recipient"

// EncryptedBackupExt ends the name of an encrypted backup copy.
const EncryptedBackupExt = ".age"

// KeyRecoveryCodeNeeded marks the refusal of an encrypted backup checked or
// restored without a recovery code: the caller asks for one and tries again.
const KeyRecoveryCodeNeeded = "store.backup_code_needed"

// ActRecoveryCode is the audit action of making a new recovery code.
const ActRecoveryCode = "station.recovery_code"

// recoveryKDF are the argon2id parameters that turn a recovery code into the
// branch's backup identity: 19 MiB, 2 passes, 1 lane, OWASP's recommended
// minimum. The code has about 99 bits (20 characters of 31), so the cost
// guards against nothing a guess could reach; it stays small because
// set-up and every new code pay it (0.86 s here on 2 shared cores with 8
// builds running, 3.3 s for RFC 9106's 64 MiB × 3). Changing them makes
// every existing encrypted backup unreadable with its code: never change
// them without a new salt prefix. Tests lower them.
var recoveryKDF = struct {
	time, memoryKiB uint32
	threads         uint8
}{2, 19 * 1024, 1}

// recoverySaltPrefix starts the salt; the station code follows it.
const recoverySaltPrefix = "counterdesk-backup-key/1 "

// ageMagic starts every age file.
var ageMagic = []byte("age-encryption.org/v1\n")

// backupStationRe reads the station code from a backup's file name.
var backupStationRe = regexp.MustCompile(`^counterdesk-([A-Z]{2,4}[0-9]{2})-[0-9]{8}-[0-9]{6}`)

// recoveryIdentity derives the branch's backup identity from a recovery
// code (any spelling canonicalRecovery accepts) and the station code.
func recoveryIdentity(stationCode, code string) (*age.X25519Identity, error) {
	key := argon2.IDKey([]byte(canonicalRecovery(code)), []byte(recoverySaltPrefix+stationCode),
		recoveryKDF.time, recoveryKDF.memoryKiB, recoveryKDF.threads, 32)
	s, err := bech32Encode("age-secret-key-", key)
	if err != nil {
		return nil, err
	}
	return age.ParseX25519Identity(strings.ToUpper(s))
}

// bech32Encode is BIP 173's Bech32 of 8-bit data with the human-readable
// part hrp (lower case), without BIP 173's 90-character limit, as age
// encodes its keys. age.ParseX25519Identity checks what it writes.
func bech32Encode(hrp string, data []byte) (string, error) {
	const charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
	// 8-bit groups to 5-bit groups, the last padded with zeros.
	var values []byte
	acc, bits := 0, 0
	for _, b := range data {
		acc = acc<<8 | int(b)
		bits += 8
		for bits >= 5 {
			bits -= 5
			values = append(values, byte(acc>>bits&31))
		}
	}
	if bits > 0 {
		values = append(values, byte(acc<<(5-bits)&31))
	}
	polymod := func(vs []byte) uint32 {
		gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
		chk := uint32(1)
		for _, v := range vs {
			top := chk >> 25
			chk = (chk&0x1ffffff)<<5 ^ uint32(v)
			for i := 0; i < 5; i++ {
				if top>>i&1 == 1 {
					chk ^= gen[i]
				}
			}
		}
		return chk
	}
	for _, c := range hrp {
		if c < 33 || c > 126 || (c >= 'A' && c <= 'Z') {
			return "", fmt.Errorf("bech32: bad human-readable part %q", hrp)
		}
	}
	var exp []byte
	for i := 0; i < len(hrp); i++ {
		exp = append(exp, hrp[i]>>5)
	}
	exp = append(exp, 0)
	for i := 0; i < len(hrp); i++ {
		exp = append(exp, hrp[i]&31)
	}
	mod := polymod(append(append(exp, values...), 0, 0, 0, 0, 0, 0)) ^ 1
	var b strings.Builder
	b.WriteString(hrp)
	b.WriteByte('1')
	for _, v := range values {
		b.WriteByte(charset[v])
	}
	for i := 0; i < 6; i++ {
		b.WriteByte(charset[mod>>(5*(5-i))&31])
	}
	return b.String(), nil
}

// checkRecoveryCodeForm refuses what cannot be a recovery code before the
// slow key derivation: 20 characters of recoveryAlphabet once dashes and
// spaces are removed.
func checkRecoveryCodeForm(code string) error {
	c := canonicalRecovery(code)
	if c == "" {
		return &forms.Error{Code: forms.EINVALID, Key: KeyRecoveryCodeNeeded,
			Message: "这是加密的备份（.db.age），请输入网点的恢复码（保险柜中打印的恢复码，4组、每组5个字符）"}
	}
	if len([]rune(c)) != 20 || strings.Trim(c, recoveryAlphabet) != "" {
		return forms.Errorf(forms.EINVALID, "恢复码格式不对：应为20个字母或数字（4组、每组5个，如 ABCDE-FGHJK-MNPQR-STUVW），"+
			"不含 0、1、I、L、O。请对照保险柜中的恢复码重新输入。当前数据库没有任何改动。")
	}
	return nil
}

// saveBackupRecipient derives the branch's backup recipient from a new
// recovery code and stores it (settings row backup.recipient), in the
// caller's transaction. The code is not stored.
func saveBackupRecipient(ctx context.Context, tx *txn, w *who, stationCode, code string) (string, error) {
	r, err := backupRecipientOf(stationCode, code)
	if err != nil {
		return "", err
	}
	return r, storeBackupRecipient(ctx, tx, w, r)
}

// backupRecipientOf derives the branch's backup recipient (age1…) from a
// recovery code and the station code, through deriveRecoveryIdentity
// (argon2id, about 0.9 s).
func backupRecipientOf(stationCode, code string) (string, error) {
	id, err := deriveRecoveryIdentity(stationCode, code)
	if err != nil {
		return "", fmt.Errorf("derive backup key: %w", err)
	}
	return id.Recipient().String(), nil
}

// deriveRecoveryIdentity is recoveryIdentity; a test replaces it to see
// whether a write transaction is open while the key is derived.
var deriveRecoveryIdentity = recoveryIdentity

// storeBackupRecipient stores the branch's backup recipient r (settings row
// backup.recipient), set by w, in the caller's transaction.
func storeBackupRecipient(ctx context.Context, tx *txn, w *who, r string) error {
	var by any
	if w != nil && w.user != nil {
		by = w.user.ID
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,
		updated_by = excluded.updated_by`, settingBackupRecipient, r, ts(tx.now), by); err != nil {
		return fmt.Errorf("store backup recipient: %w", err)
	}
	return nil
}

// backupRecipients reads the recipients a removable copy is encrypted to:
// head office's and the branch's, each "" when not set.
func backupRecipients(ctx context.Context, tx *txn) (hq, branch string, err error) {
	if hq, err = storedRecipient(ctx, tx); err != nil {
		return "", "", err
	}
	v, _, err := storedSetting(ctx, tx, settingBackupRecipient)
	return hq, strings.TrimSpace(v), err
}

// BackupRecipient returns the branch's backup recipient (age1…) made from
// the current recovery code; "" for a station set up before encrypted
// backups that has not made a new recovery code since.
func (db *DB) BackupRecipient(ctx context.Context) (string, error) {
	var r string
	err := db.read(ctx, func(tx *txn) error {
		var err error
		_, r, err = backupRecipients(ctx, tx)
		return err
	})
	return r, err
}

// NewRecoveryCode makes a new recovery code (supervisor) and returns it, to
// be printed and kept in the safe as at set-up: the old code stops working
// for resetting a supervisor's password, and backups copied to the
// supervisor's folder from now on are encrypted to the new code's
// recipient. Backups written before stay readable with the code of their
// time only. Audited.
//
// A logged-in supervisor confirms with their own log-in password
// (password), checked in this transaction and counted toward their log-in
// lock-out: a wrong one is EUNAUTHORIZED and changes nothing, the
// forms.MaxFailures-th locks their name (forms.LockedError). A clerk's
// screen needs a supervisor's approval instead (a.ApproverName and
// a.ApproverPassword, typed for this one action), and password is unused.
//
// The new code, its hash and the backup key derived from it (argon2id,
// about 0.9 s, and bcrypt) are made before the write transaction begins,
// so the other desks' saves do not wait for them; in the transaction the
// password is checked first, before anything is written.
func (db *DB) NewRecoveryCode(ctx context.Context, a forms.Actor, password string) (string, error) {
	st, err := db.Station(ctx)
	if err != nil {
		return "", err
	}
	code, err := recoveryCode(nil)
	if err != nil {
		return "", err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(canonicalRecovery(code)), bcryptCost)
	if err != nil {
		return "", fmt.Errorf("hash recovery code: %w", err)
	}
	r, err := backupRecipientOf(st.Code(), code)
	if err != nil {
		return "", err
	}

	tx, err := db.begin(ctx)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	w, err := supervisorActor(ctx, tx, a)
	if err != nil {
		return "", err
	}
	if w.approver == nil {
		u, err := findUser(ctx, tx, w.user.ID)
		if err != nil {
			return "", err
		}
		if err := confirmPassword(ctx, tx, u, password,
			forms.Errorf(forms.EUNAUTHORIZED, "密码不正确：请输入您本人（%s）的登录密码，再换发恢复码", u.Name)); err != nil {
			return "", err
		}
	}
	// The station's code salts the key; it never changes once set up.
	if now, err := findStation(ctx, tx); err != nil {
		return "", err
	} else if now.ID != st.ID || now.Code() != st.Code() {
		return "", fmt.Errorf("new recovery code: the station changed from %s to %s", st.Code(), now.Code())
	}
	if _, err := tx.ExecContext(ctx, "UPDATE station SET recovery_hash = ?, recovery_used_at = NULL WHERE id = ?",
		string(hash), st.ID); err != nil {
		return "", fmt.Errorf("store recovery code: %w", err)
	}
	_, before, err := backupRecipients(ctx, tx)
	if err != nil {
		return "", err
	}
	if err := storeBackupRecipient(ctx, tx, w, r); err != nil {
		return "", err
	}
	if err := audit(ctx, tx, w, auditRec{action: ActRecoveryCode, entity: "station", entityID: st.ID,
		before: map[string]string{"backup_recipient": before}, after: map[string]string{"backup_recipient": r},
		note: "换发恢复码：旧恢复码作废；此后写入备份文件夹的加密备份用新恢复码解开，此前的加密备份仍须用当时的恢复码"}); err != nil {
		return "", err
	}
	if err := tx.commit(); err != nil {
		return "", err
	}
	return code, nil
}

// isAgeFile reports whether the file at path starts like an age file.
func isAgeFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, len(ageMagic))
	if _, err := io.ReadFull(f, head); err != nil {
		return false
	}
	return bytes.Equal(head, ageMagic)
}

// encryptCopy writes src, encrypted with age to recipients, into dir as
// <base name of src>.age, durably (temporary file, fsync, rename), reads the
// written file back and compares its checksum with what was written. It
// refuses to replace a file. It returns the copy's path, size and SHA-256.
func encryptCopy(src, dir string, recipients []age.Recipient) (string, int64, string, error) {
	dst := filepath.Join(dir, filepath.Base(src)+EncryptedBackupExt)
	if _, err := os.Lstat(dst); err == nil {
		return "", 0, "", fmt.Errorf("%s already exists", dst)
	}
	in, err := os.Open(src)
	if err != nil {
		return "", 0, "", err
	}
	defer in.Close()
	out, err := os.CreateTemp(dir, "."+filepath.Base(src)+".tmp-*")
	if err != nil {
		return "", 0, "", err
	}
	tmp := out.Name()
	fail := func(err error) (string, int64, string, error) {
		out.Close()
		os.Remove(tmp)
		return "", 0, "", err
	}
	h := sha256.New()
	cw := &countWriter{w: io.MultiWriter(out, h)}
	enc, err := age.Encrypt(cw, recipients...)
	if err != nil {
		return fail(err)
	}
	if _, err := io.Copy(enc, in); err != nil {
		return fail(err)
	}
	if err := enc.Close(); err != nil {
		return fail(err)
	}
	if err := out.Sync(); err != nil {
		return fail(err)
	}
	if err := out.Close(); err != nil {
		os.Remove(tmp)
		return "", 0, "", err
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return "", 0, "", err
	}
	syncDir(dir)
	sum := hex.EncodeToString(h.Sum(nil))
	if n, got, err := fileSum(dst); err != nil {
		return "", 0, "", err
	} else if got != sum || n != cw.n {
		os.Remove(dst)
		return "", 0, "", fmt.Errorf("复制后的校验值不一致")
	}
	return dst, cw.n, sum, nil
}

// countWriter counts what passes through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// decryptTempPattern names the private file an encrypted backup is
// decrypted into in the data folder (dataTempRe deletes one a kill left).
const decryptTempPattern = ".counterdesk-decrypt-*.tmp"

// decryptBackup decrypts the encrypted backup at path with the identity the
// recovery code gives for the station named in the file's name or the data
// folder's station, into a new file in dataDir readable by the station's
// user only, and returns its path. The caller removes it. A wrong code, a
// damaged or cut-off file: an EINVALID error naming the backup, and no file
// is left.
func decryptBackup(ctx context.Context, dataDir, path, code string) (string, error) {
	if err := checkRecoveryCodeForm(code); err != nil {
		return "", err
	}
	var codes []string
	if m := backupStationRe.FindStringSubmatch(filepath.Base(path)); m != nil {
		codes = append(codes, m[1])
	}
	if _, c := currentStation(ctx, dataDir); c != "" && (len(codes) == 0 || codes[0] != c) {
		codes = append(codes, c)
	}
	if len(codes) == 0 {
		return "", refuseBackup(path, "从文件名和本机数据中都看不出它是哪个工作站的备份（应为 counterdesk-网点窗口-日期-时间.db.age，"+
			"如 counterdesk-QB01-20260105-083000.db.age）。请把文件改回原来的名字后重试")
	}
	var ids []age.Identity
	for _, c := range codes {
		id, err := recoveryIdentity(c, code)
		if err != nil {
			return "", fmt.Errorf("derive backup key: %w", err)
		}
		ids = append(ids, id)
	}
	in, err := os.Open(path)
	if err != nil {
		return "", refuseBackup(path, "无法读取该文件")
	}
	defer in.Close()
	out, err := os.CreateTemp(dataDir, decryptTempPattern)
	if err != nil {
		return "", forms.Errorf(forms.EINTERNAL, "无法在数据文件夹“%s”中写入解密后的临时文件（%v）。当前数据库没有任何改动。", dataDir, err)
	}
	tmp := out.Name()
	fail := func(err error) (string, error) {
		out.Close()
		os.Remove(tmp)
		return "", err
	}
	r, err := age.Decrypt(in, ids...)
	if err != nil {
		var noMatch *age.NoIdentityMatchError
		if errors.As(err, &noMatch) {
			return fail(forms.Errorf(forms.EINVALID,
				"恢复码不正确，无法解开加密备份“%s”。请核对保险柜中的恢复码；换发过恢复码的，换发之前的备份要用当时的恢复码。当前数据库没有任何改动。", path))
		}
		return fail(refuseBackup(path, "加密备份的文件头已损坏（"+err.Error()+"）"))
	}
	if _, err := io.Copy(out, r); err != nil {
		return fail(refuseBackup(path, "加密备份已损坏或不完整（可能复制时中断），无法解密"))
	}
	if err := out.Sync(); err != nil {
		return fail(err)
	}
	if err := out.Close(); err != nil {
		os.Remove(tmp)
		return "", err
	}
	return tmp, nil
}
