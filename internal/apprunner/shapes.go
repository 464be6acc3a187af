package apprunner

// The shapes of App Runner's API model (botocore apprunner 2020-05-15),
// with JSON names as the model spells them. Go names follow Go's
// initialisms (ServiceID for "ServiceId").

// Service is an App Runner service as DescribeService returns it.
type Service struct {
	ServiceName                     string                             `json:"ServiceName"`
	ServiceID                       string                             `json:"ServiceId"`
	ServiceARN                      string                             `json:"ServiceArn"`
	ServiceURL                      string                             `json:"ServiceUrl,omitempty"`
	CreatedAt                       Timestamp                          `json:"CreatedAt"`
	UpdatedAt                       Timestamp                          `json:"UpdatedAt"`
	DeletedAt                       Timestamp                          `json:"DeletedAt,omitzero"`
	Status                          string                             `json:"Status"`
	SourceConfiguration             SourceConfiguration                `json:"SourceConfiguration"`
	InstanceConfiguration           InstanceConfiguration              `json:"InstanceConfiguration"`
	EncryptionConfiguration         *EncryptionConfiguration           `json:"EncryptionConfiguration,omitempty"`
	HealthCheckConfiguration        *HealthCheckConfiguration          `json:"HealthCheckConfiguration,omitempty"`
	AutoScalingConfigurationSummary AutoScalingConfigurationSummary    `json:"AutoScalingConfigurationSummary"`
	NetworkConfiguration            NetworkConfiguration               `json:"NetworkConfiguration"`
	ObservabilityConfiguration      *ServiceObservabilityConfiguration `json:"ObservabilityConfiguration,omitempty"`
}

// ServiceSummary is a ListServices entry.
type ServiceSummary struct {
	ServiceName string    `json:"ServiceName"`
	ServiceID   string    `json:"ServiceId"`
	ServiceARN  string    `json:"ServiceArn"`
	ServiceURL  string    `json:"ServiceUrl,omitempty"`
	CreatedAt   Timestamp `json:"CreatedAt"`
	UpdatedAt   Timestamp `json:"UpdatedAt"`
	Status      string    `json:"Status"`
}

// SourceConfiguration says where a service's code or image comes from.
type SourceConfiguration struct {
	CodeRepository              *CodeRepository              `json:"CodeRepository,omitempty"`
	ImageRepository             *ImageRepository             `json:"ImageRepository,omitempty"`
	AutoDeploymentsEnabled      *bool                        `json:"AutoDeploymentsEnabled,omitempty"`
	AuthenticationConfiguration *AuthenticationConfiguration `json:"AuthenticationConfiguration,omitempty"`
}

// CodeRepository is a source code repository at a branch.
type CodeRepository struct {
	RepositoryURL     string             `json:"RepositoryUrl"`
	SourceCodeVersion *SourceCodeVersion `json:"SourceCodeVersion,omitempty"`
	CodeConfiguration *CodeConfiguration `json:"CodeConfiguration,omitempty"`
	SourceDirectory   string             `json:"SourceDirectory,omitempty"`
}

// SourceCodeVersion names what to deploy: Type BRANCH, Value the branch.
type SourceCodeVersion struct {
	Type  string `json:"Type"`
	Value string `json:"Value"`
}

// CodeConfiguration says where the build and run settings come from.
type CodeConfiguration struct {
	ConfigurationSource     string                   `json:"ConfigurationSource"`
	CodeConfigurationValues *CodeConfigurationValues `json:"CodeConfigurationValues,omitempty"`
}

// CodeConfigurationValues are build and run settings given in the API.
type CodeConfigurationValues struct {
	Runtime                     string            `json:"Runtime"`
	BuildCommand                string            `json:"BuildCommand,omitempty"`
	StartCommand                string            `json:"StartCommand,omitempty"`
	Port                        string            `json:"Port,omitempty"`
	RuntimeEnvironmentVariables map[string]string `json:"RuntimeEnvironmentVariables,omitempty"`
	RuntimeEnvironmentSecrets   map[string]string `json:"RuntimeEnvironmentSecrets,omitempty"`
}

// ImageRepository is a container image source; berth's process runtime
// refuses it (it builds from source only).
type ImageRepository struct {
	ImageIdentifier     string              `json:"ImageIdentifier"`
	ImageConfiguration  *ImageConfiguration `json:"ImageConfiguration,omitempty"`
	ImageRepositoryType string              `json:"ImageRepositoryType"`
}

// ImageConfiguration configures an image-based service.
type ImageConfiguration struct {
	RuntimeEnvironmentVariables map[string]string `json:"RuntimeEnvironmentVariables,omitempty"`
	StartCommand                string            `json:"StartCommand,omitempty"`
	Port                        string            `json:"Port,omitempty"`
	RuntimeEnvironmentSecrets   map[string]string `json:"RuntimeEnvironmentSecrets,omitempty"`
}

// AuthenticationConfiguration names the connection (code) or role (image)
// App Runner reads the source with.
type AuthenticationConfiguration struct {
	ConnectionARN string `json:"ConnectionArn,omitempty"`
	AccessRoleARN string `json:"AccessRoleArn,omitempty"`
}

// InstanceConfiguration sizes the instances.
type InstanceConfiguration struct {
	CPU             string `json:"Cpu,omitempty"`
	Memory          string `json:"Memory,omitempty"`
	InstanceRoleARN string `json:"InstanceRoleArn,omitempty"`
}

// EncryptionConfiguration names a KMS key (recorded; berth's store is local).
type EncryptionConfiguration struct {
	KmsKey string `json:"KmsKey"`
}

// HealthCheckConfiguration says how instances are checked; zero fields
// take App Runner's defaults.
type HealthCheckConfiguration struct {
	Protocol           string `json:"Protocol,omitempty"`
	Path               string `json:"Path,omitempty"`
	Interval           int    `json:"Interval,omitempty"`
	Timeout            int    `json:"Timeout,omitempty"`
	HealthyThreshold   int    `json:"HealthyThreshold,omitempty"`
	UnhealthyThreshold int    `json:"UnhealthyThreshold,omitempty"`
}

// NetworkConfiguration is recorded and reported; berth's instances always
// have the host's network and are reached through the ingress.
type NetworkConfiguration struct {
	EgressConfiguration  *EgressConfiguration  `json:"EgressConfiguration,omitempty"`
	IngressConfiguration *IngressConfiguration `json:"IngressConfiguration,omitempty"`
	IPAddressType        string                `json:"IpAddressType,omitempty"`
}

// EgressConfiguration is the outbound network setting.
type EgressConfiguration struct {
	EgressType      string `json:"EgressType,omitempty"`
	VpcConnectorARN string `json:"VpcConnectorArn,omitempty"`
}

// IngressConfiguration is the inbound network setting.
type IngressConfiguration struct {
	IsPubliclyAccessible *bool `json:"IsPubliclyAccessible,omitempty"`
}

// ServiceObservabilityConfiguration is recorded and reported.
type ServiceObservabilityConfiguration struct {
	ObservabilityEnabled          bool   `json:"ObservabilityEnabled"`
	ObservabilityConfigurationARN string `json:"ObservabilityConfigurationArn,omitempty"`
}

// AutoScalingConfigurationSummary names a service's scaling configuration.
type AutoScalingConfigurationSummary struct {
	AutoScalingConfigurationARN      string    `json:"AutoScalingConfigurationArn,omitempty"`
	AutoScalingConfigurationName     string    `json:"AutoScalingConfigurationName,omitempty"`
	AutoScalingConfigurationRevision int       `json:"AutoScalingConfigurationRevision,omitempty"`
	Status                           string    `json:"Status,omitempty"`
	CreatedAt                        Timestamp `json:"CreatedAt,omitzero"`
	HasAssociatedService             bool      `json:"HasAssociatedService"`
	IsDefault                        bool      `json:"IsDefault"`
}

// AutoScalingConfiguration is a revision of a named scaling configuration.
type AutoScalingConfiguration struct {
	AutoScalingConfigurationARN      string    `json:"AutoScalingConfigurationArn"`
	AutoScalingConfigurationName     string    `json:"AutoScalingConfigurationName"`
	AutoScalingConfigurationRevision int       `json:"AutoScalingConfigurationRevision"`
	Latest                           bool      `json:"Latest"`
	Status                           string    `json:"Status"`
	MaxConcurrency                   int       `json:"MaxConcurrency"`
	MinSize                          int       `json:"MinSize"`
	MaxSize                          int       `json:"MaxSize"`
	CreatedAt                        Timestamp `json:"CreatedAt"`
	DeletedAt                        Timestamp `json:"DeletedAt,omitzero"`
	HasAssociatedService             bool      `json:"HasAssociatedService"`
	IsDefault                        bool      `json:"IsDefault"`
}

// Connection is a named credential for a source code provider.
type Connection struct {
	ConnectionName string    `json:"ConnectionName"`
	ConnectionARN  string    `json:"ConnectionArn"`
	ProviderType   string    `json:"ProviderType"`
	Status         string    `json:"Status"`
	CreatedAt      Timestamp `json:"CreatedAt"`
}

// OperationSummary is a ListOperations entry.
type OperationSummary struct {
	ID        string    `json:"Id"`
	Type      string    `json:"Type"`
	Status    string    `json:"Status"`
	TargetARN string    `json:"TargetArn"`
	StartedAt Timestamp `json:"StartedAt,omitzero"`
	EndedAt   Timestamp `json:"EndedAt,omitzero"`
	UpdatedAt Timestamp `json:"UpdatedAt,omitzero"`
}

// Tag is a resource tag.
type Tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}
