//go:build !windows

package printing

import (
	"fmt"
	"os/exec"
	"runtime"
)

// opener is the command that hands a file to the desktop's default
// application.
func opener() string {
	if runtime.GOOS == "darwin" {
		return "open"
	}
	return "xdg-open"
}

func openFile(path string) error {
	name := opener()
	cmd := exec.Command(name, path)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("printing: %s: %w", name, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }() // reaps the opener whenever it ends
	return waitBriefly(name, done)
}

func route() string {
	name := opener()
	if _, err := exec.LookPath(name); err != nil {
		return "未找到 " + name + "，请在文件夹中手动打开PDF"
	}
	return "默认PDF阅读器（" + name + "）"
}
