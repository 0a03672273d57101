package store

import (
	"context"
	"slices"
	"strings"
	"testing"

	"counterdesk/assets"
	"counterdesk/forms"
)

// catalogueState is what a refused catalogue action must leave unchanged:
// every stored version, the recorded defaults and the audit log.
func catalogueState(tb testing.TB, db *DB) string {
	tb.Helper()
	var versions, defaults, audits string
	must(tb, db.db.QueryRow("SELECT COALESCE(group_concat(code || ':' || version || ':' || length(json), ','), '') FROM (SELECT * FROM services ORDER BY code, version)").Scan(&versions))
	must(tb, db.db.QueryRow("SELECT COALESCE(group_concat(code || ':' || digest || ':' || decision, ','), '') FROM (SELECT * FROM catalogue_defaults ORDER BY code)").Scan(&defaults))
	must(tb, db.db.QueryRow("SELECT count(*) FROM audit_log").Scan(&audits))
	return versions + "|" + defaults + "|" + audits
}

// editService saves an edit of the current version of code as a
// supervisor and returns the new version number.
func (f *fixture) editService(tb testing.TB, code string, edit func(s *forms.Service)) int {
	tb.Helper()
	s, err := f.db.ServiceVersion(context.Background(), code, 0)
	must(tb, err)
	edit(s)
	v, err := f.db.SaveServiceVersion(context.Background(), f.sup, s)
	must(tb, err)
	return v
}

// changes joins a version's change lines for matching.
func changes(v forms.ServiceVersionInfo) string { return strings.Join(v.Changes, "\n") }

func TestServiceHistory(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	_, c := f.borrowReady(t, "陈一") // a case under version 1
	if c.ServiceVersion != 1 {
		t.Fatalf("case version %d", c.ServiceVersion)
	}
	f.editService(t, "borrow_card", func(s *forms.Service) { s.Fees[0].Amount = 50000 })
	f.editService(t, "borrow_card", func(s *forms.Service) { s.ReturnDays = 45 })
	h, err := f.db.ServiceHistory(ctx, "borrow_card")
	must(t, err)
	if len(h) != 3 {
		t.Fatalf("history has %d versions, want 3: %+v", len(h), h)
	}
	for i, want := range []struct {
		version int
		change  string
		cases   int
		current bool
	}{
		{3, "户籍卡归还天数：30天 → 45天", 0, true},
		{2, "户籍卡保障金：¥600.00 → ¥500.00", 0, false},
		{1, "新增业务“借户籍卡”", 1, false},
	} {
		v := h[i]
		if v.Version != want.version || !strings.Contains(changes(v), want.change) || v.Cases != want.cases ||
			v.Current != want.current || v.By != supName || v.Name != "借户籍卡" || v.Code != "borrow_card" || !v.At.Equal(testStart) {
			t.Errorf("history[%d] = %+v, want version %d change %q cases %d current %v by %s",
				i, v, want.version, want.change, want.cases, want.current, supName)
		}
	}
	if len(h[0].Changes) != 1 {
		t.Errorf("version 3 changed one thing, lines %q", h[0].Changes)
	}
	_, err = f.db.ServiceHistory(ctx, "nope")
	assertErr(t, err, forms.ENOTFOUND, "找不到业务“nope”")
}

func TestRestoreServiceVersion(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.editService(t, "borrow_card", func(s *forms.Service) { s.Fees[0].Amount = 50000 })
	f.editService(t, "borrow_card", func(s *forms.Service) { s.ReturnDays = 45 })

	// Refusals change nothing.
	before := catalogueState(t, f.db)
	for _, tc := range []struct {
		name    string
		a       forms.Actor
		version int
		code    string
		msg     string
	}{
		{"clerk", f.clerk, 1, forms.EFORBIDDEN, "主管"},
		{"current", f.sup, 3, forms.ECONFLICT, "第3版就是业务“借户籍卡”的当前版本，无需恢复"},
		{"missing", f.sup, 9, forms.ENOTFOUND, "业务“借户籍卡”没有第9版"},
		{"zero", f.sup, 0, forms.ENOTFOUND, "业务“借户籍卡”没有第0版"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.db.RestoreServiceVersion(ctx, tc.a, "borrow_card", tc.version)
			assertErr(t, err, tc.code, tc.msg)
			if got := catalogueState(t, f.db); got != before {
				t.Fatalf("refused restore changed the database:\n%s\n%s", before, got)
			}
		})
	}
	_, err := f.db.RestoreServiceVersion(ctx, f.sup, "nope", 1)
	assertErr(t, err, forms.ENOTFOUND, "找不到业务“nope”")

	// A clerk with the supervisor's approval restores version 1 as version 4.
	v, err := f.db.RestoreServiceVersion(ctx, f.approved(), "borrow_card", 1)
	must(t, err)
	if v != 4 {
		t.Fatalf("restored as version %d, want 4", v)
	}
	cur, err := f.db.ServiceVersion(ctx, "borrow_card", 0)
	must(t, err)
	if cur.Version != 4 || cur.Fees[0].Amount != 60000 || cur.ReturnDays != 30 {
		t.Fatalf("current after restore = v%d deposit %v days %d", cur.Version, cur.Fees[0].Amount, cur.ReturnDays)
	}
	if a := lastAudit(t, f.db, "borrow_card", ActServiceSave); !strings.Contains(a.Note, "第4版：由第1版恢复") || a.ApprovedBy != supName {
		t.Errorf("audit = %+v", a)
	}
	h, err := f.db.ServiceHistory(ctx, "borrow_card")
	must(t, err)
	if want := clerkNm + "（" + supName + "批准）"; h[0].By != want || h[1].By != supName {
		t.Errorf("restored by %q, before by %q; want %q and %q", h[0].By, h[1].By, want, supName)
	}
	if len(h) != 4 || !strings.Contains(changes(h[0]), "户籍卡保障金：¥500.00 → ¥600.00") || !strings.Contains(changes(h[0]), "45天 → 30天") {
		t.Errorf("history after restore: %+v", h[0])
	}
	// The restored version says where it came from, first; the versions
	// saved by editing say nothing of the kind.
	if len(h) != 4 || len(h[0].Changes) < 2 || h[0].Changes[0] != "由第1版恢复" {
		t.Errorf("restored version's changes = %q, want 由第1版恢复 first", h[0].Changes)
	}
	for _, v := range h[1:] {
		if strings.Contains(changes(v), "恢复") {
			t.Errorf("version %d (an edit) reads %q", v.Version, v.Changes)
		}
	}
	// Restoring version 1 again: its content is the current one now.
	before = catalogueState(t, f.db)
	_, err = f.db.RestoreServiceVersion(ctx, f.sup, "borrow_card", 1)
	assertErr(t, err, forms.ECONFLICT, "业务“借户籍卡”第1版的内容与当前的第4版相同，无需恢复")
	if got := catalogueState(t, f.db); got != before {
		t.Fatal("refused restore changed the database")
	}
}

// shippedRelease returns the test catalogue as a later release changed it:
// a lower deposit for 借户籍卡 and a new service.
func shippedRelease() *forms.Catalogue {
	cat := testCatalogue()
	cat.Release = "test.2"
	cat.Services[0].Fees[0].Amount = 50000
	cat.Services = append(cat.Services, forms.Service{Code: "proof", Name: "开具存档证明",
		Fees: []forms.Fee{{ID: "fee", Name: "证明费", Kind: forms.KindFee, Amount: 1000}}})
	return cat
}

func offerCodes(os []forms.DefaultOffer) []string {
	var out []string
	for _, o := range os {
		out = append(out, o.Code)
	}
	return out
}

func TestDefaultOffers(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	// Set-up recorded what it copied: the same release offers nothing.
	offers, err := f.db.DefaultOffers(ctx, testCatalogue())
	must(t, err)
	if len(offers) != 0 {
		t.Fatalf("offers right after set-up: %+v", offers)
	}
	// The supervisor changed the return days before the release came.
	f.editService(t, "borrow_card", func(s *forms.Service) { s.ReturnDays = 45 })

	shipped := shippedRelease()
	offers, err = f.db.DefaultOffers(ctx, shipped)
	must(t, err)
	if got := offerCodes(offers); !slices.Equal(got, []string{"borrow_card", "proof"}) {
		t.Fatalf("offers = %v, want borrow_card and proof", got)
	}
	bc, proof := offers[0], offers[1]
	all := strings.Join(bc.Changes, "\n")
	if bc.New || bc.Release != "test.2" || bc.Name != "借户籍卡" || !strings.Contains(all, "户籍卡保障金：¥600.00 → ¥500.00") ||
		!strings.Contains(all, "户籍卡归还天数：45天 → 30天") {
		t.Errorf("borrow_card offer = %+v", bc)
	}
	if !proof.New || !slices.Equal(proof.Changes, []string{"新增业务“开具存档证明”"}) {
		t.Errorf("proof offer = %+v", proof)
	}

	// Refusals change nothing.
	before := catalogueState(t, f.db)
	_, err = f.db.AdoptDefault(ctx, f.clerk, shipped, "borrow_card")
	assertErr(t, err, forms.EFORBIDDEN, "主管")
	_, err = f.db.AdoptDefault(ctx, f.sup, shipped, "nope")
	assertErr(t, err, forms.ENOTFOUND, "程序自带的业务目录中没有业务“nope”")
	_, err = f.db.AdoptDefault(ctx, f.sup, shipped, "archive_transfer")
	assertErr(t, err, forms.ECONFLICT, "业务“转档”没有待处理的新默认设置")
	err = f.db.DismissDefault(ctx, f.clerk, shipped, "proof")
	assertErr(t, err, forms.EFORBIDDEN, "主管")
	if got := catalogueState(t, f.db); got != before {
		t.Fatalf("refusals changed the database:\n%s\n%s", before, got)
	}

	// Adopting makes version 3; the supervisor's version 2 stays.
	v, err := f.db.AdoptDefault(ctx, f.sup, shipped, "borrow_card")
	must(t, err)
	if v != 3 {
		t.Fatalf("adopted as version %d, want 3", v)
	}
	h, err := f.db.ServiceHistory(ctx, "borrow_card")
	must(t, err)
	if len(h) != 3 || h[1].Version != 2 || !strings.Contains(changes(h[1]), "30天 → 45天") {
		t.Fatalf("the supervisor's version left the history: %+v", h)
	}
	cur, err := f.db.ServiceVersion(ctx, "borrow_card", 0)
	must(t, err)
	if cur.Fees[0].Amount != 50000 || cur.ReturnDays != 30 {
		t.Errorf("adopted = %+v", cur)
	}
	if a := lastAudit(t, f.db, "borrow_card", ActServiceSave); !strings.Contains(a.Note, "采用程序自带的新默认设置（test.2）") {
		t.Errorf("adopt audit note %q", a.Note)
	}
	if h[0].Changes[0] != "采用程序自带的新默认设置（test.2）" {
		t.Errorf("adopted version's changes = %q, want the adoption first", h[0].Changes)
	}
	// Dismissing the new service: it stays out and is not offered again.
	must(t, f.db.DismissDefault(ctx, f.sup, shipped, "proof"))
	if a := lastAudit(t, f.db, "proof", ActDefaultDismiss); !strings.Contains(a.Note, "不采用业务“开具存档证明”的新默认设置（test.2）") {
		t.Errorf("dismiss audit note %q", a.Note)
	}
	offers, err = f.db.DefaultOffers(ctx, shipped)
	must(t, err)
	if len(offers) != 0 {
		t.Fatalf("offers after adopting and dismissing: %v", offerCodes(offers))
	}
	services, err := f.db.Services(ctx)
	must(t, err)
	for _, s := range services {
		if s.Code == "proof" {
			t.Fatal("a dismissed new service was added")
		}
	}
	before = catalogueState(t, f.db)
	_, err = f.db.AdoptDefault(ctx, f.sup, shipped, "borrow_card")
	assertErr(t, err, forms.ECONFLICT, "业务“借户籍卡”没有待处理的新默认设置")
	err = f.db.DismissDefault(ctx, f.sup, shipped, "proof")
	assertErr(t, err, forms.ECONFLICT, "没有待处理的新默认设置")
	if got := catalogueState(t, f.db); got != before {
		t.Fatal("refusals changed the database")
	}

	// A later release changes the dismissed service again: offered again;
	// adopting a new service adds it.
	next := shippedRelease()
	next.Release = "test.3"
	next.Services[3].Fees[0].Amount = 2000
	offers, err = f.db.DefaultOffers(ctx, next)
	must(t, err)
	if got := offerCodes(offers); !slices.Equal(got, []string{"proof"}) {
		t.Fatalf("offers of test.3 = %v", got)
	}
	v, err = f.db.AdoptDefault(ctx, f.approved(), next, "proof")
	must(t, err)
	if v != 1 {
		t.Fatalf("new service adopted as version %d", v)
	}
	proofSvc, err := f.db.ServiceVersion(ctx, "proof", 0)
	must(t, err)
	if proofSvc.Fees[0].Amount != 2000 {
		t.Errorf("adopted new service = %+v", proofSvc)
	}
}

// TestDefaultOffers_KeepsSwitches: adopting a changed default keeps the
// family-planning papers switched off when the supervisor switched them
// off, and the offer says nothing about the switch.
func TestDefaultOffers_KeepsSwitches(t *testing.T) {
	ctx := context.Background()
	db := mustOpenDB(t)
	cat, err := forms.ParseCatalogue(assets.Catalogue)
	must(t, err)
	_, err = db.Setup(ctx, forms.Station{BranchCode: "qb", BranchName: "青白江人才服务中心", Payee: "青白江人才服务中心", Number: 1},
		supName, supPass, cat)
	must(t, err)
	sup, err := db.Login(ctx, supName, supPass)
	must(t, err)
	a := forms.Actor{UserID: sup.ID}
	offers, err := db.DefaultOffers(ctx, cat)
	must(t, err)
	if len(offers) != 0 {
		t.Fatalf("the shipped catalogue offers itself: %v", offerCodes(offers))
	}
	s, err := db.ServiceVersion(ctx, "settle_past_grad", 0)
	must(t, err)
	s.SetGroup(forms.GroupFamilyPlanning, false)
	_, err = db.SaveServiceVersion(ctx, a, s)
	must(t, err)
	shipped, err := forms.ParseCatalogue(assets.Catalogue)
	must(t, err)
	shipped.Release = "2026.2"
	sp := shipped.Service("settle_past_grad")
	sp.TalkingPoints = append(sp.TalkingPoints, forms.TalkingPoint{Text: "请提醒客户保管好收据。"})
	offers, err = db.DefaultOffers(ctx, shipped)
	must(t, err)
	if len(offers) != 1 || !slices.Equal(offers[0].Changes, []string{"新增提示：请提醒客户保管好收据。"}) {
		t.Fatalf("offers = %+v", offers)
	}
	_, err = db.AdoptDefault(ctx, a, shipped, "settle_past_grad")
	must(t, err)
	cur, err := db.ServiceVersion(ctx, "settle_past_grad", 0)
	must(t, err)
	if cur.GroupOn(forms.GroupFamilyPlanning) || len(cur.TalkingPoints) != len(sp.TalkingPoints) {
		t.Fatalf("adopted: switch on %v, %d talking points", cur.GroupOn(forms.GroupFamilyPlanning), len(cur.TalkingPoints))
	}
}

// TestDefaultOffers_StationBeforeRecords: a station set up before the
// defaults were recorded compares with each service's first version.
func TestDefaultOffers_StationBeforeRecords(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if _, err := f.db.db.Exec("DELETE FROM catalogue_defaults"); err != nil {
		t.Fatal(err)
	}
	offers, err := f.db.DefaultOffers(ctx, testCatalogue())
	must(t, err)
	if len(offers) != 0 {
		t.Fatalf("unchanged release offers %v", offerCodes(offers))
	}
	// The supervisor already made the release's change by hand: not
	// offered either.
	f.editService(t, "borrow_card", func(s *forms.Service) { s.Fees[0].Amount = 50000 })
	offers, err = f.db.DefaultOffers(ctx, shippedRelease())
	must(t, err)
	if got := offerCodes(offers); !slices.Equal(got, []string{"proof"}) {
		t.Fatalf("offers = %v, want only the new service", got)
	}
}

func TestSetupRecordsDefaults(t *testing.T) {
	f := newFixture(t)
	rows, err := f.db.db.Query("SELECT code, digest, release, decision FROM catalogue_defaults ORDER BY code")
	must(t, err)
	defer rows.Close()
	want := map[string]string{}
	for _, s := range testCatalogue().Services {
		want[s.Code] = s.Digest()
	}
	n := 0
	for rows.Next() {
		var code, digest, release, decision string
		must(t, rows.Scan(&code, &digest, &release, &decision))
		if want[code] != digest || release != "test" || decision != "setup" {
			t.Errorf("recorded %s %s %s %s", code, digest, release, decision)
		}
		n++
	}
	if n != len(want) {
		t.Errorf("%d defaults recorded, want %d", n, len(want))
	}
}

func TestSaveServiceVersion_Refusals(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		edit func(s *forms.Service)
		msg  string
	}{
		{"negative fee", func(s *forms.Service) {
			s.Fees = append(s.Fees, forms.Fee{ID: "x", Name: "手续费", Kind: forms.KindFee, Amount: -1})
		}, "业务“借户籍卡”的费用“手续费”不能为负数"},
		{"zero deposit", func(s *forms.Service) { s.Fees[0].Amount = 0 }, "业务“借户籍卡”的保障金“户籍卡保障金”的金额须大于0"},
		{"return days", func(s *forms.Service) { s.ReturnDays = 400 }, "业务“借户籍卡”的户籍卡归还天数须在1到365天之间"},
		{"fee table", func(s *forms.Service) {
			s.Fees = append(s.Fees, forms.Fee{ID: "t", Name: "人才储备费", Kind: forms.KindFee, Schedule: forms.ScheduleTalent,
				Table: &forms.FeeTable{Rates: []forms.FeeRate{{From: "2026-01-01", Yearly: 30000}, {From: "2025-01-01", Yearly: 20000}}}})
		}, "费用“人才储备费”的收费标准须按生效日期从早到晚排列"},
		{"unknown placeholder", func(s *forms.Service) { s.Documents[0].Body += "［用处］" },
			"文书《户籍卡承诺书》的措辞中有未知的占位符［用处］：可用的占位符有"},
		{"unknown group", func(s *forms.Service) { s.Requirements[0].Group = "fp" }, "材料“身份证”的分组“fp”不认识"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := f.db.ServiceVersion(ctx, "borrow_card", 0)
			must(t, err)
			tc.edit(s)
			before := catalogueState(t, f.db)
			_, err = f.db.SaveServiceVersion(ctx, f.sup, s)
			assertErr(t, err, forms.EINVALID, tc.msg)
			if got := catalogueState(t, f.db); got != before {
				t.Fatal("refused save changed the database")
			}
		})
	}
}

// TestMigration0013_FamilyPlanningGroup: a station set up before the
// family-planning switch holds its papers switchable but in no group.
// Migration 0013 gives each service concerned a new version with them
// tagged, the supervisor's edits kept, audited by 系统; the release then
// offers nothing more for them, and a second run adds nothing.
func TestMigration0013_FamilyPlanningGroup(t *testing.T) {
	ctx := context.Background()
	db := mustOpenDB(t)
	shipped, err := forms.ParseCatalogue(assets.Catalogue)
	must(t, err)
	old, err := forms.ParseCatalogue(assets.Catalogue)
	must(t, err)
	for i := range old.Services {
		s := &old.Services[i]
		for j := range s.Requirements {
			s.Requirements[j].Group = ""
		}
		for j := range s.Documents {
			s.Documents[j].Group = ""
		}
	}
	_, err = db.Setup(ctx, forms.Station{BranchCode: "qb", BranchName: "青白江人才服务中心", Payee: "青白江人才服务中心", Number: 1},
		supName, supPass, old)
	must(t, err)
	_, err = db.db.ExecContext(ctx, "DELETE FROM catalogue_defaults") // set up before they were recorded
	must(t, err)
	sup, err := db.Login(ctx, supName, supPass)
	must(t, err)
	// The supervisor's edit before the upgrade.
	edited, err := db.ServiceVersion(ctx, "settle_new_grad", 0)
	must(t, err)
	edited.TalkingPoints = edited.TalkingPoints[1:]
	_, err = db.SaveServiceVersion(ctx, forms.Actor{UserID: sup.ID}, edited)
	must(t, err)
	n := auditCount(t, db)
	dropAuditChainInsert(t, db)

	sql := migrationSQL(t, 13)
	upgrade := sql[strings.Index(sql, "CREATE TEMP TABLE upgrade_0013"):]
	run := func() {
		tx, err := db.begin(ctx)
		must(t, err)
		defer tx.Rollback()
		if _, err := tx.ExecContext(ctx, upgrade); err != nil {
			t.Fatalf("migration 0013: %v", err)
		}
		must(t, tx.commit())
	}
	run()
	for _, tc := range []struct {
		code    string
		version int
		tagged  []string
	}{
		{"settle_past_grad", 2, []string{"fp_promise", "women_survey"}},
		{"child_register", 2, []string{"birth_permit"}},
		{"settle_new_grad", 3, []string{"fp_promise", "women_survey"}},
		{"borrow_card", 1, nil},
	} {
		cur, err := db.ServiceVersion(ctx, tc.code, 0)
		must(t, err)
		var tagged []string
		for _, r := range cur.Requirements {
			if r.Group == forms.GroupFamilyPlanning {
				tagged = append(tagged, r.ID)
			}
		}
		for _, d := range cur.Documents {
			if d.Group == forms.GroupFamilyPlanning {
				tagged = append(tagged, d.ID)
			}
		}
		if cur.Version != tc.version || !slices.Equal(tagged, tc.tagged) {
			t.Errorf("%s: v%d tagged %v, want v%d %v", tc.code, cur.Version, tagged, tc.version, tc.tagged)
		}
		if err := cur.Validate(); err != nil {
			t.Errorf("%s does not validate: %s", tc.code, forms.ErrorMessage(err))
		}
		prev, err := db.ServiceVersion(ctx, tc.code, tc.version-1+boolInt(tc.tagged == nil))
		must(t, err)
		if got := forms.DiffServices(prev, cur); tc.tagged != nil && (len(got) != len(tc.tagged) || !strings.Contains(strings.Join(got, ""), "所属开关")) {
			t.Errorf("%s: the upgrade changed %q", tc.code, got)
		}
	}
	cur, err := db.ServiceVersion(ctx, "settle_new_grad", 0)
	must(t, err)
	if len(cur.TalkingPoints) != len(edited.TalkingPoints) {
		t.Error("the supervisor's edit was lost")
	}
	if e := lastAudit(t, db, "child_register", ActServiceSave); e.UserName != "系统" || !strings.Contains(e.Note, "计划生育材料") {
		t.Errorf("audit %+v", e)
	}
	if got := auditCount(t, db); got != n+3 {
		t.Errorf("audit entries %d, want %d", got, n+3)
	}
	// The release's only change for the untouched services was the tags:
	// nothing is offered for them; the edited one is offered back.
	offers, err := db.DefaultOffers(ctx, shipped)
	must(t, err)
	if got := offerCodes(offers); !slices.Equal(got, []string{"settle_new_grad"}) {
		t.Errorf("offers after the upgrade = %v", got)
	}
	run()
	if again, _ := db.ServiceVersion(ctx, "child_register", 0); again.Version != 2 {
		t.Errorf("a second run added version %d", again.Version)
	}
}
