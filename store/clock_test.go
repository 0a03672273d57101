package store

import (
	"context"
	"testing"
	"time"

	"counterdesk/forms"
)

func TestDB_ClockBehind(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	cust := f.member(t, "时钟")
	issue := func() (*forms.Receipt, error) {
		return f.db.IssueReceipt(ctx, f.clerk, "", cust.ID, feeLines(1000), forms.Payment{Method: forms.PayCash})
	}
	_, err := issue()
	must(t, err)

	t.Run("WithinTolerance", func(t *testing.T) {
		f.clk.Add(-5 * time.Minute)
		defer f.clk.Add(5 * time.Minute)
		_, err := issue()
		must(t, err)
	})
	t.Run("ErrBehind", func(t *testing.T) {
		f.clk.Add(-400 * 24 * time.Hour) // a dead CMOS battery: last year
		defer f.clk.Add(400 * 24 * time.Hour)
		cs, err := f.db.ClockStatus(ctx)
		must(t, err)
		if !cs.Behind() || !cs.Blocks() {
			t.Fatalf("status = %+v", cs)
		}
		n := auditCount(t, f.db)
		_, err = issue()
		assertErr(t, err, forms.ECONFLICT, "电脑时间", "主管确认")
		if e, _ := err.(*forms.Error); e == nil || e.Key != forms.KeyClockBehind {
			t.Fatalf("error key = %v", err)
		}
		if auditCount(t, f.db) != n {
			t.Fatal("a refused receipt wrote to the log")
		}
		// A clerk cannot confirm; a supervisor can, and receipts flow again.
		assertErr(t, f.db.ConfirmClock(ctx, f.clerk), forms.EFORBIDDEN)
		must(t, f.db.ConfirmClock(ctx, f.approved()))
		lastAudit(t, f.db, "", ActClockConfirm)
		if _, err := issue(); err != nil {
			t.Fatalf("after the supervisor confirmed: %v", err)
		}
		cs, err = f.db.ClockStatus(ctx)
		must(t, err)
		if !cs.Behind() || cs.Blocks() {
			t.Fatalf("after confirmation status = %+v", cs)
		}
	})
}
