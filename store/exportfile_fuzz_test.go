package store

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"testing"

	"filippo.io/age"
)

// FuzzOpenExport feeds arbitrary bytes to ReadExportHeader and OpenExport
// (reading every table, row and the manifest): whatever the input, they
// return, never panic, and an input they accept is the seed file itself or
// one they can read to its end. Run: go test ./store -run '^$' -fuzz FuzzOpenExport
func FuzzOpenExport(f *testing.F) {
	k := newExportTestKeys(f)
	data, _ := writeExportTest(f, exportTestHeader(), k.priv, exportTestTables(), k.id.Recipient())
	empty, _ := writeExportTest(f, exportTestHeader(), k.priv, nil, k.id.Recipient())
	f.Add(data)
	f.Add(empty)
	f.Add(data[:len(data)/2])
	f.Add(data[:len(exportMagic)+5])
	f.Add([]byte(exportMagic + "{}\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, in []byte) {
		fuzzReadExport(t, in, k.pub, k.id)
	})
}

// FuzzExportPayload feeds arbitrary payloads (the plaintext inside age) to
// the reader's record decoder and manifest checks: it never panics and
// refuses what it cannot read with a kind. The frame, signature and
// encryption are left out (payloadReader) so the fuzzer runs fast; the same
// payloads sealed for real are in TestExportFileManifestDisagrees.
// Run: go test ./store -run '^$' -fuzz FuzzExportPayload
func FuzzExportPayload(f *testing.F) {
	k := newExportTestKeys(f)
	data, _ := writeExportTest(f, exportTestHeader(), k.priv, exportTestTables(), k.id.Recipient())
	p := payloadOf(f, data, k.id)
	f.Add(p)
	f.Add(p[:len(p)/2])
	f.Add([]byte{})
	f.Add(frameRecord([]byte("M{}")))
	h := exportTestHeader()
	h.Format, h.PublicKey = ExportFormat, k.pub
	f.Fuzz(func(t *testing.T, payload []byte) {
		r := payloadReader(h, payload)
		drainExport(t, r)
	})
}

// payloadReader is an ExportReader over a plaintext payload, as OpenExport
// would make after decrypting (with an empty ciphertext behind it).
func payloadReader(h ExportHeader, payload []byte) *ExportReader {
	empty := sha256.Sum256(nil)
	return &ExportReader{h: h, f: &exportFrame{h: h, digest: empty[:]},
		ct:    &hashCounter{r: bytes.NewReader(nil), sum: sha256.New()},
		plain: bufio.NewReader(bytes.NewReader(nil)),
		in:    bufio.NewReader(bytes.NewReader(payload))}
}

func fuzzReadExport(t *testing.T, in []byte, key []byte, id age.Identity) {
	if _, err := ReadExportHeader(bytes.NewReader(in), int64(len(in))); err != nil && ExportProblem(err) == "" {
		t.Fatalf("ReadExportHeader: an error without a kind: %v", err)
	}
	r, err := OpenExport(bytes.NewReader(in), int64(len(in)), key, id)
	if err != nil {
		if ExportProblem(err) == "" {
			t.Fatalf("OpenExport: an error without a kind: %v", err)
		}
		return
	}
	drainExport(t, r)
}

// TestPayloadReader checks the fuzz harness itself: a payload the writer
// made reads through to its manifest, and a cut one is refused.
func TestPayloadReader(t *testing.T) {
	k := newExportTestKeys(t)
	data, wm := writeExportTest(t, exportTestHeader(), k.priv, exportTestTables(), k.id.Recipient())
	p := payloadOf(t, data, k.id)
	h := exportTestHeader()
	h.Format, h.PublicKey = ExportFormat, k.pub
	m, err := payloadReader(h, p).Manifest()
	if err != nil || m.Rows() != wm.Rows() {
		t.Fatalf("manifest %+v %v", m, err)
	}
	_, err = payloadReader(h, p[:len(p)-1]).Manifest()
	if ExportProblem(err) != ExportAltered {
		t.Fatalf("cut payload: %v", err)
	}
}

// drainExport reads r through to its manifest; every error on the way must
// carry a refusal kind (ExportProblem), never be bare, and never panic.
func drainExport(t *testing.T, r *ExportReader) {
	t.Helper()
	for {
		_, _, ok, err := r.NextTable()
		if err != nil {
			if ExportProblem(err) == "" {
				t.Fatalf("NextTable: an error without a kind: %v", err)
			}
			return
		}
		if !ok {
			break
		}
		for {
			_, ok, err := r.NextRow()
			if err != nil {
				if ExportProblem(err) == "" {
					t.Fatalf("NextRow: an error without a kind: %v", err)
				}
				return
			}
			if !ok {
				break
			}
		}
	}
	if _, err := r.Manifest(); err != nil && ExportProblem(err) == "" {
		t.Fatalf("Manifest: an error without a kind: %v", err)
	}
}
