package store

// The customer's rating of a completed case (评价, issue 18) and the
// supervisor's sample of completed cases to call back: a poor rating or a
// sampled case makes a follow-up call due (followup.go) in the same
// transaction.

import (
	"context"
	"fmt"
	"slices"

	"counterdesk/forms"

	"github.com/google/uuid"
)

// Audit actions of ratings and the follow-up sample.
const (
	ActRatingRecord   = "rating.record"
	ActFollowUpSample = "followup.sample"
)

// ratingCols and ratingFrom read a rating with the clerk it is credited
// to: the clerk who handled the case (cases.clerk_id), whoever recorded
// it. RateCase stores that clerk; ratings stored before it stored the one
// who recorded them (e.g. the supervisor at the refund desk), so the case
// decides here and ratings.clerk_id is only the fallback for a case not
// found. Who recorded a rating is in its audit entry.
const ratingCols = `r.id, r.case_id, r.case_number, r.service_code, r.service_name, r.customer_id,
	coalesce(k.clerk_id, r.clerk_id), u.name, r.level, r.comment, r.at`

const ratingFrom = ` FROM ratings r LEFT JOIN cases k ON k.id = r.case_id JOIN users u ON u.id = coalesce(k.clerk_id, r.clerk_id)`

func scanRating(row interface{ Scan(...any) error }) (*forms.Rating, error) {
	var r forms.Rating
	var level, at string
	if err := row.Scan(&r.ID, &r.CaseID, &r.CaseNumber, &r.ServiceCode, &r.ServiceName, str(&r.CustomerID),
		&r.ClerkID, &r.ClerkName, &level, &r.Comment, &at); err != nil {
		return nil, err
	}
	r.Level, r.At = forms.RatingLevel(level), parseTS(at)
	return &r, nil
}

func queryRatings(ctx context.Context, tx *txn, where string, args ...any) ([]forms.Rating, error) {
	return queryAll(ctx, tx, "ratings", scanRating, "SELECT "+ratingCols+ratingFrom+" "+where, args...)
}

// RateCase records the customer's rating of a completed case (or that
// they declined), recorded by the logged-in user at the store's time and
// credited to the clerk who handled the case (cases.clerk_id: the one the
// customer was served by; the by-clerk figures count it there, seed 004
// 第八条), the recorder kept in the audit entry: checked by
// forms.Rating.Validate (EINVALID); the case must be completed and not
// rated before (ECONFLICT). A rating of 不满意 or 非常不满意 makes a
// follow-up call due within 72 hours in the same transaction (returned;
// nil otherwise), with no caller yet: a supervisor assigns it
// (AssignFollowUp), as the clerk who handled the case is the one rated.
// A case has one follow-up call about it (followUpOfCase): when the
// sample already made one, the poor rating takes it over instead of
// making a second (ratingTakesOver). Refused with nothing changed.
func (db *DB) RateCase(ctx context.Context, a forms.Actor, r forms.Rating) (*forms.Rating, *forms.FollowUp, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer tx.Rollback()
	w, err := actor(ctx, tx, a)
	if err != nil {
		return nil, nil, err
	}
	if err := r.Validate(); err != nil {
		return nil, nil, err
	}
	k, err := findCase(ctx, tx, r.CaseID)
	if err != nil {
		return nil, nil, err
	}
	if k.Status != forms.CaseCompleted {
		return nil, nil, forms.Errorf(forms.ECONFLICT, "受理单 %s 还没有办结（%s）：业务办结后才能记录客户评价", k.Number, k.Status.Label())
	}
	if old, err := queryRatings(ctx, tx, "WHERE r.case_id = ?", k.ID); err != nil {
		return nil, nil, err
	} else if len(old) > 0 {
		return nil, nil, forms.Errorf(forms.ECONFLICT, "受理单 %s 已于%s记录过客户评价（%s），每笔业务只评价一次", k.Number,
			forms.FormatDate(old[0].At), old[0].Level.Label())
	}
	r.ID, r.CaseNumber, r.ServiceCode, r.ServiceName, r.CustomerID = uuid.NewString(), k.Number, k.ServiceCode, k.ServiceName, k.CustomerID
	handler, err := findUser(ctx, tx, k.ClerkID)
	if err != nil {
		return nil, nil, err
	}
	r.ClerkID, r.ClerkName, r.At = w.user.ID, w.user.Name, tx.now
	if handler != nil {
		r.ClerkID, r.ClerkName = handler.ID, handler.Name
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO ratings (id, case_id, case_number, service_code, service_name,
		customer_id, clerk_id, level, comment, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.CaseID, r.CaseNumber, r.ServiceCode, r.ServiceName, nullIf(r.CustomerID), r.ClerkID, string(r.Level),
		r.Comment, ts(r.At)); err != nil {
		return nil, nil, fmt.Errorf("insert rating: %w", err)
	}
	if err := audit(ctx, tx, w, auditRec{action: ActRatingRecord, entity: "case", entityID: k.ID, after: r,
		note: fmt.Sprintf("%s 客户评价：%s（经办%s，%s记录）", k.Number, r.Level.Label(), r.ClerkName, w.user.Name)}); err != nil {
		return nil, nil, err
	}
	var f *forms.FollowUp
	if r.NeedsFollowUp() {
		had, err := followUpOfCase(ctx, tx, k.ID)
		if err != nil {
			return nil, nil, err
		}
		if had != nil {
			if f, err = ratingTakesOver(ctx, tx, w, had, &r, k); err != nil {
				return nil, nil, err
			}
			return &r, f, tx.commit()
		}
		if f, err = forms.NewFollowUp(forms.FollowUpRating, r.ID, r.At, nil); err != nil {
			return nil, nil, err
		}
		f.CaseID, f.ServiceCode = k.ID, k.ServiceCode
		if err := followUpContact(ctx, tx, f, k.CustomerID, "", ""); err != nil {
			return nil, nil, err
		}
		if err := insertFollowUp(ctx, tx, w, f, k.Number+" 客户评价“"+r.Level.Label()+"”"); err != nil {
			return nil, nil, err
		}
	}
	return &r, f, tx.commit()
}

// followUpOfCase returns the follow-up call already made about the case
// by the sample or a poor rating (a complaint's call is about the
// complaint, not counted here), or nil.
func followUpOfCase(ctx context.Context, tx *txn, caseID string) (*forms.FollowUp, error) {
	fs, err := queryFollowUps(ctx, tx, "WHERE f.case_id = ? AND f.source IN ('sample', 'rating') ORDER BY f.source_at LIMIT 1", caseID)
	if err != nil || len(fs) == 0 {
		return nil, err
	}
	return &fs[0], nil
}

// ratingTakesOver makes the poor rating r the reason of the case's
// follow-up call f that the sample made (forms.FollowUp.TakeOverForRating;
// tester 18b A2): nil when there is nothing to take over, and the rating
// is recorded alone. Audited.
func ratingTakesOver(ctx context.Context, tx *txn, w *who, f *forms.FollowUp, r *forms.Rating, k *forms.Case) (*forms.FollowUp, error) {
	before := cloneFollowUp(f)
	removed, ok := f.TakeOverForRating(r.ID, k.ClerkID)
	if !ok {
		return nil, nil
	}
	note := fmt.Sprintf("%s 客户评价“%s”：抽样回访改为不满意评价回访（同一受理单只回访一次）", k.Number, r.Level.Label())
	if removed != "" {
		note += "，经办人" + removed + "不再担任回访人，请主管另行指定"
	}
	if err := updateFollowUp(ctx, tx, f); err != nil {
		return nil, err
	}
	if err := audit(ctx, tx, w, auditRec{action: ActFollowUpDue, entity: "follow_up", entityID: f.ID, before: before, after: f,
		note: note}); err != nil {
		return nil, err
	}
	return f, nil
}

// RatingOfCase returns the case's rating, or nil when it has none.
func (db *DB) RatingOfCase(ctx context.Context, caseID string) (*forms.Rating, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rs, err := queryRatings(ctx, tx, "WHERE r.case_id = ?", caseID)
	if err != nil || len(rs) == 0 {
		return nil, err
	}
	return &rs[0], nil
}

// followUpSample returns the supervisor's sample; off until one is saved.
func followUpSample(ctx context.Context, tx *txn) (forms.FollowUpSample, error) {
	var s forms.FollowUpSample
	_, err := serviceList(ctx, tx, listFollowUpSample, &s)
	return s, err
}

// FollowUpSample returns which completed cases get a follow-up call
// (forms.FollowUpSample); off until a supervisor switches it on.
func (db *DB) FollowUpSample(ctx context.Context) (forms.FollowUpSample, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return forms.FollowUpSample{}, err
	}
	defer tx.Rollback()
	return followUpSample(ctx, tx)
}

// SetFollowUpSample saves the sample (supervisor, or a clerk with a
// supervisor's approval), checked by forms.FollowUpSample.Validate against
// the catalogue. Cases completed from then on are sampled. Audited;
// refused with nothing changed.
func (db *DB) SetFollowUpSample(ctx context.Context, a forms.Actor, s forms.FollowUpSample) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	w, err := supervisorActor(ctx, tx, a)
	if err != nil {
		return err
	}
	s.Services = slices.Clone(s.Services)
	var lookErr error
	if err := s.Validate(func(code string) bool {
		_, err := findService(ctx, tx, code, 0)
		if err != nil && forms.ErrorCode(err) != forms.ENOTFOUND {
			lookErr = err
		}
		return err == nil
	}); err != nil {
		if lookErr != nil {
			return lookErr
		}
		return err
	}
	old, err := followUpSample(ctx, tx)
	if err != nil {
		return err
	}
	note := "抽样回访：关闭"
	if s.On() {
		note = fmt.Sprintf("抽样回访：%d项业务，每%d件抽1件", len(s.Services), s.Every)
	}
	if err := saveServiceList(ctx, tx, w, listFollowUpSample, old, s, ActFollowUpSample, note); err != nil {
		return err
	}
	return tx.commit()
}

// completedOfServiceSQL counts the station's completed cases of one
// service (the argument, a service code) through the partial index
// cases_completed_service of 0021, reading index entries only.
const completedOfServiceSQL = "SELECT count(*) FROM cases WHERE service_code = ? AND status = 'completed'"

// sampleFollowUp makes a follow-up call due for the case c just completed
// (finishCase) when the supervisor's sample picks it: the station's k-th
// completed case of its service, k a multiple of the sample's N. A case
// already sampled, or already called about for a poor rating (completed
// again after a reopening), is not sampled twice: one case, one call. The
// follow-up has no caller yet: a supervisor assigns it.
func sampleFollowUp(ctx context.Context, tx *txn, w *who, c *forms.Case) error {
	s, err := followUpSample(ctx, tx)
	if err != nil || !s.On() || !slices.Contains(s.Services, c.ServiceCode) {
		return err
	}
	var k, had int
	if err := tx.QueryRowContext(ctx, completedOfServiceSQL, c.ServiceCode).Scan(&k); err != nil {
		return fmt.Errorf("count completed cases: %w", err)
	}
	if !s.Picks(c.ServiceCode, k) {
		return nil
	}
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM follow_ups WHERE (source = 'sample' AND source_id = ?)
		OR (case_id = ? AND source = 'rating')`, c.ID, c.ID).Scan(&had); err != nil {
		return fmt.Errorf("check sampled case: %w", err)
	}
	if had > 0 {
		return nil
	}
	f, err := forms.NewFollowUp(forms.FollowUpSampled, c.ID, c.CompletedAt, nil)
	if err != nil {
		return err
	}
	f.CaseID, f.ServiceCode = c.ID, c.ServiceCode
	if err := followUpContact(ctx, tx, f, c.CustomerID, "", ""); err != nil {
		return err
	}
	return insertFollowUp(ctx, tx, w, f, fmt.Sprintf("%s 办结（抽样：%s第%d件）", c.Number, c.ServiceName, k))
}
