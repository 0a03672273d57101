package forms

import (
	"strings"
	"testing"
	"time"
)

func TestAuditFilter_Validate(t *testing.T) {
	d := func(day int) time.Time { return time.Date(2026, 11, day, 15, 0, 0, 0, time.Local) }
	tests := []struct {
		name string
		f    AuditFilter
		msg  string // "" = valid
	}{
		{"empty", AuditFilter{}, ""},
		{"one day", AuditFilter{From: d(3), To: time.Date(2026, 11, 3, 8, 0, 0, 0, time.Local)}, ""},
		{"range", AuditFilter{From: d(1), To: d(30), Limit: AuditPageMax, Offset: 1000}, ""},
		{"group", AuditFilter{Action: "receipt."}, ""},
		{"one action", AuditFilter{Action: "case.paper_receive"}, ""},
		{"from after to", AuditFilter{From: d(5), To: d(4)}, "起始日期（2026-11-05）晚于结束日期（2026-11-04），请把起始日期改为不晚于结束日期的日子"},
		{"negative limit", AuditFilter{Limit: -1}, "每页条数须在1到500之间"},
		{"limit too big", AuditFilter{Limit: AuditPageMax + 1}, "每页条数须在1到500之间"},
		{"negative offset", AuditFilter{Offset: -5}, "翻页位置不能为负数"},
		{"quote", AuditFilter{Action: "receipt.'"}, "操作类型“receipt.'”不正确，请从“操作”列表中选择"},
		{"percent", AuditFilter{Action: "%"}, "操作类型“%”不正确"},
		{"dot first", AuditFilter{Action: ".issue"}, "操作类型“.issue”不正确"},
		{"upper case", AuditFilter{Action: "Receipt.issue"}, "操作类型“Receipt.issue”不正确"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.f.Validate()
			if tt.msg == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), tt.msg) {
				t.Fatalf("Validate() = %v, want EINVALID containing %q", err, tt.msg)
			}
		})
	}
}

func TestAuditFilter_SpanAndPage(t *testing.T) {
	f := AuditFilter{From: time.Date(2026, 3, 5, 17, 30, 0, 0, time.Local), To: time.Date(2026, 3, 6, 9, 0, 0, 0, time.Local)}
	start, end := f.Span()
	if want := time.Date(2026, 3, 5, 0, 0, 0, 0, time.Local); !start.Equal(want) {
		t.Errorf("start = %v, want %v", start, want)
	}
	if want := time.Date(2026, 3, 7, 0, 0, 0, 0, time.Local); !end.Equal(want) {
		t.Errorf("end = %v, want %v (the To day is included)", end, want)
	}
	if s, e := (AuditFilter{}).Span(); !s.IsZero() || !e.IsZero() {
		t.Errorf("open span = %v, %v", s, e)
	}
	if n := (AuditFilter{}).PageSize(); n != AuditPageMax {
		t.Errorf("PageSize() = %d", n)
	}
	if n := (AuditFilter{Limit: 7}).PageSize(); n != 7 {
		t.Errorf("PageSize() = %d", n)
	}
	if !(AuditFilter{Action: "receipt."}).ActionGroup() || (AuditFilter{Action: "receipt.void"}).ActionGroup() {
		t.Error("ActionGroup wrong")
	}
}

func TestAuditActionLabel(t *testing.T) {
	for action, want := range map[string]string{
		"customer.view": "查阅档案", "receipt.void": "作废收据", "receipt.": "收据（全部）", "something.new": "something.new",
	} {
		if got := AuditActionLabel(action); got != want {
			t.Errorf("AuditActionLabel(%q) = %q, want %q", action, got, want)
		}
	}
	acts := AuditActions()
	if acts[0].Action != "customer." || len(acts) < len(auditGroups)+50 {
		t.Errorf("AuditActions() = %d choices starting %v", len(acts), acts[0])
	}
}

func TestAuditDiff(t *testing.T) {
	before := `{"ID":"c1","Name":"王芳","IDNumber":"510113199203150011","Mobile":"13800001234","Member":false,"Birth":"1992-03-15T00:00:00+08:00","Total":60000,"Answers":{"a":"1"}}`
	after := `{"ID":"c1","Name":"王芳芳","IDNumber":"510113199203150011","Mobile":"13900001234","Member":true,"Birth":"1992-03-15T00:00:00+08:00","Total":60000,"Answers":{"a":"2"},"Employer":"青白江区某公司"}`
	got := AuditDiff(before, after)
	byKey := map[string]AuditField{}
	var order []string
	for _, f := range got {
		byKey[f.Key] = f
		order = append(order, f.Key)
	}
	if strings.Join(order, ",") != "Name,IDNumber,Mobile,Member,Birth,Total,Answers,Employer" {
		t.Errorf("order = %v, want the record's own order then the new fields, without its own ID", order)
	}
	check := func(key, label, b, a string, changed bool) {
		t.Helper()
		f := byKey[key]
		if f.Label != label || f.Before != b || f.After != a || f.Changed != changed {
			t.Errorf("%s = %+v, want %s %q→%q changed=%v", key, f, label, b, a, changed)
		}
	}
	check("Name", "姓名", "王芳", "王芳芳", true)
	check("IDNumber", "证件号码", MaskID("510113199203150011"), MaskID("510113199203150011"), false)
	check("Mobile", "手机号", MaskMobile("13800001234"), MaskMobile("13900001234"), true)
	check("Member", "集体户成员", "否", "是", true)
	check("Total", "合计", Money(60000).String(), Money(60000).String(), false)
	check("Answers", "填写内容", "a：1", "a：2", true)
	check("Employer", "工作单位", "", "青白江区某公司", true)
	if b := byKey["Birth"]; b.Before != "1992-03-15" && !strings.HasPrefix(b.Before, "1992-03-1") {
		t.Errorf("Birth shown as %q", b.Before)
	}
	for _, f := range got {
		if strings.Contains(f.Before+f.After, "510113199203150011") || strings.Contains(f.Before+f.After, "13800001234") {
			t.Errorf("%s shows a whole ID or phone number: %+v", f.Key, f)
		}
	}

	// Created: nothing before, nothing marked changed; not JSON: one field.
	for _, f := range AuditDiff("", after) {
		if f.Changed || f.Before != "" {
			t.Errorf("created record: %+v", f)
		}
	}
	if f := AuditDiff("", "plain"); len(f) != 1 || f[0].Label != "内容" || f[0].After != "plain" {
		t.Errorf("not JSON: %+v", f)
	}
	if f := AuditDiff("", ""); len(f) != 0 {
		t.Errorf("nothing: %+v", f)
	}
}

func TestAuditRecordText(t *testing.T) {
	if s := AuditRecordText(AuditEntry{Entity: "receipt", EntityID: "r1"}); s != "收据 r1" {
		t.Errorf("got %q", s)
	}
	if s := AuditRecordText(AuditEntry{Entity: "station"}); s != "网点" {
		t.Errorf("got %q", s)
	}
}

// TestAuditActionOrder_EveryName checks that every named action has one
// place in the 操作 list's order, and that the order puts the actions a
// supervisor looks for together (not by their codes).
func TestAuditActionOrder_EveryName(t *testing.T) {
	places := map[string]int{}
	for _, g := range auditActionOrder {
		for _, a := range g {
			if _, ok := auditActionNames[a]; !ok {
				t.Errorf("auditActionOrder holds %s, which has no name", a)
			}
			places[a]++
		}
	}
	for a := range auditActionNames {
		if places[a] != 1 {
			t.Errorf("action %s (%s) has %d places in auditActionOrder, want 1", a, auditActionNames[a], places[a])
		}
	}
	acts := AuditActions()
	pos := map[string]int{}
	for i, a := range acts {
		pos[a.Action] = i
	}
	if len(acts) != len(auditGroups)+len(auditActionNames) {
		t.Errorf("AuditActions() has %d choices, want %d", len(acts), len(auditGroups)+len(auditActionNames))
	}
	if acts[len(auditGroups)].Action != "customer.create" {
		t.Errorf("first single action = %v, want customer.create", acts[len(auditGroups)])
	}
	for _, w := range [][2]string{{"customer.create", "case.open"}, {"case.open", "case.accept"},
		{"case.complete", "receipt.issue"}, {"receipt.issue", "deposit.take"}, {"deposit.take", "fee.renew"},
		{"complaint.record", "user.add"}, {"user.add", "setting.change"}, {"setting.change", "backup.make"},
		{"backup.make", "audit.verify"}} {
		if pos[w[0]] >= pos[w[1]] {
			t.Errorf("%s comes at %d, after %s at %d", w[0], pos[w[0]], w[1], pos[w[1]])
		}
	}
	if l := AuditActionLabel("archive.leave"); l != "档案转出" {
		t.Errorf("archive.leave = %q, want 档案转出 (转档 is a service)", l)
	}
	if err := (AuditFilter{System: true, UserID: "u1"}).Validate(); ErrorCode(err) != EINVALID {
		t.Errorf("System with a UserID: %v, want EINVALID", err)
	}
}
