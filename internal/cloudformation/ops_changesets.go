package cloudformation

import (
	"context"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/cloudformation/engine"
)

// CreateChangeSetInput is CreateChangeSet's request.
type CreateChangeSetInput struct {
	StackName           string `aws:"required"`
	ChangeSetName       string `aws:"required"`
	TemplateBody        string
	TemplateURL         string
	UsePreviousTemplate bool
	Parameters          []Parameter
	Capabilities        []string
	ResourceTypes       []string
	RoleARN             string
	NotificationARNs    []string
	Tags                []Tag
	ClientToken         string
	Description         string
	ChangeSetType       string
	IncludeNestedStacks bool
	OnStackFailure      string
}

// CreateChangeSetOutput is CreateChangeSet's result.
type CreateChangeSetOutput struct {
	Id      string
	StackId string
}

// ChangeSetRefInput names a change set (DescribeChangeSet, DeleteChangeSet).
type ChangeSetRefInput struct {
	ChangeSetName         string `aws:"required"`
	StackName             string
	NextToken             string
	IncludePropertyValues bool
}

type targetXML struct {
	Attribute           string
	Name                string `xml:",omitempty"`
	RequiresRecreation  string
	Path                string `xml:",omitempty"`
	BeforeValue         string `xml:",omitempty"`
	AfterValue          string `xml:",omitempty"`
	AttributeChangeType string `xml:",omitempty"`
}

type detailXML struct {
	Target        targetXML
	Evaluation    string
	ChangeSource  string
	CausingEntity string `xml:",omitempty"`
}

type resourceChangeXML struct {
	PolicyAction       string `xml:",omitempty"`
	Action             string
	LogicalResourceId  string
	PhysicalResourceId string `xml:",omitempty"`
	ResourceType       string
	Replacement        string `xml:",omitempty"`
	Scope              list[string]
	Details            list[detailXML]
	BeforeContext      string `xml:",omitempty"`
	AfterContext       string `xml:",omitempty"`
}

type changeXML struct {
	Type           string
	ResourceChange resourceChangeXML
}

// DescribeChangeSetOutput is DescribeChangeSet's result.
type DescribeChangeSetOutput struct {
	ChangeSetName       string
	ChangeSetId         string
	StackId             string
	StackName           string
	Description         string `xml:",omitempty"`
	Parameters          *list[Parameter]
	CreationTime        isoTime
	ExecutionStatus     string
	Status              string
	StatusReason        string `xml:",omitempty"`
	NotificationARNs    list[string]
	Capabilities        *list[string]
	Tags                list[Tag]
	Changes             list[changeXML]
	IncludeNestedStacks bool
	OnStackFailure      string `xml:",omitempty"`
}

// ExecuteChangeSetInput is ExecuteChangeSet's request.
type ExecuteChangeSetInput struct {
	ChangeSetName        string `aws:"required"`
	StackName            string
	ClientRequestToken   string
	DisableRollback      *bool
	RetainExceptOnCreate *bool
}

// ListChangeSetsInput is ListChangeSets' request.
type ListChangeSetsInput struct {
	StackName string `aws:"required"`
	NextToken string
}

type changeSetSummaryXML struct {
	StackId             string
	StackName           string
	ChangeSetId         string
	ChangeSetName       string
	ExecutionStatus     string
	Status              string
	StatusReason        string `xml:",omitempty"`
	CreationTime        isoTime
	Description         string `xml:",omitempty"`
	IncludeNestedStacks bool
}

// ListChangeSetsOutput is ListChangeSets' result.
type ListChangeSetsOutput struct {
	Summaries list[changeSetSummaryXML]
	NextToken string `xml:",omitempty"`
}

// changeSetARNs is the IAM resource of a change set call: its stack.
func (a *API) changeSetARNs(stack, changeSet string) []string {
	if stack == "" && isARN(changeSet) {
		return []string{changeSet}
	}
	return a.stackARNs(stack)
}

func (a *API) changeSetOps() []*awsapi.Operation {
	return []*awsapi.Operation{
		awsapi.Define(awsapi.Spec[CreateChangeSetInput, CreateChangeSetOutput]{Name: "CreateChangeSet", Action: "cloudformation:CreateChangeSet",
			Resources: func(_ *awsapi.Call, in *CreateChangeSetInput) []string { return a.stackARNs(in.StackName) }, Handler: a.createChangeSet}),
		awsapi.Define(awsapi.Spec[ChangeSetRefInput, DescribeChangeSetOutput]{Name: "DescribeChangeSet", Action: "cloudformation:DescribeChangeSet", ReadOnly: true,
			Resources: func(_ *awsapi.Call, in *ChangeSetRefInput) []string {
				return a.changeSetARNs(in.StackName, in.ChangeSetName)
			},
			Handler: a.describeChangeSet}),
		awsapi.Define(awsapi.Spec[ExecuteChangeSetInput, struct{}]{Name: "ExecuteChangeSet", Action: "cloudformation:ExecuteChangeSet",
			Resources: func(_ *awsapi.Call, in *ExecuteChangeSetInput) []string {
				return a.changeSetARNs(in.StackName, in.ChangeSetName)
			},
			Handler: a.executeChangeSet}),
		awsapi.Define(awsapi.Spec[ChangeSetRefInput, struct{}]{Name: "DeleteChangeSet", Action: "cloudformation:DeleteChangeSet",
			Resources: func(_ *awsapi.Call, in *ChangeSetRefInput) []string {
				return a.changeSetARNs(in.StackName, in.ChangeSetName)
			},
			Handler: a.deleteChangeSet}),
		awsapi.Define(awsapi.Spec[ListChangeSetsInput, ListChangeSetsOutput]{Name: "ListChangeSets", Action: "cloudformation:ListChangeSets", ReadOnly: true,
			Resources: func(_ *awsapi.Call, in *ListChangeSetsInput) []string { return a.stackARNs(in.StackName) }, Handler: a.listChangeSets}),
	}
}

func (a *API) createChangeSet(ctx context.Context, c *awsapi.Call, in *CreateChangeSetInput) (*CreateChangeSetOutput, error) {
	if err := noTemplateURL(in.TemplateURL); err != nil {
		return nil, err
	}
	cs, err := a.eng.CreateChangeSet(ctx, engine.ChangeSetInput{StackName: in.StackName, ChangeSetName: in.ChangeSetName,
		ChangeSetType: in.ChangeSetType, Description: in.Description, TemplateBody: in.TemplateBody, UsePreviousTemplate: in.UsePreviousTemplate,
		Parameters: paramInputs(in.Parameters), Capabilities: in.Capabilities, Tags: tagInputs(in.Tags), NotificationARNs: in.NotificationARNs,
		RoleARN: in.RoleARN, OnStackFailure: in.OnStackFailure, Principal: c.Principal})
	if err != nil {
		return nil, err
	}
	return &CreateChangeSetOutput{Id: cs.ID, StackId: cs.StackID}, nil
}

func (a *API) describeChangeSet(ctx context.Context, _ *awsapi.Call, in *ChangeSetRefInput) (*DescribeChangeSetOutput, error) {
	cs, err := a.eng.ChangeSet(ctx, in.StackName, in.ChangeSetName)
	if err != nil {
		return nil, err
	}
	out := &DescribeChangeSetOutput{ChangeSetName: cs.Name, ChangeSetId: cs.ID, StackId: cs.StackID, StackName: cs.StackName,
		Description: cs.Description, Parameters: optList(parameters(&cs.Config)), CreationTime: isoTime(cs.Created),
		ExecutionStatus: cs.ExecutionStatus, Status: cs.Status, StatusReason: cs.StatusReason,
		NotificationARNs: listOf(cs.Config.NotificationARNs), Capabilities: optList(cs.Config.Capabilities),
		Tags: listOf(tags(cs.Config.Tags)), OnStackFailure: cs.OnStackFailure}
	for _, ch := range cs.Changes {
		out.Changes.Member = append(out.Changes.Member, changeXML{Type: "Resource", ResourceChange: changeView(ch, in.IncludePropertyValues)})
	}
	return out, nil
}

// changeView renders a change; property values only when asked for.
func changeView(ch engine.Change, values bool) resourceChangeXML {
	x := resourceChangeXML{PolicyAction: ch.PolicyAction, Action: ch.Action, LogicalResourceId: ch.LogicalID,
		PhysicalResourceId: ch.PhysicalID, ResourceType: ch.ResourceType, Replacement: ch.Replacement, Scope: listOf(ch.Scope)}
	if values {
		x.BeforeContext, x.AfterContext = ch.BeforeContext, ch.AfterContext
	}
	for _, d := range ch.Details {
		t := targetXML{Attribute: d.Attribute, Name: d.Name, RequiresRecreation: d.RequiresRecreation}
		if values {
			t.Path, t.BeforeValue, t.AfterValue, t.AttributeChangeType = d.Path, d.BeforeValue, d.AfterValue, d.ChangeType
		}
		x.Details.Member = append(x.Details.Member, detailXML{Target: t, Evaluation: d.Evaluation, ChangeSource: d.ChangeSource, CausingEntity: d.CausingEntity})
	}
	return x
}

func (a *API) executeChangeSet(ctx context.Context, c *awsapi.Call, in *ExecuteChangeSetInput) (*struct{}, error) {
	s, err := a.eng.ExecuteChangeSet(ctx, engine.ExecuteInput{StackName: in.StackName, ChangeSetName: in.ChangeSetName,
		ClientRequestToken: in.ClientRequestToken, DisableRollback: in.DisableRollback, RetainExceptOnCreate: in.RetainExceptOnCreate,
		Principal: c.Principal})
	if err != nil {
		return nil, err
	}
	a.settle(ctx, s.ID)
	return &struct{}{}, nil
}

func (a *API) deleteChangeSet(ctx context.Context, _ *awsapi.Call, in *ChangeSetRefInput) (*struct{}, error) {
	return &struct{}{}, a.eng.DeleteChangeSet(ctx, in.StackName, in.ChangeSetName)
}

func (a *API) listChangeSets(ctx context.Context, _ *awsapi.Call, in *ListChangeSetsInput) (*ListChangeSetsOutput, error) {
	all, err := a.eng.ChangeSets(ctx, in.StackName)
	if err != nil {
		return nil, err
	}
	page, next, err := paginate(all, in.NextToken, 100)
	if err != nil {
		return nil, err
	}
	out := &ListChangeSetsOutput{NextToken: next}
	for _, cs := range page {
		out.Summaries.Member = append(out.Summaries.Member, changeSetSummaryXML{StackId: cs.StackID, StackName: cs.StackName,
			ChangeSetId: cs.ID, ChangeSetName: cs.Name, ExecutionStatus: cs.ExecutionStatus, Status: cs.Status,
			StatusReason: cs.StatusReason, CreationTime: isoTime(cs.Created), Description: cs.Description})
	}
	return out, nil
}
