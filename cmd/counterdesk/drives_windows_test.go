package main

import (
	"reflect"
	"strings"
	"testing"

	"golang.org/x/sys/windows"

	"counterdesk/ui"
)

// TestRemovableDrives asks the real Windows (Wine in CI): its C: is a
// fixed disk and must never be offered as a stick.
func TestRemovableDrives(t *testing.T) {
	for _, d := range removableDrives() {
		if len(d.Path) != 3 || !strings.HasSuffix(d.Path, `:\`) {
			t.Errorf("drive path %q", d.Path)
		}
		if d.Path == `C:\` {
			t.Errorf("the system disk C: is offered as a removable drive: %+v", d)
		}
	}
	if got := (winDrives{}).driveType(`C:\`); got == windows.DRIVE_REMOVABLE {
		t.Errorf("C: reported removable (%d)", got)
	}
}

// fakeDrives answers for drives this PC does not have.
type fakeDrives map[string]struct {
	kind  uint32
	label string
	media bool
	free  int64
}

func (f fakeDrives) driveType(root string) uint32 { return f[root].kind }
func (f fakeDrives) volumeLabel(root string) (string, bool) {
	return f[root].label, f[root].media
}
func (f fakeDrives) freeBytes(root string) int64 { return f[root].free }

// TestPickRemovable: only removable drives with a medium, in letter order,
// with their label trimmed; fixed disks, CD drives, network drives and an
// empty card-reader slot are left out.
func TestPickRemovable(t *testing.T) {
	f := fakeDrives{
		`C:\`: {kind: windows.DRIVE_FIXED, label: "Windows", media: true, free: 1 << 30},
		`D:\`: {kind: windows.DRIVE_CDROM, label: "DVD", media: true, free: 0},
		`E:\`: {kind: windows.DRIVE_REMOVABLE, label: " KINGSTON ", media: true, free: 12 << 30},
		`F:\`: {kind: windows.DRIVE_REMOVABLE, media: false},
		`G:\`: {kind: windows.DRIVE_REMOTE, label: "共享", media: true, free: 5},
		`H:\`: {kind: windows.DRIVE_REMOVABLE, label: "", media: true, free: -1},
	}
	mask := uint32(0)
	for _, l := range "CDEFGH" {
		mask |= 1 << uint(l-'A')
	}
	want := []ui.Drive{{Path: `E:\`, Label: "KINGSTON", Free: 12 << 30}, {Path: `H:\`, Label: "", Free: -1}}
	if got := pickRemovable(mask, f); !reflect.DeepEqual(got, want) {
		t.Fatalf("pickRemovable = %+v, want %+v", got, want)
	}
	// A drive letter not in the mask is not asked about.
	if got := pickRemovable(mask&^(1<<uint('E'-'A')), f); len(got) != 1 || got[0].Path != `H:\` {
		t.Fatalf("without E: in the mask: %+v", got)
	}
}
