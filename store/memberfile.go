package store

// The member-list files a branch brings from its old records: Excel
// workbooks (.xlsx) and CSV files as Excel on a Chinese Windows writes
// them. Reading them is the store's business because the file formats of
// what comes in and goes out are; what a row means is forms'.

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"counterdesk/forms"
)

// maxMemberFile is the largest member file read, in bytes: far more than
// any branch's member list, small enough to hold in memory.
const maxMemberFile = 64 << 20

// The encodings a CSV member file is read in, as the import screen names
// them.
const (
	EncUTF8BOM = "UTF-8（带BOM）"
	EncUTF8    = "UTF-8"
	EncGBK     = "GBK（简体中文Windows默认）"
	EncGB18030 = "GB18030"
	EncUTF16   = "UTF-16（Unicode文本）"
)

// ReadMemberFile reads a member list for import; see the package function
// ReadMemberFile. It touches no database.
func (db *DB) ReadMemberFile(name string, r io.Reader, sheet string) (*forms.MemberSheet, error) {
	return ReadMemberFile(name, r, sheet)
}

// ReadMemberFile reads a member list from an Excel workbook (.xlsx) or a
// CSV file; name is the file's name, whose extension tells which. Of a
// workbook it reads the worksheet named sheet, or when sheet is "" the
// active one (or, if that is empty, the first that has data), with date
// cells as their serial numbers and number cells marked as such, so that an
// ID number Excel turned into a number is recognised. A CSV file may be
// UTF-8 with or without a byte-order mark, UTF-16 with one (Excel's
// "Unicode text"), or GBK/GB18030 (CP936, what Excel writes on a Chinese
// Windows); the encoding is detected and recorded, as is the delimiter
// (comma, tab or semicolon). A file that cannot be read is refused with an
// EINVALID error that says what to do.
func ReadMemberFile(name string, r io.Reader, sheet string) (*forms.MemberSheet, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxMemberFile+1))
	if err != nil {
		return nil, forms.Errorf(forms.EINVALID, "无法读取文件“%s”：%v", filepath.Base(name), err)
	}
	base := filepath.Base(name)
	if len(data) > maxMemberFile {
		return nil, forms.Errorf(forms.EINVALID, "文件“%s”超过 %d MB，不像是成员名单，请检查是否选错了文件", base, maxMemberFile>>20)
	}
	if len(data) == 0 {
		return nil, forms.Errorf(forms.EINVALID, "文件“%s”是空的", base)
	}
	var s *forms.MemberSheet
	switch ext := strings.ToLower(filepath.Ext(name)); ext {
	case ".xlsx", ".xlsm":
		s, err = readXLSX(base, data, sheet)
	case ".csv", ".txt":
		s, err = readCSV(data)
	case ".xls", ".et", ".wps":
		return nil, forms.Errorf(forms.EINVALID, "“%s”是旧版Excel（.xls）或WPS格式，无法直接读取：请在Excel或WPS中“另存为”Excel工作簿（.xlsx）或CSV文件后再导入", base)
	default:
		return nil, forms.Errorf(forms.EINVALID, "只能导入Excel工作簿（.xlsx）或CSV文件，“%s”不是", base)
	}
	if err != nil {
		return nil, err
	}
	s.FileName = base
	if len(s.Rows) == 0 {
		return nil, forms.Errorf(forms.EINVALID, "文件“%s”中除标题行外没有数据", base)
	}
	return s, nil
}

// readXLSX reads one worksheet of a workbook.
func readXLSX(base string, data []byte, sheet string) (*forms.MemberSheet, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		if errors.Is(err, excelize.ErrWorkbookPassword) || errors.Is(err, excelize.ErrUnsupportedEncryptMechanism) ||
			errors.Is(err, excelize.ErrUnknownEncryptMechanism) {
			return nil, forms.Errorf(forms.EINVALID, "“%s”设置了打开密码：请在Excel中取消密码后另存，再导入", base)
		}
		return nil, forms.Errorf(forms.EINVALID, "“%s”不是有效的Excel工作簿（.xlsx），可能已损坏：请在Excel中打开后另存为.xlsx再导入", base)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if sheet == "" {
		sheet = f.GetSheetName(f.GetActiveSheetIndex())
		if rows, _ := f.GetRows(sheet); len(rows) == 0 {
			for _, name := range sheets {
				if rows, _ := f.GetRows(name); len(rows) > 0 {
					sheet = name
					break
				}
			}
		}
	}
	raw, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, forms.Errorf(forms.EINVALID, "“%s”中没有名为“%s”的工作表", base, sheet)
	}
	rows := make([]forms.MemberRow, 0, len(raw))
	for i, cells := range raw {
		row := forms.MemberRow{Line: i + 1, Cells: cells}
		for j, v := range cells {
			if !looksNumeric(v) {
				continue
			}
			cell, err := excelize.CoordinatesToCellName(j+1, i+1)
			if err != nil {
				continue
			}
			if t, err := f.GetCellType(sheet, cell); err == nil && (t == excelize.CellTypeNumber || t == excelize.CellTypeUnset) {
				if row.Numeric == nil {
					row.Numeric = make([]bool, len(cells))
				}
				row.Numeric[j] = true
			}
		}
		rows = append(rows, row)
	}
	s := forms.NewMemberSheet(rows)
	s.Format, s.Sheet, s.Sheets = "xlsx", sheet, sheets
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		s.Date1904 = *props.Date1904
	}
	return s, nil
}

// looksNumeric reports whether a raw cell value could be a number cell's:
// digits, a point, an exponent.
func looksNumeric(v string) bool {
	if v == "" {
		return false
	}
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= '0' && c <= '9', c == '.', c == 'E', c == 'e', c == '+', c == '-':
		default:
			return false
		}
	}
	return true
}

// readCSV detects the encoding and delimiter of a CSV file and reads it.
func readCSV(data []byte) (*forms.MemberSheet, error) {
	text, enc, err := decodeCSV(data)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = csvDelimiter(text)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var rows []forms.MemberRow
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, forms.Errorf(forms.EINVALID, "CSV文件第%d行格式有误（%v），请在Excel中打开后重新另存为CSV", pe.Line, pe.Err)
			}
			return nil, fmt.Errorf("read csv: %w", err)
		}
		line, _ := r.FieldPos(0)
		rows = append(rows, forms.MemberRow{Line: line, Cells: rec})
		if len(rows) > forms.MaxImportRows+headerSlack {
			break // PlanMemberImport refuses the file with the count
		}
	}
	s := forms.NewMemberSheet(rows)
	s.Format, s.Encoding = "csv", enc
	return s, nil
}

// headerSlack is the room for title rows above the header when a file is
// cut off at forms.MaxImportRows.
const headerSlack = 20

// decodeCSV returns a CSV file's text and the name of its encoding: UTF-8
// after a byte-order mark, UTF-16 after one, UTF-8 when the bytes are valid
// UTF-8, and otherwise GB18030, the superset of GBK (CP936) that Excel
// writes on a Chinese Windows. The file is named GB18030 when it has one of
// the four-byte sequences GBK lacks (a rare name character), GBK otherwise.
func decodeCSV(data []byte) (string, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		if !utf8.Valid(data[3:]) {
			// Found by FuzzReadMemberFile: such bytes went on as names.
			return "", "", forms.Errorf(forms.EINVALID, "文件开头标明是UTF-8编码，但其中有不是UTF-8的字节（文件可能已损坏或被其他程序改过）："+
				"请在Excel中打开后另存为“CSV UTF-8（逗号分隔）”再导入")
		}
		return string(data[3:]), EncUTF8BOM, nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil {
			return "", "", forms.Errorf(forms.EINVALID, "文件的UTF-16编码有误，请在Excel中另存为“CSV UTF-8”后再导入")
		}
		return string(out), EncUTF16, nil
	case utf8.Valid(data):
		return string(data), EncUTF8, nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		return "", "", forms.Errorf(forms.EINVALID, "无法识别文件的文字编码：请在Excel中另存为“CSV UTF-8（逗号分隔）”后再导入")
	}
	if hasGB18030FourByte(data) {
		return string(out), EncGB18030, nil
	}
	return string(out), EncGBK, nil
}

// hasGB18030FourByte reports whether GB18030 bytes use a four-byte
// sequence: a lead byte 0x81–0xFE followed by a digit 0x30–0x39.
func hasGB18030FourByte(data []byte) bool {
	for i := 0; i < len(data); {
		b := data[i]
		switch {
		case b < 0x80:
			i++
		case i+1 < len(data) && data[i+1] >= 0x30 && data[i+1] <= 0x39:
			return true
		default:
			i += 2
		}
	}
	return false
}

// csvDelimiter guesses the delimiter from the first line: the most frequent
// of comma, tab and semicolon outside quotes, comma when none occurs.
func csvDelimiter(text string) rune {
	line, _, _ := strings.Cut(text, "\n")
	counts := map[rune]int{}
	quoted := false
	for _, r := range line {
		switch r {
		case '"':
			quoted = !quoted
		case ',', '\t', ';':
			if !quoted {
				counts[r]++
			}
		}
	}
	best := ','
	for _, r := range []rune{'\t', ';'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}
