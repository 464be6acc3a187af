package cloudformation_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cfn "github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/smithy-go"
)

func wantCode(t *testing.T, err error, code, msg string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != code || !strings.Contains(ae.ErrorMessage(), msg) {
		t.Fatalf("error = %v, want %s containing %q", err, code, msg)
	}
}

const csTemplate = `Parameters:
  Value:
    Type: String
  Secret:
    Type: String
    NoEcho: true
    Default: s3cr3t-value
Resources:
  Thing:
    Type: Test::Fail::Resource
    Properties:
      Name: thing-1
      Value: !Ref Value
  Param:
    Type: AWS::SSM::Parameter
    Properties:
      Type: String
      Value: !Sub "${Thing.Arn} ${Secret}"
Outputs:
  ThingArn:
    Value: !GetAtt Thing.Arn
    Export:
      Name: thing-arn
`

func TestSDKChangeSets(t *testing.T) {
	e := newEnv(t, 0)
	c := e.cfn()
	params := func(v string) []types.Parameter {
		return []types.Parameter{{ParameterKey: aws.String("Value"), ParameterValue: aws.String(v)}}
	}
	created, err := c.CreateChangeSet(ctx, &cfn.CreateChangeSetInput{StackName: aws.String("sdk"), ChangeSetName: aws.String("create-1"),
		ChangeSetType: types.ChangeSetTypeCreate, TemplateBody: aws.String(csTemplate), Parameters: params("one")})
	if err != nil {
		t.Fatal(err)
	}
	if err := cfn.NewChangeSetCreateCompleteWaiter(c).Wait(ctx, &cfn.DescribeChangeSetInput{ChangeSetName: created.Id}, time.Minute); err != nil {
		t.Fatal(err)
	}
	d, err := c.DescribeChangeSet(ctx, &cfn.DescribeChangeSetInput{ChangeSetName: aws.String("create-1"), StackName: aws.String("sdk")})
	if err != nil || len(d.Changes) != 2 || d.Changes[0].ResourceChange.Action != types.ChangeActionAdd || d.ExecutionStatus != types.ExecutionStatusAvailable {
		t.Fatalf("describe create change set: %+v %v", d, err)
	}
	for _, p := range d.Parameters {
		if *p.ParameterKey == "Secret" && *p.ParameterValue != "****" {
			t.Errorf("NoEcho parameter shown: %s", *p.ParameterValue)
		}
	}
	st, err := c.DescribeStacks(ctx, &cfn.DescribeStacksInput{StackName: aws.String("sdk")})
	if err != nil || st.Stacks[0].StackStatus != types.StackStatusReviewInProgress {
		t.Fatalf("review stack: %+v %v", st, err)
	}
	if _, err := c.ExecuteChangeSet(ctx, &cfn.ExecuteChangeSetInput{ChangeSetName: created.Id}); err != nil {
		t.Fatal(err)
	}
	if err := cfn.NewStackCreateCompleteWaiter(c).Wait(ctx, &cfn.DescribeStacksInput{StackName: aws.String("sdk")}, time.Minute); err != nil {
		t.Fatal(err)
	}

	// An update change set, described with property values.
	upd, err := c.CreateChangeSet(ctx, &cfn.CreateChangeSetInput{StackName: aws.String("sdk"), ChangeSetName: aws.String("update-1"),
		TemplateBody: aws.String(strings.Replace(csTemplate, "thing-1", "thing-2", 1)), Parameters: params("two")})
	if err != nil {
		t.Fatal(err)
	}
	d, err = c.DescribeChangeSet(ctx, &cfn.DescribeChangeSetInput{ChangeSetName: upd.Id, IncludePropertyValues: aws.Bool(true)})
	if err != nil || d.Status != types.ChangeSetStatusCreateComplete || len(d.Changes) != 2 {
		t.Fatalf("describe update change set: %+v %v", d, err)
	}
	thing := d.Changes[0].ResourceChange
	if *thing.LogicalResourceId != "Thing" || thing.Action != types.ChangeActionModify || thing.Replacement != types.ReplacementTrue ||
		thing.Scope[0] != types.ResourceAttributeProperties || thing.PolicyAction != types.PolicyActionReplaceAndDelete {
		t.Errorf("Thing change = %+v", thing)
	}
	var name *types.ResourceChangeDetail
	for i, det := range thing.Details {
		if aws.ToString(det.Target.Name) == "Name" {
			name = &thing.Details[i]
		}
	}
	if name == nil || name.Target.RequiresRecreation != types.RequiresRecreationAlways || aws.ToString(name.Target.BeforeValue) != "thing-1" ||
		aws.ToString(name.Target.AfterValue) != "thing-2" || name.ChangeSource != types.ChangeSourceDirectModification {
		t.Errorf("Name detail = %+v", name)
	}
	param := d.Changes[1].ResourceChange
	if param.Replacement != types.ReplacementFalse || param.Details[0].Evaluation != types.EvaluationTypeDynamic ||
		!strings.Contains(aws.ToString(param.AfterContext), "{{changeSet:KNOWN_AFTER_APPLY}}") ||
		strings.Contains(aws.ToString(param.BeforeContext), "s3cr3t") || !strings.Contains(aws.ToString(param.BeforeContext), "****") {
		t.Errorf("Param change = %+v before=%s after=%s", param, aws.ToString(param.BeforeContext), aws.ToString(param.AfterContext))
	}
	// Without IncludePropertyValues there are no values.
	d, _ = c.DescribeChangeSet(ctx, &cfn.DescribeChangeSetInput{ChangeSetName: upd.Id})
	if d.Changes[0].ResourceChange.BeforeContext != nil || d.Changes[0].ResourceChange.Details[0].Target.BeforeValue != nil {
		t.Errorf("values without IncludePropertyValues: %+v", d.Changes[0].ResourceChange)
	}
	list, err := c.ListChangeSets(ctx, &cfn.ListChangeSetsInput{StackName: aws.String("sdk")})
	if err != nil || len(list.Summaries) != 1 || *list.Summaries[0].ChangeSetName != "update-1" {
		t.Fatalf("list change sets: %+v %v", list, err)
	}
	if _, err := c.ExecuteChangeSet(ctx, &cfn.ExecuteChangeSetInput{ChangeSetName: aws.String("update-1"), StackName: aws.String("sdk")}); err != nil {
		t.Fatal(err)
	}
	if err := cfn.NewStackUpdateCompleteWaiter(c).Wait(ctx, &cfn.DescribeStacksInput{StackName: aws.String("sdk")}, time.Minute); err != nil {
		t.Fatal(err)
	}
	if !e.test.Exists("thing-2") || e.test.Exists("thing-1") {
		t.Errorf("replacement not applied: %v", e.test.Live())
	}
	ev, err := c.DescribeEvents(ctx, &cfn.DescribeEventsInput{StackName: aws.String("sdk"), ChangeSetName: aws.String("update-1")})
	if err != nil || len(ev.OperationEvents) == 0 {
		t.Fatalf("describe events: %+v %v", ev, err)
	}
	for _, oe := range ev.OperationEvents {
		if oe.OperationType != types.OperationTypeUpdateStack || oe.OperationStatus != types.BeaconStackOperationStatusSucceeded {
			t.Errorf("operation event %+v", oe)
		}
	}
	if top := ev.OperationEvents[0]; top.EventType != types.EventTypeStackEvent || top.ResourceStatus != types.ResourceStatusUpdateComplete {
		t.Errorf("newest operation event = %+v", top)
	}

	// The same template again: an empty change set, FAILED.
	_, err = c.CreateChangeSet(ctx, &cfn.CreateChangeSetInput{StackName: aws.String("sdk"), ChangeSetName: aws.String("same"),
		TemplateBody: aws.String(strings.Replace(csTemplate, "thing-1", "thing-2", 1)), Parameters: params("two")})
	if err != nil {
		t.Fatal(err)
	}
	err = cfn.NewChangeSetCreateCompleteWaiter(c).Wait(ctx, &cfn.DescribeChangeSetInput{ChangeSetName: aws.String("same"), StackName: aws.String("sdk")}, time.Minute)
	if err == nil {
		t.Fatal("waiter succeeded on an empty change set")
	}
	d, _ = c.DescribeChangeSet(ctx, &cfn.DescribeChangeSetInput{ChangeSetName: aws.String("same"), StackName: aws.String("sdk")})
	if d.Status != types.ChangeSetStatusFailed || aws.ToString(d.StatusReason) != "The submitted information didn't contain changes. Submit different information to create a change set." {
		t.Errorf("empty change set: %s %q", d.Status, aws.ToString(d.StatusReason))
	}
	if _, err := c.DeleteChangeSet(ctx, &cfn.DeleteChangeSetInput{ChangeSetName: aws.String("same"), StackName: aws.String("sdk")}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeChangeSet(ctx, &cfn.DescribeChangeSetInput{ChangeSetName: aws.String("same"), StackName: aws.String("sdk")})
	var nf *types.ChangeSetNotFoundException
	if !errors.As(err, &nf) {
		t.Errorf("deleted change set: %v", err)
	}
}

func TestSDKStackReads(t *testing.T) {
	e := newEnv(t, 0)
	c := e.cfn()
	out, err := c.CreateStack(ctx, &cfn.CreateStackInput{StackName: aws.String("reads"), TemplateBody: aws.String(csTemplate),
		Parameters: []types.Parameter{{ParameterKey: aws.String("Value"), ParameterValue: aws.String("v")}},
		Tags:       []types.Tag{{Key: aws.String("team"), Value: aws.String("platform")}}})
	if err != nil {
		t.Fatal(err)
	}
	st, err := c.DescribeStacks(ctx, &cfn.DescribeStacksInput{StackName: aws.String("reads")})
	if err != nil {
		t.Fatal(err)
	}
	s := st.Stacks[0]
	if s.StackStatus != types.StackStatusCreateComplete || *s.StackId != *out.StackId || len(s.Outputs) != 1 ||
		*s.Outputs[0].ExportName != "thing-arn" || *s.Tags[0].Key != "team" {
		t.Fatalf("stack = %+v", s)
	}
	for _, p := range s.Parameters {
		if *p.ParameterKey == "Secret" && *p.ParameterValue != "****" {
			t.Errorf("NoEcho parameter shown")
		}
	}
	res, err := c.DescribeStackResource(ctx, &cfn.DescribeStackResourceInput{StackName: aws.String("reads"), LogicalResourceId: aws.String("Thing")})
	if err != nil || *res.StackResourceDetail.PhysicalResourceId != "thing-1" || res.StackResourceDetail.ResourceStatus != types.ResourceStatusCreateComplete {
		t.Fatalf("describe resource: %+v %v", res, err)
	}
	all, err := c.DescribeStackResources(ctx, &cfn.DescribeStackResourcesInput{PhysicalResourceId: aws.String("thing-1")})
	if err != nil || len(all.StackResources) != 2 {
		t.Fatalf("describe resources by physical id: %+v %v", all, err)
	}
	lr, err := c.ListStackResources(ctx, &cfn.ListStackResourcesInput{StackName: aws.String("reads")})
	if err != nil || len(lr.StackResourceSummaries) != 2 {
		t.Fatalf("list resources: %+v %v", lr, err)
	}
	tpl, err := c.GetTemplate(ctx, &cfn.GetTemplateInput{StackName: aws.String("reads")})
	if err != nil || *tpl.TemplateBody != csTemplate {
		t.Fatalf("get template: %v", err)
	}
	sum, err := c.GetTemplateSummary(ctx, &cfn.GetTemplateSummaryInput{StackName: aws.String("reads")})
	if err != nil || len(sum.Parameters) != 2 || *sum.Parameters[1].DefaultValue != "****" || len(sum.ResourceTypes) != 2 {
		t.Fatalf("template summary: %+v %v", sum, err)
	}
	ex, err := c.ListExports(ctx, &cfn.ListExportsInput{})
	if err != nil || len(ex.Exports) != 1 || *ex.Exports[0].Value != "arn:aws:test:::resource/thing-1" {
		t.Fatalf("exports: %+v %v", ex, err)
	}
	_, err = c.ListImports(ctx, &cfn.ListImportsInput{ExportName: aws.String("thing-arn")})
	wantCode(t, err, "ValidationError", "is not imported by any stack")

	evs, err := c.DescribeStackEvents(ctx, &cfn.DescribeStackEventsInput{StackName: aws.String("reads")})
	if err != nil || evs.StackEvents[0].ResourceStatus != types.ResourceStatusCreateComplete || *evs.StackEvents[0].LogicalResourceId != "reads" {
		t.Fatalf("events: %v", err)
	}
	for _, ev := range evs.StackEvents {
		if strings.Contains(aws.ToString(ev.ResourceProperties), "s3cr3t") {
			t.Errorf("event leaks NoEcho value: %s", *ev.ResourceProperties)
		}
	}
	_, err = c.UpdateStack(ctx, &cfn.UpdateStackInput{StackName: aws.String("reads"), UsePreviousTemplate: aws.Bool(true),
		Parameters: []types.Parameter{{ParameterKey: aws.String("Value"), UsePreviousValue: aws.Bool(true)}}})
	wantCode(t, err, "ValidationError", "No updates are to be performed.")

	if _, err := c.DeleteStack(ctx, &cfn.DeleteStackInput{StackName: aws.String("reads")}); err != nil {
		t.Fatal(err)
	}
	gone, err := c.DescribeStacks(ctx, &cfn.DescribeStacksInput{StackName: out.StackId})
	if err != nil || gone.Stacks[0].StackStatus != types.StackStatusDeleteComplete || gone.Stacks[0].DeletionTime == nil {
		t.Fatalf("deleted stack by id: %+v %v", gone, err)
	}
	_, err = c.DescribeStacks(ctx, &cfn.DescribeStacksInput{StackName: aws.String("reads")})
	wantCode(t, err, "ValidationError", "Stack with id reads does not exist")
	ls, err := c.ListStacks(ctx, &cfn.ListStacksInput{StackStatusFilter: []types.StackStatus{types.StackStatusDeleteComplete}})
	if err != nil || len(ls.StackSummaries) != 1 {
		t.Fatalf("list deleted stacks: %+v %v", ls, err)
	}
	ls, _ = c.ListStacks(ctx, &cfn.ListStacksInput{StackStatusFilter: []types.StackStatus{types.StackStatusCreateComplete}})
	if len(ls.StackSummaries) != 0 {
		t.Errorf("filter ignored: %+v", ls.StackSummaries)
	}
}

func TestSDKErrors(t *testing.T) {
	e := newEnv(t, -1)
	c := e.cfn()
	role := "Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: named\n      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: []}\n"
	_, err := c.CreateStack(ctx, &cfn.CreateStackInput{StackName: aws.String("iam"), TemplateBody: aws.String(role)})
	wantCode(t, err, "InsufficientCapabilitiesException", "Requires capabilities : [CAPABILITY_NAMED_IAM]")
	_, err = c.CreateChangeSet(ctx, &cfn.CreateChangeSetInput{StackName: aws.String("iam"), ChangeSetName: aws.String("cs"),
		ChangeSetType: types.ChangeSetTypeCreate, TemplateBody: aws.String(role), Capabilities: []types.Capability{types.CapabilityCapabilityIam}})
	wantCode(t, err, "InsufficientCapabilitiesException", "Requires capabilities : [CAPABILITY_NAMED_IAM]")

	slow := "Resources:\n  S:\n    Type: Test::Fail::Resource\n    Properties:\n      SleepMillis: 1500\n"
	out, err := c.CreateStack(ctx, &cfn.CreateStackInput{StackName: aws.String("busy"), TemplateBody: aws.String(slow)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.UpdateStack(ctx, &cfn.UpdateStackInput{StackName: aws.String("busy"), TemplateBody: aws.String(slow)})
	wantCode(t, err, "ValidationError", "Stack:"+*out.StackId+" is in CREATE_IN_PROGRESS state and can not be updated.")
	if err := cfn.NewStackCreateCompleteWaiter(c).Wait(ctx, &cfn.DescribeStacksInput{StackName: aws.String("busy")}, time.Minute,
		func(o *cfn.StackCreateCompleteWaiterOptions) {
			o.MinDelay = 100 * time.Millisecond
			o.MaxDelay = time.Second
		}); err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateStack(ctx, &cfn.CreateStackInput{StackName: aws.String("busy"), TemplateBody: aws.String(slow)})
	wantCode(t, err, "AlreadyExistsException", "Stack [busy] already exists")
	_, err = c.DescribeStackEvents(ctx, &cfn.DescribeStackEventsInput{StackName: aws.String("nope")})
	wantCode(t, err, "ValidationError", "Stack [nope] does not exist")
	_, err = c.CreateStack(ctx, &cfn.CreateStackInput{StackName: aws.String("url"), TemplateURL: aws.String("https://s3.amazonaws.com/b/t.yaml")})
	wantCode(t, err, "ValidationError", "TemplateURL is not supported by berth")
}
