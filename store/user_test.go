package store

import (
	"context"
	"regexp"
	"testing"

	"counterdesk/forms"
)

func TestDB_Setup(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		f := newFixture(t)
		st, err := f.db.Station(ctx)
		must(t, err)
		if st.Code() != "QB01" || st.BranchName != "青白江人才服务中心" || st.ID == "" {
			t.Fatalf("station = %+v", st)
		}
		if !regexp.MustCompile(`^[2-9A-HJKMNP-Z]{5}(-[2-9A-HJKMNP-Z]{5}){3}$`).MatchString(f.recovery) {
			t.Fatalf("recovery code %q is not 4 groups of 5 unambiguous characters", f.recovery)
		}
		var hash string
		must(t, f.db.db.QueryRowContext(ctx, "SELECT recovery_hash FROM station").Scan(&hash))
		if hash == "" || hash == f.recovery || hash == canonicalRecovery(f.recovery) {
			t.Fatal("the recovery code must be stored only as a hash")
		}
		services, err := f.db.Services(ctx)
		must(t, err)
		if len(services) != 3 || services[0].Code != "borrow_card" || services[1].Code != "archive_transfer" ||
			services[2].Code != "certificate" || services[0].Version != 1 {
			t.Fatalf("services = %+v", services)
		}
		if !f.supUser.IsSupervisor() || f.supUser.MustChange {
			t.Fatalf("first supervisor = %+v", f.supUser)
		}
		lastAudit(t, f.db, st.ID, ActStationSetup)
	})

	t.Run("ErrTwice", func(t *testing.T) {
		f := newFixture(t)
		n := auditCount(t, f.db)
		_, err := f.db.Setup(ctx, forms.Station{BranchCode: "XY", BranchName: "另一网点", Payee: "另一网点", Number: 2},
			"王主管", "wang2026!x", testCatalogue())
		assertErr(t, err, forms.ECONFLICT, "已完成初始设置")
		st, err := f.db.Station(ctx)
		must(t, err)
		if st.Code() != "QB01" || auditCount(t, f.db) != n {
			t.Fatal("a refused second set-up changed something")
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		db := mustOpenDB(t)
		_, err := db.Setup(ctx, forms.Station{BranchCode: "Q1", BranchName: "网点", Payee: "网点", Number: 1},
			supName, supPass, testCatalogue())
		assertErr(t, err, forms.EINVALID, "网点代码")
		_, err = db.Setup(ctx, forms.Station{BranchCode: "QB", BranchName: "网点", Payee: "网点", Number: 1},
			supName, "short", testCatalogue())
		assertErr(t, err, forms.EINVALID, "密码至少8位")
		if _, err := db.Station(ctx); forms.ErrorCode(err) != forms.ENOTFOUND {
			t.Fatalf("refused set-up left a station: %v", err)
		}
		users, err := db.Users(ctx)
		must(t, err)
		if len(users) != 0 {
			t.Fatalf("refused set-up left users: %+v", users)
		}
	})
}

func TestDB_Login(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)

	t.Run("OK", func(t *testing.T) {
		u, err := f.db.Login(ctx, " 李窗口 ", clerkPw)
		must(t, err)
		if u.ID != f.clerk.UserID || u.Role != forms.RoleClerk || u.MustChange {
			t.Fatalf("user = %+v", u)
		}
	})
	t.Run("ErrWrongPassword", func(t *testing.T) {
		_, err := f.db.Login(ctx, clerkNm, "wrong-password1")
		assertErr(t, err, forms.EUNAUTHORIZED, "用户名或密码不正确")
	})
	t.Run("ErrUnknownName", func(t *testing.T) {
		_, err := f.db.Login(ctx, "没有这个人", clerkPw)
		assertErr(t, err, forms.EUNAUTHORIZED, "用户名或密码不正确")
	})
	t.Run("ErrDisabled", func(t *testing.T) {
		u, err := f.db.AddUser(ctx, f.sup, "赵离职", forms.RoleClerk, tempPass)
		must(t, err)
		must(t, f.db.SetUserDisabled(ctx, f.sup, u.ID, true))
		_, err = f.db.Login(ctx, "赵离职", tempPass)
		assertErr(t, err, forms.EFORBIDDEN, "该用户已停用，请联系主管")
		// A wrong password does not reveal that the user exists and is disabled.
		_, err = f.db.Login(ctx, "赵离职", "wrong-password1")
		assertErr(t, err, forms.EUNAUTHORIZED, "用户名或密码不正确")
		lastAudit(t, f.db, u.ID, ActUserDisable)
	})
	t.Run("MustChange", func(t *testing.T) {
		u, err := f.db.AddUser(ctx, f.sup, "钱新人", forms.RoleClerk, tempPass)
		must(t, err)
		got, err := f.db.Login(ctx, "钱新人", tempPass)
		must(t, err)
		if !got.MustChange {
			t.Fatal("a new user must change the password at first log-in")
		}
		// Until then the user can do nothing else.
		err = f.db.CreateCustomer(ctx, forms.Actor{UserID: u.ID}, &forms.Customer{Name: "某人", IDNumber: testID("510113", "19900101", 901), Mobile: "13900000901"})
		assertErr(t, err, forms.EFORBIDDEN, "请先修改密码")

		err = f.db.ChangePassword(ctx, u.ID, "wrong-password1", "qian2026new")
		assertErr(t, err, forms.EUNAUTHORIZED, "原密码不正确")
		err = f.db.ChangePassword(ctx, u.ID, tempPass, "short")
		assertErr(t, err, forms.EINVALID, "密码至少8位")
		err = f.db.ChangePassword(ctx, u.ID, tempPass, "一二三四五六七八九十一二三四五六七八九十一二三四五1")
		assertErr(t, err, forms.EINVALID, "密码过长")
		must(t, f.db.ChangePassword(ctx, u.ID, tempPass, "qian2026new"))
		got, err = f.db.Login(ctx, "钱新人", "qian2026new")
		must(t, err)
		if got.MustChange {
			t.Fatal("ChangePassword did not clear MustChange")
		}
		lastAudit(t, f.db, u.ID, ActUserPassword)
	})
	t.Run("ResetPassword", func(t *testing.T) {
		must(t, f.db.ResetPassword(ctx, f.sup, f.clerk.UserID, "reset2026x"))
		got, err := f.db.Login(ctx, clerkNm, "reset2026x")
		must(t, err)
		if !got.MustChange {
			t.Fatal("a reset password must be changed at the next log-in")
		}
		must(t, f.db.ChangePassword(ctx, f.clerk.UserID, "reset2026x", clerkPw))
		lastAudit(t, f.db, f.clerk.UserID, ActUserReset)
	})
}

func TestDB_SupervisorApproval(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	users, err := f.db.Users(ctx)
	must(t, err)

	t.Run("ErrClerk", func(t *testing.T) {
		n := auditCount(t, f.db)
		_, err := f.db.AddUser(ctx, f.clerk, "孙新人", forms.RoleClerk, tempPass)
		assertErr(t, err, forms.EFORBIDDEN, "此操作须主管批准，请主管输入姓名和密码")
		err = f.db.SetSetting(ctx, f.clerk, forms.SettingReturnDays, "60")
		assertErr(t, err, forms.EFORBIDDEN, "此操作须主管批准")
		err = f.db.ResetPassword(ctx, f.clerk, f.supUser.ID, "takeover123")
		assertErr(t, err, forms.EFORBIDDEN, "此操作须主管批准")
		after, err := f.db.Users(ctx)
		must(t, err)
		if len(after) != len(users) || auditCount(t, f.db) != n {
			t.Fatal("a refused action changed something")
		}
		if v, _ := f.db.Setting(ctx, forms.SettingReturnDays); v != "30" {
			t.Fatalf("return days = %s after a refused change", v)
		}
	})
	t.Run("ErrWrongApproverPassword", func(t *testing.T) {
		a := f.approved()
		a.ApproverPassword = "wrong-password1"
		_, err := f.db.AddUser(ctx, a, "孙新人", forms.RoleClerk, tempPass)
		assertErr(t, err, forms.EFORBIDDEN, "主管姓名或密码不正确", "此操作须主管批准")
	})
	t.Run("ErrApproverIsClerk", func(t *testing.T) {
		a := forms.Actor{UserID: f.clerk.UserID, ApproverName: clerkNm, ApproverPassword: clerkPw}
		_, err := f.db.AddUser(ctx, a, "孙新人", forms.RoleClerk, tempPass)
		assertErr(t, err, forms.EFORBIDDEN, "此操作须主管批准")
	})
	t.Run("OKApproved", func(t *testing.T) {
		u, err := f.db.AddUser(ctx, f.approved(), "孙新人", forms.RoleClerk, tempPass)
		must(t, err)
		e := lastAudit(t, f.db, u.ID, ActUserAdd)
		if e.UserID != f.clerk.UserID || e.UserName != clerkNm || e.ApprovedBy != supName {
			t.Fatalf("audit entry = %+v, want the clerk approved by %s", e, supName)
		}
		must(t, f.db.SetSetting(ctx, f.approved(), forms.SettingReturnDays, "45"))
		e = lastAudit(t, f.db, forms.SettingReturnDays, ActSettingChange)
		if e.ApprovedBy != supName || e.Before != `"30"` || e.After != `"45"` {
			t.Fatalf("setting audit = %+v", e)
		}
	})
	t.Run("OKSupervisorLoggedIn", func(t *testing.T) {
		u, err := f.db.AddUser(ctx, f.sup, "周主管", forms.RoleSupervisor, tempPass)
		must(t, err)
		e := lastAudit(t, f.db, u.ID, ActUserAdd)
		if e.UserName != supName || e.ApprovedBy != "" {
			t.Fatalf("audit entry = %+v", e)
		}
		_, err = f.db.AddUser(ctx, f.sup, "周主管", forms.RoleClerk, tempPass)
		assertErr(t, err, forms.ECONFLICT, "已存在")
	})
}

func TestDB_SetUserDisabled(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)

	t.Run("ErrLastSupervisor", func(t *testing.T) {
		err := f.db.SetUserDisabled(ctx, f.sup, f.supUser.ID, true)
		assertErr(t, err, forms.ECONFLICT, "最后一位在用的主管")
		if _, err := f.db.Login(ctx, supName, supPass); err != nil {
			t.Fatalf("the last supervisor was disabled: %v", err)
		}
	})
	t.Run("OK", func(t *testing.T) {
		second, err := f.db.AddUser(ctx, f.sup, "吴主管", forms.RoleSupervisor, tempPass)
		must(t, err)
		must(t, f.db.SetUserDisabled(ctx, f.sup, f.supUser.ID, true))
		_, err = f.db.Login(ctx, supName, supPass)
		assertErr(t, err, forms.EFORBIDDEN, "已停用")
		// The disabled supervisor can neither act nor approve.
		_, err = f.db.AddUser(ctx, f.approved(), "郑新人", forms.RoleClerk, tempPass)
		assertErr(t, err, forms.EFORBIDDEN, "此操作须主管批准")
		// The remaining one is now the last.
		must(t, f.db.ChangePassword(ctx, second.ID, tempPass, "wu2026pass"))
		err = f.db.SetUserDisabled(ctx, forms.Actor{UserID: second.ID}, second.ID, true)
		assertErr(t, err, forms.ECONFLICT, "最后一位")
		must(t, f.db.SetUserDisabled(ctx, forms.Actor{UserID: second.ID}, f.supUser.ID, false))
		lastAudit(t, f.db, f.supUser.ID, ActUserEnable)
	})
}

func TestDB_RecoverSupervisor(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)

	t.Run("ErrWrongCode", func(t *testing.T) {
		err := f.db.RecoverSupervisor(ctx, "AAAAA-BBBBB-CCCCC-DDDDD", supName, "new2026pass")
		assertErr(t, err, forms.EUNAUTHORIZED, "恢复码不正确")
	})
	t.Run("ErrNotSupervisor", func(t *testing.T) {
		err := f.db.RecoverSupervisor(ctx, f.recovery, clerkNm, "new2026pass")
		assertErr(t, err, forms.EINVALID, "不是主管")
	})
	t.Run("OK", func(t *testing.T) {
		// Typed in lower case without dashes, as a person may.
		code := ""
		for _, r := range f.recovery {
			if r != '-' {
				code += string(r)
			}
		}
		must(t, f.db.RecoverSupervisor(ctx, " "+lower(code)+" ", supName, "new2026pass"))
		u, err := f.db.Login(ctx, supName, "new2026pass")
		must(t, err)
		if u.MustChange {
			t.Fatal("the supervisor chose this password; no change needed")
		}
		lastAudit(t, f.db, u.ID, ActUserRecover)
	})
	t.Run("ErrUsed", func(t *testing.T) {
		err := f.db.RecoverSupervisor(ctx, f.recovery, supName, "again2026pass")
		assertErr(t, err, forms.ECONFLICT, "恢复码已使用")
		if _, err := f.db.Login(ctx, supName, "new2026pass"); err != nil {
			t.Fatalf("a used code changed the password: %v", err)
		}
	})
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func TestDB_Settings(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)

	t.Run("Defaults", func(t *testing.T) {
		for key, want := range forms.SettingDefaults {
			got, err := f.db.Setting(ctx, key)
			must(t, err)
			if got != want {
				t.Fatalf("Setting(%s) = %q, want %q", key, got, want)
			}
		}
		_, err := f.db.Setting(ctx, "no.such.key")
		assertErr(t, err, forms.EINVALID, "未知的设置项")
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for key, value := range map[string]string{
			forms.SettingReturnDays:    "0",
			forms.SettingRetentionDays: "3651",
			forms.SettingReceiptLayout: "two_up",
			forms.SettingLanguage:      "fr",
		} {
			err := f.db.SetSetting(ctx, f.sup, key, value)
			assertErr(t, err, forms.EINVALID)
		}
		assertErr(t, f.db.SetSetting(ctx, f.sup, forms.SettingReturnDays, "366"), forms.EINVALID, "1到365")
		assertErr(t, f.db.SetSetting(ctx, f.sup, "no.such.key", "1"), forms.EINVALID, "未知的设置项")
	})
	t.Run("OK", func(t *testing.T) {
		must(t, f.db.SetSetting(ctx, f.sup, forms.SettingReturnDays, "６０")) // full-width from an IME
		must(t, f.db.SetSetting(ctx, f.sup, forms.SettingReceiptLayout, forms.LayoutPerPage))
		got, err := f.db.Setting(ctx, forms.SettingReturnDays)
		must(t, err)
		if got != "60" {
			t.Fatalf("return days = %q", got)
		}
		lastAudit(t, f.db, forms.SettingReceiptLayout, ActSettingChange)
	})
	t.Run("ManyAtOnce", func(t *testing.T) {
		n := auditCount(t, f.db)
		err := f.db.SetSettings(ctx, f.sup, map[string]string{
			forms.SettingReturnDays:    "45",
			forms.SettingRetentionDays: "abc",
		})
		assertErr(t, err, forms.EINVALID)
		if got, _ := f.db.Setting(ctx, forms.SettingReturnDays); got != "60" || auditCount(t, f.db) != n {
			t.Fatalf("a refused save changed return days to %q or wrote to the log", got)
		}
		assertErr(t, f.db.SetSettings(ctx, f.clerk, map[string]string{forms.SettingReturnDays: "45"}), forms.EFORBIDDEN)
		must(t, f.db.SetSettings(ctx, f.sup, map[string]string{
			forms.SettingReturnDays:    "45",
			forms.SettingReceiptLayout: forms.LayoutPerPage, // unchanged: no new audit entry
		}))
		if got, _ := f.db.Setting(ctx, forms.SettingReturnDays); got != "45" || auditCount(t, f.db) != n+1 {
			t.Fatalf("return days %q, audit entries %d (want %d)", got, auditCount(t, f.db), n+1)
		}
	})
}
