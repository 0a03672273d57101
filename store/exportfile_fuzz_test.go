package store

import (
	"bytes"
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

// FuzzExportPayload feeds arbitrary payloads, validly signed and encrypted,
// to the reader: the record decoder never panics and refuses what it cannot
// read with a kind. Run: go test ./store -run '^$' -fuzz FuzzExportPayload
func FuzzExportPayload(f *testing.F) {
	k := newExportTestKeys(f)
	data, _ := writeExportTest(f, exportTestHeader(), k.priv, exportTestTables(), k.id.Recipient())
	p := payloadOf(f, data, k.id)
	f.Add(p)
	f.Add(p[:len(p)/2])
	f.Add([]byte{})
	f.Add(frameRecord([]byte("M{}")))
	f.Fuzz(func(t *testing.T, payload []byte) {
		fuzzReadExport(t, sealExport(t, exportTestHeader(), k, payload), k.pub, k.id)
	})
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
