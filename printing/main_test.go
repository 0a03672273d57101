package printing

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The Windows tests copy this test binary under the name of the program
// they fake (SumatraPDF.exe, a PDF handler). Started with fakeLogEnv set,
// the copy records its name and arguments as one JSON line in that file
// and exits with the code in fakeExitEnv, instead of running the tests.
const (
	fakeLogEnv  = "COUNTERDESK_FAKE_PRINT_LOG"
	fakeExitEnv = "COUNTERDESK_FAKE_PRINT_EXIT"
)

// fakeCall is one recorded run of a fake program.
type fakeCall struct {
	Program string   `json:"program"`
	Args    []string `json:"args"`
}

func TestMain(m *testing.M) {
	if log := os.Getenv(fakeLogEnv); log != "" {
		os.Exit(runFake(log))
	}
	os.Exit(m.Run())
}

func runFake(log string) int {
	line, _ := json.Marshal(fakeCall{Program: filepath.Base(os.Args[0]), Args: os.Args[1:]})
	f, err := os.OpenFile(log, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return 101
	}
	f.Write(append(line, '\n'))
	f.Close()
	code, _ := strconv.Atoi(os.Getenv(fakeExitEnv))
	return code
}

// waitCalls waits until the fake programs have recorded n runs in log and
// returns them.
func waitCalls(t *testing.T, log string, n int) []fakeCall {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var calls []fakeCall
		data, _ := os.ReadFile(log)
		for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			if l == "" {
				continue
			}
			var c fakeCall
			if err := json.Unmarshal([]byte(l), &c); err != nil {
				t.Fatalf("bad record %q: %v", l, err)
			}
			calls = append(calls, c)
		}
		if len(calls) >= n || time.Now().After(deadline) {
			if len(calls) != n {
				t.Fatalf("recorded %d runs, want %d: %+v", len(calls), n, calls)
			}
			return calls
		}
		time.Sleep(50 * time.Millisecond)
	}
}
