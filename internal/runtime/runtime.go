// Package runtime defines how berth turns an App Runner service's source into
// something runnable and runs instances of it, without saying how: the
// process backend (runtime/process) runs host processes, and a Kubernetes
// backend can implement the same Backend later. Nothing here names a pid, a
// signal or a host path; those are backend details.
//
// The App Runner controller is the only caller. It fetches the source
// (internal/source), asks a Backend to Build it into an Artifact, persists the
// Artifact (it is plain JSON), and Starts instances of it. After a server
// restart it Starts instances from the persisted Artifact without rebuilding.
package runtime

import (
	"context"
	"errors"
	"io"
	"time"
)

// Sentinel errors shared by every backend, so the controller can classify a
// failure without knowing which backend produced it.
var (
	// ErrToolchainMissing means the host (or cluster) cannot provide the
	// language toolchain a Runtime needs; the wrapping error names both.
	ErrToolchainMissing = errors.New("runtime: toolchain missing")
	// ErrUnsupportedRuntime means the Runtime is not an App Runner runtime
	// berth knows.
	ErrUnsupportedRuntime = errors.New("runtime: unsupported runtime")
	// ErrBuildFailed is matched by every *BuildError.
	ErrBuildFailed = errors.New("runtime: build failed")
	// ErrInvalidSpec means a BuildSpec or InstanceSpec is malformed (empty
	// source dir, SourceDirectory escaping the repository, nil Artifact...).
	ErrInvalidSpec = errors.New("runtime: invalid spec")
	// ErrArtifactMissing means an Artifact's files are gone (removed, or a
	// data dir that was wiped); the controller must rebuild.
	ErrArtifactMissing = errors.New("runtime: artifact missing")
	// ErrMemoryLimitExceeded is wrapped by ExitErr when an instance was
	// killed for using more memory than InstanceSpec.MemoryLimitBytes.
	ErrMemoryLimitExceeded = errors.New("memory limit exceeded")
	// ErrInstanceExited is wrapped by ExitErr when an instance ended on its
	// own with a failure status.
	ErrInstanceExited = errors.New("runtime: instance exited")
)

// Backend builds sources into artifacts and runs instances of them.
// Implementations must be safe for concurrent use: the controller builds one
// service while it starts and stops instances of others.
type Backend interface {
	// Build turns spec.SourceDir into an Artifact. Build output is written
	// to log one line per Write call (log may be nil). The build is bounded
	// by ctx: when ctx ends, everything the build started is killed and
	// the error matches both ErrBuildFailed and ctx.Err(). A failing build
	// command returns a *BuildError carrying the tail of the output. Build
	// never modifies spec.SourceDir.
	Build(ctx context.Context, spec BuildSpec, log io.Writer) (*Artifact, error)

	// Start launches one instance of spec.Artifact and returns once it has
	// been started (not once it is ready: readiness is the caller's health
	// check on Addr). ctx bounds starting only; the instance lives until it
	// exits, is stopped, or the server dies (instances never outlive the
	// server process). An Artifact unmarshalled from JSON is valid input.
	Start(ctx context.Context, spec InstanceSpec) (Instance, error)

	// Instances lists the instances started by this Backend that have not
	// ended yet, sorted by ID.
	Instances() []Instance

	// RemoveArtifact deletes an artifact's files. The caller must have
	// stopped its instances first. Removing a missing artifact is not an
	// error.
	RemoveArtifact(ctx context.Context, a *Artifact) error

	// Shutdown stops every live instance as Instance.Stop would, in
	// parallel, and returns once they have all ended or ctx is done.
	Shutdown(ctx context.Context, grace time.Duration) error
}

// Instance is one running copy of an Artifact.
type Instance interface {
	// ID is InstanceSpec.InstanceID, or one the backend chose.
	ID() string
	// Addr is the host:port the instance serves on, for ingress and health
	// checks.
	Addr() string
	// Done is closed once the instance has ended and its output has been
	// delivered.
	Done() <-chan struct{}
	// ExitErr says why the instance ended. It is nil while the instance
	// runs, after a clean exit, and after a requested Stop. Otherwise it
	// wraps ErrMemoryLimitExceeded or ErrInstanceExited.
	ExitErr() error
	// Stop asks the instance to end (SIGTERM for processes), waits up to
	// grace, then forces it (SIGKILL). ctx bounds the grace period: if it
	// ends first the instance is forced at once. Stop is idempotent and
	// safe to call concurrently; stopping an ended instance returns nil.
	Stop(ctx context.Context, grace time.Duration) error
	// Stats samples the instance's resource use now. It fails once the
	// instance has ended.
	Stats() (Stats, error)
}

// Stats is a sample of an instance's resource use, summed over everything
// the instance started.
type Stats struct {
	// CPUSeconds is user+system CPU time consumed so far.
	CPUSeconds float64 `json:"cpuSeconds"`
	// RSSBytes is resident memory now.
	RSSBytes int64 `json:"rssBytes"`
	// Processes counts the processes (or containers) sampled.
	Processes int `json:"processes"`
}
