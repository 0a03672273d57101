package main

import (
	"fmt"

	"counterdesk/forms"
)

// reportTable is one table of the month report: a sheet of the workbook
// and one CSV file. Cells are string, int, int64 or forms.Money (fen,
// written as yuan with two decimals).
type reportTable struct {
	Name   string // the sheet's name, also the CSV file's
	Header []string
	Rows   [][]any
	// Note is a line the workbook writes under the rows (not in the
	// CSV file), or "".
	Note string
}

// The sheets of the month report, in the workbook's order.
const (
	sheetSummary  = "按站汇总"
	sheetCases    = "业务"
	sheetReceipts = "收据"
	sheetFees     = "收费"
	sheetDeposits = "保障金"
	sheetMembers  = "会员"
	sheetGaps     = "导出缺号"
	sheetTraining = "练习站"
)

// Labels of the total rows (in the 网点 column).
const (
	labelAll      = "全部网点合计"
	subtotalLabel = "%s 小计"
)

// reportTables returns the report's tables in order: every real station,
// a subtotal per branch and a total of all branches; the training
// stations only in 练习站 (never in a total).
func reportTables(r *HQMonth) []reportTable {
	return []reportTable{
		stationTable(sheetSummary, r, summaryHeader, summaryRow),
		caseTable(r),
		stationTable(sheetReceipts, r, receiptHeader, receiptRow),
		feeTable(r),
		stationTable(sheetDeposits, r, depositHeader, depositRow),
		stationTable(sheetMembers, r, memberHeader, memberRow),
		withNote(stationTable(sheetService, r, serviceHeader, serviceRow), serviceNote),
		gapTable(r),
		trainingTable(r),
	}
}

// stationTable is a table of one row per real station, a subtotal after
// each branch and the total of all at the end.
func stationTable(name string, r *HQMonth, header []string, row func(b, st string, s *StationMonth) []any) reportTable {
	t := reportTable{Name: name, Header: header}
	for _, br := range r.Branches() {
		for _, s := range br {
			t.Rows = append(t.Rows, row(s.Branch, stationText(s.Station), s))
		}
		t.Rows = append(t.Rows, row(fmt.Sprintf(subtotalLabel, br[0].Branch), "", Sum(br)))
	}
	t.Rows = append(t.Rows, row(labelAll, "", Sum(r.Stations)))
	return t
}

// withNote returns t with the note under its rows.
func withNote(t reportTable, note string) reportTable {
	t.Note = note
	return t
}

// stationText is a station number as the branch writes it: 01.
func stationText(n int) string { return fmt.Sprintf("%02d", n) }

var summaryHeader = []string{"网点", "站号", "新建业务", "受理", "办结", "取消",
	"有效收据（张）", "收款金额", "作废收据（张）", "作废金额", "收费金额",
	"保障金收取", "保障金退还", "保障金没收", "月末在押保障金（笔）", "月末在押金额",
	"入户", "迁出", "月末欠费会员", "导出缺号", "最近一次导入"}

func summaryRow(b, st string, s *StationMonth) []any {
	c := s.CaseTotals()
	t := s.Totals
	return []any{b, st, c.Opened, c.Accepted, c.Completed, c.Cancelled,
		t.Receipts, t.TotalReceived(), t.Voided, t.VoidedAt, t.Fees,
		t.DepositsTaken, t.DepositsRefunded, t.DepositsForfeited, s.Held, s.HeldAmount,
		s.Joined, s.Left, s.Overdue, s.Gaps(), lastImportText(s)}
}

// lastImportText describes the station's last import: 第5号 2026-11-30 10:00:00.
func lastImportText(s *StationMonth) string {
	if s.Last == nil {
		if s.Branch == "" || s.Branch == labelAll {
			return ""
		}
		return "未导入"
	}
	t := fmt.Sprintf("第%d号 %s", s.Last.Number, s.Last.ImportedAt)
	if s.Last.Gen > 1 {
		t = fmt.Sprintf("第%d代密钥 ", s.Last.Gen) + t
	}
	return t
}

var receiptHeader = []string{"网点", "站号", "开出（张）", "开出金额", "有效（张）", "有效金额", "作废（张）", "作废金额",
	"现金", "银行卡", "移动支付", "往月收据本月作废（张）", "往月收据本月作废金额"}

func receiptRow(b, st string, s *StationMonth) []any {
	n, amount := s.Issued()
	t := s.Totals
	return []any{b, st, n, amount, t.Receipts, t.TotalReceived(), t.Voided, t.VoidedAt,
		t.Received[forms.PayCash], t.Received[forms.PayCard], t.Received[forms.PayMobile],
		s.VoidedLater, s.VoidedLaterAmount}
}

var depositHeader = []string{"网点", "站号", "收取（笔）", "收取金额", "退还（笔）", "退还金额", "没收（笔）", "没收金额",
	"月末在押（笔）", "月末在押金额"}

func depositRow(b, st string, s *StationMonth) []any {
	t := s.Totals
	return []any{b, st, t.DepositsTakenCount, t.DepositsTaken, s.Refunds, t.DepositsRefunded, s.Forfeits, t.DepositsForfeited,
		s.Held, s.HeldAmount}
}

var memberHeader = []string{"网点", "站号", "入户", "迁出", "档案转出", "月末欠费会员"}

func memberRow(b, st string, s *StationMonth) []any {
	return []any{b, st, s.Joined, s.Left, s.ArchiveLeft, s.Overdue}
}

// caseTable lists each station's cases by service, then all branches'
// by service.
func caseTable(r *HQMonth) reportTable {
	t := reportTable{Name: sheetCases, Header: []string{"网点", "站号", "业务代码", "业务", "新建", "受理", "办结", "取消"}}
	add := func(b, st string, cs []CaseCount) {
		for _, c := range cs {
			t.Rows = append(t.Rows, []any{b, st, c.Service, c.Name, c.Opened, c.Accepted, c.Completed, c.Cancelled})
		}
	}
	for _, s := range r.Stations {
		add(s.Branch, stationText(s.Station), sortedCases(s.Cases))
	}
	add(labelAll, "", Sum(r.Stations).Cases)
	return t
}

// sortedCases returns the cases in service-code order.
func sortedCases(cs []CaseCount) []CaseCount {
	return Sum([]*StationMonth{{Cases: cs}}).Cases
}

// feeTable lists each station's fees by kind (forms.Totals.FeesByKind:
// the fee a line is for, deposits included), then all branches'.
func feeTable(r *HQMonth) reportTable {
	t := reportTable{Name: sheetFees, Header: []string{"网点", "站号", "收费项目", "类别", "笔数", "金额"}}
	add := func(b, st string, fs []forms.FeeSum) {
		for _, f := range fs {
			t.Rows = append(t.Rows, []any{b, st, f.Name, feeKindLabel(f.Kind), f.Count, f.Amount})
		}
	}
	for _, s := range r.Stations {
		add(s.Branch, stationText(s.Station), s.Totals.FeesByKind)
	}
	add(labelAll, "", Sum(r.Stations).Totals.FeesByKind)
	return t
}

// feeKindLabel names a receipt line's kind in Chinese.
func feeKindLabel(k forms.FeeKind) string {
	if k == forms.KindDeposit {
		return "保障金"
	}
	return "收费"
}

// gapTable lists each real station's export state per key generation:
// the highest number imported, the numbers missing below it, and the
// station's last import. A station never imported has one row saying so.
func gapTable(r *HQMonth) reportTable {
	t := reportTable{Name: sheetGaps, Header: []string{"网点", "站号", "密钥代", "已导入最高号", "缺号", "缺号个数",
		"最近一次导入号", "最近一次导入时间", "最近一次导入文件"}}
	for _, s := range r.Stations {
		t.Rows = append(t.Rows, gapRows(s)...)
	}
	return t
}

func gapRows(s *StationMonth) [][]any {
	var last []any
	if s.Last != nil {
		last = []any{s.Last.Number, s.Last.ImportedAt, s.Last.FileName}
	} else {
		last = []any{"", "未导入", ""}
	}
	if len(s.Exports) == 0 {
		return [][]any{append([]any{s.Branch, stationText(s.Station), "", "", "", 0}, last...)}
	}
	var out [][]any
	for _, e := range s.Exports {
		out = append(out, append([]any{s.Branch, stationText(s.Station), e.Gen, e.Highest, numberRanges(e.Missing), len(e.Missing)}, last...))
	}
	return out
}

// trainingTable lists the training stations with the summary's columns,
// never added to any total.
func trainingTable(r *HQMonth) reportTable {
	t := reportTable{Name: sheetTraining, Header: summaryHeader}
	for _, s := range r.Training {
		t.Rows = append(t.Rows, summaryRow(s.Branch, stationText(s.Station), s))
	}
	return t
}
