package store

import (
	"context"
	"strings"
	"testing"

	"counterdesk/forms"
)

func legacyOf(customerID, number string) forms.LegacyDeposit {
	return forms.LegacyDeposit{
		CustomerID:    customerID,
		ReceiptNumber: number,
		TakenOn:       testStart.AddDate(0, -2, 0),
		Amount:        60000,
		Payment:       forms.Payment{Method: forms.PayCash},
		ReturnDue:     testStart.AddDate(0, -1, 0),
	}
}

func TestDB_EnterLegacyDeposit(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)

	t.Run("OK", func(t *testing.T) {
		cust := f.member(t, "韩梅梅")
		countersBefore := counterValue(t, f)
		d, err := f.db.EnterLegacyDeposit(ctx, f.sup, legacyOf(cust.ID, " no.0012345 "))
		must(t, err)
		if d.State != forms.DepositHeld || !d.Legacy || d.ReceiptNumber != "NO.0012345" || d.Amount != 60000 {
			t.Fatalf("legacy deposit = %+v", d)
		}
		if got := forms.FormatDate(d.TakenAt); got != forms.FormatDate(testStart.AddDate(0, -2, 0)) {
			t.Fatalf("taken on %s, want the paper date", got)
		}
		c, err := f.db.Case(ctx, d.CaseID)
		must(t, err)
		if c.Status != forms.CaseAccepted || !c.Legacy || c.ServiceCode != "borrow_card" ||
			forms.FormatDate(c.AcceptedAt) != forms.FormatDate(d.TakenAt) {
			t.Fatalf("legacy case = %+v", c)
		}
		held, err := f.db.HeldDeposits(ctx, "韩梅梅")
		must(t, err)
		if len(held) != 1 || held[0].ID != d.ID {
			t.Fatalf("held deposits = %+v", held)
		}
		if counterValue(t, f) != countersBefore {
			t.Fatal("a paper receipt moved the station's receipt counter")
		}
		lastAudit(t, f.db, d.ID, ActDepositLegacy)

		// The card counts as lent: no second loan, the open case instead.
		again, existing, err := f.db.OpenCase(ctx, f.clerk, cust.ID, "borrow_card")
		must(t, err)
		if !existing || again.ID != c.ID {
			t.Fatal("a member with a paper deposit could borrow the card again")
		}
		// Overdue, with a contact attempt: the forfeit rules apply unchanged.
		must(t, f.db.AddContactAttempt(ctx, f.clerk, d.ID, "电话", "无人接听"))
		must(t, f.db.ForfeitDeposit(ctx, f.sup, d.ID, "逾期未还，联系不上"))
		if k, _ := f.db.Case(ctx, c.ID); k.Status != forms.CaseCompleted {
			t.Fatalf("case after forfeit: %s", k.Status)
		}
	})
	t.Run("Refund", func(t *testing.T) {
		cust := f.member(t, "李雷")
		d, err := f.db.EnterLegacyDeposit(ctx, f.sup, legacyOf(cust.ID, "纸0099"))
		must(t, err)
		got, err := f.db.RefundDeposit(ctx, f.sup, refundOf(d.ID))
		must(t, err)
		if got.State != forms.DepositRefunded {
			t.Fatalf("refund of a paper deposit: %+v", got)
		}
	})
	t.Run("ErrClerk", func(t *testing.T) {
		cust := f.member(t, "周杰")
		n := auditCount(t, f.db)
		_, err := f.db.EnterLegacyDeposit(ctx, f.clerk, legacyOf(cust.ID, "A-1"))
		assertErr(t, err, forms.EFORBIDDEN, "主管")
		if auditCount(t, f.db) != n {
			t.Fatal("a refused entry wrote to the log")
		}
	})
	t.Run("ErrTwice", func(t *testing.T) {
		a, b := f.member(t, "吴一"), f.member(t, "吴二")
		_, err := f.db.EnterLegacyDeposit(ctx, f.sup, legacyOf(a.ID, "0007788"))
		must(t, err)
		_, err = f.db.EnterLegacyDeposit(ctx, f.sup, legacyOf(b.ID, "0007788"))
		assertErr(t, err, forms.ECONFLICT, "已经录入过", "吴一")
	})
	t.Run("ErrCounterDeskNumber", func(t *testing.T) {
		cust := f.member(t, "孙二")
		_, err := f.db.EnterLegacyDeposit(ctx, f.sup, legacyOf(cust.ID, "qb02-2026-000012"))
		assertErr(t, err, forms.ECONFLICT, "窗口 QB02", "QB02 办理退还")
		_, err = f.db.EnterLegacyDeposit(ctx, f.sup, legacyOf(cust.ID, "QB01-2026-000003"))
		assertErr(t, err, forms.ECONFLICT, "本窗口")
	})
	t.Run("ErrBadInput", func(t *testing.T) {
		cust := f.member(t, "钱三")
		for name, tc := range map[string]struct {
			edit func(*forms.LegacyDeposit)
			want string
		}{
			"no number":      {func(l *forms.LegacyDeposit) { l.ReceiptNumber = " " }, "请填写纸质收据上的收据号"},
			"future date":    {func(l *forms.LegacyDeposit) { l.TakenOn = testStart.AddDate(0, 0, 1) }, "不能晚于今天"},
			"zero amount":    {func(l *forms.LegacyDeposit) { l.Amount = 0 }, "必须大于零"},
			"due before":     {func(l *forms.LegacyDeposit) { l.ReturnDue = l.TakenOn }, "须晚于收取日期"},
			"no method":      {func(l *forms.LegacyDeposit) { l.Payment.Method = "" }, "收款方式"},
			"no customer id": {func(l *forms.LegacyDeposit) { l.CustomerID = "" }, "请先查找或新建"},
		} {
			l := legacyOf(cust.ID, "X-"+name)
			tc.edit(&l)
			_, err := f.db.EnterLegacyDeposit(ctx, f.sup, l)
			if forms.ErrorCode(err) != forms.EINVALID || !strings.Contains(forms.ErrorMessage(err), tc.want) {
				t.Errorf("%s: %v, want EINVALID with %q", name, err, tc.want)
			}
		}
		c := &forms.Customer{Name: "赵四", IDNumber: testID("510113", "19900101", 811), Mobile: "13900000811"}
		must(t, f.db.CreateCustomer(ctx, f.clerk, c))
		_, err := f.db.EnterLegacyDeposit(ctx, f.sup, legacyOf(c.ID, "Y-1"))
		assertErr(t, err, forms.EINVALID, "不是集体户成员")
	})
	t.Run("VoidCancelsTheCase", func(t *testing.T) {
		cust := f.member(t, "冯五")
		d, err := f.db.EnterLegacyDeposit(ctx, f.sup, legacyOf(cust.ID, "Z-55"))
		must(t, err)
		must(t, f.db.VoidReceipt(ctx, f.sup, d.ReceiptID, "金额录错"))
		got, err := f.db.Deposit(ctx, d.ID)
		must(t, err)
		c, err := f.db.Case(ctx, d.CaseID)
		must(t, err)
		if got.State != forms.DepositVoided || c.Status != forms.CaseCancelled || !strings.Contains(c.CancelReason, "金额录错") {
			t.Fatalf("after voiding a paper entry: deposit %s, case %s (%s)", got.State, c.Status, c.CancelReason)
		}
		// The correction is entered under the same paper number.
		l := legacyOf(cust.ID, "Z-55")
		l.Amount = 50000
		fixed, err := f.db.EnterLegacyDeposit(ctx, f.sup, l)
		must(t, err)
		r, err := f.db.ReceiptByNumber(ctx, "Z-55")
		must(t, err)
		if r.ID != fixed.ReceiptID || r.Voided {
			t.Fatalf("ReceiptByNumber gave %+v, want the valid correction", r)
		}
	})
}

// counterValue is the station's receipt counter for the test year.
func counterValue(tb testing.TB, f *fixture) int64 {
	tb.Helper()
	var n int64
	if err := f.db.db.QueryRow("SELECT COALESCE(MAX(last_seq), 0) FROM receipt_counters").Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

func TestDB_SetupReplacement(t *testing.T) {
	ctx := context.Background()
	st := forms.Station{BranchCode: "QB", BranchName: "青白江分部", Payee: "青白江分部", Number: 1}
	year := testStart.Year()

	t.Run("ContinuesAfterThePaperStub", func(t *testing.T) {
		db := mustOpenDB(t)
		_, err := db.SetupReplacement(ctx, st, supName, supPass, testCatalogue(), forms.Replacement{Year: year, LastSeq: 137})
		must(t, err)
		f := setupFixtureExisting(t, db)
		_, _, r, _ := f.lend(t, "接替")
		if want := forms.ReceiptNumber("QB01", year, 138); r.Number != want {
			t.Fatalf("first receipt on the replacement PC = %s, want %s", r.Number, want)
		}
		var skipped int
		must(t, db.db.QueryRow("SELECT count(*) FROM receipt_skips WHERE first_seq = 1 AND last_seq = 137").Scan(&skipped))
		if skipped != 1 {
			t.Fatal("the skipped range 1–137 is not recorded")
		}
		var n int
		must(t, db.db.QueryRow("SELECT count(*) FROM audit_log WHERE action = ?", ActStationReplace).Scan(&n))
		if n != 1 {
			t.Fatal("no audit entry for the replacement")
		}
	})
	t.Run("LastYearStubStartsAtOne", func(t *testing.T) {
		db := mustOpenDB(t)
		_, err := db.SetupReplacement(ctx, st, supName, supPass, testCatalogue(), forms.Replacement{Year: year - 1, LastSeq: 980})
		must(t, err)
		f := setupFixtureExisting(t, db)
		_, _, r, _ := f.lend(t, "新年")
		if want := forms.ReceiptNumber("QB01", year, 1); r.Number != want {
			t.Fatalf("first receipt = %s, want %s", r.Number, want)
		}
	})
	t.Run("ErrFutureYear", func(t *testing.T) {
		db := mustOpenDB(t)
		_, err := db.SetupReplacement(ctx, st, supName, supPass, testCatalogue(), forms.Replacement{Year: year + 1, LastSeq: 5})
		assertErr(t, err, forms.EINVALID, "存根联的年份")
		if _, err := db.Station(ctx); forms.ErrorCode(err) != forms.ENOTFOUND {
			t.Fatal("a refused replacement set the station up anyway")
		}
	})
}

// setupFixtureExisting makes a fixture on a station already set up with
// the fixture's supervisor.
func setupFixtureExisting(tb testing.TB, db *DB) *fixture {
	tb.Helper()
	ctx := context.Background()
	clk := &testClock{now: testStart}
	db.Now = clk.Now
	sup, err := db.Login(ctx, supName, supPass)
	must(tb, err)
	f := &fixture{db: db, clk: clk, sup: forms.Actor{UserID: sup.ID}, supUser: sup}
	clerk, err := db.AddUser(ctx, f.sup, clerkNm, forms.RoleClerk, tempPass)
	must(tb, err)
	must(tb, db.ChangePassword(ctx, clerk.ID, tempPass, clerkPw))
	f.clerk = forms.Actor{UserID: clerk.ID}
	return f
}
