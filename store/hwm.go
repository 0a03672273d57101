package store

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"counterdesk/forms"

	"github.com/google/uuid"
)

// The receipt high-water mark.
//
// Restoring a backup rolls back everything in the database, the receipt
// counter included, while the receipts printed since the backup are on paper
// in customers' hands. So the station also keeps, beside the database, a
// small file receipts.hwm with the last sequence number issued in each
// series (station code and year). It is rewritten (write, rename) after
// every commit that issues a receipt, and it only ever grows. At start-up a
// counter below the file's mark is raised to it, and the skipped range is
// recorded with its reason in the audit log and receipt_skips.
//
// The file is written after the commit, so a crash between the two can
// leave it one receipt behind; start-up also writes the database's counters
// into it, and the supervisor's SetReceiptFloor (from the paper 存根联)
// covers whatever the file cannot.
//
// The rewrite after a commit does not wait for the disk (the commit
// already did, for the database); Open waits once for the file, after it
// has put the database's counters in. Waiting at every receipt cost two
// fsyncs, about 3 ms of the 6–10 ms of issuing one (BENCHMARKS.md, issue
// 17). What that leaves open is a power cut within seconds of a receipt
// followed by a restore before the program starts again: the file can
// then be behind the receipts on paper, and the restore's paper stub
// number (Restore's paperLastSeq) is what keeps the numbers apart.

// hwmFile is the name of the high-water-mark file beside the database.
const hwmFile = "receipts.hwm"

// highWater is the last sequence number issued in one receipt series, or,
// when series is set, in one series of the station's other numbered
// documents (numbers.hwm: complaints TS-, loss declarations YS-).
type highWater struct {
	station string
	year    int
	seq     int64
	series  string // "TS" or "YS" for numbers.hwm; empty for a receipt series
}

// hwmLocks serialises rewrites of a mark file within the process; two DB
// handles on the same file share the lock. (A second process is kept out by
// the program's single-instance lock.)
var hwmLocks sync.Map // path → *sync.Mutex

func (db *DB) hwmPath() string { return filepath.Join(db.DataDir(), hwmFile) }

// readHighWater reads the marks in the file; a missing file has none, and
// lines that do not parse are skipped.
func readHighWater(path string) []highWater {
	var out []highWater
	for _, f := range markFileLines(path) {
		if len(f) != 3 {
			continue
		}
		year, err1 := strconv.Atoi(f[1])
		seq, err2 := strconv.ParseInt(f[2], 10, 64)
		if err1 != nil || err2 != nil || seq < 0 {
			continue
		}
		out = append(out, highWater{station: f[0], year: year, seq: seq})
	}
	return out
}

// markFileLines reads a mark file beside the database (receipts.hwm,
// exports.hwm): the fields of each line that is neither blank nor a
// # comment. A missing file has none; another read error is logged and
// counts as none (start-up writes the database's marks again).
func markFileLines(path string) [][]string {
	data, err := os.ReadFile(path)
	if err != nil {
		if !os.IsNotExist(err) {
			log.Printf("store: read %s: %v", path, err)
		}
		return nil
	}
	var out [][]string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, strings.Fields(line))
	}
	return out
}

// noteHighWater raises the marks in the file to the given ones, after the
// commit that issued them. A failure cannot undo the receipt (it is
// committed and printed), so it is logged, not returned.
func (db *DB) noteHighWater(marks ...highWater) {
	var receipts, docs []highWater
	for _, m := range marks {
		if m.series != "" {
			docs = append(docs, highWater{station: m.series, year: m.year, seq: m.seq})
		} else {
			receipts = append(receipts, m)
		}
	}
	if len(receipts) > 0 {
		if err := raiseHighWater(db.hwmPath(), receipts, receiptsHeader); err != nil {
			log.Printf("store: receipt high-water mark: %v", err)
		}
	}
	if len(docs) > 0 {
		if err := raiseHighWater(filepath.Join(db.DataDir(), numbersFile), docs, numbersHeader); err != nil {
			log.Printf("store: document number high-water mark: %v", err)
		}
	}
}

// receiptsHeader and numbersHeader head the two mark files.
const (
	receiptsHeader = "# Counter Desk receipt high-water mark: station year last-issued-sequence.\n" +
		"# 柜台通收据号高水位记录。请勿修改或删除：恢复备份后据此避免重复使用收据号。\n"
	numbersHeader = "# Counter Desk document number high-water mark: series (TS complaint, YS loss declaration) year last-given-sequence.\n" +
		"# 柜台通投诉编号、遗失声明编号高水位记录。请勿修改或删除：恢复备份后据此避免重复使用编号。\n"
)

// raiseHighWater merges marks into the file at path (its lines "key year
// seq", headed by header), keeping the higher sequence of each series, and
// rewrites it durably when anything grew.
func raiseHighWater(path string, marks []highWater, header string) error {
	mu, _ := hwmLocks.LoadOrStore(path, &sync.Mutex{})
	mu.(*sync.Mutex).Lock()
	defer mu.(*sync.Mutex).Unlock()

	type key struct {
		station string
		year    int
	}
	cur := map[key]int64{}
	for _, m := range readHighWater(path) {
		k := key{m.station, m.year}
		cur[k] = max(cur[k], m.seq)
	}
	changed := false
	for _, m := range marks {
		k := key{m.station, m.year}
		if old, ok := cur[k]; !ok || m.seq > old {
			cur[k] = m.seq
			changed = true
		}
	}
	if !changed {
		return nil
	}
	keys := make([]key, 0, len(cur))
	for k := range cur {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].station != keys[j].station {
			return keys[i].station < keys[j].station
		}
		return keys[i].year < keys[j].year
	})
	var b bytes.Buffer
	b.WriteString(header)
	for _, k := range keys {
		fmt.Fprintf(&b, "%s %d %d\n", k.station, k.year, cur[k])
	}
	return writeFileAtomic(path, b.Bytes())
}

// writeFileSync replaces path with data durably: a temporary file in the
// same folder, written and synced, renamed over path, and the folder
// synced, so after a crash path holds either the old or the new data.
func writeFileSync(path string, data []byte) error { return writeFile(path, data, true) }

// writeFileAtomic replaces path with data as writeFileSync does, without
// waiting for the disk: a reader never sees half a file, but a power cut
// can leave the old data (or, on some file systems, an empty file).
func writeFileAtomic(path string, data []byte) error { return writeFile(path, data, false) }

func writeFile(path string, data []byte, durable bool) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if durable {
		if err := f.Sync(); err != nil {
			f.Close()
			os.Remove(tmp)
			return err
		}
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	if durable {
		syncDir(dir)
	}
	return nil
}

// syncMarkFiles waits until the mark files beside the database are on
// the disk (the rewrites after commits do not wait): Open calls it once,
// after reconcileHighWater. A missing file is fine; another failure is
// logged.
func (db *DB) syncMarkFiles() {
	for _, name := range []string{hwmFile, numbersFile} {
		f, err := os.OpenFile(filepath.Join(db.DataDir(), name), os.O_RDWR, 0)
		if err != nil {
			if !os.IsNotExist(err) {
				log.Printf("store: sync %s: %v", name, err)
			}
			continue
		}
		if err := f.Sync(); err != nil {
			log.Printf("store: sync %s: %v", name, err)
		}
		f.Close()
	}
	syncDir(db.DataDir())
}

// reconcileHighWater runs at start-up: it raises any receipt counter of this
// station that is below the mark file (the database was restored from an
// older copy), recording the skipped range, and then writes the database's
// counters into the file.
func (db *DB) reconcileHighWater(ctx context.Context) error {
	marks := readHighWater(db.hwmPath())
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	st, err := findStation(ctx, tx)
	if forms.ErrorCode(err) == forms.ENOTFOUND {
		return nil // not set up yet: Setup applies the marks
	} else if err != nil {
		return err
	}
	if err := applyHighWater(ctx, tx, st.Code(), marks); err != nil {
		return err
	}
	return tx.commit()
}

// applyHighWater raises this station's counters to the marks, and queues all
// its counters as they now are for the mark file (which may lag behind the
// database after a crash between a commit and the file's rewrite).
func applyHighWater(ctx context.Context, tx *txn, station string, marks []highWater) error {
	for _, m := range marks {
		if m.station != station {
			continue
		}
		last, err := counterSeq(ctx, tx, station, m.year)
		if err != nil {
			return err
		}
		if m.seq <= last {
			continue
		}
		reason := fmt.Sprintf("本机收据号高水位记录（%s）显示已开出至 %s，而数据库只记录到 %s（数据库可能由备份恢复）。"+
			"中间的收据号可能已打印交给客户，跳过不再使用。",
			hwmFile, forms.ReceiptNumber(station, m.year, m.seq), forms.ReceiptNumber(station, m.year, last))
		if err := raiseCounter(ctx, tx, nil, station, m.year, last, m.seq, reason); err != nil {
			return err
		}
	}
	rows, err := tx.QueryContext(ctx,
		"SELECT year, last_seq FROM receipt_counters WHERE station_code = ? ORDER BY year", station)
	if err != nil {
		return fmt.Errorf("query receipt counters: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		h := highWater{station: station}
		if err := rows.Scan(&h.year, &h.seq); err != nil {
			return fmt.Errorf("scan receipt counter: %w", err)
		}
		tx.issued = append(tx.issued, h)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read receipt counters: %w", err)
	}
	return nil
}

// counterSeq returns the last sequence number issued in a series, 0 when
// none was.
func counterSeq(ctx context.Context, tx *txn, station string, year int) (int64, error) {
	var last int64
	err := tx.QueryRowContext(ctx,
		"SELECT COALESCE(MAX(last_seq), 0) FROM receipt_counters WHERE station_code = ? AND year = ?",
		station, year).Scan(&last)
	if err != nil {
		return 0, fmt.Errorf("read receipt counter: %w", err)
	}
	return last, nil
}

// raiseCounter moves a series' counter from last to seq, recording the
// skipped range last+1…seq with its reason in receipt_skips and the audit
// log.
func raiseCounter(ctx context.Context, tx *txn, w *who, station string, year int, last, seq int64, reason string) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO receipt_counters (station_code, year, last_seq) VALUES (?, ?, ?)
		ON CONFLICT (station_code, year) DO UPDATE SET last_seq = excluded.last_seq`,
		station, year, seq); err != nil {
		return fmt.Errorf("raise receipt counter: %w", err)
	}
	tx.issued = append(tx.issued, highWater{station: station, year: year, seq: seq})
	var userID, approver any
	if w != nil && w.user != nil {
		userID = w.user.ID
	}
	if w != nil && w.approver != nil {
		approver = w.approver.ID
	}
	id := uuid.NewString()
	if _, err := tx.ExecContext(ctx, `INSERT INTO receipt_skips
		(id, station_code, year, first_seq, last_seq, reason, at, user_id, approved_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, station, year, last+1, seq, reason, ts(tx.now), userID, approver); err != nil {
		return fmt.Errorf("record receipt skip: %w", err)
	}
	first, end := forms.ReceiptNumber(station, year, last+1), forms.ReceiptNumber(station, year, seq)
	return audit(ctx, tx, w, auditRec{
		action:   ActReceiptSkip,
		entity:   "receipt_series",
		entityID: fmt.Sprintf("%s-%04d", station, year),
		before:   map[string]any{"last_seq": last},
		after:    map[string]any{"last_seq": seq},
		note:     fmt.Sprintf("跳过收据号 %s 至 %s：%s", first, end, reason),
	})
}

// The document-number high-water mark.
//
// Complaint numbers (TS-2026-0001) and loss declaration numbers
// (YS-2026-0001) continue from the highest one in the database. After a
// restore of an older backup the database no longer holds the ones given
// since, which may be on a customer's paper or already exported to head
// office; so, as receipts.hwm does for receipts, the file numbers.hwm beside
// the database keeps the last sequence given in each series and year. It
// is raised after every commit that gives one (commit, noteHighWater), and
// the next number is one above both the database's highest and the
// file's: a restore cannot make a number be given twice. The numbers
// skipped over are named in the new document's audit entry.

// numbersFile is the name of the document-number mark file beside the
// database.
const numbersFile = "numbers.hwm"

// The series of numbers.hwm.
const (
	seriesComplaint = "TS"
	seriesLoss      = "YS"
)

// numberMark returns the last sequence numbers.hwm (at path) records for
// series in year, 0 when none.
func numberMark(path, series string, year int) int64 {
	var last int64
	for _, m := range readHighWater(path) {
		if m.station == series && m.year == year {
			last = max(last, m.seq)
		}
	}
	return last
}

// nextDocSeq returns the sequence number to give next in series and year:
// one above dbLast (the highest the database holds) and above the mark in
// numbers.hwm. It queues the number for the mark file, which commit raises
// after the transaction. skipped, when the mark was above the database
// (restored from an older copy), says in Chinese which numbers are not
// given again, for the new document's audit entry; it is empty otherwise.
func nextDocSeq(tx *txn, series string, year int, dbLast int64) (seq int64, skipped string) {
	mu, _ := hwmLocks.LoadOrStore(filepath.Join(tx.db.DataDir(), numbersFile), &sync.Mutex{})
	mu.(*sync.Mutex).Lock()
	mark := numberMark(filepath.Join(tx.db.DataDir(), numbersFile), series, year)
	mu.(*sync.Mutex).Unlock()
	seq = max(dbLast, mark) + 1
	if mark > dbLast {
		skipped = fmt.Sprintf("（本机编号记录 %s 显示已编到 %s-%04d-%04d，数据库只到 %04d，可能由备份恢复："+
			"%s-%04d-%04d 至 %04d 不再使用）", numbersFile, series, year, mark, dbLast, series, year, dbLast+1, mark)
	}
	tx.issued = append(tx.issued, highWater{series: series, year: year, seq: seq})
	return seq, skipped
}
