//go:build !windows

package main

import (
	"fmt"
	"os"
)

// probeGraphics has nothing to check here: on Linux a missing OpenGL
// driver shows Fyne's own error in the terminal the program was started
// from.
func probeGraphics() error { return nil }

// alert reports a start-up failure where no window can be shown.
func alert(title, msg string) { fmt.Fprintf(os.Stderr, "%s\n%s\n", title, msg) }

// nativeAlerts reports whether start-up failures use alert instead of a
// Fyne window.
const nativeAlerts = false

// holdInstanceMutex is Windows-only (the installer checks the mutex).
func holdInstanceMutex() func() { return func() {} }

// mkdirShared creates the data folder for the station's user only (0700):
// it holds customers' ID numbers. A folder that exists is left as it is.
func mkdirShared(dir string) error { return os.MkdirAll(dir, 0o700) }

// attachConsole is Windows-only: elsewhere the terminal is there already.
func attachConsole() {}
