package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
	"counterdesk/printing"
)

// FindUnprintable of the fake printer reports the characters of its
// missing list, as printing does for the characters no font has.
func (p *fakePrinter) FindUnprintable(field, text string) []forms.Unprintable {
	var out []forms.Unprintable
	pos := 0
	for _, r := range text {
		pos++
		for _, m := range p.missing {
			if r == m {
				out = append(out, forms.Unprintable{Rune: r, Field: field, Position: pos})
			}
		}
	}
	return out
}

func (p *pdfPrinter) FindUnprintable(field, text string) []forms.Unprintable {
	return printing.FindUnprintable(field, text)
}

// The names of issue 16's examples; 𰻞 (U+30EDE, Extension G) is in no
// font the program ships, so the fake printer is told to miss it.
const (
	nameExtB = "吉𠮷"
	nameExtG = "张𰻞"
	runeExtG = '𰻞'
)

// newCustomerThroughForm opens 新建客户, lets enter type the name into the
// form's name entry, fills the rest and saves; it returns the form.
func newCustomerThroughForm(t *testing.T, h *harness, idNumber string, enter func(e *widget.Entry)) *customerForm {
	t.Helper()
	cs := h.app.home.customers
	test.Tap(cs.newBtn)
	f := cs.edit
	enter(f.name)
	h.typeInto(f.idNumber, idNumber)
	h.typeInto(f.mobile, "13812345678")
	h.wait()
	test.Tap(f.save)
	h.wait()
	if f.message.Text != "" {
		t.Fatalf("save refused: %q", f.message.Text)
	}
	return f
}

// TestCustomerForm_RareCharacterEntry is issue 16's entry example: 𠮷
// (U+20BB7, above U+FFFF: a surrogate pair in UTF-16) typed from an input
// method, pasted, and typed as its code point, saved and read back — the
// record, the database and the form opened again all hold exactly 吉𠮷.
func TestCustomerForm_RareCharacterEntry(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	clip := h.app.fyne.Clipboard()
	for i, tc := range []struct {
		name  string
		enter func(e *widget.Entry)
	}{
		{"input method", func(e *widget.Entry) {
			test.Type(e, "吉")
			e.TypedRune(0x20BB7) // what GLFW hands Fyne for the pair D842 DFB7
		}},
		{"paste", func(e *widget.Entry) {
			clip.SetContent(nameExtB)
			e.TypedShortcut(&fyne.ShortcutPaste{Clipboard: clip})
		}},
		{"code point typed", func(e *widget.Entry) {
			test.Type(e, "吉U+20BB7")
			if e.Text != nameExtB || e.CursorColumn != 2 {
				t.Errorf("typing 吉U+20BB7 shows %q with the cursor at %d, want 吉𠮷 and 2", e.Text, e.CursorColumn)
			}
		}},
		{"code point lower case", func(e *widget.Entry) { test.Type(e, "吉u+20bb7") }},
		{"hex entity pasted", func(e *widget.Entry) {
			clip.SetContent("吉&#x20BB7;")
			e.TypedShortcut(&fyne.ShortcutPaste{Clipboard: clip})
		}},
		{"decimal entity typed", func(e *widget.Entry) { test.Type(e, "吉&#134071;") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id := withCheck(fmt.Sprintf("3301061990010110%d", i))
			f := newCustomerThroughForm(t, h, id, tc.enter)
			cs := h.app.home.customers
			if cs.current == nil || cs.current.Name != nameExtB {
				t.Fatalf("the record shows %+v, want 吉𠮷", cs.current)
			}
			got, err := h.db.CustomerByIDNumber(ctx, id)
			if err != nil || got.Name != nameExtB || []byte(got.Name)[3] != 0xF0 {
				t.Fatalf("stored %q (% x), %v; want 吉𠮷 in UTF-8", got.Name, got.Name, err)
			}
			cs.showForm(cs.current, "")
			if cs.edit == f || cs.edit.name.Text != nameExtB {
				t.Fatalf("the form opened again shows %q", cs.edit.name.Text)
			}
		})
	}
}

// TestCustomerForm_CodePointKeepsCursor: a code point typed between two
// characters becomes the character there, with the cursor after it; one
// that a further digit could still change waits until save.
func TestCustomerForm_CodePointKeepsCursor(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	cs := h.app.home.customers
	test.Tap(cs.newBtn)
	e := cs.edit.name
	h.typeInto(e, "吉丹")
	e.CursorColumn = 1
	test.Type(e, "U+20BB7")
	if e.Text != "吉𠮷丹" || e.CursorColumn != 2 {
		t.Fatalf("typed in the middle: %q, cursor %d; want 吉𠮷丹, 2", e.Text, e.CursorColumn)
	}
	test.Type(e, "王")
	if e.Text != "吉𠮷王丹" {
		t.Fatalf("the next character went to %q", e.Text)
	}
	// U+2C31 is ⰱ, but the clerk is typing U+2C317 (𬌗).
	h.typeInto(e, "李U+2C31")
	if e.Text != "李U+2C31" {
		t.Fatalf("a code point still being typed became %q", e.Text)
	}
	test.Type(e, "7")
	if e.Text != "李𬌗" {
		t.Fatalf("李U+2C317 became %q", e.Text)
	}
	// Saved while waiting: the save decodes what is left.
	h.typeInto(e, "李U+2C31")
	if c, err := cs.edit.customer(); err != nil || c.Name != "李\u2c31" {
		t.Fatalf("save reads %+v, %v", c, err)
	}
}

// rareShown returns the texts of the warning on show: its large
// characters, their code points and their positions.
func rareShown(t *testing.T, h *harness) (glyphs, codes, where []string) {
	t.Helper()
	w := h.app.rare
	if w == nil {
		t.Fatal("no warning of characters the fonts lack is shown")
	}
	for i := range w.glyphs {
		if w.glyphs[i].TextSize < 60 || w.codes[i].TextSize < 36 {
			t.Errorf("the character is drawn at %.0f and its code point at %.0f: not large", w.glyphs[i].TextSize, w.codes[i].TextSize)
		}
		glyphs = append(glyphs, w.glyphs[i].Text)
		codes = append(codes, w.codes[i].Text)
		where = append(where, w.position[i].Text)
	}
	_, buttons, top := overlayShown(h.app.win)
	if top == nil {
		t.Fatal("the warning is not on show")
	}
	if ms := top.MinSize(); ms.Width > 1280 || ms.Height > 720 {
		t.Errorf("the warning needs %.0f×%.0f", ms.Width, ms.Height)
	}
	assertFitsWindow(t, top, buttons)
	return glyphs, codes, where
}

// assertFitsWindow fails when a button of the dialog lies outside it.
func assertFitsWindow(t *testing.T, o fyne.CanvasObject, buttons map[string]*widget.Button) {
	t.Helper()
	if pop, ok := o.(*widget.PopUp); ok {
		o = pop.Content
	}
	d := fyne.CurrentApp().Driver()
	box := d.AbsolutePositionForObject(o)
	end := box.Add(o.Size())
	if end.X > 1280 || end.Y > 720 {
		t.Errorf("the warning ends at %v, outside 1280×720", end)
	}
	for text, b := range buttons {
		p := d.AbsolutePositionForObject(b)
		q := p.Add(b.Size())
		if p.X < box.X || p.Y < box.Y || q.X > end.X || q.Y > end.Y {
			t.Errorf("button %q at %v–%v lies outside the warning %v–%v", text, p, q, box, end)
		}
	}
}

// TestCustomerForm_UnprintableNameIsSavedAndShown: saving 张𰻞 (𰻞 in no
// font) is allowed, and the clerk sees the character large with its code
// point and where it is.
func TestCustomerForm_UnprintableNameIsSavedAndShown(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.app.win.Resize(fyne.NewSize(1280, 720))
	h.pr.missing = []rune{runeExtG}
	id := withCheck("33010619900101201")
	newCustomerThroughForm(t, h, id, func(e *widget.Entry) { test.Type(e, "张U+30EDE") })
	if got, err := h.db.CustomerByIDNumber(context.Background(), id); err != nil || got.Name != nameExtG {
		t.Fatalf("stored %+v, %v", got, err)
	}
	glyphs, codes, where := rareShown(t, h)
	if !slices.Equal(glyphs, []string{"𰻞"}) || !slices.Equal(codes, []string{"U+30EDE"}) || !slices.Equal(where, []string{"姓名第2个字（张𰻞）"}) {
		t.Fatalf("the warning shows %q %q %q", glyphs, codes, where)
	}
	if h.app.rare.proceed != nil || !strings.Contains(h.overlayText(), "手写补上") {
		t.Fatalf("the note after saving: %q", h.overlayText())
	}
	test.Tap(h.app.rare.back)
	if h.app.rare != nil {
		t.Fatal("知道了 did not close the warning")
	}
	// A name every font has: no warning.
	newCustomerThroughForm(t, h, withCheck("33010619900101202"), func(e *widget.Entry) { test.Type(e, "王芳") })
	if h.app.rare != nil {
		t.Fatal("王芳 was warned about")
	}
}

// TestAcceptCase_WarnsBeforeNumbers is issue 16's warning example: for 张𰻞
// the warning shows before the case's number is issued (opening the case);
// going back issues nothing. Accepting the case in the same session does
// not show the same warning again (once per case is enough): the receipt
// is issued and printed at once.
func TestAcceptCase_WarnsBeforeNumbers(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.app.win.Resize(fyne.NewSize(1280, 720))
	h.pr.missing = []rune{runeExtG}
	c := newExtGMember(t, h, "33010619900101301", "13812345678")
	cs := h.app.home.customers
	cs.open(c.ID)
	h.wait()

	// Opening the case: warned, 返回 opens nothing.
	cs.startCase("borrow_card")
	h.wait()
	if _, codes, where := rareShown(t, h); !slices.Equal(codes, []string{"U+30EDE"}) || !slices.Equal(where, []string{"姓名第2个字（张𰻞）"}) {
		t.Fatalf("the warning shows %q %q", codes, where)
	}
	if ks, _ := h.db.CasesOfCustomer(ctx, c.ID); len(ks) != 0 {
		t.Fatalf("a case number was issued before the clerk confirmed: %+v", ks)
	}
	test.Tap(h.app.rare.back)
	h.wait()
	if ks, _ := h.db.CasesOfCustomer(ctx, c.ID); len(ks) != 0 || cs.caseScr != nil {
		t.Fatal("返回 opened the case")
	}
	cs.startCase("borrow_card")
	h.wait()
	h.tapDialog("继续办理")
	k := cs.caseScr
	if k == nil {
		t.Fatal("继续办理 did not open the case")
	}
	k.questionInputs["purpose"].(*widget.Select).SetSelectedIndex(1)
	for _, chk := range k.itemChecks {
		chk.SetChecked(true)
	}

	// Accepting: the clerk saw 𰻞 for this case at 办理; nothing it names
	// changed, so no second warning.
	test.Tap(k.acceptBtn)
	test.Tap(k.pay.confirm)
	h.wait()
	if h.app.rare != nil {
		t.Fatalf("warned again at 确认受理: %q", h.app.rare.codes[0].Text)
	}
	rs, _ := h.db.ReceiptsOfCase(ctx, k.kase.ID)
	if len(rs) != 1 || rs[0].PayerName != nameExtG {
		t.Fatalf("after 确认受理 the receipts are %+v", rs)
	}
	if len(h.pr.jobs) != 1 {
		t.Fatalf("printed %d jobs", len(h.pr.jobs))
	}
}

// TestAcceptCase_WarnsAgainInANewSession: a 张𰻞 case opened (and warned
// about) in an earlier session — the program was restarted — is warned
// about again before its receipt's number; 返回 issues nothing, 继续受理
// issues and prints without asking a third time.
func TestAcceptCase_WarnsAgainInANewSession(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.pr.missing = []rune{runeExtG}
	c := newExtGMember(t, h, "33010619900101303", "13812345679")
	h.app.home.customers.open(c.ID)
	h.wait()
	h.app.home.customers.startCase("borrow_card")
	h.wait()
	h.tapDialog("继续办理")
	if h.app.home.customers.caseScr == nil {
		t.Fatal("继续办理 did not open the case")
	}
	id := h.app.home.customers.caseScr.kase.ID

	// A new session: a new App over the same database.
	old := h.app
	h.app = New(old.fyne, h.db, h.pr, old.catalogue)
	h.app.now, h.app.inline, h.app.post = old.now, old.inline, old.post
	h.app.win.Resize(fyne.NewSize(1280, 720))
	h.app.Start()
	h.logIn("李主管", "zhuguan123")
	cs := h.app.home.customers
	cs.open(c.ID)
	h.wait()
	cs.showCase(id)
	h.wait()
	k := cs.caseScr
	k.questionInputs["purpose"].(*widget.Select).SetSelectedIndex(1)
	for _, chk := range k.itemChecks {
		chk.SetChecked(true)
	}
	test.Tap(k.acceptBtn)
	test.Tap(k.pay.confirm)
	h.wait()
	if _, codes, where := rareShown(t, h); !slices.Equal(codes, []string{"U+30EDE"}) || !slices.Equal(where, []string{"姓名第2个字（张𰻞）"}) {
		t.Fatalf("the warning shows %q %q", codes, where)
	}
	if rs, _ := h.db.ReceiptsOfCase(ctx, id); len(rs) != 0 || len(h.pr.kinds()) != 0 {
		t.Fatalf("issued %+v and printed %v before the clerk confirmed", rs, h.pr.kinds())
	}
	if got, _ := h.db.Case(ctx, id); got.Status != forms.CaseDraft {
		t.Fatalf("the case is %s before the clerk confirmed", got.Status)
	}
	h.tapDialog("返回")
	if rs, _ := h.db.ReceiptsOfCase(ctx, id); len(rs) != 0 {
		t.Fatal("返回 issued a receipt")
	}
	test.Tap(k.pay.confirm)
	h.wait()
	h.tapDialog("继续受理")
	rs, _ := h.db.ReceiptsOfCase(ctx, id)
	if len(rs) != 1 || rs[0].PayerName != nameExtG {
		t.Fatalf("after 继续受理 the receipts are %+v", rs)
	}
	if len(h.pr.jobs) != 1 || h.app.rare != nil {
		t.Fatalf("printed %d jobs; warned again: %v", len(h.pr.jobs), h.app.rare != nil)
	}
}

// TestRenewal_WarnsBeforeReceipt: 续费 for 张𰻞 warns before the receipt's
// number is issued; nothing is charged until the clerk goes on.
func TestRenewal_WarnsBeforeReceipt(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.pr.missing = []rune{runeExtG}
	c := &forms.Customer{Name: nameExtG, IDNumber: withCheck("33010619880808301"), Mobile: "13812340088",
		Member: true, MemberSince: time.Date(2020, 7, 1, 0, 0, 0, 0, time.Local),
		TalentPaidThrough: time.Date(2025, 6, 30, 0, 0, 0, 0, time.Local), ArchivePaidThrough: time.Date(2025, 6, 30, 0, 0, 0, 0, time.Local)}
	r := openRenewalFor(t, h, c)
	r.method.SetSelected("现金")
	test.Tap(r.payBtn)
	h.wait()
	if _, codes, _ := rareShown(t, h); !slices.Equal(codes, []string{"U+30EDE"}) {
		t.Fatalf("the warning shows %q", codes)
	}
	if rs, _ := h.db.RenewalReceipts(ctx, c.ID); len(rs) != 0 || len(h.pr.kinds()) != 0 {
		t.Fatalf("issued %+v, printed %v before the clerk confirmed", rs, h.pr.kinds())
	}
	h.tapDialog("继续收费")
	if rs, _ := h.db.RenewalReceipts(ctx, c.ID); len(rs) != 1 || len(h.pr.jobs) != 1 || h.app.rare != nil {
		t.Fatalf("after 继续收费: receipts %+v, %d print jobs, warned again %v", rs, len(h.pr.jobs), h.app.rare != nil)
	}
}

// TestPrint_WarningShowsTheCharacter: the print-time check (a reprint of
// one document) uses the same large warning, naming the field; 返回
// prints nothing.
func TestPrint_WarningShowsTheCharacter(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.pr.missing = []rune{runeExtG}
	p := h.app.printout(forms.PrintRefundVoucher)
	h.app.print([]*forms.Printout{p}, fieldTexts(T("姓名"), "王芳", nameExtG), nil)
	_, codes, where := rareShown(t, h)
	if !slices.Equal(codes, []string{"U+30EDE"}) || !slices.Equal(where, []string{"姓名第2个字（张𰻞）"}) {
		t.Fatalf("the warning shows %q %q", codes, where)
	}
	h.tapDialog("返回")
	if len(h.pr.jobs) != 0 {
		t.Fatal("返回 printed")
	}
	h.app.print([]*forms.Printout{p}, fieldTexts(T("姓名"), nameExtG), nil)
	h.tapDialog("继续打印")
	if len(h.pr.jobs) != 1 {
		t.Fatalf("继续打印 printed %d jobs", len(h.pr.jobs))
	}
}

// TestLossDeclaration_WarnsBeforeNumber: an agent's name typed by code
// point (张U+30EDE) becomes 张𰻞, and since 𰻞 is in no font the warning
// shows before the declaration's number is issued; nothing is recorded
// until the clerk goes on.
func TestLossDeclaration_WarnsBeforeNumber(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	clerkLoggedIn(t, h)
	idNo := withCheck("51011319900315401")
	cs := h.acceptBorrowCase("林静", idNo, "13800001111")
	h.pr.missing = []rune{runeExtG}
	printed := len(h.pr.jobs)
	l := openLoss(t, h, idNo)
	l.kind.SetSelected("收据")
	l.ours.SetSelectedIndex(0)
	h.typeInto(l.amount, "600")
	l.declarer.SetSelected("代理人")
	h.typeInto(l.agentName, "张U+30EDE")
	if l.agentName.Text != nameExtG {
		t.Fatalf("the agent's name shows %q", l.agentName.Text)
	}
	h.typeInto(l.agentID, withCheck("51011319920101402"))
	h.typeInto(l.story, "搬家时遗失")
	test.Tap(l.declareBtn)
	h.wait()
	_, codes, where := rareShown(t, h)
	if !slices.Equal(codes, []string{"U+30EDE"}) || !slices.Equal(where, []string{"代理人姓名第2个字（张𰻞）"}) {
		t.Fatalf("the warning shows %q %q", codes, where)
	}
	if ds, _ := h.db.LossDeclarations(ctx, cs.customer.ID); len(ds) != 0 || len(h.pr.jobs) != printed {
		t.Fatalf("recorded %+v or printed before the clerk confirmed", ds)
	}
	h.tapDialog("继续办理")
	ds, err := h.db.LossDeclarations(ctx, cs.customer.ID)
	if err != nil || len(ds) != 1 || ds[0].AgentName != nameExtG {
		t.Fatalf("after 继续办理: %+v, %v", ds, err)
	}
	if len(h.pr.jobs) != printed+1 || h.app.rare != nil {
		t.Fatalf("printed %d jobs, warned again %v", len(h.pr.jobs)-printed, h.app.rare != nil)
	}
}

// TestCustomerForm_RealFonts: with the program's own printer check
// (printing.FindUnprintable over the bundled fonts), 吉𠮷 李𬌗 王䶮 赵孟𫖯
// print and are saved without a warning; 张𰻞 is warned about.
func TestCustomerForm_RealFonts(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.app.printer = &pdfPrinter{}
	for i, name := range []string{"吉𠮷", "李𬌗", "王䶮", "赵孟𫖯"} {
		newCustomerThroughForm(t, h, withCheck(fmt.Sprintf("3301061990010150%d", i)), func(e *widget.Entry) { test.Type(e, name) })
		if h.app.rare != nil {
			t.Fatalf("saving %s warned about %+v", name, h.app.rare.items)
		}
	}
	newCustomerThroughForm(t, h, withCheck("33010619900101509"), func(e *widget.Entry) { test.Type(e, nameExtG) })
	if _, codes, _ := rareShown(t, h); !slices.Equal(codes, []string{"U+30EDE"}) {
		t.Fatalf("张𰻞: the warning shows %q", codes)
	}
}

// TestLogin_UserNameByCodePoint: a clerk named 吉𠮷 logs in by typing
// 吉U+20BB7, as the name was typed when the user was added.
func TestLogin_UserNameByCodePoint(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	u, err := h.db.AddUser(ctx, h.app.actor(), nameExtB, forms.RoleClerk, "linshi123")
	if err != nil {
		t.Fatal(err)
	}
	if err := h.db.ChangePassword(ctx, u.ID, "linshi123", "chuangkou9"); err != nil {
		t.Fatal(err)
	}
	h.app.showLogin()
	h.logIn("吉U+20BB7", "chuangkou9")
	if h.app.user == nil || h.app.user.Name != nameExtB {
		t.Fatalf("logged in as %+v; message %q", h.app.user, h.app.login.message.Text)
	}
}

// TestCustomerSearch_CodePoint: typing U+20BB7 into the search box finds
// 吉𠮷 (the box shows 𠮷), as typing the character would.
func TestCustomerSearch_CodePoint(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	c := &forms.Customer{Name: nameExtB, IDNumber: withCheck("33010619900101601"), Mobile: "13812345601"}
	if err := h.db.CreateCustomer(context.Background(), h.app.actor(), c); err != nil {
		t.Fatal(err)
	}
	cs := h.app.home.customers
	h.typeInto(cs.search, "U+20BB7")
	h.wait()
	if cs.search.Text != "𠮷" || len(cs.results) != 1 || cs.results[0].ID != c.ID {
		t.Fatalf("the search box shows %q and found %+v", cs.search.Text, cs.results)
	}
}

// TestRareWarning_ManyFit: a printout with many such characters (the
// month report's names) still gives a warning inside 1280×720 with its
// buttons on screen; the characters scroll.
func TestRareWarning_ManyFit(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.app.win.Resize(fyne.NewSize(1280, 720))
	h.pr.missing = []rune{runeExtG}
	var names []string
	for range 12 {
		names = append(names, nameExtG+"𰻞")
	}
	h.app.print([]*forms.Printout{h.app.printout(forms.PrintDepositList)}, fieldTexts(T("客户"), names...), nil)
	// One row per name (𰻞 twice in each: 第2、3个字), 12 rows.
	if _, codes, where := rareShown(t, h); len(codes) != 12 || where[0] != "客户第2、3个字（张𰻞𰻞）" {
		t.Fatalf("the warning lists %d rows (want 12): %q", len(codes), where)
	}
	if h.dialogButton("继续打印") == nil || h.dialogButton("返回") == nil {
		t.Fatal("the warning's buttons are not shown")
	}
}

// TestPrint_ListWarningNamesTheRow is issue 16's list example: before the
// 在押保障金清单 prints, the warning says in which row the box will be —
// 收据 QB01-…-… 客户“张𰻞”第2个字 — not just “张𰻞”第2个字 somewhere in a
// list of many people; the day-end report (through its 打印) and the
// month report name the row by its receipt number too.
func TestPrint_ListWarningNamesTheRow(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.acceptBorrowCase("王芳", withCheck("33010619900101701"), "13812345701")
	h.acceptBorrowCase(nameExtG, withCheck("33010619900101702"), "13812345702")
	held, err := h.db.HeldDeposits(ctx, "")
	if err != nil || len(held) != 2 {
		t.Fatalf("held %+v, %v", held, err)
	}
	var number string
	for _, d := range held {
		if d.CustomerName == nameExtG {
			number = d.ReceiptNumber
		}
	}
	h.pr.missing = []rune{runeExtG}
	h.app.home.deposits.onPrintList()
	h.wait()
	want := "收据 " + number + " 客户“张𰻞”第2个字"
	if _, codes, where := rareShown(t, h); !slices.Equal(codes, []string{"U+30EDE"}) || !slices.Equal(where, []string{want}) {
		t.Fatalf("the deposit list's warning shows %q %q, want %q", codes, where, want)
	}
	h.tapDialog("返回")

	// The day-end report lists the receipt (缴款人) and the deposit taken
	// (客户), each under the receipt's number.
	day := h.openDayEnd()
	test.Tap(day.printBtn)
	h.wait()
	if _, _, where := rareShown(t, h); !slices.Equal(where, []string{"收据 " + number + " 缴款人“张𰻞”第2个字", want}) {
		t.Fatalf("the day report's warning shows %q", where)
	}
	h.tapDialog("返回")

	month := &forms.MonthReport{Held: held}
	h.app.print([]*forms.Printout{h.app.printout(forms.PrintMonthReport)}, monthReportTexts(month), nil)
	if _, _, where := rareShown(t, h); !slices.Equal(where, []string{want}) {
		t.Fatalf("the month report's warning shows %q", where)
	}
	h.tapDialog("返回")
	if len(h.pr.jobs) != 2 {
		t.Fatalf("返回 printed: %d jobs (the two accepts printed 2)", len(h.pr.jobs))
	}
}

// fieldTexts pairs each text with the field's name ("" when unknown).
func fieldTexts(field string, texts ...string) []printText {
	out := make([]printText, 0, len(texts))
	for _, t := range texts {
		out = append(out, printText{field: field, text: t})
	}
	return out
}

// TestPositionList: the positions of one character in a text, as the
// warning says them.
func TestPositionList(t *testing.T) {
	for _, tc := range []struct {
		in   []int
		want string
	}{
		{[]int{2}, "2"},
		{[]int{2, 3}, "2、3"},
		{[]int{2, 3, 4}, "2–4"},
		{[]int{2, 4, 7}, "2、4、7"},
		{[]int{1, 3, 4, 5, 6, 9, 10}, "1、3–6、9、10"},
	} {
		if got := positionList(tc.in); got != tc.want {
			t.Errorf("positionList(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestCustomerForm_RepeatedCharacterIsOneRow is issue 16's 张 + 19×𰻞
// example: the warning has one row for 𰻞, naming all its positions
// (姓名第2–20个字), not 19 identical rows; a second character of the
// same name gets its own row.
func TestCustomerForm_RepeatedCharacterIsOneRow(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.app.win.Resize(fyne.NewSize(1280, 720))
	h.pr.missing = []rune{runeExtG, '𠮷'}
	name := "张" + strings.Repeat("𰻞", 19)
	newCustomerThroughForm(t, h, withCheck("33010619900101211"), func(e *widget.Entry) { test.Type(e, "张"+strings.Repeat("U+30EDE", 19)) })
	glyphs, codes, where := rareShown(t, h)
	if !slices.Equal(glyphs, []string{"𰻞"}) || !slices.Equal(codes, []string{"U+30EDE"}) || !slices.Equal(where, []string{"姓名第2–20个字（" + name + "）"}) {
		t.Fatalf("the warning shows %q %q %q", glyphs, codes, where)
	}
	test.Tap(h.app.rare.back)

	newCustomerThroughForm(t, h, withCheck("33010619900101212"), func(e *widget.Entry) { test.Type(e, "𰻞吉U+20BB7𰻞U+20BB7") })
	if _, codes, where := rareShown(t, h); !slices.Equal(codes, []string{"U+30EDE", "U+20BB7"}) ||
		!slices.Equal(where, []string{"姓名第1、4个字（𰻞吉𠮷𰻞𠮷）", "姓名第3、5个字（𰻞吉𠮷𰻞𠮷）"}) {
		t.Fatalf("the warning shows %q %q", codes, where)
	}
}

// TestCaseNotice_NotWarnedAgain is issue 16's third warning: for a 张𰻞
// case warned about at 办理, 打印一次性告知单 (and its reprint) prints at
// once, without the same warning again; a character the case was not yet
// warned about (another text on the paper) is warned about, alone, once.
func TestCaseNotice_NotWarnedAgain(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.app.win.Resize(fyne.NewSize(1280, 720))
	h.pr.missing = []rune{runeExtG, '𠮷'}
	c := newExtGMember(t, h, "33010619900101311", "13812345611")
	cs := h.app.home.customers
	cs.open(c.ID)
	h.wait()
	cs.startCase("borrow_card")
	h.wait()
	if _, codes, _ := rareShown(t, h); !slices.Equal(codes, []string{"U+30EDE"}) {
		t.Fatalf("办理 warned of %q", codes)
	}
	h.tapDialog("继续办理")
	k := cs.caseScr
	if k == nil {
		t.Fatal("继续办理 did not open the case")
	}
	for i := range 2 {
		test.Tap(k.noticeBtn)
		h.wait()
		if h.app.rare != nil {
			t.Fatalf("print %d of the notice warned again: %q", i+1, h.app.rare.codes[0].Text)
		}
		if len(h.pr.jobs) != i+1 {
			t.Fatalf("print %d of the notice: %d jobs", i+1, len(h.pr.jobs))
		}
	}
	// A paper of the case with a text holding 𠮷 as well: only 𠮷 is new.
	texts := []printText{{field: T("姓名"), text: nameExtG}, {field: T("代理人"), text: "吉𠮷"}}
	h.app.print([]*forms.Printout{k.docs().noticePrintout()}, texts, nil)
	h.wait()
	if _, codes, where := rareShown(t, h); !slices.Equal(codes, []string{"U+20BB7"}) || !slices.Equal(where, []string{"代理人第2个字（吉𠮷）"}) {
		t.Fatalf("the warning shows %q %q", codes, where)
	}
	h.tapDialog("继续打印")
	h.wait()
	h.app.print([]*forms.Printout{k.docs().noticePrintout()}, texts, nil)
	h.wait()
	if h.app.rare != nil || len(h.pr.jobs) != 4 {
		t.Fatalf("warned again: %v; %d jobs", h.app.rare != nil, len(h.pr.jobs))
	}
	// A paper of no case (the deposit list) still warns.
	h.app.print([]*forms.Printout{h.app.printout(forms.PrintDepositList)}, []printText{{field: T("客户"), text: nameExtG}}, nil)
	if _, codes, _ := rareShown(t, h); !slices.Equal(codes, []string{"U+30EDE"}) {
		t.Fatalf("the deposit list warned of %q", codes)
	}
}

// TestCustomerSearch_EntityWithoutSemicolon is issue 16's mistyped code
// point: 吉&#x20BB7 (no ';') in the search box finds 吉𠮷 — the box keeps
// it as typed, since the clerk may still type the ';'.
func TestCustomerSearch_EntityWithoutSemicolon(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	c := &forms.Customer{Name: nameExtB, IDNumber: withCheck("33010619900101611"), Mobile: "13812345611"}
	if err := h.db.CreateCustomer(context.Background(), h.app.actor(), c); err != nil {
		t.Fatal(err)
	}
	cs := h.app.home.customers
	h.typeInto(cs.search, "吉&#x20BB7")
	h.wait()
	if len(cs.results) != 1 || cs.results[0].ID != c.ID {
		t.Fatalf("the search box shows %q and found %+v", cs.search.Text, cs.results)
	}
}

// newExtGMember saves 张𰻞 (a character no bundled font has), a member
// since 2020-03-05, with the ID number idFirst17 plus its check digit.
func newExtGMember(t *testing.T, h *harness, idFirst17, mobile string) *forms.Customer {
	t.Helper()
	c := &forms.Customer{Name: nameExtG, IDNumber: withCheck(idFirst17), Mobile: mobile,
		Member: true, MemberSince: time.Date(2020, 3, 5, 0, 0, 0, 0, time.Local)}
	if err := h.db.CreateCustomer(context.Background(), h.app.actor(), c); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCustomerForm_UnprintableEmployerIsShown is issue 17's example:
// saving 张𰻞 with employer 测试公司𰻞 warns of both 𰻞, the name's and the
// employer's, each with its field and position (before, only the name's).
// Opening a case (办理, which issues its number) warns of both too.
func TestCustomerForm_UnprintableEmployerIsShown(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.app.win.Resize(fyne.NewSize(1280, 720))
	h.pr.missing = []rune{runeExtG}
	id := withCheck("33010619900101203")
	newCustomerThroughForm(t, h, id, func(e *widget.Entry) {
		test.Type(e, "张U+30EDE")
		test.Type(h.app.home.customers.edit.employer, "测试公司𰻞")
	})
	c, err := h.db.CustomerByIDNumber(context.Background(), id)
	if err != nil || c.Name != nameExtG || c.Employer != "测试公司𰻞" {
		t.Fatalf("stored %+v, %v", c, err)
	}
	want := []string{"姓名第2个字（张𰻞）", "工作单位第5个字（测试公司𰻞）"}
	glyphs, codes, where := rareShown(t, h)
	if !slices.Equal(glyphs, []string{"𰻞", "𰻞"}) || !slices.Equal(codes, []string{"U+30EDE", "U+30EDE"}) || !slices.Equal(where, want) {
		t.Fatalf("the warning after saving shows %q %q %q, want both 𰻞: %q", glyphs, codes, where, want)
	}
	if !strings.Contains(h.overlayText(), "客户资料中有字无法打印") {
		t.Fatalf("the warning's title: %q", h.overlayText())
	}
	shot(t, h, "rare-employer-saved")
	test.Tap(h.app.rare.back)

	cs := h.app.home.customers
	cs.open(c.ID)
	h.wait()
	cs.startCase("borrow_card")
	h.wait()
	if _, _, where := rareShown(t, h); !slices.Equal(where, want) {
		t.Fatalf("the warning before 办理 shows %q, want %q", where, want)
	}
}

// TestDocumentTexts: a document's warning covers the customer's address
// and employer exactly when its wording prints them; customerTexts (the
// papers not yet known) always does.
func TestDocumentTexts(t *testing.T) {
	c := &forms.Customer{Name: "张𰻞", Address: "幸福路𰻞号", Employer: "测试公司𰻞"}
	fields := func(ts []printText) (out []string) {
		for _, x := range ts {
			out = append(out, x.field+"="+x.text)
		}
		return out
	}
	all := []string{"姓名=张𰻞", "地址=幸福路𰻞号", "工作单位=测试公司𰻞"}
	for _, tc := range []struct {
		name   string
		bodies []string
		want   []string
	}{
		{"name only", []string{"乙方：［姓名］"}, all[:1]},
		{"employer", []string{"乙方：［姓名］", "工作单位：［工作单位］"}, []string{all[0], all[2]}},
		{"address and employer", []string{"［通讯地址］［工作单位］"}, all},
		{"no documents", nil, all[:1]},
	} {
		var docs []forms.Document
		for _, b := range tc.bodies {
			docs = append(docs, forms.Document{Title: "文书", Body: b})
		}
		if got := fields(documentTexts(c, docs)); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	if got := fields(customerTexts(c)); !slices.Equal(got, all) {
		t.Errorf("customerTexts: %q", got)
	}
}

// TestCaseDocuments_EmployerWarnedAtPrint: the texts a case's document is
// printed with (the warning at print, App.print) carry the employer's and
// the address's 𰻞 for a document whose wording prints them (the
// catalogue's 《高级人才派遣与储备协议》), and only the name for one that
// does not; the 一次性告知单 prints only the name.
func TestCaseDocuments_EmployerWarnedAtPrint(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.pr.missing = []rune{runeExtG}
	var agreement forms.Document
	for _, s := range h.app.catalogue.Services {
		for _, d := range s.Documents {
			if d.Title == "《高级人才派遣与储备协议》" {
				agreement = d
			}
		}
	}
	if !strings.Contains(agreement.Body, "［工作单位］") {
		t.Fatalf("the catalogue's agreement does not print the employer: %q", agreement.Body)
	}
	plain := forms.Document{Title: "《说明》", Body: "乙方：［姓名］"}
	docs := &caseDocs{app: h.app, kase: &forms.Case{ID: "k1", Number: "QB01-2026-000001", AcceptedAt: testDay},
		customer: &forms.Customer{Name: nameExtG, Address: "幸福路8号", Employer: "测试公司𰻞"},
		eval:     forms.Evaluation{Documents: []forms.Document{agreement, plain}}}
	got := map[string][]string{}
	for _, d := range docs.items() {
		for _, x := range rareRows(h.app.unprintable(d.texts)) {
			got[d.title] = append(got[d.title], rarePosition(x))
		}
	}
	name, employer := "姓名第2个字（张𰻞）", "工作单位第5个字（测试公司𰻞）"
	for title, want := range map[string][]string{
		"一次性告知单": {name},
		fmt.Sprintf("%s（%d份）", agreement.Title, len(agreement.Copies)): {name, employer},
		"《说明》（0份）": {name},
	} {
		if !slices.Equal(got[title], want) {
			t.Errorf("%s is warned of %q, want %q (all: %q)", title, got[title], want, got)
		}
	}
}
