package logs

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// RetentionDays are the only retention values AWS accepts.
var RetentionDays = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

// ValidRetention reports whether days is one of RetentionDays.
func ValidRetention(days int) bool { return slices.Contains(RetentionDays, days) }

// Name patterns from the service model.
var (
	groupNameRe  = regexp.MustCompile(`^[\.\-_/#A-Za-z0-9]+$`)
	streamNameRe = regexp.MustCompile(`^[^:*]*$`)
	tagKeyRe     = regexp.MustCompile(`^([\p{L}\p{Z}\p{N}_.:/=+\-@]+)$`)
	tagValueRe   = regexp.MustCompile(`^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$`)
)

// checkGroupName validates a log group name as the model does.
func checkGroupName(name string) error {
	if len(name) < 1 || len(name) > 512 || !groupNameRe.MatchString(name) {
		return fmt.Errorf("%w: log group name %q", ErrInvalidName, name)
	}
	return nil
}

// checkStreamName validates a log stream name as the model does.
func checkStreamName(name string) error {
	if len(name) < 1 || len(name) > 512 || !streamNameRe.MatchString(name) {
		return fmt.Errorf("%w: log stream name %q", ErrInvalidName, name)
	}
	return nil
}

// GroupARN is a log group's ARN without the ":*" DescribeLogGroups appends.
func GroupARN(region, name string) string {
	return "arn:aws:logs:" + region + ":" + Account + ":log-group:" + name
}

// StreamARN is a log stream's ARN.
func StreamARN(region, group, stream string) string {
	return GroupARN(region, group) + ":log-stream:" + stream
}

// groupFromARN extracts the group name from a log group ARN (with or
// without the ":*" suffix); ok is false for anything else.
func groupFromARN(arn string) (string, bool) {
	parts := strings.SplitN(arn, ":", 7)
	if len(parts) < 7 || parts[0] != "arn" || parts[2] != "logs" || parts[5] != "log-group" {
		return "", false
	}
	name := strings.TrimSuffix(parts[6], ":*")
	if strings.Contains(name, ":") || name == "" {
		return "", false
	}
	return name, true
}
