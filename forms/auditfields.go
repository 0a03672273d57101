package forms

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The audit screen reads stored records (JSON written by the store: the
// domain's structs by their Go field names, their nested parts by their
// json tags, and a few maps of the store's own) and shows them in the
// clerk's language. The tables below name every key the store writes;
// TestAuditLabels_EveryKey (forms) and TestAuditRecordNames_EveryEntry
// (store) fail on a key left out. Stored entries are never changed: they
// are in the hash chain.

// auditFieldNames are the Chinese names of the keys the records keep.
var auditFieldNames = map[string]string{
	// Customers.
	"Name": "姓名", "Gender": "性别", "IDKind": "证件类型", "IDNumber": "证件号码",
	"Birth": "出生日期", "ParentID": "父母档案", "Mobile": "手机号", "Address": "住址", "Marital": "婚姻状况",
	"Employer": "工作单位", "Origin": "户籍来源", "Member": "集体户成员", "MemberSince": "落户日期",
	"MemberUntil": "转户日期", "ArchiveUntil": "转档日期", "TalentPaidThrough": "人才储备费缴至",
	"ArchivePaidThrough": "档案保管费缴至", "GuardianConsent": "监护人同意", "CreatedAt": "建立时间",
	"UpdatedAt": "修改时间",
	// Cases.
	"Number": "编号", "ServiceCode": "业务代码", "ServiceVersion": "业务版本", "ServiceVer": "业务版本",
	"ServiceName": "业务", "CustomerID": "客户", "CaseID": "受理单", "Answers": "填写内容", "Items": "材料",
	"Status": "状态", "CancelReason": "撤销原因", "ClerkID": "经办人", "ClerkName": "经办人",
	"ReturnDue": "归还日期", "AcceptedAt": "受理时间", "CompletedAt": "办结时间", "Legacy": "纸质补录",
	// Receipts.
	"Year": "年度", "Seq": "序号", "PayerName": "交款人", "PayerID": "交款人证件号码", "Lines": "收费项目",
	"Total": "合计", "Amount": "金额", "Payment": "付款方式", "IssuedAt": "开具时间", "Voided": "已作废",
	"VoidReason": "作废原因", "VoidedBy": "作废人", "VoidedAt": "作废时间",
	"Method": "收款方式", "Reference": "交易单号",
	// Deposits and attempts to reach the customer.
	"ReceiptID": "收据", "ReceiptNumber": "收据号", "RefundMethod": "退款方式", "State": "状态",
	"TakenAt": "收取时间", "ClosedAt": "结清时间", "ClosedBy": "办理人", "ApprovedBy": "批准主管",
	"Returned": "收回", "Reason": "原因", "CustomerName": "客户姓名", "CustomerIDNo": "客户证件号码",
	"CustomerMobile": "客户手机号", "DepositID": "保障金", "At": "时间", "By": "经办人", "Channel": "渠道",
	"Outcome": "结果",
	// Users, the station, settings.
	"Role": "角色", "Disabled": "已停用", "MustChange": "须改密码", "PasswordReset": "密码已重设",
	"BranchCode": "网点代码", "BranchName": "网点全称", "Payee": "收款单位", "Phone": "电话",
	"Training": "练习模式", "Key": "设置项", "Value": "设置值", "LockedUntil": "锁定至",
	// The audit check.
	"Entries": "已校验记录数", "Receipts": "已校验收据数", "Head": "最新校验值", "Problems": "发现的问题",
	"FirstBad": "最早有问题的记录", "HeadSeq": "最新记录序号", "Kind": "类别", "Detail": "详情",
	// Complaints.
	"CallerName": "来电人", "CallerPhone": "来电人电话", "Category": "类别", "CategoryName": "类别",
	"Words": "投诉内容", "Request": "客户诉求", "Complexity": "复杂程度", "ReceivedAt": "收到时间",
	"DueDay": "答复期限", "DueProvisional": "期限暂按周一至周五计", "RecorderID": "登记人",
	"RecorderName": "登记人", "OwnerID": "负责人", "OwnerName": "负责人", "Steps": "处理经过",
	"Handovers": "移交记录", "Answer": "答复", "AnsweredAt": "答复时间",
	// Follow-ups and ratings.
	"Source": "回访原因", "SourceID": "来源记录", "SourceAt": "来源时间", "DueAt": "回访期限",
	"CallerID": "回访人", "Attempts": "联系记录", "Tried": "联系次数", "Score": "评分", "Scored": "已评分",
	"Improve": "改进意见", "NewProblem": "反映新问题", "NewProblemText": "新问题", "NewComplaintID": "新投诉",
	"NewComplaintNumber": "新投诉编号", "DoneAt": "完成时间", "CaseNumber": "受理单号", "Level": "评价",
	"Comment": "客户意见",
	// Loss declarations.
	"Agent": "代理人办理", "AgentName": "代理人", "AgentIDNo": "代理人证件号码", "DeclaredAt": "声明时间",
	"Deposit": "保障金", "DocDate": "票据日期", "DocNumber": "票据号码", "EndDay": "挂失期满",
	"InPerson": "本人到场", "OutcomeLabel": "处理结果", "PaidFor": "收费项目", "Period": "挂失期",
	"Refunds": "退款", "ResolvedAt": "办结时间", "ResolvedBy": "办结人", "Story": "遗失经过",
	// Member imports and exports.
	"FileName": "文件名", "Created": "新建", "Updated": "更新", "Unchanged": "未变", "Refused": "未导入",
	"Counts": "各表行数", "FromSeq": "起始序号", "ToSeq": "截止序号", "Rows": "行数", "Path": "文件",
	"SHA256": "SHA-256", "Size": "大小（字节）", "User": "操作人", "Last": "最后一行",
	// Nested parts, by their json tags: receipt lines, papers, steps,
	// hand-overs, tries, answers, the holiday calendar, periods.
	"text": "内容", "amount": "金额", "kind": "类别", "fee": "费用", "status": "状态", "originals": "原件",
	"copies": "复印件", "promised_by": "约定补交日期", "note": "备注", "received_on": "补交日期",
	"received_by": "收件人", "promised_was": "原约定日期", "promised_first": "最初约定日期",
	"move_reason": "改期原因", "moved_on": "改期日期", "moved_by": "改期经办人", "at": "时间", "asked": "询问",
	"said": "答复", "by_id": "经办人", "by_name": "经办人", "from_id": "原负责人", "from_name": "原负责人",
	"to_id": "新负责人", "to_name": "新负责人", "reason": "原因", "reached": "已接通", "convenient": "方便通话",
	"call_back_at": "约定再联系时间", "question_id": "问题", "question": "问题", "answer": "回答",
	"year": "年度", "holidays": "放假日期", "workdays": "调休上班日期", "days": "天数", "count": "计法",
	// The store's own records: backups, restores, keys, lockouts, the
	// receipt series, the day check, the catalogue.
	"path": "备份文件", "sha256": "SHA-256", "size": "大小（字节）", "extra": "加密另存文件",
	"extra_sha256": "加密另存文件 SHA-256", "extra_size": "加密另存文件大小（字节）",
	"backup": "备份文件", "kept_aside": "原数据另存至", "backup_seq": "备份中的最新记录序号",
	"mark_seq": "恢复标记序号", "paper_seq": "纸质存根联最后一张", "backup_recipient": "备份加密公钥",
	"public_key": "公钥", "fingerprint": "指纹", "name": "名称", "failures": "连续输错次数",
	"locked_until": "锁定至", "last_seq": "最后一张收据序号", "station": "网点", "day": "日期",
	"receipts": "收据张数", "voided": "作废张数", "cash": "现金应有", "received": "实收合计",
	"release": "版本", "digest": "摘要",
	// A service as the catalogue stores it (service.save).
	"code": "业务代码", "version": "版本", "summary": "简介", "questions": "问题", "requirements": "材料",
	"fees": "费用", "documents": "文书", "blocked_by": "不能同时办理", "exclusive_group": "互斥组",
	"for_members": "集体户成员可办", "for_non_members": "非集体户成员可办", "on_complete": "办结后",
	"outcomes": "处理结果", "return_days": "归还期限（天）", "talking_points": "提示要点",
	"waiting": "等待期", "title": "标题", "label": "名称", "id": "代码",
}

// auditEntityFieldNames name a key differently for one kind of record:
// a receipt's Number is its receipt number, a case's its case number.
var auditEntityFieldNames = map[string]map[string]string{
	"receipt":   {"Number": "收据号", "ClerkName": "开票人", "Payment": "付款方式"},
	"case":      {"Number": "受理单号", "ServiceVersion": "业务版本", "ClerkName": "经办人"},
	"complaint": {"Number": "投诉编号", "CustomerID": "客户", "Outcome": "处理结果"},
	"customer":  {"Number": "声明编号", "Kind": "遗失票据", "Amount": "票据金额", "Outcome": "处理结果"},
	"station":   {"Number": "窗口号", "Phone": "网点电话", "year": "收据年度"},
	"follow_up": {"Phone": "联系电话", "Answers": "回访问答", "State": "回访状态"},
	"user":      {"Name": "用户名"},
	"setting":   {},
}

// auditHidden are keys never shown: a name beside them says it (ClerkID
// beside ClerkName), or they are the record's own internal id.
var auditNamedBy = map[string]string{
	"ClerkID": "ClerkName", "OwnerID": "OwnerName", "RecorderID": "RecorderName", "CallerID": "CallerName",
	"by_id": "by_name", "from_id": "from_name", "to_id": "to_name", "Category": "CategoryName",
	"Outcome": "OutcomeLabel", "NewComplaintID": "NewComplaintNumber", "ReceiptID": "ReceiptNumber",
	"question_id": "question",
}

// auditRefKinds are the keys holding the id of another record, and the
// kind of that record (AuditEntry.Entity): the store names them
// (AuditRecordRefs, AuditNames.Records).
var auditRefKinds = map[string]string{
	"CustomerID": "customer", "ParentID": "customer", "CaseID": "case", "ReceiptID": "receipt",
	"DepositID": "deposit", "ClerkID": "user", "OwnerID": "user", "RecorderID": "user", "CallerID": "user",
	"NewComplaintID": "complaint",
}

// personalKeys are fields holding an ID or phone number: the audit screen
// shows them masked, as lists do (the whole record is opened, and
// logged, on the customer screen).
var personalKeys = map[string]bool{"IDNumber": true, "PayerID": true, "CustomerIDNo": true, "AgentIDNo": true}

// phoneKeys are fields holding a person's phone number, masked.
var phoneKeys = map[string]bool{"Mobile": true, "CallerPhone": true, "CustomerMobile": true}

// moneyKeys are fields holding fen (Money).
var moneyKeys = map[string]bool{"Total": true, "Amount": true, "amount": true, "cash": true,
	"received": true, "yearly": true}

// itemStatusNames are the Chinese names of a paper's state on a checklist.
var itemStatusNames = map[ItemStatus]string{ItemMissing: "未收", ItemReceived: "已收", ItemDeferred: "容缺（约定补交）"}

// lossStateNames are the Chinese names of a loss declaration's states.
var lossStateNames = map[LossState]string{LossPending: "挂失中", LossResolved: "已办结"}

// auditEnum shows a coded value in Chinese by its key; ok is false for a
// key that holds no code (or a code it does not know).
func auditEnum(entity, key, v string) (string, bool) {
	var s string
	switch key {
	case "Status", "status":
		if l, ok := itemStatusNames[ItemStatus(v)]; ok && key == "status" {
			return l, true
		}
		s = CaseStatus(v).Label()
	case "State":
		for _, l := range []string{DepositState(v).Label(), FollowUpState(v).Label(), lossStateNames[LossState(v)]} {
			if l != "" && l != v {
				return l, true
			}
		}
	case "Method", "RefundMethod":
		s = PaymentMethod(v).Label()
	case "Channel":
		s = ComplaintChannel(v).Label()
	case "Complexity":
		s = ComplaintComplexity(v).Label()
	case "Outcome":
		s = ComplaintOutcome(v).Label()
	case "Role":
		if v == "" {
			return "", true
		}
		s = Role(v).Label()
	case "Level":
		s = RatingLevel(v).Label()
	case "Kind":
		s = LostKind(v).Label()
	case "Gender":
		s = Gender(v).String()
	case "IDKind":
		s = IDKind(v).String()
	case "Marital":
		if v == "" {
			return "", true
		}
		s = MaritalLabel(v)
	case "Source":
		s = FollowUpSource(v).Label()
	case "kind":
		switch v {
		case "fee":
			return "收费", true
		case "deposit":
			return "保障金", true
		}
	case "count":
		switch v {
		case "", "calendar":
			return "自然日", true
		case "working":
			return "工作日", true
		}
	}
	if s != "" && s != v {
		return s, true
	}
	return "", false
}

// auditLabel is a key's Chinese name for a kind of record; ok is false
// for a key no table names.
func auditLabel(entity, key string) (string, bool) {
	if l, ok := auditEntityFieldNames[entity][key]; ok {
		return l, true
	}
	l, ok := auditFieldNames[key]
	return l, ok
}

// IsUUID reports whether s is a UUID as the store makes its ids
// (8-4-4-4-12 hexadecimal digits).
func IsUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
				return false
			}
		}
	}
	return true
}

// AuditRecordRefs returns the ids of other records an entry's record
// names (its customer, case, receipt, clerk…), by their kind (customer,
// case, receipt, deposit, user, complaint), for the store to name them
// (AuditNames.Records).
func AuditRecordRefs(e AuditEntry) map[string][]string {
	out := map[string][]string{}
	for _, s := range []string{e.Before, e.After} {
		_, vals, ok := jsonObject(s)
		if !ok {
			continue
		}
		for k, raw := range vals {
			kind := auditRefKinds[k]
			var id string
			if kind == "" || json.Unmarshal(raw, &id) != nil || !IsUUID(id) {
				continue
			}
			out[kind] = append(out[kind], id)
		}
	}
	return out
}

// AuditDiffFor sets an entry's record before and after the change side by
// side as the audit screen shows it: each key by its Chinese name, codes
// by theirs, money in yuan, dates in the station's form, ID and phone
// numbers masked, nested parts (a receipt's lines, a case's papers) as
// lines of text; the record's own internal id is left out, another
// record's id is shown by its name (names.Records) or labelled 内部编号,
// and a field empty on both sides is left out. A setting's value is
// shown under the setting's name, unquoted.
func AuditDiffFor(e AuditEntry, names AuditNames) []AuditField {
	before, after := e.Before, e.After
	bk, bv, bok := jsonObject(before)
	ak, av, aok := jsonObject(after)
	if (!bok && before != "") || (!aok && after != "") {
		label := "内容"
		if e.Entity == "setting" && e.EntityID != "" {
			label = SettingName(e.EntityID)
		}
		f := AuditField{Key: "", Label: label, Before: auditScalar(e.Entity, before), After: auditScalar(e.Entity, after),
			Changed: before != "" && after != "" && before != after}
		if f.Before == "" && f.After == "" {
			return nil
		}
		return []AuditField{f}
	}
	keys := append([]string(nil), bk...)
	seen := map[string]bool{}
	for _, k := range bk {
		seen[k] = true
	}
	for _, k := range ak {
		if !seen[k] {
			keys = append(keys, k)
		}
	}
	var out []AuditField
	for _, k := range keys {
		if n := auditNamedBy[k]; n != "" {
			_, b := bv[n]
			_, a := av[n]
			if b || a {
				continue // its name stands beside it
			}
		}
		b, hadB := bv[k]
		a, hadA := av[k]
		label, ok := auditLabel(e.Entity, k)
		if !ok {
			label = k
		}
		f := AuditField{Key: k, Label: label}
		own := false
		ref := false
		svc := names.Services[e.EntityID]
		show := func(raw json.RawMessage) string {
			if e.Entity == "case" && svc != nil && (k == "Answers" || k == "Items") {
				if s, ok := auditCaseParts(svc, k, raw); ok {
					return s
				}
			}
			var s string
			if json.Unmarshal(raw, &s) == nil && IsUUID(s) {
				if s == e.EntityID || k == "ID" {
					own = true
					return ""
				}
				if n := names.Records[s]; n != "" {
					return n
				}
				ref = true
				return s
			}
			return auditShow(e.Entity, k, raw)
		}
		if hadB {
			f.Before = show(b)
		}
		if hadA {
			f.After = show(a)
		}
		if own || f.Before == "" && f.After == "" {
			continue
		}
		if k == "ID" {
			continue // the record's own id, whatever its form
		}
		if ref {
			f.Label += "（内部编号）"
		}
		f.Changed = before != "" && after != "" && (hadA != hadB || string(compact(a)) != string(compact(b)))
		if f.Changed {
			if hadB && f.Before == "" {
				f.Before = "—"
			}
			if hadA && f.After == "" {
				f.After = "—"
			}
		}
		out = append(out, f)
	}
	return out
}

// AuditNeedsService reports whether an entry's record keeps a case's
// answers or papers, which read by name only with the case's service
// version (AuditNames.Services).
func AuditNeedsService(e AuditEntry) bool {
	for _, s := range []string{e.Before, e.After} {
		_, vals, ok := jsonObject(s)
		if !ok {
			continue
		}
		if _, ok := vals["Answers"]; ok {
			return true
		}
		if _, ok := vals["Items"]; ok {
			return true
		}
	}
	return false
}

// auditCaseParts shows a case's answers (key Answers) or papers (Items)
// one a line in the order of the service's questions or papers: a
// question by its text and the answer by the chosen option's label (是/否
// for yes or no), a paper by its name and its state (auditPaper); a code
// the service does not know is shown as it is, after the others.
func auditCaseParts(svc *Service, key string, raw json.RawMessage) (string, bool) {
	var order []string
	label := map[string]string{}
	var lines []string
	switch key {
	case "Answers":
		var m map[string]string
		if json.Unmarshal(raw, &m) != nil {
			return "", false
		}
		questions := map[string]Question{}
		for _, q := range svc.Questions {
			questions[q.ID] = q
			order = append(order, q.ID)
		}
		// The answers the program writes itself: a renewal's
		// (RenewalAnswers) and the loss declaration a refund stands on.
		own := map[string]string{"fee_names": "收费项目", "months": "缴费月数", "declaration": "遗失声明编号"}
		order = append(order, "fee_names", "months")
		for _, f := range svc.Fees {
			own[f.ID+".before"] = f.Name + "原缴至"
			own[f.ID+".after"] = f.Name + "缴至"
			order = append(order, f.ID+".before", f.ID+".after")
		}
		order = append(order, "declaration", "outcome")
		for id, v := range m {
			if q, ok := questions[id]; ok {
				// 借户籍卡做什么用？ is followed by its answer, not by "：".
				label[id] = strings.TrimRight(q.Label, "？?：: ") + "：" + auditAnswer(q, v)
			} else if id == "outcome" {
				label[id] = "处理结果：" + auditOutcome(svc, v)
			} else if l, ok := own[id]; ok {
				label[id] = l + "：" + dashIfNone(v)
			} else if id == "fees" && m["fee_names"] != "" {
				continue // named by fee_names
			} else {
				label[id] = id + "：" + v
			}
		}
	case "Items":
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) != nil {
			return "", false
		}
		names := map[string]string{}
		for _, r := range svc.Requirements {
			names[r.ID] = r.Name
			order = append(order, r.ID)
		}
		for id, v := range m {
			var part map[string]any
			if json.Unmarshal(v, &part) != nil {
				return "", false
			}
			n := names[id]
			if n == "" {
				n = id
			}
			label[id] = n + "：" + auditPaper(part)
		}
	default:
		return "", false
	}
	done := map[string]bool{}
	for _, id := range order {
		if l, ok := label[id]; ok && !done[id] {
			lines = append(lines, l)
			done[id] = true
		}
	}
	var rest []string
	for id := range label {
		if !done[id] {
			rest = append(rest, id)
		}
	}
	sort.Strings(rest)
	for _, id := range rest {
		lines = append(lines, label[id])
	}
	return strings.Join(lines, "\n"), true
}

// auditOutcome names a loss declaration's outcome (the case's answer
// outcome) by the service's label for it.
func auditOutcome(svc *Service, id string) string {
	for _, o := range svc.Outcomes {
		if o.ID == id && o.Label != "" {
			return o.Label
		}
	}
	return id
}

// dashIfNone is v, or 无 when it is empty (a fee never paid before).
func dashIfNone(v string) string {
	if v == "" {
		return "无"
	}
	return v
}

// auditAnswer shows an answer to a question: a choice by its option's
// label, yes or no as 是 or 否, anything else as it was typed.
func auditAnswer(q Question, v string) string {
	for _, o := range q.Options {
		if o.Value == v {
			return o.Label
		}
	}
	if q.Type == QBool {
		switch v {
		case "yes":
			return "是"
		case "no":
			return "否"
		}
	}
	return v
}

// auditScalar shows a record that is not an object (a setting's value): a
// JSON string unquoted, anything else as auditShow shows it.
func auditScalar(entity, s string) string {
	if s == "" {
		return ""
	}
	var v any
	if json.Unmarshal([]byte(s), &v) != nil {
		return s
	}
	return auditShow(entity, "", json.RawMessage(s))
}

// auditShow shows one stored value: text as it is, 是/否, codes by their
// Chinese names, dates and times in the station's form (a zero time as
// nothing), money in yuan, ID and phone numbers masked, nested parts as
// lines of text.
func auditShow(entity, key string, raw json.RawMessage) string {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return string(raw)
	}
	switch key {
	case "Lines":
		var ls []ReceiptLine
		if json.Unmarshal(raw, &ls) == nil {
			var out []string
			for _, l := range ls {
				out = append(out, strings.TrimSpace(l.Text+" "+l.Amount.String()))
			}
			return strings.Join(out, "\n")
		}
	case "Payment":
		var p Payment
		if json.Unmarshal(raw, &p) == nil && p.Method != "" {
			if p.Reference != "" {
				return p.Method.Label() + "，交易单号 " + p.Reference
			}
			return p.Method.Label()
		}
	case "Period", "waiting":
		var w WaitingPeriod
		if json.Unmarshal(raw, &w) == nil && w.Days > 0 {
			return w.Label()
		}
	}
	return auditValueOf(entity, key, v)
}

// auditValueOf shows a decoded JSON value (see auditShow).
func auditValueOf(entity, key string, v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case bool:
		if x {
			return "是"
		}
		return "否"
	case float64:
		if moneyKeys[key] && x == float64(int64(x)) {
			return Money(int64(x)).String()
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		return auditString(entity, key, x)
	case []any:
		var out []string
		for _, e := range x {
			if s := auditValueOf(entity, key, e); s != "" {
				out = append(out, s)
			}
		}
		if len(out) > 0 {
			if _, ok := x[0].(map[string]any); ok {
				return strings.Join(out, "\n")
			}
			if _, ok := x[0].(string); ok && len(out) > 3 {
				return strings.Join(out, "、")
			}
		}
		return strings.Join(out, "\n")
	case map[string]any:
		return auditObject(entity, key, x)
	}
	return fmt.Sprint(v)
}

// auditString shows a stored string.
func auditString(entity, key, x string) string {
	if x == "" {
		return ""
	}
	if personalKeys[key] {
		return MaskID(x)
	}
	if phoneKeys[key] || key == "Phone" && entity == "follow_up" {
		return MaskMobile(x)
	}
	if s, ok := auditEnum(entity, key, x); ok {
		return s
	}
	if t, err := time.Parse(time.RFC3339Nano, x); err == nil && len(x) >= 20 {
		if t.IsZero() || t.Year() <= 1 {
			return ""
		}
		t = t.Local()
		if t.Equal(Day(t)) {
			return FormatDate(t)
		}
		return t.Format("2006-01-02 15:04:05")
	}
	return x
}

// auditObject shows a nested object: a part that has a name (a service's
// paper, fee or document) by its name; else its fields as 名称：值, on
// one line for an element of a list, one a line for a map of parts (a
// case's answers or papers, by their code).
func auditObject(entity, key string, m map[string]any) string {
	for _, n := range []string{"name", "title", "label"} {
		if s, ok := m[n].(string); ok && s != "" {
			return s
		}
	}
	if s, ok := m["text"].(string); ok && len(m) == 1 {
		return s
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return auditKeyOrder(keys[i]) < auditKeyOrder(keys[j]) || auditKeyOrder(keys[i]) == auditKeyOrder(keys[j]) && keys[i] < keys[j]
	})
	var parts []string
	for _, k := range keys {
		if n := auditNamedBy[k]; n != "" {
			if _, ok := m[n]; ok {
				continue
			}
		}
		var s string
		if sub, ok := m[k].(map[string]any); ok {
			s = auditObject(entity, k, sub)
			if _, ok := sub["status"]; ok {
				s = auditPaper(sub) // a case's paper: 已收，原件1份，复印件1份
			}
		} else if str, ok := m[k].(string); ok && IsUUID(str) {
			continue
		} else {
			s = auditValueOf(entity, k, m[k])
		}
		if s == "" {
			continue
		}
		label, ok := auditLabel(entity, k)
		if !ok {
			label = k // a question's or paper's code: the service names it
		}
		parts = append(parts, label+"："+s)
	}
	if key == "Answers" || key == "Items" || key == "on_complete" {
		return strings.Join(parts, "\n")
	}
	return strings.Join(parts, "，")
}

// auditKeyOrder puts a nested part's time first and its text next, so a
// step or try reads in order.
func auditKeyOrder(k string) int {
	switch k {
	case "at", "status", "text":
		return 0
	case "amount", "originals":
		return 1
	case "copies":
		return 2
	}
	return 3
}

// auditPaper shows one paper of a case's checklist: its state, how many
// originals and copies, and the dates promised.
func auditPaper(m map[string]any) string {
	data, _ := json.Marshal(m)
	var st ItemState
	if json.Unmarshal(data, &st) != nil {
		return auditObject("", "", m)
	}
	parts := []string{itemStatusNames[st.Status]}
	if parts[0] == "" {
		parts[0] = string(st.Status)
	}
	if st.Originals > 0 {
		parts = append(parts, fmt.Sprintf("原件%d份", st.Originals))
	}
	if st.Copies > 0 {
		parts = append(parts, fmt.Sprintf("复印件%d份", st.Copies))
	}
	if !st.PromisedBy.IsZero() {
		parts = append(parts, "约定 "+FormatDate(st.PromisedBy.Local())+" 前补交")
	}
	if !st.ReceivedOn.IsZero() {
		s := FormatDate(st.ReceivedOn.Local()) + " 补交"
		if st.ReceivedBy != "" {
			s += "（" + st.ReceivedBy + "收）"
		}
		parts = append(parts, s)
	}
	if !st.PromisedFirst.IsZero() {
		parts = append(parts, "最初约定 "+FormatDate(st.PromisedFirst.Local()))
	}
	if st.MoveReason != "" {
		parts = append(parts, "改期原因："+st.MoveReason)
	}
	if st.Note != "" {
		parts = append(parts, "备注："+st.Note)
	}
	return strings.Join(parts, "，")
}

// AuditRowText is an entry's line in the audit screen's list: the kind of
// record and its name (names.Records; a setting by its name; an id that
// is a UUID is not shown, only the kind), then the note as a supervisor
// reads it (names.Notes) without the name again when it begins with it.
func AuditRowText(e AuditEntry, names AuditNames) string {
	kind := auditEntityNames[e.Entity]
	if kind == "" {
		kind = e.Entity
	}
	name := names.Records[e.EntityID]
	switch {
	case name != "":
	case e.Entity == "setting" && e.EntityID != "":
		name = SettingName(e.EntityID)
	case !IsUUID(e.EntityID):
		name = e.EntityID
	}
	r := kind
	if name != "" {
		r += " " + name
	}
	note := e.Note
	if n, ok := names.Notes[e.ID]; ok {
		note = n
	}
	if e.Entity == "setting" {
		note = SettingName(note)
	}
	if name != "" {
		for _, p := range []string{r, kind + name, name} {
			if rest, ok := strings.CutPrefix(note, p); ok && (rest == "" || strings.ContainsAny(rest[:1], " :,;") ||
				strings.HasPrefix(rest, "：") || strings.HasPrefix(rest, "，") || strings.HasPrefix(rest, "；")) {
				note = strings.TrimLeft(rest, " :,;：，；")
				break
			}
		}
	}
	if note == "" {
		return r
	}
	return r + " · " + note
}
