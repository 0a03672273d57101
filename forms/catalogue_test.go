package forms_test

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"counterdesk/assets"
	"counterdesk/forms"
)

// evalDay is the fixed day the catalogue tests evaluate on.
var evalDay = time.Date(2026, 3, 15, 0, 0, 0, 0, time.Local)

// builtinPlaceholders are the placeholders Printout.Fields fills from the
// station, clerk, customer, case, deposit and receipt.
var builtinPlaceholders = []string{
	"姓名", "身份证号码", "机构名称", "收款单位", "日期", "归还日期",
	"大写", "金额", "号码", "受理单号", "经办人",
	"手机号码", "通讯地址", "工作单位", "网点电话",
}

// serviceCodes are the eight services of the specification, in catalogue order.
var serviceCodes = []string{
	"settle_past_grad", "child_register", "settle_new_grad", "archive_transfer",
	"move_out", "borrow_card", "renew_fees", "loss_declaration",
}

// idWeights and idChecks are GB 11643's MOD 11-2 weights and check characters.
var (
	idWeights = []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	idChecks  = "10X98765432"
)

// checkChar returns the check character of 17 digits.
func checkChar(body string) byte {
	sum := 0
	for i := range 17 {
		sum += int(body[i]-'0') * idWeights[i]
	}
	return idChecks[sum%11]
}

// idNumber builds a valid Hangzhou (330102) resident ID number for the birth
// date (YYYY-MM-DD) and gender: the 17th digit is odd for men, even for women.
func idNumber(birth string, g forms.Gender) string {
	seq := "012"
	if g == forms.GenderMale {
		seq = "011"
	}
	body := "330102" + strings.ReplaceAll(birth, "-", "") + seq
	return body + string(checkChar(body))
}

// person returns a normalised customer whose gender and birth date come
// from a valid ID number.
func person(t *testing.T, name, birth string, g forms.Gender) *forms.Customer {
	t.Helper()
	c := &forms.Customer{Name: name, IDNumber: idNumber(birth, g)}
	if err := c.Normalize(); err != nil {
		t.Fatalf("Normalize(%s): %v", c.IDNumber, err)
	}
	if c.Gender != g || forms.FormatDate(c.Birth) != birth {
		t.Fatalf("ID %s gives gender %q birth %s, want %q %s", c.IDNumber, c.Gender, forms.FormatDate(c.Birth), g, birth)
	}
	return c
}

// member returns a customer who is a member of the collective household.
func member(t *testing.T, name, birth string, g forms.Gender) *forms.Customer {
	c := person(t, name, birth, g)
	c.Member = true
	c.MemberSince = time.Date(2020, 6, 1, 0, 0, 0, 0, time.Local)
	return c
}

func loadCatalogue(t *testing.T) *forms.Catalogue {
	t.Helper()
	c, err := forms.ParseCatalogue(assets.Catalogue)
	if err != nil {
		t.Fatalf("ParseCatalogue: %v (%s)", err, forms.ErrorMessage(err))
	}
	return c
}

// service returns a private copy of a default service.
func service(t *testing.T, code string) *forms.Service {
	t.Helper()
	s := loadCatalogue(t).Service(code)
	if s == nil {
		t.Fatalf("service %q missing from the default catalogue", code)
	}
	return s.Clone()
}

func TestIDHelper(t *testing.T) {
	// The standard's own example number.
	if got := checkChar("11010519491231002"); got != 'X' {
		t.Fatalf("checkChar = %c, want X", got)
	}
	for _, tc := range []struct {
		birth string
		age   int
	}{
		{"2011-03-16", 14}, // the day before her 15th birthday
		{"2011-03-15", 15}, // her 15th birthday
		{"1976-03-16", 49}, // the day before her 50th birthday
		{"1976-03-15", 50}, // her 50th birthday
	} {
		c := person(t, "测试", tc.birth, forms.GenderFemale)
		if got := c.AgeOn(evalDay); got != tc.age {
			t.Errorf("born %s: age on %s = %d, want %d", tc.birth, forms.FormatDate(evalDay), got, tc.age)
		}
	}
}

func TestDefaultCatalogue_Valid(t *testing.T) {
	cat := loadCatalogue(t)
	if cat.Release != "2026.1" {
		t.Errorf("release = %q, want 2026.1", cat.Release)
	}
	var codes []string
	for _, s := range cat.Services {
		codes = append(codes, s.Code)
	}
	if !slices.Equal(codes, serviceCodes) {
		t.Fatalf("service codes = %v, want %v", codes, serviceCodes)
	}
	names := map[string]string{
		"settle_past_grad": "历届生落户", "child_register": "小孩落户", "settle_new_grad": "应届生落户",
		"archive_transfer": "转档", "move_out": "转户", "borrow_card": "借户籍卡",
		"renew_fees": "续费", "loss_declaration": "收据/发票遗失声明",
	}
	forMembers := map[string]bool{"child_register": true, "move_out": true, "borrow_card": true, "renew_fees": true}
	keepers := []string{"customer", "office", "family_planning", "finance", "counter"}
	placeholderRe := regexp.MustCompile(`［([^［］]*)］`)

	for i := range cat.Services {
		s := &cat.Services[i]
		t.Run(s.Code, func(t *testing.T) {
			if err := s.Validate(); err != nil {
				t.Fatalf("Validate: %s", forms.ErrorMessage(err))
			}
			if s.Name != names[s.Code] {
				t.Errorf("name = %q, want %q", s.Name, names[s.Code])
			}
			if s.ForMembers != forMembers[s.Code] {
				t.Errorf("ForMembers = %v, want %v", s.ForMembers, forMembers[s.Code])
			}
			if s.Summary == "" || len(s.TalkingPoints) == 0 || len(s.Requirements) == 0 {
				t.Errorf("summary, talking points and requirements must not be empty")
			}
			known := map[string]bool{}
			for _, p := range builtinPlaceholders {
				known[p] = true
			}
			for _, q := range s.Questions {
				if q.Label == "" {
					t.Errorf("question %s has no label", q.ID)
				}
				if q.Placeholder != "" {
					if known[q.Placeholder] {
						t.Errorf("question %s: placeholder ［%s］ clashes with a built-in or another question", q.ID, q.Placeholder)
					}
					known[q.Placeholder] = true
				}
				seen := map[string]bool{}
				for _, o := range q.Options {
					if o.Value == "" || o.Label == "" || seen[o.Value] {
						t.Errorf("question %s: bad or duplicate option %+v", q.ID, o)
					}
					seen[o.Value] = true
				}
			}
			for _, d := range s.Documents {
				if !strings.HasPrefix(d.Title, "《") || !strings.HasSuffix(d.Title, "》") {
					t.Errorf("document %s: title %q not in 《》", d.ID, d.Title)
				}
				if d.Body == "" || len(d.Signatures) == 0 {
					t.Errorf("document %s: body and signature lines required", d.ID)
				}
				if d.Off {
					t.Errorf("document %s is off by default", d.ID)
				}
				for _, c := range d.Copies {
					if c.Label == "" || !slices.Contains(keepers, c.Keeper) {
						t.Errorf("document %s: bad copy %+v", d.ID, c)
					}
				}
				if strings.Count(d.Body, "［") != strings.Count(d.Body, "］") {
					t.Errorf("document %s: unbalanced ［］ in body", d.ID)
				}
				for _, m := range placeholderRe.FindAllStringSubmatch(d.Body, -1) {
					if !known[m[1]] {
						t.Errorf("document %s: unknown placeholder ［%s］", d.ID, m[1])
					}
				}
			}
			for _, r := range s.Requirements {
				if r.Off {
					t.Errorf("requirement %s is off by default", r.ID)
				}
			}
			for _, f := range s.Fees {
				if f.Kind != forms.KindFee && f.Kind != forms.KindDeposit {
					t.Errorf("fee %s: kind %q", f.ID, f.Kind)
				}
			}
			// A clone is a deep, equal copy.
			if c := s.Clone(); !reflect.DeepEqual(c, s) {
				t.Errorf("Clone differs from the original")
			}
		})
	}

	// The family-planning items, and only they, can be switched off.
	switchable := map[string][]string{}
	for _, s := range cat.Services {
		for _, r := range s.Requirements {
			if r.Switchable {
				switchable[s.Code] = append(switchable[s.Code], r.ID)
			}
		}
		for _, d := range s.Documents {
			if d.Switchable {
				switchable[s.Code] = append(switchable[s.Code], d.ID)
			}
		}
	}
	wantSwitchable := map[string][]string{
		"settle_past_grad": {"fp_promise", "women_survey"},
		"settle_new_grad":  {"fp_promise", "women_survey"},
		"child_register":   {"birth_permit"},
	}
	if !reflect.DeepEqual(switchable, wantSwitchable) {
		t.Errorf("switchable items = %v, want %v", switchable, wantSwitchable)
	}

	// Deposits and fee schedules.
	for _, code := range []string{"move_out", "borrow_card"} {
		s := cat.Service(code)
		if len(s.Fees) != 1 || s.Fees[0].Kind != forms.KindDeposit || s.Fees[0].Amount != forms.Yuan(600) || s.Fees[0].When != nil {
			t.Errorf("%s fees = %+v, want one unconditional 600-yuan deposit", code, s.Fees)
		}
		if s.ReturnDays <= 0 {
			t.Errorf("%s: ReturnDays = %d", code, s.ReturnDays)
		}
	}
	if d := cat.Service("borrow_card").ReturnDays; d != 30 {
		t.Errorf("borrow_card ReturnDays = %d, want 30", d)
	}
	var schedules []string
	for _, f := range cat.Service("renew_fees").Fees {
		if f.Amount != 0 || f.Kind != forms.KindFee {
			t.Errorf("renew fee %s: amount %v kind %s, want 0 and fee", f.ID, f.Amount, f.Kind)
		}
		schedules = append(schedules, f.Schedule)
	}
	if !slices.Equal(schedules, []string{"talent_reserve", "archive"}) {
		t.Errorf("renew schedules = %v", schedules)
	}
	for _, s := range cat.Services {
		if s.Code != "move_out" && s.Code != "borrow_card" && s.ReturnDays != 0 {
			t.Errorf("%s lends nothing but has ReturnDays %d", s.Code, s.ReturnDays)
		}
	}
}

// borrowPromiseBody is the specification's default wording of the 《户籍卡承诺书》.
const borrowPromiseBody = "本人［姓名］（身份证号码：［身份证号码］）系［机构名称］集体户成员，因［用途］需要，于［日期］借用本人户籍卡一张，并交纳户籍卡保障金人民币［大写］（¥［金额］），收据号［号码］。\n" +
	"本人承诺：\n" +
	"一、户籍卡仅用于上述用途，妥善保管，不转借他人，不涂改、不损毁；\n" +
	"二、于［归还日期］前将户籍卡完好归还，逾期未还的，同意［机构名称］按规定处理保障金；\n" +
	"三、户籍卡遗失的，立即告知［机构名称］，并按公安机关规定补办，费用由本人承担；\n" +
	"四、联系电话、地址变更时及时告知。\n" +
	"归还户籍卡时凭本承诺书及保障金收据退还保障金。"

func TestDefaultCatalogue_BorrowCard(t *testing.T) {
	s := service(t, "borrow_card")
	if len(s.Documents) != 1 {
		t.Fatalf("documents = %d, want 1", len(s.Documents))
	}
	d := s.Documents[0]
	if d.ID != "card_promise" || d.Title != "《户籍卡承诺书》" {
		t.Errorf("document = %s %s", d.ID, d.Title)
	}
	if d.Body != borrowPromiseBody {
		t.Errorf("body differs from the specification's wording:\n got %q\nwant %q", d.Body, borrowPromiseBody)
	}
	wantCopies := []forms.CopyLabel{{Label: "客户留存", Keeper: "customer"}, {Label: "单位存档", Keeper: "office"}}
	if !reflect.DeepEqual(d.Copies, wantCopies) {
		t.Errorf("copies = %+v, want %+v", d.Copies, wantCopies)
	}
	if !slices.Equal(d.Signatures, []string{"承诺人", "经办人"}) {
		t.Errorf("signatures = %v", d.Signatures)
	}
	q := s.Questions[0]
	var values, labels []string
	for _, o := range q.Options {
		values = append(values, o.Value)
		labels = append(labels, o.Label)
	}
	if q.ID != "purpose" || q.Placeholder != "用途" || !q.Required || !strings.Contains(q.Hint, "转户") {
		t.Errorf("purpose question = %+v", q)
	}
	if !slices.Equal(values, []string{"passport", "marriage", "birth", "home_loan", "school", "insurance", "other"}) {
		t.Errorf("purpose options = %v", values)
	}
	for _, want := range []string{"护照", "通行证", "婚姻登记", "生育登记", "购房或贷款", "子女入学", "社保或公积金", "其他"} {
		if !strings.Contains(strings.Join(labels, "|"), want) {
			t.Errorf("purpose labels %v lack %q", labels, want)
		}
	}
	r := s.Requirements[0]
	if r.ID != "id_card" || !r.SeenOnly || r.Copies != 1 || r.Quantity() != "原件（核验后退还）、复印件1份" {
		t.Errorf("requirement = %+v (%s)", r, r.Quantity())
	}
}

// evalCase is one row of an Evaluate table. When states is nil, every
// applicable paper is expected missing and none deferred.
type evalCase struct {
	name       string
	customer   *forms.Customer
	answers    map[string]string
	states     map[string]forms.ItemState
	day        time.Time // zero: evalDay
	questions  []string
	unanswered []string
	items      []string
	missing    []string
	deferred   []string
	docs       []string
	fees       []string
	talk       []string // one distinctive phrase per talking point expected
}

func runEval(t *testing.T, s *forms.Service, cases []evalCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			day := tc.day
			if day.IsZero() {
				day = evalDay
			}
			e := s.Evaluate(tc.customer, tc.answers, day, tc.states)
			check := func(what string, got, want []string) {
				t.Helper()
				if len(got) == 0 && len(want) == 0 {
					return
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s = %v, want %v", what, got, want)
				}
			}
			check("questions", questionIDs(e.Questions), tc.questions)
			check("unanswered", questionIDs(e.Unanswered), tc.unanswered)
			check("items", itemIDs(e.Items), tc.items)
			if tc.states == nil {
				check("missing", itemIDs(e.Missing), tc.items)
				check("deferred", itemIDs(e.Deferred), nil)
			} else {
				check("missing", itemIDs(e.Missing), tc.missing)
				check("deferred", itemIDs(e.Deferred), tc.deferred)
			}
			var docs, fees []string
			for _, d := range e.Documents {
				docs = append(docs, d.ID)
			}
			for _, f := range e.Fees {
				fees = append(fees, f.ID)
			}
			check("documents", docs, tc.docs)
			check("fees", fees, tc.fees)
			checkTalk(t, s, e.TalkingPoints, tc.talk)
			wantOK := len(tc.unanswered) == 0 && len(itemIDs(e.Missing)) == 0
			if e.Acceptable() != wantOK {
				t.Errorf("Acceptable() = %v, want %v", e.Acceptable(), wantOK)
			}
		})
	}
}

// checkTalk asserts that the talking points shown are exactly those picked
// out by the phrases, each phrase naming one talking point of the service.
func checkTalk(t *testing.T, s *forms.Service, got, phrases []string) {
	t.Helper()
	var want []string
	for _, p := range phrases {
		var hits []string
		for _, tp := range s.TalkingPoints {
			if strings.Contains(tp.Text, p) {
				hits = append(hits, tp.Text)
			}
		}
		if len(hits) != 1 {
			t.Fatalf("phrase %q matches %d talking points of %s, want 1", p, len(hits), s.Code)
		}
		want = append(want, hits[0])
	}
	// Talking points come in catalogue order; compare as sets of texts.
	g, w := slices.Clone(got), slices.Clone(want)
	slices.Sort(g)
	slices.Sort(w)
	if !slices.Equal(g, w) {
		t.Errorf("talking points:\n got %q\nwant %q", got, want)
	}
}

func questionIDs(qs []forms.Question) []string {
	var ids []string
	for _, q := range qs {
		ids = append(ids, q.ID)
	}
	return ids
}

func itemIDs(items []forms.ChecklistItem) []string {
	var ids []string
	for _, i := range items {
		ids = append(ids, i.ID)
	}
	return ids
}

// Talking points common to both settlement services.
const (
	tpAgreement = "请详细填写《高级人才派遣与储备协议》"
	tpContact   = "地址变更时，请及时告知"
	tpPromise   = "帮助客户解读《承诺书》"
	tpMessaging = "当场添加客户"
)

func TestEvaluate_SettlePastGrad(t *testing.T) {
	s := service(t, "settle_past_grad")
	man := person(t, "张伟", "1996-05-20", forms.GenderMale)
	woman := person(t, "李娜", "1996-05-20", forms.GenderFemale)
	girl14 := person(t, "陈小", "2011-03-16", forms.GenderFemale) // 15 tomorrow
	girl15 := person(t, "陈十五", "2011-03-15", forms.GenderFemale)
	woman49 := person(t, "赵四九", "1976-03-16", forms.GenderFemale) // 50 tomorrow
	woman50 := person(t, "赵五十", "1976-03-15", forms.GenderFemale)

	single := map[string]string{"origin": "talent_market", "marital": "single"}
	married := map[string]string{"origin": "talent_market", "marital": "married"}
	baseQ := []string{"origin", "marital"}
	baseItems := []string{"id_copy", "household_card", "no_house_cert", "photos"}
	marriedItems := []string{"id_copy", "household_card", "no_house_cert", "no_house_cert_spouse", "photos", "marriage_cert"}
	baseDocs := []string{"agency_mandate", "acceptance_letter", "talent_agreement", "promise"}
	womenDocs := append(slices.Clone(baseDocs), "fp_promise", "women_survey")
	fpOnly := append(slices.Clone(baseDocs), "fp_promise")
	baseTalk := []string{tpAgreement, tpContact, tpPromise, tpMessaging}
	const tpUnmarried, tpChild = "未婚女性客户", "小孩出生后请在1个月内"

	runEval(t, s, []evalCase{
		{name: "man single from the talent market", customer: man, answers: single,
			questions: baseQ, items: baseItems, docs: baseDocs, talk: baseTalk},
		{name: "nothing answered", customer: man,
			questions: baseQ, unanswered: baseQ, items: baseItems, docs: baseDocs, talk: baseTalk},
		{name: "from another collective household asks how they heard of us", customer: man,
			answers:   map[string]string{"origin": "other_collective", "marital": "single"},
			questions: []string{"origin", "referral", "marital"}, unanswered: []string{"referral"},
			items: baseItems, docs: baseDocs, talk: baseTalk},
		{name: "from another collective household, channel recorded", customer: man,
			answers:   map[string]string{"origin": "other_collective", "referral": "朋友介绍", "marital": "single"},
			questions: []string{"origin", "referral", "marital"},
			items:     baseItems, docs: baseDocs, talk: baseTalk},
		{name: "stale channel answer after origin changed", customer: man,
			answers:   map[string]string{"origin": "talent_market", "referral": "朋友介绍", "marital": "single"},
			questions: baseQ, items: baseItems, docs: baseDocs, talk: baseTalk},
		{name: "married man brings both spouses' papers", customer: man, answers: married,
			questions: baseQ, items: marriedItems, docs: baseDocs,
			talk: []string{tpAgreement, tpContact, tpChild, tpPromise, tpMessaging}},
		{name: "divorced man", customer: man, answers: map[string]string{"origin": "talent_market", "marital": "divorced"},
			questions: baseQ, items: baseItems, docs: baseDocs, talk: baseTalk},
		{name: "single woman aged 29", customer: woman, answers: single,
			questions: baseQ, items: baseItems, docs: womenDocs,
			talk: []string{tpAgreement, tpContact, tpUnmarried, tpPromise, tpMessaging}},
		{name: "married woman aged 29", customer: woman, answers: married,
			questions: baseQ, items: marriedItems, docs: womenDocs,
			talk: []string{tpAgreement, tpContact, tpChild, tpPromise, tpMessaging}},
		{name: "divorced woman", customer: woman, answers: map[string]string{"origin": "talent_market", "marital": "divorced"},
			questions: baseQ, items: baseItems, docs: womenDocs, talk: baseTalk},
		{name: "woman without marital status yet", customer: woman, answers: map[string]string{"origin": "talent_market"},
			questions: baseQ, unanswered: []string{"marital"}, items: baseItems, docs: womenDocs, talk: baseTalk},
		{name: "girl the day before her 15th birthday", customer: girl14, answers: single,
			questions: baseQ, items: baseItems, docs: fpOnly,
			talk: []string{tpAgreement, tpContact, tpUnmarried, tpPromise, tpMessaging}},
		{name: "girl on her 15th birthday", customer: girl15, answers: single,
			questions: baseQ, items: baseItems, docs: womenDocs,
			talk: []string{tpAgreement, tpContact, tpUnmarried, tpPromise, tpMessaging}},
		{name: "woman the day before her 50th birthday", customer: woman49, answers: married,
			questions: baseQ, items: marriedItems, docs: womenDocs,
			talk: []string{tpAgreement, tpContact, tpChild, tpPromise, tpMessaging}},
		{name: "woman on her 50th birthday", customer: woman50, answers: married,
			questions: baseQ, items: marriedItems, docs: fpOnly,
			talk: []string{tpAgreement, tpContact, tpChild, tpPromise, tpMessaging}},
		{name: "same woman a day earlier is still 49", customer: woman50, answers: married, day: evalDay.AddDate(0, 0, -1),
			questions: baseQ, items: marriedItems, docs: womenDocs,
			talk: []string{tpAgreement, tpContact, tpChild, tpPromise, tpMessaging}},
	})
}

func TestEvaluate_ChildRegister(t *testing.T) {
	s := service(t, "child_register")
	parent := member(t, "王强", "1992-08-01", forms.GenderMale)
	born := func(daysAgo int) map[string]string {
		return map[string]string{
			"child_name": "王小宝", "child_gender": "M", "guardian_consent": "yes",
			"child_birth": forms.FormatDate(evalDay.AddDate(0, 0, -daysAgo)),
		}
	}
	allQ := []string{"child_name", "child_gender", "child_birth", "guardian_consent"}
	base := []string{"birth_cert", "birth_permit", "marriage_cert", "no_house_certs"}
	late := append(slices.Clone(base), "late_explanation", "not_registered_certs")
	docs := []string{"child_acceptance"}
	const tpInTime, tpLate, tpContact = "只需出生医学证明", "小孩已出生超过一个月", "手机号码"

	runEval(t, s, []evalCase{
		{name: "born today", customer: parent, answers: born(0),
			questions: allQ, items: base, docs: docs, talk: []string{tpInTime, tpContact}},
		// evalDay is 15 March: born 15 February is one month to the day,
		// still within one month (forms.OneMonthAfter); born 14 February is
		// a month and a day, late (28 and 29 days in a short February).
		{name: "one month to the day is within one month", customer: parent, answers: born(28),
			questions: allQ, items: base, docs: docs, talk: []string{tpInTime, tpContact}},
		{name: "a month and a day needs the explanation and both certificates", customer: parent, answers: born(29),
			questions: allQ, items: late, docs: docs, talk: []string{tpInTime, tpLate, tpContact}},
		{name: "two years old", customer: parent, answers: born(730),
			questions: allQ, items: late, docs: docs, talk: []string{tpInTime, tpLate, tpContact}},
		{name: "guardian refuses consent: the clerk is told 办结 will not go", customer: parent,
			answers:   map[string]string{"child_name": "王小宝", "child_gender": "M", "child_birth": forms.FormatDate(evalDay.AddDate(0, 0, -10)), "guardian_consent": "no"},
			questions: allQ, items: base, docs: docs, talk: []string{tpInTime, "监护人不同意保存小孩的信息，就不能办结小孩落户", tpContact}},
		{name: "birth date not answered adds no paper", customer: parent,
			answers:   map[string]string{"child_name": "王小宝", "child_gender": "M", "guardian_consent": "yes"},
			questions: allQ, unanswered: []string{"child_birth"}, items: base, docs: docs, talk: []string{tpInTime, tpContact}},
		{name: "unreadable birth date adds no paper", customer: parent,
			answers:   map[string]string{"child_name": "王小宝", "child_gender": "M", "child_birth": "上个月", "guardian_consent": "yes"},
			questions: allQ, items: base, docs: docs, talk: []string{tpInTime, tpContact}},
	})
}

func TestEvaluate_SettleNewGrad(t *testing.T) {
	s := service(t, "settle_new_grad")
	man := person(t, "刘洋", "2001-09-09", forms.GenderMale)
	woman := person(t, "周敏", "2001-09-09", forms.GenderFemale)
	woman50 := person(t, "吴老", "1976-03-15", forms.GenderFemale)
	a := func(kv ...string) map[string]string {
		m := map[string]string{"marital": "single"}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	docs := []string{"agency_mandate", "acceptance_letter", "talent_agreement", "promise"}
	womenDocs := append(slices.Clone(docs), "fp_promise", "women_survey")
	const tpCardAddr, tpMigrAddr, tpRecord, tpMarriedWoman = "报到证上的报到地址", "户口迁移证上的迁往地址", "请核对毕业去向登记记录", "毕业就结婚的女性客户"
	common := []string{tpAgreement, tpContact, tpPromise, tpMessaging}
	with := func(first ...string) []string { return append(first, common...) }
	qPre := []string{"household_type", "grad_year", "employer_in_city", "agreement_via_us", "marital"}
	qNoEmployer := []string{"household_type", "grad_year", "employer_in_city", "marital"}
	qPost := []string{"household_type", "grad_year", "employer_in_city", "destination_no", "marital"}

	runEval(t, s, []evalCase{
		{name: "school household, 2021, employer in the city, agreement through us", customer: man,
			answers:   a("household_type", "school", "grad_year", "2021", "employer_in_city", "yes", "agreement_via_us", "yes"),
			questions: qPre,
			items:     []string{"graduation_cert", "registration_card", "migration_cert", "id_copy", "photos"},
			docs:      docs, talk: with(tpCardAddr, tpMigrAddr)},
		{name: "school household, 2021, agreement not through us: adjustment form in triplicate", customer: man,
			answers:   a("household_type", "school", "grad_year", "2021", "employer_in_city", "yes", "agreement_via_us", "no"),
			questions: qPre,
			items:     []string{"graduation_cert", "registration_card", "adjustment_form", "migration_cert", "id_copy", "photos"},
			docs:      docs, talk: with(tpCardAddr, tpMigrAddr)},
		{name: "school household, 2021, agreement question unanswered", customer: man,
			answers:   a("household_type", "school", "grad_year", "2021", "employer_in_city", "yes"),
			questions: qPre, unanswered: []string{"agreement_via_us"},
			items: []string{"graduation_cert", "registration_card", "migration_cert", "id_copy", "photos"},
			docs:  docs, talk: with(tpCardAddr, tpMigrAddr)},
		{name: "home household, 2022, employer in the city, not through us", customer: man,
			answers:   a("household_type", "home", "grad_year", "2022", "employer_in_city", "yes", "agreement_via_us", "no"),
			questions: qPre,
			items:     []string{"graduation_cert", "degree_cert", "registration_card", "adjustment_form", "household_book", "id_copy", "photos"},
			docs:      docs, talk: with(tpCardAddr)},
		{name: "home household, 2022, employer outside the city: no 报到证", customer: man,
			answers:   a("household_type", "home", "grad_year", "2022", "employer_in_city", "no"),
			questions: qNoEmployer,
			items:     []string{"graduation_cert", "degree_cert", "household_book", "id_copy", "photos"},
			docs:      docs, talk: common},
		{name: "stale agreement answer after the employer moved outside the city", customer: man,
			answers:   a("household_type", "school", "grad_year", "2021", "employer_in_city", "no", "agreement_via_us", "no"),
			questions: qNoEmployer,
			items:     []string{"graduation_cert", "migration_cert", "id_copy", "photos"},
			docs:      docs, talk: with(tpMigrAddr)},
		{name: "2023 graduate: destination record instead of 报到证, stale agreement answer ignored", customer: man,
			answers:   a("household_type", "school", "grad_year", "2023", "employer_in_city", "yes", "destination_no", "3301202312345", "agreement_via_us", "no"),
			questions: qPost,
			items:     []string{"graduation_cert", "destination_record", "migration_cert", "id_copy", "photos"},
			docs:      docs, talk: with(tpMigrAddr, tpRecord)},
		{name: "2024 graduate without the registration number", customer: man,
			answers:   a("household_type", "home", "grad_year", "2024", "employer_in_city", "yes"),
			questions: qPost, unanswered: []string{"destination_no"},
			items: []string{"graduation_cert", "degree_cert", "destination_record", "household_book", "id_copy", "photos"},
			docs:  docs, talk: with(tpRecord)},
		{name: "nothing answered", customer: man,
			questions: qNoEmployer, unanswered: qNoEmployer,
			items: []string{"graduation_cert", "id_copy", "photos"}, docs: docs, talk: common},
		{name: "single woman graduate gets the women's forms", customer: woman,
			answers:   a("household_type", "home", "grad_year", "2025", "employer_in_city", "no"),
			questions: qNoEmployer,
			items:     []string{"graduation_cert", "degree_cert", "household_book", "id_copy", "photos"},
			docs:      womenDocs, talk: common},
		{name: "married woman graduate is reminded of the 准生证", customer: woman,
			answers:   a("household_type", "home", "grad_year", "2025", "employer_in_city", "no", "marital", "married"),
			questions: qNoEmployer,
			items:     []string{"graduation_cert", "degree_cert", "household_book", "id_copy", "photos"},
			docs:      womenDocs, talk: []string{tpAgreement, tpContact, tpMarriedWoman, tpPromise, tpMessaging}},
		{name: "woman graduate aged 50 signs the 承诺书 but not the survey", customer: woman50,
			answers:   a("household_type", "home", "grad_year", "2025", "employer_in_city", "no"),
			questions: qNoEmployer,
			items:     []string{"graduation_cert", "degree_cert", "household_book", "id_copy", "photos"},
			docs:      append(slices.Clone(docs), "fp_promise"), talk: common},
	})
}

func TestEvaluate_ArchiveTransfer(t *testing.T) {
	s := service(t, "archive_transfer")
	man := person(t, "孙杰", "1999-01-02", forms.GenderMale)
	const tpForgot, tpSubstitute, tpReform, tpFee = "忘记", "也可以用它代替", "2023年起毕业的", "档案保管费"
	docs := []string{"transfer_letter"}
	runEval(t, s, []evalCase{
		{name: "2021 graduate in 2026 still needs the 就业调整表", customer: man,
			answers:   map[string]string{"grad_unit": "杭州某某科技有限公司", "grad_year": "2021"},
			questions: []string{"grad_unit", "grad_year"},
			items:     []string{"id_card", "adjustment_form"}, docs: docs,
			talk: []string{tpForgot, tpSubstitute, tpFee}},
		{name: "2022 graduate", customer: man,
			answers:   map[string]string{"grad_unit": "杭州某某科技有限公司", "grad_year": "2022"},
			questions: []string{"grad_unit", "grad_year"},
			items:     []string{"id_card", "adjustment_form"}, docs: docs,
			talk: []string{tpForgot, tpSubstitute, tpFee}},
		{name: "2023 graduate needs the release, not the 就业调整表", customer: man,
			answers:   map[string]string{"grad_unit": "杭州某某科技有限公司", "grad_year": "2023", "destination_no": "3301202300001"},
			questions: []string{"grad_unit", "grad_year", "destination_no"},
			items:     []string{"id_card", "release_proof"}, docs: docs,
			talk: []string{tpForgot, tpReform, tpFee}},
		{name: "2023 graduate without the registration number", customer: man,
			answers:   map[string]string{"grad_unit": "杭州某某科技有限公司", "grad_year": "2023"},
			questions: []string{"grad_unit", "grad_year", "destination_no"}, unanswered: []string{"destination_no"},
			items: []string{"id_card", "release_proof"}, docs: docs,
			talk: []string{tpForgot, tpReform, tpFee}},
		{name: "nothing answered", customer: man,
			questions: []string{"grad_unit", "grad_year"}, unanswered: []string{"grad_unit", "grad_year"},
			items: []string{"id_card"}, docs: docs, talk: []string{tpForgot, tpFee}},
	})
}

func TestEvaluate_MoveOut(t *testing.T) {
	s := service(t, "move_out")
	m := member(t, "郑浩", "1990-12-12", forms.GenderMale)
	const tpOut, tpIn, tpAll, tpDue = "迁往本市以外：", "本市内迁入自购住房：", "缺一不可", "归还日期前"
	q := []string{"destination", "dest_address"}
	runEval(t, s, []evalCase{
		{name: "out of the city", customer: m, answers: map[string]string{"destination": "out_of_city", "dest_address": "上海市徐汇区"},
			questions: q, items: []string{"id_card"}, docs: []string{"card_promise"}, fees: []string{"card_deposit"},
			talk: []string{tpOut, tpAll, tpDue}},
		{name: "within the city", customer: m, answers: map[string]string{"destination": "within_city"},
			questions: q, items: []string{"id_card"}, docs: []string{"card_promise"}, fees: []string{"card_deposit"},
			talk: []string{tpIn, tpAll, tpDue}},
		{name: "not answered", customer: m,
			questions: q, unanswered: []string{"destination"}, items: []string{"id_card"},
			docs: []string{"card_promise"}, fees: []string{"card_deposit"}, talk: []string{tpAll, tpDue}},
	})
	e := s.Evaluate(m, map[string]string{"destination": "within_city"}, evalDay, nil)
	if d, ok := e.Deposit(); !ok || d.Amount != forms.Yuan(600) || d.Kind != forms.KindDeposit {
		t.Errorf("Deposit() = %+v, %v; want the 600-yuan deposit", d, ok)
	}
}

func TestEvaluate_BorrowCard(t *testing.T) {
	s := service(t, "borrow_card")
	m := member(t, "王芳", "1990-07-08", forms.GenderFemale)
	const tpWhy, tpDue, tpReceipt, tpMoveOut, tpQQ = "必须集体保管", "归还日期前", "只凭收据和户籍卡", "改办“转户”", "企业QQ"
	base := []string{tpWhy, tpDue, tpReceipt, tpQQ}
	items, docs, fees := []string{"id_card"}, []string{"card_promise"}, []string{"card_deposit"}
	runEval(t, s, []evalCase{
		{name: "passport", customer: m, answers: map[string]string{"purpose": "passport"},
			questions: []string{"purpose"}, items: items, docs: docs, fees: fees, talk: base},
		{name: "other purpose without details", customer: m, answers: map[string]string{"purpose": "other"},
			questions: []string{"purpose", "purpose_other"}, unanswered: []string{"purpose_other"},
			items: items, docs: docs, fees: fees, talk: []string{tpWhy, tpDue, tpReceipt, tpMoveOut, tpQQ}},
		{name: "other purpose with details", customer: m, answers: map[string]string{"purpose": "other", "purpose_other": "办理居住证"},
			questions: []string{"purpose", "purpose_other"},
			items:     items, docs: docs, fees: fees, talk: []string{tpWhy, tpDue, tpReceipt, tpMoveOut, tpQQ}},
		{name: "stale details after choosing marriage", customer: m, answers: map[string]string{"purpose": "marriage", "purpose_other": "办理居住证"},
			questions: []string{"purpose"}, items: items, docs: docs, fees: fees, talk: base},
		{name: "purpose not answered", customer: m,
			questions: []string{"purpose"}, unanswered: []string{"purpose"}, items: items, docs: docs, fees: fees, talk: base},
	})
}

func TestEvaluate_RenewFees(t *testing.T) {
	s := service(t, "renew_fees")
	m := member(t, "何磊", "1988-02-29", forms.GenderMale)
	talk := []string{"出示身份证", "开收据时", "企业QQ"}
	q, items := []string{"renew"}, []string{"id_card"}
	runEval(t, s, []evalCase{
		{name: "both fees", customer: m, answers: map[string]string{"renew": "both"},
			questions: q, items: items, fees: []string{"talent_reserve_fee", "archive_fee"}, talk: talk},
		{name: "talent-reserve fee only", customer: m, answers: map[string]string{"renew": "talent"},
			questions: q, items: items, fees: []string{"talent_reserve_fee"}, talk: talk},
		{name: "archive fee only", customer: m, answers: map[string]string{"renew": "archive"},
			questions: q, items: items, fees: []string{"archive_fee"}, talk: talk},
		{name: "not answered takes nothing", customer: m,
			questions: q, unanswered: q, items: items, talk: talk},
		{name: "ID seen", customer: m, answers: map[string]string{"renew": "both"},
			states:    map[string]forms.ItemState{"id_card": s.Requirements[0].Received()},
			questions: q, items: items, fees: []string{"talent_reserve_fee", "archive_fee"}, talk: talk},
	})
}

func TestEvaluate_LossDeclaration(t *testing.T) {
	s := service(t, "loss_declaration")
	c := person(t, "林静", "1985-10-10", forms.GenderFemale)
	const tpCheck, tpPeriod, tpReceipt, tpInvoice, tpAgent = "核对声明人姓名", "挂失期一般为15天", "收据遗失需要退款", "发票遗失不退款", "代理人可办理"
	baseQ := []string{"lost_kind", "receipt_no", "circumstances", "is_agent"}
	agentQ := append(slices.Clone(baseQ), "agent_name", "agent_id")
	runEval(t, s, []evalCase{
		{name: "own receipt", customer: c,
			answers:   map[string]string{"lost_kind": "receipt", "receipt_no": "QB01-2026-000123", "is_agent": "no"},
			questions: baseQ, items: []string{"id_card", "id_copy"}, docs: []string{"declaration"},
			talk: []string{tpCheck, tpPeriod, tpReceipt}},
		{name: "invoice through an agent", customer: c,
			answers: map[string]string{"lost_kind": "invoice", "receipt_no": "No.00012345", "is_agent": "yes",
				"agent_name": "林海", "agent_id": idNumber("1983-01-01", forms.GenderMale)},
			questions: agentQ, items: []string{"id_card", "agent_id_card"}, docs: []string{"declaration_agent"},
			talk: []string{tpCheck, tpPeriod, tpInvoice, tpAgent}},
		{name: "agent not yet named", customer: c,
			answers:   map[string]string{"lost_kind": "receipt", "receipt_no": "QB01-2026-000123", "is_agent": "yes"},
			questions: agentQ, unanswered: []string{"agent_name", "agent_id"},
			items: []string{"id_card", "agent_id_card"}, docs: []string{"declaration_agent"},
			talk: []string{tpCheck, tpPeriod, tpReceipt, tpAgent}},
		{name: "stale agent answers after switching to the customer in person", customer: c,
			answers:   map[string]string{"lost_kind": "receipt", "receipt_no": "QB01-2026-000123", "is_agent": "no", "agent_name": "林海", "agent_id": "x"},
			questions: baseQ, items: []string{"id_card", "id_copy"}, docs: []string{"declaration"},
			talk: []string{tpCheck, tpPeriod, tpReceipt}},
		{name: "nothing answered", customer: c,
			questions: baseQ, unanswered: []string{"lost_kind", "receipt_no", "is_agent"},
			items: []string{"id_card"}, docs: []string{"declaration"}, talk: []string{tpCheck, tpPeriod}},
	})
}

func TestEvaluate_ChecklistStates(t *testing.T) {
	s := service(t, "settle_past_grad")
	man := person(t, "张伟", "1996-05-20", forms.GenderMale)
	req := map[string]forms.Requirement{}
	for _, r := range s.Requirements {
		req[r.ID] = r
	}
	promised := evalDay.AddDate(0, 0, 7)
	states := map[string]forms.ItemState{
		"id_copy":        req["id_copy"].Received(),
		"household_card": {Status: forms.ItemDeferred, PromisedBy: promised},
		"no_house_cert":  {Status: forms.ItemDeferred}, // no promise date: not a valid 容缺
		"photos":         {Status: forms.ItemReceived, Originals: 1},
		"marriage_cert":  {Status: forms.ItemReceived, Originals: 1},
		"degree_cert":    {Status: forms.ItemReceived, Originals: 1}, // not a paper of this service
	}
	answers := map[string]string{"origin": "talent_market", "marital": "married"}
	runEval(t, s, []evalCase{{
		name: "partial", customer: man, answers: answers, states: states,
		questions: []string{"origin", "marital"},
		items:     []string{"id_copy", "household_card", "no_house_cert", "no_house_cert_spouse", "photos", "marriage_cert"},
		missing:   []string{"no_house_cert", "no_house_cert_spouse", "photos", "marriage_cert"},
		deferred:  []string{"household_card"},
		docs:      []string{"agency_mandate", "acceptance_letter", "talent_agreement", "promise"},
		talk:      []string{tpAgreement, tpContact, "1个月内", tpPromise, tpMessaging},
	}})

	e := s.Evaluate(man, answers, evalDay, states)
	shortfall := map[string]string{}
	received := 0
	for _, it := range e.Items {
		shortfall[it.ID] = it.Shortfall(it.State)
		if it.Done() {
			received++
		}
	}
	wantShort := map[string]string{
		"id_copy":              "",
		"household_card":       "",
		"no_house_cert":        "原件1份",
		"no_house_cert_spouse": "原件1份",
		"photos":               "原件还差1份",
		"marriage_cert":        "复印件还差1份",
	}
	if !reflect.DeepEqual(shortfall, wantShort) {
		t.Errorf("shortfall = %v, want %v", shortfall, wantShort)
	}
	if received != 1 || len(e.Deferred) != 1 || len(e.Missing) != 4 {
		t.Errorf("received/deferred/missing = %d/%d/%d, want 1/1/4", received, len(e.Deferred), len(e.Missing))
	}
	if e.Deferred[0].State.PromisedBy != promised {
		t.Errorf("deferred promise date = %v", e.Deferred[0].State.PromisedBy)
	}

	// Bring the rest: acceptable, with the 户籍卡 still deferred.
	for _, id := range []string{"no_house_cert", "no_house_cert_spouse", "photos", "marriage_cert"} {
		states[id] = req[id].Received()
	}
	e = s.Evaluate(man, answers, evalDay, states)
	if !e.Acceptable() || len(e.Missing) != 0 || len(e.Deferred) != 1 {
		t.Errorf("after receiving all: acceptable %v, missing %v, deferred %v", e.Acceptable(), itemIDs(e.Missing), itemIDs(e.Deferred))
	}

	// Counts in the clerk's words.
	ng := service(t, "settle_new_grad")
	for id, want := range map[string]string{
		"graduation_cert": "原件（核验后退还）、复印件3份",
		"adjustment_form": "原件3份",
		"id_copy":         "复印件1份",
		"photos":          "原件3份",
	} {
		for _, r := range ng.Requirements {
			if r.ID == id && r.Quantity() != want {
				t.Errorf("%s quantity = %q, want %q", id, r.Quantity(), want)
			}
		}
	}
	for _, r := range ng.Requirements {
		if !r.Satisfied(r.Received()) {
			t.Errorf("%s: Received() does not satisfy it", r.ID)
		}
	}
}

func TestEvaluate_FamilyPlanningSwitchedOff(t *testing.T) {
	woman := person(t, "李娜", "1996-05-20", forms.GenderFemale)
	parent := member(t, "李娜", "1996-05-20", forms.GenderFemale)
	switchOff := func(s *forms.Service) *forms.Service {
		for i := range s.Requirements {
			if s.Requirements[i].Switchable {
				s.Requirements[i].Off = true
			}
		}
		for i := range s.Documents {
			if s.Documents[i].Switchable {
				s.Documents[i].Off = true
			}
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("switched-off service invalid: %s", forms.ErrorMessage(err))
		}
		return s
	}
	past := switchOff(service(t, "settle_past_grad"))
	runEval(t, past, []evalCase{{
		name: "settle_past_grad", customer: woman, answers: map[string]string{"origin": "talent_market", "marital": "single"},
		questions: []string{"origin", "marital"},
		items:     []string{"id_copy", "household_card", "no_house_cert", "photos"},
		docs:      []string{"agency_mandate", "acceptance_letter", "talent_agreement", "promise"},
		talk:      []string{tpAgreement, tpContact, "未婚女性客户", tpPromise, tpMessaging},
	}})
	grad := switchOff(service(t, "settle_new_grad"))
	runEval(t, grad, []evalCase{{
		name: "settle_new_grad", customer: woman,
		answers:   map[string]string{"household_type": "home", "grad_year": "2025", "employer_in_city": "no", "marital": "single"},
		questions: []string{"household_type", "grad_year", "employer_in_city", "marital"},
		items:     []string{"graduation_cert", "degree_cert", "household_book", "id_copy", "photos"},
		docs:      []string{"agency_mandate", "acceptance_letter", "talent_agreement", "promise"},
		talk:      []string{tpAgreement, tpContact, tpPromise, tpMessaging},
	}})
	child := switchOff(service(t, "child_register"))
	runEval(t, child, []evalCase{{
		name: "child_register", customer: parent,
		answers:   map[string]string{"child_name": "李小", "child_gender": "F", "child_birth": forms.FormatDate(evalDay.AddDate(0, 0, -10)), "guardian_consent": "yes"},
		questions: []string{"child_name", "child_gender", "child_birth", "guardian_consent"},
		items:     []string{"birth_cert", "marriage_cert", "no_house_certs"},
		docs:      []string{"child_acceptance"},
		talk:      []string{"只需出生医学证明", "手机号码"},
	}})
}

func TestConditionHolds(t *testing.T) {
	facts := forms.FactSet{
		"gender":       "F",
		"age":          "15",
		"answer.kind":  "receipt",
		"answer.empty": "",
		"answer.word":  "abc",
	}
	f := func(fact, op, value string, values ...string) *forms.Condition {
		return &forms.Condition{Fact: fact, Op: op, Value: value, Values: values}
	}
	tests := []struct {
		name string
		c    *forms.Condition
		want bool
	}{
		{"nil holds", nil, true},
		{"eq hit", f("gender", "eq", "F"), true},
		{"eq miss", f("gender", "eq", "M"), false},
		{"eq on absent fact", f("answer.none", "eq", "x"), false},
		{"eq on empty fact", f("answer.empty", "eq", ""), false},
		{"ne hit", f("gender", "ne", "M"), true},
		{"ne miss", f("gender", "ne", "F"), false},
		{"ne on absent fact", f("answer.none", "ne", "x"), true},
		{"in hit", f("answer.kind", "in", "", "invoice", "receipt"), true},
		{"in miss", f("answer.kind", "in", "", "invoice"), false},
		{"in on absent fact", f("answer.none", "in", "", "x"), false},
		{"nin hit", f("answer.kind", "nin", "", "invoice"), true},
		{"nin miss", f("answer.kind", "nin", "", "receipt"), false},
		{"nin on absent fact", f("answer.none", "nin", "", "x"), true},
		{"lt below", f("age", "lt", "16"), true},
		{"lt equal", f("age", "lt", "15"), false},
		{"le equal", f("age", "le", "15"), true},
		{"le above", f("age", "le", "14"), false},
		{"gt equal", f("age", "gt", "15"), false},
		{"gt above", f("age", "gt", "14"), true},
		{"ge equal", f("age", "ge", "15"), true},
		{"ge below", f("age", "ge", "16"), false},
		{"numeric on absent fact", f("days_since.birth", "gt", "30"), false},
		{"numeric on text fact", f("answer.word", "lt", "100"), false},
		{"numeric with text value", f("age", "lt", "many"), false},
		{"set present", f("gender", "set", ""), true},
		{"set absent", f("answer.none", "set", ""), false},
		{"set empty", f("answer.empty", "set", ""), false},
		{"unset absent", f("answer.none", "unset", ""), true},
		{"unset empty", f("answer.empty", "unset", ""), true},
		{"unset present", f("gender", "unset", ""), false},
		{"unknown op", f("gender", "like", "F"), false},
		{"all true", &forms.Condition{All: []forms.Condition{*f("gender", "eq", "F"), *f("age", "ge", "15"), *f("age", "le", "49")}}, true},
		{"all one false", &forms.Condition{All: []forms.Condition{*f("gender", "eq", "F"), *f("age", "ge", "16")}}, false},
		{"any one true", &forms.Condition{Any: []forms.Condition{*f("gender", "eq", "M"), *f("age", "eq", "15")}}, true},
		{"any none true", &forms.Condition{Any: []forms.Condition{*f("gender", "eq", "M"), *f("age", "eq", "16")}}, false},
		{"not", &forms.Condition{Not: f("gender", "eq", "F")}, false},
		{"not of absent eq", &forms.Condition{Not: f("answer.none", "eq", "x")}, true},
		{"nested", &forms.Condition{All: []forms.Condition{*f("gender", "eq", "F"), {Not: &forms.Condition{Any: []forms.Condition{*f("age", "lt", "15"), *f("age", "gt", "49")}}}}}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.c.Holds(facts); got != tc.want {
				t.Errorf("Holds = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestFacts(t *testing.T) {
	c := person(t, "李娜", "1996-05-20", forms.GenderFemale)
	qs := []forms.Question{{ID: "birth", Type: forms.QDate}, {ID: "note", Type: forms.QText}}
	f := forms.Facts(c, map[string]string{"birth": " 2026-02-13 ", "note": "2026-01-01"}, evalDay, qs)
	want := forms.FactSet{
		"gender": "F", "age": "29", "member": "no",
		"answer.birth": "2026-02-13", "days_since.birth": "30", "past_month.birth": "yes", "answer.note": "2026-01-01",
	}
	if !reflect.DeepEqual(f, want) {
		t.Errorf("Facts = %v, want %v", f, want)
	}
}

// validService is a small complete service the Validate tests break.
func validService() *forms.Service {
	return &forms.Service{
		Code: "test", Name: "测试业务",
		Questions: []forms.Question{
			{ID: "kind", Label: "种类", Type: forms.QChoice, Options: []forms.Option{{Value: "a", Label: "甲"}}},
			{ID: "born", Label: "出生日期", Type: forms.QDate},
		},
		Requirements: []forms.Requirement{{ID: "id_copy", Name: "身份证复印件", Copies: 1}},
		Documents: []forms.Document{{ID: "doc", Title: "《文书》", Body: "［姓名］",
			Copies: []forms.CopyLabel{{Label: "客户留存", Keeper: "customer"}}}},
		Fees:          []forms.Fee{{ID: "fee", Name: "费用", Kind: forms.KindFee, Amount: 100}},
		TalkingPoints: []forms.TalkingPoint{{Text: "说明"}},
	}
}

func TestServiceValidate(t *testing.T) {
	cond := func(c forms.Condition) *forms.Condition { return &c }
	tests := []struct {
		name   string
		change func(s *forms.Service)
		msg    string // the whole message; "" for valid
	}{
		{"valid", func(s *forms.Service) {}, ""},
		{"valid conditions", func(s *forms.Service) {
			s.Requirements[0].When = cond(forms.Condition{All: []forms.Condition{
				{Fact: "gender", Op: "eq", Value: "F"},
				{Fact: "age", Op: "le", Value: "49"},
				{Fact: "member", Op: "eq", Value: "yes"},
				{Fact: "answer.kind", Op: "in", Values: []string{"a"}},
				{Fact: "days_since.born", Op: "gt", Value: "30"},
			}})
		}, ""},
		{"no code", func(s *forms.Service) { s.Code = " " }, "业务缺少内部代码（程序错误），请联系维护人员"},
		{"no name", func(s *forms.Service) { s.Name = "" }, "业务名称不能为空，请填写业务名称"},
		{"blank name", func(s *forms.Service) { s.Name = " 　" }, "业务名称不能为空，请填写业务名称"},
		{"unknown fact", func(s *forms.Service) {
			s.Requirements[0].When = cond(forms.Condition{Fact: "height", Op: "gt", Value: "170"})
		}, "业务“测试业务”的条件有误：未知的条件事实“height”"},
		{"unknown question", func(s *forms.Service) {
			s.Documents[0].When = cond(forms.Condition{Fact: "answer.marital", Op: "eq", Value: "married"})
		}, "业务“测试业务”的条件有误：条件引用了不存在的问题“answer.marital”"},
		{"unknown question nested in a talking point", func(s *forms.Service) {
			s.TalkingPoints[0].When = cond(forms.Condition{Not: &forms.Condition{Any: []forms.Condition{{Fact: "answer.nope", Op: "set"}}}})
		}, "业务“测试业务”的条件有误：条件引用了不存在的问题“answer.nope”"},
		{"bad op", func(s *forms.Service) {
			s.Fees[0].When = cond(forms.Condition{Fact: "gender", Op: "equals", Value: "F"})
		}, "业务“测试业务”的条件有误：未知的比较方式“equals”"},
		{"missing op", func(s *forms.Service) {
			s.Questions[1].When = cond(forms.Condition{Fact: "gender", Value: "F"})
		}, "业务“测试业务”的条件有误：未知的比较方式“”"},
		{"days_since of a non-date question", func(s *forms.Service) {
			s.Requirements[0].When = cond(forms.Condition{Fact: "days_since.kind", Op: "gt", Value: "30"})
		}, "业务“测试业务”的条件有误：条件“days_since.kind”必须引用一个日期问题"},
		{"non-integer comparison", func(s *forms.Service) {
			s.Requirements[0].When = cond(forms.Condition{Fact: "age", Op: "ge", Value: "十五"})
		}, "业务“测试业务”的条件有误：条件“age”的比较值必须是整数"},
		{"fact and not mixed", func(s *forms.Service) {
			s.Requirements[0].When = cond(forms.Condition{Fact: "gender", Op: "eq", Value: "F", Not: &forms.Condition{Fact: "age", Op: "set"}})
		}, "业务“测试业务”的条件有误：每个条件必须且只能是 all、any、not 或 fact 之一"},
		{"empty condition", func(s *forms.Service) { s.Requirements[0].When = &forms.Condition{} },
			"业务“测试业务”的条件有误：每个条件必须且只能是 all、any、not 或 fact 之一"},
		{"duplicate question", func(s *forms.Service) { s.Questions[1].ID = "kind" }, "业务“测试业务”中问题编号“kind”重复"},
		{"duplicate requirement", func(s *forms.Service) {
			s.Requirements = append(s.Requirements, forms.Requirement{ID: "id_copy", Name: "另一份", Originals: 1})
		}, "业务“测试业务”中材料编号“id_copy”重复"},
		{"duplicate document", func(s *forms.Service) { s.Documents = append(s.Documents, s.Documents[0]) },
			"业务“测试业务”中文书编号“doc”重复"},
		{"duplicate fee", func(s *forms.Service) { s.Fees = append(s.Fees, s.Fees[0]) }, "业务“测试业务”中费用编号“fee”重复"},
		{"requirement without id", func(s *forms.Service) { s.Requirements[0].ID = "" }, "业务“测试业务”中有材料缺少编号"},
		{"document without copies", func(s *forms.Service) { s.Documents[0].Copies = nil },
			"业务“测试业务”的文书“《文书》”没有写明份数"},
		{"choice without options", func(s *forms.Service) { s.Questions[0].Options = nil },
			"业务“测试业务”的问题“种类”没有选项"},
		{"requirement without count", func(s *forms.Service) { s.Requirements[0].Copies = 0 },
			"业务“测试业务”的材料“身份证复印件”份数不正确"},
		{"negative copies", func(s *forms.Service) { s.Requirements[0].Copies = -1; s.Requirements[0].Originals = 1 },
			"业务“测试业务”的材料“身份证复印件”份数不正确"},
		{"seen-only needs no count", func(s *forms.Service) { s.Requirements[0].Copies = 0; s.Requirements[0].SeenOnly = true }, ""},
		{"negative fee", func(s *forms.Service) { s.Fees[0].Amount = -1 }, "业务“测试业务”的费用“费用”不能为负数，也不能超过10亿元；不收费请填 0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := validService()
			tc.change(s)
			err := s.Validate()
			if tc.msg == "" {
				if err != nil {
					t.Fatalf("Validate: %s", forms.ErrorMessage(err))
				}
				return
			}
			if forms.ErrorCode(err) != forms.EINVALID {
				t.Fatalf("error code = %q (%v), want %q", forms.ErrorCode(err), err, forms.EINVALID)
			}
			if got := forms.ErrorMessage(err); got != tc.msg {
				t.Errorf("message = %q, want %q", got, tc.msg)
			}
		})
	}
}

func TestParseCatalogue_Refusals(t *testing.T) {
	tests := []struct {
		name, json, msg string
	}{
		{"not JSON", `{"release":`, "业务目录格式错误"},
		{"unknown field", `{"release":"x","services":[],"extra":1}`, "业务目录格式错误"},
		{"invalid service", `{"release":"x","services":[{"code":"a","name":"甲","requirements":[{"id":"r","name":"材料","copies":1,"when":{"fact":"colour","op":"eq","value":"red"}}]}]}`,
			"业务“甲”的条件有误：未知的条件事实“colour”"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := forms.ParseCatalogue([]byte(tc.json))
			if forms.ErrorCode(err) != forms.EINVALID || !strings.Contains(forms.ErrorMessage(err), tc.msg) {
				t.Errorf("err = %v (%s), want EINVALID containing %q", err, forms.ErrorMessage(err), tc.msg)
			}
		})
	}
}

func TestPrintoutFill_BorrowCardPromise(t *testing.T) {
	s := service(t, "borrow_card")
	doc := s.Documents[0]
	c := member(t, "王芳", "1990-07-08", forms.GenderFemale)
	accepted := time.Date(2026, 3, 15, 10, 30, 0, 0, time.Local)
	due := accepted.AddDate(0, 0, s.ReturnDays)
	cs := &forms.Case{
		Number: "QB01-JK-2026-000045", ServiceCode: s.Code,
		Answers:    map[string]string{"purpose": "passport"},
		AcceptedAt: accepted, ReturnDue: due,
	}
	p := forms.Printout{
		Kind:     forms.PrintDocument,
		Station:  forms.Station{BranchCode: "QB", Number: 1, BranchName: "清波人才服务中心", Payee: "杭州清波人才服务有限公司"},
		Clerk:    "李静",
		At:       accepted,
		Customer: c, Case: cs, Service: s, Document: &doc,
		Deposit: &forms.Deposit{Amount: forms.Yuan(600), ReceiptNumber: "QB01-2026-000123", ReturnDue: due},
	}
	got := p.Fill(doc.Body)
	lines := strings.Split(got, "\n")
	want0 := fmt.Sprintf("本人王芳（身份证号码：%s）系清波人才服务中心集体户成员，因办理护照或往来港澳台通行证需要，"+
		"于2026年3月15日借用本人户籍卡一张，并交纳户籍卡保障金人民币陆佰元整（¥600.00），收据号QB01-2026-000123。", c.IDNumber)
	if lines[0] != want0 {
		t.Errorf("first sentence:\n got %q\nwant %q", lines[0], want0)
	}
	for _, want := range []string{"王芳", c.IDNumber, "陆佰元整", "600.00", "QB01-2026-000123", "办理护照或往来港澳台通行证",
		"二、于2026年4月14日前将户籍卡完好归还，逾期未还的，同意清波人才服务中心按规定处理保障金；"} {
		if !strings.Contains(got, want) {
			t.Errorf("filled promise lacks %q", want)
		}
	}
	if strings.ContainsAny(got, "［］") || strings.Contains(got, "____") {
		t.Errorf("filled promise has unfilled placeholders:\n%s", got)
	}
	if len(lines) != 7 {
		t.Errorf("paragraphs = %d, want 7", len(lines))
	}

	// An unknown placeholder, or an unanswered question, becomes a blank.
	if got := p.Fill("监护人：［监护人］。"); got != "监护人：________。" {
		t.Errorf("unknown placeholder filled as %q", got)
	}
	cs.Answers = map[string]string{}
	if got := p.Fill("因［用途］需要"); got != "因________需要" {
		t.Errorf("unanswered purpose filled as %q", got)
	}

	// Every built-in placeholder has a value when everything is known.
	p.Receipt = &forms.Receipt{Number: "QB01-2026-000124", Total: forms.Yuan(600)}
	p.Station.Phone = "0571-87654321"
	c.Mobile, c.Address, c.Employer = "13812345678", "杭州市上城区清波街1号", "杭州清波科技有限公司"
	fields := p.Fields()
	for _, k := range builtinPlaceholders {
		if fields[k] == "" {
			t.Errorf("built-in placeholder ［%s］ has no value", k)
		}
	}
}
