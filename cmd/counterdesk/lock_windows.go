//go:build windows

package main

import (
	"os"

	"golang.org/x/sys/windows"
)

// lockFile locks the first byte beyond the holder text; LockFileEx works
// across processes (and across two Wine processes).
func lockFile(f *os.File) error {
	ol := new(windows.Overlapped)
	ol.Offset = 0x7fffffff
	return windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
}

func unlockFile(f *os.File) {
	ol := new(windows.Overlapped)
	ol.Offset = 0x7fffffff
	_ = windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, ol)
}
