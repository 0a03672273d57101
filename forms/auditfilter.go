package forms

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// AuditPageMax is the most audit entries one search returns (one page of
// the supervisor's audit screen).
const AuditPageMax = 500

// AuditFilter is what the supervisor's audit screen (审计日志) searches
// the audit log for. Zero fields do not filter.
type AuditFilter struct {
	// From and To are days, both inclusive, in the station's local time;
	// only the date counts. A zero day leaves that end open.
	From, To time.Time
	// UserID is the user who did it (the logged-in user of the entry).
	UserID string
	// System limits the search to the entries the program wrote by itself
	// (user 系统: the daily backup, lock-outs, the start-up's checks),
	// which have no user id. It and UserID exclude each other.
	System bool
	// CustomerID limits the search to one customer and everything of
	// theirs: the record itself, their cases, receipts and deposits,
	// renewals and loss declarations, and the children added under them.
	CustomerID string
	// Action is an action's code (customer.view) or a group of them: a
	// prefix ending in a dot (receipt.).
	Action string
	// Limit is how many entries to return, 1–AuditPageMax; 0 means
	// AuditPageMax. Offset skips that many of the newest first.
	Limit, Offset int
}

// Validate checks the filter, with a Chinese message naming the field and
// the fix (EINVALID).
func (f AuditFilter) Validate() error {
	if !f.From.IsZero() && !f.To.IsZero() && Day(f.From).After(Day(f.To)) {
		return Errorf(EINVALID, "起始日期（%s）晚于结束日期（%s），请把起始日期改为不晚于结束日期的日子",
			FormatDate(f.From), FormatDate(f.To))
	}
	if f.System && f.UserID != "" {
		return Errorf(EINVALID, "“用户”只能选一项：选“系统”或选一位用户")
	}
	if f.Limit < 0 || f.Limit > AuditPageMax {
		return Errorf(EINVALID, "每页条数须在1到%d之间，请改正", AuditPageMax)
	}
	if f.Offset < 0 {
		return Errorf(EINVALID, "翻页位置不能为负数，请从第一页查起")
	}
	if strings.Trim(f.Action, "abcdefghijklmnopqrstuvwxyz._") != "" ||
		strings.HasPrefix(f.Action, ".") || strings.Contains(f.Action, "..") {
		return Errorf(EINVALID, "操作类型“%s”不正确，请从“操作”列表中选择", f.Action)
	}
	return nil
}

// PageSize is the number of entries to return: Limit, or AuditPageMax
// when Limit is 0.
func (f AuditFilter) PageSize() int {
	if f.Limit == 0 {
		return AuditPageMax
	}
	return f.Limit
}

// Span returns the filter's days as times: from the start of From (zero
// when open) up to, not including, the start of the day after To (zero
// when open).
func (f AuditFilter) Span() (start, end time.Time) {
	if !f.From.IsZero() {
		start = Day(f.From)
	}
	if !f.To.IsZero() {
		end = Day(f.To).AddDate(0, 0, 1)
	}
	return start, end
}

// ActionGroup reports whether the filter's Action is a group (a prefix
// ending in a dot, e.g. receipt.) rather than one action.
func (f AuditFilter) ActionGroup() bool { return strings.HasSuffix(f.Action, ".") }

// AuditAction is one choice of the audit screen's 操作 list: an action's
// code or a group's prefix, and its Chinese name.
type AuditAction struct {
	Action string
	Label  string
}

// auditGroups are the groups of actions, by the prefix of their codes.
var auditGroups = []AuditAction{
	{"customer.", "客户档案（全部）"},
	{"case.", "受理单（全部）"},
	{"receipt.", "收据（全部）"},
	{"deposit.", "保障金（全部）"},
	{"fee.", "续费（全部）"},
	{"member.", "成员（全部）"},
	{"loss.", "挂失（全部）"},
	{"complaint.", "投诉（全部）"},
	{"followup.", "回访（全部）"},
	{"user.", "用户（全部）"},
	{"station.", "网点（全部）"},
	{"setting.", "设置（全部）"}, // 修改设置 was in no group (tester)
	{"service.", "业务目录（全部）"},
	{"backup.", "备份（全部）"},
	{"export.", "导出（全部）"},
	{"audit.", "审计日志（全部）"},
}

// auditActionNames are the Chinese names of the actions the store records
// (store/audit.go and the files beside it). An action missing here is
// shown by its code.
var auditActionNames = map[string]string{
	"station.setup":           "网点设置",
	"station.replace":         "换电脑接续网点",
	"station.change":          "修改网点信息",
	"station.print":           "打印报表",
	"station.training":        "生成练习数据",
	"station.key":             "网点密钥",
	"station.recovery_code":   "生成新恢复码",
	"user.add":                "添加用户",
	"user.reset_password":     "重设密码",
	"user.change_password":    "修改密码",
	"user.disable":            "停用用户",
	"user.enable":             "启用用户",
	"user.recover":            "用恢复码找回",
	"user.lock":               "锁定用户",
	"user.unlock":             "解锁用户",
	"customer.create":         "新建客户档案",
	"customer.update":         "修改客户档案",
	"customer.view":           "查阅档案",
	"customer.child":          "登记子女",
	"service.save":            "修改业务",
	"service.dismiss_default": "不采用新版默认业务",
	"case.open":               "开单",
	"case.save":               "保存受理单",
	"case.accept":             "受理",
	"case.cancel":             "撤销受理单",
	"case.reopen":             "退回受理步骤",
	"case.complete":           "办结",
	"case.print":              "打印文书",
	"case.paper_receive":      "收到补交材料",
	"case.paper_move":         "改期补交材料",
	"receipt.issue":           "开具收据",
	"receipt.void":            "作废收据",
	"receipt.skip":            "跳号",
	"receipt.floor":           "设定收据起始号",
	"deposit.take":            "收取保障金",
	"deposit.refund":          "退还保障金",
	"deposit.forfeit":         "没收保障金",
	"deposit.void":            "保障金随收据作废",
	"deposit.contact":         "联系领取保障金",
	"deposit.legacy":          "补录纸质保障金",
	"fee.renew":               "续费",
	"fee.renew_undo":          "撤销续费",
	"member.join":             "落户",
	"member.leave":            "转户",
	"member.import":           "导入成员",
	"archive.leave":           "档案转出",
	"loss.declare":            "挂失声明",
	"loss.resolve":            "挂失处理完毕",
	"loss.refund":             "凭挂失声明退还",
	"holiday.save":            "保存节假日",
	"complaint.record":        "登记投诉",
	"complaint.step":          "记录投诉处理经过",
	"complaint.answer":        "答复投诉",
	"complaint.close":         "办结投诉",
	"complaint.reassign":      "移交投诉",
	"complaint.reclassify":    "改变投诉复杂程度",
	"complaint.recount":       "按节假日安排重算投诉期限",
	"complaint.categories":    "修改投诉类别",
	"followup.due":            "生成回访",
	"followup.view":           "查阅回访记录",
	"followup.assign":         "指定回访人",
	"followup.attempt":        "记录回访联系",
	"followup.complete":       "完成回访",
	"followup.script":         "修改回访话术",
	"followup.sample":         "设置抽样回访",
	"rating.record":           "记录客户评价",
	"setting.change":          "修改设置",
	"backup.make":             "备份",
	"backup.fail":             "备份失败",
	"backup.restore":          "恢复备份",
	"clock.confirm":           "确认电脑时间",
	"day.check":               "日结核对",
	"export.make":             "导出到总部",
	"export.rewrite":          "重写导出文件",
	"export.resend":           "导出重发",
	"audit.seal":              "审计日志封存",
	"audit.verify":            "校验审计日志",
}

// AuditActionLabel returns an action's Chinese name (查阅档案 for
// customer.view), or the code itself for an action it does not know.
func AuditActionLabel(action string) string {
	if s, ok := auditActionNames[action]; ok {
		return s
	}
	for _, g := range auditGroups {
		if g.Action == action {
			return g.Label
		}
	}
	return action
}

// auditActionOrder is the order of the single actions in the 操作 list,
// grouped as a supervisor looks for them rather than by their codes: a
// customer's record, cases, receipts, deposits, renewals and loss
// declarations, complaints and follow-ups, users and logging in, settings
// and the catalogue, backups, exports and the check, and what the program
// does by itself. TestAuditActionOrder_EveryName (forms) and
// TestAuditActions_AllNamed (store) fail on an action left out.
var auditActionOrder = [][]string{
	// 客户档案
	{"customer.create", "customer.update", "customer.view", "customer.child",
		"member.join", "member.leave", "member.import", "archive.leave"},
	// 受理单
	{"case.open", "case.save", "case.accept", "case.reopen", "case.cancel", "case.complete",
		"case.print", "case.paper_receive", "case.paper_move"},
	// 收据
	{"receipt.issue", "receipt.void", "receipt.skip", "receipt.floor", "day.check"},
	// 保障金
	{"deposit.take", "deposit.contact", "deposit.refund", "deposit.forfeit", "deposit.void", "deposit.legacy"},
	// 续费、遗失声明
	{"fee.renew", "fee.renew_undo", "loss.declare", "loss.resolve", "loss.refund"},
	// 投诉、回访
	{"complaint.record", "complaint.step", "complaint.reassign", "complaint.reclassify", "complaint.recount",
		"complaint.answer", "complaint.close", "followup.due", "followup.assign", "followup.view",
		"followup.attempt", "followup.complete", "rating.record"},
	// 用户与登录
	{"user.add", "user.change_password", "user.reset_password", "user.lock", "user.unlock",
		"user.disable", "user.enable", "user.recover", "station.recovery_code"},
	// 设置、业务目录
	{"setting.change", "service.save", "service.dismiss_default", "holiday.save", "complaint.categories",
		"followup.script", "followup.sample", "station.setup", "station.change", "station.replace", "station.key"},
	// 备份、恢复、导出、校验
	{"backup.make", "backup.fail", "backup.restore", "export.make", "export.rewrite", "export.resend",
		"audit.verify", "audit.seal"},
	// 系统
	{"station.print", "clock.confirm", "station.training"},
}

// AuditActions lists the audit screen's 操作 choices: each group, then
// every known action in the order of auditActionOrder, so the actions a
// supervisor looks for together stand together. An action left out of
// that order is not offered: the tests named there fail on it.
func AuditActions() []AuditAction {
	out := append([]AuditAction(nil), auditGroups...)
	for _, g := range auditActionOrder {
		for _, a := range g {
			if l, ok := auditActionNames[a]; ok {
				out = append(out, AuditAction{a, l})
			}
		}
	}
	return out
}

// AuditField is one field of an audit entry's record, before and after
// the change, as the audit screen shows it side by side.
type AuditField struct {
	Key     string // the field's name in the stored JSON, e.g. IDNumber
	Label   string // its Chinese name where known (证件号码), else Key
	Before  string // the value shown, "" when the field was absent
	After   string
	Changed bool // the value differs (or the field came or went)
}

// AuditDiff sets a record before and after the change (stored JSON; ""
// when there was none) side by side, field by field in the record's own
// order, marking what changed, as AuditDiffFor does for an entry of no
// known kind and with no names.
func AuditDiff(before, after string) []AuditField {
	return AuditDiffFor(AuditEntry{Before: before, After: after}, AuditNames{})
}

// jsonObject reads a JSON object's keys in order and their raw values;
// ok is false when s is not an object.
func jsonObject(s string) ([]string, map[string]json.RawMessage, bool) {
	vals := map[string]json.RawMessage{}
	if s == "" {
		return nil, vals, false
	}
	if err := json.Unmarshal([]byte(s), &vals); err != nil {
		return nil, vals, false
	}
	dec := json.NewDecoder(strings.NewReader(s))
	var keys []string
	if _, err := dec.Token(); err != nil {
		return nil, vals, false
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, vals, false
		}
		keys = append(keys, t.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, vals, false
		}
	}
	return keys, vals, true
}

func compact(r json.RawMessage) []byte {
	var b bytes.Buffer
	if err := json.Compact(&b, r); err != nil {
		return r
	}
	return b.Bytes()
}

// AuditNames is what the audit screen shows for a page of entries in
// place of their stored keys (store's AuditRecordNames).
type AuditNames struct {
	// Records names the records the entries are about, by their ID
	// (AuditEntry.EntityID): a customer by name and masked ID number, a
	// case, receipt or deposit by its number, a user by name.
	Records map[string]string
	// Notes holds an entry's note as a supervisor reads it, by the entry's
	// ID (AuditEntry.ID), where it differs from the stored note: a print's
	// document by its title (PrintNoteText).
	Notes map[string]string
	// Services holds, by case id, the service version the case was opened
	// under, so that its answers and papers read by the question's text,
	// the chosen option's label and the paper's name (AuditDiffFor).
	Services map[string]*Service
}

// auditEntityNames are the Chinese names of the kinds of record an audit
// entry is about (AuditEntry.Entity).
var auditEntityNames = map[string]string{"customer": "客户", "case": "受理单", "receipt": "收据", "deposit": "保障金",
	"user": "用户", "station": "网点", "setting": "设置", "service": "业务", "backup": "备份",
	"export": "导出", "day": "日结", "receipt_series": "收据号段", "holiday_calendar": "节假日",
	"member_import": "成员导入", "station_key": "网点密钥", "audit": "审计日志",
	"complaint": "投诉", "follow_up": "回访"}

// AuditRecordText names the record an entry is about for the list: the
// kind of record in Chinese and its id, or the note when the entry names
// no record.
func AuditRecordText(e AuditEntry) string {
	k := auditEntityNames[e.Entity]
	if k == "" {
		k = e.Entity
	}
	if e.EntityID == "" {
		return k
	}
	if e.Entity == "setting" {
		return fmt.Sprintf("%s %s", k, SettingName(e.EntityID))
	}
	return fmt.Sprintf("%s %s", k, e.EntityID)
}

// ParseAuditHead reads a head hash of the audit chain a supervisor kept
// elsewhere (另存的链头哈希): spaces around it and upper-case letters are
// accepted; "" means none. Anything but 64 hexadecimal digits is an
// EINVALID error in Chinese naming the field and the fix.
func ParseAuditHead(s string) (string, error) {
	s = strings.ToLower(strings.Join(strings.Fields(s), ""))
	if s == "" {
		return "", nil
	}
	if len(s) != 64 || strings.Trim(s, "0123456789abcdef") != "" {
		return "", Errorf(EINVALID, "另存的链头哈希应为 64 位十六进制数字（0–9、a–f），现在是 %d 位：请照上次校验结果抄写完整，或留空", len([]rune(s)))
	}
	return s, nil
}
