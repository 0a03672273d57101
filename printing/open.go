package printing

import (
	"fmt"
	"log"
	"time"

	"counterdesk/forms"
)

// openWait is how long Open waits to hear that the viewer failed to start;
// after that it returns and the viewer goes on starting by itself.
const openWait = 2 * time.Second

// Open shows the PDF at path in the PC's default PDF viewer, from which the
// clerk prints; this route always exists. It returns within a couple of
// seconds whatever the viewer does, so it never holds up the screen: an
// opener that fails at once is reported, one still running is left to
// finish (and reaped) in the background.
//
// Open is the viewer route: Windows uses ShellExecuteW with the "open"
// verb, Linux xdg-open, other systems open. Print prints directly where
// the PC has a route (route.go) and falls back to Open.
//
// Its errors, like Print's, carry a Chinese message for the clerk (a
// forms.Error naming the fix and where the file is) and wrap the system's
// own error, in English, for the log.
func Open(path string) error {
	abs, err := existingFile(path)
	if err != nil {
		return err
	}
	if err := openFile(abs); err != nil {
		return viewerError(abs, err)
	}
	return nil
}

// clerkError returns an error whose message for the clerk is the Chinese
// text (forms.ErrorMessage finds it) and which wraps err, the system's
// detail, for the log.
func clerkError(err error, format string, args ...any) error {
	return fmt.Errorf("%w: %w", forms.Errorf(forms.EINTERNAL, format, args...), err)
}

// viewerError says, in Chinese, that the PDF at path could not be opened
// in a viewer, and where it is so the clerk can open it by hand.
func viewerError(path string, err error) error {
	if noViewer(err) {
		return clerkError(err, "无法打开PDF阅读器：本机没有可用的PDF阅读器，请安装后重试；文件已保存在 %s", path)
	}
	return clerkError(err, "无法打开PDF阅读器：阅读器没有启动，请在文件夹中双击该文件打开，或请技术支持检查PDF阅读器；文件已保存在 %s", path)
}

// waitBriefly waits up to openWait for an opener or print command to
// finish and returns its error if it failed in that time; done must be
// buffered so the command's goroutine never blocks after the caller has
// returned. A failure after that is only logged: nobody waits for it.
func waitBriefly(what string, done <-chan error) error {
	timer := time.NewTimer(openWait)
	defer timer.Stop()
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("printing: %s: %w", what, err)
		}
	case <-timer.C:
		go func() {
			if err := <-done; err != nil {
				log.Printf("printing: %s failed after %v: %v", what, openWait, err)
			}
		}()
	}
	return nil
}
