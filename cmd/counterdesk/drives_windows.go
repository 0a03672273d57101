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
	return pickRemovable(mask, winDrives{})
}

// driveQuery is what pickRemovable asks of Windows about one drive root
// ("E:\"); tests answer for drives this PC does not have.
type driveQuery interface {
	driveType(root string) uint32           // windows.DRIVE_*
	volumeLabel(root string) (string, bool) // false: no medium
	freeBytes(root string) int64            // -1 when unknown
}

// pickRemovable keeps, of the drives in the GetLogicalDrives mask (bit 0 =
// A:), those of type DRIVE_REMOVABLE that hold a medium, in letter order.
func pickRemovable(mask uint32, q driveQuery) []ui.Drive {
	var out []ui.Drive
	for i := 0; i < 26; i++ {
		if mask&(1<<uint(i)) == 0 {
			continue
		}
		root := string(rune('A'+i)) + `:\`
		if q.driveType(root) != windows.DRIVE_REMOVABLE {
			continue
		}
		label, ok := q.volumeLabel(root)
		if !ok {
			continue // no medium in the drive
		}
		out = append(out, ui.Drive{Path: root, Label: strings.TrimSpace(label), Free: q.freeBytes(root)})
	}
	return out
}

// winDrives asks Windows itself.
type winDrives struct{}

func (winDrives) driveType(root string) uint32 {
	p, err := windows.UTF16PtrFromString(root)
	if err != nil {
		return windows.DRIVE_UNKNOWN
	}
	return windows.GetDriveType(p)
}

func (winDrives) volumeLabel(root string) (string, bool) {
	p, err := windows.UTF16PtrFromString(root)
	if err != nil {
		return "", false
	}
	label := make([]uint16, windows.MAX_PATH+1)
	if err := windows.GetVolumeInformation(p, &label[0], uint32(len(label)), nil, nil, nil, nil, 0); err != nil {
		return "", false
	}
	return windows.UTF16ToString(label), true
}

func (winDrives) freeBytes(root string) int64 {
	p, err := windows.UTF16PtrFromString(root)
	if err != nil {
		return -1
	}
	var free, total, totalFree uint64
	if windows.GetDiskFreeSpaceEx(p, &free, &total, &totalFree) != nil {
		return -1
	}
	return int64(free)
}
