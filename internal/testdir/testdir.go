// Package testdir gives tests a temporary folder that the Windows test
// binaries can also clean up under Wine.
package testdir

import (
	"os"
	"path/filepath"
	"testing"
)

// New is t.TempDir for tests that also run in the Windows test binaries
// under Wine (scripts/wine-tests.sh): Go's os.RemoveAll, which t.TempDir's
// cleanup uses, needs file APIs Wine 8 lacks and fails with "Invalid
// function". The folder (named prefix plus a random suffix, in the system's
// temporary folder) is removed entry by entry, deepest first, at the end of
// the test; what cannot be removed is left behind.
func New(t testing.TB, prefix string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", prefix)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		var paths []string
		_ = filepath.Walk(dir, func(p string, _ os.FileInfo, _ error) error {
			paths = append(paths, p)
			return nil
		})
		for i := len(paths) - 1; i >= 0; i-- {
			_ = os.Remove(paths[i])
		}
	})
	return dir
}
