//go:build windows

package main

import (
	"os"

	"golang.org/x/sys/windows"
)

// attachConsole connects a -H windowsgui program to the console it was
// started from (cmd.exe or PowerShell), so `counterdesk restore FILE` can
// ask and answer there. Without a parent console it opens one.
func attachConsole() {
	// Redirected input or output (a pipe, a file) is kept as it is: only
	// the handles a GUI program starts without are replaced by the console.
	valid := func(std uint32) bool {
		h, err := windows.GetStdHandle(std)
		return err == nil && h != 0 && h != windows.InvalidHandle
	}
	haveIn, haveOut := valid(windows.STD_INPUT_HANDLE), valid(windows.STD_OUTPUT_HANDLE)
	if haveIn && haveOut {
		return
	}
	const attachParentProcess = ^uint32(0) // ATTACH_PARENT_PROCESS
	proc := kernel32.NewProc("AttachConsole")
	if r, _, _ := proc.Call(uintptr(attachParentProcess)); r == 0 {
		kernel32.NewProc("AllocConsole").Call()
	}
	if !haveIn {
		if f, err := os.OpenFile("CONIN$", os.O_RDWR, 0); err == nil {
			os.Stdin = f
		}
	}
	if !haveOut {
		if f, err := os.OpenFile("CONOUT$", os.O_RDWR, 0); err == nil {
			os.Stdout = f
			os.Stderr = f
		}
	}
	windows.SetConsoleOutputCP(65001) // UTF-8, for the Chinese messages
	windows.SetConsoleCP(65001)
}
