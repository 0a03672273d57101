package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
	"counterdesk/store"
)

// openImportScreen sets up a station, logs the supervisor in, records 赵敏
// (row 7 of the test member lists) as a customer already, and shows the
// 导入成员 tab.
func openImportScreen(t *testing.T) (*harness, *importScreen) {
	t.Helper()
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	if h.app.home == nil || h.app.home.imports == nil {
		t.Fatal("the supervisor has no 导入成员 tab")
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%v (%s)", err, forms.ErrorMessage(err))
		}
	}
	must(h.db.CreateCustomer(context.Background(), h.app.actor(), &forms.Customer{Name: "赵敏", IDNumber: "510107198504120468",
		Mobile: "13990001111", Member: true, MemberSince: time.Date(2016, 5, 10, 0, 0, 0, 0, time.Local)}))
	tabs := h.app.home.tabs
	for i, item := range tabs.Items {
		if item.Text == "导入成员" {
			tabs.SelectIndex(i)
		}
	}
	if tabs.Selected().Content != h.app.home.imports.root {
		t.Fatal("could not select the 导入成员 tab")
	}
	return h, h.app.home.imports
}

// loadTestFile loads a member file of store/testdata through the screen, as
// the file dialog does.
func loadTestFile(t *testing.T, h *harness, s *importScreen, name string) {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "store", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	s.load(name, f)
	h.wait()
	if s.sheet == nil || s.preview == nil {
		t.Fatalf("loading %s showed no preview", name)
	}
}

// cellText returns the text the preview table shows in a cell.
func cellText(s *importScreen, row, col int) string {
	text, _ := s.cell(row, col)
	return text
}

func TestImportScreen_PreviewAndImport(t *testing.T) {
	h, s := openImportScreen(t)
	ctx := context.Background()
	loadTestFile(t, h, s, "members.xlsx")

	if !strings.Contains(s.fileInfo.Text, "工作表“成员名单”") || !strings.Contains(s.fileInfo.Text, "表头在第 2 行 · 11 行数据") {
		t.Errorf("file info = %q", s.fileInfo.Text)
	}
	if !s.sheetRow.Visible() || s.sheets.Selected != "成员名单" {
		t.Errorf("the workbook's two sheets are not offered (selected %q)", s.sheets.Selected)
	}
	for i, want := range []string{"B 姓名", "D 身份证号码", "E 手机号码", "F 入户日期", "G 人才储备费缴至", "H 档案保管费缴至"} {
		if s.fields[i].Selected != want {
			t.Errorf("%s mapped to %q, want %q", forms.MemberFields[i].Label(), s.fields[i].Selected, want)
		}
	}

	// Every row is in the table, with its line, masked ID and what happens.
	if r, c := s.table.Length(); r != 11 || c != 4 {
		t.Fatalf("table is %d×%d, want 11×4", r, c)
	}
	for _, tt := range []struct {
		row                  int
		line, name, id, stat string
	}{
		{0, "3", "王芳", "5101**********0024", "将导入"},
		{2, "5", "张伟", "****************E+17", "拒绝：身份证号码“3.30106199001011E+17”被Excel存成了数字"},
		{3, "6", "刘洋", "*************3109", "拒绝：身份证号码只有17位，按前17位算最后一位应是字母X"},
		{4, "7", "陈静", "5101**********0158", "拒绝：身份证号码校验位不正确"},
		{5, "8", "王芳", "5101**********0024", "拒绝：与第3行的身份证号码相同"},
		{6, "9", "赵敏", "5101**********0468", "已有客户，不变（表格中不同：手机号码、人才储备费缴至、档案保管费缴至）"},
		{7, "10", "黄磊", "5101**********072X", "拒绝：入户日期：日期“2019/2/30”不存在"},
		{8, "11", "周杰", "5101**********0337", "拒绝：没有手机号码"},
		{10, "13", "孙𬀩", "5101**********051X", "将导入"},
	} {
		got := []string{cellText(s, tt.row, 0), cellText(s, tt.row, 1), cellText(s, tt.row, 2), cellText(s, tt.row, 3)}
		if got[0] != tt.line || got[1] != tt.name || got[2] != tt.id || !strings.HasPrefix(got[3], tt.stat) {
			t.Errorf("row %d = %q, want %q %q %q %q…", tt.row, got, tt.line, tt.name, tt.id, tt.stat)
		}
	}
	if _, imp := s.cell(2, 3); imp != widget.DangerImportance {
		t.Errorf("a refused row is shown with importance %v", imp)
	}
	// The table's own cells show the same (it is virtual: a cell is
	// filled in as it scrolls into view).
	o := s.table.CreateCell()
	s.table.UpdateCell(widget.TableCellID{Row: 7, Col: 3}, o)
	if l := o.(*widget.Label); !strings.HasPrefix(l.Text, "拒绝：入户日期") || l.Importance != widget.DangerImportance {
		t.Errorf("table cell (7, 3) = %q, importance %v", l.Text, l.Importance)
	}
	// Selecting a row shows its whole reason.
	s.table.Select(widget.TableCellID{Row: 2, Col: 3})
	if !strings.Contains(s.detail.Text, "第 5 行 张伟") || !strings.Contains(s.detail.Text, "单引号") {
		t.Errorf("detail = %q", s.detail.Text)
	}
	want := "共 11 行：将导入 4 位，将更新 0 位，已有客户不变 1 位，拒绝 6 行"
	if s.counts.Text != want || s.importBtn.Text != "导入 4 位成员" || s.importBtn.Disabled() {
		t.Fatalf("counts %q, button %q (disabled %v)", s.counts.Text, s.importBtn.Text, s.importBtn.Disabled())
	}

	// Without a mobile column no new member can be imported.
	s.fields[2].SetSelectedIndex(0)
	h.wait()
	if !strings.HasPrefix(cellText(s, 0, 3), "拒绝：没有选择“手机号码”所在的列") || !s.importBtn.Disabled() {
		t.Fatalf("without a mobile column: %q, button disabled %v", cellText(s, 0, 3), s.importBtn.Disabled())
	}
	// Two fields in one column is said below the table.
	s.fields[2].SetSelected("B 姓名")
	h.wait()
	if !strings.Contains(s.counts.Text, "选了同一列") || !s.importBtn.Disabled() {
		t.Fatalf("one column twice: counts %q", s.counts.Text)
	}
	s.fields[2].SetSelected("E 手机号码")
	h.wait()

	// Updating existing customers: 赵敏 will be updated.
	test.Tap(s.update)
	h.wait()
	if !strings.Contains(s.counts.Text, "将更新 1 位") || s.importBtn.Text != "导入 5 位成员" ||
		cellText(s, 6, 3) != "已有客户，将更新：手机号码、人才储备费缴至、档案保管费缴至" {
		t.Fatalf("with update: counts %q, button %q, row 7 %q", s.counts.Text, s.importBtn.Text, cellText(s, 6, 3))
	}

	test.Tap(s.importBtn)
	if s.confirm == nil || s.confirm.Text != "导入 5 位成员" {
		t.Fatal("importing did not ask to confirm")
	}
	test.Tap(s.confirm)
	h.wait()
	if s.result == nil || s.result.Created != 4 || s.result.Updated != 1 || s.result.Refused != 6 {
		t.Fatalf("result = %+v", s.result)
	}
	if s.progress.Value != 1 || s.busy || s.chooseBtn.Disabled() {
		t.Errorf("after the import: progress %v, busy %v", s.progress.Value, s.busy)
	}
	if !strings.Contains(h.app.home.status.Text, "新建成员 4 位，更新 1 位") {
		t.Errorf("status = %q", h.app.home.status.Text)
	}
	// The file is previewed again: nothing is left to import.
	if s.importBtn.Text != "导入 0 位成员" || !s.importBtn.Disabled() || !strings.Contains(s.counts.Text, "已有客户不变 5 位") {
		t.Errorf("after the import: counts %q, button %q", s.counts.Text, s.importBtn.Text)
	}

	// The database has the members, and 赵敏's new mobile.
	for _, q := range []string{"王芳", "李强", "吴敏", "孙𬀩"} {
		if got, err := h.db.SearchCustomers(ctx, q, 10); err != nil || len(got) != 1 || !got[0].Member {
			t.Errorf("search %s = %+v, %v", q, got, err)
		}
	}
	z, err := h.db.CustomerByIDNumber(ctx, "510107198504120468")
	if err != nil || z.Mobile != "13990002222" {
		t.Errorf("赵敏 = %+v, %v", z, err)
	}
	entries, err := h.db.AuditLog(ctx, "", 1)
	if err != nil || entries[0].Action != store.ActMemberImport || entries[0].UserName != "李主管" {
		t.Errorf("last audit entry = %+v, %v", entries, err)
	}
}

func TestImportScreen_CSVEncoding(t *testing.T) {
	h, s := openImportScreen(t)
	loadTestFile(t, h, s, "members-gbk.csv")
	if !strings.Contains(s.fileInfo.Text, "文字编码：GBK") || s.sheetRow.Visible() {
		t.Errorf("file info = %q (sheet row visible %v)", s.fileInfo.Text, s.sheetRow.Visible())
	}
	if cellText(s, 10, 1) != "孙丽" || cellText(s, 0, 0) != "2" {
		t.Errorf("GBK rows read as %q line %q", cellText(s, 10, 1), cellText(s, 0, 0))
	}
	loadTestFile(t, h, s, "members-gb18030.csv")
	if !strings.Contains(s.fileInfo.Text, "文字编码：GB18030") || cellText(s, 10, 1) != "孙𬀩" {
		t.Errorf("GB18030 file: %q, rare name %q", s.fileInfo.Text, cellText(s, 10, 1))
	}
	// A file that is no member list is refused with the reason.
	s.load("名单.xls", strings.NewReader("old excel"))
	h.wait()
	if !strings.Contains(h.app.home.status.Text, "旧版Excel") {
		t.Errorf("status after an .xls = %q", h.app.home.status.Text)
	}
}

func TestImportScreen_ClerksHaveNoTab(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	if _, err := h.db.AddUser(context.Background(), h.app.actor(), "王窗口", forms.RoleClerk, "temp1234pw"); err != nil {
		t.Fatal(err)
	}
	if err := h.db.ChangePassword(context.Background(), mustUserID(t, h, "王窗口"), "temp1234pw", "wang2026pw"); err != nil {
		t.Fatal(err)
	}
	h.app.showLogin()
	h.logIn("王窗口", "wang2026pw")
	if h.app.home == nil || h.app.home.imports != nil {
		t.Fatal("a clerk sees the 导入成员 tab")
	}
	for _, item := range h.app.home.tabs.Items {
		if item.Text == "导入成员" {
			t.Fatal("a clerk has the 导入成员 tab")
		}
	}
}

func mustUserID(t *testing.T, h *harness, name string) string {
	t.Helper()
	users, err := h.db.Users(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.Name == name {
			return u.ID
		}
	}
	t.Fatalf("no user %s", name)
	return ""
}

// TestEnglishCoversImportStrings checks the strings the import screen passes
// to T through a variable.
func TestEnglishCoversImportStrings(t *testing.T) {
	en := loadTranslationFile(t, "translations/en.json")
	want := append([]string{noColumn, "集体户成员"}, importColumns...)
	for _, f := range forms.MemberFields {
		want = append(want, f.Label())
	}
	want = append(want, store.EncUTF8BOM, store.EncUTF8, store.EncGBK, store.EncGB18030, store.EncUTF16)
	for _, s := range want {
		if _, ok := en[s]; !ok {
			t.Errorf("%q is passed through T but has no English translation in translations/en.json", s)
		}
	}
}
