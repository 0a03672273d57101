package store

import (
	"context"
	"testing"

	"counterdesk/forms"
)

// TestProse_ComplaintWordsVerbatim is issue 18's "the customer's words
// verbatim": the words "你们怎么回事？等了两个小时，还说材料不全！" were
// stored as "你们怎么回事?等了两个小时,还说材料不全!" because every text
// field folded full-width punctuation to ASCII. Now the words, the request
// and a step's answer go through the real database and come back exactly as
// typed (full-width digits still fold), in the complaint read back and in
// the stored column itself.
func TestProse_ComplaintWordsVerbatim(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	cust := f.member(t, "王原话")
	const words = "你们怎么回事？等了两个小时，还说材料不全！"
	c := newTestComplaint(cust.ID, forms.ComplaintSimple)
	c.Words = "\u3000" + words + " "
	c.Request = "希望：（一）说明原因；（二）今天办完，等了２小时"
	rec, err := f.db.RecordComplaint(ctx, f.clerk, c)
	must(t, err)
	got, err := f.db.Complaint(ctx, rec.ID)
	must(t, err)
	if got.Words != words {
		t.Errorf("words read back %q, want %q", got.Words, words)
	}
	if want := "希望：（一）说明原因；（二）今天办完，等了2小时"; got.Request != want {
		t.Errorf("request read back %q, want %q", got.Request, want)
	}
	var stored string
	must(t, f.db.db.QueryRow("SELECT words FROM complaints WHERE id = ?", rec.ID).Scan(&stored))
	if stored != words {
		t.Errorf("stored words %q, want %q", stored, words)
	}
	got, err = f.db.AddComplaintStep(ctx, f.clerk, rec.ID, "档案室 张三", "材料齐全，是系统故障！")
	must(t, err)
	if n := len(got.Steps); n == 0 || got.Steps[n-1].Said != "材料齐全，是系统故障！" {
		t.Errorf("step read back %+v", got.Steps)
	}
}
