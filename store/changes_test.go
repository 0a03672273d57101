package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"

	"filippo.io/age"
)

// changeOf returns the seq of the change recorded for a row (k2 "" for
// one-column keys) and how many entries the row has; 0, 0 when none.
func changeOf(tb testing.TB, db *DB, tbl string, k1, k2 any) (seq int64, n int) {
	tb.Helper()
	err := db.db.QueryRow("SELECT COALESCE(MAX(seq), 0), count(*) FROM changes WHERE tbl = ? AND k1 = ? AND k2 = ?",
		tbl, k1, k2).Scan(&seq, &n)
	must(tb, err)
	return seq, n
}

// topChange returns the highest seq in changes.
func topChange(tb testing.TB, db *DB) int64 {
	tb.Helper()
	var seq int64
	must(tb, db.db.QueryRow("SELECT COALESCE(MAX(seq), 0) FROM changes").Scan(&seq))
	return seq
}

// assertNewest fails unless the row's single change is the newest entry
// of the whole table and above before.
func assertNewest(tb testing.TB, db *DB, before int64, tbl string, k1, k2 any) int64 {
	tb.Helper()
	seq, n := changeOf(tb, db, tbl, k1, k2)
	if n != 1 {
		tb.Fatalf("%s %v/%v has %d change entries, want 1", tbl, k1, k2, n)
	}
	if seq <= before {
		tb.Fatalf("%s %v/%v change seq %d did not advance past %d", tbl, k1, k2, seq, before)
	}
	return seq
}

// TestChanges_Triggers checks that every exported table has its three
// change triggers and no other table has any.
func TestChanges_Triggers(t *testing.T) {
	db := mustOpenDB(t)
	have := map[string]bool{}
	rows, err := db.db.Query("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'changes\\_%' ESCAPE '\\'")
	must(t, err)
	for rows.Next() {
		var name, tbl string
		must(t, rows.Scan(&name, &tbl))
		if _, ok := ExportTableByName(tbl); !ok {
			t.Errorf("change trigger %s on table %s, which is not exported", name, tbl)
		}
		have[name] = true
	}
	rows.Close()
	for _, et := range ExportTables {
		for _, op := range []string{"insert", "update", "delete"} {
			if name := "changes_" + et.Name + "_" + op; !have[name] {
				t.Errorf("no trigger %s", name)
			}
		}
	}
	if len(have) != 3*len(ExportTables) {
		t.Errorf("%d change triggers, want %d", len(have), 3*len(ExportTables))
	}
}

// TestChanges_TriggersUseIndex: each trigger finds a row's entry through
// the UNIQUE (tbl, k1, k2) index on all three columns, for TEXT and
// INTEGER keys alike. Without the unary + on the key values an INTEGER key
// would use the index on tbl only and every audit entry would scan all
// the others (the training station went quadratic).
func TestChanges_TriggersUseIndex(t *testing.T) {
	db := mustOpenDB(t)
	rows, err := db.db.Query("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'changes\\_%' ESCAPE '\\'")
	must(t, err)
	bare := regexp.MustCompile(`k[12] = (NEW|OLD)\.`)
	n := 0
	for rows.Next() {
		var name, sqlText string
		must(t, rows.Scan(&name, &sqlText))
		if m := bare.FindString(sqlText); m != "" {
			t.Errorf("trigger %s compares %q without +: numeric affinity would keep the index from being used", name, m)
		}
		n++
	}
	rows.Close()
	if n == 0 {
		t.Fatal("no change triggers")
	}
	// The pattern the triggers use, with INTEGER and TEXT keys; a scalar
	// subquery carries its column's affinity as NEW.x does.
	for _, q := range []string{
		"DELETE FROM changes WHERE tbl = 'audit_log' AND k1 = +(SELECT seq FROM audit_log LIMIT 1) AND k2 = ''",
		"DELETE FROM changes WHERE tbl = 'services' AND k1 = +(SELECT code FROM services LIMIT 1) AND k2 = +(SELECT version FROM services LIMIT 1)",
		"DELETE FROM changes WHERE tbl = 'customers' AND k1 = +(SELECT id FROM customers LIMIT 1) AND k2 = ''",
	} {
		plan := strings.Join(queryPlan(t, db, q), "\n")
		if !strings.Contains(plan, "tbl=? AND k1=? AND k2=?") {
			t.Errorf("%s:\n%s\ndoes not search changes on (tbl, k1, k2)", q, plan)
		}
	}
	// Without +, an INTEGER key searches on tbl only (what this test guards).
	plan := strings.Join(queryPlan(t, db, "DELETE FROM changes WHERE tbl = 'audit_log' AND k1 = (SELECT seq FROM audit_log LIMIT 1) AND k2 = ''"), "\n")
	if strings.Contains(plan, "k1=?") {
		t.Logf("note: this SQLite uses the whole index even without +:\n%s", plan)
	}
}

// TestChanges_Record drives the store and raw statements of every kind the
// store uses, and checks that each change is recorded once per row with a
// seq above everything before it.
func TestChanges_Record(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	st, err := f.db.Station(ctx)
	must(t, err)

	t.Run("Setup", func(t *testing.T) {
		if _, n := changeOf(t, f.db, "station", st.ID, ""); n != 1 {
			t.Fatalf("station: %d entries", n)
		}
		if _, n := changeOf(t, f.db, "users", f.sup.UserID, ""); n != 1 {
			t.Fatalf("supervisor: %d entries", n)
		}
		if _, n := changeOf(t, f.db, "services", "borrow_card", 1); n != 1 {
			t.Fatalf("service borrow_card v1: %d entries", n)
		}
		var auditRows, auditChanges int
		must(t, f.db.db.QueryRow("SELECT count(*) FROM audit_log").Scan(&auditRows))
		must(t, f.db.db.QueryRow("SELECT count(*) FROM changes WHERE tbl = 'audit_log'").Scan(&auditChanges))
		if auditRows == 0 || auditRows != auditChanges {
			t.Fatalf("audit_log: %d rows, %d change entries", auditRows, auditChanges)
		}
		for _, tbl := range []string{"customer_terms", "talent_paid_tally", "fee_talent_tally", "fee_base_tally", "catalogue_defaults", "station_keys", "backups"} {
			var n int
			must(t, f.db.db.QueryRow("SELECT count(*) FROM changes WHERE tbl = ?", tbl).Scan(&n))
			if n != 0 {
				t.Errorf("%d change entries for %s, which is not exported", n, tbl)
			}
		}
	})

	t.Run("InsertUpdate", func(t *testing.T) {
		before := topChange(t, f.db)
		c := f.member(t, "钱多多") // a member: the talent tally trigger runs too
		s1 := assertNewest(t, f.db, before, "customers", c.ID, "")
		c.Mobile = "13900001111"
		must(t, f.db.UpdateCustomer(ctx, f.clerk, c))
		assertNewest(t, f.db, s1, "customers", c.ID, "")
	})

	t.Run("CasesPromisedDueTrigger", func(t *testing.T) {
		// Accepting with a deferred paper makes the case 'waiting', and
		// cases_promised_due_update then updates the case inside a trigger.
		cust := f.member(t, "孙补交")
		c, _, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "archive_transfer")
		must(t, err)
		_, err = f.db.SaveCase(ctx, f.clerk, c.ID, map[string]string{"unit": "某公司"}, map[string]forms.ItemState{
			"release": {Status: forms.ItemReceived, Originals: 1},
			"id_copy": {Status: forms.ItemDeferred, PromisedBy: testStart.AddDate(0, 0, 3)},
		})
		must(t, err)
		before := topChange(t, f.db)
		_, r, _, err := f.db.AcceptCase(ctx, f.clerk, c.ID, forms.Payment{Method: forms.PayCash}, time.Time{})
		must(t, err)
		var due sql.NullString
		must(t, f.db.db.QueryRow("SELECT promised_due FROM cases WHERE id = ?", c.ID).Scan(&due))
		if !due.Valid {
			t.Fatal("the promised_due trigger did not run: the test does not cover it")
		}
		cs := assertNewest(t, f.db, before, "cases", c.ID, "")
		assertNewest(t, f.db, before, "receipts", r.ID, "")
		// ON CONFLICT DO UPDATE (receipt.go's counter) records the counter.
		assertNewest(t, f.db, before, "receipt_counters", st.Code(), r.Year)
		if cs != topChangeOf(t, f.db, "cases") {
			t.Fatal("the case's entry is not its latest")
		}
	})

	t.Run("UpsertSettings", func(t *testing.T) {
		before := topChange(t, f.db)
		must(t, f.db.SetSetting(ctx, f.sup, forms.SettingReturnDays, "40")) // insert branch of the upsert
		s1 := assertNewest(t, f.db, before, "settings", forms.SettingReturnDays, "")
		must(t, f.db.SetSetting(ctx, f.sup, forms.SettingReturnDays, "45")) // update branch
		assertNewest(t, f.db, s1, "settings", forms.SettingReturnDays, "")
	})

	t.Run("InsertOrIgnore", func(t *testing.T) {
		before := topChange(t, f.db)
		_, err := f.db.db.Exec("INSERT OR IGNORE INTO settings (key, value, updated_at) VALUES ('test.ignore', 'a', 'x')")
		must(t, err)
		s1 := assertNewest(t, f.db, before, "settings", "test.ignore", "")
		// Ignored: nothing changed, nothing recorded.
		_, err = f.db.db.Exec("INSERT OR IGNORE INTO settings (key, value, updated_at) VALUES ('test.ignore', 'b', 'x')")
		must(t, err)
		if seq, n := changeOf(t, f.db, "settings", "test.ignore", ""); seq != s1 || n != 1 || topChange(t, f.db) != s1 {
			t.Fatalf("an ignored insert moved the change: %d (%d entries), top %d, want %d", seq, n, topChange(t, f.db), s1)
		}
	})

	t.Run("InsertOrReplace", func(t *testing.T) {
		before := topChange(t, f.db)
		_, err := f.db.db.Exec("INSERT OR REPLACE INTO settings (key, value, updated_at) VALUES ('test.ignore', 'c', 'y')")
		must(t, err)
		assertNewest(t, f.db, before, "settings", "test.ignore", "")
	})

	t.Run("DeleteKeepsKey", func(t *testing.T) {
		before := topChange(t, f.db)
		_, err := f.db.db.Exec("DELETE FROM settings WHERE key = 'test.ignore'")
		must(t, err)
		assertNewest(t, f.db, before, "settings", "test.ignore", "")
		var n int
		must(t, f.db.db.QueryRow("SELECT count(*) FROM settings WHERE key = 'test.ignore'").Scan(&n))
		if n != 0 {
			t.Fatal("row not deleted")
		}
	})

	t.Run("KeyMoves", func(t *testing.T) {
		must(t, f.db.SetHolidayCalendar(ctx, f.sup, forms.HolidayCalendar{Year: 2031}))
		before := topChange(t, f.db)
		_, err := f.db.db.Exec("UPDATE holiday_calendars SET year = 2032 WHERE year = 2031")
		must(t, err)
		old := assertNewest(t, f.db, before, "holiday_calendars", 2031, "")
		moved := assertNewest(t, f.db, before, "holiday_calendars", 2032, "")
		if old >= moved {
			t.Fatalf("old key seq %d not before new key seq %d", old, moved)
		}
		// Two-column key: the second column moves.
		_, err = f.db.db.Exec("INSERT INTO day_checks (station_code, day, checked_by, checked_at) VALUES ('QB01', '2026-11-20', ?, 'x')", f.sup.UserID)
		must(t, err)
		before = topChange(t, f.db)
		_, err = f.db.db.Exec("UPDATE day_checks SET day = '2026-11-21' WHERE day = '2026-11-20'")
		must(t, err)
		assertNewest(t, f.db, before, "day_checks", "QB01", "2026-11-20")
		assertNewest(t, f.db, before, "day_checks", "QB01", "2026-11-21")
	})

	t.Run("RefusedChangesNothing", func(t *testing.T) {
		before := topChange(t, f.db)
		var total int
		must(t, f.db.db.QueryRow("SELECT count(*) FROM changes").Scan(&total))
		err := f.db.SetSetting(ctx, f.clerk, forms.SettingReturnDays, "50") // a clerk: refused
		assertErr(t, err, forms.EFORBIDDEN, msgNeedSupervisor)
		var after int
		must(t, f.db.db.QueryRow("SELECT count(*) FROM changes").Scan(&after))
		if topChange(t, f.db) != before || after != total {
			t.Fatal("a refused change was recorded")
		}
	})

	t.Run("OneEntryPerRow", func(t *testing.T) {
		var dup int
		must(t, f.db.db.QueryRow("SELECT count(*) FROM (SELECT 1 FROM changes GROUP BY tbl, k1, k2 HAVING count(*) > 1)").Scan(&dup))
		if dup != 0 {
			t.Fatalf("%d rows with more than one change entry", dup)
		}
		// Every existing row of every exported table has its entry.
		for _, et := range ExportTables {
			k2 := "''"
			if len(et.Key) == 2 {
				k2 = "t." + et.Key[1]
			}
			var missing int
			q := fmt.Sprintf("SELECT count(*) FROM %s t WHERE NOT EXISTS (SELECT 1 FROM changes c WHERE c.tbl = '%s' AND c.k1 = t.%s AND c.k2 = %s)",
				et.Name, et.Name, et.Key[0], k2)
			must(t, f.db.db.QueryRow(q).Scan(&missing))
			if missing != 0 {
				t.Errorf("%d rows of %s without a change entry", missing, et.Name)
			}
		}
	})
}

// topChangeOf returns the highest seq recorded for a table.
func topChangeOf(tb testing.TB, db *DB, tbl string) int64 {
	tb.Helper()
	var seq int64
	must(tb, db.db.QueryRow("SELECT COALESCE(MAX(seq), 0) FROM changes WHERE tbl = ?", tbl).Scan(&seq))
	return seq
}

// undoExportMigration makes a database look as it did before 0014: the
// change triggers and 0014's tables dropped, and 0019's tallies (their
// triggers read customers.archive_until, which TestBackup_BeforeMigration
// drops), version 13.
func undoExportMigration(tb testing.TB, db *DB) {
	tb.Helper()
	undoNameSortMigration(tb, db) // 0016 replaced a trigger of 0014
	rows, err := db.db.Query("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'changes\\_%' ESCAPE '\\'")
	must(tb, err)
	var stmts []string
	for rows.Next() {
		var name string
		must(tb, rows.Scan(&name))
		stmts = append(stmts, "DROP TRIGGER "+name)
	}
	rows.Close()
	stmts = append(stmts, "DROP TABLE changes", "DROP TABLE station_keys", "DROP TABLE exports", "DROP TABLE export_floor",
		"DROP TABLE IF EXISTS search_backfill", // 0015
		"DROP TRIGGER customers_fee_tally_insert", "DROP TRIGGER customers_fee_tally_delete", "DROP TRIGGER customers_fee_tally_update",
		"DROP TABLE fee_talent_tally", "DROP TABLE fee_base_tally", // 0019
		"DELETE FROM schema_migrations WHERE version >= 14", "PRAGMA user_version = 13")
	_, err = db.db.Exec(strings.Join(stmts, "; "))
	must(tb, err)
}

// TestMigration0014_NoFill: upgrading a station with data writes no change
// entry for the rows that were already there (the upgrade of a large
// station must stay fast), and the first export after the upgrade still
// carries every row of every exported table, each with the export's ToSeq.
func TestMigration0014_NoFill(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	c, _, r, _ := f.lend(t, "周借卡")
	must(t, f.db.SetSetting(ctx, f.sup, forms.SettingReturnDays, "40"))
	undoExportMigration(t, f.db)
	path := f.db.Path()
	f.db.Close()

	db := mustOpenPath(t, path, f.clk)
	var version int
	must(t, db.db.QueryRow("PRAGMA user_version").Scan(&version))
	if version < 14 {
		t.Fatalf("user_version %d after reopening", version)
	}
	for _, k := range []struct{ tbl, k1 string }{
		{"receipts", r.ID}, {"customers", c.ID}, {"settings", forms.SettingReturnDays},
	} {
		if _, n := changeOf(t, db, k.tbl, k.k1, ""); n != 0 {
			t.Errorf("%s %s existed before 0014 and has %d change entries: the upgrade filled changes", k.tbl, k.k1, n)
		}
	}
	var entries, rowsBefore int64
	must(t, db.db.QueryRow("SELECT count(*) FROM changes WHERE tbl <> 'audit_log'").Scan(&entries))
	before := tableCounts(t, db)
	for _, n := range before {
		rowsBefore += n
	}
	if entries > 5 || rowsBefore < 20 {
		t.Fatalf("%d change entries besides the audit log for %d rows", entries, rowsBefore)
	}

	// The first export after the upgrade carries every row.
	hq, err := age.GenerateX25519Identity()
	must(t, err)
	must(t, db.SetHQRecipient(ctx, f.sup, hq.Recipient().String()))
	before = tableCounts(t, db)
	info, err := db.Export(ctx, f.sup, exportDir(t), nil)
	must(t, err)
	if info.Number != 1 || info.FromSeq != 0 || info.ToSeq < 1 {
		t.Fatalf("info = %+v", info)
	}
	e := readExported(t, info.Path, stationPublicKey(t, db), hq)
	var total int64
	for _, tb := range ExportTables {
		got := int64(len(e.rows[tb.Name]))
		// (The export's own audit entry is written after the file.)
		if got != before[tb.Name] {
			t.Errorf("%s: %d rows exported, %d in the table", tb.Name, got, before[tb.Name])
		}
		for _, row := range e.rows[tb.Name] {
			if row.Seq != info.ToSeq || row.Deleted {
				t.Fatalf("%s row %v: seq %d deleted %v, want seq %d (the export's ToSeq)", tb.Name, row.Key, row.Seq, row.Deleted, info.ToSeq)
			}
		}
		total += got
	}
	if total != info.Rows || total < rowsBefore {
		t.Fatalf("%d rows exported, info says %d, %d rows before", total, info.Rows, rowsBefore)
	}
	if _, ok := e.find("receipts", r.ID); !ok {
		t.Fatal("the receipt made before the upgrade is not in the first export")
	}
	if row, ok := e.find("settings", forms.SettingReturnDays); !ok || e.value("settings", row, "value") != "40" {
		t.Fatalf("the setting made before the upgrade: %+v %v", row, ok)
	}

	// Export 1's kept copy is lost: the rows it carried (read from the
	// tables, most without a change entry) are marked to go out again.
	must(t, os.Remove(filepath.Join(db.DataDir(), ExportDirName, info.FileName)))
	_, err = db.RewriteExport(ctx, f.sup, 1, exportDir(t))
	assertErr(t, err, forms.ECONFLICT, "第1号导出文件", "缺失或被改动")
	before = tableCounts(t, db)
	next, err := db.Export(ctx, f.sup, exportDir(t), nil)
	must(t, err)
	if next.Number != 2 || next.FromSeq != info.ToSeq {
		t.Fatalf("next export %+v", next)
	}
	e = readExported(t, next.Path, stationPublicKey(t, db), hq)
	for _, tb := range ExportTables {
		if got := int64(len(e.live(tb.Name))); got != before[tb.Name] {
			t.Errorf("after the lost export 1, %s: %d rows in export 2, %d in the table", tb.Name, got, before[tb.Name])
		}
		for _, row := range e.rows[tb.Name] {
			if row.Seq <= info.ToSeq {
				t.Fatalf("%s row %v resent with seq %d, not above export 1's %d", tb.Name, row.Key, row.Seq, info.ToSeq)
			}
		}
	}
	if _, ok := e.find("receipts", r.ID); !ok {
		t.Fatal("the receipt made before the upgrade is not sent again")
	}
}

// TestExportMark_RestoredBackup: after a backup is restored, neither a
// change seq nor an export number that left the station (exports.hwm) is
// used again.
func TestExportMark_RestoredBackup(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	dir := f.db.DataDir()
	info := backupOf(t, f)
	seqAtBackup := topChange(t, f.db)

	// Work after the backup, then an export (as H3's Export records it).
	for i := 0; i < 3; i++ {
		f.member(t, "吴"+hanNumber(int64(i+1)))
	}
	exported := topChange(t, f.db)
	tx, err := f.db.begin(ctx)
	must(t, err)
	n, _, err := lastExportMark(ctx, tx)
	must(t, err)
	if n++; n != 1 {
		t.Fatalf("first export number %d", n)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO exports (number, from_seq, to_seq, created_at, user_id, file_name, sha256, size, rows)
		VALUES (?, 0, ?, 'x', ?, 'QB01-export-000001.cdx', 'abc', 10, 5)`, n, exported, f.sup.UserID)
	must(t, err)
	top, err := maxChangeSeq(ctx, tx)
	must(t, err)
	if top != exported {
		t.Fatalf("maxChangeSeq = %d, want %d", top, exported)
	}
	must(t, tx.commit())
	must(t, f.db.raiseExportMark(exported, n))
	// A second export, whose mark reached the file but whose row the
	// restored database will not have either.
	must(t, f.db.raiseExportMark(exported, 2))
	if m := readExportMark(filepath.Join(dir, exportMarkFile)); m.seq != exported || m.number != 2 {
		t.Fatalf("exports.hwm = %+v", m)
	}
	// The mark only grows.
	must(t, f.db.raiseExportMark(1, 1))
	if m := readExportMark(filepath.Join(dir, exportMarkFile)); m.seq != exported || m.number != 2 {
		t.Fatalf("exports.hwm lowered to %+v", m)
	}

	// Restore the backup as the supervisor does (restore.go).
	path := f.db.Path()
	f.db.Close()
	_, err = RestoreClock(ctx, dir, info.Path, testStart.Year(), 0, f.clk.Now)
	must(t, err)

	db := mustOpenPath(t, path, f.clk)
	var customers int
	must(t, db.db.QueryRow("SELECT count(*) FROM customers").Scan(&customers))
	if customers != 0 {
		t.Fatalf("the restored database has %d customers: the restore did not happen", customers)
	}
	// What the restore itself recorded (its audit entries) came after the
	// mark too: no seq between the backup's and the exported one is used.
	var reused int
	must(t, db.db.QueryRow("SELECT count(*) FROM changes WHERE seq > ? AND seq <= ?", seqAtBackup, exported).Scan(&reused))
	if reused != 0 {
		t.Fatalf("%d changes after the restore reuse seqs (%d, %d] that head office has", reused, seqAtBackup, exported)
	}
	// The backup had exported nothing: everything it holds is renumbered
	// above what head office has, in the same order, so head office ends
	// up with the station as it now is.
	var low, entries int
	must(t, db.db.QueryRow("SELECT count(*) FROM changes WHERE seq <= ?", exported).Scan(&low))
	must(t, db.db.QueryRow("SELECT count(*) FROM changes").Scan(&entries))
	if low != 0 || entries == 0 {
		t.Fatalf("%d of %d changes at or below the exported seq %d after the restore", low, entries, exported)
	}
	st, err := db.Station(ctx)
	must(t, err)
	if s, n := changeOf(t, db, "station", st.ID, ""); n != 1 || s <= exported {
		t.Fatalf("the station row's change: seq %d, %d entries", s, n)
	}
	before := topChange(t, db)
	fx := &fixture{db: db, clk: f.clk, clerk: f.clerk, sup: f.sup}
	c := fx.member(t, "郑恢复后")
	seq, _ := changeOf(t, db, "customers", c.ID, "")
	if seq <= exported {
		t.Fatalf("a change after the restore got seq %d, not above %d that head office has (before: %d)", seq, exported, before)
	}
	tx, err = db.begin(ctx)
	must(t, err)
	defer tx.Rollback()
	n, _, err = lastExportMark(ctx, tx)
	must(t, err)
	if n++; n != 3 {
		t.Fatalf("next export number after the restore = %d, want 3", n)
	}
	fn, fs, err := exportFloor(ctx, tx)
	must(t, err)
	if fn != 2 || fs != exported {
		t.Fatalf("export floor = %d, %d; want 2, %d", fn, fs, exported)
	}
}

// TestExportMark_FileCatchesUp: a crash between an export's commit and the
// file's rewrite is mended at the next start: the file gets the database's
// last export.
func TestExportMark_FileCatchesUp(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	_, err := f.db.db.ExecContext(ctx, `INSERT INTO exports (number, from_seq, to_seq, created_at, user_id, file_name, sha256, size, rows)
		VALUES (4, 0, 7, 'x', ?, 'f', 'abc', 10, 5)`, f.sup.UserID)
	must(t, err)
	markPath := filepath.Join(f.db.DataDir(), exportMarkFile)
	if _, err := os.Stat(markPath); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("exports.hwm exists before any export: %v", err)
	}
	path := f.db.Path()
	f.db.Close()
	mustOpenPath(t, path, f.clk)
	if m := readExportMark(markPath); m.seq != 7 || m.number != 4 {
		t.Fatalf("exports.hwm after start-up = %+v, want seq 7 export 4", m)
	}
}

// TestReadExportMark reads what the file may hold.
func TestReadExportMark(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		text string
		want exportMark
	}{
		{"", exportMark{}},
		{"# comment\nseq 12\nexport 3\n", exportMark{12, 3}},
		{"seq 12\r\nexport 3\r\n", exportMark{12, 3}},
		{"seq x\nexport -1\nnoise\nseq 5 6\n", exportMark{}},
		{"seq 4\nseq 9\nexport 2\n", exportMark{9, 2}},
	} {
		p := filepath.Join(dir, "m.hwm")
		must(t, os.WriteFile(p, []byte(tc.text), 0o600))
		if got := readExportMark(p); got != tc.want {
			t.Errorf("readExportMark(%q) = %+v, want %+v", tc.text, got, tc.want)
		}
	}
	if got := readExportMark(filepath.Join(dir, "missing")); got != (exportMark{}) {
		t.Errorf("missing file: %+v", got)
	}
}

// TestExportRestoredBeforeFirstExport: a backup from before export 1 of an
// upgraded station is restored (its rows have no change entries; export 1
// read them from the tables): the next export carries every row again, above
// the seq that left the station.
func TestExportRestoredBeforeFirstExport(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	c, _, _, _ := f.lend(t, "吴 恢复")
	undoExportMigration(t, f.db)
	path := f.db.Path()
	f.db.Close()
	db := mustOpenPath(t, path, f.clk)
	if _, n := changeOf(t, db, "customers", c.ID, ""); n != 0 {
		t.Fatalf("the customer has %d change entries after the upgrade", n)
	}
	top := topChange(t, db)
	db.Close()
	// As after a restore: export 1 (to seq top+40) left the station, the
	// database knows nothing of it.
	mark := top + 40
	must(t, os.WriteFile(filepath.Join(filepath.Dir(path), exportMarkFile), []byte(fmt.Sprintf("seq %d\nexport 1\n", mark)), 0o600))
	db = mustOpenPath(t, path, f.clk)
	hq, err := age.GenerateX25519Identity()
	must(t, err)
	must(t, db.SetHQRecipient(ctx, f.sup, hq.Recipient().String()))
	before := tableCounts(t, db)
	info, err := db.Export(ctx, f.sup, exportDir(t), nil)
	must(t, err)
	if info.Number != 2 || info.FromSeq != mark {
		t.Fatalf("export after the restore: %+v", info)
	}
	e := readExported(t, info.Path, stationPublicKey(t, db), hq)
	for _, tb := range ExportTables {
		if got := int64(len(e.live(tb.Name))); got != before[tb.Name] {
			t.Errorf("%s: %d rows in the export after the restore, %d in the table", tb.Name, got, before[tb.Name])
		}
	}
	if _, ok := e.find("customers", c.ID); !ok {
		t.Fatal("the restored customer is not sent again")
	}
	// Only once: a later start-up marks nothing more.
	db.Close()
	db = mustOpenPath(t, path, f.clk)
	_, err = db.Export(ctx, f.sup, exportDir(t), nil)
	assertErr(t, err, forms.ENOCHANGE, "没有新的变动")
}
