package store

import (
	"bufio"
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestRareReadings: every character of assets/fonts/extra-chars.txt (the
// characters the fonts carry beyond GB 18030-2022 level 2, 𠮷 first) and of
// assets/fonts/level2-sup.txt has a reading, so a name holding it is found
// by pinyin. Adding a character to either list without a reading in
// go-pinyin or rareReadings fails here.
func TestRareReadings(t *testing.T) {
	for _, file := range []string{"../assets/fonts/extra-chars.txt", "../assets/fonts/level2-sup.txt"} {
		fh, err := os.Open(file)
		must(t, err)
		defer fh.Close()
		sc := bufio.NewScanner(fh)
		n := 0
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			fields := strings.Fields(line)
			if len(fields) < 2 {
				t.Fatalf("%s: line %q has no character", file, line)
			}
			r, _ := utf8.DecodeRuneInString(fields[1])
			n++
			if len(charReadings(r)) == 0 {
				t.Errorf("%s: %c %U has no pinyin reading; add it to rareReadings (Unihan kMandarin)", file, r, r)
			}
		}
		must(t, sc.Err())
		if n == 0 {
			t.Fatalf("%s lists no characters", file)
		}
	}
}

// TestNameReadings_AmbiguousSurnames: a single surname is read first as a
// surname and then as the character ordinarily is, so a clerk who reads
// 单田芳 dān finds him too (issue 16); 𠮷 reads jí.
func TestNameReadings_AmbiguousSurnames(t *testing.T) {
	for _, tc := range []struct {
		name string
		full []string // every reading, in order
	}{
		{"单田芳", []string{"shantianfang", "dantianfang", "chantianfang"}},
		{"区小平", []string{"ouxiaoping", "quxiaoping"}},
		{"解缙", []string{"xiejin", "jiejin"}},
		{"曾国藩", []string{"zengguofan", "cengguofan"}},
		{"吉𠮷", []string{"jiji"}},
		// A compound surname is read only as the compound.
		{"尉迟恭", []string{"yuchigong"}},
		// The bound cuts: the surname's alternatives (cost 1: dan; cost 2:
		// chan) before the given name's at equal cost (zhang, yue).
		{"单长乐", []string{"shanchangle", "danchangle", "shanzhangle", "shanchangyue"}},
	} {
		if full, _ := nameReadings(tc.name); !slices.Equal(full, tc.full) {
			t.Errorf("nameReadings(%q) = %q, want %q", tc.name, full, tc.full)
		}
	}
}

// TestDB_SearchCustomers_AmbiguousSurnames: the examples of issue 16 are
// found by each reading, the surname's still first.
func TestDB_SearchCustomers_AmbiguousSurnames(t *testing.T) {
	f := newFixture(t)
	for _, n := range []string{"单田芳", "区小平", "解缙", "曾国藩", "吉𠮷", "吉祥"} {
		f.member(t, n)
	}
	for q, want := range map[string][]string{
		"dantianfang": {"单田芳"}, "shantianfang": {"单田芳"}, "quxiaoping": {"区小平"}, "ouxiaoping": {"区小平"},
		"jiejin": {"解缙"}, "xiejin": {"解缙"}, "zengguofan": {"曾国藩"}, "cengguofan": {"曾国藩"},
		"jiji": {"吉𠮷"}, "jj": {"吉𠮷", "解缙"},
	} {
		if got := searchNames(t, f.db, q); !slices.Equal(got, want) {
			t.Errorf("%s = %v, want %v", q, got, want)
		}
	}
}

// TestBackfillPinyin_NewReadings: customers indexed by the first readings
// (before 𠮷 read jí and 单 also dān) are indexed again at the next Open,
// once: the readings version is recorded and a second Open does nothing.
func TestBackfillPinyin_NewReadings(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	f.member(t, "吉𠮷")
	f.member(t, "单田芳")
	// As version 1 left it: the terms without the new readings, no
	// backfill row, no version row.
	_, err := f.db.db.Exec(`DELETE FROM customer_terms WHERE term IN ('y:jiji', 'y:dantianfang', 'j:jj', 'j:dtf');
		DELETE FROM search_backfill`)
	must(t, err)
	if got := searchNames(t, f.db, "jiji"); got != nil {
		t.Fatalf("before the re-index jiji found %v", got)
	}
	path := f.db.Path()
	f.db.Close()
	db := mustOpenPath(t, path, f.clk)
	for q, want := range map[string]string{"jiji": "吉𠮷", "dantianfang": "单田芳", "shantianfang": "单田芳"} {
		if got := searchNames(t, db, q); !slices.Equal(got, []string{want}) {
			t.Errorf("after reopening %s = %v, want %s", q, got, want)
		}
	}
	var v string
	must(t, db.db.QueryRow("SELECT after FROM search_backfill WHERE name = 'pinyin-readings'").Scan(&v))
	if v != pinyinReadingsVersion {
		t.Fatalf("readings version %q, want %q", v, pinyinReadingsVersion)
	}
	if n, err := db.backfillPinyin(ctx); err != nil || n != 0 {
		t.Fatalf("backfill after done = %d, %v", n, err)
	}
}
