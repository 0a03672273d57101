package store

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

// pinyinNames are the five names; pinyinOrder is how every list of
// names must give them back (ā, bái, chén, wáng, zhāng), not in code-point
// order (张 U+5F20 < 王 U+738B < 白 U+767D < 阿 U+963F < 陈 U+9648).
var (
	pinyinNames = []string{"张三", "阿丽", "王芳", "白云", "陈晨"}
	pinyinOrder = []string{"阿丽", "白云", "陈晨", "王芳", "张三"}
)

// sortNames sorts names by nameSortKey.
func sortNames(names []string) []string {
	out := slices.Clone(names)
	slices.SortStableFunc(out, compareNames)
	return out
}

// TestNameSortKey_Order: table of name lists and the pinyin order they
// must sort into.
func TestNameSortKey_Order(t *testing.T) {
	for _, tc := range []struct {
		what string
		want []string // in order; the test sorts them reversed and shuffled
	}{
		{"the issue's five", pinyinOrder},
		{"surname first, then given name", []string{"王芳", "王菲", "王小明", "张三", "张四"}},
		{"Latin letters before Han, case ignored first", []string{"alice", "Bob", "Smith", "阿丽"}},
		{"a shorter name first", []string{"王", "王芳", "王芳芳"}},
		{"单 as a surname is shàn, not dān", []string{"丁一", "单芳", "孙立"}},
		{"曾 as a surname is zēng, not céng", []string{"陈晨", "曾国藩", "赵一"}},
		{"区 as a surname is ōu, not qū", []string{"区小明", "潘安", "秦朗"}},
		{"仇 as a surname is qiú, not chóu", []string{"陈晨", "钱多", "仇英", "孙立"}},
		{"解 as a surname is xiè, not jiě", []string{"金一", "王芳", "解缙", "张三"}},
		{"朴 as a surname is piáo, not pǔ", []string{"潘安", "朴槿", "蒲松龄"}},
		{"查 as a surname is zhā, not chá", []string{"陈晨", "王芳", "查良镛"}},
		{"盖 as a surname is gě, not gài", []string{"高峰", "盖叫天", "郭靖"}},
		{"缪 as a surname is miào, not móu", []string{"孟子", "缪一", "莫言"}},
		{"翟 as a surname is zhái, not dí", []string{"邓超", "丁一", "翟欣"}},
		{"尉迟 as a surname is yùchí, not wèichí", []string{"王芳", "吴用", "尉迟恭", "张三"}},
		{"万俟 as a surname is mòqí, not wànsì", []string{"马云", "万俟卨", "孙立", "王芳"}},
		{"a surname's own reading after its homophone", []string{"善芳", "单芳"}},
		{"Extension A (䶮 yǎn) by its reading", []string{"王芳", "王䶮", "王一"}},
	} {
		t.Run(tc.what, func(t *testing.T) {
			in := slices.Clone(tc.want)
			slices.Reverse(in)
			if len(in) > 2 {
				in[0], in[1] = in[1], in[0]
			}
			if got := sortNames(in); !slices.Equal(got, tc.want) {
				t.Errorf("sorted %v, want %v", got, tc.want)
			}
		})
	}
}

// TestNameSortKey_Rare: characters the collation does not list (𠮷 Ext B,
// 𫖯 Ext C, 𬌗 Ext E, 𰻞 Ext G, a lone surrogate's replacement, an unassigned
// code point) neither panic nor sort at random: the same name always gets
// the same key, different names different keys, and the rare name stays
// with its surname's names.
func TestNameSortKey_Rare(t *testing.T) {
	names := []string{"吉𠮷", "赵孟𫖯", "李𬌗", "张𰻞", "王䶮", "吉\uFFFD", "吉\U000E01F0", "吉", "吉祥", ""}
	keys := map[string][]byte{}
	for _, n := range names {
		k := nameSortKey(n)
		if k == nil {
			t.Errorf("nameSortKey(%q) is nil", n)
		}
		if again := nameSortKey(n); !bytes.Equal(k, again) {
			t.Errorf("nameSortKey(%q) gave %x, then %x", n, k, again)
		}
		for m, other := range keys {
			if bytes.Equal(k, other) {
				t.Errorf("%q and %q have the same key %x", n, m, k)
			}
		}
		keys[n] = k
	}
	got := sortNames([]string{"赵孟𫖯", "张𰻞", "吉𠮷", "李𬌗", "王芳", "张三"})
	want := []string{"吉𠮷", "李𬌗", "王芳", "张𰻞", "张三", "赵孟𫖯"}
	if !slices.Equal(got, want) {
		t.Errorf("sorted %v, want %v", got, want)
	}
}

// TestNameSortKey_Concurrent: the pooled collators give the same keys from
// many goroutines at once (run with -race).
func TestNameSortKey_Concurrent(t *testing.T) {
	want := map[string][]byte{}
	for _, n := range append(pinyinNames, "单芳", "吉𠮷") {
		want[n] = nameSortKey(n)
	}
	done := make(chan bool)
	for g := 0; g < 8; g++ {
		go func() {
			ok := true
			for i := 0; i < 200; i++ {
				for n, k := range want {
					ok = ok && bytes.Equal(nameSortKey(n), k)
				}
			}
			done <- ok
		}()
	}
	for g := 0; g < 8; g++ {
		if !<-done {
			t.Error("a goroutine got another key")
		}
	}
}

// storedSortKey reads a customer's name_sort.
func storedSortKey(tb testing.TB, db *DB, id string) []byte {
	tb.Helper()
	var k []byte
	must(tb, db.db.QueryRow("SELECT name_sort FROM customers WHERE id = ?", id).Scan(&k))
	return k
}

// customerNamesInSortOrder lists all customers' names as the index on
// name_sort gives them.
func customerNamesInSortOrder(tb testing.TB, db *DB) []string {
	tb.Helper()
	rows, err := db.db.Query("SELECT name FROM customers ORDER BY name_sort, id")
	must(tb, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		must(tb, rows.Scan(&n))
		out = append(out, n)
	}
	must(tb, rows.Err())
	return out
}

// TestNameSort_WritePaths: every way a customer is written keeps its sort
// key in step with its name: creating, editing, adding a child, and the
// member import's update of an existing customer.
func TestNameSort_WritePaths(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	for _, n := range pinyinNames {
		f.member(t, n)
	}
	if got := customerNamesInSortOrder(t, f.db); !slices.Equal(got, pinyinOrder) {
		t.Fatalf("created: %v, want %v", got, pinyinOrder)
	}
	c := f.member(t, "吉𠮷")
	if k := storedSortKey(t, f.db, c.ID); !bytes.Equal(k, nameSortKey("吉𠮷")) {
		t.Fatalf("created 吉𠮷: name_sort %x, want %x", k, nameSortKey("吉𠮷"))
	}
	c.Name = "单芳"
	must(t, f.db.UpdateCustomer(ctx, f.clerk, c))
	if k := storedSortKey(t, f.db, c.ID); !bytes.Equal(k, nameSortKey("单芳")) {
		t.Fatalf("renamed 单芳: name_sort %x, want %x", k, nameSortKey("单芳"))
	}
	kid := &forms.Customer{Name: "白小宝", Gender: forms.GenderFemale, ParentID: c.ID, GuardianConsent: true,
		Birth: time.Date(2026, 11, 20, 0, 0, 0, 0, time.Local)}
	must(t, f.db.CreateCustomer(ctx, f.clerk, kid))
	if k := storedSortKey(t, f.db, kid.ID); !bytes.Equal(k, nameSortKey("白小宝")) {
		t.Fatalf("child: name_sort %x", k)
	}

	// The member import renames an existing customer (found by ID number).
	tx, err := f.db.begin(ctx)
	must(t, err)
	old, err := findCustomer(ctx, tx, c.ID)
	must(t, err)
	renamed := *old
	renamed.Name = "曾国藩"
	must(t, writeImportedUpdate(ctx, tx, old, &renamed))
	must(t, tx.commit())
	if k := storedSortKey(t, f.db, c.ID); !bytes.Equal(k, nameSortKey("曾国藩")) {
		t.Fatalf("imported 曾国藩: name_sort %x, want %x", k, nameSortKey("曾国藩"))
	}
	want := []string{"阿丽", "白小宝", "白云", "陈晨", "王芳", "曾国藩", "张三"}
	if got := customerNamesInSortOrder(t, f.db); !slices.Equal(got, want) {
		t.Fatalf("after the edits: %v, want %v", got, want)
	}
}

// undoNameSortMigration makes a database look as it did before 0016: no
// name_sort column or its index, the export's customer update trigger as
// 0014 made it, version 15.
func undoNameSortMigration(tb testing.TB, db *DB) {
	tb.Helper()
	_, err := db.db.Exec(`DROP INDEX customers_name_sort;
		ALTER TABLE customers DROP COLUMN name_sort;
		DROP TRIGGER changes_customers_update;
		CREATE TRIGGER changes_customers_update AFTER UPDATE ON customers
		BEGIN
			DELETE FROM changes WHERE tbl = 'customers' AND k1 = +OLD.id AND k2 = '' AND OLD.id IS NOT NEW.id;
			INSERT INTO changes (tbl, k1, k2) SELECT 'customers', OLD.id, '' WHERE OLD.id IS NOT NEW.id;
			DELETE FROM changes WHERE tbl = 'customers' AND k1 = +NEW.id AND k2 = '';
			INSERT INTO changes (tbl, k1, k2) VALUES ('customers', NEW.id, '');
		END;
		DELETE FROM schema_migrations WHERE version >= 16;
		PRAGMA user_version = 15`)
	must(tb, err)
}

// TestMigration0016_Backfill: a station upgraded with customers gets every
// customer's sort key at Open, in batches each committed on its own (an
// interrupted start resumes), without a change entry for head office
// (the names did not change), and the lists come in pinyin order.
func TestMigration0016_Backfill(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	var ids []string
	for _, n := range append(pinyinNames, "吉𠮷", "张𰻞") {
		ids = append(ids, f.member(t, n).ID)
	}
	undoNameSortMigration(t, f.db)
	before := topChangeOf(t, f.db, "customers")
	var changesBefore int
	must(t, f.db.db.QueryRow("SELECT count(*) FROM changes").Scan(&changesBefore))
	path := f.db.Path()
	f.db.Close()

	// A start stopped after the first batch keeps that batch.
	defer func(n int) { nameSortBatchSize = n }(nameSortBatchSize)
	nameSortBatchSize = 3
	db := mustOpenPath(t, path, f.clk)
	_, err := db.db.Exec("UPDATE customers SET name_sort = NULL")
	must(t, err)
	conn, err := db.db.Conn(ctx)
	must(t, err)
	n, _, err := nameSortBatch(ctx, conn, 0)
	must(t, err)
	conn.Close()
	var left int
	must(t, db.db.QueryRow("SELECT count(*) FROM customers WHERE name_sort IS NULL").Scan(&left))
	if n != 3 || left != len(ids)-3 {
		t.Fatalf("one batch keyed %d, left %d; want 3 and %d", n, left, len(ids)-3)
	}
	db.Close()
	db = mustOpenPath(t, path, f.clk)

	var version int
	must(t, db.db.QueryRow("PRAGMA user_version").Scan(&version))
	if version < 16 {
		t.Fatalf("user_version %d after reopening", version)
	}
	names := []string{"张三", "阿丽", "王芳", "白云", "陈晨", "吉𠮷", "张𰻞"}
	for i, id := range ids {
		if k := storedSortKey(t, db, id); !bytes.Equal(k, nameSortKey(names[i])) {
			t.Errorf("%s: name_sort %x, want %x", names[i], k, nameSortKey(names[i]))
		}
	}
	want := []string{"阿丽", "白云", "陈晨", "吉𠮷", "王芳", "张𰻞", "张三"}
	if got := customerNamesInSortOrder(t, db); !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
	var changesAfter int
	must(t, db.db.QueryRow("SELECT count(*) FROM changes").Scan(&changesAfter))
	if top := topChangeOf(t, db, "customers"); top != before || changesAfter != changesBefore {
		t.Errorf("the backfill recorded changes: customers' newest seq %d → %d, entries %d → %d",
			before, top, changesBefore, changesAfter)
	}
	// A real edit is still recorded for head office.
	c, err := db.Customer(ctx, ids[0])
	must(t, err)
	c.Mobile = "13900000000"
	must(t, db.UpdateCustomer(ctx, f.clerk, c))
	if top := topChangeOf(t, db, "customers"); top <= before {
		t.Errorf("an edit after the upgrade recorded no change (newest seq %d)", top)
	}
	// Nothing is left to do: the next start keys nobody.
	if n, err := db.backfillNameSort(ctx); err != nil || n != 0 {
		t.Errorf("second backfill keyed %d, %v", n, err)
	}
}

// TestNameSort_ChangeTrigger: the export's update trigger on customers
// (0016) watches exactly the exported columns of customers, so an edit of
// any of them reaches head office, and the backfill's name_sort does not.
func TestNameSort_ChangeTrigger(t *testing.T) {
	db := mustOpenDB(t)
	var sqlText string
	must(t, db.db.QueryRow("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'changes_customers_update'").Scan(&sqlText))
	m := regexp.MustCompile(`(?s)AFTER UPDATE OF (.*?) ON customers`).FindStringSubmatch(sqlText)
	if m == nil {
		t.Fatalf("changes_customers_update is not AFTER UPDATE OF …:\n%s", sqlText)
	}
	var cols []string
	for _, c := range strings.Split(m[1], ",") {
		cols = append(cols, strings.TrimSpace(c))
	}
	et, _ := ExportTableByName("customers")
	if want := et.ColumnNames(); !slices.Equal(cols, want) {
		t.Errorf("trigger watches %v;\nexported columns are %v", cols, want)
	}
}

// namesOf returns the names in the order given, keeping only those in keep.
func namesOf[T any](items []T, name func(T) string, keep []string) []string {
	var out []string
	for _, it := range items {
		if n := name(it); slices.Contains(keep, n) {
			out = append(out, n)
		}
	}
	return out
}

// TestNameOrder_RefundDesk: the refund desk (HeldDeposits, whose rows the
// deposit list PDF prints) and the month report's deposits held stay
// oldest first (SPEC), and deposits taken at the same moment — paper
// deposits entered for one date all have its noon — come in pinyin order
// of the names, not by the deposits' random ids.
func TestNameOrder_RefundDesk(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	f.lend(t, "张老")
	f.clk.Add(time.Minute)
	for _, n := range pinyinNames {
		f.lend(t, n)
	}
	want := append([]string{"张老"}, pinyinOrder...)
	held, err := f.db.HeldDeposits(ctx, "")
	must(t, err)
	if got := namesOf(held, func(d forms.Deposit) string { return d.CustomerName }, want); !slices.Equal(got, want) {
		t.Errorf("refund desk: %v, want %v", got, want)
	}
	// A search that finds several keeps the order.
	held, err = f.db.HeldDeposits(ctx, "0000")
	must(t, err)
	if got := namesOf(held, func(d forms.Deposit) string { return d.CustomerName }, want); !slices.Equal(got, want) {
		t.Errorf("refund desk searched by mobile: %v, want %v", got, want)
	}
	rep, err := f.db.MonthReport(ctx, 2026, time.November)
	must(t, err)
	if got := namesOf(rep.Held, func(d forms.Deposit) string { return d.CustomerName }, want); !slices.Equal(got, want) {
		t.Errorf("month report's deposits held: %v, want %v", got, want)
	}
}

// TestNameOrder_OverdueMembers: the members behind with their fees (the
// reminders' fees line opens this list), equally behind, come in pinyin
// order.
func TestNameOrder_OverdueMembers(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	_, err := f.db.SaveServiceVersion(ctx, f.sup, renewService())
	must(t, err)
	for _, n := range pinyinNames {
		f.member(t, n) // members since 2020-07-01 who never paid: equally behind
	}
	list, err := f.db.OverdueMembers(ctx, 100)
	must(t, err)
	if got := namesOf(list, func(c forms.Customer) string { return c.Name }, pinyinOrder); !slices.Equal(got, pinyinOrder) {
		t.Errorf("overdue members: %v, want %v", got, pinyinOrder)
	}
}

// TestNameOrder_Reminders: reminder lines alike but for the people (five
// children born the same day, not yet registered) come in pinyin order:
// by the parent's name (the line's customer), and a parent's children by
// theirs.
func TestNameOrder_Reminders(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	born := time.Date(2026, 11, 20, 0, 0, 0, 0, time.Local)
	for _, n := range pinyinNames {
		parent := f.member(t, n)
		must(t, f.db.CreateCustomer(ctx, f.clerk, &forms.Customer{Name: n + "的孩子", Gender: forms.GenderFemale,
			ParentID: parent.ID, GuardianConsent: true, Birth: born}))
	}
	twins := f.member(t, "多胞胎家长")
	for _, n := range pinyinNames {
		must(t, f.db.CreateCustomer(ctx, f.clerk, &forms.Customer{Name: n, Gender: forms.GenderFemale,
			ParentID: twins.ID, GuardianConsent: true, Birth: born}))
	}
	toDay(f, "2026-12-15") // the children's limit is in 5 days
	rs, err := f.db.Reminders(ctx)
	must(t, err)
	if got := namesOf(rs.Items, func(r forms.Reminder) string { return r.CustomerName }, pinyinOrder); !slices.Equal(got, pinyinOrder) {
		t.Errorf("reminders by parent: %v, want %v", got, pinyinOrder)
	}
	var kids []string
	for _, r := range rs.Items {
		if r.CustomerName == twins.Name {
			kids = append(kids, r.Subject)
		}
	}
	if !slices.Equal(kids, pinyinOrder) {
		t.Errorf("one parent's children: %v, want %v", kids, pinyinOrder)
	}
}

// TestNameOrder_Search: the customer search's results (the customer list)
// come in pinyin order.
func TestNameOrder_Search(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	for _, n := range pinyinNames {
		f.member(t, n) // all born 1992-03-15 in 510113: one ID prefix finds them
	}
	found, err := f.db.SearchCustomers(ctx, "5101131992", 50)
	must(t, err)
	if got := namesOf(found, func(c forms.Customer) string { return c.Name }, pinyinOrder); !slices.Equal(got, pinyinOrder) {
		t.Errorf("search results: %v, want %v", got, pinyinOrder)
	}
}

// TestNameSort_EveryWriteSetsKey reads the store's own source: every
// statement that inserts a customer or sets a customer's name also sets
// name_sort, so a new write path cannot leave the lists out of order until
// the next start.
func TestNameSort_EveryWriteSetsKey(t *testing.T) {
	files, err := filepath.Glob("*.go")
	must(t, err)
	stmt := regexp.MustCompile("(?s)(INSERT INTO customers\\b|UPDATE customers SET)[^`\"]*")
	setsName := regexp.MustCompile(`(?:^|[\s,(])name\s*=`)
	seen := 0
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		src, err := os.ReadFile(file)
		must(t, err)
		for _, s := range stmt.FindAllString(string(src), -1) {
			if strings.HasPrefix(s, "INSERT") || setsName.MatchString(s) {
				seen++
				if !strings.Contains(s, "name_sort") {
					t.Errorf("%s: %q writes a customer's name without name_sort", file, strings.Join(strings.Fields(s), " "))
				}
			}
		}
	}
	if seen < 3 { // insertCustomer, updateCustomer, writeImportedUpdate
		t.Errorf("found %d statements writing a customer's name; the pattern no longer sees them", seen)
	}
}

// TestNameSort_BulkBackfill: with nameSortBulkAt or more customers to key
// the backfill drops the index and builds it again, exactly as 0016 made
// it (a backup's schema check compares them); a start interrupted with the
// index dropped finishes the keys and makes the index.
func TestNameSort_BulkBackfill(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	for _, n := range pinyinNames {
		f.member(t, n)
	}
	defer func(at, size int) { nameSortBulkAt, nameSortBatchSize = at, size }(nameSortBulkAt, nameSortBatchSize)
	nameSortBulkAt, nameSortBatchSize = 3, 2
	schemaIntact := func(what string) {
		t.Helper()
		if diff, err := schemaDifference(ctx, f.db.db, len(migrationFiles())); err != nil || diff != "" {
			t.Fatalf("%s: schema differs from the migrations': %q, %v", what, diff, err)
		}
		if got := customerNamesInSortOrder(t, f.db); !slices.Equal(got, pinyinOrder) {
			t.Fatalf("%s: order %v, want %v", what, got, pinyinOrder)
		}
		var left int
		must(t, f.db.db.QueryRow("SELECT count(*) FROM customers WHERE name_sort IS NULL").Scan(&left))
		if left != 0 {
			t.Fatalf("%s: %d customers without a key", what, left)
		}
	}
	_, err := f.db.db.Exec("UPDATE customers SET name_sort = NULL")
	must(t, err)
	if n, err := f.db.backfillNameSort(ctx); err != nil || n != len(pinyinNames) {
		t.Fatalf("bulk backfill keyed %d, %v", n, err)
	}
	schemaIntact("after the bulk backfill")

	// Interrupted after dropping the index and keying some.
	_, err = f.db.db.Exec("DROP INDEX customers_name_sort; UPDATE customers SET name_sort = NULL WHERE rowid % 2 = 0")
	must(t, err)
	path := f.db.Path()
	f.db.Close()
	f.db = mustOpenPath(t, path, f.clk)
	schemaIntact("after the interrupted backfill's next start")
}
