package process

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/berth-dev/berth/internal/runtime"
)

// defaultBinaries is the host program that serves each runtime family when
// Options.Toolchains does not name one.
var defaultBinaries = map[runtime.Family]string{
	runtime.FamilyGo:     "go",
	runtime.FamilyPython: "python3",
	runtime.FamilyNode:   "node",
	runtime.FamilyJava:   "java",
	runtime.FamilyDotnet: "dotnet",
	runtime.FamilyPHP:    "php",
	runtime.FamilyRuby:   "ruby",
}

// probeTimeout bounds asking a toolchain for its version.
const probeTimeout = 15 * time.Second

// errNotFound is lookPath's failure.
var errNotFound = errors.New("not found")

// toolchain is the host program that serves one runtime.
type toolchain struct {
	info runtime.RuntimeInfo
	// bin is the name or path asked for ("python3", "/usr/bin/python3").
	bin string
	// path is bin resolved to an executable file.
	path string
	// real is the program behind path once probed: for Python the real
	// interpreter behind a shim (pyenv), which the virtualenv must point
	// to. Empty until probe.
	real string
	// version is what the toolchain reports, for the build log.
	version string
}

// lookPath finds name like a shell would in pathList, without consulting the
// server's own PATH (Options.Path may differ from it).
func lookPath(name, pathList string) (string, error) {
	if strings.Contains(name, "/") {
		if isExecutable(name) {
			return filepath.Abs(name)
		}
		return "", errNotFound
	}
	for _, dir := range filepath.SplitList(pathList) {
		if dir == "" || !filepath.IsAbs(dir) {
			continue // relative PATH entries would depend on each build's cwd
		}
		if p := filepath.Join(dir, name); isExecutable(p) {
			return p, nil
		}
	}
	return "", errNotFound
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}

// toolchainFor resolves the program serving runtime info, or returns an
// error wrapping runtime.ErrToolchainMissing that names both.
func (b *Backend) toolchainFor(info runtime.RuntimeInfo) (*toolchain, error) {
	bin := b.opts.Toolchains[info.Name]
	if bin == "" {
		bin = defaultBinaries[info.Family]
	}
	p, err := lookPath(bin, b.path)
	if err != nil {
		where := "not found in PATH"
		if strings.Contains(bin, "/") {
			where = "not found or not executable"
		}
		return nil, fmt.Errorf("%w: runtime %s needs %s: %s", runtime.ErrToolchainMissing, info.Name, bin, where)
	}
	return &toolchain{info: info, bin: bin, path: p}, nil
}

// bash resolves the shell every command runs with.
func (b *Backend) bash() (string, error) {
	p, err := lookPath("bash", b.path)
	if err != nil {
		return "", fmt.Errorf("%w: commands need bash: not found in PATH", runtime.ErrToolchainMissing)
	}
	return p, nil
}

// probe asks the toolchain for its version (and, for Python, its real
// interpreter), running in dir so that a version file in the service's
// repository (.python-version) cannot redirect a pyenv shim. A toolchain
// that does not run wraps runtime.ErrToolchainMissing.
func (tc *toolchain) probe(ctx context.Context, dir string, env []string) error {
	var args []string
	switch tc.info.Family {
	case runtime.FamilyPython:
		args = []string{"-c", "import sys; print(sys.executable); print(sys.version.split()[0])"}
	case runtime.FamilyGo:
		args = []string{"env", "GOVERSION"}
	case runtime.FamilyNode:
		args = []string{"--version"}
	default:
		tc.real = tc.path
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	if tc.info.Family == runtime.FamilyGo {
		// The go command (1.23+) starts a telemetry sidecar with setsid
		// about once a day per config dir: it would escape the build's
		// process group, outlive the build and write into the cache.
		// "go telemetry off" is the documented switch; it persists in the
		// service's XDG_CONFIG_HOME (see environ). Older go commands have
		// no telemetry and fail here harmlessly.
		off := exec.CommandContext(ctx, tc.path, "telemetry", "off")
		off.Dir, off.Env = dir, env
		_ = off.Run()
	}
	cmd := exec.CommandContext(ctx, tc.path, args...)
	cmd.Dir, cmd.Env = dir, env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("%w: runtime %s needs %s: %s does not run: %v: %s",
			runtime.ErrToolchainMissing, tc.info.Name, tc.bin, tc.path, err, strings.TrimSpace(stderr.String()))
	}
	lines := strings.Fields(string(out))
	tc.real = tc.path
	switch {
	case tc.info.Family == runtime.FamilyPython && len(lines) == 2:
		tc.real, tc.version = lines[0], lines[1]
	case len(lines) > 0:
		tc.version = strings.TrimPrefix(strings.TrimPrefix(lines[0], "go"), "v")
	}
	return nil
}

// mismatch says whether the probed version differs from the one the App
// Runner runtime promises ("3.11" accepts "3.11.7", "1" accepts "1.26.8").
func (tc *toolchain) mismatch() bool {
	want := tc.info.Version
	return tc.version != "" && tc.version != want && !strings.HasPrefix(tc.version, want+".")
}
