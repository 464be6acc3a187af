package apprunner

import (
	"context"
	"net"
	"strconv"
)

// serviceURL is the ServiceUrl of a host: no scheme, and the public port
// unless it is 443.
func (a *API) serviceURL(host string) string {
	port := a.d.PublicPort
	if port == 0 && a.d.Ingress != nil {
		addr := a.d.Ingress.HTTPSAddr()
		if addr == "" {
			addr = a.d.Ingress.HTTPAddr()
			if _, p, err := net.SplitHostPort(addr); err == nil && p == "80" {
				addr = ""
			}
		}
		if _, p, err := net.SplitHostPort(addr); err == nil {
			port, _ = strconv.Atoi(p)
		}
	}
	if port == 0 || port == 443 {
		return host
	}
	return host + ":" + strconv.Itoa(port)
}

// hostFor is the ingress host of a service id.
func (a *API) hostFor(id string) string { return id[:10] + "." + a.d.BaseDomain }

// view renders a stored service the way DescribeService shows it.
func (a *API) view(ctx context.Context, s *serviceRecord) Service {
	cfg := s.Config
	hc := cfg.HealthCheck
	out := Service{
		ServiceName: s.Name, ServiceID: s.ID, ServiceARN: s.ARN, ServiceURL: a.serviceURL(s.Host),
		CreatedAt: At(s.CreatedAt), UpdatedAt: At(s.UpdatedAt), DeletedAt: At(s.DeletedAt), Status: s.Status,
		SourceConfiguration:             cfg.Source,
		InstanceConfiguration:           cfg.Instance,
		EncryptionConfiguration:         cfg.Encryption,
		HealthCheckConfiguration:        &hc,
		AutoScalingConfigurationSummary: a.autoScalingSummary(ctx, cfg.AutoScalingARN),
		NetworkConfiguration:            cfg.Network,
		ObservabilityConfiguration:      cfg.Observability,
	}
	if out.ObservabilityConfiguration == nil {
		out.ObservabilityConfiguration = &ServiceObservabilityConfiguration{}
	}
	if s.Status == StatusDeleted {
		out.ServiceURL = ""
	}
	return out
}

func (a *API) summary(s *serviceRecord) ServiceSummary {
	out := ServiceSummary{ServiceName: s.Name, ServiceID: s.ID, ServiceARN: s.ARN, ServiceURL: a.serviceURL(s.Host),
		CreatedAt: At(s.CreatedAt), UpdatedAt: At(s.UpdatedAt), Status: s.Status}
	if s.Status == StatusDeleted {
		out.ServiceURL = ""
	}
	return out
}

// normalizeNetwork fills App Runner's network defaults.
func normalizeNetwork(n *NetworkConfiguration, prev NetworkConfiguration) NetworkConfiguration {
	out := prev
	if n != nil {
		out = *n
	}
	if out.EgressConfiguration == nil {
		out.EgressConfiguration = &EgressConfiguration{}
	}
	if out.EgressConfiguration.EgressType == "" {
		out.EgressConfiguration.EgressType = "DEFAULT"
	}
	if out.IngressConfiguration == nil {
		out.IngressConfiguration = &IngressConfiguration{}
	}
	if out.IngressConfiguration.IsPubliclyAccessible == nil {
		t := true
		out.IngressConfiguration.IsPubliclyAccessible = &t
	}
	if out.IPAddressType == "" {
		out.IPAddressType = "IPV4"
	}
	return out
}
