// Command hqdesk is head office's side of the branch export (issue 15): it
// makes head office's age identity, registers each station's signing key,
// imports the encrypted, signed export files the branches bring on USB
// sticks into one consolidated database (a SQLite file or PostgreSQL), and
// writes the month report. It builds without cgo and imports nothing of the
// counter's UI.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"counterdesk/forms"
)

// Exit codes of every subcommand.
const (
	exitOK      = 0 // done (for import: every file imported or already imported)
	exitRefused = 1 // something was refused or failed; the message says what and why
	exitUsage   = 2 // wrong command line; the help says how
)

// exitCodesHelp is the part of every help text that documents exit codes.
const exitCodesHelp = `退出码 (exit codes):
  0  成功 (success; for import: every file imported or already imported)
  1  有文件或操作被拒绝、出错，说明已打印 (something was refused or failed; see the message)
  2  命令行有误 (wrong command line)
`

// command is one subcommand of hqdesk. Each file registers its own in an
// init function (report.go registers "report").
type command struct {
	Summary string // one line, Chinese then English
	Run     func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

// commands holds the subcommands by name; "station add" is "station".
var commands = map[string]command{}

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches to a subcommand and returns the process's exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return exitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "hqdesk：没有“%s”这个命令 (unknown command)。\n\n", args[0])
		usage(stderr)
		return exitUsage
	}
	return c.Run(ctx, args[1:], stdout, stderr)
}

// usage prints the overall help.
func usage(w io.Writer) {
	fmt.Fprint(w, `hqdesk — 柜台通总部工具 (Counter Desk head office tool)

用法 (usage): hqdesk <命令 command> [选项 options]

命令 (commands):
`)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, commands[n].Summary)
	}
	fmt.Fprint(w, `
--db 取 SQLite 文件路径（默认，无需安装）或 PostgreSQL 地址 postgres://用户:密码@主机/库名。
--db takes a SQLite file path (the default, nothing to install) or a PostgreSQL URL postgres://user:password@host/dbname.
选项可以写在文件名之前或之后；“--” 之后的都是文件名。
Options may come before or after the file names; everything after "--" is a file name.
import、report 不会新建数据库：SQLite 文件须已由 station add 建立。
import and report never create a database: the SQLite file is made by station add.
每个命令的说明 (help of a command): hqdesk <命令> --help

`+exitCodesHelp)
}

// newFlags makes a flag set whose help prints the given text (Chinese and
// English), the flags and the exit codes.
func newFlags(name, help string, stdout io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("hqdesk "+name, flag.ContinueOnError)
	fs.SetOutput(stdout)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "%s\n选项 (options):\n", strings.TrimRight(help, "\n"))
		fs.PrintDefaults()
		fmt.Fprint(fs.Output(), "\n"+exitCodesHelp)
	}
	return fs
}

// parseFlags parses args; it returns (code, false) when the command should
// stop: exitOK after --help, exitUsage after a wrong flag (the help goes to
// stderr then).
func parseFlags(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (int, bool) {
	fs.SetOutput(io.Discard)
	err := fs.Parse(flagsFirst(fs, args))
	if err == flag.ErrHelp {
		fs.SetOutput(stdout)
		fs.Usage()
		return exitOK, false
	}
	if err != nil {
		fmt.Fprintf(stderr, "命令行有误：%v (wrong command line)\n\n", err)
		fs.SetOutput(stderr)
		fs.Usage()
		return exitUsage, false
	}
	return 0, true
}

// flagsFirst moves the flags of args (with the values of those that take
// one) before the other arguments, so that options may be written after
// the file names (hqdesk import … *.cdx --training). Everything after "--"
// stays an argument; an unknown flag is moved too, so that Parse reports it.
func flagsFirst(fs *flag.FlagSet, args []string) []string {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			rest = append(rest, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		f := fs.Lookup(name)
		if f == nil {
			continue
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			continue
		}
		if i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	if len(rest) == 0 {
		return flags
	}
	return append(append(flags, "--"), rest...)
}

// openForCommand opens head office's database for a command. A SQLite file
// that does not exist is refused (ENOTFOUND, naming it) unless create is set
// — only station add makes a new database, and says so on stdout. A
// PostgreSQL database that does not exist is the server's refusal, given a
// Chinese explanation.
func openForCommand(ctx context.Context, dsn string, create bool, stdout io.Writer) (*hqDB, error) {
	isNew := false
	if strings.TrimSpace(dsn) != "" && dialectFor(dsn).kind == kindSQLite {
		st, err := os.Stat(dsn)
		switch {
		case err == nil && st.IsDir():
			return nil, forms.Errorf(forms.EINVALID, "%s 是一个文件夹，不是总部数据库：请用 --db 给出数据库文件的路径，如 %s", dsn, filepath.Join(dsn, "hq.db"))
		case errors.Is(err, os.ErrNotExist) && !create:
			return nil, forms.Errorf(forms.ENOTFOUND, "找不到总部数据库 %s：请检查 --db 的路径；新数据库由 hqdesk station add 建立 (database not found)", dsn)
		case errors.Is(err, os.ErrNotExist):
			isNew = true
		}
	}
	h, err := openHQ(ctx, dsn)
	if err != nil {
		if dialectFor(dsn).kind == kindPostgres && strings.Contains(forms.ErrorMessage(err), "SQLSTATE 3D000") {
			return nil, forms.Errorf(forms.ENOTFOUND, "找不到总部数据库 %s：PostgreSQL 服务器上没有这个库。请检查 --db 地址中的库名；新库须先由数据库管理员建立（CREATE DATABASE），再用 hqdesk station add 登记工作站 (database does not exist)", redact(dsn))
		}
		return nil, err
	}
	if isNew {
		fmt.Fprintf(stdout, "已新建总部数据库 %s (new head office database created)\n", dsn)
	}
	return h, nil
}

// fail prints an error for head office's operator: the Chinese message of a
// *forms.Error, otherwise the error itself (hqdesk's operator is technical
// enough to read it), and returns exitRefused.
func fail(stderr io.Writer, err error) int {
	var fe *forms.Error
	if errors.As(err, &fe) {
		fmt.Fprintln(stderr, "hqdesk："+fe.Message)
	} else {
		fmt.Fprintln(stderr, "hqdesk：出错 (error):", err)
	}
	return exitRefused
}
