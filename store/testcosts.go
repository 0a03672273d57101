package store

import (
	"testing"

	"golang.org/x/crypto/bcrypt"
)

// UseTestCosts lowers, for the rest of the process, the cost of password
// and recovery-code hashes (bcryptCost, to bcrypt.MinCost) and of the
// recovery code's key derivation (recoveryKDF, to argon2id 256 KiB × 1),
// for the tests of other packages: the UI tests set up a station, with its
// hashes and its backup key, in almost every test, and under the race
// detector the shipped costs took most of their time. It is for tests only:
// call it from TestMain before any store is opened, and it panics in a
// binary that is not a test (testing.Testing), so the product always hashes
// at cost 11 and derives with 19 MiB × 2 (TestShippedCosts pins both). A
// hash keeps the cost it was made with, so stations made under it are
// test stations.
func UseTestCosts() {
	if !testing.Testing() {
		panic("store.UseTestCosts is for tests only")
	}
	bcryptCost = bcrypt.MinCost
	recoveryKDF.time, recoveryKDF.memoryKiB, recoveryKDF.threads = 1, 256, 1
}
