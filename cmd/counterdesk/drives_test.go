//go:build !windows

package main

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestMountedUnder lists the sticks mounted under /media/<user> and
// /run/media/<user>: mount points only (a folder a pulled stick left behind
// is not offered), each once, sorted, with a free space.
func TestMountedUnder(t *testing.T) {
	base := filepath.Join(t.TempDir(), "王 芳")
	media := filepath.Join(base, "media", "wang")
	run := filepath.Join(base, "run", "media", "wang")
	for _, d := range []string{filepath.Join(media, "KINGSTON"), filepath.Join(media, "旧U盘"), filepath.Join(run, "SANDISK 32G")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// A file is never a destination.
	if err := os.WriteFile(filepath.Join(media, "note.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	mounted := map[string]bool{
		filepath.Join(media, "KINGSTON"):  true,
		filepath.Join(run, "SANDISK 32G"): true,
		filepath.Join(media, "note.txt"):  true,
	}
	got := mountedUnder([]string{run, media, filepath.Join(base, "nowhere"), media}, func(p string) bool { return mounted[p] })
	var paths, labels []string
	for _, d := range got {
		paths = append(paths, d.Path)
		labels = append(labels, d.Label)
		if d.Free <= 0 {
			t.Errorf("%s: free space %d", d.Path, d.Free)
		}
	}
	want := []string{filepath.Join(media, "KINGSTON"), filepath.Join(run, "SANDISK 32G")}
	if !reflect.DeepEqual(paths, want) || !reflect.DeepEqual(labels, []string{"KINGSTON", "SANDISK 32G"}) {
		t.Fatalf("listed %v %v, want %v", paths, labels, want)
	}
}

// TestIsMountPoint tells a folder on the same disk as its parent (a stick
// pulled without unmounting leaves one) from a mount point.
func TestIsMountPoint(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "旧 U盘")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if isMountPoint(dir) {
		t.Errorf("%s is taken for a mount point", dir)
	}
	if isMountPoint(filepath.Join(dir, "missing")) {
		t.Error("a missing folder is taken for a mount point")
	}
	if _, err := os.Stat("/proc/self"); err == nil && !isMountPoint("/proc") {
		t.Error("/proc is not seen as a mount point")
	}
	_ = removableDrives() // whatever this machine has mounted: no panic
}
