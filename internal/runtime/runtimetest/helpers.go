package runtimetest

import (
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/runtime"
)

// Wait bounds every wait of the suite; the machine may be slow and shared,
// but nothing may hang forever.
const Wait = 60 * time.Second

// Lines collects output lines safely across goroutines; use Add as
// InstanceSpec.Output or the Lines itself as a build log writer.
type Lines struct {
	mu    sync.Mutex
	lines []string
	// partial counts Write calls that were not exactly one line.
	partial int
}

// Add records one line.
func (l *Lines) Add(line string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, line)
}

// Write records p as one line (a build log gets one line per Write).
func (l *Lines) Write(p []byte) (int, error) {
	s := string(p)
	l.mu.Lock()
	if !strings.HasSuffix(s, "\n") || strings.Count(s, "\n") != 1 {
		l.partial++
	}
	l.mu.Unlock()
	l.Add(strings.TrimSuffix(s, "\n"))
	return len(p), nil
}

// Has reports whether some line contains sub.
func (l *Lines) Has(sub string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, line := range l.lines {
		if strings.Contains(line, sub) {
			return true
		}
	}
	return false
}

// String joins the lines, for failure messages.
func (l *Lines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// WaitFor waits until some line contains sub.
func (l *Lines) WaitFor(t *testing.T, sub string) {
	t.Helper()
	deadline := time.Now().Add(Wait)
	for !l.Has(sub) {
		if time.Now().After(deadline) {
			t.Fatalf("no output line contains %q within %s; output:\n%s", sub, Wait, l)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// WaitDone waits for the instance to end.
func WaitDone(t *testing.T, inst runtime.Instance) {
	t.Helper()
	select {
	case <-inst.Done():
	case <-time.After(Wait):
		t.Fatalf("instance %s did not end within %s", inst.ID(), Wait)
	}
}

// Get polls http://addr/ until it answers 200 and returns the body.
func Get(t *testing.T, addr string) string {
	t.Helper()
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(Wait)
	for {
		resp, err := client.Get("http://" + addr + "/")
		if err == nil {
			body, rerr := io.ReadAll(resp.Body)
			resp.Body.Close()
			if rerr == nil && resp.StatusCode == http.StatusOK {
				return string(body)
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET http://%s/ did not answer 200 within %s: %v", addr, Wait, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// StopNow stops inst at cleanup if the test did not, so failures do not
// leak processes.
func StopNow(t *testing.T, inst runtime.Instance) {
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), Wait)
		defer cancel()
		_ = inst.Stop(ctx, time.Second)
	})
}

// CacheDir returns a per-test BuildSpec.CacheDir whose go-build directory
// is the host's GOCACHE: the build cache is content-addressed and safe to
// share, and sharing it spares every test run a cold compile of the
// standard library. Without a go command it is just an empty directory.
func CacheDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	out, err := exec.Command("go", "env", "GOCACHE").Output()
	if gocache := strings.TrimSpace(string(out)); err == nil && filepath.IsAbs(gocache) {
		if err := os.MkdirAll(gocache, 0o755); err == nil {
			_ = os.Symlink(gocache, filepath.Join(dir, "go-build"))
		}
	}
	return dir
}
