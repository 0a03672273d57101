package printing

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"counterdesk/assets"
	"counterdesk/forms"
)

// at is the printing time of the test printouts.
var at = time.Date(2026, 3, 6, 10, 30, 0, 0, time.Local)

// femaleID is a valid resident ID number of a woman born 1990-03-07: the
// 17th digit (2) is even. (11010519491231002X, often quoted, is a woman's
// number too, for the same reason.)
var femaleID = withCheckDigit("11010519900307152")

// withCheckDigit appends the GB 11643 check character to 17 digits.
func withCheckDigit(body string) string {
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(body[i]-'0') * w
	}
	return body + string("10X98765432"[sum%11])
}

func TestFemaleID(t *testing.T) {
	id, err := forms.ParseID(femaleID)
	if err != nil {
		t.Fatal(err)
	}
	if id.Gender != forms.GenderFemale {
		t.Fatalf("%s: gender %v, want female", femaleID, id.Gender)
	}
}

func station() forms.Station {
	return forms.Station{
		BranchCode: "QB",
		BranchName: "青白江区人才交流服务中心",
		Payee:      "成都市青白江区人才交流服务中心",
		Number:     1,
	}
}

func customer(name string) *forms.Customer {
	return &forms.Customer{
		Name:     name,
		Gender:   forms.GenderFemale,
		IDKind:   forms.IDResident,
		IDNumber: femaleID,
		Mobile:   "13812345678",
	}
}

func receiptPrintout(layout string) *forms.Printout {
	return &forms.Printout{
		Kind:    forms.PrintReceipt,
		Station: station(),
		Clerk:   "李明",
		At:      at,
		Layout:  layout,
		Receipt: &forms.Receipt{
			Number:    "QB01-2026-000123",
			Year:      2026,
			Seq:       123,
			PayerName: "王芳",
			PayerID:   femaleID,
			Lines:     []forms.ReceiptLine{{Text: "户籍卡保障金", Amount: 60000, Kind: forms.KindDeposit}},
			Total:     60000,
			Payment:   forms.Payment{Method: forms.PayMobile, Reference: "4200002026030512345678"},
			ClerkName: "李明",
			IssuedAt:  at.Add(-24 * time.Hour),
		},
	}
}

// promiseBody is the default wording of 《户籍卡承诺书》 (SPEC, service 6),
// with an extra paragraph so that the filled text is well over 300
// characters and wraps across many lines.
const promiseBody = "本人［姓名］（身份证号码：［身份证号码］）系［机构名称］集体户成员，因［用途］需要，于［日期］借用本人户籍卡一张，" +
	"并交纳户籍卡保障金人民币［大写］（¥［金额］），收据号［号码］。本人承诺：\n" +
	"一、户籍卡仅用于上述用途，妥善保管，不转借他人，不涂改、不损毁；\n" +
	"二、于［归还日期］前将户籍卡完好归还，逾期未还的，同意［机构名称］按规定处理保障金；\n" +
	"三、户籍卡遗失的，立即告知［机构名称］，并按公安机关规定补办，费用由本人承担；\n" +
	"四、联系电话、地址变更时及时告知。\n" +
	"归还户籍卡时凭本承诺书及保障金收据退还保障金。本承诺书一式两份，承诺人与［机构名称］各执一份，自签字之日起生效，" +
	"至户籍卡归还且保障金退还之日止。承诺人已仔细阅读并理解上述全部条款，对其中的权利义务没有异议，自愿遵守，" +
	"如有违反，愿意承担相应责任。经办人已向承诺人当面说明户籍卡集体保管的原因、归还期限以及保障金的退还条件。"

func borrowService() *forms.Service {
	return &forms.Service{
		Code: "borrow_card",
		Name: "借户籍卡",
		Questions: []forms.Question{{
			ID: "purpose", Label: "借户籍卡做什么用？", Type: forms.QChoice, Required: true, Placeholder: "用途",
			Options: []forms.Option{{Value: "marriage", Label: "婚姻登记"}, {Value: "passport", Label: "办理护照或往来港澳台通行证"}},
		}},
		Requirements: []forms.Requirement{
			{ID: "id_card", Name: "身份证", SeenOnly: true, Copies: 1},
			{ID: "photo", Name: "一寸免冠照片", Copies: 2, Note: "白底彩色，近三个月内拍摄"},
			{ID: "no_house", Name: "无房证明", Originals: 1, Note: "已婚的，夫妻双方均须提供"},
		},
		TalkingPoints: []forms.TalkingPoint{{Text: "派出所要求集体户的户籍卡必须集体保管"}},
		Documents: []forms.Document{{
			ID:         "card_promise",
			Title:      "《户籍卡承诺书》",
			Body:       promiseBody,
			Copies:     []forms.CopyLabel{{Label: "客户留存", Keeper: "customer"}, {Label: "单位存档", Keeper: "office"}},
			Signatures: []string{"承诺人", "经办人"},
		}},
	}
}

func borrowCase() *forms.Case {
	return &forms.Case{
		Number:      "QB01-BC-2026-000045",
		ServiceCode: "borrow_card",
		ServiceName: "借户籍卡",
		Answers:     map[string]string{"purpose": "marriage"},
		Status:      forms.CaseAccepted,
		AcceptedAt:  at,
		ReturnDue:   at.AddDate(0, 0, 30),
	}
}

func documentPrintout(name string) *forms.Printout {
	s := borrowService()
	return &forms.Printout{
		Kind:     forms.PrintDocument,
		Station:  station(),
		Clerk:    "李明",
		At:       at,
		Customer: customer(name),
		Case:     borrowCase(),
		Service:  s,
		Document: &s.Documents[0],
		Receipt:  receiptPrintout(forms.LayoutOnePage).Receipt,
	}
}

func noticePrintout() *forms.Printout {
	s := borrowService()
	c := customer("王芳")
	states := map[string]forms.ItemState{
		"id_card":  {Status: forms.ItemReceived, Originals: 1, Copies: 0},
		"no_house": {Status: forms.ItemDeferred, PromisedBy: at.AddDate(0, 0, 14)},
	}
	e := s.Evaluate(c, nil, at, states)
	return &forms.Printout{
		Kind: forms.PrintNotice, Station: station(), Clerk: "李明", At: at,
		Customer: c, Service: s, Evaluation: &e,
	}
}

func deposit(name, id string, seq int, taken time.Time) forms.Deposit {
	return forms.Deposit{
		ReceiptNumber: forms.ReceiptNumber("QB01", taken.Year(), int64(seq)),
		Amount:        60000,
		Method:        forms.PayCash,
		State:         forms.DepositHeld,
		TakenAt:       taken,
		ReturnDue:     taken.AddDate(0, 0, 30),
		CustomerName:  name,
		CustomerIDNo:  id,
	}
}

func voucherPrintout() *forms.Printout {
	d := deposit("王芳", femaleID, 123, at.AddDate(0, 0, -20))
	d.ReceiptNumber = "QB01-2026-000123"
	d.State = forms.DepositRefunded
	d.ClosedAt = at
	d.Returned = strings.Join([]string{forms.ReturnedCard, forms.ReturnedPromise, forms.ReturnedReceipt}, "、")
	return &forms.Printout{
		Kind: forms.PrintRefundVoucher, Station: station(), Clerk: "李明", Supervisor: "张丽华", At: at,
		Deposit: &d,
	}
}

func listPrintout(n int) *forms.Printout {
	names := []string{"王芳", "李娜", "张伟", "刘洋", "陈静", "杨帆", "赵敏", "黄磊", "周杰", "吴霞"}
	var ds []forms.Deposit
	for i := range n {
		id := withCheckDigit(fmt.Sprintf("510113199%d0%d1%d%03d", i%10, 1+i%9, i%10, 100+i))
		ds = append(ds, deposit(names[i%len(names)], id, 10+i, at.AddDate(0, 0, -200+4*i)))
	}
	return &forms.Printout{
		Kind: forms.PrintDepositList, Station: station(), Clerk: "李明", At: at, Deposits: ds,
	}
}

// render writes p as a PDF in a temp dir (and into $PRINTING_SHOTS/<name>.pdf
// when that is set, to look at) and returns its path.
func render(t *testing.T, name string, p *forms.Printout) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, p); err != nil {
		t.Fatalf("Render: %v", err)
	}
	path := filepath.Join(t.TempDir(), name+".pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("PRINTING_SHOTS"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".pdf"), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// pdftext returns the text of the PDF (of page first to last when given)
// as pdftotext -layout reads it.
func pdftext(t *testing.T, path string, pages ...int) string {
	t.Helper()
	args := []string{"-layout", "-enc", "UTF-8"}
	if len(pages) == 2 {
		args = append(args, "-f", strconv.Itoa(pages[0]), "-l", strconv.Itoa(pages[1]))
	}
	out, err := exec.Command("pdftotext", append(args, path, "-")...).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return string(out)
}

// pageCount returns the number of pages pdfinfo reports.
func pageCount(t *testing.T, path string) int {
	t.Helper()
	out, err := exec.Command("pdfinfo", path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, "Pages:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatalf("pdfinfo: no page count\n%s", out)
	return 0
}

// squash removes all white space, so text compares across line breaks.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func mustContain(t *testing.T, text string, wants ...string) {
	t.Helper()
	flat := squash(text)
	for _, w := range wants {
		if !strings.Contains(text, w) && !strings.Contains(flat, squash(w)) {
			t.Errorf("PDF text lacks %q\n--- text ---\n%s", w, text)
		}
	}
}

func mustNotContain(t *testing.T, text string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(squash(text), squash(w)) {
			t.Errorf("PDF text has %q, it must not", w)
		}
	}
}

func needPoppler(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"pdftotext", "pdfinfo"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed (poppler-utils)", tool)
		}
	}
}

func TestRender_Receipt(t *testing.T) {
	needPoppler(t)
	t.Run("OnePage", func(t *testing.T) {
		path := render(t, "receipt_one_page", receiptPrintout(forms.LayoutOnePage))
		if n := pageCount(t, path); n != 1 {
			t.Errorf("one_page: %d pages, want 1", n)
		}
		text := pdftext(t, path)
		mustContain(t, text, "王芳", femaleID, "陆佰元整", "人民币", "¥600.00", "QB01-2026-000123",
			"存根联", "客户联", "记账联", "户籍卡保障金", "移动支付", "4200002026030512345678",
			"成都市青白江区人才交流服务中心", "青白江区人才交流服务中心", "经办人：李明", "2026年3月5日", "沿虚线剪开")
		mustNotContain(t, text, "作废", "补打")
		if n := strings.Count(text, "QB01-2026-000123"); n != 3 {
			t.Errorf("receipt number printed %d times, want 3 (one per part)", n)
		}
	})
	t.Run("DefaultLayout", func(t *testing.T) {
		path := render(t, "receipt_default", receiptPrintout(""))
		if n := pageCount(t, path); n != 1 {
			t.Errorf("default layout: %d pages, want 1", n)
		}
	})
	t.Run("PerPage", func(t *testing.T) {
		path := render(t, "receipt_per_page", receiptPrintout(forms.LayoutPerPage))
		if n := pageCount(t, path); n != 3 {
			t.Fatalf("per_page: %d pages, want 3", n)
		}
		for i, part := range receiptParts {
			text := pdftext(t, path, i+1, i+1)
			mustContain(t, text, part, "QB01-2026-000123", "王芳", femaleID, "陆佰元整", "¥600.00")
		}
	})
	t.Run("Voided", func(t *testing.T) {
		p := receiptPrintout(forms.LayoutOnePage)
		p.Receipt.Voided = true
		p.Receipt.VoidReason = "收款方式录错"
		text := pdftext(t, render(t, "receipt_voided", p))
		mustContain(t, text, "作废", "收款方式录错")
	})
	t.Run("Reprint", func(t *testing.T) {
		p := receiptPrintout(forms.LayoutOnePage)
		p.Reprint = true
		text := pdftext(t, render(t, "receipt_reprint", p))
		mustContain(t, text, "补打 2026-03-06", "2026年3月5日")
	})
	t.Run("CashManyLines", func(t *testing.T) {
		p := receiptPrintout(forms.LayoutOnePage)
		p.Receipt.Payment = forms.Payment{Method: forms.PayCash}
		p.Receipt.Lines = []forms.ReceiptLine{
			{Text: "人才储备费（2026年1月1日至2026年12月31日）", Amount: 36000},
			{Text: "档案保管费（2026年1月1日至2026年12月31日）", Amount: 24000},
			{Text: "档案保管费（补缴2025年7月1日至2025年12月31日）", Amount: 12000},
			{Text: "户籍卡保障金", Amount: 60000},
		}
		p.Receipt.Total = 132000
		path := render(t, "receipt_four_lines", p)
		if n := pageCount(t, path); n != 1 {
			t.Errorf("four lines: %d pages, want 1", n)
		}
		text := pdftext(t, path)
		mustContain(t, text, "壹仟叁佰贰拾元整", "¥1,320.00", "现金", "补缴2025年7月1日至2025年12月31日")
		mustNotContain(t, text, "交易单号")
	})
	t.Run("TooManyLinesForOnePage", func(t *testing.T) {
		p := receiptPrintout(forms.LayoutOnePage)
		p.Receipt.Lines = nil
		for i := range 12 {
			p.Receipt.Lines = append(p.Receipt.Lines, forms.ReceiptLine{Text: "档案保管费 第" + strconv.Itoa(i+1) + "年", Amount: 5000})
		}
		p.Receipt.Total = 60000
		path := render(t, "receipt_twelve_lines", p)
		if n := pageCount(t, path); n != 3 {
			t.Errorf("twelve lines: %d pages, want 3 (one part per page)", n)
		}
		mustContain(t, pdftext(t, path), "档案保管费 第12年")
	})
}

func TestRender_Document(t *testing.T) {
	needPoppler(t)
	p := documentPrintout("王芳")
	body := p.Fill(p.Document.Body)
	if n := len([]rune(squash(body))); n < 300 {
		t.Fatalf("test body has %d characters, want at least 300", n)
	}
	path := render(t, "document_two_copies", p)
	if n := pageCount(t, path); n != 2 {
		t.Fatalf("%d pages, want 2 (one per copy)", n)
	}
	labels := []string{"第1联 客户留存", "第2联 单位存档"}
	for i, label := range labels {
		text := pdftext(t, path, i+1, i+1)
		mustContain(t, text, "户籍卡承诺书", label, "王芳", femaleID, "婚姻登记", "陆佰元整", "600.00",
			"QB01-2026-000123", "2026年4月5日", "承诺人：", "经办人：", "日期：", "受理单号：QB01-BC-2026-000045",
			"青白江区人才交流服务中心")
		mustNotContain(t, text, labels[1-i], "补打")
		// Every character of the body, in order: fpdf's own wrapping
		// drops one at each automatic line break.
		if !strings.Contains(squash(text), squash(body)) {
			t.Errorf("page %d: body text damaged\nwant: %s\ngot:  %s", i+1, squash(body), squash(text))
		}
	}

	t.Run("Reprint", func(t *testing.T) {
		p := documentPrintout("王芳")
		p.Reprint = true
		mustContain(t, pdftext(t, render(t, "document_reprint", p)), "补打 2026-03-06")
	})
	t.Run("LongBodyOverflows", func(t *testing.T) {
		p := documentPrintout("王芳")
		doc := *p.Document
		doc.Body = strings.Repeat(promiseBody+"\n", 4)
		doc.Copies = doc.Copies[:1]
		p.Document = &doc
		path := render(t, "document_long", p)
		n := pageCount(t, path)
		if n < 2 {
			t.Fatalf("%d pages, want the long body to run over", n)
		}
		text := pdftext(t, path)
		if got, want := strings.Count(text, "客户留存"), n; got != want {
			t.Errorf("copy label on %d of %d pages", got, want)
		}
		// The page header interrupts the body between pages: check
		// each paragraph instead.
		for _, para := range strings.Split(p.Fill(doc.Body), "\n") {
			if !strings.Contains(squash(text), squash(para)) {
				t.Errorf("paragraph damaged: %s", para)
			}
		}
	})
}

func TestRender_Notice(t *testing.T) {
	needPoppler(t)
	p := noticePrintout()
	p.Station.Phone = "028-83981234"
	if len(p.Evaluation.Missing) != 2 || len(p.Evaluation.Deferred) != 1 {
		t.Fatalf("test evaluation: %d missing, %d deferred", len(p.Evaluation.Missing), len(p.Evaluation.Deferred))
	}
	text := pdftext(t, render(t, "notice", p))
	mustContain(t, text, "一次性告知单", "王芳", "借户籍卡", "2026年3月6日",
		"您办理借户籍卡业务，尚需提供以下材料，请一次备齐：",
		"1.", "身份证", "复印件还差1份", "2.", "一寸免冠照片", "复印件2份", "白底彩色",
		"容缺", "无房证明", "承诺于2026年3月20日前补交",
		"尚需确认", "借户籍卡做什么用？", "经办人：李明", "咨询电话：028-83981234", "青白江区人才交流服务中心")
	mustNotContain(t, text, "派出所要求集体户的户籍卡必须集体保管")

	t.Run("Complete", func(t *testing.T) {
		s := borrowService()
		c := customer("王芳")
		states := map[string]forms.ItemState{}
		for _, r := range s.Requirements {
			states[r.ID] = r.Received()
		}
		e := s.Evaluate(c, map[string]string{"purpose": "marriage"}, at, states)
		p := &forms.Printout{Kind: forms.PrintNotice, Station: station(), Clerk: "李明", At: at, Customer: c, Service: s, Evaluation: &e}
		text := pdftext(t, render(t, "notice_complete", p))
		mustContain(t, text, "材料已经齐全")
		mustNotContain(t, text, "尚需确认", "容缺")
	})
}

func TestRender_RefundVoucher(t *testing.T) {
	needPoppler(t)
	text := pdftext(t, render(t, "refund_voucher", voucherPrintout()))
	mustContain(t, text, "保障金退还凭证", "王芳", femaleID, "QB01-2026-000123", "陆佰元整", "¥600.00",
		forms.ReturnedCard, forms.ReturnedPromise, forms.ReturnedReceipt, "2026年3月6日", "2026年2月14日",
		"现金", "客户签字", "经办人：李明", "张丽华", "红字发票")
	mustNotContain(t, text, "补打")
}

func TestRender_DepositList(t *testing.T) {
	needPoppler(t)
	p := listPrintout(45)
	path := render(t, "deposit_list", p)
	pages := pageCount(t, path)
	if pages < 2 {
		t.Fatalf("%d pages, want 45 deposits to need more than one", pages)
	}
	for i := 1; i <= pages; i++ {
		text := pdftext(t, path, i, i)
		mustContain(t, text, "在押保障金清单", "收据号", "身份证号码", "在押天数",
			fmt.Sprintf("第 %d 页 共 %d 页", i, pages), "青白江区人才交流服务中心")
	}
	text := pdftext(t, path)
	total := forms.Money(45 * 60000)
	mustContain(t, text, "合计：共 45 笔", total.String(), "人民币"+total.Capitals(), "制表人：李明", "财务核对")
	for i, d := range p.Deposits {
		mustContain(t, text, d.ReceiptNumber, forms.MaskID(d.CustomerIDNo),
			strconv.Itoa(d.DaysOutstanding(at)))
		if strings.Contains(text, d.CustomerIDNo) {
			t.Errorf("deposit %d: whole ID number %s printed in the list", i, d.CustomerIDNo)
		}
	}
	// Oldest first, as given: the first receipt number comes first.
	if strings.Index(text, p.Deposits[0].ReceiptNumber) > strings.Index(text, p.Deposits[44].ReceiptNumber) {
		t.Error("deposits out of order")
	}

	t.Run("Empty", func(t *testing.T) {
		p := listPrintout(0)
		text := pdftext(t, render(t, "deposit_list_empty", p))
		mustContain(t, text, "当前没有在押保障金", "合计：共 0 笔", "¥0.00", "零元整", "第 1 页 共 1 页")
	})
}

// rare is a CJK Extension B character (U+20000) that neither bundled font
// has (it is not in the 通用规范汉字表 nor in assets/fonts/extra-chars.txt):
// it prints as the placeholder.
const rare = "\U00020000"

func TestRender_RareCharacter(t *testing.T) {
	needPoppler(t)
	name := "王" + rare
	if got := Missing(name); len(got) != 1 || got[0] != 0x20000 {
		t.Fatalf("Missing(%q) = %q, want [U+20000]", name, got)
	}
	want := "王" + string(Placeholder)

	r := receiptPrintout(forms.LayoutOnePage)
	r.Receipt.PayerName = name
	mustContain(t, pdftext(t, render(t, "rare_receipt", r)), want)

	d := documentPrintout(name)
	text := pdftext(t, render(t, "rare_document", d))
	mustContain(t, text, want+"（身份证号码：")

	v := voucherPrintout()
	v.Deposit.CustomerName = name
	mustContain(t, pdftext(t, render(t, "rare_voucher", v)), want)

	l := listPrintout(3)
	l.Deposits[1].CustomerName = name
	mustContain(t, pdftext(t, render(t, "rare_list", l)), want)

	n := noticePrintout()
	n.Customer.Name = name
	n.Evaluation.Missing[0].Note = "须本人" + rare + "签字"
	mustContain(t, pdftext(t, render(t, "rare_notice", n)), want, "须本人□签字")
}

func TestRender_ControlCharacters(t *testing.T) {
	needPoppler(t)
	p := receiptPrintout(forms.LayoutOnePage)
	p.Receipt.PayerName = "王\x00芳\u200b\x1b"
	p.Receipt.Lines[0].Text = "户籍卡\t保障金\r\n"
	text := pdftext(t, render(t, "control", p))
	mustContain(t, text, "王芳", "户籍卡 保障金")
}

func TestRender_Reproducible(t *testing.T) {
	for _, p := range []*forms.Printout{
		receiptPrintout(forms.LayoutOnePage), documentPrintout("王芳"), noticePrintout(),
		voucherPrintout(), listPrintout(45),
	} {
		var a, b bytes.Buffer
		if err := Render(&a, p); err != nil {
			t.Fatal(err)
		}
		if err := Render(&b, p); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: two renderings differ", p.Kind)
		}
		if !bytes.Contains(a.Bytes(), []byte("/CreationDate (D:20260306103000")) {
			t.Errorf("%s: creation date is not the printout's time", p.Kind)
		}
	}
}

func TestRender_Errors(t *testing.T) {
	var buf bytes.Buffer
	for _, p := range []*forms.Printout{
		nil,
		{Kind: forms.PrintReceipt, At: at},
		{Kind: forms.PrintDocument, At: at},
		{Kind: forms.PrintNotice, At: at},
		{Kind: forms.PrintRefundVoucher, At: at},
		{Kind: "letter", At: at},
	} {
		if err := Render(&buf, p); err == nil {
			t.Errorf("Render(%+v) succeeded, want an error", p)
		}
	}
	if buf.Len() != 0 {
		t.Error("a failed Render wrote output")
	}
}

// TestRender_DefaultCatalogue renders every document of the shipped
// catalogue and checks that its filled wording survives wrapping whole.
func TestRender_DefaultCatalogue(t *testing.T) {
	needPoppler(t)
	cat, err := forms.ParseCatalogue(assets.Catalogue)
	if err != nil {
		t.Skipf("default catalogue does not parse yet: %v", err)
	}
	for _, s := range cat.Services {
		for i := range s.Documents {
			doc := &s.Documents[i]
			p := documentPrintout("王芳")
			p.Service, p.Document = &s, doc
			path := render(t, "catalogue_"+s.Code+"_"+doc.ID, p)
			if n := pageCount(t, path); n < len(doc.Copies) {
				t.Errorf("%s %s: %d pages for %d copies", s.Name, doc.Title, n, len(doc.Copies))
			}
			text := squash(pdftext(t, path))
			for _, para := range strings.Split(p.Fill(doc.Body), "\n") {
				if !strings.Contains(text, squash(para)) {
					t.Errorf("%s %s: paragraph damaged: %s", s.Name, doc.Title, para)
				}
			}
		}
	}
}
