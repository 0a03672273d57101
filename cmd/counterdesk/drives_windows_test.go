package main

import (
	"strings"
	"testing"
)

// TestRemovableDrives lists the removable drives of this PC (under Wine:
// none, or the ones its configuration maps): each a drive root.
func TestRemovableDrives(t *testing.T) {
	for _, d := range removableDrives() {
		if len(d.Path) != 3 || !strings.HasSuffix(d.Path, `:\`) {
			t.Errorf("drive path %q", d.Path)
		}
	}
}
