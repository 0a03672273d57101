package forms

import (
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
	// Reprint marks a reprint (补打): the document shows 补打 and At.
	Reprint bool
	Layout  string // receipt layout

	Customer   *Customer
	Case       *Case
	Service    *Service
	Evaluation *Evaluation
	Document   *Document
	Receipt    *Receipt
	Deposit    *Deposit
	Deposits   []Deposit
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

// Fields returns the values that fill a Document's placeholders:
// ［姓名］［身份证号码］［机构名称］［收款单位］［日期］［归还日期］［大写］［金额］
// ［号码］［受理单号］［经办人］, and ［X］ for every question whose
// Placeholder is X (its answer, by option label). A placeholder with no value
// is left as a blank line to write on by hand.
func (p *Printout) Fields() map[string]string {
	f := map[string]string{
		"机构名称": p.Station.BranchName,
		"收款单位": p.Station.Payee,
		"经办人":  p.Clerk,
		"日期":   FormatDateCN(p.At),
	}
	if c := p.Customer; c != nil {
		f["姓名"] = c.Name
		f["身份证号码"] = c.IDNumber
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
				f[q.Placeholder] = a
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
			b.WriteString("________")
		}
		body = body[i+j+len("］"):]
	}
}
