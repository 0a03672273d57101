package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

// dbDigest renders every row of the tables a refused save could touch, so
// a test can prove the save changed nothing.
func dbDigest(tb testing.TB, db *DB) string {
	tb.Helper()
	var lines []string
	for _, table := range []string{"station", "users", "customers", "customer_terms", "cases", "receipts",
		"deposits", "contact_attempts", "audit_log"} {
		rows, err := db.db.Query("SELECT * FROM " + table)
		if err != nil {
			tb.Fatalf("digest %s: %v", table, err)
		}
		cols, err := rows.Columns()
		if err != nil {
			tb.Fatal(err)
		}
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				tb.Fatal(err)
			}
			lines = append(lines, fmt.Sprintf("%s %v", table, vals))
		}
		if err := rows.Err(); err != nil {
			tb.Fatal(err)
		}
		rows.Close()
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// refusedUnchanged runs a save that must be refused with the code and a
// message containing msg, and proves the database did not change.
func refusedUnchanged(t *testing.T, db *DB, code, msg string, save func() error) {
	t.Helper()
	before := dbDigest(t, db)
	assertErr(t, save(), code, msg)
	if after := dbDigest(t, db); after != before {
		t.Fatalf("a refused save (%s) changed the database", msg)
	}
}

// badNames are issue 12's names that were accepted, with the message each
// must get now.
var badNames = []struct{ name, in, msg string }{
	{"NUL", "张\x00三", "姓名中有控制字符 U+0000"},
	{"DEL", "张三\x7f", "姓名中有控制字符 U+007F"},
	{"RLO", "张\u202e三", "姓名中有看不见的字符 U+202E（从右到左强制），请删除后重新输入"},
	{"ZWJ", "张\u200d三", "姓名中有看不见的字符 U+200D（零宽连字），请删除后重新输入"},
	{"ZWSP", "张三\u200b", "姓名中有看不见的字符 U+200B（零宽空格），请删除后重新输入"},
	{"BOM", "\ufeff张三", "姓名中有看不见的字符 U+FEFF（字节顺序标记），请删除后重新输入"},
	{"invalid UTF-8", "张\xe4\xb8三", "姓名中有无法识别的文字编码（乱码）"},
	{"U+FFFD", "张\ufffd三", "姓名中有乱码字符 U+FFFD"},
	{"private use", "张\ue000", "姓名中有私用区字符 U+E000"},
	{"41 characters", strings.Repeat("张", 41), "姓名过长（41个字），最多40个字"},
}

func TestDB_CustomerTextRules(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	for _, tt := range badNames {
		t.Run("Create"+tt.name, func(t *testing.T) {
			refusedUnchanged(t, f.db, forms.EINVALID, tt.msg, func() error {
				return f.db.CreateCustomer(ctx, f.clerk, &forms.Customer{Name: tt.in,
					IDNumber: testID("330106", "19950607", 301), Mobile: "13912345678"})
			})
		})
	}
	other := []struct{ name, msg string }{
		{"Employer10000", "工作单位过长（10000个字），最多60个字"},
		{"Address101", "地址过长（101个字），最多100个字"},
		{"OriginNUL", "户籍来源中有控制字符 U+0000"},
		{"AddressRLO", "地址中有看不见的字符 U+202E"},
	}
	edit := func(c *forms.Customer, name string) {
		switch name {
		case "Employer10000":
			c.Employer = strings.Repeat("某", 10000)
		case "Address101":
			c.Address = strings.Repeat("路", 101)
		case "OriginNUL":
			c.Origin = "人才市场\x00"
		case "AddressRLO":
			c.Address = "成都\u202e市"
		}
	}
	for _, tt := range other {
		t.Run("Create"+tt.name, func(t *testing.T) {
			c := &forms.Customer{Name: "王五", IDNumber: testID("330106", "19950607", 302), Mobile: "13912345678"}
			edit(c, tt.name)
			refusedUnchanged(t, f.db, forms.EINVALID, tt.msg, func() error { return f.db.CreateCustomer(ctx, f.clerk, c) })
		})
	}
	m := f.member(t, "陈静")
	for _, tt := range badNames[:3] {
		t.Run("Update"+tt.name, func(t *testing.T) {
			c, err := f.db.Customer(ctx, m.ID)
			must(t, err)
			c.Name = tt.in
			refusedUnchanged(t, f.db, forms.EINVALID, tt.msg, func() error { return f.db.UpdateCustomer(ctx, f.clerk, c) })
		})
	}
	for _, tt := range other {
		t.Run("Update"+tt.name, func(t *testing.T) {
			c, err := f.db.Customer(ctx, m.ID)
			must(t, err)
			edit(c, tt.name)
			refusedUnchanged(t, f.db, forms.EINVALID, tt.msg, func() error { return f.db.UpdateCustomer(ctx, f.clerk, c) })
		})
	}
	// Issue 12: an ID number pasted with a zero-width space is the number;
	// a mobile with a BOM is the mobile.
	t.Run("IdentifiersDropInvisible", func(t *testing.T) {
		id := testID("110105", "19900307", 152)
		c := &forms.Customer{Name: "买买提・艾力", IDNumber: id + "\u200b", Mobile: "\ufeff138\u200d1234\u20605678"}
		before := dbDigest(t, f.db)
		must(t, f.db.CreateCustomer(ctx, f.clerk, c))
		if dbDigest(t, f.db) == before {
			t.Fatal("dbDigest does not see a new customer: the unchanged checks prove nothing")
		}
		got, err := f.db.CustomerByIDNumber(ctx, "\u200e"+id+"\u200b")
		must(t, err)
		if got.IDNumber != id || got.Mobile != "13812345678" || got.Name != "买买提·艾力" {
			t.Fatalf("stored %+v", got)
		}
		found, err := f.db.SearchCustomers(ctx, id+"\u200b", 10)
		must(t, err)
		if len(found) != 1 || found[0].ID != c.ID {
			t.Fatalf("search with U+200B found %d", len(found))
		}
	})
	t.Run("SupplementaryIdeograph", func(t *testing.T) {
		c := &forms.Customer{Name: "𠮷田" + strings.Repeat("𠮷", 38), IDNumber: testID("110105", "19900307", 153), Mobile: "13812345679"}
		must(t, f.db.CreateCustomer(ctx, f.clerk, c))
		got, err := f.db.Customer(ctx, c.ID)
		must(t, err)
		if got.Name != c.Name {
			t.Fatalf("stored name %q", got.Name)
		}
	})
}

func TestDB_ReasonTextRules(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	// Issue 12: a void reason of 100,000 characters with a NUL.
	huge := strings.Repeat("错", 99999) + "\x00"
	t.Run("VoidReason", func(t *testing.T) {
		_, _, r, _ := f.lend(t, "赵一")
		// A receipt number pasted with invisible characters is the number.
		got, err := f.db.ReceiptByNumber(ctx, "\u200b"+strings.ToLower(r.Number)+"\ufeff")
		must(t, err)
		if got.ID != r.ID {
			t.Fatalf("ReceiptByNumber with U+200B found %s", got.Number)
		}
		for _, tt := range []struct{ in, msg string }{
			{huge, "作废原因中有控制字符 U+0000"},
			{strings.Repeat("错", 201), "作废原因过长（201个字），最多200个字"},
			{"金额\u202e开错", "作废原因中有看不见的字符 U+202E"},
			{"  ", "请填写作废原因"},
		} {
			refusedUnchanged(t, f.db, forms.EINVALID, tt.msg, func() error { return f.db.VoidReceipt(ctx, f.sup, r.ID, tt.in) })
		}
	})
	t.Run("CancelReason", func(t *testing.T) {
		cust := f.member(t, "钱二")
		c, _, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "borrow_card")
		must(t, err)
		for _, tt := range []struct{ in, msg string }{
			{huge, "取消原因中有控制字符 U+0000"},
			{strings.Repeat("改", 201), "取消原因过长（201个字），最多200个字"},
			{"客户\ue000改期", "取消原因中有私用区字符 U+E000"},
		} {
			refusedUnchanged(t, f.db, forms.EINVALID, tt.msg, func() error { return f.db.CancelCase(ctx, f.clerk, c.ID, tt.in) })
		}
		must(t, f.db.CancelCase(ctx, f.clerk, c.ID, "客户改日再来\r\n（已电话确认）"))
		got, err := f.db.Case(ctx, c.ID)
		must(t, err)
		if got.CancelReason != "客户改日再来\n（已电话确认）" {
			t.Fatalf("cancel reason %q", got.CancelReason)
		}
	})
	t.Run("ContactAndForfeit", func(t *testing.T) {
		_, _, _, d := f.lend(t, "孙三")
		for _, tt := range []struct{ channel, outcome, msg string }{
			{"电话", huge, "联系结果中有控制字符 U+0000"},
			{"电话", strings.Repeat("无", 201), "联系结果过长（201个字），最多200个字"},
			{"电\u200b话", "无人接听", "联系方式中有看不见的字符 U+200B"},
			{"", "无人接听", "请选择联系方式"},
			{"电话", " ", "请填写联系结果"},
		} {
			refusedUnchanged(t, f.db, forms.EINVALID, tt.msg, func() error {
				return f.db.AddContactAttempt(ctx, f.clerk, d.ID, tt.channel, tt.outcome)
			})
		}
		must(t, f.db.AddContactAttempt(ctx, f.clerk, d.ID, "电话", "无人接听"))
		// The refund desk finds the deposit by a receipt number pasted with
		// a zero-width space.
		held, err := f.db.HeldDeposits(ctx, d.ReceiptNumber+"\u200b")
		must(t, err)
		if len(held) != 1 || held[0].ID != d.ID {
			t.Fatalf("HeldDeposits with U+200B found %d", len(held))
		}
		f.clk.Add(31 * 24 * time.Hour)
		for _, tt := range []struct{ in, msg string }{
			{huge, "没收原因中有控制字符 U+0000"},
			{strings.Repeat("逾", 201), "没收原因过长（201个字），最多200个字"},
			{"逾期\ufeff未还", "没收原因中有看不见的字符 U+FEFF"},
		} {
			refusedUnchanged(t, f.db, forms.EINVALID, tt.msg, func() error { return f.db.ForfeitDeposit(ctx, f.sup, d.ID, tt.in) })
		}
	})
}

func TestDB_UserAndStationTextRules(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	for _, tt := range []struct{ in, msg string }{
		{"王\x00五", "用户姓名中有控制字符 U+0000"},
		{"王五\u200b", "用户姓名中有看不见的字符 U+200B（零宽空格）"},
		{"王<五>", "用户姓名中不能有符号“<”"},
		{strings.Repeat("王", 31), "用户姓名过长（31个字），最多30个字"},
	} {
		refusedUnchanged(t, f.db, forms.EINVALID, tt.msg, func() error {
			_, err := f.db.AddUser(ctx, f.sup, tt.in, forms.RoleClerk, tempPass)
			return err
		})
	}
	// A name typed with a look-alike dot logs in as the same user.
	u, err := f.db.AddUser(ctx, f.sup, "阿依・古丽", forms.RoleClerk, tempPass)
	must(t, err)
	if u.Name != "阿依·古丽" {
		t.Fatalf("user name %q", u.Name)
	}
	if _, err := f.db.Login(ctx, "阿依•古丽", tempPass); err != nil {
		t.Fatalf("log-in with a look-alike dot: %v", err)
	}

	// Set-up refuses a branch name or payee its rule refuses.
	for _, tt := range []struct {
		st  forms.Station
		msg string
	}{
		{forms.Station{BranchCode: "QB", BranchName: "青白江\x00中心", Payee: "青白江", Number: 1}, "网点全称中有控制字符 U+0000"},
		{forms.Station{BranchCode: "QB", BranchName: strings.Repeat("青", 61), Payee: "青白江", Number: 1}, "网点全称过长（61个字），最多60个字"},
		{forms.Station{BranchCode: "QB", BranchName: "青白江", Payee: "青白江\u202e", Number: 1}, "收款单位中有看不见的字符 U+202E"},
	} {
		db := mustOpenDB(t)
		_, err := db.Setup(ctx, tt.st, supName, supPass, testCatalogue())
		assertErr(t, err, forms.EINVALID, tt.msg)
		if _, err := db.Station(ctx); forms.ErrorCode(err) != forms.ENOTFOUND {
			t.Fatalf("a refused set-up left a station: %v", err)
		}
	}
}

func TestDB_LegacyTextRules(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	cust := f.member(t, "韩梅")
	for _, tt := range []struct {
		edit func(l *forms.LegacyDeposit)
		msg  string
	}{
		{func(l *forms.LegacyDeposit) { l.ReceiptNumber = "NO.\x000012" }, "收据号中有控制字符 U+0000"},
		{func(l *forms.LegacyDeposit) { l.ReceiptNumber = strings.Repeat("1", 41) }, "收据号过长（41个字），最多40个字"},
		{func(l *forms.LegacyDeposit) { l.ReceiptNumber = "NO.“0012”" }, "收据号中不能有““”"},
		{func(l *forms.LegacyDeposit) { l.Payment.Reference = strings.Repeat("9", 65) }, "交易单号过长（65个字），最多64个字"},
	} {
		l := legacyOf(cust.ID, "NO.0012345")
		tt.edit(&l)
		refusedUnchanged(t, f.db, forms.EINVALID, tt.msg, func() error {
			_, err := f.db.EnterLegacyDeposit(ctx, f.sup, l)
			return err
		})
	}
	d, err := f.db.EnterLegacyDeposit(ctx, f.sup, legacyOf(cust.ID, "\u200bno. 0012345\ufeff"))
	must(t, err)
	if d.ReceiptNumber != "NO.0012345" {
		t.Fatalf("legacy receipt number %q", d.ReceiptNumber)
	}
}

func TestDB_SettingTextRules(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	for _, tt := range []struct{ key, value, msg string }{
		{forms.SettingPrinter, "HP\u202eLaserJet", "打印机名称中有看不见的字符 U+202E"},
		{forms.SettingPrinter, "HP\x00", "打印机名称中有控制字符 U+0000"},
		{forms.SettingPrinter, strings.Repeat("P", 201), "打印机名称过长（201个字），最多200个字"},
		{forms.SettingBackupFolder, "/备份\u200b", "备份文件夹路径中有看不见的字符 U+200B"},
		{forms.SettingBackupFolder, "/备份\x01", "备份文件夹路径中有控制字符 U+0001"},
	} {
		before, err := f.db.Setting(ctx, tt.key)
		must(t, err)
		assertErr(t, f.db.SetSetting(ctx, f.sup, tt.key, tt.value), forms.EINVALID, tt.msg)
		if after, _ := f.db.Setting(ctx, tt.key); after != before {
			t.Fatalf("a refused setting changed %s to %q", tt.key, after)
		}
	}
}
