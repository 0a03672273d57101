package store

import (
	"container/heap"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"counterdesk/forms"

	"github.com/google/uuid"
)

// The training station (`counterdesk demo`, forms.DemoPlan).
//
// Demo fills an empty data folder with a station made the way a real one
// is: Setup, AddUser, then customers through insertCustomer (search terms
// and all, as a member import writes them) and every case through the
// functions the screens' methods run inside their transactions — openCase,
// saveCase, acceptCase (receipt numbers from the station's counter, the
// deposit ledger), closeCase, cancelCase, voidReceipt, refundDeposit,
// addContactAttempt, forfeitDeposit, renew, recordPrint — and the loss
// declarations through DeclareLoss and ResolveLoss themselves.
//
// Every document a real station prints at a step is recorded as printed,
// as App.print records it (forms.Printout.Record: the same keys, copies
// and case): the receipt and the case's documents at acceptance, the
// renewal receipt, the 《保障金退还凭证》 of a refund, the loss
// declaration's documents when made and when resolved, and the 一次性告知单
// of a case left unaccepted for want of papers. So a later print from the
// customer's record is 补打, as on a real station. Many steps
// share one transaction for speed; each step runs in its own savepoint, so
// a step the rules refuse (a conflict with another open case) leaves no
// trace and is counted as skipped.
//
// The station's clock is the plan's: every step sets the transaction's
// time, in order, over the plan's days. UUIDs come from a generator seeded
// by the plan's seed (uuid.SetRand for the duration, demoIDs), and every
// choice from math/rand/v2 with that seed, so the same plan makes the same
// data.
// Password hashes and the recovery code are the only random values left.

// settingTraining is the settings row that marks a training station: every
// document it prints carries a 练习 watermark and its header says 练习模式.
// It is written by Demo only; no screen can change it.
const settingTraining = "station.training"

// ActTraining is the audit action of marking a station as a training station.
const ActTraining = "station.training"

// demoStepsPerTx is how many steps share one transaction.
const demoStepsPerTx = 20000

// Training reports whether the station is a training station (made by
// Demo).
func (db *DB) Training(ctx context.Context) (bool, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	return isTraining(ctx, tx)
}

// isTraining reads the training mark in tx.
func isTraining(ctx context.Context, tx *txn) (bool, error) {
	v, set, err := storedSetting(ctx, tx, settingTraining)
	return set && v == "yes", err
}

// DemoFolderEmpty refuses a data folder that exists and holds anything:
// a training station is only ever made in an empty (or new) folder.
func DemoFolderEmpty(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	} else if err != nil {
		return forms.Errorf(forms.EINVALID, "无法读取数据文件夹“%s”（%v），请换一个空文件夹", dir, err)
	}
	if len(entries) > 0 {
		return forms.Errorf(forms.EINVALID, "数据文件夹“%s”不是空的（有 %d 个文件或文件夹，例如 %s）。练习站点只能建在空文件夹中，"+
			"以免与真实数据混在一起：请指定一个新的或空的文件夹，例如 --data D:\\柜台通练习", dir, len(entries), entries[0].Name())
	}
	return nil
}

// Demo makes a training station in the empty folder dir by plan and
// returns what it made. progress, when not nil, is told how far it got in
// Chinese, a line at a time. A refused plan or a folder that is not empty
// is EINVALID and nothing is written; a failure halfway leaves the folder
// to be deleted by hand (it is a training station that was never used).
func Demo(ctx context.Context, dir string, plan forms.DemoPlan, progress func(string)) (*forms.DemoSummary, error) {
	if err := plan.Validate(); err != nil {
		return nil, err
	}
	if err := DemoFolderEmpty(dir); err != nil {
		return nil, err
	}
	if progress == nil {
		progress = func(string) {}
	}
	var key [32]byte
	binary.LittleEndian.PutUint64(key[:], plan.Seed)
	copy(key[8:], "counterdesk demo uuids")
	ids := &demoIDs{r: rand.NewChaCha8(key)}
	uuid.SetRand(ids)
	defer uuid.SetRand(nil)

	end := plan.End
	first := forms.Day(end).AddDate(0, 0, -(plan.Days - 1))
	d := &demo{
		ctx:         ctx,
		plan:        plan,
		rng:         rand.New(rand.NewPCG(plan.Seed, 0x636f756e74657264)),
		first:       first,
		end:         end,
		clock:       first.Add(7 * time.Hour),
		report:      progress,
		sampleFirst: forms.Day(end).AddDate(0, 0, -(plan.SampleDays() - 1)),
		srng:        rand.New(rand.NewPCG(plan.Seed, 0x7365727669636521)),
	}
	d.people = forms.NewDemoPeople(d.rng)
	ids.clock = d.now
	db, err := OpenClock(ctx, filepath.Join(dir, DBFileName), func() time.Time { return d.clock })
	if err != nil {
		return nil, err
	}
	defer db.Close()
	d.db = db
	// The training station's signing key comes from the seed too, so the
	// same plan makes the same station, audit log included.
	copy(key[8:], "counterdesk demo station key")
	db.keyRand = rand.NewChaCha8(key)
	// One connection with a large page cache: the batches' transactions
	// are large and touch the whole database, and with SQLite's default
	// 2 MB cache each step would read and spill pages through the disk. A
	// training station being made is thrown away if the PC fails, so its
	// commits need not wait for the disk (synchronous=OFF on this
	// connection only; the station opens later with the normal settings).
	db.db.SetMaxOpenConns(1)
	for _, pragma := range []string{"PRAGMA cache_size = -4194304", "PRAGMA synchronous = OFF", "PRAGMA temp_store = MEMORY"} {
		if _, err := db.db.ExecContext(ctx, pragma); err != nil {
			return nil, fmt.Errorf("demo: %s: %w", pragma, err)
		}
	}
	if err := d.setup(); err != nil {
		return nil, err
	}
	if err := d.calendars(); err != nil {
		return nil, err
	}
	if err := d.serviceLists(); err != nil {
		return nil, err
	}
	if err := d.customers(); err != nil {
		return nil, err
	}
	if err := d.bulk(plan.BulkCases()); err != nil {
		return nil, err
	}
	if err := d.cases(); err != nil {
		return nil, err
	}
	return d.summary()
}

// demo is one run of Demo.
type demo struct {
	ctx    context.Context
	db     *DB
	plan   forms.DemoPlan
	rng    *rand.Rand
	people *forms.DemoPeople
	first  time.Time // the first day
	end    time.Time // the station's now: nothing happens after it
	clock  time.Time // what db.Now returns
	report func(string)

	tx    *txn
	steps int // steps in tx

	supervisor, clerk forms.Actor
	clerkWho          *who
	services          []*forms.Service
	byKind            map[string][]*forms.Service // "renew", "deposit", "other"
	loss              *forms.Service
	lossOutcome       string

	custIDs     []string
	custName    []string // the customers' names and ID numbers (the bulk
	custIDNo    []string // history's receipts are made out to them)
	member      []bool
	busy        []bool
	heavy       []int     // customers with forms.DemoHeavyCases cases of the bulk history
	head        chainHead // the newest audit entry while the bulk history runs
	sampleFirst time.Time // the first day of the sample: the store's functions for every step

	queue   events
	seq     int64
	skipped int
	aims    map[string]int // stories started per service
	losses  int            // loss declarations made
	refused map[string]int // steps refused, by message

	// The service loop (issue 18: complaints, follow-up calls, ratings)
	// draws from its own source, so the cases are the same as without it.
	srng       *rand.Rand
	cats       []forms.ComplaintCategory // in use
	script     forms.FollowUpScript
	complaints int // complaints recorded
	followUps  int // complaints' follow-ups made due
	ratings    int // ratings recorded
}

// demoAims is the order the first stories of each service end in.
var demoAims = []int{aimCompleted, aimAccepted, aimWaiting, aimDraft, aimCancelled, aimVoided, aimForfeited, aimLost,
	aimCompleted, aimWaiting, aimDraft, aimCancelled}

// setup records the station, its two users and the training mark.
func (d *demo) setup() error {
	ctx := d.ctx
	st := forms.Station{BranchCode: forms.DemoBranchCode, BranchName: forms.DemoBranchName, Payee: forms.DemoPayee,
		Number: forms.DemoStation, Phone: forms.DemoPhone}
	if _, err := d.db.Setup(ctx, st, forms.DemoSupervisor, d.plan.Password, d.plan.Catalogue); err != nil {
		return err
	}
	tx, err := d.db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	sup, err := findUserByName(ctx, tx, forms.DemoSupervisor)
	if err != nil {
		return err
	}
	if sup == nil {
		return fmt.Errorf("demo: supervisor missing after set-up")
	}
	d.supervisor = forms.Actor{UserID: sup.ID}
	clerk, err := addUser(ctx, tx, d.supervisor, forms.DemoClerk, forms.RoleClerk, d.plan.Password)
	if err != nil {
		return err
	}
	// The clerk logs in with the password given, without changing it.
	if err := setPassword(ctx, tx, clerk.ID, d.plan.Password, false); err != nil {
		return err
	}
	clerk.MustChange = false
	d.clerk = forms.Actor{UserID: clerk.ID}
	d.clerkWho = &who{user: clerk}
	if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, 'yes', ?, ?)`,
		settingTraining, ts(tx.now), sup.ID); err != nil {
		return fmt.Errorf("mark training station: %w", err)
	}
	if err := audit(ctx, tx, &who{user: &sup.User}, auditRec{action: ActTraining, entity: "station",
		note: fmt.Sprintf("练习站点：演示数据，种子 %d，%d 位客户，%d 天", d.plan.Seed, d.plan.Customers, d.plan.Days)}); err != nil {
		return err
	}
	d.byKind = map[string][]*forms.Service{}
	for _, s := range d.plan.Catalogue.Services {
		svc, err := findService(ctx, tx, s.Code, 0)
		if err != nil {
			return err
		}
		d.services = append(d.services, svc)
		switch {
		case svc.Scheduled():
			d.byKind["renew"] = append(d.byKind["renew"], svc)
		case svc.Waiting != nil && len(svc.Outcomes) > 0:
			d.loss = svc
			for _, o := range svc.Outcomes {
				if o.Refunds && d.lossOutcome == "" {
					d.lossOutcome = o.ID
				}
			}
		case takesDeposit(svc):
			d.byKind["deposit"] = append(d.byKind["deposit"], svc)
		default:
			d.byKind["other"] = append(d.byKind["other"], svc)
		}
	}
	return tx.commit()
}

// calendars gives the training station the holiday calendar of every
// year it spans and the next (a complex complaint in late December, a loss
// period counted in working days), forms.DemoHolidayCalendar's (2026
// real, other years an approximation), saved by the supervisor through
// SetHolidayCalendar as on a real station: trainees can practise
// complaints and working-day loss periods from the first day.
func (d *demo) calendars() error {
	for y := max(d.first.Year(), 2000); y <= min(d.end.Year()+1, 2100); y++ { // the years a calendar may hold
		if err := d.db.SetHolidayCalendar(d.ctx, d.supervisor, forms.DemoHolidayCalendar(y)); err != nil {
			return fmt.Errorf("demo: holiday calendar %d: %w", y, err)
		}
	}
	return nil
}

// customers writes the plan's customers, created on the first day before
// the counter opens, 85 in 100 of them members.
func (d *demo) customers() error {
	n := d.plan.Customers
	d.custIDs = make([]string, n)
	d.custName = make([]string, n)
	d.custIDNo = make([]string, n)
	d.member = make([]bool, n)
	d.busy = make([]bool, n)
	today := forms.Day(d.end)
	if err := d.beginTx(); err != nil {
		return err
	}
	w := &who{user: &forms.User{ID: d.supervisor.UserID, Name: forms.DemoSupervisor, Role: forms.RoleSupervisor}}
	start := d.clock
	for i := 0; i < n; i++ {
		if err := d.ctx.Err(); err != nil {
			return err
		}
		c := d.people.Person(today)
		if d.rng.IntN(100) < 85 {
			c.Member = true
			years := 1 + d.rng.IntN(15)
			c.MemberSince = forms.Day(d.first).AddDate(-years, 0, -d.rng.IntN(365))
			// Paid through some years after joining: most ahead of today,
			// some behind (the fees-overdue reminder), a few never paid.
			if paid := years - 2 + d.rng.IntN(4); paid > 0 {
				c.TalentPaidThrough = c.MemberSince.AddDate(paid, 0, -1)
				c.ArchivePaidThrough = c.TalentPaidThrough
			}
		}
		if err := c.ValidateOn(today); err != nil {
			return fmt.Errorf("demo customer %d: %w", i, err)
		}
		d.tx.now = start.Add(time.Duration(i) * time.Millisecond)
		c.ID = uuid.NewString()
		c.CreatedAt, c.UpdatedAt = d.tx.now, d.tx.now
		if err := insertCustomer(d.ctx, d.tx, &c); err != nil {
			return err
		}
		d.custIDs[i], d.member[i] = c.ID, c.Member
		d.custName[i], d.custIDNo[i] = c.Name, c.IDNumber
		if d.steps++; d.steps >= demoStepsPerTx {
			if err := d.commitTx(); err != nil {
				return err
			}
			if err := d.beginTx(); err != nil {
				return err
			}
		}
		if (i+1)%100000 == 0 || i+1 == n {
			d.report(fmt.Sprintf("客户：%d / %d", i+1, n))
		}
	}
	// One audit entry for them all, as the training station's mark has:
	// a million entries of made-up people would double the database.
	d.tx.now = start.Add(time.Duration(n) * time.Millisecond)
	if err := audit(d.ctx, d.tx, w, auditRec{action: ActCustomerCreate, entity: "customer",
		note: fmt.Sprintf("演示数据：建立 %d 位客户档案", n)}); err != nil {
		return err
	}
	d.clock = d.tx.now
	return d.commitTx()
}

// demoIDs is the UUIDs' random source while Demo runs: the seed's ChaCha8
// stream, with the first 6 bytes of each UUID (a 16-byte read) replaced by
// the station clock's Unix milliseconds, big-endian, as UUIDv7 lays them
// out. The UUIDs made in time order then sort in time order, so the id
// indexes (and the change log's, and the audit log's by entity) grow at
// their end as a log does instead of at a random page each: with random
// ids, a station of 2,000,000 cases had its index pages outgrow the cache,
// and the bulk history slowed from 3 to 7 minutes per 100,000 cases. The
// uuid package still marks them version 4; nothing reads an id's bits.
type demoIDs struct {
	r     io.Reader
	clock func() time.Time // nil: the ChaCha8 bytes alone
}

// Read fills p from the seed's stream and, for a UUID, puts the clock's
// milliseconds in front.
func (g *demoIDs) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	if len(p) == 16 && n == 16 && g.clock != nil {
		var ms [8]byte
		binary.BigEndian.PutUint64(ms[:], uint64(g.clock().UnixMilli()))
		copy(p[:6], ms[2:])
	}
	return n, err
}

// now is the station's time for the next UUID: the batch transaction's
// when one is open, else the demo's clock.
func (d *demo) now() time.Time {
	if d.tx != nil {
		return d.tx.now
	}
	return d.clock
}

func (d *demo) beginTx() error {
	tx, err := d.db.begin(d.ctx)
	if err != nil {
		return err
	}
	tx.stmts = map[string]*sql.Stmt{}
	d.tx, d.steps = tx, 0
	return nil
}

func (d *demo) commitTx() error {
	if d.tx == nil {
		return nil
	}
	err := d.tx.commit()
	if err != nil {
		d.tx.Rollback()
	}
	d.tx = nil
	return err
}

// step runs f at time at in its own savepoint of the batch transaction. A
// refusal by the rules (a *forms.Error that is not internal) rolls the
// step back and reports false; any other error is returned.
func (d *demo) step(at time.Time, f func(tx *txn) error) (bool, error) {
	if d.tx == nil {
		if err := d.beginTx(); err != nil {
			return false, err
		}
	}
	tx := d.tx
	tx.now, d.clock = at, at
	if _, err := tx.ExecContext(d.ctx, "SAVEPOINT demo_step"); err != nil {
		return false, fmt.Errorf("savepoint: %w", err)
	}
	issued := len(tx.issued)
	err := f(tx)
	if err == nil {
		if _, err := tx.ExecContext(d.ctx, "RELEASE demo_step"); err != nil {
			return false, fmt.Errorf("release savepoint: %w", err)
		}
		if d.steps++; d.steps >= demoStepsPerTx {
			return true, d.commitTx()
		}
		return true, nil
	}
	var fe *forms.Error
	if !errors.As(err, &fe) || fe.Code == forms.EINTERNAL {
		return false, err
	}
	if _, err := tx.ExecContext(d.ctx, "ROLLBACK TO demo_step; RELEASE demo_step"); err != nil {
		return false, fmt.Errorf("roll back savepoint: %w", err)
	}
	tx.issued = tx.issued[:issued]
	d.refuse(fe)
	return false, nil
}

// exported runs an exported method (its own transaction) at time at, after
// committing the batch; a refusal by the rules reports false.
func (d *demo) exported(at time.Time, f func() error) (bool, error) {
	if err := d.commitTx(); err != nil {
		return false, err
	}
	d.clock = at
	err := f()
	if err == nil {
		return true, nil
	}
	var fe *forms.Error
	if !errors.As(err, &fe) || fe.Code == forms.EINTERNAL {
		return false, err
	}
	d.refuse(fe)
	return false, nil
}

// refuse counts a step the rules refused, by its message.
func (d *demo) refuse(fe *forms.Error) {
	d.skipped++
	if d.refused == nil {
		d.refused = map[string]int{}
	}
	d.refused[fe.Message]++
}

// The end a story aims for.
const (
	aimDraft = iota
	aimCancelled
	aimAccepted
	aimWaiting
	aimCompleted
	aimVoided
	aimForfeited
	aimLost
)

// story is one case from opening to where it ends.
type story struct {
	svc      *forms.Service
	cust     int
	aim      int
	caseID   string
	receipt  *forms.Receipt
	deposit  *forms.Deposit
	lossID   string
	promised time.Time
	deferred string
	terminal bool
	done     bool // the case completed

	// A story of the service loop (steps 70 on) has no case: it is a
	// complaint and its follow-up, or a poor rating's follow-up.
	complaint *forms.Complaint
	followUp  *forms.FollowUp
	told      forms.DemoComplaint // what the complaint says
	fate      int                 // the complaint's or the call's end (fate* constants)
	tries     int                 // calls tried
}

// event is a step of a story at a time.
type event struct {
	at   time.Time
	seq  int64
	s    *story
	step int
}

type events []event

func (e events) Len() int { return len(e) }
func (e events) Less(i, j int) bool {
	if !e[i].at.Equal(e[j].at) {
		return e[i].at.Before(e[j].at)
	}
	return e[i].seq < e[j].seq
}
func (e events) Swap(i, j int) { e[i], e[j] = e[j], e[i] }
func (e *events) Push(x any)   { *e = append(*e, x.(event)) }
func (e *events) Pop() any {
	old := *e
	x := old[len(old)-1]
	*e = old[:len(old)-1]
	return x
}

// schedule queues a step of s at at; a step after the station's now never
// happens (the story stays where it got to, as at a real counter).
func (d *demo) schedule(s *story, step int, at time.Time) {
	if !at.After(d.clock) {
		// A follow-up drawn for earlier on the day it happens (the same
		// day as its step): a little after it, so time never runs back.
		at = d.clock.Add(time.Duration(5+d.rng.IntN(55)) * time.Minute)
	}
	if at.After(d.end) {
		d.release(s)
		return
	}
	d.seq++
	heap.Push(&d.queue, event{at: at, seq: d.seq, s: s, step: step})
}

// release frees the story's customer for another story once the case is
// closed; an open case keeps its customer.
func (d *demo) release(s *story) {
	if !s.terminal {
		return
	}
	d.busy[s.cust] = false
	// Who may be served next follows what the completion changed (the
	// store recorded it): 落户 makes a member; 转户 and 转档 end what a
	// member is served for.
	if oc := s.svc.OnComplete; s.done && oc != nil && oc.Child == nil {
		switch {
		case oc.Membership == forms.MembershipJoin:
			d.member[s.cust] = true
		case oc.Membership == forms.MembershipLeave, oc.Archive == forms.ArchiveLeave:
			d.member[s.cust] = false
		}
	}
}

// workTime returns a random time during opening hours (08:30–17:00) on the
// day, moved to Monday from a Sunday.
func (d *demo) workTime(day time.Time) time.Time {
	day = forms.Day(day)
	if day.Weekday() == time.Sunday {
		day = day.AddDate(0, 0, 1)
	}
	return day.Add(8*time.Hour + 30*time.Minute + time.Duration(d.rng.IntN(8*3600+1800))*time.Second)
}

// cases runs the plan's cases over its days: each working day opens its
// share of new stories, and the steps of all stories run in time order.
func (d *demo) cases() error {
	total := d.plan.CaseCount() - d.plan.BulkCases()
	var workdays []time.Time
	for day := d.sampleFirst; !day.After(d.end); day = day.AddDate(0, 0, 1) {
		if day.Weekday() != time.Sunday {
			workdays = append(workdays, day)
		}
	}
	if len(workdays) == 0 {
		workdays = append(workdays, d.sampleFirst)
	}
	started := 0
	for i, day := range workdays {
		n := total*(i+1)/len(workdays) - total*i/len(workdays)
		for j := 0; j < n; j++ {
			if s := d.newStory(); s != nil {
				d.schedule(s, 0, d.workTime(day))
			}
		}
		d.newComplaint(day)
		started += n
		next := d.end
		if i+1 < len(workdays) {
			next = workdays[i+1]
		}
		for d.queue.Len() > 0 && d.queue[0].at.Before(next) {
			if err := d.ctx.Err(); err != nil {
				return err
			}
			ev := heap.Pop(&d.queue).(event)
			if err := d.run(ev); err != nil {
				return err
			}
		}
		if (i+1)%30 == 0 || i+1 == len(workdays) {
			d.report(fmt.Sprintf("业务：%s，已开始 %d / %d 件", forms.FormatDate(day), started, total))
		}
	}
	for d.queue.Len() > 0 {
		ev := heap.Pop(&d.queue).(event)
		if err := d.run(ev); err != nil {
			return err
		}
	}
	return d.commitTx()
}

// newStory picks a service, an aim and a free customer the service admits;
// nil when none was found.
func (d *demo) newStory() *story {
	var kind string
	switch n := d.rng.IntN(100); {
	case n < 50 && len(d.byKind["renew"]) > 0:
		kind = "renew"
	case n < 88 && len(d.byKind["deposit"]) > 0:
		kind = "deposit"
	default:
		kind = "other"
	}
	if len(d.byKind[kind]) == 0 {
		kind = "other"
	}
	list := d.byKind[kind]
	if len(list) == 0 {
		return nil
	}
	svc := list[d.rng.IntN(len(list))]
	if kind == "deposit" && len(list) > 1 && d.rng.IntN(100) < 80 {
		// The shortest lending (借户籍卡) is the everyday one.
		for _, c := range list {
			if c.ReturnDays > 0 && (svc.ReturnDays == 0 || c.ReturnDays < svc.ReturnDays) {
				svc = c
			}
		}
	}
	s := &story{svc: svc, cust: -1}
	for try := 0; try < 8; try++ {
		i := d.rng.IntN(len(d.custIDs))
		if d.busy[i] {
			continue
		}
		if svc.ForMembers && !d.member[i] || svc.ForNonMembers && d.member[i] {
			continue
		}
		s.cust = i
		break
	}
	if s.cust < 0 {
		d.skipped++
		return nil
	}
	d.busy[s.cust] = true
	// The first stories of each service go through every end in turn, so
	// even a small station has each service in each state; the rest are
	// drawn.
	if d.aims == nil {
		d.aims = map[string]int{}
	}
	d.aims[svc.Code]++
	if k := d.aims[svc.Code]; k <= len(demoAims) && kind != "renew" {
		s.aim = demoAims[k-1]
		if (s.aim == aimForfeited || s.aim == aimLost) && kind != "deposit" {
			s.aim = aimCompleted
		}
		return s
	}
	switch n := d.rng.IntN(1000); {
	case kind == "renew":
		s.aim = aimCompleted
		if n < 40 {
			s.aim = aimVoided
		}
	case n < 40:
		s.aim = aimDraft
	case n < 100:
		s.aim = aimCancelled
	case n < 170:
		s.aim = aimAccepted
	case n < 250:
		s.aim = aimWaiting
	case n < 290:
		s.aim = aimVoided
	case n < 320 && kind == "deposit":
		s.aim = aimForfeited
	case n < 322 && kind == "deposit" && d.loss != nil && d.lossOutcome != "":
		s.aim = aimLost
	default:
		s.aim = aimCompleted
	}
	return s
}

// pay returns a payment: cash, card or mobile with a reference.
func (d *demo) pay() forms.Payment {
	switch n := d.rng.IntN(100); {
	case n < 45:
		return forms.Payment{Method: forms.PayCash}
	case n < 60:
		return forms.Payment{Method: forms.PayCard, Reference: fmt.Sprintf("6222%012d", d.rng.Int64N(1e12))}
	default:
		return forms.Payment{Method: forms.PayMobile, Reference: fmt.Sprintf("4200%016d", d.rng.Int64N(1e16))}
	}
}

// answers answers every question of svc that applies to cust on day.
func (d *demo) answers(svc *forms.Service, cust *forms.Customer, day time.Time) map[string]string {
	ans := map[string]string{}
	for pass := 0; pass < 4; pass++ {
		ev := svc.Evaluate(cust, ans, day, nil)
		added := false
		for _, q := range ev.Questions {
			if ans[q.ID] != "" {
				continue
			}
			added = true
			switch q.Type {
			case forms.QChoice:
				if len(q.Options) > 0 {
					ans[q.ID] = q.Options[d.rng.IntN(len(q.Options))].Value
				}
			case forms.QBool:
				ans[q.ID] = "yes"
				// The guardian's consent is always given: without it the
				// case's last paper can never be received, a 提醒 line a
				// trainee could not finish (issue 18b C2).
				if d.rng.IntN(4) == 0 && !childConsent(svc, q.ID) {
					ans[q.ID] = "no"
				}
			case forms.QYear:
				ans[q.ID] = strconv.Itoa(day.Year() - d.rng.IntN(6))
			case forms.QDate:
				if q.NotFuture {
					ans[q.ID] = forms.FormatDate(day.AddDate(0, 0, -1-d.rng.IntN(28)))
				} else {
					ans[q.ID] = forms.FormatDate(day.AddDate(0, 0, 1+d.rng.IntN(30)))
				}
			default:
				ans[q.ID] = d.people.DemoText(q.Label)
			}
		}
		if !added {
			break
		}
	}
	return ans
}

// childConsent reports whether question id of svc is the guardian's
// consent its completion needs to record a child (forms.ChildQuestions).
func childConsent(svc *forms.Service, id string) bool {
	c := svc.OnComplete
	return c != nil && c.Child != nil && c.Child.Consent == id
}

// run does one step of a story.
func (d *demo) run(ev event) error {
	s := ev.s
	var ok bool
	var err error
	switch ev.step {
	case 0:
		if s.svc.Scheduled() {
			ok, err = d.step(ev.at, func(tx *txn) error { return d.renew(tx, s) })
			if ok && s.aim == aimVoided {
				d.schedule(s, 10, ev.at.Add(time.Duration(5+d.rng.IntN(40))*time.Minute))
				return err
			}
			if ok && err == nil {
				err = d.rate(s, ev.at)
			}
			s.terminal = true
		} else {
			ok, err = d.step(ev.at, func(tx *txn) error { return d.open(tx, s, ev.at) })
			if ok {
				d.next(s, ev.at)
				return err
			}
			s.terminal = true
		}
	case 10: // void the receipt
		ok, err = d.step(ev.at, func(tx *txn) error {
			return voidReceipt(d.ctx, tx, d.supervisor, s.receipt.ID, "演示：收款金额录错，作废重开")
		})
		if ok && !s.svc.Scheduled() {
			d.schedule(s, 11, ev.at.Add(5*time.Minute))
			return err
		}
		s.terminal = true
	case 11: // the case the void sent back is cancelled
		_, err = d.step(ev.at, func(tx *txn) error {
			return cancelCase(d.ctx, tx, d.clerk, s.caseID, "收据作废后客户决定暂不办理")
		})
		s.terminal = true
	case 20: // cancel a draft
		_, err = d.step(ev.at, func(tx *txn) error {
			return cancelCase(d.ctx, tx, d.clerk, s.caseID, "客户材料不齐，改日再来办理")
		})
		s.terminal = true
	case 30: // the papers promised arrive (已补交); the case completes
		ok, err = d.exported(ev.at, func() error {
			var r forms.Requirement
			for _, q := range s.svc.Requirements {
				if q.ID == s.deferred {
					r = q
				}
			}
			st := r.Received()
			c, err := d.db.ReceivePromisedPaper(d.ctx, d.clerk, s.caseID, s.deferred, st.Originals, st.Copies)
			if err == nil && c.Status == forms.CaseCompleted {
				s.terminal, s.done = true, true
			}
			return err
		})
		if ok && s.done && err == nil {
			err = d.rate(s, ev.at)
		}
		if ok && s.deposit != nil {
			d.schedule(s, 40, d.workTime(ev.at.AddDate(0, 0, 3+d.rng.IntN(20))))
			return err
		}
		if ok && !s.terminal {
			d.schedule(s, 31, ev.at.Add(time.Duration(10+d.rng.IntN(50))*time.Minute))
			return err
		}
	case 31: // complete (办结); the customer may rate it
		s.done, err = d.step(ev.at, func(tx *txn) error {
			_, err := closeCase(d.ctx, tx, d.clerk, s.caseID)
			return err
		})
		if s.done && err == nil {
			err = d.rate(s, ev.at)
		}
		s.terminal = true
	case 40: // the card comes back: refund the deposit, print the voucher
		s.done, err = d.step(ev.at, func(tx *txn) error {
			dep, err := refundDeposit(d.ctx, tx, d.supervisor, forms.RefundRequest{DepositID: s.deposit.ID,
				Returned: []string{forms.ReturnedCard, forms.ReturnedPromise, forms.ReturnedReceipt},
				Payment:  forms.Payment{Method: s.deposit.Method, Reference: s.receipt.Payment.Reference}})
			if err != nil {
				return err
			}
			// The clerk logged in prints it, as the refund desk does.
			return d.printed(tx, d.clerkWho, &forms.Printout{Kind: forms.PrintRefundVoucher, Deposit: dep})
		})
		if s.done && err == nil {
			err = d.rate(s, ev.at)
		}
		s.terminal = true
	case 50: // overdue: the clerk phones
		ok, err = d.step(ev.at, func(tx *txn) error {
			return addContactAttempt(d.ctx, tx, d.clerk, s.deposit.ID, "电话", "无人接听，已发短信提醒归还户籍卡")
		})
		if ok && s.aim == aimForfeited {
			d.schedule(s, 51, d.workTime(ev.at.AddDate(0, 0, 10+d.rng.IntN(10))))
			return err
		}
	case 51: // forfeit
		s.done, err = d.step(ev.at, func(tx *txn) error {
			return forfeitDeposit(d.ctx, tx, d.supervisor, s.deposit.ID, "逾期未归还户籍卡，多次联系未果，按承诺书没收")
		})
		s.terminal = true
	case 60: // the receipt is lost: a loss declaration
		ok, err = d.exported(ev.at, func() error {
			l, err := d.db.DeclareLoss(d.ctx, d.clerk, d.loss.Code, forms.LossDeclaration{CustomerID: d.custIDs[s.cust],
				Kind: forms.LostReceipt, DocNumber: s.receipt.Number, Amount: s.receipt.Total, Story: "演示：保障金收据不慎遗失"})
			if err == nil {
				err = d.printedLoss(d.clerk, l, nil)
			}
			if err == nil {
				s.lossID = l.ID
				// One declaration in three is still pending (its period
				// over: the loss reminder), the others are resolved.
				if d.losses++; d.losses%3 != 2 {
					d.schedule(s, 61, d.workTime(l.FirstDay()))
				}
			}
			return err
		})
		if ok {
			return err
		}
	case 61: // the loss period is over: resolved as a refund, then refunded
		ok, err = d.exported(ev.at, func() error {
			l, err := d.db.ResolveLoss(d.ctx, d.supervisor, s.lossID, d.lossOutcome, true)
			if err != nil {
				return err
			}
			return d.printedLoss(d.supervisor, l, d.loss.Outcome(l.Outcome))
		})
		if ok {
			d.schedule(s, 40, ev.at.Add(10*time.Minute))
			return err
		}
	default: // the service loop's steps
		if ev.step >= stepComplaint {
			return d.serviceStep(ev)
		}
	}
	d.release(s)
	return err
}

// open opens, fills in and (unless the story stays a draft) accepts a case.
func (d *demo) open(tx *txn, s *story, at time.Time) error {
	ctx := d.ctx
	c, existing, err := openCase(ctx, tx, d.clerk, d.custIDs[s.cust], s.svc.Code)
	if err != nil {
		return err
	}
	if existing {
		return forms.Errorf(forms.ECONFLICT, "该客户已有同一业务的受理单")
	}
	s.caseID = c.ID
	cust, err := findCustomer(ctx, tx, c.CustomerID)
	if err != nil {
		return err
	}
	day := forms.Day(at)
	ans := d.answers(s.svc, cust, day)
	ev := s.svc.Evaluate(cust, ans, day, nil)
	items := map[string]forms.ItemState{}
	for _, it := range ev.Items {
		items[it.ID] = it.Requirement.Received()
	}
	// A completed story waits for a paper now and then: each arrival is a
	// transaction of its own (ReceivePromisedPaper), so not too often.
	if s.aim == aimWaiting || (s.aim == aimCompleted && (d.aims[s.svc.Code] <= len(demoAims) || d.rng.IntN(200) == 0)) {
		if len(ev.Items) > 0 {
			it := ev.Items[d.rng.IntN(len(ev.Items))]
			s.deferred = it.ID
			s.promised = day.AddDate(0, 0, 1+d.rng.IntN(14))
			items[it.ID] = forms.ItemState{Status: forms.ItemDeferred, PromisedBy: s.promised}
		} else if s.aim == aimWaiting {
			s.aim = aimAccepted
		}
	}
	if s.aim == aimDraft || s.aim == aimCancelled {
		if s.aim == aimDraft {
			delete(items, s.deferred)
		} else {
			items = nil
		}
		k, err := saveCase(ctx, tx, d.clerk, c.ID, ans, items)
		if err != nil {
			return err
		}
		// Left unaccepted for want of papers: the customer takes the
		// 一次性告知单 home.
		if ev := s.svc.Evaluate(cust, k.Answers, k.EvaluationDay(at), k.Items); len(ev.Missing) > 0 {
			return d.printed(tx, d.clerkWho, &forms.Printout{Kind: forms.PrintNotice, Case: k, Service: s.svc, Evaluation: &ev})
		}
		return nil
	}
	// The documents the case screen prints on acceptance are those of its
	// evaluation before accepting (the same day, answers and checklist).
	saved, err := saveCase(ctx, tx, d.clerk, c.ID, ans, items)
	if err != nil {
		return err
	}
	docs := s.svc.Evaluate(cust, saved.Answers, saved.EvaluationDay(at), saved.Items).Documents
	k, r, dep, err := acceptCase(ctx, tx, d.clerk, c.ID, d.pay(), time.Time{})
	if err != nil {
		return err
	}
	s.receipt, s.deposit = r, dep
	return d.printed(tx, d.clerkWho, acceptancePrintouts(k, s.svc, r, docs)...)
}

// acceptancePrintouts is what the case screen prints when the case k is
// accepted (caseaccept.go): the receipt r, if any, then every document
// docs, copies included, as one PDF. Only what a print record is made of
// is filled in.
func acceptancePrintouts(k *forms.Case, svc *forms.Service, r *forms.Receipt, docs []forms.Document) []*forms.Printout {
	var ps []*forms.Printout
	if r != nil {
		ps = append(ps, &forms.Printout{Kind: forms.PrintReceipt, Case: k, Service: svc, Receipt: r})
	}
	for i := range docs {
		ps = append(ps, &forms.Printout{Kind: forms.PrintDocument, Case: k, Service: svc, Document: &docs[i]})
	}
	return ps
}

// printed records the first print of each of ps in tx as App.print does
// (forms.Printout.Record, through recordPrint, which RecordPrints runs for
// each record): the same document keys, copies and case. A printout that
// is not recorded (it belongs to no case) is left out.
func (d *demo) printed(tx *txn, w *who, ps ...*forms.Printout) error {
	for _, p := range ps {
		if r, ok := p.Record(); ok {
			if err := recordPrint(d.ctx, tx, w, r); err != nil {
				return err
			}
		}
	}
	return nil
}

// printedLoss records, through RecordPrints, what the loss screen prints
// when the declaration l is made (o nil) or resolved with the outcome o
// (lossdeclaration.go printDecl), by the user a logged in.
func (d *demo) printedLoss(a forms.Actor, l *forms.LossDeclaration, o *forms.Outcome) error {
	var recs []forms.PrintRecord
	for _, p := range l.Printouts(d.loss, forms.Station{}, "", nil, o, d.clock) {
		if r, ok := p.Record(); ok {
			recs = append(recs, r)
		}
	}
	return d.db.RecordPrints(d.ctx, a, recs)
}

// next schedules what follows an opened case, by the story's aim.
func (d *demo) next(s *story, at time.Time) {
	switch {
	case s.aim == aimDraft:
		d.release(s)
	case s.aim == aimCancelled:
		d.schedule(s, 20, at.Add(time.Duration(5+d.rng.IntN(60))*time.Minute))
	case s.aim == aimVoided && s.receipt != nil:
		d.schedule(s, 10, at.Add(time.Duration(3+d.rng.IntN(30))*time.Minute))
	case s.deferred != "" && s.aim != aimWaiting:
		d.schedule(s, 30, d.workTime(s.promised.AddDate(0, 0, -d.rng.IntN(2))))
	case s.deposit != nil && (s.aim == aimForfeited || s.aim == aimAccepted && d.rng.IntN(3) == 0):
		// Overdue: contacted (and for a forfeit, forfeited later).
		d.schedule(s, 50, d.workTime(s.deposit.ReturnDue.AddDate(0, 0, 1+d.rng.IntN(5))))
	case s.deposit != nil && s.aim == aimLost:
		d.schedule(s, 60, d.workTime(at.AddDate(0, 0, 1+d.rng.IntN(5))))
	case s.deposit != nil && (s.aim == aimCompleted || s.aim == aimVoided):
		days := forms.DaysBetween(forms.Day(at), s.deposit.ReturnDue)
		d.schedule(s, 40, d.workTime(at.AddDate(0, 0, 1+d.rng.IntN(max(days+5, 2)))))
	case s.aim == aimCompleted || s.aim == aimVoided:
		d.schedule(s, 31, d.workTime(at.AddDate(0, 0, d.rng.IntN(10))).Add(time.Hour))
	default:
		d.release(s) // accepted or waiting: stays open
	}
}

// renew renews a member's fees for one or two years, with its receipt
// printed.
func (d *demo) renew(tx *txn, s *story) error {
	req := forms.RenewalRequest{Service: s.svc.Code, Months: 12}
	if d.rng.IntN(5) == 0 {
		req.Months = 24
	}
	for _, f := range s.svc.Fees {
		if f.Schedule != "" && f.Table != nil {
			req.Fees = append(req.Fees, f.ID)
		}
	}
	r, err := renew(d.ctx, tx, d.clerk, d.custIDs[s.cust], req, d.pay())
	if err != nil {
		return err
	}
	s.receipt, s.caseID = r, r.CaseID
	// As the renewal screen prints it (renewal.go printReceipt).
	return d.printed(tx, d.clerkWho, &forms.Printout{Kind: forms.PrintReceipt, Service: s.svc, Receipt: r,
		Case: &forms.Case{ID: r.CaseID, ServiceCode: s.svc.Code, CustomerID: r.CustomerID}})
}

// summary counts what the station holds.
func (d *demo) summary() (*forms.DemoSummary, error) {
	ctx := d.ctx
	tx, err := d.db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	sum := &forms.DemoSummary{CasesByStatus: map[forms.CaseStatus]int{}, Skipped: d.skipped, Refused: d.refused,
		First: d.first, Last: d.end}
	one := func(q string, dst *int) error {
		if err := tx.QueryRowContext(ctx, q).Scan(dst); err != nil {
			return fmt.Errorf("demo summary: %w", err)
		}
		return nil
	}
	for q, dst := range map[string]*int{
		"SELECT count(*) FROM customers":                          &sum.Customers,
		"SELECT count(*) FROM customers WHERE member = 1":         &sum.Members,
		"SELECT count(*) FROM cases":                              &sum.Cases,
		"SELECT count(*) FROM receipts":                           &sum.Receipts,
		"SELECT count(*) FROM receipts WHERE voided = 1":          &sum.Voided,
		"SELECT count(*) FROM deposits WHERE state = 'held'":      &sum.DepositsHeld,
		"SELECT count(*) FROM deposits WHERE state = 'refunded'":  &sum.DepositsRefunded,
		"SELECT count(*) FROM deposits WHERE state = 'forfeited'": &sum.DepositsForfeited,
		"SELECT count(DISTINCT receipt_id) FROM renewals":         &sum.Renewals,
		"SELECT count(*) FROM loss_declarations":                  &sum.LossDeclarations,
		"SELECT count(*) FROM complaints":                         &sum.Complaints,
		"SELECT count(*) FROM follow_ups":                         &sum.FollowUps,
		"SELECT count(*) FROM ratings":                            &sum.Ratings,
	} {
		if err := one(q, dst); err != nil {
			return nil, err
		}
	}
	rows, err := tx.QueryContext(ctx, "SELECT status, count(*) FROM cases GROUP BY status")
	if err != nil {
		return nil, fmt.Errorf("demo summary: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		sum.CasesByStatus[forms.CaseStatus(st)] = n
	}
	return sum, rows.Err()
}

// The service loop's steps (issue 18): a complaint from being recorded to
// its follow-up call, and a poor rating's follow-up. Each runs through the
// store's exported method, as the 投诉 and 回访 screens call it.
const (
	stepComplaint = 70 // recorded by the clerk (首接负责制: the clerk owns it)
	stepHandling  = 71 // a step of handling: who was asked, what they said
	stepAnswer    = 72 // the first answer to the customer
	stepClose     = 73 // closed with the outcome: the follow-up falls due
	stepCall      = 80 // a follow-up call (or a try)
	stepAssign    = 85 // the supervisor names who calls about a poor rating
)

// How a complaint or a call ends.
const (
	fateInTime      = iota // answered before the deadline, closed, called back
	fateLate               // answered after the deadline
	fateOpen               // still open on the station's today
	fateDone               // the call made and scored
	fateUnreachable        // three tries without an answer: 无法联系
	fateCallback           // not convenient: called back at the time agreed
)

// serviceLists reads what the service loop needs from the new station: the
// complaint categories in use and the follow-up call's script.
func (d *demo) serviceLists() error {
	cats, err := d.db.ComplaintCategories(d.ctx)
	if err != nil {
		return err
	}
	for _, c := range cats {
		if !c.Off {
			d.cats = append(d.cats, c)
		}
	}
	d.script, err = d.db.FollowUpScript(d.ctx)
	return err
}

// serviceAt returns t+after moved into opening hours: a time after 17:00,
// before 08:30 or on a Sunday becomes the next working morning, 09:00 to
// 11:00.
func (d *demo) serviceAt(t time.Time, after time.Duration) time.Time {
	at := t.Add(after)
	day := forms.Day(at)
	open, shut := day.Add(8*time.Hour+30*time.Minute), day.Add(17*time.Hour)
	if at.Before(open) || !at.Before(shut) || day.Weekday() == time.Sunday {
		if !at.Before(open) {
			day = day.AddDate(0, 0, 1)
		}
		if day.Weekday() == time.Sunday {
			day = day.AddDate(0, 0, 1)
		}
		at = day.Add(9*time.Hour + time.Duration(d.srng.IntN(7200))*time.Second)
	}
	return at
}

// hours returns a duration of from to to hours, drawn by the service loop.
func (d *demo) hours(from, to int) time.Duration {
	return time.Duration(from*60+d.srng.IntN((to-from)*60+1)) * time.Minute
}

// scheduleService queues a step of the service loop at at (never before
// the station's clock); a step after the station's now never happens: the
// complaint or call stays where it got to, as on a real station.
func (d *demo) scheduleService(s *story, step int, at time.Time) {
	if !at.After(d.clock) {
		at = d.clock.Add(10 * time.Minute)
	}
	if at.After(d.end) {
		return
	}
	d.seq++
	heap.Push(&d.queue, event{at: at, seq: d.seq, s: s, step: step})
}

// newComplaint starts a complaint on about one working day in five (some
// five a month) at a time of the day.
func (d *demo) newComplaint(day time.Time) {
	if d.srng.IntN(5) != 0 {
		return
	}
	d.scheduleService(&story{cust: -1}, stepComplaint, d.serviceAt(forms.Day(day).Add(8*time.Hour+30*time.Minute), d.hours(0, 8)))
}

// rate records, on one completed case in four, the customer's rating at
// 办结 (RateCase, by the clerk who completed it): mostly 非常满意 and 满意,
// a few 基本满意 and 婉拒评价, and every fifteenth rating 不满意 (every
// forty-fifth 非常不满意), whose follow-up the supervisor assigns and
// makes (unless it is of the station's last days: lastDays).
func (d *demo) rate(s *story, at time.Time) error {
	if d.srng.IntN(4) != 0 {
		return nil
	}
	d.ratings++
	n := d.ratings
	var level forms.RatingLevel
	switch k := d.srng.IntN(100); {
	case n%45 == 22:
		level = forms.RatingVeryDissatisfied
	case n%15 == 7:
		level = forms.RatingDissatisfied
	case k < 50:
		level = forms.RatingVerySatisfied
	case k < 85:
		level = forms.RatingSatisfied
	case k < 95:
		level = forms.RatingBasic
	default:
		level = forms.RatingDeclined
	}
	r := forms.Rating{CaseID: s.caseID, Level: level}
	if cs := forms.DemoRatingComments[level]; len(cs) > 0 {
		r.Comment = cs[d.srng.IntN(len(cs))]
	}
	_, err := d.exported(at, func() error {
		_, f, err := d.db.RateCase(d.ctx, d.clerk, r)
		if err == nil && f != nil && !d.lastDays(at) {
			fs := &story{cust: -1, followUp: f, fate: fateDone}
			if n%2 == 0 {
				fs.fate = fateCallback
			}
			d.scheduleService(fs, stepAssign, d.serviceAt(at, d.hours(1, 4)))
		}
		return err
	})
	return err
}

// demoOpenCalls is how many days before the station's now a follow-up
// falls due and is left to be made: trainees find calls on the 回访 tab and
// in 提醒 (a poor rating's still to be assigned), some past their 72 hours.
const demoOpenCalls = 7 * 24 * time.Hour

// lastDays reports whether at is within demoOpenCalls of the station's now.
func (d *demo) lastDays(at time.Time) bool { return d.end.Sub(at) < demoOpenCalls }

// caller is the actor who makes the follow-up f: the clerk or the
// supervisor.
func (d *demo) caller(f *forms.FollowUp) forms.Actor {
	if f.CallerID == d.clerk.UserID {
		return d.clerk
	}
	return d.supervisor
}

// serviceStep runs one step of the service loop.
func (d *demo) serviceStep(ev event) error {
	s, ctx := ev.s, d.ctx
	var ok bool
	var err error
	switch ev.step {
	case stepComplaint:
		d.complaints++
		n := d.complaints
		s.told = forms.DemoComplaints[(n-1)%len(forms.DemoComplaints)]
		switch n % 7 {
		case 2:
			s.fate = fateLate
		case 5:
			s.fate = fateOpen
		default:
			s.fate = fateInTime
		}
		c := forms.Complaint{Channel: forms.ComplaintChannels[d.srng.IntN(len(forms.ComplaintChannels))],
			Category: s.told.Category, Words: s.told.Words, Request: s.told.Request, Complexity: forms.ComplaintSimple}
		if forms.FindComplaintCategory(d.cats, c.Category) == nil && len(d.cats) > 0 {
			c.Category = d.cats[0].Code
		}
		if n%4 == 3 {
			c.Complexity = forms.ComplaintComplex
		}
		if n%5 == 1 {
			// Every fifth complaint is by phone from a caller who is not
			// the station's customer and gives a name and a phone for the
			// answer and the follow-up call — counted, not drawn, so the
			// station has one whatever the other draws were.
			c.Channel = forms.ChannelPhone
			p := forms.NewDemoPeople(d.srng)
			c.CallerName, c.CallerPhone = p.Name(d.srng.IntN(2) == 0), p.Mobile()
		} else {
			c.CustomerID = d.custIDs[d.srng.IntN(len(d.custIDs))]
		}
		ok, err = d.exported(ev.at, func() error {
			s.complaint, err = d.db.RecordComplaint(ctx, d.clerk, c)
			return err
		})
		if ok {
			d.scheduleService(s, stepHandling, d.serviceAt(ev.at, d.hours(1, 20)))
		}
	case stepHandling:
		ok, err = d.exported(ev.at, func() error {
			s.complaint, err = d.db.AddComplaintStep(ctx, d.clerk, s.complaint.ID, s.told.Asked, s.told.Said)
			return err
		})
		if !ok || s.fate == fateOpen {
			return err
		}
		at := d.serviceAt(s.complaint.DueAt(), d.hours(24, 72)) // late
		if s.fate != fateLate {
			// Before 16:00 of the last day of the deadline.
			last := s.complaint.DueDay.Add(16 * time.Hour)
			at = ev.at.Add(time.Hour)
			if span := last.Sub(at); span > 0 {
				at = d.serviceAt(at, time.Duration(d.srng.Int64N(int64(span))))
			}
		}
		d.scheduleService(s, stepAnswer, at)
	case stepAnswer:
		ok, err = d.exported(ev.at, func() error {
			s.complaint, err = d.db.AnswerComplaint(ctx, d.clerk, s.complaint.ID, s.told.Answer)
			return err
		})
		if ok {
			d.scheduleService(s, stepClose, d.serviceAt(ev.at, d.hours(1, 24)))
		}
	case stepClose:
		ok, err = d.exported(ev.at, func() error {
			s.complaint, s.followUp, err = d.db.CloseComplaint(ctx, d.clerk, s.complaint.ID, s.told.Outcome, s.told.Answer)
			return err
		})
		if ok {
			d.followUps++
			switch d.followUps % 6 {
			case 2:
				s.fate = fateUnreachable
			case 4:
				s.fate = fateCallback
			default:
				s.fate = fateDone
			}
			if !d.lastDays(ev.at) {
				d.scheduleService(s, stepCall, d.serviceAt(ev.at, d.hours(2, 40)))
			}
		}
	case stepAssign:
		ok, err = d.exported(ev.at, func() error {
			s.followUp, err = d.db.AssignFollowUp(ctx, d.supervisor, s.followUp.ID, d.supervisor.UserID)
			return err
		})
		if ok {
			d.scheduleService(s, stepCall, d.serviceAt(ev.at, d.hours(1, 30)))
		}
	case stepCall:
		return d.call(s, ev.at)
	}
	return err
}

// call makes one call of the follow-up s.followUp by its caller: a try
// nobody answers (the third makes it 无法联系), a customer who asks to be
// called back tomorrow, or the call made with the script's answers, a
// score and what could be better.
func (d *demo) call(s *story, at time.Time) error {
	f, who, ctx := s.followUp, d.caller(s.followUp), d.ctx
	s.tries++
	var ok bool
	var err error
	switch {
	case s.fate == fateUnreachable:
		ok, err = d.exported(at, func() error {
			s.followUp, err = d.db.RecordFollowUpAttempt(ctx, who, f.ID, forms.FollowUpAttempt{Note: "无人接听"})
			return err
		})
		if ok && !s.followUp.Finished() {
			d.scheduleService(s, stepCall, d.serviceAt(at, d.hours(3, 20)))
		}
		return err
	case s.fate == fateCallback && s.tries == 1:
		back := d.serviceAt(at, d.hours(20, 28))
		ok, err = d.exported(at, func() error {
			s.followUp, err = d.db.RecordFollowUpAttempt(ctx, who, f.ID, forms.FollowUpAttempt{Reached: true,
				CallBackAt: back, Note: "客户在开车，约明天再打"})
			return err
		})
		if ok {
			d.scheduleService(s, stepCall, back)
		}
		return err
	}
	poor := f.Source == forms.FollowUpRating
	r := forms.FollowUpResult{Scored: true, Improve: forms.DemoImprove[d.srng.IntN(len(forms.DemoImprove))]}
	switch k := d.srng.IntN(100); {
	case poor:
		r.Score = 2 + d.srng.IntN(3)
	case k < 55:
		r.Score = 5
	case k < 88:
		r.Score = 4
	default:
		r.Score = 3
	}
	for _, q := range d.script.Questions {
		if q.Off {
			continue
		}
		a := "满意"
		switch {
		case q.ID == "solved":
			a = "已解决"
		case q.ID == "new_problem":
			a = "没有了"
		case poor || r.Score < 4:
			a = "一般"
		}
		r.Answers = append(r.Answers, forms.FollowUpAnswer{QuestionID: q.ID, Question: q.Text, Answer: a})
	}
	_, err = d.exported(at, func() error {
		s.followUp, _, err = d.db.CompleteFollowUp(ctx, who, f.ID, r)
		return err
	})
	return err
}
