package e2e

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	ar "github.com/aws/aws-sdk-go-v2/service/apprunner"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/berth-dev/berth/internal/servertest"
)

// developersPolicy is an AWS ReadOnlyAccess-style policy for the services
// developers look at.
const developersPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[
	"apprunner:Describe*","apprunner:List*",
	"cloudformation:Describe*","cloudformation:List*","cloudformation:Get*",
	"logs:Get*","logs:Filter*","logs:Describe*"],"Resource":"*"}]}`

// developersGroup creates the "developers" group with developersPolicy.
func developersGroup(t *testing.T, c *iam.Client) {
	t.Helper()
	p, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String("DevelopersReadOnly"), PolicyDocument: aws.String(developersPolicy)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: aws.String("developers")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AttachGroupPolicy(ctx, &iam.AttachGroupPolicyInput{GroupName: aws.String("developers"), PolicyArn: p.Policy.Arn}); err != nil {
		t.Fatal(err)
	}
}

// wantDenied checks AWS's AccessDenied message naming the user.
func wantDenied(t *testing.T, err error, user, action string) {
	t.Helper()
	if c := apiCode(err); c != "AccessDenied" && c != "AccessDeniedException" {
		t.Fatalf("%s: error = %v, want AccessDenied", action, err)
	}
	if want := "User: arn:aws:iam::000000000000:user/" + user + " is not authorized to perform: " + action; !strings.Contains(err.Error(), want) {
		t.Fatalf("%s: message %q lacks %q", action, err.Error(), want)
	}
}

func TestIAMUserReadOnlyDeveloperSDK(t *testing.T) {
	b := servertest.Start(t)
	root := iam.NewFromConfig(b.RootConfig())
	developersGroup(t, root)
	if _, err := root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("alice")}); err != nil {
		t.Fatal(err)
	}
	if _, err := root.AddUserToGroup(ctx, &iam.AddUserToGroupInput{GroupName: aws.String("developers"), UserName: aws.String("alice")}); err != nil {
		t.Fatal(err)
	}
	k, err := root.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("alice")})
	if err != nil {
		t.Fatal(err)
	}
	key := k.AccessKey
	alice := b.SDKConfig(credentials.NewStaticCredentialsProvider(*key.AccessKeyId, *key.SecretAccessKey, ""))

	// Reads are allowed.
	if _, err := ar.NewFromConfig(alice).ListServices(ctx, &ar.ListServicesInput{}); err != nil {
		t.Fatalf("ListServices: %v", err)
	}
	if _, err := cloudformation.NewFromConfig(alice).DescribeStacks(ctx, &cloudformation.DescribeStacksInput{}); err != nil {
		t.Fatalf("DescribeStacks: %v", err)
	}
	if _, err := cloudformation.NewFromConfig(alice).ListStacks(ctx, &cloudformation.ListStacksInput{}); err != nil {
		t.Fatalf("ListStacks: %v", err)
	}
	if _, err := cloudwatchlogs.NewFromConfig(alice).DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{}); err != nil {
		t.Fatalf("DescribeLogGroups: %v", err)
	}
	// Changes are not.
	_, err = ar.NewFromConfig(alice).StartDeployment(ctx, &ar.StartDeploymentInput{
		ServiceArn: aws.String("arn:aws:apprunner:us-east-1:000000000000:service/web/0123456789abcdef0123456789abcdef")})
	wantDenied(t, err, "alice", "apprunner:StartDeployment")
	_, err = iam.NewFromConfig(alice).CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("mallory")})
	wantDenied(t, err, "alice", "iam:CreateUser")

	// The caller is the user.
	id, err := sts.NewFromConfig(alice).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || *id.Arn != "arn:aws:iam::000000000000:user/alice" || !strings.HasPrefix(*id.UserId, "AIDA") || *id.Account != "000000000000" {
		t.Fatalf("GetCallerIdentity = %+v, %v", id, err)
	}

	// The trail finds the user's calls by user name, typed IAMUser, and
	// never holds the secret.
	ev, err := cloudtrail.NewFromConfig(b.RootConfig()).LookupEvents(ctx, &cloudtrail.LookupEventsInput{
		LookupAttributes: []cttypes.LookupAttribute{{AttributeKey: cttypes.LookupAttributeKeyUsername, AttributeValue: aws.String("alice")}}})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, e := range ev.Events {
		names[*e.EventName] = true
		if !strings.Contains(*e.CloudTrailEvent, `"type":"IAMUser"`) || !strings.Contains(*e.CloudTrailEvent, `"userName":"alice"`) {
			t.Fatalf("event identity: %s", *e.CloudTrailEvent)
		}
	}
	if !names["ListServices"] || !names["StartDeployment"] || !names["CreateUser"] {
		t.Fatalf("LookupEvents(Username=alice) = %v", names)
	}
	all, err := cloudtrail.NewFromConfig(b.RootConfig()).LookupEvents(ctx, &cloudtrail.LookupEventsInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range all.Events {
		if strings.Contains(*e.CloudTrailEvent, *key.SecretAccessKey) {
			t.Fatal("the access key's secret reached the audit trail")
		}
	}

	// At most two keys; a user with keys cannot be deleted.
	if _, err := root.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("alice")}); err != nil {
		t.Fatal(err)
	}
	_, err = root.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("alice")})
	wantCode(t, err, "LimitExceeded")
	_, err = root.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String("alice")})
	wantCode(t, err, "DeleteConflict")

	// A user may assume a role that trusts the account, given sts:AssumeRole.
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole"}]}`
	role, err := root.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("deployer"), AssumeRolePolicyDocument: aws.String(trust)})
	if err != nil {
		t.Fatal(err)
	}
	assume := &sts.AssumeRoleInput{RoleArn: role.Role.Arn, RoleSessionName: aws.String("alice-deploys")}
	_, err = sts.NewFromConfig(alice).AssumeRole(ctx, assume)
	wantDenied(t, err, "alice", "sts:AssumeRole")
	_, err = root.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String("alice"), PolicyName: aws.String("assume-deployer"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"` + *role.Role.Arn + `"}]}`)})
	if err != nil {
		t.Fatal(err)
	}
	s, err := sts.NewFromConfig(alice).AssumeRole(ctx, assume)
	if err != nil {
		t.Fatalf("AssumeRole: %v", err)
	}
	sess := b.SDKConfig(credentials.NewStaticCredentialsProvider(*s.Credentials.AccessKeyId, *s.Credentials.SecretAccessKey, *s.Credentials.SessionToken))
	sid, err := sts.NewFromConfig(sess).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || *sid.Arn != "arn:aws:sts::000000000000:assumed-role/deployer/alice-deploys" {
		t.Fatalf("session identity = %+v, %v", sid, err)
	}

	// Leaving the group takes the access away.
	if _, err := root.RemoveUserFromGroup(ctx, &iam.RemoveUserFromGroupInput{GroupName: aws.String("developers"), UserName: aws.String("alice")}); err != nil {
		t.Fatal(err)
	}
	_, err = ar.NewFromConfig(alice).ListServices(ctx, &ar.ListServicesInput{})
	wantDenied(t, err, "alice", "apprunner:ListServices")

	// An inactive key no longer authenticates; an active one again does.
	if _, err := root.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{UserName: aws.String("alice"), AccessKeyId: key.AccessKeyId, Status: "Inactive"}); err != nil {
		t.Fatal(err)
	}
	_, err = sts.NewFromConfig(alice).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	wantCode(t, err, "InvalidClientTokenId")
	if _, err := root.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{UserName: aws.String("alice"), AccessKeyId: key.AccessKeyId, Status: "Active"}); err != nil {
		t.Fatal(err)
	}
	if _, err := sts.NewFromConfig(alice).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatalf("reactivated key: %v", err)
	}
	// A deleted key neither.
	if _, err := root.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{UserName: aws.String("alice"), AccessKeyId: key.AccessKeyId}); err != nil {
		t.Fatal(err)
	}
	_, err = sts.NewFromConfig(alice).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	wantCode(t, err, "InvalidClientTokenId")
}

// The same with the AWS CLI, as a platform team would do it; the user's
// key is given to the CLI through the environment.
func TestIAMUserReadOnlyDeveloperCLI(t *testing.T) {
	b := servertest.Start(t)
	cli := func(env []string, args ...string) servertest.CLIResult {
		t.Helper()
		return b.AWS(env, args...)
	}
	ok := func(r servertest.CLIResult, what string) string {
		t.Helper()
		if r.Code != 0 {
			t.Fatalf("%s: exit %d: %s", what, r.Code, r.Stderr)
		}
		return r.Stdout
	}
	var pol struct{ Policy struct{ Arn string } }
	if err := json.Unmarshal([]byte(ok(cli(nil, "iam", "create-policy", "--policy-name", "DevelopersReadOnly", "--policy-document", developersPolicy), "create-policy")), &pol); err != nil {
		t.Fatal(err)
	}
	ok(cli(nil, "iam", "create-group", "--group-name", "developers"), "create-group")
	ok(cli(nil, "iam", "attach-group-policy", "--group-name", "developers", "--policy-arn", pol.Policy.Arn), "attach-group-policy")
	var user struct{ User struct{ Arn, UserId string } }
	if err := json.Unmarshal([]byte(ok(cli(nil, "iam", "create-user", "--user-name", "bob"), "create-user")), &user); err != nil {
		t.Fatal(err)
	}
	if user.User.Arn != "arn:aws:iam::000000000000:user/bob" || !strings.HasPrefix(user.User.UserId, "AIDA") {
		t.Fatalf("create-user = %+v", user)
	}
	ok(cli(nil, "iam", "add-user-to-group", "--group-name", "developers", "--user-name", "bob"), "add-user-to-group")
	var key struct {
		AccessKey struct{ AccessKeyId, SecretAccessKey, Status string }
	}
	if err := json.Unmarshal([]byte(ok(cli(nil, "iam", "create-access-key", "--user-name", "bob"), "create-access-key")), &key); err != nil {
		t.Fatal(err)
	}
	if len(key.AccessKey.AccessKeyId) != 20 || len(key.AccessKey.SecretAccessKey) != 40 || key.AccessKey.Status != "Active" {
		t.Fatalf("create-access-key = %+v", key)
	}
	group := ok(cli(nil, "iam", "get-group", "--group-name", "developers"), "get-group")
	if !strings.Contains(group, `"UserName": "bob"`) {
		t.Fatalf("get-group: %s", group)
	}
	bob := []string{"AWS_PROFILE=", "AWS_SHARED_CREDENTIALS_FILE=", "AWS_ACCESS_KEY_ID=" + key.AccessKey.AccessKeyId,
		"AWS_SECRET_ACCESS_KEY=" + key.AccessKey.SecretAccessKey}

	if out := ok(cli(bob, "sts", "get-caller-identity"), "get-caller-identity"); !strings.Contains(out, "arn:aws:iam::000000000000:user/bob") {
		t.Fatalf("get-caller-identity: %s", out)
	}
	ok(cli(bob, "cloudformation", "list-stacks"), "list-stacks")
	ok(cli(bob, "apprunner", "list-services"), "list-services")
	ok(cli(bob, "logs", "describe-log-groups"), "describe-log-groups")
	r := cli(bob, "iam", "create-user", "--user-name", "mallory")
	wantCLIError(t, r, "AccessDenied")
	if !strings.Contains(r.Stderr, "User: arn:aws:iam::000000000000:user/bob is not authorized to perform: iam:CreateUser") {
		t.Fatalf("create-user as bob: %s", r.Stderr)
	}

	wantCLIError(t, cli(nil, "iam", "delete-user", "--user-name", "bob"), "DeleteConflict")
	ok(cli(nil, "iam", "update-access-key", "--user-name", "bob", "--access-key-id", key.AccessKey.AccessKeyId, "--status", "Inactive"), "update-access-key")
	if keys := ok(cli(nil, "iam", "list-access-keys", "--user-name", "bob"), "list-access-keys"); !strings.Contains(keys, `"Status": "Inactive"`) {
		t.Fatalf("list-access-keys: %s", keys)
	}
	wantCLIError(t, cli(bob, "sts", "get-caller-identity"), "InvalidClientTokenId")

	// Cleaning up in IAM's order: keys, group membership, then the user.
	ok(cli(nil, "iam", "delete-access-key", "--user-name", "bob", "--access-key-id", key.AccessKey.AccessKeyId), "delete-access-key")
	ok(cli(nil, "iam", "remove-user-from-group", "--group-name", "developers", "--user-name", "bob"), "remove-user-from-group")
	ok(cli(nil, "iam", "delete-user", "--user-name", "bob"), "delete-user")
	if users := ok(cli(nil, "iam", "list-users"), "list-users"); strings.Contains(users, "bob") {
		t.Fatalf("list-users after delete: %s", users)
	}
}
