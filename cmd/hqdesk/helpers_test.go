package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"counterdesk/store"
)

// testStation is a synthetic branch station: its signing key and key file.
type testStation struct {
	Branch   string
	Station  int
	Priv     ed25519.PrivateKey
	Pub      ed25519.PublicKey
	KeyFile  string // what `counterdesk keys` prints, saved
	Training bool
	ID       string // the station row's UUID in headers
}

// newTestStation makes a station with a fresh Ed25519 key and writes its
// key file into a folder with a space and Chinese characters.
func newTestStation(t *testing.T, branch string, station int, training bool) *testStation {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "工作站 密钥")
	os.MkdirAll(dir, 0o700)
	file := filepath.Join(dir, fmt.Sprintf("%s%02d 公钥.txt", branch, station))
	if err := os.WriteFile(file, []byte(store.FormatStationKey(branch, station, pub)), 0o644); err != nil {
		t.Fatal(err)
	}
	return &testStation{Branch: branch, Station: station, Priv: priv, Pub: pub, KeyFile: file, Training: training,
		ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", station)}
}

// testIdentity is head office's identity, written as keygen would.
type testIdentity struct {
	Path      string
	Recipient *age.X25519Recipient
}

// newTestIdentity runs keygen into a temp folder and reads the result back.
func newTestIdentity(t *testing.T) testIdentity {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "总部 身份")
	rs, err := keygen(dir, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	r, err := age.ParseX25519Recipient(rs)
	if err != nil {
		t.Fatal(err)
	}
	return testIdentity{Path: filepath.Join(dir, identityFile), Recipient: r}
}

// testPart is one table's rows in a synthetic export.
type testPart struct {
	Table string
	Rows  []store.ExportRow
}

// testExport describes a synthetic export file.
type testExport struct {
	Number         int64
	FromSeq, ToSeq int64
	Parts          []testPart
	Columns        map[string][]string // optional: a part's columns (default: the spec's)
}

// write writes the export signed by the station (or by signer when given)
// and encrypted to to, into a new file of dir, and returns its path.
func (s *testStation) write(t *testing.T, dir string, e testExport, to age.Recipient) string {
	t.Helper()
	return s.writeSigned(t, dir, e, to, s.Priv)
}

func (s *testStation) writeSigned(t *testing.T, dir string, e testExport, to age.Recipient, key ed25519.PrivateKey) string {
	t.Helper()
	var buf bytes.Buffer
	h := store.ExportHeader{Branch: s.Branch, Station: s.Station, StationID: s.ID, Number: e.Number,
		FromSeq: e.FromSeq, ToSeq: e.ToSeq, Training: s.Training, CreatedAt: time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC),
		Program: "test", Schema: 14}
	w, err := store.NewExportWriter(&buf, h, key, to)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range e.Parts {
		cols := e.Columns[p.Table]
		if cols == nil {
			spec, ok := store.ExportTableByName(p.Table)
			if !ok {
				t.Fatalf("no table %s", p.Table)
			}
			for _, c := range spec.Columns {
				cols = append(cols, c.Name)
			}
		}
		if err := w.Table(p.Table, cols); err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Rows {
			if err := w.Row(r); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := w.Close(); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(dir, 0o700)
	path := filepath.Join(dir, fmt.Sprintf("%s%02d-export-%06d.cdx", s.Branch, s.Station, e.Number))
	for i := 2; ; i++ {
		if _, err := os.Stat(path); err != nil {
			break
		}
		path = filepath.Join(dir, fmt.Sprintf("%s%02d-export-%06d (%d).cdx", s.Branch, s.Station, e.Number, i))
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// row builds a live row of table with the given key values; every other
// column gets a value of its type derived from variant.
func row(t *testing.T, table string, seq int64, variant string, key ...any) store.ExportRow {
	t.Helper()
	spec, ok := store.ExportTableByName(table)
	if !ok {
		t.Fatalf("no table %s", table)
	}
	if len(key) != len(spec.Key) {
		t.Fatalf("table %s has key %v, got %v", table, spec.Key, key)
	}
	vals := make([]any, len(spec.Columns))
	for i, c := range spec.Columns {
		isKey := -1
		for j, k := range spec.Key {
			if k == c.Name {
				isKey = j
			}
		}
		switch {
		case isKey >= 0:
			vals[i] = key[isKey]
		case c.Type == "INTEGER":
			vals[i] = int64(len(variant)*7 + i)
		case c.Type == "REAL":
			vals[i] = float64(len(variant)) + 0.5
		case c.Type == "BLOB":
			vals[i] = []byte(variant)
		default:
			vals[i] = fmt.Sprintf("%s·%s", c.Name, variant)
		}
	}
	return store.ExportRow{Seq: seq, Key: key, Values: vals}
}

// tombstone builds a deletion of table's row with the given key.
func tombstone(seq int64, key ...any) store.ExportRow {
	return store.ExportRow{Seq: seq, Key: key, Deleted: true}
}

// runHQ runs hqdesk with args and returns its exit code, stdout and stderr.
func runHQ(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// mustRun runs hqdesk and fails unless the exit code is want.
func mustRun(t *testing.T, want int, args ...string) (string, string) {
	t.Helper()
	code, out, errs := runHQ(args...)
	if code != want {
		t.Fatalf("hqdesk %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, want, out, errs)
	}
	return out, errs
}

// checksumOf reopens the database and returns dbChecksum.
func checksumOf(t *testing.T, dsn string) string {
	t.Helper()
	h, err := openHQ(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	return dbChecksum(t, h)
}

// branchChecksum is dbChecksum without HQ's own bookkeeping tables (their
// timestamps differ between two runs).
func branchChecksum(t *testing.T, dsn string) string {
	t.Helper()
	var keep []string
	for _, l := range strings.Split(checksumOf(t, dsn), "\n") {
		if !strings.HasPrefix(l, "hq_") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}
