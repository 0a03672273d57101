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
	"fyne.io/fyne/v2/container"
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
		// The archive fee is ¥0 since 2015: not owed, not ticked.
		"缴至 2025-06-30；此后收费标准为0元，不欠费",
		"合计 ¥600.00（" + forms.Yuan(600).Capitals() + "）",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("renewal screen lacks %q\n--- screen ---\n%s", want, text)
		}
	}
	if renewalCheck(h, "档案保管费").Checked {
		t.Error("the ¥0 archive fee is pre-ticked as owed")
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
	// 档案保管费 (whole years only) ticked with 0 years + 5 months: the
	// message names the real fix, not a multiple of 12 months that
	// 另加月数 (0–11) cannot take.
	renewalCheck(h, "档案保管费").SetChecked(true)
	h.typeInto(entries[0], "0")
	h.typeInto(entries[1], "5")
	if text := shownText(h); !strings.Contains(text, "档案保管费只能按整年缴纳：请把“另加月数”改为0、只续整年，或取消勾选“档案保管费”") || strings.Contains(text, "12的倍数") {
		t.Errorf("5 months with the years-only fee ticked:\n%s", text)
	}
	renewalCheck(h, "档案保管费").SetChecked(false)
	if text := shownText(h); !strings.Contains(text, "人才储备费 2025-07-01 至 2025-11-30 · ¥125.00（按每年¥300.00，5个月）") ||
		!strings.Contains(text, "可按整月缴纳：每月按年标准÷12计") {
		t.Errorf("five months:\n%s", text)
	}
}

// renewalCheck returns the fee's tick box on the renewal screen.
func renewalCheck(h *harness, name string) *widget.Check {
	for _, o := range laidOut(h) {
		if ch, ok := o.(*widget.Check); ok && ch.Text == name {
			return ch
		}
	}
	h.t.Fatalf("no tick box %q", name)
	return nil
}

// openRenewalFor creates the customer and opens 续费 for them.
func openRenewalFor(t *testing.T, h *harness, c *forms.Customer) *renewalScreen {
	t.Helper()
	if err := h.db.CreateCustomer(context.Background(), h.app.actor(), c); err != nil {
		t.Fatal(err)
	}
	cs := h.app.home.customers
	cs.open(c.ID)
	h.wait()
	r := cs.showRenewal("renew_fees")
	h.wait()
	return r
}

func renewalDay(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.Local)
}

// Talent paid to 2019-02-28, archive (¥0 since 2015) to 2014-12-31: the
// screen suggests the 8 years that cover today (2026-11-23) for the money
// fee, not the 12 the ¥0 fee would, and does not tick the ¥0 fee. Ticked
// alone, the ¥0 fee is not offered for charging.
func TestRenewal_ZeroFeeDoesNotDriveYears(t *testing.T) {
	h := newHarness(t)
	clerkLoggedIn(t, h)
	r := openRenewalFor(t, h, &forms.Customer{Name: "赵八年", IDNumber: withCheck("33010619880808124"), Mobile: "13812340089",
		Member: true, MemberSince: renewalDay(2010, 3, 1), TalentPaidThrough: renewalDay(2019, 2, 28), ArchivePaidThrough: renewalDay(2014, 12, 31)})
	if r.years.Text != "8" {
		t.Errorf("suggested years %q, want 8", r.years.Text)
	}
	if renewalCheck(h, "档案保管费").Checked || !renewalCheck(h, "人才储备费").Checked {
		t.Error("want only the talent fee ticked as owed")
	}
	text := shownText(h)
	for _, want := range []string{"人才储备费 2019-03-01 至 2027-02-28 · ¥2,400.00", "合计 ¥2,400.00", "建议的年数只按欠费的、收费不为0元的费用"} {
		if !strings.Contains(text, want) {
			t.Errorf("screen lacks %q:\n%s", want, text)
		}
	}
	// Both ticked: the ¥0 fee's date moves on with the money fee.
	renewalCheck(h, "档案保管费").SetChecked(true)
	if text := shownText(h); !strings.Contains(text, "档案保管费 2015-01-01 至 2022-12-31 · ¥0.00") || !strings.Contains(text, "合计 ¥2,400.00") || r.payBtn.Disabled() {
		t.Errorf("both fees:\n%s", text)
	}
	// The ¥0 fee alone: no charge offered.
	renewalCheck(h, "人才储备费").SetChecked(false)
	if text := shownText(h); !strings.Contains(text, "合计 ¥0.00：所选费用在所选期间的收费标准为0元") || !r.payBtn.Disabled() {
		t.Errorf("the ¥0 fee alone is offered for charging (disabled %v):\n%s", r.payBtn.Disabled(), text)
	}
}

// A former member who rejoined on 2026-11-23 after paying to 2020-02-29
// owes from the day of rejoining, not for the years away.
func TestRenewal_RejoinedOwesFromRejoining(t *testing.T) {
	h := newHarness(t)
	clerkLoggedIn(t, h)
	r := openRenewalFor(t, h, &forms.Customer{Name: "钱回来", IDNumber: withCheck("33010619880808125"), Mobile: "13812340090",
		Member: true, MemberSince: renewalDay(2026, 11, 23), TalentPaidThrough: renewalDay(2020, 2, 29), ArchivePaidThrough: renewalDay(2020, 2, 29)})
	text := shownText(h)
	if r.years.Text != "1" || !strings.Contains(text, "人才储备费 2026-11-23 至 2027-11-22 · ¥300.00") || !strings.Contains(text, "合计 ¥300.00") || strings.Contains(text, "2020-03-01") {
		t.Errorf("rejoined member billed for the years away (years %s):\n%s", r.years.Text, text)
	}
}

// A former member sees the refusal and no bill: nothing ticked, no 欠费,
// no total, and the pay button closed.
func TestRenewal_FormerMemberNoBill(t *testing.T) {
	h := newHarness(t)
	clerkLoggedIn(t, h)
	r := openRenewalFor(t, h, &forms.Customer{Name: "孙已走", IDNumber: withCheck("33010619880808126"), Mobile: "13812340091",
		MemberSince: renewalDay(2015, 3, 1), MemberUntil: renewalDay(2020, 3, 1), TalentPaidThrough: renewalDay(2018, 1, 31), ArchivePaidThrough: renewalDay(2018, 1, 31)})
	text := shownText(h)
	if !strings.Contains(text, "已于2020-03-01迁出集体户") {
		t.Errorf("no refusal shown:\n%s", text)
	}
	if strings.Contains(text, "起欠费") || strings.Contains(text, "合计") || strings.Contains(text, "¥625") || len(r.dueBox.Objects) != 0 {
		t.Errorf("a former member is shown a bill:\n%s", text)
	}
	if renewalCheck(h, "人才储备费").Checked || !r.payBtn.Disabled() {
		t.Error("a former member's fee is ticked or payable")
	}
}

// A refusal is shown beside 收费并打印收据, outside the scroll area, not
// below its fold.
func TestRenewal_RefusalBesidePayButton(t *testing.T) {
	h := newHarness(t)
	sup := clerkLoggedIn(t, h)
	c := renewalMember(t, h, sup, true)
	cs := h.app.home.customers
	cs.open(c.ID)
	h.wait()
	r := cs.showRenewal("renew_fees")
	h.wait()
	test.Tap(r.payBtn) // no payment method chosen
	h.wait()
	if r.message.Text == "" {
		t.Fatal("no refusal")
	}
	var inScroll func(o fyne.CanvasObject, scrolled bool) (found, scrolledAt bool)
	inScroll = func(o fyne.CanvasObject, scrolled bool) (bool, bool) {
		if o == r.message {
			return true, scrolled
		}
		switch x := o.(type) {
		case *container.Scroll:
			return inScroll(x.Content, true)
		case *fyne.Container:
			for _, ch := range x.Objects {
				if f, s := inScroll(ch, scrolled); f {
					return f, s
				}
			}
		}
		return false, false
	}
	found, scrolled := inScroll(r.root, false)
	if !found || scrolled {
		t.Errorf("refusal found %v, inside the scroll %v", found, scrolled)
	}
	mp, bp := fyne.CurrentApp().Driver().AbsolutePositionForObject(r.message), fyne.CurrentApp().Driver().AbsolutePositionForObject(r.payBtn)
	if mp.Y+r.message.Size().Height < bp.Y || mp.Y > bp.Y+r.payBtn.Size().Height {
		t.Errorf("refusal at %v, pay button at %v: not side by side", mp, bp)
	}
}
