package cloudformation_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	cfn "github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/berth-dev/berth/internal/cloudformation/provider/providertest"
)

// cancelTemplate has Thing, whose update the tests hold in flight, and
// After, which the update would change once Thing is done.
const cancelTemplate = `Resources:
  Thing:
    Type: Test::Fail::Resource
    Properties:
      Value: one
  After:
    Type: Test::Fail::Resource
    DependsOn: Thing
    Properties:
      Value: one
`

const cancelRefused = "CancelUpdateStack cannot be called from current stack status"

// startHeldUpdate creates the stack, then starts an update of it whose
// Thing update stays in flight until the returned hold is released. It
// returns the stack id and Thing's physical id.
func startHeldUpdate(t *testing.T, e *env, name string) (string, string, *providertest.Hold) {
	t.Helper()
	c := e.cfn()
	out, err := c.CreateStack(ctx, &cfn.CreateStackInput{StackName: aws.String(name), TemplateBody: aws.String(cancelTemplate)})
	if err != nil {
		t.Fatal(err)
	}
	e.waitIdle(*out.StackId)
	res, err := c.DescribeStackResource(ctx, &cfn.DescribeStackResourceInput{StackName: aws.String(name), LogicalResourceId: aws.String("Thing")})
	if err != nil {
		t.Fatal(err)
	}
	hd := e.gate.Hold("Update", "Thing")
	two := `Resources:
  Thing:
    Type: Test::Fail::Resource
    Properties:
      Value: two
  After:
    Type: Test::Fail::Resource
    DependsOn: Thing
    Properties:
      Value: two
`
	if _, err := c.UpdateStack(ctx, &cfn.UpdateStackInput{StackName: aws.String(name), TemplateBody: aws.String(two)}); err != nil {
		t.Fatal(err)
	}
	hd.WaitEntered(t)
	return *out.StackId, *res.StackResourceDetail.PhysicalResourceId, hd
}

// waitIdle waits, bounded, until no operation runs on the stack.
func (e *env) waitIdle(stackID string) {
	e.t.Helper()
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := e.api.Engine().Wait(c, stackID); err != nil {
		e.t.Fatal(err)
	}
}

func TestSDKCancelUpdateStack(t *testing.T) {
	e := newEnv(t, -1)
	c := e.cfn()
	id, thing, hd := startHeldUpdate(t, e, "cancel")
	if _, err := c.CancelUpdateStack(ctx, &cfn.CancelUpdateStackInput{StackName: aws.String("cancel"), ClientRequestToken: aws.String("cancel-1")}); err != nil {
		t.Fatal(err)
	}
	st, err := c.DescribeStacks(ctx, &cfn.DescribeStacksInput{StackName: aws.String("cancel")})
	if err != nil || st.Stacks[0].StackStatus != types.StackStatusUpdateRollbackInProgress || aws.ToString(st.Stacks[0].StackStatusReason) != "User Initiated" {
		t.Fatalf("after cancel: %+v %v", st, err)
	}
	_, err = c.CancelUpdateStack(ctx, &cfn.CancelUpdateStackInput{StackName: aws.String(id)})
	wantCode(t, err, "ValidationError", cancelRefused)
	var re *awshttp.ResponseError
	if !errors.As(err, &re) || re.HTTPStatusCode() != 400 {
		t.Errorf("status of the refusal: %v", err)
	}
	close(hd.Release)
	if err := cfn.NewStackRollbackCompleteWaiter(c).Wait(ctx, &cfn.DescribeStacksInput{StackName: aws.String("cancel")}, time.Minute,
		func(o *cfn.StackRollbackCompleteWaiterOptions) {
			o.MinDelay = 100 * time.Millisecond
			o.MaxDelay = time.Second
		}); err != nil {
		t.Fatal(err)
	}
	if v := e.test.Properties(thing)["Value"]; v != "one" {
		t.Errorf("Thing Value = %v", v)
	}
	for _, call := range e.test.Calls() {
		if call.LogicalID == "After" && call.Op == "Update" {
			t.Errorf("After updated after the cancel: %v", e.test.Calls())
		}
	}
	evs, err := c.DescribeStackEvents(ctx, &cfn.DescribeStackEventsInput{StackName: aws.String("cancel")})
	if err != nil {
		t.Fatal(err)
	}
	if top := evs.StackEvents[0]; top.ResourceStatus != types.ResourceStatusUpdateRollbackComplete || *top.LogicalResourceId != "cancel" {
		t.Errorf("newest event = %+v", top)
	}
	i := slices.IndexFunc(evs.StackEvents, func(ev types.StackEvent) bool {
		return ev.ResourceStatus == types.ResourceStatusUpdateRollbackInProgress
	})
	if i < 0 || aws.ToString(evs.StackEvents[i].ResourceStatusReason) != "User Initiated" || aws.ToString(evs.StackEvents[i].ClientRequestToken) != "cancel-1" {
		t.Errorf("cancel event missing or wrong: %d %+v", i, evs.StackEvents)
	}

	// Nothing to cancel any more, nor on stacks that do not exist.
	_, err = c.CancelUpdateStack(ctx, &cfn.CancelUpdateStackInput{StackName: aws.String("cancel")})
	wantCode(t, err, "ValidationError", cancelRefused)
	_, err = c.CancelUpdateStack(ctx, &cfn.CancelUpdateStackInput{StackName: aws.String("nope")})
	wantCode(t, err, "ValidationError", "Stack with id nope does not exist")

	auth := e.calls.of("CancelUpdateStack")
	if len(auth) == 0 || auth[0].Action != "cloudformation:CancelUpdateStack" ||
		!slices.Equal(auth[0].Resources, []string{"arn:aws:cloudformation:" + region + ":" + account + ":stack/cancel/*"}) {
		t.Errorf("IAM question = %+v", auth)
	}
	if len(auth) < 2 || !slices.Equal(auth[1].Resources, []string{id}) {
		t.Errorf("IAM question by stack id = %+v", auth)
	}
}

// TestSDKCancelUpdateStackRestart stops the server right after the cancel
// is accepted, with the update's resource still in flight: the restarted
// server rolls back.
func TestSDKCancelUpdateStackRestart(t *testing.T) {
	e := newEnv(t, -1)
	id, thing, _ := startHeldUpdate(t, e, "cancel-restart")
	if _, err := e.cfn().CancelUpdateStack(ctx, &cfn.CancelUpdateStackInput{StackName: aws.String("cancel-restart")}); err != nil {
		t.Fatal(err)
	}
	e.restart()
	e.waitIdle(id)
	st, err := e.cfn().DescribeStacks(ctx, &cfn.DescribeStacksInput{StackName: aws.String(id)})
	if err != nil || st.Stacks[0].StackStatus != types.StackStatusUpdateRollbackComplete {
		t.Fatalf("after restart: %+v %v", st, err)
	}
	if v := e.test.Properties(thing)["Value"]; v != "one" {
		t.Errorf("Thing Value = %v", v)
	}
}

func TestCLICancelUpdateStack(t *testing.T) {
	e := newEnv(t, -1)
	id, thing, hd := startHeldUpdate(t, e, "cli-cancel")
	r := e.aws("cloudformation", "cancel-update-stack", "--stack-name", "cli-cancel", "--client-request-token", "cli-1")
	if r.code != 0 || r.stdout != "" {
		t.Fatalf("cancel-update-stack: %d %q %s", r.code, r.stdout, r.stderr)
	}
	r = e.aws("cloudformation", "cancel-update-stack", "--stack-name", "cli-cancel")
	if r.code != 254 && r.code != 255 || !strings.Contains(r.stderr, "An error occurred (ValidationError) when calling the CancelUpdateStack operation: "+cancelRefused) {
		t.Fatalf("second cancel-update-stack: %d %s", r.code, r.stderr)
	}
	close(hd.Release)
	e.waitIdle(id)
	r = e.aws("cloudformation", "describe-stack-events", "--stack-name", "cli-cancel")
	var events struct {
		StackEvents []struct {
			LogicalResourceId, ResourceStatus, ResourceStatusReason, ClientRequestToken string
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &events); err != nil || r.code != 0 {
		t.Fatalf("describe-stack-events: %v %s %s", err, r.stdout, r.stderr)
	}
	if top := events.StackEvents[0]; top.ResourceStatus != "UPDATE_ROLLBACK_COMPLETE" {
		t.Errorf("newest event = %+v", top)
	}
	i := slices.IndexFunc(events.StackEvents, func(ev struct {
		LogicalResourceId, ResourceStatus, ResourceStatusReason, ClientRequestToken string
	}) bool {
		return ev.ResourceStatus == "UPDATE_ROLLBACK_IN_PROGRESS"
	})
	if i < 0 || events.StackEvents[i].ResourceStatusReason != "User Initiated" || events.StackEvents[i].ClientRequestToken != "cli-1" {
		t.Errorf("cancel event: %d %+v", i, events.StackEvents)
	}
	if v := e.test.Properties(thing)["Value"]; v != "one" {
		t.Errorf("Thing Value = %v", v)
	}
	r = e.aws("cloudformation", "cancel-update-stack", "--stack-name", "cli-cancel")
	if r.code == 0 || !strings.Contains(r.stderr, "(ValidationError)") || !strings.Contains(r.stderr, cancelRefused) {
		t.Fatalf("cancel on UPDATE_ROLLBACK_COMPLETE: %d %s", r.code, r.stderr)
	}
}
