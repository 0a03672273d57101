package forms

import (
	"reflect"
	"strings"
	"testing"
)

// auditKeys lists the keys a record of type t is stored with: its Go
// field names, and the json tags of its nested parts.
func auditKeys(t reflect.Type, out map[string]bool) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t.PkgPath() == "time" {
		return
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name := f.Name
		if tag, _, _ := strings.Cut(f.Tag.Get("json"), ","); tag == "-" {
			continue
		} else if tag != "" {
			name = tag
		}
		out[name] = true
		auditKeys(f.Type, out)
	}
}

// TestAuditLabels_EveryKey: every key of every record the store writes
// into the audit log has a Chinese name (the store's own maps are listed
// here; store's TestAuditRecordNames_EveryEntry walks real entries).
func TestAuditLabels_EveryKey(t *testing.T) {
	keys := map[string]bool{}
	for _, v := range []any{Customer{}, Case{}, Receipt{}, Deposit{}, ContactAttempt{}, Complaint{}, FollowUp{},
		LossDeclaration{}, Rating{}, User{}, Station{}, StationDetails{}, HolidayCalendar{}, MemberImportResult{},
		ExportInfo{}, AuditCheck{}} {
		auditKeys(reflect.TypeOf(v), keys)
	}
	for _, k := range []string{"path", "extra", "sha256", "size", "extra_sha256", "extra_size", "backup_recipient",
		"release", "digest", "day", "receipts", "voided", "cash", "received", "last_seq", "station", "year", "backup",
		"kept_aside", "backup_seq", "mark_seq", "paper_seq", "public_key", "fingerprint", "name", "failures", "locked_until"} {
		keys[k] = true
	}
	for k := range keys {
		if k == "ID" {
			continue // the record's own id is never shown
		}
		if l, ok := auditLabel("", k); !ok || l == "" || l == k && k != "SHA256" {
			t.Errorf("key %q has no Chinese name on the audit screen", k)
		}
	}
}

func TestAuditDiffFor(t *testing.T) {
	field := func(fs []AuditField, label string) AuditField {
		t.Helper()
		for _, f := range fs {
			if f.Label == label {
				return f
			}
		}
		t.Fatalf("no field %s in %+v", label, fs)
		return AuditField{}
	}
	const rid, cid, kid, uid = "01a1f981-c9b8-4801-a94d-263b7e7dc96c", "01a12ee9-3de1-440e-98d5-b1169b662b9e",
		"01a1f981-c9b8-497d-892c-1c0d8c7aa5f2", "01a12ee9-3d80-4a6d-9eef-3e133767da5b"
	names := AuditNames{Records: map[string]string{cid: "刘玉 3301**********0809", kid: "XL01-20261120-007"}}
	receipt := AuditEntry{Entity: "receipt", EntityID: rid, After: `{"ID":"` + rid + `","Number":"XL01-2026-000234","CaseID":"` + kid +
		`","CustomerID":"` + cid + `","PayerName":"刘玉","Lines":[{"text":"人才储备费 2026-07-16 至 2027-07-15","amount":30000,"kind":"fee","fee":"档案保管费"}],` +
		`"Total":30000,"Payment":{"Method":"mobile","Reference":"42004002869903186196"},"ClerkID":"` + uid + `","ClerkName":"演示客服","VoidedBy":"","Voided":false}`}
	fs := AuditDiffFor(receipt, names)
	for _, c := range []struct{ label, want string }{
		{"收据号", "XL01-2026-000234"}, {"受理单", "XL01-20261120-007"}, {"客户", "刘玉 3301**********0809"},
		{"收费项目", "人才储备费 2026-07-16 至 2027-07-15 ¥300.00"}, {"付款方式", "移动支付，交易单号 42004002869903186196"},
		{"开票人", "演示客服"}, {"合计", "¥300.00"},
	} {
		if f := field(fs, c.label); f.After != c.want {
			t.Errorf("receipt %s = %q, want %q", c.label, f.After, c.want)
		}
	}
	seen := map[string]bool{}
	for _, f := range fs {
		if seen[f.Label] || strings.Contains(f.After, rid) || strings.Contains(f.After, uid) || f.Label == "作废人" {
			t.Errorf("receipt shows %+v (twice, an internal id, or empty)", f)
		}
		seen[f.Label] = true
	}

	dep := AuditEntry{Entity: "deposit", EntityID: "d1", Before: `{"State":"held","RefundMethod":"","ClosedBy":""}`,
		After: `{"State":"refunded","RefundMethod":"cash","ClosedBy":"演示主管"}`}
	fs = AuditDiffFor(dep, AuditNames{})
	if f := field(fs, "状态"); f.Before != "在押" || f.After != "已退还" || !f.Changed {
		t.Errorf("deposit state %+v", f)
	}
	if f := field(fs, "退款方式"); f.Before != "—" || f.After != "现金" {
		t.Errorf("refund method %+v", f)
	}
	// Unknown referenced record: labelled as an internal number.
	fs = AuditDiffFor(AuditEntry{Entity: "deposit", After: `{"CaseID":"` + kid + `"}`}, AuditNames{})
	if f := field(fs, "受理单（内部编号）"); f.After != kid {
		t.Errorf("unnamed case %+v", f)
	}

	cs := AuditEntry{Entity: "case", Before: `{"Answers":{},"Items":{}}`,
		After: `{"Answers":{"purpose":"other","purpose_other":"演示数据"},"Items":{"id_card":{"status":"received","originals":1,"copies":1},"photo":{"status":"deferred","promised_by":"2026-12-04T00:00:00Z"}}}`}
	fs = AuditDiffFor(cs, AuditNames{})
	if f := field(fs, "填写内容"); f.After != "purpose：other\npurpose_other：演示数据" {
		t.Errorf("answers %q", f.After)
	}
	if f := field(fs, "材料"); f.After != "id_card：已收，原件1份，复印件1份\nphoto：容缺（约定补交），约定 2026-12-04 前补交" {
		t.Errorf("papers %q", f.After)
	}

	cmp := AuditEntry{Entity: "complaint", After: `{"CallerName":"贾妹琪","CallerPhone":"13972722385","Channel":"letter","Category":"fees","CategoryName":"收费","Complexity":"simple","Outcome":"upheld","OwnerID":"` + uid + `","OwnerName":"演示客服"}`}
	fs = AuditDiffFor(cmp, AuditNames{})
	for _, c := range []struct{ label, want string }{{"来电人电话", MaskMobile("13972722385")}, {"渠道", "信函"},
		{"类别", "收费"}, {"复杂程度", "简单"}, {"处理结果", "属实"}, {"负责人", "演示客服"}} {
		if f := field(fs, c.label); f.After != c.want {
			t.Errorf("complaint %s = %q, want %q", c.label, f.After, c.want)
		}
	}
	if len(fs) != 7 {
		t.Errorf("complaint shows %d fields: %+v", len(fs), fs)
	}

	if fs := AuditDiffFor(AuditEntry{Entity: "user", After: `{"ID":"` + uid + `","Role":"supervisor","PasswordReset":false}`}, AuditNames{}); len(fs) != 2 ||
		fs[0].After != "主管" || fs[1].Label != "密码已重设" {
		t.Errorf("user %+v", fs)
	}
	if fs := AuditDiffFor(AuditEntry{Entity: "user", After: `{"name":"王五","failures":5,"locked_until":"2026-11-20T08:15:00Z"}`}, AuditNames{}); len(fs) != 3 ||
		fs[1].Label != "连续输错次数" || fs[1].After != "5" || fs[2].Label != "锁定至" {
		t.Errorf("lock %+v", fs)
	}
	if fs := AuditDiffFor(AuditEntry{Entity: "setting", EntityID: SettingIdleLockMinutes, Before: `"1"`, After: `"60"`}, AuditNames{}); len(fs) != 1 ||
		fs[0].Label != SettingName(SettingIdleLockMinutes) || fs[0].Before != "1" || fs[0].After != "60" || !fs[0].Changed {
		t.Errorf("setting %+v", fs)
	}
	fs = AuditDiffFor(AuditEntry{Entity: "backup", After: `{"path":"D:\\b.db","extra":"","sha256":"ab","size":10,"extra_sha256":"","extra_size":0}`}, AuditNames{})
	for _, f := range fs {
		if f.Label == "加密另存文件" || f.Label == "加密另存文件 SHA-256" || strings.HasPrefix(f.Label, "extra") {
			t.Errorf("daily backup shows %+v", f)
		}
	}
	if fs := AuditDiffFor(AuditEntry{Entity: "station_key", After: `{"fingerprint":"SHA256:c5","public_key":"ffM="}`}, AuditNames{}); fs[0].Label != "指纹" || fs[1].Label != "公钥" {
		t.Errorf("station key %+v", fs)
	}
}

func TestAuditRowText(t *testing.T) {
	const id = "01a20db4-3dc7-49c5-8dc9-842cad9b4818"
	names := AuditNames{Records: map[string]string{id: "TS-2026-0014", "r1": "XL01-2026-005001", "f1": "崔凤巧"}, Notes: map[string]string{}}
	for _, c := range []struct {
		e    AuditEntry
		want string
	}{
		{AuditEntry{Entity: "complaint", EntityID: id, Note: "投诉 TS-2026-0014：办结，处理结果属实"}, "投诉 TS-2026-0014 · 办结，处理结果属实"},
		{AuditEntry{Entity: "receipt", EntityID: "r1", Note: "XL01-2026-005001 ¥300.00 现金"}, "收据 XL01-2026-005001 · ¥300.00 现金"},
		{AuditEntry{Entity: "follow_up", EntityID: "f1", Note: "回访崔凤巧：回访人改为演示主管"}, "回访 崔凤巧 · 回访人改为演示主管"},
		{AuditEntry{Entity: "station", EntityID: "01a06611-3dc7-49c5-8dc9-842cad9b4818"}, "网点"},
		{AuditEntry{Entity: "station_key", EntityID: "01a06611-3dc7-49c5-8dc9-842cad9b4818", Note: "生成本机导出签名密钥"}, "网点密钥 · 生成本机导出签名密钥"},
		{AuditEntry{Entity: "setting", EntityID: SettingIdleLockMinutes, Note: SettingIdleLockMinutes}, "设置 " + SettingName(SettingIdleLockMinutes)},
		{AuditEntry{Entity: "receipt", EntityID: "r1", Note: "XL01-2026-0050012 x"}, "收据 XL01-2026-005001 · XL01-2026-0050012 x"},
	} {
		if got := AuditRowText(c.e, names); got != c.want {
			t.Errorf("AuditRowText(%+v) = %q, want %q", c.e, got, c.want)
		}
	}
}

// TestAuditDiffFor_CaseByService: a case's answers and papers read by the
// question's text, the option's label and the paper's name from the
// case's service version (AuditNames.Services), in the service's order;
// without it they read by code as stored.
func TestAuditDiffFor_CaseByService(t *testing.T) {
	svc := &Service{Code: "proof", Version: 2, Fees: []Fee{{ID: "archive_fee", Name: "档案保管费"}},
		Questions: []Question{
			{ID: "purpose", Label: "证明用途？", Type: QChoice, Options: []Option{{Value: "other", Label: "其他用途"}}}, // the question mark gives way to "："
			{ID: "urgent", Label: "是否加急", Type: QBool},
		},
		Requirements: []Requirement{{ID: "photo", Name: "照片"}, {ID: "id_card", Name: "居民身份证"}},
	}
	e := AuditEntry{Entity: "case", EntityID: "11111111-2222-3333-4444-555555555555", Action: "case.save",
		After: `{"Answers":{"urgent":"yes","purpose":"other","old_q":"x","months":"12","fees":"archive_fee",` +
			`"fee_names":"档案保管费","archive_fee.before":"","archive_fee.after":"2027-06-30"},` +
			`"Items":{"id_card":{"status":"received","originals":1,"copies":1},"photo":{"status":"missing"}}}`}
	if !AuditNeedsService(e) || AuditNeedsService(AuditEntry{Entity: "case", After: `{"Status":"open"}`}) {
		t.Error("AuditNeedsService wrong")
	}
	names := AuditNames{Services: map[string]*Service{e.EntityID: svc}}
	got := map[string]string{}
	for _, f := range AuditDiffFor(e, names) {
		got[f.Key] = f.After
	}
	if w := "证明用途：其他用途\n是否加急：是\n收费项目：档案保管费\n缴费月数：12\n档案保管费原缴至：无\n档案保管费缴至：2027-06-30\nold_q：x"; got["Answers"] != w {
		t.Errorf("Answers = %q, want %q", got["Answers"], w)
	}
	if w := "照片：未收\n居民身份证：已收，原件1份，复印件1份"; got["Items"] != w {
		t.Errorf("Items = %q, want %q", got["Items"], w)
	}
	for _, f := range AuditDiffFor(e, AuditNames{}) {
		if f.Key == "Items" && !strings.Contains(f.After, "id_card：已收") {
			t.Errorf("without the service, Items = %q", f.After)
		}
	}
}
