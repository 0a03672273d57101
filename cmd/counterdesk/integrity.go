package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"

	"counterdesk/store"
)

// The background integrity check (store.DB.CheckIntegrity) reads the whole
// database file. The window's process runs it in a child process, this
// program again with the argument integrity-check: SQLite's memory for
// reading the file is then the child's. In the window's process, the check
// of the 42 GB ten-year station raised peak memory after log-in and one
// search by 13 MB (1.37× the empty window instead of 1.26×; BENCHMARKS.md,
// issue 17).

// integrityCheckMain is `counterdesk integrity-check FILE`: it runs
// store.QuickCheckFile on the database file FILE and prints what it found
// wrong as a JSON array of strings (empty: the file is whole), exit 0. A
// check that cannot run prints its error on stderr, exit 2; wrong usage
// exits 2 too. It only reads the file.
func integrityCheckMain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 || args[0] == "" {
		fmt.Fprintln(stderr, "用法：counterdesk integrity-check 数据库文件（柜台通在后台检查数据库时自己运行，不需手动运行）")
		return 2
	}
	problems, err := store.QuickCheckFile(ctx, args[0])
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	if problems == nil {
		problems = []string{}
	}
	if err := json.NewEncoder(stdout).Encode(problems); err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	return 0
}

// childIntegrityReader is the reader store.DB.SetIntegrityReader takes:
// it runs `exe integrity-check PATH` (with env added to the environment)
// and returns the problems it printed. The end of ctx (the window closing)
// kills the child.
func childIntegrityReader(exe string, env []string) func(ctx context.Context, path string) ([]string, error) {
	return func(ctx context.Context, path string) ([]string, error) {
		cmd := exec.CommandContext(ctx, exe, "integrity-check", path)
		cmd.Env = append(cmd.Environ(), env...)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Run(); err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if msg := strings.TrimSpace(errOut.String()); msg != "" {
				return nil, errors.New(msg)
			}
			return nil, fmt.Errorf("integrity check process: %w", err)
		}
		var problems []string
		if err := json.Unmarshal(out.Bytes(), &problems); err != nil {
			return nil, fmt.Errorf("integrity check process: answer %q: %w", out.String(), err)
		}
		return problems, nil
	}
}
