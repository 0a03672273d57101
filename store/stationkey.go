package store

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"counterdesk/forms"

	"filippo.io/age"
	"github.com/google/uuid"
)

// The station's signing key and head office's recipient (issue 15; SPEC
// "Export to head office (USB)").
//
// Every export file is signed with the station's Ed25519 key, made at
// set-up (or at the first start of this release for a station set up
// before it) and kept in station_keys; it never leaves the station. Its
// public half, printed by `counterdesk keys` as a key text
// (FormatStationKey), is registered at head office (hqdesk station add),
// which then accepts exports signed by it. Every export is encrypted to
// head office's age X25519 recipient (age1…), the setting hq.recipient.

// ActStationKey is the audit action of making the station's signing key.
const ActStationKey = "station.key"

// stationKeyMagic starts the key line of a station key text; the /1 is the
// format's version.
const stationKeyMagic = "counterdesk-station-key/1"

var keyBranchRe = regexp.MustCompile(`^[A-Z]{2,4}$`)

// FormatStationKey returns the text `counterdesk keys` prints for head
// office: a Chinese comment line naming the branch, the station and the
// key's fingerprint, then the key line
// "counterdesk-station-key/1 QB 01 <public key, standard base64>".
// station is 1–99.
func FormatStationKey(branch string, station int, pub ed25519.PublicKey) string {
	return fmt.Sprintf("# 柜台通站点签名公钥：网点 %s，窗口 %02d，指纹 %s。请交给总部登记（hqdesk station add），不要修改本文件。\n%s %s %02d %s\n",
		branch, station, KeyFingerprint(pub), stationKeyMagic, branch, station, base64.StdEncoding.EncodeToString(pub))
}

// ParseStationKey reads a station key text as FormatStationKey writes it.
// Comment lines (starting with #), blank lines, CRLF line ends, a UTF-8
// byte-order mark and spaces around lines are tolerated; anything else is
// refused with an EINVALID error whose Chinese message says what is wrong.
func ParseStationKey(text string) (branch string, station int, pub ed25519.PublicKey, err error) {
	const hint = "请使用网点用 counterdesk keys 导出的文件，不要修改其内容"
	lines := contentLines(text)
	switch {
	case len(lines) == 0:
		return "", 0, nil, forms.Errorf(forms.EINVALID, "站点公钥文件中没有公钥行（以 %s 开头）。%s", stationKeyMagic, hint)
	case len(lines) > 1:
		return "", 0, nil, forms.Errorf(forms.EINVALID, "站点公钥文件中有%d行内容，只能有一行公钥（以 %s 开头；注释行以 # 开头）。%s", len(lines), stationKeyMagic, hint)
	}
	f := strings.Fields(lines[0])
	if len(f) == 0 || f[0] != stationKeyMagic {
		if len(f) > 0 && strings.HasPrefix(f[0], "counterdesk-station-key/") {
			return "", 0, nil, forms.Errorf(forms.EINVALID, "站点公钥的格式版本“%s”比本程序新，请升级 hqdesk 后再登记", f[0])
		}
		return "", 0, nil, forms.Errorf(forms.EINVALID, "这不是柜台通的站点公钥：公钥行应以 %s 开头。%s", stationKeyMagic, hint)
	}
	if len(f) != 4 {
		return "", 0, nil, forms.Errorf(forms.EINVALID, "站点公钥行应有4项（%s、网点代码、窗口编号、公钥），这里有%d项。%s", stationKeyMagic, len(f), hint)
	}
	if !keyBranchRe.MatchString(f[1]) {
		return "", 0, nil, forms.Errorf(forms.EINVALID, "站点公钥中的网点代码“%s”不对：应为2到4个大写英文字母，例如 QB。%s", f[1], hint)
	}
	n, err := strconv.Atoi(f[2])
	if err != nil || len(f[2]) != 2 || n < 1 || n > 99 {
		return "", 0, nil, forms.Errorf(forms.EINVALID, "站点公钥中的窗口编号“%s”不对：应为01到99的两位数字。%s", f[2], hint)
	}
	key, err := base64.StdEncoding.DecodeString(f[3])
	if err != nil || len(key) != ed25519.PublicKeySize {
		return "", 0, nil, forms.Errorf(forms.EINVALID, "站点公钥中的公钥不完整或已损坏（应为%d字节的Ed25519公钥）。%s", ed25519.PublicKeySize, hint)
	}
	return f[1], n, ed25519.PublicKey(key), nil
}

// contentLines returns the lines of text that are neither blank nor
// comments (#), trimmed, after removing a UTF-8 byte-order mark; CRLF and
// CR line ends count as line ends.
func contentLines(text string) []string {
	text = strings.TrimPrefix(text, "\ufeff")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	var out []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(strings.TrimPrefix(line, "\ufeff"))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	return out
}

// fingerprint is "SHA256:" and the first 16 bytes of the SHA-256 of data
// in lower-case hex, in groups of 4 digits joined by '-': short enough to
// read out over the phone.
func fingerprint(data []byte) string {
	sum := sha256.Sum256(data)
	h := hex.EncodeToString(sum[:16])
	groups := make([]string, 0, len(h)/4)
	for i := 0; i < len(h); i += 4 {
		groups = append(groups, h[i:i+4])
	}
	return "SHA256:" + strings.Join(groups, "-")
}

// KeyFingerprint returns the fingerprint of a station's public key (the
// 32 raw bytes), e.g. "SHA256:3f2a-91bc-0d4e-77a0-5c12-e9b8-4410-aa07",
// which the station shows and head office compares when it registers it.
func KeyFingerprint(pub []byte) string { return fingerprint(pub) }

// RecipientFingerprint returns the fingerprint of head office's age
// recipient (the age1… text, spaces around it ignored), in the form of
// KeyFingerprint, for the supervisor to compare with what head office
// says.
func RecipientFingerprint(recipient string) string {
	return fingerprint([]byte(strings.TrimSpace(recipient)))
}

// ParseRecipient reads head office's age X25519 recipient from text: the
// recipient itself or the whole file hqdesk keygen wrote (hq-recipient.txt),
// tolerating comment lines, blank lines, CRLF and a byte-order mark. It
// returns the recipient (age1…) or an EINVALID error whose Chinese message
// names the field and the fix.
func ParseRecipient(text string) (string, error) {
	const hint = "请使用总部用 hqdesk keygen 生成的 hq-recipient.txt 中以 age1 开头的一行"
	lines := contentLines(forms.Normalize(text))
	switch {
	case len(lines) == 0:
		return "", forms.Errorf(forms.EINVALID, "总部收件人（总部公钥）为空。%s", hint)
	case len(lines) > 1:
		return "", forms.Errorf(forms.EINVALID, "总部收件人（总部公钥）只能有一行，这里有%d行内容。%s", len(lines), hint)
	}
	s := lines[0]
	if strings.HasPrefix(strings.ToUpper(s), "AGE-SECRET-KEY-") {
		return "", forms.Errorf(forms.EINVALID, "这是总部的私钥（AGE-SECRET-KEY-…），不能放在网点！请改用 hq-recipient.txt 中以 age1 开头的总部收件人，并请总部另行妥善保管私钥")
	}
	if _, err := age.ParseX25519Recipient(s); err != nil {
		shown := s
		if r := []rune(shown); len(r) > 20 {
			shown = string(r[:20]) + "…"
		}
		return "", forms.Errorf(forms.EINVALID, "总部收件人（总部公钥）“%s”格式不对：应为以 age1 开头的一行、中间没有空格。%s", shown, hint)
	}
	return s, nil
}

// checkRecipient validates the setting hq.recipient: "" (none yet) or an
// age X25519 recipient.
func checkRecipient(value string) (string, error) {
	if strings.TrimSpace(value) == "" {
		return "", nil
	}
	return ParseRecipient(value)
}

// createStationKey makes a new signing key and records it, audited.
func createStationKey(ctx context.Context, tx *txn, w *who) (ed25519.PublicKey, error) {
	src := tx.db.keyRand
	if src == nil {
		src = rand.Reader
	}
	seed := make([]byte, ed25519.SeedSize)
	if _, err := io.ReadFull(src, seed); err != nil {
		return nil, fmt.Errorf("generate station key: %w", err)
	}
	priv := ed25519.NewKeyFromSeed(seed)
	pub := priv.Public().(ed25519.PublicKey)
	id := uuid.NewString()
	if _, err := tx.ExecContext(ctx,
		"INSERT INTO station_keys (id, public_key, private_key, created_at) VALUES (?, ?, ?, ?)",
		id, base64.StdEncoding.EncodeToString(pub), base64.StdEncoding.EncodeToString(priv), ts(tx.now)); err != nil {
		return nil, fmt.Errorf("store station key: %w", err)
	}
	fp := KeyFingerprint(pub)
	if err := audit(ctx, tx, w, auditRec{action: ActStationKey, entity: "station_key", entityID: id,
		after: map[string]string{"public_key": base64.StdEncoding.EncodeToString(pub), "fingerprint": fp},
		note:  "生成本机导出签名密钥，指纹 " + fp}); err != nil {
		return nil, err
	}
	return pub, nil
}

// ensureStationKey runs at start-up: a station set up before signing keys
// existed gets one, in one transaction with its audit entry. Before set-up
// it does nothing (Setup makes the key).
func (db *DB) ensureStationKey(ctx context.Context) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := findStation(ctx, tx); forms.ErrorCode(err) == forms.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM station_keys").Scan(&n); err != nil {
		return fmt.Errorf("count station keys: %w", err)
	}
	if n > 0 {
		return nil
	}
	if _, err := createStationKey(ctx, tx, nil); err != nil {
		return err
	}
	return tx.commit()
}

// currentStationKey reads the key in use (the newest); ENOTFOUND-free: a
// missing or damaged key is an EINTERNAL error the supervisor can act on.
func currentStationKey(ctx context.Context, tx *txn) (pub ed25519.PublicKey, priv ed25519.PrivateKey, err error) {
	var pubText, privText string
	err = tx.QueryRowContext(ctx,
		"SELECT public_key, private_key FROM station_keys ORDER BY created_at DESC, rowid DESC LIMIT 1").Scan(&pubText, &privText)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, forms.Errorf(forms.EINTERNAL, "本机还没有导出签名密钥。请关闭柜台通后重新打开（启动时会生成密钥）；仍不行请联系技术支持。")
	} else if err != nil {
		return nil, nil, fmt.Errorf("read station key: %w", err)
	}
	p, err1 := base64.StdEncoding.DecodeString(pubText)
	k, err2 := base64.StdEncoding.DecodeString(privText)
	if err1 != nil || err2 != nil || len(p) != ed25519.PublicKeySize || len(k) != ed25519.PrivateKeySize ||
		!ed25519.PublicKey(p).Equal(ed25519.PrivateKey(k).Public()) {
		return nil, nil, forms.Errorf(forms.EINTERNAL, "本机的导出签名密钥已损坏，不能导出。请联系技术支持。")
	}
	return ed25519.PublicKey(p), ed25519.PrivateKey(k), nil
}

// stationSigner returns the private key that signs the station's exports.
func stationSigner(ctx context.Context, tx *txn) (ed25519.PrivateKey, error) {
	_, priv, err := currentStationKey(ctx, tx)
	return priv, err
}

// StationKey returns the public half of the station's signing key, with
// the text `counterdesk keys` prints. Before set-up it is ENOTFOUND.
func (db *DB) StationKey(ctx context.Context) (forms.StationKey, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return forms.StationKey{}, err
	}
	defer tx.Rollback()
	st, err := findStation(ctx, tx)
	if err != nil {
		return forms.StationKey{}, err
	}
	pub, _, err := currentStationKey(ctx, tx)
	if err != nil {
		return forms.StationKey{}, err
	}
	return forms.StationKey{
		Branch:      st.BranchCode,
		Station:     st.Number,
		PublicKey:   []byte(pub),
		Fingerprint: KeyFingerprint(pub),
		Text:        FormatStationKey(st.BranchCode, st.Number, pub),
	}, nil
}

// SetHQRecipient stores head office's age recipient, which every export is
// encrypted to (supervisor; audited as a setting change). recipient is the
// age1… line or the whole hq-recipient.txt (see ParseRecipient); a bad one
// is EINVALID and changes nothing.
func (db *DB) SetHQRecipient(ctx context.Context, a forms.Actor, recipient string) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := supervisorActor(ctx, tx, a); err != nil {
		return err
	}
	r, err := ParseRecipient(recipient)
	if err != nil {
		return err
	}
	if err := setSetting(ctx, tx, a, forms.SettingHQRecipient, r); err != nil {
		return err
	}
	return tx.commit()
}

// HQRecipient returns head office's recipient and its fingerprint; both ""
// when none is set.
func (db *DB) HQRecipient(ctx context.Context) (recipient, fingerprint string, err error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return "", "", err
	}
	defer tx.Rollback()
	v, err := storedRecipient(ctx, tx)
	if err != nil || v == "" {
		return "", "", err
	}
	return v, RecipientFingerprint(v), nil
}

// storedRecipient reads the setting hq.recipient, spaces around it
// removed: head office's age1… recipient, or "" when none is set.
func storedRecipient(ctx context.Context, tx *txn) (string, error) {
	v, _, err := storedSetting(ctx, tx, forms.SettingHQRecipient)
	return strings.TrimSpace(v), err
}
