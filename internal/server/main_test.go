package server

import (
	"os"
	"testing"

	"breakfast/internal/portal"

	"golang.org/x/crypto/bcrypt"
)

// TestMain lowers the password hashing cost: the tests log in hundreds of times, and at the
// production cost under -race that alone takes minutes.
func TestMain(m *testing.M) {
	portal.PasswordCost = bcrypt.MinCost
	os.Exit(m.Run())
}
