package console_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/berth-dev/berth/internal/servertest"
)

// TestIAMPages: root reads roles (trust summary, trust policy, attached
// and inline documents decoded), users (groups, keys without secrets)
// and groups, every document escaped.
func TestIAMPages(t *testing.T) {
	b := servertest.Start(t)
	c := iam.NewFromConfig(b.RootConfig())
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::000000000000:oidc-provider/token.actions.githubusercontent.com"},` +
		`"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:acme/web:ref:refs/heads/main"}}}]}`
	must(t, func() error {
		_, err := c.CreateRole(bg, &iam.CreateRoleInput{RoleName: aws.String("deployer"), AssumeRolePolicyDocument: aws.String(trust), Description: aws.String("CI deploys")})
		return err
	})
	script := `<script>alert("x")</script>`
	managed := `{"Version":"2012-10-17","Statement":[{"Sid":"Deploy","Effect":"Allow","Action":"apprunner:StartDeployment","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/note":"` +
		strings.ReplaceAll(script, `"`, `\"`) + ` 100% + more"}}}]}`
	var policyARN string
	must(t, func() error {
		out, err := c.CreatePolicy(bg, &iam.CreatePolicyInput{PolicyName: aws.String("deploy-web"), PolicyDocument: aws.String(managed)})
		if err == nil {
			policyARN = *out.Policy.Arn
		}
		return err
	})
	must(t, func() error {
		_, err := c.AttachRolePolicy(bg, &iam.AttachRolePolicyInput{RoleName: aws.String("deployer"), PolicyArn: aws.String(policyARN)})
		return err
	})
	must(t, func() error {
		_, err := c.PutRolePolicy(bg, &iam.PutRolePolicyInput{RoleName: aws.String("deployer"), PolicyName: aws.String("read-logs"),
			PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:GetLogEvents","Resource":"*"}]}`)})
		return err
	})
	must(t, func() error {
		_, err := c.CreateUser(bg, &iam.CreateUserInput{UserName: aws.String("carol")})
		return err
	})
	var keyID, secret string
	must(t, func() error {
		out, err := c.CreateAccessKey(bg, &iam.CreateAccessKeyInput{UserName: aws.String("carol")})
		if err == nil {
			keyID, secret = *out.AccessKey.AccessKeyId, *out.AccessKey.SecretAccessKey
		}
		return err
	})
	must(t, func() error {
		_, err := c.CreateGroup(bg, &iam.CreateGroupInput{GroupName: aws.String("platform")})
		return err
	})
	must(t, func() error {
		_, err := c.AddUserToGroup(bg, &iam.AddUserToGroupInput{GroupName: aws.String("platform"), UserName: aws.String("carol")})
		return err
	})
	must(t, func() error {
		_, err := c.AttachGroupPolicy(bg, &iam.AttachGroupPolicyInput{GroupName: aws.String("platform"), PolicyArn: aws.String(policyARN)})
		return err
	})

	br := newBrowser(t, b)
	br.signInRoot(b)
	p := br.get("/console/iam")
	wantStatus(t, p, http.StatusOK)
	wantBody(t, p, `aria-current="page">IAM</a>`, `href="/console/iam/roles/deployer"`, "Federated: arn:", "token.actions.githubusercontent.com",
		"repo:acme/web:ref:refs/heads/main", `href="/console/iam/users/carol"`, `href="/console/iam/groups/platform"`,
		`<span class="keys">1</span> <span class="key"><span class="status s-Active`)
	wantNotBody(t, p, "AccessDenied", secret)
	wantBody(t, p, `<td data-label="Users">1</td>`)

	p = br.get("/console/iam/roles/deployer")
	wantStatus(t, p, http.StatusOK)
	wantBody(t, p, "CI deploys", "arn:aws:iam::000000000000:role/deployer",
		`&#34;token.actions.githubusercontent.com:sub&#34;: &#34;repo:acme/web:ref:refs/heads/main&#34;`, // trust policy, decoded and indented
		"deploy-web", "v1", `&#34;Sid&#34;: &#34;Deploy&#34;`, `&lt;script&gt;alert(\&#34;x\&#34;)&lt;/script&gt; 100% &#43; more`,
		"read-logs", `&#34;Action&#34;: &#34;logs:GetLogEvents&#34;`)
	wantNotBody(t, p, script, "%7B", "%22", "AccessDenied")

	p = br.get("/console/iam/users/carol")
	wantStatus(t, p, http.StatusOK)
	wantBody(t, p, keyID, "s-Active", `href="/console/iam/groups/platform"`, "No attached policies.", "No inline policies.")
	wantNotBody(t, p, secret)

	p = br.get("/console/iam/groups/platform")
	wantStatus(t, p, http.StatusOK)
	wantBody(t, p, `<tr class="member"><td class="name"><a href="/console/iam/users/carol">carol</a>`, "deploy-web", "&lt;script&gt;")
	wantNotBody(t, p, script)

	// A deactivated key shows as Inactive.
	must(t, func() error {
		_, err := c.UpdateAccessKey(bg, &iam.UpdateAccessKeyInput{UserName: aws.String("carol"), AccessKeyId: aws.String(keyID), Status: "Inactive"})
		return err
	})
	wantBody(t, br.get("/console/iam/users/carol"), keyID, "s-Inactive")

	for _, path := range []string{"/console/iam/roles/nope", "/console/iam/users/nope", "/console/iam/groups/nope"} {
		p = br.get(path)
		wantStatus(t, p, http.StatusNotFound)
		wantBody(t, p, "NoSuchEntity", "nope")
	}
}

// TestIAMAccessDenied: a role session without iam:List* sees IAM's
// AccessDenied message in each table, and nothing else.
func TestIAMAccessDenied(t *testing.T) {
	b := servertest.Start(t)
	id, secret, token := roleSession(t, b, "stacks-reader", "cloudformation:DescribeStacks")
	br := newBrowser(t, b)
	br.signIn(id, secret, token)
	p := br.get("/console/iam")
	wantStatus(t, p, http.StatusOK)
	wantBody(t, p, "<strong>AccessDenied</strong>",
		"User: arn:aws:sts::000000000000:assumed-role/stacks-reader/alice is not authorized to perform: iam:ListRoles",
		"iam:ListUsers", "iam:ListGroups")
	wantNotBody(t, p, `href="/console/iam/roles/stacks-reader"`)
	p = br.get("/console/iam/roles/stacks-reader")
	wantStatus(t, p, http.StatusOK)
	wantBody(t, p, "<strong>AccessDenied</strong>", "iam:GetRole")
	wantNotBody(t, p, "Trust policy")
}

// TestIAMEmptyStates: a berth with no users or groups says so.
func TestIAMEmptyStates(t *testing.T) {
	b := servertest.Start(t)
	br := newBrowser(t, b)
	br.signInRoot(b)
	p := br.get("/console/iam")
	wantStatus(t, p, http.StatusOK)
	wantBody(t, p, "No users yet.", "No groups yet.")
}

func must(t *testing.T, f func() error) {
	t.Helper()
	if err := f(); err != nil {
		t.Fatal(err)
	}
}
