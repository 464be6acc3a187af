package runtimetest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/runtime"
)

func testBuildLog(t *testing.T, log *Lines, art *runtime.Artifact) {
	t.Logf("build log:\n%s", log)
	if !log.Has("building with marker m42") {
		t.Errorf("build log lacks the build command's output (env not passed?):\n%s", log)
	}
	log.mu.Lock()
	partial := log.partial
	log.mu.Unlock()
	if partial != 0 {
		t.Errorf("%d build log writes were not exactly one line", partial)
	}
	if art.ID == "" || art.Runtime != "GO_1" || art.StartCommand != "./server" || art.ServiceID != "contract" {
		t.Errorf("artifact = %+v", art)
	}
	if art.SourceDirectory != "app" {
		t.Errorf("artifact SourceDirectory = %q; want cleaned %q", art.SourceDirectory, "app")
	}
}

func testBuildFailure(t *testing.T, b runtime.Backend, spec runtime.BuildSpec) {
	spec.BuildCommand = `echo first-line; echo "compile error: marker-xyz" >&2; exit 7`
	var log Lines
	_, err := b.Build(context.Background(), spec, &log)
	if !errors.Is(err, runtime.ErrBuildFailed) {
		t.Fatalf("Build err = %v; want ErrBuildFailed", err)
	}
	var be *runtime.BuildError
	if !errors.As(err, &be) || len(be.Tail) == 0 || !strings.Contains(be.Tail[len(be.Tail)-1], "marker-xyz") {
		t.Errorf("BuildError tail does not end with the failing output: %#v", be)
	}
	if !strings.Contains(err.Error(), "compile error: marker-xyz") {
		t.Errorf("error message lacks the output tail: %v", err)
	}
	if !log.Has("marker-xyz") {
		t.Errorf("build log lacks stderr output:\n%s", &log)
	}
}

func testBuildTimeout(t *testing.T, b runtime.Backend, spec runtime.BuildSpec) {
	spec.BuildCommand = "echo sleeping; sleep 300"
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	errc := make(chan error, 1)
	go func() {
		_, err := b.Build(ctx, spec, nil)
		errc <- err
	}()
	select {
	case err := <-errc:
		if !errors.Is(err, runtime.ErrBuildFailed) || !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Build err = %v; want ErrBuildFailed and DeadlineExceeded", err)
		}
	case <-time.After(Wait):
		t.Fatal("Build did not return after its context ended")
	}
}

func testBuildBadSpec(t *testing.T, b runtime.Backend, spec runtime.BuildSpec) {
	cases := []struct {
		name   string
		mutate func(*runtime.BuildSpec)
		want   error
	}{
		{"unknown runtime", func(s *runtime.BuildSpec) { s.Runtime = "COBOL_1" }, runtime.ErrUnsupportedRuntime},
		{"escaping source directory", func(s *runtime.BuildSpec) { s.SourceDirectory = "../etc" }, runtime.ErrInvalidSpec},
		{"missing source directory", func(s *runtime.BuildSpec) { s.SourceDirectory = "nope" }, runtime.ErrInvalidSpec},
		{"missing source dir", func(s *runtime.BuildSpec) { s.SourceDir = filepath.Join(s.SourceDir, "gone") }, runtime.ErrInvalidSpec},
	}
	for _, c := range cases {
		s := spec
		c.mutate(&s)
		if _, err := b.Build(context.Background(), s, nil); !errors.Is(err, c.want) {
			t.Errorf("%s: Build err = %v; want %v", c.name, err, c.want)
		}
	}
}

func testBuildLeavesSource(t *testing.T, spec runtime.BuildSpec) {
	if _, err := os.Stat(filepath.Join(spec.SourceDir, "app", "server")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the build wrote into the source workspace (app/server exists: %v)", err)
	}
}

func testRemoveArtifact(t *testing.T, b runtime.Backend, spec runtime.BuildSpec) {
	spec.BuildCommand = ""
	art, err := b.Build(context.Background(), spec, nil)
	if err != nil {
		t.Fatalf("Build without build command: %v", err)
	}
	if err := b.RemoveArtifact(context.Background(), art); err != nil {
		t.Fatalf("RemoveArtifact: %v", err)
	}
	if err := b.RemoveArtifact(context.Background(), art); err != nil {
		t.Errorf("RemoveArtifact twice: %v", err)
	}
	_, err = b.Start(context.Background(), runtime.InstanceSpec{Artifact: art})
	if !errors.Is(err, runtime.ErrArtifactMissing) {
		t.Errorf("Start of a removed artifact: err = %v; want ErrArtifactMissing", err)
	}
}
