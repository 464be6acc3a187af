package actions

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/smithy-go"
)

// CloudFormationDeploy is aws-actions/aws-cloudformation-github-deploy@v1:
// it deploys a stack through a change set, following the action's source
// (deploy.ts): DescribeStacks → CreateChangeSet (type CREATE for a new
// stack or one in REVIEW_IN_PROGRESS, UPDATE otherwise) → wait for the
// change set → when it FAILED, delete it (unless
// no-delete-failed-changeset) and succeed if it merely had no changes and
// no-fail-on-empty-changeset is "1", else fail with its reason → unless
// no-execute-changeset, ExecuteChangeSet and wait for the stack to finish.
// (The action's oldest v1 releases called CreateStack for a new stack;
// berth creates through a change set, as later v1 releases and the issue
// ask, so a new stack and an update take the same path.)
//
// Inputs: name, template (a workspace path, or an https:// URL), capabilities
// (default CAPABILITY_IAM), parameter-overrides (see
// ParseParameterOverrides), no-fail-on-empty-changeset,
// no-execute-changeset, no-delete-failed-changeset, disable-rollback,
// role-arn, notification-arns, tags (JSON), change-set-name (default
// <name>-CS). termination-protection, timeout-in-minutes and http-proxy are
// accepted and ignored. Outputs: stack-id, change-set-id and every stack
// output by key. Waiting polls quickly (berth is fast), bounded by the
// step's timeout.
type CloudFormationDeploy struct{}

// knownEmptyMessages are the change set failure reasons that mean "no
// changes", from the action's source.
var knownEmptyMessages = []string{"No updates are to be performed", "The submitted information didn't contain changes"}

// Run implements Action.
func (CloudFormationDeploy) Run(ctx context.Context, inv *Invocation) error {
	name, err := inv.Required("name")
	if err != nil {
		return err
	}
	template, err := inv.Required("template")
	if err != nil {
		return err
	}
	params, err := ParseParameterOverrides(inv.Input("parameter-overrides", ""))
	if err != nil {
		return err
	}
	cfg, err := envConfig(inv)
	if err != nil {
		return err
	}
	cfn := cloudformation.NewFromConfig(cfg)
	in := &cloudformation.CreateChangeSetInput{
		StackName:     aws.String(name),
		ChangeSetName: aws.String(inv.Input("change-set-name", name+"-CS")),
		Parameters:    params,
	}
	for _, c := range strings.Split(inv.Input("capabilities", "CAPABILITY_IAM"), ",") {
		if c = strings.TrimSpace(c); c != "" {
			in.Capabilities = append(in.Capabilities, cfntypes.Capability(c))
		}
	}
	if strings.HasPrefix(template, "https://") {
		in.TemplateURL = aws.String(template)
	} else {
		path := template
		if !filepath.IsAbs(path) {
			path = filepath.Join(inv.Workspace, template)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("%w: template: %v", ErrInput, err)
		}
		in.TemplateBody = aws.String(string(b))
	}
	if r := inv.Input("role-arn", ""); r != "" {
		in.RoleARN = aws.String(r)
	}
	if n := inv.Input("notification-arns", ""); n != "" {
		in.NotificationARNs = strings.Split(n, ",")
	}
	if t := inv.Input("tags", ""); t != "" {
		if err := json.Unmarshal([]byte(t), &in.Tags); err != nil {
			inv.Warningf("tags is not a JSON list of {Key, Value}: ignored")
			in.Tags = nil
		}
	}
	d := deployment{cfn: cfn, inv: inv, in: in,
		noFailEmpty: truthy(inv.Input("no-fail-on-empty-changeset", "0")),
		noExecute:   truthy(inv.Input("no-execute-changeset", "0")),
		noDelete:    truthy(inv.Input("no-delete-failed-changeset", "0")),
		noRollback:  truthy(inv.Input("disable-rollback", "0")),
	}
	stackID, changeSetID, err := d.deploy(ctx)
	if err != nil {
		return err
	}
	inv.Commands.SetOutput("stack-id", orUnknown(stackID))
	inv.Commands.SetOutput("change-set-id", orUnknown(changeSetID))
	if stackID == "" {
		return nil
	}
	st, err := d.getStack(ctx, stackID)
	if err != nil {
		return err
	}
	if st != nil {
		for _, o := range st.Outputs {
			if k, v := aws.ToString(o.OutputKey), aws.ToString(o.OutputValue); k != "" && v != "" {
				inv.Commands.SetOutput(k, v)
			}
		}
	}
	return nil
}

// deployment is one run of the deploy algorithm.
type deployment struct {
	cfn                                          *cloudformation.Client
	inv                                          *Invocation
	in                                           *cloudformation.CreateChangeSetInput
	noFailEmpty, noExecute, noDelete, noRollback bool
}

const (
	waitMinDelay = 200 * time.Millisecond
	waitMaxDelay = 2 * time.Second
	waitMax      = 6 * time.Hour
)

// deploy returns the stack id and the change set id.
func (d *deployment) deploy(ctx context.Context) (string, string, error) {
	name := aws.ToString(d.in.StackName)
	stack, err := d.getStack(ctx, name)
	if err != nil {
		return "", "", err
	}
	d.in.ChangeSetType = cfntypes.ChangeSetTypeUpdate
	if stack == nil || stack.StackStatus == cfntypes.StackStatusReviewInProgress {
		d.in.ChangeSetType = cfntypes.ChangeSetTypeCreate
	}
	d.inv.Logf("Creating CloudFormation Change Set %s (%s) for stack %s", aws.ToString(d.in.ChangeSetName), d.in.ChangeSetType, name)
	cs, err := d.cfn.CreateChangeSet(ctx, d.in)
	if err != nil {
		return "", "", fmt.Errorf("cloudformation: create change set: %s", describeAPIError(err))
	}
	stackID, csID := aws.ToString(cs.StackId), aws.ToString(cs.Id)
	d.inv.Logf("Waiting for CloudFormation Change Set creation")
	waiter := cloudformation.NewChangeSetCreateCompleteWaiter(d.cfn, func(o *cloudformation.ChangeSetCreateCompleteWaiterOptions) {
		o.MinDelay, o.MaxDelay = waitMinDelay, waitMaxDelay
	})
	if err := waiter.Wait(ctx, &cloudformation.DescribeChangeSetInput{ChangeSetName: aws.String(csID), StackName: aws.String(stackID)}, waitMax); err != nil {
		if ctx.Err() != nil {
			return "", "", ctx.Err()
		}
		return d.cleanup(ctx, stackID, csID, err)
	}
	if d.noExecute {
		d.inv.Logf("Not executing the change set (no-execute-changeset)")
		return stackID, csID, nil
	}
	d.inv.Logf("Executing CloudFormation change set")
	if _, err := d.cfn.ExecuteChangeSet(ctx, &cloudformation.ExecuteChangeSetInput{ChangeSetName: aws.String(csID),
		StackName: aws.String(stackID), DisableRollback: aws.Bool(d.noRollback)}); err != nil {
		return "", "", fmt.Errorf("cloudformation: execute change set: %s", describeAPIError(err))
	}
	d.inv.Logf("Waiting for the stack to be %sd", strings.ToLower(string(d.in.ChangeSetType)))
	in := &cloudformation.DescribeStacksInput{StackName: aws.String(stackID)}
	if d.in.ChangeSetType == cfntypes.ChangeSetTypeCreate {
		err = cloudformation.NewStackCreateCompleteWaiter(d.cfn, func(o *cloudformation.StackCreateCompleteWaiterOptions) {
			o.MinDelay, o.MaxDelay = waitMinDelay, waitMaxDelay
		}).Wait(ctx, in, waitMax)
	} else {
		err = cloudformation.NewStackUpdateCompleteWaiter(d.cfn, func(o *cloudformation.StackUpdateCompleteWaiterOptions) {
			o.MinDelay, o.MaxDelay = waitMinDelay, waitMaxDelay
		}).Wait(ctx, in, waitMax)
	}
	if err != nil {
		st, _ := d.getStack(ctx, stackID)
		if st != nil {
			return "", "", fmt.Errorf("cloudformation: stack %s is %s: %s", name, st.StackStatus, aws.ToString(st.StackStatusReason))
		}
		return "", "", fmt.Errorf("cloudformation: waiting for stack %s: %s", name, describeAPIError(err))
	}
	return stackID, csID, nil
}

// cleanup handles a change set that did not reach CREATE_COMPLETE.
func (d *deployment) cleanup(ctx context.Context, stackID, csID string, waitErr error) (string, string, error) {
	cs, err := d.cfn.DescribeChangeSet(ctx, &cloudformation.DescribeChangeSetInput{ChangeSetName: aws.String(csID), StackName: aws.String(stackID)})
	if err != nil {
		return "", "", fmt.Errorf("cloudformation: describe change set: %s", describeAPIError(err))
	}
	if cs.Status != cfntypes.ChangeSetStatusFailed {
		return "", "", fmt.Errorf("cloudformation: change set %s: %s", cs.Status, describeAPIError(waitErr))
	}
	if !d.noDelete {
		d.inv.Debugf("Deleting failed Change Set")
		if _, err := d.cfn.DeleteChangeSet(ctx, &cloudformation.DeleteChangeSetInput{ChangeSetName: aws.String(csID), StackName: aws.String(stackID)}); err != nil {
			d.inv.Warningf("could not delete the failed change set: %s", describeAPIError(err))
		}
	}
	reason := aws.ToString(cs.StatusReason)
	if d.noFailEmpty {
		for _, m := range knownEmptyMessages {
			if strings.Contains(reason, m) {
				d.inv.Logf("No changes to deploy (%s)", reason)
				return stackID, csID, nil
			}
		}
	}
	//lint:ignore ST1005 the action's own message, which users search for
	return "", "", fmt.Errorf("Failed to create Change Set: %s", reason)
}

// getStack returns the stack or nil when it does not exist.
func (d *deployment) getStack(ctx context.Context, nameOrID string) (*cfntypes.Stack, error) {
	out, err := d.cfn.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(nameOrID)})
	if err != nil {
		var ae smithy.APIError
		if errors.As(err, &ae) && ae.ErrorCode() == "ValidationError" && strings.Contains(ae.ErrorMessage(), "does not exist") {
			return nil, nil
		}
		return nil, fmt.Errorf("cloudformation: describe stacks %s: %s", nameOrID, describeAPIError(err))
	}
	if len(out.Stacks) == 0 {
		return nil, nil
	}
	return &out.Stacks[0], nil
}

func orUnknown(s string) string {
	if s == "" {
		return "UNKNOWN"
	}
	return s
}
