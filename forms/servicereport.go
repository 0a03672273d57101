package forms

// The month's service figures (服务情况月报): complaints, follow-up calls and
// ratings, as seed 001 (按月总结投诉受理与处理情况, 建立投诉档案) and seed 003
// 篇5 4.3 (每月统计: 投诉内容分类, 处理情况, 客户满意情况) ask, computed as a
// pure function over the records so the PDF, the workbook and the tests
// read the same numbers.

import (
	"sort"
	"strconv"
	"time"
)

// Share is an exact fraction Num/Den (e.g. complaints answered in time
// over complaints received). Den 0 means there was nothing to count.
type Share struct {
	Num int
	Den int
}

// Permille returns the share in per-mille, rounded half up (3/8 → 375, 2/3
// → 667), or 0 when Den is 0.
func (s Share) Permille() int { return roundDiv(s.Num*1000, s.Den) }

// Tenths returns Num/Den in tenths, rounded half up (an average score of
// 13/3 → 43, i.e. 4.3), or 0 when Den is 0.
func (s Share) Tenths() int { return roundDiv(s.Num*10, s.Den) }

// roundDiv divides non-negative a by b rounding half up; 0 when b is 0.
func roundDiv(a, b int) int {
	if b <= 0 {
		return 0
	}
	return (2*a + b) / (2 * b)
}

// Percent returns the share as a percentage with one decimal, from
// Permille: "75.0%", or "—" when Den is 0.
func (s Share) Percent() string {
	if s.Den == 0 {
		return "—"
	}
	p := s.Permille()
	return strconv.Itoa(p/10) + "." + strconv.Itoa(p%10) + "%"
}

// String returns the share as the report prints it: "3/4（75.0%）", or "—"
// when Den is 0.
func (s Share) String() string {
	if s.Den == 0 {
		return "—"
	}
	return strconv.Itoa(s.Num) + "/" + strconv.Itoa(s.Den) + "（" + s.Percent() + "）"
}

// CountRow is one row of a count table: a stable key (a category code, a
// channel, an outcome or "open"), its Chinese label and the count.
type CountRow struct {
	Key   string
	Label string
	Count int
}

// RatingRow is one service's or clerk's ratings in the month: the count
// at each level, indexed as RatingLevels (0 非常满意 … 4 非常不满意, 5 婉拒评价),
// the total, and Satisfied: 非常满意, 满意 and 基本满意 over the ratings
// given (declined ones not counted).
type RatingRow struct {
	Key       string // the service code or the clerk's user ID
	Label     string // the service's or clerk's name
	Counts    [6]int
	Total     int
	Satisfied Share
}

// OpenComplaint is a complaint still open at the end of the report's
// AsOf day, with its age in calendar days on AsOf (0 received that day)
// and whether its first answer was missed by then.
type OpenComplaint struct {
	ID           string
	Number       string
	CategoryName string
	OwnerName    string
	ReceivedAt   time.Time
	DueDay       time.Time
	AgeDays      int
	Overdue      bool
}

// FollowUpCountRule is how the month's report counts follow-up calls, in
// one line for the supervisor, on the screen and the PDF under the
// follow-up figures (ServiceReport says the same for developers).
const FollowUpCountRule = "回访按来源发生的月份统计（投诉办结、客户评价、业务抽样的日期）：月底办结的投诉，次月初才打的回访也算在本月。72小时内打完算按时；客户在72小时内接通并约到72小时以后的，在约定当天打完也算按时（另列件数）。"

// ServiceReport is the month's figures of complaints, follow-ups and
// ratings. Counts are integers; shares are exact fractions (Share), shown
// as per-mille-rounded percentages. Month bounds are local time: From is
// local midnight of the 1st, To that of the next month's 1st (excluded).
//
// Which records count:
//   - Complaints: those received in the month. What became of them
//     (answered in time, outcome) is read from the records as they stand
//     when the report is made, so a complaint received on the 31st and
//     answered on the 2nd counts as answered in time; "open" is still
//     open then.
//   - Follow-ups: those whose source happened in the month (SourceAt in
//     [From, To): the complaint closed, the rating given, the case
//     sampled), whatever day the call was made, so a complaint closed on
//     the 29th and called on the 30th or on the 2nd is the month's, like
//     the complaint; the scores are those of these calls that were done.
//     In time is FollowUp.DoneInTime (72 hours, or the day the customer
//     asked for within them, counted apart). FollowUpCountRule says so in
//     one line for the screen and the PDF.
//   - Ratings: those given in the month.
//   - Open: every complaint (of any month) received by the end of AsOf
//     and not closed by then, oldest first.
type ServiceReport struct {
	Year  int
	Month time.Month
	From  time.Time
	To    time.Time
	// AsOf is the day the open list stands on: the month's last day, or
	// today while the month is still running.
	AsOf time.Time

	Complaints int // received in the month
	ByCategory []CountRow
	ByChannel  []CountRow
	ByOutcome  []CountRow // 属实, 部分属实, 不属实, then "open" 未办结

	AnsweredInTime int   // first answer given before DueAt
	AnsweredLate   int   // first answer given at or after DueAt
	Unanswered     int   // no answer yet
	OverdueNow     int   // of Unanswered, past DueAt when the report is made
	InTime         Share // AnsweredInTime / Complaints

	FollowUpsDue        int // whose source happened in the month
	FollowUpsDoneInTime int
	// FollowUpsAtCustomersTime is how many of FollowUpsDoneInTime were
	// done after the 72 hours at the time the customer asked for
	// (FollowUp.DoneAtCustomersTime).
	FollowUpsAtCustomersTime int
	FollowUpsDoneLate        int
	FollowUpsUnreachable     int
	// FollowUpsNoContact is how many of FollowUpsUnreachable are anonymous
	// complaints that gave no phone (FollowUpNoContactReason).
	FollowUpsNoContact int
	FollowUpsOpen      int   // still to be made
	FollowUpsInTime    Share // FollowUpsDoneInTime / FollowUpsDue
	Scores             [6]int
	ScoreCount         int
	ScoreSum           int
	ScoreAverage       Share // ScoreSum / ScoreCount; Tenths gives e.g. 43 for 4.3

	Ratings          int
	RatingCounts     [6]int // indexed as RatingLevels
	RatingsPoor      int    // 不满意 and 非常不满意 (each made a follow-up due)
	RatingsByService []RatingRow
	RatingsByClerk   []RatingRow

	Open []OpenComplaint
}

// Label returns the month as the clerk reads it, e.g. 2026年11月.
func (r *ServiceReport) Label() string { return MonthLabel(r.Year, r.Month) }

// Running reports whether the month is not over on AsOf.
func (r *ServiceReport) Running() bool { return !r.AsOf.Equal(MonthLastDay(r.Year, r.Month)) }

// NewServiceReport computes the figures of the month (year, month) at now
// from the station's complaints, follow-ups and ratings (all of them, or
// at least those of the month and the complaints still open; others are
// ignored) and the supervisor's categories (for the order and names of
// the category rows; a code no longer in the list keeps the name recorded
// on its complaints). A year outside MonthReportFirstYear–
// MonthReportLastYear, a month outside 1–12 or a month not yet begun is an
// EINVALID error naming the fix.
func NewServiceReport(year int, month time.Month, now time.Time, complaints []Complaint, followUps []FollowUp, ratings []Rating, cats []ComplaintCategory) (*ServiceReport, error) {
	if year < MonthReportFirstYear || year > MonthReportLastYear {
		return nil, Errorf(EINVALID, "年份“%d”无效：请选择%d到%d之间的年份", year, MonthReportFirstYear, MonthReportLastYear)
	}
	if month < time.January || month > time.December {
		return nil, Errorf(EINVALID, "月份“%d”无效：请选择1到12月", int(month))
	}
	if MonthStart(year, month).After(Day(now)) {
		return nil, Errorf(EINVALID, "%s还没有开始，没有可统计的投诉、回访和评价：请选择本月（%s）或以前的月份",
			MonthLabel(year, month), MonthLabel(now.Year(), now.Month()))
	}
	r := &ServiceReport{Year: year, Month: month, From: MonthStart(year, month), To: MonthEnd(year, month),
		AsOf: MonthLastDay(year, month)}
	if t := Day(now); t.Before(r.AsOf) {
		r.AsOf = t
	}
	in := func(t time.Time) bool { return !t.Before(r.From) && t.Before(r.To) }

	// Complaints received in the month.
	catCount, chanCount, outCount := map[string]int{}, map[string]int{}, map[string]int{}
	catName := map[string]string{}
	var catSeen []string
	for i := range complaints {
		c := &complaints[i]
		if !in(c.ReceivedAt) {
			continue
		}
		r.Complaints++
		if catCount[c.Category] == 0 {
			catSeen = append(catSeen, c.Category)
		}
		catCount[c.Category]++
		if catName[c.Category] == "" {
			catName[c.Category] = c.CategoryName
		}
		chanCount[string(c.Channel)]++
		if c.Closed() {
			outCount[string(c.Outcome)]++
		} else {
			outCount["open"]++
		}
		switch {
		case c.AnsweredInTime():
			r.AnsweredInTime++
		case c.Answered():
			r.AnsweredLate++
		default:
			r.Unanswered++
			if c.Overdue(now) {
				r.OverdueNow++
			}
		}
	}
	r.InTime = Share{r.AnsweredInTime, r.Complaints}
	for _, cat := range cats {
		if cat.Off && catCount[cat.Code] == 0 {
			continue
		}
		r.ByCategory = append(r.ByCategory, CountRow{cat.Code, cat.Name, catCount[cat.Code]})
		delete(catCount, cat.Code)
	}
	for _, code := range catSeen { // codes no longer in the list
		if n, ok := catCount[code]; ok {
			label := catName[code]
			if label == "" {
				label = code
			}
			r.ByCategory = append(r.ByCategory, CountRow{code, label, n})
		}
	}
	for _, ch := range ComplaintChannels {
		r.ByChannel = append(r.ByChannel, CountRow{string(ch), ch.Label(), chanCount[string(ch)]})
	}
	for _, o := range ComplaintOutcomes {
		r.ByOutcome = append(r.ByOutcome, CountRow{string(o), o.Label(), outCount[string(o)]})
	}
	r.ByOutcome = append(r.ByOutcome, CountRow{"open", "未办结", outCount["open"]})

	// Follow-ups whose source happened in the month.
	for i := range followUps {
		f := &followUps[i]
		if !in(f.SourceAt) {
			continue
		}
		r.FollowUpsDue++
		switch {
		case f.State == FollowUpDone && f.DoneInTime():
			r.FollowUpsDoneInTime++
			if f.DoneAtCustomersTime() {
				r.FollowUpsAtCustomersTime++
			}
		case f.State == FollowUpDone:
			r.FollowUpsDoneLate++
		case f.State == FollowUpUnreachable:
			r.FollowUpsUnreachable++
			if f.UnreachableReason() == FollowUpNoContactReason {
				r.FollowUpsNoContact++
			}
		default:
			r.FollowUpsOpen++
		}
		if f.State == FollowUpDone && f.Scored && CheckScore(f.Score) == nil {
			r.Scores[f.Score]++
			r.ScoreCount++
			r.ScoreSum += f.Score
		}
	}
	r.FollowUpsInTime = Share{r.FollowUpsDoneInTime, r.FollowUpsDue}
	r.ScoreAverage = Share{r.ScoreSum, r.ScoreCount}

	// Ratings given in the month.
	byService, byClerk := map[string]*RatingRow{}, map[string]*RatingRow{}
	add := func(m map[string]*RatingRow, key, label string, idx int) {
		row := m[key]
		if row == nil {
			row = &RatingRow{Key: key, Label: label}
			m[key] = row
		}
		if row.Label == "" {
			row.Label = label
		}
		row.Counts[idx]++
		row.Total++
	}
	for i := range ratings {
		rt := &ratings[i]
		idx := rt.Level.Index()
		if !in(rt.At) || idx < 0 {
			continue
		}
		r.Ratings++
		r.RatingCounts[idx]++
		if rt.Level.Poor() {
			r.RatingsPoor++
		}
		add(byService, rt.ServiceCode, rt.ServiceName, idx)
		add(byClerk, rt.ClerkID, rt.ClerkName, idx)
	}
	r.RatingsByService, r.RatingsByClerk = ratingRows(byService), ratingRows(byClerk)

	// Complaints open at the end of AsOf.
	end := r.AsOf.AddDate(0, 0, 1)
	openAt := end
	if now.Before(openAt) {
		openAt = now
	}
	for i := range complaints {
		c := &complaints[i]
		if !c.ReceivedAt.Before(end) || (c.Closed() && c.ClosedAt.Before(end)) {
			continue
		}
		// Missed by the end of AsOf, or by now while AsOf is today: a
		// deadline on the day the report is made has not passed yet.
		missed := c.MissedBy(openAt)
		r.Open = append(r.Open, OpenComplaint{ID: c.ID, Number: c.Number, CategoryName: c.CategoryName,
			OwnerName: c.OwnerName, ReceivedAt: c.ReceivedAt, DueDay: c.DueDay, AgeDays: c.AgeDays(r.AsOf), Overdue: missed})
	}
	sort.SliceStable(r.Open, func(i, j int) bool { return r.Open[i].ReceivedAt.Before(r.Open[j].ReceivedAt) })
	return r, nil
}

// ratingRows returns the rows sorted by label, then key, with their
// Satisfied shares.
func ratingRows(m map[string]*RatingRow) []RatingRow {
	out := make([]RatingRow, 0, len(m))
	for _, row := range m {
		rated := row.Total - row.Counts[5]
		row.Satisfied = Share{row.Counts[0] + row.Counts[1] + row.Counts[2], rated}
		out = append(out, *row)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Label != out[j].Label {
			return out[i].Label < out[j].Label
		}
		return out[i].Key < out[j].Key
	})
	return out
}
