package store

// Names in pinyin order (issue 16).
//
// Every list of customers' names — the search results, the refund desk,
// the reminders, the reports — orders by customers.name_sort (migration
// 0016), a collation key of the name in the Chinese collation of
// golang.org/x/text/collate (CLDR's pinyin order: 阿 < 白 < 陈 < 王 < 张,
// Latin letters before Han characters, ignoring case at the first level),
// and then by the customer's id, so equal keys still come in one order.
// The key is written with the name on every insert and update of a
// customer (insertCustomer, updateCustomer, writeImportedUpdate); the
// customers stored before 0016 get theirs at Open (backfillNameSort).

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"log"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// collators hands out Chinese (pinyin) collators with their key buffers: a
// collate.Collator is not safe for concurrent use, and making one costs
// more than a key.
var collators = sync.Pool{New: func() any {
	return &collatorBuf{c: collate.New(language.Chinese)}
}}

type collatorBuf struct {
	c   *collate.Collator
	buf collate.Buffer
}

// surnameSounds maps a surname whose reading differs from its character's
// common one (the one CLDR's pinyin order files it under) to a character
// read as the surname is: 单 is shàn as a surname, not dān, so 单芳 sorts
// among the names read shàn. Compound surnames are matched first.
var surnameSounds = []struct{ surname, sound string }{
	{"尉迟", "玉迟"}, // yùchí, not wèichí
	{"万俟", "莫其"}, // mòqí, not wànsì
	{"单", "善"},   // shàn, not dān
	{"曾", "增"},   // zēng, not céng
	{"区", "欧"},   // ōu, not qū
	{"仇", "求"},   // qiú, not chóu
	{"解", "谢"},   // xiè, not jiě
	{"朴", "嫖"},   // piáo, not pǔ
	{"查", "渣"},   // zhā, not chá
	{"盖", "葛"},   // gě, not gài
	{"缪", "妙"},   // miào, not móu
	{"翟", "宅"},   // zhái, not dí
}

// surnameSound returns name with its surname replaced by a character of the
// surname's reading (surnameSounds), and whether it replaced one. A name
// that is the surname alone is left as it is (it may be a given name).
func surnameSound(name string) (string, bool) {
	for _, s := range surnameSounds {
		if rest, ok := strings.CutPrefix(name, s.surname); ok && rest != "" {
			return s.sound + rest, true
		}
	}
	return name, false
}

// nameSortKey returns the bytes that order name among the others in
// pinyin order when compared bytewise (bytes.Compare, SQLite's BLOB
// order): the Chinese collation key of the name, its surname read as a
// surname (surnameSounds). A name whose surname was replaced carries its
// own key after the replaced one, so 单芳 sorts with the names read
// shàn fāng, right after 善芳. Characters the collation does not list
// (most of Extensions B–G: 𠮷, 𰻞) get its implicit weights, by code
// point, below every listed character: they never panic and always sort
// the same way (吉𠮷 first among the names beginning with 吉). The key is
// never nil (an empty name has a short key of its own).
func nameSortKey(name string) []byte {
	cb := collators.Get().(*collatorBuf)
	defer collators.Put(cb)
	sounded, replaced := surnameSound(name)
	key := bytes.Clone(cb.c.KeyFromString(&cb.buf, sounded))
	if replaced {
		key = append(key, cb.c.KeyFromString(&cb.buf, name)...)
	}
	cb.buf.Reset()
	if key == nil {
		key = []byte{}
	}
	return key
}

// compareNames compares two names as nameSortKey orders them.
func compareNames(a, b string) int {
	return bytes.Compare(nameSortKey(a), nameSortKey(b))
}

// nameSortBatchSize is how many customers one transaction of the
// backfill gives a sort key (a test makes it small).
var nameSortBatchSize = 5000

// nameSortCacheKiB is the page cache of the backfill's connection, in KiB
// (SQLite's default is 2,000): the keys of a batch go all over the key
// index, and with the default cache every batch read and spilled its
// pages through the disk; the bulk path's index build sorts in it too.
const nameSortCacheKiB = 65536

// nameSortIndexSQL makes the index on name_sort, exactly as migration
// 0016 does (a backup's schema is compared with the migrations' text).
const nameSortIndexSQL = "CREATE INDEX customers_name_sort ON customers (name_sort, id)"

// nameSortBulkAt is how many customers without a key make the backfill
// drop the index on name_sort and build it again at the end (a test makes
// it small): keys come in name order, not the table's, so with the index
// every batch rewrote pages all over it (a million customers: 3 min 21 s
// on the loaded 2-core test machine); a table walked in rowid order and
// one sorted index build cost a fraction of that.
var nameSortBulkAt = 20000

// backfillNameSort gives every customer without a sort key (those stored
// before migration 0016) its key, in transactions of nameSortBatchSize
// customers in table (rowid) order, so a station with a million customers
// is never locked for long and an interrupted start resumes where it
// stopped: the customers still to do are the ones whose name_sort is
// NULL. When there are none, which the index customers_name_sort answers
// at once (NULLs first), it returns without reading the table. With
// nameSortBulkAt or more to do it drops the index first and makes it
// again when all are done; a start interrupted in between finds the index
// missing and finishes the job. The update sets name_sort alone, which the
// export's change trigger does not watch (0016): head office is sent
// nothing. It works on a connection of its own with a larger page cache
// (nameSortCacheKiB), set back before the connection returns to the pool.
// It returns how many customers it keyed.
func (db *DB) backfillNameSort(ctx context.Context) (int, error) {
	var indexes int
	if err := db.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'customers_name_sort'").Scan(&indexes); err != nil {
		return 0, fmt.Errorf("look for the sort key index: %w", err)
	}
	if indexes == 1 {
		var todo int
		if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM customers INDEXED BY customers_name_sort
			WHERE name_sort IS NULL LIMIT ?)`, nameSortBulkAt).Scan(&todo); err != nil {
			return 0, fmt.Errorf("look for customers without sort key: %w", err)
		}
		if todo == 0 {
			return 0, nil
		}
		if todo >= nameSortBulkAt {
			if _, err := db.db.ExecContext(ctx, "DROP INDEX customers_name_sort"); err != nil {
				return 0, fmt.Errorf("drop the sort key index for the backfill: %w", err)
			}
			indexes = 0
		}
	}
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return 0, fmt.Errorf("sort key backfill: %w", err)
	}
	defer conn.Close()
	var cache int64
	if err := conn.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&cache); err != nil {
		return 0, fmt.Errorf("sort key backfill: %w", err)
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", nameSortCacheKiB)); err != nil {
		return 0, fmt.Errorf("sort key backfill: %w", err)
	}
	defer conn.ExecContext(context.Background(), fmt.Sprintf("PRAGMA cache_size = %d", cache))
	total := 0
	var after int64
	for {
		n, last, err := nameSortBatch(ctx, conn, after)
		total += n
		if err != nil {
			return total, err
		}
		if n < nameSortBatchSize {
			break
		}
		after = last
	}
	if indexes == 0 {
		if _, err := conn.ExecContext(ctx, nameSortIndexSQL); err != nil {
			return total, fmt.Errorf("make the sort key index: %w", err)
		}
	}
	return total, nil
}

// nameSortBatch keys, in one transaction on conn, up to nameSortBatchSize
// customers without a key whose rowid is above after, and returns how many
// and the last rowid it read.
func nameSortBatch(ctx context.Context, conn *sql.Conn, after int64) (int, int64, error) {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return 0, after, fmt.Errorf("sort key backfill: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT rowid, name FROM customers NOT INDEXED
		WHERE rowid > ? AND name_sort IS NULL ORDER BY rowid LIMIT ?`, after, nameSortBatchSize)
	if err != nil {
		return 0, after, fmt.Errorf("read customers without sort key: %w", err)
	}
	type todo struct {
		rowid int64
		name  string
	}
	var list []todo
	for rows.Next() {
		var t todo
		if err := rows.Scan(&t.rowid, &t.name); err != nil {
			rows.Close()
			return 0, after, fmt.Errorf("read customer without sort key: %w", err)
		}
		list = append(list, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, after, fmt.Errorf("read customers without sort key: %w", err)
	}
	if len(list) == 0 {
		return 0, after, nil
	}
	stmt, err := tx.PrepareContext(ctx, "UPDATE customers SET name_sort = ? WHERE rowid = ?")
	if err != nil {
		return 0, after, fmt.Errorf("prepare sort key update: %w", err)
	}
	defer stmt.Close()
	for _, t := range list {
		if _, err := stmt.ExecContext(ctx, nameSortKey(t.name), t.rowid); err != nil {
			return 0, after, fmt.Errorf("write sort key: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, after, fmt.Errorf("commit sort keys: %w", err)
	}
	return len(list), list[len(list)-1].rowid, nil
}

// backfillNameSortTimed is backfillNameSort for Open: it logs how long a
// backfill that had work took.
func (db *DB) backfillNameSortTimed(ctx context.Context) error {
	start := time.Now()
	n, err := db.backfillNameSort(ctx)
	if n > 0 {
		log.Printf("store: %d customers given their pinyin sort key in %v", n, time.Since(start).Round(time.Millisecond))
	}
	return err
}
