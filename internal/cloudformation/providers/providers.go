// Package providers assembles the resource providers berth ships. Each
// AWS service has a package (awsssm, awslogs, awsiam, ...) whose
// Providers function lists its types; adding a type is one file in that
// package plus its entry there, adding a service one line below.
package providers

import (
	"github.com/berth-dev/berth/internal/cloudformation/provider"
	"github.com/berth-dev/berth/internal/cloudformation/providers/awsiam"
	"github.com/berth-dev/berth/internal/cloudformation/providers/awslogs"
	"github.com/berth-dev/berth/internal/cloudformation/providers/awssecretsmanager"
	"github.com/berth-dev/berth/internal/cloudformation/providers/awsssm"
)

// All returns every built-in provider.
func All() []provider.Provider {
	var out []provider.Provider
	for _, set := range [][]provider.Provider{
		awsssm.Providers(),
		awssecretsmanager.Providers(),
		awslogs.Providers(),
		awsiam.Providers(),
	} {
		out = append(out, set...)
	}
	return out
}

// Builtin returns a registry of every built-in provider; callers may Add
// more (App Runner's, tests').
func Builtin() *provider.Registry { return provider.NewRegistry(All()...) }
