package store

// The crash test: a child process (this test binary again, with
// COUNTERDESK_CRASH_CHILD set) opens a file database and issues receipts in
// a loop — each one a new member, a case opened, saved and accepted with its
// receipt and deposit — printing the sequence number of every receipt once
// AcceptCase has returned, that is, once it is committed. The parent kills
// it with SIGKILL at random moments and after each kill checks the file:
// PRAGMA integrity_check and foreign_key_check pass, every receipt the child
// reported is there, the numbers run 1…n without gaps or duplicates and
// match the counter, and no case is half-written (an accepted case has its
// receipt and its held deposit).
//
// CI runs 100 kills (about 7 s). A longer run:
//
//	COUNTERDESK_CRASH_KILLS=1000 go test ./store -run TestCrash -v -timeout 30m

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

const (
	crashChildEnv = "COUNTERDESK_CRASH_CHILD"
	crashClerkEnv = "COUNTERDESK_CRASH_CLERK"
	crashBaseEnv  = "COUNTERDESK_CRASH_BASE"
	crashKillsEnv = "COUNTERDESK_CRASH_KILLS"
)

// TestCrashChild is the child's loop; it does nothing in a normal run.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashChildEnv)
	if path == "" {
		t.Skip("run by TestCrash as a child process")
	}
	base, _ := strconv.ParseInt(os.Getenv(crashBaseEnv), 10, 64)
	lendSeq.Store(base)
	ctx := context.Background()
	db, err := Open(ctx, path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "child open: %v\n", err)
		os.Exit(3)
	}
	clerk := forms.Actor{UserID: os.Getenv(crashClerkEnv)}
	os.Stdout.WriteString("READY\n")
	for {
		r, err := lendOnce(ctx, db, clerk)
		if err != nil {
			fmt.Fprintf(os.Stderr, "child: %v\n", err)
			os.Exit(4)
		}
		// One write per line: a kill cannot leave half a line in the pipe.
		os.Stdout.WriteString("R " + strconv.FormatInt(r.Seq, 10) + "\n")
	}
}

func TestCrash(t *testing.T) {
	kills := 100
	if v := os.Getenv(crashKillsEnv); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("%s=%q", crashKillsEnv, v)
		}
		kills = n
	}
	start := time.Now()
	f := newFixture(t)
	path, clerk := f.db.Path(), f.clerk.UserID
	f.db.Close()

	reported := map[int64]bool{}
	var totalChecked int
	year := time.Now().Year()
	for i := range kills {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+path, crashClerkEnv+"="+clerk,
			crashBaseEnv+"="+strconv.Itoa((i+1)*1000)) // a child issues far fewer than 1000
		out, err := cmd.StdoutPipe()
		must(t, err)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		must(t, cmd.Start())
		lines := make(chan string)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		// Wait until the child is issuing receipts, then kill it at a
		// random moment: most kills land inside a transaction.
		ready := false
		timer := time.NewTimer(20 * time.Second)
		for !ready {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("kill %d: child ended before it was ready: %s", i, stderr.String())
				}
				ready = l == "READY"
			case <-timer.C:
				cmd.Process.Kill()
				t.Fatalf("kill %d: child not ready after 20 s: %s", i, stderr.String())
			}
		}
		timer.Stop()
		killAt := time.After(time.Duration(rand.IntN(60_000)+1_000) * time.Microsecond)
		killed := false
		for l := range lines {
			if !killed {
				select {
				case <-killAt:
					must(t, cmd.Process.Signal(os.Kill)) // SIGKILL
					killed = true
				default:
				}
			}
			if s, ok := strings.CutPrefix(l, "R "); ok {
				n, err := strconv.ParseInt(s, 10, 64)
				if err != nil {
					t.Fatalf("kill %d: child printed %q", i, l)
				}
				reported[n] = true
			}
		}
		if !killed {
			// The child ended by itself: an error.
			cmd.Wait()
			t.Fatalf("kill %d: child stopped on its own: %s", i, stderr.String())
		}
		cmd.Wait()
		if s := stderr.String(); strings.Contains(s, "child:") {
			t.Fatalf("kill %d: child failed: %s", i, s)
		}
		totalChecked += checkAfterCrash(t, i, path, year, reported)
	}
	elapsed := time.Since(start)
	t.Logf("crash test: %d kills, %d receipts committed, %d receipt checks, %s", kills, len(reported), totalChecked, elapsed.Round(time.Millisecond))
	if len(reported) == 0 {
		t.Fatal("the child never committed a receipt")
	}
}

// checkAfterCrash checks the database file after a kill and returns how
// many receipts it checked.
func checkAfterCrash(t *testing.T, i int, path string, year int, reported map[int64]bool) int {
	t.Helper()
	conn, err := sql.Open("sqlite", fileURI(path, "_pragma=busy_timeout(5000)"))
	must(t, err)
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	ctx := context.Background()
	problems, err := integrityProblems(ctx, conn)
	must(t, err)
	if len(problems) > 0 {
		t.Fatalf("kill %d: integrity_check: %v", i, problems)
	}
	rows, err := conn.Query("PRAGMA foreign_key_check")
	must(t, err)
	if rows.Next() {
		rows.Close()
		t.Fatalf("kill %d: foreign_key_check found a dangling reference", i)
	}
	rows.Close()

	seqs := seqsIn(t, path)
	for n, s := range seqs {
		if s != int64(n+1) {
			t.Fatalf("kill %d: receipt numbers are not 1…%d without gaps or duplicates (at %d: %d)", i, len(seqs), n, s)
		}
	}
	var counter int64
	must(t, conn.QueryRow("SELECT COALESCE(MAX(last_seq), 0) FROM receipt_counters WHERE year = ?", year).Scan(&counter))
	if counter != int64(len(seqs)) {
		t.Fatalf("kill %d: counter %d, receipts %d", i, counter, len(seqs))
	}
	for n := range reported {
		if n > int64(len(seqs)) {
			t.Fatalf("kill %d: receipt %d was reported committed but is not in the database (last %d)", i, n, len(seqs))
		}
	}
	for _, m := range readHighWater(filepath.Join(filepath.Dir(path), hwmFile)) {
		if m.year == year && m.seq > counter {
			t.Fatalf("kill %d: high-water mark %d above the database's counter %d", i, m.seq, counter)
		}
	}
	var half int
	must(t, conn.QueryRow(`SELECT count(*) FROM cases c WHERE c.status = 'accepted' AND (
		NOT EXISTS (SELECT 1 FROM receipts r WHERE r.case_id = c.id AND r.voided = 0)
		OR NOT EXISTS (SELECT 1 FROM deposits d JOIN receipts r ON r.id = d.receipt_id
			WHERE d.case_id = c.id AND d.state = 'held'))`).Scan(&half))
	if half > 0 {
		t.Fatalf("kill %d: %d accepted cases without their receipt or deposit", i, half)
	}
	must(t, conn.QueryRow(`SELECT count(*) FROM receipts r WHERE r.source = 'accept'
		AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = r.case_id AND c.status = 'accepted')`).Scan(&half))
	if half > 0 {
		t.Fatalf("kill %d: %d receipts of cases that are not accepted", i, half)
	}
	return len(seqs)
}
