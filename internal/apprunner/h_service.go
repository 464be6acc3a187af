package apprunner

import (
	"context"
	"errors"
	"strconv"

	"github.com/google/uuid"

	"github.com/berth-dev/berth/internal/awsapi"
)

// createService validates the request, stores the service with its
// CREATE_SERVICE operation and starts the deployment in the background.
func (a *API) createService(ctx context.Context, c *awsapi.Call, in *CreateServiceInput) (*ServiceOperationOutput, error) {
	if !serviceNameRE.MatchString(in.ServiceName) {
		return nil, invalid("ServiceName %q is not valid: 4 to 40 letters, digits, hyphens and underscores, starting with a letter or digit.", in.ServiceName)
	}
	cfg, err := a.newConfig(ctx, in)
	if err != nil {
		return nil, err
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	if err := a.checkPassRole(ctx, c, cfg.Instance.InstanceRoleARN, cfg.Source.AuthenticationConfiguration.AccessRoleARN); err != nil {
		return nil, err
	}
	now := a.now()
	var rec *serviceRecord
	var op *operationRecord
	for attempt := 0; ; attempt++ {
		id := newID()
		rec = &serviceRecord{ARN: a.serviceARN(in.ServiceName, id), ID: id, Name: in.ServiceName, Host: a.hostFor(id),
			Status: StatusOperationInProgress, CreatedAt: now, UpdatedAt: now, Config: cfg}
		op = a.newOperation(rec, OpCreateService, "API")
		rec.Operation = op.ID
		err = a.repo.insertService(ctx, rec, op)
		if !errors.Is(err, errBusy) || attempt == 5 {
			break
		}
	}
	switch {
	case errors.Is(err, errExists):
		return nil, invalid("Service with the provided name already exists: %s", in.ServiceName)
	case err != nil:
		return nil, internal("create service", err)
	}
	if len(in.Tags) > 0 {
		if err := a.repo.tag(ctx, rec.ARN, in.Tags, maxTags); err != nil {
			return nil, internal("tag service", err)
		}
	}
	a.event(ctx, rec, "Service creation started.")
	a.launch(op)
	return &ServiceOperationOutput{Service: a.view(ctx, rec), OperationID: op.ID}, nil
}

// newConfig validates CreateService's configuration and fills defaults.
func (a *API) newConfig(ctx context.Context, in *CreateServiceInput) (serviceConfig, error) {
	var cfg serviceConfig
	src, err := a.validateSource(ctx, in.SourceConfiguration)
	if err != nil {
		return cfg, err
	}
	inst, err := normalizeInstance(in.InstanceConfiguration, InstanceConfiguration{})
	if err != nil {
		return cfg, err
	}
	hc, err := validateHealthCheck(in.HealthCheckConfiguration)
	if err != nil {
		return cfg, err
	}
	asc, err := a.resolveAutoScaling(ctx, in.AutoScalingConfigurationARN)
	if err != nil {
		return cfg, err
	}
	return serviceConfig{Source: src, Instance: inst, HealthCheck: hc, AutoScalingARN: asc.ARN,
		Network: normalizeNetwork(in.NetworkConfiguration, NetworkConfiguration{}), Observability: in.ObservabilityConfiguration,
		Encryption: in.EncryptionConfiguration}, nil
}

// newOperation is a new operation in progress on s.
func (a *API) newOperation(s *serviceRecord, typ, trigger string) *operationRecord {
	now := a.now()
	return &operationRecord{ID: uuid.NewString(), ServiceARN: s.ARN, Type: typ, Status: OpInProgress,
		StartedAt: now, UpdatedAt: now, Trigger: trigger}
}

// service loads a service or returns App Runner's not-found error.
func (a *API) service(ctx context.Context, arn string) (*serviceRecord, error) {
	s, err := a.repo.service(ctx, arn)
	if errors.Is(err, errNotFound) {
		return nil, notFound("Service not found: %s", arn)
	}
	if err != nil {
		return nil, internal("get service", err)
	}
	return s, nil
}

func (a *API) describeService(ctx context.Context, _ *awsapi.Call, in *ServiceARNInput) (*DescribeServiceOutput, error) {
	s, err := a.service(ctx, in.ServiceARN)
	if err != nil {
		return nil, err
	}
	return &DescribeServiceOutput{Service: a.view(ctx, s)}, nil
}

func (a *API) listServices(ctx context.Context, _ *awsapi.Call, in *ListServicesInput) (*ListServicesOutput, error) {
	all, err := a.repo.services(ctx)
	if err != nil {
		return nil, internal("list services", err)
	}
	var live []*serviceRecord
	for _, s := range all {
		if s.Status != StatusDeleted {
			live = append(live, s)
		}
	}
	page, next, err := paginate(live, in.NextToken, in.MaxResults, 20)
	if err != nil {
		return nil, err
	}
	out := &ListServicesOutput{ServiceSummaryList: []ServiceSummary{}, NextToken: next}
	for _, s := range page {
		out.ServiceSummaryList = append(out.ServiceSummaryList, a.summary(s))
	}
	return out, nil
}

func (a *API) deleteService(ctx context.Context, _ *awsapi.Call, in *ServiceARNInput) (*ServiceOperationOutput, error) {
	s, op, err := a.begin(ctx, in.ServiceARN, OpDeleteService, "API", func(s *serviceRecord, _ *operationRecord) error {
		switch s.Status {
		case StatusOperationInProgress:
			return invalidState(s.Status)
		case StatusDeleted:
			return notFound("Service not found: %s", s.ARN)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	a.event(ctx, s, "Service deletion started.")
	return &ServiceOperationOutput{Service: a.view(ctx, s), OperationID: op.ID}, nil
}

// begin starts an operation of type typ on a service if check (run on
// the stored service, in the same transaction, with the new operation to
// complete) allows it, and launches it.
func (a *API) begin(ctx context.Context, arn, typ, trigger string, check func(s *serviceRecord, op *operationRecord) error) (*serviceRecord, *operationRecord, error) {
	s, op, err := a.repo.beginOperation(ctx, arn, func(s *serviceRecord) (*operationRecord, error) {
		op := a.newOperation(s, typ, trigger)
		if err := check(s, op); err != nil {
			return nil, err
		}
		s.Status, s.Operation, s.UpdatedAt = StatusOperationInProgress, op.ID, op.StartedAt
		return op, nil
	})
	var ae *awsapi.Error
	switch {
	case errors.Is(err, errNotFound):
		return nil, nil, notFound("Service not found: %s", arn)
	case errors.As(err, &ae):
		return nil, nil, err
	case err != nil:
		return nil, nil, internal("begin operation", err)
	}
	a.launch(op)
	return s, op, nil
}

// paginate pages items with a numeric NextToken.
func paginate[T any](items []T, token string, max, limit int) ([]T, string, error) {
	if max <= 0 || max > limit {
		max = limit
	}
	start := 0
	if token != "" {
		n, err := strconv.Atoi(token)
		if err != nil || n < 0 || n > len(items) {
			return nil, "", invalid("The NextToken is not valid.")
		}
		start = n
	}
	end := min(start+max, len(items))
	next := ""
	if end < len(items) {
		next = strconv.Itoa(end)
	}
	return items[start:end], next, nil
}
