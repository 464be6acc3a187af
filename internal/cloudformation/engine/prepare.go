package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/cloudformation/template"
	"github.com/berth-dev/berth/internal/ssm"
)

// ParameterInput is one parameter as CreateStack/UpdateStack pass it.
type ParameterInput struct {
	Key, Value       string
	UsePreviousValue bool
}

// version is a Config ready to evaluate: its parsed template and resolved
// parameters.
type version struct {
	cfg    *Config
	t      *template.Template
	params *template.ParameterValues
}

// source is what a new configuration is built from.
type source struct {
	principal           *awsapi.Principal
	body                string
	usePreviousTemplate bool
	params              []ParameterInput
	capabilities        []string
	prev                *Config // nil for a new stack
}

// prepare validates a new configuration the way CloudFormation does
// before an operation starts: template syntax and references, resource
// types and properties, parameter values, capabilities. cfg carries the
// other settings (tags...) and receives the template and parameters.
func (e *Engine) prepare(ctx context.Context, src source, cfg Config) (*version, error) {
	body := src.body
	if src.usePreviousTemplate {
		if src.prev == nil {
			return nil, errValidation("UsePreviousTemplate can only be used with an existing stack.")
		}
		body = src.prev.Template
	}
	if strings.TrimSpace(body) == "" {
		return nil, errValidation("Either Template URL or Template Body must be specified.")
	}
	t, err := template.Parse([]byte(body))
	if err != nil {
		return nil, templateError(err)
	}
	if err := t.Validate(e.d.Providers); err != nil {
		return nil, templateError(err)
	}
	given := map[string]string{}
	for _, p := range src.params {
		if !p.UsePreviousValue {
			given[p.Key] = p.Value
			continue
		}
		prev, ok := previousValue(src.prev, p.Key)
		if !ok {
			return nil, errValidation("Invalid input for parameter key %s. Cannot specify usePreviousValue as true for a parameter key not in the previous template", p.Key)
		}
		given[p.Key] = prev
	}
	for k := range given {
		if _, ok := t.Parameters[k]; !ok {
			return nil, errValidation("Parameters: [%s] do not exist in the template", k)
		}
	}
	cfg.Template = body
	cfg.Parameters = given
	cfg.SSMValues = map[string]string{}
	var mu sync.Mutex
	lookup := func(name string) (string, error) {
		v, err := e.ssmValue(ctx, src.principal, name)
		if err == nil {
			mu.Lock()
			cfg.SSMValues[name] = v
			mu.Unlock()
		}
		return v, err
	}
	pv, err := t.ResolveParameters(given, lookup)
	if err != nil {
		return nil, templateError(err)
	}
	cfg.Resolved = pv.List()
	cfg.Description = t.Description
	if err := checkCapabilities(t, src.capabilities); err != nil {
		return nil, err
	}
	return &version{cfg: &cfg, t: t, params: pv}, nil
}

// previousValue is a parameter's value in the previous configuration.
func previousValue(prev *Config, key string) (string, bool) {
	if prev == nil {
		return "", false
	}
	for _, p := range prev.Resolved {
		if p.Key == key {
			return p.Value, true
		}
	}
	v, ok := prev.Parameters[key]
	return v, ok
}

// checkCapabilities refuses templates whose IAM resources the caller did
// not acknowledge.
func checkCapabilities(t *template.Template, given []string) error {
	need := t.Summary().Capabilities
	for _, c := range need {
		switch c {
		case template.CapabilityNamedIAM:
			if !slices.Contains(given, template.CapabilityNamedIAM) {
				return errCapabilities([]string{template.CapabilityNamedIAM})
			}
		case template.CapabilityIAM:
			if !slices.Contains(given, template.CapabilityIAM) && !slices.Contains(given, template.CapabilityNamedIAM) {
				return errCapabilities([]string{template.CapabilityIAM})
			}
		}
	}
	return nil
}

// load rebuilds the version of a stored configuration (it was validated
// when the operation started); SSM parameter types get the values they
// had then.
func (e *Engine) load(cfg *Config) (*version, error) {
	t, err := template.Parse([]byte(cfg.Template))
	if err != nil {
		return nil, fmt.Errorf("engine: load template: %w", err)
	}
	pv, err := t.ResolveParameters(cfg.Parameters, func(name string) (string, error) {
		if v, ok := cfg.SSMValues[name]; ok {
			return v, nil
		}
		return "", fmt.Errorf("engine: SSM parameter %s: %w", name, template.ErrNotFound)
	})
	if err != nil {
		return nil, fmt.Errorf("engine: load parameters: %w", err)
	}
	return &version{cfg: cfg, t: t, params: pv}, nil
}

// evaluator evaluates the version for a stack with resolver r.
func (e *Engine) evaluator(v *version, s *Stack, r template.Resolver) (*template.Evaluator, error) {
	return v.t.NewEvaluator(template.Inputs{
		Parameters: v.params,
		Pseudo: template.Pseudo{StackName: s.Name, StackID: s.ID, Region: e.d.Region, AccountID: e.d.Account,
			NotificationARNs: v.cfg.NotificationARNs},
		Resolver: r,
	})
}

// ssmValue reads an SSM parameter as principal p.
func (e *Engine) ssmValue(ctx context.Context, p *awsapi.Principal, name string) (string, error) {
	if e.d.Invoker == nil {
		return "", fmt.Errorf("engine: SSM parameter %s: %w", name, template.ErrNotFound)
	}
	out, err := e.d.Invoker.Invoke(awsapi.WithInvokedBy(ctx, "cloudformation.amazonaws.com"), p, "ssm", "GetParameter",
		&ssm.GetParameterInput{Name: name, WithDecryption: true})
	var ae *awsapi.Error
	if errors.As(err, &ae) && ae.Code == "ParameterNotFound" {
		return "", fmt.Errorf("engine: SSM parameter %s: %w", name, template.ErrNotFound)
	}
	if err != nil {
		return "", err
	}
	o, ok := out.(*ssm.GetParameterOutput)
	if !ok {
		return "", fmt.Errorf("engine: SSM parameter %s: unexpected output %T", name, out)
	}
	return o.Parameter.Value, nil
}
