//go:build !windows

package printing

import (
	"errors"
	"io/fs"
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
	return runBriefly(name, name, path)
}

// viewerRoute is the route of Open.
func viewerRoute() PrintRoute {
	name := opener()
	if _, err := exec.LookPath(name); err != nil {
		return PrintRoute{Kind: KindViewer, Program: name, Label: "未找到 " + name + "，请在文件夹中手动打开PDF"}
	}
	return PrintRoute{Kind: KindViewer, Program: name, Label: "默认PDF阅读器（" + name + "）"}
}

// shellVerb exists on Windows only.
func shellVerb(verb, path, params string) error {
	return errors.New("printing: shell verbs exist on Windows only")
}

// noViewer reports whether err says the PC has no opener at all (xdg-open
// or open is not installed), rather than one that failed.
func noViewer(err error) bool {
	return errors.Is(err, exec.ErrNotFound) || errors.Is(err, fs.ErrNotExist)
}
