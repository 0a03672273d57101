package ui

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// laidOut lists what the main window shows.
func laidOut(h *harness) []fyne.CanvasObject {
	return test.LaidOutObjects(h.app.win.Canvas().Content())
}

// shownText joins every label, heading and check text on the screen.
func shownText(h *harness) string {
	var b strings.Builder
	for _, o := range laidOut(h) {
		switch x := o.(type) {
		case *widget.Label:
			b.WriteString(x.Text + "\n")
		case *widget.RichText:
			b.WriteString(x.String() + "\n")
		case *widget.Check:
			b.WriteString(x.Text + "\n")
		}
	}
	return b.String()
}

func shownButton(h *harness, text string) *widget.Button {
	for _, o := range laidOut(h) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	return nil
}

// renewalMember creates a member who paid both fees through 2025-06-30
// (or a non-member).
func renewalMember(t *testing.T, h *harness, sup forms.Actor, member bool) *forms.Customer {
	t.Helper()
	c := &forms.Customer{Name: "王续费", IDNumber: withCheck("33010619880808123"), Mobile: "13812340088"}
	if member {
		c.Member, c.MemberSince = true, time.Date(2020, 7, 1, 0, 0, 0, 0, time.Local)
		c.TalentPaidThrough = time.Date(2025, 6, 30, 0, 0, 0, 0, time.Local)
		c.ArchivePaidThrough = time.Date(2025, 6, 30, 0, 0, 0, 0, time.Local)
	}
	if err := h.db.CreateCustomer(context.Background(), sup, c); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestWalk_Renewal walks 续费 from the search by ID number (as the card
// reader types it) to the printed receipt, asserting the screen and the
// database: what is due and why, a refused zero years that charges
// nothing, then two years paid in cash.
func TestWalk_Renewal(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	sup := clerkLoggedIn(t, h)
	c := renewalMember(t, h, sup, true)

	cs := h.app.home.customers
	h.typeInto(cs.search, c.IDNumber)
	cs.search.OnSubmitted(cs.search.Text)
	h.wait()
	if cs.current == nil || cs.current.ID != c.ID {
		t.Fatal("the ID number did not open the member")
	}
	// 续费 is offered on the record like the other services.
	var services *widget.Select
	for _, o := range laidOut(h) {
		if s, ok := o.(*widget.Select); ok && strings.Contains(strings.Join(s.Options, ","), "续费") {
			services = s
		}
	}
	if services == nil {
		t.Fatal("the customer record does not offer 续费")
	}
	services.SetSelected("续费")
	test.Tap(shownButton(h, "办理"))
	h.wait()

	text := shownText(h)
	for _, want := range []string{
		"续费 · 王续费",
		"缴至 2025-06-30；自 2025-07-01 起欠费",
		"收费标准：2010-01-01 起每年 ¥300.00；只按整年缴纳",
		"收费标准：2010-01-01 起每年 ¥120.00，2015-01-01 起每年 ¥0.00；只按整年缴纳",
		// Overdue since 2025-07-01: two years cover today (2026-11-23).
		"人才储备费 2025-07-01 至 2027-06-30 · ¥600.00（按每年¥300.00，2年）",
		"档案保管费 2025-07-01 至 2027-06-30 · ¥0.00（按每年¥0.00，2年）",
		"合计 ¥600.00（" + forms.Yuan(600).Capitals() + "）",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("renewal screen lacks %q\n--- screen ---\n%s", want, text)
		}
	}
	shot(t, h, "renewal")
	var entries []*widget.Entry
	var method *widget.RadioGroup
	for _, o := range laidOut(h) {
		switch x := o.(type) {
		case *widget.Entry:
			entries = append(entries, x)
		case *widget.RadioGroup:
			method = x
		}
	}
	if len(entries) != 2 || method == nil {
		t.Fatalf("renewal screen: %d entries, method %v", len(entries), method)
	}
	years := entries[0]
	if years.Text != "2" {
		t.Errorf("suggested years %q, want 2", years.Text)
	}

	// Zero years: the screen says what to fix and nothing is charged.
	h.typeInto(years, "0")
	method.SetSelected("现金")
	// Cash has no transaction reference: the field is cleared and closed.
	if ref := entries[1]; !ref.Disabled() {
		t.Error("交易单号 stays editable for cash on the renewal screen")
	}
	test.Tap(shownButton(h, "收费并打印收据"))
	h.wait()
	if text := shownText(h); !strings.Contains(text, "请填写续费的年数（或月数），至少1年") {
		t.Errorf("zero years not refused on screen:\n%s", text)
	}
	if got, _ := h.db.Customer(ctx, c.ID); forms.FormatDate(got.TalentPaidThrough) != "2025-06-30" || len(h.pr.kinds()) != 0 {
		t.Fatalf("a refused renewal changed the member (%s) or printed %v", forms.FormatDate(got.TalentPaidThrough), h.pr.kinds())
	}

	// Only the talent fee, one year.
	h.typeInto(years, "1")
	for _, o := range laidOut(h) {
		if ch, ok := o.(*widget.Check); ok && ch.Text == "档案保管费" {
			ch.SetChecked(false)
		}
	}
	if text := shownText(h); strings.Contains(text, "档案保管费 2025") || !strings.Contains(text, "合计 ¥300.00") {
		t.Errorf("after unticking the archive fee:\n%s", text)
	}
	test.Tap(shownButton(h, "收费并打印收据"))
	h.wait()

	got, err := h.db.Customer(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if forms.FormatDate(got.TalentPaidThrough) != "2026-06-30" || forms.FormatDate(got.ArchivePaidThrough) != "2025-06-30" {
		t.Errorf("paid through %s / %s, want 2026-06-30 / 2025-06-30", forms.FormatDate(got.TalentPaidThrough), forms.FormatDate(got.ArchivePaidThrough))
	}
	r, err := h.db.ReceiptByNumber(ctx, "QB01-2026-000001")
	if err != nil {
		t.Fatal(err)
	}
	if r.Total != forms.Yuan(300) || len(r.Lines) != 1 || r.Lines[0].Text != "人才储备费 2025-07-01 至 2026-06-30" || r.CustomerID != c.ID {
		t.Errorf("receipt %+v", r)
	}
	if k := h.pr.kinds(); len(k) != 1 || k[0] != string(forms.PrintReceipt) {
		t.Errorf("printed %v, want the receipt", k)
	}
	if text := shownText(h); !strings.Contains(text, "已收费：收据 QB01-2026-000001，合计 ¥300.00") || !strings.Contains(text, "人才储备费现缴至 2026-06-30") {
		t.Errorf("done screen:\n%s", text)
	}
	// The receipt was wrong: 作废 with a reason and a supervisor's approval
	// puts the date back.
	test.Tap(shownButton(h, "作废"))
	h.typeInto(h.app.reason.entry, "年数开错客户要续两年")
	test.Tap(h.app.reason.confirm)
	h.approve("zhuguan123")
	got, err = h.db.Customer(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := h.db.Receipt(ctx, r.ID); !v.Voided || forms.FormatDate(got.TalentPaidThrough) != "2025-06-30" {
		t.Fatalf("after 作废: voided %v, paid through %s, want 2025-06-30", v.Voided, forms.FormatDate(got.TalentPaidThrough))
	}
	if text := shownText(h); !strings.Contains(text, "【作废】年数开错客户要续两年") || !strings.Contains(text, "缴至 2025-06-30；自 2025-07-01 起欠费") {
		t.Errorf("after 作废 the screen shows:\n%s", text)
	}
	test.Tap(shownButton(h, "返回客户"))
	h.wait()
	if text := shownText(h); !strings.Contains(text, "人才储备费 2025-06-30") {
		t.Errorf("the record does not show the date put back:\n%s", text)
	}
}

// A non-member sees why there is no renewal, and cannot pay.
func TestRenewal_NonMemberCannotPay(t *testing.T) {
	h := newHarness(t)
	sup := clerkLoggedIn(t, h)
	c := renewalMember(t, h, sup, false)
	cs := h.app.home.customers
	cs.open(c.ID)
	h.wait()
	cs.showRenewal("renew_fees")
	h.wait()
	if text := shownText(h); !strings.Contains(text, "该客户不是集体户成员，不能续费") {
		t.Errorf("no reason shown:\n%s", text)
	}
	if b := shownButton(h, "收费并打印收据"); b == nil || !b.Disabled() {
		t.Error("the pay button is not disabled for a non-member")
	}
}

// shot writes the window as $COUNTERDESK_SHOTS/<name>.png when that is set
// (the README's screenshot of the renewal screen comes from here).
func shot(t *testing.T, h *harness, name string) {
	t.Helper()
	dir := os.Getenv("COUNTERDESK_SHOTS")
	if dir == "" {
		return
	}
	f, err := os.Create(filepath.Join(dir, name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, h.app.win.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}

// A supervisor chooses whole months for the 人才储备费 on the renewal
// screen: saved as the service's next version, and the clerk can then add
// months, each at rate/12 (half up in fen).
func TestRenewal_SupervisorAllowsMonths(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	c := renewalMember(t, h, h.app.actor(), true)
	before, err := h.db.ServiceVersion(ctx, "renew_fees", 0)
	if err != nil {
		t.Fatal(err)
	}
	cs := h.app.home.customers
	cs.open(c.ID)
	h.wait()
	cs.showRenewal("renew_fees")
	h.wait()
	months := T(forms.PartYearMonths.Label())
	var rule *widget.Select
	for _, o := range laidOut(h) {
		if s, ok := o.(*widget.Select); ok && rule == nil && strings.Contains(strings.Join(s.Options, ","), months) {
			rule = s // the first: 人才储备费
		}
	}
	if rule == nil {
		t.Fatal("the supervisor sees no part-year choice")
	}
	rule.SetSelected(months)
	h.wait()
	after, err := h.db.ServiceVersion(ctx, "renew_fees", 0)
	if err != nil {
		t.Fatal(err)
	}
	if after.Version != before.Version+1 || after.Fees[0].Table.PartYear != forms.PartYearMonths || after.Fees[1].Table.PartYear != forms.PartYearNone {
		t.Fatalf("after the choice: v%d %+v", after.Version, after.Fees)
	}
	var entries []*widget.Entry
	for _, o := range laidOut(h) {
		if e, ok := o.(*widget.Entry); ok {
			entries = append(entries, e)
		}
	}
	if len(entries) != 3 {
		t.Fatalf("%d entries, want years, months and the reference", len(entries))
	}
	for _, o := range laidOut(h) {
		if ch, ok := o.(*widget.Check); ok && ch.Text == "档案保管费" {
			ch.SetChecked(false)
		}
	}
	h.typeInto(entries[0], "0")
	h.typeInto(entries[1], "5")
	if text := shownText(h); !strings.Contains(text, "人才储备费 2025-07-01 至 2025-11-30 · ¥125.00（按每年¥300.00，5个月）") ||
		!strings.Contains(text, "可按整月缴纳：每月按年标准÷12计") {
		t.Errorf("five months:\n%s", text)
	}
}
