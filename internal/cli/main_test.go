package cli

import (
	"os"
	"testing"
)

// TestMain lets tests run the berth command itself: a test re-executes the
// test binary with BERTH_TEST_MAIN=1 and berth's arguments.
func TestMain(m *testing.M) {
	if os.Getenv("BERTH_TEST_MAIN") == "1" {
		os.Exit(Execute(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}
