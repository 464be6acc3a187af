package process

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/runtime"
	"github.com/berth-dev/berth/internal/runtime/runtimetest"
)

// writeFiles writes name → body under a new temp dir and returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// shellArtifact builds an artifact with no build step whose start command
// is start: the quickest way to run arbitrary shell in an instance.
func shellArtifact(t *testing.T, b *Backend, start string) *runtime.Artifact {
	t.Helper()
	// Source and cache live in the data dir, not in t.TempDir: the
	// Pdeathsig helper process is SIGKILLed and never cleans up, so
	// everything it makes must be under its parent test's data dir.
	src, err := os.MkdirTemp(b.opts.DataDir, "src-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "README"), []byte("shell app\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	spec := runtime.BuildSpec{ServiceID: "shell", SourceDir: src, Runtime: "GO_1", StartCommand: start}
	a, err := b.Build(context.Background(), spec, nil)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return a
}

// pidAfter waits for an output line starting with prefix ("child 1234")
// and returns the pid it names.
func pidAfter(t *testing.T, out *runtimetest.Lines, prefix string) int {
	t.Helper()
	deadline := time.Now().Add(runtimetest.Wait)
	for time.Now().Before(deadline) {
		for _, line := range strings.Split(out.String(), "\n") {
			if rest, ok := strings.CutPrefix(line, prefix); ok {
				pid, err := strconv.Atoi(strings.TrimSpace(rest))
				if err != nil {
					t.Fatalf("bad pid line %q", line)
				}
				return pid
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no output line starts with %q within %s:\n%s", prefix, runtimetest.Wait, out)
	return 0
}

// alive reports whether pid is a live process (a zombie is dead: it only
// waits for a parent that may never reap it).
func alive(pid int) bool {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	defer f.Close()
	line, _ := bufio.NewReader(f).ReadString('\n')
	ps, err := parseProcStat([]byte(line))
	return err == nil && ps.state != 'Z' && ps.state != 'X'
}

// waitGone waits (bounded) until every pid is dead.
func waitGone(t *testing.T, pids ...int) {
	t.Helper()
	deadline := time.Now().Add(runtimetest.Wait)
	for _, pid := range pids {
		for alive(pid) {
			if time.Now().After(deadline) {
				t.Fatalf("process %d still alive after %s", pid, runtimetest.Wait)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

// needProgram skips the test when the host lacks a program.
func needProgram(t *testing.T, name string) {
	t.Helper()
	if _, err := lookPath(name, os.Getenv("PATH")); err != nil {
		t.Skipf("%s not installed", name)
	}
}
