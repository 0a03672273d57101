package forms_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

// pending builds an open case of a default service for ConflictsWith.
// accepted is "" for a draft; receipt is the held deposit's receipt number.
func pending(t *testing.T, code string, status forms.CaseStatus, opened, accepted, receipt string) forms.PendingCase {
	t.Helper()
	s := service(t, code)
	day := func(d string) time.Time {
		if d == "" {
			return time.Time{}
		}
		v, err := time.ParseInLocation("2006-01-02", d, time.Local)
		if err != nil {
			t.Fatal(err)
		}
		return v.Add(10 * time.Hour)
	}
	return forms.PendingCase{
		Case: forms.Case{ID: "id-" + code, Number: "QB01-" + strings.ReplaceAll(opened, "-", "") + "-001",
			ServiceCode: code, ServiceName: s.Name, Status: status, CreatedAt: day(opened), AcceptedAt: day(accepted)},
		Group:          s.ExclusiveGroup,
		DepositReceipt: receipt,
	}
}

// TestDefaultCatalogue_ExclusiveGroups pins the groups decided from SPEC.md:
// the two settlements exclude each other, and so do the two services that
// hand the household card out; the others may run side by side.
func TestDefaultCatalogue_ExclusiveGroups(t *testing.T) {
	got := map[string][]string{}
	for _, s := range loadCatalogue(t).Services {
		if s.ExclusiveGroup != "" {
			got[s.ExclusiveGroup] = append(got[s.ExclusiveGroup], s.Code)
		}
	}
	want := map[string][]string{
		"settlement":     {"settle_past_grad", "settle_new_grad"},
		"household_card": {"move_out", "borrow_card"},
	}
	if len(got) != len(want) || !slices.Equal(got["settlement"], want["settlement"]) ||
		!slices.Equal(got["household_card"], want["household_card"]) {
		t.Fatalf("exclusive groups = %v, want %v", got, want)
	}
	mo := service(t, "move_out")
	if len(mo.BlockedBy) != 1 || mo.BlockedBy[0].Service != "borrow_card" || !mo.BlockedBy[0].DepositHeld ||
		!slices.Equal(mo.BlockedBy[0].Ways, []forms.Way{forms.WayOpenCase, forms.WayRefundDesk}) {
		t.Fatalf("转户 blocked_by = %+v", mo.BlockedBy)
	}
}

func TestService_ConflictsWith(t *testing.T) {
	pastWaiting := pending(t, "settle_past_grad", forms.CaseWaiting, "2026-11-28", "2026-11-28", "")
	lent := pending(t, "borrow_card", forms.CaseAccepted, "2026-11-20", "2026-11-20", "QB01-2026-000017")
	borrowDraft := pending(t, "borrow_card", forms.CaseDraft, "2026-11-29", "", "")
	moving := pending(t, "move_out", forms.CaseAccepted, "2026-11-02", "2026-11-02", "QB01-2026-000009")
	done := pending(t, "settle_past_grad", forms.CaseCompleted, "2026-10-01", "2026-10-01", "")
	childOpen := pending(t, "child_register", forms.CaseWaiting, "2026-11-28", "2026-11-28", "")

	tests := []struct {
		name    string
		service string
		open    []forms.PendingCase
		reopen  string      // the case re-opened instead, or ""
		message string      // the whole message of the refusal, or ""
		ways    []forms.Way // the ways on offered with the refusal
		receipt string      // the deposit receipt the refusal carries
	}{
		{name: "nothing open", service: "settle_new_grad"},
		{name: "issue 12: 应届生落户 while 历届生落户 waits for papers", service: "settle_new_grad",
			open:    []forms.PendingCase{pastWaiting},
			message: "该客户已有未办结的“历届生落户”受理单 QB01-20261128-001（待补材料，2026-11-28 受理），须办结或取消后才能办理“应届生落户”",
			ways:    []forms.Way{forms.WayOpenCase}},
		{name: "the same settlement again re-opens it", service: "settle_past_grad",
			open: []forms.PendingCase{childOpen, pastWaiting}, reopen: pastWaiting.ID},
		{name: "a completed settlement is no obstacle", service: "settle_new_grad",
			open: []forms.PendingCase{done}},
		{name: "other services run beside a settlement", service: "archive_transfer",
			open: []forms.PendingCase{pastWaiting}},
		{name: "a service in no group never re-opens", service: "child_register",
			open: []forms.PendingCase{childOpen}},
		{name: "issue 12: 转户 while the card is out on 借户籍卡", service: "move_out",
			open: []forms.PendingCase{lent},
			message: "该客户的户籍卡已借出：“借户籍卡”受理单 QB01-20261120-001（2026-11-20 受理，保障金收据 QB01-2026-000017）的户籍卡尚未归还。" +
				"转户要把户籍卡借给客户办理迁出，须先请客户交回户籍卡，在“保障金退还”退还这笔保障金、办结借户籍卡后，再办理转户。",
			ways: []forms.Way{forms.WayOpenCase, forms.WayRefundDesk}, receipt: "QB01-2026-000017"},
		{name: "转户 beside a 借户籍卡 draft: the group's message", service: "move_out",
			open:    []forms.PendingCase{borrowDraft},
			message: "该客户已有未办结的“借户籍卡”受理单 QB01-20261129-001（待受理，2026-11-29 开单），须办结或取消后才能办理“转户”",
			ways:    []forms.Way{forms.WayOpenCase}},
		{name: "SPEC: a lent card is not lent again, the open case re-opens", service: "borrow_card",
			open: []forms.PendingCase{lent}, reopen: lent.ID},
		{name: "借户籍卡 while 转户 has the card", service: "borrow_card",
			open: []forms.PendingCase{moving},
			message: "该客户正在办理转户：受理单 QB01-20261102-001（2026-11-02 受理，保障金收据 QB01-2026-000009）已借出户籍卡用于迁出户口，不能再借。" +
				"客户不迁了，须交回户籍卡、在“保障金退还”退还保障金后才能再借。",
			ways: []forms.Way{forms.WayOpenCase, forms.WayRefundDesk}, receipt: "QB01-2026-000009"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := service(t, tt.service)
			reopen, err := s.ConflictsWith(tt.open)
			if tt.message == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if got := ""; reopen != nil {
					got = reopen.ID
					if got != tt.reopen {
						t.Fatalf("re-opens %s, want %q", got, tt.reopen)
					}
				} else if tt.reopen != "" {
					t.Fatalf("opens a new case, want %s re-opened", tt.reopen)
				}
				return
			}
			if reopen != nil {
				t.Fatalf("re-opens %s, want a refusal", reopen.Number)
			}
			if forms.ErrorCode(err) != forms.ECONFLICT || forms.ErrorMessage(err) != tt.message {
				t.Fatalf("error %s %q\nwant %s %q", forms.ErrorCode(err), forms.ErrorMessage(err), forms.ECONFLICT, tt.message)
			}
			var c *forms.Conflict
			if !errors.As(err, &c) {
				t.Fatalf("%T is not a *forms.Conflict", err)
			}
			if c.Case.ID != tt.open[0].ID || !slices.Equal(c.Ways, tt.ways) || c.DepositReceipt != tt.receipt {
				t.Fatalf("conflict case %s ways %v receipt %q, want %s %v %q",
					c.Case.ID, c.Ways, c.DepositReceipt, tt.open[0].ID, tt.ways, tt.receipt)
			}
		})
	}
}

func TestService_ValidateBlockedBy(t *testing.T) {
	tests := []struct {
		name  string
		block forms.Block
		want  string
	}{
		{"no service", forms.Block{Message: "x"}, "缺少业务代码"},
		{"itself", forms.Block{Service: "move_out", Message: "x"}, "不能是它自己"},
		{"no message", forms.Block{Service: "borrow_card", Message: " "}, "缺少告诉窗口人员的说明"},
		{"unknown way", forms.Block{Service: "borrow_card", Message: "x", Ways: []forms.Way{"call_police"}}, "“call_police”不认识"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := service(t, "move_out")
			s.BlockedBy = []forms.Block{tt.block}
			err := s.Validate()
			if forms.ErrorCode(err) != forms.EINVALID || !strings.Contains(forms.ErrorMessage(err), tt.want) ||
				!strings.HasPrefix(forms.ErrorMessage(err), "业务“转户”") {
				t.Fatalf("Validate = %v (%s), want EINVALID with %q", err, forms.ErrorMessage(err), tt.want)
			}
		})
	}
	t.Run("unknown service in the catalogue", func(t *testing.T) {
		data := []byte(`{"release": "t", "services": [{"code": "a", "name": "甲",
			"blocked_by": [{"service": "zz", "message": "不行"}]}]}`)
		_, err := forms.ParseCatalogue(data)
		if forms.ErrorCode(err) != forms.EINVALID || forms.ErrorMessage(err) != "业务“甲”的“不能同时办理”中的业务代码“zz”不在业务目录中" {
			t.Fatalf("ParseCatalogue = %v", err)
		}
	})
}
