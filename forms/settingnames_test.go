package forms

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"strconv"
	"strings"
	"testing"
)

// TestSettingNames_EveryKey: every Setting* key constant of the package
// (read from the source, so a new key cannot be forgotten) and every key
// with a default has a Chinese name, and the audit screen's record text of
// a setting change uses it, not the key ("设置 lock.idle_minutes" before).
func TestSettingNames_EveryKey(t *testing.T) {
	pkgs, err := parser.ParseDir(token.NewFileSet(), ".", func(fi fs.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, 0)
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{}
	for _, f := range pkgs["forms"].Files {
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, sp := range g.Specs {
				vs := sp.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if !strings.HasPrefix(n.Name, "Setting") || i >= len(vs.Values) {
						continue
					}
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						keys[n.Name], _ = strconv.Unquote(lit.Value)
					}
				}
			}
		}
	}
	if len(keys) < 11 {
		t.Fatalf("found only %d Setting* constants: %v", len(keys), keys)
	}
	for k := range SettingDefaults {
		keys["default "+k] = k
	}
	for c, k := range keys {
		if SettingNames[k] == "" {
			t.Errorf("%s (%q) has no Chinese name in SettingNames", c, k)
		}
	}
	got := AuditRecordText(AuditEntry{Entity: "setting", EntityID: SettingIdleLockMinutes})
	if got != "设置 无操作自动锁屏（分钟）" {
		t.Errorf("a setting change reads %q", got)
	}
	if got := SettingName("x.unknown"); got != "x.unknown" {
		t.Errorf("an unknown key reads %q", got)
	}
}

// TestParseAuditHead: a kept head hash is read whatever its case and
// spaces; anything else is refused naming the field.
func TestParseAuditHead(t *testing.T) {
	h := strings.Repeat("ab", 32)
	for _, tc := range []struct{ in, want, err string }{
		{"", "", ""},
		{"  ", "", ""},
		{h, h, ""},
		{" " + strings.ToUpper(h[:32]) + " " + h[32:] + "\n", h, ""},
		{h[:63], "", "另存的链头哈希应为 64 位十六进制数字"},
		{h[:63] + "g", "", "另存的链头哈希应为 64 位十六进制数字"},
		{h + "a", "", "现在是 65 位"},
	} {
		got, err := ParseAuditHead(tc.in)
		if tc.err == "" {
			if err != nil || got != tc.want {
				t.Errorf("%q: %q %v", tc.in, got, err)
			}
			continue
		}
		if err == nil || ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), tc.err) {
			t.Errorf("%q: want %q, got %q %v", tc.in, tc.err, got, err)
		}
	}
}
