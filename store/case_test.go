package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"counterdesk/assets"
	"counterdesk/forms"
)

func TestDB_OpenCase(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)

	t.Run("OK", func(t *testing.T) {
		cust := f.member(t, "黄磊")
		c, existing, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "borrow_card")
		must(t, err)
		if existing || c.Number != "QB01-20261123-001" || c.Status != forms.CaseDraft || c.ServiceVersion != 1 ||
			c.ServiceName != "借户籍卡" || c.ClerkID != f.clerk.UserID {
			t.Fatalf("case = %+v existing=%v", c, existing)
		}
		if want := "2026-12-23"; forms.FormatDate(c.ReturnDue) != want {
			t.Fatalf("default return due = %s, want %s (30 days)", forms.FormatDate(c.ReturnDue), want)
		}
		got, err := f.db.Case(ctx, c.ID)
		must(t, err)
		if got.Number != c.Number || !got.CreatedAt.Equal(testStart) {
			t.Fatalf("stored case = %+v", got)
		}
		lastAudit(t, f.db, c.ID, ActCaseOpen)

		// A second, different service the same day takes the next number.
		c2, _, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "archive_transfer")
		must(t, err)
		if c2.Number != "QB01-20261123-002" || !c2.ReturnDue.IsZero() {
			t.Fatalf("second case = %+v", c2)
		}
		// The next day starts again at 001.
		f.clk.Add(24 * time.Hour)
		// The clock only moves forward: going back would trip the clock check.
		c3, _, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "certificate")
		must(t, err)
		if c3.Number != "QB01-20261124-001" {
			t.Fatalf("next day's case = %s", c3.Number)
		}
	})
	t.Run("ExistingOpenCase", func(t *testing.T) {
		cust := f.member(t, "徐静")
		c1, _, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "borrow_card")
		must(t, err)
		n := auditCount(t, f.db)
		c2, existing, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "borrow_card")
		must(t, err)
		if !existing || c2.ID != c1.ID {
			t.Fatalf("second open = %s existing=%v, want %s", c2.Number, existing, c1.Number)
		}
		if auditCount(t, f.db) != n {
			t.Fatal("returning the open case wrote to the log")
		}
	})
	t.Run("ExistingLentCard", func(t *testing.T) {
		cust, c, _, _ := f.lend(t, "马超")
		again, existing, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "borrow_card")
		must(t, err)
		if !existing || again.ID != c.ID || again.Status != forms.CaseAccepted {
			t.Fatalf("open while the card is lent = %+v existing=%v", again, existing)
		}
	})
	t.Run("ErrNotMember", func(t *testing.T) {
		c := &forms.Customer{Name: "朱非", IDNumber: testID("510113", "19900101", 801), Mobile: "13900000801"}
		must(t, f.db.CreateCustomer(ctx, f.clerk, c))
		_, _, err := f.db.OpenCase(ctx, f.clerk, c.ID, "borrow_card")
		assertErr(t, err, forms.EINVALID, "该客户不是集体户成员，不能办理借户籍卡")
	})
	t.Run("ErrUnknownService", func(t *testing.T) {
		cust := f.member(t, "胡一")
		_, _, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "no_such_service")
		assertErr(t, err, forms.ENOTFOUND, "找不到业务")
	})
	t.Run("ReturnDaysSetting", func(t *testing.T) {
		must(t, f.db.SetSetting(ctx, f.sup, forms.SettingReturnDays, "15"))
		defer f.db.SetSetting(ctx, f.sup, forms.SettingReturnDays, "30")
		cust := f.member(t, "郭二")
		c, _, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "borrow_card")
		must(t, err)
		if want := forms.FormatDate(f.clk.Now().AddDate(0, 0, 15)); forms.FormatDate(c.ReturnDue) != want {
			t.Fatalf("return due = %s, want %s", forms.FormatDate(c.ReturnDue), want)
		}
	})
}

func TestDB_SaveCase(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	cust := f.member(t, "林峰")
	c, _, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "archive_transfer")
	must(t, err)

	t.Run("OK", func(t *testing.T) {
		got, err := f.db.SaveCase(ctx, f.clerk, c.ID,
			map[string]string{"unit": " 成都某公司 ", "year": "２０２１"},
			map[string]forms.ItemState{"release": {Status: forms.ItemReceived, Originals: 1}})
		must(t, err)
		if got.Answers["unit"] != "成都某公司" || got.Answers["year"] != "2021" || got.Items["release"].Originals != 1 {
			t.Fatalf("saved = %+v", got)
		}
		lastAudit(t, f.db, c.ID, ActCaseSave)

		// A nil map keeps what is stored.
		got, err = f.db.SaveCase(ctx, f.clerk, c.ID, map[string]string{"unit": "另一公司", "year": "2021"}, nil)
		must(t, err)
		if got.Answers["unit"] != "另一公司" || got.Items["release"].Originals != 1 {
			t.Fatalf("saved with nil items = %+v", got)
		}
	})
	t.Run("ErrBadAnswer", func(t *testing.T) {
		_, err := f.db.SaveCase(ctx, f.clerk, c.ID, map[string]string{"year": "21"}, nil)
		assertErr(t, err, forms.EINVALID, "毕业年份", "四位")
		_, err = f.db.SaveCase(ctx, f.clerk, c.ID, map[string]string{"nope": "x"}, nil)
		assertErr(t, err, forms.EINVALID, "不属于业务")
	})
	t.Run("ErrBadItem", func(t *testing.T) {
		_, err := f.db.SaveCase(ctx, f.clerk, c.ID, nil, map[string]forms.ItemState{"release": {Status: forms.ItemReceived, Copies: -1}})
		assertErr(t, err, forms.EINVALID, "解除协议证明", "负数")
		_, err = f.db.SaveCase(ctx, f.clerk, c.ID, nil, map[string]forms.ItemState{"release": {Status: forms.ItemDeferred}})
		assertErr(t, err, forms.EINVALID, "承诺补交的日期")
		_, err = f.db.SaveCase(ctx, f.clerk, c.ID, nil, map[string]forms.ItemState{"release": {Status: forms.ItemDeferred,
			PromisedBy: testStart.AddDate(0, 0, -1)}})
		assertErr(t, err, forms.EINVALID, "不能早于今天")
		got, err := f.db.Case(ctx, c.ID)
		must(t, err)
		if got.Items["release"].Status != forms.ItemReceived {
			t.Fatal("a refused save changed the case")
		}
	})
}

func TestDB_AcceptCase(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	cash := forms.Payment{Method: forms.PayCash}

	t.Run("ErrMissingPapers", func(t *testing.T) {
		cust := f.member(t, "罗敏")
		c, _, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "borrow_card")
		must(t, err)
		_, _, _, err = f.db.AcceptCase(ctx, f.clerk, c.ID, cash, time.Time{})
		assertErr(t, err, forms.EINVALID, "还不能受理", "用途", "身份证")
		// Half the papers: the message says what is still short.
		_, err = f.db.SaveCase(ctx, f.clerk, c.ID, map[string]string{"purpose": "marriage"},
			map[string]forms.ItemState{"id_card": {Status: forms.ItemReceived, Originals: 1}})
		must(t, err)
		_, _, _, err = f.db.AcceptCase(ctx, f.clerk, c.ID, cash, time.Time{})
		assertErr(t, err, forms.EINVALID, "身份证（复印件还差1份）")
		if strings.Contains(forms.ErrorMessage(err), "用途") {
			t.Fatalf("answered question still listed: %s", forms.ErrorMessage(err))
		}
		got, err := f.db.Case(ctx, c.ID)
		must(t, err)
		rs, err := f.db.ReceiptsOfCase(ctx, c.ID)
		must(t, err)
		if got.Status != forms.CaseDraft || len(rs) != 0 {
			t.Fatal("a refused accept changed something")
		}
	})
	t.Run("OKDeposit", func(t *testing.T) {
		cust, c := f.borrowReady(t, "谢娜")
		acc, r, d, err := f.db.AcceptCase(ctx, f.clerk, c.ID, cash, time.Time{})
		must(t, err)
		if acc.Status != forms.CaseAccepted || !acc.AcceptedAt.Equal(testStart) {
			t.Fatalf("accepted case = %+v", acc)
		}
		if r == nil || r.Number != "QB01-2026-000001" || r.Total != 60000 || len(r.Lines) != 1 ||
			r.Lines[0].Kind != forms.KindDeposit || r.Lines[0].Text != "户籍卡保障金" || r.PayerName != "谢娜" ||
			r.PayerID != cust.IDNumber || r.ClerkName != clerkNm {
			t.Fatalf("receipt = %+v", r)
		}
		if d == nil || d.State != forms.DepositHeld || d.Amount != 60000 || d.ReceiptID != r.ID ||
			d.ReceiptNumber != r.Number || forms.FormatDate(d.ReturnDue) != "2026-12-23" || d.CustomerName != "谢娜" {
			t.Fatalf("deposit = %+v", d)
		}
		if !acc.ReturnDue.Equal(d.ReturnDue) {
			t.Fatal("case and deposit disagree on the return date")
		}
		got, err := f.db.DepositOfCase(ctx, c.ID)
		must(t, err)
		if got.ID != d.ID || got.Method != forms.PayCash {
			t.Fatalf("DepositOfCase = %+v", got)
		}
		byNumber, err := f.db.ReceiptByNumber(ctx, "qb01-2026-000001")
		must(t, err)
		if byNumber.ID != r.ID {
			t.Fatal("ReceiptByNumber found another receipt")
		}
		lastAudit(t, f.db, c.ID, ActCaseAccept)
		lastAudit(t, f.db, r.ID, ActReceiptIssue)
		lastAudit(t, f.db, d.ID, ActDepositTake)

		_, _, _, err = f.db.AcceptCase(ctx, f.clerk, c.ID, cash, time.Time{})
		assertErr(t, err, forms.ECONFLICT, "不能再次受理")
	})
	t.Run("ErrPaymentNothingConsumed", func(t *testing.T) {
		_, c := f.borrowReady(t, "宋佳")
		_, _, _, err := f.db.AcceptCase(ctx, f.clerk, c.ID, forms.Payment{Method: forms.PayMobile}, time.Time{})
		assertErr(t, err, forms.EINVALID, "交易单号")
		_, r, _, err := f.db.AcceptCase(ctx, f.clerk, c.ID, forms.Payment{Method: forms.PayMobile, Reference: "４２０００１２３４"}, time.Time{})
		must(t, err)
		if r.Number != "QB01-2026-000002" || r.Payment.Reference != "420001234" {
			t.Fatalf("receipt after a refused accept = %s %q; a refusal must consume no number", r.Number, r.Payment.Reference)
		}
	})
	t.Run("ErrReturnDue", func(t *testing.T) {
		_, c := f.borrowReady(t, "唐宁")
		_, _, _, err := f.db.AcceptCase(ctx, f.clerk, c.ID, cash, testStart)
		assertErr(t, err, forms.EINVALID, "归还日期", "须晚于今天")
		acc, _, d, err := f.db.AcceptCase(ctx, f.clerk, c.ID, cash, testStart.AddDate(0, 0, 10))
		must(t, err)
		if forms.FormatDate(d.ReturnDue) != "2026-12-03" || !acc.ReturnDue.Equal(d.ReturnDue) {
			t.Fatalf("return due = %s", forms.FormatDate(d.ReturnDue))
		}
	})
	t.Run("Waiting", func(t *testing.T) {
		cust := f.member(t, "韩梅")
		c, _, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "archive_transfer")
		must(t, err)
		promised := testStart.AddDate(0, 0, 7)
		_, err = f.db.SaveCase(ctx, f.clerk, c.ID, map[string]string{"unit": "某单位"}, map[string]forms.ItemState{
			"release": {Status: forms.ItemDeferred, PromisedBy: promised},
			"id_copy": {Status: forms.ItemReceived, Copies: 1},
		})
		must(t, err)
		acc, r, d, err := f.db.AcceptCase(ctx, f.clerk, c.ID, forms.Payment{Method: forms.PayCard}, time.Time{})
		must(t, err)
		if acc.Status != forms.CaseWaiting || d != nil || r == nil || r.Total != 5000 || r.Lines[0].Kind != forms.KindFee {
			t.Fatalf("accept with a deferred paper = %+v / %+v / %+v", acc, r, d)
		}
		// The paper arrives (已补交): nothing is missing any more, so the
		// case completes (issue 14; papers_test.go has the details).
		acc, err = f.db.ReceivePromisedPaper(ctx, f.clerk, c.ID, "release", 1, 0)
		must(t, err)
		if acc.Status != forms.CaseCompleted {
			t.Fatalf("status after the promised paper came = %s", acc.Status)
		}
	})
	t.Run("NothingToPay", func(t *testing.T) {
		cust := f.member(t, "冯远")
		c, _, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "certificate")
		must(t, err)
		acc, r, d, err := f.db.AcceptCase(ctx, f.clerk, c.ID, forms.Payment{}, time.Time{})
		must(t, err)
		if acc.Status != forms.CaseAccepted || r != nil || d != nil {
			t.Fatalf("free service = %+v %+v %+v", acc, r, d)
		}
	})
	t.Run("KeepsServiceVersion", func(t *testing.T) {
		cust := f.member(t, "邓超")
		c, _, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "archive_transfer")
		must(t, err)
		svc, err := f.db.ServiceVersion(ctx, "archive_transfer", 1)
		must(t, err)
		svc.Fees[0].Amount = 8000
		v, err := f.db.SaveServiceVersion(ctx, f.sup, svc)
		must(t, err)
		if v != 2 {
			t.Fatalf("new version = %d", v)
		}
		_, err = f.db.SaveCase(ctx, f.clerk, c.ID, map[string]string{"unit": "某单位"}, map[string]forms.ItemState{
			"release": {Status: forms.ItemReceived, Originals: 1},
			"id_copy": {Status: forms.ItemReceived, Copies: 1},
		})
		must(t, err)
		_, r, _, err := f.db.AcceptCase(ctx, f.clerk, c.ID, cash, time.Time{})
		must(t, err)
		if r.Total != 5000 {
			t.Fatalf("case opened under version 1 charged %s", r.Total)
		}
		old, err := f.db.ServiceVersion(ctx, "archive_transfer", 1)
		must(t, err)
		if old.Fees[0].Amount != 5000 || old.Version != 1 {
			t.Fatal("saving a new version changed the old one")
		}
		services, err := f.db.Services(ctx)
		must(t, err)
		if services[1].Code != "archive_transfer" || services[1].Version != 2 || services[1].Fees[0].Amount != 8000 {
			t.Fatalf("current services = %+v", services[1])
		}
		c2, _, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "archive_transfer")
		must(t, err)
		if c2.ServiceVersion != 2 {
			t.Fatalf("a new case opened under version %d", c2.ServiceVersion)
		}
		_, err = f.db.SaveServiceVersion(ctx, f.clerk, svc)
		assertErr(t, err, forms.EFORBIDDEN, "此操作须主管批准")
	})
}

func TestDB_CancelCase(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)

	t.Run("ErrDepositHeld", func(t *testing.T) {
		_, c, _, _ := f.lend(t, "曹操")
		err := f.db.CancelCase(ctx, f.clerk, c.ID, "客户不借了")
		assertErr(t, err, forms.ECONFLICT, "未退还的保障金")
		got, err := f.db.Case(ctx, c.ID)
		must(t, err)
		if got.Status != forms.CaseAccepted {
			t.Fatal("a refused cancel changed the case")
		}
	})
	t.Run("OK", func(t *testing.T) {
		cust := f.member(t, "彭于")
		c, _, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "borrow_card")
		must(t, err)
		assertErr(t, f.db.CancelCase(ctx, f.clerk, c.ID, "  "), forms.EINVALID, "取消原因")
		must(t, f.db.CancelCase(ctx, f.clerk, c.ID, "客户改日再来"))
		got, err := f.db.Case(ctx, c.ID)
		must(t, err)
		if got.Status != forms.CaseCancelled || got.CancelReason != "客户改日再来" {
			t.Fatalf("cancelled = %+v", got)
		}
		e := lastAudit(t, f.db, c.ID, ActCaseCancel)
		if e.Note != "客户改日再来" {
			t.Fatalf("audit = %+v", e)
		}

		// A cancelled case moves nowhere.
		_, _, _, err = f.db.AcceptCase(ctx, f.clerk, c.ID, forms.Payment{Method: forms.PayCash}, time.Time{})
		assertErr(t, err, forms.ECONFLICT, "已取消")
		_, err = f.db.SaveCase(ctx, f.clerk, c.ID, map[string]string{"purpose": "other"}, nil)
		assertErr(t, err, forms.ECONFLICT, "不能再修改")
		err = f.db.CancelCase(ctx, f.clerk, c.ID, "再取消一次")
		assertErr(t, err, forms.ECONFLICT, "不能改为")

		// With the cancelled case, a new loan can be opened.
		c2, existing, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "borrow_card")
		must(t, err)
		if existing || c2.ID == c.ID {
			t.Fatal("a cancelled case was offered as open")
		}
	})
}

func TestDB_RecordPrint(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	_, c, _, _ := f.lend(t, "肖战")
	must(t, f.db.RecordPrint(ctx, f.clerk, c.ID, "promise", 2, false))
	must(t, f.db.RecordPrint(ctx, f.clerk, c.ID, "promise", 1, true))
	e := lastAudit(t, f.db, c.ID, ActCasePrint)
	if !strings.Contains(e.Note, "补打") {
		t.Fatalf("reprint audit = %+v", e)
	}
	var n int
	must(t, f.db.db.QueryRowContext(ctx, "SELECT count(*) FROM case_prints WHERE case_id = ?", c.ID).Scan(&n))
	if n != 2 {
		t.Fatalf("prints recorded = %d", n)
	}
	assertErr(t, f.db.RecordPrint(ctx, f.clerk, c.ID, "promise", 0, false), forms.EINVALID, "份数")
}

func TestDB_CompleteCase(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)

	t.Run("OK", func(t *testing.T) {
		cust := f.member(t, "邓超")
		c, _, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "certificate")
		must(t, err)
		_, _, _, err = f.db.AcceptCase(ctx, f.clerk, c.ID, forms.Payment{Method: forms.PayCash}, time.Time{})
		must(t, err)
		done, err := f.db.CompleteCase(ctx, f.clerk, c.ID)
		must(t, err)
		if done.Status != forms.CaseCompleted || done.CompletedAt.IsZero() {
			t.Fatalf("completed case = %+v", done)
		}
		lastAudit(t, f.db, c.ID, ActCaseComplete)
	})
	t.Run("ErrDraft", func(t *testing.T) {
		cust := f.member(t, "孙俪")
		c, _, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "certificate")
		must(t, err)
		_, err = f.db.CompleteCase(ctx, f.clerk, c.ID)
		assertErr(t, err, forms.ECONFLICT, "尚未受理")
	})
	t.Run("ErrDepositHeld", func(t *testing.T) {
		_, c, _, _ := f.lend(t, "郑爽")
		n := auditCount(t, f.db)
		_, err := f.db.CompleteCase(ctx, f.clerk, c.ID)
		assertErr(t, err, forms.ECONFLICT, "保障金")
		if got, _ := f.db.Case(ctx, c.ID); got.Status != forms.CaseAccepted || auditCount(t, f.db) != n {
			t.Fatal("a refused completion changed the case or the log")
		}
	})
	t.Run("ErrDeferredPapers", func(t *testing.T) {
		cust := f.member(t, "赵薇")
		c, _, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "archive_transfer")
		must(t, err)
		items := map[string]forms.ItemState{
			"release": {Status: forms.ItemReceived, Originals: 1},
			"id_copy": {Status: forms.ItemDeferred, PromisedBy: testStart.AddDate(0, 0, 3)},
		}
		_, err = f.db.SaveCase(ctx, f.clerk, c.ID, map[string]string{"unit": "某公司"}, items)
		must(t, err)
		_, _, _, err = f.db.AcceptCase(ctx, f.clerk, c.ID, forms.Payment{Method: forms.PayCash}, time.Time{})
		must(t, err)
		_, err = f.db.CompleteCase(ctx, f.clerk, c.ID)
		assertErr(t, err, forms.ECONFLICT, "1项容缺材料未补交")
	})
}

// saveShipped stores the shipped default of a service (assets) as the
// station's current version, so the test runs on the real catalogue data.
func (f *fixture) saveShipped(tb testing.TB, code string) *forms.Service {
	tb.Helper()
	cat, err := forms.ParseCatalogue(assets.Catalogue)
	must(tb, err)
	s := cat.Service(code)
	if s == nil {
		tb.Fatalf("no %s in the shipped catalogue", code)
	}
	_, err = f.db.SaveServiceVersion(context.Background(), f.sup, s)
	must(tb, err)
	return s
}

// casesOf counts a customer's cases.
func casesOf(tb testing.TB, db *DB, customerID string) int {
	tb.Helper()
	cs, err := db.CasesOfCustomer(context.Background(), customerID)
	must(tb, err)
	return len(cs)
}

// assertConflict checks a refusal to open a case: its code and whole
// message, the open case it names and the ways on it offers.
func assertConflict(tb testing.TB, err error, message, caseID, receipt string, ways ...forms.Way) {
	tb.Helper()
	assertErr(tb, err, forms.ECONFLICT)
	if got := forms.ErrorMessage(err); got != message {
		tb.Fatalf("message\n%s\nwant\n%s", got, message)
	}
	var c *forms.Conflict
	if !errors.As(err, &c) {
		tb.Fatalf("%T carries no *forms.Conflict for the screen", err)
	}
	if c.Case.ID != caseID || c.DepositReceipt != receipt || !slices.Equal(c.Ways, ways) {
		tb.Fatalf("conflict names case %s receipt %q ways %v, want %s %q %v", c.Case.ID, c.DepositReceipt, c.Ways, caseID, receipt, ways)
	}
}

// TestDB_OpenCase_Conflicts: issue 12's examples of cases that must not be
// opened beside an open one, on the shipped catalogue's data.
func TestDB_OpenCase_Conflicts(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	f.saveShipped(t, "settle_past_grad")
	f.saveShipped(t, "settle_new_grad")
	f.saveShipped(t, "move_out")
	f.saveShipped(t, "borrow_card")

	t.Run("ErrSecondSettlement", func(t *testing.T) {
		cust := f.member(t, "韩梅")
		past, _, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "settle_past_grad")
		must(t, err)
		// Every paper deferred (容缺) to next week: accepted, it waits for papers.
		svc, err := f.db.ServiceVersion(ctx, "settle_past_grad", past.ServiceVersion)
		must(t, err)
		items := map[string]forms.ItemState{}
		for _, r := range svc.Requirements {
			items[r.ID] = forms.ItemState{Status: forms.ItemDeferred, PromisedBy: testStart.AddDate(0, 0, 7)}
		}
		answers := map[string]string{}
		for _, q := range svc.Questions {
			if q.Type == forms.QChoice {
				answers[q.ID] = q.Options[0].Value
			}
		}
		_, err = f.db.SaveCase(ctx, f.clerk, past.ID, answers, items)
		must(t, err)
		past, _, _, err = f.db.AcceptCase(ctx, f.clerk, past.ID, forms.Payment{Method: forms.PayCash}, time.Time{})
		must(t, err)
		if past.Status != forms.CaseWaiting {
			t.Fatalf("past-graduate case is %s, want waiting for papers", past.Status)
		}
		n, cases := auditCount(t, f.db), casesOf(t, f.db, cust.ID)

		_, _, err = f.db.OpenCase(ctx, f.clerk, cust.ID, "settle_new_grad")
		assertConflict(t, err, "该客户已有未办结的“历届生落户”受理单 "+past.Number+
			"（待补材料，2026-11-23 受理），须办结或取消后才能办理“应届生落户”", past.ID, "", forms.WayOpenCase)
		if auditCount(t, f.db) != n || casesOf(t, f.db, cust.ID) != cases {
			t.Fatal("a refused open changed something")
		}

		// 历届生落户 again re-opens the waiting case.
		again, existing, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "settle_past_grad")
		must(t, err)
		if !existing || again.ID != past.ID || auditCount(t, f.db) != n {
			t.Fatalf("历届生落户 again = %s existing=%v", again.Number, existing)
		}
	})
	t.Run("DraftSettlementCancelled", func(t *testing.T) {
		cust := f.member(t, "韩雪")
		draft, _, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "settle_new_grad")
		must(t, err)
		_, _, err = f.db.OpenCase(ctx, f.clerk, cust.ID, "settle_past_grad")
		assertConflict(t, err, "该客户已有未办结的“应届生落户”受理单 "+draft.Number+
			"（待受理，2026-11-23 开单），须办结或取消后才能办理“历届生落户”", draft.ID, "", forms.WayOpenCase)
		// The way on the message names: cancel it, then the other one opens.
		must(t, f.db.CancelCase(ctx, f.clerk, draft.ID, "客户是历届生，选错了业务"))
		c, existing, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "settle_past_grad")
		must(t, err)
		if existing || c.ServiceCode != "settle_past_grad" {
			t.Fatalf("after the cancel: %s existing=%v", c.Number, existing)
		}
		// Services outside the group still open beside it.
		if _, existing, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "archive_transfer"); err != nil || existing {
			t.Fatalf("转档 beside a settlement: existing=%v err=%v", existing, err)
		}
	})
	t.Run("ErrMoveOutWhileCardLent", func(t *testing.T) {
		cust, lent, r, _ := f.lend(t, "马骏")
		n, cases := auditCount(t, f.db), casesOf(t, f.db, cust.ID)
		_, existing, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "move_out")
		if existing {
			t.Fatal("转户 silently opened the 借户籍卡 case")
		}
		assertConflict(t, err, "该客户的户籍卡已借出：“借户籍卡”受理单 "+lent.Number+"（2026-11-23 受理，保障金收据 "+r.Number+
			"）的户籍卡尚未归还。转户要把户籍卡借给客户办理迁出，须先请客户交回户籍卡，在“保障金退还”退还这笔保障金、办结借户籍卡后，再办理转户。",
			lent.ID, r.Number, forms.WayOpenCase, forms.WayRefundDesk)
		if auditCount(t, f.db) != n || casesOf(t, f.db, cust.ID) != cases {
			t.Fatal("a refused open changed something")
		}
		// The card comes back: refunded, the 借户籍卡 case is completed and 转户 opens.
		d, err := f.db.DepositOfCase(ctx, lent.ID)
		must(t, err)
		_, err = f.db.RefundDeposit(ctx, f.approved(), refundOf(d.ID))
		must(t, err)
		c, existing, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "move_out")
		must(t, err)
		if existing || c.ServiceCode != "move_out" {
			t.Fatalf("转户 after the refund = %s existing=%v", c.Number, existing)
		}
	})
	t.Run("ErrMoveOutBesideBorrowDraft", func(t *testing.T) {
		cust := f.member(t, "马兰")
		draft, _, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "borrow_card")
		must(t, err)
		_, _, err = f.db.OpenCase(ctx, f.clerk, cust.ID, "move_out")
		assertConflict(t, err, "该客户已有未办结的“借户籍卡”受理单 "+draft.Number+
			"（待受理，2026-11-23 开单），须办结或取消后才能办理“转户”", draft.ID, "", forms.WayOpenCase)
	})
}
