package forms_test

import (
	"testing"
	"time"

	"counterdesk/forms"
)

// TestCaseEvaluationDay: a case is judged on the day it was accepted once
// accepted, and on today while a draft.
func TestCaseEvaluationDay(t *testing.T) {
	accepted := time.Date(2026, 11, 23, 15, 30, 0, 0, time.Local)
	today := time.Date(2026, 11, 28, 9, 0, 0, 0, time.Local)
	for _, tc := range []struct {
		status forms.CaseStatus
		at     time.Time
		want   string
	}{
		{forms.CaseDraft, time.Time{}, "2026-11-28"},
		{forms.CaseAccepted, accepted, "2026-11-23"},
		{forms.CaseWaiting, accepted, "2026-11-23"},
		{forms.CaseCompleted, accepted, "2026-11-23"},
		{forms.CaseCancelled, time.Time{}, "2026-11-28"}, // cancelled as a draft
	} {
		c := &forms.Case{Status: tc.status, AcceptedAt: tc.at}
		got := c.EvaluationDay(today)
		if forms.FormatDate(got) != tc.want || !got.Equal(forms.Day(got)) {
			t.Errorf("%s: EvaluationDay = %v, want %s", tc.status, got, tc.want)
		}
	}
}
