package store

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"counterdesk/forms"
)

// readBook opens a written workbook and returns a sheet's rows as stored
// (numbers unformatted).
func readBook(t *testing.T, path string) (*excelize.File, map[string][][]string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("open workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	sheets := map[string][][]string{}
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		sheets[name] = rows
	}
	return f, sheets
}

// fen reads a cell written as yuan back as Money.
func fen(t *testing.T, s string) forms.Money {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("cell %q is not a number: %v", s, err)
	}
	return forms.Money(math.Round(v * 100))
}

func TestWriteMonthWorkbook(t *testing.T) {
	ctx := context.Background()
	f := newMonthFixture(t)
	r, err := f.db.MonthReport(ctx, 2026, time.October)
	must(t, err)
	var buf bytes.Buffer
	must(t, f.db.WriteMonthWorkbook(&buf, r))
	path := filepath.Join(t.TempDir(), "财务 月报", r.FileStem()+".xlsx")
	must(t, os.MkdirAll(filepath.Dir(path), 0o755))
	must(t, os.WriteFile(path, buf.Bytes(), 0o600))
	book, sheets := readBook(t, path)

	if got := book.GetSheetList(); !reflect.DeepEqual(got, []string{SheetMonthDays, SheetMonthHeld}) {
		t.Fatalf("sheets %v", got)
	}

	days := sheets[SheetMonthDays]
	head := MonthDayHeaders(r)
	if !reflect.DeepEqual(days[bookHeadRow-1], head) {
		t.Fatalf("日汇总 header %v, want %v", days[bookHeadRow-1], head)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	if len(days) != bookHeadRow+31+1 {
		t.Fatalf("日汇总 has %d rows, want title, note, header, 31 days and 合计", len(days))
	}
	dayRow := func(n int) []string { return days[bookDataRow-1+n-1] }
	total := days[len(days)-1]
	if total[0] != "合计" {
		t.Fatalf("last row %v, want 合计", total)
	}
	// Every figure of every day is the report's, and every column of the
	// 合计 row is the sum of the days above it and the month's total.
	want := func(t *forms.Totals) map[string]forms.Money {
		return map[string]forms.Money{
			"收费金额": t.Fees, "收取保障金": t.DepositsTaken,
			"现金收款": t.Received[forms.PayCash], "银行卡收款": t.Received[forms.PayCard], "移动支付收款": t.Received[forms.PayMobile],
			"收款合计": t.TotalReceived(), "退还保障金": t.DepositsRefunded,
			"现金退款": t.Refunded[forms.PayCash], "银行卡退款": t.Refunded[forms.PayCard], "移动支付退款": t.Refunded[forms.PayMobile],
			"没收保障金": t.DepositsForfeited, "作废保障金": t.DepositsVoided, "应有现金": t.Cash(),
		}
	}
	sums := map[string]forms.Money{}
	for n := 1; n <= 31; n++ {
		row := dayRow(n)
		d := &r.Days[n-1]
		if row[0] != forms.FormatDate(d.Day) {
			t.Errorf("row %d is dated %q", n, row[0])
		}
		for h, m := range want(&d.Totals) {
			got := fen(t, row[col[h]])
			if got != m {
				t.Errorf("%s %s = %s, want %s", row[0], h, got, m)
			}
			sums[h] += got
		}
		if got, _ := strconv.Atoi(row[col["收据张数"]]); got != d.Totals.Receipts {
			t.Errorf("%s 收据张数 %d, want %d", row[0], got, d.Totals.Receipts)
		}
		checked := row[col["日结核对"]]
		if d.Checked != (checked != "未核对") {
			t.Errorf("%s 日结核对 %q", row[0], checked)
		}
	}
	for h, m := range want(&r.Totals) {
		got := fen(t, total[col[h]])
		if got != m || got != sums[h] {
			t.Errorf("合计 %s = %s, want the month's %s and the days' sum %s", h, got, m, sums[h])
		}
	}
	if got := fen(t, total[col["应有现金"]]); got != 120000 {
		t.Errorf("合计 应有现金 %s, want ¥1,200.00", got)
	}
	if got := dayRow(5)[col["日结核对"]]; got != "已核对（"+supName+" 2026-10-06 09:00）" {
		t.Errorf("10-05 日结核对 %q", got)
	}
	if got, _ := strconv.Atoi(total[col["作废张数"]]); got != 1 {
		t.Errorf("合计 作废张数 %d, want 1", got)
	}
	// Amounts are numbers shown with two decimals, not text.
	cell, _ := excelize.CoordinatesToCellName(col["现金收款"]+1, bookDataRow+4)
	if typ, err := book.GetCellType(SheetMonthDays, cell); err != nil || (typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset) {
		t.Errorf("%s is of type %v (%v), want a number", cell, typ, err)
	}
	if shown, _ := book.GetCellValue(SheetMonthDays, cell); shown != "1,200.00" {
		t.Errorf("%s shows %q, want 1,200.00", cell, shown)
	}

	held := sheets[SheetMonthHeld]
	if !reflect.DeepEqual(held[bookHeadRow-1], MonthHeldHeaders) {
		t.Fatalf("在押保障金 header %v", held[bookHeadRow-1])
	}
	if len(held) != bookHeadRow+len(r.Held)+1 {
		t.Fatalf("在押保障金 has %d rows, want %d deposits and 合计", len(held)-bookHeadRow, len(r.Held))
	}
	var sum forms.Money
	for i, d := range r.Held {
		row := held[bookDataRow-1+i]
		wantRow := []string{strconv.Itoa(i + 1), d.ReceiptNumber, d.CustomerName, forms.MaskID(d.CustomerIDNo),
			forms.FormatDate(d.TakenAt), forms.FormatDate(d.ReturnDue), strconv.Itoa(r.DaysHeld(&d))}
		if !reflect.DeepEqual(row[:7], wantRow) {
			t.Errorf("held row %d = %v, want %v", i+1, row[:7], wantRow)
		}
		got := fen(t, row[7])
		if got != d.Amount {
			t.Errorf("held row %d amount %s, want %s", i+1, got, d.Amount)
		}
		sum += got
	}
	if held[bookDataRow-1][9] != "是" || held[bookDataRow][9] != "否" {
		t.Errorf("纸质补录 column: %q, %q", held[bookDataRow-1][9], held[bookDataRow][9])
	}
	last := held[len(held)-1]
	if last[0] != "合计" || last[1] != "共 3 笔" || fen(t, last[7]) != sum || sum != r.HeldTotal || sum != 180000 {
		t.Errorf("在押保障金 合计 row %v, want 共 3 笔 and %s", last, r.HeldTotal)
	}
	if !bytes.Contains([]byte(held[0][0]), []byte("截至 2026-10-31")) {
		t.Errorf("title %q", held[0][0])
	}
}

// A month without any receipt still has a row per day (all zero) and an
// empty held list with its 合计 row.
func TestWriteMonthWorkbook_Empty(t *testing.T) {
	r, err := forms.NewMonthReport(forms.Station{BranchCode: "QB", Number: 1, BranchName: "青白江人才服务中心"}, 2024, time.February, testStart)
	must(t, err)
	r.Finish()
	path := filepath.Join(t.TempDir(), "空 月报.xlsx")
	var buf bytes.Buffer
	must(t, WriteMonthWorkbook(&buf, r))
	must(t, os.WriteFile(path, buf.Bytes(), 0o600))
	_, sheets := readBook(t, path)
	days := sheets[SheetMonthDays]
	if len(days) != bookHeadRow+29+1 {
		t.Fatalf("leap February has %d rows", len(days)-bookHeadRow)
	}
	if days[bookDataRow-1+28][0] != "2024-02-29" {
		t.Errorf("last day row %v", days[bookDataRow-1+28])
	}
	for _, row := range days[bookDataRow-1:] {
		for _, c := range row[1 : len(row)-1] {
			if v, err := strconv.ParseFloat(c, 64); err != nil || v != 0 {
				t.Fatalf("row %v has %q, want 0", row, c)
			}
		}
	}
	held := sheets[SheetMonthHeld]
	if len(held) != bookHeadRow+1 || held[bookDataRow-1][1] != "共 0 笔" {
		t.Errorf("empty held sheet %v", held)
	}
}

// A training station's workbook says so in every sheet's title and in
// its file name.
func TestWriteMonthWorkbook_Training(t *testing.T) {
	st := forms.Station{BranchCode: "XL", Number: 1, BranchName: "演示人才服务中心", Training: true}
	r, err := forms.NewMonthReport(st, 2026, time.October, testStart)
	must(t, err)
	r.Finish()
	if got := r.FileStem(); got != "练习_月报_XL01_2026-10" {
		t.Errorf("FileStem() = %q", got)
	}
	path := filepath.Join(t.TempDir(), r.FileStem()+".xlsx")
	var buf bytes.Buffer
	must(t, WriteMonthWorkbook(&buf, r))
	must(t, os.WriteFile(path, buf.Bytes(), 0o600))
	_, sheets := readBook(t, path)
	for _, name := range []string{SheetMonthDays, SheetMonthHeld} {
		if title := sheets[name][0][0]; !strings.HasPrefix(title, "【练习站点 · 不是正式报表】") {
			t.Errorf("%s title %q", name, title)
		}
	}
	r.Station.Training = false
	buf.Reset()
	must(t, WriteMonthWorkbook(&buf, r))
	must(t, os.WriteFile(path, buf.Bytes(), 0o600))
	if _, sheets := readBook(t, path); strings.Contains(sheets[SheetMonthDays][0][0], "练习") {
		t.Errorf("a real station's title %q", sheets[SheetMonthDays][0][0])
	}
}
