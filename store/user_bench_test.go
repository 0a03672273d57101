package store

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// cpuTime is the CPU time this process has used, user and system. The
// benchmarks report it beside the wall time, which on a shared machine
// counts the waits for a core too.
func cpuTime() time.Duration {
	var r syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &r); err != nil {
		return 0
	}
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}

// BenchmarkPasswordCheck measures one password check (a wrong password, as
// a guesser's try) at bcrypt costs 10 (bcrypt.DefaultCost), 11 and 12, to
// choose bcryptCost: about 100–250 ms per check on one core. Run with
//
//	GOMAXPROCS=1 go test ./store -run '^$' -bench PasswordCheck -benchtime 10x
//
// cpu-ms/op is the CPU time per check, the figure to compare on a machine
// others share.
func BenchmarkPasswordCheck(b *testing.B) {
	for _, cost := range []int{10, 11, 12} {
		hash, err := bcrypt.GenerateFromPassword([]byte("li2026pass"), cost)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("cost=%d", cost), func(b *testing.B) {
			start := cpuTime()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if bcrypt.CompareHashAndPassword(hash, []byte("wrong-pass-1")) == nil {
					b.Fatal("a wrong password matched")
				}
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
}

// BenchmarkLoginWrong measures a wrong log-in through the store at the
// chosen cost (bcryptCost as shipped, not the tests' lower one): with a
// known name and a wrong password, and with a name nobody has. The two
// must cost the same (the dummy hash), so the time does not tell whether
// a name exists. Each try counts toward the lock-out, so the clock moves
// past the lock between tries.
func BenchmarkLoginWrong(b *testing.B) {
	ctx := context.Background()
	f := newFixture(b)
	old := bcryptCost
	bcryptCost = 11
	defer func() { bcryptCost = old }()
	_, err := f.db.AddUser(ctx, f.sup, "周窗口", "clerk", "zhou2026pw")
	must(b, err)
	for _, c := range []struct{ label, name string }{{"known-name", "周窗口"}, {"unknown-name", "没有这个人"}} {
		b.Run(c.label, func(b *testing.B) {
			checkPassword(nil, "warm-up-1") // the dummy hash at this cost
			start := cpuTime()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				f.clk.Add(time.Hour)
				b.StartTimer()
				if _, err := f.db.Login(ctx, c.name, "wrong-pass-1"); err == nil {
					b.Fatal("a wrong log-in was let in")
				}
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
}
