package ui

// The texts of people that the list papers print (在押保障金清单, 日结单,
// 月报, several receipts at once), each labelled with its field and the row
// it is printed in, as the paper names the row: the large warning of
// characters no font has then tells the clerk where on a report of many
// pages each box will be.

import (
	"slices"

	"counterdesk/forms"
)

// receiptRow names a list's row by its receipt number, as the paper prints
// it: 收据 QB01-2026-000012.
func receiptRow(number string) string { return Tf("收据 %s", number) }

// depositRow names a deposit's row: by its receipt's number, which every
// list of deposits prints; a deposit without one (never expected) by the
// customer's ID number's last four characters.
func depositRow(d forms.Deposit) string {
	if d.ReceiptNumber != "" {
		return receiptRow(d.ReceiptNumber)
	}
	if n := len(d.CustomerIDNo); n >= 4 {
		return Tf("身份证尾号 %s", d.CustomerIDNo[n-4:])
	}
	return ""
}

// depositTexts are the texts a deposit's row of a list prints: the
// customer's name, and who closed it and why when closed is true (the
// day-end report's 退还/没收 lines).
func depositTexts(ds []forms.Deposit, closed bool) []printText {
	var out []printText
	for _, d := range ds {
		row := depositRow(d)
		out = append(out, printText{row: row, field: T("客户"), text: d.CustomerName})
		if closed {
			out = append(out, printText{row: row, field: T("经办"), text: d.ClosedBy},
				printText{row: row, field: T("原因"), text: d.Reason})
		}
	}
	return out
}

// dayReportTexts are the texts of people the day-end report prints: the
// branch's name, each receipt's payer, items, clerk and void (by its
// receipt number), each deposit's customer (by its receipt number) and
// each skipped range's reason (by the range).
func dayReportTexts(r *forms.DayReport) []printText {
	out := []printText{{field: T("网点全称"), text: r.Station.BranchName}}
	for _, list := range [][]forms.DayReceipt{r.Receipts, r.VoidedLater} {
		for _, x := range list {
			row := receiptRow(x.Number)
			out = append(out,
				printText{row: row, field: T("缴款人"), text: x.Customer},
				printText{row: row, field: T("收费项目"), text: x.Items},
				printText{row: row, field: T("经办人"), text: x.Clerk},
				printText{row: row, field: T("作废人"), text: x.VoidedBy},
				printText{row: row, field: T("作废原因"), text: x.VoidReason})
		}
	}
	out = append(out, depositTexts(r.DepositsTaken, false)...)
	out = append(out, depositTexts(r.DepositsRefunded, true)...)
	out = append(out, depositTexts(r.DepositsForfeited, true)...)
	out = append(out, depositTexts(r.DepositsVoided, false)...)
	out = append(out, depositTexts(r.DepositsTakenVoided, false)...)
	for _, k := range r.Skips {
		row := Tf("跳号 %s", k.Range())
		out = append(out, printText{row: row, field: T("经办人"), text: k.By},
			printText{row: row, field: T("原因"), text: k.Reason})
	}
	return out
}

// monthReportTexts are the texts of people the month report prints: the
// branch's name and the deposits held, each by its receipt number.
func monthReportTexts(r *forms.MonthReport) []printText {
	out := []printText{{field: T("网点全称"), text: r.Station.BranchName}}
	return append(out, depositTexts(r.Held, false)...)
}

// receiptTexts are the payer's name of each receipt printed together (the
// receipts waiting to be printed), each by its number.
func receiptTexts(rs []forms.Receipt) []printText {
	var out []printText
	for _, r := range rs {
		out = append(out, printText{row: receiptRow(r.Number), field: T("缴款人"), text: r.PayerName})
	}
	return out
}

// customerFields are the customer's fields a paper prints besides the name,
// each with its name as the customer form labels it (the warning says it)
// and its placeholder in a document's wording (forms.Printout.Fields):
// the catalogue's 《高级人才派遣与储备协议》 and 《15—49周岁女性情况入户调查登记表》
// print both. The ID and mobile numbers are digits only; 婚姻状况 and 户籍来源
// are printed by no paper; notes and a payment's 交易单号 (ASCII only,
// forms.KindCode) are not the customer's texts.
var customerFields = []struct {
	name, placeholder string
	text              func(*forms.Customer) string
}{
	{forms.RuleAddress.Name, "通讯地址", func(c *forms.Customer) string { return c.Address }},
	{forms.RuleEmployer.Name, "工作单位", func(c *forms.Customer) string { return c.Employer }},
}

// customerTexts are the texts of c that the customer's papers print, each
// with its field: the name, which every paper prints, then the address
// and employer, which documents print where their wording asks for them.
// It is for a warning before the papers are known (on saving the customer,
// at 办理); documentTexts is for given documents.
func customerTexts(c *forms.Customer) []printText {
	out := []printText{{field: T("姓名"), text: c.Name}}
	for _, f := range customerFields {
		out = append(out, printText{field: T(f.name), text: f.text(c)})
	}
	return out
}

// documentTexts are the texts of c that the documents docs print (each
// filled by forms.Printout.Fill): the name, and the address and employer
// when the wording of one of docs has their placeholder.
func documentTexts(c *forms.Customer, docs []forms.Document) []printText {
	var used []string // the placeholders of all of docs, each wording read once
	for _, d := range docs {
		used = append(used, forms.Placeholders(d.Body)...)
	}
	out := []printText{{field: T("姓名"), text: c.Name}}
	for _, f := range customerFields {
		if slices.Contains(used, f.placeholder) {
			out = append(out, printText{field: T(f.name), text: f.text(c)})
		}
	}
	return out
}
