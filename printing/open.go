package printing

import (
	"fmt"
	"log"
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
// Open is the viewer route: Windows uses ShellExecuteW with the "open"
// verb, Linux xdg-open, other systems open. Print prints directly where
// the PC has a route (route.go) and falls back to Open.
func Open(path string) error {
	abs, err := existingFile(path)
	if err != nil {
		return err
	}
	return openFile(abs)
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
