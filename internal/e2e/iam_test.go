package e2e

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/berth-dev/berth/internal/servertest"
)

// The seed's platform, as its README states it.
const (
	iamRepo       = "acme/shop"
	iamIssuer     = "https://token.actions.githubusercontent.com"
	iamThumbprint = "6938fd4d98bab03faadb97b34396831e3780aea1"
	iamRoleARN    = "arn:aws:iam::000000000000:role/github-access"
	iamPolicyARN  = "arn:aws:iam::000000000000:policy/app_infra_manager_policy"
	iamOIDCARN    = "arn:aws:iam::000000000000:oidc-provider/token.actions.githubusercontent.com"
)

// iamSeed reads a platform document of the seed with OWNER/REPO replaced.
func iamSeed(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "seed", "platform", name))
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), "OWNER/REPO", iamRepo)
}

// sameJSON fails unless got and want are the same JSON value.
func sameJSON(t *testing.T, what string, got, want any) {
	t.Helper()
	norm := func(v any) any {
		var b []byte
		if s, ok := v.(string); ok {
			b = []byte(s)
		} else {
			b, _ = json.Marshal(v)
		}
		var out any
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatalf("%s: not JSON: %v: %s", what, err, b)
		}
		return out
	}
	if g, w := norm(got), norm(want); !reflect.DeepEqual(g, w) {
		t.Fatalf("%s differs:\n got %v\nwant %v", what, g, w)
	}
}

// urlDecoded undoes IAM's URL-encoding of documents (the CLI does it for
// its users; SDK users do it themselves).
func urlDecoded(t *testing.T, s *string) string {
	t.Helper()
	d, err := url.QueryUnescape(aws.ToString(s))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestIAMSeedPlatformSDK(t *testing.T) {
	b := servertest.Start(t)
	c := iam.NewFromConfig(b.RootConfig())
	trust, perms := iamSeed(t, "trust-policy.json"), iamSeed(t, "permissions-policy.json")

	p, err := c.CreateOpenIDConnectProvider(ctx, &iam.CreateOpenIDConnectProviderInput{Url: aws.String(iamIssuer),
		ClientIDList: []string{"sts.amazonaws.com"}, ThumbprintList: []string{iamThumbprint}})
	if err != nil || *p.OpenIDConnectProviderArn != iamOIDCARN {
		t.Fatalf("CreateOpenIDConnectProvider = %v, %v", p, err)
	}
	r, err := c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("github-access"), AssumeRolePolicyDocument: aws.String(trust)})
	if err != nil || *r.Role.Arn != iamRoleARN {
		t.Fatalf("CreateRole = %v, %v", r, err)
	}
	pol, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String("app_infra_manager_policy"), PolicyDocument: aws.String(perms)})
	if err != nil || *pol.Policy.Arn != iamPolicyARN {
		t.Fatalf("CreatePolicy = %v, %v", pol, err)
	}
	if _, err := c.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String("github-access"), PolicyArn: aws.String(iamPolicyARN)}); err != nil {
		t.Fatal(err)
	}

	gp, err := c.GetOpenIDConnectProvider(ctx, &iam.GetOpenIDConnectProviderInput{OpenIDConnectProviderArn: aws.String(iamOIDCARN)})
	if err != nil || *gp.Url != "token.actions.githubusercontent.com" || gp.ClientIDList[0] != "sts.amazonaws.com" || gp.ThumbprintList[0] != iamThumbprint {
		t.Fatalf("GetOpenIDConnectProvider = %+v, %v", gp, err)
	}
	gr, err := c.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("github-access")})
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "trust policy", urlDecoded(t, gr.Role.AssumeRolePolicyDocument), trust)
	gpol, err := c.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String(iamPolicyARN)})
	if err != nil || *gpol.Policy.AttachmentCount != 1 || *gpol.Policy.DefaultVersionId != "v1" {
		t.Fatalf("GetPolicy = %+v, %v", gpol, err)
	}
	v, err := c.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: aws.String(iamPolicyARN), VersionId: aws.String("v1")})
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "permissions policy", urlDecoded(t, v.PolicyVersion.Document), perms)
	att, err := c.ListAttachedRolePolicies(ctx, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String("github-access")})
	if err != nil || len(att.AttachedPolicies) != 1 || *att.AttachedPolicies[0].PolicyArn != iamPolicyARN {
		t.Fatalf("ListAttachedRolePolicies = %+v, %v", att, err)
	}

	simulate := func(action, resource string, ctxKeys ...string) types.EvaluationResult {
		t.Helper()
		in := &iam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String(iamRoleARN), ActionNames: []string{action}}
		if resource != "" {
			in.ResourceArns = []string{resource}
		}
		for i := 0; i+1 < len(ctxKeys); i += 2 {
			in.ContextEntries = append(in.ContextEntries, types.ContextEntry{ContextKeyName: aws.String(ctxKeys[i]),
				ContextKeyValues: []string{ctxKeys[i+1]}, ContextKeyType: types.ContextKeyTypeEnumString})
		}
		out, err := c.SimulatePrincipalPolicy(ctx, in)
		if err != nil || len(out.EvaluationResults) != 1 {
			t.Fatalf("SimulatePrincipalPolicy(%s) = %v, %v", action, out, err)
		}
		return out.EvaluationResults[0]
	}
	if r := simulate("cloudformation:CreateStack", ""); r.EvalDecision != types.PolicyEvaluationDecisionTypeAllowed ||
		*r.MatchedStatements[0].SourcePolicyId != "app_infra_manager_policy" {
		t.Fatalf("cloudformation:CreateStack = %s %+v", r.EvalDecision, r.MatchedStatements)
	}
	if r := simulate("iam:CreateRole", ""); r.EvalDecision != types.PolicyEvaluationDecisionTypeImplicitDeny {
		t.Fatalf("iam:CreateRole = %s", r.EvalDecision)
	}
	if r := simulate("iam:PassRole", "arn:aws:iam::000000000000:role/instance", "iam:PassedToService", "apprunner.amazonaws.com"); r.EvalDecision != types.PolicyEvaluationDecisionTypeAllowed {
		t.Fatalf("iam:PassRole to App Runner = %s", r.EvalDecision)
	}
	if r := simulate("iam:PassRole", "arn:aws:iam::000000000000:role/instance", "iam:PassedToService", "ecs-tasks.amazonaws.com"); r.EvalDecision != types.PolicyEvaluationDecisionTypeImplicitDeny {
		t.Fatalf("iam:PassRole to ECS = %s", r.EvalDecision)
	}
}

// awsJSON runs the AWS CLI and decodes its JSON output.
func awsJSON(t *testing.T, b *servertest.Berth, v any, args ...string) {
	t.Helper()
	r := b.AWS(nil, args...)
	if r.Code != 0 {
		t.Fatalf("aws %v: %s", args, r.Stderr)
	}
	if v != nil {
		if err := json.Unmarshal([]byte(r.Stdout), v); err != nil {
			t.Fatalf("aws %v: %v: %s", args, err, r.Stdout)
		}
	}
}

func TestIAMSeedPlatformCLI(t *testing.T) {
	b := servertest.Start(t)
	dir := t.TempDir()
	trust, perms := iamSeed(t, "trust-policy.json"), iamSeed(t, "permissions-policy.json")
	os.WriteFile(filepath.Join(dir, "trust.json"), []byte(trust), 0o644)
	os.WriteFile(filepath.Join(dir, "perms.json"), []byte(perms), 0o644)

	var created struct{ OpenIDConnectProviderArn string }
	awsJSON(t, b, &created, "iam", "create-open-id-connect-provider", "--url", iamIssuer,
		"--client-id-list", "sts.amazonaws.com", "--thumbprint-list", iamThumbprint)
	if created.OpenIDConnectProviderArn != iamOIDCARN {
		t.Fatalf("provider ARN = %s", created.OpenIDConnectProviderArn)
	}
	awsJSON(t, b, nil, "iam", "create-role", "--role-name", "github-access", "--assume-role-policy-document", "file://"+filepath.Join(dir, "trust.json"))
	awsJSON(t, b, nil, "iam", "create-policy", "--policy-name", "app_infra_manager_policy", "--policy-document", "file://"+filepath.Join(dir, "perms.json"))
	awsJSON(t, b, nil, "iam", "attach-role-policy", "--role-name", "github-access", "--policy-arn", iamPolicyARN)

	// botocore URL-decodes and parses policy documents: they come back as JSON.
	var role struct {
		Role struct {
			Arn, RoleId              string
			AssumeRolePolicyDocument any
		}
	}
	awsJSON(t, b, &role, "iam", "get-role", "--role-name", "github-access")
	if role.Role.Arn != iamRoleARN || !strings.HasPrefix(role.Role.RoleId, "AROA") {
		t.Fatalf("get-role = %+v", role.Role)
	}
	sameJSON(t, "trust policy", role.Role.AssumeRolePolicyDocument, trust)
	var version struct{ PolicyVersion struct{ Document any } }
	awsJSON(t, b, &version, "iam", "get-policy-version", "--policy-arn", iamPolicyARN, "--version-id", "v1")
	sameJSON(t, "permissions policy", version.PolicyVersion.Document, perms)
	var provider struct {
		Url            string
		ClientIDList   []string
		ThumbprintList []string
	}
	awsJSON(t, b, &provider, "iam", "get-open-id-connect-provider", "--open-id-connect-provider-arn", iamOIDCARN)
	if provider.Url != "token.actions.githubusercontent.com" || len(provider.ClientIDList) != 1 || provider.ThumbprintList[0] != iamThumbprint {
		t.Fatalf("provider = %+v", provider)
	}

	var sim struct {
		EvaluationResults []struct {
			EvalActionName, EvalDecision string
			MatchedStatements            []struct{ SourcePolicyId string }
		}
	}
	awsJSON(t, b, &sim, "iam", "simulate-principal-policy", "--policy-source-arn", iamRoleARN,
		"--action-names", "cloudformation:CreateStack", "iam:CreateRole", "iam:PassRole",
		"--context-entries", "ContextKeyName=iam:PassedToService,ContextKeyValues=apprunner.amazonaws.com,ContextKeyType=string")
	want := map[string]string{"cloudformation:CreateStack": "allowed", "iam:CreateRole": "implicitDeny", "iam:PassRole": "allowed"}
	if len(sim.EvaluationResults) != 3 {
		t.Fatalf("simulate: %+v", sim)
	}
	for _, r := range sim.EvaluationResults {
		if want[r.EvalActionName] != r.EvalDecision {
			t.Errorf("%s = %s, want %s", r.EvalActionName, r.EvalDecision, want[r.EvalActionName])
		}
	}

	// The service-linked role the seed's policy lets the role create.
	var slr struct{ Role struct{ Arn string } }
	awsJSON(t, b, &slr, "iam", "create-service-linked-role", "--aws-service-name", "apprunner.amazonaws.com")
	if slr.Role.Arn != "arn:aws:iam::000000000000:role/aws-service-role/apprunner.amazonaws.com/AWSServiceRoleForAppRunner" {
		t.Fatalf("service-linked role = %s", slr.Role.Arn)
	}
	r := b.AWS(nil, "iam", "create-service-linked-role", "--aws-service-name", "apprunner.amazonaws.com")
	wantCLIError(t, r, "InvalidInput")
	if !strings.Contains(r.Stderr, "Service role name AWSServiceRoleForAppRunner has been taken in this account, please try a different suffix.") {
		t.Fatal(r.Stderr)
	}
}

func TestIAMErrors(t *testing.T) {
	b := servertest.Start(t)
	dir := t.TempDir()
	file := func(name, body string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o644)
		return "file://" + p
	}
	trust := file("trust.json", iamSeed(t, "trust-policy.json"))
	awsJSON(t, b, nil, "iam", "create-role", "--role-name", "github-access", "--assume-role-policy-document", trust)

	wantCLIError(t, b.AWS(nil, "iam", "get-role", "--role-name", "ghost"), "NoSuchEntity")
	wantCLIError(t, b.AWS(nil, "iam", "create-role", "--role-name", "github-access", "--assume-role-policy-document", trust), "EntityAlreadyExists")
	for i, doc := range []string{
		`{"Version":"2012-10-17","Statement":[`,                                                     // syntax
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}`,       // no principal
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*"}]}`, // not an STS action
	} {
		r := b.AWS(nil, "iam", "create-role", "--role-name", fmt.Sprintf("bad%d", i), "--assume-role-policy-document", file(fmt.Sprintf("bad%d.json", i), doc))
		wantCLIError(t, r, "MalformedPolicyDocument")
	}
	for i, doc := range []string{
		`{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`,                 // managed: version
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*"}]}`,                                // no resource
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}`, // principal
	} {
		r := b.AWS(nil, "iam", "create-policy", "--policy-name", fmt.Sprintf("bad%d", i), "--policy-document", file(fmt.Sprintf("pbad%d.json", i), doc))
		wantCLIError(t, r, "MalformedPolicyDocument")
	}

	// DeleteConflict while a policy is attached; LimitExceeded on the 6th version.
	perms := file("perms.json", iamSeed(t, "permissions-policy.json"))
	awsJSON(t, b, nil, "iam", "create-policy", "--policy-name", "app_infra_manager_policy", "--policy-document", perms)
	awsJSON(t, b, nil, "iam", "attach-role-policy", "--role-name", "github-access", "--policy-arn", iamPolicyARN)
	wantCLIError(t, b.AWS(nil, "iam", "delete-role", "--role-name", "github-access"), "DeleteConflict")
	wantCLIError(t, b.AWS(nil, "iam", "delete-policy", "--policy-arn", iamPolicyARN), "DeleteConflict")
	for range 4 {
		awsJSON(t, b, nil, "iam", "create-policy-version", "--policy-arn", iamPolicyARN, "--policy-document", perms)
	}
	r := b.AWS(nil, "iam", "create-policy-version", "--policy-arn", iamPolicyARN, "--policy-document", perms)
	wantCLIError(t, r, "LimitExceeded")
	if !strings.Contains(r.Stderr, "A managed policy can have up to 5 versions.") {
		t.Fatal(r.Stderr)
	}

	// The CLI and SDKs check required members themselves; berth must too.
	status, _, body := send(t, b, rawRequest{service: "iam", body: "Action=CreateRole&Version=2010-05-08&AssumeRolePolicyDocument=%7B%7D"})
	if status != 400 || !strings.Contains(body, "<Code>ValidationError</Code>") || !strings.Contains(body, "roleName") {
		t.Fatalf("CreateRole without RoleName = %d %s", status, body)
	}
	_, err := iam.NewFromConfig(b.RootConfig()).GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("ghost")})
	wantCode(t, err, "NoSuchEntity")
}

func TestIAMPaging(t *testing.T) {
	b := servertest.Start(t)
	c := iam.NewFromConfig(b.RootConfig())
	trust := iamSeed(t, "trust-policy.json")
	for i := range 7 {
		if _, err := c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String(fmt.Sprintf("role-%d", i)), AssumeRolePolicyDocument: aws.String(trust)}); err != nil {
			t.Fatal(err)
		}
	}
	first, err := c.ListRoles(ctx, &iam.ListRolesInput{MaxItems: aws.Int32(3)})
	if err != nil || len(first.Roles) != 3 || !first.IsTruncated || first.Marker == nil {
		t.Fatalf("first page = %+v, %v", first, err)
	}
	var names []string
	pg := iam.NewListRolesPaginator(c, &iam.ListRolesInput{MaxItems: aws.Int32(3)})
	for pg.HasMorePages() {
		out, err := pg.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range out.Roles {
			names = append(names, *r.RoleName)
		}
	}
	if len(names) != 7 || names[0] != "role-0" || names[6] != "role-6" {
		t.Fatalf("SDK pages = %v", names)
	}
	// The CLI follows markers itself; --page-size makes every page small.
	var all struct{ Roles []struct{ RoleName string } }
	awsJSON(t, b, &all, "iam", "list-roles", "--page-size", "2")
	if len(all.Roles) != 7 {
		t.Fatalf("CLI paged %d roles", len(all.Roles))
	}
}

// IAM state survives a restart of the server.
func TestIAMPersists(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	b := servertest.Start(t, servertest.WithDataDir(dir))
	c := iam.NewFromConfig(b.RootConfig())
	r, err := c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("github-access"), AssumeRolePolicyDocument: aws.String(iamSeed(t, "trust-policy.json"))})
	if err != nil {
		t.Fatal(err)
	}
	b.Stop()
	b2 := servertest.Start(t, servertest.WithDataDir(dir))
	got, err := iam.NewFromConfig(b2.RootConfig()).GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("github-access")})
	if err != nil || *got.Role.RoleId != *r.Role.RoleId {
		t.Fatalf("after restart: %v, %v", got, err)
	}
}
