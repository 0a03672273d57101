package store

import (
	"testing"

	"golang.org/x/crypto/bcrypt"
)

// shippedBcryptCost and shippedKDF are the costs as the product has them:
// package variables are set before any init function and before TestMain
// lowers them for the tests.
var (
	shippedBcryptCost = bcryptCost
	shippedKDF        = recoveryKDF
)

// TestShippedCosts pins the costs the product hashes and derives with
// (user.go, backupcrypt.go): only tests lower them, through TestMain or
// UseTestCosts.
func TestShippedCosts(t *testing.T) {
	if shippedBcryptCost != 11 {
		t.Errorf("bcryptCost ships as %d, want 11", shippedBcryptCost)
	}
	if k := shippedKDF; k.time != 2 || k.memoryKiB != 19*1024 || k.threads != 1 {
		t.Errorf("recoveryKDF ships as %+v, want argon2id 2 passes, 19 MiB, 1 lane", k)
	}
}

// TestUseTestCosts: the setter the UI tests call lowers both costs from
// the shipped ones.
func TestUseTestCosts(t *testing.T) {
	oldCost, oldKDF := bcryptCost, recoveryKDF
	defer func() { bcryptCost, recoveryKDF = oldCost, oldKDF }()
	bcryptCost, recoveryKDF = shippedBcryptCost, shippedKDF
	UseTestCosts()
	if bcryptCost != bcrypt.MinCost || recoveryKDF.memoryKiB != 256 || recoveryKDF.time != 1 {
		t.Fatalf("after UseTestCosts: bcrypt %d, argon2id %+v", bcryptCost, recoveryKDF)
	}
}
