package store

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

func TestDB_CreateCustomer(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	id := testID("330106", "19950607", 123)

	t.Run("OK", func(t *testing.T) {
		c := &forms.Customer{Name: " 王　小芳 ", IDNumber: " " + strings.ToLower(id) + "\r\n", Mobile: "+86 138-1234-5678",
			Address: "成都市青白江区", Marital: forms.MaritalSingle}
		must(t, f.db.CreateCustomer(ctx, f.clerk, c))
		if c.ID == "" || !c.CreatedAt.Equal(testStart) || c.IDNumber != id || c.Mobile != "13812345678" {
			t.Fatalf("customer = %+v", c)
		}
		got, err := f.db.Customer(ctx, c.ID)
		must(t, err)
		if got.Name != "王 小芳" || got.Gender != forms.GenderMale || got.Birth.Format(forms.DateLayout) != "1995-06-07" ||
			got.IDKind != forms.IDResident || !got.CreatedAt.Equal(testStart) {
			t.Fatalf("stored customer = %+v", got)
		}
		e := lastAudit(t, f.db, c.ID, ActCustomerCreate)
		if e.Before != "" || !strings.Contains(e.After, id) || e.UserName != clerkNm {
			t.Fatalf("audit = %+v", e)
		}
	})
	t.Run("ErrDuplicateIDNumber", func(t *testing.T) {
		n := auditCount(t, f.db)
		c := &forms.Customer{Name: "王晓芳", IDNumber: id, Mobile: "13912345678"}
		err := f.db.CreateCustomer(ctx, f.clerk, c)
		assertErr(t, err, forms.ECONFLICT, "该身份证号码已有客户档案（王 小芳），已为您打开")
		got, err := f.db.CustomerByIDNumber(ctx, " "+toFullWidth(id)+"\n")
		must(t, err)
		if got.Name != "王 小芳" {
			t.Fatalf("CustomerByIDNumber = %+v", got)
		}
		if auditCount(t, f.db) != n {
			t.Fatal("a refused create wrote to the audit log")
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		err := f.db.CreateCustomer(ctx, f.clerk, &forms.Customer{Name: "李四", IDNumber: id[:17] + "0", Mobile: "13912345678"})
		assertErr(t, err, forms.EINVALID, "校验位")
		err = f.db.CreateCustomer(ctx, f.clerk, &forms.Customer{Name: "李四", IDNumber: testID("330106", "19950607", 124)})
		assertErr(t, err, forms.EINVALID, "手机号码")
	})
	t.Run("ChildWithoutID", func(t *testing.T) {
		parent, err := f.db.CustomerByIDNumber(ctx, id)
		must(t, err)
		child := &forms.Customer{Name: "王小宝", ParentID: parent.ID, Birth: time.Date(2026, 11, 1, 0, 0, 0, 0, time.Local),
			Gender: forms.GenderFemale, GuardianConsent: true}
		must(t, f.db.CreateCustomer(ctx, f.clerk, child))
		child2 := &forms.Customer{Name: "王二宝", ParentID: parent.ID, Birth: time.Date(2026, 11, 1, 0, 0, 0, 0, time.Local),
			Gender: forms.GenderMale, GuardianConsent: true}
		must(t, f.db.CreateCustomer(ctx, f.clerk, child2)) // two customers without ID numbers
		err = f.db.CreateCustomer(ctx, f.clerk, &forms.Customer{Name: "无名", ParentID: "no-such-id",
			Birth: time.Date(2026, 11, 1, 0, 0, 0, 0, time.Local), Gender: forms.GenderMale, GuardianConsent: true})
		assertErr(t, err, forms.EINVALID, "父母档案不存在")
	})
}

func TestDB_UpdateCustomer(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	a := f.member(t, "陈静")
	b := f.member(t, "刘洋")

	t.Run("OK", func(t *testing.T) {
		c, err := f.db.Customer(ctx, a.ID)
		must(t, err)
		oldMobile := c.Mobile
		c.Mobile = "13698765432"
		c.Name = "陈静怡"
		f.clk.Add(time.Hour)
		must(t, f.db.UpdateCustomer(ctx, f.clerk, c))
		got, err := f.db.Customer(ctx, a.ID)
		must(t, err)
		if got.Name != "陈静怡" || got.Mobile != "13698765432" || !got.CreatedAt.Equal(testStart) ||
			!got.UpdatedAt.Equal(testStart.Add(time.Hour)) {
			t.Fatalf("updated = %+v", got)
		}
		e := lastAudit(t, f.db, a.ID, ActCustomerUpdate)
		var before, after forms.Customer
		must(t, json.Unmarshal([]byte(e.Before), &before))
		must(t, json.Unmarshal([]byte(e.After), &after))
		if before.Mobile != oldMobile || before.Name != "陈静" || after.Mobile != "13698765432" || after.Name != "陈静怡" {
			t.Fatalf("audit before/after = %s / %s", e.Before, e.After)
		}
		// The search index follows the record.
		if got := searchNames(t, f.db, "静怡"); !slices.Equal(got, []string{"陈静怡"}) {
			t.Fatalf("search 静怡 = %v", got)
		}
		if got := searchNames(t, f.db, oldMobile[7:]); len(got) != 0 {
			t.Fatalf("old mobile still found: %v", got)
		}
		if got := searchNames(t, f.db, "5432"); !slices.Equal(got, []string{"陈静怡"}) {
			t.Fatalf("new mobile not found: %v", got)
		}
	})
	t.Run("NoChangeNoAudit", func(t *testing.T) {
		c, err := f.db.Customer(ctx, a.ID)
		must(t, err)
		n := auditCount(t, f.db)
		must(t, f.db.UpdateCustomer(ctx, f.clerk, c))
		if auditCount(t, f.db) != n {
			t.Fatal("an update that changed nothing was logged")
		}
	})
	t.Run("ErrOtherCustomersIDNumber", func(t *testing.T) {
		c, err := f.db.Customer(ctx, a.ID)
		must(t, err)
		c.IDNumber = b.IDNumber
		err = f.db.UpdateCustomer(ctx, f.clerk, c)
		assertErr(t, err, forms.ECONFLICT, "已属于另一位客户（刘洋）")
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		c := *b
		c.ID = "no-such-id"
		assertErr(t, f.db.UpdateCustomer(ctx, f.clerk, &c), forms.ENOTFOUND, "找不到")
	})
}

func TestDB_ViewCustomer(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	c := f.member(t, "杨帆")
	got, err := f.db.ViewCustomer(ctx, f.clerk, c.ID)
	must(t, err)
	if got.IDNumber != c.IDNumber {
		t.Fatalf("viewed = %+v", got)
	}
	e := lastAudit(t, f.db, c.ID, ActCustomerView)
	if e.UserID != f.clerk.UserID {
		t.Fatalf("view audit = %+v", e)
	}
	_, err = f.db.ViewCustomer(ctx, forms.Actor{}, c.ID)
	assertErr(t, err, forms.EUNAUTHORIZED, "重新登录")
}

func searchNames(tb testing.TB, db *DB, q string) []string {
	tb.Helper()
	cs, err := db.SearchCustomers(context.Background(), q, 50)
	must(tb, err)
	var names []string
	for _, c := range cs {
		names = append(names, c.Name)
	}
	return names
}

func TestDB_SearchCustomers(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	add := func(name, id, mobile string) *forms.Customer {
		c := &forms.Customer{Name: name, IDNumber: id, Mobile: mobile}
		must(t, f.db.CreateCustomer(ctx, f.clerk, c))
		return c
	}
	wxf := add("王小芳", testID("510113", "19900101", 11), "13800001111")
	add("王芳", testID("510113", "19910202", 22), "13800002222")
	add("李小芳", testID("510113", "19920303", 33), "13900001111")
	add("张伟", testID("510113", "19930404", 44), "13700003333")
	add("Anna Müller", testID("810000", "19940505", 55), "13600004444")
	add("欧阳芳芳", testID("510113", "19950606", 66), "13500005555") // two suffixes start with 芳

	for _, tc := range []struct {
		name, query string
		want        []string
	}{
		{"2-char name substring", "小芳", []string{"李小芳", "王小芳"}},
		{"2-char name whole", "王芳", []string{"王芳"}},
		{"1-char", "芳", []string{"李小芳", "欧阳芳芳", "王芳", "王小芳"}}, // pinyin order
		{"repeated character once", "芳芳", []string{"欧阳芳芳"}},
		{"surname prefix", "王", []string{"王芳", "王小芳"}},
		{"latin name, case and spaces", "anna mü", []string{"Anna Müller"}},
		{"ID last 4", wxf.IDNumber[14:], []string{"王小芳"}},
		{"ID last 6", wxf.IDNumber[12:], []string{"王小芳"}},
		{"full ID with card reader Enter", wxf.IDNumber + "\r\n", []string{"王小芳"}},
		{"full ID full-width", toFullWidth(wxf.IDNumber), []string{"王小芳"}},
		{"ID prefix", wxf.IDNumber[:10], []string{"王小芳"}},
		{"phone", "13800001111", []string{"王小芳"}},
		{"phone with spaces", "138 0000 1111", []string{"王小芳"}},
		{"phone last 4", "1111", []string{"李小芳", "王小芳"}},
		{"too few digits", "13", nil},
		{"no match", "赵", nil},
		{"empty", "  ", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := searchNames(t, f.db, tc.query); !slices.Equal(got, tc.want) {
				t.Fatalf("SearchCustomers(%q) = %v, want %v", tc.query, got, tc.want)
			}
		})
	}
	t.Run("Limit", func(t *testing.T) {
		cs, err := f.db.SearchCustomers(ctx, "芳", 2)
		must(t, err)
		if len(cs) != 2 {
			t.Fatalf("limit 2 gave %d", len(cs))
		}
	})
}

func toFullWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '!' && r <= '~' {
			r += 0xFF01 - '!'
		}
		b.WriteRune(r)
	}
	return b.String()
}

func TestSearchPlanUsesIndex(t *testing.T) {
	// Every part of a search must be a lookup or range on the terms' primary
	// key, never a scan of customers or terms.
	db := mustOpenDB(t)
	ctx := context.Background()
	for _, q := range []string{"王芳", "1234", "13800001111", "wf", "w", "wangfang"} {
		p := planSearch(q)
		var parts []string
		var args []any
		for _, term := range p.terms {
			parts = append(parts, "SELECT DISTINCT customer_id FROM customer_terms WHERE term = ?")
			args = append(args, term)
		}
		for _, pre := range p.prefixes {
			parts = append(parts, "SELECT DISTINCT customer_id FROM customer_terms WHERE term >= ? AND term < ?")
			args = append(args, pre, pre+"\U0010FFFF")
		}
		rows, err := db.db.QueryContext(ctx, "EXPLAIN QUERY PLAN SELECT c.id FROM ("+strings.Join(parts, " UNION ")+
			") t CROSS JOIN customers c ON c.id = t.customer_id ORDER BY c.name LIMIT 50", args...)
		must(t, err)
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			must(t, rows.Scan(&id, &parent, &unused, &detail))
			plan = append(plan, detail)
		}
		rows.Close()
		t.Logf("%s: %v", q, plan)
		for _, d := range plan {
			if strings.HasPrefix(d, "SCAN c") || strings.HasPrefix(d, "SCAN customer") {
				t.Fatalf("query %q scans a table: %v", q, plan)
			}
		}
	}
}
