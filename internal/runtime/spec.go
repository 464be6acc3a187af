package runtime

import "time"

// BuildSpec is what the controller knows about a build: a fetched source
// tree and the service's CodeConfigurationValues.
type BuildSpec struct {
	// ServiceID names the service, for artifact naming and logs.
	ServiceID string
	// SourceDir is the fetched workspace (repository root). Build copies
	// it and never writes to it.
	SourceDir string
	// SourceDirectory is App Runner's SourceDirectory: the directory, from
	// the repository root, where the build and start commands run. "", "/"
	// and "." mean the root; a leading "/" is allowed (App Runner's form).
	SourceDirectory string
	// Runtime is an App Runner runtime name (GO_1, PYTHON_3, NODEJS_18...).
	Runtime string
	// BuildCommand runs with bash in SourceDirectory; empty means no build.
	BuildCommand string
	// StartCommand is recorded in the Artifact and run by Start.
	StartCommand string
	// Env is BuildEnvironmentVariables; it overrides the backend's defaults.
	Env map[string]string
	// CacheDir holds per-service caches (Go build and module caches, pip,
	// npm) kept between builds; empty lets the backend choose.
	CacheDir string
}

// Artifact is the result of a Build. It is plain data, serializable as JSON,
// so the controller can persist it and start instances from it after a
// server restart without rebuilding.
type Artifact struct {
	// ID is unique per build and sorts by build time for one service.
	ID string `json:"id"`
	// Backend names the backend that built it ("process"); a backend
	// refuses artifacts of another.
	Backend string `json:"backend"`
	// ServiceID is BuildSpec.ServiceID.
	ServiceID string `json:"serviceId"`
	// Dir is where the backend keeps the built tree. Its meaning is the
	// backend's (the process backend: a host directory).
	Dir string `json:"dir"`
	// SourceDirectory is the cleaned BuildSpec.SourceDirectory ("." for
	// the root).
	SourceDirectory string `json:"sourceDirectory"`
	// Runtime is BuildSpec.Runtime.
	Runtime string `json:"runtime"`
	// StartCommand is BuildSpec.StartCommand.
	StartCommand string `json:"startCommand"`
	// CacheDir is the cache directory the build used; instances of
	// runtimes that compile at start (go run) reuse it.
	CacheDir string `json:"cacheDir,omitempty"`
	// CreatedAt is when the build finished.
	CreatedAt time.Time `json:"createdAt"`
}

// InstanceSpec describes one instance to Start.
type InstanceSpec struct {
	// Artifact to run; required.
	Artifact *Artifact
	// InstanceID names the instance; empty lets the backend choose.
	InstanceID string
	// Port the instance must listen on, passed as $PORT; 0 lets the
	// backend choose a free one.
	Port int
	// Env is RuntimeEnvironmentVariables (plus resolved secrets). PORT is
	// always the chosen port.
	Env map[string]string
	// MemoryLimitBytes kills the instance when its memory use goes over
	// it; 0 means no limit.
	MemoryLimitBytes int64
	// Output receives the instance's stdout and stderr, one line per call
	// without the newline, from one goroutine at a time. Overlong lines
	// are split. Nil discards output.
	Output func(line string)
}
