package main

import (
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"counterdesk/forms"
)

// reportMoneyFormat shows a money cell as ¥1,234.56. The cell holds the
// number of yuan written from the fen as text (forms.Money.Plain), so no
// amount passes through floating point on its way into the workbook.
const reportMoneyFormat = `"¥"#,##0.00`

// writeReportXLSX writes the report's tables (reportTables) as one
// workbook, one sheet per table in order, the Chinese header on row 1 and
// the rows below it: money cells numeric in yuan with the ¥ format, counts
// numeric, names text. Total rows (小计, 合计) are bold.
func writeReportXLSX(w io.Writer, tables []reportTable) error {
	f := excelize.NewFile()
	defer f.Close()
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E6E6E6"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	if err != nil {
		return fmt.Errorf("report workbook style: %w", err)
	}
	moneyFmt := reportMoneyFormat
	styles := map[bool][3]int{} // bold? → text, number, money
	for _, bold := range []bool{false, true} {
		var ids [3]int
		for i, st := range []excelize.Style{{}, {NumFmt: 1}, {CustomNumFmt: &moneyFmt}} {
			if bold {
				st.Font = &excelize.Font{Bold: true}
			}
			if ids[i], err = f.NewStyle(&st); err != nil {
				return fmt.Errorf("report workbook style: %w", err)
			}
		}
		styles[bold] = ids
	}
	for i, t := range tables {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", t.Name); err != nil {
				return fmt.Errorf("report workbook sheet %s: %w", t.Name, err)
			}
		} else if _, err := f.NewSheet(t.Name); err != nil {
			return fmt.Errorf("report workbook sheet %s: %w", t.Name, err)
		}
		if err := writeReportSheet(f, t, head, styles); err != nil {
			return fmt.Errorf("report workbook sheet %s: %w", t.Name, err)
		}
	}
	f.SetActiveSheet(0)
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write report workbook: %w", err)
	}
	return nil
}

func writeReportSheet(f *excelize.File, t reportTable, head int, styles map[bool][3]int) error {
	widths := make([]int, len(t.Header))
	for c, h := range t.Header {
		ref, _ := excelize.CoordinatesToCellName(c+1, 1)
		if err := f.SetCellStr(t.Name, ref, h); err != nil {
			return err
		}
		widths[c] = textWidth(h)
	}
	last, _ := excelize.CoordinatesToCellName(len(t.Header), 1)
	if err := f.SetCellStyle(t.Name, "A1", last, head); err != nil {
		return err
	}
	for r, row := range t.Rows {
		bold := isTotalRow(row)
		for c, v := range row {
			ref, _ := excelize.CoordinatesToCellName(c+1, r+2)
			style := styles[bold][0]
			var err error
			switch x := v.(type) {
			case forms.Money:
				err = f.SetCellDefault(t.Name, ref, x.Plain())
				style = styles[bold][2]
				widths[c] = max(widths[c], len(x.String()))
			case int:
				err = f.SetCellInt(t.Name, ref, int64(x))
				style = styles[bold][1]
			case int64:
				err = f.SetCellInt(t.Name, ref, x)
				style = styles[bold][1]
			default:
				s := fmt.Sprint(v)
				err = f.SetCellStr(t.Name, ref, s)
				widths[c] = max(widths[c], textWidth(s))
			}
			if err != nil {
				return err
			}
			if err := f.SetCellStyle(t.Name, ref, ref, style); err != nil {
				return err
			}
		}
	}
	if t.Note != "" {
		ref, _ := excelize.CoordinatesToCellName(1, len(t.Rows)+3)
		if err := f.SetCellStr(t.Name, ref, t.Note); err != nil {
			return err
		}
	}
	for c, w := range widths {
		col, _ := excelize.ColumnNumberToName(c + 1)
		if err := f.SetColWidth(t.Name, col, col, float64(min(max(w+2, 8), 60))); err != nil {
			return err
		}
	}
	return f.SetPanes(t.Name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// isTotalRow reports whether a row is a subtotal or the total (its first
// cell is a 小计 or 合计 label).
func isTotalRow(row []any) bool {
	s, _ := row[0].(string)
	return s == labelAll || (len(s) > len("小计") && s[len(s)-len("小计"):] == "小计")
}

// textWidth is a column width for s: a Chinese character counts two.
func textWidth(s string) int {
	w := 0
	for _, r := range s {
		if utf8.RuneLen(r) > 1 {
			w += 2
		} else {
			w++
		}
	}
	return w
}
