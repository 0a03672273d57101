package printing

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"counterdesk/assets"
	"counterdesk/forms"
)

// renderAll writes ps as one PDF in a temp dir and returns its path.
func renderAll(t *testing.T, ps ...*forms.Printout) string {
	t.Helper()
	var buf bytes.Buffer
	if err := RenderAll(&buf, ps...); err != nil {
		t.Fatalf("RenderAll: %v", err)
	}
	path := filepath.Join(t.TempDir(), "一次受理 全部.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// Accepting 历届生落户 opened six viewer windows: one action is one PDF,
// its documents in order, copies included, each with its own header,
// 补打 mark, copy labels and footer.
func TestRenderAll_OneActionOnePDF(t *testing.T) {
	needPoppler(t)
	doc := documentPrintout("王芳")
	doc.Reprint = true // printed before: only this one is 补打
	notice := noticePrintout()
	path := renderAll(t, receiptPrintout(forms.LayoutOnePage), doc, notice, voucherPrintout())

	// Receipt 1 page, 《户籍卡承诺书》 2 copies, notice 1, voucher 1.
	if n := pageCount(t, path); n != 5 {
		t.Fatalf("%d pages, want 5 (receipt, 2 copies of the promise, notice, voucher)", n)
	}
	page := func(n int) string { return pdftext(t, path, n, n) }

	p1 := page(1)
	mustContain(t, p1, "收　据", "QB01-2026-000123", "存根联")
	mustNotContain(t, p1, "补打", "户籍卡承诺书", "第1联")

	p2 := page(2)
	mustContain(t, p2, "户籍卡承诺书", "第1联 客户留存", "补打 2026-03-06", "受理单号：QB01-BC-2026-000045")
	p3 := page(3)
	mustContain(t, p3, "户籍卡承诺书", "第2联 单位存档", "补打 2026-03-06", "受理单号：QB01-BC-2026-000045")
	mustNotContain(t, p3, "第1联")

	// The notice follows with its own header: no copy label, no 补打, and
	// not the promise's footer.
	p4 := page(4)
	mustContain(t, p4, "一次性告知单", "无房证明")
	mustNotContain(t, p4, "补打", "第2联", "单位存档", "受理单号：QB01-BC-2026-000045")

	p5 := page(5)
	mustContain(t, p5, "保障金退还凭证")
	mustNotContain(t, p5, "补打", "第2联")
}

// A receipt after a document gets no copy label or footer of the document.
func TestRenderAll_OrderAndHeaders(t *testing.T) {
	needPoppler(t)
	path := renderAll(t, documentPrintout("王芳"), receiptPrintout(forms.LayoutPerPage))
	// 2 copies, then the receipt's three parts one per page.
	if n := pageCount(t, path); n != 5 {
		t.Fatalf("%d pages, want 5", n)
	}
	mustContain(t, pdftext(t, path, 1, 1), "户籍卡承诺书", "第1联 客户留存")
	for n := 3; n <= 5; n++ {
		text := pdftext(t, path, n, n)
		mustContain(t, text, "收　据", "QB01-2026-000123")
		mustNotContain(t, text, "客户留存", "单位存档", "受理单号：QB01-BC-2026-000045")
	}
}

func TestRenderAll_Errors(t *testing.T) {
	var buf bytes.Buffer
	if err := RenderAll(&buf); err == nil {
		t.Error("RenderAll of nothing succeeded")
	}
	bad := receiptPrintout(forms.LayoutOnePage)
	bad.Receipt = nil
	if err := RenderAll(&buf, documentPrintout("王芳"), bad); err == nil {
		t.Error("RenderAll with a receipt printout without a receipt succeeded")
	}
	if err := RenderAll(&buf, documentPrintout("王芳"), nil); err == nil {
		t.Error("RenderAll with a nil printout succeeded")
	}
	if buf.Len() != 0 {
		t.Errorf("a refused RenderAll wrote %d bytes", buf.Len())
	}
}

// Output.Write of one action leaves exactly one PDF in the folder, named
// after the first document.
func TestOutput_WriteSeveral(t *testing.T) {
	needPoppler(t)
	dir := filepath.Join(t.TempDir(), "柜台通 data", "printed")
	clock := &fakeClock{time.Date(2026, 3, 6, 9, 5, 7, 0, time.Local)}
	o := &Output{Dir: dir, Now: clock.Now}
	path, err := o.Write(receiptPrintout(forms.LayoutOnePage), documentPrintout("王芳"), noticePrintout())
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "20260306-090507_收据_QB01-2026-000123_等3份文书.pdf"); path != want {
		t.Errorf("path = %s, want %s", path, want)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Fatalf("%d files in printed/, want 1: %v", len(entries), entries)
	}
	if n := pageCount(t, path); n != 4 {
		t.Errorf("%d pages, want 4", n)
	}
}

// The branch's phone is printed on the 一次性告知单 and the receipt; a
// station set up before it was asked prints no blank label.
func TestRender_StationPhone(t *testing.T) {
	needPoppler(t)
	withPhone := func(p *forms.Printout) *forms.Printout {
		p.Station.Phone = "028-83981234"
		return p
	}
	text := pdftext(t, render(t, "notice_phone", withPhone(noticePrintout())))
	mustContain(t, text, "咨询电话：028-83981234")
	text = pdftext(t, render(t, "notice_no_phone", noticePrintout()))
	mustNotContain(t, text, "咨询电话")
	text = pdftext(t, render(t, "receipt_phone", withPhone(receiptPrintout(forms.LayoutOnePage))))
	mustContain(t, text, "电话：028-83981234")
}

// The customer's phone, address and employer were left blank on
// 《高级人才派遣与储备协议》 and the 15—49 form although they are known; when
// unknown, the line stays for writing by hand.
func TestRender_KnownCustomerData(t *testing.T) {
	needPoppler(t)
	cat, err := forms.ParseCatalogue(assets.Catalogue)
	if err != nil {
		t.Fatal(err)
	}
	var docs []forms.Document
	for _, s := range cat.Services {
		if s.Code != "settle_past_grad" {
			continue
		}
		for _, d := range s.Documents {
			if d.ID == "talent_agreement" || d.ID == "women_survey" {
				docs = append(docs, d)
			}
		}
	}
	if len(docs) != 2 {
		t.Fatalf("found %d of the two documents in 历届生落户", len(docs))
	}
	for _, d := range docs {
		p := documentPrintout("王芳")
		p.Service, p.Document = nil, &d
		p.Customer.Address = "成都市青白江区大同路88号"
		p.Customer.Employer = "成都青白江物流有限公司"
		text := pdftext(t, render(t, "known_"+d.ID, p))
		mustContain(t, text, "13812345678", "成都市青白江区大同路88号", "成都青白江物流有限公司")
		mustNotContain(t, text, "［手机号码］", "［通讯地址］", "［工作单位］")

		p = documentPrintout("王芳")
		p.Service, p.Document = nil, &d
		p.Customer.Mobile = ""
		text = pdftext(t, render(t, "unknown_"+d.ID, p))
		mustContain(t, text, strings.Repeat("_", 40))
		mustNotContain(t, text, "13812345678", "［")
	}
}
