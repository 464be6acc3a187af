package iam

import (
	"strings"
	"testing"

	"github.com/berth-dev/berth/internal/iam/policy"
)

// Every built-in policy must be a valid managed policy within IAM's
// quota, with the ARN AWS gives it.
func TestBuiltinPolicies(t *testing.T) {
	for _, b := range builtins {
		if _, err := policy.Parse(b.document, policy.Managed); err != nil {
			t.Errorf("%s: %v", b.name, err)
		}
		if n := policySize(b.document); n > maxManagedPolicySize {
			t.Errorf("%s: %d characters", b.name, n)
		}
		p := awsManaged()[strings.ToLower(b.name)]
		if p == nil || p.ARN != "arn:aws:iam::aws:policy"+b.path+b.name || !p.AWSManaged || p.defaultVersion() == nil {
			t.Errorf("%s: %+v", b.name, p)
		}
	}
	for svc, l := range linkedServices {
		if _, _, name, ok := parseEntityARN(l.policyARN, "policy"); !ok || awsManaged()[strings.ToLower(name)] == nil {
			t.Errorf("%s: role policy %s is not built in", svc, l.policyARN)
		}
	}
}
