package printing

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) Now() time.Time          { return c.t }
func (c *fakeClock) Advance(d time.Duration) { c.t = c.t.Add(d) }

func TestOutput_Write(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "王 芳", "printed") // spaces and Chinese, as Windows user folders have
	clock := &fakeClock{time.Date(2026, 3, 6, 9, 5, 7, 0, time.Local)}
	o := &Output{Dir: dir, Retention: 30 * 24 * time.Hour, Now: clock.Now}

	t.Run("OK", func(t *testing.T) {
		path, err := o.Write(receiptPrintout(forms.LayoutOnePage))
		if err != nil {
			t.Fatal(err)
		}
		if want := filepath.Join(dir, "20260306-090507_收据_QB01-2026-000123.pdf"); path != want {
			t.Errorf("path = %s, want %s", path, want)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(data), "%PDF-") || !strings.Contains(string(data[len(data)-32:]), "%%EOF") {
			t.Error("not a complete PDF")
		}
		info, _ := os.Stat(path)
		if !info.ModTime().Equal(clock.Now()) {
			t.Errorf("file time %v, want the clock's %v", info.ModTime(), clock.Now())
		}
	})
	t.Run("SameSecondGetsASuffix", func(t *testing.T) {
		a, err := o.Write(receiptPrintout(forms.LayoutOnePage))
		if err != nil {
			t.Fatal(err)
		}
		b, err := o.Write(receiptPrintout(forms.LayoutOnePage))
		if err != nil {
			t.Fatal(err)
		}
		if a == b || !strings.HasSuffix(a, "_QB01-2026-000123-2.pdf") || !strings.HasSuffix(b, "_QB01-2026-000123-3.pdf") {
			t.Errorf("paths %s, %s", a, b)
		}
	})
	t.Run("NameIsSanitized", func(t *testing.T) {
		p := documentPrintout("王芳")
		doc := *p.Document
		doc.Title = `《收据/发票:遗失*声明?"<>|》`
		p.Document = &doc
		path, err := o.Write(p)
		if err != nil {
			t.Fatal(err)
		}
		base := filepath.Base(path)
		if strings.ContainsAny(base, `/\:*?"<>|`) {
			t.Errorf("file name %q has characters Windows forbids", base)
		}
		if !regexp.MustCompile(`^20260306-090507_收据_发票_遗失_声明______QB01-2026-000123\.pdf$`).MatchString(base) {
			t.Errorf("file name %q", base)
		}
	})
	t.Run("FailedRenderLeavesNothing", func(t *testing.T) {
		before, _ := os.ReadDir(dir)
		if _, err := o.Write(&forms.Printout{Kind: forms.PrintReceipt, At: at}); err == nil {
			t.Fatal("Write without a receipt succeeded")
		}
		after, _ := os.ReadDir(dir)
		if len(after) != len(before) {
			t.Errorf("a failed Write left files: %d before, %d after", len(before), len(after))
		}
	})
}

func TestOutput_Prune(t *testing.T) {
	dir := t.TempDir()
	clock := &fakeClock{time.Date(2026, 3, 1, 12, 0, 0, 0, time.Local)}
	o := &Output{Dir: dir, Retention: 7 * 24 * time.Hour, Now: clock.Now}

	old, err := o.Write(receiptPrintout(forms.LayoutOnePage))
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(5 * 24 * time.Hour)
	recent, err := o.Write(voucherPrintout())
	if err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "notes.txt") // not ours: never deleted
	if err := os.WriteFile(other, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, tempPrefix+"123.tmp") // left by a crash
	if err := os.WriteFile(stale, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	ancient := clock.Now().Add(-100 * 24 * time.Hour)
	for _, f := range []string{other, stale} {
		if err := os.Chtimes(f, ancient, ancient); err != nil {
			t.Fatal(err)
		}
	}

	clock.Advance(3 * 24 * time.Hour) // old is 8 days old, recent 3
	n, err := o.Prune()
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("Prune deleted %d PDFs, want 1", n)
	}
	exists := func(p string) bool { _, err := os.Stat(p); return err == nil }
	if exists(old) {
		t.Error("the 8-day-old PDF survived")
	}
	if !exists(recent) {
		t.Error("the 3-day-old PDF was deleted")
	}
	if !exists(other) {
		t.Error("a file that is not a PDF was deleted")
	}
	if exists(stale) {
		t.Error("a stale temporary file survived")
	}

	t.Run("ZeroRetentionKeepsAll", func(t *testing.T) {
		keep := &Output{Dir: dir, Now: func() time.Time { return clock.Now().AddDate(5, 0, 0) }}
		if n, err := keep.Prune(); n != 0 || err != nil || !exists(recent) {
			t.Errorf("Prune with no retention: %d, %v", n, err)
		}
	})
	t.Run("MissingDir", func(t *testing.T) {
		o := &Output{Dir: filepath.Join(dir, "none"), Retention: time.Hour}
		if n, err := o.Prune(); n != 0 || err != nil {
			t.Errorf("Prune on a missing folder: %d, %v", n, err)
		}
	})
}

func TestFileStem(t *testing.T) {
	for in, want := range map[string]string{
		"收据_QB01-2026-000123":    "收据_QB01-2026-000123",
		`a/b\c:d*e?f"g<h>i|j`:    "a_b_c_d_e_f_g_h_i_j",
		"tab\there":              "tab_here",
		"trailing. . ":           "trailing",
		"":                       "document",
		strings.Repeat("长", 100): strings.Repeat("长", 80),
	} {
		if got := fileStem(in); got != want {
			t.Errorf("fileStem(%q) = %q, want %q", in, got, want)
		}
	}
}
