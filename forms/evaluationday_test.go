package forms_test

import (
	"strings"
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

// TestServiceMemberWarning: a service for non-members warns for a member,
// naming since when; not for a non-member, nor for other services. A
// service cannot be for members and for non-members at once.
func TestServiceMemberWarning(t *testing.T) {
	since := time.Date(2020, 7, 1, 0, 0, 0, 0, time.Local)
	member := &forms.Customer{Name: "林静", Member: true, MemberSince: since}
	other := &forms.Customer{Name: "陈落户"}
	settle := &forms.Service{Code: "settle_past_grad", Name: "历届生落户", ForNonMembers: true}
	borrow := &forms.Service{Code: "borrow_card", Name: "借户籍卡", ForMembers: true}
	for _, tc := range []struct {
		s    *forms.Service
		c    *forms.Customer
		want string
	}{
		{settle, member, "注意：林静已是集体户成员（2020-07-01入户），历届生落户是给尚未落户的客户办理入户的"},
		{settle, other, ""},
		{borrow, member, ""},
	} {
		got := tc.s.MemberWarning(tc.c)
		if (tc.want == "") != (got == "") || !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s for %s: %q, want %q", tc.s.Name, tc.c.Name, got, tc.want)
		}
	}
	both := *settle
	both.ForMembers = true
	if err := both.Validate(); forms.ErrorCode(err) != forms.EINVALID || !strings.Contains(forms.ErrorMessage(err), "不能既只限集体户成员、又只限非成员") {
		t.Errorf("Validate both = %v", err)
	}
}
