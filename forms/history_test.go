package forms

import "testing"

// A print record's key names the document the clerk knows: a receipt by
// its number, the notice, the refund voucher by its receipt, a catalogue
// document by its title in the case's version, an outcome's print with
// the outcome's label.
func TestDocumentTitle(t *testing.T) {
	s := &Service{
		Documents: []Document{{ID: "promise", Title: "《户籍卡承诺书》"}, {ID: "decl", Title: "《遗失声明》"}},
		Outcomes:  []Outcome{{ID: "found", Label: "找到原件"}},
	}
	for _, tc := range []struct {
		key  string
		s    *Service
		want string
	}{
		{"receipt:QB01-2026-000123", s, "收据 QB01-2026-000123"},
		{"receipt:QB01-2026-000123", nil, "收据 QB01-2026-000123"},
		{"notice", s, "一次性告知单"},
		{"refund_voucher:QB01-2026-000007", s, "《保障金退还凭证》（收据 QB01-2026-000007）"},
		{"promise", s, "《户籍卡承诺书》"},
		{"decl:found", s, "《遗失声明》（找到原件）"},
		{"decl:gone", s, "《遗失声明》（gone）"},
		{"promise", nil, "promise"},
		{"removed_doc", s, "removed_doc"},
	} {
		if got := DocumentTitle(tc.key, tc.s); got != tc.want {
			t.Errorf("DocumentTitle(%q) = %q, want %q", tc.key, got, tc.want)
		}
	}
}

// TestPrintNoteText: the audit screen read "receipt:XL01-2026-000001，1份"
// and "card_promise，1份" for prints; it reads the document's title.
func TestPrintNoteText(t *testing.T) {
	s := &Service{Documents: []Document{{ID: "promise", Title: "《户籍卡承诺书》"}}}
	for _, tc := range []struct {
		note string
		s    *Service
		want string
	}{
		{PrintNote("receipt:QB01-2026-000123", 1, false), nil, "收据 QB01-2026-000123，1份"},
		{PrintNote("promise", 2, true), s, "《户籍卡承诺书》，2份（补打）"},
		{PrintNote("refund_voucher:QB01-2026-000007", 1, false), s, "《保障金退还凭证》（收据 QB01-2026-000007），1份"},
		{PrintNote("promise", 12, false), nil, "promise，12份"}, // the service unknown
		{"promise", s, "promise"}, // not a print's note
		{"promise，两份", s, "promise，两份"},
		{"promise，12", s, "promise，12"},
		{"，1份", s, "，1份"},
		{"", s, ""},
	} {
		if got := PrintNoteText(tc.note, tc.s); got != tc.want {
			t.Errorf("PrintNoteText(%q) = %q, want %q", tc.note, got, tc.want)
		}
	}
	if got := PrintNote("receipt:QB01-2026-000123", 1, true); got != "receipt:QB01-2026-000123，1份（补打）" {
		t.Errorf("PrintNote = %q", got)
	}
}

// TestBackupNoteText: the audit screen read 备份（daily） and 备份（manual）.
func TestBackupNoteText(t *testing.T) {
	for _, tc := range []struct{ note, want string }{
		{"备份（daily）已写入并检查通过：/d/b.db，SHA-256 ab", "备份（每日自动）已写入并检查通过：/d/b.db，SHA-256 ab"},
		{"备份（manual）失败：磁盘已满", "备份（手动）失败：磁盘已满"},
		{"备份（每日自动）已写入并检查通过", "备份（每日自动）已写入并检查通过"},
		{"备份（upgrade）已写入", "备份（upgrade）已写入"},
		{"daily", "daily"},
	} {
		if got := BackupNoteText(tc.note); got != tc.want {
			t.Errorf("BackupNoteText(%q) = %q, want %q", tc.note, got, tc.want)
		}
	}
	if BackupReasonLabel("daily") != "每日自动" || BackupReasonLabel("manual") != "手动" || BackupReasonLabel("x") != "x" {
		t.Error("BackupReasonLabel")
	}
}

// TestSearchNumberTooShort: 88 found nobody and said only 找到 0 位客户.
func TestSearchNumberTooShort(t *testing.T) {
	for q, want := range map[string]bool{"8": true, "88": true, "８８": true, " 8 8 ": true, "123": true,
		"1234": false, "12X": false, "王": false, "": false, "wf": false, "8a": false} {
		if got := SearchNumberTooShort(q); got != want {
			t.Errorf("SearchNumberTooShort(%q) = %v, want %v", q, got, want)
		}
	}
}
