package forms

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// DiffServices returns what changed from old to new, one Chinese line per
// change, for the service's history and the offer of a new default: papers
// (材料) added, removed or changed, documents (文书) added, removed, their
// wording or copies changed, fees and deposits (“户籍卡保障金：¥600.00 →
// ¥500.00”), fee tables, the card return days, the waiting period, talking
// points, questions and the switch groups. Versions are ignored. old nil
// means the service is new; no lines means the same content.
func DiffServices(old, new *Service) []string {
	if new == nil {
		return nil
	}
	if old == nil {
		return []string{fmt.Sprintf("新增业务“%s”", new.Name)}
	}
	var d differ
	if old.Name != new.Name {
		d.add("业务名称：%s → %s", old.Name, new.Name)
	}
	if old.Summary != new.Summary {
		d.add("业务说明已修改")
	}
	if old.ForMembers != new.ForMembers {
		d.add("只限集体户成员：%s → %s", yesNo(old.ForMembers), yesNo(new.ForMembers))
	}
	if old.ForNonMembers != new.ForNonMembers {
		d.add("只限非集体户成员：%s → %s", yesNo(old.ForNonMembers), yesNo(new.ForNonMembers))
	}
	d.questions(old, new)
	d.requirements(old, new)
	d.documents(old, new)
	d.fees(old, new)
	if old.ReturnDays != new.ReturnDays {
		d.add("户籍卡归还天数：%s → %s", returnDays(old.ReturnDays), returnDays(new.ReturnDays))
	}
	d.talkingPoints(old, new)
	for _, g := range SwitchGroups() {
		if a, b := old.GroupOn(g.ID), new.GroupOn(g.ID); a != b {
			d.add("“%s”开关：%s → %s", g.Label, onOff(a), onOff(b))
		}
	}
	if wa, wb := waitingLabel(old.Waiting), waitingLabel(new.Waiting); wa != wb {
		d.add("挂失期：%s → %s", wa, wb)
	}
	if !sameJSON(old.Outcomes, new.Outcomes) {
		d.add("办结结果（挂失期满后的处理方式）已修改")
	}
	if old.ExclusiveGroup != new.ExclusiveGroup || !sameJSON(old.BlockedBy, new.BlockedBy) {
		d.add("“不能同时办理”的规则已修改")
	}
	if !sameJSON(old.OnComplete, new.OnComplete) {
		d.add("办结后对成员记录的处理已修改")
	}
	if len(d.lines) == 0 && !SameContent(old, new) {
		d.add("其他设置已修改")
	}
	return d.lines
}

// differ collects the lines of DiffServices.
type differ struct{ lines []string }

func (d *differ) add(format string, args ...any) {
	d.lines = append(d.lines, fmt.Sprintf(format, args...))
}

// questions compares the questions by ID.
func (d *differ) questions(old, new *Service) {
	find := func(qs []Question, id string) *Question {
		for i := range qs {
			if qs[i].ID == id {
				return &qs[i]
			}
		}
		return nil
	}
	for _, q := range new.Questions {
		p := find(old.Questions, q.ID)
		switch {
		case p == nil:
			d.add("新增问题“%s”", q.Label)
		case !sameJSON(*p, q):
			var what []string
			if p.Label != q.Label {
				what = append(what, "问法改为“"+q.Label+"”")
			}
			if !sameJSON(p.Options, q.Options) || p.Type != q.Type {
				what = append(what, "可选答案")
			}
			if !sameJSON(p.When, q.When) {
				what = append(what, "何时询问")
			}
			if p.Required != q.Required {
				what = append(what, "是否必答")
			}
			if p.Placeholder != q.Placeholder {
				what = append(what, "占位符")
			}
			if len(what) == 0 {
				what = append(what, "说明")
			}
			d.add("问题“%s”：修改了%s", p.Label, strings.Join(what, "、"))
		}
	}
	for _, q := range old.Questions {
		if find(new.Questions, q.ID) == nil {
			d.add("删除问题“%s”", q.Label)
		}
	}
}

// requirements compares the papers by ID.
func (d *differ) requirements(old, new *Service) {
	oldFacts, newFacts := KnownFacts(old), KnownFacts(new)
	find := func(rs []Requirement, id string) *Requirement {
		for i := range rs {
			if rs[i].ID == id {
				return &rs[i]
			}
		}
		return nil
	}
	for _, r := range new.Requirements {
		p := find(old.Requirements, r.ID)
		if p == nil {
			line := fmt.Sprintf("新增材料“%s”（%s", r.Name, r.Quantity())
			if c := r.When.Describe(newFacts); c != "" {
				line += "；条件：" + c
			}
			d.lines = append(d.lines, line+"）")
			continue
		}
		if sameJSON(*p, r) {
			continue
		}
		var what []string
		if p.Name != r.Name {
			what = append(what, "名称改为“"+r.Name+"”")
		}
		if p.Quantity() != r.Quantity() {
			what = append(what, fmt.Sprintf("份数 %s → %s", p.Quantity(), r.Quantity()))
		}
		if !sameJSON(p.When, r.When) {
			what = append(what, fmt.Sprintf("条件 %s → %s", condWords(p.When, oldFacts), condWords(r.When, newFacts)))
		}
		if p.Note != r.Note {
			what = append(what, "说明")
		}
		if p.Off != r.Off {
			what = append(what, map[bool]string{true: "停用", false: "启用"}[r.Off])
		}
		if p.Group != r.Group || p.Switchable != r.Switchable {
			what = append(what, "所属开关")
		}
		if len(what) == 0 {
			what = append(what, "其他设置")
		}
		d.add("材料“%s”：%s", p.Name, strings.Join(what, "；"))
	}
	for _, r := range old.Requirements {
		if find(new.Requirements, r.ID) == nil {
			d.add("删除材料“%s”", r.Name)
		}
	}
}

// documents compares the documents by ID.
func (d *differ) documents(old, new *Service) {
	oldFacts, newFacts := KnownFacts(old), KnownFacts(new)
	find := func(ds []Document, id string) *Document {
		for i := range ds {
			if ds[i].ID == id {
				return &ds[i]
			}
		}
		return nil
	}
	for _, x := range new.Documents {
		p := find(old.Documents, x.ID)
		if p == nil {
			d.add("新增文书%s", x.Title)
			continue
		}
		if sameJSON(*p, x) {
			continue
		}
		var what []string
		if p.Title != x.Title {
			what = append(what, "标题改为"+x.Title)
		}
		if p.Body != x.Body {
			what = append(what, "措辞已修改")
		}
		if !sameJSON(p.Copies, x.Copies) {
			what = append(what, fmt.Sprintf("份数和留存 %s → %s", copiesWords(p.Copies), copiesWords(x.Copies)))
		}
		if !slices.Equal(p.Signatures, x.Signatures) {
			what = append(what, "签名栏")
		}
		if !slices.Equal(p.Boxes, x.Boxes) {
			what = append(what, "粘贴框")
		}
		if !sameJSON(p.When, x.When) {
			what = append(what, fmt.Sprintf("条件 %s → %s", condWords(p.When, oldFacts), condWords(x.When, newFacts)))
		}
		if p.Off != x.Off {
			what = append(what, map[bool]string{true: "停用", false: "启用"}[x.Off])
		}
		if p.Group != x.Group || p.Switchable != x.Switchable {
			what = append(what, "所属开关")
		}
		if len(what) == 0 {
			what = append(what, "其他设置")
		}
		d.add("文书%s：%s", p.Title, strings.Join(what, "；"))
	}
	for _, x := range old.Documents {
		if find(new.Documents, x.ID) == nil {
			d.add("删除文书%s", x.Title)
		}
	}
}

// fees compares the fees and deposits by ID.
func (d *differ) fees(old, new *Service) {
	find := func(fs []Fee, id string) *Fee {
		for i := range fs {
			if fs[i].ID == id {
				return &fs[i]
			}
		}
		return nil
	}
	kind := func(f Fee) string {
		if f.Kind == KindDeposit {
			return "保障金"
		}
		return "费用"
	}
	for _, f := range new.Fees {
		p := find(old.Fees, f.ID)
		if p == nil {
			d.add("新增%s“%s”：%s", kind(f), f.Name, f.Amount)
			continue
		}
		if sameJSON(*p, f) {
			continue
		}
		if p.Name != f.Name {
			d.add("%s“%s”改名为“%s”", kind(*p), p.Name, f.Name)
		}
		if p.Amount != f.Amount && f.Schedule == "" {
			d.add("%s：%s → %s", f.Name, p.Amount, f.Amount)
		}
		if !sameJSON(p.Table, f.Table) {
			d.add("%s的收费标准：%s → %s", f.Name, tableWords(p.Table), tableWords(f.Table))
		}
		if p.Kind != f.Kind || p.Schedule != f.Schedule || !sameJSON(p.When, f.When) {
			d.add("%s“%s”的类别或条件已修改", kind(f), f.Name)
		}
	}
	for _, f := range old.Fees {
		if find(new.Fees, f.ID) == nil {
			d.add("删除%s“%s”", kind(f), f.Name)
		}
	}
}

// talkingPoints compares the talking points by their text.
func (d *differ) talkingPoints(old, new *Service) {
	has := func(ts []TalkingPoint, t TalkingPoint) (found, same bool) {
		for _, x := range ts {
			if x.Text == t.Text {
				return true, sameJSON(x.When, t.When)
			}
		}
		return false, false
	}
	for _, t := range new.TalkingPoints {
		switch found, same := has(old.TalkingPoints, t); {
		case !found:
			d.add("新增提示：%s", short(t.Text))
		case !same:
			d.add("提示“%s”的条件已修改", short(t.Text))
		}
	}
	for _, t := range old.TalkingPoints {
		if found, _ := has(new.TalkingPoints, t); !found {
			d.add("删除提示：%s", short(t.Text))
		}
	}
	var a, b []string
	for _, t := range old.TalkingPoints {
		a = append(a, t.Text)
	}
	for _, t := range new.TalkingPoints {
		b = append(b, t.Text)
	}
	if !slices.Equal(a, b) && sameSet(a, b) {
		d.add("提示的顺序已调整")
	}
}

// sameSet reports whether a and b hold the same strings.
func sameSet(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// short returns the first 20 characters of a text, with … when cut.
func short(s string) string {
	r := []rune(s)
	if len(r) <= 20 {
		return s
	}
	return string(r[:20]) + "…"
}

// condWords is a condition in words, or 无条件 for none.
func condWords(c *Condition, facts []FactInfo) string {
	if c == nil {
		return "无条件"
	}
	return "“" + c.Describe(facts) + "”"
}

// copiesWords lists a document's copies, e.g. "2份（客户留存、单位留存）".
func copiesWords(cs []CopyLabel) string {
	var ls []string
	for _, c := range cs {
		ls = append(ls, c.Label)
	}
	return fmt.Sprintf("%d份（%s）", len(cs), strings.Join(ls, "、"))
}

// tableWords lists a fee table, e.g. "2020-01-01起每年¥300.00，只按整年缴纳".
func tableWords(t *FeeTable) string {
	if t == nil {
		return "无"
	}
	var ls []string
	for _, r := range t.Rates {
		ls = append(ls, fmt.Sprintf("%s起每年%s", r.From, r.Yearly))
	}
	if t.PartYear == PartYearMonths {
		ls = append(ls, "可按月缴纳")
	} else {
		ls = append(ls, "只按整年缴纳")
	}
	return strings.Join(ls, "，")
}

// returnDays is the card return days in words.
func returnDays(n int) string {
	if n == 0 {
		return "按设置中的默认天数"
	}
	return strconv.Itoa(n) + "天"
}

// waitingLabel is a waiting period in words.
func waitingLabel(w *WaitingPeriod) string {
	if w == nil {
		return "无"
	}
	return w.Label()
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

func onOff(b bool) string {
	if b {
		return "开启"
	}
	return "关闭"
}

// sameJSON reports whether a and b marshal the same.
func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}
