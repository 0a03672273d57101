package store

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"counterdesk/forms"

	"filippo.io/age"
)

// exportRig is a set-up station with head office's recipient set, and the
// identity head office decrypts with.
type exportRig struct {
	*fixture
	id  *age.X25519Identity
	pub ed25519.PublicKey
}

func newExportRig(t *testing.T) *exportRig {
	t.Helper()
	f := newFixture(t)
	id, err := age.GenerateX25519Identity()
	must(t, err)
	r := &exportRig{fixture: f, id: id}
	r.setRecipient(t, id.Recipient().String())
	r.pub = stationPublicKey(t, f.db)
	return r
}

// setRecipient stores head office's recipient as the settings screen does.
func (r *exportRig) setRecipient(t *testing.T, v string) {
	t.Helper()
	must(t, r.db.SetHQRecipient(context.Background(), r.sup, v))
}

// stationPublicKey returns the station's signing key.
func stationPublicKey(t *testing.T, db *DB) ed25519.PublicKey {
	t.Helper()
	tx, err := db.beginRead(context.Background())
	must(t, err)
	defer tx.Rollback()
	pub, _, err := currentStationKey(context.Background(), tx)
	must(t, err)
	return pub
}

// exportDir is a folder standing for the USB stick, with a space and
// Chinese characters in its path.
func exportDir(t *testing.T) string {
	t.Helper()
	d := filepath.Join(t.TempDir(), "U盘 KINGSTON", "导出 总部")
	must(t, os.MkdirAll(d, 0o755))
	return d
}

// exported is a decrypted export file.
type exported struct {
	h       ExportHeader
	columns map[string][]string
	rows    map[string][]ExportRow
	m       ExportManifest
}

// live returns the rows of table that are not deletions.
func (e *exported) live(table string) []ExportRow {
	var out []ExportRow
	for _, r := range e.rows[table] {
		if !r.Deleted {
			out = append(out, r)
		}
	}
	return out
}

// value returns a row's value of column.
func (e *exported) value(table string, r ExportRow, column string) any {
	for i, c := range e.columns[table] {
		if c == column {
			return r.Values[i]
		}
	}
	return nil
}

// find returns the row of table whose first key is k.
func (e *exported) find(table string, k any) (ExportRow, bool) {
	for _, r := range e.rows[table] {
		if fmt.Sprint(r.Key[0]) == fmt.Sprint(k) {
			return r, true
		}
	}
	return ExportRow{}, false
}

// readExported opens an export file with head office's identity and reads
// everything in it.
func readExported(t *testing.T, path string, pub ed25519.PublicKey, id age.Identity) *exported {
	t.Helper()
	f, err := os.Open(path)
	must(t, err)
	defer f.Close()
	fi, err := f.Stat()
	must(t, err)
	r, err := OpenExport(f, fi.Size(), pub, id)
	must(t, err)
	e := &exported{h: r.Header(), columns: map[string][]string{}, rows: map[string][]ExportRow{}}
	for {
		table, cols, ok, err := r.NextTable()
		must(t, err)
		if !ok {
			break
		}
		e.columns[table] = cols
		e.rows[table] = []ExportRow{}
		for {
			row, ok, err := r.NextRow()
			must(t, err)
			if !ok {
				break
			}
			e.rows[table] = append(e.rows[table], row)
		}
	}
	e.m, err = r.Manifest()
	must(t, err)
	return e
}

// tableCounts counts the rows of every exported table.
func tableCounts(t *testing.T, db *DB) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, tb := range ExportTables {
		var n int64
		must(t, db.db.QueryRow("SELECT count(*) FROM "+quoteIdent(tb.Name)).Scan(&n))
		out[tb.Name] = n
	}
	return out
}

// exportRows counts the rows recorded in the exports table.
func exportRows(t *testing.T, db *DB) int {
	t.Helper()
	var n int
	must(t, db.db.QueryRow("SELECT count(*) FROM exports").Scan(&n))
	return n
}

// filesIn lists the names in dir ("" for a missing dir).
func filesIn(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil
	}
	must(t, err)
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// someBusiness records a little of everything: a lent card (customer,
// case, receipt, deposit), a fee case and a setting.
func (r *exportRig) someBusiness(t *testing.T) {
	t.Helper()
	r.lend(t, "王小明")
	r.lend(t, "李 娜")
	must(t, r.db.SetSetting(context.Background(), r.sup, forms.SettingPrinter, "HP LaserJet"))
}

func TestExportFirstCarriesEveryRow(t *testing.T) {
	r := newExportRig(t)
	ctx := context.Background()
	r.someBusiness(t)
	before := tableCounts(t, r.db)
	dir := exportDir(t)
	var calls int
	var lastDone, lastTotal int64
	info, err := r.db.Export(ctx, r.sup, dir, func(done, total int64) {
		calls++
		if done < lastDone || done > total {
			t.Errorf("progress went from %d to %d of %d", lastDone, done, total)
		}
		lastDone, lastTotal = done, total
	})
	must(t, err)
	if info.Number != 1 || info.FromSeq != 0 || info.FileName != "QB01-export-000001.cdx" || info.User != supName {
		t.Fatalf("info = %+v", info)
	}
	if info.Path != filepath.Join(dir, info.FileName) {
		t.Fatalf("path %q, want in %q", info.Path, dir)
	}
	if calls < 2 || lastDone != lastTotal || lastTotal != info.Rows {
		t.Fatalf("progress: %d calls, last %d of %d; rows %d", calls, lastDone, lastTotal, info.Rows)
	}
	if got := filesIn(t, dir); len(got) != 1 || got[0] != info.FileName {
		t.Fatalf("files in the export folder: %v", got)
	}
	e := readExported(t, info.Path, r.pub, r.id)
	if e.h.Branch != "QB" || e.h.Station != 1 || e.h.Number != 1 || e.h.ToSeq != info.ToSeq || e.h.Training ||
		e.h.Schema != len(migrationFiles()) || e.h.Program == "" {
		t.Fatalf("header = %+v", e.h)
	}
	var total int64
	for _, tb := range ExportTables {
		if n := int64(len(e.rows[tb.Name])); n != before[tb.Name] {
			t.Errorf("export 1 carries %d rows of %s, the table has %d", n, tb.Name, before[tb.Name])
		}
		if len(e.rows[tb.Name]) != len(e.live(tb.Name)) {
			t.Errorf("export 1 has deletions in %s", tb.Name)
		}
		if before[tb.Name] > 0 && strings.Join(e.columns[tb.Name], ",") != strings.Join(tb.ColumnNames(), ",") {
			t.Errorf("columns of %s = %v", tb.Name, e.columns[tb.Name])
		}
		if info.Counts[tb.Name] != before[tb.Name] {
			t.Errorf("info.Counts[%s] = %d, want %d", tb.Name, info.Counts[tb.Name], before[tb.Name])
		}
		total += before[tb.Name]
	}
	if info.Rows != total || e.m.Rows() != total {
		t.Fatalf("rows: info %d, manifest %d, tables %d", info.Rows, e.m.Rows(), total)
	}
	if before["customers"] != 2 || before["receipts"] != 2 || before["deposits"] != 2 || before["users"] != 2 {
		t.Fatalf("the business was not recorded: %v", before)
	}
	// One customer's values as they are in the table.
	var id, idNumber string
	must(t, r.db.db.QueryRow("SELECT id, id_number FROM customers WHERE name = '王小明'").Scan(&id, &idNumber))
	row, ok := e.find("customers", id)
	if !ok || e.value("customers", row, "id_number") != idNumber || e.value("customers", row, "name") != "王小明" {
		t.Fatalf("customer %s in the export: %+v", id, row)
	}

	// No secret anywhere.
	var secrets []string
	rows, err := r.db.db.Query("SELECT password_hash FROM users UNION ALL SELECT recovery_hash FROM station")
	must(t, err)
	for rows.Next() {
		var s string
		must(t, rows.Scan(&s))
		secrets = append(secrets, s)
	}
	rows.Close()
	if len(secrets) != 3 {
		t.Fatalf("secrets: %d", len(secrets))
	}
	secrets = append(secrets, "$argon2", "$2a$", "$2b$")
	for table, rs := range e.rows {
		for _, c := range e.columns[table] {
			if c == "password_hash" || c == "recovery_hash" {
				t.Errorf("%s.%s is exported", table, c)
			}
		}
		for _, row := range rs {
			for _, v := range row.Values {
				var s string
				switch v := v.(type) {
				case string:
					s = v
				case []byte:
					s = string(v)
				default:
					continue
				}
				for _, sec := range secrets {
					if strings.Contains(s, sec) {
						t.Fatalf("%s row %v holds the secret %q", table, row.Key, sec)
					}
				}
			}
		}
	}
	raw, err := os.ReadFile(info.Path)
	must(t, err)
	if bytes.Contains(raw, []byte(idNumber)) || bytes.Contains(raw, []byte("王小明")) {
		t.Fatal("the file holds a customer in clear text")
	}

	// Kept, recorded, audited.
	kept, err := os.ReadFile(filepath.Join(r.db.DataDir(), ExportDirName, info.FileName))
	must(t, err)
	if !bytes.Equal(kept, raw) {
		t.Fatal("the kept copy differs from the file written")
	}
	list, err := r.db.Exports(ctx)
	must(t, err)
	if len(list) != 1 || list[0].Number != 1 || list[0].SHA256 != info.SHA256 || list[0].Size != int64(len(raw)) ||
		list[0].Rows != info.Rows || list[0].Counts["customers"] != 2 || list[0].User != supName ||
		list[0].Path != filepath.Join(r.db.DataDir(), ExportDirName, info.FileName) {
		t.Fatalf("Exports = %+v", list)
	}
	a := lastAudit(t, r.db, "1", ActExportMake)
	if !strings.Contains(a.Note, "第1号导出") || !strings.Contains(a.Note, fmt.Sprintf("共 %d 行", info.Rows)) ||
		!strings.Contains(a.Note, fmt.Sprintf("1–%d", info.ToSeq)) {
		t.Fatalf("audit note %q", a.Note)
	}
	if m := readExportMark(r.db.exportMarkPath()); m.number != 1 || m.seq != info.ToSeq {
		t.Fatalf("exports.hwm = %+v", m)
	}
}

func TestExportSecondCarriesOnlyTheChanges(t *testing.T) {
	r := newExportRig(t)
	ctx := context.Background()
	cust, _, rec, _ := r.lend(t, "王小明")
	other := r.member(t, "赵 六")
	must(t, r.db.SetSetting(ctx, r.sup, forms.SettingPrinter, "HP LaserJet"))
	first, err := r.db.Export(ctx, r.sup, exportDir(t), nil)
	must(t, err)

	r.clk.Add(time.Hour)
	cust.Mobile = "13912345678"
	must(t, r.db.UpdateCustomer(ctx, r.clerk, cust))
	c, _, err := r.db.OpenCase(ctx, r.clerk, other.ID, "certificate")
	must(t, err)
	must(t, r.db.VoidReceipt(ctx, r.sup, rec.ID, "金额开错"))
	// The store deletes no exported row; a deletion made in SQL is sent
	// as one: a one-column key and a two-column key.
	_, err = r.db.db.Exec("DELETE FROM settings WHERE key = ?", forms.SettingPrinter)
	must(t, err)
	var station string
	var year int64
	must(t, r.db.db.QueryRow("SELECT station_code, year FROM receipt_counters").Scan(&station, &year))
	_, err = r.db.db.Exec("DELETE FROM receipt_counters WHERE station_code = ? AND year = ?", station, year)
	must(t, err)

	second, err := r.db.Export(ctx, r.sup, exportDir(t), nil)
	must(t, err)
	if second.Number != 2 || second.FromSeq != first.ToSeq || second.ToSeq <= first.ToSeq {
		t.Fatalf("second = %+v (first %+v)", second, first)
	}
	e := readExported(t, second.Path, r.pub, r.id)
	if len(e.live("customers")) != 1 || len(e.rows["customers"]) != 1 {
		t.Fatalf("customers in export 2: %+v", e.rows["customers"])
	}
	if row, _ := e.find("customers", cust.ID); e.value("customers", row, "mobile") != "13912345678" {
		t.Fatalf("edited customer: %+v", row)
	}
	if row, ok := e.find("cases", c.ID); !ok || len(e.rows["cases"]) != 2 || row.Deleted {
		// The new case, and the lent card's case the void sent back.
		t.Fatalf("cases in export 2: %+v", e.rows["cases"])
	}
	if row, ok := e.find("receipts", rec.ID); !ok || e.value("receipts", row, "voided") != int64(1) ||
		e.value("receipts", row, "void_reason") != "金额开错" {
		t.Fatalf("voided receipt: %+v", row)
	}
	if row, ok := e.find("settings", forms.SettingPrinter); !ok || !row.Deleted || row.Values != nil {
		t.Fatalf("deleted setting: %+v", e.rows["settings"])
	}
	if rs := e.rows["receipt_counters"]; len(rs) != 1 || !rs[0].Deleted || len(rs[0].Key) != 2 ||
		rs[0].Key[0] != station || rs[0].Key[1] != year {
		t.Fatalf("deleted receipt counter: %+v", rs)
	}
	for _, tb := range []string{"users", "services", "station"} {
		if len(e.rows[tb]) != 0 {
			t.Errorf("export 2 carries unchanged %s: %d rows", tb, len(e.rows[tb]))
		}
	}
	// The first export's own audit entry rides along with the second.
	var actions []string
	for _, row := range e.live("audit_log") {
		actions = append(actions, fmt.Sprint(e.value("audit_log", row, "action")))
	}
	joined := strings.Join(actions, " ")
	for _, want := range []string{ActExportMake, ActCustomerUpdate, ActCaseOpen, ActReceiptVoid} {
		if !strings.Contains(joined, want) {
			t.Errorf("export 2's audit entries %v lack %s", actions, want)
		}
	}
	for _, row := range e.rows["audit_log"] {
		if row.Seq <= first.ToSeq {
			t.Fatalf("row of seq %d was in export 1", row.Seq)
		}
	}
}

func TestExportNumbersAndNothingNew(t *testing.T) {
	r := newExportRig(t)
	ctx := context.Background()
	st, err := r.db.ExportStatus(ctx)
	must(t, err)
	if st.Pending == 0 || !st.First || st.Last.Number != 0 || st.RecipientFingerprint == "" || st.KeyFingerprint == "" {
		t.Fatalf("status before any export: %+v", st)
	}
	if st.RecipientFingerprint != RecipientFingerprint(r.id.Recipient().String()) || st.KeyFingerprint != KeyFingerprint(r.pub) {
		t.Fatalf("fingerprints: %+v", st)
	}
	for n := int64(1); n <= 3; n++ {
		r.member(t, "客户"+string([]rune("甲乙丙")[n-1]))
		info, err := r.db.Export(ctx, r.sup, exportDir(t), nil)
		must(t, err)
		if info.Number != n || info.FileName != fmt.Sprintf("QB01-export-%06d.cdx", n) {
			t.Fatalf("export %d: %+v", n, info)
		}
	}
	st, err = r.db.ExportStatus(ctx)
	must(t, err)
	if st.Pending != 0 || st.First || st.Last.Number != 3 {
		t.Fatalf("status after export 3: %+v", st)
	}
	audits := auditCount(t, r.db)
	dir := exportDir(t)
	_, err = r.db.Export(ctx, r.sup, dir, nil)
	assertErr(t, err, forms.ENOCHANGE, "自第3号导出以来没有新的变动")
	if !forms.IsNothingToExport(err) {
		t.Fatal("IsNothingToExport is false")
	}
	if exportRows(t, r.db) != 3 || len(filesIn(t, dir)) != 0 || auditCount(t, r.db) != audits {
		t.Fatal("the refused export changed something")
	}
	list, err := r.db.Exports(ctx)
	must(t, err)
	if len(list) != 3 || list[0].Number != 3 || list[2].Number != 1 || list[1].FromSeq != list[2].ToSeq {
		t.Fatalf("Exports = %+v", list)
	}
	// One more change: pending again.
	r.member(t, "客户丁")
	st, err = r.db.ExportStatus(ctx)
	must(t, err)
	if st.Pending == 0 {
		t.Fatalf("status after a change: %+v", st)
	}
}

func TestExportRefusals(t *testing.T) {
	ctx := context.Background()
	unchanged := func(t *testing.T, r *exportRig, dir string, audits int) {
		t.Helper()
		if exportRows(t, r.db) != 0 || len(filesIn(t, dir)) != 0 ||
			len(filesIn(t, filepath.Join(r.db.DataDir(), ExportDirName))) != 0 || auditCount(t, r.db) != audits {
			t.Fatal("the refused export changed something")
		}
	}
	t.Run("Clerk", func(t *testing.T) {
		r := newExportRig(t)
		dir, audits := exportDir(t), auditCount(t, r.db)
		_, err := r.db.Export(ctx, r.clerk, dir, nil)
		assertErr(t, err, forms.EFORBIDDEN, msgNeedSupervisor)
		unchanged(t, r, dir, audits)
		_, err = r.db.Export(ctx, forms.Actor{UserID: r.clerk.UserID, ApproverName: supName, ApproverPassword: "wrong"}, dir, nil)
		assertErr(t, err, forms.EFORBIDDEN, "主管姓名或密码不正确")
		unchanged(t, r, dir, audits)
		// Approved on the clerk's screen: the supervisor answers for it.
		info, err := r.db.Export(ctx, r.approved(), dir, nil)
		must(t, err)
		if info.User != supName {
			t.Fatalf("user %q", info.User)
		}
	})
	t.Run("NoRecipient", func(t *testing.T) {
		r := newExportRig(t)
		_, err := r.db.db.Exec("DELETE FROM settings WHERE key = ?", forms.SettingHQRecipient)
		must(t, err)
		dir, audits := exportDir(t), auditCount(t, r.db)
		_, err = r.db.Export(ctx, r.sup, dir, nil)
		assertErr(t, err, forms.ECONFLICT, "尚未设置总部公钥", "设置 → 总部公钥", "counterdesk hq-key")
		unchanged(t, r, dir, audits)
		st, err := r.db.ExportStatus(ctx)
		must(t, err)
		if st.RecipientFingerprint != "" {
			t.Fatalf("status: %+v", st)
		}
	})
	t.Run("MissingFolder", func(t *testing.T) {
		r := newExportRig(t)
		dir, audits := filepath.Join(t.TempDir(), "已拔出的 U盘"), auditCount(t, r.db)
		_, err := r.db.Export(ctx, r.sup, dir, nil)
		assertErr(t, err, forms.EINVALID, "找不到导出文件夹", "U盘可能没有插上")
		unchanged(t, r, dir, audits)
		_, err = r.db.Export(ctx, r.sup, "", nil)
		assertErr(t, err, forms.EINVALID, "请选择导出到哪个U盘或文件夹")
	})
	t.Run("ReadOnlyFolder", func(t *testing.T) {
		if os.Getuid() == 0 {
			t.Skip("root writes into read-only folders")
		}
		r := newExportRig(t)
		dir, audits := exportDir(t), auditCount(t, r.db)
		must(t, os.Chmod(dir, 0o555))
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		_, err := r.db.Export(ctx, r.sup, dir, nil)
		assertErr(t, err, forms.EINVALID, "无法在文件夹", "写保护")
		unchanged(t, r, dir, audits)
	})
}

func TestRewriteExport(t *testing.T) {
	r := newExportRig(t)
	ctx := context.Background()
	r.someBusiness(t)
	first, err := r.db.Export(ctx, r.sup, exportDir(t), nil)
	must(t, err)
	r.member(t, "赵 六")
	_, err = r.db.Export(ctx, r.sup, exportDir(t), nil)
	must(t, err)
	orig, err := os.ReadFile(first.Path)
	must(t, err)

	dir := exportDir(t)
	again, err := r.db.RewriteExport(ctx, r.sup, 1, dir)
	must(t, err)
	got, err := os.ReadFile(again.Path)
	must(t, err)
	if !bytes.Equal(got, orig) || again.Path != filepath.Join(dir, first.FileName) || again.Number != 1 || again.SHA256 != first.SHA256 {
		t.Fatalf("rewrite of export 1: %+v, %d bytes (want %d, byte-identical)", again, len(got), len(orig))
	}
	if fs := filesIn(t, dir); len(fs) != 1 {
		t.Fatalf("files: %v", fs)
	}
	if a := lastAudit(t, r.db, "1", ActExportRewrite); !strings.Contains(a.Note, "重新写出第1号导出") {
		t.Fatalf("audit %q", a.Note)
	}
	// Rewriting is not a change worth exporting.
	st, err := r.db.ExportStatus(ctx)
	must(t, err)
	if st.Pending != 0 {
		t.Fatalf("pending after a rewrite: %d", st.Pending)
	}

	t.Run("Refusals", func(t *testing.T) {
		dir := exportDir(t)
		audits := auditCount(t, r.db)
		_, err := r.db.RewriteExport(ctx, r.clerk, 1, dir)
		assertErr(t, err, forms.EFORBIDDEN, msgNeedSupervisor)
		_, err = r.db.RewriteExport(ctx, r.sup, 9, dir)
		assertErr(t, err, forms.ENOTFOUND, "没有第9号导出")
		_, err = r.db.RewriteExport(ctx, r.sup, 1, filepath.Join(dir, "没有"))
		assertErr(t, err, forms.EINVALID, "找不到导出文件夹")
		if len(filesIn(t, dir)) != 0 || auditCount(t, r.db) != audits {
			t.Fatal("a refused rewrite changed something")
		}
	})

	t.Run("KeptCopyAltered", func(t *testing.T) {
		kept := filepath.Join(r.db.DataDir(), ExportDirName, first.FileName)
		data, err := os.ReadFile(kept)
		must(t, err)
		data[len(data)/2] ^= 1
		must(t, os.WriteFile(kept, data, 0o600))
		dir := exportDir(t)
		_, err = r.db.RewriteExport(ctx, r.sup, 1, dir)
		assertErr(t, err, forms.ECONFLICT, "第1号导出文件", "缺失或被改动", "下一次新的导出")
		if fs := filesIn(t, dir); len(fs) != 0 {
			t.Fatalf("files written: %v", fs)
		}
		// As the message says: the next export carries export 1's rows
		// (those not changed since) again.
		st, err := r.db.ExportStatus(ctx)
		must(t, err)
		if st.Pending == 0 {
			t.Fatal("nothing pending after the refused rewrite")
		}
		next, err := r.db.Export(ctx, r.sup, exportDir(t), nil)
		must(t, err)
		e := readExported(t, next.Path, r.pub, r.id)
		if len(e.live("station")) != 1 || len(e.live("services")) != len(testCatalogue().Services) ||
			len(e.live("deposits")) != 2 {
			t.Fatalf("export %d after the lost kept copy: %v", next.Number, next.Counts)
		}
		if next.Number != 3 {
			t.Fatalf("number %d", next.Number)
		}
	})
	t.Run("KeptCopyMissing", func(t *testing.T) {
		kept := filepath.Join(r.db.DataDir(), ExportDirName, "QB01-export-000002.cdx")
		must(t, os.Remove(kept))
		dir := exportDir(t)
		_, err := r.db.RewriteExport(ctx, r.sup, 2, dir)
		assertErr(t, err, forms.ECONFLICT, "第2号导出文件", "缺失或被改动")
		if fs := filesIn(t, dir); len(fs) != 0 {
			t.Fatalf("files written: %v", fs)
		}
	})
}

// TestExportHeaderTrainingAndProgram: a training station's export says so
// in its header, and the header names the program's version.
func TestExportHeaderTrainingAndProgram(t *testing.T) {
	r := newExportRig(t)
	ctx := context.Background()
	_, err := r.db.db.Exec("INSERT INTO settings (key, value, updated_at) VALUES (?, 'yes', ?)", settingTraining, ts(testStart))
	must(t, err)
	orig := ProgramVersion
	ProgramVersion = "1.4.2"
	t.Cleanup(func() { ProgramVersion = orig })
	info, err := r.db.Export(ctx, r.sup, exportDir(t), nil)
	must(t, err)
	e := readExported(t, info.Path, r.pub, r.id)
	if !e.h.Training || e.h.Program != "1.4.2" || e.m.Program != "1.4.2" || !e.m.Training {
		t.Fatalf("header %+v", e.h)
	}
	ProgramVersion = ""
	if v := programVersion(); v == "" || v == "(devel)" {
		t.Fatalf("programVersion() = %q", v)
	}
}

// TestExportAfterRestore: the database lost exports 2–4 (a restored
// backup) but exports.hwm kept them: the next export is number 5, its
// range starts where export 4 ended, and it carries what the restored
// database had not exported.
func TestExportAfterRestore(t *testing.T) {
	r := newExportRig(t)
	ctx := context.Background()
	earlier := r.member(t, "钱 一")
	first, err := r.db.Export(ctx, r.sup, exportDir(t), nil)
	must(t, err)
	later := r.member(t, "赵 六")
	path := r.db.Path()
	must(t, r.db.Close())
	mark := first.ToSeq + 50
	must(t, os.WriteFile(filepath.Join(filepath.Dir(path), exportMarkFile), []byte(fmt.Sprintf("seq %d\nexport 4\n", mark)), 0o600))
	r.db = mustOpenPath(t, path, r.clk)

	st, err := r.db.ExportStatus(ctx)
	must(t, err)
	if st.Pending == 0 {
		t.Fatal("nothing pending after the restore")
	}
	info, err := r.db.Export(ctx, r.sup, exportDir(t), nil)
	must(t, err)
	if info.Number != 5 || info.FromSeq != mark || info.ToSeq <= mark || info.FileName != "QB01-export-000005.cdx" {
		t.Fatalf("export after the restore: %+v", info)
	}
	// The restored state goes out whole (trial 15b, D3): every customer,
	// the later one included, with seqs above what head office has.
	e := readExported(t, info.Path, r.pub, r.id)
	var customers int
	must(t, r.db.db.QueryRow("SELECT count(*) FROM customers").Scan(&customers))
	_, hasEarlier := e.find("customers", earlier.ID)
	if _, ok := e.find("customers", later.ID); !ok || !hasEarlier || len(e.rows["customers"]) != customers {
		t.Fatalf("customers: %d exported of %d: %+v", len(e.rows["customers"]), customers, e.rows["customers"])
	}
	for _, row := range e.rows["customers"] {
		if row.Seq <= mark {
			t.Fatalf("customer row of seq %d, not above the mark %d", row.Seq, mark)
		}
	}
	_, err = r.db.Export(ctx, r.sup, exportDir(t), nil)
	assertErr(t, err, forms.ENOCHANGE, "自第5号导出以来没有新的变动")
	// Opening again does not mark everything a second time.
	must(t, r.db.Close())
	r.db = mustOpenPath(t, path, r.clk)
	_, err = r.db.Export(ctx, r.sup, exportDir(t), nil)
	assertErr(t, err, forms.ENOCHANGE, "自第5号导出以来没有新的变动")
}

// TestExportCleansItsTemporaryFiles: what a killed export of this station
// left on the stick and in the kept folder goes; another station's stays.
func TestExportCleansItsTemporaryFiles(t *testing.T) {
	r := newExportRig(t)
	dir := exportDir(t)
	kept := filepath.Join(r.db.DataDir(), ExportDirName)
	must(t, os.MkdirAll(kept, 0o700))
	for _, p := range []string{filepath.Join(dir, ".QB01-export-000007.cdx.tmp"), filepath.Join(kept, ".QB01-export-000001.cdx.tmp"),
		filepath.Join(dir, ".AB02-export-000001.cdx.tmp"), filepath.Join(dir, "notes.txt")} {
		must(t, os.WriteFile(p, []byte("half"), 0o600))
	}
	info, err := r.db.Export(context.Background(), r.sup, dir, nil)
	must(t, err)
	if got, want := strings.Join(filesIn(t, dir), " "), ".AB02-export-000001.cdx.tmp QB01-export-000001.cdx notes.txt"; got != want {
		t.Fatalf("export folder: %s, want %s", got, want)
	}
	if got := filesIn(t, kept); len(got) != 1 || got[0] != info.FileName {
		t.Fatalf("kept folder: %v", got)
	}
}

// TestExportDoesNotBlockTheCounter: while an export writes its file (held
// in its progress callback), a clerk saves a customer on the same station:
// the save succeeds at once (the export holds no write lock), the export
// does not carry it (its snapshot was taken before), and the next export
// does.
func TestExportDoesNotBlockTheCounter(t *testing.T) {
	for _, first := range []bool{true, false} {
		t.Run(fmt.Sprintf("first=%v", first), func(t *testing.T) {
			r := newExportRig(t)
			ctx := context.Background()
			r.someBusiness(t)
			if !first {
				_, err := r.db.Export(ctx, r.sup, exportDir(t), nil)
				must(t, err)
				r.member(t, "钱 七")
			}
			idSeq++
			c := &forms.Customer{Name: "孙 导出中", IDNumber: testID("510113", "19920315", idSeq),
				Mobile: fmt.Sprintf("1380000%04d", idSeq)}
			saved := make(chan error, 1)
			var took time.Duration
			var once sync.Once
			info, err := r.db.Export(ctx, r.sup, exportDir(t), func(done, total int64) {
				if done == 0 {
					return
				}
				once.Do(func() {
					go func() {
						start := time.Now()
						err := r.db.CreateCustomer(context.Background(), r.clerk, c)
						took = time.Since(start)
						saved <- err
					}()
					select {
					case err := <-saved:
						saved <- err
					case <-time.After(3 * time.Second):
						t.Error("the save waited more than 3 s for the export")
					}
				})
			})
			must(t, err)
			select {
			case err := <-saved:
				must(t, err)
			default:
				t.Fatal("the save did not finish during the export")
			}
			if took > time.Second {
				t.Fatalf("the save during the export took %s", took)
			}
			e := readExported(t, info.Path, r.pub, r.id)
			if _, ok := e.find("customers", c.ID); ok {
				t.Fatal("the customer saved during the export is in it (after its snapshot)")
			}
			next, err := r.db.Export(ctx, r.sup, exportDir(t), nil)
			must(t, err)
			e = readExported(t, next.Path, r.pub, r.id)
			row, ok := e.find("customers", c.ID)
			if !ok || row.Seq <= info.ToSeq || e.value("customers", row, "name") != "孙 导出中" {
				t.Fatalf("the next export (%d) lacks the customer saved during export %d: %+v %v", next.Number, info.Number, row, ok)
			}
		})
	}
}

// TestExportRecordedMeanwhile: another process recorded an export while
// this one wrote its file (same number): this one is refused, its files
// removed, and nothing of it recorded.
func TestExportRecordedMeanwhile(t *testing.T) {
	r := newExportRig(t)
	ctx := context.Background()
	r.someBusiness(t)
	dir := exportDir(t)
	var once sync.Once
	_, err := r.db.Export(ctx, r.sup, dir, func(done, total int64) {
		once.Do(func() {
			_, err := r.db.db.Exec(`INSERT INTO exports (number, from_seq, to_seq, created_at, user_id, file_name, sha256, size, rows)
				VALUES (1, 0, 1, 'x', ?, 'QB01-export-000001.cdx', 'abc', 10, 5)`, r.sup.UserID)
			if err != nil {
				t.Error(err)
			}
		})
	})
	assertErr(t, err, forms.ECONFLICT, "另有一次导出已经完成", "请重新导出")
	if fs := filesIn(t, dir); len(fs) != 0 {
		t.Fatalf("files left on the stick: %v", fs)
	}
	if fs := filesIn(t, filepath.Join(r.db.DataDir(), ExportDirName)); len(fs) != 0 {
		t.Fatalf("files left in the kept folder: %v", fs)
	}
	var n int
	must(t, r.db.db.QueryRow("SELECT count(*) FROM audit_log WHERE action = ?", ActExportMake).Scan(&n))
	if n != 0 || exportRows(t, r.db) != 1 {
		t.Fatalf("%d export audits, %d exports rows", n, exportRows(t, r.db))
	}
}

// TestRewriteExportAfterRestore: export 2 was made after the backup the
// database is restored from, so the database does not record it; its kept
// copy is still in the data folder and is written again byte for byte
// (trial 15b, D5). A kept file of another station under this name is not.
func TestRewriteExportAfterRestore(t *testing.T) {
	r := newExportRig(t)
	ctx := context.Background()
	r.member(t, "钱 一")
	_, err := r.db.Export(ctx, r.sup, exportDir(t), nil)
	must(t, err)
	path := r.db.Path()
	must(t, r.db.Close())
	backup, err := os.ReadFile(path)
	must(t, err)
	r.db = mustOpenPath(t, path, r.clk)
	r.member(t, "赵 六")
	second, err := r.db.Export(ctx, r.sup, exportDir(t), nil)
	must(t, err)
	must(t, r.db.Close())
	must(t, os.WriteFile(path, backup, 0o600)) // the restore
	r.db = mustOpenPath(t, path, r.clk)

	dir := exportDir(t)
	info, err := r.db.RewriteExport(ctx, r.sup, 2, dir)
	must(t, err)
	want, err := os.ReadFile(second.Path)
	must(t, err)
	got, err := os.ReadFile(filepath.Join(dir, second.FileName))
	must(t, err)
	if !bytes.Equal(got, want) || info.Number != 2 || info.SHA256 != second.SHA256 {
		t.Fatalf("rewrite after the restore: %+v, %d bytes (want %d)", info, len(got), len(want))
	}
	// Export 3 never existed: still refused, nothing written.
	dir = exportDir(t)
	_, err = r.db.RewriteExport(ctx, r.sup, 3, dir)
	assertErr(t, err, forms.ENOTFOUND, "本机没有第3号导出")
	if len(filesIn(t, dir)) != 0 {
		t.Fatal("a file was written for an export that never was")
	}
}
