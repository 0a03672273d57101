package ui

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"counterdesk/forms"
)

// TestApproval_LockMessageWidth: the lock-out message in the approval
// dialog wrapped mid-phrase in a narrow column ("请在 15" / "分钟后再试").
// Now it is wrapped by 禁则 at the dialog's full width: at most three lines,
// none cut inside "15 分钟", inside the dialog, which fits 1280×720. With
// APPROVAL_SHOT set to a folder the window is saved there as a PNG.
func TestApproval_LockMessageWidth(t *testing.T) {
	h := newHarness(t)
	clerkLoggedIn(t, h)
	h.app.win.Resize(fyne.NewSize(1280, 720))
	db := h.db
	for i := 0; i < forms.MaxFailures; i++ {
		h.app.withSupervisor(T("主管核对日结"), func(ctx context.Context, a forms.Actor) error {
			_, err := db.Backup(ctx, a, "manual")
			return err
		}, nil)
		h.wait()
		h.approve("wrong-password")
		if i < forms.MaxFailures-1 {
			h.app.approval.dialog.Hide()
		}
	}
	ap := h.app.approval
	if !strings.Contains(ap.message.Text, "此姓名的批准已锁定，请在 15 分钟后再试") {
		t.Fatalf("message %q", ap.message.Text)
	}
	h.wait()
	lines := ap.message.Lines()
	if len(lines) < 2 || len(lines) > 3 {
		t.Fatalf("message in %d lines: %q", len(lines), lines)
	}
	for i, l := range lines {
		if strings.HasSuffix(strings.TrimSpace(l), "15") || strings.HasPrefix(strings.TrimSpace(l), "分钟") {
			t.Fatalf("line %d cuts “15 分钟”: %q", i, lines)
		}
	}
	if w := ap.message.Size().Width; w < messageMaxWidth-1 {
		t.Fatalf("message %v wide, want the dialog's %v", w, messageMaxWidth)
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(ap.message)
	if btn := fyne.CurrentApp().Driver().AbsolutePositionForObject(ap.approve); pos.Y+ap.message.Size().Height > btn.Y {
		t.Fatalf("message (%v, height %v) runs under the 批准 button at %v", pos, ap.message.Size().Height, btn)
	}
	if sz := ap.message.Size(); pos.X < 0 || pos.Y < 0 || pos.X+sz.Width > 1280 || pos.Y+sz.Height > 720 {
		t.Fatalf("message at %v size %v is off the 1280×720 window", pos, sz)
	}
	if dir := os.Getenv("APPROVAL_SHOT"); dir != "" {
		f, err := os.Create(filepath.Join(dir, "approval-locked.png"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, h.app.win.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
	}
}
