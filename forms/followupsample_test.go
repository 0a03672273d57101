package forms_test

import (
	"testing"

	"counterdesk/forms"
)

// TestFollowUpSample: one in N of the chosen services, by the station's
// count of completed cases of the service; off with N 0 or no service;
// the supervisor's bad input refused in Chinese.
func TestFollowUpSample(t *testing.T) {
	s := forms.FollowUpSample{Services: []string{"certificate", "archive_transfer"}, Every: 3}
	for _, c := range []struct {
		code string
		k    int
		want bool
	}{
		{"certificate", 1, false}, {"certificate", 2, false}, {"certificate", 3, true}, {"certificate", 6, true},
		{"archive_transfer", 3, true}, {"borrow_card", 3, false}, {"certificate", 0, false},
	} {
		if got := s.Picks(c.code, c.k); got != c.want {
			t.Errorf("Picks(%s, %d) = %v, want %v", c.code, c.k, got, c.want)
		}
	}
	if (forms.FollowUpSample{Services: []string{"certificate"}}).Picks("certificate", 3) {
		t.Error("N 0 samples")
	}
	known := func(code string) bool { return code != "nope" }
	for _, c := range []struct {
		s   forms.FollowUpSample
		msg string
	}{
		{forms.FollowUpSample{Services: []string{"certificate"}, Every: -1}, "抽样比例“每-1件抽1件”无效：请填写1到1000之间的整数，填0表示不抽样"},
		{forms.FollowUpSample{Every: 5}, "请选择要抽样回访的业务，或把抽样比例设为0（不抽样）"},
		{forms.FollowUpSample{Services: []string{"certificate", "certificate"}, Every: 5}, "抽样回访的业务“certificate”选了两次：每项业务只选一次"},
		{forms.FollowUpSample{Services: []string{"nope"}, Every: 5}, "业务“nope”不在业务目录中：请从目录中选择要抽样回访的业务"},
	} {
		err := c.s.Validate(known)
		if forms.ErrorCode(err) != forms.EINVALID || forms.ErrorMessage(err) != c.msg {
			t.Errorf("Validate(%+v) = %v, want %s", c.s, err, c.msg)
		}
	}
	ok := forms.FollowUpSample{Services: []string{"certificate", "archive_transfer"}, Every: 2}
	if err := ok.Validate(known); err != nil || ok.Services[0] != "archive_transfer" {
		t.Errorf("Validate(ok) = %v, services %v", err, ok.Services)
	}
	if err := (&forms.FollowUpSample{}).Validate(known); err != nil {
		t.Errorf("off refused: %v", err)
	}
}
