package main

import (
	"time"
	"unsafe"
)

var (
	procGetLastInputInfo = user32.NewProc("GetLastInputInfo")
	procGetTickCount     = kernel32.NewProc("GetTickCount")
)

// lastInputInfo is Windows' LASTINPUTINFO.
type lastInputInfo struct {
	cbSize uint32
	dwTime uint32 // tick count (ms since boot) of the session's last input
}

// lastInput returns when the Windows session last had keyboard or mouse
// input (GetLastInputInfo), for the idle lock; the zero time if Windows
// cannot tell.
func lastInput() time.Time {
	info := lastInputInfo{cbSize: uint32(unsafe.Sizeof(lastInputInfo{}))}
	if r, _, _ := procGetLastInputInfo.Call(uintptr(unsafe.Pointer(&info))); r == 0 {
		return time.Time{}
	}
	now, _, _ := procGetTickCount.Call()
	// Both are 32-bit tick counts: the difference is right across the
	// 49.7-day wrap.
	idle := time.Duration(uint32(now)-info.dwTime) * time.Millisecond
	return time.Now().Add(-idle)
}
