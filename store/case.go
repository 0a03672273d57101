package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"counterdesk/forms"

	"github.com/google/uuid"
)

const caseCols = `k.id, k.number, k.service_code, k.service_version, s.name, k.customer_id, k.answers, k.items,
	k.status, k.cancel_reason, k.clerk_id, k.return_due, k.created_at, k.updated_at, k.accepted_at,
	k.completed_at, k.legacy`

const caseFrom = ` FROM cases k JOIN services s ON s.code = k.service_code AND s.version = k.service_version`

func scanCase(row interface{ Scan(...any) error }) (*forms.Case, error) {
	var c forms.Case
	var answers, items, status, due, created, updated, accepted, completed string
	if err := row.Scan(&c.ID, &c.Number, &c.ServiceCode, &c.ServiceVersion, &c.ServiceName, &c.CustomerID,
		&answers, &items, &status, &c.CancelReason, &c.ClerkID, str(&due), &created, &updated,
		str(&accepted), str(&completed), &c.Legacy); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(answers), &c.Answers); err != nil {
		return nil, fmt.Errorf("decode answers of case %s: %w", c.Number, err)
	}
	if err := json.Unmarshal([]byte(items), &c.Items); err != nil {
		return nil, fmt.Errorf("decode items of case %s: %w", c.Number, err)
	}
	if c.Answers == nil {
		c.Answers = map[string]string{}
	}
	if c.Items == nil {
		c.Items = map[string]forms.ItemState{}
	}
	c.Status = forms.CaseStatus(status)
	c.ReturnDue = parseDate(due)
	c.CreatedAt, c.UpdatedAt = parseTS(created), parseTS(updated)
	c.AcceptedAt, c.CompletedAt = parseTS(accepted), parseTS(completed)
	return &c, nil
}

// findCase returns the case with the id, or ENOTFOUND.
func findCase(ctx context.Context, tx *txn, id string) (*forms.Case, error) {
	c, err := scanCase(tx.QueryRowContext(ctx, "SELECT "+caseCols+caseFrom+" WHERE k.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, forms.Errorf(forms.ENOTFOUND, "找不到该受理单")
	} else if err != nil {
		return nil, fmt.Errorf("read case: %w", err)
	}
	return c, nil
}

// Case returns a case.
func (db *DB) Case(ctx context.Context, id string) (*forms.Case, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findCase(ctx, tx, id)
}

// CasesOfCustomer returns a customer's cases, newest first.
func (db *DB) CasesOfCustomer(ctx context.Context, customerID string) ([]forms.Case, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, "SELECT "+caseCols+caseFrom+
		" WHERE k.customer_id = ? ORDER BY k.created_at DESC, k.number DESC", customerID)
	if err != nil {
		return nil, fmt.Errorf("query cases: %w", err)
	}
	defer rows.Close()
	var out []forms.Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, fmt.Errorf("scan case: %w", err)
		}
		out = append(out, *c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read cases: %w", err)
	}
	return out, nil
}

func insertCase(ctx context.Context, tx *txn, c *forms.Case) error {
	answers, items, err := caseJSON(c)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO cases
		(id, number, service_code, service_version, customer_id, answers, items, status, cancel_reason, clerk_id,
		 return_due, created_at, updated_at, accepted_at, completed_at, legacy)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.Number, c.ServiceCode, c.ServiceVersion, c.CustomerID, answers, items, string(c.Status),
		c.CancelReason, c.ClerkID, date(c.ReturnDue), ts(c.CreatedAt), ts(c.UpdatedAt), ts(c.AcceptedAt),
		ts(c.CompletedAt), boolInt(c.Legacy)); err != nil {
		return fmt.Errorf("insert case: %w", err)
	}
	return nil
}

func updateCase(ctx context.Context, tx *txn, c *forms.Case) error {
	answers, items, err := caseJSON(c)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE cases SET answers = ?, items = ?, status = ?, cancel_reason = ?,
		return_due = ?, updated_at = ?, accepted_at = ?, completed_at = ? WHERE id = ?`,
		answers, items, string(c.Status), c.CancelReason, date(c.ReturnDue), ts(c.UpdatedAt),
		ts(c.AcceptedAt), ts(c.CompletedAt), c.ID); err != nil {
		return fmt.Errorf("update case: %w", err)
	}
	return nil
}

func caseJSON(c *forms.Case) (answers, items string, err error) {
	a, err := json.Marshal(c.Answers)
	if err != nil {
		return "", "", fmt.Errorf("encode answers: %w", err)
	}
	i, err := json.Marshal(c.Items)
	if err != nil {
		return "", "", fmt.Errorf("encode items: %w", err)
	}
	if c.Answers == nil {
		a = []byte("{}")
	}
	if c.Items == nil {
		i = []byte("{}")
	}
	return string(a), string(i), nil
}

// cloneCase returns a copy whose maps can change without touching c, for
// the audit log's "before".
func cloneCase(c *forms.Case) *forms.Case {
	d := *c
	d.Answers = make(map[string]string, len(c.Answers))
	for k, v := range c.Answers {
		d.Answers[k] = v
	}
	d.Items = make(map[string]forms.ItemState, len(c.Items))
	for k, v := range c.Items {
		d.Items[k] = v
	}
	return &d
}

// takesDeposit reports whether a service takes a deposit (借户籍卡, 转户):
// its household card counts as lent while the deposit is held.
func takesDeposit(s *forms.Service) bool {
	for _, f := range s.Fees {
		if f.Kind == forms.KindDeposit {
			return true
		}
	}
	return false
}

// OpenCase opens a draft case for a customer under the current version of a
// service. A service for members refuses a customer who is not one. The
// customer's open cases decide the rest (forms.Service.ConflictsWith): in
// a service's exclusive group, an open case of the same service comes back
// with existing set and no second case (a member whose card is lent asks
// for 借户籍卡 again); an open case of another service of the group, or of a
// service that blocks it (转户 while 借户籍卡 has the card out), refuses with
// a *forms.Conflict (ECONFLICT) that names that case and the ways on.
func (db *DB) OpenCase(ctx context.Context, a forms.Actor, customerID, serviceCode string) (c *forms.Case, existing bool, err error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, false, err
	}
	defer tx.Rollback()
	c, existing, err = openCase(ctx, tx, a, customerID, serviceCode)
	if err != nil {
		return nil, false, err
	}
	if existing {
		return c, true, nil
	}
	return c, false, tx.commit()
}

// newCase is a draft case of the service's version for the customer,
// opened by the clerk at the given time.
func newCase(number string, svc *forms.Service, customerID, clerkID string, at time.Time) *forms.Case {
	return &forms.Case{
		ID:             uuid.NewString(),
		Number:         number,
		ServiceCode:    svc.Code,
		ServiceVersion: svc.Version,
		ServiceName:    svc.Name,
		CustomerID:     customerID,
		Answers:        map[string]string{},
		Items:          map[string]forms.ItemState{},
		Status:         forms.CaseDraft,
		ClerkID:        clerkID,
		CreatedAt:      at,
		UpdatedAt:      at,
	}
}

func openCase(ctx context.Context, tx *txn, a forms.Actor, customerID, serviceCode string) (*forms.Case, bool, error) {
	w, err := actor(ctx, tx, a)
	if err != nil {
		return nil, false, err
	}
	st, err := findStation(ctx, tx)
	if err != nil {
		return nil, false, err
	}
	cust, err := findCustomer(ctx, tx, customerID)
	if err != nil {
		return nil, false, err
	}
	svc, err := findService(ctx, tx, serviceCode, 0)
	if err != nil {
		return nil, false, err
	}
	if err := svc.Admits(cust); err != nil {
		return nil, false, err
	}
	open, err := pendingCases(ctx, tx, cust.ID)
	if err != nil {
		return nil, false, err
	}
	if again, err := svc.ConflictsWith(open); err != nil {
		return nil, false, err
	} else if again != nil {
		return again, true, nil
	}
	number, err := nextCaseNumber(ctx, tx, st.Code())
	if err != nil {
		return nil, false, err
	}
	c := newCase(number, svc, cust.ID, w.user.ID, tx.now)
	if takesDeposit(svc) || svc.ReturnDays > 0 {
		if c.ReturnDue, err = defaultReturnDue(ctx, tx, svc, tx.today()); err != nil {
			return nil, false, err
		}
	}
	if err := insertCase(ctx, tx, c); err != nil {
		return nil, false, err
	}
	if err := audit(ctx, tx, w, auditRec{action: ActCaseOpen, entity: "case", entityID: c.ID, after: c,
		note: fmt.Sprintf("%s %s 第%d版", c.Number, svc.Name, svc.Version)}); err != nil {
		return nil, false, err
	}
	return c, false, nil
}

// lentCardCase returns the case that already lends the customer's household
// card (a held deposit), else an open case of the same service, else nil.
func lentCardCase(ctx context.Context, tx *txn, customerID, serviceCode string) (*forms.Case, error) {
	var id string
	err := tx.QueryRowContext(ctx, `SELECT case_id FROM deposits WHERE customer_id = ? AND state = 'held'
		ORDER BY taken_at DESC LIMIT 1`, customerID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = tx.QueryRowContext(ctx, `SELECT id FROM cases WHERE customer_id = ? AND service_code = ?
			AND status IN ('draft', 'accepted', 'waiting') ORDER BY created_at DESC LIMIT 1`,
			customerID, serviceCode).Scan(&id)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("look for an open case: %w", err)
	}
	return findCase(ctx, tx, id)
}

// nextCaseNumber returns the next case number of the day:
// <station code>-<YYYYMMDD>-<daily sequence, at least 3 digits>.
func nextCaseNumber(ctx context.Context, tx *txn, stationCode string) (string, error) {
	prefix := stationCode + "-" + tx.today().Format("20060102") + "-"
	var last int
	// ':' sorts right after '9', so the range holds exactly this day's numbers.
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(CAST(substr(number, ?) AS INTEGER)), 0)
		FROM cases WHERE number >= ? AND number < ?`,
		len(prefix)+1, prefix, prefix+":").Scan(&last); err != nil {
		return "", fmt.Errorf("next case number: %w", err)
	}
	return fmt.Sprintf("%s%03d", prefix, last+1), nil
}

// defaultReturnDue is the day a lent card is due back when the clerk does
// not set it: the supervisor's deposit.return_days setting when one was
// set, else the service's ReturnDays, else the setting's default.
func defaultReturnDue(ctx context.Context, tx *txn, svc *forms.Service, day time.Time) (time.Time, error) {
	v, set, err := storedSetting(ctx, tx, forms.SettingReturnDays)
	if err != nil {
		return time.Time{}, err
	}
	if !set {
		v = forms.SettingDefaults[forms.SettingReturnDays]
		if svc.ReturnDays > 0 {
			v = strconv.Itoa(svc.ReturnDays)
		}
	}
	days, err := strconv.Atoi(v)
	if err != nil || days < 1 {
		days = 30
	}
	return forms.Day(day).AddDate(0, 0, days), nil
}

// SaveCase stores the answers and checklist of a case that is still in
// progress (draft, accepted or waiting). Each map replaces the stored one
// whole; a nil map keeps what is stored. Answers are normalized and checked
// against the service's questions; a deferred paper (容缺) needs a promise
// date not before today. After acceptance the checklist is settled
// (forms.Case.KeepPromises): a change of any paper's state, counts or
// promised date is refused (ECONFLICT) and nothing changes; promised papers
// move only through ReceivePromisedPaper and MovePromise.
func (db *DB) SaveCase(ctx context.Context, a forms.Actor, caseID string, answers map[string]string, items map[string]forms.ItemState) (*forms.Case, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	c, err := saveCase(ctx, tx, a, caseID, answers, items)
	if err != nil {
		return nil, err
	}
	return c, tx.commit()
}

func saveCase(ctx context.Context, tx *txn, a forms.Actor, caseID string, answers map[string]string, items map[string]forms.ItemState) (*forms.Case, error) {
	w, err := actor(ctx, tx, a)
	if err != nil {
		return nil, err
	}
	c, err := findCase(ctx, tx, caseID)
	if err != nil {
		return nil, err
	}
	if !c.Status.Open() {
		return nil, forms.Errorf(forms.ECONFLICT, "受理单%s%s，不能再修改", c.Number, c.Status.Label())
	}
	svc, err := findService(ctx, tx, c.ServiceCode, c.ServiceVersion)
	if err != nil {
		return nil, err
	}
	if answers == nil {
		answers = c.Answers
	}
	if items == nil {
		items = c.Items
	}
	ans, err := svc.NormalizeAnswers(answers, tx.today())
	if err != nil {
		return nil, err
	}
	its, err := svc.CheckItems(c.Items, items, tx.today())
	if err != nil {
		return nil, err
	}
	// After acceptance no paper changes here: promised ones only through
	// ReceivePromisedPaper and MovePromise; their history is kept.
	if its, err = c.KeepPromises(svc, its); err != nil {
		return nil, err
	}
	before := cloneCase(c)
	c.Answers, c.Items = ans, its
	next := c.Status
	if c.Status == forms.CaseAccepted || c.Status == forms.CaseWaiting {
		if next, err = papersNext(ctx, tx, svc, c); err != nil {
			return nil, err
		}
		if next != c.Status && next != forms.CaseCompleted {
			if err := c.Move(next, tx.now); err != nil {
				return nil, err
			}
		}
	}
	if sameJSON(before, c) {
		return c, nil // nothing changed
	}
	c.UpdatedAt = tx.now
	if err := updateCase(ctx, tx, c); err != nil {
		return nil, err
	}
	if err := audit(ctx, tx, w, auditRec{action: ActCaseSave, entity: "case", entityID: c.ID, before: before, after: c}); err != nil {
		return nil, err
	}
	if next == forms.CaseCompleted {
		return c, finishCase(ctx, tx, w, c)
	}
	return c, nil
}

// AcceptCase accepts a draft case: the service version the case was opened
// under is evaluated for the customer, the answers and the checklist on the
// day; a case with unanswered questions or missing papers is refused with
// all of them named. Every fee and the deposit go on ONE receipt; a deposit
// opens a held entry in the deposit ledger, due back on returnDue (zero: the
// default), which must be after today. The case becomes accepted, or waiting
// when a paper is deferred. receipt is nil when nothing is paid, deposit nil
// when none is taken.
func (db *DB) AcceptCase(ctx context.Context, a forms.Actor, caseID string, pay forms.Payment, returnDue time.Time) (*forms.Case, *forms.Receipt, *forms.Deposit, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	defer tx.Rollback()
	c, r, d, err := acceptCase(ctx, tx, a, caseID, pay, returnDue)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := tx.commit(); err != nil {
		return nil, nil, nil, err
	}
	return c, r, d, nil
}

func acceptCase(ctx context.Context, tx *txn, a forms.Actor, caseID string, pay forms.Payment, returnDue time.Time) (*forms.Case, *forms.Receipt, *forms.Deposit, error) {
	w, err := actor(ctx, tx, a)
	if err != nil {
		return nil, nil, nil, err
	}
	st, err := findStation(ctx, tx)
	if err != nil {
		return nil, nil, nil, err
	}
	c, err := findCase(ctx, tx, caseID)
	if err != nil {
		return nil, nil, nil, err
	}
	if c.Status != forms.CaseDraft {
		return nil, nil, nil, forms.Errorf(forms.ECONFLICT, "受理单%s当前状态为“%s”，不能再次受理", c.Number, c.Status.Label())
	}
	svc, err := findService(ctx, tx, c.ServiceCode, c.ServiceVersion)
	if err != nil {
		return nil, nil, nil, err
	}
	if svc.Scheduled() {
		// Its amount comes from the fee table and the member's paid-through
		// dates (Renew); accepted here it would be free.
		return nil, nil, nil, forms.Errorf(forms.EINVALID, "“%s”的金额按收费标准和缴费截止日期计算，不能按受理单受理：请在客户资料中选择“%s”办理", svc.Name, svc.Name)
	}
	cust, err := findCustomer(ctx, tx, c.CustomerID)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := svc.Admits(cust); err != nil {
		return nil, nil, nil, err
	}
	today := tx.today()
	ev := svc.Evaluate(cust, c.Answers, c.EvaluationDay(today), c.Items)
	if err := ev.Refusal(); err != nil {
		return nil, nil, nil, err
	}

	var lines []forms.ReceiptLine
	for _, f := range ev.Fees {
		if f.Amount <= 0 {
			continue
		}
		kind := f.Kind
		if kind == "" {
			kind = forms.KindFee
		}
		lines = append(lines, forms.ReceiptLine{Text: f.Name, Amount: f.Amount, Kind: kind})
	}
	depFee, hasDeposit := ev.Deposit()
	hasDeposit = hasDeposit && depFee.Amount > 0
	var due time.Time
	if hasDeposit {
		if other, err := lentCardCase(ctx, tx, cust.ID, ""); err != nil {
			return nil, nil, nil, err
		} else if other != nil && other.ID != c.ID {
			return nil, nil, nil, forms.Errorf(forms.ECONFLICT,
				"该客户的户籍卡已借出（受理单%s），须先归还并退还保障金，才能再次借出", other.Number)
		}
		due = forms.Day(returnDue)
		if returnDue.IsZero() {
			if due, err = defaultReturnDue(ctx, tx, svc, today); err != nil {
				return nil, nil, nil, err
			}
		}
		if forms.DaysBetween(today, due) <= 0 {
			return nil, nil, nil, forms.Errorf(forms.EINVALID, "户籍卡归还日期（%s）须晚于今天", forms.FormatDate(due))
		}
	}
	if len(lines) > 0 {
		if err := pay.Validate(); err != nil {
			return nil, nil, nil, err
		}
	}

	before := cloneCase(c)
	var r *forms.Receipt
	if len(lines) > 0 {
		r = &forms.Receipt{CaseID: c.ID, CustomerID: cust.ID, Lines: lines, Payment: pay}
		if err := issueReceipt(ctx, tx, w, st, cust, r, "accept"); err != nil {
			return nil, nil, nil, err
		}
	}
	var d *forms.Deposit
	if hasDeposit {
		d = &forms.Deposit{
			ID:            uuid.NewString(),
			CaseID:        c.ID,
			CustomerID:    cust.ID,
			ReceiptID:     r.ID,
			ReceiptNumber: r.Number,
			Amount:        depFee.Amount,
			Method:        pay.Method,
			State:         forms.DepositHeld,
			TakenAt:       tx.now,
			ReturnDue:     due,
		}
		if err := insertDeposit(ctx, tx, d); err != nil {
			return nil, nil, nil, err
		}
		if err := audit(ctx, tx, w, auditRec{action: ActDepositTake, entity: "deposit", entityID: d.ID, after: d,
			note: fmt.Sprintf("受理单%s，收据%s，%s", c.Number, r.Number, d.Amount)}); err != nil {
			return nil, nil, nil, err
		}
		c.ReturnDue = due
		d.CustomerName, d.CustomerIDNo, d.CustomerMobile = cust.Name, cust.IDNumber, cust.Mobile
	}
	next := forms.CaseAccepted
	if len(ev.Deferred) > 0 {
		next = forms.CaseWaiting
	}
	if err := c.Move(next, tx.now); err != nil {
		return nil, nil, nil, err
	}
	if err := updateCase(ctx, tx, c); err != nil {
		return nil, nil, nil, err
	}
	note := c.Number
	if r != nil {
		note += "，收据" + r.Number
	}
	if err := audit(ctx, tx, w, auditRec{action: ActCaseAccept, entity: "case", entityID: c.ID,
		before: before, after: c, note: note}); err != nil {
		return nil, nil, nil, err
	}
	return c, r, d, nil
}

// CancelCase cancels a case with a reason. A case that holds a deposit
// cannot be cancelled: the deposit is refunded, or its receipt voided, first.
func (db *DB) CancelCase(ctx context.Context, a forms.Actor, caseID, reason string) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := cancelCase(ctx, tx, a, caseID, reason); err != nil {
		return err
	}
	return tx.commit()
}

func cancelCase(ctx context.Context, tx *txn, a forms.Actor, caseID, reason string) error {
	w, err := actor(ctx, tx, a)
	if err != nil {
		return err
	}
	c, err := findCase(ctx, tx, caseID)
	if err != nil {
		return err
	}
	if err := pendingLossOfCase(ctx, tx, c.ID); err != nil {
		return err
	}
	var held int
	if err := tx.QueryRowContext(ctx,
		"SELECT count(*) FROM deposits WHERE case_id = ? AND state = 'held'", c.ID).Scan(&held); err != nil {
		return fmt.Errorf("check deposits of case: %w", err)
	}
	if reason, err = forms.RuleCancelReason.Check(reason); err != nil {
		return err
	}
	before := cloneCase(c)
	if err := c.Cancel(reason, held > 0, tx.now); err != nil {
		return err
	}
	if err := updateCase(ctx, tx, c); err != nil {
		return err
	}
	return audit(ctx, tx, w, auditRec{action: ActCaseCancel, entity: "case", entityID: c.ID,
		before: before, after: c, note: c.CancelReason})
}

// CompleteCase closes an accepted case whose work is done (办结): no
// deposit held (those complete at refund or forfeit) and no papers still
// promised. In the same transaction it applies the service's completion
// effects (forms.Service.OnComplete): 落户 makes the customer a member,
// 小孩落户 records the child as a member linked to the parent, 转户 ends the
// membership, 转档 records that the archive left; each change is a
// membership event and an audit entry. A refused effect (a child born
// after today) refuses the completion and changes nothing.
func (db *DB) CompleteCase(ctx context.Context, a forms.Actor, caseID string) (*forms.Case, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	c, err := closeCase(ctx, tx, a, caseID)
	if err != nil {
		return nil, err
	}
	return c, tx.commit()
}

func closeCase(ctx context.Context, tx *txn, a forms.Actor, caseID string) (*forms.Case, error) {
	w, err := actor(ctx, tx, a)
	if err != nil {
		return nil, err
	}
	c, err := findCase(ctx, tx, caseID)
	if err != nil {
		return nil, err
	}
	return c, finishCase(ctx, tx, w, c)
}

// finishCase completes the case c as stored (CompleteCase), for the user
// w: the checks, the completion effects and the audit entry. The last
// promised paper's arrival (papers.go) completes a case through it too.
func finishCase(ctx context.Context, tx *txn, w *who, c *forms.Case) error {
	if err := pendingLossOfCase(ctx, tx, c.ID); err != nil {
		return err
	}
	var held int
	if err := tx.QueryRowContext(ctx,
		"SELECT count(*) FROM deposits WHERE case_id = ? AND state = 'held'", c.ID).Scan(&held); err != nil {
		return fmt.Errorf("check deposits of case: %w", err)
	}
	deferred := 0
	for _, st := range c.Items {
		if st.Status == forms.ItemDeferred {
			deferred++
		}
	}
	before := cloneCase(c)
	if err := c.Complete(held > 0, deferred, tx.now); err != nil {
		return err
	}
	if err := updateCase(ctx, tx, c); err != nil {
		return err
	}
	if err := completeEffects(ctx, tx, w, c); err != nil {
		return err
	}
	if err := audit(ctx, tx, w, auditRec{action: ActCaseComplete, entity: "case", entityID: c.ID,
		before: before, after: c}); err != nil {
		return err
	}
	return sampleFollowUp(ctx, tx, w, c) // rating.go: the supervisor's sample of completed cases
}

// RecordPrint records that a document of a case was printed (which, how
// many copies, whether a reprint 补打), for the case's history and the log.
// The screens record through RecordPrints, one transaction per action.
func (db *DB) RecordPrint(ctx context.Context, a forms.Actor, caseID, document string, copies int, reprint bool) error {
	return db.RecordPrints(ctx, a, []forms.PrintRecord{{CaseID: caseID, Document: document, Copies: copies, Reprint: reprint}})
}

// recordPrint records one print for the user w in tx, with its audit entry.
func recordPrint(ctx context.Context, tx *txn, w *who, r forms.PrintRecord) error {
	c, err := findCase(ctx, tx, r.CaseID)
	if err != nil {
		return err
	}
	document := forms.Normalize(r.Document)
	if document == "" {
		return forms.Errorf(forms.EINVALID, "请指明打印的文书")
	}
	if r.Copies < 1 || r.Copies > 99 {
		return forms.Errorf(forms.EINVALID, "打印份数须在1到99之间")
	}
	id := uuid.NewString()
	if _, err := tx.ExecContext(ctx, `INSERT INTO case_prints (id, case_id, document, copies, reprint, at, user_id)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, id, c.ID, document, r.Copies, boolInt(r.Reprint), ts(tx.now), w.user.ID); err != nil {
		return fmt.Errorf("record print: %w", err)
	}
	return audit(ctx, tx, w, auditRec{action: ActCasePrint, entity: "case", entityID: c.ID, note: forms.PrintNote(document, r.Copies, r.Reprint)})
}
