package iam

import (
	"errors"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/iam/policy"
)

var (
	reUserID      = regexp.MustCompile(`^AIDA[A-Z2-7]{17}$`)
	reGroupID     = regexp.MustCompile(`^AGPA[A-Z2-7]{17}$`)
	reAccessKeyID = regexp.MustCompile(`^AKIA[A-Z2-7]{16}$`)
)

func TestUserLifecycle(t *testing.T) {
	f := newFixture(t)
	u := must[*awsiam.CreateUserOutput](t)(f.client.CreateUser(bg, &awsiam.CreateUserInput{UserName: aws.String("alice"),
		Path: aws.String("/dev/"), Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("web")}}})).User
	if *u.Arn != "arn:aws:iam::000000000000:user/dev/alice" || *u.Path != "/dev/" || !reUserID.MatchString(*u.UserId) || len(u.Tags) != 1 {
		t.Fatalf("CreateUser = %s %s %s %v", *u.Arn, *u.Path, *u.UserId, u.Tags)
	}
	_, err := f.client.CreateUser(bg, &awsiam.CreateUserInput{UserName: aws.String("ALICE")})
	wantCode(t, err, "EntityAlreadyExists")
	_, err = f.client.CreateUser(bg, &awsiam.CreateUserInput{UserName: aws.String("bad name")})
	wantCode(t, err, "ValidationError")

	got := must[*awsiam.GetUserOutput](t)(f.client.GetUser(bg, &awsiam.GetUserInput{UserName: aws.String("Alice")})).User
	if *got.UserId != *u.UserId || *got.UserName != "alice" {
		t.Fatalf("GetUser = %+v", got)
	}
	// Without a name GetUser answers for the caller: root has no name.
	root := must[*awsiam.GetUserOutput](t)(f.client.GetUser(bg, &awsiam.GetUserInput{})).User
	if *root.Arn != "arn:aws:iam::000000000000:root" || *root.UserId != testAccount || root.UserName != nil {
		t.Fatalf("GetUser as root = %+v", root)
	}
	_, err = f.asRole.GetUser(bg, &awsiam.GetUserInput{})
	wantCode(t, err, "ValidationError")
	_, err = f.client.GetUser(bg, &awsiam.GetUserInput{UserName: aws.String("nobody")})
	wantCode(t, err, "NoSuchEntity")
	if !strings.Contains(err.Error(), "The user with name nobody cannot be found.") {
		t.Fatalf("NoSuchEntity message = %v", err)
	}

	must[*awsiam.CreateUserOutput](t)(f.client.CreateUser(bg, &awsiam.CreateUserInput{UserName: aws.String("bob")}))
	list := must[*awsiam.ListUsersOutput](t)(f.client.ListUsers(bg, &awsiam.ListUsersInput{}))
	if len(list.Users) != 2 || *list.Users[0].UserName != "alice" || *list.Users[1].UserName != "bob" {
		t.Fatalf("ListUsers = %+v", list.Users)
	}
	dev := must[*awsiam.ListUsersOutput](t)(f.client.ListUsers(bg, &awsiam.ListUsersInput{PathPrefix: aws.String("/dev/")}))
	if len(dev.Users) != 1 {
		t.Fatalf("ListUsers /dev/ = %+v", dev.Users)
	}
	page := must[*awsiam.ListUsersOutput](t)(f.client.ListUsers(bg, &awsiam.ListUsersInput{MaxItems: aws.Int32(1)}))
	if !page.IsTruncated || len(page.Users) != 1 {
		t.Fatalf("ListUsers page = %+v", page)
	}

	// Tags.
	must[*awsiam.TagUserOutput](t)(f.client.TagUser(bg, &awsiam.TagUserInput{UserName: aws.String("bob"), Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}}))
	must[*awsiam.UntagUserOutput](t)(f.client.UntagUser(bg, &awsiam.UntagUserInput{UserName: aws.String("alice"), TagKeys: []string{"team"}}))
	if tags := must[*awsiam.ListUserTagsOutput](t)(f.client.ListUserTags(bg, &awsiam.ListUserTagsInput{UserName: aws.String("bob")})).Tags; len(tags) != 1 {
		t.Fatalf("ListUserTags = %v", tags)
	}

	// Rename keeps the id and keys; the ARN follows the new name and path.
	key := must[*awsiam.CreateAccessKeyOutput](t)(f.client.CreateAccessKey(bg, &awsiam.CreateAccessKeyInput{UserName: aws.String("bob")})).AccessKey
	_, err = f.client.UpdateUser(bg, &awsiam.UpdateUserInput{UserName: aws.String("bob"), NewUserName: aws.String("alice")})
	wantCode(t, err, "EntityAlreadyExists")
	must[*awsiam.UpdateUserOutput](t)(f.client.UpdateUser(bg, &awsiam.UpdateUserInput{UserName: aws.String("bob"), NewUserName: aws.String("robert"), NewPath: aws.String("/ops/")}))
	r := must[*awsiam.GetUserOutput](t)(f.client.GetUser(bg, &awsiam.GetUserInput{UserName: aws.String("robert")})).User
	if *r.Arn != "arn:aws:iam::000000000000:user/ops/robert" || len(r.Tags) != 1 {
		t.Fatalf("renamed user = %+v", r)
	}
	creds, err := f.api.LookupAccessKey(bg, *key.AccessKeyId)
	if err != nil || creds.Principal.UserName != "robert" || creds.Principal.ARN != *r.Arn {
		t.Fatalf("key after rename = %+v, %v", creds, err)
	}
	_, err = f.client.GetUser(bg, &awsiam.GetUserInput{UserName: aws.String("bob")})
	wantCode(t, err, "NoSuchEntity")

	// DeleteUser refuses while the user has keys, then succeeds.
	_, err = f.client.DeleteUser(bg, &awsiam.DeleteUserInput{UserName: aws.String("robert")})
	wantCode(t, err, "DeleteConflict")
	must[*awsiam.DeleteAccessKeyOutput](t)(f.client.DeleteAccessKey(bg, &awsiam.DeleteAccessKeyInput{UserName: aws.String("robert"), AccessKeyId: key.AccessKeyId}))
	must[*awsiam.DeleteUserOutput](t)(f.client.DeleteUser(bg, &awsiam.DeleteUserInput{UserName: aws.String("robert")}))
	_, err = f.client.DeleteUser(bg, &awsiam.DeleteUserInput{UserName: aws.String("robert")})
	wantCode(t, err, "NoSuchEntity")
}

func TestAccessKeys(t *testing.T) {
	f := newFixture(t)
	must[*awsiam.CreateUserOutput](t)(f.client.CreateUser(bg, &awsiam.CreateUserInput{UserName: aws.String("dev")}))
	k1 := must[*awsiam.CreateAccessKeyOutput](t)(f.client.CreateAccessKey(bg, &awsiam.CreateAccessKeyInput{UserName: aws.String("dev")})).AccessKey
	if !reAccessKeyID.MatchString(*k1.AccessKeyId) || len(*k1.SecretAccessKey) != 40 || k1.Status != types.StatusTypeActive || *k1.UserName != "dev" || k1.CreateDate == nil {
		t.Fatalf("CreateAccessKey = %+v", k1)
	}
	must[*awsiam.CreateAccessKeyOutput](t)(f.client.CreateAccessKey(bg, &awsiam.CreateAccessKeyInput{UserName: aws.String("dev")}))
	_, err := f.client.CreateAccessKey(bg, &awsiam.CreateAccessKeyInput{UserName: aws.String("dev")})
	wantCode(t, err, "LimitExceeded")
	_, err = f.client.CreateAccessKey(bg, &awsiam.CreateAccessKeyInput{UserName: aws.String("ghost")})
	wantCode(t, err, "NoSuchEntity")

	keys := must[*awsiam.ListAccessKeysOutput](t)(f.client.ListAccessKeys(bg, &awsiam.ListAccessKeysInput{UserName: aws.String("dev")})).AccessKeyMetadata
	if len(keys) != 2 || *keys[0].UserName != "dev" {
		t.Fatalf("ListAccessKeys = %+v", keys)
	}

	// An active key authenticates as the user; an inactive one does not.
	creds, err := f.api.LookupAccessKey(bg, *k1.AccessKeyId)
	if err != nil {
		t.Fatal(err)
	}
	p := creds.Principal
	if p.Kind != awsapi.IAMUser || p.ARN != "arn:aws:iam::000000000000:user/dev" || !reUserID.MatchString(p.UserID) || creds.SecretAccessKey != *k1.SecretAccessKey {
		t.Fatalf("principal = %+v", p)
	}
	must[*awsiam.UpdateAccessKeyOutput](t)(f.client.UpdateAccessKey(bg, &awsiam.UpdateAccessKeyInput{UserName: aws.String("dev"), AccessKeyId: k1.AccessKeyId, Status: types.StatusTypeInactive}))
	if _, err := f.api.LookupAccessKey(bg, *k1.AccessKeyId); !errors.Is(err, awsapi.ErrUnknownAccessKey) {
		t.Fatalf("inactive key lookup = %v", err)
	}
	keys = must[*awsiam.ListAccessKeysOutput](t)(f.client.ListAccessKeys(bg, &awsiam.ListAccessKeysInput{UserName: aws.String("dev")})).AccessKeyMetadata
	if keys[0].Status != types.StatusTypeInactive {
		t.Fatalf("status after update = %v", keys[0].Status)
	}
	_, err = f.client.UpdateAccessKey(bg, &awsiam.UpdateAccessKeyInput{UserName: aws.String("dev"), AccessKeyId: k1.AccessKeyId, Status: "Sleeping"})
	wantCode(t, err, "ValidationError")
	_, err = f.client.UpdateAccessKey(bg, &awsiam.UpdateAccessKeyInput{UserName: aws.String("dev"), AccessKeyId: aws.String("AKIAAAAAAAAAAAAAAAAA"), Status: types.StatusTypeActive})
	wantCode(t, err, "NoSuchEntity")

	last := must[*awsiam.GetAccessKeyLastUsedOutput](t)(f.client.GetAccessKeyLastUsed(bg, &awsiam.GetAccessKeyLastUsedInput{AccessKeyId: k1.AccessKeyId}))
	if *last.UserName != "dev" || *last.AccessKeyLastUsed.ServiceName != "N/A" {
		t.Fatalf("GetAccessKeyLastUsed = %+v", last)
	}

	// Without a UserName, non-user callers are refused.
	_, err = f.client.CreateAccessKey(bg, &awsiam.CreateAccessKeyInput{})
	wantCode(t, err, "ValidationError")

	must[*awsiam.DeleteAccessKeyOutput](t)(f.client.DeleteAccessKey(bg, &awsiam.DeleteAccessKeyInput{UserName: aws.String("dev"), AccessKeyId: k1.AccessKeyId}))
	if _, err := f.api.LookupAccessKey(bg, *k1.AccessKeyId); !errors.Is(err, awsapi.ErrUnknownAccessKey) {
		t.Fatalf("deleted key lookup = %v", err)
	}
	_, err = f.client.DeleteAccessKey(bg, &awsiam.DeleteAccessKeyInput{UserName: aws.String("dev"), AccessKeyId: k1.AccessKeyId})
	wantCode(t, err, "NoSuchEntity")
}

// Concurrent CreateAccessKey calls never give a user more than two keys.
func TestAccessKeyLimitConcurrent(t *testing.T) {
	f := newFixture(t)
	must[*awsiam.CreateUserOutput](t)(f.client.CreateUser(bg, &awsiam.CreateUserInput{UserName: aws.String("racer")}))
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok, limited := 0, 0
	for range 8 {
		wg.Go(func() {
			_, err := f.client.CreateAccessKey(bg, &awsiam.CreateAccessKeyInput{UserName: aws.String("racer")})
			mu.Lock()
			defer mu.Unlock()
			switch code(err) {
			case "":
				ok++
			case "LimitExceeded":
				limited++
			default:
				t.Errorf("CreateAccessKey: %v", err)
			}
		})
	}
	wg.Wait()
	if ok != 2 || limited != 6 {
		t.Fatalf("created %d, limited %d; want 2 and 6", ok, limited)
	}
}

func TestGroupsAndPolicies(t *testing.T) {
	f := newFixture(t)
	g := must[*awsiam.CreateGroupOutput](t)(f.client.CreateGroup(bg, &awsiam.CreateGroupInput{GroupName: aws.String("developers")})).Group
	if *g.Arn != "arn:aws:iam::000000000000:group/developers" || !reGroupID.MatchString(*g.GroupId) || *g.Path != "/" {
		t.Fatalf("CreateGroup = %+v", g)
	}
	_, err := f.client.CreateGroup(bg, &awsiam.CreateGroupInput{GroupName: aws.String("Developers")})
	wantCode(t, err, "EntityAlreadyExists")
	must[*awsiam.CreateUserOutput](t)(f.client.CreateUser(bg, &awsiam.CreateUserInput{UserName: aws.String("dana")}))
	_, err = f.client.AddUserToGroup(bg, &awsiam.AddUserToGroupInput{GroupName: aws.String("nope"), UserName: aws.String("dana")})
	wantCode(t, err, "NoSuchEntity")
	must[*awsiam.AddUserToGroupOutput](t)(f.client.AddUserToGroup(bg, &awsiam.AddUserToGroupInput{GroupName: aws.String("developers"), UserName: aws.String("dana")}))

	gg := must[*awsiam.GetGroupOutput](t)(f.client.GetGroup(bg, &awsiam.GetGroupInput{GroupName: aws.String("developers")}))
	if len(gg.Users) != 1 || *gg.Users[0].UserName != "dana" || *gg.Group.GroupId != *g.GroupId {
		t.Fatalf("GetGroup = %+v", gg)
	}
	fu := must[*awsiam.ListGroupsForUserOutput](t)(f.client.ListGroupsForUser(bg, &awsiam.ListGroupsForUserInput{UserName: aws.String("dana")}))
	if len(fu.Groups) != 1 || *fu.Groups[0].GroupName != "developers" {
		t.Fatalf("ListGroupsForUser = %+v", fu.Groups)
	}
	if gs := must[*awsiam.ListGroupsOutput](t)(f.client.ListGroups(bg, &awsiam.ListGroupsInput{})).Groups; len(gs) != 1 {
		t.Fatalf("ListGroups = %+v", gs)
	}

	// Policies on the group and on the user.
	pol := must[*awsiam.CreatePolicyOutput](t)(f.client.CreatePolicy(bg, &awsiam.CreatePolicyInput{PolicyName: aws.String("read"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:Get*","Resource":"*"}]}`)})).Policy
	must[*awsiam.AttachGroupPolicyOutput](t)(f.client.AttachGroupPolicy(bg, &awsiam.AttachGroupPolicyInput{GroupName: aws.String("developers"), PolicyArn: pol.Arn}))
	must[*awsiam.PutGroupPolicyOutput](t)(f.client.PutGroupPolicy(bg, &awsiam.PutGroupPolicyInput{GroupName: aws.String("developers"), PolicyName: aws.String("g-inline"), PolicyDocument: aws.String(allowS3)}))
	must[*awsiam.PutUserPolicyOutput](t)(f.client.PutUserPolicy(bg, &awsiam.PutUserPolicyInput{UserName: aws.String("dana"), PolicyName: aws.String("own"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::*:user/${aws:username}"}]}`)}))
	must[*awsiam.AttachUserPolicyOutput](t)(f.client.AttachUserPolicy(bg, &awsiam.AttachUserPolicyInput{UserName: aws.String("dana"), PolicyArn: pol.Arn}))

	if ap := must[*awsiam.ListAttachedGroupPoliciesOutput](t)(f.client.ListAttachedGroupPolicies(bg, &awsiam.ListAttachedGroupPoliciesInput{GroupName: aws.String("developers")})).AttachedPolicies; len(ap) != 1 || *ap[0].PolicyName != "read" {
		t.Fatalf("ListAttachedGroupPolicies = %+v", ap)
	}
	if ap := must[*awsiam.ListAttachedUserPoliciesOutput](t)(f.client.ListAttachedUserPolicies(bg, &awsiam.ListAttachedUserPoliciesInput{UserName: aws.String("dana")})).AttachedPolicies; len(ap) != 1 {
		t.Fatalf("ListAttachedUserPolicies = %+v", ap)
	}
	if n := must[*awsiam.ListUserPoliciesOutput](t)(f.client.ListUserPolicies(bg, &awsiam.ListUserPoliciesInput{UserName: aws.String("dana")})).PolicyNames; len(n) != 1 || n[0] != "own" {
		t.Fatalf("ListUserPolicies = %v", n)
	}
	if n := must[*awsiam.ListGroupPoliciesOutput](t)(f.client.ListGroupPolicies(bg, &awsiam.ListGroupPoliciesInput{GroupName: aws.String("developers")})).PolicyNames; len(n) != 1 || n[0] != "g-inline" {
		t.Fatalf("ListGroupPolicies = %v", n)
	}
	gp := must[*awsiam.GetGroupPolicyOutput](t)(f.client.GetGroupPolicy(bg, &awsiam.GetGroupPolicyInput{GroupName: aws.String("developers"), PolicyName: aws.String("g-inline")}))
	if decode(t, gp.PolicyDocument) != allowS3 || *gp.GroupName != "developers" {
		t.Fatalf("GetGroupPolicy = %+v", gp)
	}
	_, err = f.client.GetUserPolicy(bg, &awsiam.GetUserPolicyInput{UserName: aws.String("dana"), PolicyName: aws.String("missing")})
	wantCode(t, err, "NoSuchEntity")
	if !strings.Contains(err.Error(), "The user policy with name missing cannot be found.") {
		t.Fatalf("message = %v", err)
	}

	// The policy counts both attachments and lists both entities.
	gpol := must[*awsiam.GetPolicyOutput](t)(f.client.GetPolicy(bg, &awsiam.GetPolicyInput{PolicyArn: pol.Arn})).Policy
	if *gpol.AttachmentCount != 2 {
		t.Fatalf("AttachmentCount = %d", *gpol.AttachmentCount)
	}
	ents := must[*awsiam.ListEntitiesForPolicyOutput](t)(f.client.ListEntitiesForPolicy(bg, &awsiam.ListEntitiesForPolicyInput{PolicyArn: pol.Arn}))
	if len(ents.PolicyGroups) != 1 || len(ents.PolicyUsers) != 1 || len(ents.PolicyRoles) != 0 {
		t.Fatalf("ListEntitiesForPolicy = %+v", ents)
	}
	_, err = f.client.DeletePolicy(bg, &awsiam.DeletePolicyInput{PolicyArn: pol.Arn})
	wantCode(t, err, "DeleteConflict")

	// The user's effective policies: its own, then its group's.
	ps, err := f.api.UserPolicies(bg, "DANA")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range ps {
		ids = append(ids, p.ID)
	}
	if len(ids) != 4 || ids[0] != "read" || ids[1] != "own" || ids[2] != "read" || ids[3] != "g-inline" {
		t.Fatalf("UserPolicies ids = %v", ids)
	}
	req := &policy.Request{Action: "iam:GetUser", Resource: "arn:aws:iam::000000000000:user/dana",
		Context: policyContext("aws:username", "dana")}
	if d := policy.Evaluate(req, ps...).Decision; d != policy.Allowed {
		t.Fatalf("${aws:username} policy decision = %v", d)
	}
	req.Resource = "arn:aws:iam::000000000000:user/other"
	if d := policy.Evaluate(req, ps...).Decision; d == policy.Allowed {
		t.Fatalf("${aws:username} policy allowed another user")
	}

	// Simulation with a user ARN sees the group's policies too.
	sim := must[*awsiam.SimulatePrincipalPolicyOutput](t)(f.client.SimulatePrincipalPolicy(bg, &awsiam.SimulatePrincipalPolicyInput{
		PolicySourceArn: aws.String("arn:aws:iam::000000000000:user/dana"), ActionNames: []string{"s3:GetObject", "logs:GetLogEvents", "iam:CreateUser"}}))
	want := []types.PolicyEvaluationDecisionType{"allowed", "allowed", "implicitDeny"}
	for i, r := range sim.EvaluationResults {
		if r.EvalDecision != want[i] {
			t.Fatalf("simulate %s = %s, want %s", *r.EvalActionName, r.EvalDecision, want[i])
		}
	}

	// Deletes are refused while anything is attached, as IAM does.
	_, err = f.client.DeleteGroup(bg, &awsiam.DeleteGroupInput{GroupName: aws.String("developers")})
	wantCode(t, err, "DeleteConflict")
	_, err = f.client.DeleteUser(bg, &awsiam.DeleteUserInput{UserName: aws.String("dana")})
	wantCode(t, err, "DeleteConflict")
	must[*awsiam.RemoveUserFromGroupOutput](t)(f.client.RemoveUserFromGroup(bg, &awsiam.RemoveUserFromGroupInput{GroupName: aws.String("developers"), UserName: aws.String("dana")}))
	_, err = f.client.RemoveUserFromGroup(bg, &awsiam.RemoveUserFromGroupInput{GroupName: aws.String("developers"), UserName: aws.String("dana")})
	wantCode(t, err, "NoSuchEntity")
	if ps, _ := f.api.UserPolicies(bg, "dana"); len(ps) != 2 {
		t.Fatalf("policies after leaving the group = %d, want 2", len(ps))
	}
	_, err = f.client.DeleteGroup(bg, &awsiam.DeleteGroupInput{GroupName: aws.String("developers")})
	wantCode(t, err, "DeleteConflict") // still has policies
	must[*awsiam.DetachGroupPolicyOutput](t)(f.client.DetachGroupPolicy(bg, &awsiam.DetachGroupPolicyInput{GroupName: aws.String("developers"), PolicyArn: pol.Arn}))
	must[*awsiam.DeleteGroupPolicyOutput](t)(f.client.DeleteGroupPolicy(bg, &awsiam.DeleteGroupPolicyInput{GroupName: aws.String("developers"), PolicyName: aws.String("g-inline")}))
	must[*awsiam.DeleteGroupOutput](t)(f.client.DeleteGroup(bg, &awsiam.DeleteGroupInput{GroupName: aws.String("developers")}))
	_, err = f.client.GetGroup(bg, &awsiam.GetGroupInput{GroupName: aws.String("developers")})
	wantCode(t, err, "NoSuchEntity")
	must[*awsiam.DetachUserPolicyOutput](t)(f.client.DetachUserPolicy(bg, &awsiam.DetachUserPolicyInput{UserName: aws.String("dana"), PolicyArn: pol.Arn}))
	_, err = f.client.DeleteUser(bg, &awsiam.DeleteUserInput{UserName: aws.String("dana")})
	wantCode(t, err, "DeleteConflict") // inline policy left
	must[*awsiam.DeleteUserPolicyOutput](t)(f.client.DeleteUserPolicy(bg, &awsiam.DeleteUserPolicyInput{UserName: aws.String("dana"), PolicyName: aws.String("own")}))
	must[*awsiam.DeleteUserOutput](t)(f.client.DeleteUser(bg, &awsiam.DeleteUserInput{UserName: aws.String("dana")}))
}

// User operations authorize against the user's ARN (the caller's when
// UserName is omitted), group operations against the group's.
func TestUserOperationResources(t *testing.T) {
	f := newFixture(t)
	must[*awsiam.CreateUserOutput](t)(f.client.CreateUser(bg, &awsiam.CreateUserInput{UserName: aws.String("eve"), Path: aws.String("/p/")}))
	f.asRole.ListAccessKeys(bg, &awsiam.ListAccessKeysInput{UserName: aws.String("eve")})
	if a := f.authz.last(); a.Action != "iam:ListAccessKeys" || len(a.Resources) != 1 || a.Resources[0] != "arn:aws:iam::000000000000:user/p/eve" {
		t.Fatalf("authorization = %+v", a)
	}
	f.asRole.AddUserToGroup(bg, &awsiam.AddUserToGroupInput{UserName: aws.String("eve"), GroupName: aws.String("g")})
	if a := f.authz.last(); a.Action != "iam:AddUserToGroup" || a.Resources[0] != "arn:aws:iam::000000000000:group/g" {
		t.Fatalf("authorization = %+v", a)
	}
	f.asRole.AttachUserPolicy(bg, &awsiam.AttachUserPolicyInput{UserName: aws.String("eve"), PolicyArn: aws.String("arn:aws:iam::aws:policy/ReadOnlyAccess")})
	if a := f.authz.last(); a.Context["iam:PolicyARN"][0] != "arn:aws:iam::aws:policy/ReadOnlyAccess" {
		t.Fatalf("authorization context = %+v", a)
	}
}

func policyContext(kv ...string) policy.Context {
	var c policy.Context
	for i := 0; i+1 < len(kv); i += 2 {
		c.Set(kv[i], kv[i+1])
	}
	return c
}
