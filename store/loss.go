package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"counterdesk/forms"

	"github.com/google/uuid"
)

// Audit actions of loss declarations and the holiday calendar.
const (
	ActLossDeclare  = "loss.declare"
	ActLossResolve  = "loss.resolve"
	ActHolidaySave  = "holiday.save"
	ActLossReplaced = "loss.refund" // a resolved declaration stood in for a deposit's receipt
)

const lossCols = `l.id, l.number, l.service_code, l.service_version, l.customer_id, l.customer_name, c.id_number,
	l.kind, l.receipt_id, l.doc_number, l.doc_date, l.amount, l.paid_for, l.agent, l.agent_name, l.agent_id_number,
	l.story, l.period_days, l.period_count, l.declared_at, l.end_day, u.name, l.state, l.outcome, l.outcome_label,
	l.refunds, l.in_person, l.resolved_at, rb.name, l.deposit_id, l.case_id`

const lossFrom = ` FROM loss_declarations l
	JOIN customers c ON c.id = l.customer_id
	JOIN users u ON u.id = l.clerk_id
	LEFT JOIN users rb ON rb.id = l.resolved_by`

func scanLoss(row interface{ Scan(...any) error }) (*forms.LossDeclaration, error) {
	var l forms.LossDeclaration
	var kind, count, state, docDate, declared, end, resolved string
	if err := row.Scan(&l.ID, &l.Number, &l.ServiceCode, &l.ServiceVer, &l.CustomerID, &l.CustomerName,
		str(&l.CustomerIDNo), &kind, str(&l.ReceiptID), &l.DocNumber, &docDate, &l.Amount, &l.PaidFor, &l.Agent,
		&l.AgentName, &l.AgentIDNo, &l.Story, &l.Period.Days, &count, &declared, &end, &l.ClerkName, &state,
		&l.Outcome, &l.OutcomeLabel, &l.Refunds, &l.InPerson, str(&resolved), str(&l.ResolvedBy),
		str(&l.DepositID), str(&l.CaseID)); err != nil {
		return nil, err
	}
	l.Kind, l.Period.Count, l.State = forms.LostKind(kind), forms.PeriodCount(count), forms.LossState(state)
	l.DocDate, l.DeclaredAt, l.EndDay, l.ResolvedAt = parseDate(docDate), parseTS(declared), parseDate(end), parseTS(resolved)
	return &l, nil
}

// queryLoss reads declarations, each with the newest deposit of its
// receipt (nil when the receipt carries none, or it is not ours).
func queryLoss(ctx context.Context, tx *txn, where string, args ...any) ([]forms.LossDeclaration, error) {
	ls, err := queryAll(ctx, tx, "loss declarations", scanLoss, "SELECT "+lossCols+lossFrom+" "+where, args...)
	if err != nil {
		return nil, err
	}
	for i := range ls {
		if ls[i].ReceiptID == "" {
			continue
		}
		dep, err := findDepositWhere(ctx, tx, "WHERE d.receipt_id = ? ORDER BY d.taken_at DESC LIMIT 1", ls[i].ReceiptID)
		switch {
		case err == nil:
			ls[i].Deposit = dep
		case forms.ErrorCode(err) != forms.ENOTFOUND:
			return nil, err
		}
	}
	return ls, nil
}

// lossOfReceipt returns the declaration of our receipt, or nil.
func lossOfReceipt(ctx context.Context, tx *txn, receiptID string) (*forms.LossDeclaration, error) {
	ls, err := queryLoss(ctx, tx, "WHERE l.receipt_id = ?", receiptID)
	if err != nil || len(ls) == 0 {
		return nil, err
	}
	return &ls[0], nil
}

// holidayCalendars reads every year's calendar.
func holidayCalendars(ctx context.Context, tx *txn) (forms.HolidayCalendars, error) {
	rows, err := tx.QueryContext(ctx, "SELECT json FROM holiday_calendars ORDER BY year")
	if err != nil {
		return nil, fmt.Errorf("query holiday calendars: %w", err)
	}
	defer rows.Close()
	out := forms.HolidayCalendars{}
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, fmt.Errorf("scan holiday calendar: %w", err)
		}
		var h forms.HolidayCalendar
		if err := json.Unmarshal([]byte(data), &h); err != nil {
			return nil, fmt.Errorf("decode holiday calendar: %w", err)
		}
		for i, d := range h.Holidays {
			h.Holidays[i] = forms.Day(d)
		}
		for i, d := range h.Workdays {
			h.Workdays[i] = forms.Day(d)
		}
		out[h.Year] = h
	}
	return out, rows.Err()
}

// HolidayCalendars returns the supervisor's holiday and 调休 calendars, by
// year.
func (db *DB) HolidayCalendars(ctx context.Context) (forms.HolidayCalendars, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return holidayCalendars(ctx, tx)
}

// SetHolidayCalendar stores one year's public holidays and make-up working
// days (supervisor), replacing that year's; it is checked by
// forms.HolidayCalendar.Validate. Declarations already made keep the last
// day they were given. In the same transaction the due day of every open
// complaint whose deadline reaches that year (provisional for it, or
// counted with its former calendar) is recounted, each change audited
// (recountComplaintDues); the calendar's audit note says how many.
func (db *DB) SetHolidayCalendar(ctx context.Context, a forms.Actor, h forms.HolidayCalendar) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	w, err := supervisorActor(ctx, tx, a)
	if err != nil {
		return err
	}
	if err := h.Validate(); err != nil {
		return err
	}
	cals, err := holidayCalendars(ctx, tx)
	if err != nil {
		return err
	}
	var before any
	if old, ok := cals[h.Year]; ok {
		before = old
	}
	data, err := json.Marshal(h)
	if err != nil {
		return fmt.Errorf("encode holiday calendar: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO holiday_calendars (year, json, updated_at, updated_by) VALUES (?, ?, ?, ?)
		ON CONFLICT (year) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
		h.Year, string(data), ts(tx.now), w.supervisor().ID); err != nil {
		return fmt.Errorf("save holiday calendar: %w", err)
	}
	now := forms.HolidayCalendars{}
	for y, c := range cals {
		now[y] = c
	}
	now[h.Year] = h
	recounted, err := recountComplaintDues(ctx, tx, w, h.Year, cals, now)
	if err != nil {
		return err
	}
	note := fmt.Sprintf("%d年节假日安排：放假%d天，调休上班%d天", h.Year, len(h.Holidays), len(h.Workdays))
	if recounted > 0 {
		note += fmt.Sprintf("；重算了%d件未办结投诉的答复期限", recounted)
	}
	if err := audit(ctx, tx, w, auditRec{action: ActHolidaySave, entity: "holiday_calendar", entityID: fmt.Sprint(h.Year),
		before: before, after: h, note: note}); err != nil {
		return err
	}
	return tx.commit()
}

// FindLostReceipt finds one of our receipts by its number for a loss
// declaration, with the declaration already made for it (nil when none).
// ENOTFOUND when we have no receipt with the number: a paper-era receipt or
// an invoice is then entered by hand.
func (db *DB) FindLostReceipt(ctx context.Context, number string) (*forms.Receipt, *forms.LossDeclaration, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer tx.Rollback()
	r, err := findReceipt(ctx, tx, "WHERE r.number = ? ORDER BY r.voided LIMIT 1",
		strings.ToUpper(forms.Normalize(forms.StripInvisible(number))))
	if err != nil {
		return nil, nil, err
	}
	l, err := lossOfReceipt(ctx, tx, r.ID)
	return r, l, err
}

// ReceiptsOfCustomer returns a customer's receipts, newest first, so the
// clerk can pick the lost one.
func (db *DB) ReceiptsOfCustomer(ctx context.Context, customerID string) ([]forms.Receipt, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return queryReceipts(ctx, tx, "WHERE r.customer_id = ? ORDER BY r.issued_at DESC, r.number DESC", customerID)
}

// DeclareLoss records a 《收据、发票遗失声明》 for a customer (clerk) under the
// current version of the service (serviceCode, the catalogue's service
// with a waiting period). A number that is one of our receipts is checked
// against it (not voided, the customer's, the same amount) and blocks it
// from now on; any other is a paper-era receipt or an invoice. The loss
// period is the service's, its last day counted by the holiday calendar.
// Refused, with nothing changed: a 数电票, bad or missing fields, an agent
// whose ID number is the customer's, a voided receipt, an amount that is
// not our record's, and a receipt or paper already declared lost.
func (db *DB) DeclareLoss(ctx context.Context, a forms.Actor, serviceCode string, l forms.LossDeclaration) (*forms.LossDeclaration, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	w, err := actor(ctx, tx, a)
	if err != nil {
		return nil, err
	}
	s, err := findService(ctx, tx, serviceCode, 0)
	if err != nil {
		return nil, err
	}
	if s.Waiting == nil || len(s.Outcomes) == 0 {
		return nil, forms.Errorf(forms.EINVALID, "业务“%s”没有挂失期和办结结果，不能办理遗失声明：请主管在业务设置中补上", s.Name)
	}
	cust, err := findCustomer(ctx, tx, l.CustomerID)
	if err != nil {
		return nil, err
	}
	l.CustomerName, l.CustomerIDNo = cust.Name, cust.IDNumber
	l.ReceiptID = ""
	number, err := forms.RuleLostDocNumber.Check(l.DocNumber)
	if err != nil {
		return nil, err
	}
	r, err := findReceipt(ctx, tx, "WHERE r.number = ? ORDER BY r.voided LIMIT 1", strings.ToUpper(number))
	if err == nil && l.Kind == forms.LostReceipt {
		l.FromReceipt(r) // the date and what it paid for come from our record
		l.ReceiptID = ""
	}
	if err := l.Validate(tx.today()); err != nil {
		return nil, err
	}
	switch {
	case err == nil && l.Kind == forms.LostReceipt:
		if r.CustomerID != "" && r.CustomerID != cust.ID {
			return nil, forms.Errorf(forms.EINVALID, "收据 %s 是%s的收据，不是%s的：遗失声明须在收据上的客户档案中办理，请核对收据号或客户", r.Number, r.PayerName, cust.Name)
		}
		if err := l.CheckReceipt(r); err != nil {
			return nil, err
		}
		if old, err := lossOfReceipt(ctx, tx, r.ID); err != nil {
			return nil, err
		} else if old != nil {
			return nil, alreadyDeclared(old)
		}
	case err == nil || forms.ErrorCode(err) == forms.ENOTFOUND:
		old, err := queryLoss(ctx, tx, "WHERE l.receipt_id IS NULL AND l.kind = ? AND l.doc_number = ?", string(l.Kind), l.DocNumber)
		if err != nil {
			return nil, err
		}
		if len(old) > 0 {
			return nil, alreadyDeclared(&old[0])
		}
	default:
		return nil, err
	}
	cals, err := holidayCalendars(ctx, tx)
	if err != nil {
		return nil, err
	}
	l.Period = s.LossPeriod()
	if l.Period.Count == "" {
		l.Period.Count = forms.CountCalendar
	}
	if l.EndDay, err = l.Period.EndDay(tx.now, cals); err != nil {
		return nil, err
	}
	// The next number is above the highest stored and the one numbers.hwm
	// says was given (a restore of an older backup: hwm.go).
	var last int64
	year := tx.now.Year()
	prefix := fmt.Sprintf("YS-%04d-", year)
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(CAST(substr(number, ?) AS INTEGER)), 0) FROM loss_declarations WHERE number LIKE ?",
		len(prefix)+1, prefix+"%").Scan(&last); err != nil {
		return nil, fmt.Errorf("number loss declaration: %w", err)
	}
	seq, skipped := nextDocSeq(tx, seriesLoss, year, last)
	l.ID, l.Number = uuid.NewString(), fmt.Sprintf("%s%04d", prefix, seq)
	l.ServiceCode, l.ServiceVer = s.Code, s.Version
	l.DeclaredAt, l.State, l.ClerkName = tx.now, forms.LossPending, w.user.Name
	// The declaration is a case of the loss service, accepted while the
	// loss period runs (the case's answers are the declaration's), so its
	// prints are recorded and it is in the customer's case history.
	st, err := findStation(ctx, tx)
	if err != nil {
		return nil, err
	}
	caseNo, err := nextCaseNumber(ctx, tx, st.Code())
	if err != nil {
		return nil, err
	}
	kase := newCase(caseNo, s, cust.ID, w.user.ID, tx.now)
	kase.Answers = l.LossAnswers()
	kase.Answers["declaration"] = l.Number
	if err := kase.Move(forms.CaseAccepted, tx.now); err != nil {
		return nil, err
	}
	if err := insertCase(ctx, tx, kase); err != nil {
		return nil, err
	}
	l.CaseID = kase.ID
	if _, err := tx.ExecContext(ctx, `INSERT INTO loss_declarations (id, number, service_code, service_version,
		customer_id, customer_name, kind, receipt_id, doc_number, doc_date, amount, paid_for, agent, agent_name,
		agent_id_number, story, period_days, period_count, declared_at, end_day, clerk_id, state, case_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)`,
		l.ID, l.Number, l.ServiceCode, l.ServiceVer, l.CustomerID, l.CustomerName, string(l.Kind), nullIf(l.ReceiptID),
		l.DocNumber, date(l.DocDate), int64(l.Amount), l.PaidFor, boolInt(l.Agent), l.AgentName, l.AgentIDNo, l.Story,
		l.Period.Days, string(l.Period.Count), ts(l.DeclaredAt), date(l.EndDay), w.user.ID, l.CaseID); err != nil {
		return nil, fmt.Errorf("insert loss declaration: %w", err)
	}
	if err := audit(ctx, tx, w, auditRec{action: ActCaseAccept, entity: "case", entityID: kase.ID, after: kase,
		note: fmt.Sprintf("%s %s，遗失声明 %s", kase.Number, s.Name, l.Number)}); err != nil {
		return nil, err
	}
	declarer := "客户本人"
	if l.Agent {
		declarer = "代理人" + l.AgentName
	}
	if err := audit(ctx, tx, w, auditRec{action: ActLossDeclare, entity: "customer", entityID: l.CustomerID, after: l,
		note: fmt.Sprintf("遗失声明 %s：%s %s（%s），%s办理，挂失期%s，至%s止", l.Number, l.Kind.Label(), l.DocNumber,
			l.Amount, declarer, l.Period.Label(), forms.FormatDate(l.EndDay)) + skipped}); err != nil {
		return nil, err
	}
	return &l, tx.commit()
}

// alreadyDeclared is the refusal of a second declaration for the same paper.
func alreadyDeclared(old *forms.LossDeclaration) error {
	state := "挂失期至" + forms.FormatDate(old.EndDay) + "止"
	if old.State == forms.LossResolved {
		state = "已于" + forms.FormatDate(old.ResolvedAt) + "按“" + old.OutcomeLabel + "”办结"
	}
	return forms.Errorf(forms.ECONFLICT, "%s %s 已于%s办理过遗失声明（%s，%s），不能重复声明：请在该客户的遗失声明中继续办理",
		old.Kind.Label(), old.DocNumber, forms.FormatDate(old.DeclaredAt), old.Number, state)
}

// LossDeclarations returns a customer's declarations, newest first.
func (db *DB) LossDeclarations(ctx context.Context, customerID string) ([]forms.LossDeclaration, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return queryLoss(ctx, tx, "WHERE l.customer_id = ? ORDER BY l.declared_at DESC, l.number DESC", customerID)
}

// LossDeclaration returns a declaration by id, or ENOTFOUND.
func (db *DB) LossDeclaration(ctx context.Context, id string) (*forms.LossDeclaration, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findLoss(ctx, tx, id)
}

func findLoss(ctx context.Context, tx *txn, id string) (*forms.LossDeclaration, error) {
	ls, err := queryLoss(ctx, tx, "WHERE l.id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(ls) == 0 {
		return nil, forms.Errorf(forms.ENOTFOUND, "找不到该遗失声明")
	}
	return &ls[0], nil
}

// ResolveLoss resolves a pending declaration as one of its service
// version's outcomes (clerk), after the loss period only; an outcome that
// refunds only for the customer in person (inPerson). Refused with nothing
// changed: too early (saying from which day), a refund for an agent, an
// outcome for the other kind of paper, a refund when the receipt carries no
// held deposit, a declaration already resolved.
func (db *DB) ResolveLoss(ctx context.Context, a forms.Actor, id, outcomeID string, inPerson bool) (*forms.LossDeclaration, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	w, err := actor(ctx, tx, a)
	if err != nil {
		return nil, err
	}
	l, err := findLoss(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	s, err := findService(ctx, tx, l.ServiceCode, l.ServiceVer)
	if err != nil {
		return nil, err
	}
	o := s.Outcome(outcomeID)
	if err := l.CanResolve(o, tx.today(), inPerson); err != nil {
		return nil, err
	}
	// A refund needs a held deposit on the receipt: the refund desk has
	// nothing to refund for an invoice, a fee receipt or a paper receipt
	// whose deposit was never entered.
	if err := l.CanRefundDeposit(o, l.Deposit); err != nil {
		return nil, err
	}
	before := *l
	l.State, l.Outcome, l.OutcomeLabel, l.Refunds, l.InPerson = forms.LossResolved, o.ID, o.Label, o.Refunds, inPerson
	l.ResolvedAt, l.ResolvedBy = tx.now, w.user.Name
	res, err := tx.ExecContext(ctx, `UPDATE loss_declarations SET state = 'resolved', outcome = ?, outcome_label = ?,
		refunds = ?, in_person = ?, resolved_at = ?, resolved_by = ? WHERE id = ? AND state = 'pending'`,
		o.ID, o.Label, boolInt(o.Refunds), boolInt(inPerson), ts(tx.now), w.user.ID, l.ID)
	if err != nil {
		return nil, fmt.Errorf("resolve loss declaration: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return nil, forms.Errorf(forms.ECONFLICT, "该遗失声明已被办结，请刷新后查看")
	}
	if err := audit(ctx, tx, w, auditRec{action: ActLossResolve, entity: "customer", entityID: l.CustomerID,
		before: before, after: l, note: fmt.Sprintf("遗失声明 %s 办结：%s", l.Number, o.Label)}); err != nil {
		return nil, err
	}
	if err := completeLossCase(ctx, tx, w, l, o); err != nil {
		return nil, err
	}
	return l, tx.commit()
}

// LossOfDeposit returns the loss declaration of a deposit's receipt, or nil,
// so the refund desk can say that the receipt is blocked or was replaced.
func (db *DB) LossOfDeposit(ctx context.Context, depositID string) (*forms.LossDeclaration, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var receiptID string
	err = tx.QueryRowContext(ctx, "SELECT receipt_id FROM deposits WHERE id = ?", depositID).Scan(&receiptID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, forms.Errorf(forms.ENOTFOUND, "找不到该保障金记录")
	} else if err != nil {
		return nil, fmt.Errorf("read deposit: %w", err)
	}
	return lossOfReceipt(ctx, tx, receiptID)
}

// lossAtRefund is the refund desk's check of a deposit's receipt: with no
// declaration it returns the request unchanged; a pending one refuses the
// refund; a resolved refund stands in for the receipt, so the request need
// not return the receipt, what was returned names the declaration, and the
// declaration is marked used for the deposit. Everything else is refused.
func lossAtRefund(ctx context.Context, tx *txn, w *who, d *forms.Deposit, req *forms.RefundRequest) (replaced string, err error) {
	l, err := lossOfReceipt(ctx, tx, d.ReceiptID)
	if err != nil || l == nil {
		return "", err
	}
	if err := l.ReplacesReceipt(tx.today()); err != nil {
		return "", err
	}
	kept := req.Returned[:0:0]
	for _, r := range req.Returned {
		if r != forms.ReturnedReceipt { // a found original is never used again
			kept = append(kept, r)
		}
	}
	req.Returned = append(kept, forms.ReturnedReceipt)
	if _, err := tx.ExecContext(ctx, "UPDATE loss_declarations SET deposit_id = ? WHERE id = ? AND deposit_id IS NULL", d.ID, l.ID); err != nil {
		return "", fmt.Errorf("mark loss declaration used: %w", err)
	}
	if err := audit(ctx, tx, w, auditRec{action: ActLossReplaced, entity: "customer", entityID: l.CustomerID,
		note: fmt.Sprintf("遗失声明 %s 代替收据 %s 退还保障金%s", l.Number, l.DocNumber, d.Amount)}); err != nil {
		return "", err
	}
	return l.ReplacedText(), nil
}

// completeLossCase completes the case of a resolved declaration, with the
// outcome in its answers. A declaration made before declarations were
// cases has none, and a case no longer open is left as it is.
func completeLossCase(ctx context.Context, tx *txn, w *who, l *forms.LossDeclaration, o *forms.Outcome) error {
	if l.CaseID == "" {
		return nil
	}
	c, err := findCase(ctx, tx, l.CaseID)
	if err != nil {
		return err
	}
	if !c.Status.Open() {
		return nil
	}
	before := cloneCase(c)
	c.Answers["outcome"] = o.ID
	if err := c.Complete(false, 0, tx.now); err != nil {
		return err
	}
	if err := updateCase(ctx, tx, c); err != nil {
		return err
	}
	return audit(ctx, tx, w, auditRec{action: ActCaseComplete, entity: "case", entityID: c.ID,
		before: before, after: c, note: fmt.Sprintf("遗失声明 %s 办结：%s", l.Number, o.Label)})
}

// pendingLossOfCase refuses (ECONFLICT) to complete or cancel a case by
// hand while its loss declaration is pending: the declaration's outcome
// completes it (ResolveLoss), after the loss period.
func pendingLossOfCase(ctx context.Context, tx *txn, caseID string) error {
	ls, err := queryLoss(ctx, tx, "WHERE l.case_id = ? AND l.state = 'pending'", caseID)
	if err != nil || len(ls) == 0 {
		return err
	}
	l := ls[0]
	return forms.Errorf(forms.ECONFLICT, "该受理单是遗失声明 %s，挂失期至%s止：请在该客户的遗失声明中于%s起选择办结结果，受理单随之办结",
		l.Number, forms.FormatDate(l.EndDay), forms.FormatDate(l.FirstDay()))
}
