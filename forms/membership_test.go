package forms_test

import (
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

func mday(s string) time.Time {
	d, err := forms.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// TestOneMonthAfter: the day one month after birth is still within one
// month; a month without that day ends the month at its last day.
func TestOneMonthAfter(t *testing.T) {
	for _, tc := range []struct{ birth, last, late string }{
		{"2026-01-15", "2026-02-15", "2026-02-16"},
		{"2026-01-31", "2026-02-28", "2026-03-01"}, // 31 Jan → 28 Feb
		{"2028-01-31", "2028-02-29", "2028-03-01"}, // leap year: 29 Feb
		{"2028-01-30", "2028-02-29", "2028-03-01"},
		{"2026-01-28", "2026-02-28", "2026-03-01"},
		{"2026-03-31", "2026-04-30", "2026-05-01"},
		{"2026-12-31", "2027-01-31", "2027-02-01"}, // over the year end
		{"2026-02-28", "2026-03-28", "2026-03-29"}, // from a month's end, the same day number
		{"2028-02-29", "2028-03-29", "2028-03-30"},
	} {
		t.Run(tc.birth, func(t *testing.T) {
			b := mday(tc.birth)
			if got := forms.FormatDate(forms.OneMonthAfter(b)); got != tc.last {
				t.Fatalf("OneMonthAfter(%s) = %s, want %s", tc.birth, got, tc.last)
			}
			if !forms.WithinOneMonth(b, mday(tc.last)) || !forms.WithinOneMonth(b, b) {
				t.Fatalf("%s is not within one month of %s", tc.last, tc.birth)
			}
			if forms.WithinOneMonth(b, mday(tc.late)) {
				t.Fatalf("%s is within one month of %s, want late", tc.late, tc.birth)
			}
		})
	}
}

// TestService_Validate_OnComplete: completion effects are data the
// catalogue check refuses when they cannot work.
func TestService_Validate_OnComplete(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(s *forms.Service)
		msg  string
	}{
		{"unknown membership change", func(s *forms.Service) { s.OnComplete.Membership = "maybe" }, "入户变化“maybe”不认识"},
		{"unknown archive change", func(s *forms.Service) { s.OnComplete.Archive = "stay" }, "档案变化“stay”不认识"},
		{"child needs join", func(s *forms.Service) { s.OnComplete.Membership = forms.MembershipLeave }, "入户变化须为 join"},
		{"child question missing", func(s *forms.Service) { s.OnComplete.Child.Consent = "nope" }, "监护人同意问题“nope”不存在"},
		{"child birth not a date", func(s *forms.Service) { s.OnComplete.Child.Birth = "child_name" }, "出生日期问题“小孩姓名”的类型不对"},
		{"gender options", func(s *forms.Service) {
			for i := range s.Questions {
				if s.Questions[i].ID == "child_gender" {
					s.Questions[i].Options = []forms.Option{{Value: "boy", Label: "男"}, {Value: "girl", Label: "女"}}
				}
			}
		}, "选项值须为 M（男）和 F（女）"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := service(t, "child_register")
			tc.edit(s)
			err := s.Validate()
			if forms.ErrorCode(err) != forms.EINVALID || !strings.Contains(forms.ErrorMessage(err), tc.msg) {
				t.Fatalf("Validate = %v, want EINVALID %q", err, tc.msg)
			}
		})
	}
	s := service(t, "settle_past_grad")
	s.OnComplete.From = "where"
	if err := s.Validate(); !strings.Contains(forms.ErrorMessage(err), "户口来源问题“where”不存在") {
		t.Fatalf("Validate = %v", err)
	}
	for _, code := range []string{"settle_past_grad", "settle_new_grad", "child_register", "move_out", "archive_transfer"} {
		if service(t, code).OnComplete == nil {
			t.Errorf("shipped %s has no on_complete", code)
		}
	}
}

// TestService_Completion: what completing each shipped service changes.
func TestService_Completion(t *testing.T) {
	today := mday("2026-11-30")
	k := &forms.Case{ID: "k1", Answers: map[string]string{"origin": "other_collective", "referral": "朋友介绍"}}

	t.Run("settlement joins", func(t *testing.T) {
		c := person(t, "陈落户", "1995-06-10", forms.GenderMale)
		done, err := service(t, "settle_past_grad").Completion(k, c, today)
		if err != nil || done.Customer == nil || !done.Customer.Member || !done.Customer.MemberSince.Equal(today) || c.Member {
			t.Fatalf("Completion = %+v, %v (customer must be a copy)", done, err)
		}
		if len(done.Events) != 1 || done.Events[0].Kind != forms.EventJoin || done.Events[0].Referral != "朋友介绍" ||
			done.Events[0].From == "other_collective" || done.Events[0].From == "" {
			t.Fatalf("events = %+v", done.Events)
		}
	})
	t.Run("settlement from the talent market keeps no leftover referral", func(t *testing.T) {
		c := person(t, "陈落户", "1995-06-10", forms.GenderMale)
		k := &forms.Case{ID: "k3", Answers: map[string]string{"origin": "talent_market", "referral": "朋友介绍"}}
		done, err := service(t, "settle_past_grad").Completion(k, c, today)
		if err != nil || len(done.Events) != 1 || done.Events[0].Referral != "" || done.Events[0].From == "" {
			t.Fatalf("events = %+v, %v", done.Events, err)
		}
	})
	t.Run("move out leaves and keeps since", func(t *testing.T) {
		c := member(t, "孙转户", "1992-01-01", forms.GenderMale)
		done, err := service(t, "move_out").Completion(k, c, today)
		if err != nil || done.Customer.Member || !done.Customer.MemberUntil.Equal(today) ||
			!done.Customer.MemberSince.Equal(c.MemberSince) || !done.Customer.FormerMember() {
			t.Fatalf("Completion = %+v, %v", done.Customer, err)
		}
		err = service(t, "borrow_card").Admits(done.Customer)
		if forms.ErrorCode(err) != forms.EINVALID || !strings.Contains(forms.ErrorMessage(err), "该客户已于2026-11-30转户迁出，不再是集体户成员，不能办理借户籍卡") {
			t.Fatalf("Admits(former member) = %v", err)
		}
		if err := service(t, "borrow_card").Admits(c); err != nil {
			t.Fatalf("Admits(member) = %v", err)
		}
		if err := service(t, "borrow_card").Admits(person(t, "路人", "1990-01-01", forms.GenderMale)); forms.ErrorMessage(err) != "该客户不是集体户成员，不能办理借户籍卡" {
			t.Fatalf("Admits(non-member) = %v", err)
		}
	})
	t.Run("archive leaves", func(t *testing.T) {
		c := member(t, "周转档", "1992-01-01", forms.GenderMale)
		done, err := service(t, "archive_transfer").Completion(k, c, today)
		if err != nil || !done.Customer.ArchiveUntil.Equal(today) || !done.Customer.Member {
			t.Fatalf("Completion = %+v, %v", done.Customer, err)
		}
	})
	child := func(birth, consent string) *forms.Case {
		return &forms.Case{ID: "k2", Answers: map[string]string{"child_name": "李小宝", "child_gender": "F",
			"child_birth": birth, "guardian_consent": consent}}
	}
	parent := member(t, "李家长", "1990-05-05", forms.GenderMale)
	parent.ID = "p1"
	for _, tc := range []struct{ name, birth, consent, msg string }{
		{"born today", "2026-11-30", "yes", ""},
		{"born tomorrow", "2026-12-01", "yes", "小孩的出生日期（2026-12-01）不能晚于今天（2026-11-30），请按出生医学证明核对"},
		{"no consent", "2026-11-01", "no", "监护人同意"},
	} {
		t.Run("child "+tc.name, func(t *testing.T) {
			done, err := service(t, "child_register").Completion(child(tc.birth, tc.consent), parent, today)
			if tc.msg != "" {
				if forms.ErrorCode(err) != forms.EINVALID || !strings.Contains(forms.ErrorMessage(err), tc.msg) {
					t.Fatalf("Completion = %v, want %q", err, tc.msg)
				}
				return
			}
			if err != nil || done.Customer != nil || done.Child == nil || done.Child.ParentID != "p1" || !done.Child.Member ||
				done.Child.IDNumber != "" || !done.Child.GuardianConsent || len(done.Events) != 1 || done.Events[0].CustomerID != "" {
				t.Fatalf("Completion = %+v, %v", done, err)
			}
		})
	}
}

// TestNormalizeAnswers_NotFuture: a birth date after today is refused when
// saved, naming the question and the fix.
func TestNormalizeAnswers_NotFuture(t *testing.T) {
	s := service(t, "child_register")
	today := mday("2026-11-30")
	if _, err := s.NormalizeAnswers(map[string]string{"child_birth": "2026-11-30"}, today); err != nil {
		t.Fatalf("today refused: %v", err)
	}
	_, err := s.NormalizeAnswers(map[string]string{"child_birth": "2026-12-01"}, today)
	if want := "小孩出生日期（2026-12-01）不能晚于今天（2026-11-30），请按证件核对后重新填写"; forms.ErrorMessage(err) != want {
		t.Fatalf("future birth: %v, want %q", err, want)
	}
}

// TestService_CompletionNote: the 办结 confirmation says what changes.
func TestService_CompletionNote(t *testing.T) {
	for code, want := range map[string]string{
		"settle_past_grad": "办结后，王芳将成为集体户成员，入户日期为今天。",
		"child_register":   "办结后，小孩将登记为客户，与王芳关联，并成为集体户成员（入户日期为今天）。",
		"move_out":         "办结后，王芳的集体户成员身份到今天结束，以往记录保留。",
		"archive_transfer": "办结后，记录王芳的档案今天转出，档案保管费从今天起不再计算。",
		"borrow_card":      "",
	} {
		if got := service(t, code).CompletionNote("王芳"); got != want {
			t.Errorf("%s: %q, want %q", code, got, want)
		}
	}
}
