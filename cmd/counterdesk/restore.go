package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"counterdesk/forms"
	"counterdesk/store"
)

// restoreMain is `counterdesk restore [-data FOLDER] [-code RECOVERY-CODE]
// FILE`: it restores the station's database from a backup file while the
// program is not running, for when the program cannot start. An encrypted
// copy (.db.age) needs the branch's recovery code: -code, or typed when
// asked. It returns the exit code.
func restoreMain(args []string, stdin io.Reader, stdout io.Writer) int {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(stdout)
	dataFlag := fs.String("data", "", "数据文件夹（默认："+defaultDataDir()+"）")
	codeFlag := fs.String("code", "", "网点恢复码（恢复加密备份 .db.age 时需要；不填则会询问——建议按提示输入：写在命令行上的恢复码会留在命令记录里）")
	fs.Usage = func() {
		fmt.Fprintln(stdout, "用法：counterdesk restore [-data 数据文件夹] [-code 恢复码] 备份文件")
		fmt.Fprintln(stdout, "用备份文件恢复本机的柜台通数据库。请先关闭柜台通。当前数据库不会被覆盖，而是改名保留在数据文件夹中。")
		fmt.Fprintln(stdout, "U盘上的加密备份（文件名以 .db.age 结尾）要用保险柜中的网点恢复码解开。")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	dataDir := *dataFlag
	if dataDir == "" {
		dataDir = defaultDataDir()
	}
	dataDir, err := filepath.Abs(dataDir)
	if err != nil {
		fmt.Fprintf(stdout, "数据文件夹“%s”无效：%v\n", dataDir, err)
		return 1
	}
	if err := mkdirShared(dataDir); err != nil {
		fmt.Fprintf(stdout, "无法使用数据文件夹“%s”：%v\n", dataDir, err)
		return 1
	}
	// The lock keeps a running Counter Desk's database from being swapped
	// under it.
	lock, err := acquireLock(filepath.Join(dataDir, "counterdesk.lock"))
	if err != nil {
		fmt.Fprintln(stdout, forms.ErrorMessage(err))
		fmt.Fprintln(stdout, "请先关闭所有柜台通窗口，再运行恢复。")
		return 1
	}
	defer lock.release()
	if err := restoreDialog(context.Background(), dataDir, fs.Arg(0), *codeFlag, stdin, stdout, time.Now); err != nil {
		fmt.Fprintln(stdout, "恢复没有完成："+forms.ErrorMessage(err))
		return 1
	}
	return 0
}

// restoreDialog checks the backup (asking for the recovery code when it
// is encrypted and none was given), asks for the paper 存根联's year and
// last receipt number, restores and says what it did.
func restoreDialog(ctx context.Context, dataDir, file, code string, stdin io.Reader, out io.Writer, now func() time.Time) error {
	in := bufio.NewReader(stdin)
	ask := func(prompt string) (string, error) {
		fmt.Fprint(out, prompt)
		line, err := in.ReadString('\n')
		if err != nil && (line == "" || !errors.Is(err, io.EOF)) {
			return "", forms.Errorf(forms.EINVALID, "没有读到输入，恢复已取消，没有任何改动")
		}
		return strings.TrimSpace(line), nil
	}
	fmt.Fprintf(out, "正在检查备份文件“%s”……\n", file)
	chk, err := store.CheckBackupCode(ctx, dataDir, file, code)
	var fe *forms.Error
	if err != nil && errors.As(err, &fe) && fe.Key == store.KeyRecoveryCodeNeeded {
		fmt.Fprintln(out, "这是U盘上的加密备份（.db.age），要用网点的恢复码解开（保险柜中打印的恢复码，4组、每组5个字符；换发过恢复码的，用备份当时的恢复码）。")
		if code, err = ask("请输入恢复码："); err != nil {
			return err
		}
		fmt.Fprintln(out, "正在解密并检查，需要几秒钟……")
		chk, err = store.CheckBackupCode(ctx, dataDir, file, code)
	}
	if err != nil {
		return err
	}
	if chk.Encrypted {
		fmt.Fprintln(out, "加密备份已用恢复码解开。")
	}
	fmt.Fprintf(out, "备份文件完好：工作站 %s，数据库版本 %d，大小 %d 字节，SHA-256 %s。\n",
		chk.StationCode, chk.SchemaVersion, chk.Size, chk.SHA256)
	if !chk.TakenAt.IsZero() {
		fmt.Fprintf(out, "备份中最新的记录时间：%s。\n", chk.TakenAt.Format("2006-01-02 15:04"))
	}
	year := now().Year()
	for {
		s, err := ask(fmt.Sprintf("请查看纸质收据存根联，最后一张收据是哪一年的？（直接回车 = %d）：", year))
		if err != nil {
			return err
		}
		if s == "" {
			break
		}
		if y, err := strconv.Atoi(s); err == nil && y >= 2000 && y <= now().Year() {
			year = y
			break
		}
		fmt.Fprintf(out, "年份须为2000到%d之间的数字，请重新输入。\n", now().Year())
	}
	fmt.Fprintf(out, "备份中 %d 年的收据已开到第 %d 号。\n", year, chk.LastSeq[year])
	var seq int64
	for {
		s, err := ask("请输入存根联上最后一张收据号的序号（收据号最后6位，例如 QB01-2026-000123 填 123；没有则填 0）：")
		if err != nil {
			return err
		}
		if i := strings.LastIndex(s, "-"); i >= 0 {
			s = s[i+1:]
		}
		if n, err := strconv.ParseInt(s, 10, 64); err == nil && n >= 0 && n <= 999999 {
			seq = n
			break
		}
		fmt.Fprintln(out, "序号须为0到999999之间的数字，请重新输入。")
	}
	s, err := ask(fmt.Sprintf("确认用该备份恢复？当前数据库会改名保留，不会删除。请输入 是 或 y 确认："))
	if err != nil {
		return err
	}
	if s != "是" && !strings.EqualFold(s, "y") && !strings.EqualFold(s, "yes") {
		fmt.Fprintln(out, "已取消，没有任何改动。")
		return nil
	}
	res, err := store.RestoreCode(ctx, dataDir, file, code, year, seq, now)
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "恢复完成。")
	if res.KeptAside != "" {
		fmt.Fprintf(out, "原来的数据库已改名保留为：%s\n", res.KeptAside)
	}
	fmt.Fprintf(out, "收据号：备份记录到第 %d 号，本机高水位记录第 %d 号，存根联第 %d 号。\n", res.BackupSeq, res.MarkSeq, res.PaperSeq)
	fmt.Fprintf(out, "下一张收据号为 %s。中间跳过的收据号已记入操作日志和当天的日结报表。\n", res.NextNumber)
	fmt.Fprintln(out, "备份之后办理的业务不在恢复的数据库中，请按纸质存根联和登记簿补录。现在可以重新打开柜台通。")
	return nil
}

// uiRestorer lets a supervisor restore from the settings screen: it closes
// the open database (it cannot be swapped while open), restores, and the
// UI then ends the program.
type uiRestorer struct {
	db      *store.DB
	dataDir string
}

// CheckBackup implements ui.Restorer.
func (r *uiRestorer) CheckBackup(path, code string) (forms.BackupCheck, error) {
	return store.CheckBackupCode(context.Background(), r.dataDir, path, code)
}

// Restore implements ui.Restorer.
func (r *uiRestorer) Restore(path, code string, year int, lastSeq int64) (string, error) {
	if err := r.db.Close(); err != nil {
		log.Printf("close before restore: %v", err)
	}
	res, err := store.RestoreCode(context.Background(), r.dataDir, path, code, year, lastSeq, time.Now)
	if err != nil {
		log.Printf("restore %s: %v", path, err)
		return "", forms.Errorf(forms.ErrorCode(err), "%s\n请关闭柜台通后重新打开。", forms.ErrorMessage(err))
	}
	msg := fmt.Sprintf("已恢复备份 %s。下一张收据号：%s。", path, res.NextNumber)
	if res.KeptAside != "" {
		msg += fmt.Sprintf("\n原数据库已改名保留为 %s。", res.KeptAside)
	}
	return msg, nil
}
