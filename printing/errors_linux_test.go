//go:build linux

package printing

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"counterdesk/forms"
)

// An error box quoted xdg-open's own English ("executable file not
// found"): every error a clerk sees from printing is Chinese, names what
// to do and where the file is, and keeps the system's detail for the log.
func TestErrors_ChineseForTheClerk(t *testing.T) {
	pdf := linuxPDF(t)
	missing := filepath.Join(t.TempDir(), "none.pdf")
	for _, tc := range []struct {
		name, lp, xdg string
		call          func() error
		want          []string
		opened        bool
	}{
		{name: "NoViewer", call: func() error { return Open(pdf) },
			want: []string{"无法打开PDF阅读器", "本机没有可用的PDF阅读器，请安装后重试", pdf}},
		{name: "ViewerFails", xdg: "exit 3", call: func() error { return Open(pdf) },
			want: []string{"无法打开PDF阅读器", pdf}},
		{name: "NoViewerNoPrinter", call: func() error { return Print(pdf, "") },
			want: []string{"本机没有可用的PDF阅读器", pdf}},
		{name: "PrinterAndViewerFail", lp: "echo 'lp: The printer or class does not exist.' >&2; exit 1", xdg: "exit 4",
			call: func() error { return Print(pdf, "前台 HP") },
			want: []string{"无法打印到打印机“前台 HP”，也无法打开PDF阅读器", pdf}},
		{name: "PrinterFailsViewerOpens", lp: "exit 1", xdg: "exit 0",
			call: func() error { return Print(pdf, "") },
			want: []string{"未能直接打印到默认打印机，已改为在PDF阅读器中打开"}, opened: true},
		{name: "MissingFile", xdg: "exit 0", call: func() error { return Open(missing) },
			want: []string{"找不到要打印的文件"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fakeBin(t, tc.lp, tc.xdg)
			err := tc.call()
			if err == nil {
				t.Fatal("no error")
			}
			msg := forms.ErrorMessage(err)
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
			if english := strings.NewReplacer(pdf, "", missing, "", "PDF", "", "HP", "").Replace(msg); strings.ContainsAny(english, "abcdefghijklmnopqrstuvwxyz") {
				t.Errorf("message %q has English in it", msg)
			}
			if forms.ErrorCode(err) != forms.EINTERNAL {
				t.Errorf("code %q", forms.ErrorCode(err))
			}
			// The log line is the message followed by the system's detail.
			if _, detail, _ := strings.Cut(err.Error(), msg); strings.Trim(detail, ": ") == "" {
				t.Errorf("the log line %q lacks the system's detail", err.Error())
			}
			if got := errors.Is(err, ErrOpenedInstead); got != tc.opened {
				t.Errorf("errors.Is(ErrOpenedInstead) = %v, want %v", got, tc.opened)
			}
		})
	}
}
