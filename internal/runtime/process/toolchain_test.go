package process

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/berth-dev/berth/internal/runtime"
)

// fakeProgram writes an executable shell script named name in dir.
func fakeProgram(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestMissingToolchain(t *testing.T) {
	src := writeFiles(t, map[string]string{"requirements.txt": ""})
	empty := t.TempDir()
	onlyGo := t.TempDir()
	fakeProgram(t, onlyGo, "go", `echo go1.99.0`)
	broken := fakeProgram(t, t.TempDir(), "python3", `echo "pyenv: version 2.1.0 is not installed" >&2; exit 1`)
	cases := []struct {
		name    string
		opts    Options
		runtime string
		want    string
	}{
		{"default binary not in PATH", Options{Path: empty}, "PYTHON_3", "runtime PYTHON_3 needs python3: not found in PATH"},
		{"node not in PATH", Options{Path: empty}, "NODEJS_22", "runtime NODEJS_22 needs node: not found in PATH"},
		{"configured path missing", Options{Toolchains: map[string]string{"GO_1": "/nonexistent/go"}}, "GO_1", "runtime GO_1 needs /nonexistent/go: not found"},
		{"configured name missing", Options{Path: empty, Toolchains: map[string]string{"PYTHON_311": "python3.11"}}, "PYTHON_311", "runtime PYTHON_311 needs python3.11: not found in PATH"},
		{"no bash", Options{Path: onlyGo}, "GO_1", "commands need bash"},
		{"toolchain does not run", Options{Toolchains: map[string]string{"PYTHON_3": broken}}, "PYTHON_3", "does not run"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := newTestBackend(t, c.opts)
			_, err := b.Build(context.Background(), runtime.BuildSpec{ServiceID: "s", SourceDir: src, Runtime: c.runtime, CacheDir: t.TempDir()}, nil)
			if !errors.Is(err, runtime.ErrToolchainMissing) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Build err = %v; want ErrToolchainMissing with %q", err, c.want)
			}
		})
	}
}

func TestStartWithToolchainGone(t *testing.T) {
	b := newTestBackend(t, Options{})
	a := shellArtifact(t, b, "true")
	later := newTestBackend(t, Options{DataDir: b.opts.DataDir, Path: t.TempDir()})
	_, err := later.Start(context.Background(), runtime.InstanceSpec{Artifact: a})
	if !errors.Is(err, runtime.ErrToolchainMissing) {
		t.Errorf("Start err = %v; want ErrToolchainMissing", err)
	}
}

func TestToolchainVersionMismatch(t *testing.T) {
	cases := []struct {
		runtime, version string
		mismatch         bool
	}{
		{"PYTHON_3", "3.11.7", false},
		{"PYTHON_311", "3.11.7", false},
		{"PYTHON_311", "3.12.1", true},
		{"PYTHON_311", "3.110.0", true},
		{"NODEJS_18", "18.19.0", false},
		{"NODEJS_18", "20.20.2", true},
		{"GO_1", "1.26.8", false},
		{"GO_1", "", false},
	}
	for _, c := range cases {
		info, err := runtime.LookupRuntime(c.runtime)
		if err != nil {
			t.Fatal(err)
		}
		tc := &toolchain{info: info, version: c.version}
		if got := tc.mismatch(); got != c.mismatch {
			t.Errorf("%s with %q: mismatch = %v; want %v", c.runtime, c.version, got, c.mismatch)
		}
	}
}

func TestLookPath(t *testing.T) {
	dir := t.TempDir()
	exe := fakeProgram(t, dir, "tool", "true")
	if err := os.WriteFile(filepath.Join(dir, "data"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, path, want string
	}{
		{"tool", "relative:" + dir, exe},
		{"tool", t.TempDir() + ":" + dir, exe},
		{exe, "", exe},
		{"data", dir, ""},
		{"tool", "", ""},
		{"tool", "relative", ""},
		{dir, "", ""},
	}
	for _, c := range cases {
		got, err := lookPath(c.name, c.path)
		if got != c.want || (c.want == "") != (err != nil) {
			t.Errorf("lookPath(%q, %q) = %q, %v; want %q", c.name, c.path, got, err, c.want)
		}
	}
}

// A Go build must not leave the go command's telemetry sidecar (started
// with setsid, outside the build's group) behind: the build turns telemetry
// off in the service's config dir.
func TestGoTelemetryOff(t *testing.T) {
	b := newTestBackend(t, Options{})
	a := shellArtifact(t, b, "true")
	mode, err := os.ReadFile(filepath.Join(a.CacheDir, "config", "go", "telemetry", "mode"))
	if err != nil {
		t.Skipf("this go command has no telemetry mode file: %v", err)
	}
	if !strings.HasPrefix(string(mode), "off") {
		t.Errorf("telemetry mode = %q; want off", mode)
	}
}
