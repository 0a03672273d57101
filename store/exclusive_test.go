package store

import (
	"context"
	"reflect"
	"regexp"
	"strconv"
	"testing"

	"counterdesk/assets"
	"counterdesk/forms"
)

// migrationSQL returns the embedded migration with the number.
func migrationSQL(tb testing.TB, version int) string {
	tb.Helper()
	for _, m := range migrationFiles() {
		if m.version == version {
			return m.sql
		}
	}
	tb.Fatalf("no migration %d", version)
	return ""
}

// TestMigration0004_ExclusiveServices: a station set up with a catalogue
// from before exclusive groups gets new versions of the four services
// concerned, carrying the shipped rules and the supervisor's edits, so a
// second settlement and 转户 while the card is out are refused there too.
func TestMigration0004_ExclusiveServices(t *testing.T) {
	ctx := context.Background()
	clk := &testClock{now: testStart}
	db := mustOpenPath(t, testDBPath(t), clk)
	shipped, err := forms.ParseCatalogue(assets.Catalogue)
	must(t, err)
	old, err := forms.ParseCatalogue(assets.Catalogue)
	must(t, err)
	for i := range old.Services {
		old.Services[i].ExclusiveGroup, old.Services[i].BlockedBy = "", nil
	}
	_, err = db.Setup(ctx, forms.Station{BranchCode: "qb", BranchName: "青白江人才服务中心", Payee: "青白江人才服务中心", Number: 1},
		supName, supPass, old)
	must(t, err)
	sup, err := db.Login(ctx, supName, supPass)
	must(t, err)
	supA := forms.Actor{UserID: sup.ID}
	// The supervisor's edit: cards lent for 45 days (version 2).
	edited := old.Service("borrow_card").Clone()
	edited.ReturnDays = 45
	_, err = db.SaveServiceVersion(ctx, supA, edited)
	must(t, err)
	n := auditCount(t, db)
	dropAuditChainInsert(t, db)

	run := func() {
		tx, err := db.begin(ctx)
		must(t, err)
		defer tx.Rollback()
		if _, err := tx.ExecContext(ctx, migrationSQL(t, 4)); err != nil {
			t.Fatalf("migration 0004: %v", err)
		}
		must(t, tx.commit())
	}
	run()

	want := map[string]int{"settle_past_grad": 2, "settle_new_grad": 2, "move_out": 2, "borrow_card": 3}
	uuidRE := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	for code, version := range want {
		cur, err := db.ServiceVersion(ctx, code, version)
		must(t, err)
		ship := shipped.Service(code)
		if cur.Version != version || cur.ExclusiveGroup != ship.ExclusiveGroup || !reflect.DeepEqual(cur.BlockedBy, ship.BlockedBy) {
			t.Fatalf("%s v%d = group %q blocked %+v, want the shipped %q %+v", code, cur.Version,
				cur.ExclusiveGroup, cur.BlockedBy, ship.ExclusiveGroup, ship.BlockedBy)
		}
		if err := cur.Validate(); err != nil {
			t.Fatalf("%s v%d does not validate: %s", code, version, forms.ErrorMessage(err))
		}
		prev, err := db.ServiceVersion(ctx, code, version-1)
		must(t, err)
		if prev.ExclusiveGroup != "" || prev.BlockedBy != nil {
			t.Fatalf("%s v%d changed: a case keeps its version for ever", code, version-1)
		}
		e := lastAudit(t, db, code, ActServiceSave)
		if e.UserName != systemName || e.Note != "业务“"+cur.Name+"”第"+strconv.Itoa(version)+"版：升级加入“不能同时办理”的规则（互斥组）" ||
			!uuidRE.MatchString(e.ID) {
			t.Fatalf("%s audit entry = %+v", code, e)
		}
	}
	if b, err := db.ServiceVersion(ctx, "borrow_card", 3); err != nil || b.ReturnDays != 45 {
		t.Fatalf("the supervisor's edit was lost: %+v %v", b, err)
	}
	if _, err := db.ServiceVersion(ctx, "archive_transfer", 2); forms.ErrorCode(err) != forms.ENOTFOUND {
		t.Fatal("a service outside the groups got a new version")
	}
	if got := auditCount(t, db); got != n+4 {
		t.Fatalf("%d audit entries written, want 4", got-n)
	}
	var ids []string
	rows, err := db.db.QueryContext(ctx, "SELECT id FROM services ORDER BY rowid")
	must(t, err)
	for rows.Next() {
		var id string
		must(t, rows.Scan(&id))
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids[len(ids)-4:] {
		if !uuidRE.MatchString(id) {
			t.Fatalf("new service version id %q is not a UUID", id)
		}
	}

	// Run again (a restored backup migrates once more): nothing new.
	run()
	if got := auditCount(t, db); got != n+4 {
		t.Fatal("the migration added versions twice")
	}

	// The migrated station refuses a second settlement.
	c := &forms.Customer{Name: "周南", IDNumber: testID("510113", "19970202", 901), Mobile: "13900000901"}
	must(t, db.CreateCustomer(ctx, supA, c))
	past, _, err := db.OpenCase(ctx, supA, c.ID, "settle_past_grad")
	must(t, err)
	_, _, err = db.OpenCase(ctx, supA, c.ID, "settle_new_grad")
	assertConflict(t, err, "该客户已有未办结的“历届生落户”受理单 "+past.Number+
		"（待受理，2026-11-23 开单），须办结或取消后才能办理“应届生落户”", past.ID, "", forms.WayOpenCase)
}
