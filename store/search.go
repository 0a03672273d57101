package store

// Customer search, designed for 1,000,000 customers answered in well under
// 20 ms as the clerk types.
//
// The common query is a two-character Chinese name ("王芳") or part of one.
// A trigram index (FTS5 trigram) cannot serve a query shorter than three
// characters, and LIKE '%…%' scans every row. So the store keeps its own
// index, customer_terms(term, customer_id) WITHOUT ROWID, primary key
// (term, customer_id), written in the same transaction as the customer:
//
//	n:<suffix>   every suffix of the normalized name (王小芳 → n:王小芳,
//	             n:小芳, n:芳), so a substring query is an indexed PREFIX
//	             range scan: term >= 'n:'+q AND term < 'n:'+q+U+10FFFF
//	i:<number>   the whole ID number, and i:<last 4>, i:<last 5>,
//	             i:<last 6> characters of it
//	p:<mobile>   the mobile number, and p:<last 4 digits>
//	y:<pinyin>   the full pinyin without tones from every syllable on, for
//	             every reading of the name (store/pinyin.go: surnames read
//	             as surnames, 单田芳 y:shantianfang y:tianfang y:fang; a
//	             name 多音字 every way, at most 4 readings)
//	j:<initials> the same syllables' initials (j:stf, j:tf, j:f)
//
// A name of k characters adds k rows and about 2k pinyin rows, an ID
// number 4 and a mobile 2, so a million customers make about fifteen
// million short rows; every query touches only the rows that match.
// Suffixes, not all substrings: every substring of the name is a prefix of
// a suffix, so k rows suffice instead of k(k+1)/2 (a substring that occurs
// twice, 芳 in 欧阳芳芳, matches two suffixes of one customer, hence
// DISTINCT).
//
// The query is normalized (forms.Normalize: full-width digits from an IME,
// the Enter a USB card reader types after the 18 characters), spaces and
// the invisible format characters copy-paste brings (forms.StripInvisible)
// are dropped and a lower-case x made upper-case. Then:
//
//	18 ID characters      exact match on customers.id_number (unique index)
//	4–6 digits (or …X)    the ID-suffix terms i:<q>, or the phone's last 4
//	                      digits p:<q>
//	11 digits             the phone p:<q>, or an ID number beginning so
//	7–17 ID characters    an ID number beginning with q (prefix range on i:)
//	1–3 digits            nothing yet: too many would match
//	anything else         a name substring: prefix range on n:<q>; when q
//	                      is ASCII letters (wf, wangfang, Wang Fang, lü
//	                      typed lv or ü; spaces and ' dropped, any case),
//	                      also the ranges y:<q> (whole syllables: wangf
//	                      and fang find 王芳, angfang does not) and
//	                      j:<q> (initials); a single letter only j:<q>,
//	                      which holds every customer y:<q> would find
//
// The matching customer ids are collected from the index first, one
// indexed SELECT DISTINCT per term or range joined by UNION (CROSS JOIN
// keeps SQLite from scanning customers instead), their names read by
// primary key in pinyin order (customers.name_sort, store/collate.go), then
// ranked in Go (searchPlan.rank): the customers whose whole name, or a
// whole reading of it (full pinyin or initials), is the query first, then
// those whose name or reading begins with it, then the rest, each group in
// pinyin order; the first limit are read whole. The pinyin syllable
// separator (xi'an, xi’an: a syllable xi, then one beginning an) is
// dropped for the index ranges, and rank drops the candidates none of
// whose readings has a syllable ending there (夏宁 xia-ning, 向 xiang).
// Each part reads at most max(5×limit, 1000) customers in term order (a
// one-character query max(limit+1, 200): searchPlan.scan), so a broad
// query — a single common character such as 王 — costs the same bounded
// work as a narrow one and shows the first matches while the clerk types
// the second character.
// BenchmarkSearchCustomers (200,000 customers, 2 cores; BENCHMARKS.md): a
// 2-character name about 0.6 ms, an ID's last 4 digits about 0.5 ms, a whole
// ID or phone under 0.2 ms, a single character about 5 ms whatever the size.
// With the pinyin terms, at 1,000,000 customers (2026-11-30, 2 cores shared
// with other builds, load average 10–16): wf 15.7 ms, wangfang 12.6 ms,
// Wang Fang 10.7 ms, w 9.1 ms, zihan 3.9 ms, 王芳 8.2 ms, 芳 9.9 ms, each
// 50 results (the limit); the same queries at 20,000 customers on the
// same machine took 1–7 ms. With the ranking (issue 16), at 200,000
// customers (load average 4–5): w 15.1 ms, xi'an 14.9 ms, 芳 10.2 ms,
// wf 9.2 ms, Wang Fang 1.9 ms, wangfang 1.5 ms, 王芳 1.4 ms.
//
// The index is rebuilt for a customer on every change: the old record's
// terms are deleted by primary key and the new ones inserted, so no
// secondary index on customer_id is needed.

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"counterdesk/forms"
)

// maxSearchLimit caps one search; the list on screen is virtual and asks
// for more as it scrolls.
const maxSearchLimit = 10000

// nameKey is the form names are indexed and searched in: normalized, lower
// case (for Latin letters), without spaces and the separators of
// transliterated names (阿卜杜·热合曼, Anna-Maria).
func nameKey(s string) string {
	s = forms.Normalize(forms.StripInvisible(s))
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r), r == '·', r == '•', r == '.', r == '-', r == '・':
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

// customerTerms returns the search terms of a customer, sorted, without
// duplicates.
func customerTerms(c *forms.Customer) []string {
	var terms []string
	name := []rune(nameKey(c.Name))
	for i := range name {
		terms = append(terms, "n:"+string(name[i:]))
	}
	terms = append(terms, pinyinTerms(c.Name)...)
	if id := c.IDNumber; id != "" {
		terms = append(terms, "i:"+id)
		for _, n := range []int{4, 5, 6} {
			if len(id) > n {
				terms = append(terms, "i:"+id[len(id)-n:])
			}
		}
	}
	if m := c.Mobile; m != "" {
		terms = append(terms, "p:"+m)
		if len(m) > 4 {
			terms = append(terms, "p:"+m[len(m)-4:])
		}
	}
	slices.Sort(terms)
	return slices.Compact(terms)
}

// writeTerms replaces a customer's old terms with the new ones, touching
// only the rows that differ.
func writeTerms(ctx context.Context, tx *txn, customerID string, old, terms []string) error {
	for _, t := range old {
		if _, found := slices.BinarySearch(terms, t); found {
			continue
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM customer_terms WHERE term = ? AND customer_id = ?", t, customerID); err != nil {
			return fmt.Errorf("delete search term: %w", err)
		}
	}
	for _, t := range terms {
		if _, found := slices.BinarySearch(old, t); found {
			continue
		}
		if _, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO customer_terms (term, customer_id) VALUES (?, ?)", t, customerID); err != nil {
			return fmt.Errorf("insert search term: %w", err)
		}
	}
	return nil
}

// searchPlan is how a query is answered: an exact ID number, exact terms, or
// a prefix range of terms.
type searchPlan struct {
	idNumber string   // exact match on customers.id_number
	terms    []string // exact terms
	prefixes []string // term prefix ranges
	key      string   // a name query as nameKey leaves it ("" for a number)
	pinyin   string   // the name query as pinyin (pinyinQuery), "" when it cannot be
	cuts     []int    // the byte offsets in pinyin where the query had a syllable separator (xi'an: 2)
}

// planSearch classifies a query as described at the top of this file.
func planSearch(query string) searchPlan {
	q := forms.Normalize(forms.StripInvisible(strings.TrimRight(query, "\r\n")))
	compact := strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r), r == '-':
			return -1
		case r == 'x':
			return 'X'
		}
		return r
	}, q)
	if isIDChars(compact) {
		n := len(compact)
		digits := !strings.HasSuffix(compact, "X")
		var p searchPlan
		switch {
		case n == 18:
			p.idNumber = compact
		case n >= 4 && n <= 6:
			p.terms = append(p.terms, "i:"+compact)
			if n == 4 && digits {
				p.terms = append(p.terms, "p:"+compact)
			}
		case n > 6 && n < 18:
			p.prefixes = append(p.prefixes, "i:"+compact)
			if n == 11 && digits {
				p.terms = append(p.terms, "p:"+compact)
			}
		}
		return p
	}
	if key := nameKey(q); key != "" {
		p := searchPlan{prefixes: []string{"n:" + key}, key: key}
		if py, ok := pinyinQuery(key); ok {
			p.pinyin, p.cuts = py, pinyinCuts(key)
			// One letter: every name with a syllable beginning so has
			// the j: term, and y: would only find the same customers.
			p.prefixes = append(p.prefixes, "j:"+py)
			if len(py) > 1 {
				p.prefixes = append(p.prefixes, "y:"+py)
			}
		}
		return p
	}
	return searchPlan{}
}

// isIDChars reports whether s is made of digits with at most a final X and
// has at least one digit: what a clerk types when searching by number.
func isIDChars(s string) bool {
	if s == "" || s == "X" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' {
			continue
		}
		if c == 'X' && i == len(s)-1 {
			continue
		}
		return false
	}
	return true
}

// SearchCustomers finds customers by name (any part of it), ID number
// (whole, or its last 4–6 characters, or its beginning) or mobile (whole or
// last 4 digits), as the clerk types or a card reader sends. It returns at
// most limit customers (50 when limit <= 0): those whose whole name (or
// a whole reading of it) is the query first, then those whose name begins
// with it, then the rest, each group in pinyin order of the names. A query
// of ASCII letters also finds names by their full pinyin (wangfang, Wang
// Fang) or initials (wf), whole syllables from any one on; an apostrophe
// (xi'an) is a syllable boundary the reading must have.
func (db *DB) SearchCustomers(ctx context.Context, query string, limit int) ([]forms.Customer, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return searchCustomers(ctx, tx, query, limit)
}

// A search reads at most max(limit×searchScanFactor, minSearchScan)
// customers per term or range: enough that every narrow query is answered
// exactly, and a broad one stays as fast as a narrow one. A one-character
// name query (芳, w) reads at most max(limit+1, minOneCharScan): it
// matches a large share of a big station (5,349 index rows for 芳 among
// 300,028 customers), each candidate costs a random read of its customer
// row for the ranking, and the clerk is asked to type more anyway (the
// customer screen says 找到200位以上客户 when the limit is reached).
// Issue 17: 芳 at the screen's limit of 200 read 1,000 candidates, 31.6–56 ms
// on the 300,028-customer station; BenchmarkTenYearsSearch.
const (
	searchScanFactor = 5
	minSearchScan    = 1000
	minOneCharScan   = 200
)

// scan is how many customers each term or range of the plan reads from the
// index at most, for a search returning at most limit (see
// searchScanFactor).
func (p searchPlan) scan(limit int) int {
	if utf8.RuneCountInString(p.key) == 1 {
		return max(limit+1, minOneCharScan)
	}
	return max(limit*searchScanFactor, minSearchScan)
}

func searchCustomers(ctx context.Context, tx *txn, query string, limit int) ([]forms.Customer, error) {
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, maxSearchLimit)
	p := planSearch(query)
	if p.idNumber != "" {
		c, err := findCustomerByIDNumber(ctx, tx, p.idNumber)
		if err != nil || c == nil {
			return nil, err
		}
		return []forms.Customer{*c}, nil
	}
	// One indexed SELECT per term or range, joined by UNION (which also
	// removes duplicates), so each part is a PRIMARY KEY lookup or range.
	var parts []string
	var args []any
	// A part reads at most p.scan(limit) customers, in term order, so a
	// single common character (王) costs the same as a rare name: the clerk
	// sees the first matches by name and is asked to type more. A range
	// counts customers, not index rows (欧阳芳芳 has n:芳 and n:芳芳).
	scan := p.scan(limit)
	for _, t := range p.terms {
		parts = append(parts, "SELECT DISTINCT customer_id FROM (SELECT customer_id FROM customer_terms WHERE term = ? LIMIT ?)")
		args = append(args, t, scan)
	}
	for _, pre := range p.prefixes {
		parts = append(parts, "SELECT customer_id FROM (SELECT DISTINCT customer_id FROM customer_terms WHERE term >= ? AND term < ? LIMIT ?)")
		args = append(args, pre, pre+"\U0010FFFF", scan)
	}
	if len(parts) == 0 {
		return nil, nil
	}
	// The candidates (at most one scan per part) in pinyin order, then
	// ranked in Go: a whole-name match first (rankMatch), and a query with
	// the syllable separator ' kept only where the syllables split there.
	rows, err := tx.QueryContext(ctx, `SELECT c.id, c.name
		FROM (`+strings.Join(parts, " UNION ")+`) t
		CROSS JOIN customers c ON c.id = t.customer_id
		ORDER BY c.name_sort, c.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("search customers: %w", err)
	}
	type cand struct {
		id   string
		rank int
	}
	var cands []cand
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return nil, fmt.Errorf("search customers: %w", err)
		}
		if r := p.rank(name); r >= 0 {
			cands = append(cands, cand{id, r})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search customers: %w", err)
	}
	// Stable: each rank keeps the pinyin order (name_sort, id).
	slices.SortStableFunc(cands, func(a, b cand) int { return a.rank - b.rank })
	cands = cands[:min(len(cands), limit)]
	if len(cands) == 0 {
		return nil, nil
	}
	ids := make([]any, len(cands))
	pos := make(map[string]int, len(cands))
	for i, c := range cands {
		ids[i] = c.id
		pos[c.id] = i
	}
	cs, err := queryCustomers(ctx, tx, `SELECT `+customerCols+` FROM customers c
		WHERE c.id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`, ids...)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(cs, func(a, b forms.Customer) int { return pos[a.ID] - pos[b.ID] })
	return cs, nil
}

// Match ranks of a name search (searchPlan.rank): the clerk who types a
// whole name sees that person first.
const (
	rankWhole  = iota // the whole name or one of its whole readings (full pinyin or initials) equals the query
	rankPrefix        // the name or one of its readings begins with the query
	rankInside        // the query matches further in (芳 in 王芳, fang in 王芳)
)

// rank returns where a candidate name found by the plan's index ranges
// belongs (rankWhole, rankPrefix, rankInside), or -1 when it does not
// match after all: a query with the syllable separator (xi'an) matches a
// reading only where a syllable ends at each separator, which the index
// (separators dropped) cannot tell. Numbers (ID, phone) are all rankWhole.
func (p searchPlan) rank(name string) int {
	if p.key == "" {
		return rankWhole
	}
	key := nameKey(name)
	best := -1
	switch {
	case key == p.key:
		return rankWhole
	case strings.HasPrefix(key, p.key):
		best = rankPrefix
	case strings.Contains(key, p.key):
		best = rankInside
	}
	if p.pinyin == "" {
		return best
	}
	for _, syl := range nameSyllables(name) {
		for i := range syl {
			if !syllablesMatch(syl[i:], p.pinyin, p.cuts) {
				continue
			}
			r := rankInside
			if i == 0 {
				r = rankPrefix
				if strings.Join(syl, "") == p.pinyin || syllableInitials(syl) == p.pinyin {
					return rankWhole
				}
			}
			if best < 0 || r < best {
				best = r
			}
		}
	}
	if best < 0 && len(p.cuts) == 0 {
		// Found by a term of an earlier reading rule that the name keeps
		// until it is next saved (restartPinyinBackfill): still a match.
		best = rankInside
	}
	return best
}

// syllablesMatch reports whether the syllables begin with the pinyin query
// q, either as initials (every letter a syllable, so separators hold) or
// as full pinyin with a syllable ending at every offset of cuts (the
// query's separators: xi'an is xi, then an…).
func syllablesMatch(syl []string, q string, cuts []int) bool {
	if strings.HasPrefix(syllableInitials(syl), q) {
		return true
	}
	full := strings.Join(syl, "")
	if !strings.HasPrefix(full, q) {
		return false
	}
	for _, c := range cuts {
		end := 0 // the first syllable end at or past c
		for _, s := range syl {
			if end += len(s); end >= c {
				break
			}
		}
		if c > 0 && end != c {
			return false
		}
	}
	return true
}
