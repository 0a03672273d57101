//go:build windows

package printing

import (
	"path/filepath"
	"runtime"
	"syscall"

	"golang.org/x/sys/windows"
)

func openFile(path string) error {
	verb, err := windows.UTF16PtrFromString("open")
	if err != nil {
		return err
	}
	file, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return err
	}
	dir, err := windows.UTF16PtrFromString(filepath.Dir(path))
	if err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() {
		// ShellExecute may hand the file to a shell extension that needs
		// COM on the calling thread.
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		hr := windows.CoInitializeEx(0, windows.COINIT_APARTMENTTHREADED|windows.COINIT_DISABLE_OLE1DDE)
		if hr == nil || hr == syscall.Errno(1) { // S_OK or S_FALSE
			defer windows.CoUninitialize()
		}
		done <- windows.ShellExecute(0, verb, file, nil, dir, windows.SW_SHOWNORMAL)
	}()
	return waitBriefly("ShellExecute", done)
}

func route() string { return "Windows 默认PDF阅读器（ShellExecute“打开”）" }
