package printing

import (
	"fmt"
	"os"
	"path/filepath"
	"time"
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
// Open is one route of several: Windows uses ShellExecuteW with the "open"
// verb, Linux xdg-open, other systems open. A direct-to-printer route
// (Print(path, printer string) error: SumatraPDF, the PDF handler's "print"
// verb, lp) will sit beside it and fall back to Open.
func Open(path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("printing: %w", err)
	}
	if _, err := os.Stat(abs); err != nil {
		return fmt.Errorf("printing: %w", err)
	}
	return openFile(abs)
}

// Route describes, for the settings screen, how Open shows a PDF on this
// PC, e.g. "默认PDF阅读器（xdg-open）".
func Route() string { return route() }

// waitBriefly waits up to openWait for an opener to finish and returns its
// error if it failed in that time; done must be buffered so the opener's
// goroutine never blocks after Open has returned.
func waitBriefly(what string, done <-chan error) error {
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("printing: %s: %w", what, err)
		}
	case <-time.After(openWait):
	}
	return nil
}
