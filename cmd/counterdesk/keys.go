package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"counterdesk/forms"
	"counterdesk/store"
)

// keysMain is `counterdesk keys --data FOLDER`: it prints the public half
// of the station's signing key (store.FormatStationKey) on standard output,
// for the supervisor to save in a file and hand to head office, which
// registers it (hqdesk station add). Errors go to stderr in Chinese. It
// returns the exit code: 0 printed, 1 no station or another failure, 2 a
// usage mistake.
func keysMain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("keys", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataFlag := fs.String("data", "", "数据文件夹（默认："+defaultDataDir()+"）")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "用法：counterdesk keys [--data 数据文件夹] > 文件")
		fmt.Fprintln(stderr, "输出本机的导出签名公钥（含网点代码、窗口编号和指纹）。请把它保存为文件交给总部登记，总部据此确认导出文件来自本机。")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return 2
	}
	db, release, err := openStationForCommand(*dataFlag)
	if err != nil {
		fmt.Fprintln(stderr, "没有输出公钥："+forms.ErrorMessage(err))
		return 1
	}
	defer release()
	k, err := db.StationKey(context.Background())
	if err != nil {
		fmt.Fprintln(stderr, "没有输出公钥："+forms.ErrorMessage(err))
		return 1
	}
	if _, err := io.WriteString(stdout, k.Text); err != nil {
		fmt.Fprintf(stderr, "没有输出公钥：写出失败（%v）\n", err)
		return 1
	}
	return 0
}

// hqKeyMain is `counterdesk hq-key --data FOLDER --user NAME FILE`: it sets
// head office's age recipient, read from FILE (hq-recipient.txt as hqdesk
// keygen wrote it; comment lines, CRLF and a byte-order mark are fine), as
// the supervisor NAME whose password is the first line of standard input.
// It prints the recipient's fingerprint for the supervisor to compare with
// head office's. Exit code 0 set, 1 refused, 2 a usage mistake.
func hqKeyMain(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("hq-key", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataFlag := fs.String("data", "", "数据文件夹（默认："+defaultDataDir()+"）")
	user := fs.String("user", "", "主管的用户名（密码从标准输入的第一行读取）")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "用法：counterdesk hq-key [--data 数据文件夹] --user 主管用户名 总部收件人文件 < 密码")
		fmt.Fprintln(stderr, "设置总部的接收公钥（总部用 hqdesk keygen 生成的 hq-recipient.txt）。此后的导出文件只有总部能解开。须主管操作。")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 || strings.TrimSpace(*user) == "" {
		fs.Usage()
		return 2
	}
	refuse := func(err error) int {
		fmt.Fprintln(stderr, "没有设置总部公钥："+forms.ErrorMessage(err))
		return 1
	}
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return refuse(forms.Errorf(forms.EINVALID, "无法读取总部收件人文件“%s”（%v）。请确认文件名和路径。", fs.Arg(0), err))
	}
	recipient, err := store.ParseRecipient(string(data))
	if err != nil {
		return refuse(err)
	}
	password, err := readPasswordLine(stdin)
	if err != nil {
		return refuse(err)
	}
	db, release, err := openStationForCommand(*dataFlag)
	if err != nil {
		return refuse(err)
	}
	defer release()
	ctx := context.Background()
	a, err := commandSupervisor(ctx, db, *user, password, "设置总部公钥")
	if err != nil {
		return refuse(err)
	}
	if err := db.SetHQRecipient(ctx, a, recipient); err != nil {
		return refuse(err)
	}
	_, fp, err := db.HQRecipient(ctx)
	if err != nil {
		return refuse(err)
	}
	fmt.Fprintf(stdout, "已设置总部公钥：%s\n指纹：%s\n请与总部核对指纹，一致后即可导出。\n", recipient, fp)
	return 0
}

// commandSupervisor logs name in for a command-line subcommand that needs
// a supervisor (what names the task, e.g. "导出到总部") and returns the
// actor. A user who must change the password first, or who is not a
// supervisor, is refused (EFORBIDDEN) with a message fit for the command
// line: there is no approver to ask for there.
func commandSupervisor(ctx context.Context, db *store.DB, name, password, what string) (forms.Actor, error) {
	u, err := db.Login(ctx, name, password)
	if err != nil {
		return forms.Actor{}, err
	}
	if u.MustChange {
		return forms.Actor{}, forms.Errorf(forms.EFORBIDDEN, "用户“%s”须先登录柜台通修改密码，才能%s。", u.Name, what)
	}
	if !u.IsSupervisor() {
		return forms.Actor{}, forms.Errorf(forms.EFORBIDDEN, "%s须由主管操作，“%s”不是主管。请用主管的用户名和密码运行。", what, u.Name)
	}
	return forms.Actor{UserID: u.ID}, nil
}

// readPasswordLine reads the password from the first line of r (a trailing
// CR or LF removed); no line is EINVALID.
func readPasswordLine(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", forms.Errorf(forms.EINVALID, "无法从标准输入读取密码（%v）", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", forms.Errorf(forms.EINVALID, "没有读到密码：请在标准输入的第一行给出主管的密码")
	}
	return line, nil
}

// openStationForCommand opens the station's database in dataDir ("" = the
// default folder) for a command-line subcommand: it takes the
// single-instance lock (a running Counter Desk is asked to close first)
// and never creates a database in a folder that has none. release closes
// the database and frees the lock.
func openStationForCommand(dataDir string) (db *store.DB, release func(), err error) {
	if dataDir == "" {
		dataDir = defaultDataDir()
	}
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		return nil, nil, forms.Errorf(forms.EINVALID, "数据文件夹“%s”无效：%v", dataDir, err)
	}
	path := filepath.Join(abs, store.DBFileName)
	if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
		return nil, nil, forms.Errorf(forms.ENOTFOUND, "数据文件夹“%s”中没有柜台通的数据库（%s）：本机尚未设置，或 --data 给错了文件夹。请用 --data 指定本机的数据文件夹。", abs, store.DBFileName)
	}
	lock, err := acquireLock(filepath.Join(abs, "counterdesk.lock"))
	if err != nil {
		if forms.ErrorCode(err) == forms.ECONFLICT {
			return nil, nil, forms.Errorf(forms.ECONFLICT, "柜台通正在本机运行，请先关闭所有柜台通窗口，再运行本命令。")
		}
		return nil, nil, err
	}
	db, err = store.Open(context.Background(), path)
	if err != nil {
		lock.release()
		return nil, nil, err
	}
	return db, func() { db.Close(); lock.release() }, nil
}
