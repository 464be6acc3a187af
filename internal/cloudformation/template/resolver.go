package template

import "fmt"

// Resolver answers what an evaluation needs from outside the template. The
// engine implements it over its state; methods are called lazily, only for
// the values being evaluated, and must be safe to call repeatedly.
type Resolver interface {
	// PhysicalID returns what Ref of a created resource evaluates to. It
	// returns an error wrapping ErrNotFound when the resource does not
	// exist (yet).
	PhysicalID(logicalID string) (string, error)
	// Attribute returns Fn::GetAtt of a created resource: a string, or a
	// []any for list attributes. It returns an error wrapping ErrNotFound
	// when the resource has no such attribute.
	Attribute(logicalID, name string) (any, error)
	// ImportValue returns the value exported under name by another stack of
	// the account and region, or an error wrapping ErrNotFound.
	ImportValue(name string) (string, error)
	// AZs returns the availability zones of a region for Fn::GetAZs.
	AZs(region string) ([]string, error)
	// SSMParameter returns the value of an SSM parameter, or an error
	// wrapping ErrNotFound; it backs AWS::SSM::Parameter::Value<...> types.
	SSMParameter(name string) (string, error)
}

// StaticResolver is a Resolver over fixed maps, for tests and for dry runs
// (ValidateTemplate, change set previews). Missing entries are ErrNotFound;
// a nil AZs map yields DefaultAZs.
type StaticResolver struct {
	PhysicalIDs map[string]string
	// Attributes: logical id → attribute name → value.
	Attributes map[string]map[string]any
	Exports    map[string]string
	Zones      map[string][]string
	SSM        map[string]string
}

var _ Resolver = (*StaticResolver)(nil)

// PhysicalID implements Resolver.
func (s *StaticResolver) PhysicalID(logicalID string) (string, error) {
	if v, ok := s.PhysicalIDs[logicalID]; ok {
		return v, nil
	}
	return "", fmt.Errorf("template: physical id of %s: %w", logicalID, ErrNotFound)
}

// Attribute implements Resolver.
func (s *StaticResolver) Attribute(logicalID, name string) (any, error) {
	if v, ok := s.Attributes[logicalID][name]; ok {
		return copyValue(v), nil
	}
	return nil, fmt.Errorf("template: attribute %s.%s: %w", logicalID, name, ErrNotFound)
}

// ImportValue implements Resolver.
func (s *StaticResolver) ImportValue(name string) (string, error) {
	if v, ok := s.Exports[name]; ok {
		return v, nil
	}
	return "", fmt.Errorf("template: export %s: %w", name, ErrNotFound)
}

// AZs implements Resolver.
func (s *StaticResolver) AZs(region string) ([]string, error) {
	if s.Zones == nil {
		return DefaultAZs(region), nil
	}
	return append([]string(nil), s.Zones[region]...), nil
}

// SSMParameter implements Resolver.
func (s *StaticResolver) SSMParameter(name string) (string, error) {
	if v, ok := s.SSM[name]; ok {
		return v, nil
	}
	return "", fmt.Errorf("template: SSM parameter %s: %w", name, ErrNotFound)
}

// DefaultAZs is the zone list berth gives a region when nothing else is
// configured: three zones, a to c, as most AWS regions have.
func DefaultAZs(region string) []string {
	if region == "" {
		return nil
	}
	return []string{region + "a", region + "b", region + "c"}
}
