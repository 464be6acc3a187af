package iam

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/berth-dev/berth/internal/awsapi"
)

func TestServiceLinkedRoles(t *testing.T) {
	f := newFixture(t)
	cases := []struct{ service, name, arn string }{
		{"apprunner.amazonaws.com", "AWSServiceRoleForAppRunner", "arn:aws:iam::000000000000:role/aws-service-role/apprunner.amazonaws.com/AWSServiceRoleForAppRunner"},
		{"networking.apprunner.amazonaws.com", "AWSServiceRoleForAppRunnerNetworking", "arn:aws:iam::000000000000:role/aws-service-role/networking.apprunner.amazonaws.com/AWSServiceRoleForAppRunnerNetworking"},
	}
	for _, tc := range cases {
		r := must[*awsiam.CreateServiceLinkedRoleOutput](t)(f.client.CreateServiceLinkedRole(bg, &awsiam.CreateServiceLinkedRoleInput{AWSServiceName: aws.String(tc.service)})).Role
		if *r.RoleName != tc.name || *r.Arn != tc.arn || *r.Path != "/aws-service-role/"+tc.service+"/" {
			t.Fatalf("%s: role = %s %s", tc.service, *r.RoleName, *r.Arn)
		}
		if doc := decode(t, r.AssumeRolePolicyDocument); !strings.Contains(doc, `"Service":"`+tc.service+`"`) {
			t.Fatalf("%s: trust policy = %s", tc.service, doc)
		}
		att := must[*awsiam.ListAttachedRolePoliciesOutput](t)(f.client.ListAttachedRolePolicies(bg, &awsiam.ListAttachedRolePoliciesInput{RoleName: r.RoleName}))
		if len(att.AttachedPolicies) != 1 || !strings.HasPrefix(*att.AttachedPolicies[0].PolicyArn, "arn:aws:iam::aws:policy/aws-service-role/") {
			t.Fatalf("%s: attached = %+v", tc.service, att.AttachedPolicies)
		}
	}
	_, err := f.client.CreateServiceLinkedRole(bg, &awsiam.CreateServiceLinkedRoleInput{AWSServiceName: aws.String("apprunner.amazonaws.com")})
	wantCode(t, err, "InvalidInput")
	if !strings.Contains(err.Error(), "Service role name AWSServiceRoleForAppRunner has been taken in this account, please try a different suffix.") {
		t.Fatal(err)
	}
	_, err = f.client.CreateServiceLinkedRole(bg, &awsiam.CreateServiceLinkedRoleInput{AWSServiceName: aws.String("nothing.amazonaws.com")})
	wantCode(t, err, "InvalidInput")
	_, err = f.client.CreateServiceLinkedRole(bg, &awsiam.CreateServiceLinkedRoleInput{AWSServiceName: aws.String("apprunner.amazonaws.com"), CustomSuffix: aws.String("x")})
	wantCode(t, err, "InvalidInput")

	// Only the service may change its role.
	name := aws.String("AWSServiceRoleForAppRunner")
	_, err = f.client.DeleteRole(bg, &awsiam.DeleteRoleInput{RoleName: name})
	wantCode(t, err, "UnmodifiableEntity")
	_, err = f.client.PutRolePolicy(bg, &awsiam.PutRolePolicyInput{RoleName: name, PolicyName: aws.String("p"), PolicyDocument: aws.String(allowS3)})
	wantCode(t, err, "UnmodifiableEntity")
	_, err = f.client.UpdateAssumeRolePolicy(bg, &awsiam.UpdateAssumeRolePolicyInput{RoleName: name, PolicyDocument: aws.String(trustEC2)})
	wantCode(t, err, "UnmodifiableEntity")

	del := must[*awsiam.DeleteServiceLinkedRoleOutput](t)(f.client.DeleteServiceLinkedRole(bg, &awsiam.DeleteServiceLinkedRoleInput{RoleName: name}))
	if !strings.HasPrefix(*del.DeletionTaskId, "task/aws-service-role/apprunner.amazonaws.com/AWSServiceRoleForAppRunner/") {
		t.Fatalf("task id = %s", *del.DeletionTaskId)
	}
	st := must[*awsiam.GetServiceLinkedRoleDeletionStatusOutput](t)(f.client.GetServiceLinkedRoleDeletionStatus(bg, &awsiam.GetServiceLinkedRoleDeletionStatusInput{DeletionTaskId: del.DeletionTaskId}))
	if st.Status != types.DeletionTaskStatusTypeSucceeded {
		t.Fatalf("status = %s", st.Status)
	}
	_, err = f.client.GetRole(bg, &awsiam.GetRoleInput{RoleName: name})
	wantCode(t, err, "NoSuchEntity")
	createRole(t, f, "plain")
	_, err = f.client.DeleteServiceLinkedRole(bg, &awsiam.DeleteServiceLinkedRoleInput{RoleName: aws.String("plain")})
	wantCode(t, err, "InvalidInput")
}

// The seed's permissions policy conditions iam:CreateServiceLinkedRole on
// the would-be role ARN and iam:AWSServiceName; the operation must declare
// both for the authorizer.
func TestServiceLinkedRoleAuthorization(t *testing.T) {
	f := newFixture(t)
	op, ok := f.api.Service().Operation("CreateServiceLinkedRole")
	if !ok || op.Action != "iam:CreateServiceLinkedRole" {
		t.Fatalf("operation = %+v", op)
	}
	in := &createLinkedRoleInput{AWSServiceName: "apprunner.amazonaws.com"}
	res := f.api.createLinkedRoleResource(&awsapi.Call{}, in)
	ctx := createLinkedRoleContext(&awsapi.Call{}, in)
	if len(res) != 1 || res[0] != "arn:aws:iam::000000000000:role/aws-service-role/apprunner.amazonaws.com/AWSServiceRoleForAppRunner" {
		t.Fatalf("resources = %v", res)
	}
	if v := ctx["iam:AWSServiceName"]; len(v) != 1 || v[0] != "apprunner.amazonaws.com" {
		t.Fatalf("context = %v", ctx)
	}
}
