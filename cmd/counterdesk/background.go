package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"fyne.io/fyne/v2"

	"counterdesk/forms"
	"counterdesk/store"
)

// processStart is when the process began, as near as Go lets us: package
// variables are set before main runs.
var processStart = time.Now()

// backgroundDelay is how long the work that reads the whole database waits
// after Fyne has started, so the first frames of the log-in window are
// drawn before it competes for the PC's disk and cores.
const backgroundDelay = time.Second

// afterStart runs, in the background once the window is up, the quick
// check of the audit log's protection (store.DB.CheckAuditProtection) and
// what reads the whole database file (issue 17: at 1,000,000 customers these made the
// log-in window wait 3.2 s and, with the daily backup due, 8.8 s): the
// integrity check, whose result the home screen shows, then the day's
// first backup, whose result the home screen reads from BackupStatus. A
// database found damaged is not backed up (the copy would fail its own
// check); the supervisor is told to restore instead. ctx ends when the
// window closes: a check or backup still running is stopped (SQLite is
// interrupted), so closing never waits for them.
func afterStart(ctx context.Context, db *store.DB) {
	select {
	case <-time.After(backgroundDelay):
	case <-ctx.Done():
		return
	}
	// Milliseconds at any size: the audit log's triggers and newest
	// entries, so a station whose protection was changed warns at once.
	if _, err := db.CheckAuditProtection(ctx); err != nil {
		log.Printf("audit protection check: %v", err)
	}
	st, err := db.CheckIntegrity(ctx)
	if err != nil {
		log.Printf("integrity check: %v", err)
	}
	if ctx.Err() != nil {
		return // closing: no backup started now would finish
	}
	if st.State == forms.IntegrityDamaged {
		log.Printf("daily backup: skipped, the database is damaged")
		return
	}
	if info, done, err := db.BackupIfDue(ctx); err != nil {
		log.Printf("daily backup: %v", err)
	} else if done {
		log.Printf("daily backup: %s %v", info.Path, info.Warnings)
	}
}

// startupTrace times the steps from the process's start to the log-in
// screen, for counterdesk.log: where start-up time goes is then one line
// of the log away (scripts/bench-startup.sh prints it).
type startupTrace struct {
	last  time.Time
	steps []string
}

func newStartupTrace() *startupTrace {
	t := &startupTrace{last: time.Now()}
	t.steps = append(t.steps, fmt.Sprintf("process %s", t.last.Sub(processStart).Round(time.Millisecond)))
	return t
}

// mark ends the step named what.
func (t *startupTrace) mark(what string) {
	now := time.Now()
	t.steps = append(t.steps, fmt.Sprintf("%s %s", what, now.Sub(t.last).Round(time.Millisecond)))
	t.last = now
}

// log writes the steps and the total to the log.
func (t *startupTrace) log() {
	log.Printf("start-up: %s; total %s", strings.Join(t.steps, ", "), t.last.Sub(processStart).Round(time.Millisecond))
}

// quitOnSignal ends the run as closing the window does when the process is
// asked to stop (Ctrl+C, `kill`, Windows logging off): ShowAndRun returns
// and the database is closed cleanly, so the next start need not read the
// whole file (store/integrity.go). Without it a stop left no clean-close
// record and the next start ran the full check.
func quitOnSignal(a fyne.App) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		s := <-ch
		log.Printf("signal %v: closing", s)
		fyne.Do(a.Quit)
	}()
}
