package forms

import (
	"strings"
	"testing"
	"time"
)

func TestPrintout_KeyAndRecord(t *testing.T) {
	kase := &Case{ID: "case-1", Number: "QB01-BC-2026-000045"}
	rcpt := &Receipt{Number: "QB01-2026-000123", CaseID: "case-1"}
	dep := &Deposit{CaseID: "case-2", ReceiptNumber: "QB01-2026-000100"}
	promise := &Document{ID: "card_promise", Copies: []CopyLabel{{Label: "客户留存"}, {Label: "单位存档"}}}
	for _, tc := range []struct {
		name   string
		p      Printout
		key    string
		caseID string
		copies int
	}{
		{"Receipt", Printout{Kind: PrintReceipt, Receipt: rcpt, Case: kase}, "receipt:QB01-2026-000123", "case-1", 1},
		{"ReceiptWithoutCase", Printout{Kind: PrintReceipt, Receipt: rcpt}, "receipt:QB01-2026-000123", "case-1", 1},
		{"Document", Printout{Kind: PrintDocument, Document: promise, Case: kase}, "card_promise", "case-1", 2},
		{"Notice", Printout{Kind: PrintNotice, Case: kase}, "notice", "case-1", 1},
		{"RefundVoucher", Printout{Kind: PrintRefundVoucher, Deposit: dep}, "refund_voucher:QB01-2026-000100", "case-2", 1},
		{"DepositList", Printout{Kind: PrintDepositList, Deposits: []Deposit{*dep}}, "deposit_list", "", 1},
		{"RecoveryCode", Printout{Kind: PrintDocument, Document: &Document{ID: "recovery_code"}, Secret: true}, "recovery_code", "", 1},
		{"SecretOfACase", Printout{Kind: PrintDocument, Document: promise, Case: kase, Secret: true}, "card_promise", "", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.p.Key(); got != tc.key {
				t.Errorf("Key() = %q, want %q", got, tc.key)
			}
			if got := tc.p.CaseID(); got != tc.caseID {
				t.Errorf("CaseID() = %q, want %q", got, tc.caseID)
			}
			if got := tc.p.Copies(); got != tc.copies {
				t.Errorf("Copies() = %d, want %d", got, tc.copies)
			}
			tc.p.Reprint = true
			r, ok := tc.p.Record()
			if ok != (tc.caseID != "") {
				t.Fatalf("Record() ok = %v", ok)
			}
			if ok && r != (PrintRecord{CaseID: tc.caseID, Document: tc.key, Copies: tc.copies, Reprint: true}) {
				t.Errorf("Record() = %+v", r)
			}
		})
	}
}

// The customer's phone, address and employer fill the forms when known;
// when not, a line long enough to write on stays.
func TestPrintout_FillKnownData(t *testing.T) {
	body := "手机号码：［手机号码］\n通讯地址：［通讯地址］\n工作单位：［工作单位］\n咨询电话：［网点电话］"
	p := &Printout{
		Station:  Station{BranchName: "青白江人才服务中心", Phone: "028-83981234"},
		Customer: &Customer{Name: "王芳", Mobile: "13812345678", Address: "成都市青白江区大同路88号", Employer: "成都青白江物流有限公司"},
	}
	want := "手机号码：13812345678\n通讯地址：成都市青白江区大同路88号\n工作单位：成都青白江物流有限公司\n咨询电话：028-83981234"
	if got := p.Fill(body); got != want {
		t.Errorf("Fill = %q, want %q", got, want)
	}
	p = &Printout{Customer: &Customer{Name: "王芳"}}
	got := p.Fill(body)
	want = "手机号码：" + strings.Repeat("_", 16) + "\n通讯地址：" + strings.Repeat("_", 40) +
		"\n工作单位：" + strings.Repeat("_", 40) + "\n咨询电话：" + strings.Repeat("_", 16)
	if got != want {
		t.Errorf("Fill with nothing known = %q, want %q", got, want)
	}
}

// An empty answer to a question with the same placeholder does not wipe a
// known value.
func TestPrintout_FillQuestionDoesNotBlankKnown(t *testing.T) {
	p := &Printout{
		Customer: &Customer{Employer: "成都青白江物流有限公司"},
		Case:     &Case{Answers: map[string]string{}},
		Service:  &Service{Questions: []Question{{ID: "employer", Type: QText, Placeholder: "工作单位"}}},
	}
	if got := p.Fill("［工作单位］"); got != "成都青白江物流有限公司" {
		t.Errorf("Fill = %q", got)
	}
	p.Case.Answers["employer"] = "四川某某公司"
	if got := p.Fill("［工作单位］"); got != "四川某某公司" {
		t.Errorf("Fill with an answer = %q", got)
	}
}

// Clone shares nothing a screen may change while the copy prints.
func TestPrintout_Clone(t *testing.T) {
	p := &Printout{
		Kind:     PrintDocument,
		At:       time.Now(),
		Customer: &Customer{Name: "王芳"},
		Case:     &Case{Answers: map[string]string{"a": "1"}, Items: map[string]ItemState{"x": {Status: ItemReceived}}},
		Receipt:  &Receipt{Lines: []ReceiptLine{{Text: "费"}}},
		Document: &Document{ID: "d"},
	}
	c := p.Clone()
	p.Customer.Name = "李娜"
	p.Case.Answers["a"] = "2"
	p.Case.Items["x"] = ItemState{}
	p.Receipt.Lines[0].Text = "改"
	p.Document.ID = "e"
	if c.Customer.Name != "王芳" || c.Case.Answers["a"] != "1" || c.Case.Items["x"].Status != ItemReceived ||
		c.Receipt.Lines[0].Text != "费" || c.Document.ID != "d" {
		t.Errorf("the clone changed with the original: %+v", c)
	}
}
