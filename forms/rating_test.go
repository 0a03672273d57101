package forms_test

import (
	"strings"
	"testing"

	"counterdesk/forms"
)

func TestRating(t *testing.T) {
	tests := []struct {
		level  forms.RatingLevel
		label  string
		follow bool
	}{
		{forms.RatingVerySatisfied, "非常满意", false},
		{forms.RatingSatisfied, "满意", false},
		{forms.RatingBasic, "基本满意", false},
		{forms.RatingDissatisfied, "不满意", true},
		{forms.RatingVeryDissatisfied, "非常不满意", true},
		{forms.RatingDeclined, "婉拒评价", false},
	}
	for i, tt := range tests {
		r := forms.Rating{CaseID: "case-1", Level: tt.level, Comment: "  "}
		if err := r.Validate(); err != nil {
			t.Errorf("%s: %v", tt.label, err)
		}
		if tt.level.Label() != tt.label || tt.level.Index() != i || r.NeedsFollowUp() != tt.follow || r.Comment != "" {
			t.Errorf("%s: label %q index %d follow-up %v comment %q", tt.level, tt.level.Label(), tt.level.Index(), r.NeedsFollowUp(), r.Comment)
		}
	}
	bad := []struct {
		name string
		r    forms.Rating
		msg  string
	}{
		{"no level", forms.Rating{CaseID: "case-1"}, "请选择客户的评价：非常满意、满意、基本满意、不满意、非常不满意；客户不愿评价的，选“婉拒评价”"},
		{"unknown level", forms.Rating{CaseID: "case-1", Level: "meh"}, "请选择客户的评价"},
		{"no case", forms.Rating{Level: forms.RatingSatisfied}, "评价须针对一笔已办结的业务"},
		{"comment too long", forms.Rating{CaseID: "case-1", Level: forms.RatingSatisfied, Comment: strings.Repeat("好", 301)}, "评价意见过长（301个字），最多300个字"},
	}
	for _, tt := range bad {
		err := tt.r.Validate()
		if forms.ErrorCode(err) != forms.EINVALID || !strings.Contains(forms.ErrorMessage(err), tt.msg) {
			t.Errorf("%s: err = %v (%s), want %q", tt.name, err, forms.ErrorMessage(err), tt.msg)
		}
	}
}
