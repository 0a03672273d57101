package main

import (
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"filippo.io/age"

	"counterdesk/store"
)

// TestKeygen: two files, the identity 0600 and readable by age, the
// recipient its public half, the fingerprint printed; a second keygen into
// the same folder is refused and leaves the identity as it was.
func TestKeygen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "总部 密钥")
	out, _ := mustRun(t, exitOK, "keygen", "--out", dir)
	idPath := filepath.Join(dir, identityFile)
	idText, err := os.ReadFile(idPath)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" {
		if fi, _ := os.Stat(idPath); fi.Mode().Perm() != 0o600 {
			t.Fatalf("identity mode %v, want 0600", fi.Mode().Perm())
		}
	}
	ids, err := age.ParseIdentities(strings.NewReader(string(idText)))
	if err != nil || len(ids) != 1 {
		t.Fatalf("identity file does not parse: %v", err)
	}
	recText, err := os.ReadFile(filepath.Join(dir, recipientFile))
	if err != nil {
		t.Fatal(err)
	}
	rec := strings.TrimSpace(string(recText))
	if ids[0].(*age.X25519Identity).Recipient().String() != rec {
		t.Fatal("hq-recipient.txt is not the identity's recipient")
	}
	if !strings.Contains(out, rec) || !strings.Contains(out, store.RecipientFingerprint(rec)) {
		t.Fatalf("keygen output lacks the recipient or its fingerprint:\n%s", out)
	}
	_, errs := mustRun(t, exitRefused, "keygen", "--out", dir)
	if !strings.Contains(errs, "已经存在，不会覆盖") {
		t.Fatalf("second keygen said: %s", errs)
	}
	again, _ := os.ReadFile(idPath)
	if string(again) != string(idText) {
		t.Fatal("second keygen changed the identity")
	}
}

// TestStationAdd: registering, the same key again, a clashing key, a
// replacement (current key named → generation 2), a wrong --replaces, a key
// of another station, a file of another station; every refusal exit 1 with
// its message and the database unchanged.
func TestStationAdd(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		dsn := testDSN(t, kind)
		a := newTestStation(t, "QB", 1, false)
		b := newTestStation(t, "QB", 1, false) // the same station after a new PC
		c := newTestStation(t, "QB", 1, false)
		other := newTestStation(t, "QB", 2, false)
		add := func(want int, extra ...string) (string, string) {
			return mustRun(t, want, append([]string{"station", "add", "--db", dsn}, extra...)...)
		}
		out, _ := add(exitOK, "--branch", "QB", "--station", "01", "--key", a.KeyFile)
		if !strings.Contains(out, "已登记 QB01 的第1代密钥") || !strings.Contains(out, store.KeyFingerprint(a.Pub)) {
			t.Fatalf("first add said: %s", out)
		}
		add(exitOK, "--branch", "QB", "--station", "02", "--key", other.KeyFile)
		before := checksumOf(t, dsn)
		out, _ = add(exitOK, "--branch", "QB", "--station", "01", "--key", a.KeyFile)
		if !strings.Contains(out, "已登记：QB01 的第1代密钥") || !strings.Contains(out, "未作改动") {
			t.Fatalf("same key again said: %s", out)
		}
		if checksumOf(t, dsn) != before {
			t.Fatal("the same key again changed the database")
		}
		refusals := []struct {
			name string
			args []string
			want string
		}{
			{"second key without --replaces", []string{"--branch", "QB", "--station", "01", "--key", b.KeyFile}, "QB01 已登记了另一把密钥"},
			{"--replaces names another key", []string{"--branch", "QB", "--station", "01", "--key", b.KeyFile, "--replaces", c.KeyFile}, "不是 QB01 当前登记的密钥"},
			{"key of another station", []string{"--branch", "QB", "--station", "01", "--key", other.KeyFile}, "是 QB02 的，与 --branch QB --station 01 不符"},
			{"key registered elsewhere", []string{"--branch", "QB", "--station", "02", "--key", other.KeyFile, "--replaces", a.KeyFile}, "是 QB01 的"},
			{"nothing to replace", []string{"--branch", "QB", "--station", "03", "--key", newTestStation(t, "QB", 3, false).KeyFile, "--replaces", newTestStation(t, "QB", 3, false).KeyFile}, "没有可替换的"},
			{"not a key file", []string{"--branch", "QB", "--station", "01", "--key", filepath.Join(t.TempDir(), "没有.txt")}, "读不到工作站公钥文件"},
		}
		for _, r := range refusals {
			t.Run(r.name, func(t *testing.T) {
				_, errs := add(exitRefused, r.args...)
				if !strings.Contains(errs, r.want) {
					t.Fatalf("message %q lacks %q", errs, r.want)
				}
				if checksumOf(t, dsn) != before {
					t.Fatal("a refused station add changed the database")
				}
			})
		}
		// The same key file registered under another station: the file
		// names QB02, so it is refused before the database is asked; a
		// file copied with another station's header line is the same key
		// registered twice.
		forged := filepath.Join(t.TempDir(), "forged.txt")
		os.WriteFile(forged, []byte(store.FormatStationKey("QB", 5, other.Pub)), 0o644)
		_, errs := add(exitRefused, "--branch", "QB", "--station", "05", "--key", forged)
		if !strings.Contains(errs, "已登记给 QB02，不能再登记给 QB05") {
			t.Fatalf("key registered elsewhere: %s", errs)
		}
		if checksumOf(t, dsn) != before {
			t.Fatal("refused forged key changed the database")
		}
		// Replacement: b replaces a (generation 2); exports of a still
		// import, a is no longer current, c cannot replace a any more.
		out, _ = add(exitOK, "--branch", "QB", "--station", "01", "--key", b.KeyFile, "--replaces", a.KeyFile)
		if !strings.Contains(out, "已登记 QB01 的第2代密钥") {
			t.Fatalf("replacement said: %s", out)
		}
		_, errs = add(exitRefused, "--branch", "QB", "--station", "01", "--key", c.KeyFile, "--replaces", a.KeyFile)
		if !strings.Contains(errs, "不是 QB01 当前登记的密钥") {
			t.Fatalf("replacing a replaced key: %s", errs)
		}
		h, err := openHQ(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer h.Close()
		cur, err := currentKey(context.Background(), h, "QB", 1)
		if err != nil || cur == nil || cur.Gen != 2 {
			t.Fatalf("current key = %+v, %v", cur, err)
		}
		old, err := keyByPublic(context.Background(), h, base64.StdEncoding.EncodeToString(a.Pub))
		if err != nil || old == nil || !old.Replaced || old.Gen != 1 {
			t.Fatalf("key a after the replacement = %+v, %v; want generation 1, replaced", old, err)
		}
	})
}

// TestImportAfterReplacement: exports signed by the replaced key still
// import (generation 1), the new key's numbering starts again at 1 as
// generation 2, and a gen-2 row wins over a gen-1 row with a higher seq.
func TestImportAfterReplacement(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		dsn := testDSN(t, kind)
		id := newTestIdentity(t)
		a := newTestStation(t, "QB", 1, false)
		b := newTestStation(t, "QB", 1, false)
		mustRun(t, exitOK, "station", "add", "--db", dsn, "--branch", "QB", "--station", "01", "--key", a.KeyFile)
		dir := t.TempDir()
		fa := a.write(t, dir, testExport{Number: 1, FromSeq: 0, ToSeq: 900, Parts: []testPart{
			{"customers", []store.ExportRow{row(t, "customers", 900, "旧电脑", "c1")}}}}, id.Recipient)
		fb := b.write(t, dir, testExport{Number: 1, FromSeq: 0, ToSeq: 5, Parts: []testPart{
			{"customers", []store.ExportRow{row(t, "customers", 5, "新电脑", "c1")}}}}, id.Recipient)
		mustRun(t, exitOK, "station", "add", "--db", dsn, "--branch", "QB", "--station", "01", "--key", b.KeyFile, "--replaces", a.KeyFile)
		mustRun(t, exitOK, "import", "--db", dsn, "--identity", id.Path, fb)
		out, _ := mustRun(t, exitOK, "import", "--db", dsn, "--identity", id.Path, fa)
		if !strings.Contains(out, "第1代密钥") || !strings.Contains(out, "第2代密钥") {
			t.Fatalf("gaps per generation not shown:\n%s", out)
		}
		name, _, gen, _, ok := customerRow(t, dsn, "c1")
		if !ok || gen != 2 || name != "name·新电脑" {
			t.Fatalf("c1 = %q gen %d, want the new key's row", name, gen)
		}
	})
}

// TestHelpDocumentsExitCodes: hqdesk --help and every subcommand's --help
// print the exit codes, on standard output, exit 0; a wrong flag exits 2.
func TestHelpDocumentsExitCodes(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"keygen", "--help"}, {"station", "--help"}, {"station", "add", "--help"}, {"import", "--help"}, {"report", "--help"}} {
		code, out, _ := runHQ(args...)
		if code != exitOK || !strings.Contains(out, "退出码 (exit codes)") || !strings.Contains(out, "0  成功") || !strings.Contains(out, "1  ") {
			t.Errorf("hqdesk %v: exit %d, help:\n%s", args, code, out)
		}
	}
	if code, _, _ := runHQ("import", "--no-such-flag"); code != exitUsage {
		t.Errorf("wrong flag: exit %d, want %d", code, exitUsage)
	}
	if code, _, _ := runHQ("frobnicate"); code != exitUsage {
		t.Errorf("unknown command: exit %d, want %d", code, exitUsage)
	}
	if code, _, _ := runHQ(); code != exitUsage {
		t.Errorf("no command: exit %d, want %d", code, exitUsage)
	}
}
