package forms

import (
	"testing"
	"time"
)

func TestVoidRenewalCase(t *testing.T) {
	at := time.Date(2026, 11, 30, 9, 0, 0, 0, time.Local)
	for _, tc := range []struct {
		status CaseStatus
		want   CaseStatus
		reason string
	}{
		{CaseCompleted, CaseCancelled, "续费收据QB01-2026-000001作废：多收了一年"},
		{CaseAccepted, CaseCancelled, "续费收据QB01-2026-000001作废：多收了一年"},
		{CaseCancelled, CaseCancelled, "旧原因"},
	} {
		c := &Case{Status: tc.status}
		if tc.status == CaseCancelled {
			c.CancelReason = "旧原因"
		}
		if err := VoidRenewalCase(c, "QB01-2026-000001", " 多收了一年 ", at); err != nil {
			t.Fatalf("%s: %v", tc.status, err)
		}
		if c.Status != tc.want || c.CancelReason != tc.reason {
			t.Errorf("%s → %s %q, want %s %q", tc.status, c.Status, c.CancelReason, tc.want, tc.reason)
		}
	}
}

func TestLossBlocksVoidAndRefund(t *testing.T) {
	day := time.Date(2026, 11, 23, 0, 0, 0, 0, time.Local)
	r := &Receipt{Number: "QB01-2026-000001"}
	pending := &LossDeclaration{Number: "YS-2026-0001", Kind: LostReceipt, DocNumber: r.Number, State: LossPending, DeclaredAt: day, EndDay: day.AddDate(0, 0, 15)}
	resolved := *pending
	resolved.State = LossResolved
	var none *LossDeclaration
	if err := none.BlocksVoid(r); err != nil {
		t.Errorf("no declaration: %v", err)
	}
	if err := resolved.BlocksVoid(r); err != nil {
		t.Errorf("resolved: %v", err)
	}
	err := pending.BlocksVoid(r)
	if ErrorCode(err) != ECONFLICT || ErrorMessage(err) != "收据QB01-2026-000001已于2026-11-23办理遗失声明（YS-2026-0001），挂失期至2026-12-08止，声明尚未办结：办理中的遗失声明所涉收据不能作废。请先在该客户的遗失声明中于2026-12-09起办结，再作废收据" {
		t.Errorf("pending: %v", err)
	}

	refund := &Outcome{ID: "refund", Label: "退款（凭声明代替收据）", Refunds: true}
	kept := &Outcome{ID: "receipt_kept", Label: "收据遗失，不退款"}
	closed := day.AddDate(0, 0, 2)
	for _, tc := range []struct {
		name string
		o    *Outcome
		dep  *Deposit
		msg  string
	}{
		{"held", refund, &Deposit{State: DepositHeld}, ""},
		{"no deposit", refund, nil, "收据 QB01-2026-000001 不是保障金收据（本系统没有它的保障金记录），没有可退的保障金，不能选“退款（凭声明代替收据）”（该结果只用于凭声明退还保障金）：请选择不退款的办结结果"},
		{"no deposit, kept", kept, nil, ""},
		{"refunded", refund, &Deposit{State: DepositRefunded, ClosedAt: closed}, "收据 QB01-2026-000001 的保障金已于2026-11-25退还，没有可退的款项，不能选“退款（凭声明代替收据）”：请选择不退款的办结结果（声明复印件交客户留存）"},
		{"forfeited", refund, &Deposit{State: DepositForfeited, ClosedAt: closed}, "收据 QB01-2026-000001 的保障金已于2026-11-25没收，没有可退的款项"},
		{"voided", refund, &Deposit{State: DepositVoided}, "收据 QB01-2026-000001 的保障金已随收据作废，没有可退的款项"},
		{"refunded, kept", kept, &Deposit{State: DepositRefunded, ClosedAt: closed}, ""},
	} {
		err := pending.CanRefundDeposit(tc.o, tc.dep)
		// Offers gives the screen the same reason, from the declaration's
		// own deposit.
		withDep := *pending
		withDep.Deposit, withDep.Kind = tc.dep, LostReceipt
		tc.o.Kinds = []LostKind{LostReceipt}
		if got := withDep.Offers(tc.o); ErrorMessage(got) != ErrorMessage(err) {
			t.Errorf("%s: Offers = %v, CanRefundDeposit = %v", tc.name, got, err)
		}
		if tc.msg == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if ErrorCode(err) != ECONFLICT || len(ErrorMessage(err)) < len(tc.msg) || ErrorMessage(err)[:len(tc.msg)] != tc.msg {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.msg)
		}
	}
}

func TestRenewalAnswers(t *testing.T) {
	s := &Service{Code: "renew_fees"}
	a := RenewalAnswers(s, RenewalRequest{Months: 24}, []RenewedFee{
		{Fee: Fee{ID: "talent", Name: "人才储备费"}, Before: time.Date(2025, 6, 30, 0, 0, 0, 0, time.Local), After: time.Date(2027, 6, 30, 0, 0, 0, 0, time.Local)},
		{Fee: Fee{ID: "archive", Name: "档案保管费"}, After: time.Date(2022, 6, 30, 0, 0, 0, 0, time.Local)},
	})
	want := map[string]string{"months": "24", "fees": "talent,archive", "fee_names": "人才储备费、档案保管费",
		"talent.before": "2025-06-30", "talent.after": "2027-06-30", "archive.before": "", "archive.after": "2022-06-30"}
	if len(a) != len(want) {
		t.Errorf("answers %v", a)
	}
	for k, v := range want {
		if a[k] != v {
			t.Errorf("%s = %q, want %q", k, a[k], v)
		}
	}
}
