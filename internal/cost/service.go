package cost

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/berth-dev/berth/internal/cloudformation/template"
)

// readService reads one active AWS::AppRunner::Service.
func readService(t *template.Template, ev *template.Evaluator, id string) (Service, error) {
	props, err := ev.Properties(id)
	if err != nil {
		return Service{}, templateErr("evaluate "+id, err)
	}
	s := Service{LogicalID: id, CPU: DefaultCPU, Memory: DefaultMemory}
	if err := s.readInstance(props); err != nil {
		return Service{}, fmt.Errorf("cost: service %s: %w", id, err)
	}
	s.readSource(props)
	if err := s.readScaling(t, ev, props); err != nil {
		return Service{}, fmt.Errorf("cost: service %s: %w", id, err)
	}
	if egress, _ := dig(props, "NetworkConfiguration", "EgressConfiguration", "EgressType").(string); egress == "VPC" {
		s.Notes = append(s.Notes, "egress through a VPC connector: its data transfer and NAT gateway are not estimated")
	}
	return s, nil
}

// readInstance reads InstanceConfiguration Cpu and Memory, or App Runner's
// defaults, and checks that App Runner offers the combination.
func (s *Service) readInstance(props map[string]any) error {
	ic, _ := props["InstanceConfiguration"].(map[string]any)
	if v, ok := ic["Cpu"]; ok && v != nil {
		c, err := parseCPU(v)
		if err != nil {
			return err
		}
		s.CPU = c
	} else {
		s.Notes = append(s.Notes, "Cpu not set: App Runner's default "+DefaultCPU.String())
	}
	if v, ok := ic["Memory"]; ok && v != nil {
		m, err := parseMemory(v)
		if err != nil {
			return err
		}
		s.Memory = m
	} else {
		s.Notes = append(s.Notes, "Memory not set: App Runner's default "+DefaultMemory.String())
	}
	return checkSize(s.CPU, s.Memory)
}

// readSource reads whether the service builds from source and whether it
// deploys automatically. App Runner's default is on, except for images in
// ECR Public (and in other accounts' ECR, which a template cannot show).
func (s *Service) readSource(props map[string]any) {
	src, _ := props["SourceConfiguration"].(map[string]any)
	s.FromSource = src["CodeRepository"] != nil
	raw, given := src["AutoDeploymentsEnabled"]
	auto, set := boolValue(raw)
	if given && raw != nil && !set {
		s.Notes = append(s.Notes, fmt.Sprintf("AutoDeploymentsEnabled %s is not a boolean", describe(raw)))
	}
	if !set {
		public := dig(src, "ImageRepository", "ImageRepositoryType") == "ECR_PUBLIC"
		auto = !public
		s.Notes = append(s.Notes, fmt.Sprintf("AutoDeploymentsEnabled not set: App Runner's default for this source is %t", auto))
	}
	s.AutomaticDeployments = auto
}

// readScaling follows AutoScalingConfigurationArn to a configuration of the
// same template, or falls back to App Runner's defaults.
func (s *Service) readScaling(t *template.Template, ev *template.Evaluator, props map[string]any) error {
	s.Scaling = DefaultScaling
	arn, _ := props["AutoScalingConfigurationArn"].(string)
	if arn == "" {
		return nil
	}
	id, ok := markedResource(arn)
	r := t.Resources[id]
	if !ok || r == nil || r.Type != typeScaling || !ev.Active(id) {
		s.Notes = append(s.Notes, "AutoScalingConfigurationArn is not a configuration of this template: assuming App Runner defaults (MinSize 1, MaxSize 25, MaxConcurrency 100)")
		return nil
	}
	asc, err := ev.Properties(id)
	if err != nil {
		return templateErr("evaluate "+id, err)
	}
	sc := Scaling{From: "AutoScalingConfiguration " + id}
	fields := []struct {
		name     string
		dst      *int
		def      int
		min, max int
	}{
		{"MinSize", &sc.MinSize, DefaultScaling.MinSize, 1, 25},
		{"MaxSize", &sc.MaxSize, DefaultScaling.MaxSize, 1, 0},
		{"MaxConcurrency", &sc.MaxConcurrency, DefaultScaling.MaxConcurrency, 1, 200},
	}
	for _, f := range fields {
		*f.dst = f.def
		v, ok := asc[f.name]
		if !ok || v == nil {
			continue
		}
		n, err := intValue(v)
		if err != nil || n < f.min || (f.max > 0 && n > f.max) {
			return fmt.Errorf("%s %s %s: %w: must be an integer from %d%s",
				id, f.name, describe(v), ErrScaling, f.min, upTo(f.max))
		}
		*f.dst = n
	}
	if sc.MaxSize < sc.MinSize {
		return fmt.Errorf("%s: %w: MaxSize %d is below MinSize %d", id, ErrScaling, sc.MaxSize, sc.MinSize)
	}
	s.Scaling = sc
	return nil
}

func upTo(max int) string {
	if max == 0 {
		return ""
	}
	return " to " + strconv.Itoa(max)
}

// dig walks nested maps; it returns nil when any key is missing.
func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// boolValue reads a boolean the template may give as true or "true"; set is
// false when the value is absent or not a boolean.
func boolValue(v any) (b, set bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		switch strings.ToLower(x) {
		case "true":
			return true, true
		case "false":
			return false, true
		}
	}
	return false, false
}

// intValue reads an integer the template may give as a number or a string.
func intValue(v any) (int, error) {
	s, err := scalar(v)
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("cost: integer %q: %w", s, err)
	}
	return n, nil
}
