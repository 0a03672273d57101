package store

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"counterdesk/forms"

	"filippo.io/age"
)

// fuzzRecoveryCode is the recovery code FuzzCheckBackup's encrypted seed is
// made for and every input is checked with.
const fuzzRecoveryCode = "ABCDE-FGHJK-MNPQR-STUVW"

// FuzzCheckBackup writes arbitrary bytes as a backup file (named like an
// encrypted copy, so the station code for the key is known) and checks it
// for a restore, with and without the recovery code: it must refuse cleanly
// (a *forms.Error with a Chinese message) or accept a sound database, and
// leave the file and the data folder exactly as they were (no decrypted
// temporary file, no -wal or -shm). Seeds: a real backup, its encrypted
// copy, cut and empty files. Run: go test ./store -run '^$' -fuzz '^FuzzCheckBackup$'
func FuzzCheckBackup(f *testing.F) {
	fx := newFixture(f)
	_, err := lendOnce(context.Background(), fx.db, fx.clerk)
	must(f, err)
	info, err := fx.db.Backup(context.Background(), fx.sup, "manual")
	must(f, err)
	must(f, fx.db.Close())
	plain, err := os.ReadFile(info.Path)
	must(f, err)
	id, err := recoveryIdentity("QB01", fuzzRecoveryCode)
	must(f, err)
	encDir := f.TempDir()
	enc, _, _, err := encryptCopy(info.Path, encDir, []age.Recipient{id.Recipient()})
	must(f, err)
	sealed, err := os.ReadFile(enc)
	must(f, err)
	for _, seed := range [][]byte{plain, sealed, plain[:len(plain)/2], sealed[:len(sealed)/2], plain[:100],
		sealed[:200], ageMagic, []byte("SQLite format 3\x00"), nil} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		ctx := context.Background()
		dir := t.TempDir()
		dataDir := filepath.Join(dir, "数据 目录")
		must(t, os.MkdirAll(dataDir, 0o700))
		path := filepath.Join(dir, "counterdesk-QB01-20261123-100000.db.age")
		must(t, os.WriteFile(path, in, 0o600))
		codes := []string{fuzzRecoveryCode}
		if bytes.HasPrefix(in, ageMagic) {
			codes = append(codes, "") // the code is asked for
		}
		for _, code := range codes {
			chk, err := CheckBackupCode(ctx, dataDir, path, code)
			if err != nil {
				var fe *forms.Error
				if !asFormsError(err, &fe) || fe.Message == "" {
					t.Fatalf("CheckBackup: error %v is not a *forms.Error with a message", err)
				}
				if code == "" && isAgeFile(path) && fe.Key != KeyRecoveryCodeNeeded {
					t.Fatalf("an encrypted file without a code: %v", err)
				}
			} else if chk.StationCode == "" || chk.SchemaVersion == 0 {
				t.Fatalf("accepted without a station or version: %+v", chk)
			}
			if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, in) {
				t.Fatalf("the backup file changed (%v)", err)
			}
			if es, _ := os.ReadDir(dataDir); len(es) != 0 {
				t.Fatalf("the data folder now has %s", es[0].Name())
			}
			if es, _ := os.ReadDir(dir); len(es) != 2 {
				t.Fatalf("files beside the backup: %v", es)
			}
		}
	})
}
