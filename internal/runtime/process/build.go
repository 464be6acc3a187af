package process

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/berth-dev/berth/internal/runtime"
)

// tailLines is how much build output a *runtime.BuildError carries.
const tailLines = 30

// Build copies spec.SourceDir into a new artifact directory, prepares the
// runtime (a virtualenv for Python) and runs spec.BuildCommand there with
// bash. On any failure the artifact directory is removed.
func (b *Backend) Build(ctx context.Context, spec runtime.BuildSpec, log io.Writer) (*runtime.Artifact, error) {
	if log == nil {
		log = io.Discard
	}
	a, err := b.build(ctx, spec, log)
	var be *runtime.BuildError
	if err != nil && ctx.Err() != nil && !errors.As(err, &be) {
		err = &runtime.BuildError{Step: "build", Err: err} // cancelled between steps
	}
	if err != nil {
		fmt.Fprintf(log, "berth: build failed: %v\n", err)
		return nil, fmt.Errorf("process: build %s: %w", spec.ServiceID, err)
	}
	fmt.Fprintf(log, "berth: build succeeded: artifact %s\n", a.ID)
	return a, nil
}

func (b *Backend) build(ctx context.Context, spec runtime.BuildSpec, log io.Writer) (_ *runtime.Artifact, err error) {
	info, err := runtime.LookupRuntime(spec.Runtime)
	if err != nil {
		return nil, err
	}
	srcDir, err := runtime.CleanSourceDirectory(spec.SourceDirectory)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(spec.SourceDir); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("%w: source dir %q is not a directory", runtime.ErrInvalidSpec, spec.SourceDir)
	}
	tc, err := b.toolchainFor(info)
	if err != nil {
		return nil, err
	}
	bash, err := b.bash()
	if err != nil {
		return nil, err
	}

	id := newArtifactID(spec.ServiceID, time.Now())
	root := filepath.Join(b.artifactsDir(), id)
	cache := spec.CacheDir
	if cache == "" {
		cache = filepath.Join(b.opts.DataDir, "cache", safeName(spec.ServiceID))
	}
	l := layout{
		work:  filepath.Join(root, "src", filepath.FromSlash(srcDir)),
		venv:  filepath.Join(root, "venv"),
		home:  filepath.Join(cache, "home"),
		cache: cache,
	}
	for _, d := range []string{b.artifactsDir(), l.home} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, err
		}
	}
	if err := os.Mkdir(root, 0o700); err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(root)
		}
	}()
	if err := os.Mkdir(filepath.Join(root, "home"), 0o700); err != nil {
		return nil, err
	}

	fmt.Fprintf(log, "berth: building %s for service %s (runtime %s)\n", id, spec.ServiceID, info.Name)
	if err := copyTree(ctx, spec.SourceDir, filepath.Join(root, "src")); err != nil {
		return nil, fmt.Errorf("copy source: %w", err)
	}
	if fi, err := os.Stat(l.work); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("%w: SourceDirectory %q not found in the repository", runtime.ErrInvalidSpec, spec.SourceDirectory)
	}

	env := b.environ(os.Environ(), tc, l, spec.Env)
	if err := tc.probe(ctx, l.home, env); err != nil {
		return nil, err
	}
	fmt.Fprintf(log, "berth: runtime %s uses %s %s (%s)\n", info.Name, tc.bin, tc.version, tc.real)
	if tc.mismatch() {
		fmt.Fprintf(log, "berth: warning: %s promises version %s; set a toolchain for %s to pin one\n", info.Name, info.Version, info.Name)
	}
	if info.Family == runtime.FamilyPython {
		fmt.Fprintf(log, "berth: creating virtualenv %s\n", l.venv)
		venv := shellQuote(tc.real) + " -m venv " + shellQuote(l.venv)
		if err := runStep(ctx, "virtualenv", bash, l.home, venv, env, log); err != nil {
			return nil, err
		}
	}
	if spec.BuildCommand != "" {
		fmt.Fprintf(log, "$ %s\n", spec.BuildCommand)
		if err := runStep(ctx, "build command", bash, l.work, spec.BuildCommand, env, log); err != nil {
			return nil, err
		}
	}

	a := &runtime.Artifact{
		ID:              id,
		Backend:         backendName,
		ServiceID:       spec.ServiceID,
		Dir:             root,
		SourceDirectory: srcDir,
		Runtime:         info.Name,
		StartCommand:    spec.StartCommand,
		CacheDir:        cache,
		CreatedAt:       time.Now().UTC(),
	}
	if err := writeArtifact(a); err != nil {
		return nil, fmt.Errorf("save artifact: %w", err)
	}
	return a, nil
}

// runStep runs one build command to completion, streaming its output to log
// line by line. When ctx ends the command's whole group is killed. A failure
// is a *runtime.BuildError with the output's tail.
func runStep(ctx context.Context, step, bash, dir, command string, env []string, log io.Writer) error {
	tl := tail{n: tailLines}
	p, err := spawn(bash, dir, command, env, func(line string) {
		tl.add(line)
		_, _ = io.WriteString(log, line+"\n") // a broken log must not fail the build
	})
	if err != nil {
		return &runtime.BuildError{Step: step, Err: err}
	}
	done := make(chan error, 1)
	go func() { done <- p.finish() }()
	select {
	case err = <-done:
	case <-ctx.Done():
		_ = killGroup(p.pgid, syscall.SIGKILL)
		<-done
		err = ctx.Err()
	}
	if err != nil {
		return &runtime.BuildError{Step: step, Err: err, Tail: tl.get()}
	}
	return nil
}
