package console

import (
	"strconv"
	"strings"
)

// tone is the colour family of a status: good, warn, bad or neutral.
// Statuses come from App Runner (RUNNING), CloudFormation
// (UPDATE_ROLLBACK_COMPLETE) and pipelines (in_progress, success), so it
// goes by the words in them rather than by a list that misses some.
func tone(status string) string {
	s := strings.ToUpper(status)
	switch {
	case strings.Contains(s, "ROLLBACK"), strings.Contains(s, "FAIL"), s == "TIMED_OUT", s == "STARTUP_FAILURE":
		return "bad"
	case strings.Contains(s, "PROGRESS"), s == "QUEUED", s == "PENDING", s == "WAITING", s == "REQUESTED":
		return "warn"
	case strings.HasPrefix(s, "DELETE"), s == "DELETED":
		return "neutral"
	case strings.HasSuffix(s, "COMPLETE"), s == "RUNNING", s == "SUCCEEDED", s == "SUCCESS", s == "COMPLETED", s == "ACTIVE":
		return "good"
	}
	return "neutral"
}

// breakable splits an identifier (an ARN, a log group) after each ':'
// and '/', so a page can offer line breaks there (<wbr>) instead of
// breaking mid-word.
func breakable(s string) []string {
	var parts []string
	for len(s) > 0 {
		i := strings.IndexAny(s, ":/")
		if i < 0 || i == len(s)-1 {
			break
		}
		parts = append(parts, s[:i+1])
		s = s[i+1:]
	}
	return append(parts, s)
}

// streamLabel shortens a log stream name for a log view: the 32-hex
// instance and deployment ids become their first 8 characters (the page
// keeps the full name as a tooltip).
func streamLabel(name string) string {
	kind, id, ok := strings.Cut(name, "/")
	if !ok || len(id) <= 12 {
		return name
	}
	return kind + "/" + id[:8]
}

// vcpu shows App Runner's Cpu (CPU units, "1024") as the console does
// ("1 vCPU"); any other text is shown as it is.
func vcpu(units string) string {
	n, err := strconv.ParseFloat(units, 64)
	if err != nil || n <= 0 {
		return units
	}
	return strconv.FormatFloat(n/1024, 'f', -1, 64) + " vCPU"
}

// memory shows App Runner's Memory (MB, "2048") as the console does
// ("2 GB"); any other text is shown as it is.
func memory(mb string) string {
	n, err := strconv.ParseFloat(mb, 64)
	if err != nil || n <= 0 {
		return mb
	}
	return strconv.FormatFloat(n/1024, 'f', -1, 64) + " GB"
}

// serviceLink is the console page of an App Runner service ARN ("" for
// any other ARN), so a stack's resources link to their services.
func serviceLink(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "apprunner" {
		return ""
	}
	rest, ok := strings.CutPrefix(parts[5], "service/")
	if !ok {
		return ""
	}
	name, id, ok := strings.Cut(rest, "/")
	if !ok || name == "" || id == "" || strings.Contains(id, "/") {
		return ""
	}
	return servicePath(name, id)
}
