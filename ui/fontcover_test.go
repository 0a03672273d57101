package ui

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"counterdesk/assets"
)

// TestScreenStrings_InUIFont: every character of every string
// the program can show — the string literals of ui, forms, store and
// cmd/counterdesk (the screens' texts, the messages the store and the rules
// give, the start-up messages) and the built-in catalogue — is in the
// bundled UI font. A character it lacks
// makes Fyne look for a system font the first time it is drawn: on the
// ten-year station the settings screen's "⚠" before a backup warning
// loaded one (8 MB more memory after log-in, 1.44× the empty window), and
// a PC without such a font shows a box. Names and addresses a clerk types
// are another matter (rarechars.go flags what the font lacks).
func TestScreenStrings_InUIFont(t *testing.T) {
	face := parseFont(t, assets.UIFont)
	// Files whose strings are not shown: forms/linebreak.go's are the
	// line-breaking rules' character classes.
	notShown := map[string]bool{filepath.Join("..", "forms", "linebreak.go"): true}
	if _, err := os.Stat("settings.go"); err != nil {
		t.Skip("the package's sources are not here (the test binary runs elsewhere)")
	}
	missing := map[rune][]string{}
	check := func(where, s string) {
		for _, r := range s {
			// Not drawn: controls, line and paragraph separators, and
			// sentinels such as U+10FFFF (store/search.go's range end).
			if !unicode.IsGraphic(r) || r == unicode.ReplacementChar {
				continue
			}
			if _, ok := face.NominalGlyph(r); !ok {
				if len(missing[r]) < 3 {
					missing[r] = append(missing[r], where)
				}
			}
		}
	}
	for _, dir := range []string{".", "../forms", "../store", "../cmd/counterdesk"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		must(t, err)
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") || notShown[file] {
				continue
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, file, nil, 0)
			must(t, err)
			ast.Inspect(f, func(n ast.Node) bool {
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				if s, err := strconv.Unquote(lit.Value); err == nil {
					check(fset.Position(lit.Pos()).String(), s)
				}
				return true
			})
		}
	}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case string:
			check("catalogue.json "+path, v)
		case []any:
			for i, e := range v {
				walk(path+"["+strconv.Itoa(i)+"]", e)
			}
		case map[string]any:
			for k, e := range v {
				walk(path+"."+k, e)
			}
		}
	}
	var cat any
	must(t, json.Unmarshal(assets.Catalogue, &cat))
	walk("", cat)

	var runes []rune
	for r := range missing {
		runes = append(runes, r)
	}
	sort.Slice(runes, func(i, j int) bool { return runes[i] < runes[j] })
	for _, r := range runes {
		t.Errorf("U+%04X %q is not in the UI font; used at %s", r, r, strings.Join(missing[r], ", "))
	}
}
