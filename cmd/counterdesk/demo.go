package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"counterdesk/assets"
	"counterdesk/forms"
	"counterdesk/store"
)

// demoMain is `counterdesk demo --data FOLDER --password P [--customers N]
// [--cases N] [--seed S] [--days D]`: it makes a training station (练习站点)
// in an empty folder, without a window, and prints its progress and what
// it made. now is the station's "now": the data runs up to it. Ctrl+C (or
// SIGTERM) stops the build at its next step and says so; the half-made
// folder is left for the clerk to delete, as after any failure. It returns
// the exit code.
func demoMain(args []string, stdout io.Writer, now func() time.Time) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stdout)
	dataFlag := fs.String("data", "", "新建练习站点的数据文件夹（须为空文件夹或尚不存在）")
	password := fs.String("password", "", "“演示主管”和“演示客服”的登录密码")
	customers := fs.Int("customers", 5000, "客户人数")
	cases := fs.Int("cases", 0, "受理单件数（0：按客户人数自动确定，每位客户约3件）；超过300000件时，最近一段日子的30000件逐步办理，其余生成为此前多年的已办结历史")
	seed := fs.Uint64("seed", 1, "随机种子：同一种子、同一天生成的数据相同")
	days := fs.Int("days", 90, "演示数据覆盖的天数（到今天为止）")
	fs.Usage = func() {
		fmt.Fprintln(stdout, "用法：counterdesk demo --data 数据文件夹 --password 密码 [--customers 人数] [--cases 件数] [--seed 种子] [--days 天数]")
		fmt.Fprintln(stdout, "例：十年的大网点 counterdesk demo --data D:\\柜台通十年 --password lianxi2026 --customers 1000000 --cases 3000000 --days 3650")
		fmt.Fprintln(stdout, "在空文件夹中建立一个练习站点（网点 XL，窗口 01），供培训新客服、测试和性能测试使用。")
		fmt.Fprintln(stdout, "练习站点打印的每份文书都带“练习”水印，界面标明“练习模式”。")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *dataFlag == "" || fs.NArg() != 0 {
		fs.Usage()
		return 2
	}
	dir, err := filepath.Abs(*dataFlag)
	if err != nil {
		fmt.Fprintf(stdout, "数据文件夹“%s”无效：%v\n", *dataFlag, err)
		return 1
	}
	cat, err := forms.ParseCatalogue(assets.Catalogue)
	if err != nil {
		fmt.Fprintln(stdout, "内置业务目录有误："+forms.ErrorMessage(err))
		return 1
	}
	plan := forms.DemoPlan{Customers: *customers, Cases: *cases, Days: *days, Seed: *seed, End: now(),
		Password: *password, Catalogue: cat}
	if err := plan.Validate(); err != nil {
		fmt.Fprintln(stdout, "没有建立练习站点："+forms.ErrorMessage(err))
		return 1
	}
	if err := store.DemoFolderEmpty(dir); err != nil {
		fmt.Fprintln(stdout, "没有建立练习站点："+forms.ErrorMessage(err))
		return 1
	}
	if err := mkdirShared(dir); err != nil {
		fmt.Fprintf(stdout, "无法建立数据文件夹“%s”：%v\n", dir, err)
		return 1
	}
	start := time.Now()
	fmt.Fprintf(stdout, "正在建立练习站点“%s”：%d 位客户，%d 件受理单，%d 天，种子 %d……\n",
		dir, plan.Customers, plan.CaseCount(), plan.Days, plan.Seed)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	sum, err := store.Demo(ctx, dir, plan, func(s string) {
		fmt.Fprintf(stdout, "  %s（%s）\n", s, time.Since(start).Round(time.Second))
	})
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintln(stdout, "已中断（Ctrl+C），练习站点没有建成。")
		} else {
			fmt.Fprintln(stdout, "练习站点没有建成："+forms.ErrorMessage(err))
		}
		fmt.Fprintf(stdout, "请删除文件夹“%s”后重试。\n", dir)
		return 1
	}
	fmt.Fprint(stdout, demoSummary(dir, plan, sum, time.Since(start)))
	return 0
}

// demoSummary describes the station made, for the console.
func demoSummary(dir string, plan forms.DemoPlan, s *forms.DemoSummary, took time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "练习站点已建好（用时 %s）：%s\n", took.Round(time.Second), dir)
	fmt.Fprintf(&b, "网点 %s，窗口 %02d；登录：主管“%s”、客服“%s”，密码为 --password 所给的密码。\n",
		forms.DemoBranchCode, forms.DemoStation, forms.DemoSupervisor, forms.DemoClerk)
	fmt.Fprintf(&b, "客户 %d 位（集体户成员 %d 位）。\n", s.Customers, s.Members)
	var states []string
	for _, st := range []forms.CaseStatus{forms.CaseCompleted, forms.CaseAccepted, forms.CaseWaiting, forms.CaseDraft, forms.CaseCancelled} {
		states = append(states, fmt.Sprintf("%s %d", st.Label(), s.CasesByStatus[st]))
	}
	fmt.Fprintf(&b, "受理单 %d 件：%s。\n", s.Cases, strings.Join(states, "、"))
	fmt.Fprintf(&b, "收据 %d 张（作废 %d 张）；续费 %d 次；保障金：在押 %d 笔、已退还 %d 笔、已没收 %d 笔；遗失声明 %d 份。\n",
		s.Receipts, s.Voided, s.Renewals, s.DepositsHeld, s.DepositsRefunded, s.DepositsForfeited, s.LossDeclarations)
	fmt.Fprintf(&b, "投诉 %d 件，回访 %d 次，客户评价 %d 次。\n", s.Complaints, s.FollowUps, s.Ratings)
	fmt.Fprintf(&b, "数据日期：%s 至 %s；种子 %d（同一种子、同一天生成的数据相同）。", forms.FormatDate(s.First),
		forms.FormatDate(s.Last), plan.Seed)
	if s.Skipped > 0 {
		fmt.Fprintf(&b, "业务规则拒绝而略去的步骤 %d 个（如客户已转出不能续费）。", s.Skipped)
	}
	fmt.Fprintf(&b, "\n打开练习站点：counterdesk --data \"%s\"\n", dir)
	return b.String()
}
