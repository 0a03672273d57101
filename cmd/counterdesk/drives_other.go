//go:build !windows

package main

import (
	"os"
	"os/user"
	"path/filepath"
	"sort"
	"syscall"

	"counterdesk/ui"
)

// removableDrives lists the USB sticks mounted for the user running the
// program: the mount points under /media/<user> and /run/media/<user>
// (udisks' places on Debian/Ubuntu and on Fedora/Arch), and directly
// under /media (usbmount and older systems). A folder left behind by a
// stick pulled without unmounting is not a mount point and is left out:
// an export there would land on the PC's own disk.
func removableDrives() []ui.Drive {
	name := os.Getenv("USER")
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	}
	var roots []string
	if name != "" {
		roots = append(roots, filepath.Join("/media", name), filepath.Join("/run/media", name))
	}
	roots = append(roots, "/media")
	return mountedUnder(roots, isMountPoint)
}

// mountedUnder lists the folders directly inside each root that isMount
// says are mount points, sorted by path, each once, with its free space.
func mountedUnder(roots []string, isMount func(path string) bool) []ui.Drive {
	seen := map[string]bool{}
	var out []ui.Drive
	for _, root := range roots {
		entries, err := os.ReadDir(root)
		if err != nil {
			continue // no such folder: nothing mounted there
		}
		for _, e := range entries {
			p := filepath.Join(root, e.Name())
			if seen[p] {
				continue
			}
			if fi, err := os.Stat(p); err != nil || !fi.IsDir() || !isMount(p) {
				continue
			}
			seen[p] = true
			out = append(out, ui.Drive{Path: p, Label: e.Name(), Free: freeSpace(p)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// isMountPoint reports whether path is on another device than its parent
// folder, i.e. something is mounted there.
func isMountPoint(path string) bool {
	var st, parent syscall.Stat_t
	if syscall.Stat(path, &st) != nil || syscall.Stat(filepath.Dir(path), &parent) != nil {
		return false
	}
	return uint64(st.Dev) != uint64(parent.Dev)
}

// freeSpace is the space an ordinary user may still write at path, in
// bytes; -1 when the system does not say.
func freeSpace(path string) int64 {
	var fs syscall.Statfs_t
	if syscall.Statfs(path, &fs) != nil {
		return -1
	}
	return int64(uint64(fs.Bavail) * uint64(fs.Bsize))
}
