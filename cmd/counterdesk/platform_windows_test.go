//go:build windows

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/windows"
)

// These run in the Windows test binary (under Wine in CI).

func TestWindows_SDDLParses(t *testing.T) {
	sd, err := windows.SecurityDescriptorFromString(dataFolderSDDL)
	if err != nil {
		t.Fatal(err)
	}
	back := sd.String()
	if !strings.Contains(back, "BU") {
		t.Fatalf("round trip lost the Users ACE: %s", back)
	}
}

func TestWindows_MkdirShared(t *testing.T) {
	dir := filepath.Join(testDir(t), "王 芳", "CounterDesk")
	if err := mkdirShared(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "probe.txt"), []byte("x"), 0o644); err != nil {
		t.Fatalf("cannot write in the new folder: %v", err)
	}
	if err := mkdirShared(dir); err != nil {
		t.Fatalf("an existing folder: %v", err)
	}
}

func TestWindows_InstanceMutex(t *testing.T) {
	release := holdInstanceMutex()
	name, _ := windows.UTF16PtrFromString(instanceMutexName)
	h, err := windows.OpenMutex(windows.SYNCHRONIZE, false, name)
	if err != nil {
		local, _ := windows.UTF16PtrFromString(strings.TrimPrefix(instanceMutexName, `Global\`))
		h, err = windows.OpenMutex(windows.SYNCHRONIZE, false, local)
	}
	if err != nil {
		t.Fatalf("the installer could not see the running program: %v", err)
	}
	windows.CloseHandle(h)
	release()
}

func TestWindows_LockSecondCopy(t *testing.T) {
	path := filepath.Join(testDir(t), "counterdesk.lock")
	first, err := acquireLock(path)
	if err != nil {
		t.Fatal(err)
	}
	defer first.release()
	if _, err := acquireLock(path); err == nil || !strings.Contains(err.Error(), "已在运行") {
		t.Fatalf("second copy: %v", err)
	}
}

// TestWindows_MkdirSharedBeneathFile: Windows reports a file in the way
// only as "path not found" (or CreateDirectory's "already exists"), so
// the message must name the file.
func TestWindows_MkdirSharedBeneathFile(t *testing.T) {
	file := filepath.Join(testDir(t), "notes.txt")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{file, filepath.Join(file, "CounterDesk")} {
		err := ensureDataDir(dir)
		if err == nil || !strings.Contains(err.Error(), "是一个文件，不是文件夹") || strings.Contains(err.Error(), ".。") {
			t.Errorf("ensureDataDir(%s) = %v", dir, err)
		}
	}
}
