package forms_test

import (
	"testing"
	"time"

	"counterdesk/forms"
)

// answersService has one question of each type and two papers.
func answersService() *forms.Service {
	return &forms.Service{Code: "t", Name: "测试业务",
		Questions: []forms.Question{
			{ID: "c", Label: "用途", Type: forms.QChoice, Options: []forms.Option{{Value: "passport", Label: "办理护照"}}},
			{ID: "b", Label: "是否本市", Type: forms.QBool},
			{ID: "y", Label: "毕业年份", Type: forms.QYear},
			{ID: "d", Label: "出生日期", Type: forms.QDate, NotFuture: true},
			{ID: "t", Label: "单位", Type: forms.QText},
		},
		Requirements: []forms.Requirement{{ID: "id", Name: "身份证", SeenOnly: true}, {ID: "copy", Name: "复印件", Copies: 2}},
	}
}

// TestService_NormalizeAnswers: each answer in stored form, or a refusal
// naming the question and the fix.
func TestService_NormalizeAnswers(t *testing.T) {
	today := time.Date(2026, 11, 30, 15, 0, 0, 0, time.Local)
	for _, tc := range []struct {
		name, id, in, want, msg string
	}{
		{"choice by label", "c", "办理护照", "passport", ""},
		{"choice unknown", "c", "旅游", "", "问题“用途”的回答“旅游”不是可选的答案，请重新选择"},
		{"bool in Chinese", "b", "是", "yes", ""},
		{"bool other", "b", "也许", "", "问题“是否本市”请回答“是”或“否”"},
		{"full-width year", "y", "２０２１", "2021", ""},
		{"year too small", "y", "21", "", "问题“毕业年份”请填写四位数的年份，例如 2021"},
		{"date today", "d", "2026/11/30", "2026-11-30", ""},
		{"date tomorrow", "d", "2026-12-01", "", "出生日期（2026-12-01）不能晚于今天（2026-11-30），请按证件核对后重新填写"},
		{"empty dropped", "t", "  ", "", ""},
		{"unknown question", "zz", "x", "", "问题“zz”不属于业务“测试业务”，请刷新后重试"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := answersService().NormalizeAnswers(map[string]string{tc.id: tc.in}, today)
			if tc.msg != "" {
				if forms.ErrorCode(err) != forms.EINVALID || forms.ErrorMessage(err) != tc.msg {
					t.Fatalf("err = %v, want EINVALID %q", err, tc.msg)
				}
				return
			}
			if err != nil || got[tc.id] != tc.want {
				t.Fatalf("got %q, %v; want %q", got[tc.id], err, tc.want)
			}
			if _, kept := got[tc.id]; tc.want == "" && kept {
				t.Fatal("an empty answer was kept")
			}
		})
	}
}

// TestService_CheckItems: checklist states against the papers; a new
// promise date may not be before today, an unchanged overdue one may.
func TestService_CheckItems(t *testing.T) {
	today := time.Date(2026, 11, 30, 0, 0, 0, 0, time.Local)
	yesterday := today.AddDate(0, 0, -1)
	old := map[string]forms.ItemState{"copy": {Status: forms.ItemDeferred, PromisedBy: yesterday}}
	for _, tc := range []struct {
		name  string
		items map[string]forms.ItemState
		msg   string
	}{
		{"received", map[string]forms.ItemState{"id": {Status: forms.ItemReceived, Originals: 1}}, ""},
		{"unknown paper", map[string]forms.ItemState{"x": {Status: forms.ItemReceived}}, "材料“x”不在业务“测试业务”的清单中，请刷新后重试"},
		{"bad status", map[string]forms.ItemState{"id": {Status: "lost"}}, "材料“身份证”的状态“lost”无效"},
		{"negative", map[string]forms.ItemState{"copy": {Status: forms.ItemReceived, Copies: -1}}, "材料“复印件”的份数不能为负数"},
		{"deferred without date", map[string]forms.ItemState{"id": {Status: forms.ItemDeferred}}, "容缺材料“身份证”须填写客户承诺补交的日期"},
		{"new date in the past", map[string]forms.ItemState{"id": {Status: forms.ItemDeferred, PromisedBy: yesterday}}, "容缺材料“身份证”的承诺补交日期不能早于今天"},
		{"unchanged overdue date", map[string]forms.ItemState{"copy": {Status: forms.ItemDeferred, PromisedBy: yesterday}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := answersService().CheckItems(old, tc.items, today)
			if tc.msg == "" && err != nil {
				t.Fatalf("refused: %v", err)
			}
			if tc.msg != "" && (forms.ErrorCode(err) != forms.EINVALID || forms.ErrorMessage(err) != tc.msg) {
				t.Fatalf("err = %v, want EINVALID %q", err, tc.msg)
			}
		})
	}
}
