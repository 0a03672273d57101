package store

import (
	"context"
	"testing"

	"counterdesk/forms"
)

// TestComplaint_RenamedCategoryOneName is B1 of tester round 18b: after the
// supervisor renamed a category, the month's report counted its complaints
// under the new name (按类别) while its 未办结 table, the register and the
// detail still said the old one. Every read gives the category's current
// name, so all of them and the report's tables agree.
func TestComplaint_RenamedCategoryOneName(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	saveTestCalendar(t, f)
	c, err := f.db.RecordComplaint(ctx, f.clerk, newTestComplaint("", forms.ComplaintSimple))
	must(t, err)
	if c.CategoryName != "等候时间" {
		t.Fatalf("recorded under %q", c.CategoryName)
	}
	cats, err := f.db.ComplaintCategories(ctx)
	must(t, err)
	renamed := false
	for i := range cats {
		if cats[i].Code == c.Category {
			cats[i].Name, renamed = "等候时间（含排队）", true
		}
	}
	if !renamed {
		t.Fatalf("no category %s in %v", c.Category, cats)
	}
	must(t, f.db.SetComplaintCategories(ctx, f.sup, cats))

	got, err := f.db.Complaint(ctx, c.ID)
	must(t, err)
	if got.CategoryName != "等候时间（含排队）" {
		t.Errorf("detail says %q", got.CategoryName)
	}
	list, err := f.db.Complaints(ctx, ComplaintQuery{OpenOnly: true})
	must(t, err)
	if len(list) != 1 || list[0].CategoryName != "等候时间（含排队）" {
		t.Errorf("register says %+v", list)
	}
	r, err := f.db.ServiceReport(ctx, c.ReceivedAt.Year(), c.ReceivedAt.Month())
	must(t, err)
	var names []string
	for _, row := range r.ByCategory {
		if row.Count > 0 {
			names = append(names, row.Label)
		}
	}
	if len(names) != 1 || names[0] != "等候时间（含排队）" {
		t.Errorf("按类别 counts under %v", names)
	}
	if len(r.Open) != 1 || r.Open[0].CategoryName != "等候时间（含排队）" {
		t.Errorf("未办结 table says %+v", r.Open)
	}
}
