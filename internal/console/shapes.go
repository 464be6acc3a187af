package console

import "time"

// The wire shapes the console reads, with only the members it shows.
// They are decoded from each operation's wire form (JSON for App Runner,
// Logs, CloudTrail and berth's API; XML for CloudFormation).

// App Runner.

type serviceSummary struct {
	ServiceName string `json:"ServiceName"`
	ServiceID   string `json:"ServiceId"`
	ServiceARN  string `json:"ServiceArn"`
	ServiceURL  string `json:"ServiceUrl"`
	Status      string `json:"Status"`
	CreatedAt   epoch  `json:"CreatedAt"`
	UpdatedAt   epoch  `json:"UpdatedAt"`
}

type listServicesOut struct {
	ServiceSummaryList []serviceSummary `json:"ServiceSummaryList"`
	NextToken          string           `json:"NextToken"`
}

type codeValues struct {
	Runtime                     string            `json:"Runtime"`
	BuildCommand                string            `json:"BuildCommand"`
	StartCommand                string            `json:"StartCommand"`
	Port                        string            `json:"Port"`
	RuntimeEnvironmentVariables map[string]string `json:"RuntimeEnvironmentVariables"`
	RuntimeEnvironmentSecrets   map[string]string `json:"RuntimeEnvironmentSecrets"`
}

type codeRepository struct {
	RepositoryURL     string `json:"RepositoryUrl"`
	SourceDirectory   string `json:"SourceDirectory"`
	SourceCodeVersion *struct {
		Type  string `json:"Type"`
		Value string `json:"Value"`
	} `json:"SourceCodeVersion"`
	CodeConfiguration *struct {
		ConfigurationSource     string      `json:"ConfigurationSource"`
		CodeConfigurationValues *codeValues `json:"CodeConfigurationValues"`
	} `json:"CodeConfiguration"`
}

type serviceDetail struct {
	serviceSummary
	SourceConfiguration struct {
		CodeRepository  *codeRepository `json:"CodeRepository"`
		ImageRepository *struct {
			ImageIdentifier string `json:"ImageIdentifier"`
		} `json:"ImageRepository"`
		AutoDeploymentsEnabled *bool `json:"AutoDeploymentsEnabled"`
	} `json:"SourceConfiguration"`
	InstanceConfiguration struct {
		CPU             string `json:"Cpu"`
		Memory          string `json:"Memory"`
		InstanceRoleARN string `json:"InstanceRoleArn"`
	} `json:"InstanceConfiguration"`
	HealthCheckConfiguration *struct {
		Protocol           string `json:"Protocol"`
		Path               string `json:"Path"`
		Interval           int    `json:"Interval"`
		Timeout            int    `json:"Timeout"`
		HealthyThreshold   int    `json:"HealthyThreshold"`
		UnhealthyThreshold int    `json:"UnhealthyThreshold"`
	} `json:"HealthCheckConfiguration"`
	AutoScalingConfigurationSummary struct {
		ARN      string `json:"AutoScalingConfigurationArn"`
		Name     string `json:"AutoScalingConfigurationName"`
		Revision int    `json:"AutoScalingConfigurationRevision"`
	} `json:"AutoScalingConfigurationSummary"`
}

type describeServiceOut struct {
	Service serviceDetail `json:"Service"`
}

type scalingConfig struct {
	Name           string `json:"AutoScalingConfigurationName"`
	Revision       int    `json:"AutoScalingConfigurationRevision"`
	MaxConcurrency int    `json:"MaxConcurrency"`
	MinSize        int    `json:"MinSize"`
	MaxSize        int    `json:"MaxSize"`
	IsDefault      bool   `json:"IsDefault"`
}

type describeScalingOut struct {
	AutoScalingConfiguration scalingConfig `json:"AutoScalingConfiguration"`
}

type operationSummary struct {
	ID        string `json:"Id"`
	Type      string `json:"Type"`
	Status    string `json:"Status"`
	StartedAt epoch  `json:"StartedAt"`
	EndedAt   epoch  `json:"EndedAt"`
	UpdatedAt epoch  `json:"UpdatedAt"`
}

type listOperationsOut struct {
	OperationSummaryList []operationSummary `json:"OperationSummaryList"`
}

type operationIDOut struct {
	OperationID string `json:"OperationId"`
}

// CloudWatch Logs.

type logStream struct {
	LogStreamName      string `json:"logStreamName"`
	LastEventTimestamp int64  `json:"lastEventTimestamp"`
}

type describeStreamsOut struct {
	LogStreams []logStream `json:"logStreams"`
}

type logEvent struct {
	Timestamp     int64  `json:"timestamp"`
	Message       string `json:"message"`
	LogStreamName string `json:"logStreamName"`
}

type getLogEventsOut struct {
	Events []logEvent `json:"events"`
}

type filterLogEventsOut struct {
	Events    []logEvent `json:"events"`
	NextToken string     `json:"nextToken"`
}

// berth's API.

type metricPoint struct {
	Time            time.Time     `json:"time"`
	Requests        uint64        `json:"requests"`
	Errors5xx       uint64        `json:"errors5xx"`
	P99             time.Duration `json:"p99"`
	ActiveInstances int           `json:"activeInstances"`
	CPU             float64       `json:"cpu"`
	MemoryBytes     int64         `json:"memoryBytes"`
}

type metricsOut struct {
	Points []metricPoint `json:"points"`
}

type pipelineRun struct {
	ID           int64     `json:"id"`
	Pipeline     string    `json:"pipeline"`
	Repository   string    `json:"repository"`
	WorkflowFile string    `json:"workflowFile"`
	WorkflowName string    `json:"workflowName"`
	RunNumber    int64     `json:"runNumber"`
	RunAttempt   int       `json:"runAttempt"`
	Event        string    `json:"event"`
	Ref          string    `json:"ref"`
	SHA          string    `json:"sha"`
	Actor        string    `json:"actor"`
	Status       string    `json:"status"`
	Conclusion   string    `json:"conclusion"`
	Message      string    `json:"message"`
	CreatedAt    time.Time `json:"createdAt"`
	StartedAt    time.Time `json:"startedAt"`
	CompletedAt  time.Time `json:"completedAt"`
}

type runsOut struct {
	Runs []pipelineRun `json:"runs"`
}

type pipelineJob struct {
	Key         string    `json:"key"`
	Name        string    `json:"name"`
	Status      string    `json:"status"`
	Conclusion  string    `json:"conclusion"`
	StartedAt   time.Time `json:"startedAt"`
	CompletedAt time.Time `json:"completedAt"`
}

type pipelineStep struct {
	Job         string    `json:"job"`
	Index       int       `json:"index"`
	Name        string    `json:"name"`
	Status      string    `json:"status"`
	Conclusion  string    `json:"conclusion"`
	StartedAt   time.Time `json:"startedAt"`
	CompletedAt time.Time `json:"completedAt"`
}

type runDetailOut struct {
	Run struct {
		pipelineRun
		Jobs  []pipelineJob  `json:"jobs"`
		Steps []pipelineStep `json:"steps"`
	} `json:"run"`
}

type runLogLine struct {
	Seq  int64     `json:"seq"`
	Job  string    `json:"job"`
	Step int       `json:"step"`
	At   time.Time `json:"at"`
	Text string    `json:"text"`
}

type runLogsOut struct {
	Lines []runLogLine `json:"lines"`
}

// CloudTrail.

type trailEvent struct {
	EventID         string `json:"EventId"`
	EventName       string `json:"EventName"`
	ReadOnly        string `json:"ReadOnly"`
	AccessKeyID     string `json:"AccessKeyId"`
	EventTime       epoch  `json:"EventTime"`
	EventSource     string `json:"EventSource"`
	Username        string `json:"Username"`
	CloudTrailEvent string `json:"CloudTrailEvent"`
	Resources       []struct {
		ResourceType string `json:"ResourceType"`
		ResourceName string `json:"ResourceName"`
	} `json:"Resources"`
}

type lookupEventsOut struct {
	Events    []trailEvent `json:"Events"`
	NextToken string       `json:"NextToken"`
}

// CloudFormation (awsQuery, XML).

type stackParameter struct {
	Key           string `xml:"ParameterKey"`
	Value         string `xml:"ParameterValue"`
	ResolvedValue string `xml:"ResolvedValue"`
}

type stackOutput struct {
	Key         string `xml:"OutputKey"`
	Value       string `xml:"OutputValue"`
	Description string `xml:"Description"`
	ExportName  string `xml:"ExportName"`
}

type stack struct {
	StackID                     string           `xml:"StackId"`
	StackName                   string           `xml:"StackName"`
	Description                 string           `xml:"Description"`
	StackStatus                 string           `xml:"StackStatus"`
	StackStatusReason           string           `xml:"StackStatusReason"`
	CreationTime                time.Time        `xml:"CreationTime"`
	LastUpdatedTime             time.Time        `xml:"LastUpdatedTime"`
	EnableTerminationProtection bool             `xml:"EnableTerminationProtection"`
	Parameters                  []stackParameter `xml:"Parameters>member"`
	Outputs                     []stackOutput    `xml:"Outputs>member"`
	Capabilities                []string         `xml:"Capabilities>member"`
	Tags                        []struct {
		Key   string `xml:"Key"`
		Value string `xml:"Value"`
	} `xml:"Tags>member"`
}

type describeStacksOut struct {
	Stacks    []stack `xml:"Stacks>member"`
	NextToken string  `xml:"NextToken"`
}

type stackResource struct {
	LogicalResourceID    string    `xml:"LogicalResourceId"`
	PhysicalResourceID   string    `xml:"PhysicalResourceId"`
	ResourceType         string    `xml:"ResourceType"`
	LastUpdatedTimestamp time.Time `xml:"LastUpdatedTimestamp"`
	ResourceStatus       string    `xml:"ResourceStatus"`
	ResourceStatusReason string    `xml:"ResourceStatusReason"`
}

type listResourcesOut struct {
	StackResourceSummaries []stackResource `xml:"StackResourceSummaries>member"`
	NextToken              string          `xml:"NextToken"`
}

type stackEvent struct {
	EventID              string    `xml:"EventId"`
	LogicalResourceID    string    `xml:"LogicalResourceId"`
	PhysicalResourceID   string    `xml:"PhysicalResourceId"`
	ResourceType         string    `xml:"ResourceType"`
	Timestamp            time.Time `xml:"Timestamp"`
	ResourceStatus       string    `xml:"ResourceStatus"`
	ResourceStatusReason string    `xml:"ResourceStatusReason"`
}

type stackEventsOut struct {
	StackEvents []stackEvent `xml:"StackEvents>member"`
	NextToken   string       `xml:"NextToken"`
}
