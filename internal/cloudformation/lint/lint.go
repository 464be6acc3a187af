// Package lint checks a CloudFormation template before it is deployed:
// the engine's own validation (with CloudFormation's wording and the
// providers' schemas), the intent of the article's cfn-lint and cfn-nag
// hooks (unused parameters, secrets in plain text, NoEcho missing,
// wildcard IAM actions) — each finding with its line. It does no I/O.
package lint

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/berth-dev/berth/internal/checks/cfnnag"
	"github.com/berth-dev/berth/internal/cloudformation/template"
)

// Severity orders findings; only errors fail a lint run.
type Severity string

// Severities.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Info    Severity = "info"
)

// Finding is one problem in a template.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	Line     int      `json:"line,omitempty"`
	Column   int      `json:"column,omitempty"`
}

// String renders a finding as "LINE:COL: severity RULE: message".
func (f Finding) String() string {
	pos := ""
	if f.Line > 0 {
		pos = fmt.Sprintf("%d:%d: ", f.Line, max(f.Column, 1))
	}
	return fmt.Sprintf("%s%s %s: %s", pos, f.Severity, f.Rule, f.Message)
}

// Template lints body against the resource schemas in reg.
func Template(body []byte, reg template.TypeRegistry) []Finding {
	t, err := template.Parse(body)
	if err != nil {
		return []Finding{fromTemplateError(err)}
	}
	var out []Finding
	for _, e := range t.Check(reg) {
		out = append(out, fromTemplateError(e))
	}
	out = append(out, unusedParameters(t)...)
	if rep, err := cfnnag.Scan(body, cfnnag.Options{}); err == nil {
		for _, v := range rep.Violations {
			sev := Warning
			switch v.Severity {
			case cfnnag.Failure:
				sev = Error
			case cfnnag.Warning:
				sev = Warning
			default:
				sev = Info
			}
			line := 0
			if len(v.Lines) > 0 {
				line = v.Lines[0]
			}
			msg := v.Message
			if len(v.LogicalIDs) > 0 {
				msg += " [" + strings.Join(v.LogicalIDs, ", ") + "]"
			}
			out = append(out, Finding{Rule: "nag/" + v.RuleID, Severity: sev, Message: msg, Line: line})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out
}

// HasErrors reports whether any finding is an error.
func HasErrors(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == Error {
			return true
		}
	}
	return false
}

func fromTemplateError(err error) Finding {
	var te *template.Error
	if errors.As(err, &te) {
		return Finding{Rule: "template", Severity: Error, Message: te.Message, Line: te.Line, Column: te.Column}
	}
	return Finding{Rule: "template", Severity: Error, Message: err.Error()}
}

var subRef = regexp.MustCompile(`\$\{([^!][^}]*)\}`)

// unusedParameters is cfn-lint's W2001: a parameter nothing refers to.
func unusedParameters(t *template.Template) []Finding {
	used := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, val := range x {
				switch k {
				case "Ref":
					if s, ok := val.(string); ok {
						used[s] = true
					}
				case "Fn::Sub":
					s, _ := val.(string)
					if l, ok := val.([]any); ok && len(l) > 0 {
						s, _ = l[0].(string)
					}
					for _, m := range subRef.FindAllStringSubmatch(s, -1) {
						used[strings.TrimSpace(strings.SplitN(m[1], ".", 2)[0])] = true
					}
				}
				walk(val)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	for _, r := range t.Resources {
		walk(r.Properties)
		walk(r.Metadata)
	}
	for _, o := range t.Outputs {
		walk(o.Value)
		walk(o.ExportName)
	}
	walk(t.Conditions)
	walk(map[string]any{"m": toAny(t.Mappings)})
	var out []Finding
	for _, name := range t.ParameterNames() {
		if !used[name] {
			out = append(out, Finding{Rule: "W2001", Severity: Warning, Message: "Parameter " + name + " not used.", Line: t.Line("/Parameters/" + name)})
		}
	}
	return out
}

func toAny(m map[string]map[string]map[string]any) any {
	out := map[string]any{}
	for k, v := range m {
		inner := map[string]any{}
		for k2, v2 := range v {
			inner[k2] = v2
		}
		out[k] = inner
	}
	return out
}
