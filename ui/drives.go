package ui

import (
	"fmt"
	"strings"
)

// Drive is a place the 导出到总部 screen offers to write an export to: a
// removable drive (Windows: drive type removable) or a mounted USB stick
// (Linux: a mount point under /media/<user> or /run/media/<user>). The
// command (cmd/counterdesk) lists them; the UI only shows them.
type Drive struct {
	// Path is the folder the export is written into, e.g. `E:\` or
	// /media/wang/KINGSTON.
	Path string
	// Label is the volume's name as the OS shows it; "" when it has none.
	Label string
	// Free is the space left on the drive in bytes; -1 when unknown.
	Free int64
}

// String is how the drive reads in the destination list: its path, its
// label and its free space, e.g. "E:\ KINGSTON（可用 12.3 GB）".
func (d Drive) String() string {
	s := d.Path
	if l := strings.TrimSpace(d.Label); l != "" && !strings.HasSuffix(d.Path, l) {
		s += " " + l
	}
	if d.Free >= 0 {
		s += Tf("（可用 %s）", formatBytes(d.Free))
	}
	return s
}

// formatBytes writes a size in bytes the way Windows' Explorer does: B,
// KB, MB, GB with one decimal from KB on (1024 per step).
func formatBytes(n int64) string {
	if n < 1024 {
		return fmt.Sprintf("%d B", n)
	}
	v := float64(n)
	for _, unit := range []string{"KB", "MB", "GB", "TB"} {
		v /= 1024
		if v < 1024 || unit == "TB" {
			return fmt.Sprintf("%.1f %s", v, unit)
		}
	}
	return ""
}

// SetDrives gives the 导出到总部 screen the way to list the removable
// drives plugged in now; list is called off the UI goroutine each time the
// screen is shown or 刷新 is pressed. Without it the screen offers only
// 选择文件夹….
func (u *App) SetDrives(list func() []Drive) { u.drives = list }
