package forms

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestExportFileName(t *testing.T) {
	for _, c := range []struct {
		code string
		n    int64
		want string
	}{
		{"QB01", 1, "QB01-export-000001.cdx"},
		{"QB01", 3, "QB01-export-000003.cdx"},
		{"ABCD99", 123456, "ABCD99-export-123456.cdx"},
		{"XL01", 1234567, "XL01-export-1234567.cdx"},
	} {
		got := ExportFileName(c.code, c.n)
		if got != c.want {
			t.Errorf("ExportFileName(%q, %d) = %q, want %q", c.code, c.n, got, c.want)
		}
		code, n, ok := ParseExportFileName(got)
		if !ok || code != c.code || n != c.n {
			t.Errorf("ParseExportFileName(%q) = %q, %d, %v", got, code, n, ok)
		}
	}
	for _, name := range []string{"", "QB01-export-1.cdx", "QB01-export-000000.cdx", "qb01-export-000001.cdx",
		".QB01-export-000001.cdx.tmp", "QB01-export-000001.cdx.tmp", "QB1-export-000001.cdx", "counterdesk-QB01-20261123-100000.db"} {
		if code, n, ok := ParseExportFileName(name); ok {
			t.Errorf("ParseExportFileName(%q) = %q, %d, true", name, code, n)
		}
	}
}

func TestErrNothingToExport(t *testing.T) {
	err := ErrNothingToExport(3)
	if ErrorCode(err) != ENOCHANGE || err.Key != KeyNothingToExport || !IsNothingToExport(fmt.Errorf("wrapped: %w", err)) {
		t.Fatalf("%+v", err)
	}
	if want := "自第3号导出以来没有新的变动，无需导出。"; ErrorMessage(err)[:len(want)] != want {
		t.Fatalf("message %q", ErrorMessage(err))
	}
	// Neutral: it names neither the screen's button nor the command's
	// option, so both can show it (issue 15's trial: the command line was
	// told to 选择“重新写出”).
	if msg := ErrorMessage(err); strings.ContainsAny(msg, "“”") || strings.Contains(msg, "选择") || !strings.Contains(msg, "重新写出") {
		t.Errorf("message %q", msg)
	}
	if ErrorMessage(ErrNothingToExport(0)) != "本机还没有任何可导出的记录，无需导出。" {
		t.Fatalf("message %q", ErrorMessage(ErrNothingToExport(0)))
	}
	if IsNothingToExport(Errorf(ECONFLICT, "x")) || IsNothingToExport(errors.New("x")) || IsNothingToExport(nil) {
		t.Fatal("IsNothingToExport of another error")
	}
}
