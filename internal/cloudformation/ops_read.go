package cloudformation

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/cloudformation/engine"
)

// DescribeStackEventsInput is DescribeStackEvents' request.
type DescribeStackEventsInput struct {
	StackName string `aws:"required"`
	NextToken string
}

// DescribeStackEventsOutput is DescribeStackEvents' result.
type DescribeStackEventsOutput struct {
	StackEvents list[stackEventXML]
	NextToken   string `xml:",omitempty"`
}

// DescribeStackResourceInput is DescribeStackResource's request.
type DescribeStackResourceInput struct {
	StackName         string `aws:"required"`
	LogicalResourceId string `aws:"required"`
}

type resourceDriftXML struct {
	StackResourceDriftStatus string
}

type resourceDetailXML struct {
	StackName            string
	StackId              string
	LogicalResourceId    string
	PhysicalResourceId   string `xml:",omitempty"`
	ResourceType         string
	LastUpdatedTimestamp isoTime
	ResourceStatus       string
	ResourceStatusReason string `xml:",omitempty"`
	Metadata             string `xml:",omitempty"`
	DriftInformation     resourceDriftXML
}

// DescribeStackResourceOutput is DescribeStackResource's result.
type DescribeStackResourceOutput struct {
	StackResourceDetail resourceDetailXML
}

// DescribeStackResourcesInput is DescribeStackResources' request.
type DescribeStackResourcesInput struct {
	StackName          string
	LogicalResourceId  string
	PhysicalResourceId string
}

type stackResourceXML struct {
	StackName            string
	StackId              string
	LogicalResourceId    string
	PhysicalResourceId   string `xml:",omitempty"`
	ResourceType         string
	Timestamp            isoTime
	ResourceStatus       string
	ResourceStatusReason string `xml:",omitempty"`
	DriftInformation     resourceDriftXML
}

// DescribeStackResourcesOutput is DescribeStackResources' result.
type DescribeStackResourcesOutput struct {
	StackResources list[stackResourceXML]
}

// ListStackResourcesInput is ListStackResources' request.
type ListStackResourcesInput struct {
	StackName string `aws:"required"`
	NextToken string
}

type resourceSummaryXML struct {
	LogicalResourceId    string
	PhysicalResourceId   string `xml:",omitempty"`
	ResourceType         string
	LastUpdatedTimestamp isoTime
	ResourceStatus       string
	ResourceStatusReason string `xml:",omitempty"`
	DriftInformation     resourceDriftXML
}

// ListStackResourcesOutput is ListStackResources' result.
type ListStackResourcesOutput struct {
	StackResourceSummaries list[resourceSummaryXML]
	NextToken              string `xml:",omitempty"`
}

func (a *API) readOps() []*awsapi.Operation {
	return []*awsapi.Operation{
		awsapi.Define(awsapi.Spec[DescribeStackEventsInput, DescribeStackEventsOutput]{Name: "DescribeStackEvents", Action: "cloudformation:DescribeStackEvents", ReadOnly: true,
			Resources: func(_ *awsapi.Call, in *DescribeStackEventsInput) []string { return a.stackARNs(in.StackName) }, Handler: a.describeStackEvents}),
		awsapi.Define(awsapi.Spec[DescribeEventsInput, DescribeEventsOutput]{Name: "DescribeEvents", Action: "cloudformation:DescribeEvents", ReadOnly: true,
			Resources: func(_ *awsapi.Call, in *DescribeEventsInput) []string { return a.stackARNs(in.StackName) }, Handler: a.describeEvents}),
		awsapi.Define(awsapi.Spec[DescribeStackResourceInput, DescribeStackResourceOutput]{Name: "DescribeStackResource", Action: "cloudformation:DescribeStackResource", ReadOnly: true,
			Resources: func(_ *awsapi.Call, in *DescribeStackResourceInput) []string { return a.stackARNs(in.StackName) }, Handler: a.describeStackResource}),
		awsapi.Define(awsapi.Spec[DescribeStackResourcesInput, DescribeStackResourcesOutput]{Name: "DescribeStackResources", Action: "cloudformation:DescribeStackResources", ReadOnly: true,
			Resources: func(_ *awsapi.Call, in *DescribeStackResourcesInput) []string { return a.stackARNs(in.StackName) }, Handler: a.describeStackResources}),
		awsapi.Define(awsapi.Spec[ListStackResourcesInput, ListStackResourcesOutput]{Name: "ListStackResources", Action: "cloudformation:ListStackResources", ReadOnly: true,
			Resources: func(_ *awsapi.Call, in *ListStackResourcesInput) []string { return a.stackARNs(in.StackName) }, Handler: a.listStackResources}),
	}
}

// stackFor finds a stack for read calls, which word a missing stack
// "Stack [x] does not exist".
func (a *API) stackFor(ctx context.Context, nameOrID string) (*engine.Stack, error) {
	s, err := a.eng.Stack(ctx, nameOrID)
	var ae *awsapi.Error
	if errors.As(err, &ae) && ae.Code == awsapi.CodeValidation {
		return nil, awsapi.Errorf(awsapi.CodeValidation, "Stack [%s] does not exist", nameOrID)
	}
	return s, err
}

// cursor parses an event NextToken.
func cursor(token string) (int64, error) {
	if token == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(token, 10, 64)
	if err != nil || n <= 0 {
		return 0, awsapi.Errorf(awsapi.CodeValidation, "Invalid NextToken: %s", token)
	}
	return n, nil
}

func nextToken(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(n, 10)
}

func (a *API) describeStackEvents(ctx context.Context, _ *awsapi.Call, in *DescribeStackEventsInput) (*DescribeStackEventsOutput, error) {
	s, err := a.stackFor(ctx, in.StackName)
	if err != nil {
		return nil, err
	}
	before, err := cursor(in.NextToken)
	if err != nil {
		return nil, err
	}
	evs, next, err := a.eng.Events(ctx, s.ID, engine.EventQuery{Before: before})
	if err != nil {
		return nil, err
	}
	out := &DescribeStackEventsOutput{NextToken: nextToken(next)}
	for _, e := range evs {
		out.StackEvents.Member = append(out.StackEvents.Member, eventView(e))
	}
	return out, nil
}

func metadataJSON(m map[string]any) string {
	if len(m) == 0 {
		return ""
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func physical(r *engine.Resource) string {
	if r.Live == nil {
		return ""
	}
	return r.Live.ID
}

func (a *API) describeStackResource(ctx context.Context, _ *awsapi.Call, in *DescribeStackResourceInput) (*DescribeStackResourceOutput, error) {
	s, err := a.stackFor(ctx, in.StackName)
	if err != nil {
		return nil, err
	}
	recs, err := a.eng.Resources(ctx, s.ID)
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		if r.LogicalID == in.LogicalResourceId {
			return &DescribeStackResourceOutput{StackResourceDetail: resourceDetailXML{StackName: s.Name, StackId: s.ID,
				LogicalResourceId: r.LogicalID, PhysicalResourceId: physical(r), ResourceType: r.Type,
				LastUpdatedTimestamp: isoTime(r.Updated), ResourceStatus: r.Status, ResourceStatusReason: r.StatusReason,
				Metadata: metadataJSON(r.Metadata), DriftInformation: resourceDriftXML{StackResourceDriftStatus: "NOT_CHECKED"}}}, nil
		}
	}
	return nil, awsapi.Errorf(awsapi.CodeValidation, "Resource %s does not exist for stack %s", in.LogicalResourceId, s.Name)
}

func (a *API) describeStackResources(ctx context.Context, _ *awsapi.Call, in *DescribeStackResourcesInput) (*DescribeStackResourcesOutput, error) {
	var stacks []*engine.Stack
	switch {
	case in.StackName != "":
		s, err := a.stackFor(ctx, in.StackName)
		if err != nil {
			return nil, err
		}
		stacks = []*engine.Stack{s}
	case in.PhysicalResourceId != "":
		all, err := a.eng.Stacks(ctx, false)
		if err != nil {
			return nil, err
		}
		stacks = all
	default:
		return nil, awsapi.Errorf(awsapi.CodeValidation, "Either StackName or PhysicalResourceId must be specified.")
	}
	out := &DescribeStackResourcesOutput{}
	for _, s := range stacks {
		recs, err := a.eng.Resources(ctx, s.ID)
		if err != nil {
			return nil, err
		}
		if in.PhysicalResourceId != "" && !hasPhysical(recs, in.PhysicalResourceId) {
			continue
		}
		for _, r := range recs {
			if in.LogicalResourceId != "" && r.LogicalID != in.LogicalResourceId {
				continue
			}
			out.StackResources.Member = append(out.StackResources.Member, stackResourceXML{StackName: s.Name, StackId: s.ID,
				LogicalResourceId: r.LogicalID, PhysicalResourceId: physical(r), ResourceType: r.Type, Timestamp: isoTime(r.Updated),
				ResourceStatus: r.Status, ResourceStatusReason: r.StatusReason, DriftInformation: resourceDriftXML{StackResourceDriftStatus: "NOT_CHECKED"}})
		}
	}
	if in.PhysicalResourceId != "" && len(out.StackResources.Member) == 0 {
		return nil, awsapi.Errorf(awsapi.CodeValidation, "Stack for %s does not exist", in.PhysicalResourceId)
	}
	return out, nil
}

func hasPhysical(recs []*engine.Resource, id string) bool {
	for _, r := range recs {
		if physical(r) == id {
			return true
		}
	}
	return false
}

func (a *API) listStackResources(ctx context.Context, _ *awsapi.Call, in *ListStackResourcesInput) (*ListStackResourcesOutput, error) {
	s, err := a.stackFor(ctx, in.StackName)
	if err != nil {
		return nil, err
	}
	recs, err := a.eng.Resources(ctx, s.ID)
	if err != nil {
		return nil, err
	}
	page, next, err := paginate(recs, in.NextToken, 100)
	if err != nil {
		return nil, err
	}
	out := &ListStackResourcesOutput{NextToken: next}
	for _, r := range page {
		out.StackResourceSummaries.Member = append(out.StackResourceSummaries.Member, resourceSummaryXML{LogicalResourceId: r.LogicalID,
			PhysicalResourceId: physical(r), ResourceType: r.Type, LastUpdatedTimestamp: isoTime(r.Updated), ResourceStatus: r.Status,
			ResourceStatusReason: r.StatusReason, DriftInformation: resourceDriftXML{StackResourceDriftStatus: "NOT_CHECKED"}})
	}
	return out, nil
}
