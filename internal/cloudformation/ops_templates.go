package cloudformation

import (
	"context"
	"encoding/json"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/cloudformation/template"
)

// GetTemplateInput is GetTemplate's request.
type GetTemplateInput struct {
	StackName     string
	ChangeSetName string
	TemplateStage string
}

// GetTemplateOutput is GetTemplate's result.
type GetTemplateOutput struct {
	TemplateBody    string
	StagesAvailable list[string]
}

// GetTemplateSummaryInput is GetTemplateSummary's request.
type GetTemplateSummaryInput struct {
	TemplateBody string
	TemplateURL  string
	StackName    string
	StackSetName string
}

// GetTemplateSummaryOutput is GetTemplateSummary's result.
type GetTemplateSummaryOutput struct {
	Parameters         list[parameterDeclXML]
	Description        string `xml:",omitempty"`
	Capabilities       *list[string]
	CapabilitiesReason string `xml:",omitempty"`
	ResourceTypes      list[string]
	Version            string `xml:",omitempty"`
	Metadata           string `xml:",omitempty"`
	DeclaredTransforms list[string]
}

// ValidateTemplateInput is ValidateTemplate's request.
type ValidateTemplateInput struct {
	TemplateBody string
	TemplateURL  string
}

// ValidateTemplateOutput is ValidateTemplate's result.
type ValidateTemplateOutput struct {
	Parameters         list[templateParameterXML]
	Description        string `xml:",omitempty"`
	Capabilities       *list[string]
	CapabilitiesReason string `xml:",omitempty"`
	DeclaredTransforms list[string]
}

// ListExportsInput is ListExports' request.
type ListExportsInput struct {
	NextToken string
}

type exportXML struct {
	ExportingStackId, Name, Value string
}

// ListExportsOutput is ListExports' result.
type ListExportsOutput struct {
	Exports   list[exportXML]
	NextToken string `xml:",omitempty"`
}

// ListImportsInput is ListImports' request.
type ListImportsInput struct {
	ExportName string `aws:"required"`
	NextToken  string
}

// ListImportsOutput is ListImports' result.
type ListImportsOutput struct {
	Imports   list[string]
	NextToken string `xml:",omitempty"`
}

func (a *API) templateOps() []*awsapi.Operation {
	return []*awsapi.Operation{
		awsapi.Define(awsapi.Spec[GetTemplateInput, GetTemplateOutput]{Name: "GetTemplate", Action: "cloudformation:GetTemplate", ReadOnly: true,
			Resources: func(_ *awsapi.Call, in *GetTemplateInput) []string { return a.stackARNs(in.StackName) }, Handler: a.getTemplate}),
		awsapi.Define(awsapi.Spec[GetTemplateSummaryInput, GetTemplateSummaryOutput]{Name: "GetTemplateSummary", Action: "cloudformation:GetTemplateSummary", ReadOnly: true,
			Resources: func(_ *awsapi.Call, in *GetTemplateSummaryInput) []string { return a.stackARNs(in.StackName) }, Handler: a.getTemplateSummary}),
		awsapi.Define(awsapi.Spec[ValidateTemplateInput, ValidateTemplateOutput]{Name: "ValidateTemplate", Action: "cloudformation:ValidateTemplate", ReadOnly: true,
			Handler: a.validateTemplate}),
		awsapi.Define(awsapi.Spec[ListExportsInput, ListExportsOutput]{Name: "ListExports", Action: "cloudformation:ListExports", ReadOnly: true,
			Handler: a.listExports}),
		awsapi.Define(awsapi.Spec[ListImportsInput, ListImportsOutput]{Name: "ListImports", Action: "cloudformation:ListImports", ReadOnly: true,
			Handler: a.listImports}),
	}
}

func (a *API) getTemplate(ctx context.Context, _ *awsapi.Call, in *GetTemplateInput) (*GetTemplateOutput, error) {
	stages := listOf([]string{"Original", "Processed"})
	if in.ChangeSetName != "" {
		cs, err := a.eng.ChangeSet(ctx, in.StackName, in.ChangeSetName)
		if err != nil {
			return nil, err
		}
		return &GetTemplateOutput{TemplateBody: cs.Config.Template, StagesAvailable: stages}, nil
	}
	if in.StackName == "" {
		return nil, awsapi.Errorf(awsapi.CodeValidation, "StackName or ChangeSetName must be specified.")
	}
	s, err := a.eng.Stack(ctx, in.StackName)
	if err != nil {
		return nil, err
	}
	// Without transforms the processed template is the original one.
	return &GetTemplateOutput{TemplateBody: s.Config.Template, StagesAvailable: stages}, nil
}

// summarize validates and summarizes a template given inline or by stack.
func (a *API) summarize(ctx context.Context, body, url, stack string) (template.Summary, error) {
	if err := noTemplateURL(url); err != nil {
		return template.Summary{}, err
	}
	if body == "" && stack != "" {
		s, err := a.eng.Stack(ctx, stack)
		if err != nil {
			return template.Summary{}, err
		}
		body = s.Config.Template
	}
	t, err := a.eng.Summarize(body)
	if err != nil {
		return template.Summary{}, err
	}
	return t.Summary(), nil
}

func (a *API) getTemplateSummary(ctx context.Context, _ *awsapi.Call, in *GetTemplateSummaryInput) (*GetTemplateSummaryOutput, error) {
	sum, err := a.summarize(ctx, in.TemplateBody, in.TemplateURL, in.StackName)
	if err != nil {
		return nil, err
	}
	decls, _ := summaryParams(sum)
	out := &GetTemplateSummaryOutput{Parameters: listOf(decls), Description: sum.Description, Capabilities: optList(sum.Capabilities),
		CapabilitiesReason: sum.CapabilitiesReason, ResourceTypes: listOf(sum.ResourceTypes), Version: sum.Version,
		DeclaredTransforms: listOf(sum.DeclaredTransforms)}
	if len(sum.Metadata) > 0 {
		b, _ := json.Marshal(sum.Metadata)
		out.Metadata = string(b)
	}
	return out, nil
}

func (a *API) validateTemplate(ctx context.Context, _ *awsapi.Call, in *ValidateTemplateInput) (*ValidateTemplateOutput, error) {
	sum, err := a.summarize(ctx, in.TemplateBody, in.TemplateURL, "")
	if err != nil {
		return nil, err
	}
	_, params := summaryParams(sum)
	return &ValidateTemplateOutput{Parameters: listOf(params), Description: sum.Description, Capabilities: optList(sum.Capabilities),
		CapabilitiesReason: sum.CapabilitiesReason, DeclaredTransforms: listOf(sum.DeclaredTransforms)}, nil
}

func (a *API) listExports(ctx context.Context, _ *awsapi.Call, in *ListExportsInput) (*ListExportsOutput, error) {
	all, err := a.eng.Exports(ctx)
	if err != nil {
		return nil, err
	}
	page, next, err := paginate(all, in.NextToken, 100)
	if err != nil {
		return nil, err
	}
	out := &ListExportsOutput{NextToken: next}
	for _, e := range page {
		out.Exports.Member = append(out.Exports.Member, exportXML{ExportingStackId: e.StackID, Name: e.Name, Value: e.Value})
	}
	return out, nil
}

func (a *API) listImports(ctx context.Context, _ *awsapi.Call, in *ListImportsInput) (*ListImportsOutput, error) {
	users, err := a.eng.Importers(ctx, in.ExportName)
	if err != nil {
		return nil, err
	}
	if len(users) == 0 {
		return nil, awsapi.Errorf(awsapi.CodeValidation, "Export '%s' is not imported by any stack.", in.ExportName)
	}
	page, next, err := paginate(users, in.NextToken, 100)
	if err != nil {
		return nil, err
	}
	return &ListImportsOutput{Imports: listOf(page), NextToken: next}, nil
}
