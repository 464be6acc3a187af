package apprunner

import (
	"context"
	"errors"
	"regexp"
	"strings"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/runtime"
)

// Limits from App Runner's model and quotas.
const (
	maxTags = 50
)

var (
	serviceNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{3,39}$`)
	// Connection and auto scaling configuration names share a pattern.
	shortNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{3,31}$`)
)

// validateSource checks a SourceConfiguration for CreateService (full) or
// UpdateService, and returns it with defaults filled.
func (a *API) validateSource(ctx context.Context, src *SourceConfiguration) (SourceConfiguration, error) {
	if src.ImageRepository != nil {
		return SourceConfiguration{}, invalid("ImageRepository is not supported: berth's process runtime builds services from source only. Use a CodeRepository with a connection.")
	}
	cr := src.CodeRepository
	if cr == nil {
		return SourceConfiguration{}, invalid("SourceConfiguration must have a CodeRepository.")
	}
	if strings.TrimSpace(cr.RepositoryURL) == "" {
		return SourceConfiguration{}, invalid("CodeRepository.RepositoryUrl is required.")
	}
	if cr.SourceCodeVersion == nil || cr.SourceCodeVersion.Value == "" {
		return SourceConfiguration{}, invalid("CodeRepository.SourceCodeVersion with a branch is required.")
	}
	if cr.SourceCodeVersion.Type != "BRANCH" {
		return SourceConfiguration{}, invalid("SourceCodeVersion.Type %q is not valid: only BRANCH is supported.", cr.SourceCodeVersion.Type)
	}
	if cr.SourceDirectory != "" {
		if _, err := runtime.CleanSourceDirectory(cr.SourceDirectory); err != nil {
			return SourceConfiguration{}, invalid("SourceDirectory %q is not valid: it must be a directory inside the repository.", cr.SourceDirectory)
		}
	}
	cc := cr.CodeConfiguration
	if cc == nil {
		return SourceConfiguration{}, invalid("CodeRepository.CodeConfiguration is required.")
	}
	switch cc.ConfigurationSource {
	case "REPOSITORY":
	case "API":
		if err := validateCodeValues(cc.CodeConfigurationValues); err != nil {
			return SourceConfiguration{}, err
		}
	default:
		return SourceConfiguration{}, invalid("ConfigurationSource %q is not valid: use API or REPOSITORY.", cc.ConfigurationSource)
	}
	auth := src.AuthenticationConfiguration
	if auth == nil || auth.ConnectionARN == "" {
		return SourceConfiguration{}, invalid("A source code repository is reachable only through a connection: set AuthenticationConfiguration.ConnectionArn (see CreateConnection).")
	}
	if _, err := a.repo.connection(ctx, auth.ConnectionARN); err != nil {
		if errors.Is(err, errNotFound) {
			return SourceConfiguration{}, invalid("Connection %s does not exist.", auth.ConnectionARN)
		}
		return SourceConfiguration{}, internal("get connection", err)
	}
	if auth.AccessRoleARN != "" && !roleARN(auth.AccessRoleARN) {
		return SourceConfiguration{}, invalid("AccessRoleArn %q is not a role ARN.", auth.AccessRoleARN)
	}
	out := *src
	if out.AutoDeploymentsEnabled == nil {
		t := true // App Runner's default for code repositories
		out.AutoDeploymentsEnabled = &t
	}
	return out, nil
}

func validateCodeValues(v *CodeConfigurationValues) error {
	if v == nil {
		return invalid("CodeConfigurationValues are required when ConfigurationSource is API.")
	}
	if _, err := runtime.LookupRuntime(v.Runtime); err != nil {
		return invalid("Runtime %q is not valid: use one of %s.", v.Runtime, strings.Join(runtime.RuntimeNames(), ", "))
	}
	for name, cmd := range map[string]string{"BuildCommand": v.BuildCommand, "StartCommand": v.StartCommand} {
		if strings.ContainsAny(cmd, "\r\n") {
			return invalid("%s must be a single line.", name)
		}
	}
	if strings.TrimSpace(v.StartCommand) == "" {
		return invalid("StartCommand is required: berth runs it to start each instance.")
	}
	if _, err := parsePort(v.Port); err != nil {
		return invalid("Port %q is not valid: it must be a number from 1 to 65535.", v.Port)
	}
	for k := range v.RuntimeEnvironmentVariables {
		if k == "" || strings.HasPrefix(k, "AWSAPPRUNNER") {
			return invalid("RuntimeEnvironmentVariables name %q is not allowed.", k)
		}
	}
	return nil
}

// validateHealthCheck fills App Runner's defaults into a health check.
func validateHealthCheck(h *HealthCheckConfiguration) (HealthCheckConfiguration, error) {
	out := HealthCheckConfiguration{Protocol: "TCP", Path: "/", Interval: 5, Timeout: 2, HealthyThreshold: 1, UnhealthyThreshold: 5}
	if h == nil {
		return out, nil
	}
	if h.Protocol != "" {
		if h.Protocol != "TCP" && h.Protocol != "HTTP" {
			return out, invalid("HealthCheckConfiguration.Protocol %q is not valid: use TCP or HTTP.", h.Protocol)
		}
		out.Protocol = h.Protocol
	}
	if h.Path != "" {
		out.Path = h.Path
	}
	for _, f := range []struct {
		name string
		v    int
		dst  *int
	}{{"Interval", h.Interval, &out.Interval}, {"Timeout", h.Timeout, &out.Timeout},
		{"HealthyThreshold", h.HealthyThreshold, &out.HealthyThreshold}, {"UnhealthyThreshold", h.UnhealthyThreshold, &out.UnhealthyThreshold}} {
		if f.v == 0 {
			continue
		}
		if f.v < 1 || f.v > 20 {
			return out, invalid("HealthCheckConfiguration.%s must be between 1 and 20.", f.name)
		}
		*f.dst = f.v
	}
	return out, nil
}

// validateTags checks tags as App Runner does.
func validateTags(tags []Tag) error {
	if len(tags) > maxTags {
		return invalid("A resource can have at most %d tags.", maxTags)
	}
	for _, t := range tags {
		if t.Key == "" || len(t.Key) > 128 || len(t.Value) > 256 {
			return invalid("Tag key %q or its value has an invalid length.", t.Key)
		}
		if strings.HasPrefix(strings.ToLower(t.Key), "aws:") {
			return invalid("Tag keys starting with aws: are reserved.")
		}
	}
	return nil
}

// checkPassRole asks whether the caller may pass role to App Runner, as AWS
// does for every request naming a role (iam:PassRole with
// iam:PassedToService). Root may pass any role.
func (a *API) checkPassRole(ctx context.Context, c *awsapi.Call, roles ...string) error {
	if c == nil || c.Principal == nil || c.Principal.IsRoot() {
		return nil
	}
	for _, r := range roles {
		if r == "" {
			continue
		}
		err := a.d.Authorizer.Authorize(ctx, c, awsapi.Authorization{Action: "iam:PassRole", Resources: []string{r},
			Context: map[string][]string{"iam:PassedToService": {"apprunner.amazonaws.com"}}})
		if err != nil {
			return err
		}
	}
	return nil
}
