package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"counterdesk/forms"
)

// utf8BOM begins every CSV file so that Excel on Windows reads it as
// UTF-8 (without it, Chinese comes out garbled).
const utf8BOM = "\uFEFF"

// reportCSVName is the file name of a table's CSV: the month and the
// sheet's Chinese name, e.g. "2026-11-按站汇总.csv", so the files of
// several months can share a folder and sort by month.
func reportCSVName(year int, month int, table string) string {
	return fmt.Sprintf("%04d-%02d-%s.csv", year, month, table)
}

// writeReportCSV writes each table as one CSV file in dir (created when
// missing): UTF-8 with a BOM, the Chinese header first, money as yuan with
// two decimals and no ¥ sign or separators (1234.50, forms.Money.Plain),
// so Excel and scripts read it as a number. Each file is written under a
// temporary name and renamed, so a file never stands half-written. It
// returns the paths written.
func writeReportCSV(dir string, year, month int, tables []reportTable) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, forms.Errorf(forms.EINVALID, "无法建立 CSV 文件夹 %s：%v。请换一个可以写入的文件夹 (--csv)", dir, err)
	}
	var paths []string
	for _, t := range tables {
		path := filepath.Join(dir, reportCSVName(year, month, t.Name))
		if err := writeCSVFile(path, t); err != nil {
			return paths, forms.Errorf(forms.EINVALID, "无法写入 CSV 文件 %s：%v。请检查文件夹是否可写、文件是否在 Excel 中打开着 (--csv)", path, err)
		}
		paths = append(paths, path)
	}
	return paths, nil
}

// writeCSVFile writes one table as CSV to path (through writeFileAtomic).
func writeCSVFile(path string, t reportTable) error {
	return writeFileAtomic(path, func(out io.Writer) error {
		b := bufio.NewWriter(out)
		b.WriteString(utf8BOM)
		w := csv.NewWriter(b)
		w.UseCRLF = true // Excel's own line ends
		w.Write(t.Header)
		for _, row := range t.Rows {
			rec := make([]string, len(row))
			for i, v := range row {
				if m, ok := v.(forms.Money); ok {
					rec[i] = m.Plain()
				} else {
					rec[i] = fmt.Sprint(v)
				}
			}
			w.Write(rec)
		}
		w.Flush()
		if err := w.Error(); err != nil {
			return err
		}
		return b.Flush()
	})
}

// writeFileAtomic writes path through write under a temporary name, synced
// and renamed, so a report file never stands half-written; the temporary
// file is removed on any failure.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
