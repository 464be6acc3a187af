package e2e

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestReadmeCommands runs every `sh` block of README.md, in order, in an
// empty directory, with a freshly built berth on PATH. The platform's
// well-known ports are swapped for free ones so the test can run beside
// a developer's own berth.
func TestReadmeCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and deploys the example app")
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(string(readme), -1)
	if len(blocks) < 5 {
		t.Fatalf("found %d sh blocks in README.md", len(blocks))
	}
	bin := filepath.Join(t.TempDir(), "bin")
	if out, err := exec.Command("go", "build", "-o", filepath.Join(bin, "berth"), "../../cmd/berth").CombinedOutput(); err != nil {
		t.Fatalf("build: %v %s", err, out)
	}
	script := "set -euo pipefail\ntrap 'kill $(jobs -p) 2>/dev/null; wait' EXIT\n"
	for _, b := range blocks {
		script += b[1] + "\n"
	}
	// A free port is picked by listening on it and closing it, so another
	// test may take it before berth binds it: then the run starts again
	// with new ports (berth names the busy address and its flag).
	var out []byte
	for attempt := 1; ; attempt++ {
		out, err = runReadme(t, script, bin)
		if err == nil {
			break
		}
		if attempt == 3 || !strings.Contains(string(out), "address already in use") {
			t.Fatalf("README commands failed: %v\n%s", err, out)
		}
		t.Logf("a picked port was taken meanwhile; running the README again:\n%s", out)
	}
	for _, want := range []string{
		`"Arn": "arn:aws:iam::000000000000:root"`,
		"assumed-role/github-access/GithubActions",
		"refused by the trust policy",
		": success",
		"Item number",
		`"Version": "2012-10-17"`,
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("README output lacks %q:\n%s", want, out)
		}
	}
}

// runReadme runs the README's script in a new directory, the well-known
// ports swapped for free ones.
func runReadme(t *testing.T, script, bin string) ([]byte, error) {
	ports := map[string]string{}
	for _, p := range []string{"4566", "8080", "8443"} {
		ports[p] = freePort(t)
		script = strings.ReplaceAll(script, "127.0.0.1:"+p, "127.0.0.1:"+ports[p])
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-c", script)
	cmd.Dir = dir
	gocache, _ := exec.Command("go", "env", "GOCACHE").Output()
	cmd.Env = append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"), "BERTH_ENDPOINT=http://127.0.0.1:"+ports["4566"],
		"BERTH_BUILD_CACHE="+filepath.Dir(strings.TrimSpace(string(gocache))), "AWS_PAGER=", "AWS_PROFILE=", "AWS_CONFIG_FILE="+filepath.Join(dir, "no-config"))
	return cmd.CombinedOutput()
}

func freePort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, port, _ := net.SplitHostPort(l.Addr().String())
	return port
}
