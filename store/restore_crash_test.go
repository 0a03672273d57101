package store

// The restore crash test: a child process (this test binary again, with
// COUNTERDESK_RESTORE_CHILD set) restores a backup into a copy of a data
// folder; the parent kills it with SIGKILL at a random moment of the
// restore and then opens the data folder as the program's start-up does.
// The station is never lost: the database is either the old one (6
// receipts) or the restored one (3 receipts, the restore audited, the old
// one kept aside whole), it passes integrity_check, nothing of the restore
// is left behind, and the next receipt is number 7, never one that was
// already printed. CI runs 30 kills; a longer run:
//
//	COUNTERDESK_RESTORE_KILLS=300 go test ./store -run TestRestoreCrash -v

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
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
	restoreChildEnv  = "COUNTERDESK_RESTORE_CHILD"
	restoreBackupEnv = "COUNTERDESK_RESTORE_BACKUP"
	restoreKillsEnv  = "COUNTERDESK_RESTORE_KILLS"
	restoreStepEnv   = "COUNTERDESK_RESTORE_STEP"
)

// restoreSteps are the steps of a restore (restoreStep's names) at which
// the child kills itself, so every one is covered in every run, however
// short it is; the other kills land at random moments.
var restoreSteps = []string{"marked", "copied", "committed", "staged", "ready",
	"aside-wal", "aside-shm", "aside", "swapped"}

// TestRestoreCrashChild is the child's restore; it does nothing in a normal run.
func TestRestoreCrashChild(t *testing.T) {
	dir := os.Getenv(restoreChildEnv)
	if dir == "" {
		t.Skip("run by TestRestoreCrash as a child process")
	}
	if stop := os.Getenv(restoreStepEnv); stop != "" {
		restoreStep = func(step string) {
			if step == stop {
				os.Stdout.WriteString("STEP " + step + "\n")
				p, _ := os.FindProcess(os.Getpid())
				p.Signal(os.Kill) // SIGKILL, as a power cut
				select {}
			}
		}
	}
	os.Stdout.WriteString("READY\n")
	_, err := RestoreClock(context.Background(), dir, os.Getenv(restoreBackupEnv), testStart.Year(), 6,
		func() time.Time { return testStart })
	if err != nil {
		fmt.Fprintf(os.Stderr, "child: %v\n", err)
		os.Exit(4)
	}
	os.Stdout.WriteString("DONE\n")
}

// restoreTemplate makes a data folder with 6 receipts issued, a backup
// (outside it) taken after the third, and several megabytes of rows so a
// restore takes long enough to be killed in each of its steps.
func restoreTemplate(t *testing.T) (template, backup string) {
	t.Helper()
	ctx := context.Background()
	f := newFixture(t)
	for range 3 {
		_, err := lendOnce(ctx, f.db, f.clerk)
		must(t, err)
	}
	tx, err := f.db.begin(ctx)
	must(t, err)
	pad := strings.Repeat("备份记录填充", 100)
	for i := range 3000 {
		_, err := tx.Exec("INSERT INTO backups (id, path, at, size, sha256, ok, reason, note) VALUES (?, ?, ?, 0, '', 0, 'test', ?)",
			fmt.Sprintf("pad-%d", i), fmt.Sprintf("/无/%d.db", i), "2020-01-01T00:00:00.000000000Z", pad)
		must(t, err)
	}
	must(t, tx.commit())
	info := backupOf(t, f)
	for range 3 {
		_, err := lendOnce(ctx, f.db, f.clerk)
		must(t, err)
	}
	dir := f.db.DataDir()
	must(t, f.db.Close())
	// The program is killed, not closed: its last write is still in the
	// -wal beside the database, which a restore must keep with it.
	conn, err := sql.Open("sqlite", fileURI(filepath.Join(dir, DBFileName), "_pragma=wal_autocheckpoint(0)"))
	must(t, err)
	conn.SetMaxOpenConns(1)
	_, err = conn.Exec("INSERT INTO backups (id, path, at, ok) VALUES ('in-wal', '/无/wal.db', '2020-01-01T00:00:00.000000000Z', 0)")
	must(t, err)
	template = filepath.Join(t.TempDir(), "模板")
	copyTree(t, dir, template)
	must(t, conn.Close())
	if _, err := os.Stat(filepath.Join(template, DBFileName+"-wal")); err != nil {
		t.Fatalf("the template has no -wal: %v", err)
	}
	backup = filepath.Join(t.TempDir(), "U盘 备份", filepath.Base(info.Path))
	must(t, os.MkdirAll(filepath.Dir(backup), 0o700))
	must(t, copyFileSync(info.Path, backup))
	return template, backup
}

// copyTree copies the regular files of a folder tree.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	must(t, filepath.Walk(from, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if fi.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o700)
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.OpenFile(filepath.Join(to, rel), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		_, err = io.Copy(out, in)
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		return err
	}))
}

// runRestoreChild starts the child on dir and kills it after delay (never
// when delay < 0). It returns how long the restore ran and whether the
// child was killed before it finished.
func runRestoreChild(t *testing.T, dir, backup string, delay time.Duration, step string) (time.Duration, bool) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestRestoreCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), restoreChildEnv+"="+dir, restoreBackupEnv+"="+backup, restoreStepEnv+"="+step)
	out, err := cmd.StdoutPipe()
	must(t, err)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	must(t, cmd.Start())
	sc := bufio.NewScanner(out)
	var started time.Time
	for sc.Scan() {
		if sc.Text() == "READY" {
			started = time.Now()
			break
		}
	}
	if started.IsZero() {
		cmd.Wait()
		t.Fatalf("child never started: %s", stderr.String())
	}
	done := make(chan bool, 1)
	stepped := false
	go func() {
		ok := false
		for sc.Scan() {
			ok = ok || sc.Text() == "DONE"
			if strings.HasPrefix(sc.Text(), "STEP ") {
				stepped = true
			}
		}
		done <- ok
	}()
	killed := false
	if delay >= 0 {
		select {
		case ok := <-done:
			done <- ok
		case <-time.After(delay):
			must(t, cmd.Process.Signal(os.Kill)) // SIGKILL
			killed = true
		}
	}
	ok := <-done
	took := time.Since(started)
	werr := cmd.Wait()
	if !killed && !ok && !stepped {
		t.Fatalf("child failed (%v): %s", werr, stderr.String())
	}
	if ok {
		killed = false // it finished before the signal
	}
	if step != "" && !stepped {
		t.Fatalf("child never reached step %q: %s", step, stderr.String())
	}
	return took, killed || stepped
}

func TestRestoreCrash(t *testing.T) {
	kills := 30
	if v := os.Getenv(restoreKillsEnv); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("%s=%q", restoreKillsEnv, v)
		}
		kills = n
	}
	start := time.Now()
	template, backup := restoreTemplate(t)
	fi, err := os.Stat(backup)
	must(t, err)

	// One restore to the end, to learn how long one takes here.
	dir := filepath.Join(t.TempDir(), "数据 0")
	copyTree(t, template, dir)
	took, _ := runRestoreChild(t, dir, backup, -1, "")
	checkAfterRestoreKill(t, -1, dir)

	var killed, finished, old, restored int
	for i := 1; killed < kills; i++ {
		if i > 3*kills {
			t.Fatalf("only %d of %d runs were killed before the restore finished", killed, i)
		}
		dir := filepath.Join(t.TempDir(), fmt.Sprintf("数据 %d", i))
		copyTree(t, template, dir)
		// Every third run stops at a named step; the others at a random
		// moment, most of which fall in the checks and the copy.
		step, delay := "", time.Duration(rand.Int64N(int64(took)*11/10))
		if i%3 == 0 {
			step, delay = restoreSteps[(i/3-1)%len(restoreSteps)], -1
		}
		_, k := runRestoreChild(t, dir, backup, delay, step)
		n := checkAfterRestoreKill(t, i, dir)
		switch {
		case !k:
			finished++
		case n == 6:
			killed++
			old++
		default:
			killed++
			restored++
		}
		os.RemoveAll(dir)
	}
	t.Logf("restore crash test: backup %d bytes, one restore %s; %d kills (%d left the old database, %d the restored one), "+
		"%d runs finished before the kill; %s", fi.Size(), took.Round(time.Millisecond), killed, old, restored, finished,
		time.Since(start).Round(time.Millisecond))
}

// checkAfterRestoreKill opens the data folder after a kill as start-up does
// and checks the station is whole; it returns how many receipts the
// database holds (6: the old one, 3: the restored one).
func checkAfterRestoreKill(t *testing.T, i int, dir string) int {
	t.Helper()
	ctx := context.Background()
	clk := &testClock{now: testStart}
	db, err := OpenClock(ctx, filepath.Join(dir, DBFileName), clk.Now)
	if err != nil {
		t.Fatalf("kill %d: open after the kill: %s", i, forms.ErrorMessage(err))
	}
	defer db.Close()
	problems, err := integrityProblems(ctx, db.db)
	must(t, err)
	if len(problems) > 0 {
		t.Fatalf("kill %d: integrity_check: %v", i, problems)
	}
	var stations, receipts, restores, walRow int
	must(t, db.db.QueryRow("SELECT count(*) FROM backups WHERE id = 'in-wal'").Scan(&walRow))
	must(t, db.db.QueryRow("SELECT count(*) FROM station").Scan(&stations))
	must(t, db.db.QueryRow("SELECT count(*) FROM receipts").Scan(&receipts))
	must(t, db.db.QueryRow("SELECT count(*) FROM audit_log WHERE action = ?", ActRestore).Scan(&restores))
	if stations != 1 {
		t.Fatalf("kill %d: the database has %d stations: a new, empty one", i, stations)
	}
	switch {
	case receipts == 6 && restores == 0:
		if walRow != 1 {
			t.Fatalf("kill %d: the old database lost what was in its -wal", i)
		}
	case receipts == 3 && restores == 1:
		aside, _ := filepath.Glob(filepath.Join(dir, DBFileName+".before-restore-*[0-9]"))
		if len(aside) != 1 {
			t.Fatalf("kill %d: restored, but the old database is not kept aside whole: %v", i, aside)
		}
		if seqs := seqsIn(t, aside[0]); len(seqs) != 6 {
			t.Fatalf("kill %d: the kept-aside database has receipts %v", i, seqs)
		}
	default:
		t.Fatalf("kill %d: %d receipts and %d restores: neither the old database nor the restored one", i, receipts, restores)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "*restor*"))
	for _, p := range left {
		if !strings.Contains(filepath.Base(p), ".before-restore-") {
			t.Fatalf("kill %d: %s left behind", i, filepath.Base(p))
		}
	}
	clerk := forms.Actor{UserID: clerkID(t, db)}
	r, err := lendOnce(ctx, db, clerk)
	must(t, err)
	if r.Seq != 7 {
		t.Fatalf("kill %d: the next receipt is %s: numbers 1…6 were printed already", i, r.Number)
	}
	return receipts
}

// clerkID is the fixture clerk's user id in a database.
func clerkID(t *testing.T, db *DB) string {
	t.Helper()
	var id string
	must(t, db.db.QueryRow("SELECT id FROM users WHERE name = ?", clerkNm).Scan(&id))
	return id
}
