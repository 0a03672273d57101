package main

import (
	"strings"

	"golang.org/x/sys/windows"

	"counterdesk/ui"
)

// removableDrives lists the drives Windows calls removable (USB sticks,
// memory cards) that hold a medium now, with their volume label and free
// space. An empty card-reader slot is removable too but has no medium: it
// is left out, and Windows' own "no disk" box is kept from appearing
// while we ask (SEM_FAILCRITICALERRORS).
func removableDrives() []ui.Drive {
	mask, err := windows.GetLogicalDrives()
	if err != nil {
		return nil
	}
	old := windows.SetErrorMode(windows.SEM_FAILCRITICALERRORS)
	defer windows.SetErrorMode(old)
	var out []ui.Drive
	for i := 0; i < 26; i++ {
		if mask&(1<<uint(i)) == 0 {
			continue
		}
		root := string(rune('A'+i)) + `:\`
		p, err := windows.UTF16PtrFromString(root)
		if err != nil || windows.GetDriveType(p) != windows.DRIVE_REMOVABLE {
			continue
		}
		label := make([]uint16, windows.MAX_PATH+1)
		if err := windows.GetVolumeInformation(p, &label[0], uint32(len(label)), nil, nil, nil, nil, 0); err != nil {
			continue // no medium in the drive
		}
		d := ui.Drive{Path: root, Label: strings.TrimSpace(windows.UTF16ToString(label)), Free: -1}
		var free, total, totalFree uint64
		if windows.GetDiskFreeSpaceEx(p, &free, &total, &totalFree) == nil {
			d.Free = int64(free)
		}
		out = append(out, d)
	}
	return out
}
