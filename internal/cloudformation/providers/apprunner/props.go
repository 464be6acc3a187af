// Package apprunner holds the CloudFormation providers of App Runner's
// resource types, AWS::AppRunner::Service and
// AWS::AppRunner::AutoScalingConfiguration. They call the App Runner API
// in-process, as the principal that runs the stack operation.
//
// berth improves on AWS in one place: before updating or deleting a
// service, and after creating or updating one, the Service provider waits
// for the service to leave OPERATION_IN_PROGRESS instead of failing with
// "Service cannot be updated in the current state: OPERATION_IN_PROGRESS"
// (the race the article's workflow works around by ordering its steps).
package apprunner

import (
	"github.com/berth-dev/berth/internal/apprunner"
	"github.com/berth-dev/berth/internal/cloudformation/provider"
)

// Providers lists the package's providers, for providers.All.
func Providers() []provider.Provider {
	return []provider.Provider{NewService(), NewAutoScalingConfiguration()}
}

// obj returns a nested object property, nil when absent.
func obj(p provider.Props, name string) provider.Props {
	m, _ := p[name].(map[string]any)
	if m == nil {
		return nil
	}
	return provider.Props(m)
}

// keyValues turns CloudFormation's [{Name, Value}] lists into the API's maps.
func keyValues(p provider.Props, name string) map[string]string {
	l := p.Objects(name)
	if len(l) == 0 {
		return nil
	}
	m := make(map[string]string, len(l))
	for _, kv := range l {
		if k := kv.String("Name"); k != "" {
			m[k] = kv.String("Value")
		}
	}
	return m
}

func boolPtr(p provider.Props, name string) *bool {
	if !p.Has(name) {
		return nil
	}
	b := p.Bool(name)
	return &b
}

func intOf(p provider.Props, name string) int {
	n, _ := p.Int(name)
	return n
}

// sourceConfiguration converts a SourceConfiguration property.
func sourceConfiguration(p provider.Props) *apprunner.SourceConfiguration {
	if p == nil {
		return nil
	}
	out := &apprunner.SourceConfiguration{AutoDeploymentsEnabled: boolPtr(p, "AutoDeploymentsEnabled")}
	if a := obj(p, "AuthenticationConfiguration"); a != nil {
		out.AuthenticationConfiguration = &apprunner.AuthenticationConfiguration{ConnectionARN: a.String("ConnectionArn"), AccessRoleARN: a.String("AccessRoleArn")}
	}
	if c := obj(p, "CodeRepository"); c != nil {
		cr := &apprunner.CodeRepository{RepositoryURL: c.String("RepositoryUrl"), SourceDirectory: c.String("SourceDirectory")}
		if v := obj(c, "SourceCodeVersion"); v != nil {
			cr.SourceCodeVersion = &apprunner.SourceCodeVersion{Type: v.String("Type"), Value: v.String("Value")}
		}
		if cc := obj(c, "CodeConfiguration"); cc != nil {
			cr.CodeConfiguration = &apprunner.CodeConfiguration{ConfigurationSource: cc.String("ConfigurationSource")}
			if v := obj(cc, "CodeConfigurationValues"); v != nil {
				cr.CodeConfiguration.CodeConfigurationValues = &apprunner.CodeConfigurationValues{
					Runtime: v.String("Runtime"), BuildCommand: v.String("BuildCommand"), StartCommand: v.String("StartCommand"),
					Port: v.String("Port"), RuntimeEnvironmentVariables: keyValues(v, "RuntimeEnvironmentVariables"),
					RuntimeEnvironmentSecrets: keyValues(v, "RuntimeEnvironmentSecrets")}
			}
		}
		out.CodeRepository = cr
	}
	if i := obj(p, "ImageRepository"); i != nil {
		ir := &apprunner.ImageRepository{ImageIdentifier: i.String("ImageIdentifier"), ImageRepositoryType: i.String("ImageRepositoryType")}
		if c := obj(i, "ImageConfiguration"); c != nil {
			ir.ImageConfiguration = &apprunner.ImageConfiguration{StartCommand: c.String("StartCommand"), Port: c.String("Port"),
				RuntimeEnvironmentVariables: keyValues(c, "RuntimeEnvironmentVariables"), RuntimeEnvironmentSecrets: keyValues(c, "RuntimeEnvironmentSecrets")}
		}
		out.ImageRepository = ir
	}
	return out
}

func instanceConfiguration(p provider.Props) *apprunner.InstanceConfiguration {
	if p == nil {
		return nil
	}
	return &apprunner.InstanceConfiguration{CPU: p.String("Cpu"), Memory: p.String("Memory"), InstanceRoleARN: p.String("InstanceRoleArn")}
}

func healthCheckConfiguration(p provider.Props) *apprunner.HealthCheckConfiguration {
	if p == nil {
		return nil
	}
	return &apprunner.HealthCheckConfiguration{Protocol: p.String("Protocol"), Path: p.String("Path"),
		Interval: intOf(p, "Interval"), Timeout: intOf(p, "Timeout"),
		HealthyThreshold: intOf(p, "HealthyThreshold"), UnhealthyThreshold: intOf(p, "UnhealthyThreshold")}
}

func networkConfiguration(p provider.Props) *apprunner.NetworkConfiguration {
	if p == nil {
		return nil
	}
	out := &apprunner.NetworkConfiguration{IPAddressType: p.String("IpAddressType")}
	if e := obj(p, "EgressConfiguration"); e != nil {
		out.EgressConfiguration = &apprunner.EgressConfiguration{EgressType: e.String("EgressType"), VpcConnectorARN: e.String("VpcConnectorArn")}
	}
	if i := obj(p, "IngressConfiguration"); i != nil {
		out.IngressConfiguration = &apprunner.IngressConfiguration{IsPubliclyAccessible: boolPtr(i, "IsPubliclyAccessible")}
	}
	return out
}

func observabilityConfiguration(p provider.Props) *apprunner.ServiceObservabilityConfiguration {
	if p == nil {
		return nil
	}
	return &apprunner.ServiceObservabilityConfiguration{ObservabilityEnabled: p.Bool("ObservabilityEnabled"),
		ObservabilityConfigurationARN: p.String("ObservabilityConfigurationArn")}
}

func tags(p provider.Props) []apprunner.Tag {
	var out []apprunner.Tag
	for _, t := range p.Tags("Tags") {
		out = append(out, apprunner.Tag{Key: t.Key, Value: t.Value})
	}
	return out
}
