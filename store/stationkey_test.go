package store

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"regexp"
	"strings"
	"testing"

	"counterdesk/forms"

	"filippo.io/age"
)

// testPub is a fixed public key for the text tests.
var testPub = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize)).Public().(ed25519.PublicKey)

func TestKeyFingerprint(t *testing.T) {
	fp := KeyFingerprint(testPub)
	if !regexp.MustCompile(`^SHA256:[0-9a-f]{4}(-[0-9a-f]{4}){7}$`).MatchString(fp) {
		t.Fatalf("KeyFingerprint = %q", fp)
	}
	other := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{8}, ed25519.SeedSize)).Public().(ed25519.PublicKey)
	if KeyFingerprint(other) == fp {
		t.Fatal("two keys, one fingerprint")
	}
	if KeyFingerprint(testPub) != fp {
		t.Fatal("fingerprint not stable")
	}
	id, err := age.GenerateX25519Identity()
	must(t, err)
	r := id.Recipient().String()
	if RecipientFingerprint(r) != RecipientFingerprint(" "+r+"\n") || !strings.HasPrefix(RecipientFingerprint(r), "SHA256:") {
		t.Fatal("RecipientFingerprint depends on surrounding blanks or has the wrong form")
	}
}

func TestParseStationKey(t *testing.T) {
	text := FormatStationKey("QB", 1, testPub)
	b64 := base64.StdEncoding.EncodeToString(testPub)
	line := "counterdesk-station-key/1 QB 01 " + b64
	if !strings.HasPrefix(text, "# ") || !strings.Contains(text, "\n"+line+"\n") || !strings.Contains(text, KeyFingerprint(testPub)) {
		t.Fatalf("FormatStationKey =\n%s", text)
	}
	for _, tc := range []struct {
		name, text string
	}{
		{"AsFormatted", text},
		{"LineOnly", line},
		{"CRLF", strings.ReplaceAll(text, "\n", "\r\n")},
		{"BOM", "\ufeff" + text},
		{"Blanks", "\n\n  " + line + "  \t\n\n"},
		{"MoreComments", "# 总部登记用\n#\n" + text + "# 完\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			br, st, pub, err := ParseStationKey(tc.text)
			must(t, err)
			if br != "QB" || st != 1 || !pub.Equal(testPub) {
				t.Fatalf("ParseStationKey = %s %d %x", br, st, pub)
			}
		})
	}
	for _, tc := range []struct {
		name, text, msg string
	}{
		{"Empty", "", "没有公钥行"},
		{"CommentsOnly", "# 只有注释\n", "没有公钥行"},
		{"TwoKeys", line + "\n" + line, "只能有一行"},
		{"NotAKey", "age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq", "不是柜台通的站点公钥"},
		{"NewerFormat", "counterdesk-station-key/2 QB 01 " + b64, "版本"},
		{"MissingField", "counterdesk-station-key/1 QB " + b64, "应有4项"},
		{"ExtraField", line + " 多余", "应有4项"},
		{"LowerBranch", "counterdesk-station-key/1 qb 01 " + b64, "网点代码“qb”"},
		{"LongBranch", "counterdesk-station-key/1 QBCDE 01 " + b64, "网点代码"},
		{"OneDigitStation", "counterdesk-station-key/1 QB 1 " + b64, "窗口编号“1”"},
		{"StationZero", "counterdesk-station-key/1 QB 00 " + b64, "窗口编号“00”"},
		{"BadBase64", "counterdesk-station-key/1 QB 01 !!!", "不完整或已损坏"},
		{"ShortKey", "counterdesk-station-key/1 QB 01 " + b64[:20], "不完整或已损坏"},
		{"LongKey", "counterdesk-station-key/1 QB 01 " + base64.StdEncoding.EncodeToString(make([]byte, 64)), "不完整或已损坏"},
	} {
		t.Run("Err"+tc.name, func(t *testing.T) {
			_, _, _, err := ParseStationKey(tc.text)
			assertErr(t, err, forms.EINVALID, tc.msg)
		})
	}
}

func TestParseRecipient(t *testing.T) {
	id, err := age.GenerateX25519Identity()
	must(t, err)
	r := id.Recipient().String()
	// The recipient with its last character changed (the key is random:
	// it may already end in x).
	bad := r[:len(r)-1] + "x"
	if bad == r {
		bad = r[:len(r)-1] + "y"
	}
	for _, text := range []string{
		r, " " + r + " \r\n", "\ufeff# created: 2026-11-30\r\n# 总部收件人\r\n" + r + "\r\n", "\n\n" + r,
	} {
		got, err := ParseRecipient(text)
		must(t, err)
		if got != r {
			t.Fatalf("ParseRecipient(%q) = %q", text, got)
		}
	}
	for _, tc := range []struct{ text, msg string }{
		{"", "为空"},
		{"# only a comment", "为空"},
		{r + "\n" + r, "只能有一行"},
		{"age1notarecipient", "格式不对"},
		{bad, "格式不对"},
		{id.String(), "私钥"},
		{"counterdesk-station-key/1 QB 01 " + base64.StdEncoding.EncodeToString(testPub), "格式不对"},
	} {
		_, err := ParseRecipient(tc.text)
		assertErr(t, err, forms.EINVALID, "总部", tc.msg)
	}
}

// TestStationKey_Setup: set-up makes the key, audited; StationKey gives
// its public half and the text head office registers, which parses back.
func TestStationKey_Setup(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	k, err := f.db.StationKey(ctx)
	must(t, err)
	if k.Branch != "QB" || k.Station != 1 || len(k.PublicKey) != ed25519.PublicKeySize || k.Fingerprint != KeyFingerprint(k.PublicKey) {
		t.Fatalf("StationKey = %+v", k)
	}
	br, st, pub, err := ParseStationKey(k.Text)
	must(t, err)
	if br != "QB" || st != 1 || !bytes.Equal(pub, k.PublicKey) {
		t.Fatalf("the key text does not parse back: %s %d", br, st)
	}
	var n int
	must(t, f.db.db.QueryRow("SELECT count(*) FROM station_keys").Scan(&n))
	if n != 1 {
		t.Fatalf("%d station keys after set-up", n)
	}
	e := lastAudit(t, f.db, "", ActStationKey)
	if e.UserName != supName || !strings.Contains(e.Note, k.Fingerprint) {
		t.Fatalf("audit entry %+v", e)
	}

	// The signer matches the public half and signs.
	tx, err := f.db.beginRead(ctx)
	must(t, err)
	priv, err := stationSigner(ctx, tx)
	tx.Rollback()
	must(t, err)
	if !ed25519.Verify(ed25519.PublicKey(k.PublicKey), []byte("导出"), ed25519.Sign(priv, []byte("导出"))) {
		t.Fatal("stationSigner does not match StationKey")
	}

	// Reopening keeps the key.
	path := f.db.Path()
	f.db.Close()
	db := mustOpenPath(t, path, f.clk)
	k2, err := db.StationKey(ctx)
	must(t, err)
	if !bytes.Equal(k2.PublicKey, k.PublicKey) {
		t.Fatal("the key changed when the database was reopened")
	}
}

// TestStationKey_NotSetUp: before set-up there is no station and no key.
func TestStationKey_NotSetUp(t *testing.T) {
	db := mustOpenDB(t)
	_, err := db.StationKey(context.Background())
	assertErr(t, err, forms.ENOTFOUND, "尚未完成初始设置")
	var n int
	must(t, db.db.QueryRow("SELECT count(*) FROM station_keys").Scan(&n))
	if n != 0 {
		t.Fatalf("%d keys before set-up", n)
	}
}

// TestStationKey_Upgrade: a station set up before this release (no key)
// gets one at the first start, with a system audit entry, once.
func TestStationKey_Upgrade(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	_, err := f.db.db.Exec("DELETE FROM station_keys")
	must(t, err)
	path := f.db.Path()
	f.db.Close()

	db := mustOpenPath(t, path, f.clk)
	k, err := db.StationKey(ctx)
	must(t, err)
	entries, err := db.AuditLog(ctx, "", 0)
	must(t, err)
	if entries[0].Action != ActStationKey || entries[0].UserName != systemName || !strings.Contains(entries[0].Note, k.Fingerprint) {
		t.Fatalf("newest audit entry %+v", entries[0])
	}
	db.Close()
	db = mustOpenPath(t, path, f.clk)
	k2, err := db.StationKey(ctx)
	must(t, err)
	if !bytes.Equal(k.PublicKey, k2.PublicKey) {
		t.Fatal("a second start made another key")
	}
	var n int
	must(t, db.db.QueryRow("SELECT count(*) FROM station_keys").Scan(&n))
	if n != 1 {
		t.Fatalf("%d keys", n)
	}
}

// TestStationKey_Damaged: a damaged key is a clear refusal, not a crash.
func TestStationKey_Damaged(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	_, err := f.db.db.Exec("UPDATE station_keys SET private_key = 'AAAA'")
	must(t, err)
	_, err = f.db.StationKey(ctx)
	assertErr(t, err, forms.EINTERNAL, "签名密钥已损坏")
}

// TestSetHQRecipient: a supervisor sets head office's recipient (the line
// or the whole file), audited; a clerk, a bad recipient or the secret
// identity is refused and nothing changes.
func TestSetHQRecipient(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	id, err := age.GenerateX25519Identity()
	must(t, err)
	r := id.Recipient().String()

	if got, fp, err := f.db.HQRecipient(ctx); err != nil || got != "" || fp != "" {
		t.Fatalf("HQRecipient before = %q %q %v", got, fp, err)
	}
	unchanged := func(t *testing.T, want string, audits int) {
		t.Helper()
		got, _, err := f.db.HQRecipient(ctx)
		must(t, err)
		if got != want || auditCount(t, f.db) != audits {
			t.Fatalf("a refused change changed something: recipient %q (want %q), %d audit entries (want %d)",
				got, want, auditCount(t, f.db), audits)
		}
	}

	n := auditCount(t, f.db)
	assertErr(t, f.db.SetHQRecipient(ctx, f.clerk, r), forms.EFORBIDDEN, msgNeedSupervisor)
	unchanged(t, "", n)
	assertErr(t, f.db.SetHQRecipient(ctx, f.sup, "age1xyz"), forms.EINVALID, "总部收件人", "格式不对", "hq-recipient.txt")
	unchanged(t, "", n)
	assertErr(t, f.db.SetHQRecipient(ctx, f.sup, id.String()), forms.EINVALID, "私钥")
	unchanged(t, "", n)
	assertErr(t, f.db.SetHQRecipient(ctx, f.sup, "  "), forms.EINVALID, "为空")
	unchanged(t, "", n)
	// Through the settings path too.
	assertErr(t, f.db.SetSetting(ctx, f.sup, forms.SettingHQRecipient, "age1xyz"), forms.EINVALID, "格式不对")
	unchanged(t, "", n)

	must(t, f.db.SetHQRecipient(ctx, f.sup, "\ufeff# hq-recipient.txt\r\n"+r+"\r\n"))
	got, fp, err := f.db.HQRecipient(ctx)
	must(t, err)
	if got != r || fp != RecipientFingerprint(r) {
		t.Fatalf("HQRecipient = %q %q", got, fp)
	}
	e := lastAudit(t, f.db, forms.SettingHQRecipient, ActSettingChange)
	if e.UserName != supName || !strings.Contains(e.After, r) {
		t.Fatalf("audit %+v", e)
	}
	// A clerk with the supervisor's approval may.
	id2, err := age.GenerateX25519Identity()
	must(t, err)
	must(t, f.db.SetHQRecipient(ctx, f.approved(), id2.Recipient().String()))
	if got, _, _ := f.db.HQRecipient(ctx); got != id2.Recipient().String() {
		t.Fatalf("approved change not stored: %q", got)
	}
	// The change is recorded for the next export.
	if _, n := changeOf(t, f.db, "settings", forms.SettingHQRecipient, ""); n != 1 {
		t.Fatal("the recipient setting has no change entry")
	}
}
