package store

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"counterdesk/assets"
	"counterdesk/forms"
)

// readyShipped opens a case of a shipped service for the customer and
// records the answers and every paper of its checklist as received.
func (f *fixture) readyShipped(tb testing.TB, cust *forms.Customer, code string, answers map[string]string) *forms.Case {
	tb.Helper()
	ctx := context.Background()
	svc := f.saveShipped(tb, code)
	k, _, err := f.db.OpenCase(ctx, f.clerk, cust.ID, code)
	must(tb, err)
	items := map[string]forms.ItemState{}
	for _, r := range svc.Requirements {
		items[r.ID] = r.Received()
	}
	k, err = f.db.SaveCase(ctx, f.clerk, k.ID, answers, items)
	must(tb, err)
	return k
}

// nonMember creates a customer who is not a member.
func (f *fixture) nonMember(tb testing.TB, name string) *forms.Customer {
	tb.Helper()
	idSeq++
	c := &forms.Customer{Name: name, IDNumber: testID("510113", "19950610", idSeq), Mobile: fmt.Sprintf("1390000%04d", idSeq)}
	must(tb, f.db.CreateCustomer(context.Background(), f.clerk, c))
	return c
}

func history(tb testing.TB, db *DB, id string) []forms.MembershipEvent {
	tb.Helper()
	h, err := db.MembershipHistory(context.Background(), id)
	must(tb, err)
	return h
}

// TestDB_CompleteCase_Membership: issue 13 "Membership in and out", on the
// shipped catalogue's data (Service.OnComplete).
func TestDB_CompleteCase_Membership(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	today := forms.Day(testStart)

	t.Run("SettlementJoins", func(t *testing.T) {
		cust := f.nonMember(t, "陈落户")
		k := f.readyShipped(t, cust, "settle_past_grad",
			map[string]string{"origin": "other_collective", "referral": "朋友介绍", "marital": "single"})
		_, _, _, err := f.db.AcceptCase(ctx, f.clerk, k.ID, forms.Payment{}, time.Time{})
		must(t, err)
		_, err = f.db.CompleteCase(ctx, f.clerk, k.ID)
		must(t, err)
		got, err := f.db.Customer(ctx, cust.ID)
		must(t, err)
		if !got.Member || !got.MemberSince.Equal(today) || !got.MemberUntil.IsZero() {
			t.Fatalf("after 历届生落户: member=%v since=%s until=%s", got.Member, forms.FormatDate(got.MemberSince), forms.FormatDate(got.MemberUntil))
		}
		h := history(t, f.db, cust.ID)
		if len(h) != 1 || h[0].Kind != forms.EventJoin || h[0].CaseNumber != k.Number || h[0].ServiceName != "历届生落户" ||
			h[0].From == "" || h[0].From == "other_collective" || h[0].Referral != "朋友介绍" || h[0].UserName != clerkNm {
			t.Fatalf("history = %+v", h)
		}
		if got.Origin != h[0].From {
			t.Fatalf("origin = %q, want the answer's label %q", got.Origin, h[0].From)
		}
		e := lastAudit(t, f.db, cust.ID, ActMemberJoin)
		if e.Note != h[0].Text() {
			t.Fatalf("audit note %q, want %q", e.Note, h[0].Text())
		}
	})

	t.Run("NewGraduateJoins", func(t *testing.T) {
		cust := f.nonMember(t, "王应届")
		k := f.readyShipped(t, cust, "settle_new_grad", map[string]string{"household_type": "school", "grad_year": "2026",
			"employer_in_city": "yes", "agreement_via_us": "yes", "destination_no": "A123", "marital": "single"})
		_, _, _, err := f.db.AcceptCase(ctx, f.clerk, k.ID, forms.Payment{}, time.Time{})
		must(t, err)
		_, err = f.db.CompleteCase(ctx, f.clerk, k.ID)
		must(t, err)
		got, err := f.db.Customer(ctx, cust.ID)
		must(t, err)
		if !got.Member || !got.MemberSince.Equal(today) {
			t.Fatalf("after 应届生落户: %+v", got)
		}
	})

	t.Run("ChildJoinsLinked", func(t *testing.T) {
		parent := f.member(t, "李家长")
		k := f.readyShipped(t, parent, "child_register", map[string]string{"child_name": "李小宝", "child_gender": "F",
			"child_birth": "2026-11-01", "guardian_consent": "yes"})
		_, _, _, err := f.db.AcceptCase(ctx, f.clerk, k.ID, forms.Payment{}, time.Time{})
		must(t, err)
		_, err = f.db.CompleteCase(ctx, f.clerk, k.ID)
		must(t, err)
		kids, err := f.db.ChildrenOf(ctx, parent.ID)
		must(t, err)
		if len(kids) != 1 {
			t.Fatalf("children = %+v", kids)
		}
		c := kids[0]
		if c.Name != "李小宝" || c.Gender != forms.GenderFemale || forms.FormatDate(c.Birth) != "2026-11-01" || c.IDNumber != "" ||
			!c.GuardianConsent || !c.Member || !c.MemberSince.Equal(today) || c.ParentID != parent.ID {
			t.Fatalf("child = %+v", c)
		}
		if h := history(t, f.db, c.ID); len(h) != 1 || h[0].Kind != forms.EventJoin || h[0].CaseNumber != k.Number {
			t.Fatalf("child's history = %+v", h)
		}
		lastAudit(t, f.db, c.ID, ActChildRegister)
		lastAudit(t, f.db, c.ID, ActMemberJoin)
		// The parent stays as they were.
		p, err := f.db.Customer(ctx, parent.ID)
		must(t, err)
		if !p.Member || len(history(t, f.db, parent.ID)) != 0 {
			t.Fatalf("parent changed: %+v", p)
		}
	})

	t.Run("ErrChildBornInFuture", func(t *testing.T) {
		parent := f.member(t, "赵家长")
		k := f.readyShipped(t, parent, "child_register", map[string]string{"child_name": "赵小宝", "child_gender": "M",
			"child_birth": "2026-11-01", "guardian_consent": "yes"})
		n := auditCount(t, f.db)
		_, err := f.db.SaveCase(ctx, f.clerk, k.ID, map[string]string{"child_name": "赵小宝", "child_gender": "M",
			"child_birth": "2026-11-24", "guardian_consent": "yes"}, nil)
		assertErr(t, err, forms.EINVALID, "小孩出生日期（2026-11-24）不能晚于今天（2026-11-23），请按证件核对后重新填写")
		got, err := f.db.Case(ctx, k.ID)
		must(t, err)
		if got.Answers["child_birth"] != "2026-11-01" || auditCount(t, f.db) != n {
			t.Fatalf("a refused save changed the case: %+v", got.Answers)
		}
	})

	t.Run("ErrChildWithoutConsent", func(t *testing.T) {
		parent := f.member(t, "钱家长")
		k := f.readyShipped(t, parent, "child_register", map[string]string{"child_name": "钱小宝", "child_gender": "M",
			"child_birth": "2026-11-01", "guardian_consent": "no"})
		_, _, _, err := f.db.AcceptCase(ctx, f.clerk, k.ID, forms.Payment{}, time.Time{})
		must(t, err)
		n := auditCount(t, f.db)
		_, err = f.db.CompleteCase(ctx, f.clerk, k.ID)
		assertErr(t, err, forms.EINVALID, "监护人同意")
		got, err := f.db.Case(ctx, k.ID)
		must(t, err)
		kids, err := f.db.ChildrenOf(ctx, parent.ID)
		must(t, err)
		if got.Status != forms.CaseAccepted || len(kids) != 0 || auditCount(t, f.db) != n {
			t.Fatalf("a refused completion changed something: status %s, children %d", got.Status, len(kids))
		}
	})

	t.Run("MoveOutLeavesThenBorrowRefused", func(t *testing.T) {
		f.saveShipped(t, "borrow_card")
		cust := f.member(t, "孙转户")
		k := f.readyShipped(t, cust, "move_out", map[string]string{"destination": "out_of_city", "dest_address": "重庆市渝中区"})
		_, _, d, err := f.db.AcceptCase(ctx, f.clerk, k.ID, forms.Payment{Method: forms.PayCash}, time.Time{})
		must(t, err)
		f.clk.Add(2 * 24 * time.Hour)
		_, err = f.db.RefundDeposit(ctx, f.approved(), refundOf(d.ID))
		must(t, err)
		got, err := f.db.Customer(ctx, cust.ID)
		must(t, err)
		left := forms.Day(f.clk.Now())
		if got.Member || !got.MemberUntil.Equal(left) || !got.MemberSince.Equal(cust.MemberSince) || !got.FormerMember() {
			t.Fatalf("after 转户: member=%v since=%s until=%s", got.Member, forms.FormatDate(got.MemberSince), forms.FormatDate(got.MemberUntil))
		}
		if h := history(t, f.db, cust.ID); len(h) != 1 || h[0].Kind != forms.EventLeave || !h[0].Day.Equal(left) {
			t.Fatalf("history = %+v", h)
		}
		lastAudit(t, f.db, cust.ID, ActMemberLeave)
		n := casesOf(t, f.db, cust.ID)
		_, _, err = f.db.OpenCase(ctx, f.clerk, cust.ID, "borrow_card")
		assertErr(t, err, forms.EINVALID, "该客户已于"+forms.FormatDate(left)+"转户迁出，不再是集体户成员，不能办理借户籍卡；以往的受理单、收据和保障金记录仍保留在档案中")
		if casesOf(t, f.db, cust.ID) != n || n != 1 {
			t.Fatalf("cases after the refusal = %d, want the 转户 case kept", casesOf(t, f.db, cust.ID))
		}
		// Editing the record keeps the day they joined and left.
		got.Address = "重庆市渝中区"
		must(t, f.db.UpdateCustomer(ctx, f.clerk, got))
		again, err := f.db.Customer(ctx, cust.ID)
		must(t, err)
		if !again.MemberSince.Equal(cust.MemberSince) || !again.MemberUntil.Equal(left) {
			t.Fatalf("an edit lost the membership dates: %+v", again)
		}
	})

	t.Run("ArchiveLeaves", func(t *testing.T) {
		cust := f.member(t, "周转档")
		k := f.readyShipped(t, cust, "archive_transfer", map[string]string{"grad_unit": "某公司", "grad_year": "2024", "destination_no": "B1"})
		_, _, _, err := f.db.AcceptCase(ctx, f.clerk, k.ID, forms.Payment{Method: forms.PayCash}, time.Time{})
		must(t, err)
		_, err = f.db.CompleteCase(ctx, f.clerk, k.ID)
		must(t, err)
		got, err := f.db.Customer(ctx, cust.ID)
		must(t, err)
		if !got.Member || !got.ArchiveUntil.Equal(forms.Day(f.clk.Now())) {
			t.Fatalf("after 转档: member=%v archive until %s", got.Member, forms.FormatDate(got.ArchiveUntil))
		}
		if h := history(t, f.db, cust.ID); len(h) != 1 || h[0].Kind != forms.EventArchiveLeave {
			t.Fatalf("history = %+v", h)
		}
		lastAudit(t, f.db, cust.ID, ActArchiveLeave)
	})
}

// TestMigration0009_CompletionEffects: a station set up with a catalogue
// from before completion effects gets new versions of the five services
// with the shipped on_complete (小孩落户 also its consent question and a
// birth date not in the future), which validate; earlier versions stay.
func TestMigration0009_CompletionEffects(t *testing.T) {
	ctx := context.Background()
	clk := &testClock{now: testStart}
	db := mustOpenPath(t, testDBPath(t), clk)
	shipped, err := forms.ParseCatalogue(assets.Catalogue)
	must(t, err)
	old, err := forms.ParseCatalogue(assets.Catalogue)
	must(t, err)
	for i := range old.Services {
		s := &old.Services[i]
		s.OnComplete = nil
		var qs []forms.Question
		for _, q := range s.Questions {
			if q.ID == "guardian_consent" {
				continue
			}
			q.NotFuture = false
			qs = append(qs, q)
		}
		s.Questions = qs
		var tps []forms.TalkingPoint
		for _, tp := range s.TalkingPoints {
			if tp.When == nil || tp.When.Fact != "answer.guardian_consent" {
				tps = append(tps, tp)
			}
		}
		s.TalkingPoints = tps
	}
	_, err = db.Setup(ctx, forms.Station{BranchCode: "qb", BranchName: "青白江人才服务中心", Payee: "青白江人才服务中心", Number: 1},
		supName, supPass, old)
	must(t, err)
	n := auditCount(t, db)
	dropAuditChainInsert(t, db)
	sql := migrationSQL(t, 9)
	upgrade := sql[strings.Index(sql, "CREATE TEMP TABLE upgrade_0009"):]
	run := func() {
		tx, err := db.begin(ctx)
		must(t, err)
		defer tx.Rollback()
		if _, err := tx.ExecContext(ctx, upgrade); err != nil {
			t.Fatalf("migration 0009: %v", err)
		}
		must(t, tx.commit())
	}
	run()
	for _, code := range []string{"settle_past_grad", "settle_new_grad", "child_register", "move_out", "archive_transfer"} {
		cur, err := db.ServiceVersion(ctx, code, 2)
		must(t, err)
		if !reflect.DeepEqual(cur.OnComplete, shipped.Service(code).OnComplete) {
			t.Fatalf("%s v2 on_complete = %+v, want %+v", code, cur.OnComplete, shipped.Service(code).OnComplete)
		}
		if err := cur.Validate(); err != nil {
			t.Fatalf("%s v2 does not validate: %s", code, forms.ErrorMessage(err))
		}
		if prev, err := db.ServiceVersion(ctx, code, 1); err != nil || prev.OnComplete != nil {
			t.Fatalf("%s v1 changed: %+v %v", code, prev, err)
		}
		lastAudit(t, db, code, ActServiceSave)
	}
	child, err := db.ServiceVersion(ctx, "child_register", 2)
	must(t, err)
	want := shipped.Service("child_register").Questions
	if !reflect.DeepEqual(child.Questions, want) {
		t.Fatalf("child_register v2 questions = %+v\nwant %+v", child.Questions, want)
	}
	if got := auditCount(t, db); got != n+5 {
		t.Fatalf("%d audit entries written, want 5", got-n)
	}
	run() // a restored backup migrates again: nothing new
	if got := auditCount(t, db); got != n+5 {
		t.Fatal("the migration added versions twice")
	}
}
