package cloudformation

import (
	"context"
	"strings"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/cloudformation/engine"
)

// DescribeEventsInput is DescribeEvents' request (the operation-centred
// events API that aws-actions/aws-cloudformation-github-deploy polls).
type DescribeEventsInput struct {
	StackName     string
	ChangeSetName string
	OperationId   string
	Filters       *struct {
		FailedEvents *bool
	}
	NextToken string
}

type operationEventXML struct {
	EventId              string
	StackId              string
	OperationId          string `xml:",omitempty"`
	OperationType        string `xml:",omitempty"`
	OperationStatus      string `xml:",omitempty"`
	EventType            string
	LogicalResourceId    string
	PhysicalResourceId   string
	ResourceType         string
	Timestamp            isoTime
	ResourceStatus       string
	ResourceStatusReason string `xml:",omitempty"`
	ResourceProperties   string `xml:",omitempty"`
	ClientRequestToken   string `xml:",omitempty"`
}

// DescribeEventsOutput is DescribeEvents' result.
type DescribeEventsOutput struct {
	OperationEvents list[operationEventXML]
	NextToken       string `xml:",omitempty"`
}

func (a *API) describeEvents(ctx context.Context, _ *awsapi.Call, in *DescribeEventsInput) (*DescribeEventsOutput, error) {
	stackName := in.StackName
	opID := in.OperationId
	if in.ChangeSetName != "" {
		cs, err := a.eng.ChangeSet(ctx, in.StackName, in.ChangeSetName)
		if err != nil {
			return nil, err
		}
		stackName = cs.StackID
		if opID == "" {
			if cs.OperationID == "" {
				return &DescribeEventsOutput{}, nil
			}
			opID = cs.OperationID
		}
	}
	if stackName == "" {
		return nil, awsapi.Errorf(awsapi.CodeValidation, "StackName, ChangeSetName or OperationId must be specified.")
	}
	s, err := a.stackFor(ctx, stackName)
	if err != nil {
		return nil, err
	}
	before, err := cursor(in.NextToken)
	if err != nil {
		return nil, err
	}
	evs, next, err := a.eng.Events(ctx, s.ID, engine.EventQuery{OperationID: opID, Before: before})
	if err != nil {
		return nil, err
	}
	failedOnly := in.Filters != nil && in.Filters.FailedEvents != nil && *in.Filters.FailedEvents
	status := operationStatuses(s, evs)
	out := &DescribeEventsOutput{NextToken: nextToken(next)}
	for _, e := range evs {
		if failedOnly && !e.Failed {
			continue
		}
		x := operationEventXML{EventId: e.ID, StackId: e.StackID, OperationId: e.OperationID, OperationType: e.OperationType,
			OperationStatus: status[e.OperationID], EventType: eventType(e), LogicalResourceId: e.LogicalID,
			PhysicalResourceId: e.PhysicalID, ResourceType: e.ResourceType, Timestamp: isoTime(e.Time), ResourceStatus: e.Status,
			ResourceStatusReason: e.Reason, ResourceProperties: e.Properties, ClientRequestToken: e.ClientRequestToken}
		out.OperationEvents.Member = append(out.OperationEvents.Member, x)
	}
	return out, nil
}

func eventType(e *engine.Event) string {
	switch {
	case e.ResourceType == "AWS::CloudFormation::Stack" && e.LogicalID == e.StackName:
		return "STACK_EVENT"
	case e.Failed:
		return "PROVISIONING_ERROR"
	}
	return "PROGRESS_EVENT"
}

// operationStatuses tells, for each operation of the events, whether it
// is IN_PROGRESS, SUCCEEDED or FAILED.
func operationStatuses(s *engine.Stack, evs []*engine.Event) map[string]string {
	out := map[string]string{}
	for _, e := range evs { // newest first: the first stack event of an operation is its latest
		if _, done := out[e.OperationID]; done || eventType(e) != "STACK_EVENT" {
			continue
		}
		switch {
		case s.Op != nil && s.Op.ID == e.OperationID && engine.InProgress(s.Status):
			out[e.OperationID] = "IN_PROGRESS"
		case e.Status == engine.StackCreateComplete || e.Status == engine.StackUpdateComplete || e.Status == engine.StackDeleteComplete:
			out[e.OperationID] = "SUCCEEDED"
		case strings.HasSuffix(e.Status, "_IN_PROGRESS"):
			out[e.OperationID] = "IN_PROGRESS"
		default:
			out[e.OperationID] = "FAILED"
		}
	}
	return out
}
