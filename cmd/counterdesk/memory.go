package main

import (
	"os"
	"runtime/debug"
)

// windowGCPercent is the garbage collector's target (GOGC) for the window's
// process: the heap may grow by half the live heap between collections,
// not Go's default of all of it. The live heap after log-in is ~35–45 MB,
// most of it the parsed UI font, and drawing a full screen makes ~30 MB of
// garbage, so with the default the heap doubled to ~65–75 MB before the
// first collection after log-in. With 50 the peak after log-in and one
// search was ~10 MB lower on the 20,000-customer training station (issue
// 17's yardstick, scripts/bench-startup.sh; BENCHMARKS.md), for one more
// collection of a few milliseconds, off the UI goroutine, per screen built.
// The command-line modes (demo, export, verify, restore) keep Go's default:
// they are batch work, where collections cost time and memory matters less.
const windowGCPercent = 50

// tuneGC sets windowGCPercent unless GOGC is set in the environment (a
// benchmark's or support's choice wins). It returns the percentage in force.
func tuneGC() int {
	if os.Getenv("GOGC") != "" {
		p := debug.SetGCPercent(100)
		debug.SetGCPercent(p)
		return p
	}
	debug.SetGCPercent(windowGCPercent)
	return windowGCPercent
}
