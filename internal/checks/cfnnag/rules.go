package cfnnag

import "slices"

// Severity is how a violation counts, as in cfn_nag: failures fail the
// scan, warnings are reported, information is printed only.
type Severity int

// Severities, weakest first.
const (
	Info Severity = iota
	Warning
	Failure
)

// String is the word cfn_nag prints before the rule id.
func (s Severity) String() string {
	switch s {
	case Failure:
		return "FAIL"
	case Warning:
		return "WARN"
	default:
		return "INFO"
	}
}

// Element names what a rule points at.
const (
	ElementResource  = "Resource"
	ElementParameter = "Parameter"
)

// Rule is one check. Rules with a cfn_nag equivalent carry its id and text;
// berth's own rules use ids in the 9000s, which cfn_nag does not use.
type Rule struct {
	ID       string
	Severity Severity
	Message  string
	// Element is ElementResource or ElementParameter.
	Element string
	check   func(t *Template) []Hit
}

// Hit is one element a rule flags.
type Hit struct {
	ID   string
	Line int
	// Resource is set for resource hits, to honour suppressions.
	Resource *Resource
}

// resourceHit flags a resource at its logical id's line.
func resourceHit(r *Resource) Hit { return Hit{ID: r.LogicalID, Line: r.Line, Resource: r} }

// Rules returns every rule in report order (for docs and tests).
func Rules() []Rule {
	return slices.Concat(iamRules, secretRules, resourceRules)
}

// Violation is a rule's finding across the template: like cfn_nag, one per
// rule, listing every element it flagged.
type Violation struct {
	RuleID     string
	Severity   Severity
	Message    string
	Element    string
	LogicalIDs []string
	Lines      []int
}

// Options tune a scan.
type Options struct {
	// NoSuppression ignores Metadata.cfn_nag.rules_to_suppress, as
	// cfn_nag_scan --no-allow-suppression does.
	NoSuppression bool
}

// Scan parses a template and runs every rule on it. A template that does
// not parse is an error (the hook reports it as a fatal failure).
func Scan(body []byte, opts Options) (*Report, error) {
	t, err := Parse(body)
	if err != nil {
		return nil, err
	}
	return ScanTemplate(t, opts), nil
}

// ScanTemplate runs every rule on a parsed template.
func ScanTemplate(t *Template, opts Options) *Report {
	rep := &Report{}
	for _, rule := range Rules() {
		var v *Violation
		for _, h := range rule.check(t) {
			if h.Resource != nil && !opts.NoSuppression && h.Resource.Suppressed(rule.ID) {
				continue
			}
			if v == nil {
				v = &Violation{RuleID: rule.ID, Severity: rule.Severity, Message: rule.Message, Element: rule.Element}
			}
			if !slices.Contains(v.LogicalIDs, h.ID) {
				v.LogicalIDs = append(v.LogicalIDs, h.ID)
				v.Lines = append(v.Lines, h.Line)
			}
		}
		if v != nil {
			rep.Violations = append(rep.Violations, *v)
		}
	}
	return rep
}

// perResource builds a check that flags the resources of the given types
// for which pred holds.
func perResource(pred func(*Resource) bool, types ...string) func(*Template) []Hit {
	return func(t *Template) []Hit {
		var hits []Hit
		for _, r := range t.Resources {
			if (len(types) == 0 || slices.Contains(types, r.Type)) && pred(r) {
				hits = append(hits, resourceHit(r))
			}
		}
		return hits
	}
}
