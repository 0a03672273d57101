package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestBuildsWithoutCgo: hqdesk builds with CGO_ENABLED=0, for this system
// and for Windows (head office runs it on either; no C compiler needed).
func TestBuildsWithoutCgo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds hqdesk twice; skipped with -short")
	}
	for _, goos := range []string{"", "windows"} {
		t.Run("GOOS="+goos, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "hqdesk.exe")
			cmd := exec.Command("go", "build", "-o", out, ".")
			cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
			if goos != "" {
				cmd.Env = append(cmd.Env, "GOOS="+goos, "GOARCH=amd64")
			}
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("CGO_ENABLED=0 GOOS=%s go build ./cmd/hqdesk: %v\n%s", goos, err, b)
			}
		})
	}
}
