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
	// After acceptance the checklist is settled (forms.Case.KeepPromises):
	// the 容缺 is refused outright and the case stays accepted.
	_, err = f.db.SaveCase(ctx, f.clerk, k.ID, answers, items)
	assertErr(t, err, forms.ECONFLICT, "受理后，材料“父母双方关于未在一个月内落户的情况说明”的收取情况不能在材料清单中修改（勾选和容缺只在受理前使用）；容缺材料用“已补交”登记补交、用“改约定日期”改期")
	if k, err = f.db.Case(ctx, k.ID); err != nil || k.Status != forms.CaseAccepted {
		t.Fatalf("five days after acceptance the case moved to %v (%v)", k, err)
	}
}
