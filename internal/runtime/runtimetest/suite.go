// Package runtimetest is the contract every runtime.Backend must meet, as
// one test suite: a backend package calls RunBackendSuite from its tests.
// The suite only uses the runtime interfaces and a Go HTTP app it writes
// itself, so it runs unchanged against a future Kubernetes backend.
package runtimetest

import (
	"context"
	"errors"
	"testing"

	"github.com/berth-dev/berth/internal/runtime"
)

// contractBuild is the build every instance case runs.
func contractBuild(t *testing.T, cacheDir string) runtime.BuildSpec {
	t.Helper()
	repo := t.TempDir()
	if err := writeContractRepo(repo); err != nil {
		t.Fatal(err)
	}
	return runtime.BuildSpec{
		ServiceID:       "contract",
		SourceDir:       repo,
		SourceDirectory: "/app",
		Runtime:         "GO_1",
		BuildCommand:    `echo "building with marker $BUILD_MARKER" && go build -ldflags "-X main.buildMarker=$BUILD_MARKER" -o server .`,
		StartCommand:    "./server",
		Env:             map[string]string{"BUILD_MARKER": "m42"},
		CacheDir:        cacheDir,
	}
}

// RunBackendSuite runs the Backend contract against a backend made by
// newBackend (called once; the backend is shut down at the end). It skips
// when the backend has no Go toolchain.
func RunBackendSuite(t *testing.T, newBackend func(t *testing.T) runtime.Backend) {
	b := newBackend(t)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), Wait)
		defer cancel()
		if err := b.Shutdown(ctx, 0); err != nil {
			t.Errorf("Shutdown at cleanup: %v", err)
		}
	})
	spec := contractBuild(t, CacheDir(t))
	var log Lines
	ctx, cancel := context.WithTimeout(context.Background(), 5*Wait)
	defer cancel()
	art, err := b.Build(ctx, spec, &log)
	if errors.Is(err, runtime.ErrToolchainMissing) {
		t.Skipf("backend cannot build GO_1: %v", err)
	}
	if err != nil {
		t.Fatalf("Build: %v\nlog:\n%s", err, log.String())
	}

	t.Run("BuildLogIsLineByLine", func(t *testing.T) { testBuildLog(t, &log, art) })
	t.Run("ServeHTTP", func(t *testing.T) { testServeHTTP(t, b, art) })
	t.Run("ExplicitPortAndID", func(t *testing.T) { testExplicitPortAndID(t, b, art) })
	t.Run("CrashObservedViaDone", func(t *testing.T) { testCrash(t, b, art) })
	t.Run("CleanExit", func(t *testing.T) { testCleanExit(t, b, art) })
	t.Run("StopEscalatesToKill", func(t *testing.T) { testStopEscalates(t, b, art) })
	t.Run("StopBoundedByContext", func(t *testing.T) { testStopContext(t, b, art) })
	t.Run("MemoryLimit", func(t *testing.T) { testMemoryLimit(t, b, art) })
	t.Run("RestartFromJSON", func(t *testing.T) { testRestartFromJSON(t, b, art) })
	t.Run("Shutdown", func(t *testing.T) { testShutdown(t, b, art) })
	t.Run("StartRejectsBadSpec", func(t *testing.T) { testStartBadSpec(t, b, art) })
	t.Run("BuildFailureReturnsTail", func(t *testing.T) { testBuildFailure(t, b, spec) })
	t.Run("BuildTimeout", func(t *testing.T) { testBuildTimeout(t, b, spec) })
	t.Run("BuildRejectsBadSpec", func(t *testing.T) { testBuildBadSpec(t, b, spec) })
	t.Run("BuildLeavesSourceAlone", func(t *testing.T) { testBuildLeavesSource(t, spec) })
	t.Run("RemoveArtifact", func(t *testing.T) { testRemoveArtifact(t, b, spec) })
}
