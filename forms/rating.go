package forms

// The customer's rating of a finished case (好差评), as government service
// counters collect it (issue 18): five levels from 非常满意 to 非常不满意, an
// optional comment, or the customer declines (婉拒评价). A rating of 不满意
// or worse makes a follow-up call due (NewFollowUp with FollowUpRating).

import (
	"slices"
	"time"
)

// RatingLevel is the customer's rating of a case, or RatingDeclined.
type RatingLevel string

// The levels, best first, and the customer's refusal to rate.
const (
	RatingVerySatisfied    RatingLevel = "very_satisfied"    // 非常满意
	RatingSatisfied        RatingLevel = "satisfied"         // 满意
	RatingBasic            RatingLevel = "basic"             // 基本满意
	RatingDissatisfied     RatingLevel = "dissatisfied"      // 不满意
	RatingVeryDissatisfied RatingLevel = "very_dissatisfied" // 非常不满意
	RatingDeclined         RatingLevel = "declined"          // 婉拒评价
)

// RatingLevels lists the levels in the order screens and reports show
// them, RatingDeclined last.
var RatingLevels = []RatingLevel{RatingVerySatisfied, RatingSatisfied, RatingBasic,
	RatingDissatisfied, RatingVeryDissatisfied, RatingDeclined}

// Label returns the level in Chinese.
func (l RatingLevel) Label() string {
	switch l {
	case RatingVerySatisfied:
		return "非常满意"
	case RatingSatisfied:
		return "满意"
	case RatingBasic:
		return "基本满意"
	case RatingDissatisfied:
		return "不满意"
	case RatingVeryDissatisfied:
		return "非常不满意"
	case RatingDeclined:
		return "婉拒评价"
	}
	return string(l)
}

// Index returns the level's position in RatingLevels (0 非常满意 … 5
// 婉拒评价), or -1 for an unknown level: the column of the month's table.
func (l RatingLevel) Index() int { return slices.Index(RatingLevels, l) }

// Poor reports whether the level is 不满意 or 非常不满意.
func (l RatingLevel) Poor() bool {
	return l == RatingDissatisfied || l == RatingVeryDissatisfied
}

// RuleRatingComment is the customer's optional comment with a rating.
var RuleRatingComment = Field{Name: "评价意见", Kind: KindText, Max: 300}

// The rules above join TextRules (text.go lists the older fields), so
// TestEveryFieldRule proves them as it proves every other field's.
func init() {
	TextRules = append(TextRules,
		RuleRatingComment)
}

// Rating is a customer's rating of one finished case, recorded by the
// clerk (ClerkID, ClerkName: who handled the case and records it) at At.
// The service and clerk are kept for the month's figures by service and
// clerk.
type Rating struct {
	ID          string
	CaseID      string
	CaseNumber  string
	ServiceCode string
	ServiceName string
	CustomerID  string
	ClerkID     string
	ClerkName   string
	Level       RatingLevel
	Comment     string // RuleRatingComment; may be empty
	At          time.Time
}

// Validate checks a rating as the clerk recorded it: the case given, a
// known level (or declined), the comment by RuleRatingComment (normalised
// in place). Each refusal is an EINVALID error naming the field and the
// fix. That the case is completed and not rated before is the store's
// check.
func (r *Rating) Validate() error {
	if r.CaseID == "" {
		return Errorf(EINVALID, "评价须针对一笔已办结的业务：请从受理单记录客户评价")
	}
	if r.Level.Index() < 0 {
		return Errorf(EINVALID, "请选择客户的评价：非常满意、满意、基本满意、不满意、非常不满意；客户不愿评价的，选“婉拒评价”")
	}
	c, err := RuleRatingComment.Check(r.Comment)
	if err != nil {
		return err
	}
	r.Comment = c
	return nil
}

// NeedsFollowUp reports whether the rating makes a follow-up call due: 不满意
// or 非常不满意.
func (r *Rating) NeedsFollowUp() bool { return r.Level.Poor() }
