package apprunner

// Requests and responses of the operations berth implements.

// CreateServiceInput is CreateService's request.
type CreateServiceInput struct {
	ServiceName                 string                             `json:"ServiceName" aws:"required"`
	SourceConfiguration         *SourceConfiguration               `json:"SourceConfiguration" aws:"required"`
	InstanceConfiguration       *InstanceConfiguration             `json:"InstanceConfiguration,omitempty"`
	Tags                        []Tag                              `json:"Tags,omitempty"`
	EncryptionConfiguration     *EncryptionConfiguration           `json:"EncryptionConfiguration,omitempty"`
	HealthCheckConfiguration    *HealthCheckConfiguration          `json:"HealthCheckConfiguration,omitempty"`
	AutoScalingConfigurationARN string                             `json:"AutoScalingConfigurationArn,omitempty"`
	NetworkConfiguration        *NetworkConfiguration              `json:"NetworkConfiguration,omitempty"`
	ObservabilityConfiguration  *ServiceObservabilityConfiguration `json:"ObservabilityConfiguration,omitempty"`
}

// ServiceOperationOutput is the response of the operations that return a
// service and the operation they started (Create, Update, Delete, Pause,
// Resume).
type ServiceOperationOutput struct {
	Service     Service `json:"Service"`
	OperationID string  `json:"OperationId,omitempty"`
}

// UpdateServiceInput is UpdateService's request; absent members keep their
// current value.
type UpdateServiceInput struct {
	ServiceARN                  string                             `json:"ServiceArn" aws:"required"`
	SourceConfiguration         *SourceConfiguration               `json:"SourceConfiguration,omitempty"`
	InstanceConfiguration       *InstanceConfiguration             `json:"InstanceConfiguration,omitempty"`
	AutoScalingConfigurationARN string                             `json:"AutoScalingConfigurationArn,omitempty"`
	HealthCheckConfiguration    *HealthCheckConfiguration          `json:"HealthCheckConfiguration,omitempty"`
	NetworkConfiguration        *NetworkConfiguration              `json:"NetworkConfiguration,omitempty"`
	ObservabilityConfiguration  *ServiceObservabilityConfiguration `json:"ObservabilityConfiguration,omitempty"`
}

// ServiceARNInput is the request of operations that take only a service
// (DeleteService, DescribeService, StartDeployment, PauseService,
// ResumeService).
type ServiceARNInput struct {
	ServiceARN string `json:"ServiceArn" aws:"required"`
}

// DescribeServiceOutput is DescribeService's response.
type DescribeServiceOutput struct {
	Service Service `json:"Service"`
}

// ListServicesInput is ListServices' request.
type ListServicesInput struct {
	NextToken  string `json:"NextToken,omitempty"`
	MaxResults int    `json:"MaxResults,omitempty"`
}

// ListServicesOutput is ListServices' response.
type ListServicesOutput struct {
	ServiceSummaryList []ServiceSummary `json:"ServiceSummaryList"`
	NextToken          string           `json:"NextToken,omitempty"`
}

// StartDeploymentOutput is StartDeployment's response.
type StartDeploymentOutput struct {
	OperationID string `json:"OperationId"`
}

// ListOperationsInput is ListOperations' request.
type ListOperationsInput struct {
	ServiceARN string `json:"ServiceArn" aws:"required"`
	NextToken  string `json:"NextToken,omitempty"`
	MaxResults int    `json:"MaxResults,omitempty"`
}

// ListOperationsOutput is ListOperations' response, newest first.
type ListOperationsOutput struct {
	OperationSummaryList []OperationSummary `json:"OperationSummaryList"`
	NextToken            string             `json:"NextToken,omitempty"`
}

// CreateConnectionInput is CreateConnection's request.
type CreateConnectionInput struct {
	ConnectionName string `json:"ConnectionName" aws:"required"`
	ProviderType   string `json:"ProviderType" aws:"required"`
	Tags           []Tag  `json:"Tags,omitempty"`
}

// ConnectionOutput is the response of CreateConnection and DeleteConnection.
type ConnectionOutput struct {
	Connection Connection `json:"Connection"`
}

// ListConnectionsInput is ListConnections' request.
type ListConnectionsInput struct {
	ConnectionName string `json:"ConnectionName,omitempty"`
	MaxResults     int    `json:"MaxResults,omitempty"`
	NextToken      string `json:"NextToken,omitempty"`
}

// ListConnectionsOutput is ListConnections' response.
type ListConnectionsOutput struct {
	ConnectionSummaryList []Connection `json:"ConnectionSummaryList"`
	NextToken             string       `json:"NextToken,omitempty"`
}

// DeleteConnectionInput is DeleteConnection's request.
type DeleteConnectionInput struct {
	ConnectionARN string `json:"ConnectionArn" aws:"required"`
}

// CreateAutoScalingConfigurationInput is CreateAutoScalingConfiguration's
// request. Zero sizes take App Runner's defaults (100, 1, 25).
type CreateAutoScalingConfigurationInput struct {
	AutoScalingConfigurationName string `json:"AutoScalingConfigurationName" aws:"required"`
	MaxConcurrency               int    `json:"MaxConcurrency,omitempty"`
	MinSize                      int    `json:"MinSize,omitempty"`
	MaxSize                      int    `json:"MaxSize,omitempty"`
	Tags                         []Tag  `json:"Tags,omitempty"`
}

// AutoScalingConfigurationOutput is the response of Create, Describe and
// Delete AutoScalingConfiguration.
type AutoScalingConfigurationOutput struct {
	AutoScalingConfiguration AutoScalingConfiguration `json:"AutoScalingConfiguration"`
}

// AutoScalingConfigurationARNInput is DescribeAutoScalingConfiguration's
// request.
type AutoScalingConfigurationARNInput struct {
	AutoScalingConfigurationARN string `json:"AutoScalingConfigurationArn" aws:"required"`
}

// DeleteAutoScalingConfigurationInput is DeleteAutoScalingConfiguration's
// request.
type DeleteAutoScalingConfigurationInput struct {
	AutoScalingConfigurationARN string `json:"AutoScalingConfigurationArn" aws:"required"`
	DeleteAllRevisions          bool   `json:"DeleteAllRevisions,omitempty"`
}

// ListAutoScalingConfigurationsInput is ListAutoScalingConfigurations'
// request.
type ListAutoScalingConfigurationsInput struct {
	AutoScalingConfigurationName string `json:"AutoScalingConfigurationName,omitempty"`
	LatestOnly                   bool   `json:"LatestOnly,omitempty"`
	MaxResults                   int    `json:"MaxResults,omitempty"`
	NextToken                    string `json:"NextToken,omitempty"`
}

// ListAutoScalingConfigurationsOutput is ListAutoScalingConfigurations'
// response.
type ListAutoScalingConfigurationsOutput struct {
	AutoScalingConfigurationSummaryList []AutoScalingConfigurationSummary `json:"AutoScalingConfigurationSummaryList"`
	NextToken                           string                            `json:"NextToken,omitempty"`
}

// TagResourceInput is TagResource's request.
type TagResourceInput struct {
	ResourceARN string `json:"ResourceArn" aws:"required"`
	Tags        []Tag  `json:"Tags" aws:"required"`
}

// UntagResourceInput is UntagResource's request.
type UntagResourceInput struct {
	ResourceARN string   `json:"ResourceArn" aws:"required"`
	TagKeys     []string `json:"TagKeys" aws:"required"`
}

// ResourceARNInput is ListTagsForResource's request.
type ResourceARNInput struct {
	ResourceARN string `json:"ResourceArn" aws:"required"`
}

// ListTagsForResourceOutput is ListTagsForResource's response.
type ListTagsForResourceOutput struct {
	Tags []Tag `json:"Tags"`
}

// EmptyOutput is the response of operations that return nothing (TagResource).
type EmptyOutput struct{}
