package apprunner

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/berth-dev/berth/internal/apprunner"
	"github.com/berth-dev/berth/internal/apprunner/controller"
	"github.com/berth-dev/berth/internal/cloudformation/provider"
	"github.com/berth-dev/berth/internal/cloudformation/template"
)

// ServiceType is the resource type of App Runner services.
const ServiceType = "AWS::AppRunner::Service"

// Defaults of the Service provider's waits.
const (
	DefaultPollInterval = 500 * time.Millisecond
	DefaultWaitTimeout  = 30 * time.Minute
)

// Service is the AWS::AppRunner::Service provider. Ref is the ServiceArn;
// Fn::GetAtt reads ServiceArn, ServiceId, ServiceUrl and Status.
type Service struct {
	// PollInterval is how often a wait checks the service.
	PollInterval time.Duration
	// WaitTimeout bounds one wait for the service to settle.
	WaitTimeout time.Duration
}

var (
	_ provider.Provider = (*Service)(nil)
	_ provider.Reader   = (*Service)(nil)
)

// NewService returns the provider with the default waits.
func NewService() *Service {
	return &Service{PollInterval: DefaultPollInterval, WaitTimeout: DefaultWaitTimeout}
}

// Type implements provider.Provider.
func (s *Service) Type() string { return ServiceType }

// Schema implements provider.Provider. It follows the CloudFormation
// registry schema of the type (create-only ServiceName,
// EncryptionConfiguration and Tags).
func (s *Service) Schema() *template.Schema {
	str := func() *template.Property { return &template.Property{Type: template.TypeString} }
	integer := func() *template.Property { return &template.Property{Type: template.TypeInteger} }
	boolean := func() *template.Property { return &template.Property{Type: template.TypeBoolean} }
	object := func(props map[string]*template.Property) *template.Property {
		return &template.Property{Type: template.TypeObject, Properties: props}
	}
	pairs := &template.Property{Type: template.TypeList, Items: object(map[string]*template.Property{"Name": str(), "Value": str()})}
	code := object(map[string]*template.Property{
		"ConfigurationSource": {Type: template.TypeString, Required: true},
		"CodeConfigurationValues": object(map[string]*template.Property{
			"Runtime": {Type: template.TypeString, Required: true}, "BuildCommand": str(), "StartCommand": str(), "Port": str(),
			"RuntimeEnvironmentVariables": pairs, "RuntimeEnvironmentSecrets": pairs,
		}),
	})
	return &template.Schema{
		Properties: map[string]*template.Property{
			"ServiceName": str(),
			"SourceConfiguration": {Type: template.TypeObject, Required: true, Properties: map[string]*template.Property{
				"AuthenticationConfiguration": object(map[string]*template.Property{"ConnectionArn": str(), "AccessRoleArn": str()}),
				"AutoDeploymentsEnabled":      boolean(),
				"CodeRepository": object(map[string]*template.Property{
					"RepositoryUrl": {Type: template.TypeString, Required: true},
					"SourceCodeVersion": {Type: template.TypeObject, Required: true, Properties: map[string]*template.Property{
						"Type": {Type: template.TypeString, Required: true}, "Value": {Type: template.TypeString, Required: true}}},
					"CodeConfiguration": code,
					"SourceDirectory":   str(),
				}),
				"ImageRepository": {Type: template.TypeObject, AdditionalProperties: true},
			}},
			"InstanceConfiguration": object(map[string]*template.Property{"Cpu": str(), "Memory": str(), "InstanceRoleArn": str()}),
			"HealthCheckConfiguration": object(map[string]*template.Property{"Protocol": str(), "Path": str(), "Interval": integer(),
				"Timeout": integer(), "HealthyThreshold": integer(), "UnhealthyThreshold": integer()}),
			"AutoScalingConfigurationArn": str(),
			"NetworkConfiguration":        {Type: template.TypeObject, AdditionalProperties: true},
			"ObservabilityConfiguration":  {Type: template.TypeObject, AdditionalProperties: true},
			"EncryptionConfiguration":     object(map[string]*template.Property{"KmsKey": {Type: template.TypeString, Required: true}}),
			"Tags":                        {Type: template.TypeList, Items: object(map[string]*template.Property{"Key": str(), "Value": str()})},
		},
		CreateOnly: []string{"/properties/ServiceName", "/properties/EncryptionConfiguration", "/properties/Tags"},
		Attributes: []string{"ServiceArn", "ServiceId", "ServiceUrl", "Status"},
	}
}

// name is the service name: ServiceName, or one CloudFormation generates.
func (s *Service) name(req *provider.Request) string {
	if n := req.Props().String("ServiceName"); n != "" {
		return n
	}
	return req.PhysicalName(40)
}

// Create creates the service and waits until it runs. A service whose
// first deployment fails is deleted again (CREATE_FAILED services can
// only be deleted) and the failure reported.
func (s *Service) Create(ctx context.Context, req *provider.Request) (*provider.Result, error) {
	p := req.Props()
	in := &apprunner.CreateServiceInput{
		ServiceName:                 s.name(req),
		SourceConfiguration:         sourceConfiguration(obj(p, "SourceConfiguration")),
		InstanceConfiguration:       instanceConfiguration(obj(p, "InstanceConfiguration")),
		HealthCheckConfiguration:    healthCheckConfiguration(obj(p, "HealthCheckConfiguration")),
		AutoScalingConfigurationARN: p.String("AutoScalingConfigurationArn"),
		NetworkConfiguration:        networkConfiguration(obj(p, "NetworkConfiguration")),
		ObservabilityConfiguration:  observabilityConfiguration(obj(p, "ObservabilityConfiguration")),
		Tags:                        tags(p),
	}
	if e := obj(p, "EncryptionConfiguration"); e != nil {
		in.EncryptionConfiguration = &apprunner.EncryptionConfiguration{KmsKey: e.String("KmsKey")}
	}
	out, err := req.Invoke(ctx, "apprunner", "CreateService", in)
	if err != nil {
		return nil, err
	}
	created := out.(*apprunner.ServiceOperationOutput)
	arn := created.Service.ServiceARN
	svc, err := s.settle(ctx, req, arn)
	if err != nil {
		return nil, err
	}
	if svc.Status != apprunner.StatusRunning {
		logGroup := controller.ServiceLogGroup(svc.ServiceName, svc.ServiceID)
		if _, derr := req.Invoke(ctx, "apprunner", "DeleteService", &apprunner.ServiceARNInput{ServiceARN: arn}); derr == nil {
			s.settle(ctx, req, arn)
		}
		return nil, provider.Failf(provider.CodeGeneral, "Service %s is %s: its first deployment failed. The reason is in the log group %s, stream events.",
			svc.ServiceName, svc.Status, logGroup)
	}
	return result(svc), nil
}

// Update waits for the service to settle, applies the new configuration
// with UpdateService and waits for the deployment it starts.
func (s *Service) Update(ctx context.Context, req *provider.Request) (*provider.Result, error) {
	p := req.Props()
	if _, err := s.settle(ctx, req, req.PhysicalID); err != nil {
		return nil, err
	}
	in := &apprunner.UpdateServiceInput{
		ServiceARN:                  req.PhysicalID,
		SourceConfiguration:         sourceConfiguration(obj(p, "SourceConfiguration")),
		InstanceConfiguration:       instanceConfiguration(obj(p, "InstanceConfiguration")),
		HealthCheckConfiguration:    healthCheckConfiguration(obj(p, "HealthCheckConfiguration")),
		AutoScalingConfigurationARN: p.String("AutoScalingConfigurationArn"),
		NetworkConfiguration:        networkConfiguration(obj(p, "NetworkConfiguration")),
		ObservabilityConfiguration:  observabilityConfiguration(obj(p, "ObservabilityConfiguration")),
	}
	if in.HealthCheckConfiguration == nil && req.PreviousProps().Has("HealthCheckConfiguration") {
		in.HealthCheckConfiguration = &apprunner.HealthCheckConfiguration{} // removed: back to App Runner's defaults
	}
	out, err := s.invokeWhenSettled(ctx, req, "UpdateService", in)
	if err != nil {
		return nil, err
	}
	opID := out.(*apprunner.ServiceOperationOutput).OperationID
	svc, err := s.settle(ctx, req, req.PhysicalID)
	if err != nil {
		return nil, err
	}
	if status, err := s.operationStatus(ctx, req, opID); err != nil {
		return nil, err
	} else if status != apprunner.OpSucceeded {
		return nil, provider.Failf(provider.CodeGeneral, "Service update %s ended %s; the previous configuration keeps serving. The reason is in the log group %s, stream events.",
			opID, status, controller.ServiceLogGroup(svc.ServiceName, svc.ServiceID))
	}
	return result(svc), nil
}

// Delete waits for the service to settle, deletes it and waits until it
// is gone. A service that does not exist is not an error.
func (s *Service) Delete(ctx context.Context, req *provider.Request) error {
	arn := req.PhysicalID
	if arn == "" {
		found, err := s.findByName(ctx, req, s.name(req))
		if err != nil || found == "" {
			return err
		}
		arn = found
	}
	if _, err := s.settle(ctx, req, arn); err != nil {
		if errors.Is(err, provider.ErrNotFound) {
			return nil
		}
		return err
	}
	_, err := s.invokeWhenSettled(ctx, req, "DeleteService", &apprunner.ServiceARNInput{ServiceARN: arn})
	if provider.IsAPIError(err, apprunner.CodeNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	svc, err := s.settle(ctx, req, arn)
	if errors.Is(err, provider.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if svc.Status != apprunner.StatusDeleted {
		return provider.Failf(provider.CodeGeneral, "Service %s could not be deleted (status %s).", svc.ServiceName, svc.Status)
	}
	return nil
}

// Read implements provider.Reader.
func (s *Service) Read(ctx context.Context, req *provider.Request) (*provider.Result, error) {
	svc, err := s.describe(ctx, req, req.PhysicalID)
	if err != nil {
		return nil, err
	}
	if svc.Status == apprunner.StatusDeleted {
		return nil, fmt.Errorf("apprunner: service %s: %w", req.PhysicalID, provider.ErrNotFound)
	}
	return result(svc), nil
}

func result(svc *apprunner.Service) *provider.Result {
	return &provider.Result{PhysicalID: svc.ServiceARN, Attributes: map[string]any{
		"ServiceArn": svc.ServiceARN, "ServiceId": svc.ServiceID, "ServiceUrl": svc.ServiceURL, "Status": svc.Status}}
}

func (s *Service) describe(ctx context.Context, req *provider.Request, arn string) (*apprunner.Service, error) {
	out, err := req.Invoke(ctx, "apprunner", "DescribeService", &apprunner.ServiceARNInput{ServiceARN: arn})
	if provider.IsAPIError(err, apprunner.CodeNotFound) {
		return nil, fmt.Errorf("apprunner: service %s: %w", arn, provider.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	return &out.(*apprunner.DescribeServiceOutput).Service, nil
}

// settle waits until the service is not OPERATION_IN_PROGRESS.
func (s *Service) settle(ctx context.Context, req *provider.Request, arn string) (*apprunner.Service, error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout())
	defer cancel()
	for {
		svc, err := s.describe(ctx, req, arn)
		if err != nil {
			return nil, err
		}
		if svc.Status != apprunner.StatusOperationInProgress {
			return svc, nil
		}
		if err := s.sleep(ctx); err != nil {
			return nil, provider.Failf(provider.CodeGeneral, "Service %s did not leave OPERATION_IN_PROGRESS: %v", svc.ServiceName, err)
		}
	}
}

// invokeWhenSettled calls a service operation, waiting and retrying while
// another operation (an automatic deployment, a console action) holds the
// service: berth's answer to AWS's OPERATION_IN_PROGRESS failures.
func (s *Service) invokeWhenSettled(ctx context.Context, req *provider.Request, op string, in any) (any, error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout())
	defer cancel()
	for {
		out, err := req.Invoke(ctx, "apprunner", op, in)
		if !provider.IsAPIError(err, apprunner.CodeInvalidState) || !strings.Contains(err.Error(), apprunner.StatusOperationInProgress) {
			return out, err
		}
		if serr := s.sleep(ctx); serr != nil {
			return nil, err
		}
	}
}

func (s *Service) operationStatus(ctx context.Context, req *provider.Request, id string) (string, error) {
	out, err := req.Invoke(ctx, "apprunner", "ListOperations", &apprunner.ListOperationsInput{ServiceARN: req.PhysicalID})
	if err != nil {
		return "", err
	}
	for _, o := range out.(*apprunner.ListOperationsOutput).OperationSummaryList {
		if o.ID == id {
			return o.Status, nil
		}
	}
	return "", provider.Failf(provider.CodeGeneral, "Operation %s of service %s not found.", id, req.PhysicalID)
}

// findByName finds a live service's ARN by name ("" when none), for a
// deletion whose creation was interrupted before its ARN was recorded.
func (s *Service) findByName(ctx context.Context, req *provider.Request, name string) (string, error) {
	in := &apprunner.ListServicesInput{}
	for {
		out, err := req.Invoke(ctx, "apprunner", "ListServices", in)
		if err != nil {
			return "", err
		}
		l := out.(*apprunner.ListServicesOutput)
		for _, sum := range l.ServiceSummaryList {
			if sum.ServiceName == name {
				return sum.ServiceARN, nil
			}
		}
		if l.NextToken == "" {
			return "", nil
		}
		in.NextToken = l.NextToken
	}
}

func (s *Service) timeout() time.Duration {
	if s.WaitTimeout <= 0 {
		return DefaultWaitTimeout
	}
	return s.WaitTimeout
}

func (s *Service) sleep(ctx context.Context) error {
	d := s.PollInterval
	if d <= 0 {
		d = DefaultPollInterval
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
