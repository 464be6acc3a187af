package cloudformation

import (
	"context"
	"slices"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/cloudformation/engine"
)

// CreateStackInput is CreateStack's request.
type CreateStackInput struct {
	StackName                   string `aws:"required"`
	TemplateBody                string
	TemplateURL                 string
	Parameters                  []Parameter
	DisableRollback             bool
	TimeoutInMinutes            int
	NotificationARNs            []string
	Capabilities                []string
	ResourceTypes               []string
	RoleARN                     string
	OnFailure                   string
	StackPolicyBody             string
	StackPolicyURL              string
	Tags                        []Tag
	ClientRequestToken          string
	EnableTerminationProtection bool
	RetainExceptOnCreate        bool
}

// StackIDOutput is the result of CreateStack and UpdateStack.
type StackIDOutput struct {
	StackId     string
	OperationId string `xml:",omitempty"`
}

// UpdateStackInput is UpdateStack's request.
type UpdateStackInput struct {
	StackName            string `aws:"required"`
	TemplateBody         string
	TemplateURL          string
	UsePreviousTemplate  bool
	Parameters           []Parameter
	Capabilities         []string
	ResourceTypes        []string
	RoleARN              string
	NotificationARNs     []string
	Tags                 []Tag
	DisableRollback      *bool
	ClientRequestToken   string
	RetainExceptOnCreate *bool
}

// DeleteStackInput is DeleteStack's request.
type DeleteStackInput struct {
	StackName          string `aws:"required"`
	RetainResources    []string
	RoleARN            string
	ClientRequestToken string
	DeletionMode       string
}

// DescribeStacksInput is DescribeStacks' request.
type DescribeStacksInput struct {
	StackName string
	NextToken string
}

// DescribeStacksOutput is DescribeStacks' result.
type DescribeStacksOutput struct {
	Stacks    list[stackXML]
	NextToken string `xml:",omitempty"`
}

// ListStacksInput is ListStacks' request.
type ListStacksInput struct {
	NextToken         string
	StackStatusFilter []string
}

type stackSummaryXML struct {
	StackId             string
	StackName           string
	TemplateDescription string `xml:",omitempty"`
	CreationTime        isoTime
	LastUpdatedTime     *isoTime
	DeletionTime        *isoTime
	StackStatus         string
	StackStatusReason   string `xml:",omitempty"`
	DriftInformation    driftXML
	LastOperations      *list[opEntryXML]
}

// ListStacksOutput is ListStacks' result.
type ListStacksOutput struct {
	StackSummaries list[stackSummaryXML]
	NextToken      string `xml:",omitempty"`
}

// UpdateTerminationProtectionInput is UpdateTerminationProtection's request.
type UpdateTerminationProtectionInput struct {
	StackName                   string `aws:"required"`
	EnableTerminationProtection *bool  `aws:"required"`
}

func (a *API) stackOps() []*awsapi.Operation {
	return []*awsapi.Operation{
		awsapi.Define(awsapi.Spec[CreateStackInput, StackIDOutput]{Name: "CreateStack", Action: "cloudformation:CreateStack",
			Resources: func(_ *awsapi.Call, in *CreateStackInput) []string { return a.stackARNs(in.StackName) }, Handler: a.createStack}),
		awsapi.Define(awsapi.Spec[UpdateStackInput, StackIDOutput]{Name: "UpdateStack", Action: "cloudformation:UpdateStack",
			Resources: func(_ *awsapi.Call, in *UpdateStackInput) []string { return a.stackARNs(in.StackName) }, Handler: a.updateStack}),
		awsapi.Define(awsapi.Spec[DeleteStackInput, awsapi.NoOutput]{Name: "DeleteStack", Action: "cloudformation:DeleteStack",
			Resources: func(_ *awsapi.Call, in *DeleteStackInput) []string { return a.stackARNs(in.StackName) }, Handler: a.deleteStack}),
		awsapi.Define(awsapi.Spec[DescribeStacksInput, DescribeStacksOutput]{Name: "DescribeStacks", Action: "cloudformation:DescribeStacks", ReadOnly: true,
			Resources: func(_ *awsapi.Call, in *DescribeStacksInput) []string { return a.stackARNs(in.StackName) }, Handler: a.describeStacks}),
		awsapi.Define(awsapi.Spec[ListStacksInput, ListStacksOutput]{Name: "ListStacks", Action: "cloudformation:ListStacks", ReadOnly: true,
			Handler: a.listStacks}),
		awsapi.Define(awsapi.Spec[UpdateTerminationProtectionInput, StackIDOutput]{Name: "UpdateTerminationProtection", Action: "cloudformation:UpdateTerminationProtection",
			Resources: func(_ *awsapi.Call, in *UpdateTerminationProtectionInput) []string { return a.stackARNs(in.StackName) },
			Handler:   a.updateTerminationProtection}),
	}
}

func paramInputs(ps []Parameter) []engine.ParameterInput {
	out := make([]engine.ParameterInput, 0, len(ps))
	for _, p := range ps {
		out = append(out, engine.ParameterInput{Key: p.ParameterKey, Value: p.ParameterValue, UsePreviousValue: p.UsePreviousValue})
	}
	return out
}

// tagInputs converts tags, keeping nil (not given) apart from empty.
func tagInputs(ts []Tag) []engine.Tag {
	if ts == nil {
		return nil
	}
	out := make([]engine.Tag, 0, len(ts))
	for _, t := range ts {
		out = append(out, engine.Tag{Key: t.Key, Value: t.Value})
	}
	return out
}

// noTemplateURL refuses TemplateURL: berth has no S3 to read it from.
func noTemplateURL(url string) error {
	if url == "" {
		return nil
	}
	return awsapi.Errorf(awsapi.CodeValidation, "TemplateURL is not supported by berth, which has no S3 to read templates from: pass the template in TemplateBody (aws cloudformation ... --template-body file://template.yaml).")
}

func (a *API) createStack(ctx context.Context, c *awsapi.Call, in *CreateStackInput) (*StackIDOutput, error) {
	if err := noTemplateURL(in.TemplateURL); err != nil {
		return nil, err
	}
	s, err := a.eng.CreateStack(ctx, engine.CreateInput{StackName: in.StackName, TemplateBody: in.TemplateBody, Parameters: paramInputs(in.Parameters),
		Capabilities: in.Capabilities, Tags: tagInputs(in.Tags), NotificationARNs: in.NotificationARNs, RoleARN: in.RoleARN,
		OnFailure: in.OnFailure, DisableRollback: in.DisableRollback, TimeoutInMinutes: in.TimeoutInMinutes,
		ClientRequestToken: in.ClientRequestToken, EnableTerminationProtection: in.EnableTerminationProtection,
		RetainExceptOnCreate: in.RetainExceptOnCreate, Principal: c.Principal})
	if err != nil {
		return nil, err
	}
	a.settle(ctx, s.ID)
	return &StackIDOutput{StackId: s.ID, OperationId: s.Op.ID}, nil
}

func (a *API) updateStack(ctx context.Context, c *awsapi.Call, in *UpdateStackInput) (*StackIDOutput, error) {
	if err := noTemplateURL(in.TemplateURL); err != nil {
		return nil, err
	}
	s, err := a.eng.UpdateStack(ctx, engine.UpdateInput{StackName: in.StackName, TemplateBody: in.TemplateBody, UsePreviousTemplate: in.UsePreviousTemplate,
		Parameters: paramInputs(in.Parameters), Capabilities: in.Capabilities, Tags: tagInputs(in.Tags), NotificationARNs: in.NotificationARNs,
		RoleARN: in.RoleARN, DisableRollback: in.DisableRollback, RetainExceptOnCreate: in.RetainExceptOnCreate,
		ClientRequestToken: in.ClientRequestToken, Principal: c.Principal})
	if err != nil {
		return nil, err
	}
	a.settle(ctx, s.ID)
	return &StackIDOutput{StackId: s.ID, OperationId: s.Op.ID}, nil
}

func (a *API) deleteStack(ctx context.Context, c *awsapi.Call, in *DeleteStackInput) (*awsapi.NoOutput, error) {
	s, _ := a.eng.Stack(ctx, in.StackName)
	err := a.eng.DeleteStack(ctx, engine.DeleteInput{StackName: in.StackName, RetainResources: in.RetainResources,
		ClientRequestToken: in.ClientRequestToken, Principal: c.Principal})
	if err != nil {
		return nil, err
	}
	if s != nil {
		a.settle(ctx, s.ID)
	}
	return &awsapi.NoOutput{}, nil
}

func (a *API) describeStacks(ctx context.Context, _ *awsapi.Call, in *DescribeStacksInput) (*DescribeStacksOutput, error) {
	var stacks []*engine.Stack
	if in.StackName != "" {
		s, err := a.eng.Stack(ctx, in.StackName)
		if err != nil {
			return nil, err
		}
		stacks = []*engine.Stack{s}
	} else {
		all, err := a.eng.Stacks(ctx, false)
		if err != nil {
			return nil, err
		}
		stacks = all
	}
	page, next, err := paginate(stacks, in.NextToken, 100)
	if err != nil {
		return nil, err
	}
	out := &DescribeStacksOutput{NextToken: next}
	for _, s := range page {
		out.Stacks.Member = append(out.Stacks.Member, stackView(s))
	}
	return out, nil
}

func (a *API) listStacks(ctx context.Context, _ *awsapi.Call, in *ListStacksInput) (*ListStacksOutput, error) {
	all, err := a.eng.Stacks(ctx, true)
	if err != nil {
		return nil, err
	}
	var kept []*engine.Stack
	for _, s := range all {
		if len(in.StackStatusFilter) == 0 || slices.Contains(in.StackStatusFilter, s.Status) {
			kept = append(kept, s)
		}
	}
	page, next, err := paginate(kept, in.NextToken, 100)
	if err != nil {
		return nil, err
	}
	out := &ListStacksOutput{NextToken: next}
	for _, s := range page {
		v := stackView(s)
		out.StackSummaries.Member = append(out.StackSummaries.Member, stackSummaryXML{StackId: s.ID, StackName: s.Name,
			TemplateDescription: s.Config.Description, CreationTime: v.CreationTime, LastUpdatedTime: v.LastUpdatedTime,
			DeletionTime: v.DeletionTime, StackStatus: s.Status, StackStatusReason: s.StatusReason, DriftInformation: v.DriftInformation,
			LastOperations: v.LastOperations})
	}
	return out, nil
}

func (a *API) updateTerminationProtection(ctx context.Context, _ *awsapi.Call, in *UpdateTerminationProtectionInput) (*StackIDOutput, error) {
	s, err := a.eng.SetTerminationProtection(ctx, in.StackName, *in.EnableTerminationProtection)
	if err != nil {
		return nil, err
	}
	return &StackIDOutput{StackId: s.ID}, nil
}
