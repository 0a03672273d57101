package forms

import (
	"maps"
	"slices"
	"strings"
	"time"
)

// PrintKind says which document a Printout is.
type PrintKind string

// The documents Counter Desk prints.
const (
	PrintReceipt       PrintKind = "receipt"        // 收据, three parts
	PrintDocument      PrintKind = "document"       // a catalogue Document, e.g. 《户籍卡承诺书》
	PrintNotice        PrintKind = "notice"         // 一次性告知单
	PrintRefundVoucher PrintKind = "refund_voucher" // 《保障金退还凭证》
	PrintDepositList   PrintKind = "deposit_list"   // the refund desk's list of deposits held
	PrintDayReport     PrintKind = "day_report"     // 日结单, the day-end report of a station and day
	PrintMonthReport   PrintKind = "month_report"   // 月报, the month for finance of a station
	PrintServiceReport PrintKind = "service_report" // 服务情况月报: complaints, follow-ups, ratings
)

// Receipt layouts (a station setting).
const (
	LayoutOnePage = "one_page" // three parts on one A4 page with cut lines
	LayoutPerPage = "per_page" // one part per page
)

// Printout is everything one printed document needs, gathered by the UI
// from the store and rendered by package printing. Only the fields the
// Kind uses need to be set.
type Printout struct {
	Kind       PrintKind
	Station    Station
	Clerk      string // the handling clerk's name
	Supervisor string // the approving supervisor's name, for a refund
	At         time.Time
	// Reprint marks a reprint (补打): the document shows 补打 and At. The
	// UI sets it from the store's print records, never by the caller's
	// guess: a document's first print is the original, every later one
	// is 补打.
	Reprint bool
	Layout  string // receipt layout
	// Secret marks a document holding a secret (the recovery code): its PDF
	// is written outside the printed-documents folder and deleted as soon
	// as the viewer or printer has it, and it is never recorded.
	Secret bool
	// Preview marks a sample made only to be checked (the catalogue
	// editor's 预览, for a sample customer): every page is marked 样张, it
	// opens in the viewer even on a station that prints directly, and,
	// like a Secret one, it is never recorded and is deleted once shown.
	Preview bool

	Customer   *Customer
	Case       *Case
	Service    *Service
	Evaluation *Evaluation
	// Holds is what the case waits for besides its papers (a held deposit,
	// a loss period), read by the UI from the ledgers; the 一次性告知单 of a
	// waiting case says from it when the case completes.
	Holds    Holds
	Document *Document
	Receipt  *Receipt
	Deposit  *Deposit
	Deposits []Deposit
	// DayReport is the day-end report a PrintDayReport prints; it is
	// read-only once loaded.
	DayReport *DayReport
	// MonthReport is the month for finance a PrintMonthReport prints;
	// it is read-only once loaded.
	MonthReport *MonthReport
	// ServiceReport is the month's complaints, follow-ups and ratings a
	// PrintServiceReport prints; it is read-only once loaded.
	ServiceReport *ServiceReport
}

// Name returns a file-name stem for the printout, e.g.
// "收据_QB01-2026-000123"; it holds no personal data beyond numbers.
func (p *Printout) Name() string {
	var parts []string
	switch p.Kind {
	case PrintReceipt:
		parts = append(parts, "收据")
	case PrintDocument:
		if p.Document != nil {
			parts = append(parts, strings.Trim(p.Document.Title, "《》"))
		}
	case PrintNotice:
		parts = append(parts, "一次性告知单")
	case PrintRefundVoucher:
		parts = append(parts, "保障金退还凭证")
	case PrintDepositList:
		parts = append(parts, "在押保障金清单")
	case PrintMonthReport:
		if r := p.MonthReport; r != nil {
			parts = append(parts, r.FileStem())
		} else {
			parts = append(parts, "月报")
		}
	case PrintServiceReport:
		parts = append(parts, "服务月报")
		if r := p.ServiceReport; r != nil {
			parts = append(parts, p.Station.Code(), time.Date(r.Year, r.Month, 1, 0, 0, 0, 0, time.Local).Format("2006-01"))
		}
	case PrintDayReport:
		parts = append(parts, "日结单")
		if r := p.DayReport; r != nil {
			parts = append(parts, r.Station.Code(), FormatDate(r.Day))
		}
	}
	switch {
	case p.Receipt != nil:
		parts = append(parts, p.Receipt.Number)
	case p.Deposit != nil:
		parts = append(parts, p.Deposit.ReceiptNumber)
	case p.Case != nil:
		parts = append(parts, p.Case.Number)
	}
	if p.Reprint {
		parts = append(parts, "补打")
	}
	return strings.Join(parts, "_")
}

// Key returns what a print of p is recorded as, the same for the original
// and every 补打: "receipt:<receipt number>", the catalogue document's ID
// (e.g. "promise"), "notice", "refund_voucher:<deposit receipt number>",
// "deposit_list".
func (p *Printout) Key() string {
	switch p.Kind {
	case PrintReceipt:
		if p.Receipt != nil {
			return "receipt:" + p.Receipt.Number
		}
	case PrintDocument:
		if p.Document != nil {
			return p.Document.ID
		}
	case PrintRefundVoucher:
		if p.Deposit != nil {
			return "refund_voucher:" + p.Deposit.ReceiptNumber
		}
	case PrintDayReport:
		if p.DayReport != nil {
			return "day_report:" + p.DayReport.Station.Code() + ":" + FormatDate(p.DayReport.Day)
		}
	}
	return string(p.Kind)
}

// CaseID returns the ID of the case whose document p is: the case's, else
// the receipt's or the deposit's case. It is "" for a printout that
// belongs to no case (the deposit list, the recovery code) and for a
// Secret one: those are not recorded.
func (p *Printout) CaseID() string {
	switch {
	case p.Secret || p.Preview || p.Kind == PrintDepositList:
		return ""
	case p.Case != nil && p.Case.ID != "":
		return p.Case.ID
	case p.Receipt != nil && p.Receipt.CaseID != "":
		return p.Receipt.CaseID
	case p.Deposit != nil:
		return p.Deposit.CaseID
	}
	return ""
}

// Copies returns how many copies of the document one print makes: a
// catalogue document's copies (e.g. 2 for 第1联 and 第2联), else 1 (a
// receipt's three parts are one printed receipt).
func (p *Printout) Copies() int {
	if p.Kind == PrintDocument && p.Document != nil && len(p.Document.Copies) > 1 {
		return len(p.Document.Copies)
	}
	return 1
}

// PrintRecord is one print of one document of a case, as the store keeps
// it: which (Printout.Key), how many copies, and whether it was a 补打.
type PrintRecord struct {
	CaseID   string
	Document string
	Copies   int
	Reprint  bool
}

// Record returns what printing p is recorded as, and false when p belongs
// to no case and is not recorded. A station document (StationDocument)
// belongs to no case and is recorded with CaseID "".
func (p *Printout) Record() (PrintRecord, bool) {
	id := p.CaseID()
	if id == "" && !p.StationDocument() {
		return PrintRecord{}, false
	}
	return PrintRecord{CaseID: id, Document: p.Key(), Copies: p.Copies(), Reprint: p.Reprint}, true
}

// Placeholder is a built-in placeholder of document wording and what fills
// it, as the catalogue editor lists it.
type Placeholder struct {
	Name    string // without brackets, e.g. "姓名"
	Meaning string // e.g. "客户姓名"
}

// BuiltinPlaceholders returns the placeholders Fields fills from the
// station, clerk, customer, case, deposit and receipt, in the order the
// editor lists them. It is the one list both Fields and the editor's check
// of a document's wording (DocumentPlaceholders) follow; a test fills a
// full printout and checks that Fields sets exactly these (and the
// question placeholders).
func BuiltinPlaceholders() []Placeholder {
	return []Placeholder{
		{"姓名", "客户姓名"},
		{"身份证号码", "客户身份证号码"},
		{"手机号码", "客户手机号码"},
		{"通讯地址", "客户通讯地址"},
		{"工作单位", "客户工作单位"},
		{"机构名称", "本网点名称（设置中）"},
		{"网点电话", "本网点电话（设置中）"},
		{"收款单位", "收款单位（设置中）"},
		{"日期", "受理日期（未受理时为打印日期）"},
		{"归还日期", "户籍卡归还日期"},
		{"大写", "保障金或收据金额（大写）"},
		{"金额", "保障金或收据金额（数字）"},
		{"号码", "保障金收据或收据号码"},
		{"受理单号", "受理单号"},
		{"经办人", "经办人姓名"},
	}
}

// StationDocument reports whether p is a document of the station rather
// than of a case that is still recorded when printed, so that its next
// print is 补打: the day-end report (by station and day, Key). A Secret
// printout never is.
func (p *Printout) StationDocument() bool {
	return !p.Secret && p.Kind == PrintDayReport && p.DayReport != nil
}

// Fields returns the values that fill a Document's placeholders: each of
// BuiltinPlaceholders, and ［X］ for every question whose Placeholder is X
// (its answer, by option label). A placeholder with no value is left as a
// blank line to write on by hand.
func (p *Printout) Fields() map[string]string {
	f := map[string]string{
		"机构名称": p.Station.BranchName,
		"网点电话": p.Station.Phone,
		"收款单位": p.Station.Payee,
		"经办人":  p.Clerk,
		"日期":   FormatDateCN(p.At),
	}
	if c := p.Customer; c != nil {
		f["姓名"] = c.Name
		f["身份证号码"] = c.IDNumber
		f["手机号码"] = c.Mobile
		f["通讯地址"] = c.Address
		f["工作单位"] = c.Employer
	}
	if c := p.Case; c != nil {
		f["受理单号"] = c.Number
		if !c.AcceptedAt.IsZero() {
			f["日期"] = FormatDateCN(c.AcceptedAt)
		}
		if !c.ReturnDue.IsZero() {
			f["归还日期"] = FormatDateCN(c.ReturnDue)
		}
		if s := p.Service; s != nil {
			for _, q := range s.Questions {
				if q.Placeholder == "" {
					continue
				}
				a := c.Answers[q.ID]
				for _, o := range q.Options {
					if o.Value == a {
						a = o.Label
					}
				}
				if q.Type == QBool {
					a = map[string]string{"yes": "是", "no": "否"}[a]
				}
				if a != "" || f[q.Placeholder] == "" {
					f[q.Placeholder] = a
				}
			}
		}
	}
	if d := p.Deposit; d != nil {
		f["大写"] = d.Amount.Capitals()
		f["金额"] = d.Amount.Plain()
		f["号码"] = d.ReceiptNumber
		if !d.ReturnDue.IsZero() {
			f["归还日期"] = FormatDateCN(d.ReturnDue)
		}
	}
	if r := p.Receipt; r != nil {
		f["大写"] = r.Total.Capitals()
		f["金额"] = r.Total.Plain()
		f["号码"] = r.Number
	}
	return f
}

// Fill replaces the ［placeholders］ in a document's wording with the
// printout's fields. An unknown or empty placeholder becomes a blank to
// fill by hand, so a supervisor's typo never prints as code.
func (p *Printout) Fill(body string) string {
	fields := p.Fields()
	var b strings.Builder
	for {
		i := strings.Index(body, "［")
		if i < 0 {
			b.WriteString(body)
			return b.String()
		}
		j := strings.Index(body[i:], "］")
		if j < 0 {
			b.WriteString(body)
			return b.String()
		}
		b.WriteString(body[:i])
		key := body[i+len("［") : i+j]
		if v := fields[key]; v != "" {
			b.WriteString(v)
		} else {
			b.WriteString(blank(key))
		}
		body = body[i+j+len("］"):]
	}
}

// blank returns the line left to write a placeholder's value by hand: long
// enough for what is written there (an address, an employer's name).
func blank(key string) string {
	switch key {
	case "通讯地址", "工作单位":
		return strings.Repeat("_", 40)
	case "手机号码", "网点电话":
		return strings.Repeat("_", 16)
	}
	return "________"
}

// Clone returns a copy of p that shares nothing a screen may change while
// it is being printed: the customer, case (with its answers and items),
// receipt, deposit, document and evaluation are copied. Services and the
// deposit list are read-only once loaded and stay shared; so does the day
// report (DayReport).
func (p *Printout) Clone() *Printout {
	c := *p
	if p.Customer != nil {
		x := *p.Customer
		c.Customer = &x
	}
	if p.Case != nil {
		x := *p.Case
		x.Answers = maps.Clone(p.Case.Answers)
		x.Items = maps.Clone(p.Case.Items)
		c.Case = &x
	}
	if p.Receipt != nil {
		x := *p.Receipt
		x.Lines = slices.Clone(p.Receipt.Lines)
		c.Receipt = &x
	}
	if p.Deposit != nil {
		x := *p.Deposit
		c.Deposit = &x
	}
	if p.Document != nil {
		x := *p.Document
		c.Document = &x
	}
	if p.Evaluation != nil {
		x := *p.Evaluation
		c.Evaluation = &x
	}
	c.Deposits = slices.Clone(p.Deposits)
	return &c
}
