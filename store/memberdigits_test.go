package store

import (
	"context"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"counterdesk/forms"
)

// previewFile reads a member file from bytes and previews its import with
// the guessed mapping.
func previewFile(t *testing.T, f *fixture, name string, data []byte) (forms.MemberImport, *forms.MemberImportPreview) {
	t.Helper()
	s, err := ReadMemberFile(name, strings.NewReader(string(data)), "")
	must(t, err)
	req := forms.MemberImport{Sheet: s, Mapping: forms.GuessMemberMapping(s.Header)}
	p, err := f.db.PreviewMemberImport(context.Background(), req)
	must(t, err)
	return req, p
}

// TestMemberImport_NumberCellIDRefused is issue 12's example: an .xlsx
// number cell holding the 18-digit ID 110105199001013000, whose check digit
// matches by chance, was imported. A number cell keeps 15 significant
// digits, so the ID is refused with the Excel advice; an 11-digit mobile in
// a number cell keeps every digit and is imported exactly.
func TestMemberImport_NumberCellIDRefused(t *testing.T) {
	const chance = "110105199001013000"
	if _, err := forms.ParseID(chance); err != nil {
		t.Fatalf("the example no longer passes the check digit: %v", err)
	}
	ctx := context.Background()
	f := newFixture(t)
	x := excelize.NewFile()
	defer x.Close()
	const sh = "Sheet1"
	cells := []struct {
		cell string
		v    any
	}{
		{"A1", "姓名"}, {"B1", "身份证号码"}, {"C1", "手机号码"}, {"D1", "入户日期"},
		{"A2", "王芳"}, {"B2", int64(110105199001013000)}, {"C2", int64(13812345678)}, {"D2", "2019-03-05"},
		{"A3", "李强"}, {"B3", testID("510104", "19880726", 31)}, {"C3", int64(13812345679)}, {"D3", "2019-03-05"},
		{"A4", "赵敏"}, {"B4", testID("510104", "19880726", 33)}, {"D4", "2019-03-05"},
	}
	for _, c := range cells {
		if err := x.SetCellValue(sh, c.cell, c.v); err != nil {
			t.Fatal(err)
		}
	}
	// A number cell as Excel writes a mobile it shows in scientific notation.
	if err := x.SetCellDefault(sh, "C4", "1.38123E+10"); err != nil {
		t.Fatal(err)
	}
	buf, err := x.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	req, p := previewFile(t, f, "成员 名单.xlsx", buf.Bytes())
	if r := p.Rows[0]; r.Status != forms.ImportRefused || !strings.Contains(r.Reason, "身份证号码被Excel存成了数字") ||
		!strings.Contains(r.Reason, "设置为“文本”格式") || !strings.Contains(r.Reason, "单引号") {
		t.Errorf("number-cell ID: %s %q", r.Status, r.Reason)
	}
	if r := p.Rows[1]; r.Status != forms.ImportNew || r.Customer.Mobile != "13812345679" {
		t.Errorf("11-digit mobile number cell: %s %q %+v", r.Status, r.Reason, r.Customer)
	}
	if r := p.Rows[2]; r.Status != forms.ImportRefused || !strings.Contains(r.Reason, "手机号码“1.38123E+10”被Excel存成了数字") ||
		!strings.Contains(r.Reason, "把手机号码这一列设置为“文本”格式") {
		t.Errorf("scientific mobile number cell: %s %q", r.Status, r.Reason)
	}
	res, err := f.db.ImportMembers(ctx, f.sup, req, nil)
	must(t, err)
	if res.Created != 1 || res.Refused != 2 {
		t.Fatalf("import result %+v", res)
	}
	if _, err := f.db.CustomerByIDNumber(ctx, chance); forms.ErrorCode(err) != forms.ENOTFOUND {
		t.Fatalf("the number-cell ID was imported: %v", err)
	}
}

// TestMemberImport_ScientificMobileRefused is issue 12's example: the CSV
// mobile cell 1.38123E+10 was imported as 13812300000. Scientific notation
// with fewer digits than the number has is refused; with all 11 digits it
// is read exactly.
func TestMemberImport_ScientificMobileRefused(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	csv := "姓名,身份证号码,手机号码,入户日期\r\n" +
		"张三," + testID("110105", "19900307", 41) + ",1.38123E+10,2019-03-05\r\n" +
		"李四," + testID("110105", "19900307", 43) + ",1.3812345678E+10,2019-03-05\r\n" +
		"王五," + testID("110105", "19900307", 45) + ",13812345677.0,2019-03-05\r\n" +
		"赵六," + testID("110105", "19900307", 47) + "\u200b,\ufeff13812345676,2019-03-05\r\n"
	req, p := previewFile(t, f, "members.csv", []byte(csv))
	if r := p.Rows[0]; r.Status != forms.ImportRefused ||
		r.Reason != "手机号码“1.38123E+10”被Excel存成了数字，后几位已经丢失（Excel只显示或保留了前几位有效数字），无法知道原来的号码。"+
			"请在Excel中把手机号码这一列设置为“文本”格式后重新输入完整号码（或在号码前加英文单引号 ' 再输入），保存后重新导入" {
		t.Errorf("1.38123E+10: %s %q", r.Status, r.Reason)
	}
	for i, want := range []string{"", "13812345678", "13812345677", "13812345676"} {
		if i == 0 {
			continue
		}
		if r := p.Rows[i]; r.Status != forms.ImportNew || r.Customer.Mobile != want {
			t.Errorf("row %d: %s %q, want mobile %s", r.Line, r.Status, r.Reason, want)
		}
	}
	res, err := f.db.ImportMembers(ctx, f.sup, req, nil)
	must(t, err)
	if res.Created != 3 || res.Refused != 1 {
		t.Fatalf("import result %+v", res)
	}
	if got, _ := f.db.SearchCustomers(ctx, "13812300000", 10); len(got) != 0 {
		t.Fatal("a guessed mobile 13812300000 was stored")
	}
}
