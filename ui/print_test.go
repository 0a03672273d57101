package ui

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2/test"

	"counterdesk/forms"
	"counterdesk/printing"
)

// pdfPrinter renders for real, into the data folder's printed/, as the
// program's printer does, and opens nothing.
type pdfPrinter struct {
	out   *printing.Output
	mu    sync.Mutex
	paths []string
}

func (p *pdfPrinter) Route() string { return "测试" }
func (p *pdfPrinter) Print(ps ...*forms.Printout) (string, error) {
	path, err := p.out.Write(ps...)
	p.mu.Lock()
	p.paths = append(p.paths, path)
	p.mu.Unlock()
	return path, err
}

// failingPrinter writes nothing: the viewer never opened, or the program
// ended before the PDF.
type failingPrinter struct{ fakePrinter }

func (p *failingPrinter) Print(ps ...*forms.Printout) (string, error) {
	return "", errors.New("the program ended before the PDF")
}

// Accepting a case opened one viewer window per document: it writes
// exactly one PDF into printed/, the receipt and every document in it.
func TestPrint_AcceptWritesOnePDF(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	dir := filepath.Join(h.db.DataDir(), "printed")
	pr := &pdfPrinter{out: &printing.Output{Dir: dir, Now: h.clock.Now}}
	h.app.printer = pr

	c := h.acceptBorrowCase("王芳", femaleID, "13812345678")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Fatalf("accepting wrote %d files into printed/, want 1: %v", len(entries), entries)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (poppler-utils)")
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", filepath.Join(dir, entries[0].Name()), "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), "")
	if len(c.receipts) == 0 {
		t.Fatal("no receipt on the case screen")
	}
	receipt := strings.Index(text, c.receipts[0].Number)
	promise := strings.Index(text, "户籍卡承诺书")
	if receipt < 0 || promise < 0 || promise < receipt {
		t.Errorf("the PDF does not hold the receipt, then the promise (at %d, %d):\n%s", receipt, promise, text)
	}
	if strings.Contains(text, "补打") {
		t.Error("a first print is marked 补打")
	}
}

// A document's first print is the original and every later one 补打,
// whatever the screen asks for: the store's print records decide.
func TestPrint_FirstOriginalThenReprint(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	c := h.acceptBorrowCase("王芳", femaleID, "13812345678")

	jobs := h.pr.jobs
	if len(jobs) != 1 {
		t.Fatalf("accepting made %d print jobs, want 1", len(jobs))
	}
	for _, p := range jobs[0] {
		if p.Reprint {
			t.Errorf("%s: first print marked 补打", p.Key())
		}
	}
	r := c.receipts[0]
	keys := []string{"receipt:" + r.Number}
	for _, p := range jobs[0] {
		keys = append(keys, p.Key())
	}
	printed, err := h.db.PrintedBefore(ctx, c.kase.ID, keys)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if !printed[k] {
			t.Errorf("%s was printed but not recorded", k)
		}
	}

	// Printed again, the receipt is 补打; a caller saying "original" is
	// not believed.
	p := h.app.printout(forms.PrintReceipt)
	p.Customer, p.Case, p.Service, p.Receipt = c.customer, c.kase, c.service, &r
	p.Reprint = false
	h.app.print([]*forms.Printout{p}, nil, nil)
	h.wait()
	last := h.pr.jobs[len(h.pr.jobs)-1]
	if len(last) != 1 || !last[0].Reprint {
		t.Fatalf("second print of the receipt: %+v", last)
	}
	// The screen's printout itself is left alone.
	if p.Reprint {
		t.Error("print changed the caller's printout")
	}

	// A printout of no case (the deposit list) is never recorded or 补打.
	list := h.app.printout(forms.PrintDepositList)
	h.app.print([]*forms.Printout{list}, nil, nil)
	h.app.print([]*forms.Printout{list}, nil, nil)
	h.wait()
	for _, j := range h.pr.jobs[len(h.pr.jobs)-2:] {
		if j[0].Reprint {
			t.Error("the deposit list was marked 补打")
		}
	}
}

// After a crash right after 确认收款并打印 the receipt existed but was never
// printed, and its first print was stamped 补打. At the next log-in the
// home screen names it; 打印 prints it as the original.
func TestPrint_UnprintedReceiptAfterCrash(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	if h.app.home.unprinted.root.Visible() {
		t.Fatal("a new station warns of unprinted receipts")
	}
	h.app.printer = &failingPrinter{}
	c := h.acceptBorrowCase("王芳", femaleID, "13812345678")
	h.app.printer = h.pr
	r := c.receipts[0]
	if list, err := h.db.UnprintedReceipts(ctx); err != nil || len(list) != 1 || list[0].Number != r.Number {
		t.Fatalf("UnprintedReceipts = %+v, %v", list, err)
	}
	// A print that failed says so above the tabs at once.
	if !h.app.home.unprinted.root.Visible() || !strings.Contains(h.app.home.unprinted.message.Text, r.Number) {
		t.Errorf("after the failed print the home screen shows %q", h.app.home.unprinted.message.Text)
	}

	// The next start.
	h.app.showLogin()
	h.logIn("李主管", "zhuguan123")
	w := h.app.home.unprinted
	if !w.root.Visible() {
		t.Fatal("the home screen does not say a receipt was never printed")
	}
	for _, want := range []string{r.Number, "王芳", r.IssuedAt.Local().Format("2006-01-02 15:04"), "从未打印"} {
		if !strings.Contains(w.message.Text, want) {
			t.Errorf("warning %q lacks %q", w.message.Text, want)
		}
	}
	test.Tap(w.print)
	h.wait()
	last := h.pr.jobs[len(h.pr.jobs)-1]
	if len(last) != 1 || last[0].Kind != forms.PrintReceipt || last[0].Receipt.Number != r.Number {
		t.Fatalf("打印 printed %+v", last)
	}
	if last[0].Reprint {
		t.Error("the receipt's first print is marked 补打")
	}
	if last[0].Case == nil || last[0].Customer == nil || last[0].Customer.Name != "王芳" {
		t.Error("the receipt printed without its case or customer")
	}
	if w.root.Visible() {
		t.Error("the warning stays after printing")
	}
	if list, _ := h.db.UnprintedReceipts(ctx); len(list) != 0 {
		t.Errorf("still unprinted: %+v", list)
	}
}

// A receipt never printed and then printed from the customer's record
// (收据, 补打: its first print, so the original) takes the warning above
// the tabs away at once; the warning's 打印 would otherwise print a second
// copy, marked 补打, under a line that says it prints the original.
func TestPrint_UnprintedReceiptPrintedFromRecord(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.app.printer = &failingPrinter{}
	c := h.acceptBorrowCase("王芳", femaleID, "13812345678")
	h.app.printer = h.pr
	r := c.receipts[0]
	w := h.app.home.unprinted
	if !w.root.Visible() {
		t.Fatal("no warning after the failed print")
	}
	cs := h.app.home.customers
	cs.open(c.kase.CustomerID)
	h.wait()
	ch := cs.hist
	ch.tabs.Select(ch.rcTab)
	h.wait()
	_, buttons := historyRow(laidOut(h), r.Number)
	if buttons["补打"] == nil {
		t.Fatalf("no 补打 on the receipt row %s", r.Number)
	}
	test.Tap(buttons["补打"])
	h.wait()
	last := h.pr.jobs[len(h.pr.jobs)-1]
	if len(last) != 1 || last[0].Kind != forms.PrintReceipt || last[0].Receipt.Number != r.Number || last[0].Reprint {
		t.Fatalf("补打 printed %+v", last)
	}
	if w.root.Visible() {
		t.Errorf("the warning stays after the receipt was printed from the record: %q", w.message.Text)
	}
}

// The recovery code is printed as a Secret printout (never kept in
// printed/), and the set-up asks for the branch's phone.
func TestSetup_PhoneAndSecretRecoveryCode(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.app.Start()
	s := h.app.setup
	h.typeInto(s.branchCode, "qb")
	h.typeInto(s.branchName, "青白江人才服务中心")
	h.typeInto(s.payee, "青白江人才服务中心")
	h.typeInto(s.stationNo, "1")
	h.typeInto(s.supervisor, "李主管")
	h.typeInto(s.password, "zhuguan123")
	h.typeInto(s.password2, "zhuguan123")
	for _, tc := range []struct{ phone, msg string }{
		{"", "请填写网点电话"},
		{"83981234", "请加上区号"},
	} {
		h.typeInto(s.phone, tc.phone)
		test.Tap(s.submit)
		h.wait()
		if !strings.Contains(s.message.Text, tc.msg) {
			t.Errorf("phone %q: message %q, want %q", tc.phone, s.message.Text, tc.msg)
		}
		if _, err := h.db.Station(ctx); forms.ErrorCode(err) != forms.ENOTFOUND {
			t.Fatalf("phone %q: a refused set-up stored the station: %v", tc.phone, err)
		}
	}
	h.typeInto(s.phone, "（028）8398 1234")
	test.Tap(s.submit)
	h.wait()
	st, err := h.db.Station(ctx)
	if err != nil || st.Phone != "028-83981234" {
		t.Fatalf("station phone = %+v, %v", st, err)
	}
	if s.printCode == nil {
		t.Fatal("no recovery code to print")
	}
	test.Tap(s.printCode)
	h.wait()
	if len(h.pr.jobs) != 1 {
		t.Fatalf("%d print jobs", len(h.pr.jobs))
	}
	p := h.pr.jobs[0][0]
	if !p.Secret || !strings.Contains(p.Document.Body, s.recoveryCode) {
		t.Errorf("the recovery code printed as %+v", p)
	}
	if _, ok := p.Record(); ok {
		t.Error("the recovery code would be recorded")
	}
}
