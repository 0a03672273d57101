package store

// The export file (.cdx): what a branch station carries to head office on a
// USB stick. This file is the pure format — no database — used by the
// station's Export (store/export.go) and by head office's import
// (cmd/hqdesk).
//
// # Frame, byte by byte
//
// A file of N bytes is four regions, one after the other:
//
//	offset 0        magic line, 21 bytes: "counterdesk-export/1\n" (ASCII; the
//	                digits before "\n" are the format version — a later
//	                program writes "/2\n" and this one refuses it as "format")
//	offset 21       header line: the ExportHeader as one line of compact JSON
//	                (UTF-8, no newline inside), ending in "\n"; at most 64 KiB.
//	                Unencrypted, so head office can find the station's
//	                registered key before decrypting; it holds no personal data
//	                (branch, station, station UUID, export number, change range,
//	                training flag, time, program and schema version, public key).
//	offset C        ciphertext: an age v1 file (filippo.io/age, binary, not
//	                armoured) encrypted to head office's X25519 recipient(s); its
//	                plaintext is the payload (below), compressed with DEFLATE
//	                (compress/flate, BestSpeed). C = 21 + length of header line.
//	offset N-112    trailer, 112 bytes:
//	                  N-112 ..  N-105   8 bytes  "CDXSIG01"
//	                  N-104 ..  N-73   32 bytes  SHA-256 of the ciphertext
//	                  N-72  ..  N-65    8 bytes  ciphertext length L, uint64
//	                                             big-endian; L = N-112-C
//	                  N-64  ..  N-1    64 bytes  Ed25519 signature
//
// The signature is by the station's key (its public half is in the header)
// over the bytes
//
//	"counterdesk-export-signature\x00" || magic line || header line ||
//	SHA-256 of ciphertext (32) || L (8, big-endian)
//
// so the header, the ciphertext (through its digest) and its length are all
// covered.
//
// # Refusals, in the order they are checked (ExportProblem kinds)
//
//   - "truncated": an empty file, or one that ends inside the magic line.
//   - "not-export": the first bytes are not "counterdesk-export/<digits>\n".
//   - "format": the magic line's version is newer than ExportFormat.
//   - "truncated": no "\n" ends the header line before the file ends.
//   - "altered": the header line is longer than 64 KiB, not JSON, or its
//     format differs from the magic line's.
//   - "truncated": the last 112 bytes do not start with "CDXSIG01" (the file
//     was cut short, or its end never reached the stick — a file without a
//     trailer cannot be told from one cut short, so it is refused as this).
//   - "altered": the file's last MiB holds a trailer placed right after the
//     ciphertext (by its length L) and bytes follow it: a whole export with
//     bytes appended.
//   - "unsigned": the signature is 64 zero bytes.
//   - "altered": the signature does not verify with the header's key
//     (ReadExportHeader); with OpenExport, "wrong-key" when it verifies with
//     the header's key but that is not the registered key, else "altered".
//   - "altered": L is not N-112-C, or the ciphertext's SHA-256 differs.
//   - "wrong-identity": age finds no stanza for head office's identity.
//   - "altered" / "manifest" while reading: a record that cannot be decoded,
//     or a change between the two passes, is "altered"; a manifest whose
//     header fields, tables, columns, counts or digests differ from the
//     header and the parts read, a row whose seq is outside (FromSeq, ToSeq],
//     a table twice or no manifest at all is "manifest".
//
// A drive that fails while the file is read gives an EINTERNAL error (no
// kind) wrapping the cause, not a refusal of the file.
//
// # Payload (the plaintext inside age, after DEFLATE)
//
// A sequence of records, each uvarint(len(body)) followed by body; body[0] is
// the record type:
//
//	'T' table start: uvarint(len)+name, uvarint(ncols), ncols × (uvarint(len)+name)
//	'R' row:         varint(seq), flags byte (bit 0: deleted), uvarint(nkey),
//	                 nkey × value, and unless deleted uvarint(ncols), ncols × value
//	'M' manifest:    the ExportManifest as JSON; the last record, once
//
// A value is a tag byte then its data: 0 nil; 1 int64 as zig-zag varint;
// 2 float64 as 8 bytes little-endian IEEE 754; 3 string and 4 []byte as
// uvarint(len)+bytes (strings are passed on as the database held them; table
// and column names must be UTF-8). A record is at most 64 MiB. A part is one
// 'T' record and the 'R' records after it; its SHA-256 in the manifest is
// over those records' bytes exactly as framed (length prefixes included).
// Values are written in DEFLATE at BestSpeed: on 1,000,000 customer-like
// rows it makes a file a fifth the size of no compression, and is faster
// end to end than HuffmanOnly or no compression (fewer bytes to encrypt,
// hash and write).
//
// # Reading: two passes, constant memory
//
// ReadExportHeader and OpenExport read the file through an io.ReaderAt and
// never hold more than a record in memory. First they check the frame, the
// signature over header and trailer, and then hash the whole ciphertext in a
// first pass, refusing the file before anything is decrypted if the digest
// differs. OpenExport then decrypts in a second pass as the caller reads
// rows, hashing the ciphertext again on the way; the per-part digests and
// counts, the manifest's agreement with the header and the second digest are
// checked when the manifest record is reached, so NextTable (or Manifest)
// returns the error before the importer commits anything.

import (
	"bufio"
	"bytes"
	"compress/flate"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"counterdesk/forms"

	"filippo.io/age"
)

// ExportFormat is the version of the export file format this program writes
// and reads.
const ExportFormat = 1

const (
	exportMagicPrefix = "counterdesk-export/"
	exportSigContext  = "counterdesk-export-signature\x00"
	exportTrailerMark = "CDXSIG01"
	// exportTrailerSize is the trailer's length in bytes: mark, digest,
	// length and signature.
	exportTrailerSize = 8 + sha256.Size + 8 + ed25519.SignatureSize
	// exportMaxHeader is the longest header line accepted, in bytes.
	exportMaxHeader = 64 << 10
	// exportMaxRecord is the longest payload record accepted, in bytes.
	exportMaxRecord = 64 << 20
)

// exportMagic is the magic line of the format this program writes.
var exportMagic = exportMagicPrefix + strconv.Itoa(ExportFormat) + "\n"

// ExportHeader is the signed, unencrypted head of an export file: enough for
// head office to find the station's registered key before decrypting.
// Nothing personal is in it.
type ExportHeader struct {
	Format    int       `json:"format"`     // the file format, ExportFormat (1)
	Branch    string    `json:"branch"`     // branch code, e.g. "QB"
	Station   int       `json:"station"`    // station number, 1..99
	StationID string    `json:"station_id"` // the station row's UUID
	Number    int64     `json:"number"`     // export number, 1, 2, 3… per station key
	FromSeq   int64     `json:"from_seq"`   // change range (FromSeq, ToSeq]
	ToSeq     int64     `json:"to_seq"`     // last change sequence number included
	Training  bool      `json:"training"`   // a training station (counterdesk demo)
	CreatedAt time.Time `json:"created_at"` // when the export was written
	Program   string    `json:"program"`    // program version
	Schema    int       `json:"schema"`     // station schema version (migration number)
	PublicKey []byte    `json:"public_key"` // the station's Ed25519 public key, 32 bytes
}

// ExportRow is one row of one table: its change seq, its key values, and
// either its values (in the part's column order) or Deleted. Values and key
// values are nil, int64, float64, string or []byte (the writer also accepts
// int and bool, written as int64).
type ExportRow struct {
	Seq     int64
	Key     []any
	Deleted bool
	Values  []any
}

// ExportPart describes one table's part of an export: its columns, how many
// rows it holds (deletions included) and how many of them are deletions, and
// the SHA-256 (lower-case hex) of the part's records in the payload.
type ExportPart struct {
	Table   string   `json:"table"`
	Columns []string `json:"columns"`
	Rows    int64    `json:"rows"`
	Deleted int64    `json:"deleted"`
	SHA256  string   `json:"sha256"`
}

// ExportManifest is the last record inside the encrypted payload: the
// header's fields repeated (a reader refuses a manifest that disagrees with
// the header) and every part in file order.
type ExportManifest struct {
	ExportHeader
	Tables []ExportPart `json:"tables"`
}

// Rows returns the number of rows in all parts, deletions included.
func (m ExportManifest) Rows() int64 {
	var n int64
	for _, p := range m.Tables {
		n += p.Rows
	}
	return n
}

// Counts returns the number of rows (deletions included) per table.
func (m ExportManifest) Counts() map[string]int64 {
	c := make(map[string]int64, len(m.Tables))
	for _, p := range m.Tables {
		c[p.Table] += p.Rows
	}
	return c
}

// Kinds of refusal of an export file, as returned by ExportProblem.
const (
	ExportNotExport     = "not-export"     // not an export file at all
	ExportFormatNewer   = "format"         // written in a newer format version
	ExportTruncated     = "truncated"      // the file is cut short
	ExportAltered       = "altered"        // content changed after signing
	ExportUnsigned      = "unsigned"       // the signature is missing
	ExportWrongKey      = "wrong-key"      // signed by a key other than the registered one
	ExportWrongIdentity = "wrong-identity" // not encrypted to this head office
	ExportBadManifest   = "manifest"       // manifest disagrees with header or parts
)

const exportKeyPrefix = "export."

// ExportProblem returns the kind of refusal of an export file carried by err
// (one of the Export… kinds: "not-export", "format", "truncated", "altered",
// "unsigned", "wrong-key", "wrong-identity", "manifest"), or "" when err is
// nil or not such a refusal.
func ExportProblem(err error) string {
	var fe *forms.Error
	if errors.As(err, &fe) && strings.HasPrefix(fe.Key, exportKeyPrefix) {
		return strings.TrimPrefix(fe.Key, exportKeyPrefix)
	}
	return ""
}

// exportRefusal returns the *forms.Error for a refused export file of the
// given kind; h, when known, names the export in the message.
func exportRefusal(kind string, h *ExportHeader, detail string) error {
	which := "这份导出"
	// The header may not be verified yet: name the export only when it
	// looks like one (a forged header must not write the message).
	if h != nil && h.Number > 0 && h.Station >= 1 && h.Station <= 99 && len(h.Branch) <= 8 && !strings.ContainsAny(h.Branch, "\r\n") {
		which = fmt.Sprintf("%s%02d 的第%d号导出", h.Branch, h.Station, h.Number)
	}
	var msg string
	switch kind {
	case ExportNotExport:
		msg = "这不是柜台通的导出文件（" + detail + "）：请选择分支机构导出的 .cdx 文件。"
	case ExportFormatNewer:
		msg = "这份导出文件是新版本的柜台通写出的（" + detail + "）：请先升级总部程序，再导入。"
	case ExportTruncated:
		msg = "文件不完整（可能拔出U盘过早或复制中断；" + detail + "）：请让分支机构重新写出" + which + "。"
	case ExportAltered:
		msg = "文件内容被改动，签名不符（" + detail + "）：不能导入。请让分支机构重新写出" + which + "，并检查U盘。"
	case ExportUnsigned:
		msg = "导出文件没有签名（" + detail + "）：不能确认它来自分支机构，不能导入。请让分支机构用柜台通重新写出" + which + "。"
	case ExportWrongKey:
		msg = which + "不是用总部为该工作站登记的密钥签名的（" + detail + "）：不能导入。如果该工作站换了电脑或密钥，请先登记新密钥（作为原密钥的替换）；否则这份文件可能是伪造的。"
	case ExportWrongIdentity:
		msg = which + "不是发给本总部的（" + detail + "）：请确认分支机构设置的总部接收公钥是本总部的，或换用正确的总部身份文件。"
	case ExportBadManifest:
		msg = which + "的清单与内容不符（" + detail + "）：不能导入。请让分支机构重新写出" + which + "。"
	default:
		msg = "导出文件有问题（" + detail + "）。"
	}
	return &forms.Error{Code: forms.EINVALID, Message: msg, Key: exportKeyPrefix + kind}
}

// exportIOError wraps an I/O failure while writing or reading an export file
// as a *forms.Error (EINTERNAL) whose chain still holds the cause.
func exportReadWriteError(msg string, err error) error {
	return fmt.Errorf("%w: %w", forms.Errorf(forms.EINTERNAL, "%s", msg), err)
}

// errExportWriter is the writer's refusal of a misuse by the program.
func errExportWriter(format string, args ...any) error {
	return forms.Errorf(forms.EINTERNAL, "写导出文件时程序出错："+format, args...)
}

// ---------------------------------------------------------------- writing

// ExportWriter writes one export file as a stream: NewExportWriter writes
// the magic and header, Table starts each part, Row adds its rows, and Close
// writes the manifest, finishes the ciphertext and writes the trailer. Its
// memory does not grow with the file. After any error every later call
// returns that error; the bytes already written are then an incomplete file
// that every reader refuses.
type ExportWriter struct {
	h      ExportHeader
	key    ed25519.PrivateKey
	out    io.Writer
	prefix []byte // magic line and header line, as signed
	ct     *hashCounter
	enc    io.WriteCloser // age
	z      *flate.Writer
	pipe   *exportPipe // feeds z on a second goroutine
	bw     *bufio.Writer
	buf    []byte
	part   *exportPartState
	parts  []ExportPart
	names  map[string]bool
	err    error
	closed bool
}

// exportPartState is the running state of one part, writing or reading.
type exportPartState struct {
	table   string
	columns []string
	rows    int64
	deleted int64
	sum     hash.Hash
}

func (p *exportPartState) finish() ExportPart {
	return ExportPart{Table: p.table, Columns: p.columns, Rows: p.rows, Deleted: p.deleted,
		SHA256: hex.EncodeToString(p.sum.Sum(nil))}
}

// hashCounter passes writes (or reads) through while hashing and counting
// them.
type hashCounter struct {
	w    io.Writer
	r    io.Reader
	sum  hash.Hash
	n    int64
	rerr error // the first read error other than io.EOF
}

func (c *hashCounter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.sum.Write(p[:n])
	c.n += int64(n)
	return n, err
}

func (c *hashCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.sum.Write(p[:n])
	c.n += int64(n)
	if err != nil && err != io.EOF && c.rerr == nil {
		c.rerr = err
	}
	return n, err
}

// NewExportWriter starts an export file on w: it checks the header, fills in
// Format (ExportFormat) and PublicKey (from key) when they are zero, writes
// the magic and header lines and starts the ciphertext, encrypted to every
// recipient in to (head office's X25519 recipient; more than one is allowed,
// any of their identities opens the file). key is the station's Ed25519
// signing key. Errors are *forms.Error: EINVALID for a header or recipient
// that cannot be written, EINTERNAL (wrapping the cause) when w fails.
func NewExportWriter(w io.Writer, h ExportHeader, key ed25519.PrivateKey, to ...age.Recipient) (*ExportWriter, error) {
	if len(key) != ed25519.PrivateKeySize {
		return nil, forms.Errorf(forms.EINVALID, "工作站的签名密钥不完整（应为%d字节，实为%d字节）：请联系技术支持。", ed25519.PrivateKeySize, len(key))
	}
	pub := key.Public().(ed25519.PublicKey)
	if h.Format == 0 {
		h.Format = ExportFormat
	}
	if len(h.PublicKey) == 0 {
		h.PublicKey = append([]byte(nil), pub...)
	}
	switch {
	case h.Format != ExportFormat:
		return nil, errExportWriter("格式版本 %d，本程序只写第%d版", h.Format, ExportFormat)
	case !bytes.Equal(h.PublicKey, pub):
		return nil, errExportWriter("文件头中的公钥与签名密钥不是一对")
	case h.Branch == "" || !utf8.ValidString(h.Branch):
		return nil, forms.Errorf(forms.EINVALID, "导出缺少分支机构代码：请先在设置中填写本机构代码。")
	case h.Station < 1 || h.Station > 99:
		return nil, forms.Errorf(forms.EINVALID, "工作站编号 %d 不对（应为1到99）：请先在设置中改正工作站编号。", h.Station)
	case h.Number < 1:
		return nil, errExportWriter("导出编号 %d（应从1开始）", h.Number)
	case h.FromSeq < 0 || h.ToSeq < h.FromSeq:
		return nil, errExportWriter("变更范围 (%d, %d] 不对", h.FromSeq, h.ToSeq)
	case len(to) == 0:
		return nil, forms.Errorf(forms.EINVALID, "还没有设置总部的接收公钥：请先导入总部提供的接收公钥（hq-recipient.txt），再导出。")
	}
	for _, r := range to {
		if r == nil {
			return nil, forms.Errorf(forms.EINVALID, "总部的接收公钥为空：请重新导入总部提供的接收公钥（hq-recipient.txt）。")
		}
	}
	h.CreatedAt = h.CreatedAt.Round(0)
	hj, err := json.Marshal(h)
	if err != nil {
		return nil, errExportWriter("文件头：%v", err)
	}
	ew := &ExportWriter{h: h, key: key, out: w, names: map[string]bool{}}
	ew.prefix = append(append([]byte(exportMagic), hj...), '\n')
	if _, err := w.Write(ew.prefix); err != nil {
		return nil, exportWriteError(err)
	}
	ew.ct = &hashCounter{w: w, sum: sha256.New()}
	ew.enc, err = age.Encrypt(ew.ct, to...)
	if err != nil {
		return nil, exportWriteError(err)
	}
	ew.z, _ = flate.NewWriter(ew.enc, flate.BestSpeed) // the level is valid
	// Compression, encryption and the hashing of the ciphertext run on a
	// second goroutine, so the caller's reading (the database) and the
	// DEFLATE use two cores.
	ew.pipe = newExportPipe(ew.z)
	ew.bw = bufio.NewWriterSize(ew.pipe, exportPipeChunk)
	return ew, nil
}

// exportPipeChunk is the size of the chunks handed to the compressing
// goroutine; exportPipeDepth chunks may wait for it.
const (
	exportPipeChunk = 256 << 10
	exportPipeDepth = 4
)

// exportPipe is an io.Writer that copies what it is given into chunks and
// writes them to w on its own goroutine, in order. A write error of w is
// kept and returned by every later Write and by close. At most
// exportPipeDepth+2 chunks exist at once (memory stays constant).
type exportPipe struct {
	w    io.Writer
	ch   chan []byte
	free chan []byte
	done chan struct{}
	stop atomic.Bool
	mu   sync.Mutex
	err  error
	shut bool
}

func newExportPipe(w io.Writer) *exportPipe {
	p := &exportPipe{w: w, ch: make(chan []byte, exportPipeDepth), free: make(chan []byte, exportPipeDepth+2),
		done: make(chan struct{})}
	go p.run()
	return p
}

func (p *exportPipe) run() {
	defer close(p.done)
	for b := range p.ch {
		if !p.stop.Load() && p.failed() == nil {
			if _, err := p.w.Write(b); err != nil {
				p.mu.Lock()
				p.err = err
				p.mu.Unlock()
			}
		}
		select {
		case p.free <- b[:0]:
		default:
		}
	}
}

func (p *exportPipe) failed() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

// Write queues a copy of b for the goroutine. It returns the goroutine's
// first write error, if any, instead.
func (p *exportPipe) Write(b []byte) (int, error) {
	if err := p.failed(); err != nil {
		return 0, err
	}
	if p.shut {
		return 0, io.ErrClosedPipe
	}
	var c []byte
	select {
	case c = <-p.free:
	default:
		c = make([]byte, 0, max(len(b), exportPipeChunk))
	}
	p.ch <- append(c[:0], b...)
	return len(b), nil
}

// close waits until the goroutine wrote everything queued and returns its
// first write error. abort stops it without writing what is still queued.
// Both may be called more than once, in any order.
func (p *exportPipe) close() error {
	if !p.shut {
		p.shut = true
		close(p.ch)
	}
	<-p.done
	return p.failed()
}

func (p *exportPipe) abort() {
	p.stop.Store(true)
	p.close()
}

// exportWriteError is the error for a failed write of the file.
func exportWriteError(err error) error {
	return exportReadWriteError("写出导出文件失败（U盘已满、被拔出或不可写？）：请检查U盘或目标文件夹后重新导出；这次导出的内容下次仍会导出。", err)
}

// Table starts the part of table name with the given columns; the rows that
// follow belong to it. A table may appear once per file; a part may have no
// rows.
func (w *ExportWriter) Table(name string, columns []string) error {
	if err := w.usable(); err != nil {
		return err
	}
	if name == "" || !utf8.ValidString(name) || w.names[name] {
		return w.fail(errExportWriter("表名 %q 为空或重复", name))
	}
	seen := map[string]bool{}
	for _, c := range columns {
		if c == "" || !utf8.ValidString(c) || seen[c] {
			return w.fail(errExportWriter("表 %s 的列名 %q 为空或重复", name, c))
		}
		seen[c] = true
	}
	w.endPart()
	w.names[name] = true
	w.part = &exportPartState{table: name, columns: append([]string(nil), columns...), sum: sha256.New()}
	b := append(w.buf[:0], 'T')
	b = appendString(b, name)
	b = binary.AppendUvarint(b, uint64(len(columns)))
	for _, c := range columns {
		b = appendString(b, c)
	}
	w.buf = b
	return w.record(w.part.sum)
}

// Row adds one row to the current part: r.Values in the part's column order,
// or r.Deleted with no values. r.Seq must lie in the header's change range
// (FromSeq, ToSeq], and r.Key must hold one or more values.
func (w *ExportWriter) Row(r ExportRow) error {
	if err := w.usable(); err != nil {
		return err
	}
	p := w.part
	switch {
	case p == nil:
		return w.fail(errExportWriter("写行之前没有开始表"))
	case r.Seq <= w.h.FromSeq || r.Seq > w.h.ToSeq:
		return w.fail(errExportWriter("表 %s 的行的变更号 %d 不在 (%d, %d] 内", p.table, r.Seq, w.h.FromSeq, w.h.ToSeq))
	case len(r.Key) == 0:
		return w.fail(errExportWriter("表 %s 的行没有主键", p.table))
	case r.Deleted && len(r.Values) != 0:
		return w.fail(errExportWriter("表 %s 的删除行不应有值", p.table))
	case !r.Deleted && len(r.Values) != len(p.columns):
		return w.fail(errExportWriter("表 %s 的行有 %d 个值，应有 %d 个", p.table, len(r.Values), len(p.columns)))
	}
	b := append(w.buf[:0], 'R')
	b = binary.AppendVarint(b, r.Seq)
	var flags byte
	if r.Deleted {
		flags = 1
	}
	b = append(b, flags)
	b = binary.AppendUvarint(b, uint64(len(r.Key)))
	var err error
	for _, v := range r.Key {
		if b, err = appendValue(b, v); err != nil {
			return w.fail(errExportWriter("表 %s 的主键：%v", p.table, err))
		}
	}
	if !r.Deleted {
		b = binary.AppendUvarint(b, uint64(len(r.Values)))
		for i, v := range r.Values {
			if b, err = appendValue(b, v); err != nil {
				return w.fail(errExportWriter("表 %s 的列 %s：%v", p.table, p.columns[i], err))
			}
		}
	}
	w.buf = b
	if len(b) > exportMaxRecord {
		return w.fail(errExportWriter("表 %s 的一行超过 %d 字节", p.table, exportMaxRecord))
	}
	p.rows++
	if r.Deleted {
		p.deleted++
	}
	return w.record(p.sum)
}

// Close ends the last part, writes the manifest, finishes the ciphertext and
// writes the signed trailer. It returns the manifest (the counts and digests
// the file carries). It does not close the underlying writer.
func (w *ExportWriter) Close() (ExportManifest, error) {
	if err := w.usable(); err != nil {
		return ExportManifest{}, err
	}
	w.endPart()
	m := ExportManifest{ExportHeader: w.h, Tables: w.parts}
	if m.Tables == nil {
		m.Tables = []ExportPart{}
	}
	mj, err := json.Marshal(m)
	if err != nil {
		return ExportManifest{}, w.fail(errExportWriter("清单：%v", err))
	}
	w.buf = append(append(w.buf[:0], 'M'), mj...)
	if err := w.record(nil); err != nil {
		return ExportManifest{}, err
	}
	if err := w.bw.Flush(); err != nil {
		return ExportManifest{}, w.fail(exportWriteError(err))
	}
	if err := w.pipe.close(); err != nil {
		return ExportManifest{}, w.fail(exportWriteError(err))
	}
	if err := w.z.Close(); err != nil {
		return ExportManifest{}, w.fail(exportWriteError(err))
	}
	if err := w.enc.Close(); err != nil {
		return ExportManifest{}, w.fail(exportWriteError(err))
	}
	digest := w.ct.sum.Sum(nil)
	trailer := make([]byte, 0, exportTrailerSize)
	trailer = append(trailer, exportTrailerMark...)
	trailer = append(trailer, digest...)
	trailer = binary.BigEndian.AppendUint64(trailer, uint64(w.ct.n))
	sig := ed25519.Sign(w.key, exportSignedBytes(w.prefix, digest, uint64(w.ct.n)))
	trailer = append(trailer, sig...)
	if _, err := w.out.Write(trailer); err != nil {
		return ExportManifest{}, w.fail(exportWriteError(err))
	}
	w.closed = true
	return m, nil
}

func (w *ExportWriter) usable() error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return errExportWriter("导出文件已经写完")
	}
	return nil
}

func (w *ExportWriter) fail(err error) error {
	w.err = err
	w.abort()
	return err
}

// abort stops the compressing goroutine of a writer that will not be
// closed (a failure, of the writer or of the caller); it writes nothing
// more to the underlying writer. Close and abort may follow each other.
func (w *ExportWriter) abort() {
	if w.pipe != nil {
		w.pipe.abort()
	}
}

// endPart closes the current part, if any, into w.parts.
func (w *ExportWriter) endPart() {
	if w.part != nil {
		w.parts = append(w.parts, w.part.finish())
		w.part = nil
	}
}

// record writes w.buf as one framed record, hashing the framed bytes into
// sum when it is not nil.
func (w *ExportWriter) record(sum hash.Hash) error {
	var pre [binary.MaxVarintLen64]byte
	n := binary.PutUvarint(pre[:], uint64(len(w.buf)))
	if sum != nil {
		sum.Write(pre[:n])
		sum.Write(w.buf)
	}
	if _, err := w.bw.Write(pre[:n]); err != nil {
		return w.fail(exportWriteError(err))
	}
	if _, err := w.bw.Write(w.buf); err != nil {
		return w.fail(exportWriteError(err))
	}
	return nil
}

// exportSignedBytes returns the message the trailer's signature covers.
func exportSignedBytes(prefix, digest []byte, length uint64) []byte {
	m := make([]byte, 0, len(exportSigContext)+len(prefix)+len(digest)+8)
	m = append(m, exportSigContext...)
	m = append(m, prefix...)
	m = append(m, digest...)
	return binary.BigEndian.AppendUint64(m, length)
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// Value tags in the payload.
const (
	tagNil    = 0
	tagInt    = 1
	tagFloat  = 2
	tagString = 3
	tagBytes  = 4
)

// appendValue appends v's encoding to b.
func appendValue(b []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(b, tagNil), nil
	case int64:
		return binary.AppendVarint(append(b, tagInt), x), nil
	case int:
		return binary.AppendVarint(append(b, tagInt), int64(x)), nil
	case bool:
		var i int64
		if x {
			i = 1
		}
		return binary.AppendVarint(append(b, tagInt), i), nil
	case float64:
		return binary.LittleEndian.AppendUint64(append(b, tagFloat), math.Float64bits(x)), nil
	case string:
		return appendString(append(b, tagString), x), nil
	case []byte:
		if x == nil {
			return append(b, tagNil), nil
		}
		b = binary.AppendUvarint(append(b, tagBytes), uint64(len(x)))
		return append(b, x...), nil
	}
	return b, fmt.Errorf("不能导出 %T 类型的值", v)
}

// ---------------------------------------------------------------- reading

// exportFrame is what the frame of a file says, before any decryption.
type exportFrame struct {
	h      ExportHeader
	prefix []byte // magic line and header line
	ctOff  int64
	ctLen  int64
	digest []byte
	length uint64
	sig    []byte
}

// readExportFrame reads the magic, header and trailer of the file (r, size)
// and checks everything that needs no key: magic, format, header JSON,
// trailer mark and that a signature is there.
func readExportFrame(r io.ReaderAt, size int64) (*exportFrame, error) {
	if size < 0 {
		size = 0
	}
	headLen := int64(len(exportMagicPrefix) + 8 + exportMaxHeader)
	if headLen > size {
		headLen = size
	}
	head := make([]byte, headLen)
	if n, err := r.ReadAt(head, 0); int64(n) < headLen {
		if err == nil {
			err = io.ErrUnexpectedEOF
		}
		return nil, exportReadWriteError("读导出文件失败：请检查U盘后重试。", err)
	}
	if size == 0 {
		return nil, exportRefusal(ExportTruncated, nil, "文件是空的")
	}
	// Magic line.
	if len(head) < len(exportMagicPrefix) {
		if strings.HasPrefix(exportMagicPrefix, string(head)) {
			return nil, exportRefusal(ExportTruncated, nil, fmt.Sprintf("只有%d个字节", size))
		}
		return nil, exportRefusal(ExportNotExport, nil, "文件开头不对")
	}
	if string(head[:len(exportMagicPrefix)]) != exportMagicPrefix {
		return nil, exportRefusal(ExportNotExport, nil, "文件开头不对")
	}
	rest := head[len(exportMagicPrefix):]
	nl := bytes.IndexByte(rest[:min(len(rest), 8)], '\n')
	if nl < 0 {
		if len(rest) < 8 && allDigits(rest) {
			return nil, exportRefusal(ExportTruncated, nil, fmt.Sprintf("只有%d个字节", size))
		}
		return nil, exportRefusal(ExportNotExport, nil, "文件开头不对")
	}
	if nl == 0 || !allDigits(rest[:nl]) || rest[0] == '0' {
		return nil, exportRefusal(ExportNotExport, nil, "文件开头不对")
	}
	version, _ := strconv.Atoi(string(rest[:nl]))
	if version != ExportFormat {
		return nil, exportRefusal(ExportFormatNewer, nil, fmt.Sprintf("格式第%d版，本程序只认第%d版", version, ExportFormat))
	}
	magicLen := len(exportMagicPrefix) + nl + 1
	// Header line.
	hl := head[magicLen:]
	end := bytes.IndexByte(hl[:min(len(hl), exportMaxHeader+1)], '\n')
	if end < 0 {
		if int64(len(head)) == size && len(hl) <= exportMaxHeader {
			return nil, exportRefusal(ExportTruncated, nil, "文件头不完整")
		}
		return nil, exportRefusal(ExportAltered, nil, "文件头过长")
	}
	f := &exportFrame{prefix: append([]byte(nil), head[:magicLen+end+1]...)}
	if err := json.Unmarshal(hl[:end], &f.h); err != nil || !utf8.Valid(hl[:end]) {
		return nil, exportRefusal(ExportAltered, nil, "文件头读不出")
	}
	h := &f.h
	if h.Format != version {
		return nil, exportRefusal(ExportAltered, h, "文件头的格式版本与开头不一致")
	}
	// Trailer.
	f.ctOff = int64(len(f.prefix))
	if size < f.ctOff+exportTrailerSize {
		return nil, exportRefusal(ExportTruncated, h, "缺少文件尾")
	}
	trailer := make([]byte, exportTrailerSize)
	if n, err := r.ReadAt(trailer, size-exportTrailerSize); n < len(trailer) { // io.EOF with every byte is fine
		if err == nil {
			err = io.ErrUnexpectedEOF
		}
		return nil, exportReadWriteError("读导出文件失败：请检查U盘后重试。", err)
	}
	if string(trailer[:len(exportTrailerMark)]) != exportTrailerMark {
		if extra := exportBytesAfterTrailer(r, size, f.ctOff); extra > 0 {
			return nil, exportRefusal(ExportAltered, h, fmt.Sprintf("文件尾之后多出%d个字节", extra))
		}
		return nil, exportRefusal(ExportTruncated, h, "缺少文件尾")
	}
	t := trailer[len(exportTrailerMark):]
	f.digest, t = t[:sha256.Size], t[sha256.Size:]
	f.length, t = binary.BigEndian.Uint64(t[:8]), t[8:]
	f.sig = t
	f.ctLen = size - exportTrailerSize - f.ctOff
	if allZero(f.sig) {
		return nil, exportRefusal(ExportUnsigned, h, "文件尾的签名是空的")
	}
	return f, nil
}

// exportTrailerSearch is how far from the end exportBytesAfterTrailer looks
// for a trailer followed by extra bytes, in bytes.
const exportTrailerSearch = 1 << 20

// exportBytesAfterTrailer looks in the file's last exportTrailerSearch bytes
// for a trailer mark whose length field puts it exactly after the
// ciphertext that starts at ctOff, and returns how many bytes follow that
// trailer (0 when there is no such trailer): a whole export with bytes
// appended, which is refused as altered rather than truncated.
func exportBytesAfterTrailer(r io.ReaderAt, size, ctOff int64) int64 {
	start := max(ctOff, size-exportTrailerSearch)
	if size-start < exportTrailerSize {
		return 0
	}
	tail := make([]byte, size-start)
	if n, _ := r.ReadAt(tail, start); n < len(tail) {
		return 0
	}
	mark := []byte(exportTrailerMark)
	end := len(tail) - exportTrailerSize + len(mark) // a mark must start a whole trailer
	for end > 0 {
		j := bytes.LastIndex(tail[:end], mark)
		if j < 0 {
			return 0
		}
		pos := start + int64(j)
		if l := binary.BigEndian.Uint64(tail[j+len(mark)+sha256.Size:]); uint64(pos-ctOff) == l {
			return size - pos - exportTrailerSize
		}
		end = j + len(mark) - 1
	}
	return 0
}

// verify checks the signature with key and then that the trailer's length
// is the ciphertext's.
func (f *exportFrame) verify(key ed25519.PublicKey) bool {
	return len(key) == ed25519.PublicKeySize &&
		ed25519.Verify(key, exportSignedBytes(f.prefix, f.digest, f.length), f.sig)
}

// checkCiphertext checks the length in the trailer and then reads the whole
// ciphertext once, refusing the file when its SHA-256 is not the signed one.
func (f *exportFrame) checkCiphertext(r io.ReaderAt) error {
	if f.length != uint64(f.ctLen) {
		return exportRefusal(ExportAltered, &f.h, "密文长度与签名中的不符")
	}
	sum := sha256.New()
	if _, err := io.Copy(sum, io.NewSectionReader(r, f.ctOff, f.ctLen)); err != nil {
		return exportReadWriteError("读导出文件失败：请检查U盘后重试。", err)
	}
	if !bytes.Equal(sum.Sum(nil), f.digest) {
		return exportRefusal(ExportAltered, &f.h, "密文的校验值不符")
	}
	return nil
}

// ReadExportHeader checks the frame and the signature against the key IN
// the header (it does not know who is registered), reads the whole
// ciphertext once to check its SHA-256, and returns the header; the caller
// then checks that the key is registered for h.Branch and h.Station. It
// decrypts nothing. Refusals are *forms.Error with an ExportProblem kind
// ("not-export", "format", "truncated", "altered", "unsigned"); a read
// failure is EINTERNAL.
func ReadExportHeader(r io.ReaderAt, size int64) (ExportHeader, error) {
	f, err := selfSignedFrame(r, size)
	if err != nil {
		return ExportHeader{}, err
	}
	if err := f.checkCiphertext(r); err != nil {
		return ExportHeader{}, err
	}
	return f.h, nil
}

// PeekExportHeader checks the frame and the signature against the key in
// the header, like ReadExportHeader, but does not read the ciphertext: for
// an importer that only needs the header to find the registered key before
// OpenExport, which checks the ciphertext anyway (one pass over a file of
// hundreds of MB instead of two). Refusals as ReadExportHeader's, except
// that an altered ciphertext is found only by OpenExport.
func PeekExportHeader(r io.ReaderAt, size int64) (ExportHeader, error) {
	f, err := selfSignedFrame(r, size)
	if err != nil {
		return ExportHeader{}, err
	}
	return f.h, nil
}

// selfSignedFrame reads the frame and checks its signature with the key in
// its own header.
func selfSignedFrame(r io.ReaderAt, size int64) (*exportFrame, error) {
	f, err := readExportFrame(r, size)
	if err != nil {
		return nil, err
	}
	if !f.verify(f.h.PublicKey) {
		return nil, exportRefusal(ExportAltered, &f.h, "签名与文件头不符")
	}
	return f, nil
}

// ExportReader reads the tables and rows of an opened export file as a
// stream (see OpenExport). It is not safe for concurrent use.
type ExportReader struct {
	h     ExportHeader
	f     *exportFrame
	ct    *hashCounter // the second pass over the ciphertext
	plain *bufio.Reader
	in    *bufio.Reader // decompressed payload
	body  []byte        // the pending record's body, when typ != 0
	typ   byte
	part  *exportPartState
	parts []ExportPart
	m     *ExportManifest
	err   error
	done  bool
}

// OpenExport verifies the signature with the given registered key, hashes
// the ciphertext (first pass), decrypts it with id and returns a streaming
// reader (the second pass happens as rows are read). Refusals are
// *forms.Error with an ExportProblem kind: those of ReadExportHeader, and
// "wrong-key" when the file was signed by a key other than key,
// "wrong-identity" when it was not encrypted to id.
func OpenExport(r io.ReaderAt, size int64, key ed25519.PublicKey, id age.Identity) (*ExportReader, error) {
	f, err := readExportFrame(r, size)
	if err != nil {
		return nil, err
	}
	if !f.verify(key) || !bytes.Equal(f.h.PublicKey, key) {
		if f.verify(f.h.PublicKey) {
			return nil, exportRefusal(ExportWrongKey, &f.h, "文件的签名密钥指纹是 "+KeyFingerprint(f.h.PublicKey))
		}
		return nil, exportRefusal(ExportAltered, &f.h, "签名与文件头不符")
	}
	if err := f.checkCiphertext(r); err != nil {
		return nil, err
	}
	if id == nil {
		return nil, forms.Errorf(forms.EINVALID, "没有总部的身份文件：请用 --identity 指定 hq-identity.txt。")
	}
	ct := &hashCounter{r: io.NewSectionReader(r, f.ctOff, f.ctLen), sum: sha256.New()}
	dec, err := age.Decrypt(ct, id)
	if err != nil {
		var nm *age.NoIdentityMatchError
		if ct.rerr != nil {
			return nil, exportReadWriteError("读导出文件失败：请检查U盘后重试。", ct.rerr)
		}
		if errors.As(err, &nm) {
			return nil, exportRefusal(ExportWrongIdentity, &f.h, "用的是别的接收公钥加密")
		}
		return nil, exportRefusal(ExportAltered, &f.h, "密文读不出："+err.Error())
	}
	plain := bufio.NewReaderSize(dec, 64<<10)
	return &ExportReader{h: f.h, f: f, ct: ct, plain: plain,
		in: bufio.NewReaderSize(flate.NewReader(plain), 64<<10)}, nil
}

// Header returns the file's header.
func (r *ExportReader) Header() ExportHeader { return r.h }

// NextTable skips what is left of the current part and starts the next:
// it returns the table's name and columns with ok true, or ok false (and a
// nil error) after the last part, once the manifest has been read and every
// check passed. An error is a refusal (ExportProblem kind "manifest" or
// "altered") or a read failure; the importer must then commit nothing.
func (r *ExportReader) NextTable() (table string, columns []string, ok bool, err error) {
	for {
		if r.err != nil {
			return "", nil, false, r.err
		}
		if r.done {
			return "", nil, false, nil
		}
		if err := r.peek(); err != nil {
			return "", nil, false, err
		}
		switch r.typ {
		case 'R':
			if r.part == nil {
				return "", nil, false, r.fail(exportRefusal(ExportAltered, &r.h, "表之前出现了数据行"))
			}
			if _, _, err := r.NextRow(); err != nil {
				return "", nil, false, err
			}
		case 'T':
			r.endPart()
			p, err := r.decodeTable()
			if err != nil {
				return "", nil, false, r.fail(err)
			}
			for _, q := range r.parts {
				if q.Table == p.table {
					return "", nil, false, r.fail(exportRefusal(ExportBadManifest, &r.h, "表 "+p.table+" 出现了两次"))
				}
			}
			r.part = p
			r.typ = 0
			return p.table, append([]string(nil), p.columns...), true, nil
		case 'M':
			r.endPart()
			if err := r.finish(); err != nil {
				return "", nil, false, r.fail(err)
			}
			r.done = true
			return "", nil, false, nil
		default:
			return "", nil, false, r.fail(exportRefusal(ExportAltered, &r.h, fmt.Sprintf("未知的记录类型 %d", r.typ)))
		}
	}
}

// NextRow returns the next row of the current part, or ok false at the
// part's end (call NextTable for the next part). Values are nil, int64,
// float64, string or []byte.
func (r *ExportReader) NextRow() (row ExportRow, ok bool, err error) {
	if r.err != nil {
		return ExportRow{}, false, r.err
	}
	if r.done || r.part == nil {
		return ExportRow{}, false, nil
	}
	if err := r.peek(); err != nil {
		return ExportRow{}, false, err
	}
	if r.typ != 'R' {
		return ExportRow{}, false, nil
	}
	row, err = r.decodeRow()
	if err != nil {
		return ExportRow{}, false, r.fail(err)
	}
	r.typ = 0
	return row, true, nil
}

// Manifest returns the file's manifest, with every count, digest and the
// agreement with the header checked. Called before the last table has been
// read, it reads (and discards) the rest first.
func (r *ExportReader) Manifest() (ExportManifest, error) {
	for !r.done {
		if _, _, _, err := r.NextTable(); err != nil {
			return ExportManifest{}, err
		}
	}
	if r.err != nil {
		return ExportManifest{}, r.err
	}
	return *r.m, nil
}

func (r *ExportReader) fail(err error) error {
	if r.err == nil {
		r.err = err
	}
	return r.err
}

func (r *ExportReader) corrupt(what string) error {
	return exportRefusal(ExportAltered, &r.h, "内容读不出："+what)
}

func (r *ExportReader) endPart() {
	if r.part != nil {
		r.parts = append(r.parts, r.part.finish())
		r.part = nil
	}
}

// peek reads the next record into r.typ and r.body, unless one is pending,
// and hashes it into the current part.
func (r *ExportReader) peek() error {
	if r.typ != 0 {
		return nil
	}
	n, err := binary.ReadUvarint(r.in)
	if err != nil {
		if err == io.EOF {
			return r.fail(exportRefusal(ExportBadManifest, &r.h, "内容没有清单"))
		}
		return r.fail(r.readError(err))
	}
	if n == 0 || n > exportMaxRecord {
		return r.fail(r.corrupt("记录长度不对"))
	}
	body, err := readUpTo(r.in, r.body[:0], int(n))
	if err != nil {
		return r.fail(r.readError(err))
	}
	r.body = body
	r.typ = body[0]
	var pre [binary.MaxVarintLen64]byte
	k := binary.PutUvarint(pre[:], n)
	if r.part != nil && r.typ == 'R' { // a 'T' is hashed into its new part by decodeTable
		r.part.sum.Write(pre[:k])
		r.part.sum.Write(body)
	}
	return nil
}

// readError turns a failure in the decrypting and decompressing stream into
// a refusal: the ciphertext passed its digest, so a failure here means it
// changed between the passes or the station wrote it wrongly.
func (r *ExportReader) readError(err error) error {
	if r.ct.rerr != nil { // the drive, not the content
		return exportReadWriteError("读导出文件失败（U盘被拔出或损坏？）：请检查U盘后重新导入；这份文件的内容一行也没有导入。", r.ct.rerr)
	}
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return r.corrupt("内容在中途结束")
	}
	var fe *forms.Error
	if errors.As(err, &fe) {
		return err
	}
	return r.corrupt(err.Error())
}

// readUpTo reads exactly n bytes into buf[:0], growing it at most 1 MiB
// ahead of the data that really arrives (so a bogus length in a damaged
// record does not allocate what is not there).
func readUpTo(in io.Reader, buf []byte, n int) ([]byte, error) {
	buf = buf[:0]
	for len(buf) < n {
		chunk := min(n-len(buf), 1<<20)
		buf = slices.Grow(buf, chunk)
		k, err := io.ReadFull(in, buf[len(buf):len(buf)+chunk])
		buf = buf[:len(buf)+k]
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return buf, err
		}
	}
	return buf, nil
}

// decodeTable decodes the pending 'T' record into a new part.
func (r *ExportReader) decodeTable() (*exportPartState, error) {
	d := newDecoder(r.body[1:])
	name := d.name()
	n := d.uvarint()
	if d.bad || n > uint64(len(d.b)) {
		return nil, r.corrupt("表头")
	}
	cols := make([]string, 0, n)
	for i := uint64(0); i < n; i++ {
		cols = append(cols, d.name())
	}
	if d.bad || len(d.b) != 0 || name == "" {
		return nil, r.corrupt("表头")
	}
	p := &exportPartState{table: name, columns: cols, sum: sha256.New()}
	var pre [binary.MaxVarintLen64]byte
	k := binary.PutUvarint(pre[:], uint64(len(r.body)))
	p.sum.Write(pre[:k])
	p.sum.Write(r.body)
	return p, nil
}

// decodeRow decodes the pending 'R' record and counts it in the part.
func (r *ExportReader) decodeRow() (ExportRow, error) {
	p := r.part
	d := newDecoder(r.body[1:])
	var row ExportRow
	row.Seq = d.varint()
	flags := d.byte()
	nk := d.uvarint()
	if d.bad || flags > 1 || nk == 0 || nk > uint64(len(d.b)) {
		return row, r.corrupt("表 " + p.table + " 的数据行")
	}
	row.Deleted = flags == 1
	n := int(nk)
	if !row.Deleted {
		n += len(p.columns)
	}
	vals := make([]any, n) // key and values in one allocation
	row.Key = vals[:nk:nk]
	for i := range row.Key {
		row.Key[i] = d.value()
	}
	if !row.Deleted {
		if nv := d.uvarint(); nv != uint64(len(p.columns)) {
			return row, r.corrupt("表 " + p.table + " 的数据行的列数")
		}
		row.Values = vals[nk:]
		for i := range row.Values {
			row.Values[i] = d.value()
		}
	}
	if d.bad || len(d.b) != 0 {
		return row, r.corrupt("表 " + p.table + " 的数据行")
	}
	if row.Seq <= r.h.FromSeq || row.Seq > r.h.ToSeq {
		return row, exportRefusal(ExportBadManifest, &r.h,
			fmt.Sprintf("表 %s 有变更号 %d 的行，不在文件头的范围 (%d, %d] 内", p.table, row.Seq, r.h.FromSeq, r.h.ToSeq))
	}
	p.rows++
	if row.Deleted {
		p.deleted++
	}
	return row, nil
}

// finish decodes the pending 'M' record and checks it against the header and
// the parts read, that nothing follows it, and the second pass's digest.
func (r *ExportReader) finish() error {
	var m ExportManifest
	if err := json.Unmarshal(r.body[1:], &m); err != nil {
		return r.corrupt("清单")
	}
	r.typ = 0
	if d := exportHeaderDiff(r.h, m.ExportHeader); d != "" {
		return exportRefusal(ExportBadManifest, &r.h, "清单中的"+d+"与文件头不同")
	}
	if len(m.Tables) != len(r.parts) {
		return exportRefusal(ExportBadManifest, &r.h, fmt.Sprintf("清单列出%d张表，文件中有%d张", len(m.Tables), len(r.parts)))
	}
	for i, got := range r.parts {
		want := m.Tables[i]
		switch {
		case want.Table != got.Table:
			return exportRefusal(ExportBadManifest, &r.h, fmt.Sprintf("第%d张表在清单中是 %s，文件中是 %s", i+1, want.Table, got.Table))
		case !equalStrings(want.Columns, got.Columns):
			return exportRefusal(ExportBadManifest, &r.h, "表 "+got.Table+" 的列与清单不同")
		case want.Rows != got.Rows:
			return exportRefusal(ExportBadManifest, &r.h, fmt.Sprintf("表 %s 有%d行，清单写的是%d行", got.Table, got.Rows, want.Rows))
		case want.Deleted != got.Deleted:
			return exportRefusal(ExportBadManifest, &r.h, fmt.Sprintf("表 %s 有%d个删除，清单写的是%d个", got.Table, got.Deleted, want.Deleted))
		case want.SHA256 != got.SHA256:
			return exportRefusal(ExportBadManifest, &r.h, "表 "+got.Table+" 的校验值与清单不同")
		}
	}
	// Nothing may follow the manifest, in the payload or after it.
	if _, err := r.in.ReadByte(); err != io.EOF {
		if err == nil {
			return r.corrupt("清单之后还有内容")
		}
		return r.readError(err)
	}
	if n, err := io.Copy(io.Discard, r.plain); err != nil || n != 0 {
		if err != nil {
			return r.readError(err)
		}
		return r.corrupt("压缩内容之后还有内容")
	}
	if _, err := io.Copy(io.Discard, r.ct); err != nil {
		return exportReadWriteError("读导出文件失败：请检查U盘后重试。", err)
	}
	if r.ct.n != r.f.ctLen || !bytes.Equal(r.ct.sum.Sum(nil), r.f.digest) {
		return exportRefusal(ExportAltered, &r.h, "读取时文件被改动（两次读到的密文不同）")
	}
	if m.Tables == nil {
		m.Tables = []ExportPart{}
	}
	r.m = &m
	return nil
}

// exportHeaderDiff names the first field in which a and b differ, "" when
// none does.
func exportHeaderDiff(a, b ExportHeader) string {
	switch {
	case a.Format != b.Format:
		return "格式版本"
	case a.Branch != b.Branch:
		return "分支机构"
	case a.Station != b.Station:
		return "工作站编号"
	case a.StationID != b.StationID:
		return "工作站标识"
	case a.Number != b.Number:
		return "导出编号"
	case a.FromSeq != b.FromSeq || a.ToSeq != b.ToSeq:
		return "变更范围"
	case a.Training != b.Training:
		return "培训标记"
	case !a.CreatedAt.Equal(b.CreatedAt):
		return "导出时间"
	case a.Program != b.Program:
		return "程序版本"
	case a.Schema != b.Schema:
		return "数据库版本"
	case !bytes.Equal(a.PublicKey, b.PublicKey):
		return "公钥"
	}
	return ""
}

// decoder reads values from one record body; any fault sets bad. Strings
// are cut from one string copy of the whole body (one allocation per row,
// not one per value).
type decoder struct {
	b    []byte // what is left to read
	full []byte // the whole body
	s    string // string(full), made at the first string value
	bad  bool
}

func newDecoder(body []byte) decoder { return decoder{b: body, full: body} }
func (d *decoder) byte() byte {
	if len(d.b) == 0 {
		d.bad = true
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.bad = true
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.bad = true
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) raw() []byte {
	n := d.uvarint()
	if d.bad || n > uint64(len(d.b)) {
		d.bad = true
		return nil
	}
	s := d.b[:n]
	d.b = d.b[n:]
	return s
}

// str returns the next length-prefixed string.
func (d *decoder) str() string {
	raw := d.raw()
	if d.bad || len(raw) == 0 {
		return ""
	}
	if d.s == "" {
		d.s = string(d.full)
	}
	end := len(d.full) - len(d.b)
	return d.s[end-len(raw) : end]
}

// name returns the next string, which must be valid UTF-8 (a table or
// column name; values are passed on as they are).
func (d *decoder) name() string {
	s := d.str()
	if !utf8.ValidString(s) {
		d.bad = true
	}
	return s
}

func (d *decoder) value() any {
	if d.bad {
		return nil
	}
	switch d.byte() {
	case tagNil:
		return nil
	case tagInt:
		return d.varint()
	case tagFloat:
		if len(d.b) < 8 {
			d.bad = true
			return nil
		}
		f := math.Float64frombits(binary.LittleEndian.Uint64(d.b))
		d.b = d.b[8:]
		return f
	case tagString:
		return d.str()
	case tagBytes:
		return append([]byte{}, d.raw()...)
	}
	d.bad = true
	return nil
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
