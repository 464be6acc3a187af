package iam

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

var rePolicyID = regexp.MustCompile(`^ANPA[A-Z2-7]{17}$`)

func createPolicy(t *testing.T, f *fixture, name, doc string) string {
	t.Helper()
	return *must[*awsiam.CreatePolicyOutput](t)(f.client.CreatePolicy(bg, &awsiam.CreatePolicyInput{PolicyName: aws.String(name), PolicyDocument: aws.String(doc)})).Policy.Arn
}

func createRole(t *testing.T, f *fixture, name string) {
	t.Helper()
	must[*awsiam.CreateRoleOutput](t)(f.client.CreateRole(bg, &awsiam.CreateRoleInput{RoleName: aws.String(name), AssumeRolePolicyDocument: aws.String(trustEC2)}))
}

func TestCreateAndGetPolicy(t *testing.T) {
	f := newFixture(t)
	doc := seedDoc(t, "permissions-policy.json")
	p := must[*awsiam.CreatePolicyOutput](t)(f.client.CreatePolicy(bg, &awsiam.CreatePolicyInput{PolicyName: aws.String("app_infra_manager_policy"),
		Path: aws.String("/platform/"), PolicyDocument: aws.String(doc), Description: aws.String("deploys apps"),
		Tags: []types.Tag{{Key: aws.String("owner"), Value: aws.String("platform")}}})).Policy
	if *p.Arn != "arn:aws:iam::000000000000:policy/platform/app_infra_manager_policy" || !rePolicyID.MatchString(*p.PolicyId) ||
		*p.DefaultVersionId != "v1" || *p.AttachmentCount != 0 || !p.IsAttachable {
		t.Fatalf("CreatePolicy = %+v", p)
	}
	g := must[*awsiam.GetPolicyOutput](t)(f.client.GetPolicy(bg, &awsiam.GetPolicyInput{PolicyArn: p.Arn})).Policy
	if *g.PolicyId != *p.PolicyId || *g.Description != "deploys apps" || len(g.Tags) != 1 || g.CreateDate == nil || g.UpdateDate == nil {
		t.Fatalf("GetPolicy = %+v", g)
	}
	v := must[*awsiam.GetPolicyVersionOutput](t)(f.client.GetPolicyVersion(bg, &awsiam.GetPolicyVersionInput{PolicyArn: p.Arn, VersionId: aws.String("v1")})).PolicyVersion
	if decode(t, v.Document) != doc || !v.IsDefaultVersion {
		t.Fatalf("GetPolicyVersion = %q %v", decode(t, v.Document), v.IsDefaultVersion)
	}
	// The ARN must match exactly: another path is another policy.
	_, err := f.client.GetPolicy(bg, &awsiam.GetPolicyInput{PolicyArn: aws.String("arn:aws:iam::000000000000:policy/app_infra_manager_policy")})
	wantCode(t, err, "NoSuchEntity")
	_, err = f.client.GetPolicy(bg, &awsiam.GetPolicyInput{PolicyArn: aws.String("not-an-arn-but-long-enough")})
	wantCode(t, err, "InvalidInput")
	_, err = f.client.GetPolicyVersion(bg, &awsiam.GetPolicyVersionInput{PolicyArn: p.Arn, VersionId: aws.String("v9")})
	wantCode(t, err, "NoSuchEntity")
}

func TestCreatePolicyErrors(t *testing.T) {
	f := newFixture(t)
	createPolicy(t, f, "taken", allowS3)
	big := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::` + strings.Repeat("b", 6200) + `"}]}`
	cases := []struct{ name, policy, doc, code, msg string }{
		{"duplicate", "taken", allowS3, "EntityAlreadyExists", "A policy called taken already exists. Duplicate names are not allowed."},
		{"duplicate other case", "TAKEN", allowS3, "EntityAlreadyExists", ""},
		{"too large", "big", big, "LimitExceeded", "Cannot exceed quota for PolicySize: 6144"},
		{"syntax", "m", `{"Statement":[`, "MalformedPolicyDocument", "Syntax errors in policy."},
		{"old version", "m", `{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`, "MalformedPolicyDocument", "Policy document must be version 2012-10-17 or greater."},
		{"principal", "m", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}`, "MalformedPolicyDocument", "Policy document should not specify a principal."},
		{"no resource", "m", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*"}]}`, "MalformedPolicyDocument", "Policy statement must contain resources."},
		{"no action", "m", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Resource":"*"}]}`, "MalformedPolicyDocument", "Policy statement must contain actions."},
		{"action without vendor", "m", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"GetObject","Resource":"*"}]}`, "MalformedPolicyDocument", "Actions/Conditions must be prefaced by a vendor"},
		{"bad name", "no spaces", allowS3, "ValidationError", "policyName"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.client.CreatePolicy(bg, &awsiam.CreatePolicyInput{PolicyName: aws.String(tc.policy), PolicyDocument: aws.String(tc.doc)})
			wantCode(t, err, tc.code)
			if !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("message %q does not contain %q", err, tc.msg)
			}
		})
	}
}

func TestPolicyVersions(t *testing.T) {
	f := newFixture(t)
	arn := aws.String(createPolicy(t, f, "p", allowS3))
	doc := func(i int) string {
		return fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b%d/*"}]}`, i)
	}
	for i := 2; i <= 5; i++ {
		v := must[*awsiam.CreatePolicyVersionOutput](t)(f.client.CreatePolicyVersion(bg, &awsiam.CreatePolicyVersionInput{PolicyArn: arn, PolicyDocument: aws.String(doc(i)), SetAsDefault: i == 3})).PolicyVersion
		if *v.VersionId != fmt.Sprintf("v%d", i) || v.IsDefaultVersion != (i == 3) {
			t.Fatalf("version %d = %s default %v", i, *v.VersionId, v.IsDefaultVersion)
		}
	}
	_, err := f.client.CreatePolicyVersion(bg, &awsiam.CreatePolicyVersionInput{PolicyArn: arn, PolicyDocument: aws.String(doc(6))})
	wantCode(t, err, "LimitExceeded")
	if !strings.Contains(err.Error(), "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.") {
		t.Fatal(err)
	}
	if p := must[*awsiam.GetPolicyOutput](t)(f.client.GetPolicy(bg, &awsiam.GetPolicyInput{PolicyArn: arn})).Policy; *p.DefaultVersionId != "v3" {
		t.Fatalf("default = %s", *p.DefaultVersionId)
	}
	list := must[*awsiam.ListPolicyVersionsOutput](t)(f.client.ListPolicyVersions(bg, &awsiam.ListPolicyVersionsInput{PolicyArn: arn, MaxItems: aws.Int32(3)}))
	if len(list.Versions) != 3 || !list.IsTruncated || *list.Versions[0].VersionId != "v5" || list.Versions[0].Document != nil {
		t.Fatalf("ListPolicyVersions page = %d truncated %v first %s", len(list.Versions), list.IsTruncated, *list.Versions[0].VersionId)
	}
	rest := must[*awsiam.ListPolicyVersionsOutput](t)(f.client.ListPolicyVersions(bg, &awsiam.ListPolicyVersionsInput{PolicyArn: arn, Marker: list.Marker}))
	if len(rest.Versions) != 2 || rest.IsTruncated || *rest.Versions[1].VersionId != "v1" {
		t.Fatalf("second page = %d", len(rest.Versions))
	}

	_, err = f.client.DeletePolicyVersion(bg, &awsiam.DeletePolicyVersionInput{PolicyArn: arn, VersionId: aws.String("v3")})
	wantCode(t, err, "DeleteConflict")
	_, err = f.client.DeletePolicy(bg, &awsiam.DeletePolicyInput{PolicyArn: arn})
	wantCode(t, err, "DeleteConflict")
	if !strings.Contains(err.Error(), "This policy has more than one version.") {
		t.Fatal(err)
	}
	must[*awsiam.DeletePolicyVersionOutput](t)(f.client.DeletePolicyVersion(bg, &awsiam.DeletePolicyVersionInput{PolicyArn: arn, VersionId: aws.String("v5")}))
	// Version ids are never reused.
	v := must[*awsiam.CreatePolicyVersionOutput](t)(f.client.CreatePolicyVersion(bg, &awsiam.CreatePolicyVersionInput{PolicyArn: arn, PolicyDocument: aws.String(doc(6))})).PolicyVersion
	if *v.VersionId != "v6" {
		t.Fatalf("next version = %s", *v.VersionId)
	}
	must[*awsiam.SetDefaultPolicyVersionOutput](t)(f.client.SetDefaultPolicyVersion(bg, &awsiam.SetDefaultPolicyVersionInput{PolicyArn: arn, VersionId: aws.String("v6")}))
	_, err = f.client.SetDefaultPolicyVersion(bg, &awsiam.SetDefaultPolicyVersionInput{PolicyArn: arn, VersionId: aws.String("v5")})
	wantCode(t, err, "NoSuchEntity")
	_, err = f.client.SetDefaultPolicyVersion(bg, &awsiam.SetDefaultPolicyVersionInput{PolicyArn: arn, VersionId: aws.String("1")})
	wantCode(t, err, "ValidationError")
	for _, id := range []string{"v1", "v2", "v3", "v4"} {
		must[*awsiam.DeletePolicyVersionOutput](t)(f.client.DeletePolicyVersion(bg, &awsiam.DeletePolicyVersionInput{PolicyArn: arn, VersionId: aws.String(id)}))
	}
	must[*awsiam.DeletePolicyOutput](t)(f.client.DeletePolicy(bg, &awsiam.DeletePolicyInput{PolicyArn: arn}))
	_, err = f.client.GetPolicy(bg, &awsiam.GetPolicyInput{PolicyArn: arn})
	wantCode(t, err, "NoSuchEntity")
}

func TestAttachDetachAndCounts(t *testing.T) {
	f := newFixture(t)
	createRole(t, f, "r1")
	createRole(t, f, "r2")
	arn := aws.String(createPolicy(t, f, "p", allowS3))
	admin := aws.String("arn:aws:iam::aws:policy/AdministratorAccess")
	for _, r := range []string{"r1", "r2", "r1"} { // attaching twice is a no-op
		must[*awsiam.AttachRolePolicyOutput](t)(f.client.AttachRolePolicy(bg, &awsiam.AttachRolePolicyInput{RoleName: aws.String(r), PolicyArn: arn}))
	}
	must[*awsiam.AttachRolePolicyOutput](t)(f.client.AttachRolePolicy(bg, &awsiam.AttachRolePolicyInput{RoleName: aws.String("r1"), PolicyArn: admin}))
	if p := must[*awsiam.GetPolicyOutput](t)(f.client.GetPolicy(bg, &awsiam.GetPolicyInput{PolicyArn: arn})).Policy; *p.AttachmentCount != 2 {
		t.Fatalf("AttachmentCount = %d", *p.AttachmentCount)
	}
	att := must[*awsiam.ListAttachedRolePoliciesOutput](t)(f.client.ListAttachedRolePolicies(bg, &awsiam.ListAttachedRolePoliciesInput{RoleName: aws.String("r1")}))
	if len(att.AttachedPolicies) != 2 || *att.AttachedPolicies[0].PolicyName != "AdministratorAccess" || *att.AttachedPolicies[1].PolicyArn != *arn {
		t.Fatalf("attached = %+v", att.AttachedPolicies)
	}
	ents := must[*awsiam.ListEntitiesForPolicyOutput](t)(f.client.ListEntitiesForPolicy(bg, &awsiam.ListEntitiesForPolicyInput{PolicyArn: arn}))
	if len(ents.PolicyRoles) != 2 || len(ents.PolicyUsers) != 0 {
		t.Fatalf("entities = %+v", ents.PolicyRoles)
	}

	_, err := f.client.AttachRolePolicy(bg, &awsiam.AttachRolePolicyInput{RoleName: aws.String("r1"), PolicyArn: aws.String("arn:aws:iam::000000000000:policy/ghost")})
	wantCode(t, err, "NoSuchEntity")
	if !strings.Contains(err.Error(), "Policy arn:aws:iam::000000000000:policy/ghost does not exist or is not attachable.") {
		t.Fatal(err)
	}
	_, err = f.client.AttachRolePolicy(bg, &awsiam.AttachRolePolicyInput{RoleName: aws.String("ghost"), PolicyArn: arn})
	wantCode(t, err, "NoSuchEntity")
	_, err = f.client.DeletePolicy(bg, &awsiam.DeletePolicyInput{PolicyArn: arn})
	wantCode(t, err, "DeleteConflict")
	if !strings.Contains(err.Error(), "Cannot delete a policy attached to entities.") {
		t.Fatal(err)
	}
	_, err = f.client.DeletePolicy(bg, &awsiam.DeletePolicyInput{PolicyArn: admin})
	wantCode(t, err, "InvalidInput")

	must[*awsiam.DetachRolePolicyOutput](t)(f.client.DetachRolePolicy(bg, &awsiam.DetachRolePolicyInput{RoleName: aws.String("r2"), PolicyArn: arn}))
	_, err = f.client.DetachRolePolicy(bg, &awsiam.DetachRolePolicyInput{RoleName: aws.String("r2"), PolicyArn: arn})
	wantCode(t, err, "NoSuchEntity")
	if p := must[*awsiam.GetPolicyOutput](t)(f.client.GetPolicy(bg, &awsiam.GetPolicyInput{PolicyArn: arn})).Policy; *p.AttachmentCount != 1 {
		t.Fatalf("AttachmentCount after detach = %d", *p.AttachmentCount)
	}

	// At most 10 managed policies per role.
	for i := range 9 {
		a := createPolicy(t, f, fmt.Sprintf("extra%d", i), allowS3)
		_, err = f.client.AttachRolePolicy(bg, &awsiam.AttachRolePolicyInput{RoleName: aws.String("r2"), PolicyArn: &a})
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err = f.client.AttachRolePolicy(bg, &awsiam.AttachRolePolicyInput{RoleName: aws.String("r2"), PolicyArn: admin})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.client.AttachRolePolicy(bg, &awsiam.AttachRolePolicyInput{RoleName: aws.String("r2"), PolicyArn: arn})
	wantCode(t, err, "LimitExceeded")
}

func TestListPolicies(t *testing.T) {
	f := newFixture(t)
	createRole(t, f, "r")
	a := createPolicy(t, f, "alpha", allowS3)
	createPolicy(t, f, "beta", allowS3)
	must[*awsiam.AttachRolePolicyOutput](t)(f.client.AttachRolePolicy(bg, &awsiam.AttachRolePolicyInput{RoleName: aws.String("r"), PolicyArn: &a}))
	names := func(in *awsiam.ListPoliciesInput) []string {
		var out []string
		p := awsiam.NewListPoliciesPaginator(f.client, in)
		for p.HasMorePages() {
			for _, pol := range must[*awsiam.ListPoliciesOutput](t)(p.NextPage(bg)).Policies {
				out = append(out, *pol.PolicyName)
			}
		}
		return out
	}
	if got := names(&awsiam.ListPoliciesInput{Scope: types.PolicyScopeTypeLocal, MaxItems: aws.Int32(1)}); strings.Join(got, ",") != "alpha,beta" {
		t.Fatalf("Local = %v", got)
	}
	if got := names(&awsiam.ListPoliciesInput{Scope: types.PolicyScopeTypeLocal, OnlyAttached: true}); strings.Join(got, ",") != "alpha" {
		t.Fatalf("Local attached = %v", got)
	}
	aws := names(&awsiam.ListPoliciesInput{Scope: types.PolicyScopeTypeAws})
	if len(aws) != len(builtins) || aws[0] != "AdministratorAccess" {
		t.Fatalf("AWS = %v", aws)
	}
	if all := names(&awsiam.ListPoliciesInput{}); len(all) != len(builtins)+2 {
		t.Fatalf("All = %d", len(all))
	}
	if sr := names(&awsiam.ListPoliciesInput{Scope: types.PolicyScopeTypeAws, PathPrefix: awsString("/aws-service-role/")}); len(sr) != 2 {
		t.Fatalf("service-role path = %v", sr)
	}
}

func awsString(s string) *string { return &s }

func TestInlineRolePolicies(t *testing.T) {
	f := newFixture(t)
	createRole(t, f, "r")
	legacy := `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}` // no Version: fine inline
	for _, n := range []string{"b", "a"} {
		must[*awsiam.PutRolePolicyOutput](t)(f.client.PutRolePolicy(bg, &awsiam.PutRolePolicyInput{RoleName: aws.String("r"), PolicyName: aws.String(n), PolicyDocument: aws.String(legacy)}))
	}
	g := must[*awsiam.GetRolePolicyOutput](t)(f.client.GetRolePolicy(bg, &awsiam.GetRolePolicyInput{RoleName: aws.String("r"), PolicyName: aws.String("a")}))
	if *g.RoleName != "r" || *g.PolicyName != "a" || decode(t, g.PolicyDocument) != legacy {
		t.Fatalf("GetRolePolicy = %+v", g)
	}
	l := must[*awsiam.ListRolePoliciesOutput](t)(f.client.ListRolePolicies(bg, &awsiam.ListRolePoliciesInput{RoleName: aws.String("r")}))
	if strings.Join(l.PolicyNames, ",") != "a,b" {
		t.Fatalf("ListRolePolicies = %v", l.PolicyNames)
	}
	_, err := f.client.GetRolePolicy(bg, &awsiam.GetRolePolicyInput{RoleName: aws.String("r"), PolicyName: aws.String("zz")})
	wantCode(t, err, "NoSuchEntity")
	_, err = f.client.DeleteRolePolicy(bg, &awsiam.DeleteRolePolicyInput{RoleName: aws.String("r"), PolicyName: aws.String("zz")})
	wantCode(t, err, "NoSuchEntity")
	_, err = f.client.PutRolePolicy(bg, &awsiam.PutRolePolicyInput{RoleName: aws.String("r"), PolicyName: aws.String("bad"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}`)})
	wantCode(t, err, "MalformedPolicyDocument")
	big := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::` + strings.Repeat("b", 5500) + `"}]}`
	must[*awsiam.PutRolePolicyOutput](t)(f.client.PutRolePolicy(bg, &awsiam.PutRolePolicyInput{RoleName: aws.String("r"), PolicyName: aws.String("big1"), PolicyDocument: aws.String(big)}))
	_, err = f.client.PutRolePolicy(bg, &awsiam.PutRolePolicyInput{RoleName: aws.String("r"), PolicyName: aws.String("big2"), PolicyDocument: aws.String(big)})
	wantCode(t, err, "LimitExceeded")
	// Replacing a policy counts its new size, not both.
	must[*awsiam.PutRolePolicyOutput](t)(f.client.PutRolePolicy(bg, &awsiam.PutRolePolicyInput{RoleName: aws.String("r"), PolicyName: aws.String("big1"), PolicyDocument: aws.String(big)}))
}

func TestPolicyTags(t *testing.T) {
	f := newFixture(t)
	arn := aws.String(createPolicy(t, f, "p", allowS3))
	must[*awsiam.TagPolicyOutput](t)(f.client.TagPolicy(bg, &awsiam.TagPolicyInput{PolicyArn: arn, Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}}))
	if tags := must[*awsiam.ListPolicyTagsOutput](t)(f.client.ListPolicyTags(bg, &awsiam.ListPolicyTagsInput{PolicyArn: arn})).Tags; len(tags) != 1 {
		t.Fatalf("tags = %v", tags)
	}
	must[*awsiam.UntagPolicyOutput](t)(f.client.UntagPolicy(bg, &awsiam.UntagPolicyInput{PolicyArn: arn, TagKeys: []string{"K"}}))
	if tags := must[*awsiam.ListPolicyTagsOutput](t)(f.client.ListPolicyTags(bg, &awsiam.ListPolicyTagsInput{PolicyArn: arn})).Tags; len(tags) != 0 {
		t.Fatalf("tags after untag = %v", tags)
	}
}
