package printing

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"counterdesk/assets"
	"counterdesk/forms"
)

// renderLoss writes the printouts as one PDF and returns its text.
func renderLoss(t *testing.T, name string, ps ...*forms.Printout) (string, string) {
	t.Helper()
	var buf bytes.Buffer
	if err := RenderAll(&buf, ps...); err != nil {
		t.Fatalf("RenderAll: %v", err)
	}
	path := filepath.Join(t.TempDir(), name+".pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("PRINTING_SHOTS"); dir != "" {
		os.WriteFile(filepath.Join(dir, name+".pdf"), buf.Bytes(), 0o644)
	}
	return path, pdftext(t, path)
}

func lossService(t *testing.T) *forms.Service {
	t.Helper()
	c, err := forms.ParseCatalogue(assets.Catalogue)
	if err != nil {
		t.Fatal(err)
	}
	return c.Service("loss_declaration")
}

func lossDeclaration(agent bool, kind forms.LostKind) *forms.LossDeclaration {
	l := &forms.LossDeclaration{Number: "YS-2026-0001", CustomerName: "王芳", CustomerIDNo: femaleID,
		Kind: kind, DocNumber: "QB01-2026-000123", Amount: 60000, PaidFor: "户籍卡保障金", Story: "搬家时遗失",
		Period: forms.WaitingPeriod{Days: 15}, DeclaredAt: at, EndDay: at.AddDate(0, 0, 15)}
	if agent {
		l.Agent, l.AgentName, l.AgentIDNo = true, "林海", withCheckDigit("11010519830101001")
	}
	return l
}

func TestRender_LossDeclaration(t *testing.T) {
	needPoppler(t)
	s := lossService(t)
	rec := receiptPrintout("").Receipt
	ps := lossDeclaration(true, forms.LostReceipt).Printouts(s, station(), "李明", rec, nil, at)
	path, text := renderLoss(t, "loss_declaration", ps...)
	if n := pageCount(t, path); n != 3 {
		t.Errorf("pages = %d, want 2 copies of the declaration and the 记账联", n)
	}
	mustContain(t, text, "收据、发票遗失声明", "第1联 窗口留存", "第2联 财务留存", "本人林海", "受王芳",
		"QB01-2026-000123", "人民币陆佰元整", "声明编号：YS-2026-0001", "挂失期：15个自然日，至2026年3月21日止", "2026年3月22日起可办理后续手续",
		"客户身份证复印件粘贴处", "代理人身份证复印件粘贴处", "代理人：", "经办人：", "主管：",
		"收　据（记账联）", "副本", "本联仅作遗失声明附件")
	mustNotContain(t, text, "存根联", "客户联", "受理单号")

	one := lossDeclaration(false, forms.LostReceipt)
	_, text = renderLoss(t, "loss_declaration_self", one.Printouts(s, station(), "李明", nil, nil, at)...)
	mustContain(t, text, "本人王芳", "声明人身份证复印件粘贴处", "声明人：")
	mustNotContain(t, text, "代理人身份证复印件粘贴处", "副本")
}

func TestRender_LossOutcomes(t *testing.T) {
	needPoppler(t)
	s := lossService(t)
	// (b) receipt lost, no refund: one copy for the customer to keep.
	l := lossDeclaration(false, forms.LostReceipt)
	ps := l.Printouts(s, station(), "李明", nil, s.Outcome("receipt_kept"), at.AddDate(0, 0, 16))
	path, text := renderLoss(t, "loss_receipt_kept", ps...)
	if n := pageCount(t, path); n != 1 {
		t.Errorf("pages = %d, want 1", n)
	}
	mustContain(t, text, "客户留存", "办结结果：收据遗失，不退款", "2026年3月22日办结")
	mustNotContain(t, text, "财务专用章")

	// (c) invoice lost, no refund: the declaration with boxes for the
	// invoice's bookkeeping part and the finance stamp.
	l = lossDeclaration(false, forms.LostInvoice)
	l.DocNumber = "NO.00012345"
	ps = l.Printouts(s, station(), "李明", nil, s.Outcome("invoice_kept"), at.AddDate(0, 0, 16))
	_, text = renderLoss(t, "loss_invoice_kept", ps...)
	mustContain(t, text, "客户留存", "发票（号码：NO.00012345", "发票记账联复印件粘贴处", "财务专用章（盖章处）",
		"办结结果：发票遗失，不退款")
}

func TestRender_RefundVoucherWithDeclaration(t *testing.T) {
	needPoppler(t)
	p := voucherPrintout()
	l := lossDeclaration(false, forms.LostReceipt)
	l.ResolvedAt = at
	p.Deposit.Returned = strings.Join([]string{forms.ReturnedCard, forms.ReturnedPromise, l.ReplacedText()}, "、")
	text := pdftext(t, render(t, "voucher_loss", p))
	mustContain(t, text, "《收据、发票遗失声明》YS-2026-0001", "代替遗失的保障金收据 QB01-2026-000123")
}

// TestRender_LossInvoiceKeptSignaturesWithText: outcome (c)'s declaration
// has two boxes of its own and two of the outcome; the signature lines once
// fell alone onto page 2. Every page with a signature line also carries
// lines of the declaration's text.
func TestRender_LossInvoiceKeptSignaturesWithText(t *testing.T) {
	needPoppler(t)
	s := lossService(t)
	for _, agent := range []bool{false, true} {
		l := lossDeclaration(agent, forms.LostInvoice)
		l.DocNumber = "NO.00012345"
		ps := l.Printouts(s, station(), "李明", nil, s.Outcome("invoice_kept"), at.AddDate(0, 0, 16))
		path, _ := renderLoss(t, "loss_invoice_kept_signatures", ps...)
		signed := 0
		for p := 1; p <= pageCount(t, path); p++ {
			page := pdftext(t, path, p, p)
			if !strings.Contains(page, "经办人：") {
				continue
			}
			signed++
			if !strings.Contains(page, "办结结果：发票遗失，不退款") {
				t.Errorf("agent %v: page %d has the signature lines without the text:\n%s", agent, p, page)
			}
		}
		if signed != 1 {
			t.Errorf("agent %v: signature lines on %d pages, want 1", agent, signed)
		}
	}
}
