package apprunner

import (
	"time"

	"github.com/berth-dev/berth/internal/apprunner/controller"
)

// Service statuses.
const (
	StatusRunning             = "RUNNING"
	StatusOperationInProgress = "OPERATION_IN_PROGRESS"
	StatusCreateFailed        = "CREATE_FAILED"
	StatusPaused              = "PAUSED"
	StatusDeleted             = "DELETED"
	StatusDeleteFailed        = "DELETE_FAILED"
)

// Operation types.
const (
	OpCreateService   = "CREATE_SERVICE"
	OpStartDeployment = "START_DEPLOYMENT"
	OpUpdateService   = "UPDATE_SERVICE"
	OpPauseService    = "PAUSE_SERVICE"
	OpResumeService   = "RESUME_SERVICE"
	OpDeleteService   = "DELETE_SERVICE"
)

// Operation statuses.
const (
	OpPending            = "PENDING"
	OpInProgress         = "IN_PROGRESS"
	OpFailed             = "FAILED"
	OpSucceeded          = "SUCCEEDED"
	OpRollbackInProgress = "ROLLBACK_IN_PROGRESS"
	OpRollbackFailed     = "ROLLBACK_FAILED"
	OpRollbackSucceeded  = "ROLLBACK_SUCCEEDED"
)

// serviceRecord is a service as stored.
type serviceRecord struct {
	ARN, ID, Name string
	// Host is the name the ingress routes to the service.
	Host      string
	Status    string
	CreatedAt time.Time
	UpdatedAt time.Time
	DeletedAt time.Time `json:",omitzero"`
	Config    serviceConfig
	// Release is the last version that served successfully; instances
	// are started from it after a restart, without rebuilding.
	Release *controller.Release `json:",omitempty"`
	// Operation is the operation in progress, when Status says so.
	Operation string `json:",omitempty"`
	// LastCommit is the commit the last deployment fetched (automatic
	// deployments compare the branch head with it).
	LastCommit string `json:",omitempty"`
}

// serviceConfig is what CreateService and UpdateService set.
type serviceConfig struct {
	Source         SourceConfiguration
	Instance       InstanceConfiguration
	HealthCheck    HealthCheckConfiguration
	AutoScalingARN string
	Network        NetworkConfiguration
	Observability  *ServiceObservabilityConfiguration `json:",omitempty"`
	Encryption     *EncryptionConfiguration           `json:",omitempty"`
}

// operationRecord is an operation as stored, updated step by step.
type operationRecord struct {
	ID, ServiceARN, Type, Status string
	// Step is the deployment step reached (controller.Step), for
	// inspection after a failure or restart.
	Step      string `json:",omitempty"`
	StartedAt time.Time
	EndedAt   time.Time `json:",omitzero"`
	UpdatedAt time.Time
	// Trigger says who started it: "API", "AUTOMATIC" (a new commit),
	// "RESTART" (the server restarted and rebuilt).
	Trigger string `json:",omitempty"`
	// Target is the configuration an UPDATE_SERVICE applies once it
	// succeeds; Rebuild says whether the source changed.
	Target  *serviceConfig `json:",omitempty"`
	Rebuild bool           `json:",omitempty"`
	// Reason explains a failure.
	Reason string `json:",omitempty"`
}

// summary is the operation as ListOperations shows it.
func (o *operationRecord) summary() OperationSummary {
	return OperationSummary{ID: o.ID, Type: o.Type, Status: o.Status, TargetARN: o.ServiceARN,
		StartedAt: At(o.StartedAt), EndedAt: At(o.EndedAt), UpdatedAt: At(o.UpdatedAt)}
}

// connectionRecord is a connection as stored.
type connectionRecord struct {
	ARN, Name, ProviderType, Status string
	CreatedAt                       time.Time
}

func (c *connectionRecord) wire() Connection {
	return Connection{ConnectionName: c.Name, ConnectionARN: c.ARN, ProviderType: c.ProviderType, Status: c.Status, CreatedAt: At(c.CreatedAt)}
}

// autoScalingRecord is one revision of an auto scaling configuration.
type autoScalingRecord struct {
	ARN, Name                        string
	Revision                         int
	Status                           string // ACTIVE or INACTIVE
	MaxConcurrency, MinSize, MaxSize int
	CreatedAt                        time.Time
	DeletedAt                        time.Time `json:",omitzero"`
	IsDefault                        bool      `json:",omitempty"`
}
