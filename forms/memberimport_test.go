package forms

import (
	"strings"
	"testing"
	"time"
)

// validID returns a valid resident ID number for 17 digits.
func validID(body string) string { return body + string(idCheckDigit(body)) }

func TestParseImportDate(t *testing.T) {
	for _, tt := range []struct {
		in       string
		date1904 bool
		want     string // "" for the zero time
		err      string
	}{
		{"", false, "", ""},
		{"43529", false, "2019-03-05", ""},
		{"43529.75", false, "2019-03-05", ""}, // a date cell with a time of day
		{"2019/3/5", false, "2019-03-05", ""},
		{"2019-03-05", false, "2019-03-05", ""},
		{"2019.3.5", false, "2019-03-05", ""},
		{"2019年3月5日", false, "2019-03-05", ""},
		{"２０１９／３／５", false, "2019-03-05", ""},
		{"20190305", false, "2019-03-05", ""},
		{"2019/3/5 0:00", false, "2019-03-05", ""},
		{"2019-03-05T00:00:00", false, "2019-03-05", ""},
		// The 1900 date system and Lotus' leap-year bug.
		{"1", false, "1900-01-01", ""},
		{"59", false, "1900-02-28", ""},
		{"60", false, "", "1900年2月29日"},
		{"61", false, "1900-03-01", ""},
		{"42067", true, "2019-03-05", ""}, // 1904 system: 1462 days fewer
		{"2019", false, "", "只有年份"},
		{"2019/2/30", false, "", "不存在"},
		{"2019年3月", false, "", "格式不正确"},
		{"明年", false, "", "格式不正确"},
		{"0", false, "", "不是有效日期"},
	} {
		d, err := parseImportDate(tt.in, tt.date1904)
		if tt.err != "" {
			if err == nil || !strings.Contains(ErrorMessage(err), tt.err) {
				t.Errorf("parseImportDate(%q) = %v, %v; want an error with %q", tt.in, d, err, tt.err)
			}
			continue
		}
		if err != nil || FormatDate(d) != tt.want {
			t.Errorf("parseImportDate(%q) = %q, %v; want %q", tt.in, FormatDate(d), err, tt.want)
		}
		if !d.IsZero() && d.Location() != time.Local {
			t.Errorf("parseImportDate(%q) is in %v, want local time", tt.in, d.Location())
		}
	}
}

func TestParseImportID(t *testing.T) {
	good := validID("33010619900101124")
	lostX := "51010819910523109" // its check character would be X
	if idCheckDigit(lostX) != 'X' {
		t.Fatal("test number does not need an X")
	}
	zeros := "330106199001011000"
	if idCheckDigit(zeros[:17]) == '0' {
		t.Fatal("test number ending in 000 is valid")
	}
	for _, tt := range []struct {
		in      string
		numeric bool
		want    string
		err     []string
	}{
		{good, false, good, nil},
		{"'" + good, false, good, nil},        // Excel's text apostrophe
		{`="` + good + `"`, false, good, nil}, // the CSV text formula
		{" " + good[:6] + " " + good[6:], false, good, nil},
		{strings.ToLower(validID("11010519491231002")), false, validID("11010519491231002"), nil},
		// An 18-digit number cell has lost digits even when a program
		// wrote it exactly: never guess (issue 12).
		{good, true, "", []string{"被Excel存成了数字", "最后几位已经变了", "“文本”格式"}},
		// Issue 12: 110105199001013000 passes the check digit by chance.
		{"110105199001013000", true, "", []string{"被Excel存成了数字", "即使校验位碰巧相符", "“文本”格式", "单引号"}},
		{"110105199001013000", false, "110105199001013000", nil}, // a text cell is what was typed
		{"11010519900307152X\u200b", false, "11010519900307152X", nil},
		{"\ufeff'11010519900307152X", false, "11010519900307152X", nil},
		{"", false, "", []string{"没有身份证号码"}},
		{"3.30106199001011E+17", true, "", []string{"被Excel存成了数字", "15位有效数字", "“文本”格式", "单引号"}},
		{"3.30106E+17", false, "", []string{"被Excel存成了数字", "最后几位已经丢失"}},
		{"3.30106e17", false, "", []string{"被Excel存成了数字"}},
		{zeros, true, "", []string{"被Excel存成了数字", "最后几位已经变了"}},
		{zeros + ".0", false, "", []string{"被Excel存成了数字"}},
		{zeros, false, "", []string{"最后3位是000", "Excel"}},
		{lostX, false, "", []string{"只有17位", "应是字母X", "补上X"}},
		{"51010819910523108", false, "", []string{"17位", "漏了最后一位"}}, // 17 digits, check not X: ParseID's message
		{good[:17] + "9", false, "", []string{"校验位不正确"}},
		{"33010619900101", false, "", []string{"应为18位"}},
	} {
		got, err := parseImportID(tt.in, tt.numeric)
		if tt.err == nil {
			if err != nil || got != tt.want {
				t.Errorf("parseImportID(%q, %v) = %q, %v; want %q", tt.in, tt.numeric, got, err, tt.want)
			}
			continue
		}
		if err == nil {
			t.Errorf("parseImportID(%q, %v) = %q; want an error", tt.in, tt.numeric, got)
			continue
		}
		for _, s := range tt.err {
			if !strings.Contains(ErrorMessage(err), s) {
				t.Errorf("parseImportID(%q, %v): %q does not contain %q", tt.in, tt.numeric, ErrorMessage(err), s)
			}
		}
		if ErrorCode(err) != EINVALID {
			t.Errorf("parseImportID(%q): code %s", tt.in, ErrorCode(err))
		}
	}
}

func TestGuessMemberMapping(t *testing.T) {
	for _, tt := range []struct {
		header []string
		want   map[MemberField]int
	}{
		{[]string{"姓名", "身份证号码", "手机", "入户日期", "人才储备费缴至", "档案保管费缴至"},
			map[MemberField]int{FieldName: 0, FieldIDNumber: 1, FieldMobile: 2, FieldMemberSince: 3, FieldTalentPaidThrough: 4, FieldArchivePaidThrough: 5}},
		{[]string{"序号", "姓 名", "性别", "证件号码", "联系电话", "入户时间", "储备费到期", "档案费到期", "备注"},
			map[MemberField]int{FieldName: 1, FieldIDNumber: 3, FieldMobile: 4, FieldMemberSince: 5, FieldTalentPaidThrough: 6, FieldArchivePaidThrough: 7}},
		{[]string{"*姓名", "身份证号：", "手机号码（必填）", "落户日期", "人才储备费（缴至）", "档案费"},
			map[MemberField]int{FieldName: 0, FieldIDNumber: 1, FieldMobile: 2, FieldMemberSince: 3, FieldTalentPaidThrough: 4, FieldArchivePaidThrough: 5}},
		// An exact name wins over a column that only contains the word,
		// and a column serves one field.
		{[]string{"联系人姓名", "姓名", "身份证号", "家庭电话", "手机"},
			map[MemberField]int{FieldName: 1, FieldIDNumber: 2, FieldMobile: 4, FieldMemberSince: -1}},
		{[]string{"A", "B"}, map[MemberField]int{FieldName: -1, FieldIDNumber: -1}},
	} {
		m := GuessMemberMapping(tt.header)
		for f, col := range tt.want {
			if m.Column(f) != col {
				t.Errorf("GuessMemberMapping(%q): %s at %d, want %d", tt.header, f.Label(), m.Column(f), col)
			}
		}
	}
}

func TestMemberMapping(t *testing.T) {
	var m MemberMapping
	for _, f := range MemberFields {
		if m.Column(f) != -1 {
			t.Fatalf("zero mapping maps %s", f.Label())
		}
	}
	if err := m.Validate(); err == nil || !strings.Contains(ErrorMessage(err), "身份证号码") {
		t.Fatalf("Validate without ID column = %v", err)
	}
	m.Set(FieldIDNumber, 0)
	m.Set(FieldName, 1)
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	m.Set(FieldMobile, 1)
	if err := m.Validate(); err == nil || !strings.Contains(ErrorMessage(err), "“姓名”和“手机号码”选了同一列") {
		t.Fatalf("Validate with a column twice = %v", err)
	}
	m.Set(FieldMobile, -1)
	if m.Column(FieldMobile) != -1 || m.Validate() != nil {
		t.Fatal("unmapping did not work")
	}
}

func TestColumnLetter(t *testing.T) {
	for i, want := range map[int]string{0: "A", 1: "B", 25: "Z", 26: "AA", 27: "AB", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA"} {
		if got := ColumnLetter(i); got != want {
			t.Errorf("ColumnLetter(%d) = %q, want %q", i, got, want)
		}
	}
}

func TestNewMemberSheet(t *testing.T) {
	rows := []MemberRow{
		{Line: 1, Cells: []string{"某某中心集体户成员名单"}},
		{Line: 2, Cells: []string{"", " "}},
		{Line: 3, Cells: []string{"序号", "姓名", "身份证号码"}},
		{Line: 4, Cells: []string{"1", "王芳", "510113199203150024"}},
		{Line: 5, Cells: nil},
		{Line: 6, Cells: []string{"2", "李强", "510104198807260311", "多出的一列"}},
	}
	s := NewMemberSheet(rows)
	if s.HeaderRow != 3 || len(s.Rows) != 2 || s.Rows[1].Line != 6 {
		t.Fatalf("header row %d, rows %+v", s.HeaderRow, s.Rows)
	}
	if got := strings.Join(s.Columns(), "|"); got != "A 序号|B 姓名|C 身份证号码|D" {
		t.Fatalf("Columns() = %q", got)
	}
	// Without a recognisable header the first row is the header.
	s = NewMemberSheet([]MemberRow{{Line: 1, Cells: []string{"x", "y"}}, {Line: 2, Cells: []string{"1", "2"}}})
	if s.HeaderRow != 1 || len(s.Rows) != 1 {
		t.Fatalf("header row %d, %d rows", s.HeaderRow, len(s.Rows))
	}
}

// planSheet plans rows under the header 姓名, 身份证号码, 手机, 入户日期,
// 人才储备费缴至 against the customers given.
func planSheet(t *testing.T, existing []*Customer, update bool, rows ...[]string) *MemberImportPreview {
	t.Helper()
	all := []MemberRow{{Line: 1, Cells: []string{"姓名", "身份证号码", "手机", "入户日期", "人才储备费缴至"}}}
	for i, r := range rows {
		all = append(all, MemberRow{Line: i + 2, Cells: r})
	}
	s := NewMemberSheet(all)
	s.FileName = "名单.csv"
	req := MemberImport{Sheet: s, Mapping: GuessMemberMapping(s.Header), UpdateExisting: update}
	today := time.Date(2026, 11, 23, 0, 0, 0, 0, time.Local)
	p, err := PlanMemberImport(req, today, func(n string) (*Customer, error) {
		for _, c := range existing {
			if c.IDNumber == n {
				cp := *c
				return &cp, nil
			}
		}
		return nil, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPlanMemberImport(t *testing.T) {
	a, b := validID("51011319920315002"), validID("51010419880726031")
	t.Run("Duplicates", func(t *testing.T) {
		p := planSheet(t, nil, false,
			[]string{"王芳", a, "13880001234", "2019/3/5"},
			[]string{"王 芳", a, "13880001234", "2019/3/5"}, // same person, spaced name
			[]string{"李强", b, "13880002345", "2019/3/5"},
			[]string{"李刚", b, "13880002345", "2019/3/5"},
		)
		if p.Rows[0].Status != ImportNew {
			t.Errorf("first of two same rows: %s %q", p.Rows[0].Status, p.Rows[0].Reason)
		}
		if r := p.Rows[1]; r.Status != ImportRefused || !strings.Contains(r.Reason, "与第2行的身份证号码相同，是同一人重复录入") {
			t.Errorf("repeated row: %s %q", r.Status, r.Reason)
		}
		if r := p.Rows[2]; r.Status != ImportRefused || !strings.Contains(r.Reason, "与第5行（李刚）的身份证号码相同而姓名不同") {
			t.Errorf("first of a clash: %s %q", r.Status, r.Reason)
		}
		if r := p.Rows[3]; r.Status != ImportRefused || !strings.Contains(r.Reason, "与第4行（李强）的身份证号码相同而姓名不同") {
			t.Errorf("second of a clash: %s %q", r.Status, r.Reason)
		}
	})
	t.Run("RowRefusals", func(t *testing.T) {
		p := planSheet(t, nil, false,
			[]string{"", a, "13880001234", "2019/3/5"},
			[]string{"王芳", validID("51011319920315004"), "1388000123", "2019/3/5"},
			[]string{"李强", b, "13880002345", ""},
			[]string{"李强", validID("51010419880726033"), "13880002345", "2027/1/1"},
			[]string{"李强", validID("51010419880726035"), "13880002345", "2019/3/5", "2019/2/29"},
			[]string{"李强2", validID("51010419880726037"), "13880002345", "2019/3/5"},
			[]string{"张三", validID("11010519491231002"), "1.3880003456E+10", "2019/3/5"},
		)
		for i, want := range []string{"没有姓名", "手机号码应为11位数字，表格中为10位", "没有入户日期", "晚于今天",
			"人才储备费缴至：日期“2019/2/29”不存在", "姓名中不能有数字", ""} {
			r := p.Rows[i]
			if want == "" {
				if r.Status != ImportNew || r.Customer.Mobile != "13880003456" {
					t.Errorf("row %d: %s %q %+v", r.Line, r.Status, r.Reason, r.Customer)
				}
				continue
			}
			if r.Status != ImportRefused || !strings.Contains(r.Reason, want) {
				t.Errorf("row %d: %s %q, want a refusal with %q", r.Line, r.Status, r.Reason, want)
			}
		}
	})
	t.Run("Existing", func(t *testing.T) {
		old := &Customer{ID: "c1", Name: "王芳", IDNumber: a, Mobile: "13880001234", Member: true,
			MemberSince: time.Date(2019, 3, 5, 0, 0, 0, 0, time.Local)}
		p := planSheet(t, []*Customer{old}, true,
			[]string{"王芳", a, "", "2019/3/5", "2026/12/31"}, // a blank mobile erases nothing
		)
		r := p.Rows[0]
		if r.Status != ImportUpdate || strings.Join(r.Changes, ",") != "人才储备费缴至" || r.Customer.Mobile != "13880001234" ||
			FormatDate(r.Customer.TalentPaidThrough) != "2026-12-31" || r.Existing.ID != "c1" {
			t.Fatalf("update: %s %q %v %+v", r.Status, r.Reason, r.Changes, r.Customer)
		}
		p = planSheet(t, []*Customer{old}, false, []string{"王芳", a, "", "2019/3/5", "2026/12/31"})
		if r := p.Rows[0]; r.Status != ImportUnchanged || r.Customer != nil || !strings.Contains(r.Reason, "人才储备费缴至") {
			t.Fatalf("no update: %s %q", r.Status, r.Reason)
		}
		p = planSheet(t, []*Customer{old}, true, []string{"王芳", a, "13880001234", "2019-03-05"})
		if r := p.Rows[0]; r.Status != ImportUnchanged || r.Reason != "" {
			t.Fatalf("same data: %s %q", r.Status, r.Reason)
		}
		nonMember := &Customer{ID: "c2", Name: "李强", IDNumber: b, Mobile: "13880002345"}
		p = planSheet(t, []*Customer{nonMember}, true, []string{"李强", b, "", "2019/3/5"})
		if r := p.Rows[0]; r.Status != ImportUpdate || !r.Customer.Member || strings.Join(r.Changes, ",") != "集体户成员,入户日期" {
			t.Fatalf("customer becoming a member: %s %q %v", r.Status, r.Reason, r.Changes)
		}
		p = planSheet(t, []*Customer{nonMember}, true, []string{"李强", b, "", ""})
		if r := p.Rows[0]; r.Status != ImportRefused || !strings.Contains(r.Reason, "入户日期") {
			t.Fatalf("member without a date: %s %q", r.Status, r.Reason)
		}
	})
	t.Run("ErrSheet", func(t *testing.T) {
		_, err := PlanMemberImport(MemberImport{Sheet: &MemberSheet{}}, time.Now(), nil)
		if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), "没有可导入的数据行") {
			t.Fatalf("empty sheet: %v", err)
		}
	})
}
