package forms

import (
	"strings"
	"testing"
	"time"
)

func TestReceipt_CanVoid(t *testing.T) {
	day := time.Date(2026, 11, 20, 9, 30, 0, 0, time.Local)
	tests := []struct {
		name   string
		voided bool
		dep    *Deposit
		want   []string // substrings of the message; nil: may be voided
	}{
		{name: "FeeReceipt"},
		{name: "HeldDeposit", dep: &Deposit{State: DepositHeld}},
		{name: "VoidedDeposit", dep: &Deposit{State: DepositVoided}, voided: true, want: []string{"QB01-2026-000007", "已于2026-11-20 09:30作废，不能重复作废"}},
		{name: "AlreadyVoided", voided: true, want: []string{"已于2026-11-20 09:30作废，不能重复作废"}},
		{name: "Refunded", dep: &Deposit{State: DepositRefunded, ClosedAt: day}, want: []string{"QB01-2026-000007", "保障金已于2026-11-20退还，不能作废"}},
		{name: "Forfeited", dep: &Deposit{State: DepositForfeited, ClosedAt: day}, want: []string{"保障金已于2026-11-20没收，不能作废"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &Receipt{Number: "QB01-2026-000007", Voided: tt.voided, VoidedAt: day}
			err := r.CanVoid(tt.dep)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("CanVoid = %v, want nil", err)
				}
				return
			}
			if ErrorCode(err) != ECONFLICT {
				t.Fatalf("CanVoid code = %q (%v), want %q", ErrorCode(err), err, ECONFLICT)
			}
			for _, w := range tt.want {
				if !strings.Contains(ErrorMessage(err), w) {
					t.Errorf("CanVoid message %q lacks %q", ErrorMessage(err), w)
				}
			}
		})
	}
}
