package ui

import (
	"context"
	"strings"
	"testing"

	"counterdesk/forms"

	"fyne.io/fyne/v2/test"
)

// TestComplaint_CloseNoContact (tester 18b B4): an anonymous letter with
// no phone closes with 给客户的答复 left empty (recorded as 无法答复：匿名
// 且无联系方式), and neither the close dialog nor the confirmation promise
// a call within 72 hours: the follow-up is already 无法联系.
func TestComplaint_CloseNoContact(t *testing.T) {
	h, _, _ := complaintStation(t)
	ctx := context.Background()
	c, err := h.db.RecordComplaint(ctx, h.app.actor(), forms.Complaint{Channel: forms.ChannelLetter,
		Category: forms.CategoryAttitude, Words: "窗口人员态度差。", Complexity: forms.ComplaintSimple})
	if err != nil {
		t.Fatal(err)
	}
	s := h.app.home.complaints
	d := s.open(c.ID)
	h.wait()
	if d == nil || d.c == nil {
		t.Fatal("the complaint did not open")
	}
	test.Tap(d.closeBtn)
	h.wait()
	f := d.answer
	if f == nil {
		t.Fatal("办结… did not open the dialog")
	}
	var texts []string
	for _, o := range shownObjects(h.app.win) {
		if w, ok := o.(*wrappedText); ok {
			texts = append(texts, w.Text)
		}
	}
	shown := strings.Join(texts, "\n")
	if strings.Contains(shown, "72小时") || !strings.Contains(shown, "回访将记为无法联系") {
		t.Fatalf("the close dialog says %q", shown)
	}
	f.outcome.SetSelected(f.outcome.Options[0])
	test.Tap(f.save)
	h.wait()
	if f.message.Text != "" || d.c == nil || !d.c.Closed() {
		t.Fatalf("not closed: %q", f.message.Text)
	}
	if d.c.Answer != forms.ComplaintNoContactAnswer {
		t.Fatalf("answer %q", d.c.Answer)
	}
	if st := h.app.home.status.Text; strings.Contains(st, "72小时") || !strings.Contains(st, "回访已记为无法联系") {
		t.Fatalf("status after close: %q", st)
	}
}
