package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"counterdesk/forms"
	"counterdesk/store"

	_ "modernc.org/sqlite"
)

// verifyStation sets up a station with a receipt in a data folder whose
// path has a space and Chinese characters, and returns the folder with the
// database still open.
func verifyStation(t *testing.T) (string, *store.DB) {
	t.Helper()
	dataDir := filepath.Join(t.TempDir(), "王 芳", "柜台通 数据")
	db, sup := setUpStation(t, dataDir)
	t.Cleanup(func() { db.Close() })
	ctx := context.Background()
	c := &forms.Customer{Name: "周借卡", IDNumber: "510107198504120468", Mobile: "13990001111"}
	if err := db.CreateCustomer(ctx, sup, c); err != nil {
		t.Fatal(forms.ErrorMessage(err))
	}
	if _, err := db.IssueReceipt(ctx, sup, "", c.ID, []forms.ReceiptLine{{Text: "人才储备费", Amount: 15000, Kind: forms.KindFee}},
		forms.Payment{Method: forms.PayCash}); err != nil {
		t.Fatal(forms.ErrorMessage(err))
	}
	return dataDir, db
}

func runVerify(args ...string) (int, string, string) {
	var out, errOut strings.Builder
	code := verifyMain(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestVerifyMain(t *testing.T) {
	dataDir, db := verifyStation(t)
	// While Counter Desk is open.
	code, out, errOut := runVerify("--data", dataDir)
	if code != verifyIntact || errOut != "" {
		t.Fatalf("open station: exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"审计记录：", "收据：1 张", "链头哈希：", "结果：完好", "客户资料等其他表不在哈希链校验范围内"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	entries, err := db.AuditLog(context.Background(), "", 1)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, entries[0].Hash) {
		t.Errorf("the head hash %s is not printed:\n%s", entries[0].Hash, out)
	}
	head := entries[0].Hash
	db.Close()
	code, out, _ = runVerify("--data", dataDir, "--head", head)
	if code != verifyIntact || !strings.Contains(out, "另存的链头哈希仍在链中") {
		t.Fatalf("kept head: exit %d\n%s", code, out)
	}
	code, out, _ = runVerify("--data", dataDir, "--head", strings.Repeat("ab", 32))
	if code != verifyTampered || !strings.Contains(out, "不在审计日志中") {
		t.Fatalf("a head never in the chain: exit %d\n%s", code, out)
	}

	// Closed, then tampered with: the entry's number and the exit code 1.
	raw, err := sql.Open("sqlite", "file:"+filepath.ToSlash(filepath.Join(dataDir, store.DBFileName)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET note = '改过' WHERE seq = 3"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	code, out, _ = runVerify("--data", dataDir)
	if code != verifyTampered {
		t.Fatalf("tampered: exit %d\n%s", code, out)
	}
	for _, want := range []string{"最早一处在第 3 条记录", "第 3 条 [记录被改动]", "[保护触发器] 缺少触发器 audit_log_no_update"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
}

// TestVerifyMain_ForgedEnd: an entry forged at the end with a made-up hash
// is labelled forged (or changed), and its hash is not printed as the head:
// the last entry that verifies is, with where the chain breaks (trial 17).
func TestVerifyMain_ForgedEnd(t *testing.T) {
	dataDir, db := verifyStation(t)
	entries, err := db.AuditLog(context.Background(), "", 1)
	if err != nil {
		t.Fatal(err)
	}
	head, last := entries[0].Hash, entries[0].Seq
	db.Close()
	raw, err := sql.Open("sqlite", "file:"+filepath.ToSlash(filepath.Join(dataDir, store.DBFileName)))
	if err != nil {
		t.Fatal(err)
	}
	var trigger string
	if err := raw.QueryRow("SELECT sql FROM sqlite_master WHERE name = 'audit_log_chain_insert'").Scan(&trigger); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`DROP TRIGGER audit_log_chain_insert;
		INSERT INTO audit_log (seq, id, at, user_id, user_name, approved_by, action, entity, entity_id, before_json, after_json, note, prev_hash, hash)
		SELECT seq + 1, id || '-伪造', at, user_id, user_name, approved_by, action, entity, entity_id, before_json, after_json, '伪造：补录一笔现金', hash, 'deadbeef'
		FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log);` + trigger); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	code, out, _ := runVerify("--data", dataDir)
	if code != verifyTampered || strings.Contains(out, "deadbeef") {
		t.Fatalf("forged at the end: exit %d\n%s", code, out)
	}
	for _, want := range []string{
		fmt.Sprintf("第 %d 条 [记录被插入或伪造]", last+1),
		fmt.Sprintf("链头哈希：%s（最后一条相符的记录，第 %d 条；哈希链在其后断开", head, last),
		"客户资料等其他表不在哈希链校验范围内",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
}

func TestVerifyMain_Usage(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "空 文件夹")
	if err := os.MkdirAll(empty, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--data", filepath.Join(empty, "没有")}, "找不到数据文件夹"},
		{[]string{"--data", empty}, "找不到数据库文件"},
		{[]string{"--data", empty, "多余"}, "多余的参数"},
		{[]string{"--bogus"}, "用法：counterdesk verify"},
	} {
		code, out, errOut := runVerify(tc.args...)
		if code != verifyCannot || !strings.Contains(errOut, tc.want) || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2 and %q", tc.args, code, out, errOut, tc.want)
		}
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 0 {
		t.Errorf("verify made files in an empty folder: %v", entries)
	}
}
