package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"counterdesk/forms"
)

func TestNameReadings(t *testing.T) {
	for _, tc := range []struct {
		name           string
		full, initials []string // every reading, usual first
		notFull        string   // a reading that must NOT be indexed
	}{
		{name: "王芳", full: []string{"wangfang"}, initials: []string{"wf"}},
		{name: "王 芳", full: []string{"wangfang"}, initials: []string{"wf"}},
		// Surnames read as surnames first, then as the character usually
		// is (a clerk may not know the surname's reading; issue 16).
		{name: "单田芳", full: []string{"shantianfang", "dantianfang", "chantianfang"}, initials: []string{"stf", "dtf", "ctf"}},
		{name: "曾国藩", full: []string{"zengguofan", "cengguofan"}, initials: []string{"zgf", "cgf"}},
		{name: "区小平", full: []string{"ouxiaoping", "quxiaoping"}, initials: []string{"oxp", "qxp"}},
		{name: "仇英", full: []string{"qiuying", "chouying"}, initials: []string{"qy", "cy"}},
		{name: "解缙", full: []string{"xiejin", "jiejin"}, initials: []string{"xj", "jj"}},
		{name: "朴树", full: []string{"piaoshu", "pushu"}, initials: []string{"ps"}},
		{name: "查良镛", full: []string{"zhaliangyong", "chaliangyong"}, initials: []string{"zly", "cly"}},
		{name: "缪斯", full: []string{"miaosi", "mousi", "miusi"}, initials: []string{"ms"}},
		{name: "翟天临", full: []string{"zhaitianlin", "ditianlin"}, initials: []string{"ztl", "dtl"}},
		// Compound surnames win over the single one they begin with.
		{name: "尉迟恭", full: []string{"yuchigong"}, initials: []string{"ycg"}, notFull: "weichigong"},
		{name: "万俟卨", full: []string{"moqixie"}, initials: []string{"mqx"}, notFull: "wanqixie"},
		{name: "单于", full: []string{"chanyu"}, initials: []string{"cy"}},
		// A surname with two readings in use keeps both.
		{name: "乐嘉", full: []string{"yuejia", "lejia"}, initials: []string{"yj", "lj"}},
		// An ambiguous given name is read every way (usual first).
		{name: "王乐", full: []string{"wangle", "wangyue"}, initials: []string{"wl", "wy"}},
		{name: "李长青", full: []string{"lichangqing", "lizhangqing"}, initials: []string{"lcq", "lzq"}},
		// go-pinyin's rare readings are not indexed (王 yù, 平 bìng, 英 yāng).
		{name: "王平", full: []string{"wangping"}, initials: []string{"wp"}},
		// ü as a pinyin IME types it.
		{name: "吕女士", full: []string{"lvnvshi"}, initials: []string{"lns"}},
		// Rare characters: go-pinyin does not know 𠮷 (rareReadings reads
		// it jí); it knows 𰻞 biáng, 䶮 yǎn, 𫖯 fǔ.
		{name: "吉𠮷", full: []string{"jiji"}, initials: []string{"jj"}},
		{name: "张𰻞", full: []string{"zhangbiang"}, initials: []string{"zb"}},
		{name: "王䶮", full: []string{"wangyan"}, initials: []string{"wy"}},
		{name: "赵孟𫖯", full: []string{"zhaomengfu"}, initials: []string{"zmf"}},
		// Transliterated and Latin: the separators go as nameKey drops them;
		// a Latin run is one syllable.
		{name: "阿卜杜·热合曼", full: []string{"abudureheman", "ebudureheman", "abodureheman", "ebodureheman"}, initials: []string{"abdrhm", "ebdrhm"}},
		{name: "Anna王", full: []string{"annawang"}, initials: []string{"aw"}},
		{name: "Anna Müller", full: nil, initials: nil},
		{name: "", full: nil, initials: nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			full, initials := nameReadings(tc.name)
			if !slices.Equal(full, tc.full) || !slices.Equal(initials, tc.initials) {
				t.Fatalf("nameReadings(%q) = %q, %q; want %q, %q", tc.name, full, initials, tc.full, tc.initials)
			}
			if tc.notFull != "" && slices.Contains(full, tc.notFull) {
				t.Fatalf("nameReadings(%q) has the non-surname reading %q", tc.name, tc.notFull)
			}
		})
	}
}

// TestNameReadings_Bounded: a name every character of which has several
// readings is indexed under at most maxNameReadings of them, the usual
// reading first and each one-character alternative before any two.
func TestNameReadings_Bounded(t *testing.T) {
	full, initials := nameReadings("王长乐行重")
	if len(full) != maxNameReadings || len(initials) > maxNameReadings {
		t.Fatalf("%d readings %q, %d initials %q; want %d at most", len(full), full, len(initials), initials, maxNameReadings)
	}
	if full[0] != "wangchanglexingzhong" {
		t.Fatalf("first reading %q, want the usual wangchanglexingzhong", full[0])
	}
	for _, f := range full[1:] {
		diff := 0
		for _, p := range []string{"chang", "le", "xing", "zhong"} {
			if !strings.Contains(f, p) {
				diff++
			}
		}
		if diff != 1 {
			t.Fatalf("reading %q differs from the usual one in %d characters; want 1 (%q)", f, diff, full)
		}
	}
}

func TestPinyinTerms(t *testing.T) {
	got := pinyinTerms("王小芳")
	slices.Sort(got)
	want := []string{"j:f", "j:wxf", "j:xf", "y:fang", "y:wangxiaofang", "y:xiaofang"}
	if !slices.Equal(got, want) {
		t.Fatalf("pinyinTerms(王小芳) = %q, want %q", got, want)
	}
}

func pinyinFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	for _, n := range []string{"王芳", "王小芳", "单田芳", "曾国藩", "区小平", "仇英", "解缙", "王乐", "Anna Müller",
		"吉𠮷", "张𰻞", "赵孟𫖯", "吕女士"} {
		f.member(t, n)
	}
	return f
}

// sorted returns the names sorted, for results whose order another test
// checks.
func sortedNames(names []string) []string {
	names = slices.Clone(names)
	slices.Sort(names)
	return names
}

func TestDB_SearchCustomers_Pinyin(t *testing.T) {
	f := pinyinFixture(t)
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"wf", []string{"王芳"}},
		{"wangfang", []string{"王芳"}},
		{"WangFang", []string{"王芳"}},
		{"wang fang", []string{"王芳"}},
		{"WF", []string{"王芳"}},
		{"wangf", []string{"王芳"}},
		// A run of whole syllables or initials inside the name.
		{"fang", []string{"单田芳", "王小芳", "王芳"}},
		{"xiaof", []string{"王小芳"}},
		{"xf", []string{"王小芳"}},
		{"w", []string{"王乐", "王小芳", "王芳"}},
		// Surname readings, and the usual reading of the character too.
		{"shantianfang", []string{"单田芳"}},
		{"stf", []string{"单田芳"}},
		{"dantianfang", []string{"单田芳"}},
		{"zengguofan", []string{"曾国藩"}},
		{"cengguofan", []string{"曾国藩"}},
		{"ouxiaoping", []string{"区小平"}},
		{"quxiaoping", []string{"区小平"}},
		{"qiuying", []string{"仇英"}},
		{"xiejin", []string{"解缙"}},
		// An ambiguous name is found by each reading.
		{"wangle", []string{"王乐"}},
		{"wangyue", []string{"王乐"}},
		{"wy", []string{"王乐"}},
		// Rare characters: the rest of the name reads.
		{"zhangbiang", []string{"张𰻞"}},
		{"zmf", []string{"赵孟𫖯"}},
		{"lvnv", []string{"吕女士"}},
		{"lünü", []string{"吕女士"}},
		{"jiji", []string{"吉𠮷"}},
		// A Latin name is found as before; Chinese ones too.
		{"anna", []string{"Anna Müller"}},
		{"王芳", []string{"王芳"}},
		{"吉𠮷", []string{"吉𠮷"}},
		{"𠮷", []string{"吉𠮷"}},
		{"zzz", nil},
	} {
		t.Run(tc.query, func(t *testing.T) {
			if got := sortedNames(searchNames(t, f.db, tc.query)); !slices.Equal(got, tc.want) {
				t.Fatalf("SearchCustomers(%q) = %v, want %v", tc.query, got, tc.want)
			}
		})
	}
}

// pinyinTermsOf returns the y: and j: terms stored for a customer.
func pinyinTermsOf(t *testing.T, db *DB, id string) []string {
	t.Helper()
	rows, err := db.db.Query("SELECT term FROM customer_terms WHERE customer_id = ? AND (term LIKE 'y:%' OR term LIKE 'j:%') ORDER BY term", id)
	must(t, err)
	defer rows.Close()
	var terms []string
	for rows.Next() {
		var s string
		must(t, rows.Scan(&s))
		terms = append(terms, s)
	}
	return terms
}

func TestDB_SearchCustomers_PinyinRename(t *testing.T) {
	ctx := context.Background()
	f := pinyinFixture(t)
	c := f.member(t, "陈静")
	if got := searchNames(t, f.db, "chenjing"); !slices.Equal(got, []string{"陈静"}) {
		t.Fatalf("chenjing = %v", got)
	}
	c, err := f.db.Customer(ctx, c.ID)
	must(t, err)
	c.Name = "单静怡"
	must(t, f.db.UpdateCustomer(ctx, f.clerk, c))
	for q, want := range map[string][]string{"chenjing": nil, "chenj": nil, "shanjingyi": {"单静怡"}, "sjy": {"单静怡"}, "jingyi": {"单静怡"}} {
		if got := searchNames(t, f.db, q); !slices.Equal(got, want) {
			t.Errorf("after the rename, %s = %v, want %v", q, got, want)
		}
	}
	want := []string{"j:cjy", "j:djy", "j:jy", "j:sjy", "j:y", "y:chanjingyi", "y:danjingyi", "y:jingyi", "y:shanjingyi", "y:yi"}
	if got := pinyinTermsOf(t, f.db, c.ID); !slices.Equal(got, want) {
		t.Fatalf("terms after the rename = %q, want %q (the old readings must be gone)", got, want)
	}
}

// TestDB_SearchCustomers_PinyinRefused: a refused save still says what it
// said, and writes no pinyin term.
func TestDB_SearchCustomers_PinyinRefused(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	var before int
	must(t, f.db.db.QueryRow("SELECT count(*) FROM customer_terms").Scan(&before))
	err := f.db.CreateCustomer(ctx, f.clerk, &forms.Customer{Name: "单田芳", IDNumber: testID("510113", "19900101", 1)[:17] + "0", Mobile: "13912345678"})
	assertErr(t, err, forms.EINVALID, "校验位")
	err = f.db.CreateCustomer(ctx, f.clerk, &forms.Customer{Name: "单田芳", IDNumber: testID("510113", "19900101", 1)})
	assertErr(t, err, forms.EINVALID, "手机号码")
	var after int
	must(t, f.db.db.QueryRow("SELECT count(*) FROM customer_terms").Scan(&after))
	if after != before {
		t.Fatalf("refused saves left %d search terms", after-before)
	}
	if got := searchNames(t, f.db, "stf"); got != nil {
		t.Fatalf("refused customer found: %v", got)
	}
}

// dropPinyinTerms makes a database look as one stored before 0015: no
// pinyin terms, and 0015's backfill row as the migration leaves it.
func dropPinyinTerms(t *testing.T, db *DB) {
	t.Helper()
	_, err := db.db.Exec(`DELETE FROM customer_terms WHERE term >= 'j:' AND term < 'j;' OR term >= 'y:' AND term < 'y;';
		INSERT INTO search_backfill (name, after) VALUES ('pinyin', '')`)
	must(t, err)
}

// TestBackfillPinyin: customers stored before the pinyin search are found
// by pinyin once the database is opened; a backfill killed midway resumes
// from the progress it recorded, and the row is gone when it is done.
func TestBackfillPinyin(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	var names []string
	for i := range 7 {
		n := fmt.Sprintf("王%c芳", []rune("一二三四五六七")[i])
		names = append(names, n)
		f.member(t, n)
	}
	dropPinyinTerms(t, f.db)
	if got := searchNames(t, f.db, "fang"); got != nil {
		t.Fatalf("before the backfill fang found %v", got)
	}
	defer func(n int) { pinyinBackfillBatch = n }(pinyinBackfillBatch)
	pinyinBackfillBatch = 3
	// One batch, then the program is killed.
	n, more, err := f.db.backfillPinyinBatch(ctx)
	must(t, err)
	if n != 3 || !more {
		t.Fatalf("first batch = %d, %v", n, more)
	}
	var after string
	must(t, f.db.db.QueryRow("SELECT after FROM search_backfill WHERE name = 'pinyin'").Scan(&after))
	var done int
	must(t, f.db.db.QueryRow("SELECT count(*) FROM customers WHERE id <= ?", after).Scan(&done))
	if done != 3 {
		t.Fatalf("progress %q covers %d customers, want 3", after, done)
	}
	if got := len(searchNames(t, f.db, "fang")); got != 3 {
		t.Fatalf("after one batch fang found %d, want 3", got)
	}
	path := f.db.Path()
	f.db.Close()

	db := mustOpenPath(t, path, f.clk)
	if got := sortedNames(searchNames(t, db, "fang")); !slices.Equal(got, sortedNames(names)) {
		t.Fatalf("after reopening fang = %v, want %v", got, names)
	}
	if got := searchNames(t, db, "wangsanfang"); !slices.Equal(got, []string{"王三芳"}) {
		t.Fatalf("wangsanfang = %v", got)
	}
	var rows int
	must(t, db.db.QueryRow("SELECT count(*) FROM search_backfill WHERE name = 'pinyin'").Scan(&rows))
	if rows != 0 {
		t.Fatalf("%d backfill rows left after it finished", rows)
	}
	// Nothing left to do: the next Open does nothing.
	n, err = db.backfillPinyin(ctx)
	if err != nil || n != 0 {
		t.Fatalf("backfill after done = %d, %v", n, err)
	}
}

// TestMigration0015_NewDatabase: a new database has nothing to backfill,
// so Open finishes the backfill 0015 asks for at once.
func TestMigration0015_NewDatabase(t *testing.T) {
	db := mustOpenDB(t)
	var version, rows int
	must(t, db.db.QueryRow("SELECT count(*) FROM schema_migrations WHERE version = 15").Scan(&version))
	must(t, db.db.QueryRow("SELECT count(*) FROM search_backfill WHERE name = 'pinyin'").Scan(&rows))
	if version != 1 || rows != 0 {
		t.Fatalf("0015 applied %d times, %d backfill rows left", version, rows)
	}
}

// TestDB_SearchCustomers_PinyinOrder: results come in pinyin order of the
// names (阿 白 陈 王 张), not in code-point order (张 王 白 阿 陈), for a
// name query and a pinyin one alike, and the limit keeps the first.
func TestDB_SearchCustomers_PinyinOrder(t *testing.T) {
	f := newFixture(t)
	for _, n := range []string{"张芳", "王芳", "白芳", "阿芳", "陈芳", "曾芳"} {
		f.member(t, n)
	}
	want := []string{"阿芳", "白芳", "陈芳", "王芳", "曾芳", "张芳"} // 曾 zēng as a surname, not céng
	for _, q := range []string{"芳", "fang", "f"} {
		if got := searchNames(t, f.db, q); !slices.Equal(got, want) {
			t.Errorf("SearchCustomers(%q) = %v, want pinyin order %v", q, got, want)
		}
	}
	cs, err := f.db.SearchCustomers(context.Background(), "fang", 2)
	must(t, err)
	if len(cs) != 2 || cs[0].Name != "阿芳" || cs[1].Name != "白芳" {
		t.Fatalf("limit 2 gave %d: %v", len(cs), func() (n []string) {
			for _, c := range cs {
				n = append(n, c.Name)
			}
			return n
		}())
	}
}

// TestDB_ImportMembers_Pinyin: members brought in by the member import are
// found by pinyin as those typed in are (the import writes the same terms).
func TestDB_ImportMembers_Pinyin(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	_, err := f.db.ImportMembers(ctx, f.sup, memberImportOf(t, "members-gbk.csv", false), nil)
	must(t, err)
	for q, want := range map[string][]string{"wangfang": {"王芳"}, "wf": {"王芳"}, "liqiang": {"李强"}, "lq": {"李强"}} {
		if got := searchNames(t, f.db, q); !slices.Equal(got, want) {
			t.Errorf("after the import, %s = %v, want %v", q, got, want)
		}
	}
}
