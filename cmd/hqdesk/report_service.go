package main

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"counterdesk/forms"
)

// sheetService is the sheet of complaints, follow-up calls and ratings
// per station (issue 18: hqdesk report adds them per branch).
const sheetService = "投诉回访评价"

// ServiceCounts is one station's complaints, follow-up calls and ratings
// of the month, counted as the station's own service month report
// (forms.NewServiceReport) counts them: complaints received in the month
// and how many had their first answer before the deadline's end; the
// complaints open at the end of AsOf (of any month); the follow-ups whose
// source (the complaint closed, the poor rating) is in the month, done in
// time (within the 72 hours, or at the customer's own later time agreed
// within them: forms.FollowUp.DoneInTime), unreachable, and the
// scores of those done; the ratings given in the month, the satisfied
// ones (非常满意, 满意, 基本满意) among those not declined, and the poor
// ones (不满意, 非常不满意).
//
// As the station's report (and its workbook) says them: FollowUpsInTime
// are 按时完成, FollowUpsAtCustomersTime 其中按客户约定时间 of them,
// FollowUpsLate 逾期完成, FollowUpsUnreachable 无法联系 with
// FollowUpsNoContact 其中匿名无联系方式 (an anonymous complaint that gave
// no phone, forms.FollowUp.UnreachableReason).
type ServiceCounts struct {
	Complaints, AnsweredInTime, OpenComplaints           int
	FollowUpsDue, FollowUpsInTime, FollowUpsUnreachable  int
	FollowUpsAtCustomersTime, FollowUpsLate              int
	FollowUpsNoContact                                   int
	ScoreCount, ScoreSum                                 int
	Ratings, RatingsRated, RatingsSatisfied, RatingsPoor int
}

// add adds o to c.
func (c *ServiceCounts) add(o ServiceCounts) {
	c.Complaints += o.Complaints
	c.AnsweredInTime += o.AnsweredInTime
	c.OpenComplaints += o.OpenComplaints
	c.FollowUpsDue += o.FollowUpsDue
	c.FollowUpsInTime += o.FollowUpsInTime
	c.FollowUpsUnreachable += o.FollowUpsUnreachable
	c.FollowUpsAtCustomersTime += o.FollowUpsAtCustomersTime
	c.FollowUpsLate += o.FollowUpsLate
	c.FollowUpsNoContact += o.FollowUpsNoContact
	c.ScoreCount += o.ScoreCount
	c.ScoreSum += o.ScoreSum
	c.Ratings += o.Ratings
	c.RatingsRated += o.RatingsRated
	c.RatingsSatisfied += o.RatingsSatisfied
	c.RatingsPoor += o.RatingsPoor
}

// reportService counts each station's complaints, follow-ups and ratings
// of the month [start, end) with the open complaints at the end of asOf.
// Complaints are read whole (a station has few; the open ones may be of
// any month); follow-ups by their source time, ratings by their time.
func reportService(ctx context.Context, q reportQuerier, get func(string, int) *StationMonth, start, end, asOf time.Time) error {
	asOfEnd := forms.Day(asOf).AddDate(0, 0, 1)
	if err := q.query(ctx, "complaints", `SELECT c.branch, c.station, c.received_at, coalesce(c.due_day, ''),
		coalesce(c.answered_at, ''), coalesce(c.closed_at, '') FROM complaints c WHERE c.received_at < ? AND `+q.live("c"),
		[]any{tsText(end)}, func(rows hqRows) error {
			var b, received, due, answered, closed string
			var s int
			if err := rows.Scan(&b, &s, &received, &due, &answered, &closed); err != nil {
				return err
			}
			x := &get(b, s).Service
			c := forms.Complaint{ReceivedAt: parseTSText(received), DueDay: parseDateText(due),
				AnsweredAt: parseTSText(answered), ClosedAt: parseTSText(closed)}
			if !c.ReceivedAt.Before(start) && c.ReceivedAt.Before(end) {
				x.Complaints++
				if c.AnsweredInTime() {
					x.AnsweredInTime++
				}
			}
			if c.ReceivedAt.Before(asOfEnd) && (!c.Closed() || !c.ClosedAt.Before(asOfEnd)) {
				x.OpenComplaints++
			}
			return nil
		}); err != nil {
		return err
	}
	if err := q.query(ctx, "follow-ups", `SELECT f.branch, f.station, f.source_at, f.state, coalesce(f.done_at, ''),
		coalesce(f.score, -1), coalesce(f.attempts, ''), coalesce(f.customer_id, ''), coalesce(f.phone, '')
		FROM follow_ups f WHERE f.source_at >= ? AND f.source_at < ? AND `+q.live("f"),
		[]any{tsText(start), tsText(end)}, func(rows hqRows) error {
			var b, source, state, done, attempts, customer, phone string
			var s, score int
			if err := rows.Scan(&b, &s, &source, &state, &done, &score, &attempts, &customer, &phone); err != nil {
				return err
			}
			f := forms.FollowUp{SourceAt: parseTSText(source), State: forms.FollowUpState(state), DoneAt: parseTSText(done),
				CustomerID: customer, Phone: phone}
			// The tries say whether a call-back the customer asked for
			// within the 72 hours moved the deadline (forms.FollowUp.InTimeBy);
			// a list the station wrote wrongly counts by the 72 hours alone.
			if attempts != "" {
				_ = json.Unmarshal([]byte(attempts), &f.Attempts)
			}
			x := &get(b, s).Service
			x.FollowUpsDue++
			switch {
			case f.State == forms.FollowUpDone && f.DoneInTime():
				x.FollowUpsInTime++
				if f.DoneAtCustomersTime() {
					x.FollowUpsAtCustomersTime++
				}
			case f.State == forms.FollowUpDone:
				x.FollowUpsLate++
			case f.State == forms.FollowUpUnreachable:
				x.FollowUpsUnreachable++
				if f.UnreachableReason() == forms.FollowUpNoContactReason {
					x.FollowUpsNoContact++
				}
			}
			if f.State == forms.FollowUpDone && forms.CheckScore(score) == nil {
				x.ScoreCount++
				x.ScoreSum += score
			}
			return nil
		}); err != nil {
		return err
	}
	return q.query(ctx, "ratings", `SELECT g.branch, g.station, g.level FROM ratings g
		WHERE g.at >= ? AND g.at < ? AND `+q.live("g"), []any{tsText(start), tsText(end)}, func(rows hqRows) error {
		var b, level string
		var s int
		if err := rows.Scan(&b, &s, &level); err != nil {
			return err
		}
		l := forms.RatingLevel(level)
		if l.Index() < 0 {
			return nil
		}
		x := &get(b, s).Service
		x.Ratings++
		if l != forms.RatingDeclined {
			x.RatingsRated++
		}
		switch l {
		case forms.RatingVerySatisfied, forms.RatingSatisfied, forms.RatingBasic:
			x.RatingsSatisfied++
		}
		if l.Poor() {
			x.RatingsPoor++
		}
		return nil
	})
}

// serviceHeader names the columns of 投诉回访评价 in the words of the
// station's 服务月报 (screen, PDF and workbook): 按时完成 (其中按客户约定时间),
// 逾期完成, 无法联系 (其中匿名无联系方式); serviceNote is the counting
// rule under the table.
var serviceHeader = []string{"网点", "站号", "投诉受理", "按期首次答复", "按期答复率", "月末未办结投诉",
	"应回访", "按时完成", "其中按客户约定时间", "按时完成率", "逾期完成", "无法联系", "其中匿名无联系方式",
	"回访评分次数", "平均评分", "评价", "满意率", "不满意及以下"}

// serviceNote is the line under 投诉回访评价: how the follow-ups are
// counted, as the station's report says it.
const serviceNote = "说明：" + forms.FollowUpCountRule

// serviceRow is a station's (or a sum's) row of 投诉回访评价; shares are
// percentages with one decimal ("—" with nothing to count), the average
// score in tenths ("4.3").
func serviceRow(b, st string, s *StationMonth) []any {
	c := s.Service
	avg := "—"
	if c.ScoreCount > 0 {
		t := forms.Share{Num: c.ScoreSum, Den: c.ScoreCount}.Tenths()
		avg = strconv.Itoa(t/10) + "." + strconv.Itoa(t%10)
	}
	return []any{b, st, c.Complaints, c.AnsweredInTime, forms.Share{Num: c.AnsweredInTime, Den: c.Complaints}.Percent(),
		c.OpenComplaints, c.FollowUpsDue, c.FollowUpsInTime, c.FollowUpsAtCustomersTime,
		forms.Share{Num: c.FollowUpsInTime, Den: c.FollowUpsDue}.Percent(), c.FollowUpsLate,
		c.FollowUpsUnreachable, c.FollowUpsNoContact, c.ScoreCount, avg,
		c.Ratings, forms.Share{Num: c.RatingsSatisfied, Den: c.RatingsRated}.Percent(), c.RatingsPoor}
}
