package main

import (
	"runtime/debug"
	"testing"
)

// The window's process collects at windowGCPercent, unless GOGC says
// otherwise.
func TestTuneGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))

	t.Setenv("GOGC", "")
	debug.SetGCPercent(100)
	if got := tuneGC(); got != windowGCPercent {
		t.Errorf("tuneGC() = %d, want %d", got, windowGCPercent)
	}
	if p := debug.SetGCPercent(100); p != windowGCPercent {
		t.Errorf("GC percent %d after tuneGC, want %d", p, windowGCPercent)
	}

	// GOGC in the environment (the runtime read it at start; here set by
	// hand) is left as it is.
	t.Setenv("GOGC", "123")
	debug.SetGCPercent(123)
	if got := tuneGC(); got != 123 {
		t.Errorf("with GOGC=123 tuneGC() = %d, want 123", got)
	}
	if p := debug.SetGCPercent(100); p != 123 {
		t.Errorf("with GOGC=123 the GC percent became %d", p)
	}
}
