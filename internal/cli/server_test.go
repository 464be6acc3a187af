package cli

import (
	"bufio"
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// berthCmd returns a command running berth (this test binary in main mode).
func berthCmd(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "BERTH_TEST_MAIN=1")
	return cmd
}

func TestServerReadyLineAndSignalShutdown(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			cmd := berthCmd(t, "server", "--listen", "127.0.0.1:0", "--ingress-http", "127.0.0.1:0", "--ingress-https", "127.0.0.1:0", "--data", dir)
			out, _ := cmd.StdoutPipe()
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			line, err := bufio.NewReader(out).ReadString('\n')
			if err != nil {
				t.Fatalf("no ready line: %v %s", err, stderr.String())
			}
			m := regexp.MustCompile(`endpoint=(http://\S+)`).FindStringSubmatch(line)
			if m == nil || !strings.HasPrefix(line, "berth ready:") {
				t.Fatalf("ready line = %q", line)
			}
			resp, err := http.Get(m[1] + "/_berth/health")
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("health: %v", err)
			}
			resp.Body.Close()
			cmd.Process.Signal(sig)
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("exit: %v\n%s", err, stderr.String())
				}
			case <-time.After(15 * time.Second):
				t.Fatal("server did not stop within 15s of " + sig.String())
			}
		})
	}
}

func TestUsageErrorsCarryHint(t *testing.T) {
	var out, errb bytes.Buffer
	if code := Execute([]string{"server", "extra"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "try: ") {
		t.Fatalf("code %d stderr %q", code, errb.String())
	}
	errb.Reset()
	if code := Execute([]string{"nosuch"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "try: berth --help") {
		t.Fatalf("code %d stderr %q", code, errb.String())
	}
	out.Reset()
	if code := Execute([]string{"--help"}, &out, &errb); code != 0 || !strings.Contains(out.String(), "Example:") {
		t.Fatalf("help: %d %q", code, out.String())
	}
}
