package store

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

func TestDB_RefundDeposit(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)

	t.Run("ErrClerk", func(t *testing.T) {
		_, _, _, d := f.lend(t, "叶青")
		_, err := f.db.RefundDeposit(ctx, f.clerk, refundOf(d.ID))
		assertErr(t, err, forms.EFORBIDDEN, "此操作须主管批准")
		got, err := f.db.Deposit(ctx, d.ID)
		must(t, err)
		if got.State != forms.DepositHeld {
			t.Fatal("a refused refund changed the deposit")
		}
	})
	t.Run("ErrMissingCard", func(t *testing.T) {
		_, _, _, d := f.lend(t, "程雪")
		req := refundOf(d.ID)
		req.Returned = []string{forms.ReturnedPromise, forms.ReturnedReceipt}
		_, err := f.db.RefundDeposit(ctx, f.sup, req)
		assertErr(t, err, forms.EINVALID, "须收回户籍卡")
	})
	t.Run("OK", func(t *testing.T) {
		_, c, r, d := f.lend(t, "苏醒")
		f.clk.Add(2 * time.Hour)
		// The clock only moves forward: going back would trip the clock check.
		req := refundOf(d.ID)
		req.Payment = forms.Payment{Method: forms.PayMobile, Reference: "4200001234"}
		got, err := f.db.RefundDeposit(ctx, f.approved(), req)
		must(t, err)
		if got.RefundMethod != forms.PayMobile || got.Method != forms.PayCash {
			t.Fatalf("refund method %q (paid by %q), want the refund's own", got.RefundMethod, got.Method)
		}
		if got.State != forms.DepositRefunded || got.ClosedBy != clerkNm || got.ApprovedBy != supName ||
			got.Returned != forms.ReturnedCard+"、"+forms.ReturnedPromise+"、"+forms.ReturnedReceipt ||
			!got.ClosedAt.Equal(testStart.Add(2*time.Hour)) || got.ReceiptNumber != r.Number {
			t.Fatalf("refunded = %+v", got)
		}
		stored, err := f.db.Deposit(ctx, d.ID)
		must(t, err)
		if stored.State != forms.DepositRefunded || stored.ApprovedBy != supName || stored.ClosedBy != clerkNm {
			t.Fatalf("stored = %+v", stored)
		}
		kase, err := f.db.Case(ctx, c.ID)
		must(t, err)
		if kase.Status != forms.CaseCompleted || kase.CompletedAt.IsZero() {
			t.Fatalf("case after refund = %+v", kase)
		}
		e := lastAudit(t, f.db, d.ID, ActDepositRefund)
		if e.ApprovedBy != supName || e.Before == "" || e.After == "" {
			t.Fatalf("refund audit = %+v", e)
		}
		// A refunded card no longer counts as lent: a new loan opens a new case.
		again, existing, err := f.db.OpenCase(ctx, f.clerk, kase.CustomerID, "borrow_card")
		must(t, err)
		if existing || again.ID == c.ID {
			t.Fatal("a completed loan was offered as open")
		}
	})
	t.Run("ErrTwice", func(t *testing.T) {
		_, _, _, d := f.lend(t, "魏来")
		_, err := f.db.RefundDeposit(ctx, f.sup, refundOf(d.ID))
		must(t, err)
		_, err = f.db.RefundDeposit(ctx, f.sup, refundOf(d.ID))
		assertErr(t, err, forms.ECONFLICT, "已于2026-11-23退还", "不能再次退还")
	})
	t.Run("ErrVoided", func(t *testing.T) {
		_, _, r, d := f.lend(t, "吕布")
		must(t, f.db.VoidReceipt(ctx, f.sup, r.ID, "金额错误"))
		_, err := f.db.RefundDeposit(ctx, f.sup, refundOf(d.ID))
		assertErr(t, err, forms.ECONFLICT, "已作废", "不能再次退还")
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := f.db.RefundDeposit(ctx, f.sup, refundOf("no-such-deposit"))
		assertErr(t, err, forms.ENOTFOUND, "找不到")
	})
}

func TestDB_ForfeitDeposit(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	_, c, _, d := f.lend(t, "丁一") // due 2026-12-23

	t.Run("ErrBeforeDue", func(t *testing.T) {
		err := f.db.ForfeitDeposit(ctx, f.sup, d.ID, "逾期未还")
		assertErr(t, err, forms.ECONFLICT, "尚未过")
	})
	t.Run("ErrNoContactAttempt", func(t *testing.T) {
		f.clk.Add(31 * 24 * time.Hour) // 2026-12-24
		err := f.db.ForfeitDeposit(ctx, f.sup, d.ID, "逾期未还")
		assertErr(t, err, forms.ECONFLICT, "至少记录一次联系")
	})
	t.Run("ErrClerk", func(t *testing.T) {
		must(t, f.db.AddContactAttempt(ctx, f.clerk, d.ID, "电话", "无人接听"))
		err := f.db.ForfeitDeposit(ctx, f.clerk, d.ID, "逾期未还")
		assertErr(t, err, forms.EFORBIDDEN, "此操作须主管批准")
	})
	t.Run("ErrNoReason", func(t *testing.T) {
		assertErr(t, f.db.ForfeitDeposit(ctx, f.sup, d.ID, " "), forms.EINVALID, "没收原因")
	})
	t.Run("OK", func(t *testing.T) {
		attempts, err := f.db.ContactAttempts(ctx, d.ID)
		must(t, err)
		if len(attempts) != 1 || attempts[0].By != clerkNm || attempts[0].Channel != "电话" {
			t.Fatalf("attempts = %+v", attempts)
		}
		must(t, f.db.ForfeitDeposit(ctx, f.sup, d.ID, "逾期未还、多次联系无果"))
		got, err := f.db.Deposit(ctx, d.ID)
		must(t, err)
		if got.State != forms.DepositForfeited || got.Reason != "逾期未还、多次联系无果" || got.ClosedBy != supName {
			t.Fatalf("forfeited = %+v", got)
		}
		kase, err := f.db.Case(ctx, c.ID)
		must(t, err)
		if kase.Status != forms.CaseCompleted {
			t.Fatalf("case after forfeit = %s", kase.Status)
		}
		lastAudit(t, f.db, d.ID, ActDepositForfeit)
		assertErr(t, f.db.ForfeitDeposit(ctx, f.sup, d.ID, "再没收"), forms.ECONFLICT, "已没收")
		assertErr(t, f.db.AddContactAttempt(ctx, f.clerk, d.ID, "电话", "已接通"), forms.ECONFLICT, "没收")
	})
}

// TestDB_HeldDeposits_NameSearchInPinyinOrder: without a search the refund
// desk lists the deposits held oldest first (SPEC); a search by name lists
// the people it matches in pinyin order of their names (issue 16), a search
// by number (the receipts' year) still oldest first.
func TestDB_HeldDeposits_NameSearchInPinyinOrder(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	f.lend(t, "张芳")
	f.clk.Add(time.Hour)
	f.lend(t, "王小芳")
	f.clk.Add(time.Hour)
	_, _, r, _ := f.lend(t, "王芳")
	year := strings.Split(r.Number, "-")[1]
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"", []string{"张芳", "王小芳", "王芳"}},
		{"芳", []string{"王芳", "王小芳", "张芳"}},
		{"王", []string{"王芳", "王小芳"}},
		{year, []string{"张芳", "王小芳", "王芳"}},
	} {
		ds, err := f.db.HeldDeposits(ctx, tc.query)
		must(t, err)
		var got []string
		for _, d := range ds {
			got = append(got, d.CustomerName)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("HeldDeposits(%q) = %v, want %v", tc.query, got, tc.want)
		}
	}
}

func TestDB_HeldDeposits(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	_, _, r1, _ := f.lend(t, "欧阳娜娜")
	f.clk.Add(time.Hour)
	c2, _, _, _ := f.lend(t, "娜扎")
	f.clk.Add(time.Hour)
	_, _, r3, d3 := f.lend(t, "王伟")
	_, err := f.db.RefundDeposit(ctx, f.sup, refundOf(d3.ID))
	must(t, err)
	_ = r3

	names := func(q string) []string {
		ds, err := f.db.HeldDeposits(ctx, q)
		must(t, err)
		var out []string
		for _, d := range ds {
			out = append(out, d.CustomerName)
		}
		return out
	}
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"", []string{"欧阳娜娜", "娜扎"}},  // oldest first; the refunded one is not held
		{"娜", []string{"娜扎", "欧阳娜娜"}}, // a name search: pinyin order (na, ouyang)
		{"欧阳", []string{"欧阳娜娜"}},
		{c2.IDNumber, []string{"娜扎"}},
		{c2.IDNumber[12:], []string{"娜扎"}},
		{r1.Number, []string{"欧阳娜娜"}},
		{"000001", []string{"欧阳娜娜"}},
		{"王伟", nil},
	} {
		if got := names(tc.query); !slices.Equal(got, tc.want) {
			t.Errorf("HeldDeposits(%q) = %v, want %v", tc.query, got, tc.want)
		}
	}
	ds, err := f.db.HeldDeposits(ctx, "")
	must(t, err)
	if ds[0].CustomerIDNo == "" || ds[0].CustomerMobile == "" || ds[0].ReceiptNumber != r1.Number {
		t.Fatalf("joined fields = %+v", ds[0])
	}
	n, total, err := f.db.DepositsSummary(ctx)
	must(t, err)
	if n != 2 || total != 120000 {
		t.Fatalf("summary = %d, %s", n, total)
	}
}
