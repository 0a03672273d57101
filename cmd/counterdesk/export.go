package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"counterdesk/forms"
)

// Exit codes of `counterdesk export`.
const (
	exportExitOK      = 0 // written: the file's path is on standard output
	exportExitFailed  = 1 // refused or failed: the reason, in Chinese, on standard error
	exportExitUsage   = 2 // wrong arguments
	exportExitNothing = 3 // nothing changed since the last export: nothing written, nothing wrong
)

// exportMain is `counterdesk export --data DIR --out DIR --user NAME
// [--rewrite N]`: a supervisor's export to head office without a window,
// for a scheduled task and for tests. The password is the first line of
// stdin. It writes the file into --out, prints its path on stdout and
// returns exportExitOK; a refusal or failure is told in Chinese on stderr
// (exportExitFailed); nothing new since the last export is
// exportExitNothing. --rewrite N writes export N again, byte for byte.
func exportMain(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataFlag := fs.String("data", "", "数据文件夹（默认："+defaultDataDir()+"）")
	outFlag := fs.String("out", "", "写入导出文件的文件夹（U盘或其他文件夹）")
	userFlag := fs.String("user", "", "主管的用户名；密码从标准输入的第一行读取")
	rewrite := fs.Int64("rewrite", 0, "重新写出第N号导出（U盘丢失时），与原文件完全相同")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "用法：counterdesk export --data 数据文件夹 --out 导出文件夹 --user 主管用户名 [--rewrite N] < 密码文件")
		fmt.Fprintln(stderr, "把上次导出以来的全部变动写成一个加密、签名的文件（如 QB01-export-000003.cdx），交给总部导入。")
		fmt.Fprintln(stderr, "密码：标准输入的第一行。成功时在标准输出打印文件路径。")
		fmt.Fprintln(stderr, "退出码：0 已写出；1 失败或被拒绝（原因见标准错误）；2 参数有误；3 上次导出以来没有新的变动，没有写出文件。")
		fmt.Fprintln(stderr, "请先关闭柜台通窗口再运行；柜台通运行时，请在程序中用“导出到总部”。")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return exportExitUsage
	}
	if *outFlag == "" || strings.TrimSpace(*userFlag) == "" || fs.NArg() != 0 || *rewrite < 0 {
		fs.Usage()
		return exportExitUsage
	}
	failf := func(format string, a ...any) int {
		fmt.Fprintf(stderr, format+"\n", a...)
		return exportExitFailed
	}
	password, err := readPasswordLine(stdin)
	if err != nil {
		return failf("没有导出：%s", forms.ErrorMessage(err))
	}
	db, release, err := openStationForCommand(*dataFlag)
	if err != nil {
		return failf("没有导出：%s", forms.ErrorMessage(err))
	}
	defer release()
	ctx := context.Background()
	a, err := commandSupervisor(ctx, db, *userFlag, password, "导出到总部")
	if err != nil {
		return failf("没有导出：%s", forms.ErrorMessage(err))
	}
	var info forms.ExportInfo
	if *rewrite > 0 {
		info, err = db.RewriteExport(ctx, a, *rewrite, *outFlag)
	} else {
		// Said here, not by the store, so the hint is this command's.
		if _, fp, err := db.HQRecipient(ctx); err != nil {
			return failf("没有导出：%s", forms.ErrorMessage(err))
		} else if fp == "" {
			return failf("没有导出：%s", noRecipientHint)
		}
		info, err = db.Export(ctx, a, *outFlag, nil)
	}
	if forms.IsNothingToExport(err) {
		fmt.Fprintln(stderr, forms.ErrorMessage(err))
		if st, serr := db.ExportStatus(ctx); serr == nil && st.Last.Number > 0 {
			fmt.Fprintf(stderr, "要重新写出第%d号导出，请在原命令后加 --rewrite %d。\n", st.Last.Number, st.Last.Number)
		}
		return exportExitNothing
	} else if err != nil {
		return failf("没有导出：%s", forms.ErrorMessage(err))
	}
	fmt.Fprintln(stdout, info.Path)
	done := "已写出"
	if *rewrite > 0 {
		done = "已重新写出"
	}
	fmt.Fprintf(stderr, "%s第%d号导出：%d 行，%d 字节，SHA-256 %s。\n", done, info.Number, info.Rows, info.Size, info.SHA256)
	return exportExitOK
}

// noRecipientHint is what `counterdesk export` says when head office's
// key is not set: the full command that sets it.
const noRecipientHint = "尚未设置总部公钥，不能导出：导出文件须加密给总部。请先运行\n" +
	"  counterdesk hq-key --data 数据文件夹 --user 主管用户名 公钥文件 < 密码文件\n" +
	"（公钥文件是总部发来的 hq-recipient.txt，主管密码在密码文件的第一行），或在柜台通的 设置 → 总部公钥 中导入，然后再导出。"
