package store

import (
	"context"
	"strings"
	"testing"

	"counterdesk/forms"
)

// TestDB_LookupReceipt finds a receipt by number with its deposit, so a
// search can say a receipt was voided, refunded or forfeited instead of
// showing an empty list (issue 12 §3).
func TestDB_LookupReceipt(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)

	t.Run("ErrUnknown", func(t *testing.T) {
		_, _, err := f.db.LookupReceipt(ctx, "QB01-2026-999999")
		assertErr(t, err, forms.ENOTFOUND, "找不到该收据")
	})
	t.Run("OKHeld", func(t *testing.T) {
		_, _, r, d := f.lend(t, "柳青")
		got, dep, err := f.db.LookupReceipt(ctx, strings.ToLower(r.Number))
		must(t, err)
		if got.ID != r.ID || got.Voided || dep == nil || dep.ID != d.ID || dep.State != forms.DepositHeld {
			t.Fatalf("lookup = %+v, %+v", got, dep)
		}
	})
	t.Run("OKVoided", func(t *testing.T) {
		_, _, r, d := f.lend(t, "柳红")
		must(t, f.db.VoidReceipt(ctx, f.approved(), r.ID, "金额错误"))
		// Full-width digits as a card reader or IME may type them.
		typed := strings.Map(func(c rune) rune {
			if c >= '0' && c <= '9' {
				return c - '0' + '０'
			}
			return c
		}, r.Number)
		got, dep, err := f.db.LookupReceipt(ctx, typed)
		must(t, err)
		if !got.Voided || got.VoidedBy != supName || got.VoidReason != "金额错误" || !got.VoidedAt.Equal(testStart) {
			t.Fatalf("voided receipt = %+v", got)
		}
		if dep == nil || dep.ID != d.ID || dep.State != forms.DepositVoided {
			t.Fatalf("deposit of the voided receipt = %+v", dep)
		}
	})
	t.Run("OKRefunded", func(t *testing.T) {
		_, _, r, d := f.lend(t, "柳絮")
		_, err := f.db.RefundDeposit(ctx, f.sup, refundOf(d.ID))
		must(t, err)
		got, dep, err := f.db.LookupReceipt(ctx, r.Number)
		must(t, err)
		if got.Voided || dep == nil || dep.State != forms.DepositRefunded || dep.ClosedAt.IsZero() {
			t.Fatalf("refunded: %+v, %+v", got, dep)
		}
	})
	t.Run("OKFeeReceipt", func(t *testing.T) {
		cust := f.member(t, "柳岸")
		r, err := f.db.IssueReceipt(ctx, f.clerk, "", cust.ID, feeLines(500), forms.Payment{Method: forms.PayCash})
		must(t, err)
		got, dep, err := f.db.LookupReceipt(ctx, r.Number)
		must(t, err)
		if got.ID != r.ID || dep != nil {
			t.Fatalf("fee receipt: %+v, deposit %+v", got, dep)
		}
	})
}
