package forms

// Bringing in a branch's existing member list from Excel or CSV. The file
// is read elsewhere (the store knows the file formats); here a sheet is a
// table of cell texts, and this file decides what each row means: a new
// member, an existing customer left as is or updated, or a refusal with a
// reason the supervisor can act on in the sheet.

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// MemberField is one piece of a member row the import reads.
type MemberField int

// The fields of a member row, in the order the import screen shows them.
const (
	FieldName MemberField = iota
	FieldIDNumber
	FieldMobile
	FieldMemberSince
	FieldTalentPaidThrough
	FieldArchivePaidThrough

	memberFieldCount
)

// MemberFields lists every field of a member row.
var MemberFields = []MemberField{FieldName, FieldIDNumber, FieldMobile, FieldMemberSince,
	FieldTalentPaidThrough, FieldArchivePaidThrough}

// Label returns the field's Chinese name, as the import screen and the
// refusal reasons write it.
func (f MemberField) Label() string {
	switch f {
	case FieldName:
		return "姓名"
	case FieldIDNumber:
		return "身份证号码"
	case FieldMobile:
		return "手机号码"
	case FieldMemberSince:
		return "入户日期"
	case FieldTalentPaidThrough:
		return "人才储备费缴至"
	case FieldArchivePaidThrough:
		return "档案保管费缴至"
	}
	return ""
}

// memberHeaders are the column headers each field is recognised by: exact
// names first, then words a header containing them is taken for.
var memberHeaders = [memberFieldCount]struct{ exact, contains []string }{
	FieldName:               {[]string{"姓名", "名字", "成员姓名", "客户姓名"}, []string{"姓名"}},
	FieldIDNumber:           {[]string{"身份证号码", "身份证号", "证件号码", "公民身份号码", "身份证"}, []string{"身份证", "证件号", "身份号码"}},
	FieldMobile:             {[]string{"手机", "手机号码", "手机号", "联系电话", "电话"}, []string{"手机", "电话", "联系方式"}},
	FieldMemberSince:        {[]string{"入户日期", "入户时间", "落户日期", "落户时间"}, []string{"入户", "落户", "入库"}},
	FieldTalentPaidThrough:  {[]string{"人才储备费缴至", "储备费到期", "储备费缴至"}, []string{"储备"}},
	FieldArchivePaidThrough: {[]string{"档案保管费缴至", "档案费到期", "档案费缴至"}, []string{"档案"}},
}

// headerKey is a header cell as it is compared: normalized, without spaces
// and the marks sheets put on headers (*必填, 冒号).
func headerKey(s string) string {
	s = Normalize(s)
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\r', '\n', '*', ':', '：':
			return -1
		}
		return r
	}, s)
}

// MemberMapping says which column of the sheet holds each field. The zero
// value maps nothing.
type MemberMapping struct {
	cols [memberFieldCount]int // column index + 1; 0 when not mapped
}

// Column returns the column index (from 0) of the field, or -1 when the
// field is not mapped.
func (m MemberMapping) Column(f MemberField) int {
	if f < 0 || f >= memberFieldCount {
		return -1
	}
	return m.cols[f] - 1
}

// Set maps the field to a column (from 0); a negative column unmaps it.
func (m *MemberMapping) Set(f MemberField, col int) {
	if f < 0 || f >= memberFieldCount {
		return
	}
	if col < 0 {
		m.cols[f] = 0
		return
	}
	m.cols[f] = col + 1
}

// Validate checks that the ID number is mapped (rows are matched by it) and
// that no column is used for two fields.
func (m MemberMapping) Validate() error {
	if m.Column(FieldIDNumber) < 0 {
		return Errorf(EINVALID, "请选择“身份证号码”所在的列：成员按身份证号码导入和识别")
	}
	seen := map[int]MemberField{}
	for _, f := range MemberFields {
		c := m.Column(f)
		if c < 0 {
			continue
		}
		if g, ok := seen[c]; ok {
			return Errorf(EINVALID, "“%s”和“%s”选了同一列，请为每一项选择不同的列", g.Label(), f.Label())
		}
		seen[c] = f
	}
	return nil
}

// GuessMemberMapping maps the fields from a header row: an exact header
// name wins over one that only contains a known word, and each column is
// used once.
func GuessMemberMapping(header []string) MemberMapping {
	var m MemberMapping
	used := map[int]bool{}
	keys := make([]string, len(header))
	for i, h := range header {
		keys[i] = headerKey(h)
	}
	for pass := 0; pass < 2; pass++ {
		for _, f := range MemberFields {
			if m.Column(f) >= 0 {
				continue
			}
			words := memberHeaders[f].exact
			if pass == 1 {
				words = memberHeaders[f].contains
			}
		cols:
			for i, k := range keys {
				if used[i] || k == "" {
					continue
				}
				for _, w := range words {
					if (pass == 0 && k == w) || (pass == 1 && strings.Contains(k, w)) {
						m.Set(f, i)
						used[i] = true
						break cols
					}
				}
			}
		}
	}
	return m
}

// mapped counts the fields a mapping maps.
func (m MemberMapping) mapped() int {
	n := 0
	for _, c := range m.cols {
		if c > 0 {
			n++
		}
	}
	return n
}

// MemberRow is one row of a member file as cell texts.
type MemberRow struct {
	// Line is the row's number as the spreadsheet program shows it
	// (the first row is 1), so the supervisor finds it in the sheet.
	Line  int
	Cells []string
	// Numeric marks the cells the file stored as numbers (an .xlsx number
	// cell), nil when the format does not say (CSV).
	Numeric []bool
}

// cell returns the text of a column and whether the file stored it as a
// number; a missing column is "".
func (r MemberRow) cell(col int) (string, bool) {
	if col < 0 || col >= len(r.Cells) {
		return "", false
	}
	return r.Cells[col], col < len(r.Numeric) && r.Numeric[col]
}

// empty reports whether every cell of the row is blank.
func (r MemberRow) empty() bool {
	for _, c := range r.Cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// MemberSheet is a member file read into rows: the header row and the data
// rows beneath it, with what the reader found out about the file.
type MemberSheet struct {
	FileName string
	Format   string   // "xlsx" or "csv"
	Encoding string   // a CSV file's character encoding, as detected
	Sheet    string   // the worksheet read from an .xlsx file
	Sheets   []string // every worksheet of an .xlsx file
	// Date1904 is set for a workbook whose date serial numbers count from
	// 1904 (old Excel for Mac).
	Date1904  bool
	HeaderRow int // the header's row number, 0 when the file has none
	Header    []string
	Rows      []MemberRow // the data rows, blank rows left out
}

// headerSearchRows is how many non-blank rows from the top may be a title
// above the header row.
const headerSearchRows = 10

// NewMemberSheet finds the header among the first rows — the first row in
// which at least two columns have known header names, since a sheet often
// has a title row above the header — and keeps the non-blank rows below it
// as data. Without such a row the first non-blank row is the header.
func NewMemberSheet(rows []MemberRow) *MemberSheet {
	s := &MemberSheet{}
	var nonBlank []MemberRow
	for _, r := range rows {
		if !r.empty() {
			nonBlank = append(nonBlank, r)
		}
	}
	if len(nonBlank) == 0 {
		return s
	}
	head := 0
	for i := 0; i < len(nonBlank) && i < headerSearchRows; i++ {
		if GuessMemberMapping(nonBlank[i].Cells).mapped() >= 2 {
			head = i
			break
		}
	}
	s.HeaderRow = nonBlank[head].Line
	for _, c := range nonBlank[head].Cells {
		s.Header = append(s.Header, Normalize(c))
	}
	s.Rows = nonBlank[head+1:]
	return s
}

// Columns returns a label for each column of the sheet, for choosing the
// mapping: the column letter and its header (A 姓名).
func (s *MemberSheet) Columns() []string {
	n := len(s.Header)
	for _, r := range s.Rows {
		n = max(n, len(r.Cells))
	}
	out := make([]string, n)
	for i := range out {
		h := ""
		if i < len(s.Header) {
			h = s.Header[i]
		}
		out[i] = strings.TrimSpace(ColumnLetter(i) + " " + h)
	}
	return out
}

// ColumnLetter returns a spreadsheet's name of a column index from 0: A, B,
// …, Z, AA, AB.
func ColumnLetter(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// MemberRecord is one parsed member row: what the file says, cleaned and
// checked. A field the row leaves empty (or the mapping does not map) is
// zero and not Has.
type MemberRecord struct {
	Line               int
	Name               string
	IDNumber           string
	Mobile             string
	MemberSince        time.Time
	TalentPaidThrough  time.Time
	ArchivePaidThrough time.Time

	has [memberFieldCount]bool
}

// Has reports whether the row gives the field.
func (r *MemberRecord) Has(f MemberField) bool { return f >= 0 && f < memberFieldCount && r.has[f] }

// ParseRow reads data row i of the sheet with the mapping. It refuses a row
// with an *Error whose message says what is wrong and how to fix the sheet.
// today is the calendar day the member-since date may not be after.
func (s *MemberSheet) ParseRow(i int, m MemberMapping, today time.Time) (MemberRecord, error) {
	row := s.Rows[i]
	rec := MemberRecord{Line: row.Line}
	get := func(f MemberField) (string, bool) {
		v, num := row.cell(m.Column(f))
		v = cleanCell(v)
		rec.has[f] = v != ""
		return v, num
	}

	name, _ := get(FieldName)
	rec.Name = strings.Join(strings.Fields(name), " ")
	if rec.Name != "" {
		n, err := RuleCustomerName.Check(rec.Name)
		if err != nil {
			return rec, err
		}
		rec.Name = n
	}

	idText, idNumeric := get(FieldIDNumber)
	id, err := parseImportID(idText, idNumeric)
	if err != nil {
		return rec, err
	}
	rec.IDNumber = id

	if mob, num := get(FieldMobile); mob != "" {
		mob = cleanCell(StripInvisible(mob))
		if num || sciRE.MatchString(mob) || floatZeroRE.MatchString(mob) {
			digits, lost, ok := numberDigits(mob)
			if lost {
				return rec, Errorf(EINVALID, "手机号码“%s”被Excel存成了数字，后几位已经丢失（Excel只显示或保留了前几位有效数字），无法知道原来的号码。%s",
					mob, excelNumberFix(FieldMobile.Label()))
			}
			if ok {
				mob = digits
			}
		}
		m, err := ParseMobile(mob)
		if err != nil {
			return rec, Errorf(EINVALID, "%s", strings.ReplaceAll(ErrorMessage(err), "您输入了", "表格中为"))
		}
		rec.Mobile = m
	}

	for _, d := range []struct {
		f   MemberField
		dst *time.Time
	}{
		{FieldMemberSince, &rec.MemberSince},
		{FieldTalentPaidThrough, &rec.TalentPaidThrough},
		{FieldArchivePaidThrough, &rec.ArchivePaidThrough},
	} {
		text, _ := get(d.f)
		t, err := parseImportDate(text, s.Date1904)
		if err != nil {
			return rec, Errorf(EINVALID, "%s：%s", d.f.Label(), ErrorMessage(err))
		}
		*d.dst = t
	}
	if rec.has[FieldMemberSince] && Day(today).Before(rec.MemberSince) {
		return rec, Errorf(EINVALID, "入户日期 %s 晚于今天，请核对", FormatDate(rec.MemberSince))
	}
	return rec, nil
}

// cleanCell removes what spreadsheets put around a value typed as text: the
// apostrophe that makes Excel keep a number as text, and the ="…" formula
// that CSV files use for the same purpose.
func cleanCell(s string) string {
	s = Normalize(s)
	if strings.HasPrefix(s, `="`) && strings.HasSuffix(s, `"`) && len(s) >= 3 {
		s = s[2 : len(s)-1]
	}
	s = strings.TrimPrefix(s, "'")
	return strings.TrimSpace(s)
}

// sciRE matches a number in scientific notation, as Excel shows a long
// number (3.30106199001011E+17, 3.30106E+17).
var sciRE = regexp.MustCompile(`^[0-9](\.[0-9]+)?[eE]\+?[0-9]+$`)

// floatZeroRE matches a whole number written with a decimal point and zeros
// (330106199001011000.0), as some programs export a number cell.
var floatZeroRE = regexp.MustCompile(`^[0-9]+\.0+$`)

// sciPartsRE splits a number in scientific notation into its first digit,
// the digits after the point and the exponent.
var sciPartsRE = regexp.MustCompile(`^([0-9])(?:\.([0-9]*))?[eE]\+?([0-9]+)$`)

// excelDigits is how many significant digits Excel keeps of a number.
const excelDigits = 15

// numberDigits reads a value that went through a floating-point number — a
// number cell, or text in scientific notation (1.3812345678E+10) or with a
// point and zeros (13812345678.0) — as a whole number, and never guesses a
// digit. ok is set when the value is a whole number whose every digit is
// still there: digits are then its decimal digits. lost is set when digits
// are provably gone: scientific notation with fewer digits before the
// exponent than the number has (1.38123E+10 shows 6 of 11), or a number of
// more than 15 digits (Excel keeps 15 significant digits, and a double
// cannot hold every integer that long). Anything else (a fraction, text
// that is no number) gives neither, and the caller's own check says what
// is wrong.
func numberDigits(s string) (digits string, lost, ok bool) {
	if m := sciPartsRE.FindStringSubmatch(s); m != nil {
		exp, err := strconv.Atoi(m[3])
		if err != nil || m[1] == "0" || exp > 100 {
			return "", false, false
		}
		frac := m[2]
		if len(frac) > exp {
			if strings.Trim(frac[exp:], "0") != "" {
				return "", false, false // not a whole number
			}
			frac = frac[:exp]
		}
		if len(frac) < exp || exp+1 > excelDigits {
			return "", true, false
		}
		return m[1] + frac, false, true
	}
	if floatZeroRE.MatchString(s) {
		s = s[:strings.IndexByte(s, '.')]
	}
	if !allASCIIDigits(s) {
		return "", false, false
	}
	if len(strings.TrimLeft(s, "0")) > excelDigits {
		return "", true, false
	}
	return s, false, true
}

// excelNumberFix is how to keep Excel from turning a column of numbers
// such as ID or mobile numbers into numbers, for the refusal reasons; label
// names the column.
func excelNumberFix(label string) string {
	return "请在Excel中把" + label + "这一列设置为“文本”格式后重新输入完整号码（或在号码前加英文单引号 ' 再输入），保存后重新导入"
}

// msgExcelNumberFix is excelNumberFix for the ID number column.
var msgExcelNumberFix = excelNumberFix("身份证号码")

// parseImportID checks an ID number cell. Besides ParseID's refusals it
// recognises the ways a spreadsheet damages an ID number, and says so:
// Excel keeps 15 significant digits of a number, so an 18-digit number
// stored as a number has lost its last digits (3.30106199001011E+17, or
// 330106199001011000); and a number whose last character X went missing
// has 17 digits. An 18-digit number from a number cell is refused even when
// its check digit happens to match (110105199001013000): Excel has always
// replaced its last digits, and the import never guesses them.
func parseImportID(s string, numeric bool) (string, error) {
	s = cleanCell(StripInvisible(s))
	if s == "" {
		return "", Errorf(EINVALID, "没有身份证号码：请在表格中填写")
	}
	if sciRE.MatchString(s) {
		return "", Errorf(EINVALID, "身份证号码“%s”被Excel存成了数字，最后几位已经丢失（Excel的数字只保留15位有效数字）。%s", s, msgExcelNumberFix)
	}
	if num := cleanIDNumber(s); numeric && allASCIIDigits(num) && len(num) > excelDigits {
		return "", Errorf(EINVALID, "身份证号码被Excel存成了数字，最后几位已经变了（Excel的数字只保留15位有效数字，18位号码存成数字后最后3位必然不对，即使校验位碰巧相符）。%s", msgExcelNumberFix)
	}
	id, err := ParseID(s)
	if err == nil {
		return id.Number, nil
	}
	num := cleanIDNumber(s)
	if floatZeroRE.MatchString(num) {
		num, numeric = num[:strings.IndexByte(num, '.')], true
	}
	switch {
	case len(num) == idLength-1 && allASCIIDigits(num) && idCheckDigit(num) == 'X':
		return "", Errorf(EINVALID, "身份证号码只有17位，按前17位算最后一位应是字母X，表格中丢失了。请在表格中补上X（可先把该列设置为“文本”格式），保存后重新导入")
	case numeric && allASCIIDigits(num) && len(num) >= 15:
		return "", Errorf(EINVALID, "身份证号码被Excel存成了数字，最后几位已经变了（Excel的数字只保留15位有效数字）。%s", msgExcelNumberFix)
	case len(num) == idLength && allASCIIDigits(num) && strings.HasSuffix(num, "000") && idCheckDigit(num[:idLength-1]) != num[idLength-1]:
		return "", Errorf(EINVALID, "身份证号码最后3位是000且校验位不对：很可能是Excel把号码存成了数字，最后几位变成了0。%s", msgExcelNumberFix)
	}
	return "", err
}

// excelSerialRE matches an Excel date serial number, possibly with a time
// of day as its fraction (43529, 43529.5).
var excelSerialRE = regexp.MustCompile(`^[0-9]{1,5}(\.[0-9]+)?$`)

// parseImportDate reads a date cell: an Excel date serial number (a date
// cell of an .xlsx file, 43529 → 2019-03-05) or a date written as ParseDate
// accepts it (2019-03-05, 2019/3/5, 2019.3.5, 2019年3月5日), with a time of
// day after it ignored. An empty cell is the zero time.
func parseImportDate(s string, date1904 bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if i := strings.IndexAny(s, " T"); i > 0 && strings.Contains(s[i:], ":") {
		s = strings.TrimSpace(s[:i])
	}
	if excelSerialRE.MatchString(s) {
		whole := s
		if i := strings.IndexByte(s, '.'); i >= 0 {
			whole = s[:i]
		}
		n, _ := strconv.Atoi(whole)
		if len(whole) == 4 && n >= 1900 && n <= 2200 {
			return time.Time{}, Errorf(EINVALID, "日期“%s”只有年份，请写出年月日，如 2019-03-05", s)
		}
		return excelSerialDate(n, date1904, s)
	}
	return ParseDate(s)
}

// excelSerialDate converts an Excel date serial number. In the 1900 date
// system day 1 is 1900-01-01 and day 60 is 1900-02-29, a day that never
// was (Lotus 1-2-3's leap-year bug, which Excel keeps), so from day 61 on
// the days count from 1899-12-30. In the 1904 system day 0 is 1904-01-01.
func excelSerialDate(n int, date1904 bool, shown string) (time.Time, error) {
	var base time.Time
	switch {
	case date1904:
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.Local)
	case n == 60:
		return time.Time{}, Errorf(EINVALID, "日期“%s”是Excel中的1900年2月29日，这一天并不存在，请核对", shown)
	case n < 1:
		return time.Time{}, Errorf(EINVALID, "日期“%s”不是有效日期，请核对", shown)
	case n < 60:
		base = time.Date(1899, 12, 31, 0, 0, 0, 0, time.Local)
	default:
		base = time.Date(1899, 12, 30, 0, 0, 0, 0, time.Local)
	}
	d := base.AddDate(0, 0, n)
	if d.Year() > 2200 {
		return time.Time{}, Errorf(EINVALID, "日期“%s”不是有效日期，请核对", shown)
	}
	return d, nil
}

// NewCustomer returns the new member the record describes.
func (r *MemberRecord) NewCustomer() *Customer {
	return &Customer{
		Name:               r.Name,
		IDNumber:           r.IDNumber,
		Mobile:             r.Mobile,
		Member:             true,
		MemberSince:        r.MemberSince,
		TalentPaidThrough:  r.TalentPaidThrough,
		ArchivePaidThrough: r.ArchivePaidThrough,
	}
}

// Apply returns a copy of an existing customer with the fields the row
// gives (a blank cell erases nothing) and marked as a member, and the
// labels of the fields that changed.
func (r *MemberRecord) Apply(old *Customer) (*Customer, []string) {
	c := *old
	var changed []string
	setS := func(f MemberField, dst *string, v string) {
		if r.has[f] && *dst != v {
			*dst = v
			changed = append(changed, f.Label())
		}
	}
	setD := func(f MemberField, dst *time.Time, v time.Time) {
		if r.has[f] && !dst.Equal(v) {
			*dst = v
			changed = append(changed, f.Label())
		}
	}
	setS(FieldName, &c.Name, r.Name)
	setS(FieldMobile, &c.Mobile, r.Mobile)
	if !c.Member {
		c.Member = true
		changed = append(changed, "集体户成员")
	}
	setD(FieldMemberSince, &c.MemberSince, r.MemberSince)
	setD(FieldTalentPaidThrough, &c.TalentPaidThrough, r.TalentPaidThrough)
	setD(FieldArchivePaidThrough, &c.ArchivePaidThrough, r.ArchivePaidThrough)
	return &c, changed
}

// MemberImportStatus is what an import would do with a row.
type MemberImportStatus string

// The statuses of a row in an import preview.
const (
	ImportNew       MemberImportStatus = "new"       // a new member will be created
	ImportUpdate    MemberImportStatus = "update"    // an existing customer will be updated
	ImportUnchanged MemberImportStatus = "unchanged" // an existing customer stays as is
	ImportRefused   MemberImportStatus = "refused"   // the row is not imported; Reason says why
)

// Label returns the status in Chinese, as the preview shows it.
func (s MemberImportStatus) Label() string {
	switch s {
	case ImportNew:
		return "将导入"
	case ImportUpdate:
		return "已有客户，将更新"
	case ImportUnchanged:
		return "已有客户，不变"
	case ImportRefused:
		return "拒绝"
	}
	return string(s)
}

// MemberImport is what a supervisor asks to import: a sheet, its column
// mapping, and whether rows of existing customers update them.
type MemberImport struct {
	Sheet          *MemberSheet
	Mapping        MemberMapping
	UpdateExisting bool
}

// MemberImportRow is the preview of one data row.
type MemberImportRow struct {
	Line     int    // the row number in the sheet
	Name     string // the name as the row gives it
	IDNumber string // the ID number as the row gives it, cleaned; mask it for lists
	Status   MemberImportStatus
	// Reason says why a row is refused; for an existing customer it may
	// say what differs.
	Reason string
	// Changes lists the fields an update changes, or for an unchanged
	// customer the fields in which the row differs from the record.
	Changes []string
	// Customer is the record to create (ImportNew) or the record after the
	// update (ImportUpdate); Existing is the record as it is.
	Customer *Customer
	Existing *Customer
}

// MemberImportPreview is every data row of a sheet with what an import
// would do with it.
type MemberImportPreview struct {
	FileName       string
	UpdateExisting bool
	Rows           []MemberImportRow
}

// Count returns how many rows have the status.
func (p *MemberImportPreview) Count(s MemberImportStatus) int {
	n := 0
	for i := range p.Rows {
		if p.Rows[i].Status == s {
			n++
		}
	}
	return n
}

// ToWrite returns how many customers an import would create or update.
func (p *MemberImportPreview) ToWrite() int { return p.Count(ImportNew) + p.Count(ImportUpdate) }

// MemberImportResult is what an import did.
type MemberImportResult struct {
	FileName                             string
	Created, Updated, Unchanged, Refused int
}

// Summary returns the result in one Chinese sentence, as the audit log
// and the screen write it.
func (r *MemberImportResult) Summary() string {
	return fmt.Sprintf("新建成员 %d 位，更新 %d 位，已有客户未变 %d 位，拒绝 %d 行", r.Created, r.Updated, r.Unchanged, r.Refused)
}

// MaxImportRows is the most data rows one file may have.
const MaxImportRows = 100000

// PlanMemberImport decides for every data row of the sheet what an import
// does with it. lookup returns the customer with an ID number, or nil.
// today is the calendar day of the import. A row is refused when it cannot
// be read (the reason says how to fix the sheet), when its ID number
// appears on an earlier row too, or when as a new member or an updated
// customer it would not pass Customer.Validate; a row whose ID number is a
// customer's already changes nothing unless req.UpdateExisting, and then
// updates the fields the row gives.
func PlanMemberImport(req MemberImport, today time.Time, lookup func(idNumber string) (*Customer, error)) (*MemberImportPreview, error) {
	s := req.Sheet
	if s == nil || len(s.Rows) == 0 {
		return nil, Errorf(EINVALID, "文件中没有可导入的数据行")
	}
	if len(s.Rows) > MaxImportRows {
		return nil, Errorf(EINVALID, "文件有 %d 行，一次最多导入 %d 行，请分成几个文件", len(s.Rows), MaxImportRows)
	}
	if err := req.Mapping.Validate(); err != nil {
		return nil, err
	}
	p := &MemberImportPreview{FileName: s.FileName, UpdateExisting: req.UpdateExisting, Rows: make([]MemberImportRow, len(s.Rows))}
	recs := make([]MemberRecord, len(s.Rows))
	first := map[string]int{} // ID number → index of the first row with it
	for i := range s.Rows {
		row := &p.Rows[i]
		rec, err := s.ParseRow(i, req.Mapping, today)
		recs[i] = rec
		row.Line, row.Name, row.IDNumber = rec.Line, rec.Name, rec.IDNumber
		if row.IDNumber == "" {
			v, _ := s.Rows[i].cell(req.Mapping.Column(FieldIDNumber))
			row.IDNumber = cleanIDNumber(cleanCell(v))
		}
		if err != nil {
			row.Status, row.Reason = ImportRefused, refusal(err)
			continue
		}
		if j, ok := first[rec.IDNumber]; ok {
			other := &p.Rows[j]
			row.Status = ImportRefused
			if sameName(recs[j].Name, rec.Name) || rec.Name == "" {
				row.Reason = fmt.Sprintf("与第%d行的身份证号码相同，是同一人重复录入：此行不导入，请在表格中删去重复的一行", other.Line)
			} else {
				row.Reason = fmt.Sprintf("与第%d行（%s）的身份证号码相同而姓名不同：请核对哪一行有误，两行都不导入", other.Line, recs[j].Name)
				if other.Status != ImportRefused {
					other.Status = ImportRefused
					other.Reason = fmt.Sprintf("与第%d行（%s）的身份证号码相同而姓名不同：请核对哪一行有误，两行都不导入", row.Line, rec.Name)
				}
			}
			continue
		}
		first[rec.IDNumber] = i
	}
	for i := range p.Rows {
		row := &p.Rows[i]
		if row.Status == ImportRefused {
			continue
		}
		if err := planRow(row, &recs[i], req, today, lookup); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// planRow decides a row whose cells were read: a new member, or an existing
// customer unchanged or updated. Only lookup's own error is returned; a
// row that would not be a valid customer is refused.
func planRow(row *MemberImportRow, rec *MemberRecord, req MemberImport, today time.Time, lookup func(string) (*Customer, error)) error {
	old, err := lookup(rec.IDNumber)
	if err != nil {
		return err
	}
	if old == nil {
		c := rec.NewCustomer()
		for _, f := range []MemberField{FieldName, FieldMobile, FieldMemberSince} {
			if rec.Has(f) {
				continue
			}
			row.Status = ImportRefused
			switch {
			case req.Mapping.Column(f) < 0:
				row.Reason = fmt.Sprintf("没有选择“%s”所在的列：新成员必须有%s，请在上方选择该列", f.Label(), f.Label())
			case f == FieldMobile:
				row.Reason = "没有手机号码：手机号码是联系成员的主要方式，新成员必须有。请在表格中补上后重新导入"
			default:
				row.Reason = fmt.Sprintf("没有%s：新成员必须有%s，请在表格中补上后重新导入", f.Label(), f.Label())
			}
			return nil
		}
		if err := c.Validate(); err != nil {
			row.Status, row.Reason = ImportRefused, refusal(err)
			return nil
		}
		row.Status, row.Customer = ImportNew, c
		return nil
	}
	row.Existing = old
	c, changes := rec.Apply(old)
	row.Changes = changes
	if len(changes) == 0 {
		row.Status = ImportUnchanged
		return nil
	}
	if !req.UpdateExisting {
		row.Status = ImportUnchanged
		row.Reason = fmt.Sprintf("表格与客户资料不同：%s；勾选“已有客户时更新其资料”可更新", strings.Join(changes, "、"))
		return nil
	}
	if !old.Member && !old.MemberUntil.IsZero() {
		row.Status = ImportRefused
		row.Reason = fmt.Sprintf("该客户（%s）已于 %s 退出集体户，导入不能把他恢复为成员，请在客户资料中处理", old.Name, FormatDate(old.MemberUntil))
		return nil
	}
	if err := c.Validate(); err != nil {
		row.Status, row.Reason = ImportRefused, "已有客户，不能更新："+refusal(err)
		return nil
	}
	if c.MemberSince.After(Day(today)) {
		row.Status, row.Reason = ImportRefused, "入户日期晚于今天，请核对"
		return nil
	}
	row.Status, row.Customer = ImportUpdate, c
	row.Reason = "更新：" + strings.Join(changes, "、")
	return nil
}

// sameName reports whether two names are the same but for spaces.
func sameName(a, b string) bool {
	return strings.ReplaceAll(a, " ", "") == strings.ReplaceAll(b, " ", "")
}

// refusal is the reason text of a refused row: a domain error's message,
// else a generic one.
func refusal(err error) string {
	if ErrorCode(err) == EINTERNAL {
		return "此行无法读取：" + err.Error()
	}
	return ErrorMessage(err)
}
