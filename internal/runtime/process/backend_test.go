package process

import (
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/runtime"
	"github.com/berth-dev/berth/internal/runtime/runtimetest"
)

// newTestBackend returns a Backend over a fresh data dir with a fast
// memory poll.
func newTestBackend(t *testing.T, opts Options) *Backend {
	t.Helper()
	if opts.DataDir == "" {
		opts.DataDir = t.TempDir()
	}
	if opts.MemoryPollInterval == 0 {
		opts.MemoryPollInterval = 100 * time.Millisecond
	}
	b, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBackendContract(t *testing.T) {
	runtimetest.RunBackendSuite(t, func(t *testing.T) runtime.Backend {
		return newTestBackend(t, Options{})
	})
}

func TestNewRequiresAbsoluteDataDir(t *testing.T) {
	for _, dir := range []string{"", "relative/dir"} {
		if _, err := New(Options{DataDir: dir}); err == nil {
			t.Errorf("New(DataDir %q): want an error", dir)
		}
	}
}
