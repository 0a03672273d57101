package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"counterdesk/store"
)

// importRig is one HQ database with a registered station, its identity and
// three exports: 1 creates customers c1..c3 and service S/1, 2 changes c1
// and deletes c2, 3 changes c1 again and adds c4 and a settings row.
type importRig struct {
	dsn   string
	id    testIdentity
	st    *testStation
	files []string // exports 1, 2, 3
}

func newImportRig(t *testing.T, kind string) *importRig {
	t.Helper()
	r := &importRig{dsn: testDSN(t, kind), id: newTestIdentity(t), st: newTestStation(t, "QB", 1, false)}
	mustRun(t, exitOK, "station", "add", "--db", r.dsn, "--branch", "QB", "--station", "01", "--key", r.st.KeyFile)
	dir := filepath.Join(t.TempDir(), "U盘 导出")
	r.files = []string{
		r.st.write(t, dir, testExport{Number: 1, FromSeq: 0, ToSeq: 10, Parts: []testPart{
			{"services", []store.ExportRow{row(t, "services", 1, "first", "S", int64(1))}},
			{"customers", []store.ExportRow{
				row(t, "customers", 2, "张三", "c1"), row(t, "customers", 3, "李四", "c2"), row(t, "customers", 4, "王五", "c3")}},
		}}, r.id.Recipient),
		r.st.write(t, dir, testExport{Number: 2, FromSeq: 10, ToSeq: 20, Parts: []testPart{
			{"customers", []store.ExportRow{row(t, "customers", 11, "张三 改一", "c1"), tombstone(12, "c2")}},
		}}, r.id.Recipient),
		r.st.write(t, dir, testExport{Number: 3, FromSeq: 20, ToSeq: 30, Parts: []testPart{
			{"customers", []store.ExportRow{row(t, "customers", 21, "张三 改二", "c1"), row(t, "customers", 22, "赵六", "c4")}},
			{"settings", []store.ExportRow{row(t, "settings", 23, "v", "hq.recipient")}},
		}}, r.id.Recipient),
	}
	return r
}

func (r *importRig) importArgs(files ...string) []string {
	return append([]string{"import", "--db", r.dsn, "--identity", r.id.Path}, files...)
}

// customerName reads one customers column of c at HQ with _deleted.
func customerRow(t *testing.T, dsn, id string) (name string, deleted int64, gen int64, seq int64, ok bool) {
	t.Helper()
	h, err := openHQ(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	var n *string
	err = h.QueryRow(context.Background(), `SELECT name, _deleted, _gen, _seq FROM customers WHERE branch = ? AND station = ? AND id = ?`, "QB", 1, id).
		Scan(&n, &deleted, &gen, &seq)
	if err != nil {
		return "", 0, 0, 0, false
	}
	if n != nil {
		name = *n
	}
	return name, deleted, gen, seq, true
}

// TestImportIdempotent: the same file twice changes nothing and says so;
// exit 0 both times.
func TestImportIdempotent(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		r := newImportRig(t, kind)
		out, _ := mustRun(t, exitOK, r.importArgs(r.files[0])...)
		if !strings.Contains(out, "已导入QB01 的第1号导出") {
			t.Fatalf("first import said: %s", out)
		}
		before := checksumOf(t, r.dsn)
		if !strings.Contains(before, "customers 3:") {
			t.Fatalf("customers not imported:\n%s", before)
		}
		out, _ = mustRun(t, exitOK, r.importArgs(r.files[0])...)
		if !strings.Contains(out, "已导入过，未作改动") {
			t.Fatalf("second import said: %s", out)
		}
		if after := checksumOf(t, r.dsn); after != before {
			t.Fatalf("importing the same file again changed the database:\n%s\n%s", before, after)
		}
		// In one command line too.
		mustRun(t, exitOK, r.importArgs(r.files[0], r.files[0])...)
		if after := checksumOf(t, r.dsn); after != before {
			t.Fatal("importing the same file twice in one run changed the database")
		}
	})
}

// TestImportOrderIndependent: 3,1,2 ends exactly as 1,2,3; c1 as changed in
// export 3, c2 deleted (kept, _deleted = 1), c4 present.
func TestImportOrderIndependent(t *testing.T) {
	// Every row its own COPY on PostgreSQL: rows staged before a table's
	// first deletion must survive it.
	saved := pgBatch
	pgBatch = 1
	t.Cleanup(func() { pgBatch = saved })
	forEachKind(t, func(t *testing.T, kind string) {
		r := newImportRig(t, kind)
		other := testDSN(t, kind)
		mustRun(t, exitOK, "station", "add", "--db", other, "--branch", "QB", "--station", "01", "--key", r.st.KeyFile)

		mustRun(t, exitOK, r.importArgs(r.files[0], r.files[1])...)
		// Export 2 holds a change (c1) and a deletion (c2) of the same
		// table: both arrive.
		if name, del, _, seq, _ := customerRow(t, r.dsn, "c1"); name != "name·张三 改一" || del != 0 || seq != 11 {
			t.Fatalf("after 1,2: c1 = %q deleted=%d seq=%d, want export 2's change", name, del, seq)
		}
		if _, del, _, _, _ := customerRow(t, r.dsn, "c2"); del != 1 {
			t.Fatal("after 1,2: c2 not deleted")
		}
		mustRun(t, exitOK, r.importArgs(r.files[2])...)
		for _, f := range []string{r.files[2], r.files[0], r.files[1]} {
			mustRun(t, exitOK, "import", "--db", other, "--identity", r.id.Path, f)
		}
		a, b := branchChecksum(t, r.dsn), branchChecksum(t, other)
		if a != b {
			t.Fatalf("1,2,3 and 3,1,2 differ:\n%s\n---\n%s", a, b)
		}
		// The deletion before the row (2, 3, 1) ends the same: a deleted
		// row keeps its key and mark, not its data, in any order
		// (trial 15b, D4).
		third := testDSN(t, kind)
		mustRun(t, exitOK, "station", "add", "--db", third, "--branch", "QB", "--station", "01", "--key", r.st.KeyFile)
		for _, f := range []string{r.files[1], r.files[2], r.files[0]} {
			mustRun(t, exitOK, "import", "--db", third, "--identity", r.id.Path, f)
		}
		if c := branchChecksum(t, third); c != a {
			t.Fatalf("1,2,3 and 2,3,1 differ:\n%s\n---\n%s", a, c)
		}
		for _, dsn := range []string{r.dsn, other, third} {
			name, del, gen, seq, ok := customerRow(t, dsn, "c1")
			if !ok || name != "name·张三 改二" || del != 0 || gen != 1 || seq != 21 {
				t.Fatalf("c1 = %q deleted=%d gen=%d seq=%d ok=%v, want export 3's", name, del, gen, seq, ok)
			}
			name, del, _, seq, ok = customerRow(t, dsn, "c2")
			if !ok || del != 1 || seq != 12 || name != "" {
				t.Fatalf("c2 = %q deleted=%d seq=%d ok=%v, want its key kept with _deleted=1 and its data emptied", name, del, seq, ok)
			}
			if _, _, _, _, ok := customerRow(t, dsn, "c4"); !ok {
				t.Fatal("c4 missing")
			}
		}
	})
}

// TestImportReportsGap: after 1 and 3 the output says 缺第2号, and again on
// a re-import; after 2 it says there is none.
func TestImportReportsGap(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		r := newImportRig(t, kind)
		out, _ := mustRun(t, exitOK, r.importArgs(r.files[0], r.files[2])...)
		if !strings.Contains(out, "QB01 已导入第1、3号；缺第2号") {
			t.Fatalf("gap not reported:\n%s", out)
		}
		out, _ = mustRun(t, exitOK, r.importArgs(r.files[2])...)
		if !strings.Contains(out, "缺第2号") {
			t.Fatalf("gap not reported on re-import:\n%s", out)
		}
		out, _ = mustRun(t, exitOK, r.importArgs(r.files[1])...)
		if !strings.Contains(out, "QB01 已导入第1、2、3号，没有缺号") || strings.Contains(out, "缺第") {
			t.Fatalf("after 2:\n%s", out)
		}
	})
}

func TestMissingNumbers(t *testing.T) {
	got := joinNumbers(missingNumbers([]int64{5, 1, 3}))
	if got != "2、4" {
		t.Fatalf("missingNumbers(1,3,5) = %s", got)
	}
	if m := missingNumbers(nil); len(m) != 0 {
		t.Fatalf("missingNumbers(nil) = %v", m)
	}
}

// mutate writes a changed copy of path and returns the copy's path.
func mutate(t *testing.T, path string, f func([]byte) []byte) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "改过 "+filepath.Base(path))
	if err := os.WriteFile(out, f(append([]byte(nil), b...)), 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestImportRefusals: every bad file is refused with its message, exit 1,
// and the database (every table's rows and checksum) is unchanged.
func TestImportRefusals(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		r := newImportRig(t, kind)
		mustRun(t, exitOK, r.importArgs(r.files[0])...)
		dir := filepath.Join(t.TempDir(), "坏 文件")
		good := r.files[1]
		size := func() int { b, _ := os.ReadFile(good); return len(b) }()

		stranger := newTestStation(t, "QB", 1, false) // same station, another key
		unregistered := newTestStation(t, "QB", 7, false)
		otherStation := newTestStation(t, "QB", 2, false)
		mustRun(t, exitOK, "station", "add", "--db", r.dsn, "--branch", "QB", "--station", "02", "--key", otherStation.KeyFile)
		// A file claiming to be QB01 but signed with QB02's registered key.
		impostor := &testStation{Branch: "QB", Station: 1, Priv: otherStation.Priv, Pub: otherStation.Pub, ID: r.st.ID}
		training := newTestStation(t, "QB", 9, true)
		mustRun(t, exitOK, "station", "add", "--db", r.dsn, "--branch", "QB", "--station", "09", "--key", training.KeyFile, "--training")
		otherHQ := newTestIdentity(t)
		export2 := testExport{Number: 2, FromSeq: 10, ToSeq: 20, Parts: []testPart{
			{"customers", []store.ExportRow{row(t, "customers", 11, "other", "c1")}}}}

		cases := []struct {
			name    string
			file    string
			args    []string
			problem string // store.ExportProblem of the refusal, when it is one
			want    string
		}{
			{"flipped byte", mutate(t, good, func(b []byte) []byte { b[size/2] ^= 0x01; return b }), nil, "", "文件内容被改动"},
			{"flipped header byte", mutate(t, good, func(b []byte) []byte {
				i := strings.Index(string(b), `"number":2`)
				b[i+len(`"number":`)] = '5'
				return b
			}), nil, "", "签名"},
			{"truncated", mutate(t, good, func(b []byte) []byte { return b[:size-200] }), nil, "", "文件不完整"},
			{"cut in the header", mutate(t, good, func(b []byte) []byte { return b[:40] }), nil, "", "不完整"},
			{"unsigned", mutate(t, good, func(b []byte) []byte {
				for i := size - 64; i < size; i++ {
					b[i] = 0
				}
				return b
			}), nil, "", "没有签名"},
			{"not an export", mutate(t, good, func(b []byte) []byte { return []byte("PK\x03\x04 a spreadsheet") }), nil, "", "不是柜台通的导出文件"},
			{"wrong identity", r.st.write(t, dir, export2, otherHQ.Recipient), nil, "", "不是发给本总部的"},
			{"signed by an unregistered key", stranger.write(t, dir, export2, r.id.Recipient), nil, "", "不是用总部为 QB01 登记的密钥签名的"},
			{"signed by another station's key", impostor.write(t, dir, export2, r.id.Recipient), nil, "", "登记给的是 QB02，不是 QB01"},
			{"unregistered station", unregistered.write(t, dir, testExport{Number: 1, FromSeq: 0, ToSeq: 5}, r.id.Recipient), nil, "", "工作站 QB07 还没有登记"},
			{"replay: same number, other content", r.st.write(t, dir, testExport{Number: 1, FromSeq: 0, ToSeq: 10, Parts: []testPart{
				{"customers", []store.ExportRow{row(t, "customers", 2, "篡改", "c1")}}}}, r.id.Recipient), nil, "", "重放或被改过的副本"},
			{"training without --training", training.write(t, dir, testExport{Number: 1, FromSeq: 0, ToSeq: 5, Parts: []testPart{
				{"customers", []store.ExportRow{row(t, "customers", 1, "练习", "t1")}}}}, r.id.Recipient), nil, "", "来自练习工作站"},
			{"training from a real station", (&testStation{Branch: "QB", Station: 1, Priv: r.st.Priv, Pub: r.st.Pub, Training: true, ID: r.st.ID}).write(t, dir, export2, r.id.Recipient),
				[]string{"--training"}, "", "登记的是正式工作站"},
			{"unknown table", r.st.write(t, dir, testExport{Number: 2, FromSeq: 10, ToSeq: 20, Parts: []testPart{
				{"customers", []store.ExportRow{row(t, "customers", 11, "x", "c1")}},
				{"spaceships", []store.ExportRow{{Seq: 12, Key: []any{"s1"}, Values: []any{"s1"}}}}},
				Columns: map[string][]string{"spaceships": {"id"}}}, r.id.Recipient), nil, "", "不认识的表 spaceships（分支的柜台通更新）：请升级 hqdesk"},
			{"unknown column", r.st.write(t, dir, testExport{Number: 2, FromSeq: 10, ToSeq: 20, Parts: []testPart{
				{"settings", []store.ExportRow{{Seq: 12, Key: []any{"k"}, Values: []any{"k", "v", "new"}}}}},
				Columns: map[string][]string{"settings": {"key", "value", "colour"}}}, r.id.Recipient), nil, "", "不认识的列 colour（分支的柜台通更新）：请升级 hqdesk"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				before := checksumOf(t, r.dsn)
				args := append(r.importArgs(), c.args...)
				code, out, errs := runHQ(append(args, c.file)...)
				if code != exitRefused {
					t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, exitRefused, out, errs)
				}
				if !strings.Contains(errs, "拒绝导入") || !strings.Contains(errs, c.want) {
					t.Fatalf("message %q lacks %q", errs, c.want)
				}
				if after := checksumOf(t, r.dsn); after != before {
					t.Fatalf("a refused file changed the database:\n%s\n%s", before, after)
				}
			})
		}
		// A refused file among good ones: the good ones import, exit 1.
		code, out, errs := runHQ(r.importArgs(cases[0].file, r.files[1])...)
		if code != exitRefused || !strings.Contains(out, "已导入QB01 的第2号导出") || !strings.Contains(errs, "文件内容被改动") {
			t.Fatalf("mixed run: exit %d\n%s\n%s", code, out, errs)
		}
	})
}

// TestImportRefusalKinds: the store's refusal kinds reach importFile
// unchanged (tests and scripts can tell them apart).
func TestImportRefusalKinds(t *testing.T) {
	r := newImportRig(t, kindSQLite)
	good := r.files[0]
	b, _ := os.ReadFile(good)
	h, err := openHQ(context.Background(), r.dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	id, err := readIdentity(r.id.Path)
	if err != nil {
		t.Fatal(err)
	}
	for want, f := range map[string]string{
		store.ExportTruncated: mutate(t, good, func(x []byte) []byte { return x[:len(b)-100] }),
		store.ExportAltered:   mutate(t, good, func(x []byte) []byte { x[len(b)/2] ^= 0x80; return x }),
		store.ExportUnsigned: mutate(t, good, func(x []byte) []byte {
			for i := len(b) - 64; i < len(b); i++ {
				x[i] = 0
			}
			return x
		}),
	} {
		_, err := importFile(context.Background(), h, f, id, importOptions{})
		if got := store.ExportProblem(err); got != want {
			t.Errorf("ExportProblem = %q (%v), want %q", got, err, want)
		}
	}
}

// TestImportTraining: a training station's export is refused without
// --training and imported with it, marked in hq_imports.
func TestImportTraining(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		dsn := testDSN(t, kind)
		id := newTestIdentity(t)
		st := newTestStation(t, "QB", 9, true)
		mustRun(t, exitOK, "station", "add", "--db", dsn, "--branch", "QB", "--station", "09", "--key", st.KeyFile, "--training")
		f := st.write(t, t.TempDir(), testExport{Number: 1, FromSeq: 0, ToSeq: 5, Parts: []testPart{
			{"customers", []store.ExportRow{row(t, "customers", 1, "练习", "t1")}}}}, id.Recipient)
		_, errs := mustRun(t, exitRefused, "import", "--db", dsn, "--identity", id.Path, f)
		if !strings.Contains(errs, "--training") {
			t.Fatalf("refusal does not name --training: %s", errs)
		}
		mustRun(t, exitOK, "import", "--db", dsn, "--identity", id.Path, "--training", f)
		h, err := openHQ(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer h.Close()
		var tr int64
		if err := h.QueryRow(context.Background(), "SELECT training FROM hq_imports WHERE branch = ? AND station = ?", "QB", 9).Scan(&tr); err != nil || tr != 1 {
			t.Fatalf("hq_imports.training = %d, %v", tr, err)
		}
	})
}

// TestImportValuesBothEngines: every type survives (NULL, integers, reals,
// text with Chinese, blobs), and numbers in a TEXT column are stored as text
// on both engines.
func TestImportValuesBothEngines(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		dsn := testDSN(t, kind)
		id := newTestIdentity(t)
		st := newTestStation(t, "QB", 1, false)
		mustRun(t, exitOK, "station", "add", "--db", dsn, "--branch", "QB", "--station", "01", "--key", st.KeyFile)
		r := row(t, "settings", 1, "x", "k")
		r.Values = []any{"k", int64(42)}
		n := row(t, "settings", 2, "x", "n")
		n.Values = []any{"n", nil}
		f := st.write(t, t.TempDir(), testExport{Number: 1, FromSeq: 0, ToSeq: 5, Parts: []testPart{
			{"settings", []store.ExportRow{r, n}},
			{"customers", []store.ExportRow{row(t, "customers", 3, "中文 名字", "c1")}}},
			Columns: map[string][]string{"settings": {"key", "value"}}}, id.Recipient)
		mustRun(t, exitOK, "import", "--db", dsn, "--identity", id.Path, f)
		h, err := openHQ(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer h.Close()
		var v string
		if err := h.QueryRow(context.Background(), `SELECT value FROM settings WHERE "key" = ?`, "k").Scan(&v); err != nil || v != "42" {
			t.Fatalf("settings k = %q, %v", v, err)
		}
		var null *string
		if err := h.QueryRow(context.Background(), `SELECT value FROM settings WHERE "key" = ?`, "n").Scan(&null); err != nil || null != nil {
			t.Fatalf("settings n = %v, %v", null, err)
		}
	})
}

func TestCoerce(t *testing.T) {
	for _, c := range []struct {
		v    any
		typ  string
		want any
		bad  bool
	}{
		{int64(5), "TEXT", "5", false},
		{"7", "INTEGER", int64(7), false},
		{float64(3), "INTEGER", int64(3), false},
		{"abc", "INTEGER", nil, true},
		{int64(2), "REAL", float64(2), false},
		{"x", "BLOB", []byte("x"), false},
		{nil, "INTEGER", nil, false},
	} {
		got, err := coerce(c.v, c.typ)
		if (err != nil) != c.bad || canonical(got) != canonical(c.want) {
			t.Errorf("coerce(%v, %s) = %v, %v", c.v, c.typ, got, err)
		}
	}
}

// TestImportSameFileImportedMeanwhile: the same file imported by another
// hqdesk between this one's first look (by SHA-256) and its look at the
// export's number is "already imported", not a replayed copy (the two
// SHA-256 are the same; CI once failed TestImportConcurrentSameFile so).
func TestImportSameFileImportedMeanwhile(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		r := newImportRig(t, kind)
		id, err := readIdentity(r.id.Path)
		if err != nil {
			t.Fatal(err)
		}
		h, err := openHQ(context.Background(), r.dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer h.Close()
		once := false
		afterFirstLook = func() {
			if once {
				return
			}
			once = true
			if _, err := importFile(context.Background(), h, r.files[0], id, importOptions{}); err != nil {
				t.Errorf("the other import: %v", err)
			}
		}
		defer func() { afterFirstLook = func() {} }()
		res, err := importFile(context.Background(), h, r.files[0], id, importOptions{})
		if err != nil || !res.Already || !strings.Contains(res.Message, "已导入过") {
			t.Fatalf("import = %+v, %v; want already imported", res, err)
		}
		if sum := checksumOf(t, r.dsn); !strings.Contains(sum, "hq_imports 1:") {
			t.Fatalf("after the two imports:\n%s", sum)
		}
	})
}

// TestImportConcurrentSameFile: two hqdesk runs importing the same file at
// once both succeed, the file is imported once.
func TestImportConcurrentSameFile(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		r := newImportRig(t, kind)
		id, err := readIdentity(r.id.Path)
		if err != nil {
			t.Fatal(err)
		}
		errs := make(chan error, 2)
		for i := 0; i < 2; i++ {
			go func() {
				h, err := openHQ(context.Background(), r.dsn)
				if err != nil {
					errs <- err
					return
				}
				defer h.Close()
				_, err = importFile(context.Background(), h, r.files[0], id, importOptions{})
				errs <- err
			}()
		}
		for i := 0; i < 2; i++ {
			if err := <-errs; err != nil {
				t.Fatalf("concurrent import: %v", err)
			}
		}
		if sum := checksumOf(t, r.dsn); !strings.Contains(sum, "hq_imports 1:") || !strings.Contains(sum, "customers 3:") {
			t.Fatalf("after two concurrent imports:\n%s", sum)
		}
	})
}
