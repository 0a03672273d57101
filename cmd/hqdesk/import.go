package main

// import.go: `hqdesk import` — verify, decrypt and merge the branches'
// export files, one transaction per file, "newer (_gen, _seq) wins".

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"filippo.io/age"

	"counterdesk/forms"
	"counterdesk/store"
)

func init() {
	commands["import"] = command{
		Summary: "导入分支机构的导出文件 (import the branches' export files)",
		Run:     importMain,
	}
}

const importHelp = `hqdesk import --db 数据库 --identity hq-identity.txt [--training] 导出文件...

逐个导入分支机构带来的导出文件（.cdx）：先用登记的工作站公钥核对签名、检查清单，再用总部身份解密，
每个文件一个事务导入。同一文件导入两次不作改动（提示“已导入过”）；顺序不限（先 3 后 2 结果相同），
每个文件之后列出该工作站已导入的编号和缺少的编号（“缺第2号”）。被拒绝的文件一行也不导入：文件不完整、
被改动、没有签名、不是登记的密钥签名、不是发给本总部的、工作站未登记、同一编号内容不同（重放或改过的副本），
以及练习工作站的导出（除非给出 --training，且该工作站登记为练习工作站）。

Imports the branches' export files one by one: checks the signature against the station's registered key
and the manifest, decrypts with head office's identity and merges each file in one transaction. The same
file twice changes nothing ("已导入过"); order does not matter; after each file the station's imported and
missing export numbers are printed. A refused file imports nothing: truncated, altered, unsigned, signed
by an unregistered key, not encrypted to this head office, unregistered station, a different file under
an already imported number (replay), a training export without --training (the station must then be
registered with --training), an export from a newer program (upgrade hqdesk).
`

// importMain runs `hqdesk import`.
func importMain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("import", importHelp, stdout)
	db := fs.String("db", "", "总部数据库：SQLite 文件路径或 postgres:// 地址 (database: SQLite path or postgres:// URL)")
	idFile := fs.String("identity", "", "总部身份文件 hq-identity.txt (head office's identity file)")
	training := fs.Bool("training", false, "也导入练习工作站的导出 (also import training stations' exports)")
	if code, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	if *db == "" || *idFile == "" || fs.NArg() == 0 {
		fmt.Fprintln(stderr, "请给出 --db、--identity 和至少一个导出文件 (--db, --identity and at least one file are required)。")
		return exitUsage
	}
	id, err := readIdentity(*idFile)
	if err != nil {
		return fail(stderr, err)
	}
	h, err := openForCommand(ctx, *db, false, stdout)
	if err != nil {
		return fail(stderr, err)
	}
	defer h.Close()
	code := exitOK
	for _, path := range fs.Args() {
		res, err := importFile(ctx, h, path, id, importOptions{Training: *training, DB: *db})
		if err != nil {
			fmt.Fprintf(stderr, "%s：拒绝导入 (refused)。%s\n", path, errorText(err))
			code = exitRefused
			continue
		}
		fmt.Fprintf(stdout, "%s：%s\n", path, res.Message)
		if gaps, err := gapText(ctx, h, res.Branch, res.Station); err == nil {
			fmt.Fprintln(stdout, "  "+gaps)
		}
	}
	return code
}

// errorText is the operator's message of err.
func errorText(err error) string {
	var fe *forms.Error
	if errors.As(err, &fe) {
		return fe.Message
	}
	return err.Error()
}

// importOptions are the flags of one import.
type importOptions struct {
	Training bool   // --training: training stations' exports are imported too
	DB       string // --db, as given: named in the commands a refusal suggests
}

// importResult says what importFile did.
type importResult struct {
	Branch  string
	Station int
	Gen     int
	Number  int64
	Rows    int64 // rows in the file (deletions included)
	Already bool  // the same file had been imported before; nothing changed
	Message string
}

// errAlreadyImported ends an import's transaction when the same file was
// imported by another hqdesk meanwhile.
var errAlreadyImported = errors.New("already imported")

// importFile imports one export file in one transaction. A refusal is a
// *forms.Error (export-file problems keep their store.ExportProblem kind)
// and leaves the database unchanged; the same file again is a success with
// Already set.
func importFile(ctx context.Context, h *hqDB, path string, id age.Identity, opt importOptions) (importResult, error) {
	f, err := os.Open(path)
	if err != nil {
		return importResult{}, openFileError(path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return importResult{}, openFileError(path, err)
	}
	if st.IsDir() {
		return importResult{}, forms.Errorf(forms.EINVALID, "这是一个文件夹，不是导出文件：%s。请给出文件夹里的 .cdx 文件，如 %s", path, filepath.Join(path, "*.cdx"))
	}
	size := st.Size()
	// The header finds the key; OpenExport checks the ciphertext (and
	// the digest below reads the file once more for the identity check).
	hd, err := store.PeekExportHeader(f, size)
	if err != nil {
		return importResult{}, err
	}
	sum := sha256.New()
	if _, err := io.Copy(sum, io.NewSectionReader(f, 0, size)); err != nil {
		return importResult{}, forms.Errorf(forms.EINVALID, "读不出导出文件 %s（%s）：请检查U盘后重试", path, fileProblem(err))
	}
	digest := hex.EncodeToString(sum.Sum(nil))
	res := importResult{Branch: hd.Branch, Station: hd.Station, Number: hd.Number}
	label := stationLabel(hd.Branch, hd.Station)
	which := fmt.Sprintf("%s 的第%d号导出", label, hd.Number)

	// Already imported, byte for byte?
	var prevGen int
	var prevNumber int64
	err = h.QueryRow(ctx, "SELECT gen, number FROM hq_imports WHERE sha256 = ?", digest).Scan(&prevGen, &prevNumber)
	if err == nil {
		res.Gen, res.Already = prevGen, true
		res.Message = alreadyImported(which)
		return res, nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return res, err
	}
	afterFirstLook()

	key, err := keyByPublic(ctx, h, base64.StdEncoding.EncodeToString(hd.PublicKey))
	if err != nil {
		return res, err
	}
	if key == nil {
		cur, err := currentKey(ctx, h, hd.Branch, hd.Station)
		if err != nil {
			return res, err
		}
		if cur == nil {
			return res, forms.Errorf(forms.ENOTFOUND, "工作站 %s%s 还没有登记：请先用 %s 登记它的公钥（指纹 %s），再导入 (station not registered)",
				label, trainingNote(hd.Training), stationAddCommand(opt.DB, hd.Branch, hd.Station, hd.Training), store.KeyFingerprint(hd.PublicKey))
		}
		return res, forms.Errorf(forms.EINVALID, "%s不是用总部为 %s 登记的密钥签名的（文件的密钥指纹 %s）：不能导入。如果该工作站换了电脑或密钥，请先用 --replaces 登记新密钥；否则这份文件可能是伪造的 (key not registered)",
			which, label, store.KeyFingerprint(hd.PublicKey))
	}
	if key.Branch != hd.Branch || key.Station != hd.Station {
		return res, forms.Errorf(forms.EINVALID, "%s的签名密钥登记给的是 %s，不是 %s：不能导入 (key registered for another station)",
			which, stationLabel(key.Branch, key.Station), label)
	}
	res.Gen = key.Gen
	if hd.Training && !opt.Training {
		return res, forms.Errorf(forms.EINVALID, "%s来自练习工作站（counterdesk demo），不导入：确实要导入练习数据，请加 --training（报表中单独列出）(training export; use --training)", which)
	}
	if hd.Training && !key.Training {
		return res, forms.Errorf(forms.EINVALID, "%s来自练习工作站，但 %s 登记的是正式工作站：练习数据不能混进正式数据。还没有导入过它的导出时，可以用 %s 改为练习工作站；否则请把练习数据导入另一个总部数据库 (training export from a station registered as real)", which, label, stationAddCommand(opt.DB, hd.Branch, hd.Station, true))
	}
	if !hd.Training && key.Training {
		return res, forms.Errorf(forms.EINVALID, "%s是正式导出，但 %s 登记为练习工作站：请核对工作站登记 (real export from a station registered as training)", which, label)
	}
	var otherSum string
	err = h.QueryRow(ctx, "SELECT sha256 FROM hq_imports WHERE branch = ? AND station = ? AND gen = ? AND number = ?",
		hd.Branch, hd.Station, key.Gen, hd.Number).Scan(&otherSum)
	if err == nil && otherSum == digest {
		// This very file, imported by another hqdesk since the first
		// look above (TestImportConcurrentSameFile).
		res.Already = true
		res.Message = alreadyImported(which)
		return res, nil
	} else if err == nil {
		return res, forms.Errorf(forms.ECONFLICT, "%s已经导入过另一个内容不同的文件（这份的 SHA-256 %s…，已导入的 %s…）：这是重放或被改过的副本，拒绝导入。如需重写请在分支用“重写第%d号导出”，它与原文件逐字节相同 (replay or altered copy)",
			which, digest[:12], otherSum[:12], hd.Number)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return res, err
	}

	pub := ed25519.PublicKey(hd.PublicKey)
	// A station's first import fills its tables without the merge (fast);
	// should the file hold a key twice, that transaction is rolled back and
	// the file read again and imported with the merge everywhere.
	for fast := true; ; fast = false {
		err = importTx(ctx, h, f, size, pub, id, hd, key.Gen, digest, path, which, fast, &res)
		if !fast || !errors.Is(err, errFastDuplicate) {
			break
		}
	}
	if errors.Is(err, errAlreadyImported) {
		res.Already = true
		res.Message = alreadyImported(which)
		return res, nil
	}
	if err != nil {
		return res, err
	}
	res.Message = fmt.Sprintf("已导入%s（变更 %d–%d，%d 行）(imported)", which, hd.FromSeq+1, hd.ToSeq, res.Rows)
	if hd.FromSeq >= hd.ToSeq {
		res.Message = fmt.Sprintf("已导入%s（没有新的变更）(imported, no changes)", which)
	}
	return res, nil
}

// afterFirstLook runs between the first look for the file among the
// imports and the look for its number; a test imports the same file there,
// as a second hqdesk can.
var afterFirstLook = func() {}

// alreadyImported says that the export which names was imported before,
// byte for byte, and nothing changed.
func alreadyImported(which string) string {
	return fmt.Sprintf("%s已导入过，未作改动 (already imported; nothing changed)", which)
}

// importTx opens the file's payload and imports it in one transaction;
// res.Rows is set on success.
func importTx(ctx context.Context, h *hqDB, f io.ReaderAt, size int64, pub ed25519.PublicKey, id age.Identity,
	hd store.ExportHeader, gen int, digest, path, which string, fast bool, res *importResult) error {
	rd, err := store.OpenExport(f, size, pub, id)
	if err != nil {
		return err
	}
	return h.inTx(ctx, func(tx *hqTx) error {
		// Checked again inside the transaction: another hqdesk may have
		// imported this number meanwhile (the lock orders the two).
		if err := tx.d.lockImports(ctx, tx); err != nil {
			return err
		}
		var other string
		err := tx.QueryRow(ctx, "SELECT sha256 FROM hq_imports WHERE sha256 = ? OR (branch = ? AND station = ? AND gen = ? AND number = ?)",
			digest, hd.Branch, hd.Station, gen, hd.Number).Scan(&other)
		if err == nil {
			if other == digest {
				return errAlreadyImported
			}
			return forms.Errorf(forms.ECONFLICT, "%s刚被另一次导入用内容不同的文件导入：这份是重放或被改过的副本，拒绝导入 (replay or altered copy)", which)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		rows, err := mergeExport(ctx, tx, rd, hd.Branch, hd.Station, gen, which, fast)
		if err != nil {
			return err
		}
		res.Rows = rows
		_, err = tx.Exec(ctx, `INSERT INTO hq_imports (sha256, branch, station, gen, number, from_seq, to_seq, rows, training, file_name, imported_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			digest, hd.Branch, hd.Station, gen, hd.Number, hd.FromSeq, hd.ToSeq, rows, boolInt(hd.Training),
			filepath.Base(path), time.Now().UTC().Format(time.RFC3339))
		return err
	})
}

// errFastDuplicate ends a transaction whose fast path (newMerger's fast)
// met a key twice in the file; importFile then imports the file again with
// the merge everywhere.
var errFastDuplicate = errors.New("a key twice in one table of the file")

// importBatchRows is how many rows the decoding goroutine hands to the SQL
// goroutine at a time.
const importBatchRows = 2048

// importPart is one table part of the file, as checked by the decoder.
type importPart struct {
	table    string
	spec     store.ExportTable
	columns  []string
	liveCols []string // branch, station, the part's columns, _gen, _seq, _deleted
	delCols  []string // branch, station, the key, _gen, _seq, _deleted
}

// importBatch is a run of converted rows of one part: live rows and
// deletions, each flat in its merger's column order. end marks the part's
// last batch; err ends the file.
type importBatch struct {
	part        *importPart
	live, del   []any
	nLive, nDel int
	end         bool
	err         error
}

// Column kinds of coerceKind.
const (
	kindText = iota
	kindInteger
	kindReal
	kindBlob
	kindUnknown
)

func columnKind(typ string) int {
	switch strings.ToUpper(typ) {
	case "TEXT":
		return kindText
	case "INTEGER":
		return kindInteger
	case "REAL":
		return kindReal
	case "BLOB":
		return kindBlob
	}
	return kindUnknown
}

// openFileError is the message for an export file that cannot be opened;
// fileProblem says why (missing, not readable, a folder) in Chinese.
func openFileError(path string, err error) error {
	code := forms.EINVALID
	if errors.Is(err, os.ErrNotExist) {
		code = forms.ENOTFOUND
	}
	return forms.Errorf(code, "读不到导出文件 %s（%s）：请检查文件名和路径（U盘是否插好）", path, fileProblem(err))
}

// stationAddCommand is the station add command a refusal suggests, with the
// database the operator gave (quoted when it holds a space) and --training
// for a training station.
func stationAddCommand(db, branch string, station int, training bool) string {
	if db == "" {
		db = "总部数据库"
	} else if strings.ContainsAny(db, " \t'\"") {
		db = `"` + redact(db) + `"`
	} else {
		db = redact(db)
	}
	c := fmt.Sprintf("hqdesk station add --db %s --branch %s --station %02d --key 工作站公钥文件", db, branch, station)
	if training {
		c += " --training"
	}
	return c
}

// mergeExport reads every table of the file and merges its rows into the
// HQ tables inside tx; it returns the rows read. A table or column this
// hqdesk does not know (a newer station program) refuses the file.
//
// Decrypting, inflating, decoding and converting run on their own
// goroutine (decodeExport), which hands batches of rows to this one, the
// SQL goroutine. With fast, a table that holds no row of the station yet is
// filled without the merge (newMerger); a key twice then gives
// errFastDuplicate and nothing of the transaction may be kept.
func mergeExport(ctx context.Context, tx *hqTx, rd *store.ExportReader, branch string, station, gen int, which string, fast bool) (int64, error) {
	dctx, cancel := context.WithCancel(ctx)
	ch := make(chan importBatch, 4)
	go func() {
		defer close(ch)
		decodeExport(dctx, rd, branch, int64(station), int64(gen), which, ch)
	}()
	// The decoder must be finished with rd before this returns (the caller
	// may open the file again or close it).
	defer func() {
		cancel()
		for range ch {
		}
	}()
	var total int64
	var m *tableMerge
	rebuild := false // report indexes dropped, to be made again
	for b := range ch {
		if b.err != nil {
			return 0, b.err
		}
		if m == nil || m.part != b.part {
			m = &tableMerge{tx: tx, part: b.part}
			if fast {
				has, err := hasRow(ctx, tx, fmt.Sprintf("SELECT 1 FROM %s WHERE branch = ? AND station = ? LIMIT 1", quoteIdent(b.part.table)), branch, station)
				if err != nil {
					return 0, err
				}
				m.fast = !has
			}
			// A table empty at head office (its very first rows): the
			// month report's indexes are built once after the rows
			// instead of row by row, still inside the transaction.
			if m.fast && len(reportIndexesOn(b.part.table)) > 0 {
				has, err := hasRow(ctx, tx, fmt.Sprintf("SELECT 1 FROM %s LIMIT 1", quoteIdent(b.part.table)))
				if err != nil {
					return 0, err
				}
				if !has {
					for _, name := range reportIndexesOn(b.part.table) {
						if _, err := tx.Exec(ctx, "DROP INDEX IF EXISTS "+quoteIdent(name)); err != nil {
							return 0, err
						}
					}
					rebuild = true
				}
			}
		}
		if err := m.add(ctx, b); err != nil {
			return 0, m.fastErr(err)
		}
		total += int64(b.nLive + b.nDel)
		if b.end {
			if err := m.flush(ctx); err != nil {
				return 0, m.fastErr(err)
			}
			m = nil
		}
	}
	// The channel closed without an error: NextTable returned ok=false, the
	// manifest has been read and every count and digest checked.
	if rebuild {
		for _, q := range reportIndexes() {
			if _, err := tx.Exec(ctx, q); err != nil {
				return 0, fmt.Errorf("report index: %w", err)
			}
		}
	}
	return total, nil
}

// hasRow reports whether query (a SELECT 1 … LIMIT 1) finds a row.
func hasRow(ctx context.Context, q querier, query string, args ...any) (bool, error) {
	var one int
	err := q.QueryRow(ctx, query, args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// decodeExport reads the file's parts and rows, checks them against the
// export spec, converts every value (coerce) and sends them to ch in
// batches; a refusal or read error is sent as the last batch's err. It
// stops when ctx is cancelled.
func decodeExport(ctx context.Context, rd *store.ExportReader, branch string, station, gen int64, which string, ch chan<- importBatch) {
	send := func(b importBatch) bool {
		select {
		case ch <- b:
			return true
		case <-ctx.Done():
			return false
		}
	}
	fail := func(err error) { send(importBatch{err: err}) }
	for {
		table, columns, ok, err := rd.NextTable()
		if err != nil {
			fail(err)
			return
		}
		if !ok {
			return
		}
		spec, known := store.ExportTableByName(table)
		if !known {
			fail(forms.Errorf(forms.EINVALID, "%s含有本 hqdesk 不认识的表 %s（分支的柜台通更新）：请升级 hqdesk 后再导入 (unknown table; upgrade hqdesk)", which, table))
			return
		}
		types := map[string]string{}
		for _, c := range spec.Columns {
			types[c.Name] = c.Type
		}
		colKinds := make([]int, len(columns))
		for i, c := range columns {
			t, ok := types[c]
			if !ok {
				fail(forms.Errorf(forms.EINVALID, "%s的表 %s 含有本 hqdesk 不认识的列 %s（分支的柜台通更新）：请升级 hqdesk 后再导入 (unknown column; upgrade hqdesk)", which, table, c))
				return
			}
			colKinds[i] = columnKind(t)
		}
		keyKinds := make([]int, len(spec.Key))
		for i, k := range spec.Key {
			keyKinds[i] = columnKind(types[k])
			found := false
			for _, c := range columns {
				found = found || c == k
			}
			if !found {
				fail(forms.Errorf(forms.EINVALID, "%s的表 %s 缺少主键列 %s：文件不完整或版本不符，不能导入", which, table, k))
				return
			}
		}
		p := &importPart{table: table, spec: spec, columns: columns,
			liveCols: append(append([]string{"branch", "station"}, columns...), "_gen", "_seq", "_deleted"),
			delCols:  append(append([]string{"branch", "station"}, spec.Key...), "_gen", "_seq", "_deleted")}
		badValue := func(col string, err error) {
			fail(forms.Errorf(forms.EINVALID, "%s的表 %s 列 %s 有无法存入的值（%v），不能导入", which, table, col, err))
		}
		b := importBatch{part: p}
		for {
			row, ok, err := rd.NextRow()
			if err != nil {
				fail(err)
				return
			}
			if !ok {
				break
			}
			if row.Deleted {
				if len(row.Key) != len(spec.Key) {
					fail(forms.Errorf(forms.EINVALID, "%s的表 %s 有一行主键不完整，不能导入", which, table))
					return
				}
				b.del = append(b.del, branch, station)
				for i, v := range row.Key {
					c, err := coerceKind(v, keyKinds[i])
					if err != nil {
						badValue(spec.Key[i], err)
						return
					}
					b.del = append(b.del, c)
				}
				b.del = append(b.del, gen, row.Seq, int64(1))
				b.nDel++
			} else {
				if len(row.Values) != len(columns) {
					fail(forms.Errorf(forms.EINVALID, "%s的表 %s 有一行的列数不对，不能导入", which, table))
					return
				}
				if b.live == nil {
					b.live = make([]any, 0, importBatchRows*len(p.liveCols))
				}
				b.live = append(b.live, branch, station)
				for i, v := range row.Values {
					c, err := coerceKind(v, colKinds[i])
					if err != nil {
						badValue(columns[i], err)
						return
					}
					b.live = append(b.live, c)
				}
				b.live = append(b.live, gen, row.Seq, int64(0))
				b.nLive++
			}
			if b.nLive+b.nDel == importBatchRows {
				if !send(b) {
					return
				}
				b = importBatch{part: p}
			}
		}
		b.end = true
		if !send(b) {
			return
		}
	}
}

// tableMerge merges the rows of one part: live rows through one merger
// (every column of the part), deletions through another (key only).
type tableMerge struct {
	tx            *hqTx
	part          *importPart
	fast          bool // the station has no row in the table yet
	live, deleted merger
}

// add passes a batch's rows to the mergers.
func (m *tableMerge) add(ctx context.Context, b importBatch) error {
	var err error
	p := m.part
	if b.nDel > 0 && m.deleted == nil {
		if m.deleted, err = m.tx.d.newMerger(ctx, m.tx, p.table, "del", hqKey(p.spec), p.delCols, dataColumns(p.spec), m.fast); err != nil {
			return err
		}
	}
	if b.nLive > 0 && m.live == nil {
		if m.live, err = m.tx.d.newMerger(ctx, m.tx, p.table, "live", hqKey(p.spec), p.liveCols, nil, m.fast); err != nil {
			return err
		}
	}
	for n, i := len(p.delCols), 0; i < b.nDel; i++ {
		if err := m.deleted.Add(b.del[i*n : (i+1)*n]); err != nil {
			return err
		}
	}
	for n, i := len(p.liveCols), 0; i < b.nLive; i++ {
		if err := m.live.Add(b.live[i*n : (i+1)*n]); err != nil {
			return err
		}
	}
	return nil
}

// fastErr turns a unique violation of the fast path into errFastDuplicate.
func (m *tableMerge) fastErr(err error) error {
	if m.fast && m.tx.d.isUniqueViolation(err) {
		return fmt.Errorf("%w: %s: %v", errFastDuplicate, m.part.table, err)
	}
	return err
}

func (m *tableMerge) flush(ctx context.Context) error {
	for _, x := range []merger{m.live, m.deleted} {
		if x != nil {
			if err := x.Flush(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

// coerce converts a value read from the file (nil, int64, float64, string,
// []byte) to the column's declared type the way SQLite's type affinity
// would, so that the same row is stored the same on both engines: numbers
// in a TEXT column become text, numeric text in an INTEGER or REAL column a
// number. A value that cannot be converted for PostgreSQL is an error.
func coerce(v any, typ string) (any, error) {
	return coerceKind(v, columnKind(typ))
}

// coerceKind is coerce with the column's kind (columnKind) worked out once
// per part instead of once per value.
func coerceKind(v any, kind int) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch kind {
	case kindText:
		switch x := v.(type) {
		case string:
			return x, nil
		case int64:
			return strconv.FormatInt(x, 10), nil
		case float64:
			return strconv.FormatFloat(x, 'g', -1, 64), nil
		case []byte:
			return string(x), nil
		}
	case kindInteger:
		switch x := v.(type) {
		case int64:
			return x, nil
		case float64:
			if x == math.Trunc(x) && math.Abs(x) < 1<<62 {
				return int64(x), nil
			}
		case string:
			if n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64); err == nil {
				return n, nil
			}
		}
	case kindReal:
		switch x := v.(type) {
		case float64:
			return x, nil
		case int64:
			return float64(x), nil
		case string:
			if f, err := strconv.ParseFloat(strings.TrimSpace(x), 64); err == nil {
				return f, nil
			}
		}
	case kindBlob:
		switch x := v.(type) {
		case []byte:
			return x, nil
		case string:
			return []byte(x), nil
		}
	}
	return nil, fmt.Errorf("%T %v 不能存入 %s 列", v, v, kindName[kind])
}

// kindName is the type name of a column kind, for messages.
var kindName = [...]string{kindText: "TEXT", kindInteger: "INTEGER", kindReal: "REAL", kindBlob: "BLOB", kindUnknown: "未知类型"}

// importedNumbers returns the export numbers imported from a station's key
// of generation gen, in order.
func importedNumbers(ctx context.Context, q querier, branch string, station, gen int) ([]int64, error) {
	rows, err := q.Query(ctx, "SELECT number FROM hq_imports WHERE branch = ? AND station = ? AND gen = ? ORDER BY number", branch, station, gen)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var nums []int64
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		nums = append(nums, n)
	}
	return nums, rows.Err()
}

// missingNumbers returns the numbers from 1 to the largest of nums that are
// not in nums (exports are numbered 1, 2, 3… per station key).
func missingNumbers(nums []int64) []int64 {
	have := map[int64]bool{}
	var max int64
	for _, n := range nums {
		have[n] = true
		if n > max {
			max = n
		}
	}
	var miss []int64
	for n := int64(1); n <= max; n++ {
		if !have[n] {
			miss = append(miss, n)
		}
	}
	return miss
}

// stationGens returns the key generations imported for a station, in order.
func stationGens(ctx context.Context, q querier, branch string, station int) ([]int, error) {
	rows, err := q.Query(ctx, "SELECT DISTINCT gen FROM hq_imports WHERE branch = ? AND station = ?", branch, station)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var gens []int
	for rows.Next() {
		var g int
		if err := rows.Scan(&g); err != nil {
			return nil, err
		}
		gens = append(gens, g)
	}
	sort.Ints(gens)
	return gens, rows.Err()
}

// gapText says, for one station, which exports have been imported and which
// are missing, per key generation: "QB01 已导入第1、3号；缺第2号".
func gapText(ctx context.Context, q querier, branch string, station int) (string, error) {
	gens, err := stationGens(ctx, q, branch, station)
	if err != nil {
		return "", err
	}
	var parts []string
	for _, g := range gens {
		nums, err := importedNumbers(ctx, q, branch, station, g)
		if err != nil {
			return "", err
		}
		s := stationLabel(branch, station)
		if len(gens) > 1 || g > 1 {
			s += fmt.Sprintf("（第%d代密钥）", g)
		}
		s += " 已导入第" + joinNumbers(nums) + "号"
		if miss := missingNumbers(nums); len(miss) > 0 {
			s += "；缺第" + joinNumbers(miss) + "号 (missing)"
		} else {
			s += "，没有缺号 (no gaps)"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "\n  "), nil
}

func joinNumbers(nums []int64) string {
	s := make([]string, len(nums))
	for i, n := range nums {
		s[i] = strconv.FormatInt(n, 10)
	}
	return strings.Join(s, "、")
}

// dataColumns lists the columns of an exported table that are not its
// key: what a deletion empties at head office.
func dataColumns(spec store.ExportTable) []string {
	isKey := map[string]bool{}
	for _, k := range spec.Key {
		isKey[k] = true
	}
	var out []string
	for _, c := range spec.Columns {
		if !isKey[c.Name] {
			out = append(out, c.Name)
		}
	}
	return out
}
