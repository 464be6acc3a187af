package controller

import (
	"errors"
	"fmt"

	"github.com/berth-dev/berth/internal/ingress"
	"github.com/berth-dev/berth/internal/runtime"
	"github.com/berth-dev/berth/internal/source"
)

// Configuration sources, as App Runner's CodeConfiguration names them.
const (
	ConfigFromAPI        = "API"
	ConfigFromRepository = "REPOSITORY"
)

// DefaultPort is the port App Runner assumes when a configuration names none.
const DefaultPort = 8080

// Sentinel errors.
var (
	// ErrNoRelease means a Deployment asked to run without building but
	// carried no Release.
	ErrNoRelease = errors.New("controller: no release to run")
	// ErrStopped means the controller was shut down.
	ErrStopped = errors.New("controller: stopped")
	// ErrNoSecrets means a release needs secrets and no resolver is set.
	ErrNoSecrets = errors.New("controller: no secret resolver")
)

// Spec is what the controller needs to know about a service to build and
// run one version of it. The App Runner API layer derives it from the
// service's configuration; the controller keeps nothing about services
// beyond the instances it runs.
type Spec struct {
	// ServiceID and ServiceName name the service (log groups, artifacts).
	ServiceID   string
	ServiceName string
	// Host is the name the ingress routes to the service.
	Host string
	// Source says where the code is.
	Source Source
	// Code is the CodeConfiguration.
	Code Code
	// BuildEnv is added to every build's environment, under the service's
	// own build variables (server-wide settings such as GOFLAGS).
	BuildEnv map[string]string
	// CacheDir holds the service's build caches between builds; empty
	// lets the backend choose.
	CacheDir string
	// Run says how many instances to run and how.
	Run Run
}

// Source is a CodeRepository: a git repository at a branch, read with a
// connection's credential.
type Source struct {
	RepositoryURL string
	// Branch is SourceCodeVersion.Value (a branch, or a full commit id).
	Branch string
	// SourceDirectory is where, in the repository, the app lives.
	SourceDirectory string
	// Auth is the connection's credential for http(s) repositories.
	Auth *source.Auth
}

// Code is a CodeConfiguration. With ConfigFromRepository only Source is
// read: everything else comes from apprunner.yaml in the source directory.
type Code struct {
	Source       string
	Runtime      string
	BuildCommand string
	StartCommand string
	// Port is the port the app is said to listen on; 0 means DefaultPort.
	// Instances are told the port they must listen on in $PORT.
	Port int
	Env  map[string]string
	// Secrets maps variable names to SSM parameter names or ARNs.
	Secrets map[string]string
}

// Run is the runtime part of a service's configuration.
type Run struct {
	// Instances is how many instances serve at least (the auto scaling
	// MinSize); at least one runs. A first deployment starts this many; a
	// later one starts as many as the version it replaces runs, within
	// [Instances, MaxInstances].
	Instances int
	// MaxInstances is the auto scaling MaxSize. When it is above
	// Instances, an autoscaler adds and removes instances with the
	// service's concurrency (see Options.Autoscale); otherwise the
	// service runs Instances, always.
	MaxInstances int
	// MemoryLimitBytes restarts an instance that uses more; 0 is no limit.
	MemoryLimitBytes int64
	// HealthCheck decides when an instance may take traffic, and when a
	// running one is replaced.
	HealthCheck ingress.HealthCheck
	// MaxConcurrency is the per-instance request limit (0: unlimited).
	// Requests beyond it wait in a queue as long as MaxConcurrency, for up
	// to Options.QueueTimeout, then get 429 with Retry-After. The
	// autoscaler aims at a fraction of it per instance.
	MaxConcurrency int
}

// Release is one built version of a service: what it takes to start its
// instances again after a restart without rebuilding. It is plain JSON;
// the API layer persists the last good one per service.
type Release struct {
	Artifact *runtime.Artifact `json:"artifact"`
	// CommitID is the commit the artifact was built from.
	CommitID string `json:"commitId"`
	// ConfigSource records where Runtime, commands, port and env came
	// from (API or REPOSITORY).
	ConfigSource string `json:"configSource"`
	Runtime      string `json:"runtime"`
	BuildCommand string `json:"buildCommand,omitempty"`
	StartCommand string `json:"startCommand"`
	Port         int    `json:"port"`
	// PortEnv is a variable that also receives the instance's port
	// (apprunner.yaml run.network.env).
	PortEnv string            `json:"portEnv,omitempty"`
	Env     map[string]string `json:"env,omitempty"`
	// Secrets maps variable names to parameter references; values are
	// resolved each time instances start, never stored.
	Secrets map[string]string `json:"secrets,omitempty"`

	// buildEnv is apprunner.yaml's build.env, used only while building.
	buildEnv map[string]string
}

// Step is a stage of a deployment, reported through Deployment.Progress so
// the operation can be persisted step by step.
type Step string

// Deployment steps, in order.
const (
	StepFetch  Step = "FETCH"
	StepBuild  Step = "BUILD"
	StepStart  Step = "START"
	StepHealth Step = "HEALTH"
	StepRoute  Step = "ROUTE"
	StepDrain  Step = "DRAIN"
)

// DeployError is a failed deployment: the step it failed at and a reason
// worded for the service's event log. The previous version, if any, is
// still serving.
type DeployError struct {
	Step   Step
	Reason string
	Err    error
	// Commit is the commit the deployment fetched, when it got that far.
	Commit string
}

// Error renders the step, the reason and the cause.
func (e *DeployError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("controller: %s: %s", e.Step, e.Reason)
	}
	return fmt.Sprintf("controller: %s: %s: %v", e.Step, e.Reason, e.Err)
}

// Unwrap returns the cause.
func (e *DeployError) Unwrap() error { return e.Err }

// Deployment asks the controller to put a version of a service in service.
type Deployment struct {
	Spec Spec
	// OperationID names the App Runner operation (the build log stream,
	// the workspace).
	OperationID string
	// Release, when set, is run as it is: no fetch, no build (a restart,
	// a resumed service, an update that changes only how it runs).
	Release *Release
	// Events receives progress messages for the service's event log; nil
	// discards them.
	Events func(msg string)
	// Progress is told each step as it starts; nil ignores it.
	Progress func(Step)
}

func (d *Deployment) event(format string, args ...any) {
	if d.Events != nil {
		d.Events(fmt.Sprintf(format, args...))
	}
}

func (d *Deployment) step(s Step) {
	if d.Progress != nil {
		d.Progress(s)
	}
}
