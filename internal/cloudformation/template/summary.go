package template

import (
	"slices"
	"strings"
)

// Capabilities CloudFormation asks callers to acknowledge.
const (
	CapabilityIAM      = "CAPABILITY_IAM"
	CapabilityNamedIAM = "CAPABILITY_NAMED_IAM"
)

// namedIAMProperties are the properties that give an IAM resource a custom
// name, which requires CAPABILITY_NAMED_IAM.
var namedIAMProperties = map[string]string{
	"AWS::IAM::Role":            "RoleName",
	"AWS::IAM::User":            "UserName",
	"AWS::IAM::Group":           "GroupName",
	"AWS::IAM::ManagedPolicy":   "ManagedPolicyName",
	"AWS::IAM::InstanceProfile": "InstanceProfileName",
}

// Summary is the data behind ValidateTemplate and GetTemplateSummary.
type Summary struct {
	Version     string
	Description string
	Parameters  []ParameterSummary
	// Capabilities lists what CreateStack must be given; CapabilitiesReason
	// explains it as AWS does.
	Capabilities       []string
	CapabilitiesReason string
	// ResourceTypes lists each resource type once, in declaration order.
	ResourceTypes []string
	// DeclaredTransforms is always empty: templates with transforms are
	// rejected by Parse.
	DeclaredTransforms []string
	Metadata           map[string]any
}

// ParameterSummary describes a declared parameter.
type ParameterSummary struct {
	Key  string
	Type string
	// Default is nil when there is none; a NoEcho default is Mask.
	Default               *string
	NoEcho                bool
	Description           string
	AllowedValues         []string
	AllowedPattern        string
	ConstraintDescription string
}

// Summary describes the template regardless of parameter values and
// conditions.
func (t *Template) Summary() Summary {
	s := Summary{
		Version: t.FormatVersion, Description: t.Description, Metadata: copyMap(t.Metadata),
		DeclaredTransforms: []string{},
	}
	for _, name := range t.paramOrder {
		p := t.Parameters[name]
		ps := ParameterSummary{
			Key: name, Type: p.Type, NoEcho: p.NoEcho, Description: p.Description,
			AllowedValues: append([]string(nil), p.AllowedValues...), AllowedPattern: p.AllowedPattern,
			ConstraintDescription: p.ConstraintDescription,
		}
		if p.Default != nil {
			d := *p.Default
			if p.NoEcho {
				d = Mask
			}
			ps.Default = &d
		}
		s.Parameters = append(s.Parameters, ps)
	}
	var iamTypes []string
	named := false
	for _, id := range t.resourceOrder {
		r := t.Resources[id]
		if !slices.Contains(s.ResourceTypes, r.Type) {
			s.ResourceTypes = append(s.ResourceTypes, r.Type)
		}
		if !strings.HasPrefix(r.Type, "AWS::IAM::") {
			continue
		}
		if !slices.Contains(iamTypes, r.Type) {
			iamTypes = append(iamTypes, r.Type)
		}
		if prop, ok := namedIAMProperties[r.Type]; ok {
			if _, has := r.Properties[prop]; has {
				named = true
			}
		}
	}
	if len(iamTypes) > 0 {
		s.Capabilities = []string{CapabilityIAM}
		if named {
			s.Capabilities = []string{CapabilityNamedIAM}
		}
		s.CapabilitiesReason = "The following resource(s) require capabilities: [" + strings.Join(iamTypes, ", ") + "]"
	}
	return s
}

func copyMap(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	return copyValue(m).(map[string]any)
}
