package forms

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// The training station (练习站点, `counterdesk demo`): what it is made of and
// the people in it. The store fills the station (store.Demo) through its own
// code paths; this file decides only the plan and the made-up people, from
// a seed, so the same seed gives the same station.

// The training station's fixed set-up: branch XL, counter 01, a supervisor
// and a clerk who both log in with the password given to `counterdesk demo`.
const (
	DemoBranchCode = "XL"
	DemoBranchName = "柜台通练习网点"
	DemoPayee      = "柜台通练习网点"
	DemoPhone      = "0571-88880000"
	DemoStation    = 1
	DemoSupervisor = "演示主管"
	DemoClerk      = "演示客服"
)

// DemoPlan is what `counterdesk demo` makes: Customers members and
// non-members, Cases cases (0: DefaultDemoCases), over the Days days
// ending on End (the station's today; its date only counts), from Seed.
// Password is the supervisor's and the clerk's. Catalogue is the shipped
// catalogue the station is set up with.
type DemoPlan struct {
	Customers int
	Cases     int
	Days      int
	Seed      uint64
	End       time.Time
	Password  string
	Catalogue *Catalogue
	// Sample, when above zero, is how many cases are made through the
	// store's own functions whatever the count; the rest are bulk history
	// (BulkCases). Zero: DemoSampleCases above DemoFullCases cases.
	Sample int
}

// DemoPlanVersion changes whenever the same plan would make different data,
// so a cached training station (the benchmarks') is built again.
const DemoPlanVersion = 5

// DefaultDemoCases is the number of cases a plan without one gets: three per
// customer up to 10,000 customers, then 30,000 plus one per 50 further
// customers (each case takes about a millisecond and a half to make on
// the store's own code paths, so a million customers keep their cases to
// 50,000 and are made in minutes; the benchmarks' station asks for its
// 300,000 cases itself).
func DefaultDemoCases(customers int) int {
	if customers <= 10000 {
		return 3 * customers
	}
	return 30000 + (customers-10000)/50
}

// DemoFullCases is the most cases a plan makes all through the store's
// own functions, step by step. A plan with more makes DemoSampleCases of
// them so, over its last SampleDays days (the representative sample), and
// the rest (BulkCases) as a bulk history before them: completed everyday
// cases with their receipts, each the same rows the functions wrote for a
// template case, replayed with its own ids, customer, numbers and times
// (store/demo_bulk.go). A bulk case still writes every row of a real one
// (about fifteen statements, eight of them audit entries, and their
// changes rows) and costs about 1.3 ms of CPU (2026-11-30, shared
// machine; 1.85 ms before the chain head was kept in memory and the insert
// triggers set aside): it saves the Go side of the steps (the service's
// rules, the answers) and the statement journals, not SQLite's writes.
const DemoFullCases = 300000

// DemoSampleCases is how many cases of a plan with a bulk history are made
// through the store's own functions.
const DemoSampleCases = 30000

// DemoHeavyCases is how many cases of the bulk history each of a few
// customers has (the customer record with a hundred cases and receipts).
const DemoHeavyCases = 100

// BulkCases returns how many of the plan's cases are made as bulk history:
// all but Sample when it is set, else none up to DemoFullCases cases and
// all but DemoSampleCases above.
func (p DemoPlan) BulkCases() int {
	n := p.CaseCount()
	if p.Sample > 0 {
		return max(0, n-p.Sample)
	}
	if n > DemoFullCases {
		return n - DemoSampleCases
	}
	return 0
}

// SampleDays returns over how many of the last days the cases made through
// the store's own functions run: all the days without a bulk history, else
// the days' share of DemoSampleCases (at least one), so that the sample's
// days are as busy as the history's.
func (p DemoPlan) SampleDays() int {
	if p.BulkCases() == 0 {
		return p.Days
	}
	return max(1, (p.Days*(p.CaseCount()-p.BulkCases())+p.CaseCount()-1)/p.CaseCount())
}

// CaseCount returns Cases, or the default for the number of customers.
func (p DemoPlan) CaseCount() int {
	if p.Cases > 0 {
		return p.Cases
	}
	return DefaultDemoCases(p.Customers)
}

// Validate checks the plan; each refusal is EINVALID and names the option.
func (p DemoPlan) Validate() error {
	switch {
	case p.Customers < 10 || p.Customers > 5000000:
		return Errorf(EINVALID, "客户人数（--customers）须在10到5000000之间，现为%d", p.Customers)
	case p.Cases < 0 || p.Cases > 10000000:
		return Errorf(EINVALID, "受理单数（--cases）须在0到10000000之间（0为按客户人数自动确定），现为%d", p.Cases)
	case p.Days < 1 || p.Days > 3650:
		return Errorf(EINVALID, "天数（--days）须在1到3650之间，现为%d", p.Days)
	case p.End.IsZero():
		return Errorf(EINVALID, "请指定演示数据的最后一天")
	case p.Catalogue == nil || len(p.Catalogue.Services) == 0:
		return Errorf(EINVALID, "业务目录为空，无法生成演示数据")
	}
	if err := ValidatePassword(DemoSupervisor, p.Password); err != nil {
		return err
	}
	return ValidatePassword(DemoClerk, p.Password)
}

// DemoSummary counts what a training station was made with, for the
// summary `counterdesk demo` prints.
type DemoSummary struct {
	Customers, Members                                int
	Cases                                             int
	CasesByStatus                                     map[CaseStatus]int
	Receipts, Voided                                  int
	DepositsHeld, DepositsRefunded, DepositsForfeited int
	Renewals, LossDeclarations                        int
	Complaints, FollowUps, Ratings                    int            // the service loop (issue 18)
	Skipped                                           int            // steps the store refused (a conflict with an open case), left out
	Refused                                           map[string]int // the refusals' messages, with how many times each
	First, Last                                       time.Time
}

// demoSurnames are the most common Chinese surnames with their share of the
// population in thousandths (2020 census, rounded); the rest of the names
// share what is left.
var demoSurnames = []struct {
	name string
	per  int
}{
	{"王", 74}, {"李", 72}, {"张", 69}, {"刘", 54}, {"陈", 46}, {"杨", 32}, {"黄", 24}, {"赵", 23},
	{"吴", 21}, {"周", 21}, {"徐", 17}, {"孙", 15}, {"马", 15}, {"朱", 14}, {"胡", 13}, {"郭", 12},
	{"何", 12}, {"林", 11}, {"高", 11}, {"罗", 11}, {"郑", 10}, {"梁", 10}, {"谢", 8}, {"宋", 8},
	{"唐", 8}, {"许", 7}, {"韩", 7}, {"邓", 7}, {"冯", 7}, {"曹", 7}, {"彭", 6}, {"曾", 6},
	{"肖", 6}, {"田", 6}, {"董", 5}, {"潘", 5}, {"袁", 5}, {"蔡", 5}, {"蒋", 5}, {"余", 5},
	{"于", 5}, {"杜", 5}, {"叶", 4}, {"程", 4}, {"魏", 4}, {"苏", 4}, {"吕", 4}, {"丁", 4},
	{"任", 4}, {"卢", 4}, {"姚", 4}, {"沈", 4}, {"钟", 4}, {"姜", 4}, {"崔", 4}, {"谭", 3},
	{"陆", 3}, {"范", 3}, {"汪", 3}, {"廖", 3}, {"石", 3}, {"金", 3}, {"韦", 3}, {"贾", 3},
	{"夏", 3}, {"付", 3}, {"方", 3}, {"邹", 3}, {"熊", 3}, {"白", 3}, {"孟", 3}, {"秦", 3},
	{"邱", 3}, {"侯", 3}, {"江", 3}, {"尹", 3}, {"薛", 2}, {"闫", 2}, {"段", 2}, {"雷", 2},
	{"龙", 2}, {"黎", 2}, {"史", 2}, {"陶", 2}, {"贺", 2}, {"毛", 2}, {"郝", 2}, {"顾", 2},
	{"龚", 2}, {"邵", 2}, {"万", 2}, {"覃", 2}, {"武", 2}, {"钱", 2}, {"戴", 2}, {"严", 2},
	{"莫", 2}, {"孔", 2}, {"向", 2}, {"常", 2}, {"欧阳", 1}, {"司马", 1}, {"诸葛", 1}, {"上官", 1},
}

// demoRareSurnames share the population the list above leaves.
var demoRareSurnames = []string{"汤", "温", "康", "施", "文", "牛", "樊", "葛", "邢", "安", "齐", "易",
	"乔", "伍", "庞", "颜", "倪", "庄", "聂", "章", "鲁", "岳", "翟", "殷", "詹", "申", "耿", "关", "兰", "焦"}

// demoGiven are given-name characters, by sex; a given name has one or
// two of them.
var (
	demoGivenMale   = []rune("伟强磊军洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林阳亮成建国文志海晨轩睿博泽然")
	demoGivenFemale = []rune("芳娜敏静丽艳娟霞秀英华慧巧美娅淑惠珠翠雅芝玉萍红月彩春菊兰凤洁梅琳素云莲真环雪荣爱妹欣怡涵萱琪")
)

// demoRegions are district codes of the city the training branch is in
// (杭州) and of where its members came from.
var demoRegions = []string{"330102", "330105", "330106", "330108", "330109", "330110", "330111", "330122",
	"330127", "330182", "330302", "330381", "330402", "330502", "330602", "330702", "340102", "360102",
	"410105", "420106", "430104", "510104", "320102", "370102", "130102", "610113"}

// demoMobilePrefixes are the first three digits of mobile numbers.
var demoMobilePrefixes = []string{"130", "131", "132", "135", "136", "137", "138", "139", "150", "151",
	"152", "157", "158", "159", "176", "177", "180", "182", "185", "186", "187", "188", "189", "199"}

// demoStreets and demoEmployers make addresses and employers.
var (
	demoStreets   = []string{"文一路", "文二路", "文三路", "天目山路", "莫干山路", "延安路", "解放路", "庆春路", "凤起路", "体育场路", "教工路", "学院路", "古墩路", "丰潭路", "江南大道", "滨盛路", "钱江路", "秋涛路"}
	demoDistricts = []string{"西湖区", "拱墅区", "上城区", "滨江区", "萧山区", "余杭区"}
	demoEmployers = []string{"杭州某某科技有限公司", "浙江某某网络技术有限公司", "杭州某某贸易有限公司", "某某设计院", "杭州某某医院",
		"某某教育咨询有限公司", "浙江某某建设集团", "杭州某某电子商务有限公司", "某某会计师事务所", "自由职业"}
	demoOrigins = []string{"浙江温州", "浙江金华", "安徽合肥", "江西南昌", "河南郑州", "湖北武汉", "湖南长沙", "四川成都", "江苏南京", "山东济南", "河北石家庄", "陕西西安"}
)

// DemoPeople makes the training station's people from a random source.
type DemoPeople struct {
	rng     *rand.Rand
	total   int
	used    map[string]bool
	surname []string // weighted: one entry per thousandth
}

// NewDemoPeople returns a maker of people drawing from rng.
func NewDemoPeople(rng *rand.Rand) *DemoPeople {
	g := &DemoPeople{rng: rng, used: map[string]bool{}}
	for _, s := range demoSurnames {
		for i := 0; i < s.per; i++ {
			g.surname = append(g.surname, s.name)
		}
		g.total += s.per
	}
	return g
}

// Surname returns a surname drawn by frequency: the common ones by their
// share, the rest of the population spread over the rarer ones.
func (g *DemoPeople) Surname() string {
	n := g.rng.IntN(1000)
	if n < len(g.surname) {
		return g.surname[n]
	}
	return demoRareSurnames[g.rng.IntN(len(demoRareSurnames))]
}

// Name returns a full name of the sex: a surname and one or two
// given-name characters (two in three names).
func (g *DemoPeople) Name(male bool) string {
	chars := demoGivenFemale
	if male {
		chars = demoGivenMale
	}
	var b strings.Builder
	b.WriteString(g.Surname())
	b.WriteRune(chars[g.rng.IntN(len(chars))])
	if g.rng.IntN(3) > 0 {
		b.WriteRune(chars[g.rng.IntN(len(chars))])
	}
	return b.String()
}

// DemoIDNumber returns the 18-character resident identity number of the
// region (6 digits), birth date and three-digit sequence, with the sex in
// the sequence's parity (odd: male) and the GB 11643 check character.
func DemoIDNumber(region string, birth time.Time, seq int, male bool) string {
	seq %= 1000
	if (seq%2 == 1) != male {
		seq = (seq + 1) % 1000
		if (seq%2 == 1) != male {
			seq = (seq + 1) % 1000
		}
	}
	body := region + birth.Format("20060102") + fmt.Sprintf("%03d", seq)
	return body + string(idCheckDigit(body))
}

// Mobile returns a mobile number.
func (g *DemoPeople) Mobile() string {
	return demoMobilePrefixes[g.rng.IntN(len(demoMobilePrefixes))] + fmt.Sprintf("%08d", g.rng.IntN(100000000))
}

// Person returns a new adult customer (18 to 60 years old on day) whose
// identity number no earlier Person had: name, ID number (sex and birth
// follow from it), mobile, address, marital status, employer and origin.
func (g *DemoPeople) Person(day time.Time) Customer {
	male := g.rng.IntN(2) == 0
	var id string
	var birth time.Time
	for {
		birth = Day(day).AddDate(-18-g.rng.IntN(42), 0, -g.rng.IntN(365))
		id = DemoIDNumber(demoRegions[g.rng.IntN(len(demoRegions))], birth, g.rng.IntN(1000), male)
		if !g.used[id] {
			g.used[id] = true
			break
		}
	}
	c := Customer{
		Name:     g.Name(male),
		IDKind:   IDResident,
		IDNumber: id,
		Birth:    birth,
		Gender:   GenderFemale,
		Mobile:   g.Mobile(),
		Address: "杭州市" + demoDistricts[g.rng.IntN(len(demoDistricts))] + demoStreets[g.rng.IntN(len(demoStreets))] +
			strconv.Itoa(1+g.rng.IntN(399)) + "号",
		Employer: demoEmployers[g.rng.IntN(len(demoEmployers))],
		Origin:   demoOrigins[g.rng.IntN(len(demoOrigins))],
	}
	if male {
		c.Gender = GenderMale
	}
	switch n := g.rng.IntN(10); {
	case n < 4:
		c.Marital = MaritalSingle
	case n < 9:
		c.Marital = MaritalMarried
	default:
		c.Marital = MaritalDivorced
	}
	return c
}

// DemoText is the answer a training case gives to a free-text question:
// a name for a question about a name, else a short made-up text.
func (g *DemoPeople) DemoText(label string) string {
	switch {
	case strings.Contains(label, "姓名"):
		return g.Name(g.rng.IntN(2) == 0)
	case strings.Contains(label, "编号"), strings.Contains(label, "号码"), strings.Contains(label, "号"):
		return fmt.Sprintf("ZJ%06d", g.rng.IntN(1000000))
	case strings.Contains(label, "单位"), strings.Contains(label, "学校"):
		return "浙江某某大学"
	case strings.Contains(label, "地址"), strings.Contains(label, "去向"):
		return "杭州市" + demoDistricts[g.rng.IntN(len(demoDistricts))] + demoStreets[g.rng.IntN(len(demoStreets))]
	}
	return "演示数据"
}

// holidaySpan lists the days from..to of year (month, day pairs).
func holidaySpan(year int, fm time.Month, fd int, tm time.Month, td int) []time.Time {
	var out []time.Time
	to := time.Date(year, tm, td, 0, 0, 0, 0, time.Local)
	for d := time.Date(year, fm, fd, 0, 0, 0, 0, time.Local); !d.After(to); d = d.AddDate(0, 0, 1) {
		out = append(out, d)
	}
	return out
}

// HolidayCalendar2026 is the State Council's 2026 holiday arrangement as
// announced in November 2025 (元旦 1-1…1-3, Sunday 1-4 worked; 春节
// 2-15…2-23, Saturdays 2-14 and 2-28 worked; 清明 4-4…4-6; 劳动节 5-1…5-5,
// Saturday 5-9 worked; 端午 6-19…6-21; 中秋 9-25…9-27; 国庆 10-1…10-7, Sunday
// 9-20 and Saturday 10-10 worked). The complaint deadline tests count with
// it and the training station is given it (DemoHolidayCalendar).
func HolidayCalendar2026() HolidayCalendar {
	var hol []time.Time
	for _, p := range [][4]int{{1, 1, 1, 3}, {2, 15, 2, 23}, {4, 4, 4, 6}, {5, 1, 5, 5}, {6, 19, 6, 21}, {9, 25, 9, 27}, {10, 1, 10, 7}} {
		hol = append(hol, holidaySpan(2026, time.Month(p[0]), p[1], time.Month(p[2]), p[3])...)
	}
	var work []time.Time
	for _, p := range [][2]int{{1, 4}, {2, 14}, {2, 28}, {5, 9}, {9, 20}, {10, 10}} {
		work = append(work, time.Date(2026, time.Month(p[0]), p[1], 0, 0, 0, 0, time.Local))
	}
	return HolidayCalendar{Year: 2026, Holidays: hol, Workdays: work}
}

// demoSpringFestival is the first day of the lunar year (春节), by year,
// for the training station's approximate calendars.
var demoSpringFestival = map[int][2]int{
	2015: {2, 19}, 2016: {2, 8}, 2017: {1, 28}, 2018: {2, 16}, 2019: {2, 5}, 2020: {1, 25}, 2021: {2, 12},
	2022: {2, 1}, 2023: {1, 22}, 2024: {2, 10}, 2025: {1, 29}, 2027: {2, 6}, 2028: {1, 26}, 2029: {2, 13},
	2030: {2, 3},
}

// DemoHolidayCalendar returns the holiday calendar a training station is
// given for year: the real arrangement for 2026 (HolidayCalendar2026);
// for other years an APPROXIMATION good enough to practise with, not the
// State Council's announcement: 元旦 1-1, 春节 from its eve for seven days
// (2015–2030; outside them none), 清明 4-5, 劳动节 5-1…5-5 and 国庆
// 10-1…10-7, with no 调休 make-up working days and without 端午 and 中秋.
// A supervisor of a real station enters each year as announced.
func DemoHolidayCalendar(year int) HolidayCalendar {
	if year == 2026 {
		return HolidayCalendar2026()
	}
	hol := holidaySpan(year, 1, 1, 1, 1)
	if sf, ok := demoSpringFestival[year]; ok {
		eve := time.Date(year, time.Month(sf[0]), sf[1]-1, 0, 0, 0, 0, time.Local)
		for i := 0; i < 7; i++ {
			hol = append(hol, eve.AddDate(0, 0, i))
		}
	}
	hol = append(hol, holidaySpan(year, 4, 5, 4, 5)...)
	hol = append(hol, holidaySpan(year, 5, 1, 5, 5)...)
	hol = append(hol, holidaySpan(year, 10, 1, 10, 7)...)
	return HolidayCalendar{Year: year, Holidays: hol}
}

// DemoComplaint is one made-up complaint of the training station's
// stories: what it is about (a default category's code), the customer's
// words and request, the step the owner takes (who was asked and what they
// said), the answer given and the outcome found.
type DemoComplaint struct {
	Category string
	Words    string
	Request  string
	Asked    string
	Said     string
	Answer   string
	Outcome  ComplaintOutcome
}

// DemoComplaints are the training station's complaints, at least one for
// each default category (DefaultComplaintCategories); the station draws
// them in turn.
var DemoComplaints = []DemoComplaint{
	{CategoryWaiting, "上午九点来取号，等了一个多小时才轮到我，窗口只开了一个。", "希望高峰时多开窗口。",
		"值班主管", "当日上午两名同事外出培训，只开一个窗口；已调整排班，周一上午开两个窗口。",
		"已向您说明原因并致歉，今后周一上午固定开两个窗口。", ComplaintUpheld},
	{CategoryAttitude, "窗口工作人员说话不耐烦，我问了两遍材料要求就被催着走。", "要求道歉。",
		"当班窗口人员", "承认当时排队人多语气急躁，愿意向客户道歉。",
		"已当面致歉，并对当班人员进行了服务规范提醒。", ComplaintUpheld},
	{CategoryWrongInfo, "电话里说只要身份证就能办，来了又说要户口本，白跑一趟。", "希望一次性告知清楚。",
		"电话咨询记录", "咨询记录显示当时问的是另一项业务，所答材料对那项业务是对的。",
		"已核对电话记录并向您解释，已把该业务的一次性告知单发到您手机。", ComplaintPartly},
	{CategoryFees, "收据上的金额比我以为的多了一年档案费。", "要求说明收费依据。",
		"财务室", "按收费标准需补交上一年度档案保管费，收费无误。",
		"已出示收费标准和缴费记录，收费符合规定。", ComplaintNotUpheld},
	{CategoryLostPapers, "上个月交的学历证明复印件，现在说找不到了。", "尽快找到，不要让我再跑一趟。",
		"档案室（李老师）", "材料已在待归档柜找到，明天送到窗口。",
		"材料已找到并归入档案，您无需再次提交。", ComplaintUpheld},
	{CategoryOther, "大厅的自助查询机坏了好几天没人修。", "尽快修好。",
		"后勤（王师傅）", "已报修，厂家周三上门更换屏幕。",
		"查询机已于周三修复，感谢您的提醒。", ComplaintUpheld},
	{CategoryWaiting, "预约了下午两点，三点才办上。", "预约的应当按时办理。",
		"预约登记", "当天系统故障半小时，预约号顺延。",
		"已说明系统故障的情况并致歉，今后故障时会及时告知排队的客户。", ComplaintPartly},
	{CategoryAttitude, "保安不让我带孩子进大厅。", "希望给带孩子的客户方便。",
		"大厅保安", "当时大厅人多，保安建议孩子在等候区，没有拒绝进入。",
		"已核实当时情况并向您说明，已提醒保安注意说话方式。", ComplaintNotUpheld},
}

// DemoRatingComments are comments a training station's customers leave
// with a rating, by level (none for the others).
var DemoRatingComments = map[RatingLevel][]string{
	RatingVerySatisfied:    {"办得很快，谢谢！", "工作人员很耐心。", ""},
	RatingSatisfied:        {"", "还可以。"},
	RatingDissatisfied:     {"排队太久了。", "材料要求讲得不清楚，跑了两趟。"},
	RatingVeryDissatisfied: {"等了一个半小时，态度也不好。"},
}

// DemoImprove are what a training station's customers say could be
// better, on a follow-up call.
var DemoImprove = []string{"", "希望能网上预约。", "大厅座位少了一点。", "", "收费标准最好贴在窗口。"}
