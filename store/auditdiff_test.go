package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

// TestAuditDelta_UpgradedStation is issue 17's audit log: an old station
// (entries whole, sealed as v1) upgraded, then the counter's everyday
// work: an update's entry keeps only the fields that changed (the whole
// case at every step made the 3M station's log 13.8 GB), inserts keep the
// new record whole, every new entry is hashed as v2, and the mixed chain
// verifies clean with its receipts and deposits. Then plain SQL (triggers
// dropped, as an attacker with the file) edits a new-form entry, changes
// one's form, and links a forged v1 entry after the v2 ones: each is found.
func TestAuditDelta_UpgradedStation(t *testing.T) {
	ctx := context.Background()
	path := testDBPath(t)
	n := oldStation(t, path)
	clk := &testClock{now: testStart}
	f := setupFixture(t, mustOpenPath(t, path, clk), clk)

	c := f.member(t, "陈静")
	old := c.Mobile
	c.Mobile = "13698765432"
	clk.Add(time.Hour)
	must(t, f.db.UpdateCustomer(ctx, f.clerk, c))
	upd := lastAudit(t, f.db, c.ID, ActCustomerUpdate)
	var before, after map[string]any
	must(t, json.Unmarshal([]byte(upd.Before), &before))
	must(t, json.Unmarshal([]byte(upd.After), &after))
	if before["Mobile"] != old || after["Mobile"] != "13698765432" || before["Name"] != nil || after["Name"] != nil ||
		before["IDNumber"] != nil || len(before) != len(after) || len(after) > 2 {
		t.Fatalf("update kept more than what changed: %s / %s", upd.Before, upd.After)
	}
	_, kase, r, d := f.lend(t, "周一")
	if e := lastAudit(t, f.db, r.ID, ActReceiptIssue); e.Before != "" || !strings.Contains(e.After, r.Number) ||
		!strings.Contains(e.After, `"PayerName"`) {
		t.Fatalf("receipt.issue keeps the whole receipt: %+v", e)
	}
	if e := lastAudit(t, f.db, d.ID, ActDepositTake); !strings.Contains(e.After, `"ReceiptNumber"`) {
		t.Fatalf("deposit.take keeps the whole deposit: %+v", e)
	}
	acc := lastAudit(t, f.db, kase.ID, ActCaseAccept)
	if strings.Contains(acc.After, `"ServiceCode"`) || strings.Contains(acc.After, `"CustomerID"`) || !strings.Contains(acc.After, `"Status"`) {
		t.Fatalf("case.accept keeps the whole case: %s", acc.After)
	}
	if fs := forms.AuditDiff(acc.Before, acc.After); len(fs) == 0 || fs[0].Label == "" {
		t.Fatalf("audit screen shows %+v", fs)
	}

	es := chainEntries(t, f.db)
	prev := ""
	for i, e := range es {
		want := e.ChainHash(prev)
		if i < n {
			want = e.ChainHashV1(prev)
		}
		if e.PrevHash != prev || e.Hash != want {
			t.Fatalf("entry %d (%s) hashed as the wrong form", e.Seq, e.Action)
		}
		prev = e.Hash
	}
	ck, err := f.db.VerifyAudit(ctx)
	must(t, err)
	if !ck.OK() || ck.Receipts != 2 || ck.Entries != int64(len(es)) || ck.Head != prev {
		t.Fatalf("upgraded station with new entries: %+v", ck)
	}
	q, err := f.db.QuickAuditCheck(ctx)
	must(t, err)
	if !q.OK() {
		t.Fatalf("quick check: %+v", q)
	}

	raw, err := sql.Open("sqlite", fileURI(path, ""))
	must(t, err)
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	var guard string
	must(t, raw.QueryRow("SELECT sql FROM sqlite_master WHERE name = 'audit_log_no_update'").Scan(&guard))
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := raw.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	check := func(name string, seq int64, kind string, sub ...string) {
		t.Helper()
		ck, err := f.db.VerifyAudit(ctx)
		must(t, err)
		if !hasProblem(ck, seq, kind, sub...) || ck.FirstBad != seq {
			t.Fatalf("%s: not found at %d: %+v", name, seq, ck)
		}
	}

	// A new-form entry edited: the mobile it recorded changed back.
	exec("DROP TRIGGER audit_log_no_update")
	exec("UPDATE audit_log SET before_json = replace(before_json, ?, '13900000000') WHERE seq = ?", old, upd.Seq)
	exec(guard)
	check("edited delta entry", upd.Seq, forms.AuditChanged, "被改动")
	exec("DROP TRIGGER audit_log_no_update")
	exec("UPDATE audit_log SET before_json = ? WHERE seq = ?", upd.Before, upd.Seq)

	// Its form changed: hashed again as v1 (content as written).
	exec("UPDATE audit_log SET hash = ? WHERE seq = ?", upd.ChainHashV1(upd.PrevHash), upd.Seq)
	exec(guard)
	check("form changed", upd.Seq, forms.AuditInserted, "旧格式")
	exec("DROP TRIGGER audit_log_no_update")
	exec("UPDATE audit_log SET hash = ? WHERE seq = ?", upd.Hash, upd.Seq)
	exec(guard)
	if ck, err := f.db.VerifyAudit(ctx); err != nil || !ck.OK() {
		t.Fatalf("put back: %+v %v", ck, err)
	}

	// A forged entry in the old form linked after the newest (the chain's
	// insert trigger checks only the link, not the hash).
	last := es[len(es)-1]
	forged := forms.AuditEntry{Seq: last.Seq + 1, ID: "forged-1", AtText: last.AtText, UserID: f.clerk.UserID,
		UserName: clerkNm, Action: ActReceiptVoid, Entity: "receipt", EntityID: "none", Note: "伪造", PrevHash: last.Hash}
	forged.Hash = forged.ChainHashV1(last.Hash)
	exec(`INSERT INTO audit_log (seq, id, at, user_id, user_name, approved_by, action, entity, entity_id, before_json,
		after_json, note, prev_hash, hash) VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, NULL, NULL, ?, ?, ?)`,
		forged.Seq, forged.ID, forged.AtText, forged.UserID, forged.UserName, forged.Action, forged.Entity, forged.EntityID,
		forged.Note, forged.PrevHash, forged.Hash)
	check("forged v1 after v2", forged.Seq, forms.AuditInserted, "旧格式", fmt.Sprintf("第 %d 条", forged.Seq))
}
