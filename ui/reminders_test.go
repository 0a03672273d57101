package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// TestReminders_TabOpensCaseCustomerAndOverdueList: the 提醒 tab counts
// its lines, lists the overdue card first, the child near the one-month
// limit next and the fees line last; a line opens the case on its screen
// or the parent's record, the fees line the list of members behind; a
// refund done meanwhile takes the card off when the tab is shown again.
func TestReminders_TabOpensCaseCustomerAndOverdueList(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	ctx := context.Background()
	a := h.app.actor()
	home := h.app.home
	r := home.reminders
	if r == nil || r.tab == nil {
		t.Fatal("the home screen has no 提醒 tab")
	}
	if r.tab.Text != "提醒（0）" || !strings.Contains(r.summary.Text, "没有需要跟进的事项") {
		t.Fatalf("a new station: tab %q, summary %q", r.tab.Text, r.summary.Text)
	}

	// A member who borrowed the card, due back in 30 days; never paid fees.
	lender := &forms.Customer{Name: "王借卡", IDNumber: withCheck("51011319900101011"), Mobile: "13800001111",
		Member: true, MemberSince: time.Date(2020, 3, 5, 0, 0, 0, 0, time.Local)}
	must(t, h.db.CreateCustomer(ctx, a, lender))
	sv, err := h.db.ServiceVersion(ctx, "borrow_card", 0)
	must(t, err)
	items := map[string]forms.ItemState{}
	for _, req := range sv.Requirements {
		items[req.ID] = req.Received()
	}
	k, _, err := h.db.OpenCase(ctx, a, lender.ID, sv.Code)
	must(t, err)
	_, err = h.db.SaveCase(ctx, a, k.ID, answerAll(sv, testDay), items)
	must(t, err)
	_, _, dep, err := h.db.AcceptCase(ctx, a, k.ID, forms.Payment{Method: forms.PayCash}, testDay.AddDate(0, 0, 30))
	must(t, err)

	// 31 days on: the card is a day late; a child born a month less two
	// days ago is 2 days from the limit.
	h.clock.Set(testDay.AddDate(0, 0, 31))
	parent := &forms.Customer{Name: "赵家长", IDNumber: withCheck("51011319880808013"), Mobile: "13800002222",
		Member: true, MemberSince: time.Date(2021, 1, 1, 0, 0, 0, 0, time.Local)}
	must(t, h.db.CreateCustomer(ctx, a, parent))
	must(t, h.db.CreateCustomer(ctx, a, &forms.Customer{Name: "赵小宝", Gender: forms.GenderFemale, ParentID: parent.ID,
		GuardianConsent: true, Birth: time.Date(2026, 11, 26, 0, 0, 0, 0, time.Local)}))

	home.tabs.Select(r.tab)
	h.wait()
	if r.tab.Text != "提醒（3）" || len(r.items) != 3 {
		t.Fatalf("tab %q with %d lines, want 提醒（3）", r.tab.Text, len(r.items))
	}
	want := []struct {
		kind forms.ReminderKind
		text string
	}{
		{forms.RemindDepositOverdue, "户籍卡应于2026-12-23归还，已逾期1天"},
		{forms.RemindChildLimit, "小孩赵小宝出生满一个月落户的最后一天是2026-12-26（还有2天）"},
		{forms.RemindFeesOverdue, "有2名集体户成员欠缴费用"},
	}
	for i, w := range want {
		row := r.list.CreateItem()
		r.list.UpdateItem(i, row)
		shown := strings.Join(labelTexts(row), " ")
		if r.items[i].Kind != w.kind || !strings.Contains(shown, w.text) || !strings.Contains(shown, w.kind.Label()) {
			t.Errorf("line %d shows %q, want %s with %q", i, shown, w.kind, w.text)
		}
	}

	// The card's line opens the 借户籍卡 case on the customer tab.
	r.list.Select(0)
	h.wait()
	cs := home.customers
	if home.tabs.Selected().Content != cs.root || cs.caseScr == nil || cs.caseScr.kase.ID != k.ID {
		t.Fatalf("the card's line did not open case %s", k.Number)
	}
	if cs.current == nil || cs.current.ID != lender.ID {
		t.Fatalf("the case opened without its customer")
	}

	// The child's line opens the parent's record.
	home.tabs.Select(r.tab)
	h.wait()
	r.list.Select(1)
	h.wait()
	if cs.caseScr != nil || cs.showing != showingRecord || cs.current.ID != parent.ID {
		t.Fatalf("the child's line did not open the parent's record (showing %d)", cs.showing)
	}

	// The fees line opens the list of members behind; a name opens them.
	home.tabs.Select(r.tab)
	h.wait()
	r.list.Select(2)
	h.wait()
	if r.overdueDlg == nil || len(r.overdue) != 2 {
		t.Fatalf("the fees line listed %d members, want 2", len(r.overdue))
	}
	names := map[string]bool{r.overdue[0].Name: true, r.overdue[1].Name: true}
	if !names["王借卡"] || !names["赵家长"] {
		t.Fatalf("members behind: %v", names)
	}
	row := r.overdueList.CreateItem()
	r.overdueList.UpdateItem(0, row)
	if shown := strings.Join(labelTexts(row), " "); !strings.Contains(shown, "人才储备费缴至 未缴") || strings.Contains(shown, r.overdue[0].IDNumber) {
		t.Errorf("overdue row shows %q (the ID number must be masked)", shown)
	}
	first := r.overdue[0].ID
	r.overdueList.Select(0)
	h.wait()
	if cs.current == nil || cs.current.ID != first || cs.showing != showingRecord {
		t.Fatal("a name in the list did not open the member's record")
	}

	// The card comes back: shown again, the tab no longer lists it.
	_, err = h.db.RefundDeposit(ctx, a, forms.RefundRequest{DepositID: dep.ID,
		Returned: []string{forms.ReturnedCard, forms.ReturnedPromise, forms.ReturnedReceipt},
		Payment:  forms.Payment{Method: forms.PayCash}})
	must(t, err)
	home.tabs.Select(r.tab)
	h.wait()
	if r.tab.Text != "提醒（2）" || r.items[0].Kind != forms.RemindChildLimit {
		t.Fatalf("after the refund: tab %q, first line %s", r.tab.Text, r.items[0].Kind)
	}
	rs, err := h.db.Reminders(ctx)
	must(t, err)
	if rs.Count() != 2 {
		t.Fatalf("the store counts %d reminders, the tab 2", rs.Count())
	}
}

// TestReminderKindsTranslated: every kind's label, which the list passes
// to T, has its English.
func TestReminderKindsTranslated(t *testing.T) {
	en := loadTranslationFile(t, "translations/en.json")
	for _, k := range []forms.ReminderKind{forms.RemindLossPeriod, forms.RemindPaperOverdue, forms.RemindPaperSoon,
		forms.RemindDepositOverdue, forms.RemindChildLimit, forms.RemindFeesOverdue} {
		if _, ok := en[k.Label()]; !ok {
			t.Errorf("%q has no English in translations/en.json", k.Label())
		}
	}
}

// labelTexts returns the texts of the labels in a list row.
func labelTexts(o fyne.CanvasObject) []string {
	var out []string
	for _, x := range test.LaidOutObjects(o) {
		if l, ok := x.(*widget.Label); ok {
			out = append(out, l.Text)
		}
	}
	return out
}

// must fails the test on an error.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%v (%s)", err, forms.ErrorMessage(err))
	}
}

// walkReminders shows the 提醒 tab weeks later, when the cards lent in the
// walk are overdue and the members are behind with their fees, and the
// list of members behind; the clock goes back afterwards.
func walkReminders(w *fitWalker) {
	t := w.t
	t.Helper()
	home := w.app.home
	w.clock.Set(testDay.AddDate(0, 0, 45))
	defer w.clock.Set(testDay)
	home.tabs.Select(home.reminders.tab)
	w.wait()
	r := home.reminders
	if len(r.items) == 0 {
		t.Fatalf("45 days on, the walk's station has no reminders")
	}
	w.check("主页 · " + r.tab.Text)
	for i, it := range r.items {
		if it.Kind == forms.RemindFeesOverdue {
			r.list.Select(i)
			w.check("提醒 → 欠费成员")
			w.closeDialogs()
		}
	}
	home.tabs.Select(home.reminders.tab)
	w.wait()
}
