package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2/test"

	"counterdesk/forms"
)

// walkIssue17 checks that issue 17's screens and dialogs fit 1280×720 in
// their states (fit_test.go walks the rest): a check of the audit log that
// found many long problems; 换发恢复码 with its password dialog, refused
// and accepted, the new code and its printed sheet; the restore dialog with
// the recovery code of an encrypted copy (.db.age) and its refusal; the
// idle lock screen, with a wrong password, 换人登录 and its refusal; and
// the log-in window's lock-out message. A supervisor is logged in; at the
// end the log-in window shows, locked for one name.
func walkIssue17(w *fitWalker) {
	w.t.Helper()
	t := w.t
	home := w.app.home
	if home == nil || !w.app.user.IsSupervisor() {
		t.Fatal("walkIssue17 needs a supervisor logged in")
	}

	// 审计日志: a check that found tampering, every problem long.
	a := home.audit
	w.selectTab("审计日志")
	st := a.st
	broken := forms.AuditCheck{Entries: 1850000, Receipts: 295388, FirstBad: 17, Last: 1850000, HeadSeq: 16}
	for i := 0; i < 30; i++ {
		kind := []string{forms.AuditChanged, forms.AuditInserted, forms.AuditRemoved, forms.AuditReceipt, forms.AuditTrigger}[i%5]
		p := forms.AuditProblem{Seq: int64(1849970 + i), Kind: kind,
			Detail: longText(fmt.Sprintf("收据 QB01-2026-%06d 与其审计记录不符：金额、付款方式或作废状态被改动，", 137+i), 120)}
		if kind == forms.AuditTrigger {
			p.Seq, p.Detail = 0, "触发器 audit_log_no_delete 被改动：CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
		}
		broken.Problems = append(broken.Problems, p)
	}
	a.st = brokenAudit{auditStore: st, check: broken}
	w.mustTap("审计日志", "校验审计日志")
	if !strings.Contains(w.overlayText(), "另有 ") {
		t.Errorf("the broken check's result lists every problem:\n%s", w.overlayText())
	}
	w.check("审计日志 → 校验结果（发现30处问题）")
	w.closeDialogs()
	w.check("审计日志（校验发现问题后）")
	a.st = st

	// 设置 → 换发恢复码: the password dialog, empty, wrong, then the code
	// and its printed sheet.
	w.selectTab("设置")
	s := home.settings
	w.mustTap("设置", "换发恢复码")
	w.check("设置 → 换发恢复码")
	c := s.codeConfirm
	w.mustTap("换发恢复码", "换发")
	w.check("设置 → 换发恢复码（未输入密码）")
	w.typeInto(c.password, "wrong-pass-1")
	w.mustTap("换发恢复码", "换发")
	if !strings.Contains(c.message.Text, "密码不正确") {
		t.Fatalf("换发恢复码 with a wrong password: %q", c.message.Text)
	}
	w.check("设置 → 换发恢复码（密码不正确）")
	w.typeInto(c.password, "zhuguan123")
	w.mustTap("换发恢复码", "换发")
	if w.dialogButton("打印恢复码") == nil {
		t.Fatalf("换发恢复码: no new code shown (%q)", c.message.Text)
	}
	w.check("设置 → 换发恢复码 → 新恢复码")
	printed := func() int {
		w.pr.mu.Lock()
		defer w.pr.mu.Unlock()
		return len(w.pr.printed)
	}
	before := printed()
	w.mustTap("新恢复码", "打印恢复码")
	if printed() == before {
		t.Error("打印恢复码 printed nothing")
	}
	w.check("设置 → 换发恢复码 → 打印恢复码")
	w.closeDialogs()

	// 设置 → 恢复备份 of an encrypted copy: the recovery code's field
	// filled, then a refusal.
	r := &fakeRestorer{}
	w.app.SetRestorer(r)
	w.mustTap("设置", "恢复备份")
	f := s.restoreDlg
	if f == nil || f.code == nil || !f.code.Visible() {
		t.Fatal("the restore dialog has no recovery code field")
	}
	w.check("设置 → 恢复备份")
	w.typeInto(f.path, `E:\柜台通备份\青白江人才服务中心\`+"counterdesk-QB01-20261122-090000.db.age")
	w.typeInto(f.code, "ABCDE-FGHJK-MNPQR-STUVW")
	w.typeInto(f.last, "QB02-2026-000010") // another station's stub
	w.check("设置 → 恢复备份（加密备份与恢复码）")
	test.Tap(f.confirm)
	w.check("设置 → 恢复备份（存根联不是本机的）")
	if r.path != "" {
		t.Fatal("another station's stub was accepted")
	}
	w.closeDialogs()
	w.app.SetRestorer(nil)

	// The idle lock: the screen, a wrong password, 换人登录 and its
	// refusal, 返回, the right password.
	w.app.checkIdle() // the last input: now
	w.clock.Set(w.app.now().Add(time.Hour))
	w.app.checkIdle()
	l := w.app.idle.screen
	if l == nil {
		t.Fatal("the screen did not lock after an hour without input")
	}
	w.check("屏幕已锁定")
	w.typeInto(l.password, "wrong-pass-1")
	test.Tap(l.unlock)
	w.check("屏幕已锁定（密码不正确）")
	w.mustTap("屏幕已锁定", "换人登录")
	w.check("屏幕已锁定 → 换人登录")
	test.Tap(l.unlock) // no name typed
	w.check("屏幕已锁定 → 换人登录（未输入姓名）")
	w.mustTap("换人登录", "返回")
	w.typeInto(l.password, "zhuguan123")
	test.Tap(l.unlock)
	w.wait()
	if w.app.idle.screen != nil {
		t.Fatalf("the right password did not unlock: %q", l.message.Text)
	}

	// The log-in window's lock-out message (for a name that is no user's,
	// the same words as for a user's).
	w.app.showLogin()
	for i := 0; i < forms.MaxFailures; i++ {
		w.closeDialogs()
		w.logIn(longText("没有这个人", forms.RuleUserName.Max), "cuowu12345")
	}
	if !strings.Contains(w.overlayText(), "已锁定") {
		t.Fatalf("the fifth wrong log-in did not say locked:\n%s", w.overlayText())
	}
	w.check("登录（已锁定）")
	w.closeDialogs()
}
