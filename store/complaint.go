package store

// Complaints (投诉, issue 18; SPEC "Complaints, follow-up calls and
// ratings"): the supervisor's list of categories, recording a complaint
// with its number and first-answer deadline, the owner's steps, answer and
// close (which makes the follow-up call due, followup.go), and a
// supervisor's hand-over. The rules are forms.Complaint's; each exported
// method is one clerk action in one transaction, audited.

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"counterdesk/forms"

	"github.com/google/uuid"
)

// Audit actions of complaints and their category list.
const (
	ActComplaintRecord     = "complaint.record"
	ActComplaintStep       = "complaint.step"
	ActComplaintAnswer     = "complaint.answer"
	ActComplaintClose      = "complaint.close"
	ActComplaintReassign   = "complaint.reassign"
	ActComplaintReclassify = "complaint.reclassify"
	ActComplaintRecount    = "complaint.recount"
	ActComplaintCategories = "complaint.categories"
)

// The keys of service_lists (0020_complaints.sql).
const (
	listComplaintCategories = "complaint_categories"
	listFollowUpScript      = "followup_script"
	listFollowUpSample      = "followup_sample"
)

// serviceList reads the list stored under key into v; set is false (and v
// untouched) when the supervisor never saved one.
func serviceList(ctx context.Context, tx *txn, key string, v any) (set bool, err error) {
	var data string
	err = tx.QueryRowContext(ctx, "SELECT json FROM service_lists WHERE key = ?", key).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	} else if err != nil {
		return false, fmt.Errorf("read %s: %w", key, err)
	}
	if err := json.Unmarshal([]byte(data), v); err != nil {
		return false, fmt.Errorf("decode %s: %w", key, err)
	}
	return true, nil
}

// saveServiceList stores v under key for the supervisor of w, with an
// audit entry of action (before: the list as it was).
func saveServiceList(ctx context.Context, tx *txn, w *who, key string, before, v any, action, note string) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", key, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO service_lists (key, json, updated_at, updated_by) VALUES (?, ?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
		key, string(data), ts(tx.now), w.supervisor().ID); err != nil {
		return fmt.Errorf("save %s: %w", key, err)
	}
	return audit(ctx, tx, w, auditRec{action: action, entity: "setting", entityID: key, before: before, after: v, note: note})
}

// complaintCategories returns the supervisor's categories, or the
// defaults (forms.DefaultComplaintCategories) until a list is saved.
func complaintCategories(ctx context.Context, tx *txn) ([]forms.ComplaintCategory, error) {
	var list []forms.ComplaintCategory
	set, err := serviceList(ctx, tx, listComplaintCategories, &list)
	if err != nil || !set {
		return forms.DefaultComplaintCategories(), err
	}
	return list, nil
}

// ComplaintCategories returns the complaint categories: the supervisor's
// list, or the shipped defaults (服务态度, 等候时间, 信息有误, 收费, 材料遗失,
// 其他) until one is saved.
func (db *DB) ComplaintCategories(ctx context.Context) ([]forms.ComplaintCategory, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return complaintCategories(ctx, tx)
}

// UsedComplaintCategories returns the codes of the categories some
// complaint uses (in any state), sorted: the supervisor's editor offers
// 停用 instead of 删除 for them (SetComplaintCategories refuses removing
// one).
func (db *DB) UsedComplaintCategories(ctx context.Context) ([]string, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return queryAll(ctx, tx, "used complaint categories", func(row interface{ Scan(...any) error }) (*string, error) {
		var code string
		return &code, row.Scan(&code)
	}, "SELECT DISTINCT category FROM complaints ORDER BY category")
}

// SetComplaintCategories saves the category list (supervisor, or a
// clerk with a supervisor's approval), checked by
// forms.ValidateComplaintCategories. A category some complaint uses cannot
// be removed (switch it off instead: EINVALID naming it). Audited.
func (db *DB) SetComplaintCategories(ctx context.Context, a forms.Actor, list []forms.ComplaintCategory) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	w, err := supervisorActor(ctx, tx, a)
	if err != nil {
		return err
	}
	list = slices.Clone(list)
	if err := forms.ValidateComplaintCategories(list); err != nil {
		return err
	}
	old, err := complaintCategories(ctx, tx)
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, "SELECT DISTINCT category, category_name FROM complaints")
	if err != nil {
		return fmt.Errorf("read used categories: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var code, name string
		if err := rows.Scan(&code, &name); err != nil {
			return fmt.Errorf("scan used category: %w", err)
		}
		if forms.FindComplaintCategory(list, code) == nil {
			return forms.Errorf(forms.EINVALID, "投诉类别“%s”已有投诉使用，不能删除：请改为停用，旧的投诉仍按原类别统计", name)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read used categories: %w", err)
	}
	if err := saveServiceList(ctx, tx, w, listComplaintCategories, old, list, ActComplaintCategories,
		fmt.Sprintf("投诉类别：%d个", len(list))); err != nil {
		return err
	}
	return tx.commit()
}

const complaintCols = `p.id, p.number, p.customer_id, p.caller_name, p.caller_phone, p.channel, p.category,
	p.category_name, p.words, p.request, p.case_id, p.receipt_id, p.complexity, p.received_at, p.due_day,
	p.recorder_id, ur.name, p.owner_id, uo.name, p.steps, p.handovers, p.answer, p.answered_at, p.outcome,
	p.closed_at, uc.name`

const complaintFrom = ` FROM complaints p
	JOIN users ur ON ur.id = p.recorder_id
	JOIN users uo ON uo.id = p.owner_id
	LEFT JOIN users uc ON uc.id = p.closed_by`

func scanComplaint(row interface{ Scan(...any) error }) (*forms.Complaint, error) {
	var c forms.Complaint
	var channel, cx, received, due, steps, handovers, answered, outcome, closed string
	if err := row.Scan(&c.ID, &c.Number, str(&c.CustomerID), &c.CallerName, &c.CallerPhone, &channel, &c.Category,
		&c.CategoryName, &c.Words, &c.Request, str(&c.CaseID), str(&c.ReceiptID), &cx, &received, &due,
		&c.RecorderID, &c.RecorderName, &c.OwnerID, &c.OwnerName, &steps, &handovers, &c.Answer, str(&answered),
		&outcome, str(&closed), str(&c.ClosedBy)); err != nil {
		return nil, err
	}
	c.Channel, c.Complexity, c.Outcome = forms.ComplaintChannel(channel), forms.ComplaintComplexity(cx), forms.ComplaintOutcome(outcome)
	c.ReceivedAt, c.DueDay, c.AnsweredAt, c.ClosedAt = parseTS(received), parseDate(due), parseTS(answered), parseTS(closed)
	if err := json.Unmarshal([]byte(steps), &c.Steps); err != nil {
		return nil, fmt.Errorf("decode complaint steps: %w", err)
	}
	if err := json.Unmarshal([]byte(handovers), &c.Handovers); err != nil {
		return nil, fmt.Errorf("decode complaint handovers: %w", err)
	}
	if len(c.Steps) == 0 {
		c.Steps = nil // as forms.Complaint.Receive leaves them
	}
	if len(c.Handovers) == 0 {
		c.Handovers = nil
	}
	for i := range c.Steps {
		c.Steps[i].At = c.Steps[i].At.Local()
	}
	for i := range c.Handovers {
		c.Handovers[i].At = c.Handovers[i].At.Local()
	}
	return &c, nil
}

// queryComplaints reads the complaints where selects. An open complaint's
// DueProvisional is set from the stored holiday calendars (its deadline
// reaches a year not entered yet): SetHolidayCalendar recounts the due
// day when the year is entered, so the mark always agrees with the
// calendars. A closed complaint is never marked. CategoryName is the
// category's current name (the one stored when recorded only for a code
// no longer in the list): a renamed category shows one name in the
// register, the detail and every table of the month's report, which
// counts by category under the current name (issue 18b B1).
func queryComplaints(ctx context.Context, tx *txn, where string, args ...any) ([]forms.Complaint, error) {
	cs, err := queryAll(ctx, tx, "complaints", scanComplaint, "SELECT "+complaintCols+complaintFrom+" "+where, args...)
	if err != nil || len(cs) == 0 {
		return cs, err
	}
	cats, err := complaintCategories(ctx, tx)
	if err != nil {
		return nil, err
	}
	for i := range cs {
		if cat := forms.FindComplaintCategory(cats, cs[i].Category); cat != nil {
			cs[i].CategoryName = cat.Name
		}
	}
	cals, err := holidayCalendars(ctx, tx)
	if err != nil {
		return nil, err
	}
	for i := range cs {
		if !cs[i].Closed() {
			cs[i].DueProvisional = forms.ComplaintDueProvisional(cs[i].ReceivedAt, cs[i].DueDay, cals)
		}
	}
	return cs, nil
}

// provisionalNote is what the audit note adds for a provisional due day.
func provisionalNote(c *forms.Complaint) string {
	if c.DueProvisional {
		return "（暂定：该年节假日未录入，按周末推算）"
	}
	return ""
}

// recountComplaintDues recounts, with cals (old with the year year just
// saved), the due day of every open complaint whose deadline may reach that
// year (received before its end, due on or after its start: those
// provisional for it, and those counted with its former calendar), by
// forms.Complaint.RecountDue; each one whose day changed or stopped being
// provisional is written and audited (ActComplaintRecount, naming the old
// and new day). It returns how many changed.
func recountComplaintDues(ctx context.Context, tx *txn, w *who, year int, old, cals forms.HolidayCalendars) (int, error) {
	start := time.Date(year, 1, 1, 0, 0, 0, 0, time.Local)
	cs, err := queryAll(ctx, tx, "complaints", scanComplaint, "SELECT "+complaintCols+complaintFrom+
		" WHERE p.closed_at IS NULL AND p.due_day >= ? AND p.received_at < ? ORDER BY p.number", date(start), ts(start.AddDate(1, 0, 0)))
	if err != nil {
		return 0, err
	}
	n := 0
	for i := range cs {
		c := &cs[i]
		c.DueProvisional = forms.ComplaintDueProvisional(c.ReceivedAt, c.DueDay, old)
		before := cloneComplaint(c)
		if !c.RecountDue(cals) {
			continue
		}
		if err := updateComplaint(ctx, tx, c); err != nil {
			return 0, err
		}
		note := fmt.Sprintf("投诉 %s：录入%d年节假日安排后重算首次答复期限，%s → %s", c.Number, year,
			forms.FormatDate(before.DueDay), forms.FormatDate(c.DueDay))
		if c.DueProvisional {
			note += "（仍为暂定：还有年份的节假日未录入）"
		}
		if err := audit(ctx, tx, w, auditRec{action: ActComplaintRecount, entity: "complaint", entityID: c.ID,
			before: before, after: c, note: note}); err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}

func findComplaint(ctx context.Context, tx *txn, id string) (*forms.Complaint, error) {
	cs, err := queryComplaints(ctx, tx, "WHERE p.id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, forms.Errorf(forms.ENOTFOUND, "找不到该投诉，请刷新投诉列表后再试")
	}
	return &cs[0], nil
}

// jsonText marshals v (a slice of steps, handovers, attempts or answers)
// for a JSON column; nil is "[]".
func jsonText(v any) (string, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode: %w", err)
	}
	if string(data) == "null" {
		return "[]", nil
	}
	return string(data), nil
}

// updateComplaint writes the complaint's changing fields.
func updateComplaint(ctx context.Context, tx *txn, c *forms.Complaint) error {
	steps, err := jsonText(c.Steps)
	if err != nil {
		return err
	}
	handovers, err := jsonText(c.Handovers)
	if err != nil {
		return err
	}
	closedBy := ""
	if c.Closed() {
		closedBy = c.OwnerID
	}
	if _, err := tx.ExecContext(ctx, `UPDATE complaints SET complexity = ?, due_day = ?, owner_id = ?, steps = ?,
		handovers = ?, answer = ?, answered_at = ?, outcome = ?, closed_at = ?, closed_by = ? WHERE id = ?`,
		string(c.Complexity), date(c.DueDay), c.OwnerID, steps, handovers, c.Answer, ts(c.AnsweredAt),
		string(c.Outcome), ts(c.ClosedAt), nullIf(closedBy), c.ID); err != nil {
		return fmt.Errorf("update complaint: %w", err)
	}
	return nil
}

// cloneComplaint copies c with its own slices, for an audit entry's
// before.
func cloneComplaint(c *forms.Complaint) *forms.Complaint {
	b := *c
	b.Steps, b.Handovers = slices.Clone(c.Steps), slices.Clone(c.Handovers)
	return &b
}

// complaintNumberPrefix is the number's year prefix, e.g. TS-2026-.
func complaintNumberPrefix(year int) string { return fmt.Sprintf("TS-%04d-", year) }

// insertComplaint receives c (forms.Complaint.Receive) for the user w at
// the transaction's time, checks what it links to, gives it the next
// number of the year and stores it with its audit entry. The caller
// commits.
func insertComplaint(ctx context.Context, tx *txn, w *who, c *forms.Complaint) error {
	if c.CustomerID != "" {
		if _, err := findCustomer(ctx, tx, c.CustomerID); err != nil {
			return err
		}
	}
	if c.CaseID != "" {
		k, err := findCase(ctx, tx, c.CaseID)
		if err != nil {
			return err
		}
		if k.CustomerID != c.CustomerID {
			return forms.Errorf(forms.EINVALID, "受理单 %s 不是这位投诉人的：请先选择受理单上的客户，或不关联受理单", k.Number)
		}
	}
	if c.ReceiptID != "" {
		r, err := findReceipt(ctx, tx, "WHERE r.id = ?", c.ReceiptID)
		if err != nil {
			return err
		}
		if c.CustomerID == "" || r.CustomerID != c.CustomerID {
			return forms.Errorf(forms.EINVALID, "收据 %s 不是这位投诉人的：请先选择收据上的客户（%s），或不关联收据", r.Number, r.PayerName)
		}
	}
	cats, err := complaintCategories(ctx, tx)
	if err != nil {
		return err
	}
	cals, err := holidayCalendars(ctx, tx)
	if err != nil {
		return err
	}
	if err := c.Receive(w.user, tx.now, cats, cals); err != nil {
		return err
	}
	prefix := complaintNumberPrefix(tx.now.Year())
	var last int64
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(CAST(substr(number, ?) AS INTEGER)), 0) FROM complaints WHERE number LIKE ?",
		len(prefix)+1, prefix+"%").Scan(&last); err != nil {
		return fmt.Errorf("number complaint: %w", err)
	}
	seq, skipped := nextDocSeq(tx, seriesComplaint, tx.now.Year(), last)
	c.ID, c.Number = uuid.NewString(), fmt.Sprintf("%s%04d", prefix, seq)
	if _, err := tx.ExecContext(ctx, `INSERT INTO complaints (id, number, customer_id, caller_name, caller_phone,
		channel, category, category_name, words, request, case_id, receipt_id, complexity, received_at, due_day,
		recorder_id, owner_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.Number, nullIf(c.CustomerID), c.CallerName, c.CallerPhone, string(c.Channel), c.Category,
		c.CategoryName, c.Words, c.Request, nullIf(c.CaseID), nullIf(c.ReceiptID), string(c.Complexity),
		ts(c.ReceivedAt), date(c.DueDay), c.RecorderID, c.OwnerID); err != nil {
		return fmt.Errorf("insert complaint: %w", err)
	}
	return audit(ctx, tx, w, auditRec{action: ActComplaintRecord, entity: "complaint", entityID: c.ID, after: c,
		note: fmt.Sprintf("投诉 %s（%s，%s，%s）登记，负责人%s，%s前首次答复", c.Number, c.CategoryName, c.Channel.Label(),
			c.Complexity.Label(), c.OwnerName, forms.FormatDate(c.DueDay)) + provisionalNote(c) + skipped})
}

// RecordComplaint records a complaint as the logged-in clerk took it
// (首接负责制: the clerk becomes its owner): checked by
// forms.Complaint.Receive with the supervisor's categories and holiday
// calendar (the due day of the first answer); a customer given must exist
// (ENOTFOUND), and a linked case or receipt must exist and be the
// customer's (EINVALID). It gets the next number of the year, TS-2026-0001
// on (continuous, never reused: complaints are never deleted, and
// numbers.hwm beside the database keeps a restore of an older backup from
// giving a number again: hwm.go). Refused
// with nothing changed.
func (db *DB) RecordComplaint(ctx context.Context, a forms.Actor, c forms.Complaint) (*forms.Complaint, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	w, err := actor(ctx, tx, a)
	if err != nil {
		return nil, err
	}
	c.Steps, c.Handovers = slices.Clone(c.Steps), slices.Clone(c.Handovers)
	if err := insertComplaint(ctx, tx, w, &c); err != nil {
		return nil, err
	}
	return &c, tx.commit()
}

// changeComplaint runs one change of a stored complaint for the user a:
// it reads the complaint, lets change apply the forms rule (with who acts),
// writes it and records the audit entry action with the note change
// returns. A refusal changes nothing.
func (db *DB) changeComplaint(ctx context.Context, a forms.Actor, id, action string, supervisor bool,
	change func(tx *txn, w *who, c *forms.Complaint) (string, error)) (*forms.Complaint, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	c, _, err := complaintFor(ctx, tx, a, id, action, supervisor, change)
	if err != nil {
		return nil, err
	}
	return c, tx.commit()
}

// complaintFor is changeComplaint inside a transaction.
func complaintFor(ctx context.Context, tx *txn, a forms.Actor, id, action string, supervisor bool,
	change func(tx *txn, w *who, c *forms.Complaint) (string, error)) (*forms.Complaint, *who, error) {
	var w *who
	var err error
	if supervisor {
		w, err = supervisorActor(ctx, tx, a)
	} else {
		w, err = actor(ctx, tx, a)
	}
	if err != nil {
		return nil, nil, err
	}
	c, err := findComplaint(ctx, tx, id)
	if err != nil {
		return nil, nil, err
	}
	before := cloneComplaint(c)
	note, err := change(tx, w, c)
	if err != nil {
		return nil, nil, err
	}
	if err := updateComplaint(ctx, tx, c); err != nil {
		return nil, nil, err
	}
	if err := audit(ctx, tx, w, auditRec{action: action, entity: "complaint", entityID: c.ID, before: before, after: c,
		note: fmt.Sprintf("投诉 %s：%s", c.Number, note)}); err != nil {
		return nil, nil, err
	}
	return c, w, nil
}

// AddComplaintStep records a step of handling (who was asked, what they
// said) by the complaint's owner (forms.Complaint.AddStep: EFORBIDDEN for
// anyone else, ECONFLICT when closed, EINVALID for a missing or too long
// text). Refused with nothing changed.
func (db *DB) AddComplaintStep(ctx context.Context, a forms.Actor, id, asked, said string) (*forms.Complaint, error) {
	return db.changeComplaint(ctx, a, id, ActComplaintStep, false, func(tx *txn, w *who, c *forms.Complaint) (string, error) {
		if err := c.AddStep(w.user, tx.now, asked, said); err != nil {
			return "", err
		}
		return "处理经过：询问" + c.Steps[len(c.Steps)-1].Asked, nil
	})
}

// AnswerComplaint records the answer the owner gave the customer
// (forms.Complaint.GiveAnswer; the first answer is the one the deadline
// measures). Refused like AddComplaintStep.
func (db *DB) AnswerComplaint(ctx context.Context, a forms.Actor, id, answer string) (*forms.Complaint, error) {
	return db.changeComplaint(ctx, a, id, ActComplaintAnswer, false, func(tx *txn, w *who, c *forms.Complaint) (string, error) {
		first := !c.Answered()
		if err := c.GiveAnswer(w.user, tx.now, answer); err != nil {
			return "", err
		}
		if first && !c.AnsweredInTime() {
			return "首次答复客户（已超过答复期限）", nil
		}
		if first {
			return "首次答复客户", nil
		}
		return "再次答复客户", nil
	})
}

// CloseComplaint closes the complaint by its owner with the outcome found
// and the answer given (forms.Complaint.Close: a close without an outcome
// or answer is EINVALID), and in the same transaction makes the follow-up
// call due within 72 hours (forms.NewFollowUp with FollowUpComplaint),
// to be made by the owner unless a supervisor assigns another caller. An
// anonymous complaint that gave no phone has nobody to call: its
// follow-up is recorded unreachable at once for "匿名，无联系方式"
// (forms.FollowUp.MarkNoContact). It returns the closed complaint and the
// follow-up. Refused with nothing changed.
func (db *DB) CloseComplaint(ctx context.Context, a forms.Actor, id string, outcome forms.ComplaintOutcome, answer string) (*forms.Complaint, *forms.FollowUp, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer tx.Rollback()
	c, w, err := complaintFor(ctx, tx, a, id, ActComplaintClose, false, func(tx *txn, w *who, c *forms.Complaint) (string, error) {
		if err := c.Close(w.user, tx.now, outcome, answer); err != nil {
			return "", err
		}
		return "办结，处理结果" + c.Outcome.Label(), nil
	})
	if err != nil {
		return nil, nil, err
	}
	f, err := forms.NewFollowUp(forms.FollowUpComplaint, c.ID, c.ClosedAt, w.user)
	if err != nil {
		return nil, nil, err
	}
	f.CaseID = c.CaseID
	if err := followUpContact(ctx, tx, f, c.CustomerID, c.CallerName, c.CallerPhone); err != nil {
		return nil, nil, err
	}
	source := "投诉 " + c.Number + " 办结"
	if f.MarkNoContact() {
		source += "（" + forms.FollowUpNoContactReason + "，回访记为无法联系）"
	}
	if err := insertFollowUp(ctx, tx, w, f, source); err != nil {
		return nil, nil, err
	}
	return c, f, tx.commit()
}

// ReassignComplaint hands an open complaint to another owner (toUserID),
// with the reason: only a supervisor, logged in or approving on the
// clerk's screen (EFORBIDDEN otherwise); the new owner must be an active
// user (EINVALID; ENOTFOUND when there is no such user). A clerk without
// an approval is refused by the supervisor check (EFORBIDDEN
// 此操作须主管批准…). Audited under the supervisor's name. Refused with nothing changed.
func (db *DB) ReassignComplaint(ctx context.Context, a forms.Actor, id, toUserID, reason string) (*forms.Complaint, error) {
	return db.changeComplaint(ctx, a, id, ActComplaintReassign, true, func(tx *txn, w *who, c *forms.Complaint) (string, error) {
		u, err := findUser(ctx, tx, toUserID)
		if err != nil {
			return "", err
		}
		if u == nil {
			return "", forms.Errorf(forms.ENOTFOUND, msgNoSuchUser)
		}
		from := c.OwnerName
		if err := c.Reassign(w.supervisor(), &u.User, tx.now, reason); err != nil {
			return "", err
		}
		return fmt.Sprintf("由%s移交给%s（%s）", from, c.OwnerName, c.Handovers[len(c.Handovers)-1].Reason), nil
	})
}

// ReclassifyComplaint changes an unanswered open complaint's complexity
// (its owner or a supervisor), recomputing the due day with the holiday
// calendar (forms.Complaint.Reclassify). Refused with nothing changed.
func (db *DB) ReclassifyComplaint(ctx context.Context, a forms.Actor, id string, cx forms.ComplaintComplexity) (*forms.Complaint, error) {
	return db.changeComplaint(ctx, a, id, ActComplaintReclassify, false, func(tx *txn, w *who, c *forms.Complaint) (string, error) {
		cals, err := holidayCalendars(ctx, tx)
		if err != nil {
			return "", err
		}
		if err := c.Reclassify(w.user, cx, cals); err != nil {
			return "", err
		}
		return fmt.Sprintf("改为%s，%s前首次答复", c.Complexity.Label(), forms.FormatDate(c.DueDay)), nil
	})
}

// Complaint returns a complaint by id, or ENOTFOUND.
func (db *DB) Complaint(ctx context.Context, id string) (*forms.Complaint, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findComplaint(ctx, tx, id)
}

// ComplaintQuery selects complaints (forms.ComplaintQuery, which the
// screens name): OpenOnly, CustomerID, a Year and Month received.
type ComplaintQuery = forms.ComplaintQuery

// Complaints returns the complaints q selects, ordered by due day, then
// number.
func (db *DB) Complaints(ctx context.Context, q ComplaintQuery) ([]forms.Complaint, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	where, args := "WHERE 1 = 1", []any{}
	if q.OpenOnly {
		where += " AND p.closed_at IS NULL"
	}
	if q.CustomerID != "" {
		where += " AND p.customer_id = ?"
		args = append(args, q.CustomerID)
	}
	if q.Year != 0 && q.Month != 0 {
		where += " AND p.received_at >= ? AND p.received_at < ?"
		args = append(args, ts(forms.MonthStart(q.Year, q.Month)), ts(forms.MonthEnd(q.Year, q.Month)))
	}
	return queryComplaints(ctx, tx, where+" ORDER BY p.due_day, p.number", args...)
}
