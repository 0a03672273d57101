//go:build windows

package printing

import (
	"errors"
	"path/filepath"
	"runtime"
	"syscall"

	"golang.org/x/sys/windows"
)

func openFile(path string) error {
	return shellExecute("open", path, "", windows.SW_SHOWNORMAL)
}

// shellVerb hands path to the PDF handler's print or printto verb. The
// handler's window, if it shows one, starts minimized and inactive.
func shellVerb(verb, path, params string) error {
	return shellExecute(verb, path, params, windows.SW_SHOWMINNOACTIVE)
}

// shellExecute runs ShellExecuteW on a goroutine of its own and returns
// within openWait; ShellExecuteW reports a missing association or verb at
// once.
func shellExecute(verb, path, params string, show int32) error {
	verbp, err := windows.UTF16PtrFromString(verb)
	if err != nil {
		return err
	}
	file, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return err
	}
	dir, err := windows.UTF16PtrFromString(filepath.Dir(path))
	if err != nil {
		return err
	}
	var paramsp *uint16
	if params != "" {
		if paramsp, err = windows.UTF16PtrFromString(params); err != nil {
			return err
		}
	}
	done := make(chan error, 1)
	go func() {
		// ShellExecute may hand the file to a shell extension that needs
		// COM on the calling thread.
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		hr := windows.CoInitializeEx(0, windows.COINIT_APARTMENTTHREADED|windows.COINIT_DISABLE_OLE1DDE)
		if hr == nil || hr == syscall.Errno(1) { // S_OK or S_FALSE
			defer windows.CoUninitialize()
		}
		done <- windows.ShellExecute(0, verbp, file, paramsp, dir, show)
	}()
	return waitBriefly("ShellExecute "+verb, done)
}

// viewerRoute is the route of Open.
func viewerRoute() PrintRoute {
	return PrintRoute{Kind: KindViewer, Program: "ShellExecute", Label: "Windows 默认PDF阅读器（ShellExecute“打开”）"}
}

// noViewer reports whether err says no program is registered for PDF files
// (ShellExecute's "no association"), rather than one that failed.
func noViewer(err error) bool {
	return errors.Is(err, windows.ERROR_NO_ASSOCIATION) || errors.Is(err, windows.ERROR_FILE_NOT_FOUND)
}
