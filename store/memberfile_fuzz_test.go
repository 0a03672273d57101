package store

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"counterdesk/forms"
)

// FuzzReadMemberFile feeds arbitrary bytes to ReadMemberFile as a CSV file
// and as a workbook: it refuses with an EINVALID *forms.Error whose message
// names the file, or returns a sheet of valid UTF-8 text whose rows have
// line numbers that only go up and a Numeric mark per cell (or none).
// Seeds: the test files of every encoding and a workbook.
// Run: go test ./store -run '^$' -fuzz '^FuzzReadMemberFile$'
func FuzzReadMemberFile(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "members*"))
	for _, p := range files {
		data, err := os.ReadFile(p)
		must(f, err)
		f.Add(data, filepath.Ext(p) == ".xlsx")
	}
	f.Add([]byte("姓名,身份证号码\n张𰻞,11010519491231002X\n"), false)
	f.Add([]byte("\xef\xbb\xbf姓名\t手机\r\n\u202e李四\t13800138000\r\n"), false)
	f.Add([]byte("PK\x03\x04"), true)
	f.Add([]byte{}, false)
	f.Fuzz(func(t *testing.T, data []byte, xlsx bool) {
		name := "成员 名单.csv"
		if xlsx {
			name = "成员 名单.xlsx"
		}
		s, err := ReadMemberFile(name, bytes.NewReader(data), "")
		if err != nil {
			if forms.ErrorCode(err) != forms.EINVALID || forms.ErrorMessage(err) == "" {
				t.Fatalf("ReadMemberFile: %v, want EINVALID with a message", err)
			}
			return
		}
		if s.FileName != "成员 名单.csv" && s.FileName != "成员 名单.xlsx" {
			t.Fatalf("file name %q", s.FileName)
		}
		for _, h := range s.Header {
			if !utf8.ValidString(h) {
				t.Fatalf("header %q is not UTF-8", h)
			}
		}
		last := s.HeaderRow
		for _, r := range s.Rows {
			if r.Line <= last {
				t.Fatalf("row line %d after %d", r.Line, last)
			}
			last = r.Line
			if r.Numeric != nil && len(r.Numeric) != len(r.Cells) {
				t.Fatalf("row %d: %d Numeric marks for %d cells", r.Line, len(r.Numeric), len(r.Cells))
			}
			for _, c := range r.Cells {
				if !utf8.ValidString(c) {
					t.Fatalf("row %d: cell %q is not UTF-8", r.Line, c)
				}
			}
		}
	})
}
