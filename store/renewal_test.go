package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

// renewService is the renewal service as the shipped catalogue has it:
// 人才储备费 ¥300 a year; 档案保管费 ¥120 a year, ¥0 from 2015.
func renewService() *forms.Service {
	return &forms.Service{Code: "renew_fees", Name: "续费", ForMembers: true, Fees: []forms.Fee{
		{ID: "talent", Name: "人才储备费", Kind: forms.KindFee, Schedule: forms.ScheduleTalent,
			Table: &forms.FeeTable{Rates: []forms.FeeRate{{From: "2010-01-01", Yearly: forms.Yuan(300)}}}},
		{ID: "archive", Name: "档案保管费", Kind: forms.KindFee, Schedule: forms.ScheduleArchive,
			Table: &forms.FeeTable{Rates: []forms.FeeRate{{From: "2010-01-01", Yearly: forms.Yuan(120)}, {From: "2015-01-01"}}}},
	}}
}

func renewFixture(t *testing.T) (*fixture, *forms.Customer) {
	t.Helper()
	f := newFixture(t)
	_, err := f.db.SaveServiceVersion(context.Background(), f.sup, renewService())
	must(t, err)
	c := f.member(t, "王续费")
	c.TalentPaidThrough = time.Date(2025, 6, 30, 0, 0, 0, 0, time.Local)
	must(t, f.db.UpdateCustomer(context.Background(), f.clerk, c))
	return f, c
}

// renewalState is what a refused renewal must leave unchanged.
func renewalState(t *testing.T, f *fixture, id string) string {
	t.Helper()
	c, err := f.db.Customer(context.Background(), id)
	must(t, err)
	var receipts, renewals int
	must(t, f.db.db.QueryRow("SELECT count(*) FROM receipts").Scan(&receipts))
	must(t, f.db.db.QueryRow("SELECT count(*) FROM renewals").Scan(&renewals))
	return forms.FormatDate(c.TalentPaidThrough) + "|" + forms.FormatDate(c.ArchivePaidThrough) + "|" +
		strings.Repeat("r", receipts) + "|" + strings.Repeat("n", renewals) + "|" + strings.Repeat("a", auditCount(t, f.db))
}

func TestRenewAdvancesPaidThroughWithTheReceipt(t *testing.T) {
	f, c := renewFixture(t)
	ctx := context.Background()
	r, err := f.db.Renew(ctx, f.clerk, c.ID, forms.RenewalRequest{Service: "renew_fees", Fees: []string{"talent", "archive"}, Months: 24},
		forms.Payment{Method: forms.PayCash})
	must(t, err)
	var got []string
	for _, l := range r.Lines {
		got = append(got, l.Text+" · "+l.Amount.String())
	}
	want := []string{
		"人才储备费 2025-07-01 至 2027-06-30 · ¥600.00",
		// Never paid: from member-since 2020-07-01, at ¥0 since 2015.
		"档案保管费 2020-07-01 至 2022-06-30 · ¥0.00",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("receipt lines =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if r.Total != forms.Yuan(600) || r.Number != "QB01-2026-000001" {
		t.Errorf("receipt %s total %s", r.Number, r.Total)
	}
	after, err := f.db.Customer(ctx, c.ID)
	must(t, err)
	if forms.FormatDate(after.TalentPaidThrough) != "2027-06-30" || forms.FormatDate(after.ArchivePaidThrough) != "2022-06-30" {
		t.Errorf("paid through %s / %s", forms.FormatDate(after.TalentPaidThrough), forms.FormatDate(after.ArchivePaidThrough))
	}
	if e := lastAudit(t, f.db, c.ID, ActFeeRenew); !strings.Contains(e.Note, r.Number) {
		t.Errorf("audit note %q", e.Note)
	}
	stored, err := f.db.Receipt(ctx, r.ID)
	must(t, err)
	if len(stored.Lines) != 2 || stored.CustomerID != c.ID {
		t.Errorf("stored receipt %+v", stored)
	}
}

func TestRenewRefused(t *testing.T) {
	f, c := renewFixture(t)
	ctx := context.Background()
	outsider := &forms.Customer{Name: "赵非成员", IDNumber: testID("510113", "19900101", 901), Mobile: "13900000901"}
	must(t, f.db.CreateCustomer(ctx, f.clerk, outsider))
	left := f.member(t, "钱已迁出")
	left.MemberUntil = time.Date(2026, 3, 1, 0, 0, 0, 0, time.Local)
	left.Member = false
	if err := f.db.UpdateCustomer(ctx, f.clerk, left); err != nil {
		t.Logf("cannot record a former member here (%v); skipping that row", err)
		left = nil
	}
	cash := forms.Payment{Method: forms.PayCash}
	req := func(fees []string, months int) forms.RenewalRequest {
		return forms.RenewalRequest{Service: "renew_fees", Fees: fees, Months: months}
	}
	cases := []struct {
		name string
		cust string
		req  forms.RenewalRequest
		pay  forms.Payment
		want string
	}{
		{"non-member", outsider.ID, req([]string{"talent"}, 12), cash, "该客户不是集体户成员，不能续费"},
		{"zero years", c.ID, req([]string{"talent"}, 0), cash, "请填写续费的年数（或月数），至少1年"},
		{"no fee chosen", c.ID, req(nil, 12), cash, "请选择要续的费用"},
		{"only a zero-rate fee", c.ID, req([]string{"archive"}, 12), cash, "收费标准为0元，不需要收费"},
		{"half a year under whole years", c.ID, req([]string{"talent"}, 6), cash, "只能按整年缴纳"},
		{"mobile without reference", c.ID, req([]string{"talent"}, 12), forms.Payment{Method: forms.PayMobile}, "交易单号"},
		{"not a renewal service", c.ID, forms.RenewalRequest{Service: "archive_transfer", Fees: []string{"fee"}, Months: 12}, cash, "没有收费标准表"},
	}
	if left != nil {
		cases = append(cases, struct {
			name string
			cust string
			req  forms.RenewalRequest
			pay  forms.Payment
			want string
		}{"former member", left.ID, req([]string{"talent"}, 12), cash, "迁出集体户，不再是集体户成员，不能续费"})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := renewalState(t, f, tc.cust)
			_, err := f.db.Renew(ctx, f.clerk, tc.cust, tc.req, tc.pay)
			assertErr(t, err, forms.EINVALID, tc.want)
			if after := renewalState(t, f, tc.cust); after != before {
				t.Errorf("refused renewal changed %q to %q", before, after)
			}
		})
	}
}

func TestVoidRenewalPutsPaidThroughBack(t *testing.T) {
	f, c := renewFixture(t)
	ctx := context.Background()
	cash := forms.Payment{Method: forms.PayCash}
	one := forms.RenewalRequest{Service: "renew_fees", Fees: []string{"talent"}, Months: 12}
	first, err := f.db.Renew(ctx, f.clerk, c.ID, one, cash)
	must(t, err)
	second, err := f.db.Renew(ctx, f.clerk, c.ID, one, cash)
	must(t, err)
	if second.Lines[0].Text != "人才储备费 2026-07-01 至 2027-06-30" {
		t.Errorf("second renewal line %q", second.Lines[0].Text)
	}
	if list, err := f.db.RenewalReceipts(ctx, c.ID); err != nil || len(list) != 2 || list[0].ID != second.ID || list[1].ID != first.ID {
		t.Errorf("renewal receipts %v %v, want the second then the first", list, err)
	}

	// The first cannot go while the second builds on it.
	before := renewalState(t, f, c.ID)
	err = f.db.VoidReceipt(ctx, f.sup, first.ID, "金额开错，重开")
	assertErr(t, err, forms.ECONFLICT, "之后收据"+second.Number+"又在此基础上续至2027-06-30", "请先作废收据"+second.Number)
	if after := renewalState(t, f, c.ID); after != before {
		t.Errorf("refused void changed %q to %q", before, after)
	}
	if r, _ := f.db.Receipt(ctx, first.ID); r.Voided {
		t.Error("refused void voided the receipt")
	}

	must(t, f.db.VoidReceipt(ctx, f.sup, second.ID, "多收了一年"))
	got, err := f.db.Customer(ctx, c.ID)
	must(t, err)
	if forms.FormatDate(got.TalentPaidThrough) != "2026-06-30" {
		t.Errorf("after voiding the second: paid through %s, want 2026-06-30", forms.FormatDate(got.TalentPaidThrough))
	}
	must(t, f.db.VoidReceipt(ctx, f.sup, first.ID, "客户要求退回"))
	got, err = f.db.Customer(ctx, c.ID)
	must(t, err)
	if forms.FormatDate(got.TalentPaidThrough) != "2025-06-30" {
		t.Errorf("after voiding both: paid through %s, want 2025-06-30", forms.FormatDate(got.TalentPaidThrough))
	}
	lastAudit(t, f.db, c.ID, ActFeeRenewUndo)
}

func TestVoidRenewalNeverPaidPutsEmptyBack(t *testing.T) {
	f, _ := renewFixture(t)
	ctx := context.Background()
	c := f.member(t, "孙新成员")
	r, err := f.db.Renew(ctx, f.clerk, c.ID, forms.RenewalRequest{Service: "renew_fees", Fees: []string{"talent"}, Months: 12},
		forms.Payment{Method: forms.PayCard})
	must(t, err)
	if r.Lines[0].Text != "人才储备费 2020-07-01 至 2021-06-30" {
		t.Errorf("line %q", r.Lines[0].Text)
	}
	// The clerk corrected the date by hand since: the void says so and
	// changes nothing.
	c, err = f.db.Customer(ctx, c.ID)
	must(t, err)
	c.TalentPaidThrough = time.Date(2021, 12, 31, 0, 0, 0, 0, time.Local)
	must(t, f.db.UpdateCustomer(ctx, f.clerk, c))
	assertErr(t, f.db.VoidReceipt(ctx, f.sup, r.ID, "开错了"), forms.ECONFLICT, "现在是2021-12-31（已另行修改）")
	c.TalentPaidThrough = time.Date(2021, 6, 30, 0, 0, 0, 0, time.Local)
	must(t, f.db.UpdateCustomer(ctx, f.clerk, c))
	must(t, f.db.VoidReceipt(ctx, f.sup, r.ID, "开错了"))
	c, err = f.db.Customer(ctx, c.ID)
	must(t, err)
	if !c.TalentPaidThrough.IsZero() {
		t.Errorf("paid through %s, want empty (never paid)", forms.FormatDate(c.TalentPaidThrough))
	}
}

// A renewal service accepted as a case would be free (its fees have no
// fixed amount): refused, nothing charged.
func TestRenewalNotAcceptedAsACase(t *testing.T) {
	f, c := renewFixture(t)
	ctx := context.Background()
	k, _, err := f.db.OpenCase(ctx, f.clerk, c.ID, "renew_fees")
	must(t, err)
	before := renewalState(t, f, c.ID)
	_, _, _, err = f.db.AcceptCase(ctx, f.clerk, k.ID, forms.Payment{Method: forms.PayCash}, time.Time{})
	assertErr(t, err, forms.EINVALID, "不能按受理单受理", "请在客户资料中选择“续费”办理")
	if after := renewalState(t, f, c.ID); after != before {
		t.Errorf("refused accept changed %q to %q", before, after)
	}
}

// A former member who rejoined (member 2015 to 2020-03-01, paid to
// 2020-02-29, member again from 2026-11-23) is charged from the day of
// rejoining, not ¥2,100 for the years away; the ¥0 archive fee paid along
// advances at ¥0.
func TestRenewRejoinedMemberOwesFromRejoining(t *testing.T) {
	f, c := renewFixture(t)
	ctx := context.Background()
	c.MemberSince = time.Date(2026, 11, 23, 0, 0, 0, 0, time.Local)
	c.TalentPaidThrough = time.Date(2020, 2, 29, 0, 0, 0, 0, time.Local)
	c.ArchivePaidThrough = time.Date(2014, 12, 31, 0, 0, 0, 0, time.Local)
	must(t, f.db.UpdateCustomer(ctx, f.clerk, c))
	r, err := f.db.Renew(ctx, f.clerk, c.ID, forms.RenewalRequest{Service: "renew_fees", Fees: []string{"talent", "archive"}, Months: 12},
		forms.Payment{Method: forms.PayCash})
	must(t, err)
	var got []string
	for _, l := range r.Lines {
		got = append(got, l.Text+" · "+l.Amount.String())
	}
	want := []string{"人才储备费 2026-11-23 至 2027-11-22 · ¥300.00", "档案保管费 2026-11-23 至 2027-11-22 · ¥0.00"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") || r.Total != forms.Yuan(300) {
		t.Errorf("receipt %s lines =\n%s\nwant\n%s", r.Total, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	after, err := f.db.Customer(ctx, c.ID)
	must(t, err)
	if forms.FormatDate(after.TalentPaidThrough) != "2027-11-22" || forms.FormatDate(after.ArchivePaidThrough) != "2027-11-22" {
		t.Errorf("paid through %s / %s", forms.FormatDate(after.TalentPaidThrough), forms.FormatDate(after.ArchivePaidThrough))
	}
}
