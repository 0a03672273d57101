package ui

import (
	"encoding/json"
	"fyne.io/fyne/v2/lang"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"counterdesk/forms"
)

// translationKey is a string literal passed as the first argument of T or Tf.
type translationKey struct {
	Key  string
	Func string // "T" or "Tf"
	Pos  token.Position
}

// collectTranslationKeys parses one Go source file and returns the literal
// first arguments of its calls to T and Tf (plain identifiers, not x.T).
// src is as for parser.ParseFile: nil reads filename.
func collectTranslationKeys(fset *token.FileSet, filename string, src any) ([]translationKey, error) {
	file, err := parser.ParseFile(fset, filename, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	var keys []translationKey
	ast.Inspect(file, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			return true
		}
		fn, ok := call.Fun.(*ast.Ident)
		if !ok || (fn.Name != "T" && fn.Name != "Tf") {
			return true
		}
		if s, ok := stringConstant(call.Args[0]); ok {
			keys = append(keys, translationKey{Key: s, Func: fn.Name, Pos: fset.Position(call.Args[0].Pos())})
		}
		return true
	})
	return keys, nil
}

// collectNamedKeys parses the Go files and returns the package-level
// constants and variables given a string constant (name → value), and the
// calls of T and Tf whose first argument is a plain name (Key holds the
// name). Test files are skipped.
func collectNamedKeys(fset *token.FileSet, files []string) (map[string]string, []translationKey, error) {
	consts := map[string]string{}
	var named []translationKey
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, nil, err
		}
		for _, d := range file.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || (g.Tok != token.CONST && g.Tok != token.VAR) {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if i < len(vs.Values) {
						if s, ok := stringConstant(vs.Values[i]); ok {
							consts[name.Name] = s
						}
					}
				}
			}
		}
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			fn, ok := call.Fun.(*ast.Ident)
			if !ok || (fn.Name != "T" && fn.Name != "Tf") {
				return true
			}
			if id, ok := call.Args[0].(*ast.Ident); ok {
				named = append(named, translationKey{Key: id.Name, Func: fn.Name, Pos: fset.Position(id.Pos())})
			}
			return true
		})
	}
	return consts, named, nil
}

// stringConstant evaluates a string literal, or literals joined with +.
func stringConstant(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.ParenExpr:
		return stringConstant(e.X)
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		x, ok1 := stringConstant(e.X)
		y, ok2 := stringConstant(e.Y)
		return x + y, ok1 && ok2
	}
	return "", false
}

// uiTranslationKeys collects the keys of every non-test Go file of package ui.
func uiTranslationKeys(t *testing.T) []translationKey {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var keys []translationKey
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		k, err := collectTranslationKeys(fset, f, nil)
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k...)
	}
	// T(name) of a package-level string constant or variable (the
	// register's filters, the call's first answers): its value is a key.
	consts, named, err := collectNamedKeys(fset, files)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range named {
		if v, ok := consts[n.Key]; ok {
			n.Key = v
			keys = append(keys, n)
		}
	}
	if len(keys) < 50 {
		t.Fatalf("found only %d T/Tf keys in %v: is the extraction broken?", len(keys), files)
	}
	return keys
}

// missingTranslations returns the keys with no entry in dict, each once.
func missingTranslations(keys []translationKey, dict map[string]string) []translationKey {
	var missing []translationKey
	seen := map[string]bool{}
	for _, k := range keys {
		if _, ok := dict[k.Key]; ok || seen[k.Key] {
			continue
		}
		seen[k.Key] = true
		missing = append(missing, k)
	}
	return missing
}

// verbRE matches one fmt verb with its flags, argument index, width and
// precision; "%%" is matched too and dropped by formatVerbs.
var verbRE = regexp.MustCompile(`%[-+# 0]*(?:\[\d+\])?(?:\d+|\*)?(?:\.(?:\d+|\*)?)?(?:\[\d+\])?[a-zA-Z%]`)

// formatVerbs returns the fmt verbs of a format string in order.
func formatVerbs(format string) []string {
	var verbs []string
	for _, v := range verbRE.FindAllString(format, -1) {
		if v != "%%" {
			verbs = append(verbs, v)
		}
	}
	return verbs
}

// formatMismatches returns, for each Tf key, a description of how the verbs
// of its translation differ from the key's.
func formatMismatches(keys []translationKey, dict map[string]string) []string {
	var bad []string
	seen := map[string]bool{}
	for _, k := range keys {
		if k.Func != "Tf" || seen[k.Key] {
			continue
		}
		seen[k.Key] = true
		v, ok := dict[k.Key]
		if !ok {
			continue // reported by the coverage test
		}
		if want, got := formatVerbs(k.Key), formatVerbs(v); !slices.Equal(want, got) {
			bad = append(bad, k.Pos.String()+": "+strconv.Quote(k.Key)+" has verbs "+strings.Join(want, " ")+
				" but "+strconv.Quote(v)+" has "+strings.Join(got, " "))
		}
	}
	return bad
}

// loadTranslationFile reads a flat translation file of the embedded FS.
// Entries that are not plain strings (Fyne's plural forms) are skipped.
func loadTranslationFile(t *testing.T, name string) map[string]string {
	t.Helper()
	data, err := translations.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatalf("%s does not parse: %v", name, err)
	}
	dict := map[string]string{}
	for k, v := range raw {
		if s, ok := v.(string); ok {
			dict[k] = s
		}
	}
	return dict
}

func TestEnglishCoversEveryString(t *testing.T) {
	keys := uiTranslationKeys(t)
	en := loadTranslationFile(t, "translations/en.json")
	for _, k := range missingTranslations(keys, en) {
		t.Errorf("%s: %s(%q) has no English translation in translations/en.json", k.Pos, k.Func, k.Key)
	}
}

// TestEnglishCoversIndirectStrings checks the strings the ui passes to T
// through a variable: the forms labels and the ui's own tables of labels.
func TestEnglishCoversIndirectStrings(t *testing.T) {
	en := loadTranslationFile(t, "translations/en.json")
	var want []string
	for _, r := range []forms.Role{forms.RoleClerk, forms.RoleSupervisor} {
		want = append(want, r.Label())
	}
	for _, s := range []forms.CaseStatus{forms.CaseDraft, forms.CaseAccepted, forms.CaseWaiting, forms.CaseCompleted, forms.CaseCancelled} {
		want = append(want, s.Label())
	}
	for _, s := range []forms.DepositState{forms.DepositHeld, forms.DepositRefunded, forms.DepositForfeited, forms.DepositVoided} {
		want = append(want, s.Label())
	}
	for _, m := range forms.PaymentMethods {
		want = append(want, m.Label())
	}
	for _, m := range append([]string{forms.MaritalUnknown}, maritalValues...) {
		want = append(want, forms.MaritalLabel(m))
	}
	for _, g := range []forms.Gender{forms.GenderMale, forms.GenderFemale} {
		want = append(want, g.String())
	}
	for _, k := range []forms.IDKind{forms.IDResident, forms.IDPermitHMT, forms.IDForeignPR} {
		want = append(want, k.String())
	}
	want = append(want, depositColumns...)
	want = append(want, monthColumns...)
	for _, l := range layoutLabels {
		want = append(want, l)
	}
	for _, p := range []forms.PartYear{forms.PartYearNone, forms.PartYearMonths} {
		want = append(want, p.Label())
	}
	// Issue 18: the complaint's channel, complexity and outcome, the
	// follow-up's source, state and score names, the rating levels and
	// the report's "open" row (each passed through T where shown).
	for _, c := range forms.ComplaintChannels {
		want = append(want, c.Label())
	}
	for _, c := range []forms.ComplaintComplexity{forms.ComplaintSimple, forms.ComplaintComplex} {
		want = append(want, c.Label())
	}
	for _, o := range forms.ComplaintOutcomes {
		want = append(want, o.Label())
	}
	for _, s := range []forms.FollowUpSource{forms.FollowUpComplaint, forms.FollowUpRating, forms.FollowUpSampled} {
		want = append(want, s.Label())
	}
	for _, s := range []forms.FollowUpState{forms.FollowUpOpen, forms.FollowUpCallback, forms.FollowUpDone, forms.FollowUpUnreachable} {
		want = append(want, s.Label())
	}
	for _, l := range forms.FollowUpScale {
		want = append(want, l.Name)
	}
	for _, l := range forms.RatingLevels {
		want = append(want, l.Label())
	}
	want = append(want, forms.FollowUpCountRule)
	r, err := forms.NewServiceReport(2026, 11, testDay, nil, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, rows := range [][]forms.CountRow{r.ByChannel, r.ByOutcome} {
		for _, c := range rows {
			want = append(want, c.Label)
		}
	}
	for _, s := range want {
		if _, ok := en[s]; !ok {
			t.Errorf("%q is passed through T but has no English translation in translations/en.json", s)
		}
	}
}

func TestEnglishFormatsMatch(t *testing.T) {
	keys := uiTranslationKeys(t)
	en := loadTranslationFile(t, "translations/en.json")
	for _, m := range formatMismatches(keys, en) {
		t.Error(m)
	}
}

func TestEnglishTranslationFileIsFlat(t *testing.T) {
	data, err := translations.ReadFile("translations/en.json")
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatalf("translations/en.json does not parse: %v", err)
	}
	for k, v := range raw {
		if s, ok := v.(string); !ok || strings.TrimSpace(s) == "" {
			t.Errorf("translations/en.json: %q maps to %#v, want a non-empty string", k, v)
		}
	}
	// Fyne's own buttons stay English even on a Chinese Windows.
	for _, k := range []string{"Cancel", "Confirm", "OK", "No", "Yes", "Save", "Open", "Error", "Quit",
		"Copy", "Cut", "Paste", "Undo", "Redo", "Select all"} {
		if raw[k] != k {
			t.Errorf("translations/en.json: %q = %#v, want %q", k, raw[k], k)
		}
	}
}

func TestChineseTranslationFile(t *testing.T) {
	zh := loadTranslationFile(t, "translations/zh-Hans.json")
	for k, want := range map[string]string{"OK": "确定", "No": "否"} {
		if got := zh[k]; got != want {
			t.Errorf("translations/zh-Hans.json: %q = %q, want %q", k, got, want)
		}
	}
}

// TestTranslationCheckerFindsMissingKeys makes sure the checkers above can
// fail: a synthetic file with an untranslated key and a translation whose
// verbs differ.
func TestTranslationCheckerFindsMissingKeys(t *testing.T) {
	const src = `package ui

func f(n int, name string, x interface{ T(string) string }) {
	_ = T("已翻译")
	_ = Tf("共 %d 项，%s", n, name)
	_ = T("未翻译" + "的键")
	_ = Tf("也未翻译 %s", name)
	_ = T(name)        // not a literal: not a key
	_ = x.T("方法调用") // a method, not the package's T
	_ = T("已翻译")     // a repeat
}
`
	keys, err := collectTranslationKeys(token.NewFileSet(), "synthetic.go", src)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, k := range keys {
		got = append(got, k.Func+":"+k.Key)
	}
	want := []string{"T:已翻译", "Tf:共 %d 项，%s", "T:未翻译的键", "Tf:也未翻译 %s", "T:已翻译"}
	if !slices.Equal(got, want) {
		t.Fatalf("collected %q, want %q", got, want)
	}

	dict := map[string]string{"已翻译": "Translated", "共 %d 项，%s": "%s: %d items"}
	var missing []string
	for _, k := range missingTranslations(keys, dict) {
		missing = append(missing, k.Key)
	}
	if want := []string{"未翻译的键", "也未翻译 %s"}; !slices.Equal(missing, want) {
		t.Errorf("missing = %q, want %q", missing, want)
	}
	if k := missingTranslations(keys, dict)[0]; k.Pos.Line != 6 || k.Pos.Filename != "synthetic.go" {
		t.Errorf("missing key reported at %v, want synthetic.go:6", k.Pos)
	}

	if bad := formatMismatches(keys, dict); len(bad) != 1 || !strings.Contains(bad[0], "共 %d 项") {
		t.Errorf("formatMismatches = %q, want one complaint about the swapped verbs", bad)
	}
	dict["共 %d 项，%s"] = "%d items, %s"
	if bad := formatMismatches(keys, dict); len(bad) != 0 {
		t.Errorf("formatMismatches = %q, want none", bad)
	}
}

func TestFormatVerbs(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{"无", nil},
		{"受理单 %s · 状态：%s · 业务版本 %d", []string{"%s", "%s", "%d"}},
		{"100%% 完成 %-5.2f %[1]q %v", []string{"%-5.2f", "%[1]q", "%v"}},
	} {
		if got := formatVerbs(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("formatVerbs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestLoadLanguage switches to English and back, as the setting does at the
// next start.
func TestLoadLanguage(t *testing.T) {
	t.Cleanup(func() { _ = LoadLanguage("zh") })
	if got := T("保障金退还"); got != "保障金退还" {
		t.Fatalf("Chinese T = %q", got)
	}
	if err := LoadLanguage("en"); err != nil {
		t.Fatal(err)
	}
	if got := T("保障金退还"); got != "Deposit refunds" {
		t.Fatalf("English T = %q", got)
	}
	if got := Tf("找到 %d 位客户", 3); !strings.Contains(got, "3") || strings.Contains(got, "找到") {
		t.Fatalf("English Tf = %q", got)
	}
	if err := LoadLanguage("zh"); err != nil {
		t.Fatal(err)
	}
	if got := T("保障金退还"); got != "保障金退还" {
		t.Fatalf("back in Chinese T = %q", got)
	}
}

// TestFyneOwnStringsFollowLanguage checks Fyne's own buttons speak the
// station's language whatever the OS locale: run under LANG=C, en_US and
// zh_CN here, and in the Windows test binary under Wine with the locale
// set both ways (scripts/wine-tests.sh).
func TestFyneOwnStringsFollowLanguage(t *testing.T) {
	t.Cleanup(func() { _ = LoadLanguage("zh") })
	t.Logf("system locale: %s", lang.SystemLocale())
	if err := LoadLanguage("zh"); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{"Cancel": "取消", "OK": "确定", "No": "否", "Yes": "是", "Save": "保存"} {
		if got := lang.L(key); got != want {
			t.Errorf("Chinese: Fyne's %q reads %q, want %q", key, got, want)
		}
	}
	if err := LoadLanguage("en"); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{"Cancel": "Cancel", "OK": "OK", "No": "No"} {
		if got := lang.L(key); got != want {
			t.Errorf("English: Fyne's %q reads %q, want %q", key, got, want)
		}
	}
}
