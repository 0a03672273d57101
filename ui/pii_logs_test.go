package ui

import (
	"context"
	"log"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// pointLogsAt sends the log to dir/counterdesk.log and the runtime's crash
// output to dir/crash.log, opened as cmd/counterdesk's setupLogs opens
// them, until the test ends. It returns a function reading both.
func pointLogsAt(t *testing.T, dir string) func() string {
	t.Helper()
	logPath, crashPath := filepath.Join(dir, "counterdesk.log"), filepath.Join(dir, "crash.log")
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	flags := log.Flags()
	log.SetOutput(logFile)
	crash, err := os.OpenFile(crashPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if err := debug.SetCrashOutput(crash, debug.CrashOptions{}); err != nil {
		t.Fatal(err)
	}
	crash.Close()
	t.Cleanup(func() {
		log.SetOutput(os.Stderr)
		log.SetFlags(flags)
		debug.SetCrashOutput(nil, debug.CrashOptions{})
		logFile.Close()
	})
	return func() string {
		var b strings.Builder
		for _, p := range []string{logPath, crashPath} {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			b.WriteString("== " + filepath.Base(p) + "\n")
			b.Write(data)
		}
		return b.String()
	}
}

// personalData lists which of secrets (names, ID numbers, mobiles, as
// typed and as stored) the logs contain.
func personalData(logs string, secrets []string) []string {
	var found []string
	for _, s := range secrets {
		if s != "" && strings.Contains(logs, s) {
			found = append(found, s)
		}
	}
	return found
}

// TestPersonalData_FinderFinds: the log check finds a name, an ID number
// and a mobile written by a log line (so TestPersonalData_NotInLogs can
// fail), and passes a log without them.
func TestPersonalData_FinderFinds(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "数据 目录")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	read := pointLogsAt(t, dir)
	secrets := []string{"欧阳娜娜", femaleID, "13912340001"}
	log.Printf("save customer 3f2a…: constraint failed")
	if got := personalData(read(), secrets); len(got) != 0 {
		t.Fatalf("a clean log flagged %v", got)
	}
	log.Printf("save customer %s %s %s: constraint failed", "欧阳娜娜", femaleID, "13912340001")
	if got := personalData(read(), secrets); len(got) != 3 {
		t.Fatalf("the check found %v in a log line carrying all three", got)
	}
}

// TestPersonalData_NotInLogs walks a clerk's day through the UI with the
// log in a file as the program writes it — new customers (one refused
// first), searches by name, ID and phone digits, a 借户籍卡 case with its
// receipt and reprint, a wrong supervisor password, the refund, a
// duplicate ID number, the idle lock, and finally the database gone so that
// internal errors are logged — and greps counterdesk.log and crash.log for
// every name, ID number and mobile it used.
func TestPersonalData_NotInLogs(t *testing.T) {
	h := newHarness(t)
	read := pointLogsAt(t, h.db.DataDir())
	ctx := context.Background()
	clerkLoggedIn(t, h)

	nameA, idA, mobileA := "欧阳娜娜", femaleID, "13912340001"
	nameB, idB, mobileB := "司马𠮷祥", withCheck("51011319850505123"), "13712340002"
	secrets := []string{nameA, idA, mobileA, nameB, idB, mobileB, "张窗口", "李主管"}

	// A new customer: refused once (a short mobile), then saved.
	cs := h.app.home.customers
	test.Tap(cs.newBtn)
	f := cs.edit
	h.typeInto(f.name, nameA)
	h.typeInto(f.idNumber, idA)
	h.typeInto(f.mobile, mobileA[:10])
	test.Tap(f.save)
	h.wait()
	h.typeInto(f.mobile, mobileA)
	test.Tap(f.save)
	h.wait()
	if cs.current == nil || cs.current.Name != nameA {
		t.Fatalf("customer not saved: %q", f.message.Text)
	}
	// Searches: name, one character, whole ID (Enter), last 4 ID and phone digits.
	for _, q := range []string{nameA, nameA[:3], idA[len(idA)-4:], mobileA[len(mobileA)-4:], idA} {
		h.typeInto(cs.search, q)
		h.wait()
	}
	cs.search.OnSubmitted(cs.search.Text)
	h.wait()

	// A case, its receipt, a reprint.
	c := h.acceptBorrowCase(nameB, idB, mobileB)
	test.Tap(c.receiptsBtn)
	test.Tap(c.receiptList.prints[c.receipts[0].Number])
	h.wait()

	// The refund: a wrong supervisor password first.
	d := h.app.home.deposits
	d.refresh()
	h.wait()
	d.table.Select(widget.TableCellID{Row: 0, Col: 0})
	test.Tap(d.refundBtn)
	d.refund.returned.SetSelected([]string{forms.ReturnedCard, forms.ReturnedPromise, forms.ReturnedReceipt})
	test.Tap(d.refund.confirm)
	h.approve("wrong-pass1")
	h.approve("zhuguan123")
	if dep, _ := h.db.DepositOfCase(ctx, c.kase.ID); dep.State != forms.DepositRefunded {
		t.Fatalf("the refund did not go through: %s", dep.State)
	}

	// The same ID number again: the form offers the existing customer.
	test.Tap(cs.newBtn)
	f = cs.edit
	h.typeInto(f.name, nameA)
	h.typeInto(f.idNumber, idA)
	h.typeInto(f.mobile, mobileA)
	test.Tap(f.save)
	h.wait()

	// The idle lock, a wrong password, the right one.
	h.clock.Set(testDay.Add(30 * time.Minute))
	h.app.checkIdle()
	if l := h.app.idle.screen; l != nil {
		h.typeInto(l.password, "wrong-pass1")
		test.Tap(l.unlock)
		h.wait()
		h.typeInto(l.password, "chuangkou9")
		test.Tap(l.unlock)
		h.wait()
	}

	// The database goes away: every action now fails inside the store,
	// and those failures are what the log records with their detail.
	h.db.Close()
	h.typeInto(cs.search, nameB)
	h.wait()
	cs.search.OnSubmitted(idB)
	h.wait()
	test.Tap(cs.newBtn)
	f = cs.edit
	h.typeInto(f.name, nameB)
	h.typeInto(f.idNumber, withCheck("51011319850505456"))
	h.typeInto(f.mobile, mobileB)
	test.Tap(f.save)
	h.wait()

	logs := read()
	if !strings.Contains(logs, "error") && !strings.Contains(logs, "customer") {
		t.Fatalf("the walk logged nothing, so the check proves nothing:\n%s", logs)
	}
	if got := personalData(logs, secrets); len(got) != 0 {
		t.Fatalf("the logs carry personal data %q:\n%s", got, logs)
	}
	t.Logf("the walk's logs:\n%s", logs)
}
