package printing

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"counterdesk/forms"
)

// TestOutput_FileModes: printed PDFs hold customers' names and ID numbers,
// so on Linux they and the folder Write creates are the station's user's
// only (0600, 0700), whatever the umask (issue 12 §5). On Windows the data
// folder's ACL decides.
func TestOutput_FileModes(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the data folder's ACL decides on Windows")
	}
	dir := filepath.Join(t.TempDir(), "王 芳", "printed")
	o := &Output{Dir: dir, Now: (&fakeClock{time.Date(2026, 3, 6, 9, 5, 7, 0, time.Local)}).Now}
	path, err := o.Write(receiptPrintout(forms.LayoutOnePage))
	if err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]os.FileMode{dir: 0o700, path: 0o600} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %o, want %o", filepath.Base(p), got, want)
		}
	}
}
