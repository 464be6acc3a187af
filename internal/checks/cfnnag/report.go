package cfnnag

import (
	"fmt"
	"strconv"
	"strings"
)

// Report is the result of scanning one template.
type Report struct {
	Violations []Violation
}

// FatalReport is what cfn_nag reports for a template it cannot read: one
// failure named FATAL carrying the parse error.
func FatalReport(err error) *Report {
	return &Report{Violations: []Violation{{RuleID: "FATAL", Severity: Failure, Message: err.Error()}}}
}

// Failures counts failing violations.
func (r *Report) Failures() int { return r.count(Failure) }

// Warnings counts warnings.
func (r *Report) Warnings() int { return r.count(Warning) }

func (r *Report) count(s Severity) int {
	n := 0
	for _, v := range r.Violations {
		if v.Severity == s {
			n++
		}
	}
	return n
}

// Render prints the report as cfn_nag_scan's text output does:
//
//	------------------------------------------------------------
//	aws/template.yaml
//	------------------------------------------------------------------------------------------------------------------------
//	| WARN W28
//	|
//	| Resource: ["Role"]
//	| Line Numbers: [12]
//	|
//	| Resource found with an explicit name, ...
//
//	Failures count: 0
//	Warnings count: 1
func (r *Report) Render(filename string) string {
	var b strings.Builder
	b.WriteString(strings.Repeat("-", 60) + "\n" + filename + "\n")
	for _, v := range r.Violations {
		b.WriteString(strings.Repeat("-", 120) + "\n")
		fmt.Fprintf(&b, "| %s %s\n", v.Severity, v.RuleID)
		if len(v.LogicalIDs) > 0 {
			fmt.Fprintf(&b, "|\n| %s: %s\n", v.Element, rubyStrings(v.LogicalIDs))
		}
		if len(v.Lines) > 0 {
			fmt.Fprintf(&b, "| Line Numbers: %s\n", rubyInts(v.Lines))
		}
		fmt.Fprintf(&b, "|\n| %s\n", v.Message)
	}
	fmt.Fprintf(&b, "\nFailures count: %d\nWarnings count: %d\n", r.Failures(), r.Warnings())
	return b.String()
}

// rubyStrings prints a list as Ruby's Array#inspect: ["A", "B"].
func rubyStrings(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func rubyInts(ns []int) string {
	q := make([]string, len(ns))
	for i, n := range ns {
		q[i] = strconv.Itoa(n)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
