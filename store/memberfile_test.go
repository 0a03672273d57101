package store

import (
	"bytes"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"counterdesk/forms"
)

// updateMemberFiles regenerates the member files in testdata:
// go test ./store -run TestMemberFiles_UpToDate -update-member-files
var updateMemberFiles = flag.Bool("update-member-files", false, "rewrite the member import files in testdata")

// memberFileHeader is the header row of the test member lists, as a branch's
// own sheet has it: more columns than the import reads.
var memberFileHeader = []string{"序号", "姓名", "性别", "身份证号码", "手机号码", "入户日期", "人才储备费缴至", "档案保管费缴至", "备注"}

// rareName is a member's name with a character outside GBK (U+2C029, CJK
// Extension E, in the 通用规范汉字表), which only GB18030 and UTF-8 can
// write; the GBK file has rareNameGBK in its place.
const (
	rareName    = "孙𬀩"
	rareNameGBK = "孙丽"
)

// memberFileRows are the data rows of the test member lists, as Excel on a
// Chinese Windows writes them to CSV, with a deliberate error of every kind
// the import must explain. memberRowWant says what the import makes of
// each.
var memberFileRows = [][]string{
	{"1", "王芳", "女", "510113199203150024", "13880001234", "2019/3/5", "2026/12/31", "2026/12/31", ""},
	{"2", "李强", "男", "510104198807260311", "138 8000 2345", "2019-03-05", "2025/6/30", "", ""},
	{"3", "张伟", "男", "3.30106E+17", "13880003456", "2018/9/1", "2026/8/31", "2026/8/31", "身份证号码被Excel改成了数字"},
	{"4", "刘洋", "男", "51010819910523109", "13880004567", "2020/1/15", "2026/1/14", "2026/1/14", "最后的X丢了"},
	{"5", "陈静", "女", "510113199308080158", "13880005678", "2017/11/20", "2025/11/19", "2025/11/19", "校验位错"},
	{"6", "王芳", "女", "510113199203150024", "13880001234", "2019/3/5", "2026/12/31", "2026/12/31", "重复录入"},
	{"7", "赵敏", "女", "510107198504120468", "13990002222", "2016/5/10", "2026/5/9", "2026/5/9", "已是客户"},
	{"8", "黄磊", "男", "51012219870214072X", "13880008901", "2019/2/30", "2026/2/28", "2026/2/28", "日期错"},
	{"9", "周杰", "男", "510113199511200337", "", "2021.6.1", "2026/5/31", "", "没有手机"},
	{"10", "吴敏", "女", "510108199606180243", "+86 139-0000-1010", "2020年7月1日", "43830", "2026/6/30", ""},
	{"11", rareName, "男", "51011219890909051X", "13880001111", "43529", "2026/3/4", "2026/3/4", "生僻字"},
}

// existingMember is the customer already on record as row 7 of the files,
// with an older mobile and no paid-through dates.
func existingMember() *forms.Customer {
	return &forms.Customer{Name: "赵敏", IDNumber: "510107198504120468", Mobile: "13990001111", Member: true,
		MemberSince: time.Date(2016, 5, 10, 0, 0, 0, 0, time.Local)}
}

// memberRowWant is what an import makes of the test rows, by their 序号, with
// the substrings the reason must have. Line numbers in reasons are written
// as {line N} with N the 序号 and replaced per file.
type memberRowWant struct {
	status forms.MemberImportStatus
	reason []string
}

var memberRowWants = map[int]memberRowWant{
	1:  {forms.ImportNew, nil},
	2:  {forms.ImportNew, nil},
	3:  {forms.ImportRefused, []string{"被Excel存成了数字", "最后几位已经丢失", "“文本”格式", "单引号"}},
	4:  {forms.ImportRefused, []string{"只有17位", "最后一位应是字母X", "丢失", "补上X"}},
	5:  {forms.ImportRefused, []string{"校验位不正确"}},
	6:  {forms.ImportRefused, []string{"与第{line 1}行的身份证号码相同", "重复"}},
	7:  {forms.ImportUnchanged, []string{"手机号码、人才储备费缴至、档案保管费缴至", "已有客户时更新其资料"}},
	8:  {forms.ImportRefused, []string{"入户日期", "2019/2/30", "不存在"}},
	9:  {forms.ImportRefused, []string{"没有手机号码", "补上"}},
	10: {forms.ImportNew, nil},
	11: {forms.ImportNew, nil},
}

// memberFile is one test file and how it should read.
type memberFile struct {
	name      string
	encoding  string
	firstLine int // the line of row 序号 1
	rareName  string
}

var memberFiles = []memberFile{
	{"members.xlsx", "", 3, rareName},
	{"members-gbk.csv", EncGBK, 2, rareNameGBK},
	{"members-gb18030.csv", EncGB18030, 2, rareName},
	{"members-utf8-bom.csv", EncUTF8BOM, 2, rareName},
	{"members-utf8.csv", EncUTF8, 2, rareName},
}

// memberCSV writes the test rows as CSV with CRLF line ends, as Excel does.
func memberCSV(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	if err := w.Write(memberFileHeader); err != nil {
		t.Fatal(err)
	}
	for _, r := range memberFileRows {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	return buf.Bytes()
}

// generateMemberFile returns the bytes of one test file.
func generateMemberFile(t *testing.T, f memberFile) []byte {
	t.Helper()
	if f.encoding == "" {
		return memberXLSX(t)
	}
	text := memberCSV(t)
	switch f.encoding {
	case EncUTF8BOM:
		return append([]byte{0xEF, 0xBB, 0xBF}, text...)
	case EncUTF8:
		return text
	case EncGB18030:
		out, err := simplifiedchinese.GB18030.NewEncoder().Bytes(text)
		if err != nil {
			t.Fatal(err)
		}
		return out
	case EncGBK:
		out, err := simplifiedchinese.GBK.NewEncoder().Bytes(bytes.ReplaceAll(text, []byte(rareName), []byte(rareNameGBK)))
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	t.Fatalf("unknown encoding %q", f.encoding)
	return nil
}

var slashDateRE = regexp.MustCompile(`^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$|^(\d{4})年(\d{1,2})月(\d{1,2})日$`)

// memberXLSX writes the test rows as Excel keeps them: a title row merged
// above the header, ID numbers as text except the one Excel turned into a
// number (stored as Excel stores it, 3.30106199001011E+17), mobiles as
// numbers, dates Excel recognised as date cells (serial numbers with a date
// format) and the others (2019/2/30, 2021.6.1) as text.
func memberXLSX(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	const sh = "成员名单"
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		t.Fatal(err)
	}
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("yyyy/m/d")})
	if err != nil {
		t.Fatal(err)
	}
	set := func(col, row int, fn func(cell string) error) {
		cell, err := excelize.CoordinatesToCellName(col, row)
		if err != nil {
			t.Fatal(err)
		}
		if err := fn(cell); err != nil {
			t.Fatal(err)
		}
	}
	set(1, 1, func(c string) error {
		return f.SetCellStr(sh, c, "青白江人才服务中心集体户成员名单（截至2026年10月）")
	})
	if err := f.MergeCell(sh, "A1", "I1"); err != nil {
		t.Fatal(err)
	}
	for j, h := range memberFileHeader {
		set(j+1, 2, func(c string) error { return f.SetCellStr(sh, c, h) })
	}
	for i, r := range memberFileRows {
		row := i + 3
		for j, v := range r {
			col := j + 1
			switch {
			case v == "":
			case j == 0:
				n, _ := strconv.Atoi(v)
				set(col, row, func(c string) error { return f.SetCellInt(sh, c, int64(n)) })
			case j == 3 && strings.Contains(v, "E+"):
				set(col, row, func(c string) error { return f.SetCellDefault(sh, c, "3.30106199001011E+17") })
			case j == 4 && regexp.MustCompile(`^\d{11}$`).MatchString(v):
				n, _ := strconv.ParseInt(v, 10, 64)
				set(col, row, func(c string) error { return f.SetCellInt(sh, c, n) })
			case j >= 5 && j <= 7 && (slashDateRE.MatchString(v) || regexp.MustCompile(`^\d{5}$`).MatchString(v)):
				serial := v
				if m := slashDateRE.FindStringSubmatch(v); m != nil {
					y, mo, d := m[1]+m[4], m[2]+m[5], m[3]+m[6]
					yy, _ := strconv.Atoi(y)
					mm, _ := strconv.Atoi(mo)
					dd, _ := strconv.Atoi(d)
					day := time.Date(yy, time.Month(mm), dd, 0, 0, 0, 0, time.UTC)
					if day.Day() != dd {
						set(col, row, func(c string) error { return f.SetCellStr(sh, c, v) }) // not a date: Excel keeps the text
						continue
					}
					serial = strconv.Itoa(int(day.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24))
				}
				n, _ := strconv.Atoi(serial)
				set(col, row, func(c string) error {
					if err := f.SetCellInt(sh, c, int64(n)); err != nil {
						return err
					}
					return f.SetCellStyle(sh, c, c, dateStyle)
				})
			default:
				set(col, row, func(c string) error { return f.SetCellStr(sh, c, v) })
			}
		}
	}
	// A second, empty sheet, as workbooks often have.
	if _, err := f.NewSheet("Sheet2"); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func ptr[T any](v T) *T { return &v }

// TestMemberFiles_UpToDate checks the committed test files against their
// generator (the CSV files byte for byte; a workbook's bytes carry a
// timestamp, so it is compared by what it reads as), or rewrites them with
// -update-member-files.
func TestMemberFiles_UpToDate(t *testing.T) {
	for _, mf := range memberFiles {
		path := filepath.Join("testdata", mf.name)
		data := generateMemberFile(t, mf)
		if *updateMemberFiles {
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		have, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (regenerate with go test ./store -run TestMemberFiles_UpToDate -update-member-files)", err)
		}
		if mf.encoding != "" && !bytes.Equal(have, data) {
			t.Errorf("%s differs from what the generator writes; regenerate it with -update-member-files", path)
		}
		if mf.encoding == "" {
			a, err := ReadMemberFile(mf.name, bytes.NewReader(have), "")
			must(t, err)
			b, err := ReadMemberFile(mf.name, bytes.NewReader(data), "")
			must(t, err)
			if !sameJSON(a, b) {
				t.Errorf("%s reads differently from what the generator writes; regenerate it with -update-member-files", path)
			}
		}
	}
}

// readTestMemberFile reads a committed test file.
func readTestMemberFile(t *testing.T, name string) *forms.MemberSheet {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := ReadMemberFile(filepath.Join("testdata", name), f, "")
	must(t, err)
	return s
}

func TestReadMemberFile(t *testing.T) {
	for _, mf := range memberFiles {
		t.Run(mf.name, func(t *testing.T) {
			s := readTestMemberFile(t, mf.name)
			if s.FileName != mf.name || s.Encoding != mf.encoding {
				t.Fatalf("file %q encoding %q, want %q %q", s.FileName, s.Encoding, mf.name, mf.encoding)
			}
			if mf.encoding == "" {
				if s.Format != "xlsx" || s.Sheet != "成员名单" || len(s.Sheets) != 2 || s.HeaderRow != 2 {
					t.Fatalf("xlsx read as format %q sheet %q of %q, header row %d", s.Format, s.Sheet, s.Sheets, s.HeaderRow)
				}
			} else if s.Format != "csv" || s.HeaderRow != 1 {
				t.Fatalf("csv read as format %q, header row %d", s.Format, s.HeaderRow)
			}
			if strings.Join(s.Header, "|") != strings.Join(memberFileHeader, "|") {
				t.Fatalf("header = %q", s.Header)
			}
			if len(s.Rows) != len(memberFileRows) {
				t.Fatalf("%d rows, want %d", len(s.Rows), len(memberFileRows))
			}
			for i, r := range s.Rows {
				if r.Line != mf.firstLine+i {
					t.Errorf("row %d has line %d, want %d", i, r.Line, mf.firstLine+i)
				}
			}
			if got := s.Rows[10].Cells[1]; got != mf.rareName {
				t.Errorf("rare name read as %q, want %q", got, mf.rareName)
			}
			if got := s.Rows[0].Cells[1]; got != "王芳" {
				t.Errorf("first name read as %q", got)
			}
			m := forms.GuessMemberMapping(s.Header)
			for f, col := range map[forms.MemberField]int{forms.FieldName: 1, forms.FieldIDNumber: 3, forms.FieldMobile: 4,
				forms.FieldMemberSince: 5, forms.FieldTalentPaidThrough: 6, forms.FieldArchivePaidThrough: 7} {
				if m.Column(f) != col {
					t.Errorf("%s guessed at column %d, want %d", f.Label(), m.Column(f), col)
				}
			}
		})
	}
	t.Run("XLSXCells", func(t *testing.T) {
		s := readTestMemberFile(t, "members.xlsx")
		r := s.Rows[0] // 王芳: date cells are serial numbers, the mobile a number
		if r.Cells[5] != "43529" || !r.Numeric[4] || r.Numeric[3] {
			t.Fatalf("row 1 cells %q numeric %v", r.Cells, r.Numeric)
		}
		if r := s.Rows[2]; r.Cells[3] != "3.30106199001011E+17" || !r.Numeric[3] {
			t.Fatalf("row 3 ID cell %q numeric %v", r.Cells[3], r.Numeric)
		}
	})
}

func TestReadMemberFile_Refusals(t *testing.T) {
	for _, tt := range []struct {
		name string
		data []byte
		want []string
	}{
		{"名单.xls", []byte{0xD0, 0xCF, 0x11, 0xE0}, []string{"旧版Excel", "另存为"}},
		{"名单.pdf", []byte("%PDF"), []string{"只能导入Excel工作簿（.xlsx）或CSV文件"}},
		{"名单.xlsx", []byte("not a zip"), []string{"不是有效的Excel工作簿"}},
		{"空.csv", nil, []string{"是空的"}},
		{"只有标题.csv", []byte("姓名,身份证号码\r\n"), []string{"没有数据"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadMemberFile(tt.name, bytes.NewReader(tt.data), "")
			assertErr(t, err, forms.EINVALID, tt.want...)
		})
	}
}

func TestReadMemberFile_CSVVariants(t *testing.T) {
	// Tab-separated UTF-16 is what Excel's "Unicode text" writes.
	utf16 := []byte{0xFF, 0xFE}
	for _, r := range "姓名\t身份证号码\r\n王芳\t510113199203150024\r\n" {
		utf16 = append(utf16, byte(r), byte(r>>8))
	}
	s, err := ReadMemberFile("名单.txt", bytes.NewReader(utf16), "")
	must(t, err)
	if s.Encoding != EncUTF16 || len(s.Rows) != 1 || s.Rows[0].Cells[1] != "510113199203150024" {
		t.Fatalf("UTF-16 read as %q %+v", s.Encoding, s.Rows)
	}
	// Semicolons, a blank line (the line numbers still match the sheet)
	// and the ="…" form that keeps a number as text.
	s, err = ReadMemberFile("名单.csv", strings.NewReader("姓名;身份证号码\n\n王芳;=\"510113199203150024\"\n"), "")
	must(t, err)
	if s.Encoding != EncUTF8 || len(s.Rows) != 1 || s.Rows[0].Line != 3 {
		t.Fatalf("semicolon CSV read as %q %+v", s.Encoding, s.Rows)
	}
}
