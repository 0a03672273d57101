package ui

import (
	"context"
	"fmt"
	"testing"
	"time"

	"counterdesk/forms"
)

// TestEnglish_CaseAwaitingPapersFits is C1 of tester round 18b: in English
// a case awaiting papers, opened from 提醒, widened the window to 1293 px
// (Log out and Back to customer cut off, the Brought in / Defer column
// clipped). For every service whose case can wait for papers, the case
// with one paper overdue and one whose date was moved, opened from its
// reminder, fits 1280×720 in English.
func TestEnglish_CaseAwaitingPapersFits(t *testing.T) {
	w, _ := englishStation(t)
	ctx := context.Background()
	home := w.app.home
	services, err := w.db.Services(ctx)
	if err != nil {
		t.Fatal(err)
	}
	opened := 0
	for i, sv := range services {
		today := forms.Day(w.app.now())
		if sv.Scheduled() || sv.Waiting != nil || len(sv.Requirements) < 2 {
			continue
		}
		cust := &forms.Customer{Name: longText("欧阳芳芳", forms.RuleCustomerName.Max), IDNumber: withCheck(fmt.Sprintf("33010619900101%03d", 2*(i+200))),
			Mobile: fmt.Sprintf("139123456%02d", i), Member: true, MemberSince: today.AddDate(-3, 0, 0), Marital: "married"}
		if err := w.db.CreateCustomer(ctx, w.app.actor(), cust); err != nil {
			t.Fatal(err)
		}
		k, _, err := w.db.OpenCase(ctx, w.app.actor(), cust.ID, sv.Code)
		if err != nil {
			t.Logf("%s: open: %v", sv.Name, err)
			continue
		}
		answers := answerAll(&sv, today)
		items := map[string]forms.ItemState{}
		for _, r := range sv.Requirements {
			items[r.ID] = r.Received()
		}
		ev := sv.Evaluate(cust, answers, today, items)
		if len(ev.Items) < 2 {
			t.Logf("%s: %d items", sv.Name, len(ev.Items))
			continue
		}
		late, moved := ev.Items[0].ID, ev.Items[1].ID
		items[late] = forms.ItemState{Status: forms.ItemDeferred, PromisedBy: today.AddDate(0, 0, 1)}
		items[moved] = forms.ItemState{Status: forms.ItemDeferred, PromisedBy: today.AddDate(0, 0, 2)}
		if _, err := w.db.SaveCase(ctx, w.app.actor(), k.ID, answers, items); err != nil {
			t.Logf("%s: save: %v", sv.Name, err)
			continue
		}
		if _, _, _, err := w.db.AcceptCase(ctx, w.app.actor(), k.ID, forms.Payment{Method: forms.PayCash}, time.Time{}); err != nil {
			t.Logf("%s: accept: %v", sv.Name, err)
			continue
		}
		if _, err := w.db.MovePromise(ctx, w.app.actor(), k.ID, moved, today.AddDate(0, 0, 9),
			longText("原单位负责人出差，盖章要等下周", forms.RuleMoveReason.Max)); err != nil {
			t.Fatalf("%s: move: %v", sv.Name, err)
		}
		w.clock.Set(today.AddDate(0, 0, 2).Add(9 * time.Hour)) // the first paper is a day overdue
		home.reminders.refresh()
		w.wait()
		found := false
		for j, it := range home.reminders.items {
			if it.Opens() == "case" && it.CaseID == k.ID {
				home.reminders.onSelected(j)
				w.wait()
				found = true
				break
			}
		}
		if !found {
			home.customers.open(cust.ID)
			w.wait()
			home.customers.showCase(k.ID)
		}
		w.check("English · " + sv.Name + " awaiting papers (from Reminders)")
		opened++
		for _, it := range home.tabs.Items {
			home.tabs.Select(it)
			w.check("English · tab " + it.Text + " after the case")
		}
		w.app.showLogin()
		w.logIn("李主管", "zhuguan123")
		home = w.app.home
	}
	if opened == 0 {
		t.Fatal("no case awaiting papers was opened: the test proves nothing")
	}
	for _, m := range w.failures {
		t.Error(m)
	}
}

// TestEnglish_FollowUpNoCallerFits: the reason beside a disabled 开始回访
// (a call with no caller, tester 18b B2) keeps the 回访 tab within
// 1280×720 in English, and in Chinese.
func TestEnglish_FollowUpNoCallerFits(t *testing.T) {
	w, _ := englishStation(t)
	home := w.app.home
	for _, it := range home.tabs.Items {
		if it.Content == home.followUps.root {
			home.tabs.Select(it)
		}
	}
	f := home.followUps
	f.refresh()
	w.wait()
	if len(f.rows) == 0 {
		t.Fatal("no follow-up in the list")
	}
	f.rows[0].CallerID, f.rows[0].CallerName = "", ""
	f.list.Select(0)
	if !f.noCaller.Visible() {
		t.Fatal("no reason beside 开始回访")
	}
	w.check("English · 回访 (no caller)")
	for _, m := range w.failures {
		t.Error(m)
	}
}
