package main

import (
	"context"
	"testing"
	"time"

	"counterdesk/forms"
)

// TestReportService: the complaints, follow-ups and ratings exported by
// two stations are counted per station, added per branch and in all, as
// the station's own service month report counts them; deleted rows and
// rows of other months are not counted, and a training station stays out
// of the totals.
func TestReportService(t *testing.T) {
	forEachKind(t, func(t *testing.T, kind string) {
		h := openTestHQ(t, kind)
		fillReportRows(t, h)
		cx := func(b string, st int, id, received, due, answered, closed string, kv ...any) {
			args := []any{"id", id, "number", "TS-" + id, "channel", "phone", "category", "waiting", "category_name", "等候时间",
				"words", "等了很久", "complexity", "simple", "received_at", received, "due_day", due, "recorder_id", "u1", "owner_id", "u1"}
			if answered != "" {
				args = append(args, "answered_at", answered)
			}
			if closed != "" {
				args = append(args, "closed_at", closed, "outcome", "upheld")
			}
			put(t, h, "complaints", b, st, append(args, kv...)...)
		}
		cx("QB", 1, "c1", at(11, 3, 9, 0), "2026-11-04", at(11, 4, 15, 0), at(11, 5, 9, 0)) // in time, closed
		cx("QB", 1, "c2", at(11, 10, 9, 0), "2026-11-11", at(11, 13, 9, 0), "")             // late, open
		cx("QB", 1, "c3", at(10, 20, 9, 0), "2026-10-21", "", "")                           // October, still open
		cx("QB", 1, "c4", at(11, 12, 9, 0), "2026-11-13", "", "", "_deleted", 1)            // deleted
		cx("QB", 2, "c1", at(11, 20, 9, 0), "2026-11-23", at(11, 20, 10, 0), at(11, 21, 9, 0))
		cx("LX", 1, "c1", at(11, 20, 9, 0), "2026-11-23", "", "") // training
		fu := func(b string, st int, id, source, state, done string, score any) {
			args := []any{"id", id, "source", "complaint", "source_id", "c", "source_at", source, "due_at", source, "state", state}
			if done != "" {
				args = append(args, "done_at", done)
			}
			if score != nil {
				args = append(args, "score", score)
			}
			put(t, h, "follow_ups", b, st, args...)
		}
		fu("QB", 1, "f1", at(11, 5, 9, 0), "done", at(11, 6, 9, 0), 5)   // in time
		fu("QB", 1, "f2", at(11, 6, 9, 0), "done", at(11, 10, 9, 0), 2)  // late
		fu("QB", 1, "f3", at(11, 7, 9, 0), "unreachable", "", nil)       // unreachable
		fu("QB", 1, "f4", at(10, 30, 9, 0), "done", at(10, 31, 9, 0), 4) // closed in October: October's, though its 72 hours end 11-02
		fu("QB", 1, "f5", at(10, 20, 9, 0), "done", at(10, 21, 9, 0), 0) // October
		fu("QB", 1, "f6", at(11, 29, 9, 0), "open", "", nil)             // November's, though its 72 hours end in December
		fu("QB", 2, "f1", at(11, 21, 9, 0), "done", at(11, 22, 9, 0), 3) // in time
		rt := func(b string, st int, id, level string, when string) {
			put(t, h, "ratings", b, st, "id", id, "case_id", "k"+id, "service_code", "settle", "service_name", "落户",
				"clerk_id", "u1", "level", level, "at", when)
		}
		rt("QB", 1, "r1", string(forms.RatingVerySatisfied), at(11, 3, 10, 0))
		rt("QB", 1, "r2", string(forms.RatingDissatisfied), at(11, 4, 10, 0))
		rt("QB", 1, "r3", string(forms.RatingDeclined), at(11, 5, 10, 0))
		rt("QB", 1, "r4", string(forms.RatingSatisfied), at(10, 5, 10, 0)) // October
		rt("QB", 2, "r1", string(forms.RatingBasic), at(11, 6, 10, 0))

		r, err := makeReport(context.Background(), h, 2026, time.November, reportToday)
		if err != nil {
			t.Fatal(err)
		}
		qb1, qb2 := r.Stations[1], r.Stations[2]
		want1 := ServiceCounts{Complaints: 2, AnsweredInTime: 1, OpenComplaints: 2,
			FollowUpsDue: 4, FollowUpsInTime: 1, FollowUpsLate: 1, FollowUpsUnreachable: 1, FollowUpsNoContact: 1, ScoreCount: 2, ScoreSum: 7,
			Ratings: 3, RatingsRated: 2, RatingsSatisfied: 1, RatingsPoor: 1}
		if qb1.Service != want1 {
			t.Errorf("QB01\n got %+v\nwant %+v", qb1.Service, want1)
		}
		want2 := ServiceCounts{Complaints: 1, AnsweredInTime: 1, FollowUpsDue: 1, FollowUpsInTime: 1, ScoreCount: 1, ScoreSum: 3,
			Ratings: 1, RatingsRated: 1, RatingsSatisfied: 1}
		if qb2.Service != want2 {
			t.Errorf("QB02\n got %+v\nwant %+v", qb2.Service, want2)
		}
		var table reportTable
		for _, tb := range reportTables(r) {
			if tb.Name == sheetService {
				table = tb
			}
		}
		last := table.Rows[len(table.Rows)-1]
		// 全部网点合计: 3 complaints, 2 in time (66.7%), 2 open; 5 due, 2 in
		// time (40.0%, none at the customer's time), 1 late, 1 unreachable
		// (f3: no customer, no phone: 其中匿名无联系方式), 3 scored
		// averaging 10/3 = 3.3; 4 ratings, 2 of 3 rated satisfied (66.7%),
		// 1 poor. LX01 is apart.
		want := []any{labelAll, "", 3, 2, "66.7%", 2, 5, 2, 0, "40.0%", 1, 1, 1, 3, "3.3", 4, "66.7%", 1}
		if table.Note != "说明："+forms.FollowUpCountRule {
			t.Errorf("note under the table %q", table.Note)
		}
		for i := range want {
			if last[i] != want[i] {
				t.Errorf("total row column %s = %v, want %v", serviceHeader[i], last[i], want[i])
			}
		}
		if r.Training[0].Service.Complaints != 1 {
			t.Errorf("training station's complaints %+v", r.Training[0].Service)
		}
	})
}
