package logs

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/berth-dev/berth/internal/awsapi"
)

// AWS error codes of the Logs API.
const (
	codeResourceNotFound      = "ResourceNotFoundException"
	codeResourceAlreadyExists = "ResourceAlreadyExistsException"
	codeInvalidParameter      = "InvalidParameterException"
	codeTooManyTags           = "TooManyTagsException"
)

// declare builds the service with every operation, in one table.
func (l *Logs) declare() *awsapi.Service {
	svc := &awsapi.Service{SigningName: "logs", TargetPrefix: "Logs_20140328", Protocol: awsapi.JSON11,
		EventSource: "logs.amazonaws.com"}
	group := func(name string) []string { return []string{GroupARN(l.opts.Region, name) + ":*"} }
	anyGroup := []string{GroupARN(l.opts.Region, "*")}
	svc.Add(
		awsapi.Define(awsapi.Spec[createLogGroupIn, awsapi.NoOutput]{Name: "CreateLogGroup", Action: "logs:CreateLogGroup",
			Resources: func(_ *awsapi.Call, in *createLogGroupIn) []string { return group(in.LogGroupName) }, Handler: l.createLogGroup}),
		awsapi.Define(awsapi.Spec[groupNameIn, awsapi.NoOutput]{Name: "DeleteLogGroup", Action: "logs:DeleteLogGroup",
			Resources: func(_ *awsapi.Call, in *groupNameIn) []string { return group(in.LogGroupName) }, Handler: l.deleteLogGroup}),
		awsapi.Define(awsapi.Spec[describeLogGroupsIn, describeLogGroupsOut]{Name: "DescribeLogGroups", Action: "logs:DescribeLogGroups", ReadOnly: true,
			Resources: func(*awsapi.Call, *describeLogGroupsIn) []string { return anyGroup }, Handler: l.describeLogGroups}),
		awsapi.Define(awsapi.Spec[putRetentionPolicyIn, awsapi.NoOutput]{Name: "PutRetentionPolicy", Action: "logs:PutRetentionPolicy",
			Resources: func(_ *awsapi.Call, in *putRetentionPolicyIn) []string { return group(in.LogGroupName) }, Handler: l.putRetentionPolicy}),
		awsapi.Define(awsapi.Spec[groupNameIn, awsapi.NoOutput]{Name: "DeleteRetentionPolicy", Action: "logs:DeleteRetentionPolicy",
			Resources: func(_ *awsapi.Call, in *groupNameIn) []string { return group(in.LogGroupName) }, Handler: l.deleteRetentionPolicy}),
		awsapi.Define(awsapi.Spec[streamNameIn, awsapi.NoOutput]{Name: "CreateLogStream", Action: "logs:CreateLogStream",
			Resources: l.streamResources, Handler: l.createLogStream}),
		awsapi.Define(awsapi.Spec[streamNameIn, awsapi.NoOutput]{Name: "DeleteLogStream", Action: "logs:DeleteLogStream",
			Resources: l.streamResources, Handler: l.deleteLogStream}),
		awsapi.Define(awsapi.Spec[describeLogStreamsIn, describeLogStreamsOut]{Name: "DescribeLogStreams", Action: "logs:DescribeLogStreams", ReadOnly: true,
			Resources: func(_ *awsapi.Call, in *describeLogStreamsIn) []string {
				return group(l.identifiedGroup(in.LogGroupName, in.LogGroupIdentifier))
			},
			Handler: l.describeLogStreams}),
		awsapi.Define(awsapi.Spec[putLogEventsIn, putLogEventsOut]{Name: "PutLogEvents", Action: "logs:PutLogEvents",
			Resources: func(_ *awsapi.Call, in *putLogEventsIn) []string {
				return []string{StreamARN(l.opts.Region, in.LogGroupName, in.LogStreamName)}
			}, Handler: l.putLogEvents}),
		awsapi.Define(awsapi.Spec[getLogEventsIn, getLogEventsOut]{Name: "GetLogEvents", Action: "logs:GetLogEvents", ReadOnly: true,
			Resources: func(_ *awsapi.Call, in *getLogEventsIn) []string {
				return []string{StreamARN(l.opts.Region, l.identifiedGroup(in.LogGroupName, in.LogGroupIdentifier), in.LogStreamName)}
			}, Handler: l.getLogEvents}),
		awsapi.Define(awsapi.Spec[filterLogEventsIn, filterLogEventsOut]{Name: "FilterLogEvents", Action: "logs:FilterLogEvents", ReadOnly: true,
			Resources: func(_ *awsapi.Call, in *filterLogEventsIn) []string {
				return group(l.identifiedGroup(in.LogGroupName, in.LogGroupIdentifier))
			},
			Handler: l.filterLogEvents}),
		awsapi.Define(awsapi.Spec[tagLogGroupIn, awsapi.NoOutput]{Name: "TagLogGroup", Action: "logs:TagLogGroup",
			Resources: func(_ *awsapi.Call, in *tagLogGroupIn) []string { return group(in.LogGroupName) }, Handler: l.tagLogGroup}),
		awsapi.Define(awsapi.Spec[untagLogGroupIn, awsapi.NoOutput]{Name: "UntagLogGroup", Action: "logs:UntagLogGroup",
			Resources: func(_ *awsapi.Call, in *untagLogGroupIn) []string { return group(in.LogGroupName) }, Handler: l.untagLogGroup}),
		awsapi.Define(awsapi.Spec[groupNameIn, tagsOut]{Name: "ListTagsLogGroup", Action: "logs:ListTagsLogGroup", ReadOnly: true,
			Resources: func(_ *awsapi.Call, in *groupNameIn) []string { return group(in.LogGroupName) }, Handler: l.listTagsLogGroup}),
		awsapi.Define(awsapi.Spec[tagResourceIn, awsapi.NoOutput]{Name: "TagResource", Action: "logs:TagResource",
			Resources: func(_ *awsapi.Call, in *tagResourceIn) []string { return []string{in.ResourceArn} }, Handler: l.tagResource}),
		awsapi.Define(awsapi.Spec[untagResourceIn, awsapi.NoOutput]{Name: "UntagResource", Action: "logs:UntagResource",
			Resources: func(_ *awsapi.Call, in *untagResourceIn) []string { return []string{in.ResourceArn} }, Handler: l.untagResource}),
		awsapi.Define(awsapi.Spec[resourceArnIn, tagsOut]{Name: "ListTagsForResource", Action: "logs:ListTagsForResource", ReadOnly: true,
			Resources: func(_ *awsapi.Call, in *resourceArnIn) []string { return []string{in.ResourceArn} }, Handler: l.listTagsForResource}),
	)
	return svc
}

func (l *Logs) streamResources(_ *awsapi.Call, in *streamNameIn) []string {
	return []string{StreamARN(l.opts.Region, in.LogGroupName, in.LogStreamName)}
}

// identifiedGroup names the group of a request that may carry either a
// name or an identifier (name or ARN); validation happens in the handler.
func (l *Logs) identifiedGroup(name, identifier string) string {
	if name != "" {
		return name
	}
	if n, ok := groupFromARN(identifier); ok {
		return n
	}
	return identifier
}

// resolveGroup applies AWS's rules for logGroupName/logGroupIdentifier.
func resolveGroup(name, identifier string) (string, error) {
	switch {
	case name != "" && identifier != "":
		return "", awsapi.Errorf(codeInvalidParameter, "LogGroup name and LogGroup ARN are mutually exclusive parameters.")
	case name != "":
		return name, checkGroupParam("logGroupName", name)
	case identifier == "":
		return "", awsapi.Errorf(codeInvalidParameter, "Should provide either logGroupName or logGroupIdentifier.")
	}
	if n, ok := groupFromARN(identifier); ok {
		return n, nil
	}
	return identifier, checkGroupParam("logGroupIdentifier", identifier)
}

// apiError maps the component's sentinel errors to AWS errors; anything
// else stays an internal failure.
func apiError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrGroupNotFound):
		return awsapi.Errorf(codeResourceNotFound, "The specified log group does not exist.")
	case errors.Is(err, ErrStreamNotFound):
		return awsapi.Errorf(codeResourceNotFound, "The specified log stream does not exist.")
	case errors.Is(err, ErrGroupExists):
		return awsapi.Errorf(codeResourceAlreadyExists, "The specified log group already exists")
	case errors.Is(err, ErrStreamExists):
		return awsapi.Errorf(codeResourceAlreadyExists, "The specified log stream already exists")
	}
	return err
}

// constraintError words a model-constraint failure the way AWS does.
func constraintError(field string, v any, constraint string) error {
	return awsapi.Errorf(codeInvalidParameter, "1 validation error detected: Value '%v' at '%s' failed to satisfy constraint: %s", v, field, constraint)
}

// checkGroupParam validates a log group name parameter.
func checkGroupParam(field, name string) error {
	switch {
	case len(name) > 512:
		return constraintError(field, name, "Member must have length less than or equal to 512")
	case !groupNameRe.MatchString(name):
		return constraintError(field, name, `Member must satisfy regular expression pattern: [\.\-_/#A-Za-z0-9]+`)
	}
	return nil
}

// checkStreamParam validates a log stream name parameter.
func checkStreamParam(field, name string) error {
	switch {
	case name == "":
		return constraintError(field, name, "Member must have length greater than or equal to 1")
	case len(name) > 512:
		return constraintError(field, name, "Member must have length less than or equal to 512")
	case !streamNameRe.MatchString(name):
		return constraintError(field, name, "Member must satisfy regular expression pattern: [^:*]*")
	}
	return nil
}

// checkLimit validates an optional page size against [1, max].
func checkLimit(limit *int, max, def int) (int, error) {
	if limit == nil {
		return def, nil
	}
	if *limit < 1 || *limit > max {
		return 0, constraintError("limit", *limit, fmt.Sprintf("Member must have value between 1 and %d", max))
	}
	return *limit, nil
}

// checkPattern is a helper for optional fields with a model pattern.
func checkPattern(field, v string, re *regexp.Regexp, pattern string) error {
	if v != "" && !re.MatchString(v) {
		return constraintError(field, v, "Member must satisfy regular expression pattern: "+pattern)
	}
	return nil
}
