package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"counterdesk/forms"
	"counterdesk/store"
)

// Exit codes of `counterdesk verify`, for scripts.
const (
	verifyIntact   = 0 // the audit chain, the receipts and the triggers are as the program left them
	verifyTampered = 1 // something was changed, inserted or removed: see the problems printed
	verifyCannot   = 2 // wrong usage, or the database cannot be read (missing, damaged, another version)
)

// verifyMain is `counterdesk verify [--data FOLDER] [--head HASH]`: it checks the
// station's audit log — the hash chain of every entry, every receipt
// against its audit entries, and the protecting triggers — and prints a
// Chinese summary with each problem and its entry number. It only reads
// the database (no migration, nothing recorded), so it works with Counter
// Desk closed or open. --head names a head hash kept elsewhere, which must
// still be in the chain. It returns verifyIntact, verifyTampered or
// verifyCannot.
func verifyMain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataFlag := fs.String("data", "", "数据文件夹（默认："+defaultDataDir()+"）")
	headFlag := fs.String("head", "", "另存的链头哈希（上次校验打印的、或备份与导出时记下的）：核对它仍在链中")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "用法：counterdesk verify [--data 数据文件夹] [--head 另存的链头哈希]")
		fmt.Fprintln(stderr, "校验审计日志：逐条核对哈希链、每张收据和保护数据的触发器，指出第一条被改动、插入或删除的记录。")
		fmt.Fprintln(stderr, "客户资料等其他表没有哈希链，不在校验范围内：程序内的改动见审计日志。")
		fmt.Fprintln(stderr, "只读数据库，不做任何改动；柜台通开着或关着都可以运行。")
		fmt.Fprintln(stderr, "退出码：0 = 完好；1 = 发现篡改；2 = 用法错误或无法读取数据库。")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return verifyCannot // -h too: the usage was printed
	}
	if fs.NArg() != 0 {
		fmt.Fprintf(stderr, "多余的参数：%v\n", fs.Args())
		fs.Usage()
		return verifyCannot
	}
	dataDir := *dataFlag
	if dataDir == "" {
		dataDir = defaultDataDir()
	}
	dataDir, err := filepath.Abs(dataDir)
	if err != nil {
		fmt.Fprintf(stderr, "数据文件夹“%s”无效：%v\n", *dataFlag, err)
		return verifyCannot
	}
	if fi, err := os.Stat(dataDir); err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, "找不到数据文件夹“%s”，请用 --data 指明柜台通的数据文件夹\n", dataDir)
		return verifyCannot
	}
	path := filepath.Join(dataDir, store.DBFileName)
	c, err := store.VerifyFileHead(context.Background(), path, *headFlag)
	if err != nil {
		fmt.Fprintln(stderr, "无法校验："+forms.ErrorMessage(err))
		return verifyCannot
	}
	printAuditCheck(stdout, path, c)
	if *headFlag != "" && c.OK() {
		fmt.Fprintln(stdout, forms.AuditHeadFound)
	}
	if !c.OK() {
		return verifyTampered
	}
	return verifyIntact
}

// printAuditCheck prints a verification's summary and every problem.
func printAuditCheck(w io.Writer, path string, c forms.AuditCheck) {
	fmt.Fprintf(w, "审计日志校验：%s\n", path)
	fmt.Fprintf(w, "审计记录：%d 条；收据：%d 张\n", c.Entries, c.Receipts)
	switch {
	case c.HeadBroken() && c.HeadSeq == 0:
		fmt.Fprintln(w, "链头哈希：无——没有一条记录与哈希链相符")
	case c.HeadBroken():
		// The newest entries do not verify: their stored hashes are no head.
		fmt.Fprintf(w, "链头哈希：%s（最后一条相符的记录，第 %d 条；哈希链在其后断开，第 %d 至 %d 条的哈希不可信）\n",
			c.Head, c.HeadSeq, c.HeadSeq+1, c.Last)
	case c.Head == "":
		fmt.Fprintln(w, "链头哈希：（无记录）")
	default:
		fmt.Fprintf(w, "链头哈希：%s\n", c.Head)
	}
	fmt.Fprintln(w, forms.AuditScope+"。")
	if c.OK() {
		fmt.Fprintln(w, "结果：完好。哈希链、收据、保障金和触发器都与程序写入时一致。")
		fmt.Fprintln(w, "请把链头哈希另外记下（或与上次记下的比对）：整条链从头重写只有用另存的链头才能发现。")
		return
	}
	fmt.Fprintf(w, "结果：发现 %d 处问题", len(c.Problems))
	if c.FirstBad > 0 {
		fmt.Fprintf(w, "，最早一处在第 %d 条记录", c.FirstBad)
	}
	fmt.Fprintln(w, "：")
	for _, p := range c.Problems {
		label := p.KindLabel()
		if p.Seq > 0 {
			fmt.Fprintf(w, "  第 %d 条 [%s] %s\n", p.Seq, label, p.Detail)
		} else {
			fmt.Fprintf(w, "  [%s] %s\n", label, p.Detail)
		}
	}
	fmt.Fprintln(w, "数据库可能被人用其他工具改动过：请保留此文件和备份，报告总部。")
}
