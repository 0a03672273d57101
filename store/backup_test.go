package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"counterdesk/forms"
)

var lendSeq atomic.Int64

// lendOnce creates a member, opens, fills and accepts a 借户籍卡 case: one
// receipt and one deposit. It returns errors instead of failing, so
// goroutines and the crash test's child can use it.
func lendOnce(ctx context.Context, db *DB, clerk forms.Actor) (*forms.Receipt, error) {
	n := lendSeq.Add(1)
	c := &forms.Customer{Name: "客户" + hanNumber(n), IDNumber: testID("510114", "19900101", int(n%1000)),
		Mobile: fmt.Sprintf("139%08d", n%100000000), Member: true,
		MemberSince: time.Date(2020, 7, 1, 0, 0, 0, 0, time.Local)}
	// testID keeps 3 digits of n; the birth date carries the rest.
	c.IDNumber = testID("510114", time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(n/1000)).Format("20060102"), int(n%1000))
	if err := db.CreateCustomer(ctx, clerk, c); err != nil {
		return nil, fmt.Errorf("create customer: %w", err)
	}
	cs, _, err := db.OpenCase(ctx, clerk, c.ID, "borrow_card")
	if err != nil {
		return nil, fmt.Errorf("open case: %w", err)
	}
	if _, err := db.SaveCase(ctx, clerk, cs.ID, map[string]string{"purpose": "passport"},
		map[string]forms.ItemState{"id_card": {Status: forms.ItemReceived, Originals: 1, Copies: 1}}); err != nil {
		return nil, fmt.Errorf("save case: %w", err)
	}
	_, r, _, err := db.AcceptCase(ctx, clerk, cs.ID, forms.Payment{Method: forms.PayCash}, time.Time{})
	if err != nil {
		return nil, fmt.Errorf("accept case: %w", err)
	}
	return r, nil
}

// seqsIn returns the receipt sequence numbers in a database file, in order.
// hanNumber writes n in Chinese digits: a name may not hold Arabic ones.
func hanNumber(n int64) string {
	const d = "零一二三四五六七八九"
	digits := []rune(d)
	var out []rune
	for _, c := range fmt.Sprint(n) {
		out = append(out, digits[c-'0'])
	}
	return string(out)
}

func seqsIn(tb testing.TB, path string) []int64 {
	tb.Helper()
	conn, err := sql.Open("sqlite", fileURI(path, "mode=ro"))
	must(tb, err)
	defer conn.Close()
	rows, err := conn.Query("SELECT seq FROM receipts WHERE legacy = 0 ORDER BY seq")
	must(tb, err)
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var s int64
		must(tb, rows.Scan(&s))
		out = append(out, s)
	}
	return out
}

func assertGapless(tb testing.TB, seqs []int64) {
	tb.Helper()
	for i, s := range seqs {
		if s != int64(i+1) {
			tb.Fatalf("receipt sequences are not 1..%d without gaps or duplicates: %v", len(seqs), seqs)
		}
	}
}

func TestBackup_WhileReceiptsAreIssued(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for range 3 {
		_, err := lendOnce(ctx, f.db, f.clerk)
		must(t, err)
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	errs := make(chan error, 4)
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := lendOnce(ctx, f.db, f.clerk); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	var infos []forms.BackupInfo
	for range 3 {
		time.Sleep(20 * time.Millisecond)
		info, err := f.db.Backup(ctx, f.sup, "manual")
		must(t, err)
		infos = append(infos, info)
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for _, info := range infos {
		must(t, checkCopy(ctx, info.Path))
		seqs := seqsIn(t, info.Path)
		if len(seqs) < 3 {
			t.Fatalf("backup %s has %d receipts", info.Path, len(seqs))
		}
		assertGapless(t, seqs)
		_, sum, err := fileSum(info.Path)
		must(t, err)
		if sum != info.SHA256 {
			t.Fatalf("checksum %s, recorded %s", sum, info.SHA256)
		}
		if !strings.HasPrefix(filepath.Base(info.Path), "counterdesk-QB01-") {
			t.Fatalf("backup name %s", info.Path)
		}
	}
	var n int
	must(t, f.db.db.QueryRow("SELECT count(*) FROM backups WHERE ok = 1").Scan(&n))
	if n != 3 {
		t.Fatalf("backups rows = %d, want 3", n)
	}
	// The note says why in Chinese (it said 备份（manual）); an older
	// entry's is read so on the audit screen.
	e := lastAudit(t, f.db, filepath.Base(infos[2].Path), ActBackup)
	if !strings.HasPrefix(e.Note, "备份（手动）已写入并检查通过：") {
		t.Errorf("backup note %q", e.Note)
	}
	old := *e
	old.Note = strings.Replace(e.Note, "（手动）", "（manual）", 1)
	names, err := f.db.AuditRecordNames(ctx, []forms.AuditEntry{old})
	must(t, err)
	if names.Notes[e.ID] != e.Note {
		t.Errorf("an older backup note reads %q, want %q", names.Notes[e.ID], e.Note)
	}
}

func TestBackup_Folder(t *testing.T) {
	ctx := context.Background()
	t.Run("Missing", func(t *testing.T) {
		f := newFixture(t)
		missing := filepath.Join(t.TempDir(), "U盘 未插", "备份")
		must(t, f.db.SetSetting(ctx, f.sup, forms.SettingBackupFolder, missing))
		hqIdentity(t, f)
		info, err := f.db.Backup(ctx, f.sup, "manual")
		must(t, err)
		if info.ExtraPath != "" || len(info.Warnings) != 1 || !strings.Contains(info.Warnings[0], "不存在") {
			t.Fatalf("info = %+v", info)
		}
		if _, err := os.Stat(info.Path); err != nil {
			t.Fatalf("local backup: %v", err)
		}
		st, err := f.db.BackupStatus(ctx)
		must(t, err)
		if st.FolderPresent || st.LastGood.IsZero() || len(st.Warnings) != 1 || !strings.Contains(st.Warnings[0], "找不到") {
			t.Fatalf("status = %+v", st)
		}
	})
	t.Run("Present", func(t *testing.T) {
		f := newFixture(t)
		dir := filepath.Join(t.TempDir(), "备份 盘")
		must(t, os.MkdirAll(dir, 0o700))
		must(t, f.db.SetSetting(ctx, f.sup, forms.SettingBackupFolder, dir))
		hqIdentity(t, f)
		info, err := f.db.Backup(ctx, f.sup, "manual")
		must(t, err)
		if !strings.HasSuffix(info.ExtraPath, ".db.age") || len(info.Warnings) != 0 {
			t.Fatalf("info = %+v", info)
		}
		_, sum, err := fileSum(info.ExtraPath)
		must(t, err)
		if sum != info.ExtraSHA256 {
			t.Fatal("extra copy's checksum differs")
		}
		st, err := f.db.BackupStatus(ctx)
		must(t, err)
		if !st.FolderPresent || len(st.Warnings) != 0 {
			t.Fatalf("status = %+v", st)
		}
	})
	t.Run("ErrRelative", func(t *testing.T) {
		f := newFixture(t)
		assertErr(t, f.db.SetSetting(ctx, f.sup, forms.SettingBackupFolder, "backups"), forms.EINVALID, "完整路径")
	})
	t.Run("ErrClerk", func(t *testing.T) {
		f := newFixture(t)
		_, err := f.db.Backup(ctx, f.clerk, "manual")
		assertErr(t, err, forms.EFORBIDDEN)
	})
}

func TestBackupIfDue(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	st, err := f.db.BackupStatus(ctx)
	must(t, err)
	if len(st.Warnings) != 1 || !strings.Contains(st.Warnings[0], "还没有") {
		t.Fatalf("status before any backup = %+v", st)
	}
	_, done, err := f.db.BackupIfDue(ctx)
	must(t, err)
	if !done {
		t.Fatal("first start of the day made no backup")
	}
	f.clk.Add(2 * time.Hour)
	if _, done, err = f.db.BackupIfDue(ctx); err != nil || done {
		t.Fatalf("second start of the day: done=%v err=%v", done, err)
	}
	f.clk.Add(26 * time.Hour)
	st, err = f.db.BackupStatus(ctx)
	must(t, err)
	if len(st.Warnings) != 1 || !strings.Contains(st.Warnings[0], "超过一天") {
		t.Fatalf("status a day later = %+v", st)
	}
	if _, done, err = f.db.BackupIfDue(ctx); err != nil || !done {
		t.Fatalf("next day: done=%v err=%v", done, err)
	}
}

func TestPruneBackups(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.Local)
	write := func(name string) {
		must(t, os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o600))
	}
	var names []string
	for i := range 12 { // every 5 days: 0, 5, … 55 days old
		n := fmt.Sprintf("counterdesk-QB01-%s.db", now.AddDate(0, 0, -5*i).Format(backupStamp))
		names = append(names, n)
		write(n)
	}
	others := []string{"counterdesk.db", "notes-20200101-000000.db", "counterdesk-QB01-20200101-000000.db.txt", "我的备份.db"}
	for _, n := range others {
		write(n)
	}
	old := "counterdesk-before-v2-20200101-000000.db"
	write(old)

	deleted, err := pruneBackups(dir, now, 30)
	must(t, err)
	// Newest 7 are 0…30 days old; of the rest, 35…55 days are older than 30.
	want := append([]string{}, names[7:]...)
	want = append(want, old)
	if len(deleted) != len(want) {
		t.Fatalf("deleted %v, want %v", deleted, want)
	}
	for _, n := range names[:7] {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Fatalf("kept file %s: %v", n, err)
		}
	}
	for _, n := range others {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Fatalf("a file not ours was touched: %s", n)
		}
	}
	// With 1 day, the newest 7 are still kept.
	deleted, err = pruneBackups(dir, now, 1)
	must(t, err)
	if len(deleted) != 0 {
		t.Fatalf("deleted %v from the newest 7", deleted)
	}
}

func TestBackup_BeforeMigration(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	_, err := lendOnce(ctx, f.db, f.clerk)
	must(t, err)
	// Make the database look as it did before 0002.
	undoExportMigration(t, f.db)
	_, err = f.db.db.Exec("DROP TABLE day_checks; DROP TABLE station_prints; DROP INDEX receipts_voided_at; DROP INDEX deposits_taken; DROP INDEX deposits_closed; DROP INDEX receipt_skips_at; " +
		"DROP TRIGGER cases_promised_due_insert; DROP TRIGGER cases_promised_due_update; DROP INDEX cases_promised_due; DROP INDEX customers_talent_due; DROP INDEX customers_archive_due; DROP INDEX customers_child_birth; DROP INDEX cases_customer_service; DROP TRIGGER customers_talent_tally_insert; DROP TRIGGER customers_talent_tally_delete; DROP TRIGGER customers_talent_tally_update; DROP TABLE talent_paid_tally; DROP INDEX customers_member_since; DROP INDEX deposits_held_return; ALTER TABLE cases DROP COLUMN promised_due; " +
		"DROP TRIGGER audit_log_chain_insert; DROP TRIGGER receipts_no_delete; DROP TRIGGER receipts_only_void; " + // 0017
		"DROP TABLE renewals; DROP TABLE loss_declarations; DROP TABLE holiday_calendars; DROP TABLE membership_events; ALTER TABLE customers DROP COLUMN archive_until; DROP TABLE backups; DROP INDEX case_prints_document; ALTER TABLE station DROP COLUMN phone; DELETE FROM schema_migrations WHERE version >= 2; PRAGMA user_version = 1")
	must(t, err)
	path := f.db.Path()
	f.db.Close()
	db := mustOpenPath(t, path, f.clk)
	matches, _ := filepath.Glob(filepath.Join(db.DataDir(), BackupDirName, "counterdesk-before-v2-*.db"))
	if len(matches) != 1 {
		t.Fatalf("backups before migration: %v", matches)
	}
	must(t, checkCopy(ctx, matches[0]))
	if seqs := seqsIn(t, matches[0]); len(seqs) != 1 {
		t.Fatalf("pre-migration backup receipts: %v", seqs)
	}
	// A new database gets no backup: nothing to lose.
	fresh := mustOpenDB(t)
	if m, _ := filepath.Glob(filepath.Join(fresh.DataDir(), BackupDirName, "*")); len(m) != 0 {
		t.Fatalf("new database backed up: %v", m)
	}
}
