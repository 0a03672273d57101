package forms_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

// assertInvalid fails unless err is EINVALID with a message containing
// every substring.
func assertInvalid(t *testing.T, err error, substrs ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("err = nil, want invalid %q", substrs)
	}
	if forms.ErrorCode(err) != forms.EINVALID {
		t.Fatalf("code = %q, want invalid (%v)", forms.ErrorCode(err), err)
	}
	for _, s := range substrs {
		if !strings.Contains(forms.ErrorMessage(err), s) {
			t.Fatalf("message %q lacks %q", forms.ErrorMessage(err), s)
		}
	}
}

func TestKnownFacts(t *testing.T) {
	for _, tc := range []struct {
		code  string
		fact  string
		label string
		kind  forms.FactKind
		unit  string
		opts  []string // option labels
	}{
		{"settle_past_grad", "gender", "性别", forms.FactChoice, "", []string{"女性", "男性"}},
		{"settle_past_grad", "age", "年龄", forms.FactNumber, "周岁", nil},
		{"settle_past_grad", "member", "是否集体户成员", forms.FactYesNo, "", []string{"是集体户成员", "不是集体户成员"}},
		{"settle_past_grad", "answer.marital", "婚姻状况", forms.FactChoice, "", []string{"未婚", "已婚", "离异", "丧偶"}},
		{"settle_past_grad", "answer.origin", "户口来源", forms.FactChoice, "", nil},
		{"settle_new_grad", "answer.grad_year", "毕业年份", forms.FactNumber, "年", nil},
		{"settle_new_grad", "answer.employer_in_city", "就业单位是否在本市范围内", forms.FactYesNo, "", []string{"就业单位在本市范围内", "就业单位不在本市范围内"}},
		{"move_out", "answer.destination", "迁移去向", forms.FactChoice, "", nil},
		{"child_register", "days_since.child_birth", "出生日期至受理当天的天数", forms.FactNumber, "天", nil},
		{"child_register", "past_month.child_birth", "出生日期是否已满一个月", forms.FactYesNo, "", nil},
		{"archive_transfer", "answer.grad_unit", "签约单位", forms.FactText, "", nil},
	} {
		t.Run(tc.code+"/"+tc.fact, func(t *testing.T) {
			f, ok := forms.FindFact(forms.KnownFacts(service(t, tc.code)), tc.fact)
			if !ok {
				t.Fatalf("fact %s not known", tc.fact)
			}
			if f.Label != tc.label || f.Kind != tc.kind || f.Unit != tc.unit {
				t.Errorf("fact = %+v, want label %q kind %q unit %q", f, tc.label, tc.kind, tc.unit)
			}
			if tc.opts != nil {
				var got []string
				for _, o := range f.Options {
					got = append(got, o.Label)
				}
				if !slices.Equal(got, tc.opts) {
					t.Errorf("options = %v, want %v", got, tc.opts)
				}
			}
			if len(f.Ops()) == 0 {
				t.Error("no operators")
			}
		})
	}
	// A new question is a new fact, with no code change; a date question
	// gives no raw answer fact.
	s := service(t, "borrow_card")
	if _, ok := forms.FindFact(forms.KnownFacts(s), "answer.married_here"); ok {
		t.Fatal("fact before the question exists")
	}
	s.Questions = append(s.Questions, forms.Question{ID: "married_here", Label: "是否在本市登记结婚？", Type: forms.QBool})
	f, ok := forms.FindFact(forms.KnownFacts(s), "answer.married_here")
	if !ok || f.Kind != forms.FactYesNo || f.Label != "是否在本市登记结婚" {
		t.Fatalf("new question's fact = %+v, %v", f, ok)
	}
	if _, ok := forms.FindFact(forms.KnownFacts(service(t, "child_register")), "answer.child_birth"); ok {
		t.Error("a date question should offer days_since/past_month, not its raw answer")
	}
	// Every fact KnownFacts offers passes the evaluator's own check.
	for _, code := range serviceCodes {
		s := service(t, code)
		for _, f := range forms.KnownFacts(s) {
			for _, op := range f.Ops() {
				c := &forms.Condition{Fact: f.Fact, Op: op.Op, Value: "1", Values: []string{"1"}}
				if err := s.CheckCondition(c); err != nil {
					t.Errorf("%s: %s %s refused: %s", code, f.Fact, op.Op, forms.ErrorMessage(err))
				}
			}
		}
	}
}

func TestCheckCondition(t *testing.T) {
	s := service(t, "settle_past_grad")
	assertInvalid(t, s.CheckCondition(&forms.Condition{Fact: "answer.nope", Op: "eq", Value: "x"}), "条件有误", "不存在的问题")
	assertInvalid(t, s.CheckCondition(&forms.Condition{Fact: "age", Op: "ge", Value: "十五"}), "比较值必须是整数")
	if err := s.CheckCondition(nil); err != nil {
		t.Fatal(err)
	}
}

func TestConditionDescribe(t *testing.T) {
	facts := forms.KnownFacts(service(t, "settle_new_grad"))
	child := forms.KnownFacts(service(t, "child_register"))
	renew := forms.KnownFacts(service(t, "renew_fees"))
	eq := func(f, v string) forms.Condition { return forms.Condition{Fact: f, Op: "eq", Value: v} }
	for _, tc := range []struct {
		name  string
		facts []forms.FactInfo
		c     *forms.Condition
		want  string
	}{
		{"nil", facts, nil, ""},
		{"women 15-49", facts, &forms.Condition{All: []forms.Condition{eq("gender", "F"),
			{Fact: "age", Op: "ge", Value: "15"}, {Fact: "age", Op: "le", Value: "49"}}}, "女性且年龄15至49周岁"},
		{"women", facts, &forms.Condition{Fact: "gender", Op: "eq", Value: "F"}, "女性"},
		{"married", facts, &forms.Condition{Fact: "answer.marital", Op: "eq", Value: "married"}, "婚姻状况为已婚"},
		{"before 2023 in city", facts, &forms.Condition{All: []forms.Condition{{Fact: "answer.grad_year", Op: "lt", Value: "2023"},
			eq("answer.employer_in_city", "yes")}}, "毕业年份早于2023年且就业单位在本市范围内"},
		{"from 2023", facts, &forms.Condition{Fact: "answer.grad_year", Op: "ge", Value: "2023"}, "毕业年份不早于2023年"},
		{"any", facts, &forms.Condition{Any: []forms.Condition{eq("answer.marital", "married"), eq("answer.marital", "divorced")}},
			"婚姻状况为已婚或婚姻状况为离异"},
		{"in", facts, &forms.Condition{Fact: "answer.marital", Op: "in", Values: []string{"married", "divorced"}}, "婚姻状况：已婚、离异之一"},
		{"in one", facts, &forms.Condition{Fact: "answer.marital", Op: "in", Values: []string{"married"}}, "婚姻状况为已婚"},
		{"nin", facts, &forms.Condition{Fact: "answer.marital", Op: "nin", Values: []string{"married", "divorced"}}, "婚姻状况：不是已婚、离异中的任何一个"},
		{"nin one", facts, &forms.Condition{Fact: "answer.marital", Op: "nin", Values: []string{"married"}}, "婚姻状况不为已婚"},
		{"bare in", facts, &forms.Condition{Fact: "gender", Op: "in", Values: []string{"F", "M"}}, "女性、男性之一"},
		// 续费's own conditions: option labels holding 和, a question label.
		{"renew in", renew, &forms.Condition{Fact: "answer.renew", Op: "in", Values: []string{"both", "talent"}},
			"续哪项费用：人才储备费和档案保管费、人才储备费之一"},
		{"renew in archive", renew, &forms.Condition{Fact: "answer.renew", Op: "in", Values: []string{"both", "archive"}},
			"续哪项费用：人才储备费和档案保管费、档案保管费之一"},
		{"renew eq", renew, &forms.Condition{Fact: "answer.renew", Op: "eq", Value: "talent"}, "续哪项费用：人才储备费"},
		{"renew ne", renew, &forms.Condition{Fact: "answer.renew", Op: "ne", Value: "talent"}, "续哪项费用：不是人才储备费"},
		{"renew nin", renew, &forms.Condition{Fact: "answer.renew", Op: "nin", Values: []string{"both", "talent"}},
			"续哪项费用：不是人才储备费和档案保管费、人才储备费中的任何一个"},
		{"record marital in", renew, &forms.Condition{Fact: "marital", Op: "in", Values: []string{"married", "divorced"}},
			"客户登记的婚姻状况：已婚、离异之一"},
		{"not all", facts, &forms.Condition{Not: &forms.Condition{All: []forms.Condition{eq("gender", "F"), eq("member", "yes")}}},
			"并非（女性且是集体户成员）"},
		{"any in all", facts, &forms.Condition{All: []forms.Condition{eq("gender", "M"),
			{Any: []forms.Condition{eq("answer.household_type", "school"), {Fact: "answer.destination_no", Op: "set"}}}}},
			"男性且（户口类型为学校集体户口或已回答“毕业去向登记编号”）"},
		{"yes-no ne", facts, &forms.Condition{Fact: "answer.agreement_via_us", Op: "ne", Value: "yes"}, "就业协议不通过我公司办理或未回答"},
		{"member ne", facts, &forms.Condition{Fact: "member", Op: "ne", Value: "yes"}, "不是集体户成员"},
		{"late child", child, &forms.Condition{Fact: "past_month.child_birth", Op: "eq", Value: "yes"}, "出生日期已超过一个月"},
		{"child days", child, &forms.Condition{Fact: "days_since.child_birth", Op: "gt", Value: "30"}, "出生日期至受理当天的天数大于30天"},
		{"under 15", facts, &forms.Condition{Fact: "age", Op: "lt", Value: "15"}, "年龄小于15周岁"},
		{"unknown fact", facts, &forms.Condition{Fact: "answer.gone", Op: "eq", Value: "x"}, "answer.gone为“x”"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.c.Describe(tc.facts); got != tc.want {
				t.Errorf("Describe = %q, want %q", got, tc.want)
			}
		})
	}
	// Every condition of the shipped catalogue reads as words: no fact name
	// and no operator shows through.
	for _, code := range serviceCodes {
		s := service(t, code)
		facts := forms.KnownFacts(s)
		var conds []*forms.Condition
		for _, r := range s.Requirements {
			conds = append(conds, r.When)
		}
		for _, d := range s.Documents {
			conds = append(conds, d.When)
		}
		for _, p := range s.TalkingPoints {
			conds = append(conds, p.When)
		}
		for _, c := range conds {
			got := c.Describe(facts)
			for _, raw := range []string{"answer.", "past_month", "days_since", " eq ", " ne ", "gender", "_"} {
				if strings.Contains(got, raw) {
					t.Errorf("%s: %q shows %q", code, got, raw)
				}
			}
		}
	}
}

func TestConditionClauses(t *testing.T) {
	c := &forms.Condition{All: []forms.Condition{{Fact: "gender", Op: "eq", Value: "F"},
		{All: []forms.Condition{{Fact: "age", Op: "ge", Value: "15"}}}}}
	cl, ok := c.Clauses()
	if !ok || len(cl) != 2 || cl[1].Fact != "age" {
		t.Fatalf("Clauses = %+v, %v", cl, ok)
	}
	if got := forms.AllOf(cl); len(got.All) != 2 {
		t.Fatalf("AllOf = %+v", got)
	}
	if forms.AllOf(nil) != nil || forms.AllOf(cl[:1]).Fact != "gender" {
		t.Fatal("AllOf of none or one")
	}
	if _, ok := (&forms.Condition{Any: cl}).Clauses(); ok {
		t.Fatal("an any is not a list of clauses")
	}
}

func TestDocumentPlaceholders(t *testing.T) {
	s := service(t, "borrow_card")
	got := forms.DocumentPlaceholders(s)
	for _, want := range []string{"姓名", "身份证号码", "机构名称", "归还日期", "大写", "金额", "号码", "经办人", "用途", "用途说明"} {
		if !slices.Contains(got, want) {
			t.Errorf("placeholders %v lack %s", got, want)
		}
	}
	// The test's own list of built-ins and the program's are the same.
	var names []string
	for _, p := range forms.BuiltinPlaceholders() {
		names = append(names, p.Name)
		if p.Meaning == "" {
			t.Errorf("placeholder %s has no meaning for the editor", p.Name)
		}
	}
	if !sameStrings(names, builtinPlaceholders) {
		t.Errorf("BuiltinPlaceholders = %v, the catalogue test knows %v", names, builtinPlaceholders)
	}
	if forms.Placeholders("［姓名］于［日期］［姓名］") == nil || len(forms.Placeholders("［姓名］于［日期］［姓名］")) != 2 {
		t.Error("Placeholders should list each once")
	}
}

func sameStrings(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// TestFieldsFillEveryPlaceholder fills a printout with everything and
// checks that Fields sets every listed placeholder and nothing else: the
// list and the filling are one source.
func TestFieldsFillEveryPlaceholder(t *testing.T) {
	s := service(t, "borrow_card")
	day := time.Date(2026, 3, 15, 10, 0, 0, 0, time.Local)
	c := forms.SampleCustomer(day)
	p := &forms.Printout{
		Kind:     forms.PrintDocument,
		Station:  forms.Station{BranchName: "西湖人才服务站", Phone: "0571-88886666", Payee: "杭州市人才服务中心"},
		Clerk:    "王芳",
		At:       day,
		Customer: c,
		Service:  s,
		Case: &forms.Case{Number: "XL01-2026-000001", AcceptedAt: day, ReturnDue: day.AddDate(0, 0, 30),
			Answers: forms.SampleAnswers(s, day)},
		Deposit: &forms.Deposit{Amount: 60000, ReceiptNumber: "XL01-2026-000001", ReturnDue: day.AddDate(0, 0, 30)},
	}
	fields := p.Fields()
	known := forms.DocumentPlaceholders(s)
	for _, k := range known {
		if fields[k] == "" {
			t.Errorf("placeholder ［%s］ is listed but Fields leaves it empty", k)
		}
	}
	for k := range fields {
		if !slices.Contains(known, k) {
			t.Errorf("Fields fills ［%s］, which the editor does not list", k)
		}
	}
}

func TestValidate_Wording(t *testing.T) {
	for _, tc := range []struct {
		name string
		body string
		want []string
	}{
		{"unknown placeholder", "本人［姓名］因［用处］需要借用户籍卡。",
			[]string{"文书《户籍卡承诺书》的措辞中有未知的占位符［用处］", "可用的占位符有", "［姓名］", "［用途］", "［归还日期］"}},
		{"typo in a built-in", "本人［名字］借用户籍卡。", []string{"未知的占位符［名字］"}},
		{"unbalanced", "本人［姓名借用户籍卡。", []string{"文书《户籍卡承诺书》的措辞中“［”和“］”不成对"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := service(t, "borrow_card")
			s.Documents[0].Body = tc.body
			assertInvalid(t, s.Validate(), tc.want...)
		})
	}
	// A question's placeholder is known to the service that asks it.
	s := service(t, "borrow_card")
	s.Documents[0].Body = "因［用途］（［用途说明］）需要。"
	if err := s.Validate(); err != nil {
		t.Fatalf("question placeholders refused: %s", forms.ErrorMessage(err))
	}
}

func TestValidate_Amounts(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(s *forms.Service)
		want []string
	}{
		{"negative fee", func(s *forms.Service) {
			s.Fees = append(s.Fees, forms.Fee{ID: "x", Name: "手续费", Kind: forms.KindFee, Amount: -1})
		}, []string{"业务“借户籍卡”的费用“手续费”", "不能为负数", "不收费请填 0"}},
		{"zero deposit", func(s *forms.Service) { s.Fees[0].Amount = 0 }, []string{"保障金“户籍卡保障金”的金额须大于0"}},
		{"huge deposit", func(s *forms.Service) { s.Fees[0].Amount = forms.MaxMoney + 1 }, []string{"保障金“户籍卡保障金”的金额须大于0"}},
		{"fee without name", func(s *forms.Service) {
			s.Fees = append(s.Fees, forms.Fee{ID: "x", Kind: forms.KindFee, Amount: 100})
		}, []string{"有费用（x）没有名称"}},
		{"unknown kind", func(s *forms.Service) { s.Fees[0].Kind = "tip" }, []string{"类别“tip”不认识"}},
		{"return days 366", func(s *forms.Service) { s.ReturnDays = 366 }, []string{"户籍卡归还天数须在1到365天之间"}},
		{"return days negative", func(s *forms.Service) { s.ReturnDays = -3 }, []string{"户籍卡归还天数须在1到365天之间"}},
		{"fee table bad date", func(s *forms.Service) {
			s.Fees = append(s.Fees, forms.Fee{ID: "t", Name: "人才储备费", Kind: forms.KindFee, Schedule: forms.ScheduleTalent,
				Table: &forms.FeeTable{Rates: []forms.FeeRate{{From: "2026-02-30", Yearly: 30000}}}})
		}, []string{"费用“人才储备费”第1条收费标准的生效日期“2026-02-30”不正确"}},
		{"fee table negative", func(s *forms.Service) {
			s.Fees = append(s.Fees, forms.Fee{ID: "t", Name: "档案保管费", Kind: forms.KindFee, Schedule: forms.ScheduleArchive,
				Table: &forms.FeeTable{Rates: []forms.FeeRate{{From: "2026-01-01", Yearly: -100}}}})
		}, []string{"费用“档案保管费”第1条收费标准的金额不能为负数"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := service(t, "borrow_card")
			tc.edit(s)
			assertInvalid(t, s.Validate(), tc.want...)
		})
	}
	for _, ok := range []func(s *forms.Service){
		func(s *forms.Service) { s.ReturnDays = 0 },
		func(s *forms.Service) { s.ReturnDays = 365 },
		func(s *forms.Service) {
			s.Fees = append(s.Fees, forms.Fee{ID: "z", Name: "档案费", Kind: forms.KindFee})
		},
	} {
		s := service(t, "borrow_card")
		ok(s)
		if err := s.Validate(); err != nil {
			t.Errorf("refused: %s", forms.ErrorMessage(err))
		}
	}
}

func TestFamilyPlanningSwitch(t *testing.T) {
	woman := person(t, "王芳", "1996-05-04", forms.GenderFemale)
	docs := func(e forms.Evaluation) []string {
		var out []string
		for _, d := range e.Documents {
			out = append(out, d.ID)
		}
		return out
	}
	items := func(e forms.Evaluation) []string {
		var out []string
		for _, r := range e.Items {
			out = append(out, r.ID)
		}
		return out
	}
	for _, code := range []string{"settle_past_grad", "settle_new_grad"} {
		s := service(t, code)
		if g := s.Groups(); len(g) != 1 || g[0].ID != forms.GroupFamilyPlanning || g[0].Label != "计划生育材料" {
			t.Fatalf("%s groups = %+v", code, g)
		}
		on := docs(s.Evaluate(woman, map[string]string{"marital": "single"}, evalDay, nil))
		if !slices.Contains(on, "fp_promise") || !slices.Contains(on, "women_survey") {
			t.Fatalf("%s by default: %v lacks the family-planning forms", code, on)
		}
		s.SetGroup(forms.GroupFamilyPlanning, false)
		if err := s.Validate(); err != nil {
			t.Fatal(forms.ErrorMessage(err))
		}
		off := docs(s.Evaluate(woman, map[string]string{"marital": "single"}, evalDay, nil))
		if slices.Contains(off, "fp_promise") || slices.Contains(off, "women_survey") || len(off) != len(on)-2 {
			t.Fatalf("%s switched off: %v", code, off)
		}
		// Through JSON (as the store keeps it) the switch stays off.
		if c := s.Clone(); c.GroupOn(forms.GroupFamilyPlanning) {
			t.Fatal("switch lost in a copy")
		}
		s.SetGroup(forms.GroupFamilyPlanning, true)
		if s.Switches != nil {
			t.Fatalf("switching back on should restore the default content, Switches = %v", s.Switches)
		}
	}
	child := service(t, "child_register")
	mother := member(t, "王芳", "1996-05-04", forms.GenderFemale)
	answers := map[string]string{"child_birth": "2026-03-01"}
	if !slices.Contains(items(child.Evaluate(mother, answers, evalDay, nil)), "birth_permit") {
		t.Fatal("准生证 missing by default")
	}
	child.SetGroup(forms.GroupFamilyPlanning, false)
	if got := items(child.Evaluate(mother, answers, evalDay, nil)); slices.Contains(got, "birth_permit") || len(got) == 0 {
		t.Fatalf("准生证 switched off: %v", got)
	}
	if len(service(t, "borrow_card").Groups()) != 0 {
		t.Error("借户籍卡 has no family-planning items")
	}
	// Unknown groups are refused, naming them.
	s := service(t, "borrow_card")
	s.Requirements[0].Group = "planning"
	assertInvalid(t, s.Validate(), "材料“身份证”的分组“planning”不认识", "family_planning（计划生育材料）")
	s = service(t, "borrow_card")
	s.Switches = map[string]bool{"fp": false}
	assertInvalid(t, s.Validate(), "开关“fp”", "不认识")
}

func TestDiffServices(t *testing.T) {
	base := func() *forms.Service { return service(t, "borrow_card") }
	for _, tc := range []struct {
		name string
		edit func(s *forms.Service)
		want []string
	}{
		{"nothing", func(s *forms.Service) { s.Version = 7 }, nil},
		{"deposit", func(s *forms.Service) { s.Fees[0].Amount = 50000 }, []string{"户籍卡保障金：¥600.00 → ¥500.00"}},
		{"return days", func(s *forms.Service) { s.ReturnDays = 45 }, []string{"户籍卡归还天数：30天 → 45天"}},
		{"paper added", func(s *forms.Service) {
			s.Requirements = append(s.Requirements, forms.Requirement{ID: "photo", Name: "一寸照片", Copies: 2,
				When: &forms.Condition{Fact: "gender", Op: "eq", Value: "F"}})
		}, []string{"新增材料“一寸照片”（复印件2份；条件：女性）"}},
		{"paper removed", func(s *forms.Service) { s.Requirements = nil }, []string{"删除材料“身份证”"}},
		{"paper copies", func(s *forms.Service) { s.Requirements[0].Copies = 2 }, []string{"材料“身份证”：份数 原件（核验后退还）、复印件1份 → 原件（核验后退还）、复印件2份"}},
		{"wording", func(s *forms.Service) { s.Documents[0].Body += "特此承诺。" }, []string{"文书《户籍卡承诺书》：措辞已修改"}},
		{"document copies", func(s *forms.Service) { s.Documents[0].Copies = s.Documents[0].Copies[:1] }, []string{"文书《户籍卡承诺书》：份数和留存 2份"}},
		{"talking point", func(s *forms.Service) {
			s.TalkingPoints = append(s.TalkingPoints[1:], forms.TalkingPoint{Text: "请提醒客户带好身份证原件。"})
		}, []string{"新增提示：请提醒客户带好身份证原件。", "删除提示："}},
		{"question", func(s *forms.Service) { s.Questions[0].Required = false }, []string{"问题“借户籍卡做什么用？”：修改了是否必答"}},
		{"name", func(s *forms.Service) { s.Name = "借用户籍卡" }, []string{"业务名称：借户籍卡 → 借用户籍卡"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			old, s := base(), base()
			tc.edit(s)
			got := forms.DiffServices(old, s)
			if tc.want == nil {
				if got != nil {
					t.Fatalf("DiffServices = %q, want none", got)
				}
				return
			}
			all := strings.Join(got, "\n")
			for _, w := range tc.want {
				if !strings.Contains(all, w) {
					t.Errorf("DiffServices = %q, lacks %q", got, w)
				}
			}
		})
	}
	s := service(t, "settle_past_grad")
	off := s.Clone()
	off.SetGroup(forms.GroupFamilyPlanning, false)
	if got := forms.DiffServices(s, off); !slices.Equal(got, []string{"“计划生育材料”开关：开启 → 关闭"}) {
		t.Errorf("switch diff = %q", got)
	}
	if got := forms.DiffServices(nil, s); !slices.Equal(got, []string{"新增业务“历届生落户”"}) {
		t.Errorf("new service diff = %q", got)
	}
	table := service(t, "renew_fees")
	changed := table.Clone()
	changed.Fees[0].Table = &forms.FeeTable{Rates: []forms.FeeRate{{From: "2026-01-01", Yearly: 30000}}}
	if got := strings.Join(forms.DiffServices(table, changed), "\n"); !strings.Contains(got, "人才储备费的收费标准") || !strings.Contains(got, "2026-01-01起每年¥300.00") {
		t.Errorf("table diff = %q", got)
	}
}

func TestDigestAndAdoptable(t *testing.T) {
	a, b := service(t, "borrow_card"), service(t, "borrow_card")
	b.Version = 9
	if a.Digest() != b.Digest() || !forms.SameContent(a, b) {
		t.Fatal("the version must not change the digest")
	}
	b.ReturnDays = 31
	if a.Digest() == b.Digest() {
		t.Fatal("content change must change the digest")
	}
	shipped := service(t, "settle_past_grad")
	current := shipped.Clone()
	current.SetGroup(forms.GroupFamilyPlanning, false)
	got := forms.Adoptable(shipped, current)
	if got.GroupOn(forms.GroupFamilyPlanning) || !shipped.GroupOn(forms.GroupFamilyPlanning) {
		t.Fatal("adopting a default must keep the supervisor's switch and not touch the shipped service")
	}
}

func TestSampleCustomerAndAnswers(t *testing.T) {
	for _, day := range []time.Time{
		time.Date(2026, 11, 30, 9, 0, 0, 0, time.Local),
		time.Date(2028, 2, 29, 9, 0, 0, 0, time.Local), // 28 years before a leap day
	} {
		c := forms.SampleCustomer(day)
		check := *c
		if err := check.ValidateOn(day); err != nil {
			t.Fatalf("%s: sample customer invalid: %s", forms.FormatDate(day), forms.ErrorMessage(err))
		}
		if check.Gender != forms.GenderFemale || c.Gender != forms.GenderFemale || c.AgeOn(day) != 28 || c.Name == "" || c.Mobile == "" {
			t.Fatalf("sample customer = %+v", c)
		}
		for _, code := range serviceCodes {
			s := service(t, code)
			ans := forms.SampleAnswers(s, day)
			if _, err := s.NormalizeAnswers(ans, day); err != nil {
				t.Errorf("%s: sample answers refused: %s", code, forms.ErrorMessage(err))
			}
			if len(ans) != len(s.Questions) {
				t.Errorf("%s: %d answers for %d questions", code, len(ans), len(s.Questions))
			}
		}
	}
	// The sample woman gets the women's forms in the preview.
	s := service(t, "settle_past_grad")
	day := time.Date(2026, 11, 30, 0, 0, 0, 0, time.Local)
	e := s.Evaluate(forms.SampleCustomer(day), forms.SampleAnswers(s, day), day, nil)
	var ids []string
	for _, d := range e.Documents {
		ids = append(ids, d.ID)
	}
	if !slices.Contains(ids, "women_survey") {
		t.Errorf("preview documents = %v", ids)
	}
}

func TestDefaultCatalogue_FamilyPlanningTagged(t *testing.T) {
	cat := loadCatalogue(t)
	var tagged []string
	for _, s := range cat.Services {
		for _, r := range s.Requirements {
			if r.Group == forms.GroupFamilyPlanning {
				tagged = append(tagged, s.Code+"/"+r.ID)
			}
		}
		for _, d := range s.Documents {
			if d.Group == forms.GroupFamilyPlanning {
				tagged = append(tagged, s.Code+"/"+d.ID)
			}
		}
		if len(s.Switches) != 0 {
			t.Errorf("%s: switches %v; every group is on by default", s.Code, s.Switches)
		}
	}
	want := []string{"settle_past_grad/fp_promise", "settle_past_grad/women_survey", "child_register/birth_permit",
		"settle_new_grad/fp_promise", "settle_new_grad/women_survey"}
	if !slices.Equal(tagged, want) {
		t.Errorf("family-planning items = %v, want %v", tagged, want)
	}
}

// The preview's sample answers agree with the sample customer: she is
// married on her record, so the married-only papers of 历届生落户 show
// (the trial found 婚姻状况 answered 未婚 under a header saying 已婚).
func TestSampleAnswers_AgreeWithCustomer(t *testing.T) {
	day := time.Date(2026, 11, 30, 9, 0, 0, 0, time.Local)
	c := forms.SampleCustomer(day)
	if c.Marital != forms.MaritalMarried {
		t.Fatalf("sample customer marital = %q", c.Marital)
	}
	s := service(t, "settle_past_grad")
	ans := forms.SampleAnswers(s, day)
	if ans["marital"] != c.Marital || ans["origin"] != "talent_market" {
		t.Fatalf("sample answers = %v, customer marital %q origin %q", ans, c.Marital, c.Origin)
	}
	e := s.Evaluate(c, ans, day, nil)
	var ids []string
	for _, it := range e.Items {
		ids = append(ids, it.ID)
	}
	for _, tc := range []struct {
		id   string
		want bool
	}{
		{"marriage_cert", true},
		{"no_house_cert_spouse", true},
	} {
		if got := slices.Contains(ids, tc.id); got != tc.want {
			t.Errorf("preview papers %v: %s shown = %v, want %v", ids, tc.id, got, tc.want)
		}
	}
	// Every service: a question asking what the record holds is answered
	// as the record says.
	for _, code := range serviceCodes {
		s := service(t, code)
		ans := forms.SampleAnswers(s, day)
		for _, q := range s.Questions {
			if q.ID == "marital" && ans[q.ID] != c.Marital {
				t.Errorf("%s: 婚姻状况 answered %q, customer is %q", code, ans[q.ID], c.Marital)
			}
		}
	}
}

// Every service's condition builder offers the customer's own facts, the
// ones Facts computes from the record: 转户 asks nothing about marriage
// yet a condition may still depend on the marital status on record.
func TestKnownFacts_CustomerFactsForEveryService(t *testing.T) {
	day := time.Date(2026, 11, 30, 9, 0, 0, 0, time.Local)
	own := forms.Facts(forms.SampleCustomer(day), nil, day, nil)
	for _, code := range append([]string{"move_out"}, serviceCodes...) {
		s := service(t, code)
		facts := forms.KnownFacts(s)
		for name := range own {
			f, ok := forms.FindFact(facts, name)
			if !ok {
				t.Errorf("%s: KnownFacts lacks the customer fact %q", code, name)
				continue
			}
			if f.Question != "" {
				t.Errorf("%s: customer fact %q tied to question %q", code, name, f.Question)
			}
		}
	}
	s := service(t, "move_out")
	facts := forms.KnownFacts(s)
	married := &forms.Condition{Fact: "marital", Op: "eq", Value: forms.MaritalMarried}
	if err := s.CheckCondition(married); err != nil {
		t.Fatalf("转户 refuses a marital condition: %s", forms.ErrorMessage(err))
	}
	if got, want := married.Describe(facts), "客户登记的婚姻状况为已婚"; got != want {
		t.Errorf("Describe = %q, want %q", got, want)
	}
	c := forms.SampleCustomer(day)
	if !married.Holds(forms.Facts(c, nil, day, nil)) {
		t.Error("a married customer does not satisfy marital = married")
	}
	c.Marital = forms.MaritalSingle
	if married.Holds(forms.Facts(c, nil, day, nil)) {
		t.Error("a single customer satisfies marital = married")
	}
}
