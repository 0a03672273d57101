package store

import (
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"counterdesk/forms"
)

// Sheet names of the month workbook.
const (
	SheetMonthDays = "日汇总"
	SheetMonthHeld = "在押保障金"
)

// monthColumn is one column of the 日汇总 sheet: its header, its width in
// characters, and its value for a day or the month. An amount is returned
// as forms.Money and written as a number of yuan.
type monthColumn struct {
	title string
	width float64
	value func(t *forms.Totals) any
}

// monthColumns returns the columns of the 日汇总 sheet after 日期: counts,
// fees and deposits taken, what came in by each payment method the month
// has (cash, bank card, mobile payment and any other found), refunds by
// method, forfeits and voids, and the cash that should have been in the
// drawer. Every figure is the day-end report's (forms.Totals), never
// computed again here.
func monthColumns(methods []forms.PaymentMethod) []monthColumn {
	cols := []monthColumn{
		{"收据张数", 9, func(t *forms.Totals) any { return t.Receipts }},
		{"作废张数", 9, func(t *forms.Totals) any { return t.Voided }},
		{"收费金额", 13, func(t *forms.Totals) any { return t.Fees }},
		{"收取保障金", 13, func(t *forms.Totals) any { return t.DepositsTaken }},
	}
	for _, m := range methods {
		cols = append(cols, monthColumn{m.Label() + "收款", 13, func(t *forms.Totals) any { return t.Received[m] }})
	}
	cols = append(cols,
		monthColumn{"收款合计", 14, func(t *forms.Totals) any { return t.TotalReceived() }},
		monthColumn{"退还保障金", 13, func(t *forms.Totals) any { return t.DepositsRefunded }})
	for _, m := range methods {
		cols = append(cols, monthColumn{m.Label() + "退款", 13, func(t *forms.Totals) any { return t.Refunded[m] }})
	}
	cols = append(cols,
		monthColumn{"没收保障金", 13, func(t *forms.Totals) any { return t.DepositsForfeited }},
		monthColumn{"作废保障金", 13, func(t *forms.Totals) any { return t.DepositsVoided }},
		monthColumn{"应有现金", 14, func(t *forms.Totals) any { return t.Cash() }})
	return cols
}

// MonthDayHeaders returns the headers of the 日汇总 sheet, in order, for a
// report: 日期, the figures (monthColumns) and 日结核对.
func MonthDayHeaders(r *forms.MonthReport) []string {
	out := []string{"日期"}
	for _, c := range monthColumns(r.Totals.Methods()) {
		out = append(out, c.title)
	}
	return append(out, "日结核对")
}

// MonthHeldHeaders are the headers of the 在押保障金 sheet.
var MonthHeldHeaders = []string{"序号", "收据号", "姓名", "身份证号码", "收取日期", "应还日期", "在押天数", "金额", "收款方式", "纸质补录"}

// WriteMonthWorkbook writes the month report as an .xlsx workbook to w,
// for finance: the sheet 日汇总 (one row per day with the day-end report's
// totals, a 合计 row with the month's, and whether a supervisor checked
// each day) and the sheet 在押保障金 (the deposits held at the end of the
// month, oldest first, with days outstanding, and a 合计 row). Amounts are
// numbers in yuan shown with two decimals, so finance can add them up;
// ID numbers are masked as on the printed list. Rows are streamed, so a
// station with thousands of deposits held writes in well under a second.
func WriteMonthWorkbook(w io.Writer, r *forms.MonthReport) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newBookStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", SheetMonthDays); err != nil {
		return fmt.Errorf("month workbook: %w", err)
	}
	if err := writeMonthDays(f, st, r); err != nil {
		return fmt.Errorf("month workbook %s: %w", SheetMonthDays, err)
	}
	if _, err := f.NewSheet(SheetMonthHeld); err != nil {
		return fmt.Errorf("month workbook: %w", err)
	}
	if err := writeMonthHeld(f, st, r); err != nil {
		return fmt.Errorf("month workbook %s: %w", SheetMonthHeld, err)
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: r.Station.BranchName + " " + r.Label() + "月报",
		Creator: "Counter Desk", Created: r.MadeAt.UTC().Format("2006-01-02T15:04:05Z")}); err != nil {
		return fmt.Errorf("month workbook: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write month workbook: %w", err)
	}
	return nil
}

// WriteMonthWorkbook writes the report's workbook (see the package
// function); a method so the screens reach it through their store.
func (db *DB) WriteMonthWorkbook(w io.Writer, r *forms.MonthReport) error {
	return WriteMonthWorkbook(w, r)
}

// bookStyles are the cell styles of the workbook.
type bookStyles struct {
	title, head, text, num, money, totText, totNum, totMoney int
}

func newBookStyles(f *excelize.File) (bookStyles, error) {
	var s bookStyles
	border := []excelize.Border{{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1},
		{Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1}}
	grey := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E6E6E6"}}
	moneyFmt := "#,##0.00"
	for _, x := range []struct {
		id    *int
		style excelize.Style
	}{
		{&s.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&s.head, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: grey, Border: border,
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&s.text, excelize.Style{Border: border}},
		{&s.num, excelize.Style{Border: border, NumFmt: 1}},
		{&s.money, excelize.Style{Border: border, CustomNumFmt: &moneyFmt}},
		{&s.totText, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: grey, Border: border}},
		{&s.totNum, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: grey, Border: border, NumFmt: 1}},
		{&s.totMoney, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: grey, Border: border, CustomNumFmt: &moneyFmt}},
	} {
		id, err := f.NewStyle(&x.style)
		if err != nil {
			return s, fmt.Errorf("month workbook style: %w", err)
		}
		*x.id = id
	}
	return s, nil
}

// yuan returns an amount as a number of yuan for a cell: ¥1,005.30 is
// 1005.3. Money is exact to the fen below 2^53 fen, far above MaxMoney.
func yuan(m forms.Money) float64 { return float64(m) / 100 }

// cell returns v as a styled cell: Money as yuan in the money style, ints
// in the number style, anything else as text.
func cell(v any, st bookStyles, total bool) excelize.Cell {
	switch x := v.(type) {
	case forms.Money:
		if total {
			return excelize.Cell{StyleID: st.totMoney, Value: yuan(x)}
		}
		return excelize.Cell{StyleID: st.money, Value: yuan(x)}
	case int:
		if total {
			return excelize.Cell{StyleID: st.totNum, Value: x}
		}
		return excelize.Cell{StyleID: st.num, Value: x}
	}
	if total {
		return excelize.Cell{StyleID: st.totText, Value: v}
	}
	return excelize.Cell{StyleID: st.text, Value: v}
}

// Row numbers of the sheets (1-based): a title, a line saying what the
// sheet shows, the header, then the data.
const (
	bookTitleRow = 1
	bookNoteRow  = 2
	bookHeadRow  = 3
	bookDataRow  = 4
)

// trainingMark begins the sheets' titles of a training station's
// workbook, as 练习 marks everything it prints: finance must never take
// it for a real month.
func trainingMark(r *forms.MonthReport) string {
	if r.Station.Training {
		return "【练习站点 · 不是正式报表】"
	}
	return ""
}

// checkedText says whether and by whom a day was checked.
func checkedText(d *forms.MonthDay) string {
	if !d.Checked {
		return "未核对"
	}
	return "已核对（" + d.CheckedBy + " " + d.CheckedAt.Local().Format("2006-01-02 15:04") + "）"
}

func writeMonthDays(f *excelize.File, st bookStyles, r *forms.MonthReport) error {
	sw, err := f.NewStreamWriter(SheetMonthDays)
	if err != nil {
		return err
	}
	cols := monthColumns(r.Totals.Methods())
	last := len(cols) + 2
	if err := sw.SetColWidth(1, 1, 12); err != nil {
		return err
	}
	for i, c := range cols {
		if err := sw.SetColWidth(i+2, i+2, c.width); err != nil {
			return err
		}
	}
	if err := sw.SetColWidth(last, last, 30); err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: bookHeadRow, TopLeftCell: "A" + strconv.Itoa(bookDataRow), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	title := trainingMark(r) + r.Station.BranchName + " " + r.Station.Code() + " " + r.Label() + " 日汇总"
	if err := sw.SetRow("A"+strconv.Itoa(bookTitleRow), []any{excelize.Cell{StyleID: st.title, Value: title}}); err != nil {
		return err
	}
	note := "金额单位：元。每日数字与当日日结相同；应有现金 = 现金收款 − 现金退款。制表时间：" + r.MadeAt.Local().Format("2006-01-02 15:04")
	if r.Running() {
		note += "。本月尚未结束，统计至 " + forms.FormatDate(r.AsOf)
	}
	if err := sw.SetRow("A"+strconv.Itoa(bookNoteRow), []any{note}); err != nil {
		return err
	}
	head := []any{}
	for _, h := range MonthDayHeaders(r) {
		head = append(head, excelize.Cell{StyleID: st.head, Value: h})
	}
	if err := sw.SetRow("A"+strconv.Itoa(bookHeadRow), head, excelize.RowOpts{Height: 30}); err != nil {
		return err
	}
	row := bookDataRow
	for i := range r.Days {
		d := &r.Days[i]
		vals := []any{cell(forms.FormatDate(d.Day), st, false)}
		for _, c := range cols {
			vals = append(vals, cell(c.value(&d.Totals), st, false))
		}
		vals = append(vals, cell(checkedText(d), st, false))
		if err := sw.SetRow("A"+strconv.Itoa(row), vals); err != nil {
			return err
		}
		row++
	}
	vals := []any{cell("合计", st, true)}
	for _, c := range cols {
		vals = append(vals, cell(c.value(&r.Totals), st, true))
	}
	vals = append(vals, cell(fmt.Sprintf("已核对 %d 天，共 %d 天", r.CheckedDays(), len(r.Days)), st, true))
	if err := sw.SetRow("A"+strconv.Itoa(row), vals); err != nil {
		return err
	}
	return sw.Flush()
}

func writeMonthHeld(f *excelize.File, st bookStyles, r *forms.MonthReport) error {
	sw, err := f.NewStreamWriter(SheetMonthHeld)
	if err != nil {
		return err
	}
	for i, w := range []float64{6, 20, 14, 22, 12, 12, 10, 13, 10, 10} {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: bookHeadRow, TopLeftCell: "A" + strconv.Itoa(bookDataRow), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	title := trainingMark(r) + r.Station.BranchName + " " + r.Station.Code() + " 在押保障金清单（截至 " + forms.FormatDate(r.AsOf) + "）"
	if err := sw.SetRow("A"+strconv.Itoa(bookTitleRow), []any{excelize.Cell{StyleID: st.title, Value: title}}); err != nil {
		return err
	}
	note := "金额单位：元。截至 " + forms.FormatDate(r.AsOf) + " 已收取、尚未退还或没收的保障金（作废的不计），按收取时间从早到晚；纸质收据补录的一并列入。"
	if err := sw.SetRow("A"+strconv.Itoa(bookNoteRow), []any{note}); err != nil {
		return err
	}
	head := []any{}
	for _, h := range MonthHeldHeaders {
		head = append(head, excelize.Cell{StyleID: st.head, Value: h})
	}
	if err := sw.SetRow("A"+strconv.Itoa(bookHeadRow), head); err != nil {
		return err
	}
	row := bookDataRow
	for i := range r.Held {
		d := &r.Held[i]
		legacy := "否"
		if d.Legacy {
			legacy = "是"
		}
		vals := []any{
			cell(i+1, st, false), cell(d.ReceiptNumber, st, false), cell(d.CustomerName, st, false),
			cell(forms.MaskID(d.CustomerIDNo), st, false), cell(forms.FormatDate(d.TakenAt), st, false),
			cell(forms.FormatDate(d.ReturnDue), st, false), cell(r.DaysHeld(d), st, false),
			cell(d.Amount, st, false), cell(d.Method.Label(), st, false), cell(legacy, st, false),
		}
		if err := sw.SetRow("A"+strconv.Itoa(row), vals); err != nil {
			return err
		}
		row++
	}
	vals := []any{cell("合计", st, true), cell(fmt.Sprintf("共 %d 笔", r.HeldCount), st, true)}
	for range 5 {
		vals = append(vals, cell("", st, true))
	}
	vals = append(vals, cell(r.HeldTotal, st, true), cell("", st, true), cell("", st, true))
	if err := sw.SetRow("A"+strconv.Itoa(row), vals); err != nil {
		return err
	}
	return sw.Flush()
}
