package store

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"counterdesk/assets"
	"counterdesk/forms"
)

// withLossService adds the shipped 收据/发票遗失声明 to the fixture's
// catalogue and returns its code.
func withLossService(t *testing.T, f *fixture) string {
	t.Helper()
	c, err := forms.ParseCatalogue(assets.Catalogue)
	must(t, err)
	s := c.Service("loss_declaration").Clone()
	_, err = f.db.SaveServiceVersion(context.Background(), f.sup, s)
	must(t, err)
	return s.Code
}

// lossCount counts the declarations and the audit log, to show a refusal
// changed nothing.
func lossCount(t *testing.T, f *fixture) [2]int {
	t.Helper()
	var n int
	must(t, f.db.db.QueryRow("SELECT count(*) FROM loss_declarations").Scan(&n))
	return [2]int{n, auditCount(t, f.db)}
}

func TestDeclareLossRefusals(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	code := withLossService(t, f)
	cust, _, r, _ := f.lend(t, "林静")
	_, _, voided, _ := f.lend(t, "王芳")
	must(t, f.db.VoidReceipt(ctx, f.sup, voided.ID, "金额开错，重开"))
	other, _, _, _ := f.lend(t, "赵强")
	ok := forms.LossDeclaration{CustomerID: cust.ID, Kind: forms.LostReceipt, DocNumber: r.Number, Amount: r.Total}

	for _, tc := range []struct {
		name string
		edit func(*forms.LossDeclaration)
		code string
		msg  string
	}{
		{"voided receipt", func(l *forms.LossDeclaration) { l.CustomerID, l.DocNumber = voided.CustomerID, voided.Number },
			forms.EINVALID, "已于2026-11-23作废（金额开错"},
		{"amount not our record's", func(l *forms.LossDeclaration) { l.Amount = forms.Yuan(500) },
			forms.EINVALID, "填写的金额 ¥500.00 与本系统收据 " + r.Number + " 的金额 ¥600.00 不一致"},
		{"agent with the customer's ID", func(l *forms.LossDeclaration) {
			l.Agent, l.AgentName, l.AgentIDNo = true, "林海", cust.IDNumber
		}, forms.EINVALID, "代理人的身份证号码与客户本人的相同"},
		{"another customer's receipt", func(l *forms.LossDeclaration) { l.CustomerID = other.ID },
			forms.EINVALID, "遗失声明须在收据上的客户档案中办理"},
		{"digital e-invoice", func(l *forms.LossDeclaration) { l.Kind = forms.LostEInvoice },
			forms.EINVALID, "不会遗失，不需要办理遗失声明"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := lossCount(t, f)
			l := ok
			tc.edit(&l)
			_, err := f.db.DeclareLoss(ctx, f.clerk, code, l)
			assertErr(t, err, tc.code, tc.msg)
			if after := lossCount(t, f); after != before {
				t.Fatalf("refused declaration changed the database: %v → %v", before, after)
			}
		})
	}

	l, err := f.db.DeclareLoss(ctx, f.clerk, code, ok)
	must(t, err)
	if l.Number != "YS-2026-0001" || forms.FormatDate(l.EndDay) != "2026-12-08" || l.ReceiptID != r.ID || l.PaidFor != "户籍卡保障金" {
		t.Fatalf("declaration = %+v", l)
	}
	before := lossCount(t, f)
	_, err = f.db.DeclareLoss(ctx, f.clerk, code, ok)
	assertErr(t, err, forms.ECONFLICT, "收据 "+r.Number+" 已于2026-11-23办理过遗失声明（YS-2026-0001，挂失期至2026-12-08止），不能重复声明")
	if after := lossCount(t, f); after != before {
		t.Fatalf("second declaration changed the database: %v → %v", before, after)
	}
}

func TestLossDeclarationBlocksThenReplacesReceipt(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	code := withLossService(t, f)
	cust, _, r, d := f.lend(t, "林静")
	l, err := f.db.DeclareLoss(ctx, f.clerk, code, forms.LossDeclaration{CustomerID: cust.ID, Kind: forms.LostReceipt,
		DocNumber: strings.ToLower(r.Number), Amount: r.Total, Story: "搬家时遗失"})
	must(t, err)

	// While pending, the receipt is blocked, even if someone brings it.
	refund := forms.RefundRequest{DepositID: d.ID, Payment: forms.Payment{Method: forms.PayCash},
		Returned: []string{forms.ReturnedCard, forms.ReturnedPromise, forms.ReturnedReceipt}}
	_, err = f.db.RefundDeposit(ctx, f.approved(), refund)
	assertErr(t, err, forms.ECONFLICT, "已于2026-11-23办理遗失声明（YS-2026-0001），挂失期至2026-12-08止，期间该收据被冻结，不能退款", "2026-12-09起")
	if got, _ := f.db.Deposit(ctx, d.ID); got.State != forms.DepositHeld {
		t.Fatalf("deposit state = %s after a refused refund", got.State)
	}

	// Early resolution is refused, saying from which day.
	f.clk.Add(15 * 24 * time.Hour) // 2026-12-08, the last day
	before := lossCount(t, f)
	_, err = f.db.ResolveLoss(ctx, f.clerk, l.ID, "refund", true)
	assertErr(t, err, forms.ECONFLICT, "挂失期至2026-12-08止，期满前不能办结：请于2026-12-09起")
	f.clk.Add(24 * time.Hour)
	_, err = f.db.ResolveLoss(ctx, f.clerk, l.ID, "refund", false)
	assertErr(t, err, forms.EINVALID, "代理人不能办理退款")
	if after := lossCount(t, f); after != before {
		t.Fatalf("refused resolution changed the database: %v → %v", before, after)
	}
	_, err = f.db.RefundDeposit(ctx, f.approved(), refund)
	assertErr(t, err, forms.ECONFLICT, "声明尚未办结")

	l, err = f.db.ResolveLoss(ctx, f.clerk, l.ID, "refund", true)
	must(t, err)
	if l.State != forms.LossResolved || !l.Refunds || !l.InPerson {
		t.Fatalf("resolved = %+v", l)
	}
	// The resolved declaration stands in for the receipt.
	refund.Returned = []string{forms.ReturnedCard, forms.ReturnedPromise}
	got, err := f.db.RefundDeposit(ctx, f.approved(), refund)
	must(t, err)
	if !strings.Contains(got.Returned, "《收据、发票遗失声明》YS-2026-0001（代替遗失的保障金收据 "+r.Number) {
		t.Fatalf("returned = %q", got.Returned)
	}
	if l, _ = f.db.LossDeclaration(ctx, l.ID); l.DepositID != d.ID {
		t.Fatalf("declaration not marked used: %+v", l)
	}
	lastAudit(t, f.db, cust.ID, ActLossReplaced)
}

func TestLossOfPaperInvoiceInWorkingDays(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	code := withLossService(t, f)
	s, err := f.db.ServiceVersion(ctx, code, 0)
	must(t, err)
	s.Waiting = &forms.WaitingPeriod{Days: 5, Count: forms.CountWorking}
	_, err = f.db.SaveServiceVersion(ctx, f.sup, s)
	must(t, err)
	cust := f.member(t, "林静")
	inv := forms.LossDeclaration{CustomerID: cust.ID, Kind: forms.LostInvoice, DocNumber: "No.00012345",
		DocDate: testStart.AddDate(0, -1, 0), Amount: forms.Yuan(300), PaidFor: "人才储备费",
		Agent: true, AgentName: "林海", AgentIDNo: testID("510113", "19830101", 7)}
	before := lossCount(t, f)
	_, err = f.db.DeclareLoss(ctx, f.clerk, code, inv)
	assertErr(t, err, forms.EINVALID, "还没有录入2026年的节假日和调休安排")
	if after := lossCount(t, f); after != before {
		t.Fatal("refused declaration changed the database")
	}
	// Only a supervisor keeps the calendar; a bad one is refused.
	h := forms.HolidayCalendar{Year: 2026, Holidays: []time.Time{time.Date(2026, 11, 25, 0, 0, 0, 0, time.Local)},
		Workdays: []time.Time{time.Date(2026, 11, 28, 0, 0, 0, 0, time.Local)}}
	assertErr(t, f.db.SetHolidayCalendar(ctx, f.clerk, h), forms.EFORBIDDEN)
	bad := h
	bad.Workdays = []time.Time{time.Date(2026, 11, 26, 0, 0, 0, 0, time.Local)}
	assertErr(t, f.db.SetHolidayCalendar(ctx, f.sup, bad), forms.EINVALID, "调休上班日只能是周六或周日")
	must(t, f.db.SetHolidayCalendar(ctx, f.sup, h))
	cals, err := f.db.HolidayCalendars(ctx)
	must(t, err)
	if len(cals[2026].Holidays) != 1 {
		t.Fatalf("calendars = %+v", cals)
	}
	// Mon 11-23: Tue 24, (Wed 25 off), Thu 26, Fri 27, Sat 28 (调休), Mon 30.
	l, err := f.db.DeclareLoss(ctx, f.clerk, code, inv)
	must(t, err)
	if forms.FormatDate(l.EndDay) != "2026-11-30" || l.Period.Label() != "5个工作日" || l.ReceiptID != "" {
		t.Fatalf("declaration = %+v", l)
	}
	_, err = f.db.DeclareLoss(ctx, f.clerk, code, inv)
	assertErr(t, err, forms.ECONFLICT, "发票 NO.00012345 已于2026-11-23办理过遗失声明")
	f.clk.Add(8 * 24 * time.Hour)
	_, err = f.db.ResolveLoss(ctx, f.clerk, l.ID, "receipt_kept", false)
	assertErr(t, err, forms.EINVALID, "不适用于遗失的发票")
	l, err = f.db.ResolveLoss(ctx, f.clerk, l.ID, "invoice_kept", false)
	must(t, err)
	_, err = f.db.ResolveLoss(ctx, f.clerk, l.ID, "invoice_kept", false)
	assertErr(t, err, forms.ECONFLICT, "已于2026-12-01办结")
	ls, err := f.db.LossDeclarations(ctx, cust.ID)
	must(t, err)
	if len(ls) != 1 || ls[0].OutcomeLabel == "" || ls[0].ResolvedBy != clerkNm {
		t.Fatalf("declarations = %+v", ls)
	}
}

// TestMigration0008_UpgradesLossService runs 0008's upgrade of the service
// on a station whose 收据/发票遗失声明 has no loss period (as every station
// set up before it): a new version gets the shipped period and outcomes,
// the same as assets/catalogue.json, audited by 系统; a version that has a
// period is left alone.
func TestMigration0008_UpgradesLossService(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c, err := forms.ParseCatalogue(assets.Catalogue)
	must(t, err)
	shipped := c.Service("loss_declaration")
	old := shipped.Clone()
	old.Waiting, old.Outcomes = nil, nil
	v, err := f.db.SaveServiceVersion(ctx, f.sup, old)
	must(t, err)
	dropAuditChainInsert(t, f.db)
	data, err := migrationsFS.ReadFile("migrations/0008_loss_declarations.sql")
	must(t, err)
	sql := string(data)
	upgrade := sql[strings.Index(sql, "CREATE TEMP TABLE upgraded_0008"):]
	run := func() {
		t.Helper()
		if _, err := f.db.db.Exec(upgrade); err != nil {
			t.Fatal(err)
		}
	}
	run()
	got, err := f.db.ServiceVersion(ctx, "loss_declaration", 0)
	must(t, err)
	if got.Version != v+1 || got.Waiting == nil || *got.Waiting != *shipped.Waiting {
		t.Fatalf("upgraded version %d waiting %+v, want %d %+v", got.Version, got.Waiting, v+1, shipped.Waiting)
	}
	if want, _ := json.Marshal(shipped.Outcomes); string(mustJSON(t, got.Outcomes)) != string(want) {
		t.Fatalf("upgraded outcomes %s, want %s", mustJSON(t, got.Outcomes), want)
	}
	must(t, got.Validate())
	if a := lastAudit(t, f.db, "loss_declaration", ActServiceSave); a.UserName != systemName || !strings.Contains(a.Note, "挂失期") {
		t.Fatalf("audit %+v", a)
	}
	run() // a version with a period is left alone
	if again, _ := f.db.ServiceVersion(ctx, "loss_declaration", 0); again.Version != got.Version {
		t.Fatalf("second upgrade made version %d", again.Version)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	must(t, err)
	return data
}

// TestResolveLossRefundNeedsHeldDeposit: 退款 stands in for the receipt at
// the refund desk, which refunds only deposits, so it is refused, with
// nothing changed, for a paper receipt, an invoice and one of our receipts
// for fees; a paper-era deposit entered at the desk may be refunded.
func TestResolveLossRefundNeedsHeldDeposit(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	code := withLossService(t, f)
	cust := f.member(t, "林静")
	// One of our receipts for fees only: no deposit behind it.
	kase, _, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "borrow_card")
	must(t, err)
	tx, err := f.db.begin(ctx)
	must(t, err)
	fee := &forms.Receipt{ID: "fee-receipt", Number: "FEE0001", Year: 2026, CaseID: kase.ID, CustomerID: cust.ID, PayerName: cust.Name,
		PayerID: cust.IDNumber, Total: forms.Yuan(100), Payment: forms.Payment{Method: forms.PayCash},
		Lines:   []forms.ReceiptLine{{Text: "人才储备费", Amount: forms.Yuan(100), Kind: forms.KindFee}},
		ClerkID: f.clerk.UserID, ClerkName: clerkNm, IssuedAt: testStart.AddDate(0, -1, 0)}
	must(t, insertLegacyReceipt(ctx, tx, fee))
	must(t, tx.commit())
	legacy, err := f.db.EnterLegacyDeposit(ctx, f.sup, legacyOf(cust.ID, "纸0042"))
	must(t, err)

	declare := func(l forms.LossDeclaration) *forms.LossDeclaration {
		t.Helper()
		l.CustomerID = cust.ID
		d, err := f.db.DeclareLoss(ctx, f.clerk, code, l)
		must(t, err)
		return d
	}
	paper := declare(forms.LossDeclaration{Kind: forms.LostReceipt, DocNumber: "旧0001", DocDate: testStart.AddDate(-1, 0, 0),
		Amount: forms.Yuan(600), PaidFor: "户籍卡保障金"})
	invoice := declare(forms.LossDeclaration{Kind: forms.LostInvoice, DocNumber: "No.0099", DocDate: testStart.AddDate(0, -1, 0),
		Amount: forms.Yuan(300), PaidFor: "人才储备费"})
	ours := declare(forms.LossDeclaration{Kind: forms.LostReceipt, DocNumber: fee.Number, Amount: fee.Total})
	held := declare(forms.LossDeclaration{Kind: forms.LostReceipt, DocNumber: legacy.ReceiptNumber, Amount: legacy.Amount})
	if held.ReceiptID != legacy.ReceiptID || ours.ReceiptID != fee.ID {
		t.Fatalf("receipts not linked: %+v / %+v", held, ours)
	}
	f.clk.Add(16 * 24 * time.Hour)
	for _, tc := range []struct {
		name string
		l    *forms.LossDeclaration
		msg  string
	}{
		{"paper receipt", paper, "收据 旧0001 不是保障金收据（本系统没有它的保障金记录），没有可退的保障金，不能选“退款（凭声明代替收据）”"},
		{"invoice", invoice, "发票 NO.0099 不是保障金收据"},
		{"our fee receipt", ours, "收据 FEE0001 不是保障金收据"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := lossCount(t, f)
			_, err := f.db.ResolveLoss(ctx, f.clerk, tc.l.ID, "refund", true)
			assertErr(t, err, forms.ECONFLICT, tc.msg, "请选择不退款的办结结果")
			if after := lossCount(t, f); after != before {
				t.Fatalf("refused resolution changed the database: %v → %v", before, after)
			}
			if l, _ := f.db.LossDeclaration(ctx, tc.l.ID); l.State != forms.LossPending {
				t.Fatalf("declaration state = %s", l.State)
			}
		})
	}
	ls, err := f.db.LossDeclarations(ctx, cust.ID)
	must(t, err)
	for _, l := range ls {
		if (l.Deposit != nil) != (l.ID == held.ID) {
			t.Fatalf("declaration %s %s deposit = %+v", l.Number, l.DocNumber, l.Deposit)
		}
	}
	l, err := f.db.ResolveLoss(ctx, f.clerk, held.ID, "refund", true)
	must(t, err)
	if !l.Refunds {
		t.Fatalf("resolved = %+v", l)
	}
	_, err = f.db.ResolveLoss(ctx, f.clerk, paper.ID, "receipt_kept", false)
	must(t, err)
}
