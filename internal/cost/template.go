package cost

import (
	"errors"
	"fmt"
	"strings"

	"github.com/berth-dev/berth/internal/cloudformation/template"
)

// Resource types the estimate reads.
const (
	typeService = "AWS::AppRunner::Service"
	typeScaling = "AWS::AppRunner::AutoScalingConfiguration"
)

// Options are what a template is evaluated with.
type Options struct {
	// Parameters override the template's parameter defaults. Parameters
	// with neither get a placeholder, noted in Template.Notes: most do
	// not change the cost (a repository URL, a connection ARN).
	Parameters map[string]string
	// Region is the value of AWS::Region; empty means us-east-1.
	Region string
}

// Service is what the estimate needs to know of one AWS::AppRunner::Service.
type Service struct {
	// LogicalID names the service in the template.
	LogicalID string
	// CPU and Memory are the size of every instance.
	CPU    CPU
	Memory Memory
	// Scaling bounds the number of instances.
	Scaling Scaling
	// AutomaticDeployments reports AutoDeploymentsEnabled (or App Runner's
	// default for the source): the flat monthly fee.
	AutomaticDeployments bool
	// FromSource reports a service built from a code repository: each
	// deploy is a build, charged per minute.
	FromSource bool
	// Notes are the defaults and guesses made reading the service.
	Notes []string
}

// Scaling is the auto scaling configuration a service runs with.
type Scaling struct {
	// MinSize instances are always provisioned, and all active while
	// there is traffic.
	MinSize int `json:"minSize"`
	// MaxSize caps the active instances.
	MaxSize int `json:"maxSize"`
	// MaxConcurrency is how many requests one instance serves at once
	// before App Runner adds another.
	MaxConcurrency int `json:"maxConcurrency"`
	// From says where the figures come from: "App Runner defaults" or
	// "AutoScalingConfiguration NAME".
	From string `json:"from"`
}

// DefaultScaling is the configuration App Runner gives a service without
// AutoScalingConfigurationArn.
var DefaultScaling = Scaling{MinSize: 1, MaxSize: 25, MaxConcurrency: 100, From: "App Runner defaults"}

// Template is the part of a template that costs money.
type Template struct {
	// Services in declaration order; services whose Condition is false are
	// left out.
	Services []Service
	// Notes are the guesses made for the whole template (placeholder
	// parameter values).
	Notes []string
}

// ReadTemplate parses and evaluates a CloudFormation template and returns
// its App Runner services. Errors wrap ErrTemplate (with the line when the
// template package knows it), ErrNoServices, ErrInstanceSize or ErrScaling.
func ReadTemplate(body []byte, opts Options) (*Template, error) {
	t, err := template.Parse(body)
	if err != nil {
		return nil, templateErr("parse template", err)
	}
	if err := t.Validate(nil); err != nil {
		return nil, templateErr("validate template", err)
	}
	out := &Template{}
	given, notes := withPlaceholders(t, opts.Parameters)
	out.Notes = notes
	pv, err := t.ResolveParameters(given, func(string) (string, error) { return placeholder, nil })
	if err != nil {
		return nil, templateErr("resolve parameters", err)
	}
	region := opts.Region
	if region == "" {
		region = "us-east-1"
	}
	ev, err := t.NewEvaluator(template.Inputs{
		Parameters: pv,
		Pseudo:     template.Pseudo{StackName: "berth-cost", Region: region, AccountID: "123456789012"},
		Resolver:   markerResolver{&template.StaticResolver{}},
	})
	if err != nil {
		return nil, templateErr("evaluate template", err)
	}
	for _, id := range ev.Resources() {
		if t.Resources[id].Type != typeService {
			continue
		}
		s, err := readService(t, ev, id)
		if err != nil {
			return nil, err
		}
		out.Services = append(out.Services, s)
	}
	if len(out.Services) == 0 {
		return nil, fmt.Errorf("cost: read template: %w", ErrNoServices)
	}
	return out, nil
}

// templateError is a template package error with the line it points at; it
// matches ErrTemplate and the template package's own sentinel kinds.
type templateError struct {
	op   string
	line int
	err  error
}

func (e *templateError) Error() string {
	if e.line > 0 {
		return fmt.Sprintf("cost: %s: line %d: %v", e.op, e.line, e.err)
	}
	return fmt.Sprintf("cost: %s: %v", e.op, e.err)
}

func (e *templateError) Unwrap() []error { return []error{ErrTemplate, e.err} }

func templateErr(op string, err error) error {
	te := &templateError{op: op, err: err}
	var tErr *template.Error
	if errors.As(err, &tErr) {
		te.line = tErr.Line
	}
	return te
}

// placeholder stands for values the estimate does not know.
const placeholder = "berth-cost-placeholder"

// withPlaceholders returns the given parameters plus a value for each
// parameter that has neither a given value nor a default, and a note for
// each such guess.
func withPlaceholders(t *template.Template, given map[string]string) (map[string]string, []string) {
	all := make(map[string]string, len(t.Parameters))
	for k, v := range given {
		all[k] = v
	}
	var notes []string
	for _, name := range t.ParameterNames() {
		p := t.Parameters[name]
		if _, ok := all[name]; ok || p.Default != nil {
			continue
		}
		v := placeholderFor(p)
		all[name] = v
		notes = append(notes, fmt.Sprintf("parameter %s has no value; using %q (give it a value if it sets the instance size or scaling)", name, v))
	}
	return all, notes
}

func placeholderFor(p *template.Parameter) string {
	switch {
	case len(p.AllowedValues) > 0:
		return p.AllowedValues[0]
	case p.Type == "Number" || p.Type == "List<Number>":
		if p.MinValue != nil {
			return fmt.Sprint(*p.MinValue)
		}
		if p.MaxValue != nil {
			return fmt.Sprint(*p.MaxValue)
		}
		return "0"
	}
	return placeholder
}

// markerResolver answers every Ref and Fn::GetAtt of a resource with a
// marker naming it, so that a service's AutoScalingConfigurationArn can be
// traced back to a configuration in the same template.
type markerResolver struct {
	*template.StaticResolver
}

const (
	refMarker    = "berth-cost:ref:"
	getAttMarker = "berth-cost:getatt:"
)

// PhysicalID implements template.Resolver.
func (markerResolver) PhysicalID(id string) (string, error) { return refMarker + id, nil }

// Attribute implements template.Resolver.
func (markerResolver) Attribute(id, name string) (any, error) {
	return getAttMarker + id + "." + name, nil
}

// ImportValue implements template.Resolver.
func (markerResolver) ImportValue(name string) (string, error) {
	return "berth-cost:import:" + name, nil
}

// markedResource returns the logical id a marker value points at.
func markedResource(v string) (string, bool) {
	if id, ok := strings.CutPrefix(v, refMarker); ok {
		return id, true
	}
	if rest, ok := strings.CutPrefix(v, getAttMarker); ok {
		id, attr, _ := strings.Cut(rest, ".")
		return id, attr == "AutoScalingConfigurationArn"
	}
	return "", false
}
