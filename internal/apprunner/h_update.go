package apprunner

import (
	"context"
	"reflect"

	"github.com/berth-dev/berth/internal/awsapi"
)

// updateService computes the service's new configuration and starts an
// UPDATE_SERVICE operation that deploys it. The new configuration becomes
// the service's only once the deployment succeeds; a failed update rolls
// back to the old one, still serving. An update that leaves the source
// alone reuses the current artifact instead of rebuilding.
func (a *API) updateService(ctx context.Context, c *awsapi.Call, in *UpdateServiceInput) (*ServiceOperationOutput, error) {
	cur, err := a.service(ctx, in.ServiceARN)
	if err != nil {
		return nil, err
	}
	if cur.Status != StatusRunning {
		return nil, invalidState(cur.Status)
	}
	target, rebuild, err := a.updatedConfig(ctx, cur.Config, in)
	if err != nil {
		return nil, err
	}
	var roles []string
	if target.Instance.InstanceRoleARN != cur.Config.Instance.InstanceRoleARN {
		roles = append(roles, target.Instance.InstanceRoleARN)
	}
	if in.SourceConfiguration != nil && target.Source.AuthenticationConfiguration.AccessRoleARN != "" {
		roles = append(roles, target.Source.AuthenticationConfiguration.AccessRoleARN)
	}
	if err := a.checkPassRole(ctx, c, roles...); err != nil {
		return nil, err
	}
	s, op, err := a.begin(ctx, in.ServiceARN, OpUpdateService, "API", func(s *serviceRecord, op *operationRecord) error {
		if s.Status != StatusRunning {
			return invalidState(s.Status)
		}
		op.Target, op.Rebuild = &target, rebuild || s.Release == nil
		return nil
	})
	if err != nil {
		return nil, err
	}
	a.event(ctx, s, "Service update started.")
	return &ServiceOperationOutput{Service: a.view(ctx, s), OperationID: op.ID}, nil
}

// updatedConfig applies an UpdateService request to cur. rebuild reports
// whether the source (repository, branch, code configuration or
// connection) changed.
func (a *API) updatedConfig(ctx context.Context, cur serviceConfig, in *UpdateServiceInput) (serviceConfig, bool, error) {
	next := cur
	rebuild := false
	if src := in.SourceConfiguration; src != nil {
		merged := cur.Source
		if src.ImageRepository != nil {
			merged.ImageRepository = src.ImageRepository
		}
		if src.CodeRepository != nil {
			merged.CodeRepository = src.CodeRepository
		}
		if src.AuthenticationConfiguration != nil {
			merged.AuthenticationConfiguration = src.AuthenticationConfiguration
		}
		if src.AutoDeploymentsEnabled != nil {
			merged.AutoDeploymentsEnabled = src.AutoDeploymentsEnabled
		}
		v, err := a.validateSource(ctx, &merged)
		if err != nil {
			return next, false, err
		}
		rebuild = !reflect.DeepEqual(v.CodeRepository, cur.Source.CodeRepository) ||
			!reflect.DeepEqual(v.AuthenticationConfiguration, cur.Source.AuthenticationConfiguration)
		next.Source = v
	}
	if in.InstanceConfiguration != nil {
		inst, err := normalizeInstance(in.InstanceConfiguration, cur.Instance)
		if err != nil {
			return next, false, err
		}
		next.Instance = inst
	}
	if in.HealthCheckConfiguration != nil {
		hc, err := validateHealthCheck(in.HealthCheckConfiguration)
		if err != nil {
			return next, false, err
		}
		next.HealthCheck = hc
	}
	if in.AutoScalingConfigurationARN != "" {
		asc, err := a.resolveAutoScaling(ctx, in.AutoScalingConfigurationARN)
		if err != nil {
			return next, false, err
		}
		next.AutoScalingARN = asc.ARN
	}
	if in.NetworkConfiguration != nil {
		next.Network = normalizeNetwork(in.NetworkConfiguration, cur.Network)
	}
	if in.ObservabilityConfiguration != nil {
		next.Observability = in.ObservabilityConfiguration
	}
	return next, rebuild, nil
}
