package cli

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
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

// TestUpEndToEnd runs `berth up` as a user would, in a temporary HOME:
// it must serve the example over HTTPS, deploy a new commit by itself,
// and leave no process behind after Ctrl-C.
func TestUpEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and deploys the example app")
	}
	home := t.TempDir()
	gocache, _ := exec.Command("go", "env", "GOCACHE").Output()
	cmd := berthCmd(t, "up", "--listen", "127.0.0.1:0", "--ingress-http", "127.0.0.1:0", "--ingress-https", "127.0.0.1:0")
	cmd.Dir = home
	cmd.Env = append(cmd.Env, "HOME="+home, "BERTH_HOME="+filepath.Join(home, ".berth"), "GOCACHE="+strings.TrimSpace(string(gocache)))
	if r := os.Getenv("PYENV_ROOT"); r == "" {
		cmd.Env = append(cmd.Env, "PYENV_ROOT=/root/.pyenv")
	}
	out, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := make(chan string, 1000)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var log strings.Builder
	wait := func(re *regexp.Regexp, d time.Duration) []string {
		t.Helper()
		deadline := time.After(d)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("berth up ended; output:\n%s", log.String())
				}
				log.WriteString(l + "\n")
				if m := re.FindStringSubmatch(l); m != nil {
					return m
				}
			case <-deadline:
				t.Fatalf("no %q within %v; output:\n%s", re, d, log.String())
			}
		}
	}
	ing := wait(regexp.MustCompile(`ingress\s+https://(\S+)\s+http://(\S+)`), 30*time.Second)
	httpsAddr := ing[1]
	wait(regexp.MustCompile(`the app is serving`), 4*time.Minute)
	appURL := wait(regexp.MustCompile(`(https://\S+\.apprunner\.localhost:\d+)`), 5*time.Second)[1]

	caPEM, err := os.ReadFile(filepath.Join(home, ".berth", "ca", "ca.pem"))
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: pool},
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, httpsAddr) // *.apprunner.localhost → the ingress
		},
	}}
	get := func(path string) string {
		resp, err := client.Get(appURL + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
		}
		return string(b)
	}
	if !strings.Contains(get("/"), "<html") || !strings.Contains(get("/item/42"), "42") {
		t.Fatal("the example's pages are not served")
	}

	// A commit on main is deployed by the watcher.
	repo := filepath.Join(home, "berth-demo")
	tmpl := filepath.Join(repo, "app", "templates", "item.html")
	b, _ := os.ReadFile(tmpl)
	os.WriteFile(tmpl, []byte(strings.Replace(string(b), "<h1>", "<h1>Version two, ", 1)), 0o644)
	if o, err := exec.Command("git", "-C", repo, "-c", "user.email=dev@example.com", "-c", "user.name=dev", "commit", "-qam", "v2").CombinedOutput(); err != nil {
		t.Fatalf("commit: %v %s", err, o)
	}
	deadline := time.Now().Add(3 * time.Minute)
	for !strings.Contains(get("/item/42"), "Version two") {
		if time.Now().After(deadline) {
			t.Fatalf("the new commit was not deployed; output:\n%s", log.String())
		}
		time.Sleep(500 * time.Millisecond)
	}

	// Ctrl-C stops everything; no process of the data dir stays behind.
	cmd.Process.Signal(syscall.SIGINT)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("berth up after SIGINT: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("berth up did not stop within 30s of SIGINT")
	}
	time.Sleep(500 * time.Millisecond)
	if left := processesUnder(filepath.Join(home, ".berth")); len(left) > 0 {
		t.Fatalf("processes left behind: %v", left)
	}
}

// processesUnder lists processes whose working directory is inside dir.
func processesUnder(dir string) []string {
	var out []string
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		cwd, err := os.Readlink(filepath.Join("/proc", e.Name(), "cwd"))
		if err == nil && strings.HasPrefix(cwd, dir) {
			cmdline, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
			out = append(out, e.Name()+": "+strings.ReplaceAll(string(cmdline), "\x00", " "))
		}
	}
	return out
}
