package store

import (
	"bufio"
	"bytes"
	"compress/flate"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"counterdesk/forms"

	"filippo.io/age"
)

// exportTestKeys is one station key and one head-office identity.
type exportTestKeys struct {
	priv ed25519.PrivateKey
	pub  ed25519.PublicKey
	id   *age.X25519Identity
}

func newExportTestKeys(t testing.TB) exportTestKeys {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	return exportTestKeys{priv: priv, pub: pub, id: id}
}

func exportTestHeader() ExportHeader {
	return ExportHeader{
		Branch: "QB", Station: 1, StationID: "5b0c2f0e-7d1a-4c55-9f0e-2b7a3c1d9e01",
		Number: 3, FromSeq: 100, ToSeq: 200, CreatedAt: time.Date(2026, 11, 30, 9, 15, 0, 123000000, time.FixedZone("CST", 8*3600)),
		Program: "1.4.0", Schema: 14,
	}
}

// exportTestTable is one part to write: its columns and rows.
type exportTestTable struct {
	name    string
	columns []string
	rows    []ExportRow
}

// exportTestTables are several tables: every kind of value, deletions, an
// empty table, a two-column key.
func exportTestTables() []exportTestTable {
	return []exportTestTable{
		{"customers", []string{"id", "name", "fee", "ratio", "photo", "note"}, []ExportRow{
			{Seq: 101, Key: []any{"c1"}, Values: []any{"c1", "张三", int64(12000), 0.5, []byte{0, 1, 2, 255}, nil}},
			{Seq: 102, Key: []any{"c2"}, Values: []any{"c2", "𠮷野家 \n\"引号\"", int64(-1), math.Inf(1), []byte{}, ""}},
			{Seq: 150, Key: []any{"c3"}, Deleted: true},
			{Seq: 151, Key: []any{"c4"}, Values: []any{"c4", "", int64(math.MaxInt64), -0.0, nil, int64(math.MinInt64)}},
		}},
		{"settings", []string{"key", "value"}, nil},
		{"receipt_counters", []string{"station", "year", "last"}, []ExportRow{
			{Seq: 160, Key: []any{"QB01", int64(2026)}, Values: []any{"QB01", int64(2026), int64(42)}},
			{Seq: 161, Key: []any{"QB01", int64(2025)}, Deleted: true},
		}},
		{"audit_log", []string{"seq", "detail"}, []ExportRow{
			{Seq: 200, Key: []any{int64(7)}, Values: []any{int64(7), strings.Repeat("改", 5000)}},
		}},
	}
}

// writeExportTest writes an export of tables and returns the file's bytes
// and the manifest Close returned.
func writeExportTest(t testing.TB, h ExportHeader, key ed25519.PrivateKey, tables []exportTestTable, to ...age.Recipient) ([]byte, ExportManifest) {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewExportWriter(&buf, h, key, to...)
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range tables {
		if err := w.Table(tb.name, tb.columns); err != nil {
			t.Fatal(err)
		}
		for _, r := range tb.rows {
			if err := w.Row(r); err != nil {
				t.Fatal(err)
			}
		}
	}
	m, err := w.Close()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), m
}

// readExportTest opens data and reads every part back.
func readExportTest(data []byte, key ed25519.PublicKey, id age.Identity) ([]exportTestTable, ExportManifest, error) {
	r, err := OpenExport(bytes.NewReader(data), int64(len(data)), key, id)
	if err != nil {
		return nil, ExportManifest{}, err
	}
	var got []exportTestTable
	for {
		name, cols, ok, err := r.NextTable()
		if err != nil {
			return got, ExportManifest{}, err
		}
		if !ok {
			break
		}
		tb := exportTestTable{name: name, columns: cols}
		for {
			row, ok, err := r.NextRow()
			if err != nil {
				return got, ExportManifest{}, err
			}
			if !ok {
				break
			}
			tb.rows = append(tb.rows, row)
		}
		got = append(got, tb)
	}
	m, err := r.Manifest()
	return got, m, err
}

// normalRows brings rows written to the form the reader returns (int64 for
// int and bool, nil for a nil []byte, empty Values slices).
func normalRows(rows []ExportRow) []ExportRow {
	out := make([]ExportRow, len(rows))
	for i, r := range rows {
		n := ExportRow{Seq: r.Seq, Deleted: r.Deleted, Key: normalValues(r.Key)}
		if !r.Deleted {
			n.Values = normalValues(r.Values)
		}
		out[i] = n
	}
	return out
}

func normalValues(vs []any) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		switch x := v.(type) {
		case int:
			out[i] = int64(x)
		case bool:
			out[i] = int64(0)
			if x {
				out[i] = int64(1)
			}
		case []byte:
			if x == nil {
				out[i] = nil
			} else {
				out[i] = x
			}
		default:
			out[i] = v
		}
	}
	return out
}

func assertExportTables(t *testing.T, got, want []exportTestTable) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("read %d tables, wrote %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.name != w.name || !reflect.DeepEqual(g.columns, w.columns) {
			t.Fatalf("table %d: read %s %v, wrote %s %v", i, g.name, g.columns, w.name, w.columns)
		}
		wr := normalRows(w.rows)
		if len(g.rows) != len(wr) {
			t.Fatalf("table %s: read %d rows, wrote %d", g.name, len(g.rows), len(wr))
		}
		for j := range wr {
			if !reflect.DeepEqual(g.rows[j], wr[j]) {
				t.Errorf("table %s row %d: read %#v, wrote %#v", g.name, j, g.rows[j], wr[j])
			}
		}
	}
}

// wantExportProblem asserts err is a refusal of the given kind: a
// *forms.Error, code EINVALID, with a Chinese message that says what to do.
func wantExportProblem(t *testing.T, err error, kind string) {
	t.Helper()
	if err == nil {
		t.Fatalf("accepted; want refusal %q", kind)
	}
	if got := ExportProblem(err); got != kind {
		t.Fatalf("refusal kind %q, want %q (%v)", got, kind, err)
	}
	var fe *forms.Error
	if !errors.As(err, &fe) || fe.Code != forms.EINVALID {
		t.Fatalf("want *forms.Error EINVALID, got %#v", err)
	}
	msg := forms.ErrorMessage(err)
	words := map[string]string{
		ExportNotExport: "不是柜台通的导出文件", ExportFormatNewer: "请先升级总部程序",
		ExportTruncated: "文件不完整", ExportAltered: "被改动", ExportUnsigned: "没有签名",
		ExportWrongKey: "登记的密钥", ExportWrongIdentity: "不是发给本总部的", ExportBadManifest: "清单与内容不符",
	}
	if !strings.Contains(msg, words[kind]) || !strings.Contains(msg, "：") {
		t.Fatalf("message %q should say %q and what to do", msg, words[kind])
	}
}

func TestExportFileRoundTrip(t *testing.T) {
	k := newExportTestKeys(t)
	h := exportTestHeader()
	tables := exportTestTables()
	data, wm := writeExportTest(t, h, k.priv, tables, k.id.Recipient())

	if bytes.Contains(data, []byte("张三")) || bytes.Contains(data, []byte("customers")) {
		t.Fatal("the file shows plaintext outside the encryption")
	}
	gotH, err := ReadExportHeader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	wantH := h
	wantH.Format = ExportFormat
	wantH.PublicKey = k.pub
	if exportHeaderDiff(gotH, wantH) != "" {
		t.Fatalf("header read back %+v, want %+v", gotH, wantH)
	}

	got, m, err := readExportTest(data, k.pub, k.id)
	if err != nil {
		t.Fatal(err)
	}
	assertExportTables(t, got, tables)
	if exportHeaderDiff(m.ExportHeader, wantH) != "" || !reflect.DeepEqual(m.Tables, wm.Tables) {
		t.Fatalf("manifest read %+v, written %+v", m, wm)
	}
	wantParts := []struct {
		rows, deleted int64
	}{{4, 1}, {0, 0}, {2, 1}, {1, 0}}
	for i, p := range m.Tables {
		if p.Rows != wantParts[i].rows || p.Deleted != wantParts[i].deleted || len(p.SHA256) != 64 {
			t.Errorf("part %s: %d rows %d deleted sha %q", p.Table, p.Rows, p.Deleted, p.SHA256)
		}
	}
	if m.Rows() != 7 || m.Counts()["customers"] != 4 || m.Counts()["settings"] != 0 {
		t.Fatalf("Rows %d Counts %v", m.Rows(), m.Counts())
	}
}

func TestExportFileZeroTables(t *testing.T) {
	k := newExportTestKeys(t)
	data, _ := writeExportTest(t, exportTestHeader(), k.priv, nil, k.id.Recipient())
	got, m, err := readExportTest(data, k.pub, k.id)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 || m.Tables == nil || len(m.Tables) != 0 || m.Number != 3 {
		t.Fatalf("read %v, manifest %+v", got, m)
	}
}

// TestExportFileManifestSkips reads only some rows: Manifest (and NextTable)
// read the rest and still check every part.
func TestExportFileManifestSkips(t *testing.T) {
	k := newExportTestKeys(t)
	data, wm := writeExportTest(t, exportTestHeader(), k.priv, exportTestTables(), k.id.Recipient())
	r, err := OpenExport(bytes.NewReader(data), int64(len(data)), k.pub, k.id)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := r.NextRow(); ok || err != nil {
		t.Fatalf("NextRow before NextTable: %v %v", ok, err)
	}
	if name, _, ok, err := r.NextTable(); !ok || err != nil || name != "customers" {
		t.Fatalf("first table %q %v %v", name, ok, err)
	}
	if row, ok, err := r.NextRow(); !ok || err != nil || row.Seq != 101 {
		t.Fatalf("first row %+v %v %v", row, ok, err)
	}
	if name, _, ok, err := r.NextTable(); !ok || err != nil || name != "settings" {
		t.Fatalf("second table %q %v %v", name, ok, err)
	}
	m, err := r.Manifest()
	if err != nil || !reflect.DeepEqual(m.Tables, wm.Tables) {
		t.Fatalf("manifest %+v %v", m, err)
	}
	if _, _, ok, err := r.NextTable(); ok || err != nil {
		t.Fatalf("NextTable after the end: %v %v", ok, err)
	}
	if r.Header().Number != 3 {
		t.Fatalf("header %+v", r.Header())
	}
}

func TestExportFileTwoRecipients(t *testing.T) {
	k := newExportTestKeys(t)
	other, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	data, _ := writeExportTest(t, exportTestHeader(), k.priv, exportTestTables(), k.id.Recipient(), other.Recipient())
	for _, id := range []age.Identity{k.id, other} {
		got, _, err := readExportTest(data, k.pub, id)
		if err != nil {
			t.Fatal(err)
		}
		assertExportTables(t, got, exportTestTables())
	}
	stranger, _ := age.GenerateX25519Identity()
	_, _, err = readExportTest(data, k.pub, stranger)
	wantExportProblem(t, err, ExportWrongIdentity)
}

func TestExportFileWrongKeyAndIdentity(t *testing.T) {
	k := newExportTestKeys(t)
	k2 := newExportTestKeys(t)
	data, _ := writeExportTest(t, exportTestHeader(), k.priv, exportTestTables(), k.id.Recipient())
	_, err := OpenExport(bytes.NewReader(data), int64(len(data)), k2.pub, k.id)
	wantExportProblem(t, err, ExportWrongKey)
	_, err = OpenExport(bytes.NewReader(data), int64(len(data)), nil, k.id)
	wantExportProblem(t, err, ExportWrongKey)
	_, err = OpenExport(bytes.NewReader(data), int64(len(data)), k.pub, k2.id)
	wantExportProblem(t, err, ExportWrongIdentity)
	if !strings.Contains(forms.ErrorMessage(err), "QB01 的第3号导出") {
		t.Fatalf("message should name the export: %q", forms.ErrorMessage(err))
	}
	if _, err = OpenExport(bytes.NewReader(data), int64(len(data)), k.pub, nil); forms.ErrorCode(err) != forms.EINVALID {
		t.Fatalf("no identity: %v", err)
	}
}

// exportRegions locates the frame's regions in data.
type exportRegions struct {
	magicLen, ctOff, ctLen, trailer int
}

func locateExport(t *testing.T, data []byte) exportRegions {
	t.Helper()
	m := bytes.IndexByte(data, '\n') + 1
	c := m + bytes.IndexByte(data[m:], '\n') + 1
	tr := len(data) - exportTrailerSize
	if !bytes.HasPrefix(data[c:], []byte("age-encryption.org/v1\n")) || string(data[tr:tr+8]) != exportTrailerMark {
		t.Fatal("frame not as documented")
	}
	if binary.BigEndian.Uint64(data[tr+40:tr+48]) != uint64(tr-c) {
		t.Fatal("trailer length is not the ciphertext's")
	}
	return exportRegions{magicLen: m, ctOff: c, ctLen: tr - c, trailer: tr}
}

func TestExportFileFlippedByte(t *testing.T) {
	k := newExportTestKeys(t)
	data, _ := writeExportTest(t, exportTestHeader(), k.priv, exportTestTables(), k.id.Recipient())
	g := locateExport(t, data)
	branch := bytes.Index(data, []byte(`"QB"`)) + 1
	cases := []struct {
		name string
		at   int
		kind string
	}{
		{"magic first byte", 0, ExportNotExport},
		{"magic version", g.magicLen - 2, ExportNotExport},
		{"magic newline", g.magicLen - 1, ExportNotExport},
		{"header branch", branch, ExportAltered},
		{"header first byte", g.magicLen, ExportAltered},
		{"header newline", g.ctOff - 1, ExportAltered},
		{"ciphertext start", g.ctOff, ExportAltered},
		{"ciphertext middle", g.ctOff + g.ctLen/2, ExportAltered},
		{"ciphertext end", g.ctOff + g.ctLen - 1, ExportAltered},
		{"trailer mark", g.trailer, ExportTruncated},
		{"trailer digest", g.trailer + 8, ExportAltered},
		{"trailer digest end", g.trailer + 39, ExportAltered},
		{"trailer length", g.trailer + 47, ExportAltered},
		{"signature", g.trailer + 48, ExportAltered},
		{"signature end", len(data) - 1, ExportAltered},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			bad := bytes.Clone(data)
			bad[c.at] ^= 0xff
			_, err := ReadExportHeader(bytes.NewReader(bad), int64(len(bad)))
			wantExportProblem(t, err, c.kind)
			_, _, err = readExportTest(bad, k.pub, k.id)
			wantExportProblem(t, err, c.kind)
			// PeekExportHeader reads no ciphertext: a flipped byte there
			// is left to OpenExport; anywhere else it refuses as well.
			_, err = PeekExportHeader(bytes.NewReader(bad), int64(len(bad)))
			if c.at >= g.ctOff && c.at < g.ctOff+g.ctLen {
				if err != nil {
					t.Fatalf("PeekExportHeader read the ciphertext: %v", err)
				}
			} else {
				wantExportProblem(t, err, c.kind)
			}
		})
	}
	// Every single byte, one bit at a time: always refused, never a panic.
	for i := range data {
		bad := bytes.Clone(data)
		bad[i] ^= 1 << (i % 8)
		if _, err := ReadExportHeader(bytes.NewReader(bad), int64(len(bad))); ExportProblem(err) == "" {
			t.Fatalf("byte %d flipped: ReadExportHeader gave %v", i, err)
		}
		if _, _, err := readExportTest(bad, k.pub, k.id); ExportProblem(err) == "" {
			t.Fatalf("byte %d flipped: OpenExport gave %v", i, err)
		}
	}
}

func TestExportFileTruncated(t *testing.T) {
	k := newExportTestKeys(t)
	data, _ := writeExportTest(t, exportTestHeader(), k.priv, exportTestTables(), k.id.Recipient())
	g := locateExport(t, data)
	for _, n := range []int{0, 1, 10, g.magicLen - 1, g.magicLen, g.magicLen + 30, g.ctOff - 1, g.ctOff, g.ctOff + 1,
		g.ctOff + g.ctLen/2, g.trailer, g.trailer + 1, g.trailer + 50, len(data) - 64, len(data) - 1} {
		cut := data[:n]
		_, err := ReadExportHeader(bytes.NewReader(cut), int64(len(cut)))
		wantExportProblem(t, err, ExportTruncated)
		_, _, err = readExportTest(cut, k.pub, k.id)
		wantExportProblem(t, err, ExportTruncated)
	}
	// The truncated file's message names the export once the header is whole.
	_, err := ReadExportHeader(bytes.NewReader(data[:g.trailer]), int64(g.trailer))
	if msg := forms.ErrorMessage(err); !strings.Contains(msg, "请让分支机构重新写出QB01 的第3号导出") {
		t.Fatalf("message %q", msg)
	}
	// A file whose end was never written (zeros, as a pulled stick leaves) is
	// truncated too.
	zeroEnd := bytes.Clone(data)
	clear(zeroEnd[g.trailer:])
	_, err = ReadExportHeader(bytes.NewReader(zeroEnd), int64(len(zeroEnd)))
	wantExportProblem(t, err, ExportTruncated)
}

// TestExportFileBytesAppended: a whole export with bytes appended is
// altered (内容被改动), not truncated (trial 15, item 7).
func TestExportFileBytesAppended(t *testing.T) {
	k := newExportTestKeys(t)
	data, _ := writeExportTest(t, exportTestHeader(), k.priv, exportTestTables(), k.id.Recipient())
	for _, extra := range [][]byte{[]byte("x"), []byte("\n"), append(bytes.Repeat([]byte("CDXSIG01"), 40), 'z'), make([]byte, 5000)} {
		bad := append(bytes.Clone(data), extra...)
		_, err := ReadExportHeader(bytes.NewReader(bad), int64(len(bad)))
		wantExportProblem(t, err, ExportAltered)
		if msg := forms.ErrorMessage(err); !strings.Contains(msg, fmt.Sprintf("文件尾之后多出%d个字节", len(extra))) || strings.Contains(msg, "不完整") {
			t.Errorf("%d bytes appended: message %q", len(extra), msg)
		}
		_, _, err = readExportTest(bad, k.pub, k.id)
		wantExportProblem(t, err, ExportAltered)
	}
}

func TestExportFileUnsigned(t *testing.T) {
	k := newExportTestKeys(t)
	data, _ := writeExportTest(t, exportTestHeader(), k.priv, exportTestTables(), k.id.Recipient())
	g := locateExport(t, data)
	for name, from := range map[string]int{"signature zeros": g.trailer + 48, "trailer zeros after the mark": g.trailer + 8} {
		t.Run(name, func(t *testing.T) {
			bad := bytes.Clone(data)
			clear(bad[from:])
			_, err := ReadExportHeader(bytes.NewReader(bad), int64(len(bad)))
			wantExportProblem(t, err, ExportUnsigned)
			_, err = OpenExport(bytes.NewReader(bad), int64(len(bad)), k.pub, k.id)
			wantExportProblem(t, err, ExportUnsigned)
		})
	}
	// Without any trailer the file cannot be told from one cut short: it is
	// refused as truncated.
	_, err := ReadExportHeader(bytes.NewReader(data[:g.trailer]), int64(g.trailer))
	wantExportProblem(t, err, ExportTruncated)
}

// resign returns data with its header line replaced by hj, signed by key
// (or keeping the old signature when key is nil).
func resign(t *testing.T, data []byte, hj []byte, key ed25519.PrivateKey) []byte {
	t.Helper()
	g := locateExport(t, data)
	prefix := append(append([]byte(exportMagic), hj...), '\n')
	out := append(bytes.Clone(prefix), data[g.ctOff:]...)
	if key != nil {
		tr := len(out) - exportTrailerSize
		sig := ed25519.Sign(key, exportSignedBytes(prefix, out[tr+8:tr+40], binary.BigEndian.Uint64(out[tr+40:tr+48])))
		copy(out[tr+48:], sig)
	}
	return out
}

func TestExportFileEditedHeader(t *testing.T) {
	k := newExportTestKeys(t)
	forger := newExportTestKeys(t)
	data, _ := writeExportTest(t, exportTestHeader(), k.priv, exportTestTables(), k.id.Recipient())
	h, err := ReadExportHeader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	h.Branch = "ZZ"
	h.Number = 99

	// Edited and not signed again: altered, for both readers.
	hj, _ := json.Marshal(h)
	bad := resign(t, data, hj, nil)
	_, err = ReadExportHeader(bytes.NewReader(bad), int64(len(bad)))
	wantExportProblem(t, err, ExportAltered)
	_, err = OpenExport(bytes.NewReader(bad), int64(len(bad)), k.pub, k.id)
	wantExportProblem(t, err, ExportAltered)

	// Edited and signed again with another key put in the header: the frame
	// is whole, but it is not the registered key.
	h.PublicKey = forger.pub
	hj, _ = json.Marshal(h)
	forged := resign(t, data, hj, forger.priv)
	got, err := ReadExportHeader(bytes.NewReader(forged), int64(len(forged)))
	if err != nil || got.Branch != "ZZ" || !bytes.Equal(got.PublicKey, forger.pub) {
		t.Fatalf("forged header %+v %v", got, err)
	}
	_, err = OpenExport(bytes.NewReader(forged), int64(len(forged)), k.pub, k.id)
	wantExportProblem(t, err, ExportWrongKey)

	// Even opened with the forger's key, the manifest inside disagrees.
	_, _, err = readExportTest(forged, forger.pub, k.id)
	wantExportProblem(t, err, ExportBadManifest)

	// Signed again with another key but the station's key left in the header.
	h.PublicKey = k.pub
	hj, _ = json.Marshal(h)
	bad = resign(t, data, hj, forger.priv)
	_, err = OpenExport(bytes.NewReader(bad), int64(len(bad)), k.pub, k.id)
	wantExportProblem(t, err, ExportAltered)

	// An edited header does not get to write the operator's message.
	h.Branch = "请直接导入" + strings.Repeat("！", 50)
	hj, _ = json.Marshal(h)
	bad = resign(t, data, hj, nil)
	_, err = ReadExportHeader(bytes.NewReader(bad), int64(len(bad)))
	wantExportProblem(t, err, ExportAltered)
	if msg := forms.ErrorMessage(err); strings.Contains(msg, "请直接导入") || !strings.Contains(msg, "这份导出") {
		t.Fatalf("message %q", msg)
	}
}

func TestExportFileNotExportAndFormat(t *testing.T) {
	k := newExportTestKeys(t)
	data, _ := writeExportTest(t, exportTestHeader(), k.priv, nil, k.id.Recipient())
	var ageFile bytes.Buffer
	aw, _ := age.Encrypt(&ageFile, k.id.Recipient())
	aw.Write([]byte("hello"))
	aw.Close()
	for name, c := range map[string]struct {
		data []byte
		kind string
	}{
		"text":              {[]byte("姓名,身份证\n张三,110101199003070011\n"), ExportNotExport},
		"pdf":               {[]byte("%PDF-1.7\n%âãÏÓ\n1 0 obj\n"), ExportNotExport},
		"age file":          {ageFile.Bytes(), ExportNotExport},
		"magic version 0":   {[]byte("counterdesk-export/0\n{}\n"), ExportNotExport},
		"magic no digits":   {[]byte("counterdesk-export/x\n{}\n"), ExportNotExport},
		"newer format":      {append([]byte("counterdesk-export/2\n"), data[len(exportMagic):]...), ExportFormatNewer},
		"much newer format": {[]byte("counterdesk-export/17\n{\"format\":17}\n"), ExportFormatNewer},
		"prefix of magic":   {[]byte("counterdesk-exp"), ExportTruncated},
		"magic only":        {[]byte("counterdesk-export/1"), ExportTruncated},
		"header not json":   {[]byte("counterdesk-export/1\nnot json\n" + strings.Repeat("x", 200)), ExportAltered},
		"header too long":   {[]byte("counterdesk-export/1\n" + strings.Repeat("{", exportMaxHeader+10) + "\n"), ExportAltered},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ReadExportHeader(bytes.NewReader(c.data), int64(len(c.data)))
			wantExportProblem(t, err, c.kind)
			_, err = OpenExport(bytes.NewReader(c.data), int64(len(c.data)), k.pub, k.id)
			wantExportProblem(t, err, c.kind)
		})
	}
	// A header claiming format 2 behind a format-1 magic line is altered,
	// signed or not.
	h := exportTestHeader()
	h.Format, h.PublicKey = 2, k.pub
	hj, _ := json.Marshal(h)
	bad := resign(t, data, hj, k.priv)
	_, err := ReadExportHeader(bytes.NewReader(bad), int64(len(bad)))
	wantExportProblem(t, err, ExportAltered)
}

// TestExportHeaderHoldsNothingPersonal: the unencrypted header holds exactly
// these fields; a new one must be added here on purpose, after checking it
// tells nothing about a customer.
func TestExportHeaderHoldsNothingPersonal(t *testing.T) {
	k := newExportTestKeys(t)
	data, _ := writeExportTest(t, exportTestHeader(), k.priv, exportTestTables(), k.id.Recipient())
	g := locateExport(t, data)
	var fields map[string]any
	if err := json.Unmarshal(data[g.magicLen:g.ctOff], &fields); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for key := range fields {
		keys = append(keys, key)
	}
	slices.Sort(keys)
	want := []string{"branch", "created_at", "format", "from_seq", "number", "program", "public_key", "schema", "station", "station_id", "to_seq", "training"}
	if !slices.Equal(keys, want) {
		t.Fatalf("header fields %v, want %v", keys, want)
	}
}

// failingReaderAt fails every read at or past off, like a stick pulled
// during the import.
type failingReaderAt struct {
	data []byte
	off  int64
	fail bool
}

func (f *failingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if f.fail && off+int64(len(p)) > f.off {
		return 0, syscall.EIO
	}
	return bytes.NewReader(f.data).ReadAt(p, off)
}

func TestExportFileDriveFailsDuringRead(t *testing.T) {
	k := newExportTestKeys(t)
	tables := []exportTestTable{{"t", []string{"id", "x"}, nil}}
	for i := range 5000 {
		x := sha256.Sum256([]byte{byte(i), byte(i >> 8)})
		tables[0].rows = append(tables[0].rows, ExportRow{Seq: 150, Key: []any{int64(i)}, Values: []any{int64(i), fmt.Sprintf("%x", x)}})
	}
	data, _ := writeExportTest(t, exportTestHeader(), k.priv, tables, k.id.Recipient())
	f := &failingReaderAt{data: data, off: int64(len(data) / 2)}
	r, err := OpenExport(f, int64(len(data)), k.pub, k.id)
	if err != nil {
		t.Fatal(err)
	}
	f.fail = true
	_, err = r.Manifest()
	if ExportProblem(err) != "" || forms.ErrorCode(err) != forms.EINTERNAL || !errors.Is(err, syscall.EIO) ||
		!strings.Contains(forms.ErrorMessage(err), "读导出文件失败") {
		t.Fatalf("a failing drive is not a damaged file: %v", err)
	}
	// The first pass fails the same way.
	_, err = ReadExportHeader(f, int64(len(data)))
	if forms.ErrorCode(err) != forms.EINTERNAL || !errors.Is(err, syscall.EIO) {
		t.Fatalf("first pass: %v", err)
	}
}

// sealExport builds a validly framed, signed and encrypted file around a
// hand-made payload, to test what the reader does with payloads the writer
// never makes.
func sealExport(t testing.TB, h ExportHeader, k exportTestKeys, payload []byte) []byte {
	t.Helper()
	h.Format, h.PublicKey = ExportFormat, k.pub
	hj, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	prefix := append(append([]byte(exportMagic), hj...), '\n')
	var ct bytes.Buffer
	aw, err := age.Encrypt(&ct, k.id.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	z, _ := flate.NewWriter(aw, flate.BestSpeed)
	z.Write(payload)
	z.Close()
	aw.Close()
	digest := sha256.Sum256(ct.Bytes())
	out := append(bytes.Clone(prefix), ct.Bytes()...)
	out = append(out, exportTrailerMark...)
	out = append(out, digest[:]...)
	out = binary.BigEndian.AppendUint64(out, uint64(ct.Len()))
	return append(out, ed25519.Sign(k.priv, exportSignedBytes(prefix, digest[:], uint64(ct.Len())))...)
}

// payloadOf decrypts a file written by the writer and returns its payload.
func payloadOf(t testing.TB, data []byte, id age.Identity) []byte {
	t.Helper()
	m := bytes.IndexByte(data, '\n') + 1
	c := m + bytes.IndexByte(data[m:], '\n') + 1
	dec, err := age.Decrypt(bytes.NewReader(data[c:len(data)-exportTrailerSize]), id)
	if err != nil {
		t.Fatal(err)
	}
	p, err := io.ReadAll(flate.NewReader(dec))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// exportRecords splits a payload into its framed records.
func exportRecords(t testing.TB, p []byte) [][]byte {
	t.Helper()
	var recs [][]byte
	for len(p) > 0 {
		n, k := binary.Uvarint(p)
		recs = append(recs, p[:k+int(n)])
		p = p[k+int(n):]
	}
	return recs
}

func frameRecord(body []byte) []byte {
	return append(binary.AppendUvarint(nil, uint64(len(body))), body...)
}

func TestExportFileManifestDisagrees(t *testing.T) {
	k := newExportTestKeys(t)
	h := exportTestHeader()
	data, wm := writeExportTest(t, h, k.priv, exportTestTables(), k.id.Recipient())
	recs := exportRecords(t, payloadOf(t, data, k.id))
	last := len(recs) - 1
	withManifest := func(edit func(m *ExportManifest)) []byte {
		m := wm
		m.Tables = append([]ExportPart(nil), wm.Tables...)
		edit(&m)
		mj, _ := json.Marshal(m)
		return bytes.Join(append(append([][]byte(nil), recs[:last]...), frameRecord(append([]byte{'M'}, mj...))), nil)
	}
	join := func(rs ...[]byte) []byte { return bytes.Join(rs, nil) }
	// A sanity check of the helpers: the unedited manifest passes.
	if _, _, err := readExportTest(sealExport(t, h, k, withManifest(func(*ExportManifest) {})), k.pub, k.id); err != nil {
		t.Fatal(err)
	}
	rowOutOfRange := frameRecord(append(binary.AppendVarint([]byte{'R'}, 201), 1, 1, tagInt, 2))
	cases := []struct {
		name    string
		payload []byte
		kind    string
		says    string
	}{
		{"number", withManifest(func(m *ExportManifest) { m.Number = 4 }), ExportBadManifest, "导出编号"},
		{"branch", withManifest(func(m *ExportManifest) { m.Branch = "ZZ" }), ExportBadManifest, "分支机构"},
		{"range", withManifest(func(m *ExportManifest) { m.ToSeq = 300 }), ExportBadManifest, "变更范围"},
		{"training", withManifest(func(m *ExportManifest) { m.Training = true }), ExportBadManifest, "培训"},
		{"rows", withManifest(func(m *ExportManifest) { m.Tables[0].Rows = 5 }), ExportBadManifest, "customers 有4行，清单写的是5行"},
		{"deleted", withManifest(func(m *ExportManifest) { m.Tables[2].Deleted = 0 }), ExportBadManifest, "删除"},
		{"sha", withManifest(func(m *ExportManifest) { m.Tables[3].SHA256 = strings.Repeat("0", 64) }), ExportBadManifest, "audit_log 的校验值"},
		{"columns", withManifest(func(m *ExportManifest) { m.Tables[1].Columns = []string{"key"} }), ExportBadManifest, "settings 的列"},
		{"table missing", withManifest(func(m *ExportManifest) { m.Tables = m.Tables[:3] }), ExportBadManifest, "清单列出3张表，文件中有4张"},
		{"table renamed", withManifest(func(m *ExportManifest) { m.Tables[1].Table = "users" }), ExportBadManifest, "users"},
		{"no manifest", join(recs[:last]...), ExportBadManifest, "没有清单"},
		{"empty payload", nil, ExportBadManifest, "没有清单"},
		{"row dropped", join(append(append([][]byte{}, recs[:2]...), recs[3:]...)...), ExportBadManifest, "customers 有3行"},
		{"row out of range", join(append(append([][]byte{}, recs[:1]...), append([][]byte{rowOutOfRange}, recs[1:]...)...)...), ExportBadManifest, "201"},
		{"table twice", join(append(append([][]byte{}, recs[:last]...), recs[0], recs[last])...), ExportBadManifest, "两次"},
		{"after manifest", join(append(recs, []byte{1, 'T'})...), ExportAltered, "清单之后"},
		{"row before table", join(append([][]byte{recs[1]}, recs...)...), ExportAltered, "表之前"},
		{"unknown record", join(append([][]byte{frameRecord([]byte("X1"))}, recs...)...), ExportAltered, "未知的记录类型"},
		{"record cut", join(recs[0], recs[1][:len(recs[1])-1]), ExportAltered, "中途结束"},
		{"zero length record", join(recs[0], []byte{0}), ExportAltered, "记录长度"},
		{"huge length record", join(recs[0], binary.AppendUvarint(nil, 1<<40)), ExportAltered, "记录长度"},
		{"bad value tag", join(recs[0], frameRecord(append(binary.AppendVarint([]byte{'R'}, 150), 1, 1, 9))), ExportAltered, "数据行"},
		{"bad flags", join(recs[0], frameRecord(append(binary.AppendVarint([]byte{'R'}, 150), 2, 1, tagNil))), ExportAltered, "数据行"},
		{"wrong value count", join(recs[0], frameRecord(append(binary.AppendVarint([]byte{'R'}, 150), 0, 1, tagNil, 1, tagNil))), ExportAltered, "列数"},
		{"bad utf-8", join(frameRecord([]byte{'T', 2, 0xff, 0xfe, 0})), ExportAltered, "表头"},
		{"manifest not json", join(recs[0], frameRecord([]byte("M{"))), ExportAltered, "清单"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := sealExport(t, h, k, c.payload)
			if _, err := ReadExportHeader(bytes.NewReader(f), int64(len(f))); err != nil {
				t.Fatalf("the frame itself is fine: %v", err)
			}
			_, _, err := readExportTest(f, k.pub, k.id)
			wantExportProblem(t, err, c.kind)
			if !strings.Contains(forms.ErrorMessage(err), c.says) {
				t.Fatalf("message %q should say %q", forms.ErrorMessage(err), c.says)
			}
			// The refusal sticks: Manifest gives the same error.
			r, _ := OpenExport(bytes.NewReader(f), int64(len(f)), k.pub, k.id)
			if _, err2 := r.Manifest(); ExportProblem(err2) != c.kind {
				t.Fatalf("Manifest gave %v", err2)
			}
		})
	}
}

// failingWriter accepts n bytes, then fails like a full or pulled drive.
type failingWriter struct {
	n   int
	buf bytes.Buffer
}

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		w.buf.Write(p[:w.n])
		k := w.n
		w.n = 0
		return k, syscall.ENOSPC
	}
	w.n -= len(p)
	return w.buf.Write(p)
}

func TestExportWriterFailingDrive(t *testing.T) {
	k := newExportTestKeys(t)
	full, _ := writeExportTest(t, exportTestHeader(), k.priv, exportTestTables(), k.id.Recipient())
	for _, n := range []int{0, 10, 300, len(full) / 2, len(full) - exportTrailerSize, len(full) - 1} {
		fw := &failingWriter{n: n}
		err := func() error {
			w, err := NewExportWriter(fw, exportTestHeader(), k.priv, k.id.Recipient())
			if err != nil {
				return err
			}
			for _, tb := range exportTestTables() {
				if err := w.Table(tb.name, tb.columns); err != nil {
					return err
				}
				for _, r := range tb.rows {
					if err := w.Row(r); err != nil {
						return err
					}
				}
			}
			_, err = w.Close()
			if err != nil {
				if _, err2 := w.Close(); err2 != err {
					t.Fatalf("after a failure Close gave %v, want the same %v", err2, err)
				}
			}
			return err
		}()
		if forms.ErrorCode(err) != forms.EINTERNAL || !errors.Is(err, syscall.ENOSPC) ||
			!strings.Contains(forms.ErrorMessage(err), "写出导出文件失败") {
			t.Fatalf("failing after %d bytes: %v", n, err)
		}
		// What reached the drive is refused, never read as a whole export.
		part := fw.buf.Bytes()
		if _, err := ReadExportHeader(bytes.NewReader(part), int64(len(part))); ExportProblem(err) != ExportTruncated {
			t.Fatalf("%d bytes written: %v", len(part), err)
		}
	}
}

func TestExportWriterMisuse(t *testing.T) {
	k := newExportTestKeys(t)
	to := k.id.Recipient()
	h := exportTestHeader()
	for name, c := range map[string]struct {
		h    func(*ExportHeader)
		key  ed25519.PrivateKey
		to   []age.Recipient
		code string
	}{
		"no recipient":   {nil, k.priv, nil, forms.EINVALID},
		"nil recipient":  {nil, k.priv, []age.Recipient{nil}, forms.EINVALID},
		"short key":      {nil, k.priv[:10], []age.Recipient{to}, forms.EINVALID},
		"no branch":      {func(h *ExportHeader) { h.Branch = "" }, k.priv, []age.Recipient{to}, forms.EINVALID},
		"station 100":    {func(h *ExportHeader) { h.Station = 100 }, k.priv, []age.Recipient{to}, forms.EINVALID},
		"number 0":       {func(h *ExportHeader) { h.Number = 0 }, k.priv, []age.Recipient{to}, forms.EINTERNAL},
		"range":          {func(h *ExportHeader) { h.ToSeq = 5 }, k.priv, []age.Recipient{to}, forms.EINTERNAL},
		"format 2":       {func(h *ExportHeader) { h.Format = 2 }, k.priv, []age.Recipient{to}, forms.EINTERNAL},
		"other pub key":  {func(h *ExportHeader) { h.PublicKey = make([]byte, 32) }, k.priv, []age.Recipient{to}, forms.EINTERNAL},
		"recipient list": {nil, k.priv, []age.Recipient{to, to}, ""},
	} {
		t.Run(name, func(t *testing.T) {
			hh := h
			if c.h != nil {
				c.h(&hh)
			}
			var buf bytes.Buffer
			_, err := NewExportWriter(&buf, hh, c.key, c.to...)
			if forms.ErrorCode(err) != c.code {
				t.Fatalf("code %q, want %q (%v)", forms.ErrorCode(err), c.code, err)
			}
			if err != nil && buf.Len() != 0 {
				t.Fatal("a refused header wrote bytes")
			}
		})
	}
	rowCases := map[string]func(w *ExportWriter) error{
		"row before table": func(w *ExportWriter) error { return w.Row(ExportRow{Seq: 150, Key: []any{"a"}, Values: []any{"a"}}) },
		"table twice": func(w *ExportWriter) error {
			w.Table("t", []string{"id"})
			return w.Table("t", []string{"id"})
		},
		"duplicate column": func(w *ExportWriter) error { return w.Table("t", []string{"id", "id"}) },
		"empty name":       func(w *ExportWriter) error { return w.Table("", []string{"id"}) },
		"seq at from": func(w *ExportWriter) error {
			w.Table("t", []string{"id"})
			return w.Row(ExportRow{Seq: 100, Key: []any{"a"}, Values: []any{"a"}})
		},
		"seq after to": func(w *ExportWriter) error {
			w.Table("t", []string{"id"})
			return w.Row(ExportRow{Seq: 201, Key: []any{"a"}, Values: []any{"a"}})
		},
		"no key": func(w *ExportWriter) error {
			w.Table("t", []string{"id"})
			return w.Row(ExportRow{Seq: 150, Values: []any{"a"}})
		},
		"too few values": func(w *ExportWriter) error {
			w.Table("t", []string{"id", "x"})
			return w.Row(ExportRow{Seq: 150, Key: []any{"a"}, Values: []any{"a"}})
		},
		"deleted with values": func(w *ExportWriter) error {
			w.Table("t", []string{"id"})
			return w.Row(ExportRow{Seq: 150, Key: []any{"a"}, Deleted: true, Values: []any{"a"}})
		},
		"time value": func(w *ExportWriter) error {
			w.Table("t", []string{"id"})
			return w.Row(ExportRow{Seq: 150, Key: []any{"a"}, Values: []any{time.Now()}})
		},
		"after close": func(w *ExportWriter) error {
			if _, err := w.Close(); err != nil {
				return nil
			}
			return w.Table("t", []string{"id"})
		},
	}
	for name, f := range rowCases {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			w, err := NewExportWriter(&buf, h, k.priv, to)
			if err != nil {
				t.Fatal(err)
			}
			err = f(w)
			if forms.ErrorCode(err) != forms.EINTERNAL || !strings.Contains(forms.ErrorMessage(err), "写导出文件时程序出错") {
				t.Fatalf("got %v", err)
			}
			if _, err2 := w.Close(); err2 == nil {
				t.Fatal("Close after a misuse succeeded")
			}
		})
	}
}

// TestExportFileIntAndBoolValues: the writer takes int and bool (as the
// database driver may scan them) and they come back as int64.
func TestExportFileIntAndBoolValues(t *testing.T) {
	k := newExportTestKeys(t)
	tables := []exportTestTable{{"t", []string{"id", "flag", "n"}, []ExportRow{
		{Seq: 150, Key: []any{7}, Values: []any{7, true, false}},
	}}}
	data, _ := writeExportTest(t, exportTestHeader(), k.priv, tables, k.id.Recipient())
	got, _, err := readExportTest(data, k.pub, k.id)
	if err != nil {
		t.Fatal(err)
	}
	want := []any{int64(7), int64(1), int64(0)}
	if !reflect.DeepEqual(got[0].rows[0].Values, want) || !reflect.DeepEqual(got[0].rows[0].Key, []any{int64(7)}) {
		t.Fatalf("read %#v", got[0].rows[0])
	}
}

func TestExportProblemOfOtherErrors(t *testing.T) {
	for _, err := range []error{nil, errors.New("x"), forms.Errorf(forms.EINVALID, "y"), fmt.Errorf("wrapped: %w", io.EOF)} {
		if ExportProblem(err) != "" {
			t.Fatalf("%v has a kind", err)
		}
	}
	wrapped := fmt.Errorf("import: %w", exportRefusal(ExportTruncated, nil, "x"))
	if ExportProblem(wrapped) != ExportTruncated {
		t.Fatal("a wrapped refusal keeps its kind")
	}
}

// switchingReaderAt serves a until switched, then b: a file replaced on the
// stick between the reader's two passes.
type switchingReaderAt struct {
	a, b     []byte
	switched bool
}

func (s *switchingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	src := s.a
	if s.switched {
		src = s.b
	}
	return bytes.NewReader(src).ReadAt(p, off)
}

func TestExportFileChangedBetweenPasses(t *testing.T) {
	k := newExportTestKeys(t)
	h := exportTestHeader()
	// Big enough that the second pass has not read it all when OpenExport
	// returns.
	tables := []exportTestTable{{"t", []string{"id", "x"}, nil}}
	for i := range 5000 {
		x := sha256.Sum256([]byte{byte(i), byte(i >> 8)})
		tables[0].rows = append(tables[0].rows, ExportRow{Seq: 150, Key: []any{int64(i)}, Values: []any{int64(i), fmt.Sprintf("%x", x)}})
	}
	a, _ := writeExportTest(t, h, k.priv, tables, k.id.Recipient())
	// The same content encrypted again: the same length, another ciphertext.
	b, _ := writeExportTest(t, h, k.priv, tables, k.id.Recipient())
	if len(a) != len(b) || bytes.Equal(a, b) {
		t.Fatal("want two ciphertexts of the same length")
	}
	s := &switchingReaderAt{a: a, b: b}
	r, err := OpenExport(s, int64(len(a)), k.pub, k.id)
	if err != nil {
		t.Fatal(err)
	}
	s.switched = true
	_, err = r.Manifest()
	wantExportProblem(t, err, ExportAltered)
}

// BenchmarkExportWriteRead writes 1,000,000 rows of 10 columns (like a
// customer row: ids, names, numbers, dates, a null) to a file and reads
// them all back through OpenExport. It reports write and read ns/row, and
// MB/s of the file (written and read, one pass each way).
func BenchmarkExportWriteRead(b *testing.B) {
	const rows = 1_000_000
	k := newExportTestKeys(b)
	h := exportTestHeader()
	h.FromSeq, h.ToSeq = 0, rows
	cols := []string{"id", "name", "id_number", "mobile", "fee", "ratio", "since", "note", "status", "photo"}
	path := b.TempDir() + "/QB01 导出 000003.cdx"
	var size int64
	var wrote, read time.Duration
	for b.Loop() {
		start := time.Now()
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		bw := bufio.NewWriterSize(f, 1<<20)
		w, err := NewExportWriter(bw, h, k.priv, k.id.Recipient())
		if err != nil {
			b.Fatal(err)
		}
		if err := w.Table("customers", cols); err != nil {
			b.Fatal(err)
		}
		vals := make([]any, len(cols))
		for i := range rows {
			id := fmt.Sprintf("c%09d", i)
			vals[0], vals[1], vals[2] = id, "张三丰"+strconv.Itoa(i%1000), fmt.Sprintf("1101011990%08d", i)
			vals[3], vals[4], vals[5] = "139"+strconv.Itoa(10000000+i), int64(12000+i%7), float64(i)/3
			vals[6], vals[7], vals[8], vals[9] = "2026-11-30", nil, int64(i%3), nil
			r := ExportRow{Seq: int64(i + 1), Key: []any{id}, Values: vals}
			if i%50 == 0 {
				r = ExportRow{Seq: int64(i + 1), Key: []any{id}, Deleted: true}
			}
			if err := w.Row(r); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := w.Close(); err != nil {
			b.Fatal(err)
		}
		if err := bw.Flush(); err != nil {
			b.Fatal(err)
		}
		fi, _ := f.Stat()
		size = fi.Size()
		f.Close()
		mid := time.Now()
		wrote += mid.Sub(start)

		f, err = os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		r, err := OpenExport(f, size, k.pub, k.id)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			_, _, ok, err := r.NextTable()
			if err != nil {
				b.Fatal(err)
			}
			if !ok {
				break
			}
			for {
				_, ok, err := r.NextRow()
				if err != nil {
					b.Fatal(err)
				}
				if !ok {
					break
				}
				n++
			}
		}
		f.Close()
		if n != rows {
			b.Fatalf("read %d rows", n)
		}
		read += time.Since(mid)
	}
	it := float64(b.N)
	b.ReportMetric(float64(wrote.Nanoseconds())/it/rows, "write-ns/row")
	b.ReportMetric(float64(read.Nanoseconds())/it/rows, "read-ns/row")
	b.ReportMetric(float64(size)/1e6, "file-MB")
	b.ReportMetric(float64(size)/1e6/(wrote.Seconds()/it), "write-MB/s")
	b.ReportMetric(float64(size)/1e6/(read.Seconds()/it), "read-MB/s")
}

// TestExportFileConstantMemory writes and reads a file of about 40 MB
// (incompressible values) through a real file: neither the writer nor the
// reader holds it, the heap stays far below the file's size.
func TestExportFileConstantMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 40 MB file")
	}
	const rows = 300_000
	k := newExportTestKeys(t)
	h := exportTestHeader()
	h.FromSeq, h.ToSeq = 0, rows
	path := t.TempDir() + "/QB01 导出 大文件.cdx"
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	var peak uint64
	sample := func() {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapAlloc)
	}
	runtime.GC()
	w, err := NewExportWriter(f, h, k.priv, k.id.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	w.Table("t", []string{"id", "blob"})
	blob := make([]byte, 128)
	for i := range rows {
		rand.Read(blob)
		if err := w.Row(ExportRow{Seq: int64(i + 1), Key: []any{int64(i)}, Values: []any{int64(i), blob}}); err != nil {
			t.Fatal(err)
		}
		if i%20000 == 0 {
			sample()
		}
	}
	if _, err := w.Close(); err != nil {
		t.Fatal(err)
	}
	fi, _ := f.Stat()
	f.Close()
	writePeak := peak

	peak = 0
	runtime.GC()
	f, err = os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := OpenExport(f, fi.Size(), k.pub, k.id)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, ok, err := r.NextTable(); !ok || err != nil {
		t.Fatal(ok, err)
	}
	n := 0
	for {
		_, ok, err := r.NextRow()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		if n++; n%20000 == 0 {
			sample()
		}
	}
	if _, err := r.Manifest(); err != nil || n != rows {
		t.Fatal(n, err)
	}
	const limit = 24 << 20
	t.Logf("file %.1f MB; heap peak writing %.1f MB, reading %.1f MB", float64(fi.Size())/1e6, float64(writePeak)/1e6, float64(peak)/1e6)
	if fi.Size() < 38e6 || writePeak > limit || peak > limit {
		t.Fatalf("file %d bytes; heap peak writing %d, reading %d (limit %d)", fi.Size(), writePeak, peak, limit)
	}
}

// eofReaderAt returns io.EOF with the last bytes, as io.ReaderAt allows.
type eofReaderAt struct{ data []byte }

func (e eofReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := bytes.NewReader(e.data).ReadAt(p, off)
	if err == nil && off+int64(n) == int64(len(e.data)) {
		err = io.EOF
	}
	return n, err
}

func TestExportFileReaderAtEOF(t *testing.T) {
	k := newExportTestKeys(t)
	data, _ := writeExportTest(t, exportTestHeader(), k.priv, exportTestTables(), k.id.Recipient())
	if _, err := ReadExportHeader(eofReaderAt{data}, int64(len(data))); err != nil {
		t.Fatal(err)
	}
	r, err := OpenExport(eofReaderAt{data}, int64(len(data)), k.pub, k.id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Manifest(); err != nil {
		t.Fatal(err)
	}
}
