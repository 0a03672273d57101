//go:build !unix

package printing

import "time"

// processCPU is not measured here; benchmarks then report ns/op alone.
func processCPU() (time.Duration, bool) { return 0, false }
