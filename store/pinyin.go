package store

// Pinyin readings of names, for the search by full pinyin (wangfang) and by
// initials (wf): see the top of search.go for the index terms they become.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
)

// maxNameReadings bounds how many readings of one name are indexed. Each
// character is read as go-pinyin reads it first, except the characters of
// nameHeteronyms, which have several readings in use in names (乐 lè/yuè,
// 长 cháng/zhǎng), the characters go-pinyin does not know (rareReadings),
// and the surname at the start (surnameReadings): a single-character
// surname is read first as a surname (单 shàn), then as the character is
// otherwise read (单 dān, chán), since a clerk may not know the surname's
// reading (单田芳 is found by shantianfang and dantianfang). A compound
// surname (尉迟 yùchí) is read only as the compound. A name with such
// characters is indexed under each combination of their readings, cheapest
// first, where a combination costs the sum of its characters' reading
// ranks (rank 0 the first listed). So the usual reading always wins, then
// every reading that differs from it in one character, and so on, up to
// maxNameReadings in all. When the bound cuts among readings of equal cost,
// those that depart from the usual reading earlier in the name win: the
// surname's other readings (单 dān) before a given name's (长 zhǎng).
// go-pinyin's other readings of a character (王 yù, 平 bìng, 英 yāng) are
// not indexed: they are never names' readings, and each would double the
// terms of half the names and find the wrong people.
const maxNameReadings = 4

// nameHeteronyms are the characters (多音字) found in names with more than
// one reading in use, the usual one in a given name first.
var nameHeteronyms = map[rune][]string{
	'乐': {"le", "yue"}, '长': {"chang", "zhang"}, '行': {"xing", "hang"}, '重': {"zhong", "chong"},
	'朝': {"zhao", "chao"}, '传': {"chuan", "zhuan"}, '觉': {"jue", "jiao"}, '参': {"shen", "can"},
	'都': {"du", "dou"}, '藏': {"zang", "cang"}, '会': {"hui", "kuai"}, '柏': {"bai", "bo"},
	'茜': {"qian", "xi"}, '莎': {"sha", "suo"}, '晟': {"sheng", "cheng"}, '蔚': {"wei", "yu"},
	'大': {"da", "dai"}, '颉': {"jie", "xie"}, '栎': {"li", "yue"}, '奇': {"qi", "ji"},
	'炅': {"jiong", "gui"}, '伽': {"jia", "qie", "ga"}, '厦': {"xia", "sha"}, '汤': {"tang", "shang"},
	'贾': {"jia", "gu"}, '纶': {"lun", "guan"}, '便': {"bian", "pian"}, '似': {"si", "shi"},
	'露': {"lu", "lou"}, '杉': {"shan", "sha"}, '角': {"jiao", "jue"}, '阿': {"a", "e"},
	'扎': {"zha", "za"}, '提': {"ti", "di"}, '和': {"he", "huo"}, '单': {"dan", "shan", "chan"},
	'曾': {"ceng", "zeng"}, '解': {"jie", "xie"}, '区': {"qu", "ou"}, '仇': {"chou", "qiu"},
	'查': {"cha", "zha"}, '盖': {"gai", "ge"}, '缪': {"miao", "mou", "miu"}, '翟': {"zhai", "di"},
	'朴': {"pu", "piao"}, '覃': {"tan", "qin"}, '省': {"sheng", "xing"}, '降': {"jiang", "xiang"},
	'尉': {"wei", "yu"}, '秘': {"mi", "bi"}, '番': {"fan", "pan"}, '卜': {"bu", "bo"},
	'率': {"shuai", "lv"}, '弹': {"dan", "tan"}, '调': {"diao", "tiao"}, '还': {"huan", "hai"},
	'种': {"zhong", "chong"}, '宿': {"su", "xiu"}, '薄': {"bo", "bao"}, '落': {"luo", "la"},
	'系': {"xi", "ji"}, '度': {"du", "duo"}, '石': {"shi", "dan"}, '折': {"zhe", "she"},
	'卡': {"ka", "qia"}, '祭': {"ji", "zhai"}, '员': {"yuan", "yun"}, '繁': {"fan", "po"},
	'能': {"neng", "nai"}, '句': {"ju", "gou"}, '藉': {"jie", "ji"}, '贲': {"ben", "bi"},
	'洗': {"xi", "xian"}, '隗': {"kui", "wei"}, '黑': {"hei", "he"}, '召': {"zhao", "shao"},
	'万': {"wan", "mo"}, '俟': {"si", "qi"}, '澹': {"dan", "tan"}, '沈': {"shen", "chen"},
	'佘': {"she"}, '叶': {"ye"}, '任': {"ren"}, '燕': {"yan"}, '樊': {"fan"},
	'令': {"ling"}, '血': {"xue"}, '蕃': {"fan", "bo"}, '囡': {"nan"}, '婧': {"jing"},
	'骞': {"qian"}, '炜': {"wei"}, '晗': {"han"}, '钰': {"yu"}, '怡': {"yi"}, '芃': {"peng"},
}

// rareReadings are the readings of the characters of
// assets/fonts/extra-chars.txt (names' characters beyond GB 18030-2022
// level 2) that go-pinyin v0.21.0 has no reading for, written by hand from
// the Unihan database (unicode-data, Unihan 15): 𠮷 U+20BB7 has no
// kMandarin; Unihan gives it as kSpoofingVariant of 吉 U+5409 (jí), the
// reading its bearers (吉𠮷 surnames) use. Every character of
// assets/fonts/level2-sup.txt (the 196 通用规范汉字表 characters of
// Extensions B–F) has a go-pinyin reading, so none is listed here.
// TestRareReadings fails when a character of extra-chars.txt or
// level2-sup.txt has no reading; add a line here when a character added
// there needs one (its kMandarin in
// /usr/share/unicode/Unihan_Readings.txt.bz2, without tone, ü written v).
var rareReadings = map[rune][]string{
	0x20BB7: {"ji"}, // 𠮷: kSpoofingVariant U+5409 吉 jí
}

// charReadings returns the readings of one character a name's syllable can
// take, the usual first: nameHeteronyms' for a name 多音字, else
// go-pinyin's first, else rareReadings'; nil for a character none knows.
// The result is shared: callers must not change it. go-pinyin's answer is
// remembered per character (readingCache), as go-pinyin strips the tones
// with regular expressions on every call, which made a search that ranks
// a thousand candidate names take tens of milliseconds.
func charReadings(r rune) []string {
	if h, ok := nameHeteronyms[r]; ok {
		return h
	}
	if p, ok := readingCache.Load(r); ok {
		return p.([]string)
	}
	var out []string
	if p := pinyin.SinglePinyin(r, pinyinArgs); len(p) > 0 && p[0] != "" {
		out = p[:1:1]
	} else {
		out = rareReadings[r]
	}
	readingCache.Store(r, out)
	return out
}

// readingCache holds charReadings' answer for each character asked about
// (rune → []string): at most the characters of the names stored, a few
// thousand in practice, a few dozen bytes each.
var readingCache sync.Map

// pinyinArgs asks go-pinyin for every reading (Heteronym), without tones.
// go-pinyin writes ü as v (吕 → lv), as a pinyin IME is typed.
var pinyinArgs = func() pinyin.Args {
	a := pinyin.NewArgs()
	a.Heteronym = true
	a.Style = pinyin.Normal
	return a
}()

// surnameReadings are the readings of the characters that begin a name,
// where a surname is read otherwise than the character usually is (单 is
// dān, but the surname is shàn) or where the character has several
// readings of which only some are surnames. Compound surnames (复姓) come
// first in surnameOrder so 尉迟 is read yù chí, not wèi. A character with
// two surname readings in use (乐 yuè and lè) keeps both.
var surnameReadings = map[string][][]string{
	// Compound surnames.
	"尉迟": {{"yu"}, {"chi"}},
	"万俟": {{"mo"}, {"qi"}},
	"单于": {{"chan"}, {"yu"}},
	"长孙": {{"zhang"}, {"sun"}},
	"澹台": {{"tan"}, {"tai"}},
	"乐正": {{"yue"}, {"zheng"}},
	"令狐": {{"ling"}, {"hu"}},
	"亓官": {{"qi"}, {"guan"}},
	"闾丘": {{"lv"}, {"qiu"}},
	"宰父": {{"zai"}, {"fu"}},
	"段干": {{"duan"}, {"gan"}},
	"夏侯": {{"xia"}, {"hou"}},
	"东方": {{"dong"}, {"fang"}},
	"百里": {{"bai"}, {"li"}},
	// Single surnames.
	"单": {{"shan"}},
	"曾": {{"zeng"}},
	"区": {{"ou"}},
	"仇": {{"qiu"}},
	"解": {{"xie"}},
	"朴": {{"piao"}},
	"查": {{"zha"}},
	"盖": {{"ge", "gai"}},
	"缪": {{"miao"}},
	"翟": {{"zhai"}},
	"乐": {{"yue", "le"}},
	"覃": {{"qin", "tan"}},
	"秘": {{"bi"}},
	"种": {{"chong"}},
	"折": {{"she"}},
	"召": {{"shao"}},
	"员": {{"yun"}},
	"繁": {{"po"}},
	"冼": {{"xian"}},
	"洗": {{"xian"}},
	"黑": {{"he"}},
	"隗": {{"wei"}},
	"句": {{"gou"}},
	"能": {{"nai"}},
	"尉": {{"wei"}},
	"蔚": {{"yu", "wei"}},
	"宿": {{"su"}},
	"薄": {{"bo"}},
	"谌": {{"chen", "shen"}},
	"柏": {{"bai"}},
	"重": {{"chong"}},
	"长": {{"zhang"}},
	"行": {{"xing", "hang"}},
	"华": {{"hua"}},
	"任": {{"ren"}},
	"沈": {{"shen"}},
	"叶": {{"ye"}},
	"那": {{"na"}},
	"贲": {{"ben"}},
	"祭": {{"zhai"}},
	"厍": {{"she"}},
	"都": {{"du"}},
	"车": {{"che"}},
	"曲": {{"qu"}},
	"藏": {{"zang"}},
	"占": {{"zhan"}},
	"莘": {{"shen"}},
	"相": {{"xiang"}},
	"阚": {{"kan"}},
	"纪": {{"ji"}},
	"哈": {{"ha"}},
	"殷": {{"yin"}},
	"眭": {{"sui"}},
	"石": {{"shi"}},
	"奇": {{"qi", "ji"}},
	"尹": {{"yin"}},
	"佘": {{"she"}},
	"燕": {{"yan"}},
	"应": {{"ying"}},
	"过": {{"guo"}},
	"雍": {{"yong"}},
	"朝": {{"chao"}},
	"传": {{"chuan"}},
	"卜": {{"bu"}},
	"阿": {{"a"}},
}

// surnameOrder lists the keys of surnameReadings longest first, so a
// compound surname wins over the single one it begins with.
var surnameOrder = func() []string {
	keys := make([]string, 0, len(surnameReadings))
	for k := range surnameReadings {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if d := utf8.RuneCountInString(b) - utf8.RuneCountInString(a); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	return keys
}()

// nameSyllables returns the readings of a name as syllable lists, at most
// maxNameReadings of them, the usual reading first (see maxNameReadings).
// The name is read as nameKey leaves it (lower case, without spaces and
// the separators of transliterated names). A run of ASCII letters and
// digits (Anna in a mixed name) counts as one syllable as written; any
// other character without a reading (charReadings: neither go-pinyin nor
// rareReadings has one, as ©) contributes nothing, and the rest of the
// name still reads; 𠮷 U+20BB7 reads jí (rareReadings). A name
// without any Han character that has a reading returns nil: its nameKey
// terms already serve it.
func nameSyllables(name string) [][]string {
	key := []rune(nameKey(name))
	// units[i] are the alternative readings of the i-th syllable.
	var units [][]string
	han := false
	rest := key
	keyStr := string(key)
	for _, s := range surnameOrder {
		if strings.HasPrefix(keyStr, s) {
			if utf8.RuneCountInString(s) == 1 {
				// A single surname: its surname readings, then the
				// character's ordinary ones (单 shàn, dān, chán).
				r, _ := utf8.DecodeRuneInString(s)
				u := slices.Clone(surnameReadings[s][0])
				for _, p := range charReadings(r) {
					if !slices.Contains(u, p) {
						u = append(u, p)
					}
				}
				units = append(units, u)
			} else {
				units = append(units, surnameReadings[s]...)
			}
			rest = key[utf8.RuneCountInString(s):]
			han = true
			break
		}
	}
	for i := 0; i < len(rest); i++ {
		r := rest[i]
		if isASCIIAlnum(r) {
			j := i
			for j < len(rest) && isASCIIAlnum(rest[j]) {
				j++
			}
			units = append(units, []string{string(rest[i:j])})
			i = j - 1
			continue
		}
		p := charReadings(r)
		if len(p) == 0 {
			continue // a character nobody reads (©)
		}
		units = append(units, p)
		han = true
	}
	if !han {
		return nil
	}
	type combo struct {
		syl   []string
		ranks []int // the reading rank of each syllable
		cost  int
	}
	combos := []combo{{}}
	for _, u := range units {
		next := make([]combo, 0, len(combos)*len(u))
		for _, c := range combos {
			for rank, p := range u {
				next = append(next, combo{syl: append(slices.Clip(c.syl), p),
					ranks: append(slices.Clip(c.ranks), rank), cost: c.cost + rank})
			}
		}
		// Among equal costs, the one departing from the usual reading
		// earlier wins (ranks compared from the first character, the
		// higher first): the surname's alternatives before a given
		// name's. Keeping the best prefixes keeps the best whole
		// readings, as costs only add up and the order of two prefixes
		// decides that of their extensions by equal ranks.
		slices.SortStableFunc(next, func(a, b combo) int {
			if a.cost != b.cost {
				return a.cost - b.cost
			}
			return slices.Compare(b.ranks, a.ranks)
		})
		combos = next[:min(len(next), maxNameReadings)]
	}
	out := make([][]string, len(combos))
	for i, c := range combos {
		out[i] = c.syl
	}
	return out
}

// nameReadings returns the full pinyin (wangfang) and the initials (wf) of
// every reading of a name (see nameSyllables: at most maxNameReadings, the
// usual one first; a surname read as a surname first, then as the
// character ordinarily is), without duplicates, in
// lower-case ASCII without tones, ü written v. A name without Han
// characters returns nil, nil.
func nameReadings(name string) (full, initials []string) {
	for _, syl := range nameSyllables(name) {
		f, in := strings.Join(syl, ""), syllableInitials(syl)
		if !slices.Contains(full, f) {
			full = append(full, f)
		}
		if !slices.Contains(initials, in) {
			initials = append(initials, in)
		}
	}
	return full, initials
}

// syllableInitials returns the first letter of every syllable: 王小芳 (wang
// xiao fang) is wxf, as clerks type it (zh, ch, sh count as z, c, s).
func syllableInitials(syl []string) string {
	var b strings.Builder
	for _, s := range syl {
		b.WriteByte(s[0])
	}
	return b.String()
}

// pinyinTerms returns a name's pinyin search terms: for every reading
// (nameSyllables) and every syllable boundary, y:<the full pinyin from that
// syllable on> and j:<the initials from that syllable on>, as the n: terms
// are suffixes of the name. So 王小芳 gives y:wangxiaofang, y:xiaofang,
// y:fang, j:wxf, j:xf, j:f, and a prefix query finds a name by any run of
// whole syllables (xiaof, fang) or initials (xf). Unsorted, may repeat.
func pinyinTerms(name string) []string {
	var terms []string
	for _, syl := range nameSyllables(name) {
		for i := range syl {
			terms = append(terms, "y:"+strings.Join(syl[i:], ""), "j:"+syllableInitials(syl[i:]))
		}
	}
	return terms
}

// pinyinQuery returns the form of a search key the y: and j: terms are
// searched with, and whether the key can be pinyin at all: ASCII letters
// only, once the apostrophe of xi'an is dropped and ü written v as the
// index does (nameKey already dropped spaces and made it lower case).
func pinyinQuery(key string) (string, bool) {
	key = strings.NewReplacer("'", "", "’", "", "ü", "v").Replace(key)
	if key == "" {
		return "", false
	}
	for i := 0; i < len(key); i++ {
		if c := key[i]; c < 'a' || c > 'z' {
			return "", false
		}
	}
	return key, true
}

// pinyinCuts returns where the syllable separators (' and ’) of a search
// key fall in its pinyinQuery form, as byte offsets: xi'an gives [2], a
// syllable xi then one beginning an; xian gives none.
func pinyinCuts(key string) []int {
	var cuts []int
	n := 0
	for _, r := range key {
		if r == '\'' || r == '’' {
			cuts = append(cuts, n)
			continue
		}
		n++ // pinyinQuery keeps one ASCII letter per rune (ü → v)
	}
	return cuts
}

func isASCIIAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// pinyinBackfillBatch is how many customers one backfill transaction
// indexes: small enough that a kill loses at most a moment's work (tests
// make it smaller).
var pinyinBackfillBatch = 5000

// backfillPinyin writes the pinyin terms (y:, j:) of the customers that
// were stored before the pinyin search existed (migration 0015 marks a
// database as needing it in search_backfill, row 'pinyin', with the last
// customer id done). It goes through the customers in id order, in batches
// of pinyinBackfillBatch, each its own transaction that also records how
// far it got, so a program killed midway resumes where it stopped at the
// next Open; when every customer is done the row is deleted. Customers
// stored afterwards got their terms when they were written; INSERT OR
// IGNORE makes a repeated batch harmless. It returns how many customers it
// indexed. BenchmarkBackfillPinyin: 1,000,000 customers (about 5.4 million
// terms) in 2 min 42 s on 2 cores shared with other builds (load average
// 5–7), once, at the first Open after the upgrade; 20,000 in 1.5 s.
//
// When the readings change (pinyinReadingsVersion), every customer is
// indexed again: see restartPinyinBackfill.
func (db *DB) backfillPinyin(ctx context.Context) (int, error) {
	if err := db.restartPinyinBackfill(ctx); err != nil {
		return 0, err
	}
	done := 0
	for {
		n, more, err := db.backfillPinyinBatch(ctx)
		done += n
		if err != nil || !more {
			return done, err
		}
	}
}

// pinyinReadingsVersion numbers the rules by which nameSyllables reads
// names; raise it when a change gives names readings they were not indexed
// under, so that the customers stored before are indexed again at the next
// Open. 2: 𠮷 reads jí (rareReadings) and a single surname is also read as
// the character ordinarily is (单 dān, 区 qū, 解 jiě; issue 16).
const pinyinReadingsVersion = "2"

// restartPinyinBackfill starts the pinyin backfill over from the first
// customer when the index was written by other rules than
// pinyinReadingsVersion, which it records in search_backfill, row
// 'pinyin-readings' (a row that stays; a database without it was indexed
// by version 1). Re-indexing only adds terms (INSERT OR IGNORE): a term
// indexed before stays, and is still a true reading of the name (version 2
// only adds readings; one that the bound of maxNameReadings now cuts in
// favour of a surname's ordinary reading still finds the customer, until
// the customer's name is next saved, which rewrites all its terms).
func (db *DB) restartPinyinBackfill(ctx context.Context) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var v string
	switch err := tx.QueryRowContext(ctx, "SELECT after FROM search_backfill WHERE name = 'pinyin-readings'").Scan(&v); {
	case err == nil && v == pinyinReadingsVersion:
		return nil
	case err == nil, errors.Is(err, sql.ErrNoRows):
	default:
		return fmt.Errorf("read pinyin readings version: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO search_backfill (name, after)
		VALUES ('pinyin', ''), ('pinyin-readings', ?)`, pinyinReadingsVersion); err != nil {
		return fmt.Errorf("restart pinyin backfill: %w", err)
	}
	return tx.commit()
}

// backfillPinyinLogged is backfillPinyin for Open: when it indexed any
// customer it logs how many and how long it took (a station of a million
// customers waits for it once, see BENCHMARKS.md).
func (db *DB) backfillPinyinLogged(ctx context.Context) error {
	start := time.Now()
	n, err := db.backfillPinyin(ctx)
	if n > 0 {
		log.Printf("store: indexed %d customers for the pinyin search in %v", n, time.Since(start).Round(time.Millisecond))
	}
	return err
}

// backfillPinyinBatch indexes one batch; more is false when nothing is
// left.
func (db *DB) backfillPinyinBatch(ctx context.Context) (n int, more bool, err error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return 0, false, err
	}
	defer tx.Rollback()
	var after string
	switch err := tx.QueryRowContext(ctx, "SELECT after FROM search_backfill WHERE name = 'pinyin'").Scan(&after); {
	case err == nil:
	case errors.Is(err, sql.ErrNoRows):
		return 0, false, nil
	default:
		return 0, false, fmt.Errorf("read pinyin backfill progress: %w", err)
	}
	rows, err := tx.QueryContext(ctx, "SELECT id, name FROM customers WHERE id > ? ORDER BY id LIMIT ?", after, pinyinBackfillBatch)
	if err != nil {
		return 0, false, fmt.Errorf("read customers for the pinyin backfill: %w", err)
	}
	type cust struct{ id, name string }
	var cs []cust
	for rows.Next() {
		var c cust
		if err := rows.Scan(&c.id, &c.name); err != nil {
			rows.Close()
			return 0, false, fmt.Errorf("read customers for the pinyin backfill: %w", err)
		}
		cs = append(cs, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, false, fmt.Errorf("read customers for the pinyin backfill: %w", err)
	}
	if len(cs) == 0 {
		if _, err := tx.ExecContext(ctx, "DELETE FROM search_backfill WHERE name = 'pinyin'"); err != nil {
			return 0, false, fmt.Errorf("finish pinyin backfill: %w", err)
		}
		return 0, false, tx.commit()
	}
	// The batch's terms in key order, through one prepared statement:
	// SQLite then appends to the pages it just wrote instead of parsing
	// every statement and jumping about the index.
	type row struct{ term, id string }
	var terms []row
	for _, c := range cs {
		for _, t := range pinyinTerms(c.name) {
			terms = append(terms, row{t, c.id})
		}
	}
	slices.SortFunc(terms, func(a, b row) int {
		if d := strings.Compare(a.term, b.term); d != 0 {
			return d
		}
		return strings.Compare(a.id, b.id)
	})
	terms = slices.Compact(terms)
	ins, err := tx.Tx.PrepareContext(ctx, "INSERT OR IGNORE INTO customer_terms (term, customer_id) VALUES (?, ?)")
	if err != nil {
		return 0, false, fmt.Errorf("insert pinyin search term: %w", err)
	}
	defer ins.Close()
	for _, t := range terms {
		if _, err := ins.ExecContext(ctx, t.term, t.id); err != nil {
			return 0, false, fmt.Errorf("insert pinyin search term: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, "UPDATE search_backfill SET after = ? WHERE name = 'pinyin'", cs[len(cs)-1].id); err != nil {
		return 0, false, fmt.Errorf("record pinyin backfill progress: %w", err)
	}
	if err := tx.commit(); err != nil {
		return 0, false, err
	}
	return len(cs), true, nil
}
