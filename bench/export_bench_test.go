package bench_test

// The export to head office at scale (issue 15): BenchmarkExport writes the
// first export of the seeded training station (every row of it: about
// 100,000 members, 300,000 cases and their receipts), BenchmarkImport
// imports that file with the real hqdesk binary into a fresh head-office
// database, SQLite and PostgreSQL (COUNTERDESK_PG_URL; scripts/pg.sh starts
// a throwaway server). Target: under 10 s each.
//
// The station is copied from the cache the scale benchmarks build
// (station() in scale_bench_test.go) with VACUUM INTO from a read-only
// connection (the cache itself is never written), and made ready once:
// opened (which adds the change sequence of migration 0014 over every row)
// and given head office's recipient. That ready copy is kept in
// os.TempDir() and used again by later runs while the cache and the
// migrations are the same. Every export runs on a fresh file copy of it,
// outside the timing; every import on an empty database.
//
// Run: go test ./bench -run XXX -bench 'Export|Import' -benchtime 3x -timeout 90m
// (with PostgreSQL: COUNTERDESK_PG_DURABLE=1 bash scripts/pg.sh go test …).

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"counterdesk/forms"
	"counterdesk/store"
)

// exportRig is what both benchmarks share, made once per run.
type exportRig struct {
	work      string // a folder of this run, removed by nobody but the next run
	base      string // the ready station's database file (copied for every export)
	hqdesk    string // the hqdesk binary
	identity  string // head office's identity file
	keyFile   string // the station's public key, as `counterdesk keys` prints it
	file      string // a complete first export, for the import benchmark
	fileSize  int64
	fileRows  int64
	supervise forms.Actor
	now       time.Time
	exportCPU time.Duration // CPU (user + system) of the exports timed so far
}

var (
	rigOnce sync.Once
	rig     exportRig
	rigErr  error
)

// benchWork is the folder the export benchmarks work in; a later run uses
// its ready station again (see makeRig).
func benchWork() string {
	return filepath.Join(os.TempDir(), "counterdesk-bench15 导出")
}

// exportSetup makes the rig: the ready station copy, the hqdesk binary,
// head office's identity and the station's key file. The caller resets its
// timer afterwards.
func exportSetup(b *testing.B) *exportRig {
	b.Helper()
	rigOnce.Do(func() { rigErr = makeRig(b) })
	if rigErr != nil {
		b.Fatalf("export rig: %v (%s)", rigErr, forms.ErrorMessage(rigErr))
	}
	return &rig
}

func makeRig(b *testing.B) error {
	ctx := context.Background()
	plan := benchPlan()
	cache := filepath.Join(os.TempDir(), fmt.Sprintf("counterdesk-bench-v%d-seed%d-%d-%d-%d",
		forms.DemoPlanVersion, plan.Seed, plan.Customers, plan.Cases, plan.Days), store.DBFileName)
	if _, err := os.Stat(cache); err != nil {
		station(b) // builds the cache
		if stationErr != nil {
			return stationErr
		}
	}
	work := benchWork()
	rig.work = work
	rig.base = filepath.Join(work, "station", store.DBFileName)
	rig.now = plan.End.Add(2 * time.Hour)
	rig.hqdesk = filepath.Join(work, "bin", "hqdesk")
	rig.identity = filepath.Join(work, "总部 身份", "hq-identity.txt")
	rig.keyFile = filepath.Join(work, "XL01 公钥.txt")
	if err := buildHQDesk(rig.hqdesk); err != nil {
		return err
	}

	// A ready copy from an earlier run is used again when it was made from
	// the same cache by the same migrations (making it takes minutes).
	stamp, err := readyStamp(cache)
	if err != nil {
		return err
	}
	marker := filepath.Join(work, "ready.txt")
	if m, err := os.ReadFile(marker); err == nil {
		if lines := strings.Split(string(m), "\n"); len(lines) >= 2 && lines[0] == stamp && exist(rig.base, rig.identity, rig.keyFile) {
			rig.supervise = forms.Actor{UserID: lines[1]}
			fmt.Fprintf(os.Stderr, "bench15: the ready station of an earlier run is used again\n")
			return nil
		}
	}
	for _, d := range []string{"station", "总部 身份"} {
		if err := os.RemoveAll(filepath.Join(work, d)); err != nil {
			return err
		}
	}
	os.Remove(marker)
	if err := os.MkdirAll(filepath.Join(work, "station"), 0o700); err != nil {
		return err
	}

	start := time.Now()
	if err := vacuumInto(cache, rig.base); err != nil {
		return fmt.Errorf("copy the seeded station: %w", err)
	}
	fmt.Fprintf(os.Stderr, "bench15: station copied in %s\n", time.Since(start).Round(time.Second))

	// Ready it: the migration to the change sequence, head office's
	// recipient; then close, so the file is whole for copying.
	start = time.Now()
	db, err := store.OpenClock(ctx, rig.base, func() time.Time { return rig.now })
	if err != nil {
		return err
	}
	defer func() {
		if db != nil {
			db.Close()
		}
	}()
	sup, err := db.Login(ctx, forms.DemoSupervisor, plan.Password)
	if err != nil {
		return err
	}
	rig.supervise = forms.Actor{UserID: sup.ID}
	if out, err := exec.Command(rig.hqdesk, "keygen", "--out", filepath.Dir(rig.identity)).CombinedOutput(); err != nil {
		return fmt.Errorf("hqdesk keygen: %v\n%s", err, out)
	}
	rtext, err := os.ReadFile(filepath.Join(filepath.Dir(rig.identity), "hq-recipient.txt"))
	if err != nil {
		return err
	}
	recipient, err := store.ParseRecipient(string(rtext))
	if err != nil {
		return err
	}
	if err := db.SetHQRecipient(ctx, rig.supervise, recipient); err != nil {
		return err
	}
	key, err := db.StationKey(ctx)
	if err != nil {
		return err
	}
	if err := os.WriteFile(rig.keyFile, []byte(key.Text), 0o644); err != nil {
		return err
	}
	err = db.Close()
	db = nil
	if err != nil {
		return err
	}
	// The copy the migration made of the whole station is not needed.
	os.RemoveAll(filepath.Join(work, "station", "backups"))
	fmt.Fprintf(os.Stderr, "bench15: station ready (change sequence, recipient) in %s\n", time.Since(start).Round(time.Second))
	return os.WriteFile(marker, []byte(stamp+"\n"+sup.ID+"\n"), 0o644)
}

// exist reports whether every file exists.
func exist(files ...string) bool {
	for _, f := range files {
		if _, err := os.Stat(f); err != nil {
			return false
		}
	}
	return true
}

// readyStamp names what a ready copy was made from: the cache file's size
// and time, and the store's migrations (read from the source tree).
func readyStamp(cache string) (string, error) {
	fi, err := os.Stat(cache)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s %d %d\n", cache, fi.Size(), fi.ModTime().UnixNano())
	files, err := filepath.Glob(filepath.Join("..", "store", "migrations", "*.sql"))
	if err != nil || len(files) == 0 {
		return "", fmt.Errorf("the store's migrations are not at ../store/migrations (%v)", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s %x\n", filepath.Base(f), sha256.Sum256(data))
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// vacuumInto writes a consistent copy of the SQLite database src to dst
// from a read-only connection.
func vacuumInto(src, dst string) error {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(src), RawQuery: "mode=ro&_pragma=busy_timeout(10000)"}
	conn, err := sql.Open("sqlite", u.String())
	if err != nil {
		return err
	}
	defer conn.Close()
	_, err = conn.Exec("VACUUM INTO ?", dst)
	return err
}

// buildHQDesk builds cmd/hqdesk without cgo, as head office gets it.
func buildHQDesk(out string) error {
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	cmd := exec.Command(goTool, "build", "-o", out, "counterdesk/cmd/hqdesk")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build hqdesk: %v\n%s", err, b)
	}
	return nil
}

// copyFile copies src to dst (created) and syncs it.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// exportOnce writes one full export of a fresh copy of the ready station:
// copying and opening are outside the timer, the Export call inside.
func exportOnce(b *testing.B, r *exportRig, i int) forms.ExportInfo {
	b.Helper()
	ctx := context.Background()
	b.StopTimer()
	dir := filepath.Join(r.work, fmt.Sprintf("run %d", i))
	os.RemoveAll(dir)
	if err := os.MkdirAll(filepath.Join(dir, "U盘"), 0o700); err != nil {
		b.Fatal(err)
	}
	if err := copyFile(r.base, filepath.Join(dir, store.DBFileName)); err != nil {
		b.Fatal(err)
	}
	now := r.now.Add(time.Minute)
	db, err := store.OpenClock(ctx, filepath.Join(dir, store.DBFileName), func() time.Time { return now })
	if err != nil {
		b.Fatal(err)
	}
	cpu0 := processCPU()
	b.StartTimer()
	info, err := db.Export(ctx, r.supervise, filepath.Join(dir, "U盘"), nil)
	b.StopTimer()
	r.exportCPU += processCPU() - cpu0
	if err != nil {
		db.Close()
		b.Fatalf("export: %v (%s)", err, forms.ErrorMessage(err))
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	if r.file == "" {
		// Keep the first export for BenchmarkImport.
		r.file = filepath.Join(r.work, info.FileName)
		if err := os.Rename(info.Path, r.file); err != nil {
			b.Fatal(err)
		}
		r.fileSize, r.fileRows = info.Size, info.Rows
	}
	if err := os.RemoveAll(dir); err != nil {
		b.Fatal(err)
	}
	b.StartTimer()
	return info
}

// BenchmarkExport is the first export of the seeded station: every row of
// every exported table, encrypted and signed, written, read back and
// checked, and kept in the data folder. Target: under 10 s.
func BenchmarkExport(b *testing.B) {
	r := exportSetup(b)
	b.ResetTimer()
	var info forms.ExportInfo
	for i := 0; i < b.N; i++ {
		info = exportOnce(b, r, i)
	}
	b.StopTimer()
	b.ReportMetric(float64(info.Size)/1e6, "MB")
	b.ReportMetric(float64(info.Rows), "rows")
	// On a shared machine the wall time depends on the others' load; the
	// CPU time much less.
	b.ReportMetric(r.exportCPU.Seconds()/float64(b.N), "cpu-s/op")
	r.exportCPU = 0
	b.Logf("export %s: %d rows, %.1f MB; by table: %v", info.FileName, info.Rows, float64(info.Size)/1e6, info.Counts)
}

// BenchmarkImport imports that export with `hqdesk import --training`
// (the demo station is a training station) into an empty head-office
// database: a SQLite file, and a new PostgreSQL database when
// COUNTERDESK_PG_URL is set. Registering the station is outside the timer;
// the timer covers the whole hqdesk process (verify, decrypt, merge, one
// transaction). Target: under 10 s each.
func BenchmarkImport(b *testing.B) {
	r := exportSetup(b)
	if r.file == "" {
		exportOnce(b, r, 0)
	}
	b.Run("sqlite", func(b *testing.B) {
		var cpu time.Duration
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			dir := filepath.Join(r.work, fmt.Sprintf("总部 %d", i))
			os.RemoveAll(dir)
			if err := os.MkdirAll(dir, 0o700); err != nil {
				b.Fatal(err)
			}
			importOnce(b, r, filepath.Join(dir, "hq.db"), &cpu)
			os.RemoveAll(dir)
		}
		b.ReportMetric(float64(r.fileSize)/1e6, "MB")
		b.ReportMetric(float64(r.fileRows), "rows")
		b.ReportMetric(cpu.Seconds()/float64(b.N), "hqdesk-cpu-s/op")
	})
	b.Run("postgres", func(b *testing.B) {
		server := os.Getenv("COUNTERDESK_PG_URL")
		if server == "" {
			b.Skip("COUNTERDESK_PG_URL is not set (bash scripts/pg.sh go test … starts a server)")
		}
		ctx := context.Background()
		var cpu time.Duration
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			var rb [6]byte
			rand.Read(rb[:])
			name := "hq_bench_" + hex.EncodeToString(rb[:])
			if err := pgExec(ctx, server, "CREATE DATABASE "+name); err != nil {
				b.Fatal(err)
			}
			u, err := url.Parse(server)
			if err != nil {
				b.Fatal(err)
			}
			u.Path = "/" + name
			importOnce(b, r, u.String(), &cpu)
			b.StopTimer()
			if err := pgExec(ctx, server, "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(r.fileSize)/1e6, "MB")
		b.ReportMetric(float64(r.fileRows), "rows")
		b.ReportMetric(cpu.Seconds()/float64(b.N), "hqdesk-cpu-s/op")
	})
}

// importOnce registers the station in the empty database dsn (timer
// stopped) and times `hqdesk import`; it checks every row arrived and adds
// the hqdesk process's CPU time (user + system) to cpu.
func importOnce(b *testing.B, r *exportRig, dsn string, cpu *time.Duration) {
	b.Helper()
	b.StopTimer()
	if out, err := exec.Command(r.hqdesk, "station", "add", "--db", dsn, "--branch", forms.DemoBranchCode,
		"--station", "01", "--key", r.keyFile, "--training").CombinedOutput(); err != nil {
		b.Fatalf("hqdesk station add: %v\n%s", err, out)
	}
	cmd := exec.Command(r.hqdesk, "import", "--db", dsn, "--identity", r.identity, "--training", r.file)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	b.StartTimer()
	err := cmd.Run()
	b.StopTimer()
	if err != nil {
		b.Fatalf("hqdesk import: %v\n%s%s", err, stdout.String(), stderr.String())
	}
	*cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	if want := fmt.Sprintf("%d 行", r.fileRows); !strings.Contains(stdout.String(), want) {
		b.Fatalf("hqdesk import did not report %s:\n%s", want, stdout.String())
	}
	b.StartTimer()
}

// processCPU is this process's CPU time so far (user + system).
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// pgExec runs one statement on the server (CREATE / DROP DATABASE).
func pgExec(ctx context.Context, server, stmt string) error {
	c, err := pgx.Connect(ctx, server)
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	_, err = c.Exec(ctx, stmt)
	return err
}
