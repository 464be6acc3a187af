package logs_test

import (
	"testing"

	"github.com/berth-dev/berth/internal/logs"
	"github.com/berth-dev/berth/internal/logs/logstest"
)

// TestAPI runs the conformance suite against the component alone.
func TestAPI(t *testing.T) {
	h := newHarness(t, logs.Options{})
	logstest.Run(t, logstest.Target{Client: h.Client, Logs: h.Logs})
}

// TestCLI runs the AWS CLI cases against the component alone.
func TestCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the AWS CLI")
	}
	h := newHarness(t, logs.Options{})
	logstest.RunCLI(t, logstest.Target{Client: h.Client, Logs: h.Logs}, logstest.CLI{Endpoint: h.Endpoint, Env: h.cliEnv()})
}
