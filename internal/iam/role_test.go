package iam

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

var reRoleID = regexp.MustCompile(`^AROA[A-Z2-7]{17}$`)

func TestCreateAndGetRole(t *testing.T) {
	f := newFixture(t)
	out := must[*awsiam.CreateRoleOutput](t)(f.client.CreateRole(bg, &awsiam.CreateRoleInput{
		RoleName: aws.String("deploy"), Path: aws.String("/app/"), AssumeRolePolicyDocument: aws.String(trustEC2),
		Description: aws.String("deploys the app"), MaxSessionDuration: aws.Int32(7200),
		Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("platform")}},
	}))
	r := out.Role
	if *r.Arn != "arn:aws:iam::000000000000:role/app/deploy" || *r.Path != "/app/" || !reRoleID.MatchString(*r.RoleId) {
		t.Fatalf("created role = %s %s %s", *r.Arn, *r.Path, *r.RoleId)
	}
	if decode(t, r.AssumeRolePolicyDocument) != trustEC2 || r.CreateDate == nil || len(r.Tags) != 1 {
		t.Fatalf("created role document/date/tags = %v %v %v", *r.AssumeRolePolicyDocument, r.CreateDate, r.Tags)
	}
	// Role names are case-insensitive: lookups find the role in any case.
	got := must[*awsiam.GetRoleOutput](t)(f.client.GetRole(bg, &awsiam.GetRoleInput{RoleName: aws.String("DEPLOY")})).Role
	if *got.RoleId != *r.RoleId || *got.RoleName != "deploy" || *got.Description != "deploys the app" || *got.MaxSessionDuration != 7200 {
		t.Fatalf("GetRole = %+v", got)
	}
	if got.RoleLastUsed == nil || len(got.Tags) != 1 || *got.Tags[0].Value != "platform" {
		t.Fatalf("GetRole last used/tags = %v %v", got.RoleLastUsed, got.Tags)
	}
	// Defaults: path "/", one-hour sessions.
	d := must[*awsiam.CreateRoleOutput](t)(f.client.CreateRole(bg, &awsiam.CreateRoleInput{RoleName: aws.String("plain"), AssumeRolePolicyDocument: aws.String(trustEC2)})).Role
	if *d.Path != "/" || *d.Arn != "arn:aws:iam::000000000000:role/plain" || *d.MaxSessionDuration != 3600 {
		t.Fatalf("defaults = %s %s %d", *d.Path, *d.Arn, *d.MaxSessionDuration)
	}
}

func TestCreateRoleErrors(t *testing.T) {
	f := newFixture(t)
	must[*awsiam.CreateRoleOutput](t)(f.client.CreateRole(bg, &awsiam.CreateRoleInput{RoleName: aws.String("taken"), AssumeRolePolicyDocument: aws.String(trustEC2)}))
	long := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"` + strings.Repeat("a", 2100) + `"},"Action":"sts:AssumeRole"}]}`
	cases := []struct {
		name, role, path, doc string
		session               int32
		code, msg             string
	}{
		{"name taken", "taken", "", trustEC2, 0, "EntityAlreadyExists", "Role with name taken already exists."},
		{"name taken in other case", "TAKEN", "", trustEC2, 0, "EntityAlreadyExists", "Role with name TAKEN already exists."},
		{"bad name", "bad name", "", trustEC2, 0, "ValidationError", "Member must satisfy regular expression pattern: [\\w+=,.@-]+"},
		{"name too long", strings.Repeat("r", 65), "", trustEC2, 0, "ValidationError", "Member must have length less than or equal to 64"},
		{"path without slashes", "p", "app", trustEC2, 0, "ValidationError", "The specified value for path is invalid."},
		{"session too short", "s", "", trustEC2, 100, "ValidationError", "Member must have value greater than or equal to 3600"},
		{"session too long", "s", "", trustEC2, 50000, "ValidationError", "Member must have value less than or equal to 43200"},
		{"not json", "m", "", `{"Version":`, 0, "MalformedPolicyDocument", "Syntax errors in policy."},
		{"no principal", "m", "", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}`, 0, "MalformedPolicyDocument", ""},
		{"resource in trust policy", "m", "", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Resource":"*"}]}`, 0, "MalformedPolicyDocument", "Has prohibited field Resource"},
		{"non-sts action", "m", "", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"s3:GetObject"}]}`, 0, "MalformedPolicyDocument", "AssumeRole policy may only specify STS AssumeRole actions."},
		{"bad effect", "m", "", `{"Version":"2012-10-17","Statement":[{"Effect":"allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`, 0, "MalformedPolicyDocument", ""},
		{"trust policy too large", "m", "", long, 0, "LimitExceeded", "Cannot exceed quota for ACLSizePerRole: 2048"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := &awsiam.CreateRoleInput{RoleName: aws.String(tc.role), AssumeRolePolicyDocument: aws.String(tc.doc)}
			if tc.path != "" {
				in.Path = aws.String(tc.path)
			}
			if tc.session != 0 {
				in.MaxSessionDuration = aws.Int32(tc.session)
			}
			_, err := f.client.CreateRole(bg, in)
			wantCode(t, err, tc.code)
			if !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("message %q does not contain %q", err, tc.msg)
			}
		})
	}
}

// The SDKs and the CLI check required members before sending; berth must
// still refuse a request without them, as IAM does.
func TestMissingRequiredMembers(t *testing.T) {
	f := newFixture(t)
	status, body := f.raw(t, url.Values{"Action": {"CreateRole"}, "AssumeRolePolicyDocument": {trustEC2}})
	if status != 400 || !strings.Contains(body, "<Code>ValidationError</Code>") ||
		!strings.Contains(body, "Value null at &#39;roleName&#39; failed to satisfy constraint: Member must not be null") {
		t.Fatalf("CreateRole without RoleName = %d %s", status, body)
	}
	status, body = f.raw(t, url.Values{"Action": {"GetRole"}})
	if status != 400 || !strings.Contains(body, "ValidationError") {
		t.Fatalf("GetRole without RoleName = %d %s", status, body)
	}
}

func TestNoSuchRoleIs404(t *testing.T) {
	f := newFixture(t)
	status, body := f.raw(t, url.Values{"Action": {"GetRole"}, "RoleName": {"ghost"}})
	if status != 404 || !strings.Contains(body, "<Code>NoSuchEntity</Code>") || !strings.Contains(body, "The role with name ghost cannot be found.") {
		t.Fatalf("GetRole ghost = %d %s", status, body)
	}
	for name, call := range map[string]func() error{
		"DeleteRole": func() error {
			_, err := f.client.DeleteRole(bg, &awsiam.DeleteRoleInput{RoleName: aws.String("ghost")})
			return err
		},
		"UpdateRole": func() error {
			_, err := f.client.UpdateRole(bg, &awsiam.UpdateRoleInput{RoleName: aws.String("ghost")})
			return err
		},
		"TagRole": func() error {
			_, err := f.client.TagRole(bg, &awsiam.TagRoleInput{RoleName: aws.String("ghost"), Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}})
			return err
		},
		"ListRoleTags": func() error {
			_, err := f.client.ListRoleTags(bg, &awsiam.ListRoleTagsInput{RoleName: aws.String("ghost")})
			return err
		},
		"PutRolePolicy": func() error {
			_, err := f.client.PutRolePolicy(bg, &awsiam.PutRolePolicyInput{RoleName: aws.String("ghost"), PolicyName: aws.String("p"), PolicyDocument: aws.String(allowS3)})
			return err
		},
		"ListRolePolicy": func() error {
			_, err := f.client.ListRolePolicies(bg, &awsiam.ListRolePoliciesInput{RoleName: aws.String("ghost")})
			return err
		},
	} {
		if err := call(); code(err) != "NoSuchEntity" {
			t.Errorf("%s on missing role: %v", name, err)
		}
	}
}

func TestListRolesPagingAndPathPrefix(t *testing.T) {
	f := newFixture(t)
	for _, r := range []struct{ name, path string }{{"a", "/"}, {"b", "/app/"}, {"c", "/app/"}, {"d", "/app/x/"}, {"e", "/other/"}} {
		must[*awsiam.CreateRoleOutput](t)(f.client.CreateRole(bg, &awsiam.CreateRoleInput{RoleName: aws.String(r.name), Path: aws.String(r.path), AssumeRolePolicyDocument: aws.String(trustEC2)}))
	}
	first := must[*awsiam.ListRolesOutput](t)(f.client.ListRoles(bg, &awsiam.ListRolesInput{MaxItems: aws.Int32(2)}))
	if !first.IsTruncated || first.Marker == nil || len(first.Roles) != 2 || *first.Roles[0].RoleName != "a" {
		t.Fatalf("first page = %d roles, truncated %v", len(first.Roles), first.IsTruncated)
	}
	// List operations leave out tags, boundary and last use.
	if first.Roles[0].RoleLastUsed != nil || first.Roles[0].AssumeRolePolicyDocument == nil {
		t.Fatalf("list view = %+v", first.Roles[0])
	}
	var names []string
	p := awsiam.NewListRolesPaginator(f.client, &awsiam.ListRolesInput{MaxItems: aws.Int32(2)})
	for p.HasMorePages() {
		for _, r := range must[*awsiam.ListRolesOutput](t)(p.NextPage(bg)).Roles {
			names = append(names, *r.RoleName)
		}
	}
	if strings.Join(names, ",") != "a,b,c,d,e" {
		t.Fatalf("paged roles = %v", names)
	}
	app := must[*awsiam.ListRolesOutput](t)(f.client.ListRoles(bg, &awsiam.ListRolesInput{PathPrefix: aws.String("/app/")}))
	if len(app.Roles) != 3 || app.IsTruncated {
		t.Fatalf("PathPrefix /app/ = %d roles", len(app.Roles))
	}
	_, err := f.client.ListRoles(bg, &awsiam.ListRolesInput{Marker: aws.String("!!not-a-marker")})
	wantCode(t, err, "ValidationError")
	_, err = f.client.ListRoles(bg, &awsiam.ListRolesInput{MaxItems: aws.Int32(1001)})
	wantCode(t, err, "ValidationError")
}

func TestDeleteRoleConflicts(t *testing.T) {
	f := newFixture(t)
	must[*awsiam.CreateRoleOutput](t)(f.client.CreateRole(bg, &awsiam.CreateRoleInput{RoleName: aws.String("r"), AssumeRolePolicyDocument: aws.String(trustEC2)}))
	arn := *must[*awsiam.CreatePolicyOutput](t)(f.client.CreatePolicy(bg, &awsiam.CreatePolicyInput{PolicyName: aws.String("p"), PolicyDocument: aws.String(allowS3)})).Policy.Arn
	must[*awsiam.AttachRolePolicyOutput](t)(f.client.AttachRolePolicy(bg, &awsiam.AttachRolePolicyInput{RoleName: aws.String("r"), PolicyArn: &arn}))
	must[*awsiam.PutRolePolicyOutput](t)(f.client.PutRolePolicy(bg, &awsiam.PutRolePolicyInput{RoleName: aws.String("r"), PolicyName: aws.String("inline"), PolicyDocument: aws.String(allowS3)}))

	_, err := f.client.DeleteRole(bg, &awsiam.DeleteRoleInput{RoleName: aws.String("r")})
	wantCode(t, err, "DeleteConflict")
	if !strings.Contains(err.Error(), "Cannot delete entity, must detach all policies first.") {
		t.Fatal(err)
	}
	must[*awsiam.DetachRolePolicyOutput](t)(f.client.DetachRolePolicy(bg, &awsiam.DetachRolePolicyInput{RoleName: aws.String("r"), PolicyArn: &arn}))
	_, err = f.client.DeleteRole(bg, &awsiam.DeleteRoleInput{RoleName: aws.String("r")})
	wantCode(t, err, "DeleteConflict")
	if !strings.Contains(err.Error(), "Cannot delete entity, must delete policies first.") {
		t.Fatal(err)
	}
	must[*awsiam.DeleteRolePolicyOutput](t)(f.client.DeleteRolePolicy(bg, &awsiam.DeleteRolePolicyInput{RoleName: aws.String("r"), PolicyName: aws.String("inline")}))
	must[*awsiam.DeleteRoleOutput](t)(f.client.DeleteRole(bg, &awsiam.DeleteRoleInput{RoleName: aws.String("r")}))
	_, err = f.client.GetRole(bg, &awsiam.GetRoleInput{RoleName: aws.String("r")})
	wantCode(t, err, "NoSuchEntity")
}

func TestUpdateRoleAndTrustPolicy(t *testing.T) {
	f := newFixture(t)
	must[*awsiam.CreateRoleOutput](t)(f.client.CreateRole(bg, &awsiam.CreateRoleInput{RoleName: aws.String("r"), AssumeRolePolicyDocument: aws.String(trustEC2)}))
	must[*awsiam.UpdateRoleOutput](t)(f.client.UpdateRole(bg, &awsiam.UpdateRoleInput{RoleName: aws.String("r"), Description: aws.String("new"), MaxSessionDuration: aws.Int32(43200)}))
	r := must[*awsiam.GetRoleOutput](t)(f.client.GetRole(bg, &awsiam.GetRoleInput{RoleName: aws.String("r")})).Role
	if *r.Description != "new" || *r.MaxSessionDuration != 43200 {
		t.Fatalf("after UpdateRole: %q %d", *r.Description, *r.MaxSessionDuration)
	}
	_, err := f.client.UpdateRole(bg, &awsiam.UpdateRoleInput{RoleName: aws.String("r"), MaxSessionDuration: aws.Int32(43201)})
	wantCode(t, err, "ValidationError")
	d := must[*awsiam.UpdateRoleDescriptionOutput](t)(f.client.UpdateRoleDescription(bg, &awsiam.UpdateRoleDescriptionInput{RoleName: aws.String("r"), Description: aws.String("newer")}))
	if *d.Role.Description != "newer" {
		t.Fatalf("UpdateRoleDescription = %q", *d.Role.Description)
	}

	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":["sts:AssumeRole","sts:TagSession"]}]}`
	must[*awsiam.UpdateAssumeRolePolicyOutput](t)(f.client.UpdateAssumeRolePolicy(bg, &awsiam.UpdateAssumeRolePolicyInput{RoleName: aws.String("r"), PolicyDocument: aws.String(trust)}))
	r = must[*awsiam.GetRoleOutput](t)(f.client.GetRole(bg, &awsiam.GetRoleInput{RoleName: aws.String("r")})).Role
	if decode(t, r.AssumeRolePolicyDocument) != trust {
		t.Fatalf("trust policy = %s", decode(t, r.AssumeRolePolicyDocument))
	}
	_, err = f.client.UpdateAssumeRolePolicy(bg, &awsiam.UpdateAssumeRolePolicyInput{RoleName: aws.String("r"), PolicyDocument: aws.String(allowS3)})
	wantCode(t, err, "MalformedPolicyDocument")
}

func TestRoleTags(t *testing.T) {
	f := newFixture(t)
	tag := func(k, v string) types.Tag { return types.Tag{Key: aws.String(k), Value: aws.String(v)} }
	must[*awsiam.CreateRoleOutput](t)(f.client.CreateRole(bg, &awsiam.CreateRoleInput{RoleName: aws.String("r"), AssumeRolePolicyDocument: aws.String(trustEC2),
		Tags: []types.Tag{tag("Team", "a")}}))
	must[*awsiam.TagRoleOutput](t)(f.client.TagRole(bg, &awsiam.TagRoleInput{RoleName: aws.String("r"), Tags: []types.Tag{tag("team", "b"), tag("env", "prod"), tag("cost", "1")}}))
	must[*awsiam.UntagRoleOutput](t)(f.client.UntagRole(bg, &awsiam.UntagRoleInput{RoleName: aws.String("r"), TagKeys: []string{"cost", "absent"}}))
	out := must[*awsiam.ListRoleTagsOutput](t)(f.client.ListRoleTags(bg, &awsiam.ListRoleTagsInput{RoleName: aws.String("r")}))
	var got []string
	for _, t := range out.Tags {
		got = append(got, *t.Key+"="+*t.Value)
	}
	if strings.Join(got, ",") != "env=prod,team=b" {
		t.Fatalf("tags = %v", got)
	}
	_, err := f.client.TagRole(bg, &awsiam.TagRoleInput{RoleName: aws.String("r"), Tags: []types.Tag{tag("x", "1"), tag("X", "2")}})
	wantCode(t, err, "InvalidInput")
	_, err = f.client.TagRole(bg, &awsiam.TagRoleInput{RoleName: aws.String("r"), Tags: []types.Tag{tag("aws:x", "1")}})
	wantCode(t, err, "InvalidInput")
	_, err = f.client.TagRole(bg, &awsiam.TagRoleInput{RoleName: aws.String("r"), Tags: []types.Tag{tag("bad|key", "1")}})
	wantCode(t, err, "ValidationError")
	var many []types.Tag
	for i := range 49 {
		many = append(many, tag("k"+strings.Repeat("x", i), "v"))
	}
	_, err = f.client.TagRole(bg, &awsiam.TagRoleInput{RoleName: aws.String("r"), Tags: many})
	wantCode(t, err, "LimitExceeded")
}
