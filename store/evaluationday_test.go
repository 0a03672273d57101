package store

import (
	"context"
	"testing"
	"time"

	"counterdesk/forms"
)

// TestSaveAcceptedCaseJudgedOnAcceptanceDay: 小孩落户 born 10-23 and
// accepted 11-23 is within the month. Saved again five days later, the
// case is judged on the day it was accepted: the late papers do not apply,
// so a 容缺 recorded against one does not move the case to 待补材料.
func TestSaveAcceptedCaseJudgedOnAcceptanceDay(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	parent := f.member(t, "李家长")
	answers := map[string]string{"child_name": "李小宝", "child_gender": "F", "child_birth": "2026-10-23", "guardian_consent": "yes"}
	k := f.readyShipped(t, parent, "child_register", answers)
	k, _, _, err := f.db.AcceptCase(ctx, f.clerk, k.ID, forms.Payment{}, time.Time{})
	must(t, err)
	if k.Status != forms.CaseAccepted {
		t.Fatalf("status after accepting = %s", k.Status)
	}
	f.clk.Add(5 * 24 * time.Hour)
	items := map[string]forms.ItemState{}
	for id, st := range k.Items {
		items[id] = st
	}
	items["late_explanation"] = forms.ItemState{Status: forms.ItemDeferred, PromisedBy: testStart.AddDate(0, 0, 12)}
	k, err = f.db.SaveCase(ctx, f.clerk, k.ID, answers, items)
	must(t, err)
	if k.Status != forms.CaseAccepted {
		t.Fatalf("five days after acceptance the case moved to %s: judged on today, not the acceptance day", k.Status)
	}
}
