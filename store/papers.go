package store

import (
	"context"
	"fmt"
	"time"

	"counterdesk/forms"
)

// The audit actions of papers promised (容缺).
const (
	ActPaperReceive = "case.paper_receive" // a promised paper arrived (day and clerk recorded)
	ActPaperMove    = "case.paper_move"    // a promised date was moved, once, with a reason
)

// ReceivePromisedPaper records that a paper promised (容缺) on a waiting
// case arrived today, taken by the logged-in clerk, with the numbers of
// originals and copies brought (they must cover the paper's requirement).
// When it was the last paper promised, the case completes in the same
// transaction exactly as CompleteCase completes it (the service's
// on_complete effects included), unless it still waits for something
// else: a case holding a deposit goes back to accepted and completes at
// the refund or forfeit, a loss declaration's case at its outcome.
// Refusals (forms.Case.ReceivePromised; ENOTFOUND for an unknown case or
// paper) change nothing.
func (db *DB) ReceivePromisedPaper(ctx context.Context, a forms.Actor, caseID, itemID string, originals, copies int) (*forms.Case, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	w, c, svc, r, err := promisedPaper(ctx, tx, a, caseID, itemID)
	if err != nil {
		return nil, err
	}
	before := cloneCase(c)
	if err := c.ReceivePromised(r, originals, copies, w.user.Name, tx.today()); err != nil {
		return nil, err
	}
	note := fmt.Sprintf("%s 补交“%s”（原件%d份、复印件%d份，原约定%s）", c.Number, r.Name, originals, copies,
		forms.FormatDate(c.Items[r.ID].PromisedWas))
	if err := papersMoved(ctx, tx, w, svc, c, before, ActPaperReceive, note); err != nil {
		return nil, err
	}
	return c, tx.commit()
}

// MovePromise moves the date a paper promised (容缺) on a waiting case is
// due by to newDate (not before today), for the reason given
// (forms.RuleMoveReason), recorded with the day and the logged-in clerk. A
// date moves once; a second move is refused with ECONFLICT naming the
// paper. Refusals change nothing.
func (db *DB) MovePromise(ctx context.Context, a forms.Actor, caseID, itemID string, newDate time.Time, reason string) (*forms.Case, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	w, c, svc, r, err := promisedPaper(ctx, tx, a, caseID, itemID)
	if err != nil {
		return nil, err
	}
	before := cloneCase(c)
	was := c.Items[r.ID].PromisedBy
	if err := c.MovePromise(r, newDate, reason, w.user.Name, tx.today()); err != nil {
		return nil, err
	}
	st := c.Items[r.ID]
	note := fmt.Sprintf("%s “%s”约定日期 %s 改为 %s，原因：%s", c.Number, r.Name, forms.FormatDate(was),
		forms.FormatDate(st.PromisedBy), st.MoveReason)
	if err := papersMoved(ctx, tx, w, svc, c, before, ActPaperMove, note); err != nil {
		return nil, err
	}
	return c, tx.commit()
}

// promisedPaper reads the user, the case, its service version and the
// paper's requirement for the two actions above.
func promisedPaper(ctx context.Context, tx *txn, a forms.Actor, caseID, itemID string) (*who, *forms.Case, *forms.Service, forms.Requirement, error) {
	w, err := actor(ctx, tx, a)
	if err != nil {
		return nil, nil, nil, forms.Requirement{}, err
	}
	c, err := findCase(ctx, tx, caseID)
	if err != nil {
		return nil, nil, nil, forms.Requirement{}, err
	}
	svc, err := findService(ctx, tx, c.ServiceCode, c.ServiceVersion)
	if err != nil {
		return nil, nil, nil, forms.Requirement{}, err
	}
	for _, r := range svc.Requirements {
		if r.ID == itemID {
			return w, c, svc, r, nil
		}
	}
	return nil, nil, nil, forms.Requirement{}, forms.Errorf(forms.ENOTFOUND,
		"材料“%s”不在业务“%s”第%d版的清单中，请刷新后重试", itemID, svc.Name, svc.Version)
}

// caseHolds reads from the ledgers what the case waits for besides its
// papers: a held deposit, a loss declaration in its loss period.
func caseHolds(ctx context.Context, tx *txn, caseID string) (forms.Holds, error) {
	var deposits, losses int
	if err := tx.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM deposits WHERE case_id = ? AND state = 'held'),
		(SELECT count(*) FROM loss_declarations WHERE case_id = ? AND state = 'pending')`,
		caseID, caseID).Scan(&deposits, &losses); err != nil {
		return forms.Holds{}, fmt.Errorf("read what the case waits for: %w", err)
	}
	return forms.Holds{DepositHeld: deposits > 0, LossPending: losses > 0}, nil
}

// papersNext is the status the accepted or waiting case c moves to with
// its checklist as it now is (forms.Case.AfterPapers), judged on the day
// it was accepted, as the screen judges it.
func papersNext(ctx context.Context, tx *txn, svc *forms.Service, c *forms.Case) (forms.CaseStatus, error) {
	cust, err := findCustomer(ctx, tx, c.CustomerID)
	if err != nil {
		return "", err
	}
	ev := svc.Evaluate(cust, c.Answers, c.EvaluationDay(tx.today()), c.Items)
	h, err := caseHolds(ctx, tx, c.ID)
	if err != nil {
		return "", err
	}
	return c.AfterPapers(len(ev.Deferred), h), nil
}

// papersMoved writes the changed checklist of c with its audit entry and
// moves the case on: still waiting, back to accepted, or completed through
// finishCase, the same path as CompleteCase.
func papersMoved(ctx context.Context, tx *txn, w *who, svc *forms.Service, c, before *forms.Case, action, note string) error {
	next, err := papersNext(ctx, tx, svc, c)
	if err != nil {
		return err
	}
	if next != c.Status && next != forms.CaseCompleted {
		if err := c.Move(next, tx.now); err != nil {
			return err
		}
	}
	c.UpdatedAt = tx.now
	if err := updateCase(ctx, tx, c); err != nil {
		return err
	}
	if err := audit(ctx, tx, w, auditRec{action: action, entity: "case", entityID: c.ID,
		before: before, after: c, note: note}); err != nil {
		return err
	}
	if next == forms.CaseCompleted {
		return finishCase(ctx, tx, w, c)
	}
	return nil
}
