package ui

import (
	"os"
	"testing"

	"counterdesk/store"
)

// TestMain lowers the store's password-hash and recovery-key costs for the
// whole package (store.UseTestCosts): nearly every test sets up a station
// and logs in, and at the shipped costs (bcrypt 11, argon2id 19 MiB × 2)
// the hashes took most of the race-detector run. What the costs guard is
// tested in the store at the shipped values.
func TestMain(m *testing.M) {
	store.UseTestCosts()
	os.Exit(m.Run())
}
