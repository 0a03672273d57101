package main

// trial15_test.go: the hqdesk defects of trial 15 (items 1, 2, 4, 5, 6, 7).

import (
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"counterdesk/forms"
	"counterdesk/store"
)

// trialExport writes a small export 1 of st into a folder with a space and
// Chinese characters.
func trialExport(t *testing.T, st *testStation, id testIdentity, n int64) string {
	t.Helper()
	return st.write(t, filepath.Join(t.TempDir(), "U盘 导出"), testExport{Number: n, FromSeq: (n - 1) * 10, ToSeq: n * 10, Parts: []testPart{
		{"customers", []store.ExportRow{row(t, "customers", (n-1)*10+1, "练习", "c1")}},
	}}, id.Recipient)
}

// TestStationAddSwitchesTraining: a training station registered without
// --training (trial 15, item 1) is switched by station add --training while
// nothing of it has been imported, and back without --training; once
// something is imported the switch is refused with what to do, and nothing
// changes. Before, the same key again answered "已登记…未作改动", exit 0.
func TestStationAddSwitchesTraining(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		dsn := testDSN(t, kind)
		id := newTestIdentity(t)
		xl := newTestStation(t, "XL", 1, true)
		add := func(want int, training bool) (string, string) {
			args := []string{"station", "add", "--db", dsn, "--branch", "XL", "--station", "01", "--key", xl.KeyFile}
			if training {
				args = append(args, "--training")
			}
			return mustRun(t, want, args...)
		}
		out, _ := add(exitOK, false) // forgot --training
		if kind == kindSQLite && !strings.Contains(out, "已新建总部数据库 "+dsn) {
			t.Errorf("the first station add does not say it made the database: %s", out)
		}
		file := trialExport(t, xl, id, 1)
		_, errs := mustRun(t, exitRefused, "import", "--db", dsn, "--identity", id.Path, "--training", file)
		if want := "可以用 " + stationAddCommand(dsn, "XL", 1, true) + " 改为练习工作站"; !strings.Contains(errs, want) {
			t.Errorf("refusal %q lacks %q", errs, want)
		}
		// Switch to training, back, and to training again: each said.
		for i, training := range []bool{true, false, true} {
			out, _ := add(exitOK, training)
			want := "已改登记：XL01 由正式工作站改为练习工作站"
			if !training {
				want = "已改登记：XL01 由练习工作站改为正式工作站"
			}
			if !strings.Contains(out, want) || strings.Contains(out, "未作改动") {
				t.Fatalf("switch %d said %q, want %q", i, out, want)
			}
		}
		out, _ = add(exitOK, true)
		if !strings.Contains(out, "已登记：XL01（练习工作站） 的第1代密钥") || !strings.Contains(out, "未作改动") {
			t.Errorf("the same registration again said: %s", out)
		}
		out, _ = mustRun(t, exitOK, "import", "--db", dsn, "--identity", id.Path, "--training", file)
		if !strings.Contains(out, "已导入XL01 的第1号导出") {
			t.Fatalf("import after the switch said: %s", out)
		}
		// Imported: switching back is refused and changes nothing.
		before := checksumOf(t, dsn)
		_, errs = add(exitRefused, false)
		for _, want := range []string{"XL01 登记为练习工作站，已经导入过它的 1 份练习导出，不能改为正式工作站", "另一个总部数据库", "请加 --training"} {
			if !strings.Contains(errs, want) {
				t.Errorf("refusal %q lacks %q", errs, want)
			}
		}
		if checksumOf(t, dsn) != before {
			t.Fatal("a refused switch changed the database")
		}
		// A real station with an import cannot become training.
		qb := newTestStation(t, "QB", 1, false)
		mustRun(t, exitOK, "station", "add", "--db", dsn, "--branch", "QB", "--station", "01", "--key", qb.KeyFile)
		mustRun(t, exitOK, "import", "--db", dsn, "--identity", id.Path, trialExport(t, qb, id, 1))
		before = checksumOf(t, dsn)
		_, errs = mustRun(t, exitRefused, "station", "add", "--db", dsn, "--branch", "QB", "--station", "01", "--key", qb.KeyFile, "--training")
		for _, want := range []string{"QB01 登记为正式工作站，已经导入过它的 1 份导出，不能再改为练习工作站", "--db 新的数据库", "请去掉 --training"} {
			if !strings.Contains(errs, want) {
				t.Errorf("refusal %q lacks %q", errs, want)
			}
		}
		if checksumOf(t, dsn) != before {
			t.Fatal("a refused switch changed the database")
		}
	})
}

// TestUnregisteredTrainingHint: the unregistered-station message for a
// training export names the whole command, --db and --training included
// (trial 15, item 2); a real export's command has no --training.
func TestUnregisteredTrainingHint(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		dsn := testDSN(t, kind)
		id := newTestIdentity(t)
		mustRun(t, exitOK, "station", "add", "--db", dsn, "--branch", "QB", "--station", "01", "--key", newTestStation(t, "QB", 1, false).KeyFile)
		xl := newTestStation(t, "XL", 1, true)
		_, errs := mustRun(t, exitRefused, "import", "--db", dsn, "--identity", id.Path, "--training", trialExport(t, xl, id, 1))
		want := "工作站 XL01（练习工作站） 还没有登记：请先用 hqdesk station add --db " + quotedDB(dsn) + " --branch XL --station 01 --key 工作站公钥文件 --training 登记"
		if !strings.Contains(errs, want) {
			t.Errorf("message %q lacks %q", errs, want)
		}
		zz := newTestStation(t, "ZZ", 2, false)
		_, errs = mustRun(t, exitRefused, "import", "--db", dsn, "--identity", id.Path, trialExport(t, zz, id, 1))
		if !strings.Contains(errs, "--branch ZZ --station 02 --key 工作站公钥文件 登记") || strings.Contains(errs, "--training") {
			t.Errorf("real station's hint: %q", errs)
		}
	})
}

// quotedDB is --db as the hints write it.
func quotedDB(dsn string) string {
	if strings.Contains(dsn, " ") {
		return `"` + redact(dsn) + `"`
	}
	return redact(dsn)
}

// TestFlagsAfterFiles: options may follow the file names (trial 15, item
// 4): before, "--training" after the files was taken as a file name.
func TestFlagsAfterFiles(t *testing.T) {
	dsn := testDSN(t, kindSQLite)
	id := newTestIdentity(t)
	xl := newTestStation(t, "XL", 1, true)
	mustRun(t, exitOK, "station", "add", "--key", xl.KeyFile, "--branch", "XL", "--station", "01", "--db", dsn, "--training")
	f1, f2 := trialExport(t, xl, id, 1), trialExport(t, xl, id, 2)
	out, errs := mustRun(t, exitOK, "import", "--db", dsn, f1, f2, "--identity", id.Path, "--training")
	if !strings.Contains(out, "已导入XL01 的第1号导出") || !strings.Contains(out, "已导入XL01 的第2号导出") || errs != "" {
		t.Fatalf("flags after the files: stdout %s stderr %s", out, errs)
	}
	mustRun(t, exitOK, "report", "--month", "2026-11", "--db", dsn)
	if code, _, errs := runHQ("import", "--db", dsn, f1, "--no-such-flag"); code != exitUsage || !strings.Contains(errs, "no-such-flag") {
		t.Errorf("an unknown flag after the files: exit %d, %s", code, errs)
	}
	for _, c := range []struct{ in, want []string }{
		{[]string{"a.cdx", "--training", "b c.cdx", "--db", "x y.db"}, []string{"--training", "--db", "x y.db", "--", "a.cdx", "b c.cdx"}},
		{[]string{"--db=x", "a", "--", "--training"}, []string{"--db=x", "--", "a", "--training"}},
		{[]string{"--training", "--db", "x"}, []string{"--training", "--db", "x"}},
	} {
		fs := newFlags("import", "", os.Stdout)
		fs.String("db", "", "")
		fs.Bool("training", false, "")
		if got := flagsFirst(fs, c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("flagsFirst(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestMissingDatabase: report and import refuse a SQLite file that does not
// exist, naming it, and do not create it (trial 15, item 5: before, a typo
// made an empty database and "还没有登记任何正式站点", exit 0); a folder
// as --db is refused too; station add makes the database and says so.
func TestMissingDatabase(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "总部 数据")
	os.MkdirAll(dir, 0o700)
	typo := filepath.Join(dir, "总部 typo.db")
	id := newTestIdentity(t)
	xl := newTestStation(t, "XL", 1, false)
	file := trialExport(t, xl, id, 1)
	for _, args := range [][]string{
		{"report", "--db", typo, "--month", "2026-11"},
		{"import", "--db", typo, "--identity", id.Path, file},
	} {
		_, errs := mustRun(t, exitRefused, args...)
		if want := "找不到总部数据库 " + typo + "：请检查 --db 的路径；新数据库由 hqdesk station add 建立"; !strings.Contains(errs, want) {
			t.Errorf("%s: %q lacks %q", args[0], errs, want)
		}
		if _, err := os.Stat(typo); !os.IsNotExist(err) {
			t.Fatalf("%s made the missing database (%v)", args[0], err)
		}
	}
	_, errs := mustRun(t, exitRefused, "report", "--db", dir, "--month", "2026-11")
	if !strings.Contains(errs, dir+" 是一个文件夹，不是总部数据库") {
		t.Errorf("folder as --db: %q", errs)
	}
	out, _ := mustRun(t, exitOK, "station", "add", "--db", typo, "--branch", "XL", "--station", "01", "--key", xl.KeyFile)
	if !strings.Contains(out, "已新建总部数据库 "+typo) {
		t.Errorf("station add on a new database said: %s", out)
	}
	out, _ = mustRun(t, exitOK, "station", "add", "--db", typo, "--branch", "XL", "--station", "01", "--key", xl.KeyFile)
	if strings.Contains(out, "已新建") {
		t.Errorf("station add on an existing database said: %s", out)
	}
	mustRun(t, exitOK, "report", "--db", typo, "--month", "2026-11")
	// A wrong key file does not leave a new, empty database behind.
	other := filepath.Join(dir, "另一个.db")
	mustRun(t, exitRefused, "station", "add", "--db", other, "--branch", "QB", "--station", "01", "--key", xl.KeyFile)
	if _, err := os.Stat(other); !os.IsNotExist(err) {
		t.Errorf("a refused station add made the database (%v)", err)
	}
}

// TestMissingDatabasePostgres: a PostgreSQL database that does not exist is
// explained in Chinese, without the password.
func TestMissingDatabasePostgres(t *testing.T) {
	server := os.Getenv("COUNTERDESK_PG_URL")
	if server == "" {
		t.Skip("COUNTERDESK_PG_URL is not set: the PostgreSQL case is skipped (scripts/test.sh starts a server and sets it)")
	}
	u, err := url.Parse(server)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/hq_no_such_database_f1"
	for _, args := range [][]string{{"report", "--month", "2026-11"}, {"station", "add", "--branch", "QB", "--station", "01", "--key", newTestStation(t, "QB", 1, false).KeyFile}} {
		_, errs := mustRun(t, exitRefused, append(args, "--db", u.String())...)
		if want := "找不到总部数据库 " + redact(u.String()) + "：PostgreSQL 服务器上没有这个库"; !strings.Contains(errs, want) {
			t.Errorf("%s: %q lacks %q", args[0], errs, want)
		}
		if p, ok := u.User.Password(); ok && p != "" && strings.Contains(errs, ":"+p+"@") {
			t.Errorf("the password is in the message: %q", errs)
		}
	}
}

// TestImportFileProblems: a folder, a missing file and a file with bytes
// appended are each named for what they are, in Chinese only (trial 15,
// item 7: before "读导出文件失败：请检查U盘后重试", "open …: no such file or
// directory" and "文件不完整…缺少文件尾").
func TestImportFileProblems(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		r := newImportRig(t, kind)
		folder := filepath.Dir(r.files[0])
		missing := filepath.Join(folder, "没有.cdx")
		appended := filepath.Join(t.TempDir(), "多了 字节.cdx")
		data, err := os.ReadFile(r.files[0])
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(appended, append(data, "一些字节"...), 0o644)
		before := checksumOf(t, r.dsn)
		for _, c := range []struct {
			file, want, not string
		}{
			{folder, "这是一个文件夹，不是导出文件：" + folder, "读导出文件失败"},
			{missing, "读不到导出文件 " + missing + "（文件不存在）：请检查文件名和路径", "no such file"},
			{appended, "内容被改动", "不完整"},
		} {
			_, errs := mustRun(t, exitRefused, r.importArgs(c.file)...)
			if !strings.Contains(errs, c.want) || strings.Contains(errs, c.not) {
				t.Errorf("%s: %q, want %q and not %q", filepath.Base(c.file), errs, c.want, c.not)
			}
		}
		if checksumOf(t, r.dsn) != before {
			t.Fatal("a refused file changed the database")
		}
	})
}

// TestMissingKeyFilesInChinese: a key or identity file that is not there
// is told in Chinese, without the system's English (trial 15b, D6).
func TestMissingKeyFilesInChinese(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "总部 数据")
	db := filepath.Join(dir, "总部.db")
	_, errs := mustRun(t, exitRefused, "station", "add", "--db", db, "--branch", "QB", "--station", "01", "--key", filepath.Join(dir, "没有.txt"))
	if !strings.Contains(errs, "文件不存在") || strings.Contains(errs, "no such file") {
		t.Fatalf("missing key file: %s", errs)
	}
	if _, err := readIdentity(filepath.Join(dir, "没有的身份.txt")); err == nil ||
		!strings.Contains(forms.ErrorMessage(err), "文件不存在") || strings.Contains(forms.ErrorMessage(err), "no such file") {
		t.Fatalf("missing identity: %v", err)
	}
}
