package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// Faults a new clerk and supervisor tripped on in a real window
// (1280×800 Xvfb, xdotool), each checked here.

// The window opened at 1200×780: with its title bar it ran off a 1280×720
// screen, taking the status line and the bottom buttons with it.
func TestWalk_WindowStartsOnA1280x720Screen(t *testing.T) {
	const titleBar, taskbar = 32, 48
	if s := initialWindowSize; s.Width > 1280 || s.Height+titleBar+taskbar > 720 {
		t.Fatalf("the window starts at %.0f×%.0f: with title bar and taskbar it does not fit 1280×720", s.Width, s.Height)
	}
}

// Ticking 集体户成员 enabled 入户日期, but its label on screen stayed in the
// disabled grey. (The label object on show is kept: a renderer made
// afresh would colour it right and hide the fault.)
func TestWalk_JoinDateLabelFollowsTheMemberTick(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	test.Tap(h.app.home.customers.newBtn)
	f := h.app.home.customers.edit
	var label *canvas.Text
	for _, o := range test.LaidOutObjects(h.app.win.Canvas().Content()) {
		if tx, ok := o.(*canvas.Text); ok && tx.Text == "入户日期" {
			label = tx
		}
	}
	if label == nil {
		t.Fatal("no 入户日期 label on the new-customer form")
	}
	disabled := Theme{}.Color(theme.ColorNameDisabled, theme.VariantLight)
	if label.Color != disabled {
		t.Fatal("入户日期 is not greyed for a non-member")
	}
	f.member.SetChecked(true)
	if label.Color == disabled {
		t.Fatal("入户日期 still looks disabled after ticking 集体户成员")
	}
	f.member.SetChecked(false)
	if label.Color != disabled {
		t.Fatal("入户日期 not greyed again after unticking 集体户成员")
	}
}

// A date entry that starts with a date (the accept dialog's 户籍卡归还日期,
// an edited customer's dates) had no calendar button: its renderer was
// made, by SetText, before the button was its action item.
func TestWalk_DateEntryWithADateHasItsCalendar(t *testing.T) {
	test.NewTempApp(t)
	test.ApplyTheme(t, Theme{})
	for _, initial := range []time.Time{{}, time.Date(2026, 12, 30, 0, 0, 0, 0, time.Local)} {
		e := newDateEntry(initial, nil)
		found := false
		for _, o := range test.WidgetRenderer(e).Objects() {
			if o == e.calendar {
				found = true
			}
		}
		if !found {
			t.Errorf("a date entry starting at %q shows no calendar button", forms.FormatDate(initial))
		}
	}
}

// "• " before a long Chinese talking point left the bullet alone on the
// first line (Fyne wraps at spaces); notes under checklist papers were in
// the disabled grey, barely readable and set apart from their paper.
func TestWalk_TalkingPointsAndPaperNotesRead(t *testing.T) {
	h := newCaseHarness(t)
	c := h.openCase(h.customer(true), "settle_past_grad")
	if len(c.talkingBox.Objects) == 0 {
		t.Fatal("no talking points")
	}
	for _, o := range test.LaidOutObjects(c.talkingBox) {
		if l, ok := o.(*widget.Label); ok && strings.HasPrefix(l.Text, "• ") {
			t.Errorf("talking point %q wraps its bullet alone", l.Text)
		}
		if l, ok := o.(*wrappedText); ok && strings.HasPrefix(l.Text, "• ") {
			t.Errorf("talking point %q wraps its bullet alone", l.Text)
		}
	}
	notes := 0
	for _, o := range test.LaidOutObjects(c.checklistBox) {
		switch x := o.(type) {
		case *widget.Label:
			if x.Importance == widget.LowImportance {
				t.Errorf("checklist text %q is in the disabled grey", x.Text)
			}
		case *widget.RichText:
			for _, s := range x.Segments {
				if ts, ok := s.(*widget.TextSegment); ok && ts.Style.ColorName == theme.ColorNamePlaceHolder {
					notes++
				}
			}
		}
	}
	hasNote := 0
	for _, it := range c.eval.Items {
		if it.Note != "" {
			hasNote++
		}
	}
	if hasNote == 0 || notes != hasNote {
		t.Fatalf("%d papers have notes, %d readable notes shown", hasNote, notes)
	}
	// Each note is in its paper's row, between the tick and 容缺.
	for _, row := range c.checklistBox.Objects {
		if _, ok := row.(*fyne.Container); !ok {
			t.Fatalf("checklist row %T is not a paper's row", row)
		}
	}
	h.fits("历届生落户 with notes")
}

// 办结 with a paper still promised (容缺) asked "确定办结？" and then refused
// what the clerk had confirmed. It says why at once, asking nothing.
func TestWalk_CompleteWithAPromisedPaperSaysWhyFirst(t *testing.T) {
	h := newCaseHarness(t)
	cust := h.customer(true)
	c := h.openCase(cust, "settle_past_grad")
	items := map[string]forms.ItemState{}
	for i, r := range c.service.Requirements {
		items[r.ID] = r.Received()
		if i == 0 {
			items[r.ID] = forms.ItemState{Status: forms.ItemDeferred, PromisedBy: testDay.AddDate(0, 0, 7)}
		}
	}
	answers := answerAll(c.service, testDay)
	if _, err := h.db.SaveCase(h.ctx, h.app.actor(), c.kase.ID, answers, items); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := h.db.AcceptCase(h.ctx, h.app.actor(), c.kase.ID, forms.Payment{}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	c = h.show(c.kase.ID)
	if c.completeBtn == nil {
		t.Fatal("no 办结 on an accepted case")
	}
	// 办结 says why before any click: disabled, the reason beside it (the
	// last promised paper's 已补交 completes the case).
	if !c.completeBtn.Disabled() || !strings.Contains(c.actionNote.Text, "容缺") {
		t.Fatalf("办结 disabled %v, the reason beside it %q", c.completeBtn.Disabled(), c.actionNote.Text)
	}
	test.Tap(c.completeBtn)
	h.wait()
	if b := h.overlayButton("确定办结"); b != nil {
		t.Fatal("办结 asked to confirm what it then refuses")
	}
	h.closeDialogs()
	k, err := h.db.Case(h.ctx, c.kase.ID)
	if err != nil || k.Status == forms.CaseCompleted {
		t.Fatalf("the case is %v (%v)", k.Status, err)
	}
}

// A supervisor was told "只有主管可以修改设置。", and 保存设置 was under the
// fold: it stays on screen in a window the size the program opens.
func TestWalk_SettingsSaveOnScreenNoClerkNoteForSupervisor(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.app.win.Resize(initialWindowSize)
	for _, ti := range h.app.home.tabs.Items {
		if ti.Text == T("设置") {
			h.app.home.tabs.Select(ti)
		}
	}
	h.wait()
	s := h.app.home.settings
	for _, o := range test.LaidOutObjects(h.app.win.Canvas().Content()) {
		if l, ok := o.(*widget.Label); ok && l.Visible() && strings.Contains(l.Text, "只有主管可以修改设置") {
			t.Fatal("a supervisor is told only a supervisor may change the settings")
		}
		if sc, ok := o.(*container.Scroll); ok {
			for _, x := range test.LaidOutObjects(sc.Content) {
				if x == s.save {
					t.Fatal("保存设置 scrolls away with the settings")
				}
			}
		}
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(s.save)
	if !s.save.Visible() || pos.Y+s.save.Size().Height > initialWindowSize.Height {
		t.Fatalf("保存设置 at y=%.0f is off a %.0f px high window", pos.Y, initialWindowSize.Height)
	}
}

// 保存 on the new-customer form was under the fold in a window that fits
// 1280×720: it stays on screen below the scrolling fields.
func TestWalk_CustomerSaveOnScreen(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.app.win.Resize(initialWindowSize)
	test.Tap(h.app.home.customers.newBtn)
	f := h.app.home.customers.edit
	f.member.SetChecked(true)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(f.save)
	if pos.Y+f.save.Size().Height > h.app.win.Canvas().Size().Height {
		t.Fatalf("保存 at y=%.0f is off a %.0f px high window", pos.Y, h.app.win.Canvas().Size().Height)
	}
}

// The date entry's calendar named the month in English ("November 2026")
// on a Chinese screen. It names it 2026年11月, goes from month to month,
// and a day picked is the entry's date.
func TestWalk_CalendarSpeaksChinese(t *testing.T) {
	test.NewTempApp(t)
	test.ApplyTheme(t, Theme{})
	e := newDateEntry(time.Time{}, nil)
	w := test.NewWindow(container.NewVBox(e))
	defer w.Close()
	w.Resize(fyne.NewSize(600, 500))
	e.SetText("2026-11-05")
	e.showCalendar()
	cal := e.popUp.Content
	var title string
	var days []*widget.Button
	for _, o := range test.LaidOutObjects(cal) {
		switch x := o.(type) {
		case *widget.Label:
			if strings.Contains(x.Text, "年") {
				title = x.Text
			}
		case *widget.Button:
			if x.Text != "" {
				days = append(days, x)
			}
		}
	}
	if title != "2026年11月" {
		t.Fatalf("the calendar's month reads %q, want 2026年11月", title)
	}
	for _, o := range test.LaidOutObjects(cal) {
		if tx, ok := o.(*canvas.Text); ok && strings.Contains(tx.Text, "November") {
			t.Fatalf("English on the calendar: %q", tx.Text)
		}
	}
	if len(days) != 30 {
		t.Fatalf("%d day buttons for November, want 30", len(days))
	}
	var arrows []*widget.Button
	for _, o := range test.LaidOutObjects(cal) {
		if b, ok := o.(*widget.Button); ok && b.Text == "" {
			arrows = append(arrows, b)
		}
	}
	if len(arrows) != 2 {
		t.Fatalf("%d arrow buttons, want 2", len(arrows))
	}
	test.Tap(arrows[1])
	test.Tap(arrows[0])
	test.Tap(arrows[0])
	if e.popUp.Content != cal {
		t.Fatal("the calendar was replaced while going from month to month")
	}
	title = ""
	days = nil
	for _, o := range test.LaidOutObjects(cal) {
		switch x := o.(type) {
		case *widget.Label:
			if strings.Contains(x.Text, "年") {
				title = x.Text
			}
		case *widget.Button:
			if x.Text != "" {
				days = append(days, x)
			}
		}
	}
	if title != "2026年10月" || len(days) != 31 {
		t.Fatalf("after ›‹‹ the calendar shows %q with %d days, want 2026年10月 with 31", title, len(days))
	}
	test.Tap(days[19])
	if e.Text != "2026-10-20" {
		t.Fatalf("picking 20 October gave %q", e.Text)
	}
}

// The 文书… list's note and the reason beside a disabled 作废 were in the
// disabled grey, barely readable: no text in these dialogs is.
func TestWalk_DocumentAndReceiptDialogsReadable(t *testing.T) {
	h := newCaseHarness(t)
	c := h.acceptBorrowCase("赵敏", withCheck("51011319920202333"), "13900003333")
	if _, err := h.db.RefundDeposit(h.ctx, h.app.actor(), forms.RefundRequest{DepositID: c.deposit.ID,
		Returned: []string{forms.ReturnedCard, forms.ReturnedPromise, forms.ReturnedReceipt},
		Payment:  forms.Payment{Method: forms.PayCash}}); err != nil {
		t.Fatal(err)
	}
	c = h.show(c.kase.ID)
	for _, b := range []*widget.Button{c.receiptsBtn, c.documentsBtn} {
		test.Tap(b)
		labels := 0
		for _, o := range h.app.win.Canvas().Overlays().List() {
			for _, x := range test.LaidOutObjects(o) {
				if l, ok := x.(*widget.Label); ok && l.Visible() && l.Text != "" {
					labels++
					if l.Importance == widget.LowImportance {
						t.Errorf("%s: %q is in the disabled grey", b.Text, l.Text)
					}
				}
			}
		}
		if labels == 0 {
			t.Fatalf("%s showed no text", b.Text)
		}
		h.closeDialogs()
	}
}

// Return in the 容缺 date did nothing; it confirms, with the same checks.
func TestWalk_DeferDateReturnConfirms(t *testing.T) {
	h := newCaseHarness(t)
	c := h.openCase(h.customer(true), "settle_past_grad")
	it := c.eval.Items[0]
	c.onDefer(it)
	f := c.deferForm
	test.Type(&f.date.Entry, "2026-11-01")
	f.date.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !strings.Contains(f.message.Text, "不能早于今天") || c.items[it.ID].Status == forms.ItemDeferred {
		t.Fatalf("Return with a past date: message %q, state %v", f.message.Text, c.items[it.ID])
	}
	f.date.SetText("2026-12-05")
	f.date.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if st := c.items[it.ID]; st.Status != forms.ItemDeferred || forms.FormatDate(st.PromisedBy) != "2026-12-05" {
		t.Fatalf("Return with 2026-12-05 left the paper %v", st)
	}
}
