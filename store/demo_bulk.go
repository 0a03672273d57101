package store

import (
	"container/heap"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"counterdesk/forms"

	"github.com/google/uuid"
)

// The bulk history of a large training station (forms.DemoPlan.BulkCases).
//
// Millions of cases through the store's own functions would take hours
// (1.5–4 ms a case), so a plan with more than forms.DemoFullCases cases
// makes most of its history by replaying templates: for each everyday
// service (no deposit, no schedule, nothing its completion changes on the
// customer) the real functions — openCase, saveCase, acceptCase with its
// receipt, the prints the case screen records, closeCase — run once for a
// template customer in a savepoint that is rolled back, and every write
// they made is recorded (demoRecord, from the statement cache's methods in
// demo_stmts.go). Each bulk case then runs the same writes again with its
// own ids, customer, case number, receipt number and times substituted,
// through the same prepared statements; its audit entries go through
// auditAfter() as audit()'s do, so the hash chain is computed as for any
// entry, with the chain's head kept in memory instead of read back for
// each entry. A few insert triggers are dropped meanwhile and made again
// (dropBulkTriggers): the rows are the same, only cheaper to write. The
// receipt numbers are continuous per station and year, in the order the
// receipts are issued, and the counters are left where the last one ended,
// so the representative sample that follows (forms.DemoPlan.SampleDays,
// the real functions for every step) carries on the series. Case numbers
// are continuous per day, and every case's completion comes in time order
// with the others' steps (a queue, as the sample's).

// demoCall is one write a template made: its statement, the table written,
// the INSERT's column list (nil for other statements), its arguments and
// the transaction's time.
type demoCall struct {
	query   string
	verb    string
	table   string
	cols    []string
	args    []any
	now     time.Time
	asQuery bool // run as a query (RETURNING)
}

// demoRecording collects the writes of a template run.
type demoRecording struct{ calls []demoCall }

// demoRecorders holds the recording of each transaction that is running a
// template (only ever one, by Demo).
var demoRecorders sync.Map // *txn → *demoRecording

// demoRecord records query if tx is running a template and query writes.
func demoRecord(tx *txn, query string, args []any, asQuery bool) {
	v, ok := demoRecorders.Load(tx)
	if !ok {
		return
	}
	verb, table, cols := parseWrite(query)
	if verb == "" {
		return
	}
	r := v.(*demoRecording)
	r.calls = append(r.calls, demoCall{query: query, verb: verb, table: table, cols: cols,
		args: append([]any(nil), args...), now: tx.now, asQuery: asQuery})
}

// parseWrite returns the verb (INSERT, UPDATE, DELETE), the table and, for
// an INSERT with a column list, the columns of a statement; "" for one
// that does not write.
func parseWrite(query string) (verb, table string, cols []string) {
	f := strings.Fields(query)
	if len(f) < 2 {
		return "", "", nil
	}
	switch v := strings.ToUpper(f[0]); v {
	case "INSERT", "REPLACE":
		for i, w := range f {
			if strings.EqualFold(w, "INTO") && i+1 < len(f) {
				table = strings.SplitN(f[i+1], "(", 2)[0]
				break
			}
		}
		rest := query[strings.Index(query, table)+len(table):]
		if open := strings.Index(rest, "("); open >= 0 && strings.TrimSpace(rest[:open]) == "" {
			if end := strings.Index(rest, ")"); end > open {
				for _, c := range strings.Split(rest[open+1:end], ",") {
					cols = append(cols, strings.TrimSpace(c))
				}
			}
		}
		return "INSERT", table, cols
	case "UPDATE":
		return v, f[1], nil
	case "DELETE":
		if len(f) > 2 {
			return v, f[2], nil
		}
	}
	return "", "", nil
}

// demoTemplate is the recorded writes of one case of svc for a customer:
// opened, accepted with its receipt and printed at times[0]; completed,
// or its deposit refunded with the voucher printed, at times[1].
type demoTemplate struct {
	svc           *forms.Service
	calls         []demoCall
	times         []time.Time
	ids           []string // the ids its inserts made (audit entries' aside)
	custID        string
	custName      string
	custIDNumber  string
	caseNumber    string
	receiptNumber string
	due           time.Time // the lent card's return day, dueDays after times[0]'s day; zero without
	dueDays       int
}

// demoBulkTables are the tables a template may write: a case, its receipt,
// its deposit, its print records and audit entries. A service whose case
// writes anything else (the customer's record) is left to the sample.
var demoBulkTables = map[string]bool{"cases": true, "receipts": true, "deposits": true, "case_prints": true, "audit_log": true}

// template records a case of svc for the customer cust, in a savepoint of
// the batch transaction that is rolled back; nil when the rules refuse it
// or it writes more than demoBulkTables.
func (d *demo) template(svc *forms.Service, cust int) (*demoTemplate, error) {
	if d.tx == nil {
		if err := d.beginTx(); err != nil {
			return nil, err
		}
	}
	ctx, tx := d.ctx, d.tx
	// A time after everything (the clock check) and unlike any other, in a
	// year of its own, with a receipt number no station reaches.
	t0 := time.Date(d.end.Year()+3, 2, 17, 10, 17, 23, 123456789, time.Local)
	t1 := t0.AddDate(0, 0, 3).Add(41*time.Minute + 7654321)
	tx.now = t0
	if _, err := tx.ExecContext(ctx, "SAVEPOINT demo_template"); err != nil {
		return nil, fmt.Errorf("savepoint: %w", err)
	}
	issued := len(tx.issued)
	code := d.stationCode()
	if _, err := tx.ExecContext(ctx, `INSERT INTO receipt_counters (station_code, year, last_seq) VALUES (?, ?, 987653)
		ON CONFLICT (station_code, year) DO UPDATE SET last_seq = 987653`, code, t0.Year()); err != nil {
		return nil, fmt.Errorf("template counter: %w", err)
	}
	rec := &demoRecording{}
	demoRecorders.Store(tx, rec)
	s := &story{svc: svc, cust: cust, aim: aimAccepted}
	err := d.open(tx, s, t0)
	if err == nil && s.deposit != nil {
		// The card comes back: the deposit refunded and its voucher
		// printed, as the sample's step 40.
		tx.now = t1
		var dep *forms.Deposit
		dep, err = refundDeposit(ctx, tx, d.supervisor, forms.RefundRequest{DepositID: s.deposit.ID,
			Returned: []string{forms.ReturnedCard, forms.ReturnedPromise, forms.ReturnedReceipt},
			Payment:  forms.Payment{Method: s.deposit.Method, Reference: s.receipt.Payment.Reference}})
		if err == nil {
			err = d.printed(tx, d.clerkWho, &forms.Printout{Kind: forms.PrintRefundVoucher, Deposit: dep})
		}
	} else if err == nil {
		tx.now = t1
		_, err = closeCase(ctx, tx, d.clerk, s.caseID)
	}
	demoRecorders.Delete(tx)
	if _, err := tx.ExecContext(ctx, "ROLLBACK TO demo_template; RELEASE demo_template"); err != nil {
		return nil, fmt.Errorf("roll back template: %w", err)
	}
	tx.issued = tx.issued[:issued]
	if err != nil {
		var fe *forms.Error
		if errors.As(err, &fe) && fe.Code != forms.EINTERNAL {
			return nil, nil
		}
		return nil, err
	}
	if s.receipt == nil {
		return nil, nil
	}
	c, err := findCustomer(ctx, tx, d.custIDs[cust])
	if err != nil {
		return nil, err
	}
	t := &demoTemplate{svc: svc, times: []time.Time{t0, t1}, custID: c.ID, custName: c.Name, custIDNumber: c.IDNumber,
		receiptNumber: s.receipt.Number}
	if s.deposit != nil && !s.deposit.ReturnDue.IsZero() {
		t.due, t.dueDays = s.deposit.ReturnDue, forms.DaysBetween(forms.Day(t0), s.deposit.ReturnDue)
	}
	for _, call := range rec.calls {
		if call.table == "receipt_counters" {
			continue
		}
		if !demoBulkTables[call.table] || call.asQuery || !call.now.Equal(t0) && !call.now.Equal(t1) {
			return nil, nil
		}
		if call.verb == "INSERT" && call.table != "audit_log" && demoChangeTables[call.table] &&
			(len(call.cols) == 0 || call.cols[0] != "id") {
			return nil, nil // replay adds the changes row by the id in the first column
		}
		if call.verb == "INSERT" && len(call.cols) > 0 && call.cols[0] == "id" && call.table != "audit_log" {
			if id, ok := call.args[0].(string); ok {
				t.ids = append(t.ids, id)
			}
		}
		if call.table == "cases" && call.verb == "INSERT" {
			for i, col := range call.cols {
				if col == "number" {
					t.caseNumber, _ = call.args[i].(string)
				}
			}
		}
		t.calls = append(t.calls, call)
	}
	if t.caseNumber == "" {
		return nil, nil
	}
	return t, nil
}

// stationCode is the training station's code (XL01).
func (d *demo) stationCode() string {
	return forms.Station{BranchCode: forms.DemoBranchCode, Number: forms.DemoStation}.Code()
}

// bulkCase is one case of the bulk history being replayed: its template,
// the substitutions and the times of its two steps.
type bulkCase struct {
	t     *demoTemplate
	rep   *strings.Replacer
	times []time.Time
	year  int
	seq   int64
}

// closeQueue holds the completions still to come, earliest first.
type closeQueue []*bulkCase

func (q closeQueue) Len() int           { return len(q) }
func (q closeQueue) Less(i, j int) bool { return q[i].times[1].Before(q[j].times[1]) }
func (q closeQueue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *closeQueue) Push(x any)        { *q = append(*q, x.(*bulkCase)) }
func (q *closeQueue) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}

// demoHeavyCustomers is how many customers get forms.DemoHeavyCases cases
// each in the bulk history (the customer record with 100 cases).
const demoHeavyCustomers = 20

// bulk makes n completed cases with their receipts over the working days
// from the first day to the day before the sample's first.
func (d *demo) bulk(n int) error {
	ctx := d.ctx
	var workdays []time.Time
	for day := d.first; day.Before(d.sampleFirst); day = day.AddDate(0, 0, 1) {
		if day.Weekday() != time.Sunday {
			workdays = append(workdays, day)
		}
	}
	if len(workdays) == 0 || n == 0 {
		return nil
	}
	// A template per service and membership (fees differ for members).
	templates := map[bool][]*demoTemplate{}
	for _, member := range []bool{true, false} {
		cust := -1
		for i := range d.custIDs {
			if d.member[i] == member && d.custIDNo[i] != "" {
				cust = i
				break
			}
		}
		if cust < 0 {
			continue
		}
		for _, svc := range append(d.byKind["deposit"], d.byKind["other"]...) {
			if svc.OnComplete != nil || svc.ForMembers && !member || svc.ForNonMembers && member {
				continue
			}
			t, err := d.template(svc, cust)
			if err != nil {
				return err
			}
			if t != nil {
				templates[member] = append(templates[member], t)
			}
		}
	}
	if len(templates[true])+len(templates[false]) == 0 {
		d.report("批量历史：没有可用作模板的业务，略去")
		return nil
	}
	var heavy []int
	for k := 0; k < demoHeavyCustomers && n >= 10*demoHeavyCustomers*forms.DemoHeavyCases; k++ {
		i := (k*len(d.custIDs)/demoHeavyCustomers + 7) % len(d.custIDs)
		for len(templates[d.member[i]]) == 0 || d.custIDNo[i] == "" {
			i = (i + 1) % len(d.custIDs)
		}
		heavy = append(heavy, i)
	}
	d.heavy = heavy
	if d.tx == nil {
		if err := d.beginTx(); err != nil {
			return err
		}
	}
	restore, err := d.dropBulkTriggers()
	if err != nil {
		return err
	}
	if d.head.seq, d.head.hash, err = auditHead(ctx, d.tx); err != nil {
		return err
	}
	stride := 0
	if len(heavy) > 0 {
		stride = n / (len(heavy) * forms.DemoHeavyCases)
	}
	code := d.stationCode()
	seqs := map[int]int64{}
	var pending closeQueue
	done := 0
	flushUntil := func(at time.Time) error {
		for pending.Len() > 0 && (at.IsZero() || pending[0].times[1].Before(at)) {
			c := heap.Pop(&pending).(*bulkCase)
			if err := d.replay(c, 1); err != nil {
				return err
			}
		}
		return nil
	}
	g := 0
	for k, day := range workdays {
		cnt := n*(k+1)/len(workdays) - n*k/len(workdays)
		times := make([]time.Time, cnt)
		for j := range times {
			times[j] = d.workTime(day)
		}
		sort.Slice(times, func(a, b int) bool { return times[a].Before(times[b]) })
		for j, t0 := range times {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := flushUntil(t0); err != nil {
				return err
			}
			var cust int
			if stride > 0 && g%stride == 0 && g/stride < len(heavy)*forms.DemoHeavyCases {
				cust = heavy[(g/stride)%len(heavy)]
			} else {
				for {
					cust = d.rng.IntN(len(d.custIDs))
					if len(templates[d.member[cust]]) > 0 {
						break
					}
				}
			}
			g++
			ts1 := templates[d.member[cust]]
			t := ts1[d.rng.IntN(len(ts1))]
			t1 := t0.Add(time.Duration(1+d.rng.IntN(72)) * time.Hour)
			if t.dueDays > 0 {
				// The card comes back by its day, or a few days late.
				t1 = d.workTime(forms.Day(t0).AddDate(0, 0, 1+d.rng.IntN(t.dueDays+3)))
			}
			if !t1.Before(d.sampleFirst) {
				t1 = t0.Add(time.Duration(1+d.rng.IntN(30)) * time.Minute)
			}
			year := forms.Day(t0).Year()
			seqs[year]++
			c := &bulkCase{t: t, times: []time.Time{t0, t1}, year: year, seq: seqs[year]}
			d.tx.now = t0 // the new ids' time (demoIDs)
			c.rep = d.replacer(t, cust, fmt.Sprintf("%s-%s-%03d", code, forms.Day(t0).Format("20060102"), j+1),
				forms.ReceiptNumber(code, year, c.seq), c.times)
			if err := d.replay(c, 0); err != nil {
				return err
			}
			heap.Push(&pending, c)
			d.clock = t0
			if d.steps++; d.steps >= demoStepsPerTx {
				if err := d.bulkCommit(code, seqs); err != nil {
					return err
				}
			}
			if done++; done%100000 == 0 || done == n {
				d.report(fmt.Sprintf("批量历史：%s，%d / %d 件", forms.FormatDate(day), done, n))
			}
		}
	}
	if err := flushUntil(time.Time{}); err != nil {
		return err
	}
	if d.clock.Before(d.first) {
		d.clock = d.first
	}
	if err := restore(); err != nil {
		return err
	}
	return d.bulkCommit(code, seqs)
}

// chainHead is the newest audit entry's seq and hash, kept in memory by
// the bulk history (nothing else writes the log while it runs).
type chainHead struct {
	seq  int64
	hash string
}

// demoBulkTriggers are the triggers dropped while the bulk history runs
// (every statement of a table with an INSERT trigger gets a statement
// journal: a third of the time of a bulk case). audit_log_chain_insert only
// refuses entries off the chain, which demoAudit links as audit() does; the
// change triggers of the tables a bulk case inserts into (all keyed by a
// new id) each add the row ('table', id, ”), which replay adds itself
// right after the insert, in the same order. unprinted_receipts' triggers
// list a receipt at its insert and take it off at its print's, which a
// bulk case records in the same replay: left out, the list ends the same.
// Each is made again from its own stored SQL, unchanged, before the bulk
// history's last commit (verify compares them with the migrations').
var demoBulkTriggers = []string{"audit_log_chain_insert", "changes_audit_log_insert", "changes_cases_insert",
	"changes_receipts_insert", "changes_case_prints_insert", "changes_deposits_insert",
	"unprinted_receipts_issued", "unprinted_receipts_printed"}

// demoChangeTables are the tables whose change trigger replay stands in
// for: an insert into one adds its changes row.
var demoChangeTables = map[string]bool{"audit_log": true, "cases": true, "receipts": true, "case_prints": true, "deposits": true}

// dropBulkTriggers drops demoBulkTriggers in the batch transaction and
// returns the function that makes them again from their stored SQL.
func (d *demo) dropBulkTriggers() (func() error, error) {
	var sqls []string
	for _, name := range demoBulkTriggers {
		var text string
		if err := d.tx.QueryRowContext(d.ctx, "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?",
			name).Scan(&text); err != nil {
			return nil, fmt.Errorf("demo: read trigger %s: %w", name, err)
		}
		if _, err := d.tx.ExecContext(d.ctx, "DROP TRIGGER "+name); err != nil {
			return nil, fmt.Errorf("demo: drop trigger %s: %w", name, err)
		}
		sqls = append(sqls, text)
	}
	return func() error {
		for i, text := range sqls {
			if _, err := d.tx.ExecContext(d.ctx, text); err != nil {
				return fmt.Errorf("demo: make trigger %s again: %w", demoBulkTriggers[i], err)
			}
		}
		return nil
	}, nil
}

// changed adds the changes row of the new row id of table, as its change
// trigger would have.
func (d *demo) changed(table, id string) error {
	if _, err := d.tx.ExecContext(d.ctx, "INSERT INTO changes (tbl, k1, k2) VALUES (?, ?, '')", table, id); err != nil {
		return fmt.Errorf("demo bulk change of %s: %w", table, err)
	}
	return nil
}

// bulkCommit sets the receipt counters where the bulk history's series
// ended and commits the batch (the high-water-mark file follows them).
func (d *demo) bulkCommit(code string, seqs map[int]int64) error {
	for year, seq := range seqs {
		if _, err := d.tx.ExecContext(d.ctx, `INSERT INTO receipt_counters (station_code, year, last_seq) VALUES (?, ?, ?)
			ON CONFLICT (station_code, year) DO UPDATE SET last_seq = excluded.last_seq`, code, year, seq); err != nil {
			return fmt.Errorf("demo receipt counter: %w", err)
		}
		d.tx.issued = append(d.tx.issued, highWater{station: code, year: year, seq: seq})
	}
	if err := d.commitTx(); err != nil {
		return err
	}
	return d.beginTx()
}

// replacer makes the substitutions of one bulk case of template t for the
// customer cust: new ids, the customer, the case and receipt numbers, and
// the times (as stored, as JSON in local time and UTC, and the days).
func (d *demo) replacer(t *demoTemplate, cust int, caseNumber, receiptNumber string, times []time.Time) *strings.Replacer {
	pairs := make([]string, 0, 2*(len(t.ids)+12))
	for _, id := range t.ids {
		pairs = append(pairs, id, uuid.NewString())
	}
	pairs = append(pairs, t.custID, d.custIDs[cust], t.caseNumber, caseNumber, t.receiptNumber, receiptNumber)
	if t.custIDNumber != "" {
		pairs = append(pairs, t.custIDNumber, d.custIDNo[cust])
	}
	for i, old := range t.times {
		nt := times[i]
		pairs = append(pairs, ts(old).(string), ts(nt).(string),
			old.Format(time.RFC3339Nano), nt.Format(time.RFC3339Nano),
			old.UTC().Format(time.RFC3339Nano), nt.UTC().Format(time.RFC3339Nano))
	}
	if !t.due.IsZero() {
		nd := forms.Day(times[0]).AddDate(0, 0, t.dueDays)
		pairs = append(pairs, ts(t.due).(string), ts(nd).(string), t.due.Format(time.RFC3339Nano), nd.Format(time.RFC3339Nano),
			t.due.UTC().Format(time.RFC3339Nano), nd.UTC().Format(time.RFC3339Nano), forms.FormatDate(t.due), forms.FormatDate(nd))
	}
	for i, old := range t.times {
		pairs = append(pairs, forms.FormatDate(old), forms.FormatDate(times[i]))
	}
	pairs = append(pairs, t.custName, d.custName[cust])
	return strings.NewReplacer(pairs...)
}

// replay runs the writes of c's template made at its step-th time.
func (d *demo) replay(c *bulkCase, step int) error {
	ctx, tx := d.ctx, d.tx
	tx.now = c.times[step]
	for _, call := range c.t.calls {
		if !call.now.Equal(c.t.times[step]) {
			continue
		}
		args := make([]any, len(call.args))
		for i, a := range call.args {
			if s, ok := a.(string); ok {
				args[i] = c.rep.Replace(s)
			} else {
				args[i] = a
			}
		}
		if call.table == "receipts" && call.verb == "INSERT" {
			for i, col := range call.cols {
				switch col {
				case "year":
					args[i] = c.year
				case "seq":
					args[i] = c.seq
				}
			}
		}
		if call.table == "audit_log" {
			e, err := demoAudit(ctx, tx, d.head, call.cols, args)
			if err != nil {
				return err
			}
			d.head = chainHead{seq: e.Seq, hash: e.Hash}
			if err := d.changed("audit_log", e.ID); err != nil {
				return err
			}
			continue
		}
		if _, err := tx.ExecContext(ctx, call.query, args...); err != nil {
			return fmt.Errorf("demo bulk %s %s: %w", call.verb, call.table, err)
		}
		if call.verb == "INSERT" && demoChangeTables[call.table] {
			if err := d.changed(call.table, fmt.Sprint(args[0])); err != nil {
				return err
			}
		}
	}
	return nil
}

// demoAudit writes, through auditAfter() as audit() does, the entry whose
// stored columns cols had the values args in the template, after the
// newest entry head, and returns it. The template's before and after are
// already as stored (an update's cut down to what changed), so they are
// written as they are, not compared again.
func demoAudit(ctx context.Context, tx *txn, head chainHead, cols []string, args []any) (forms.AuditEntry, error) {
	m := map[string]any{}
	for i, c := range cols {
		if i < len(args) {
			m[c] = args[i]
		}
	}
	str := func(k string) string {
		s, _ := m[k].(string)
		return s
	}
	raw := func(k string) any {
		if s, ok := m[k].(string); ok {
			return json.RawMessage(s)
		}
		return nil
	}
	var w *who
	if id := str("user_id"); id != "" {
		w = &who{user: &forms.User{ID: id, Name: str("user_name")}}
		if ap := str("approved_by"); ap != "" {
			w.approver = &forms.User{Name: ap}
		}
	}
	return auditAfter(ctx, tx, w, auditRec{action: str("action"), entity: str("entity"), entityID: str("entity_id"),
		before: raw("before_json"), after: raw("after_json"), note: str("note"), stored: true}, head.seq, head.hash)
}
