package store

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"counterdesk/assets"
	"counterdesk/forms"
)

// TestMigration0007_FeeTables: a station set up before fee tables holds the
// renewal service with scheduled fees and no table (nothing could be
// charged). Migration 0007 gives it a new version with the shipped tables,
// audited by 系统; run again, it adds nothing.
func TestMigration0007_FeeTables(t *testing.T) {
	ctx := context.Background()
	clk := &testClock{now: testStart}
	db := mustOpenPath(t, testDBPath(t), clk)
	shipped, err := forms.ParseCatalogue(assets.Catalogue)
	must(t, err)
	_, err = db.Setup(ctx, forms.Station{BranchCode: "qb", BranchName: "青白江人才服务中心", Payee: "青白江人才服务中心", Number: 1},
		supName, supPass, shipped)
	must(t, err)
	// As the station had it: no tables on the renewal's fees.
	_, err = db.db.ExecContext(ctx, `UPDATE services SET json = json_remove(json, '$.fees[0].table', '$.fees[1].table')
		WHERE code = 'renew_fees'`)
	must(t, err)
	old, err := db.ServiceVersion(ctx, "renew_fees", 0)
	must(t, err)
	if old.Fees[0].Table != nil || old.Fees[1].Table != nil {
		t.Fatal("the old renewal service still has tables")
	}
	n := auditCount(t, db)
	dropAuditChainInsert(t, db)

	sql := migrationSQL(t, 7)
	upgrade := sql[strings.Index(sql, "CREATE TEMP TABLE upgraded_0007"):]
	run := func() {
		tx, err := db.begin(ctx)
		must(t, err)
		defer tx.Rollback()
		if _, err := tx.ExecContext(ctx, upgrade); err != nil {
			t.Fatalf("migration 0007: %v", err)
		}
		must(t, tx.commit())
	}
	run()
	cur, err := db.ServiceVersion(ctx, "renew_fees", 0)
	must(t, err)
	ship := shipped.Service("renew_fees")
	if cur.Version != old.Version+1 || !reflect.DeepEqual(cur.Fees, ship.Fees) {
		t.Fatalf("renew_fees v%d fees %+v, want v%d with the shipped %+v", cur.Version, cur.Fees, old.Version+1, ship.Fees)
	}
	if err := cur.Validate(); err != nil {
		t.Fatalf("upgraded renewal does not validate: %s", forms.ErrorMessage(err))
	}
	if e := lastAudit(t, db, "renew_fees", ActServiceSave); e.UserName != "系统" || !strings.Contains(e.Note, "收费标准表") {
		t.Errorf("audit %+v", e)
	}
	if got := auditCount(t, db); got != n+1 {
		t.Errorf("audit entries %d, want %d", got, n+1)
	}
	run()
	if again, _ := db.ServiceVersion(ctx, "renew_fees", 0); again.Version != cur.Version {
		t.Errorf("a second run added version %d", again.Version)
	}
}
