package up

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apprunner"
	artypes "github.com/aws/aws-sdk-go-v2/service/apprunner/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// deployStack creates or updates a stack from body and waits for it to
// settle; it returns the stack's outputs.
func deployStack(ctx context.Context, cfg aws.Config, name string, body []byte, params map[string]string) (map[string]string, error) {
	c := cloudformation.NewFromConfig(cfg)
	var ps []cfntypes.Parameter
	for k, v := range params {
		ps = append(ps, cfntypes.Parameter{ParameterKey: aws.String(k), ParameterValue: aws.String(v)})
	}
	caps := []cfntypes.Capability{cfntypes.CapabilityCapabilityIam, cfntypes.CapabilityCapabilityNamedIam}
	exists := false
	if out, err := c.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(name)}); err == nil && len(out.Stacks) == 1 {
		switch out.Stacks[0].StackStatus {
		case cfntypes.StackStatusRollbackComplete, cfntypes.StackStatusRollbackFailed:
			// A stack that never got created must be deleted before retrying.
			if _, err := c.DeleteStack(ctx, &cloudformation.DeleteStackInput{StackName: aws.String(name)}); err != nil {
				return nil, err
			}
			if _, err := waitStack(ctx, c, name); err != nil && !strings.Contains(err.Error(), "does not exist") {
				return nil, err
			}
		default:
			exists = true
		}
	}
	var err error
	if exists {
		_, err = c.UpdateStack(ctx, &cloudformation.UpdateStackInput{StackName: aws.String(name), TemplateBody: aws.String(string(body)), Parameters: ps, Capabilities: caps})
		if err != nil && strings.Contains(err.Error(), "No updates are to be performed") {
			err = nil
		}
	} else {
		_, err = c.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String(name), TemplateBody: aws.String(string(body)), Parameters: ps, Capabilities: caps})
	}
	if err != nil {
		return nil, err
	}
	st, err := waitStack(ctx, c, name)
	if err != nil {
		return nil, err
	}
	outs := map[string]string{}
	for _, o := range st.Outputs {
		outs[aws.ToString(o.OutputKey)] = aws.ToString(o.OutputValue)
	}
	return outs, nil
}

// waitStack polls until the stack leaves *_IN_PROGRESS; failures are errors.
func waitStack(ctx context.Context, c *cloudformation.Client, name string) (*cfntypes.Stack, error) {
	for {
		out, err := c.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(name)})
		if err != nil {
			return nil, err
		}
		st := out.Stacks[0]
		s := string(st.StackStatus)
		switch {
		case strings.HasSuffix(s, "_IN_PROGRESS"):
		case s == "CREATE_COMPLETE" || s == "UPDATE_COMPLETE" || s == "DELETE_COMPLETE":
			return &st, nil
		default:
			return &st, fmt.Errorf("stack %s: %s: %s (see: aws cloudformation describe-stack-events --stack-name %s)", name, s, aws.ToString(st.StackStatusReason), name)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// stackOutputs merges the outputs of every live stack.
func stackOutputs(ctx context.Context, cfg aws.Config) (map[string]string, error) {
	out, err := cloudformation.NewFromConfig(cfg).DescribeStacks(ctx, &cloudformation.DescribeStacksInput{})
	if err != nil {
		return nil, err
	}
	outs := map[string]string{}
	for _, s := range out.Stacks {
		if s.StackStatus == cfntypes.StackStatusDeleteComplete {
			continue
		}
		for _, o := range s.Outputs {
			outs[aws.ToString(o.OutputKey)] = aws.ToString(o.OutputValue)
		}
	}
	return outs, nil
}

// ensureConnection returns the ARN of berth's connection, creating it.
func ensureConnection(ctx context.Context, cfg aws.Config) (string, error) {
	c := apprunner.NewFromConfig(cfg)
	list, err := c.ListConnections(ctx, &apprunner.ListConnectionsInput{ConnectionName: aws.String(ConnectionName)})
	if err != nil {
		return "", err
	}
	for _, s := range list.ConnectionSummaryList {
		if aws.ToString(s.ConnectionName) == ConnectionName {
			return aws.ToString(s.ConnectionArn), nil
		}
	}
	out, err := c.CreateConnection(ctx, &apprunner.CreateConnectionInput{ConnectionName: aws.String(ConnectionName), ProviderType: artypes.ProviderTypeGithub})
	if err != nil {
		return "", err
	}
	return aws.ToString(out.Connection.ConnectionArn), nil
}
