package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"counterdesk/forms"
)

// TestNumbers_NotGivenAgainAfterRestore: complaints TS-2026-0001 and 0002
// and loss declaration YS-2026-0001 are recorded, the database is backed
// up, TS-2026-0003 and YS-2026-0002 are given (and may have left the
// station), and the older backup is restored. Before numbers.hwm the next
// complaint was TS-2026-0003 and the next declaration YS-2026-0002 again;
// now they are 0004 and 0003, and their audit entries name the numbers
// skipped. A refused complaint after it changes neither the database nor
// the mark file.
func TestNumbers_NotGivenAgainAfterRestore(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	saveTestCalendar(t, f)
	code := withLossService(t, f)
	cust := f.member(t, "王投诉")
	loss := func(db *DB, doc string) *forms.LossDeclaration {
		t.Helper()
		l, err := db.DeclareLoss(ctx, f.clerk, code, forms.LossDeclaration{CustomerID: cust.ID, Kind: forms.LostInvoice,
			DocNumber: doc, DocDate: testStart.AddDate(0, -1, 0), Amount: forms.Yuan(300), PaidFor: "人才储备费"})
		must(t, err)
		return l
	}
	complaint := func(db *DB) *forms.Complaint {
		t.Helper()
		c, err := db.RecordComplaint(ctx, f.clerk, newTestComplaint(cust.ID, forms.ComplaintSimple))
		must(t, err)
		return c
	}
	given := map[string]bool{}
	for _, n := range []string{complaint(f.db).Number, complaint(f.db).Number, loss(f.db, "No.00000001").Number} {
		given[n] = true
	}
	info := backupOf(t, f)
	c3, l2 := complaint(f.db), loss(f.db, "No.00000002")
	if c3.Number != "TS-2026-0003" || l2.Number != "YS-2026-0002" {
		t.Fatalf("numbers before the restore: %s, %s", c3.Number, l2.Number)
	}
	given[c3.Number], given[l2.Number] = true, true
	dir, path := f.db.DataDir(), f.db.Path()
	must(t, f.db.Close())
	mark, err := os.ReadFile(filepath.Join(dir, numbersFile))
	must(t, err)
	if !strings.Contains(string(mark), "TS 2026 3\n") || !strings.Contains(string(mark), "YS 2026 2\n") {
		t.Fatalf("%s =\n%s", numbersFile, mark)
	}

	_, err = RestoreClock(ctx, dir, info.Path, testStart.Year(), 0, f.clk.Now)
	must(t, err)
	db := mustOpenPath(t, path, f.clk)
	if n := complaintCount(t, db); n != 2 {
		t.Fatalf("restored database has %d complaints, want the backup's 2", n)
	}
	c4, l3 := complaint(db), loss(db, "No.00000003")
	for _, n := range []string{c4.Number, l3.Number} {
		if given[n] {
			t.Fatalf("number %s given again after the restore", n)
		}
	}
	if c4.Number != "TS-2026-0004" || l3.Number != "YS-2026-0003" {
		t.Fatalf("numbers after the restore: %s, %s; want TS-2026-0004, YS-2026-0003", c4.Number, l3.Number)
	}
	if e := lastAudit(t, db, c4.ID, ActComplaintRecord); !strings.Contains(e.Note, "TS-2026-0003 至 0003 不再使用") {
		t.Fatalf("complaint audit note %q does not name the skipped number", e.Note)
	}
	if e := lastAudit(t, db, cust.ID, ActLossDeclare); !strings.Contains(e.Note, "YS-2026-0002 至 0002 不再使用") {
		t.Fatalf("loss audit note %q does not name the skipped number", e.Note)
	}
	// The next ones follow without a further skip.
	if c5 := complaint(db); c5.Number != "TS-2026-0005" || strings.Contains(lastAudit(t, db, c5.ID, ActComplaintRecord).Note, "不再使用") {
		t.Fatalf("next complaint %s", c5.Number)
	}

	// A refused complaint gives no number: the database and the file stay.
	before, err := os.ReadFile(filepath.Join(dir, numbersFile))
	must(t, err)
	bad := newTestComplaint("no-such-customer", forms.ComplaintSimple)
	_, err = db.RecordComplaint(ctx, f.clerk, bad)
	if forms.ErrorCode(err) == "" {
		t.Fatalf("complaint of an unknown customer: %v", err)
	}
	after, err := os.ReadFile(filepath.Join(dir, numbersFile))
	must(t, err)
	if string(after) != string(before) || complaintCount(t, db) != 4 {
		t.Fatalf("refused complaint changed something: %d complaints, mark\n%s", complaintCount(t, db), after)
	}
	if c6 := complaint(db); c6.Number != "TS-2026-0006" {
		t.Fatalf("complaint after a refusal = %s, want TS-2026-0006", c6.Number)
	}
}
