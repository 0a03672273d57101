package forms

// Follow-up calls (回访), as seed 004 describes them: every complaint is
// called back, 100%, within 72 hours of its result (第二条, 第七条 "在72小时
// 内追踪落实结果"); the call follows a script that first asks whether it is
// convenient now and, if not, when to call again; then the questions, a
// score on the seed's 0–5 scale and what to improve (电话回访规范用语); a
// problem found on the call is dealt with (第三条); and the call records
// are read only by those allowed (未经…批准，公司员工不得查阅回访记录).
// Issue 18 adds the customer's poor rating and a supervisor's sample of
// completed cases as sources, and "unreachable after three tries" as an
// outcome.

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// FollowUpWindow is how long after its source a follow-up call is due:
// 72 hours (seed 004 第二条 and 第七条).
const FollowUpWindow = 72 * time.Hour

// FollowUpMaxTries is how many unanswered tries make a follow-up
// unreachable (issue 18: unreachable after three tries).
const FollowUpMaxTries = 3

// FollowUpMaxCallback is how far ahead a call-back time may be set: a
// customer who asks to be called "next month" is called then, but a typing
// error of a year is caught.
const FollowUpMaxCallback = 31 * 24 * time.Hour

// FollowUpSource is what made a follow-up due.
type FollowUpSource string

// The sources.
const (
	FollowUpComplaint FollowUpSource = "complaint" // a closed complaint
	FollowUpRating    FollowUpSource = "rating"    // a rating of 不满意 or worse
	FollowUpSampled   FollowUpSource = "sample"    // a sampled completed case (see FollowUpSample)
)

// Label returns the source in Chinese.
func (s FollowUpSource) Label() string {
	switch s {
	case FollowUpComplaint:
		return "投诉办结"
	case FollowUpRating:
		return "不满意评价"
	case FollowUpSampled:
		return "办结业务抽样"
	}
	return string(s)
}

// FollowUpState is where a follow-up stands.
type FollowUpState string

// The states. Open and callback are still to be called; done and
// unreachable are its two outcomes.
const (
	FollowUpOpen        FollowUpState = "open"        // not yet reached
	FollowUpCallback    FollowUpState = "callback"    // reached, not convenient: call again at DueAt
	FollowUpDone        FollowUpState = "done"        // the call was made and scored
	FollowUpUnreachable FollowUpState = "unreachable" // FollowUpMaxTries tries without an answer
)

// Label returns the state in Chinese.
func (s FollowUpState) Label() string {
	switch s {
	case FollowUpOpen:
		return "待回访"
	case FollowUpCallback:
		return "约定再回访"
	case FollowUpDone:
		return "已回访"
	case FollowUpUnreachable:
		return "无法联系"
	}
	return string(s)
}

// ScoreLevel is one step of the seed's score scale (seed 004 "请您对我们的
// 整体服务打分"): the score, its name and what it means. The seed's copy
// writes 必须 for 一定 and 思考 for 考虑 (a synonym-replacing copy); Detail
// gives the plain wording.
type ScoreLevel struct {
	Score  int
	Name   string
	Detail string
}

// FollowUpScale is the seed's scale, 5 first.
var FollowUpScale = []ScoreLevel{
	{5, "十分满意", "十分满意，有机会一定会推荐给亲朋。"},
	{4, "比较满意", "比较满意，会考虑向亲朋推荐。"},
	{3, "感觉一般", "感觉一般，有些服务还是不到位，但问题能够及时解决。"},
	{2, "不满意", "不满意，服务不好，很多问题解决不及时。"},
	{1, "十分不满意", "十分不满意，问题多，且得不到解决。"},
	{0, "感觉极差", "感觉极差，不考虑再来办理。"},
}

// ScoreName returns the scale's name of a score 0–5 ("5分 十分满意" is
// ScoreName(5) = "十分满意"), or "" outside the scale.
func ScoreName(score int) string {
	for _, l := range FollowUpScale {
		if l.Score == score {
			return l.Name
		}
	}
	return ""
}

// CheckScore refuses a score outside 0–5 with an EINVALID error naming the
// scale.
func CheckScore(score int) error {
	if score < 0 || score > 5 {
		return Errorf(EINVALID, "回访评分%d分无效：只能打0到5分（5分十分满意，4分比较满意，3分感觉一般，2分不满意，1分十分不满意，0分感觉极差）", score)
	}
	return nil
}

// FollowUpQuestion is one question of the script, as the supervisor edits
// it. ID is stable (answers are kept by it, with the text as asked).
type FollowUpQuestion struct {
	ID   string `json:"id"`   // e.g. "solved": lower-case letters, digits and _
	Text string `json:"text"` // RuleScriptLine
	Off  bool   `json:"off,omitempty"`
}

// FollowUpScript is the call's script (seed 004 电话回访规范用语), kept by
// the supervisor as catalogue-like data: the opening, which asks whether
// it is convenient now; what to say when it is not (asking when to call
// back); the questions, in order; the score prompt; the question about
// what to improve; the closing. ［网点］ in any line is replaced by the
// branch's name when shown (Line).
type FollowUpScript struct {
	Opening       string             `json:"opening"`
	NotConvenient string             `json:"not_convenient"`
	Questions     []FollowUpQuestion `json:"questions"`
	ScorePrompt   string             `json:"score_prompt"`
	Improve       string             `json:"improve"`
	Closing       string             `json:"closing"`
}

// RuleScriptLine is one line of the follow-up script.
var RuleScriptLine = Field{Name: "回访话术", Kind: KindText, Max: 300, Required: true}

// MaxScriptQuestions is how many questions a script may hold: a call of
// more would not be the 5 to 10 minutes the opening promises.
const MaxScriptQuestions = 15

// DefaultFollowUpScript returns the seed's script, worded for the counter:
// the opening and its "not convenient" branch and the closing as seed 004
// has them (with ［网点］ for the company), the questions asked of a
// customer of the counter, and the score and improvement prompts as the
// seed words them.
func DefaultFollowUpScript() FollowUpScript {
	return FollowUpScript{
		Opening:       "您好，我是［网点］的工作人员，很高兴能为您服务。请问您现在是否方便接受一下我们的电话回访？可能要耽误您5到10分钟的时间。",
		NotConvenient: "那好的，不好意思打扰您了，请问您大概什么时候方便接受回访？好的，那我稍后再给您打电话，祝您一切顺利。",
		Questions: []FollowUpQuestion{
			{ID: "solved", Text: "请问您反映的问题是否已经得到解决？"},
			{ID: "result", Text: "请问您对处理结果是否满意？"},
			{ID: "attitude", Text: "请问您对工作人员的服务态度是否满意？"},
			{ID: "speed", Text: "请问您对办理（处理）的速度是否满意？"},
			{ID: "new_problem", Text: "请问您现在还有没有其他需要我们帮助解决的问题？"},
		},
		ScorePrompt: "请您对我们的整体服务打分：5分十分满意，4分比较满意，3分感觉一般，2分不满意，1分十分不满意，0分感觉极差。",
		Improve:     "最后，您认为我们的服务在哪些方面还需要改善？能否请您给出一些意见或建议？",
		Closing:     "好的，我们的电话回访就是这些，十分抱歉占用了您的宝贵时间（您所反映的问题我会在第一时间向相关负责人汇报）。感谢您对［网点］工作的支持，祝您一切顺利，生活愉快。",
	}
}

// Validate checks the script as the supervisor edited it: every line
// given and at most 300 characters (RuleScriptLine), 1 to
// MaxScriptQuestions questions with unique IDs (lower-case letters, digits
// and _), at least one in use. The texts are normalised in place. Each
// refusal is an EINVALID error naming the line and the fix.
func (s *FollowUpScript) Validate() error {
	lines := []struct {
		name string
		p    *string
	}{{"开场白（询问是否方便）", &s.Opening}, {"不方便时的话术", &s.NotConvenient}, {"打分话术", &s.ScorePrompt},
		{"征求改进意见的话术", &s.Improve}, {"结束语", &s.Closing}}
	for _, l := range lines {
		v, err := RuleScriptLine.Check(*l.p)
		if err != nil {
			return Errorf(EINVALID, "%s：%s", l.name, ErrorMessage(err))
		}
		*l.p = v
	}
	if len(s.Questions) == 0 {
		return Errorf(EINVALID, "回访话术至少要有一个问题，例如“请问您反映的问题是否已经得到解决？”")
	}
	if len(s.Questions) > MaxScriptQuestions {
		return Errorf(EINVALID, "回访问题最多%d个（现有%d个）：请删减，一次回访约5到10分钟", MaxScriptQuestions, len(s.Questions))
	}
	ids := map[string]bool{}
	inUse := false
	for i := range s.Questions {
		q := &s.Questions[i]
		if !validCategoryCode(q.ID) {
			return Errorf(EINVALID, "第%d个回访问题的编号“%s”无效：编号只能用小写英文字母、数字和下划线，最多20个字符", i+1, q.ID)
		}
		if ids[q.ID] {
			return Errorf(EINVALID, "回访问题编号“%s”重复：每个问题的编号须不同", q.ID)
		}
		ids[q.ID] = true
		v, err := RuleScriptLine.Check(q.Text)
		if err != nil {
			return Errorf(EINVALID, "第%d个回访问题：%s", i+1, ErrorMessage(err))
		}
		q.Text = v
		inUse = inUse || !q.Off
	}
	if !inUse {
		return Errorf(EINVALID, "回访问题全部停用了：请至少保留一个在用的问题")
	}
	return nil
}

// Line returns a script line with ［网点］ replaced by the branch's name.
func (s *FollowUpScript) Line(text, branch string) string {
	return strings.ReplaceAll(text, "［网点］", branch)
}

// Asked returns the questions in use, in order.
func (s *FollowUpScript) Asked() []FollowUpQuestion {
	var out []FollowUpQuestion
	for _, q := range s.Questions {
		if !q.Off {
			out = append(out, q)
		}
	}
	return out
}

// FollowUpAttempt is one try at the call: at At, by the caller, whether
// the customer answered (Reached), whether it was convenient then
// (Convenient; only when reached), the call-back time they asked for (when
// reached and not convenient), and a note (e.g. 关机, 无人接听).
type FollowUpAttempt struct {
	At         time.Time `json:"at"`
	Reached    bool      `json:"reached"`
	Convenient bool      `json:"convenient"`
	CallBackAt time.Time `json:"call_back_at,omitzero"`
	Note       string    `json:"note,omitempty"` // RuleAttemptNote
	ByID       string    `json:"by_id"`
	ByName     string    `json:"by_name"`
}

// FollowUpAnswer is the customer's answer to one question of the script,
// with the question as it was asked (the script may change later).
type FollowUpAnswer struct {
	QuestionID string `json:"question_id"`
	Question   string `json:"question"`
	Answer     string `json:"answer"` // RuleFollowUpAnswer
}

// The text fields of a follow-up.
var (
	// RuleAttemptNote is a note on one try, e.g. 无人接听, 关机.
	RuleAttemptNote = Field{Name: "联系情况", Kind: KindLine, Max: 100, Prose: true}
	// RuleFollowUpAnswer is the customer's answer to one question.
	RuleFollowUpAnswer = Field{Name: "客户回答", Kind: KindText, Max: 500}
	// RuleImprove is what the customer says should improve.
	RuleImprove = Field{Name: "改进意见", Kind: KindText, Max: 1000}
	// RuleNewProblem is a new problem the customer raised, recorded as
	// the words of a new complaint (RuleComplaintWords then applies too).
	RuleNewProblem = Field{Name: "新问题", Kind: KindText, Max: 2000, Required: true,
		Empty: "客户反映了新问题：请按客户原话填写新问题，它会登记为一件新的投诉，由您负责"}
)

// The rules above join TextRules (text.go lists the older fields), so
// TestEveryFieldRule proves them as it proves every other field's.
func init() {
	TextRules = append(TextRules,
		RuleScriptLine, RuleAttemptNote, RuleFollowUpAnswer, RuleImprove, RuleNewProblem)
}

// FollowUp is one follow-up call (回访) and its record: what made it due
// (Source, SourceID: the complaint, rating or case; SourceAt: when the
// complaint closed, the rating was given, the case was completed), whom to
// call, who calls (CallerID: only the caller and supervisors read it,
// CanRead), the tries, and once done the answers, the score on the 0–5
// scale, what to improve and whether a new problem came up (which the
// store records as a new complaint owned by the caller, NewComplaintID).
//
// DueAt is when the next call is due: it starts as SourceAt +
// FollowUpWindow and moves to the call-back time a customer asks for (the
// reminders and the list's order follow it). The deadline stays
// TakeOverForRating makes the poor rating ratingID the reason of f, a call
// the sample made about a case handled by handlerID: one case, one call
// (the month counts it once). The rating's reason wins — the call is now
// about what the customer was unhappy with, so it counts as 不满意评价 and
// the handler may not make it: a caller who is the handler is taken off
// (removed is their name) for a supervisor to assign another. Its time and
// deadline stay the sample's (the earlier, so the customer is not called
// later for being unhappy). ok is false, and f unchanged, when f is
// finished (made, or the customer unreachable) or already a rating's call.
func (f *FollowUp) TakeOverForRating(ratingID, handlerID string) (removed string, ok bool) {
	if f.Finished() || f.Source == FollowUpRating {
		return "", false
	}
	f.Source, f.SourceID = FollowUpRating, ratingID
	if f.CallerID != "" && f.CallerID == handlerID {
		removed = f.CallerName
		f.CallerID, f.CallerName = "", ""
	}
	return removed, true
}

// WindowEnd, shown beside an agreed call-back time (CallBackAt); in-time
// is measured from SourceAt (DoneInTime, InTimeBy).
type FollowUp struct {
	ID       string
	Source   FollowUpSource
	SourceID string    // the complaint, rating or case
	SourceAt time.Time // when the source happened
	DueAt    time.Time // SourceAt+72h, or the call-back time asked

	CustomerID   string
	CustomerName string
	Phone        string
	CaseID       string // the case concerned, if any
	ServiceCode  string // the case's service, if any (for the month's figures)

	CallerID   string // who makes the call
	CallerName string

	State    FollowUpState
	Attempts []FollowUpAttempt
	// Tried is how many tries a list row stands for: the store's list
	// leaves Attempts out (they are read with the audited opening) and
	// counts them here. Tries reads either.
	Tried int

	Answers        []FollowUpAnswer
	Score          int  // 0–5 when Scored
	Scored         bool // a score was given (done calls always have one)
	Improve        string
	NewProblem     bool   // a new problem came up on the call
	NewProblemText string // the customer's words about it (RuleNewProblem)
	NewComplaintID string // the complaint the store opened for it
	// NewComplaintNumber is that complaint's number (TS-2026-0001), for
	// the call's record (issue 18 finding 12).
	NewComplaintNumber string
	DoneAt             time.Time
}

// NewFollowUp returns the follow-up due for a source at sourceAt: open,
// due FollowUpWindow later, to be made by caller (nil: to be assigned by
// a supervisor). An unknown source or a zero time is an EINVALID error.
func NewFollowUp(src FollowUpSource, sourceID string, sourceAt time.Time, caller *User) (*FollowUp, error) {
	switch src {
	case FollowUpComplaint, FollowUpRating, FollowUpSampled:
	default:
		return nil, Errorf(EINVALID, "回访来源“%s”无效：只能是投诉办结、不满意评价或办结业务抽样", src)
	}
	if sourceID == "" || sourceAt.IsZero() {
		return nil, Errorf(EINVALID, "回访缺少来源：请从办结的投诉、不满意的评价或抽样的业务发起回访")
	}
	f := &FollowUp{Source: src, SourceID: sourceID, SourceAt: sourceAt, DueAt: sourceAt.Add(FollowUpWindow), State: FollowUpOpen}
	if caller != nil {
		f.CallerID, f.CallerName = caller.ID, caller.Name
	}
	return f, nil
}

// FollowUpNoContactReason is why a follow-up of an anonymous complaint
// without a phone is unreachable from the start (MarkNoContact).
const FollowUpNoContactReason = "匿名，无联系方式"

// NoContact reports whether the follow-up has nobody to call: no customer
// and no phone (an anonymous complaint that gave none).
func (f *FollowUp) NoContact() bool { return f.CustomerID == "" && f.Phone == "" }

// MarkNoContact records, when the follow-up has nobody to call
// (NoContact) and is still open without tries, that it cannot be made:
// unreachable at once, for FollowUpNoContactReason, with no try and no
// caller needed. It reports whether it did. The month's report counts it
// with the unreachable, apart (FollowUpsNoContact).
func (f *FollowUp) MarkNoContact() bool {
	if !f.NoContact() || f.State != FollowUpOpen || len(f.Attempts) > 0 {
		return false
	}
	f.State = FollowUpUnreachable
	return true
}

// UnreachableReason says why an unreachable follow-up was not made:
// FollowUpNoContactReason, or how many tries went unanswered; "" for
// any other state.
func (f *FollowUp) UnreachableReason() string {
	if f.State != FollowUpUnreachable {
		return ""
	}
	if f.NoContact() && f.Tries() == 0 {
		return FollowUpNoContactReason
	}
	return fmt.Sprintf("%d次未接通", max(f.Unanswered(), f.Tries()))
}

// Finished reports whether the follow-up has its outcome (done or
// unreachable).
func (f *FollowUp) Finished() bool {
	return f.State == FollowUpDone || f.State == FollowUpUnreachable
}

// WindowEnd returns the end of the 72 hours: SourceAt + FollowUpWindow.
func (f *FollowUp) WindowEnd() time.Time { return f.SourceAt.Add(FollowUpWindow) }

// CallBackAt returns the call-back time last agreed with the customer
// (a try reached and not convenient), or the zero time when none was. A
// list row, which carries no tries, gives DueAt while it waits for the
// call-back (state callback).
func (f *FollowUp) CallBackAt() time.Time {
	for i := len(f.Attempts) - 1; i >= 0; i-- {
		if a := f.Attempts[i]; a.Reached && !a.Convenient && !a.CallBackAt.IsZero() {
			return a.CallBackAt
		}
	}
	if f.State == FollowUpCallback {
		return f.DueAt
	}
	return time.Time{}
}

// CallBackAfterWindow reports whether the agreed call-back time
// (CallBackAt) falls after the 72 hours (WindowEnd): the customer asked
// for a later time, which is allowed and recorded, and the deadline shown
// stays WindowEnd.
func (f *FollowUp) CallBackAfterWindow() bool {
	cb := f.CallBackAt()
	return !cb.IsZero() && cb.After(f.WindowEnd())
}

// InTimeBy returns the latest time the call counts as done in time:
// WindowEnd, or, when the customer was reached within the 72 hours and
// asked to be called after them, the end of that agreed call-back's local
// day (the last such agreement made within the window counts; one made
// after the window does not extend it). Seed 004's script has the caller
// ask "请问您大概什么时候方便接受回访" and promise to call then, so a call
// made at the customer's own time is the seed's rule kept, not a delay of
// the counter's.
func (f *FollowUp) InTimeBy() time.Time {
	by := f.WindowEnd()
	for _, a := range f.Attempts {
		if a.Reached && !a.Convenient && !a.At.After(f.WindowEnd()) && a.CallBackAt.After(by) {
			by = Day(a.CallBackAt).AddDate(0, 0, 1).Add(-time.Second)
		}
	}
	return by
}

// DoneInTime reports whether the call was done in time: at or before
// InTimeBy (WindowEnd, or the end of the day the customer asked for
// within the 72 hours).
func (f *FollowUp) DoneInTime() bool {
	return f.State == FollowUpDone && !f.DoneAt.After(f.InTimeBy())
}

// DoneAtCustomersTime reports whether the call was done in time only
// because the customer asked for a time after the 72 hours (DoneInTime,
// after WindowEnd): the month's report counts these apart.
func (f *FollowUp) DoneAtCustomersTime() bool {
	return f.DoneInTime() && f.DoneAt.After(f.WindowEnd())
}

// Overdue reports whether, at now, the follow-up is still to be made and
// its DueAt has passed.
func (f *FollowUp) Overdue(now time.Time) bool {
	return !f.Finished() && now.After(f.DueAt)
}

// FollowUpNear is how long before DueAt a follow-up shows as near due.
const FollowUpNear = 24 * time.Hour

// NearDue reports whether, at now, the follow-up is still to be made, not
// overdue, and due within FollowUpNear.
func (f *FollowUp) NearDue(now time.Time) bool {
	return !f.Finished() && !f.Overdue(now) && f.DueAt.Sub(now) <= FollowUpNear
}

// Tries returns how many tries were made: len(Attempts) on a whole
// record, Tried on a list row.
func (f *FollowUp) Tries() int { return max(len(f.Attempts), f.Tried) }

// Unanswered counts the tries on which the customer did not answer.
func (f *FollowUp) Unanswered() int {
	n := 0
	for _, a := range f.Attempts {
		if !a.Reached {
			n++
		}
	}
	return n
}

// CanRead reports whether u may read the follow-up's record: an active
// supervisor, or its caller (seed 004: 未经批准不得查阅回访记录). The store
// audits each reading.
func (f *FollowUp) CanRead(u *User) bool {
	if u == nil || u.Disabled {
		return false
	}
	return u.IsSupervisor() || (f.CallerID != "" && u.ID == f.CallerID)
}

// checkCall refuses a finished follow-up (ECONFLICT) and anyone but its
// caller (EFORBIDDEN); an unassigned follow-up is refused until a
// supervisor assigns it.
func (f *FollowUp) checkCall(by *User) error {
	switch f.State {
	case FollowUpDone:
		return Errorf(ECONFLICT, "这次回访已于%s完成，不能再记录", f.DoneAt.Local().Format("2006-01-02 15:04"))
	case FollowUpUnreachable:
		return Errorf(ECONFLICT, "已联系%d次都没有接通，这次回访已记为“无法联系”，不能再记录第%d次：如客户来电或来访，请在投诉或业务中记录",
			FollowUpMaxTries, len(f.Attempts)+1)
	}
	if f.CallerID == "" {
		return Errorf(EFORBIDDEN, "这次回访还没有指定回访人：请主管先指定")
	}
	if by == nil || by.Disabled || by.ID != f.CallerID {
		return Errorf(EFORBIDDEN, "这次回访由%s负责，只有%s能记录：请交给%s，或请主管改派", f.CallerName, f.CallerName, f.CallerName)
	}
	return nil
}

// Assign makes caller the one who calls, by a supervisor (EFORBIDDEN
// otherwise), before it is finished (ECONFLICT); the caller must be active
// (EINVALID). A refusal changes nothing.
func (f *FollowUp) Assign(by, caller *User) error {
	if f.Finished() {
		return Errorf(ECONFLICT, "这次回访已经结束（%s），不能再改派", f.State.Label())
	}
	if !by.IsSupervisor() {
		return Errorf(EFORBIDDEN, "只有主管能指定或改派回访人")
	}
	if caller == nil || caller.ID == "" || caller.Disabled {
		return Errorf(EINVALID, "请选择一位在用的工作人员作回访人")
	}
	f.CallerID, f.CallerName = caller.ID, caller.Name
	return nil
}

// RecordAttempt records a try that did not complete the call, by the
// caller: not reached (the FollowUpMaxTries-th such try makes it
// unreachable), or reached but not convenient, with the call-back time the
// customer asked for, which becomes DueAt (state callback). A convenient
// call is recorded with Complete instead. Refused: a finished follow-up,
// so a fourth try after "unreachable" (ECONFLICT); anyone but the caller
// (EFORBIDDEN); a try before the source, a reached-and-convenient try, a
// call-back time missing, not after the try or more than
// FollowUpMaxCallback ahead, or a note too long (EINVALID). A refusal
// changes nothing.
func (f *FollowUp) RecordAttempt(by *User, a FollowUpAttempt) error {
	if err := f.checkCall(by); err != nil {
		return err
	}
	if a.At.Before(f.SourceAt) {
		return Errorf(EINVALID, "回访时间早于回访来源的时间（%s）：请核对电脑时间", f.SourceAt.Local().Format("2006-01-02 15:04"))
	}
	note, err := RuleAttemptNote.Check(a.Note)
	if err != nil {
		return err
	}
	a.Note, a.ByID, a.ByName = note, by.ID, by.Name
	if !a.Reached {
		a.Convenient, a.CallBackAt = false, time.Time{}
		f.Attempts = append(f.Attempts, a)
		if f.Unanswered() >= FollowUpMaxTries {
			f.State = FollowUpUnreachable
		}
		return nil
	}
	if a.Convenient {
		return Errorf(EINVALID, "客户方便接受回访的，请逐项记录回答和评分后完成回访")
	}
	if a.CallBackAt.IsZero() {
		return Errorf(EINVALID, "客户现在不方便：请问客户什么时候方便，填写再次回访的时间")
	}
	if !a.CallBackAt.After(a.At) {
		return Errorf(EINVALID, "再次回访时间 %s 已经过去（本次通话是 %s）：请问客户什么时候方便，填写以后的时间",
			a.CallBackAt.Local().Format("2006-01-02 15:04"), a.At.Local().Format("2006-01-02 15:04"))
	}
	if a.CallBackAt.Sub(a.At) > FollowUpMaxCallback {
		return Errorf(EINVALID, "再次回访时间 %s 离现在超过31天：请核对日期，或与客户约定一个月内的时间", a.CallBackAt.Local().Format("2006-01-02 15:04"))
	}
	f.Attempts = append(f.Attempts, a)
	f.DueAt, f.State = a.CallBackAt, FollowUpCallback
	return nil
}

// FollowUpResult is what a completed call records: the answers, the score
// (Scored must be set: 0 is a score, 感觉极差), what to improve, and
// whether a new problem came up, in the customer's words, with the
// category and complexity the caller chose for the complaint it opens
// (issue 18 finding 12: no longer fixed at 其他/简单; its channel is 电话,
// the way it reached the counter).
type FollowUpResult struct {
	Answers              []FollowUpAnswer
	Score                int
	Scored               bool
	Improve              string
	NewProblem           bool
	NewProblemText       string
	NewProblemCategory   string              // a ComplaintCategory code in use
	NewProblemComplexity ComplaintComplexity // simple or complex
}

// Complete records the call made at at by the caller, reached and
// convenient, with its result, and marks the follow-up done. Refused: a
// finished follow-up (ECONFLICT); anyone but the caller (EFORBIDDEN); no
// score, a score outside 0–5 (CheckScore), an answer to an unknown or
// repeated question, texts breaking their rules, a new problem without
// its words, category or complexity, or a time before the source
// (EINVALID). A refusal changes nothing. The store opens the new
// complaint (owned by the caller; ProblemComplaint) and sets
// NewComplaintID.
func (f *FollowUp) Complete(by *User, at time.Time, r FollowUpResult) error {
	if err := f.checkCall(by); err != nil {
		return err
	}
	if at.Before(f.SourceAt) {
		return Errorf(EINVALID, "回访时间早于回访来源的时间（%s）：请核对电脑时间", f.SourceAt.Local().Format("2006-01-02 15:04"))
	}
	if !r.Scored {
		return Errorf(EINVALID, "完成回访前请让客户对整体服务打分（0到5分）：没有评分不能完成回访")
	}
	if err := CheckScore(r.Score); err != nil {
		return err
	}
	answers := make([]FollowUpAnswer, 0, len(r.Answers))
	var seen []string
	for _, a := range r.Answers {
		if a.QuestionID == "" || slices.Contains(seen, a.QuestionID) {
			return Errorf(EINVALID, "回访问题“%s”的回答缺少编号或重复，请重新记录", a.Question)
		}
		seen = append(seen, a.QuestionID)
		ans, err := RuleFollowUpAnswer.Check(a.Answer)
		if err != nil {
			return Errorf(EINVALID, "问题“%s”：%s", a.Question, ErrorMessage(err))
		}
		a.Answer = ans
		answers = append(answers, a)
	}
	improve, err := RuleImprove.Check(r.Improve)
	if err != nil {
		return err
	}
	problem := ""
	if r.NewProblem {
		if problem, err = RuleNewProblem.Check(r.NewProblemText); err != nil {
			return err
		}
		if r.NewProblemCategory == "" {
			return Errorf(EINVALID, "客户提出的新问题要登记为投诉：请选择它的投诉类别（如服务态度、等候时间、收费、其他）")
		}
		if r.NewProblemComplexity.AnswerDays() == 0 {
			return Errorf(EINVALID, "客户提出的新问题要登记为投诉：请选择简单（1个工作日内首次答复）或复杂（5个工作日内）")
		}
	}
	f.Attempts = append(f.Attempts, FollowUpAttempt{At: at, Reached: true, Convenient: true, ByID: by.ID, ByName: by.Name})
	f.Answers, f.Score, f.Scored, f.Improve = answers, r.Score, true, improve
	f.NewProblem, f.NewProblemText = r.NewProblem, problem
	f.State, f.DoneAt = FollowUpDone, at
	return nil
}

// ComplaintFollowUp returns the follow-up a closed complaint makes due:
// from its ClosedAt, about its customer (or anonymous caller, with the
// phone given), the case it concerned, to be made by caller (nil: to be
// assigned by a supervisor). An open complaint is an ECONFLICT error.
func ComplaintFollowUp(c *Complaint, caller *User) (*FollowUp, error) {
	if !c.Closed() {
		return nil, Errorf(ECONFLICT, "投诉 %s 还没有办结：办结后才安排回访", c.Number)
	}
	f, err := NewFollowUp(FollowUpComplaint, c.ID, c.ClosedAt, caller)
	if err != nil {
		return nil, err
	}
	f.CustomerID, f.CaseID = c.CustomerID, c.CaseID
	if c.Anonymous() {
		f.CustomerName, f.Phone = c.CallerName, c.CallerPhone
		f.MarkNoContact()
	}
	return f, nil
}

// RatingFollowUp returns the follow-up a poor rating makes due: from its
// At, about its customer, case and service, to be made by caller (nil: to
// be assigned). A rating that needs none (better than 不满意, or declined)
// is an ECONFLICT error.
func RatingFollowUp(r *Rating, caller *User) (*FollowUp, error) {
	if !r.NeedsFollowUp() {
		return nil, Errorf(ECONFLICT, "客户评价为“%s”，不需要回访：不满意和非常不满意的评价才安排回访", r.Level.Label())
	}
	f, err := NewFollowUp(FollowUpRating, r.ID, r.At, caller)
	if err != nil {
		return nil, err
	}
	f.CustomerID, f.CaseID, f.ServiceCode = r.CustomerID, r.CaseID, r.ServiceCode
	return f, nil
}

// ProblemComplaint returns the complaint a new problem raised on a done
// call opens, ready for Complaint.Receive by the caller (who then owns
// it): the customer (or the anonymous caller's name and phone), the phone
// channel, the customer's words about it, the case concerned, and the
// category and complexity the caller chose. It is a draft: nothing is
// checked until Receive.
func (f *FollowUp) ProblemComplaint(category string, cx ComplaintComplexity) Complaint {
	c := Complaint{CustomerID: f.CustomerID, Channel: ChannelPhone, Category: category, Complexity: cx,
		Words: f.NewProblemText, CaseID: f.CaseID}
	if f.CustomerID == "" {
		c.CallerName, c.CallerPhone = f.CustomerName, f.Phone
	}
	return c
}
