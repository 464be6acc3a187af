package apprunner

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/berth-dev/berth/internal/apprunner/controller"
	"github.com/berth-dev/berth/internal/ingress"
	"github.com/berth-dev/berth/internal/source"
	"github.com/berth-dev/berth/internal/ssm"
)

// spec turns a service and a configuration into what the controller runs.
func (a *API) spec(ctx context.Context, s *serviceRecord, cfg serviceConfig) (controller.Spec, error) {
	cr := cfg.Source.CodeRepository
	if cr == nil {
		return controller.Spec{}, errors.New("the service has no code repository")
	}
	auth, err := a.connectionAuth(ctx, cfg.Source.AuthenticationConfiguration)
	if err != nil {
		return controller.Spec{}, err
	}
	code := controller.Code{Source: controller.ConfigFromRepository}
	if cc := cr.CodeConfiguration; cc != nil && cc.ConfigurationSource == "API" && cc.CodeConfigurationValues != nil {
		v := cc.CodeConfigurationValues
		port, _ := parsePort(v.Port)
		code = controller.Code{Source: controller.ConfigFromAPI, Runtime: v.Runtime, BuildCommand: v.BuildCommand,
			StartCommand: v.StartCommand, Port: port, Env: v.RuntimeEnvironmentVariables, Secrets: v.RuntimeEnvironmentSecrets}
	}
	hc := cfg.HealthCheck
	scale := a.scaling(ctx, cfg.AutoScalingARN)
	cache := a.d.SharedBuildCache
	if cache == "" {
		// Keyed by name, not id: a service deleted and created again (a
		// replaced stack) starts with warm caches.
		cache = filepath.Join(a.d.DataDir, "cache", s.Name)
	}
	return controller.Spec{
		ServiceID: s.ID, ServiceName: s.Name, Host: s.Host,
		Source: controller.Source{RepositoryURL: a.repositoryURL(cr.RepositoryURL), Branch: cr.SourceCodeVersion.Value,
			SourceDirectory: cr.SourceDirectory, Auth: auth},
		Code:     code,
		BuildEnv: a.d.BuildEnv,
		CacheDir: cache,
		Run: controller.Run{
			Instances:        scale.MinSize,
			MaxInstances:     scale.MaxSize,
			MemoryLimitBytes: memoryLimit(cfg.Instance),
			MaxConcurrency:   scale.MaxConcurrency,
			HealthCheck: ingress.HealthCheck{Protocol: ingress.Protocol(hc.Protocol), Path: hc.Path,
				Interval: time.Duration(hc.Interval) * time.Second, Timeout: time.Duration(hc.Timeout) * time.Second,
				HealthyThreshold: hc.HealthyThreshold, UnhealthyThreshold: hc.UnhealthyThreshold},
		},
	}, nil
}

// connectionAuth reads a connection's token from SSM, if one was stored
// (see ConnectionTokenParameter).
func (a *API) connectionAuth(ctx context.Context, ac *AuthenticationConfiguration) (*source.Auth, error) {
	if ac == nil || ac.ConnectionARN == "" {
		return nil, nil
	}
	c, err := a.repo.connection(ctx, ac.ConnectionARN)
	if errors.Is(err, errNotFound) {
		return nil, fmt.Errorf("connection %s no longer exists", ac.ConnectionARN)
	}
	if err != nil {
		return nil, err
	}
	if a.d.SSM == nil {
		return nil, nil
	}
	tok, err := a.d.SSM.Get(ctx, ConnectionTokenParameter(c.Name))
	if errors.Is(err, ssm.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	auth := &source.Auth{Token: tok.Value}
	if u, err := a.d.SSM.Get(ctx, ConnectionUsernameParameter(c.Name)); err == nil {
		auth.Username = u.Value
	}
	return auth, nil
}

// resolveSecrets reads RuntimeEnvironmentSecrets: Secrets Manager ARNs
// (with App Runner's optional :json-key:version-stage:version-id) from
// Secrets Manager, anything else (names or ARNs) from SSM Parameter Store.
func (a *API) resolveSecrets(ctx context.Context, refs map[string]string) (map[string]string, error) {
	out := make(map[string]string, len(refs))
	for name, ref := range refs {
		if strings.HasPrefix(ref, "arn:aws:secretsmanager:") {
			if a.d.SecretsManager == nil {
				return nil, fmt.Errorf("secret %s (%s): Secrets Manager is not available", name, ref)
			}
			v, err := a.d.SecretsManager.Resolve(ctx, ref)
			if err != nil {
				return nil, fmt.Errorf("secret %s (%s): %w", name, ref, err)
			}
			out[name] = v
			continue
		}
		if a.d.SSM == nil {
			return nil, errors.New("SSM Parameter Store is not available")
		}
		p, err := a.d.SSM.Get(ctx, ref)
		if err != nil {
			return nil, fmt.Errorf("secret %s (%s): %w", name, ref, err)
		}
		out[name] = p.Value
	}
	return out, nil
}
