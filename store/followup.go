package store

// Follow-up calls (回访, issue 18; seed 004): made due by a closed
// complaint (complaint.go), a poor rating or a sampled completed case
// (rating.go), called by one clerk, read only by supervisors and that
// caller, each reading audited. The rules are forms.FollowUp's.

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"counterdesk/forms"

	"github.com/google/uuid"
)

// Audit actions of follow-up calls and their script.
const (
	ActFollowUpDue      = "followup.due"
	ActFollowUpView     = "followup.view"
	ActFollowUpAssign   = "followup.assign"
	ActFollowUpAttempt  = "followup.attempt"
	ActFollowUpComplete = "followup.complete"
	ActFollowUpScript   = "followup.script"
)

const followUpCols = `f.id, f.source, f.source_id, f.source_at, f.due_at, f.customer_id, f.customer_name, f.phone,
	f.case_id, f.service_code, f.caller_id, uc.name, f.state, f.attempts, f.answers, f.score, f.improve,
	f.new_problem, f.new_problem_text, f.new_complaint_id, np.number, f.done_at`

const followUpFrom = ` FROM follow_ups f LEFT JOIN users uc ON uc.id = f.caller_id
	LEFT JOIN complaints np ON np.id = f.new_complaint_id`

func scanFollowUp(row interface{ Scan(...any) error }) (*forms.FollowUp, error) {
	var f forms.FollowUp
	var src, sourceAt, due, state, attempts, answers, done string
	var score *int
	if err := row.Scan(&f.ID, &src, &f.SourceID, &sourceAt, &due, str(&f.CustomerID), &f.CustomerName, &f.Phone,
		str(&f.CaseID), &f.ServiceCode, str(&f.CallerID), str(&f.CallerName), &state, &attempts, &answers, &score,
		&f.Improve, &f.NewProblem, &f.NewProblemText, str(&f.NewComplaintID), str(&f.NewComplaintNumber), str(&done)); err != nil {
		return nil, err
	}
	f.Source, f.State = forms.FollowUpSource(src), forms.FollowUpState(state)
	f.SourceAt, f.DueAt, f.DoneAt = parseTS(sourceAt), parseTS(due), parseTS(done)
	if score != nil {
		f.Score, f.Scored = *score, true
	}
	if err := json.Unmarshal([]byte(attempts), &f.Attempts); err != nil {
		return nil, fmt.Errorf("decode follow-up attempts: %w", err)
	}
	if err := json.Unmarshal([]byte(answers), &f.Answers); err != nil {
		return nil, fmt.Errorf("decode follow-up answers: %w", err)
	}
	if len(f.Attempts) == 0 {
		f.Attempts = nil // as forms.NewFollowUp leaves them
	}
	if len(f.Answers) == 0 {
		f.Answers = nil
	}
	for i := range f.Attempts {
		f.Attempts[i].At = f.Attempts[i].At.Local()
		if !f.Attempts[i].CallBackAt.IsZero() {
			f.Attempts[i].CallBackAt = f.Attempts[i].CallBackAt.Local()
		}
	}
	return &f, nil
}

func queryFollowUps(ctx context.Context, tx *txn, where string, args ...any) ([]forms.FollowUp, error) {
	return queryAll(ctx, tx, "follow-ups", scanFollowUp, "SELECT "+followUpCols+followUpFrom+" "+where, args...)
}

func findFollowUp(ctx context.Context, tx *txn, id string) (*forms.FollowUp, error) {
	fs, err := queryFollowUps(ctx, tx, "WHERE f.id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(fs) == 0 {
		return nil, forms.Errorf(forms.ENOTFOUND, "找不到该回访，请刷新回访列表后再试")
	}
	return &fs[0], nil
}

// followUpContact fills in whom the follow-up calls: the customer (name
// and mobile) or an anonymous caller's name and phone as given.
func followUpContact(ctx context.Context, tx *txn, f *forms.FollowUp, customerID, callerName, callerPhone string) error {
	if customerID == "" {
		f.CustomerName, f.Phone = callerName, callerPhone
		return nil
	}
	cust, err := findCustomer(ctx, tx, customerID)
	if err != nil {
		return err
	}
	f.CustomerID, f.CustomerName, f.Phone = cust.ID, cust.Name, cust.Mobile
	return nil
}

// insertFollowUp stores a new follow-up made due by source (the note's
// words, e.g. 投诉 TS-2026-0001 办结), with its audit entry.
func insertFollowUp(ctx context.Context, tx *txn, w *who, f *forms.FollowUp, source string) error {
	f.ID = uuid.NewString()
	if _, err := tx.ExecContext(ctx, `INSERT INTO follow_ups (id, source, source_id, source_at, due_at, customer_id,
		customer_name, phone, case_id, service_code, caller_id, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		f.ID, string(f.Source), f.SourceID, ts(f.SourceAt), ts(f.DueAt), nullIf(f.CustomerID), f.CustomerName, f.Phone,
		nullIf(f.CaseID), f.ServiceCode, nullIf(f.CallerID), string(f.State), ts(tx.now)); err != nil {
		return fmt.Errorf("insert follow-up: %w", err)
	}
	caller := "待主管指定回访人"
	if f.CallerName != "" {
		caller = "回访人" + f.CallerName
	}
	return audit(ctx, tx, w, auditRec{action: ActFollowUpDue, entity: "follow_up", entityID: f.ID,
		note: fmt.Sprintf("%s：%s前回访%s，%s", source, f.DueAt.Local().Format("2006-01-02 15:04"), f.CustomerName, caller)})
}

// updateFollowUp writes the follow-up's changing fields, its source too (a
// poor rating takes over a sampled call, forms.FollowUp.TakeOverForRating).
func updateFollowUp(ctx context.Context, tx *txn, f *forms.FollowUp) error {
	attempts, err := jsonText(f.Attempts)
	if err != nil {
		return err
	}
	answers, err := jsonText(f.Answers)
	if err != nil {
		return err
	}
	var score any
	if f.Scored {
		score = f.Score
	}
	if _, err := tx.ExecContext(ctx, `UPDATE follow_ups SET source = ?, source_id = ?, due_at = ?, caller_id = ?,
		state = ?, attempts = ?, answers = ?, score = ?, improve = ?, new_problem = ?, new_problem_text = ?,
		new_complaint_id = ?, done_at = ? WHERE id = ?`, string(f.Source), f.SourceID, ts(f.DueAt), nullIf(f.CallerID),
		string(f.State), attempts, answers, score, f.Improve, boolInt(f.NewProblem), f.NewProblemText,
		nullIf(f.NewComplaintID), ts(f.DoneAt), f.ID); err != nil {
		return fmt.Errorf("update follow-up: %w", err)
	}
	return nil
}

// cloneFollowUp copies f with its own slices, for an audit entry's before.
func cloneFollowUp(f *forms.FollowUp) *forms.FollowUp {
	b := *f
	b.Attempts, b.Answers = slices.Clone(f.Attempts), slices.Clone(f.Answers)
	return &b
}

// FollowUpQuery selects follow-ups (forms.FollowUpQuery, which the
// screens name): OpenOnly keeps those still to be called.
type FollowUpQuery = forms.FollowUpQuery

// FollowUps returns the follow-ups the actor may read (forms.FollowUp.
// CanRead: every one for a supervisor, a clerk's own calls otherwise),
// ordered by due time, as list rows: whom to call, when, why, the state
// and how many tries were made (Tried). The call's record (the tries
// themselves, answers, score, what to improve, a new problem) is left
// out: it is read with OpenFollowUp, which audits the reading.
func (db *DB) FollowUps(ctx context.Context, a forms.Actor, q FollowUpQuery) ([]forms.FollowUp, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	w, err := actor(ctx, tx, a)
	if err != nil {
		return nil, err
	}
	where, args := "WHERE 1 = 1", []any{}
	if !w.user.IsSupervisor() {
		where += " AND f.caller_id = ?"
		args = append(args, w.user.ID)
	}
	if q.OpenOnly {
		where += " AND f.state IN ('open', 'callback')"
	}
	fs, err := queryFollowUps(ctx, tx, where+" ORDER BY f.due_at, f.id", args...)
	if err != nil {
		return nil, err
	}
	out := fs[:0]
	for _, f := range fs {
		if !f.CanRead(w.user) {
			continue
		}
		out = append(out, forms.FollowUp{ID: f.ID, Source: f.Source, SourceID: f.SourceID, SourceAt: f.SourceAt,
			DueAt: f.DueAt, CustomerID: f.CustomerID, CustomerName: f.CustomerName, Phone: f.Phone, CaseID: f.CaseID,
			ServiceCode: f.ServiceCode, CallerID: f.CallerID, CallerName: f.CallerName, State: f.State, Tried: len(f.Attempts), DoneAt: f.DoneAt})
	}
	return out, nil
}

// followUpFor reads a follow-up for the user w and refuses (EFORBIDDEN)
// anyone who may not read it (seed 004: 未经批准不得查阅回访记录).
func followUpFor(ctx context.Context, tx *txn, w *who, id string) (*forms.FollowUp, error) {
	f, err := findFollowUp(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if !f.CanRead(w.user) {
		caller := "指定的回访人"
		if f.CallerName != "" {
			caller = "回访人" + f.CallerName
		}
		return nil, forms.Errorf(forms.EFORBIDDEN, "回访记录只有主管和%s能查阅：如需查看，请主管登录查阅", caller)
	}
	return f, nil
}

// OpenFollowUp returns the whole record of a follow-up to a supervisor or
// its caller (EFORBIDDEN to anyone else, with nothing recorded) and
// records the reading in the audit log.
func (db *DB) OpenFollowUp(ctx context.Context, a forms.Actor, id string) (*forms.FollowUp, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	w, err := actor(ctx, tx, a)
	if err != nil {
		return nil, err
	}
	f, err := followUpFor(ctx, tx, w, id)
	if err != nil {
		return nil, err
	}
	if err := audit(ctx, tx, w, auditRec{action: ActFollowUpView, entity: "follow_up", entityID: f.ID,
		note: fmt.Sprintf("查阅回访记录：%s（%s）", f.CustomerName, f.Source.Label())}); err != nil {
		return nil, err
	}
	return f, tx.commit()
}

// changeFollowUp runs one change of a follow-up for the user w (already
// resolved in tx): change applies the forms rule and returns the audit
// note; the follow-up is written and the change audited.
func changeFollowUp(ctx context.Context, tx *txn, w *who, id, action string, change func(f *forms.FollowUp) (string, error)) (*forms.FollowUp, error) {
	f, err := findFollowUp(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	before := cloneFollowUp(f)
	note, err := change(f)
	if err != nil {
		return nil, err
	}
	if err := updateFollowUp(ctx, tx, f); err != nil {
		return nil, err
	}
	if err := audit(ctx, tx, w, auditRec{action: action, entity: "follow_up", entityID: f.ID, before: before, after: f,
		note: fmt.Sprintf("回访%s：%s", f.CustomerName, note)}); err != nil {
		return nil, err
	}
	return f, nil
}

// AssignFollowUp makes callerID the one who calls (supervisor, or a
// clerk with a supervisor's approval; forms.FollowUp.Assign: the caller
// must be an active user, a finished follow-up is not reassigned).
// Refused with nothing changed.
func (db *DB) AssignFollowUp(ctx context.Context, a forms.Actor, id, callerID string) (*forms.FollowUp, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	w, err := supervisorActor(ctx, tx, a)
	if err != nil {
		return nil, err
	}
	u, err := findUser(ctx, tx, callerID)
	if err != nil {
		return nil, err
	}
	if u == nil {
		return nil, forms.Errorf(forms.ENOTFOUND, msgNoSuchUser)
	}
	f, err := changeFollowUp(ctx, tx, w, id, ActFollowUpAssign, func(f *forms.FollowUp) (string, error) {
		if err := ratedNotCaller(ctx, tx, f, &u.User); err != nil {
			return "", err
		}
		if err := f.Assign(w.supervisor(), &u.User); err != nil {
			return "", err
		}
		return "回访人改为" + f.CallerName, nil
	})
	if err != nil {
		return nil, err
	}
	return f, tx.commit()
}

// ratedNotCaller refuses (EINVALID, nothing changed) to make the clerk
// who handled the case (the case's clerk, who opened it) the caller of a
// follow-up about that case: one a poor rating made, or a sampled one
// (tester 18b A3: the refusal went by the follow-up's source, so the
// sampled line of the same case got round it). The call checks how the
// customer was served and asks what to improve (seed 004 第四条: 找出工作中
// 存在的问题); the customer would hardly say it to the clerk they rated,
// nor to the clerk whose service is being checked — a sampled call made by
// the handler to their own customer checks little, so it is refused too,
// with or without a poor rating. Refused rather than warned: the
// supervisor who assigns can always call or choose someone else. Who
// merely recorded the rating (e.g. the supervisor at the refund desk) may
// call: in a branch of two, refusing both would leave nobody. A
// complaint's follow-up is the owner's by design (首接负责制: the owner
// follows the complaint to the end, seed 004 第七条), so it is not refused.
func ratedNotCaller(ctx context.Context, tx *txn, f *forms.FollowUp, caller *forms.User) error {
	if (f.Source != forms.FollowUpRating && f.Source != forms.FollowUpSampled) || f.CaseID == "" {
		return nil
	}
	var handler, number, level string
	err := tx.QueryRowContext(ctx, `SELECT k.clerk_id, k.number, coalesce((SELECT r.level FROM ratings r
		WHERE r.case_id = k.id), '') FROM cases k WHERE k.id = ?`, f.CaseID).Scan(&handler, &number, &level)
	if err != nil {
		return fmt.Errorf("read case of follow-up: %w", err)
	}
	if caller.ID != handler {
		return nil
	}
	if l := forms.RatingLevel(level); l.Poor() {
		return forms.Errorf(forms.EINVALID, "回访人不能是%s：客户对%s经办的受理单 %s 评价“%s”，请指定另一位工作人员（或主管本人）回访", caller.Name,
			caller.Name, number, l.Label())
	}
	return forms.Errorf(forms.EINVALID, "回访人不能是%s：受理单 %s 是%s经办的，回访要了解客户对这次服务的意见，请指定另一位工作人员（或主管本人）回访",
		caller.Name, number, caller.Name)
}

// RecordFollowUpAttempt records a try that did not complete the call, by
// its caller, at the store's time (the attempt's At is ignored): not
// reached (the third makes it unreachable), or reached but not convenient
// with the call-back time asked (forms.FollowUp.RecordAttempt). Refused
// with nothing changed.
func (db *DB) RecordFollowUpAttempt(ctx context.Context, a forms.Actor, id string, at forms.FollowUpAttempt) (*forms.FollowUp, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	w, err := actor(ctx, tx, a)
	if err != nil {
		return nil, err
	}
	at.At = tx.now
	f, err := changeFollowUp(ctx, tx, w, id, ActFollowUpAttempt, func(f *forms.FollowUp) (string, error) {
		if err := f.RecordAttempt(w.user, at); err != nil {
			return "", err
		}
		switch f.State {
		case forms.FollowUpUnreachable:
			return fmt.Sprintf("第%d次未接通，记为无法联系", f.Unanswered()), nil
		case forms.FollowUpCallback:
			return "客户不方便，约定" + f.DueAt.Local().Format("2006-01-02 15:04") + "再回访", nil
		}
		return fmt.Sprintf("第%d次未接通", f.Unanswered()), nil
	})
	if err != nil {
		return nil, err
	}
	return f, tx.commit()
}

// CompleteFollowUp records the call made now by its caller, with the
// result (forms.FollowUp.Complete: a score 0–5 is needed). A new problem
// the customer raised is recorded in the same transaction as a new
// complaint (by phone, in the category and complexity the caller chose:
// forms.FollowUp.ProblemComplaint), owned by the caller, and returned;
// otherwise the complaint is nil. A category unknown or switched off is
// refused as any complaint's is. Refused with nothing changed.
func (db *DB) CompleteFollowUp(ctx context.Context, a forms.Actor, id string, r forms.FollowUpResult) (*forms.FollowUp, *forms.Complaint, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer tx.Rollback()
	w, err := actor(ctx, tx, a)
	if err != nil {
		return nil, nil, err
	}
	r.Answers = slices.Clone(r.Answers)
	var nc *forms.Complaint
	f, err := changeFollowUp(ctx, tx, w, id, ActFollowUpComplete, func(f *forms.FollowUp) (string, error) {
		if err := f.Complete(w.user, tx.now, r); err != nil {
			return "", err
		}
		if f.NewProblem {
			p := f.ProblemComplaint(r.NewProblemCategory, r.NewProblemComplexity)
			nc = &p
			if err := insertComplaint(ctx, tx, w, nc); err != nil {
				return "", err
			}
			f.NewComplaintID, f.NewComplaintNumber = nc.ID, nc.Number
			return fmt.Sprintf("完成，%d分（%s），新问题登记为投诉 %s", f.Score, forms.ScoreName(f.Score), nc.Number), nil
		}
		return fmt.Sprintf("完成，%d分（%s）", f.Score, forms.ScoreName(f.Score)), nil
	})
	if err != nil {
		return nil, nil, err
	}
	return f, nc, tx.commit()
}

// followUpScript returns the supervisor's script, or the seed's
// (forms.DefaultFollowUpScript) until one is saved.
func followUpScript(ctx context.Context, tx *txn) (forms.FollowUpScript, error) {
	var s forms.FollowUpScript
	set, err := serviceList(ctx, tx, listFollowUpScript, &s)
	if err != nil || !set {
		return forms.DefaultFollowUpScript(), err
	}
	return s, nil
}

// FollowUpScript returns the follow-up call's script: the supervisor's, or
// the seed's default until one is saved.
func (db *DB) FollowUpScript(ctx context.Context) (forms.FollowUpScript, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return forms.FollowUpScript{}, err
	}
	defer tx.Rollback()
	return followUpScript(ctx, tx)
}

// SetFollowUpScript saves the script (supervisor, or a clerk with a
// supervisor's approval), checked by forms.FollowUpScript.Validate.
// Audited. Refused with nothing changed.
func (db *DB) SetFollowUpScript(ctx context.Context, a forms.Actor, s forms.FollowUpScript) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	w, err := supervisorActor(ctx, tx, a)
	if err != nil {
		return err
	}
	s.Questions = slices.Clone(s.Questions)
	if err := s.Validate(); err != nil {
		return err
	}
	old, err := followUpScript(ctx, tx)
	if err != nil {
		return err
	}
	if err := saveServiceList(ctx, tx, w, listFollowUpScript, old, s, ActFollowUpScript,
		fmt.Sprintf("回访话术：%d个问题", len(s.Asked()))); err != nil {
		return err
	}
	return tx.commit()
}
