package store

import (
	"context"
	"encoding/json"
	"testing"

	"counterdesk/forms"
)

// TestSetStationDetails_FixesPrintedDetails is the clerk trial's fault: a
// station set up before 网点电话 was asked has none, and a typo in 网点全称
// or 收款单位 printed on every document for good. A supervisor corrects
// them; the change is audited and the branch code and number stay.
func TestSetStationDetails_FixesPrintedDetails(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	st, err := f.db.Station(ctx)
	must(t, err)
	if st.Phone != "" {
		t.Fatalf("fixture station has phone %q; the test needs one set up without", st.Phone)
	}
	got, err := f.db.SetStationDetails(ctx, f.sup, forms.StationDetails{
		BranchName: " 青白江区人才服务中心 ", Payee: "青白江区人才服务中心", Phone: "（0571）８７６５４３２１"})
	must(t, err)
	want := forms.StationDetails{BranchName: "青白江区人才服务中心", Payee: "青白江区人才服务中心", Phone: "0571-87654321"}
	if got.Details() != want || got.Code() != "QB01" || got.ID != st.ID {
		t.Fatalf("returned %+v, want %+v as QB01", got, want)
	}
	stored, err := f.db.Station(ctx)
	must(t, err)
	if stored.Details() != want || stored.Code() != "QB01" {
		t.Fatalf("stored %+v, want %+v as QB01", stored, want)
	}
	e := lastAudit(t, f.db, st.ID, ActStationChange)
	var before, after forms.StationDetails
	must(t, json.Unmarshal([]byte(e.Before), &before))
	must(t, json.Unmarshal([]byte(e.After), &after))
	if before != st.Details() || after != want || e.UserID != f.sup.UserID {
		t.Errorf("audit before %+v after %+v by %s", before, after, e.UserID)
	}

	// Saving the same details again writes nothing.
	n := auditCount(t, f.db)
	_, err = f.db.SetStationDetails(ctx, f.sup, want)
	must(t, err)
	if auditCount(t, f.db) != n {
		t.Error("unchanged details left an audit entry")
	}

	// A clerk with a supervisor's approval may; the approval is recorded.
	want.Payee = "成都市青白江区人才服务中心"
	_, err = f.db.SetStationDetails(ctx, f.approved(), want)
	must(t, err)
	if e := lastAudit(t, f.db, st.ID, ActStationChange); e.ApprovedBy == "" {
		t.Error("approved change does not name the approving supervisor")
	}
}

// TestSetStationDetails_RefusesAndChangesNothing checks each refusal: its
// code, its Chinese message, and that the station and the log stay as
// they were.
func TestSetStationDetails_RefusesAndChangesNothing(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	good := forms.StationDetails{BranchName: "青白江人才服务中心", Payee: "青白江人才服务中心", Phone: "0571-87654321"}
	for _, tc := range []struct {
		name  string
		actor forms.Actor
		edit  func(*forms.StationDetails)
		code  string
		msg   string
	}{
		{"clerk without approval", f.clerk, func(*forms.StationDetails) {}, forms.EFORBIDDEN, "主管"},
		{"wrong approval", forms.Actor{UserID: f.clerk.UserID, ApproverName: supName, ApproverPassword: "wrong"}, func(*forms.StationDetails) {}, forms.EFORBIDDEN, "主管姓名或密码不正确"},
		{"empty branch name", f.sup, func(d *forms.StationDetails) { d.BranchName = "　" }, forms.EINVALID, "请填写网点全称"},
		{"empty payee", f.sup, func(d *forms.StationDetails) { d.Payee = "" }, forms.EINVALID, "请填写收款单位"},
		{"empty phone", f.sup, func(d *forms.StationDetails) { d.Phone = "" }, forms.EINVALID, "请填写网点电话"},
		{"letters in phone", f.sup, func(d *forms.StationDetails) { d.Phone = "0571-8765432l" }, forms.EINVALID, "网点电话中的“l”不是数字"},
		{"phone without area code", f.sup, func(d *forms.StationDetails) { d.Phone = "87654321" }, forms.EINVALID, "请加上区号"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, err := f.db.Station(ctx)
			must(t, err)
			n := auditCount(t, f.db)
			d := good
			tc.edit(&d)
			_, err = f.db.SetStationDetails(ctx, tc.actor, d)
			assertErr(t, err, tc.code, tc.msg)
			after, err := f.db.Station(ctx)
			must(t, err)
			if *after != *before {
				t.Errorf("station changed: %+v, was %+v", after, before)
			}
			if auditCount(t, f.db) != n {
				t.Error("a refused change left an audit entry")
			}
		})
	}
}
