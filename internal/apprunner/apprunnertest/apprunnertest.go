// Package apprunnertest holds helpers for tests of App Runner services:
// git repositories made in a test's temp dir, small web apps to deploy,
// and an HTTPS client that reaches service URLs through an ingress.
package apprunnertest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Repo is a git repository in a test's temp dir, with branch main.
type Repo struct {
	t   testing.TB
	Dir string
}

// NewRepo makes a repository holding files (path → content) in one commit.
func NewRepo(t testing.TB, files map[string]string) *Repo {
	t.Helper()
	r := &Repo{t: t, Dir: t.TempDir()}
	r.Git("init", "-q", "-b", "main")
	r.Commit(files, "initial")
	return r
}

// Git runs git in the repository with a clean configuration and returns
// its trimmed output; a failure fails the test.
func (r *Repo) Git(args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.Dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// Commit writes files (an empty content deletes the file), commits them
// and returns the new commit id.
func (r *Repo) Commit(files map[string]string, msg string) string {
	r.t.Helper()
	for name, body := range files {
		p := filepath.Join(r.Dir, filepath.FromSlash(name))
		if body == "" {
			os.Remove(p)
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
	r.Git("add", "-A")
	r.Git("commit", "-q", "--allow-empty", "-m", msg)
	return r.Head()
}

// Head is the commit at the head of main.
func (r *Repo) Head() string { return r.Git("rev-parse", "HEAD") }

// ReadTree returns the files under dir (relative, slash-separated), for
// copying an example into a test repository.
func ReadTree(t testing.TB, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		// Examples keep their go.mod as go.mod.example so that berth can
		// embed them (see package examples).
		if path.Base(rel) == "go.mod.example" {
			rel = path.Join(path.Dir(rel), "go.mod")
		}
		files[rel] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// HostGOCACHE is the test runner's Go build cache. Builds given it as
// GOCACHE do not compile the standard library again for each service.
func HostGOCACHE(t testing.TB) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		t.Skipf("go toolchain unavailable: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// BuildEnv is the build environment tests give services: the host's Go
// build cache, no toolchain downloads.
func BuildEnv(t testing.TB) map[string]string {
	return map[string]string{"GOCACHE": HostGOCACHE(t), "GOTOOLCHAIN": "local", "GOFLAGS": "-mod=mod"}
}

// Client returns an HTTPS client that trusts roots and sends every
// connection to addr (the ingress's HTTPS listener), since Go does not
// resolve *.localhost names by itself. HTTP requests go to httpAddr.
func Client(roots *x509.CertPool, httpsAddr, httpAddr string) *http.Client {
	var d net.Dialer
	return &http.Client{
		Timeout: 15 * time.Second,
		Transport: &http.Transport{
			Proxy:           nil,
			TLSClientConfig: &tls.Config{RootCAs: roots},
			DialContext: func(ctx context.Context, network, a string) (net.Conn, error) {
				_, port, _ := net.SplitHostPort(a)
				target := httpsAddr
				if port == "80" || httpsAddr == "" {
					target = httpAddr
				}
				return d.DialContext(ctx, network, target)
			},
			DisableKeepAlives: true,
		},
	}
}

// GoApp is a small Go web app (no modules) whose answers name version:
// "/" says "version=<v> greeting=$GREETING", "/pid" its process id,
// "/healthz" fails when $UNHEALTHY is set, "/slow" answers after 700ms,
// "/alloc" takes 256 MiB of memory and keeps it.
func GoApp(version string) map[string]string {
	return map[string]string{
		"go.mod": "module example.com/app\n\ngo 1.22\n",
		"main.go": `package main

import (
	"fmt"
	"net/http"
	"os"
	"time"
)

const version = "` + version + `"

var hoard [][]byte

func main() {
	port := os.Getenv("PORT")
	fmt.Println("starting", version, "on port", port)
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "version=%s greeting=%s\n", version, os.Getenv("GREETING"))
	})
	http.HandleFunc("/pid", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, os.Getpid()) })
	http.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(700 * time.Millisecond)
		fmt.Fprintf(w, "slow %s\n", version)
	})
	http.HandleFunc("/alloc", func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i < 64; i++ {
			b := make([]byte, 4<<20)
			for j := range b {
				b[j] = 1
			}
			hoard = append(hoard, b)
		}
		fmt.Fprintln(w, "allocated")
	})
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		if os.Getenv("UNHEALTHY") != "" {
			w.WriteHeader(500)
		}
	})
	if err := http.ListenAndServe("127.0.0.1:"+port, nil); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
}
`,
	}
}

// PythonApp is a Python web app on the standard library only, so its
// build (a virtualenv) and start need no network: "/" answers
// "python <version>".
func PythonApp(version string) map[string]string {
	return map[string]string{
		"requirements.txt": "# standard library only\n",
		"app.py": `import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

VERSION = "` + version + `"


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = ("python " + VERSION + "\n").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        print("request", self.path, flush=True)


port = int(os.environ["PORT"])
print("python app listening on", port, flush=True)
ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
`,
	}
}

// Eventually polls cond every 50ms until it holds, failing the test after d.
func Eventually(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", d, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
